//! The append-only audit trail: who read or changed which record, from where, with what outcome.
//! Entries carry ids and action names only, never clinical content.

#[cfg(feature = "ssr")]
mod ssr;
#[cfg(feature = "ssr")]
pub use ssr::*;
