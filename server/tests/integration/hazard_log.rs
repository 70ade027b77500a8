//! The hazard log (docs/safety/hazard-log.md) is checked with the tests, so it cannot drift from
//! the code: every hazard has controls, every control names the tests that prove it (or says
//! plainly that it is not yet provided), every named test exists, every `haz_NN_…` test belongs
//! to a hazard in the log, and the safety case summarises exactly the hazards in the log.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

const LOG: &str = "docs/safety/hazard-log.md";
const SAFETY_CASE: &str = "docs/safety/safety-case.md";
/// Rust tests anywhere under these folders are searched; a `haz_` test in any of them must
/// belong to a hazard in the log.
const RUST_FOLDERS: [&str; 3] = ["app/src", "server/src", "server/tests"];
const PLAYWRIGHT_FOLDER: &str = "end2end/tests";
const FIELDS: [&str; 7] = [
    "Description",
    "Cause",
    "Effect on the patient",
    "Before controls",
    "Controls",
    "After controls",
    "Residual risk",
];
const SEVERITY: [&str; 5] = ["Minor", "Significant", "Considerable", "Major", "Catastrophic"];
const LIKELIHOOD: [&str; 5] = ["Very low", "Low", "Medium", "High", "Very high"];
const RISK: [&str; 5] = ["Acceptable", "Tolerable", "Undesirable", "Mandatory reduction", "Unacceptable"];
/// DCB0129-style risk matrix: `MATRIX[likelihood - 1][severity - 1]`.
const MATRIX: [[u8; 5]; 5] =
    [[1, 1, 2, 2, 3], [1, 2, 2, 3, 4], [2, 2, 3, 3, 4], [2, 3, 3, 4, 5], [3, 4, 4, 5, 5]];

#[derive(Debug, Default)]
struct Hazard {
    id: String,
    title: String,
    fields: BTreeMap<String, String>,
    controls: Vec<Control>,
}

#[derive(Debug, Default)]
struct Control {
    text: String,
    tests: Vec<(String, String)>,
    not_yet_provided: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Risk {
    severity: u8,
    likelihood: u8,
    rating: u8,
}

/// The files the log may name, by path from the repository root.
type Sources = BTreeMap<String, String>;

/// Reads the hazards from the log. Lines that break the structure are problems, not skipped.
fn parse(log: &str) -> (Vec<Hazard>, Vec<String>) {
    let mut hazards: Vec<Hazard> = Vec::new();
    let mut problems = Vec::new();
    let mut in_controls = false;
    // Inside a hazard's section; any other `## ` heading ends it.
    let mut open = false;
    for (n, line) in log.lines().enumerate() {
        let at = format!("{LOG}:{}", n + 1);
        if let Some(heading) = line.strip_prefix("## ") {
            in_controls = false;
            open = heading.starts_with("HAZ-");
            if let Some(rest) = heading.strip_prefix("HAZ-") {
                let (number, title) = rest.split_once(' ').unwrap_or((rest, ""));
                if number.len() != 2 || !number.chars().all(|c| c.is_ascii_digit()) {
                    problems.push(format!("{at}: hazard ids are HAZ- and two digits: {heading}"));
                }
                if title.trim().is_empty() {
                    problems.push(format!("{at}: HAZ-{number} has no title"));
                }
                hazards.push(Hazard {
                    id: format!("HAZ-{number}"),
                    title: title.trim().to_owned(),
                    ..Default::default()
                });
            }
            continue;
        }
        let Some(hazard) = hazards.last_mut().filter(|_| open) else { continue };
        if line.starts_with("# ") {
            problems.push(format!("{at}: a top-level heading inside {}", hazard.id));
            continue;
        }
        if let Some(field) = line.strip_prefix("- **") {
            let Some((name, value)) = field.split_once(":**") else {
                problems.push(format!("{at}: a field is written `- **Name:** value`"));
                continue;
            };
            in_controls = name == "Controls";
            if hazard.fields.insert(name.to_owned(), value.trim().to_owned()).is_some() {
                problems.push(format!("{at}: {} has {name} twice", hazard.id));
            }
            continue;
        }
        let trimmed = line.trim_start();
        if trimmed.is_empty() {
            continue;
        }
        if !in_controls {
            problems.push(format!("{at}: text outside a field in {}: {trimmed}", hazard.id));
            continue;
        }
        let indent = line.len() - trimmed.len();
        if let Some(evidence) = trimmed.strip_prefix("- ").filter(|_| indent >= 4) {
            let Some(control) = hazard.controls.last_mut() else {
                problems.push(format!("{at}: evidence before any control in {}", hazard.id));
                continue;
            };
            if let Some(reference) = evidence.strip_prefix("test: ") {
                match reference.split_once("::") {
                    Some((file, name)) if !file.is_empty() && !name.trim().is_empty() => {
                        control.tests.push((file.to_owned(), name.trim().to_owned()))
                    }
                    _ => problems.push(format!("{at}: a test is named `test: <file>::<test>`: {reference}")),
                }
            } else if let Some(why) = evidence.strip_prefix("not yet provided: ") {
                control.not_yet_provided = Some(why.trim().to_owned());
            } else {
                problems.push(format!("{at}: evidence is `test: …` or `not yet provided: …`: {evidence}"));
            }
        } else if let Some((number, text)) = trimmed.split_once(". ")
            && indent >= 2
            && !number.is_empty()
            && number.chars().all(|c| c.is_ascii_digit())
        {
            hazard.controls.push(Control { text: text.trim().to_owned(), ..Default::default() });
        } else {
            problems.push(format!(
                "{at}: not a control (`  1. …`) or its evidence (`     - test: …`): {trimmed}"
            ));
        }
    }
    (hazards, problems)
}

/// `severity 4 (Major) × likelihood 3 (Medium) = risk 3 (Undesirable)`, checked against the matrix.
fn risk(text: &str) -> Result<Risk, String> {
    fn part(text: &str, label: &str, words: &[&str; 5]) -> Result<u8, String> {
        let rest = text
            .trim()
            .strip_prefix(label)
            .ok_or_else(|| format!("expected `{label} N (Word)` in `{text}`"))?;
        let (number, word) = rest.trim().split_once(' ').ok_or_else(|| format!("no word in `{text}`"))?;
        let value: u8 = number.parse().map_err(|_| format!("`{number}` is not a number from 1 to 5"))?;
        let expected = words
            .get(usize::from(value).wrapping_sub(1))
            .ok_or_else(|| format!("{label} {value} is outside 1 to 5"))?;
        if word.trim() != format!("({expected})") {
            return Err(format!("{label} {value} is ({expected}), not {}", word.trim()));
        }
        Ok(value)
    }
    let (severity, rest) = text.split_once(" × ").ok_or_else(|| format!("expected `×` in `{text}`"))?;
    let (likelihood, rating) = rest.split_once(" = ").ok_or_else(|| format!("expected `=` in `{text}`"))?;
    let risk = Risk {
        severity: part(severity, "severity", &SEVERITY)?,
        likelihood: part(likelihood, "likelihood", &LIKELIHOOD)?,
        rating: part(rating, "risk", &RISK)?,
    };
    let expected = MATRIX[usize::from(risk.likelihood) - 1][usize::from(risk.severity) - 1];
    if risk.rating != expected {
        return Err(format!(
            "severity {} × likelihood {} is risk {expected} on the matrix, not {}",
            risk.severity, risk.likelihood, risk.rating
        ));
    }
    Ok(risk)
}

/// The `haz_NN` hazard number a test's name refers to, if it is a hazard test.
fn hazard_of(test: &str) -> Option<String> {
    let number = test.strip_prefix("haz_")?.split('_').next()?;
    Some(format!("HAZ-{number}"))
}

/// The test functions of a Rust file, each with whether it is ignored. A function is a test when
/// `#[test]` or `#[tokio::test]` stands among the attributes just above it, or it is written
/// inside a `proptest!` block.
fn rust_tests(source: &str) -> BTreeMap<String, bool> {
    let lines: Vec<&str> = source.lines().collect();
    let mut tests = BTreeMap::new();
    let mut proptest_depth: Option<i64> = None;
    let mut depth: i64 = 0;
    for (i, line) in lines.iter().enumerate() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("proptest!") && proptest_depth.is_none() {
            proptest_depth = Some(depth);
        }
        let signature = ["fn ", "async fn ", "pub fn ", "pub async fn "]
            .iter()
            .find_map(|prefix| trimmed.strip_prefix(prefix))
            .and_then(|rest| rest.split(|c: char| !(c.is_alphanumeric() || c == '_')).next())
            .filter(|name| !name.is_empty());
        if let Some(name) = signature {
            let mut attributes = lines[..i]
                .iter()
                .rev()
                .map(|l| l.trim())
                .take_while(|l| l.starts_with("#[") || l.starts_with("//"));
            let (mut test, mut ignored) = (proptest_depth.is_some(), false);
            for attribute in attributes.by_ref() {
                test |= attribute == "#[test]" || attribute.starts_with("#[tokio::test");
                ignored |= attribute.starts_with("#[ignore");
            }
            if test {
                tests.insert(name.to_owned(), ignored);
            }
        }
        depth += line.matches('{').count() as i64 - line.matches('}').count() as i64;
        if proptest_depth.is_some_and(|d| depth <= d && line.contains('}')) {
            proptest_depth = None;
        }
    }
    tests
}

/// Everything wrong with the log against the sources; empty when the log holds.
fn check(log: &str, sources: &Sources) -> Vec<String> {
    let (hazards, mut problems) = parse(log);
    if hazards.is_empty() {
        problems.push(format!("{LOG} lists no hazards"));
    }
    let ids: BTreeSet<&str> = hazards.iter().map(|h| h.id.as_str()).collect();
    if ids.len() != hazards.len() {
        problems.push("a hazard id is used twice".to_owned());
    }
    let mut referenced: BTreeSet<(String, String)> = BTreeSet::new();
    for hazard in &hazards {
        let id = &hazard.id;
        for field in FIELDS {
            if hazard.fields.get(field).is_none_or(|v| v.is_empty() && field != "Controls") {
                problems.push(format!("{id}: {field} is missing"));
            }
        }
        let before = hazard.fields.get("Before controls").map(|t| risk(t));
        let after = hazard.fields.get("After controls").map(|t| risk(t));
        for (when, result) in [("before controls", &before), ("after controls", &after)] {
            if let Some(Err(e)) = result {
                problems.push(format!("{id}: risk {when}: {e}"));
            }
        }
        if let (Some(Ok(before)), Some(Ok(after))) = (&before, &after)
            && after.rating > before.rating
        {
            problems.push(format!("{id}: the risk after controls is higher than before"));
        }
        if hazard.controls.is_empty() {
            problems.push(format!("{id}: no controls"));
        }
        let mut named_after_hazard = false;
        for (n, control) in hazard.controls.iter().enumerate() {
            let which = format!("{id} control {}", n + 1);
            match (control.tests.is_empty(), &control.not_yet_provided) {
                (true, None) => problems.push(format!(
                    "{which} ({}) names no test and is not marked `not yet provided`",
                    control.text
                )),
                (false, Some(_)) => problems
                    .push(format!("{which}: a control is proven by tests or not yet provided, not both")),
                (true, Some(why)) if why.is_empty() => {
                    problems.push(format!("{which}: say why it is not yet provided"))
                }
                _ => {}
            }
            for (file, name) in &control.tests {
                referenced.insert((file.clone(), name.clone()));
                named_after_hazard |= hazard_of(name).as_deref() == Some(id.as_str());
                if let Some(other) = hazard_of(name).filter(|h| h != id) {
                    problems.push(format!("{which}: {name} is named after {other}, not {id}"));
                }
                let Some(source) = sources.get(file) else {
                    problems.push(format!("{which}: {file} does not exist"));
                    continue;
                };
                if file.ends_with(".rs") {
                    match rust_tests(source).get(name) {
                        None => problems.push(format!("{which}: no test `{name}` in {file}")),
                        Some(true) => problems.push(format!("{which}: {file}::{name} is ignored")),
                        Some(false) => {}
                    }
                } else if file.ends_with(".spec.ts") {
                    let titled =
                        ['"', '\'', '`'].iter().any(|q| source.contains(&format!("test({q}{name}{q}")));
                    if !titled {
                        problems.push(format!("{which}: no Playwright test titled \"{name}\" in {file}"));
                    }
                } else {
                    problems.push(format!("{which}: {file} is neither a Rust file nor a Playwright spec"));
                }
            }
        }
        let provided = hazard.controls.iter().any(|c| !c.tests.is_empty());
        if provided && !named_after_hazard {
            problems.push(format!("{id}: no test named after it (haz_{}_…) proves any control", &id[4..]));
        }
    }
    for (file, source) in sources.iter().filter(|(f, _)| f.ends_with(".rs")) {
        for name in rust_tests(source).keys().filter(|n| n.starts_with("haz_")) {
            match hazard_of(name) {
                Some(h) if ids.contains(h.as_str()) => {
                    if !referenced.contains(&(file.clone(), name.clone())) {
                        problems.push(format!("{file}::{name} proves no control listed under {h}"));
                    }
                }
                _ => problems.push(format!("{file}::{name} refers to a hazard that is not in the log")),
            }
        }
    }
    problems
}

/// The hazards in the safety case's summary table (rows `| HAZ-NN | Title | …`), id to title.
fn summarised(case: &str) -> BTreeMap<String, String> {
    case.lines()
        .filter_map(|l| l.strip_prefix("| HAZ-"))
        .filter_map(|rest| {
            let mut cells = rest.split('|');
            Some((format!("HAZ-{}", cells.next()?.trim()), cells.next()?.trim().to_owned()))
        })
        .collect()
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("the workspace holds the server").to_path_buf()
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()))
}

fn collect(root: &Path, folder: &Path, ends_with: &str, into: &mut Sources) {
    let entries = std::fs::read_dir(folder).unwrap_or_else(|e| panic!("list {}: {e}", folder.display()));
    for entry in entries {
        let path = entry.expect("folder entry").path();
        if path.is_dir() {
            collect(root, &path, ends_with, into);
        } else if path.to_string_lossy().ends_with(ends_with) {
            let relative = path.strip_prefix(root).expect("under the root").to_string_lossy().into_owned();
            into.insert(relative, read(&path));
        }
    }
}

fn repository_sources() -> Sources {
    let root = root();
    let mut sources = Sources::new();
    for folder in RUST_FOLDERS {
        collect(&root, &root.join(folder), ".rs", &mut sources);
    }
    collect(&root, &root.join(PLAYWRIGHT_FOLDER), ".spec.ts", &mut sources);
    sources
}

#[test]
fn every_control_in_the_hazard_log_is_proven_by_a_test_that_exists() {
    let problems = check(&read(&root().join(LOG)), &repository_sources());
    assert!(problems.is_empty(), "the hazard log does not hold:\n{}", problems.join("\n"));
}

#[test]
fn the_safety_case_summarises_exactly_the_hazards_in_the_log_by_id_and_title() {
    let (hazards, _) = parse(&read(&root().join(LOG)));
    let in_log: BTreeMap<String, String> = hazards.into_iter().map(|h| (h.id, h.title)).collect();
    assert_eq!(summarised(&read(&root().join(SAFETY_CASE))), in_log);
}

// The checker itself, on small samples: each must find the one thing wrong with it.

const GOOD: &str = "# Log\n\n## HAZ-01 Wrong patient\n\n- **Description:** D.\n- **Cause:** C.\n- **Effect on the patient:** E.\n- **Before controls:** severity 4 (Major) × likelihood 4 (High) = risk 4 (Mandatory reduction)\n- **Controls:**\n  1. Look-alike names are flagged.\n     - test: app/src/look.rs::flags_look_alikes\n     - test: server/tests/hazards.rs::haz_01_flagged\n     - test: end2end/tests/rounds.spec.ts::similar names are checked\n  2. Offline sync.\n     - not yet provided: there is no offline mode.\n- **After controls:** severity 4 (Major) × likelihood 2 (Low) = risk 3 (Undesirable)\n- **Residual risk:** R.\n";

fn sample_sources() -> Sources {
    let mut sources = Sources::new();
    sources.insert(
        "app/src/look.rs".into(),
        "#[cfg(test)]\nmod tests {\n    #[test]\n    fn flags_look_alikes() {}\n}\n".into(),
    );
    sources.insert(
        "server/tests/hazards.rs".into(),
        "/// Proves it.\n#[tokio::test]\nasync fn haz_01_flagged() {}\n".into(),
    );
    sources.insert(
        "end2end/tests/rounds.spec.ts".into(),
        "test(\"similar names are checked\", async () => {});\n".into(),
    );
    sources
}

fn problems_with(log: &str, sources: &Sources) -> String {
    check(log, sources).join("\n")
}

#[test]
fn a_well_formed_sample_log_passes() {
    assert_eq!(problems_with(GOOD, &sample_sources()), "");
}

#[test]
fn a_control_with_no_test_that_is_not_marked_not_yet_provided_is_reported() {
    let log = GOOD.replace("     - not yet provided: there is no offline mode.\n", "");
    assert!(
        problems_with(&log, &sample_sources()).contains("HAZ-01 control 2 (Offline sync.) names no test")
    );
}

#[test]
fn a_hazard_with_no_controls_is_reported() {
    let start = GOOD.find("  1. ").expect("controls");
    let end = GOOD.find("- **After").expect("after");
    let log = format!("{}{}", &GOOD[..start], &GOOD[end..]);
    assert!(problems_with(&log, &sample_sources()).contains("HAZ-01: no controls"));
}

#[test]
fn a_test_named_in_the_log_that_does_not_exist_is_reported() {
    let mut sources = sample_sources();
    sources.insert("app/src/look.rs".into(), "fn flags_look_alikes() {}\n".into());
    let log = GOOD.replace("similar names are checked", "similar names are ignored");
    let problems = problems_with(&log, &sources);
    assert!(problems.contains("no test `flags_look_alikes` in app/src/look.rs"), "a helper is not a test");
    assert!(problems.contains("no Playwright test titled \"similar names are ignored\""));
}

#[test]
fn an_ignored_test_does_not_prove_a_control() {
    let mut sources = sample_sources();
    sources.insert("app/src/look.rs".into(), "#[test]\n#[ignore]\nfn flags_look_alikes() {}\n".into());
    assert!(problems_with(GOOD, &sources).contains("app/src/look.rs::flags_look_alikes is ignored"));
}

#[test]
fn a_hazard_test_for_a_hazard_not_in_the_log_is_reported() {
    let mut sources = sample_sources();
    let stray = ["#[tokio::test]", "async fn haz_99_unknown() {}"].join("\n");
    sources.insert("server/tests/other.rs".into(), stray);
    assert!(
        problems_with(GOOD, &sources).contains("haz_99_unknown refers to a hazard that is not in the log")
    );
}

#[test]
fn a_hazard_test_the_log_does_not_list_is_reported() {
    let mut sources = sample_sources();
    let unlisted = ["#[tokio::test]", "async fn haz_01_unlisted() {}"].join("\n");
    sources.insert("server/tests/other.rs".into(), unlisted);
    assert!(problems_with(GOOD, &sources).contains("haz_01_unlisted proves no control listed under HAZ-01"));
}

#[test]
fn a_hazard_whose_controls_have_no_test_named_after_it_is_reported() {
    let log = GOOD.replace("     - test: server/tests/hazards.rs::haz_01_flagged\n", "");
    let mut sources = sample_sources();
    sources.remove("server/tests/hazards.rs");
    assert!(problems_with(&log, &sources).contains("HAZ-01: no test named after it"));
}

#[test]
fn a_risk_rating_off_the_matrix_or_with_the_wrong_word_is_reported() {
    let off = GOOD.replace("risk 3 (Undesirable)", "risk 1 (Acceptable)");
    assert!(problems_with(&off, &sample_sources()).contains("is risk 3 on the matrix, not 1"));
    let word = GOOD.replace("severity 4 (Major) × likelihood 4", "severity 4 (Minor) × likelihood 4");
    assert!(problems_with(&word, &sample_sources()).contains("severity 4 is (Major), not (Minor)"));
}

#[test]
fn a_missing_field_and_stray_text_are_reported() {
    let log = GOOD.replace("- **Cause:** C.\n", "Cause: C.\n");
    let problems = problems_with(&log, &sample_sources());
    assert!(problems.contains("HAZ-01: Cause is missing"), "{problems}");
    assert!(problems.contains("text outside a field in HAZ-01"), "{problems}");
}

#[test]
fn tests_inside_a_proptest_block_count_and_helpers_after_it_do_not() {
    let source = [
        "proptest! {",
        "    fn holds(x in 0..3) {",
        "        prop_assert!(x < 3);",
        "    }",
        "}",
        "fn helper() {}",
    ];
    let tests = rust_tests(&source.join("\n"));
    assert_eq!(tests.keys().collect::<Vec<_>>(), ["holds"]);
}

#[test]
fn the_safety_case_table_is_read_by_hazard_id_and_title() {
    let case = "| Id | Hazard |\n| --- | --- |\n| HAZ-01 | Wrong patient |\n| HAZ-02 | Allergy |\n";
    let expected =
        [("HAZ-01", "Wrong patient"), ("HAZ-02", "Allergy")].map(|(i, t)| (i.to_owned(), t.to_owned()));
    assert_eq!(summarised(case), BTreeMap::from(expected));
}
