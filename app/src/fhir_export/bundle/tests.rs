//! The Bundle's structure, checked as a receiving system would read it: as JSON, and through an
//! independent R4 model generated from the specification (fhirkit).

mod fixture;

use chrono::DateTime;
use serde_json::Value;
use uuid::Uuid;

use super::custody::stays;
use super::medication::status;
use super::{NHS_NUMBER_SYSTEM, PRISON_NUMBER_SYSTEM, bundle, dangling_references};
use crate::fhir_export::bundle::clinical::no_known_allergies_id;
use crate::fhir_export::record::ExportRecord;
use fixture::{id, now, record};

fn json(record: &ExportRecord) -> Value {
    serde_json::to_value(bundle(record, now())).expect("a Bundle serialises")
}

fn entries(b: &Value) -> &Vec<Value> {
    b["entry"].as_array().expect("entry is an array")
}

fn of_type<'a>(b: &'a Value, resource_type: &str) -> Vec<&'a Value> {
    entries(b).iter().map(|e| &e["resource"]).filter(|r| r["resourceType"] == resource_type).collect()
}

fn resource(b: &Value, id: Uuid) -> &Value {
    let url = format!("urn:uuid:{id}");
    &entries(b).iter().find(|e| e["fullUrl"] == url.as_str()).expect("entry with that id")["resource"]
}

fn code(concept: &Value) -> &str {
    concept["coding"][0]["code"].as_str().expect("a coded concept")
}

fn is_instant(v: &Value) -> bool {
    v.as_str().is_some_and(|s| s.ends_with('Z') && DateTime::parse_from_rfc3339(s).is_ok())
}

#[test]
fn the_bundle_is_an_r4_collection_that_an_independent_r4_model_reads_without_a_single_issue() {
    let text = serde_json::to_string_pretty(&bundle(&record(), now())).expect("serialises");
    let (read, issues) = fhirkit::from_json::<fhirkit::r4::Bundle>(&text).expect("valid JSON");
    assert!(issues.is_empty(), "{}", issues.iter().map(|i| format!("{i}\n")).collect::<String>());
    let read = read.expect("read back");
    // The reader has teeth: a misspelt element and a missing required one are both reported.
    let broken = text.replacen("\"birthDate\"", "\"birthdate\"", 1).replacen("\"intent\": \"order\",", "", 1);
    let (_, issues) = fhirkit::from_json::<fhirkit::r4::Bundle>(&broken).expect("valid JSON");
    let paths: Vec<&str> = issues.iter().map(|i| i.path.as_str()).collect();
    assert!(paths.iter().any(|p| p.ends_with("birthdate")), "{paths:?}");
    assert!(paths.iter().any(|p| p.ends_with("intent")), "{paths:?}");
    assert_eq!(read.type_.as_ref().and_then(|t| t.value.as_deref()), Some("collection"));
    assert_eq!(read.entry.len(), entries(&json(&record())).len());
}

#[test]
fn every_entry_has_a_unique_uuid_full_url_matching_its_resource_id_and_a_resource_type() {
    let b = json(&record());
    assert_eq!(b["resourceType"], "Bundle");
    assert_eq!(b["type"], "collection");
    assert!(is_instant(&b["timestamp"]));
    let mut urls = Vec::new();
    for e in entries(&b) {
        let url = e["fullUrl"].as_str().expect("fullUrl");
        let id = url.strip_prefix("urn:uuid:").expect("urn:uuid: full URL");
        assert!(Uuid::parse_str(id).is_ok(), "{url}");
        assert_eq!(e["resource"]["id"], id);
        assert!(e["resource"]["resourceType"].is_string());
        urls.push(url.to_owned());
    }
    let count = urls.len();
    urls.sort();
    urls.dedup();
    assert_eq!(urls.len(), count, "a resource appears twice");
}

#[test]
fn every_reference_resolves_to_an_entry_in_the_bundle() {
    let b = json(&record());
    assert_eq!(dangling_references(&b), Vec::<String>::new());
    let mut broken = b.clone();
    broken["entry"][0]["resource"]["managingOrganization"] =
        serde_json::json!({ "reference": "urn:uuid:gone" });
    assert_eq!(dangling_references(&broken), ["urn:uuid:gone"], "the check itself finds a dangling one");
}

#[test]
fn the_patient_has_nhs_and_prison_numbers_name_gender_and_birth_date() {
    let b = json(&record());
    let p = resource(&b, id(1));
    assert_eq!(p["identifier"][0]["system"], NHS_NUMBER_SYSTEM);
    assert_eq!(p["identifier"][0]["value"], "9434765919");
    assert_eq!(p["identifier"][1]["system"], PRISON_NUMBER_SYSTEM);
    assert_eq!(p["identifier"][1]["value"], "A1001AA");
    assert_eq!(p["name"][0]["family"], "Whitaker");
    assert_eq!(p["name"][0]["given"][0], "Daniel");
    assert_eq!(p["gender"], "male");
    assert_eq!(p["birthDate"], "1988-03-14");

    let mut no_nhs = record();
    no_nhs.patient.nhs_number = None;
    no_nhs.patient.sex = crate::fhir_export::record::Sex::Indeterminate;
    let b = json(&no_nhs);
    let p = resource(&b, id(1));
    assert_eq!(p["identifier"].as_array().map(Vec::len), Some(1));
    assert_eq!(p["identifier"][0]["system"], PRISON_NUMBER_SYSTEM);
    assert_eq!(p["gender"], "other");
}

#[test]
fn each_resource_has_the_elements_r4_requires_of_it() {
    let b = json(&record());
    let patient = "urn:uuid:00000000-0000-0000-0000-000000000001";
    for a in of_type(&b, "AllergyIntolerance") {
        assert_eq!(a["patient"]["reference"], patient);
        assert!(a["code"]["text"].is_string() && a["verificationStatus"]["coding"].is_array());
        assert!(is_instant(&a["recordedDate"]));
    }
    for c in of_type(&b, "Condition") {
        assert_eq!(c["subject"]["reference"], patient);
        assert_eq!(c["code"]["coding"][0]["system"], "http://snomed.info/sct");
        assert_eq!(code(&c["category"][0]), "problem-list-item");
    }
    for m in of_type(&b, "MedicationRequest") {
        assert!(m["status"].is_string());
        assert_eq!(m["intent"], "order");
        assert_eq!(m["subject"]["reference"], patient);
        assert_eq!(m["medicationCodeableConcept"]["coding"][0]["system"], "https://dmd.nhs.uk");
        assert_eq!(code(&m["medicationCodeableConcept"]), "322236009");
        assert!(is_instant(&m["authoredOn"]));
    }
    let flags = of_type(&b, "Flag");
    assert_eq!(flags.len(), 2);
    for f in flags {
        assert_eq!(f["status"], "active");
        assert!(f["code"]["coding"][0]["code"].is_string());
        assert_eq!(f["subject"]["reference"], patient);
        assert!(is_instant(&f["period"]["start"]));
    }
    for e in of_type(&b, "EpisodeOfCare") {
        assert!(e["status"].is_string());
        assert_eq!(e["patient"]["reference"], patient);
    }
    for e in of_type(&b, "Encounter") {
        assert!(e["status"].is_string() && e["class"]["code"].is_string());
        assert_eq!(e["subject"]["reference"], patient);
    }
}

#[test]
fn allergies_carry_reaction_severity_certainty_and_criticality() {
    let b = json(&record());
    let severe = resource(&b, id(101));
    assert_eq!(code(&severe["clinicalStatus"]), "active");
    assert_eq!(code(&severe["verificationStatus"]), "confirmed");
    assert_eq!(severe["criticality"], "high");
    assert_eq!(severe["code"]["text"], "Penicillin");
    assert_eq!(severe["reaction"][0]["manifestation"][0]["text"], "Rash");
    assert_eq!(severe["reaction"][0]["severity"], "severe");
    let suspected = resource(&b, id(102));
    assert_eq!(code(&suspected["verificationStatus"]), "unconfirmed");
    assert_eq!(suspected["reaction"][0]["severity"], "mild");
    assert!(suspected.get("criticality").is_none());
}

#[test]
fn entered_in_error_entries_say_so_and_carry_no_clinical_status() {
    let b = json(&record());
    let allergy = resource(&b, id(103));
    assert_eq!(code(&allergy["verificationStatus"]), "entered-in-error");
    assert!(allergy.get("clinicalStatus").is_none(), "FHIR ait-2");
    let problem = resource(&b, id(203));
    assert_eq!(code(&problem["verificationStatus"]), "entered-in-error");
    assert!(problem.get("clinicalStatus").is_none(), "FHIR con-5");
    assert!(problem.get("abatementDateTime").is_none(), "FHIR con-4");
    assert_eq!(resource(&b, id(305))["status"], "entered-in-error");
}

#[test]
fn problems_are_active_or_resolved_with_snomed_codes_and_notes() {
    let b = json(&record());
    let asthma = resource(&b, id(201));
    assert_eq!(code(&asthma["clinicalStatus"]), "active");
    assert_eq!(code(&asthma["code"]), "195967001");
    assert_eq!(asthma["code"]["coding"][0]["display"], "Asthma");
    assert_eq!(asthma["note"][0]["text"], "Uses inhaler on exertion");
    let back = resource(&b, id(202));
    assert_eq!(code(&back["clinicalStatus"]), "resolved");
    assert!(is_instant(&back["abatementDateTime"]));
    assert!(back.get("note").is_none(), "an empty note is left out");
}

#[test]
fn prescriptions_carry_status_dosage_round_times_and_prn_limits() {
    let b = json(&record());
    let regular = resource(&b, id(301));
    assert_eq!(regular["status"], "active");
    let dosage = &regular["dosageInstruction"][0];
    assert_eq!(
        dosage["timing"]["repeat"]["timeOfDay"],
        serde_json::json!(["08:00:00", "12:00:00", "20:00:00"])
    );
    assert_eq!(dosage["timing"]["repeat"]["boundsPeriod"]["start"], "2026-11-17");
    assert_eq!(dosage["asNeededBoolean"], false);
    assert_eq!(dosage["doseAndRate"][0]["doseQuantity"]["value"], 2);
    assert_eq!(dosage["route"]["coding"][0]["code"], "26643006");
    assert_eq!(dosage["text"], "2 tablet oral at 08:00, 12:00, 20:00; not in possession");
    assert_eq!(regular["reasonCode"][0]["text"], "Back pain");

    let prn = &resource(&b, id(302))["dosageInstruction"][0];
    assert_eq!(prn["asNeededBoolean"], true);
    assert!(prn["timing"]["repeat"].get("timeOfDay").is_none());
    assert_eq!(prn["maxDosePerPeriod"]["numerator"]["value"], 8, "4 doses of 2 tablets");
    assert_eq!(prn["maxDosePerPeriod"]["numerator"]["unit"], "tablet");
    assert_eq!(prn["maxDosePerPeriod"]["denominator"]["code"], "h");
    assert_eq!(prn["maxDosePerPeriod"]["denominator"]["value"], 24);

    let stopped = resource(&b, id(303));
    assert_eq!(stopped["status"], "stopped");
    assert_eq!(stopped["statusReason"]["text"], "Dose changed");
    let changed = resource(&b, id(304));
    assert_eq!(changed["priorPrescription"]["reference"], format!("urn:uuid:{}", id(303)));
    assert_eq!(changed["dosageInstruction"][0]["doseAndRate"][0]["doseQuantity"]["value"], 1.5);
    assert_eq!(resource(&b, id(306))["status"], "completed", "its last day has passed");
}

#[test]
fn the_last_dose_of_each_active_prescription_and_only_those_is_a_medication_administration() {
    let b = json(&record());
    let given = of_type(&b, "MedicationAdministration");
    let requests: Vec<&Value> = given.iter().map(|a| &a["request"]["reference"]).collect();
    assert_eq!(
        requests,
        [&Value::from(format!("urn:uuid:{}", id(301))), &Value::from(format!("urn:uuid:{}", id(302)))],
        "not the stopped or completed ones"
    );
    let last = resource(&b, id(501));
    assert_eq!(last["status"], "completed");
    assert_eq!(last["effectiveDateTime"], "2026-11-27T08:00:00Z");
    assert_eq!(last["dosage"]["dose"]["value"], 2);
}

#[test]
fn status_follows_error_then_stop_then_the_uk_end_date() {
    let today = fixture::days_ago(0).date_naive();
    let rx = fixture::prescription(1, crate::fhir_export::record::Schedule::Regular { round_times: vec![] });
    assert_eq!(status(&rx, today), "active");
    let ends_today = crate::fhir_export::record::Prescription { ends_on: Some(today), ..rx.clone() };
    assert_eq!(status(&ends_today, today), "active", "the last day is still a day of treatment");
    let stopped = crate::fhir_export::record::Prescription { stopped_at: Some(now()), ..ends_today };
    assert_eq!(status(&stopped, today), "stopped");
    let wrong = crate::fhir_export::record::Prescription { entered_in_error: true, ..stopped };
    assert_eq!(status(&wrong, today), "entered-in-error");
}

#[test]
fn custody_episodes_hold_one_encounter_per_establishment_stay_and_court_trips_do_not_split_a_stay() {
    let r = record();
    let found = stays(&r.episodes, &r.movements);
    let summary: Vec<(Uuid, &str, bool)> =
        found.iter().map(|s| (s.id, s.establishment.code.as_str(), s.end.is_some())).collect();
    assert_eq!(summary, [(id(701), "WWI", true), (id(703), "WWI", true), (id(707), "LEI", false)]);

    let b = json(&r);
    let old = resource(&b, id(601));
    assert_eq!(old["status"], "finished");
    assert!(is_instant(&old["period"]["end"]));
    let current = resource(&b, id(602));
    assert_eq!(current["status"], "active");
    assert!(current["period"].get("end").is_none());
    assert_eq!(current["managingOrganization"]["reference"], format!("urn:uuid:{}", id(902)));
    let at_leeds = resource(&b, id(707));
    assert_eq!(at_leeds["status"], "in-progress");
    assert_eq!(at_leeds["episodeOfCare"][0]["reference"], format!("urn:uuid:{}", id(602)));
    let organisations: Vec<&Value> =
        of_type(&b, "Organization").into_iter().map(|o| &o["identifier"][0]["value"]).collect();
    assert_eq!(organisations, [&Value::from("WWI"), &Value::from("LEI")], "each establishment once");
}

#[test]
fn no_known_allergies_is_exported_only_while_no_allergy_stands() {
    let mut r = record();
    r.patient.no_known_allergies_at = Some(now());
    r.allergies.retain(|a| a.entered_in_error);
    let b = json(&r);
    let nka = resource(&b, no_known_allergies_id(id(1)));
    assert_eq!(code(&nka["code"]), "716186003");
    assert_eq!(no_known_allergies_id(id(1)), no_known_allergies_id(id(1)), "the same id every export");
    assert_ne!(no_known_allergies_id(id(1)), id(1));

    let mut with_allergy = record();
    with_allergy.patient.no_known_allergies_at = Some(now());
    let b = json(&with_allergy);
    assert!(of_type(&b, "AllergyIntolerance").iter().all(|a| a["code"]["coding"][0]["code"] != "716186003"));
    assert_eq!(json(&with_allergy), b, "the same record always gives the same Bundle");
}
