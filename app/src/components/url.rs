//! Percent-encoding for the few values the app puts into its own URLs.

/// Encodes everything except unreserved characters (RFC 3986), so a value can sit in a query string.
pub fn encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for byte in value.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => out.push(char::from(byte)),
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::encode;

    #[test]
    fn reserved_characters_and_spaces_are_escaped() {
        assert_eq!(encode("/patients?q=o'neil smith"), "%2Fpatients%3Fq%3Do%27neil%20smith");
    }

    #[test]
    fn multibyte_letters_are_escaped_byte_by_byte() {
        assert_eq!(encode("é"), "%C3%A9");
    }
}
