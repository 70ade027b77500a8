//! The private cluster keeps its data between starts.

use server::embedded_postgres::EmbeddedPostgres;
use sqlx::postgres::PgPoolOptions;

#[tokio::test]
async fn a_second_start_finds_the_data_of_the_first() {
    let dir = std::env::temp_dir().join(format!("throughcare-restart-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);

    let first = tokio::task::spawn_blocking({
        let dir = dir.clone();
        move || EmbeddedPostgres::start(&dir)
    })
    .await
    .expect("task")
    .expect("first start");
    let pool = PgPoolOptions::new().connect_with(first.connect_options("postgres")).await.expect("connect");
    sqlx::query("CREATE TABLE kept (note text)").execute(&pool).await.expect("create");
    sqlx::query("INSERT INTO kept VALUES ('still here')").execute(&pool).await.expect("insert");
    pool.close().await;
    tokio::task::spawn_blocking(move || first.stop()).await.expect("stop");

    let second = tokio::task::spawn_blocking({
        let dir = dir.clone();
        move || EmbeddedPostgres::start(&dir)
    })
    .await
    .expect("task")
    .expect("second start");
    let pool =
        PgPoolOptions::new().connect_with(second.connect_options("postgres")).await.expect("reconnect");
    let note: String = sqlx::query_scalar("SELECT note FROM kept").fetch_one(&pool).await.expect("select");
    pool.close().await;
    tokio::task::spawn_blocking(move || second.stop()).await.expect("stop");
    let _ = std::fs::remove_dir_all(&dir);

    assert_eq!(note, "still here");
}
