//! Allergies, problems and alerts as AllergyIntolerance, Condition and Flag.

use uuid::Uuid;

use super::{ALERT_TYPE_SYSTEM, SNOMED_SYSTEM, coded, entry, reference, text};
use crate::fhir_export::fhir::{
    AllergyIntolerance, AllergyReaction, Annotation, CodeableConcept, Coding, Condition, Entry, Flag,
    Instant, Period, Resource, When,
};
use crate::fhir_export::record::{
    Alert, AlertCategory, Allergy, AllergySeverity, Certainty, PatientDetails, Problem,
};

const ALLERGY_CLINICAL: &str = "http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical";
const ALLERGY_VERIFICATION: &str = "http://terminology.hl7.org/CodeSystem/allergyintolerance-verification";
const CONDITION_CLINICAL: &str = "http://terminology.hl7.org/CodeSystem/condition-clinical";
const CONDITION_VERIFICATION: &str = "http://terminology.hl7.org/CodeSystem/condition-ver-status";
const CONDITION_CATEGORY: &str = "http://terminology.hl7.org/CodeSystem/condition-category";
const FLAG_CATEGORY: &str = "http://terminology.hl7.org/CodeSystem/flag-category";
/// SNOMED CT 716186003 |No known allergy|, the concept UK Core uses for a recorded "none".
const NO_KNOWN_ALLERGY: (&str, &str) = ("716186003", "No known allergy");

/// Every recorded allergy, or the clinician's "no known allergies" when that is what stands.
/// Nothing at all means nobody has asked, which a receiver must not read as "none".
pub(super) fn allergies(patient: &PatientDetails, allergies: &[Allergy]) -> Vec<Entry> {
    let mut out: Vec<Entry> = allergies.iter().map(|a| allergy(a, patient.id)).collect();
    let any_standing = allergies.iter().any(|a| !a.entered_in_error);
    if let (Some(at), false) = (patient.no_known_allergies_at, any_standing) {
        let id = no_known_allergies_id(patient.id);
        out.push(entry(
            id,
            Resource::AllergyIntolerance(AllergyIntolerance {
                id: id.to_string(),
                clinical_status: Some(coded(ALLERGY_CLINICAL, "active", "Active")),
                verification_status: coded(ALLERGY_VERIFICATION, "confirmed", "Confirmed"),
                criticality: None,
                code: snomed(NO_KNOWN_ALLERGY.0, NO_KNOWN_ALLERGY.1),
                patient: reference(patient.id),
                recorded_date: Instant(at),
                reaction: Vec::new(),
            }),
        ));
    }
    out
}

/// "No known allergies" is a column on the patient, not a row with an id of its own. Its id is
/// derived from the patient's so the same record always exports the same id; the version bits
/// (8, custom) keep it apart from every stored id (4, random).
pub(crate) fn no_known_allergies_id(patient: Uuid) -> Uuid {
    let mut bytes = *patient.as_bytes();
    bytes.iter_mut().for_each(|b| *b ^= 0xA5);
    uuid::Builder::from_custom_bytes(bytes).into_uuid()
}

fn allergy(a: &Allergy, patient: Uuid) -> Entry {
    let verification = match (a.entered_in_error, a.certainty) {
        (true, _) => ("entered-in-error", "Entered in Error"),
        (false, Certainty::Suspected) => ("unconfirmed", "Unconfirmed"),
        (false, Certainty::Confirmed) => ("confirmed", "Confirmed"),
    };
    // FHIR's reaction severity stops at "severe"; a life-threatening reaction also makes the
    // allergy high-criticality, which is where FHIR records the risk of harm next time.
    let severity = match a.severity {
        AllergySeverity::Mild => "mild",
        AllergySeverity::Moderate => "moderate",
        AllergySeverity::Severe | AllergySeverity::LifeThreatening => "severe",
    };
    entry(
        a.id,
        Resource::AllergyIntolerance(AllergyIntolerance {
            id: a.id.to_string(),
            clinical_status: (!a.entered_in_error).then(|| coded(ALLERGY_CLINICAL, "active", "Active")),
            verification_status: coded(ALLERGY_VERIFICATION, verification.0, verification.1),
            criticality: (a.severity == AllergySeverity::LifeThreatening).then_some("high"),
            code: text(&a.substance),
            patient: reference(patient),
            recorded_date: Instant(a.recorded_at),
            reaction: vec![AllergyReaction { manifestation: vec![text(&a.reaction)], severity }],
        }),
    )
}

pub(super) fn condition(p: &Problem, patient: Uuid) -> Entry {
    let clinical = match p.resolved_at {
        Some(_) => ("resolved", "Resolved"),
        None => ("active", "Active"),
    };
    let verification = if p.entered_in_error {
        ("entered-in-error", "Entered in Error")
    } else {
        ("confirmed", "Confirmed")
    };
    let note = p.note.trim();
    entry(
        p.id,
        Resource::Condition(Condition {
            id: p.id.to_string(),
            // An entered-in-error Condition carries neither a clinical status nor an abatement
            // (FHIR invariants con-4 and con-5).
            clinical_status: (!p.entered_in_error).then(|| coded(CONDITION_CLINICAL, clinical.0, clinical.1)),
            verification_status: coded(CONDITION_VERIFICATION, verification.0, verification.1),
            category: vec![coded(CONDITION_CATEGORY, "problem-list-item", "Problem List Item")],
            code: snomed(&p.snomed_id.to_string(), &p.term),
            subject: reference(patient),
            recorded_date: Instant(p.recorded_at),
            abatement_date_time: p.resolved_at.filter(|_| !p.entered_in_error).map(Instant),
            note: if note.is_empty() { Vec::new() } else { vec![Annotation { text: note.to_owned() }] },
        }),
    )
}

pub(super) fn flag(a: &Alert, patient: Uuid) -> Entry {
    let category = match a.category {
        AlertCategory::Clinical => ("clinical", "Clinical"),
        AlertCategory::Risk => ("safety", "Safety"),
    };
    entry(
        a.id,
        Resource::Flag(Flag {
            id: a.id.to_string(),
            status: "active",
            category: vec![coded(FLAG_CATEGORY, category.0, category.1)],
            code: CodeableConcept {
                coding: vec![Coding {
                    system: ALERT_TYPE_SYSTEM,
                    code: a.code.clone(),
                    display: Some(a.name.clone()),
                }],
                text: Some(a.name.clone()),
            },
            subject: reference(patient),
            period: Period { start: Some(When::At(a.starts_at)), end: a.ends_at.map(When::At) },
        }),
    )
}

fn snomed(code: &str, term: &str) -> CodeableConcept {
    CodeableConcept {
        coding: vec![Coding { system: SNOMED_SYSTEM, code: code.to_owned(), display: Some(term.to_owned()) }],
        text: Some(term.to_owned()),
    }
}
