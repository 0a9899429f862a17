//! The words on the documents, read from the asset files compiled into the program:
//! `assets/wording/{en,cy}.toml` (this module's own), `assets/nations.toml` (review
//! names, plain explanations and each nation's words for its system, parsed once in
//! `domain::catalogue`) and `assets/feedback-questions.toml` (the question bank). Each is
//! parsed once and checked; a broken file is a clear error, never a half-printed document.

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
    pub(crate) reviewed_by: String,
    /// How a translation was made (e.g. drafted by machine, or translated by a named
    /// service); the English and Welsh files need not say.
    #[serde(default)]
    pub(crate) method: String,
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
    pub(crate) date_no_weekday_format: String,
    pub(crate) weekdays: [String; 7],
    pub(crate) months: [String; 12],
    pub(crate) label_phone: String,
    pub(crate) label_email: String,
    pub(crate) label_hours: String,
    pub(crate) label_post: String,
    pub(crate) label_website: String,
    pub(crate) sheet_both_note: String,
    /// The same note when the Welsh comes first.
    pub(crate) sheet_both_note_welsh_first: String,
    pub(crate) form_both_note: String,
    /// A month and year, e.g. "{month} {year}".
    pub(crate) month_format: String,
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
    /// First words after the title: the child's death, or the harm, acknowledged.
    pub(crate) loss_died: Vec<String>,
    pub(crate) loss_harmed: Vec<String>,
    pub(crate) loss_other: Vec<String>,
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
    /// Before the review's own statement of why it involves families.
    pub(crate) purpose_intro: String,
    pub(crate) taking_part_heading: String,
    pub(crate) taking_part: Vec<String>,
    /// For someone who may have to wait because of a criminal case.
    pub(crate) may_wait: Vec<String>,
    pub(crate) visit_heading: String,
    pub(crate) visit_date: String,
    pub(crate) visit_time: String,
    pub(crate) visit_place: String,
    pub(crate) visit_place_unknown: String,
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
    pub(crate) names_agreed: Vec<String>,
    pub(crate) names_not_agreed: Vec<String>,
    pub(crate) findings_heading: String,
    /// For someone whose terms say they want to see the findings first.
    pub(crate) findings: Vec<String>,
    pub(crate) findings_not_wanted: Vec<String>,
    pub(crate) findings_not_asked: Vec<String>,
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
    /// In the Welsh part, for a service with no Welsh description.
    pub(crate) support_english_only: String,
    pub(crate) contact_heading: String,
    pub(crate) route_solicitor: String,
    pub(crate) route_advocate: String,
    pub(crate) route_carer: String,
    pub(crate) route_social_worker: String,
    pub(crate) route_prison: String,
    pub(crate) route_agreed: String,
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
// assets/nations.toml (parsed once, in `domain::catalogue::Vocabulary`)
// ---------------------------------------------------------------------------

pub(crate) use crate::domain::catalogue::{ReviewTypeInfo, Vocabulary};

/// A review type's name and plain explanation in one language (the English when the
/// data has no Welsh; the tests require Welsh for every Welsh review type).
pub(crate) trait ReviewWords {
    fn name_in(&self, lang: Language) -> &str;
    fn plain_in(&self, lang: Language) -> &str;
}

impl ReviewWords for ReviewTypeInfo {
    fn name_in(&self, lang: Language) -> &str {
        match lang {
            Language::Welsh => self.name_cy.as_deref().unwrap_or(&self.name),
            // The community languages keep the English name of the review (a formal
            // name the family will meet in English letters too).
            _ => &self.name,
        }
    }
    fn plain_in(&self, lang: Language) -> &str {
        match lang {
            Language::Welsh => self.plain_cy.as_deref().unwrap_or(&self.plain),
            _ => &self.plain,
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
            Language::Welsh => &self.cy,
            // The question bank has English and Welsh only; see `community`.
            _ => &self.en,
        }
    }
}

// ---------------------------------------------------------------------------
// Loading
// ---------------------------------------------------------------------------

pub(crate) struct Assets {
    pub(crate) en: WordingFile,
    pub(crate) cy: WordingFile,
    pub(crate) nations: &'static Vocabulary,
    pub(crate) questions: &'static QuestionBank,
}

impl Assets {
    /// A language's wording. A community language without wording gets the English
    /// here; documents check [`super::community::wording`] before they start.
    pub(crate) fn wording(&self, lang: Language) -> &WordingFile {
        match lang {
            Language::English => &self.en,
            Language::Welsh => &self.cy,
            _ => super::community::wording(lang).unwrap_or(&self.en),
        }
    }

    pub(crate) fn review_type(&self, t: ReviewType) -> Result<&ReviewTypeInfo, DocumentError> {
        self.nations.review_type(t).ok_or_else(|| {
            DocumentError::Wording(format!(
                "assets/nations.toml has no review type \"{}\"",
                t.slug()
            ))
        })
    }

    /// The nation's words for its system, in the language of the page, as placeholders
    /// (`{local_body}`, `{the_coroner}`, `{an_inquest}`, `{inquest}`, `{police}`, …).
    pub(crate) fn nation_words(
        &self,
        nation: Nation,
        lang: Language,
    ) -> Result<Vec<(&'static str, &str)>, DocumentError> {
        let info = self.nations.nation(nation).ok_or_else(|| {
            DocumentError::Wording(format!(
                "assets/nations.toml has no nation \"{}\"",
                nation.slug()
            ))
        })?;
        Ok(match lang {
            Language::Welsh => info.words_cy.pairs().to_vec(),
            _ => info.words.pairs().to_vec(),
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
    let nations = Vocabulary::embedded().map_err(|e| e.to_string())?;
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
    crate::domain::template::fill_from(template, values)
        .map_err(|e| DocumentError::Wording(format!("{e} in \"{template}\"")))
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

/// A date in words without the weekday, e.g. "3 March 2026" or "3 Mawrth 2026".
pub(crate) fn format_date_no_weekday(
    common: &Common,
    date: NaiveDate,
) -> Result<String, DocumentError> {
    let month = &common.months[date.month0() as usize];
    fill(
        &common.date_no_weekday_format,
        &[
            ("day", &date.day().to_string()),
            ("month", month),
            ("year", &date.year().to_string()),
        ],
    )
}

/// A month in words, e.g. "June 2026" or "Mehefin 2026".
pub(crate) fn format_month(common: &Common, date: NaiveDate) -> Result<String, DocumentError> {
    let month = &common.months[date.month0() as usize];
    fill(
        &common.month_format,
        &[("month", month), ("year", &date.year().to_string())],
    )
}

/// Every placeholder used in a template, for the tests.
#[cfg(test)]
pub(crate) fn placeholders(template: &str) -> Vec<String> {
    crate::domain::template::placeholders(template)
        .map(str::to_string)
        .collect()
}

/// The version string recorded with a document, with each wording's review status, e.g.
/// "wording-en 2026.11-1 (draft); nations 2026.11-1 (draft)".
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
    if langs.contains(&Language::Welsh) {
        parts.push(format!(
            "nations {} ({})",
            a.nations.version, a.nations.review_status
        ));
    } else {
        parts.push(format!("nations {}", a.nations.version));
    }
    Ok(parts.join("; "))
}

/// The printed languages whose wording is still a draft. Welsh counts as a draft while
/// either its wording file or the Welsh of the nations data is one.
pub(crate) fn draft_languages(langs: &[Language]) -> Result<Vec<Language>, DocumentError> {
    let a = assets()?;
    const REVIEWED: &str = "reviewed";
    Ok(langs
        .iter()
        .copied()
        .filter(|l| {
            a.wording(*l).review_status != REVIEWED
                || (*l == Language::Welsh && a.nations.review_status != REVIEWED)
        })
        .collect())
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
            assert_eq!(e.nation, t.nation());
            if t.nation() == Nation::Wales {
                assert!(
                    e.name_cy.is_some() && e.plain_cy.is_some(),
                    "{t:?} needs Welsh"
                );
            }
        }
        for n in Nation::ALL {
            assert!(a.nations.nation(n).is_some(), "{n:?} in nations.toml");
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
            "local_body",
            "terms",
            "the_coroner",
            "an_inquest",
            "inquest",
            "police",
            "prosecutor",
            "national",
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
            check(&w.common.month_format, &["month", "year"]);
            check(&w.common.date_no_weekday_format, &["day", "month", "year"]);
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
        let june = NaiveDate::from_ymd_opt(2027, 6, 30).unwrap();
        assert_eq!(format_month(&a.en.common, june).unwrap(), "June 2027");
        assert_eq!(format_month(&a.cy.common, june).unwrap(), "Mehefin 2027");
    }
}
