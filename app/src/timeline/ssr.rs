//! The SQL behind the timeline. One table, one index, keyset paging.

use chrono::{DateTime, Days, NaiveTime, Utc};
use sqlx::PgPool;
use uuid::Uuid;

use super::{
    EnteredInError, EpisodeHeading, EstablishmentChoice, KindChoice, PAGE_SIZE, TimelineCursor,
    TimelineEntry, TimelineFacets, TimelineFilter, TimelineKind, TimelinePage, note_summary,
};
use crate::access::authorize_patient;
use crate::audit::AuditAction;
use crate::auth::ssr::StaffContext;
use crate::domain::Role;
use crate::domain::access::Intent;
use crate::error::AppError;

/// Escapes LIKE wildcards so that typed `%` and `_` match themselves.
fn like_pattern(text: &str) -> String {
    let escaped = crate::search_text::like_escape(text);
    format!("%{escaped}%")
}

/// Midnight UK time at the start of `date`, as the instant the filter compares with.
fn uk_day_start(date: chrono::NaiveDate) -> DateTime<Utc> {
    use chrono::TimeZone;
    let naive = date.and_time(NaiveTime::MIN);
    chrono_tz::Europe::London
        .from_local_datetime(&naive)
        .earliest()
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or_else(|| naive.and_utc())
}

fn beyond_every_entry() -> DateTime<Utc> {
    use chrono::TimeZone;
    Utc.with_ymd_and_hms(9999, 12, 31, 23, 59, 59).single().unwrap_or(DateTime::<Utc>::MAX_UTC)
}

/// The row every timeline query returns, before it becomes a [`TimelineEntry`].
struct Row {
    id: Uuid,
    kind: TimelineKind,
    kind_title: String,
    occurred_at: DateTime<Utc>,
    establishment_code: String,
    author: Option<String>,
    author_role: Option<Role>,
    summary: String,
    body: String,
    custody_episode_id: Option<Uuid>,
    corrects_id: Option<Uuid>,
    entered_in_error_at: Option<DateTime<Utc>>,
    entered_in_error_by: Option<String>,
    entered_in_error_reason: Option<String>,
}

impl From<Row> for TimelineEntry {
    fn from(r: Row) -> Self {
        let entered_in_error = match (r.entered_in_error_at, r.entered_in_error_reason) {
            (Some(at), Some(reason)) => {
                Some(EnteredInError { at, by: r.entered_in_error_by.unwrap_or_default(), reason })
            }
            _ => None,
        };
        TimelineEntry {
            id: r.id,
            kind: r.kind,
            kind_title: r.kind_title,
            occurred_at: r.occurred_at,
            establishment_code: r.establishment_code,
            author: r.author,
            author_role: r.author_role,
            summary: r.summary,
            body: r.body,
            custody_episode_id: r.custody_episode_id,
            corrects_id: r.corrects_id,
            entered_in_error,
        }
    }
}

pub async fn page(
    pool: &PgPool,
    patient_id: Uuid,
    filter: &TimelineFilter,
    after: Option<TimelineCursor>,
) -> Result<TimelinePage, AppError> {
    // The first page starts after a cursor beyond every entry, so that one plan (an index
    // range scan from the cursor) serves every page.
    let (cursor_at, cursor_id) = match after {
        Some(c) => (c.occurred_at, c.id),
        None => (beyond_every_entry(), Uuid::max()),
    };
    let from = filter.from.map(uk_day_start);
    let until = filter.to.and_then(|d| d.checked_add_days(Days::new(1))).map(uk_day_start);
    let text = filter.text.as_deref().map(like_pattern);
    let rows = sqlx::query_as!(
        Row,
        r#"SELECT t.id, t.kind AS "kind: TimelineKind", k.title AS kind_title, t.occurred_at AS "occurred_at: DateTime<Utc>",
                  e.code AS establishment_code, s.display_name AS "author?", t.author_role AS "author_role: Role",
                  t.summary, t.body, t.custody_episode_id, t.corrects_id,
                  t.entered_in_error_at AS "entered_in_error_at: DateTime<Utc>",
                  eb.display_name AS "entered_in_error_by?", t.entered_in_error_reason
           FROM timeline_entry t
           JOIN timeline_kind k ON k.code = t.kind
           JOIN establishment e ON e.id = t.establishment_id
           LEFT JOIN staff s ON s.id = t.author_id
           LEFT JOIN staff eb ON eb.id = t.entered_in_error_by
           WHERE t.patient_id = $1
             AND (t.occurred_at, t.id) < ($2, $3)
             -- With no kind chosen, a day's doses show as its one summary entry.
             AND (cardinality($4::text[]) = 0 AND t.kind <> 'administration' OR t.kind = ANY($4))
             AND ($5::text IS NULL OR e.code = $5)
             AND ($6::timestamptz IS NULL OR t.occurred_at >= $6)
             AND ($7::timestamptz IS NULL OR t.occurred_at < $7)
             AND ($8::text IS NULL OR t.author_role = $8)
             AND ($9::text IS NULL OR t.summary ILIKE $9 OR t.body ILIKE $9)
             AND ($10 OR t.entered_in_error_at IS NULL)
           ORDER BY t.occurred_at DESC, t.id DESC
           LIMIT $11"#,
        patient_id,
        cursor_at as _,
        cursor_id,
        &filter.kinds,
        filter.establishment,
        from as _,
        until as _,
        filter.author_role as _,
        text,
        filter.show_entered_in_error,
        PAGE_SIZE + 1,
    )
    .fetch_all(pool)
    .await?;
    let mut entries: Vec<TimelineEntry> = rows.into_iter().map(TimelineEntry::from).collect();
    let next = if entries.len() as i64 > PAGE_SIZE {
        entries.truncate(PAGE_SIZE as usize);
        entries.last().map(|e| TimelineCursor { occurred_at: e.occurred_at, id: e.id })
    } else {
        None
    };
    Ok(TimelinePage { entries, next })
}

/// The filter bar's choices. `only_establishment` (the own-entries read scope of an establishment
/// the patient has left) keeps the establishments and episodes to that establishment: a reader
/// who may not see where the patient went must not learn it from the facets either.
pub async fn facets(
    pool: &PgPool,
    patient_id: Uuid,
    only_establishment: Option<&str>,
) -> Result<TimelineFacets, AppError> {
    let kinds = sqlx::query_as!(KindChoice, "SELECT code, title FROM timeline_kind ORDER BY sort_order")
        .fetch_all(pool)
        .await?;
    let establishments = sqlx::query_as!(
        EstablishmentChoice,
        "SELECT e.code, e.name FROM establishment e
         WHERE e.id IN (SELECT DISTINCT establishment_id FROM timeline_entry WHERE patient_id = $1)
           AND ($2::text IS NULL OR e.code = $2)
         ORDER BY e.name",
        patient_id,
        only_establishment,
    )
    .fetch_all(pool)
    .await?;
    let episodes = sqlx::query!(
        r#"SELECT c.id, c.started_at AS "started_at: DateTime<Utc>", c.ended_at AS "ended_at: DateTime<Utc>",
                  coalesce(array_agg(e.name ORDER BY first_seen) FILTER (WHERE e.name IS NOT NULL), '{}') AS "establishments!"
           FROM custody_episode c
           LEFT JOIN LATERAL (
               SELECT m.establishment_id, min(m.occurred_at) AS first_seen
               FROM movement m WHERE m.custody_episode_id = c.id AND m.direction = 'in'
               GROUP BY m.establishment_id
           ) firsts ON true
           LEFT JOIN establishment e ON e.id = firsts.establishment_id AND ($2::text IS NULL OR e.code = $2)
           WHERE c.patient_id = $1
           GROUP BY c.id
           HAVING $2::text IS NULL OR count(e.id) > 0
           ORDER BY c.started_at DESC"#,
        patient_id,
        only_establishment,
    )
    .fetch_all(pool)
    .await?
    .into_iter()
    .map(|r| EpisodeHeading {
        id: r.id,
        started_at: r.started_at,
        ended_at: r.ended_at,
        establishments: r.establishments,
    })
    .collect();
    Ok(TimelineFacets { kinds, establishments, episodes })
}

async fn entry(pool: &PgPool, entry_id: Uuid) -> Result<TimelineEntry, AppError> {
    let row = sqlx::query_as!(
        Row,
        r#"SELECT t.id, t.kind AS "kind: TimelineKind", k.title AS kind_title, t.occurred_at AS "occurred_at: DateTime<Utc>",
                  e.code AS establishment_code, s.display_name AS "author?", t.author_role AS "author_role: Role",
                  t.summary, t.body, t.custody_episode_id, t.corrects_id,
                  t.entered_in_error_at AS "entered_in_error_at: DateTime<Utc>",
                  eb.display_name AS "entered_in_error_by?", t.entered_in_error_reason
           FROM timeline_entry t
           JOIN timeline_kind k ON k.code = t.kind
           JOIN establishment e ON e.id = t.establishment_id
           LEFT JOIN staff s ON s.id = t.author_id
           LEFT JOIN staff eb ON eb.id = t.entered_in_error_by
           WHERE t.id = $1"#,
        entry_id
    )
    .fetch_optional(pool)
    .await?
    .ok_or_else(|| AppError::NotFound("That timeline entry does not exist.".to_owned()))?;
    Ok(row.into())
}

#[tracing::instrument(skip_all, fields(staff_id = %staff.staff_id, patient_id = %patient_id))]
pub async fn add_note(
    pool: &PgPool,
    patient_id: Uuid,
    staff: &StaffContext,
    text: &str,
    corrects: Option<Uuid>,
) -> Result<TimelineEntry, AppError> {
    let id = sqlx::query_scalar!(
        "INSERT INTO timeline_entry (patient_id, kind, occurred_at, establishment_id, custody_episode_id,
                                     author_id, author_role, summary, body, corrects_id)
         VALUES ($1, 'note', now(), $2, custody_episode_at($1, now()),
                 $3, $4, $5, $6, $7)
         RETURNING id",
        patient_id,
        staff.establishment_id,
        staff.staff_id,
        staff.role as _,
        note_summary(text),
        text,
        corrects,
    )
    .fetch_one(pool)
    .await?;
    entry(pool, id).await
}

/// Only the author, or a healthcare manager at the patient's establishment, may mark an entry
/// entered in error; movements are corrected through the movement itself.
#[tracing::instrument(skip_all, fields(staff_id = %staff.staff_id, entry_id = %entry_id))]
pub async fn mark_entered_in_error(
    pool: &PgPool,
    staff: &StaffContext,
    entry_id: Uuid,
    reason: &str,
    correction: Option<&str>,
) -> Result<TimelineEntry, AppError> {
    let target = sqlx::query!(
        r#"SELECT patient_id, kind AS "kind: TimelineKind", author_id, source_id,
                  entered_in_error_at IS NOT NULL AS "already!"
           FROM timeline_entry WHERE id = $1"#,
        entry_id
    )
    .fetch_optional(pool)
    .await?
    .ok_or_else(|| AppError::NotFound("That timeline entry does not exist.".to_owned()))?;
    authorize_patient(pool, staff, target.patient_id, Intent::Write, AuditAction::TimelineEnteredInError)
        .await?;
    if target.already {
        return Err(AppError::invalid("reason", "This entry is already marked entered in error."));
    }
    if target.kind == TimelineKind::AdministrationDay {
        return Err(AppError::invalid(
            "reason",
            "A day's summary follows its doses: open it and mark the dose itself entered in error.",
        ));
    }
    if target.kind == TimelineKind::Movement {
        return Err(AppError::invalid(
            "reason",
            "Movements are corrected by the reception or transfer that recorded them, not from the timeline.",
        ));
    }
    let may = target.author_id == Some(staff.staff_id) || staff.role == Role::HealthcareManager;
    if !may {
        return Err(AppError::invalid(
            "reason",
            "Only the author of this entry or a healthcare manager can mark it entered in error.",
        ));
    }
    if let Some(refusal) = medicines_correction_refusal(pool, target.kind, entry_id, target.source_id).await?
    {
        return Err(AppError::invalid("reason", refusal));
    }
    if correction.is_some() && target.kind != TimelineKind::Note {
        return Err(AppError::invalid("correction", "Only a note can be replaced by a correction here."));
    }

    let mut tx = pool.begin().await?;
    sqlx::query!(
        "UPDATE timeline_entry SET entered_in_error_at = now(), entered_in_error_by = $2, entered_in_error_reason = $3
         WHERE id = $1",
        entry_id,
        staff.staff_id,
        reason
    )
    .execute(&mut *tx)
    .await?;
    // The row the entry stands for is marked too, so the banner and every list agree. Whichever
    // table owns it (an id is in at most one), one statement marks it.
    if let Some(source) = target.source_id {
        sqlx::query!(
            "WITH allergies AS (
                 UPDATE allergy SET entered_in_error_at = now(), entered_in_error_by = $2, entered_in_error_reason = $3
                 WHERE id = $1 AND entered_in_error_at IS NULL RETURNING id),
             alerts AS (
                 UPDATE alert SET entered_in_error_at = now(), entered_in_error_by = $2, entered_in_error_reason = $3
                 WHERE id = $1 AND entered_in_error_at IS NULL RETURNING id),
             problems AS (
                 UPDATE problem SET entered_in_error_at = now(), entered_in_error_by = $2, entered_in_error_reason = $3
                 WHERE id = $1 AND entered_in_error_at IS NULL RETURNING id),
             prescriptions AS (
                 UPDATE prescription SET entered_in_error_at = now(), entered_in_error_by = $2, entered_in_error_reason = $3
                 WHERE id = $1 AND entered_in_error_at IS NULL RETURNING id),
             administrations AS (
                 UPDATE administration SET entered_in_error_at = now(), entered_in_error_by = $2, entered_in_error_reason = $3
                 WHERE id = $1 AND entered_in_error_at IS NULL RETURNING id),
             supplies AS (
                 UPDATE in_possession_supply SET entered_in_error_at = now(), entered_in_error_by = $2, entered_in_error_reason = $3
                 WHERE id = $1 AND entered_in_error_at IS NULL RETURNING id)
             SELECT (SELECT count(*) FROM allergies) + (SELECT count(*) FROM alerts) + (SELECT count(*) FROM problems)
                  + (SELECT count(*) FROM prescriptions) + (SELECT count(*) FROM administrations)
                  + (SELECT count(*) FROM supplies) AS marked",
            source,
            staff.staff_id,
            reason
        )
        .fetch_one(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    if let Some(text) = correction {
        add_note(pool, target.patient_id, staff, text, Some(entry_id)).await?;
    }
    entry(pool, entry_id).await
}

/// Medicines entries that are not corrected from the timeline, and why. A prescription is
/// corrected through the entry that started it (its stop is undone by prescribing again); a
/// witnessed controlled-drug dose moved stock, so it is corrected in the CD register with a witness.
async fn medicines_correction_refusal(
    pool: &PgPool,
    kind: TimelineKind,
    entry_id: Uuid,
    source_id: Option<Uuid>,
) -> Result<Option<&'static str>, AppError> {
    let Some(source) = source_id else { return Ok(None) };
    match kind {
        TimelineKind::Prescription => {
            let first = sqlx::query_scalar!(
                r#"SELECT id AS "id!" FROM timeline_entry WHERE source_id = $1 ORDER BY occurred_at, recorded_at LIMIT 1"#,
                source
            )
            .fetch_one(pool)
            .await?;
            let is_prescription = sqlx::query_scalar!(
                r#"SELECT EXISTS (SELECT 1 FROM prescription WHERE id = $1) AS "yes!""#,
                source
            )
            .fetch_one(pool)
            .await?;
            Ok((is_prescription && first != entry_id).then_some(
                "A stop is not undone here: mark the prescription itself entered in error, or prescribe again.",
            ))
        }
        TimelineKind::Administration => {
            let in_register = sqlx::query_scalar!(
                r#"SELECT EXISTS (SELECT 1 FROM cd_register_entry WHERE administration_id = $1) AS "yes!""#,
                source
            )
            .fetch_one(pool)
            .await?;
            Ok(in_register.then_some(
                "A witnessed controlled-drug dose moved stock: correct it in the controlled drugs register with a witness, and ask a healthcare manager to review.",
            ))
        }
        _ => Ok(None),
    }
}

/// The doses a day's summary entry stands for, earliest first, with the summary as it now reads.
/// They are the patient's dose entries at that establishment on that London day, read through the
/// same paged query as the timeline (a day holds far fewer than a page, but every page is read).
pub async fn day_doses(
    pool: &PgPool,
    patient_id: Uuid,
    entry_id: Uuid,
    only_establishment: Option<&str>,
) -> Result<super::DayDoses, AppError> {
    let day = sqlx::query!(
        r#"SELECT d.day AS "day: chrono::NaiveDate", e.code AS establishment, t.summary
           FROM timeline_entry t
           JOIN administration_day d ON d.id = t.source_id
           JOIN establishment e ON e.id = d.establishment_id
           WHERE t.id = $1 AND t.kind = 'administration_day' AND t.patient_id = $2"#,
        entry_id,
        patient_id
    )
    .fetch_optional(pool)
    .await?
    .filter(|d| only_establishment.is_none_or(|code| code == d.establishment))
    .ok_or_else(|| AppError::NotFound("That day's medicines summary does not exist.".to_owned()))?;
    let filter = TimelineFilter {
        kinds: vec!["administration".to_owned()],
        establishment: Some(day.establishment),
        from: Some(day.day),
        to: Some(day.day),
        show_entered_in_error: true,
        ..TimelineFilter::default()
    };
    let mut doses = Vec::new();
    let mut after = None;
    loop {
        let p = page(pool, patient_id, &filter, after).await?;
        doses.extend(p.entries);
        match p.next {
            Some(cursor) => after = Some(cursor),
            None => break,
        }
    }
    doses.reverse();
    Ok(super::DayDoses { summary: day.summary, doses })
}
