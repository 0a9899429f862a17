//! The words on the documents, read from the asset files compiled into the program:
//! `assets/wording/{en,cy}.toml` (this module's own), `assets/nations.toml` (review
//! names and plain explanations) and `assets/feedback-questions.toml` (the question
//! bank). Each is parsed once and checked; a broken file is a clear error, never a
//! half-printed document.

use std::sync::OnceLock;

use chrono::{Datelike, NaiveDate};
use serde::Deserialize;

use super::view::Language;
use super::DocumentError;
use crate::domain::nation::{Nation, ReviewType};

static EN: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/assets/wording/en.toml"
));
static CY: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/assets/wording/cy.toml"
));
static NATIONS: &str = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/assets/nations.toml"));

// ---------------------------------------------------------------------------
// Our own wording files
// ---------------------------------------------------------------------------

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct WordingFile {
    pub(crate) version: String,
    pub(crate) language: String,
    pub(crate) review_status: String,
    /// Who checked this language before release; empty while the wording is a draft.
    #[allow(dead_code)]
    pub(crate) reviewed_by: String,
    pub(crate) common: Common,
    pub(crate) sheet: SheetWording,
    pub(crate) easy: SheetWording,
    pub(crate) form: FormWording,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Common {
    pub(crate) page_label: String,
    pub(crate) prepared_on: String,
    pub(crate) date_format: String,
    pub(crate) weekdays: [String; 7],
    pub(crate) months: [String; 12],
    pub(crate) label_phone: String,
    pub(crate) label_email: String,
    pub(crate) label_hours: String,
    pub(crate) label_post: String,
    pub(crate) label_website: String,
    pub(crate) sheet_both_note: String,
    pub(crate) form_both_note: String,
    pub(crate) in_nation: InNation,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct InNation {
    england: String,
    wales: String,
    scotland: String,
    #[serde(rename = "northern-ireland")]
    northern_ireland: String,
}

impl InNation {
    pub(crate) fn get(&self, nation: Nation) -> &str {
        match nation {
            Nation::England => &self.england,
            Nation::Wales => &self.wales,
            Nation::Scotland => &self.scotland,
            Nation::NorthernIreland => &self.northern_ireland,
        }
    }
}

/// The information sheet's words. The same shape serves the standard sheet and the
/// easy-read sheet.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct SheetWording {
    pub(crate) title: String,
    pub(crate) subtitle: String,
    pub(crate) intro: Vec<String>,
    pub(crate) what_heading: String,
    pub(crate) what: Vec<String>,
    pub(crate) what_this_nation: String,
    pub(crate) what_plain: String,
    pub(crate) why_heading: String,
    pub(crate) why: Vec<String>,
    pub(crate) who_heading: String,
    pub(crate) who: Vec<String>,
    pub(crate) hear_heading: String,
    pub(crate) hear: Vec<String>,
    pub(crate) taking_part_heading: String,
    pub(crate) taking_part: Vec<String>,
    pub(crate) visit_heading: String,
    pub(crate) visit_date: String,
    pub(crate) visit_time: String,
    pub(crate) visit_place: String,
    pub(crate) visit_who: String,
    pub(crate) visit_interpreter: String,
    pub(crate) visit_interpreter_value: String,
    pub(crate) visit_supporter: String,
    pub(crate) visit_change: String,
    pub(crate) no_visit: String,
    pub(crate) not_do_heading: String,
    pub(crate) not_do_intro: String,
    pub(crate) not_do: Vec<String>,
    pub(crate) not_do_after: Vec<String>,
    pub(crate) choice_heading: String,
    pub(crate) choice: Vec<String>,
    pub(crate) private_heading: String,
    pub(crate) private: Vec<String>,
    pub(crate) used_heading: String,
    pub(crate) used: Vec<String>,
    pub(crate) findings_heading: String,
    pub(crate) findings: Vec<String>,
    pub(crate) findings_weeks: String,
    pub(crate) findings_week_one: String,
    pub(crate) publication_heading: String,
    pub(crate) publication_not_decided: Vec<String>,
    pub(crate) publication_planned: Vec<String>,
    pub(crate) publication_planned_no_date: Vec<String>,
    pub(crate) publication_not_planned: Vec<String>,
    pub(crate) publication_told_first: String,
    pub(crate) publication_media: String,
    pub(crate) other_heading: String,
    pub(crate) other: Vec<String>,
    pub(crate) support_heading: String,
    pub(crate) support_intro: Vec<String>,
    pub(crate) support_none: Vec<String>,
    pub(crate) support_after: String,
    pub(crate) contact_heading: String,
    pub(crate) contact_intro: String,
    pub(crate) contact_none: String,
    pub(crate) partnership_intro: String,
    pub(crate) complain_heading: String,
    pub(crate) complain_intro: String,
    pub(crate) complain_none: String,
    pub(crate) next_heading: String,
    pub(crate) next: Vec<String>,
    /// `next` once the person's terms set how often they hear: {days}.
    pub(crate) next_agreed: Vec<String>,
    pub(crate) questions_heading: String,
    pub(crate) questions_intro: String,
    pub(crate) notes_heading: String,
    pub(crate) notes_intro: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct FormWording {
    pub(crate) title: String,
    pub(crate) for_person: String,
    pub(crate) about: String,
    pub(crate) how_to_answer: String,
    pub(crate) write_more: String,
    pub(crate) return_heading: String,
    pub(crate) return_no_address: String,
    pub(crate) thank_you: String,
    pub(crate) footer_full: String,
    pub(crate) footer_short: String,
}

// ---------------------------------------------------------------------------
// assets/nations.toml (written by another part of the project; read-only here)
// ---------------------------------------------------------------------------

/// Only the fields the documents print are read; the rest of the file is the
/// workbook's. Nation names are not taken from here: a sentence like "In Wales" needs
/// the Welsh mutation ("Yng Nghymru"), so those phrases live in our wording files.
#[derive(Debug, Deserialize)]
pub(crate) struct NationsFile {
    pub(crate) version: String,
    /// Checked by the tests (every nation is present), not printed.
    #[allow(dead_code)]
    pub(crate) nation: Vec<NationEntry>,
    pub(crate) review_type: Vec<ReviewTypeEntry>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct NationEntry {
    #[allow(dead_code)]
    pub(crate) id: String,
}

#[derive(Debug, Deserialize)]
pub(crate) struct ReviewTypeEntry {
    pub(crate) id: String,
    /// Checked by the tests against `ReviewType::nation`, not printed.
    #[allow(dead_code)]
    pub(crate) nation: String,
    pub(crate) name: String,
    pub(crate) name_cy: Option<String>,
    pub(crate) plain: String,
    pub(crate) plain_cy: Option<String>,
}

impl ReviewTypeEntry {
    /// The review's name in `lang`, or the English name when there is no Welsh one.
    pub(crate) fn name(&self, lang: Language) -> &str {
        match lang {
            Language::Welsh => self.name_cy.as_deref().unwrap_or(&self.name),
            Language::English => &self.name,
        }
    }
    pub(crate) fn plain(&self, lang: Language) -> &str {
        match lang {
            Language::Welsh => self.plain_cy.as_deref().unwrap_or(&self.plain),
            Language::English => &self.plain,
        }
    }
}

// ---------------------------------------------------------------------------
// assets/feedback-questions.toml (parsed in `assets::questions`)
// ---------------------------------------------------------------------------

pub(crate) use crate::assets::questions::{Bilingual, Question, QuestionBank, QuestionKind};

impl Bilingual {
    pub(crate) fn get(&self, lang: Language) -> &str {
        match lang {
            Language::English => &self.en,
            Language::Welsh => &self.cy,
        }
    }
}

// ---------------------------------------------------------------------------
// Loading
// ---------------------------------------------------------------------------

pub(crate) struct Assets {
    pub(crate) en: WordingFile,
    pub(crate) cy: WordingFile,
    pub(crate) nations: NationsFile,
    pub(crate) questions: &'static QuestionBank,
}

impl Assets {
    pub(crate) fn wording(&self, lang: Language) -> &WordingFile {
        match lang {
            Language::English => &self.en,
            Language::Welsh => &self.cy,
        }
    }

    pub(crate) fn review_type(&self, t: ReviewType) -> Result<&ReviewTypeEntry, DocumentError> {
        self.nations
            .review_type
            .iter()
            .find(|r| r.id == t.slug())
            .ok_or_else(|| {
                DocumentError::Wording(format!(
                    "assets/nations.toml has no review type \"{}\"",
                    t.slug()
                ))
            })
    }
}

fn parse<T: for<'de> Deserialize<'de>>(text: &str, file: &str) -> Result<T, String> {
    toml::from_str(text).map_err(|e| format!("{file}: {e}"))
}

fn load() -> Result<Assets, String> {
    let en: WordingFile = parse(EN, "assets/wording/en.toml")?;
    let cy: WordingFile = parse(CY, "assets/wording/cy.toml")?;
    for (w, code, file) in [(&en, "en", "en.toml"), (&cy, "cy", "cy.toml")] {
        if w.language != code {
            return Err(format!(
                "assets/wording/{file}: language should be \"{code}\""
            ));
        }
    }
    let nations: NationsFile = parse(NATIONS, "assets/nations.toml")?;
    let questions = crate::assets::question_bank().map_err(|e| e.to_string())?;
    Ok(Assets {
        en,
        cy,
        nations,
        questions,
    })
}

static ASSETS: OnceLock<Result<Assets, String>> = OnceLock::new();

pub(crate) fn assets() -> Result<&'static Assets, DocumentError> {
    ASSETS
        .get_or_init(load)
        .as_ref()
        .map_err(|e| DocumentError::Wording(e.clone()))
}

// ---------------------------------------------------------------------------
// Filling in
// ---------------------------------------------------------------------------

/// Replace each `{name}` in `template` with its value. Values are inserted as they are
/// (never scanned again), so a name containing braces prints as typed. An unknown
/// placeholder is an error: a typo in the wording must not reach a family.
pub(crate) fn fill(template: &str, values: &[(&str, &str)]) -> Result<String, DocumentError> {
    let mut out = String::with_capacity(template.len() + 32);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) => {
                let key = &after[..close];
                let value = values.iter().find(|(k, _)| *k == key).map(|(_, v)| *v);
                match value {
                    Some(v) => out.push_str(v),
                    None => {
                        return Err(DocumentError::Wording(format!(
                            "unknown placeholder {{{key}}} in \"{template}\""
                        )))
                    }
                }
                rest = &after[close + 1..];
            }
            None => {
                out.push_str(&rest[open..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    Ok(out)
}

/// A date in words, e.g. "Tuesday 3 March 2026" or "Dydd Mawrth 3 Mawrth 2026".
pub(crate) fn format_date(common: &Common, date: NaiveDate) -> Result<String, DocumentError> {
    let weekday = &common.weekdays[date.weekday().num_days_from_monday() as usize];
    let month = &common.months[date.month0() as usize];
    fill(
        &common.date_format,
        &[
            ("weekday", weekday),
            ("day", &date.day().to_string()),
            ("month", month),
            ("year", &date.year().to_string()),
        ],
    )
}

/// Every placeholder used in a template, for the tests.
#[cfg(test)]
pub(crate) fn placeholders(template: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) => {
                out.push(after[..close].to_string());
                rest = &after[close + 1..];
            }
            None => break,
        }
    }
    out
}

/// The version string recorded with a document, e.g.
/// "wording-en 2026.11-1 (draft); nations 2026.11-1".
pub(crate) fn version_label(
    langs: &[Language],
    extra: &[(&str, &str)],
) -> Result<String, DocumentError> {
    let a = assets()?;
    let mut parts: Vec<String> = langs
        .iter()
        .map(|l| {
            let w = a.wording(*l);
            format!("wording-{} {} ({})", l.code(), w.version, w.review_status)
        })
        .collect();
    parts.extend(extra.iter().map(|(k, v)| format!("{k} {v}")));
    Ok(parts.join("; "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn all_asset_files_parse() {
        let a = assets().expect("assets parse");
        assert_eq!(a.en.review_status, "draft");
        assert_eq!(a.cy.review_status, "draft");
        assert_eq!(a.en.reviewed_by, "");
        assert_eq!(a.cy.reviewed_by, "");
        assert!(!a.en.version.is_empty());
        assert_eq!(
            a.en.version, a.cy.version,
            "English and Welsh wording move together"
        );
        for t in ReviewType::ALL {
            let e = a.review_type(t).expect("every review type has words");
            assert_eq!(e.nation, t.nation().slug());
            if t.nation() == Nation::Wales {
                assert!(
                    e.name_cy.is_some() && e.plain_cy.is_some(),
                    "{t:?} needs Welsh"
                );
            }
        }
        for n in Nation::ALL {
            assert!(
                a.nations.nation.iter().any(|e| e.id == n.slug()),
                "{n:?} in nations.toml"
            );
            assert!(!a.en.common.in_nation.get(n).is_empty());
            assert!(!a.cy.common.in_nation.get(n).is_empty());
        }
    }

    #[test]
    fn short_form_has_five_questions_with_unique_ids() {
        let q = &assets().unwrap().questions.question;
        assert_eq!(q.iter().filter(|q| q.short).count(), 5);
        let mut ids: Vec<&str> = q.iter().map(|q| q.id.as_str()).collect();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), q.len());
    }

    /// Every template only uses placeholders the program fills in.
    #[test]
    fn wording_uses_only_known_placeholders() {
        let a = assets().unwrap();
        let sheet_keys = [
            "recipient",
            "child",
            "author",
            "body",
            "review_name",
            "in_nation",
            "plain",
            "weeks",
            "month_year",
            "language",
            "contact_name",
            "date",
            "days",
        ];
        let form_keys = [
            "respondent",
            "review_name",
            "author_name",
            "partnership",
            "version",
        ];
        let check = |text: &str, allowed: &[&str]| {
            for p in placeholders(text) {
                assert!(allowed.contains(&p.as_str()), "unknown {{{p}}} in {text:?}");
            }
        };
        fn strings(v: &toml::Value, out: &mut Vec<String>) {
            match v {
                toml::Value::String(s) => out.push(s.clone()),
                toml::Value::Array(a) => a.iter().for_each(|v| strings(v, out)),
                toml::Value::Table(t) => t.values().for_each(|v| strings(v, out)),
                _ => {}
            }
        }
        for text in [EN, CY] {
            let v: toml::Value = toml::from_str(text).unwrap();
            for (table, allowed) in [
                ("sheet", &sheet_keys[..]),
                ("easy", &sheet_keys[..]),
                ("form", &form_keys[..]),
            ] {
                let mut all = Vec::new();
                strings(&v[table], &mut all);
                assert!(all.len() > 5);
                for s in all {
                    check(&s, allowed);
                }
            }
        }
        for w in [&a.en, &a.cy] {
            check(&w.common.page_label, &["page", "pages"]);
            check(&w.common.prepared_on, &["date"]);
            check(&w.common.date_format, &["weekday", "day", "month", "year"]);
        }
        for t in [&a.questions.intro, &a.questions.return_text] {
            check(&t.en, &["author_name", "return_address", "partnership"]);
            check(&t.cy, &["author_name", "return_address", "partnership"]);
        }
    }

    #[test]
    fn fill_replaces_once_and_rejects_unknown() {
        assert_eq!(
            fill(
                "Hello {name}, from {who}.",
                &[("name", "{who}"), ("who", "Sam")]
            )
            .unwrap(),
            "Hello {who}, from Sam."
        );
        assert!(fill("Hi {nme}", &[("name", "x")]).is_err());
        assert_eq!(fill("a { b", &[]).unwrap(), "a { b");
    }

    #[test]
    fn dates_in_both_languages() {
        let a = assets().unwrap();
        let d = NaiveDate::from_ymd_opt(2026, 3, 3).unwrap();
        assert_eq!(
            format_date(&a.en.common, d).unwrap(),
            "Tuesday 3 March 2026"
        );
        assert_eq!(
            format_date(&a.cy.common, d).unwrap(),
            "Dydd Mawrth 3 Mawrth 2026"
        );
    }
}
