//! Recorded work moves the review (issue 10, item 3), through the real `kindred` binary:
//! records close the checks they prove, the records suggest a person's involvement, and
//! deadlines are met when the key date that completes them is recorded or the author says so.

mod util;

use serde_json::Value;
use util::Dir;

/// A review in England with one person; returns the person's id.
fn review_with_one_person(d: &Dir) -> String {
    d.review_with_one_person(&["--key-date", "decision=2026-06-01"], "Dana Test")
}

fn contact(d: &Dir, m: &str, date: &str, outcome: &str, explained: &[&str]) -> String {
    let mut args = vec![
        "contact",
        "add",
        "--member",
        m,
        "--date",
        date,
        "--mode",
        "phone",
        "--outcome",
        outcome,
    ];
    for e in explained {
        args.extend(["--explained", e]);
    }
    d.run(&args).ok().trim().to_string()
}

/// The status of one of a person's checks, as `checks list --json` shows it.
fn status(d: &Dir, m: &str, check: &str) -> Value {
    let rows = d
        .run(&["checks", "list", "--review", "T-1", "--member", m, "--json"])
        .json();
    rows.as_array()
        .expect("rows")
        .iter()
        .find(|r| r["check"]["id"] == check)
        .unwrap_or_else(|| panic!("no check {check}"))["status"]
        .clone()
}

fn record(kind: &str, id: &str) -> Value {
    serde_json::json!({ "kind": kind, "id": id.parse::<i64>().expect("id") })
}

#[test]
fn a_reached_contact_closes_what_it_explained_with_itself_as_evidence() {
    let d = Dir::new();
    let m = review_with_one_person(&d);
    // The author said confidentiality does not apply: no record overrides that.
    d.run(&[
        "checks",
        "set",
        "--review",
        "T-1",
        "--check",
        "p1-confidentiality-explained",
        "--member",
        &m,
        "--status",
        "not-applicable",
        "--text",
        "Explained by the partnership's letter",
    ])
    .ok();
    // Not reached: proves nothing.
    contact(&d, &m, "2026-10-30", "no-answer", &["purpose"]);
    assert_eq!(status(&d, &m, "p1-purpose-explained")["status"], "to-do");

    let c1 = contact(
        &d,
        &m,
        "2026-11-01",
        "reached",
        &["purpose", "confidentiality-limits"],
    );
    let purpose = status(&d, &m, "p1-purpose-explained");
    assert_eq!(purpose["status"], "done", "{purpose}");
    assert_eq!(purpose["on"], "2026-11-01");
    assert_eq!(purpose["record"], record("contact", &c1));
    assert!(
        purpose["evidence"]
            .as_str()
            .is_some_and(|e| e.contains(&c1)),
        "{purpose}"
    );
    assert_eq!(
        status(&d, &m, "p1-confidentiality-explained")["status"],
        "not-applicable"
    );
    // What the contact did not explain stays open.
    assert_eq!(
        status(&d, &m, "p1-publication-explained")["status"],
        "to-do"
    );
    let text = d
        .run(&["checks", "list", "--review", "T-1", "--member", &m])
        .ok();
    assert!(
        text.contains(&format!("done (contact {c1})")),
        "the list names the record:\n{text}"
    );

    // Reopened, with a reason: the same contact never closes it again, a later one may.
    let reopen = |text: Option<&str>| {
        let mut args = vec![
            "checks",
            "set",
            "--review",
            "T-1",
            "--check",
            "p1-purpose-explained",
            "--member",
            &m,
            "--status",
            "to-do",
        ];
        if let Some(t) = text {
            args.extend(["--text", t]);
        }
        d.run(&args)
    };
    reopen(None).fails(1, "reopening");
    reopen(Some("She did not take it in; explain again")).ok();
    let reopened = status(&d, &m, "p1-purpose-explained");
    assert_eq!(reopened["status"], "to-do");
    assert_eq!(reopened["reopened"]["record"], record("contact", &c1));
    d.run(&[
        "contact",
        "set",
        &c1,
        "--date",
        "2026-11-01",
        "--mode",
        "phone",
        "--outcome",
        "reached",
        "--explained",
        "purpose",
        "--notes",
        "Changed",
    ])
    .ok();
    assert_eq!(status(&d, &m, "p1-purpose-explained")["status"], "to-do");
    let c2 = contact(&d, &m, "2026-11-10", "reached", &["purpose"]);
    assert_eq!(
        status(&d, &m, "p1-purpose-explained")["record"],
        record("contact", &c2)
    );

    // A contact entered in error takes back what it closed.
    d.run(&[
        "contact",
        "entered-in-error",
        "--id",
        &c2,
        "--reason",
        "Wrong person",
    ])
    .ok();
    assert_eq!(status(&d, &m, "p1-purpose-explained")["status"], "to-do");

    let audit = d.run(&["audit", "--review", "T-1", "--json"]).json();
    let actions: Vec<&str> = audit
        .as_array()
        .expect("audit")
        .iter()
        .filter(|e| e["entity"] == "check")
        .filter_map(|e| e["action"].as_str())
        .collect();
    for a in ["closed-by-record", "reopened"] {
        assert!(actions.contains(&a), "{a} is audited: {actions:?}");
    }
}

#[test]
fn agreed_terms_close_the_terms_checks_and_suggest_involved() {
    let d = Dir::new();
    let m = review_with_one_person(&d);
    let shown = d.run(&["member", "show", &m, "--json"]).json();
    assert_eq!(shown["suggestions"], serde_json::json!([]));

    let c = contact(&d, &m, "2026-11-01", "reached", &[]);
    let shown = d.run(&["member", "show", &m, "--json"]).json();
    assert_eq!(shown["suggestions"][0]["id"], "approached", "{shown}");
    assert_eq!(shown["suggestions"][0]["position"], 1);
    assert_eq!(shown["suggestions"][0]["record"], record("contact", &c));
    // Never applied unasked.
    assert_eq!(shown["member"]["involvement"]["status"], "to-consider");

    d.run(&[
        "terms",
        "agree",
        "--member",
        &m,
        "--agreed-on",
        "2026-11-02",
        "--method",
        "verbal",
        "--recorded-by",
        "A Reviewer",
        "--cadence",
        "14",
        "--venue",
        "Family centre",
    ])
    .ok();
    for check in [
        "p2-terms-agreed",
        "p2-consent-recorded",
        "p2-update-cadence",
        "p2-where-when-who",
    ] {
        let s = status(&d, &m, check);
        assert_eq!(s["status"], "done", "{check}: {s}");
        assert_eq!(s["record"]["kind"], "terms", "{check}");
    }
    assert_eq!(status(&d, &m, "p2-description-wishes")["status"], "to-do");

    let text = d.run(&["member", "show", &m]).ok();
    assert!(
        text.contains("Suggestion involved: involved, phase 2"),
        "{text}"
    );
    d.run(&["member", "accept", &m, "approached"])
        .fails(1, "no suggestion");
    d.run(&["member", "accept", &m, "involved"]).ok();
    let shown = d.run(&["member", "show", &m, "--json"]).json();
    assert_eq!(shown["member"]["involvement"]["status"], "involved");
    assert_eq!(shown["member"]["position"], 2);
    assert_eq!(shown["suggestions"], serde_json::json!([]));
    // The person's decision check follows the accepted status.
    assert_eq!(status(&d, &m, "p0-approach-decision")["status"], "done");
    let audit = d.run(&["audit", "--review", "T-1", "--json"]).json();
    assert!(audit
        .as_array()
        .expect("audit")
        .iter()
        .any(|e| e["action"] == "suggestion-accepted" && e["new"]["id"] == "involved"));

    // A refusal suggests declined, with the reason the author gives.
    let other = d
        .run(&["member", "add", "--review", "T-1", "--name", "Eli Test"])
        .ok();
    let other = other.trim();
    contact(&d, other, "2026-11-05", "refused", &[]);
    let shown = d.run(&["member", "show", other, "--json"]).json();
    assert_eq!(shown["suggestions"][0]["id"], "declined", "{shown}");
    assert_eq!(shown["suggestions"][0]["needs_reason"], true);
    d.run(&["member", "accept", other, "declined"])
        .fails(1, "reason");
    d.run(&[
        "member",
        "accept",
        other,
        "declined",
        "--reason",
        "Not ready to talk",
    ])
    .ok();
    let shown = d.run(&["member", "show", other, "--json"]).json();
    assert_eq!(shown["member"]["involvement"]["status"], "declined");
    assert_eq!(
        shown["member"]["involvement"]["reason"],
        "Not ready to talk"
    );
}

fn demo() -> Dir {
    let d = Dir::new();
    d.run(&["demo"]).ok();
    d
}

fn england(dash: &Value) -> &Value {
    dash["reviews"]
        .as_array()
        .expect("reviews")
        .iter()
        .find(|r| r["reference"] == "DEMO-ENG-01")
        .expect("England")
}

#[test]
fn the_demo_panel_notification_and_rapid_review_are_met_and_a_real_deadline_is_next() {
    let d = demo();
    let dash = d.run(&["dashboard", "--json"]).json();
    let eng = england(&dash);
    let overdue: Vec<&str> = eng["overdue_deadlines"]
        .as_array()
        .expect("overdue")
        .iter()
        .filter_map(|x| x["target_id"].as_str())
        .collect();
    assert!(
        overdue.is_empty(),
        "nothing recorded as done is overdue: {overdue:?}"
    );
    let next = &eng["next_deadline"];
    assert!(next.is_object(), "a next deadline: {eng}");
    assert_eq!(next["met"], Value::Null);

    let list = d
        .run(&["deadline", "list", "--review", "DEMO-ENG-01", "--json"])
        .json();
    let met = |id: &str| {
        list.as_array()
            .expect("deadlines")
            .iter()
            .find(|x| x["target_id"] == id)
            .unwrap_or_else(|| panic!("{id}"))["met"]
            .clone()
    };
    assert_eq!(
        met("england-notify-panel")["by"]["key-date"],
        "notification"
    );
    assert_eq!(met("england-rapid-review")["by"]["key-date"], "decision");
    assert_eq!(met("england-copy-before-publication"), Value::Null);

    // The author marks a target met: audited, and never in the future.
    d.run(&[
        "deadline",
        "met",
        "--review",
        "DEMO-ENG-01",
        "--target",
        "england-copy-before-publication",
        "--on",
        "2026-11-21",
    ])
    .fails(1, "future");
    d.run(&[
        "deadline",
        "met",
        "--review",
        "DEMO-ENG-01",
        "--target",
        "wales-report-completed",
        "--on",
        "2026-11-19",
    ])
    .fails(1, "england-notify-panel");
    d.run(&[
        "deadline",
        "met",
        "--review",
        "DEMO-ENG-01",
        "--target",
        "england-copy-before-publication",
        "--on",
        "2026-11-19",
        "--note",
        "Sent by the business unit",
    ])
    .ok();
    let list = d
        .run(&["deadline", "list", "--review", "DEMO-ENG-01", "--json"])
        .json();
    let copy = list
        .as_array()
        .expect("deadlines")
        .iter()
        .find(|x| x["target_id"] == "england-copy-before-publication")
        .expect("copy");
    assert_eq!(copy["met"]["by"], "author");
    assert_eq!(copy["met"]["on"], "2026-11-19");
    let audit = d
        .run(&["audit", "--review", "DEMO-ENG-01", "--json"])
        .json();
    assert!(audit
        .as_array()
        .expect("audit")
        .iter()
        .any(|e| e["entity"] == "target-met" && e["new"]["note"] == "Sent by the business unit"));
}

#[test]
fn open_checks_count_what_records_have_not_closed_and_views_agree() {
    let d = demo();
    let dash = d.run(&["dashboard", "--json"]).json();
    // Before records closed checks the demo's phase-3 review showed 110 open checks.
    let eng = england(&dash);
    let open = eng["open_checks"].as_u64().expect("count");
    assert!(open < 110, "records close checks: {open}");
    assert_eq!(open, OPEN_ENGLAND, "the demo's English review");
    for r in dash["reviews"].as_array().expect("reviews") {
        let reference = r["reference"].as_str().expect("reference");
        let view = d.run(&["review", "show", reference, "--json"]).json();
        assert_eq!(view["open_checks"], r["open_checks"], "{reference}");
        // The people's own counts add up to the review's, with its own checks.
        let review_own = view["checks"]
            .as_array()
            .expect("checks")
            .iter()
            .filter(|c| {
                c["member_id"].is_null()
                    && c["status"]["status"] == "to-do"
                    && c["check"]["phase"].as_u64() <= view["review"]["phase"].as_u64()
            })
            .count() as u64;
        let people: u64 = view["members"]
            .as_array()
            .expect("members")
            .iter()
            .map(|m| {
                let id = m["id"].to_string();
                d.run(&["member", "show", &id, "--json"]).json()["open_checks"]
                    .as_u64()
                    .expect("count")
            })
            .sum();
        assert_eq!(
            Some(review_own + people),
            r["open_checks"].as_u64(),
            "{reference}"
        );
    }
}

/// The demo's English review's open checks once its records close what they prove.
const OPEN_ENGLAND: u64 = 88;
