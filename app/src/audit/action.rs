//! Every action the audit trail records, named once: its stored dotted code and the plain words a
//! manager reads in the trail. An enum, so an action cannot be misspelt at the call site and none
//! reaches the trail without words.

macro_rules! audit_actions {
    ($($variant:ident = $code:literal, $words:literal;)+) => {
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum AuditAction { $($variant),+ }

        impl AuditAction {
            pub const ALL: &'static [AuditAction] = &[$(AuditAction::$variant),+];

            /// The dotted code stored in `audit_event.action`.
            pub fn code(self) -> &'static str {
                match self { $(AuditAction::$variant => $code),+ }
            }

            /// What the manager reads in the trail.
            pub fn describe(self) -> &'static str {
                match self { $(AuditAction::$variant => $words),+ }
            }

            /// The action a stored code names; `None` for a code no longer written.
            pub fn from_code(code: &str) -> Option<Self> {
                match code { $($code => Some(AuditAction::$variant),)+ _ => None }
            }
        }
    };
}

audit_actions! {
    AdministrationRecord = "administration.record", "Recorded a dose";
    AlertClose = "alert.close", "Closed an alert";
    AlertList = "alert.list", "Read alerts";
    AlertRaise = "alert.raise", "Raised an alert";
    AllergyRecord = "allergy.record", "Recorded allergies";
    AllergyRecordNone = "allergy.record_none", "Recorded allergies";
    AppointmentBook = "appointment.book", "Booked an appointment";
    AppointmentCancel = "appointment.cancel", "Cancelled an appointment";
    AppointmentClinicDayRole = "appointment.clinic_day.role", "Tried to open a clinic day (not allowed for the role)";
    AppointmentClinicListRead = "appointment.clinic_list.read", "Read a clinic list";
    AppointmentLetterReceived = "appointment.letter_received", "Recorded a hospital letter received";
    AppointmentOutcome = "appointment.outcome", "Recorded an appointment outcome";
    AppointmentRead = "appointment.read", "Read appointments";
    AppointmentReportRead = "appointment.report.read", "Read the attendance report";
    AppointmentReportRole = "appointment.report.role", "Tried to read the attendance report (not allowed for the role)";
    AppointmentSlipPrint = "appointment.slip.print", "Printed an appointment slip";
    AuditExport = "audit.export", "Exported an audit trail";
    AuditPatientExport = "audit.patient.export", "Exported the patient's audit trail";
    AuditPatientRead = "audit.patient.read", "Read the patient's audit trail";
    AuditRead = "audit.read", "Read an audit trail";
    AuditStaffExport = "audit.staff.export", "Exported a user's audit trail";
    AuditStaffRead = "audit.staff.read", "Read a user's audit trail";
    AuthChooseEstablishment = "auth.choose_establishment", "Chose an establishment";
    AuthLock = "auth.lock", "Locked the screen";
    AuthPasswordChange = "auth.password.change", "Changed password";
    AuthSignIn = "auth.sign_in", "Signed in";
    AuthUnlock = "auth.unlock", "Unlocked the screen";
    AuthWitness = "auth.witness", "Witnessed a controlled drug (password checked)";
    BreakGlassReportRead = "break_glass.report.read", "Read the break-glass report";
    BreakGlassReview = "break_glass.review", "Reviewed a break-glass access";
    BreakGlassReviewOwn = "break_glass.review.own", "Tried to review their own break-glass use";
    BreakGlassStart = "break_glass.start", "Broke the glass";
    CdRole = "cd.role", "Tried to open the controlled-drug register (role)";
    CdStockEntryRole = "cd.stock_entry.role", "Tried to record controlled-drug stock (role)";
    CdRegisterEntriesRead = "cd_register.entries.read", "Read controlled-drug register lines";
    CdRegisterEntry = "cd_register.entry", "Recorded a controlled-drug register entry";
    CdRegisterRead = "cd_register.read", "Read the controlled-drug register";
    DischargeRead = "discharge.read", "Read the discharge summary";
    DischargeRelease = "discharge.release", "Released the patient";
    DischargeReleaseRole = "discharge.release.role", "Tried to release a patient (not allowed for the role)";
    EstablishmentOverviewRead = "establishment.overview.read", "Opened the establishment home page";
    EstablishmentOverviewRole = "establishment.overview.role", "Tried to open the establishment home page (not allowed for the role)";
    HandoverRead = "handover.read", "Read the handover";
    LiveRoundActivityRole = "live.round_activity.role", "Tried to follow live round activity (not allowed for the role)";
    MarRead = "mar.read", "Read the administration record";
    MedicinesReconcile = "medicines.reconcile", "Reconciled medicines";
    MovementRead = "movement.read", "Read movements";
    MovementRecord = "movement.record", "Recorded a movement";
    MovementRemandElsewhere = "movement.remand_elsewhere", "Recorded a movement";
    NeverInPossessionAdd = "never_in_possession.add", "Added a medicine to the never-in-possession list";
    NeverInPossessionRemove = "never_in_possession.remove", "Removed a medicine from the never-in-possession list";
    OfflineConflict = "offline.conflict", "Kept an offline entry as a conflict";
    OfflineConflictResolve = "offline.conflict.resolve", "Resolved an offline entry conflict";
    OfflineConflictsRead = "offline.conflicts.read", "Read offline entry conflicts";
    OfflineConflictsRole = "offline.conflicts.role", "Tried to read offline conflicts (not allowed for the role)";
    OfflineKey = "offline.key", "Fetched the offline round key";
    OfflineQueueKeyRole = "offline.queue_key.role", "Tried to fetch the offline key (not allowed for the role)";
    OfflineResolveRole = "offline.resolve.role", "Tried to resolve an offline conflict (not allowed for the role)";
    OfflineSync = "offline.sync", "Synced an offline round entry";
    OfflineSyncRole = "offline.sync.role", "Tried to sync an offline entry (not allowed for the role)";
    PatientBannerRead = "patient.banner.read", "Opened the record";
    PatientFhirExport = "patient.fhir.export", "Downloaded the record (FHIR)";
    PatientSearch = "patient.search", "Searched for patients";
    PatientSearchRole = "patient.search.role", "Tried to search for patients (not allowed for the role)";
    PrescriptionAddNeverInPossessionRole = "prescription.add_never_in_possession.role", "Tried to add to the never-in-possession list (not allowed for the role)";
    PrescriptionList = "prescription.list", "Read medicines";
    PrescriptionOstReview = "prescription.ost_review", "Reviewed missed opioid substitution";
    PrescriptionPrescribeRole = "prescription.prescribe.role", "Tried to prescribe (not allowed for the role)";
    PrescriptionRecordOstReviewRole = "prescription.record_ost_review.role", "Tried to review missed opioid substitution (not allowed for the role)";
    PrescriptionRemoveNeverInPossessionRole = "prescription.remove_never_in_possession.role", "Tried to remove from the never-in-possession list (not allowed for the role)";
    PrescriptionStop = "prescription.stop", "Stopped a prescription";
    PrescriptionStopRole = "prescription.stop.role", "Tried to stop a prescription (not allowed for the role)";
    PrescriptionSupply = "prescription.supply", "Supplied a medicine in possession";
    PrescriptionSupplyInPossessionRole = "prescription.supply_in_possession.role", "Tried to supply in possession (not allowed for the role)";
    PrescriptionWrite = "prescription.write", "Prescribed";
    ProblemList = "problem.list", "Read problems";
    ProblemRecord = "problem.record", "Recorded a problem";
    ProblemResolve = "problem.resolve", "Resolved a problem";
    ReceptionRead = "reception.read", "Opened reception";
    RoundList = "round.list", "Opened a round list";
    RoundListRole = "round.list.role", "Tried to open a round list (not allowed for the role)";
    RoundMissedDoses = "round.missed_doses", "Read the missed doses report";
    RoundMissedDosesRole = "round.missed_doses.role", "Tried to read the missed doses report (not allowed for the role)";
    RoundOptionsRole = "round.options.role", "Tried to open rounds (not allowed for the role)";
    RoundRecordDoseRole = "round.record_dose.role", "Tried to record a dose (not allowed for the role)";
    ScreeningRecord = "screening.record", "Recorded a screening";
    ScreeningSecondStageRecord = "screening.second_stage.record", "Recorded a second-stage health assessment";
    ScreeningStatusRead = "screening.status.read", "Read the screening status";
    ScreeningWorklistRead = "screening.worklist.read", "Read the screening worklist";
    ScreeningWorklistRole = "screening.worklist.role", "Tried to read the screening worklist (not allowed for the role)";
    TimelineDayDosesRead = "timeline.day_doses.read", "Read a day's doses";
    TimelineEnteredInError = "timeline.entered_in_error", "Marked an entry entered in error";
    TimelineFacetsRead = "timeline.facets.read", "Read the timeline";
    TimelineNoteWrite = "timeline.note.write", "Wrote a note";
    TimelineRead = "timeline.read", "Read the timeline";
    TransferCancel = "transfer.cancel", "Cancelled a transfer";
    TransferConfirmFitRole = "transfer.confirm_fit.role", "Tried to confirm fitness to transfer (not allowed for the role)";
    TransferDepart = "transfer.depart", "Recorded a departure";
    TransferDepartOverrideMedicalHold = "transfer.depart.override_medical_hold", "Overrode a Medical hold to depart";
    TransferFitToTransfer = "transfer.fit_to_transfer", "Confirmed fit to transfer";
    TransferListsRead = "transfer.lists.read", "Read the transfer lists";
    TransferListsRole = "transfer.lists.role", "Tried to read the transfer lists (not allowed for the role)";
    TransferReceive = "transfer.receive", "Received a patient";
    TransferReconcileRole = "transfer.reconcile.role", "Tried to reconcile medicines (not allowed for the role)";
    TransferRedirect = "transfer.redirect", "Redirected a transfer";
    TransferSchedule = "transfer.schedule", "Scheduled a transfer";
}

#[cfg(test)]
mod tests {
    use super::AuditAction;
    use std::collections::HashSet;

    #[test]
    fn every_action_has_one_code_that_reads_back() {
        let mut seen = HashSet::new();
        for &action in AuditAction::ALL {
            assert!(seen.insert(action.code()), "{} twice", action.code());
            assert_eq!(AuditAction::from_code(action.code()), Some(action));
            assert!(!action.describe().is_empty());
        }
        assert_eq!(AuditAction::from_code("something.new"), None);
    }

    #[test]
    fn codes_are_lower_case_dotted_names() {
        for &action in AuditAction::ALL {
            let code = action.code();
            assert!(code.split('.').count() >= 2, "{code}");
            assert!(code.chars().all(|c| c.is_ascii_lowercase() || c == '.' || c == '_'), "{code}");
        }
    }
}
