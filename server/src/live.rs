//! Round activity from PostgreSQL NOTIFY to the browsers connected to this instance. Every
//! instance listens, so a dose recorded through one instance reaches tablets on all of them.

use std::convert::Infallible;
use std::time::Duration;

use axum::extract::State;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use futures::Stream;
use sqlx::PgPool;
use sqlx::postgres::PgListener;
use tokio::sync::broadcast::error::RecvError;
use tower_sessions::Session;

use app::auth::ssr::signed_in;
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

/// `GET /api/live/round-activity`: server-sent events for the signed-in user's establishment.
pub async fn round_activity(State(state): State<AppState>, session: Session) -> Response {
    let establishment_id = match signed_in(&session, &state.session_rules).await {
        Ok(auth) => auth.establishment_id,
        Err(_) => None,
    };
    let Some(establishment_id) = establishment_id else {
        return http::StatusCode::UNAUTHORIZED.into_response();
    };
    let receiver = state.live.subscribe();
    Sse::new(events_for(establishment_id, receiver))
        .keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
        .into_response()
}

fn events_for(
    establishment_id: uuid::Uuid,
    receiver: tokio::sync::broadcast::Receiver<LiveSignal>,
) -> impl Stream<Item = Result<Event, Infallible>> {
    futures::stream::unfold(receiver, move |mut receiver| async move {
        loop {
            let event = match receiver.recv().await {
                Ok(LiveSignal::Activity(a)) if a.establishment_id == establishment_id => {
                    Event::default().event("round").data(a.patient_id.to_string())
                }
                Ok(LiveSignal::Activity(_)) => continue,
                Ok(LiveSignal::Resync) | Err(RecvError::Lagged(_)) => {
                    Event::default().event("resync").data("")
                }
                Err(RecvError::Closed) => return None,
            };
            return Some((Ok(event), receiver));
        }
    })
}
