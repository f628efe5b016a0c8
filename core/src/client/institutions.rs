//! Institutions: the banks a TED can reach (SPEC §6.12).

use super::validate::digits;
use super::{Client, Error};
use crate::models::Institution;

impl Client {
    pub async fn institutions(&self) -> Result<Vec<Institution>, Error> {
        self.get("/api/v1/institutions").await
    }

    /// By COMPE number (`"341"`) or ISPB.
    pub async fn institution(&self, code: &str) -> Result<Institution, Error> {
        digits("code", code, 3..=8)?;
        self.get(&format!("/api/v1/institutions/{code}")).await
    }
}
