//! The consent flow of the OpenBank model (SPEC §3): the consent JWT the
//! application signs, the link the user opens, and the redirect Stone sends
//! back.

use std::collections::BTreeMap;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use rsa::pkcs1v15::SigningKey;
use rsa::signature::{SignatureEncoding, Signer};
use serde_json::{json, Map, Value};
use sha2::Sha256;

use super::credentials::PrivateKey;
use super::{now_secs, url, Client, Credentials, Environment, Error};

/// The consent JWT's audience, fixed by Stone.
pub const CONSENT_AUDIENCE: &str = "accounts-hubid@openbank.stone.com.br";
/// The longest life Stone accepts for a consent JWT (and its link).
pub const MAX_LIFETIME_SECS: i64 = 2 * 3600;

/// Signs the consent JWT: `redirect_uri` must be the one registered at
/// onboarding; `session_metadata` (non-empty) comes back on the redirect,
/// to recognise the user's session.
pub fn consent_jwt(
    client_id: &str,
    key: &PrivateKey,
    redirect_uri: &str,
    session_metadata: &BTreeMap<String, String>,
    now: i64,
    lifetime_secs: i64,
) -> Result<String, Error> {
    if session_metadata.is_empty() {
        return Err(Error::InvalidInput {
            field: "session_metadata",
            reason: "Stone requires at least one key".into(),
        });
    }
    if !(1..=MAX_LIFETIME_SECS).contains(&lifetime_secs) {
        return Err(Error::InvalidInput {
            field: "lifetime_secs",
            reason: format!("must be from 1 to {MAX_LIFETIME_SECS} seconds"),
        });
    }
    if redirect_uri.is_empty() {
        return Err(Error::InvalidInput {
            field: "redirect_uri",
            reason: "the URI registered at onboarding is required".into(),
        });
    }
    let metadata: Map<String, Value> = session_metadata
        .iter()
        .map(|(k, v)| (k.clone(), Value::String(v.clone())))
        .collect();
    let header = json!({"alg": "RS256", "typ": "JWT"});
    let claims = json!({
        "type": "consent",
        "client_id": client_id,
        "redirect_uri": redirect_uri,
        "session_metadata": metadata,
        "iss": client_id,
        "iat": now,
        "nbf": now,
        "exp": now + lifetime_secs,
        "aud": CONSENT_AUDIENCE,
        "jti": super::new_uuid(),
    });
    let input = format!(
        "{}.{}",
        URL_SAFE_NO_PAD.encode(header.to_string()),
        URL_SAFE_NO_PAD.encode(claims.to_string())
    );
    let signature = SigningKey::<Sha256>::new((*key.0).clone()).sign(input.as_bytes());
    Ok(format!(
        "{input}.{}",
        URL_SAFE_NO_PAD.encode(signature.to_bytes())
    ))
}

/// The page where the user grants consent, for `environment`.
pub fn consent_link(environment: &Environment, client_id: &str, jwt: &str) -> String {
    let page = match environment {
        Environment::Sandbox => "https://sandbox.conta.stone.com.br/consentimento".to_owned(),
        Environment::Production => "https://conta.stone.com.br/consentimento".to_owned(),
        Environment::Custom { accounts, .. } => format!("{accounts}/consentimento"),
    };
    format!(
        "{page}?client_id={}&jwt={}",
        url::encode(client_id),
        url::encode(jwt)
    )
}

/// What the user decided on Stone's page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConsentResult {
    /// Granted; `resource_id` names the consented account.
    Approved {
        resource_id: String,
    },
    Ignored,
    AlreadyGranted,
    /// A result this SDK does not know yet, kept as received.
    Unknown(String),
}

/// The redirect Stone sends to `redirect_uri` after the consent page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConsentRedirect {
    pub result: ConsentResult,
    /// The `session_metadata` given when the link was made.
    pub session_metadata: BTreeMap<String, String>,
}

impl ConsentResult {
    /// `approved`, `ignored`, `already_granted`, or the unknown result as received.
    pub fn as_str(&self) -> &str {
        match self {
            ConsentResult::Approved { .. } => "approved",
            ConsentResult::Ignored => "ignored",
            ConsentResult::AlreadyGranted => "already_granted",
            ConsentResult::Unknown(text) => text,
        }
    }
}

/// Flat for other languages: `{"result", "resource_id", "session_metadata"}`.
impl serde::Serialize for ConsentRedirect {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let resource_id = match &self.result {
            ConsentResult::Approved { resource_id } => Some(resource_id),
            _ => None,
        };
        let mut out = s.serialize_struct("ConsentRedirect", 3)?;
        out.serialize_field("result", self.result.as_str())?;
        out.serialize_field("resource_id", &resource_id)?;
        out.serialize_field("session_metadata", &self.session_metadata)?;
        out.end()
    }
}

#[cfg(feature = "schema")]
impl schemars::JsonSchema for ConsentRedirect {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "ConsentRedirect".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "object",
            "description": "The redirect Stone sends to redirect_uri after the consent page.",
            "properties": {
                "result": {"type": "string", "x-known": ["approved", "ignored", "already_granted"]},
                "resource_id": {"type": ["string", "null"], "description": "The consented account (approved only)."},
                "session_metadata": {"type": "object", "additionalProperties": {"type": "string"}},
            },
            "required": ["result", "resource_id", "session_metadata"],
        })
    }
}

/// Reads the redirect: a full URL or just its query string.
pub fn parse_consent_redirect(url_or_query: &str) -> Result<ConsentRedirect, Error> {
    let invalid = |reason: &str| Error::InvalidInput {
        field: "consent_redirect",
        reason: reason.to_owned(),
    };
    let query = url_or_query
        .split_once('?')
        .map_or(url_or_query, |(_, q)| q);
    let query = query.split('#').next().unwrap_or_default();
    let mut fields = BTreeMap::new();
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        let (key, value) = (
            url::decode(key).ok_or_else(|| invalid("a broken %-escape"))?,
            url::decode(value).ok_or_else(|| invalid("a broken %-escape"))?,
        );
        fields.insert(key, value);
    }
    let result = fields
        .remove("consent_result")
        .ok_or_else(|| invalid("no consent_result parameter"))?;
    let resource_id = fields.remove("resource_id");
    let result = match result.as_str() {
        "approved" => ConsentResult::Approved {
            resource_id: resource_id
                .filter(|r| !r.is_empty())
                .ok_or_else(|| invalid("an approved consent carries resource_id"))?,
        },
        "ignored" => ConsentResult::Ignored,
        "already_granted" => ConsentResult::AlreadyGranted,
        _ => ConsentResult::Unknown(result),
    };
    Ok(ConsentRedirect {
        result,
        session_metadata: fields,
    })
}

impl Client {
    /// The consent link for a user of an OpenBank platform (valid 2 hours):
    /// present it inside the application; Stone redirects the user to
    /// `redirect_uri` (read it with [`parse_consent_redirect`]).
    pub fn consent_link(
        &self,
        redirect_uri: &str,
        session_metadata: &std::collections::BTreeMap<String, String>,
    ) -> Result<String, Error> {
        let Credentials::ClientKey { client_id, key } = &self.inner.credentials else {
            return Err(Error::InvalidInput {
                field: "credentials",
                reason: "a consent JWT is signed with the application's key".into(),
            });
        };
        let jwt = consent_jwt(
            client_id,
            key,
            redirect_uri,
            session_metadata,
            now_secs(),
            MAX_LIFETIME_SECS,
        )?;
        Ok(self::consent_link(&self.inner.environment, client_id, &jwt))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redirects_of_every_outcome() {
        let approved = parse_consent_redirect(
            "https://erp.example/back?user=42&tenant=a%20b&consent_result=approved&resource_id=acc-1",
        )
        .unwrap();
        assert_eq!(
            approved.result,
            ConsentResult::Approved {
                resource_id: "acc-1".into()
            }
        );
        assert_eq!(
            approved.session_metadata.get("tenant").map(String::as_str),
            Some("a b")
        );
        assert_eq!(approved.session_metadata.len(), 2);
        assert_eq!(
            parse_consent_redirect("consent_result=ignored&user=1")
                .unwrap()
                .result,
            ConsentResult::Ignored
        );
        assert_eq!(
            parse_consent_redirect("?consent_result=already_granted")
                .unwrap()
                .result,
            ConsentResult::AlreadyGranted
        );
        assert!(matches!(
            parse_consent_redirect("consent_result=maybe")
                .unwrap()
                .result,
            ConsentResult::Unknown(_)
        ));
        assert!(parse_consent_redirect("user=1").is_err());
        assert!(parse_consent_redirect("consent_result=approved").is_err());
        assert!(parse_consent_redirect("consent_result=%ZZ").is_err());
    }

    #[test]
    fn links_per_environment() {
        let link = consent_link(&Environment::Sandbox, "id 1", "a.b.c");
        assert_eq!(
            link,
            "https://sandbox.conta.stone.com.br/consentimento?client_id=id%201&jwt=a.b.c"
        );
        assert!(consent_link(&Environment::Production, "x", "j")
            .starts_with("https://conta.stone.com.br/"));
    }
}
