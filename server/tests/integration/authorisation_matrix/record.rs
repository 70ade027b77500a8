//! The patient record: search, banner, timeline, allergies, alerts, problems, screening, export.

use serde_json::json;

use super::grid::{
    CLINICAL, Ctx, EVERYONE, EXPORT, READ, READ_OWN_ENTRIES, Row, WRITE, no_patient, patient, patient_write,
};
use crate::support::server_fns::{Call, form};

fn pn(c: &Ctx) -> Call {
    form([("prison_number", c.subject.prison_number.as_str())])
}

pub fn rows() -> Vec<Row> {
    vec![
        no_patient("search_patients", CLINICAL, |_| form([("query", "Matrix")])),
        patient("patient_banner", READ_OWN_ENTRIES, pn),
        patient("timeline_page", READ_OWN_ENTRIES, |c| {
            Call::Json(json!({
                "prison_number": c.subject.prison_number,
                "filter": app::timeline::TimelineFilter::default(),
                "after": null,
            }))
        }),
        patient("timeline_facets", READ_OWN_ENTRIES, pn),
        patient("timeline_day_doses", READ_OWN_ENTRIES, |c| {
            form([
                ("prison_number", c.subject.prison_number.as_str()),
                ("entry_id", c.subject.day_summary_id.to_string().as_str()),
            ])
        }),
        patient_write("add_note", WRITE, |c| {
            form([("prison_number", c.subject.prison_number.as_str()), ("text", "Seen on the wing")])
        }),
        patient_write("mark_entered_in_error", WRITE, |c| {
            form([("entry_id", c.subject.note_id.to_string().as_str()), ("reason", "Wrong patient")])
        }),
        patient("export_fhir_bundle", EXPORT, pn),
        patient_write("record_allergy", WRITE, |c| {
            form([
                ("prison_number", c.subject.prison_number.as_str()),
                ("substance", "Penicillin"),
                ("reaction", "Rash"),
                ("severity", "moderate"),
                ("certainty", "confirmed"),
            ])
        }),
        patient_write("record_no_known_allergies", WRITE, pn),
        no_patient("alert_types", EVERYONE, |_| form([])),
        patient("open_alerts", READ, pn),
        patient_write("raise_alert", WRITE, |c| {
            form([
                ("prison_number", c.subject.prison_number.as_str()),
                ("alert_type", "ACCT"),
                ("note", "Low mood"),
            ])
        }),
        patient_write("close_alert", WRITE, |c| {
            form([("alert_id", c.subject.alert_id.to_string().as_str()), ("reason", "Risk reviewed")])
        }),
        no_patient("search_problem_concepts", EVERYONE, |_| form([("query", "asthma")])),
        patient("active_problems", READ, pn),
        patient_write("record_problem", WRITE, |c| {
            form([
                ("prison_number", c.subject.prison_number.as_str()),
                ("concept_id", "44054006"),
                ("note", ""),
            ])
        }),
        patient_write("resolve_problem", WRITE, |c| {
            form([("problem_id", c.subject.problem_id.to_string().as_str())])
        }),
        no_patient("screening_worklist", CLINICAL, |_| form([])),
        patient("screening_status", READ, pn),
        patient_write("record_reception_screening", WRITE, |c| {
            form([
                ("prison_number", c.subject.prison_number.as_str()),
                ("physical_health", "None reported"),
                ("current_medicines", "none"),
                ("last_dose", ""),
                ("alcohol", "none"),
                ("drugs", "none"),
                ("withdrawal_risk", "none"),
                ("mental_health", "None reported"),
                ("self_harm_risk", "low"),
                ("notes", ""),
            ])
        }),
        patient_write("record_second_stage_assessment", WRITE, |c| {
            form([
                ("prison_number", c.subject.prison_number.as_str()),
                ("assessment[blood_pressure]", "124/80"),
                ("assessment[pulse]", "70"),
                ("assessment[examination]", "No abnormality found"),
                ("assessment[long_term_conditions]", "none"),
                ("assessment[substance_misuse]", "none"),
                ("assessment[smoking]", "never"),
                ("assessment[mental_health]", "none"),
                ("assessment[bbv_testing]", "accepted"),
                ("assessment[immunisations]", "up_to_date"),
                ("assessment[dental]", "none"),
                ("assessment[optical]", "none"),
                ("assessment[social_care]", "none"),
                ("assessment[plan]", "Routine follow-up"),
            ])
        }),
    ]
}
