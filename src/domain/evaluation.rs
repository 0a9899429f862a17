//! Evaluation across reviews: how families answered the feedback forms, gathered by the
//! question bank's stable ids and by the principle each question puts into practice, with
//! the forms sent and returned (the response rate) and the change from one quarter or year
//! to the next. The sixth principle asks for involvement to be evaluated; this is the sum
//! an author or their partnership reads.
//!
//! Also the rule that keeps an anonymised table anonymous ([`suppress`]): a count of fewer
//! than five people is never shown, and a second cell is withheld beside it so that it
//! cannot be worked out by subtracting the others from the total.
//!
//! Pure: the records come in, the sums go out. Nothing here reads names or free text.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use super::dates::month_name;
use super::records::{Answer, Feedback};

/// The smallest count of people an anonymised table may show.
pub const SMALLEST_SHOWN: u32 = 5;

/// What the evaluation needs to know about a question of the bank.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuestionInfo {
    pub id: String,
    /// The principle of involvement it puts into practice (1 to 6).
    pub principle: u8,
    /// Answered Yes / Partly / No / Not sure (a scale), or in words only.
    pub scale: bool,
}

/// A feedback form made for someone, on the day it was made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sent {
    pub review_id: i64,
    pub made_on: NaiveDate,
}

/// How the change over time is gathered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Period {
    /// January to March, April to June, July to September, October to December.
    #[default]
    Quarter,
    Year,
}

impl Period {
    pub fn slug(self) -> &'static str {
        match self {
            Period::Quarter => "quarter",
            Period::Year => "year",
        }
    }

    pub fn parse(s: &str) -> Option<Period> {
        match s.trim().to_ascii_lowercase().as_str() {
            "quarter" | "quarters" | "quarterly" => Some(Period::Quarter),
            "year" | "years" | "yearly" => Some(Period::Year),
            _ => None,
        }
    }

    /// The first day of the period `d` falls in.
    pub fn start(self, d: NaiveDate) -> NaiveDate {
        let month = match self {
            Period::Quarter => (d.month0() / 3) * 3 + 1,
            Period::Year => 1,
        };
        NaiveDate::from_ymd_opt(d.year(), month, 1).unwrap_or(d)
    }

    /// The period as people say it: "April to June 2026", "2026".
    pub fn label(self, start: NaiveDate) -> String {
        match self {
            Period::Quarter => format!(
                "{} to {} {}",
                month_name(start.month()),
                month_name(start.month() + 2),
                start.year()
            ),
            Period::Year => start.year().to_string(),
        }
    }
}

/// How many people gave each answer, and how many answered at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Tally {
    pub yes: u32,
    pub partly: u32,
    pub no: u32,
    pub not_sure: u32,
}

impl Tally {
    pub fn add(&mut self, a: Answer) {
        match a {
            Answer::Yes => self.yes += 1,
            Answer::Partly => self.partly += 1,
            Answer::No => self.no += 1,
            Answer::NotSure => self.not_sure += 1,
        }
    }

    pub fn answered(&self) -> u32 {
        self.yes + self.partly + self.no + self.not_sure
    }

    /// The four counts in the order the forms print them.
    pub fn counts(&self) -> [(Answer, u32); 4] {
        [
            (Answer::Yes, self.yes),
            (Answer::Partly, self.partly),
            (Answer::No, self.no),
            (Answer::NotSure, self.not_sure),
        ]
    }

    /// Whole per cent of the answers that were "Yes" (None when nobody answered).
    pub fn yes_percent(&self) -> Option<u32> {
        percent(self.yes, self.answered())
    }
}

/// `part` of `whole` as a whole per cent, rounded half up; None when `whole` is 0.
pub fn percent(part: u32, whole: u32) -> Option<u32> {
    (whole > 0)
        .then(|| ((u64::from(part) * 200 + u64::from(whole)) / (2 * u64::from(whole))) as u32)
}

/// One question's answers across the reviews.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct QuestionSummary {
    pub id: String,
    pub principle: u8,
    pub scale: bool,
    pub tally: Tally,
    /// People who wrote something for this question (the words stay in the workbook).
    pub comments: u32,
}

/// One principle's answers: every scale question that puts it into practice, added up.
/// Counts are answers, not people: one person answers several questions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PrincipleSummary {
    pub principle: u8,
    pub questions: u32,
    pub tally: Tally,
}

/// One quarter or year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PeriodSummary {
    pub start: NaiveDate,
    pub label: String,
    pub sent: u32,
    pub returned: u32,
    /// Every scale answer returned in the period.
    pub tally: Tally,
}

/// The evaluation: what was sent, what came back and what it said.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Evaluation {
    pub period: Period,
    /// Reviews with a form sent or returned.
    pub reviews: u32,
    pub sent: u32,
    pub returned: u32,
    /// Returned as a whole per cent of sent, at most 100 (anonymous returns can outnumber
    /// the forms recorded as sent); None when no form was sent.
    pub response_rate: Option<u32>,
    pub anonymous: u32,
    pub by_question: Vec<QuestionSummary>,
    pub by_principle: Vec<PrincipleSummary>,
    pub over_time: Vec<PeriodSummary>,
}

/// Adds up the forms sent and the feedback returned. Questions are listed in the bank's
/// order, each once; answers to ids the bank no longer has are left out; principles 1 to 6
/// each appear once, with no questions when the bank has none for it. Periods run from the
/// earliest to the latest date seen, with none skipped, so a gap shows as a gap.
pub fn evaluate(
    questions: &[QuestionInfo],
    sent: &[Sent],
    returned: &[&Feedback],
    period: Period,
) -> Evaluation {
    let index: BTreeMap<&str, usize> = questions
        .iter()
        .enumerate()
        .map(|(i, q)| (q.id.as_str(), i))
        .collect();
    let mut by_question: Vec<QuestionSummary> = questions
        .iter()
        .map(|q| QuestionSummary {
            id: q.id.clone(),
            principle: q.principle,
            scale: q.scale,
            tally: Tally::default(),
            comments: 0,
        })
        .collect();
    let mut periods: BTreeMap<NaiveDate, (u32, u32, Tally)> = BTreeMap::new();
    let mut reviews = std::collections::BTreeSet::new();
    for s in sent {
        reviews.insert(s.review_id);
        periods.entry(period.start(s.made_on)).or_default().0 += 1;
    }
    let mut anonymous = 0;
    for f in returned {
        reviews.insert(f.review_id);
        if f.member_id.is_none() {
            anonymous += 1;
        }
        let slot = periods.entry(period.start(f.received_on)).or_default();
        slot.1 += 1;
        for (id, r) in &f.responses {
            let Some(&i) = index.get(id.as_str()) else {
                continue;
            };
            let q = &mut by_question[i];
            if let Some(a) = r.answer.filter(|_| q.scale) {
                q.tally.add(a);
                slot.2.add(a);
            }
            if r.comment.as_deref().is_some_and(|c| !c.trim().is_empty()) {
                q.comments += 1;
            }
        }
    }
    let by_principle = (1..=6u8)
        .map(|p| {
            let mut tally = Tally::default();
            let mut n = 0;
            for q in by_question.iter().filter(|q| q.principle == p && q.scale) {
                n += 1;
                tally.yes += q.tally.yes;
                tally.partly += q.tally.partly;
                tally.no += q.tally.no;
                tally.not_sure += q.tally.not_sure;
            }
            PrincipleSummary {
                principle: p,
                questions: n,
                tally,
            }
        })
        .collect();
    let mut over_time = Vec::new();
    if let (Some(&first), Some(&last)) = (periods.keys().next(), periods.keys().next_back()) {
        let mut at = first;
        while at <= last {
            let (sent, returned, tally) = periods.get(&at).copied().unwrap_or_default();
            over_time.push(PeriodSummary {
                start: at,
                label: period.label(at),
                sent,
                returned,
                tally,
            });
            let next = match period {
                Period::Quarter => at.checked_add_months(chrono::Months::new(3)),
                Period::Year => at.checked_add_months(chrono::Months::new(12)),
            };
            match next {
                Some(n) => at = n,
                None => break,
            }
        }
    }
    let sent_n = sent.len() as u32;
    let returned_n = returned.len() as u32;
    Evaluation {
        period,
        reviews: reviews.len() as u32,
        sent: sent_n,
        returned: returned_n,
        response_rate: percent(returned_n.min(sent_n), sent_n),
        anonymous,
        by_question,
        by_principle,
        over_time,
    }
}

/// One cell of an anonymised table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "cell", content = "count", rename_all = "kebab-case")]
pub enum Cell {
    /// Five people or more: shown.
    Shown(u32),
    /// Fewer than five people (none included): shown as "<5".
    Small,
    /// Five or more, withheld so that a small cell beside it cannot be worked out by
    /// subtracting the shown cells from the total.
    Withheld,
}

impl Cell {
    /// The cell as written in the export.
    pub fn text(self) -> String {
        match self {
            Cell::Shown(n) => n.to_string(),
            Cell::Small => "<5".to_string(),
            Cell::Withheld => "[c]".to_string(),
        }
    }

    pub fn shown(self) -> Option<u32> {
        match self {
            Cell::Shown(n) => Some(n),
            _ => None,
        }
    }
}

/// A row of counts and its total, made safe to share: every count below
/// [`SMALLEST_SHOWN`] (zero too: "nobody said no" identifies as surely as "one said no") is
/// [`Cell::Small`]; when only one part is small and the total is shown, the smallest other
/// part is withheld as well, so no small count equals the total minus the shown parts. A
/// total below five hides every part.
pub fn suppress(parts: &[u32], total: u32) -> (Vec<Cell>, Cell) {
    if total < SMALLEST_SHOWN {
        return (vec![Cell::Small; parts.len()], Cell::Small);
    }
    let mut cells: Vec<Cell> = parts
        .iter()
        .map(|&n| {
            if n < SMALLEST_SHOWN {
                Cell::Small
            } else {
                Cell::Shown(n)
            }
        })
        .collect();
    let hidden = cells
        .iter()
        .filter(|c| !matches!(c, Cell::Shown(_)))
        .count();
    if hidden == 1 {
        // The smallest shown part goes too (the first of equals, so it is repeatable).
        let smallest = cells
            .iter()
            .enumerate()
            .filter_map(|(i, c)| c.shown().map(|n| (n, i)))
            .min();
        if let Some((_, i)) = smallest {
            cells[i] = Cell::Withheld;
        }
    }
    (cells, Cell::Shown(total))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::records::{FeedbackStage, QuestionResponse};

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("test date")
    }

    fn bank() -> Vec<QuestionInfo> {
        [
            ("a", 1, true),
            ("b", 3, true),
            ("c", 3, true),
            ("t", 6, false),
        ]
        .into_iter()
        .map(|(id, principle, scale)| QuestionInfo {
            id: id.into(),
            principle,
            scale,
        })
        .collect()
    }

    fn returned(
        review: i64,
        member: Option<i64>,
        on: &str,
        answers: &[(&str, Option<Answer>, Option<&str>)],
    ) -> Feedback {
        Feedback {
            id: 0,
            review_id: review,
            member_id: member,
            stage: FeedbackStage::AfterFindings,
            received_on: d(on),
            channel: None,
            responses: answers
                .iter()
                .map(|(q, a, c)| {
                    (
                        q.to_string(),
                        QuestionResponse {
                            answer: *a,
                            comment: c.map(str::to_string),
                        },
                    )
                })
                .collect(),
            follow_up_requested: false,
            passed_to_partnership: false,
        }
    }

    #[test]
    fn periods_start_and_read_as_people_say_them() {
        let cases = [
            (
                Period::Quarter,
                "2026-01-01",
                "2026-01-01",
                "January to March 2026",
            ),
            (
                Period::Quarter,
                "2026-03-31",
                "2026-01-01",
                "January to March 2026",
            ),
            (
                Period::Quarter,
                "2026-04-01",
                "2026-04-01",
                "April to June 2026",
            ),
            (
                Period::Quarter,
                "2026-09-30",
                "2026-07-01",
                "July to September 2026",
            ),
            (
                Period::Quarter,
                "2026-12-31",
                "2026-10-01",
                "October to December 2026",
            ),
            (Period::Year, "2026-06-15", "2026-01-01", "2026"),
        ];
        for (p, day, start, label) in cases {
            assert_eq!(p.start(d(day)), d(start), "{p:?} start of {day}");
            assert_eq!(p.label(d(start)), label, "{p:?} label of {start}");
        }
        assert_eq!(Period::parse(" Year "), Some(Period::Year));
        assert_eq!(Period::parse("month"), None);
    }

    #[test]
    fn percentages_round_half_up_and_never_divide_by_nothing() {
        let cases = [
            (0, 0, None),
            (1, 3, Some(33)),
            (2, 3, Some(67)),
            (1, 8, Some(13)),
            (5, 5, Some(100)),
        ];
        for (part, whole, want) in cases {
            assert_eq!(percent(part, whole), want, "{part} of {whole}");
        }
    }

    #[test]
    fn answers_are_counted_by_question_principle_and_period() {
        use Answer::*;
        let f1 = returned(
            1,
            Some(10),
            "2026-02-01",
            &[
                ("a", Some(Yes), None),
                ("b", Some(No), Some("words")),
                ("t", None, Some("more")),
            ],
        );
        let f2 = returned(
            2,
            None,
            "2026-05-01",
            &[
                ("a", Some(Partly), None),
                ("c", Some(Yes), Some("  ")),
                ("gone", Some(No), None),
            ],
        );
        let f3 = returned(2, Some(11), "2026-11-20", &[("a", Some(Yes), None)]);
        let sent = [
            Sent {
                review_id: 1,
                made_on: d("2026-01-10"),
            },
            Sent {
                review_id: 2,
                made_on: d("2026-01-11"),
            },
            Sent {
                review_id: 2,
                made_on: d("2026-04-11"),
            },
            Sent {
                review_id: 3,
                made_on: d("2026-04-12"),
            },
        ];
        let e = evaluate(&bank(), &sent, &[&f1, &f2, &f3], Period::Quarter);
        assert_eq!((e.reviews, e.sent, e.returned, e.anonymous), (3, 4, 3, 1));
        assert_eq!(e.response_rate, Some(75));
        let q = |id: &str| e.by_question.iter().find(|q| q.id == id).expect(id);
        assert_eq!(
            q("a").tally,
            Tally {
                yes: 2,
                partly: 1,
                no: 0,
                not_sure: 0
            }
        );
        assert_eq!(q("b").tally.no, 1);
        assert_eq!(q("b").comments, 1);
        assert_eq!(q("c").comments, 0, "a blank comment is no comment");
        assert_eq!(q("t").comments, 1);
        assert_eq!(q("t").tally.answered(), 0);
        assert!(
            e.by_question.iter().all(|q| q.id != "gone"),
            "retired ids are left out"
        );
        let p3 = &e.by_principle[2];
        assert_eq!((p3.principle, p3.questions, p3.tally.answered()), (3, 2, 2));
        assert_eq!(e.by_principle.len(), 6);
        assert_eq!(
            e.by_principle[5].questions, 0,
            "text questions carry no answers"
        );
        let labels: Vec<_> = e
            .over_time
            .iter()
            .map(|p| (p.label.as_str(), p.sent, p.returned))
            .collect();
        assert_eq!(
            labels,
            [
                ("January to March 2026", 2, 1),
                ("April to June 2026", 2, 1),
                ("July to September 2026", 0, 0),
                ("October to December 2026", 0, 1),
            ]
        );
        let by_year = evaluate(&bank(), &sent, &[&f1, &f2, &f3], Period::Year);
        assert_eq!(by_year.over_time.len(), 1);
        assert_eq!(by_year.over_time[0].tally.answered(), 5);
    }

    #[test]
    fn nothing_in_gives_an_empty_evaluation() {
        let e = evaluate(&bank(), &[], &[], Period::Quarter);
        assert_eq!((e.sent, e.returned, e.response_rate), (0, 0, None));
        assert!(e.over_time.is_empty());
        assert_eq!(e.by_question.len(), 4);
    }

    #[test]
    fn more_returns_than_forms_caps_the_rate() {
        let f = returned(1, None, "2026-02-01", &[]);
        let e = evaluate(
            &bank(),
            &[Sent {
                review_id: 1,
                made_on: d("2026-01-01"),
            }],
            &[&f, &f],
            Period::Year,
        );
        assert_eq!(e.response_rate, Some(100));
    }

    #[test]
    fn small_cells_are_hidden_and_cannot_be_subtracted_back() {
        use Cell::*;
        let cases: [(&[u32], u32, &[Cell], Cell); 6] = [
            (
                &[10, 7, 6, 5],
                28,
                &[Shown(10), Shown(7), Shown(6), Shown(5)],
                Shown(28),
            ),
            (
                &[10, 0, 7, 6],
                23,
                &[Shown(10), Small, Shown(7), Withheld],
                Shown(23),
            ),
            (
                &[3, 9, 9, 5],
                26,
                &[Small, Shown(9), Shown(9), Withheld],
                Shown(26),
            ),
            (
                &[3, 4, 9, 9],
                25,
                &[Small, Small, Shown(9), Shown(9)],
                Shown(25),
            ),
            (&[2, 1, 0, 0], 3, &[Small, Small, Small, Small], Small),
            (&[0, 5, 0, 0], 5, &[Small, Shown(5), Small, Small], Shown(5)),
        ];
        for (parts, total, want, want_total) in cases {
            let (cells, t) = suppress(parts, total);
            assert_eq!(
                (cells.as_slice(), t),
                (want, want_total),
                "{parts:?} of {total}"
            );
            // Whatever is shown, a hidden cell is never the total minus the shown parts alone.
            let hidden = cells.iter().filter(|c| c.shown().is_none()).count();
            assert!(
                hidden == 0 || hidden >= 2 || t.shown().is_none(),
                "{parts:?}"
            );
        }
    }
}
