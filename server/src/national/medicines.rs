//! The medicines phases of the national load: round times and controlled-drug stock, a
//! 300-patient wing, prescriptions for people in custody, and their administrations on the
//! rounds of the last months (20 million at national scale) with their timeline entries.
//!
//! Everything is set-based SQL over the rows already loaded, deterministic from the seed and the
//! day of the load (rounds are counted back from it): ids and choices come from md5/hashtext of
//! the seed and the ids they belong to. Triggers are off
//! during the load (`session_replication_role = replica`), so each phase writes the rows the
//! triggers would have written (timeline entries) itself, in the same shape; for administrations,
//! only those of the last [`TIMELINE_DAYS`] days (see there), and a day summary for every day.

use chrono::{Duration, NaiveDate, Utc};
use sqlx::{PgConnection, Row};
use uuid::Uuid;

use super::Scale;

/// The establishment with the 300-patient wing: the first national establishment.
pub const BIG_WING_ESTABLISHMENT: &str = "QAA";
/// The wing code of the 300-patient wing, beside wings A–F; every patient on it has a regular dose
/// at 08:00.
pub const BIG_WING: &str = "G";
const BIG_WING_LANDINGS: usize = 5;

/// The rounds of the last days are left unrecorded (yesterday's and today's), so the tablets,
/// the round screens and the benchmarks have doses to record whenever they run after a load.
pub const UNRECORDED_DAYS: i64 = 2;

/// Administrations reach the timeline for the last 30 days (and all of the big-record patient's
/// reach it): an entry for each of the 20 million would add another ~5 GB to the national database
/// (~19 GB in all) on a disk the debug builds share. The administrations themselves go back
/// further.
pub const TIMELINE_DAYS: i64 = 30;

/// National establishments are the ones coded from QAA upwards (clear of the demo codes).
const NATIONAL: &str = "e.code >= 'QAA'";

/// A pseudo-random fraction in [0, 1) from an md5 hex digest `h`, taken at hex offset `from` (1-based).
fn fraction(h: &str, from: usize) -> String {
    format!("((('x' || substr({h}, {from}, 8))::bit(32)::int & 2147483647)::float8 / 2147483648.0)")
}

/// A pseudo-random non-negative integer from an md5 hex digest `h`, taken at hex offset `from`.
fn number(h: &str, from: usize) -> String {
    format!("(('x' || substr({h}, {from}, 8))::bit(32)::int & 2147483647)")
}

/// A uuid whose first 48 bits are the epoch second of `at`, the rest from the digest `h`: rows
/// written in time order then land at the right-hand end of the primary key index.
fn time_ordered_id(at: &str, h: &str, from: usize) -> String {
    format!("(lpad(to_hex(extract(epoch FROM {at})::bigint), 12, '0') || substr({h}, {from}, 20))::uuid")
}

pub async fn round_times_and_cd_stock(conn: &mut PgConnection) -> Result<u64, sqlx::Error> {
    let mut rows = sqlx::query(&format!(
        "INSERT INTO round_time (establishment_id, time_of_day, label)
         SELECT e.id, t.at, t.label FROM establishment e
         CROSS JOIN (VALUES (time '08:00', 'Morning'), (time '12:00', 'Lunchtime'), (time '17:00', 'Teatime'), (time '20:00', 'Night san')) t(at, label)
         WHERE {NATIONAL}
         ON CONFLICT DO NOTHING"
    ))
    .execute(&mut *conn)
    .await?
    .rows_affected();
    // Schedule 2 and 3 stock with a generous opening balance (one receipt each), so doses can be
    // recorded against the register; the historic doses below do not draw on it.
    rows += sqlx::query(&format!(
        "WITH staff_at AS (
             SELECT se.establishment_id,
                    (array_agg(s.id ORDER BY s.role <> 'pharmacist', s.username))[1] AS pharmacist,
                    (array_agg(s.id ORDER BY s.role <> 'nurse', s.username))[1] AS nurse
             FROM staff_establishment se JOIN staff s ON s.id = se.staff_id GROUP BY se.establishment_id),
         stock AS (
             INSERT INTO cd_stock (establishment_id, product_code, balance, updated_at)
             SELECT e.id, m.code, 100000, now() - interval '30 days'
             FROM establishment e CROSS JOIN medicine_product m
             WHERE {NATIONAL} AND m.cd_schedule IN (2, 3)
             ON CONFLICT DO NOTHING
             RETURNING establishment_id, product_code, balance, updated_at)
         INSERT INTO cd_register_entry (establishment_id, product_code, kind, quantity, balance_after, note, recorded_by, witnessed_by, recorded_at)
         SELECT s.establishment_id, s.product_code, 'receipt', s.balance, s.balance, 'Opening stock', st.pharmacist, st.nurse, s.updated_at
         FROM stock s JOIN staff_at st ON st.establishment_id = s.establishment_id
         WHERE st.pharmacist <> st.nurse"
    ))
    .execute(&mut *conn)
    .await?
    .rows_affected();
    Ok(rows)
}

/// A wing of [`BIG_WING_LANDINGS`] landings at [`BIG_WING_ESTABLISHMENT`] holding
/// `scale.big_wing_patients` people from that establishment (their current cell changes to one
/// on the wing, in their movements and whereabouts alike).
pub async fn big_wing(conn: &mut PgConnection, scale: &Scale) -> Result<u64, sqlx::Error> {
    let cells_per_landing = scale.big_wing_patients.div_ceil(BIG_WING_LANDINGS).max(1);
    let mut rows = sqlx::query(
        "INSERT INTO location (establishment_id, kind, code, description)
         SELECT id, 'wing', $2, $2 || ' wing' FROM establishment WHERE code = $1",
    )
    .bind(BIG_WING_ESTABLISHMENT)
    .bind(BIG_WING)
    .execute(&mut *conn)
    .await?
    .rows_affected();
    rows += sqlx::query(
        "INSERT INTO location (establishment_id, parent_id, kind, code, description)
         SELECT w.establishment_id, w.id, 'landing', w.code || '-' || l, w.code || ' wing, landing ' || l
         FROM location w JOIN establishment e ON e.id = w.establishment_id, generate_series(1, $3) l
         WHERE e.code = $1 AND w.code = $2",
    )
    .bind(BIG_WING_ESTABLISHMENT)
    .bind(BIG_WING)
    .bind(i32::try_from(BIG_WING_LANDINGS).unwrap_or(5))
    .execute(&mut *conn)
    .await?
    .rows_affected();
    rows += sqlx::query(
        "INSERT INTO location (establishment_id, parent_id, kind, code, description)
         SELECT l.establishment_id, l.id, 'cell', l.code || '-' || lpad(c::text, 3, '0'), 'Cell ' || lpad(c::text, 3, '0')
         FROM location l JOIN location w ON w.id = l.parent_id JOIN establishment e ON e.id = l.establishment_id,
              generate_series(1, $3) c
         WHERE e.code = $1 AND w.code = $2 AND l.kind = 'landing'",
    )
    .bind(BIG_WING_ESTABLISHMENT)
    .bind(BIG_WING)
    .bind(i32::try_from(cells_per_landing).unwrap_or(60))
    .execute(&mut *conn)
    .await?
    .rows_affected();
    // The first people by prison number move in, spread across the landings (cell 001 of each
    // landing, then 002 …). Every movement into a cell in their current episode there names the new
    // cell, so whereabouts stay derivable from movements.
    let moved = sqlx::query(
        "WITH est AS (SELECT id FROM establishment WHERE code = $1),
         cells AS (
             SELECT c.id, row_number() OVER (ORDER BY split_part(c.code, '-', 3), c.code) AS n
             FROM location c JOIN location l ON l.id = c.parent_id JOIN location w ON w.id = l.parent_id
             WHERE c.establishment_id = (SELECT id FROM est) AND w.code = $2 AND c.kind = 'cell'),
         chosen AS (
             SELECT w.patient_id, w.custody_episode_id, row_number() OVER (ORDER BY p.prison_number) AS n
             FROM patient_whereabouts w JOIN patient p ON p.id = w.patient_id
             WHERE w.establishment_id = (SELECT id FROM est) AND w.status = 'in_establishment'
             ORDER BY p.prison_number LIMIT $3),
         placed AS (SELECT ch.patient_id, ch.custody_episode_id, c.id AS cell FROM chosen ch JOIN cells c ON c.n = ch.n),
         moves AS (
             UPDATE movement m SET location_id = pl.cell FROM placed pl
             WHERE m.patient_id = pl.patient_id AND m.custody_episode_id = pl.custody_episode_id
               AND m.establishment_id = (SELECT id FROM est) AND m.location_id IS NOT NULL
             RETURNING m.id)
         UPDATE patient_whereabouts w SET location_id = pl.cell FROM placed pl WHERE w.patient_id = pl.patient_id",
    )
    .bind(BIG_WING_ESTABLISHMENT)
    .bind(BIG_WING)
    .bind(i64::try_from(scale.big_wing_patients).unwrap_or(300))
    .execute(&mut *conn)
    .await?
    .rows_affected();
    eprintln!("[national]   {moved} people on {BIG_WING_ESTABLISHMENT} {BIG_WING} wing");
    Ok(rows + moved)
}

/// Regular regimens: a patient on regular medicines has one to four of them, distinct.
const REGULAR: &str = "
    (0, 'Sertraline 50mg tablets', 1, '{08:00}', 'not_in_possession', 'Depression'),
    (1, 'Mirtazapine 30mg tablets', 1, '{20:00}', 'not_in_possession', 'Depression and poor sleep'),
    (2, 'Omeprazole 20mg gastro-resistant capsules', 1, '{08:00}', 'in_possession', 'Dyspepsia'),
    (3, 'Paracetamol 500mg tablets', 2, '{08:00,12:00,17:00,20:00}', 'not_in_possession', 'Back pain'),
    (4, 'Metformin 500mg tablets', 1, '{08:00,17:00}', 'not_in_possession', 'Type 2 diabetes'),
    (5, 'Levetiracetam 500mg tablets', 1, '{08:00,20:00}', 'not_in_possession', 'Epilepsy'),
    (6, 'Olanzapine 10mg tablets', 1, '{20:00}', 'supervised', 'Schizophrenia'),
    (7, 'Thiamine 100mg tablets', 1, '{08:00,12:00,17:00}', 'not_in_possession', 'Alcohol misuse'),
    (8, 'Amlodipine 5mg tablets', 1, '{08:00}', 'in_possession', 'Hypertension'),
    (9, 'Quetiapine 100mg tablets', 1, '{08:00,20:00}', 'supervised', 'Bipolar disorder'),
    (10, 'Atorvastatin 20mg tablets', 1, '{20:00}', 'not_in_possession', 'Cardiovascular risk'),
    (11, 'Sodium valproate 500mg gastro-resistant tablets', 1, '{08:00,20:00}', 'supervised', 'Epilepsy'),
    (12, 'Pregabalin 75mg capsules', 1, '{08:00,20:00}', 'supervised', 'Neuropathic pain'),
    (13, 'Citalopram 20mg tablets', 1, '{08:00}', 'not_in_possession', 'Anxiety'),
    (14, 'Propranolol 10mg tablets', 1, '{08:00,12:00,17:00}', 'not_in_possession', 'Anxiety'),
    (15, 'Dolutegravir 50mg tablets', 1, '{08:00}', 'supervised', 'HIV')";
const REGULAR_COUNT: i32 = 16;
/// Consecutive choices step by 5 of 16, so a patient's one to four regimens are distinct.
const REGULAR_STEP: i32 = 5;

/// When-required regimens: a share of patients has one.
const PRN: &str = "
    (0, 'Paracetamol 500mg tablets', 2, 240, 4, 'not_in_possession', 'Pain'),
    (1, 'Ibuprofen 400mg tablets', 1, 480, 3, 'not_in_possession', 'Musculoskeletal pain'),
    (2, 'Salbutamol 100micrograms/dose inhaler CFC free', 2, 240, 4, 'in_possession', 'Asthma'),
    (3, 'Chlorphenamine 4mg tablets', 1, 360, 4, 'not_in_possession', 'Itch'),
    (4, 'Promethazine hydrochloride 25mg tablets', 1, 720, 2, 'not_in_possession', 'Agitation')";
const PRN_COUNT: i32 = 5;

/// The timeline entry the prescription trigger writes for a new prescription, for rows `rx`
/// joined to `m` (medicine_product), `s` (the prescriber) and `w` (whereabouts).
const PRESCRIBED_ENTRY: &str = "
    SELECT rx.patient_id, 'prescription', rx.prescribed_at, rx.establishment_id, w.custody_episode_id, rx.prescribed_by, s.role,
           'Prescribed: ' || m.name,
           trim(to_char(rx.dose, 'FM999990.###'), '.') || ' ' || m.dose_unit || ' ' || rx.route || ', '
               || CASE WHEN rx.kind = 'prn'
                       THEN 'when required, at least ' || rx.prn_min_interval_minutes || ' minutes apart, at most ' || rx.prn_max_per_24h || ' in 24 hours'
                       ELSE 'at ' || array_to_string(ARRAY(SELECT to_char(t, 'HH24:MI') FROM unnest(rx.round_times) t ORDER BY t), ', ')
                  END
               || ', ' || replace(rx.supply, '_', '-') || '.' || ' Indication: ' || rx.indication || '.',
           rx.id";

/// Prescriptions for people in custody: ~60% have one to four regular medicines at round times,
/// the ~12% with an OST alert have supervised methadone at 08:00, ~30% have a when-required
/// medicine; everyone on the big wing has a regular dose at 08:00. Each starts the day after it
/// was prescribed, a few hours after the patient arrived at the establishment.
pub async fn prescriptions(conn: &mut PgConnection, scale: &Scale) -> Result<u64, sqlx::Error> {
    let seed = scale.seed.to_string();
    let h = "md5($1 || k.patient_id::text || k.kind || k.n)";
    let statement = format!(
        "WITH staff_at AS (
             SELECT se.establishment_id,
                    coalesce(array_agg(s.id ORDER BY s.username) FILTER (WHERE s.role = 'prescriber'),
                             array_agg(s.id ORDER BY s.username) FILTER (WHERE s.role = 'pharmacist'),
                             array_agg(s.id ORDER BY s.username)) AS prescribers
             FROM staff_establishment se JOIN staff s ON s.id = se.staff_id GROUP BY se.establishment_id),
         people AS (
             SELECT w.patient_id, w.establishment_id, w.custody_episode_id, st.prescribers,
                    coalesce((SELECT max(m.occurred_at) FROM movement m
                              WHERE m.patient_id = w.patient_id AND m.custody_episode_id = w.custody_episode_id
                                AND m.establishment_id = w.establishment_id AND m.direction = 'in' AND m.kind IN ('ADM', 'TRN')),
                             w.since) AS arrived,
                    coalesce(e.code = $2 AND wing.code = $3, false) AS big_wing,
                    (hashtext($1 || w.patient_id::text || 'regular') & 2147483647) AS h
             FROM patient_whereabouts w
             JOIN establishment e ON e.id = w.establishment_id
             JOIN staff_at st ON st.establishment_id = w.establishment_id
             LEFT JOIN location c ON c.id = w.location_id
             LEFT JOIN location l ON l.id = c.parent_id
             LEFT JOIN location wing ON wing.id = l.parent_id
             WHERE w.status <> 'released' AND {NATIONAL}),
         regular(i, product, dose, times, supply, indication) AS (VALUES {REGULAR}),
         prn(i, product, dose, min_interval, max_per_day, supply, indication) AS (VALUES {PRN}),
         wanted AS (
             SELECT p.*, 'regular' AS kind, n, r.product, r.dose::numeric AS dose, r.times::time[] AS times, r.supply,
                    NULL::int AS min_interval, NULL::int AS max_per_day, r.indication
             FROM people p
             CROSS JOIN LATERAL generate_series(1, CASE WHEN (p.h % 1000) < 600 OR p.big_wing THEN 1 + p.h % 4 ELSE 0 END) n
             JOIN regular r ON r.i = (p.h / 4 + n * {REGULAR_STEP}) % {REGULAR_COUNT}
             UNION ALL
             -- Opioid substitution for the people whose OST alert the alerts phase raised (same draw).
             SELECT p.*, 'ost', 1,
                    CASE WHEN p.h % 2 = 0 THEN 'Methadone 1mg/ml oral solution' ELSE 'Methadone 1mg/ml oral solution sugar free' END,
                    30 + 5 * (p.h / 8 % 15), '{{08:00}}', 'supervised', NULL, NULL, 'Opioid dependence'
             FROM people p
             WHERE ((hashtext(p.patient_id::text || 'OST') & 2147483647)::float8 / 2147483648.0) * 100 < 12
             UNION ALL
             SELECT p.*, 'prn', 1, r.product, r.dose, '{{}}', r.supply, r.min_interval, r.max_per_day, r.indication
             FROM people p JOIN prn r ON r.i = (hashtext($1 || p.patient_id::text || 'prn') & 2147483647) % {PRN_COUNT}
             WHERE (hashtext($1 || p.patient_id::text || 'prn?') & 2147483647) % 100 < 30
             UNION ALL
             -- Everyone on the big wing has a dose at the morning round.
             SELECT p.*, 'morning', 1, 'Folic acid 5mg tablets', 1, '{{08:00}}', 'not_in_possession', NULL, NULL, 'Folate deficiency'
             FROM people p
             WHERE p.big_wing AND NOT EXISTS (
                 SELECT 1 FROM generate_series(1, 1 + p.h % 4) n JOIN regular r ON r.i = (p.h / 4 + n * {REGULAR_STEP}) % {REGULAR_COUNT}
                 WHERE r.times LIKE '%08:00%')),
         timed AS (
             SELECT k.*, m.code, m.route, {h} AS digest
             FROM wanted k JOIN medicine_product m ON m.name = k.product),
         placed AS (
             SELECT t.*,
                    least(t.arrived + make_interval(mins => 120 + {minutes} % 360), now() - interval '1 minute') AS prescribed_at
             FROM timed t),
         inserted AS (
             INSERT INTO prescription (id, patient_id, establishment_id, product_code, dose, route, kind, round_times, supply,
                                       prn_min_interval_minutes, prn_max_per_24h, starts_on, indication, prescribed_by, prescribed_at)
             SELECT digest::uuid, patient_id, establishment_id, code, dose, route,
                    CASE WHEN kind = 'prn' THEN 'prn' ELSE 'regular' END, times, supply, min_interval, max_per_day,
                    (prescribed_at AT TIME ZONE 'Europe/London')::date + 1, indication,
                    prescribers[1 + {pick} % cardinality(prescribers)], prescribed_at
             FROM placed
             RETURNING *)
         INSERT INTO timeline_entry (patient_id, kind, occurred_at, establishment_id, custody_episode_id, author_id, author_role, summary, body, source_id)
         {PRESCRIBED_ENTRY}
         FROM inserted rx JOIN medicine_product m ON m.code = rx.product_code JOIN staff s ON s.id = rx.prescribed_by
         JOIN patient_whereabouts w ON w.patient_id = rx.patient_id",
        minutes = number("digest", 1),
        pick = number("digest", 9),
    );
    let rows = sqlx::query(&statement)
        .bind(&seed)
        .bind(BIG_WING_ESTABLISHMENT)
        .bind(BIG_WING)
        .execute(&mut *conn)
        .await?
        .rows_affected();
    eprintln!("[national]   {rows} prescriptions (with their timeline entries)");
    Ok(rows * 2)
}

/// Secondary indexes (not backing a constraint) of `table`: dropped for a bulk load and built
/// again afterwards from their own definitions, which is much faster than maintaining them row by
/// row with random keys.
async fn drop_secondary_indexes(conn: &mut PgConnection, table: &str) -> Result<Vec<String>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT i.indexrelid::regclass::text AS name, pg_get_indexdef(i.indexrelid) AS def
         FROM pg_index i WHERE i.indrelid = $1::regclass
           AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)",
    )
    .bind(table)
    .fetch_all(&mut *conn)
    .await?;
    let mut definitions = Vec::new();
    for r in rows {
        let name: String = r.try_get("name")?;
        sqlx::query(&format!("DROP INDEX {name}")).execute(&mut *conn).await?;
        definitions.push(r.try_get("def")?);
    }
    Ok(definitions)
}

/// Administrations of the regular and when-required prescriptions, day by day back from the
/// day before yesterday until `scale.administrations` is reached, with their timeline entries.
pub async fn administrations(conn: &mut PgConnection, scale: &Scale) -> Result<u64, sqlx::Error> {
    let today = app::domain::round_schedule::london_date(Utc::now());
    let last = today - Duration::days(UNRECORDED_DAYS);
    let national: Vec<Uuid> =
        sqlx::query_scalar(&format!("SELECT e.id FROM establishment e WHERE {NATIONAL}"))
            .fetch_all(&mut *conn)
            .await?;
    // Doses due per day: every active regular prescription at each of its times, and about one
    // when-required dose in five days per PRN prescription.
    let starts: Vec<(NaiveDate, i64)> = sqlx::query_as(
        "SELECT starts_on, sum(CASE WHEN kind = 'regular' THEN cardinality(round_times) * 5 ELSE 1 END)::int8
         FROM prescription
         WHERE establishment_id = ANY($1) AND stopped_at IS NULL AND entered_in_error_at IS NULL
         GROUP BY starts_on ORDER BY starts_on",
    )
    .bind(&national)
    .fetch_all(&mut *conn)
    .await?;
    let Some(first) = starts.first().map(|(d, _)| *d) else {
        return Ok(0);
    };
    let target = i64::try_from(scale.administrations).unwrap_or(i64::MAX) * 5;
    let mut from = last;
    let mut total = 0;
    while from >= first {
        total += starts.iter().filter(|(d, _)| *d <= from).map(|(_, n)| n).sum::<i64>();
        if total >= target {
            break;
        }
        from -= Duration::days(1);
    }
    let from = from.max(first);
    eprintln!(
        "[national]   rounds from {from} to {last} (~{} doses; today's and yesterday's left to record)",
        total / 5
    );

    // The indexes are built once at the end: maintained row by row, their random keys (patient,
    // prescription) make every day's insert touch most of their pages. Rebuilding the timeline's
    // needs their size again in disk space until the phase commits (~2 GB at national scale).
    sqlx::query("SET LOCAL maintenance_work_mem = '1GB'").execute(&mut *conn).await?;
    let mut indexes = drop_secondary_indexes(conn, "administration").await?;
    indexes.extend(drop_secondary_indexes(conn, "timeline_entry").await?);

    let seed = scale.seed.to_string();
    let f = fraction("h", 1);
    let r = number("h", 9);
    let statement = format!(
        "WITH nurses AS MATERIALIZED (
             SELECT se.establishment_id, array_agg(s.id ORDER BY s.username) AS ids,
                    array_agg(s.display_name ORDER BY s.username) AS names
             FROM staff_establishment se JOIN staff s ON s.id = se.staff_id
             WHERE s.role = 'nurse' AND se.establishment_id = ANY($3) GROUP BY se.establishment_id),
         due AS (
             SELECT rx.id AS rx_id, rx.patient_id, rx.establishment_id, rx.dose, rx.supply, m.name, m.dose_unit, m.cd_schedule,
                    w.custody_episode_id, n.ids, n.names, rx.kind = 'prn' AS prn,
                    md5($2 || rx.id::text || $1::date::text || coalesce(t::text, 'prn')) AS h,
                    (($1::date + t) AT TIME ZONE 'Europe/London') AS scheduled_for
             FROM prescription rx
             JOIN medicine_product m ON m.code = rx.product_code
             JOIN patient_whereabouts w ON w.patient_id = rx.patient_id
             JOIN nurses n ON n.establishment_id = rx.establishment_id
             CROSS JOIN LATERAL unnest(CASE WHEN rx.kind = 'regular' THEN rx.round_times ELSE ARRAY[NULL::time] END) t
             WHERE rx.establishment_id = ANY($3) AND rx.starts_on <= $1 AND (rx.ends_on IS NULL OR rx.ends_on >= $1)
               AND rx.stopped_at IS NULL AND rx.entered_in_error_at IS NULL),
         drawn AS (
             SELECT d.*, {f} AS f, {r} AS r,
                    coalesce(d.scheduled_for, ($1::date + time '09:00' + make_interval(mins => {r} % 720)) AT TIME ZONE 'Europe/London') AS at
             FROM due d),
         shaped AS MATERIALIZED (
             SELECT d.*,
                    CASE WHEN prn OR f >= 0.048 THEN CASE WHEN supply = 'in_possession' THEN 'self_administered' ELSE 'given' END
                         WHEN f < 0.020 THEN 'refused' WHEN f < 0.032 THEN 'did_not_attend' WHEN f < 0.040 THEN 'patient_away'
                         WHEN f < 0.045 THEN 'not_available' ELSE 'withheld' END AS outcome,
                    CASE WHEN prn OR f >= 0.048 THEN NULL
                         WHEN f < 0.020 THEN 'Declined at the hatch'
                         WHEN f < 0.032 THEN 'Did not come to the hatch; wing officer informed'
                         WHEN f < 0.040 THEN 'At court'
                         WHEN f < 0.045 THEN 'Out of stock; pharmacy informed'
                         ELSE 'Drowsy; prescriber informed' END AS reason,
                    1 + r % cardinality(ids) AS who,
                    at + make_interval(mins => 1 + r / 720 % 40) AS recorded_at
             FROM drawn d
             WHERE NOT prn OR f < 0.2),
         written AS (
             INSERT INTO administration (id, prescription_id, patient_id, establishment_id, scheduled_for, outcome, reason, dose,
                                         swallow_confirmed, witnessed_by, recorded_by, recorded_at)
             SELECT {admin_id}, rx_id, patient_id, establishment_id, scheduled_for, outcome, reason, dose,
                    outcome = 'given' AND supply = 'supervised',
                    CASE WHEN outcome = 'given' AND cd_schedule IN (2, 3) AND cardinality(ids) > 1 THEN ids[1 + who % cardinality(ids)] END,
                    ids[who], recorded_at
             FROM shaped
             RETURNING 1),
         entries AS (
         INSERT INTO timeline_entry (id, patient_id, kind, occurred_at, establishment_id, custody_episode_id, author_id, author_role,
                                     summary, body, source_id)
         SELECT {entry_id}, patient_id, 'administration', recorded_at, establishment_id, custody_episode_id, ids[who], 'nurse',
                name || ' ' || trim(to_char(dose, 'FM999990.###'), '.') || ' ' || dose_unit || ': '
                    || replace(replace(outcome, 'did_not_attend', 'did not attend'), '_', ' ')
                    || CASE WHEN scheduled_for IS NULL THEN ' (when required)'
                            ELSE ' (' || to_char(scheduled_for AT TIME ZONE 'Europe/London', 'HH24:MI') || ' round)' END,
                coalesce('Reason: ' || reason || '. ', '')
                    || CASE WHEN outcome = 'given' AND supply = 'supervised' THEN 'Seen swallowed. ' ELSE '' END
                    || CASE WHEN outcome = 'given' AND cd_schedule IN (2, 3) AND cardinality(ids) > 1
                            THEN 'Witnessed by ' || names[1 + who % cardinality(ids)] || '.' ELSE '' END,
                {admin_id}
         FROM shaped
         WHERE $4 OR patient_id = $5
         RETURNING 1)
         SELECT (SELECT count(*) FROM written), (SELECT count(*) FROM entries)",
        admin_id = time_ordered_id("at", "h", 13),
        entry_id = time_ordered_id("recorded_at", "h", 1),
    );
    let big_record: Option<Uuid> = sqlx::query_scalar("SELECT id FROM patient WHERE prison_number = $1")
        .bind(super::BIG_RECORD_PRISON_NUMBER())
        .fetch_optional(&mut *conn)
        .await?;
    let (mut rows, mut entries) = (0, 0);
    let mut day = from;
    while day <= last {
        let (written, on_timeline): (i64, i64) = sqlx::query_as(&statement)
            .bind(day)
            .bind(&seed)
            .bind(&national)
            .bind(day > today - Duration::days(TIMELINE_DAYS))
            .bind(big_record)
            .fetch_one(&mut *conn)
            .await?;
        rows += u64::try_from(written).unwrap_or(0);
        entries += u64::try_from(on_timeline).unwrap_or(0);
        if day.signed_duration_since(from).num_days() % 10 == 9 {
            eprintln!("[national]   {rows} administrations up to {day}");
        }
        day += Duration::days(1);
    }
    eprintln!("[national]   {rows} administrations, {entries} of them on the timeline; building the indexes");
    for definition in &indexes {
        let started = std::time::Instant::now();
        sqlx::query(definition).execute(&mut *conn).await?;
        eprintln!("[national]   {definition} ({:.1?})", started.elapsed());
    }
    // Triggers are off, so the day summaries are written as the migration wrote them: one
    // GROUP BY over every administration, for every day (not only the last TIMELINE_DAYS).
    let started = std::time::Instant::now();
    let days: i64 = sqlx::query_scalar("SELECT administration_day_backfill()").fetch_one(&mut *conn).await?;
    eprintln!("[national]   {days} day summaries of administrations ({:.1?})", started.elapsed());
    Ok(rows + entries + u64::try_from(days).unwrap_or(0))
}
