//! Documents in the community languages, seen from the workbook: the person's recorded
//! language chooses the bilingual layout (their language first, then English) when
//! Kindred has wording for it, and a translation that is still a draft is said plainly
//! before the document is given to anyone.

use crate::documents::{self, Language, LanguageChoice};
use crate::domain::member::Member;

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

/// The warning for a community language whose wording is still a draft: what it is,
/// how it was made and what to do.
pub fn draft_warning(lang: Language) -> Option<String> {
    if !lang.is_community() {
        return None;
    }
    let name = documents::language_info(lang)
        .map(|i| i.english.clone())
        .unwrap_or_else(|_| lang.code().to_string());
    let info = documents::translations_available()
        .into_iter()
        .find(|t| t.language == lang)?;
    if info.review_status == "reviewed" {
        return None;
    }
    let method = if info.method.trim().is_empty() {
        String::new()
    } else {
        format!(" ({})", info.method.trim().trim_end_matches('.'))
    };
    Some(format!(
        "The {name} wording of this document is a draft translation{method}. Have it checked \
         by a qualified translator before you give the document to anyone, or load a checked \
         translation with `kindred translation load FILE`."
    ))
}

/// Draft warnings for every community language printed, each once.
pub fn draft_warnings(printed: &[Language]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for lang in printed {
        if let Some(w) = draft_warning(*lang) {
            if !out.contains(&w) {
                out.push(w);
            }
        }
    }
    out
}
