//! What a tablet may record while it has no network. Offline, the tablet knows the round as it was
//! when last loaded, plus its own queued entries; it does not know what other tablets did since.
//! The rule below allows what that knowledge makes safe, flags what it makes uncertain, and blocks
//! what only the server can check. The server checks every entry again when it arrives, and what
//! no longer fits the record becomes a conflict for the nurse, never a silent merge.
//!
//! 1. After [`MAX_OFFLINE_MINUTES`] without a fresh round list, nothing more is recorded: the
//!    list may hold stopped prescriptions or patients who have moved.
//! 2. A controlled drug (Schedule 2 or 3) being given is blocked: the witness's password can only
//!    be checked by the server, and the register balance lives there. Recording it as refused,
//!    withheld, away and so on needs no witness and is allowed.
//! 3. Opioid substitution that needs a prescriber's review is blocked (it is also a controlled
//!    drug; the list says whether a review is due).
//! 4. A when-required dose is allowed only if the limits hold against the last dose the list knew
//!    and this tablet's own queued doses, counting conservatively (every dose of the last 24 hours
//!    still counts); it is flagged, because another tablet may have given one since.
//! 5. Any other regular dose is allowed.

use chrono::{DateTime, Duration, Utc};

use super::AdministrationOutcome;
use super::prn::PrnLimits;

/// How long a round list loaded while online may be worked offline.
pub const MAX_OFFLINE_MINUTES: i64 = 30;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OfflineDecision {
    Allowed,
    /// Allowed, with a warning the nurse sees before saving and the entry carries.
    Flagged(String),
    Blocked(String),
}

/// What the tablet knows about one dose it is about to record offline.
#[derive(Clone, Copy, Debug)]
pub struct OfflineDose<'a> {
    pub outcome: AdministrationOutcome,
    pub cd_schedule: Option<i16>,
    pub ost_review_required: bool,
    /// `Some` for a when-required dose.
    pub prn: Option<OfflinePrn<'a>>,
}

#[derive(Clone, Copy, Debug)]
pub struct OfflinePrn<'a> {
    pub limits: PrnLimits,
    pub last_given_at: Option<DateTime<Utc>>,
    pub given_in_24h: u32,
    /// Doses of this prescription this tablet has queued and not yet synced.
    pub queued: &'a [DateTime<Utc>],
}

/// The rule above, for one dose, at `now`, with the round list loaded at `list_loaded_at`.
pub fn decide(dose: OfflineDose<'_>, list_loaded_at: DateTime<Utc>, now: DateTime<Utc>) -> OfflineDecision {
    if now - list_loaded_at > Duration::minutes(MAX_OFFLINE_MINUTES) {
        return OfflineDecision::Blocked(format!(
            "Offline for more than {MAX_OFFLINE_MINUTES} minutes: reconnect so the round list is fresh before recording more."
        ));
    }
    let taken = dose.outcome.is_taken();
    if taken && super::controlled_drug::needs_witness(dose.cd_schedule) {
        return OfflineDecision::Blocked(
            "Controlled drugs cannot be recorded offline: the witness's password and the register balance are checked by the server. Record it as soon as the tablet is back online.".to_owned(),
        );
    }
    if taken && dose.ost_review_required {
        return OfflineDecision::Blocked(
            "Opioid substitution missed for 3 or more days needs a prescriber's review first.".to_owned(),
        );
    }
    let Some(prn) = dose.prn else { return OfflineDecision::Allowed };
    if !taken {
        return OfflineDecision::Allowed;
    }
    let recent: Vec<DateTime<Utc>> =
        prn.queued.iter().copied().filter(|at| *at > now - Duration::hours(24)).collect();
    let last = prn.last_given_at.into_iter().chain(recent.iter().copied()).max();
    if let Some(last) = last {
        let next = last + Duration::minutes(i64::from(prn.limits.min_interval_minutes));
        if next > now {
            return OfflineDecision::Blocked(format!(
                "Too soon: the last dose known to this tablet was at {}. Next dose allowed from {}.",
                super::clock::time(last),
                super::clock::time(next)
            ));
        }
    }
    let count = u64::from(prn.given_in_24h) + recent.len() as u64;
    if count >= u64::from(prn.limits.max_per_24h) {
        return OfflineDecision::Blocked(format!(
            "{count} doses in 24 hours are known to this tablet, the maximum is {}. Reconnect to check.",
            prn.limits.max_per_24h
        ));
    }
    OfflineDecision::Flagged(
        "Offline: limits checked against the doses this tablet knows about. Another tablet may have given a dose since; the server checks again when this syncs.".to_owned(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(h: u32, m: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 27, h, m, 0).single().expect("valid time")
    }

    fn regular(outcome: AdministrationOutcome, cd: Option<i16>) -> OfflineDose<'static> {
        OfflineDose { outcome, cd_schedule: cd, ost_review_required: false, prn: None }
    }

    const LIMITS: PrnLimits = PrnLimits { min_interval_minutes: 240, max_per_24h: 4 };

    #[test]
    fn a_regular_dose_is_allowed_within_the_offline_period_and_blocked_after_it() {
        let dose = regular(AdministrationOutcome::Given, None);
        assert_eq!(decide(dose, at(8, 0), at(8, 30)), OfflineDecision::Allowed);
        assert!(matches!(decide(dose, at(8, 0), at(8, 31)), OfflineDecision::Blocked(_)));
    }

    #[test]
    fn controlled_drugs_given_are_blocked_but_may_be_recorded_as_not_given() {
        for schedule in [2, 3] {
            let given = regular(AdministrationOutcome::Given, Some(schedule));
            assert!(
                matches!(decide(given, at(8, 0), at(8, 5)), OfflineDecision::Blocked(m) if m.contains("witness"))
            );
            let refused = regular(AdministrationOutcome::Refused, Some(schedule));
            assert_eq!(decide(refused, at(8, 0), at(8, 5)), OfflineDecision::Allowed);
        }
        let schedule_4 = regular(AdministrationOutcome::Given, Some(4));
        assert_eq!(decide(schedule_4, at(8, 0), at(8, 5)), OfflineDecision::Allowed);
    }

    #[test]
    fn opioid_substitution_due_a_review_is_blocked() {
        let dose = OfflineDose { ost_review_required: true, ..regular(AdministrationOutcome::Given, None) };
        assert!(matches!(decide(dose, at(8, 0), at(8, 5)), OfflineDecision::Blocked(_)));
    }

    #[test]
    fn prn_is_flagged_when_the_known_doses_allow_it() {
        let prn = OfflinePrn { limits: LIMITS, last_given_at: Some(at(2, 0)), given_in_24h: 1, queued: &[] };
        let dose = OfflineDose { prn: Some(prn), ..regular(AdministrationOutcome::Given, None) };
        assert!(matches!(decide(dose, at(8, 0), at(8, 5)), OfflineDecision::Flagged(_)));
    }

    #[test]
    fn prn_counts_this_tablets_queued_doses_for_the_interval_and_the_daily_maximum() {
        let queued = [at(6, 30)];
        let prn =
            OfflinePrn { limits: LIMITS, last_given_at: Some(at(1, 0)), given_in_24h: 1, queued: &queued };
        let dose = OfflineDose { prn: Some(prn), ..regular(AdministrationOutcome::Given, None) };
        assert!(
            matches!(decide(dose, at(7, 45), at(8, 0)), OfflineDecision::Blocked(m) if m.contains("Too soon"))
        );

        let queued = [at(1, 0)];
        let prn =
            OfflinePrn { limits: LIMITS, last_given_at: Some(at(0, 0)), given_in_24h: 3, queued: &queued };
        let dose = OfflineDose { prn: Some(prn), ..regular(AdministrationOutcome::Given, None) };
        assert!(
            matches!(decide(dose, at(7, 50), at(8, 0)), OfflineDecision::Blocked(m) if m.contains("maximum"))
        );
    }

    #[test]
    fn prn_not_given_needs_no_limit_check() {
        let prn = OfflinePrn { limits: LIMITS, last_given_at: Some(at(7, 59)), given_in_24h: 9, queued: &[] };
        let dose = OfflineDose { prn: Some(prn), ..regular(AdministrationOutcome::Refused, None) };
        assert_eq!(decide(dose, at(8, 0), at(8, 5)), OfflineDecision::Allowed);
    }
}
