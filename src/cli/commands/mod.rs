//! One module per command group, mirroring the desktop's `src-tauri/src/commands/`: each
//! reads its arguments into the core's text forms, calls one `Workbook` method and prints
//! the answer. No rules here: every check is the core's.

mod documents;
mod people;
mod records;
mod reviews;
mod session;
mod translation;
mod trust;

use std::collections::BTreeMap;

use kindred::workbook::trust::Existing;
use kindred::{Error, Result};

use crate::args::{Cli, Command};

pub(crate) use session::{db_path, open, passphrase};

/// Runs one command against the workbook.
pub fn run(cli: Cli) -> Result<()> {
    let db = cli.db;
    match cli.command {
        Command::Session(cmd) => session::run(db, cmd),
        Command::Reviews(cmd) => reviews::run(db, cmd),
        Command::People(cmd) => people::run(db, cmd),
        Command::Records(cmd) => records::run(db, cmd),
        Command::Documents(cmd) => documents::run(db, cmd),
        Command::Trust(cmd) => trust::run(db, cmd),
        Command::Voice(cmd) => crate::voice::run(&mut open(db)?, cmd),
        Command::Letters(cmd) => {
            // Translations the author loaded are used by letters as by every document.
            for problem in kindred::workbook::translations::use_saved_translations() {
                eprintln!("kindred: warning: {problem}");
            }
            crate::letters::run(&mut open(db)?, cmd)
        }
        Command::Evaluation(cmd) => crate::evaluation::run(&open(db)?, cmd),
    }
}

fn existing(force: bool) -> Existing {
    if force {
        Existing::Replace
    } else {
        Existing::Refuse
    }
}

fn pairs(field: &str, items: &[String]) -> Result<BTreeMap<String, String>> {
    items
        .iter()
        .map(|s| {
            s.split_once('=')
                .map(|(k, v)| (k.trim().to_string(), v.to_string()))
                .ok_or_else(|| Error::invalid(field, format!("{s:?} must be written KEY=VALUE")))
        })
        .collect()
}
