//! What a new passphrase must be. The workbook's only key: it cannot be recovered, so the
//! desktop asks for it twice and refuses one that is too short to resist guessing.
//!
//! The rule holds everywhere a passphrase is chosen: the desktop, `kindred init`, `kindred
//! demo` and `kindred passphrase` (through [`validate`], called by the core).

use super::text::FieldError;

/// The fewest characters (not bytes) a new passphrase may have.
pub const MIN_CHARS: usize = 8;

/// Whether `passphrase` may be chosen as a workbook's passphrase; the message says why not.
pub fn validate(passphrase: &str) -> Result<(), String> {
    if passphrase.is_empty() {
        Err("the passphrase must not be empty".into())
    } else if passphrase.chars().count() < MIN_CHARS {
        Err(format!(
            "the passphrase must be at least {MIN_CHARS} characters; it is the workbook's only key"
        ))
    } else {
        Ok(())
    }
}

/// The problems with a new passphrase and its confirmation, against the fields
/// `field` and `confirm_field`; empty when it may be used.
pub fn problems(
    passphrase: &str,
    confirm: &str,
    field: &str,
    confirm_field: &str,
) -> Vec<FieldError> {
    let mut out = Vec::new();
    if passphrase.is_empty() {
        out.push(FieldError::new(field, "Enter a passphrase"));
    } else if passphrase.chars().count() < MIN_CHARS {
        out.push(FieldError::new(
            field,
            format!("The passphrase must be at least {MIN_CHARS} characters"),
        ));
    }
    if confirm != passphrase {
        out.push(FieldError::new(
            confirm_field,
            "The two passphrases are different",
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(passphrase: &str, confirm: &str, expect: &[&str]) {
        let got: Vec<String> = problems(passphrase, confirm, "new", "confirm")
            .into_iter()
            .map(|e| format!("{}: {}", e.field, e.message))
            .collect();
        assert_eq!(
            got, expect,
            "passphrase {passphrase:?}, confirm {confirm:?}"
        );
    }

    #[test]
    fn rules() {
        check("", "", &["new: Enter a passphrase"]);
        check(
            "short",
            "short",
            &["new: The passphrase must be at least 8 characters"],
        );
        // Characters, not bytes: seven Welsh letters are too short, eight are enough.
        check(
            "ŵŷŵŷŵŷŵ",
            "ŵŷŵŷŵŷŵ",
            &["new: The passphrase must be at least 8 characters"],
        );
        check("ŵŷŵŷŵŷŵŷ", "ŵŷŵŷŵŷŵŷ", &[]);
        check("a long enough one", "a long enough one", &[]);
        check(
            "a long enough one",
            "a long enough on",
            &["confirm: The two passphrases are different"],
        );
        check(
            "",
            "x",
            &[
                "new: Enter a passphrase",
                "confirm: The two passphrases are different",
            ],
        );
    }
}
