//! Puts the client's address into every request before any handler runs (see
//! `app::auth::ssr::ClientAddress`): the TCP peer, or, behind reverse proxies of our own, the
//! address the outermost of them was connected from.

use std::net::SocketAddr;

use axum::extract::{ConnectInfo, Request, State};
use axum::middleware::Next;
use axum::response::Response;

use app::auth::ssr::ClientAddress;

/// How many reverse proxies of our own stand in front of the app, each appending to
/// `X-Forwarded-For`. Zero (the default) trusts no header.
#[derive(Clone, Copy, Debug, Default)]
pub struct TrustedProxyHops(pub usize);

pub async fn client_address(
    State(hops): State<TrustedProxyHops>,
    mut request: Request,
    next: Next,
) -> Response {
    let peer = request.extensions().get::<ConnectInfo<SocketAddr>>().map(|info| info.0.ip());
    let forwarded: Vec<&str> =
        request.headers().get_all("x-forwarded-for").iter().filter_map(|v| v.to_str().ok()).collect();
    let address = ClientAddress::resolve(peer, &forwarded, hops.0);
    if let Some(address) = address {
        request.extensions_mut().insert(address);
    }
    next.run(request).await
}
