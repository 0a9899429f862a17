//! `{name}` placeholders in wording: the one scanner and the one filler that every kind of
//! wording uses (the documents', the summary's, the evaluation report's, the catalogue's
//! nation words), so that a placeholder means the same thing everywhere.
//!
//! A placeholder is everything between a `{` and the next `}`; a `{` with no `}` after it
//! is plain text. Values are inserted as they are and never scanned again, so a name typed
//! with braces prints as typed.

/// What to do with one placeholder, as the caller's wording decides.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Slot<'v> {
    /// Put this value in its place.
    Value(&'v str),
    /// Leave `{name}` as it is (filled later, e.g. `{page}` by the page footer).
    Keep,
    /// The wording does not know this name: a typo that must not reach a family.
    Unknown,
}

/// A placeholder the wording does not know.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown placeholder {{{0}}}")]
pub struct UnknownPlaceholder(pub String);

/// The template's parts in order: `Ok(text)` for plain text, `Err(name)` for a
/// placeholder.
fn parts(template: &str) -> impl Iterator<Item = Result<&str, &str>> {
    let mut rest = template;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        match rest.find('{') {
            Some(0) => match rest[1..].find('}') {
                Some(close) => {
                    let name = &rest[1..1 + close];
                    rest = &rest[close + 2..];
                    Some(Err(name))
                }
                None => Some(Ok(std::mem::take(&mut rest))),
            },
            Some(open) if rest[open + 1..].contains('}') => {
                let text = &rest[..open];
                rest = &rest[open..];
                Some(Ok(text))
            }
            _ => Some(Ok(std::mem::take(&mut rest))),
        }
    })
}

/// Every placeholder's name in `template`, in order.
pub fn placeholders(template: &str) -> impl Iterator<Item = &str> {
    parts(template).filter_map(|p| p.err())
}

/// Fills `template`, asking `slot` what each placeholder becomes.
pub fn fill<'v>(
    template: &str,
    mut slot: impl FnMut(&str) -> Slot<'v>,
) -> Result<String, UnknownPlaceholder> {
    let mut out = String::with_capacity(template.len() + 32);
    for part in parts(template) {
        match part {
            Ok(text) => out.push_str(text),
            Err(name) => match slot(name) {
                Slot::Value(v) => out.push_str(v),
                Slot::Keep => {
                    out.push('{');
                    out.push_str(name);
                    out.push('}');
                }
                Slot::Unknown => return Err(UnknownPlaceholder(name.to_string())),
            },
        }
    }
    Ok(out)
}

/// Fills `template` from `values`; a name not among them is unknown.
pub fn fill_from(template: &str, values: &[(&str, &str)]) -> Result<String, UnknownPlaceholder> {
    fill(template, |name| {
        value_of(values, name).map_or(Slot::Unknown, Slot::Value)
    })
}

/// The value given for `name`.
pub fn value_of<'v>(values: &[(&str, &'v str)], name: &str) -> Option<&'v str> {
    values.iter().find(|(k, _)| *k == name).map(|(_, v)| *v)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A template, its values, and the text it fills to (or the unknown name).
    type Case<'a> = (&'a str, &'a [(&'a str, &'a str)], Result<&'a str, &'a str>);

    #[test]
    fn fills_keeps_and_refuses_as_asked() {
        let cases: &[Case<'_>] = &[
            ("Hello {name}.", &[("name", "Ewa")], Ok("Hello Ewa.")),
            ("{a}{b}", &[("a", "1"), ("b", "2")], Ok("12")),
            ("no placeholders", &[], Ok("no placeholders")),
            ("", &[], Ok("")),
            ("an open { brace", &[], Ok("an open { brace")),
            ("ends with {", &[], Ok("ends with {")),
            (
                "{name} has {braces}",
                &[("name", "{braces}")],
                Err("braces"),
            ),
            ("Hello {nme}", &[("name", "Ewa")], Err("nme")),
            ("Café {x} ü", &[("x", "ł")], Ok("Café ł ü")),
        ];
        for (template, values, want) in cases {
            let got = fill_from(template, values);
            match want {
                Ok(text) => assert_eq!(got.as_deref(), Ok(*text), "{template:?}"),
                Err(name) => {
                    assert_eq!(got, Err(UnknownPlaceholder((*name).into())), "{template:?}")
                }
            }
        }
    }

    #[test]
    fn a_value_is_never_scanned_again_and_kept_names_stay() {
        let got = fill("{name}, page {page}", |n| match n {
            "name" => Slot::Value("{page}"),
            _ => Slot::Keep,
        });
        assert_eq!(got.as_deref(), Ok("{page}, page {page}"));
    }

    #[test]
    fn lists_placeholders_in_order() {
        let got: Vec<&str> = placeholders("{a} and {b} { c} {").collect();
        assert_eq!(got, vec!["a", "b", " c"]);
    }
}
