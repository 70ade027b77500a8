//! The tablet's encrypted store (public/offline.js): round lists as last loaded and the queue of
//! entries waiting to sync. Every call fails soft: without the script, a key or IndexedDB the round
//! works online as before, and the caller says so.

use serde::Serialize;
use serde::de::DeserializeOwned;
use uuid::Uuid;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

use super::OfflineEntry;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(catch, js_namespace = throughcareOffline, js_name = hasKey)]
    fn has_key_js() -> Result<js_sys::Promise, JsValue>;
    #[wasm_bindgen(catch, js_namespace = throughcareOffline, js_name = setKeys)]
    fn set_keys_js(json: &str) -> Result<js_sys::Promise, JsValue>;
    #[wasm_bindgen(catch, js_namespace = throughcareOffline, js_name = forgetKey)]
    fn forget_key_js() -> Result<js_sys::Promise, JsValue>;
    #[wasm_bindgen(catch, js_namespace = throughcareOffline, js_name = saveRound)]
    fn save_round_js(name: &str, json: &str) -> Result<js_sys::Promise, JsValue>;
    #[wasm_bindgen(catch, js_namespace = throughcareOffline, js_name = loadRound)]
    fn load_round_js(name: &str) -> Result<js_sys::Promise, JsValue>;
    #[wasm_bindgen(catch, js_namespace = throughcareOffline)]
    fn enqueue(id: &str, json: &str) -> Result<js_sys::Promise, JsValue>;
    #[wasm_bindgen(catch, js_namespace = throughcareOffline)]
    fn queued() -> Result<js_sys::Promise, JsValue>;
    #[wasm_bindgen(catch, js_namespace = throughcareOffline)]
    fn dequeue(id: &str) -> Result<js_sys::Promise, JsValue>;
    #[wasm_bindgen(catch, js_namespace = throughcareOffline, js_name = registerShell)]
    fn register_shell_js() -> Result<(), JsValue>;
    #[wasm_bindgen(catch, js_namespace = throughcareOffline, js_name = rememberPassword)]
    fn remember_password_js(password: &str, username: &str) -> Result<js_sys::Promise, JsValue>;
    #[wasm_bindgen(catch, js_namespace = throughcareOffline, js_name = checkPassword)]
    fn check_password_js(password: &str) -> Result<js_sys::Promise, JsValue>;
    #[wasm_bindgen(catch, js_namespace = throughcareOffline, js_name = lockedFor)]
    fn locked_for_js() -> Result<js_sys::Promise, JsValue>;
    #[wasm_bindgen(catch, js_namespace = throughcareOffline, js_name = setLocked)]
    fn set_locked_js(locked: bool) -> Result<js_sys::Promise, JsValue>;
    #[wasm_bindgen(catch, js_namespace = throughcareOffline, js_name = isLocked)]
    fn is_locked_js() -> Result<bool, JsValue>;
    #[wasm_bindgen(catch, js_namespace = throughcareOffline, js_name = queuedCount)]
    fn queued_count_js() -> Result<js_sys::Promise, JsValue>;
}

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("the tablet's offline storage is not available: {0}")]
    Unavailable(String),
    #[error("stored data could not be read: {0}")]
    Corrupt(String),
}

fn unavailable(e: JsValue) -> StoreError {
    StoreError::Unavailable(e.as_string().unwrap_or_else(|| format!("{e:?}")))
}

async fn settle(promise: Result<js_sys::Promise, JsValue>) -> Result<JsValue, StoreError> {
    JsFuture::from(promise.map_err(unavailable)?).await.map_err(unavailable)
}

/// Whether this tab holds the user's keys unlocked.
pub async fn has_key() -> bool {
    settle(has_key_js()).await.ok().and_then(|v| v.as_bool()).unwrap_or(false)
}

/// Fetches this user's keys while online, unless this tab already holds them unlocked.
pub async fn ensure_key() -> Result<(), StoreError> {
    if has_key().await {
        return Ok(());
    }
    let keys = super::offline_queue_key().await.map_err(|e| StoreError::Unavailable(e.to_string()))?;
    let json = serde_json::to_string(&keys).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    settle(set_keys_js(&json)).await.map(|_| ())
}

/// Forgets the keys, unlocked and wrapped, and the cached pages that name this user.
pub fn forget_key() {
    let _ = forget_key_js();
}

/// [`forget_key`], finished: before the page is left, so that the deletion is not cut short.
pub async fn forget_key_now() {
    if let Err(e) = settle(forget_key_js()).await {
        leptos::logging::warn!("offline keys not forgotten: {e}");
    }
}

/// Wraps the user's keys under a password the server has just accepted, for an offline unlock.
pub fn remember_password(password: &str, username: &str) {
    if let Ok(promise) = remember_password_js(password, username) {
        leptos::task::spawn_local(async move {
            if let Err(e) = JsFuture::from(promise).await {
                leptos::logging::warn!("offline unlock not prepared: {}", unavailable(e));
            }
        });
    }
}

/// What the tablet says about a password typed at the lock screen with no network.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OfflinePasswordCheck {
    Right,
    Wrong {
        tries_left: u32,
    },
    /// Too many wrong tries: the tablet has forgotten the key, as a sign-out would.
    SignedOut,
    /// The tablet holds no wrapped keys (signed in before the page had loaded, say).
    Unavailable,
}

pub async fn check_password(password: &str) -> OfflinePasswordCheck {
    match settle(check_password_js(password)).await.ok().and_then(|v| v.as_string()).as_deref() {
        Some("right") => OfflinePasswordCheck::Right,
        Some("signed-out") => OfflinePasswordCheck::SignedOut,
        Some(other) => match other.strip_prefix("wrong:").map(str::parse) {
            Some(Ok(tries_left)) => OfflinePasswordCheck::Wrong { tries_left },
            _ => OfflinePasswordCheck::Unavailable,
        },
        None => OfflinePasswordCheck::Unavailable,
    }
}

/// The username the wrapped keys belong to, if the tablet holds any.
pub async fn locked_for() -> Option<String> {
    settle(locked_for_js()).await.ok().and_then(|v| v.as_string()).filter(|u| !u.is_empty())
}

/// Locking drops the unlocked keys (only the password brings them back); unlocking only clears
/// the flag, the keys having come back with the password.
pub fn set_locked(locked: bool) {
    if let Ok(promise) = set_locked_js(locked) {
        leptos::task::spawn_local(async move {
            if let Err(e) = JsFuture::from(promise).await {
                leptos::logging::warn!("offline lock not recorded: {}", unavailable(e));
            }
        });
    }
}

pub fn is_locked() -> bool {
    is_locked_js().unwrap_or(false)
}

/// How many entries anyone has left waiting on this tablet.
pub async fn queued_count() -> u32 {
    settle(queued_count_js()).await.ok().and_then(|v| v.as_f64()).map_or(0, |n| n as u32)
}

pub fn register_shell() {
    let _ = register_shell_js();
}

pub async fn save<T: Serialize>(name: &str, value: &T) -> Result<(), StoreError> {
    let json = serde_json::to_string(value).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    settle(save_round_js(name, &json)).await.map(|_| ())
}

pub async fn load<T: DeserializeOwned>(name: &str) -> Result<Option<T>, StoreError> {
    let value = settle(load_round_js(name)).await?;
    match value.as_string() {
        None => Ok(None),
        Some(json) => serde_json::from_str(&json).map(Some).map_err(|e| StoreError::Corrupt(e.to_string())),
    }
}

pub async fn add_to_queue(item: &OfflineEntry) -> Result<(), StoreError> {
    let json = serde_json::to_string(item).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    settle(enqueue(&item.entry.client_entry_id.to_string(), &json)).await.map(|_| ())
}

/// This user's queue, oldest first.
pub async fn queue() -> Result<Vec<OfflineEntry>, StoreError> {
    let value = settle(queued()).await?;
    let json = value.as_string().unwrap_or_else(|| "[]".to_owned());
    serde_json::from_str(&json).map_err(|e| StoreError::Corrupt(e.to_string()))
}

pub async fn remove_from_queue(client_entry_id: Uuid) -> Result<(), StoreError> {
    settle(dequeue(&client_entry_id.to_string())).await.map(|_| ())
}
