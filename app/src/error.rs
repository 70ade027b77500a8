//! The one error type every server function returns. Its message is what the user reads;
//! internal causes are logged on the server (with ids only) and never sent to the browser.

use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

use crate::domain::access::Refusal;

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
pub enum AppError {
    #[error("Please sign in to continue.")]
    NotSignedIn,
    #[error("You were signed out after a period of inactivity. Please sign in again.")]
    SessionIdle,
    #[error("Your session has reached its maximum length. Please sign in again.")]
    SessionExpired,
    /// The screen locked after a few minutes without use; the same user unlocks it.
    #[error("The screen is locked. Enter your password to carry on.")]
    SessionLocked,
    #[error("Choose the establishment you are working at.")]
    NoEstablishmentChosen,
    #[error("The username or password is not right.")]
    BadCredentials,
    /// Too many failures in a row from every address together: locked everywhere.
    #[error("Too many failed sign-ins for this account. Try again after {0}.")]
    AccountLocked(String),
    /// Too many failures in a row from this device's address: locked from here only.
    #[error(
        "Too many failed sign-ins for this account on this device. Try again after {0}, or sign in on another device."
    )]
    AccountLockedHere(String),
    /// Too many password attempts from this device's address in the last minute (sign-in, unlock,
    /// change of password and controlled-drug witness together); nothing was checked or counted.
    #[error("Too many password attempts from this device. Wait a minute and try again.")]
    TooManyAttempts,
    /// Every password check the server runs at once is taken (a flood of sign-ins); nothing was
    /// checked or counted.
    #[error("Throughcare is busy checking passwords. Try again in a moment.")]
    Busy,
    #[error("{0}")]
    Refused(Refusal),
    #[error("{0}")]
    NotFound(String),
    /// A field the user filled in is not acceptable; `field` names the form control.
    #[error("{message}")]
    Invalid { field: String, message: String },
    /// Someone else recorded the same thing first (e.g. a dose from another tablet); the
    /// message says who and when.
    #[error("{0}")]
    Conflict(String),
    /// A change sent from a page of another website (cross-site request forgery).
    #[error(
        "This request came from another website and was refused. Open Throughcare directly and try again."
    )]
    CrossSite,
    #[error("Something went wrong on our side and it has been logged. Please try again.")]
    Internal,
    #[error("Could not reach Throughcare ({0}). Check the connection and try again.")]
    Communication(String),
    /// The request never got an answer: the network is down (made in the browser only).
    #[error("No connection to Throughcare. Check the Wi-Fi and try again.")]
    Unreachable(String),
}

impl AppError {
    pub fn invalid(field: &str, message: impl Into<String>) -> Self {
        Self::Invalid { field: field.to_owned(), message: message.into() }
    }

    /// A shared rule's field problem (e.g. [`crate::domain::free_text`]) as the field error.
    pub fn from_problem((field, message): crate::domain::FieldProblem) -> Self {
        Self::invalid(field, message)
    }

    /// The HTTP status that says what kind of failure this is, for proxies, logs and scanners (the
    /// body says the rest).
    pub fn status(&self) -> http::StatusCode {
        use http::StatusCode as S;
        match self {
            Self::NotSignedIn
            | Self::SessionIdle
            | Self::SessionExpired
            | Self::SessionLocked
            | Self::BadCredentials => S::UNAUTHORIZED,
            Self::AccountLocked(_) | Self::AccountLockedHere(_) | Self::TooManyAttempts => {
                S::TOO_MANY_REQUESTS
            }
            Self::Busy => S::SERVICE_UNAVAILABLE,
            Self::NoEstablishmentChosen | Self::Conflict(_) => S::CONFLICT,
            Self::Refused(_) | Self::CrossSite => S::FORBIDDEN,
            Self::NotFound(_) => S::NOT_FOUND,
            Self::Invalid { .. } => S::UNPROCESSABLE_ENTITY,
            Self::Communication(_) => S::BAD_REQUEST,
            Self::Unreachable(_) => S::SERVICE_UNAVAILABLE,
            Self::Internal => S::INTERNAL_SERVER_ERROR,
        }
    }

    /// Whether the browser should be sent to the sign-in page.
    pub fn needs_sign_in(&self) -> bool {
        matches!(self, Self::NotSignedIn | Self::SessionIdle | Self::SessionExpired)
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            ServerFnErrorErr::Request(detail) | ServerFnErrorErr::Response(detail) => {
                Self::Unreachable(detail)
            }
            other => Self::Communication(other.to_string()),
        }
    }
}

impl From<Refusal> for AppError {
    fn from(value: Refusal) -> Self {
        Self::Refused(value)
    }
}

#[cfg(feature = "ssr")]
mod ssr {
    use super::AppError;

    impl From<sqlx::Error> for AppError {
        fn from(error: sqlx::Error) -> Self {
            // PostgreSQL text cannot hold the NUL character (22021 in text, 22P05 in jsonb). Only a
            // hand-made request sends one, and the fault is the request's, not the server's.
            if let sqlx::Error::Database(db) = &error
                && matches!(db.code().as_deref(), Some("22021" | "22P05"))
            {
                tracing::info!(code = ?db.code(), "text with a NUL character refused");
                return AppError::invalid("input", "Remove the unprintable character from what you entered.");
            }
            tracing::error!(%error, "database error");
            Self::Internal
        }
    }

    impl From<tower_sessions::session::Error> for AppError {
        fn from(error: tower_sessions::session::Error) -> Self {
            tracing::error!(%error, "session store error");
            Self::Internal
        }
    }
}
