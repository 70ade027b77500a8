use serde::{Deserialize, Serialize};

/// Where a patient is, as derived from their latest movement.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
// Stored as the same snake_case words in a text column (checked there by a constraint).
#[cfg_attr(feature = "ssr", derive(sqlx::Type), sqlx(type_name = "text", rename_all = "snake_case"))]
pub enum WhereaboutsStatus {
    InEstablishment,
    AtCourt,
    TemporaryAbsence,
    InTransit,
    Released,
    Deceased,
}

impl WhereaboutsStatus {
    pub const ALL: [Self; 6] = [
        Self::InEstablishment,
        Self::AtCourt,
        Self::TemporaryAbsence,
        Self::InTransit,
        Self::Released,
        Self::Deceased,
    ];

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
