//! Family documents through the real `kindred` binary: every member of every demo review gets
//! the right sheet or a refusal with the reason, in every variant, Welsh for Wales.

mod util;

use util::pdf::{qpdf_check, words_of as pdftotext};
use util::Dir;

fn members(d: &Dir, review: &str) -> Vec<serde_json::Value> {
    d.run(&["members", "--review", review, "--json"])
        .json()
        .as_array()
        .cloned()
        .unwrap_or_default()
}

#[test]
fn every_demo_member_gets_the_right_sheet_or_a_reason() {
    let d = Dir::new();
    d.run(&["demo"]).ok();
    let reviews = ["DEMO-ENG-01", "DEMO-WAL-01", "DEMO-SCO-01", "DEMO-NI-01"];
    let people: Vec<(&str, Vec<serde_json::Value>)> =
        reviews.iter().map(|r| (*r, members(&d, r))).collect();
    for variant in [&[][..], &["--large-print"][..], &["--easy-read"][..]] {
        let out = d.path().join(format!(
            "sheets{}",
            variant.len() + variant.first().map_or(0, |v| v.len())
        ));
        let mut args = vec![
            "sheets",
            "--all",
            "--draft-ok",
            "--out",
            out.to_str().expect("utf8"),
        ];
        args.extend_from_slice(variant);
        let report = d.run(&args).ok();
        for (review, everyone) in &people {
            let review = *review;
            for m in everyone {
                let id = m["id"].as_i64().expect("id");
                let file = out.join(format!("information-sheet-member-{id}.pdf"));
                let status = m["involvement"]["status"].as_str().unwrap_or("");
                let restricted = m["restrictions"].as_array().is_some_and(|r| !r.is_empty());
                // Not taking part, or not yet decided whether to involve them.
                let closed = ["declined", "withdrew", "not-approached", "to-consider"];
                if restricted || closed.contains(&status) {
                    assert!(
                        !file.exists(),
                        "{review} member {id} ({status}) must get no sheet"
                    );
                    assert!(
                        report
                            .lines()
                            .any(|l| l.starts_with(&format!("{review}\t{id}\t")) && l.len() > 20),
                        "skipped list lacks {id} with a reason:\n{report}"
                    );
                    continue;
                }
                assert!(file.exists(), "no sheet for {review} member {id}\n{report}");
                qpdf_check(&file);
                let text = pdftotext(&file);
                let name = m["display_name"].as_str().expect("name");
                assert!(text.contains(name), "sheet for {id} lacks {name:?}");
                if review == "DEMO-WAL-01" {
                    assert!(text.contains("Tudalen"), "Welsh section missing for {id}");
                }
                for other in everyone {
                    let other_name = other["name"].as_str().expect("name");
                    if other["id"] != m["id"] && !name.contains(other_name) {
                        assert!(
                            !text.contains(other_name),
                            "sheet for {name} names {other_name}"
                        );
                    }
                }
                assert!(
                    !text.contains("Refuge address"),
                    "a confidential address was printed"
                );
            }
        }
    }
}

#[test]
fn refused_and_bad_requests_leave_nothing_behind() {
    let d = Dir::new();
    d.run(&["demo"]).ok();
    let eng = members(&d, "DEMO-ENG-01");
    let father = eng
        .iter()
        .find(|m| m["location"] == "prison")
        .expect("father")["id"]
        .to_string();
    let out = d.path().join("father.pdf");
    d.run(&[
        "sheet",
        "--review",
        "DEMO-ENG-01",
        "--member",
        &father,
        "-o",
        out.to_str().expect("utf8"),
    ])
    .fails(1, "no clearance");
    assert!(!out.exists(), "a refused sheet must leave no file");
    let leftovers: Vec<_> = std::fs::read_dir(d.path())
        .expect("dir")
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().contains(".part-"))
        .collect();
    assert!(
        leftovers.is_empty(),
        "half-written files left: {leftovers:?}"
    );
    // Someone from another review.
    let wal = members(&d, "DEMO-WAL-01");
    let siân = wal[0]["id"].to_string();
    d.run(&[
        "sheet",
        "--review",
        "DEMO-ENG-01",
        "--member",
        &siân,
        "-o",
        out.to_str().expect("utf8"),
    ])
    .fails(1, "not in review");
    d.run(&[
        "feedback-form",
        "--review",
        "DEMO-ENG-01",
        "--member",
        &siân,
        "-o",
        out.to_str().expect("utf8"),
    ])
    .fails(1, "not in review");
    // Welsh only, on request.
    let cy = d.path().join("cy.pdf");
    d.run(&[
        "sheet",
        "--review",
        "DEMO-WAL-01",
        "--member",
        &siân,
        "--lang",
        "cy",
        "-o",
        cy.to_str().expect("utf8"),
    ])
    .ok();
    let text = pdftotext(&cy);
    assert!(text.contains("Tudalen 1 o"), "{text}");
    assert!(
        !text.contains("Page 1 of"),
        "English found in a Welsh-only sheet"
    );
    d.run(&[
        "sheet",
        "--review",
        "DEMO-WAL-01",
        "--member",
        &siân,
        "--lang",
        "fr",
        "-o",
        cy.to_str().expect("utf8"),
    ])
    .fails(1, "en, cy, both, cy-first, pl, ro, ur, pa, bn or ar");
    // An override is allowed with a reason, and logged.
    d.run(&[
        "sheet",
        "--review",
        "DEMO-ENG-01",
        "--member",
        &father,
        "--override-reason",
        "SIO agreed by phone today",
        "-o",
        out.to_str().expect("utf8"),
    ])
    .ok();
    let decisions = d
        .run(&["decision", "list", "--review", "DEMO-ENG-01", "--json"])
        .json();
    assert!(decisions
        .as_array()
        .expect("array")
        .iter()
        .any(|x| x["rationale"] == "SIO agreed by phone today"));
}

#[test]
fn feedback_forms_personal_and_anonymous() {
    let d = Dir::new();
    d.run(&["demo"]).ok();
    let sco = members(&d, "DEMO-SCO-01");
    let babcia = sco
        .iter()
        .find(|m| m["language"] == "Polish")
        .expect("babcia");
    let id = babcia["id"].to_string();
    let personal = d.path().join("p.pdf");
    d.run(&[
        "feedback-form",
        "--review",
        "DEMO-SCO-01",
        "--member",
        &id,
        "--draft-ok",
        "-o",
        personal.to_str().expect("utf8"),
    ])
    .ok();
    let text = pdftotext(&personal);
    assert!(text.contains("Babcia Grażyna"), "{text}");
    let anon = d.path().join("a.pdf");
    d.run(&[
        "feedback-form",
        "--review",
        "DEMO-SCO-01",
        "--anonymous",
        "--short",
        "-o",
        anon.to_str().expect("utf8"),
    ])
    .ok();
    let text = pdftotext(&anon);
    for m in &sco {
        assert!(
            !text.contains(m["name"].as_str().expect("name")),
            "anonymous form names someone"
        );
    }
    qpdf_check(&anon);
    let issued = d.run(&["review", "show", "DEMO-SCO-01", "--json"]).json();
    let docs = issued["documents"].as_array().expect("documents");
    assert_eq!(docs.len(), 2);
    assert!(docs
        .iter()
        .any(|x| x["member_id"].is_null() && x["kind"] == "feedback-form"));
    assert!(docs
        .iter()
        .all(|x| x["wording_version"].as_str().is_some_and(|v| !v.is_empty())));
}

/// Every sheet recorded as issued in the workbook, as (member id, review reference).
fn issued_sheets(d: &Dir) -> Vec<(i64, String)> {
    let reviews = d.run(&["reviews", "--json"]).json();
    let mut out = Vec::new();
    for r in reviews.as_array().cloned().unwrap_or_default() {
        let reference = r["reference"].as_str().expect("reference").to_string();
        let view = d.run(&["review", "show", &reference, "--json"]).json();
        for doc in view["documents"].as_array().cloned().unwrap_or_default() {
            if doc["kind"] == "information-sheet" {
                out.push((
                    doc["member_id"].as_i64().expect("member"),
                    reference.clone(),
                ));
            }
        }
    }
    out
}

/// A whole PDF: its header, and the end-of-file marker last.
fn is_whole_pdf(path: &std::path::Path) -> bool {
    std::fs::read(path).is_ok_and(|b| {
        let end = b.trim_ascii_end();
        b.starts_with(b"%PDF-") && end.ends_with(b"%%EOF")
    })
}

#[test]
fn a_batch_that_fails_part_way_records_every_sheet_it_wrote_and_nothing_else() {
    let d = Dir::new();
    d.run(&["demo", "--scale", "4"]).ok();
    let out = d.path().join("sheets");
    // A folder where one person's sheet should go: writing that sheet fails. (Without
    // --force the batch refuses before writing anything, as a name it needs is taken.)
    let all: Vec<i64> = d
        .run(&["members", "--review", "SCALE-00002", "--json"])
        .json()
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .filter_map(|m| m["id"].as_i64())
        .collect();
    let blocked = all[all.len() / 2];
    std::fs::create_dir_all(out.join(format!("information-sheet-member-{blocked}.pdf")))
        .expect("blocker");
    d.run(&[
        "sheets",
        "--all",
        "--draft-ok",
        "--out",
        out.to_str().expect("utf8"),
    ])
    .fails(1, "nothing was written");
    assert!(issued_sheets(&d).is_empty());
    let err = d
        .run(&[
            "sheets",
            "--all",
            "--draft-ok",
            "--out",
            out.to_str().expect("utf8"),
            "--force",
        ])
        .fails(1, "could not write");
    assert_eq!(err.trim().lines().count(), 1, "one line: {err}");

    let issued = issued_sheets(&d);
    assert!(
        !issued.is_empty(),
        "the sheets before the failure are recorded"
    );
    for (member, review) in &issued {
        let file = out.join(format!("information-sheet-member-{member}.pdf"));
        assert!(
            is_whole_pdf(&file),
            "{review} member {member} recorded without a whole file"
        );
    }
    for entry in std::fs::read_dir(&out).expect("out") {
        let path = entry.expect("entry").path();
        let name = path
            .file_name()
            .expect("name")
            .to_string_lossy()
            .into_owned();
        assert!(!name.starts_with('.'), "a partial file was left: {name}");
        if path.is_dir() {
            continue;
        }
        let id: i64 = name
            .trim_start_matches("information-sheet-member-")
            .trim_end_matches(".pdf")
            .parse()
            .expect("member id in the name");
        assert_eq!(
            issued.iter().filter(|(m, _)| *m == id).count(),
            1,
            "{name} is on disk, so it is recorded exactly once"
        );
    }
}

#[test]
fn killing_a_batch_never_leaves_a_record_without_its_whole_file() {
    // How long an uninterrupted batch takes, on a workbook of its own (records do not say
    // which folder their file went to).
    let full = {
        let d = Dir::new();
        d.run(&["demo", "--scale", "6"]).ok();
        let out = d.path().join("sheets");
        let t = std::time::Instant::now();
        d.run(&[
            "sheets",
            "--all",
            "--draft-ok",
            "--out",
            out.to_str().expect("utf8"),
        ])
        .ok();
        t.elapsed().as_millis() as u64
    };
    let d = Dir::new();
    d.run(&["demo", "--scale", "6"]).ok();
    let out = d.path().join("sheets");
    let arg = out.to_str().expect("utf8").to_string();
    // Kills spread over the whole run, from the start to just past the end.
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    for i in 0..8u64 {
        let mut child = d
            .command(&["sheets", "--all", "--draft-ok", "--out", &arg])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("spawn");
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        let wait = (full + 50) * (i + 1) / 8 + x % 20;
        std::thread::sleep(std::time::Duration::from_millis(wait));
        let _ = child.kill();
        let _ = child.wait();
        for (member, review) in issued_sheets(&d) {
            let file = out.join(format!("information-sheet-member-{member}.pdf"));
            assert!(
                is_whole_pdf(&file),
                "kill {i} after {wait} ms: {review} member {member} is recorded without a whole file"
            );
        }
    }
    d.run(&["check"]).ok();
}

/// Before a document whose Welsh wording is still a draft is given out, the CLI says so on
/// stderr; the issue record keeps the wording's review status and the order of languages.
#[test]
fn draft_welsh_is_a_warning_and_welsh_first_is_recorded() {
    let d = Dir::new();
    d.run(&["demo"]).ok();
    let wal = members(&d, "DEMO-WAL-01");
    let siân = wal[0]["id"].to_string();
    let out = d.path().join("sian.pdf");
    let run = d.run(&[
        "sheet",
        "--review",
        "DEMO-WAL-01",
        "--member",
        &siân,
        "-o",
        out.to_str().expect("utf8"),
    ]);
    run.ok();
    let err = run.stderr();
    assert!(
        err.lines()
            .any(|l| l.starts_with("kindred: warning:") && l.contains("Welsh wording")),
        "{err}"
    );
    let view = d.run(&["review", "show", "DEMO-WAL-01", "--json"]).json();
    let last = view["documents"]
        .as_array()
        .and_then(|a| a.iter().max_by_key(|x| x["id"].as_i64()))
        .cloned()
        .expect("a document issued");
    assert_eq!(last["language"], "cy+en");
    assert!(
        last["wording_version"]
            .as_str()
            .is_some_and(|v| v.contains("wording-cy") && v.contains("(draft)")),
        "{last}"
    );
    // English only: nothing Welsh to warn about.
    let en = d.path().join("sian-en.pdf");
    let run = d.run(&[
        "sheet",
        "--review",
        "DEMO-WAL-01",
        "--member",
        &siân,
        "--lang",
        "en",
        "-o",
        en.to_str().expect("utf8"),
    ]);
    run.ok();
    assert!(!run.stderr().contains("Welsh wording"), "{}", run.stderr());
    // A batch says it once.
    let dir = d.path().join("sheets");
    let run = d.run(&[
        "sheets",
        "--review",
        "DEMO-WAL-01",
        "--out",
        dir.to_str().expect("utf8"),
    ]);
    run.ok();
    assert_eq!(
        run.stderr().matches("Welsh wording").count(),
        1,
        "{}",
        run.stderr()
    );
    let run = d.run(&[
        "sheets",
        "--review",
        "DEMO-SCO-01",
        "--out",
        d.path().join("sco").to_str().expect("utf8"),
    ]);
    run.ok();
    assert!(!run.stderr().contains("Welsh"), "{}", run.stderr());
}
