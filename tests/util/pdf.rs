//! Reading a PDF back as its readers would: the text poppler's `pdftotext` gives (UTF-8,
//! in reading order), its words whatever the line breaks, and `qpdf --check`. One copy for
//! every test that reads documents back; each fails saying which file and what the tool said.

use std::path::Path;
use std::process::Command;

/// The text of the PDF at `path`, as `pdftotext -enc UTF-8` gives it.
pub fn text(path: &Path) -> String {
    let out = Command::new("pdftotext")
        .arg("-enc")
        .arg("UTF-8")
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
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The text of a PDF held in memory (written to a temporary file for poppler).
pub fn text_of_bytes(pdf: &[u8]) -> String {
    let dir = tempfile::tempdir().expect("tmp");
    let p = dir.path().join("document.pdf");
    std::fs::write(&p, pdf).expect("write the PDF to read it back");
    text(&p)
}

/// The words of a text, one space between each: lines wrap where the layout wraps them.
pub fn words(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The words of the PDF at `path`.
pub fn words_of(path: &Path) -> String {
    words(&text(path))
}

/// Asserts that `qpdf --check` finds the file sound, showing what it said if not.
pub fn qpdf_check(path: &Path) {
    let out = Command::new("qpdf")
        .arg("--check")
        .arg(path)
        .output()
        .expect("qpdf must be installed");
    assert!(
        out.status.success(),
        "qpdf --check {}: {}{}",
        path.display(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}
