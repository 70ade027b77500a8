//! Generated requests for a server function: values of each argument's declared type drawn from
//! valid, near-valid and hostile ones, with fields missing, repeated or extra, and bodies of the
//! wrong shape. Deterministic for a given random generator.

use rand::Rng;
use rand::seq::IndexedRandom;
use serde_json::{Value, json};

use super::server_fns::Call;
use super::signatures::Signature;

/// Real values from the database, so that some requests reach deep into each function.
#[derive(Clone, Debug, Default)]
pub struct Known {
    pub prison_numbers: Vec<String>,
    pub uuids: Vec<String>,
    pub product_codes: Vec<i64>,
    pub establishment_codes: Vec<String>,
    /// Whole valid requests for struct arguments, by type name.
    pub examples: std::collections::HashMap<String, Value>,
}

const HOSTILE: &[&str] = &[
    "",
    " ",
    "\0",
    "'; DROP TABLE patient; --",
    "' OR '1'='1",
    "\" OR \"\"=\"",
    "1; SELECT pg_sleep(5)",
    "%' AND 1=0 UNION SELECT NULL --",
    "<script>alert(1)</script>",
    "\"><img src=x onerror=alert(1)>",
    "{{7*7}}",
    "${jndi:ldap://x}",
    "../../../../etc/passwd",
    "%00%0d%0a",
    "\u{202e}gnp.exe",
    "Ünïcödé ✓ 🧪 \u{200b}\u{fe0f} ﷽",
    "NaN",
    "-0",
    "1e308",
    "null",
    "true",
    "[]",
    "{}",
    "\\",
    "\t\n\r",
    "\u{ffff}\u{fffe}",
];

fn hostile_string(rng: &mut impl Rng) -> String {
    match rng.random_range(0..10) {
        0 => "x".repeat(rng.random_range(1_000..200_000)),
        1 => (0..rng.random_range(1..64)).map(|_| rng.random::<char>()).collect(),
        2 => "é".repeat(rng.random_range(100..5_000)),
        3 => rng.random::<i64>().to_string(),
        _ => HOSTILE.choose(rng).copied().unwrap_or_default().to_owned(),
    }
}

fn pick<T: Clone>(rng: &mut impl Rng, items: &[T], otherwise: T) -> T {
    items.choose(rng).cloned().unwrap_or(otherwise)
}

/// A string for an argument of declared type `ty` (as the form carries it).
fn text_for(rng: &mut impl Rng, name: &str, ty: &str, known: &Known) -> String {
    let inner = ty.strip_prefix("Option<").and_then(|t| t.strip_suffix('>')).unwrap_or(ty);
    if rng.random_bool(0.3) {
        return hostile_string(rng);
    }
    match inner {
        "Uuid" => match rng.random_range(0..5) {
            0 => uuid::Uuid::from_u128(rng.random()).to_string(),
            1 => "00000000-0000-0000-0000-000000000000".into(),
            2 => pick(
                rng,
                &["1234", "zzzzzzzz-zzzz-zzzz-zzzz-zzzzzzzzzzzz", "{00000000-0000-0000-0000-000000000000}"],
                "",
            )
            .into(),
            _ => pick(rng, &known.uuids, String::new()),
        },
        "i64" => match rng.random_range(0..4) {
            0 => pick(rng, &known.product_codes, 0).to_string(),
            1 => pick(
                rng,
                &["9223372036854775807", "-9223372036854775808", "9223372036854775808", "0x10", "1.5"],
                "",
            )
            .into(),
            _ => rng.random::<i64>().to_string(),
        },
        "u32" => pick(rng, &["7", "28", "0", "-1", "4294967295", "4294967296", "7.0"], "7").into(),
        "NaiveDate" => pick(
            rng,
            &[
                "2026-02-28",
                "2026-02-30",
                "0000-01-01",
                "+275760-09-13",
                "9999-12-31",
                "2026-1-1",
                "yesterday",
            ],
            "",
        )
        .into(),
        "NaiveTime" => pick(rng, &["08:00:00", "08:00", "24:00:00", "23:59:60", "-01:00", "8"], "").into(),
        "AppointmentStatus" => pick(
            rng,
            &["attended", "did_not_attend", "refused", "cancelled", "booked", "Attended", "waiting"],
            "",
        )
        .into(),
        "CustodyMovement" => pick(
            rng,
            &["court_out", "court_return", "temporary_absence_out", "temporary_absence_return", "CourtOut"],
            "",
        )
        .into(),
        _ if name.contains("prison_number") => pick(rng, &known.prison_numbers, String::new()),
        _ if name == "to" => pick(rng, &known.establishment_codes, String::new()),
        _ => match rng.random_range(0..4) {
            0 => String::new(),
            1 => pick(rng, &known.prison_numbers, String::new()),
            _ => pick(
                rng,
                &["Review", "continue", "receipt", "moderate", "confirmed", "ACCT", "none", "low", "2", "1"],
                "x",
            )
            .into(),
        },
    }
}

/// Any JSON value, weighted toward the awkward.
fn hostile_json(rng: &mut impl Rng, depth: u32) -> Value {
    match rng.random_range(0..9) {
        0 => Value::Null,
        1 => json!(rng.random::<bool>()),
        2 => json!(rng.random::<i64>()),
        3 => json!(rng.random::<f64>() * 1e300),
        4 if depth < 3 => {
            Value::Array((0..rng.random_range(0..4)).map(|_| hostile_json(rng, depth + 1)).collect())
        }
        5 if depth < 3 => {
            let mut object = serde_json::Map::new();
            for _ in 0..rng.random_range(0..4) {
                object.insert(hostile_string(rng).chars().take(20).collect(), hostile_json(rng, depth + 1));
            }
            Value::Object(object)
        }
        _ => json!(hostile_string(rng)),
    }
}

/// A valid example with some fields spoiled, removed or added.
fn mutate(rng: &mut impl Rng, example: &Value, known: &Known) -> Value {
    let Value::Object(fields) = example else { return hostile_json(rng, 0) };
    let mut out = serde_json::Map::new();
    for (key, value) in fields {
        // Mostly one spoiled field at a time, so that the rest of the request still decodes and
        // the function gets as far as its own checks.
        match rng.random_range(0..50) {
            0 => continue,
            1 => {
                out.insert(key.clone(), hostile_json(rng, 1));
            }
            2 => {
                out.insert(key.clone(), json!(text_for(rng, key, "String", known)));
            }
            _ => {
                out.insert(key.clone(), value.clone());
            }
        }
    }
    if rng.random_bool(0.2) {
        out.insert("unexpected_field".into(), hostile_json(rng, 1));
    }
    Value::Object(out)
}

/// A JSON value for an argument of declared type `ty`.
fn json_for(rng: &mut impl Rng, name: &str, ty: &str, known: &Known) -> Value {
    let inner = ty.strip_prefix("Option<").and_then(|t| t.strip_suffix('>')).unwrap_or(ty);
    if inner != ty && rng.random_bool(0.2) {
        return Value::Null;
    }
    if rng.random_bool(0.1) {
        return hostile_json(rng, 0);
    }
    match known.examples.get(inner) {
        // A unit enum has nothing to spoil field by field: mostly its valid name.
        Some(example) if !example.is_object() && rng.random_bool(0.7) => example.clone(),
        Some(example) if rng.random_bool(0.2) => example.clone(),
        Some(example) => mutate(rng, example, known),
        None if inner.chars().next().is_some_and(char::is_uppercase) && !is_scalar(inner) => {
            hostile_json(rng, 0)
        }
        None => json!(text_for(rng, name, ty, known)),
    }
}

fn is_scalar(ty: &str) -> bool {
    matches!(ty, "String" | "Uuid" | "NaiveDate" | "NaiveTime" | "AppointmentStatus" | "CustodyMovement")
}

/// One generated request for a function with `signature` (or for an unknown one, guessed fields).
pub fn request(rng: &mut impl Rng, signature: &Signature, known: &Known) -> Call {
    if rng.random_bool(0.03) {
        return malformed_body(rng);
    }
    let guessed = [("prison_number".to_owned(), "String".to_owned()), ("id".to_owned(), "Uuid".to_owned())];
    let args =
        if signature.args.is_empty() && rng.random_bool(0.5) { &guessed[..] } else { &signature.args[..] };
    if signature.json {
        if rng.random_bool(0.05) {
            return Call::Json(hostile_json(rng, 0));
        }
        let mut body = serde_json::Map::new();
        for (name, ty) in args {
            if rng.random_bool(0.05) {
                continue;
            }
            body.insert(name.clone(), json_for(rng, name, ty, known));
        }
        if rng.random_bool(0.1) {
            body.insert(hostile_string(rng).chars().take(30).collect(), hostile_json(rng, 1));
        }
        return Call::Json(Value::Object(body));
    }
    let mut pairs = Vec::new();
    for (name, ty) in args {
        let optional = ty.starts_with("Option<");
        if rng.random_bool(if optional { 0.3 } else { 0.05 }) {
            continue;
        }
        let inner = ty.strip_prefix("Option<").and_then(|t| t.strip_suffix('>')).unwrap_or(ty);
        if let Some(example) = known.examples.get(inner)
            && rng.random_bool(0.8)
        {
            form_fields(rng, name, example, &mut pairs);
            continue;
        }
        let value = text_for(rng, name, ty, known);
        if rng.random_bool(0.05) {
            pairs.push((name.clone(), hostile_string(rng)));
        }
        pairs.push((name.clone(), value));
    }
    if rng.random_bool(0.1) {
        pairs.push((hostile_string(rng).chars().take(30).collect(), hostile_string(rng)));
    }
    Call::Form(pairs)
}

/// A structured argument in a form, as server functions decode it (`assessment[pulse]=76`), one
/// field now and then spoiled or left out; a unit enum is its variant's name.
fn form_fields(rng: &mut impl Rng, name: &str, example: &Value, pairs: &mut Vec<(String, String)>) {
    let scalar = |value: &Value| match value {
        Value::String(text) => Some(text.clone()),
        Value::Bool(_) | Value::Number(_) => Some(value.to_string()),
        _ => None,
    };
    match example {
        Value::Object(fields) => {
            for (key, value) in fields {
                if rng.random_bool(0.03) {
                    continue;
                }
                let spoil = rng.random_bool(0.05);
                match value {
                    Value::Array(items) => {
                        for (i, item) in items.iter().enumerate() {
                            let text = if spoil { Some(hostile_string(rng)) } else { scalar(item) };
                            if let Some(text) = text {
                                pairs.push((format!("{name}[{key}][{i}]"), text));
                            }
                        }
                    }
                    _ => {
                        let text = if spoil { Some(hostile_string(rng)) } else { scalar(value) };
                        if let Some(text) = text {
                            pairs.push((format!("{name}[{key}]"), text));
                        }
                    }
                }
            }
        }
        other => {
            let text = if rng.random_bool(0.1) { Some(hostile_string(rng)) } else { scalar(other) };
            pairs.push((name.to_owned(), text.unwrap_or_default()));
        }
    }
}

fn malformed_body(rng: &mut impl Rng) -> Call {
    let bodies: [(&'static str, Vec<u8>); 7] = [
        ("application/x-www-form-urlencoded", vec![0xff, 0xfe, 0x00, b'=', 0xc3]),
        ("application/x-www-form-urlencoded", b"a=%zz&&&=&prison_number[]=1&prison_number[x]=2".to_vec()),
        ("application/json", b"{\"prison_number\": ".to_vec()),
        ("application/json", vec![b'['; 10_000]),
        ("application/json", b"\"\\ud800\"".to_vec()),
        ("text/plain", b"hello".to_vec()),
        ("application/x-www-form-urlencoded", "x=".repeat(20_000).into_bytes()),
    ];
    let (content_type, body) = bodies.choose(rng).cloned().unwrap_or(("text/plain", Vec::new()));
    Call::Raw { content_type, body }
}
