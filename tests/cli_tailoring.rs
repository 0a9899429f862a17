//! Documents tailored to the person, through the real `kindred` binary: another person's
//! address or name refused by its parts (issue 13, item 4); the recorded needs choosing the
//! version, a pending decision to involve blocking documents unless overridden, and a
//! person's date of birth or age band (item 3).

mod util;

use std::process::Command;

use util::Dir;

fn words(path: &std::path::Path) -> String {
    let out = Command::new("pdftotext")
        .arg(path)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) must be installed");
    assert!(out.status.success(), "pdftotext {}", path.display());
    String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// A review in Wales (`W-1`) with a child, a mother in a refuge and her friend; returns
/// (mother, friend).
fn refuge_review(d: &Dir) -> (String, String) {
    d.run(&["init"]).ok();
    d.run(&[
        "review",
        "add",
        "--reference",
        "W-1",
        "--nation",
        "wales",
        "--type",
        "susr",
        "--pseudonym",
        "Child W",
        "--body",
        "Cwm Taf Morgannwg Safeguarding Board (fictional)",
        "--author-name",
        "Robin Quill",
    ])
    .ok();
    let child = d
        .run(&[
            "child",
            "add",
            "--review",
            "W-1",
            "--known-as",
            "Cerys",
            "--pseudonym",
            "Child W",
        ])
        .ok()
        .trim()
        .to_string();
    let add = |name: &str, rel: &str| {
        let id = d
            .run(&["member", "add", "--review", "W-1", "--name", name])
            .ok()
            .trim()
            .to_string();
        d.run(&[
            "member",
            "relate",
            &id,
            "--child",
            &child,
            "--relationship",
            rel,
        ])
        .ok();
        d.run(&["member", "status", &id, "involved"]).ok();
        id
    };
    let mother = add("Nadia Okonkwo", "mother");
    let friend = add("Bethan Pryce", "family friend");
    d.run(&[
        "member",
        "detail",
        &mother,
        "--kind",
        "address",
        "--value",
        "Flat 2, Tŷ Gwyn, 14 Heol y Nant, Treorchy, CF42 6AB",
        "--confidential",
    ])
    .ok();
    (mother, friend)
}

fn visit(d: &Dir, member: &str, location: &str, extra: &[&str]) -> String {
    let mut args = vec![
        "contact",
        "add",
        "--member",
        member,
        "--date",
        "2 December 2026",
        "--mode",
        "in-person",
        "--outcome",
        "planned",
        "--location",
        location,
    ];
    args.extend_from_slice(extra);
    d.run(&args).ok().trim().to_string()
}

fn issued(d: &Dir, review: &str) -> Vec<serde_json::Value> {
    d.run(&["review", "show", review, "--json"]).json()["documents"]
        .as_array()
        .cloned()
        .unwrap_or_default()
}

#[test]
fn part_of_a_refuge_address_on_a_friends_sheet_is_refused_with_the_field_and_whose() {
    let d = Dir::new();
    let (mother, friend) = refuge_review(&d);
    let out = d.path().join("friend.pdf");
    let out_arg = out.to_str().expect("utf8");
    for (location, extra, part) in [
        ("Heol y Nant, Treorchy", &[][..], "the street of"),
        ("the café by cf42 6ab", &[][..], "the postcode of"),
        ("Tŷ Gwyn", &[][..], "the house name of"),
        (
            "Treorchy library",
            &["--supporter", "Mrs Okonkwo"][..],
            "the surname of",
        ),
    ] {
        let v = visit(&d, &friend, location, extra);
        let err = d
            .run(&[
                "sheet", "--review", "W-1", "--member", &friend, "--visit", &v, "-o", out_arg,
            ])
            .fails(1, part);
        assert!(err.contains("Nadia Okonkwo"), "says whose: {err}");
        if part == "the surname of" {
            assert!(
                err.contains("The visit's supporter has the surname"),
                "{err}"
            );
        } else {
            assert!(
                err.contains("The visit's place has") && err.contains("confidential address"),
                "{err}"
            );
            // The detail itself is not repeated back.
            assert!(
                !err.contains("Heol y Nant") && !err.contains("CF42"),
                "{err}"
            );
        }
        assert!(!out.exists(), "a refused sheet leaves no file");
    }
    // An override reason does not let a leak through.
    let v = visit(&d, &friend, "Heol y Nant", &[]);
    d.run(&[
        "sheet",
        "--review",
        "W-1",
        "--member",
        &friend,
        "--visit",
        &v,
        "--override-reason",
        "She asked",
        "-o",
        out_arg,
    ])
    .fails(1, "the street of Nadia Okonkwo's confidential address");
    assert!(issued(&d, "W-1").is_empty(), "nothing recorded as issued");

    // Ordinary words are not refused: the town alone, the child's name, relationship words,
    // the review body's own area.
    let v = visit(
        &d,
        &friend,
        "Treorchy library, Station Road",
        &["--supporter", "Cerys's nain", "--attendee", "Robin Quill"],
    );
    d.run(&[
        "sheet", "--review", "W-1", "--member", &friend, "--visit", &v, "-o", out_arg,
    ])
    .ok();
    let text = words(&out);
    assert!(text.contains("Treorchy library"), "{text}");
    // The mother's own sheet may carry her own address's street.
    let own = d.path().join("mother.pdf");
    let v = visit(&d, &mother, "At home, 14 Heol y Nant", &[]);
    d.run(&[
        "sheet",
        "--review",
        "W-1",
        "--member",
        &mother,
        "--visit",
        &v,
        "-o",
        own.to_str().expect("utf8"),
    ])
    .ok();
}

#[test]
fn recorded_needs_choose_the_version_and_the_author_can_choose_another() {
    let d = Dir::new();
    let (mother, friend) = refuge_review(&d);
    let gran = d
        .run(&[
            "member",
            "add",
            "--review",
            "W-1",
            "--name",
            "Megan Pryce-Jones",
            "--access",
            "large-print",
        ])
        .ok()
        .trim()
        .to_string();
    d.run(&["member", "status", &gran, "involved"]).ok();
    let teen = d
        .run(&[
            "member",
            "add",
            "--review",
            "W-1",
            "--name",
            "Osian Evans",
            "--access",
            "easy-read",
            "--age-band",
            "12-15",
        ])
        .ok()
        .trim()
        .to_string();
    d.run(&["member", "status", &teen, "approach"]).ok();
    let out = d.path().join("batch");
    let report = d
        .run(&[
            "sheets",
            "--review",
            "W-1",
            "--out",
            out.to_str().expect("utf8"),
        ])
        .ok();
    assert!(report.contains("Wrote 4 sheets"), "{report}");
    let variant_of = |docs: &[serde_json::Value], who: &str| -> Vec<String> {
        docs.iter()
            .filter(|x| x["member_id"].as_i64().map(|i| i.to_string()).as_deref() == Some(who))
            .map(|x| x["variant"].as_str().unwrap_or("").to_string())
            .collect()
    };
    let docs = issued(&d, "W-1");
    assert_eq!(variant_of(&docs, &gran), ["large-print"]);
    assert_eq!(variant_of(&docs, &teen), ["easy-read"]);
    assert_eq!(variant_of(&docs, &mother), ["standard"]);
    assert_eq!(variant_of(&docs, &friend), ["standard"]);
    let easy = words(&out.join(format!("information-sheet-member-{teen}.pdf")));
    let standard = words(&out.join(format!("information-sheet-member-{friend}.pdf")));
    assert_ne!(
        easy.len(),
        standard.len(),
        "the easy-read sheet has its own words"
    );

    // One sheet: the needs decide unless a version is named.
    let one = d.path().join("gran.pdf");
    let said = d
        .run(&[
            "sheet",
            "--review",
            "W-1",
            "--member",
            &gran,
            "-o",
            one.to_str().expect("utf8"),
        ])
        .ok();
    assert!(said.contains("large print"), "{said}");
    let said = d
        .run(&[
            "sheet",
            "--review",
            "W-1",
            "--member",
            &gran,
            "--standard",
            "--force",
            "-o",
            one.to_str().expect("utf8"),
        ])
        .ok();
    assert!(said.contains("standard"), "{said}");
    // A batch told a version uses it for everyone.
    let all_easy = d.path().join("easy");
    d.run(&[
        "sheets",
        "--review",
        "W-1",
        "--easy-read",
        "--out",
        all_easy.to_str().expect("utf8"),
    ])
    .ok();
    let docs = issued(&d, "W-1");
    let easy_read = docs.iter().filter(|x| x["variant"] == "easy-read").count();
    assert_eq!(
        easy_read,
        1 + 4,
        "the first batch's one, and all four of this one"
    );
    d.run(&[
        "sheet",
        "--review",
        "W-1",
        "--member",
        &gran,
        "--standard",
        "--large-print",
        "-o",
        one.to_str().expect("utf8"),
    ])
    .fails(2, "cannot be used with");
}

#[test]
fn a_pending_decision_to_involve_blocks_documents_until_made_or_overridden() {
    let d = Dir::new();
    let (_, friend) = refuge_review(&d);
    let cousin = d
        .run(&[
            "member",
            "add",
            "--review",
            "W-1",
            "--name",
            "Gethin Morgan",
        ])
        .ok()
        .trim()
        .to_string();
    let out = d.path().join("cousin.pdf");
    let out_arg = out.to_str().expect("utf8");
    d.run(&[
        "sheet", "--review", "W-1", "--member", &cousin, "-o", out_arg,
    ])
    .fails(1, "whether to involve the person is still to be decided");
    d.run(&[
        "feedback-form",
        "--review",
        "W-1",
        "--member",
        &cousin,
        "-o",
        out_arg,
    ])
    .fails(1, "still to be decided");
    assert!(!out.exists());

    // In a batch the person is skipped and listed with the reason; the others get theirs.
    let batch = d.path().join("batch");
    let report = d
        .run(&[
            "sheets",
            "--review",
            "W-1",
            "--out",
            batch.to_str().expect("utf8"),
        ])
        .ok();
    assert!(report.contains("Wrote 2 sheets"), "{report}");
    assert!(
        report.lines().any(
            |l| l.starts_with(&format!("W-1\t{cousin}\t")) && l.contains("still to be decided")
        ),
        "{report}"
    );
    assert!(batch
        .join(format!("information-sheet-member-{friend}.pdf"))
        .exists());
    assert!(!batch
        .join(format!("information-sheet-member-{cousin}.pdf"))
        .exists());

    // An override reason makes the sheet, and is kept in the decision log and the audit.
    d.run(&[
        "sheet",
        "--review",
        "W-1",
        "--member",
        &cousin,
        "--override-reason",
        "Asked for it at the funeral; decision to follow at panel",
        "-o",
        out_arg,
    ])
    .ok();
    let decisions = d
        .run(&["decision", "list", "--review", "W-1", "--json"])
        .json();
    let logged = decisions
        .as_array()
        .expect("decisions")
        .iter()
        .find(|x| x["rationale"] == "Asked for it at the funeral; decision to follow at panel")
        .cloned()
        .expect("override logged as a decision");
    assert!(
        logged["decision"]
            .as_str()
            .is_some_and(|t| t.contains("still to be decided")),
        "{logged}"
    );
    assert_eq!(logged["member_ids"][0].to_string(), cousin);
    let audit = d.run(&["audit", "--review", "W-1"]).ok();
    assert!(
        audit.contains("Asked for it at the funeral"),
        "the override reason is in the audit:\n{audit}"
    );

    // Once the decision is made, no override is needed.
    d.run(&["member", "status", &cousin, "approach"]).ok();
    d.run(&[
        "sheet", "--review", "W-1", "--member", &cousin, "--force", "-o", out_arg,
    ])
    .ok();
}

#[test]
fn a_person_has_a_date_of_birth_or_an_age_band() {
    let d = Dir::new();
    let id = d.review_with_one_person(&[], "Osian Evans");
    d.run(&["member", "set", &id, "--date-of-birth", "3/6/2010"])
        .ok();
    let shown = d.run(&["member", "show", &id, "--json"]).json();
    assert_eq!(shown["member"]["date_of_birth"], "2010-06-03");
    // KINDRED_TODAY is 20 November 2026: sixteen.
    assert_eq!(shown["age"]["years"], 16, "{}", shown["age"]);
    let said = d.run(&["member", "show", &id]).ok();
    assert!(said.contains("Age: 16"), "{said}");
    // Both at once are refused; a band replaces the date once the date is removed.
    d.run(&["member", "set", &id, "--age-band", "12-15"])
        .fails(1, "Give a date of birth or an age band, not both");
    d.run(&[
        "member",
        "set",
        &id,
        "--age-band",
        "12-15",
        "--date-of-birth",
        "",
    ])
    .ok();
    let shown = d.run(&["member", "show", &id, "--json"]).json();
    assert!(shown["member"]["date_of_birth"].is_null());
    assert_eq!(shown["age"]["band"], "12-15");
    // Dates as UK people write them; impossible ones are refused in words.
    d.run(&[
        "member",
        "set",
        &id,
        "--age-band",
        "",
        "--date-of-birth",
        "31/2/2010",
    ])
    .fails(1, "Date of birth");
    d.run(&[
        "member",
        "set",
        &id,
        "--age-band",
        "",
        "--date-of-birth",
        "1 January 2027",
    ])
    .fails(1, "Date of birth (1 January 2027) is in the future");
    d.run(&["member", "set", &id, "--age-band", "teen"])
        .fails(1, "Age band must be one of: under-12, 12-15");

    // The bundle carries it, and a bundle without it (as older ones are) still imports.
    let bundle = d.path().join("t.json");
    d.run(&[
        "export",
        "--review",
        "T-1",
        "-o",
        bundle.to_str().expect("utf8"),
    ])
    .ok();
    let mut b: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&bundle).expect("bundle")).expect("json");
    assert_eq!(b["members"][0]["details"]["age_band"], "12-15");
    d.run(&[
        "import",
        bundle.to_str().expect("utf8"),
        "--reference",
        "T-2",
    ])
    .ok();
    let t2 = d.run(&["members", "--review", "T-2", "--json"]).json();
    assert_eq!(t2[0]["age_band"], "12-15");
    let details = b["members"][0]["details"].as_object_mut().expect("details");
    details.remove("age_band");
    let old = d.path().join("old.json");
    std::fs::write(&old, serde_json::to_vec(&b).expect("json")).expect("write");
    d.run(&["import", old.to_str().expect("utf8"), "--reference", "T-3"])
        .ok();
    let t3 = d.run(&["members", "--review", "T-3", "--json"]).json();
    assert!(t3[0]["age_band"].is_null() && t3[0]["date_of_birth"].is_null());
    // Both in a bundle are refused, saying where.
    let details = b["members"][0]["details"].as_object_mut().expect("details");
    details.insert("age_band".into(), "12-15".into());
    details.insert("date_of_birth".into(), "2010-06-03".into());
    std::fs::write(&old, serde_json::to_vec(&b).expect("json")).expect("write");
    d.run(&["import", old.to_str().expect("utf8"), "--reference", "T-4"])
        .fails(1, "members[0].details.age_band");
}
