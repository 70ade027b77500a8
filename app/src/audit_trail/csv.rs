//! The audit trail as CSV (RFC 4180), safe to open in a spreadsheet.

use super::{AuditLine, actions};

pub const HEADER: [&str; 10] = [
    "time_utc",
    "staff_name",
    "staff_username",
    "establishment",
    "prison_number",
    "patient_name",
    "action",
    "description",
    "outcome",
    "detail",
];

/// A field quoted when it must be, and defused when a spreadsheet would run it as a formula
/// (a cell starting `=`, `+`, `-` or `@`).
pub fn field(value: &str) -> String {
    let defused = if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{value}")
    } else {
        value.to_owned()
    };
    if defused.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", defused.replace('"', "\"\""))
    } else {
        defused
    }
}

pub fn render(lines: &[AuditLine]) -> String {
    let mut out = HEADER.join(",");
    out.push_str("\r\n");
    for l in lines {
        let cells = [
            l.at.to_rfc3339(),
            l.staff_name.clone().unwrap_or_default(),
            l.staff_username.clone().unwrap_or_default(),
            l.establishment.clone().unwrap_or_default(),
            l.prison_number.clone().unwrap_or_default(),
            l.patient_name.clone().unwrap_or_default(),
            l.action.clone(),
            actions::describe(&l.action).to_owned(),
            l.outcome.clone(),
            l.detail.clone(),
        ];
        out.push_str(&cells.iter().map(|c| field(c)).collect::<Vec<_>>().join(","));
        out.push_str("\r\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeZone, Utc};

    #[test]
    fn fields_with_commas_quotes_or_newlines_are_quoted() {
        assert_eq!(field("plain"), "plain");
        assert_eq!(field("a,b"), "\"a,b\"");
        assert_eq!(field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(field("two\nlines"), "\"two\nlines\"");
    }

    #[test]
    fn spreadsheet_formulas_are_defused() {
        assert_eq!(field("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(field("+1"), "'+1");
        assert_eq!(field("@SUM(A1)"), "'@SUM(A1)");
    }

    #[test]
    fn a_line_renders_in_header_order() {
        let line = AuditLine {
            at: Utc.with_ymd_and_hms(2026, 11, 27, 9, 30, 0).single().expect("valid time"),
            staff_name: Some("Sam Nurse".into()),
            staff_username: Some("sam".into()),
            establishment: Some("LEI".into()),
            prison_number: Some("A1006AA".into()),
            patient_name: Some("DOYLE, Sean".into()),
            action: "patient.banner.read".into(),
            outcome: "allowed".into(),
            detail: String::new(),
        };
        let csv = render(&[line]);
        let mut rows = csv.split("\r\n");
        assert_eq!(rows.next(), Some(HEADER.join(",").as_str()));
        assert_eq!(
            rows.next(),
            Some(
                "2026-11-27T09:30:00+00:00,Sam Nurse,sam,LEI,A1006AA,\"DOYLE, Sean\",patient.banner.read,Opened the record,allowed,"
            )
        );
    }
}
