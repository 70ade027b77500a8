//! A second authorised member of staff witnesses a controlled drug by entering their own
//! username and password on the same tablet.

use sqlx::PgPool;
use uuid::Uuid;

use crate::auth::ssr::{ClientAddress, PasswordPurpose, StaffContext, authenticate};
use crate::domain::Role;
use crate::error::AppError;

pub async fn verify_witness(
    pool: &PgPool,
    staff: &StaffContext,
    username: &str,
    password: &str,
) -> Result<(Uuid, String), AppError> {
    if username.trim().is_empty() || password.is_empty() {
        return Err(AppError::invalid(
            "witness_username",
            "A controlled drug needs a witness: the second member of staff enters their username and password.",
        ));
    }
    let client = ClientAddress::of_request().await;
    let witness_id = match authenticate(pool, username, password, client, PasswordPurpose::Witness).await {
        Ok(id) => id,
        Err(AppError::BadCredentials) => {
            return Err(AppError::invalid(
                "witness_password",
                "The witness's username or password is not right.",
            ));
        }
        Err(AppError::AccountLocked(until)) => {
            return Err(AppError::invalid(
                "witness_password",
                format!("The witness's account is locked after failed attempts until {until}."),
            ));
        }
        Err(AppError::AccountLockedHere(until)) => {
            return Err(AppError::invalid(
                "witness_password",
                format!(
                    "The witness's account is locked on this device after failed attempts until {until}; the witness can still sign in on another device."
                ),
            ));
        }
        Err(other) => return Err(other),
    };
    if witness_id == staff.staff_id {
        return Err(AppError::invalid(
            "witness_username",
            "The witness must be a second member of staff, not the person giving the dose.",
        ));
    }
    let row = sqlx::query!(
        r#"SELECT s.display_name, s.role AS "role: Role" FROM staff s
           JOIN staff_establishment se ON se.staff_id = s.id AND se.establishment_id = $2
           WHERE s.id = $1 AND s.active"#,
        witness_id,
        staff.establishment_id
    )
    .fetch_optional(pool)
    .await?;
    match row {
        Some(r) if r.role.may(crate::domain::Capability::WitnessControlledDrugs) => {
            Ok((witness_id, r.display_name))
        }
        Some(_) => {
            Err(AppError::invalid("witness_username", "The witness's role cannot witness controlled drugs."))
        }
        None => {
            Err(AppError::invalid("witness_username", "The witness does not work at this establishment."))
        }
    }
}
