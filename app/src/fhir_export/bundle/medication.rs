//! Prescriptions as MedicationRequest, and the last dose of each active one as a
//! MedicationAdministration, so a receiving prison knows when the next dose may safely be given.

use chrono::{DateTime, NaiveDate, Utc};
use uuid::Uuid;

use super::{DMD_SYSTEM, SNOMED_SYSTEM, UCUM_SYSTEM, entry, reference, text};
use crate::domain::Dose;
use crate::domain::prn::interval_words;
use crate::domain::round_schedule::london_date;
use crate::fhir_export::fhir::{
    AdministrationDosage, CodeableConcept, Coding, Decimal, Dosage, DoseAndRate, Entry, Instant,
    MedicationAdministration, MedicationRequest, Period, Quantity, Ratio, Resource, Time, Timing,
    TimingRepeat, When,
};
use crate::fhir_export::record::{LastDose, Prescription, Schedule};

/// The product's route in words as the catalogue stores it, and its SNOMED CT route concept.
const ROUTES: [(&str, &str, &str); 14] = [
    ("oral", "26643006", "Oral route"),
    ("sublingual", "37839007", "Sublingual route"),
    ("buccal", "54471007", "Buccal route"),
    ("inhaled", "447694001", "Respiratory tract route"),
    ("nasal", "46713006", "Nasal route"),
    ("topical", "6064005", "Topical route"),
    ("transdermal", "45890007", "Transdermal route"),
    ("subcutaneous", "34206005", "Subcutaneous route"),
    ("intramuscular", "78421000", "Intramuscular route"),
    ("intravenous", "47625008", "Intravenous route"),
    ("rectal", "37161004", "Rectal route"),
    ("vaginal", "16857009", "Vaginal route"),
    ("eye", "54485002", "Ophthalmic route"),
    ("ear", "10547007", "Otic route"),
];

pub(super) fn entries(
    prescriptions: &[Prescription],
    patient: Uuid,
    generated_at: DateTime<Utc>,
) -> Vec<Entry> {
    let today = london_date(generated_at);
    let mut requests = Vec::with_capacity(prescriptions.len());
    let mut last_doses = Vec::new();
    for rx in prescriptions {
        let status = status(rx, today);
        let replaces = rx.replaces_id.filter(|id| prescriptions.iter().any(|p| p.id == *id));
        requests.push(request(rx, status, replaces, patient));
        if let (Some(last), "active") = (&rx.last_taken, status) {
            last_doses.push(administration(rx, last, patient));
        }
    }
    requests.extend(last_doses);
    requests
}

/// `today` is the UK date, since a prescription's end date is a UK calendar day.
pub(crate) fn status(rx: &Prescription, today: NaiveDate) -> &'static str {
    if rx.entered_in_error {
        "entered-in-error"
    } else if rx.stopped_at.is_some() {
        "stopped"
    } else if rx.ends_on.is_some_and(|last_day| last_day < today) {
        "completed"
    } else {
        "active"
    }
}

fn request(rx: &Prescription, status: &'static str, replaces: Option<Uuid>, patient: Uuid) -> Entry {
    entry(
        rx.id,
        Resource::MedicationRequest(Box::new(MedicationRequest {
            id: rx.id.to_string(),
            status,
            status_reason: rx.stopped_reason.as_deref().filter(|_| status == "stopped").map(text),
            intent: "order",
            medication_codeable_concept: medicine(rx),
            subject: reference(patient),
            authored_on: Instant(rx.prescribed_at),
            reason_code: vec![text(&rx.indication)],
            dosage_instruction: vec![dosage(rx)],
            prior_prescription: replaces.map(reference),
        })),
    )
}

fn administration(rx: &Prescription, last: &LastDose, patient: Uuid) -> Entry {
    entry(
        last.administration_id,
        Resource::MedicationAdministration(MedicationAdministration {
            id: last.administration_id.to_string(),
            status: "completed",
            medication_codeable_concept: medicine(rx),
            subject: reference(patient),
            effective_date_time: Instant(last.at),
            request: reference(rx.id),
            dosage: AdministrationDosage { dose: quantity(last.dose, &rx.dose_unit) },
        }),
    )
}

fn medicine(rx: &Prescription) -> CodeableConcept {
    CodeableConcept {
        coding: vec![Coding {
            system: DMD_SYSTEM,
            code: rx.product_code.to_string(),
            display: Some(rx.product_name.clone()),
        }],
        text: Some(rx.product_name.clone()),
    }
}

fn dosage(rx: &Prescription) -> Dosage {
    let (when, time_of_day, max_dose_per_period) = match &rx.schedule {
        Schedule::Regular { round_times } => {
            let mut times = round_times.clone();
            times.sort();
            let words: Vec<String> = times.iter().map(|t| t.format("%H:%M").to_string()).collect();
            (format!("at {}", words.join(", ")), times, None)
        }
        Schedule::WhenRequired(limits) => {
            let most =
                Dose::from_thousandths(rx.dose.thousandths().saturating_mul(i64::from(limits.max_per_24h)));
            let per_day = Ratio {
                numerator: quantity(most, &rx.dose_unit),
                denominator: Quantity {
                    value: Decimal(Dose::from_thousandths(24_000)),
                    unit: "hours".to_owned(),
                    system: Some(UCUM_SYSTEM),
                    code: Some("h"),
                },
            };
            let words = format!(
                "when required, at least {} apart, at most {} in 24 hours",
                interval_words(limits.min_interval_minutes),
                limits.max_per_24h
            );
            (words, Vec::new(), Some(per_day))
        }
    };
    Dosage {
        text: format!(
            "{} {} {} {when}; {}",
            rx.dose,
            rx.dose_unit,
            rx.route,
            rx.supply.title().to_lowercase()
        ),
        timing: Some(Timing {
            repeat: TimingRepeat {
                bounds_period: Period {
                    start: Some(When::Day(rx.starts_on)),
                    end: rx.ends_on.map(When::Day),
                },
                time_of_day: time_of_day.into_iter().map(Time).collect(),
            },
        }),
        as_needed_boolean: matches!(rx.schedule, Schedule::WhenRequired(_)),
        route: route(&rx.route),
        dose_and_rate: vec![DoseAndRate { dose_quantity: quantity(rx.dose, &rx.dose_unit) }],
        max_dose_per_period,
    }
}

/// Dose units are dm+d's (tablet, ml, puff), not UCUM's, so the quantity names its unit in words.
fn quantity(dose: Dose, unit: &str) -> Quantity {
    Quantity { value: Decimal(dose), unit: unit.to_owned(), system: None, code: None }
}

fn route(word: &str) -> CodeableConcept {
    let coding = ROUTES
        .iter()
        .filter(|(w, _, _)| *w == word)
        .map(|(_, code, display)| Coding {
            system: SNOMED_SYSTEM,
            code: (*code).to_owned(),
            display: Some((*display).to_owned()),
        })
        .collect();
    CodeableConcept { coding, text: Some(word.to_owned()) }
}
