//! User text inside SQL `LIKE` patterns: the wildcards a user types are matched literally.

/// Escapes `\\`, `%` and `_` (PostgreSQL's default `LIKE` escape character is the backslash).
pub fn like_escape(text: &str) -> String {
    text.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_")
}

#[cfg(test)]
mod tests {
    use super::like_escape;

    #[test]
    fn wildcards_typed_by_a_user_match_themselves() {
        assert_eq!(like_escape("50%_off\\"), "50\\%\\_off\\\\");
        assert_eq!(like_escape("paracetamol"), "paracetamol");
    }
}
