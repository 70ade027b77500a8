//! Appointments on the server: booking, outcomes, the clinic's day, reports, transfer carry-over.

mod carry_over;
mod report;

pub use carry_over::*;
pub use report::*;

use chrono::{DateTime, Duration, NaiveDate, NaiveTime, Utc};
use sqlx::PgPool;
use uuid::Uuid;

use super::{
    AppointmentView, BookingRequest, ClinicChoice, ClinicDay, ClinicListRow, ClinicianChoice,
    PatientAppointments, WaitingRow,
};
use crate::access::authorize_patient;
use crate::audit::AuditAction;
use crate::auth::ssr::StaffContext;
use crate::domain::access::Intent;
use crate::domain::appointment::{AppointmentStatus, ClinicKind, Priority, check_outcome, free_slots};
use crate::domain::round_schedule::{london_date, round_instant};
use crate::error::AppError;

/// Which appointments to read; every filter is optional.
#[derive(Default)]
pub struct Which<'a> {
    pub id: Option<Uuid>,
    pub patient_id: Option<Uuid>,
    pub clinic_id: Option<Uuid>,
    pub establishment_id: Option<Uuid>,
    pub from: Option<DateTime<Utc>>,
    pub until: Option<DateTime<Utc>>,
    pub statuses: &'a [AppointmentStatus],
    pub limit: i64,
}

pub struct Found {
    pub view: AppointmentView,
    pub patient_id: Uuid,
}

pub async fn appointments(pool: &PgPool, which: Which<'_>) -> Result<Vec<Found>, AppError> {
    let statuses: Vec<String> = which.statuses.iter().map(|s| s.as_db().to_owned()).collect();
    let rows = sqlx::query!(
        r#"SELECT a.id, a.patient_id, a.clinic_kind, c.name AS "clinic_name?", s.display_name AS "clinician?",
                  a.starts_at AS "starts_at: DateTime<Utc>", a.ends_at AS "ends_at: DateTime<Utc>", a.reason, a.priority,
                  a.status, a.escort_required, a.security_note, a.requested_at AS "requested_at: DateTime<Utc>",
                  a.outcome_reason, a.outcome_note, a.letter_received_at AS "letter_received_at: DateTime<Utc>",
                  (SELECT e.name FROM appointment o JOIN establishment e ON e.id = o.establishment_id
                   WHERE o.id = a.continues_id AND o.establishment_id <> a.establishment_id) AS "carried_from?"
           FROM appointment a
           LEFT JOIN clinic c ON c.id = a.clinic_id
           LEFT JOIN staff s ON s.id = a.clinician_id
           WHERE ($1::uuid IS NULL OR a.id = $1)
             AND ($2::uuid IS NULL OR a.patient_id = $2)
             AND ($3::uuid IS NULL OR a.clinic_id = $3)
             AND ($4::uuid IS NULL OR a.establishment_id = $4)
             AND ($5::timestamptz IS NULL OR a.starts_at >= $5)
             AND ($6::timestamptz IS NULL OR a.starts_at < $6)
             AND (cardinality($7::text[]) = 0 OR a.status = ANY($7))
           ORDER BY a.starts_at NULLS LAST, a.requested_at
           LIMIT $8"#,
        which.id,
        which.patient_id,
        which.clinic_id,
        which.establishment_id,
        which.from as _,
        which.until as _,
        &statuses,
        if which.limit > 0 { which.limit } else { 500 },
    )
    .fetch_all(pool)
    .await?;
    rows.into_iter()
        .map(|r| {
            let stored = || {
                tracing::error!(appointment_id = %r.id, "unknown stored appointment value");
                AppError::Internal
            };
            Ok(Found {
                patient_id: r.patient_id,
                view: AppointmentView {
                    id: r.id,
                    clinic_kind: ClinicKind::from_db(&r.clinic_kind).ok_or_else(stored)?,
                    clinic_name: r.clinic_name,
                    clinician: r.clinician,
                    starts_at: r.starts_at,
                    ends_at: r.ends_at,
                    reason: r.reason,
                    priority: Priority::from_db(&r.priority).ok_or_else(stored)?,
                    status: AppointmentStatus::from_db(&r.status).ok_or_else(stored)?,
                    escort_required: r.escort_required,
                    security_note: r.security_note,
                    requested_at: r.requested_at,
                    outcome_reason: r.outcome_reason,
                    outcome_note: r.outcome_note,
                    carried_from: r.carried_from,
                    letter_received_at: r.letter_received_at,
                },
            })
        })
        .collect()
}

const OUTSTANDING: [AppointmentStatus; 3] =
    [AppointmentStatus::Waiting, AppointmentStatus::Booked, AppointmentStatus::ToRebook];

/// What the handover carries: every appointment still to happen.
pub async fn outstanding(pool: &PgPool, patient_id: Uuid) -> Result<Vec<AppointmentView>, AppError> {
    let which =
        Which { patient_id: Some(patient_id), statuses: &OUTSTANDING, limit: 100, ..Default::default() };
    Ok(appointments(pool, which).await?.into_iter().map(|f| f.view).collect())
}

pub async fn clinics(pool: &PgPool, establishment_id: Uuid) -> Result<Vec<ClinicChoice>, AppError> {
    let rows = sqlx::query!(
        "SELECT id, kind, name, place, slot_minutes FROM clinic WHERE establishment_id = $1 ORDER BY name",
        establishment_id
    )
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|r| {
            Some(ClinicChoice {
                id: r.id,
                kind: ClinicKind::from_db(&r.kind)?,
                name: r.name,
                place: r.place,
                slot_minutes: r.slot_minutes,
            })
        })
        .collect())
}

#[tracing::instrument(skip_all, fields(staff_id = %staff.staff_id, patient_id = %patient_id))]
pub async fn patient_appointments(
    pool: &PgPool,
    staff: &StaffContext,
    patient_id: Uuid,
) -> Result<PatientAppointments, AppError> {
    let all =
        appointments(pool, Which { patient_id: Some(patient_id), limit: 200, ..Default::default() }).await?;
    let (outstanding, mut recent): (Vec<_>, Vec<_>) =
        all.into_iter().map(|f| f.view).partition(|a| a.status.is_outstanding());
    recent.sort_by_key(|a| std::cmp::Reverse(a.starts_at.unwrap_or(a.requested_at)));
    recent.truncate(10);
    let clinicians = sqlx::query_as!(
        ClinicianChoice,
        "SELECT s.id, s.display_name AS name, s.role FROM staff s
         JOIN staff_establishment se ON se.staff_id = s.id AND se.establishment_id = $1
         WHERE s.active AND s.role <> 'administrator' ORDER BY s.display_name",
        staff.establishment_id
    )
    .fetch_all(pool)
    .await?;
    Ok(PatientAppointments {
        outstanding,
        recent,
        clinics: clinics(pool, staff.establishment_id).await?,
        clinicians,
    })
}

fn parse_slot(date: &str, time: &str) -> Result<Option<DateTime<Utc>>, AppError> {
    match (date.trim(), time.trim()) {
        ("", "") => Ok(None),
        (d, t) => {
            let d = NaiveDate::parse_from_str(d, "%Y-%m-%d")
                .map_err(|_| AppError::invalid("date", "Enter the date."))?;
            let t = NaiveTime::parse_from_str(t, "%H:%M")
                .map_err(|_| AppError::invalid("time", "Enter the time, such as 09:30."))?;
            Ok(Some(round_instant(d, t)))
        }
    }
}

fn clinician_busy(error: sqlx::Error) -> AppError {
    match &error {
        sqlx::Error::Database(db) if db.constraint() == Some("appointment_clinician_free") => {
            AppError::Conflict(
                "That clinician already has an appointment at that time. Choose a free slot.".to_owned(),
            )
        }
        _ => error.into(),
    }
}

/// How far ahead an appointment may be booked.
const MAX_DAYS_AHEAD: i64 = 2 * 366;

#[tracing::instrument(skip_all, fields(staff_id = %staff.staff_id, patient_id = %patient_id))]
pub async fn book(
    pool: &PgPool,
    staff: &StaffContext,
    patient_id: Uuid,
    request: &BookingRequest,
) -> Result<Uuid, AppError> {
    let clinic_id = request.clinic_id.ok_or_else(|| AppError::invalid("clinic_id", "Choose the clinic."))?;
    let clinic = sqlx::query!(
        "SELECT kind, slot_minutes FROM clinic WHERE id = $1 AND establishment_id = $2",
        clinic_id,
        staff.establishment_id
    )
    .fetch_optional(pool)
    .await?
    .ok_or_else(|| AppError::invalid("clinic_id", "Choose one of this establishment's clinics."))?;
    let reason = request.reason.trim();
    if reason.is_empty() || reason.chars().count() > 1_000 {
        return Err(AppError::invalid(
            "reason",
            "Give the reason for the appointment (up to 1,000 characters).",
        ));
    }
    let priority = Priority::from_db(&request.priority)
        .ok_or_else(|| AppError::invalid("priority", "Choose routine, soon or urgent."))?;
    let starts_at = parse_slot(&request.date, &request.time)?;
    if let Some(at) = starts_at
        && at < Utc::now() - Duration::minutes(5)
    {
        return Err(AppError::invalid("date", "That time has passed. Choose a time to come."));
    }
    // No clinic is planned further ahead than this; a date beyond it is a slip of the keyboard
    // (9999 for 2026), and the clinic list would never reach it.
    if let Some(at) = starts_at
        && at > Utc::now() + Duration::days(MAX_DAYS_AHEAD)
    {
        return Err(AppError::invalid("date", "Book within the next two years."));
    }
    if let Some(clinician) = request.clinician_id {
        let works_here = sqlx::query_scalar!(
            r#"SELECT EXISTS (SELECT 1 FROM staff_establishment WHERE staff_id = $1 AND establishment_id = $2) AS "here!""#,
            clinician,
            staff.establishment_id
        )
        .fetch_one(pool)
        .await?;
        if !works_here {
            return Err(AppError::invalid("clinician_id", "Choose a clinician who works here."));
        }
    }
    let ends_at = starts_at.map(|at| at + Duration::minutes(i64::from(clinic.slot_minutes)));
    // Hospital outpatients always go out under escort.
    let escort = request.escort_required || clinic.kind == ClinicKind::Hospital.as_db();
    let status = if starts_at.is_some() { AppointmentStatus::Booked } else { AppointmentStatus::Waiting };
    let mut tx = pool.begin().await?;
    if let Some(previous) = request.continues_id {
        let closed = sqlx::query!(
            "UPDATE appointment SET status = 'cancelled', outcome_reason = 'Rebooked', outcome_by = $3, outcome_at = now()
             WHERE id = $1 AND patient_id = $2 AND status IN ('waiting', 'booked', 'to_rebook')",
            previous,
            patient_id,
            staff.staff_id
        )
        .execute(&mut *tx)
        .await?;
        if closed.rows_affected() == 0 {
            return Err(AppError::Conflict(
                "That appointment has already been rebooked or closed; reload the page.".to_owned(),
            ));
        }
    }
    let id = sqlx::query_scalar!(
        "INSERT INTO appointment (patient_id, establishment_id, clinic_kind, clinic_id, clinician_id, starts_at, ends_at, reason,
                                  priority, status, escort_required, security_note, booked_by, continues_id, requested_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14,
                 COALESCE((SELECT requested_at FROM appointment WHERE id = $14), now()))
         RETURNING id",
        patient_id,
        staff.establishment_id,
        clinic.kind,
        clinic_id,
        request.clinician_id,
        starts_at as _,
        ends_at as _,
        reason,
        priority.as_db(),
        status.as_db(),
        escort,
        request.security_note.trim(),
        staff.staff_id,
        request.continues_id,
    )
    .fetch_one(&mut *tx)
    .await
    .map_err(clinician_busy)?;
    tx.commit().await?;
    Ok(id)
}

/// The patient an appointment belongs to, after an audited write decision.
async fn authorize_appointment(
    pool: &PgPool,
    staff: &StaffContext,
    id: Uuid,
    action: crate::audit::AuditAction,
) -> Result<Found, AppError> {
    let found = appointments(pool, Which { id: Some(id), limit: 1, ..Default::default() })
        .await?
        .into_iter()
        .next()
        .ok_or_else(|| AppError::NotFound("That appointment does not exist.".to_owned()))?;
    authorize_patient(pool, staff, found.patient_id, Intent::Write, action).await?;
    Ok(found)
}

#[tracing::instrument(skip_all, fields(staff_id = %staff.staff_id))]
pub async fn record_outcome(
    pool: &PgPool,
    staff: &StaffContext,
    id: Uuid,
    outcome: AppointmentStatus,
    reason_code: Option<&str>,
    note: &str,
) -> Result<(), AppError> {
    let found = authorize_appointment(pool, staff, id, AuditAction::AppointmentOutcome).await?;
    let starts_at = found
        .view
        .starts_at
        .ok_or_else(|| AppError::invalid("outcome", "This appointment has no time yet."))?;
    check_outcome(found.view.status, outcome, reason_code, note, starts_at, Utc::now())
        .map_err(|problem| AppError::invalid("outcome", problem.to_string()))?;
    let reason = reason_code.and_then(|code| {
        crate::domain::appointment::ESTABLISHMENT_REASONS.iter().find(|(c, _)| *c == code).map(|(c, _)| *c)
    });
    let updated = sqlx::query!(
        "UPDATE appointment SET status = $2, outcome_reason = $3, outcome_note = $4, outcome_by = $5, outcome_at = now()
         WHERE id = $1 AND status = 'booked'",
        id,
        outcome.as_db(),
        reason,
        note.trim(),
        staff.staff_id
    )
    .execute(pool)
    .await?;
    if updated.rows_affected() == 0 {
        return Err(AppError::Conflict(
            "Someone has just recorded this appointment's outcome; reload the list.".to_owned(),
        ));
    }
    Ok(())
}

/// The hospital's clinic letter has arrived for an attended outpatient appointment.
#[tracing::instrument(skip_all, fields(staff_id = %staff.staff_id))]
pub async fn record_letter_received(pool: &PgPool, staff: &StaffContext, id: Uuid) -> Result<(), AppError> {
    let found = authorize_appointment(pool, staff, id, AuditAction::AppointmentLetterReceived).await?;
    if found.view.clinic_kind != ClinicKind::Hospital || found.view.status != AppointmentStatus::Attended {
        return Err(AppError::invalid(
            "appointment_id",
            "Only an attended hospital appointment has a clinic letter.",
        ));
    }
    sqlx::query!(
        "UPDATE appointment SET letter_received_at = now() WHERE id = $1 AND letter_received_at IS NULL",
        id
    )
    .execute(pool)
    .await?;
    Ok(())
}

#[tracing::instrument(skip_all, fields(staff_id = %staff.staff_id))]
pub async fn cancel(pool: &PgPool, staff: &StaffContext, id: Uuid, reason: &str) -> Result<(), AppError> {
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(AppError::invalid("reason", "Say why the appointment is cancelled."));
    }
    authorize_appointment(pool, staff, id, AuditAction::AppointmentCancel).await?;
    let updated = sqlx::query!(
        "UPDATE appointment SET status = 'cancelled', outcome_note = $2, outcome_by = $3, outcome_at = now()
         WHERE id = $1 AND status IN ('waiting', 'booked', 'to_rebook')",
        id,
        reason,
        staff.staff_id
    )
    .execute(pool)
    .await?;
    if updated.rows_affected() == 0 {
        return Err(AppError::Conflict("This appointment is already closed; reload the page.".to_owned()));
    }
    Ok(())
}

#[tracing::instrument(skip_all, fields(staff_id = %staff.staff_id))]
pub async fn clinic_day(
    pool: &PgPool,
    staff: &StaffContext,
    clinic_id: Option<Uuid>,
    date: NaiveDate,
) -> Result<ClinicDay, AppError> {
    let clinics = clinics(pool, staff.establishment_id).await?;
    let clinic = clinic_id.and_then(|id| clinics.iter().find(|c| c.id == id).cloned());
    let Some(chosen) = clinic.clone() else {
        return Ok(ClinicDay {
            clinics,
            clinic: None,
            date,
            rows: Vec::new(),
            free_slots: Vec::new(),
            waiting: Vec::new(),
        });
    };
    let hours = sqlx::query!(
        r#"SELECT opens AS "opens: NaiveTime", closes AS "closes: NaiveTime" FROM clinic WHERE id = $1"#,
        chosen.id
    )
    .fetch_one(pool)
    .await?;
    let day_start = round_instant(date, NaiveTime::MIN);
    let next_day = date.succ_opt().map(|d| round_instant(d, NaiveTime::MIN));
    let day = appointments(
        pool,
        Which {
            clinic_id: Some(chosen.id),
            from: Some(day_start),
            until: next_day,
            limit: 500,
            ..Default::default()
        },
    )
    .await?;
    let booked: Vec<(DateTime<Utc>, DateTime<Utc>)> = day
        .iter()
        .filter(|f| f.view.status == AppointmentStatus::Booked)
        .filter_map(|f| Some((f.view.starts_at?, f.view.ends_at?)))
        .collect();
    let now = Utc::now();
    let slots = free_slots(
        date,
        hours.opens,
        hours.closes,
        u32::try_from(chosen.slot_minutes).unwrap_or(15),
        &booked,
    )
    .into_iter()
    .filter(|s| *s > now)
    .collect();
    let ids: Vec<Uuid> = day.iter().map(|f| f.patient_id).collect();
    let people = patients(pool, staff.establishment_id, &ids).await?;
    let rows = day
        .into_iter()
        .filter_map(|f| {
            let p = people.iter().find(|p| p.id == f.patient_id)?.clone();
            Some(ClinicListRow {
                appointment: f.view,
                prison_number: p.prison_number,
                name: p.name,
                date_of_birth: p.date_of_birth,
                location: p.location,
                allergies: p.allergies,
                alerts: p.alerts,
            })
        })
        .collect();
    let waiting_found = appointments(
        pool,
        Which {
            clinic_id: Some(chosen.id),
            statuses: &[AppointmentStatus::Waiting, AppointmentStatus::ToRebook],
            limit: 200,
            ..Default::default()
        },
    )
    .await?;
    let waiting_ids: Vec<Uuid> = waiting_found.iter().map(|f| f.patient_id).collect();
    let waiting_people = patients(pool, staff.establishment_id, &waiting_ids).await?;
    let waiting = waiting_found
        .into_iter()
        .filter_map(|f| {
            let p = waiting_people.iter().find(|p| p.id == f.patient_id)?.clone();
            Some(WaitingRow {
                days_waited: (now - f.view.requested_at).num_days(),
                appointment: f.view,
                prison_number: p.prison_number,
                name: p.name,
            })
        })
        .collect();
    Ok(ClinicDay { clinics, clinic, date, rows, free_slots: slots, waiting })
}

/// Banner essentials for each patient on a clinic list. A past day's list still names the people
/// who have left since; for them it shows who they were and that they left, never their cell,
/// allergies or alerts now (those belong to the establishment holding them).
#[derive(Clone)]
struct Essentials {
    id: Uuid,
    prison_number: String,
    name: String,
    date_of_birth: NaiveDate,
    location: String,
    allergies: Option<crate::record::AllergyStatus>,
    alerts: Vec<crate::record::ActiveAlert>,
}

async fn patients(pool: &PgPool, here: Uuid, ids: &[Uuid]) -> Result<Vec<Essentials>, AppError> {
    use crate::domain::WhereaboutsStatus;
    use crate::domain::access::{PatientSituation, Relationship, relationship};
    let rows = sqlx::query!(
        r#"SELECT p.id, p.prison_number, p.given_name, p.family_name, p.date_of_birth AS "date_of_birth: NaiveDate",
                  p.no_known_allergies_at IS NOT NULL AS "nka!", e.code AS "establishment?", l.code AS "cell?",
                  w.status AS "status?: WhereaboutsStatus", w.establishment_id AS "held_at?",
                  w.to_establishment_id AS "going_to?"
           FROM patient p
           LEFT JOIN patient_whereabouts w ON w.patient_id = p.id
           LEFT JOIN establishment e ON e.id = w.establishment_id
           LEFT JOIN location l ON l.id = w.location_id
           WHERE p.id = ANY($1)"#,
        ids
    )
    .fetch_all(pool)
    .await?;
    // The same rule as the access decision: held here, or on their way here.
    let held_here = |status: Option<WhereaboutsStatus>, held_at: Option<Uuid>, going_to: Option<Uuid>| {
        let situation = status.map(|status| PatientSituation {
            status,
            establishment_id: held_at,
            destination_id: going_to,
        });
        situation.is_some_and(|s| {
            matches!(
                relationship(&s, here, false),
                Relationship::AtMyEstablishment | Relationship::InTransitToMyEstablishment
            )
        })
    };
    let here_ids: Vec<Uuid> =
        rows.iter().filter(|r| held_here(r.status, r.held_at, r.going_to)).map(|r| r.id).collect();
    let allergies = crate::record::ssr::allergies_of(pool, &here_ids).await?;
    let alerts = crate::record::ssr::active_alerts_of(pool, &here_ids).await?;
    Ok(rows
        .into_iter()
        .map(|r| {
            let name = format!("{}, {}", r.family_name.to_uppercase(), r.given_name);
            if !here_ids.contains(&r.id) {
                let left = match r.status {
                    Some(WhereaboutsStatus::Released) => "Released",
                    Some(WhereaboutsStatus::Deceased) => "Deceased",
                    _ => "Transferred",
                };
                return Essentials {
                    id: r.id,
                    prison_number: r.prison_number,
                    name,
                    date_of_birth: r.date_of_birth,
                    location: left.to_owned(),
                    allergies: None,
                    alerts: Vec::new(),
                };
            }
            let mine = allergies.iter().filter(|(id, _)| *id == r.id).map(|(_, a)| a.clone()).collect();
            Essentials {
                id: r.id,
                prison_number: r.prison_number,
                name,
                date_of_birth: r.date_of_birth,
                location: match (r.establishment, r.cell) {
                    (Some(e), Some(c)) => format!("{e}-{c}"),
                    (Some(e), None) => e,
                    _ => "Not in custody".to_owned(),
                },
                allergies: Some(crate::record::ssr::allergy_status(mine, r.nka)),
                alerts: alerts.iter().filter(|(id, _)| *id == r.id).map(|(_, a)| a.clone()).collect(),
            }
        })
        .collect())
}

/// Today in London, for pages that open on today's list.
pub fn today() -> NaiveDate {
    london_date(Utc::now())
}
