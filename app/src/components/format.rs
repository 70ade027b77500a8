//! How dates and times read on screen: unambiguous for UK clinical staff, in UK local time.

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Europe::London;

/// `14 Mar 1987`: the month in words, so 03/04 can never be misread.
pub fn date(d: NaiveDate) -> String {
    d.format("%-d %b %Y").to_string()
}

/// `14 Mar 2026 08:04` in UK local time (GMT or BST), as on the ward clock.
pub fn date_time(t: DateTime<Utc>) -> String {
    t.with_timezone(&London).format("%-d %b %Y %H:%M").to_string()
}

/// `08:04` in UK local time: the time of day on a round.
pub fn time(t: DateTime<Utc>) -> String {
    t.with_timezone(&London).format("%H:%M").to_string()
}

/// The calendar day in the UK on which `t` fell.
pub fn local_date(t: DateTime<Utc>) -> NaiveDate {
    t.with_timezone(&London).date_naive()
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
    use chrono::TimeZone;

    #[test]
    fn dates_spell_the_month() {
        let d = NaiveDate::from_ymd_opt(1987, 3, 4).expect("valid");
        assert_eq!(date(d), "4 Mar 1987");
    }

    #[test]
    fn summer_times_show_in_bst_and_winter_times_in_gmt() {
        let summer = Utc.with_ymd_and_hms(2026, 7, 1, 7, 0, 0).single().expect("valid");
        let winter = Utc.with_ymd_and_hms(2026, 12, 1, 8, 0, 0).single().expect("valid");
        assert_eq!(date_time(summer), "1 Jul 2026 08:00");
        assert_eq!(date_time(winter), "1 Dec 2026 08:00");
    }

    #[test]
    fn a_late_evening_in_summer_belongs_to_the_next_uk_day() {
        let t = Utc.with_ymd_and_hms(2026, 6, 30, 23, 30, 0).single().expect("valid");
        assert_eq!(local_date(t), NaiveDate::from_ymd_opt(2026, 7, 1).expect("valid"));
    }

    #[test]
    fn stored_words_read_as_a_sentence() {
        assert_eq!(title_case("life_threatening"), "Life threatening");
        assert_eq!(title_case(""), "");
    }
}
