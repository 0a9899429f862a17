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
    #[serde(rename = "pl")]
    Polish,
    #[serde(rename = "ro")]
    Romanian,
    #[serde(rename = "ur")]
    Urdu,
    #[serde(rename = "pa")]
    Punjabi,
    #[serde(rename = "bn")]
    Bengali,
    #[serde(rename = "ar")]
    Arabic,
}

impl Language {
    /// The community languages (printed first, then English; see assets/languages.toml).
    pub const COMMUNITY: [Language; 6] = [
        Language::Polish,
        Language::Romanian,
        Language::Urdu,
        Language::Punjabi,
        Language::Bengali,
        Language::Arabic,
    ];

    /// The language code used by the wording files ("en", "cy", "pl"...): ISO 639-1.
    pub fn code(self) -> &'static str {
        match self {
            Language::English => "en",
            Language::Welsh => "cy",
            Language::Polish => "pl",
            Language::Romanian => "ro",
            Language::Urdu => "ur",
            Language::Punjabi => "pa",
            Language::Bengali => "bn",
            Language::Arabic => "ar",
        }
    }

    /// The language its code names.
    pub fn from_code(code: &str) -> Option<Language> {
        [Language::English, Language::Welsh]
            .into_iter()
            .chain(Language::COMMUNITY)
            .find(|l| l.code() == code)
    }

    /// Written right to left (Urdu, Arabic).
    pub fn right_to_left(self) -> bool {
        matches!(self, Language::Urdu | Language::Arabic)
    }

    /// One of the community languages (neither English nor Welsh).
    pub fn is_community(self) -> bool {
        !matches!(self, Language::English | Language::Welsh)
    }
}

/// Which languages to print, in which order. `Both` prints the English section and then
/// the Welsh section in one document, `BothWelshFirst` the Welsh and then the English; each
/// section is complete on its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum LanguageChoice {
    English,
    Welsh,
    Both,
    BothWelshFirst,
    /// Polish first, then English (and so for the other community languages).
    PolishEnglish,
    RomanianEnglish,
    UrduEnglish,
    PunjabiEnglish,
    BengaliEnglish,
    ArabicEnglish,
}

impl LanguageChoice {
    const ALL: [LanguageChoice; 10] = [
        LanguageChoice::English,
        LanguageChoice::Welsh,
        LanguageChoice::Both,
        LanguageChoice::BothWelshFirst,
        LanguageChoice::PolishEnglish,
        LanguageChoice::RomanianEnglish,
        LanguageChoice::UrduEnglish,
        LanguageChoice::PunjabiEnglish,
        LanguageChoice::BengaliEnglish,
        LanguageChoice::ArabicEnglish,
    ];

    /// The community language printed first, then English.
    pub fn with_english(lang: Language) -> LanguageChoice {
        match lang {
            Language::English => LanguageChoice::English,
            Language::Welsh => LanguageChoice::BothWelshFirst,
            Language::Polish => LanguageChoice::PolishEnglish,
            Language::Romanian => LanguageChoice::RomanianEnglish,
            Language::Urdu => LanguageChoice::UrduEnglish,
            Language::Punjabi => LanguageChoice::PunjabiEnglish,
            Language::Bengali => LanguageChoice::BengaliEnglish,
            Language::Arabic => LanguageChoice::ArabicEnglish,
        }
    }

    /// The community language of this choice, if it has one.
    pub fn community(self) -> Option<Language> {
        self.languages()
            .first()
            .copied()
            .filter(|l| l.is_community())
    }

    /// The usual choice for a review in this nation: both languages in Wales,
    /// English elsewhere.
    pub fn default_for(nation: Nation) -> LanguageChoice {
        LanguageChoice::for_person(nation, false)
    }

    /// The choice for one person: in Wales both languages, Welsh first for a person
    /// recorded as preferring Welsh (Welsh is not to be treated less favourably than
    /// English); English elsewhere.
    pub fn for_person(nation: Nation, prefers_welsh: bool) -> LanguageChoice {
        match (nation, prefers_welsh) {
            (Nation::Wales, true) => LanguageChoice::BothWelshFirst,
            (Nation::Wales, false) => LanguageChoice::Both,
            _ => LanguageChoice::English,
        }
    }

    /// The word a form uses for this choice: `en`, `cy`, `both` (English first) or
    /// `cy-first` (both, Welsh first).
    pub fn slug(self) -> &'static str {
        match self {
            LanguageChoice::English => "en",
            LanguageChoice::Welsh => "cy",
            LanguageChoice::Both => "both",
            LanguageChoice::BothWelshFirst => "cy-first",
            LanguageChoice::PolishEnglish => "pl",
            LanguageChoice::RomanianEnglish => "ro",
            LanguageChoice::UrduEnglish => "ur",
            LanguageChoice::PunjabiEnglish => "pa",
            LanguageChoice::BengaliEnglish => "bn",
            LanguageChoice::ArabicEnglish => "ar",
        }
    }

    /// The choice a form's word names.
    pub fn parse(s: &str) -> Option<LanguageChoice> {
        LanguageChoice::ALL.into_iter().find(|l| l.slug() == s)
    }

    /// How the issue record names the languages, in the order printed: `en`, `cy`,
    /// `en+cy` or `cy+en`.
    pub fn record(self) -> &'static str {
        match self {
            LanguageChoice::English => "en",
            LanguageChoice::Welsh => "cy",
            LanguageChoice::Both => "en+cy",
            LanguageChoice::BothWelshFirst => "cy+en",
            LanguageChoice::PolishEnglish => "pl+en",
            LanguageChoice::RomanianEnglish => "ro+en",
            LanguageChoice::UrduEnglish => "ur+en",
            LanguageChoice::PunjabiEnglish => "pa+en",
            LanguageChoice::BengaliEnglish => "bn+en",
            LanguageChoice::ArabicEnglish => "ar+en",
        }
    }

    /// The languages in the order they are printed.
    pub fn languages(self) -> &'static [Language] {
        match self {
            LanguageChoice::English => &[Language::English],
            LanguageChoice::Welsh => &[Language::Welsh],
            LanguageChoice::Both => &[Language::English, Language::Welsh],
            LanguageChoice::BothWelshFirst => &[Language::Welsh, Language::English],
            LanguageChoice::PolishEnglish => &[Language::Polish, Language::English],
            LanguageChoice::RomanianEnglish => &[Language::Romanian, Language::English],
            LanguageChoice::UrduEnglish => &[Language::Urdu, Language::English],
            LanguageChoice::PunjabiEnglish => &[Language::Punjabi, Language::English],
            LanguageChoice::BengaliEnglish => &[Language::Bengali, Language::English],
            LanguageChoice::ArabicEnglish => &[Language::Arabic, Language::English],
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
    /// Written for a young person aged about 12 to 17 (its own wording, in
    /// assets/wording/young-*.toml), at the easy-read size.
    Young,
}

impl Variant {
    /// The word forms and issue records use: `standard`, `large-print` or `easy-read`.
    pub fn slug(self) -> &'static str {
        match self {
            Variant::Standard => "standard",
            Variant::LargePrint => "large-print",
            Variant::EasyRead => "easy-read",
            Variant::Young => "young",
        }
    }

    /// The version a form's word names.
    pub fn parse(s: &str) -> Option<Variant> {
        [
            Variant::Standard,
            Variant::LargePrint,
            Variant::EasyRead,
            Variant::Young,
        ]
        .into_iter()
        .find(|v| v.slug() == s)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
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
    /// The same in Welsh, for the Welsh part ("Dydd Llun i ddydd Gwener, 9am tan 5pm");
    /// without it the Welsh part leaves the hours out rather than print English.
    #[serde(default)]
    pub hours_cy: Option<String>,
    pub postal_address: Option<String>,
}

/// One visit to this person.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VisitView {
    pub date: NaiveDate,
    /// As the author wrote it, e.g. "10:30am" or "late morning".
    pub time: Option<String>,
    /// Where, as the author wrote it; none: still to be agreed (said in the page's language).
    pub place: Option<String>,
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
    /// The service's Welsh name, if it has one (a brand name without one prints as it is).
    #[serde(default)]
    pub name_cy: Option<String>,
    /// Without a Welsh description, the Welsh part says the service is in English only.
    #[serde(default)]
    pub description_cy: Option<String>,
    #[serde(default)]
    pub hours_cy: Option<String>,
}

/// What is known about publication. Each case has its own honest wording.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", tag = "status")]
pub enum PublicationPlan {
    NotDecided,
    /// `month`: a day in the planned month (only its month and year are printed, in the
    /// page's language).
    Planned {
        month: Option<NaiveDate>,
    },
    NotPlanned,
}

/// What happened to the child, so the sheet's first words acknowledge it rightly.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Harm {
    Died,
    SeriouslyHarmed,
    #[default]
    NotRecorded,
}

/// Whether the person will see the findings before the report is finished, as their
/// terms record it: the sheet promises only what is agreed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", tag = "status")]
pub enum FindingsSharing {
    /// No terms yet: the sheet says the reviewer will ask.
    #[default]
    NotYetAsked,
    /// They asked to see the draft; `weeks` to read it, when agreed.
    Wanted { weeks: Option<u32> },
    /// They said they did not want to.
    NotWanted,
}

/// How the reviewer reaches this person, when it is not directly: from their contact
/// restriction ("contact only via") or their preferred contact method, or where they live.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Route {
    Solicitor,
    Advocate,
    Carer,
    SocialWorker,
    Prison,
    /// Through someone else, as agreed (the wording names no one).
    Agreed,
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
    /// Its Welsh name ("Bwrdd Diogelu Rhanbarthol Cwm Taf Morgannwg"); without one the
    /// Welsh part names it by the nation's Welsh word for it.
    #[serde(default)]
    pub body_name_cy: Option<String>,
    /// What happened to the child, acknowledged first.
    #[serde(default)]
    pub harm: Harm,
    /// The review's statement of why it involves the family, as the author wrote it.
    #[serde(default)]
    pub purpose: Option<String>,
    #[serde(default)]
    pub purpose_cy: Option<String>,
    /// How the reviewer reaches this person, when not directly.
    #[serde(default)]
    pub route: Option<Route>,
    /// This person may have to wait because of a criminal case (they are a suspect, a
    /// defendant or a witness while one is running).
    #[serde(default)]
    pub may_have_to_wait: bool,
    /// Their terms record what they want about names in the report.
    #[serde(default)]
    pub naming_agreed: bool,
    pub author: AuthorContact,
    pub partnership_contact: Option<AuthorContact>,
    pub visit: Option<VisitView>,
    /// Only the services chosen for this person.
    pub support: Vec<SupportService>,
    pub publication: PublicationPlan,
    /// Other processes (police, court, coroner) may be running. Printed only as
    /// generic wording, never with details.
    pub parallel_processes: bool,
    /// Whether (and for how long) the person will see the findings first.
    #[serde(default)]
    pub findings: FindingsSharing,
    /// How to complain, as the commissioning body words it.
    pub complaints: Option<String>,
    #[serde(default)]
    pub complaints_cy: Option<String>,
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
    /// Its Welsh name, for the Welsh part.
    #[serde(default)]
    pub partnership_cy: Option<String>,
    pub prepared_on: NaiveDate,
}
