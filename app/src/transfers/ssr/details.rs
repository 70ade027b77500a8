//! Reading transfers: the locked row a step works on, and the details both ends are shown.

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::{PgPool, Postgres, Transaction};
use uuid::Uuid;

use crate::auth::ssr::StaffContext;
use crate::domain::transfer::TransferStatus;
use crate::error::AppError;
use crate::transfers::{EstablishmentChoice, Signed, TransferDetails};

pub struct LockedTransfer {
    pub id: Uuid,
    pub patient_id: Uuid,
    pub status: TransferStatus,
    pub from_establishment_id: Uuid,
    pub to_establishment_id: Uuid,
    pub fit_confirmed: bool,
    pub reason: String,
}

impl LockedTransfer {
    /// Steps before departure belong to the sending establishment.
    pub fn expect_sending(&self, staff: &StaffContext, status: TransferStatus) -> Result<(), AppError> {
        if staff.establishment_id != self.from_establishment_id {
            return Err(AppError::invalid("transfer", "Only the sending establishment can do this."));
        }
        if self.status != status {
            return Err(AppError::Conflict(format!(
                "This transfer is now {}; refresh to see what changed.",
                self.status.describe().to_lowercase()
            )));
        }
        Ok(())
    }
}

/// The transfer, locked for this transaction; it must be the named patient's.
pub async fn lock_transfer(
    tx: &mut Transaction<'_, Postgres>,
    transfer_id: Uuid,
    patient_id: Uuid,
) -> Result<LockedTransfer, AppError> {
    let row = sqlx::query!(
        "SELECT id, patient_id, status, from_establishment_id, to_establishment_id, fit_confirmed_at IS NOT NULL AS \"fit!\", reason
         FROM transfer WHERE id = $1 AND patient_id = $2 FOR UPDATE",
        transfer_id,
        patient_id
    )
    .fetch_optional(&mut **tx)
    .await?
    .ok_or_else(|| AppError::NotFound("That transfer does not exist.".to_owned()))?;
    Ok(LockedTransfer {
        id: row.id,
        patient_id: row.patient_id,
        status: stored_status(&row.status)?,
        from_establishment_id: row.from_establishment_id,
        to_establishment_id: row.to_establishment_id,
        fit_confirmed: row.fit,
        reason: row.reason,
    })
}

pub fn stored_status(status: &str) -> Result<TransferStatus, AppError> {
    TransferStatus::from_db(status).ok_or_else(|| {
        tracing::error!(status, "unknown transfer status stored");
        AppError::Internal
    })
}

/// The patient's scheduled or departed transfer, if any.
pub async fn open_transfer(pool: &PgPool, patient_id: Uuid) -> Result<Option<TransferDetails>, AppError> {
    transfer_of(pool, patient_id, true).await
}

/// The patient's live transfer, or else their most recent one: what both ends want to see.
pub async fn current_or_latest_transfer(
    pool: &PgPool,
    patient_id: Uuid,
) -> Result<Option<TransferDetails>, AppError> {
    transfer_of(pool, patient_id, false).await
}

async fn transfer_of(
    pool: &PgPool,
    patient_id: Uuid,
    open_only: bool,
) -> Result<Option<TransferDetails>, AppError> {
    let id = sqlx::query_scalar!(
        "SELECT id FROM transfer WHERE patient_id = $1 AND (NOT $2 OR status IN ('scheduled', 'departed'))
         ORDER BY status IN ('scheduled', 'departed') DESC, scheduled_at DESC LIMIT 1",
        patient_id,
        open_only
    )
    .fetch_optional(pool)
    .await?;
    match id {
        Some(id) => Ok(Some(transfer_details(pool, id).await?)),
        None => Ok(None),
    }
}

fn signed(by: Option<String>, at: Option<DateTime<Utc>>) -> Option<Signed> {
    Some(Signed { by: by?, at: at? })
}

pub async fn transfer_details(pool: &PgPool, transfer_id: Uuid) -> Result<TransferDetails, AppError> {
    let r = sqlx::query!(
        r#"SELECT t.id, t.status, f.code AS from_code, f.name AS from_name, d.code AS to_code, d.name AS to_name,
                  t.planned_for AS "planned_for: NaiveDate", t.reason, s.display_name AS scheduled_by,
                  t.scheduled_at AS "scheduled_at: DateTime<Utc>",
                  fs.display_name AS "fit_by?", t.fit_confirmed_at AS "fit_at: DateTime<Utc>", t.fit_note,
                  hs.display_name AS "hold_by?", t.departed_at AS "departed_at: DateTime<Utc>", t.medical_hold_override_reason,
                  ds.display_name AS "departed_by?", rs.display_name AS "arrived_by?", t.arrived_at AS "arrived_at: DateTime<Utc>",
                  cs.display_name AS "cancelled_by?", t.cancelled_at AS "cancelled_at: DateTime<Utc>", t.cancelled_reason,
                  ARRAY(SELECT fe.name || ' → ' || te.name || ' (' || r.reason || ')'
                        FROM transfer_redirect r
                        JOIN establishment fe ON fe.id = r.from_destination_id
                        JOIN establishment te ON te.id = r.to_destination_id
                        WHERE r.transfer_id = t.id ORDER BY r.redirected_at) AS "redirects!"
           FROM transfer t
           JOIN establishment f ON f.id = t.from_establishment_id
           JOIN establishment d ON d.id = t.to_establishment_id
           JOIN staff s ON s.id = t.scheduled_by
           LEFT JOIN staff fs ON fs.id = t.fit_confirmed_by
           LEFT JOIN staff hs ON hs.id = t.medical_hold_override_by
           LEFT JOIN staff ds ON ds.id = t.departed_by
           LEFT JOIN staff rs ON rs.id = t.arrived_by
           LEFT JOIN staff cs ON cs.id = t.cancelled_by
           WHERE t.id = $1"#,
        transfer_id
    )
    .fetch_one(pool)
    .await?;
    Ok(TransferDetails {
        id: r.id,
        status: stored_status(&r.status)?,
        from: EstablishmentChoice { code: r.from_code, name: r.from_name },
        to: EstablishmentChoice { code: r.to_code, name: r.to_name },
        planned_for: r.planned_for,
        reason: r.reason,
        scheduled: Signed { by: r.scheduled_by, at: r.scheduled_at },
        fit_confirmed: signed(r.fit_by, r.fit_at),
        fit_note: r.fit_note,
        hold_override: signed(r.hold_by, r.departed_at).zip(r.medical_hold_override_reason),
        departed: signed(r.departed_by, r.departed_at),
        arrived: signed(r.arrived_by, r.arrived_at),
        cancelled: signed(r.cancelled_by, r.cancelled_at).zip(r.cancelled_reason),
        redirects: r.redirects,
    })
}
