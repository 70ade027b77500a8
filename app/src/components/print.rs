/// Opens the browser's print dialog; pages with a print stylesheet (MAR, handover) use it.
pub fn print_page() {
    #[cfg(feature = "hydrate")]
    if let Some(window) = web_sys::window() {
        let _ = window.print();
    }
}
