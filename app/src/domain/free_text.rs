//! The one length rule for free text a user types: every server function that takes free text
//! checks it here (and the browser, where a form checks before sending), so that no field is
//! unbounded and an oversize answer is a field error beside the field, never a failure of the
//! server. A kind may have a stricter rule of its own (a break-glass reason, a search term); none
//! is looser than its kind here.

use super::FieldProblem;

/// What a piece of free text is, and so how long it may be (in characters, not bytes).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FreeText {
    /// A name or a short label: a community prescriber, a substance, a destination.
    Line,
    /// Why something was done or not done: a cancellation, a correction's reason, an override.
    Reason,
    /// A note beside an action: a fitness-to-transfer note, a security note, a review.
    Note,
    /// The record's own text: a consultation note, or the correction that replaces one.
    Record,
}

impl FreeText {
    pub const fn max_chars(self) -> usize {
        match self {
            FreeText::Line => 200,
            FreeText::Reason => 1_000,
            FreeText::Note => 4_000,
            FreeText::Record => 20_000,
        }
    }

    fn what(self) -> &'static str {
        match self {
            FreeText::Line => "this",
            FreeText::Reason => "the reason",
            FreeText::Note | FreeText::Record => "the note",
        }
    }
}

/// The problem with `value` as free text of `kind` in `field`, if it is too long.
pub fn free_text_problem(field: &'static str, kind: FreeText, value: &str) -> Option<FieldProblem> {
    let max = kind.max_chars();
    (value.chars().count() > max)
        .then(|| (field, format!("Keep {} under {} characters.", kind.what(), thousands(max))))
}

/// As [`free_text_problem`], as a `Result` for `?` in a server function.
pub fn check_free_text(field: &'static str, kind: FreeText, value: &str) -> Result<(), FieldProblem> {
    free_text_problem(field, kind, value).map_or(Ok(()), Err)
}

fn thousands(n: usize) -> String {
    if n >= 1_000 { format!("{},{:03}", n / 1_000, n % 1_000) } else { n.to_string() }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const KINDS: [FreeText; 4] = [FreeText::Line, FreeText::Reason, FreeText::Note, FreeText::Record];

    #[test]
    fn the_limits_are_named_and_ordered() {
        assert!(FreeText::Line.max_chars() < FreeText::Reason.max_chars());
        assert!(FreeText::Reason.max_chars() < FreeText::Note.max_chars());
        assert!(FreeText::Note.max_chars() < FreeText::Record.max_chars());
        assert_eq!(
            free_text_problem("note", FreeText::Note, &"a".repeat(4_001)),
            Some(("note", "Keep the note under 4,000 characters.".to_owned()))
        );
    }

    proptest! {
        #[test]
        fn text_is_accepted_exactly_up_to_its_kind_s_limit_counted_in_characters(
            kind in prop::sample::select(KINDS.to_vec()),
            c in any::<char>(),
            extra in 0usize..3,
            under in 0usize..50,
        ) {
            let max = kind.max_chars();
            let at_limit: String = std::iter::repeat_n(c, max).collect();
            let below: String = std::iter::repeat_n(c, max.saturating_sub(under)).collect();
            let over: String = std::iter::repeat_n(c, max + 1 + extra).collect();
            prop_assert_eq!(check_free_text("f", kind, &at_limit), Ok(()));
            prop_assert_eq!(check_free_text("f", kind, &below), Ok(()));
            let problem = check_free_text("f", kind, &over);
            prop_assert!(matches!(problem, Err(("f", ref m)) if m.contains(&thousands(max))), "{problem:?}");
        }

        #[test]
        fn any_text_gets_an_answer_and_never_a_panic(kind in prop::sample::select(KINDS.to_vec()), text in ".{0,5000}") {
            let long = text.chars().count() > kind.max_chars();
            prop_assert_eq!(free_text_problem("f", kind, &text).is_some(), long);
        }
    }
}
