use chrono::{DateTime, Utc};
use sqlx::PgPool;

use super::witness::verify_witness;
use super::{CdRegisterLine, CdStockEntry, CdStockLine, signed_change};
use crate::audit::AuditAction;
use crate::auth::ssr::StaffContext;
use crate::domain::Capability;
use crate::domain::Dose;
use crate::error::AppError;

/// Every Schedule 2 and 3 product, with the balance held here (zero when never stocked).
#[tracing::instrument(skip_all, fields(staff_id = %staff.staff_id))]
pub async fn stock(pool: &PgPool, staff: &StaffContext) -> Result<Vec<CdStockLine>, AppError> {
    let rows = sqlx::query!(
        r#"SELECT m.code, m.name, m.dose_unit, m.cd_schedule AS "cd_schedule!",
                  coalesce((s.balance * 1000)::int8, 0) AS "balance!",
                  s.updated_at AS "updated_at?: DateTime<Utc>"
           FROM medicine_product m
           LEFT JOIN cd_stock s ON s.product_code = m.code AND s.establishment_id = $1
           WHERE m.cd_schedule IN (2, 3)
           ORDER BY s.product_code IS NULL, m.name"#,
        staff.establishment_id
    )
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| CdStockLine {
            product_code: r.code,
            product_name: r.name,
            dose_unit: r.dose_unit,
            cd_schedule: r.cd_schedule,
            balance: Dose::from_thousandths(r.balance),
            updated_at: r.updated_at,
        })
        .collect())
}

#[tracing::instrument(skip_all, fields(staff_id = %staff.staff_id))]
pub async fn entries(
    pool: &PgPool,
    staff: &StaffContext,
    product_code: i64,
) -> Result<Vec<CdRegisterLine>, AppError> {
    let rows = sqlx::query!(
        r#"SELECT e.recorded_at AS "recorded_at: DateTime<Utc>", e.kind, (e.quantity * 1000)::int8 AS "quantity!",
                  (e.balance_after * 1000)::int8 AS "balance_after!", p.prison_number AS "prison_number?",
                  r.display_name AS recorded_by, w.display_name AS witnessed_by, e.note
           FROM cd_register_entry e
           JOIN staff r ON r.id = e.recorded_by
           JOIN staff w ON w.id = e.witnessed_by
           LEFT JOIN patient p ON p.id = e.patient_id
           WHERE e.establishment_id = $1 AND e.product_code = $2
           ORDER BY e.recorded_at DESC, e.balance_after
           LIMIT 200"#,
        staff.establishment_id,
        product_code
    )
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| CdRegisterLine {
            recorded_at: r.recorded_at,
            kind: r.kind,
            quantity: Dose::from_thousandths(r.quantity),
            balance_after: Dose::from_thousandths(r.balance_after),
            prison_number: r.prison_number,
            recorded_by: r.recorded_by,
            witnessed_by: r.witnessed_by,
            note: r.note,
        })
        .collect())
}

/// A receipt, return or adjustment: witnessed, and refused if the balance would go below zero.
#[tracing::instrument(skip_all, fields(staff_id = %staff.staff_id))]
pub async fn record_stock_entry(
    pool: &PgPool,
    staff: &StaffContext,
    entry: &CdStockEntry,
) -> Result<Dose, AppError> {
    crate::access::require_capability(
        pool,
        staff,
        Capability::ManageMedicinesStock,
        AuditAction::CdStockEntryRole,
    )
    .await?;
    let change = signed_change(entry).map_err(|(field, message)| AppError::invalid(field, message))?;
    let product = sqlx::query!(
        "SELECT name, dose_unit FROM medicine_product WHERE code = $1 AND cd_schedule IN (2, 3)",
        entry.product_code
    )
    .fetch_optional(pool)
    .await?
    .ok_or_else(|| AppError::invalid("product_code", "Choose a Schedule 2 or 3 controlled drug."))?;
    let (witness_id, _) =
        verify_witness(pool, staff, &entry.witness_username, &entry.witness_password).await?;

    let mut tx = pool.begin().await?;
    sqlx::query!(
        "INSERT INTO cd_stock (establishment_id, product_code) VALUES ($1, $2) ON CONFLICT DO NOTHING",
        staff.establishment_id,
        entry.product_code
    )
    .execute(&mut *tx)
    .await?;
    let balance = sqlx::query_scalar!(
        r#"SELECT (balance * 1000)::int8 AS "balance!" FROM cd_stock
           WHERE establishment_id = $1 AND product_code = $2 FOR UPDATE"#,
        staff.establishment_id,
        entry.product_code
    )
    .fetch_one(&mut *tx)
    .await?;
    let after = balance + change.thousandths();
    if after < 0 {
        return Err(AppError::invalid(
            "quantity",
            format!(
                "The register holds {} {} of {}; this entry would take it below zero. Check the count.",
                Dose::from_thousandths(balance),
                product.dose_unit,
                product.name
            ),
        ));
    }
    sqlx::query!(
        "UPDATE cd_stock SET balance = $3::int8::numeric / 1000, updated_at = now()
         WHERE establishment_id = $1 AND product_code = $2",
        staff.establishment_id,
        entry.product_code,
        after
    )
    .execute(&mut *tx)
    .await?;
    sqlx::query!(
        "INSERT INTO cd_register_entry (establishment_id, product_code, kind, quantity, balance_after, note, recorded_by, witnessed_by)
         VALUES ($1, $2, $3, $4::int8::numeric / 1000, $5::int8::numeric / 1000, $6, $7, $8)",
        staff.establishment_id,
        entry.product_code,
        entry.kind,
        change.thousandths(),
        after,
        entry.note.trim(),
        staff.staff_id,
        witness_id
    )
    .execute(&mut *tx)
    .await?;
    crate::audit::record_staff_action(&mut *tx, staff, AuditAction::CdRegisterEntry, &entry.kind).await?;
    tx.commit().await?;
    Ok(Dose::from_thousandths(after))
}
