//! The family's voice reaches the review (issue 12), through the real `kindred` binary:
//! questions tracked to an answer and shaping the lines of enquiry, contributions used
//! only as the person agreed, findings linked to what families said, the draft shared and
//! commented on, and the involvement summary for the report, which names nobody.

mod util;

use std::io::Read;

use util::Dir;

/// A review in England (T-1) with a mother (report pseudonym "Mother A") and a father
/// (no pseudonym) behind an information barrier; returns (mother, father).
fn family(d: &Dir) -> (String, String) {
    let mother = d.review_with_one_person(&["--key-date", "decision=2026-06-01"], "Dana Whitlock");
    d.run(&[
        "member",
        "set",
        &mother,
        "--name",
        "Dana Whitlock",
        "--report-pseudonym",
        "Mother A",
    ])
    .ok();
    let father = d
        .run(&["member", "add", "--review", "T-1", "--name", "Ray Whitlock"])
        .ok()
        .trim()
        .to_string();
    d.run(&[
        "link",
        "barrier",
        "--protect",
        &mother,
        "--from",
        &father,
        "--reason",
        "Separated",
    ])
    .ok();
    (mother, father)
}

fn visit(d: &Dir, m: &str, date: &str) -> String {
    d.run(&[
        "contact",
        "add",
        "--member",
        m,
        "--date",
        date,
        "--mode",
        "home-visit",
        "--outcome",
        "reached",
    ])
    .ok()
    .trim()
    .to_string()
}

fn id_of(out: &str) -> String {
    out.split_whitespace()
        .find(|w| w.chars().all(|c| c.is_ascii_digit()))
        .unwrap_or_else(|| panic!("no id in {out:?}"))
        .to_string()
}

fn docx_text(path: &std::path::Path) -> String {
    let file = std::fs::File::open(path).expect("open docx");
    let mut zip = zip::ZipArchive::new(file).expect("a docx is a zip");
    let mut xml = String::new();
    zip.by_name("word/document.xml")
        .expect("word/document.xml")
        .read_to_string(&mut xml)
        .expect("read document.xml");
    xml
}

#[test]
fn the_family_s_voice_reaches_the_summary_and_names_nobody() {
    let d = Dir::new();
    let (mother, father) = family(&d);
    let contact = visit(&d, &mother, "2/9/2026");

    // Questions keep their askers apart: a question asked "together" across a barrier is
    // refused in the form's words.
    d.run(&[
        "question",
        "add",
        "--review",
        "T-1",
        "--asked-by",
        &mother,
        "--asked-by",
        &father,
        "--asked-on",
        "2/9/2026",
        "--words",
        "Why?",
    ])
    .fails(1, "cannot share a question");
    let q = id_of(
        &d.run(&[
            "question",
            "add",
            "--review",
            "T-1",
            "--asked-by",
            &mother,
            "--asked-on",
            "2 September 2026",
            "--contact",
            &contact,
            "--words",
            "Why did no one come back after the nursery rang?",
        ])
        .ok(),
    );
    // The question shapes a line of enquiry.
    d.run(&[
        "line",
        "add",
        "--review",
        "T-1",
        "--text",
        "How the nursery's concerns were followed up",
        "--source",
        "family-question",
        "--added-on",
        "3/9/2026",
    ])
    .fails(
        1,
        "Choose the family question this line of enquiry came from",
    );
    let line = id_of(
        &d.run(&[
            "line",
            "add",
            "--review",
            "T-1",
            "--text",
            "How the nursery's concerns were followed up",
            "--source",
            "family-question",
            "--question",
            &q,
            "--added-on",
            "3/9/2026",
        ])
        .ok(),
    );
    // Answered: everything an author must show, or every missing part named at once.
    let missing = d
        .run(&["question", "answer", "--id", &q, "--status", "answered"])
        .fails(1, "Enter the answer");
    for label in [
        "how the answer was given",
        "date the answer was given",
        "who gave the answer",
    ] {
        assert!(missing.to_lowercase().contains(label), "{label}: {missing}");
    }
    d.run(&[
        "question",
        "answer",
        "--id",
        &q,
        "--status",
        "answered",
        "--answer",
        "The call was logged but not passed on",
        "--how",
        "in-person",
        "--given-on",
        "1/10/2026",
        "--given-by",
        "The reviewer",
    ])
    .ok();
    let listed = d
        .run(&[
            "question", "list", "--review", "T-1", "--member", &mother, "--json",
        ])
        .json();
    assert_eq!(listed[0]["status"]["status"], "answered", "{listed}");
    assert!(
        d.run(&["question", "list", "--review", "T-1", "--member", &father, "--json"])
            .json()
            .as_array()
            .expect("array")
            .is_empty(),
        "a person sees only their own questions"
    );

    // Contributions: own words only with consent to quote.
    d.run(&[
        "contribution",
        "add",
        "--member",
        &mother,
        "--date",
        "2/9/2026",
        "--kind",
        "about-the-child",
        "--summary",
        "A musical little girl",
        "--own-words",
        "She sang all day",
        "--permission",
        "paraphrase-only",
        "--permission-agreed-on",
        "2/9/2026",
    ])
    .fails(1, "only where they agreed to be quoted");
    let quoted = id_of(
        &d.run(&[
            "contribution",
            "add",
            "--member",
            &mother,
            "--date",
            "2/9/2026",
            "--contact",
            &contact,
            "--kind",
            "about-the-child",
            "--summary",
            "A musical little girl",
            "--own-words",
            "She sang all day",
            "--permission",
            "may-quote",
            "--permission-agreed-on",
            "2/9/2026",
            "--line",
            &line,
        ])
        .ok(),
    );
    let secret = id_of(
        &d.run(&[
            "contribution",
            "add",
            "--member",
            &mother,
            "--date",
            "2/9/2026",
            "--kind",
            "events",
            "--summary",
            "Something private",
            "--permission",
            "not-to-be-used",
            "--permission-agreed-on",
            "2/9/2026",
        ])
        .ok(),
    );
    // A contribution the person asked not to be used informs no finding.
    d.run(&[
        "finding",
        "add",
        "--review",
        "T-1",
        "--title",
        "Concerns were not followed up",
        "--text",
        "The nursery's call was logged but nobody acted on it.",
        "--contribution",
        &secret,
    ])
    .fails(1, "cannot inform a finding");
    d.run(&[
        "finding",
        "add",
        "--review",
        "T-1",
        "--title",
        "Concerns were not followed up",
        "--text",
        "The nursery's call was logged but nobody acted on it.",
        "--line",
        &line,
        "--contribution",
        &quoted,
    ])
    .ok();

    // The draft: never to two people across a barrier, then to the mother alone.
    d.run(&[
        "draft",
        "share",
        "--review",
        "T-1",
        "--with",
        &mother,
        "--with",
        &father,
        "--draft",
        "the first draft",
        "--date",
        "1/11/2026",
        "--mode",
        "reading-session",
    ])
    .fails(1, "information barrier");
    let session = id_of(
        &d.run(&[
            "draft",
            "share",
            "--review",
            "T-1",
            "--with",
            &mother,
            "--draft",
            "the first draft",
            "--date",
            "1/11/2026",
            "--mode",
            "reading-session",
            "--reading-days",
            "14",
        ])
        .ok(),
    );
    let comment = id_of(
        &d.run(&[
            "draft",
            "comment",
            "--session",
            &session,
            "--part",
            "Section 3",
            "--said",
            "The letters went to our old address",
        ])
        .ok(),
    );
    d.run(&[
        "draft",
        "respond",
        "--comment",
        &comment,
        "--response",
        "factual-correction",
        "--detail",
        "The report now says the letters went to the old address.",
        "--decided-on",
        "5/11/2026",
        "--told-on",
        "6/11/2026",
    ])
    .ok();

    // The summary, as Word: the pseudonym, the answered count, the change; no names.
    let out = d.path().join("summary.docx");
    d.run(&[
        "summary",
        "--review",
        "T-1",
        "-o",
        out.to_str().expect("path"),
    ])
    .ok();
    let xml = docx_text(&out);
    for expected in [
        "How the family was involved",
        "Mother A",
        "1 answered",
        "The report now says the letters went to the old address.",
        "She sang all day",
        "How the nursery",
    ] {
        assert!(
            xml.contains(expected),
            "missing {expected:?} in the Word file"
        );
    }
    for name in ["Dana", "Whitlock", "Ray"] {
        assert!(!xml.contains(name), "the summary names {name}");
    }
    assert!(!xml.contains("Something private"));
    // Never over an existing file unasked.
    d.run(&[
        "summary",
        "--review",
        "T-1",
        "-o",
        out.to_str().expect("path"),
    ])
    .fails(1, "already exists");
    // Markdown and PDF too.
    let md = d.path().join("summary.md");
    d.run(&[
        "summary",
        "--review",
        "T-1",
        "-o",
        md.to_str().expect("path"),
    ])
    .ok();
    let md_text = std::fs::read_to_string(&md).expect("md");
    assert!(
        md_text.starts_with("# How the family was involved"),
        "{md_text}"
    );
    let pdf = d.path().join("summary.pdf");
    d.run(&[
        "summary",
        "--review",
        "T-1",
        "--format",
        "pdf",
        "-o",
        pdf.to_str().expect("path"),
    ])
    .ok();
    let text = std::process::Command::new("pdftotext")
        .args([pdf.to_str().expect("path"), "-"])
        .output()
        .expect("pdftotext (poppler-utils)");
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(text.contains("Mother A"), "{text}");
    let check = std::process::Command::new("qpdf")
        .args(["--check", pdf.to_str().expect("path")])
        .output()
        .expect("qpdf");
    assert!(check.status.success(), "qpdf --check failed");

    // A name typed into a record stops the summary, naming the name for the author.
    d.run(&[
        "draft",
        "comment",
        "--session",
        &session,
        "--part",
        "Section 4",
        "--said",
        "Ray Whitlock was never asked",
    ])
    .ok();
    d.run(&[
        "draft",
        "respond",
        "--comment",
        &(comment.parse::<i64>().expect("id") + 1).to_string(),
        "--response",
        "changed",
        "--detail",
        "Added that Ray Whitlock was not contacted",
        "--decided-on",
        "5/11/2026",
    ])
    .ok();
    let out2 = d.path().join("summary2.docx");
    d.run(&[
        "summary",
        "--review",
        "T-1",
        "-o",
        out2.to_str().expect("path"),
    ])
    .fails(1, "names Ray Whitlock");
    assert!(!out2.exists(), "nothing written");
}

#[test]
fn an_edited_summary_is_kept_and_said_to_be_out_of_date_when_records_change() {
    let d = Dir::new();
    let (mother, _) = family(&d);
    visit(&d, &mother, "2/9/2026");
    let view = d.run(&["summary", "--review", "T-1", "--json"]).json();
    assert_eq!(view["out_of_date"], false);
    let edited = format!(
        "{}\nThe author's own closing words.\n",
        view["text"].as_str().expect("text")
    );
    let kept = d
        .run(&["summary", "--review", "T-1", "--edited", &edited, "--json"])
        .json();
    assert!(kept["text"]
        .as_str()
        .expect("text")
        .contains("closing words"));
    assert_eq!(kept["out_of_date"], false);
    // An edit that names someone is refused.
    d.run(&[
        "summary",
        "--review",
        "T-1",
        "--edited",
        "Dana Whitlock took part.",
    ])
    .fails(1, "names Dana Whitlock");
    // A newer record makes the edited text out of date; the author is told.
    visit(&d, &mother, "9/9/2026");
    let r = d.run(&["summary", "--review", "T-1"]);
    assert!(r.stderr().contains("newer records"), "{}", r.stderr());
    assert!(r.ok().contains("closing words"));
    // Redraft: back to the records.
    let fresh = d
        .run(&["summary", "--review", "T-1", "--redraft", "--json"])
        .json();
    assert!(!fresh["text"]
        .as_str()
        .expect("text")
        .contains("closing words"));
}

#[test]
fn a_review_with_nothing_to_summarise_says_so() {
    let d = Dir::new();
    family(&d);
    let out = d.path().join("s.docx");
    d.run(&[
        "summary",
        "--review",
        "T-1",
        "-o",
        out.to_str().expect("path"),
    ])
    .fails(1, "nothing to summarise yet");
    assert!(!out.exists());
    d.run(&[
        "summary", "--review", "T-1", "--format", "odt", "-o", "x.odt",
    ])
    .fails(1, "The format must be one of: docx, md, pdf");
}

#[test]
fn every_option_s_allowed_values_are_in_the_help() {
    let d = Dir::new();
    for (cmd, values) in [
        (
            vec!["line", "add", "--help"],
            vec![
                "commissioning-body",
                "family-question",
                "practitioner",
                "dropped",
            ],
        ),
        (
            vec!["question", "answer", "--help"],
            vec![
                "being-looked-into",
                "cannot-be-answered",
                "outside-review",
                "in-the-report",
            ],
        ),
        (
            vec!["contribution", "add", "--help"],
            vec![
                "about-the-child",
                "may-quote",
                "paraphrase-only",
                "background-only",
                "not-to-be-used",
            ],
        ),
        (
            vec!["draft", "share", "--help"],
            vec![
                "reading-session",
                "copy-sent",
                "read-aloud",
                "with-interpreter",
            ],
        ),
        (
            vec!["draft", "respond", "--help"],
            vec!["changed", "factual-correction", "not-changed"],
        ),
        (
            vec!["summary", "--help"],
            vec!["docx", "md", "pdf", "en", "cy"],
        ),
    ] {
        let help = d.run(&cmd).ok();
        for v in values {
            assert!(help.contains(v), "{cmd:?} --help lacks {v}:\n{help}");
        }
    }
}
