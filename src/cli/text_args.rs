//! Free text off the command line. Every option declared with `value_name = "TEXT"` in
//! `args.rs` (notes, reasons, addresses and every other typed text) gets a sibling
//! `--NAME-file PATH`, where PATH `-` is standard input, so that a confidential value never
//! reaches `/proc/PID/cmdline`, `ps` or the shell's history.
//!
//! One mechanism for all of them, before any command runs: the siblings are added to the
//! clap command (so `--help` lists them and clap refuses `--notes` with `--notes-file`), the
//! arguments are checked against it, then each `--NAME-file PATH` is replaced in memory by
//! `--NAME=CONTENT` and the plain [`Cli`] is parsed from that. `commands` and the forms see the
//! same `String` whichever way the text came.

use std::collections::BTreeSet;
use std::ffi::{OsStr, OsString};
use std::io::Read;

use clap::error::ErrorKind;
use clap::{Arg, ArgAction, Command, CommandFactory, Parser};

use crate::args::Cli;
use kindred::Error;

/// The value name that marks a free-text option in `args.rs`.
pub const TEXT: &str = "TEXT";

/// The largest text file read (a note holds at most 20,000 characters, 80 KB in UTF-8).
pub const MAX_FILE_BYTES: u64 = 256 * 1024;

const HEADING: &str = "Text from a file or standard input (keeps it off the command line)";

/// Adds `--NAME-file` beside every `--NAME <TEXT>` option of `cmd` and its subcommands, and
/// collects the added long names in `added`.
fn with_file_options(mut cmd: Command, added: &mut BTreeSet<String>) -> Command {
    let texts: Vec<(String, String, bool, bool)> = cmd
        .get_arguments()
        .filter(|a| {
            a.get_value_names()
                .is_some_and(|n| n.len() == 1 && n[0].as_str() == TEXT)
        })
        .filter_map(|a| {
            let long = a.get_long()?.to_string();
            let repeats = matches!(a.get_action(), ArgAction::Append);
            Some((a.get_id().to_string(), long, repeats, a.is_required_set()))
        })
        .collect();
    for (id, long, repeats, required) in texts {
        let file = format!("{long}-file");
        if required {
            let sibling = file.clone();
            cmd = cmd.mut_arg(&id, |a| a.required(false).required_unless_present(sibling));
        }
        cmd = cmd.arg(
            Arg::new(file.clone())
                .long(file.clone())
                .value_name("PATH")
                .value_parser(clap::value_parser!(OsString))
                .action(if repeats {
                    ArgAction::Append
                } else {
                    ArgAction::Set
                })
                .conflicts_with(id)
                .help_heading(HEADING)
                .help(format!(
                    "--{long} read from the file PATH, or from standard input if PATH is - \
                     (one trailing line break is dropped)"
                )),
        );
        added.insert(file);
    }
    let mut inner = BTreeSet::new();
    cmd = cmd.mut_subcommands(|sub| with_file_options(sub, &mut inner));
    added.extend(inner);
    cmd
}

/// Reads one `--NAME-file` value: a file, or standard input for `-`.
fn read_text(option: &str, path: &OsStr) -> Result<String, Error> {
    let shown = if path == "-" {
        "standard input".to_string()
    } else {
        std::path::Path::new(path).display().to_string()
    };
    let cannot = |e: std::io::Error| Error::Io(format!("--{option}: cannot read {shown}: {e}"));
    let mut bytes = Vec::new();
    let limit = MAX_FILE_BYTES + 1;
    if path == "-" {
        std::io::stdin()
            .lock()
            .take(limit)
            .read_to_end(&mut bytes)
            .map_err(cannot)?;
    } else {
        if std::fs::metadata(path).map_err(cannot)?.is_dir() {
            return Err(Error::invalid(
                option,
                format!("--{option}: {shown} is a folder, not a text file"),
            ));
        }
        std::fs::File::open(path)
            .map_err(cannot)?
            .take(limit)
            .read_to_end(&mut bytes)
            .map_err(cannot)?;
    }
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(Error::invalid(
            option,
            format!(
                "--{option}: {shown} holds more than {} KB; no text in Kindred is that long",
                MAX_FILE_BYTES / 1024
            ),
        ));
    }
    let mut text = String::from_utf8(bytes).map_err(|_| {
        Error::invalid(
            option,
            format!("--{option}: {shown} is not UTF-8 text; save it as UTF-8 and try again"),
        )
    })?;
    if text.ends_with('\n') {
        text.pop();
        if text.ends_with('\r') {
            text.pop();
        }
    }
    Ok(text)
}

/// Parses the command line: clap errors (and `--help`) exit as `Cli::parse` does; a text file
/// that cannot be read is an error for the caller.
pub fn parse(args: impl IntoIterator<Item = OsString>) -> Result<Cli, Error> {
    let args: Vec<OsString> = args.into_iter().collect();
    let mut added = BTreeSet::new();
    let mut cmd = with_file_options(Cli::command(), &mut added);
    if let Err(e) = cmd.try_get_matches_from_mut(args.iter()) {
        e.exit();
    }
    // The arguments are valid for the command with the siblings, so each `--NAME-file` token
    // (before a `--`) is that option, never another option's value.
    enum Part {
        Arg(OsString),
        File { option: String, path: OsString },
    }
    let mut parts = Vec::with_capacity(args.len());
    let mut it = args.into_iter();
    while let Some(arg) = it.next() {
        let Some(s) = arg.to_str().filter(|s| s.starts_with("--") && *s != "--") else {
            let end = arg == "--";
            parts.push(Part::Arg(arg));
            if end {
                parts.extend(it.by_ref().map(Part::Arg));
            }
            continue;
        };
        let (name, inline) = match s[2..].split_once('=') {
            Some((n, v)) => (n, Some(OsString::from(v))),
            None => (&s[2..], None),
        };
        if !added.contains(name) {
            parts.push(Part::Arg(arg));
            continue;
        }
        match inline.or_else(|| it.next()) {
            Some(path) => parts.push(Part::File {
                option: name.to_string(),
                path,
            }),
            None => parts.push(Part::Arg(arg)),
        }
    }
    let stdin: Vec<&str> = parts
        .iter()
        .filter_map(|p| match p {
            Part::File { option, path } if path == "-" => Some(option.as_str()),
            _ => None,
        })
        .collect();
    if let [first, second, ..] = stdin[..] {
        cmd.error(
            ErrorKind::ArgumentConflict,
            format!(
                "--{first} and --{second} both read standard input (-); only one option can: \
                 give the other a file"
            ),
        )
        .exit();
    }
    let mut out = Vec::with_capacity(parts.len());
    for part in parts {
        match part {
            Part::Arg(a) => out.push(a),
            Part::File { option, path } => {
                let text = read_text(&option, &path)?;
                let target = option.strip_suffix("-file").unwrap_or(&option);
                let mut joined = OsString::from(format!("--{target}="));
                joined.push(text);
                out.push(joined);
            }
        }
    }
    Ok(Cli::try_parse_from(out).unwrap_or_else(|e| e.exit()))
}
