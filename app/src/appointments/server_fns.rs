use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use uuid::Uuid;

use super::{AppointmentReport, AppointmentView, BookingRequest, ClinicDay, PatientAppointments};
use crate::domain::appointment::AppointmentStatus;
use crate::error::AppError;

#[server(endpoint = "patient_appointments")]
pub async fn load_patient_appointments(prison_number: String) -> Result<PatientAppointments, AppError> {
    use crate::domain::access::Intent;
    let state = crate::state::app_state()?;
    let (patient_id, staff) = crate::access::authorize_prison_number(
        &state,
        &prison_number,
        Intent::Read,
        crate::audit::AuditAction::AppointmentRead,
    )
    .await?;
    super::ssr::patient_appointments(&state.pool, &staff, patient_id).await
}

/// Books an appointment, or puts the patient on the clinic's waiting list when no time is given.
#[server(endpoint = "book_appointment", input = Json)]
pub async fn book_appointment(prison_number: String, request: BookingRequest) -> Result<Uuid, AppError> {
    use crate::domain::access::Intent;
    let state = crate::state::app_state()?;
    for (field, kind, text) in [
        ("reason", crate::domain::free_text::FreeText::Reason, &request.reason),
        ("security_note", crate::domain::free_text::FreeText::Note, &request.security_note),
        ("date", crate::domain::free_text::FreeText::Line, &request.date),
        ("time", crate::domain::free_text::FreeText::Line, &request.time),
        ("priority", crate::domain::free_text::FreeText::Line, &request.priority),
    ] {
        crate::domain::free_text::check_free_text(field, kind, text).map_err(AppError::from_problem)?;
    }
    let (patient_id, staff) = crate::access::authorize_prison_number(
        &state,
        &prison_number,
        Intent::Write,
        crate::audit::AuditAction::AppointmentBook,
    )
    .await?;
    super::ssr::book(&state.pool, &staff, patient_id, &request).await
}

#[server(endpoint = "record_appointment_outcome")]
pub async fn record_appointment_outcome(
    appointment_id: Uuid,
    outcome: AppointmentStatus,
    reason_code: Option<String>,
    note: String,
) -> Result<(), AppError> {
    crate::domain::free_text::check_free_text("note", crate::domain::free_text::FreeText::Note, &note)
        .map_err(AppError::from_problem)?;
    crate::domain::free_text::check_free_text(
        "reason_code",
        crate::domain::free_text::FreeText::Line,
        reason_code.as_deref().unwrap_or_default(),
    )
    .map_err(AppError::from_problem)?;
    let (state, staff) = crate::access::signed_in().await?;
    let reason_code = reason_code.filter(|c| !c.is_empty());
    super::ssr::record_outcome(&state.pool, &staff, appointment_id, outcome, reason_code.as_deref(), &note)
        .await
}

#[server(endpoint = "cancel_appointment")]
pub async fn cancel_appointment(appointment_id: Uuid, reason: String) -> Result<(), AppError> {
    crate::domain::free_text::check_free_text("reason", crate::domain::free_text::FreeText::Reason, &reason)
        .map_err(AppError::from_problem)?;
    let (state, staff) = crate::access::signed_in().await?;
    super::ssr::cancel(&state.pool, &staff, appointment_id, &reason).await
}

/// A clinic's day at the user's establishment (today when no date is given).
#[server(endpoint = "clinic_day")]
pub async fn load_clinic_day(clinic_id: Option<Uuid>, date: Option<String>) -> Result<ClinicDay, AppError> {
    let (state, staff) = crate::access::require(
        crate::domain::Capability::ClinicalAccess,
        crate::audit::AuditAction::AppointmentClinicDayRole,
    )
    .await?;
    let date = match date.as_deref().map(str::trim).filter(|d| !d.is_empty()) {
        Some(d) => chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d")
            .map_err(|_| AppError::invalid("date", "Choose a day."))?,
        None => super::ssr::today(),
    };
    crate::audit::record_staff_action(
        &state.pool,
        &staff,
        crate::audit::AuditAction::AppointmentClinicListRead,
        "",
    )
    .await?;
    super::ssr::clinic_day(&state.pool, &staff, clinic_id, date).await
}

#[server(endpoint = "appointment_report")]
pub async fn load_appointment_report(from: String, to: String) -> Result<AppointmentReport, AppError> {
    let (state, staff) = crate::access::require(
        crate::domain::Capability::ClinicalAccess,
        crate::audit::AuditAction::AppointmentReportRole,
    )
    .await?;
    let parse = |field: &str, v: &str| {
        chrono::NaiveDate::parse_from_str(v.trim(), "%Y-%m-%d")
            .map_err(|_| AppError::invalid(field, "Choose a date."))
    };
    let (from, to) = (parse("from", &from)?, parse("to", &to)?);
    if to < from {
        return Err(AppError::invalid("to", "The period must end after it starts."));
    }
    if (to - from).num_days() > 366 {
        return Err(AppError::invalid("from", "Report on a year or less at a time."));
    }
    crate::audit::record_staff_action(
        &state.pool,
        &staff,
        crate::audit::AuditAction::AppointmentReportRead,
        "",
    )
    .await?;
    super::ssr::report(&state.pool, staff.establishment_id, from, to).await
}

/// One appointment for the patient's slip.
#[server(endpoint = "appointment_slip")]
pub async fn load_appointment_slip(
    prison_number: String,
    appointment_id: Uuid,
) -> Result<(String, AppointmentView), AppError> {
    use crate::domain::access::Intent;
    let state = crate::state::app_state()?;
    let (patient_id, _) = crate::access::authorize_prison_number(
        &state,
        &prison_number,
        Intent::Read,
        crate::audit::AuditAction::AppointmentSlipPrint,
    )
    .await?;
    let which = super::ssr::Which {
        id: Some(appointment_id),
        patient_id: Some(patient_id),
        limit: 1,
        ..Default::default()
    };
    let found = super::ssr::appointments(&state.pool, which)
        .await?
        .into_iter()
        .next()
        .ok_or_else(|| AppError::NotFound("That appointment does not exist.".to_owned()))?;
    let banner = crate::record::ssr::banner(&state.pool, patient_id).await?;
    Ok((
        format!("{}, {} ({})", banner.family_name.to_uppercase(), banner.given_name, banner.prison_number),
        found.view,
    ))
}

#[server(endpoint = "record_letter_received")]
pub async fn record_letter_received(appointment_id: Uuid) -> Result<(), AppError> {
    let (state, staff) = crate::access::signed_in().await?;
    super::ssr::record_letter_received(&state.pool, &staff, appointment_id).await
}
