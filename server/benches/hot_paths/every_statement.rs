//! The statements a server function runs besides its own query, run raw: loading the session,
//! checking the account (and, for a patient, how the patient stands to the user) and writing the
//! audit entry. With them the raw figure is everything the database does for the request, so the
//! ratio to the server function is what HTTP, Leptos and JSON add.

use app::audit::{AuditEntry, Outcome};
use app::auth::ssr::{StaffContext, active_staff_row};
use app::domain::{PrisonNumber, Role};
use sqlx::PgPool;
use tower_sessions::session::Id;
use tower_sessions::session_store::SessionStore;
use tower_sessions_sqlx_store::PostgresStore;
use uuid::Uuid;

use crate::common::BenchResult;

/// A signed-in user as the server sees them: their session's id in the session store, and who
/// they are.
pub struct SignedInUser {
    store: PostgresStore,
    session_id: Id,
    pub staff: StaffContext,
}

impl SignedInUser {
    /// The user behind `session_cookie` (the value of the session cookie a client was given),
    /// signed in as `username` at `establishment_id`.
    pub async fn from_cookie(
        pool: &PgPool,
        session_cookie: &str,
        username: &str,
        establishment_id: Uuid,
    ) -> BenchResult<Self> {
        let session_id: Id = session_cookie.parse().map_err(|e| format!("session cookie: {e}"))?;
        let (staff_id, display_name, role): (Uuid, String, Role) =
            sqlx::query_as("SELECT id, display_name, role FROM staff WHERE username = $1")
                .bind(username)
                .fetch_one(pool)
                .await?;
        let staff = StaffContext { staff_id, display_name, role, establishment_id };
        Ok(Self { store: PostgresStore::new(pool.clone()), session_id, staff })
    }

    async fn load_session(&self) -> BenchResult<()> {
        self.store.load(&self.session_id).await?.ok_or("the session is gone")?;
        Ok(())
    }

    /// The start of a staff server function: the session, then the account.
    pub async fn staff_request(&self, pool: &PgPool) -> BenchResult<()> {
        self.load_session().await?;
        active_staff_row(pool, self.staff.staff_id, self.staff.establishment_id)
            .await
            .map_err(|e| e.to_string())?
            .ok_or("the account is not active here")?;
        Ok(())
    }

    /// The start of a patient server function: the session, the account with the patient's
    /// whereabouts, and the audited decision. Returns the patient's id.
    pub async fn patient_request(
        &self,
        pool: &PgPool,
        prison_number: &str,
        action: app::audit::AuditAction,
    ) -> BenchResult<Uuid> {
        self.load_session().await?;
        let prison_number = PrisonNumber::parse(prison_number).map_err(|e| e.to_string())?;
        let row = app::access::patient_access_row(
            pool,
            self.staff.staff_id,
            self.staff.establishment_id,
            &prison_number,
        )
        .await
        .map_err(|e| e.to_string())?
        .ok_or("the account is not active here")?;
        let patient_id = row.patient_id.ok_or("no such patient")?;
        self.audit(pool, Some(patient_id), action, "").await?;
        Ok(patient_id)
    }

    pub async fn audit(
        &self,
        pool: &PgPool,
        patient_id: Option<Uuid>,
        action: app::audit::AuditAction,
        detail: &str,
    ) -> BenchResult<()> {
        let entry = AuditEntry::by_staff(&self.staff, patient_id, action, Outcome::Allowed, detail);
        app::audit::record(pool, entry).await.map_err(|e| e.to_string())?;
        Ok(())
    }
}
