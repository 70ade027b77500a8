//! Unique, valid identifiers for a million people, generated from a counter.

use app::domain::NhsNumber;

const PRISON_NUMBER_SPACE: u64 = 26 * 10_000 * 676;
/// Coprime with the size of the prison-number space (2^7 · 5^4 · 13^3), so the mapping is a bijection.
const SPREAD: u64 = 48_271;

/// The `i`th prison number of a scrambled but one-to-one sequence, e.g. `K4821TQ`.
pub fn prison_number(i: u64) -> String {
    let n = (i.wrapping_mul(SPREAD).wrapping_add(12_345)) % PRISON_NUMBER_SPACE;
    let letter = char::from(b'A' + u8::try_from(n / (10_000 * 676)).unwrap_or(0));
    let rest = n % (10_000 * 676);
    let digits = rest / 676;
    let pair = rest % 676;
    let a = char::from(b'A' + u8::try_from(pair / 26).unwrap_or(0));
    let b = char::from(b'A' + u8::try_from(pair % 26).unwrap_or(0));
    format!("{letter}{digits:04}{a}{b}")
}

/// Hands out valid NHS numbers in order from 400 000 000x, skipping those with no check digit.
pub struct NhsNumbers {
    next: u32,
}

impl NhsNumbers {
    pub fn new() -> Self {
        Self { next: 400_000_000 }
    }

    pub fn next_number(&mut self) -> String {
        loop {
            let base = self.next;
            self.next += 1;
            let mut first = [0u8; 9];
            let mut v = base;
            for d in first.iter_mut().rev() {
                *d = u8::try_from(v % 10).unwrap_or(0);
                v /= 10;
            }
            if let Some(n) = NhsNumber::from_first_nine(first) {
                return n.digits();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use app::domain::PrisonNumber;
    use std::collections::HashSet;

    #[test]
    fn prison_numbers_are_valid_and_distinct() {
        let mut seen = HashSet::new();
        for i in 0..200_000 {
            let p = prison_number(i);
            assert!(PrisonNumber::parse(&p).is_ok(), "{p}");
            assert!(seen.insert(p), "duplicate at {i}");
        }
    }

    #[test]
    fn nhs_numbers_are_valid_and_distinct() {
        let mut numbers = NhsNumbers::new();
        let mut seen = HashSet::new();
        for _ in 0..50_000 {
            let n = numbers.next_number();
            assert!(NhsNumber::parse(&n).is_ok());
            assert!(seen.insert(n));
        }
    }
}
