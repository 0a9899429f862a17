//! The records kept about the review's work: contacts, terms of engagement, decisions,
//! parallel processes, feedback and the documents issued.

use std::collections::{BTreeMap, HashSet};

use super::super::Bundle;
use super::V;
use crate::domain::text;

/// Contacts; returns their ids.
pub(super) fn contacts(v: &mut V, b: &mut Bundle) -> HashSet<i64> {
    let contact_ids = v.unique("contacts", b.contacts.iter().map(|c| c.id));
    for (i, c) in b.contacts.iter_mut().enumerate() {
        let at = format!("contacts[{i}]");
        v.same_review(format!("{at}.review_id"), c.review_id);
        v.is_member(format!("{at}.member_id"), c.member_id);
        let mut with = HashSet::new();
        for (j, w) in c.with_member_ids.iter().enumerate() {
            v.is_member(format!("{at}.with_member_ids[{j}]"), *w);
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
    contact_ids
}

/// Terms of engagement: versions 1, 2, … per member.
pub(super) fn terms(v: &mut V, b: &mut Bundle) {
    v.unique("terms", b.terms.iter().map(|t| t.id));
    let mut versions: BTreeMap<i64, Vec<u32>> = BTreeMap::new();
    for (i, t) in b.terms.iter_mut().enumerate() {
        let at = format!("terms[{i}]");
        v.is_member(format!("{at}.member_id"), t.member_id);
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
}

/// Decisions.
pub(super) fn decisions(v: &mut V, b: &mut Bundle) {
    v.unique("decisions", b.decisions.iter().map(|d| d.id));
    for (i, d) in b.decisions.iter_mut().enumerate() {
        let at = format!("decisions[{i}]");
        v.same_review(format!("{at}.review_id"), d.review_id);
        v.date(&at, "decided_on", d.decided_on);
        v.long(&at, "decision", &mut d.decision);
        v.long(&at, "rationale", &mut d.rationale);
        v.note(&at, "options", &mut d.options);
        v.note(&at, "consulted", &mut d.consulted);
        for (j, m) in d.member_ids.iter().enumerate() {
            v.is_member(format!("{at}.member_ids[{j}]"), *m);
        }
        v.odate(&at, "review_by", d.review_by);
        v.opt(&at, "author", &mut d.author);
    }
}

/// Parallel processes.
pub(super) fn parallel_processes(v: &mut V, b: &mut Bundle) {
    v.unique(
        "parallel_processes",
        b.parallel_processes.iter().map(|p| p.id),
    );
    for (i, p) in b.parallel_processes.iter_mut().enumerate() {
        let at = format!("parallel_processes[{i}]");
        v.same_review(format!("{at}.review_id"), p.review_id);
        v.opt(&at, "reference", &mut p.reference);
        v.opt(&at, "contact", &mut p.contact);
        v.line(&at, "status", &mut p.status);
        v.odate(&at, "next_key_date", p.next_key_date);
        v.note(&at, "constraints", &mut p.constraints);
        v.odate(&at, "last_checked", p.last_checked);
    }
}

/// Feedback against the question bank.
pub(super) fn feedback(v: &mut V, b: &mut Bundle) {
    let bank = match crate::assets::question_bank() {
        Ok(bank) => Some(bank),
        Err(e) => {
            if !b.feedback.is_empty() {
                v.push("feedback", e);
            }
            None
        }
    };
    v.unique("feedback", b.feedback.iter().map(|f| f.id));
    for (i, f) in b.feedback.iter_mut().enumerate() {
        let at = format!("feedback[{i}]");
        v.same_review(format!("{at}.review_id"), f.review_id);
        if let Some(m) = f.member_id {
            v.is_member(format!("{at}.member_id"), m);
        }
        v.date(&at, "received_on", f.received_on);
        v.opt(&at, "channel", &mut f.channel);
        for (q, r) in f.responses.iter_mut() {
            if !bank.is_some_and(|bank| bank.has(q)) {
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
}

/// Documents issued.
pub(super) fn documents_issued(v: &mut V, b: &mut Bundle, contact_ids: &HashSet<i64>) {
    v.unique("documents_issued", b.documents_issued.iter().map(|d| d.id));
    for (i, d) in b.documents_issued.iter_mut().enumerate() {
        let at = format!("documents_issued[{i}]");
        v.same_review(format!("{at}.review_id"), d.review_id);
        if let Some(m) = d.member_id {
            v.is_member(format!("{at}.member_id"), m);
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
}
