//! Recorded work moves the review: which checks a record proves done, and which changes to a
//! person's involvement and position the records suggest.
//!
//! The rules are data: each check in `assets/checks.toml` lists the records that close it
//! (`closed_by = [{ record = "contact", when = "explained:purpose" }]`). This module says
//! what each record kind is and which conditions hold for one record (its "facts"); the
//! catalogue is validated against [`CONDITIONS`] when it loads.
//!
//! The rules for closing, in one place ([`may_close`]):
//! - a record closes a check only while the check is open ("to do");
//! - a check the author set (done, not applicable, decided otherwise) is never touched, and
//!   nor is one already closed by another record (the first record is the evidence);
//! - a check the author reopened is not closed again by the record that had closed it;
//!   a different record (a later visit that explained it again) may close it.

use chrono::NaiveDate;
use serde::Serialize;

use super::catalogue::{AppliesTo, Catalogue, CheckDef, CheckStatus, RecordRef};
use super::dates::long;
use super::member::{Involvement, Member, Restriction, RoleStatusEntry};
use super::nation::Nation;
use super::phase::Phase;
use super::records::{
    Contact, ContactOutcome, Decision, DocumentIssued, DocumentKind, Explained, Feedback, Terms,
};
use super::review::Review;

/// Every record kind a rule may name, whether it belongs to the review (`true`) or to one
/// person, and the conditions it knows. `explained:<item>` is known for contacts for each
/// item of the transparency list (`Explained`).
pub const CONDITIONS: &[(&str, bool, &[&str])] = &[
    ("review", true, &["purpose-statement", "purpose-reasons"]),
    (
        "person",
        false,
        &["hope-to-learn", "access-needs", "welsh-preferred"],
    ),
    ("involvement", false, &["decided"]),
    (
        "contact",
        false,
        &[
            "reached",
            "notes",
            "interpreter",
            "wellbeing",
            "disclosure-referred",
        ],
    ),
    (
        "terms",
        false,
        &[
            "agreed",
            "mode",
            "venue",
            "update-cadence",
            "description-wishes",
            "draft-wishes",
            "support",
            "confidentiality-explained",
            "withdrawal-explained",
            "publication-explained",
        ],
    ),
    ("document", false, &["information-sheet", "feedback-form"]),
    ("clearance", false, &["recorded"]),
    ("restriction", false, &["recorded", "requires-clearance"]),
    ("role-status", false, &["recorded"]),
    ("decision", false, &["review-by"]),
    ("feedback", false, &["received"]),
];

/// Whether `record` is a known kind and `when` one of its conditions.
pub fn is_condition(record: &str, when: &str) -> bool {
    if record == "contact" {
        if let Some(item) = when.strip_prefix("explained:") {
            return Explained::parse(item).is_some_and(|e| e.slug() == item);
        }
    }
    CONDITIONS
        .iter()
        .any(|(k, _, conds)| *k == record && conds.contains(&when))
}

/// Whether a record kind belongs to the review rather than to one person.
pub fn is_review_level(record: &str) -> bool {
    CONDITIONS
        .iter()
        .any(|(k, review, _)| *k == record && *review)
}

/// What one record proves: its kind and id, whose it is, its date and the conditions that
/// hold for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Proof {
    pub record: RecordRef,
    /// None for a review-level record.
    pub member_id: Option<i64>,
    pub on: NaiveDate,
    pub holds: Vec<String>,
    /// The evidence written on the check: what the record is, in a few words.
    pub evidence: String,
}

impl Proof {
    fn new(kind: &str, id: i64, member_id: Option<i64>, on: NaiveDate, what: String) -> Proof {
        Proof {
            record: RecordRef {
                kind: kind.to_string(),
                id,
            },
            member_id,
            on,
            holds: Vec::new(),
            evidence: what,
        }
    }

    fn hold(&mut self, cond: &str, yes: bool) {
        if yes {
            self.holds.push(cond.to_string());
        }
    }

    /// The checks of this nation's catalogue that this record closes (by its rules).
    pub fn closes<'c>(&self, catalogue: &'c Catalogue, nation: Nation) -> Vec<&'c CheckDef> {
        let scope = if self.member_id.is_some() {
            AppliesTo::Member
        } else {
            AppliesTo::Review
        };
        catalogue
            .for_nation(nation)
            .filter(|c| c.applies_to == scope)
            .filter(|c| {
                c.closed_by
                    .iter()
                    .any(|r| r.record == self.record.kind && self.holds.contains(&r.when))
            })
            .collect()
    }
}

/// A closed list's value in words, for evidence: "home-visit" -> "home visit".
fn words(slug: &str) -> String {
    slug.replace('-', " ")
}

fn capitalised(s: &str) -> String {
    let mut cs = s.chars();
    cs.next()
        .map(|f| f.to_uppercase().chain(cs).collect())
        .unwrap_or_default()
}

/// Who gave advice, in words (the prosecutors by their initials, as people say them).
fn body_words(b: super::member::ClearanceBody) -> String {
    use super::member::ClearanceBody as B;
    match b {
        B::Cps => "CPS".into(),
        B::Copfs => "COPFS".into(),
        B::Pps => "PPS".into(),
        other => words(other.slug()),
    }
}

/// Whether a record may close a check whose status is `old` (none: never set).
pub fn may_close(old: Option<&CheckStatus>, record: &RecordRef) -> bool {
    match old {
        None | Some(CheckStatus::ToDo { reopened: None }) => true,
        Some(CheckStatus::ToDo { reopened: Some(r) }) => r.record.as_ref() != Some(record),
        Some(_) => false,
    }
}

fn some(s: &Option<String>) -> bool {
    s.as_deref().is_some_and(|s| !s.trim().is_empty())
}

pub fn review_proof(r: &Review, on: NaiveDate) -> Proof {
    let mut p = Proof::new(
        "review",
        r.id,
        None,
        on,
        "Recorded in the review's details".into(),
    );
    p.hold("purpose-statement", some(&r.purpose_statement));
    p.hold("purpose-reasons", !r.purpose_reasons.is_empty());
    p
}

/// What the person's own details prove (hope to learn, access needs), and their involvement.
pub fn person_proofs(m: &Member, on: NaiveDate) -> Vec<Proof> {
    let d = &m.details;
    let mut p = Proof::new(
        "person",
        m.id,
        Some(m.id),
        on,
        "Recorded in the person's details".into(),
    );
    p.hold("hope-to-learn", some(&d.hope_to_learn));
    p.hold(
        "access-needs",
        some(&d.language)
            || d.interpreter_needed
            || d.translation_needed
            || some(&d.literacy)
            || !d.accessibility.is_empty()
            || some(&d.accessibility_notes),
    );
    p.hold("welsh-preferred", d.welsh_preferred);
    let mut i = Proof::new(
        "involvement",
        m.id,
        Some(m.id),
        on,
        format!("Involvement recorded as {}", words(m.involvement.slug())),
    );
    i.hold("decided", m.involvement != Involvement::ToConsider);
    vec![p, i]
}

/// A contact proves nothing unless the person was reached and it was not entered in error.
pub fn contact_proof(c: &Contact) -> Proof {
    let mut p = Proof::new(
        "contact",
        c.id,
        Some(c.member_id),
        c.date,
        format!("Contact on {} ({})", long(c.date), words(c.mode.slug())),
    );
    if c.outcome != ContactOutcome::Reached || c.entered_in_error.is_some() {
        return p;
    }
    p.hold("reached", true);
    p.hold("notes", some(&c.notes));
    p.hold("interpreter", some(&c.interpreter_language));
    p.hold("wellbeing", some(&c.wellbeing));
    p.hold(
        "disclosure-referred",
        c.disclosure.as_ref().is_some_and(|d| d.referral_made),
    );
    for e in &c.explained {
        p.holds.push(format!("explained:{}", e.slug()));
    }
    p
}

/// What a contact proves for each person at it: the person it is with, and the others at a
/// joint meeting (each reached with them).
pub fn contact_proofs(c: &Contact) -> Vec<Proof> {
    let main = contact_proof(c);
    let mut out = vec![main.clone()];
    for &other in &c.with_member_ids {
        let mut p = main.clone();
        p.member_id = Some(other);
        out.push(p);
    }
    out
}

pub fn terms_proof(t: &Terms) -> Proof {
    let mut p = Proof::new(
        "terms",
        t.id,
        Some(t.member_id),
        t.agreed_on,
        format!(
            "Terms of engagement, version {}, agreed {} ({})",
            t.version,
            long(t.agreed_on),
            words(t.method.slug())
        ),
    );
    p.hold("agreed", true);
    p.hold("mode", some(&t.mode));
    p.hold("venue", some(&t.venue));
    p.hold(
        "update-cadence",
        t.update_cadence_days.is_some() || some(&t.channel),
    );
    p.hold("description-wishes", some(&t.description_wishes));
    p.hold(
        "draft-wishes",
        t.wants_draft || t.reading_time_days.is_some(),
    );
    p.hold("support", some(&t.supporter) || some(&t.interpreter));
    p.hold(
        "confidentiality-explained",
        t.confidentiality_explained_on.is_some(),
    );
    p.hold("withdrawal-explained", t.withdrawal_explained_on.is_some());
    p.hold(
        "publication-explained",
        t.publication_explained_on.is_some(),
    );
    p
}

pub fn document_proof(d: &DocumentIssued) -> Option<Proof> {
    let member = d.member_id?;
    let mut p = Proof::new(
        "document",
        d.id,
        Some(member),
        d.made_at.date(),
        format!(
            "{} made {}",
            capitalised(&words(d.kind.slug())),
            long(d.made_at.date())
        ),
    );
    p.hold(
        "information-sheet",
        d.kind == DocumentKind::InformationSheet,
    );
    p.hold("feedback-form", d.kind == DocumentKind::FeedbackForm);
    Some(p)
}

pub fn clearance_proof(member_id: i64, c: &super::member::Clearance) -> Proof {
    let mut p = Proof::new(
        "clearance",
        c.id,
        Some(member_id),
        c.given_on,
        format!(
            "Advice from the {} on {}",
            body_words(c.body),
            long(c.given_on)
        ),
    );
    p.hold("recorded", c.entered_in_error.is_none());
    p
}

pub fn restriction_proof(member_id: i64, r: &Restriction) -> Proof {
    let mut p = Proof::new(
        "restriction",
        r.id,
        Some(member_id),
        r.recorded_on,
        format!(
            "Restriction ({}) recorded {}",
            words(r.kind.slug()),
            long(r.recorded_on)
        ),
    );
    if r.entered_in_error.is_none() {
        p.hold("recorded", true);
        p.hold("requires-clearance", r.requires_clearance);
    }
    p
}

pub fn role_status_proof(member_id: i64, s: &RoleStatusEntry) -> Proof {
    let mut p = Proof::new(
        "role-status",
        s.id,
        Some(member_id),
        s.since,
        format!(
            "Status {} recorded since {}",
            words(s.status.slug()),
            long(s.since)
        ),
    );
    p.hold("recorded", true);
    p
}

/// A decision proves, for each person it is linked to, a decision with a date to look again.
pub fn decision_proofs(d: &Decision) -> Vec<Proof> {
    d.member_ids
        .iter()
        .map(|&m| {
            let mut p = Proof::new(
                "decision",
                d.id,
                Some(m),
                d.decided_on,
                format!("Decision of {}", long(d.decided_on)),
            );
            p.hold("review-by", d.review_by.is_some());
            p
        })
        .collect()
}

pub fn feedback_proof(f: &Feedback) -> Option<Proof> {
    let mut p = Proof::new(
        "feedback",
        f.id,
        Some(f.member_id?),
        f.received_on,
        format!("Feedback received {}", long(f.received_on)),
    );
    p.hold("received", true);
    Some(p)
}

// ---------------------------------------------------------------------------------------
// Suggestions: what the records say about a person's involvement and position, offered to
// the author, never applied unasked.

/// A change the records suggest for one person. The author accepts it (or not).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Suggestion {
    /// Stable within the person: `approached`, `involved` or `declined`.
    pub id: String,
    /// The involvement status it would set.
    pub involvement: String,
    /// The position it would set, when that moves the person on.
    pub position: Option<Phase>,
    /// Why, in a sentence, naming the record.
    pub why: String,
    pub record: RecordRef,
    /// The status needs a reason the author gives when accepting (declined).
    pub needs_reason: bool,
}

/// What the records suggest for this person: their first reached contact makes them
/// approached (phase 1), agreed terms make them involved (phase 2), a refusal makes them
/// declined (with the author's reason). Nothing is suggested that would move a person back,
/// or change a status the author has closed (declined, withdrew, not approached).
pub fn suggestions(m: &Member, contacts: &[Contact], terms: &[Terms]) -> Vec<Suggestion> {
    use super::member::InvolvementStatus as S;
    let status = m.involvement.status();
    if status.is_closed() {
        return Vec::new();
    }
    let own: Vec<&Contact> = contacts
        .iter()
        .filter(|c| c.member_id == m.id && c.entered_in_error.is_none())
        .collect();
    let later = |p: Phase| (p > m.position).then_some(p);
    let mut out = Vec::new();
    // The latest terms make the person involved.
    if let Some(t) = terms.iter().rfind(|t| t.member_id == m.id) {
        let position = later(Phase::AgreeTerms);
        if status != S::Involved || position.is_some() {
            out.push(Suggestion {
                id: "involved".into(),
                involvement: "involved".into(),
                position,
                why: format!(
                    "Terms of engagement (version {}) were agreed on {}",
                    t.version,
                    long(t.agreed_on)
                ),
                record: RecordRef {
                    kind: "terms".into(),
                    id: t.id,
                },
                needs_reason: false,
            });
        }
    } else if let Some(c) = own.iter().find(|c| c.reached()) {
        // The first reached contact makes the person approached.
        let position = later(Phase::FirstContact);
        if matches!(status, S::ToConsider | S::Approach) || position.is_some() {
            let involvement = if status == S::Involved {
                "involved"
            } else {
                "approached"
            };
            out.push(Suggestion {
                id: "approached".into(),
                involvement: involvement.into(),
                position,
                why: format!(
                    "{} was reached on {}",
                    m.details.display_name(),
                    long(c.date)
                ),
                record: RecordRef {
                    kind: "contact".into(),
                    id: c.id,
                },
                needs_reason: false,
            });
        }
    }
    // The latest refusal, if no later contact reached the person.
    let latest = own
        .iter()
        .filter(|c| c.outcome.took_place())
        .max_by_key(|c| (c.at(), c.id));
    if let Some(c) = latest.filter(|c| c.outcome == ContactOutcome::Refused) {
        out.push(Suggestion {
            id: "declined".into(),
            involvement: "declined".into(),
            position: None,
            why: format!(
                "{} refused on {}; give the reason they gave, if any",
                m.details.display_name(),
                long(c.date)
            ),
            record: RecordRef {
                kind: "contact".into(),
                id: c.id,
            },
            needs_reason: true,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::catalogue::Reopened;

    #[test]
    fn every_rule_in_the_catalogue_names_a_real_record_and_condition() {
        let cat = Catalogue::embedded();
        assert!(!cat.version.starts_with("invalid"), "{}", cat.version);
        let mut closable = 0;
        for c in &cat.checks {
            for r in &c.closed_by {
                assert!(is_condition(&r.record, &r.when), "{}: {r:?}", c.id);
                assert_eq!(
                    is_review_level(&r.record),
                    c.applies_to == AppliesTo::Review,
                    "{}: {r:?}",
                    c.id
                );
            }
            closable += usize::from(!c.closed_by.is_empty());
        }
        assert!(
            closable >= 30,
            "only {closable} checks can be closed by a record"
        );
    }

    #[test]
    fn unknown_rules_are_refused_when_the_catalogue_loads() {
        let base = r#"version = "x"
[[check]]
id = "a"
phase = 1
principle = 3
applies_to = "member"
text = "t"
source = { kind = "study", reference = "r" }
"#;
        let cases = [
            (
                r#"closed_by = [{ record = "contact", when = "explained:purpose" }]"#,
                true,
            ),
            (
                r#"closed_by = [{ record = "terms", when = "agreed" }]"#,
                true,
            ),
            (
                r#"closed_by = [{ record = "contact", when = "explained:everything" }]"#,
                false,
            ),
            (
                r#"closed_by = [{ record = "contact", when = "explained: purpose" }]"#,
                false,
            ),
            (
                r#"closed_by = [{ record = "letter", when = "sent" }]"#,
                false,
            ),
            (
                r#"closed_by = [{ record = "terms", when = "reached" }]"#,
                false,
            ),
            (
                r#"closed_by = [{ record = "review", when = "purpose-statement" }]"#,
                false,
            ),
            (
                r#"closed_by = [{ record = "terms", when = "agreed", also = 1 }]"#,
                false,
            ),
        ];
        for (rule, ok) in cases {
            let src = format!("{base}{rule}\n");
            assert_eq!(Catalogue::from_toml(&src).is_ok(), ok, "{rule}");
        }
    }

    #[test]
    fn closing_rules() {
        let rec = |id| RecordRef {
            kind: "contact".into(),
            id,
        };
        let d = NaiveDate::from_ymd_opt(2026, 1, 5).unwrap_or_default();
        let reopened = |by: Option<i64>| CheckStatus::ToDo {
            reopened: Some(Reopened {
                reason: "Not understood".into(),
                on: d,
                record: by.map(rec),
            }),
        };
        let cases: &[(Option<CheckStatus>, bool, &str)] = &[
            (None, true, "never set"),
            (Some(CheckStatus::TO_DO), true, "to do"),
            (
                Some(reopened(None)),
                true,
                "reopened, not closed by a record before",
            ),
            (
                Some(reopened(Some(1))),
                false,
                "reopened after this record closed it",
            ),
            (
                Some(reopened(Some(2))),
                true,
                "reopened after another record closed it",
            ),
            (
                Some(CheckStatus::Done {
                    evidence: "Author".into(),
                    on: d,
                    record: None,
                }),
                false,
                "done by the author",
            ),
            (
                Some(CheckStatus::Done {
                    evidence: "Contact 2".into(),
                    on: d,
                    record: Some(rec(2)),
                }),
                false,
                "done by another record",
            ),
            (
                Some(CheckStatus::NotApplicable { reason: "r".into() }),
                false,
                "not applicable",
            ),
            (
                Some(CheckStatus::DecidedOtherwise { reason: "r".into() }),
                false,
                "decided otherwise",
            ),
        ];
        for (old, want, case) in cases {
            assert_eq!(may_close(old.as_ref(), &rec(1)), *want, "{case}");
        }
    }
}
