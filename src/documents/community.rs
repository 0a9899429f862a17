//! The community languages (Polish, Romanian, Urdu, Punjabi, Bengali, Arabic): which
//! recorded language names which of them, where each one's wording comes from, and
//! translation files an author loads without rebuilding the program.
//!
//! Wording comes, in this order, from a translation the author has loaded (a file a
//! qualified translator has checked, see [`check_translation`]) and from the file built
//! in (`assets/wording/CODE.toml`, found by build.rs, so a new language file needs no
//! code). Every file must have exactly the keys of the English wording, with the same
//! placeholders; anything else is refused with a message that names the key.

use std::collections::{BTreeSet, HashMap};
use std::sync::{OnceLock, RwLock};

use serde::Deserialize;

use super::view::Language;
use super::wording::WordingFile;
use super::DocumentError;

static LANGUAGES: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/assets/languages.toml"
));
static ENGLISH: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/assets/wording/en.toml"
));

// The community wording files present in assets/wording when the program was built:
// `BUNDLED: &[(&str, &str)]`, code and text.
include!(concat!(env!("OUT_DIR"), "/community_wording.rs"));

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct LanguagesFile {
    #[allow(dead_code)]
    version: String,
    language: Vec<LanguageInfo>,
}

/// One community language as assets/languages.toml describes it.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LanguageInfo {
    pub code: String,
    /// Its name in English ("Polish").
    pub english: String,
    /// Its name in itself ("Polski").
    pub native: String,
    names: Vec<String>,
    pub right_to_left: bool,
    pub sheet_note_en: String,
    pub form_note_en: String,
    pub letter_note_en: String,
}

fn infos() -> Result<&'static [LanguageInfo], DocumentError> {
    static INFOS: OnceLock<Result<Vec<LanguageInfo>, String>> = OnceLock::new();
    INFOS
        .get_or_init(|| {
            let file: LanguagesFile =
                toml::from_str(LANGUAGES).map_err(|e| format!("assets/languages.toml: {e}"))?;
            for l in &file.language {
                let lang = Language::from_code(&l.code)
                    .filter(|l| l.is_community())
                    .ok_or_else(|| format!("assets/languages.toml: unknown code \"{}\"", l.code))?;
                if lang.right_to_left() != l.right_to_left {
                    return Err(format!(
                        "assets/languages.toml: {}: right_to_left is wrong",
                        l.code
                    ));
                }
            }
            Ok(file.language)
        })
        .as_ref()
        .map(Vec::as_slice)
        .map_err(|e| DocumentError::Wording(e.clone()))
}

/// What assets/languages.toml says about a community language.
pub fn info(lang: Language) -> Result<&'static LanguageInfo, DocumentError> {
    infos()?
        .iter()
        .find(|i| i.code == lang.code())
        .ok_or_else(|| {
            DocumentError::Wording(format!("assets/languages.toml has no \"{}\"", lang.code()))
        })
}

/// The community language a recorded language names ("Polish", "polski", "pl",
/// "Urdu (اردو)", "Bengali / Sylheti"), if any. Case and spaces do not matter; each part
/// in brackets or between commas or slashes is tried too.
pub fn language_named(recorded: &str) -> Option<Language> {
    let infos = infos().ok()?;
    let whole = recorded.trim().to_lowercase();
    let parts = std::iter::once(whole.as_str())
        .chain(whole.split(['(', ')', ',', '/', ';']).map(str::trim))
        .filter(|p| !p.is_empty());
    for part in parts {
        for info in infos {
            if info.names.iter().any(|n| n == part) {
                return Language::from_code(&info.code);
            }
        }
    }
    None
}

/// Translations loaded in this process (see [`use_translation`]): kept for its life.
static LOADED: OnceLock<RwLock<HashMap<Language, &'static WordingFile>>> = OnceLock::new();

fn bundled() -> &'static HashMap<Language, Result<WordingFile, String>> {
    static PARSED: OnceLock<HashMap<Language, Result<WordingFile, String>>> = OnceLock::new();
    PARSED.get_or_init(|| {
        BUNDLED
            .iter()
            .filter_map(|(code, text)| {
                let lang = Language::from_code(code).filter(|l| l.is_community())?;
                let parsed = check_file(text)
                    .map_err(|e| format!("assets/wording/{code}.toml: {e}"))
                    .and_then(|(l, w)| {
                        if l == lang {
                            Ok(w)
                        } else {
                            Err(format!(
                                "assets/wording/{code}.toml: its language is {}",
                                l.code()
                            ))
                        }
                    });
                Some((lang, parsed))
            })
            .collect()
    })
}

/// The wording of a community language, or why there is none.
pub(crate) fn wording(lang: Language) -> Result<&'static WordingFile, DocumentError> {
    if let Some(w) = LOADED
        .get()
        .and_then(|l| l.read().ok())
        .and_then(|l| l.get(&lang).copied())
    {
        return Ok(w);
    }
    match bundled().get(&lang) {
        Some(Ok(w)) => Ok(w),
        Some(Err(e)) => Err(DocumentError::Wording(e.clone())),
        None => Err(DocumentError::Wording(format!(
            "there is no {} wording yet: load a checked translation with \
             `kindred translation load FILE`",
            info(lang).map_or(lang.code(), |i| i.english.as_str())
        ))),
    }
}

/// Fails with the reason when a document cannot be printed in `lang` now.
pub(crate) fn usable(lang: Language) -> Result<(), DocumentError> {
    if lang.is_community() {
        info(lang)?;
        wording(lang)?;
    }
    Ok(())
}

/// Whether documents can be printed in `lang` now.
pub fn has_wording(lang: Language) -> bool {
    !lang.is_community() || wording(lang).is_ok()
}

/// Whether the wording in use for `lang` came from a loaded translation file.
fn is_loaded(lang: Language) -> bool {
    LOADED
        .get()
        .and_then(|l| l.read().ok())
        .is_some_and(|l| l.contains_key(&lang))
}

/// Which of Kindred's wording files a translation replaces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TranslationKind {
    /// The information sheet and the feedback form's page furniture (`CODE.toml`, checked
    /// against `en.toml`).
    Documents,
    /// The six letters (`letters-CODE.toml`, checked against `letters-en.toml`).
    Letters,
    /// The feedback form's questions (`feedback-CODE.toml`, checked against the question
    /// bank's answers, intro, return text, groups and questions, by id).
    Feedback,
}

impl TranslationKind {
    /// What it covers, in words: "the information sheet", "the letters".
    pub fn words(self) -> &'static str {
        match self {
            TranslationKind::Documents => "the information sheet and forms",
            TranslationKind::Letters => "the letters",
            TranslationKind::Feedback => "the feedback form's questions",
        }
    }

    /// The name the kept copy goes by: "ur.toml", "letters-ur.toml".
    pub fn file_name(self, lang: Language) -> String {
        match self {
            TranslationKind::Documents => format!("{}.toml", lang.code()),
            TranslationKind::Letters => format!("letters-{}.toml", lang.code()),
            TranslationKind::Feedback => format!("feedback-{}.toml", lang.code()),
        }
    }

    /// The kind of a wording file, by its tables: letters have `[standard]` and `[easy]`
    /// letter sets, the sheet wording a `[sheet]`.
    fn of(value: &toml::Value) -> TranslationKind {
        if value.get("sheet").is_none() && value.get("standard").is_some() {
            TranslationKind::Letters
        } else if value.get("sheet").is_none() && value.get("question").is_some() {
            TranslationKind::Feedback
        } else {
            TranslationKind::Documents
        }
    }
}

/// A translation file's header, as the author sees it once it is checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TranslationInfo {
    pub kind: TranslationKind,
    pub language: Language,
    pub version: String,
    pub review_status: String,
    pub reviewed_by: String,
    pub method: String,
    /// Whether it came from a file the author loaded (else it is built in).
    pub loaded: bool,
}

fn info_of(lang: Language, w: &WordingFile) -> TranslationInfo {
    TranslationInfo {
        kind: TranslationKind::Documents,
        language: lang,
        version: w.version.clone(),
        review_status: w.review_status.clone(),
        reviewed_by: w.reviewed_by.clone(),
        method: w.method.clone(),
        loaded: is_loaded(lang),
    }
}

/// Checks a translation file against the English wording: the same keys (a missing or
/// an extra key is named), lists where the English has lists, the same placeholders in
/// each text, a community language's code, a version, and a reviewer's name when the
/// status is "reviewed". Every problem is listed, one a line.
pub(crate) fn check_file(text: &str) -> Result<(Language, WordingFile), String> {
    let lang = check_keys(ENGLISH, "en.toml", text)?;
    let wording: WordingFile = toml::from_str(text).map_err(|e| format!("{e}"))?;
    Ok((lang, wording))
}

/// Checks a translation of the English wording `english` (`file`, for messages): the
/// same keys, lists and placeholders, a community language's code, a version, and a
/// reviewer's name when reviewed. Its language, or every problem one a line.
pub(crate) fn check_keys(english: &str, file: &str, text: &str) -> Result<Language, String> {
    let value: toml::Value =
        toml::from_str(text).map_err(|e| format!("not a wording file: {e}"))?;
    let english: toml::Value =
        toml::from_str(english).map_err(|e| format!("assets/wording/{file}: {e}"))?;
    let mut problems = Vec::new();
    compare(&english, &value, "", &mut problems);
    let lang = check_header(&value, &mut problems);
    if !problems.is_empty() {
        return Err(problems.join("\n"));
    }
    lang.ok_or_else(|| "language: missing".to_string())
}

/// A header field of a translation file, trimmed; empty when missing.
fn header(value: &toml::Value, key: &str) -> String {
    value
        .get(key)
        .and_then(|v| v.as_str())
        .unwrap_or("")
        .trim()
        .to_string()
}

/// Checks the header every translation file carries (its language, version and review
/// status, and who reviewed it), adding what is wrong to `problems`; gives the language.
fn check_header(value: &toml::Value, problems: &mut Vec<String>) -> Option<Language> {
    let code = header(value, "language");
    let lang = Language::from_code(&code).filter(|l| l.is_community());
    if lang.is_none() {
        problems.push(format!(
            "language: \"{code}\" is not one of pl, ro, ur, pa, bn, ar"
        ));
    }
    if header(value, "version").is_empty() {
        problems.push("version: empty; give the translation a version".into());
    }
    match header(value, "review_status").as_str() {
        "draft" => {}
        "reviewed" if !header(value, "reviewed_by").is_empty() => {}
        "reviewed" => problems.push(
            "reviewed_by: empty; a reviewed translation names the qualified translator who checked it"
                .into(),
        ),
        other => problems.push(format!(
            "review_status: \"{other}\" should be \"draft\" or \"reviewed\""
        )),
    }
    lang
}

/// The kind of wording a translation file is (the sheet's or the letters'), by its
/// tables; a file that is not TOML is taken as the sheet's, whose check says why.
fn kind_of(text: &str) -> TranslationKind {
    toml::from_str::<toml::Value>(text)
        .map(|v| TranslationKind::of(&v))
        .unwrap_or(TranslationKind::Documents)
}

/// Checks a translation file (the sheet's wording or the letters', see [`check_file`])
/// and gives its header.
pub fn check_translation(text: &str) -> Result<TranslationInfo, String> {
    match kind_of(text) {
        TranslationKind::Documents => check_file(text).map(|(lang, w)| info_of(lang, &w)),
        TranslationKind::Letters => super::letter::check_letters_file(text),
        TranslationKind::Feedback => {
            check_feedback_file(text).map(|(lang, v)| feedback_info(lang, &v, false))
        }
    }
}

/// Keys the header may have that the English file need not (or the other way round).
const HEADER: [&str; 5] = [
    "version",
    "language",
    "review_status",
    "reviewed_by",
    "method",
];

fn compare(english: &toml::Value, other: &toml::Value, path: &str, problems: &mut Vec<String>) {
    let at = |k: &str| {
        if path.is_empty() {
            k.to_string()
        } else {
            format!("{path}.{k}")
        }
    };
    match (english, other) {
        (toml::Value::Table(e), toml::Value::Table(o)) => {
            for (k, ev) in e {
                if path.is_empty() && HEADER.contains(&k.as_str()) {
                    continue;
                }
                match o.get(k) {
                    Some(ov) => compare(ev, ov, &at(k), problems),
                    None => problems.push(format!("{}: missing (the English has it)", at(k))),
                }
            }
            for k in o.keys() {
                let header = path.is_empty() && HEADER.contains(&k.as_str());
                if !e.contains_key(k) && !header {
                    problems.push(format!("{}: not a key of the English wording", at(k)));
                }
            }
        }
        (toml::Value::Array(e), toml::Value::Array(o)) => {
            let all = |v: &Vec<toml::Value>| {
                v.iter()
                    .filter_map(|s| s.as_str())
                    .flat_map(placeholders)
                    .collect::<BTreeSet<_>>()
            };
            if o.iter().any(|v| !v.is_str()) {
                problems.push(format!("{path}: should be a list of texts"));
            } else if all(e) != all(o) {
                problems.push(format!(
                    "{path}: placeholders {:?} should be {:?}",
                    all(o),
                    all(e)
                ));
            }
        }
        (toml::Value::String(e), toml::Value::String(o)) => {
            let (pe, po): (BTreeSet<_>, BTreeSet<_>) =
                (placeholders(e).collect(), placeholders(o).collect());
            if pe != po {
                problems.push(format!("{path}: placeholders {po:?} should be {pe:?}"));
            }
            if o.trim().is_empty() && !e.trim().is_empty() {
                problems.push(format!("{path}: empty"));
            }
        }
        (e, _) => problems.push(format!("{path}: should be a {}", e.type_str())),
    }
}

fn placeholders(s: &str) -> impl Iterator<Item = String> + '_ {
    crate::domain::template::placeholders(s).map(str::to_string)
}

/// Use a checked translation for the rest of this process, in place of the one built in.
/// The text is checked first ([`check_translation`]).
pub fn use_translation(text: &str) -> Result<TranslationInfo, DocumentError> {
    match kind_of(text) {
        TranslationKind::Letters => return super::letter::use_letters(text),
        TranslationKind::Feedback => {
            let (lang, value) = check_feedback_file(text).map_err(DocumentError::Wording)?;
            let info = feedback_info(lang, &value, true);
            let value: &'static toml::Value = Box::leak(Box::new(value));
            if let Ok(mut l) = LOADED_FEEDBACK.get_or_init(Default::default).write() {
                l.insert(lang, value);
            }
            return Ok(info);
        }
        TranslationKind::Documents => {}
    }
    let (lang, wording) = check_file(text).map_err(DocumentError::Wording)?;
    let info = info_of(lang, &wording);
    // Kept for the life of the process: documents borrow their wording for as long.
    // A process loads each language's file once or a few times.
    let wording: &'static WordingFile = Box::leak(Box::new(wording));
    let loaded = LOADED.get_or_init(Default::default);
    if let Ok(mut l) = loaded.write() {
        l.insert(lang, wording);
    }
    Ok(info)
}

/// The header of the wording used now for each community language that has one: the
/// sheet's, then the letters'.
pub fn available() -> Vec<TranslationInfo> {
    let mut out: Vec<TranslationInfo> = Language::COMMUNITY
        .into_iter()
        .filter_map(|l| wording(l).ok().map(|w| info_of(l, w)))
        .collect();
    out.extend(super::letter::letters_available());
    out.extend(Language::COMMUNITY.into_iter().filter_map(|lang| {
        feedback_file(lang).map(|v| feedback_info(lang, v, loaded_feedback(lang).is_some()))
    }));
    out
}

/// The header of the wording of one kind used now for `lang`, when it has one (the one
/// entry of [`available`] that a document asks about).
pub fn translation(lang: Language, kind: TranslationKind) -> Option<TranslationInfo> {
    match kind {
        TranslationKind::Documents => wording(lang).ok().map(|w| info_of(lang, w)),
        TranslationKind::Letters => super::letter::letters_available()
            .into_iter()
            .find(|t| t.language == lang),
        TranslationKind::Feedback => {
            feedback_file(lang).map(|v| feedback_info(lang, v, loaded_feedback(lang).is_some()))
        }
    }
}

/// Feedback questions loaded in this process (see [`use_translation`]).
static LOADED_FEEDBACK: OnceLock<RwLock<HashMap<Language, &'static toml::Value>>> = OnceLock::new();

fn loaded_feedback(lang: Language) -> Option<&'static toml::Value> {
    LOADED_FEEDBACK
        .get()
        .and_then(|l| l.read().ok())
        .and_then(|l| l.get(&lang).copied())
}

/// The feedback questions in use for `lang`: loaded, else built in.
fn feedback_file(lang: Language) -> Option<&'static toml::Value> {
    loaded_feedback(lang).or_else(|| feedback_files().get(&lang))
}

fn feedback_info(lang: Language, v: &toml::Value, loaded: bool) -> TranslationInfo {
    TranslationInfo {
        kind: TranslationKind::Feedback,
        language: lang,
        version: header(v, "version"),
        review_status: header(v, "review_status"),
        reviewed_by: header(v, "reviewed_by"),
        method: header(v, "method"),
        loaded,
    }
}

/// Whether `lang`'s feedback questions are a draft (a community language without a
/// checked file; English and Welsh follow the question bank's own status).
pub(crate) fn feedback_is_draft(lang: Language) -> bool {
    lang.is_community()
        && feedback_file(lang)
            .is_none_or(|v| v.get("review_status").and_then(|s| s.as_str()) != Some("reviewed"))
}

/// Checks a translation of the feedback questions against the question bank: a community
/// language and its header, every answer, the intro and return text (with the bank's
/// placeholders), and every group and question by id, each with its text under the
/// language's code; nothing the bank does not have. Every problem one a line.
fn check_feedback_file(text: &str) -> Result<(Language, toml::Value), String> {
    let value: toml::Value =
        toml::from_str(text).map_err(|e| format!("not a wording file: {e}"))?;
    let bank = crate::assets::question_bank().map_err(|e| e.to_string())?;
    let mut problems = Vec::new();
    let lang = check_header(&value, &mut problems);
    let code = header(&value, "language");
    let text_at = |v: Option<&toml::Value>| {
        v.and_then(|v| v.get(code.as_str()))
            .and_then(|t| t.as_str())
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(str::to_string)
    };
    for a in ["yes", "partly", "no", "not-sure"] {
        if text_at(value.get("answers").and_then(|x| x.get(a))).is_none() {
            problems.push(format!("answers.{a}: missing (the bank has it)"));
        }
    }
    for (key, english) in [("intro", &bank.intro.en), ("return", &bank.return_text.en)] {
        match text_at(value.get(key)) {
            None => problems.push(format!("{key}: missing (the bank has it)")),
            Some(t) => {
                let (pe, po): (BTreeSet<_>, BTreeSet<_>) =
                    (placeholders(english).collect(), placeholders(&t).collect());
                if pe != po {
                    problems.push(format!("{key}: placeholders {po:?} should be {pe:?}"));
                }
            }
        }
    }
    let ids = |list: &str| -> Vec<(String, Option<String>)> {
        value
            .get(list)
            .and_then(|l| l.as_array())
            .map(|a| {
                a.iter()
                    .map(|e| {
                        (
                            e.get("id")
                                .and_then(|i| i.as_str())
                                .unwrap_or("")
                                .to_string(),
                            text_at(Some(e)),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default()
    };
    for (list, wanted) in [
        (
            "group",
            bank.group.iter().map(|g| g.id.clone()).collect::<Vec<_>>(),
        ),
        (
            "question",
            bank.question
                .iter()
                .map(|q| q.id.clone())
                .collect::<Vec<_>>(),
        ),
    ] {
        let have = ids(list);
        for id in &wanted {
            match have.iter().find(|(h, _)| h == id) {
                None => problems.push(format!("{list}.{id}: missing (the bank has it)")),
                Some((_, None)) => problems.push(format!("{list}.{id}: no text under \"{code}\"")),
                Some(_) => {}
            }
        }
        for (id, _) in &have {
            if !wanted.contains(id) {
                problems.push(format!("{list}.{id}: not an id of the question bank"));
            }
        }
    }
    if !problems.is_empty() {
        return Err(problems.join("\n"));
    }
    let lang = lang.ok_or_else(|| "language: missing".to_string())?;
    Ok((lang, value))
}

/// Which text of the feedback form (the question bank's keys and ids).
#[derive(Debug, Clone, Copy)]
pub(crate) enum FeedbackKey<'a> {
    /// "yes", "partly", "no" or "not-sure".
    Answer(&'a str),
    Intro,
    Return,
    Group(&'a str),
    Question(&'a str),
}

fn feedback_files() -> &'static HashMap<Language, toml::Value> {
    static PARSED: OnceLock<HashMap<Language, toml::Value>> = OnceLock::new();
    PARSED.get_or_init(|| {
        BUNDLED_FEEDBACK
            .iter()
            .filter_map(|(code, text)| {
                let lang = Language::from_code(code)?;
                let value = toml::from_str(text).ok()?;
                Some((lang, value))
            })
            .collect()
    })
}

/// A feedback-form text in a community language (assets/feedback/CODE.toml), if the
/// file has it; the form prints the English otherwise.
pub(crate) fn feedback_text(lang: Language, key: FeedbackKey<'_>) -> Option<&'static str> {
    let file = feedback_file(lang)?;
    let code = lang.code();
    let by_id = |list: &str, id: &str| {
        file.get(list)?
            .as_array()?
            .iter()
            .find(|e| e.get("id").and_then(|i| i.as_str()) == Some(id))?
            .get(code)?
            .as_str()
    };
    match key {
        FeedbackKey::Answer(a) => file.get("answers")?.get(a)?.get(code)?.as_str(),
        FeedbackKey::Intro => file.get("intro")?.get(code)?.as_str(),
        FeedbackKey::Return => file.get("return")?.get(code)?.as_str(),
        FeedbackKey::Group(id) => by_id("group", id),
        FeedbackKey::Question(id) => by_id("question", id),
    }
}

/// The version and status of a language's feedback questions, for the document record.
pub(crate) fn feedback_version(lang: Language) -> Option<String> {
    let file = feedback_file(lang)?;
    let get = |k: &str| file.get(k).and_then(|v| v.as_str()).unwrap_or("");
    Some(format!(
        "questions-{} {} ({})",
        lang.code(),
        get("version"),
        get("review_status")
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recorded_names_map_to_codes() {
        for (name, code) in [
            ("Polish", "pl"),
            ("polski", "pl"),
            ("PL", "pl"),
            ("Romanian", "ro"),
            ("Urdu (اردو)", "ur"),
            ("اردو", "ur"),
            ("Punjabi", "pa"),
            ("Bengali / Sylheti", "bn"),
            ("বাংলা", "bn"),
            ("Arabic", "ar"),
            ("  arabic ", "ar"),
        ] {
            assert_eq!(
                language_named(name).map(Language::code),
                Some(code),
                "{name}"
            );
        }
        for name in ["English", "Welsh", "Cymraeg", "Tigrinya", "", "Polishh"] {
            assert_eq!(language_named(name), None, "{name}");
        }
    }

    fn english_as(code: &str) -> String {
        ENGLISH.replacen("language = \"en\"", &format!("language = \"{code}\""), 1)
    }

    #[test]
    fn the_english_keys_pass_and_a_missing_or_extra_key_fails() {
        let (lang, w) = check_file(&english_as("ur")).expect("same keys");
        assert_eq!(lang, Language::Urdu);
        assert_eq!(w.review_status, "draft");
        let missing = english_as("ur").replacen("page_label = ", "# page_label = ", 1);
        let err = check_file(&missing).unwrap_err();
        assert!(err.contains("common.page_label: missing"), "{err}");
        let extra = english_as("ur").replacen("[common]\n", "[common]\nsurplus = \"x\"\n", 1);
        let err = check_file(&extra).unwrap_err();
        assert!(err.contains("common.surplus: not a key"), "{err}");
    }

    #[test]
    fn placeholders_and_status_are_checked() {
        let changed = english_as("bn").replacen(
            "\"Page {page} of {pages}\"",
            "\"Page {pagina} of {pages}\"",
            1,
        );
        let err = check_file(&changed).unwrap_err();
        assert!(err.contains("common.page_label: placeholders"), "{err}");
        let reviewed = english_as("bn").replacen(
            "review_status = \"draft\"",
            "review_status = \"reviewed\"",
            1,
        );
        let err = check_file(&reviewed).unwrap_err();
        assert!(err.contains("reviewed_by"), "{err}");
        let err = check_file(&english_as("xx")).unwrap_err();
        assert!(err.contains("language:"), "{err}");
    }

    #[test]
    fn every_bundled_feedback_file_has_every_question_of_the_bank() {
        let bank = crate::assets::question_bank().expect("bank");
        for (code, _) in BUNDLED_FEEDBACK {
            let lang = Language::from_code(code).expect("a community code");
            for a in ["yes", "partly", "no", "not-sure"] {
                assert!(
                    feedback_text(lang, FeedbackKey::Answer(a)).is_some(),
                    "{code}: {a}"
                );
            }
            assert!(
                feedback_text(lang, FeedbackKey::Intro).is_some(),
                "{code}: intro"
            );
            assert!(
                feedback_text(lang, FeedbackKey::Return).is_some(),
                "{code}: return"
            );
            for g in &bank.group {
                assert!(
                    feedback_text(lang, FeedbackKey::Group(&g.id)).is_some(),
                    "{code}: {}",
                    g.id
                );
            }
            for q in &bank.question {
                assert!(
                    feedback_text(lang, FeedbackKey::Question(&q.id)).is_some(),
                    "{code}: {}",
                    q.id
                );
            }
            assert!(feedback_version(lang).is_some_and(|v| v.contains(code)));
        }
    }

    #[test]
    fn every_bundled_community_file_has_the_english_keys() {
        for (code, text) in BUNDLED {
            let (lang, _) = check_file(text).unwrap_or_else(|e| panic!("{code}.toml:\n{e}"));
            assert_eq!(lang.code(), *code);
        }
        for info in infos().expect("languages.toml") {
            assert!(Language::from_code(&info.code).is_some());
        }
    }
}
