use leptos::prelude::*;
use leptos_meta::{MetaTags, Stylesheet, Title, provide_meta_context};
use leptos_router::components::{ParentRoute, Route, Router, Routes};
use leptos_router::path;

use crate::appointments::{AppointmentReportPage, AppointmentSlipPage, ClinicListPage};
use crate::audit_trail::AuditTrailPage;
use crate::auth::{ChangePasswordPage, ChooseEstablishmentPage, SignInPage, UnlockPage};
use crate::break_glass::BreakGlassReportPage;
use crate::components::SignedInLayout;
use crate::controlled_drugs::ControlledDrugsPage;
use crate::discharge::DischargePage;
use crate::establishments::HomePage;
use crate::medicines::{MarPage, NeverInPossessionPage};
use crate::patients::{PatientPage, PatientSearchPage};
use crate::rounds::{MissedDosesPage, RoundPage};
use crate::transfers::{HandoverPage, ReceptionPage, TransfersPage};

/// The HTML document the server renders around the app.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    #[cfg(feature = "ssr")]
    crate::content_security_policy::apply_to_page_response();
    let nonce = leptos::nonce::use_nonce();
    view! {
        <!DOCTYPE html>
        <html lang="en-GB">
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <meta name="color-scheme" content="light" />
                <AutoReload options=options.clone() />
                // Tablet storage for offline rounds; a classic deferred script runs before the app's module.
                <script src="/offline.js" defer nonce=nonce></script>
                <HydrationScripts options />
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    view! {
        <Stylesheet id="leptos" href="/pkg/throughcare.css" />
        <Title text="Throughcare" />
        <Router>
            <Routes fallback=|| view! { <NotFound /> }>
                <Route path=path!("/sign-in") view=SignInPage />
                <Route path=path!("/choose-establishment") view=ChooseEstablishmentPage />
                <Route path=path!("/unlock") view=UnlockPage />
                <ParentRoute path=path!("") view=SignedInLayout>
                    <Route path=path!("/") view=HomePage />
                    <Route path=path!("/patients") view=PatientSearchPage />
                    <Route path=path!("/patients/:prison_number") view=PatientPage />
                    <Route path=path!("/patients/:prison_number/mar") view=MarPage />
                    <Route path=path!("/patients/:prison_number/handover") view=HandoverPage />
                    <Route path=path!("/patients/:prison_number/reception") view=ReceptionPage />
                    <Route path=path!("/patients/:prison_number/discharge") view=DischargePage />
                    <Route path=path!("/transfers") view=TransfersPage />
                    <Route path=path!("/clinics") view=ClinicListPage />
                    <Route path=path!("/appointments/report") view=AppointmentReportPage />
                    <Route path=path!("/patients/:prison_number/appointments/:id/slip") view=AppointmentSlipPage />
                    <Route path=path!("/rounds") view=RoundPage />
                    <Route path=path!("/rounds/missed") view=MissedDosesPage />
                    <Route path=path!("/controlled-drugs") view=ControlledDrugsPage />
                    <Route path=path!("/never-in-possession") view=NeverInPossessionPage />
                    <Route path=path!("/break-glass") view=BreakGlassReportPage />
                    <Route path=path!("/audit") view=AuditTrailPage />
                    <Route path=path!("/account/password") view=ChangePasswordPage />
                </ParentRoute>
            </Routes>
        </Router>
    }
}

#[component]
fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::NOT_FOUND);
    }
    view! {
        <main id="main" class="sign-in">
            <h1>"Page not found"</h1>
            <p><a href="/">"Go to the establishment home page"</a></p>
        </main>
    }
}
