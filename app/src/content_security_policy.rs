//! The Content-Security-Policy: the page may run its own script and WebAssembly and the one
//! inline bootstrap script that carries this response's nonce, and nothing else. No inline style
//! attributes, no frames, no plug-ins, no other origins.

/// The policy for a rendered page, whose inline hydration scripts carry `nonce`.
pub fn for_page(nonce: &str) -> String {
    format!(
        "default-src 'none'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; style-src 'self'; \
         img-src 'self' data:; font-src 'self'; connect-src 'self'; worker-src 'self'; manifest-src 'self'; \
         form-action 'self'; base-uri 'none'; object-src 'none'; frame-ancestors 'none'"
    )
}

/// For every other response (server-function results, files): nothing may run or frame it.
pub const FOR_OTHER_RESPONSES: &str =
    "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/// The offline rounds' service worker (`/sw.js`): a worker runs under the policy its script came
/// with, and it only fetches the app's own shell.
pub const FOR_SERVICE_WORKER: &str = "default-src 'none'; connect-src 'self'";

/// Sets the page policy on the response being rendered, with the nonce Leptos gave this render.
#[cfg(feature = "ssr")]
pub fn apply_to_page_response() {
    use leptos::prelude::use_context;
    let (Some(nonce), Some(response)) =
        (leptos::nonce::use_nonce(), use_context::<leptos_axum::ResponseOptions>())
    else {
        return;
    };
    match http::HeaderValue::from_str(&for_page(&nonce)) {
        Ok(value) => response.insert_header(http::header::CONTENT_SECURITY_POLICY, value),
        Err(error) => tracing::error!(%error, "content security policy is not a valid header value"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_page_policy_allows_only_this_nonce_own_scripts_and_wasm() {
        let policy = for_page("abc123");
        assert!(policy.contains("script-src 'self' 'nonce-abc123' 'wasm-unsafe-eval';"));
        assert!(policy.contains("frame-ancestors 'none'"));
        assert!(!policy.contains("unsafe-inline"));
        assert!(!policy.contains("*"));
    }
}
