use chrono::{DateTime, Utc};
use sqlx::PgPool;
use uuid::Uuid;

use super::{AlertCount, ArrivalEntry, EstablishmentOverview};
use crate::error::AppError;

pub async fn overview(pool: &PgPool, establishment_id: Uuid) -> Result<EstablishmentOverview, AppError> {
    let head = sqlx::query!(
        r#"SELECT e.code, e.name,
                  count(*) FILTER (WHERE w.status IN ('in_establishment', 'at_court', 'temporary_absence')) AS "patients_in!",
                  count(*) FILTER (WHERE w.status IN ('at_court', 'temporary_absence')) AS "away!"
           FROM establishment e
           LEFT JOIN patient_whereabouts w ON w.establishment_id = e.id
           WHERE e.id = $1
           GROUP BY e.id"#,
        establishment_id
    )
    .fetch_one(pool)
    .await?;
    let incoming = sqlx::query_scalar!(
        r#"SELECT count(*) AS "n!" FROM patient_whereabouts WHERE to_establishment_id = $1"#,
        establishment_id
    )
    .fetch_one(pool)
    .await?;
    let arrivals_today = sqlx::query!(
        r#"SELECT p.prison_number, p.given_name, p.family_name, m.occurred_at AS "occurred_at: DateTime<Utc>", m.kind
           FROM movement m JOIN patient p ON p.id = m.patient_id
           -- "Today" is the calendar day in England, where every establishment is.
           WHERE m.establishment_id = $1 AND m.direction = 'in' AND m.kind IN ('ADM', 'TRN')
             AND m.occurred_at >= date_trunc('day', now() AT TIME ZONE 'Europe/London') AT TIME ZONE 'Europe/London'
           ORDER BY m.occurred_at DESC"#,
        establishment_id
    )
    .fetch_all(pool)
    .await?
    .into_iter()
    .map(|r| ArrivalEntry {
        prison_number: r.prison_number,
        name: format!("{}, {}", r.family_name.to_uppercase(), r.given_name),
        arrived_at: r.occurred_at,
        how: if r.kind == "ADM" { "New reception".to_owned() } else { "Transfer in".to_owned() },
    })
    .collect();
    let alert_rows = sqlx::query!(
        r#"SELECT t.name, count(DISTINCT a.patient_id) AS "count!"
           FROM alert a
           JOIN alert_type t ON t.code = a.alert_type
           JOIN patient_whereabouts w ON w.patient_id = a.patient_id
           WHERE w.establishment_id = $1 AND w.status IN ('in_establishment', 'at_court', 'temporary_absence')
             AND a.entered_in_error_at IS NULL AND a.starts_at <= now() AND (a.ends_at IS NULL OR a.ends_at > now())
           GROUP BY t.code, t.name, t.priority
           ORDER BY t.priority"#,
        establishment_id
    )
    .fetch_all(pool)
    .await?;
    let patients_with_alerts = sqlx::query_scalar!(
        r#"SELECT count(DISTINCT a.patient_id) AS "n!"
           FROM alert a JOIN patient_whereabouts w ON w.patient_id = a.patient_id
           WHERE w.establishment_id = $1 AND w.status IN ('in_establishment', 'at_court', 'temporary_absence')
             AND a.entered_in_error_at IS NULL AND a.starts_at <= now() AND (a.ends_at IS NULL OR a.ends_at > now())"#,
        establishment_id
    )
    .fetch_one(pool)
    .await?;
    Ok(EstablishmentOverview {
        code: head.code,
        name: head.name,
        patients_in: head.patients_in,
        away_at_court_or_hospital: head.away,
        arrivals_today,
        incoming,
        patients_with_alerts,
        alert_counts: alert_rows.into_iter().map(|r| AlertCount { name: r.name, count: r.count }).collect(),
    })
}
