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
    fn has_key_js() -> Result<bool, JsValue>;
    #[wasm_bindgen(catch, js_namespace = throughcareOffline, js_name = setKey)]
    fn set_key_js(hex: &str, owner: &str) -> Result<(), JsValue>;
    #[wasm_bindgen(catch, js_namespace = throughcareOffline, js_name = forgetKey)]
    fn forget_key_js() -> Result<(), JsValue>;
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

pub fn has_key() -> bool {
    has_key_js().unwrap_or(false)
}

/// Fetches this user's key while online, unless this tab already holds it.
pub async fn ensure_key() -> Result<(), StoreError> {
    if has_key() {
        return Ok(());
    }
    let (hex, owner) =
        super::offline_queue_key().await.map_err(|e| StoreError::Unavailable(e.to_string()))?;
    set_key_js(&hex, &owner.to_string()).map_err(unavailable)
}

pub fn forget_key() {
    let _ = forget_key_js();
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
