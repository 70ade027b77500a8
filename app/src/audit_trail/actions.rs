//! Plain words for the audit's action names, so a manager reading the trail need not know them.

use crate::audit::AuditAction;

/// The words for a stored action code: every action written now has its own
/// ([`AuditAction::describe`]); a code no longer written reads "Other" (the code is shown too).
pub fn describe(code: &str) -> &'static str {
    AuditAction::from_code(code).map_or("Other", AuditAction::describe)
}

#[cfg(test)]
mod tests {
    use super::describe;

    #[test]
    fn known_actions_have_words_and_unknown_ones_say_other() {
        assert_eq!(describe("patient.banner.read"), "Opened the record");
        assert_eq!(describe("transfer.depart"), "Recorded a departure");
        assert_eq!(describe("prescription.prescribe.role"), "Tried to prescribe (not allowed for the role)");
        assert_eq!(describe("something.new"), "Other");
    }
}
