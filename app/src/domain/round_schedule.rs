//! Medicine rounds happen at wall-clock times on the wing (08:00, 12:00 …), whatever the season,
//! so a round is stored as a London local time and turned into an instant only for a given day.

use chrono::{DateTime, Duration, LocalResult, NaiveDate, NaiveTime, Offset, TimeZone, Utc};
use chrono_tz::Europe::London;
use serde::{Deserialize, Serialize};

/// The instant of a round held at local time `time` on `date` in Europe/London.
///
/// A time skipped when the clocks go forward is taken as the same minutes after the jump (01:30 →
/// 02:30 BST), so the round still happens; a time repeated when they go back is taken the first
/// time round (BST), so the dose is not given an hour late.
pub fn round_instant(date: NaiveDate, time: NaiveTime) -> DateTime<Utc> {
    let local = date.and_time(time);
    match London.from_local_datetime(&local) {
        LocalResult::Single(at) => at.with_timezone(&Utc),
        LocalResult::Ambiguous(first, second) => first.min(second).with_timezone(&Utc),
        LocalResult::None => {
            // In a gap, the offset from before the jump still applies: 01:30 GMT is 02:30 BST.
            let before = London.offset_from_utc_datetime(&(local - Duration::days(1))).fix();
            (local - Duration::seconds(i64::from(before.local_minus_utc()))).and_utc()
        }
    }
}

pub fn london_date(at: DateTime<Utc>) -> NaiveDate {
    at.with_timezone(&London).date_naive()
}

pub fn london_time(at: DateTime<Utc>) -> NaiveTime {
    at.with_timezone(&London).time()
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum DoseTiming {
    Upcoming,
    DueNow,
    Overdue,
}

pub const DUE_WINDOW_MINUTES: i64 = 60;

/// Due from an hour before the round time to an hour after; overdue after that.
pub fn dose_timing(scheduled: DateTime<Utc>, now: DateTime<Utc>) -> DoseTiming {
    let window = Duration::minutes(DUE_WINDOW_MINUTES);
    if now < scheduled - window {
        DoseTiming::Upcoming
    } else if now <= scheduled + window {
        DoseTiming::DueNow
    } else {
        DoseTiming::Overdue
    }
}

/// The round a nurse most likely means now: the latest round, today or yesterday, whose due
/// window has opened (so just after midnight the night round is still the one to finish), else
/// the first round of today. `times` may be unsorted; None when empty.
pub fn current_round(times: &[NaiveTime], now: DateTime<Utc>) -> Option<(NaiveDate, NaiveTime)> {
    let today = london_date(now);
    let yesterday = today.pred_opt().unwrap_or(today);
    let window = Duration::minutes(DUE_WINDOW_MINUTES);
    [yesterday, today]
        .into_iter()
        .flat_map(|day| times.iter().map(move |time| (round_instant(day, *time), day, *time)))
        .filter(|(at, _, _)| *at - window <= now)
        .max()
        .map(|(_, day, time)| (day, time))
        .or_else(|| times.iter().copied().min().map(|time| (today, time)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{Datelike, Weekday};
    use proptest::prelude::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("valid test date")
    }

    fn t(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).expect("valid test time")
    }

    fn utc(y: i32, mo: u32, day: u32, h: u32, mi: u32) -> DateTime<Utc> {
        d(y, mo, day).and_time(t(h, mi)).and_utc()
    }

    fn last_sunday(year: i32, month: u32) -> NaiveDate {
        let mut date = d(year, month, 31);
        while date.weekday() != Weekday::Sun {
            date = date.pred_opt().expect("in range");
        }
        date
    }

    #[test]
    fn winter_rounds_are_at_the_same_utc_time_and_summer_rounds_an_hour_earlier() {
        assert_eq!(round_instant(d(2026, 1, 15), t(8, 0)), utc(2026, 1, 15, 8, 0));
        assert_eq!(round_instant(d(2026, 7, 15), t(8, 0)), utc(2026, 7, 15, 7, 0));
    }

    #[test]
    fn the_morning_round_follows_the_clocks_on_change_days() {
        assert_eq!(round_instant(d(2026, 3, 29), t(8, 0)), utc(2026, 3, 29, 7, 0));
        assert_eq!(round_instant(d(2026, 10, 25), t(8, 0)), utc(2026, 10, 25, 8, 0));
    }

    #[test]
    fn a_time_skipped_in_spring_moves_past_the_gap() {
        assert_eq!(round_instant(d(2026, 3, 29), t(1, 30)), utc(2026, 3, 29, 1, 30));
        assert_eq!(london_time(utc(2026, 3, 29, 1, 30)), t(2, 30));
        assert_eq!(round_instant(d(2026, 3, 29), t(1, 0)), utc(2026, 3, 29, 1, 0));
    }

    #[test]
    fn a_time_repeated_in_autumn_is_taken_the_first_time() {
        assert_eq!(round_instant(d(2026, 10, 25), t(1, 30)), utc(2026, 10, 25, 0, 30));
    }

    #[test]
    fn london_date_and_time_cross_midnight_in_summer() {
        let late = utc(2026, 7, 15, 23, 30);
        assert_eq!(london_date(late), d(2026, 7, 16));
        assert_eq!(london_time(late), t(0, 30));
        assert_eq!(london_date(utc(2026, 1, 15, 23, 30)), d(2026, 1, 15));
    }

    #[test]
    fn dose_timing_window_edges() {
        let round = utc(2026, 1, 15, 8, 0);
        assert_eq!(dose_timing(round, utc(2026, 1, 15, 6, 59)), DoseTiming::Upcoming);
        assert_eq!(dose_timing(round, utc(2026, 1, 15, 7, 0)), DoseTiming::DueNow);
        assert_eq!(dose_timing(round, round), DoseTiming::DueNow);
        assert_eq!(dose_timing(round, utc(2026, 1, 15, 9, 0)), DoseTiming::DueNow);
        assert_eq!(dose_timing(round, utc(2026, 1, 15, 9, 0) + Duration::seconds(1)), DoseTiming::Overdue);
    }

    #[test]
    fn current_round_is_the_latest_whose_window_has_opened() {
        let times = [t(17, 0), t(8, 0), t(12, 0), t(22, 0)];
        // Summer: 08:00 BST is 07:00 UTC, its window opens at 06:00 UTC.
        let today = d(2026, 7, 15);
        assert_eq!(current_round(&times, utc(2026, 7, 15, 5, 59)), Some((d(2026, 7, 14), t(22, 0))));
        assert_eq!(current_round(&times, utc(2026, 7, 15, 6, 0)), Some((today, t(8, 0))));
        assert_eq!(current_round(&times, utc(2026, 7, 15, 10, 0)), Some((today, t(12, 0))));
        assert_eq!(current_round(&times, utc(2026, 7, 15, 14, 59)), Some((today, t(12, 0))));
        assert_eq!(current_round(&times, utc(2026, 7, 15, 15, 0)), Some((today, t(17, 0))));
        assert_eq!(current_round(&times, utc(2026, 7, 15, 22, 59)), Some((today, t(22, 0))));
    }

    #[test]
    fn after_midnight_the_night_round_of_yesterday_is_still_current() {
        let times = [t(12, 0), t(8, 0)];
        assert_eq!(current_round(&times, utc(2026, 1, 15, 3, 0)), Some((d(2026, 1, 14), t(12, 0))));
        // Just after local midnight in summer is a new London day; yesterday's last round is current.
        assert_eq!(current_round(&times, utc(2026, 7, 15, 23, 30)), Some((d(2026, 7, 15), t(12, 0))));
    }

    #[test]
    fn no_round_times_means_no_current_round() {
        assert_eq!(current_round(&[], utc(2026, 1, 15, 8, 0)), None);
    }

    fn date_strategy() -> impl Strategy<Value = NaiveDate> {
        (0i64..36_525).prop_map(|days| d(2000, 1, 1) + Duration::days(days))
    }

    fn time_strategy(from_minute: u32) -> impl Strategy<Value = NaiveTime> {
        (from_minute..24 * 60).prop_map(|m| t(m / 60, m % 60))
    }

    /// Any whole minute outside 01:00–01:59, the hour the clocks change, when no round is held.
    fn round_time_strategy() -> impl Strategy<Value = NaiveTime> {
        (0u32..23 * 60).prop_map(|m| if m < 60 { t(0, m) } else { t(m / 60 + 1, m % 60) })
    }

    proptest! {
        #[test]
        fn a_round_is_never_more_than_an_hour_from_its_wall_clock_reading(
            date in date_strategy(), time in time_strategy(0)
        ) {
            let naive = date.and_time(time).and_utc();
            let gap = (round_instant(date, time) - naive).num_minutes().abs();
            prop_assert!(gap <= 60, "{date} {time}: {gap} minutes");
        }

        #[test]
        fn a_daytime_round_falls_on_its_own_london_day(date in date_strategy(), time in time_strategy(3 * 60)) {
            let at = round_instant(date, time);
            prop_assert_eq!(london_date(at), date);
            prop_assert_eq!(london_time(at), time);
        }

        #[test]
        fn later_rounds_on_one_day_are_later_instants(
            date in date_strategy(), a in round_time_strategy(), b in round_time_strategy()
        ) {
            let (earlier, later) = (a.min(b), a.max(b));
            if earlier != later {
                prop_assert!(round_instant(date, earlier) < round_instant(date, later));
            }
        }

        #[test]
        fn rounds_keep_their_order_on_clock_change_days(
            year in 2000i32..2100, autumn in any::<bool>(),
            mut times in proptest::collection::vec(round_time_strategy(), 1..8)
        ) {
            let date = last_sunday(year, if autumn { 10 } else { 3 });
            times.sort();
            times.dedup();
            let instants: Vec<_> = times.iter().map(|time| round_instant(date, *time)).collect();
            prop_assert!(instants.windows(2).all(|pair| pair[0] < pair[1]), "{date}: {times:?}");
        }

        #[test]
        fn the_current_round_is_one_of_the_times(
            times in proptest::collection::vec(time_strategy(0), 1..6), minutes in 0i64..(366 * 24 * 60)
        ) {
            let now = utc(2026, 1, 1, 0, 0) + Duration::minutes(minutes);
            let round = current_round(&times, now);
            prop_assert!(round.is_some_and(|(day, r)| times.contains(&r)
                && (day == london_date(now) || Some(day) == london_date(now).pred_opt())));
            // Never a round whose window has not opened, unless nothing has opened since yesterday.
            if let Some((day, r)) = round {
                let opened = round_instant(day, r) - Duration::minutes(DUE_WINDOW_MINUTES) <= now;
                prop_assert!(opened || day == london_date(now));
            }
        }
    }
}
