//! The controlled-drug rules a dose follows, by the product's schedule under the Misuse of Drugs
//! Regulations 2001.

/// Schedule 2 and 3 controlled drugs need a second person to witness each dose given, and a
/// register entry; schedules 4 and 5 (and medicines outside the schedules) do not.
pub fn needs_witness(cd_schedule: Option<i16>) -> bool {
    matches!(cd_schedule, Some(2 | 3))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn schedules_two_and_three_are_witnessed() {
        assert!(needs_witness(Some(2)) && needs_witness(Some(3)));
        assert!(!needs_witness(Some(4)) && !needs_witness(Some(5)) && !needs_witness(None));
    }

    proptest! {
        #[test]
        fn no_other_schedule_is_witnessed(schedule in any::<i16>().prop_filter("not 2 or 3", |s| *s != 2 && *s != 3)) {
            prop_assert!(!needs_witness(Some(schedule)));
        }
    }
}
