//! The receiving establishment: reception of a patient in transit, and medicines reconciliation.

use chrono::{DateTime, NaiveTime, Utc};
use sqlx::PgPool;
use uuid::Uuid;

use super::details::current_or_latest_transfer;
use super::movement::{lock_position, record_movement};
use crate::audit::AuditAction;
use crate::auth::ssr::StaffContext;
use crate::domain::Capability;
use crate::domain::movement::{MovementAction, Position};
use crate::domain::prescribing::{PrescriptionKind, Supply};
use crate::domain::reconciliation::{ArrivedMedicine, ReconciliationChoice, decide_reconciliation};
use crate::domain::round_schedule::london_date;
use crate::domain::transfer::{ReconciliationDecision, retime};
use crate::domain::{Dose, WhereaboutsStatus};
use crate::error::AppError;
use crate::medicines::ssr::{active_prescriptions, round_times};
use crate::transfers::{
    CellChoice, PendingMedicine, ReceptionData, ReconcileRequest, ReconciledMedicine, Signed,
};

#[tracing::instrument(skip_all, fields(staff_id = %staff.staff_id, patient_id = %patient_id))]
pub async fn reception(
    pool: &PgPool,
    staff: &StaffContext,
    patient_id: Uuid,
) -> Result<ReceptionData, AppError> {
    let w = sqlx::query!(
        r#"SELECT status AS "status: WhereaboutsStatus", establishment_id, to_establishment_id,
                  since AS "since: DateTime<Utc>"
           FROM patient_whereabouts WHERE patient_id = $1"#,
        patient_id
    )
    .fetch_optional(pool)
    .await?;
    let status = w.as_ref().map(|w| w.status);
    let incoming_here = w.as_ref().is_some_and(|w| w.to_establishment_id == Some(staff.establishment_id));
    let arrived_here = w.as_ref().is_some_and(|w| {
        w.establishment_id == Some(staff.establishment_id) && status != Some(WhereaboutsStatus::InTransit)
    });
    let transfer = current_or_latest_transfer(pool, patient_id).await?;
    let receiving: Vec<crate::medicines::RoundTime> = round_times(pool, staff.establishment_id).await?;
    let times: Vec<NaiveTime> = receiving.iter().map(|r| r.time).collect();
    let here = establishment_code(pool, staff.establishment_id).await?;
    let pending = active_prescriptions(pool, patient_id)
        .await?
        .into_iter()
        .filter(|rx| rx.establishment_code != here)
        .map(|rx| {
            let proposed_times = if rx.round_times.is_empty() {
                Ok(Vec::new())
            } else {
                retime(&rx.round_times, &times).map_err(|problem| problem.to_string())
            };
            PendingMedicine { prescription: rx, proposed_times }
        })
        .collect();
    Ok(ReceptionData {
        status,
        incoming_here,
        arrived_here,
        transfer,
        cells: if incoming_here { cells(pool, staff.establishment_id).await? } else { Vec::new() },
        pending,
        reconciled: reconciled(pool, patient_id, staff.establishment_id).await?,
        round_times: receiving,
        may_reconcile: staff.role.may(Capability::ReconcileMedicines),
        arrived_at: w.filter(|_| arrived_here).map(|w| w.since),
    })
}

async fn establishment_code(pool: &PgPool, id: Uuid) -> Result<String, AppError> {
    Ok(sqlx::query_scalar!("SELECT code FROM establishment WHERE id = $1", id).fetch_one(pool).await?)
}

async fn cells(pool: &PgPool, establishment_id: Uuid) -> Result<Vec<CellChoice>, AppError> {
    Ok(sqlx::query_as!(
        CellChoice,
        "SELECT c.id, c.code, l.description AS landing
         FROM location c JOIN location l ON l.id = c.parent_id
         WHERE c.establishment_id = $1 AND c.kind = 'cell'
         ORDER BY c.code",
        establishment_id
    )
    .fetch_all(pool)
    .await?)
}

async fn reconciled(
    pool: &PgPool,
    patient_id: Uuid,
    establishment_id: Uuid,
) -> Result<Vec<ReconciledMedicine>, AppError> {
    let rows = sqlx::query!(
        r#"SELECT m.name, r.decision, r.reason, s.display_name, r.decided_at AS "decided_at: DateTime<Utc>"
           FROM medicines_reconciliation r
           JOIN prescription rx ON rx.id = r.prescription_id
           JOIN medicine_product m ON m.code = rx.product_code
           JOIN staff s ON s.id = r.decided_by
           WHERE r.patient_id = $1 AND r.establishment_id = $2
           ORDER BY r.decided_at DESC
           LIMIT 100"#,
        patient_id,
        establishment_id
    )
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| ReconciledMedicine {
            product_name: r.name,
            decision: ReconciliationDecision::from_db(&r.decision)
                .map(|d| d.label())
                .unwrap_or("Decided")
                .to_owned(),
            reason: r.reason,
            decided: Signed { by: r.display_name, at: r.decided_at },
        })
        .collect())
}

/// Reception of a patient in transit to the user's establishment, into a cell there.
#[tracing::instrument(skip_all, fields(staff_id = %staff.staff_id, patient_id = %patient_id, cell_id = %cell_id))]
pub async fn receive(
    pool: &PgPool,
    staff: &StaffContext,
    patient_id: Uuid,
    cell_id: Uuid,
) -> Result<(), AppError> {
    let mut tx = pool.begin().await?;
    let cell = sqlx::query_scalar!(
        "SELECT id FROM location WHERE id = $1 AND establishment_id = $2 AND kind = 'cell'",
        cell_id,
        staff.establishment_id
    )
    .fetch_optional(&mut *tx)
    .await?
    .ok_or_else(|| AppError::invalid("cell", "Choose a cell in this establishment."))?;
    let position = lock_position(&mut tx, patient_id).await?;
    if !matches!(position.position, Position::InTransit { .. }) {
        return Err(AppError::Conflict(
            "This patient is no longer in transit; they may already have been received.".to_owned(),
        ));
    }
    let movement = record_movement(
        &mut tx,
        staff,
        patient_id,
        &position,
        MovementAction::Arrive { at: staff.establishment_id },
        Some(cell),
        None,
    )
    .await?;
    sqlx::query!(
        "UPDATE transfer SET status = 'arrived', arrived_by = $2, arrived_at = now(), arrival_movement_id = $3
         WHERE patient_id = $1 AND status = 'departed' AND to_establishment_id = $4",
        patient_id,
        staff.staff_id,
        movement,
        staff.establishment_id
    )
    .execute(&mut *tx)
    .await?;
    let carried = crate::appointments::ssr::carry_over(&mut tx, staff, patient_id).await?;
    tx.commit().await?;
    tracing::info!(%patient_id, establishment_id = %staff.establishment_id, carried, "patient received");
    Ok(())
}

/// Continues, changes or stops one medicine the patient arrived with. The old prescription is
/// stopped; a continued or changed one is prescribed again here, on this establishment's rounds.
#[tracing::instrument(skip_all, fields(staff_id = %staff.staff_id, patient_id = %patient_id))]
pub async fn reconcile(
    pool: &PgPool,
    staff: &StaffContext,
    patient_id: Uuid,
    request: &ReconcileRequest,
) -> Result<(), AppError> {
    crate::access::require_capability(
        pool,
        staff,
        Capability::ReconcileMedicines,
        AuditAction::TransferReconcileRole,
    )
    .await?;
    let reason = super::required("reason", &request.reason, "Give the reason for this decision.")?;
    let receiving: Vec<NaiveTime> =
        round_times(pool, staff.establishment_id).await?.into_iter().map(|r| r.time).collect();
    let mut tx = pool.begin().await?;
    let rx = sqlx::query!(
        r#"SELECT rx.kind AS "kind: PrescriptionKind", rx.supply AS "supply: Supply",
                  rx.round_times AS "round_times: Vec<NaiveTime>", (rx.dose * 1000)::int8 AS "dose_milli!",
                  m.name, e.name AS from_name,
                  EXISTS (SELECT 1 FROM never_in_possession n WHERE n.establishment_id = $3 AND n.product_code = rx.product_code
                          AND n.removed_at IS NULL) AS "never_in_possession_here!"
           FROM prescription rx
           JOIN medicine_product m ON m.code = rx.product_code
           JOIN establishment e ON e.id = rx.establishment_id
           WHERE rx.id = $1 AND rx.patient_id = $2 AND rx.establishment_id <> $3
             AND rx.stopped_at IS NULL AND rx.entered_in_error_at IS NULL AND (rx.ends_on IS NULL OR rx.ends_on >= $4)
           FOR UPDATE OF rx"#,
        request.prescription_id,
        patient_id,
        staff.establishment_id,
        london_date(Utc::now()) as _,
    )
    .fetch_optional(&mut *tx)
    .await?
    .ok_or_else(|| AppError::Conflict("This medicine has already been reconciled; reload the page.".to_owned()))?;

    let arrived = ArrivedMedicine {
        product_name: rx.name,
        kind: rx.kind,
        supply: rx.supply,
        round_times: rx.round_times,
        dose: Dose::from_thousandths(rx.dose_milli),
        never_in_possession_here: rx.never_in_possession_here,
    };
    let choice = ReconciliationChoice {
        decision: request.decision,
        dose: &request.dose,
        round_times: &request.round_times,
    };
    let decided = decide_reconciliation(&arrived, &choice, &receiving).map_err(AppError::from_problem)?;
    let stop_reason = format!(
        "{} on reconciliation after transfer from {}: {reason}",
        request.decision.label(),
        rx.from_name
    );
    sqlx::query!(
        "UPDATE prescription SET stopped_at = now(), stopped_by = $2, stopped_reason = $3 WHERE id = $1",
        request.prescription_id,
        staff.staff_id,
        stop_reason
    )
    .execute(&mut *tx)
    .await?;
    let new_id = if request.decision == ReconciliationDecision::Stop {
        None
    } else {
        Some(
            sqlx::query_scalar!(
                "INSERT INTO prescription (patient_id, establishment_id, product_code, dose, route, kind, round_times, supply,
                                           prn_min_interval_minutes, prn_max_per_24h, starts_on, ends_on, review_on, indication,
                                           allergy_override_reason, prescribed_by, replaces_id)
                 SELECT patient_id, $2, product_code, $3::int8::numeric / 1000, route, kind, $4, $5,
                        prn_min_interval_minutes, prn_max_per_24h, $6, ends_on, review_on, indication,
                        allergy_override_reason, $7, id
                 FROM prescription WHERE id = $1
                 RETURNING id",
                request.prescription_id,
                staff.establishment_id,
                decided.dose.thousandths(),
                &decided.round_times as &[NaiveTime],
                decided.supply as _,
                london_date(Utc::now()) as _,
                staff.staff_id,
            )
            .fetch_one(&mut *tx)
            .await?,
        )
    };
    sqlx::query!(
        "INSERT INTO medicines_reconciliation (patient_id, establishment_id, transfer_id, prescription_id, decision, reason,
                                               new_prescription_id, decided_by)
         VALUES ($1, $2, (SELECT id FROM transfer WHERE patient_id = $1 AND to_establishment_id = $2 AND status = 'arrived'
                          ORDER BY arrived_at DESC LIMIT 1), $3, $4, $5, $6, $7)",
        patient_id,
        staff.establishment_id,
        request.prescription_id,
        request.decision.as_db(),
        reason,
        new_id,
        staff.staff_id
    )
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(())
}
