//! Nothing with patient data is kept in a browser's or proxy's cache: a shared tablet's next user
//! must not find the last user's pages in it. Only the app's own static files under `/pkg/` may
//! be cached.

use axum::extract::Request;
use axum::middleware::Next;
use axum::response::Response;
use http::{HeaderValue, header};

pub async fn no_store(request: Request, next: Next) -> Response {
    let cacheable = request.uri().path().starts_with("/pkg/");
    let mut response = next.run(request).await;
    if !cacheable {
        response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    response
}

/// A request whose target is not an absolute path (e.g. `GET pkg HTTP/1.1`) is refused before the
/// file service, which would otherwise drop the connection and log an error.
pub async fn absolute_paths_only(request: Request, next: Next) -> Response {
    if request.uri().path().starts_with('/') {
        next.run(request).await
    } else {
        let mut response = Response::new(axum::body::Body::from("Bad request target"));
        *response.status_mut() = http::StatusCode::BAD_REQUEST;
        response
    }
}
