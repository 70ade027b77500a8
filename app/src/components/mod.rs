//! Pieces shared by every screen: the signed-in layout, error panels and small helpers.

pub mod banner;
mod error_panel;
pub mod field;
mod form_message;
pub mod format;
mod idle_watch;
mod layout;
mod print;
mod save_file;
mod sign_out;
pub mod typing;
pub mod url;

pub use banner::{AlertsView, AllergiesView, PatientBanner as PatientBannerView};
pub use error_panel::ErrorPanel;
pub use form_message::form_message;
pub use layout::SignedInLayout;
pub use print::print_page;
#[cfg(feature = "hydrate")]
pub use save_file::save_text_file;
