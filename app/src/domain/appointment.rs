//! Appointments: clinics, outcomes with reportable reasons, free slots and attendance rates.

use chrono::{DateTime, Duration, NaiveDate, NaiveTime, Utc};
use serde::{Deserialize, Serialize};

use super::round_schedule::round_instant;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ClinicKind {
    Gp,
    Nurse,
    Dentist,
    Optician,
    Physiotherapy,
    MentalHealth,
    SubstanceMisuse,
    Pharmacist,
    /// An outside hospital: needs an escort and a booked time out of the establishment.
    Hospital,
}

impl ClinicKind {
    pub const ALL: [Self; 9] = [
        Self::Gp,
        Self::Nurse,
        Self::Dentist,
        Self::Optician,
        Self::Physiotherapy,
        Self::MentalHealth,
        Self::SubstanceMisuse,
        Self::Pharmacist,
        Self::Hospital,
    ];

    pub fn as_db(self) -> &'static str {
        match self {
            Self::Gp => "gp",
            Self::Nurse => "nurse",
            Self::Dentist => "dentist",
            Self::Optician => "optician",
            Self::Physiotherapy => "physiotherapy",
            Self::MentalHealth => "mental_health",
            Self::SubstanceMisuse => "substance_misuse",
            Self::Pharmacist => "pharmacist",
            Self::Hospital => "hospital",
        }
    }

    pub fn from_db(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_db() == value)
    }

    pub fn title(self) -> &'static str {
        match self {
            Self::Gp => "GP",
            Self::Nurse => "Nurse",
            Self::Dentist => "Dentist",
            Self::Optician => "Optician",
            Self::Physiotherapy => "Physiotherapy",
            Self::MentalHealth => "Mental health",
            Self::SubstanceMisuse => "Substance misuse",
            Self::Pharmacist => "Pharmacist",
            Self::Hospital => "Hospital outpatient",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Priority {
    Routine,
    Soon,
    Urgent,
}

impl Priority {
    pub const ALL: [Self; 3] = [Self::Routine, Self::Soon, Self::Urgent];

    pub fn as_db(self) -> &'static str {
        match self {
            Self::Routine => "routine",
            Self::Soon => "soon",
            Self::Urgent => "urgent",
        }
    }

    pub fn from_db(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|p| p.as_db() == value)
    }

    pub fn title(self) -> &'static str {
        match self {
            Self::Routine => "Routine",
            Self::Soon => "Soon",
            Self::Urgent => "Urgent",
        }
    }
}

/// Where an appointment stands. The outcomes after `Booked` are the reportable ones.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AppointmentStatus {
    /// On the clinic's waiting list, no time yet.
    Waiting,
    Booked,
    /// Carried over from another establishment on transfer: this establishment must rebook it.
    ToRebook,
    Attended,
    DidNotAttend,
    Refused,
    CancelledByEstablishment,
    /// Cancelled clinically (no longer needed, booked in error), with a reason.
    Cancelled,
    PatientAway,
    /// Closed at the sending establishment because the patient moved; carried to the next.
    Transferred,
    /// Closed because the patient was released.
    Released,
}

impl AppointmentStatus {
    pub const ALL: [Self; 11] = [
        Self::Waiting,
        Self::Booked,
        Self::ToRebook,
        Self::Attended,
        Self::DidNotAttend,
        Self::Refused,
        Self::CancelledByEstablishment,
        Self::Cancelled,
        Self::PatientAway,
        Self::Transferred,
        Self::Released,
    ];

    /// The outcomes a clinic list records for a booked appointment.
    pub const OUTCOMES: [Self; 5] = [
        Self::Attended,
        Self::DidNotAttend,
        Self::Refused,
        Self::CancelledByEstablishment,
        Self::PatientAway,
    ];

    pub fn as_db(self) -> &'static str {
        match self {
            Self::Waiting => "waiting",
            Self::Booked => "booked",
            Self::ToRebook => "to_rebook",
            Self::Attended => "attended",
            Self::DidNotAttend => "did_not_attend",
            Self::Refused => "refused",
            Self::CancelledByEstablishment => "cancelled_by_establishment",
            Self::Cancelled => "cancelled",
            Self::PatientAway => "patient_away",
            Self::Transferred => "transferred",
            Self::Released => "released",
        }
    }

    pub fn from_db(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_db() == value)
    }

    pub fn title(self) -> &'static str {
        match self {
            Self::Waiting => "On the waiting list",
            Self::Booked => "Booked",
            Self::ToRebook => "To rebook (came with a transfer)",
            Self::Attended => "Attended",
            Self::DidNotAttend => "Did not attend",
            Self::Refused => "Refused",
            Self::CancelledByEstablishment => "Cancelled by the establishment",
            Self::Cancelled => "Cancelled",
            Self::PatientAway => "Patient away",
            Self::Transferred => "Transferred",
            Self::Released => "Released",
        }
    }

    /// Still to happen: what the handover carries and the receiving establishment must act on.
    pub fn is_outstanding(self) -> bool {
        matches!(self, Self::Waiting | Self::Booked | Self::ToRebook)
    }
}

/// Why the establishment cancelled (reportable).
pub const ESTABLISHMENT_REASONS: [(&str, &str); 5] = [
    ("regime", "Regime (unlock, movement times)"),
    ("lockdown", "Lockdown or incident"),
    ("staffing", "Healthcare staffing"),
    ("escort", "No escort or officers available"),
    ("other", "Other"),
];

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
pub enum OutcomeProblem {
    #[error("Only a booked appointment can have an outcome recorded.")]
    NotBooked,
    #[error("Choose attended, did not attend, refused, cancelled by the establishment, or patient away.")]
    NotAnOutcome,
    #[error("Choose why the establishment cancelled: regime, lockdown, staffing, escort or other.")]
    NeedsEstablishmentReason,
    #[error("Say why: a refusal or an 'other' cancellation needs a note.")]
    NeedsNote,
    #[error("An outcome cannot be recorded before the appointment's time.")]
    TooEarly,
}

/// Checks an outcome for a booked appointment at `starts_at`, recorded at `now`.
pub fn check_outcome(
    current: AppointmentStatus,
    outcome: AppointmentStatus,
    reason_code: Option<&str>,
    note: &str,
    starts_at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<(), OutcomeProblem> {
    if current != AppointmentStatus::Booked {
        return Err(OutcomeProblem::NotBooked);
    }
    if !AppointmentStatus::OUTCOMES.contains(&outcome) {
        return Err(OutcomeProblem::NotAnOutcome);
    }
    // Cancellations and "away" are known beforehand; attendance is not.
    let known_beforehand =
        matches!(outcome, AppointmentStatus::CancelledByEstablishment | AppointmentStatus::PatientAway);
    if !known_beforehand && now < starts_at - Duration::minutes(30) {
        return Err(OutcomeProblem::TooEarly);
    }
    if outcome == AppointmentStatus::CancelledByEstablishment {
        match reason_code {
            Some(code) if ESTABLISHMENT_REASONS.iter().any(|(c, _)| *c == code) => {
                if code == "other" && note.trim().is_empty() {
                    return Err(OutcomeProblem::NeedsNote);
                }
            }
            _ => return Err(OutcomeProblem::NeedsEstablishmentReason),
        }
    }
    if outcome == AppointmentStatus::Refused && note.trim().is_empty() {
        return Err(OutcomeProblem::NeedsNote);
    }
    Ok(())
}

/// A clinic session's free start times on `date`: every `slot_minutes` from `opens` to `closes`
/// (London time) not overlapping a booked appointment `(start, end)`.
pub fn free_slots(
    date: NaiveDate,
    opens: NaiveTime,
    closes: NaiveTime,
    slot_minutes: u32,
    booked: &[(DateTime<Utc>, DateTime<Utc>)],
) -> Vec<DateTime<Utc>> {
    let step = Duration::minutes(i64::from(slot_minutes.max(5)));
    let mut out = Vec::new();
    let end = round_instant(date, closes);
    let mut at = round_instant(date, opens);
    while at + step <= end {
        let slot_end = at + step;
        if !booked.iter().any(|(s, e)| *s < slot_end && at < *e) {
            out.push(at);
        }
        at = slot_end;
    }
    out
}

/// A share as a whole percentage, or none when nothing was counted.
pub fn rate(part: i64, whole: i64) -> Option<u32> {
    if whole <= 0 {
        return None;
    }
    u32::try_from((part * 100 + whole / 2) / whole).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(h: u32, m: u32) -> DateTime<Utc> {
        round_instant(day(), NaiveTime::from_hms_opt(h, m, 0).unwrap_or_default())
    }

    fn day() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 1, 15).unwrap_or_default()
    }

    fn t(h: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, 0, 0).unwrap_or_default()
    }

    #[test]
    fn a_booked_slot_is_not_offered_again() {
        let slots = free_slots(day(), t(9), t(10), 15, &[(at(9, 15), at(9, 30))]);
        assert_eq!(slots, vec![at(9, 0), at(9, 30), at(9, 45)]);
    }

    #[test]
    fn a_long_booking_covers_every_slot_it_overlaps() {
        let slots = free_slots(day(), t(9), t(10), 15, &[(at(9, 10), at(9, 40))]);
        assert_eq!(slots, vec![at(9, 45)]);
    }

    #[test]
    fn an_establishment_cancellation_needs_a_reportable_reason() {
        let now = at(9, 0);
        let r = |code, note| {
            check_outcome(
                AppointmentStatus::Booked,
                AppointmentStatus::CancelledByEstablishment,
                code,
                note,
                at(10, 0),
                now,
            )
        };
        assert_eq!(r(None, ""), Err(OutcomeProblem::NeedsEstablishmentReason));
        assert_eq!(r(Some("weather"), ""), Err(OutcomeProblem::NeedsEstablishmentReason));
        assert_eq!(r(Some("other"), " "), Err(OutcomeProblem::NeedsNote));
        assert_eq!(r(Some("lockdown"), ""), Ok(()));
    }

    #[test]
    fn attendance_is_not_recorded_long_before_the_appointment() {
        let early = check_outcome(
            AppointmentStatus::Booked,
            AppointmentStatus::Attended,
            None,
            "",
            at(14, 0),
            at(9, 0),
        );
        assert_eq!(early, Err(OutcomeProblem::TooEarly));
        let on_time = check_outcome(
            AppointmentStatus::Booked,
            AppointmentStatus::Attended,
            None,
            "",
            at(14, 0),
            at(13, 45),
        );
        assert_eq!(on_time, Ok(()));
    }

    #[test]
    fn only_a_booked_appointment_gets_an_outcome() {
        let r = check_outcome(
            AppointmentStatus::Waiting,
            AppointmentStatus::Attended,
            None,
            "",
            at(9, 0),
            at(9, 0),
        );
        assert_eq!(r, Err(OutcomeProblem::NotBooked));
        let r =
            check_outcome(AppointmentStatus::Booked, AppointmentStatus::Booked, None, "", at(9, 0), at(9, 0));
        assert_eq!(r, Err(OutcomeProblem::NotAnOutcome));
    }

    #[test]
    fn a_refusal_needs_a_note() {
        let r = check_outcome(
            AppointmentStatus::Booked,
            AppointmentStatus::Refused,
            None,
            "",
            at(9, 0),
            at(9, 0),
        );
        assert_eq!(r, Err(OutcomeProblem::NeedsNote));
    }

    #[test]
    fn rates_round_to_whole_percentages_and_nothing_counted_is_no_rate() {
        assert_eq!(rate(1, 3), Some(33));
        assert_eq!(rate(2, 3), Some(67));
        assert_eq!(rate(0, 0), None);
    }

    #[test]
    fn every_status_round_trips_through_its_stored_value() {
        for s in AppointmentStatus::ALL {
            assert_eq!(AppointmentStatus::from_db(s.as_db()), Some(s));
        }
        for k in ClinicKind::ALL {
            assert_eq!(ClinicKind::from_db(k.as_db()), Some(k));
        }
    }
}
