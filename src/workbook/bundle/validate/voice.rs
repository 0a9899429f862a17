//! The family's voice (bundle version 2): lines of enquiry, questions, contributions,
//! findings and draft sharing, each checked like its form, every link resolved within the
//! bundle, and the safety rules kept: no question or draft shared across a domestic-abuse
//! link or an information barrier, own words only where the person agreed to be quoted,
//! and no finding informed by what a person asked not to be used.

use std::collections::HashSet;

use super::super::Bundle;
use super::V;
use crate::domain::safety::joint_meeting;
use crate::domain::voice::*;

fn ids_in(v: &mut V, at: &str, field: &str, ids: &[i64], known: &HashSet<i64>, what: &str) {
    for (j, id) in ids.iter().enumerate() {
        if !known.contains(id) {
            v.push(
                format!("{at}.{field}[{j}]"),
                format!("no {what} with id {id} in this bundle"),
            );
        }
    }
}

pub(super) fn voice(v: &mut V, b: &mut Bundle, contact_ids: &HashSet<i64>) {
    let line_ids = v.unique("lines_of_enquiry", b.lines_of_enquiry.iter().map(|x| x.id));
    let question_ids = v.unique("questions", b.questions.iter().map(|x| x.id));
    let contribution_ids = v.unique("contributions", b.contributions.iter().map(|x| x.id));
    v.unique("findings", b.findings.iter().map(|x| x.id));
    v.unique("sharing_sessions", b.sharing_sessions.iter().map(|x| x.id));
    v.unique(
        "sharing_sessions[].comments",
        b.sharing_sessions
            .iter()
            .flat_map(|s| s.comments.iter().map(|c| c.id)),
    );
    let (links, barriers) = (b.abuse_links.clone(), b.barriers.clone());
    let contact = |v: &mut V, at: &str, c: Option<i64>| {
        if let Some(c) = c {
            if !contact_ids.contains(&c) {
                v.push(
                    format!("{at}.contact_id"),
                    format!("no contact with id {c} in this bundle"),
                );
            }
        }
    };

    for (i, l) in b.lines_of_enquiry.iter_mut().enumerate() {
        let at = format!("lines_of_enquiry[{i}]");
        v.same_review(format!("{at}.review_id"), l.review_id);
        v.long(&at, "text", &mut l.text);
        v.date(&at, "added_on", l.added_on);
        ids_in(
            v,
            &at,
            "question_ids",
            &l.question_ids,
            &question_ids,
            "question",
        );
        if let LineStatus::Dropped { reason } = &mut l.status {
            v.long(&format!("{at}.status"), "reason", reason);
        }
        for e in l.conflicts() {
            v.push(format!("{at}.{}", e.field), e.message);
        }
    }

    for (i, q) in b.questions.iter_mut().enumerate() {
        let at = format!("questions[{i}]");
        v.same_review(format!("{at}.review_id"), q.review_id);
        if q.asked_by.is_empty() {
            v.push(format!("{at}.asked_by"), "says nobody asked the question");
        }
        for (j, m) in q.asked_by.iter().enumerate() {
            v.is_member(format!("{at}.asked_by[{j}]"), *m);
        }
        if joint_meeting(&q.asked_by, &links, &barriers).is_err() {
            v.push(
                format!("{at}.asked_by"),
                "people who may never share a question (an abuse link or a barrier between them)",
            );
        }
        v.date(&at, "asked_on", q.asked_on);
        v.long(&at, "words", &mut q.words);
        contact(v, &at, q.contact_id);
        ids_in(
            v,
            &at,
            "line_ids",
            &q.line_ids,
            &line_ids,
            "line of enquiry",
        );
        let st = format!("{at}.status");
        match &mut q.status {
            QuestionStatus::Answered {
                answer,
                given_on,
                given_by,
                ..
            } => {
                v.long(&st, "answer", answer);
                v.line(&st, "given_by", given_by);
                v.date(&st, "given_on", *given_on);
            }
            QuestionStatus::CannotBeAnswered { reason, told_on } => {
                v.long(&st, "reason", reason);
                v.date(&st, "told_on", *told_on);
            }
            QuestionStatus::OutsideReview {
                referred_to,
                told_on,
            } => {
                v.line(&st, "referred_to", referred_to);
                v.odate(&st, "told_on", *told_on);
            }
            QuestionStatus::Open | QuestionStatus::BeingLookedInto => {}
        }
    }

    for (i, c) in b.contributions.iter_mut().enumerate() {
        let at = format!("contributions[{i}]");
        v.same_review(format!("{at}.review_id"), c.review_id);
        v.is_member(format!("{at}.member_id"), c.member_id);
        v.date(&at, "date", c.date);
        v.date(&at, "permission_agreed_on", c.permission_agreed_on);
        contact(v, &at, c.contact_id);
        ids_in(
            v,
            &at,
            "line_ids",
            &c.line_ids,
            &line_ids,
            "line of enquiry",
        );
        v.opt(&at, "theme", &mut c.theme);
        v.long(&at, "summary", &mut c.summary);
        v.note(&at, "own_words", &mut c.own_words);
        v.note(&at, "not_used_reason", &mut c.not_used_reason);
        if c.own_words.is_some() && c.permission != UsePermission::MayQuote {
            v.push(
                format!("{at}.own_words"),
                "kept only where the person agreed to be quoted (permission \"may-quote\")",
            );
        }
    }

    let contributions = b.contributions.clone();
    for (i, f) in b.findings.iter_mut().enumerate() {
        let at = format!("findings[{i}]");
        v.same_review(format!("{at}.review_id"), f.review_id);
        v.line(&at, "title", &mut f.title);
        v.long(&at, "text", &mut f.text);
        ids_in(
            v,
            &at,
            "line_ids",
            &f.line_ids,
            &line_ids,
            "line of enquiry",
        );
        ids_in(
            v,
            &at,
            "contribution_ids",
            &f.contribution_ids,
            &contribution_ids,
            "contribution",
        );
        for e in link_conflicts(f, &contributions) {
            v.push(format!("{at}.{}", e.field), e.message);
        }
    }

    for (i, s) in b.sharing_sessions.iter_mut().enumerate() {
        let at = format!("sharing_sessions[{i}]");
        v.same_review(format!("{at}.review_id"), s.review_id);
        if s.member_ids.is_empty() {
            v.push(format!("{at}.member_ids"), "says nobody saw the draft");
        }
        for (j, m) in s.member_ids.iter().enumerate() {
            v.is_member(format!("{at}.member_ids[{j}]"), *m);
        }
        if joint_meeting(&s.member_ids, &links, &barriers).is_err() {
            v.push(
                format!("{at}.member_ids"),
                "people who may never see a draft together (an abuse link or a barrier between them)",
            );
        }
        v.line(&at, "draft_version", &mut s.draft_version);
        v.date(&at, "date", s.date);
        v.opt(&at, "supporter", &mut s.supporter);
        v.opt(&at, "interpreter_language", &mut s.interpreter_language);
        v.days(&at, "reading_time_days", s.reading_time_days);
        v.odate(&at, "comments_due", s.comments_due);
        let sid = s.id;
        for (j, c) in s.comments.iter_mut().enumerate() {
            let cat = format!("{at}.comments[{j}]");
            v.same_review(format!("{cat}.review_id"), c.review_id);
            if c.session_id != sid {
                v.push(
                    format!("{cat}.session_id"),
                    format!("is {}, but the comment is in session {sid}", c.session_id),
                );
            }
            v.line(&cat, "part", &mut c.part);
            v.long(&cat, "said", &mut c.said);
            if let Some(r) = &mut c.response {
                let rat = format!("{cat}.response");
                v.date(&rat, "decided_on", r.decided_on);
                v.odate(&rat, "told_on", r.told_on);
                match &mut r.kind {
                    ResponseKind::Changed { how } => v.long(&rat, "how", how),
                    ResponseKind::FactualCorrection { what } => v.long(&rat, "what", what),
                    ResponseKind::NotChanged { why } => v.long(&rat, "why", why),
                }
            }
        }
    }

    if let Some(s) = &mut b.involvement_summary {
        v.long("involvement_summary", "text", &mut s.text);
        if s.language != "en" && s.language != "cy" {
            v.push("involvement_summary.language", "must be en or cy");
        }
        v.date("involvement_summary", "saved_on", s.saved_on);
    }
}
