//! The load's phases. The people and their custody histories are generated here and sent with
//! COPY; everything derived from them (locations, staff, whereabouts, notes, alerts, timeline
//! entries) is produced set-based in SQL, deterministically from the generated ids.

use chrono::{DateTime, Duration, Utc};
use rand::seq::IndexedRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use sqlx::{PgConnection, Row};
use uuid::Uuid;

use super::Scale;
use super::copy::CopyRows;
use super::ids::{NhsNumbers, prison_number};
use super::medicines;
use crate::seed::names::{FAMILY_NAMES, GIVEN_NAMES};

/// In load order; new phases go at the end, so a load made before them resumes with them.
pub const ALL: [&str; 10] = [
    "establishments",
    "people_and_movements",
    "notes",
    "alerts_and_allergies",
    "big_record",
    "round_times_and_cd_stock",
    "big_wing",
    "prescriptions",
    "administrations",
    "timeline_in_time_order",
];

/// The patient whose record holds [`Scale::big_record_entries`] entries: the first person generated.
pub const BIG_RECORD_PRISON_NUMBER: fn() -> String = || prison_number(0);

pub async fn run(name: &str, conn: &mut PgConnection, scale: &Scale) -> Result<u64, sqlx::Error> {
    match name {
        "establishments" => establishments(conn, scale).await,
        "people_and_movements" => people_and_movements(conn, scale).await,
        "notes" => notes(conn).await,
        "alerts_and_allergies" => alerts_and_allergies(conn).await,
        "big_record" => big_record(conn, scale).await,
        "round_times_and_cd_stock" => medicines::round_times_and_cd_stock(conn).await,
        "big_wing" => medicines::big_wing(conn, scale).await,
        "prescriptions" => medicines::prescriptions(conn, scale).await,
        "administrations" => medicines::administrations(conn, scale).await,
        "timeline_in_time_order" => timeline_in_time_order(conn).await,
        _ => Ok(0),
    }
}

fn establishment_code(i: usize) -> String {
    // Codes from QAA upwards: three letters, clear of the demo establishments' codes.
    let n = 16 * 26 * 26 + i;
    let a = char::from(b'A' + u8::try_from(n / 676 % 26).unwrap_or(0));
    let b = char::from(b'A' + u8::try_from(n / 26 % 26).unwrap_or(0));
    let c = char::from(b'A' + u8::try_from(n % 26).unwrap_or(0));
    format!("{a}{b}{c}")
}

async fn establishments(conn: &mut PgConnection, scale: &Scale) -> Result<u64, sqlx::Error> {
    let mut rows = CopyRows::new("establishment", &["code", "name", "kind"]);
    for i in 0..scale.establishments {
        let code = establishment_code(i);
        rows.v(&code).v(format!("HMP {code}")).v(if i % 10 == 9 {
            "young_offender_institution"
        } else {
            "prison"
        });
        rows.end();
    }
    let mut total = rows.send(conn).await?;
    // Everything below belongs to the establishments just loaded (codes from QAA upwards).
    let statements = [
        "INSERT INTO round_time (establishment_id, time_of_day, label)
         SELECT e.id, t.at, t.label FROM establishment e
         CROSS JOIN (VALUES (time '08:00', 'Morning'), (time '12:00', 'Lunchtime'), (time '17:00', 'Teatime'), (time '20:00', 'Night san')) t(at, label)
         WHERE e.code >= 'QAA'",
        "INSERT INTO location (establishment_id, kind, code, description)
         SELECT e.id, 'wing', chr(64 + w), chr(64 + w) || ' wing' FROM establishment e, generate_series(1, 6) w WHERE e.code >= 'QAA'",
        "INSERT INTO location (establishment_id, parent_id, kind, code, description)
         SELECT w.establishment_id, w.id, 'landing', w.code || '-' || l, w.code || ' wing, landing ' || l
         FROM location w JOIN establishment e ON e.id = w.establishment_id, generate_series(1, 3) l
         WHERE w.kind = 'wing' AND e.code >= 'QAA'",
        "INSERT INTO location (establishment_id, parent_id, kind, code, description)
         SELECT l.establishment_id, l.id, 'cell', l.code || '-' || lpad(c::text, 3, '0'), 'Cell ' || lpad(c::text, 3, '0')
         FROM location l JOIN establishment e ON e.id = l.establishment_id, generate_series(1, 40) c
         WHERE l.kind = 'landing' AND e.code >= 'QAA'",
    ];
    for s in statements {
        total += sqlx::query(s).execute(&mut *conn).await?.rows_affected();
    }
    let hash =
        app::auth::ssr::hash_password("national-load").map_err(|e| sqlx::Error::Protocol(e.to_string()))?;
    let staff = sqlx::query(
        "WITH roles AS (
             SELECT n, CASE WHEN n % 10 < 5 THEN 'nurse' WHEN n % 10 < 7 THEN 'healthcare_assistant'
                            WHEN n % 10 = 7 THEN 'pharmacist' WHEN n % 10 = 8 THEN 'prescriber' ELSE 'healthcare_manager' END AS role
             FROM generate_series(0, $1 - 1) n)
         INSERT INTO staff (username, display_name, role, password_hash)
         SELECT lower(e.code) || '.' || r.role || '.' || r.n, initcap(replace(r.role, '_', ' ')) || ' ' || r.n || ' (' || e.code || ')', r.role, $2
         FROM establishment e CROSS JOIN roles r WHERE e.code >= 'QAA'",
    )
    .bind(i32::try_from(scale.staff_per_establishment).unwrap_or(40))
    .bind(&hash)
    .execute(&mut *conn)
    .await?;
    total += staff.rows_affected();
    total += sqlx::query(
        "INSERT INTO staff_establishment (staff_id, establishment_id)
         SELECT s.id, e.id FROM staff s JOIN establishment e ON lower(e.code) = split_part(s.username, '.', 1)
         WHERE e.code >= 'QAA'",
    )
    .execute(&mut *conn)
    .await?
    .rows_affected();
    Ok(total)
}

struct Place {
    id: Uuid,
    cells: Vec<Uuid>,
}

async fn places(conn: &mut PgConnection) -> Result<Vec<Place>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT e.id, array_agg(l.id ORDER BY l.code) AS cells
         FROM establishment e JOIN location l ON l.establishment_id = e.id AND l.kind = 'cell'
         WHERE e.code >= 'QAA' GROUP BY e.id, e.code ORDER BY e.code",
    )
    .fetch_all(&mut *conn)
    .await?;
    rows.iter().map(|r| Ok(Place { id: r.try_get("id")?, cells: r.try_get("cells")? })).collect()
}

struct Out {
    patients: CopyRows,
    episodes: CopyRows,
    movements: CopyRows,
}

struct Gen {
    rng: ChaCha8Rng,
    now: DateTime<Utc>,
}

impl Gen {
    fn id(&mut self) -> Uuid {
        uuid::Builder::from_random_bytes(self.rng.random()).into_uuid()
    }
    fn days_ago(&mut self, from: i64, to: i64) -> DateTime<Utc> {
        self.now
            - Duration::days(self.rng.random_range(from..to.max(from + 1)))
            - Duration::minutes(self.rng.random_range(0..600))
    }
}

fn ts(t: DateTime<Utc>) -> String {
    t.to_rfc3339()
}

#[allow(clippy::too_many_arguments)]
fn movement(
    out: &mut Out,
    g: &mut Gen,
    patient: Uuid,
    episode: Uuid,
    kind: &str,
    direction: &str,
    at: Uuid,
    to: Option<Uuid>,
    cell: Option<Uuid>,
    when: DateTime<Utc>,
) {
    let id = g.id();
    out.movements.v(id).v(patient).v(episode).v(kind).v(direction).v(at).opt(to).opt(cell).v(ts(when));
    out.movements.end();
}

async fn people_and_movements(conn: &mut PgConnection, scale: &Scale) -> Result<u64, sqlx::Error> {
    let places = places(conn).await?;
    let mut g = Gen { rng: ChaCha8Rng::seed_from_u64(scale.seed), now: Utc::now() };
    let mut nhs = NhsNumbers::new();
    let mut out = Out {
        patients: CopyRows::new(
            "patient",
            &["id", "prison_number", "nhs_number", "given_name", "family_name", "date_of_birth", "sex"],
        ),
        episodes: CopyRows::new("custody_episode", &["id", "patient_id", "started_at", "ended_at"]),
        movements: CopyRows::new(
            "movement",
            &[
                "id",
                "patient_id",
                "custody_episode_id",
                "kind",
                "direction",
                "establishment_id",
                "to_establishment_id",
                "location_id",
                "occurred_at",
            ],
        ),
    };
    let total = scale.current_patients + scale.released_patients;
    for i in 0..total {
        if i > 0 && i % 100_000 == 0 {
            eprintln!("[national]   generated {i} of {total} people");
        }
        let current = i < scale.current_patients;
        let patient = g.id();
        let given = *GIVEN_NAMES.choose(&mut g.rng).unwrap_or(&"Alex");
        let family = *FAMILY_NAMES.choose(&mut g.rng).unwrap_or(&"Smith");
        let dob = chrono::NaiveDate::from_ymd_opt(
            g.rng.random_range(1950..2007),
            g.rng.random_range(1..13),
            g.rng.random_range(1..29),
        )
        .unwrap_or_default();
        let nhs_number = g.rng.random_bool(0.92).then(|| nhs.next_number());
        out.patients
            .v(patient)
            .v(prison_number(i as u64))
            .opt(nhs_number)
            .v(given)
            .v(family)
            .v(dob)
            .v("male");
        out.patients.end();

        // Earlier custody episodes, each ending in release, within the five years.
        let earlier = if current { g.rng.random_range(0..3) } else { g.rng.random_range(1..3) };
        let mut before_days = 5 * 365;
        for _ in 0..earlier {
            if before_days < 200 {
                break;
            }
            let start_days = g.rng.random_range(before_days / 2..before_days);
            let length = g.rng.random_range(14..start_days.clamp(15, 400)).min(start_days - 1);
            let place = places.choose(&mut g.rng).map(|p| p.id).unwrap_or_default();
            let cell =
                places.iter().find(|p| p.id == place).and_then(|p| p.cells.choose(&mut g.rng).copied());
            let episode = g.id();
            let start = g.days_ago(start_days, start_days + 1);
            let end = start + Duration::days(length);
            out.episodes.v(episode).v(patient).v(ts(start)).v(ts(end));
            out.episodes.end();
            movement(&mut out, &mut g, patient, episode, "ADM", "in", place, None, cell, start);
            movement(&mut out, &mut g, patient, episode, "REL", "out", place, None, None, end);
            before_days = start_days - length - 1;
        }
        if !current {
            continue;
        }
        // The current episode, at establishment i mod n; some came on transfer from elsewhere.
        let home = &places[i % places.len()];
        let cell = home.cells[(i / places.len()) % home.cells.len()];
        let episode = g.id();
        let start_days = g.rng.random_range(1..before_days.clamp(2, 700));
        let start = g.days_ago(start_days, start_days + 1);
        out.episodes.v(episode).v(patient).v(ts(start)).opt(None::<String>);
        out.episodes.end();
        let transferred = start_days > 10 && g.rng.random_bool(0.35);
        if transferred {
            let from = places.choose(&mut g.rng).map(|p| p.id).unwrap_or(home.id);
            let moved = start + Duration::days(g.rng.random_range(1..start_days / 2 + 2));
            movement(&mut out, &mut g, patient, episode, "ADM", "in", from, None, None, start);
            movement(&mut out, &mut g, patient, episode, "TRN", "out", from, Some(home.id), None, moved);
            movement(
                &mut out,
                &mut g,
                patient,
                episode,
                "TRN",
                "in",
                home.id,
                None,
                Some(cell),
                moved + Duration::hours(4),
            );
        } else {
            movement(&mut out, &mut g, patient, episode, "ADM", "in", home.id, None, Some(cell), start);
        }
        if start_days > 5 && g.rng.random_bool(0.3) {
            let court =
                g.now - Duration::days(g.rng.random_range(1..start_days.min(4) + 1)) - Duration::hours(6);
            movement(&mut out, &mut g, patient, episode, "CRT", "out", home.id, None, None, court);
            movement(
                &mut out,
                &mut g,
                patient,
                episode,
                "CRT",
                "in",
                home.id,
                None,
                Some(cell),
                court + Duration::hours(5),
            );
        }
    }
    let mut rows = 0;
    rows += out.patients.send(conn).await?;
    rows += out.episodes.send(conn).await?;
    rows += out.movements.send(conn).await?;
    eprintln!("[national]   deriving whereabouts and movement entries");
    rows += sqlx::query(
        "INSERT INTO patient_whereabouts (patient_id, status, establishment_id, to_establishment_id, location_id, custody_episode_id, since, last_movement_id)
         SELECT DISTINCT ON (m.patient_id) m.patient_id,
                CASE WHEN m.direction = 'in' THEN 'in_establishment' WHEN m.kind = 'TRN' THEN 'in_transit'
                     WHEN m.kind = 'CRT' THEN 'at_court' WHEN m.kind = 'TAP' THEN 'temporary_absence'
                     WHEN m.kind = 'REL' THEN 'released' ELSE 'deceased' END,
                CASE WHEN m.kind IN ('REL', 'DEATH') THEN NULL ELSE m.establishment_id END,
                m.to_establishment_id,
                CASE WHEN m.direction = 'in' THEN m.location_id END,
                CASE WHEN m.kind IN ('REL', 'DEATH') THEN NULL ELSE m.custody_episode_id END,
                m.occurred_at, m.id
         FROM movement m JOIN patient p ON p.id = m.patient_id
         WHERE p.prison_number IS NOT NULL
         ORDER BY m.patient_id, m.occurred_at DESC, m.id DESC",
    )
    .execute(&mut *conn)
    .await?
    .rows_affected();
    rows += sqlx::query(
        "INSERT INTO timeline_entry (patient_id, kind, occurred_at, establishment_id, custody_episode_id, summary, source_id)
         SELECT m.patient_id, 'movement', m.occurred_at, m.establishment_id, m.custody_episode_id,
                CASE WHEN m.kind = 'ADM' THEN 'Admitted to ' || e.name
                     WHEN m.kind = 'TRN' AND m.direction = 'out' THEN 'Transferred out of ' || e.name || ' to ' || coalesce(d.name, 'another establishment')
                     WHEN m.kind = 'TRN' THEN 'Received on transfer at ' || e.name
                     WHEN m.kind = 'CRT' AND m.direction = 'out' THEN 'Out to court from ' || e.name
                     WHEN m.kind = 'CRT' THEN 'Back from court to ' || e.name
                     WHEN m.kind = 'REL' THEN 'Released from ' || e.name
                     ELSE 'Movement at ' || e.name END,
                m.id
         FROM movement m JOIN establishment e ON e.id = m.establishment_id
         LEFT JOIN establishment d ON d.id = m.to_establishment_id
         WHERE e.code >= 'QAA'",
    )
    .execute(&mut *conn)
    .await?
    .rows_affected();
    Ok(rows)
}

/// A pseudo-random fraction in [0, 1) from text, so derived rows are the same on every load.
const FRACTION: &str = "((hashtext($$) & 2147483647)::float8 / 2147483648.0)";

fn fraction_of(expr: &str) -> String {
    FRACTION.replace("$$", expr)
}

async fn notes(conn: &mut PgConnection) -> Result<u64, sqlx::Error> {
    let statement = format!(
        "WITH first_place AS (
             SELECT DISTINCT ON (custody_episode_id) custody_episode_id, establishment_id
             FROM movement ORDER BY custody_episode_id, occurred_at),
         staff_at AS (
             SELECT se.establishment_id, array_agg(s.id ORDER BY s.username) AS ids, array_agg(s.role ORDER BY s.username) AS roles
             FROM staff_establishment se JOIN staff s ON s.id = se.staff_id GROUP BY se.establishment_id),
         wanted AS (
             SELECT c.id AS episode, c.patient_id, c.started_at, coalesce(c.ended_at, now()) AS ended_at,
                    f.establishment_id, st.ids, st.roles, n
             FROM custody_episode c
             JOIN first_place f ON f.custody_episode_id = c.id
             JOIN staff_at st ON st.establishment_id = f.establishment_id
             CROSS JOIN LATERAL generate_series(1, 1 + (abs(hashtext(c.id::text)) % 5)) n)
         INSERT INTO timeline_entry (patient_id, kind, occurred_at, establishment_id, custody_episode_id, author_id, author_role, summary, body)
         SELECT patient_id, 'note',
                started_at + (ended_at - started_at) * {when},
                establishment_id, episode,
                ids[1 + (abs(hashtext(episode::text || n || 'a')) % cardinality(ids))],
                roles[1 + (abs(hashtext(episode::text || n || 'a')) % cardinality(ids))],
                (ARRAY['Reception screen completed. Settled, no acute concerns.',
                       'Seen on wing. Obs within normal limits. No further action.',
                       'Medication review: continue current medicines.',
                       'Reports low mood; referred to mental health in-reach.',
                       'Dressing changed; wound healing well.',
                       'Declined blood test; capacity assessed; rebooked.'])[1 + (abs(hashtext(episode::text || n || 'b')) % 6)],
                ''
         FROM wanted",
        when = fraction_of("episode::text || n")
    );
    Ok(sqlx::query(&statement).execute(&mut *conn).await?.rows_affected())
}

async fn alerts_and_allergies(conn: &mut PgConnection) -> Result<u64, sqlx::Error> {
    let mut rows = 0;
    let alerts = format!(
        "WITH people AS (
             SELECT w.patient_id, w.establishment_id, w.since, w.status,
                    (SELECT s.staff_id FROM staff_establishment s WHERE s.establishment_id = w.establishment_id LIMIT 1) AS nurse
             FROM patient_whereabouts w JOIN establishment e ON e.id = w.establishment_id
             WHERE w.status <> 'released' AND e.code >= 'QAA'),
         types(code, percent) AS (VALUES ('ACCT', 8), ('OST', 12), ('DIABETIC', 4), ('EPILEPTIC', 2), ('VIOLENT', 3), ('BBV', 3), ('VULNERABLE', 5), ('MEDICAL_HOLD', 1))
         INSERT INTO alert (patient_id, alert_type, starts_at, establishment_id, raised_by, raised_at, note)
         SELECT p.patient_id, t.code, p.since + interval '2 hours', p.establishment_id, p.nurse, p.since + interval '2 hours', ''
         FROM people p CROSS JOIN types t
         WHERE p.nurse IS NOT NULL AND {f} * 100 < t.percent",
        f = fraction_of("p.patient_id::text || t.code")
    );
    rows += sqlx::query(&alerts).execute(&mut *conn).await?.rows_affected();
    let allergies = format!(
        "WITH people AS (
             SELECT w.patient_id, w.establishment_id, w.since,
                    (SELECT s.staff_id FROM staff_establishment s WHERE s.establishment_id = w.establishment_id LIMIT 1) AS nurse
             FROM patient_whereabouts w JOIN establishment e ON e.id = w.establishment_id
             WHERE w.status <> 'released' AND e.code >= 'QAA')
         INSERT INTO allergy (patient_id, substance, reaction, severity, establishment_id, recorded_by, recorded_at)
         SELECT patient_id, 'Penicillin', 'Rash', 'moderate', establishment_id, nurse, since + interval '1 hour'
         FROM people WHERE nurse IS NOT NULL AND {f} < 0.2",
        f = fraction_of("patient_id::text || 'allergy'")
    );
    rows += sqlx::query(&allergies).execute(&mut *conn).await?.rows_affected();
    rows += sqlx::query(
        "INSERT INTO timeline_entry (patient_id, kind, occurred_at, establishment_id, custody_episode_id, author_id, author_role, summary, body, source_id)
         SELECT a.patient_id, 'alert', a.starts_at, a.establishment_id, w.custody_episode_id, a.raised_by, 'nurse',
                'Alert raised: ' || t.name, a.note, a.id
         FROM alert a JOIN alert_type t ON t.code = a.alert_type JOIN patient_whereabouts w ON w.patient_id = a.patient_id
         JOIN establishment e ON e.id = a.establishment_id WHERE e.code >= 'QAA'",
    )
    .execute(&mut *conn)
    .await?
    .rows_affected();
    rows += sqlx::query(
        "INSERT INTO timeline_entry (patient_id, kind, occurred_at, establishment_id, custody_episode_id, author_id, author_role, summary, body, source_id)
         SELECT a.patient_id, 'allergy', a.recorded_at, a.establishment_id, w.custody_episode_id, a.recorded_by, 'nurse',
                'Allergy recorded: ' || a.substance || ' – ' || a.reaction, 'Severity: ' || a.severity || '.', a.id
         FROM allergy a JOIN patient_whereabouts w ON w.patient_id = a.patient_id
         JOIN establishment e ON e.id = a.establishment_id WHERE e.code >= 'QAA'",
    )
    .execute(&mut *conn)
    .await?
    .rows_affected();
    Ok(rows)
}

/// One patient whose record runs to [`Scale::big_record_entries`] entries over five years.
async fn big_record(conn: &mut PgConnection, scale: &Scale) -> Result<u64, sqlx::Error> {
    let existing: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM timeline_entry t JOIN patient p ON p.id = t.patient_id WHERE p.prison_number = $1",
    )
    .bind(BIG_RECORD_PRISON_NUMBER())
    .fetch_one(&mut *conn)
    .await?;
    let wanted = i64::try_from(scale.big_record_entries).unwrap_or(10_000) - existing;
    let statement = format!(
        "INSERT INTO timeline_entry (patient_id, kind, occurred_at, establishment_id, custody_episode_id, author_id, author_role, summary, body)
         SELECT w.patient_id, (ARRAY['note', 'note', 'note', 'problem', 'screening'])[1 + n % 5],
                now() - interval '5 years' * {when}, w.establishment_id, w.custody_episode_id,
                s.staff_id, 'nurse', 'Entry ' || n || ' of a long record', 'Detail of entry ' || n
         FROM patient p JOIN patient_whereabouts w ON w.patient_id = p.id
         CROSS JOIN LATERAL (SELECT staff_id FROM staff_establishment WHERE establishment_id = w.establishment_id LIMIT 1) s
         CROSS JOIN generate_series(1, $2) n
         WHERE p.prison_number = $1",
        when = fraction_of("'big' || n")
    );
    Ok(sqlx::query(&statement)
        .bind(BIG_RECORD_PRISON_NUMBER())
        .bind(i32::try_from(wanted.max(0)).unwrap_or(0))
        .execute(&mut *conn)
        .await?
        .rows_affected())
}

/// Rewrites the timeline table in the order its entries happened, as a live record's table is
/// written; the phases above write it kind by kind (five years of movements, then of notes, then
/// the doses), so the pages a benchmark reads would lie where no live table has them. Measured on
/// the national load afterwards: the first pages of everyone in custody read 41% of the table's
/// pages (a page's entries are days or years apart, so each lies on a page of its own, as live),
/// 95% of them in the newest 71% of the table.
async fn timeline_in_time_order(conn: &mut PgConnection) -> Result<u64, sqlx::Error> {
    sqlx::query("SET LOCAL maintenance_work_mem = '1GB'").execute(&mut *conn).await?;
    sqlx::query("CREATE INDEX national_timeline_in_time_order ON timeline_entry (occurred_at, id)")
        .execute(&mut *conn)
        .await?;
    sqlx::query("CLUSTER timeline_entry USING national_timeline_in_time_order").execute(&mut *conn).await?;
    sqlx::query("DROP INDEX national_timeline_in_time_order").execute(&mut *conn).await?;
    let rows: i64 = sqlx::query_scalar("SELECT count(*) FROM timeline_entry").fetch_one(&mut *conn).await?;
    Ok(u64::try_from(rows).unwrap_or(0))
}
