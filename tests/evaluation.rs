//! Evaluation across reviews through the real binary (issue 15, items 1 and 2): `kindred
//! evaluation` adds up returned feedback by question and by principle across reviews, with
//! forms sent and returned and the change by quarter or year; `--nation`, `--from` and
//! `--to` choose what is counted (dates as people in the UK type them, mistakes in the
//! form's words); `--pdf` writes the partnership's report and `--export csv` the anonymised
//! file, neither with a name, a comment or (unless asked) a review's reference in it.

mod util;

use util::pdf::{qpdf_check, words_of as pdftotext};
use util::Dir;

/// The fields of one CSV line (RFC 4180 quoting).
fn fields(line: &str) -> Vec<String> {
    let mut out = vec![String::new()];
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                chars.next();
                out.last_mut().expect("a field").push('"');
            }
            ('"', _) => quoted = !quoted,
            (',', false) => out.push(String::new()),
            (c, _) => out.last_mut().expect("a field").push(c),
        }
    }
    out
}

/// Adds a review with `people` members (named `Name{i} Family{ref}`, each with a postal
/// address), and returns their ids.
fn review(d: &Dir, reference: &str, nation: &str, kind: &str, people: usize) -> Vec<String> {
    d.run(&[
        "review",
        "add",
        "--reference",
        reference,
        "--nation",
        nation,
        "--type",
        kind,
        "--pseudonym",
        "Child E",
        "--body",
        "Test Partnership (fictional)",
        "--author-name",
        "A Reviewer",
    ])
    .ok();
    (0..people)
        .map(|i| {
            let id = d
                .run(&[
                    "member",
                    "add",
                    "--review",
                    reference,
                    "--name",
                    &format!("Name{i} Family{}", reference.replace('-', "")),
                ])
                .ok()
                .trim()
                .to_string();
            d.run(&[
                "member",
                "detail",
                &id,
                "--kind",
                "address",
                "--value",
                &format!("{i} Quillington Row, Marshby, ZZ9 {i}QQ"),
            ])
            .ok();
            id
        })
        .collect()
}

/// Records feedback from `member` (or anonymously) on `on`, with `answers` and `comments`.
fn feedback(
    d: &Dir,
    reference: &str,
    member: Option<&str>,
    on: &str,
    answers: &[(&str, &str)],
    comments: &[(&str, &str)],
) {
    let mut args: Vec<String> = [
        "feedback",
        "add",
        "--review",
        reference,
        "--received-on",
        on,
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    if let Some(m) = member {
        args.extend(["--member".to_string(), m.to_string()]);
    }
    for (q, a) in answers {
        args.extend(["--answer".to_string(), format!("{q}={a}")]);
    }
    for (q, c) in comments {
        args.extend(["--comment".to_string(), format!("{q}={c}")]);
    }
    let refs: Vec<&str> = args.iter().map(String::as_str).collect();
    d.run(&refs).ok();
}

fn tally(v: &serde_json::Value, id: &str) -> (u64, u64, u64, u64) {
    let q = v["questions"]
        .as_array()
        .expect("questions")
        .iter()
        .find(|q| q["id"] == id)
        .unwrap_or_else(|| panic!("no question {id} in {v}"));
    let t = &q["tally"];
    (
        t["yes"].as_u64().unwrap_or(99),
        t["partly"].as_u64().unwrap_or(99),
        t["no"].as_u64().unwrap_or(99),
        t["not_sure"].as_u64().unwrap_or(99),
    )
}

/// Two reviews, in England and Wales, with feedback in June and September 2026.
fn two_reviews(d: &Dir) -> (Vec<String>, Vec<String>) {
    d.run(&["init"]).ok();
    let eng = review(d, "E-1", "england", "lcspr", 3);
    let wal = review(d, "W-1", "wales", "cpr-concise", 2);
    feedback(
        d,
        "E-1",
        Some(&eng[0]),
        "2/6/2026",
        &[
            ("told-understood-purpose", "yes"),
            ("treated-listened", "partly"),
        ],
        &[("treated-listened", "They kept the dog out of it")],
    );
    feedback(
        d,
        "E-1",
        Some(&eng[1]),
        "15 June 2026",
        &[("told-understood-purpose", "no")],
        &[],
    );
    feedback(
        d,
        "E-1",
        None,
        "3 Sep 26",
        &[
            ("told-understood-purpose", "yes"),
            ("overall-encourage", "not-sure"),
        ],
        &[],
    );
    feedback(
        d,
        "W-1",
        Some(&wal[0]),
        "2026-09-20",
        &[("told-understood-purpose", "yes")],
        &[],
    );
    (eng, wal)
}

#[test]
fn answers_add_up_across_reviews_by_question_principle_and_quarter() {
    let d = Dir::new();
    two_reviews(&d);
    d.run(&[
        "feedback-form",
        "--review",
        "E-1",
        "--anonymous",
        "-o",
        "form.pdf",
    ])
    .ok();
    let v = d.run(&["evaluation", "--json"]).json();
    assert_eq!(
        (
            v["reviews"].as_u64(),
            v["sent"].as_u64(),
            v["returned"].as_u64(),
            v["anonymous"].as_u64()
        ),
        (Some(2), Some(1), Some(4), Some(1)),
        "{v}"
    );
    assert_eq!(
        v["response_rate"].as_u64(),
        Some(100),
        "more returned than sent is capped: {v}"
    );
    assert_eq!(tally(&v, "told-understood-purpose"), (3, 0, 1, 0));
    assert_eq!(tally(&v, "treated-listened"), (0, 1, 0, 0));
    assert_eq!(tally(&v, "overall-encourage"), (0, 0, 0, 1));
    let comments = v["questions"]
        .as_array()
        .expect("questions")
        .iter()
        .find(|q| q["id"] == "treated-listened")
        .map(|q| q["comments"].clone());
    assert_eq!(comments, Some(serde_json::json!(1)));
    assert!(
        !v.to_string().contains("dog"),
        "the words stay in the workbook: {v}"
    );
    // Principle 1 (clarity of purpose) is told-understood-purpose's.
    let p1 = &v["principles"][0];
    assert_eq!(
        (
            p1["principle"].as_u64(),
            p1["answered"].as_u64(),
            p1["yes_percent"].as_u64()
        ),
        (Some(1), Some(4), Some(75)),
        "{p1}"
    );
    let periods: Vec<(String, u64)> = v["over_time"]
        .as_array()
        .expect("over_time")
        .iter()
        .map(|p| {
            (
                p["label"].as_str().unwrap_or_default().to_string(),
                p["returned"].as_u64().unwrap_or(99),
            )
        })
        .collect();
    // The form was made today on this computer's clock, so the periods run at least to
    // September; June and September each hold two returns, nothing is skipped between.
    assert_eq!(
        periods[0],
        ("April to June 2026".to_string(), 2),
        "{periods:?}"
    );
    assert_eq!(
        periods[1],
        ("July to September 2026".to_string(), 2),
        "{periods:?}"
    );
    let by_year = d.run(&["evaluation", "--json", "--by", "year"]).json();
    assert_eq!(by_year["over_time"][0]["label"], "2026", "{by_year}");
}

#[test]
fn nation_and_dates_choose_what_is_counted() {
    let d = Dir::new();
    two_reviews(&d);
    let wales = d.run(&["evaluation", "--json", "--nation", "Wales"]).json();
    assert_eq!(
        (wales["reviews"].as_u64(), wales["returned"].as_u64()),
        (Some(1), Some(1)),
        "{wales}"
    );
    assert_eq!(wales["scope"], "All reviews in Wales, all dates");
    let june = d
        .run(&[
            "evaluation",
            "--json",
            "--from",
            "1/6/2026",
            "--to",
            "30 June 2026",
        ])
        .json();
    assert_eq!(june["returned"].as_u64(), Some(2), "{june}");
    assert_eq!(tally(&june, "told-understood-purpose"), (1, 0, 1, 0));
    assert_eq!(
        june["scope"],
        "All reviews in every nation, from 1 June 2026 to 30 June 2026"
    );
    let from_july = d
        .run(&["evaluation", "--json", "--from", "1 Jul 2026"])
        .json();
    assert_eq!(from_july["returned"].as_u64(), Some(2), "{from_july}");
}

#[test]
fn mistakes_are_named_in_the_forms_words_all_at_once() {
    let d = Dir::new();
    two_reviews(&d);
    let e = d
        .run(&[
            "evaluation",
            "--from",
            "31/2/2026",
            "--nation",
            "wessex",
            "--by",
            "month",
        ])
        .fails(1, "From");
    assert!(e.contains("Nation must be one of"), "{e}");
    assert!(e.contains("Show change by must be one of"), "{e}");
    d.run(&["evaluation", "--from", "1/7/2026", "--to", "1/6/2026"])
        .fails(1, "To must be the same as or after From");
}

#[test]
fn the_table_reads_for_people() {
    let d = Dir::new();
    two_reviews(&d);
    let out = d.run(&["evaluation"]).ok();
    for want in [
        "Evaluation of family involvement: All reviews in every nation, all dates",
        "forms sent 0; returned 4 (1 anonymous)",
        "By principle",
        "1. Clarity of purpose",
        "told-understood-purpose",
        "April to June 2026",
    ] {
        assert!(out.contains(want), "missing {want:?} in\n{out}");
    }
    let empty = Dir::new();
    empty.run(&["init"]).ok();
    let none = empty.run(&["evaluation"]).ok();
    assert!(
        none.contains("No feedback forms were sent or returned in this time."),
        "{none}"
    );
}

/// Six people in one review answer one question "yes", so that cell (six) is shown and
/// every other is not.
fn six_yes(d: &Dir) -> Vec<String> {
    d.run(&["init"]).ok();
    let people = review(d, "SECRET-REF-1", "england", "lcspr", 6);
    for (i, m) in people.iter().enumerate() {
        let a = if i == 0 { "no" } else { "yes" };
        feedback(
            d,
            "SECRET-REF-1",
            Some(m),
            "10/6/2026",
            &[("told-understood-purpose", "yes"), ("treated-listened", a)],
            &[("overall-most-helpful", &format!("Private words {i}"))],
        );
    }
    people
}

#[test]
fn the_export_is_anonymous_and_small_counts_are_hidden() {
    let d = Dir::new();
    six_yes(&d);
    let out = d.run(&["evaluation", "--export", "csv", "-o", "partnership.csv"]);
    out.ok();
    assert!(
        out.stderr().contains("no free-text comments are exported"),
        "{}",
        out.stderr()
    );
    let csv = std::fs::read_to_string(d.path().join("partnership.csv")).expect("written");
    assert!(
        csv.starts_with("table,review,period,principle,question,measure,people\n"),
        "{csv}"
    );
    for never in [
        "Name",
        "Family",
        "Quillington",
        "Marshby",
        "ZZ9",
        "Private words",
        "SECRET-REF",
    ] {
        assert!(!csv.contains(never), "{never:?} in\n{csv}");
    }
    let rows: Vec<Vec<String>> = csv.lines().skip(1).map(fields).collect();
    for r in &rows {
        let cell = r.last().map(String::as_str).unwrap_or_default();
        match cell.parse::<u32>() {
            Ok(n) => assert!(n >= 5, "a count under five is shown: {r:?}"),
            Err(_) => assert!(
                cell == "<5" || cell == "[c]",
                "unexpected cell {cell:?} in {r:?}"
            ),
        }
    }
    let find = |q: &str, m: &str| {
        rows.iter()
            .find(|r| r[0] == "answers" && r[4] == q && r[5] == m)
            .map(|r| r[6].as_str())
            .unwrap_or_else(|| panic!("no answers row {q} {m}\n{csv}"))
    };
    assert_eq!(find("told-understood-purpose", "Yes"), "6");
    assert_eq!(find("told-understood-purpose", "answered"), "6");
    assert_eq!(find("told-understood-purpose", "No"), "<5");
    // 5 yes and 1 no: the no, and the partly and not sure (none), are all "<5", so the 1
    // cannot be told from the noughts by subtracting 5 from 6.
    assert_eq!(find("treated-listened", "Yes"), "5");
    for hidden in ["No", "Partly", "Not sure"] {
        assert_eq!(find("treated-listened", hidden), "<5", "{hidden}");
    }
    assert_eq!(find("treated-listened", "answered"), "6");
    // The principle adds up its questions, one of which hides a cell: the row goes.
    let p5: Vec<&str> = rows
        .iter()
        .filter(|r| r[0] == "answers-by-principle" && r[3].starts_with("5 "))
        .map(|r| r[6].as_str())
        .collect();
    assert!(
        !p5.is_empty() && p5.iter().all(|c| *c == "<5" || *c == "[c]"),
        "{p5:?}"
    );
    // Refused over an existing file unless --force; references only when asked.
    d.run(&["evaluation", "--export", "csv", "-o", "partnership.csv"])
        .fails(1, "exists");
    d.run(&[
        "evaluation",
        "--export",
        "csv",
        "--with-references",
        "-o",
        "partnership.csv",
        "--force",
    ])
    .ok();
    let with = std::fs::read_to_string(d.path().join("partnership.csv")).expect("written");
    assert!(
        with.contains("forms-by-review,SECRET-REF-1,All,,,returned,6"),
        "{with}"
    );
}

#[test]
fn the_report_is_a_valid_pdf_with_its_charts_in_words() {
    let d = Dir::new();
    six_yes(&d);
    let out = d.run(&["evaluation", "--pdf", "-o", "report.pdf"]).ok();
    assert!(out.contains("Wrote"), "{out}");
    let path = d.path().join("report.pdf");
    qpdf_check(&path);
    let text = pdftotext(&path);
    for want in [
        "Families' feedback on involvement in case reviews",
        "Forms returned 6",
        "How families answered, by principle",
        "Did you understand what the review was for, and what it could not do?",
        "6 of 6 (100%)",
        "fewer than 5",
    ] {
        assert!(text.contains(want), "missing {want:?} in\n{text}");
    }
    for never in [
        "Name",
        "Family",
        "Quillington",
        "Private words",
        "SECRET-REF",
    ] {
        assert!(!text.contains(never), "{never:?} in\n{text}");
    }
    d.run(&["evaluation", "--pdf"]).fails(2, "output");
}

#[test]
fn a_report_on_wales_comes_in_english_and_welsh_and_says_the_welsh_is_a_draft() {
    let d = Dir::new();
    d.run(&["init"]).ok();
    let people = review(&d, "W-9", "wales", "cpr-concise", 6);
    for m in &people {
        feedback(
            &d,
            "W-9",
            Some(m),
            "10/6/2026",
            &[("told-understood-purpose", "yes")],
            &[],
        );
    }
    let run = d.run(&["evaluation", "--nation", "wales", "--pdf", "-o", "both.pdf"]);
    run.ok();
    assert!(
        run.stderr()
            .contains("The Welsh wording of this report is a draft"),
        "{}",
        run.stderr()
    );
    let path = d.path().join("both.pdf");
    qpdf_check(&path);
    let text = pdftotext(&path);
    for want in [
        // English first, then Welsh, each whole.
        "Families' feedback on involvement in case reviews",
        "All reviews in Wales",
        "Adborth teuluoedd ar gymryd rhan mewn adolygiadau achos",
        "Pob adolygiad. Gwlad: Cymru",
        "Oeddech chi'n deall beth oedd pwrpas yr adolygiad, a beth na allai ei wneud?",
        "Ffurflenni a ddychwelwyd 6",
        "Ebrill–Mehefin 2026",
        "Tudalen ",
    ] {
        assert!(text.contains(want), "missing {want:?} in\n{text}");
    }
    let english = text.find("Families' feedback").expect("English");
    let welsh = text.find("Adborth teuluoedd").expect("Welsh");
    assert!(english < welsh, "English comes first by default");

    // Welsh first when asked; English alone says nothing about Welsh.
    d.run(&[
        "evaluation",
        "--nation",
        "wales",
        "--pdf",
        "--lang",
        "cy-first",
        "-o",
        "cy.pdf",
    ])
    .ok();
    let text = pdftotext(&d.path().join("cy.pdf"));
    assert!(
        text.find("Adborth teuluoedd") < text.find("Families' feedback"),
        "{text}"
    );
    let run = d.run(&[
        "evaluation",
        "--nation",
        "wales",
        "--pdf",
        "--lang",
        "en",
        "-o",
        "en.pdf",
    ]);
    run.ok();
    assert!(!run.stderr().contains("Welsh"), "{}", run.stderr());
    assert!(!pdftotext(&d.path().join("en.pdf")).contains("Adborth"));
    // A language the report does not come in is named in the form's words.
    d.run(&["evaluation", "--pdf", "--lang", "pl", "-o", "pl.pdf"])
        .fails(
            1,
            "Language of the report must be one of: en, cy, both, cy-first",
        );
}
