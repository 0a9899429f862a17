//! The workbook itself: the passphrase, opening it, creating it (empty or a demo),
//! checking it, and the test-support writer.

use std::io::IsTerminal;
use std::path::PathBuf;

use kindred::workbook::{self, Workbook};
use kindred::{Error, Result};

use crate::args::SessionCommand;

pub fn run(db: Option<PathBuf>, cmd: SessionCommand) -> Result<()> {
    match cmd {
        SessionCommand::Init => {
            let path = db_path(db)?;
            if path.exists() {
                return Err(Error::AlreadyExists(path.display().to_string()));
            }
            let pass = kindred::secret::Secret::from_string(passphrase(true)?);
            Workbook::create(&path, pass.expose())?;
            println!("Created workbook {}", path.display());
        }
        SessionCommand::Demo { scale } => {
            let path = db_path(db)?;
            if path.exists() {
                return Err(Error::AlreadyExists(path.display().to_string()));
            }
            let pass = kindred::secret::Secret::from_string(passphrase(true)?);
            let summary = match scale {
                None => kindred::workbook::demo::standard(&path, pass.expose())?,
                Some(n) => {
                    let bar = std::io::stderr().is_terminal().then(|| {
                        let b = indicatif::ProgressBar::new(u64::from(n));
                        b.set_style(
                            indicatif::ProgressStyle::with_template(
                                "{bar:40} {pos}/{len} reviews {elapsed}",
                            )
                            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
                        );
                        b
                    });
                    let s = kindred::workbook::demo::scaled(&path, pass.expose(), n, |i| {
                        if let Some(b) = &bar {
                            b.set_position(u64::from(i));
                        }
                    })?;
                    if let Some(b) = bar {
                        b.finish_and_clear();
                    }
                    s
                }
            };
            println!("Created demo workbook {} ({summary})", path.display());
        }
        SessionCommand::Check => {
            let wb = open(db)?;
            let problems = wb.check()?;
            if problems.is_empty() {
                println!("ok: {}", wb.path().display());
            } else if problems.iter().all(|p| p.starts_with("incomplete")) {
                return Err(Error::Incomplete(
                    "its creation was interrupted before it finished (what is in it is consistent)"
                        .into(),
                ));
            } else {
                return Err(Error::Damaged(problems.join("; ")));
            }
        }
        SessionCommand::DebugWrite { review, count } => {
            use std::io::Write;
            let mut wb = open(db)?;
            let mut out = std::io::stdout();
            let _ = writeln!(out, "ready").and_then(|()| out.flush());
            wb.debug_write(&review, count, |id| {
                let _ = writeln!(out, "committed {id}").and_then(|()| out.flush());
            })?;
        }
    }
    Ok(())
}

pub fn db_path(db: Option<PathBuf>) -> Result<PathBuf> {
    match db {
        Some(p) => Ok(p),
        None => workbook::default_path(),
    }
}

/// A passphrase from the environment: `None` when `name` is not set, an error when it is set
/// but is not UTF-8 text (never taken for "no passphrase", and never guessed at).
pub fn env_passphrase(name: &str) -> Result<Option<String>> {
    match std::env::var(name) {
        Ok(p) => Ok(Some(p)),
        Err(std::env::VarError::NotPresent) => Ok(None),
        Err(std::env::VarError::NotUnicode(_)) => Err(Error::Passphrase(format!(
            "{name} is not valid UTF-8 text; set it again from a UTF-8 terminal, or unset it \
             to be asked for the passphrase"
        ))),
    }
}

pub fn passphrase(confirm: bool) -> Result<String> {
    let from_env = env_passphrase("KINDRED_PASSPHRASE");
    // Programs this process starts (a PDF viewer, the print system) must not inherit it.
    std::env::remove_var("KINDRED_PASSPHRASE");
    if let Some(p) = from_env? {
        if p.is_empty() {
            return Err(Error::Passphrase(
                "KINDRED_PASSPHRASE is set but empty".into(),
            ));
        }
        return Ok(p);
    }
    if !std::io::stdin().is_terminal() {
        return Err(Error::Passphrase(
            "no passphrase: set KINDRED_PASSPHRASE or run on a terminal".into(),
        ));
    }
    let p = rpassword::prompt_password("Workbook passphrase: ")
        .map_err(|e| Error::Passphrase(format!("could not read the passphrase: {e}")))?;
    if p.is_empty() {
        return Err(Error::Passphrase("the passphrase must not be empty".into()));
    }
    if confirm {
        eprintln!("The passphrase cannot be recovered. Keep it safe.");
        let again = rpassword::prompt_password("Type it again: ")
            .map_err(|e| Error::Passphrase(format!("could not read the passphrase: {e}")))?;
        if again != p {
            return Err(Error::Passphrase(
                "the two passphrases differ; nothing was created".into(),
            ));
        }
    }
    Ok(p)
}

pub fn open(db: Option<PathBuf>) -> Result<Workbook> {
    let path = db_path(db)?;
    if !path.exists() {
        return Err(Error::NoWorkbook(path.display().to_string()));
    }
    let secret = kindred::secret::Secret::from_string(passphrase(false)?);
    // One command and the process ends: no dashboard is asked for again.
    Workbook::open_with(
        &path,
        secret.expose(),
        kindred::workbook::OpenOptions {
            note_changes: false,
        },
    )
}
