//! Custody episodes as EpisodeOfCare, each stay at an establishment within one as an Encounter,
//! and the establishments as Organizations.

use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::{CUSTODY_CODE_SYSTEM, ESTABLISHMENT_CODE_SYSTEM, entry, reference};
use crate::fhir_export::fhir::{
    CodeableConcept, Coding, Encounter, Entry, EpisodeOfCare, Identifier, Organization, Period, Resource,
    When,
};
use crate::fhir_export::record::{CustodyEpisode, Establishment, Movement, MovementKind};

/// A continuous stay at one establishment, from the movement in to the movement out. Court
/// appearances and temporary absences are trips out of a stay, not the end of it.
#[derive(Debug, PartialEq)]
pub(crate) struct Stay<'a> {
    /// The movement that began the stay: its id is the Encounter's.
    pub id: Uuid,
    pub episode_id: Uuid,
    pub establishment: &'a Establishment,
    pub start: DateTime<Utc>,
    pub end: Option<DateTime<Utc>>,
}

pub(super) fn entries(episodes: &[CustodyEpisode], movements: &[Movement], patient: Uuid) -> Vec<Entry> {
    let stays = stays(episodes, movements);
    let mut establishments: Vec<&Establishment> = Vec::new();
    for s in &stays {
        if !establishments.iter().any(|e| e.id == s.establishment.id) {
            establishments.push(s.establishment);
        }
    }
    let mut out: Vec<Entry> = establishments.into_iter().map(organization).collect();
    for episode in episodes {
        let last_held = stays.iter().rev().find(|s| s.episode_id == episode.id);
        out.push(episode_of_care(episode, last_held.map(|s| s.establishment.id), patient));
    }
    out.extend(stays.iter().map(|s| encounter(s, patient)));
    out
}

/// `movements` oldest first, as the record holds them.
pub(crate) fn stays<'a>(episodes: &[CustodyEpisode], movements: &'a [Movement]) -> Vec<Stay<'a>> {
    let mut stays = Vec::new();
    for episode in episodes {
        let mut open: Option<Stay<'a>> = None;
        for m in movements.iter().filter(|m| m.episode_id == episode.id) {
            let ends_stay = if m.inward {
                // Back from court or leave to the same establishment: the stay goes on.
                if open.as_ref().is_some_and(|s| s.establishment.id == m.establishment.id) {
                    continue;
                }
                true
            } else {
                matches!(m.kind, MovementKind::Transfer | MovementKind::Release | MovementKind::Death)
            };
            if let Some(mut s) = open.take_if(|_| ends_stay) {
                s.end = Some(m.occurred_at);
                stays.push(s);
            }
            if m.inward {
                open = Some(Stay {
                    id: m.id,
                    episode_id: episode.id,
                    establishment: &m.establishment,
                    start: m.occurred_at,
                    end: None,
                });
            }
        }
        if let Some(mut s) = open {
            s.end = episode.ended_at;
            stays.push(s);
        }
    }
    stays
}

fn organization(e: &Establishment) -> Entry {
    entry(
        e.id,
        Resource::Organization(Organization {
            id: e.id.to_string(),
            identifier: vec![Identifier { system: ESTABLISHMENT_CODE_SYSTEM, value: e.code.clone() }],
            name: e.name.clone(),
        }),
    )
}

fn episode_of_care(episode: &CustodyEpisode, last_held: Option<Uuid>, patient: Uuid) -> Entry {
    entry(
        episode.id,
        Resource::EpisodeOfCare(EpisodeOfCare {
            id: episode.id.to_string(),
            status: if episode.ended_at.is_some() { "finished" } else { "active" },
            type_: vec![CodeableConcept {
                coding: vec![custody_code("custody-episode", "Custody episode")],
                text: Some("Custody episode".to_owned()),
            }],
            patient: reference(patient),
            managing_organization: last_held.map(reference),
            period: Period { start: Some(When::At(episode.started_at)), end: episode.ended_at.map(When::At) },
        }),
    )
}

fn encounter(s: &Stay<'_>, patient: Uuid) -> Entry {
    entry(
        s.id,
        Resource::Encounter(Encounter {
            id: s.id.to_string(),
            status: if s.end.is_some() { "finished" } else { "in-progress" },
            // The v3 ActEncounterCode list that Encounter.class prefers has no code for being held in
            // custody (its "inpatient" and "home health" would mislead), so the class is our own.
            class: custody_code("custody-stay", "Stay at an establishment"),
            subject: reference(patient),
            episode_of_care: vec![reference(s.episode_id)],
            period: Period { start: Some(When::At(s.start)), end: s.end.map(When::At) },
            service_provider: reference(s.establishment.id),
        }),
    )
}

fn custody_code(code: &str, display: &str) -> Coding {
    Coding { system: CUSTODY_CODE_SYSTEM, code: code.to_owned(), display: Some(display.to_owned()) }
}
