//! Text that cannot mislead (issue 9, item 7), through the real `kindred` binary: invisible
//! and direction-changing characters, dates that contradict each other, and records marked
//! as entered in error.

mod util;

use serde_json::Value;
use util::Dir;

fn audit_len(d: &Dir) -> usize {
    d.run(&["audit", "--json"])
        .json()
        .as_array()
        .map_or(0, Vec::len)
}

/// A workbook with one review (decision 2026-06-01, updates every 14 days; today is
/// 2026-11-20 in tests) and one involved person. Returns the person's id.
fn one_person() -> (Dir, String) {
    let d = Dir::new();
    let m = d.review_with_one_person(
        &["--key-date", "decision=2026-06-01", "--cadence", "14"],
        "Jade Test",
    );
    d.run(&["member", "status", &m, "involved"]).ok();
    (d, m)
}

fn contact(d: &Dir, member: &str, date: &str, outcome: &str) -> util::Run {
    d.run(&[
        "contact",
        "add",
        "--member",
        member,
        "--date",
        date,
        "--mode",
        "phone",
        "--outcome",
        outcome,
    ])
}

#[test]
fn a_name_with_a_direction_override_is_refused_and_nothing_is_written() {
    let (d, m) = one_person();
    let before = audit_len(&d);
    let members = d.run(&["members", "--review", "T-1", "--json"]).json();
    // U+202E made a sheet read "Information for Eve fdp.exe Smith".
    d.run(&[
        "member",
        "add",
        "--review",
        "T-1",
        "--name",
        "Eve \u{202E}exe.pdf Smith",
    ])
    .fails(
        1,
        "Full name contains an invisible or direction-changing character (U+202E, right-to-left override); remove it",
    );
    d.run(&["member", "set", &m, "--name", "Jade\u{200B}Test"])
        .fails(
            1,
            "Full name contains an invisible or direction-changing character (U+200B",
        );
    d.run(&[
        "contact",
        "add",
        "--member",
        &m,
        "--date",
        "2026-11-01",
        "--mode",
        "phone",
        "--outcome",
        "reached",
        "--notes",
        "Said \u{2067}hello\u{2069}",
    ])
    .fails(
        1,
        "Notes contains an invisible or direction-changing character (U+2067",
    );
    d.run(&[
        "contact",
        "add",
        "--member",
        &m,
        "--date",
        "2026-11-01",
        "--mode",
        "phone",
        "--outcome",
        "reached",
        "--location",
        "Caf\u{00AD}é",
    ])
    .fails(
        1,
        "Place contains an invisible or direction-changing character (U+00AD",
    );
    assert_eq!(audit_len(&d), before, "a refused write writes nothing");
    assert_eq!(
        d.run(&["members", "--review", "T-1", "--json"]).json(),
        members
    );
}

#[test]
fn names_in_scripts_that_need_joiners_are_kept_as_typed() {
    let (d, _) = one_person();
    for name in [
        // Bengali, with a zero width non-joiner and a zero width joiner after a virama.
        "সুর\u{200C}ঞ্জিত র্\u{200D}যায়",
        // Persian, with a non-joiner between prefix and word.
        "مهر\u{200C}آفرین",
        // Arabic and Devanagari without joiners, and a family emoji with joiners.
        "محمد अर्जुन 👨\u{200D}👩\u{200D}👧",
    ] {
        let id = d
            .run(&["member", "add", "--review", "T-1", "--name", name])
            .ok();
        let shown = d.run(&["member", "show", id.trim(), "--json"]).json();
        assert_eq!(shown["member"]["name"], name);
    }
}

#[test]
fn contradictory_dates_are_refused_with_the_fields_words() {
    let (d, m) = one_person();
    let before = audit_len(&d);
    d.run(&[
        "child",
        "add",
        "--review",
        "T-1",
        "--known-as",
        "Twm",
        "--pseudonym",
        "Child T",
        "--date-of-birth",
        "2021-05-14",
        "--outcome",
        "died",
        "--date-of-death-or-injury",
        "2021-05-13",
    ])
    .fails(
        1,
        "Date of death or injury (13 May 2021) is before the date of birth (14 May 2021)",
    );
    d.run(&[
        "restriction",
        "add",
        "--member",
        &m,
        "--kind",
        "bail-conditions",
        "--recorded-on",
        "2026-03-01",
        "--expires",
        "2026-02-01",
    ])
    .fails(
        1,
        "Expires (1 February 2026) is before the restriction was recorded (1 March 2026)",
    );
    contact(&d, &m, "2026-05-31", "reached").fails(
        1,
        "Date of the contact (31 May 2026) is before the decision to hold the review (1 June 2026)",
    );
    contact(&d, &m, "2026-12-01", "reached").fails(
        1,
        "Date of the contact (1 December 2026) is in the future, so it cannot have happened yet",
    );
    assert_eq!(audit_len(&d), before, "a refused write writes nothing");

    // A clearance before the restriction it clears.
    d.run(&[
        "restriction",
        "add",
        "--member",
        &m,
        "--kind",
        "police-advice",
        "--recorded-on",
        "2026-09-01",
        "--requires-clearance",
    ])
    .ok();
    d.run(&[
        "clearance",
        "add",
        "--member",
        &m,
        "--body",
        "police",
        "--given-on",
        "2026-08-31",
        "--advice",
        "SIO agrees",
        "--contact-allowed",
    ])
    .fails(
        1,
        "Date given (31 August 2026) is before the restriction it clears was recorded (1 September 2026)",
    );
    // What makes sense is kept: a planned visit ahead, a contact on the decision day.
    contact(&d, &m, "2027-01-10", "planned").fails(1, "no clearance");
    d.run(&[
        "clearance",
        "add",
        "--member",
        &m,
        "--body",
        "police",
        "--given-on",
        "2026-09-02",
        "--advice",
        "SIO agrees",
        "--contact-allowed",
    ])
    .ok();
    contact(&d, &m, "2027-01-10", "planned").ok();
    contact(&d, &m, "2026-06-01", "reached").ok();
    // The decision date cannot then move after that contact.
    d.run(&["review", "set", "T-1", "--key-date", "decision=2026-07-01"])
        .fails(
            1,
            "Date of the decision to hold the review (1 July 2026) is after a contact already recorded on 1 June 2026",
        );
}

fn updates(d: &Dir) -> Vec<Value> {
    let dash = d.run(&["dashboard", "--json"]).json();
    let r = &dash["reviews"][0];
    [&r["updates_overdue"], &r["updates_due_soon"]]
        .iter()
        .flat_map(|v| v.as_array().cloned().unwrap_or_default())
        .collect()
}

#[test]
fn a_contact_entered_in_error_leaves_history_and_dashboard_and_the_audit_says_why() {
    let (d, m) = one_person();
    contact(&d, &m, "2026-11-01", "reached").ok();
    let wrong = contact(&d, &m, "2026-11-15", "reached")
        .ok()
        .trim()
        .to_string();
    assert_eq!(updates(&d)[0]["last_reached"], "2026-11-15");

    d.run(&[
        "contact",
        "entered-in-error",
        "--id",
        &wrong,
        "--reason",
        "   ",
    ])
    .fails(1, "Enter reason");
    d.run(&[
        "contact",
        "entered-in-error",
        "--id",
        &wrong,
        "--reason",
        "Recorded against the wrong person",
    ])
    .ok();

    // Gone from the person's history, the review's list and the dashboard's last reached.
    let shown = d.run(&["member", "show", &m, "--json"]).json();
    let dates: Vec<&str> = shown["contacts"]
        .as_array()
        .expect("contacts")
        .iter()
        .filter_map(|c| c["date"].as_str())
        .collect();
    assert_eq!(dates, ["2026-11-01"]);
    assert_eq!(
        shown["contacts_entered_in_error"][0]["entered_in_error"]["reason"],
        "Recorded against the wrong person"
    );
    let listed = d.run(&["contacts", "--review", "T-1", "--json"]).json();
    assert_eq!(listed.as_array().map(Vec::len), Some(1));
    assert_eq!(updates(&d)[0]["last_reached"], "2026-11-01");

    // Audited with the reason; kept, but not to be changed or marked twice.
    let audit = d.run(&["audit", "--review", "T-1", "--json"]).json();
    let line = audit
        .as_array()
        .expect("audit")
        .iter()
        .find(|e| e["entity"] == "contact" && e["action"] == "entered-in-error")
        .expect("audit line");
    assert_eq!(line["entity_id"], wrong.as_str());
    assert_eq!(
        line["new"]["entered_in_error"]["reason"],
        "Recorded against the wrong person"
    );
    assert!(line["old"]["entered_in_error"].is_null());
    d.run(&[
        "contact",
        "entered-in-error",
        "--id",
        &wrong,
        "--reason",
        "Again",
    ])
    .fails(1, "already marked as entered in error");
    d.run(&["contact", "set", &wrong, "--notes", "x"])
        .fails(1, "marked as entered in error");
}

#[test]
fn a_restriction_entered_in_error_no_longer_restricts() {
    let (d, m) = one_person();
    d.run(&[
        "restriction",
        "add",
        "--member",
        &m,
        "--kind",
        "police-advice",
        "--recorded-on",
        "2026-09-01",
        "--requires-clearance",
    ])
    .ok();
    let shown = d.run(&["member", "show", &m, "--json"]).json();
    let rid = shown["member"]["restrictions"][0]["id"].to_string();
    contact(&d, &m, "2027-01-10", "planned").fails(1, "no clearance");
    let dash = d.run(&["dashboard", "--json"]).json();
    assert_eq!(
        dash["reviews"][0]["awaiting_clearance"]
            .as_array()
            .map(Vec::len),
        Some(1)
    );
    d.run(&[
        "restriction",
        "entered-in-error",
        "--id",
        &rid,
        "--reason",
        "Advice was for another review",
    ])
    .ok();
    contact(&d, &m, "2027-01-10", "planned").ok();
    let dash = d.run(&["dashboard", "--json"]).json();
    assert_eq!(
        dash["reviews"][0]["awaiting_clearance"]
            .as_array()
            .map(Vec::len),
        Some(0)
    );
    let shown = d.run(&["member", "show", &m, "--json"]).json();
    assert_eq!(
        shown["member"]["restrictions"][0]["entered_in_error"]["reason"],
        "Advice was for another review"
    );
    assert!(shown["may_contact"].as_array().is_some_and(Vec::is_empty));
    let audit = d.run(&["audit", "--review", "T-1", "--json"]).json();
    assert!(audit
        .as_array()
        .expect("audit")
        .iter()
        .any(|e| e["entity"] == "restriction"
            && e["action"] == "entered-in-error"
            && e["new"]["entered_in_error"]["reason"] == "Advice was for another review"));
    d.run(&[
        "restriction",
        "entered-in-error",
        "--id",
        "999",
        "--reason",
        "x",
    ])
    .fails(1, "restriction");
}

#[test]
fn records_entered_in_error_travel_in_a_bundle_with_their_mark() {
    let (d, m) = one_person();
    contact(&d, &m, "2026-11-01", "reached").ok();
    let wrong = contact(&d, &m, "2026-11-15", "reached")
        .ok()
        .trim()
        .to_string();
    d.run(&[
        "contact",
        "entered-in-error",
        "--id",
        &wrong,
        "--reason",
        "Typed twice",
    ])
    .ok();
    d.run(&[
        "restriction",
        "add",
        "--member",
        &m,
        "--kind",
        "police-advice",
        "--recorded-on",
        "2026-09-01",
        "--requires-clearance",
    ])
    .ok();
    let rid = d.run(&["member", "show", &m, "--json"]).json()["member"]["restrictions"][0]["id"]
        .to_string();
    d.run(&[
        "restriction",
        "entered-in-error",
        "--id",
        &rid,
        "--reason",
        "Wrong review",
    ])
    .ok();
    let file = d.path().join("t1.json");
    let file = file.to_string_lossy();
    d.run(&["export", "--review", "T-1", "-o", &file]).ok();

    let other = Dir::new();
    other.run(&["init"]).ok();
    other.run(&["import", &file]).ok();
    let members = other.run(&["members", "--review", "T-1", "--json"]).json();
    let id = members[0]["id"].to_string();
    let shown = other.run(&["member", "show", &id, "--json"]).json();
    assert_eq!(shown["contacts"].as_array().map(Vec::len), Some(1));
    assert_eq!(
        shown["contacts_entered_in_error"][0]["entered_in_error"]["reason"],
        "Typed twice"
    );
    assert_eq!(
        shown["member"]["restrictions"][0]["entered_in_error"]["reason"],
        "Wrong review"
    );
    assert!(shown["may_contact"].as_array().is_some_and(Vec::is_empty));
    assert_eq!(updates(&other)[0]["last_reached"], "2026-11-01");
}
