//! Documents in the community languages, seen from the workbook: the person's recorded
//! language chooses the bilingual layout (their language first, then English) when
//! Kindred has wording for it, and a translation that is still a draft is said plainly
//! before the document is given to anyone.

use crate::documents::{self, Language, LanguageChoice};
use crate::domain::member::Member;
use crate::domain::text::FieldError;
use crate::error::{Error, Result};

/// The community language a person is recorded as speaking, when Kindred has wording
/// for it (built in, or a translation the author loaded).
pub fn community_language(member: &Member) -> Option<Language> {
    let recorded = member.details.language.as_deref()?;
    documents::language_named(recorded).filter(|l| documents::has_language_wording(*l))
}

/// The bilingual choice for a person recorded as speaking a community language.
pub fn community_choice(member: Option<&Member>) -> Option<LanguageChoice> {
    member
        .and_then(community_language)
        .map(LanguageChoice::with_english)
}

/// Whether a community language's built-in or loaded sheet wording is still a draft.
fn sheet_wording_is_draft(lang: Language) -> bool {
    documents::translation(lang, documents::TranslationKind::Documents)
        .is_some_and(|info| info.review_status != "reviewed")
}

/// The warning for a community language whose wording in a document is a draft: what it
/// is, how it was made and what to do.
fn warning_for(lang: Language) -> String {
    let name = language_name(lang);
    let method = documents::translation(lang, documents::TranslationKind::Documents)
        .map(|info| info.method.trim().trim_end_matches('.').to_string())
        .filter(|m| !m.is_empty())
        .map(|m| format!(" ({m})"))
        .unwrap_or_default();
    format!(
        "The {name} wording of this document is a draft translation{method}. Have it checked \
         by a qualified translator before you give the document to anyone, or load a checked \
         translation with `kindred translation load FILE`."
    )
}

/// Warnings for the community languages among `drafts` (the languages whose wording in
/// the document is a draft, as the rendering said), each once.
pub fn draft_warnings(drafts: &[Language]) -> Vec<String> {
    unconfirmed_drafts(drafts)
        .into_iter()
        .map(warning_for)
        .collect()
}

/// The community languages among `drafts` (the languages whose wording in the document
/// is a draft): a document in one of them is made only once the author has confirmed they
/// know (issue 14, item 3). Welsh is not among them: Welsh is the law's default in Wales
/// and its draft status is said on every document made (see `WELSH_DRAFT`).
pub fn unconfirmed_drafts(drafts: &[Language]) -> Vec<Language> {
    let mut out = Vec::new();
    for lang in drafts {
        if lang.is_community() && !out.contains(lang) {
            out.push(*lang);
        }
    }
    out
}

/// The field a document form confirms a draft translation with.
pub const DRAFT_FIELD: &str = "draft_ok";

/// Refuses a document in a community language whose translation is a draft (`drafts`, as
/// the rendering said) unless the author confirmed (`draft_ok`), as a message on the
/// form's confirmation box: nothing is written or recorded before that.
pub fn confirm_drafts(drafts: &[Language], draft_ok: bool) -> Result<()> {
    let drafts = unconfirmed_drafts(drafts);
    if draft_ok || drafts.is_empty() {
        return Ok(());
    }
    Err(Error::Invalid(vec![FieldError::new(
        DRAFT_FIELD,
        draft_question(&drafts),
    )]))
}

/// What the author is asked before a document with a draft translation is made.
pub fn draft_question(drafts: &[Language]) -> String {
    format!(
        "The {} wording is a draft translation that no qualified translator has checked. \
         Confirm that you know this before Kindred makes the document, and have it checked, \
         or read it through with an interpreter, before you give it to anyone",
        names(drafts)
    )
}

/// "Polish", "Urdu and Bengali".
pub fn names(langs: &[Language]) -> String {
    langs
        .iter()
        .map(|l| language_name(*l))
        .collect::<Vec<_>>()
        .join(" and ")
}

/// The warning for a person's documents made in their recorded language, when that
/// translation is a draft (for the forms that make them to show before they are sent).
pub fn draft_notice(member: &Member) -> Option<String> {
    let lang = community_language(member).filter(|l| sheet_wording_is_draft(*l))?;
    Some(draft_question(&[lang]))
}

fn language_name(lang: Language) -> String {
    documents::language_info(lang)
        .map(|i| i.english.clone())
        .unwrap_or_else(|_| lang.code().to_string())
}
