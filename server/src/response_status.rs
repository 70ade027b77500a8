//! Gives server-function errors the HTTP status that matches them (Leptos answers every error
//! with 500), so that refusals, bad input and sign-in prompts are not mistaken for server faults
//! by proxies, monitoring and scanners. The body, which the client reads, is unchanged.

use axum::body::{Body, to_bytes};
use axum::extract::Request;
use axum::middleware::Next;
use axum::response::Response;

use app::error::AppError;

/// Error bodies are small JSON values, but an undecodable request is echoed in its message, so the
/// limit is above the largest request body axum accepts (2 MB).
const MAX_ERROR_BODY: usize = 4 * 1024 * 1024;

pub async fn error_status(request: Request, next: Next) -> Response {
    let response = next.run(request).await;
    if !response.headers().contains_key(leptos::server_fn::error::SERVER_FN_ERROR_HEADER) {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = to_bytes(body, MAX_ERROR_BODY).await else {
        tracing::error!("server function error body could not be read");
        parts.status = http::StatusCode::INTERNAL_SERVER_ERROR;
        return Response::from_parts(parts, Body::empty());
    };
    if let Ok(error) = serde_json::from_slice::<AppError>(&bytes) {
        parts.status = error.status();
    }
    Response::from_parts(parts, Body::from(bytes))
}
