//! The arguments of every `#[server]` function, read from the app's source, so that a fuzzer
//! can send each function values of the types it declares, including functions added later.

use std::collections::HashMap;
use std::path::Path;

/// What a server function takes: how it is encoded and its arguments as `(name, type)`.
#[derive(Clone, Debug, Default)]
pub struct Signature {
    pub json: bool,
    pub args: Vec<(String, String)>,
}

/// Every server function's signature, by endpoint name.
pub fn server_fn_signatures() -> HashMap<String, Signature> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../app/src");
    let mut found = HashMap::new();
    visit(&root, &mut found);
    found
}

fn visit(dir: &Path, found: &mut HashMap<String, Signature>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            visit(&path, found);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let text = std::fs::read_to_string(&path).unwrap_or_default();
            parse_file(&text, found);
        }
    }
}

fn parse_file(text: &str, found: &mut HashMap<String, Signature>) {
    let mut rest = text;
    while let Some(at) = rest.find("#[server(") {
        rest = &rest[at..];
        let attribute_end = rest.find(")]").unwrap_or(rest.len());
        let attribute = &rest[..attribute_end];
        let endpoint = attribute
            .split("endpoint = \"")
            .nth(1)
            .and_then(|s| s.split('"').next())
            .unwrap_or_default()
            .to_owned();
        let json = attribute.contains("input = Json");
        let Some(open) = rest.find("fn ").and_then(|f| rest[f..].find('(').map(|p| f + p + 1)) else { break };
        let close = matching_paren(&rest[open..]).map_or(rest.len(), |c| open + c);
        let args = split_top_level(&rest[open..close])
            .into_iter()
            .filter_map(|arg| {
                let (name, ty) = arg.split_once(':')?;
                Some((name.trim().to_owned(), ty.split_whitespace().collect::<String>()))
            })
            .collect();
        found.insert(endpoint, Signature { json, args });
        rest = &rest[close..];
    }
}

fn matching_paren(text: &str) -> Option<usize> {
    let mut depth = 0i32;
    for (i, c) in text.char_indices() {
        match c {
            '(' | '<' => depth += 1,
            ')' if depth == 0 => return Some(i),
            ')' | '>' => depth -= 1,
            _ => {}
        }
    }
    None
}

fn split_top_level(text: &str) -> Vec<String> {
    let (mut parts, mut current, mut depth) = (Vec::new(), String::new(), 0i32);
    for c in text.chars() {
        match c {
            '(' | '<' => depth += 1,
            ')' | '>' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(std::mem::take(&mut current));
                continue;
            }
            _ => {}
        }
        current.push(c);
    }
    parts.push(current);
    parts.into_iter().map(|p| p.trim().to_owned()).filter(|p| !p.is_empty()).collect()
}
