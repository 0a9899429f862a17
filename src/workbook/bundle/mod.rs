//! The review bundle: one review and everything recorded in it, as versioned JSON, for moving a
//! review to another workbook (a new laptop, a colleague taking over). The format is documented
//! in `docs/bundle-format.md` with a JSON Schema in `docs/bundle.schema.json`.
//!
//! Reading a bundle never trusts it: [`parse`] refuses anything that is not exactly this format
//! (unknown fields included, so a misspelt field is an error rather than silently lost), and
//! [`validate`] checks every value with the same rules as the forms (`domain::text` lengths and
//! characters, enums, dates, ranges) and that every internal reference resolves. Only a bundle
//! with no problem at all is imported, in one transaction (`Workbook::import_bundle`).
//!
//! Ids inside a bundle are the exporting workbook's; they only link records to each other
//! within the bundle. The importer gives every record a fresh id.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use chrono::{Datelike, NaiveDate};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::domain::catalogue::{AppliesTo, Catalogue, CheckStatus};
use crate::domain::member::{AbuseLink, Barrier, Involvement, Member};
use crate::domain::records::*;
use crate::domain::review::{Child, ContactCard, Review};
use crate::domain::text;

pub mod scan;

/// The value of the `format` field.
pub const FORMAT: &str = "kindred-review-bundle";
/// The bundle format version this Kindred writes and reads.
pub const VERSION: u32 = 1;
/// Bundles larger than this are refused before they are read ([`scan::LIMITS`]).
pub const MAX_BYTES: usize = scan::LIMITS.max_bytes as usize;
/// Longest list of problems reported at once.
pub const MAX_PROBLEMS: usize = 12;
/// Problems collected before parsing stops looking for more (a list of 100,000 wrong items
/// would otherwise cost 100,000 messages).
pub const MAX_COLLECTED: usize = 1000;

/// A review bundle (format version 1). Field order is the order written.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Bundle {
    pub format: String,
    pub version: u32,
    /// When it was exported (UTC, RFC 3339). Informational.
    pub exported_at: String,
    /// The program that wrote it, e.g. "kindred 0.1.0". Informational.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exported_by: Option<String>,
    pub review: Review,
    pub children: Vec<Child>,
    pub members: Vec<Member>,
    pub abuse_links: Vec<AbuseLink>,
    pub barriers: Vec<Barrier>,
    pub contacts: Vec<Contact>,
    pub terms: Vec<Terms>,
    pub checks: Vec<BundleCheck>,
    pub decisions: Vec<Decision>,
    pub parallel_processes: Vec<ParallelProcess>,
    pub feedback: Vec<Feedback>,
    pub documents_issued: Vec<DocumentIssued>,
    /// The support-directory entries chosen for members of this review.
    pub support_services_used: Vec<SupportService>,
}

/// A check status of the review (`member_id` null) or of one member.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BundleCheck {
    pub check_id: String,
    pub member_id: Option<i64>,
    #[serde(flatten)]
    pub status: CheckStatus,
}

/// How many records of each kind a bundle holds.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub children: usize,
    pub members: usize,
    pub contact_details: usize,
    pub relationships: usize,
    pub role_statuses: usize,
    pub restrictions: usize,
    pub clearances: usize,
    pub member_support: usize,
    pub abuse_links: usize,
    pub barriers: usize,
    pub contacts: usize,
    pub terms: usize,
    pub checks: usize,
    pub decisions: usize,
    pub parallel_processes: usize,
    pub feedback: usize,
    pub documents_issued: usize,
    pub support_services_used: usize,
}

impl Bundle {
    pub fn counts(&self) -> Counts {
        let sum = |f: fn(&Member) -> usize| self.members.iter().map(f).sum();
        Counts {
            children: self.children.len(),
            members: self.members.len(),
            contact_details: sum(|m| m.contact_details.len()),
            relationships: sum(|m| m.relationships.len()),
            role_statuses: sum(|m| m.role_statuses.len()),
            restrictions: sum(|m| m.restrictions.len()),
            clearances: sum(|m| m.clearances.len()),
            member_support: sum(|m| m.support_ids.len()),
            abuse_links: self.abuse_links.len(),
            barriers: self.barriers.len(),
            contacts: self.contacts.len(),
            terms: self.terms.len(),
            checks: self.checks.len(),
            decisions: self.decisions.len(),
            parallel_processes: self.parallel_processes.len(),
            feedback: self.feedback.len(),
            documents_issued: self.documents_issued.len(),
            support_services_used: self.support_services_used.len(),
        }
    }

    /// The bundle with everything that legitimately differs between two exports of the same
    /// content taken out, so they compare equal (docs/bundle-format.md, "Normal form"):
    /// `exported_at` and `exported_by` are blanked; every internal id is replaced by the
    /// record's 1-based position in its list (the review is 1; contact details, role statuses,
    /// restrictions and clearances are numbered within their member); support services are put
    /// in a content order first; checks are sorted by check id and member position.
    pub fn normalised(&self) -> Bundle {
        fn positions(ids: impl Iterator<Item = i64>) -> HashMap<i64, i64> {
            ids.enumerate().map(|(i, id)| (id, i as i64 + 1)).collect()
        }
        fn map(m: &HashMap<i64, i64>, id: i64) -> i64 {
            m.get(&id).copied().unwrap_or(-id.abs() - 1)
        }
        let mut b = self.clone();
        b.exported_at = String::new();
        b.exported_by = None;
        let rid = b.review.id;
        b.review.id = 1;
        b.support_services_used.sort_by_cached_key(|s| {
            let mut s = s.clone();
            s.id = 0;
            serde_json::to_string(&s).unwrap_or_default()
        });
        let sup = positions(b.support_services_used.iter().map(|s| s.id));
        let kids = positions(b.children.iter().map(|c| c.id));
        let mem = positions(b.members.iter().map(|m| m.id));
        let con = positions(b.contacts.iter().map(|c| c.id));
        // Records a check may link to, numbered as they are below.
        let within = |f: fn(&crate::domain::member::Member) -> Vec<i64>| -> HashMap<i64, i64> {
            b.members
                .iter()
                .flat_map(|m| positions(f(m).into_iter()))
                .collect()
        };
        let roles = within(|m| m.role_statuses.iter().map(|x| x.id).collect());
        let restr = within(|m| m.restrictions.iter().map(|x| x.id).collect());
        let clear = within(|m| m.clearances.iter().map(|x| x.id).collect());
        let ter = positions(b.terms.iter().map(|t| t.id));
        let decs = positions(b.decisions.iter().map(|d| d.id));
        let feed = positions(b.feedback.iter().map(|f| f.id));
        let docs = positions(b.documents_issued.iter().map(|d| d.id));
        let revs = HashMap::from([(rid, 1)]);
        let relink = |r: &mut Option<crate::domain::catalogue::RecordRef>| {
            if let Some(r) = r {
                let m = match r.kind.as_str() {
                    "contact" => &con,
                    "terms" => &ter,
                    "person" | "involvement" => &mem,
                    "review" => &revs,
                    "role-status" => &roles,
                    "restriction" => &restr,
                    "clearance" => &clear,
                    "decision" => &decs,
                    "feedback" => &feed,
                    "document" => &docs,
                    _ => return,
                };
                r.id = map(m, r.id);
            }
        };
        let fix_review = |r: i64| if r == rid { 1 } else { -r.abs() - 1 };
        for s in &mut b.support_services_used {
            s.id = map(&sup, s.id);
        }
        for c in &mut b.children {
            c.id = map(&kids, c.id);
            c.review_id = fix_review(c.review_id);
        }
        for m in &mut b.members {
            m.id = map(&mem, m.id);
            m.review_id = fix_review(m.review_id);
            for (i, d) in m.contact_details.iter_mut().enumerate() {
                d.id = i as i64 + 1;
            }
            for r in &mut m.relationships {
                r.child_id = map(&kids, r.child_id);
            }
            for (i, s) in m.role_statuses.iter_mut().enumerate() {
                s.id = i as i64 + 1;
            }
            for (i, s) in m.restrictions.iter_mut().enumerate() {
                s.id = i as i64 + 1;
            }
            for (i, s) in m.clearances.iter_mut().enumerate() {
                s.id = i as i64 + 1;
            }
            for s in &mut m.support_ids {
                *s = map(&sup, *s);
            }
        }
        for l in &mut b.abuse_links {
            l.victim_id = map(&mem, l.victim_id);
            l.perpetrator_id = map(&mem, l.perpetrator_id);
        }
        for x in &mut b.barriers {
            x.protected_id = map(&mem, x.protected_id);
            x.withheld_from_id = map(&mem, x.withheld_from_id);
        }
        for c in &mut b.contacts {
            c.id = map(&con, c.id);
            c.review_id = fix_review(c.review_id);
            c.member_id = map(&mem, c.member_id);
            for w in &mut c.with_member_ids {
                *w = map(&mem, *w);
            }
        }
        for (i, t) in b.terms.iter_mut().enumerate() {
            t.id = i as i64 + 1;
            t.member_id = map(&mem, t.member_id);
        }
        for c in &mut b.checks {
            c.member_id = c.member_id.map(|m| map(&mem, m));
            match &mut c.status {
                CheckStatus::Done { record, .. } => relink(record),
                CheckStatus::ToDo {
                    reopened: Some(r), ..
                } => relink(&mut r.record),
                _ => {}
            }
        }
        b.checks
            .sort_by(|x, y| (&x.check_id, x.member_id).cmp(&(&y.check_id, y.member_id)));
        for (i, d) in b.decisions.iter_mut().enumerate() {
            d.id = i as i64 + 1;
            d.review_id = fix_review(d.review_id);
            for m in &mut d.member_ids {
                *m = map(&mem, *m);
            }
        }
        for (i, p) in b.parallel_processes.iter_mut().enumerate() {
            p.id = i as i64 + 1;
            p.review_id = fix_review(p.review_id);
        }
        for (i, f) in b.feedback.iter_mut().enumerate() {
            f.id = i as i64 + 1;
            f.review_id = fix_review(f.review_id);
            f.member_id = f.member_id.map(|m| map(&mem, m));
        }
        for (i, d) in b.documents_issued.iter_mut().enumerate() {
            d.id = i as i64 + 1;
            d.review_id = fix_review(d.review_id);
            d.member_id = d.member_id.map(|m| map(&mem, m));
            d.contact_id = d.contact_id.map(|c| map(&con, c));
        }
        b
    }
}

// ----- parsing ---------------------------------------------------------------------------------

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
    match obj.get("version").and_then(Value::as_u64) {
        Some(v) if v == u64::from(VERSION) => {}
        Some(v) if v > u64::from(VERSION) => {
            return Err(vec![format!(
                "this bundle was made by a newer version of Kindred (bundle version {v}; this \
                 version reads version {VERSION}); update Kindred to import it"
            )])
        }
        _ => {
            return Err(vec![format!(
                "version: must be the bundle format version, {VERSION}"
            )])
        }
    }
    let mut errs = Vec::new();
    let known: BTreeSet<&str> = ["format", "version", "exported_at", "exported_by", "review"]
        .into_iter()
        .chain(SECTIONS.iter().copied())
        .collect();
    for k in obj.keys() {
        if !known.contains(k.as_str()) {
            errs.push(format!(
                "{k}: unknown field (not part of bundle version {VERSION})"
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
    let b = Bundle {
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
        review: match review {
            Some(r) => r,
            None => return Err(errs),
        },
    };
    if errs.is_empty() {
        Ok(b)
    } else {
        Err(errs)
    }
}

// ----- validation ------------------------------------------------------------------------------

/// Collects problems, each with the path of the value.
#[derive(Default)]
struct V {
    errs: Vec<String>,
}

impl V {
    fn push(&mut self, path: impl std::fmt::Display, msg: impl std::fmt::Display) {
        if self.errs.len() < MAX_COLLECTED {
            self.errs.push(format!("{path}: {msg}"));
        }
    }

    fn fix<T>(&mut self, at: &str, r: Result<T, text::FieldError>) -> Option<T> {
        match r {
            Ok(v) => Some(v),
            Err(e) => {
                self.push(format!("{at}.{}", e.field), e.message);
                None
            }
        }
    }

    /// A required single line: trimmed, 1 to 300 characters, no control characters.
    fn line(&mut self, at: &str, field: &str, v: &mut String) {
        if let Some(c) = self.fix(at, text::required(field, v)) {
            *v = c;
        }
    }

    /// A required long text (a reason, a description): up to 20,000 characters, may have lines.
    fn long(&mut self, at: &str, field: &str, v: &mut String) {
        if let Some(c) = self.fix(at, text::reason(field, Some(v))) {
            *v = c;
        }
    }

    /// An optional single line; blank becomes null.
    fn opt(&mut self, at: &str, field: &str, v: &mut Option<String>) {
        if v.is_some() {
            if let Some(c) = self.fix(at, text::optional(field, v.as_deref())) {
                *v = c;
            }
        }
    }

    /// An optional note; blank becomes null.
    fn note(&mut self, at: &str, field: &str, v: &mut Option<String>) {
        if v.is_some() {
            if let Some(c) = self.fix(at, text::note(field, v.as_deref())) {
                *v = c;
            }
        }
    }

    /// Text that may be empty but must fit on a line (document variants and the like).
    fn plain(&mut self, at: &str, field: &str, v: &mut String) {
        if let Some(Some(c)) = self.fix(at, text::optional(field, Some(v))) {
            *v = c;
        } else if v.trim().is_empty() {
            v.clear();
        }
    }

    fn date(&mut self, at: &str, field: &str, d: NaiveDate) {
        if !(1..=9999).contains(&d.year()) {
            self.push(
                format!("{at}.{field}"),
                format!("{d} is not a date between the years 1 and 9999"),
            );
        }
    }

    fn odate(&mut self, at: &str, field: &str, d: Option<NaiveDate>) {
        if let Some(d) = d {
            self.date(at, field, d);
        }
    }

    fn days(&mut self, at: &str, field: &str, n: Option<u32>) {
        if let Some(n) = n {
            if !(1..=366).contains(&n) {
                self.push(
                    format!("{at}.{field}"),
                    "must be a whole number of days from 1 to 366",
                );
            }
        }
    }

    fn unique(&mut self, what: &str, ids: impl Iterator<Item = i64>) -> HashSet<i64> {
        let mut seen = HashSet::new();
        for id in ids {
            if !seen.insert(id) {
                self.push(what, format!("the id {id} is used twice"));
            }
        }
        seen
    }

    fn card(&mut self, at: &str, c: &mut ContactCard) {
        self.line(at, "name", &mut c.name);
        self.opt(at, "phone", &mut c.phone);
        self.opt(at, "email", &mut c.email);
        self.opt(at, "hours", &mut c.hours);
        self.note(at, "postal_address", &mut c.postal_address);
    }
}

/// Checks every value and every reference of a parsed bundle, normalising text as the forms do
/// (trimmed; a blank optional value becomes null; a confidential contact detail is never
/// marked safe to print). Returns every problem; empty means the bundle can be imported.
pub fn validate(b: &mut Bundle) -> Vec<String> {
    let mut v = V::default();
    let rid = b.review.id;
    let nation = b.review.nation;

    // The review.
    {
        let r = &mut b.review;
        v.line("review", "reference", &mut r.reference);
        if r.review_type.nation() != r.nation {
            v.push(
                "review.review_type",
                format!(
                    "a {} is not a review type in {}",
                    r.review_type.slug(),
                    r.nation.slug()
                ),
            );
        }
        v.line("review", "pseudonym", &mut r.pseudonym);
        v.line("review", "body_name", &mut r.body_name);
        v.card("review.author", &mut r.author);
        if let Some(pc) = &mut r.partnership_contact {
            v.card("review.partnership_contact", pc);
        }
        v.opt("review", "panel_chair", &mut r.panel_chair);
        for (k, d) in &r.key_dates {
            v.date("review.key_dates", k.slug(), *d);
        }
        v.note("review", "purpose_statement", &mut r.purpose_statement);
        v.note("review", "publication_note", &mut r.publication_note);
        v.note("review", "media_plan", &mut r.media_plan);
        v.note("review", "complaints", &mut r.complaints);
        v.odate("review", "retention_until", r.retention_until);
        v.days("review", "update_cadence_days", Some(r.update_cadence_days));
    }
    let same_review = |v: &mut V, at: String, id: i64| {
        if id != rid {
            v.push(
                at,
                format!("review_id is {id}, but the bundle's review has id {rid}"),
            );
        }
    };

    // Children.
    let child_ids = v.unique("children", b.children.iter().map(|c| c.id));
    for (i, c) in b.children.iter_mut().enumerate() {
        let at = format!("children[{i}]");
        same_review(&mut v, format!("{at}.review_id"), c.review_id);
        v.line(&at, "known_as", &mut c.known_as);
        v.line(&at, "pseudonym", &mut c.pseudonym);
        v.odate(&at, "date_of_birth", c.date_of_birth);
        v.odate(&at, "date_of_death_or_injury", c.date_of_death_or_injury);
        for (j, s) in c.sensitive_dates.iter_mut().enumerate() {
            let at = format!("{at}.sensitive_dates[{j}]");
            v.date(&at, "date", s.date);
            v.line(&at, "label", &mut s.label);
        }
        v.opt(&at, "legal_status", &mut c.legal_status);
        v.note(&at, "placement_confidential", &mut c.placement_confidential);
    }

    // The support services used.
    let support_ids = v.unique(
        "support_services_used",
        b.support_services_used.iter().map(|s| s.id),
    );
    for (i, s) in b.support_services_used.iter_mut().enumerate() {
        let at = format!("support_services_used[{i}]");
        v.line(&at, "name", &mut s.name);
        v.opt(&at, "phone", &mut s.phone);
        v.opt(&at, "website", &mut s.website);
        v.opt(&at, "hours", &mut s.hours);
        v.long(&at, "description", &mut s.description);
        v.note(&at, "description_cy", &mut s.description_cy);
    }
    // Two identical entries would become one directory entry on import.
    let mut contents: HashMap<String, usize> = HashMap::new();
    for (i, s) in b.support_services_used.iter().enumerate() {
        let mut plain = s.clone();
        plain.id = 0;
        let key = serde_json::to_string(&plain).unwrap_or_default();
        if let Some(j) = contents.insert(key, i) {
            v.push(
                format!("support_services_used[{i}]"),
                format!("the same service as support_services_used[{j}]"),
            );
        }
    }

    // Members and everything that hangs off them.
    let member_ids = v.unique("members", b.members.iter().map(|m| m.id));
    for (i, m) in b.members.iter_mut().enumerate() {
        let at = format!("members[{i}]");
        same_review(&mut v, format!("{at}.review_id"), m.review_id);
        let d = &mut m.details;
        let dat = format!("{at}.details");
        v.line(&dat, "full_name", &mut d.full_name);
        for (f, x) in [
            ("preferred_name", &mut d.preferred_name),
            ("report_pseudonym", &mut d.report_pseudonym),
            ("household", &mut d.household),
            ("safe_contact_times", &mut d.safe_contact_times),
            ("language", &mut d.language),
            ("dialect", &mut d.dialect),
            ("interpreter_gender", &mut d.interpreter_gender),
            ("literacy", &mut d.literacy),
            ("advocate", &mut d.advocate),
            ("establishment", &mut d.establishment),
        ] {
            v.opt(&dat, f, x);
        }
        for (f, x) in [
            ("accessibility_notes", &mut d.accessibility_notes),
            ("hope_to_learn", &mut d.hope_to_learn),
            ("questions", &mut d.questions),
            ("notes", &mut d.notes),
        ] {
            v.note(&dat, f, x);
        }
        v.days(&dat, "update_cadence_days", d.update_cadence_days);
        match &mut m.involvement {
            Involvement::Declined { reason, .. }
            | Involvement::Withdrew { reason }
            | Involvement::NotApproached { reason } => {
                v.long(&format!("{at}.involvement"), "reason", reason);
            }
            _ => {}
        }
        for (j, c) in m.contact_details.iter_mut().enumerate() {
            let at = format!("{at}.contact_details[{j}]");
            v.long(&at, "value", &mut c.value);
            if c.confidential {
                c.safe_to_print = false;
            }
        }
        let mut related = HashSet::new();
        for (j, r) in m.relationships.iter_mut().enumerate() {
            let at = format!("{at}.relationships[{j}]");
            if !child_ids.contains(&r.child_id) {
                v.push(
                    format!("{at}.child_id"),
                    format!("no child with id {} in this bundle", r.child_id),
                );
            }
            if !related.insert(r.child_id) {
                v.push(
                    format!("{at}.child_id"),
                    "the person is related to this child twice",
                );
            }
            v.line(&at, "relationship", &mut r.relationship);
            v.opt(&at, "pr_basis", &mut r.pr_basis);
            v.opt(&at, "child_called", &mut r.child_called);
        }
        for (j, s) in m.role_statuses.iter_mut().enumerate() {
            let at = format!("{at}.role_statuses[{j}]");
            v.date(&at, "since", s.since);
            v.opt(&at, "source", &mut s.source);
        }
        for (j, r) in m.restrictions.iter_mut().enumerate() {
            let at = format!("{at}.restrictions[{j}]");
            v.note(&at, "detail", &mut r.detail);
            v.date(&at, "recorded_on", r.recorded_on);
            v.odate(&at, "expires", r.expires);
            v.opt(&at, "via", &mut r.via);
            if let Some(x) = &mut r.entered_in_error {
                v.long(&format!("{at}.entered_in_error"), "reason", &mut x.reason);
            }
        }
        for (j, c) in m.clearances.iter_mut().enumerate() {
            let at = format!("{at}.clearances[{j}]");
            v.date(&at, "given_on", c.given_on);
            v.long(&at, "advice", &mut c.advice);
        }
        let mut chosen = HashSet::new();
        for (j, s) in m.support_ids.iter().enumerate() {
            let at = format!("{at}.support_ids[{j}]");
            if !support_ids.contains(s) {
                v.push(
                    &at,
                    format!("no entry with id {s} in support_services_used"),
                );
            }
            if !chosen.insert(*s) {
                v.push(&at, "chosen twice");
            }
        }
    }
    // Directory entries nobody in the review chose are not part of the review: left out.
    let chosen: HashSet<i64> = b
        .members
        .iter()
        .flat_map(|m| m.support_ids.iter().copied())
        .collect();
    b.support_services_used.retain(|s| chosen.contains(&s.id));
    let is_member = |v: &mut V, at: String, id: i64| {
        if !member_ids.contains(&id) {
            v.push(at, format!("no member with id {id} in this bundle"));
        }
    };

    // Links between members.
    let mut pairs = HashSet::new();
    for (i, l) in b.abuse_links.iter().enumerate() {
        let at = format!("abuse_links[{i}]");
        is_member(&mut v, format!("{at}.victim_id"), l.victim_id);
        is_member(&mut v, format!("{at}.perpetrator_id"), l.perpetrator_id);
        if l.victim_id == l.perpetrator_id {
            v.push(&at, "links a person to themselves");
        }
        if !pairs.insert((l.victim_id, l.perpetrator_id)) {
            v.push(&at, "the same link is listed twice");
        }
    }
    let mut pairs = HashSet::new();
    for (i, x) in b.barriers.iter_mut().enumerate() {
        let at = format!("barriers[{i}]");
        is_member(&mut v, format!("{at}.protected_id"), x.protected_id);
        is_member(&mut v, format!("{at}.withheld_from_id"), x.withheld_from_id);
        if x.protected_id == x.withheld_from_id {
            v.push(&at, "puts a barrier between a person and themselves");
        }
        if !pairs.insert((x.protected_id, x.withheld_from_id)) {
            v.push(&at, "the same barrier is listed twice");
        }
        v.note(&at, "reason", &mut x.reason);
    }

    // Contacts.
    let contact_ids = v.unique("contacts", b.contacts.iter().map(|c| c.id));
    for (i, c) in b.contacts.iter_mut().enumerate() {
        let at = format!("contacts[{i}]");
        same_review(&mut v, format!("{at}.review_id"), c.review_id);
        is_member(&mut v, format!("{at}.member_id"), c.member_id);
        let mut with = HashSet::new();
        for (j, w) in c.with_member_ids.iter().enumerate() {
            is_member(&mut v, format!("{at}.with_member_ids[{j}]"), *w);
            if *w == c.member_id || !with.insert(*w) {
                v.push(format!("{at}.with_member_ids[{j}]"), "lists a person twice");
            }
        }
        v.date(&at, "date", c.date);
        v.opt(&at, "location", &mut c.location);
        v.opt(&at, "initiated_by", &mut c.initiated_by);
        v.opt(&at, "interpreter_language", &mut c.interpreter_language);
        v.opt(&at, "supporter", &mut c.supporter);
        let mut attendees = Vec::new();
        for (j, a) in c.attendees.iter().enumerate() {
            let mut x = Some(a.clone());
            v.opt(&at, &format!("attendees[{j}]"), &mut x);
            attendees.extend(x);
        }
        c.attendees = attendees;
        v.note(&at, "notes", &mut c.notes);
        if let Some(d) = &mut c.disclosure {
            v.long(&format!("{at}.disclosure"), "summary", &mut d.summary);
        }
        v.note(&at, "wellbeing", &mut c.wellbeing);
        v.note(&at, "follow_up", &mut c.follow_up);
        v.odate(&at, "follow_up_due", c.follow_up_due);
        if let Some(x) = &mut c.entered_in_error {
            v.long(&format!("{at}.entered_in_error"), "reason", &mut x.reason);
        }
    }

    // Terms of engagement: versions 1, 2, … per member.
    v.unique("terms", b.terms.iter().map(|t| t.id));
    let mut versions: BTreeMap<i64, Vec<u32>> = BTreeMap::new();
    for (i, t) in b.terms.iter_mut().enumerate() {
        let at = format!("terms[{i}]");
        is_member(&mut v, format!("{at}.member_id"), t.member_id);
        versions.entry(t.member_id).or_default().push(t.version);
        v.date(&at, "agreed_on", t.agreed_on);
        v.line(&at, "recorded_by", &mut t.recorded_by);
        for (f, x) in [
            ("mode", &mut t.mode),
            ("venue", &mut t.venue),
            ("supporter", &mut t.supporter),
            ("interpreter", &mut t.interpreter),
            ("channel", &mut t.channel),
        ] {
            v.opt(&at, f, x);
        }
        for (f, x) in [
            ("description_wishes", &mut t.description_wishes),
            ("anonymity_wishes", &mut t.anonymity_wishes),
            ("notes", &mut t.notes),
        ] {
            v.note(&at, f, x);
        }
        v.days(&at, "update_cadence_days", t.update_cadence_days);
        v.days(&at, "reading_time_days", t.reading_time_days);
        v.odate(
            &at,
            "confidentiality_explained_on",
            t.confidentiality_explained_on,
        );
        v.odate(&at, "withdrawal_explained_on", t.withdrawal_explained_on);
        v.odate(&at, "publication_explained_on", t.publication_explained_on);
    }
    for (member, mut vs) in versions {
        vs.sort_unstable();
        if vs.iter().enumerate().any(|(i, &n)| n as usize != i + 1) {
            v.push(
                "terms",
                format!(
                    "the terms of member {member} must be versions 1 to {} once each",
                    vs.len()
                ),
            );
        }
    }

    // Check statuses.
    let catalogue = Catalogue::embedded();
    let mut seen = HashSet::new();
    // The records a check closed by a record may link to: a link to anything else is refused,
    // so an import never changes a link it cannot follow.
    let ids = |it: &mut dyn Iterator<Item = i64>| it.collect::<HashSet<i64>>();
    let linkable: HashMap<&str, HashSet<i64>> = HashMap::from([
        ("contact", ids(&mut b.contacts.iter().map(|x| x.id))),
        ("terms", ids(&mut b.terms.iter().map(|x| x.id))),
        ("person", ids(&mut b.members.iter().map(|x| x.id))),
        ("involvement", ids(&mut b.members.iter().map(|x| x.id))),
        ("review", HashSet::from([b.review.id])),
        ("decision", ids(&mut b.decisions.iter().map(|x| x.id))),
        ("feedback", ids(&mut b.feedback.iter().map(|x| x.id))),
        (
            "document",
            ids(&mut b.documents_issued.iter().map(|x| x.id)),
        ),
    ]);
    let own: HashSet<(&str, i64, i64)> = b
        .members
        .iter()
        .flat_map(|m| {
            let roles = m
                .role_statuses
                .iter()
                .map(move |x| ("role-status", m.id, x.id));
            let restr = m
                .restrictions
                .iter()
                .map(move |x| ("restriction", m.id, x.id));
            let clear = m.clearances.iter().map(move |x| ("clearance", m.id, x.id));
            roles.chain(restr).chain(clear)
        })
        .collect();
    let follows = |r: &crate::domain::catalogue::RecordRef, member: Option<i64>| {
        linkable
            .get(r.kind.as_str())
            .is_some_and(|set| set.contains(&r.id))
            || member.is_some_and(|m| own.contains(&(r.kind.as_str(), m, r.id)))
    };
    let mut bad_links = Vec::new();
    for (i, c) in b.checks.iter().enumerate() {
        let link = match &c.status {
            CheckStatus::Done { record, .. } => record.as_ref(),
            CheckStatus::ToDo { reopened } => reopened.as_ref().and_then(|r| r.record.as_ref()),
            _ => None,
        };
        if let Some(r) = link.filter(|r| !follows(r, c.member_id)) {
            bad_links.push(format!(
                "checks[{i}].record: no {} {} in this bundle",
                text::truncate(&r.kind, 40),
                r.id
            ));
        }
    }
    for e in bad_links {
        v.errs.push(e);
    }
    for (i, c) in b.checks.iter_mut().enumerate() {
        let at = format!("checks[{i}]");
        match catalogue.get(&c.check_id) {
            None => v.push(
                format!("{at}.check_id"),
                format!("unknown check {:?}", text::truncate(&c.check_id, 60)),
            ),
            Some(def) => {
                if !def.applies_in(nation) {
                    v.push(
                        format!("{at}.check_id"),
                        format!("check {} does not apply in {}", def.id, nation.slug()),
                    );
                }
                match (def.applies_to, c.member_id) {
                    (AppliesTo::Review, Some(_)) => v.push(
                        format!("{at}.member_id"),
                        "this check is for the review: must be null",
                    ),
                    (AppliesTo::Member, None) => v.push(
                        format!("{at}.member_id"),
                        "this check is for a person: say which",
                    ),
                    _ => {}
                }
            }
        }
        if let Some(m) = c.member_id {
            is_member(&mut v, format!("{at}.member_id"), m);
        }
        if !seen.insert((c.check_id.clone(), c.member_id)) {
            v.push(&at, "the same check is listed twice");
        }
        match &mut c.status {
            CheckStatus::ToDo { reopened } => {
                if let Some(r) = reopened {
                    v.long(&at, "reason", &mut r.reason);
                    v.date(&at, "on", r.on);
                }
            }
            CheckStatus::Done { evidence, on, .. } => {
                v.long(&at, "evidence", evidence);
                v.date(&at, "on", *on);
            }
            CheckStatus::NotApplicable { reason } | CheckStatus::DecidedOtherwise { reason } => {
                v.long(&at, "reason", reason);
            }
        }
    }

    // Decisions and parallel processes.
    v.unique("decisions", b.decisions.iter().map(|d| d.id));
    for (i, d) in b.decisions.iter_mut().enumerate() {
        let at = format!("decisions[{i}]");
        same_review(&mut v, format!("{at}.review_id"), d.review_id);
        v.date(&at, "decided_on", d.decided_on);
        v.long(&at, "decision", &mut d.decision);
        v.long(&at, "rationale", &mut d.rationale);
        v.note(&at, "options", &mut d.options);
        v.note(&at, "consulted", &mut d.consulted);
        for (j, m) in d.member_ids.iter().enumerate() {
            is_member(&mut v, format!("{at}.member_ids[{j}]"), *m);
        }
        v.odate(&at, "review_by", d.review_by);
        v.opt(&at, "author", &mut d.author);
    }
    v.unique(
        "parallel_processes",
        b.parallel_processes.iter().map(|p| p.id),
    );
    for (i, p) in b.parallel_processes.iter_mut().enumerate() {
        let at = format!("parallel_processes[{i}]");
        same_review(&mut v, format!("{at}.review_id"), p.review_id);
        v.opt(&at, "reference", &mut p.reference);
        v.opt(&at, "contact", &mut p.contact);
        v.line(&at, "status", &mut p.status);
        v.odate(&at, "next_key_date", p.next_key_date);
        v.note(&at, "constraints", &mut p.constraints);
        v.odate(&at, "last_checked", p.last_checked);
    }

    // Feedback against the question bank.
    let bank = crate::assets::question_ids();
    v.unique("feedback", b.feedback.iter().map(|f| f.id));
    for (i, f) in b.feedback.iter_mut().enumerate() {
        let at = format!("feedback[{i}]");
        same_review(&mut v, format!("{at}.review_id"), f.review_id);
        if let Some(m) = f.member_id {
            is_member(&mut v, format!("{at}.member_id"), m);
        }
        v.date(&at, "received_on", f.received_on);
        v.opt(&at, "channel", &mut f.channel);
        for (q, r) in f.responses.iter_mut() {
            if !bank.iter().any(|b| b == q) {
                v.push(
                    format!("{at}.responses"),
                    format!("unknown question id {:?}", text::truncate(q, 40)),
                );
            }
            v.note(
                &format!("{at}.responses.{}", text::truncate(q, 40)),
                "comment",
                &mut r.comment,
            );
        }
        f.responses
            .retain(|_, r| r.answer.is_some() || r.comment.is_some());
    }

    // Documents issued.
    v.unique("documents_issued", b.documents_issued.iter().map(|d| d.id));
    for (i, d) in b.documents_issued.iter_mut().enumerate() {
        let at = format!("documents_issued[{i}]");
        same_review(&mut v, format!("{at}.review_id"), d.review_id);
        if let Some(m) = d.member_id {
            is_member(&mut v, format!("{at}.member_id"), m);
        }
        if let Some(c) = d.contact_id {
            if !contact_ids.contains(&c) {
                v.push(
                    format!("{at}.contact_id"),
                    format!("no contact with id {c} in this bundle"),
                );
            }
        }
        v.plain(&at, "variant", &mut d.variant);
        v.plain(&at, "language", &mut d.language);
        v.plain(&at, "wording_version", &mut d.wording_version);
        v.date(&at, "made_at", d.made_at.date());
        v.note(&at, "override_reason", &mut d.override_reason);
        if d.pages > 100_000 {
            v.push(
                format!("{at}.pages"),
                "must be a number of pages up to 100000",
            );
        }
    }
    v.errs
}

/// Joins problems into one line, at most [`MAX_PROBLEMS`] of them.
pub fn summarise(problems: &[String]) -> String {
    let shown: Vec<&str> = problems
        .iter()
        .take(MAX_PROBLEMS)
        .map(String::as_str)
        .collect();
    let more = problems.len().saturating_sub(MAX_PROBLEMS);
    let mut s = if problems.len() == 1 {
        shown.join("")
    } else if problems.len() >= MAX_COLLECTED {
        format!(
            "at least {} problems (checking stopped there): {}",
            problems.len(),
            shown.join("; ")
        )
    } else {
        format!("{} problems: {}", problems.len(), shown.join("; "))
    };
    if more > 0 {
        s.push_str(&format!("; and {more} more"));
    }
    // Problems quote names and values from the file; a damaged file can hold control
    // characters there (a key with "\n" in it): shown escaped, the message stays one line.
    s.chars()
        .flat_map(|c| {
            let escaped: Vec<char> = if c.is_control() {
                c.escape_default().collect()
            } else {
                vec![c]
            };
            escaped
        })
        .collect()
}
