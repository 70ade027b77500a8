//! The Throughcare server: configuration, database (external or a private embedded cluster),
//! the axum router around the Leptos app, and demo data.

// Leptos view types nest deeply; computing their layout needs more than the default 128.
#![recursion_limit = "256"]

pub mod cache_policy;
pub mod client_address;
pub mod config;
pub mod cross_site;
pub mod database;
pub mod embedded_postgres;
pub mod housekeeping;
pub mod live;
pub mod national;
pub mod page_gate;
pub mod response_status;
pub mod seed;
pub mod service_worker;
pub mod startup;
