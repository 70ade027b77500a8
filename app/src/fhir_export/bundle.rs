//! The pure mapping from a patient's record to a FHIR R4 `collection` Bundle, following UK Core
//! conventions: the NHS number system, SNOMED CT for problems and routes, dm+d for medicines, and
//! `urn:uuid:` full URLs through which the entries refer to each other.
//!
//! Entered-in-error allergies, problems and prescriptions are kept with an entered-in-error status
//! rather than dropped: a system that imported an earlier export learns to retract them.

mod clinical;
mod custody;
mod medication;
#[cfg(test)]
mod tests;

use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::fhir::{
    Bundle, CodeableConcept, Coding, Date, Entry, HumanName, Identifier, Instant, Patient, Reference,
    Resource,
};
use super::record::{ExportRecord, PatientDetails, Sex};

pub const NHS_NUMBER_SYSTEM: &str = "https://fhir.nhs.uk/Id/nhs-number";
/// Prison numbers are issued by HMPPS, which publishes no FHIR identifier system for them, so the
/// export names one of Throughcare's own.
pub const PRISON_NUMBER_SYSTEM: &str = "https://throughcare.example/Id/prison-number";
pub const ESTABLISHMENT_CODE_SYSTEM: &str = "https://throughcare.example/Id/establishment-code";
pub const ALERT_TYPE_SYSTEM: &str = "https://throughcare.example/CodeSystem/alert-type";
pub const CUSTODY_CODE_SYSTEM: &str = "https://throughcare.example/CodeSystem/custody";
pub const SNOMED_SYSTEM: &str = "http://snomed.info/sct";
pub const DMD_SYSTEM: &str = "https://dmd.nhs.uk";
pub const UCUM_SYSTEM: &str = "http://unitsofmeasure.org";

/// The record as a Bundle: the Patient first, then where they were held, then the clinical
/// entries. The same record and time always give the same Bundle.
pub fn bundle(record: &ExportRecord, generated_at: DateTime<Utc>) -> Bundle {
    let patient_id = record.patient.id;
    let mut entry = vec![patient(&record.patient)];
    entry.extend(custody::entries(&record.episodes, &record.movements, patient_id));
    entry.extend(clinical::allergies(&record.patient, &record.allergies));
    entry.extend(record.problems.iter().map(|p| clinical::condition(p, patient_id)));
    entry.extend(record.alerts.iter().map(|a| clinical::flag(a, patient_id)));
    entry.extend(medication::entries(&record.prescriptions, patient_id, generated_at));
    Bundle { resource_type: "Bundle", type_: "collection", timestamp: Instant(generated_at), entry }
}

/// The references in a Bundle (as JSON) that name no entry's `fullUrl`: none, for a Bundle that
/// stands on its own, as a `collection` export must.
pub fn dangling_references(bundle: &serde_json::Value) -> Vec<String> {
    fn collect<'a>(v: &'a serde_json::Value, found: &mut Vec<&'a str>) {
        match v {
            serde_json::Value::Object(map) => {
                if let Some(r) = map.get("reference").and_then(|r| r.as_str()) {
                    found.push(r);
                }
                map.values().for_each(|child| collect(child, found));
            }
            serde_json::Value::Array(list) => list.iter().for_each(|child| collect(child, found)),
            _ => {}
        }
    }
    let mut found = Vec::new();
    collect(bundle, &mut found);
    let entries = bundle["entry"].as_array().map(Vec::as_slice).unwrap_or_default();
    let urls: Vec<&str> = entries.iter().filter_map(|e| e["fullUrl"].as_str()).collect();
    found.into_iter().filter(|r| !urls.contains(r)).map(str::to_owned).collect()
}

pub(crate) fn full_url(id: Uuid) -> String {
    format!("urn:uuid:{id}")
}

fn reference(id: Uuid) -> Reference {
    Reference { reference: full_url(id) }
}

fn entry(id: Uuid, resource: Resource) -> Entry {
    Entry { full_url: full_url(id), resource }
}

/// A code from one of FHIR's own code systems, with its display.
fn coded(system: &'static str, code: &str, display: &str) -> CodeableConcept {
    CodeableConcept {
        coding: vec![Coding { system, code: code.to_owned(), display: Some(display.to_owned()) }],
        text: None,
    }
}

/// Free text as a clinician wrote it, with no code behind it.
fn text(words: &str) -> CodeableConcept {
    CodeableConcept { coding: Vec::new(), text: Some(words.to_owned()) }
}

fn patient(p: &PatientDetails) -> Entry {
    let mut identifier = Vec::with_capacity(2);
    if let Some(nhs) = &p.nhs_number {
        identifier.push(Identifier { system: NHS_NUMBER_SYSTEM, value: nhs.clone() });
    }
    identifier.push(Identifier { system: PRISON_NUMBER_SYSTEM, value: p.prison_number.clone() });
    let gender = match p.sex {
        Sex::Female => "female",
        Sex::Male => "male",
        Sex::Indeterminate => "other",
        Sex::NotKnown => "unknown",
    };
    entry(
        p.id,
        Resource::Patient(Patient {
            id: p.id.to_string(),
            identifier,
            name: vec![HumanName {
                use_: "official",
                family: p.family_name.clone(),
                given: vec![p.given_name.clone()],
            }],
            gender,
            birth_date: Date(p.date_of_birth),
        }),
    )
}
