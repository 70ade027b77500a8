//! The open record's SQL shared by every feature: the banner, allergies and active alerts of one
//! or many patients, and how whereabouts and NHS numbers read.

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::PgPool;
use uuid::Uuid;

use super::{ActiveAlert, AllergyStatus, AllergySummary, PatientBanner};
use crate::domain::{NhsNumber, WhereaboutsStatus};
use crate::error::AppError;

pub fn display_nhs(stored: Option<String>) -> Option<String> {
    stored.map(|s| NhsNumber::parse(&s).map(|n| n.to_string()).unwrap_or(s))
}

/// `LEI-A-1-002` inside, or a plain statement of where the patient is instead.
pub fn whereabouts_label(
    status: WhereaboutsStatus,
    establishment: Option<&str>,
    location: Option<&str>,
    destination: Option<&str>,
) -> String {
    let est = establishment.unwrap_or("?");
    match status {
        WhereaboutsStatus::InEstablishment => match location {
            Some(loc) => format!("{est}-{loc}"),
            None => format!("{est} (no cell recorded)"),
        },
        WhereaboutsStatus::AtCourt => format!("At court (from {est})"),
        WhereaboutsStatus::TemporaryAbsence => format!("Temporary absence (from {est})"),
        WhereaboutsStatus::InTransit => {
            format!("In transit from {est} to {}", destination.unwrap_or("?"))
        }
        WhereaboutsStatus::Released => "Released".to_owned(),
        WhereaboutsStatus::Deceased => "Deceased".to_owned(),
    }
}

pub async fn banner(pool: &PgPool, patient_id: Uuid) -> Result<PatientBanner, AppError> {
    let p = sqlx::query!(
        r#"SELECT p.id, p.prison_number, p.nhs_number, p.given_name, p.family_name, p.date_of_birth AS "date_of_birth: NaiveDate", p.sex,
                  p.no_known_allergies_at IS NOT NULL AS "no_known_allergies!",
                  w.status AS "status?: WhereaboutsStatus", e.code AS "establishment_code?", l.code AS "location_code?",
                  d.name AS "destination?"
           FROM patient p
           LEFT JOIN patient_whereabouts w ON w.patient_id = p.id
           LEFT JOIN establishment e ON e.id = w.establishment_id
           LEFT JOIN location l ON l.id = w.location_id
           LEFT JOIN establishment d ON d.id = w.to_establishment_id
           WHERE p.id = $1"#,
        patient_id
    )
    .fetch_optional(pool)
    .await?
    .ok_or_else(|| AppError::NotFound("That patient does not exist.".to_owned()))?;

    let allergies: Vec<AllergySummary> =
        allergies_of(pool, &[patient_id]).await?.into_iter().map(|(_, a)| a).collect();
    let alerts: Vec<ActiveAlert> =
        active_alerts_of(pool, &[patient_id]).await?.into_iter().map(|(_, a)| a).collect();

    let allergies = allergy_status(allergies, p.no_known_allergies);
    let whereabouts = match p.status {
        Some(status) => whereabouts_label(
            status,
            p.establishment_code.as_deref(),
            p.location_code.as_deref(),
            p.destination.as_deref(),
        ),
        None => "Not yet admitted".to_owned(),
    };
    Ok(PatientBanner {
        id: p.id,
        prison_number: p.prison_number,
        given_name: p.given_name,
        family_name: p.family_name,
        date_of_birth: p.date_of_birth,
        sex: p.sex,
        nhs_number: display_nhs(p.nhs_number),
        status: p.status,
        whereabouts,
        allergies,
        alerts,
        own_entries_only: None,
        break_glass_until: None,
    })
}

/// Allergies of each patient, most severe first; the banner and the round list show them.
pub async fn allergies_of(
    pool: &PgPool,
    patient_ids: &[Uuid],
) -> Result<Vec<(Uuid, AllergySummary)>, AppError> {
    let rows = sqlx::query!(
        r#"SELECT patient_id, substance, reaction, severity FROM allergy
           WHERE patient_id = ANY($1) AND entered_in_error_at IS NULL
           ORDER BY patient_id, array_position(ARRAY['life_threatening', 'severe', 'moderate', 'mild'], severity), substance"#,
        patient_ids
    )
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| {
            (
                r.patient_id,
                AllergySummary { substance: r.substance, reaction: r.reaction, severity: r.severity },
            )
        })
        .collect())
}

/// Alerts in force for each patient, highest priority first.
pub async fn active_alerts_of(
    pool: &PgPool,
    patient_ids: &[Uuid],
) -> Result<Vec<(Uuid, ActiveAlert)>, AppError> {
    let rows = sqlx::query!(
        r#"SELECT a.patient_id, t.code, t.name, t.category, a.starts_at AS "since: DateTime<Utc>"
           FROM alert a JOIN alert_type t ON t.code = a.alert_type
           WHERE a.patient_id = ANY($1) AND a.entered_in_error_at IS NULL
             AND a.starts_at <= now() AND (a.ends_at IS NULL OR a.ends_at > now())
           ORDER BY a.patient_id, t.priority, a.starts_at"#,
        patient_ids
    )
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| {
            (r.patient_id, ActiveAlert { code: r.code, name: r.name, category: r.category, since: r.since })
        })
        .collect())
}

/// What the banner says about allergies, from the recorded allergies and the NKA statement.
pub fn allergy_status(allergies: Vec<AllergySummary>, no_known_allergies: bool) -> AllergyStatus {
    if !allergies.is_empty() {
        AllergyStatus::Allergies(allergies)
    } else if no_known_allergies {
        AllergyStatus::NoKnownAllergies
    } else {
        AllergyStatus::NotRecorded
    }
}
