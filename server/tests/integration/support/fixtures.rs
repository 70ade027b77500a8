//! Small, explicit data for integration tests: two establishments, staff and patients.

use sqlx::PgPool;
use uuid::Uuid;

use app::auth::ssr::{StaffContext, hash_password};
use app::domain::Role;

pub const PASSWORD: &str = "correct horse battery staple";

pub struct World {
    pub leeds: Uuid,
    pub moorland: Uuid,
    pub leeds_nurse: StaffContext,
    pub leeds_admin: StaffContext,
    pub moorland_nurse: StaffContext,
    pub patient_at_leeds: Uuid,
    pub patient_at_moorland: Uuid,
}

pub async fn establishment(pool: &PgPool, code: &str, name: &str) -> Uuid {
    sqlx::query_scalar("INSERT INTO establishment (code, name, kind) VALUES ($1, $2, 'prison') RETURNING id")
        .bind(code)
        .bind(name)
        .fetch_one(pool)
        .await
        .expect("insert establishment")
}

pub async fn staff(pool: &PgPool, username: &str, role: Role, establishments: &[Uuid]) -> StaffContext {
    let hash = hash_password(PASSWORD).expect("hash");
    let id: Uuid = sqlx::query_scalar(
        "INSERT INTO staff (username, display_name, role, password_hash) VALUES ($1, $1, $2, $3) RETURNING id",
    )
    .bind(username)
    .bind(role.as_db())
    .bind(hash)
    .fetch_one(pool)
    .await
    .expect("insert staff");
    for e in establishments {
        sqlx::query("INSERT INTO staff_establishment (staff_id, establishment_id) VALUES ($1, $2)")
            .bind(id)
            .bind(e)
            .execute(pool)
            .await
            .expect("link staff");
    }
    StaffContext {
        staff_id: id,
        display_name: username.to_owned(),
        role,
        establishment_id: establishments[0],
    }
}

/// A patient admitted to `at` an hour ago.
pub async fn admitted_patient(pool: &PgPool, prison_number: &str, family_name: &str, at: Uuid) -> Uuid {
    let id: Uuid = sqlx::query_scalar(
        "INSERT INTO patient (prison_number, given_name, family_name, date_of_birth, sex)
         VALUES ($1, 'Test', $2, '1980-01-01', 'male') RETURNING id",
    )
    .bind(prison_number)
    .bind(family_name)
    .fetch_one(pool)
    .await
    .expect("insert patient");
    let episode: Uuid = sqlx::query_scalar(
        "INSERT INTO custody_episode (patient_id, started_at) VALUES ($1, now() - interval '1 hour') RETURNING id",
    )
    .bind(id)
    .fetch_one(pool)
    .await
    .expect("insert episode");
    movement(pool, id, episode, "ADM", "in", at, None, "1 hour").await;
    id
}

#[allow(clippy::too_many_arguments)]
pub async fn movement(
    pool: &PgPool,
    patient: Uuid,
    episode: Uuid,
    kind: &str,
    direction: &str,
    at: Uuid,
    to: Option<Uuid>,
    ago: &str,
) {
    sqlx::query(
        "INSERT INTO movement (patient_id, custody_episode_id, kind, direction, establishment_id, to_establishment_id, occurred_at)
         VALUES ($1, $2, $3, $4, $5, $6, now() - $7::interval)",
    )
    .bind(patient)
    .bind(episode)
    .bind(kind)
    .bind(direction)
    .bind(at)
    .bind(to)
    .bind(ago)
    .execute(pool)
    .await
    .expect("insert movement");
}

pub async fn current_episode(pool: &PgPool, patient: Uuid) -> Uuid {
    sqlx::query_scalar("SELECT id FROM custody_episode WHERE patient_id = $1 AND ended_at IS NULL")
        .bind(patient)
        .fetch_one(pool)
        .await
        .expect("open episode")
}

pub async fn world(pool: &PgPool) -> World {
    let leeds = establishment(pool, "LEI", "HMP Leeds").await;
    let moorland = establishment(pool, "MDI", "HMP Moorland").await;
    World {
        leeds,
        moorland,
        leeds_nurse: staff(pool, "nurse.lei", Role::Nurse, &[leeds]).await,
        leeds_admin: staff(pool, "admin.lei", Role::Administrator, &[leeds]).await,
        moorland_nurse: staff(pool, "nurse.mdi", Role::Nurse, &[moorland]).await,
        patient_at_leeds: admitted_patient(pool, "A1111AA", "Leeds", leeds).await,
        patient_at_moorland: admitted_patient(pool, "B2222BB", "Moorland", moorland).await,
    }
}

/// A dose given on `round` (`None` for a when-required dose), seen swallowed, as a tablet sends it.
pub fn dose_given(
    prescription_id: Uuid,
    round: Option<(chrono::NaiveDate, chrono::NaiveTime)>,
) -> app::rounds::DoseEntry {
    app::rounds::DoseEntry {
        prescription_id,
        round,
        outcome: app::domain::AdministrationOutcome::Given,
        reason: String::new(),
        swallow_confirmed: true,
        witness_username: String::new(),
        witness_password: String::new(),
        client_entry_id: Uuid::new_v4(),
    }
}

/// A witnessed opening receipt of `quantity` into `establishment`'s controlled drugs register,
/// recorded by the first member of staff and witnessed by the second.
pub async fn opening_stock(
    pool: &PgPool,
    establishment: Uuid,
    (recorded_by, witness): (&StaffContext, &StaffContext),
    product_code: i64,
    quantity: i32,
) {
    sqlx::query(
        "WITH r AS (INSERT INTO cd_register_entry (establishment_id, product_code, kind, quantity, balance_after, note, recorded_by, witnessed_by)
                    VALUES ($1, $2, 'receipt', $5, $5, 'Opening stock', $3, $4) RETURNING establishment_id, product_code, balance_after)
         INSERT INTO cd_stock (establishment_id, product_code, balance) SELECT * FROM r",
    )
    .bind(establishment)
    .bind(product_code)
    .bind(recorded_by.staff_id)
    .bind(witness.staff_id)
    .bind(quantity)
    .execute(pool)
    .await
    .expect("stock");
}

/// A medication round every hour at each establishment, so that a round is due whenever the test
/// runs; returns that round (its London day and time).
pub async fn hourly_rounds(pool: &PgPool, establishments: &[Uuid]) -> (chrono::NaiveDate, chrono::NaiveTime) {
    for establishment in establishments {
        sqlx::query(
            "INSERT INTO round_time (establishment_id, time_of_day, label)
             SELECT $1, make_time(h, 0, 0), 'Hour ' || h FROM generate_series(0, 23) h",
        )
        .bind(establishment)
        .execute(pool)
        .await
        .expect("round times");
    }
    let times: Vec<chrono::NaiveTime> =
        (0..24).filter_map(|h| chrono::NaiveTime::from_hms_opt(h, 0, 0)).collect();
    app::domain::round_schedule::current_round(&times, chrono::Utc::now()).expect("a round")
}

/// A regular sertraline 50 mg, one tablet at `round_time`, from today, for `patient`.
pub async fn sertraline_due(
    pool: &PgPool,
    prescriber: &StaffContext,
    patient: Uuid,
    round_time: chrono::NaiveTime,
) -> Uuid {
    let code: i64 =
        sqlx::query_scalar("SELECT code FROM medicine_product WHERE name = 'Sertraline 50mg tablets'")
            .fetch_one(pool)
            .await
            .expect("sertraline in the catalogue");
    let request = app::medicines::PrescriptionRequest {
        product_code: Some(code),
        kind: Some(app::domain::prescribing::PrescriptionKind::Regular),
        supply: Some(app::domain::prescribing::Supply::NotInPossession),
        dose: "1".into(),
        round_times: vec![round_time],
        starts_on: Some(app::domain::round_schedule::london_date(chrono::Utc::now())),
        indication: "Depression".into(),
        ..Default::default()
    };
    app::medicines::ssr::prescribe(pool, prescriber, patient, &request).await.expect("prescribe")
}

/// A second-stage health assessment with every required answer, as a nurse would complete it.
pub fn complete_second_stage() -> app::domain::second_stage::SecondStageAssessment {
    app::domain::second_stage::SecondStageAssessment {
        blood_pressure: "132/84".into(),
        pulse: "76".into(),
        weight_kg: "70".into(),
        height_cm: "175".into(),
        examination: "No abnormality found".into(),
        long_term_conditions: "none".into(),
        substance_misuse: "Cannabis; no withdrawal seen".into(),
        smoking: "smoker".into(),
        mental_health: "Mood improving".into(),
        bbv_testing: "accepted".into(),
        immunisations: "offered".into(),
        dental: "urgent".into(),
        optical: "none".into(),
        social_care: "none".into(),
        plan: "Dental referral; BBV results in 2 weeks".into(),
        ..Default::default()
    }
}
