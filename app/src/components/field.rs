//! Form fields that show their own error beside them: the shared rule's answer in the browser
//! before anything is sent, and the server's answer (for the same field) after.
//!
//! A form makes one [`FieldErrors`] with an id prefix; each field's control is `{prefix}-{name}`
//! and its message `{prefix}-{name}-error`, so a control names its message with
//! `aria-describedby` and the first refused control can be focused.

use leptos::ev::SubmitEvent;
use leptos::form::FromFormData;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

use crate::error::AppError;

/// A field name and what is wrong with it, as the domain rules report it.
pub use crate::domain::FieldProblem;

#[derive(Clone, Copy)]
pub struct FieldErrors {
    /// Owned, so a form repeated per item (one per open alert) can have its own ids.
    prefix: StoredValue<String>,
    /// The server function argument the fields belong to, when they are one struct.
    group: Option<&'static str>,
    client: RwSignal<Vec<FieldProblem>>,
    server: Signal<Option<AppError>>,
}

impl FieldErrors {
    /// Errors for a form whose answers go to `action`.
    pub fn for_action<S>(prefix: impl Into<String>, action: ServerAction<S>) -> Self
    where
        S: ServerFn<Error = AppError> + Clone + Send + Sync + 'static,
        S::Output: Clone + Send + Sync + 'static,
    {
        let value = action.value();
        Self {
            prefix: StoredValue::new(prefix.into()),
            group: None,
            client: RwSignal::new(Vec::new()),
            server: Signal::derive(move || value.get().and_then(Result::err)),
        }
    }

    /// Fields named `group[field]`, as a server function taking one struct reads them.
    pub fn within(self, group: &'static str) -> Self {
        Self { group: Some(group), ..self }
    }

    pub fn name(&self, field: &str) -> String {
        match self.group {
            Some(group) => format!("{group}[{field}]"),
            None => field.to_owned(),
        }
    }

    pub fn id(&self, field: &str) -> String {
        self.prefix.with_value(|prefix| format!("{prefix}-{}", field.replace('_', "-")))
    }

    pub fn error_id(&self, field: &str) -> String {
        format!("{}-error", self.id(field))
    }

    /// Runs before sending: keeps the problems found, and focuses the first refused control so
    /// the keyboard lands where the work is. True when there is nothing to fix.
    pub fn check(&self, problems: Vec<FieldProblem>) -> bool {
        let first = problems.first().map(|(field, _)| self.id(field));
        self.client.set(problems);
        #[cfg(feature = "hydrate")]
        if let Some(id) = first.as_deref() {
            focus(id);
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = first;
        self.client.with_untracked(Vec::is_empty)
    }

    /// For `on:submit:capture`: reads the form as the server function's arguments `A`, runs the
    /// shared `rule` on them and stops the submit when it finds problems (see [`Self::check`]).
    /// A form that does not read as `A` is sent, so the server's answer is shown instead.
    pub fn check_submit<A: FromFormData>(&self, ev: &SubmitEvent, rule: impl FnOnce(A) -> Vec<FieldProblem>) {
        let problems = A::from_event(ev).map(rule).unwrap_or_default();
        if !self.check(problems) {
            ev.prevent_default();
        }
    }

    /// The message for one field: the browser's check first, then the server's answer.
    pub fn message(&self, field: &str) -> Option<String> {
        let client = self.client.with(|c| c.iter().find(|(f, _)| *f == field).map(|(_, m)| m.clone()));
        if client.is_some() || self.client.with(|c| !c.is_empty()) {
            return client;
        }
        match self.server.get() {
            Some(AppError::Invalid { field: f, message }) if f == field => Some(message),
            _ => None,
        }
    }

    /// What the form says once, beside its button, in the one live alert: the one problem or how
    /// many there are, or what the server said (also shown beside its field, when the form has it).
    pub fn general(&self) -> Option<String> {
        let client = self.client.with(|c| match c.as_slice() {
            [] => None,
            [(_, message)] => Some(message.clone()),
            many => Some(format!("{} answers need attention: see the messages beside them.", many.len())),
        });
        if client.is_some() {
            return client;
        }
        self.server.get().map(|e| e.to_string())
    }
}

#[cfg(feature = "hydrate")]
fn focus(id: &str) {
    use wasm_bindgen::JsCast;
    if let Some(element) =
        document().get_element_by_id(id).and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = element.focus();
    }
}

/// The message beside a field, when it has one.
#[component]
pub fn FieldMessage(errors: FieldErrors, field: &'static str) -> impl IntoView {
    let id = errors.error_id(field);
    move || errors.message(field).map(|m| view! { <p id=id.clone() class="field-error">{m}</p> })
}

/// A labelled text box (one line, or `rows` lines) with its message.
#[component]
pub fn TextField(
    errors: FieldErrors,
    field: &'static str,
    #[prop(into)] label: String,
    #[prop(optional)] rows: Option<u32>,
    #[prop(optional, into)] value: String,
    #[prop(optional)] required: bool,
) -> impl IntoView {
    let id = errors.id(field);
    let described = errors.error_id(field);
    let invalid = move || errors.message(field).is_some().to_string();
    let control = match rows {
        Some(rows) => view! {
            <textarea id=id.clone() name=errors.name(field) rows=rows required=required aria-describedby=described aria-invalid=invalid>{value}</textarea>
        }
        .into_any(),
        None => view! {
            <input type="text" id=id.clone() name=errors.name(field) autocomplete="off" required=required value=value aria-describedby=described aria-invalid=invalid />
        }
        .into_any(),
    };
    view! {
        <div class="field">
            <label for=id>{label}</label>
            {control}
            <FieldMessage errors field />
        </div>
    }
}

/// A labelled choice from a fixed list, starting unanswered, with its message.
#[component]
pub fn ChoiceField(
    errors: FieldErrors,
    field: &'static str,
    label: &'static str,
    options: &'static [(&'static str, &'static str)],
) -> impl IntoView {
    let id = errors.id(field);
    view! {
        <div class="field">
            <label for=id.clone()>{label}</label>
            <select id=id name=errors.name(field) required aria-describedby=errors.error_id(field)
                aria-invalid=move || errors.message(field).is_some().to_string()>
                <option value="">"Choose…"</option>
                {options.iter().map(|(code, title)| view! { <option value=*code>{*title}</option> }).collect_view()}
            </select>
            <FieldMessage errors field />
        </div>
    }
}
