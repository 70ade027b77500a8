//! What a clinician typed into patient search: a prison number, an NHS number or a name.

use super::{NhsNumber, PrisonNumber};

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PatientQuery {
    /// Nothing worth searching for yet.
    TooShort,
    PrisonNumber(PrisonNumber),
    NhsNumber(NhsNumber),
    /// Name words, matched typo-tolerantly.
    Name(String),
}

impl PatientQuery {
    /// A query of digits is an NHS number and must be a valid one: a mistyped NHS number gets
    /// a clear message rather than a silent "no patients found".
    pub fn parse(input: &str) -> Result<Self, String> {
        let trimmed = input.trim();
        if let Ok(p) = PrisonNumber::parse(trimmed) {
            return Ok(Self::PrisonNumber(p));
        }
        let looks_numeric = trimmed.chars().any(|c| c.is_ascii_digit())
            && trimmed.chars().all(|c| c.is_ascii_digit() || c == ' ' || c == '-');
        if looks_numeric {
            let digits = trimmed.chars().filter(char::is_ascii_digit).count();
            if digits < 10 {
                return Ok(Self::TooShort);
            }
            return NhsNumber::parse(trimmed).map(Self::NhsNumber).map_err(|e| e.to_string());
        }
        let name = trimmed.split_whitespace().collect::<Vec<_>>().join(" ");
        if name.chars().count() < 2 {
            Ok(Self::TooShort)
        } else if name.chars().count() > 100 {
            Err("That is too long for a name search.".to_owned())
        } else {
            Ok(Self::Name(name))
        }
    }

    /// For the audit trail: which kind of search, never what was typed.
    pub fn kind(&self) -> &'static str {
        match self {
            Self::TooShort => "too_short",
            Self::PrisonNumber(_) => "prison_number",
            Self::NhsNumber(_) => "nhs_number",
            Self::Name(_) => "name",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_prison_number_in_any_case_is_searched_as_a_prison_number() {
        assert!(matches!(PatientQuery::parse("a1234bc"), Ok(PatientQuery::PrisonNumber(_))));
    }

    #[test]
    fn ten_digits_are_an_nhs_number() {
        assert!(matches!(PatientQuery::parse("943 476 5919"), Ok(PatientQuery::NhsNumber(_))));
    }

    #[test]
    fn a_mistyped_nhs_number_is_reported_not_searched() {
        assert!(PatientQuery::parse("943 476 5918").is_err());
    }

    #[test]
    fn fewer_than_ten_digits_wait_for_more_typing() {
        assert_eq!(PatientQuery::parse("943 47"), Ok(PatientQuery::TooShort));
    }

    #[test]
    fn names_are_trimmed_and_their_spaces_collapsed() {
        assert_eq!(PatientQuery::parse("  john   smith "), Ok(PatientQuery::Name("john smith".into())));
    }

    #[test]
    fn a_single_letter_is_too_short_to_search() {
        assert_eq!(PatientQuery::parse("j"), Ok(PatientQuery::TooShort));
        assert_eq!(PatientQuery::parse(""), Ok(PatientQuery::TooShort));
    }
}
