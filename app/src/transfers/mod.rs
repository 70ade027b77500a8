//! Transfers between establishments and the other movements of custody: the sending team's
//! handover, the patient in transit, reception and medicines reconciliation at the receiving
//! establishment, court and hospital escorts, and release.

mod handover_page;
mod handover_view;
mod lists_page;
mod movement_panel;
mod reception_page;
mod reconciliation_form;
mod server_fns;
#[cfg(feature = "ssr")]
pub mod ssr;

pub use handover_page::HandoverPage;
pub use lists_page::TransfersPage;
pub use movement_panel::MovementPanel;
pub use reception_page::ReceptionPage;
pub use server_fns::*;

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::domain::WhereaboutsStatus;
use crate::domain::transfer::TransferStatus;
use crate::medicines::{ActivePrescription, RoundTime};
use crate::problems::ActiveProblem;
use crate::record::{ActiveAlert, AllergyStatus};

/// Who did something and when.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Signed {
    pub by: String,
    pub at: DateTime<Utc>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EstablishmentChoice {
    pub code: String,
    pub name: String,
}

/// A transfer as both ends see it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TransferDetails {
    pub id: Uuid,
    pub status: TransferStatus,
    pub from: EstablishmentChoice,
    pub to: EstablishmentChoice,
    pub planned_for: NaiveDate,
    pub reason: String,
    pub scheduled: Signed,
    pub fit_confirmed: Option<Signed>,
    pub fit_note: Option<String>,
    pub hold_override: Option<(Signed, String)>,
    pub departed: Option<Signed>,
    pub arrived: Option<Signed>,
    pub cancelled: Option<(Signed, String)>,
    /// Earlier destinations, oldest first: "HMP X → HMP Y (reason)".
    pub redirects: Vec<String>,
}

/// The movement card on the patient's record.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MovementPanelData {
    pub status: Option<WhereaboutsStatus>,
    pub whereabouts: String,
    /// The patient's live transfer, if any.
    pub transfer: Option<TransferDetails>,
    /// The user works at the establishment the patient would leave from.
    pub at_sending_establishment: bool,
    /// The patient is in transit to the user's establishment.
    pub incoming_here: bool,
    pub medical_hold: bool,
    pub destinations: Vec<EstablishmentChoice>,
    pub may_confirm_fit: bool,
    pub may_override_hold: bool,
}

/// Where the handover came from: assembled now from the live record, or the copy stored when
/// the transfer was scheduled or when the patient left.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum HandoverStage {
    Live,
    Scheduled,
    Departed,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HandoverPatient {
    pub prison_number: String,
    pub given_name: String,
    pub family_name: String,
    pub date_of_birth: NaiveDate,
    pub nhs_number: Option<String>,
    pub sex: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HandoverNote {
    pub at: DateTime<Utc>,
    pub author: Option<String>,
    pub establishment_code: String,
    pub summary: String,
    pub body: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScreeningState {
    pub first_stage_at: Option<DateTime<Utc>>,
    pub second_stage_due_at: Option<DateTime<Utc>>,
    pub second_stage_done: bool,
}

/// What travels with the patient: everything the next team needs on the first night.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HandoverPack {
    pub patient: HandoverPatient,
    pub transfer: Option<TransferDetails>,
    pub stage: HandoverStage,
    pub assembled_at: DateTime<Utc>,
    /// Critical medicines (OST first) lead, each with its last dose.
    pub prescriptions: Vec<ActivePrescription>,
    pub allergies: AllergyStatus,
    /// ACCT open first.
    pub alerts: Vec<ActiveAlert>,
    pub problems: Vec<ActiveProblem>,
    pub screening: ScreeningState,
    pub recent_notes: Vec<HandoverNote>,
    /// Appointments still to happen; packs stored before appointments were kept have none.
    #[serde(default)]
    pub appointments: Vec<crate::appointments::AppointmentView>,
}

/// One line of the establishment's transfer lists.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TransferRow {
    /// None for a patient on the road without a transfer here (remanded from court, say).
    pub transfer_id: Option<Uuid>,
    pub prison_number: String,
    pub name: String,
    pub from: EstablishmentChoice,
    pub to: EstablishmentChoice,
    pub planned_for: NaiveDate,
    pub status: TransferStatus,
    pub fit_confirmed: bool,
    pub medical_hold: bool,
    pub critical_medicines: i64,
    pub departed_at: Option<DateTime<Utc>>,
    pub arrived_at: Option<DateTime<Utc>>,
}

/// A patient here whose medicines from another establishment are not yet reconciled.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReconciliationDue {
    pub prison_number: String,
    pub name: String,
    pub location: String,
    pub arrived_at: DateTime<Utc>,
    pub pending: i64,
    pub critical_pending: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TransferLists {
    pub outgoing: Vec<TransferRow>,
    pub incoming: Vec<TransferRow>,
    pub reconciliation_due: Vec<ReconciliationDue>,
    pub recently_left: Vec<TransferRow>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CellChoice {
    pub id: Uuid,
    pub code: String,
    pub landing: String,
}

/// A medicine the patient arrived with, awaiting a decision here.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PendingMedicine {
    pub prescription: ActivePrescription,
    /// The receiving rounds the doses would move to, or why they cannot simply continue.
    pub proposed_times: Result<Vec<NaiveTime>, String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReconciledMedicine {
    pub product_name: String,
    pub decision: String,
    pub reason: String,
    pub decided: Signed,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReceptionData {
    pub status: Option<WhereaboutsStatus>,
    pub incoming_here: bool,
    pub arrived_here: bool,
    pub transfer: Option<TransferDetails>,
    pub cells: Vec<CellChoice>,
    pub pending: Vec<PendingMedicine>,
    pub reconciled: Vec<ReconciledMedicine>,
    pub round_times: Vec<RoundTime>,
    pub may_reconcile: bool,
    pub arrived_at: Option<DateTime<Utc>>,
}

/// Medicines whose omission harms quickly: reconciled on the first night, first on the handover.
pub fn is_critical(prescription: &ActivePrescription) -> bool {
    prescription.is_ost || prescription.critical_class.is_some()
}

/// A prescriber's decision on one medicine the patient arrived with.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReconcileRequest {
    pub prescription_id: Uuid,
    pub decision: crate::domain::transfer::ReconciliationDecision,
    pub reason: String,
    /// For a change: the new dose as typed (e.g. `2.5`); empty keeps the dose.
    pub dose: String,
    /// For a change of a regular medicine: the receiving rounds chosen.
    pub round_times: Vec<NaiveTime>,
}

/// The movements recorded from the patient's movement card, other than transfers and release
/// (which writes the discharge summary).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CustodyMovement {
    CourtOut,
    CourtReturn,
    TemporaryAbsenceOut,
    TemporaryAbsenceReturn,
}

impl CustodyMovement {
    pub fn label(self) -> &'static str {
        match self {
            Self::CourtOut => "Out to court",
            Self::CourtReturn => "Back from court",
            Self::TemporaryAbsenceOut => "Out on hospital escort / temporary absence",
            Self::TemporaryAbsenceReturn => "Back from temporary absence",
        }
    }

    /// The movements that make sense from where the patient is.
    pub fn offered(status: Option<WhereaboutsStatus>) -> Vec<Self> {
        match status {
            Some(WhereaboutsStatus::InEstablishment) => vec![Self::CourtOut, Self::TemporaryAbsenceOut],
            Some(WhereaboutsStatus::AtCourt) => vec![Self::CourtReturn],
            Some(WhereaboutsStatus::TemporaryAbsence) => vec![Self::TemporaryAbsenceReturn],
            _ => Vec::new(),
        }
    }
}
