//! The Due list through the real binary (issue 15, item 3): `kindred due` lists planned
//! visits, follow-ups, decisions to look at again and the family's questions with the
//! deadlines and updates owed, by date, with how long until or how long overdue; a later
//! contact settles a follow-up; `--days`, `--all` and `--review` choose what is shown.

mod util;

use util::Dir;

/// (date, kind, state, what) of every item, in the order listed.
fn items(d: &Dir, args: &[&str]) -> Vec<(String, String, String, String)> {
    let mut all = vec!["due", "--json"];
    all.extend_from_slice(args);
    let v = d.run(&all).json();
    v["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|i| {
            let state = match i["state"]["state"].as_str().unwrap_or_default() {
                "overdue" => format!("{} late", i["state"]["days-late"]),
                _ => format!("in {}", i["state"]["days-left"]),
            };
            (
                i["due"].as_str().unwrap_or_default().to_string(),
                i["kind"].as_str().unwrap_or_default().to_string(),
                state,
                i["what"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect()
}

fn kinds(list: &[(String, String, String, String)]) -> Vec<(&str, &str, &str)> {
    list.iter()
        .filter(|i| i.1 != "update" && i.1 != "deadline")
        .map(|i| (i.0.as_str(), i.1.as_str(), i.2.as_str()))
        .collect()
}

#[test]
fn everything_due_is_listed_by_date_and_settled_by_what_is_recorded() {
    let d = Dir::new();
    // Today is 20 November 2026 in these tests.
    let p = d.review_with_one_person(&["--key-date", "decision=2026-10-01"], "Dana Whitlock");
    let contact = |date: &str, outcome: &str, extra: &[&str]| {
        let mut args = vec![
            "contact",
            "add",
            "--member",
            &p,
            "--date",
            date,
            "--mode",
            "phone",
            "--outcome",
            outcome,
        ];
        args.extend_from_slice(extra);
        d.run(&args).ok();
    };
    contact(
        "2026-11-01",
        "reached",
        &[
            "--follow-up",
            "Send the leaflet",
            "--follow-up-due",
            "15/11/2026",
        ],
    );
    contact("2026-11-25", "planned", &[]);
    contact("2026-11-10", "planned", &[]);
    d.run(&[
        "decision",
        "add",
        "--review",
        "T-1",
        "--decided-on",
        "2026-11-02",
        "--decision",
        "Wait until the trial ends",
        "--rationale",
        "The police asked",
        "--member",
        &p,
        "--review-by",
        "20 December 2026",
    ])
    .ok();
    d.run(&[
        "question",
        "add",
        "--review",
        "T-1",
        "--asked-by",
        &p,
        "--asked-on",
        "2026-11-05",
        "--words",
        "Why did nobody call back?",
    ])
    .ok();

    let soon = items(&d, &[]);
    assert_eq!(
        kinds(&soon),
        vec![
            ("2026-11-10", "planned-visit", "10 late"),
            ("2026-11-15", "follow-up", "5 late"),
            ("2026-11-25", "planned-visit", "in 5"),
            ("2026-12-03", "question", "in 13"),
        ],
        "{soon:#?}"
    );
    let overdue_visit = &soon[soon
        .iter()
        .position(|i| i.1 == "planned-visit")
        .unwrap_or(0)]
    .3;
    assert!(
        overdue_visit.contains("record what happened"),
        "{overdue_visit}"
    );
    let dates: Vec<&String> = soon.iter().map(|i| &i.0).collect();
    let mut sorted = dates.clone();
    sorted.sort();
    assert_eq!(dates, sorted, "listed by date");

    // Further ahead: the decision to look at again.
    let month = items(&d, &["--days", "30"]);
    assert!(
        kinds(&month).contains(&("2026-12-20", "decision-review", "in 30")),
        "{month:#?}"
    );
    assert!(!kinds(&items(&d, &["--days", "29"]))
        .iter()
        .any(|k| k.1 == "decision-review"));
    assert!(kinds(&items(&d, &["--all"]))
        .iter()
        .any(|k| k.1 == "decision-review"));

    // A later contact that reached the person settles the follow-up.
    contact("2026-11-18", "reached", &[]);
    assert!(
        !kinds(&items(&d, &[])).iter().any(|k| k.1 == "follow-up"),
        "the follow-up was settled by the later contact"
    );

    // Another review's items are left out with --review.
    d.run(&[
        "review",
        "add",
        "--reference",
        "T-2",
        "--nation",
        "wales",
        "--type",
        "cpr-concise",
        "--pseudonym",
        "Plentyn T",
        "--body",
        "Bwrdd (fictional)",
        "--author-name",
        "A Reviewer",
    ])
    .ok();
    let q = d
        .run(&["member", "add", "--review", "T-2", "--name", "Huw Jones"])
        .ok();
    d.run(&[
        "contact",
        "add",
        "--member",
        q.trim(),
        "--date",
        "2026-11-22",
        "--mode",
        "home-visit",
        "--outcome",
        "planned",
    ])
    .ok();
    let both = items(&d, &[]);
    assert!(both.iter().any(|i| i.0 == "2026-11-22"), "{both:#?}");
    let one = items(&d, &["--review", "T-1"]);
    assert!(!one.iter().any(|i| i.0 == "2026-11-22"), "{one:#?}");

    // The plain list says how long until or how long overdue.
    let text = d.run(&["due", "--review", "T-1"]).ok();
    assert!(text.contains("10 days overdue"), "{text}");
    assert!(text.contains("in 5 days"), "{text}");
    d.run(&["due", "--review", "T-9"]).fails(1, "T-9");
    d.run(&["due", "--days=-3"]).fails(1, "0 or more");
}
