//! The second-stage health assessment (NICE NG57), within 7 days of reception: a fuller look at
//! physical and mental health, substance misuse, blood-borne viruses, immunisations, dental,
//! optical and social care needs, ending in a plan. Checked the same way in the browser and on
//! the server.

use serde::{Deserialize, Serialize};

use super::screening::{one_of, title};
use super::{FieldProblem, first_problem, text_problem};

pub const SMOKING: [(&str, &str); 3] =
    [("never", "Never smoked"), ("ex", "Ex-smoker"), ("smoker", "Smokes: nicotine replacement offered")];
pub const BBV_TESTING: [(&str, &str); 4] = [
    ("accepted", "Offered and accepted"),
    ("declined", "Offered and declined"),
    ("known", "Already diagnosed and under care"),
    ("not_offered", "Not offered today"),
];
pub const IMMUNISATIONS: [(&str, &str); 4] = [
    ("up_to_date", "Up to date"),
    ("offered", "Due ones offered (e.g. hepatitis B, MMR, flu)"),
    ("declined", "Offered and declined"),
    ("unknown", "Not known: records requested"),
];
pub const DENTAL: [(&str, &str); 3] = [
    ("none", "No needs"),
    ("routine", "Routine dental appointment"),
    ("urgent", "Urgent: pain, swelling or trauma"),
];
pub const OPTICAL: [(&str, &str); 2] = [("none", "No needs"), ("referral", "Optician referral")];
pub const SOCIAL_CARE: [(&str, &str); 3] = [
    ("none", "No needs"),
    ("referral", "Social care assessment requested"),
    ("existing", "Has a care and support plan"),
];
const MAX_TEXT: usize = 2_000;

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SecondStageAssessment {
    /// Systolic/diastolic in mmHg, such as `128/82`.
    pub blood_pressure: String,
    /// Beats per minute.
    pub pulse: String,
    /// Optional; with the height it gives the BMI.
    pub weight_kg: String,
    pub height_cm: String,
    pub examination: String,
    pub long_term_conditions: String,
    pub substance_misuse: String,
    pub smoking: String,
    pub mental_health: String,
    /// Learning disability, autism, ADHD, acquired brain injury.
    pub neurodiversity: String,
    pub bbv_testing: String,
    pub sexual_health: String,
    pub immunisations: String,
    pub dental: String,
    pub optical: String,
    pub social_care: String,
    pub plan: String,
}

/// A whole number within a plausible range, or `None`.
fn within(text: &str, low: f64, high: f64) -> Option<f64> {
    text.trim().parse::<f64>().ok().filter(|v| v.is_finite() && (low..=high).contains(v))
}

fn blood_pressure(text: &str) -> Option<(u32, u32)> {
    let (sys, dia) = text.trim().split_once('/')?;
    let (sys, dia): (u32, u32) = (sys.trim().parse().ok()?, dia.trim().parse().ok()?);
    ((60..=260).contains(&sys) && (30..=160).contains(&dia) && sys > dia).then_some((sys, dia))
}

impl SecondStageAssessment {
    /// Every problem, with its field, in the order the form asks.
    pub fn problems(&self) -> Vec<FieldProblem> {
        let mut found: Vec<FieldProblem> = Vec::new();
        if blood_pressure(&self.blood_pressure).is_none() {
            found.push((
                "blood_pressure",
                "Enter the blood pressure as systolic/diastolic, e.g. 128/82.".into(),
            ));
        }
        if within(&self.pulse, 30.0, 220.0).is_none_or(|p| p.fract() != 0.0) {
            found.push(("pulse", "Enter the pulse in beats a minute (30–220).".into()));
        }
        if !self.weight_kg.trim().is_empty() && within(&self.weight_kg, 25.0, 300.0).is_none() {
            found.push(("weight_kg", "Enter the weight in kilograms (25–300), or leave it blank.".into()));
        }
        if !self.height_cm.trim().is_empty() && within(&self.height_cm, 100.0, 230.0).is_none() {
            found.push(("height_cm", "Enter the height in centimetres (100–230), or leave it blank.".into()));
        }
        let mut text = |field: &'static str, value: &str, required: Option<&str>| {
            found.extend(text_problem(field, value, required, MAX_TEXT));
        };
        text(
            "examination",
            &self.examination,
            Some("Record the examination findings, or 'no abnormality found'."),
        );
        text(
            "long_term_conditions",
            &self.long_term_conditions,
            Some("Review long-term conditions, or write 'none'."),
        );
        text(
            "substance_misuse",
            &self.substance_misuse,
            Some("Follow up alcohol and drug use from reception, or write 'none'."),
        );
        text(
            "mental_health",
            &self.mental_health,
            Some("Follow up mental health from reception, or write 'none'."),
        );
        text("neurodiversity", &self.neurodiversity, None);
        let untested = self.bbv_testing == "not_offered";
        text(
            "sexual_health",
            &self.sexual_health,
            untested.then_some("Say why blood-borne virus testing was not offered, and when it will be."),
        );
        text("plan", &self.plan, Some("Write the plan: referrals, follow-up and who does what."));
        for (field, value, allowed, message) in [
            ("smoking", &self.smoking, &SMOKING[..], "Record smoking status."),
            (
                "bbv_testing",
                &self.bbv_testing,
                &BBV_TESTING[..],
                "Record whether blood-borne virus testing was offered.",
            ),
            ("immunisations", &self.immunisations, &IMMUNISATIONS[..], "Record immunisation status."),
            ("dental", &self.dental, &DENTAL[..], "Record dental needs."),
            ("optical", &self.optical, &OPTICAL[..], "Record optical needs."),
            ("social_care", &self.social_care, &SOCIAL_CARE[..], "Record social care needs."),
        ] {
            if !one_of(value, allowed) {
                found.push((field, message.to_owned()));
            }
        }
        found
    }

    pub fn validate(&self) -> Result<(), FieldProblem> {
        first_problem(self.problems())
    }

    /// Body mass index to one decimal place, when both weight and height are given.
    pub fn bmi(&self) -> Option<f64> {
        let kg = within(&self.weight_kg, 25.0, 300.0)?;
        let m = within(&self.height_cm, 100.0, 230.0)? / 100.0;
        Some((kg / (m * m) * 10.0).round() / 10.0)
    }

    pub fn summary(&self) -> String {
        let mut needs: Vec<&str> = Vec::new();
        if self.dental != "none" {
            needs.push("dental");
        }
        if self.optical != "none" {
            needs.push("optical");
        }
        if self.social_care == "referral" {
            needs.push("social care");
        }
        format!(
            "Second-stage health assessment: BP {}, pulse {}{}; BBV testing {}{}",
            self.blood_pressure.trim(),
            self.pulse.trim(),
            self.bmi().map(|b| format!(", BMI {b:.1}")).unwrap_or_default(),
            title(&self.bbv_testing, &BBV_TESTING).to_lowercase(),
            if needs.is_empty() { String::new() } else { format!("; referrals: {}", needs.join(", ")) },
        )
    }

    pub fn body(&self) -> String {
        let or_none =
            |s: &str| if s.trim().is_empty() { "none recorded".to_owned() } else { s.trim().to_owned() };
        format!(
            "Blood pressure: {} mmHg. Pulse: {}/min. Weight: {}. Height: {}.{}\nExamination: {}\nLong-term conditions: {}\nSubstance misuse: {}\nSmoking: {}\nMental health: {}\nLearning disability, autism, ADHD, brain injury: {}\nBlood-borne virus testing: {}\nSexual health: {}\nImmunisations: {}\nDental: {}\nOptical: {}\nSocial care: {}\nPlan: {}",
            self.blood_pressure.trim(),
            self.pulse.trim(),
            if self.weight_kg.trim().is_empty() {
                "not taken".to_owned()
            } else {
                format!("{} kg", self.weight_kg.trim())
            },
            if self.height_cm.trim().is_empty() {
                "not taken".to_owned()
            } else {
                format!("{} cm", self.height_cm.trim())
            },
            self.bmi().map(|b| format!(" BMI: {b:.1}.")).unwrap_or_default(),
            self.examination.trim(),
            self.long_term_conditions.trim(),
            self.substance_misuse.trim(),
            title(&self.smoking, &SMOKING),
            self.mental_health.trim(),
            or_none(&self.neurodiversity),
            title(&self.bbv_testing, &BBV_TESTING),
            or_none(&self.sexual_health),
            title(&self.immunisations, &IMMUNISATIONS),
            title(&self.dental, &DENTAL),
            title(&self.optical, &OPTICAL),
            title(&self.social_care, &SOCIAL_CARE),
            self.plan.trim(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn complete() -> SecondStageAssessment {
        SecondStageAssessment {
            blood_pressure: "128/82".into(),
            pulse: "72".into(),
            weight_kg: "80".into(),
            height_cm: "180".into(),
            examination: "No abnormality found".into(),
            long_term_conditions: "Asthma: well controlled".into(),
            substance_misuse: "Alcohol only; no withdrawal".into(),
            smoking: "smoker".into(),
            mental_health: "Low mood, GP review".into(),
            bbv_testing: "accepted".into(),
            immunisations: "offered".into(),
            dental: "routine".into(),
            optical: "none".into(),
            social_care: "none".into(),
            plan: "GP review of mood in 2 weeks".into(),
            ..Default::default()
        }
    }

    #[test]
    fn a_complete_assessment_passes() {
        assert_eq!(complete().problems(), vec![]);
    }

    #[test]
    fn a_blank_assessment_names_every_required_answer_in_form_order() {
        let fields: Vec<&str> =
            SecondStageAssessment::default().problems().into_iter().map(|p| p.0).collect();
        assert_eq!(
            fields,
            [
                "blood_pressure",
                "pulse",
                "examination",
                "long_term_conditions",
                "substance_misuse",
                "mental_health",
                "plan",
                "smoking",
                "bbv_testing",
                "immunisations",
                "dental",
                "optical",
                "social_care"
            ]
        );
    }

    #[test]
    fn implausible_observations_are_refused() {
        for bp in ["128", "82/128", "300/90", "120/20", "abc/def"] {
            let a = SecondStageAssessment { blood_pressure: bp.into(), ..complete() };
            assert_eq!(a.validate().map_err(|e| e.0), Err("blood_pressure"), "{bp}");
        }
        assert_eq!(
            SecondStageAssessment { pulse: "72.5".into(), ..complete() }.validate().map_err(|e| e.0),
            Err("pulse")
        );
        assert_eq!(
            SecondStageAssessment { weight_kg: "8".into(), ..complete() }.validate().map_err(|e| e.0),
            Err("weight_kg")
        );
        assert_eq!(
            SecondStageAssessment { height_cm: "6".into(), ..complete() }.validate().map_err(|e| e.0),
            Err("height_cm")
        );
    }

    #[test]
    fn blood_borne_virus_testing_not_offered_needs_a_reason() {
        let a = SecondStageAssessment { bbv_testing: "not_offered".into(), ..complete() };
        assert_eq!(a.validate().map_err(|e| e.0), Err("sexual_health"));
        let a = SecondStageAssessment { sexual_health: "Unwell today; offer at GP review".into(), ..a };
        assert_eq!(a.validate(), Ok(()));
    }

    #[test]
    fn weight_and_height_give_the_bmi_and_the_summary_names_referrals() {
        let a = complete();
        assert_eq!(a.bmi(), Some(24.7));
        assert_eq!(
            a.summary(),
            "Second-stage health assessment: BP 128/82, pulse 72, BMI 24.7; BBV testing offered and accepted; referrals: dental"
        );
        assert_eq!(SecondStageAssessment { height_cm: String::new(), ..a }.bmi(), None);
    }
}
