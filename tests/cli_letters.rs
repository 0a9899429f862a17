//! The letters between visits (issue 13, item 5) through the real `kindred` binary: every
//! kind in every version for a review in each nation, read back with pdftotext and checked
//! with `qpdf --check`; the author's paragraph checked for anyone else's details like the
//! rest; a pending decision, a person who did not ask to see the draft, a visit that is
//! not planned and a publication not yet decided each refused with the reason and nothing
//! written; every letter recorded as issued; and the plain-English reading ease measured.

mod util;

use std::path::Path;

use kindred::domain::catalogue::{normalise_for_search, Vocabulary};
use kindred::domain::nation::Nation;
use util::pdf::{qpdf_check, text as pdftotext, words};
use util::Dir;

const KINDS: [&str; 6] = ["first", "update", "terms", "visit", "draft", "publication"];
const VARIANTS: [&str; 3] = ["--standard", "--large-print", "--easy-read"];

/// One review's people: a mother (in a refuge, with terms that ask to see the draft and a
/// planned visit) and a family friend (no terms).
struct Family {
    reference: String,
    mother: String,
    friend: String,
    visit: String,
}

const NATIONS: [(&str, &str, Nation); 4] = [
    ("england", "lcspr", Nation::England),
    ("wales", "cpr-extended", Nation::Wales),
    ("scotland", "learning-review", Nation::Scotland),
    ("northern-ireland", "cmr", Nation::NorthernIreland),
];

fn family(d: &Dir, reference: &str, nation: &str, review_type: &str) -> Family {
    let mut args = vec![
        "review",
        "add",
        "--reference",
        reference,
        "--nation",
        nation,
        "--type",
        review_type,
        "--pseudonym",
        "Child L",
        "--body",
        "Eastfield Safeguarding Body (fictional)",
        "--author-name",
        "Robin Quill",
        "--author-phone",
        "01632 960 111",
        "--author-email",
        "robin.quill@example.org",
        "--publication",
        "planned",
        "--key-date",
        "planned-publication=15/6/2027",
    ];
    if nation == "wales" {
        args.extend_from_slice(&["--body-cy", "Bwrdd Diogelu Dwyrain (ffuglennol)"]);
    }
    d.run(&args).ok();
    let child = d
        .run(&[
            "child",
            "add",
            "--review",
            reference,
            "--known-as",
            "Cerys",
            "--pseudonym",
            "Child L",
        ])
        .ok()
        .trim()
        .to_string();
    let add = |name: &str, rel: &str| {
        let id = d
            .run(&["member", "add", "--review", reference, "--name", name])
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
    d.run(&[
        "terms",
        "agree",
        "--member",
        &mother,
        "--agreed-on",
        "1/11/2026",
        "--method",
        "verbal",
        "--recorded-by",
        "Robin Quill",
        "--venue",
        "Family centre",
        "--cadence",
        "21",
        "--wants-draft",
        "--reading-time-days",
        "14",
        "--confidentiality-explained-on",
        "1/11/2026",
    ])
    .ok();
    let visit = d
        .run(&[
            "contact",
            "add",
            "--member",
            &mother,
            "--date",
            "2 December 2026",
            "--time",
            "10:30",
            "--mode",
            "in-person",
            "--outcome",
            "planned",
            "--location",
            "Family centre, Market Street",
            "--attendee",
            "Robin Quill",
            "--interpreter",
            "Polish",
        ])
        .ok()
        .trim()
        .to_string();
    Family {
        reference: reference.to_string(),
        mother,
        friend,
        visit,
    }
}

fn letter(d: &Dir, f: &Family, member: &str, kind: &str, extra: &[&str], out: &Path) -> util::Run {
    let mut args = vec![
        "letter",
        "--review",
        &f.reference,
        "--member",
        member,
        "--kind",
        kind,
        "-o",
        out.to_str().expect("utf8 path"),
    ];
    if kind == "visit" {
        args.extend_from_slice(&["--visit", &f.visit]);
    }
    args.extend_from_slice(extra);
    d.run(&args)
}

/// What each kind must say for the mother (English part).
fn expected(kind: &str) -> &'static [&'static str] {
    match kind {
        "first" => &["Robin Quill", "put in a sheet", "Cerys"],
        // KINDRED_TODAY is 20 November 2026; her terms say every 21 days.
        "update" => &["again by 11 December 2026"],
        "terms" => &[
            "What we agreed",
            "Family centre",
            "About every 21 days",
            "most often",
        ],
        "visit" => &[
            "Wednesday 2 December 2026",
            "10:30",
            "Family centre, Market Street",
            "Polish",
            "stop at any time",
        ],
        "draft" => &["about 2 weeks", "bring someone"],
        "publication" => &["June 2027", "most often"],
        _ => unreachable!(),
    }
}

fn issued(d: &Dir, review: &str) -> Vec<serde_json::Value> {
    d.run(&["review", "show", review, "--json"]).json()["documents"]
        .as_array()
        .cloned()
        .unwrap_or_default()
}

#[test]
fn every_letter_in_every_version_for_every_nation() {
    let d = Dir::new();
    d.run(&["init"]).ok();
    let vocabulary = Vocabulary::embedded().expect("assets/nations.toml parses");
    for (i, (nation, review_type, n)) in NATIONS.iter().enumerate() {
        let f = family(&d, &format!("L-{i}"), nation, review_type);
        for kind in KINDS {
            for variant in VARIANTS {
                let out = d.path().join(format!("{nation}-{kind}{variant}.pdf"));
                let run = letter(&d, &f, &f.mother, kind, &[variant], &out);
                let said = run.ok();
                assert!(said.contains("Wrote"), "{said}");
                qpdf_check(&out);
                let text = pdftotext(&out);
                let w = words(&text);
                assert!(
                    w.contains("Dear Nadia Okonkwo,"),
                    "{nation} {kind} {variant}: {w}"
                );
                for want in expected(kind) {
                    // The easy-read update says the same date; every version carries it all.
                    assert!(
                        w.contains(want),
                        "{nation} {kind} {variant} lacks {want:?}: {w}"
                    );
                }
                // Never the promise that names will not be used, where naming is not agreed.
                assert!(!w.contains("will not use your real names"), "{w}");
                let foreign = vocabulary.foreign_words_in(&normalise_for_search(&text), *n);
                assert!(foreign.is_empty(), "{nation} {kind} {variant}: {foreign:?}");
                if *n == Nation::Wales {
                    // Both languages in Wales: a Welsh part, with the draft-Welsh warning.
                    assert!(w.contains("Annwyl Nadia Okonkwo,"), "{w}");
                    assert!(
                        run.stderr()
                            .contains("Welsh wording of this document is still a draft"),
                        "{}",
                        run.stderr()
                    );
                } else {
                    assert!(!w.contains("Annwyl"), "{w}");
                    assert!(!run.stderr().contains("warning"), "{}", run.stderr());
                }
            }
        }
        // Every letter is recorded as issued: its kind, version, languages and wording.
        let docs = issued(&d, &f.reference);
        assert_eq!(docs.len(), KINDS.len() * VARIANTS.len(), "{docs:?}");
        for kind in KINDS {
            let of_kind: Vec<_> = docs
                .iter()
                .filter(|x| x["kind"] == format!("letter-{kind}"))
                .collect();
            assert_eq!(of_kind.len(), 3, "{kind}: {docs:?}");
            let variants: Vec<&str> = of_kind
                .iter()
                .map(|x| x["variant"].as_str().unwrap_or(""))
                .collect();
            assert_eq!(variants, ["standard", "large-print", "easy-read"]);
            for x in &of_kind {
                assert_eq!(x["member_id"].to_string(), f.mother);
                let version = x["wording_version"].as_str().unwrap_or("");
                assert!(version.contains("letters-en"), "{version}");
                let lang = if *n == Nation::Wales { "en+cy" } else { "en" };
                assert_eq!(x["language"], lang);
                if kind == "visit" {
                    assert_eq!(x["contact_id"].to_string(), f.visit);
                }
            }
        }
    }
}

#[test]
fn welsh_letters_come_welsh_first_for_someone_who_prefers_welsh_and_welsh_alone_has_no_english() {
    let d = Dir::new();
    d.run(&["init"]).ok();
    let f = family(&d, "W-1", "wales", "cpr-extended");
    d.run(&["member", "set", &f.mother, "--welsh", "true"]).ok();
    let out = d.path().join("first.pdf");
    letter(&d, &f, &f.mother, "first", &[], &out).ok();
    let w = words(&pdftotext(&out));
    let (annwyl, dear) = (w.find("Annwyl"), w.find("Dear"));
    assert!(annwyl.is_some() && dear.is_some() && annwyl < dear, "{w}");
    let doc = issued(&d, "W-1");
    assert_eq!(doc[0]["language"], "cy+en");
    for kind in KINDS {
        let out = d.path().join(format!("cy-{kind}.pdf"));
        letter(&d, &f, &f.mother, kind, &["--lang", "cy"], &out).ok();
        let w = words(&pdftotext(&out));
        assert!(w.contains("Annwyl Nadia Okonkwo,"), "{w}");
        for english in ["Dear", " the ", " you ", " will ", "Date", "Phone"] {
            assert!(!w.contains(english), "{kind}: {english:?} in {w}");
        }
    }
    // Without a Welsh paragraph, a letter in both languages says the Welsh part leaves it out.
    let out = d.path().join("both.pdf");
    let run = letter(
        &d,
        &f,
        &f.mother,
        "update",
        &[
            "--lang",
            "both",
            "--paragraph",
            "Thank you for the photos of Cerys.",
        ],
        &out,
    );
    run.ok();
    assert!(
        run.stderr().contains("leaves out your paragraph"),
        "{}",
        run.stderr()
    );
    let out = d.path().join("both-cy.pdf");
    letter(
        &d,
        &f,
        &f.mother,
        "update",
        &[
            "--lang",
            "both",
            "--paragraph",
            "Thank you for the photos of Cerys.",
            "--paragraph-cy",
            "Diolch am y lluniau o Cerys.",
        ],
        &out,
    )
    .ok();
    let w = words(&pdftotext(&out));
    assert!(
        w.contains("Thank you for the photos of Cerys.")
            && w.contains("Diolch am y lluniau o Cerys."),
        "{w}"
    );
}

#[test]
fn the_authors_paragraph_is_printed_and_checked_like_the_rest() {
    let d = Dir::new();
    d.run(&["init"]).ok();
    let f = family(&d, "P-1", "england", "lcspr");
    let out = d.path().join("update.pdf");
    letter(
        &d,
        &f,
        &f.mother,
        "update",
        &[
            "--paragraph",
            "Thank you for showing me the photos of Cerys at the beach.",
        ],
        &out,
    )
    .ok();
    assert!(words(&pdftotext(&out))
        .contains("Thank you for showing me the photos of Cerys at the beach."));
    // From a file too, keeping it off the command line.
    let para = d.path().join("para.txt");
    std::fs::write(&para, "I hope the meeting on Tuesday went well.\n").expect("write");
    let out = d.path().join("update-file.pdf");
    letter(
        &d,
        &f,
        &f.mother,
        "update",
        &["--paragraph-file", para.to_str().expect("utf8")],
        &out,
    )
    .ok();
    assert!(words(&pdftotext(&out)).contains("I hope the meeting on Tuesday went well."));
    let before = issued(&d, "P-1").len();
    // Another person's name, and the street of the mother's refuge on her friend's letter.
    for (who, text) in [
        (&f.mother, "Bethan Pryce asked me to say hello."),
        (&f.friend, "We could meet in the café on Heol y Nant."),
    ] {
        let out = d.path().join("leak.pdf");
        let err =
            letter(&d, &f, who, "first", &["--paragraph", text], &out).fails(1, "Your paragraph");
        assert!(err.contains("take it out"), "{err}");
        assert!(
            !err.contains(text),
            "the refusal must not repeat the text: {err}"
        );
        assert!(!out.exists(), "nothing written for a refused letter");
    }
    // A visit's place is printed only when it passes the same check: the street and town of
    // the mother's refuge on her friend's visit confirmation is refused, naming the box.
    let near_refuge = d
        .run(&[
            "contact",
            "add",
            "--member",
            &f.friend,
            "--date",
            "3 December 2026",
            "--mode",
            "in-person",
            "--outcome",
            "planned",
            "--location",
            "Café, Heol y Nant, Treorchy",
        ])
        .ok()
        .trim()
        .to_string();
    let out = d.path().join("visit-leak.pdf");
    d.run(&[
        "letter",
        "--review",
        "P-1",
        "--member",
        &f.friend,
        "--kind",
        "visit",
        "--visit",
        &near_refuge,
        "-o",
        out.to_str().expect("utf8"),
    ])
    .fails(1, "The visit's place");
    assert!(!out.exists());
    // Too long: a letter is not the place for a report.
    let long = "We talked about Cerys. ".repeat(50);
    let out = d.path().join("long.pdf");
    letter(&d, &f, &f.mother, "update", &["--paragraph", &long], &out)
        .fails(1, "Your paragraph is too long");
    assert!(!out.exists());
    assert_eq!(issued(&d, "P-1").len(), before, "a refusal records nothing");
}

#[test]
fn letters_are_refused_with_the_reason_when_what_they_promise_is_not_recorded() {
    let d = Dir::new();
    d.run(&["init"]).ok();
    let f = family(&d, "R-1", "england", "lcspr");
    let out = d.path().join("refused.pdf");
    // The friend has no terms: no draft invitation, and nothing agreed to write down.
    letter(&d, &f, &f.friend, "draft", &[], &out).fails(1, "has not asked to see the draft report");
    letter(&d, &f, &f.friend, "terms", &[], &out).fails(1, "No terms are recorded");
    // With terms that do not ask for the draft, still no invitation: said so.
    d.run(&[
        "terms",
        "agree",
        "--member",
        &f.friend,
        "--agreed-on",
        "2/11/2026",
        "--method",
        "verbal",
        "--recorded-by",
        "Robin Quill",
    ])
    .ok();
    letter(&d, &f, &f.friend, "draft", &[], &out).fails(1, "their terms say so");
    letter(&d, &f, &f.friend, "terms", &[], &out).ok();
    std::fs::remove_file(&out).expect("rm");
    // A visit confirmation needs a planned visit with this person.
    d.run(&[
        "letter",
        "--review",
        "R-1",
        "--member",
        &f.mother,
        "--kind",
        "visit",
        "-o",
        out.to_str().expect("utf8"),
    ])
    .fails(1, "needs the planned visit");
    letter(&d, &f, &f.friend, "visit", &[], &out).fails(1, "That visit is with someone else");
    let reached = d
        .run(&[
            "contact",
            "add",
            "--member",
            &f.mother,
            "--date",
            "1 November 2026",
            "--mode",
            "in-person",
            "--outcome",
            "reached",
        ])
        .ok()
        .trim()
        .to_string();
    d.run(&[
        "letter",
        "--review",
        "R-1",
        "--member",
        &f.mother,
        "--kind",
        "visit",
        "--visit",
        &reached,
        "-o",
        out.to_str().expect("utf8"),
    ])
    .fails(1, "not planned");
    // A pending decision to involve blocks every letter.
    d.run(&["member", "status", &f.friend, "to-consider"]).ok();
    for kind in ["first", "update", "terms"] {
        letter(&d, &f, &f.friend, kind, &[], &out).fails(1, "still to be decided");
    }
    // Publication not yet decided: no word of publication.
    d.run(&["review", "set", "R-1", "--publication", "not-decided"])
        .ok();
    letter(&d, &f, &f.mother, "publication", &[], &out)
        .fails(1, "not yet decided whether the report will be published");
    assert!(!out.exists(), "nothing written for a refused letter");
    // Publication not planned: said plainly, with no date and no promise about names.
    d.run(&["review", "set", "R-1", "--publication", "not-planned"])
        .ok();
    letter(&d, &f, &f.mother, "publication", &[], &out).ok();
    let w = words(&pdftotext(&out));
    assert!(
        w.contains("The report is not going to be published."),
        "{w}"
    );
    assert!(!w.contains("June 2027"), "{w}");
    // Only the letters that were written are recorded: the friend's terms letter and this.
    let kinds: Vec<String> = issued(&d, "R-1")
        .iter()
        .map(|x| x["kind"].as_str().unwrap_or("").to_string())
        .collect();
    assert_eq!(kinds.len(), 2, "{kinds:?}");
}

// ---------------------------------------------------------------------------
// Plain language: Flesch reading ease of the printed English (as tests/documents_pdf.rs)
// ---------------------------------------------------------------------------

/// Syllables in an English word: groups of vowels, less a silent final "e".
fn syllables(word: &str) -> usize {
    let w: Vec<char> = word
        .to_lowercase()
        .chars()
        .filter(|c| c.is_ascii_alphabetic())
        .collect();
    if w.is_empty() {
        return 0;
    }
    if w.len() <= 3 {
        return 1;
    }
    let vowel = |c: char| "aeiouy".contains(c);
    let mut count = 0usize;
    let mut prev = false;
    for &c in &w {
        let v = vowel(c);
        if v && !prev {
            count += 1;
        }
        prev = v;
    }
    let n = w.len();
    let le_ending = w[n - 2] == 'l' && !vowel(w[n - 3]);
    if w[n - 1] == 'e' && !vowel(w[n - 2]) && !le_ending {
        count = count.saturating_sub(1);
    }
    if (w[n - 2..] == ['e', 's'] || w[n - 2..] == ['e', 'd'])
        && !matches!(w[n - 3], 't' | 'd' | 's' | 'x' | 'z' | 'c' | 'g' | 'h')
        && !vowel(w[n - 3])
    {
        count = count.saturating_sub(1);
    }
    count.max(1)
}

fn flesch(text: &str) -> f64 {
    let mut words = 0usize;
    let mut sentences = 0usize;
    let mut syl = 0usize;
    for token in text.split_whitespace() {
        let core = token.trim_matches(|c: char| !c.is_alphanumeric());
        if core.chars().any(|c| c.is_alphabetic()) {
            words += 1;
            syl += syllables(core);
        }
        let end = token.trim_end_matches(['”', '’', '"', '\'', ')']);
        if end.ends_with(['.', '!', '?', ':']) {
            sentences += 1;
        }
    }
    let sentences = sentences.max(1);
    206.835 - 1.015 * (words as f64 / sentences as f64) - 84.6 * (syl as f64 / words.max(1) as f64)
}

/// The letter's own words: the body from the greeting to the sign-off (the contact block,
/// the date and the footer are not sentences).
fn body_of(text: &str) -> String {
    let w = words(text);
    let start = w.find("Dear").unwrap_or(0);
    let end = w.rfind("With best wishes").unwrap_or(w.len());
    w[start..end].to_string()
}

#[test]
fn english_letters_are_easy_to_read() {
    let d = Dir::new();
    d.run(&["init"]).ok();
    let f = family(&d, "E-1", "england", "lcspr");
    let mut figures = Vec::new();
    for kind in KINDS {
        for (variant, floor) in [("--standard", 70.0), ("--easy-read", 80.0)] {
            let out = d.path().join(format!("{kind}{variant}.pdf"));
            letter(&d, &f, &f.mother, kind, &[variant], &out).ok();
            let score = flesch(&body_of(&pdftotext(&out)));
            figures.push(format!("{kind} {variant}: {score:.1}"));
            assert!(
                score >= floor,
                "{kind} {variant}: Flesch {score:.1} < {floor}"
            );
        }
    }
    eprintln!("Flesch reading ease of the letters: {}", figures.join("; "));
}
