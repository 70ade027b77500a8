//! The blocklist of commonly used passwords: the 10,000 most frequent from the zxcvbn password
//! frequency list (MIT licence, Copyright (c) 2016 Joshua Holmer; from leaked-password corpora).
//! Only on the server, so the browser's download stays small.

use std::collections::HashSet;
use std::sync::OnceLock;

use crate::domain::password_policy::{PasswordProblem, lookup_forms};

fn list() -> &'static HashSet<&'static str> {
    static LIST: OnceLock<HashSet<&'static str>> = OnceLock::new();
    LIST.get_or_init(|| {
        include_str!("common_passwords.txt").lines().map(str::trim).filter(|l| !l.is_empty()).collect()
    })
}

pub fn refuse_common(password: &str) -> Result<(), PasswordProblem> {
    if lookup_forms(password).iter().any(|form| list().contains(form.as_str())) {
        Err(PasswordProblem::Common)
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_passwords_are_refused_however_padded() {
        assert_eq!(refuse_common("password"), Err(PasswordProblem::Common));
        assert_eq!(refuse_common("Password!!2024!!!"), Err(PasswordProblem::Common));
        assert_eq!(refuse_common("liverpoolliverpool"), Err(PasswordProblem::Common));
        assert_eq!(refuse_common("kettle orchard lantern wing"), Ok(()));
        assert!(list().len() >= 9_900, "the bundled list is loaded: {}", list().len());
    }
}
