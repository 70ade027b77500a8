//! The FHIR R4 resources in an export, with the elements Throughcare fills in.

use serde::Serialize;

use super::{
    Annotation, CodeableConcept, Coding, Date, Dosage, HumanName, Identifier, Instant, Period, Quantity,
    Reference,
};

/// A `collection` Bundle: the record as it stood at `timestamp`, each resource once.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Bundle {
    pub resource_type: &'static str,
    #[serde(rename = "type")]
    pub type_: &'static str,
    pub timestamp: Instant,
    pub entry: Vec<Entry>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Entry {
    /// `urn:uuid:<id>`: how other entries in the Bundle refer to this one.
    pub full_url: String,
    pub resource: Resource,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "resourceType")]
pub enum Resource {
    Patient(Patient),
    Organization(Organization),
    EpisodeOfCare(EpisodeOfCare),
    Encounter(Encounter),
    AllergyIntolerance(AllergyIntolerance),
    Condition(Condition),
    Flag(Flag),
    MedicationRequest(Box<MedicationRequest>),
    MedicationAdministration(MedicationAdministration),
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Patient {
    pub id: String,
    pub identifier: Vec<Identifier>,
    pub name: Vec<HumanName>,
    pub gender: &'static str,
    pub birth_date: Date,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Organization {
    pub id: String,
    pub identifier: Vec<Identifier>,
    pub name: String,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EpisodeOfCare {
    pub id: String,
    pub status: &'static str,
    #[serde(rename = "type")]
    pub type_: Vec<CodeableConcept>,
    pub patient: Reference,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub managing_organization: Option<Reference>,
    pub period: Period,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Encounter {
    pub id: String,
    pub status: &'static str,
    pub class: Coding,
    pub subject: Reference,
    pub episode_of_care: Vec<Reference>,
    pub period: Period,
    pub service_provider: Reference,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AllergyIntolerance {
    pub id: String,
    /// Absent exactly when the entry was entered in error (FHIR invariants ait-1 and ait-2).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub clinical_status: Option<CodeableConcept>,
    pub verification_status: CodeableConcept,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub criticality: Option<&'static str>,
    pub code: CodeableConcept,
    pub patient: Reference,
    pub recorded_date: Instant,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub reaction: Vec<AllergyReaction>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AllergyReaction {
    pub manifestation: Vec<CodeableConcept>,
    pub severity: &'static str,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Condition {
    pub id: String,
    /// Absent exactly when the problem was entered in error (FHIR invariant con-5).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub clinical_status: Option<CodeableConcept>,
    pub verification_status: CodeableConcept,
    pub category: Vec<CodeableConcept>,
    pub code: CodeableConcept,
    pub subject: Reference,
    pub recorded_date: Instant,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub abatement_date_time: Option<Instant>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub note: Vec<Annotation>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Flag {
    pub id: String,
    pub status: &'static str,
    pub category: Vec<CodeableConcept>,
    pub code: CodeableConcept,
    pub subject: Reference,
    pub period: Period,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MedicationRequest {
    pub id: String,
    pub status: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status_reason: Option<CodeableConcept>,
    pub intent: &'static str,
    pub medication_codeable_concept: CodeableConcept,
    pub subject: Reference,
    pub authored_on: Instant,
    pub reason_code: Vec<CodeableConcept>,
    pub dosage_instruction: Vec<Dosage>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub prior_prescription: Option<Reference>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MedicationAdministration {
    pub id: String,
    pub status: &'static str,
    pub medication_codeable_concept: CodeableConcept,
    pub subject: Reference,
    pub effective_date_time: Instant,
    pub request: Reference,
    pub dosage: AdministrationDosage,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AdministrationDosage {
    pub dose: Quantity,
}
