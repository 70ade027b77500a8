//! Locks a shared tablet's screen after a few minutes without use and signs it out after the idle
//! timeout, and tells the server while the user is active so that long typing is not mistaken
//! for inactivity.

use leptos::prelude::Callback;

#[cfg(feature = "hydrate")]
mod browser {
    use std::cell::Cell;

    use leptos::prelude::{Callable, Callback};

    use crate::auth::{keep_alive, lock_now, sign_out};

    thread_local! {
        static INSTALLED: Cell<bool> = const { Cell::new(false) };
        static LOCKED: Cell<bool> = const { Cell::new(false) };
        static LAST_ACTIVITY: Cell<f64> = const { Cell::new(0.0) };
        static LAST_PING: Cell<f64> = const { Cell::new(0.0) };
    }

    const CHECK_EVERY_MS: u32 = 2_000;

    fn go_to_sign_in(reason: &str) {
        let to = format!("/sign-in?reason={reason}");
        // Before leaving, and finished before leaving (IndexedDB deletes are asynchronous):
        // offline, the sign-in page cannot load to do it.
        leptos::task::spawn_local(async move {
            crate::offline::tablet_store::forget_key_now().await;
            if let Some(window) = web_sys::window() {
                let _ = window.location().set_href(&to);
            }
        });
    }

    pub fn unlocked() {
        LOCKED.with(|l| l.set(false));
        crate::offline::tablet_store::set_locked(false);
        let now = js_sys::Date::now();
        LAST_ACTIVITY.with(|c| c.set(now));
        LAST_PING.with(|c| c.set(now));
    }

    /// Locks here at once, and tells the server when it can be reached.
    pub fn lock(on_lock: Callback<()>) {
        if LOCKED.with(|l| l.replace(true)) {
            return;
        }
        crate::offline::tablet_store::set_locked(true);
        on_lock.run(());
        leptos::task::spawn_local(async {
            let _ = lock_now().await;
        });
    }

    pub fn install(timeout_secs: u64, lock_after_secs: u64, on_lock: Callback<()>) {
        if INSTALLED.with(|i| i.replace(true)) {
            return;
        }
        let now = js_sys::Date::now();
        LAST_ACTIVITY.with(|c| c.set(now));
        LAST_PING.with(|c| c.set(now));
        if crate::offline::tablet_store::is_locked() {
            // Reloaded while locked: offline the page came from the tablet's copy, and the
            // server could not send it to the lock screen.
            lock(on_lock);
        }
        let Some(window) = web_sys::window() else {
            return;
        };
        for event in ["keydown", "pointerdown", "touchstart", "input", "wheel"] {
            gloo::events::EventListener::new(&window, event, |_| {
                // Typing a password into the lock screen is not use of the record.
                if !LOCKED.with(Cell::get) {
                    LAST_ACTIVITY.with(|c| c.set(js_sys::Date::now()));
                }
            })
            .forget();
        }
        let timeout_ms = timeout_secs as f64 * 1000.0;
        let lock_ms = lock_after_secs as f64 * 1000.0;
        let ping_every_ms = (timeout_ms.min(lock_ms) / 3.0).min(60_000.0);
        gloo::timers::callback::Interval::new(CHECK_EVERY_MS, move || {
            let now = js_sys::Date::now();
            let last_activity = LAST_ACTIVITY.with(Cell::get);
            if now - last_activity >= timeout_ms {
                leptos::task::spawn_local(async {
                    let _ = sign_out().await;
                    go_to_sign_in("idle");
                });
                return;
            }
            if lock_ms < timeout_ms && now - last_activity >= lock_ms && !LOCKED.with(Cell::get) {
                lock(on_lock);
                return;
            }
            let last_ping = LAST_PING.with(Cell::get);
            if !LOCKED.with(Cell::get) && last_activity > last_ping && now - last_ping >= ping_every_ms {
                LAST_PING.with(|c| c.set(now));
                leptos::task::spawn_local(async {
                    if let Err(e) = keep_alive().await
                        && e.needs_sign_in()
                    {
                        go_to_sign_in("idle");
                    }
                });
            }
        })
        .forget();
    }
}

/// Starts watching for inactivity once, in the browser; does nothing on the server.
pub fn watch_for_idle(timeout_secs: u64, lock_after_secs: u64, on_lock: Callback<()>) {
    #[cfg(feature = "hydrate")]
    browser::install(timeout_secs, lock_after_secs, on_lock);
    #[cfg(not(feature = "hydrate"))]
    let _ = (timeout_secs, lock_after_secs, on_lock);
}

/// Locks the screen now, with or without a network.
pub fn lock(on_lock: Callback<()>) {
    #[cfg(feature = "hydrate")]
    browser::lock(on_lock);
    #[cfg(not(feature = "hydrate"))]
    let _ = on_lock;
}

/// The user unlocked the screen: inactivity counts again from now.
pub fn unlocked() {
    #[cfg(feature = "hydrate")]
    browser::unlocked();
}
