//! The timeline's filters, and their round trip through the page URL so that the back
//! button and shared links show the same view.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::components::url;
use crate::domain::Role;

pub const MAX_TEXT_LEN: usize = 200;

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimelineFilter {
    /// Entry kinds to show (codes such as `note`, `alert`); empty shows every kind.
    pub kinds: Vec<String>,
    /// Establishment code, such as `LEI`.
    pub establishment: Option<String>,
    pub from: Option<NaiveDate>,
    /// Inclusive: entries on this day are shown.
    pub to: Option<NaiveDate>,
    pub author_role: Option<Role>,
    pub text: Option<String>,
    pub show_entered_in_error: bool,
}

impl TimelineFilter {
    /// Reads the filter from URL query values; anything malformed is ignored rather than fatal,
    /// because a mangled shared link should still open the record.
    pub fn from_query(get: impl Fn(&str) -> Option<String>) -> Self {
        let nonempty = |key: &str| get(key).map(|v| v.trim().to_owned()).filter(|v| !v.is_empty());
        let date = |key: &str| nonempty(key).and_then(|v| NaiveDate::parse_from_str(&v, "%Y-%m-%d").ok());
        let mut kinds: Vec<String> = nonempty("kind")
            .map(|v| {
                v.split(',')
                    .map(str::trim)
                    .filter(|k| !k.is_empty() && k.bytes().all(|b| b.is_ascii_lowercase() || b == b'_'))
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default();
        kinds.sort();
        kinds.dedup();
        Self {
            kinds,
            establishment: nonempty("est").map(|v| v.to_ascii_uppercase()),
            from: date("from"),
            to: date("to"),
            author_role: nonempty("role").and_then(|v| Role::from_db(&v)),
            text: nonempty("q"),
            show_entered_in_error: get("eie").as_deref() == Some("1"),
        }
    }

    /// The query string (without `?`) that [`TimelineFilter::from_query`] reads back.
    pub fn to_query(&self) -> String {
        let mut parts = Vec::new();
        if !self.kinds.is_empty() {
            parts.push(format!("kind={}", url::encode(&self.kinds.join(","))));
        }
        if let Some(e) = &self.establishment {
            parts.push(format!("est={}", url::encode(e)));
        }
        if let Some(d) = self.from {
            parts.push(format!("from={d}"));
        }
        if let Some(d) = self.to {
            parts.push(format!("to={d}"));
        }
        if let Some(r) = self.author_role {
            parts.push(format!("role={}", r.as_db()));
        }
        if let Some(t) = &self.text {
            parts.push(format!("q={}", url::encode(t)));
        }
        if self.show_entered_in_error {
            parts.push("eie=1".to_owned());
        }
        parts.join("&")
    }

    /// How many filters narrow the view (showing entered-in-error widens it, so it does not count).
    pub fn active_count(&self) -> usize {
        usize::from(!self.kinds.is_empty())
            + usize::from(self.establishment.is_some())
            + usize::from(self.from.is_some() || self.to.is_some())
            + usize::from(self.author_role.is_some())
            + usize::from(self.text.is_some())
    }

    /// The server's check: what a hand-made request could get wrong.
    pub fn validate(&self) -> Result<(), (&'static str, String)> {
        if let (Some(from), Some(to)) = (self.from, self.to)
            && from > to
        {
            return Err(("from", "The 'from' date is after the 'to' date.".to_owned()));
        }
        if self.text.as_ref().is_some_and(|t| t.chars().count() > MAX_TEXT_LEN) {
            return Err(("q", format!("Search text is limited to {MAX_TEXT_LEN} characters.")));
        }
        if self.kinds.len() > 20 {
            return Err(("kind", "Too many kinds selected.".to_owned()));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn parse(query: &str) -> TimelineFilter {
        let map: HashMap<String, String> = query
            .split('&')
            .filter_map(|kv| kv.split_once('='))
            .map(|(k, v)| (k.to_owned(), v.replace("%2C", ",").replace("%20", " ")))
            .collect();
        TimelineFilter::from_query(|k| map.get(k).cloned())
    }

    #[test]
    fn a_full_filter_survives_the_trip_through_the_url() {
        let filter = TimelineFilter {
            kinds: vec!["alert".into(), "note".into()],
            establishment: Some("LEI".into()),
            from: NaiveDate::from_ymd_opt(2026, 1, 1),
            to: NaiveDate::from_ymd_opt(2026, 2, 1),
            author_role: Some(Role::Prescriber),
            text: Some("methadone".into()),
            show_entered_in_error: true,
        };
        assert_eq!(parse(&filter.to_query()), filter);
    }

    #[test]
    fn no_filter_is_an_empty_query() {
        assert_eq!(TimelineFilter::default().to_query(), "");
        assert_eq!(parse(""), TimelineFilter::default());
    }

    #[test]
    fn malformed_values_in_a_shared_link_are_ignored() {
        let f = parse("from=yesterday&role=porter&kind=note,DROP TABLE,alert");
        assert_eq!(f.from, None);
        assert_eq!(f.author_role, None);
        assert_eq!(f.kinds, vec!["alert".to_owned(), "note".to_owned()]);
    }

    #[test]
    fn a_from_date_after_the_to_date_is_refused() {
        let f = TimelineFilter {
            from: NaiveDate::from_ymd_opt(2026, 3, 1),
            to: NaiveDate::from_ymd_opt(2026, 2, 1),
            ..Default::default()
        };
        assert_eq!(f.validate().map_err(|e| e.0), Err("from"));
    }

    #[test]
    fn active_filters_are_counted_for_the_filter_button() {
        assert_eq!(parse("kind=note&q=x&eie=1").active_count(), 2);
    }
}
