//! Test harness: one private PostgreSQL cluster for the test binary, one fresh database per test
//! (a copy of a template migrated once), and the real server started in-process on port 0.

use std::sync::{Mutex, OnceLock};

use leptos::prelude::get_configuration;
use sqlx::PgPool;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use uuid::Uuid;

use app::state::{DatabasePools, SessionRules};
use server::database::migrate;
use server::embedded_postgres::EmbeddedPostgres;
use server::startup::Application;

pub mod fixtures;
pub mod fuzz_inputs;
pub mod server_fns;
pub mod signatures;
pub mod situations;

struct Cluster {
    /// Held, never read: the cluster stops when it is dropped, and it must outlive every test.
    _pg: Mutex<EmbeddedPostgres>,
    options: PgConnectOptions,
}

/// Clusters of earlier test runs whose process has gone are removed, so /tmp does not fill up.
fn remove_stale_clusters() {
    let Ok(entries) = std::fs::read_dir(std::env::temp_dir()) else { return };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(pid) = name.to_str().and_then(|n| n.strip_prefix("throughcare-test-")) else { continue };
        if !std::path::Path::new("/proc").join(pid).exists() {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

fn cluster() -> &'static Cluster {
    static CLUSTER: OnceLock<Cluster> = OnceLock::new();
    CLUSTER.get_or_init(|| {
        remove_stale_clusters();
        let dir = std::env::temp_dir().join(format!("throughcare-test-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let pg = EmbeddedPostgres::start(&dir).expect("start the test PostgreSQL cluster");
        let options = pg.connect_options("postgres");
        make_template(&options);
        Cluster { _pg: Mutex::new(pg), options }
    })
}

/// The migrated database every test's own is copied from.
const TEMPLATE: &str = "throughcare_template";

/// Migrates [`TEMPLATE`] once for the whole run: copying it is a file copy, where migrating each
/// test's database ran every migration again. Called from the cluster's first (blocking) use.
fn make_template(options: &PgConnectOptions) {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime to migrate the template");
    runtime.block_on(async {
        let admin =
            PgPoolOptions::new().max_connections(1).connect_with(options.clone()).await.expect("connect");
        sqlx::query(&format!("CREATE DATABASE \"{TEMPLATE}\""))
            .execute(&admin)
            .await
            .expect("create template");
        let pool = PgPoolOptions::new()
            .max_connections(1)
            .connect_with(options.clone().database(TEMPLATE))
            .await
            .expect("connect to the template");
        migrate(&pool).await.expect("migrations apply to an empty database");
        pool.close().await;
        // A template must have no sessions when it is copied: nobody may connect from now on, and
        // the migration's backend, gone from the client already, is waited out.
        sqlx::query(&format!("ALTER DATABASE \"{TEMPLATE}\" WITH IS_TEMPLATE true ALLOW_CONNECTIONS false"))
            .execute(&admin)
            .await
            .expect("close the template to connections");
        for _ in 0..100 {
            let sessions: i64 =
                sqlx::query_scalar("SELECT count(*) FROM pg_stat_activity WHERE datname = $1")
                    .bind(TEMPLATE)
                    .fetch_one(&admin)
                    .await
                    .expect("sessions on the template");
            if sessions == 0 {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        }
        admin.close().await;
    });
}

/// A new, empty, migrated database that no other test sees (a copy of the migrated template).
pub async fn fresh_database() -> PgPool {
    let cluster = tokio::task::spawn_blocking(cluster).await.expect("cluster start task");
    let name = format!("test_{}", Uuid::new_v4().simple());
    let admin = PgPoolOptions::new()
        .max_connections(1)
        .connect_with(cluster.options.clone())
        .await
        .expect("connect to the test cluster");
    sqlx::query(&format!("CREATE DATABASE \"{name}\" TEMPLATE \"{TEMPLATE}\""))
        .execute(&admin)
        .await
        .expect("copy the migrated template");
    admin.close().await;
    PgPoolOptions::new()
        .max_connections(10)
        .connect_with(cluster.options.clone().database(&name))
        .await
        .expect("connect to the test database")
}

/// Two databases with the same contents: `pool`'s database and a copy of it, standing in for a
/// primary and a standby that has stopped replaying, so a test can tell which one a read used.
pub async fn with_stalled_copy(pool: PgPool) -> (PgPool, PgPool) {
    let cluster = tokio::task::spawn_blocking(cluster).await.expect("cluster start task");
    let name = pool.connect_options().get_database().expect("test database name").to_owned();
    pool.close().await;
    let copy = format!("{name}_copy");
    let admin = PgPoolOptions::new()
        .max_connections(1)
        .connect_with(cluster.options.clone())
        .await
        .expect("connect to the test cluster");
    // A template must have no other sessions: autovacuum visits a freshly migrated database, and a
    // closed pool's backends exit a moment after the client lets go of them.
    let mut attempts = 0;
    loop {
        sqlx::query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1")
            .bind(&name)
            .execute(&admin)
            .await
            .expect("end other sessions on the template");
        let Err(e) =
            sqlx::query(&format!("CREATE DATABASE \"{copy}\" TEMPLATE \"{name}\"")).execute(&admin).await
        else {
            break;
        };
        attempts += 1;
        assert!(attempts < 50, "copy the test database: {e}");
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    admin.close().await;
    let open = |db: String| {
        PgPoolOptions::new().max_connections(10).connect_with(cluster.options.clone().database(&db))
    };
    (open(name).await.expect("reopen the test database"), open(copy).await.expect("open the copy"))
}

pub struct TestServer {
    pub base_url: String,
    pub pool: PgPool,
}

/// Starts the real application against `pool` on a free loopback port.
pub async fn spawn_server(pool: PgPool, session_rules: SessionRules) -> TestServer {
    spawn_server_with_pools(pool.into(), session_rules).await
}

/// Starts the real application on a primary and, if given, a read replica.
pub async fn spawn_server_with_pools(pools: DatabasePools, session_rules: SessionRules) -> TestServer {
    spawn_server_with_web(pools, session_rules, server::startup::WebOptions::default()).await
}

/// Starts the real application with `web` options (cookies, proxies, origins) of the test's own.
pub async fn spawn_server_with_web(
    pools: DatabasePools,
    session_rules: SessionRules,
    web: server::startup::WebOptions,
) -> TestServer {
    let pool = pools.primary.clone();
    // Tests sign in from 127.0.0.1 far more often than one device may; a test of the per-address
    // limit sets a limit of its own, which is kept.
    let mut session_rules = session_rules;
    let defaults = app::auth::ssr::PasswordCheckLimits::default();
    if session_rules.password_checks.attempts_per_minute_per_address
        == defaults.attempts_per_minute_per_address
    {
        session_rules.password_checks.attempts_per_minute_per_address = 100_000;
    }
    let conf = get_configuration(None).expect("leptos configuration from defaults");
    let app = Application::build(
        "127.0.0.1:0".parse().expect("addr"),
        conf.leptos_options,
        pools,
        session_rules,
        web,
    )
    .await
    .expect("application builds");
    let port = app.port();
    tokio::spawn(app.run_until_stopped(std::future::pending()));
    TestServer { base_url: format!("http://127.0.0.1:{port}"), pool }
}

/// A browser-like client: keeps cookies, does not follow redirects (tests look at them).
pub fn client() -> reqwest::Client {
    browser_builder().build().expect("http client")
}

/// A browser-like client on another device: its connections come from `address` (any of
/// 127.0.0.0/8 reaches the server's loopback port on Linux).
pub fn client_from(address: &str) -> reqwest::Client {
    let address: std::net::IpAddr = address.parse().expect("a loopback address");
    browser_builder().local_address(address).build().expect("http client")
}

fn browser_builder() -> reqwest::ClientBuilder {
    reqwest::Client::builder().cookie_store(true).redirect(reqwest::redirect::Policy::none())
}

impl TestServer {
    /// Calls a server function the way the WASM client does (form-encoded in, JSON out).
    pub async fn call(
        &self,
        client: &reqwest::Client,
        endpoint: &str,
        form: &[(&str, &str)],
    ) -> reqwest::Response {
        client
            .post(format!("{}/api/{endpoint}", self.base_url))
            .header("Accept", "application/json")
            .form(form)
            .send()
            .await
            .expect("request reaches the server")
    }

    /// Calls a server function that takes JSON (`input = Json`), as the WASM client does.
    pub async fn call_json(
        &self,
        client: &reqwest::Client,
        endpoint: &str,
        body: &serde_json::Value,
    ) -> reqwest::Response {
        client
            .post(format!("{}/api/{endpoint}", self.base_url))
            .header("Accept", "application/json")
            .json(body)
            .send()
            .await
            .expect("request reaches the server")
    }

    /// A browser-like client signed in as `username`; fails the test if sign-in does not succeed.
    pub async fn signed_in_client(&self, username: &str, password: &str) -> reqwest::Client {
        let browser = client();
        let response = self.sign_in(&browser, username, password).await;
        assert!(
            response.status().is_success() || response.status().is_redirection(),
            "{}",
            response.status()
        );
        browser
    }

    pub async fn sign_in(
        &self,
        client: &reqwest::Client,
        username: &str,
        password: &str,
    ) -> reqwest::Response {
        self.call(client, "sign_in", &[("username", username), ("password", password), ("next", "/")]).await
    }
}

/// Reads a server function's error body as the app's error type.
pub async fn app_error(response: reqwest::Response) -> app::error::AppError {
    let body = response.text().await.expect("response body");
    serde_json::from_str(&body).unwrap_or_else(|e| panic!("expected an AppError body, got {body:?}: {e}"))
}
