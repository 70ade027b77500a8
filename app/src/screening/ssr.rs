use chrono::{DateTime, Utc};
use sqlx::PgPool;
use uuid::Uuid;

use super::{ScreeningSaved, ScreeningStatus, ScreeningWorklist, SecondStageSaved, WorkItem};
use crate::auth::ssr::StaffContext;
use crate::domain::screening::{ReceptionScreening, second_stage_due};
use crate::domain::second_stage::SecondStageAssessment;
use crate::error::AppError;

#[tracing::instrument(skip_all, fields(staff_id = %staff.staff_id, patient_id = %patient_id))]
pub async fn record_first_stage(
    pool: &PgPool,
    patient_id: Uuid,
    staff: &StaffContext,
    screening: &ReceptionScreening,
) -> Result<ScreeningSaved, AppError> {
    let now = Utc::now();
    let due = second_stage_due(now);
    let answers = answers_json(screening)?;
    let mut tx = pool.begin().await?;
    let episode = current_episode(&mut tx, patient_id, "screen").await?;
    sqlx::query!(
        "INSERT INTO screening (patient_id, custody_episode_id, stage, establishment_id, completed_by, completed_at, answers, second_stage_due_at)
         VALUES ($1, $2, 'first', $3, $4, $5, $6, $7)",
        patient_id,
        episode,
        staff.establishment_id,
        staff.staff_id,
        now as _,
        answers,
        due as _,
    )
    .execute(&mut *tx)
    .await?;
    let entry = ScreeningEntry {
        patient_id,
        episode,
        at: now,
        summary: screening.summary(due),
        body: screening.body(),
    };
    entry.write(&mut tx, staff).await?;
    let acct_opened = if screening.needs_acct() {
        sqlx::query!(
            "INSERT INTO alert (patient_id, alert_type, starts_at, note, establishment_id, raised_by)
             VALUES ($1, 'ACCT', now(), 'Opened at reception screening: high self-harm risk', $2, $3)
             ON CONFLICT (patient_id, alert_type) WHERE ends_at IS NULL AND entered_in_error_at IS NULL DO NOTHING",
            patient_id,
            staff.establishment_id,
            staff.staff_id
        )
        .execute(&mut *tx)
        .await?
        .rows_affected()
            > 0
    } else {
        false
    };
    tx.commit().await?;
    Ok(ScreeningSaved { second_stage_due_at: due, acct_opened })
}

/// The custody episode the patient is in now; a patient not in custody has nothing to assess.
async fn current_episode(
    tx: &mut sqlx::Transaction<'_, sqlx::Postgres>,
    patient_id: Uuid,
    what: &str,
) -> Result<Uuid, AppError> {
    sqlx::query_scalar!(
        "SELECT custody_episode_id FROM patient_whereabouts WHERE patient_id = $1",
        patient_id
    )
    .fetch_optional(&mut **tx)
    .await?
    .flatten()
    .ok_or_else(|| {
        AppError::invalid(
            "prison_number",
            format!("This patient is not in custody, so there is nothing to {what}."),
        )
    })
}

/// The timeline entry a screen or assessment leaves, written in its transaction.
struct ScreeningEntry {
    patient_id: Uuid,
    episode: Uuid,
    at: DateTime<Utc>,
    summary: String,
    body: String,
}

impl ScreeningEntry {
    async fn write(
        self,
        tx: &mut sqlx::Transaction<'_, sqlx::Postgres>,
        staff: &StaffContext,
    ) -> Result<(), AppError> {
        sqlx::query!(
            "INSERT INTO timeline_entry (patient_id, kind, occurred_at, establishment_id, custody_episode_id, author_id, author_role, summary, body)
             VALUES ($1, 'screening', $2, $3, $4, $5, $6, $7, $8)",
            self.patient_id,
            self.at as _,
            staff.establishment_id,
            self.episode,
            staff.staff_id,
            staff.role as _,
            self.summary,
            self.body,
        )
        .execute(&mut **tx)
        .await?;
        Ok(())
    }
}

fn answers_json<T: serde::Serialize>(answers: &T) -> Result<serde_json::Value, AppError> {
    serde_json::to_value(answers).map_err(|error| {
        tracing::error!(%error, "screening answers did not serialise");
        AppError::Internal
    })
}

#[tracing::instrument(skip_all, fields(staff_id = %staff.staff_id, patient_id = %patient_id))]
pub async fn record_second_stage(
    pool: &PgPool,
    patient_id: Uuid,
    staff: &StaffContext,
    assessment: &SecondStageAssessment,
) -> Result<SecondStageSaved, AppError> {
    let answers = answers_json(assessment)?;
    let mut tx = pool.begin().await?;
    let episode = current_episode(&mut tx, patient_id, "assess").await?;
    let completed_at = sqlx::query_scalar!(
        r#"INSERT INTO screening (patient_id, custody_episode_id, stage, establishment_id, completed_by, answers)
           VALUES ($1, $2, 'second', $3, $4, $5)
           RETURNING completed_at AS "completed_at: DateTime<Utc>""#,
        patient_id,
        episode,
        staff.establishment_id,
        staff.staff_id,
        answers,
    )
    .fetch_one(&mut *tx)
    .await?;
    let entry = ScreeningEntry {
        patient_id,
        episode,
        at: completed_at,
        summary: assessment.summary(),
        body: assessment.body(),
    };
    entry.write(&mut tx, staff).await?;
    let was_due_at = sqlx::query_scalar!(
        r#"SELECT second_stage_due_at AS "due!: DateTime<Utc>" FROM screening
           WHERE custody_episode_id = $1 AND stage = 'first' AND entered_in_error_at IS NULL
           ORDER BY completed_at LIMIT 1"#,
        episode
    )
    .fetch_optional(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(SecondStageSaved { completed_at, was_due_at })
}

/// One worklist row as read: `at` is the arrival (first stage) or the due time (second stage).
struct WorkRow {
    prison_number: String,
    given_name: String,
    family_name: String,
    establishment: String,
    cell: Option<String>,
    at: DateTime<Utc>,
}

impl WorkRow {
    fn into_item(self, overdue: impl Fn(DateTime<Utc>) -> bool) -> WorkItem {
        WorkItem {
            location: self.cell.map(|c| format!("{}-{c}", self.establishment)).unwrap_or(self.establishment),
            name: format!("{}, {}", self.family_name.to_uppercase(), self.given_name),
            prison_number: self.prison_number,
            overdue: overdue(self.at),
            at: self.at,
        }
    }
}

/// Patients here without a first-stage screen since they arrived, and those whose
/// second-stage assessment is due, soonest first.
pub async fn worklist(pool: &PgPool, establishment_id: Uuid) -> Result<ScreeningWorklist, AppError> {
    let now = Utc::now();
    let first_stage_due = sqlx::query_as!(
        WorkRow,
        r#"SELECT p.prison_number, p.given_name, p.family_name, e.code AS establishment, l.code AS "cell?",
                  a.arrived_at AS "at!: DateTime<Utc>"
           FROM patient_whereabouts w
           JOIN patient p ON p.id = w.patient_id
           -- Every reception is screened, after a transfer too: since arriving here.
           CROSS JOIN LATERAL (SELECT max(m.occurred_at) AS arrived_at FROM movement m
                               WHERE m.patient_id = w.patient_id AND m.establishment_id = w.establishment_id
                                 AND m.direction = 'in' AND m.kind IN ('ADM', 'TRN')) a
           JOIN establishment e ON e.id = w.establishment_id
           LEFT JOIN location l ON l.id = w.location_id
           WHERE w.establishment_id = $1 AND w.status = 'in_establishment' AND a.arrived_at IS NOT NULL
             AND NOT EXISTS (SELECT 1 FROM screening s WHERE s.custody_episode_id = w.custody_episode_id
                             AND s.stage = 'first' AND s.entered_in_error_at IS NULL
                             AND s.establishment_id = w.establishment_id AND s.completed_at >= a.arrived_at)
           ORDER BY a.arrived_at
           LIMIT 100"#,
        establishment_id
    )
    .fetch_all(pool)
    .await?
    .into_iter()
    // Due before the first night: overdue once the patient has been here 12 hours.
    .map(|r| r.into_item(|arrived| now - arrived > chrono::Duration::hours(12)))
    .collect();
    let second_stage_due = sqlx::query_as!(
        WorkRow,
        r#"SELECT p.prison_number, p.given_name, p.family_name, e.code AS establishment, l.code AS "cell?",
                  s.second_stage_due_at AS "at!: DateTime<Utc>"
           FROM patient_whereabouts w
           JOIN patient p ON p.id = w.patient_id
           -- The first first-stage screen of the episode sets the due date; repeats do not move it.
           JOIN LATERAL (SELECT f.second_stage_due_at FROM screening f
                         WHERE f.custody_episode_id = w.custody_episode_id AND f.stage = 'first' AND f.entered_in_error_at IS NULL
                         ORDER BY f.completed_at LIMIT 1) s ON true
           JOIN establishment e ON e.id = w.establishment_id
           LEFT JOIN location l ON l.id = w.location_id
           WHERE w.establishment_id = $1 AND w.status IN ('in_establishment', 'at_court', 'temporary_absence')
             AND NOT EXISTS (SELECT 1 FROM screening s2 WHERE s2.custody_episode_id = w.custody_episode_id
                             AND s2.stage = 'second' AND s2.entered_in_error_at IS NULL)
           ORDER BY s.second_stage_due_at
           LIMIT 100"#,
        establishment_id
    )
    .fetch_all(pool)
    .await?
    .into_iter()
    .map(|r| r.into_item(|due| due < now))
    .collect();
    Ok(ScreeningWorklist { first_stage_due, second_stage_due })
}

/// The screens of the patient's current custody episode (see [`ScreeningStatus`]).
pub async fn status(pool: &PgPool, patient_id: Uuid) -> Result<ScreeningStatus, AppError> {
    let row = sqlx::query!(
        r#"SELECT w.custody_episode_id AS "episode?", w.status NOT IN ('released', 'deceased') AS "in_custody!",
                  (SELECT max(s.completed_at) FROM screening s
                   WHERE s.custody_episode_id = w.custody_episode_id AND s.stage = 'first' AND s.entered_in_error_at IS NULL
                     AND s.establishment_id = w.establishment_id
                     AND s.completed_at >= (SELECT max(m.occurred_at) FROM movement m
                                            WHERE m.patient_id = w.patient_id AND m.establishment_id = w.establishment_id
                                              AND m.direction = 'in' AND m.kind IN ('ADM', 'TRN'))) AS "first_stage_at: DateTime<Utc>",
                  -- The first first-stage screen of the episode sets the due date, as on the worklist.
                  (SELECT f.second_stage_due_at FROM screening f
                   WHERE f.custody_episode_id = w.custody_episode_id AND f.stage = 'first' AND f.entered_in_error_at IS NULL
                   ORDER BY f.completed_at LIMIT 1) AS "second_stage_due_at: DateTime<Utc>",
                  (SELECT min(s.completed_at) FROM screening s
                   WHERE s.custody_episode_id = w.custody_episode_id AND s.stage = 'second' AND s.entered_in_error_at IS NULL) AS "second_stage_done_at: DateTime<Utc>"
           FROM patient_whereabouts w WHERE w.patient_id = $1"#,
        patient_id
    )
    .fetch_optional(pool)
    .await?;
    Ok(match row {
        Some(r) if r.in_custody && r.episode.is_some() => ScreeningStatus {
            in_custody: true,
            first_stage_at: r.first_stage_at,
            second_stage_due_at: r.second_stage_due_at,
            second_stage_done_at: r.second_stage_done_at,
        },
        _ => ScreeningStatus::default(),
    })
}
