//! Attendance reports: did-not-attend and establishment-cancelled rates per clinic and reason,
//! and waiting times, over a period.

use chrono::{NaiveDate, NaiveTime};
use sqlx::PgPool;
use uuid::Uuid;

use crate::appointments::{AppointmentReport, ClinicRates, ReasonCount, WaitingTime};
use crate::domain::appointment::rate;
use crate::domain::round_schedule::round_instant;
use crate::error::AppError;

pub async fn report(
    pool: &PgPool,
    establishment_id: Uuid,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<AppointmentReport, AppError> {
    let start = round_instant(from, NaiveTime::MIN);
    let end = round_instant(to.succ_opt().unwrap_or(to), NaiveTime::MIN);
    let rows = sqlx::query!(
        r#"SELECT c.name,
                  count(*) FILTER (WHERE a.status IN ('attended', 'did_not_attend', 'refused', 'cancelled_by_establishment', 'patient_away')) AS "booked!",
                  count(*) FILTER (WHERE a.status = 'attended') AS "attended!",
                  count(*) FILTER (WHERE a.status = 'did_not_attend') AS "did_not_attend!",
                  count(*) FILTER (WHERE a.status = 'refused') AS "refused!",
                  count(*) FILTER (WHERE a.status = 'cancelled_by_establishment') AS "cancelled!",
                  count(*) FILTER (WHERE a.status = 'patient_away') AS "away!"
           FROM clinic c
           LEFT JOIN appointment a ON a.clinic_id = c.id AND a.starts_at >= $2 AND a.starts_at < $3
           WHERE c.establishment_id = $1
           GROUP BY c.id, c.name
           ORDER BY c.name"#,
        establishment_id,
        start as _,
        end as _,
    )
    .fetch_all(pool)
    .await?;
    let clinics = rows
        .into_iter()
        .map(|r| ClinicRates {
            did_not_attend_rate: rate(r.did_not_attend, r.booked),
            establishment_cancelled_rate: rate(r.cancelled, r.booked),
            clinic: r.name,
            booked: r.booked,
            attended: r.attended,
            did_not_attend: r.did_not_attend,
            refused: r.refused,
            cancelled_by_establishment: r.cancelled,
            patient_away: r.away,
        })
        .collect();
    let reasons = sqlx::query_as!(
        ReasonCount,
        r#"SELECT c.name AS clinic, a.status AS outcome, COALESCE(a.outcome_reason, '') AS "reason!", count(*) AS "count!"
           FROM appointment a JOIN clinic c ON c.id = a.clinic_id
           WHERE a.establishment_id = $1 AND a.starts_at >= $2 AND a.starts_at < $3
             AND a.status IN ('did_not_attend', 'refused', 'cancelled_by_establishment', 'patient_away')
           GROUP BY c.name, a.status, a.outcome_reason
           ORDER BY c.name, count(*) DESC"#,
        establishment_id,
        start as _,
        end as _,
    )
    .fetch_all(pool)
    .await?;
    let waiting = sqlx::query!(
        r#"SELECT c.name,
                  (SELECT count(*) FROM appointment w WHERE w.clinic_id = c.id AND w.status IN ('waiting', 'to_rebook')) AS "waiting_now!",
                  (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM b.starts_at - b.requested_at) / 86400)
                   FROM appointment b WHERE b.clinic_id = c.id AND b.starts_at >= $2 AND b.starts_at < $3
                     AND b.status NOT IN ('cancelled', 'transferred', 'released')) AS median_days,
                  (SELECT max(extract(day FROM now() - w.requested_at))::int8 FROM appointment w
                   WHERE w.clinic_id = c.id AND w.status IN ('waiting', 'to_rebook')) AS longest_days
           FROM clinic c WHERE c.establishment_id = $1 ORDER BY c.name"#,
        establishment_id,
        start as _,
        end as _,
    )
    .fetch_all(pool)
    .await?;
    let waiting = waiting
        .into_iter()
        .map(|r| WaitingTime {
            clinic: r.name,
            waiting_now: r.waiting_now,
            median_days_to_appointment: r.median_days.map(|d| (d * 10.0).round() / 10.0),
            longest_wait_now_days: r.longest_days,
        })
        .collect();
    Ok(AppointmentReport { from, to, clinics, reasons, waiting })
}
