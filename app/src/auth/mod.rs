//! Sign-in, the establishment a user works at, sign-out, and the signed-in user's identity.

mod lock_fns;
mod lock_screen;
mod pages;
mod password_change;
mod server_fns;
#[cfg(feature = "ssr")]
pub mod ssr;

pub use lock_fns::*;
pub use lock_screen::{LockScreen, ScreenLock, UnlockPage};
pub use pages::{ChooseEstablishmentPage, SignInPage};
pub use password_change::*;
pub use server_fns::*;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::domain::Role;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EstablishmentChoice {
    pub id: Uuid,
    pub code: String,
    pub name: String,
}

/// Who is signed in and where they are working; shown in the header of every page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CurrentUser {
    pub staff_id: Uuid,
    pub display_name: String,
    pub role: Role,
    pub working_at: Option<EstablishmentChoice>,
    pub establishments: Vec<EstablishmentChoice>,
    /// The browser signs out after this long without keyboard or pointer activity.
    pub idle_timeout_secs: u64,
    /// The browser locks the screen after this long without activity.
    #[serde(default)]
    pub lock_after_secs: u64,
}

/// Longer than any of our pages' addresses with its search.
const MAX_NEXT_PATH_BYTES: usize = 2_048;

/// Only same-site paths are followed after sign-in, so a crafted link cannot send a
/// clinician to another site. Control characters are refused too: browsers drop tabs and
/// newlines from a URL before reading it, so `/<tab>/evil.example` would be `//evil.example`.
/// One longer than any of our pages' addresses with a search is not followed either.
pub fn safe_next_path(next: Option<&str>) -> String {
    match next {
        Some(p)
            if p.len() <= MAX_NEXT_PATH_BYTES
                && p.starts_with('/')
                && !p.starts_with("//")
                && !p.contains('\\')
                && !p.chars().any(char::is_control) =>
        {
            p.to_owned()
        }
        _ => "/".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::safe_next_path;

    #[test]
    fn a_same_site_path_is_followed_after_sign_in() {
        assert_eq!(safe_next_path(Some("/patients?q=smith")), "/patients?q=smith");
    }

    #[test]
    fn other_sites_and_protocol_relative_links_go_home_instead() {
        for bad in [
            "https://evil.example",
            "//evil.example",
            "/\\evil.example",
            "patients",
            "/\t/evil.example",
            "/\n/evil.example",
        ] {
            assert_eq!(safe_next_path(Some(bad)), "/", "{bad}");
        }
        assert_eq!(safe_next_path(None), "/");
    }
}
