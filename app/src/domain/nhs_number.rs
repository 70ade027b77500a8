use serde::{Deserialize, Serialize};
use std::fmt;

/// A valid NHS number: ten digits whose last is the mod-11 check digit of the first nine.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct NhsNumber([u8; 10]);

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum NhsNumberError {
    #[error("An NHS number has 10 digits")]
    WrongLength,
    #[error("An NHS number contains only digits (spaces are allowed)")]
    NotDigits,
    #[error("This is not a valid NHS number: the check digit does not match")]
    CheckDigitMismatch,
}

impl NhsNumber {
    /// Accepts `9434765919` or `943 476 5919` (spaces and hyphens as people type them).
    pub fn parse(input: &str) -> Result<Self, NhsNumberError> {
        let mut digits = [0u8; 10];
        let mut count = 0;
        for ch in input.trim().chars() {
            match ch {
                ' ' | '-' => continue,
                '0'..='9' => {
                    if count == 10 {
                        return Err(NhsNumberError::WrongLength);
                    }
                    digits[count] = ch as u8 - b'0';
                    count += 1;
                }
                _ => return Err(NhsNumberError::NotDigits),
            }
        }
        if count != 10 {
            return Err(NhsNumberError::WrongLength);
        }
        match check_digit(&digits[..9]) {
            Some(check) if check == digits[9] => Ok(Self(digits)),
            _ => Err(NhsNumberError::CheckDigitMismatch),
        }
    }

    /// The ten digits with no spaces, as stored.
    pub fn digits(&self) -> String {
        self.0.iter().map(|d| char::from(b'0' + d)).collect()
    }

    /// Builds a valid number from nine digits by appending their check digit, or `None`
    /// when those nine digits have no valid check digit (remainder gives 10).
    pub fn from_first_nine(first_nine: [u8; 9]) -> Option<Self> {
        let check = check_digit(&first_nine)?;
        let mut digits = [0u8; 10];
        digits[..9].copy_from_slice(&first_nine);
        digits[9] = check;
        Some(Self(digits))
    }
}

/// Weights 10..2 on the first nine digits; check = 11 − (sum mod 11); 11 → 0; 10 → invalid.
fn check_digit(first_nine: &[u8]) -> Option<u8> {
    let sum: u32 = first_nine.iter().zip((2..=10).rev()).map(|(d, w)| u32::from(*d) * w).sum();
    match 11 - (sum % 11) {
        11 => Some(0),
        10 => None,
        check => u8::try_from(check).ok(),
    }
}

impl fmt::Display for NhsNumber {
    /// The NHS display convention: `943 476 5919`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = self.digits();
        write!(f, "{} {} {}", &d[0..3], &d[3..6], &d[6..10])
    }
}

impl TryFrom<String> for NhsNumber {
    type Error = NhsNumberError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<NhsNumber> for String {
    fn from(value: NhsNumber) -> Self {
        value.digits()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn a_valid_nhs_number_is_accepted_and_displayed_in_groups() {
        let n = NhsNumber::parse("9434765919").expect("valid");
        assert_eq!(n.to_string(), "943 476 5919");
        assert_eq!(n.digits(), "9434765919");
    }

    #[test]
    fn spaces_and_hyphens_typed_by_people_are_accepted() {
        assert!(NhsNumber::parse(" 943 476 5919 ").is_ok());
        assert!(NhsNumber::parse("943-476-5919").is_ok());
    }

    #[test]
    fn a_wrong_check_digit_is_rejected() {
        assert_eq!(NhsNumber::parse("9434765918"), Err(NhsNumberError::CheckDigitMismatch));
    }

    #[test]
    fn nhs_number_whose_check_digit_would_be_10_is_rejected() {
        // 100000001: 1·10 + 1·2 = 12; 12 mod 11 = 1; 11 − 1 = 10, so no tenth digit is valid.
        for last in 0..=9 {
            assert_eq!(
                NhsNumber::parse(&format!("100000001{last}")),
                Err(NhsNumberError::CheckDigitMismatch)
            );
        }
        assert_eq!(NhsNumber::from_first_nine([1, 0, 0, 0, 0, 0, 0, 0, 1]), None);
    }

    #[test]
    fn check_digit_11_becomes_0() {
        // 000000000 sums to 0 → 11 − 0 = 11 → 0.
        assert!(NhsNumber::parse("0000000000").is_ok());
    }

    #[test]
    fn wrong_lengths_and_letters_are_rejected_with_a_clear_reason() {
        assert_eq!(NhsNumber::parse("943476591"), Err(NhsNumberError::WrongLength));
        assert_eq!(NhsNumber::parse("94347659190"), Err(NhsNumberError::WrongLength));
        assert_eq!(NhsNumber::parse("94347659A9"), Err(NhsNumberError::NotDigits));
        assert_eq!(NhsNumber::parse(""), Err(NhsNumberError::WrongLength));
    }

    proptest! {
        #[test]
        fn every_number_built_from_nine_digits_parses_back(first in proptest::array::uniform9(0u8..10)) {
            if let Some(n) = NhsNumber::from_first_nine(first) {
                prop_assert_eq!(NhsNumber::parse(&n.to_string()), Ok(n));
                prop_assert_eq!(NhsNumber::parse(&n.digits()), Ok(n));
            }
        }

        #[test]
        fn changing_one_digit_of_a_valid_number_makes_it_invalid(
            first in proptest::array::uniform9(0u8..10), pos in 0usize..10, delta in 1u8..10
        ) {
            if let Some(n) = NhsNumber::from_first_nine(first) {
                let mut d: Vec<u8> = n.digits().bytes().map(|b| b - b'0').collect();
                d[pos] = (d[pos] + delta) % 10;
                let s: String = d.iter().map(|x| char::from(b'0' + x)).collect();
                prop_assert!(NhsNumber::parse(&s).is_err());
            }
        }

        #[test]
        fn arbitrary_text_never_panics(s in ".{0,30}") {
            let _ = NhsNumber::parse(&s);
        }
    }
}
