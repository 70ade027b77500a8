//! One patient's record with a bit of everything: two custody episodes (the second with a court
//! trip and a transfer), allergies, problems and prescriptions in every state, and alerts.

use chrono::{DateTime, Duration, NaiveDate, NaiveTime, TimeZone, Utc};
use uuid::Uuid;

use crate::domain::Dose;
use crate::domain::prescribing::Supply;
use crate::domain::prn::PrnLimits;
use crate::fhir_export::record::*;

pub const NOW: (i32, u32, u32) = (2026, 11, 27);

pub fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(NOW.0, NOW.1, NOW.2, 9, 0, 0).single().expect("valid time")
}

pub fn days_ago(days: i64) -> DateTime<Utc> {
    now() - Duration::days(days)
}

pub fn id(n: u128) -> Uuid {
    Uuid::from_u128(n)
}

fn time(h: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(h, 0, 0).expect("valid time")
}

fn day(days_back: i64) -> NaiveDate {
    days_ago(days_back).date_naive()
}

pub fn establishment(n: u128, code: &str, name: &str) -> Establishment {
    Establishment { id: id(n), code: code.to_owned(), name: name.to_owned() }
}

fn movement(
    n: u128,
    episode: u128,
    kind: MovementKind,
    inward: bool,
    at: &Establishment,
    ago: i64,
) -> Movement {
    Movement {
        id: id(n),
        episode_id: id(episode),
        kind,
        inward,
        establishment: at.clone(),
        occurred_at: days_ago(ago),
    }
}

pub fn prescription(n: u128, schedule: Schedule) -> Prescription {
    Prescription {
        id: id(n),
        product_code: 322236009,
        product_name: "Paracetamol 500mg tablets".to_owned(),
        dose: Dose::from_thousandths(2_000),
        dose_unit: "tablet".to_owned(),
        route: "oral".to_owned(),
        schedule,
        supply: Supply::NotInPossession,
        starts_on: day(10),
        ends_on: None,
        indication: "Back pain".to_owned(),
        prescribed_at: days_ago(10),
        replaces_id: None,
        stopped_at: None,
        stopped_reason: None,
        entered_in_error: false,
        last_taken: None,
    }
}

pub fn allergy(n: u128, severity: AllergySeverity, certainty: Certainty, entered_in_error: bool) -> Allergy {
    Allergy {
        id: id(n),
        substance: "Penicillin".to_owned(),
        reaction: "Rash".to_owned(),
        severity,
        certainty,
        recorded_at: days_ago(50),
        entered_in_error,
    }
}

pub fn record() -> ExportRecord {
    let wwi = establishment(901, "WWI", "HMP Wandsworth");
    let lei = establishment(902, "LEI", "HMP Leeds");
    let regular = Schedule::Regular { round_times: vec![time(20), time(8), time(12)] };
    let prn = Schedule::WhenRequired(PrnLimits { min_interval_minutes: 240, max_per_24h: 4 });
    let last = |n: u128, hours: i64| LastDose {
        administration_id: id(n),
        at: now() - Duration::hours(hours),
        dose: Dose::from_thousandths(2_000),
    };
    ExportRecord {
        patient: PatientDetails {
            id: id(1),
            prison_number: "A1001AA".to_owned(),
            nhs_number: Some("9434765919".to_owned()),
            given_name: "Daniel".to_owned(),
            family_name: "Whitaker".to_owned(),
            date_of_birth: NaiveDate::from_ymd_opt(1988, 3, 14).expect("valid date"),
            sex: Sex::Male,
            no_known_allergies_at: None,
        },
        allergies: vec![
            allergy(101, AllergySeverity::LifeThreatening, Certainty::Confirmed, false),
            allergy(102, AllergySeverity::Mild, Certainty::Suspected, false),
            allergy(103, AllergySeverity::Moderate, Certainty::Confirmed, true),
        ],
        problems: vec![
            Problem {
                id: id(201),
                snomed_id: 195967001,
                term: "Asthma".to_owned(),
                note: "Uses inhaler on exertion".to_owned(),
                recorded_at: days_ago(40),
                resolved_at: None,
                entered_in_error: false,
            },
            Problem {
                id: id(202),
                snomed_id: 279039007,
                term: "Low back pain".to_owned(),
                note: String::new(),
                recorded_at: days_ago(30),
                resolved_at: Some(days_ago(5)),
                entered_in_error: false,
            },
            Problem {
                id: id(203),
                snomed_id: 84757009,
                term: "Epilepsy".to_owned(),
                note: "Wrong patient".to_owned(),
                recorded_at: days_ago(20),
                resolved_at: Some(days_ago(19)),
                entered_in_error: true,
            },
        ],
        prescriptions: vec![
            Prescription { last_taken: Some(last(501, 1)), ..prescription(301, regular.clone()) },
            Prescription { last_taken: Some(last(502, 3)), ..prescription(302, prn) },
            Prescription {
                stopped_at: Some(days_ago(2)),
                stopped_reason: Some("Dose changed".to_owned()),
                last_taken: Some(last(503, 60)),
                ..prescription(303, regular.clone())
            },
            Prescription {
                replaces_id: Some(id(303)),
                dose: Dose::from_thousandths(1_500),
                ..prescription(304, regular.clone())
            },
            Prescription { entered_in_error: true, ..prescription(305, regular.clone()) },
            Prescription {
                ends_on: Some(day(3)),
                last_taken: Some(last(506, 80)),
                ..prescription(306, regular)
            },
        ],
        alerts: vec![
            Alert {
                id: id(401),
                code: "ACCT".to_owned(),
                name: "ACCT open".to_owned(),
                category: AlertCategory::Risk,
                starts_at: days_ago(19),
                ends_at: None,
            },
            Alert {
                id: id(402),
                code: "MEDICAL_HOLD".to_owned(),
                name: "Medical hold".to_owned(),
                category: AlertCategory::Clinical,
                starts_at: days_ago(60),
                ends_at: Some(now() + Duration::days(7)),
            },
        ],
        episodes: vec![
            CustodyEpisode { id: id(601), started_at: days_ago(900), ended_at: Some(days_ago(700)) },
            CustodyEpisode { id: id(602), started_at: days_ago(60), ended_at: None },
        ],
        movements: vec![
            movement(701, 601, MovementKind::Admission, true, &wwi, 900),
            movement(702, 601, MovementKind::Release, false, &wwi, 700),
            movement(703, 602, MovementKind::Admission, true, &wwi, 60),
            movement(704, 602, MovementKind::Court, false, &wwi, 40),
            movement(705, 602, MovementKind::Court, true, &wwi, 39),
            movement(706, 602, MovementKind::Transfer, false, &wwi, 21),
            movement(707, 602, MovementKind::Transfer, true, &lei, 20),
        ],
    }
}
