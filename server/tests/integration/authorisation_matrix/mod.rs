//! The authorisation matrix: every server function × every role × every situation a patient can
//! be in, with the expected allow or refusal written out in `authorisation_matrix/*.rs`. The test
//! fails when a registered server function is missing from the table (or the table names one
//! that no longer exists), and lists every cell that disagrees, not just the first.
//!
//! To add a server function: one row in the area file it belongs to (`session`, `record`,
//! `medicines`, `movement`), using a grid from `grid.rs` or a new one written out there.

pub mod grid;
pub mod medicines;
pub mod movement;
pub mod record;
pub mod runner;
pub mod security;
pub mod session;
pub mod sweep;

use std::collections::BTreeSet;

use crate::support::server_fns::registered_endpoints;
use crate::support::situations::MatrixWorld;
use crate::support::{fresh_database, spawn_server};
use app::state::SessionRules;
use grid::Row;
use runner::{Runner, Tally};

fn table() -> Vec<Row> {
    [session::rows(), record::rows(), medicines::rows(), movement::rows(), security::rows()]
        .into_iter()
        .flatten()
        .collect()
}

#[test]
fn every_registered_server_function_has_exactly_one_row_in_the_matrix() {
    let registered: BTreeSet<String> = registered_endpoints().into_iter().collect();
    let rows = table();
    let named: BTreeSet<String> = rows.iter().map(|r| r.endpoint.to_owned()).collect();
    assert!(registered.len() > 50, "Leptos should have registered the server functions: {registered:?}");
    let missing: Vec<&String> = registered.difference(&named).collect();
    let stale: Vec<&String> = named.difference(&registered).collect();
    assert!(missing.is_empty(), "server functions with no row in the authorisation matrix: {missing:?}");
    assert!(stale.is_empty(), "rows for server functions that no longer exist: {stale:?}");
    assert_eq!(rows.len(), named.len(), "a server function has two rows");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_server_function_allows_and_refuses_as_the_matrix_says() {
    let pool = fresh_database().await;
    let world = MatrixWorld::build(&pool).await;
    let server = spawn_server(pool, many_sessions()).await;
    let runner = Runner::new(&server, &world).await;
    let started = std::time::Instant::now();

    let rows = table();
    let mut tally = Tally::default();
    for row in &rows {
        runner.run(row, &mut tally).await;
    }

    println!(
        "authorisation matrix: {} functions, {} cells ({} succeeded, {} rejected on their merits, {} refused) in {:.1}s",
        rows.len(),
        tally.cells,
        tally.succeeded,
        tally.rejected_on_merits,
        tally.refused,
        started.elapsed().as_secs_f64()
    );
    let report: Vec<String> = tally.mismatches.iter().map(ToString::to_string).collect();
    assert!(report.is_empty(), "{} cells disagree with the matrix:\n{}", report.len(), report.join("\n"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_expired_break_glass_opens_nothing_and_every_refusal_is_audited_and_names_nobody() {
    let pool = fresh_database().await;
    let world = MatrixWorld::build(&pool).await;
    let server = spawn_server(pool, many_sessions()).await;
    let runner = Runner::new(&server, &world).await;
    let problems = sweep::after_break_glass_expired(&runner, &table()).await;
    assert!(
        problems.is_empty(),
        "{} cells after break-glass expired:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn far_times_and_a_megabyte_of_text_in_every_field_of_every_function_are_turned_down_cleanly() {
    let pool = fresh_database().await;
    let world = MatrixWorld::build(&pool).await;
    let server = spawn_server(pool, many_sessions()).await;
    let runner = Runner::new(&server, &world).await;
    let (calls, problems) = sweep::far_times_and_megabyte_texts(&runner, &table()).await;
    println!("far times and megabyte texts: {calls} calls");
    assert!(calls > 100, "the sweep found fields to change: {calls} calls");
    assert!(problems.is_empty(), "{} of {calls} calls:\n{}", problems.len(), problems.join("\n"));
}

/// Each role's user signs in again for many cells; the concurrent-session policy (tested on its
/// own in shared_tablet_sessions.rs) would otherwise end the sessions other cells still use.
/// One session per role and place, kept for the whole run: on a loaded machine the matrix takes
/// minutes, longer than the screen lock, and a locked session would hide every cell's answer
/// behind "unlock" (locking has its own tests in `shared_tablet_sessions`).
fn many_sessions() -> SessionRules {
    let hour = std::time::Duration::from_secs(3_600);
    SessionRules {
        max_sessions_per_user: u32::MAX,
        lock_after: hour,
        idle_timeout: hour,
        ..SessionRules::default()
    }
}
