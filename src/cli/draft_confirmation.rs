//! Confirming a draft translation before a document is made (issue 14, item 3). The core
//! refuses a document in a community language whose translation no qualified translator
//! has checked until the author says they know. On a terminal the CLI asks; in a script
//! (no terminal to ask on) the document is made only with `--draft-ok`, and the message
//! says so. Nothing is written before the answer.

use std::io::{BufRead, IsTerminal, Write};

use kindred::domain::text::FieldError;
use kindred::workbook::documents::languages::DRAFT_FIELD;
use kindred::{Error, Result};

/// Runs `make` with the author's `--draft-ok`; when the core asks for the confirmation,
/// asks the question on the terminal and runs it again if the answer is yes.
pub fn confirm_draft<T>(draft_ok: bool, mut make: impl FnMut(bool) -> Result<T>) -> Result<T> {
    let errors = match make(draft_ok) {
        Err(Error::Invalid(errors)) if errors.iter().any(|e| e.field == DRAFT_FIELD) => errors,
        other => return other,
    };
    let question = errors
        .iter()
        .find(|e| e.field == DRAFT_FIELD)
        .map(|e| e.message.clone())
        .unwrap_or_default();
    if std::io::stdin().is_terminal() && std::io::stderr().is_terminal() {
        eprint!("kindred: {question}.\nMake it with the draft translation? [y/N] ");
        let _ = std::io::stderr().flush();
        let mut answer = String::new();
        std::io::stdin()
            .lock()
            .read_line(&mut answer)
            .map_err(|e| Error::Io(format!("could not read the answer: {e}")))?;
        if matches!(answer.trim().to_lowercase().as_str(), "y" | "yes") {
            return make(true);
        }
        return Err(Error::Invalid(vec![FieldError::new(
            DRAFT_FIELD,
            "Nothing was made: the draft translation was not confirmed",
        )]));
    }
    Err(Error::Invalid(vec![FieldError::new(
        DRAFT_FIELD,
        format!("{question}. Nothing was made; run it again with --draft-ok to make it"),
    )]))
}
