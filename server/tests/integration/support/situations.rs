//! Patients in each situation a member of staff at Leeds can meet, each with one of everything a
//! server function can be pointed at (prescriptions, an alert, a problem, a note, an appointment,
//! a transfer). Everything is made through the application's own functions, while the patient
//! is still at their establishment, and then the patient is moved into the situation.

use app::domain::prescribing::Supply;
use std::sync::atomic::{AtomicU32, Ordering};

use chrono::{Duration, NaiveDate, NaiveTime, Utc};
use sqlx::PgPool;
use uuid::Uuid;

use app::appointments::BookingRequest;
use app::auth::ssr::StaffContext;
use app::discharge::DischargeRequest;
use app::domain::Role;
use app::domain::round_schedule::london_date;
use app::medicines::PrescriptionRequest;

use super::fixtures;

/// Where the patient stands to Leeds, where every signed-in user of the matrix works.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Situation {
    AtMine,
    Elsewhere,
    InTransitToMe,
    /// Departed from Leeds, not yet received anywhere.
    InTransitFromMe,
    /// Departed from Leeds and received at Moorland within Leeds' read-after-leaving period.
    TransferredAway,
    /// Released from Leeds, within the same period.
    Released,
    /// At Moorland, and every Leeds user has open break-glass access to the record.
    BreakGlass,
}

impl Situation {
    /// In the order of the lines of every expectation grid.
    pub const ALL: [Situation; 7] = [
        Situation::AtMine,
        Situation::Elsewhere,
        Situation::InTransitToMe,
        Situation::InTransitFromMe,
        Situation::TransferredAway,
        Situation::Released,
        Situation::BreakGlass,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Situation::AtMine => "at my establishment",
            Situation::Elsewhere => "elsewhere",
            Situation::InTransitToMe => "in transit to me",
            Situation::InTransitFromMe => "in transit from me",
            Situation::TransferredAway => "transferred away",
            Situation::Released => "released",
            Situation::BreakGlass => "break-glass active",
        }
    }
}

pub const OMEPRAZOLE: i64 = 99002011000001104;
pub const PARACETAMOL: i64 = 322236009;
pub const METHADONE: i64 = 99000011000001103;
pub const ASTHMA: i64 = 195967001;

/// Leeds and Moorland, staff of every role at Leeds, and what every establishment needs.
pub struct MatrixWorld {
    pub leeds: Uuid,
    pub moorland: Uuid,
    /// Leeds staff in the order of [`Role::ALL`].
    pub leeds_staff: Vec<StaffContext>,
    pub moorland_nurse: StaffContext,
    pub moorland_prescriber: StaffContext,
    pub round: (NaiveDate, NaiveTime),
    pub leeds_landing: Uuid,
    pub leeds_cell: Uuid,
    pub moorland_cell: Uuid,
    pub leeds_clinic: Uuid,
    pub moorland_clinic: Uuid,
    /// An entry on Leeds' never-in-possession list.
    pub leeds_never_in_possession: Uuid,
}

pub fn username(role: Role) -> String {
    format!("{}.lei", role.as_db())
}

impl MatrixWorld {
    pub async fn build(pool: &PgPool) -> Self {
        let leeds = fixtures::establishment(pool, "LEI", "HMP Leeds").await;
        let moorland = fixtures::establishment(pool, "MDI", "HMP Moorland").await;
        // A third establishment to schedule, redirect and remand patients to.
        fixtures::establishment(pool, "WWI", "HMP Wandsworth").await;
        let mut leeds_staff = Vec::new();
        for role in Role::ALL {
            leeds_staff.push(fixtures::staff(pool, &username(role), role, &[leeds]).await);
        }
        let moorland_nurse = fixtures::staff(pool, "nurse.mdi", Role::Nurse, &[moorland]).await;
        let moorland_prescriber =
            fixtures::staff(pool, "prescriber.mdi", Role::Prescriber, &[moorland]).await;
        let round = fixtures::hourly_rounds(pool, &[leeds, moorland]).await;
        let (leeds_landing, leeds_cell) = cell(pool, leeds).await;
        let (_, moorland_cell) = cell(pool, moorland).await;
        let leeds_clinic = clinic(pool, leeds).await;
        let moorland_clinic = clinic(pool, moorland).await;
        let pharmacist = &leeds_staff[2];
        let leeds_never_in_possession = sqlx::query_scalar(
            "INSERT INTO never_in_possession (establishment_id, product_code, reason, added_by)
             VALUES ($1, 317297007, 'Local policy', $2) RETURNING id",
        )
        .bind(leeds)
        .bind(pharmacist.staff_id)
        .fetch_one(pool)
        .await
        .expect("never-in-possession entry");
        MatrixWorld {
            leeds,
            moorland,
            leeds_staff,
            moorland_nurse,
            moorland_prescriber,
            round,
            leeds_landing,
            leeds_cell,
            moorland_cell,
            leeds_clinic,
            moorland_clinic,
            leeds_never_in_possession,
        }
    }

    /// A patient at Moorland whom every Leeds user reached under break-glass that has since
    /// expired: no more than [`Situation::Elsewhere`].
    pub async fn subject_after_break_glass_expired(&self, pool: &PgPool) -> Subject {
        let subject = self.subject(pool, Situation::Elsewhere).await;
        for staff in &self.leeds_staff {
            sqlx::query(
                "INSERT INTO break_glass_access (staff_id, establishment_id, patient_id, patient_establishment_id, reason, started_at, expires_at)
                 VALUES ($1, $2, $3, $4, 'Matrix: emergency at court', now() - interval '2 hours', now() - interval '1 hour')",
            )
            .bind(staff.staff_id)
            .bind(self.leeds)
            .bind(subject.patient_id)
            .bind(self.moorland)
            .execute(pool)
            .await
            .expect("expired break-glass access");
        }
        subject
    }

    pub fn leeds(&self, role: Role) -> &StaffContext {
        let i = Role::ALL.iter().position(|r| *r == role).expect("every role has Leeds staff");
        &self.leeds_staff[i]
    }

    /// A new patient in `situation`, with one of everything.
    pub async fn subject(&self, pool: &PgPool, situation: Situation) -> Subject {
        use Situation::*;
        let at_leeds = matches!(situation, AtMine | InTransitFromMe | TransferredAway | Released);
        let (home, nurse, prescriber, clinic_id, away) = if at_leeds {
            (self.leeds, self.leeds(Role::Nurse), self.leeds(Role::Prescriber), self.leeds_clinic, "MDI")
        } else {
            (self.moorland, &self.moorland_nurse, &self.moorland_prescriber, self.moorland_clinic, "LEI")
        };
        let prison_number = next_prison_number();
        let patient_id = fixtures::admitted_patient(pool, &prison_number, "Matrix", home).await;
        let rx = |code, supply: Supply| prescription(code, supply, self.round.1);
        let prescribe = |request: PrescriptionRequest| async move {
            app::medicines::ssr::prescribe(pool, prescriber, patient_id, &request).await.expect("prescribe")
        };
        let regular_rx = prescribe(rx(OMEPRAZOLE, Supply::NotInPossession)).await;
        let in_possession_rx = prescribe(rx(PARACETAMOL, Supply::InPossession)).await;
        let ost_rx = prescribe(rx(METHADONE, Supply::Supervised)).await;
        app::risks::ssr::raise_alert(pool, patient_id, nurse, "VIOLENT", "Matrix alert")
            .await
            .expect("alert");
        let alert_id = one_id(pool, "SELECT id FROM alert WHERE patient_id = $1", patient_id).await;
        app::problems::ssr::record_problem(pool, patient_id, nurse, ASTHMA, "").await.expect("problem");
        let problem_id = one_id(pool, "SELECT id FROM problem WHERE patient_id = $1", patient_id).await;
        // A dose taken from the in-possession supply, so the record has a day's medicines summary.
        sqlx::query(
            "INSERT INTO administration (prescription_id, patient_id, establishment_id, outcome, dose, recorded_by)
             VALUES ($1, $2, $3, 'self_administered', 1, $4)",
        )
        .bind(in_possession_rx)
        .bind(patient_id)
        .bind(home)
        .bind(nurse.staff_id)
        .execute(pool)
        .await
        .expect("dose");
        let day_summary_id = one_id(
            pool,
            "SELECT id FROM timeline_entry WHERE patient_id = $1 AND kind = 'administration_day'",
            patient_id,
        )
        .await;
        let note_id = app::timeline::ssr::add_note(pool, patient_id, nurse, "Matrix note", None)
            .await
            .expect("note")
            .id;
        let appointment_id =
            app::appointments::ssr::book(pool, nurse, patient_id, &booking(clinic_id)).await.expect("book");
        let transfer_id =
            app::transfers::ssr::schedule(pool, nurse, patient_id, away, london_date(Utc::now()), "Matrix")
                .await
                .expect("schedule transfer");
        if situation != Released {
            app::transfers::ssr::confirm_fit(pool, nurse, patient_id, transfer_id, "Fit")
                .await
                .expect("fit to transfer");
        }
        let depart = || async {
            app::transfers::ssr::depart(pool, nurse, patient_id, transfer_id, None).await.expect("depart")
        };
        match situation {
            AtMine | Elsewhere => {}
            BreakGlass => {
                for staff in &self.leeds_staff {
                    sqlx::query(
                        "INSERT INTO break_glass_access (staff_id, establishment_id, patient_id, patient_establishment_id, reason, expires_at)
                         VALUES ($1, $2, $3, $4, 'Matrix: emergency at court', now() + interval '1 hour')",
                    )
                    .bind(staff.staff_id)
                    .bind(self.leeds)
                    .bind(patient_id)
                    .bind(self.moorland)
                    .execute(pool)
                    .await
                    .expect("break-glass access");
                }
            }
            InTransitToMe | InTransitFromMe => depart().await,
            TransferredAway => {
                depart().await;
                app::transfers::ssr::receive(pool, &self.moorland_nurse, patient_id, self.moorland_cell)
                    .await
                    .expect("receive at Moorland");
            }
            Released => {
                let request = DischargeRequest {
                    community_prescriber: "Leeds community drug service".into(),
                    ..Default::default()
                };
                app::discharge::ssr::release(pool, nurse, patient_id, &request).await.expect("release");
            }
        }
        Subject {
            prison_number,
            patient_id,
            regular_rx,
            in_possession_rx,
            ost_rx,
            alert_id,
            problem_id,
            note_id,
            day_summary_id,
            appointment_id,
            transfer_id,
        }
    }
}

/// One patient and the ids of what is on their record.
#[derive(Clone, Debug)]
pub struct Subject {
    pub prison_number: String,
    pub patient_id: Uuid,
    pub regular_rx: Uuid,
    pub in_possession_rx: Uuid,
    pub ost_rx: Uuid,
    pub alert_id: Uuid,
    pub problem_id: Uuid,
    pub note_id: Uuid,
    /// The timeline's summary of the day's medicines.
    pub day_summary_id: Uuid,
    pub appointment_id: Uuid,
    /// Scheduled (and, but for released patients, confirmed fit); departed for patients in
    /// transit or transferred away.
    pub transfer_id: Uuid,
}

/// Prison numbers no demo or fixture patient has: `M` followed by a counter.
fn next_prison_number() -> String {
    static NEXT: AtomicU32 = AtomicU32::new(0);
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    let letters = |k: u32| char::from(b'A' + u8::try_from(k % 26).expect("a letter"));
    format!("M{:04}{}{}", n % 10_000, letters(n / 10_000 / 26), letters(n / 10_000))
}

fn prescription(product_code: i64, supply: Supply, at: NaiveTime) -> PrescriptionRequest {
    PrescriptionRequest {
        product_code: Some(product_code),
        kind: Some(app::domain::prescribing::PrescriptionKind::Regular),
        supply: Some(supply),
        dose: "1".into(),
        round_times: vec![at],
        starts_on: Some(london_date(Utc::now())),
        indication: "Matrix".into(),
        ..Default::default()
    }
}

/// An appointment tomorrow at ten.
pub fn booking(clinic_id: Uuid) -> BookingRequest {
    BookingRequest {
        clinic_id: Some(clinic_id),
        date: (london_date(Utc::now()) + Duration::days(1)).to_string(),
        time: "10:00".into(),
        reason: "Review".into(),
        priority: "routine".into(),
        ..Default::default()
    }
}

async fn one_id(pool: &PgPool, sql: &str, patient_id: Uuid) -> Uuid {
    sqlx::query_scalar(sql).bind(patient_id).fetch_one(pool).await.expect(sql)
}

async fn clinic(pool: &PgPool, establishment: Uuid) -> Uuid {
    sqlx::query_scalar(
        "INSERT INTO clinic (establishment_id, kind, name, slot_minutes, opens, closes)
         VALUES ($1, 'gp', 'GP clinic', 15, '00:00', '23:59') RETURNING id",
    )
    .bind(establishment)
    .fetch_one(pool)
    .await
    .expect("clinic")
}

/// A landing and a cell on it (under wing A).
pub async fn cell(pool: &PgPool, establishment: Uuid) -> (Uuid, Uuid) {
    let wing = location(pool, establishment, None, ("wing", "A", "A wing")).await;
    let landing = location(pool, establishment, Some(wing), ("landing", "A-1", "A wing, landing 1")).await;
    let cell = location(pool, establishment, Some(landing), ("cell", "A-1-001", "Cell 001")).await;
    (landing, cell)
}

async fn location(
    pool: &PgPool,
    establishment: Uuid,
    parent: Option<Uuid>,
    (kind, code, description): (&str, &str, &str),
) -> Uuid {
    sqlx::query_scalar(
        "INSERT INTO location (establishment_id, parent_id, kind, code, description)
         VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(establishment)
    .bind(parent)
    .bind(kind)
    .bind(code)
    .bind(description)
    .fetch_one(pool)
    .await
    .expect("location")
}
