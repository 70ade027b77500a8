//! Checking a username and password, with throttling of failed attempts per account and device
//! address (so that nobody can lock a nurse out from elsewhere) and per account overall (so that
//! guesses spread over many addresses are bounded too).

use chrono::{DateTime, Utc};
use sqlx::PgPool;
use std::sync::OnceLock;
use uuid::Uuid;

use super::attempts::PasswordChecks;
use super::client_address::ClientAddress;
use super::hash_password;
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

/// A hash to verify against when the username is unknown.
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

/// What a password is checked for. Every purpose counts against the same account, so that
/// guesses cannot be spread over sign-in, unlock, change of password and witnessing; each is
/// audited under its own action.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PasswordPurpose {
    SignIn,
    Unlock,
    PasswordChange,
    Witness,
}

impl PasswordPurpose {
    fn audit_action(self) -> crate::audit::AuditAction {
        use crate::audit::AuditAction;
        match self {
            Self::SignIn => AuditAction::AuthSignIn,
            Self::Unlock => AuditAction::AuthUnlock,
            Self::PasswordChange => AuditAction::AuthPasswordChange,
            Self::Witness => AuditAction::AuthWitness,
        }
    }
}

/// A password check that was made (a locked account, a busy server or an address over its limit
/// is an error instead: nothing was checked).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PasswordCheck {
    Correct(Uuid),
    /// Wrong (or an unknown username, or an inactive account): counted. `tries_left_here` more
    /// from this address lock the account from here.
    Wrong {
        tries_left_here: i32,
    },
}

/// Returns the staff id for a correct username and password of an active account that is locked
/// neither everywhere nor from `client`.
pub async fn authenticate(
    pool: &PgPool,
    username: &str,
    password: &str,
    client: ClientAddress,
    purpose: PasswordPurpose,
) -> Result<Uuid, AppError> {
    match check_password(pool, username, password, client, purpose).await? {
        PasswordCheck::Correct(staff_id) => Ok(staff_id),
        PasswordCheck::Wrong { .. } => Err(AppError::BadCredentials),
    }
}

/// Checks a password in steps: take an attempt from the address's allowance, refuse an account
/// locked already, wait for a free hash, take this account-and-address's turn (a transaction
/// lock held across the hash, so attempts from one device are checked one after another and each
/// sees the true count), count the attempt against the account's overall ceiling, then hash;
/// only a correct password of an active account clears the counts.
///
/// Why the turn rather than counting first: counting every attempt as a failure before its hash
/// held a parallel burst of guesses to the threshold, but it also locked out a witness whose
/// *correct* password was checked for six doses at once. Under the turn, the sixth of fifty
/// simultaneous guesses still finds the account locked, and six correct passwords all pass.
/// The overall ceiling is still counted before the hash, in its own statement, so that thirty
/// devices at once cannot pass it; a correct password then clears it.
pub async fn check_password(
    pool: &PgPool,
    username: &str,
    password: &str,
    client: ClientAddress,
    purpose: PasswordPurpose,
) -> Result<PasswordCheck, AppError> {
    let checks = PasswordChecks::current();
    // Not audited: nothing was checked, and a row per refused request would let a flood write
    // to the audit table as fast as it can send (the refusals are logged with the address).
    checks.admit(client)?;
    crate::domain::password_policy::check_typed(username, password)
        .map_err(|(field, message)| AppError::invalid(field, message))?;

    let username = username.trim().to_lowercase();
    let staff = sqlx::query!(
        r#"SELECT id, password_hash, active, locked_until AS "locked_until: DateTime<Utc>" FROM staff WHERE username = $1"#,
        username
    )
    .fetch_optional(pool)
    .await?;
    let staff_id = staff.as_ref().map(|s| s.id);
    // A locked account is refused at once, without queueing for a hash: a cheap first look. The
    // turn below is what guarantees the limit.
    if let Some(locked) =
        locked_already(pool, staff.as_ref().map(|s| s.locked_until), &username, client).await?
    {
        return refuse_locked(pool, staff_id, purpose, client, locked).await;
    }
    // The hash slot is taken before the turn so that a check waiting for a hash holds no
    // database connection (a flood must not empty the pool the dose recording needs).
    let slot = checks.hash_slot().await?;
    let turn = AddressTurn::take(pool, &username, client).await?;
    if let Some(at) = turn.locked_until.filter(|at| *at > Utc::now()) {
        turn.tx.rollback().await?;
        return refuse_locked(pool, staff_id, purpose, client, Locked::Here(at)).await;
    }
    let locked_everywhere_until = match count_everywhere(pool, staff_id, &username).await? {
        Ok(locked_everywhere_until) => locked_everywhere_until,
        Err(at) => {
            turn.tx.rollback().await?;
            return refuse_locked(pool, staff_id, purpose, client, Locked::Everywhere(at)).await;
        }
    };
    // A username nobody has is hashed against a decoy, so that it takes as long as a wrong
    // password and the answers do not tell an attacker which accounts exist.
    let (hash, active) = match &staff {
        Some(s) => (s.password_hash.clone(), s.active),
        None => (decoy_hash()?.to_owned(), false),
    };
    let correct = PasswordChecks::verify(&slot, password.to_owned(), hash).await?;
    drop(slot);
    let verified = Verified { correct, active, locked_everywhere_until };
    settle(pool, turn, staff_id, &username, client, purpose, verified).await
}

/// An account (or unknown username) locked already: refused, audited, not counted.
async fn refuse_locked(
    pool: &PgPool,
    staff_id: Option<Uuid>,
    purpose: PasswordPurpose,
    client: ClientAddress,
    locked: Locked,
) -> Result<PasswordCheck, AppError> {
    let (detail, answer) = match locked {
        Locked::Everywhere(at) => ("account locked", AppError::AccountLocked(until(at))),
        Locked::Here(at) => ("account locked on this device", AppError::AccountLockedHere(until(at))),
    };
    audit_attempt(pool, staff_id, purpose, Outcome::Refused, detail, client).await?;
    Err(answer)
}

/// Until when the account (or unknown username) is locked everywhere or from `client`, if it is,
/// as last written.
async fn locked_already(
    pool: &PgPool,
    staff_locked_until: Option<Option<DateTime<Utc>>>,
    username: &str,
    client: ClientAddress,
) -> Result<Option<Locked>, AppError> {
    let now = Utc::now();
    let everywhere = match staff_locked_until {
        Some(locked_until) => locked_until,
        None => sqlx::query_scalar!(
            r#"SELECT locked_until AS "locked_until: DateTime<Utc>" FROM sign_in_throttle WHERE username = $1"#,
            username
        )
        .fetch_optional(pool)
        .await?
        .flatten(),
    };
    if let Some(at) = everywhere.filter(|at| *at > now) {
        return Ok(Some(Locked::Everywhere(at)));
    }
    let here = sqlx::query_scalar!(
        r#"SELECT locked_until AS "locked_until: DateTime<Utc>" FROM sign_in_client_failure
           WHERE username = $1 AND client = $2::text::inet"#,
        username,
        client.0.to_string(),
    )
    .fetch_optional(pool)
    .await?
    .flatten();
    Ok(here.filter(|at| *at > now).map(Locked::Here))
}

/// One account-and-address's turn: a transaction holding a lock on that pair until it commits,
/// and the address's lock as it stood when the turn began.
struct AddressTurn {
    tx: sqlx::Transaction<'static, sqlx::Postgres>,
    locked_until: Option<DateTime<Utc>>,
}

impl AddressTurn {
    async fn take(pool: &PgPool, username: &str, client: ClientAddress) -> Result<Self, AppError> {
        let mut tx = pool.begin().await?;
        // An advisory lock rather than a row lock: the pair has no row until its first failure,
        // and a correct password must not leave one behind. A collision of the 64-bit key only
        // makes two pairs take turns.
        sqlx::query!(
            "SELECT pg_advisory_xact_lock(hashtextextended('sign-in ' || $1 || ' ' || $2, 0))",
            username,
            client.0.to_string(),
        )
        .execute(&mut *tx)
        .await?;
        let locked_until = sqlx::query_scalar!(
            r#"SELECT locked_until AS "locked_until: DateTime<Utc>" FROM sign_in_client_failure
               WHERE username = $1 AND client = $2::text::inet"#,
            username,
            client.0.to_string(),
        )
        .fetch_optional(&mut *tx)
        .await?
        .flatten();
        Ok(Self { tx, locked_until })
    }
}

/// After the hash, in the turn: a correct password of an active account clears the failures;
/// anything else is counted against the address, and the answer says whether this failure locked
/// the account.
async fn settle(
    pool: &PgPool,
    mut turn: AddressTurn,
    staff_id: Option<Uuid>,
    username: &str,
    client: ClientAddress,
    purpose: PasswordPurpose,
    Verified { correct, active, locked_everywhere_until }: Verified,
) -> Result<PasswordCheck, AppError> {
    if let Some(staff_id) = staff_id.filter(|_| correct && active) {
        clear_failures(&mut turn.tx, staff_id, username, client).await?;
        turn.tx.commit().await?;
        audit_attempt(pool, Some(staff_id), purpose, Outcome::Allowed, "", client).await?;
        return Ok(PasswordCheck::Correct(staff_id));
    }
    let here = count_here(&mut turn.tx, username, client).await?;
    turn.tx.commit().await?;
    let detail = match (staff_id, correct) {
        (None, _) => "unknown username",
        (Some(_), true) => "account inactive",
        (Some(_), false) => "wrong password",
    };
    audit_attempt(pool, staff_id, purpose, Outcome::Refused, detail, client).await?;
    match (locked_everywhere_until, here.locked_until) {
        (Some(at), _) => Err(AppError::AccountLocked(until(at))),
        (None, Some(at)) => Err(AppError::AccountLockedHere(until(at))),
        (None, None) => {
            Ok(PasswordCheck::Wrong { tries_left_here: (MAX_FAILED_SIGN_INS - here.failed_sign_ins).max(0) })
        }
    }
}

/// Already locked (until then): not counted, not to be checked.
enum Locked {
    Everywhere(DateTime<Utc>),
    Here(DateTime<Utc>),
}

/// What the hash said, whether the account may sign in at all, and whether this attempt's count
/// against the overall ceiling locked it.
struct Verified {
    correct: bool,
    active: bool,
    locked_everywhere_until: Option<DateTime<Utc>>,
}

/// Counts one more failure from `client`, in the turn.
async fn count_here(
    tx: &mut sqlx::PgConnection,
    username: &str,
    client: ClientAddress,
) -> Result<CountedHere, AppError> {
    let here = sqlx::query_as!(
        CountedHere,
        r#"INSERT INTO sign_in_client_failure AS f (username, client, failed_sign_ins, locked_until)
           VALUES ($1, $2::text::inet, 1, sign_in_locked_until(1, $3, $4))
           ON CONFLICT (username, client) DO UPDATE SET
               failed_sign_ins = sign_in_failures_after_one_more(f.failed_sign_ins, f.updated_at, $5),
               locked_until = sign_in_locked_until(
                   sign_in_failures_after_one_more(f.failed_sign_ins, f.updated_at, $5), $3, $4),
               updated_at = now()
           RETURNING failed_sign_ins, locked_until AS "locked_until: DateTime<Utc>""#,
        username,
        client.0.to_string(),
        MAX_FAILED_SIGN_INS,
        LOCK_MINUTES,
        FAILURES_FORGOTTEN_AFTER_HOURS,
    )
    .fetch_one(&mut *tx)
    .await?;
    Ok(here)
}

/// The address's failures after counting one more, and the lock that one set, if it did.
struct CountedHere {
    failed_sign_ins: i32,
    locked_until: Option<DateTime<Utc>>,
}

/// Counts one more failure for the account (or unknown username) from anywhere, committed before
/// the hash so that attempts from many devices at once each see the others'; `Err` when it is
/// locked already, and then nothing is counted. `Ok(Some(until))` when this one locked it.
async fn count_everywhere(
    pool: &PgPool,
    staff_id: Option<Uuid>,
    username: &str,
) -> Result<Result<Option<DateTime<Utc>>, DateTime<Utc>>, AppError> {
    let counted = match staff_id {
        Some(staff_id) => {
            sqlx::query!(
                r#"UPDATE staff SET
                       failed_sign_ins = sign_in_failures_after_one_more(failed_sign_ins, last_failed_sign_in_at, $4),
                       last_failed_sign_in_at = now(),
                       locked_until = sign_in_locked_until(
                           sign_in_failures_after_one_more(failed_sign_ins, last_failed_sign_in_at, $4), $2, $3)
                   WHERE id = $1 AND (locked_until IS NULL OR locked_until <= now())
                   RETURNING locked_until AS "locked_until: DateTime<Utc>""#,
                staff_id,
                MAX_FAILED_SIGN_INS_ANYWHERE,
                LOCK_MINUTES,
                FAILURES_FORGOTTEN_AFTER_HOURS,
            )
            .fetch_optional(pool)
            .await?
            .map(|row| row.locked_until)
        }
        None => {
            sqlx::query!(
                r#"INSERT INTO sign_in_throttle AS t (username, failed_sign_ins, locked_until)
                   VALUES ($1, 1, sign_in_locked_until(1, $2, $3))
                   ON CONFLICT (username) DO UPDATE SET
                       failed_sign_ins = sign_in_failures_after_one_more(t.failed_sign_ins, t.updated_at, $4),
                       locked_until = sign_in_locked_until(
                           sign_in_failures_after_one_more(t.failed_sign_ins, t.updated_at, $4), $2, $3),
                       updated_at = now()
                   WHERE t.locked_until IS NULL OR t.locked_until <= now()
                   RETURNING locked_until AS "locked_until: DateTime<Utc>""#,
                username,
                MAX_FAILED_SIGN_INS_ANYWHERE,
                LOCK_MINUTES,
                FAILURES_FORGOTTEN_AFTER_HOURS,
            )
            .fetch_optional(pool)
            .await?
            .map(|row| row.locked_until)
        }
    };
    if let Some(locked_until) = counted {
        return Ok(Ok(locked_until));
    }
    let at = match staff_id {
        Some(staff_id) => {
            sqlx::query_scalar!(
                r#"SELECT locked_until AS "locked_until: DateTime<Utc>" FROM staff WHERE id = $1"#,
                staff_id
            )
            .fetch_optional(pool)
            .await?
        }
        None => {
            sqlx::query_scalar!(
                r#"SELECT locked_until AS "locked_until: DateTime<Utc>" FROM sign_in_throttle WHERE username = $1"#,
                username
            )
            .fetch_optional(pool)
            .await?
        }
    };
    // Only a row that vanished (or a lock that ended) between the two statements has no end to
    // its lock now; it is refused as locked until now, and the next attempt is counted afresh.
    Ok(Err(at.flatten().unwrap_or_else(Utc::now)))
}

/// A correct password clears the account's failures and this address's, in the turn.
async fn clear_failures(
    tx: &mut sqlx::PgConnection,
    staff_id: Uuid,
    username: &str,
    client: ClientAddress,
) -> Result<(), AppError> {
    sqlx::query!(
        "UPDATE staff SET failed_sign_ins = 0, locked_until = NULL, last_failed_sign_in_at = NULL WHERE id = $1",
        staff_id
    )
    .execute(&mut *tx)
    .await?;
    sqlx::query!(
        "DELETE FROM sign_in_client_failure WHERE username = $1 AND client = $2::text::inet",
        username,
        client.0.to_string(),
    )
    .execute(&mut *tx)
    .await?;
    Ok(())
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

/// Audits a password attempt with the device address it came from, so that a manager looking
/// into a locked account can tell which device the failures came from.
async fn audit_attempt(
    pool: &PgPool,
    staff_id: Option<Uuid>,
    purpose: PasswordPurpose,
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
            action: purpose.audit_action(),
            outcome,
            detail: &detail,
        },
    )
    .await
}
