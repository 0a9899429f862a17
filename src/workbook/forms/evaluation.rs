//! The evaluation's choices as typed (CLI options, the desktop's form): which nation, the
//! dates from and to as people in the UK write them, and whether change is shown by quarter
//! or by year. Every problem in one pass, each named by the label the desktop shows.

use chrono::NaiveDate;
use serde::Deserialize;

use super::{finish, opt_date, parse_enum, Form};
use crate::documents::LanguageChoice;
use crate::domain::evaluation::Period;
use crate::domain::nation::Nation;
use crate::domain::text::FieldError;
use crate::error::Result;

/// The evaluation's choices, as text.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct EvaluationForm {
    /// england, wales, scotland or northern-ireland; blank for all four.
    pub nation: Option<String>,
    /// Feedback received (and forms sent) on or after this day.
    pub from: Option<String>,
    /// … and on or before this day.
    pub to: Option<String>,
    /// "quarter" (the default) or "year".
    pub by: Option<String>,
    /// The PDF report's languages: en, cy, both (English first) or cy-first (blank: both
    /// for a report on Wales alone, English otherwise).
    pub language: Option<String>,
}

/// The evaluation's choices, read.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct EvaluationOptions {
    pub nation: Option<Nation>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub period: Period,
    /// None: as the nation asks (see `report_languages`).
    pub languages: Option<LanguageChoice>,
}

impl EvaluationForm {
    pub const LABELS: &'static [(&'static str, &'static str)] = &[
        ("nation", "Nation"),
        ("from", "From"),
        ("to", "To"),
        ("by", "Show change by"),
        ("language", "Language of the report"),
    ];

    pub fn parse(&self) -> Result<EvaluationOptions> {
        let mut e = Form::new(EvaluationForm::LABELS);
        let nation = parse_enum(
            &mut e,
            "nation",
            self.nation.as_deref(),
            |v| Nation::parse(&v.to_lowercase().replace([' ', '_'], "-")),
            "england, wales, scotland, northern-ireland",
        );
        let from = opt_date(&mut e, "from", self.from.as_deref());
        let to = opt_date(&mut e, "to", self.to.as_deref());
        let period = parse_enum(
            &mut e,
            "by",
            self.by.as_deref(),
            Period::parse,
            "quarter, year",
        )
        .unwrap_or_default();
        let languages = parse_enum(
            &mut e,
            "language",
            self.language.as_deref(),
            |v| {
                LanguageChoice::parse(v).filter(|l| l.languages().iter().all(|x| !x.is_community()))
            },
            "en, cy, both, cy-first",
        );
        e.check(&["from", "to"], || match (from, to) {
            (Some(f), Some(t)) if t < f => vec![FieldError::new(
                "to",
                "To must be the same as or after From",
            )],
            _ => vec![],
        });
        finish(e, || EvaluationOptions {
            nation,
            from,
            to,
            period,
            languages,
        })
    }
}
