//! Forms an author fills in right the first time (issue 10, item 4), through the real
//! `kindred` binary: dates as people in the UK write them, every problem of a form at once,
//! in the words of the form's labels, and dates shown as "2 June 2026".

mod util;

use util::Dir;

fn review(d: &Dir, decision: &str) -> util::Run {
    d.run(&[
        "review",
        "add",
        "--reference",
        "D-1",
        "--nation",
        "england",
        "--type",
        "lcspr",
        "--pseudonym",
        "Child D",
        "--body",
        "Test Partnership (fictional)",
        "--author-name",
        "A Reviewer",
        "--key-date",
        &format!("decision={decision}"),
    ])
}

fn stored_decision(d: &Dir) -> String {
    let show = d.run(&["review", "show", "D-1", "--json"]).json();
    show["review"]["key_dates"]["decision"]
        .as_str()
        .unwrap_or_default()
        .to_string()
}

#[test]
fn a_key_date_written_the_uk_way_is_stored_as_that_day() {
    for written in [
        "2/6/2026",
        "02/06/2026",
        "2 June 2026",
        "2 Jun 26",
        "2nd June 2026",
        "2-6-2026",
        "2.6.2026",
        "2026-06-02",
    ] {
        let d = Dir::new();
        d.run(&["init"]).ok();
        review(&d, written).ok();
        assert_eq!(stored_decision(&d), "2026-06-02", "{written}");
    }
}

#[test]
fn an_impossible_date_is_refused_in_the_fields_words_and_nothing_is_written() {
    let d = Dir::new();
    d.run(&["init"]).ok();
    let err = review(&d, "31/02/2026").fails(
        1,
        "Date of the decision to hold the review must be a real date, for example 2 June 2026",
    );
    assert!(err.contains("there is no 31 February 2026"), "{err}");
    // Month first (US order) is not guessed at.
    review(&d, "06/13/2026").fails(1, "write the day first");
    assert!(d
        .run(&["reviews", "--json"])
        .json()
        .as_array()
        .unwrap()
        .is_empty());
}

#[test]
fn a_form_with_three_problems_reports_all_three_at_once() {
    let d = Dir::new();
    d.run(&["init"]).ok();
    review(&d, "1 June 2026").ok();
    let m = d
        .run(&["member", "add", "--review", "D-1", "--name", "Ann Example"])
        .ok();
    let m = m.trim();
    // A bad time, a bad mode, and a date before the decision (a check between fields that
    // used to wait for a second submit).
    let err = d
        .run(&[
            "contact",
            "add",
            "--member",
            m,
            "--date",
            "31/5/2026",
            "--time",
            "25:00",
            "--mode",
            "telepathy",
            "--outcome",
            "reached",
        ])
        .fails(1, "Time must be a real time, for example 14:30 or 2:30pm");
    for expect in [
        "How the contact was made must be one of",
        "Date of the contact (31 May 2026) is before the decision to hold the review (1 June 2026)",
    ] {
        assert!(err.contains(expect), "{expect:?} missing from {err}");
    }
    // A review form left empty names every field as the form shows it.
    let err = d
        .run(&["review", "add", "--reference", ""])
        .fails(1, "Enter reference");
    for expect in [
        "Choose which nation the review is in",
        "Choose the type of review",
        "Enter pseudonym for the child in the report",
        "Enter commissioning body",
        "Enter your name",
    ] {
        assert!(err.contains(expect), "{expect:?} missing from {err}");
    }
}

#[test]
fn dates_and_times_are_read_as_written_and_shown_in_words() {
    let d = Dir::new();
    d.run(&["init"]).ok();
    review(&d, "1 June 2026").ok();
    let m = d
        .run(&["member", "add", "--review", "D-1", "--name", "Ann Example"])
        .ok();
    let m = m.trim();
    d.run(&[
        "contact",
        "add",
        "--member",
        m,
        "--date",
        "Tue 2 Jun 26",
        "--time",
        "2.30pm",
        "--mode",
        "phone",
        "--outcome",
        "reached",
    ])
    .ok();
    let contacts = d.run(&["contacts", "--review", "D-1", "--json"]).json();
    assert_eq!(contacts[0]["date"], "2026-06-02");
    assert_eq!(contacts[0]["time"], "14:30:00");
    // People read "2 June 2026", not 2026-06-02.
    let listed = d.run(&["contacts", "--review", "D-1"]).ok();
    assert!(listed.contains("2 June 2026"), "{listed}");
    assert!(!listed.contains("2026-06-02"), "{listed}");
    // The wrong weekday is caught.
    d.run(&[
        "contact",
        "add",
        "--member",
        m,
        "--date",
        "Monday 2 June 2026",
        "--mode",
        "phone",
        "--outcome",
        "reached",
    ])
    .fails(1, "2 June 2026 is a Tuesday, not a Monday");
}
