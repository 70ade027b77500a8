//! The closed word lists at the database edge. Each enum's derived `sqlx::Type` must write the
//! words its column's CHECK constraint accepts, read every one of them back, and refuse a word it
//! does not know rather than guess; the enum and the constraint must list the same words, so a
//! migration that adds one cannot leave the code reading it as an error (or the reverse).

use std::collections::BTreeSet;
use std::fmt::Debug;

use app::domain::prescribing::{PrescriptionKind, Supply};
use app::domain::{AdministrationOutcome, Role, WhereaboutsStatus};
use app::timeline::TimelineKind;
use serde::Serialize;
use sqlx::{PgPool, Postgres};

use crate::support::fresh_database;

/// The words in the CHECK constraint on `table.column`, e.g. `role IN ('nurse', …)`.
async fn constraint_words(pool: &PgPool, table: &str, column: &str) -> BTreeSet<String> {
    let definitions: Vec<String> = sqlx::query_scalar(
        "SELECT pg_get_constraintdef(c.oid) FROM pg_constraint c
         WHERE c.conrelid = $1::regclass AND c.contype = 'c'",
    )
    .bind(table)
    .fetch_all(pool)
    .await
    .expect("constraints");
    let list = definitions
        .into_iter()
        .find(|d| d.starts_with(&format!("CHECK (({column} = ANY")))
        .unwrap_or_else(|| panic!("no word-list constraint on {table}.{column}"));
    list.split('\'').skip(1).step_by(2).map(str::to_owned).collect()
}

async fn check<T>(pool: &PgPool, table: &str, column: &str, all: &[T])
where
    T: Copy + PartialEq + Debug + Serialize + Send + Sync + Unpin + sqlx::Type<Postgres>,
    T: for<'q> sqlx::Encode<'q, Postgres> + for<'r> sqlx::Decode<'r, Postgres>,
{
    let allowed = constraint_words(pool, table, column).await;
    check_words(pool, &format!("{table}.{column}"), all, allowed).await;
}

async fn check_words<T>(pool: &PgPool, place: &str, all: &[T], allowed: BTreeSet<String>)
where
    T: Copy + PartialEq + Debug + Serialize + Send + Sync + Unpin + sqlx::Type<Postgres>,
    T: for<'q> sqlx::Encode<'q, Postgres> + for<'r> sqlx::Decode<'r, Postgres>,
{
    let mut words = BTreeSet::new();
    for &value in all {
        // The word the browser and the API see (serde) is the word stored.
        let word = serde_json::to_value(value).expect("serialises").as_str().expect("a word").to_owned();
        let written: String =
            sqlx::query_scalar("SELECT $1::text").bind(value).fetch_one(pool).await.expect("bind");
        assert_eq!(written, word, "{value:?} is stored as its serde word");
        let read: T =
            sqlx::query_scalar("SELECT $1::text").bind(&word).fetch_one(pool).await.expect("decode");
        assert_eq!(read, value);
        words.insert(word);
    }
    assert_eq!(words, allowed, "{place} and the enum list the same words");
    let unknown = sqlx::query_scalar::<_, T>("SELECT 'porter'::text").fetch_one(pool).await;
    assert!(unknown.is_err(), "an unknown stored word is refused, not guessed");
}

#[tokio::test]
async fn each_enum_reads_and_writes_exactly_its_column_s_words() {
    let pool = fresh_database().await;
    check(&pool, "staff", "role", &Role::ALL).await;
    check(&pool, "administration", "outcome", &AdministrationOutcome::ALL).await;
    check(&pool, "prescription", "kind", &PrescriptionKind::ALL).await;
    check(&pool, "prescription", "supply", &Supply::ALL).await;
    check(&pool, "patient_whereabouts", "status", &WhereaboutsStatus::ALL).await;
    // Timeline kinds are rows of `timeline_kind` (with their titles), not a CHECK list.
    let kinds: Vec<String> =
        sqlx::query_scalar("SELECT code FROM timeline_kind").fetch_all(&pool).await.expect("kinds");
    check_words(&pool, "timeline_kind.code", &TimelineKind::ALL, kinds.into_iter().collect()).await;
    for kind in TimelineKind::ALL {
        assert_eq!(serde_json::to_value(kind).expect("serialises"), kind.code(), "{kind:?}");
    }
}
