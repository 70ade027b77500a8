//! The one access function: every server function that reads or writes a patient's record
//! goes through [`authorize_patient`], which decides by [`crate::domain::access::decide`] and
//! audits the outcome, allowed or refused.

#[cfg(feature = "ssr")]
mod ssr;
#[cfg(feature = "ssr")]
pub use ssr::*;
