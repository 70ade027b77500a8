//! The clinical safety case's own evidence: each test proves one control listed in
//! docs/safety/hazard-log.md and is named after its hazard (`haz_NN_…`). Controls already proven
//! by other tests are referenced from the log instead of being proven twice.

use app::domain::prescribing::Supply;
use chrono::{Duration, NaiveDate, NaiveTime, Utc};
use sqlx::PgPool;
use uuid::Uuid;

use crate::support::fixtures::dose_given as given;
use crate::support::{fixtures, fresh_database};
use app::auth::ssr::StaffContext;
use app::domain::access::Refusal;
use app::domain::patient_query::PatientQuery;
use app::domain::round_schedule::{london_date, round_instant};
use app::domain::{AdministrationOutcome, Role, WhereaboutsStatus};
use app::error::AppError;
use app::medicines::PrescriptionRequest;
use app::medicines::ssr::prescribe;
use app::record::AllergyStatus;
use app::rounds::ssr::{record_dose, round_list};
use app::rounds::{DoseEntry, RoundList, RoundPatient};
use app::timeline::ssr::mark_entered_in_error;
use app::transfers::ssr::{self as transfers, handover};

const METHADONE: &str = "Methadone 1mg/ml oral solution sugar free";
const LEVETIRACETAM: &str = "Levetiracetam 500mg tablets";
const OMEPRAZOLE: &str = "Omeprazole 20mg gastro-resistant capsules";
const SERTRALINE: &str = "Sertraline 50mg tablets";
const IBUPROFEN: &str = "Ibuprofen 400mg tablets";
const TRAMADOL: &str = "Tramadol 50mg capsules";

/// Leeds and Moorland with a round every hour and an A wing, landing 1, with cells at each.
struct Ward {
    w: fixtures::World,
    prescriber: StaffContext,
    witness: StaffContext,
    /// The Leeds round whose due window is open now.
    round: (NaiveDate, NaiveTime),
    landing: Uuid,
    cells: [Uuid; 2],
    moorland_landing: Uuid,
    moorland_cell: Uuid,
}

async fn ward(pool: &PgPool) -> Ward {
    let w = fixtures::world(pool).await;
    let round = fixtures::hourly_rounds(pool, &[w.leeds, w.moorland]).await;
    let (landing, cells) = landing_with_cells(pool, w.leeds).await;
    let (moorland_landing, [moorland_cell, _]) = landing_with_cells(pool, w.moorland).await;
    let prescriber = fixtures::staff(pool, "dr.lei", Role::Prescriber, &[w.leeds]).await;
    let witness = fixtures::staff(pool, "witness.lei", Role::Nurse, &[w.leeds]).await;
    Ward { w, prescriber, witness, round, landing, cells, moorland_landing, moorland_cell }
}

async fn location(pool: &PgPool, establishment: Uuid, parent: Option<Uuid>, kind: &str, code: &str) -> Uuid {
    sqlx::query_scalar(
        "INSERT INTO location (establishment_id, parent_id, kind, code, description)
         VALUES ($1, $2, $3, $4, $4) RETURNING id",
    )
    .bind(establishment)
    .bind(parent)
    .bind(kind)
    .bind(code)
    .fetch_one(pool)
    .await
    .expect("location")
}

/// Wing A, landing A-1 and cells A-1-001 and A-1-002.
async fn landing_with_cells(pool: &PgPool, establishment: Uuid) -> (Uuid, [Uuid; 2]) {
    let wing = location(pool, establishment, None, "wing", "A").await;
    let landing = location(pool, establishment, Some(wing), "landing", "A-1").await;
    let first = location(pool, establishment, Some(landing), "cell", "A-1-001").await;
    let second = location(pool, establishment, Some(landing), "cell", "A-1-002").await;
    (landing, [first, second])
}

/// A Leeds patient admitted an hour ago, in the given cell.
async fn patient_in_cell(
    pool: &PgPool,
    ward: &Ward,
    prison_number: &str,
    (given, family, born): (&str, &str, &str),
    cell: Uuid,
) -> Uuid {
    let id = fixtures::admitted_patient(pool, prison_number, family, ward.w.leeds).await;
    sqlx::query("UPDATE patient SET given_name = $2, date_of_birth = $3::date WHERE id = $1")
        .bind(id)
        .bind(given)
        .bind(born)
        .execute(pool)
        .await
        .expect("name and date of birth");
    sqlx::query("UPDATE patient_whereabouts SET location_id = $2 WHERE patient_id = $1")
        .bind(id)
        .bind(cell)
        .execute(pool)
        .await
        .expect("cell");
    id
}

async fn product(pool: &PgPool, name: &str) -> i64 {
    sqlx::query_scalar("SELECT code FROM medicine_product WHERE name = $1")
        .bind(name)
        .fetch_one(pool)
        .await
        .expect("product in the catalogue")
}

async fn regular(pool: &PgPool, ward: &Ward, name: &str, supply: Supply) -> PrescriptionRequest {
    PrescriptionRequest {
        product_code: Some(product(pool, name).await),
        kind: Some(app::domain::prescribing::PrescriptionKind::Regular),
        supply: Some(supply),
        dose: "1".into(),
        round_times: vec![ward.round.1],
        starts_on: Some(london_date(Utc::now())),
        indication: "Test indication".into(),
        ..Default::default()
    }
}

/// A regular prescription due at the round open now, by the Leeds prescriber.
async fn on_round(pool: &PgPool, ward: &Ward, patient: Uuid, name: &str, supply: Supply) -> Uuid {
    prescribe(pool, &ward.prescriber, patient, &regular(pool, ward, name, supply).await)
        .await
        .expect("prescribe")
}

/// Ibuprofen when required, at least four hours apart, three in 24 hours.
async fn when_required(pool: &PgPool, ward: &Ward, patient: Uuid) -> Uuid {
    let mut request = regular(pool, ward, IBUPROFEN, Supply::NotInPossession).await;
    request.kind = Some(app::domain::prescribing::PrescriptionKind::Prn);
    request.round_times.clear();
    request.prn_min_interval_minutes = Some(240);
    request.prn_max_per_24h = Some(3);
    prescribe(pool, &ward.prescriber, patient, &request).await.expect("prescribe when required")
}

fn witnessed(mut entry: DoseEntry) -> DoseEntry {
    entry.witness_username = "witness.lei".into();
    entry.witness_password = fixtures::PASSWORD.into();
    entry
}

/// A witnessed opening receipt of `quantity` into the Leeds controlled drugs register.
async fn opening_stock(pool: &PgPool, ward: &Ward, product_code: i64, quantity: i32) {
    let (nurse, witness) = (&ward.w.leeds_nurse, &ward.witness);
    fixtures::opening_stock(pool, ward.w.leeds, (nurse, witness), product_code, quantity).await;
}

async fn leeds_round(pool: &PgPool, ward: &Ward) -> RoundList {
    round_list(pool, &ward.w.leeds_nurse, ward.round.0, ward.round.1, ward.landing).await.expect("round list")
}

fn card(list: &RoundList, prison_number: &str) -> RoundPatient {
    list.patients
        .iter()
        .find(|p| p.prison_number == prison_number)
        .cloned()
        .unwrap_or_else(|| panic!("{prison_number} is on the round"))
}

async fn count(pool: &PgPool, sql: &str, id: Uuid) -> i64 {
    sqlx::query_scalar(sql).bind(id).fetch_one(pool).await.expect("count")
}

/// The first timeline entry written for `source` (a prescription or an administration).
async fn timeline_entry_for(pool: &PgPool, source: Uuid) -> Uuid {
    sqlx::query_scalar("SELECT id FROM timeline_entry WHERE source_id = $1 ORDER BY occurred_at LIMIT 1")
        .bind(source)
        .fetch_one(pool)
        .await
        .expect("timeline entry")
}

const JON: (&str, &str, &str) = ("Jon", "Smith", "1990-02-03");
const JOHN: (&str, &str, &str) = ("John", "SMITH", "1988-07-09");
const PETER: (&str, &str, &str) = ("Peter", "Smith", "1975-11-30");

#[tokio::test]
async fn haz_01_patients_sharing_surname_and_initial_on_one_round_are_both_flagged() {
    let pool = fresh_database().await;
    let ward = ward(&pool).await;
    for (number, who, cell) in
        [("A1004AA", JON, ward.cells[0]), ("A1005AA", JOHN, ward.cells[0]), ("A1006AA", PETER, ward.cells[1])]
    {
        let patient = patient_in_cell(&pool, &ward, number, who, cell).await;
        on_round(&pool, &ward, patient, SERTRALINE, Supply::NotInPossession).await;
    }

    let list = leeds_round(&pool, &ward).await;

    assert!(card(&list, "A1004AA").look_alike, "Jon Smith shares surname and initial with John SMITH");
    assert!(card(&list, "A1005AA").look_alike);
    assert!(!card(&list, "A1006AA").look_alike, "Peter Smith has another initial");
}

#[tokio::test]
async fn haz_01_cellmates_on_a_round_each_carry_their_own_identity_and_medicines() {
    let pool = fresh_database().await;
    let ward = ward(&pool).await;
    let cell = ward.cells[0];
    let adam = patient_in_cell(&pool, &ward, "A2001AA", ("Adam", "Khan", "1991-04-05"), cell).await;
    let bilal = patient_in_cell(&pool, &ward, "A2002AA", ("Bilal", "Okafor", "1985-12-24"), cell).await;
    let adams = on_round(&pool, &ward, adam, SERTRALINE, Supply::NotInPossession).await;
    let bilals = on_round(&pool, &ward, bilal, OMEPRAZOLE, Supply::NotInPossession).await;

    let list = leeds_round(&pool, &ward).await;

    let (a, b) = (card(&list, "A2001AA"), card(&list, "A2002AA"));
    assert_eq!((a.cell.as_str(), b.cell.as_str()), ("A-1-001", "A-1-001"), "one cell, two patients");
    assert_eq!((a.given_name.as_str(), a.date_of_birth.to_string()), ("Adam", "1991-04-05".to_owned()));
    assert_eq!((b.given_name.as_str(), b.date_of_birth.to_string()), ("Bilal", "1985-12-24".to_owned()));
    assert_eq!(a.doses.iter().map(|d| d.prescription_id).collect::<Vec<_>>(), [adams]);
    assert_eq!(b.doses.iter().map(|d| d.prescription_id).collect::<Vec<_>>(), [bilals]);
}

#[tokio::test]
async fn haz_01_the_patient_banner_shows_name_date_of_birth_prison_number_and_cell() {
    use app::components::PatientBannerView;
    use leptos::prelude::*;

    let pool = fresh_database().await;
    let ward = ward(&pool).await;
    let patient = patient_in_cell(&pool, &ward, "A1004AA", JON, ward.cells[0]).await;
    let banner = app::record::ssr::banner(&pool, patient).await.expect("banner");

    let html = Owner::new().with(|| view! { <PatientBannerView banner /> }.to_html());

    for shown in ["SMITH", "Jon", "3 Feb 1990", "A1004AA", "LEI-A-1-001"] {
        assert!(html.contains(shown), "{shown} is missing from the banner: {html}");
    }
}

#[tokio::test]
async fn haz_02_each_patient_on_the_round_comes_with_their_allergies_or_a_warning_that_none_are_recorded() {
    use app::risks::ssr::{record_allergy, record_no_known_allergies};

    let pool = fresh_database().await;
    let ward = ward(&pool).await;
    let nurse = &ward.w.leeds_nurse;
    let allergic = patient_in_cell(&pool, &ward, "A1004AA", JON, ward.cells[0]).await;
    let unasked = patient_in_cell(&pool, &ward, "A1005AA", JOHN, ward.cells[0]).await;
    let none = patient_in_cell(&pool, &ward, "A1006AA", PETER, ward.cells[1]).await;
    record_allergy(&pool, allergic, nurse, "Penicillin", "Anaphylaxis", "life_threatening", "confirmed")
        .await
        .expect("allergy");
    record_no_known_allergies(&pool, none, nurse).await.expect("no known allergies");
    for patient in [allergic, unasked, none] {
        on_round(&pool, &ward, patient, SERTRALINE, Supply::NotInPossession).await;
    }

    let list = leeds_round(&pool, &ward).await;

    match card(&list, "A1004AA").allergies {
        AllergyStatus::Allergies(list) => assert_eq!(list[0].substance, "Penicillin"),
        other => panic!("expected the allergy on the round, got {other:?}"),
    }
    assert_eq!(card(&list, "A1005AA").allergies, AllergyStatus::NotRecorded);
    assert_eq!(card(&list, "A1006AA").allergies, AllergyStatus::NoKnownAllergies);
}

#[tokio::test]
async fn haz_02_the_handover_pack_carries_the_allergies() {
    let pool = fresh_database().await;
    let ward = ward(&pool).await;
    let patient = ward.w.patient_at_leeds;
    app::risks::ssr::record_allergy(
        &pool,
        patient,
        &ward.w.leeds_nurse,
        "Penicillin",
        "Rash",
        "mild",
        "suspected",
    )
    .await
    .expect("allergy");

    let pack = handover::assemble(&pool, patient).await.expect("handover");

    match pack.allergies {
        AllergyStatus::Allergies(list) => assert_eq!(list[0].substance, "Penicillin"),
        other => panic!("expected the allergy in the handover, got {other:?}"),
    }
}

#[tokio::test]
async fn haz_03_a_second_tablet_is_told_who_recorded_the_dose_and_when() {
    let pool = fresh_database().await;
    let ward = ward(&pool).await;
    let other_tablet = fixtures::staff(&pool, "nurse2.lei", Role::Nurse, &[ward.w.leeds]).await;
    let rx = on_round(&pool, &ward, ward.w.patient_at_leeds, SERTRALINE, Supply::NotInPossession).await;
    let first = record_dose(&pool, &ward.w.leeds_nurse, &given(rx, Some(ward.round))).await.expect("first");

    let second = record_dose(&pool, &other_tablet, &given(rx, Some(ward.round))).await;

    let at = app::components::format::time(first.recorded_at);
    match second {
        Err(AppError::Conflict(message)) => {
            assert_eq!(
                message,
                format!("Already recorded: given by nurse.lei at {at}. Nothing more was saved.")
            )
        }
        other => panic!("expected a conflict naming the first nurse, got {other:?}"),
    }
    assert_eq!(count(&pool, "SELECT count(*) FROM administration WHERE prescription_id = $1", rx).await, 1);
}

#[tokio::test]
async fn haz_03_two_tablets_giving_the_same_when_required_dose_at_once_record_one() {
    let pool = fresh_database().await;
    let ward = ward(&pool).await;
    let rx = when_required(&pool, &ward, ward.w.patient_at_leeds).await;

    let attempts: Vec<_> = (0..20)
        .map(|_| {
            let pool = pool.clone();
            let nurse = ward.w.leeds_nurse.clone();
            tokio::spawn(async move { record_dose(&pool, &nurse, &given(rx, None)).await })
        })
        .collect();
    let mut saved = 0;
    for attempt in attempts {
        match attempt.await.expect("task") {
            Ok(_) => saved += 1,
            Err(AppError::Invalid { message, .. }) => assert!(message.starts_with("Too soon"), "{message}"),
            Err(other) => panic!("unexpected error: {other:?}"),
        }
    }

    assert_eq!(saved, 1);
    assert_eq!(count(&pool, "SELECT count(*) FROM administration WHERE prescription_id = $1", rx).await, 1);
}

#[tokio::test]
async fn haz_04_a_patient_at_court_stays_on_the_round_and_is_recorded_away_not_given() {
    use app::transfers::CustodyMovement;

    let pool = fresh_database().await;
    let ward = ward(&pool).await;
    let patient = patient_in_cell(&pool, &ward, "A1004AA", JON, ward.cells[0]).await;
    let rx = on_round(&pool, &ward, patient, SERTRALINE, Supply::NotInPossession).await;
    transfers::record_custody_movement(
        &pool,
        &ward.w.leeds_nurse,
        patient,
        CustodyMovement::CourtOut,
        "Crown Court",
    )
    .await
    .expect("out to court");

    let shown = card(&leeds_round(&pool, &ward).await, "A1004AA");
    assert_eq!(shown.status, WhereaboutsStatus::AtCourt);
    assert_eq!(shown.doses.len(), 1, "the dose is still listed, so it is accounted for");

    let refused = record_dose(&pool, &ward.w.leeds_nurse, &given(rx, Some(ward.round))).await;
    assert!(
        matches!(refused, Err(AppError::Invalid { ref message, .. }) if message.contains("not in the establishment")),
        "{refused:?}"
    );
    let away = DoseEntry {
        outcome: AdministrationOutcome::PatientAway,
        reason: "At Crown Court".into(),
        swallow_confirmed: false,
        ..given(rx, Some(ward.round))
    };
    record_dose(&pool, &ward.w.leeds_nurse, &away).await.expect("recorded as away");
}

#[tokio::test]
async fn haz_04_doses_not_recorded_are_counted_as_missed_for_the_wing() {
    let pool = fresh_database().await;
    let ward = ward(&pool).await;
    let patient = patient_in_cell(&pool, &ward, "A1004AA", JON, ward.cells[0]).await;
    let rx = on_round(&pool, &ward, patient, SERTRALINE, Supply::NotInPossession).await;
    let today = london_date(Utc::now());
    let (yesterday, two_days_ago) = (today - Duration::days(1), today - Duration::days(2));
    sqlx::query(
        "UPDATE prescription SET starts_on = $2, prescribed_at = now() - interval '3 days' WHERE id = $1",
    )
    .bind(rx)
    .bind(two_days_ago)
    .execute(&pool)
    .await
    .expect("backdate");
    record_dose(&pool, &ward.w.leeds_nurse, &given(rx, Some((yesterday, ward.round.1))))
        .await
        .expect("yesterday's dose, recorded late");

    let lines = app::rounds::ssr::missed_doses(&pool, &ward.w.leeds_nurse).await.expect("report");

    let seen: Vec<_> = lines.iter().map(|l| (l.wing.as_str(), l.day, l.due, l.not_recorded)).collect();
    assert_eq!(seen, [("A", yesterday, 1, 0), ("A", two_days_ago, 1, 1)]);
}

#[tokio::test]
async fn haz_05_the_round_stops_at_opioid_substitution_missed_for_three_days_until_a_prescriber_reviews() {
    let pool = fresh_database().await;
    let ward = ward(&pool).await;
    let patient = patient_in_cell(&pool, &ward, "A1004AA", JON, ward.cells[0]).await;
    let rx = on_round(&pool, &ward, patient, METHADONE, Supply::Supervised).await;
    sqlx::query("UPDATE prescription SET starts_on = $2 WHERE id = $1")
        .bind(rx)
        .bind(london_date(Utc::now() - Duration::days(4)))
        .execute(&pool)
        .await
        .expect("prescribed four days ago, never given");

    assert!(card(&leeds_round(&pool, &ward).await, "A1004AA").doses[0].ost_review_required);

    app::medicines::ssr::record_ost_review(&pool, &ward.prescriber, rx, "continue", "Seen; no sedation")
        .await
        .expect("review");
    assert!(!card(&leeds_round(&pool, &ward).await, "A1004AA").doses[0].ost_review_required);
}

#[tokio::test]
async fn haz_06_the_controlled_drugs_register_refuses_changes_and_deletions() {
    let pool = fresh_database().await;
    let ward = ward(&pool).await;
    let methadone = product(&pool, METHADONE).await;
    opening_stock(&pool, &ward, methadone, 100).await;

    let changed = sqlx::query("UPDATE cd_register_entry SET quantity = 1000, balance_after = 1000")
        .execute(&pool)
        .await;
    let deleted = sqlx::query("DELETE FROM cd_register_entry").execute(&pool).await;

    assert!(changed.is_err(), "a register line was changed");
    assert!(deleted.is_err(), "a register line was deleted");
}

#[tokio::test]
async fn haz_06_a_controlled_drug_given_with_no_stock_on_the_register_records_nothing() {
    let pool = fresh_database().await;
    let ward = ward(&pool).await;
    let rx = on_round(&pool, &ward, ward.w.patient_at_leeds, METHADONE, Supply::Supervised).await;

    let refused = record_dose(&pool, &ward.w.leeds_nurse, &witnessed(given(rx, Some(ward.round)))).await;

    assert!(
        matches!(refused, Err(AppError::Invalid { ref message, .. }) if message.contains("holds none recorded")),
        "{refused:?}"
    );
    assert_eq!(count(&pool, "SELECT count(*) FROM administration WHERE prescription_id = $1", rx).await, 0);
}

#[tokio::test]
async fn haz_07_the_handover_leads_with_opioid_substitution_then_critical_medicines_each_with_its_last_dose()
{
    let pool = fresh_database().await;
    let ward = ward(&pool).await;
    let patient = ward.w.patient_at_leeds;
    opening_stock(&pool, &ward, product(&pool, METHADONE).await, 100).await;
    on_round(&pool, &ward, patient, OMEPRAZOLE, Supply::NotInPossession).await;
    let critical = on_round(&pool, &ward, patient, LEVETIRACETAM, Supply::NotInPossession).await;
    let ost = on_round(&pool, &ward, patient, METHADONE, Supply::Supervised).await;
    record_dose(&pool, &ward.w.leeds_nurse, &given(critical, Some(ward.round))).await.expect("given");
    record_dose(&pool, &ward.w.leeds_nurse, &witnessed(given(ost, Some(ward.round)))).await.expect("given");

    let pack = handover::assemble(&pool, patient).await.expect("handover");

    let lines: Vec<_> =
        pack.prescriptions.iter().map(|p| (p.product_name.as_str(), p.last_given_at.is_some())).collect();
    assert_eq!(lines, [(METHADONE, true), (LEVETIRACETAM, true), (OMEPRAZOLE, false)]);
}

#[tokio::test]
async fn haz_08_an_active_medical_hold_is_shown_on_the_banner_and_the_transfer_panel() {
    use app::risks::ssr::{close_alert, open_alerts, raise_alert};

    let pool = fresh_database().await;
    let ward = ward(&pool).await;
    let patient = ward.w.patient_at_leeds;
    raise_alert(&pool, patient, &ward.prescriber, "MEDICAL_HOLD", "Awaiting cardiology").await.expect("hold");

    let banner = app::record::ssr::banner(&pool, patient).await.expect("banner");
    assert!(banner.alerts.iter().any(|a| a.name == "Medical hold"), "{:?}", banner.alerts);
    assert!(transfers::panel(&pool, &ward.w.leeds_nurse, patient).await.expect("panel").medical_hold);

    let hold = open_alerts(&pool, patient).await.expect("open alerts");
    close_alert(&pool, &ward.prescriber, hold[0].id, "Cardiology seen").await.expect("closed");
    assert!(!transfers::panel(&pool, &ward.w.leeds_nurse, patient).await.expect("panel").medical_hold);
}

#[tokio::test]
async fn haz_09_arrivals_on_critical_medicines_lead_the_reconciliation_worklist() {
    let pool = fresh_database().await;
    let ward = ward(&pool).await;
    let moorland_nurse = &ward.w.moorland_nurse;
    let routine = ward.w.patient_at_leeds;
    let critical = fixtures::admitted_patient(&pool, "A3003AA", "Critical", ward.w.leeds).await;
    on_round(&pool, &ward, routine, OMEPRAZOLE, Supply::NotInPossession).await;
    on_round(&pool, &ward, critical, LEVETIRACETAM, Supply::NotInPossession).await;
    let today = london_date(Utc::now());
    // The patient on a routine medicine arrives first.
    for patient in [routine, critical] {
        let nurse = &ward.w.leeds_nurse;
        let id = transfers::schedule(&pool, nurse, patient, "MDI", today, "Re-categorised")
            .await
            .expect("schedule");
        transfers::confirm_fit(&pool, nurse, patient, id, "Fit").await.expect("fit");
        transfers::depart(&pool, nurse, patient, id, None).await.expect("depart");
        transfers::receive(&pool, moorland_nurse, patient, ward.moorland_cell).await.expect("received");
    }

    let due = transfers::reconciliation_due(&pool, ward.w.moorland).await.expect("worklist");

    let order: Vec<_> = due.iter().map(|d| (d.prison_number.as_str(), d.critical_pending)).collect();
    assert_eq!(order, [("A3003AA", 1), ("A1111AA", 0)]);
    // And the receiving round shows the medicines are waiting, not silently absent.
    let list = round_list(&pool, moorland_nurse, ward.round.0, ward.round.1, ward.moorland_landing)
        .await
        .expect("round");
    assert_eq!(card(&list, "A3003AA").reconciliation_due, 1);
}

#[tokio::test]
async fn haz_10_a_dose_of_a_medicine_stopped_after_the_round_list_was_loaded_is_refused() {
    let pool = fresh_database().await;
    let ward = ward(&pool).await;
    let patient = patient_in_cell(&pool, &ward, "A1004AA", JON, ward.cells[0]).await;
    let rx = on_round(&pool, &ward, patient, SERTRALINE, Supply::NotInPossession).await;
    let loaded = leeds_round(&pool, &ward).await;
    assert_eq!(card(&loaded, "A1004AA").doses.len(), 1);

    app::medicines::ssr::stop(&pool, &ward.prescriber, rx, "Low mood resolved").await.expect("stopped");
    let refused = record_dose(&pool, &ward.w.leeds_nurse, &given(rx, Some(ward.round))).await;

    assert!(
        matches!(refused, Err(AppError::Conflict(ref message)) if message.contains("stopped since this list was loaded")),
        "{refused:?}"
    );
    assert!(leeds_round(&pool, &ward).await.patients.is_empty(), "the reloaded list no longer offers it");
}

#[tokio::test]
async fn haz_11_patient_search_finds_only_patients_at_or_coming_to_this_establishment() {
    use app::patients::ssr::search;

    let pool = fresh_database().await;
    let w = fixtures::world(&pool).await;
    let query = |text: &str| PatientQuery::parse(text).expect("a query");

    let own = search(&pool, w.leeds, &query("A1111AA")).await.expect("search");
    let other_by_number = search(&pool, w.leeds, &query("B2222BB")).await.expect("search");
    let other_by_name = search(&pool, w.leeds, &query("Moorland")).await.expect("search");

    assert_eq!(own.len(), 1);
    assert!(other_by_number.is_empty() && other_by_name.is_empty(), "a Moorland patient was found at Leeds");
}

#[tokio::test]
async fn haz_11_a_round_cannot_be_opened_on_another_establishments_landing() {
    let pool = fresh_database().await;
    let ward = ward(&pool).await;

    let list =
        round_list(&pool, &ward.w.leeds_nurse, ward.round.0, ward.round.1, ward.moorland_landing).await;

    assert!(matches!(list, Err(AppError::Invalid { ref field, .. }) if field == "location"), "{list:?}");
}

#[tokio::test]
async fn haz_12_the_database_and_the_app_put_round_times_at_the_same_instant_around_clock_changes() {
    let pool = fresh_database().await;
    let mut dates = Vec::new();
    let mut times = Vec::new();
    for year in 2024..=2035 {
        for month in [3, 10] {
            // The last Sunday of March and of October, and the days either side.
            let last_sunday = (25..=31)
                .filter_map(|day| NaiveDate::from_ymd_opt(year, month, day))
                .find(|d| chrono::Datelike::weekday(d) == chrono::Weekday::Sun)
                .expect("a last Sunday");
            for date in [last_sunday - Duration::days(1), last_sunday, last_sunday + Duration::days(1)] {
                for minutes in (0..24 * 60).step_by(15) {
                    let time = NaiveTime::from_hms_opt(minutes / 60, minutes % 60, 0).expect("time");
                    // The repeated autumn hour is a known difference: see HAZ-12 in the hazard log.
                    if month == 10 && date == last_sunday && minutes / 60 == 1 {
                        continue;
                    }
                    dates.push(date);
                    times.push(time);
                }
            }
        }
    }

    let in_database: Vec<chrono::DateTime<Utc>> = sqlx::query_scalar(
        "SELECT (d + t) AT TIME ZONE 'Europe/London' FROM unnest($1::date[], $2::time[]) WITH ORDINALITY AS x(d, t, n) ORDER BY n",
    )
    .bind(&dates)
    .bind(&times)
    .fetch_all(&pool)
    .await
    .expect("instants");

    assert_eq!(in_database.len(), dates.len());
    for ((date, time), at) in dates.iter().zip(&times).zip(in_database) {
        assert_eq!(round_instant(*date, *time), at, "{date} {time}");
    }
}

#[tokio::test]
async fn haz_13_a_prescription_entered_in_error_leaves_the_round_and_the_handover_and_cannot_be_given() {
    let pool = fresh_database().await;
    let ward = ward(&pool).await;
    let patient = patient_in_cell(&pool, &ward, "A1004AA", JON, ward.cells[0]).await;
    let rx = on_round(&pool, &ward, patient, SERTRALINE, Supply::NotInPossession).await;
    let entry = timeline_entry_for(&pool, rx).await;

    mark_entered_in_error(&pool, &ward.prescriber, entry, "Prescribed for the wrong patient", None)
        .await
        .expect("entered in error");

    assert!(leeds_round(&pool, &ward).await.patients.is_empty(), "still on the round");
    let pack = handover::assemble(&pool, patient).await.expect("handover");
    assert!(pack.prescriptions.is_empty(), "still in the handover");
    let refused = record_dose(&pool, &ward.w.leeds_nurse, &given(rx, Some(ward.round))).await;
    assert!(matches!(refused, Err(AppError::Conflict(_))), "{refused:?}");
}

#[tokio::test]
async fn haz_13_a_when_required_dose_entered_in_error_no_longer_counts_towards_its_limits() {
    let pool = fresh_database().await;
    let ward = ward(&pool).await;
    let rx = when_required(&pool, &ward, ward.w.patient_at_leeds).await;
    let wrong = given(rx, None);
    record_dose(&pool, &ward.w.leeds_nurse, &wrong).await.expect("recorded on the wrong chart");
    let administration: Uuid = sqlx::query_scalar("SELECT id FROM administration WHERE client_entry_id = $1")
        .bind(wrong.client_entry_id)
        .fetch_one(&pool)
        .await
        .expect("administration");
    let entry = timeline_entry_for(&pool, administration).await;

    mark_entered_in_error(&pool, &ward.w.leeds_nurse, entry, "Given to his cellmate, not to him", None)
        .await
        .expect("entered in error");

    record_dose(&pool, &ward.w.leeds_nurse, &given(rx, None))
        .await
        .expect("the dose in error does not make the real one too soon");
}

#[tokio::test]
async fn haz_14_controlled_drugs_are_not_prescribed_to_keep_and_opioid_substitution_is_always_supervised() {
    let pool = fresh_database().await;
    let ward = ward(&pool).await;
    let patient = ward.w.patient_at_leeds;

    for (name, supply, why) in [
        (TRAMADOL, Supply::InPossession, "Schedule 3 controlled drugs cannot be held in possession."),
        (METHADONE, Supply::NotInPossession, "Opioid substitution is always supervised."),
    ] {
        let request = regular(&pool, &ward, name, supply).await;
        let refused = prescribe(&pool, &ward.prescriber, patient, &request).await;
        assert_eq!(refused, Err(AppError::invalid("supply", why)), "{name}");
    }
    assert_eq!(count(&pool, "SELECT count(*) FROM prescription WHERE patient_id = $1", patient).await, 0);
}

#[tokio::test]
async fn haz_15_only_staff_who_may_administer_record_doses() {
    let pool = fresh_database().await;
    let ward = ward(&pool).await;
    let assistant = fixtures::staff(&pool, "hca.lei", Role::HealthcareAssistant, &[ward.w.leeds]).await;
    let rx = on_round(&pool, &ward, ward.w.patient_at_leeds, SERTRALINE, Supply::NotInPossession).await;

    for staff in [&assistant, &ward.w.leeds_admin] {
        let refused = record_dose(&pool, staff, &given(rx, Some(ward.round))).await;
        assert_eq!(refused, Err(AppError::Refused(Refusal::MayNotAdminister)), "{}", staff.display_name);
    }
    assert_eq!(count(&pool, "SELECT count(*) FROM administration WHERE prescription_id = $1", rx).await, 0);
}

#[tokio::test]
async fn haz_16_outstanding_appointments_travel_in_the_handover_and_open_at_the_next_establishment_to_rebook()
{
    let pool = fresh_database().await;
    let ward = ward(&pool).await;
    let patient = ward.w.patient_at_leeds;
    let hospital: Uuid = sqlx::query_scalar(
        "INSERT INTO clinic (establishment_id, kind, name) VALUES ($1, 'hospital', 'Outpatients') RETURNING id",
    )
    .bind(ward.w.leeds)
    .fetch_one(&pool)
    .await
    .expect("clinic");
    let booking = app::appointments::BookingRequest {
        clinic_id: Some(hospital),
        date: (london_date(Utc::now()) + Duration::days(7)).to_string(),
        time: "10:00".into(),
        reason: "Neurology follow-up".into(),
        priority: "soon".into(),
        ..Default::default()
    };
    app::appointments::ssr::book(&pool, &ward.w.leeds_nurse, patient, &booking).await.expect("booked");
    let nurse = &ward.w.leeds_nurse;
    let id = transfers::schedule(&pool, nurse, patient, "MDI", london_date(Utc::now()), "Move")
        .await
        .expect("schedule");
    transfers::confirm_fit(&pool, nurse, patient, id, "").await.expect("fit");
    transfers::depart(&pool, nurse, patient, id, None).await.expect("depart");

    let pack = handover::stored_at_departure(&pool, id).await.expect("read").expect("stored");
    assert_eq!(pack.appointments.len(), 1, "the hospital appointment is in the handover");

    transfers::receive(&pool, &ward.w.moorland_nurse, patient, ward.moorland_cell).await.expect("received");
    let open = app::appointments::ssr::outstanding(&pool, patient).await.expect("outstanding");
    assert_eq!(open.len(), 1);
    assert_eq!(open[0].status, app::domain::appointment::AppointmentStatus::ToRebook);
    assert_eq!(open[0].reason, "Neurology follow-up");
    assert_eq!(open[0].carried_from.as_deref(), Some("HMP Leeds"));
}

#[tokio::test]
async fn haz_12_the_database_and_the_app_put_every_round_time_at_the_same_instant_across_both_clock_changes()
{
    let pool = fresh_database().await;
    let days = ["2026-03-28", "2026-03-29", "2026-03-30", "2026-10-24", "2026-10-25", "2026-10-26"];
    for day in days {
        let date = NaiveDate::parse_from_str(day, "%Y-%m-%d").expect("date");
        // Every quarter hour of the day, the repeated and the skipped hour included.
        for quarter in 0..96u32 {
            let time = NaiveTime::from_hms_opt(quarter / 4, (quarter % 4) * 15, 0).expect("time");
            let in_database: chrono::DateTime<Utc> =
                sqlx::query_scalar("SELECT london_round_instant($1, $2)")
                    .bind(date)
                    .bind(time)
                    .fetch_one(&pool)
                    .await
                    .expect("database instant");
            assert_eq!(in_database, round_instant(date, time), "{day} {time}");
        }
    }
}
