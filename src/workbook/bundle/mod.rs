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
//!
//! [`Bundle`] (this file) is the bundle as Kindred works with it, in domain types; the file
//! format is its own set of types in `format` ([`format::BundleFile`]), converted to and from
//! these, so the documented format never changes by accident when a domain type does.
//! The format, the strict parser (`parse`, over the bounded grammar check in `scan`) and the
//! value checks (`validate`, one file per section of the bundle) change for different
//! reasons, so each has its own file.

use std::collections::HashMap;

use serde::Serialize;

use crate::domain::catalogue::CheckStatus;
use crate::domain::member::{AbuseLink, Barrier, Member};
use crate::domain::records::*;
use crate::domain::review::{Child, Review};
use crate::domain::voice::{Contribution, Finding, LineOfEnquiry, Question, SharingSession};
use crate::workbook::summary::SavedSummary;

pub mod format;
mod parse;
pub mod scan;
mod validate;

pub use parse::parse;
pub use validate::{summarise, validate};

/// The value of the `format` field.
pub const FORMAT: &str = "kindred-review-bundle";
/// The bundle format version this Kindred writes. Version 2 added the family's voice (lines
/// of enquiry, questions, contributions, findings, draft sharing, the edited summary);
/// version 3 a person's date of birth or age band, the review's own words in Welsh and a
/// support service's Welsh name and hours (all optional).
pub const VERSION: u32 = 3;
/// The oldest version still read: a version 1 bundle imports with no family's-voice records.
pub const OLDEST_VERSION: u32 = 1;
/// Bundles larger than this are refused before they are read ([`scan::LIMITS`]).
pub const MAX_BYTES: usize = scan::LIMITS.max_bytes as usize;
/// Longest list of problems reported at once.
pub const MAX_PROBLEMS: usize = 12;
/// Problems collected before parsing stops looking for more (a list of 100,000 wrong items
/// would otherwise cost 100,000 messages).
pub const MAX_COLLECTED: usize = 1000;

/// A review bundle (format version 3) in domain types. It is written and read as
/// [`format::BundleFile`] (its `Serialize` goes through it), whose field order is the order
/// written.
#[derive(Debug, Clone, PartialEq)]
pub struct Bundle {
    pub format: String,
    pub version: u32,
    /// When it was exported (UTC, RFC 3339). Informational.
    pub exported_at: String,
    /// The program that wrote it, e.g. "kindred 0.1.0". Informational.
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
    /// The family's voice (version 2; empty when read from version 1).
    pub lines_of_enquiry: Vec<LineOfEnquiry>,
    pub questions: Vec<Question>,
    pub contributions: Vec<Contribution>,
    pub findings: Vec<Finding>,
    /// Each with its comments and the review's responses.
    pub sharing_sessions: Vec<SharingSession>,
    /// The author's edited involvement summary, if any.
    pub involvement_summary: Option<SavedSummary>,
}

/// Written as the bundle format says, whatever the domain types' own serde says.
impl Serialize for Bundle {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        format::BundleFile::from(self).serialize(s)
    }
}

/// A check status of the review (`member_id` null) or of one member.
#[derive(Debug, Clone, PartialEq)]
pub struct BundleCheck {
    pub check_id: String,
    pub member_id: Option<i64>,
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
    pub lines_of_enquiry: usize,
    pub questions: usize,
    pub contributions: usize,
    pub findings: usize,
    pub sharing_sessions: usize,
    pub draft_comments: usize,
    /// 1 when the bundle carries an edited involvement summary.
    pub involvement_summary: usize,
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
            lines_of_enquiry: self.lines_of_enquiry.len(),
            questions: self.questions.len(),
            contributions: self.contributions.len(),
            findings: self.findings.len(),
            sharing_sessions: self.sharing_sessions.len(),
            draft_comments: self.sharing_sessions.iter().map(|s| s.comments.len()).sum(),
            involvement_summary: usize::from(self.involvement_summary.is_some()),
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
            let mut s = format::SupportService::from(s);
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
        let lines = positions(b.lines_of_enquiry.iter().map(|x| x.id));
        let qs = positions(b.questions.iter().map(|x| x.id));
        let contr = positions(b.contributions.iter().map(|x| x.id));
        let all = |m: &HashMap<i64, i64>, ids: &mut Vec<i64>| {
            for id in ids.iter_mut() {
                *id = map(m, *id);
            }
        };
        for l in &mut b.lines_of_enquiry {
            l.id = map(&lines, l.id);
            l.review_id = fix_review(l.review_id);
            all(&qs, &mut l.question_ids);
        }
        for q in &mut b.questions {
            q.id = map(&qs, q.id);
            q.review_id = fix_review(q.review_id);
            all(&mem, &mut q.asked_by);
            q.contact_id = q.contact_id.map(|c| map(&con, c));
            all(&lines, &mut q.line_ids);
        }
        for c in &mut b.contributions {
            c.id = map(&contr, c.id);
            c.review_id = fix_review(c.review_id);
            c.member_id = map(&mem, c.member_id);
            c.contact_id = c.contact_id.map(|x| map(&con, x));
            all(&lines, &mut c.line_ids);
        }
        for (i, f) in b.findings.iter_mut().enumerate() {
            f.id = i as i64 + 1;
            f.review_id = fix_review(f.review_id);
            all(&lines, &mut f.line_ids);
            all(&contr, &mut f.contribution_ids);
        }
        for (i, s) in b.sharing_sessions.iter_mut().enumerate() {
            s.id = i as i64 + 1;
            s.review_id = fix_review(s.review_id);
            all(&mem, &mut s.member_ids);
            for (j, c) in s.comments.iter_mut().enumerate() {
                c.id = j as i64 + 1;
                c.session_id = s.id;
                c.review_id = fix_review(c.review_id);
            }
        }
        b
    }
}
