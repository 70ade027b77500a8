//! Demo data: a deterministic, realistic data set for trying Throughcare and for the
//! end-to-end tests. Demo passwords exist only here.

mod appointments;
mod medicines;
pub mod names;
mod plan;
mod transfers;

use chrono::{DateTime, Utc};
use sqlx::{PgPool, Postgres, Transaction};
use uuid::Uuid;

use app::auth::ssr::hash_password;
use plan::DemoPlan;

/// Every demo account shares this password; it is printed when the demo starts.
pub const DEMO_PASSWORD: &str = "throughcare-demo";
pub const DEMO_SEED: u64 = 20_261_127;

#[derive(Debug, thiserror::Error)]
pub enum SeedError {
    #[error("database error while seeding: {0}")]
    Database(#[from] sqlx::Error),
    #[error("could not hash the demo password")]
    Hash,
    #[error("could not assemble a demo handover pack")]
    Handover,
}

pub struct SeedSummary {
    pub establishments: usize,
    pub staff: Vec<(String, String, String)>,
    pub patients: usize,
    pub movements: usize,
}

/// Seeds the demo data set unless the database already holds establishments.
pub async fn seed_demo_if_empty(pool: &PgPool) -> Result<Option<SeedSummary>, SeedError> {
    let existing: i64 =
        sqlx::query_scalar!(r#"SELECT count(*) AS "n!" FROM establishment"#).fetch_one(pool).await?;
    if existing > 0 {
        return Ok(None);
    }
    seed_demo(pool, DEMO_SEED, Utc::now()).await.map(Some)
}

pub async fn seed_demo(pool: &PgPool, seed: u64, now: DateTime<Utc>) -> Result<SeedSummary, SeedError> {
    let plan = plan::build(seed, now);
    let password_hash = hash_password(DEMO_PASSWORD).map_err(|_| SeedError::Hash)?;
    let mut tx = pool.begin().await?;
    tracing::info!(establishments = plan.establishments.len(), "seeding establishments and locations");
    insert_establishments(&mut tx, &plan).await?;
    tracing::info!(staff = plan.staff.len(), "seeding staff");
    insert_staff(&mut tx, &plan, &password_hash).await?;
    tracing::info!(patients = plan.patients.len(), "seeding patients and custody histories");
    let movements = insert_patients(&mut tx, &plan).await?;
    tracing::info!(movements, "seeding allergies and alerts");
    insert_allergies_and_alerts(&mut tx, &plan).await?;
    insert_notes(&mut tx, &plan).await?;
    insert_screenings(&mut tx).await?;
    tracing::info!("seeding medicines and the last week of rounds");
    medicines::insert_medicines(&mut tx, now).await?;
    tracing::info!("seeding clinics and appointments");
    appointments::insert_appointments(&mut tx, now).await?;
    tx.commit().await?;
    // The handover is assembled from the committed record, as the application does it.
    transfers::insert_transfers(pool).await?;
    tracing::info!("demo data seeded");
    Ok(SeedSummary {
        establishments: plan.establishments.len(),
        staff: plan
            .staff
            .iter()
            .map(|s| {
                let places: Vec<&str> =
                    s.establishments.iter().map(|i| plan.establishments[*i].code).collect();
                (s.username.clone(), s.role.to_owned(), places.join(", "))
            })
            .collect(),
        patients: plan.patients.len(),
        movements,
    })
}

async fn insert_establishments(tx: &mut Transaction<'_, Postgres>, plan: &DemoPlan) -> Result<(), SeedError> {
    for e in &plan.establishments {
        sqlx::query!(
            "INSERT INTO establishment (id, code, name, kind) VALUES ($1, $2, $3, 'prison')",
            e.id,
            e.code,
            e.name
        )
        .execute(&mut **tx)
        .await?;
        sqlx::query!(
            "INSERT INTO round_time (establishment_id, time_of_day, label)
             VALUES ($1, '08:00', 'Morning'), ($1, '12:00', 'Lunchtime'), ($1, '17:00', 'Teatime'), ($1, '20:00', 'Night san')",
            e.id
        )
        .execute(&mut **tx)
        .await?;
        for (kind, code, description) in [
            ("reception", "RECP", "Reception"),
            ("healthcare_unit", "HCC", "Healthcare unit"),
            ("segregation", "CSU", "Care and separation unit"),
        ] {
            sqlx::query!(
                "INSERT INTO location (establishment_id, kind, code, description) VALUES ($1, $2, $3, $4)",
                e.id,
                kind,
                code,
                description
            )
            .execute(&mut **tx)
            .await?;
        }
        for (kind, list) in [("wing", &e.wings), ("landing", &e.landings), ("cell", &e.cells)] {
            let ids: Vec<Uuid> = list.iter().map(|l| l.id).collect();
            let parents: Vec<Option<Uuid>> = list.iter().map(|l| l.parent_id).collect();
            let codes: Vec<String> = list.iter().map(|l| l.code.clone()).collect();
            let descriptions: Vec<String> = list.iter().map(|l| l.description.clone()).collect();
            sqlx::query!(
                "INSERT INTO location (id, establishment_id, parent_id, kind, code, description)
                 SELECT id, $2, parent_id, $3, code, description
                 FROM UNNEST($1::uuid[], $4::uuid[], $5::text[], $6::text[]) AS t(id, parent_id, code, description)",
                &ids,
                e.id,
                kind,
                &parents as &[Option<Uuid>],
                &codes,
                &descriptions,
            )
            .execute(&mut **tx)
            .await?;
        }
    }
    Ok(())
}

async fn insert_staff(
    tx: &mut Transaction<'_, Postgres>,
    plan: &DemoPlan,
    password_hash: &str,
) -> Result<(), SeedError> {
    for s in &plan.staff {
        sqlx::query!(
            "INSERT INTO staff (id, username, display_name, role, password_hash) VALUES ($1, $2, $3, $4, $5)",
            s.id,
            s.username,
            s.display_name,
            s.role,
            password_hash
        )
        .execute(&mut **tx)
        .await?;
        for i in &s.establishments {
            sqlx::query!(
                "INSERT INTO staff_establishment (staff_id, establishment_id) VALUES ($1, $2)",
                s.id,
                plan.establishments[*i].id
            )
            .execute(&mut **tx)
            .await?;
        }
    }
    Ok(())
}

async fn insert_patients(tx: &mut Transaction<'_, Postgres>, plan: &DemoPlan) -> Result<usize, SeedError> {
    let est_id = |i: usize| plan.establishments[i].id;
    let first_nurse = plan.staff.iter().find(|s| s.role == "nurse").map(|s| s.id);
    let p = &plan.patients;
    sqlx::query!(
        "INSERT INTO patient (id, prison_number, nhs_number, given_name, family_name, date_of_birth, sex, no_known_allergies_at, no_known_allergies_by)
         SELECT id, prison_number, nhs_number, given_name, family_name, date_of_birth, 'male',
                CASE WHEN nka THEN now() END, CASE WHEN nka THEN $8::uuid END
         FROM UNNEST($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::date[], $7::bool[])
              AS t(id, prison_number, nhs_number, given_name, family_name, date_of_birth, nka)",
        &p.iter().map(|x| x.id).collect::<Vec<_>>(),
        &p.iter().map(|x| x.prison_number.clone()).collect::<Vec<_>>(),
        &p.iter().map(|x| x.nhs_number.clone()).collect::<Vec<_>>() as &[Option<String>],
        &p.iter().map(|x| x.given_name.clone()).collect::<Vec<_>>(),
        &p.iter().map(|x| x.family_name.clone()).collect::<Vec<_>>(),
        (&p.iter().map(|x| x.date_of_birth).collect::<Vec<_>>()) as _,
        &p.iter().map(|x| x.no_known_allergies).collect::<Vec<_>>(),
        first_nurse,
    )
    .execute(&mut **tx)
    .await?;

    let episodes: Vec<(Uuid, &plan::EpisodePlan)> =
        p.iter().flat_map(|x| x.episodes.iter().map(move |e| (x.id, e))).collect();
    sqlx::query!(
        "INSERT INTO custody_episode (id, patient_id, started_at, ended_at)
         SELECT * FROM UNNEST($1::uuid[], $2::uuid[], $3::timestamptz[], $4::timestamptz[])",
        &episodes.iter().map(|(_, e)| e.id).collect::<Vec<_>>(),
        &episodes.iter().map(|(pid, _)| *pid).collect::<Vec<_>>(),
        (&episodes.iter().map(|(_, e)| e.started_at).collect::<Vec<_>>()) as _,
        (&episodes.iter().map(|(_, e)| e.ended_at).collect::<Vec<_>>()) as _,
    )
    .execute(&mut **tx)
    .await?;

    let moves: Vec<(Uuid, Uuid, &plan::MovementPlan)> =
        episodes.iter().flat_map(|(pid, e)| e.movements.iter().map(move |m| (*pid, e.id, m))).collect();
    sqlx::query!(
        "INSERT INTO movement (id, patient_id, custody_episode_id, kind, direction, establishment_id, to_establishment_id, location_id, occurred_at)
         SELECT * FROM UNNEST($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::uuid[], $7::uuid[], $8::uuid[], $9::timestamptz[])",
        &moves.iter().map(|(_, _, m)| m.id).collect::<Vec<_>>(),
        &moves.iter().map(|(pid, _, _)| *pid).collect::<Vec<_>>(),
        &moves.iter().map(|(_, eid, _)| *eid).collect::<Vec<_>>(),
        &moves.iter().map(|(_, _, m)| m.kind.to_owned()).collect::<Vec<_>>(),
        &moves.iter().map(|(_, _, m)| m.direction.to_owned()).collect::<Vec<_>>(),
        &moves.iter().map(|(_, _, m)| est_id(m.establishment)).collect::<Vec<_>>(),
        &moves.iter().map(|(_, _, m)| m.to_establishment.map(est_id)).collect::<Vec<_>>() as &[Option<Uuid>],
        &moves.iter().map(|(_, _, m)| m.cell).collect::<Vec<_>>() as &[Option<Uuid>],
        (&moves.iter().map(|(_, _, m)| m.occurred_at).collect::<Vec<_>>()) as _,
    )
    .execute(&mut **tx)
    .await?;
    Ok(moves.len())
}

async fn insert_allergies_and_alerts(
    tx: &mut Transaction<'_, Postgres>,
    plan: &DemoPlan,
) -> Result<(), SeedError> {
    // Entries are attributed to the nurse of the establishment where they were made.
    let nurse_at = |est: usize| {
        let code = plan.establishments[est].code.to_lowercase();
        plan.staff.iter().find(|s| s.username == format!("nurse.{code}")).map(|s| s.id).unwrap_or_default()
    };
    let home = |p: &plan::PatientPlan| {
        p.episodes.last().and_then(|e| e.movements.first()).map(|m| m.establishment).unwrap_or(0)
    };
    let mut a_patient = Vec::new();
    let mut a_substance = Vec::new();
    let mut a_reaction = Vec::new();
    let mut a_severity = Vec::new();
    let mut a_est = Vec::new();
    let mut a_by = Vec::new();
    let mut a_at = Vec::new();
    for p in &plan.patients {
        let arrived =
            p.episodes.last().map(|e| e.started_at + chrono::Duration::hours(1)).unwrap_or_default();
        for (substance, reaction, severity) in &p.allergies {
            a_at.push(arrived.min(Utc::now()));
            a_patient.push(p.id);
            a_substance.push(substance.to_string());
            a_reaction.push(reaction.to_string());
            a_severity.push(severity.to_string());
            a_est.push(plan.establishments[home(p)].id);
            a_by.push(nurse_at(home(p)));
        }
    }
    sqlx::query!(
        "INSERT INTO allergy (patient_id, substance, reaction, severity, establishment_id, recorded_by, recorded_at)
         SELECT * FROM UNNEST($1::uuid[], $2::text[], $3::text[], $4::text[], $5::uuid[], $6::uuid[], $7::timestamptz[])",
        &a_patient,
        &a_substance,
        &a_reaction,
        &a_severity,
        &a_est,
        &a_by,
        (&a_at) as _,
    )
    .execute(&mut **tx)
    .await?;

    let alerts: Vec<(Uuid, &plan::AlertPlan)> =
        plan.patients.iter().flat_map(|p| p.alerts.iter().map(move |a| (p.id, a))).collect();
    let closers: Vec<Option<Uuid>> =
        alerts.iter().map(|(_, a)| a.ends_at.map(|_| nurse_at(a.establishment))).collect();
    sqlx::query!(
        "INSERT INTO alert (patient_id, alert_type, starts_at, ends_at, note, establishment_id, raised_by, raised_at, closed_by, closed_reason)
         SELECT patient_id, alert_type, starts_at, ends_at, note, establishment_id, raised_by, starts_at, closed_by,
                CASE WHEN closed_by IS NOT NULL THEN 'Reviewed and closed' END
         FROM UNNEST($1::uuid[], $2::text[], $3::timestamptz[], $4::timestamptz[], $5::text[], $6::uuid[], $7::uuid[], $8::uuid[])
              AS t(patient_id, alert_type, starts_at, ends_at, note, establishment_id, raised_by, closed_by)",
        &alerts.iter().map(|(p, _)| *p).collect::<Vec<_>>(),
        &alerts.iter().map(|(_, a)| a.code.to_owned()).collect::<Vec<_>>(),
        (&alerts.iter().map(|(_, a)| a.starts_at).collect::<Vec<_>>()) as _,
        (&alerts.iter().map(|(_, a)| a.ends_at).collect::<Vec<_>>()) as _,
        &alerts.iter().map(|(_, a)| a.note.to_owned()).collect::<Vec<_>>(),
        &alerts.iter().map(|(_, a)| plan.establishments[a.establishment].id).collect::<Vec<_>>(),
        &alerts.iter().map(|(_, a)| nurse_at(a.establishment)).collect::<Vec<_>>(),
        &closers as &[Option<Uuid>],
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}

async fn insert_notes(tx: &mut Transaction<'_, Postgres>, plan: &DemoPlan) -> Result<(), SeedError> {
    let author = |est: usize, role: &str| {
        let code = plan.establishments[est].code.to_lowercase();
        let prefix = match role {
            "healthcare_assistant" => "hca",
            "healthcare_manager" => "manager",
            other => other,
        };
        plan.staff.iter().find(|s| s.username == format!("{prefix}.{code}")).map(|s| s.id).unwrap_or_default()
    };
    let notes: Vec<(Uuid, &plan::NotePlan)> =
        plan.patients.iter().flat_map(|p| p.notes.iter().map(move |n| (p.id, n))).collect();
    sqlx::query!(
        "INSERT INTO timeline_entry (patient_id, kind, occurred_at, establishment_id, custody_episode_id, author_id, author_role, summary, body)
         SELECT patient_id, 'note', occurred_at, establishment_id, episode_id, author_id, author_role, body, body
         FROM UNNEST($1::uuid[], $2::timestamptz[], $3::uuid[], $4::uuid[], $5::uuid[], $6::text[], $7::text[])
              AS t(patient_id, occurred_at, establishment_id, episode_id, author_id, author_role, body)",
        &notes.iter().map(|(p, _)| *p).collect::<Vec<_>>(),
        (&notes.iter().map(|(_, n)| n.at).collect::<Vec<_>>()) as _,
        &notes.iter().map(|(_, n)| plan.establishments[n.establishment].id).collect::<Vec<_>>(),
        &notes.iter().map(|(_, n)| n.episode).collect::<Vec<_>>(),
        &notes.iter().map(|(_, n)| author(n.establishment, n.role)).collect::<Vec<_>>(),
        &notes.iter().map(|(_, n)| n.role.to_owned()).collect::<Vec<_>>(),
        &notes.iter().map(|(_, n)| n.text.clone()).collect::<Vec<_>>(),
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Everyone in custody for more than a day has had their first-stage screen, and those in for more
/// than five days their second-stage assessment, so the worklist shows what a real one would.
async fn insert_screenings(tx: &mut Transaction<'_, Postgres>) -> Result<(), SeedError> {
    for (stage, after) in [("first", "1 day"), ("second", "5 days")] {
        sqlx::query!(
            r#"INSERT INTO screening (patient_id, custody_episode_id, stage, establishment_id, completed_by, completed_at, answers, second_stage_due_at)
               SELECT w.patient_id, w.custody_episode_id, $1, w.establishment_id,
                      (SELECT se.staff_id FROM staff_establishment se JOIN staff s ON s.id = se.staff_id
                       WHERE se.establishment_id = w.establishment_id AND s.role = 'nurse' ORDER BY s.username LIMIT 1),
                      a.arrived_at + CASE WHEN $1 = 'first' THEN interval '2 hours' ELSE interval '4 days' END,
                      '{"seeded": true}'::jsonb,
                      CASE WHEN $1 = 'first' THEN a.arrived_at + interval '2 hours' + interval '7 days' END
               FROM patient_whereabouts w
               -- Screened at reception into the establishment they are at now.
               CROSS JOIN LATERAL (SELECT max(m.occurred_at) AS arrived_at FROM movement m
                                   WHERE m.patient_id = w.patient_id AND m.establishment_id = w.establishment_id
                                     AND m.direction = 'in' AND m.kind IN ('ADM', 'TRN')) a
               WHERE w.status IN ('in_establishment', 'at_court', 'temporary_absence', 'in_transit')
                 AND a.arrived_at < now() - $2::text::interval"#,
            stage,
            after,
        )
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}
