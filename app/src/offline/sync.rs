//! Sending the tablet's queue when the network is back: in order, each entry with its own id so
//! a retry is recognised; a conflict leaves the queue for the server's list of conflicts.

use leptos::prelude::*;

use super::status::{Connection, OfflineRound};
use super::{SyncOutcome, sync_offline_dose, tablet_store};
use crate::error::AppError;

pub async fn drain(state: OfflineRound) {
    state.sync_problem.set(None);
    let queue = match tablet_store::queue().await {
        Ok(queue) => queue,
        Err(e) => {
            state.sync_problem.set(Some(format!("Cannot read this tablet's queue: {e}")));
            return;
        }
    };
    let mut stuck = Vec::new();
    let mut any_synced = false;
    for item in queue {
        let id = item.entry.client_entry_id;
        match sync_offline_dose(item.clone()).await {
            Ok(outcome) => {
                state.connection.set(Connection::Live);
                if matches!(outcome, SyncOutcome::Conflict(_)) {
                    state.conflicts_changed.update(|v| *v = v.wrapping_add(1));
                }
                // Only once the server has it: a crash before this line sends it again, harmlessly.
                if let Err(e) = tablet_store::remove_from_queue(id).await {
                    state
                        .sync_problem
                        .set(Some(format!("Synced, but the tablet could not update its queue: {e}")));
                }
                any_synced = true;
            }
            Err(AppError::Unreachable(_)) => {
                state.connection.set(Connection::Offline);
                stuck.push(item);
                break;
            }
            Err(
                error @ (AppError::NotSignedIn
                | AppError::SessionIdle
                | AppError::SessionExpired
                | AppError::SessionLocked),
            ) => {
                state.sync_problem.set(Some(format!("{error} The entries stay on this tablet until then.")));
                stuck.push(item);
                break;
            }
            Err(error) => {
                state.sync_problem.set(Some(format!("An entry could not be synced: {error}")));
                stuck.push(item);
            }
        }
    }
    // What is left is whatever the tablet still holds (entries after a stop included).
    if let Ok(left) = tablet_store::queue().await {
        state.waiting.set(left);
    } else {
        state.waiting.set(stuck);
    }
    if any_synced {
        state.synced.update(|v| *v = v.wrapping_add(1));
    }
}
