//! Sweeps over every row of the matrix for the classes of hole the December review found
//! (issue 21): ids of a patient the user may no longer see, times far from now, and a megabyte of
//! text in every text field. Each is a loop over the table, so a new server function is swept as
//! soon as it has its row, which the matrix already demands.

use app::domain::Role;
use serde_json::Value;

use super::grid::{Ctx, Expect, Fresh, Grid, Row};
use super::runner::{Runner, signed_in};
use crate::support::server_fns::{Call, Outcome};
use crate::support::situations::{Situation, Subject};

/// A megabyte: well past every limit of `domain::free_text`, well inside the body limit.
const MEGABYTE: usize = 1_000_000;

/// The family name every matrix patient has, and the text of their note and alert: what must
/// never come back in an answer that refused them.
const THEIR_WORDS: [&str; 2] = ["Matrix", "Matrix note"];

async fn refusals_audited(runner: &Runner<'_>) -> i64 {
    sqlx::query_scalar("SELECT count(*) FROM audit_event WHERE outcome = 'refused'")
        .fetch_one(&runner.server.pool)
        .await
        .expect("count refusals")
}

/// Every function about a patient, called by every role for a patient at Moorland whom every
/// Leeds user had reached under break-glass that has expired, answers as for a patient elsewhere;
/// each refusal is audited and names nothing of the patient.
pub async fn after_break_glass_expired(runner: &Runner<'_>, rows: &[Row]) -> Vec<String> {
    let mut problems = Vec::new();
    let mut shared: Option<Subject> = None;
    for row in rows.iter().filter(|r| matches!(r.grid, Grid::Patient(_))) {
        let mut subject = match (row.fresh, &shared) {
            (Fresh::Shared, Some(s)) => s.clone(),
            _ => runner.world.subject_after_break_glass_expired(&runner.server.pool).await,
        };
        if row.fresh == Fresh::Shared {
            shared = Some(subject.clone());
        }
        for (i, role) in Role::ALL.into_iter().enumerate() {
            let own;
            let client = if row.fresh == Fresh::PerCell {
                if i > 0 {
                    subject = runner.world.subject_after_break_glass_expired(&runner.server.pool).await;
                }
                own = signed_in(runner.server, role).await;
                &own
            } else {
                &runner.clients[i]
            };
            let expected = row.grid.expect(Some(Situation::Elsewhere), i);
            let before = refusals_audited(runner).await;
            let ctx = Ctx { world: runner.world, subject: &subject, role };
            let call = (row.request)(&ctx);
            let reply = match runner.server.send(client, row.endpoint, &call).await {
                Ok(reply) => reply,
                Err(error) => {
                    problems.push(format!("{} as {role}: dropped the connection: {error}", row.endpoint));
                    continue;
                }
            };
            let got = Outcome::of(&reply);
            let cell = format!("{:<28} {:<22}", row.endpoint, role.title());
            if !expected.matches(&got) {
                problems.push(format!("{cell} expected {expected:?} (as elsewhere), got {got:?}"));
                continue;
            }
            if matches!(got, Outcome::Refused(_) | Outcome::NotFound) {
                if let Some(word) = THEIR_WORDS.iter().find(|w| reply.body.contains(**w)) {
                    problems.push(format!("{cell} refused, but the answer has {word:?} in it"));
                }
                if reply.body.contains(&subject.prison_number) {
                    problems.push(format!("{cell} refused, but the answer names the prison number"));
                }
            }
            if matches!(got, Outcome::Refused(_)) && refusals_audited(runner).await <= before {
                problems.push(format!("{cell} refused without an audit row"));
            }
        }
    }
    problems
}

/// A value the sweep puts in place of one field, and what it stands for.
struct Variant {
    what: &'static str,
    value: Value,
}

fn is_time_like(text: &str) -> Option<&'static str> {
    if chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").is_ok() {
        Some("date")
    } else if chrono::DateTime::parse_from_rfc3339(text).is_ok() {
        Some("instant")
    } else {
        None
    }
}

/// Free text as the request carries it: not an id, number, flag, time or one of a few words of
/// a closed set (those are decoded as such, and a megabyte of them is a decoding error, which is
/// fine too, but not what this sweep is after).
fn is_text(text: &str) -> bool {
    uuid::Uuid::parse_str(text).is_err()
        && text.parse::<f64>().is_err()
        && !matches!(text, "true" | "false" | "on")
        && is_time_like(text).is_none()
        && chrono::NaiveTime::parse_from_str(text, "%H:%M:%S").is_err()
        && chrono::NaiveTime::parse_from_str(text, "%H:%M").is_err()
}

fn variants_for(text: &str) -> Vec<Variant> {
    match is_time_like(text) {
        Some("date") => vec![
            Variant { what: "a date in the year 1", value: Value::from("0001-01-01") },
            Variant { what: "a date in 9999", value: Value::from("9999-12-31") },
        ],
        Some(_) => vec![
            Variant { what: "an instant in the year 1", value: Value::from("0001-01-01T00:00:00Z") },
            Variant { what: "an instant in 9999", value: Value::from("9999-12-31T23:59:59Z") },
        ],
        None if is_text(text) => {
            vec![Variant { what: "a megabyte of text", value: Value::from("x".repeat(MEGABYTE)) }]
        }
        None => Vec::new(),
    }
}

/// Every string leaf of a JSON body, as a path of keys and indexes.
fn string_leaves(value: &Value, path: &mut Vec<PathStep>, found: &mut Vec<(Vec<PathStep>, String)>) {
    match value {
        Value::String(s) => found.push((path.clone(), s.clone())),
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                path.push(PathStep::Index(i));
                string_leaves(item, path, found);
                path.pop();
            }
        }
        Value::Object(map) => {
            for (key, item) in map {
                path.push(PathStep::Key(key.clone()));
                string_leaves(item, path, found);
                path.pop();
            }
        }
        _ => {}
    }
}

#[derive(Clone, Debug)]
enum PathStep {
    Key(String),
    Index(usize),
}

fn replaced(mut body: Value, path: &[PathStep], with: Value) -> Value {
    let mut here = &mut body;
    for step in path {
        here = match step {
            PathStep::Key(k) => &mut here[k.as_str()],
            PathStep::Index(i) => &mut here[*i],
        };
    }
    *here = with;
    body
}

/// Each call the sweep makes from one that works: one field changed at a time.
fn swept_calls(call: &Call) -> Vec<(String, &'static str, Call)> {
    let mut calls = Vec::new();
    match call {
        Call::Form(pairs) => {
            for (i, (name, text)) in pairs.iter().enumerate() {
                for v in variants_for(text) {
                    let mut changed = pairs.clone();
                    changed[i].1 = v.value.as_str().unwrap_or_default().to_owned();
                    calls.push((name.clone(), v.what, Call::Form(changed)));
                }
            }
        }
        Call::Json(body) => {
            let mut leaves = Vec::new();
            string_leaves(body, &mut Vec::new(), &mut leaves);
            for (path, text) in leaves {
                let name = format!("{path:?}");
                for v in variants_for(&text) {
                    calls.push((name.clone(), v.what, Call::Json(replaced(body.clone(), &path, v.value))));
                }
            }
        }
        Call::Raw { .. } => {}
    }
    calls
}

/// Functions that may answer a far time or a megabyte with success, and why.
fn allowed_to_succeed(endpoint: &str, field: &str, what: &str) -> bool {
    // Reads of one day or a period: a day in 9999 or in the year 1 has nothing in it, and saying
    // so is the right answer (a period's length is bounded by the function's own rules).
    let reads_a_day = ["clinic_day", "medicines_day_summary", "break_glass_report"];
    // Where to go after signing in: one that is not a path of ours is ignored for the home page
    // (`auth::safe_next_path`), as a crafted link to another site is.
    let where_next = field == "next" && ["sign_in", "choose_establishment"].contains(&endpoint);
    (what.contains("date") && reads_a_day.contains(&endpoint)) || where_next
}

/// Every function, called as the first role its grid lets in (for a patient at Leeds), with each
/// text field a megabyte and each time far in the past and far in the future, one field at a
/// time: never a 500, never a body that is not an error we wrote, and never taken as if normal.
pub async fn far_times_and_megabyte_texts(runner: &Runner<'_>, rows: &[Row]) -> (usize, Vec<String>) {
    let mut problems = Vec::new();
    let mut made = 0;
    let mut shared_subject: Option<Subject> = None;
    for row in rows {
        let situation = row.grid.situations()[0];
        let Some(role_index) =
            (0..Role::ALL.len()).find(|i| row.grid.expect(situation, *i) == Expect::Allowed)
        else {
            continue;
        };
        let role = Role::ALL[role_index];
        let shared = match &shared_subject {
            Some(s) => s.clone(),
            None => runner.world.subject(&runner.server.pool, Situation::AtMine).await,
        };
        shared_subject = Some(shared.clone());
        let ctx = Ctx { world: runner.world, subject: &shared, role };
        let variants = swept_calls(&(row.request)(&ctx)).len();
        for k in 0..variants {
            made += 1;
            // A write gets a patient of its own for each call, so that one that went through
            // cannot hide the next behind a refusal.
            let subject = match row.fresh {
                Fresh::Shared => shared.clone(),
                Fresh::PerRow | Fresh::PerCell => {
                    runner.world.subject(&runner.server.pool, Situation::AtMine).await
                }
            };
            let ctx = Ctx { world: runner.world, subject: &subject, role };
            let Some((field, what, call)) = swept_calls(&(row.request)(&ctx)).into_iter().nth(k) else {
                continue;
            };
            // A session-ending function gets a session of its own each time.
            let own;
            let client = if row.fresh == Fresh::PerCell {
                own = signed_in(runner.server, role).await;
                &own
            } else {
                &runner.clients[role_index]
            };
            let cell = format!("{:<28} {field} = {what}", row.endpoint);
            let got = match runner.server.send(client, row.endpoint, &call).await {
                Ok(reply) => Outcome::of(&reply),
                Err(error) => {
                    problems.push(format!("{cell}: dropped the connection: {error}"));
                    continue;
                }
            };
            match got {
                Outcome::Rejected(_) | Outcome::Refused(_) | Outcome::NotFound | Outcome::Undecodable(_) => {}
                Outcome::Succeeded if allowed_to_succeed(row.endpoint, &field, what) => {}
                other => problems.push(format!("{cell}: {other:?}")),
            }
        }
    }
    (made, problems)
}
