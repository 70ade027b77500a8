//! How dates and times read on screen: unambiguous for UK clinical staff.

use chrono::{DateTime, NaiveDate, Utc};

/// `14 Mar 1987`: the month in words, so 03/04 can never be misread.
pub fn date(d: NaiveDate) -> String {
    d.format("%-d %b %Y").to_string()
}

/// `14 Mar 2026 08:04` in UTC, labelled as such until establishment time zones arrive.
pub fn date_time(t: DateTime<Utc>) -> String {
    t.format("%-d %b %Y %H:%M").to_string()
}

pub fn title_case(snake: &str) -> String {
    let spaced = snake.replace('_', " ");
    let mut chars = spaced.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_spell_the_month() {
        let d = NaiveDate::from_ymd_opt(1987, 3, 4).expect("valid");
        assert_eq!(date(d), "4 Mar 1987");
    }

    #[test]
    fn stored_words_read_as_a_sentence() {
        assert_eq!(title_case("life_threatening"), "Life threatening");
        assert_eq!(title_case(""), "");
    }
}
