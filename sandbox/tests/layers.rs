//! The sandbox's layers (docs/sandbox.md, "Where things go"): `domain`
//! knows nothing of HTTP or of the file it may be saved to. A domain file
//! naming axum, hyper, tower, reqwest, SQLite or a module of `http` or
//! `persist` fails this test with the offending lines.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};

/// What the domain may not name, and why it would be wrong.
const FORBIDDEN: &[(&str, &str)] = &[
    ("axum", "the web framework"),
    ("hyper", "the HTTP implementation"),
    ("tower", "HTTP middleware"),
    (
        "reqwest",
        "the HTTP client (webhook delivery is http::webhooks)",
    ),
    ("rusqlite", "the --db file (persist)"),
    ("crate::http", "the HTTP layer, which depends on the domain"),
    (
        "crate::persist",
        "the file layer, which depends on the domain",
    ),
    ("crate::start", "the server, re-exported at the crate root"),
    ("crate::Config", "the server's configuration"),
    ("crate::Sandbox", "the running server"),
];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The lines of `text` that name something forbidden (comments aside:
/// a doc may say where a thing lives).
fn offences(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let code = line.split("//").next().unwrap_or("");
        for (name, what) in FORBIDDEN {
            let hit = code.match_indices(name).any(|(i, _)| {
                let before = code[..i].chars().next_back();
                let after = code[i + name.len()..].chars().next();
                let word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
                !word(before) && !word(after)
            });
            if hit {
                found.push(format!(
                    "line {}: names {name} ({what}): {}",
                    n + 1,
                    line.trim()
                ));
            }
        }
    }
    found
}

#[test]
fn the_domain_knows_nothing_of_http_or_of_the_file() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/domain");
    let mut files = Vec::new();
    rust_files(&root, &mut files);
    files.sort();
    assert!(
        files.len() > 20,
        "the domain's files are where this test looks: {root:?}"
    );
    let mut report = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap();
        for offence in offences(&text) {
            report.push(format!(
                "{}: {offence}",
                file.strip_prefix(&root).unwrap().display()
            ));
        }
    }
    assert!(
        report.is_empty(),
        "the domain layer must not depend on HTTP or on the file:\n{}",
        report.join("\n")
    );
}

#[test]
fn the_check_sees_an_import_and_an_inline_path_but_not_a_comment() {
    let text = "use axum::Json;\nlet a = crate::http::error::status_of(c);\n// lives in crate::http\nlet axumish = 1;\n";
    let found = offences(text);
    assert_eq!(found.len(), 2, "{found:?}");
    assert!(found[0].starts_with("line 1: names axum"));
    assert!(found[1].starts_with("line 2: names crate::http"));
}
