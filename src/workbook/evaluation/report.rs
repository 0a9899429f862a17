//! The evaluation report for the partnership as a PDF, in English, in Welsh, or in both
//! (a Welsh partnership's report comes in both unless the author chooses). Anonymised
//! exactly as the CSV export is (`Anonymised`, shared), so the two can never disagree.
//!
//! Every word of it is in `assets/wording/evaluation-{en,cy}.toml`, with a version and a
//! review status; the questions' and answers' words come from the feedback question bank,
//! so the report asks what the form asked. A missing sentence or an unknown placeholder
//! stops the report with a message naming it, never a half-written page.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::OnceLock;

use serde::Deserialize;

use super::{Anonymised, EvaluationReport, WrittenEvaluation};
use crate::documents::evaluation::{EvaluationDoc, ReportBar, ReportChart, ReportSection};
use crate::documents::{self, Language, LanguageChoice};
use crate::domain::evaluation::{percent, Cell, Period, Tally};
use crate::domain::nation::Nation;
use crate::domain::records::Answer;
use crate::domain::template::{self, Slot};
use crate::error::{Error, Result};
use crate::files::{self, Existing, WriteOptions};
use crate::workbook::forms::EvaluationOptions;
use crate::workbook::Workbook;

/// The report's words in one language.
#[derive(Debug, Deserialize)]
pub struct ReportWords {
    pub version: String,
    pub review_status: String,
    #[serde(default)]
    pub method: Option<String>,
    text: BTreeMap<String, String>,
    nation: BTreeMap<String, String>,
    principle: BTreeMap<String, String>,
}

const EN: &str = include_str!("../../../assets/wording/evaluation-en.toml");
const CY: &str = include_str!("../../../assets/wording/evaluation-cy.toml");

/// The placeholders the report fills; any other in a sentence stops it.
const KNOWN: &[&str] = &[
    "date", "nation", "from", "to", "scope", "count", "total", "percent", "yes", "number", "label",
    "most", "first", "last", "year", "page", "pages",
];

impl ReportWords {
    /// The words for English or Welsh, parsed once.
    pub fn get(lang: Language) -> Result<&'static ReportWords> {
        static EN_W: OnceLock<std::result::Result<ReportWords, String>> = OnceLock::new();
        static CY_W: OnceLock<std::result::Result<ReportWords, String>> = OnceLock::new();
        let (cell, file, text) = match lang {
            Language::Welsh => (&CY_W, "evaluation-cy.toml", CY),
            _ => (&EN_W, "evaluation-en.toml", EN),
        };
        cell.get_or_init(|| {
            toml::from_str(text).map_err(|e| {
                format!("the evaluation report's wording ({file}) cannot be read: {e}")
            })
        })
        .as_ref()
        .map_err(|e| Error::Internal(e.clone()))
    }

    /// Not yet checked by a qualified speaker.
    pub fn is_draft(&self) -> bool {
        self.review_status != "reviewed"
    }

    /// A sentence with its placeholders filled.
    fn say(&self, key: &str, values: &[(&str, &str)]) -> Result<String> {
        let template = self.text.get(key).ok_or_else(|| {
            Error::Internal(format!("the evaluation report's wording has no {key:?}"))
        })?;
        fill(key, template, values)
    }

    fn nation(&self, n: Nation) -> String {
        self.nation
            .get(n.slug())
            .cloned()
            .unwrap_or_else(|| n.slug().to_string())
    }

    fn principle(&self, p: u8) -> String {
        self.principle
            .get(&p.to_string())
            .cloned()
            .unwrap_or_default()
    }
}

/// Fills `{name}` placeholders; `{page}` and `{pages}` are left for the page footer.
fn fill(key: &str, template: &str, values: &[(&str, &str)]) -> Result<String> {
    template::fill(template, |name| {
        if !KNOWN.contains(&name) {
            return Slot::Unknown;
        }
        template::value_of(values, name).map_or(Slot::Keep, Slot::Value)
    })
    .map_err(|e| {
        Error::Internal(format!(
            "the evaluation report's sentence {key:?} has a placeholder the program does not know: {{{}}}",
            e.0
        ))
    })
}

/// The languages of the report: as asked, else both for a report on Wales alone (English
/// first), else English.
pub fn report_languages(opts: &EvaluationOptions) -> LanguageChoice {
    opts.languages
        .unwrap_or(if opts.nation == Some(Nation::Wales) {
            LanguageChoice::Both
        } else {
            LanguageChoice::English
        })
}

/// What the author must know before giving the report out: a Welsh part still a draft.
pub fn report_warnings(opts: &EvaluationOptions) -> Result<Vec<String>> {
    let mut out = Vec::new();
    if report_languages(opts)
        .languages()
        .contains(&Language::Welsh)
        && ReportWords::get(Language::Welsh)?.is_draft()
    {
        out.push(
            "The Welsh wording of this report is a draft that a qualified Welsh speaker has not \
             checked yet. Have it checked before you give the report to anyone."
                .to_string(),
        );
    }
    Ok(out)
}

impl Workbook {
    /// The evaluation report for the partnership as a PDF (anonymised like the export):
    /// the bytes, the pages and how many counts were hidden.
    pub fn evaluation_pdf(&self, opts: &EvaluationOptions) -> Result<(Vec<u8>, usize, usize)> {
        let r = self.evaluation(opts)?;
        let a = Anonymised::of(&r, None);
        let bank = crate::assets::question_bank().map_err(|e| Error::Internal(e.to_string()))?;
        let mut hidden = 0usize;
        let mut parts = Vec::new();
        for (i, lang) in report_languages(opts).languages().iter().enumerate() {
            let mut counted = 0usize;
            parts.push(part(*lang, opts, &r, &a, bank, &mut counted)?);
            // Every part hides the same cells: count them once.
            if i == 0 {
                hidden = counted;
            }
        }
        let rendered = documents::evaluation::render_pdf(&parts)
            .map_err(|e| Error::Document(e.to_string()))?;
        Ok((rendered.bytes, rendered.pages, hidden))
    }

    /// Writes the evaluation report through the one file writer.
    pub fn write_evaluation_pdf(
        &self,
        opts: &EvaluationOptions,
        path: &Path,
        existing: Existing,
    ) -> Result<WrittenEvaluation> {
        let (bytes, pages, suppressed) = self.evaluation_pdf(opts)?;
        let protected = self.store.protected();
        let path = files::write(path, &bytes, WriteOptions::new(existing, &protected))?;
        Ok(WrittenEvaluation {
            path,
            size: pages,
            suppressed,
            warnings: report_warnings(opts)?,
        })
    }
}

/// A date in the part's language ("2 December 2026", "2 Rhagfyr 2026").
fn date(lang: Language, d: chrono::NaiveDate) -> Result<String> {
    documents::date_in(lang, d).map_err(|e| Error::Document(e.to_string()))
}

/// "All reviews in Wales, from 1 April 2026 to 31 March 2027", in the part's language.
fn scope(w: &ReportWords, lang: Language, o: &EvaluationOptions) -> Result<String> {
    let scope = match o.nation {
        Some(n) => w.say("scope_nation", &[("nation", &w.nation(n))])?,
        None => w.say("scope_all", &[])?,
    };
    match (o.from, o.to) {
        (Some(f), Some(t)) => w.say(
            "scope_from_to",
            &[
                ("scope", &scope),
                ("from", &date(lang, f)?),
                ("to", &date(lang, t)?),
            ],
        ),
        (Some(f), None) => w.say(
            "scope_from",
            &[("scope", &scope), ("from", &date(lang, f)?)],
        ),
        (None, Some(t)) => w.say("scope_to", &[("scope", &scope), ("to", &date(lang, t)?)]),
        (None, None) => w.say("scope_any_date", &[("scope", &scope)]),
    }
}

/// A quarter or year as the part's language says it ("April to June 2026").
fn period_label(
    w: &ReportWords,
    lang: Language,
    period: Period,
    start: chrono::NaiveDate,
) -> Result<String> {
    use chrono::Datelike;
    match period {
        Period::Year => Ok(start.year().to_string()),
        Period::Quarter => {
            let month =
                |m: u32| documents::month_in(lang, m).map_err(|e| Error::Document(e.to_string()));
            w.say(
                "quarter",
                &[
                    ("first", &month(start.month())?),
                    ("last", &month(start.month() + 2)?),
                    ("year", &start.year().to_string()),
                ],
            )
        }
    }
}

fn answer_label(
    bank: &crate::assets::questions::QuestionBank,
    lang: Language,
    a: Answer,
) -> String {
    let b = match a {
        Answer::Yes => &bank.answers.yes,
        Answer::Partly => &bank.answers.partly,
        Answer::No => &bank.answers.no,
        Answer::NotSure => &bank.answers.not_sure,
    };
    if lang == Language::Welsh {
        b.cy.clone()
    } else {
        b.en.clone()
    }
}

/// One language's part of the report.
fn part(
    lang: Language,
    opts: &EvaluationOptions,
    r: &EvaluationReport,
    a: &Anonymised,
    bank: &crate::assets::questions::QuestionBank,
    hidden: &mut usize,
) -> Result<EvaluationDoc> {
    let w = ReportWords::get(lang)?;
    let small = w.say("count_small", &[])?;
    let withheld = w.say("count_withheld", &[])?;
    let mut count = |c: Cell| -> String {
        match c {
            Cell::Shown(n) => n.to_string(),
            Cell::Small => {
                *hidden += 1;
                small.clone()
            }
            Cell::Withheld => {
                *hidden += 1;
                withheld.clone()
            }
        }
    };
    let rate = match (a.forms_total.0.shown(), a.forms_total.1.shown()) {
        (Some(s), Some(b)) => percent(b.min(s), s).map_or("-".into(), |p| format!("{p}%")),
        _ => w.say("rate_hidden", &[])?,
    };
    let facts = vec![
        (w.say("fact_covers", &[])?, scope(w, lang, opts)?),
        (w.say("fact_prepared", &[])?, date(lang, r.today)?),
        (w.say("fact_sent", &[])?, count(a.forms_total.0)),
        (w.say("fact_returned", &[])?, count(a.forms_total.1)),
        (w.say("fact_rate", &[])?, rate),
    ];
    let intro = vec![w.say("intro_1", &[])?, w.say("intro_2", &[])?];
    let mut sections = Vec::new();

    // By principle: the share of answers that were "Yes".
    let mut bars = Vec::new();
    for (i, cells, total) in &a.principles {
        let p = &r.principles[*i];
        let label = w.say(
            "principle_bar",
            &[
                ("number", &p.principle.to_string()),
                ("label", &w.principle(p.principle)),
            ],
        )?;
        bars.push(share_bar(w, &label, cells[0], *total, &mut count)?);
    }
    sections.push(ReportSection {
        heading: w.say("principles_heading", &[])?,
        paragraphs: vec![w.say("principles_note", &[])?],
        charts: vec![ReportChart {
            heading: w.say("principles_chart", &[])?,
            note: None,
            bars,
        }],
    });

    // By question: the four answers.
    let text: BTreeMap<&str, &str> = bank
        .question
        .iter()
        .map(|q| {
            let t = if lang == Language::Welsh {
                &q.text.cy
            } else {
                &q.text.en
            };
            (q.id.as_str(), t.as_str())
        })
        .collect();
    let mut charts = Vec::new();
    for (i, cells, total) in &a.answers {
        let q = &r.questions[*i];
        let total_n = total.shown();
        let mut bars = Vec::new();
        for ((ans, _), c) in Tally::default().counts().iter().zip(cells) {
            let fraction = match (c.shown(), total_n) {
                (Some(n), Some(t)) if t > 0 => Some(n as f32 / t as f32),
                _ => None,
            };
            let value = match (c.shown(), total_n) {
                (Some(n), Some(t)) => w.say(
                    "answer_value",
                    &[
                        ("count", &n.to_string()),
                        ("total", &t.to_string()),
                        ("percent", &percent(n, t).unwrap_or(0).to_string()),
                    ],
                )?,
                _ => count(*c),
            };
            bars.push(ReportBar {
                label: answer_label(bank, lang, *ans),
                value,
                fraction,
            });
        }
        let answered = count(*total);
        charts.push(ReportChart {
            heading: text
                .get(q.id.as_str())
                .copied()
                .unwrap_or(q.text.as_str())
                .to_string(),
            note: Some(w.say(
                "question_note",
                &[
                    ("number", &q.principle.to_string()),
                    ("label", &w.principle(q.principle)),
                    ("count", &answered),
                ],
            )?),
            bars,
        });
    }
    sections.push(ReportSection {
        heading: w.say("questions_heading", &[])?,
        paragraphs: vec![],
        charts,
    });

    // Over time: forms sent and returned.
    let most = a
        .forms
        .iter()
        .flat_map(|(_, s, b)| [s.shown(), b.shown()])
        .flatten()
        .max()
        .unwrap_or(0);
    let (sent_label, returned_label) = (w.say("time_sent", &[])?, w.say("time_returned", &[])?);
    let mut charts = Vec::new();
    for (k, (_, s, b)) in a.forms.iter().enumerate() {
        let start = r.over_time.get(k).map(|p| p.period.start);
        let heading = match start {
            Some(start) => period_label(w, lang, r.period, start)?,
            None => a.forms[k].0.clone(),
        };
        let mut bar = |what: &str, c: Cell| ReportBar {
            label: what.into(),
            fraction: c
                .shown()
                .filter(|_| most > 0)
                .map(|n| n as f32 / most as f32),
            value: count(c),
        };
        let bars = vec![bar(&sent_label, *s), bar(&returned_label, *b)];
        charts.push(ReportChart {
            heading,
            note: None,
            bars,
        });
    }
    let paragraphs = if charts.is_empty() {
        vec![w.say("time_none", &[])?]
    } else {
        let key = match r.period {
            Period::Quarter => "time_note_quarter",
            Period::Year => "time_note_year",
        };
        vec![w.say(key, &[("most", &most.to_string())])?]
    };
    sections.push(ReportSection {
        heading: w.say("time_heading", &[])?,
        paragraphs,
        charts,
    });

    Ok(EvaluationDoc {
        language: lang.code(),
        title: w.say("title", &[])?,
        subject: w.say("subject", &[])?,
        prepared_on: r.today,
        facts,
        intro,
        sections,
        footer: w.say("footer", &[("date", &date(lang, r.today)?)])?,
        page_label: w.say("page_label", &[])?,
    })
}

/// A bar for the share of "Yes" among all answers.
fn share_bar(
    w: &ReportWords,
    label: &str,
    yes: Cell,
    total: Cell,
    count: &mut impl FnMut(Cell) -> String,
) -> Result<ReportBar> {
    Ok(match (yes.shown(), total.shown()) {
        (Some(y), Some(t)) if t > 0 => ReportBar {
            label: label.into(),
            value: w.say(
                "share",
                &[
                    ("percent", &percent(y, t).unwrap_or(0).to_string()),
                    ("yes", &y.to_string()),
                    ("total", &t.to_string()),
                ],
            )?,
            fraction: Some(y as f32 / t as f32),
        },
        (_, Some(t)) => ReportBar {
            label: label.into(),
            value: w.say(
                "share_hidden",
                &[("count", &count(yes)), ("total", &t.to_string())],
            )?,
            fraction: None,
        },
        _ => ReportBar {
            label: label.into(),
            value: if total == Cell::Small {
                count(total);
                w.say("share_few", &[])?
            } else {
                count(total)
            },
            fraction: None,
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Both languages have every sentence the other has, and only placeholders the
    /// report fills.
    #[test]
    fn english_and_welsh_have_the_same_sentences_and_known_placeholders() {
        let en = ReportWords::get(Language::English).expect("English");
        let cy = ReportWords::get(Language::Welsh).expect("Welsh");
        let keys = |w: &ReportWords| w.text.keys().cloned().collect::<Vec<_>>();
        assert_eq!(keys(en), keys(cy));
        assert_eq!(
            en.nation.keys().collect::<Vec<_>>(),
            cy.nation.keys().collect::<Vec<_>>()
        );
        assert_eq!(
            en.principle.keys().collect::<Vec<_>>(),
            ["1", "2", "3", "4", "5", "6"]
        );
        assert_eq!(
            cy.principle.keys().collect::<Vec<_>>(),
            ["1", "2", "3", "4", "5", "6"]
        );
        for w in [en, cy] {
            for (key, template) in &w.text {
                fill(key, template, &[]).unwrap_or_else(|e| panic!("{e}"));
            }
        }
        assert!(cy.is_draft(), "no qualified Welsh speaker has checked it");
    }

    #[test]
    fn an_unknown_placeholder_is_refused_with_its_name() {
        let e = fill("x", "Hello {nme}", &[]).expect_err("unknown");
        assert!(e.to_string().contains("{nme}"), "{e}");
        assert_eq!(
            fill("x", "{count} of {total}", &[("count", "5"), ("total", "9")]).expect("fills"),
            "5 of 9"
        );
    }
}
