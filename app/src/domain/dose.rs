//! Doses and controlled-drug stock held as whole thousandths of the product's unit, so a register
//! balance never drifts the way binary floating point would (0.1 + 0.2 ≠ 0.3).

use serde::{Deserialize, Serialize};
use std::fmt;

/// A dose or stock quantity in thousandths of the product's dose unit (tablet, ml, puff …).
/// Matches the database's `numeric(10, 3)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Dose(i64);

/// The largest dose a prescriber may type: far above any real dose, well inside `numeric(10, 3)`.
pub const MAX_DOSE_UNITS: i64 = 100_000;
const SCALE: i64 = 1_000;
const DECIMALS: usize = 3;

const NOT_A_NUMBER: &str = "Enter the dose as a number, such as 2 or 2.5.";

impl Dose {
    pub const ZERO: Dose = Dose(0);

    /// Register adjustments may be negative, so any value is representable here; only
    /// [`Dose::parse`] restricts what may be prescribed.
    pub fn from_thousandths(t: i64) -> Self {
        Self(t)
    }

    pub fn thousandths(self) -> i64 {
        self.0
    }

    /// A dose as a prescriber types it: a positive number with up to three decimal places.
    pub fn parse(text: &str) -> Result<Dose, String> {
        let text = text.trim();
        if text.is_empty() {
            return Err("Enter the dose.".to_owned());
        }
        if text.starts_with('-') {
            return Err("The dose must be more than zero.".to_owned());
        }
        let (whole, fraction) = match text.split_once('.') {
            Some((whole, fraction)) => (whole, fraction),
            None => (text, ""),
        };
        let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        if whole.is_empty() || !all_digits(whole) || !all_digits(fraction) || text.ends_with('.') {
            return Err(NOT_A_NUMBER.to_owned());
        }
        if fraction.len() > DECIMALS {
            return Err(format!("Enter the dose to no more than {DECIMALS} decimal places."));
        }
        let too_large = || format!("The dose must be no more than {MAX_DOSE_UNITS}.");
        // Leading zeros are harmless, but a long run of digits must not overflow.
        let significant = whole.trim_start_matches('0');
        if significant.len() > 12 {
            return Err(too_large());
        }
        let whole: i64 =
            if significant.is_empty() { 0 } else { significant.parse().map_err(|_| too_large())? };
        let mut fraction_value: i64 = 0;
        for position in 0..DECIMALS {
            let digit = fraction.as_bytes().get(position).map_or(0, |b| i64::from(b - b'0'));
            fraction_value = fraction_value * 10 + digit;
        }
        let thousandths = whole * SCALE + fraction_value;
        if thousandths == 0 {
            return Err("The dose must be more than zero.".to_owned());
        }
        if thousandths > MAX_DOSE_UNITS * SCALE {
            return Err(too_large());
        }
        Ok(Dose(thousandths))
    }

    /// `None` on overflow rather than wrapping a register balance.
    pub fn checked_add(self, other: Dose) -> Option<Dose> {
        self.0.checked_add(other.0).map(Dose)
    }

    pub fn checked_sub(self, other: Dose) -> Option<Dose> {
        self.0.checked_sub(other.0).map(Dose)
    }

    pub fn is_positive(self) -> bool {
        self.0 > 0
    }
}

impl fmt::Display for Dose {
    /// As people write doses: `2`, `2.5`, `0.125`, never `2.000`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let magnitude = self.0.unsigned_abs();
        let scale = SCALE.unsigned_abs();
        let whole = magnitude / scale;
        let fraction = magnitude % scale;
        if fraction == 0 {
            return write!(f, "{sign}{whole}");
        }
        let digits = format!("{fraction:03}");
        write!(f, "{sign}{whole}.{}", digits.trim_end_matches('0'))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn ok(text: &str) -> i64 {
        Dose::parse(text).expect("valid dose").thousandths()
    }

    #[test]
    fn whole_and_decimal_doses_are_read_exactly() {
        assert_eq!(ok("2"), 2_000);
        assert_eq!(ok("2.5"), 2_500);
        assert_eq!(ok(" 0.125 "), 125);
        assert_eq!(ok("0.001"), 1);
        assert_eq!(ok("007.50"), 7_500);
        assert_eq!(ok("100000"), 100_000_000);
    }

    #[test]
    fn blank_zero_negative_and_huge_doses_are_refused_with_a_reason() {
        assert_eq!(Dose::parse("  "), Err("Enter the dose.".to_owned()));
        assert_eq!(Dose::parse("0"), Err("The dose must be more than zero.".to_owned()));
        assert_eq!(Dose::parse("0.000"), Err("The dose must be more than zero.".to_owned()));
        assert_eq!(Dose::parse("-2"), Err("The dose must be more than zero.".to_owned()));
        assert_eq!(Dose::parse("100000.001"), Err("The dose must be no more than 100000.".to_owned()));
        assert_eq!(
            Dose::parse("99999999999999999999999"),
            Err("The dose must be no more than 100000.".to_owned())
        );
    }

    #[test]
    fn more_than_three_decimal_places_is_refused() {
        assert_eq!(Dose::parse("0.1255"), Err("Enter the dose to no more than 3 decimal places.".to_owned()));
    }

    #[test]
    fn text_that_is_not_a_plain_number_is_refused() {
        for text in ["two", "2 mg", "2,5", "1,000", "+2", "2.", ".5", "1.2.3", "2e3", "½", "NaN"] {
            assert_eq!(Dose::parse(text), Err(NOT_A_NUMBER.to_owned()), "{text}");
        }
    }

    #[test]
    fn display_has_no_trailing_zeros() {
        assert_eq!(Dose::from_thousandths(2_000).to_string(), "2");
        assert_eq!(Dose::from_thousandths(2_500).to_string(), "2.5");
        assert_eq!(Dose::from_thousandths(125).to_string(), "0.125");
        assert_eq!(Dose::from_thousandths(10).to_string(), "0.01");
        assert_eq!(Dose::from_thousandths(0).to_string(), "0");
    }

    #[test]
    fn negative_register_adjustments_show_a_minus_sign() {
        assert_eq!(Dose::from_thousandths(-2_500).to_string(), "-2.5");
        assert_eq!(Dose::from_thousandths(-125).to_string(), "-0.125");
        assert_eq!(Dose::from_thousandths(i64::MIN).to_string(), "-9223372036854775.808");
    }

    #[test]
    fn register_arithmetic_is_exact_and_does_not_wrap() {
        let tenth = Dose::from_thousandths(100);
        let sum = tenth.checked_add(Dose::from_thousandths(200)).expect("no overflow");
        assert_eq!(sum, Dose::from_thousandths(300));
        assert_eq!(Dose::ZERO.checked_sub(tenth), Some(Dose::from_thousandths(-100)));
        assert_eq!(Dose::from_thousandths(i64::MAX).checked_add(tenth), None);
    }

    proptest! {
        #[test]
        fn every_valid_dose_survives_display_and_parse(t in 1i64..=100_000_000) {
            let dose = Dose::from_thousandths(t);
            prop_assert_eq!(Dose::parse(&dose.to_string()), Ok(dose));
        }

        #[test]
        fn display_never_ends_in_a_zero_decimal(t in any::<i64>()) {
            let text = Dose::from_thousandths(t).to_string();
            if text.contains('.') {
                prop_assert!(!text.ends_with('0') && !text.ends_with('.'));
            }
        }

        #[test]
        fn arbitrary_text_never_panics(s in ".{0,30}") {
            if let Ok(dose) = Dose::parse(&s) {
                prop_assert!(dose.thousandths() > 0 && dose.thousandths() <= 100_000_000);
            }
        }
    }
}
