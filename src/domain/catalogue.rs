//! The check catalogue and the nations' vocabulary, as data in `assets/`.
//!
//! Both are parsed once from embedded TOML and validated by tests, so an edit to the wording or
//! a new check is a data change, not a code change. Check ids are stable forever: statuses in
//! workbooks are stored against them.

use std::sync::OnceLock;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::nation::{Nation, ReviewType};
use super::phase::{Phase, Principle};
use super::template::Slot;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum AppliesTo {
    Review,
    Member,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SourceKind {
    Study,
    Scie,
    National,
    Practice,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Source {
    pub kind: SourceKind,
    pub reference: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckDef {
    pub id: String,
    pub phase: Phase,
    pub principle: Principle,
    pub applies_to: AppliesTo,
    pub text: String,
    #[serde(default)]
    pub help: Option<String>,
    pub source: Source,
    /// Empty: all nations.
    #[serde(default)]
    pub nations: Vec<Nation>,
    /// The records that prove the check done (see `domain::progress`): a record of that
    /// kind for which the condition holds closes the check, with the record as evidence.
    #[serde(default)]
    pub closed_by: Vec<ClosedBy>,
}

/// One rule of `closed_by`: a record kind and a condition on it, both checked against
/// `domain::progress::CONDITIONS` when the catalogue loads.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClosedBy {
    pub record: String,
    pub when: String,
}

impl CheckDef {
    pub fn applies_in(&self, nation: Nation) -> bool {
        self.nations.is_empty() || self.nations.contains(&nation)
    }
}

#[derive(Debug, Deserialize)]
struct CatalogueFile {
    version: String,
    check: Vec<CheckDef>,
}

#[derive(Debug, Clone)]
pub struct Catalogue {
    pub version: String,
    pub checks: Vec<CheckDef>,
}

impl Catalogue {
    pub fn from_toml(src: &str) -> Result<Catalogue, String> {
        let f: CatalogueFile =
            toml::from_str(src).map_err(|e| format!("check catalogue: {}", e.message()))?;
        let mut seen = std::collections::HashSet::new();
        for c in &f.check {
            if !seen.insert(c.id.as_str()) {
                return Err(format!("check catalogue: id {:?} is used twice", c.id));
            }
            if c.text.trim().is_empty() {
                return Err(format!("check catalogue: {} has no text", c.id));
            }
            for t in std::iter::once(&c.text).chain(c.help.as_ref()) {
                if let Some(p) = unknown_placeholders(t).first() {
                    return Err(format!(
                        "check catalogue: {} uses {{{p}}}, which is not a nation word",
                        c.id
                    ));
                }
            }
            for rule in &c.closed_by {
                if !super::progress::is_condition(&rule.record, &rule.when) {
                    return Err(format!(
                        "check catalogue: {} is closed by an unknown record or condition: {} when {:?}",
                        c.id, rule.record, rule.when
                    ));
                }
                let review_record = super::progress::is_review_level(&rule.record);
                if review_record != (c.applies_to == AppliesTo::Review) {
                    return Err(format!(
                        "check catalogue: {} is for {}, but a {} record belongs to {}",
                        c.id,
                        if review_record {
                            "each person"
                        } else {
                            "the review"
                        },
                        rule.record,
                        if review_record {
                            "the review"
                        } else {
                            "one person"
                        }
                    ));
                }
            }
        }
        Ok(Catalogue {
            version: f.version,
            checks: f.check,
        })
    }

    /// The catalogue built into Kindred. Checked when a workbook is opened or created
    /// ([`Catalogue::embedded_checked`]), so a damaged one stops Kindred with a message
    /// instead of running with no checks; after that check this never meets an error.
    pub fn embedded() -> &'static Catalogue {
        static EMPTY: OnceLock<Catalogue> = OnceLock::new();
        match Catalogue::embedded_checked() {
            Ok(c) => c,
            Err(_) => EMPTY.get_or_init(|| Catalogue {
                version: "missing".into(),
                checks: Vec::new(),
            }),
        }
    }

    /// The catalogue built into Kindred, or why it cannot be read.
    pub fn embedded_checked() -> Result<&'static Catalogue, String> {
        static CAT: OnceLock<Result<Catalogue, String>> = OnceLock::new();
        CAT.get_or_init(|| {
            Catalogue::from_toml(include_str!(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/assets/checks.toml"
            )))
            .map_err(|e| e.to_string())
        })
        .as_ref()
        .map_err(Clone::clone)
    }

    pub fn get(&self, id: &str) -> Option<&CheckDef> {
        self.checks.iter().find(|c| c.id == id)
    }

    /// What the store's count of closed checks depends on: each check's id, phase and
    /// nations, in one line per check. A workbook records the fingerprint it was counted
    /// with, and counts again when it is opened by a version whose catalogue differs.
    pub fn phases_fingerprint(&self) -> String {
        let mut out = String::new();
        for c in &self.checks {
            let nations: Vec<&str> = c.nations.iter().map(|n| n.slug()).collect();
            out.push_str(&format!(
                "{} {} {}\n",
                c.id,
                c.phase.number(),
                nations.join(",")
            ));
        }
        out
    }

    /// What closing checks by records depends on: each rule, one line per check. A workbook
    /// records the fingerprint its records were applied with, and applies them again when it
    /// is opened by a version whose rules differ.
    pub fn rules_fingerprint(&self) -> String {
        let mut out = String::new();
        for c in self.checks.iter().filter(|c| !c.closed_by.is_empty()) {
            let rules: Vec<String> = c
                .closed_by
                .iter()
                .map(|r| format!("{}:{}", r.record, r.when))
                .collect();
            out.push_str(&format!("{} {}\n", c.id, rules.join(",")));
        }
        out
    }

    /// The checks switched on for a review in this nation.
    pub fn for_nation(&self, nation: Nation) -> impl Iterator<Item = &CheckDef> {
        self.checks.iter().filter(move |c| c.applies_in(nation))
    }
}

/// The status of one check for a review (or for one member of it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "kebab-case")]
pub enum CheckStatus {
    /// Open. `reopened` when the author reopened a closed check, with the reason.
    ToDo {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        reopened: Option<Reopened>,
    },
    /// Closed. `record` when a record closed it (the record is the evidence).
    Done {
        evidence: String,
        on: NaiveDate,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        record: Option<RecordRef>,
    },
    NotApplicable {
        reason: String,
    },
    DecidedOtherwise {
        reason: String,
    },
}

/// A link to the record that closed a check: its kind (`contact`, `terms`, …) and id.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct RecordRef {
    pub kind: String,
    pub id: i64,
}

/// Why and when the author reopened a check, and the record that had closed it, if one
/// did: that record never closes the check again (another record may).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reopened {
    pub reason: String,
    pub on: NaiveDate,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub record: Option<RecordRef>,
}

impl CheckStatus {
    /// Open, never reopened.
    pub const TO_DO: CheckStatus = CheckStatus::ToDo { reopened: None };

    pub fn slug(&self) -> &'static str {
        match self {
            CheckStatus::ToDo { .. } => "to-do",
            CheckStatus::Done { .. } => "done",
            CheckStatus::NotApplicable { .. } => "not-applicable",
            CheckStatus::DecidedOtherwise { .. } => "decided-otherwise",
        }
    }

    pub fn is_open(&self) -> bool {
        matches!(self, CheckStatus::ToDo { .. })
    }

    /// The record that closed the check, if a record did.
    pub fn record(&self) -> Option<&RecordRef> {
        match self {
            CheckStatus::Done { record, .. } => record.as_ref(),
            _ => None,
        }
    }

    /// Builds a status from a form: done needs evidence and a date; the other two a reason.
    pub fn from_parts(
        status: &str,
        text: Option<&str>,
        on: Option<NaiveDate>,
    ) -> Result<CheckStatus, String> {
        let text = text
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(String::from);
        match status.trim() {
            "to-do" => Ok(CheckStatus::ToDo {
                reopened: text.map(|reason| Reopened {
                    reason,
                    on: on.unwrap_or_default(),
                    record: None,
                }),
            }),
            "done" => Ok(CheckStatus::Done {
                evidence: text.ok_or("Enter the evidence that the check is done")?,
                on: on.ok_or("Enter the date the check was done")?,
                record: None,
            }),
            "not-applicable" => Ok(CheckStatus::NotApplicable {
                reason: text.ok_or("Enter why the check does not apply")?,
            }),
            "decided-otherwise" => Ok(CheckStatus::DecidedOtherwise {
                reason: text.ok_or("Enter the reason for deciding otherwise")?,
            }),
            other => Err(format!(
                "unknown check status {other:?}; use to-do, done, not-applicable or decided-otherwise"
            )),
        }
    }
}

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct NationInfo {
    pub id: Nation,
    pub name: String,
    #[serde(default)]
    pub name_cy: Option<String>,
    pub local_body: String,
    #[serde(default)]
    pub local_body_cy: Option<String>,
    pub oversight: String,
    pub repository: String,
    pub police_and_prosecutor: String,
    /// The nation's own words for its system, as families and the check list read them.
    pub words: NationWords,
    /// The same words in Welsh, for the Welsh part of a document.
    pub words_cy: NationWordsCy,
}

/// What a nation calls the parts of its system, each written to sit inside a sentence:
/// Scotland has a child protection committee, a remit, the Procurator Fiscal and Fatal
/// Accident Inquiries where England has safeguarding partners, terms of reference, coroners
/// and inquests. Wording and checks name them only through these placeholders.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct NationWords {
    pub local_body: String,
    pub terms: String,
    pub the_coroner: String,
    pub an_inquest: String,
    pub inquest: String,
    pub police: String,
    pub prosecutor: String,
    pub national: String,
}

impl NationWords {
    /// The placeholders these words fill: `{local_body}`, `{terms}`, …
    pub const KEYS: [&'static str; 8] = [
        "local_body",
        "terms",
        "the_coroner",
        "an_inquest",
        "inquest",
        "police",
        "prosecutor",
        "national",
    ];

    pub fn pairs(&self) -> [(&'static str, &str); 8] {
        [
            ("local_body", &self.local_body),
            ("terms", &self.terms),
            ("the_coroner", &self.the_coroner),
            ("an_inquest", &self.an_inquest),
            ("inquest", &self.inquest),
            ("police", &self.police),
            ("prosecutor", &self.prosecutor),
            ("national", &self.national),
        ]
    }
}

/// The Welsh words a family document needs (Welsh has no indefinite article, and the
/// sentences are written so that these words are not mutated).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct NationWordsCy {
    pub local_body: String,
    pub the_coroner: String,
    pub inquest: String,
    pub police: String,
}

impl NationWordsCy {
    pub fn pairs(&self) -> [(&'static str, &str); 4] {
        [
            ("local_body", &self.local_body),
            ("the_coroner", &self.the_coroner),
            ("inquest", &self.inquest),
            ("police", &self.police),
        ]
    }
}

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct ReviewTypeInfo {
    pub id: ReviewType,
    pub nation: Nation,
    pub name: String,
    pub short: String,
    #[serde(default)]
    pub name_cy: Option<String>,
    pub commissioned_by: String,
    pub plain: String,
    #[serde(default)]
    pub plain_cy: Option<String>,
}

/// A word or phrase that belongs to some nations' systems only ("coroner" is not Scottish,
/// "Procurator Fiscal" is only Scottish): it must not reach a document or a check of a
/// review in any other nation.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SystemWord {
    pub word: String,
    pub nations: Vec<Nation>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Vocabulary {
    pub version: String,
    /// "draft" until the Welsh in the file has been checked by a fluent speaker.
    pub review_status: String,
    pub nation: Vec<NationInfo>,
    pub review_type: Vec<ReviewTypeInfo>,
    pub system_word: Vec<SystemWord>,
}

/// The embedded nations data could not be read: a build that ships it is broken, and a test
/// fails on it (never an empty list).
#[derive(Debug, Clone, thiserror::Error)]
#[error("{0}")]
pub struct VocabularyError(pub String);

impl Vocabulary {
    pub fn from_toml(src: &str) -> Result<Vocabulary, String> {
        let v: Vocabulary =
            toml::from_str(src).map_err(|e| format!("nations data: {}", e.message()))?;
        for n in Nation::ALL {
            if !v.nation.iter().any(|i| i.id == n) {
                return Err(format!("nations data: {} is missing", n.slug()));
            }
        }
        for t in ReviewType::ALL {
            match v.review_type.iter().find(|i| i.id == t) {
                None => return Err(format!("nations data: review type {} is missing", t.slug())),
                Some(i) if i.nation != t.nation() => {
                    return Err(format!("nations data: {} is in the wrong nation", t.slug()))
                }
                Some(_) => {}
            }
        }
        for w in &v.system_word {
            if w.word.trim().is_empty() || w.nations.is_empty() {
                return Err(format!(
                    "nations data: a system word needs a word and its nations ({:?})",
                    w.word
                ));
            }
        }
        // A nation's own words must not be foreign to it.
        for n in &v.nation {
            let own: Vec<&str> = n.words.pairs().iter().map(|(_, w)| *w).collect();
            for text in own {
                if let Some(word) = v.foreign_words_in(text, n.id).first() {
                    return Err(format!(
                        "nations data: {} uses {word:?}, which is not a word of its system",
                        n.id.slug()
                    ));
                }
            }
        }
        Ok(v)
    }

    /// The nations data, parsed once. An error only if the file shipped is broken (a unit
    /// test parses it, so such a build cannot pass its tests).
    pub fn embedded() -> Result<&'static Vocabulary, VocabularyError> {
        static V: OnceLock<Result<Vocabulary, String>> = OnceLock::new();
        V.get_or_init(|| {
            Vocabulary::from_toml(include_str!(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/assets/nations.toml"
            )))
        })
        .as_ref()
        .map_err(|e| VocabularyError(e.clone()))
    }

    pub fn nation(&self, n: Nation) -> Option<&NationInfo> {
        self.nation.iter().find(|i| i.id == n)
    }

    /// A nation's words (every nation has them: checked when the data loads).
    pub fn words(&self, n: Nation) -> Result<&NationWords, VocabularyError> {
        self.nation(n)
            .map(|i| &i.words)
            .ok_or_else(|| VocabularyError(format!("nations data: {} is missing", n.slug())))
    }

    pub fn review_type(&self, t: ReviewType) -> Option<&ReviewTypeInfo> {
        self.review_type.iter().find(|i| i.id == t)
    }

    /// A review type's name, falling back to its slug if the data lacks it.
    pub fn review_name(&self, t: ReviewType) -> String {
        self.review_type(t)
            .map(|i| i.name.clone())
            .unwrap_or_else(|| t.slug().to_string())
    }

    /// The words of other nations' systems found in `text` (whole words, ignoring case),
    /// each once, in the order of the list.
    ///
    /// An abbreviation in capitals ("FAI", "PPS") is matched in capitals only, so a word
    /// that happens to share its letters (the Welsh "ar fai") is not taken for it.
    pub fn foreign_words_in(&self, text: &str, nation: Nation) -> Vec<String> {
        let lower = normalise_for_search(text);
        let spaced = text.split_whitespace().collect::<Vec<_>>().join(" ");
        self.system_word
            .iter()
            .filter(|w| !w.nations.contains(&nation))
            .filter(|w| {
                let abbreviation = w.word.chars().all(|c| c.is_uppercase());
                if abbreviation {
                    contains_word(&spaced, &w.word)
                } else {
                    contains_word(&lower, &normalise_for_search(&w.word))
                }
            })
            .map(|w| w.word.clone())
            .collect()
    }
}

/// Lower case, with every run of white space as one space (text read back from a PDF breaks
/// lines anywhere).
pub fn normalise_for_search(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Whether `needle` occurs in `haystack` as whole words (not inside a longer word), or
/// as their plural.
pub fn contains_word(haystack: &str, needle: &str) -> bool {
    if needle.is_empty() {
        return false;
    }
    let mut from = 0;
    while let Some(at) = haystack[from..].find(needle) {
        let start = from + at;
        let end = start + needle.len();
        let before = haystack[..start].chars().next_back();
        let after = haystack[end..].chars().next();
        let boundary = |c: Option<char>| !c.is_some_and(|c| c.is_alphanumeric());
        // A plural is the same word ("coroners", "inquests").
        let plural = after == Some('s') && boundary(haystack[end + 1..].chars().next());
        if boundary(before) && (boundary(after) || plural) {
            return true;
        }
        from = start + haystack[start..].chars().next().map_or(1, char::len_utf8);
    }
    false
}

/// Replaces each `{key}` of `words` in `text`; other braces are left as they are.
pub fn fill_words(text: &str, words: &[(&str, &str)]) -> String {
    let filled = super::template::fill(text, |name| {
        super::template::value_of(words, name).map_or(Slot::Keep, Slot::Value)
    });
    // Keep never fails: every name is either filled or kept.
    filled.unwrap_or_else(|_| text.to_string())
}

impl CheckDef {
    /// This check as a review in `nation` reads it: the nation's words in place of the
    /// placeholders (`{local_body}`, `{terms}`, …).
    pub fn worded(&self, words: &NationWords) -> CheckDef {
        let pairs = words.pairs();
        let mut c = self.clone();
        c.text = fill_words(&c.text, &pairs);
        c.help = c.help.map(|h| fill_words(&h, &pairs));
        c
    }
}

/// The placeholders a check's text uses that are not nation words.
fn unknown_placeholders(text: &str) -> Vec<String> {
    super::template::placeholders(text)
        .filter(|key| !NationWords::KEYS.contains(key))
        .map(str::to_string)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_catalogue_is_valid_and_covers_every_phase_and_principle() {
        let src = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/assets/checks.toml"));
        let cat = Catalogue::from_toml(src).expect("catalogue parses");
        assert!(cat.checks.len() >= 40, "only {} checks", cat.checks.len());
        for p in Phase::ALL {
            assert!(
                cat.checks.iter().any(|c| c.phase == p),
                "no check in phase {}",
                p.label()
            );
        }
        for p in Principle::ALL {
            assert!(
                cat.checks.iter().any(|c| c.principle == p),
                "no check for principle {}",
                p.label()
            );
        }
        for n in Nation::ALL {
            assert!(
                cat.checks.iter().any(|c| c.nations == vec![n]),
                "no check specific to {}",
                n.slug()
            );
            assert!(cat.for_nation(n).count() < cat.checks.len());
        }
        assert_eq!(Catalogue::embedded().checks.len(), cat.checks.len());
    }

    #[test]
    fn damaged_catalogue_is_an_error_not_a_panic() {
        for src in ["", "version = 1", "[[check]]\nid = 3", "\u{0}\u{1}"] {
            assert!(Catalogue::from_toml(src).is_err(), "{src:?}");
        }
        let dup = r#"version = "x"
[[check]]
id = "a"
phase = 0
principle = 1
applies_to = "review"
text = "t"
source = { kind = "study", reference = "r" }
[[check]]
id = "a"
phase = 9
principle = 1
applies_to = "review"
text = "t"
source = { kind = "study", reference = "r" }
"#;
        assert!(Catalogue::from_toml(dup).is_err());
    }

    #[test]
    fn embedded_vocabulary_parses_once_and_is_never_empty() {
        let v = Vocabulary::embedded().expect("assets/nations.toml parses");
        assert_eq!(v.nation.len(), Nation::ALL.len());
        assert!(!v.system_word.is_empty());
        assert!(Vocabulary::from_toml("version = \"x\"").is_err());
    }

    /// Every check, as each nation reads it, uses only that nation's words.
    #[test]
    fn checks_use_only_their_nations_words() {
        let v = Vocabulary::embedded().expect("nations data");
        for n in Nation::ALL {
            let words = v.words(n).expect("words");
            for c in Catalogue::embedded().for_nation(n) {
                let c = c.worded(words);
                let text = format!("{} {}", c.text, c.help.clone().unwrap_or_default());
                assert!(!text.contains('{'), "{}: {text}", c.id);
                let foreign = v.foreign_words_in(&text, n);
                assert!(
                    foreign.is_empty(),
                    "{} in {}: {foreign:?}: {text}",
                    c.id,
                    n.slug()
                );
            }
        }
        // The test can fail: an English word in a Scottish check is caught.
        assert_eq!(
            v.foreign_words_in("Tell them about the coroner.", Nation::Scotland),
            vec!["coroner".to_string()]
        );
        assert!(v
            .foreign_words_in("the Procurator  Fiscal", Nation::England)
            .contains(&"Procurator Fiscal".to_string()));
        assert_eq!(
            v.foreign_words_in("two coroners' courts", Nation::Scotland),
            vec!["coroner".to_string()]
        );
        assert!(v
            .foreign_words_in("the remitted fee", Nation::England)
            .is_empty());
        assert!(v
            .foreign_words_in("pwy sydd ar fai", Nation::Wales)
            .is_empty());
        assert_eq!(
            v.foreign_words_in("a FAI was held", Nation::Wales),
            vec!["FAI".to_string()]
        );
        assert!(v.foreign_words_in("the remit", Nation::Scotland).is_empty());
    }

    #[test]
    fn unknown_placeholder_in_a_check_is_refused() {
        let src = r#"version = "x"
[[check]]
id = "a"
phase = 0
principle = 1
applies_to = "review"
text = "Agree with {partnership}."
source = { kind = "study", reference = "r" }
"#;
        let e = Catalogue::from_toml(src).expect_err("unknown placeholder");
        assert!(e.contains("partnership"), "{e}");
    }

    #[test]
    fn embedded_vocabulary_names_every_nation_and_type() {
        let src = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/assets/nations.toml"));
        let v = Vocabulary::from_toml(src).expect("nations data parses");
        for t in ReviewType::for_nation(Nation::Wales) {
            let i = v.review_type(t).expect("type");
            assert!(
                i.name_cy.is_some() && i.plain_cy.is_some(),
                "{} lacks Welsh",
                t.slug()
            );
        }
    }

    #[test]
    fn check_status_rules() {
        let d = NaiveDate::from_ymd_opt(2026, 1, 5);
        type Case<'a> = (
            &'a str,
            Option<&'a str>,
            Option<NaiveDate>,
            Result<&'a str, &'a str>,
        );
        let cases: &[Case] = &[
            ("to-do", None, None, Ok("to-do")),
            ("done", Some("Letter sent"), d, Ok("done")),
            ("done", None, d, Err("evidence")),
            ("done", Some("Letter"), None, Err("date")),
            ("not-applicable", Some(" "), None, Err("why")),
            (
                "decided-otherwise",
                Some("Police advice"),
                None,
                Ok("decided-otherwise"),
            ),
            ("skip", None, None, Err("unknown check status")),
        ];
        for (s, t, on, expect) in cases {
            match (CheckStatus::from_parts(s, *t, *on), expect) {
                (Ok(v), Ok(e)) => assert_eq!(v.slug(), *e),
                (Err(m), Err(e)) => assert!(m.contains(e), "{s}: {m}"),
                (g, e) => panic!("{s}: got {g:?}, expected {e:?}"),
            }
        }
    }
}
