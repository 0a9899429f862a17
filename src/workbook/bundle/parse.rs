//! The strict parser: a bundle's bytes to a [`Bundle`], refusing anything that is not
//! exactly this format. The grammar, shape and limits are checked first by `scan` in fixed
//! memory; then each section is read on its own so every problem is reported with its
//! path, and unknown fields are refused rather than silently lost. Sections are read as
//! the format's own record types (`super::format`), then converted to the domain's.

use std::collections::BTreeSet;

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

use super::format::{BundleFile, Review};
use super::{scan, Bundle, FORMAT, MAX_BYTES, MAX_COLLECTED, OLDEST_VERSION, VERSION};
use crate::domain::text;

const SECTIONS: &[&str] = &[
    "children",
    "members",
    "abuse_links",
    "barriers",
    "contacts",
    "terms",
    "checks",
    "decisions",
    "parallel_processes",
    "feedback",
    "documents_issued",
    "support_services_used",
];

/// The sections version 2 added: the family's voice.
const VOICE_SECTIONS: &[&str] = &[
    "lines_of_enquiry",
    "questions",
    "contributions",
    "findings",
    "sharing_sessions",
];

/// Shortens a message from serde or a value for a one-line report.
fn short(s: &str) -> String {
    text::truncate(&s.replace(['\n', '\r'], " "), 200)
}

/// Reports keys in `input` that the type does not have: `known` is the value parsed from
/// `input` and serialised again, so it has exactly the type's keys.
fn unknown_keys(input: &Value, known: &Value, path: &str, out: &mut Vec<String>) {
    if out.len() >= MAX_COLLECTED {
        return;
    }
    match (input, known) {
        (Value::Object(i), Value::Object(k)) => {
            for (key, v) in i {
                let p = format!("{path}.{key}");
                match k.get(key) {
                    None => out.push(format!(
                        "{p}: unknown field (not part of bundle version {VERSION})"
                    )),
                    Some(kv) => unknown_keys(v, kv, &p, out),
                }
            }
        }
        (Value::Array(i), Value::Array(k)) if i.len() == k.len() => {
            for (n, (a, b)) in i.iter().zip(k).enumerate() {
                unknown_keys(a, b, &format!("{path}[{n}]"), out);
            }
        }
        _ => {}
    }
}

fn typed<T: DeserializeOwned + Serialize>(
    v: &Value,
    path: &str,
    errs: &mut Vec<String>,
) -> Option<T> {
    match T::deserialize(v) {
        Ok(t) => {
            match serde_json::to_value(&t) {
                Ok(back) => unknown_keys(v, &back, path, errs),
                Err(e) => errs.push(format!("{path}: {}", short(&e.to_string()))),
            }
            Some(t)
        }
        Err(e) => {
            errs.push(format!("{path}: {}", short(&e.to_string())));
            None
        }
    }
}

fn list<T: DeserializeOwned + Serialize>(
    obj: &serde_json::Map<String, Value>,
    key: &str,
    errs: &mut Vec<String>,
) -> Vec<T> {
    match obj.get(key) {
        None => {
            errs.push(format!("{key}: missing (write [] when there are none)"));
            vec![]
        }
        Some(Value::Array(items)) => {
            let mut out = Vec::with_capacity(items.len());
            for (i, v) in items.iter().enumerate() {
                if errs.len() >= MAX_COLLECTED {
                    break;
                }
                out.extend(typed(v, &format!("{key}[{i}]"), errs));
            }
            out
        }
        Some(other) => {
            errs.push(format!("{key}: must be a list, not {}", kind_of(other)));
            vec![]
        }
    }
}

/// A version 2 section; a version 1 bundle has none of them.
fn voice_list<T: DeserializeOwned + Serialize>(
    with_voice: bool,
    obj: &serde_json::Map<String, Value>,
    key: &str,
    errs: &mut Vec<String>,
) -> Vec<T> {
    if with_voice {
        list(obj, key, errs)
    } else {
        Vec::new()
    }
}

fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "true/false",
        Value::Number(_) => "a number",
        Value::String(_) => "text",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

/// Reads a bundle's bytes: JSON, the format and version, the shape of every record (unknown
/// fields refused). Values and references are checked by [`validate`]. Every problem found is
/// returned, with where it is (`members[2].details.full_name: …`).
pub fn parse(bytes: &[u8]) -> Result<Bundle, Vec<String>> {
    if bytes.len() > MAX_BYTES {
        return Err(vec![format!(
            "the file is {} MB; a review bundle is at most {} MB",
            bytes.len() / 1_000_000,
            MAX_BYTES / 1_000_000
        )]);
    }
    // The grammar, the top-level shape and the limits first, in fixed memory, so that what
    // serde builds below is bounded by the limits.
    scan::scan(bytes, &scan::LIMITS).map_err(|e| vec![e.to_string()])?;
    let value: Value = serde_json::from_slice(bytes).map_err(|e| {
        vec![format!(
            "the file is not valid JSON ({})",
            short(&e.to_string())
        )]
    })?;
    let Value::Object(obj) = &value else {
        return Err(vec![format!(
            "this is not a Kindred review bundle (the file holds {}, not an object)",
            kind_of(&value)
        )]);
    };
    match obj.get("format") {
        Some(Value::String(f)) if f == FORMAT => {}
        _ => {
            return Err(vec![format!(
                "this is not a Kindred review bundle (it has no \"format\": \"{FORMAT}\")"
            )])
        }
    }
    let version = match obj.get("version").and_then(Value::as_u64) {
        Some(v) if (u64::from(OLDEST_VERSION)..=u64::from(VERSION)).contains(&v) => v,
        Some(v) if v > u64::from(VERSION) => {
            return Err(vec![format!(
                "this bundle was made by a newer version of Kindred (bundle version {v}; this \
                 version reads version {VERSION}); update Kindred to import it"
            )])
        }
        _ => {
            return Err(vec![format!(
                "version: must be a bundle format version this Kindred reads, {OLDEST_VERSION} to {VERSION}"
            )])
        }
    };
    let with_voice = version >= 2;
    let mut errs = Vec::new();
    let known: BTreeSet<&str> = ["format", "version", "exported_at", "exported_by", "review"]
        .into_iter()
        .chain(SECTIONS.iter().copied())
        .chain(
            VOICE_SECTIONS
                .iter()
                .copied()
                .chain(["involvement_summary"])
                .filter(|_| with_voice),
        )
        .collect();
    for k in obj.keys() {
        if !known.contains(k.as_str()) {
            errs.push(format!(
                "{k}: unknown field (not part of bundle version {version})"
            ));
        }
    }
    let exported_at = match obj.get("exported_at") {
        Some(Value::String(s)) => s.clone(),
        Some(other) => {
            errs.push(format!("exported_at: must be text, not {}", kind_of(other)));
            String::new()
        }
        None => {
            errs.push("exported_at: missing".into());
            String::new()
        }
    };
    let exported_by = match obj.get("exported_by") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(s.clone()),
        Some(other) => {
            errs.push(format!("exported_by: must be text, not {}", kind_of(other)));
            None
        }
    };
    let review: Option<Review> = match obj.get("review") {
        None => {
            errs.push("review: missing".into());
            None
        }
        Some(v) => typed(v, "review", &mut errs),
    };
    let b = BundleFile {
        format: FORMAT.into(),
        version: VERSION,
        exported_at,
        exported_by,
        children: list(obj, "children", &mut errs),
        members: list(obj, "members", &mut errs),
        abuse_links: list(obj, "abuse_links", &mut errs),
        barriers: list(obj, "barriers", &mut errs),
        contacts: list(obj, "contacts", &mut errs),
        terms: list(obj, "terms", &mut errs),
        checks: list(obj, "checks", &mut errs),
        decisions: list(obj, "decisions", &mut errs),
        parallel_processes: list(obj, "parallel_processes", &mut errs),
        feedback: list(obj, "feedback", &mut errs),
        documents_issued: list(obj, "documents_issued", &mut errs),
        support_services_used: list(obj, "support_services_used", &mut errs),
        lines_of_enquiry: voice_list(with_voice, obj, "lines_of_enquiry", &mut errs),
        questions: voice_list(with_voice, obj, "questions", &mut errs),
        contributions: voice_list(with_voice, obj, "contributions", &mut errs),
        findings: voice_list(with_voice, obj, "findings", &mut errs),
        sharing_sessions: voice_list(with_voice, obj, "sharing_sessions", &mut errs),
        involvement_summary: match obj.get("involvement_summary") {
            Some(v) if with_voice && !v.is_null() => typed(v, "involvement_summary", &mut errs),
            _ => None,
        },
        review: match review {
            Some(r) => r,
            None => return Err(errs),
        },
    };
    if errs.is_empty() {
        Ok(Bundle::from(b))
    } else {
        Err(errs)
    }
}
