//! Prescribing and rounds against a real database: the rules that stop harm on a round must
//! hold whatever the tablets do at the same moment.

use app::domain::prescribing::Supply;
use chrono::{Duration, NaiveTime, Utc};
use sqlx::PgPool;
use uuid::Uuid;

use crate::support::fixtures::dose_given as given;
use crate::support::{fixtures, fresh_database};
use app::auth::ssr::StaffContext;
use app::domain::Role;
use app::domain::round_schedule::london_date;
use app::error::AppError;
use app::medicines::PrescriptionRequest;
use app::medicines::ssr::{prescribe, record_ost_review, summary};
use app::rounds::ssr::record_dose;

const METHADONE: &str = "Methadone 1mg/ml oral solution sugar free";
const SERTRALINE: &str = "Sertraline 50mg tablets";
const AMOXICILLIN: &str = "Amoxicillin 500mg capsules";
const IBUPROFEN: &str = "Ibuprofen 400mg tablets";

struct Ward {
    w: fixtures::World,
    prescriber: StaffContext,
    witness: StaffContext,
    /// A round whose due window is open now.
    round: (chrono::NaiveDate, NaiveTime),
}

/// Leeds with a round every hour, so that a round is due whenever the test runs.
async fn ward(pool: &PgPool) -> Ward {
    let w = fixtures::world(pool).await;
    let round = fixtures::hourly_rounds(pool, &[w.leeds]).await;
    let prescriber = fixtures::staff(pool, "dr.lei", Role::Prescriber, &[w.leeds]).await;
    let witness = fixtures::staff(pool, "witness.lei", Role::Nurse, &[w.leeds]).await;
    Ward { w, prescriber, witness, round }
}

async fn product(pool: &PgPool, name: &str) -> i64 {
    sqlx::query_scalar("SELECT code FROM medicine_product WHERE name = $1")
        .bind(name)
        .fetch_one(pool)
        .await
        .expect("product in the catalogue")
}

fn regular(code: i64, dose: &str, at: NaiveTime, supply: Supply) -> PrescriptionRequest {
    PrescriptionRequest {
        product_code: Some(code),
        kind: Some(app::domain::prescribing::PrescriptionKind::Regular),
        supply: Some(supply),
        dose: dose.into(),
        round_times: vec![at],
        starts_on: Some(london_date(Utc::now())),
        indication: "Test indication".into(),
        ..Default::default()
    }
}

/// A witnessed opening receipt of `quantity` into the Leeds controlled drugs register.
async fn opening_stock(pool: &PgPool, ward: &Ward, product_code: i64, quantity: i32) {
    let (nurse, witness) = (&ward.w.leeds_nurse, &ward.witness);
    fixtures::opening_stock(pool, ward.w.leeds, (nurse, witness), product_code, quantity).await;
}

/// A regular prescription for the Leeds patient at the round open now, by the ward's prescriber.
async fn prescribed(pool: &PgPool, ward: &Ward, product_code: i64, dose: &str, supply: Supply) -> Uuid {
    prescribe(
        pool,
        &ward.prescriber,
        ward.w.patient_at_leeds,
        &regular(product_code, dose, ward.round.1, supply),
    )
    .await
    .expect("prescribe")
}

/// The timeline entry written for the administration a tablet saved under `client_entry_id`.
async fn timeline_entry_of(pool: &PgPool, client_entry_id: Uuid) -> Uuid {
    sqlx::query_scalar(
        "SELECT t.id FROM timeline_entry t JOIN administration a ON a.id = t.source_id WHERE a.client_entry_id = $1",
    )
    .bind(client_entry_id)
    .fetch_one(pool)
    .await
    .expect("timeline entry")
}

async fn count(pool: &PgPool, sql: &str, id: Uuid) -> i64 {
    sqlx::query_scalar(sql).bind(id).fetch_one(pool).await.expect("count")
}

#[tokio::test]
async fn a_thousand_tablets_recording_the_same_dose_at_once_make_one_administration() {
    let pool = fresh_database().await;
    let ward = ward(&pool).await;
    let code = product(&pool, SERTRALINE).await;
    let rx = prescribed(&pool, &ward, code, "1", Supply::NotInPossession).await;

    let attempts: Vec<_> = (0..1_000)
        .map(|_| {
            let pool = pool.clone();
            let nurse = ward.w.leeds_nurse.clone();
            let entry = given(rx, Some(ward.round));
            tokio::spawn(async move { record_dose(&pool, &nurse, &entry).await })
        })
        .collect();
    let mut saved = 0;
    for attempt in attempts {
        match attempt.await.expect("task") {
            Ok(_) => saved += 1,
            Err(AppError::Conflict(message)) => assert!(message.contains("Already recorded"), "{message}"),
            Err(other) => panic!("unexpected error: {other:?}"),
        }
    }
    assert_eq!(saved, 1);
    assert_eq!(count(&pool, "SELECT count(*) FROM administration WHERE prescription_id = $1", rx).await, 1);
    assert_eq!(
        count(
            &pool,
            "SELECT count(*) FROM timeline_entry WHERE kind = 'administration' AND patient_id = $1",
            ward.w.patient_at_leeds
        )
        .await,
        1
    );
}

#[tokio::test]
async fn a_retry_with_the_same_entry_id_is_recognised_not_doubled() {
    let pool = fresh_database().await;
    let ward = ward(&pool).await;
    let code = product(&pool, IBUPROFEN).await;
    let mut request = regular(code, "1", ward.round.1, Supply::NotInPossession);
    request.kind = Some(app::domain::prescribing::PrescriptionKind::Prn);
    request.round_times.clear();
    request.prn_min_interval_minutes = Some(240);
    request.prn_max_per_24h = Some(3);
    let rx = prescribe(&pool, &ward.prescriber, ward.w.patient_at_leeds, &request).await.expect("prescribe");

    let entry = given(rx, None);
    record_dose(&pool, &ward.w.leeds_nurse, &entry).await.expect("first");
    record_dose(&pool, &ward.w.leeds_nurse, &entry)
        .await
        .expect("the retry is answered with the saved entry");
    assert_eq!(count(&pool, "SELECT count(*) FROM administration WHERE prescription_id = $1", rx).await, 1);

    // A new attempt inside the minimum interval is refused, saying when.
    match record_dose(&pool, &ward.w.leeds_nurse, &given(rx, None)).await {
        Err(AppError::Invalid { message, .. }) => assert!(message.starts_with("Too soon"), "{message}"),
        other => panic!("expected a refusal, got {other:?}"),
    }
}

#[tokio::test]
async fn the_controlled_drug_balance_stays_exact_under_concurrent_doses_and_never_goes_negative() {
    let pool = fresh_database().await;
    let ward = ward(&pool).await;
    let code = product(&pool, METHADONE).await;
    opening_stock(&pool, &ward, code, 100).await;

    let mut prescriptions = Vec::new();
    for i in 0..12 {
        let patient =
            fixtures::admitted_patient(&pool, &format!("C{i:04}CC"), "Methadone", ward.w.leeds).await;
        let rx = prescribe(
            &pool,
            &ward.prescriber,
            patient,
            &regular(code, "10", ward.round.1, Supply::Supervised),
        )
        .await
        .expect("prescribe");
        prescriptions.push(rx);
    }
    let doses: Vec<_> = prescriptions
        .into_iter()
        .map(|rx| {
            let pool = pool.clone();
            let nurse = ward.w.leeds_nurse.clone();
            let mut entry = given(rx, Some(ward.round));
            entry.witness_username = "witness.lei".into();
            entry.witness_password = fixtures::PASSWORD.into();
            tokio::spawn(async move { record_dose(&pool, &nurse, &entry).await })
        })
        .collect();
    let mut saved = 0;
    for dose in doses {
        match dose.await.expect("task") {
            Ok(done) => {
                assert_eq!(done.witnessed_by.as_deref(), Some("witness.lei"));
                saved += 1;
            }
            Err(AppError::Invalid { message, .. }) => {
                assert!(message.contains("controlled drugs register holds"), "{message}")
            }
            Err(other) => panic!("unexpected error: {other:?}"),
        }
    }
    assert_eq!(saved, 10, "100 ml covers ten 10 ml doses");
    let balance: String = sqlx::query_scalar("SELECT balance::text FROM cd_stock WHERE product_code = $1")
        .bind(code)
        .fetch_one(&pool)
        .await
        .expect("balance");
    assert_eq!(balance, "0.000");
    let afters: Vec<String> = sqlx::query_scalar(
        "SELECT balance_after::int::text FROM cd_register_entry WHERE kind = 'administration' ORDER BY balance_after DESC",
    )
    .fetch_all(&pool)
    .await
    .expect("register");
    assert_eq!(afters, ["90", "80", "70", "60", "50", "40", "30", "20", "10", "0"]);
    assert_eq!(
        count(&pool, "SELECT count(*) FROM administration WHERE establishment_id = $1", ward.w.leeds).await,
        10
    );
}

#[tokio::test]
async fn a_controlled_drug_needs_a_second_person_with_their_own_password() {
    let pool = fresh_database().await;
    let ward = ward(&pool).await;
    let code = product(&pool, METHADONE).await;
    let rx = prescribed(&pool, &ward, code, "30", Supply::Supervised).await;
    let mut entry = given(rx, Some(ward.round));
    let refused = record_dose(&pool, &ward.w.leeds_nurse, &entry).await;
    assert!(
        matches!(refused, Err(AppError::Invalid { ref field, .. }) if field == "witness_username"),
        "{refused:?}"
    );
    entry.witness_username = "nurse.lei".into();
    entry.witness_password = fixtures::PASSWORD.into();
    let own = record_dose(&pool, &ward.w.leeds_nurse, &entry).await;
    assert!(
        matches!(own, Err(AppError::Invalid { ref message, .. }) if message.contains("second member of staff"))
    );
    entry.witness_username = "witness.lei".into();
    entry.witness_password = "wrong".into();
    let wrong = record_dose(&pool, &ward.w.leeds_nurse, &entry).await;
    assert!(matches!(wrong, Err(AppError::Invalid { ref field, .. }) if field == "witness_password"));
    assert_eq!(count(&pool, "SELECT count(*) FROM administration WHERE prescription_id = $1", rx).await, 0);
}

#[tokio::test]
async fn prescribing_enforces_the_never_in_possession_list_of_the_establishment() {
    let pool = fresh_database().await;
    let ward = ward(&pool).await;
    let code = product(&pool, SERTRALINE).await;
    sqlx::query(
        "INSERT INTO never_in_possession (establishment_id, product_code, reason, added_by) VALUES ($1, $2, 'Local policy', $3)",
    )
    .bind(ward.w.leeds)
    .bind(code)
    .bind(ward.prescriber.staff_id)
    .execute(&pool)
    .await
    .expect("list");
    let request = regular(code, "1", ward.round.1, Supply::InPossession);
    let refused = prescribe(&pool, &ward.prescriber, ward.w.patient_at_leeds, &request).await;
    assert!(matches!(refused, Err(AppError::Invalid { ref field, .. }) if field == "supply"), "{refused:?}");

    let moorland_doctor = fixtures::staff(&pool, "dr.mdi", Role::Prescriber, &[ward.w.moorland]).await;
    sqlx::query("INSERT INTO round_time (establishment_id, time_of_day, label) SELECT $1, time_of_day, label FROM round_time WHERE establishment_id = $2")
        .bind(ward.w.moorland)
        .bind(ward.w.leeds)
        .execute(&pool)
        .await
        .expect("round times");
    prescribe(&pool, &moorland_doctor, ward.w.patient_at_moorland, &request)
        .await
        .expect("Moorland does not list it, so it may be kept in possession there");

    let nurse = prescribe(
        &pool,
        &ward.w.leeds_nurse,
        ward.w.patient_at_leeds,
        &regular(code, "1", ward.round.1, Supply::NotInPossession),
    )
    .await;
    assert!(matches!(nurse, Err(AppError::Refused(_))), "only prescribers prescribe");
}

#[tokio::test]
async fn a_prescription_matching_an_allergy_needs_an_override_reason() {
    let pool = fresh_database().await;
    let ward = ward(&pool).await;
    app::risks::ssr::record_allergy(
        &pool,
        ward.w.patient_at_leeds,
        &ward.w.leeds_nurse,
        "Penicillin",
        "Anaphylaxis",
        "life_threatening",
        "confirmed",
    )
    .await
    .expect("allergy");
    let code = product(&pool, AMOXICILLIN).await;
    let mut request = regular(code, "1", ward.round.1, Supply::NotInPossession);
    match prescribe(&pool, &ward.prescriber, ward.w.patient_at_leeds, &request).await {
        Err(AppError::Invalid { field, message }) => {
            assert_eq!(field, "allergy_override_reason");
            assert!(message.contains("Penicillin"), "{message}");
        }
        other => panic!("expected the allergy check, got {other:?}"),
    }
    request.allergy_override_reason = "Tolerated amoxicillin in 2024 under observation".into();
    let rx = prescribe(&pool, &ward.prescriber, ward.w.patient_at_leeds, &request).await.expect("override");
    let stored: Option<String> =
        sqlx::query_scalar("SELECT allergy_override_reason FROM prescription WHERE id = $1")
            .bind(rx)
            .fetch_one(&pool)
            .await
            .expect("stored");
    assert_eq!(stored.as_deref(), Some("Tolerated amoxicillin in 2024 under observation"));
}

#[tokio::test]
async fn opioid_substitution_missed_three_days_stops_until_a_prescriber_reviews() {
    let pool = fresh_database().await;
    let ward = ward(&pool).await;
    let code = product(&pool, METHADONE).await;
    let rx = prescribed(&pool, &ward, code, "40", Supply::Supervised).await;
    // Prescribed four days ago and never given since.
    let four_days_ago = london_date(Utc::now() - Duration::days(4));
    sqlx::query("UPDATE prescription SET starts_on = $2 WHERE id = $1")
        .bind(rx)
        .bind(four_days_ago)
        .execute(&pool)
        .await
        .expect("backdate");
    opening_stock(&pool, &ward, code, 500).await;
    let mut entry = given(rx, Some(ward.round));
    entry.witness_username = "witness.lei".into();
    entry.witness_password = fixtures::PASSWORD.into();

    let stopped = record_dose(&pool, &ward.w.leeds_nurse, &entry).await;
    assert!(
        matches!(stopped, Err(AppError::Invalid { ref message, .. }) if message.contains("prescriber must review")),
        "{stopped:?}"
    );
    let shown = summary(&pool, &ward.w.leeds_nurse, ward.w.patient_at_leeds).await.expect("summary");
    assert!(shown.prescriptions[0].ost_review_required);

    let by_nurse = record_ost_review(&pool, &ward.w.leeds_nurse, rx, "continue", "Seen").await;
    assert!(matches!(by_nurse, Err(AppError::Refused(_))));
    record_ost_review(&pool, &ward.prescriber, rx, "continue", "Seen today; no sedation; continue 40 ml")
        .await
        .expect("review");

    record_dose(&pool, &ward.w.leeds_nurse, &entry).await.expect("the dose after review");
}

#[tokio::test]
async fn a_recorded_dose_is_announced_to_every_app_instance() {
    let pool = fresh_database().await;
    let ward = ward(&pool).await;
    let mut listener = sqlx::postgres::PgListener::connect_with(&pool).await.expect("listener");
    listener.listen(app::live::ROUND_ACTIVITY_CHANNEL).await.expect("listen");
    let code = product(&pool, SERTRALINE).await;
    let rx = prescribed(&pool, &ward, code, "1", Supply::NotInPossession).await;
    record_dose(&pool, &ward.w.leeds_nurse, &given(rx, Some(ward.round))).await.expect("dose");
    // The prescription and then the dose.
    for _ in 0..2 {
        let n = tokio::time::timeout(std::time::Duration::from_secs(5), listener.recv())
            .await
            .expect("notified in time")
            .expect("notification");
        let activity: app::live::RoundActivity = serde_json::from_str(n.payload()).expect("payload");
        assert_eq!(activity.establishment_id, ward.w.leeds);
        assert_eq!(activity.patient_id, ward.w.patient_at_leeds);
        assert!(!n.payload().contains("Sertraline"), "ids only, never clinical content");
    }
}

#[tokio::test]
async fn a_dose_entered_in_error_frees_its_round_slot_but_a_witnessed_cd_dose_is_corrected_in_the_register() {
    use app::timeline::ssr::mark_entered_in_error;

    let pool = fresh_database().await;
    let ward = ward(&pool).await;
    let code = product(&pool, SERTRALINE).await;
    let rx = prescribed(&pool, &ward, code, "1", Supply::NotInPossession).await;
    let first = given(rx, Some(ward.round));
    record_dose(&pool, &ward.w.leeds_nurse, &first).await.expect("dose");
    let entry = timeline_entry_of(&pool, first.client_entry_id).await;
    mark_entered_in_error(&pool, &ward.w.leeds_nurse, entry, "Recorded against the wrong patient", None)
        .await
        .expect("entered in error");
    record_dose(&pool, &ward.w.leeds_nurse, &given(rx, Some(ward.round)))
        .await
        .expect("the real dose can now be recorded");
    assert_eq!(
        count(&pool, "SELECT count(*) FROM administration WHERE prescription_id = $1", rx).await,
        2,
        "nothing is deleted"
    );

    let methadone = product(&pool, METHADONE).await;
    opening_stock(&pool, &ward, methadone, 100).await;
    let cd = prescribed(&pool, &ward, methadone, "30", Supply::Supervised).await;
    let mut dose = given(cd, Some(ward.round));
    dose.witness_username = "witness.lei".into();
    dose.witness_password = fixtures::PASSWORD.into();
    record_dose(&pool, &ward.w.leeds_nurse, &dose).await.expect("cd dose");
    let cd_entry = timeline_entry_of(&pool, dose.client_entry_id).await;
    let refused = mark_entered_in_error(&pool, &ward.w.leeds_nurse, cd_entry, "Wrong patient", None).await;
    assert!(
        matches!(refused, Err(AppError::Invalid { ref message, .. }) if message.contains("controlled drugs register"))
    );
}

#[tokio::test]
async fn only_in_possession_prescriptions_are_supplied_to_keep_and_the_supply_is_on_the_record() {
    use app::domain::Dose;
    use app::medicines::ssr::supply_in_possession;

    let pool = fresh_database().await;
    let ward = ward(&pool).await;
    let code = product(&pool, SERTRALINE).await;
    let kept = prescribed(&pool, &ward, code, "1", Supply::InPossession).await;
    let given = prescribed(&pool, &ward, code, "1", Supply::NotInPossession).await;

    supply_in_possession(&pool, &ward.w.leeds_nurse, kept, Dose::from_thousandths(28_000))
        .await
        .expect("supply");
    let refused =
        supply_in_possession(&pool, &ward.w.leeds_nurse, given, Dose::from_thousandths(28_000)).await;
    assert!(matches!(refused, Err(AppError::Invalid { ref field, .. }) if field == "quantity"));

    let shown = summary(&pool, &ward.w.leeds_nurse, ward.w.patient_at_leeds).await.expect("summary");
    let supplied = shown
        .prescriptions
        .iter()
        .find(|p| p.id == kept)
        .and_then(|p| p.last_supply.clone())
        .expect("supply shown");
    assert_eq!(supplied.quantity, Dose::from_thousandths(28_000));
    assert_eq!(supplied.supplied_by, "nurse.lei");
    let on_timeline: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM timeline_entry WHERE patient_id = $1 AND summary LIKE 'Supplied to keep: Sertraline%'",
    )
    .bind(ward.w.patient_at_leeds)
    .fetch_one(&pool)
    .await
    .expect("timeline");
    assert_eq!(on_timeline, 1);
}

#[tokio::test]
async fn two_app_instances_share_the_session_and_a_dose_recorded_on_one_is_pushed_by_the_other() {
    use crate::support::{client, spawn_server};

    let pool = fresh_database().await;
    let ward = ward(&pool).await;
    let code = product(&pool, SERTRALINE).await;
    let rx = prescribed(&pool, &ward, code, "1", Supply::NotInPossession).await;
    let first = spawn_server(pool.clone(), Default::default()).await;
    let second = spawn_server(pool.clone(), Default::default()).await;
    let tablet = client();
    first.sign_in(&tablet, "nurse.lei", fixtures::PASSWORD).await;

    // Signed in through the first instance; the second knows the session from PostgreSQL.
    let mut stream = tablet
        .get(format!("{}{}", second.base_url, app::live::ROUND_ACTIVITY_PATH))
        .send()
        .await
        .expect("event stream opens");
    assert_eq!(stream.status(), 200, "the session made on one instance is valid on the other");

    let sent = std::time::Instant::now();
    let recorded = tablet
        .post(format!("{}/api/record_dose", first.base_url))
        .json(&serde_json::json!({ "entry": given(rx, Some(ward.round)) }))
        .send()
        .await
        .expect("dose request");
    assert!(recorded.status().is_success(), "dose recorded: {}", recorded.text().await.unwrap_or_default());

    let wanted = format!("data: {}", ward.w.patient_at_leeds);
    let mut received = String::new();
    let pushed = tokio::time::timeout(std::time::Duration::from_secs(1), async {
        while !received.contains(&wanted) {
            match stream.chunk().await.expect("stream readable") {
                Some(bytes) => received.push_str(&String::from_utf8_lossy(&bytes)),
                None => break,
            }
        }
    })
    .await;
    assert!(pushed.is_ok() && received.contains("event: round"), "pushed within a second: {received:?}");
    assert!(sent.elapsed() < std::time::Duration::from_secs(1));
}
