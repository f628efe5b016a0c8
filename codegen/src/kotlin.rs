//! Kotlin: a data class per model (`fromJson` from org.json, which Android
//! ships and the JVM package depends on; inputs also `toJson`), an enum
//! class per closed set, a sealed interface with an `Unknown` case per
//! status Stone may extend, and the abstract `Operations` class whose
//! `suspend fun`s (and `Flow`s for lists) `StoneClient` inherits. Property
//! and parameter names are camelCase; the JSON keys stay Stone's.

use std::fmt::Write;

use crate::schema::{Def, Surface, Ty};

const KEYWORDS: &[&str] = &[
    "as",
    "break",
    "class",
    "continue",
    "do",
    "else",
    "false",
    "for",
    "fun",
    "if",
    "in",
    "interface",
    "is",
    "null",
    "object",
    "package",
    "return",
    "super",
    "this",
    "throw",
    "true",
    "try",
    "typealias",
    "typeof",
    "val",
    "var",
    "when",
    "while",
];

/// A JSON name as a Kotlin identifier (camelCase, `?` dropped, keywords quoted).
pub fn ident(name: &str) -> String {
    crate::schema::identifier(name, true, KEYWORDS, |k| format!("`{k}`"))
}

/// `bill_of_exchange`, `DELAYED_TO_NEXT_BUSINESS_DAY` → `BillOfExchange`, `DelayedToNextBusinessDay`.
pub fn pascal(value: &str) -> String {
    let mut out = String::new();
    for part in value
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|p| !p.is_empty())
    {
        let lower = part.to_ascii_lowercase();
        let mut chars = lower.chars();
        if let Some(first) = chars.next() {
            out.extend(first.to_uppercase());
            out.extend(chars);
        }
    }
    if out.chars().next().is_some_and(|c| c.is_ascii_digit()) {
        out.insert(0, 'V');
    }
    out
}

fn kt(t: &Ty) -> String {
    match t {
        Ty::String => "String".into(),
        Ty::Date => "LocalDate".into(),
        Ty::DateTime => "OffsetDateTime".into(),
        Ty::Int => "Long".into(),
        Ty::Bool => "Boolean".into(),
        Ty::Any | Ty::Null => "Any?".into(),
        Ty::Optional(t) => match **t {
            Ty::Any | Ty::Null => "Any?".into(),
            _ => format!("{}?", kt(t)),
        },
        Ty::List(t) => format!("List<{}>", kt(t)),
        Ty::Map(t) => format!("Map<String, {}>", kt(t)),
        Ty::Ref(name) => name.clone(),
    }
}

/// An expression decoding the JSON value `v` (an org.json value) as `t`.
fn dec(s: &Surface, t: &Ty, v: &str, depth: usize) -> String {
    match t {
        Ty::String => format!("({v} as String)"),
        Ty::Int => format!("({v} as Number).toLong()"),
        Ty::Bool => format!("({v} as Boolean)"),
        Ty::Date => format!("parseDate({v} as String)"),
        Ty::DateTime => format!("parseDateTime({v} as String)"),
        Ty::Any | Ty::Null => format!("plain({v})"),
        Ty::Optional(inner) => {
            let x = format!("x{depth}");
            format!(
                "nonNull({v})?.let {{ {x} -> {} }}",
                dec(s, inner, &x, depth + 1)
            )
        }
        Ty::List(inner) => {
            let (a, i) = (format!("a{depth}"), format!("i{depth}"));
            format!(
                "({v} as JSONArray).let {{ {a} -> List({a}.length()) {{ {i} -> {} }} }}",
                dec(s, inner, &format!("{a}.get({i})"), depth + 1)
            )
        }
        Ty::Map(inner) => {
            let (m, k) = (format!("m{depth}"), format!("k{depth}"));
            format!(
                "({v} as JSONObject).let {{ {m} -> {m}.keySet().associateWith {{ {k} -> {} }} }}",
                dec(s, inner, &format!("{m}.get({k})"), depth + 1)
            )
        }
        Ty::Ref(name) => match s.defs.get(name) {
            Some(Def::Enum { .. } | Def::OpenString { .. }) => format!("{name}.of({v} as String)"),
            _ => format!("{name}.fromJson({v} as JSONObject)"),
        },
    }
}

/// An expression encoding the Kotlin value `v` of `t` for org.json.
fn enc(s: &Surface, t: &Ty, v: &str, depth: usize) -> String {
    match t {
        Ty::String | Ty::Int | Ty::Bool => v.to_owned(),
        Ty::Date | Ty::DateTime => format!("{v}.toString()"),
        Ty::Any | Ty::Null => format!("({v} ?: JSONObject.NULL)"),
        Ty::Optional(inner) => {
            let x = format!("x{depth}");
            format!(
                "({v}?.let {{ {x} -> {} }} ?: JSONObject.NULL)",
                enc(s, inner, &x, depth + 1)
            )
        }
        Ty::List(inner) => {
            let x = format!("x{depth}");
            format!(
                "JSONArray({v}.map {{ {x} -> {} }})",
                enc(s, inner, &x, depth + 1)
            )
        }
        Ty::Map(inner) => {
            let x = format!("x{depth}");
            format!(
                "JSONObject({v}.mapValues {{ ({x}) -> {} }})",
                enc(s, &inner.clone(), &format!("{x}.value"), depth + 1)
            )
            .replace(&format!("({x}) ->"), &format!("{x} ->"))
        }
        Ty::Ref(name) => match s.defs.get(name) {
            Some(Def::Enum { .. } | Def::OpenString { .. }) => format!("{v}.value"),
            _ => format!("{v}.toJson()"),
        },
    }
}

fn kdoc(out: &mut String, indent: &str, text: &str) {
    if !text.is_empty() {
        let _ = writeln!(out, "{indent}/** {} */", text.replace("*/", "* /"));
    }
}

const HEADER: &str = "// Generated by stone-codegen from the core's list of operations\n\
// (core/src/client/surface.rs). Do not edit: rebuild.\n\
@file:Suppress(\"RedundantVisibilityModifier\", \"unused\", \"UNUSED_ANONYMOUS_PARAMETER\")\n\n\
package com.stoneopenbank\n\n";

fn models(s: &Surface) -> String {
    let mut out = String::from(HEADER);
    out.push_str(
        "import org.json.JSONArray\nimport org.json.JSONObject\nimport java.time.LocalDate\nimport java.time.OffsetDateTime\n\n",
    );
    for (name, def) in &s.defs {
        if name == "ClientConfig" {
            continue;
        }
        match def {
            Def::Enum { values, doc } => {
                kdoc(&mut out, "", doc);
                let cases: Vec<String> = values
                    .iter()
                    .map(|v| format!("    {}({v:?})", screaming(v)))
                    .collect();
                let _ = writeln!(
                    out,
                    "public enum class {name}(public val value: String) {{\n{};\n\n    public companion object {{\n        public fun of(value: String): {name} =\n            entries.firstOrNull {{ it.value == value }} ?: throw IllegalArgumentException(\"unknown {name}: $value\")\n    }}\n}}\n",
                    cases.join(",\n")
                );
            }
            Def::OpenString { known, doc } => {
                kdoc(
                    &mut out,
                    "",
                    &format!("{doc} A value Stone adds later is `Unknown`, with its text."),
                );
                let _ = writeln!(
                    out,
                    "public sealed interface {name} {{\n    public val value: String\n"
                );
                for v in known {
                    let _ = writeln!(
                        out,
                        "    public data object {} : {name} {{ override val value: String = {v:?} }}",
                        pascal(v)
                    );
                }
                let _ = writeln!(
                    out,
                    "    public data class Unknown(override val value: String) : {name}\n"
                );
                let _ = writeln!(out, "    public companion object {{\n        public fun of(value: String): {name} = when (value) {{");
                for v in known {
                    let _ = writeln!(out, "            {v:?} -> {}", pascal(v));
                }
                let _ = writeln!(
                    out,
                    "            else -> Unknown(value)\n        }}\n    }}\n}}\n"
                );
            }
            Def::Tagged { variants, doc } => {
                kdoc(&mut out, "", doc);
                let _ = writeln!(out, "public sealed interface {name} {{");
                // Variants are named after the models they carry: those are
                // named in full inside the interface.
                let full = |t: &Ty| match t {
                    Ty::Ref(n) => Ty::Ref(format!("com.stoneopenbank.{n}")),
                    other => other.clone(),
                };
                for (kind, t) in variants {
                    let _ = writeln!(
                        out,
                        "    public data class {}(public val data: {}) : {name}",
                        pascal(kind),
                        kt(&full(t))
                    );
                }
                let _ = writeln!(out, "\n    public companion object {{\n        public fun fromJson(o: JSONObject): {name} {{\n            val data = o.opt(\"data\")\n            return when (o.getString(\"kind\")) {{");
                for (kind, t) in variants {
                    if matches!(t, Ty::Any) {
                        continue;
                    }
                    let d = dec(s, t, "data", 0);
                    let d = match t {
                        Ty::Ref(n) => d.replacen(n.as_str(), &format!("com.stoneopenbank.{n}"), 1),
                        _ => d,
                    };
                    let _ = writeln!(out, "                {kind:?} -> {}({d})", pascal(kind));
                }
                let other = variants
                    .iter()
                    .find(|(_, t)| matches!(t, Ty::Any))
                    .map(|(k, _)| pascal(k))
                    .unwrap_or_else(|| "Other".into());
                let _ = writeln!(out, "                else -> {other}(plain(data))\n            }}\n        }}\n    }}\n}}\n");
            }
            Def::Object { fields, doc } => {
                let input = s.inputs.contains(name);
                kdoc(&mut out, "", doc);
                let _ = writeln!(out, "public data class {name}(");
                for f in fields {
                    kdoc(&mut out, "    ", &f.doc);
                    let default = if input && !f.required {
                        match &f.ty {
                            Ty::List(_) => " = emptyList()",
                            Ty::Map(_) => " = emptyMap()",
                            _ => " = null",
                        }
                    } else {
                        ""
                    };
                    let ty = if input
                        && !f.required
                        && !matches!(f.ty, Ty::Optional(_) | Ty::List(_) | Ty::Map(_) | Ty::Any)
                    {
                        format!("{}?", kt(&f.ty))
                    } else {
                        kt(&f.ty)
                    };
                    let _ = writeln!(out, "    public val {}: {ty}{default},", ident(&f.name));
                }
                let _ = writeln!(out, ") {{");
                if input {
                    let _ = writeln!(
                        out,
                        "    public fun toJson(): JSONObject = JSONObject().apply {{"
                    );
                    for f in fields {
                        let id = ident(&f.name);
                        let nullable =
                            input && !f.required && !matches!(f.ty, Ty::List(_) | Ty::Map(_));
                        if nullable {
                            let inner = match &f.ty {
                                Ty::Optional(t) => (**t).clone(),
                                t => t.clone(),
                            };
                            let _ = writeln!(
                                out,
                                "        {id}?.let {{ put({:?}, {}) }}",
                                f.name,
                                enc(s, &inner, "it", 1)
                            );
                        } else {
                            let _ = writeln!(
                                out,
                                "        put({:?}, {})",
                                f.name,
                                enc(s, &f.ty, id.trim_matches('`'), 1)
                            );
                        }
                    }
                    out.push_str("    }\n\n");
                }
                let _ = writeln!(out, "    public companion object {{\n        public fun fromJson(o: JSONObject): {name} = {name}(");
                for f in fields {
                    let _ = writeln!(
                        out,
                        "            {} = {},",
                        ident(&f.name),
                        dec(s, &f.ty, &format!("o.opt({:?})", f.name), 0)
                    );
                }
                out.push_str("        )\n    }\n}\n\n");
            }
        }
    }
    out
}

fn operations(s: &Surface) -> String {
    let mut out = String::from(HEADER);
    out.push_str(
        "import kotlinx.coroutines.flow.Flow\nimport org.json.JSONArray\nimport org.json.JSONObject\nimport java.time.LocalDate\nimport java.time.OffsetDateTime\n\n\
         /** Every operation of the Stone API client; `StoneClient` supplies the transport. */\n\
         public abstract class Operations internal constructor() {\n\
         \x20   internal abstract suspend fun call(op: String, args: JSONObject): Any?\n\
         \x20   internal abstract suspend fun callBytes(op: String, args: JSONObject): ByteArray\n\
         \x20   internal abstract fun <T> pages(op: String, args: JSONObject, pageSize: Int, decode: (Any?) -> T): Flow<T>\n",
    );
    for op in &s.operations {
        let last_required = op.required_params();
        let mut params: Vec<String> = op
            .params
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let d = if i >= last_required { " = null" } else { "" };
                format!("{}: {}{d}", ident(&p.name), kt(&p.ty))
            })
            .collect();
        let mut args = String::from("JSONObject()");
        for p in &op.params {
            let id = ident(&p.name);
            let _ = write!(args, ".put({:?}, {})", p.name, enc(s, &p.ty, &id, 1));
        }
        out.push('\n');
        kdoc(&mut out, "    ", &op.doc);
        let name = ident(&op.name);
        match op.kind.as_str() {
            "pages" => {
                params.push("pageSize: Int = 100".into());
                let _ = writeln!(
                    out,
                    "    public fun {name}({}): Flow<{}> =\n        pages({:?}, {args}, pageSize) {{ v -> {} }}",
                    params.join(", "),
                    kt(&op.returns),
                    op.name,
                    dec(s, &op.returns, "v", 0)
                );
            }
            "bytes" => {
                let _ = writeln!(
                    out,
                    "    public suspend fun {name}({}): ByteArray = callBytes({:?}, {args})",
                    params.join(", "),
                    op.name
                );
            }
            _ => match &op.returns {
                Ty::Null => {
                    let _ = writeln!(
                        out,
                        "    public suspend fun {name}({}) {{\n        call({:?}, {args})\n    }}",
                        params.join(", "),
                        op.name
                    );
                }
                t => {
                    let _ = writeln!(
                        out,
                        "    public suspend fun {name}({}): {} {{\n        val v = call({:?}, {args})\n        return {}\n    }}",
                        params.join(", "),
                        kt(t),
                        op.name,
                        dec(s, t, "v", 0)
                    );
                }
            },
        }
    }
    out.push_str("}\n");
    out
}

/// Enum entries of closed sets as Kotlin writes them: `all_except`,
/// `PENDING_APPROVAL`, `CC` → `ALL_EXCEPT`, `PENDING_APPROVAL`, `CC`.
fn screaming(value: &str) -> String {
    value
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|p| !p.is_empty())
        .map(str::to_ascii_uppercase)
        .collect::<Vec<_>>()
        .join("_")
}

pub fn write(s: &Surface, dir: &std::path::Path) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    std::fs::write(dir.join("Models.kt"), models(s))?;
    std::fs::write(dir.join("Operations.kt"), operations(s))?;
    Ok(())
}
