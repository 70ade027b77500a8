//! Patient search at the user's establishment (and on its way there).

use chrono::NaiveDate;
use sqlx::PgPool;
use uuid::Uuid;

use super::PatientSearchRow;
use crate::domain::WhereaboutsStatus;
use crate::domain::patient_query::PatientQuery;
use crate::error::AppError;
use crate::record::ssr::{display_nhs, whereabouts_label};

const SEARCH_LIMIT: i64 = 50;
/// Trigram word similarity above which a name counts as a match: low enough for "Smiht"
/// to find "Smith", high enough to keep unrelated names out.
const NAME_MATCH_THRESHOLD: f32 = 0.3;

pub async fn search(
    pool: &PgPool,
    establishment_id: Uuid,
    query: &PatientQuery,
) -> Result<Vec<PatientSearchRow>, AppError> {
    let (prison_number, nhs_number, name) = match query {
        PatientQuery::TooShort => return Ok(Vec::new()),
        PatientQuery::PrisonNumber(p) => (Some(p.as_str().to_owned()), None, None),
        PatientQuery::NhsNumber(n) => (None, Some(n.digits()), None),
        PatientQuery::Name(n) => (None, None, Some(n.clone())),
    };
    let rows = sqlx::query!(
        r#"SELECT p.prison_number, p.given_name, p.family_name, p.date_of_birth AS "date_of_birth: NaiveDate", p.nhs_number,
                  w.status AS "status: WhereaboutsStatus", e.code AS "establishment_code?", l.code AS "location_code?",
                  d.name AS "destination?",
                  CASE WHEN $4::text IS NULL THEN 1.0::real
                       ELSE greatest(word_similarity($4, p.given_name || ' ' || p.family_name),
                                     word_similarity($4, p.family_name || ' ' || p.given_name)) END AS "score!"
           FROM patient_whereabouts w
           JOIN patient p ON p.id = w.patient_id
           LEFT JOIN establishment e ON e.id = w.establishment_id
           LEFT JOIN location l ON l.id = w.location_id
           LEFT JOIN establishment d ON d.id = w.to_establishment_id
           WHERE ((w.establishment_id = $1 AND w.status IN ('in_establishment', 'at_court', 'temporary_absence'))
                  OR w.to_establishment_id = $1)
             AND ($2::text IS NULL OR p.prison_number = $2)
             AND ($3::text IS NULL OR p.nhs_number = $3)
             AND ($4::text IS NULL
                  OR word_similarity($4, p.given_name || ' ' || p.family_name) >= $5
                  OR word_similarity($4, p.family_name || ' ' || p.given_name) >= $5)
           ORDER BY "score!" DESC, p.family_name, p.given_name
           LIMIT $6"#,
        establishment_id,
        prison_number,
        nhs_number,
        name,
        NAME_MATCH_THRESHOLD,
        SEARCH_LIMIT,
    )
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| PatientSearchRow {
            whereabouts: whereabouts_label(
                r.status,
                r.establishment_code.as_deref(),
                r.location_code.as_deref(),
                r.destination.as_deref(),
            ),
            prison_number: r.prison_number,
            given_name: r.given_name,
            family_name: r.family_name,
            date_of_birth: r.date_of_birth,
            nhs_number: display_nhs(r.nhs_number),
        })
        .collect())
}
