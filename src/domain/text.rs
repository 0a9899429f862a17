//! Validation of what a user types: every field is checked here, in the core, so the CLI and
//! the desktop give the same messages. Nothing here panics on any input, of any script.

use serde::Serialize;

/// Longest single-line field (names, places, references), in characters.
pub const MAX_LINE: usize = 300;
/// Longest free-text note, in characters.
pub const MAX_NOTE: usize = 20_000;

/// One field's problem, for an error summary and an inline message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

impl FieldError {
    pub fn new(field: &str, message: impl Into<String>) -> FieldError {
        FieldError {
            field: field.to_string(),
            message: message.into(),
        }
    }
}

/// Collects field errors so a form reports all of them at once.
#[derive(Debug, Default)]
pub struct Errors(pub Vec<FieldError>);

impl Errors {
    pub fn push(&mut self, e: FieldError) {
        self.0.push(e);
    }

    /// Keeps the value when valid; records the error and returns the fallback otherwise.
    pub fn take<T: Default>(&mut self, r: Result<T, FieldError>) -> T {
        match r {
            Ok(v) => v,
            Err(e) => {
                self.0.push(e);
                T::default()
            }
        }
    }

    pub fn finish(self) -> Result<(), Vec<FieldError>> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(self.0)
        }
    }
}

fn clean(field: &str, value: &str, max: usize, multiline: bool) -> Result<String, FieldError> {
    let value = value.trim();
    let len = value.chars().count();
    if len > max {
        return Err(FieldError::new(
            field,
            format!(
                "{} must be {max} characters or fewer (it has {len})",
                label(field)
            ),
        ));
    }
    if let Some(c) = value
        .chars()
        .find(|&c| c.is_control() && !(multiline && (c == '\n' || c == '\t' || c == '\r')))
    {
        return Err(FieldError::new(
            field,
            format!(
                "{} contains a control character (U+{:04X}) that cannot be printed",
                label(field),
                c as u32
            ),
        ));
    }
    Ok(value.to_string())
}

/// "full_name" -> "Full name", for messages.
pub fn label(field: &str) -> String {
    let s = field.replace(['_', '-'], " ");
    let mut cs = s.chars();
    match cs.next() {
        Some(f) => f.to_uppercase().chain(cs).collect(),
        None => String::new(),
    }
}

/// A required single-line value.
pub fn required(field: &str, value: &str) -> Result<String, FieldError> {
    let v = clean(field, value, MAX_LINE, false)?;
    if v.is_empty() {
        return Err(FieldError::new(
            field,
            format!("Enter {}", label(field).to_lowercase()),
        ));
    }
    Ok(v)
}

/// An optional single-line value: blank becomes None.
pub fn optional(field: &str, value: Option<&str>) -> Result<Option<String>, FieldError> {
    match value {
        None => Ok(None),
        Some(v) => {
            let v = clean(field, v, MAX_LINE, false)?;
            Ok((!v.is_empty()).then_some(v))
        }
    }
}

/// An optional note (multi-line, longer).
pub fn note(field: &str, value: Option<&str>) -> Result<Option<String>, FieldError> {
    match value {
        None => Ok(None),
        Some(v) => {
            let v = clean(field, v, MAX_NOTE, true)?;
            Ok((!v.is_empty()).then_some(v))
        }
    }
}

/// A required reason (for "declined", "not applicable" and the like).
pub fn reason(field: &str, value: Option<&str>) -> Result<String, FieldError> {
    match note(field, value)? {
        Some(v) => Ok(v),
        None => Err(FieldError::new(
            field,
            format!("Enter {}", label(field).to_lowercase()),
        )),
    }
}

/// Parses a date typed as YYYY-MM-DD, with a message that says what was wrong.
pub fn date(field: &str, value: &str) -> Result<chrono::NaiveDate, FieldError> {
    let v = value.trim();
    chrono::NaiveDate::parse_from_str(v, "%Y-%m-%d").map_err(|_| {
        FieldError::new(
            field,
            format!(
                "{} must be a real date written as YYYY-MM-DD, like 2026-03-14 (got {:?})",
                label(field),
                truncate(v, 40)
            ),
        )
    })
}

pub fn optional_date(
    field: &str,
    value: Option<&str>,
) -> Result<Option<chrono::NaiveDate>, FieldError> {
    match value.map(str::trim) {
        None | Some("") => Ok(None),
        Some(v) => date(field, v).map(Some),
    }
}

/// Shortens a value for inclusion in a message, on a character boundary.
pub fn truncate(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(max).collect();
        t.push('…');
        t
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &str, expect: Result<&str, &str>) {
        let got = required("full_name", input);
        match (got, expect) {
            (Ok(v), Ok(e)) => assert_eq!(v, e, "input {input:?}"),
            (Err(err), Err(e)) => assert!(
                err.message.contains(e),
                "input {input:?}: message {:?} lacks {e:?}",
                err.message
            ),
            (got, expect) => panic!("input {input:?}: got {got:?}, expected {expect:?}"),
        }
    }

    #[test]
    fn required_text() {
        check("  Anna  ", Ok("Anna"));
        check("", Err("Enter full name"));
        check("   ", Err("Enter full name"));
        check("Łucja Wiśniewska-Żak", Ok("Łucja Wiśniewska-Żak"));
        check("Siôn ap Dafydd 🌼", Ok("Siôn ap Dafydd 🌼"));
        check("محمد", Ok("محمد"));
        check("a\u{7}b", Err("control character"));
        check(&"x".repeat(MAX_LINE + 1), Err("300 characters or fewer"));
        check(&"ż".repeat(MAX_LINE), Ok(&"ż".repeat(MAX_LINE)));
    }

    #[test]
    fn dates() {
        assert!(date("visit_date", "2026-02-30").is_err());
        assert!(date("visit_date", "26/02/2026").is_err());
        assert!(date("visit_date", "2024-02-29").is_ok());
        assert_eq!(optional_date("d", Some("  ")).ok(), Some(None));
        let e = date("visit_date", "2026-13-01").unwrap_err();
        assert!(e.message.contains("YYYY-MM-DD"), "{}", e.message);
    }
}
