//! Refuses state-changing requests that a browser sent from another site (CSRF). The session
//! cookie is already SameSite=Strict; this is the second, independent check OWASP recommends:
//! a browser always says where a POST comes from (`Origin`, and `Sec-Fetch-Site` in modern
//! browsers), and it must be this site. Requests without either header do not come from a
//! browser page, so they cannot carry a victim's cookie by trickery.

use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http::{HeaderMap, Method, StatusCode, header};

use app::error::AppError;

/// Origins accepted besides the request's own `Host`, e.g. the public address behind a proxy
/// that rewrites `Host`.
#[derive(Clone, Debug, Default)]
pub struct TrustedOrigins(pub Vec<String>);

#[derive(Debug, PartialEq, Eq)]
pub enum Verdict {
    SameSite,
    NotFromABrowserPage,
    CrossSite,
}

pub fn judge(method: &Method, headers: &HeaderMap, trusted: &TrustedOrigins) -> Verdict {
    if matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS) {
        return Verdict::SameSite;
    }
    let text = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    if let Some(origin) = text(header::ORIGIN.as_str()) {
        let host = text(header::HOST.as_str());
        let authority = origin.split_once("://").map(|(_, rest)| rest);
        let own = authority.is_some() && authority == host;
        let listed = trusted.0.iter().any(|t| t.trim_end_matches('/') == origin);
        return if own || listed { Verdict::SameSite } else { Verdict::CrossSite };
    }
    match text("sec-fetch-site") {
        Some("same-origin" | "none") => Verdict::SameSite,
        Some(_) => Verdict::CrossSite,
        None => Verdict::NotFromABrowserPage,
    }
}

pub async fn refuse_cross_site(
    State(trusted): State<TrustedOrigins>,
    request: Request,
    next: Next,
) -> Response {
    if judge(request.method(), request.headers(), &trusted) == Verdict::CrossSite {
        tracing::warn!(path = request.uri().path(), "cross-site request refused");
        let body = serde_json::to_string(&AppError::CrossSite).unwrap_or_default();
        return (StatusCode::FORBIDDEN, [(header::CONTENT_TYPE, "application/json")], body).into_response();
    }
    next.run(request).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(*name, http::HeaderValue::from_static(value));
        }
        map
    }

    #[test]
    fn a_post_from_this_site_passes() {
        let h = headers(&[("host", "127.0.0.1:3000"), ("origin", "http://127.0.0.1:3000")]);
        assert_eq!(judge(&Method::POST, &h, &TrustedOrigins::default()), Verdict::SameSite);
    }

    #[test]
    fn a_post_from_another_site_is_refused() {
        let h = headers(&[("host", "127.0.0.1:3000"), ("origin", "https://evil.example")]);
        assert_eq!(judge(&Method::POST, &h, &TrustedOrigins::default()), Verdict::CrossSite);
        let h = headers(&[("host", "127.0.0.1:3000"), ("origin", "null")]);
        assert_eq!(judge(&Method::POST, &h, &TrustedOrigins::default()), Verdict::CrossSite);
        let h = headers(&[("host", "127.0.0.1:3000"), ("sec-fetch-site", "cross-site")]);
        assert_eq!(judge(&Method::POST, &h, &TrustedOrigins::default()), Verdict::CrossSite);
    }

    #[test]
    fn a_proxy_origin_passes_only_when_trusted() {
        let h = headers(&[("host", "10.0.0.5:3000"), ("origin", "https://throughcare.example")]);
        assert_eq!(judge(&Method::POST, &h, &TrustedOrigins::default()), Verdict::CrossSite);
        let trusted = TrustedOrigins(vec!["https://throughcare.example/".into()]);
        assert_eq!(judge(&Method::POST, &h, &trusted), Verdict::SameSite);
    }

    #[test]
    fn reads_and_non_browser_clients_pass() {
        let h = headers(&[("host", "127.0.0.1:3000"), ("origin", "https://evil.example")]);
        assert_eq!(judge(&Method::GET, &h, &TrustedOrigins::default()), Verdict::SameSite);
        let h = headers(&[("host", "127.0.0.1:3000")]);
        assert_eq!(judge(&Method::POST, &h, &TrustedOrigins::default()), Verdict::NotFromABrowserPage);
    }
}
