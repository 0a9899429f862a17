//! The review and its children.

use std::collections::HashSet;

use super::super::Bundle;
use super::V;

/// The review itself.
pub(super) fn review(v: &mut V, b: &mut Bundle) {
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

/// The children; returns their ids.
pub(super) fn children(v: &mut V, b: &mut Bundle) -> HashSet<i64> {
    let child_ids = v.unique("children", b.children.iter().map(|c| c.id));
    for (i, c) in b.children.iter_mut().enumerate() {
        let at = format!("children[{i}]");
        v.same_review(format!("{at}.review_id"), c.review_id);
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
    child_ids
}
