//! The shape of the matrix: one row per server function, saying how to call it for a patient and
//! what each role should get in each situation. Expectations are written out as grids of letters
//! so that a reader checks them against policy, not against the code that enforces it.

use app::domain::Role;

use crate::support::server_fns::{Call, Outcome};
use crate::support::situations::{MatrixWorld, Situation, Subject};

/// What a cell expects.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Expect {
    /// `A`: anything but an access refusal or a sign-in error (a success, or a rejection on the
    /// merits of the request, which the function only reaches once access was granted).
    Allowed,
    /// `R`: `AppError::Refused`.
    Refused,
    /// `F`: `AppError::NotFound`.
    NotFound,
    /// `S`: a sign-in error.
    SignIn,
}

impl Expect {
    fn from_letter(letter: char) -> Self {
        match letter {
            'A' => Expect::Allowed,
            'R' => Expect::Refused,
            'F' => Expect::NotFound,
            'S' => Expect::SignIn,
            other => panic!("unknown expectation letter {other:?}"),
        }
    }

    pub fn matches(self, outcome: &Outcome) -> bool {
        match self {
            Expect::Allowed => matches!(outcome, Outcome::Succeeded | Outcome::Rejected(_)),
            Expect::Refused => matches!(outcome, Outcome::Refused(_)),
            Expect::NotFound => matches!(outcome, Outcome::NotFound),
            Expect::SignIn => matches!(outcome, Outcome::SignIn(_)),
        }
    }
}

/// One line of letters, one per role in the order of [`Role::ALL`]; spaces are for the eye.
fn line(letters: &str) -> Vec<Expect> {
    let cells: Vec<Expect> =
        letters.chars().filter(|c| !c.is_whitespace()).map(Expect::from_letter).collect();
    assert_eq!(cells.len(), Role::ALL.len(), "{letters:?} needs one letter per role");
    cells
}

/// Lines for a function about a patient, one per [`Situation::ALL`]; for one about no patient,
/// a single line.
pub enum Grid {
    Patient([&'static str; 7]),
    NoPatient(&'static str),
}

impl Grid {
    pub fn expect(&self, situation: Option<Situation>, role_index: usize) -> Expect {
        match (self, situation) {
            (Grid::Patient(lines), Some(s)) => {
                let i = Situation::ALL.iter().position(|x| *x == s).expect("situation in the grid");
                line(lines[i])[role_index]
            }
            (Grid::NoPatient(one), None) => line(one)[role_index],
            _ => unreachable!("patient grids are asked about situations, others are not"),
        }
    }

    pub fn situations(&self) -> Vec<Option<Situation>> {
        match self {
            Grid::Patient(_) => Situation::ALL.into_iter().map(Some).collect(),
            Grid::NoPatient(_) => vec![None],
        }
    }
}

/// How much a row's calls may share; writes that move the patient must not leak into other cells.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fresh {
    /// Reads: one patient per situation for every such row.
    Shared,
    /// Writes that leave the patient where they are: a new patient per row and situation.
    PerRow,
    /// Moves the patient or ends the session: a new patient and a newly signed-in user per cell.
    PerCell,
}

/// What a request builder sees.
pub struct Ctx<'a> {
    pub world: &'a MatrixWorld,
    pub subject: &'a Subject,
    pub role: Role,
}

pub struct Row {
    pub endpoint: &'static str,
    pub grid: Grid,
    /// What a caller who is not signed in gets.
    pub signed_out: Expect,
    pub fresh: Fresh,
    pub request: fn(&Ctx) -> Call,
}

impl Row {
    pub fn fresh(mut self, fresh: Fresh) -> Self {
        self.fresh = fresh;
        self
    }

    pub fn signed_out(mut self, expect: Expect) -> Self {
        self.signed_out = expect;
        self
    }
}

/// A function about a patient; reads share patients unless told otherwise.
pub fn patient(endpoint: &'static str, grid: [&'static str; 7], request: fn(&Ctx) -> Call) -> Row {
    Row { endpoint, grid: Grid::Patient(grid), signed_out: Expect::SignIn, fresh: Fresh::Shared, request }
}

/// A function about a patient that writes to the record.
pub fn patient_write(endpoint: &'static str, grid: [&'static str; 7], request: fn(&Ctx) -> Call) -> Row {
    patient(endpoint, grid, request).fresh(Fresh::PerRow)
}

/// A function about no patient (lists, options, reports, the session).
pub fn no_patient(endpoint: &'static str, roles: &'static str, request: fn(&Ctx) -> Call) -> Row {
    Row { endpoint, grid: Grid::NoPatient(roles), signed_out: Expect::SignIn, fresh: Fresh::Shared, request }
}

// Roles in every line, in the order of `Role::ALL`:
//     nurse, healthcare assistant, pharmacist, prescriber, healthcare manager, administrator.
// Situations in every grid, in the order of `Situation::ALL`:
//     at my establishment, elsewhere, in transit to me, in transit from me, transferred away, released,
//     … and break-glass active (the patient at Moorland, the user with open break-glass access).

/// Reading the whole record: the holding establishment, and both ends of a journey.
pub const READ: [&str; 7] = [
    "A A A A A R", // at my establishment
    "R R R R R R", // elsewhere
    "A A A A A R", // in transit to me
    "A A A A A R", // in transit from me
    "R R R R R R", // transferred away
    "R R R R R R", // released
    "A A A A A R", // break-glass active: read only
];

/// A bulk copy of the whole record (the FHIR export): as [`READ`], but not under break-glass, which
/// is for emergency reading, not for copying the record (docs/security/review-2026-12.md, item 8).
pub const EXPORT: [&str; 7] = [
    "A A A A A R", // at my establishment
    "R R R R R R", // elsewhere
    "A A A A A R", // in transit to me
    "A A A A A R", // in transit from me
    "R R R R R R", // transferred away
    "R R R R R R", // released
    "R R R R R R", // break-glass active: refused
];

/// Reading what this establishment recorded: as [`READ`], and for a while after the patient left.
pub const READ_OWN_ENTRIES: [&str; 7] = [
    "A A A A A R", // at my establishment
    "R R R R R R", // elsewhere
    "A A A A A R", // in transit to me
    "A A A A A R", // in transit from me
    "A A A A A R", // transferred away
    "A A A A A R", // released
    "A A A A A R", // break-glass active
];

/// Adding to the record: only the establishment holding the patient, so the record never forks.
pub const WRITE: [&str; 7] = [
    "A A A A A R", // at my establishment
    "R R R R R R", // elsewhere
    "R R R R R R", // in transit to me
    "R R R R R R", // in transit from me
    "R R R R R R", // transferred away
    "R R R R R R", // released
    "R R R R R R", // break-glass active: read only
];

/// Recording a movement (receive, redirect): either end of a journey.
pub const MOVE: [&str; 7] = [
    "A A A A A R", // at my establishment
    "R R R R R R", // elsewhere
    "A A A A A R", // in transit to me
    "A A A A A R", // in transit from me
    "R R R R R R", // transferred away
    "R R R R R R", // released
    "R R R R R R", // break-glass active: read only
];

/// The discharge page: the holding establishment sees the record to release from, and an
/// establishment the patient left sees the summary it wrote. `F` is not a hidden refusal: access
/// was granted (and audited), and there is simply no summary by this establishment to show, because
/// the patient travelled rather than being released from here.
pub const DISCHARGE_VIEW: [&str; 7] = [
    "A A A A A R", // at my establishment
    "R R R R R R", // elsewhere
    "F F F F F R", // in transit to me
    "F F F F F R", // in transit from me
    "F F F F F R", // transferred away
    "A A A A A R", // released
    "F F F F F R", // break-glass active: nothing written here
];

/// Prescribing decisions (prescribe, stop, OST review, reconcile): prescribers at the holding
/// establishment.
pub const PRESCRIBE: [&str; 7] = [
    "R R R A R R", // at my establishment
    "R R R R R R", // elsewhere
    "R R R R R R", // in transit to me
    "R R R R R R", // in transit from me
    "R R R R R R", // transferred away
    "R R R R R R", // released
    "R R R R R R", // break-glass active
];

/// Giving or supplying medicines: everyone clinical but healthcare assistants.
pub const ADMINISTER: [&str; 7] = [
    "A R A A A R", // at my establishment
    "R R R R R R", // elsewhere
    "R R R R R R", // in transit to me
    "R R R R R R", // in transit from me
    "R R R R R R", // transferred away
    "R R R R R R", // released
    "R R R R R R", // break-glass active
];

/// An entry a tablet recorded offline: as giving medicines where the patient is held; where the
/// patient has moved since (in transit, transferred, released) the entry is accepted and kept as a
/// conflict for the nurses who recorded it, never applied. Elsewhere it is refused.
pub const OFFLINE_ENTRY: [&str; 7] = [
    "A R A A A R", // at my establishment
    "R R R R R R", // elsewhere
    "R R R R R R", // in transit to me
    "A R A A A R", // in transit from me
    "A R A A A R", // transferred away
    "A R A A A R", // released
    "R R R R R R", // break-glass active
];

/// The tablet's offline key and the establishment's offline conflicts: those who give medicines.
pub const ADMINISTERS: &str = "A R A A A R";

/// Confirming a patient fit to travel: registered clinicians (nurse, prescriber, manager).
pub const CONFIRM_FIT: [&str; 7] = [
    "A R R A A R", // at my establishment
    "R R R R R R", // elsewhere
    "R R R R R R", // in transit to me
    "R R R R R R", // in transit from me
    "R R R R R R", // transferred away
    "R R R R R R", // released
    "R R R R R R", // break-glass active
];

/// Releasing a patient (it stops every prescription): a nurse, prescriber or manager of the
/// establishment holding them; never a healthcare assistant or pharmacist (issue 21, item 4).
pub const RELEASE: [&str; 7] = [
    "A R R A A R", // at my establishment
    "R R R R R R", // elsewhere
    "R R R R R R", // in transit to me
    "R R R R R R", // in transit from me
    "R R R R R R", // transferred away
    "R R R R R R", // released
    "R R R R R R", // break-glass active
];

/// Establishment lists and reports with patient details: clinical roles.
pub const CLINICAL: &str = "A A A A A R";
/// Reference data, establishment policy with no patient in it, and the user's own session:
/// everyone signed in.
pub const EVERYONE: &str = "A A A A A A";
/// The never-in-possession list and controlled-drug stock: pharmacists and managers.
pub const MEDICINES_STOCK: &str = "R R A R A R";

/// Asking for break-glass: any clinician, for any patient (where they already have access the
/// answer is a rejection on the merits: "not needed").
pub const BREAK_GLASS: [&str; 7] = [
    "A A A A A R", // at my establishment
    "A A A A A R", // elsewhere
    "A A A A A R", // in transit to me
    "A A A A A R", // in transit from me
    "A A A A A R", // transferred away
    "A A A A A R", // released
    "A A A A A R", // break-glass active
];

/// A patient's audit trail: healthcare managers who may read the record (or their own
/// establishment's part of it).
pub const MANAGER_AUDIT: [&str; 7] = [
    "R R R R A R", // at my establishment
    "R R R R R R", // elsewhere
    "R R R R A R", // in transit to me
    "R R R R A R", // in transit from me
    "R R R R A R", // transferred away
    "R R R R A R", // released
    // Not opened by break-glass: the trail is governance, not emergency reading (review item 8).
    "R R R R R R", // break-glass active
];
/// Establishment governance reports: healthcare managers.
pub const MANAGER: &str = "R R R R A R";
