//! The error that crosses to the web UI: `{code, message, fields?}`.
//!
//! Built from `kindred::Error`. `code` is the core's stable code (plus `locked` and
//! `not-available` from the shell); `message` is one sentence for people; `fields` is there
//! only for `invalid`, one `{field, message}` per problem, for the error summary and the
//! inline messages. Internal details never cross: `internal` always carries the same generic
//! message.

use kindred::domain::text::FieldError;
use kindred::Error;
use serde::Serialize;

/// The message shown for any internal error, whatever its detail.
pub const INTERNAL_MESSAGE: &str = "Something went wrong. Nothing was lost; try again.";

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CommandError {
    pub code: String,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fields: Option<Vec<FieldError>>,
}

impl CommandError {
    pub fn new(code: &str, message: impl Into<String>) -> CommandError {
        CommandError {
            code: code.to_string(),
            message: message.into(),
            fields: None,
        }
    }

    /// The workbook is locked (never unlocked, idle lock, or locked by hand).
    pub fn locked() -> CommandError {
        CommandError::new("locked", "The workbook is locked. Unlock it to carry on.")
    }

    /// A form problem found by the shell itself (passphrase fields, settings).
    pub fn invalid(fields: Vec<FieldError>) -> CommandError {
        CommandError::from(Error::Invalid(fields))
    }
}

/// "the workbook is damaged: x" -> "The workbook is damaged: x."
pub(crate) fn sentence(s: &str) -> String {
    let s = s.trim();
    let mut chars = s.chars();
    let mut out: String = match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => return String::new(),
    };
    if !out.ends_with(['.', '!', '?']) {
        out.push('.');
    }
    out
}

impl From<Error> for CommandError {
    fn from(e: Error) -> CommandError {
        let code = e.code();
        let message = match &e {
            Error::WrongPassphrase => {
                "Wrong passphrase, or this file is not a Kindred workbook. Nothing has been changed."
                    .to_string()
            }
            Error::NoWorkbook(_) => "There is no workbook yet. Create one to start.".to_string(),
            Error::AlreadyExists(_) => {
                "A workbook already exists. Kindred will not overwrite it: unlock it instead."
                    .to_string()
            }
            Error::Refused(reasons) => sentence(&format!(
                "Kindred will not do this: {}",
                reasons
                    .iter()
                    .map(|r| r.to_string())
                    .collect::<Vec<_>>()
                    .join("; ")
            )),
            Error::Internal(detail) => {
                // The detail never crosses to the page; a developer's build says it on
                // stderr, so a failing test can be understood.
                #[cfg(debug_assertions)]
                eprintln!("kindred-desktop: internal error: {detail}");
                #[cfg(not(debug_assertions))]
                let _ = detail;
                INTERNAL_MESSAGE.to_string()
            }
            other => sentence(&other.to_string()),
        };
        let fields = match e {
            Error::Invalid(fields) => Some(fields),
            _ => None,
        };
        CommandError {
            code: code.to_string(),
            message,
            fields,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use kindred::domain::safety::Refusal;
    use serde_json::{json, Value};

    fn js(e: impl Into<CommandError>) -> Value {
        serde_json::to_value(e.into()).expect("serialise")
    }

    #[test]
    fn wrong_passphrase() {
        assert_eq!(
            js(Error::WrongPassphrase),
            json!({
                "code": "wrong-passphrase",
                "message": "Wrong passphrase, or this file is not a Kindred workbook. Nothing has been changed."
            })
        );
    }

    #[test]
    fn invalid_carries_every_field() {
        let e = Error::Invalid(vec![
            FieldError::new("full_name", "Enter full name"),
            FieldError::new(
                "date",
                "Date must be a real date written as YYYY-MM-DD, like 2026-03-14 (got \"x\")",
            ),
        ]);
        assert_eq!(
            js(e),
            json!({
                "code": "invalid",
                "message": "2 problems: Enter full name; Date must be a real date written as YYYY-MM-DD, like 2026-03-14 (got \"x\").",
                "fields": [
                    {"field": "full_name", "message": "Enter full name"},
                    {"field": "date", "message": "Date must be a real date written as YYYY-MM-DD, like 2026-03-14 (got \"x\")"}
                ]
            })
        );
        assert_eq!(
            js(Error::invalid("reason", "Enter the reason")),
            json!({
                "code": "invalid",
                "message": "Enter the reason.",
                "fields": [{"field": "reason", "message": "Enter the reason"}]
            })
        );
    }

    #[test]
    fn internal_details_never_leak() {
        let e = Error::Internal("no such table: members (SELECT * FROM members WHERE …)".into());
        assert_eq!(
            js(e),
            json!({"code": "internal", "message": "Something went wrong. Nothing was lost; try again."})
        );
    }

    #[test]
    fn paths_stay_out_of_file_messages() {
        assert_eq!(
            js(Error::NoWorkbook("/home/a/secret/workbook.kindred".into())),
            json!({"code": "no-workbook", "message": "There is no workbook yet. Create one to start."})
        );
        assert_eq!(
            js(Error::AlreadyExists(
                "/home/a/secret/workbook.kindred".into()
            )),
            json!({
                "code": "already-exists",
                "message": "A workbook already exists. Kindred will not overwrite it: unlock it instead."
            })
        );
    }

    #[test]
    fn refusals_and_other_errors_read_as_sentences() {
        let e = Error::Refused(vec![Refusal::AwaitingClearance {
            restriction: "police-advice: trial pending".into(),
        }]);
        assert_eq!(
            js(e),
            json!({
                "code": "refused",
                "message": "Kindred will not do this: contact is restricted (police-advice: trial pending) and no clearance allowing contact has been recorded."
            })
        );
        assert_eq!(
            js(Error::not_found("review", "CSPR-9")),
            json!({"code": "not-found", "message": "Review \"CSPR-9\" was not found."})
        );
        assert_eq!(
            js(CommandError::locked()),
            json!({"code": "locked", "message": "The workbook is locked. Unlock it to carry on."})
        );
    }
}
