//! Clinicians browsing records while the tablets record doses: each signs in at an establishment
//! of their own and, over and over, searches for one of its patients by surname, opens the
//! banner, reads the timeline's first page and pages back twice (keyset), then pauses to read.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use sqlx::PgPool;
use tokio::task::JoinHandle;

use super::common::{BenchResult, signed_in};

/// What one clinician's session did: latency per kind of request, and any failures.
#[derive(Default)]
pub struct Browsed {
    pub samples: BTreeMap<&'static str, Vec<Duration>>,
    pub errors: Vec<String>,
}

impl Browsed {
    pub fn merge(&mut self, other: Browsed) {
        for (kind, samples) in other.samples {
            self.samples.entry(kind).or_default().extend(samples);
        }
        self.errors.extend(other.errors);
    }

    pub fn requests(&self) -> usize {
        self.samples.values().map(Vec::len).sum()
    }
}

struct Clinician {
    username: String,
    /// (prison number, family name) of patients held where the clinician works.
    patients: Vec<(String, String)>,
}

/// Clinicians at every establishment in turn (one per establishment, then a second round), each
/// with up to 200 of its patients to look up.
async fn clinicians(pool: &PgPool, count: usize) -> BenchResult<Vec<Clinician>> {
    let staff: Vec<(String, uuid::Uuid)> = sqlx::query_as(
        "SELECT DISTINCT ON (e.code) s.username, e.id FROM establishment e
         JOIN staff_establishment se ON se.establishment_id = e.id
         JOIN staff s ON s.id = se.staff_id AND s.role IN ('prescriber', 'nurse', 'pharmacist')
         ORDER BY e.code, s.role DESC, s.username",
    )
    .fetch_all(pool)
    .await?;
    let mut out = Vec::new();
    for (username, establishment_id) in staff.into_iter().cycle().take(count) {
        let patients: Vec<(String, String)> = sqlx::query_as(
            "SELECT p.prison_number, p.family_name FROM patient_whereabouts w JOIN patient p ON p.id = w.patient_id
             WHERE w.establishment_id = $1 ORDER BY p.prison_number LIMIT 200",
        )
        .bind(establishment_id)
        .fetch_all(pool)
        .await?;
        if !patients.is_empty() {
            out.push(Clinician { username, patients });
        }
    }
    Ok(out)
}

/// Starts `count` browsing clinicians against `base` until `deadline`; `pause` is the reading
/// time between one record and the next.
pub async fn start(
    pool: &PgPool,
    base: &str,
    count: usize,
    deadline: Instant,
    pause: Duration,
) -> BenchResult<Vec<JoinHandle<Browsed>>> {
    let mut tasks = Vec::new();
    let people = clinicians(pool, count).await?;
    let total = u32::try_from(people.len()).unwrap_or(u32::MAX).max(1);
    for (i, clinician) in people.into_iter().enumerate() {
        let client = signed_in(base, &clinician.username).await?;
        let base = base.to_owned();
        let offset = pause * u32::try_from(i).unwrap_or(0) / total;
        tasks.push(tokio::spawn(async move {
            tokio::time::sleep(offset).await;
            let mut browsed = Browsed::default();
            let mut n = i;
            while Instant::now() < deadline {
                let (prison_number, family_name) = &clinician.patients[n % clinician.patients.len()];
                n += 7;
                if let Err(e) = one_record(&client, &base, prison_number, family_name, &mut browsed).await {
                    browsed.errors.push(e.to_string());
                }
                tokio::time::sleep(pause).await;
            }
            browsed
        }));
    }
    Ok(tasks)
}

async fn timed(
    browsed: &mut Browsed,
    kind: &'static str,
    request: reqwest::RequestBuilder,
) -> BenchResult<serde_json::Value> {
    let at = Instant::now();
    let response = request.header("Accept", "application/json").send().await?;
    let status = response.status();
    let body = response.bytes().await?;
    browsed.samples.entry(kind).or_default().push(at.elapsed());
    if !status.is_success() {
        return Err(format!("{kind}: {status}: {}", String::from_utf8_lossy(&body)).into());
    }
    Ok(serde_json::from_slice(&body)?)
}

async fn one_record(
    client: &reqwest::Client,
    base: &str,
    prison_number: &str,
    family_name: &str,
    browsed: &mut Browsed,
) -> BenchResult<()> {
    let rows = timed(
        browsed,
        "patient search",
        client.post(format!("{base}/api/search_patients")).form(&[("query", family_name)]),
    )
    .await?;
    if !rows.as_array().is_some_and(|r| r.iter().any(|row| row["prison_number"] == prison_number)) {
        return Err(format!("search for a surname did not list {prison_number}").into());
    }
    timed(
        browsed,
        "patient banner",
        client.post(format!("{base}/api/patient_banner")).form(&[("prison_number", prison_number)]),
    )
    .await?;
    let filter = app::timeline::TimelineFilter::default();
    let mut after = serde_json::Value::Null;
    for (kind, _) in [("timeline first page", 0), ("timeline next page", 1), ("timeline next page", 2)] {
        let body = serde_json::json!({ "prison_number": prison_number, "filter": filter, "after": after });
        let page = timed(browsed, kind, client.post(format!("{base}/api/timeline_page")).json(&body)).await?;
        after = page["next"].clone();
        if after.is_null() {
            break;
        }
    }
    Ok(())
}
