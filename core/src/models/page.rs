//! Stone's cursor pages: `{"cursor": {"after", "before", "limit"}, "data"}`.

use serde::Deserialize;

#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
pub struct Cursor {
    #[serde(default)]
    pub after: Option<String>,
    #[serde(default)]
    pub before: Option<String>,
    #[serde(default)]
    pub limit: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Page<T> {
    #[serde(default)]
    pub cursor: Cursor,
    pub data: Vec<T>,
}
