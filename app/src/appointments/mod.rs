//! Appointments and clinic lists: booking (or the waiting list), the clinic's day with outcomes,
//! hospital escorts, reports of did-not-attend and establishment cancellations, and the carry-over
//! to the next establishment when a patient moves.

mod clinic_page;
mod panel;
mod report_page;
mod server_fns;
mod slip_page;
#[cfg(feature = "ssr")]
pub mod ssr;

pub use clinic_page::ClinicListPage;
pub use panel::AppointmentsPanel;
pub use report_page::AppointmentReportPage;
pub use server_fns::*;
pub use slip_page::AppointmentSlipPage;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::domain::appointment::{AppointmentStatus, ClinicKind, Priority};
use crate::record::{ActiveAlert, AllergyStatus};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClinicChoice {
    pub id: Uuid,
    pub kind: ClinicKind,
    pub name: String,
    pub place: String,
    pub slot_minutes: i32,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClinicianChoice {
    pub id: Uuid,
    pub name: String,
    pub role: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AppointmentView {
    pub id: Uuid,
    pub clinic_kind: ClinicKind,
    pub clinic_name: Option<String>,
    pub clinician: Option<String>,
    pub starts_at: Option<DateTime<Utc>>,
    pub ends_at: Option<DateTime<Utc>>,
    pub reason: String,
    pub priority: Priority,
    pub status: AppointmentStatus,
    pub escort_required: bool,
    pub security_note: String,
    pub requested_at: DateTime<Utc>,
    pub outcome_reason: Option<String>,
    pub outcome_note: String,
    /// The establishment it was carried over from, for an appointment that came with a transfer.
    pub carried_from: Option<String>,
    /// For a hospital appointment, when the clinic letter reached healthcare.
    pub letter_received_at: Option<DateTime<Utc>>,
}

/// The appointments card on the patient's record.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PatientAppointments {
    pub outstanding: Vec<AppointmentView>,
    pub recent: Vec<AppointmentView>,
    pub clinics: Vec<ClinicChoice>,
    pub clinicians: Vec<ClinicianChoice>,
}

/// A booking (or a place on the waiting list when no time is given).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BookingRequest {
    pub clinic_id: Option<Uuid>,
    /// `YYYY-MM-DD` and `HH:MM` (London); both empty puts the patient on the waiting list.
    pub date: String,
    pub time: String,
    pub clinician_id: Option<Uuid>,
    pub reason: String,
    pub priority: String,
    pub escort_required: bool,
    pub security_note: String,
    /// Rebooking: the appointment (waiting, to rebook, or booked) this booking replaces.
    pub continues_id: Option<Uuid>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClinicListRow {
    pub appointment: AppointmentView,
    pub prison_number: String,
    pub name: String,
    pub date_of_birth: NaiveDate,
    /// The cell now, or "Transferred" / "Released" for someone no longer held here.
    pub location: String,
    /// Shown only while the patient is held here or on their way here.
    pub allergies: Option<AllergyStatus>,
    pub alerts: Vec<ActiveAlert>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WaitingRow {
    pub appointment: AppointmentView,
    pub prison_number: String,
    pub name: String,
    pub days_waited: i64,
}

/// A clinic's day: the list ordered by time, the free slots, and the waiting list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClinicDay {
    pub clinics: Vec<ClinicChoice>,
    pub clinic: Option<ClinicChoice>,
    pub date: NaiveDate,
    pub rows: Vec<ClinicListRow>,
    pub free_slots: Vec<DateTime<Utc>>,
    pub waiting: Vec<WaitingRow>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClinicRates {
    pub clinic: String,
    pub booked: i64,
    pub attended: i64,
    pub did_not_attend: i64,
    pub refused: i64,
    pub cancelled_by_establishment: i64,
    pub patient_away: i64,
    pub did_not_attend_rate: Option<u32>,
    pub establishment_cancelled_rate: Option<u32>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReasonCount {
    pub clinic: String,
    pub outcome: String,
    pub reason: String,
    pub count: i64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WaitingTime {
    pub clinic: String,
    pub waiting_now: i64,
    pub median_days_to_appointment: Option<f64>,
    pub longest_wait_now_days: Option<i64>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AppointmentReport {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub clinics: Vec<ClinicRates>,
    pub reasons: Vec<ReasonCount>,
    pub waiting: Vec<WaitingTime>,
}
