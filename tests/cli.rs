//! Integration tests through the real `kindred` binary, on real encrypted workbooks.

mod util;

use util::{Dir, PASS};

fn demo() -> Dir {
    let d = Dir::new();
    d.run(&["demo"]).ok();
    d
}

#[test]
fn init_creates_an_encrypted_workbook_and_refuses_to_overwrite() {
    let d = Dir::new();
    let out = d.run(&["init"]).ok();
    assert!(out.contains("Created workbook"), "{out}");
    let before = d.bytes();
    assert!(
        !before.starts_with(b"SQLite format 3"),
        "the file must be encrypted"
    );
    d.run(&["init"]).fails(1, "already exists");
    d.run(&["demo"]).fails(1, "already exists");
    assert_eq!(d.bytes(), before, "refusing must not change the file");
    assert!(d.run(&["check"]).ok().trim_start().starts_with("ok"));
}

#[test]
fn demo_has_one_review_per_nation_with_the_hard_cases() {
    let d = demo();
    let reviews = d.run(&["reviews", "--json"]).json();
    let nations: Vec<&str> = reviews
        .as_array()
        .expect("array")
        .iter()
        .map(|r| r["nation"].as_str().expect("nation"))
        .collect();
    assert_eq!(
        nations,
        ["england", "wales", "scotland", "northern-ireland"]
    );
    for r in reviews.as_array().expect("array") {
        assert!(
            r["id"].is_i64() && r["reference"].is_string() && r["phase"].is_u64(),
            "{r}"
        );
    }
    let phases: std::collections::BTreeSet<u64> = reviews
        .as_array()
        .expect("array")
        .iter()
        .map(|r| r["phase"].as_u64().expect("phase"))
        .collect();
    assert!(
        phases.len() >= 3,
        "reviews should be at different phases: {phases:?}"
    );

    let sco = d
        .run(&["members", "--review", "DEMO-SCO-01", "--json"])
        .json();
    let babcia = sco
        .as_array()
        .expect("array")
        .iter()
        .find(|m| m["language"] == "Polish")
        .expect("Polish-speaking grandmother");
    assert_eq!(babcia["name"], "Grażyna Wójcik-Łęcka");
    assert_eq!(babcia["interpreter_needed"], true);
    let declined = sco
        .as_array()
        .expect("array")
        .iter()
        .find(|m| m["involvement"]["status"] == "declined")
        .expect("someone declined");
    assert!(declined["involvement"]["reason"]
        .as_str()
        .is_some_and(|r| !r.is_empty()));

    let eng = d
        .run(&["members", "--review", "DEMO-ENG-01", "--json"])
        .json();
    let ids: Vec<i64> = eng
        .as_array()
        .expect("array")
        .iter()
        .map(|m| m["id"].as_i64().expect("id"))
        .collect();
    let all_ids: Vec<i64> = ["DEMO-WAL-01", "DEMO-SCO-01", "DEMO-NI-01"]
        .iter()
        .flat_map(|r| {
            d.run(&["members", "--review", r, "--json"])
                .json()
                .as_array()
                .expect("array")
                .iter()
                .map(|m| m["id"].as_i64().expect("id"))
                .collect::<Vec<_>>()
        })
        .collect();
    assert!(
        ids.iter().all(|i| !all_ids.contains(i)),
        "member ids must be unique in the workbook"
    );
    let father = eng
        .as_array()
        .expect("array")
        .iter()
        .find(|m| m["location"] == "prison")
        .expect("father in prison");
    assert!(father["restrictions"][0]["requires_clearance"] == true);
    let mother = eng
        .as_array()
        .expect("array")
        .iter()
        .find(|m| {
            m["contact_details"]
                .as_array()
                .is_some_and(|c| c.iter().any(|x| x["confidential"] == true))
        })
        .expect("DA victim with confidential address");
    assert!(mother["name"].is_string());

    let dash = d.run(&["dashboard", "--json"]).json();
    let eng_dash = &dash["reviews"][0];
    assert_eq!(
        eng_dash["awaiting_clearance"].as_array().map(Vec::len),
        Some(1),
        "{eng_dash}"
    );
}

#[test]
fn a_whole_review_can_be_run_from_a_script() {
    let d = Dir::new();
    d.run(&["init"]).ok();
    let rid = d
        .run(&[
            "review",
            "add",
            "--reference",
            "T-1",
            "--nation",
            "wales",
            "--type",
            "susr",
            "--pseudonym",
            "Child T",
            "--body",
            "Test Board (fictional)",
            "--author-name",
            "A Reviewer",
            "--key-date",
            "decision=2026-06-01",
        ])
        .ok();
    assert_eq!(rid.trim(), "1");
    let child = d
        .run(&[
            "child",
            "add",
            "--review",
            "T-1",
            "--known-as",
            "Twm",
            "--pseudonym",
            "Child T",
        ])
        .ok();
    let m = d
        .run(&["member", "add", "--review", "T-1", "--name", "Ffion Ŵyn"])
        .ok();
    let m = m.trim();
    d.run(&[
        "member",
        "relate",
        m,
        "--child",
        child.trim(),
        "--relationship",
        "mam",
        "--pr",
        "yes",
    ])
    .ok();
    d.run(&["member", "status", m, "declined"])
        .fails(1, "reason");
    d.run(&["member", "status", m, "involved"]).ok();
    d.run(&[
        "contact",
        "add",
        "--member",
        m,
        "--date",
        "2026-11-01",
        "--mode",
        "phone",
        "--outcome",
        "reached",
    ])
    .ok();
    d.run(&[
        "contact",
        "add",
        "--member",
        m,
        "--date",
        "2026-02-30",
        "--mode",
        "phone",
        "--outcome",
        "reached",
    ])
    .fails(1, "real date");
    d.run(&[
        "terms",
        "agree",
        "--member",
        m,
        "--agreed-on",
        "2026-11-01",
        "--method",
        "verbal",
        "--recorded-by",
        "A Reviewer",
        "--cadence",
        "14",
    ])
    .ok();
    d.run(&[
        "terms",
        "agree",
        "--member",
        m,
        "--agreed-on",
        "2026-11-10",
        "--method",
        "written",
        "--recorded-by",
        "A Reviewer",
        "--cadence",
        "7",
    ])
    .ok();
    let terms = d.run(&["terms", "list", "--member", m, "--json"]).json();
    assert_eq!(terms.as_array().map(Vec::len), Some(2));
    d.run(&[
        "checks",
        "set",
        "--review",
        "T-1",
        "--check",
        "p0-purpose-agreed",
        "--status",
        "done",
        "--text",
        "Minutes",
    ])
    .ok();
    d.run(&[
        "checks",
        "set",
        "--review",
        "T-1",
        "--check",
        "p0-purpose-agreed",
        "--status",
        "not-applicable",
    ])
    .fails(1, "why");
    d.run(&[
        "decision",
        "add",
        "--review",
        "T-1",
        "--decided-on",
        "2026-06-02",
        "--decision",
        "Approach mother first",
        "--rationale",
        "She asked",
    ])
    .ok();
    d.run(&[
        "parallel",
        "add",
        "--review",
        "T-1",
        "--kind",
        "inquest",
        "--status",
        "Opened and adjourned",
    ])
    .ok();
    d.run(&["review", "phase", "T-1", "3"]).ok();
    d.run(&["review", "phase", "T-1", "9"]).fails(1, "phase");
    let show = d.run(&["review", "show", "T-1", "--json"]).json();
    assert_eq!(show["review"]["phase"], 3);
    assert_eq!(show["contacts"].as_array().map(Vec::len), Some(1));
    let member = d.run(&["member", "show", m, "--json"]).json();
    // Terms version 2 agreed a 7-day cadence; last reached 2026-11-01, so due 2026-11-08: overdue on 2026-11-20.
    assert_eq!(member["next_update_due"], "2026-11-08", "{member}");
    let audit = d.run(&["audit", "--review", "T-1", "--json"]).json();
    let entries = audit.as_array().expect("array");
    assert!(entries.iter().any(|e| e["entity"] == "review"
        && e["action"] == "update"
        && e["old"]["phase"] == 0
        && e["new"]["phase"] == 3));
    assert!(
        entries.len() >= 10,
        "every write is audited: {}",
        entries.len()
    );
}

#[test]
fn wrong_passphrase_damaged_and_foreign_files_change_nothing() {
    let d = demo();
    let before = d.bytes();
    d.run_with(
        &["reviews"],
        &[("KINDRED_PASSPHRASE", "not the passphrase")],
    )
    .fails(1, "wrong passphrase");
    assert!(
        d.bytes() == before,
        "a wrong passphrase must leave the file byte-identical"
    );

    // Truncated
    let trunc = d.path().join("trunc.kindred");
    std::fs::write(&trunc, &before[..before.len() / 2 + 100]).expect("write");
    let t = trunc.to_string_lossy().into_owned();
    let tb = std::fs::read(&trunc).expect("read");
    let r = d.run(&["--db", &t, "reviews"]);
    assert_eq!(r.code(), 1, "{}", r.stderr());
    assert_eq!(
        r.stderr().lines().count(),
        1,
        "one-line message: {}",
        r.stderr()
    );
    assert_eq!(std::fs::read(&trunc).expect("read"), tb);

    // Another program's SQLite file
    let foreign = d.path().join("foreign.db");
    let conn = rusqlite::Connection::open(&foreign).expect("sqlite");
    conn.execute_batch("CREATE TABLE t(x); INSERT INTO t VALUES (1);")
        .expect("sql");
    drop(conn);
    let fb = std::fs::read(&foreign).expect("read");
    d.run(&["--db", &foreign.to_string_lossy(), "reviews"])
        .fails(1, "not a Kindred workbook");
    assert_eq!(std::fs::read(&foreign).expect("read"), fb);

    // Empty and random files
    for (name, bytes) in [
        ("empty", vec![]),
        (
            "noise",
            (0..8192u32).map(|i| (i * 7919 % 251) as u8).collect(),
        ),
    ] {
        let p = d.path().join(name);
        std::fs::write(&p, &bytes).expect("write");
        let r = d.run(&["--db", &p.to_string_lossy(), "check"]);
        assert_eq!(r.code(), 1, "{name}: {}", r.stderr());
        assert_eq!(std::fs::read(&p).expect("read"), bytes, "{name} changed");
    }
    d.run(&["--db", "/nonexistent/dir/x.kindred", "reviews"])
        .fails(1, "no workbook");
}

#[test]
fn the_file_holds_no_plaintext_from_the_demo() {
    let d = demo();
    let bytes = d.bytes();
    for needle in [
        "Fennimore",
        "Maisie",
        "DEMO-ENG-01",
        "Wójcik",
        "Refuge",
        "CREATE TABLE",
    ] {
        let n = needle.as_bytes();
        assert!(
            !bytes.windows(n.len()).any(|w| w == n),
            "{needle:?} appears in plaintext in the workbook"
        );
    }
}

#[test]
fn bad_input_gets_a_clear_message_and_loses_nothing() {
    let d = demo();
    let long = "x".repeat(5000);
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (
            vec!["member", "add", "--review", "DEMO-ENG-01", "--name", ""],
            "Enter full name",
        ),
        (
            vec!["member", "add", "--review", "DEMO-ENG-01", "--name", &long],
            "300 characters or fewer",
        ),
        (
            vec!["member", "add", "--review", "NOPE", "--name", "X"],
            "not found",
        ),
        (
            vec![
                "review",
                "add",
                "--reference",
                "X",
                "--nation",
                "wales",
                "--type",
                "lcspr",
                "--pseudonym",
                "P",
                "--body",
                "B",
                "--author-name",
                "A",
            ],
            "not a review type in wales",
        ),
        (
            vec![
                "review",
                "add",
                "--reference",
                "DEMO-ENG-01",
                "--nation",
                "england",
                "--type",
                "lcspr",
                "--pseudonym",
                "P",
                "--body",
                "B",
                "--author-name",
                "A",
            ],
            "already exists",
        ),
        (
            vec![
                "contact",
                "add",
                "--member",
                "1",
                "--date",
                "yesterday",
                "--mode",
                "phone",
                "--outcome",
                "reached",
            ],
            "Date of the contact must be a real date, for example 2 June 2026",
        ),
        (
            vec![
                "checks",
                "set",
                "--review",
                "DEMO-ENG-01",
                "--check",
                "no-such-check",
                "--status",
                "done",
            ],
            "Unknown check",
        ),
    ];
    let before = d.run(&["audit", "--json"]).json().as_array().map(Vec::len);
    for (args, needle) in cases {
        d.run(&args).fails(1, needle);
    }
    assert_eq!(
        d.run(&["audit", "--json"]).json().as_array().map(Vec::len),
        before,
        "a refused write writes nothing"
    );
    // Any script and emoji round-trips.
    let name = "Zoë 🌼 Ŵyn-Łęcka ٱلعربية 中文";
    let id = d
        .run(&["member", "add", "--review", "DEMO-WAL-01", "--name", name])
        .ok();
    let shown = d.run(&["member", "show", id.trim(), "--json"]).json();
    assert_eq!(shown["member"]["name"], name);
    // Usage errors exit 2.
    assert_eq!(d.run(&["member", "frobnicate"]).code(), 2);
    assert_eq!(d.run(&[]).code(), 2);
}

#[test]
fn planning_a_visit_with_a_restricted_person_needs_clearance() {
    let d = demo();
    let eng = d
        .run(&["members", "--review", "DEMO-ENG-01", "--json"])
        .json();
    let father = eng
        .as_array()
        .expect("array")
        .iter()
        .find(|m| m["location"] == "prison")
        .expect("father");
    let mother = eng
        .as_array()
        .expect("array")
        .iter()
        .find(|m| m["advocate"].is_string())
        .expect("mother");
    let f = father["id"].to_string();
    let m = mother["id"].to_string();
    let plan = [
        "contact",
        "add",
        "--member",
        &f,
        "--date",
        "2026-12-01",
        "--mode",
        "in-person",
        "--outcome",
        "planned",
    ];
    d.run(&plan).fails(1, "no clearance");
    // A joint meeting across the abuse link is refused whatever the clearance.
    d.run(&[
        "contact",
        "add",
        "--member",
        &m,
        "--with",
        &f,
        "--date",
        "2026-11-10",
        "--mode",
        "in-person",
        "--outcome",
        "reached",
    ])
    .fails(1, "no joint meeting");
    d.run(&[
        "clearance",
        "add",
        "--member",
        &f,
        "--body",
        "police",
        "--given-on",
        "2026-11-19",
        "--advice",
        "SIO agrees contact",
        "--contact-allowed",
    ])
    .ok();
    d.run(&plan).ok();
    let dash = d.run(&["dashboard", "--json"]).json();
    assert_eq!(
        dash["reviews"][0]["awaiting_clearance"]
            .as_array()
            .map(Vec::len),
        Some(0)
    );
}

#[test]
fn passphrase_is_never_an_argument() {
    let d = Dir::new();
    let r = d.run(&["init", "--passphrase", PASS]);
    assert_eq!(r.code(), 2, "{}", r.stderr());
    let d = Dir::new();
    let r = d.run_with(&["init"], &[("KINDRED_PASSPHRASE", "")]);
    r.fails(1, "empty");
    assert!(!d.db().exists());
}

#[test]
fn children_and_parallel_processes_can_be_changed_and_are_audited() {
    let d = demo();
    let children = d
        .run(&["child", "list", "--review", "DEMO-ENG-01", "--json"])
        .json();
    let id = children[0]["id"].to_string();
    d.run(&["child", "set", &id, "--date-of-birth", "2021-05-15"])
        .ok();
    d.run(&["child", "set", &id, "--date-of-birth", "2021-02-30"])
        .fails(1, "real date");
    let after = d
        .run(&["child", "list", "--review", "DEMO-ENG-01", "--json"])
        .json();
    assert_eq!(after[0]["date_of_birth"], "2021-05-15");
    assert_eq!(
        after[0]["known_as"], children[0]["known_as"],
        "untouched fields stay"
    );
    let pp = d
        .run(&["parallel", "list", "--review", "DEMO-ENG-01", "--json"])
        .json();
    let pid = pp[0]["id"].to_string();
    d.run(&[
        "parallel",
        "set",
        &pid,
        "--status",
        "Trial adjourned",
        "--next-key-date",
        "2027-03-01",
    ])
    .ok();
    let pp = d
        .run(&["parallel", "list", "--review", "DEMO-ENG-01", "--json"])
        .json();
    assert_eq!(pp[0]["status"], "Trial adjourned");
    assert_eq!(pp[0]["kind"], "prosecution");
    let audit = d
        .run(&["audit", "--review", "DEMO-ENG-01", "--json"])
        .json();
    let entries = audit.as_array().expect("array");
    assert!(entries.iter().any(|e| e["entity"] == "child"
        && e["action"] == "update"
        && e["old"]["date_of_birth"] == "2021-05-14"
        && e["new"]["date_of_birth"] == "2021-05-15"));
    assert!(entries.iter().any(|e| e["entity"] == "parallel-process"
        && e["action"] == "update"
        && e["new"]["status"] == "Trial adjourned"));
    // Who: the account and the program, on every line.
    assert!(
        entries.iter().all(|e| e["actor"]
            .as_str()
            .is_some_and(|a| a.ends_with(", command line"))),
        "every line says who: {:?}",
        entries.iter().map(|e| &e["actor"]).collect::<Vec<_>>()
    );
    // The plain-text log shows who, and old and new of the fields that changed.
    let text = d.run(&["audit", "--review", "DEMO-ENG-01"]).ok();
    assert!(
        text.contains("\tdate_of_birth: \"2021-05-14\" -> \"2021-05-15\""),
        "old and new in the text log:\n{text}"
    );
    assert!(
        text.contains(", command line\tchild\t"),
        "who in the text log:\n{text}"
    );
}
