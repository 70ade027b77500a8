//! Medicines on the patient's record: the bundled catalogue, prescriptions (prescribers only),
//! in-possession supplies, and the prescriber review after missed opioid substitution doses.

pub mod mar;
mod mar_page;
pub mod never_in_possession;
mod panel;
mod prescribe_form;
mod server_fns;
#[cfg(feature = "ssr")]
pub mod ssr;

pub use mar_page::MarPage;
pub use never_in_possession::NeverInPossessionPage;
pub use panel::MedicinesPanel;
pub use server_fns::*;

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::domain::Dose;
use crate::domain::prescribing::{PrescriptionKind, Supply};
use crate::domain::prn::PrnLimits;

/// A product from the catalogue, as the prescriber chooses it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MedicineProduct {
    pub code: i64,
    pub name: String,
    pub form: String,
    pub dose_unit: String,
    pub route: String,
    pub cd_schedule: Option<i16>,
    pub is_ost: bool,
    pub critical_class: Option<String>,
    /// On the never-in-possession list of the establishment the user works at.
    pub never_in_possession_here: bool,
}

/// A round of the establishment the user works at (e.g. 08:00 "Morning").
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoundTime {
    pub time: NaiveTime,
    pub label: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InPossessionSupply {
    pub supplied_at: DateTime<Utc>,
    pub quantity: Dose,
    pub supplied_by: String,
}

/// A prescription that is not stopped, with what the record knows about its doses.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActivePrescription {
    pub id: Uuid,
    /// Code of the establishment that prescribed it; another's means it came with a transfer.
    pub establishment_code: String,
    pub product_code: i64,
    pub product_name: String,
    pub dose: Dose,
    pub dose_unit: String,
    pub route: String,
    pub kind: PrescriptionKind,
    pub supply: Supply,
    pub round_times: Vec<NaiveTime>,
    pub prn_limits: Option<PrnLimits>,
    pub starts_on: NaiveDate,
    pub ends_on: Option<NaiveDate>,
    pub review_on: Option<NaiveDate>,
    pub indication: String,
    pub prescribed_by: String,
    pub prescribed_at: DateTime<Utc>,
    pub cd_schedule: Option<i16>,
    pub is_ost: bool,
    pub critical_class: Option<String>,
    pub allergy_override_reason: Option<String>,
    pub last_given_at: Option<DateTime<Utc>>,
    pub last_supply: Option<InPossessionSupply>,
    pub ost_review_required: bool,
}

impl ActivePrescription {
    /// `60 ml oral at 08:00` / `2 tablet oral when required (4 hours apart, 4 in 24 h)`.
    pub fn directions(&self) -> String {
        let when = match self.prn_limits {
            Some(l) => format!(
                "when required (at least {} apart, at most {} in 24 h)",
                crate::domain::prn::interval_words(l.min_interval_minutes),
                l.max_per_24h
            ),
            None => {
                let times: Vec<String> =
                    self.round_times.iter().map(|t| t.format("%H:%M").to_string()).collect();
                format!("at {}", times.join(", "))
            }
        };
        format!("{} {} {} {}", self.dose, self.dose_unit, self.route, when)
    }
}

/// What the medicines section of the record shows, and what this user may do there.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MedicinesSummary {
    pub prescriptions: Vec<ActivePrescription>,
    pub round_times: Vec<RoundTime>,
    pub may_prescribe: bool,
    pub may_administer: bool,
}

/// A prescription as the prescriber filled it in; checked by the shared domain rule in the
/// browser and again on the server.
#[derive(Clone, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct PrescriptionRequest {
    pub product_code: Option<i64>,
    /// `None` until the prescriber chooses.
    pub kind: Option<PrescriptionKind>,
    /// `None` until the prescriber chooses (or an opioid substitution product sets supervised).
    pub supply: Option<Supply>,
    pub dose: String,
    pub round_times: Vec<NaiveTime>,
    pub prn_min_interval_minutes: Option<u32>,
    pub prn_max_per_24h: Option<u32>,
    pub starts_on: Option<NaiveDate>,
    pub ends_on: Option<NaiveDate>,
    pub review_on: Option<NaiveDate>,
    pub indication: String,
    /// Given only when the prescriber has been told the product matches a recorded allergy.
    pub allergy_override_reason: String,
    /// A change: the prescription this one replaces, stopped in the same step.
    pub replaces_id: Option<Uuid>,
}

impl PrescriptionRequest {
    /// The domain draft, or the field at fault.
    pub fn draft(&self) -> Result<crate::domain::prescribing::PrescriptionDraft, (&'static str, String)> {
        let kind = self.kind.ok_or(("kind", "Choose regular or when required (PRN).".to_owned()))?;
        let supply = self
            .supply
            .ok_or(("supply", "Choose in possession, not in possession or supervised.".to_owned()))?;
        let starts_on = self.starts_on.ok_or(("starts_on", "Enter the start date.".to_owned()))?;
        Ok(crate::domain::prescribing::PrescriptionDraft {
            kind,
            supply,
            dose: self.dose.clone(),
            round_times: self.round_times.clone(),
            prn_min_interval_minutes: self.prn_min_interval_minutes,
            prn_max_per_24h: self.prn_max_per_24h,
            starts_on,
            ends_on: self.ends_on,
            review_on: self.review_on,
            indication: self.indication.clone(),
        })
    }
}

/// The prescription a prescriber chose to change: the form fills in from it, and saving stops
/// it and starts the new one, linked.
#[derive(Clone, Copy)]
pub struct ChangingPrescription(pub leptos::prelude::RwSignal<Option<ActivePrescription>>);

impl ActivePrescription {
    /// The form's starting point for a change: everything as now, starting today.
    pub fn change_request(&self, today: NaiveDate) -> PrescriptionRequest {
        PrescriptionRequest {
            product_code: Some(self.product_code),
            kind: Some(self.kind),
            supply: Some(self.supply),
            dose: self.dose.to_string(),
            round_times: self.round_times.clone(),
            prn_min_interval_minutes: self.prn_limits.map(|l| l.min_interval_minutes),
            prn_max_per_24h: self.prn_limits.map(|l| l.max_per_24h),
            starts_on: Some(today),
            ends_on: self.ends_on,
            review_on: self.review_on,
            indication: self.indication.clone(),
            allergy_override_reason: self.allergy_override_reason.clone().unwrap_or_default(),
            replaces_id: Some(self.id),
        }
    }

    /// The product as the prescribing form holds it.
    pub fn product(&self) -> MedicineProduct {
        MedicineProduct {
            code: self.product_code,
            name: self.product_name.clone(),
            form: String::new(),
            dose_unit: self.dose_unit.clone(),
            route: self.route.clone(),
            cd_schedule: self.cd_schedule,
            is_ost: self.is_ost,
            critical_class: self.critical_class.clone(),
            // The server checks the list again when the change is saved.
            never_in_possession_here: false,
        }
    }
}

pub const OST_REVIEW_DECISIONS: [(&str, &str); 3] = [
    ("continue", "Continue at the prescribed dose"),
    ("reduce", "Reduce the dose (write a new prescription)"),
    ("restart_titration", "Restart titration (write a new prescription)"),
];
