//! Argon2id password hashing (the crate's defaults follow the OWASP recommendation).

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString, rand_core::OsRng};

use crate::error::AppError;

pub fn hash_password(password: &str) -> Result<String, AppError> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default().hash_password(password.as_bytes(), &salt).map(|hash| hash.to_string()).map_err(
        |error| {
            tracing::error!(%error, "password hashing failed");
            AppError::Internal
        },
    )
}

/// Hashing is CPU-heavy, so it runs off the async workers. Requests check passwords through
/// [`super::attempts::PasswordChecks`], which caps how many run at once.
pub(super) async fn verify_password(password: String, stored_hash: String) -> Result<bool, AppError> {
    blocking(move || match PasswordHash::new(&stored_hash) {
        Ok(parsed) => Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok(),
        Err(error) => {
            tracing::error!(%error, "stored password hash is malformed");
            false
        }
    })
    .await
}

pub(super) async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> T + Send + 'static,
) -> Result<T, AppError> {
    tokio::task::spawn_blocking(f).await.map_err(|error| {
        tracing::error!(%error, "blocking task failed");
        AppError::Internal
    })
}
