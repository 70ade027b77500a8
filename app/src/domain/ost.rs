//! Opioid substitution therapy: after three days without a dose, tolerance may have fallen enough
//! that the usual dose could be fatal, so the prescriber must review before the next one.

use chrono::{DateTime, NaiveDate, Utc};

use super::round_schedule::london_date;

pub const MISSED_DAYS_NEEDING_REVIEW: i64 = 3;

/// Whole London days in a row with no OST dose given, counted up to (not including) today. The
/// count restarts after a dose given, or a prescriber review, or from the day the prescription
/// started.
pub fn consecutive_days_missed(
    starts_on: NaiveDate,
    last_given_on: Option<NaiveDate>,
    last_review_on: Option<NaiveDate>,
    today: NaiveDate,
) -> i64 {
    // The day before the start stands in for "given": nothing could be missed before it began.
    let before_start = starts_on.pred_opt().unwrap_or(starts_on);
    let reset = [last_given_on, last_review_on].into_iter().flatten().fold(before_start, NaiveDate::max);
    ((today - reset).num_days() - 1).max(0)
}

pub fn review_required(
    starts_on: NaiveDate,
    last_given_on: Option<NaiveDate>,
    last_review_on: Option<NaiveDate>,
    today: NaiveDate,
) -> bool {
    consecutive_days_missed(starts_on, last_given_on, last_review_on, today) >= MISSED_DAYS_NEEDING_REVIEW
}

/// [`review_required`] for a prescription as stored: whether the product is opioid substitution,
/// and the moments (not days) of its last dose and last review, read as London days.
pub fn review_required_at(
    is_ost: bool,
    starts_on: NaiveDate,
    last_given: Option<DateTime<Utc>>,
    last_review: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> bool {
    is_ost
        && review_required(
            starts_on,
            last_given.map(london_date),
            last_review.map(london_date),
            london_date(now),
        )
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Duration;
    use proptest::prelude::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 27).expect("valid test date")
    }

    fn days_ago(n: i64) -> NaiveDate {
        today() - Duration::days(n)
    }

    #[test]
    fn given_yesterday_means_nothing_missed() {
        assert_eq!(consecutive_days_missed(days_ago(30), Some(days_ago(1)), None, today()), 0);
        assert!(!review_required(days_ago(30), Some(days_ago(1)), None, today()));
    }

    #[test]
    fn given_today_means_nothing_missed() {
        assert_eq!(consecutive_days_missed(days_ago(30), Some(today()), None, today()), 0);
    }

    #[test]
    fn two_missed_days_do_not_yet_need_review() {
        assert_eq!(consecutive_days_missed(days_ago(30), Some(days_ago(3)), None, today()), 2);
        assert!(!review_required(days_ago(30), Some(days_ago(3)), None, today()));
    }

    #[test]
    fn last_given_four_days_ago_is_three_missed_and_needs_review() {
        assert_eq!(consecutive_days_missed(days_ago(30), Some(days_ago(4)), None, today()), 3);
        assert!(review_required(days_ago(30), Some(days_ago(4)), None, today()));
    }

    #[test]
    fn never_given_counts_from_the_start_date() {
        assert_eq!(consecutive_days_missed(days_ago(3), None, None, today()), 3);
        assert!(review_required(days_ago(3), None, None, today()));
        assert_eq!(consecutive_days_missed(days_ago(2), None, None, today()), 2);
        assert_eq!(consecutive_days_missed(today(), None, None, today()), 0);
    }

    #[test]
    fn a_prescription_starting_later_has_missed_nothing() {
        assert_eq!(consecutive_days_missed(today() + Duration::days(5), None, None, today()), 0);
    }

    #[test]
    fn a_review_today_clears_the_count() {
        assert_eq!(consecutive_days_missed(days_ago(30), Some(days_ago(10)), Some(today()), today()), 0);
        assert!(!review_required(days_ago(30), Some(days_ago(10)), Some(today()), today()));
    }

    #[test]
    fn days_after_a_review_are_counted_again() {
        assert_eq!(consecutive_days_missed(days_ago(30), Some(days_ago(10)), Some(days_ago(4)), today()), 3);
        assert!(review_required(days_ago(30), Some(days_ago(10)), Some(days_ago(4)), today()));
    }

    #[test]
    fn a_dose_before_a_restart_does_not_hide_missed_days_since_the_restart() {
        // Restarted 5 days ago after a dose on an earlier prescription; never given since.
        assert_eq!(consecutive_days_missed(days_ago(5), Some(days_ago(20)), None, today()), 5);
    }

    #[test]
    fn the_earliest_date_does_not_panic() {
        assert_eq!(consecutive_days_missed(NaiveDate::MIN, None, None, NaiveDate::MIN), 0);
    }

    fn offset() -> impl Strategy<Value = Option<i64>> {
        proptest::option::of(0i64..400)
    }

    proptest! {
        #[test]
        fn a_dose_yesterday_or_a_review_today_always_gives_zero(
            start_ago in -30i64..400, given_ago in offset(), review_ago in offset(), use_review in any::<bool>()
        ) {
            let starts_on = days_ago(start_ago);
            let given = given_ago.map(days_ago);
            let review = review_ago.map(days_ago);
            if use_review {
                prop_assert_eq!(consecutive_days_missed(starts_on, given, Some(today()), today()), 0);
            } else {
                prop_assert_eq!(consecutive_days_missed(starts_on, Some(days_ago(1)), review, today()), 0);
            }
        }

        #[test]
        fn the_count_is_never_negative_and_grows_by_one_a_day(
            start_ago in -30i64..400, given_ago in offset(), review_ago in offset()
        ) {
            let starts_on = days_ago(start_ago);
            let given = given_ago.map(days_ago);
            let review = review_ago.map(days_ago);
            let now = consecutive_days_missed(starts_on, given, review, today());
            let tomorrow = consecutive_days_missed(starts_on, given, review, today() + Duration::days(1));
            prop_assert!(now >= 0);
            prop_assert!(tomorrow == now + 1 || (now == 0 && tomorrow <= 1));
            prop_assert_eq!(review_required(starts_on, given, review, today()), now >= MISSED_DAYS_NEEDING_REVIEW);
        }
    }
}
