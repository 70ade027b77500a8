//! The round as the tablet sees it: from the server when there is a network (keeping an encrypted
//! copy), from that copy when there is not.

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use leptos::prelude::*;
use uuid::Uuid;

use super::{RoundList, RoundOptions, load_round, load_round_options};
use crate::error::AppError;
use crate::offline::{Connection, OfflineRound};

fn went_live(offline: OfflineRound) {
    offline.connection.set(Connection::Live);
}

/// Where the copy of the list is kept on the tablet, or `None` when it cannot be.
async fn can_keep_copies() -> bool {
    #[cfg(feature = "hydrate")]
    {
        crate::offline::tablet_store::ensure_key().await.is_ok()
    }
    #[cfg(not(feature = "hydrate"))]
    {
        false
    }
}

async fn keep_copy<T: serde::Serialize>(_name: &str, _value: &(DateTime<Utc>, T)) {
    #[cfg(feature = "hydrate")]
    if let Err(e) = crate::offline::tablet_store::save(_name, _value).await {
        leptos::logging::warn!("round list not kept for offline use: {e}");
    }
}

async fn copy_of<T: serde::de::DeserializeOwned>(_name: &str) -> Option<(DateTime<Utc>, T)> {
    #[cfg(feature = "hydrate")]
    {
        crate::offline::tablet_store::load(_name).await.ok().flatten()
    }
    #[cfg(not(feature = "hydrate"))]
    {
        None
    }
}

pub async fn round_options(offline: OfflineRound) -> Result<RoundOptions, AppError> {
    match load_round_options().await {
        Ok(options) => {
            went_live(offline);
            if can_keep_copies().await {
                keep_copy("options", &(Utc::now(), &options)).await;
            }
            Ok(options)
        }
        Err(AppError::Unreachable(detail)) => {
            offline.connection.set(Connection::Offline);
            copy_of::<RoundOptions>("options").await.map(|(_, o)| o).ok_or(AppError::Unreachable(detail))
        }
        Err(e) => Err(e),
    }
}

pub async fn round_list(
    offline: OfflineRound,
    date: NaiveDate,
    time: NaiveTime,
    location: Uuid,
) -> Result<RoundList, AppError> {
    let name = format!("round/{date}/{}/{location}", time.format("%H:%M"));
    match load_round(date, time, location).await {
        Ok(list) => {
            let now = Utc::now();
            went_live(offline);
            offline.list_loaded_at.set(Some(now));
            if can_keep_copies().await {
                keep_copy(&name, &(now, &list)).await;
            }
            offline.sync();
            Ok(list)
        }
        Err(AppError::Unreachable(detail)) => {
            offline.connection.set(Connection::Offline);
            match copy_of::<RoundList>(&name).await {
                Some((loaded_at, list)) => {
                    offline.list_loaded_at.set(Some(loaded_at));
                    Ok(list)
                }
                None => Err(AppError::Unreachable(detail)),
            }
        }
        Err(e) => Err(e),
    }
}
