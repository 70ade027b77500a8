//! The patient timeline: every entry of the record across custody episodes and establishments,
//! newest first, filterable, paged by keyset, and writable (notes, entered in error).

mod day_doses;
mod entry_card;
pub mod filter;
mod filter_bar;
mod note_form;
mod panel;
#[cfg(feature = "hydrate")]
mod scroll;
mod server_fns;
#[cfg(feature = "ssr")]
pub mod ssr;

pub use filter::TimelineFilter;
pub use panel::TimelinePanel;
pub use server_fns::*;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::domain::Role;

/// Entries per page: enough to fill a tablet screen twice.
pub const PAGE_SIZE: i64 = 40;

/// What a timeline entry records: the codes of the `timeline_kind` table (whose titles and order
/// the filter shows).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ssr", derive(sqlx::Type), sqlx(type_name = "text", rename_all = "snake_case"))]
pub enum TimelineKind {
    Note,
    Problem,
    Allergy,
    Alert,
    Movement,
    Screening,
    Appointment,
    Prescription,
    /// One entry per patient and day summarising that day's doses.
    AdministrationDay,
    /// Each dose on its own; hidden unless asked for.
    Administration,
    OfflineEntry,
}

impl TimelineKind {
    pub const ALL: [Self; 11] = [
        Self::Note,
        Self::Problem,
        Self::Allergy,
        Self::Alert,
        Self::Movement,
        Self::Screening,
        Self::Appointment,
        Self::Prescription,
        Self::AdministrationDay,
        Self::Administration,
        Self::OfflineEntry,
    ];

    /// The code, as stored and as the page's CSS class (`kind-note`).
    pub fn code(self) -> &'static str {
        match self {
            Self::Note => "note",
            Self::Problem => "problem",
            Self::Allergy => "allergy",
            Self::Alert => "alert",
            Self::Movement => "movement",
            Self::Screening => "screening",
            Self::Appointment => "appointment",
            Self::Prescription => "prescription",
            Self::AdministrationDay => "administration_day",
            Self::Administration => "administration",
            Self::OfflineEntry => "offline_entry",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnteredInError {
    pub at: DateTime<Utc>,
    pub by: String,
    pub reason: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimelineEntry {
    pub id: Uuid,
    pub kind: TimelineKind,
    pub kind_title: String,
    pub occurred_at: DateTime<Utc>,
    pub establishment_code: String,
    pub author: Option<String>,
    pub author_role: Option<Role>,
    pub summary: String,
    pub body: String,
    pub custody_episode_id: Option<Uuid>,
    /// The entry this one corrects.
    pub corrects_id: Option<Uuid>,
    pub entered_in_error: Option<EnteredInError>,
}

/// A day's medicines summary, opened: the doses it counts, earliest first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DayDoses {
    /// The summary line as it reads now (a dose marked in error changes it).
    pub summary: String,
    pub doses: Vec<TimelineEntry>,
}

/// Where the next page starts: just after this entry in (time, id) order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimelineCursor {
    pub occurred_at: DateTime<Utc>,
    pub id: Uuid,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimelinePage {
    pub entries: Vec<TimelineEntry>,
    /// `None` when there is nothing older.
    pub next: Option<TimelineCursor>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct KindChoice {
    pub code: String,
    pub title: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EstablishmentChoice {
    pub code: String,
    pub name: String,
}

/// A custody episode, as the timeline heads the entries that belong to it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EpisodeHeading {
    pub id: Uuid,
    pub started_at: DateTime<Utc>,
    pub ended_at: Option<DateTime<Utc>>,
    pub establishments: Vec<String>,
}

/// What the filter bar offers and how entries are grouped, for one patient.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimelineFacets {
    pub kinds: Vec<KindChoice>,
    pub establishments: Vec<EstablishmentChoice>,
    pub episodes: Vec<EpisodeHeading>,
}

/// A note's one-line summary: its first line, cut at a word near 120 characters.
pub fn note_summary(text: &str) -> String {
    let first = text.trim().lines().next().unwrap_or_default().trim();
    if first.chars().count() <= 120 {
        return first.to_owned();
    }
    let cut: String = first.chars().take(120).collect();
    match cut.rfind(' ') {
        Some(i) if i > 60 => format!("{}…", &cut[..i]),
        _ => format!("{cut}…"),
    }
}

/// A consultation note's limit: the shared free-text rule for the record's own text.
pub const MAX_NOTE_LEN: usize = crate::domain::free_text::FreeText::Record.max_chars();

#[cfg(test)]
mod tests {
    use super::note_summary;

    #[test]
    fn a_short_note_is_its_own_summary() {
        assert_eq!(note_summary("  Seen on wing. Settled.\nNo concerns."), "Seen on wing. Settled.");
    }

    #[test]
    fn a_long_first_line_is_cut_at_a_word() {
        let long = "word ".repeat(40);
        let s = note_summary(&long);
        assert!(s.ends_with('…'));
        assert!(s.chars().count() <= 121);
        assert!(!s.contains("wor…"));
    }
}
