use serde::{Deserialize, Serialize};
use std::fmt;

/// A three-letter establishment code such as `LEI` (Leeds) or `MDI` (Moorland).
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct EstablishmentCode(String);

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("An establishment code is three letters, like LEI")]
pub struct EstablishmentCodeError;

impl EstablishmentCode {
    pub fn parse(input: &str) -> Result<Self, EstablishmentCodeError> {
        let upper = input.trim().to_ascii_uppercase();
        if upper.len() == 3 && upper.bytes().all(|b| b.is_ascii_uppercase()) {
            Ok(Self(upper))
        } else {
            Err(EstablishmentCodeError)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for EstablishmentCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for EstablishmentCode {
    type Error = EstablishmentCodeError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<EstablishmentCode> for String {
    fn from(value: EstablishmentCode) -> Self {
        value.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_three_letter_code_is_accepted_in_either_case() {
        assert_eq!(EstablishmentCode::parse("lei").map(|c| c.to_string()), Ok("LEI".into()));
    }

    #[test]
    fn codes_of_other_lengths_or_with_digits_are_rejected() {
        for bad in ["", "LE", "LEIX", "L3I", "LÉI"] {
            assert_eq!(EstablishmentCode::parse(bad), Err(EstablishmentCodeError), "{bad}");
        }
    }
}
