//! Evaluation across reviews (issue 15): the feedback families returned, added up by
//! question and by principle, the forms sent and returned, and the change by quarter or
//! year (`domain::evaluation`), in words for the faces; and the two things that leave the
//! workbook for the partnership: an anonymised CSV file and a PDF report.
//!
//! What leaves is anonymous by construction: answers only, counted; no names, no addresses,
//! no review references unless asked for; every count below five written "<5" with a second
//! cell withheld beside it (`domain::evaluation::suppress`), so no family can be picked out
//! and no small count can be worked out from a total. Free-text comments never leave:
//! Kindred records no family's agreement to share their words with the partnership, so none
//! are exported (the count of people who wrote something is, suppressed like any count).
//! The author's own view on the desktop shows the full counts: they are the author's data.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::Serialize;

use super::forms::EvaluationOptions;
use super::Workbook;
use crate::domain::catalogue::Vocabulary;
use crate::domain::dates::long;
use crate::domain::evaluation::{
    self, percent, suppress, Cell, Evaluation, Period, PeriodSummary, QuestionInfo, Tally,
};
use crate::domain::nation::Nation;
use crate::domain::phase::Principle;
use crate::domain::records::Answer;
use crate::error::{Error, Result};
use crate::files::{self, Existing, WriteOptions};
use crate::store;

mod report;
pub use report::{report_languages, report_warnings, ReportWords};

/// One question's answers, with its wording and principle in words.
#[derive(Debug, Clone, Serialize)]
pub struct QuestionRow {
    pub id: String,
    pub text: String,
    pub principle: u8,
    pub principle_label: &'static str,
    pub scale: bool,
    pub tally: Tally,
    pub answered: u32,
    pub yes_percent: Option<u32>,
    /// People who wrote something (the words themselves stay in the workbook).
    pub comments: u32,
}

/// One principle's answers (answers, not people: a person answers several questions).
#[derive(Debug, Clone, Serialize)]
pub struct PrincipleRow {
    pub principle: u8,
    pub label: &'static str,
    pub questions: u32,
    pub tally: Tally,
    pub answered: u32,
    pub yes_percent: Option<u32>,
}

/// A quarter or year, with its response rate.
#[derive(Debug, Clone, Serialize)]
pub struct PeriodRow {
    #[serde(flatten)]
    pub period: PeriodSummary,
    pub response_rate: Option<u32>,
    pub yes_percent: Option<u32>,
}

/// The evaluation as the author sees it.
#[derive(Debug, Clone, Serialize)]
pub struct EvaluationReport {
    pub today: NaiveDate,
    /// What it covers, in words: "All reviews in Wales, from 1 April 2026 to 31 March 2027".
    pub scope: String,
    pub nation: Option<Nation>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub period: Period,
    pub reviews: u32,
    pub sent: u32,
    pub returned: u32,
    pub response_rate: Option<u32>,
    pub anonymous: u32,
    pub questions: Vec<QuestionRow>,
    pub principles: Vec<PrincipleRow>,
    pub over_time: Vec<PeriodRow>,
}

/// What goes into the anonymised export.
#[derive(Debug, Clone, Copy, Default)]
pub struct ExportOptions {
    /// Add forms sent and returned for each review, by its reference (off by default).
    pub with_references: bool,
}

/// A written file and what is in it.
#[derive(Debug, Clone, Serialize)]
pub struct WrittenEvaluation {
    pub path: PathBuf,
    /// Rows of data (CSV) or pages (PDF).
    pub size: usize,
    /// Cells written as "<5" or withheld.
    pub suppressed: usize,
    /// What the author must know before giving it out (a Welsh part still a draft).
    pub warnings: Vec<String>,
}

fn nation_name(n: Nation) -> String {
    Vocabulary::embedded()
        .ok()
        .and_then(|v| v.nation(n))
        .map_or_else(|| n.slug().to_string(), |i| i.name.clone())
}

fn principle_label(p: u8) -> &'static str {
    Principle::try_from(p).map_or("", Principle::label)
}

fn answer_label(a: Answer) -> &'static str {
    match a {
        Answer::Yes => "Yes",
        Answer::Partly => "Partly",
        Answer::No => "No",
        Answer::NotSure => "Not sure",
    }
}

/// "All reviews in Wales, from 1 April 2026 to 31 March 2027".
fn scope(o: &EvaluationOptions) -> String {
    let mut s = match o.nation {
        Some(n) => format!("All reviews in {}", nation_name(n)),
        None => "All reviews in every nation".to_string(),
    };
    match (o.from, o.to) {
        (Some(f), Some(t)) => s.push_str(&format!(", from {} to {}", long(f), long(t))),
        (Some(f), None) => s.push_str(&format!(", from {}", long(f))),
        (None, Some(t)) => s.push_str(&format!(", up to {}", long(t))),
        (None, None) => s.push_str(", all dates"),
    }
    s
}

/// The anonymised tables, shared by the CSV and the PDF so the two can never disagree.
struct Anonymised {
    /// Per period: (label, sent, returned); then the totals.
    forms: Vec<(String, Cell, Cell)>,
    forms_total: (Cell, Cell),
    /// Per scale question: (row, the four answers, answered).
    answers: Vec<(usize, [Cell; 4], Cell)>,
    /// Per principle: the four answers and the total, shown only where every cell of every
    /// question under it is shown (else a hidden question cell could be subtracted out).
    principles: Vec<(usize, [Cell; 4], Cell)>,
    /// Per question, people who wrote something (never the words).
    comments: Vec<(usize, Cell)>,
    /// Per review when asked: (reference, sent, returned).
    by_review: Vec<(String, Cell, Cell)>,
}

fn column(parts: &[u32], total: u32) -> (Vec<Cell>, Cell) {
    suppress(parts, total)
}

fn four(t: &Tally) -> [u32; 4] {
    [t.yes, t.partly, t.no, t.not_sure]
}

fn to4(v: Vec<Cell>) -> [Cell; 4] {
    let mut out = [Cell::Small; 4];
    for (o, c) in out.iter_mut().zip(v) {
        *o = c;
    }
    out
}

impl Anonymised {
    fn of(r: &EvaluationReport, by_review: Option<&[(String, u32, u32)]>) -> Anonymised {
        let sent: Vec<u32> = r.over_time.iter().map(|p| p.period.sent).collect();
        let back: Vec<u32> = r.over_time.iter().map(|p| p.period.returned).collect();
        let (sent_cells, sent_total) = column(&sent, r.sent);
        let (back_cells, back_total) = column(&back, r.returned);
        let forms = r
            .over_time
            .iter()
            .zip(sent_cells.into_iter().zip(back_cells))
            .map(|(p, (s, b))| (p.period.label.clone(), s, b))
            .collect();
        let answers: Vec<(usize, [Cell; 4], Cell)> = r
            .questions
            .iter()
            .enumerate()
            .filter(|(_, q)| q.scale)
            .map(|(i, q)| {
                let (cells, total) = suppress(&four(&q.tally), q.answered);
                (i, to4(cells), total)
            })
            .collect();
        let principles = r
            .principles
            .iter()
            .enumerate()
            .filter(|(_, p)| p.questions > 0)
            .map(|(i, p)| {
                let (cells, total) = suppress(&four(&p.tally), p.answered);
                let under_hidden = answers
                    .iter()
                    .filter(|(q, _, _)| r.questions[*q].principle == p.principle)
                    .any(|(_, qc, t)| {
                        t.shown().is_none() || qc.iter().any(|c| c.shown().is_none())
                    });
                // A principle adds up its questions: were any of their cells hidden, a shown
                // principle could give one back by subtraction, so the whole row goes.
                let hide = |c: Cell| match c {
                    Cell::Shown(_) if under_hidden => Cell::Withheld,
                    c => c,
                };
                let cells = to4(cells).map(hide);
                let total = hide(total);
                (i, cells, total)
            })
            .collect();
        let comments = r
            .questions
            .iter()
            .enumerate()
            .map(|(i, q)| {
                let cell = if q.comments < evaluation::SMALLEST_SHOWN {
                    Cell::Small
                } else {
                    Cell::Shown(q.comments)
                };
                (i, cell)
            })
            .collect();
        let by_review = match by_review {
            Some(rows) => {
                let s: Vec<u32> = rows.iter().map(|r| r.1).collect();
                let b: Vec<u32> = rows.iter().map(|r| r.2).collect();
                let (sc, _) = column(&s, r.sent);
                let (bc, _) = column(&b, r.returned);
                rows.iter()
                    .zip(sc.into_iter().zip(bc))
                    .map(|(row, (s, b))| (row.0.clone(), s, b))
                    .collect()
            }
            None => Vec::new(),
        };
        Anonymised {
            forms,
            forms_total: (sent_total, back_total),
            answers,
            principles,
            comments,
            by_review,
        }
    }
}

/// A CSV field: quoted when it holds a comma, a quote or a line break; a leading `=`, `+`,
/// `-` or `@` is prefixed with `'` so a spreadsheet never reads a label as a formula.
fn field(s: &str) -> String {
    let s = if s.starts_with(['=', '+', '-', '@']) {
        format!("'{s}")
    } else {
        s.to_string()
    };
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

impl Workbook {
    /// The evaluation across reviews, for the author.
    pub fn evaluation(&self, opts: &EvaluationOptions) -> Result<EvaluationReport> {
        let bank = crate::assets::question_bank().map_err(|e| Error::Internal(e.to_string()))?;
        let questions: Vec<QuestionInfo> = bank
            .question
            .iter()
            .map(|q| QuestionInfo {
                id: q.id.clone(),
                principle: q.principle,
                scale: q.kind == crate::assets::questions::QuestionKind::Scale,
            })
            .collect();
        let filter = store::evaluation::Filter {
            nation: opts.nation,
            from: opts.from,
            to: opts.to,
        };
        let conn = self.store.conn();
        let sent = store::evaluation::sent(conn, &filter)?;
        let returned = store::evaluation::returned(conn, &filter)?;
        let refs: Vec<&_> = returned.iter().collect();
        let e = evaluation::evaluate(&questions, &sent, &refs, opts.period);
        Ok(self.report(opts, e, bank))
    }

    fn report(
        &self,
        opts: &EvaluationOptions,
        e: Evaluation,
        bank: &crate::assets::questions::QuestionBank,
    ) -> EvaluationReport {
        let text: BTreeMap<&str, &str> = bank
            .question
            .iter()
            .map(|q| (q.id.as_str(), q.text.en.as_str()))
            .collect();
        EvaluationReport {
            today: self.today(),
            scope: scope(opts),
            nation: opts.nation,
            from: opts.from,
            to: opts.to,
            period: e.period,
            reviews: e.reviews,
            sent: e.sent,
            returned: e.returned,
            response_rate: e.response_rate,
            anonymous: e.anonymous,
            questions: e
                .by_question
                .into_iter()
                .map(|q| QuestionRow {
                    text: text
                        .get(q.id.as_str())
                        .copied()
                        .unwrap_or_default()
                        .to_string(),
                    principle_label: principle_label(q.principle),
                    answered: q.tally.answered(),
                    yes_percent: q.tally.yes_percent(),
                    id: q.id,
                    principle: q.principle,
                    scale: q.scale,
                    tally: q.tally,
                    comments: q.comments,
                })
                .collect(),
            principles: e
                .by_principle
                .into_iter()
                .map(|p| PrincipleRow {
                    principle: p.principle,
                    label: principle_label(p.principle),
                    questions: p.questions,
                    answered: p.tally.answered(),
                    yes_percent: p.tally.yes_percent(),
                    tally: p.tally,
                })
                .collect(),
            over_time: e
                .over_time
                .into_iter()
                .map(|p| PeriodRow {
                    response_rate: percent(p.returned.min(p.sent), p.sent),
                    yes_percent: p.tally.yes_percent(),
                    period: p,
                })
                .collect(),
        }
    }

    /// Forms sent and returned in each review (reference, sent, returned), for an export
    /// that was asked to carry references.
    fn forms_by_review(&self, opts: &EvaluationOptions) -> Result<Vec<(String, u32, u32)>> {
        let filter = store::evaluation::Filter {
            nation: opts.nation,
            from: opts.from,
            to: opts.to,
        };
        let conn = self.store.conn();
        let mut counts: BTreeMap<i64, (u32, u32)> = BTreeMap::new();
        for s in store::evaluation::sent(conn, &filter)? {
            counts.entry(s.review_id).or_default().0 += 1;
        }
        for f in store::evaluation::returned(conn, &filter)? {
            counts.entry(f.review_id).or_default().1 += 1;
        }
        Ok(store::evaluation::reviews(conn)?
            .into_iter()
            .filter_map(|(id, reference, _)| counts.get(&id).map(|&(s, b)| (reference, s, b)))
            .collect())
    }

    /// The anonymised export as CSV text, and how many cells were suppressed. One table in
    /// long form, one count a row: `table,review,period,principle,question,measure,people`.
    pub fn evaluation_csv(
        &self,
        opts: &EvaluationOptions,
        export: &ExportOptions,
    ) -> Result<(String, usize, usize)> {
        let r = self.evaluation(opts)?;
        let by_review = if export.with_references {
            Some(self.forms_by_review(opts)?)
        } else {
            None
        };
        let a = Anonymised::of(&r, by_review.as_deref());
        let mut rows: Vec<[String; 7]> = Vec::new();
        let mut suppressed = 0usize;
        let mut push = |table: &str,
                        review: &str,
                        period: &str,
                        principle: String,
                        question: &str,
                        measure: &str,
                        c: Cell| {
            if c.shown().is_none() {
                suppressed += 1;
            }
            rows.push([
                table.into(),
                review.into(),
                period.into(),
                principle,
                question.into(),
                measure.into(),
                c.text(),
            ]);
        };
        for (label, s, b) in &a.forms {
            push("forms", "", label, String::new(), "", "sent", *s);
            push("forms", "", label, String::new(), "", "returned", *b);
        }
        push(
            "forms",
            "",
            "All",
            String::new(),
            "",
            "sent",
            a.forms_total.0,
        );
        push(
            "forms",
            "",
            "All",
            String::new(),
            "",
            "returned",
            a.forms_total.1,
        );
        for (reference, s, b) in &a.by_review {
            push(
                "forms-by-review",
                reference,
                "All",
                String::new(),
                "",
                "sent",
                *s,
            );
            push(
                "forms-by-review",
                reference,
                "All",
                String::new(),
                "",
                "returned",
                *b,
            );
        }
        for (i, cells, total) in &a.principles {
            let p = &r.principles[*i];
            let name = format!("{} {}", p.principle, p.label);
            for ((ans, _), c) in Tally::default().counts().iter().zip(cells) {
                push(
                    "answers-by-principle",
                    "",
                    "All",
                    name.clone(),
                    "",
                    answer_label(*ans),
                    *c,
                );
            }
            push(
                "answers-by-principle",
                "",
                "All",
                name.clone(),
                "",
                "answered",
                *total,
            );
        }
        for (i, cells, total) in &a.answers {
            let q = &r.questions[*i];
            let name = format!("{} {}", q.principle, q.principle_label);
            for ((ans, _), c) in Tally::default().counts().iter().zip(cells) {
                push(
                    "answers",
                    "",
                    "All",
                    name.clone(),
                    &q.id,
                    answer_label(*ans),
                    *c,
                );
            }
            push(
                "answers",
                "",
                "All",
                name.clone(),
                &q.id,
                "answered",
                *total,
            );
        }
        for (i, c) in &a.comments {
            let q = &r.questions[*i];
            let name = format!("{} {}", q.principle, q.principle_label);
            push(
                "comments-written",
                "",
                "All",
                name,
                &q.id,
                "people who wrote something",
                *c,
            );
        }
        let mut out = String::from("table,review,period,principle,question,measure,people\n");
        for row in &rows {
            let line: Vec<String> = row.iter().map(|f| field(f)).collect();
            out.push_str(&line.join(","));
            out.push('\n');
        }
        Ok((out, rows.len(), suppressed))
    }

    /// Writes the anonymised export through the one file writer.
    pub fn write_evaluation_csv(
        &self,
        opts: &EvaluationOptions,
        export: &ExportOptions,
        path: &Path,
        existing: Existing,
    ) -> Result<WrittenEvaluation> {
        let (text, rows, suppressed) = self.evaluation_csv(opts, export)?;
        let protected = self.store.protected();
        let path = files::write(
            path,
            text.as_bytes(),
            WriteOptions::new(existing, &protected),
        )?;
        Ok(WrittenEvaluation {
            path,
            size: rows,
            suppressed,
            warnings: Vec::new(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::field;

    #[test]
    fn csv_fields_are_quoted_and_never_formulas() {
        let cases = [
            ("plain", "plain"),
            ("a,b", "\"a,b\""),
            ("say \"hi\"", "\"say \"\"hi\"\"\""),
            ("=SUM(A1)", "'=SUM(A1)"),
            ("-5", "'-5"),
            ("<5", "<5"),
        ];
        for (input, want) in cases {
            assert_eq!(field(input), want, "{input:?}");
        }
    }
}
