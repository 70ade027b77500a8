//! The controlled-drugs register: a running balance per product at each establishment, and
//! every receipt, administration, return and adjustment with who recorded and who witnessed it.

mod page;
mod server_fns;
#[cfg(feature = "ssr")]
pub mod ssr;
#[cfg(feature = "ssr")]
pub mod witness;

pub use page::ControlledDrugsPage;
pub use server_fns::*;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::domain::Dose;

/// The balance of one Schedule 2 or 3 product held here.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CdStockLine {
    pub product_code: i64,
    pub product_name: String,
    pub dose_unit: String,
    pub cd_schedule: i16,
    pub balance: Dose,
    pub updated_at: Option<DateTime<Utc>>,
}

/// One line of the register, newest first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CdRegisterLine {
    pub recorded_at: DateTime<Utc>,
    pub kind: String,
    /// Signed: receipts add, administrations and returns take away.
    pub quantity: Dose,
    pub balance_after: Dose,
    pub prison_number: Option<String>,
    pub recorded_by: String,
    pub witnessed_by: String,
    pub note: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CdRegister {
    pub stock: Vec<CdStockLine>,
    pub may_manage: bool,
}

/// What a pharmacist enters for stock arriving, going back, or a corrected count.
#[derive(Clone, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct CdStockEntry {
    pub product_code: i64,
    /// receipt, return or adjustment.
    pub kind: String,
    /// Always positive; an adjustment says which way with `adjust_down`.
    pub quantity: String,
    pub adjust_down: bool,
    pub note: String,
    pub witness_username: String,
    pub witness_password: String,
}

pub const STOCK_ENTRY_KINDS: [(&str, &str); 3] = [
    ("receipt", "Receipt (stock received)"),
    ("return", "Return (to pharmacy or destroyed)"),
    ("adjustment", "Adjustment (count corrected)"),
];

/// The signed change an entry makes to the balance, or what is wrong with it.
pub fn signed_change(entry: &CdStockEntry) -> Result<Dose, (&'static str, String)> {
    let quantity = Dose::parse(&entry.quantity).map_err(|m| ("quantity", m))?;
    let down = match entry.kind.as_str() {
        "receipt" => false,
        "return" => true,
        "adjustment" => {
            if entry.note.trim().is_empty() {
                return Err(("note", "Say why the count is adjusted.".to_owned()));
            }
            entry.adjust_down
        }
        _ => return Err(("kind", "Choose receipt, return or adjustment.".to_owned())),
    };
    if entry.note.chars().count() > 500 {
        return Err(("note", "Keep the note under 500 characters.".to_owned()));
    }
    Ok(if down { Dose::from_thousandths(-quantity.thousandths()) } else { quantity })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(kind: &str, quantity: &str, down: bool, note: &str) -> CdStockEntry {
        CdStockEntry {
            product_code: 1,
            kind: kind.into(),
            quantity: quantity.into(),
            adjust_down: down,
            note: note.into(),
            ..Default::default()
        }
    }

    #[test]
    fn receipts_add_and_returns_take_away() {
        assert_eq!(signed_change(&entry("receipt", "500", false, "")), Ok(Dose::from_thousandths(500_000)));
        assert_eq!(signed_change(&entry("return", "20", false, "")), Ok(Dose::from_thousandths(-20_000)));
    }

    #[test]
    fn an_adjustment_needs_its_reason_and_goes_the_way_it_says() {
        assert!(matches!(signed_change(&entry("adjustment", "2", true, " ")), Err(("note", _))));
        assert_eq!(
            signed_change(&entry("adjustment", "2.5", true, "Spillage witnessed")),
            Ok(Dose::from_thousandths(-2_500))
        );
    }

    #[test]
    fn nonsense_quantities_and_kinds_are_refused() {
        assert!(matches!(signed_change(&entry("receipt", "-5", false, "")), Err(("quantity", _))));
        assert!(matches!(signed_change(&entry("theft", "5", false, "")), Err(("kind", _))));
    }
}
