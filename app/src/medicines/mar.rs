//! The medicines administration record (MAR): prescriptions × days × round times, each cell
//! saying in words what happened, so it reads the same in colour, in print and aloud.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::domain::AdministrationOutcome;
use crate::domain::round_schedule::{london_date, london_time, round_instant};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MarEntry {
    pub outcome: AdministrationOutcome,
    pub at: DateTime<Utc>,
    pub by: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum MarCell {
    /// Not prescribed at this time on this day.
    NotDue,
    /// Due later.
    Upcoming,
    /// Due and past, and nothing recorded: a missed dose to follow up.
    NotRecorded,
    Recorded(Vec<MarEntry>),
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MarRow {
    pub product_name: String,
    pub directions: String,
    /// The round this row is for; `None` for a when-required medicine (every dose that day).
    pub round_time: Option<NaiveTime>,
    pub cells: Vec<MarCell>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MarChart {
    pub days: Vec<NaiveDate>,
    pub rows: Vec<MarRow>,
}

/// What the chart needs to know about a prescription.
#[derive(Clone, Debug)]
pub struct MarPrescription {
    pub id: Uuid,
    pub product_name: String,
    pub directions: String,
    pub round_times: Vec<NaiveTime>,
    pub prn: bool,
    pub starts_on: NaiveDate,
    /// The last day it was in force (end date or the day it was stopped).
    pub last_day: Option<NaiveDate>,
    pub stopped_at: Option<DateTime<Utc>>,
}

#[derive(Clone, Debug)]
pub struct MarAdministration {
    pub prescription_id: Uuid,
    pub scheduled_for: Option<DateTime<Utc>>,
    pub recorded_at: DateTime<Utc>,
    pub outcome: AdministrationOutcome,
    pub by: String,
}

/// Lays out the chart for `days` (oldest first) as it stands at `now`.
pub fn build_chart(
    prescriptions: &[MarPrescription],
    administrations: &[MarAdministration],
    days: Vec<NaiveDate>,
    now: DateTime<Utc>,
) -> MarChart {
    let mut by_slot: HashMap<(Uuid, NaiveDate, Option<NaiveTime>), Vec<MarEntry>> = HashMap::new();
    for a in administrations {
        let (day, time) = match a.scheduled_for {
            Some(s) => (london_date(s), Some(london_time(s))),
            None => (london_date(a.recorded_at), None),
        };
        by_slot.entry((a.prescription_id, day, time)).or_default().push(MarEntry {
            outcome: a.outcome,
            at: a.recorded_at,
            by: a.by.clone(),
        });
    }
    let mut rows = Vec::new();
    for p in prescriptions {
        let times: Vec<Option<NaiveTime>> =
            if p.prn { vec![None] } else { p.round_times.iter().copied().map(Some).collect() };
        for time in times {
            let cells = days
                .iter()
                .map(|day| {
                    if let Some(mut entries) = by_slot.remove(&(p.id, *day, time)) {
                        entries.sort_by_key(|e| e.at);
                        return MarCell::Recorded(entries);
                    }
                    let in_force = *day >= p.starts_on && p.last_day.is_none_or(|last| *day <= last);
                    let Some(time) = time else { return MarCell::NotDue };
                    let due = round_instant(*day, time);
                    if !in_force || p.stopped_at.is_some_and(|stopped| stopped <= due) {
                        MarCell::NotDue
                    } else if due > now {
                        MarCell::Upcoming
                    } else {
                        MarCell::NotRecorded
                    }
                })
                .collect();
            rows.push(MarRow {
                product_name: p.product_name.clone(),
                directions: p.directions.clone(),
                round_time: time,
                cells,
            });
        }
    }
    MarChart { days, rows }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, d).expect("date")
    }

    fn eight() -> NaiveTime {
        NaiveTime::from_hms_opt(8, 0, 0).expect("time")
    }

    fn prescription(prn: bool) -> MarPrescription {
        MarPrescription {
            id: Uuid::from_u128(1),
            product_name: "Sertraline 50mg tablets".into(),
            directions: "1 tablet oral at 08:00".into(),
            round_times: if prn { vec![] } else { vec![eight()] },
            prn,
            starts_on: day(20),
            last_day: None,
            stopped_at: None,
        }
    }

    #[test]
    fn given_refused_missing_and_upcoming_doses_each_read_as_what_they_are() {
        let now = Utc.with_ymd_and_hms(2026, 11, 22, 7, 0, 0).single().expect("now");
        let given = MarAdministration {
            prescription_id: Uuid::from_u128(1),
            scheduled_for: Some(round_instant(day(20), eight())),
            recorded_at: Utc.with_ymd_and_hms(2026, 11, 20, 8, 5, 0).single().expect("at"),
            outcome: AdministrationOutcome::Given,
            by: "Nurse".into(),
        };
        let chart =
            build_chart(&[prescription(false)], &[given], vec![day(19), day(20), day(21), day(22)], now);
        let cells = &chart.rows[0].cells;
        assert_eq!(cells[0], MarCell::NotDue, "before it started");
        assert!(matches!(&cells[1], MarCell::Recorded(e) if e[0].outcome == AdministrationOutcome::Given));
        assert_eq!(cells[2], MarCell::NotRecorded, "a past dose with nothing recorded is shown as missing");
        assert_eq!(cells[3], MarCell::Upcoming);
    }

    #[test]
    fn when_required_doses_collect_in_one_row_per_day() {
        let now = Utc.with_ymd_and_hms(2026, 11, 22, 20, 0, 0).single().expect("now");
        let dose = |h| MarAdministration {
            prescription_id: Uuid::from_u128(1),
            scheduled_for: None,
            recorded_at: Utc.with_ymd_and_hms(2026, 11, 21, h, 0, 0).single().expect("at"),
            outcome: AdministrationOutcome::Given,
            by: "Nurse".into(),
        };
        let chart = build_chart(&[prescription(true)], &[dose(14), dose(9)], vec![day(21), day(22)], now);
        assert_eq!(chart.rows.len(), 1);
        match &chart.rows[0].cells[0] {
            MarCell::Recorded(entries) => {
                assert_eq!(entries.len(), 2);
                assert!(entries[0].at < entries[1].at, "in the order given");
            }
            other => panic!("expected two doses, got {other:?}"),
        }
        assert_eq!(chart.rows[0].cells[1], MarCell::NotDue);
    }

    #[test]
    fn a_stopped_prescription_is_not_due_after_it_stopped() {
        let now = Utc.with_ymd_and_hms(2026, 11, 25, 12, 0, 0).single().expect("now");
        let mut p = prescription(false);
        p.stopped_at = Some(Utc.with_ymd_and_hms(2026, 11, 22, 12, 0, 0).single().expect("stopped"));
        let chart = build_chart(&[p], &[], vec![day(22), day(23)], now);
        assert_eq!(chart.rows[0].cells, vec![MarCell::NotRecorded, MarCell::NotDue]);
    }
}
