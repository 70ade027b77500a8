//! The integration tests: one binary (one link, one private PostgreSQL cluster, the support code
//! compiled once), a module per area. Each test still has a database of its own, made from a
//! migrated template (`support::fresh_database`).

#![recursion_limit = "256"]

mod support;

mod access_rules;
mod allergies_and_alerts;
mod appointments;
mod audit_trail;
mod authorisation_matrix;
mod break_glass;
mod demo_seed;
mod embedded_postgres;
mod fhir_export;
mod fuzz_server_functions;
mod hazard_log;
mod hazards;
mod medicines_and_rounds;
mod medicines_day_summary;
mod movement_state;
mod national_load;
mod offline_rounds;
mod problems;
mod read_replica;
mod record_is_never_deleted;
mod release;
mod screening;
mod second_stage;
mod security_smaller;
mod shared_tablet_sessions;
mod sign_in_and_sessions;
mod sign_in_lockout;
mod stored_words;
mod timeline;
mod transfers;
mod web_hardening;
