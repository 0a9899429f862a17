//! The strict parser: a bundle's bytes to a [`Bundle`], refusing anything that is not
//! exactly this format. The grammar, shape and limits are checked first by `scan` in fixed
//! memory; then each section is read on its own so every problem is reported with its
//! path, and unknown fields are refused rather than silently lost. Sections are read as
//! the format's own record types (`super::format`), then converted to the domain's.

use std::collections::{BTreeMap, BTreeSet};

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::value::RawValue;
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

/// Reports keys in `input` that the type does not have, and texts that do not read back
/// as they were written (a date "026-10-23", which reads as the year 26 and is written
/// "0026-10-23": a damaged file, not one Kindred wrote): `known` is the value parsed from
/// `input` and serialised again, so it has exactly the type's keys and Kindred's forms.
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
        (Value::String(i), Value::String(k)) if i != k => out.push(format!(
            "{path}: \"{}\" is not written as Kindred writes it (\"{}\"); the file may be damaged",
            short(i),
            short(k)
        )),
        _ => {}
    }
}

/// The problems found, and whether this pass keeps what it reads. A bundle is read twice:
/// first only to find problems, keeping no record, so that refusing it costs its bytes and
/// one record at a time; then, when it has none, to build the [`Bundle`].
struct Collected {
    errs: Vec<String>,
    keep: bool,
}

impl std::ops::Deref for Collected {
    type Target = Vec<String>;
    fn deref(&self) -> &Vec<String> {
        &self.errs
    }
}

impl std::ops::DerefMut for Collected {
    fn deref_mut(&mut self) -> &mut Vec<String> {
        &mut self.errs
    }
}

/// One section or record as it stands in the file: borrowed from the bytes, never copied,
/// so holding every record of a bundle costs two words each, not a parsed tree.
type Raw<'a> = &'a RawValue;

/// Reads one record as `T`, reporting unknown fields. Only this record is ever held as a
/// parsed tree (to compare its keys), so the memory it costs is bounded by its own size.
fn typed<T: DeserializeOwned + Serialize>(
    raw: Raw<'_>,
    path: &str,
    errs: &mut Vec<String>,
) -> Option<T> {
    match serde_json::from_str::<T>(raw.get()) {
        Ok(t) => {
            let input: Result<Value, _> = serde_json::from_str(raw.get());
            match (input, serde_json::to_value(&t)) {
                (Ok(input), Ok(back)) => unknown_keys(&input, &back, path, errs),
                (Err(e), _) | (_, Err(e)) => {
                    errs.push(format!("{path}: {}", short(&e.to_string())))
                }
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
    obj: &BTreeMap<String, Raw<'_>>,
    key: &str,
    errs: &mut Collected,
) -> Vec<T> {
    let Some(raw) = obj.get(key) else {
        errs.push(format!("{key}: missing (write [] when there are none)"));
        return vec![];
    };
    let items: Vec<Raw<'_>> = match serde_json::from_str(raw.get()) {
        Ok(items) => items,
        Err(_) => {
            errs.push(format!("{key}: must be a list, not {}", kind_of(raw)));
            return vec![];
        }
    };
    let mut out = Vec::new();
    for (i, v) in items.into_iter().enumerate() {
        if errs.len() >= MAX_COLLECTED {
            break;
        }
        let record = typed(v, &format!("{key}[{i}]"), errs);
        // The first pass keeps nothing: holding the records would make a bundle refused
        // for its last one cost as much memory as an accepted one.
        if errs.keep && errs.is_empty() {
            out.extend(record);
        }
    }
    out
}

/// A version 2 section; a version 1 bundle has none of them.
fn voice_list<T: DeserializeOwned + Serialize>(
    with_voice: bool,
    obj: &BTreeMap<String, Raw<'_>>,
    key: &str,
    errs: &mut Collected,
) -> Vec<T> {
    if with_voice {
        list(obj, key, errs)
    } else {
        Vec::new()
    }
}

/// What kind of JSON value `raw` is, in words, from its first character (the scan has
/// already checked the grammar).
fn kind_of(raw: Raw<'_>) -> &'static str {
    match raw.get().trim_start().as_bytes().first() {
        Some(b'n') => "null",
        Some(b't' | b'f') => "true/false",
        Some(b'"') => "text",
        Some(b'[') => "a list",
        Some(b'{') => "an object",
        _ => "a number",
    }
}

fn is_null(raw: Raw<'_>) -> bool {
    raw.get().trim() == "null"
}

/// A text field, or `None` when the value is not text.
fn text_of(raw: Raw<'_>) -> Option<String> {
    serde_json::from_str(raw.get()).ok()
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
    // The top level as its sections, each borrowed from `bytes` unparsed: the records are
    // then read one at a time, so no parsed tree of the whole file is ever built.
    let top: Raw<'_> = serde_json::from_slice(bytes).map_err(|e| {
        vec![format!(
            "the file is not valid JSON ({})",
            short(&e.to_string())
        )]
    })?;
    let obj: BTreeMap<String, Raw<'_>> = serde_json::from_str(top.get()).map_err(|_| {
        vec![format!(
            "this is not a Kindred review bundle (the file holds {}, not an object)",
            kind_of(top)
        )]
    })?;
    let obj = &obj;
    match obj.get("format").copied().and_then(text_of) {
        Some(f) if f == FORMAT => {}
        _ => {
            return Err(vec![format!(
                "this is not a Kindred review bundle (it has no \"format\": \"{FORMAT}\")"
            )])
        }
    }
    let version = match obj
        .get("version")
        .and_then(|v| serde_json::from_str::<u64>(v.get()).ok())
    {
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
    let mut check = Collected {
        errs: Vec::new(),
        keep: false,
    };
    read(obj, version, with_voice, &mut check);
    if !check.is_empty() {
        return Err(check.errs);
    }
    let mut keep = Collected {
        errs: Vec::new(),
        keep: true,
    };
    match read(obj, version, with_voice, &mut keep) {
        Some(b) if keep.is_empty() => Ok(b),
        _ => Err(keep.errs),
    }
}

/// One pass over the sections (see [`Collected`]): the bundle, when `errs.keep` and nothing
/// was wrong.
fn read(
    obj: &BTreeMap<String, Raw<'_>>,
    version: u64,
    with_voice: bool,
    errs: &mut Collected,
) -> Option<Bundle> {
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
    let exported_at = match obj.get("exported_at").copied() {
        Some(v) => text_of(v).unwrap_or_else(|| {
            errs.push(format!("exported_at: must be text, not {}", kind_of(v)));
            String::new()
        }),
        None => {
            errs.push("exported_at: missing".into());
            String::new()
        }
    };
    let exported_by = match obj.get("exported_by").copied() {
        None => None,
        Some(v) if is_null(v) => None,
        Some(v) => text_of(v).or_else(|| {
            errs.push(format!("exported_by: must be text, not {}", kind_of(v)));
            None
        }),
    };
    let review: Option<Review> = match obj.get("review").copied() {
        None => {
            errs.push("review: missing".into());
            None
        }
        Some(v) => typed(v, "review", errs),
    };
    let b = BundleFile {
        format: FORMAT.into(),
        version: VERSION,
        exported_at,
        exported_by,
        children: list(obj, "children", errs),
        members: list(obj, "members", errs),
        abuse_links: list(obj, "abuse_links", errs),
        barriers: list(obj, "barriers", errs),
        contacts: list(obj, "contacts", errs),
        terms: list(obj, "terms", errs),
        checks: list(obj, "checks", errs),
        decisions: list(obj, "decisions", errs),
        parallel_processes: list(obj, "parallel_processes", errs),
        feedback: list(obj, "feedback", errs),
        documents_issued: list(obj, "documents_issued", errs),
        support_services_used: list(obj, "support_services_used", errs),
        lines_of_enquiry: voice_list(with_voice, obj, "lines_of_enquiry", errs),
        questions: voice_list(with_voice, obj, "questions", errs),
        contributions: voice_list(with_voice, obj, "contributions", errs),
        findings: voice_list(with_voice, obj, "findings", errs),
        sharing_sessions: voice_list(with_voice, obj, "sharing_sessions", errs),
        involvement_summary: match obj.get("involvement_summary").copied() {
            Some(v) if with_voice && !is_null(v) => typed(v, "involvement_summary", errs),
            _ => None,
        },
        review: review?,
    };
    Some(Bundle::from(b))
}
