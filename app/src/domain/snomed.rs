//! SNOMED CT identifiers: a concept id carries a Verhoeff check digit and a partition saying it
//! is a concept, so a mistyped id in the curated problem list is caught before it is shipped.

/// The Verhoeff dihedral group D5 multiplication table.
const D: [[u8; 10]; 10] = [
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
    [1, 2, 3, 4, 0, 6, 7, 8, 9, 5],
    [2, 3, 4, 0, 1, 7, 8, 9, 5, 6],
    [3, 4, 0, 1, 2, 8, 9, 5, 6, 7],
    [4, 0, 1, 2, 3, 9, 5, 6, 7, 8],
    [5, 9, 8, 7, 6, 0, 4, 3, 2, 1],
    [6, 5, 9, 8, 7, 1, 0, 4, 3, 2],
    [7, 6, 5, 9, 8, 2, 1, 0, 4, 3],
    [8, 7, 6, 5, 9, 3, 2, 1, 0, 4],
    [9, 8, 7, 6, 5, 4, 3, 2, 1, 0],
];

/// The Verhoeff position permutations.
const P: [[u8; 10]; 8] = [
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
    [1, 5, 7, 6, 2, 8, 3, 0, 9, 4],
    [5, 8, 0, 3, 7, 9, 6, 1, 4, 2],
    [8, 9, 1, 6, 0, 4, 3, 5, 2, 7],
    [9, 4, 5, 3, 1, 2, 6, 8, 7, 0],
    [4, 2, 8, 6, 5, 7, 3, 9, 0, 1],
    [2, 7, 9, 3, 8, 0, 6, 4, 1, 5],
    [7, 0, 4, 6, 9, 1, 3, 2, 5, 8],
];

/// True when the digits, check digit last, pass the Verhoeff check.
pub fn verhoeff_valid(digits: &str) -> bool {
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    let check = digits
        .bytes()
        .rev()
        .enumerate()
        .fold(0u8, |c, (i, b)| D[c as usize][P[i % 8][(b - b'0') as usize] as usize]);
    check == 0
}

/// A concept id: 6 to 18 digits, partition `00` (core) or `10` (an extension such as the UK's),
/// and a valid check digit.
pub fn is_concept_id(id: i64) -> bool {
    let digits = id.to_string();
    let partition = digits.len().checked_sub(3).map(|at| &digits[at..at + 2]);
    (6..=18).contains(&digits.len()) && matches!(partition, Some("00" | "10")) && verhoeff_valid(&digits)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `(id, 'term')` pairs as the problem-list migrations write them.
    fn concepts_in(sql: &str) -> Vec<(i64, String)> {
        sql.lines()
            .filter_map(|line| {
                let row = line.trim().strip_prefix('(')?;
                let (id, rest) = row.split_once(", '")?;
                let term = rest.rsplit_once("')")?.0.replace("''", "'");
                Some((id.parse().ok()?, term))
            })
            .collect()
    }

    #[test]
    fn known_concept_ids_pass_and_a_changed_digit_fails() {
        assert!(is_concept_id(138875005)); // SNOMED CT root concept
        assert!(is_concept_id(195967001)); // Asthma
        assert!(is_concept_id(1127191000000108)); // First episode psychosis (UK extension)
        assert!(!is_concept_id(195967002));
        assert!(!is_concept_id(195967011), "a description id is not a concept id");
    }

    #[test]
    fn every_concept_in_the_problem_list_has_a_valid_id_and_a_unique_term() {
        let mut all = concepts_in(include_str!("../../../migrations/20261127000009_problems.sql"));
        let first = all.len();
        all.extend(concepts_in(include_str!("../../../migrations/20261127000022_more_problem_concepts.sql")));
        assert!(first > 100 && all.len() - first >= 200, "{first} + {} concepts", all.len() - first);
        let invalid: Vec<_> = all.iter().filter(|(id, _)| !is_concept_id(*id)).collect();
        assert!(invalid.is_empty(), "not SNOMED CT concept ids: {invalid:?}");
        let mut ids: Vec<i64> = all.iter().map(|(id, _)| *id).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), all.len(), "a concept is listed twice");
        let mut terms: Vec<&str> = all.iter().map(|(_, t)| t.as_str()).collect();
        terms.sort_unstable();
        terms.dedup();
        assert_eq!(terms.len(), all.len(), "a term is listed twice");
    }
}
