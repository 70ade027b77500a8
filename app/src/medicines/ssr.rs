#![allow(clippy::too_many_arguments)]

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use sqlx::PgPool;
use uuid::Uuid;

use super::{
    ActivePrescription, InPossessionSupply, MedicineProduct, MedicinesSummary, PrescriptionRequest, RoundTime,
};
use crate::access::authorize_patient;
use crate::audit::AuditAction;
use crate::auth::ssr::StaffContext;
use crate::domain::Capability;
use crate::domain::access::Intent;
use crate::domain::prescribing::{PrescriptionKind, ProductRules, Supply};
use crate::domain::prescription_decision::{
    PrescribingContext, Product, RecordedAllergy, decide_prescription,
};
use crate::domain::prn::PrnLimits;
use crate::domain::round_schedule::london_date;
use crate::domain::{AdministrationOutcome, Dose, ost};
use crate::error::AppError;

pub async fn search(
    pool: &PgPool,
    establishment_id: Uuid,
    query: &str,
) -> Result<Vec<MedicineProduct>, AppError> {
    Ok(sqlx::query_as!(
        MedicineProduct,
        r#"SELECT m.code, m.name, m.form, m.dose_unit, m.route, m.cd_schedule, m.is_ost, m.critical_class,
                  EXISTS (SELECT 1 FROM never_in_possession n
                          WHERE n.establishment_id = $2 AND n.product_code = m.code AND n.removed_at IS NULL)
                      AS "never_in_possession_here!"
           FROM medicine_product m
           WHERE word_similarity($1, m.name) >= 0.3 OR m.name ILIKE '%' || $3 || '%'
           ORDER BY m.name ILIKE $3 || '%' DESC, word_similarity($1, m.name) DESC, length(m.name), m.name
           LIMIT 12"#,
        query,
        establishment_id,
        crate::search_text::like_escape(query),
    )
    .fetch_all(pool)
    .await?)
}

pub async fn round_times(pool: &PgPool, establishment_id: Uuid) -> Result<Vec<RoundTime>, AppError> {
    Ok(sqlx::query_as!(
        RoundTime,
        r#"SELECT time_of_day AS "time: NaiveTime", label FROM round_time
           WHERE establishment_id = $1 ORDER BY time_of_day"#,
        establishment_id
    )
    .fetch_all(pool)
    .await?)
}

pub fn stored_dose(thousandths: Option<i64>) -> Result<Dose, AppError> {
    thousandths.map(Dose::from_thousandths).ok_or_else(|| {
        tracing::error!("dose missing from a stored row");
        AppError::Internal
    })
}

pub fn prn_limits(interval: Option<i32>, max: Option<i32>) -> Option<PrnLimits> {
    Some(PrnLimits {
        min_interval_minutes: u32::try_from(interval?).ok()?,
        max_per_24h: u32::try_from(max?).ok()?,
    })
}

#[tracing::instrument(skip_all, fields(staff_id = %staff.staff_id, patient_id = %patient_id))]
pub async fn summary(
    pool: &PgPool,
    staff: &StaffContext,
    patient_id: Uuid,
) -> Result<MedicinesSummary, AppError> {
    Ok(MedicinesSummary {
        prescriptions: active_prescriptions(pool, patient_id).await?,
        round_times: round_times(pool, staff.establishment_id).await?,
        may_prescribe: staff.role.may(Capability::Prescribe),
        may_administer: staff.role.may(Capability::Administer),
    })
}

/// The patient's prescriptions in force, critical medicines first, each with its last dose.
pub async fn active_prescriptions(
    pool: &PgPool,
    patient_id: Uuid,
) -> Result<Vec<ActivePrescription>, AppError> {
    let now = Utc::now();
    let rows = sqlx::query!(
        r#"SELECT rx.id, rx.product_code, m.name AS product_name, (rx.dose * 1000)::int8 AS dose_milli,
                  m.dose_unit, rx.route, rx.kind AS "kind: PrescriptionKind", rx.supply AS "supply: Supply",
                  rx.round_times AS "round_times: Vec<NaiveTime>",
                  rx.prn_min_interval_minutes, rx.prn_max_per_24h,
                  rx.starts_on AS "starts_on: NaiveDate", rx.ends_on AS "ends_on: NaiveDate",
                  rx.review_on AS "review_on: NaiveDate", rx.indication, s.display_name AS prescribed_by,
                  rx.prescribed_at AS "prescribed_at: DateTime<Utc>", m.cd_schedule, m.is_ost, m.critical_class,
                  rx.allergy_override_reason,
                  prescription_last_taken(rx.id) AS "last_taken: DateTime<Utc>",
                  CASE WHEN m.is_ost THEN ost_last_given(rx.patient_id) END AS "ost_last_given: DateTime<Utc>",
                  CASE WHEN m.is_ost THEN ost_last_review(rx.patient_id) END AS "ost_last_review: DateTime<Utc>",
                  ip.supplied_at AS "supplied_at?: DateTime<Utc>", (ip.quantity * 1000)::int8 AS "supplied_milli?",
                  ips.display_name AS "supplied_by?", e.code AS establishment_code
           FROM prescription rx
           JOIN medicine_product m ON m.code = rx.product_code
           JOIN staff s ON s.id = rx.prescribed_by
           JOIN establishment e ON e.id = rx.establishment_id
           LEFT JOIN LATERAL (
               SELECT supplied_at, quantity, supplied_by FROM in_possession_supply
               WHERE prescription_id = rx.id AND entered_in_error_at IS NULL
               ORDER BY supplied_at DESC LIMIT 1
           ) ip ON true
           LEFT JOIN staff ips ON ips.id = ip.supplied_by
           WHERE rx.patient_id = $1 AND rx.stopped_at IS NULL AND rx.entered_in_error_at IS NULL
             AND (rx.ends_on IS NULL OR rx.ends_on >= $2)
           ORDER BY m.critical_class IS NULL, m.name"#,
        patient_id,
        london_date(now) as _,
    )
    .fetch_all(pool)
    .await?;
    let mut prescriptions = Vec::with_capacity(rows.len());
    for r in rows {
        let last_supply = match (r.supplied_at, r.supplied_milli, r.supplied_by) {
            (Some(supplied_at), Some(q), Some(supplied_by)) => {
                Some(InPossessionSupply { supplied_at, quantity: Dose::from_thousandths(q), supplied_by })
            }
            _ => None,
        };
        prescriptions.push(ActivePrescription {
            id: r.id,
            establishment_code: r.establishment_code,
            product_code: r.product_code,
            product_name: r.product_name,
            dose: stored_dose(r.dose_milli)?,
            dose_unit: r.dose_unit,
            route: r.route,
            kind: r.kind,
            supply: r.supply,
            round_times: r.round_times,
            prn_limits: prn_limits(r.prn_min_interval_minutes, r.prn_max_per_24h),
            starts_on: r.starts_on,
            ends_on: r.ends_on,
            review_on: r.review_on,
            indication: r.indication,
            prescribed_by: r.prescribed_by,
            prescribed_at: r.prescribed_at,
            cd_schedule: r.cd_schedule,
            is_ost: r.is_ost,
            critical_class: r.critical_class,
            allergy_override_reason: r.allergy_override_reason,
            last_given_at: r.last_taken,
            last_supply,
            ost_review_required: ost::review_required_at(
                r.is_ost,
                r.starts_on,
                r.ost_last_given,
                r.ost_last_review,
                now,
            ),
        });
    }
    Ok(prescriptions)
}

fn invalid((field, message): (&'static str, String)) -> AppError {
    AppError::invalid(field, message)
}

#[tracing::instrument(skip_all, fields(staff_id = %staff.staff_id, patient_id = %patient_id))]
pub async fn prescribe(
    pool: &PgPool,
    staff: &StaffContext,
    patient_id: Uuid,
    request: &PrescriptionRequest,
) -> Result<Uuid, AppError> {
    crate::access::require_capability(
        pool,
        staff,
        Capability::Prescribe,
        AuditAction::PrescriptionPrescribeRole,
    )
    .await?;
    let Some(product_code) = request.product_code else {
        return Err(AppError::invalid(
            "product_code",
            "Search for the medicine and choose one from the list.",
        ));
    };
    let product = chosen_product(pool, product_code, staff.establishment_id).await?;
    let draft = request.draft().map_err(invalid)?;
    let offered: Vec<NaiveTime> =
        round_times(pool, staff.establishment_id).await?.into_iter().map(|r| r.time).collect();
    let allergies = recorded_allergies(pool, patient_id).await?;
    let allergies: Vec<RecordedAllergy> = allergies
        .iter()
        .map(|a| RecordedAllergy { substance: &a.substance, reaction: &a.reaction, severity: &a.severity })
        .collect();
    let context = PrescribingContext {
        product: Product { name: &product.name, allergy_terms: &product.allergy_terms, rules: product.rules },
        round_times: &offered,
        allergies: &allergies,
        today: london_date(Utc::now()),
    };
    let decision =
        decide_prescription(&draft, &request.allergy_override_reason, &context).map_err(invalid)?;

    let mut tx = pool.begin().await?;
    if let Some(replaces) = request.replaces_id {
        stop_replaced(&mut tx, staff, patient_id, replaces).await?;
    }
    let id = sqlx::query_scalar!(
        "INSERT INTO prescription (patient_id, establishment_id, product_code, dose, route, kind, round_times, supply,
                                   prn_min_interval_minutes, prn_max_per_24h, starts_on, ends_on, review_on, indication,
                                   allergy_override_reason, prescribed_by, replaces_id)
         VALUES ($1, $2, $3, $4::int8::numeric / 1000, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)
         RETURNING id",
        patient_id,
        staff.establishment_id,
        product_code,
        decision.dose.thousandths(),
        product.route,
        draft.kind as _,
        &draft.round_times as &[NaiveTime],
        draft.supply as _,
        decision.prn_min_interval_minutes.and_then(|v| i32::try_from(v).ok()),
        decision.prn_max_per_24h.and_then(|v| i32::try_from(v).ok()),
        draft.starts_on as _,
        draft.ends_on as _,
        draft.review_on as _,
        draft.indication.trim(),
        decision.allergy_override_reason,
        staff.staff_id,
        request.replaces_id,
    )
    .fetch_one(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// The product being prescribed, as the prescribing rules read it.
struct ChosenProduct {
    name: String,
    route: String,
    allergy_terms: Vec<String>,
    rules: ProductRules,
}

async fn chosen_product(
    pool: &PgPool,
    product_code: i64,
    establishment_id: Uuid,
) -> Result<ChosenProduct, AppError> {
    let product = sqlx::query!(
        r#"SELECT m.name, m.route, m.cd_schedule, m.is_ost, m.allergy_terms,
                  EXISTS (SELECT 1 FROM never_in_possession n
                          WHERE n.establishment_id = $2 AND n.product_code = m.code AND n.removed_at IS NULL)
                      AS "never_in_possession_here!"
           FROM medicine_product m WHERE m.code = $1"#,
        product_code,
        establishment_id
    )
    .fetch_optional(pool)
    .await?
    .ok_or_else(|| AppError::invalid("product_code", "That medicine is not in the catalogue."))?;
    Ok(ChosenProduct {
        name: product.name,
        route: product.route,
        allergy_terms: product.allergy_terms,
        rules: ProductRules {
            is_ost: product.is_ost,
            cd_schedule: product.cd_schedule,
            never_in_possession_here: product.never_in_possession_here,
        },
    })
}

struct AllergyRow {
    substance: String,
    reaction: String,
    severity: String,
}

async fn recorded_allergies(pool: &PgPool, patient_id: Uuid) -> Result<Vec<AllergyRow>, AppError> {
    Ok(sqlx::query_as!(
        AllergyRow,
        "SELECT substance, reaction, severity FROM allergy WHERE patient_id = $1 AND entered_in_error_at IS NULL",
        patient_id
    )
    .fetch_all(pool)
    .await?)
}

/// A change stops the prescription it replaces in the same transaction as the new one starts.
async fn stop_replaced(
    tx: &mut sqlx::Transaction<'_, sqlx::Postgres>,
    staff: &StaffContext,
    patient_id: Uuid,
    replaces: Uuid,
) -> Result<(), AppError> {
    let stopped = sqlx::query!(
        "UPDATE prescription SET stopped_at = now(), stopped_by = $3, stopped_reason = 'Changed: replaced by a new prescription'
         WHERE id = $1 AND patient_id = $2 AND stopped_at IS NULL AND entered_in_error_at IS NULL",
        replaces,
        patient_id,
        staff.staff_id
    )
    .execute(&mut **tx)
    .await?;
    if stopped.rows_affected() == 0 {
        return Err(AppError::invalid(
            "replaces_id",
            "The prescription being changed is no longer active; reload the record.",
        ));
    }
    Ok(())
}

/// The patient a prescription belongs to, after an audited write-access decision.
async fn authorize_prescription(
    pool: &PgPool,
    staff: &StaffContext,
    prescription_id: Uuid,
    action: crate::audit::AuditAction,
) -> Result<Uuid, AppError> {
    let patient_id =
        sqlx::query_scalar!("SELECT patient_id FROM prescription WHERE id = $1", prescription_id)
            .fetch_optional(pool)
            .await?
            .ok_or_else(|| AppError::NotFound("That prescription does not exist.".to_owned()))?;
    authorize_patient(pool, staff, patient_id, Intent::Write, action).await?;
    Ok(patient_id)
}

#[tracing::instrument(skip_all, fields(staff_id = %staff.staff_id, prescription_id = %prescription_id))]
pub async fn stop(
    pool: &PgPool,
    staff: &StaffContext,
    prescription_id: Uuid,
    reason: &str,
) -> Result<(), AppError> {
    crate::access::require_capability(pool, staff, Capability::Prescribe, AuditAction::PrescriptionStopRole)
        .await?;
    authorize_prescription(pool, staff, prescription_id, AuditAction::PrescriptionStop).await?;
    let stopped = sqlx::query!(
        "UPDATE prescription SET stopped_at = now(), stopped_by = $2, stopped_reason = $3
         WHERE id = $1 AND stopped_at IS NULL AND entered_in_error_at IS NULL",
        prescription_id,
        staff.staff_id,
        reason
    )
    .execute(pool)
    .await?;
    if stopped.rows_affected() == 0 {
        return Err(AppError::invalid("prescription_id", "This prescription is already stopped."));
    }
    Ok(())
}

#[tracing::instrument(skip_all, fields(staff_id = %staff.staff_id, prescription_id = %prescription_id))]
pub async fn supply_in_possession(
    pool: &PgPool,
    staff: &StaffContext,
    prescription_id: Uuid,
    quantity: Dose,
) -> Result<(), AppError> {
    crate::access::require_capability(
        pool,
        staff,
        Capability::Administer,
        AuditAction::PrescriptionSupplyInPossessionRole,
    )
    .await?;
    let patient_id =
        authorize_prescription(pool, staff, prescription_id, AuditAction::PrescriptionSupply).await?;
    let inserted = sqlx::query!(
        "INSERT INTO in_possession_supply (prescription_id, patient_id, establishment_id, quantity, supplied_by)
         SELECT id, patient_id, $2, $3::int8::numeric / 1000, $4 FROM prescription
         WHERE id = $1 AND supply = 'in_possession' AND stopped_at IS NULL AND entered_in_error_at IS NULL",
        prescription_id,
        staff.establishment_id,
        quantity.thousandths(),
        staff.staff_id
    )
    .execute(pool)
    .await?;
    if inserted.rows_affected() == 0 {
        return Err(AppError::invalid(
            "quantity",
            "Only active in-possession prescriptions are supplied to the patient to keep.",
        ));
    }
    tracing::info!(%patient_id, %prescription_id, "in-possession supply recorded");
    Ok(())
}

#[tracing::instrument(skip_all, fields(staff_id = %staff.staff_id, prescription_id = %prescription_id))]
pub async fn record_ost_review(
    pool: &PgPool,
    staff: &StaffContext,
    prescription_id: Uuid,
    decision: &str,
    note: &str,
) -> Result<(), AppError> {
    crate::access::require_capability(
        pool,
        staff,
        Capability::Prescribe,
        AuditAction::PrescriptionRecordOstReviewRole,
    )
    .await?;
    if !super::OST_REVIEW_DECISIONS.iter().any(|(code, _)| *code == decision) {
        return Err(AppError::invalid("decision", "Choose continue, reduce or restart titration."));
    }
    if note.trim().is_empty() || note.chars().count() > 2_000 {
        return Err(AppError::invalid(
            "note",
            "Write what you reviewed and decided (under 2,000 characters).",
        ));
    }
    authorize_prescription(pool, staff, prescription_id, AuditAction::PrescriptionOstReview).await?;
    let inserted = sqlx::query!(
        "INSERT INTO ost_review (prescription_id, decision, note, reviewed_by)
         SELECT p.id, $2, $3, $4 FROM prescription p JOIN medicine_product m ON m.code = p.product_code
         WHERE p.id = $1 AND m.is_ost AND p.stopped_at IS NULL AND p.entered_in_error_at IS NULL",
        prescription_id,
        decision,
        note.trim(),
        staff.staff_id
    )
    .execute(pool)
    .await?;
    if inserted.rows_affected() == 0 {
        return Err(AppError::invalid(
            "prescription_id",
            "Only an active opioid substitution prescription is reviewed.",
        ));
    }
    Ok(())
}

/// The MAR for the last `days` days (today included), every prescription in force in that time.
pub async fn mar(pool: &PgPool, patient_id: Uuid, days: u32) -> Result<super::mar::MarChart, AppError> {
    use super::mar::{MarAdministration, MarPrescription, build_chart};

    let now = Utc::now();
    let today = london_date(now);
    let first = today - chrono::Duration::days(i64::from(days.saturating_sub(1)));
    let from = crate::domain::round_schedule::round_instant(first, NaiveTime::MIN);
    let rows = sqlx::query!(
        r#"SELECT rx.id, m.name, (rx.dose * 1000)::int8 AS dose_milli, m.dose_unit, rx.route, rx.kind AS "kind: PrescriptionKind",
                  rx.round_times AS "round_times: Vec<NaiveTime>", rx.prn_min_interval_minutes, rx.prn_max_per_24h,
                  rx.starts_on AS "starts_on: NaiveDate", rx.ends_on AS "ends_on: NaiveDate",
                  rx.stopped_at AS "stopped_at: DateTime<Utc>"
           FROM prescription rx JOIN medicine_product m ON m.code = rx.product_code
           WHERE rx.patient_id = $1 AND rx.entered_in_error_at IS NULL AND rx.starts_on <= $2
             AND (rx.ends_on IS NULL OR rx.ends_on >= $3) AND (rx.stopped_at IS NULL OR rx.stopped_at >= $4)
           ORDER BY m.critical_class IS NULL, m.name, rx.prescribed_at"#,
        patient_id,
        today as _,
        first as _,
        from as _,
    )
    .fetch_all(pool)
    .await?;
    let mut prescriptions = Vec::with_capacity(rows.len());
    for r in rows {
        let kind = r.kind;
        let dose = stored_dose(r.dose_milli)?;
        let when = match prn_limits(r.prn_min_interval_minutes, r.prn_max_per_24h) {
            Some(l) => format!(
                "when required, at least {} apart",
                crate::domain::prn::interval_words(l.min_interval_minutes)
            ),
            None => {
                r.round_times.iter().map(|t| t.format("%H:%M").to_string()).collect::<Vec<_>>().join(", ")
            }
        };
        prescriptions.push(MarPrescription {
            id: r.id,
            product_name: r.name,
            directions: format!("{dose} {} {} {when}", r.dose_unit, r.route),
            round_times: r.round_times,
            prn: kind == PrescriptionKind::Prn,
            starts_on: r.starts_on,
            last_day: match (r.ends_on, r.stopped_at.map(london_date)) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            },
            stopped_at: r.stopped_at,
        });
    }
    let ids: Vec<Uuid> = prescriptions.iter().map(|p| p.id).collect();
    let given = sqlx::query!(
        r#"SELECT a.prescription_id, a.scheduled_for AS "scheduled_for: DateTime<Utc>",
                  a.recorded_at AS "recorded_at: DateTime<Utc>", a.outcome AS "outcome: AdministrationOutcome", s.display_name
           FROM administration a JOIN staff s ON s.id = a.recorded_by
           WHERE a.prescription_id = ANY($1) AND a.entered_in_error_at IS NULL
             AND coalesce(a.scheduled_for, a.recorded_at) >= $2"#,
        &ids,
        from as _,
    )
    .fetch_all(pool)
    .await?;
    let mut administrations = Vec::with_capacity(given.len());
    for a in given {
        let outcome = a.outcome;
        administrations.push(MarAdministration {
            prescription_id: a.prescription_id,
            scheduled_for: a.scheduled_for,
            recorded_at: a.recorded_at,
            outcome,
            by: a.display_name,
        });
    }
    let days = (0..days).map(|i| first + chrono::Duration::days(i64::from(i))).collect();
    Ok(build_chart(&prescriptions, &administrations, days, now))
}

#[tracing::instrument(skip_all, fields(staff_id = %staff.staff_id))]
pub async fn never_in_possession(
    pool: &PgPool,
    staff: &StaffContext,
) -> Result<super::never_in_possession::NeverInPossessionList, AppError> {
    let entries = sqlx::query_as!(
        super::never_in_possession::NeverInPossessionEntry,
        r#"SELECT n.id, m.name AS product_name, n.reason, s.display_name AS added_by,
                  n.added_at AS "added_at: DateTime<Utc>"
           FROM never_in_possession n JOIN medicine_product m ON m.code = n.product_code
           JOIN staff s ON s.id = n.added_by
           WHERE n.establishment_id = $1 AND n.removed_at IS NULL
           ORDER BY m.name"#,
        staff.establishment_id
    )
    .fetch_all(pool)
    .await?;
    Ok(super::never_in_possession::NeverInPossessionList {
        entries,
        may_manage: staff.role.may(Capability::ManageMedicinesStock),
    })
}

fn list_reason(reason: &str) -> Result<&str, AppError> {
    let reason = reason.trim();
    if reason.is_empty() || reason.chars().count() > 500 {
        return Err(AppError::invalid("reason", "Give the reason (under 500 characters)."));
    }
    Ok(reason)
}

#[tracing::instrument(skip_all, fields(staff_id = %staff.staff_id))]
pub async fn add_never_in_possession(
    pool: &PgPool,
    staff: &StaffContext,
    product_code: i64,
    reason: &str,
) -> Result<(), AppError> {
    crate::access::require_capability(
        pool,
        staff,
        Capability::ManageMedicinesStock,
        AuditAction::PrescriptionAddNeverInPossessionRole,
    )
    .await?;
    let reason = list_reason(reason)?;
    let added = sqlx::query!(
        "INSERT INTO never_in_possession (establishment_id, product_code, reason, added_by)
         SELECT $1, code, $3, $4 FROM medicine_product WHERE code = $2
         ON CONFLICT (establishment_id, product_code) WHERE removed_at IS NULL DO NOTHING",
        staff.establishment_id,
        product_code,
        reason,
        staff.staff_id
    )
    .execute(pool)
    .await?;
    if added.rows_affected() == 0 {
        return Err(AppError::invalid(
            "product_code",
            "That medicine is already on the list (or not in the catalogue).",
        ));
    }
    crate::audit::record_staff_action(
        pool,
        staff,
        AuditAction::NeverInPossessionAdd,
        &product_code.to_string(),
    )
    .await
}

#[tracing::instrument(skip_all, fields(staff_id = %staff.staff_id))]
pub async fn remove_never_in_possession(
    pool: &PgPool,
    staff: &StaffContext,
    id: Uuid,
    reason: &str,
) -> Result<(), AppError> {
    crate::access::require_capability(
        pool,
        staff,
        Capability::ManageMedicinesStock,
        AuditAction::PrescriptionRemoveNeverInPossessionRole,
    )
    .await?;
    let reason = list_reason(reason)?;
    let removed = sqlx::query!(
        "UPDATE never_in_possession SET removed_at = now(), removed_by = $3, removed_reason = $4
         WHERE id = $1 AND establishment_id = $2 AND removed_at IS NULL",
        id,
        staff.establishment_id,
        staff.staff_id,
        reason
    )
    .execute(pool)
    .await?;
    if removed.rows_affected() == 0 {
        return Err(AppError::invalid("id", "That medicine is no longer on the list."));
    }
    crate::audit::record_staff_action(pool, staff, AuditAction::NeverInPossessionRemove, &id.to_string())
        .await
}
