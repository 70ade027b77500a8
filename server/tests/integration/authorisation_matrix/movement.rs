//! Transfers, custody movements, reception, release and appointments.

use serde_json::json;

use super::grid::{
    CLINICAL, CONFIRM_FIT, Ctx, DISCHARGE_VIEW, Fresh, MOVE, PRESCRIBE, READ, RELEASE, Row, WRITE,
    no_patient, patient, patient_write,
};
use crate::support::server_fns::{Call, form};
use crate::support::situations::booking;

fn pn(c: &Ctx) -> Call {
    form([("prison_number", c.subject.prison_number.as_str())])
}

fn today() -> String {
    app::domain::round_schedule::london_date(chrono::Utc::now()).to_string()
}

fn with_transfer<const N: usize>(c: &Ctx, more: [(&str, &str); N]) -> Call {
    let mut pairs = vec![
        ("prison_number".to_owned(), c.subject.prison_number.clone()),
        ("transfer_id".to_owned(), c.subject.transfer_id.to_string()),
    ];
    pairs.extend(more.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())));
    Call::Form(pairs)
}

pub fn rows() -> Vec<Row> {
    vec![
        patient("movement_panel", READ, pn),
        patient_write("schedule_transfer", WRITE, |c| {
            form([
                ("prison_number", c.subject.prison_number.as_str()),
                ("to", "WWI"),
                ("planned_for", today().as_str()),
                ("reason", "Re-categorised"),
            ])
        }),
        patient_write("confirm_fit_to_transfer", CONFIRM_FIT, |c| with_transfer(c, [("note", "Fit")])),
        patient_write("depart_transfer", WRITE, |c| with_transfer(c, [])).fresh(Fresh::PerCell),
        patient_write("cancel_transfer", WRITE, |c| with_transfer(c, [("reason", "Court date")])),
        patient_write("redirect_transfer", MOVE, |c| with_transfer(c, [("to", "WWI"), ("reason", "Full")]))
            .fresh(Fresh::PerCell),
        patient_write("record_custody_movement", WRITE, |c| {
            form([
                ("prison_number", c.subject.prison_number.as_str()),
                ("movement", "court_out"),
                ("reason", "Trial"),
            ])
        })
        .fresh(Fresh::PerCell),
        patient_write("remand_elsewhere", WRITE, |c| {
            form([("prison_number", c.subject.prison_number.as_str()), ("to", "WWI"), ("reason", "Remanded")])
        })
        .fresh(Fresh::PerCell),
        patient("handover_pack", READ, pn),
        no_patient("transfer_lists", CLINICAL, |_| form([])),
        patient("reception", READ, pn),
        patient_write("receive_patient", MOVE, |c| {
            form([
                ("prison_number", c.subject.prison_number.as_str()),
                ("cell", c.world.leeds_cell.to_string().as_str()),
            ])
        })
        .fresh(Fresh::PerCell),
        patient_write("reconcile_medicine", PRESCRIBE, |c| {
            let request = app::transfers::ReconcileRequest {
                prescription_id: c.subject.regular_rx,
                decision: app::domain::transfer::ReconciliationDecision::Continue,
                reason: String::new(),
                dose: String::new(),
                round_times: Vec::new(),
            };
            Call::Json(json!({ "prison_number": c.subject.prison_number, "request": request }))
        }),
        patient("discharge", DISCHARGE_VIEW, pn),
        patient_write("release_patient", RELEASE, |c| {
            let request = app::discharge::DischargeRequest {
                community_prescriber: "Leeds community drug service".into(),
                ..Default::default()
            };
            Call::Json(json!({ "prison_number": c.subject.prison_number, "request": request }))
        })
        .fresh(Fresh::PerCell),
        patient("patient_appointments", READ, pn),
        patient_write("book_appointment", WRITE, |c| {
            Call::Json(
                json!({ "prison_number": c.subject.prison_number, "request": booking(c.world.leeds_clinic) }),
            )
        }),
        patient_write("record_appointment_outcome", WRITE, |c| {
            form([
                ("appointment_id", c.subject.appointment_id.to_string().as_str()),
                ("outcome", "attended"),
                ("note", "Seen"),
            ])
        }),
        patient_write("cancel_appointment", WRITE, |c| {
            form([
                ("appointment_id", c.subject.appointment_id.to_string().as_str()),
                ("reason", "No longer needed"),
            ])
        }),
        no_patient("clinic_day", CLINICAL, |c| {
            form([("clinic_id", c.world.leeds_clinic.to_string().as_str()), ("date", today().as_str())])
        }),
        no_patient("appointment_report", CLINICAL, |_| form([("from", "2026-01-01"), ("to", "2026-06-30")])),
        patient("appointment_slip", READ, |c| {
            form([
                ("prison_number", c.subject.prison_number.as_str()),
                ("appointment_id", c.subject.appointment_id.to_string().as_str()),
            ])
        }),
        patient_write("record_letter_received", WRITE, |c| {
            form([("appointment_id", c.subject.appointment_id.to_string().as_str())])
        }),
    ]
}
