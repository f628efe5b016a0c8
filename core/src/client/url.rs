//! Percent-encoding of query components (RFC 3986 unreserved characters
//! kept), and its inverse for the consent redirect.

pub fn encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Decodes `%XX` and `+` (a space in query strings); `None` for a broken
/// escape or bytes that are not UTF-8.
pub fn decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' => {
                let hex = text.get(i + 1..i + 3)?;
                out.push(u8::from_str_radix(hex, 16).ok()?);
                i += 3;
            }
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).ok()
}

/// The User-Agent as `fetch` can send it: header values there are byte
/// strings, so on wasm the characters beyond ASCII of an application's name
/// (`Integração`) go percent-encoded as UTF-8 (`Integra%C3%A7%C3%A3o`);
/// ASCII stays as is. Native clients send the name's UTF-8 bytes.
#[cfg_attr(not(any(target_arch = "wasm32", test)), allow(dead_code))]
pub fn ascii_header(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii() && !c.is_ascii_control() {
            out.push(c);
        } else {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        for text in ["abc", "a b&c=d/é", "eyJ.x-y_z~", ""] {
            assert_eq!(decode(&encode(text)).as_deref(), Some(text));
        }
        assert_eq!(decode("a+b%20c").as_deref(), Some("a b c"));
        assert_eq!(decode("%zz"), None);
        assert_eq!(decode("%4"), None);
    }

    #[test]
    fn a_header_keeps_ascii_and_encodes_the_rest() {
        assert_eq!(super::ascii_header("ERP 1.0"), "ERP 1.0");
        assert_eq!(
            super::ascii_header("Integração Açaí"),
            "Integra%C3%A7%C3%A3o A%C3%A7a%C3%AD"
        );
        assert_eq!(super::ascii_header("a\nb"), "a%0Ab");
    }
}
