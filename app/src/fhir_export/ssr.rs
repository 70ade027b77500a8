//! The SQL that reads a patient's whole record for export. Everything is read in one
//! repeatable-read snapshot, so a Bundle never mixes the record before and after a write made
//! while it was being read (a prescription without its stop, say).

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use sqlx::{PgConnection, PgPool};
use uuid::Uuid;

use super::record::*;
use crate::domain::prescribing::{PrescriptionKind, Supply};
use crate::error::AppError;
use crate::medicines::ssr::{prn_limits, stored_dose};

pub async fn export_record(pool: &PgPool, patient_id: Uuid) -> Result<ExportRecord, AppError> {
    let mut tx = pool.begin().await?;
    sqlx::query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY").execute(&mut *tx).await?;
    let record = ExportRecord {
        patient: patient(&mut tx, patient_id).await?,
        allergies: allergies(&mut tx, patient_id).await?,
        problems: problems(&mut tx, patient_id).await?,
        prescriptions: prescriptions(&mut tx, patient_id).await?,
        alerts: alerts(&mut tx, patient_id).await?,
        episodes: episodes(&mut tx, patient_id).await?,
        movements: movements(&mut tx, patient_id).await?,
    };
    tx.commit().await?;
    Ok(record)
}

/// A word outside the schema's list means the code is behind the schema: refuse, logging only
/// the row's id (the word may be clinical).
fn stored<T>(parsed: Option<T>, what: &'static str, id: Uuid) -> Result<T, AppError> {
    parsed.ok_or_else(|| {
        tracing::error!(%id, what, "unexpected value stored");
        AppError::Internal
    })
}

async fn patient(conn: &mut PgConnection, patient_id: Uuid) -> Result<PatientDetails, AppError> {
    let p = sqlx::query!(
        r#"SELECT id, prison_number, nhs_number, given_name, family_name,
                  date_of_birth AS "date_of_birth: NaiveDate", sex,
                  no_known_allergies_at AS "no_known_allergies_at: DateTime<Utc>"
           FROM patient WHERE id = $1"#,
        patient_id
    )
    .fetch_optional(&mut *conn)
    .await?
    .ok_or_else(|| AppError::NotFound("That patient does not exist.".to_owned()))?;
    Ok(PatientDetails {
        sex: stored(Sex::from_db(&p.sex), "patient.sex", p.id)?,
        id: p.id,
        prison_number: p.prison_number,
        nhs_number: p.nhs_number,
        given_name: p.given_name,
        family_name: p.family_name,
        date_of_birth: p.date_of_birth,
        no_known_allergies_at: p.no_known_allergies_at,
    })
}

async fn allergies(conn: &mut PgConnection, patient_id: Uuid) -> Result<Vec<Allergy>, AppError> {
    let rows = sqlx::query!(
        r#"SELECT id, substance, reaction, severity, certainty, recorded_at AS "recorded_at: DateTime<Utc>",
                  entered_in_error_at IS NOT NULL AS "entered_in_error!"
           FROM allergy WHERE patient_id = $1
           ORDER BY recorded_at, id"#,
        patient_id
    )
    .fetch_all(&mut *conn)
    .await?;
    rows.into_iter()
        .map(|r| {
            Ok(Allergy {
                severity: stored(AllergySeverity::from_db(&r.severity), "allergy.severity", r.id)?,
                certainty: stored(Certainty::from_db(&r.certainty), "allergy.certainty", r.id)?,
                id: r.id,
                substance: r.substance,
                reaction: r.reaction,
                recorded_at: r.recorded_at,
                entered_in_error: r.entered_in_error,
            })
        })
        .collect()
}

async fn problems(conn: &mut PgConnection, patient_id: Uuid) -> Result<Vec<Problem>, AppError> {
    let rows = sqlx::query!(
        r#"SELECT p.id, p.concept_id, c.term, p.note, p.recorded_at AS "recorded_at: DateTime<Utc>",
                  p.resolved_at AS "resolved_at: DateTime<Utc>",
                  p.entered_in_error_at IS NOT NULL AS "entered_in_error!"
           FROM problem p JOIN problem_concept c ON c.snomed_id = p.concept_id
           WHERE p.patient_id = $1
           ORDER BY p.recorded_at, p.id"#,
        patient_id
    )
    .fetch_all(&mut *conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| Problem {
            id: r.id,
            snomed_id: r.concept_id,
            term: r.term,
            note: r.note,
            recorded_at: r.recorded_at,
            resolved_at: r.resolved_at,
            entered_in_error: r.entered_in_error,
        })
        .collect())
}

/// Every prescription, oldest first, each with its last dose actually taken.
async fn prescriptions(conn: &mut PgConnection, patient_id: Uuid) -> Result<Vec<Prescription>, AppError> {
    let rows = sqlx::query!(
        r#"SELECT rx.id, rx.product_code, m.name AS product_name, (rx.dose * 1000)::int8 AS dose_milli,
                  m.dose_unit, rx.route, rx.kind AS "kind: PrescriptionKind",
                  rx.round_times AS "round_times: Vec<NaiveTime>", rx.supply AS "supply: Supply",
                  rx.prn_min_interval_minutes, rx.prn_max_per_24h,
                  rx.starts_on AS "starts_on: NaiveDate", rx.ends_on AS "ends_on: NaiveDate", rx.indication,
                  rx.prescribed_at AS "prescribed_at: DateTime<Utc>", rx.replaces_id,
                  rx.stopped_at AS "stopped_at: DateTime<Utc>", rx.stopped_reason,
                  rx.entered_in_error_at IS NOT NULL AS "entered_in_error!",
                  last.id AS "last_id?", last.recorded_at AS "last_at?: DateTime<Utc>",
                  last.dose_milli AS "last_dose_milli?"
           FROM prescription rx
           JOIN medicine_product m ON m.code = rx.product_code
           LEFT JOIN LATERAL (
               SELECT a.id, a.recorded_at, (a.dose * 1000)::int8 AS dose_milli FROM administration a
               WHERE a.prescription_id = rx.id AND a.outcome IN ('given', 'self_administered')
                 AND a.entered_in_error_at IS NULL
               ORDER BY a.recorded_at DESC
               LIMIT 1
           ) last ON true
           WHERE rx.patient_id = $1
           ORDER BY rx.prescribed_at, rx.id"#,
        patient_id
    )
    .fetch_all(&mut *conn)
    .await?;
    rows.into_iter()
        .map(|r| {
            let schedule = match r.kind {
                PrescriptionKind::Regular => Schedule::Regular { round_times: r.round_times },
                PrescriptionKind::Prn => Schedule::WhenRequired(stored(
                    prn_limits(r.prn_min_interval_minutes, r.prn_max_per_24h),
                    "prescription.prn_limits",
                    r.id,
                )?),
            };
            let last_taken = match (r.last_id, r.last_at) {
                (Some(administration_id), Some(at)) => {
                    Some(LastDose { administration_id, at, dose: stored_dose(r.last_dose_milli)? })
                }
                _ => None,
            };
            Ok(Prescription {
                dose: stored_dose(r.dose_milli)?,
                supply: r.supply,
                schedule,
                last_taken,
                id: r.id,
                product_code: r.product_code,
                product_name: r.product_name,
                dose_unit: r.dose_unit,
                route: r.route,
                starts_on: r.starts_on,
                ends_on: r.ends_on,
                indication: r.indication,
                prescribed_at: r.prescribed_at,
                replaces_id: r.replaces_id,
                stopped_at: r.stopped_at,
                stopped_reason: r.stopped_reason,
                entered_in_error: r.entered_in_error,
            })
        })
        .collect()
}

/// Alerts in force now, as the banner shows them: highest priority first.
async fn alerts(conn: &mut PgConnection, patient_id: Uuid) -> Result<Vec<Alert>, AppError> {
    let rows = sqlx::query!(
        r#"SELECT a.id, t.code, t.name, t.category, a.starts_at AS "starts_at: DateTime<Utc>",
                  a.ends_at AS "ends_at: DateTime<Utc>"
           FROM alert a JOIN alert_type t ON t.code = a.alert_type
           WHERE a.patient_id = $1 AND a.entered_in_error_at IS NULL
             AND a.starts_at <= now() AND (a.ends_at IS NULL OR a.ends_at > now())
           ORDER BY t.priority, a.starts_at"#,
        patient_id
    )
    .fetch_all(&mut *conn)
    .await?;
    rows.into_iter()
        .map(|r| {
            Ok(Alert {
                category: stored(AlertCategory::from_db(&r.category), "alert_type.category", r.id)?,
                id: r.id,
                code: r.code,
                name: r.name,
                starts_at: r.starts_at,
                ends_at: r.ends_at,
            })
        })
        .collect()
}

async fn episodes(conn: &mut PgConnection, patient_id: Uuid) -> Result<Vec<CustodyEpisode>, AppError> {
    let rows = sqlx::query!(
        r#"SELECT id, started_at AS "started_at: DateTime<Utc>", ended_at AS "ended_at: DateTime<Utc>"
           FROM custody_episode WHERE patient_id = $1
           ORDER BY started_at"#,
        patient_id
    )
    .fetch_all(&mut *conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| CustodyEpisode { id: r.id, started_at: r.started_at, ended_at: r.ended_at })
        .collect())
}

/// Oldest first; of two at the same instant the one out comes before the one in.
async fn movements(conn: &mut PgConnection, patient_id: Uuid) -> Result<Vec<Movement>, AppError> {
    let rows = sqlx::query!(
        r#"SELECT m.id, m.custody_episode_id, m.kind, m.direction, m.occurred_at AS "occurred_at: DateTime<Utc>",
                  e.id AS establishment_id, e.code, e.name
           FROM movement m JOIN establishment e ON e.id = m.establishment_id
           WHERE m.patient_id = $1
           ORDER BY m.occurred_at, m.direction = 'in', m.id"#,
        patient_id
    )
    .fetch_all(&mut *conn)
    .await?;
    rows.into_iter()
        .map(|r| {
            Ok(Movement {
                kind: stored(MovementKind::from_db(&r.kind), "movement.kind", r.id)?,
                inward: r.direction == "in",
                id: r.id,
                episode_id: r.custody_episode_id,
                establishment: Establishment { id: r.establishment_id, code: r.code, name: r.name },
                occurred_at: r.occurred_at,
            })
        })
        .collect()
}
