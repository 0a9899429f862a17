//! Asking for a document, and printing one: which version, which languages, the reason to
//! make one despite a refusal, how many copies. These arrive as text from both faces (the
//! CLI's flags, the desktop's radios) and are read here, once, like every other form, so
//! the same mistake gets the same message whichever face made it, and neither face needs
//! to know the document types.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{finish, note, parse_enum, Form, Labels};
use crate::documents::{LanguageChoice, Variant};
use crate::domain::member::{AccessNeed, Member};
use crate::domain::text::FieldError;
use crate::error::{Error, Result};
use crate::printing::PrintOptions;

/// The versions of the information sheet, as the forms write them.
const VARIANTS: &str = "standard, large-print, easy-read or young";
/// The language choices, as the forms write them.
const LANGUAGES: &str = "en, cy, both, cy-first, pl, ro, ur, pa, bn or ar";

/// Reads the version (blank: the person's needs decide) and the languages (blank: the
/// nation's default).
fn read_choice(e: &mut Form, variant: Option<&str>, language: Option<&str>) -> SheetChoice {
    SheetChoice {
        variant: parse_enum(e, "variant", variant, Variant::parse, VARIANTS),
        languages: parse_enum(e, "language", language, LanguageChoice::parse, LANGUAGES),
    }
}

/// Which version of the information sheet, in which languages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SheetChoice {
    /// None: the version the person's recorded needs ask for ([`variant_for_needs`]).
    pub variant: Option<Variant>,
    /// None: the nation's default (both in Wales, English elsewhere).
    pub languages: Option<LanguageChoice>,
}

impl SheetChoice {
    /// The version for this person on `today`: the one the author chose, else the one their
    /// needs ask for, else the young person's version for someone aged about 12 to 17.
    pub fn variant_for(&self, member: &Member, today: NaiveDate) -> Variant {
        self.variant
            .unwrap_or_else(|| variant_for_person(member, today))
    }
}

/// The version of a document for this person unless the author chooses: what their
/// recorded needs ask for (easy read, large print); else, for a young person aged about 12
/// to 17 on `today` (by date of birth or age band), the young person's version; else
/// standard.
pub fn variant_for_person(member: &Member, today: NaiveDate) -> Variant {
    match variant_for_needs(member) {
        Variant::Standard if member.age_band_on(today).is_some_and(|b| b.young_person()) => {
            Variant::Young
        }
        v => v,
    }
}

/// The version of a document a person's recorded needs ask for: easy read for someone who
/// needs it (or has a learning disability), large print for someone who needs that, else
/// standard. Easy read wins when both are recorded: its print is large too.
pub fn variant_for_needs(member: &Member) -> Variant {
    let needs = &member.details.accessibility;
    if needs.contains(&AccessNeed::EasyRead) || needs.contains(&AccessNeed::LearningDisability) {
        Variant::EasyRead
    } else if needs.contains(&AccessNeed::LargePrint) {
        Variant::LargePrint
    } else {
        Variant::Standard
    }
}

/// Asking for one person's information sheet.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct SheetRequestForm {
    /// The review the person must be in, when the face names one (the CLI's `--review`).
    pub review_key: Option<String>,
    pub member_id: i64,
    /// The planned visit the sheet is for.
    pub visit_id: Option<i64>,
    /// standard, large-print, easy-read or young (blank: as the person's needs and age ask).
    pub variant: Option<String>,
    /// en, cy, both (English first) or cy-first (blank: for the person: both in Wales, Welsh first for someone who prefers Welsh; English elsewhere).
    pub language: Option<String>,
    /// Given to make a sheet the safety rules refuse; logged as a decision.
    pub override_reason: Option<String>,
    /// Given when the author knows the document's translation is a draft and still wants
    /// it made (a document in a community language whose wording no qualified translator
    /// has checked is refused without it).
    pub draft_ok: bool,
}

/// An information sheet asked for, read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SheetRequest {
    pub review_key: Option<String>,
    pub member_id: i64,
    pub visit_id: Option<i64>,
    pub choice: SheetChoice,
    pub override_reason: Option<String>,
    pub draft_ok: bool,
}

impl SheetRequestForm {
    pub const LABELS: Labels = &[
        ("variant", "Format of the information sheet"),
        ("language", "Language"),
        ("override_reason", "Reason to make it anyway"),
    ];

    pub fn parse(&self) -> Result<SheetRequest> {
        let mut e = Form::new(Self::LABELS);
        let choice = read_choice(&mut e, self.variant.as_deref(), self.language.as_deref());
        let override_reason = note(&mut e, "override_reason", self.override_reason.as_deref());
        finish(e, || SheetRequest {
            review_key: self.review_key.clone(),
            member_id: self.member_id,
            visit_id: self.visit_id,
            choice,
            override_reason,
            draft_ok: self.draft_ok,
        })
    }
}

/// Asking for the information sheets of everyone in one or more reviews.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct SheetBatchForm {
    /// standard, large-print or easy-read for everyone (blank: as each person's needs ask).
    pub variant: Option<String>,
    /// en, cy, both, cy-first, pl, ro, ur, pa, bn or ar (blank: for each person, as for one sheet).
    pub language: Option<String>,
}

impl SheetBatchForm {
    pub const LABELS: Labels = SheetRequestForm::LABELS;

    pub fn parse(&self) -> Result<SheetChoice> {
        let mut e = Form::new(Self::LABELS);
        let choice = read_choice(&mut e, self.variant.as_deref(), self.language.as_deref());
        finish(e, || choice)
    }
}

/// Which feedback form: the five questions or all of them, in standard or large print.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FeedbackFormChoice {
    pub length: FormLength,
    pub print: PrintSize,
    /// None: the nation's default.
    pub languages: Option<LanguageChoice>,
}

/// How many of the questions a feedback form asks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormLength {
    /// Only the questions marked `short = true` in the question bank.
    Short,
    Full,
}

/// The size of a document's body text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PrintSize {
    Standard,
    Large,
}

impl FeedbackFormChoice {
    /// The word the issue record keeps for this version.
    pub fn slug(&self) -> &'static str {
        match (self.length, self.print) {
            (FormLength::Short, PrintSize::Standard) => "short",
            (FormLength::Short, PrintSize::Large) => "short-large-print",
            (FormLength::Full, PrintSize::Standard) => "full",
            (FormLength::Full, PrintSize::Large) => "full-large-print",
        }
    }
}

/// Asking for a feedback form for one person (their name on it) or a blank anonymous one.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct FeedbackFormRequestForm {
    pub review_key: String,
    /// None: an anonymous form.
    pub member_id: Option<i64>,
    /// short or full (blank: full).
    pub version: Option<String>,
    /// standard or large-print (blank: standard).
    pub variant: Option<String>,
    /// en, cy, both (English first) or cy-first (blank: for the person: both in Wales, Welsh first for someone who prefers Welsh; English elsewhere).
    pub language: Option<String>,
    /// Given when the author knows the document's translation is a draft and still wants
    /// it made (a document in a community language whose wording no qualified translator
    /// has checked is refused without it).
    pub draft_ok: bool,
}

/// A feedback form asked for, read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedbackFormRequest {
    pub review_key: String,
    pub member_id: Option<i64>,
    pub choice: FeedbackFormChoice,
    pub draft_ok: bool,
}

impl FeedbackFormRequestForm {
    pub const LABELS: Labels = &[
        ("version", "Version"),
        ("variant", "Large print"),
        ("language", "Language"),
    ];

    pub fn parse(&self) -> Result<FeedbackFormRequest> {
        let mut e = Form::new(Self::LABELS);
        let length = parse_enum(
            &mut e,
            "version",
            self.version.as_deref(),
            |s| match s {
                "short" => Some(FormLength::Short),
                "full" => Some(FormLength::Full),
                _ => None,
            },
            "short or full",
        )
        .unwrap_or(FormLength::Full);
        let print = parse_enum(
            &mut e,
            "variant",
            self.variant.as_deref(),
            |s| match s {
                "standard" => Some(PrintSize::Standard),
                "large-print" => Some(PrintSize::Large),
                _ => None,
            },
            "standard or large-print",
        )
        .unwrap_or(PrintSize::Standard);
        let languages = parse_enum(
            &mut e,
            "language",
            self.language.as_deref(),
            LanguageChoice::parse,
            LANGUAGES,
        );
        finish(e, || FeedbackFormRequest {
            review_key: self.review_key.clone(),
            member_id: self.member_id,
            choice: FeedbackFormChoice {
                length,
                print,
                languages,
            },
            draft_ok: self.draft_ok,
        })
    }
}

/// Printing a document: the printer chosen, copies as typed, on both sides or not.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct PrintForm {
    pub printer: String,
    pub copies: String,
    pub two_sided: bool,
}

impl PrintForm {
    pub const LABELS: Labels = &[("printer", "Printer"), ("copies", "Number of copies")];

    pub fn parse(&self) -> Result<PrintOptions> {
        let copies = self
            .copies
            .trim()
            .parse::<u32>()
            .ok()
            .filter(|n| (1..=99).contains(n))
            .ok_or_else(|| {
                let label = super::label_in(Self::LABELS, "copies");
                Error::Invalid(vec![FieldError::new(
                    "copies",
                    format!("{label} must be a whole number from 1 to 99"),
                )])
            })?;
        Ok(PrintOptions {
            printer: self.printer.trim().to_string(),
            copies,
            two_sided: self.two_sided,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn messages<T: std::fmt::Debug>(r: Result<T>) -> Vec<(String, String)> {
        match r {
            Err(Error::Invalid(v)) => v.into_iter().map(|e| (e.field, e.message)).collect(),
            other => panic!("expected field errors, got {other:?}"),
        }
    }

    #[test]
    fn a_sheet_request_is_read_from_words_and_blanks_take_the_defaults() {
        let blank = SheetRequestForm {
            member_id: 3,
            ..SheetRequestForm::default()
        }
        .parse()
        .expect("blank is fine");
        assert_eq!(
            blank.choice,
            SheetChoice {
                variant: None,
                languages: None
            }
        );
        let full = SheetRequestForm {
            review_key: Some("CSPR-1".into()),
            member_id: 3,
            visit_id: Some(9),
            variant: Some(" easy-read ".into()),
            language: Some("both".into()),
            override_reason: Some("Agreed with the police".into()),
            draft_ok: true,
        }
        .parse()
        .expect("all known");
        assert_eq!(full.choice.variant, Some(Variant::EasyRead));
        assert_eq!(full.choice.languages, Some(LanguageChoice::Both));
        assert_eq!(
            full.override_reason.as_deref(),
            Some("Agreed with the police")
        );
    }

    #[test]
    fn the_persons_needs_choose_the_version_unless_the_author_chose_one() {
        use crate::domain::member::{AgeBand, Involvement, MemberDetails};
        use crate::domain::phase::Phase;
        let person = |needs: Vec<AccessNeed>| Member {
            id: 1,
            review_id: 1,
            details: MemberDetails {
                full_name: "A B".into(),
                accessibility: needs,
                ..MemberDetails::default()
            },
            involvement: Involvement::Involved,
            position: Phase::Prepare,
            contact_details: vec![],
            relationships: vec![],
            role_statuses: vec![],
            restrictions: vec![],
            clearances: vec![],
            support_ids: vec![],
        };
        let today = NaiveDate::from_ymd_opt(2026, 11, 20).expect("date");
        let by_needs = SheetChoice {
            variant: None,
            languages: None,
        };
        let cases = [
            (vec![], Variant::Standard),
            (vec![AccessNeed::Sensory], Variant::Standard),
            (vec![AccessNeed::LargePrint], Variant::LargePrint),
            (vec![AccessNeed::EasyRead], Variant::EasyRead),
            (vec![AccessNeed::LearningDisability], Variant::EasyRead),
            (
                vec![AccessNeed::LargePrint, AccessNeed::EasyRead],
                Variant::EasyRead,
            ),
        ];
        for (needs, expect) in cases {
            let m = person(needs.clone());
            assert_eq!(by_needs.variant_for(&m, today), expect, "{needs:?}");
            let chosen = SheetChoice {
                variant: Some(Variant::Standard),
                languages: None,
            };
            assert_eq!(
                chosen.variant_for(&m, today),
                Variant::Standard,
                "{needs:?}"
            );
        }
        // A young person aged about 12 to 17 gets the young person's version, unless their
        // needs ask for easy read or large print; an adult or a child under 12 does not.
        let aged = |band: AgeBand, needs: Vec<AccessNeed>| {
            let mut m = person(needs);
            m.details.age_band = Some(band);
            m
        };
        for (band, needs, expect) in [
            (AgeBand::From12To15, vec![], Variant::Young),
            (AgeBand::From16To17, vec![], Variant::Young),
            (
                AgeBand::From12To15,
                vec![AccessNeed::EasyRead],
                Variant::EasyRead,
            ),
            (
                AgeBand::From16To17,
                vec![AccessNeed::LargePrint],
                Variant::LargePrint,
            ),
            (AgeBand::From18To25, vec![], Variant::Standard),
            (AgeBand::Under12, vec![], Variant::Standard),
        ] {
            assert_eq!(
                by_needs.variant_for(&aged(band, needs), today),
                expect,
                "{band:?}"
            );
        }
        let mut born = person(vec![]);
        born.details.date_of_birth = NaiveDate::from_ymd_opt(2011, 6, 2);
        assert_eq!(
            by_needs.variant_for(&born, today),
            Variant::Young,
            "fifteen"
        );
        born.details.date_of_birth = NaiveDate::from_ymd_opt(2008, 6, 2);
        assert_eq!(
            by_needs.variant_for(&born, today),
            Variant::Standard,
            "eighteen"
        );
    }

    #[test]
    fn every_wrong_choice_is_reported_at_once_in_the_words_of_its_label() {
        let got = messages(
            SheetRequestForm {
                variant: Some("huge".into()),
                language: Some("fr".into()),
                override_reason: Some("a\u{202E}b".into()),
                ..SheetRequestForm::default()
            }
            .parse(),
        );
        let fields: Vec<&str> = got.iter().map(|(f, _)| f.as_str()).collect();
        assert_eq!(fields, ["variant", "language", "override_reason"]);
        assert_eq!(
            got[0].1,
            "Format of the information sheet must be one of: standard, large-print, easy-read or young (got \"huge\")"
        );
        assert_eq!(
            got[1].1,
            "Language must be one of: en, cy, both, cy-first, pl, ro, ur, pa, bn or ar (got \"fr\")"
        );
        let got = messages(
            FeedbackFormRequestForm {
                version: Some("medium".into()),
                variant: Some("easy-read".into()),
                language: Some("de".into()),
                ..FeedbackFormRequestForm::default()
            }
            .parse(),
        );
        let fields: Vec<&str> = got.iter().map(|(f, _)| f.as_str()).collect();
        assert_eq!(fields, ["version", "variant", "language"]);
        assert!(got[0]
            .1
            .starts_with("Version must be one of: short or full"));
    }

    #[test]
    fn a_feedback_form_request_names_its_version() {
        let r = FeedbackFormRequestForm {
            review_key: "CSPR-1".into(),
            version: Some("short".into()),
            variant: Some("large-print".into()),
            ..FeedbackFormRequestForm::default()
        }
        .parse()
        .expect("known");
        assert_eq!(r.choice.slug(), "short-large-print");
        let blank = FeedbackFormRequestForm::default().parse().expect("blank");
        assert_eq!(blank.choice.slug(), "full");
    }

    #[test]
    fn copies_are_read_as_typed_and_refused_when_not_1_to_99() {
        let form = |printer: &str, copies: &str, two_sided| PrintForm {
            printer: printer.into(),
            copies: copies.into(),
            two_sided,
        };
        let ok = form(" Office ", " 2 ", true).parse().expect("two copies");
        assert_eq!(
            (ok.printer.as_str(), ok.copies, ok.two_sided),
            ("Office", 2, true)
        );
        for bad in ["", "0", "100", "two", "-1", "1.5"] {
            let err = form("Office", bad, false).parse().expect_err(bad);
            assert!(err.to_string().contains("from 1 to 99"), "{bad}: {err}");
        }
    }
}
