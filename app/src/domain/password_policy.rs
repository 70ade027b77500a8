//! The password rule, after NIST SP 800-63B-4: long (at least 15 characters, since a password is
//! the only factor), no composition rules, anything typeable allowed (spaces and any script), and
//! refused when it is commonly used or easily guessed from context. The common-password list
//! itself lives on the server only; these shape checks run in the browser too.

pub const MIN_CHARS: usize = 15;
/// Generous, so a passphrase is never cut short; bounded, so hashing cost stays bounded.
pub const MAX_CHARS: usize = 128;

/// The longest username there is (the staff table's rule).
pub const MAX_USERNAME_CHARS: usize = 64;

/// Whether a typed username and password could belong to an account at all. Anything longer
/// than any can be is turned away before it is looked up, counted or hashed: a megabyte of
/// username must not reach an index, nor a megabyte of password a hash. `Err((field, message))`.
pub fn check_typed(username: &str, password: &str) -> Result<(), (&'static str, String)> {
    if username.trim().chars().count() > MAX_USERNAME_CHARS {
        return Err(("username", format!("No username is longer than {MAX_USERNAME_CHARS} characters.")));
    }
    if password.chars().count() > MAX_CHARS {
        return Err(("password", format!("No password is longer than {MAX_CHARS} characters.")));
    }
    Ok(())
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PasswordProblem {
    #[error(
        "Use at least {MIN_CHARS} characters. A few unrelated words make a good password that is easy to type."
    )]
    TooShort,
    #[error("Use at most {MAX_CHARS} characters.")]
    TooLong,
    #[error("Do not use your name or username in your password.")]
    ContainsYourName,
    #[error(
        "A password made of one repeated character or a simple run such as 123456… or abcdef… is too easy to guess."
    )]
    Guessable,
    #[error("That password is commonly used, so it is among the first an attacker tries. Choose another.")]
    Common,
    #[error("The new password and its confirmation are different.")]
    ConfirmationDiffers,
    #[error("Choose a password different from your current one.")]
    Unchanged,
}

/// The checks that need no list: length, the user's own names, and guessable shapes.
pub fn check_shape(password: &str, names: &[&str]) -> Result<(), PasswordProblem> {
    let chars = password.chars().count();
    if chars < MIN_CHARS {
        return Err(PasswordProblem::TooShort);
    }
    if chars > MAX_CHARS {
        return Err(PasswordProblem::TooLong);
    }
    let lower = password.to_lowercase();
    let names_in_it = names
        .iter()
        .flat_map(|n| n.split(|c: char| !c.is_alphanumeric()))
        .filter(|part| part.chars().count() >= 4)
        .any(|part| lower.contains(&part.to_lowercase()));
    if names_in_it || lower.contains("throughcare") {
        return Err(PasswordProblem::ContainsYourName);
    }
    if is_run(&lower) {
        return Err(PasswordProblem::Guessable);
    }
    Ok(())
}

/// One character throughout, or each character one more (or one less) than the one before.
fn is_run(text: &str) -> bool {
    let codes: Vec<i64> = text.chars().map(|c| i64::from(u32::from(c))).collect();
    let steps: Vec<i64> = codes.windows(2).map(|w| w[1] - w[0]).collect();
    steps.iter().all(|s| *s == 0) || steps.iter().all(|s| *s == 1) || steps.iter().all(|s| *s == -1)
}

/// The forms of a password to look up in a common-password list: as typed (lower-cased), without
/// the digits and symbols people pad with, and the repeated unit of "qwertyqwertyqwerty".
pub fn lookup_forms(password: &str) -> Vec<String> {
    let lower = password.to_lowercase();
    let core = lower.trim_matches(|c: char| !c.is_alphabetic()).to_owned();
    let mut forms = vec![lower.clone(), core.clone()];
    for text in [lower, core] {
        if let Some(unit) = repeated_unit(&text) {
            forms.push(unit);
        }
    }
    forms.retain(|f| !f.is_empty());
    forms.dedup();
    forms
}

fn repeated_unit(text: &str) -> Option<String> {
    let chars: Vec<char> = text.chars().collect();
    (1..=chars.len() / 2).find_map(|len| {
        let fits = chars.len().is_multiple_of(len) && chars.chunks(len).all(|chunk| chunk == &chars[..len]);
        fits.then(|| chars[..len].iter().collect())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_passphrase_with_no_symbols_is_fine() {
        assert_eq!(check_shape("kettle orchard lantern wing", &["nurse.lei", "Tunde Smith"]), Ok(()));
        assert_eq!(check_shape("ŵyth cant a deg o ddefaid", &[]), Ok(()), "any script, spaces allowed");
    }

    #[test]
    fn short_and_overlong_passwords_are_refused_by_characters_not_bytes() {
        assert_eq!(check_shape("Tr0ub4dor&3xyz", &[]), Err(PasswordProblem::TooShort));
        assert_eq!(check_shape(&"a b".repeat(50), &[]), Err(PasswordProblem::TooLong));
        assert_eq!(check_shape("éééééééééééééé", &[]), Err(PasswordProblem::TooShort), "14 chars, 28 bytes");
    }

    #[test]
    fn the_users_own_names_are_refused() {
        assert_eq!(
            check_shape("tunde-smith-is-on-duty", &["nurse.lei", "Tunde Smith"]),
            Err(PasswordProblem::ContainsYourName)
        );
        assert_eq!(check_shape("throughcare rocks today", &[]), Err(PasswordProblem::ContainsYourName));
    }

    #[test]
    fn runs_and_repeats_are_guessable() {
        assert_eq!(check_shape("aaaaaaaaaaaaaaaa", &[]), Err(PasswordProblem::Guessable));
        assert_eq!(check_shape("0123456789:;<=>?", &[]), Err(PasswordProblem::Guessable));
        assert_eq!(check_shape("zyxwvutsrqponmlk", &[]), Err(PasswordProblem::Guessable));
    }

    #[test]
    fn padded_and_repeated_common_passwords_are_looked_up_by_their_core() {
        assert!(lookup_forms("Password12345678!").contains(&"password".to_owned()));
        assert!(lookup_forms("qwertyqwertyqwerty").contains(&"qwerty".to_owned()));
        assert!(lookup_forms("dragon1dragon1dragon1").contains(&"dragon1".to_owned()));
    }

    #[test]
    fn a_typed_username_or_password_longer_than_any_account_can_have_is_turned_away() {
        assert!(check_typed("nurse.lei", &"p".repeat(MAX_CHARS)).is_ok());
        assert_eq!(check_typed(&"n".repeat(MAX_USERNAME_CHARS + 1), "pw").map_err(|e| e.0), Err("username"));
        assert_eq!(check_typed("nurse.lei", &"é".repeat(MAX_CHARS + 1)).map_err(|e| e.0), Err("password"));
    }
}
