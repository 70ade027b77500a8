//! Sends a browser that asks for a page without a valid session to sign-in first, so that no
//! clinical page is ever rendered for a signed-out visitor.

use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use tower_sessions::Session;

use app::auth::ssr::signed_in;
use app::components::url;
use app::error::AppError;
use app::state::AppState;

fn is_public(path: &str) -> bool {
    path == "/sign-in"
        || path == "/unlock"
        || path.starts_with("/api/")
        || path.starts_with("/pkg/")
        || path == "/favicon.ico"
        // The offline-round storage script and the service worker hold no patient data.
        || path == "/offline.js"
        || path == "/sw.js"
        || path == "/robots.txt"
}

pub async fn page_gate(
    State(state): State<AppState>,
    session: Session,
    request: Request,
    next: Next,
) -> Response {
    let path = request.uri().path().to_owned();
    if request.method() != http::Method::GET || is_public(&path) {
        return next.run(request).await;
    }
    let here = request.uri().path_and_query().map(|p| p.as_str().to_owned()).unwrap_or_else(|| path.clone());
    match signed_in(&session, &state.session_rules).await {
        Ok(auth) if auth.establishment_id.is_none() && path != "/choose-establishment" => {
            Redirect::to(&format!("/choose-establishment?next={}", url::encode(&here))).into_response()
        }
        Ok(_) => next.run(request).await,
        Err(AppError::SessionLocked) => {
            Redirect::to(&format!("/unlock?next={}", url::encode(&here))).into_response()
        }
        Err(error @ (AppError::NotSignedIn | AppError::SessionIdle | AppError::SessionExpired)) => {
            let reason = match error {
                AppError::SessionIdle => "idle",
                AppError::SessionExpired => "expired",
                _ => "required",
            };
            Redirect::to(&format!("/sign-in?reason={reason}&next={}", url::encode(&here))).into_response()
        }
        // The page itself will show the error; the gate only decides about sign-in.
        Err(_) => next.run(request).await,
    }
}
