//! The offline rounds' service worker is served with a policy of its own: a worker runs under the
//! Content-Security-Policy its script came with, and the one for other files forbids any fetch.

use axum::extract::Request;
use axum::middleware::Next;
use axum::response::Response;
use http::{HeaderValue, header};

pub async fn worker_policy(request: Request, next: Next) -> Response {
    let is_worker = request.uri().path() == "/sw.js";
    let mut response = next.run(request).await;
    if is_worker {
        response.headers_mut().insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(app::content_security_policy::FOR_SERVICE_WORKER),
        );
    }
    response
}
