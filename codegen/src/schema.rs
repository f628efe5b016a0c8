//! The description read into a small type language both renderers share:
//! the JSON Schema shapes the core's serde types produce, and nothing more.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

/// A type as it crosses the boundary (JSON).
#[derive(Debug, Clone, PartialEq)]
pub enum Ty {
    String,
    /// `yyyy-mm-dd`.
    Date,
    /// RFC 3339.
    DateTime,
    Int,
    Bool,
    /// Anything (raw JSON kept as received).
    Any,
    Null,
    Optional(Box<Ty>),
    List(Box<Ty>),
    Map(Box<Ty>),
    /// A named definition.
    Ref(String),
}

#[derive(Debug, Clone)]
pub struct Field {
    pub name: String,
    pub ty: Ty,
    pub required: bool,
    pub doc: String,
}

#[derive(Debug, Clone)]
pub enum Def {
    Object {
        fields: Vec<Field>,
        doc: String,
    },
    /// A closed set of strings.
    Enum {
        values: Vec<String>,
        doc: String,
    },
    /// Strings Stone may extend: the known ones, and any other.
    OpenString {
        known: Vec<String>,
        doc: String,
    },
    /// `{"kind": ..., "data": ...}` by kind.
    Tagged {
        variants: Vec<(String, Ty)>,
        doc: String,
    },
}

#[derive(Debug, Clone)]
pub struct Param {
    pub name: String,
    pub ty: Ty,
}

#[derive(Debug, Clone)]
pub struct Operation {
    pub name: String,
    /// `call`, `bytes`, `pages` or `local`.
    pub kind: String,
    pub doc: String,
    pub params: Vec<Param>,
    pub returns: Ty,
}

pub struct Surface {
    pub operations: Vec<Operation>,
    pub defs: BTreeMap<String, Def>,
    /// Definitions reachable from an operation's arguments: their optional
    /// fields may be left out by callers.
    pub inputs: BTreeSet<String>,
}

fn doc_of(v: &Value) -> String {
    v.get("description")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

pub fn ty(v: &Value) -> Ty {
    if v == &Value::Bool(true) || v.as_object().is_some_and(|o| o.is_empty()) {
        return Ty::Any;
    }
    if let Some(r) = v.get("$ref").and_then(Value::as_str) {
        return Ty::Ref(r.rsplit('/').next().unwrap_or_default().to_owned());
    }
    if let Some(any) = v.get("anyOf").and_then(Value::as_array) {
        let non_null: Vec<&Value> = any
            .iter()
            .filter(|s| s.get("type") != Some(&Value::from("null")))
            .collect();
        if non_null.len() == 1 && any.len() == 2 {
            return Ty::Optional(Box::new(ty(non_null[0])));
        }
        return Ty::Any;
    }
    let format = v.get("format").and_then(Value::as_str);
    let base = |t: &str| -> Ty {
        match (t, format) {
            ("string", Some("date")) => Ty::Date,
            ("string", Some("date-time")) => Ty::DateTime,
            ("string", _) => Ty::String,
            ("integer", _) => Ty::Int,
            ("boolean", _) => Ty::Bool,
            ("null", _) => Ty::Null,
            ("array", _) => Ty::List(Box::new(v.get("items").map_or(Ty::Any, ty))),
            ("object", _) => Ty::Map(Box::new(v.get("additionalProperties").map_or(Ty::Any, ty))),
            _ => Ty::Any,
        }
    };
    match v.get("type") {
        Some(Value::String(t)) => base(t),
        Some(Value::Array(ts)) => {
            let names: Vec<&str> = ts.iter().filter_map(Value::as_str).collect();
            match names.as_slice() {
                [t, "null"] | ["null", t] => Ty::Optional(Box::new(base(t))),
                _ => Ty::Any,
            }
        }
        _ => Ty::Any,
    }
}

fn def(v: &Value) -> Def {
    let doc = doc_of(v);
    let strings = |list: &Value| -> Vec<String> {
        list.as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|s| s.as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default()
    };
    if let Some(known) = v.get("x-known") {
        return Def::OpenString {
            known: strings(known),
            doc,
        };
    }
    if let Some(values) = v.get("enum") {
        return Def::Enum {
            values: strings(values),
            doc,
        };
    }
    if let Some(one_of) = v.get("oneOf").and_then(Value::as_array) {
        if one_of.iter().all(|s| s.get("const").is_some()) {
            return Def::Enum {
                values: one_of
                    .iter()
                    .filter_map(|s| s.get("const").and_then(Value::as_str).map(str::to_owned))
                    .collect(),
                doc,
            };
        }
        let variants = one_of
            .iter()
            .filter_map(|s| {
                let props = s.get("properties")?;
                let kind = props.get("kind")?.get("const")?.as_str()?.to_owned();
                Some((kind, props.get("data").map_or(Ty::Any, ty)))
            })
            .collect();
        return Def::Tagged { variants, doc };
    }
    let required: BTreeSet<&str> = v
        .get("required")
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let fields = v
        .get("properties")
        .and_then(Value::as_object)
        .map(|props| {
            props
                .iter()
                .map(|(name, s)| Field {
                    name: name.clone(),
                    ty: ty(s),
                    required: required.contains(name.as_str()),
                    doc: doc_of(s),
                })
                .collect()
        })
        .unwrap_or_default();
    Def::Object { fields, doc }
}

fn refs(t: &Ty, out: &mut Vec<String>) {
    match t {
        Ty::Ref(name) => out.push(name.clone()),
        Ty::Optional(t) | Ty::List(t) | Ty::Map(t) => refs(t, out),
        _ => {}
    }
}

impl Surface {
    pub fn read(description: Value) -> Surface {
        let defs: BTreeMap<String, Def> = description
            .get("definitions")
            .and_then(Value::as_object)
            .map(|d| d.iter().map(|(k, v)| (k.clone(), def(v))).collect())
            .unwrap_or_default();
        let operations: Vec<Operation> = description
            .get("operations")
            .and_then(Value::as_array)
            .map(|ops| {
                ops.iter()
                    .map(|op| {
                        let text = |k: &str| {
                            op.get(k)
                                .and_then(Value::as_str)
                                .unwrap_or_default()
                                .to_owned()
                        };
                        Operation {
                            name: text("name"),
                            kind: text("kind"),
                            doc: text("doc"),
                            params: op
                                .get("params")
                                .and_then(Value::as_array)
                                .map(|ps| {
                                    ps.iter()
                                        .map(|p| Param {
                                            name: p
                                                .get("name")
                                                .and_then(Value::as_str)
                                                .unwrap_or_default()
                                                .to_owned(),
                                            ty: p.get("schema").map_or(Ty::Any, ty),
                                        })
                                        .collect()
                                })
                                .unwrap_or_default(),
                            returns: op.get("returns").map_or(Ty::Any, ty),
                        }
                    })
                    .collect()
            })
            .unwrap_or_default();
        // Definitions reachable from arguments (and the client config).
        let mut inputs = BTreeSet::new();
        let mut todo: Vec<String> = vec!["ClientConfig".into()];
        for op in &operations {
            for p in &op.params {
                refs(&p.ty, &mut todo);
            }
        }
        while let Some(name) = todo.pop() {
            if !inputs.insert(name.clone()) {
                continue;
            }
            if let Some(Def::Object { fields, .. }) = defs.get(&name) {
                for f in fields {
                    refs(&f.ty, &mut todo);
                }
            }
        }
        Surface {
            operations,
            defs,
            inputs,
        }
    }
}

impl Operation {
    /// How many parameters come before the trailing optional ones (which
    /// every language lets a caller leave out).
    pub fn required_params(&self) -> usize {
        self.params
            .iter()
            .rposition(|p| !matches!(p.ty, Ty::Optional(_)))
            .map_or(0, |i| i + 1)
    }
}

/// A JSON name as an identifier of a language: characters that cannot be
/// in one become `_` (Stone's `payment_being_processed?`), trailing ones
/// dropped, camelCase if asked; a keyword is `escape`d.
pub fn identifier(
    name: &str,
    camel_case: bool,
    keywords: &[&str],
    escape: fn(&str) -> String,
) -> String {
    let clean: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let clean = clean.trim_end_matches('_');
    let out = if camel_case {
        camel(clean)
    } else {
        clean.to_owned()
    };
    if keywords.contains(&out.as_str()) {
        escape(&out)
    } else {
        out
    }
}

/// `create_internal_transfer` → `createInternalTransfer`.
pub fn camel(name: &str) -> String {
    let mut out = String::new();
    let mut upper = false;
    for c in name.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}
