use crate::error::AppError;

/// What a form shows after its action: the field message for a refused value, the plain
/// message for anything else, nothing on success.
pub fn form_message<T>(result: Option<Result<T, AppError>>) -> Option<String> {
    match result {
        Some(Err(AppError::Invalid { message, .. })) => Some(message),
        Some(Err(e)) => Some(e.to_string()),
        _ => None,
    }
}
