//! What every password check on the server passes through, whatever asks for it (sign-in, unlock,
//! change of password, controlled-drug witness): a per-address rate limit, so one device cannot
//! guess at the speed of the server, and a cap on Argon2 hashes running at once, so a flood of
//! sign-ins cannot take every core and ~19 MiB a hash of memory from the nurses recording doses.

use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use std::net::IpAddr;
use std::num::NonZeroU32;
use std::sync::{Arc, OnceLock};
use std::time::Duration;
use tokio::sync::{Semaphore, SemaphorePermit};

use super::client_address::ClientAddress;
use crate::error::AppError;

/// The limits, from configuration (see `server/src/config.rs`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PasswordCheckLimits {
    /// Password attempts one address may make in a minute (sign-in, unlock, change of password and
    /// witness together), with a burst of as many.
    pub attempts_per_minute_per_address: u32,
    /// Argon2 hashes run at once.
    pub hashes_at_once: usize,
    /// How long a check waits for a free hash before answering "busy": long enough to ride out the
    /// start of a shift, short enough that the person gets an answer.
    pub wait_for_a_hash: Duration,
}

impl Default for PasswordCheckLimits {
    fn default() -> Self {
        // One core is left for care: a hash takes a core for tens of milliseconds.
        let cores = std::thread::available_parallelism().map_or(1, usize::from);
        Self {
            attempts_per_minute_per_address: 30,
            hashes_at_once: cores.saturating_sub(1).max(1),
            wait_for_a_hash: Duration::from_secs(5),
        }
    }
}

/// The limiter and the hash cap, shared by every request of one app instance.
#[derive(Clone, Debug)]
pub struct PasswordChecks {
    per_address: Arc<DefaultKeyedRateLimiter<IpAddr>>,
    hashes: Arc<Semaphore>,
    wait_for_a_hash: Duration,
}

impl PasswordChecks {
    pub fn new(limits: PasswordCheckLimits) -> Self {
        let per_minute = NonZeroU32::new(limits.attempts_per_minute_per_address).unwrap_or(NonZeroU32::MIN);
        Self {
            per_address: Arc::new(RateLimiter::keyed(Quota::per_minute(per_minute))),
            hashes: Arc::new(Semaphore::new(limits.hashes_at_once.max(1))),
            wait_for_a_hash: limits.wait_for_a_hash,
        }
    }

    /// The app instance's checks; outside a request (a test or benchmark calling in-process) one
    /// shared set with the default limits.
    pub fn current() -> Self {
        static OUTSIDE_A_REQUEST: OnceLock<PasswordChecks> = OnceLock::new();
        match leptos::prelude::use_context::<crate::state::AppState>() {
            Some(state) => state.password_checks,
            None => OUTSIDE_A_REQUEST.get_or_init(PasswordChecks::default).clone(),
        }
    }

    /// Takes one attempt from `client`'s allowance, or refuses when the minute's are used up.
    pub fn admit(&self, client: ClientAddress) -> Result<(), AppError> {
        self.per_address.check_key(&client.0).map_err(|_| {
            tracing::info!(client = %client.0, "password attempts from one address over the limit");
            AppError::TooManyAttempts
        })
    }

    /// Waits for a free hash (or answers busy). Taken before an attempt is counted, so that an
    /// attempt turned away as busy costs the account nothing.
    pub async fn hash_slot(&self) -> Result<SemaphorePermit<'_>, AppError> {
        match tokio::time::timeout(self.wait_for_a_hash, self.hashes.acquire()).await {
            Ok(Ok(permit)) => Ok(permit),
            Ok(Err(_closed)) => Err(AppError::Internal),
            Err(_elapsed) => {
                tracing::warn!("no free password hash; answered busy");
                Err(AppError::Busy)
            }
        }
    }

    /// Checks `password` against `stored_hash` in a hash slot already taken, off the async workers.
    pub async fn verify(
        _slot: &SemaphorePermit<'_>,
        password: String,
        stored_hash: String,
    ) -> Result<bool, AppError> {
        super::password::verify_password(password, stored_hash).await
    }

    /// Hashes a new password in a hash slot (waiting for one, or busy), off the async workers.
    pub async fn hash_new(&self, password: String) -> Result<String, AppError> {
        let _slot = self.hash_slot().await?;
        super::password::blocking(move || super::hash_password(&password)).await?
    }

    /// Forgets addresses whose allowance has refilled, so the table does not grow for good.
    pub fn forget_refilled(&self) {
        self.per_address.retain_recent();
    }
}

impl Default for PasswordChecks {
    fn default() -> Self {
        Self::new(PasswordCheckLimits::default())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn address(text: &str) -> ClientAddress {
        ClientAddress(text.parse().expect("address"))
    }

    fn limits(attempts_per_minute_per_address: u32, hashes_at_once: usize) -> PasswordCheckLimits {
        PasswordCheckLimits {
            attempts_per_minute_per_address,
            hashes_at_once,
            wait_for_a_hash: Duration::from_millis(20),
        }
    }

    #[test]
    fn an_address_gets_its_allowance_and_then_is_refused_while_others_are_not() {
        let checks = PasswordChecks::new(limits(3, 1));
        let tablet = address("10.1.1.1");
        for _ in 0..3 {
            assert_eq!(checks.admit(tablet), Ok(()));
        }
        assert_eq!(checks.admit(tablet), Err(AppError::TooManyAttempts));
        assert_eq!(checks.admit(address("10.1.1.2")), Ok(()));
    }

    #[tokio::test]
    async fn no_more_hashes_run_than_the_cap() {
        let checks = PasswordChecks::new(limits(3, 2));
        let first = checks.hash_slot().await.expect("first");
        let _second = checks.hash_slot().await.expect("second");
        assert_eq!(checks.hashes.available_permits(), 0);
        drop(first);
        assert!(checks.hash_slot().await.is_ok(), "a slot is free again once a hash ends");
    }

    #[tokio::test]
    async fn a_check_that_finds_no_free_hash_in_time_is_answered_busy() {
        let checks = PasswordChecks::new(limits(3, 1));
        let _taken = checks.hash_slot().await.expect("the only slot");
        assert_eq!(checks.hash_slot().await.err(), Some(AppError::Busy));
        assert_eq!(checks.hash_new("a new password".to_owned()).await.err(), Some(AppError::Busy));
    }
}
