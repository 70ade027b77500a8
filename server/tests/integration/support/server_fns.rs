//! Server functions as the browser sees them: the list Leptos registered, a way to call any of
//! them with a form or a JSON body, and what came back, sorted into the outcomes tests care about.

use app::error::AppError;

use super::TestServer;

/// Every server function the application registered, by endpoint name (`/api/<name>`), sorted.
/// Leptos collects them at link time, so a new `#[server]` function shows up here by itself.
pub fn registered_endpoints() -> Vec<String> {
    let mut names: Vec<String> = leptos::server_fn::axum::server_fn_paths()
        .map(|(path, _)| path.strip_prefix("/api/").unwrap_or(path).to_owned())
        .collect();
    names.sort();
    names.dedup();
    names
}

/// A request body: form-encoded (the default server function encoding) or JSON (`input = Json`).
#[derive(Clone, Debug)]
pub enum Call {
    Form(Vec<(String, String)>),
    Json(serde_json::Value),
    /// Raw bytes with a content type, for malformed bodies.
    Raw {
        content_type: &'static str,
        body: Vec<u8>,
    },
}

/// Builds a form body from name/value pairs.
pub fn form<const N: usize>(pairs: [(&str, &str); N]) -> Call {
    Call::Form(pairs.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect())
}

/// What a server function answered.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reply {
    pub status: u16,
    pub body: String,
}

/// The answer, sorted: did access get granted, refused, or the request never got that far?
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// 2xx or a redirect: the function did what was asked.
    Succeeded,
    /// The function ran past its access check and turned the request down on its merits
    /// (a field not acceptable, someone else got there first, wrong password).
    Rejected(AppError),
    /// `AppError::Refused`: the access rule said no.
    Refused(AppError),
    /// `AppError::NotFound`.
    NotFound,
    /// Not signed in, session ended, or no establishment chosen.
    SignIn(AppError),
    /// `AppError::Internal`: always a bug when caused by a request.
    Internal,
    /// The arguments did not decode (`AppError::Communication`): a malformed request.
    Undecodable(String),
    /// An error body that is not an `AppError` at all: always a bug.
    Unexpected(Reply),
}

impl Outcome {
    pub fn of(reply: &Reply) -> Self {
        if (200..400).contains(&reply.status) {
            return Self::Succeeded;
        }
        let Ok(error) = serde_json::from_str::<AppError>(&reply.body) else {
            return Self::Unexpected(reply.clone());
        };
        match error {
            // The body, not the status, is what the client reads, so it decides.
            AppError::Internal => Self::Internal,
            AppError::Refused(_) => Self::Refused(error),
            AppError::NotFound(_) => Self::NotFound,
            AppError::Communication(message) => Self::Undecodable(message),
            e if e.needs_sign_in()
                || matches!(e, AppError::NoEstablishmentChosen | AppError::SessionLocked) =>
            {
                Self::SignIn(e)
            }
            e => Self::Rejected(e),
        }
    }
}

impl TestServer {
    /// Sends `call` to `/api/<endpoint>` and reads the whole answer; `Err` when the connection
    /// failed (the server died or dropped it).
    pub async fn send(
        &self,
        client: &reqwest::Client,
        endpoint: &str,
        call: &Call,
    ) -> Result<Reply, reqwest::Error> {
        let request =
            client.post(format!("{}/api/{endpoint}", self.base_url)).header("Accept", "application/json");
        let request = match call {
            Call::Form(pairs) => request.form(pairs),
            Call::Json(value) => request.json(value),
            Call::Raw { content_type, body } => {
                request.header("Content-Type", *content_type).body(body.clone())
            }
        };
        let response = request.send().await?;
        let status = response.status().as_u16();
        let body = response.text().await?;
        Ok(Reply { status, body })
    }
}
