//! Property tests over every parser of text a user (or a hand-made request) controls: arbitrary
//! input never panics, every valid value survives a round trip, and near misses are refused.
//! Ten thousand cases each; `PROPTEST_CASES` raises it.

use proptest::prelude::*;

use super::patient_query::PatientQuery;
use super::{Dose, EstablishmentCode, NhsNumber, PrisonNumber};

const CASES: u32 = 10_000;

fn config() -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(CASES);
    ProptestConfig { cases: cases.max(CASES), ..ProptestConfig::default() }
}

/// Text people and attackers type: any unicode, plus the characters parsers trip on.
fn hostile_text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[ \\t\\n\\r\\-0-9A-Za-z'\"<>&;%/\\\\]{0,40}",
        "[\\u{0}-\\u{ff}\\u{200b}\\u{fe0f}\\u{1f600}\\u{202e}İıſK]{0,30}",
        // Long runs, to find anything quadratic or any length arithmetic that overflows.
        "[0-9]{0,600}",
    ]
}

/// A valid NHS number's nine leading digits (those whose check digit would be 10 are skipped).
fn nhs_number() -> impl Strategy<Value = NhsNumber> {
    prop::array::uniform9(0u8..10).prop_filter_map("has a check digit", NhsNumber::from_first_nine)
}

fn prison_number_text() -> impl Strategy<Value = String> {
    "[A-Z][0-9]{4}[A-Z]{2}"
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn no_parser_panics_on_any_text(text in hostile_text()) {
        let _ = NhsNumber::parse(&text);
        let _ = PrisonNumber::parse(&text);
        let _ = EstablishmentCode::parse(&text);
        let _ = Dose::parse(&text);
        let _ = PatientQuery::parse(&text);
        let _ = crate::auth::safe_next_path(Some(&text));
        let filter = crate::timeline::TimelineFilter::from_query(|_| Some(text.clone()));
        let _ = filter.validate();
    }

    #[test]
    fn a_valid_nhs_number_round_trips_in_every_way_people_type_it(n in nhs_number()) {
        let digits = n.digits();
        prop_assert_eq!(NhsNumber::parse(&digits), Ok(n));
        prop_assert_eq!(NhsNumber::parse(&n.to_string()), Ok(n));
        let hyphens = format!("{}-{}-{}", &digits[0..3], &digits[3..6], &digits[6..10]);
        prop_assert_eq!(NhsNumber::parse(&format!("  {} ", hyphens)), Ok(n));
    }

    #[test]
    fn an_nhs_number_with_any_other_check_digit_is_refused(n in nhs_number(), by in 1u8..10) {
        let digits = n.digits();
        let wrong = (digits.as_bytes()[9] - b'0' + by) % 10;
        let changed = format!("{}{}", &digits[..9], wrong);
        prop_assert!(NhsNumber::parse(&changed).is_err());
    }

    #[test]
    fn an_nhs_number_missing_a_digit_or_with_a_letter_is_refused(n in nhs_number(), at in 0usize..10, letter in "[A-Za-zО]") {
        let digits = n.digits();
        let mut short = digits.clone();
        short.remove(at);
        prop_assert!(NhsNumber::parse(&short).is_err());
        let mut lettered = digits.clone();
        lettered.replace_range(at..=at, &letter);
        prop_assert!(NhsNumber::parse(&lettered).is_err());
    }

    #[test]
    fn a_valid_prison_number_round_trips_in_any_case(text in prison_number_text(), pad in "[ \\t]{0,3}") {
        let parsed = PrisonNumber::parse(&format!("{}{}{}", pad, text.to_ascii_lowercase(), pad));
        prop_assert_eq!(parsed.map(|p| p.to_string()), Ok(text));
    }

    #[test]
    fn a_prison_number_with_one_character_wrong_is_refused(
        text in prison_number_text(),
        at in 0usize..7,
        not_a_digit in "[A-Z#ÄО٣]",
        not_a_letter in "[0-9#ÄО ]",
    ) {
        let mut chars: Vec<char> = text.chars().collect();
        let wrong = if (1..5).contains(&at) { not_a_digit } else { not_a_letter };
        chars[at] = wrong.chars().next().unwrap_or('#');
        let changed: String = chars.into_iter().collect();
        prop_assert!(PrisonNumber::parse(&changed).is_err(), "{:?}", changed);
        prop_assert!(PrisonNumber::parse(&text[..6]).is_err());
        let longer = format!("{}A", text);
        prop_assert!(PrisonNumber::parse(&longer).is_err());
    }

    #[test]
    fn a_valid_establishment_code_round_trips_and_near_misses_are_refused(code in "[A-Z]{3}", extra in "[A-Z0-9Ä]") {
        prop_assert_eq!(EstablishmentCode::parse(&code.to_ascii_lowercase()).map(|c| c.to_string()), Ok(code.clone()));
        let longer = format!("{}{}", code, extra);
        prop_assert!(EstablishmentCode::parse(&longer).is_err());
        prop_assert!(EstablishmentCode::parse(&code[..2]).is_err());
    }

    #[test]
    fn a_dose_round_trips_through_how_it_is_shown(thousandths in 1i64..=100_000_000) {
        let dose = Dose::from_thousandths(thousandths);
        prop_assert_eq!(Dose::parse(&dose.to_string()), Ok(dose));
    }

    #[test]
    fn a_dose_with_too_many_decimals_a_sign_or_too_large_is_refused(whole in 0u32..200_000, fraction in "[0-9]{4,8}") {
        let near_misses = [
            format!("{}.{}", whole, fraction),
            format!("-{}.5", whole),
            format!("{}.", whole),
            (u64::from(whole) + 100_001).to_string(),
        ];
        for text in near_misses {
            prop_assert!(Dose::parse(&text).is_err(), "{:?}", text);
        }
    }

    #[test]
    fn search_text_is_read_as_the_identifier_it_is(n in nhs_number(), prison in prison_number_text(), name in "[a-z]{2,20}( [a-z]{2,20}){0,2}") {
        prop_assert_eq!(PatientQuery::parse(&n.to_string()), Ok(PatientQuery::NhsNumber(n)));
        prop_assert!(matches!(PatientQuery::parse(&prison.to_ascii_lowercase()), Ok(PatientQuery::PrisonNumber(_))));
        prop_assert_eq!(PatientQuery::parse(&format!("  {} ", name)), Ok(PatientQuery::Name(name)));
    }

    #[test]
    fn a_name_search_is_never_longer_than_a_hundred_characters(text in hostile_text()) {
        if let Ok(PatientQuery::Name(name)) = PatientQuery::parse(&text) {
            prop_assert!((2..=100).contains(&name.chars().count()));
        }
    }

    /// After sign-in the browser is sent to `next`; browsers drop tabs and newlines from a URL
    /// before reading it, so `/<tab>/evil.example` would be another site.
    #[test]
    fn the_page_after_sign_in_is_always_on_this_site(text in hostile_text(), prefix in "/[\\t\\n\\r\\\\/]{0,3}") {
        for next in [text.clone(), format!("{}{}", prefix, text)] {
            let path = crate::auth::safe_next_path(Some(&next));
            let as_browsers_read_it: String = path.chars().filter(|c| !matches!(c, '\t' | '\n' | '\r')).collect();
            prop_assert!(as_browsers_read_it.starts_with('/'), "{:?}", path);
            prop_assert!(!as_browsers_read_it.starts_with("//") && !as_browsers_read_it.starts_with("/\\"), "{:?} -> {:?}", next, path);
        }
    }
}
