use chrono::{Datelike, NaiveDate};

/// Age in whole years on `today`; a birthday on 29 February counts from 1 March in other years.
pub fn age_on(date_of_birth: NaiveDate, today: NaiveDate) -> u32 {
    let mut years = today.year() - date_of_birth.year();
    if (today.month(), today.day()) < (date_of_birth.month(), date_of_birth.day()) {
        years -= 1;
    }
    u32::try_from(years).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("valid test date")
    }

    #[test]
    fn age_goes_up_on_the_birthday_not_before() {
        assert_eq!(age_on(d(1990, 6, 15), d(2026, 6, 14)), 35);
        assert_eq!(age_on(d(1990, 6, 15), d(2026, 6, 15)), 36);
    }

    #[test]
    fn a_leap_day_birthday_turns_over_on_the_first_of_march() {
        assert_eq!(age_on(d(2000, 2, 29), d(2026, 2, 28)), 25);
        assert_eq!(age_on(d(2000, 2, 29), d(2026, 3, 1)), 26);
    }

    #[test]
    fn a_date_of_birth_in_the_future_gives_zero_not_a_wrap() {
        assert_eq!(age_on(d(2030, 1, 1), d(2026, 1, 1)), 0);
    }
}
