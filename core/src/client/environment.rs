//! Where the API and the auth server live.

/// Stone's sandbox, production, or any pair of base URLs (the local
/// sandbox is just a custom one with both equal).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Environment {
    Sandbox,
    Production,
    Custom { api: String, accounts: String },
}

impl Environment {
    /// The same base URL for both servers (the local sandbox).
    pub fn local(base_url: &str) -> Self {
        let base = base_url.trim_end_matches('/').to_owned();
        Environment::Custom {
            api: base.clone(),
            accounts: base,
        }
    }

    pub fn api_base(&self) -> &str {
        match self {
            Environment::Sandbox => "https://sandbox-api.openbank.stone.com.br",
            Environment::Production => "https://api.openbank.stone.com.br",
            Environment::Custom { api, .. } => api,
        }
    }

    fn accounts_base(&self) -> &str {
        match self {
            Environment::Sandbox => "https://sandbox-accounts.openbank.stone.com.br",
            Environment::Production => "https://accounts.openbank.stone.com.br",
            Environment::Custom { accounts, .. } => accounts,
        }
    }

    /// The realm URL: the client assertion's `aud`.
    pub fn realm_url(&self) -> String {
        format!("{}/auth/realms/stone_bank", self.accounts_base())
    }

    pub fn token_url(&self) -> String {
        format!("{}/protocol/openid-connect/token", self.realm_url())
    }
}
