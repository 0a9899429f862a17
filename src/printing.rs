//! Printing a document on paper through the system's printing: CUPS (`lpstat`, `lpoptions`,
//! `lp`) on Linux and macOS.
//!
//! Why here and not in the desktop shell: printing is the same for the window and the command
//! line, and what a print job carries leaves the encrypted workbook, so the rule for it lives
//! in the core: a job is titled "Kindred document", never with a person's name or the file's
//! name (the document goes to `lp` on its standard input, so not even its file name is sent),
//! and no option but the ones the author chose is sent.
//!
//! Windows' print spooler is not supported yet: there, [`printers`] says so, and the author
//! prints from their PDF viewer.

use std::path::Path;
use std::process::Command;

use serde::Serialize;

use crate::error::{Error, Result};

/// The title every print job carries, whatever it prints.
pub const JOB_TITLE: &str = "Kindred document";

/// A printer the author can choose.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Printer {
    /// The system's name for it (what `lp -d` takes).
    pub name: String,
    pub is_default: bool,
    /// Whether it can print on both sides of the paper.
    pub two_sided: bool,
}

/// What to print, chosen by the author (read from the print form by
/// `workbook::forms::PrintForm`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrintOptions {
    pub printer: String,
    /// 1 to 99.
    pub copies: u32,
    /// On both sides (long edge), where the printer can.
    pub two_sided: bool,
}

const COPIES_MESSAGE: &str = "Number of copies must be a whole number from 1 to 99";

/// The printers the system knows, the default first. Empty when there are none; an error
/// that says what to do when the printing system cannot be asked.
pub fn printers() -> Result<Vec<Printer>> {
    let (names, default) = printer_names()?;
    let mut list: Vec<Printer> = names
        .into_iter()
        .map(|name| Printer {
            is_default: default.as_deref() == Some(name.as_str()),
            two_sided: two_sided(&name),
            name,
        })
        .collect();
    list.sort_by_key(|p| !p.is_default);
    Ok(list)
}

/// The names of the system's printers and its default one, from `lpstat -p -d`.
fn printer_names() -> Result<(Vec<String>, Option<String>)> {
    if cfg!(windows) {
        return Err(Error::Io(
            "printing from Kindred is not available on Windows yet; open the document in your PDF viewer and print it from there".into(),
        ));
    }
    let out = Command::new("lpstat")
        .args(["-p", "-d"])
        .env("LC_ALL", "C")
        .output()
        .map_err(|_| {
            Error::Io(
                "the printing system (CUPS) is not installed or not running; open the document in your PDF viewer and print it from there".into(),
            )
        })?;
    let text = String::from_utf8_lossy(&out.stdout);
    let default = text
        .lines()
        .find_map(|l| l.strip_prefix("system default destination: "))
        .map(|d| d.trim().to_string());
    let names = text
        .lines()
        .filter_map(|l| l.strip_prefix("printer "))
        .filter_map(|rest| rest.split_whitespace().next())
        .map(str::to_string)
        .collect();
    Ok((names, default))
}

/// Whether `lpoptions -p NAME -l` offers a two-sided (duplex) choice.
fn two_sided(printer: &str) -> bool {
    Command::new("lpoptions")
        .args(["-p", printer, "-l"])
        .env("LC_ALL", "C")
        .output()
        .map(|o| {
            String::from_utf8_lossy(&o.stdout).lines().any(|l| {
                let l = l.to_ascii_lowercase();
                (l.starts_with("duplex") || l.starts_with("sides"))
                    && (l.contains("duplexnotumble") || l.contains("two-sided"))
            })
        })
        .unwrap_or(false)
}

/// Sends `file` to the printer; returns the job's id as the system gave it.
pub fn print(file: &Path, opts: &PrintOptions) -> Result<String> {
    if !(1..=99).contains(&opts.copies) {
        return Err(Error::invalid("copies", COPIES_MESSAGE));
    }
    // Only a printer the system lists (and only its name) reaches `lp`.
    let (names, _) = printer_names()?;
    let Some(name) = names.iter().find(|n| **n == opts.printer) else {
        return Err(Error::invalid(
            "printer",
            "Choose one of the printers listed",
        ));
    };
    let mut cmd = Command::new("lp");
    cmd.args(["-d", name, "-t", JOB_TITLE])
        .args(["-n", &opts.copies.to_string()])
        .env("LC_ALL", "C");
    if opts.two_sided && two_sided(name) {
        cmd.args(["-o", "sides=two-sided-long-edge"]);
    }
    // The document goes to `lp` on its standard input, not by its path: the print system
    // then never learns the file's name (which says which review, what and when), and a
    // name with spaces, which crashes Debian 12's scheduler (CUPS 2.4.2) when it sets up
    // the job, is never sent.
    let bytes = std::fs::read(file)
        .map_err(|e| crate::files::io_error(&format!("could not read {}", file.display()), &e))?;
    let mut child = cmd
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .map_err(|_| Error::Io("the printing system (CUPS) could not be started".into()))?;
    if let Some(mut stdin) = child.stdin.take() {
        use std::io::Write;
        stdin.write_all(&bytes).map_err(|e| {
            Error::Io(format!(
                "the printing system stopped taking the document ({e})"
            ))
        })?;
    }
    let out = child
        .wait_with_output()
        .map_err(|e| Error::Io(format!("the printing system did not answer ({e})")))?;
    if !out.status.success() {
        let why = String::from_utf8_lossy(&out.stderr);
        let why = why.lines().next().unwrap_or("no reason given").trim();
        return Err(Error::Io(format!(
            "the printer refused the document: {why}"
        )));
    }
    // "request id is KindredPDF-3 (1 file(s))"
    let said = String::from_utf8_lossy(&out.stdout);
    Ok(said
        .split_whitespace()
        .skip_while(|w| *w != "is")
        .nth(1)
        .unwrap_or("")
        .to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copies_out_of_range_are_refused_before_anything_is_sent() {
        for copies in [0, 100] {
            let opts = PrintOptions {
                printer: "Anything".into(),
                copies,
                two_sided: false,
            };
            let err = print(Path::new("/nonexistent.pdf"), &opts).expect_err("refused");
            assert!(err.to_string().contains("from 1 to 99"), "{err}");
        }
    }
}
