//! Checking a username and password, with throttling of failed attempts per account and device
//! address (so that nobody can lock a nurse out from elsewhere) and per account overall (so that
//! guesses spread over many addresses are bounded too).

use chrono::{DateTime, Utc};
use sqlx::PgPool;
use std::sync::OnceLock;
use uuid::Uuid;

use super::client_address::ClientAddress;
use super::{hash_password, verify_password};
use crate::audit::{self, AuditEntry, Outcome};
use crate::error::AppError;

/// After this many failures in a row from one address the account is locked from that address
/// for [`LOCK_MINUTES`].
pub const MAX_FAILED_SIGN_INS: i32 = 5;
/// After this many failures in a row from all addresses together the account is locked from
/// everywhere: the ceiling NIST SP 800-63B (5.2.2) sets on online guessing.
pub const MAX_FAILED_SIGN_INS_ANYWHERE: i32 = 100;
const LOCK_MINUTES: i32 = 15;
/// Failures are counted in a row until a day passes without one.
const FAILURES_FORGOTTEN_AFTER_HOURS: i32 = 24;

/// A hash to verify against when the username is unknown, so that a wrong username
/// takes as long as a wrong password and does not reveal which accounts exist.
fn decoy_hash() -> Result<&'static str, AppError> {
    static DECOY: OnceLock<String> = OnceLock::new();
    if let Some(hash) = DECOY.get() {
        return Ok(hash);
    }
    let hash = hash_password(&Uuid::new_v4().to_string())?;
    Ok(DECOY.get_or_init(|| hash))
}

/// The end of a lock as the ward clock shows it.
fn until(at: DateTime<Utc>) -> String {
    crate::components::format::time(at)
}

/// Returns the staff id for a correct username and password of an active account that is locked
/// neither everywhere nor from `client`.
pub async fn authenticate(
    pool: &PgPool,
    username: &str,
    password: &str,
    client: ClientAddress,
) -> Result<Uuid, AppError> {
    let username = username.trim().to_lowercase();
    let staff = sqlx::query!(
        r#"SELECT id, password_hash, active, failed_sign_ins, locked_until AS "locked_until: DateTime<Utc>" FROM staff WHERE username = $1"#,
        username,
    )
    .fetch_optional(pool)
    .await?;

    if let Some(at) = locked_from(pool, &username, client).await? {
        let detail = "account locked on this device";
        audit_sign_in(pool, staff.as_ref().map(|s| s.id), Outcome::Refused, detail, client).await?;
        return Err(AppError::AccountLockedHere(until(at)));
    }

    let Some(staff) = staff else {
        let answer = unknown_username_failure(pool, &username, password, client).await?;
        audit_sign_in(pool, None, Outcome::Refused, "unknown username", client).await?;
        return Err(answer);
    };

    let now = Utc::now();
    if let Some(at) = staff.locked_until.filter(|at| *at > now) {
        audit_sign_in(pool, Some(staff.id), Outcome::Refused, "account locked", client).await?;
        return Err(AppError::AccountLocked(until(at)));
    }

    let correct = verify_password(password.to_owned(), staff.password_hash).await?;
    if correct && staff.active {
        sqlx::query!("UPDATE staff SET failed_sign_ins = 0, locked_until = NULL WHERE id = $1", staff.id)
            .execute(pool)
            .await?;
        sqlx::query!(
            "DELETE FROM sign_in_client_failure WHERE username = $1 AND client = $2::text::inet",
            username,
            client.0.to_string(),
        )
        .execute(pool)
        .await?;
        audit_sign_in(pool, Some(staff.id), Outcome::Allowed, "", client).await?;
        return Ok(staff.id);
    }

    let locked_until = sqlx::query_scalar!(
        r#"WITH counted AS (
               SELECT id, sign_in_failures_after_one_more(failed_sign_ins, last_failed_sign_in_at, $4) AS failures
               FROM staff WHERE id = $1)
           UPDATE staff s
           SET failed_sign_ins = c.failures,
               last_failed_sign_in_at = now(),
               locked_until = sign_in_locked_until(c.failures, $2, $3)
           FROM counted c
           WHERE s.id = c.id
           RETURNING s.locked_until AS "locked_until: DateTime<Utc>""#,
        staff.id,
        MAX_FAILED_SIGN_INS_ANYWHERE,
        LOCK_MINUTES,
        FAILURES_FORGOTTEN_AFTER_HOURS,
    )
    .fetch_one(pool)
    .await?;
    let locked_here = count_failure_from(pool, &username, client).await?;
    let detail = if staff.active { "wrong password" } else { "account inactive" };
    audit_sign_in(pool, Some(staff.id), Outcome::Refused, detail, client).await?;
    Err(failure_answer(locked_until, locked_here))
}

/// The answer to a failed attempt: locked everywhere, locked from here, or simply wrong.
fn failure_answer(everywhere: Option<DateTime<Utc>>, here: Option<DateTime<Utc>>) -> AppError {
    match (everywhere, here) {
        (Some(at), _) => AppError::AccountLocked(until(at)),
        (None, Some(at)) => AppError::AccountLockedHere(until(at)),
        (None, None) => AppError::BadCredentials,
    }
}

/// Until when `username` is locked from `client`, if it is.
async fn locked_from(
    pool: &PgPool,
    username: &str,
    client: ClientAddress,
) -> Result<Option<DateTime<Utc>>, AppError> {
    let locked = sqlx::query_scalar!(
        r#"SELECT locked_until AS "locked_until: DateTime<Utc>" FROM sign_in_client_failure
           WHERE username = $1 AND client = $2::text::inet"#,
        username,
        client.0.to_string(),
    )
    .fetch_optional(pool)
    .await?
    .flatten()
    .filter(|at| *at > Utc::now());
    Ok(locked)
}

/// Counts one more failure for `username` from `client`; returns until when that locks it from
/// there, if it does.
async fn count_failure_from(
    pool: &PgPool,
    username: &str,
    client: ClientAddress,
) -> Result<Option<DateTime<Utc>>, AppError> {
    let locked_until = sqlx::query_scalar!(
        r#"INSERT INTO sign_in_client_failure AS f (username, client, failed_sign_ins, locked_until)
           VALUES ($1, $2::text::inet, 1, sign_in_locked_until(1, $3, $4))
           ON CONFLICT (username, client) DO UPDATE SET
               failed_sign_ins = sign_in_failures_after_one_more(f.failed_sign_ins, f.updated_at, $5),
               locked_until = sign_in_locked_until(
                   sign_in_failures_after_one_more(f.failed_sign_ins, f.updated_at, $5), $3, $4),
               updated_at = now()
           RETURNING locked_until AS "locked_until: DateTime<Utc>""#,
        username,
        client.0.to_string(),
        MAX_FAILED_SIGN_INS,
        LOCK_MINUTES,
        FAILURES_FORGOTTEN_AFTER_HOURS,
    )
    .fetch_one(pool)
    .await?;
    Ok(locked_until)
}

/// Deletes the failures kept for unknown usernames and per address once they would be forgotten
/// anyway (a day after the last one); returns how many rows went. Run periodically by the server.
pub async fn forget_old_sign_in_failures(pool: &PgPool) -> Result<u64, AppError> {
    let unknown = sqlx::query!(
        "DELETE FROM sign_in_throttle WHERE updated_at < now() - make_interval(hours => $1)",
        FAILURES_FORGOTTEN_AFTER_HOURS,
    )
    .execute(pool)
    .await?
    .rows_affected();
    let per_address = sqlx::query!(
        "DELETE FROM sign_in_client_failure WHERE updated_at < now() - make_interval(hours => $1)",
        FAILURES_FORGOTTEN_AFTER_HOURS,
    )
    .execute(pool)
    .await?
    .rows_affected();
    Ok(unknown + per_address)
}

/// A username nobody has goes through the same steps as a real account: refused while "locked",
/// failures counted, locked at the same threshold, so that the answers do not tell an attacker
/// which usernames exist.
async fn unknown_username_failure(
    pool: &PgPool,
    username: &str,
    password: &str,
    client: ClientAddress,
) -> Result<AppError, AppError> {
    let locked = sqlx::query_scalar!(
        r#"SELECT locked_until AS "locked_until: DateTime<Utc>" FROM sign_in_throttle WHERE username = $1"#,
        username,
    )
    .fetch_optional(pool)
    .await?
    .flatten()
    .filter(|at| *at > Utc::now());
    if let Some(at) = locked {
        return Ok(AppError::AccountLocked(until(at)));
    }
    verify_password(password.to_owned(), decoy_hash()?.to_owned()).await?;
    let locked_until = sqlx::query_scalar!(
        r#"INSERT INTO sign_in_throttle AS t (username, failed_sign_ins, locked_until)
           VALUES ($1, 1, sign_in_locked_until(1, $2, $3))
           ON CONFLICT (username) DO UPDATE SET
               failed_sign_ins = sign_in_failures_after_one_more(t.failed_sign_ins, t.updated_at, $4),
               locked_until = sign_in_locked_until(
                   sign_in_failures_after_one_more(t.failed_sign_ins, t.updated_at, $4), $2, $3),
               updated_at = now()
           RETURNING locked_until AS "locked_until: DateTime<Utc>""#,
        username,
        MAX_FAILED_SIGN_INS_ANYWHERE,
        LOCK_MINUTES,
        FAILURES_FORGOTTEN_AFTER_HOURS,
    )
    .fetch_one(pool)
    .await?;
    let locked_here = count_failure_from(pool, username, client).await?;
    Ok(failure_answer(locked_until, locked_here))
}

/// Audits a sign-in with the device address it came from, so that a manager looking into a
/// locked account can tell which device the failures came from.
async fn audit_sign_in(
    pool: &PgPool,
    staff_id: Option<Uuid>,
    outcome: Outcome,
    detail: &str,
    client: ClientAddress,
) -> Result<(), AppError> {
    let detail = match (client == ClientAddress::UNKNOWN, detail.is_empty()) {
        (true, _) => detail.to_owned(),
        (false, true) => format!("device address {}", client.0),
        (false, false) => format!("{detail}; device address {}", client.0),
    };
    audit::record(
        pool,
        AuditEntry {
            staff_id,
            establishment_id: None,
            patient_id: None,
            action: "auth.sign_in",
            outcome,
            detail: &detail,
        },
    )
    .await
}
