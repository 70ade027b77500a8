//! The SQL behind rounds: who is due what at a round, and recording each dose once.

use std::collections::HashMap;

use chrono::{DateTime, Duration, NaiveDate, NaiveTime, Utc};
use sqlx::PgPool;
use uuid::Uuid;

use super::{
    DoseEntry, PrnOption, RecordedDose, RoundDose, RoundList, RoundLocation, RoundOptions, RoundPatient,
    look_alike_names,
};
use crate::access::authorize_patient;
use crate::audit::AuditAction;
use crate::auth::ssr::StaffContext;
use crate::controlled_drugs::witness::verify_witness;
use crate::domain::Capability;
use crate::domain::access::Intent;
use crate::domain::dose_decision::{
    DoseAsEntered, DoseRefusal, PrescriptionNow, check_round_date, decide_dose,
};
use crate::domain::prescribing::{PrescriptionKind, Supply};
use crate::domain::prn::{PrnDecision, check_prn};
use crate::domain::round_schedule::{current_round, dose_timing, london_date, round_instant};
use crate::domain::{AdministrationOutcome, Dose, WhereaboutsStatus, ost};
use crate::error::AppError;
use crate::medicines::ssr::{prn_limits, round_times, stored_dose};
use crate::record::ssr::{active_alerts_of, allergies_of, allergy_status};

/// PRN history is read this far back: the longest minimum interval a prescription may set.
const PRN_HISTORY_DAYS: i64 = 7;

#[tracing::instrument(skip_all, fields(staff_id = %staff.staff_id))]
pub async fn options(pool: &PgPool, staff: &StaffContext) -> Result<RoundOptions, AppError> {
    let times = round_times(pool, staff.establishment_id).await?;
    let locations = sqlx::query_as!(
        RoundLocation,
        "SELECT id, code, description FROM location
         WHERE establishment_id = $1 AND kind IN ('wing', 'landing', 'healthcare_unit', 'segregation', 'reception')
         ORDER BY kind IN ('wing', 'landing') DESC, code",
        staff.establishment_id
    )
    .fetch_all(pool)
    .await?;
    let now = Utc::now();
    let suggested = current_round(&times.iter().map(|t| t.time).collect::<Vec<_>>(), now);
    Ok(RoundOptions { round_times: times, locations, today: london_date(now), suggested })
}
/// Everyone at `location_id` (a wing, landing or unit) with a dose due at the round at
/// `round_time` on `date`, or a when-required medicine, in cell order.
#[tracing::instrument(skip_all, fields(staff_id = %staff.staff_id, location_id = %location_id))]
pub async fn round_list(
    pool: &PgPool,
    staff: &StaffContext,
    date: NaiveDate,
    round_time: NaiveTime,
    location_id: Uuid,
) -> Result<RoundList, AppError> {
    let now = Utc::now();
    check_round_date(date, london_date(now)).map_err(AppError::from_problem)?;
    let times = round_times(pool, staff.establishment_id).await?;
    let Some(round) = times.into_iter().find(|t| t.time == round_time) else {
        return Err(AppError::invalid("round_time", "That is not a medication round at this establishment."));
    };
    let location = sqlx::query_scalar!(
        "SELECT description FROM location WHERE id = $1 AND establishment_id = $2",
        location_id,
        staff.establishment_id
    )
    .fetch_optional(pool)
    .await?
    .ok_or_else(|| AppError::invalid("location", "Choose a wing or landing of this establishment."))?;
    let scheduled_for = round_instant(date, round_time);

    let patients = patients_at(pool, staff, location_id).await?;
    let ids: Vec<Uuid> = patients.iter().map(|p| p.id).collect();
    let mut doses = regular_doses(pool, staff, &ids, (date, round_time), now).await?;
    let mut prn_options = prn_options(pool, staff, &ids, date, now).await?;
    let mut reconciliation_due = reconciliation_due(pool, staff, &ids, date).await?;
    let mut allergies = by_patient(allergies_of(pool, &ids).await?);
    let mut alerts = by_patient(active_alerts_of(pool, &ids).await?);
    let mut listed = Vec::new();
    for p in patients {
        let patient_doses = doses.remove(&p.id).unwrap_or_default();
        let patient_prn = prn_options.remove(&p.id).unwrap_or_default();
        let due = reconciliation_due.remove(&p.id).unwrap_or(0);
        if patient_doses.is_empty() && patient_prn.is_empty() && due == 0 {
            continue;
        }
        listed.push(RoundPatient {
            patient_id: p.id,
            prison_number: p.prison_number,
            given_name: p.given_name,
            family_name: p.family_name,
            date_of_birth: p.date_of_birth,
            cell: p.cell,
            status: p.status,
            allergies: allergy_status(allergies.remove(&p.id).unwrap_or_default(), p.no_known_allergies),
            alerts: alerts.remove(&p.id).unwrap_or_default(),
            doses: patient_doses,
            prn: patient_prn,
            reconciliation_due: due,
            look_alike: false,
        });
    }
    let flags = look_alike_names(listed.iter().map(|p| (p.given_name.as_str(), p.family_name.as_str())));
    for (patient, flag) in listed.iter_mut().zip(flags) {
        patient.look_alike = flag;
    }
    Ok(RoundList {
        round_time,
        label: round.label,
        date,
        timing: dose_timing(scheduled_for, now),
        location,
        patients: listed,
    })
}

/// The patients held at a location (and its landings and cells) who may be on a round.
struct PatientAtLocation {
    id: Uuid,
    prison_number: String,
    given_name: String,
    family_name: String,
    date_of_birth: NaiveDate,
    no_known_allergies: bool,
    status: WhereaboutsStatus,
    cell: String,
}

async fn patients_at(
    pool: &PgPool,
    staff: &StaffContext,
    location_id: Uuid,
) -> Result<Vec<PatientAtLocation>, AppError> {
    Ok(sqlx::query_as!(
        PatientAtLocation,
        r#"SELECT p.id, p.prison_number, p.given_name, p.family_name, p.date_of_birth AS "date_of_birth: NaiveDate",
                  p.no_known_allergies_at IS NOT NULL AS "no_known_allergies!", w.status AS "status: WhereaboutsStatus",
                  l.code AS cell
           FROM patient_whereabouts w
           JOIN patient p ON p.id = w.patient_id
           JOIN location l ON l.id = w.location_id
           LEFT JOIN location landing ON landing.id = l.parent_id
           WHERE w.establishment_id = $1 AND w.status IN ('in_establishment', 'at_court', 'temporary_absence')
             AND (l.id = $2 OR l.parent_id = $2 OR landing.parent_id = $2)
           ORDER BY l.code, p.family_name, p.given_name"#,
        staff.establishment_id,
        location_id
    )
    .fetch_all(pool)
    .await?)
}

/// Each patient's regular doses due at the round, with what was recorded for each so far.
async fn regular_doses(
    pool: &PgPool,
    staff: &StaffContext,
    ids: &[Uuid],
    (date, round_time): (NaiveDate, NaiveTime),
    now: DateTime<Utc>,
) -> Result<HashMap<Uuid, Vec<RoundDose>>, AppError> {
    let scheduled_for = round_instant(date, round_time);
    let regular = sqlx::query!(
        r#"SELECT rx.id, rx.patient_id, m.name, (rx.dose * 1000)::int8 AS dose_milli, m.dose_unit, rx.route,
                  rx.supply AS "supply: Supply", m.cd_schedule, m.is_ost, m.critical_class,
                  rx.starts_on AS "starts_on: NaiveDate", a.outcome AS "outcome?: AdministrationOutcome", a.reason, a.recorded_at AS "recorded_at?: DateTime<Utc>",
                  rs.display_name AS "recorded_by?", ws.display_name AS "witnessed_by?",
                  CASE WHEN m.is_ost THEN ost_last_given(rx.patient_id) END AS "ost_last_given: DateTime<Utc>",
                  CASE WHEN m.is_ost THEN ost_last_review(rx.patient_id) END AS "ost_last_review: DateTime<Utc>"
           FROM prescription rx
           JOIN medicine_product m ON m.code = rx.product_code
           LEFT JOIN administration a
                  ON a.prescription_id = rx.id AND a.scheduled_for = $3 AND a.entered_in_error_at IS NULL
           LEFT JOIN staff rs ON rs.id = a.recorded_by
           LEFT JOIN staff ws ON ws.id = a.witnessed_by
           WHERE rx.patient_id = ANY($1) AND rx.kind = 'regular' AND $2::time = ANY(rx.round_times)
             AND rx.stopped_at IS NULL AND rx.entered_in_error_at IS NULL
             AND rx.starts_on <= $4 AND (rx.ends_on IS NULL OR rx.ends_on >= $4)
             AND rx.establishment_id = $5
           ORDER BY m.critical_class IS NULL, m.name"#,
        ids,
        round_time as _,
        scheduled_for as _,
        date as _,
        staff.establishment_id,
    )
    .fetch_all(pool)
    .await?;

    let mut doses: HashMap<Uuid, Vec<RoundDose>> = HashMap::new();
    for r in regular {
        let recorded = match (r.outcome, r.recorded_at, r.recorded_by) {
            (Some(outcome), Some(recorded_at), Some(recorded_by)) => Some(RecordedDose {
                outcome,
                reason: r.reason,
                recorded_by,
                recorded_at,
                witnessed_by: r.witnessed_by,
            }),
            _ => None,
        };
        doses.entry(r.patient_id).or_default().push(RoundDose {
            prescription_id: r.id,
            product_name: r.name,
            dose: stored_dose(r.dose_milli)?,
            dose_unit: r.dose_unit,
            route: r.route,
            supply: r.supply,
            cd_schedule: r.cd_schedule,
            is_ost: r.is_ost,
            critical_class: r.critical_class,
            ost_review_required: recorded.is_none()
                && ost::review_required_at(r.is_ost, r.starts_on, r.ost_last_given, r.ost_last_review, now),
            recorded,
        });
    }
    Ok(doses)
}

/// Each patient's when-required medicines, with the interval and daily limit judged now.
async fn prn_options(
    pool: &PgPool,
    staff: &StaffContext,
    ids: &[Uuid],
    date: NaiveDate,
    now: DateTime<Utc>,
) -> Result<HashMap<Uuid, Vec<PrnOption>>, AppError> {
    // When-required medicines the patient keeps (an inhaler) are not offered on the round.
    let prn = sqlx::query!(
        r#"SELECT rx.id, rx.patient_id, m.name, (rx.dose * 1000)::int8 AS dose_milli, m.dose_unit, rx.route,
                  m.cd_schedule, rx.prn_min_interval_minutes, rx.prn_max_per_24h,
                  ARRAY(SELECT a.recorded_at FROM administration a
                        WHERE a.prescription_id = rx.id AND a.outcome = 'given' AND a.entered_in_error_at IS NULL
                          AND a.recorded_at > $2::timestamptz - make_interval(days => $3)
                        ORDER BY a.recorded_at) AS "recent!: Vec<DateTime<Utc>>"
           FROM prescription rx
           JOIN medicine_product m ON m.code = rx.product_code
           WHERE rx.patient_id = ANY($1) AND rx.kind = 'prn' AND rx.supply <> 'in_possession'
             AND rx.stopped_at IS NULL AND rx.entered_in_error_at IS NULL
             AND rx.starts_on <= $4 AND (rx.ends_on IS NULL OR rx.ends_on >= $4)
             AND rx.establishment_id = $5
           ORDER BY m.name"#,
        ids,
        now as _,
        PRN_HISTORY_DAYS as i32,
        date as _,
        staff.establishment_id,
    )
    .fetch_all(pool)
    .await?;

    let mut prn_options: HashMap<Uuid, Vec<PrnOption>> = HashMap::new();
    for r in prn {
        let Some(limits) = prn_limits(r.prn_min_interval_minutes, r.prn_max_per_24h) else {
            tracing::error!(prescription_id = %r.id, "PRN prescription without limits");
            return Err(AppError::Internal);
        };
        let day_ago = now - Duration::hours(24);
        prn_options.entry(r.patient_id).or_default().push(PrnOption {
            prescription_id: r.id,
            product_name: r.name,
            dose: stored_dose(r.dose_milli)?,
            dose_unit: r.dose_unit,
            route: r.route,
            cd_schedule: r.cd_schedule,
            limits,
            last_given_at: r.recent.last().copied(),
            given_in_24h: u32::try_from(r.recent.iter().filter(|t| **t > day_ago).count())
                .unwrap_or(u32::MAX),
            decision: check_prn(limits, &r.recent, now),
        });
    }

    Ok(prn_options)
}

/// How many medicines each patient brought with a transfer: not given here until a prescriber
/// reconciles them.
async fn reconciliation_due(
    pool: &PgPool,
    staff: &StaffContext,
    ids: &[Uuid],
    date: NaiveDate,
) -> Result<HashMap<Uuid, u32>, AppError> {
    let unreconciled = sqlx::query!(
        r#"SELECT patient_id, count(*) AS "n!" FROM prescription
           WHERE patient_id = ANY($1) AND establishment_id <> $2 AND stopped_at IS NULL AND entered_in_error_at IS NULL
             AND (ends_on IS NULL OR ends_on >= $3)
           GROUP BY patient_id"#,
        ids,
        staff.establishment_id,
        date as _,
    )
    .fetch_all(pool)
    .await?;

    Ok(unreconciled.into_iter().map(|r| (r.patient_id, u32::try_from(r.n).unwrap_or(u32::MAX))).collect())
}

fn by_patient<T>(rows: Vec<(Uuid, T)>) -> HashMap<Uuid, Vec<T>> {
    let mut by: HashMap<Uuid, Vec<T>> = HashMap::new();
    for (id, item) in rows {
        by.entry(id).or_default().push(item);
    }
    by
}

/// The administration this user already recorded under this tablet entry id, if any: a retry.
/// Another user's entry ids answer nothing, so an id cannot be used to read someone else's dose.
async fn already_recorded_entry(
    pool: &PgPool,
    staff: &StaffContext,
    client_entry_id: Uuid,
) -> Result<Option<RecordedDose>, AppError> {
    let row = sqlx::query!(
        r#"SELECT a.outcome AS "outcome: AdministrationOutcome", a.reason,
                  a.recorded_at AS "recorded_at: DateTime<Utc>", s.display_name,
                  w.display_name AS "witnessed_by?"
           FROM administration a JOIN staff s ON s.id = a.recorded_by LEFT JOIN staff w ON w.id = a.witnessed_by
           WHERE a.client_entry_id = $1 AND a.recorded_by = $2"#,
        client_entry_id,
        staff.staff_id,
    )
    .fetch_optional(pool)
    .await?;
    row.map(|r| {
        Ok(RecordedDose {
            outcome: r.outcome,
            reason: r.reason,
            recorded_by: r.display_name,
            recorded_at: r.recorded_at,
            witnessed_by: r.witnessed_by,
        })
    })
    .transpose()
}

/// Records one dose now: once only (the database enforces it), with every safety rule checked on
/// the server whatever the tablet showed.
#[tracing::instrument(skip_all, fields(staff_id = %staff.staff_id))]
pub async fn record_dose(
    pool: &PgPool,
    staff: &StaffContext,
    entry: &DoseEntry,
) -> Result<RecordedDose, AppError> {
    record_dose_at(pool, staff, entry, EntryTime::Now).await
}

/// When the nurse made the entry: now, or earlier on a tablet that was offline.
#[derive(Clone, Copy, Debug)]
pub enum EntryTime {
    Now,
    /// Entered offline at this moment (already checked to be in the past) and received now.
    Offline(DateTime<Utc>),
}

/// As [`record_dose`], judging every rule at the moment the entry was made, which for an offline
/// entry is its time on the tablet: the dose was due then, the PRN interval held then.
#[tracing::instrument(skip_all, fields(staff_id = %staff.staff_id))]
pub async fn record_dose_at(
    pool: &PgPool,
    staff: &StaffContext,
    entry: &DoseEntry,
    time: EntryTime,
) -> Result<RecordedDose, AppError> {
    let entered_at = match time {
        EntryTime::Now => Utc::now(),
        EntryTime::Offline(at) => at,
    };
    entry.check_shape(entered_at).map_err(AppError::from_problem)?;
    crate::access::require_capability(pool, staff, Capability::Administer, AuditAction::RoundRecordDoseRole)
        .await?;
    if let Some(done) = already_recorded_entry(pool, staff, entry.client_entry_id).await? {
        return Ok(done);
    }
    let received = Utc::now();
    let (now, synced_at) = match time {
        EntryTime::Now => (received, None),
        EntryTime::Offline(at) => (at.min(received), Some(received)),
    };
    let rx = sqlx::query!(
        r#"SELECT rx.patient_id, rx.product_code, rx.kind AS "kind: PrescriptionKind", rx.supply AS "supply: Supply",
                  rx.round_times AS "round_times: Vec<NaiveTime>",
                  rx.starts_on AS "starts_on: NaiveDate", rx.ends_on AS "ends_on: NaiveDate",
                  rx.stopped_at AS "stopped_at: DateTime<Utc>", rx.entered_in_error_at IS NOT NULL AS "in_error!",
                  (rx.dose * 1000)::int8 AS dose_milli, rx.prn_min_interval_minutes, rx.prn_max_per_24h,
                  m.name, m.dose_unit, m.cd_schedule, m.is_ost, w.status AS "status?: WhereaboutsStatus", rx.establishment_id,
                  CASE WHEN m.is_ost THEN ost_last_given(rx.patient_id) END AS "ost_last_given: DateTime<Utc>",
                  CASE WHEN m.is_ost THEN ost_last_review(rx.patient_id) END AS "ost_last_review: DateTime<Utc>"
           FROM prescription rx
           JOIN medicine_product m ON m.code = rx.product_code
           LEFT JOIN patient_whereabouts w ON w.patient_id = rx.patient_id
           WHERE rx.id = $1"#,
        entry.prescription_id
    )
    .fetch_optional(pool)
    .await?
    .ok_or_else(|| AppError::NotFound("That prescription does not exist.".to_owned()))?;
    authorize_patient(pool, staff, rx.patient_id, Intent::Write, AuditAction::AdministrationRecord).await?;

    let supply = rx.supply;
    let dose = stored_dose(rx.dose_milli)?;
    let prescription = PrescriptionNow {
        product_name: rx.name.clone(),
        kind: rx.kind,
        supply,
        round_times: rx.round_times,
        starts_on: rx.starts_on,
        ends_on: rx.ends_on,
        stopped: rx.stopped_at.is_some(),
        entered_in_error: rx.in_error,
        prescribed_here: rx.establishment_id == staff.establishment_id,
        cd_schedule: rx.cd_schedule,
        is_ost: rx.is_ost,
        ost_last_given: rx.ost_last_given,
        ost_last_review: rx.ost_last_review,
        patient_status: rx.status,
    };
    let as_entered = DoseAsEntered {
        outcome: entry.outcome,
        reason: &entry.reason,
        swallow_confirmed: entry.swallow_confirmed,
        round: entry.round,
    };
    let decision = decide_dose(&prescription, &as_entered, now).map_err(|refusal| match refusal {
        DoseRefusal::OutOfDate(message) => AppError::Conflict(message),
        DoseRefusal::Field(problem) => AppError::from_problem(problem),
    })?;
    let scheduled_for = decision.scheduled_for;
    let witnessed = decision.needs_witness;
    let witness = if witnessed {
        Some(verify_witness(pool, staff, &entry.witness_username, &entry.witness_password).await?)
    } else {
        None
    };

    let mut tx = pool.begin().await?;
    if scheduled_for.is_none() {
        // Two tablets giving the same PRN at once: the second waits here and sees the first.
        sqlx::query!("SELECT id FROM prescription WHERE id = $1 FOR UPDATE", entry.prescription_id)
            .fetch_one(&mut *tx)
            .await?;
        let recent = sqlx::query_scalar!(
            r#"SELECT recorded_at AS "recorded_at: DateTime<Utc>" FROM administration
               WHERE prescription_id = $1 AND outcome = 'given' AND entered_in_error_at IS NULL
                 AND recorded_at > $2::timestamptz - make_interval(days => $3)"#,
            entry.prescription_id,
            now as _,
            PRN_HISTORY_DAYS as i32
        )
        .fetch_all(&mut *tx)
        .await?;
        let limits = prn_limits(rx.prn_min_interval_minutes, rx.prn_max_per_24h).ok_or_else(|| {
            tracing::error!(prescription_id = %entry.prescription_id, "PRN prescription without limits");
            AppError::Internal
        })?;
        let decision = check_prn(limits, &recent, now);
        if decision != PrnDecision::Allowed {
            let message = decision.message(limits).unwrap_or_else(|| "Not allowed yet.".to_owned());
            return Err(AppError::invalid("outcome", message));
        }
    }
    let reason = entry.reason.trim();
    let inserted = sqlx::query_scalar!(
        "INSERT INTO administration (prescription_id, patient_id, establishment_id, scheduled_for, outcome, reason, dose,
                                     swallow_confirmed, witnessed_by, recorded_by, client_entry_id, recorded_at, synced_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7::int8::numeric / 1000, $8, $9, $10, $11, $12, $13)
         ON CONFLICT DO NOTHING
         RETURNING id",
        entry.prescription_id,
        rx.patient_id,
        staff.establishment_id,
        scheduled_for as _,
        entry.outcome as _,
        (!reason.is_empty()).then_some(reason),
        dose.thousandths(),
        entry.swallow_confirmed && supply == Supply::Supervised,
        witness.as_ref().map(|(id, _)| *id),
        staff.staff_id,
        entry.client_entry_id,
        now as _,
        synced_at as _,
    )
    .fetch_optional(&mut *tx)
    .await?;
    let Some(administration_id) = inserted else {
        drop(tx);
        return Err(conflict(pool, staff, entry, scheduled_for).await?);
    };
    if let Some((witness_id, _)) = &witness {
        take_from_cd_register(
            &mut tx,
            staff,
            rx.product_code,
            &rx.name,
            &rx.dose_unit,
            administration_id,
            rx.patient_id,
            dose,
            *witness_id,
        )
        .await?;
    }
    tx.commit().await?;
    tracing::info!(%administration_id, patient_id = %rx.patient_id, outcome = ?entry.outcome, "dose recorded");
    Ok(RecordedDose {
        outcome: entry.outcome,
        reason: (!reason.is_empty()).then(|| reason.to_owned()),
        recorded_by: staff.display_name.clone(),
        recorded_at: now,
        witnessed_by: witness.map(|(_, name)| name),
    })
}

/// Why an insert found the dose already there: a retry of this tablet's own entry (fine), or
/// the same dose recorded by someone else first.
async fn conflict(
    pool: &PgPool,
    staff: &StaffContext,
    entry: &DoseEntry,
    scheduled_for: Option<DateTime<Utc>>,
) -> Result<AppError, AppError> {
    if already_recorded_entry(pool, staff, entry.client_entry_id).await?.is_some() {
        return Ok(AppError::Conflict("This entry was already saved.".to_owned()));
    }
    let existing = sqlx::query!(
        r#"SELECT a.outcome AS "outcome: AdministrationOutcome", a.recorded_at AS "recorded_at: DateTime<Utc>",
                  s.display_name
           FROM administration a JOIN staff s ON s.id = a.recorded_by
           WHERE a.prescription_id = $1 AND a.scheduled_for = $2 AND a.entered_in_error_at IS NULL"#,
        entry.prescription_id,
        scheduled_for as _
    )
    .fetch_optional(pool)
    .await?;
    Ok(match existing {
        Some(e) => AppError::Conflict(format!(
            "Already recorded: {} by {} at {}. Nothing more was saved.",
            e.outcome.title().to_lowercase(),
            e.display_name,
            crate::components::format::time(e.recorded_at)
        )),
        None => AppError::Conflict("This dose was recorded by someone else at the same moment.".to_owned()),
    })
}

#[allow(clippy::too_many_arguments)]
async fn take_from_cd_register(
    tx: &mut sqlx::Transaction<'_, sqlx::Postgres>,
    staff: &StaffContext,
    product_code: i64,
    product_name: &str,
    dose_unit: &str,
    administration_id: Uuid,
    patient_id: Uuid,
    dose: Dose,
    witness_id: Uuid,
) -> Result<(), AppError> {
    let balance = sqlx::query_scalar!(
        "SELECT (balance * 1000)::int8 FROM cd_stock WHERE establishment_id = $1 AND product_code = $2 FOR UPDATE",
        staff.establishment_id,
        product_code
    )
    .fetch_optional(&mut **tx)
    .await?
    .flatten()
    .map(Dose::from_thousandths);
    let Some(balance) = balance.filter(|b| b.thousandths() >= dose.thousandths()) else {
        let have = balance.map(|b| format!("{b} {dose_unit}")).unwrap_or_else(|| "none recorded".to_owned());
        return Err(AppError::invalid(
            "witness_username",
            format!(
                "The controlled drugs register holds {have} of {product_name}, less than this dose. Nothing was recorded: check the stock with the pharmacist and record the receipt or adjustment first."
            ),
        ));
    };
    let after = balance.thousandths() - dose.thousandths();
    sqlx::query!(
        "UPDATE cd_stock SET balance = $3::int8::numeric / 1000, updated_at = now()
         WHERE establishment_id = $1 AND product_code = $2",
        staff.establishment_id,
        product_code,
        after
    )
    .execute(&mut **tx)
    .await?;
    sqlx::query!(
        "INSERT INTO cd_register_entry (establishment_id, product_code, kind, quantity, balance_after, administration_id,
                                        patient_id, recorded_by, witnessed_by)
         VALUES ($1, $2, 'administration', -($3::int8::numeric / 1000), $4::int8::numeric / 1000, $5, $6, $7, $8)",
        staff.establishment_id,
        product_code,
        dose.thousandths(),
        after,
        administration_id,
        patient_id,
        staff.staff_id,
        witness_id
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Doses due per wing per day over the last week for patients here now; see [`super::missed`].
#[tracing::instrument(skip_all, fields(staff_id = %staff.staff_id))]
pub async fn missed_doses(
    pool: &PgPool,
    staff: &StaffContext,
) -> Result<Vec<super::missed::MissedDosesLine>, AppError> {
    let today = london_date(Utc::now());
    let rows = sqlx::query!(
        // The (day, round time) slots are few (a week of four rounds), so their London instants
        // are worked out once rather than for every prescription of every patient (4× faster on
        // a 700-patient establishment of the national data set).
        r#"WITH days AS (SELECT generate_series($2::date - 6, $2::date, interval '1 day')::date AS day),
                people AS (
                    SELECT w.patient_id, coalesce(wing.code, landing.code, cell.code) AS wing
                    FROM patient_whereabouts w
                    JOIN location cell ON cell.id = w.location_id
                    LEFT JOIN location landing ON landing.id = cell.parent_id
                    LEFT JOIN location wing ON wing.id = landing.parent_id
                    WHERE w.establishment_id = $1 AND w.status IN ('in_establishment', 'at_court', 'temporary_absence')),
                regimens AS (
                    SELECT p.wing, rx.id, rx.round_times, rx.prescribed_at, rx.starts_on, rx.ends_on, rx.stopped_at
                    FROM people p
                    JOIN prescription rx ON rx.patient_id = p.patient_id AND rx.kind = 'regular' AND rx.entered_in_error_at IS NULL),
                slots AS MATERIALIZED (
                    SELECT d.day, t.round_time, london_round_instant(d.day, t.round_time) AS due_at
                    FROM days d CROSS JOIN (SELECT DISTINCT unnest(round_times) AS round_time FROM regimens) t)
           SELECT r.wing AS "wing!", s.day AS "day!: NaiveDate",
                  count(*) AS "due!",
                  count(*) FILTER (WHERE a.id IS NULL) AS "not_recorded!",
                  count(*) FILTER (WHERE a.outcome NOT IN ('given', 'self_administered')) AS "not_given!"
           FROM regimens r
           JOIN slots s ON s.round_time = ANY (r.round_times)
           LEFT JOIN administration a
                  ON a.prescription_id = r.id AND a.scheduled_for = s.due_at AND a.entered_in_error_at IS NULL
           WHERE s.due_at < now() - interval '1 hour' AND s.due_at >= r.prescribed_at
             AND r.starts_on <= s.day AND (r.ends_on IS NULL OR r.ends_on >= s.day)
             AND (r.stopped_at IS NULL OR r.stopped_at > s.due_at)
           GROUP BY 1, 2
           ORDER BY 1, 2 DESC"#,
        staff.establishment_id,
        today as _,
    )
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| super::missed::MissedDosesLine {
            wing: r.wing,
            day: r.day,
            due: r.due,
            not_recorded: r.not_recorded,
            not_given: r.not_given,
        })
        .collect())
}
