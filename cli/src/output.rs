//! Input and output plumbing shared by the subcommands: inputs from the
//! arguments or streamed from stdin, one JSON object per line on stdout.

use std::io::{self, BufRead, BufWriter, Write};

use serde::Serialize;
use serde_json::{Map, Value};

/// Whether every input of a run was valid; decides the exit status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    AllValid,
    SomeInvalid,
}

/// Runs `each` over the inputs — the arguments if any, else every line of
/// stdin — writing one JSON line per input. Streams: memory stays constant
/// however many lines arrive.
pub fn for_each_input<F>(args: &[String], mut each: F) -> io::Result<Verdict>
where
    F: FnMut(&str) -> (bool, Value),
{
    let stdout = io::stdout();
    let mut out = BufWriter::with_capacity(64 * 1024, stdout.lock());
    let mut all_valid = true;
    let mut emit = |input: &str, out: &mut BufWriter<io::StdoutLock<'_>>| -> io::Result<()> {
        let (valid, value) = each(input);
        all_valid &= valid;
        serde_json::to_writer(&mut *out, &value)?;
        out.write_all(b"\n")
    };
    if args.is_empty() {
        let stdin = io::stdin();
        let mut reader = stdin.lock();
        let mut buf = Vec::with_capacity(256);
        loop {
            buf.clear();
            if reader.read_until(b'\n', &mut buf)? == 0 {
                break;
            }
            if buf.last() == Some(&b'\n') {
                buf.pop();
                if buf.last() == Some(&b'\r') {
                    buf.pop();
                }
            }
            // Invalid UTF-8 becomes U+FFFD, which the parsers then refuse as
            // an invalid character at its position: reported, never a crash.
            let line = String::from_utf8_lossy(&buf);
            emit(&line, &mut out)?;
        }
    } else {
        for arg in args {
            emit(arg, &mut out)?;
        }
    }
    out.flush()?;
    Ok(if all_valid {
        Verdict::AllValid
    } else {
        Verdict::SomeInvalid
    })
}

/// `{"input": ..., "valid": true, <fields of value>}`.
pub fn valid_line<T: Serialize>(input: Option<&str>, fields: &T) -> Value {
    let mut map = Map::new();
    if let Some(input) = input {
        map.insert("input".into(), input.into());
    }
    map.insert("valid".into(), true.into());
    if let Ok(Value::Object(fields)) = serde_json::to_value(fields) {
        map.extend(fields);
    }
    Value::Object(map)
}

/// `{"input": ..., "valid": false, "error": {...}}`.
pub fn invalid_line(input: Option<&str>, error: Map<String, Value>) -> Value {
    let mut map = Map::new();
    if let Some(input) = input {
        map.insert("input".into(), input.into());
    }
    map.insert("valid".into(), false.into());
    map.insert("error".into(), Value::Object(error));
    Value::Object(map)
}

/// Starts an error object with its class and human message.
pub fn error_object(class: &str, message: String) -> Map<String, Value> {
    let mut map = Map::new();
    map.insert("class".into(), class.into());
    map.insert("message".into(), message.into());
    map
}

/// Writes one JSON line outside of the input loop (used by `build`).
pub fn print_line(value: &Value) -> io::Result<()> {
    let stdout = io::stdout();
    let mut out = stdout.lock();
    serde_json::to_writer(&mut out, value)?;
    out.write_all(b"\n")
}
