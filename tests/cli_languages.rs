//! Community languages through the real `kindred` binary: a translation file checked and
//! loaded without rebuilding (kept where `KINDRED_TRANSLATIONS` says, for the test), the
//! person's recorded language choosing their language first then English, `--lang` with
//! the language's code, the draft warning and the record of language, version and status.

mod util;

use std::process::Command;

use util::Dir;

static ENGLISH: &str = include_str!("../assets/wording/en.toml");
static LETTERS_ENGLISH: &str = include_str!("../assets/wording/letters-en.toml");
static FEEDBACK_POLISH: &str = include_str!("../assets/feedback/pl.toml");

/// A wording file as a named translator signed it off (test data, not a translation).
fn signed_off(text: &str) -> String {
    text.replacen(
        "review_status = \"draft\"",
        "review_status = \"reviewed\"",
        1,
    )
    .replacen(
        "reviewed_by = \"\"",
        "reviewed_by = \"A. Translator (test)\"",
        1,
    )
}

/// The English wording as Urdu, with its title in Urdu (test data, not a translation).
fn urdu_file(d: &Dir) -> std::path::PathBuf {
    let text = ENGLISH
        .replacen("language = \"en\"", "language = \"ur\"", 1)
        .replacen(
            "title = \"Information for {recipient}\"",
            "title = \"معلومات برائے {recipient}\"",
            1,
        )
        .replacen("version = ", "method = \"test data\"\nversion = ", 1);
    let path = d.path().join("ur-checked.toml");
    std::fs::write(&path, text).expect("write");
    path
}

fn text_of(path: &std::path::Path) -> String {
    let out = Command::new("pdftotext")
        .arg(path)
        .arg("-")
        .output()
        .expect("pdftotext");
    String::from_utf8_lossy(&out.stdout)
        .replace(|c: char| ('\u{202A}'..='\u{202E}').contains(&c), "")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn a_translation_is_checked_loaded_and_used_for_the_recorded_language() {
    let d = Dir::new();
    let kept = d.path().join("config-translations");
    let env = [("KINDRED_TRANSLATIONS", kept.to_str().expect("utf8"))];
    // A file with a key missing is refused, naming the key, and nothing is kept.
    let broken = d.path().join("broken.toml");
    std::fs::write(
        &broken,
        ENGLISH
            .replacen("language = \"en\"", "language = \"ur\"", 1)
            .replacen("label_phone = ", "# label_phone = ", 1),
    )
    .unwrap();
    d.run_with(&["translation", "check", broken.to_str().unwrap()], &env)
        .fails(1, "cannot be used");
    let run = d.run_with(&["translation", "load", broken.to_str().unwrap()], &env);
    assert_eq!(run.code(), 1);
    assert!(
        run.stderr().contains("common.label_phone: missing"),
        "{}",
        run.stderr()
    );
    assert!(!kept.join("ur.toml").exists());

    let file = urdu_file(&d);
    d.run_with(&["translation", "check", file.to_str().unwrap()], &env)
        .ok();
    let out = d
        .run_with(&["translation", "load", file.to_str().unwrap()], &env)
        .ok();
    assert!(out.contains("Urdu"), "{out}");
    assert!(kept.join("ur.toml").is_file());
    let list = d.run_with(&["translation", "list"], &env).ok();
    assert!(
        list.lines()
            .any(|l| l.starts_with("ur\t") && l.ends_with("loaded")),
        "{list}"
    );

    // A person recorded as speaking Urdu gets Urdu first, then English.
    let id = d.review_with_one_person(&[], "Aisha Khan");
    d.run(&["member", "set", &id, "--language", "Urdu (اردو)"])
        .ok();
    d.run(&["member", "status", &id, "approach"]).ok();
    let pdf = d.path().join("aisha.pdf");
    let sheet = |draft_ok: bool| {
        let mut args = vec![
            "sheet",
            "--review",
            "T-1",
            "--member",
            &id,
            "-o",
            pdf.to_str().unwrap(),
        ];
        if draft_ok {
            args.push("--draft-ok");
        }
        d.run_with(&args, &env)
    };
    // The translation is a draft: without the author's word nothing is made, and the
    // message says why and how to go on (no terminal here to ask on).
    let refused = sheet(false);
    assert_eq!(refused.code(), 1, "{}", refused.stderr());
    for said in [
        "The Urdu wording is a draft translation that no qualified translator has checked",
        "Nothing was made",
        "--draft-ok",
    ] {
        assert!(refused.stderr().contains(said), "{}", refused.stderr());
    }
    assert!(
        !pdf.exists(),
        "a document was written before the confirmation"
    );
    let issued = d.run(&["review", "show", "T-1", "--json"]).json();
    assert_eq!(
        issued["documents"].as_array().map(Vec::len),
        Some(0),
        "{issued}"
    );
    let run = sheet(true);
    run.ok();
    assert!(
        run.stderr()
            .contains("The Urdu wording of this document is a draft translation (test data)"),
        "{}",
        run.stderr()
    );
    let text = text_of(&pdf);
    // The title is drawn right to left: "Aisha Khan" left of the Urdu. pdftotext puts a
    // line back in reading order by the page's main direction, which on this test page
    // (all English but the title) is left to right, so only the parts are checked.
    assert!(text.contains("معلومات برائے"), "{text}");
    assert!(text.contains("Aisha Khan"), "{text}");
    assert!(text.contains("Information for Aisha Khan"), "{text}");
    let view = d.run(&["review", "show", "T-1", "--json"]).json();
    let last = view["documents"]
        .as_array()
        .and_then(|a| a.last())
        .cloned()
        .expect("a document issued");
    assert_eq!(last["language"], "ur+en", "{last}");
    assert!(
        last["wording_version"]
            .as_str()
            .is_some_and(|v| v.starts_with("wording-ur ") && v.contains("(draft)")),
        "{last}"
    );

    // --lang en still gives English alone, with no translation warning.
    let en = d.path().join("aisha-en.pdf");
    let run = d.run_with(
        &[
            "sheet",
            "--review",
            "T-1",
            "--member",
            &id,
            "--lang",
            "en",
            "-o",
            en.to_str().unwrap(),
        ],
        &env,
    );
    run.ok();
    assert!(
        !run.stderr().contains("draft translation"),
        "{}",
        run.stderr()
    );
    assert!(!text_of(&en).contains("معلومات"));
}

#[test]
fn a_draft_translation_is_made_only_once_the_author_says_they_know() {
    let d = Dir::new();
    let id = d.review_with_one_person(&[], "Ewa Nowak");
    d.run(&["member", "set", &id, "--language", "Polish"]).ok();
    d.run(&["member", "status", &id, "approach"]).ok();

    // A feedback form and a letter ask as the sheet does.
    let form = d.path().join("form.pdf");
    let args = |extra: &[&'static str]| {
        let mut a = vec![
            "feedback-form",
            "--review",
            "T-1",
            "--member",
            id.as_str(),
            "-o",
            form.to_str().unwrap(),
        ];
        a.extend_from_slice(extra);
        a
    };
    d.run(&args(&[]))
        .fails(1, "The Polish wording is a draft translation");
    assert!(!form.exists());
    d.run(&args(&["--draft-ok"])).ok();
    assert!(text_of(&form).contains("Ewa Nowak"));

    let letter = d.path().join("letter.pdf");
    let args = |extra: &[&'static str]| {
        let mut a = vec![
            "letter",
            "--review",
            "T-1",
            "--member",
            id.as_str(),
            "--kind",
            "first",
            "-o",
            letter.to_str().unwrap(),
        ];
        a.extend_from_slice(extra);
        a
    };
    d.run(&args(&[])).fails(1, "--draft-ok");
    assert!(!letter.exists());
    // English alone needs no confirmation.
    d.run(&args(&["--lang", "en"])).ok();
    assert!(letter.exists());

    // The batch makes everyone else's sheets and lists hers as not made, with the reason.
    let out = d.path().join("sheets");
    let run = d.run(&["sheets", "--all", "--out", out.to_str().unwrap()]);
    let said = run.ok();
    assert!(said.contains("Wrote 0 sheets"), "{said}");
    assert!(
        said.contains("the Polish wording is a draft translation"),
        "{said}"
    );
    assert!(run.stderr().contains("--draft-ok"), "{}", run.stderr());
    let out2 = d.path().join("sheets2");
    let said = d
        .run(&[
            "sheets",
            "--all",
            "--draft-ok",
            "--out",
            out2.to_str().unwrap(),
        ])
        .ok();
    assert!(said.contains("Wrote 1 sheets"), "{said}");
}

#[test]
fn a_checked_sheet_translation_does_not_vouch_for_the_letters_still_in_draft() {
    let d = Dir::new();
    let kept = d.path().join("config-translations");
    let env = [("KINDRED_TRANSLATIONS", kept.to_str().expect("utf8"))];
    // A translation a named translator checked (test data, not a translation).
    let checked = urdu_file(&d);
    let text = std::fs::read_to_string(&checked).expect("read");
    std::fs::write(&checked, signed_off(&text)).expect("write");
    d.run_with(&["translation", "load", checked.to_str().unwrap()], &env)
        .ok();
    let id = d.review_with_one_person(&[], "Aisha Khan");
    d.run(&["member", "set", &id, "--language", "Urdu"]).ok();
    d.run(&["member", "status", &id, "approach"]).ok();
    // The sheet's wording is checked: made at once, with no draft warning.
    let sheet = d.path().join("sheet.pdf");
    let run = d.run_with(
        &[
            "sheet",
            "--review",
            "T-1",
            "--member",
            &id,
            "-o",
            sheet.to_str().unwrap(),
        ],
        &env,
    );
    run.ok();
    assert!(
        !run.stderr().contains("draft translation"),
        "{}",
        run.stderr()
    );
    // The letters' Urdu is still Kindred's own draft: asked about, not made.
    let letter = d.path().join("letter.pdf");
    d.run_with(
        &[
            "letter",
            "--review",
            "T-1",
            "--member",
            &id,
            "--kind",
            "first",
            "-o",
            letter.to_str().unwrap(),
        ],
        &env,
    )
    .fails(1, "The Urdu wording is a draft translation");
    assert!(!letter.exists());

    // A checked translation of the letters is loaded the same way, and then vouches for them.
    let letters = d.path().join("letters-ur-checked.toml");
    std::fs::write(
        &letters,
        signed_off(&LETTERS_ENGLISH.replacen("language = \"en\"", "language = \"ur\"", 1)),
    )
    .expect("write");
    let out = d
        .run_with(&["translation", "load", letters.to_str().unwrap()], &env)
        .ok();
    assert!(out.contains("the letters"), "{out}");
    assert!(kept.join("letters-ur.toml").is_file());
    let list = d.run_with(&["translation", "list"], &env).ok();
    for want in ["Urdu (letters)", "checked by A. Translator (test)"] {
        assert!(
            list.lines()
                .any(|l| l.starts_with("ur\t") && l.contains(want) && l.ends_with("loaded")),
            "{want}: {list}"
        );
    }
    let run = d.run_with(
        &[
            "letter",
            "--review",
            "T-1",
            "--member",
            &id,
            "--kind",
            "first",
            "-o",
            letter.to_str().unwrap(),
        ],
        &env,
    );
    run.ok();
    assert!(
        !run.stderr().contains("draft translation"),
        "{}",
        run.stderr()
    );
    let view = d.run(&["review", "show", "T-1", "--json"]).json();
    let last = view["documents"]
        .as_array()
        .and_then(|a| a.last())
        .cloned()
        .expect("the letter issued");
    assert!(
        last["wording_version"].as_str().is_some_and(
            |v| v.contains("letters-ur") && !v.contains("letters-ur 2026.12-1 (draft)")
        ),
        "{last}"
    );
    // The feedback form's questions: still Kindred's draft, so the form asks...
    let form = d.path().join("form.pdf");
    let form_args = [
        "feedback-form",
        "--review",
        "T-1",
        "--member",
        &id,
        "-o",
        form.to_str().unwrap(),
    ];
    d.run_with(&form_args, &env)
        .fails(1, "The Urdu wording is a draft translation");
    // ... until a checked file of them is loaded (test data: the Polish file as Urdu).
    let feedback = d.path().join("feedback-ur-checked.toml");
    std::fs::write(
        &feedback,
        signed_off(
            &FEEDBACK_POLISH
                .replace("{ pl = ", "{ ur = ")
                .replace("\npl = ", "\nur = ")
                .replacen("language = \"pl\"", "language = \"ur\"", 1),
        ),
    )
    .expect("write");
    let out = d
        .run_with(&["translation", "load", feedback.to_str().unwrap()], &env)
        .ok();
    assert!(out.contains("the feedback form's questions"), "{out}");
    assert!(kept.join("feedback-ur.toml").is_file());
    let run = d.run_with(&form_args, &env);
    run.ok();
    assert!(
        !run.stderr().contains("draft translation"),
        "{}",
        run.stderr()
    );
    // A feedback file missing a question is refused, naming it.
    let short = d.path().join("feedback-short.toml");
    std::fs::write(
        &short,
        FEEDBACK_POLISH.replacen("id = \"told-good-time\"", "id = \"told-not-a-question\"", 1),
    )
    .expect("write");
    let run = d.run_with(&["translation", "check", short.to_str().unwrap()], &env);
    assert_eq!(run.code(), 1);
    for want in [
        "question.told-good-time: missing",
        "question.told-not-a-question: not an id of the question bank",
    ] {
        assert!(run.stderr().contains(want), "{want}: {}", run.stderr());
    }

    // A letters file with a key missing is refused, naming it.
    let broken = d.path().join("letters-broken.toml");
    std::fs::write(
        &broken,
        LETTERS_ENGLISH
            .replacen("language = \"en\"", "language = \"ur\"", 1)
            .replacen("greeting = ", "# greeting = ", 1),
    )
    .expect("write");
    let run = d.run_with(&["translation", "check", broken.to_str().unwrap()], &env);
    assert_eq!(run.code(), 1);
    assert!(
        run.stderr().contains("common.greeting: missing"),
        "{}",
        run.stderr()
    );
}
