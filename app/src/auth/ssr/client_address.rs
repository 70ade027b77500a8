//! The address a request came from, as far as it can be trusted: failed sign-ins are counted per
//! account *and* address, so that typing wrong passwords somewhere else cannot lock a nurse out of
//! her own tablet mid-round.

use std::net::{IpAddr, Ipv4Addr};

/// The client's address, put into each request by the server before any handler runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ClientAddress(pub IpAddr);

impl ClientAddress {
    /// Requests that reach a server function without one (called in-process) count as one client.
    pub const UNKNOWN: ClientAddress = ClientAddress(IpAddr::V4(Ipv4Addr::UNSPECIFIED));

    /// The client's address from the connection's `peer` and the `X-Forwarded-For` values, given
    /// how many reverse proxies of our own stand in front of the app. Each proxy appends the
    /// address it was connected from, so with `hops` proxies the client is the `hops`-th entry
    /// from the right; anything further left was written by the client and proves nothing. With
    /// no proxies (or a request that did not pass through all of them) the peer is the client.
    pub fn resolve(peer: Option<IpAddr>, forwarded_for: &[&str], hops: usize) -> Option<ClientAddress> {
        if hops == 0 {
            return peer.map(ClientAddress);
        }
        let entries: Vec<&str> =
            forwarded_for.iter().flat_map(|value| value.split(',')).map(str::trim).collect();
        let from_proxies = entries.len().checked_sub(hops).and_then(|i| entries.get(i));
        match from_proxies.and_then(|entry| entry.parse::<IpAddr>().ok()) {
            Some(address) => Some(ClientAddress(address)),
            None => peer.map(ClientAddress),
        }
    }

    /// The address of the request being served.
    pub async fn of_request() -> ClientAddress {
        match leptos_axum::extract::<axum::Extension<ClientAddress>>().await {
            Ok(axum::Extension(address)) => address,
            Err(_) => ClientAddress::UNKNOWN,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(text: &str) -> IpAddr {
        text.parse().expect("address")
    }

    #[test]
    fn without_proxies_the_peer_is_the_client_whatever_the_header_says() {
        let resolved = ClientAddress::resolve(Some(ip("10.1.2.3")), &["192.0.2.9"], 0);
        assert_eq!(resolved, Some(ClientAddress(ip("10.1.2.3"))));
    }

    #[test]
    fn behind_one_proxy_the_last_entry_is_the_client_and_earlier_ones_are_ignored() {
        let peer = Some(ip("10.0.0.1"));
        assert_eq!(ClientAddress::resolve(peer, &["10.9.8.7"], 1), Some(ClientAddress(ip("10.9.8.7"))));
        // A client that sends its own header cannot choose its address.
        let spoofed = ClientAddress::resolve(peer, &["192.0.2.1, 10.9.8.7"], 1);
        assert_eq!(spoofed, Some(ClientAddress(ip("10.9.8.7"))));
        let split_over_headers = ClientAddress::resolve(peer, &["192.0.2.1", "10.9.8.7"], 1);
        assert_eq!(split_over_headers, Some(ClientAddress(ip("10.9.8.7"))));
    }

    #[test]
    fn behind_two_proxies_the_second_entry_from_the_right_is_the_client() {
        let resolved = ClientAddress::resolve(Some(ip("10.0.0.2")), &["192.0.2.1, 10.9.8.7, 10.0.0.1"], 2);
        assert_eq!(resolved, Some(ClientAddress(ip("10.9.8.7"))));
    }

    #[test]
    fn a_request_that_did_not_pass_every_proxy_or_names_no_address_counts_as_its_peer() {
        let peer = Some(ip("10.0.0.1"));
        assert_eq!(ClientAddress::resolve(peer, &[], 1), Some(ClientAddress(ip("10.0.0.1"))));
        assert_eq!(ClientAddress::resolve(peer, &["10.9.8.7"], 2), Some(ClientAddress(ip("10.0.0.1"))));
        assert_eq!(ClientAddress::resolve(peer, &["unknown"], 1), Some(ClientAddress(ip("10.0.0.1"))));
        assert_eq!(ClientAddress::resolve(None, &[], 0), None);
    }

    #[test]
    fn ipv6_clients_are_read_too() {
        let resolved = ClientAddress::resolve(Some(ip("::1")), &["2001:db8::7"], 1);
        assert_eq!(resolved, Some(ClientAddress(ip("2001:db8::7"))));
    }
}
