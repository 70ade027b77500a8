//! The database the server uses: the one at `DATABASE_URL`, or a private embedded cluster.

use sqlx::PgPool;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use std::path::Path;
use std::str::FromStr;

use crate::embedded_postgres::{EmbeddedPostgres, EmbeddedPostgresError};

pub const EMBEDDED_DATABASE: &str = "throughcare";

#[derive(Debug, thiserror::Error)]
pub enum DatabaseError {
    #[error("the private PostgreSQL cluster could not start: {0}")]
    Embedded(#[from] EmbeddedPostgresError),
    #[error("could not connect to PostgreSQL: {0}")]
    Connect(#[from] sqlx::Error),
    #[error(
        "THROUGHCARE_REPLICA_URL is not a standby in recovery; refusing to read from a second writable database"
    )]
    NotAReplica,
    #[error("migrations failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
}

pub struct Database {
    pub pool: PgPool,
    /// A hot standby of `pool`'s database, for reads that may lag (see `AppState::read_pool`).
    pub read_replica: Option<PgPool>,
    /// Present when the server started its own cluster; dropping it stops the cluster.
    pub embedded: Option<EmbeddedPostgres>,
}

impl Database {
    pub async fn open(database_url: Option<&str>, data_dir: &Path) -> Result<Self, DatabaseError> {
        match database_url {
            Some(url) => {
                let pool = pool(PgConnectOptions::from_str(url)?).await?;
                Ok(Self { pool, read_replica: None, embedded: None })
            }
            None => {
                let dir = data_dir.to_owned();
                let embedded = tokio::task::spawn_blocking(move || EmbeddedPostgres::start(&dir))
                    .await
                    .map_err(|e| EmbeddedPostgresError::Command { step: "start", detail: e.to_string() })??;
                create_database_if_missing(&embedded, EMBEDDED_DATABASE).await?;
                let pool = pool(embedded.connect_options(EMBEDDED_DATABASE)).await?;
                Ok(Self { pool, read_replica: None, embedded: Some(embedded) })
            }
        }
    }

    /// Connects to a streaming replica. It must be in recovery (a hot standby): pointing reads at
    /// a second writable database would split the record in two without anyone noticing.
    pub async fn with_read_replica(self, url: &str) -> Result<Self, DatabaseError> {
        let replica = pool(PgConnectOptions::from_str(url)?).await?;
        let in_recovery: bool = sqlx::query_scalar("SELECT pg_is_in_recovery()").fetch_one(&replica).await?;
        if !in_recovery {
            replica.close().await;
            return Err(DatabaseError::NotAReplica);
        }
        Ok(Self { read_replica: Some(replica), ..self })
    }

    pub async fn migrate(&self) -> Result<(), DatabaseError> {
        migrate(&self.pool).await
    }

    /// Closes the pool, then stops the embedded cluster if there is one.
    pub async fn close(self) {
        self.pool.close().await;
        if let Some(replica) = &self.read_replica {
            replica.close().await;
        }
        if let Some(embedded) = self.embedded {
            let _ = tokio::task::spawn_blocking(move || embedded.stop()).await;
        }
    }
}

pub async fn migrate(pool: &PgPool) -> Result<(), DatabaseError> {
    sqlx::migrate!("../migrations").run(pool).await?;
    Ok(())
}

async fn pool(options: PgConnectOptions) -> Result<PgPool, sqlx::Error> {
    PgPoolOptions::new().max_connections(20).connect_with(options).await
}

pub async fn create_database_if_missing(pg: &EmbeddedPostgres, name: &str) -> Result<(), sqlx::Error> {
    let admin = PgPoolOptions::new().max_connections(1).connect_with(pg.connect_options("postgres")).await?;
    let exists: bool = sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)")
        .bind(name)
        .fetch_one(&admin)
        .await?;
    if !exists {
        // Identifiers cannot be bound as parameters; `name` is ours, never user input.
        sqlx::query(&format!("CREATE DATABASE \"{name}\"")).execute(&admin).await?;
    }
    admin.close().await;
    Ok(())
}
