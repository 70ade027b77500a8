//! "When required" (PRN) doses are offered on request, so the prescriber's limits — a minimum gap
//! between doses and a most-in-24-hours — are checked at the hatch rather than by a round.

use super::round_schedule::{london_date, london_time};
use chrono::{DateTime, Duration, Utc};
use chrono_tz::Europe::London;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PrnLimits {
    pub min_interval_minutes: u32,
    pub max_per_24h: u32,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum PrnDecision {
    Allowed,
    TooSoon { next_allowed: DateTime<Utc> },
    DailyMaximumReached { next_allowed: DateTime<Utc> },
}

/// `given`: instants of PRN doses of this prescription already given (any order; may include
/// future-dated clock skew — treat anything after `now` as given at now).
///
/// A zero maximum cannot be prescribed; should one reach here it allows nothing, rather than
/// guessing a limit.
pub fn check_prn(limits: PrnLimits, given: &[DateTime<Utc>], now: DateTime<Utc>) -> PrnDecision {
    let mut doses: Vec<DateTime<Utc>> = given.iter().map(|at| (*at).min(now)).collect();
    doses.sort();
    let day = Duration::hours(24);

    let too_soon = doses.last().and_then(|latest| {
        let next = *latest + Duration::minutes(i64::from(limits.min_interval_minutes));
        (next > now).then_some(next)
    });

    let in_window: Vec<DateTime<Utc>> = doses.into_iter().filter(|at| *at > now - day).collect();
    let max = usize::try_from(limits.max_per_24h).unwrap_or(usize::MAX);
    let daily = if in_window.len() < max {
        None
    } else if max == 0 {
        Some(now + day)
    } else {
        // Once this many doses have aged out, the window holds max − 1 and one more fits.
        in_window.get(in_window.len() - max).map(|oldest_to_leave| *oldest_to_leave + day)
    };

    match (too_soon, daily) {
        (None, None) => PrnDecision::Allowed,
        (Some(next_allowed), None) => PrnDecision::TooSoon { next_allowed },
        (Some(soon), Some(daily)) if soon > daily => PrnDecision::TooSoon { next_allowed: soon },
        (_, Some(next_allowed)) => PrnDecision::DailyMaximumReached { next_allowed },
    }
}

impl PrnDecision {
    /// What to tell the nurse when a dose may not be given yet; `None` when it may. The date is
    /// added when `next_allowed` is not today in London, judged by the clock now; use
    /// [`PrnDecision::message_on`] where the moment of the check is known.
    pub fn message(&self, limits: PrnLimits) -> Option<String> {
        self.message_on(limits, Utc::now())
    }

    /// As [`PrnDecision::message`], with the date left off only when `next_allowed` falls on the
    /// same London day as `now`.
    pub fn message_on(&self, limits: PrnLimits, now: DateTime<Utc>) -> Option<String> {
        match *self {
            PrnDecision::Allowed => None,
            PrnDecision::TooSoon { next_allowed } => Some(format!(
                "Too soon: at least {} between doses. Next dose allowed from {}.",
                interval_words(limits.min_interval_minutes),
                when(next_allowed, now)
            )),
            PrnDecision::DailyMaximumReached { next_allowed } => Some(format!(
                "Maximum of {} in 24 hours reached. Next dose allowed from {}.",
                plural(limits.max_per_24h, "dose", "doses"),
                when(next_allowed, now)
            )),
        }
    }
}

fn plural(count: u32, one: &str, many: &str) -> String {
    format!("{count} {}", if count == 1 { one } else { many })
}

/// "4 hours", "1 hour", "90 minutes": hours when whole, as prescribers write them.
pub fn interval_words(minutes: u32) -> String {
    if minutes > 0 && minutes.is_multiple_of(60) {
        plural(minutes / 60, "hour", "hours")
    } else {
        plural(minutes, "minute", "minutes")
    }
}

/// "14:20" on the same London day as `now`, otherwise "09:15 on 28 Nov".
fn when(at: DateTime<Utc>, now: DateTime<Utc>) -> String {
    let time = london_time(at).format("%H:%M");
    if london_date(now) == london_date(at) {
        time.to_string()
    } else {
        format!("{time} on {}", at.with_timezone(&London).format("%-d %b"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use proptest::prelude::*;

    fn utc(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, mo, d, h, mi, 0).single().expect("valid test instant")
    }

    const FOUR_HOURLY_FOUR_A_DAY: PrnLimits = PrnLimits { min_interval_minutes: 240, max_per_24h: 4 };

    #[test]
    fn no_previous_dose_is_allowed() {
        assert_eq!(check_prn(FOUR_HOURLY_FOUR_A_DAY, &[], utc(2026, 11, 27, 10, 0)), PrnDecision::Allowed);
    }

    #[test]
    fn a_dose_inside_the_interval_is_too_soon_until_the_interval_ends() {
        let given = [utc(2026, 11, 27, 10, 20)];
        let decision = check_prn(FOUR_HOURLY_FOUR_A_DAY, &given, utc(2026, 11, 27, 12, 0));
        assert_eq!(decision, PrnDecision::TooSoon { next_allowed: utc(2026, 11, 27, 14, 20) });
        assert_eq!(
            check_prn(FOUR_HOURLY_FOUR_A_DAY, &given, utc(2026, 11, 27, 14, 20)),
            PrnDecision::Allowed
        );
    }

    #[test]
    fn the_daily_maximum_lifts_when_the_oldest_dose_leaves_the_24_hours() {
        let given = [
            utc(2026, 11, 27, 9, 15),
            utc(2026, 11, 27, 13, 30),
            utc(2026, 11, 27, 18, 0),
            utc(2026, 11, 27, 22, 5),
        ];
        let now = utc(2026, 11, 28, 3, 0);
        let decision = check_prn(FOUR_HOURLY_FOUR_A_DAY, &given, now);
        assert_eq!(decision, PrnDecision::DailyMaximumReached { next_allowed: utc(2026, 11, 28, 9, 15) });
        assert_eq!(check_prn(FOUR_HOURLY_FOUR_A_DAY, &given, utc(2026, 11, 28, 9, 15)), PrnDecision::Allowed);
    }

    #[test]
    fn a_dose_exactly_24_hours_ago_no_longer_counts() {
        let limits = PrnLimits { min_interval_minutes: 60, max_per_24h: 1 };
        let given = [utc(2026, 11, 27, 9, 0)];
        assert_eq!(check_prn(limits, &given, utc(2026, 11, 28, 9, 0)), PrnDecision::Allowed);
        assert_eq!(
            check_prn(limits, &given, utc(2026, 11, 28, 8, 59)),
            PrnDecision::DailyMaximumReached { next_allowed: utc(2026, 11, 28, 9, 0) }
        );
    }

    #[test]
    fn when_both_limits_apply_the_later_one_is_reported() {
        // Three a day, two hours apart: doses at 08:00, 10:00, 12:00; at 13:00 both apply.
        let limits = PrnLimits { min_interval_minutes: 120, max_per_24h: 3 };
        let given = [utc(2026, 11, 27, 8, 0), utc(2026, 11, 27, 10, 0), utc(2026, 11, 27, 12, 0)];
        assert_eq!(
            check_prn(limits, &given, utc(2026, 11, 27, 13, 0)),
            PrnDecision::DailyMaximumReached { next_allowed: utc(2026, 11, 28, 8, 0) }
        );
        // A long interval outlasts the 24-hour count.
        let limits = PrnLimits { min_interval_minutes: 30 * 60, max_per_24h: 1 };
        let given = [utc(2026, 11, 27, 8, 0)];
        assert_eq!(
            check_prn(limits, &given, utc(2026, 11, 27, 13, 0)),
            PrnDecision::TooSoon { next_allowed: utc(2026, 11, 28, 14, 0) }
        );
    }

    #[test]
    fn future_dated_doses_count_as_given_now() {
        let now = utc(2026, 11, 27, 12, 0);
        let given = [utc(2026, 11, 27, 15, 0)];
        assert_eq!(
            check_prn(FOUR_HOURLY_FOUR_A_DAY, &given, now),
            PrnDecision::TooSoon { next_allowed: utc(2026, 11, 27, 16, 0) }
        );
    }

    #[test]
    fn unsorted_history_is_handled() {
        let given = [utc(2026, 11, 27, 22, 5), utc(2026, 11, 27, 9, 15), utc(2026, 11, 27, 18, 0)];
        assert_eq!(
            check_prn(FOUR_HOURLY_FOUR_A_DAY, &given, utc(2026, 11, 27, 23, 0)),
            PrnDecision::TooSoon { next_allowed: utc(2026, 11, 28, 2, 5) }
        );
    }

    #[test]
    fn a_zero_maximum_allows_nothing() {
        let limits = PrnLimits { min_interval_minutes: 60, max_per_24h: 0 };
        let now = utc(2026, 11, 27, 12, 0);
        assert!(matches!(check_prn(limits, &[], now), PrnDecision::DailyMaximumReached { .. }));
    }

    #[test]
    fn messages_give_the_london_time_and_the_date_when_it_is_another_day() {
        let now = utc(2026, 11, 27, 12, 0);
        let soon = PrnDecision::TooSoon { next_allowed: utc(2026, 11, 27, 14, 20) };
        assert_eq!(
            soon.message_on(FOUR_HOURLY_FOUR_A_DAY, now).as_deref(),
            Some("Too soon: at least 4 hours between doses. Next dose allowed from 14:20.")
        );
        let max = PrnDecision::DailyMaximumReached { next_allowed: utc(2026, 11, 28, 9, 15) };
        assert_eq!(
            max.message_on(FOUR_HOURLY_FOUR_A_DAY, now).as_deref(),
            Some("Maximum of 4 doses in 24 hours reached. Next dose allowed from 09:15 on 28 Nov.")
        );
        assert_eq!(PrnDecision::Allowed.message_on(FOUR_HOURLY_FOUR_A_DAY, now), None);
    }

    #[test]
    fn message_names_the_date_of_a_time_not_today() {
        let long_ago = PrnDecision::TooSoon { next_allowed: utc(2001, 11, 27, 14, 20) };
        assert_eq!(
            long_ago.message(FOUR_HOURLY_FOUR_A_DAY).as_deref(),
            Some("Too soon: at least 4 hours between doses. Next dose allowed from 14:20 on 27 Nov.")
        );
        assert_eq!(PrnDecision::Allowed.message(FOUR_HOURLY_FOUR_A_DAY), None);
    }

    #[test]
    fn midnight_in_london_not_utc_decides_the_day() {
        // 23:30 UTC on 1 July is 00:30 BST on 2 July.
        let now = utc(2026, 7, 1, 22, 0);
        let soon = PrnDecision::TooSoon { next_allowed: utc(2026, 7, 1, 23, 30) };
        let limits = PrnLimits { min_interval_minutes: 120, max_per_24h: 4 };
        assert_eq!(
            soon.message_on(limits, now).as_deref(),
            Some("Too soon: at least 2 hours between doses. Next dose allowed from 00:30 on 2 Jul.")
        );
    }

    #[test]
    fn summer_messages_use_british_summer_time() {
        let now = utc(2026, 7, 1, 12, 0);
        let soon = PrnDecision::TooSoon { next_allowed: utc(2026, 7, 1, 13, 20) };
        let limits = PrnLimits { min_interval_minutes: 90, max_per_24h: 1 };
        assert_eq!(
            soon.message_on(limits, now).as_deref(),
            Some("Too soon: at least 90 minutes between doses. Next dose allowed from 14:20.")
        );
        let max = PrnDecision::DailyMaximumReached { next_allowed: utc(2026, 7, 1, 13, 20) };
        assert_eq!(
            max.message_on(limits, now).as_deref(),
            Some("Maximum of 1 dose in 24 hours reached. Next dose allowed from 14:20.")
        );
    }

    #[test]
    fn intervals_read_in_hours_when_whole() {
        assert_eq!(interval_words(60), "1 hour");
        assert_eq!(interval_words(240), "4 hours");
        assert_eq!(interval_words(90), "90 minutes");
        assert_eq!(interval_words(1), "1 minute");
    }

    fn limits_strategy() -> impl Strategy<Value = PrnLimits> {
        (1u32..=1_440, 1u32..=24)
            .prop_map(|(min_interval_minutes, max_per_24h)| PrnLimits { min_interval_minutes, max_per_24h })
    }

    fn start() -> DateTime<Utc> {
        utc(2026, 3, 1, 0, 0)
    }

    proptest! {
        #[test]
        fn doses_given_only_when_allowed_never_break_the_limits(
            limits in limits_strategy(), gaps in proptest::collection::vec(0i64..600 * 60, 1..80)
        ) {
            let mut now = start();
            let mut given: Vec<DateTime<Utc>> = Vec::new();
            for gap in gaps {
                now += Duration::seconds(gap);
                if check_prn(limits, &given, now) == PrnDecision::Allowed {
                    given.push(now);
                }
            }
            let interval = Duration::minutes(i64::from(limits.min_interval_minutes));
            for pair in given.windows(2) {
                prop_assert!(pair[1] - pair[0] >= interval, "{pair:?} closer than {interval}");
            }
            for end in &given {
                let count = given.iter().filter(|at| **at > *end - Duration::hours(24) && *at <= end).count();
                prop_assert!(count <= limits.max_per_24h as usize, "{count} doses in 24 h before {end}");
            }
        }

        #[test]
        fn next_allowed_is_later_than_now_and_then_allowed(
            limits in limits_strategy(),
            ago in proptest::collection::vec(0i64..48 * 60, 0..30),
            extra_seconds in 0i64..60
        ) {
            let now = start() + Duration::days(2) + Duration::seconds(extra_seconds);
            let given: Vec<_> = ago.iter().map(|m| now - Duration::minutes(*m)).collect();
            let decision = check_prn(limits, &given, now);
            prop_assert_eq!(decision.message(limits).is_none(), decision == PrnDecision::Allowed);
            match decision {
                PrnDecision::Allowed => {}
                PrnDecision::TooSoon { next_allowed } | PrnDecision::DailyMaximumReached { next_allowed } => {
                    prop_assert!(next_allowed > now);
                    prop_assert_eq!(check_prn(limits, &given, next_allowed), PrnDecision::Allowed);
                }
            }
        }

        #[test]
        fn future_dated_history_never_panics_and_never_allows_before_now(
            limits in limits_strategy(), offsets in proptest::collection::vec(-3_000i64..3_000, 0..20)
        ) {
            let now = start();
            let given: Vec<_> = offsets.iter().map(|m| now + Duration::minutes(*m)).collect();
            match check_prn(limits, &given, now) {
                PrnDecision::Allowed => {}
                PrnDecision::TooSoon { next_allowed } | PrnDecision::DailyMaximumReached { next_allowed } => {
                    prop_assert!(next_allowed > now);
                }
            }
        }
    }
}
