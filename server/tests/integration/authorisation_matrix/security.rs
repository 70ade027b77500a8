//! Break-glass, the audit trail, the lock screen and the password: governance and the session.

use serde_json::json;

use super::grid::{BREAK_GLASS, Ctx, EVERYONE, Fresh, MANAGER, MANAGER_AUDIT, Row, no_patient, patient};
use crate::support::server_fns::{Call, form};

fn audit_query(c: &Ctx) -> Call {
    let today = chrono::Utc::now().date_naive();
    Call::Json(json!({ "query": {
        "subject": { "Patient": { "prison_number": c.subject.prison_number } },
        "from": today - chrono::Duration::days(7),
        "to": today,
    }}))
}

pub fn rows() -> Vec<Row> {
    vec![
        // Each success opens the record to that user, so every row and situation has its own patient.
        patient("start_break_glass", BREAK_GLASS, |c| {
            form([
                ("prison_number", c.subject.prison_number.as_str()),
                ("reason", "Matrix: collapsed at court"),
            ])
        })
        .fresh(Fresh::PerRow),
        no_patient("break_glass_report", MANAGER, |_| {
            Call::Json(
                json!({ "filter": { "from": null, "to": null, "user": "", "prison_number": "", "unreviewed_only": false } }),
            )
        }),
        // An id on nobody's report: a manager gets past the role check to "not on your report".
        no_patient("review_break_glass", "R R R R F R", |_| {
            Call::Json(json!({ "id": uuid::Uuid::nil(), "outcome": "Appropriate", "note": "" }))
        }),
        patient("audit_trail", MANAGER_AUDIT, audit_query),
        patient("export_audit_trail", MANAGER_AUDIT, audit_query),
        // Locking ends what the session may do, so each cell locks a session of its own.
        no_patient("lock_screen", EVERYONE, |_| form([])).fresh(Fresh::PerCell),
        no_patient("locked_user", EVERYONE, |_| form([])),
        // The screen is not locked: unlocking is a no-op, whoever asks.
        no_patient("unlock_screen", EVERYONE, |_| form([("password", "not needed")])),
        // A wrong current password: turned down on its merits, so nobody's password changes.
        no_patient("change_password", EVERYONE, |_| {
            form([
                ("current", "not my password"),
                ("new", "kettle orchard lantern wing"),
                ("confirm", "kettle orchard lantern wing"),
            ])
        }),
    ]
}
