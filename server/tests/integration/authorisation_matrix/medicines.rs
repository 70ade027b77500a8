//! Medicines: prescribing, rounds, the MAR, in-possession supply, OST review, never-in-possession
//! and the controlled-drug register.

use serde_json::json;

use super::grid::{
    ADMINISTER, ADMINISTERS, CLINICAL, Ctx, EVERYONE, MEDICINES_STOCK, OFFLINE_ENTRY, PRESCRIBE, READ, Row,
    no_patient, patient, patient_write,
};
use crate::support::fixtures::{PASSWORD, dose_given};
use crate::support::server_fns::{Call, form};
use crate::support::situations::METHADONE;

fn pn(c: &Ctx) -> Call {
    form([("prison_number", c.subject.prison_number.as_str())])
}

pub fn rows() -> Vec<Row> {
    vec![
        no_patient("search_medicines", EVERYONE, |_| form([("query", "omeprazole")])),
        patient("medicines_summary", READ, pn),
        patient_write("prescribe", PRESCRIBE, |c| {
            let request = app::medicines::PrescriptionRequest {
                product_code: Some(322237000),
                kind: Some(app::domain::prescribing::PrescriptionKind::Prn),
                supply: Some(app::domain::prescribing::Supply::NotInPossession),
                dose: "1".into(),
                prn_min_interval_minutes: Some(240),
                prn_max_per_24h: Some(4),
                indication: "Pain".into(),
                ..Default::default()
            };
            Call::Json(json!({ "prison_number": c.subject.prison_number, "request": request }))
        }),
        patient_write("stop_prescription", PRESCRIBE, |c| {
            form([
                ("prescription_id", c.subject.regular_rx.to_string().as_str()),
                ("reason", "Course finished"),
            ])
        }),
        patient_write("supply_in_possession", ADMINISTER, |c| {
            form([("prescription_id", c.subject.in_possession_rx.to_string().as_str()), ("quantity", "28")])
        }),
        patient_write("record_ost_review", PRESCRIBE, |c| {
            form([
                ("prescription_id", c.subject.ost_rx.to_string().as_str()),
                ("decision", "continue"),
                ("note", "Reviewed after missed doses"),
            ])
        }),
        patient("mar_chart", READ, |c| {
            form([("prison_number", c.subject.prison_number.as_str()), ("days", "7")])
        }),
        no_patient("round_options", CLINICAL, |_| form([])),
        no_patient("round_list", CLINICAL, |c| {
            form([
                ("date", c.world.round.0.to_string().as_str()),
                ("round_time", c.world.round.1.to_string().as_str()),
                ("location_id", c.world.leeds_landing.to_string().as_str()),
            ])
        }),
        patient_write("record_dose", ADMINISTER, |c| {
            Call::Json(json!({ "entry": dose_given(c.subject.regular_rx, Some(c.world.round)) }))
        }),
        no_patient("missed_doses", CLINICAL, |_| form([])),
        no_patient("offline_queue_key", ADMINISTERS, |_| form([])),
        patient_write("sync_offline_dose", OFFLINE_ENTRY, |c| {
            let entry = dose_given(c.subject.regular_rx, Some(c.world.round));
            Call::Json(json!({ "item": { "entry": entry, "recorded_at": chrono::Utc::now() } }))
        }),
        no_patient("offline_conflicts", ADMINISTERS, |_| form([])),
        no_patient("resolve_offline_conflict", ADMINISTERS, |_| {
            form([
                ("id", uuid::Uuid::new_v4().to_string().as_str()),
                ("resolution", "NotGiven"),
                ("note", "Duplicate entry"),
            ])
        }),
        // Establishment policy naming medicines, not patients; administrators could read the same
        // flags through `search_medicines` anyway.
        no_patient("never_in_possession", EVERYONE, |_| form([])),
        no_patient("add_never_in_possession", MEDICINES_STOCK, |_| {
            form([("product_code", "322237000"), ("reason", "Traded on the wings")])
        }),
        no_patient("remove_never_in_possession", MEDICINES_STOCK, |c| {
            form([
                ("id", c.world.leeds_never_in_possession.to_string().as_str()),
                ("reason", "Policy changed"),
            ])
        }),
        no_patient("cd_register", CLINICAL, |_| form([])),
        no_patient("cd_register_entries", CLINICAL, |_| {
            form([("product_code", METHADONE.to_string().as_str())])
        }),
        no_patient("record_cd_stock_entry", MEDICINES_STOCK, |_| {
            let entry = app::controlled_drugs::CdStockEntry {
                product_code: METHADONE,
                kind: "receipt".into(),
                quantity: "500".into(),
                adjust_down: false,
                note: "Delivery".into(),
                witness_username: "nurse.lei".into(),
                witness_password: PASSWORD.into(),
            };
            Call::Json(json!({ "entry": entry }))
        }),
    ]
}
