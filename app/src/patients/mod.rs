//! Finding a patient within the establishment and opening their record.

mod banner;
mod patient_page;
mod record;
mod search_page;
mod server_fns;
#[cfg(feature = "ssr")]
pub mod ssr;

pub use banner::{AlertsView, AllergiesView, PatientBanner as PatientBannerView};
pub use patient_page::PatientPage;
pub use record::*;
pub use search_page::PatientSearchPage;
pub use server_fns::*;

/// Provided where the record is open for reading only (the establishment the patient left, or
/// break-glass): the forms that would add to it are not offered, since the server would refuse.
#[derive(Clone, Copy, Debug)]
pub struct ReadOnlyRecord;

/// Bumped after every write to the open record, so the banner and timeline fetch again at once.
#[derive(Clone, Copy, Debug)]
pub struct RecordVersion(pub leptos::prelude::RwSignal<u32>);

impl RecordVersion {
    /// The open record's version signal; outside a record page, a signal of its own that never
    /// changes, so a panel shown elsewhere simply fetches once.
    pub fn current() -> leptos::prelude::RwSignal<u32> {
        use leptos::prelude::*;
        use_context::<RecordVersion>().map(|v| v.0).unwrap_or_else(|| RwSignal::new(0))
    }
}

/// After each successful write by `action`, everything showing the record fetches again.
/// One effect per action: an effect reading two actions through `||` would stop watching the
/// second once the first had succeeded.
pub fn refresh_record_on_success<A>(action: leptos::prelude::ServerAction<A>)
where
    A: leptos::server_fn::ServerFn<Error = crate::error::AppError> + Clone + Send + Sync + 'static,
    A::Output: Clone + Send + Sync + 'static,
{
    use leptos::prelude::*;
    let version = use_context::<RecordVersion>();
    Effect::new(move |_| {
        if let (Some(Ok(_)), Some(v)) = (action.value().get(), version) {
            v.0.update(|n| *n += 1);
        }
    });
}
