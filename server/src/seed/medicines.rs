//! Demo medicines: each establishment's never-in-possession list and controlled-drug stock,
//! prescriptions for a realistic share of patients, and the last week of rounds. Set-based
//! SQL over the seeded patients, deterministic by prison number.

use chrono::{DateTime, Utc};
use sqlx::{Postgres, Transaction};

use super::SeedError;

/// Regimens given to a share of patients (`percent`), chosen by a hash of the prison number and
/// the regimen so that patients get different combinations. Times are the demo round times.
const REGIMENS: &str = r#"
    (1, 'Methadone 1mg/ml oral solution sugar free', 60, 'regular', '{08:00}', 'supervised', NULL, NULL, 'Opioid dependence', 12),
    (2, 'Sertraline 50mg tablets', 1, 'regular', '{08:00}', 'not_in_possession', NULL, NULL, 'Depression', 15),
    (3, 'Omeprazole 20mg gastro-resistant capsules', 1, 'regular', '{08:00}', 'in_possession', NULL, NULL, 'Dyspepsia', 12),
    (4, 'Mirtazapine 15mg tablets', 1, 'regular', '{20:00}', 'not_in_possession', NULL, NULL, 'Depression and poor sleep', 10),
    (5, 'Paracetamol 500mg tablets', 2, 'regular', '{08:00,12:00,17:00,20:00}', 'not_in_possession', NULL, NULL, 'Back pain', 8),
    (6, 'Metformin 500mg tablets', 1, 'regular', '{08:00,17:00}', 'not_in_possession', NULL, NULL, 'Type 2 diabetes', 5),
    (7, 'Levetiracetam 500mg tablets', 1, 'regular', '{08:00,20:00}', 'not_in_possession', NULL, NULL, 'Epilepsy', 4),
    (8, 'Olanzapine 10mg tablets', 1, 'regular', '{20:00}', 'supervised', NULL, NULL, 'Schizophrenia', 4),
    (9, 'Ibuprofen 400mg tablets', 1, 'prn', '{}', 'not_in_possession', 480, 3, 'Musculoskeletal pain', 10),
    (10, 'Salbutamol 100micrograms/dose inhaler CFC free', 2, 'prn', '{}', 'in_possession', 240, 4, 'Asthma', 8),
    (11, 'Thiamine 100mg tablets', 1, 'regular', '{08:00,12:00,17:00}', 'not_in_possession', NULL, NULL, 'Alcohol misuse', 6),
    (12, 'Amlodipine 5mg tablets', 1, 'regular', '{08:00}', 'in_possession', NULL, NULL, 'Hypertension', 6)
"#;

pub async fn insert_medicines(
    tx: &mut Transaction<'_, Postgres>,
    now: DateTime<Utc>,
) -> Result<(), SeedError> {
    sqlx::query(
        "INSERT INTO never_in_possession (establishment_id, product_code, reason, added_by, added_at)
         SELECT e.id, m.code,
                CASE WHEN m.cd_schedule IS NOT NULL THEN 'Controlled drug: diversion risk' ELSE 'Tricyclic: toxic in overdose' END,
                s.id, $1::timestamptz - interval '90 days'
         FROM establishment e
         JOIN staff s ON s.username = 'pharmacist.' || lower(e.code)
         CROSS JOIN medicine_product m
         WHERE m.cd_schedule IN (2, 3, 4) OR m.name ~* '^(amitriptyline|nortriptyline|dosulepin)'",
    )
    .bind(now)
    .execute(&mut **tx)
    .await?;

    // The e2e and demo round: the first ten patients by cell on Leeds A wing landing 2 take
    // paracetamol at every round; the first also has tramadol (a controlled drug, witnessed) and
    // the second ibuprofen when required.
    let fixed = format!(
        "WITH regimen (id, product, dose, kind, times, supply, prn_interval, prn_max, indication, percent) AS (VALUES {REGIMENS}),
         eligible AS (
             SELECT p.id AS patient_id, p.prison_number, w.establishment_id, w.since
             FROM patient p JOIN patient_whereabouts w ON w.patient_id = p.id
             JOIN location l ON l.id = w.location_id
             JOIN establishment e ON e.id = w.establishment_id
             WHERE w.status = 'in_establishment' AND p.prison_number !~ '^A100[0-9]AA$'
               AND NOT (e.code = 'LEI' AND l.code LIKE 'A-2-%')
         ),
         chosen AS (
             SELECT el.*, r.* FROM eligible el CROSS JOIN regimen r
             WHERE abs(hashtext(el.prison_number || r.id::text)) % 100 < r.percent
         ),
         round_landing AS (
             SELECT p.id AS patient_id, w.establishment_id, w.since, row_number() OVER (ORDER BY l.code) AS n
             FROM patient p JOIN patient_whereabouts w ON w.patient_id = p.id
             JOIN location l ON l.id = w.location_id JOIN establishment e ON e.id = w.establishment_id
             WHERE w.status = 'in_establishment' AND e.code = 'LEI' AND l.code LIKE 'A-2-%'
         ),
         landing_rx (patient_id, establishment_id, since, product, dose, kind, times, supply, prn_interval, prn_max, indication) AS (
             SELECT patient_id, establishment_id, since, 'Paracetamol 500mg tablets', 2, 'regular', '{{08:00,12:00,17:00,20:00}}', 'not_in_possession', NULL::int, NULL::int, 'Dental pain'
             FROM round_landing WHERE n <= 10
             UNION ALL
             SELECT patient_id, establishment_id, since, 'Tramadol 50mg capsules', 1, 'regular', '{{08:00,12:00,17:00,20:00}}', 'not_in_possession', NULL, NULL, 'Post-operative pain'
             FROM round_landing WHERE n = 1
             UNION ALL
             SELECT patient_id, establishment_id, since, 'Ibuprofen 400mg tablets', 1, 'prn', '{{}}', 'not_in_possession', 480, 3, 'Musculoskeletal pain'
             FROM round_landing WHERE n = 2
         ),
         fixed_rx (prison_number, product, dose, kind, times, supply, prn_interval, prn_max, indication, days_ago) AS (VALUES
             ('A1001AA', 'Methadone 1mg/ml oral solution sugar free', 70, 'regular', '{{08:00}}', 'supervised', NULL::int, NULL::int, 'Opioid dependence', 20),
             ('A1002AA', 'Insulin glargine 100units/ml solution for injection 3ml pre-filled disposable devices', 24, 'regular', '{{20:00}}', 'supervised', NULL, NULL, 'Type 1 diabetes', 60),
             ('A1002AA', 'Paracetamol 500mg tablets', 2, 'prn', '{{}}', 'not_in_possession', 240, 4, 'Pain', 10),
             ('A1004AA', 'Paracetamol 500mg tablets', 2, 'regular', '{{08:00,12:00,17:00,20:00}}', 'not_in_possession', NULL, NULL, 'Toothache', 3),
             ('A1005AA', 'Sertraline 50mg tablets', 1, 'regular', '{{08:00,12:00,17:00,20:00}}', 'not_in_possession', NULL, NULL, 'Anxiety', 3),
             ('A1006AA', 'Levetiracetam 500mg tablets', 1, 'regular', '{{08:00,20:00}}', 'not_in_possession', NULL, NULL, 'Epilepsy', 90),
             ('A1006AA', 'Omeprazole 20mg gastro-resistant capsules', 1, 'regular', '{{08:00}}', 'in_possession', NULL, NULL, 'Dyspepsia', 30),
             ('A1007AA', 'Sodium valproate 500mg gastro-resistant tablets', 1, 'regular', '{{08:00,20:00}}', 'not_in_possession', NULL, NULL, 'Epilepsy', 120),
             ('A1007AA', 'Olanzapine 10mg tablets', 1, 'regular', '{{20:00}}', 'not_in_possession', NULL, NULL, 'Psychosis', 60),
             ('A1008AA', 'Methadone 1mg/ml oral solution sugar free', 40, 'regular', '{{08:00}}', 'supervised', NULL, NULL, 'Opioid dependence', 40),
             ('A1008AA', 'Sertraline 50mg tablets', 1, 'regular', '{{08:00}}', 'not_in_possession', NULL, NULL, 'Depression', 40)
         ),
         all_rx AS (
             SELECT patient_id, establishment_id, greatest(since, $1::timestamptz - interval '40 days') AS prescribed_at,
                    product, dose, kind, times, supply, prn_interval, prn_max, indication FROM chosen
             UNION ALL
             SELECT patient_id, establishment_id, greatest(since, $1::timestamptz - interval '10 days'),
                    product, dose, kind, times, supply, prn_interval, prn_max, indication FROM landing_rx
             UNION ALL
             SELECT p.id, w.establishment_id, $1::timestamptz - make_interval(days => f.days_ago),
                    f.product, f.dose, f.kind, f.times, f.supply, f.prn_interval, f.prn_max, f.indication
             FROM fixed_rx f JOIN patient p ON p.prison_number = f.prison_number
             JOIN patient_whereabouts w ON w.patient_id = p.id
         )
         INSERT INTO prescription (patient_id, establishment_id, product_code, dose, route, kind, round_times, supply,
                                   prn_min_interval_minutes, prn_max_per_24h, starts_on, indication, prescribed_by, prescribed_at)
         SELECT r.patient_id, r.establishment_id, m.code, r.dose, m.route, r.kind, r.times::time[], r.supply,
                r.prn_interval, r.prn_max, (r.prescribed_at AT TIME ZONE 'Europe/London')::date, r.indication, s.id, r.prescribed_at
         FROM all_rx r
         JOIN medicine_product m ON m.name = r.product
         JOIN establishment e ON e.id = r.establishment_id
         JOIN staff s ON s.username = 'prescriber.' || lower(e.code)"
    );
    sqlx::query(&fixed).bind(now).execute(&mut **tx).await?;

    // The last week of rounds before the current one: nearly every dose given, a few refused. Mr Whitaker's
    // methadone stopped four days ago, so his next dose needs a prescriber's review.
    sqlx::query(
        "INSERT INTO administration (prescription_id, patient_id, establishment_id, scheduled_for, outcome, reason, dose,
                                     swallow_confirmed, witnessed_by, recorded_by, recorded_at)
         SELECT rx.id, rx.patient_id, rx.establishment_id, due,
                CASE WHEN abs(hashtext(rx.id::text || due::text)) % 40 = 0 THEN 'refused'
                     WHEN rx.supply = 'in_possession' THEN 'self_administered' ELSE 'given' END,
                CASE WHEN abs(hashtext(rx.id::text || due::text)) % 40 = 0 THEN 'Declined at the hatch' END,
                rx.dose, rx.supply = 'supervised',
                CASE WHEN m.cd_schedule IN (2, 3) THEN mg.id END, nurse.id,
                due + make_interval(mins => abs(hashtext(rx.id::text || due::text)) % 25)
         FROM prescription rx
         JOIN medicine_product m ON m.code = rx.product_code
         JOIN patient pt ON pt.id = rx.patient_id
         JOIN establishment e ON e.id = rx.establishment_id
         JOIN staff nurse ON nurse.username = 'nurse.' || lower(e.code)
         JOIN staff mg ON mg.username = 'manager.' || lower(e.code)
         CROSS JOIN LATERAL generate_series(1, 7) AS d(days_back)
         CROSS JOIN LATERAL unnest(rx.round_times) AS t(round_time)
         CROSS JOIN LATERAL (SELECT ((($1::timestamptz AT TIME ZONE 'Europe/London')::date - d.days_back) + t.round_time)
                                    AT TIME ZONE 'Europe/London' AS due) AS slot
         WHERE rx.kind = 'regular' AND due >= rx.prescribed_at AND pt.prison_number <> 'A1001AA'
           -- The round happening now (at most twelve hours back) is left for the nurse to do.
           AND due < $1::timestamptz - interval '12 hours'",
    )
    .bind(now)
    .execute(&mut **tx)
    .await?;
    sqlx::query(
        "INSERT INTO administration (prescription_id, patient_id, establishment_id, scheduled_for, outcome, dose,
                                     swallow_confirmed, witnessed_by, recorded_by, recorded_at)
         SELECT rx.id, rx.patient_id, rx.establishment_id, due, 'given', rx.dose, true, mg.id, nurse.id, due + interval '6 minutes'
         FROM prescription rx
         JOIN patient pt ON pt.id = rx.patient_id AND pt.prison_number = 'A1001AA'
         JOIN establishment e ON e.id = rx.establishment_id
         JOIN staff nurse ON nurse.username = 'nurse.' || lower(e.code)
         JOIN staff mg ON mg.username = 'manager.' || lower(e.code)
         CROSS JOIN LATERAL generate_series(4, 8) AS d(days_back)
         CROSS JOIN LATERAL (SELECT ((($1::timestamptz AT TIME ZONE 'Europe/London')::date - d.days_back) + time '08:00')
                                    AT TIME ZONE 'Europe/London' AS due) AS slot",
    )
    .bind(now)
    .execute(&mut **tx)
    .await?;

    // Controlled-drug stock: an opening receipt before the first seeded dose, enough for every
    // dose since and a working reserve, then each witnessed dose taken from it in order, so the
    // register balances.
    sqlx::query(
        "INSERT INTO cd_register_entry (establishment_id, product_code, kind, quantity, balance_after, note, recorded_by, witnessed_by, recorded_at)
         SELECT e.id, m.code, 'receipt', o.opening, o.opening, 'Opening stock', ph.id, mg.id, $1::timestamptz - interval '9 days'
         FROM establishment e
         JOIN staff ph ON ph.username = 'pharmacist.' || lower(e.code)
         JOIN staff mg ON mg.username = 'manager.' || lower(e.code)
         CROSS JOIN medicine_product m
         CROSS JOIN LATERAL (
             SELECT CASE WHEN m.dose_unit = 'ml' THEN 5000 ELSE 300 END
                    + coalesce((SELECT sum(a.dose) FROM administration a JOIN prescription rx ON rx.id = a.prescription_id
                                WHERE a.establishment_id = e.id AND rx.product_code = m.code
                                  AND a.witnessed_by IS NOT NULL AND a.outcome = 'given'), 0) AS opening
         ) o
         WHERE m.cd_schedule IN (2, 3)",
    )
    .bind(now)
    .execute(&mut **tx)
    .await?;
    sqlx::query(
        "INSERT INTO cd_register_entry (establishment_id, product_code, kind, quantity, balance_after, administration_id,
                                        patient_id, recorded_by, witnessed_by, recorded_at)
         SELECT a.establishment_id, rx.product_code, 'administration', -a.dose,
                opening.quantity - sum(a.dose) OVER (PARTITION BY a.establishment_id, rx.product_code ORDER BY a.recorded_at, a.id),
                a.id, a.patient_id, a.recorded_by, a.witnessed_by, a.recorded_at
         FROM administration a
         JOIN prescription rx ON rx.id = a.prescription_id
         JOIN cd_register_entry opening ON opening.kind = 'receipt' AND opening.establishment_id = a.establishment_id
                                       AND opening.product_code = rx.product_code
         WHERE a.witnessed_by IS NOT NULL AND a.outcome = 'given'",
    )
    .execute(&mut **tx)
    .await?;
    sqlx::query(
        "INSERT INTO cd_stock (establishment_id, product_code, balance, updated_at)
         SELECT DISTINCT ON (establishment_id, product_code) establishment_id, product_code, balance_after, recorded_at
         FROM cd_register_entry ORDER BY establishment_id, product_code, recorded_at DESC, balance_after",
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}
