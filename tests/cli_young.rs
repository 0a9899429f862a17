//! The young person's information sheet (issue 13, item 3) through the real `kindred`
//! binary: chosen by default for someone aged about 12 to 17 (by date of birth or age band)
//! unless their needs ask for easy read or large print, or by `--young`; recorded as issued
//! as `young`; in Welsh too; and easy to read (Flesch reading ease at least 80, as easy read).

mod util;

use util::pdf::{qpdf_check, words_of as words};
use util::Dir;

fn issued(d: &Dir, review: &str) -> Vec<serde_json::Value> {
    d.run(&["review", "show", review, "--json"]).json()["documents"]
        .as_array()
        .cloned()
        .unwrap_or_default()
}

/// The sentence only the young person's version has.
const YOUNG: &str = "Nobody is in trouble because of what you say.";

#[test]
fn a_young_person_gets_the_sheet_written_for_them() {
    let d = Dir::new();
    let teen = d.review_with_one_person(&[], "Osian Evans");
    d.run(&["member", "status", &teen, "involved"]).ok();
    d.run(&["member", "set", &teen, "--age-band", "12-15"]).ok();
    let adult = d
        .run(&["member", "add", "--review", "T-1", "--name", "Gwen Evans"])
        .ok()
        .trim()
        .to_string();
    d.run(&["member", "status", &adult, "involved"]).ok();

    let out = d.path().join("teen.pdf");
    d.run(&[
        "sheet",
        "--review",
        "T-1",
        "--member",
        &teen,
        "-o",
        out.to_str().expect("utf8"),
    ])
    .ok();
    qpdf_check(&out);
    let w = words(&out);
    assert!(w.contains(YOUNG), "{w}");
    assert!(w.contains("Information for Osian Evans"), "{w}");
    let adult_out = d.path().join("adult.pdf");
    d.run(&[
        "sheet",
        "--review",
        "T-1",
        "--member",
        &adult,
        "-o",
        adult_out.to_str().expect("utf8"),
    ])
    .ok();
    assert!(!words(&adult_out).contains(YOUNG));
    // By flag for anyone; and the author can still choose the standard sheet for a teenager.
    let flagged = d.path().join("flagged.pdf");
    d.run(&[
        "sheet",
        "--review",
        "T-1",
        "--member",
        &adult,
        "--young",
        "-o",
        flagged.to_str().expect("utf8"),
    ])
    .ok();
    assert!(words(&flagged).contains(YOUNG));
    let standard = d.path().join("standard.pdf");
    d.run(&[
        "sheet",
        "--review",
        "T-1",
        "--member",
        &teen,
        "--standard",
        "-o",
        standard.to_str().expect("utf8"),
    ])
    .ok();
    assert!(!words(&standard).contains(YOUNG));
    let variants: Vec<String> = issued(&d, "T-1")
        .iter()
        .map(|x| x["variant"].as_str().unwrap_or("").to_string())
        .collect();
    assert_eq!(variants, ["young", "standard", "young", "standard"]);
    let version = issued(&d, "T-1")[0]["wording_version"]
        .as_str()
        .unwrap_or("")
        .to_string();
    assert!(version.contains("young-en"), "{version}");

    // The batch chooses it too; a need for easy read still wins.
    let batch = d.path().join("batch");
    d.run(&[
        "sheets",
        "--review",
        "T-1",
        "--out",
        batch.to_str().expect("utf8"),
    ])
    .ok();
    assert!(words(&batch.join(format!("information-sheet-member-{teen}.pdf"))).contains(YOUNG));
    d.run(&["member", "set", &teen, "--access", "easy-read"])
        .ok();
    let easy = d.path().join("easy.pdf");
    d.run(&[
        "sheet",
        "--review",
        "T-1",
        "--member",
        &teen,
        "-o",
        easy.to_str().expect("utf8"),
    ])
    .ok();
    assert!(!words(&easy).contains(YOUNG));

    // Reading ease of the young person's English, on the printed text.
    let score = flesch(&w);
    eprintln!("Flesch reading ease of the young person's sheet: {score:.1}");
    assert!(score >= 80.0, "young person's sheet: Flesch {score:.1}");
}

#[test]
fn the_young_persons_sheet_comes_in_welsh() {
    let d = Dir::new();
    d.run(&["init"]).ok();
    d.run(&[
        "review",
        "add",
        "--reference",
        "W-1",
        "--nation",
        "wales",
        "--type",
        "cpr-concise",
        "--pseudonym",
        "Child W",
        "--body",
        "Eastfield Board (fictional)",
        "--author-name",
        "Robin Quill",
        "--body-cy",
        "Bwrdd Dwyrain (ffuglennol)",
    ])
    .ok();
    let teen = d
        .run(&["member", "add", "--review", "W-1", "--name", "Osian Evans"])
        .ok()
        .trim()
        .to_string();
    d.run(&["member", "status", &teen, "involved"]).ok();
    d.run(&["member", "set", &teen, "--date-of-birth", "3/6/2011"])
        .ok();
    let out = d.path().join("w.pdf");
    let run = d.run(&[
        "sheet",
        "--review",
        "W-1",
        "--member",
        &teen,
        "-o",
        out.to_str().expect("utf8"),
    ]);
    run.ok();
    assert!(run
        .stderr()
        .contains("Welsh wording of this document is still a draft"));
    let w = words(&out);
    assert!(w.contains(YOUNG), "{w}");
    assert!(
        w.contains("Does neb mewn trwbl oherwydd beth rydych chi'n ei ddweud."),
        "{w}"
    );
}

/// Syllables in an English word (as tests/documents_pdf.rs counts them).
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
    let (mut words, mut sentences, mut syl) = (0usize, 0usize, 0usize);
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
    206.835
        - 1.015 * (words as f64 / sentences.max(1) as f64)
        - 84.6 * (syl as f64 / words.max(1) as f64)
}
