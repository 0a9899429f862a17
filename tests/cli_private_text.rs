//! Sensitive values off the command line, and messages that say what happened, through the
//! real `kindred` binary: every free-text option reads from a file or standard input
//! (`--NAME-file PATH|-`), so the value is stored but never in the process's arguments; a
//! passphrase that is not UTF-8 is told so.

mod util;

use std::io::Write;
use std::process::Stdio;

use util::{Dir, Run};

/// Runs kindred with `input` on standard input.
fn run_stdin(d: &Dir, args: &[&str], input: &str) -> Run {
    let mut c = d.command(args);
    c.stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = c.spawn().expect("run kindred");
    let mut stdin = child.stdin.take().expect("stdin");
    stdin.write_all(input.as_bytes()).expect("write stdin");
    drop(stdin);
    let out = child.wait_with_output().expect("wait");
    Run {
        cmd: format!("kindred {} < {input:?}", args.join(" ")),
        out,
    }
}

/// A workbook with one review and one person; returns the person's id.
fn one_person(d: &Dir) -> String {
    d.review_with_one_person(&[], "Person A")
}

#[test]
fn a_confidential_address_from_standard_input_is_stored_and_never_an_argument() {
    let d = Dir::new();
    let m = one_person(&d);
    let address = "Flat 2, 14 Hidden Road, Nowhere NW1 0AA";
    let args = [
        "member",
        "detail",
        &m,
        "--kind",
        "address",
        "--confidential",
        "--value-file",
        "-",
    ];
    assert!(
        args.iter().all(|a| !a.contains("Hidden Road")),
        "the value must not be on the command line"
    );
    // One trailing line break (as `echo` adds) is dropped.
    run_stdin(&d, &args, &format!("{address}\n")).ok();
    let shown = d.run(&["member", "show", &m, "--json"]).json();
    let details = shown["member"]["contact_details"]
        .as_array()
        .expect("details");
    assert_eq!(details.len(), 1, "{shown}");
    assert_eq!(details[0]["value"], address);
    assert_eq!(details[0]["confidential"], true);
}

#[test]
fn notes_from_a_file_keep_their_line_breaks() {
    let d = Dir::new();
    let m = one_person(&d);
    let notes = d.path().join("notes.txt");
    std::fs::write(&notes, "First line.\nSecond line.\r\n").expect("write");
    d.run(&[
        "member",
        "set",
        &m,
        "--notes-file",
        &notes.to_string_lossy(),
    ])
    .ok();
    let shown = d.run(&["member", "show", &m, "--json"]).json();
    assert_eq!(
        shown["member"]["notes"], "First line.\nSecond line.",
        "{shown}"
    );
}

#[test]
fn only_one_option_reads_standard_input() {
    let d = Dir::new();
    let m = one_person(&d);
    let r = run_stdin(
        &d,
        &[
            "member",
            "set",
            &m,
            "--notes-file",
            "-",
            "--questions-file",
            "-",
        ],
        "x",
    );
    r.fails(
        2,
        "--notes-file and --questions-file both read standard input",
    );
    let shown = d.run(&["member", "show", &m, "--json"]).json();
    assert!(
        shown["member"]["notes"].is_null(),
        "nothing was changed: {shown}"
    );
}

#[test]
fn a_text_option_and_its_file_conflict_and_help_shows_the_file_form() {
    let d = Dir::new();
    let m = one_person(&d);
    d.run(&["member", "set", &m, "--notes", "a", "--notes-file", "-"])
        .fails(2, "cannot be used with");
    let help = d.run(&["member", "detail", "--help"]).ok();
    assert!(help.contains("--value-file <PATH>"), "{help}");
    assert!(help.contains("standard input"), "{help}");
    let help = d.run(&["contact", "add", "--help"]).ok();
    for o in ["--notes-file", "--disclosure-file", "--wellbeing-file"] {
        assert!(help.contains(o), "{o}: {help}");
    }
    // A required text option may come from its file instead.
    d.run(&["member", "detail", &m, "--kind", "phone"])
        .fails(2, "--value");
}

#[test]
fn a_missing_or_oversized_text_file_is_refused_with_what_happened() {
    let d = Dir::new();
    let m = one_person(&d);
    d.run(&["member", "set", &m, "--notes-file", "no-such-file.txt"])
        .fails(1, "--notes-file: cannot read no-such-file.txt");
    let big = d.path().join("big.txt");
    std::fs::write(&big, "x".repeat(300 * 1024)).expect("write");
    d.run(&["member", "set", &m, "--notes-file", &big.to_string_lossy()])
        .fails(1, "more than 256 KB");
    let latin1 = d.path().join("latin1.txt");
    std::fs::write(&latin1, b"caf\xe9").expect("write");
    d.run(&[
        "member",
        "set",
        &m,
        "--notes-file",
        &latin1.to_string_lossy(),
    ])
    .fails(1, "is not UTF-8 text");
}

#[cfg(unix)]
#[test]
fn a_passphrase_that_is_not_utf8_is_told_so() {
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;
    let d = Dir::new();
    d.run(&["init"]).ok();
    let bad = OsStr::from_bytes(b"caf\xe9 horse battery");
    for (var, args) in [
        ("KINDRED_PASSPHRASE", &["reviews"][..]),
        ("KINDRED_NEW_PASSPHRASE", &["passphrase"][..]),
    ] {
        let out = d.command(args).env(var, bad).output().expect("run");
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{var}: {err}");
        assert!(
            err.contains(&format!("{var} is not valid UTF-8 text")),
            "{var}: {err}"
        );
        assert!(!err.contains("no passphrase"), "{err}");
    }
}
