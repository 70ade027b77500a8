//! The tablet's queue is sent from whichever page the nurse is on, not only the round: when the
//! browser says the network is back, and every 15 seconds while entries wait.

use super::status::OfflineRound;

/// Reads this user's queue back (after a reload or a sign-in) and keeps it moving. Called once,
/// by the signed-in layout.
pub fn keep_the_queue_moving(offline: OfflineRound) {
    #[cfg(feature = "hydrate")]
    leptos::prelude::Effect::new(move |_| {
        use leptos::prelude::*;

        use super::status::Connection;
        use super::tablet_store;

        leptos::task::spawn_local(async move {
            // Without the key nothing can be read; it is fetched only if anything waits here.
            if (tablet_store::has_key().await || tablet_store::queued_count().await > 0)
                && tablet_store::ensure_key().await.is_ok()
            {
                offline.restore_then_sync().await;
            }
        });
        if let Some(window) = web_sys::window()
            && !window.navigator().on_line()
        {
            offline.connection.set(Connection::Offline);
        }
        let window = gloo::utils::window();
        let online = gloo::events::EventListener::new(&window, "online", move |_| offline.sync());
        let gone = gloo::events::EventListener::new(&window, "offline", move |_| {
            offline.connection.set(Connection::Offline)
        });
        let retry = gloo::timers::callback::Interval::new(15_000, move || {
            if !offline.waiting.with_untracked(Vec::is_empty) {
                offline.sync();
            }
        });
        let held = send_wrapper::SendWrapper::new((online, gone, retry));
        on_cleanup(move || drop(held));
    });
    #[cfg(not(feature = "hydrate"))]
    let _ = offline;
}
