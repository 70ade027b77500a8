//! The append-only audit trail: who read or changed which record, from where, with what outcome.
//! Entries carry ids and action names only, never clinical content.

mod action;
#[cfg(feature = "ssr")]
mod ssr;
pub use action::AuditAction;
#[cfg(feature = "ssr")]
pub use ssr::*;
