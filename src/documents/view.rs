//! The plain data a document is rendered from.
//!
//! The types serialise (and deserialise) with serde, so options can come straight from
//! the UI as JSON: `{"variant": "easy-read", "languages": "both"}`.
//!
//! Everything here is owned data about *one* person and their review: no database
//! handles, no IO, and by design no field that could carry another family member's
//! details. The workbook builds these views from one person's permitted data only
//! (design.md section 2); this module just prints them.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::domain::nation::{Nation, ReviewType};

/// One language of a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Language {
    #[serde(rename = "en")]
    English,
    #[serde(rename = "cy")]
    Welsh,
}

impl Language {
    /// The language code used by the wording files ("en", "cy").
    pub fn code(self) -> &'static str {
        match self {
            Language::English => "en",
            Language::Welsh => "cy",
        }
    }
}

/// Which languages to print. `Both` prints the English section and then the Welsh
/// section in one document; each section is complete on its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum LanguageChoice {
    English,
    Welsh,
    Both,
}

impl LanguageChoice {
    /// The usual choice for a review in this nation: both languages in Wales,
    /// English elsewhere.
    pub fn default_for(nation: Nation) -> LanguageChoice {
        match nation {
            Nation::Wales => LanguageChoice::Both,
            _ => LanguageChoice::English,
        }
    }

    /// The word a form uses for this choice: `en`, `cy` or `both`.
    pub fn slug(self) -> &'static str {
        match self {
            LanguageChoice::English => "en",
            LanguageChoice::Welsh => "cy",
            LanguageChoice::Both => "both",
        }
    }

    /// The choice a form's word names.
    pub fn parse(s: &str) -> Option<LanguageChoice> {
        [
            LanguageChoice::English,
            LanguageChoice::Welsh,
            LanguageChoice::Both,
        ]
        .into_iter()
        .find(|l| l.slug() == s)
    }

    /// The languages in the order they are printed.
    pub fn languages(self) -> &'static [Language] {
        match self {
            LanguageChoice::English => &[Language::English],
            LanguageChoice::Welsh => &[Language::Welsh],
            LanguageChoice::Both => &[Language::English, Language::Welsh],
        }
    }
}

/// The version of the information sheet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Variant {
    /// 14 pt body, standard wording.
    Standard,
    /// 18 pt body, standard wording.
    LargePrint,
    /// Short sentences, one idea per line, plainer words (separate wording), 16 pt body.
    EasyRead,
}

impl Variant {
    /// The word forms and issue records use: `standard`, `large-print` or `easy-read`.
    pub fn slug(self) -> &'static str {
        match self {
            Variant::Standard => "standard",
            Variant::LargePrint => "large-print",
            Variant::EasyRead => "easy-read",
        }
    }

    /// The version a form's word names.
    pub fn parse(s: &str) -> Option<Variant> {
        [Variant::Standard, Variant::LargePrint, Variant::EasyRead]
            .into_iter()
            .find(|v| v.slug() == s)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SheetOptions {
    pub variant: Variant,
    pub languages: LanguageChoice,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FormOptions {
    /// `true`: only the questions marked `short = true` in the question bank.
    pub short: bool,
    pub languages: LanguageChoice,
    /// 18 pt body instead of 14 pt.
    pub large_print: bool,
}

/// How to reach someone. Only the details that are safe to print are filled in.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuthorContact {
    pub name: String,
    pub phone: Option<String>,
    pub email: Option<String>,
    /// When they can be reached, e.g. "Monday to Friday, 9am to 5pm".
    pub hours: Option<String>,
    pub postal_address: Option<String>,
}

/// One visit to this person.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VisitView {
    pub date: NaiveDate,
    /// As the author wrote it, e.g. "10:30am" or "late morning".
    pub time: Option<String>,
    pub place: String,
    /// Names (and roles, if wanted) of the people who will come, e.g. "Sam Patel, the reviewer".
    pub who_will_come: Vec<String>,
    /// The language an interpreter will interpret, e.g. "Polish".
    pub interpreter_language: Option<String>,
    /// Someone the person has chosen to be with them, e.g. "Your advocate, Jo Brown".
    pub supporter: Option<String>,
}

/// A support organisation chosen for this person.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SupportService {
    pub name: String,
    pub description: String,
    pub phone: Option<String>,
    pub website: Option<String>,
    pub hours: Option<String>,
}

/// What is known about publication. Each case has its own honest wording.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", tag = "status")]
pub enum PublicationPlan {
    NotDecided,
    Planned { month_year: Option<String> },
    NotPlanned,
}

/// The information sheet for one person (and optionally one visit).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SheetView {
    /// The person's preferred name.
    pub recipient_name: String,
    /// The child's name as this family uses it.
    pub child_name: String,
    pub nation: Nation,
    pub review_type: ReviewType,
    /// The commissioning body, e.g. "Northfield Safeguarding Children Partnership".
    pub body_name: String,
    pub author: AuthorContact,
    pub partnership_contact: Option<AuthorContact>,
    pub visit: Option<VisitView>,
    /// Only the services chosen for this person.
    pub support: Vec<SupportService>,
    pub publication: PublicationPlan,
    /// Other processes (police, court, coroner) may be running. Printed only as
    /// generic wording, never with details.
    pub parallel_processes: bool,
    /// How long the person will have to read and comment on the findings.
    pub findings_sharing_weeks: Option<u32>,
    /// How to complain, as the partnership words it.
    pub complaints: Option<String>,
    /// Days between updates, once the person's terms of engagement are agreed: the sheet
    /// says what was agreed instead of asking how often they would like to hear.
    #[serde(default)]
    pub updates_every_days: Option<u32>,
    /// Printed on the sheet; also the document's metadata date (determinism).
    pub prepared_on: NaiveDate,
}

/// A feedback form: personal (with the person's name) or anonymous.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FormView {
    /// `None` prints an anonymous form: no name anywhere.
    pub respondent_name: Option<String>,
    pub nation: Nation,
    pub review_type: ReviewType,
    pub author_name: String,
    pub return_address: Option<String>,
    /// The partnership or board, e.g. "Northfield Safeguarding Children Partnership".
    pub partnership: String,
    pub prepared_on: NaiveDate,
}
