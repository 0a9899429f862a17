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

// ----- the desktop's page: search, filters, paging, attention first, closed folded ------

use kindred::domain::closed::is_closed;
use kindred::domain::nation::Nation;
use kindred::workbook::dashboard_page::{DashboardOptions, DashboardRequest};
use kindred::workbook::forms::{MemberForm, RestrictionForm, ReviewForm};
use kindred::workbook::ReviewSummary;

/// The reviews the options should show, worked out from the whole dashboard and the whole
/// review records: closed as `domain::closed` says, matched by plain string search, those
/// that need attention first, each group in id order.
fn expected(wb: &Workbook, o: &DashboardOptions) -> Vec<i64> {
    let today = wb.today();
    let records = wb.reviews().expect("reviews");
    let closed = |id: i64| {
        let r = records.iter().find(|r| r.id == id).expect("record");
        is_closed(r.phase, r.retention_until, today)
    };
    let q = o.query.as_deref().map(str::to_lowercase);
    let mut picked: Vec<&ReviewSummary> = Vec::new();
    let all = wb.dashboard().expect("dashboard").reviews;
    for r in &all {
        let matches = closed(r.id) == o.closed
            && q.as_ref().is_none_or(|q| {
                r.reference.to_lowercase().contains(q.as_str())
                    || r.pseudonym.to_lowercase().contains(q.as_str())
            })
            && o.nation.is_none_or(|n| r.nation == n)
            && o.phase.is_none_or(|p| r.phase == p)
            && (!o.attention_only || r.needs_attention());
        if matches {
            picked.push(r);
        }
    }
    let mut ids: Vec<(bool, i64)> = picked
        .iter()
        .map(|r| (!r.needs_attention(), r.id))
        .collect();
    ids.sort();
    ids.into_iter().map(|(_, id)| id).collect()
}

/// Every page of the options, joined, with the page's own counts checked on the way.
fn all_pages(wb: &Workbook, o: &DashboardOptions) -> Vec<i64> {
    let first = wb.dashboard_page(o).expect("first page");
    let mut out = Vec::new();
    for page in 1..=first.pages {
        let p = wb
            .dashboard_page(&DashboardOptions { page, ..o.clone() })
            .expect("page");
        assert_eq!(p.page, page);
        assert_eq!(p.pages, first.pages);
        assert_eq!(p.matching, first.matching);
        assert!(
            p.reviews.len() <= o.per_page,
            "a page holds at most per_page"
        );
        if page < p.pages {
            assert_eq!(p.reviews.len(), o.per_page, "only the last page is short");
        }
        // Within a page, reviews that need attention come before the others.
        let flags: Vec<bool> = p.reviews.iter().map(|r| r.needs_attention()).collect();
        assert!(
            flags.windows(2).all(|w| w[0] >= w[1]),
            "attention first: {flags:?}"
        );
        out.extend(p.reviews.iter().map(|r| r.id));
    }
    assert_eq!(out.len(), first.matching);
    assert_eq!(first.pages, first.matching.div_ceil(o.per_page).max(1));
    out
}

fn scaled(n: u32) -> (tempfile::TempDir, Workbook) {
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("w.kindred");
    kindred::workbook::demo::scaled(&path, PASS, n, |_| {}).expect("demo");
    let wb = Workbook::open(&path, PASS).expect("open");
    (dir, wb)
}

fn s(v: &str) -> Option<String> {
    Some(v.to_string())
}

/// A review with nothing waiting on the author: no people, no dates.
fn quiet_review(wb: &mut Workbook, reference: &str) -> i64 {
    wb.create_review(&ReviewForm {
        reference: s(reference),
        nation: s("wales"),
        review_type: s("susr"),
        pseudonym: s("Child Quiet"),
        body_name: s("Quiet Partnership (fictional)"),
        author_name: s("Robin Quill"),
        ..ReviewForm::default()
    })
    .expect("review")
    .id
}

#[test]
fn the_page_shows_open_reviews_attention_first_a_page_at_a_time_with_closed_ones_counted() {
    let (_dir, mut wb) = scaled(40);
    // The generated reviews all need attention: three quiet ones, then one made later with
    // someone awaiting clearance, which must come before them.
    let quiet: Vec<i64> = ["QUIET-1", "QUIET-2", "QUIET-3"]
        .iter()
        .map(|r| quiet_review(&mut wb, r))
        .collect();
    let late = quiet_review(&mut wb, "LATE-1");
    let m = wb
        .add_member(
            "LATE-1",
            &MemberForm {
                full_name: s("Sam Late"),
                ..MemberForm::default()
            },
        )
        .expect("member");
    wb.add_restriction(
        m.id,
        &RestrictionForm {
            kind: s("police-advice"),
            recorded_on: s("2026-01-01"),
            requires_clearance: true,
            ..RestrictionForm::default()
        },
    )
    .expect("restriction");
    let wb = wb;
    let o = DashboardOptions {
        per_page: 7,
        ..DashboardOptions::default()
    };
    let want = expected(&wb, &o);
    assert_eq!(all_pages(&wb, &o), want);
    let at = |id: i64| want.iter().position(|x| *x == id).expect("listed");
    assert!(quiet.iter().all(|q| at(late) < at(*q)), "attention first");
    assert_eq!(
        &want[want.len() - 3..],
        quiet.as_slice(),
        "the quiet ones last"
    );

    let page = wb.dashboard_page(&o).expect("page");
    let everything = wb.dashboard().expect("dashboard").reviews;
    assert_eq!(page.total, everything.len());
    assert_eq!(page.open + page.closed, page.total);
    assert_eq!(page.open, want.len());
    assert!(
        page.closed > 0,
        "the generated demo has reviews in the last phase"
    );
    assert!(
        page.needing_attention > 0 && page.needing_attention < page.open,
        "both kinds on the page: {} of {}",
        page.needing_attention,
        page.open
    );
    assert_eq!(
        page.needing_attention,
        everything
            .iter()
            .filter(|r| want.contains(&r.id) && r.needs_attention())
            .count()
    );

    // The closed reviews, folded away above, are a list of their own.
    let closed = DashboardOptions {
        closed: true,
        ..o.clone()
    };
    let closed_ids = all_pages(&wb, &closed);
    assert_eq!(closed_ids, expected(&wb, &closed));
    assert_eq!(closed_ids.len(), page.closed);
    assert!(closed_ids.iter().all(|id| !want.contains(id)));

    // A page past the last shows the last; page 0 shows the first.
    let last = wb
        .dashboard_page(&DashboardOptions {
            page: 999,
            ..o.clone()
        })
        .expect("past the end");
    assert_eq!(last.page, last.pages);
    let first = wb
        .dashboard_page(&DashboardOptions {
            page: 0,
            ..o.clone()
        })
        .expect("page 0");
    assert_eq!(first.page, 1);
}

#[test]
fn search_and_filters_pick_the_same_reviews_as_the_long_way() {
    let (_dir, wb) = scaled(40);
    let base = DashboardOptions {
        per_page: 5,
        ..DashboardOptions::default()
    };
    let cases = [
        // No search: the open reviews, then the closed (split from the pass the Due list
        // shares, not in SQL).
        base.clone(),
        DashboardOptions {
            closed: true,
            ..base.clone()
        },
        // By reference, any case, part of it.
        DashboardOptions {
            query: Some("scale-0001".into()),
            ..base.clone()
        },
        // By the child's pseudonym.
        DashboardOptions {
            query: Some("CHILD C".into()),
            ..base.clone()
        },
        // SQL's wildcards are plain characters here.
        DashboardOptions {
            query: Some("%".into()),
            ..base.clone()
        },
        DashboardOptions {
            query: Some("SCALE_0".into()),
            ..base.clone()
        },
        DashboardOptions {
            nation: Some(Nation::Wales),
            ..base.clone()
        },
        DashboardOptions {
            phase: Some(Phase::HearTheFamily),
            ..base.clone()
        },
        DashboardOptions {
            attention_only: true,
            ..base.clone()
        },
        DashboardOptions {
            nation: Some(Nation::England),
            attention_only: true,
            query: Some("scale".into()),
            ..base.clone()
        },
        DashboardOptions {
            nation: Some(Nation::Scotland),
            closed: true,
            ..base.clone()
        },
    ];
    let mut some_found = 0;
    for o in &cases {
        let want = expected(&wb, o);
        assert_eq!(all_pages(&wb, o), want, "{o:?}");
        if !want.is_empty() {
            some_found += 1;
        }
    }
    assert!(some_found >= 8, "most cases find something");
    assert!(expected(&wb, &cases[4]).is_empty() && expected(&wb, &cases[5]).is_empty());
    let by_reference = wb.dashboard_page(&cases[2]).expect("search");
    assert!(by_reference
        .reviews
        .iter()
        .all(|r| r.reference.starts_with("SCALE-0001")));
}

#[test]
fn a_review_in_its_last_phase_or_past_retention_is_folded_away() {
    let (_dir, mut wb) = scaled(12);
    let open = |wb: &Workbook| -> Vec<i64> {
        let o = DashboardOptions {
            per_page: 200,
            ..DashboardOptions::default()
        };
        wb.dashboard_page(&o)
            .expect("page")
            .reviews
            .iter()
            .map(|r| r.id)
            .collect()
    };
    let before = open(&wb);
    let counts = wb
        .dashboard_page(&DashboardOptions::default())
        .expect("page");
    let (a, b) = (before[0], before[1]);
    let reference = wb
        .reviews()
        .expect("reviews")
        .into_iter()
        .find(|r| r.id == a)
        .expect("review")
        .reference;
    wb.move_phase(&reference, Phase::FeedbackAndClose)
        .expect("phase 7");
    // Kept only for retention: its date has passed.
    wb.store()
        .conn()
        .execute(
            "UPDATE reviews SET body = json_set(body, '$.retention_until', '2001-01-01') WHERE id = ?1",
            [b],
        )
        .expect("retention passed");
    let after = open(&wb);
    assert!(!after.contains(&a) && !after.contains(&b));
    assert_eq!(after.len(), before.len() - 2);
    let page = wb
        .dashboard_page(&DashboardOptions::default())
        .expect("page");
    assert_eq!(page.closed, counts.closed + 2);
    assert_eq!(page.closed_past_retention, counts.closed_past_retention + 1);
    let closed = wb
        .dashboard_page(&DashboardOptions {
            closed: true,
            per_page: 200,
            ..DashboardOptions::default()
        })
        .expect("closed");
    let ids: Vec<i64> = closed.reviews.iter().map(|r| r.id).collect();
    assert!(ids.contains(&a) && ids.contains(&b));
    let past = closed.reviews.iter().find(|r| r.id == b).expect("b");
    assert!(past.retention_overdue && past.needs_attention());
}

#[test]
fn the_desktop_request_is_read_with_field_messages() {
    let ok = DashboardRequest {
        query: Some("  Child Q ".into()),
        nation: Some("wales".into()),
        phase: Some("3".into()),
        attention: true,
        closed: false,
        page: Some(2),
    }
    .parse()
    .expect("parse");
    assert_eq!(ok.query.as_deref(), Some("Child Q"));
    assert_eq!(ok.nation, Some(Nation::Wales));
    assert_eq!(ok.phase, Some(Phase::HearTheFamily));
    assert!(ok.attention_only && !ok.closed);
    assert_eq!(ok.page, 2);
    let blank = DashboardRequest {
        query: Some("   ".into()),
        nation: Some(String::new()),
        phase: Some(String::new()),
        ..DashboardRequest::default()
    }
    .parse()
    .expect("blank");
    assert_eq!(blank, DashboardOptions::default());
    let err = DashboardRequest {
        nation: Some("atlantis".into()),
        phase: Some("9".into()),
        ..DashboardRequest::default()
    }
    .parse()
    .expect_err("refused");
    match err {
        kindred::Error::Invalid(fields) => {
            let names: Vec<&str> = fields.iter().map(|f| f.field.as_str()).collect();
            assert_eq!(names, ["nation", "phase"]);
        }
        other => panic!("not a form error: {other:?}"),
    }
}

/// The page and the Due list are kept between asks (going back to the dashboard costs
/// nothing), but never outlive a change: made here, made by another connection to the same
/// workbook (the CLI while the app is open), or a day passing.
#[test]
fn the_page_and_due_list_kept_are_never_older_than_the_workbook() {
    use kindred::workbook::due::DueOptions;
    let (dir, mut wb) = scaled(6);
    let o = DashboardOptions::default();
    let json = |p: &kindred::workbook::dashboard_page::DashboardPage| {
        serde_json::to_string(p).expect("json")
    };
    let first = wb.dashboard_page(&o).expect("page");
    let again = wb.dashboard_page(&o).expect("page again");
    assert_eq!(json(&first), json(&again), "nothing changed");
    let due = wb.due(&DueOptions::default()).expect("due");

    // A change made here.
    quiet_review(&mut wb, "KEPT-1");
    let after = wb.dashboard_page(&o).expect("page");
    assert_eq!(
        after.matching,
        first.matching + 1,
        "a new review is counted"
    );

    // A change made by another connection to the same workbook.
    let path = dir.path().join("w.kindred");
    let mut other = Workbook::open(&path, PASS).expect("a second connection");
    quiet_review(&mut other, "KEPT-2");
    let seen = wb.dashboard_page(&o).expect("page");
    assert_eq!(
        seen.matching,
        first.matching + 2,
        "another connection's review"
    );
    // A visit planned by the other connection, with someone who may be contacted.
    let reviews = other.reviews().expect("reviews");
    let people: Vec<_> = reviews
        .iter()
        .flat_map(|r| other.members(r.id).expect("members"))
        .collect();
    let planned = people
        .iter()
        .find_map(|m| {
            other
                .record_contact(&kindred::workbook::forms::ContactForm {
                    member_id: m.id,
                    date: s("2026-11-27"),
                    mode: s("phone"),
                    outcome: s("planned"),
                    ..Default::default()
                })
                .ok()
        })
        .expect("someone in the demo may be phoned");
    let due_now = wb.due(&DueOptions::default()).expect("due");
    assert_eq!(due_now.items.len(), due.items.len() + 1, "one more item");
    assert!(
        due_now
            .items
            .iter()
            .any(|i| i.record.kind == "contact" && i.record.id == planned.id),
        "the call planned by the other connection is due"
    );
}

/// A review's updates owed and due soon are listed soonest first, whatever order the
/// people were added in.
#[test]
fn updates_owed_are_listed_soonest_first() {
    let (_dir, wb) = scaled(40);
    let dashboard = wb.dashboard().expect("dashboard");
    let mut listed = 0;
    for r in &dashboard.reviews {
        for list in [&r.updates_overdue, &r.updates_due_soon] {
            listed += list.len();
            assert!(
                list.windows(2).all(|w| w[0].due <= w[1].due),
                "{}: {:?}",
                r.reference,
                list.iter().map(|u| u.due).collect::<Vec<_>>()
            );
        }
    }
    assert!(listed > 40, "the demo owes updates ({listed})");
}

/// After writes made here, the pass the dashboard and the Due list are made from is brought
/// up to date by reading again only the reviews changed: every answer must then be what a
/// new connection, reading everything, gives. Each kind of write below changes something
/// on the page or in the list (a new review, a person, a restriction awaiting clearance, a
/// visit planned, a phase moved, a contact marked entered in error).
#[test]
fn the_pass_brought_up_to_date_after_writes_here_is_the_whole_pass() {
    use kindred::workbook::due::DueOptions;
    use kindred::workbook::forms::ContactForm;
    let (dir, mut wb) = scaled(12);
    let path = dir.path().join("w.kindred");
    let answers = |wb: &Workbook| -> Vec<String> {
        let mut out = Vec::new();
        for o in [
            DashboardOptions::default(),
            DashboardOptions {
                attention_only: true,
                ..DashboardOptions::default()
            },
            DashboardOptions {
                closed: true,
                ..DashboardOptions::default()
            },
        ] {
            let page = wb.dashboard_page(&o).expect("page");
            out.push(serde_json::to_string(&page).expect("json"));
        }
        for days in [None, Some(14)] {
            let due = wb
                .due(&DueOptions {
                    within_days: days,
                    ..DueOptions::default()
                })
                .expect("due");
            out.push(serde_json::to_string(&due).expect("json"));
        }
        out
    };
    // `read`: the reviews the pass must have read again (all of them the first time).
    let same_as_a_new_connection = |wb: &Workbook, after: &str, read: usize| {
        let here = answers(wb);
        assert_eq!(
            wb.reviews_read_by_last_pass(),
            Some(read),
            "after {after}: only the reviews changed are read again"
        );
        let fresh = Workbook::open(&path, PASS).expect("a new connection");
        let whole = answers(&fresh);
        for (a, b) in here.iter().zip(&whole) {
            assert_eq!(a, b, "after {after}: brought up to date != read whole");
        }
    };
    same_as_a_new_connection(&wb, "nothing", 12);

    quiet_review(&mut wb, "PASS-1");
    same_as_a_new_connection(&wb, "a new review", 1);

    // A review notified six weeks ago: its statutory deadlines are due.
    let mut dates = std::collections::BTreeMap::new();
    dates.insert("notification".to_string(), "2026-10-09".to_string());
    wb.create_review(&ReviewForm {
        reference: s("PASS-2"),
        nation: s("england"),
        review_type: s("lcspr"),
        pseudonym: s("Child Dated"),
        body_name: s("Dated Partnership (fictional)"),
        author_name: s("Robin Quill"),
        key_dates: dates,
        ..ReviewForm::default()
    })
    .expect("review with dates");
    let with_deadlines = wb
        .due(&DueOptions::default())
        .expect("due")
        .items
        .iter()
        .filter(|i| i.reference == "PASS-2")
        .count();
    assert!(with_deadlines > 0, "the dated review has deadlines due");
    same_as_a_new_connection(&wb, "a review with deadlines", 1);

    let reviews = wb.reviews().expect("reviews");
    let target = reviews
        .iter()
        .find(|r| r.reference != "PASS-1")
        .expect("a demo review")
        .reference
        .clone();
    let m = wb
        .add_member(
            &target,
            &MemberForm {
                full_name: s("Pat Newcomer"),
                ..MemberForm::default()
            },
        )
        .expect("member");
    same_as_a_new_connection(&wb, "a person added", 1);

    // Involved: updates are now owed to them.
    wb.set_involvement(m.id, "involved", None, false)
        .expect("involved");
    same_as_a_new_connection(&wb, "a person involved", 1);

    wb.add_restriction(
        m.id,
        &RestrictionForm {
            kind: s("police-advice"),
            recorded_on: s("2026-11-01"),
            requires_clearance: true,
            ..RestrictionForm::default()
        },
    )
    .expect("restriction");
    same_as_a_new_connection(&wb, "a restriction awaiting clearance", 1);

    let people: Vec<_> = reviews
        .iter()
        .flat_map(|r| wb.members(r.id).expect("members"))
        .collect();
    let planned = people
        .iter()
        .find_map(|p| {
            wb.record_contact(&ContactForm {
                member_id: p.id,
                date: s("2026-11-25"),
                mode: s("phone"),
                outcome: s("planned"),
                ..Default::default()
            })
            .ok()
        })
        .expect("someone in the demo may be phoned");
    same_as_a_new_connection(&wb, "a visit planned", 1);

    wb.mark_contact_entered_in_error(planned.id, "Entered against the wrong person")
        .expect("entered in error");
    same_as_a_new_connection(&wb, "a contact marked entered in error", 1);

    // Each kind of record the rest of the Due list is read from.
    // Today: a later contact with them would settle the follow-up.
    let today = chrono::Local::now().date_naive();
    let (reached, phoned) = people
        .iter()
        .filter(|p| !p.involvement.is_closed())
        .find_map(|p| {
            wb.record_contact(&ContactForm {
                member_id: p.id,
                date: Some(today.to_string()),
                mode: s("phone"),
                outcome: s("reached"),
                follow_up: s("Send the leaflet about the panel"),
                follow_up_due: Some((today + chrono::Days::new(7)).to_string()),
                ..Default::default()
            })
            .ok()
            .map(|c| (p.clone(), c))
        })
        .expect("someone in the demo may be phoned");
    assert!(
        wb.due(&DueOptions::default())
            .expect("due")
            .items
            .iter()
            .any(|i| i.record.kind == "contact" && i.record.id == phoned.id),
        "the follow-up is due"
    );
    same_as_a_new_connection(&wb, "a contact with a follow-up", 1);

    let review_of = |wb: &Workbook, member: &kindred::domain::member::Member| {
        wb.reviews()
            .expect("reviews")
            .into_iter()
            .find(|r| r.id == member.review_id)
            .expect("their review")
            .reference
    };
    let theirs = review_of(&wb, &reached);
    wb.add_question(
        &theirs,
        &kindred::workbook::forms::QuestionForm {
            asked_by: vec![reached.id],
            asked_on: s("2026-11-20"),
            words: s("Why did nobody visit in the summer?"),
            ..Default::default()
        },
    )
    .expect("question");
    same_as_a_new_connection(&wb, "a question asked", 1);

    wb.record_decision(
        &theirs,
        &kindred::workbook::forms::DecisionForm {
            decided_on: s("2026-11-02"),
            decision: s("Meet the grandmother at the family centre, not at home"),
            rationale: s("She asked for somewhere neutral"),
            review_by: s("2026-11-30"),
            ..Default::default()
        },
    )
    .expect("decision");
    same_as_a_new_connection(&wb, "a decision to look at again", 1);

    let session = wb
        .share_draft(
            &theirs,
            &kindred::workbook::forms::SharingForm {
                member_ids: vec![reached.id],
                draft_version: s("Draft 2"),
                date: s("2026-11-21"),
                mode: s("reading-session"),
                comments_due: s("2026-12-05"),
                ..Default::default()
            },
        )
        .expect("draft shared");
    same_as_a_new_connection(&wb, "a draft shared", 1);
    wb.add_comment(
        session.id,
        &kindred::workbook::forms::CommentForm {
            part: s("The timeline"),
            said: s("The dates of the school meetings are wrong"),
        },
    )
    .expect("comment");
    same_as_a_new_connection(&wb, "a comment on the draft", 1);

    // A parallel process with a key date next week: a deadline on the list.
    wb.add_parallel(
        &theirs,
        &kindred::workbook::forms::ParallelForm {
            kind: s("inquest"),
            status: s("Opened and adjourned"),
            next_key_date: Some((today + chrono::Days::new(5)).to_string()),
            ..Default::default()
        },
    )
    .expect("parallel process");
    same_as_a_new_connection(&wb, "a parallel process", 1);

    wb.move_phase("PASS-1", Phase::from_number(7).expect("phase 7"))
        .expect("phase");
    same_as_a_new_connection(&wb, "a review moved to its last phase", 1);
}

/// Opened for one command (the CLI: no change notes), a write makes the next pass read
/// every review again, and what it gives is what a new connection gives: nothing is
/// served from before the write.
#[test]
fn without_change_notes_a_write_means_reading_everything_again() {
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("w.kindred");
    kindred::workbook::demo::scaled(&path, PASS, 6, |_| {}).expect("demo");
    let mut wb = Workbook::open_with(
        &path,
        PASS,
        kindred::workbook::OpenOptions {
            note_changes: false,
        },
    )
    .expect("open");
    let o = DashboardOptions::default();
    let before = wb.dashboard_page(&o).expect("page");
    assert_eq!(wb.reviews_read_by_last_pass(), Some(6));
    quiet_review(&mut wb, "NOTES-1");
    let after = wb.dashboard_page(&o).expect("page");
    assert_eq!(
        wb.reviews_read_by_last_pass(),
        Some(7),
        "every review read again, the new one among them"
    );
    let json = |p: &kindred::workbook::dashboard_page::DashboardPage| {
        serde_json::to_string(p).expect("json")
    };
    assert_ne!(json(&before), json(&after), "the new review is counted");
    let fresh = Workbook::open(&path, PASS).expect("a new connection");
    assert_eq!(json(&after), json(&fresh.dashboard_page(&o).expect("page")));
}
