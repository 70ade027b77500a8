//! Startup as a value: build the application on a listener, learn its port, run it. Tests
//! start the real server in-process this way.

use std::net::SocketAddr;
use std::time::Duration;

use axum::Router;
use axum::middleware;
use http::header;
use http::{HeaderName, HeaderValue};
use leptos::prelude::*;
use leptos_axum::{LeptosRoutes, generate_route_list};
use tokio::net::TcpListener;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_sessions::cookie::SameSite;
use tower_sessions::session_store::ExpiredDeletion;
use tower_sessions::{Expiry, SessionManagerLayer};
use tower_sessions_sqlx_store::PostgresStore;

use app::state::{AppState, DatabasePools, SessionRules};
use app::{App, shell};

use crate::client_address::{TrustedProxyHops, client_address};
use crate::cross_site::{TrustedOrigins, refuse_cross_site};
use crate::page_gate::page_gate;

/// How the app faces the web: cookie flags and the origins browsers may send changes from.
#[derive(Clone, Debug, Default)]
pub struct WebOptions {
    pub secure_cookies: bool,
    pub trusted_origins: TrustedOrigins,
    pub trusted_proxy_hops: TrustedProxyHops,
}

pub struct Application {
    listener: TcpListener,
    router: Router,
    port: u16,
}

#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    #[error("could not listen on {0}: {1}")]
    Bind(SocketAddr, std::io::Error),
    #[error("session store: {0}")]
    Sessions(#[from] sqlx::Error),
    #[error("server error: {0}")]
    Serve(std::io::Error),
}

impl Application {
    pub async fn build(
        addr: SocketAddr,
        leptos_options: LeptosOptions,
        pools: DatabasePools,
        session_rules: SessionRules,
        web: WebOptions,
    ) -> Result<Self, StartupError> {
        let listener = TcpListener::bind(addr).await.map_err(|e| StartupError::Bind(addr, e))?;
        let port = listener.local_addr().map_err(|e| StartupError::Bind(addr, e))?.port();
        let router = router(leptos_options, pools, session_rules, web).await?;
        Ok(Self { listener, router, port })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    pub async fn run_until_stopped(
        self,
        shutdown: impl std::future::Future<Output = ()> + Send + 'static,
    ) -> Result<(), StartupError> {
        axum::serve(self.listener, self.router.into_make_service_with_connect_info::<SocketAddr>())
            .with_graceful_shutdown(shutdown)
            .await
            .map_err(StartupError::Serve)
    }
}

pub async fn router(
    leptos_options: LeptosOptions,
    pools: DatabasePools,
    session_rules: SessionRules,
    web: WebOptions,
) -> Result<Router, StartupError> {
    let DatabasePools { primary: pool, read_replica } = pools;
    let store = PostgresStore::new(pool.clone());
    store.migrate().await?;
    tokio::spawn(store.clone().continuously_delete_expired(Duration::from_secs(300)));
    crate::housekeeping::spawn(pool.clone());
    let lifetime = i64::try_from(session_rules.absolute_lifetime.as_secs()).unwrap_or(i64::MAX);
    let sessions = SessionManagerLayer::new(store)
        .with_name("throughcare.sid")
        .with_http_only(true)
        .with_same_site(SameSite::Strict)
        .with_secure(web.secure_cookies)
        .with_expiry(Expiry::OnInactivity(time::Duration::seconds(lifetime)));

    let live = app::live::LiveHub::default();
    crate::live::spawn_listener(pool.clone(), live.clone());
    let password_checks = app::auth::ssr::PasswordChecks::new(session_rules.password_checks);
    crate::housekeeping::spawn_password_check_upkeep(password_checks.clone());
    let state = AppState {
        leptos_options: leptos_options.clone(),
        pool,
        read_replica,
        session_rules,
        live,
        password_checks,
    };
    let routes = generate_route_list(App);
    let router = Router::new()
        .route(app::live::ROUND_ACTIVITY_PATH, axum::routing::get(crate::live::round_activity))
        .leptos_routes_with_context(&state, routes, || (), {
            let options = leptos_options.clone();
            move || shell(options.clone())
        })
        .fallback(leptos_axum::file_and_error_handler::<AppState, _>(shell))
        .layer(middleware::from_fn_with_state(state.clone(), page_gate))
        .layer(middleware::from_fn(crate::response_status::error_status))
        .layer(sessions)
        .layer(middleware::from_fn_with_state(web.trusted_origins, refuse_cross_site))
        .layer(middleware::from_fn_with_state(web.trusted_proxy_hops, client_address))
        .layer(middleware::from_fn(crate::service_worker::worker_policy))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(app::content_security_policy::FOR_OTHER_RESPONSES),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::overriding(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY")))
        .layer(SetResponseHeaderLayer::overriding(
            header::REFERRER_POLICY,
            HeaderValue::from_static("no-referrer"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            HeaderName::from_static("permissions-policy"),
            HeaderValue::from_static("camera=(), microphone=(), geolocation=(), payment=(), usb=()"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            HeaderName::from_static("cross-origin-opener-policy"),
            HeaderValue::from_static("same-origin"),
        ))
        .layer(middleware::from_fn(crate::cache_policy::no_store))
        .layer(middleware::from_fn(crate::cache_policy::absolute_paths_only))
        .with_state(state);
    // Only over TLS: browsers ignore it on plain http, and it must not pin a dev machine to https.
    let router = if web.secure_cookies {
        router.layer(SetResponseHeaderLayer::overriding(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000; includeSubDomains"),
        ))
    } else {
        router
    };
    Ok(router)
}
