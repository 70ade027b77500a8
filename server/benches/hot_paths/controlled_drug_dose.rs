//! Recording a controlled-drug dose: the nurse's entry carries a witness's username and password,
//! which the server checks (Argon2) before the dose, its register entry and the stock balance are
//! written together.

use sqlx::PgPool;

use crate::common::{BenchResult, signed_in_with_cookie};
use crate::every_statement::SignedInUser;
use crate::{DoseKind, DoseQueue, establishment_with_doses, measure_each, ms, nurses_at, post_dose};

/// Measures `iterations` witnessed doses through the server function and as every statement it
/// runs (its own query alone is not separable: the witness check is most of it).
pub async fn measure_witnessed_doses(pool: &PgPool, base: &str, iterations: usize) -> BenchResult<()> {
    let needed = 2 * (iterations + iterations / 10 + 5);
    let first: uuid::Uuid =
        sqlx::query_scalar("SELECT id FROM establishment WHERE code >= 'QAA' ORDER BY code LIMIT 1")
            .fetch_one(pool)
            .await?;
    let (at, doses) = establishment_with_doses(pool, first, needed, DoseKind::Controlled).await?;
    if doses.len() < needed {
        println!(
            "| record a controlled-drug dose (witnessed) | not measured: {} such doses left on the open rounds, {needed} needed |",
            doses.len()
        );
        return Ok(());
    }
    let nurses = nurses_at(pool, at).await?;
    let [(_, witness), .., (_, nurse)] = nurses.as_slice() else {
        println!(
            "| record a controlled-drug dose (witnessed) | not measured: fewer than two nurses to give and witness |"
        );
        return Ok(());
    };
    let (client, cookie) = signed_in_with_cookie(base, nurse).await?;
    let user = SignedInUser::from_cookie(pool, &cookie, nurse, at).await?;
    let (user, witness) = (&user, witness.as_str());
    let (for_http, for_every) = doses.split_at(needed / 2);
    let (for_http, for_every) = (DoseQueue::new(for_http), DoseQueue::new(for_every));
    let (http, _, every) = measure_each(
        iterations,
        || {
            let dose = for_http.next();
            let client = client.clone();
            async move {
                let dose = dose?;
                post_dose(&client, base, dose.witnessed_entry(witness)).await
            }
        },
        || async { Ok(()) },
        || {
            let dose = for_every.next();
            async move {
                let dose = dose?;
                user.staff_request(pool).await?;
                app::rounds::ssr::record_dose(pool, &user.staff, &dose.witnessed_entry(witness))
                    .await
                    .map_err(|e| e.to_string())?;
                Ok(())
            }
        },
    )
    .await?;
    let ratio = |a: std::time::Duration, b: std::time::Duration| a.as_secs_f64() / b.as_secs_f64();
    println!(
        "| record a controlled-drug dose (witnessed; {iterations} iterations) | {} | {} | {} | — | — | — | — | — | {} | {} | {} | {:.2} | {:.2} |",
        ms(http.p50),
        ms(http.p95),
        ms(http.p99),
        ms(every.p50),
        ms(every.p95),
        ms(every.p99),
        ratio(http.p50, every.p50),
        ratio(http.p95, every.p95),
    );
    Ok(())
}
