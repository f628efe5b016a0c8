//! What the client authenticates with: the application's ClientID and RSA
//! private key, or an access token obtained elsewhere (a browser front end
//! whose backend holds the key). The key never appears in `Debug` output,
//! logs or errors, and `rsa` zeroizes it when dropped.

use std::fmt;

use rsa::pkcs1::DecodeRsaPrivateKey;
use rsa::pkcs8::DecodePrivateKey;
use rsa::RsaPrivateKey;

use super::Error;

/// An RSA private key (PEM, PKCS#8 `BEGIN PRIVATE KEY` or PKCS#1
/// `BEGIN RSA PRIVATE KEY`).
#[derive(Clone)]
pub struct PrivateKey(pub(crate) Box<RsaPrivateKey>);

impl PrivateKey {
    pub fn from_pem(pem: &str) -> Result<Self, Error> {
        let pem = pem.trim();
        RsaPrivateKey::from_pkcs8_pem(pem)
            .or_else(|_| RsaPrivateKey::from_pkcs1_pem(pem))
            .map(|key| PrivateKey(Box::new(key)))
            // The parser's message could quote the input: never echo it.
            .map_err(|_| Error::InvalidInput {
                field: "private_key",
                reason: "not an RSA private key in PEM (PKCS#8 or PKCS#1)".into(),
            })
    }
}

impl fmt::Debug for PrivateKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("PrivateKey(<redacted>)")
    }
}

#[derive(Clone)]
pub enum Credentials {
    /// ClientID and key: the client makes and renews its tokens.
    ClientKey { client_id: String, key: PrivateKey },
    /// A token obtained elsewhere; it is used as is and not renewed.
    AccessToken(String),
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Credentials::ClientKey { client_id, .. } => f
                .debug_struct("ClientKey")
                .field("client_id", client_id)
                .field("key", &"<redacted>")
                .finish(),
            Credentials::AccessToken(_) => f.write_str("AccessToken(<redacted>)"),
        }
    }
}
