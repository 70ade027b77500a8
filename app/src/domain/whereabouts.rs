use serde::{Deserialize, Serialize};

/// Where a patient is, as derived from their latest movement.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WhereaboutsStatus {
    InEstablishment,
    AtCourt,
    TemporaryAbsence,
    InTransit,
    Released,
    Deceased,
}

impl WhereaboutsStatus {
    pub fn from_db(value: &str) -> Option<Self> {
        Some(match value {
            "in_establishment" => Self::InEstablishment,
            "at_court" => Self::AtCourt,
            "temporary_absence" => Self::TemporaryAbsence,
            "in_transit" => Self::InTransit,
            "released" => Self::Released,
            "deceased" => Self::Deceased,
            _ => return None,
        })
    }

    pub fn describe(self) -> &'static str {
        match self {
            Self::InEstablishment => "In establishment",
            Self::AtCourt => "At court",
            Self::TemporaryAbsence => "Temporary absence",
            Self::InTransit => "In transit",
            Self::Released => "Released",
            Self::Deceased => "Deceased",
        }
    }
}
