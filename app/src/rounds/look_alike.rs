/// For each patient on a round, whether another patient on it shares their surname and first
/// initial: the classic set-up for giving one man's medicines to another.
pub fn look_alike_names<'a>(names: impl IntoIterator<Item = (&'a str, &'a str)> + Clone) -> Vec<bool> {
    let key = |given: &str, family: &str| {
        let initial = given.trim().chars().next().map(|c| c.to_lowercase().to_string()).unwrap_or_default();
        (family.trim().to_lowercase(), initial)
    };
    let keys: Vec<(String, String)> = names.into_iter().map(|(g, f)| key(g, f)).collect();
    keys.iter().map(|k| keys.iter().filter(|other| *other == k).count() > 1).collect()
}

#[cfg(test)]
mod tests {
    use super::look_alike_names;

    #[test]
    fn jon_and_john_smith_on_one_round_are_both_flagged() {
        let names = [("Jon", "Smith"), ("John", "SMITH"), ("Jane", "Doe"), ("Peter", "Smith")];
        assert_eq!(look_alike_names(names.iter().copied()), vec![true, true, false, false]);
    }

    #[test]
    fn nobody_is_flagged_against_themself() {
        assert_eq!(look_alike_names([("Ann", "Lee")].iter().copied()), vec![false]);
    }
}
