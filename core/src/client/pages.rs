//! A lazy walk over a list's pages, one request per page as it is walked.
//! Two paginations: Stone's cursors (statement, transfers, payments,
//! boletos…, newest first) and the BCB's numbered pages (the standard Pix
//! API's `cob`, `cobv`, `loc`, `lotecobv` and `pix` lists), whose cursor
//! here is the next page's number, so bindings walk both the same way.

use serde::de::DeserializeOwned;

use super::transport::{decode, Method};
use super::validate::{invalid, path_id};
use super::{url, Client, Error};
use crate::models::{Page, StatementEntry};

#[derive(Debug)]
enum Style {
    /// `limit`, `after` and `cursor.after` (Stone's API).
    Cursor,
    /// `paginacao[paginaAtual]`, `paginacao[itensPorPagina]` and
    /// `parametros.paginacao`, the account in `x-stone-account-id`.
    Numbered { account_id: String },
}

#[derive(Debug)]
pub struct Pages<T> {
    client: Client,
    /// Path with any fixed query (`?account_id=...`).
    path: String,
    style: Style,
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
            style: Style::Cursor,
            after: None,
            limit: 100,
            done: false,
            invalid: path_id(field, id).err(),
            _item: std::marker::PhantomData,
        }
    }

    /// A BCB list of the account (`path` with its period and filters).
    pub(crate) fn numbered(client: &Client, account_id: &str, path: Result<String, Error>) -> Self {
        let (path, invalid) = match (path_id("account_id", account_id), path) {
            (Ok(()), Ok(path)) => (path, None),
            (Err(e), _) | (_, Err(e)) => (String::new(), Some(e)),
        };
        Pages {
            client: client.clone(),
            path,
            style: Style::Numbered {
                account_id: account_id.to_owned(),
            },
            after: None,
            limit: 100,
            done: false,
            invalid,
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

    /// One request: the page's items and the next cursor. Both styles
    /// decode the same `Page<T>` (one decoder per item type).
    async fn fetch(&self) -> Result<(Vec<T>, Option<String>), Error> {
        let sep = if self.path.contains('?') { '&' } else { '?' };
        let (path, account_id) = match &self.style {
            Style::Cursor => {
                let mut path = format!("{}{sep}limit={}", self.path, self.limit);
                if let Some(after) = &self.after {
                    // Cursors are opaque: encode them as a query value.
                    path.push_str("&after=");
                    path.push_str(&url::encode(after));
                }
                (path, None)
            }
            Style::Numbered { account_id } => {
                let number = match &self.after {
                    None => 0,
                    Some(n) => n
                        .parse::<u64>()
                        .map_err(|_| invalid("after", "a BCB list's cursor is a page number"))?,
                };
                let path = format!(
                    "{}{sep}paginacao%5BpaginaAtual%5D={number}&paginacao%5BitensPorPagina%5D={}",
                    self.path, self.limit
                );
                (path, Some(account_id.as_str()))
            }
        };
        let bytes = self
            .client
            .send_bytes_as(Method::Get, &path, None, None, account_id)
            .await?;
        let page: Page<T> = decode(&bytes)?;
        let after = match page.parametros {
            Some(p) if account_id.is_some() => {
                let next = p.paginacao.pagina_atual + 1;
                (next < p.paginacao.quantidade_de_paginas).then(|| next.to_string())
            }
            _ => page.cursor.after,
        };
        Ok((page.data, after))
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
        match self.fetch().await {
            Ok((data, after)) => {
                // A cursor that does not move would loop forever: the walk
                // ends there (the page itself is kept).
                let stuck = after.is_some() && after == self.after;
                self.after = after;
                self.done = self.after.is_none() || stuck;
                Some(Ok(data))
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
