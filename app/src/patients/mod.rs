//! Finding a patient within the establishment and opening their record.

mod banner;
mod patient_page;
mod record;
mod search_page;
mod server_fns;
#[cfg(feature = "ssr")]
pub mod ssr;

pub use banner::PatientBanner as PatientBannerView;
pub use patient_page::PatientPage;
pub use record::*;
pub use search_page::PatientSearchPage;
pub use server_fns::*;

/// Bumped after every write to the open record, so the banner and timeline fetch again at once.
#[derive(Clone, Copy, Debug)]
pub struct RecordVersion(pub leptos::prelude::RwSignal<u32>);
