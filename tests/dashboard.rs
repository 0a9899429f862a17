//! The dashboard's figures against the same figures worked out the long way, from whole
//! records and the catalogue, on real encrypted workbooks: after the demo, after every kind
//! of change that moves them, and after a workbook counted with another catalogue is opened.

mod util;

use std::collections::HashSet;

use kindred::domain::catalogue::{AppliesTo, Catalogue, CheckStatus};
use kindred::domain::phase::Phase;
use kindred::Workbook;
use util::PASS;

/// Open checks of one review, from its check statuses, people and the catalogue.
fn open_checks_the_long_way(wb: &Workbook, review_id: i64) -> usize {
    let review = wb
        .reviews()
        .expect("reviews")
        .into_iter()
        .find(|r| r.id == review_id)
        .expect("review");
    let closed: HashSet<(String, i64)> = wb
        .check_statuses(review_id)
        .expect("statuses")
        .into_iter()
        .filter(|s| s.status != CheckStatus::TO_DO)
        .map(|s| (s.check_id, s.member_id.unwrap_or(0)))
        .collect();
    let members = wb.members(review_id).expect("members");
    let mut n = 0;
    for c in Catalogue::embedded().for_nation(review.nation) {
        match c.applies_to {
            AppliesTo::Review => {
                if c.phase <= review.phase && !closed.contains(&(c.id.clone(), 0)) {
                    n += 1;
                }
            }
            AppliesTo::Member => {
                for m in members.iter().filter(|m| !m.involvement.is_closed()) {
                    if c.phase <= m.position && !closed.contains(&(c.id.clone(), m.id)) {
                        n += 1;
                    }
                }
            }
        }
    }
    n
}

/// Every review's open checks on the dashboard equal the long way's.
fn check(wb: &Workbook, when: &str) {
    let dashboard = wb.dashboard().expect("dashboard");
    assert!(!dashboard.reviews.is_empty());
    for r in &dashboard.reviews {
        assert_eq!(
            r.open_checks,
            open_checks_the_long_way(wb, r.id),
            "open checks of {} {when}",
            r.reference
        );
    }
}

#[test]
fn open_checks_follow_every_change() {
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("w.kindred");
    kindred::workbook::demo::scaled(&path, PASS, 6, |_| {}).expect("demo");
    let mut wb = Workbook::open(&path, PASS).expect("open");
    check(&wb, "after the generated demo");
    let closed_somewhere = wb
        .dashboard()
        .expect("dashboard")
        .reviews
        .iter()
        .any(|r| wb.check_statuses(r.id).is_ok_and(|s| !s.is_empty()));
    assert!(closed_somewhere, "the generated reviews have closed checks");

    let review = wb.reviews().expect("reviews").remove(0);
    let people = wb.members(review.id).expect("members");
    let person = people
        .iter()
        .find(|m| !m.involvement.is_closed())
        .expect("an open person")
        .id;
    let catalogue = Catalogue::embedded();
    let review_check = catalogue
        .for_nation(review.nation)
        .find(|c| c.applies_to == AppliesTo::Review && c.phase == Phase::Prepare)
        .expect("a review check")
        .id
        .clone();
    let member_check = catalogue
        .for_nation(review.nation)
        .find(|c| c.applies_to == AppliesTo::Member)
        .expect("a member check")
        .id
        .clone();

    // Statuses set, changed and set back.
    let r = review.reference.as_str();
    wb.set_check(
        r,
        &review_check,
        None,
        "done",
        Some("Agreed"),
        Some("2026-01-02"),
    )
    .expect("done");
    check(&wb, "after a review check was done");
    wb.set_check(r, &review_check, None, "to-do", None, None)
        .expect("to do");
    check(&wb, "after it was set back to do");
    wb.set_check(
        r,
        &review_check,
        None,
        "not-applicable",
        Some("No panel"),
        None,
    )
    .expect("not applicable");
    check(&wb, "after it was marked not applicable");
    wb.set_check(
        r,
        &member_check,
        Some(person),
        "decided-otherwise",
        Some("Her wish"),
        None,
    )
    .expect("member check");
    check(&wb, "after a person's check was closed");

    // Positions, phases and involvement move what counts.
    for phase in [Phase::Prepare, Phase::from_number(7).expect("phase")] {
        wb.set_position(person, phase).expect("position");
        check(&wb, &format!("after the person moved to {phase:?}"));
        wb.move_phase(r, phase).expect("phase");
        check(&wb, &format!("after the review moved to {phase:?}"));
    }
    wb.set_involvement(person, "withdrew", Some("Too hard just now"), true)
        .expect("withdrew");
    check(&wb, "after the person withdrew");
    wb.set_involvement(person, "involved", None, false)
        .expect("involved again");
    check(&wb, "after the person came back");
}

/// The standard demo: four nations, people at every kind of involvement and position.
#[test]
fn open_checks_of_the_standard_demo() {
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("w.kindred");
    kindred::workbook::demo::standard(&path, PASS).expect("demo");
    let wb = Workbook::open(&path, PASS).expect("open");
    check(&wb, "in the standard demo");
}

/// A workbook counted with another catalogue (a check moved, dropped, or in other nations)
/// is counted again when opened, and only then.
#[test]
fn a_workbook_counted_with_another_catalogue_is_counted_again() {
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("w.kindred");
    kindred::workbook::demo::scaled(&path, PASS, 4, |_| {}).expect("demo");
    let before: Vec<usize> = {
        let wb = Workbook::open(&path, PASS).expect("open");
        check(&wb, "after the demo");
        // As an older catalogue would have left it: other phases, wrong counts.
        wb.store()
            .conn()
            .execute_batch(
                "UPDATE check_statuses SET phase = 7;
                 UPDATE member_brief SET closed_checks = 99;
                 UPDATE review_brief SET closed_checks = 0;
                 UPDATE meta SET value = 'an older catalogue' WHERE key = 'check_phases';",
            )
            .expect("age it");
        let d = wb.dashboard().expect("dashboard");
        d.reviews.iter().map(|r| r.open_checks).collect()
    };
    let wb = Workbook::open(&path, PASS).expect("open again");
    check(&wb, "after it was opened by this version");
    let after: Vec<usize> = wb
        .dashboard()
        .expect("dashboard")
        .reviews
        .iter()
        .map(|r| r.open_checks)
        .collect();
    assert_ne!(
        before, after,
        "the aged counts were wrong, so they must have changed"
    );
}
