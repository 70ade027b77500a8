//! The FHIR R4 shapes the export writes: only the resources and elements it fills in, typed so
//! that a misspelt element or a date in the wrong format cannot compile. Element names follow the
//! specification (camelCase in JSON); absent optional elements are left out, as FHIR requires
//! (no nulls, no empty arrays).

use chrono::{DateTime, NaiveDate, NaiveTime, SecondsFormat, Utc};
use serde::{Serialize, Serializer};

use crate::domain::Dose;

mod resources;
pub use resources::*;

/// A FHIR `date` (`1988-03-14`).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Date(pub NaiveDate);

/// A FHIR `dateTime`/`instant` to the second, in UTC (`2026-11-27T09:00:00Z`).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Instant(pub DateTime<Utc>);

/// A bound of a FHIR `Period`: a whole day where only the day is known (a prescription's start
/// date), otherwise an instant.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum When {
    Day(NaiveDate),
    At(DateTime<Utc>),
}

/// A FHIR `time` (`08:00:00`).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Time(pub NaiveTime);

/// A FHIR `decimal`: a dose written exactly (`2`, `2.5`, `0.125`), never through binary rounding
/// of the text.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Decimal(pub Dose);

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&self.0.format("%Y-%m-%d"))
    }
}

impl Serialize for Instant {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0.to_rfc3339_opts(SecondsFormat::Secs, true))
    }
}

impl Serialize for When {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match *self {
            When::Day(d) => Date(d).serialize(s),
            When::At(t) => Instant(t).serialize(s),
        }
    }
}

impl Serialize for Time {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&self.0.format("%H:%M:%S"))
    }
}

impl Serialize for Decimal {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let t = self.0.thousandths();
        if t % 1000 == 0 {
            s.serialize_i64(t / 1000)
        } else {
            // At most three decimal places: the shortest f64 text of t/1000 is exactly them.
            s.serialize_f64(t as f64 / 1000.0)
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Identifier {
    pub system: &'static str,
    pub value: String,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct HumanName {
    #[serde(rename = "use")]
    pub use_: &'static str,
    pub family: String,
    pub given: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Coding {
    pub system: &'static str,
    pub code: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub display: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct CodeableConcept {
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub coding: Vec<Coding>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Reference {
    pub reference: String,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Period {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start: Option<When>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end: Option<When>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Annotation {
    pub text: String,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Quantity {
    pub value: Decimal,
    pub unit: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub system: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<&'static str>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Ratio {
    pub numerator: Quantity,
    pub denominator: Quantity,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Dosage {
    pub text: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timing: Option<Timing>,
    pub as_needed_boolean: bool,
    pub route: CodeableConcept,
    pub dose_and_rate: Vec<DoseAndRate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_dose_per_period: Option<Ratio>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DoseAndRate {
    pub dose_quantity: Quantity,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Timing {
    pub repeat: TimingRepeat,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TimingRepeat {
    pub bounds_period: Period,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub time_of_day: Vec<Time>,
}
