use serde::{Deserialize, Serialize};
use std::fmt;

/// A prison number (`A1234BC`): a letter, four digits, two letters. Kept for life.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct PrisonNumber(String);

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("A prison number is a letter, four digits and two letters, like A1234BC")]
pub struct PrisonNumberError;

impl PrisonNumber {
    /// Case-insensitive: staff type `a1234bc` as often as `A1234BC`.
    pub fn parse(input: &str) -> Result<Self, PrisonNumberError> {
        let upper = input.trim().to_ascii_uppercase();
        let b = upper.as_bytes();
        let shape_ok = b.len() == 7
            && b[0].is_ascii_uppercase()
            && b[1..5].iter().all(u8::is_ascii_digit)
            && b[5..7].iter().all(u8::is_ascii_uppercase);
        if shape_ok { Ok(Self(upper)) } else { Err(PrisonNumberError) }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for PrisonNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for PrisonNumber {
    type Error = PrisonNumberError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<PrisonNumber> for String {
    fn from(value: PrisonNumber) -> Self {
        value.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn a_prison_number_in_the_standard_shape_is_accepted() {
        assert_eq!(PrisonNumber::parse("A1234BC").map(|p| p.to_string()), Ok("A1234BC".into()));
    }

    #[test]
    fn lower_case_and_surrounding_spaces_are_normalised() {
        assert_eq!(PrisonNumber::parse(" a1234bc ").map(|p| p.to_string()), Ok("A1234BC".into()));
    }

    #[test]
    fn prison_numbers_of_the_wrong_shape_are_rejected() {
        for bad in ["", "A1234B", "A1234BCD", "11234BC", "A12X4BC", "A1234B1", "Á1234BC"] {
            assert_eq!(PrisonNumber::parse(bad), Err(PrisonNumberError), "{bad}");
        }
    }

    proptest! {
        #[test]
        fn every_string_of_the_shape_is_accepted(s in "[A-Z][0-9]{4}[A-Z]{2}") {
            prop_assert_eq!(PrisonNumber::parse(&s).map(|p| p.to_string()), Ok(s));
        }

        #[test]
        fn arbitrary_text_never_panics(s in ".{0,20}") {
            let _ = PrisonNumber::parse(&s);
        }
    }
}
