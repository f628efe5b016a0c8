//! A lazy walk over cursor pages (statement, transfers, payments, boletos…),
//! newest first: one request per page, as it is walked.

use serde::de::DeserializeOwned;

use super::validate::path_id;
use super::{url, Client, Error};
use crate::models::{Page, StatementEntry};

#[derive(Debug)]
pub struct Pages<T> {
    client: Client,
    /// Path with any fixed query (`?account_id=...`).
    path: String,
    after: Option<String>,
    limit: u32,
    done: bool,
    invalid: Option<Error>,
    _item: std::marker::PhantomData<fn() -> T>,
}

/// The statement's pages.
pub type StatementPages = Pages<StatementEntry>;

impl<T: DeserializeOwned> Pages<T> {
    pub(crate) fn new(client: &Client, field: &'static str, id: &str, path: String) -> Self {
        Pages {
            client: client.clone(),
            path,
            after: None,
            limit: 100,
            done: false,
            invalid: path_id(field, id).err(),
            _item: std::marker::PhantomData,
        }
    }

    /// Items per request (1 to 1000; default 100).
    pub fn page_size(mut self, limit: u32) -> Self {
        self.limit = limit.clamp(1, 1000);
        self
    }

    /// Resumes a walk where a page's `after` cursor left it (bindings walk
    /// page by page across calls, holding only the cursor).
    pub fn after(mut self, cursor: Option<String>) -> Self {
        self.after = cursor;
        self
    }

    /// The cursor of the next page (`None` before the first page and after
    /// the last one).
    pub fn cursor(&self) -> Option<&str> {
        self.after.as_deref()
    }

    /// Whether the walk has reached its end.
    pub fn is_done(&self) -> bool {
        self.done
    }

    /// The next page, or `None` after the last one.
    pub async fn next_page(&mut self) -> Option<Result<Vec<T>, Error>> {
        if self.done {
            return None;
        }
        if let Some(e) = self.invalid.take() {
            self.done = true;
            return Some(Err(e));
        }
        let sep = if self.path.contains('?') { '&' } else { '?' };
        let mut path = format!("{}{sep}limit={}", self.path, self.limit);
        if let Some(after) = &self.after {
            // Cursors are opaque: encode them as a query value.
            path.push_str("&after=");
            path.push_str(&url::encode(after));
        }
        match self.client.get::<Page<T>>(&path).await {
            Ok(page) => {
                // A cursor that does not move would loop forever: the walk
                // ends there (the page itself is kept).
                let stuck = page.cursor.after.is_some() && page.cursor.after == self.after;
                self.after = page.cursor.after;
                self.done = self.after.is_none() || stuck;
                Some(Ok(page.data))
            }
            Err(e) => {
                self.done = true;
                Some(Err(e))
            }
        }
    }

    /// Every remaining item (for short lists; walk long ones page by page).
    pub async fn collect_all(mut self) -> Result<Vec<T>, Error> {
        let mut all = Vec::new();
        while let Some(page) = self.next_page().await {
            all.extend(page?);
        }
        Ok(all)
    }
}
