//! The establishment's transfer lists: going out, coming in, medicines still to reconcile, and
//! patients recently gone (readable for governance).

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::PgPool;
use uuid::Uuid;

use super::details::stored_status;
use crate::error::AppError;
use crate::state::SessionRules;
use crate::transfers::{EstablishmentChoice, ReconciliationDue, TransferLists, TransferRow};

struct Row {
    id: Uuid,
    prison_number: String,
    given_name: String,
    family_name: String,
    from_code: String,
    from_name: String,
    to_code: String,
    to_name: String,
    planned_for: NaiveDate,
    status: String,
    fit: bool,
    hold: bool,
    critical: i64,
    departed_at: Option<DateTime<Utc>>,
    arrived_at: Option<DateTime<Utc>>,
}

impl Row {
    fn into_row(self) -> Result<TransferRow, AppError> {
        Ok(TransferRow {
            transfer_id: Some(self.id),
            prison_number: self.prison_number,
            name: format!("{}, {}", self.family_name.to_uppercase(), self.given_name),
            from: EstablishmentChoice { code: self.from_code, name: self.from_name },
            to: EstablishmentChoice { code: self.to_code, name: self.to_name },
            planned_for: self.planned_for,
            status: stored_status(&self.status)?,
            fit_confirmed: self.fit,
            medical_hold: self.hold,
            critical_medicines: self.critical,
            departed_at: self.departed_at,
            arrived_at: self.arrived_at,
        })
    }
}

pub async fn lists(
    pool: &PgPool,
    establishment_id: Uuid,
    rules: &SessionRules,
) -> Result<TransferLists, AppError> {
    let since = Utc::now()
        - chrono::Duration::from_std(rules.former_establishment_read).unwrap_or(chrono::Duration::days(90));
    // $2 picks the list: outgoing, incoming or recently left.
    let rows = sqlx::query_as!(
        Row,
        r#"SELECT t.id, p.prison_number, p.given_name, p.family_name, f.code AS from_code, f.name AS from_name,
                  d.code AS to_code, d.name AS to_name, t.planned_for AS "planned_for: NaiveDate", t.status,
                  t.fit_confirmed_at IS NOT NULL AS "fit!",
                  medical_hold_active(t.patient_id) AS "hold!", critical_medicine_count(t.patient_id) AS "critical!",
                  t.departed_at AS "departed_at: DateTime<Utc>", t.arrived_at AS "arrived_at: DateTime<Utc>"
           FROM transfer t
           JOIN patient p ON p.id = t.patient_id
           JOIN establishment f ON f.id = t.from_establishment_id
           JOIN establishment d ON d.id = t.to_establishment_id
           WHERE (t.from_establishment_id = $1 AND t.status IN ('scheduled', 'departed'))
              OR (t.to_establishment_id = $1 AND t.status IN ('scheduled', 'departed'))
              OR (t.from_establishment_id = $1 AND t.status = 'arrived' AND t.arrived_at >= $2)
           ORDER BY t.planned_for, p.family_name
           LIMIT 500"#,
        establishment_id,
        since as _,
    )
    .fetch_all(pool)
    .await?;
    let codes = sqlx::query_scalar!("SELECT code FROM establishment WHERE id = $1", establishment_id)
        .fetch_one(pool)
        .await?;
    let mut lists = TransferLists {
        outgoing: Vec::new(),
        incoming: Vec::new(),
        reconciliation_due: reconciliation_due(pool, establishment_id).await?,
        recently_left: Vec::new(),
    };
    for row in rows {
        let row = row.into_row()?;
        if row.to.code == codes && row.from.code != codes {
            lists.incoming.push(row);
        } else if row.status == crate::domain::transfer::TransferStatus::Arrived {
            lists.recently_left.push(row);
        } else {
            lists.outgoing.push(row);
        }
    }
    lists.incoming.extend(untracked_incoming(pool, establishment_id).await?);
    lists.recently_left.sort_by_key(|row| std::cmp::Reverse(row.arrived_at));
    Ok(lists)
}

/// Patients on the road here without a transfer record (remanded from court to this prison, or
/// moved before transfers were recorded here): they still need receiving.
async fn untracked_incoming(pool: &PgPool, establishment_id: Uuid) -> Result<Vec<TransferRow>, AppError> {
    let rows = sqlx::query!(
        r#"SELECT p.prison_number, p.given_name, p.family_name, f.code AS from_code, f.name AS from_name,
                  d.code AS to_code, d.name AS to_name, w.since AS "since: DateTime<Utc>",
                  medical_hold_active(w.patient_id) AS "hold!", critical_medicine_count(w.patient_id) AS "critical!"
           FROM patient_whereabouts w
           JOIN patient p ON p.id = w.patient_id
           JOIN establishment f ON f.id = w.establishment_id
           JOIN establishment d ON d.id = w.to_establishment_id
           WHERE w.to_establishment_id = $1 AND w.status = 'in_transit'
             AND NOT EXISTS (SELECT 1 FROM transfer t WHERE t.patient_id = w.patient_id AND t.status = 'departed')
           ORDER BY w.since
           LIMIT 200"#,
        establishment_id
    )
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| TransferRow {
            transfer_id: None,
            prison_number: r.prison_number,
            name: format!("{}, {}", r.family_name.to_uppercase(), r.given_name),
            from: EstablishmentChoice { code: r.from_code, name: r.from_name },
            to: EstablishmentChoice { code: r.to_code, name: r.to_name },
            planned_for: crate::domain::round_schedule::london_date(r.since),
            status: crate::domain::transfer::TransferStatus::Departed,
            fit_confirmed: false,
            medical_hold: r.hold,
            critical_medicines: r.critical,
            departed_at: Some(r.since),
            arrived_at: None,
        })
        .collect())
}

/// Patients here still on medicines prescribed elsewhere, critical ones first.
pub async fn reconciliation_due(
    pool: &PgPool,
    establishment_id: Uuid,
) -> Result<Vec<ReconciliationDue>, AppError> {
    let rows = sqlx::query!(
        r#"SELECT p.prison_number, p.given_name, p.family_name, l.code AS "cell?", w.since AS "since: DateTime<Utc>",
                  count(*) AS "pending!", count(*) FILTER (WHERE m.critical_class IS NOT NULL) AS "critical!"
           FROM patient_whereabouts w
           JOIN patient p ON p.id = w.patient_id
           JOIN prescription rx ON rx.patient_id = w.patient_id AND rx.establishment_id <> w.establishment_id
                               AND rx.stopped_at IS NULL AND rx.entered_in_error_at IS NULL
                               AND (rx.ends_on IS NULL OR rx.ends_on >= current_date)
           JOIN medicine_product m ON m.code = rx.product_code
           LEFT JOIN location l ON l.id = w.location_id
           WHERE w.establishment_id = $1 AND w.status IN ('in_establishment', 'at_court', 'temporary_absence')
           GROUP BY p.id, l.code, w.since
           ORDER BY count(*) FILTER (WHERE m.critical_class IS NOT NULL) = 0, w.since
           LIMIT 200"#,
        establishment_id
    )
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| ReconciliationDue {
            prison_number: r.prison_number,
            name: format!("{}, {}", r.family_name.to_uppercase(), r.given_name),
            location: r.cell.unwrap_or_else(|| "Reception".to_owned()),
            arrived_at: r.since,
            pending: r.pending,
            critical_pending: r.critical,
        })
        .collect())
}
