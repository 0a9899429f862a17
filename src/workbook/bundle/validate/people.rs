//! The people: the support services they chose, the members with everything that hangs off
//! them, and the links between members.

use std::collections::{HashMap, HashSet};

use super::super::Bundle;
use super::V;
use crate::domain::member::Involvement;

/// The support services used; returns their ids.
pub(super) fn support_services(v: &mut V, b: &mut Bundle) -> HashSet<i64> {
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
    support_ids
}

/// Members and everything that hangs off them; returns their ids.
pub(super) fn members(
    v: &mut V,
    b: &mut Bundle,
    child_ids: &HashSet<i64>,
    support_ids: &HashSet<i64>,
) -> HashSet<i64> {
    let member_ids = v.unique("members", b.members.iter().map(|m| m.id));
    for (i, m) in b.members.iter_mut().enumerate() {
        let at = format!("members[{i}]");
        v.same_review(format!("{at}.review_id"), m.review_id);
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
        v.odate(&dat, "date_of_birth", d.date_of_birth);
        // As the form reads them (a bundle has no "today": a birth date after the export is
        // left to the author, like other dates).
        for e in d.age_conflicts(chrono::NaiveDate::MAX) {
            v.push(format!("{dat}.{}", e.field), e.message);
        }
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
            if let Some(x) = &mut c.entered_in_error {
                v.long(&format!("{at}.entered_in_error"), "reason", &mut x.reason);
            }
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
    member_ids
}

/// Directory entries nobody in the review chose are not part of the review: left out.
pub(super) fn drop_unchosen_services(b: &mut Bundle) {
    let chosen: HashSet<i64> = b
        .members
        .iter()
        .flat_map(|m| m.support_ids.iter().copied())
        .collect();
    b.support_services_used.retain(|s| chosen.contains(&s.id));
}

/// Links between members: abuse links and barriers.
pub(super) fn links(v: &mut V, b: &mut Bundle) {
    let mut pairs = HashSet::new();
    for (i, l) in b.abuse_links.iter().enumerate() {
        let at = format!("abuse_links[{i}]");
        v.is_member(format!("{at}.victim_id"), l.victim_id);
        v.is_member(format!("{at}.perpetrator_id"), l.perpetrator_id);
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
        v.is_member(format!("{at}.protected_id"), x.protected_id);
        v.is_member(format!("{at}.withheld_from_id"), x.withheld_from_id);
        if x.protected_id == x.withheld_from_id {
            v.push(&at, "puts a barrier between a person and themselves");
        }
        if !pairs.insert((x.protected_id, x.withheld_from_id)) {
            v.push(&at, "the same barrier is listed twice");
        }
        v.note(&at, "reason", &mut x.reason);
    }
}
