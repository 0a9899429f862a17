//! Family documents through the real `kindred` binary: every member of every demo review gets
//! the right sheet or a refusal with the reason, in every variant, Welsh for Wales.

mod util;

use std::process::Command;

use util::Dir;

fn pdftotext(path: &std::path::Path) -> String {
    let out = Command::new("pdftotext")
        .arg(path)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) must be installed");
    assert!(
        out.status.success(),
        "pdftotext {}: {}",
        path.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    // Lines wrap where the layout wraps them: compare words, not line breaks.
    String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn qpdf_check(path: &std::path::Path) {
    let out = Command::new("qpdf")
        .arg("--check")
        .arg(path)
        .output()
        .expect("qpdf must be installed");
    assert!(
        out.status.success(),
        "qpdf --check {}: {}",
        path.display(),
        String::from_utf8_lossy(&out.stdout)
    );
}

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
        let mut args = vec!["sheets", "--all", "--out", out.to_str().expect("utf8")];
        args.extend_from_slice(variant);
        let report = d.run(&args).ok();
        for (review, everyone) in &people {
            let review = *review;
            for m in everyone {
                let id = m["id"].as_i64().expect("id");
                let file = out.join(format!("information-sheet-member-{id}.pdf"));
                let status = m["involvement"]["status"].as_str().unwrap_or("");
                let restricted = m["restrictions"].as_array().is_some_and(|r| !r.is_empty());
                if restricted || ["declined", "withdrew", "not-approached"].contains(&status) {
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
    .fails(1, "en, cy or both");
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
