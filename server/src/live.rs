//! Round activity from PostgreSQL NOTIFY to the browsers connected to this instance. Every
//! instance listens, so a dose recorded through one instance reaches tablets on all of them.

use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::State;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use futures::Stream;
use sqlx::PgPool;
use sqlx::postgres::PgListener;
use tokio::sync::broadcast::error::RecvError;
use tower_sessions::Session;
use tower_sessions_sqlx_store::PostgresStore;
use uuid::Uuid;

use app::auth::ssr::{Activity, StaffContext, active_staff_row, signed_in_for};
use app::domain::Capability;
use app::error::AppError;
use app::live::{LiveHub, ROUND_ACTIVITY_CHANNEL, RoundActivity, hub::LiveSignal};
use app::state::AppState;

/// Listens for round activity for as long as the process runs, reconnecting after failures.
/// After any gap, connected browsers are told to reload what they show.
pub fn spawn_listener(pool: PgPool, hub: LiveHub) {
    tokio::spawn(async move {
        loop {
            if let Err(error) = listen(&pool, &hub).await {
                tracing::warn!(%error, "round activity listener lost its connection; reconnecting");
            }
            hub.publish(LiveSignal::Resync);
            tokio::time::sleep(Duration::from_millis(500)).await;
        }
    });
}

async fn listen(pool: &PgPool, hub: &LiveHub) -> Result<(), sqlx::Error> {
    let mut listener = PgListener::connect_with(pool).await?;
    // A lost connection surfaces as an error so that browsers resync, not as a silent gap.
    listener.ignore_pool_close_event(false);
    listener.listen(ROUND_ACTIVITY_CHANNEL).await?;
    loop {
        let notification = listener.recv().await?;
        match serde_json::from_str::<RoundActivity>(notification.payload()) {
            Ok(activity) => hub.publish(LiveSignal::Activity(activity)),
            Err(error) => tracing::error!(%error, "unreadable round activity notification"),
        }
    }
}

/// How often an open stream checks that its session may still hear round activity, besides
/// before every event it sends.
const RECHECK_EVERY: Duration = Duration::from_secs(5);

/// `GET /api/live/round-activity`: server-sent events for the signed-in user's establishment,
/// for as long as the session may see round activity. Checked when it opens (the role refusal
/// audited), then before every event and every [`RECHECK_EVERY`]: a sign-out, a locked screen,
/// an idle or expired session, a deactivated account, a change of establishment or of role ends
/// the stream. The stream is background, not use: it never refreshes the idle and lock clocks.
pub async fn round_activity(State(state): State<AppState>, session: Session) -> Response {
    let Some(session_id) = session.id() else {
        return http::StatusCode::UNAUTHORIZED.into_response();
    };
    let watch = SessionWatch { store: Arc::new(PostgresStore::new(state.pool.clone())), session_id, state };
    let staff = match watch.staff().await {
        Ok(staff) => staff,
        Err(error) => return error.status().into_response(),
    };
    if let Err(error) = app::access::require_capability(
        &watch.state.pool,
        &staff,
        ROUND_ACTIVITY,
        app::audit::AuditAction::LiveRoundActivityRole,
    )
    .await
    {
        return error.status().into_response();
    }
    let receiver = watch.state.live.subscribe();
    Sse::new(events_for(watch, staff.establishment_id, staff.staff_id, receiver))
        .keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
        .into_response()
}

/// Round activity names patients being given medicines: the clinical roles that see rounds.
const ROUND_ACTIVITY: Capability = Capability::ClinicalAccess;

/// The session behind an open stream, read afresh from the store at every check: the request's
/// own copy was loaded once, when the stream opened, and would never see a sign-out or a lock.
struct SessionWatch {
    state: AppState,
    store: Arc<PostgresStore>,
    session_id: tower_sessions::session::Id,
}

impl SessionWatch {
    async fn staff(&self) -> Result<StaffContext, AppError> {
        // The expiry the session layer gives (startup.rs), for when the check saves the session
        // (a screen that has just reached its lock period is stored locked).
        let lifetime =
            i64::try_from(self.state.session_rules.absolute_lifetime.as_secs()).unwrap_or(i64::MAX);
        let expiry = tower_sessions::Expiry::OnInactivity(time::Duration::seconds(lifetime));
        let session = Session::new(Some(self.session_id), self.store.clone(), Some(expiry));
        let auth = signed_in_for(&session, &self.state.session_rules, Activity::Background).await?;
        let establishment_id = auth.establishment_id.ok_or(AppError::NoEstablishmentChosen)?;
        let row = active_staff_row(&self.state.pool, auth.staff_id, establishment_id).await?;
        let Some((display_name, role)) = row else { return Err(AppError::NotSignedIn) };
        Ok(StaffContext { staff_id: auth.staff_id, display_name, role, establishment_id })
    }

    /// Whether the stream opened for `staff_id` at `establishment_id` may go on.
    async fn still_allowed(&self, establishment_id: Uuid, staff_id: Uuid) -> bool {
        match self.staff().await {
            Ok(staff) => {
                staff.staff_id == staff_id
                    && staff.establishment_id == establishment_id
                    && staff.role.may(ROUND_ACTIVITY)
            }
            Err(error) => {
                tracing::info!(%staff_id, %error, "live updates stream closed: the session may no longer hear them");
                false
            }
        }
    }
}

fn events_for(
    watch: SessionWatch,
    establishment_id: Uuid,
    staff_id: Uuid,
    receiver: tokio::sync::broadcast::Receiver<LiveSignal>,
) -> impl Stream<Item = Result<Event, Infallible>> {
    let mut ticker = tokio::time::interval(RECHECK_EVERY);
    ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    futures::stream::unfold((watch, receiver, ticker), move |(watch, mut receiver, mut ticker)| async move {
        loop {
            let event = tokio::select! {
                received = receiver.recv() => match received {
                    Ok(LiveSignal::Activity(a)) if a.establishment_id == establishment_id => {
                        Event::default().event("round").data(a.patient_id.to_string())
                    }
                    Ok(LiveSignal::Activity(_)) => continue,
                    Ok(LiveSignal::Resync) | Err(RecvError::Lagged(_)) => Event::default().event("resync").data(""),
                    Err(RecvError::Closed) => return None,
                },
                _ = ticker.tick() => {
                    if watch.still_allowed(establishment_id, staff_id).await {
                        continue;
                    }
                    return None;
                }
            };
            // Before anything is sent: the session may have ended since the last check.
            if !watch.still_allowed(establishment_id, staff_id).await {
                return None;
            }
            return Some((Ok(event), (watch, receiver, ticker)));
        }
    })
}
