//! Enough recordable doses for minutes of load: each tablet gets its own nurse at Leeds and its
//! own prescriptions for patients there, due every quarter hour since yesterday. Slots never
//! overlap between tablets, so any conflict or double the drill finds is a real one.

use std::collections::HashSet;

use app::domain::round_schedule::{DoseTiming, dose_timing, london_date, round_instant};
use chrono::{Duration, NaiveTime, Utc};
use sqlx::PgPool;
use uuid::Uuid;

use crate::common::BenchResult;
use crate::tablet::Slot;

pub struct TabletPlan {
    pub username: String,
    pub slots: Vec<Slot>,
}

const ESTABLISHMENT: &str = "LEI";

pub async fn prepare(pool: &PgPool, tablets: usize, per_tablet: usize) -> BenchResult<Vec<TabletPlan>> {
    let establishment: Uuid = sqlx::query_scalar("SELECT id FROM establishment WHERE code = $1")
        .bind(ESTABLISHMENT)
        .fetch_one(pool)
        .await?;
    // Drill staff sign in with the demo password, so they borrow a demo nurse's hash.
    sqlx::query(
        "INSERT INTO staff (username, display_name, role, password_hash)
         SELECT format('drill.nurse%s', lpad(g::text, 2, '0')), format('Drill nurse %s', g), 'nurse',
                (SELECT password_hash FROM staff WHERE username = 'nurse.lei')
         FROM generate_series(1, $1) g",
    )
    .bind(i32::try_from(tablets)?)
    .execute(pool)
    .await?;
    sqlx::query(
        "INSERT INTO staff_establishment (staff_id, establishment_id)
         SELECT id, $1 FROM staff WHERE username LIKE 'drill.nurse%'",
    )
    .bind(establishment)
    .execute(pool)
    .await?;
    let patients: Vec<Uuid> = sqlx::query_scalar(
        "SELECT patient_id FROM patient_whereabouts
         WHERE establishment_id = $1 AND status = 'in_establishment' ORDER BY patient_id",
    )
    .bind(establishment)
    .fetch_all(pool)
    .await?;
    if patients.is_empty() {
        return Err("no patients in Leeds in the demo data".into());
    }
    // An ordinary tablet medicine: no controlled-drug witness, no opioid-substitution rules.
    let product: i64 = sqlx::query_scalar(
        "SELECT code FROM medicine_product
         WHERE cd_schedule IS NULL AND NOT is_ost AND critical_class IS NULL AND dose_unit = 'tablet'
         ORDER BY code LIMIT 1",
    )
    .fetch_one(pool)
    .await?;
    let prescriber: Uuid =
        sqlx::query_scalar("SELECT id FROM staff WHERE username = 'prescriber.lei'").fetch_one(pool).await?;

    let now = Utc::now();
    let today = london_date(now);
    let yesterday = today - Duration::days(1);
    let times: Vec<NaiveTime> =
        (0..96).filter_map(|q| NaiveTime::from_hms_opt(q / 4, (q % 4) * 15, 0)).collect();
    // Yesterday's rounds, then today's whose window has opened, each round instant once (the
    // spring clock change maps two local times to one instant).
    let mut seen = HashSet::new();
    let rounds: Vec<_> = [yesterday, today]
        .into_iter()
        .flat_map(|date| times.iter().map(move |time| (date, *time)))
        .filter(|(date, time)| dose_timing(round_instant(*date, *time), now) != DoseTiming::Upcoming)
        .filter(|(date, time)| seen.insert(round_instant(*date, *time)))
        .collect();

    let mut plans = Vec::with_capacity(tablets);
    // One commit for all the prescriptions: hundreds of separate fsyncs would slow the setup.
    let mut tx = pool.begin().await?;
    for t in 0..tablets {
        let mut prescriptions = Vec::with_capacity(per_tablet);
        for p in 0..per_tablet {
            let patient = patients[(t * per_tablet + p) % patients.len()];
            let id: Uuid = sqlx::query_scalar(
                "INSERT INTO prescription (patient_id, establishment_id, product_code, dose, route, kind, round_times,
                                           supply, starts_on, indication, prescribed_by)
                 VALUES ($1, $2, $3, 1, 'oral', 'regular', $4, 'not_in_possession', $5, 'Crash-safety drill', $6)
                 RETURNING id",
            )
            .bind(patient)
            .bind(establishment)
            .bind(product)
            .bind(&times)
            .bind(yesterday)
            .bind(prescriber)
            .fetch_one(&mut *tx)
            .await?;
            prescriptions.push(id);
        }
        let slots = rounds
            .iter()
            .flat_map(|(date, time)| {
                prescriptions.iter().map(|rx| Slot { prescription_id: *rx, date: *date, time: *time })
            })
            .collect();
        plans.push(TabletPlan { username: format!("drill.nurse{:02}", t + 1), slots });
    }
    tx.commit().await?;
    Ok(plans)
}
