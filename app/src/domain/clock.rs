//! The UK wall clock as clinical staff read it: rounds, doses and due times are shown in UK local
//! time (GMT or BST), with the month in words so 03/04 can never be misread. Part of the domain,
//! not the screens, because the rules' own messages ("next dose allowed from 14:05") use it.

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Europe::London;

/// `14 Mar 1987`.
pub fn date(d: NaiveDate) -> String {
    d.format("%-d %b %Y").to_string()
}

/// `14 Mar 2026 08:04` in UK local time, as on the ward clock.
pub fn date_time(t: DateTime<Utc>) -> String {
    t.with_timezone(&London).format("%-d %b %Y %H:%M").to_string()
}

/// `08:04` in UK local time: the time of day on a round.
pub fn time(t: DateTime<Utc>) -> String {
    t.with_timezone(&London).format("%H:%M").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::round_schedule::london_date as local_date;
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
}
