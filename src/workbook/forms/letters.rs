//! Asking for a letter (issue 13, item 5): which kind, for whom, which version and
//! languages, the planned visit a confirmation is for, and the author's own short
//! paragraph (in English, and in Welsh for the Welsh part). Read here once for both faces,
//! so the CLI and the desktop give the same messages.

use serde::{Deserialize, Serialize};

use super::documents::SheetChoice;
use super::{choose, finish, note, parse_enum, Form, Labels};
use crate::documents::{LanguageChoice, Variant};
use crate::domain::letters::{LetterKind, MAX_PARAGRAPH_CHARS};
use crate::domain::text::FieldError;
use crate::error::Result;

/// Asking for one letter for one person.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct LetterRequestForm {
    /// The review the person must be in, when the face names one (the CLI's `--review`).
    pub review_key: Option<String>,
    pub member_id: i64,
    /// first, update, terms, visit, draft or publication.
    pub kind: Option<String>,
    /// The planned visit a visit confirmation is for.
    pub visit_id: Option<i64>,
    /// standard, large-print, easy-read or young (blank: as the person's needs and age ask).
    pub variant: Option<String>,
    /// en, cy, both or cy-first (blank: as for the sheet, by the person's preference).
    pub language: Option<String>,
    /// A short paragraph the author writes (checked for anyone else's details).
    pub paragraph: Option<String>,
    /// The same paragraph in Welsh, for the Welsh part of a letter in both languages.
    pub paragraph_cy: Option<String>,
    /// Given to write a letter the safety rules refuse; logged as a decision.
    pub override_reason: Option<String>,
    /// Given when the author knows the document's translation is a draft and still wants
    /// it made (a document in a community language whose wording no qualified translator
    /// has checked is refused without it).
    pub draft_ok: bool,
}

/// A letter asked for, read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LetterRequest {
    pub review_key: Option<String>,
    pub member_id: i64,
    pub kind: LetterKind,
    pub visit_id: Option<i64>,
    pub choice: SheetChoice,
    pub paragraph: Option<String>,
    pub paragraph_cy: Option<String>,
    pub override_reason: Option<String>,
    pub draft_ok: bool,
}

impl LetterRequestForm {
    pub const LABELS: Labels = &[
        ("kind", "Which letter"),
        ("visit", "The visit"),
        ("variant", "Format of the letter"),
        ("language", "Language"),
        ("paragraph", "Your paragraph"),
        ("paragraph_cy", "Your paragraph in Welsh"),
        ("override_reason", "Reason to make it anyway"),
    ];

    pub fn parse(&self) -> Result<LetterRequest> {
        let mut e = Form::new(Self::LABELS);
        let kind = choose(
            &mut e,
            "kind",
            self.kind.as_deref(),
            LetterKind::parse,
            "first, update, terms, visit, draft or publication",
        );
        let variant = parse_enum(
            &mut e,
            "variant",
            self.variant.as_deref(),
            Variant::parse,
            "standard, large-print, easy-read or young",
        );
        let languages = parse_enum(
            &mut e,
            "language",
            self.language.as_deref(),
            LanguageChoice::parse,
            "en, cy, both or cy-first",
        );
        let paragraph = short_paragraph(&mut e, "paragraph", self.paragraph.as_deref());
        let paragraph_cy = short_paragraph(&mut e, "paragraph_cy", self.paragraph_cy.as_deref());
        if kind == Some(LetterKind::Visit) && self.visit_id.is_none() {
            let label = e.label("visit");
            e.push(FieldError::new(
                "visit",
                format!(
                    "{label}: a visit confirmation needs the planned visit it confirms; choose one"
                ),
            ));
        }
        if kind.is_some_and(|k| k != LetterKind::Visit) && self.visit_id.is_some() {
            let label = e.label("visit");
            e.push(FieldError::new(
                "visit",
                format!("{label}: only a visit confirmation is for a visit; leave it out"),
            ));
        }
        let override_reason = note(&mut e, "override_reason", self.override_reason.as_deref());
        finish(e, || LetterRequest {
            review_key: self.review_key.clone(),
            member_id: self.member_id,
            kind: kind.unwrap_or(LetterKind::First),
            visit_id: self.visit_id,
            choice: SheetChoice { variant, languages },
            paragraph,
            paragraph_cy,
            override_reason,
            draft_ok: self.draft_ok,
        })
    }
}

/// The author's paragraph: typed text as any note is checked, and short.
fn short_paragraph(e: &mut Form, field: &str, value: Option<&str>) -> Option<String> {
    let text = note(e, field, value)?;
    let chars = text.chars().count();
    if chars > MAX_PARAGRAPH_CHARS {
        let label = e.label(field);
        e.push(FieldError::new(
            field,
            format!(
                "{label} is too long ({chars} characters; at most {MAX_PARAGRAPH_CHARS}). Keep it to a few sentences: the letter says the rest"
            ),
        ));
        return None;
    }
    Some(text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Error;

    fn messages(r: Result<LetterRequest>) -> Vec<(String, String)> {
        match r {
            Err(Error::Invalid(errs)) => errs.into_iter().map(|e| (e.field, e.message)).collect(),
            other => panic!("expected a form error, got {other:?}"),
        }
    }

    #[test]
    fn every_problem_in_one_pass_in_the_words_of_the_form() {
        let form = LetterRequestForm {
            member_id: 1,
            kind: Some("visit".into()),
            variant: Some("tiny".into()),
            paragraph: Some("a".repeat(MAX_PARAGRAPH_CHARS + 1)),
            ..Default::default()
        };
        let got = messages(form.parse());
        let fields: Vec<&str> = got.iter().map(|(f, _)| f.as_str()).collect();
        assert_eq!(fields, ["variant", "paragraph", "visit"], "{got:?}");
        assert!(
            got[1].1.starts_with("Your paragraph is too long"),
            "{got:?}"
        );
        let none = LetterRequestForm {
            member_id: 1,
            ..Default::default()
        };
        let got = messages(none.parse());
        assert_eq!(got[0].1, "Choose which letter");
    }

    #[test]
    fn a_short_paragraph_and_a_kind_read() {
        let form = LetterRequestForm {
            member_id: 4,
            kind: Some("draft".into()),
            paragraph: Some(" Thank you for Tuesday. ".into()),
            language: Some("cy-first".into()),
            ..Default::default()
        };
        let r = form.parse().expect("reads");
        assert_eq!(r.kind, LetterKind::Draft);
        assert_eq!(r.paragraph.as_deref(), Some("Thank you for Tuesday."));
        assert_eq!(r.choice.languages, Some(LanguageChoice::BothWelshFirst));
        assert_eq!(r.choice.variant, None);
    }
}
