//! Writing and reading discharge summaries.

use chrono::{DateTime, Utc};
use sqlx::PgPool;
use uuid::Uuid;

use super::{DischargeLine, DischargeRequest, DischargeSummary, DischargeView};
use crate::access::ReadScope;
use crate::audit::AuditAction;
use crate::auth::ssr::StaffContext;
use crate::domain::Capability;
use crate::domain::discharge::{ReleaseMedicine, check_bridge, check_supply, quantity};
use crate::domain::movement::MovementAction;
use crate::error::AppError;
use crate::medicines::ActivePrescription;
use crate::transfers::ssr::handover::assemble;
use crate::transfers::ssr::{lock_position, record_movement};

#[tracing::instrument(skip_all, fields(staff_id = %staff.staff_id, patient_id = %patient_id))]
pub async fn view(
    pool: &PgPool,
    staff: &StaffContext,
    patient_id: Uuid,
    scope: &ReadScope,
) -> Result<DischargeView, AppError> {
    if *scope == ReadScope::WholeRecord {
        let held_here = sqlx::query_scalar!(
            r#"SELECT EXISTS (SELECT 1 FROM patient_whereabouts WHERE patient_id = $1 AND establishment_id = $2
                              AND status IN ('in_establishment', 'at_court')) AS "here!""#,
            patient_id,
            staff.establishment_id
        )
        .fetch_one(pool)
        .await?;
        if held_here {
            return Ok(DischargeView::Draft {
                record: Box::new(assemble(pool, patient_id).await?),
                may_release: true,
            });
        }
    }
    // Released from here: the summary this establishment wrote (and nothing newer).
    let content = sqlx::query_scalar!(
        "SELECT content FROM discharge_summary WHERE patient_id = $1 AND establishment_id = $2
         ORDER BY written_at DESC LIMIT 1",
        patient_id,
        staff.establishment_id
    )
    .fetch_optional(pool)
    .await?
    .ok_or_else(|| {
        AppError::NotFound("This establishment has written no discharge summary for this patient.".to_owned())
    })?;
    let summary = serde_json::from_value(content).map_err(|error| {
        tracing::error!(%error, %patient_id, "stored discharge summary did not read back");
        AppError::Internal
    })?;
    Ok(DischargeView::Released(Box::new(summary)))
}

fn release_medicine(rx: &ActivePrescription) -> ReleaseMedicine {
    ReleaseMedicine {
        is_ost: rx.is_ost,
        controlled: matches!(rx.cd_schedule, Some(2 | 3)),
        dose: rx.dose,
        doses_a_day: (!rx.round_times.is_empty())
            .then(|| u32::try_from(rx.round_times.len()).unwrap_or(u32::MAX)),
        prn_max_per_24h: rx.prn_limits.map(|l| l.max_per_24h),
    }
}

#[tracing::instrument(skip_all, fields(staff_id = %staff.staff_id, patient_id = %patient_id))]
pub async fn release(
    pool: &PgPool,
    staff: &StaffContext,
    patient_id: Uuid,
    request: &DischargeRequest,
) -> Result<(), AppError> {
    // Release stops every prescription and ends the custody episode: not an assistant's decision.
    crate::access::require_capability(pool, staff, Capability::Release, AuditAction::DischargeReleaseRole)
        .await?;
    let record = assemble(pool, patient_id).await?;
    let mut lines = Vec::with_capacity(record.prescriptions.len());
    for rx in &record.prescriptions {
        let days = request
            .supplies
            .iter()
            .find(|(id, _)| *id == rx.id)
            .map(|(_, days)| *days)
            .unwrap_or_else(|| super::default_days(rx));
        let medicine = release_medicine(rx);
        check_supply(medicine, days)
            .map_err(|problem| AppError::invalid("supplies", format!("{}: {problem}", rx.product_name)))?;
        lines.push(DischargeLine { prescription: rx.clone(), days, quantity: quantity(medicine, days) });
    }
    let on_ost = record.prescriptions.iter().any(|rx| rx.is_ost);
    crate::domain::free_text::check_free_text(
        "community_prescriber",
        crate::domain::free_text::FreeText::Reason,
        &request.community_prescriber,
    )
    .map_err(AppError::from_problem)?;
    check_bridge(on_ost, &request.community_prescriber)
        .map_err(|problem| AppError::invalid("community_prescriber", problem.to_string()))?;
    for (field, text) in [("gp_practice", &request.gp_practice), ("follow_up", &request.follow_up)] {
        if text.chars().count() > 2_000 {
            return Err(AppError::invalid(field, "Keep this under 2,000 characters."));
        }
    }
    let ost_last_dose =
        sqlx::query_scalar!(r#"SELECT ost_last_given($1) AS "at: DateTime<Utc>""#, patient_id)
            .fetch_one(pool)
            .await?;

    let mut tx = pool.begin().await?;
    let position = lock_position(&mut tx, patient_id).await?;
    if position.position.responsible_establishment() != Some(staff.establishment_id) {
        return Err(AppError::invalid(
            "release",
            "Only the establishment holding the patient can release them.",
        ));
    }
    let movement = record_movement(
        &mut tx,
        staff,
        patient_id,
        &position,
        MovementAction::Release,
        None,
        Some("Released"),
    )
    .await?;
    let released_at = sqlx::query_scalar!(
        r#"SELECT occurred_at AS "at: DateTime<Utc>" FROM movement WHERE id = $1"#,
        movement
    )
    .fetch_one(&mut *tx)
    .await?;
    let establishment =
        sqlx::query_scalar!("SELECT name FROM establishment WHERE id = $1", staff.establishment_id)
            .fetch_one(&mut *tx)
            .await?;
    sqlx::query!(
        "UPDATE custody_episode SET ended_at = $2 WHERE id = $1 AND ended_at IS NULL",
        position.custody_episode_id,
        released_at as _
    )
    .execute(&mut *tx)
    .await?;
    sqlx::query!(
        "UPDATE transfer SET status = 'cancelled', cancelled_by = $2, cancelled_at = now(), cancelled_reason = 'Patient released'
         WHERE patient_id = $1 AND status = 'scheduled'",
        patient_id,
        staff.staff_id
    )
    .execute(&mut *tx)
    .await?;
    crate::appointments::ssr::close_on_release(&mut tx, staff, patient_id).await?;
    // Nothing more is given in custody; what was supplied is on the summary.
    sqlx::query!(
        "UPDATE prescription SET stopped_at = now(), stopped_by = $2, stopped_reason = 'Released from custody (see discharge summary)'
         WHERE patient_id = $1 AND stopped_at IS NULL AND entered_in_error_at IS NULL",
        patient_id,
        staff.staff_id
    )
    .execute(&mut *tx)
    .await?;
    let summary = DischargeSummary {
        patient: record.patient,
        establishment,
        released_at,
        written_by: staff.display_name.clone(),
        medicines: lines,
        ost_last_dose,
        community_prescriber: request.community_prescriber.trim().to_owned(),
        gp_practice: request.gp_practice.trim().to_owned(),
        follow_up: request.follow_up.trim().to_owned(),
        problems: record.problems,
        alerts: record.alerts,
        allergies: record.allergies,
    };
    let content = serde_json::to_value(&summary).map_err(|error| {
        tracing::error!(%error, %patient_id, "discharge summary did not serialise");
        AppError::Internal
    })?;
    let episode = position.custody_episode_id.ok_or(AppError::Internal)?;
    sqlx::query!(
        "INSERT INTO discharge_summary (patient_id, custody_episode_id, establishment_id, release_movement_id, written_by,
                                        community_prescriber, content)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
        patient_id,
        episode,
        staff.establishment_id,
        movement,
        staff.staff_id,
        summary.community_prescriber,
        content
    )
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    tracing::info!(%patient_id, "patient released with a discharge summary");
    Ok(())
}
