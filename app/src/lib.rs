//! Throughcare: the Leptos application shared by the server (SSR) and the browser (hydrate).

#![recursion_limit = "256"]

pub mod access;
pub mod appointments;
pub mod audit;
pub mod audit_trail;
pub mod auth;
pub mod break_glass;
pub mod components;
pub mod content_security_policy;
pub mod controlled_drugs;
pub mod discharge;
pub mod domain;
pub mod error;
pub mod establishments;
pub mod fhir_export;
pub mod live;
pub mod medicines;
pub mod offline;
pub mod patients;
#[cfg(feature = "ssr")]
pub mod prison_link;
pub mod problems;
pub mod record;
pub mod risks;
pub mod rounds;
pub mod screening;
#[cfg(feature = "ssr")]
pub mod search_text;
mod shell;
#[cfg(feature = "ssr")]
pub mod state;
pub mod timeline;
pub mod transfers;

pub use shell::{App, shell};
