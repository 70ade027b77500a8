//! Builds a deterministic demo data set in memory: establishments, staff, patients and their
//! custody histories. The same seed gives the same people and histories; times are laid out
//! relative to the day of seeding so that "arrivals today" means today.

use std::collections::HashSet;

use app::domain::NhsNumber;
use chrono::{DateTime, Duration, NaiveDate, Utc};
use rand::seq::IndexedRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use uuid::Uuid;

use super::names::{ALLERGENS, FAMILY_NAMES, GIVEN_NAMES, NOTES};

pub struct EstablishmentPlan {
    pub id: Uuid,
    pub code: &'static str,
    pub name: &'static str,
    pub cells: Vec<CellPlan>,
    pub wings: Vec<LocationPlan>,
    pub landings: Vec<LocationPlan>,
}

pub struct LocationPlan {
    pub id: Uuid,
    pub parent_id: Option<Uuid>,
    pub code: String,
    pub description: String,
}

pub type CellPlan = LocationPlan;

pub struct StaffPlan {
    pub id: Uuid,
    pub username: String,
    pub display_name: String,
    pub role: &'static str,
    pub establishments: Vec<usize>,
}

pub struct PatientPlan {
    pub id: Uuid,
    pub prison_number: String,
    pub nhs_number: Option<String>,
    pub given_name: String,
    pub family_name: String,
    pub date_of_birth: NaiveDate,
    pub no_known_allergies: bool,
    pub episodes: Vec<EpisodePlan>,
    pub allergies: Vec<(&'static str, &'static str, &'static str)>,
    pub alerts: Vec<AlertPlan>,
    pub notes: Vec<NotePlan>,
}

pub struct EpisodePlan {
    pub id: Uuid,
    pub started_at: DateTime<Utc>,
    pub ended_at: Option<DateTime<Utc>>,
    pub movements: Vec<MovementPlan>,
}

pub struct MovementPlan {
    pub id: Uuid,
    pub kind: &'static str,
    pub direction: &'static str,
    pub establishment: usize,
    pub to_establishment: Option<usize>,
    pub cell: Option<Uuid>,
    pub occurred_at: DateTime<Utc>,
}

/// A consultation note written by a member of staff of `role` at `establishment`.
pub struct NotePlan {
    pub establishment: usize,
    pub role: &'static str,
    pub at: DateTime<Utc>,
    pub text: String,
    pub episode: Uuid,
}

pub struct AlertPlan {
    pub code: &'static str,
    pub establishment: usize,
    pub starts_at: DateTime<Utc>,
    pub ends_at: Option<DateTime<Utc>>,
    pub note: &'static str,
}

pub struct DemoPlan {
    pub establishments: Vec<EstablishmentPlan>,
    pub staff: Vec<StaffPlan>,
    pub patients: Vec<PatientPlan>,
}

/// Where a generated patient is at the end of their history.
#[derive(Clone, Copy)]
enum Ending {
    In(usize),
    AtCourt(usize),
    InTransit(usize, usize),
    Released,
}

const ESTABLISHMENTS: [(&str, &str); 4] =
    [("LEI", "HMP Leeds"), ("MDI", "HMP Moorland"), ("WWI", "HMP Wandsworth"), ("BMI", "HMP Birmingham")];
const CURRENT_PER_ESTABLISHMENT: usize = 150;
const RELEASED_ONLY: usize = 200;

struct Generator {
    rng: ChaCha8Rng,
    now: DateTime<Utc>,
    used_prison_numbers: HashSet<String>,
    used_nhs_numbers: HashSet<String>,
}

impl Generator {
    fn id(&mut self) -> Uuid {
        uuid::Builder::from_random_bytes(self.rng.random()).into_uuid()
    }

    fn prison_number(&mut self) -> String {
        loop {
            let letter = char::from(b'G' + self.rng.random_range(0..20u8));
            let n: u16 = self.rng.random_range(0..10_000);
            let a = char::from(b'A' + self.rng.random_range(0..26u8));
            let b = char::from(b'A' + self.rng.random_range(0..26u8));
            let candidate = format!("{letter}{n:04}{a}{b}");
            if self.used_prison_numbers.insert(candidate.clone()) {
                return candidate;
            }
        }
    }

    fn nhs_number(&mut self) -> String {
        loop {
            let mut first = [0u8; 9];
            for d in &mut first {
                *d = self.rng.random_range(0..10);
            }
            // Real NHS numbers start 4–9; keep demo data in that shape.
            first[0] = self.rng.random_range(4..10);
            if let Some(n) = NhsNumber::from_first_nine(first)
                && self.used_nhs_numbers.insert(n.digits())
            {
                return n.digits();
            }
        }
    }

    fn days_ago(&mut self, from: i64, to: i64) -> DateTime<Utc> {
        let days = self.rng.random_range(from..to);
        let minutes = self.rng.random_range(8 * 60..18 * 60);
        let midnight = self.now - Duration::days(days);
        let day_start = midnight.date_naive().and_hms_opt(0, 0, 0).map(|d| d.and_utc()).unwrap_or(midnight);
        day_start + Duration::minutes(minutes)
    }
}

pub fn build(seed: u64, now: DateTime<Utc>) -> DemoPlan {
    let mut g = Generator {
        rng: ChaCha8Rng::seed_from_u64(seed),
        now,
        used_prison_numbers: HashSet::new(),
        used_nhs_numbers: HashSet::new(),
    };
    let establishments: Vec<EstablishmentPlan> =
        ESTABLISHMENTS.iter().map(|(code, name)| establishment(&mut g, code, name)).collect();
    let staff = staff(&mut g, &establishments);
    let mut patients = fixed_patients(&mut g, &establishments);
    for prison_number in patients.iter().map(|p| p.prison_number.clone()).collect::<Vec<_>>() {
        g.used_prison_numbers.insert(prison_number);
    }
    for est in 0..establishments.len() {
        for _ in 0..CURRENT_PER_ESTABLISHMENT {
            let roll: f64 = g.rng.random();
            let ending = if roll < 0.02 {
                Ending::AtCourt(est)
            } else if roll < 0.03 {
                Ending::InTransit(est, (est + 1) % establishments.len())
            } else {
                Ending::In(est)
            };
            let p = random_patient(&mut g, &establishments, ending);
            patients.push(p);
        }
    }
    for _ in 0..RELEASED_ONLY {
        let p = random_patient(&mut g, &establishments, Ending::Released);
        patients.push(p);
    }
    let taken: HashSet<String> = patients.iter().map(|p| p.prison_number.clone()).collect();
    patients.extend(
        transfer_patients(&mut g, &establishments).into_iter().filter(|p| !taken.contains(&p.prison_number)),
    );
    DemoPlan { establishments, staff, patients }
}

fn establishment(g: &mut Generator, code: &'static str, name: &'static str) -> EstablishmentPlan {
    let mut wings = Vec::new();
    let mut landings = Vec::new();
    let mut cells = Vec::new();
    for wing in ['A', 'B', 'C', 'D'] {
        let wing_id = g.id();
        wings.push(LocationPlan {
            id: wing_id,
            parent_id: None,
            code: wing.to_string(),
            description: format!("{wing} wing"),
        });
        for landing in 1..=3 {
            let landing_id = g.id();
            landings.push(LocationPlan {
                id: landing_id,
                parent_id: Some(wing_id),
                code: format!("{wing}-{landing}"),
                description: format!("{wing} wing, landing {landing}"),
            });
            for cell in 1..=20 {
                cells.push(LocationPlan {
                    id: g.id(),
                    parent_id: Some(landing_id),
                    code: format!("{wing}-{landing}-{cell:03}"),
                    description: format!("Cell {cell:03}, {wing} wing landing {landing}"),
                });
            }
        }
    }
    EstablishmentPlan { id: g.id(), code, name, cells, wings, landings }
}

fn staff(g: &mut Generator, establishments: &[EstablishmentPlan]) -> Vec<StaffPlan> {
    let roles: [(&str, &str, &str); 5] = [
        ("nurse", "nurse", "RGN"),
        ("hca", "healthcare_assistant", "HCA"),
        ("pharmacist", "pharmacist", "Pharmacist"),
        ("prescriber", "prescriber", "Dr"),
        ("manager", "healthcare_manager", "Manager"),
    ];
    let mut staff = Vec::new();
    for (i, est) in establishments.iter().enumerate() {
        for (prefix, role, title) in roles {
            let given = *GIVEN_NAMES.choose(&mut g.rng).unwrap_or(&"Alex");
            let family = *FAMILY_NAMES.choose(&mut g.rng).unwrap_or(&"Taylor");
            staff.push(StaffPlan {
                id: g.id(),
                username: format!("{prefix}.{}", est.code.to_lowercase()),
                display_name: if title == "Dr" {
                    format!("Dr {given} {family}")
                } else {
                    format!("{given} {family}")
                },
                role,
                establishments: vec![i],
            });
        }
    }
    staff.push(StaffPlan {
        id: g.id(),
        username: "nurse.bank".into(),
        display_name: "Sam Okoro (RGN, bank)".into(),
        role: "nurse",
        establishments: vec![0, 1],
    });
    staff.push(StaffPlan {
        id: g.id(),
        username: "admin".into(),
        display_name: "System administrator".into(),
        role: "administrator",
        establishments: (0..establishments.len()).collect(),
    });
    staff
}

/// Named patients the demo script and the end-to-end tests rely on.
fn fixed_patients(g: &mut Generator, est: &[EstablishmentPlan]) -> Vec<PatientPlan> {
    let (lei, mdi, wwi) = (0, 1, 2);
    let dob = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default();
    let mut out = Vec::new();

    // Two custody episodes; the current one began at Wandsworth and moved to Leeds.
    let mut p = blank_patient(g, "A1001AA", Some("9434765919"), "Daniel", "Whitaker", dob(1988, 3, 14));
    let first_in = g.days_ago(900, 901);
    let first_out = g.days_ago(700, 701);
    let cell = est[wwi].cells[5].id;
    p.episodes.push(episode(
        g,
        first_in,
        Some(first_out),
        vec![(first_in, "ADM", "in", wwi, None, Some(cell)), (first_out, "REL", "out", wwi, None, None)],
    ));
    let adm = g.days_ago(60, 61);
    let out_of_wwi = g.days_ago(20, 21);
    let into_lei = out_of_wwi + Duration::hours(5);
    p.episodes.push(episode(
        g,
        adm,
        None,
        vec![
            (adm, "ADM", "in", wwi, None, Some(cell)),
            (out_of_wwi, "TRN", "out", wwi, Some(lei), None),
            (into_lei, "TRN", "in", lei, None, Some(est[lei].cells[0].id)),
        ],
    ));
    p.allergies = vec![ALLERGENS[0], ALLERGENS[4]];
    add_notes(g, &mut p);
    // A long record, so that the timeline pages as the nurse scrolls.
    for _ in 0..3 {
        let mut extra = std::mem::take(&mut p.notes);
        add_notes(g, &mut p);
        p.notes.append(&mut extra);
    }
    for i in 0..90 {
        let at = adm + Duration::hours(6 * i64::from(i) + 3);
        let (role, text) = NOTES[usize::try_from(i).unwrap_or(0) % NOTES.len()];
        let episode = p.episodes[1].id;
        let establishment = if at < out_of_wwi { wwi } else { lei };
        p.notes.push(NotePlan { establishment, role, at, text: text.to_owned(), episode });
    }
    p.alerts = vec![
        AlertPlan {
            code: "ACCT",
            establishment: lei,
            starts_at: into_lei + Duration::hours(2),
            ends_at: None,
            note: "Opened at reception; see ACCT document.",
        },
        AlertPlan {
            code: "OST",
            establishment: wwi,
            starts_at: adm,
            ends_at: None,
            note: "Methadone 60 mg daily.",
        },
        AlertPlan {
            code: "ACCT",
            establishment: wwi,
            starts_at: first_in + Duration::hours(1),
            ends_at: Some(first_in + Duration::days(30)),
            note: "",
        },
    ];
    out.push(p);

    let mut p = blank_patient(g, "A1002AA", Some("4010232137"), "Marcus", "Okafor", dob(1975, 11, 2));
    let adm = g.days_ago(200, 201);
    p.episodes.push(episode(g, adm, None, vec![(adm, "ADM", "in", lei, None, Some(est[lei].cells[1].id))]));
    p.no_known_allergies = true;
    p.alerts = vec![AlertPlan {
        code: "DIABETIC",
        establishment: lei,
        starts_at: adm,
        ends_at: None,
        note: "Type 1; on insulin.",
    }];
    out.push(p);

    let mut p = blank_patient(g, "A1003AA", None, "Liam", "Brennan", dob(2001, 7, 30));
    let today = g.now - Duration::minutes(45);
    p.episodes.push(episode(
        g,
        today,
        None,
        vec![(today, "ADM", "in", lei, None, Some(est[lei].cells[29].id))],
    ));
    out.push(p);

    for (number, given, cell) in [("A1004AA", "Jon", 40), ("A1005AA", "John", 41)] {
        let mut p = blank_patient(g, number, None, given, "Smith", dob(1990, 1, 1));
        let adm = g.days_ago(30, 90);
        p.episodes.push(episode(
            g,
            adm,
            None,
            vec![(adm, "ADM", "in", lei, None, Some(est[lei].cells[cell].id))],
        ));
        p.no_known_allergies = true;
        out.push(p);
    }

    let mut p = blank_patient(g, "B2001AA", Some("9876543210"), "Thomas", "Hargreaves", dob(1969, 5, 21));
    let adm = g.days_ago(100, 101);
    p.episodes.push(episode(g, adm, None, vec![(adm, "ADM", "in", mdi, None, Some(est[mdi].cells[3].id))]));
    p.allergies = vec![ALLERGENS[9]];
    p.alerts = vec![AlertPlan {
        code: "MEDICAL_HOLD",
        establishment: mdi,
        starts_at: adm,
        ends_at: None,
        note: "Awaiting cardiology.",
    }];
    out.push(p);
    out
}

/// Named patients for the transfer and release tests. Made after the random population, so that
/// adding them left everyone else (and the round tests' landing) exactly where they were.
fn transfer_patients(g: &mut Generator, est: &[EstablishmentPlan]) -> Vec<PatientPlan> {
    let (lei, wwi) = (0, 2);
    let dob = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default();
    let mut out = Vec::new();
    // On anti-epileptic medicine at Leeds: the end-to-end tests transfer him to Moorland.
    let mut p = blank_patient(g, "A1006AA", Some("9990001014"), "Kieran", "Doyle", dob(1984, 9, 9));
    let adm = g.days_ago(120, 121);
    p.episodes.push(episode(g, adm, None, vec![(adm, "ADM", "in", lei, None, Some(est[lei].cells[9].id))]));
    p.allergies = vec![ALLERGENS[4]];
    out.push(p);

    // On methadone at Leeds: the end-to-end tests release him with a discharge summary.
    let mut p = blank_patient(g, "A1008AA", Some("9990003017"), "Shane", "Murphy", dob(1979, 6, 3));
    let adm = g.days_ago(45, 46);
    p.episodes.push(episode(g, adm, None, vec![(adm, "ADM", "in", lei, None, Some(est[lei].cells[15].id))]));
    p.no_known_allergies = true;
    out.push(p);

    // On the road from Wandsworth to Leeds with critical medicines: Leeds receives and reconciles him.
    let mut p = blank_patient(g, "A1007AA", Some("9990002010"), "Ryan", "Price", dob(1993, 2, 17));
    let adm = g.days_ago(150, 151);
    let left = g.now - Duration::hours(3);
    p.episodes.push(episode(
        g,
        adm,
        None,
        vec![
            (adm, "ADM", "in", wwi, None, Some(est[wwi].cells[12].id)),
            (left, "TRN", "out", wwi, Some(lei), None),
        ],
    ));
    p.no_known_allergies = true;
    p.alerts = vec![AlertPlan {
        code: "ACCT",
        establishment: wwi,
        starts_at: g.now - Duration::days(4),
        ends_at: None,
        note: "Opened after a self-harm incident; see ACCT document.",
    }];
    out.push(p);

    out
}

fn blank_patient(
    g: &mut Generator,
    prison_number: &str,
    nhs: Option<&str>,
    given: &str,
    family: &str,
    dob: NaiveDate,
) -> PatientPlan {
    if let Some(n) = nhs {
        g.used_nhs_numbers.insert(n.to_owned());
    }
    PatientPlan {
        id: g.id(),
        prison_number: prison_number.to_owned(),
        nhs_number: nhs.map(str::to_owned),
        given_name: given.to_owned(),
        family_name: family.to_owned(),
        date_of_birth: dob,
        no_known_allergies: false,
        episodes: Vec::new(),
        allergies: Vec::new(),
        alerts: Vec::new(),
        notes: Vec::new(),
    }
}

type MovementSpec = (DateTime<Utc>, &'static str, &'static str, usize, Option<usize>, Option<Uuid>);

fn episode(
    g: &mut Generator,
    started_at: DateTime<Utc>,
    ended_at: Option<DateTime<Utc>>,
    moves: Vec<MovementSpec>,
) -> EpisodePlan {
    let movements = moves
        .into_iter()
        .map(|(occurred_at, kind, direction, establishment, to_establishment, cell)| MovementPlan {
            id: g.id(),
            kind,
            direction,
            establishment,
            to_establishment,
            cell,
            occurred_at,
        })
        .collect();
    EpisodePlan { id: g.id(), started_at, ended_at, movements }
}

fn random_patient(g: &mut Generator, est: &[EstablishmentPlan], ending: Ending) -> PatientPlan {
    let given = *GIVEN_NAMES.choose(&mut g.rng).unwrap_or(&"Alex");
    let family = *FAMILY_NAMES.choose(&mut g.rng).unwrap_or(&"Taylor");
    let dob = NaiveDate::from_ymd_opt(
        g.rng.random_range(1955..2006),
        g.rng.random_range(1..13),
        g.rng.random_range(1..29),
    )
    .unwrap_or_default();
    let prison_number = g.prison_number();
    let nhs = g.rng.random_bool(0.9).then(|| g.nhs_number());
    let mut p = blank_patient(g, &prison_number, None, given, family, dob);
    p.nhs_number = nhs;

    // Earlier custody episodes, oldest first, each ending in release.
    let earlier = g.rng.random_range(0..3);
    let mut cursor_days = 1800;
    for _ in 0..earlier {
        if cursor_days < 600 {
            break;
        }
        let start_days = g.rng.random_range(cursor_days - 400..cursor_days);
        let length = g.rng.random_range(30..250).min(start_days - 200);
        let at = g.rng.random_range(0..est.len());
        let start = g.days_ago(start_days, start_days + 1);
        let end = g.days_ago(start_days - length, start_days - length + 1);
        let cell = est[at].cells.choose(&mut g.rng).map(|c| c.id);
        p.episodes.push(episode(
            g,
            start,
            Some(end),
            vec![(start, "ADM", "in", at, None, cell), (end, "REL", "out", at, None, None)],
        ));
        cursor_days = start_days - length - 30;
    }

    let (final_est, start_days) = match ending {
        Ending::Released => (g.rng.random_range(0..est.len()), g.rng.random_range(70..150)),
        Ending::In(e) | Ending::AtCourt(e) | Ending::InTransit(e, _) => {
            (e, g.rng.random_range(0..cursor_days.clamp(2, 170)))
        }
    };
    // Some came to their current prison on transfer from another.
    let transferred = start_days > 20 && g.rng.random_bool(0.3);
    let first_est = if transferred {
        (final_est + 1 + g.rng.random_range(0..est.len() - 1)) % est.len()
    } else {
        final_est
    };
    let start = if start_days == 0 {
        g.now - Duration::minutes(g.rng.random_range(20..400))
    } else {
        g.days_ago(start_days, start_days + 1)
    };
    let mut moves: Vec<MovementSpec> =
        vec![(start, "ADM", "in", first_est, None, est[first_est].cells.choose(&mut g.rng).map(|c| c.id))];
    let mut last = start;
    if transferred {
        let out_at = last + Duration::days(g.rng.random_range(3..(start_days / 2).max(4)));
        moves.push((out_at, "TRN", "out", first_est, Some(final_est), None));
        moves.push((
            out_at + Duration::hours(4),
            "TRN",
            "in",
            final_est,
            None,
            est[final_est].cells.choose(&mut g.rng).map(|c| c.id),
        ));
        last = out_at + Duration::hours(4);
    }
    if g.rng.random_bool(0.3) && (g.now - last).num_days() > 3 {
        let court = last + Duration::days(1) + Duration::hours(1);
        moves.push((court, "CRT", "out", final_est, None, None));
        moves.push((court + Duration::hours(8), "CRT", "in", final_est, None, None));
    }
    let mut ended_at = None;
    match ending {
        Ending::In(_) => {}
        Ending::AtCourt(e) => moves.push((g.now - Duration::hours(3), "CRT", "out", e, None, None)),
        Ending::InTransit(e, to) => moves.push((g.now - Duration::hours(2), "TRN", "out", e, Some(to), None)),
        Ending::Released => {
            let rel = g.days_ago(5, 60);
            moves.push((rel, "REL", "out", final_est, None, None));
            ended_at = Some(rel);
        }
    }
    p.episodes.push(episode(g, start, ended_at, moves));

    let allergy_roll: f64 = g.rng.random();
    if allergy_roll < 0.25 {
        let first = *ALLERGENS.choose(&mut g.rng).unwrap_or(&ALLERGENS[0]);
        p.allergies.push(first);
        if g.rng.random_bool(0.2) {
            let second = *ALLERGENS.choose(&mut g.rng).unwrap_or(&ALLERGENS[1]);
            if second.0 != first.0 {
                p.allergies.push(second);
            }
        }
    } else if allergy_roll < 0.6 {
        p.no_known_allergies = true;
    }

    let episode_start = start;
    let active = ended_at.is_none();
    for (code, chance, note) in [
        ("ACCT", 0.08, "Opened after disclosure at reception."),
        ("OST", 0.12, ""),
        ("DIABETIC", 0.04, ""),
        ("EPILEPTIC", 0.02, ""),
        ("VIOLENT", 0.03, "Two officers for cell visits."),
        ("BBV", 0.03, ""),
        ("VULNERABLE", 0.05, ""),
        ("MEDICAL_HOLD", 0.01, "Awaiting hospital appointment."),
    ] {
        if g.rng.random_bool(chance) {
            let starts_at = episode_start + Duration::hours(g.rng.random_range(1..48));
            let closed = !active || g.rng.random_bool(0.25);
            let ends_at =
                closed.then(|| starts_at + Duration::days(g.rng.random_range(3..20))).filter(|t| *t < g.now);
            p.alerts.push(AlertPlan {
                code,
                establishment: final_est,
                starts_at: starts_at.min(g.now),
                ends_at,
                note,
            });
        }
    }
    add_notes(g, &mut p);
    p
}

/// A few consultation notes in each custody episode, at the establishment of the time.
fn add_notes(g: &mut Generator, p: &mut PatientPlan) {
    let mut notes = Vec::new();
    for episode in &p.episodes {
        let end = episode.ended_at.unwrap_or(g.now);
        let span = (end - episode.started_at).num_minutes().max(1);
        let count = g.rng.random_range(1..7);
        for _ in 0..count {
            let at = episode.started_at + Duration::minutes(g.rng.random_range(0..span));
            let establishment = episode
                .movements
                .iter()
                .rfind(|m| m.direction == "in" && m.occurred_at <= at)
                .or(episode.movements.first())
                .map(|m| m.establishment)
                .unwrap_or(0);
            let (role, text) = *NOTES.choose(&mut g.rng).unwrap_or(&NOTES[0]);
            notes.push(NotePlan { establishment, role, at, text: text.to_owned(), episode: episode.id });
        }
    }
    p.notes = notes;
}
