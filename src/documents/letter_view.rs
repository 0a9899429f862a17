//! The plain data a letter is rendered from: one person, their review, and only what the
//! letter's kind needs. Like the sheet's view, it has no field that could carry another
//! family member's details, and every text field in it is checked for them (the
//! workbook's leak check reads the view as data) before it is rendered, the author's own
//! paragraph included.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

pub use crate::domain::letters::LetterKind;
use crate::domain::nation::{Nation, ReviewType};

use super::view::{
    AuthorContact, FindingsSharing, Harm, LanguageChoice, PublicationPlan, Route, SupportService,
    Variant, VisitView,
};

/// The person's terms as the "what we agreed" letter prints them: what they typed, and
/// what Kindred words itself (how often, the draft, what was explained).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct TermsView {
    pub mode: Option<String>,
    pub venue: Option<String>,
    pub supporter: Option<String>,
    pub interpreter: Option<String>,
    pub channel: Option<String>,
    pub description_wishes: Option<String>,
    pub anonymity_wishes: Option<String>,
    /// Whether confidentiality and its limits, and stopping at any time, were explained.
    pub confidentiality_explained: bool,
    pub withdrawal_explained: bool,
}

/// One letter for one person.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LetterView {
    pub kind: LetterKind,
    /// The name the person is called by, for the greeting.
    pub recipient_name: String,
    /// The child's name as this family uses it.
    pub child_name: String,
    pub nation: Nation,
    pub review_type: ReviewType,
    pub body_name: String,
    #[serde(default)]
    pub body_name_cy: Option<String>,
    #[serde(default)]
    pub harm: Harm,
    /// How the letter reaches them, when not directly.
    #[serde(default)]
    pub route: Option<Route>,
    #[serde(default)]
    pub may_have_to_wait: bool,
    /// Their terms record what they want about names in the report.
    #[serde(default)]
    pub naming_agreed: bool,
    /// The reviewer's contact block and signature.
    pub author: AuthorContact,
    /// The planned visit (visit confirmation only).
    pub visit: Option<VisitView>,
    /// Their terms (what we agreed only).
    pub terms: Option<TermsView>,
    /// Seeing the draft, as their terms say.
    #[serde(default)]
    pub findings: FindingsSharing,
    pub publication: PublicationPlan,
    /// Services chosen for them (word of publication).
    pub support: Vec<SupportService>,
    /// How often they agreed to hear (days), for the "what we agreed" letter.
    pub updates_every_days: Option<u32>,
    /// When they will hear again (update letter).
    pub next_update: Option<NaiveDate>,
    /// The author's own short paragraph, in the English part (or the only part).
    pub paragraph: Option<String>,
    /// The same in Welsh, for the Welsh part of a letter in both languages.
    pub paragraph_cy: Option<String>,
    /// The letter's date; also the PDF's metadata date (determinism).
    pub prepared_on: NaiveDate,
}

/// Which version of a letter, in which languages.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LetterOptions {
    pub variant: Variant,
    pub languages: LanguageChoice,
}
