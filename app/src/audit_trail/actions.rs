//! Plain words for the audit's action names, so a manager reading the trail need not know them.

pub fn describe(action: &str) -> &'static str {
    match action {
        "patient.banner.read" => "Opened the record",
        "patient.search" => "Searched for patients",
        "patient.fhir.export" => "Downloaded the record (FHIR)",
        "timeline.read" | "timeline.facets.read" => "Read the timeline",
        "timeline.note.write" => "Wrote a note",
        "timeline.entered_in_error" => "Marked an entry entered in error",
        "allergy.record" | "allergy.record_none" => "Recorded allergies",
        "alert.raise" => "Raised an alert",
        "alert.close" => "Closed an alert",
        "alert.list" => "Read alerts",
        "problem.record" => "Recorded a problem",
        "problem.resolve" => "Resolved a problem",
        "problem.list" => "Read problems",
        "screening.record" => "Recorded a screening",
        "prescription.write" => "Prescribed",
        "prescription.stop" => "Stopped a prescription",
        "prescription.list" => "Read medicines",
        "administration.record" => "Recorded a dose",
        "mar.read" => "Read the administration record",
        "handover.read" => "Read the handover",
        "reception.read" => "Opened reception",
        "movement.read" => "Read movements",
        "movement.record" | "movement.remand_elsewhere" => "Recorded a movement",
        "medicines.reconcile" => "Reconciled medicines",
        "discharge.read" => "Read the discharge summary",
        "discharge.release" => "Released the patient",
        "appointment.read" => "Read appointments",
        "appointment.book" => "Booked an appointment",
        "appointment.cancel" => "Cancelled an appointment",
        "appointment.outcome" => "Recorded an appointment outcome",
        "auth.sign_in" => "Signed in",
        "auth.lock" => "Locked the screen",
        "auth.unlock" => "Unlocked the screen",
        "auth.password.change" => "Changed password",
        "auth.witness" => "Witnessed a controlled drug (password checked)",
        "screening.worklist.read" => "Read the screening worklist",
        "establishment.overview.read" => "Opened the establishment home page",
        "appointment.report.read" => "Read the attendance report",
        "appointment.clinic_list.read" => "Read a clinic list",
        "appointment.slip.print" => "Printed an appointment slip",
        "auth.choose_establishment" => "Chose an establishment",
        "break_glass.start" => "Broke the glass",
        "break_glass.review" => "Reviewed a break-glass access",
        "break_glass.report.read" => "Read the break-glass report",
        "audit.patient.read" => "Read the patient's audit trail",
        "audit.staff.read" => "Read a user's audit trail",
        "audit.export" => "Exported an audit trail",
        a if a.starts_with("transfer.") => "Transfer step",
        a if a.starts_with("round.") => "Medication round",
        a if a.starts_with("cd_register.") => "Controlled-drug register",
        _ => "Other",
    }
}

#[cfg(test)]
mod tests {
    use super::describe;

    #[test]
    fn known_actions_have_words_and_unknown_ones_say_other() {
        assert_eq!(describe("patient.banner.read"), "Opened the record");
        assert_eq!(describe("transfer.depart"), "Transfer step");
        assert_eq!(describe("something.new"), "Other");
    }
}
