//! The handover pack: assembled from the live record, and stored as it stood when the transfer
//! was scheduled and when the patient left.

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::{PgPool, Postgres, Transaction};
use uuid::Uuid;

use crate::auth::ssr::StaffContext;
use crate::error::AppError;
use crate::transfers::{HandoverNote, HandoverPack, HandoverPatient, HandoverStage, ScreeningState};

const RECENT_NOTES: i64 = 5;

/// The pack from the record as it is now. Transfer details are added by the caller, because
/// they change after the pack is stored (arrival, redirection).
pub async fn assemble(pool: &PgPool, patient_id: Uuid) -> Result<HandoverPack, AppError> {
    let p = sqlx::query!(
        r#"SELECT prison_number, given_name, family_name, date_of_birth AS "date_of_birth: NaiveDate", nhs_number, sex,
                  no_known_allergies_at IS NOT NULL AS "nka!"
           FROM patient WHERE id = $1"#,
        patient_id
    )
    .fetch_optional(pool)
    .await?
    .ok_or_else(|| AppError::NotFound("That patient does not exist.".to_owned()))?;
    let ids = [patient_id];
    let (prescriptions, allergies, alerts, problems, screening, recent_notes, appointments) = tokio::try_join!(
        crate::medicines::ssr::active_prescriptions(pool, patient_id),
        crate::record::ssr::allergies_of(pool, &ids),
        crate::record::ssr::active_alerts_of(pool, &ids),
        crate::problems::ssr::active_problems(pool, patient_id),
        screening_state(pool, patient_id),
        recent_notes(pool, patient_id),
        crate::appointments::ssr::outstanding(pool, patient_id),
    )?;
    let mut prescriptions = prescriptions;
    // OST, then the other critical medicines, then the rest (each group by name, as loaded).
    prescriptions.sort_by_key(|rx| (!rx.is_ost, rx.critical_class.is_none()));
    Ok(HandoverPack {
        patient: HandoverPatient {
            prison_number: p.prison_number,
            given_name: p.given_name,
            family_name: p.family_name,
            date_of_birth: p.date_of_birth,
            nhs_number: crate::record::ssr::display_nhs(p.nhs_number),
            sex: p.sex,
        },
        transfer: None,
        stage: HandoverStage::Live,
        assembled_at: Utc::now(),
        prescriptions,
        allergies: crate::record::ssr::allergy_status(allergies.into_iter().map(|(_, a)| a).collect(), p.nka),
        alerts: alerts.into_iter().map(|(_, a)| a).collect(),
        problems,
        screening,
        recent_notes,
        appointments,
    })
}

async fn screening_state(pool: &PgPool, patient_id: Uuid) -> Result<ScreeningState, AppError> {
    let r = sqlx::query!(
        r#"SELECT (SELECT min(s.completed_at) FROM screening s
                   WHERE s.custody_episode_id = w.custody_episode_id AND s.stage = 'first' AND s.entered_in_error_at IS NULL)
                      AS "first_at: DateTime<Utc>",
                  (SELECT s.second_stage_due_at FROM screening s
                   WHERE s.custody_episode_id = w.custody_episode_id AND s.stage = 'first' AND s.entered_in_error_at IS NULL
                   ORDER BY s.completed_at LIMIT 1) AS "second_due: DateTime<Utc>",
                  EXISTS (SELECT 1 FROM screening s
                          WHERE s.custody_episode_id = w.custody_episode_id AND s.stage = 'second' AND s.entered_in_error_at IS NULL)
                      AS "second_done!"
           FROM patient_whereabouts w WHERE w.patient_id = $1"#,
        patient_id
    )
    .fetch_optional(pool)
    .await?;
    Ok(match r {
        Some(r) => ScreeningState {
            first_stage_at: r.first_at,
            second_stage_due_at: r.second_due,
            second_stage_done: r.second_done,
        },
        None => ScreeningState { first_stage_at: None, second_stage_due_at: None, second_stage_done: false },
    })
}

async fn recent_notes(pool: &PgPool, patient_id: Uuid) -> Result<Vec<HandoverNote>, AppError> {
    Ok(sqlx::query_as!(
        HandoverNote,
        r#"SELECT t.occurred_at AS "at: DateTime<Utc>", s.display_name AS "author?", e.code AS establishment_code, t.summary, t.body
           FROM timeline_entry t
           JOIN establishment e ON e.id = t.establishment_id
           LEFT JOIN staff s ON s.id = t.author_id
           WHERE t.patient_id = $1 AND t.kind = 'note' AND t.entered_in_error_at IS NULL
           ORDER BY t.occurred_at DESC, t.id DESC
           LIMIT $2"#,
        patient_id,
        RECENT_NOTES
    )
    .fetch_all(pool)
    .await?)
}

/// Stores the pack as it stands, inside the transaction that schedules or departs the transfer.
#[tracing::instrument(skip_all, fields(staff_id = %staff.staff_id, patient_id = %patient_id, transfer_id = %transfer_id))]
pub async fn store(
    tx: &mut Transaction<'_, Postgres>,
    pool: &PgPool,
    staff: &StaffContext,
    patient_id: Uuid,
    transfer_id: Uuid,
    stage: HandoverStage,
) -> Result<(), AppError> {
    let mut pack = assemble(pool, patient_id).await?;
    pack.stage = stage;
    let content = serde_json::to_value(&pack).map_err(|error| {
        tracing::error!(%error, %transfer_id, "handover pack did not serialise");
        AppError::Internal
    })?;
    sqlx::query!(
        "INSERT INTO handover_pack (transfer_id, stage, assembled_by, content) VALUES ($1, $2, $3, $4)",
        transfer_id,
        if stage == HandoverStage::Departed { "departed" } else { "scheduled" },
        staff.staff_id,
        content
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// The pack stored at departure, if the patient has left on this transfer.
pub async fn stored_at_departure(pool: &PgPool, transfer_id: Uuid) -> Result<Option<HandoverPack>, AppError> {
    let content = sqlx::query_scalar!(
        "SELECT content FROM handover_pack WHERE transfer_id = $1 AND stage = 'departed' ORDER BY assembled_at DESC LIMIT 1",
        transfer_id
    )
    .fetch_optional(pool)
    .await?;
    content
        .map(|c| {
            serde_json::from_value(c).map_err(|error| {
                tracing::error!(%error, %transfer_id, "stored handover pack did not read back");
                AppError::Internal
            })
        })
        .transpose()
}
