//! Check statuses: each against the catalogue (it exists, applies in the review's nation,
//! is for the review or for a person), once each, and any record it links to is in the
//! bundle.

use std::collections::{HashMap, HashSet};

use super::super::Bundle;
use super::V;
use crate::domain::catalogue::{AppliesTo, Catalogue, CheckStatus};
use crate::domain::text;

/// Check statuses.
pub(super) fn checks(v: &mut V, b: &mut Bundle) {
    let nation = b.review.nation;
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
            v.is_member(format!("{at}.member_id"), m);
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
}
