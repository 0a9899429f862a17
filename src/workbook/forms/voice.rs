//! The family's-voice forms (issue 12): lines of enquiry, questions and their answers,
//! contributions, findings, and the draft shared with the family, each parsed from text
//! with every problem reported at once in the words of its label, like every other form.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{
    choose, finish, note, opt, opt_date, parse_enum, parse_u32, reason, req, req_date, Form, Labels,
};
use crate::domain::voice::*;
use crate::error::Result;

/// Adding or changing a line of enquiry.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct LineForm {
    pub text: Option<String>,
    pub source: Option<String>,
    pub question_ids: Vec<i64>,
    pub added_on: Option<String>,
    /// open | covered | dropped (blank: open)
    pub status: Option<String>,
    pub dropped_reason: Option<String>,
}

impl LineForm {
    pub const LABELS: Labels = &[
        ("text", "Line of enquiry"),
        ("source", "Where it came from"),
        ("question_ids", "The family question it came from"),
        ("added_on", "Date added"),
        ("status", "Status"),
        ("dropped_reason", "Why it was dropped"),
    ];

    pub fn from_line(l: &LineOfEnquiry) -> LineForm {
        let (status, dropped_reason) = match &l.status {
            LineStatus::Open => ("open", None),
            LineStatus::Covered => ("covered", None),
            LineStatus::Dropped { reason } => ("dropped", Some(reason.clone())),
        };
        LineForm {
            text: Some(l.text.clone()),
            source: Some(l.source.slug().into()),
            question_ids: l.question_ids.clone(),
            added_on: Some(l.added_on.to_string()),
            status: Some(status.into()),
            dropped_reason,
        }
    }

    pub fn parse(&self, review_id: i64) -> Result<LineOfEnquiry> {
        let mut e = Form::new(LineForm::LABELS);
        let text = req(&mut e, "text", self.text.as_deref());
        let source = choose(
            &mut e,
            "source",
            self.source.as_deref(),
            EnquirySource::parse,
            &EnquirySource::choices(),
        );
        let added_on = req_date(&mut e, "added_on", self.added_on.as_deref());
        let status = match self.status.as_deref().map(str::trim).unwrap_or("") {
            "" | "open" => LineStatus::Open,
            "covered" => LineStatus::Covered,
            "dropped" => LineStatus::Dropped {
                reason: reason(&mut e, "dropped_reason", self.dropped_reason.as_deref()),
            },
            other => {
                parse_enum::<()>(
                    &mut e,
                    "status",
                    Some(other),
                    |_| None,
                    "open, covered, dropped",
                );
                LineStatus::Open
            }
        };
        let line = LineOfEnquiry {
            id: 0,
            review_id,
            text,
            source: source.unwrap_or(EnquirySource::Reviewer),
            question_ids: self.question_ids.clone(),
            added_on,
            status,
        };
        e.check(&["source"], || line.conflicts());
        finish(e, || line)
    }
}

/// Recording a question a person (or several together) asked.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct QuestionForm {
    pub asked_by: Vec<i64>,
    pub asked_on: Option<String>,
    pub words: Option<String>,
    pub contact_id: Option<i64>,
    pub line_ids: Vec<i64>,
}

impl QuestionForm {
    pub const LABELS: Labels = &[
        ("asked_by", "Who asked"),
        ("asked_on", "Date asked"),
        ("words", "The question, in their words"),
        ("contact_id", "The contact or visit it was asked at"),
        ("line_ids", "Lines of enquiry it belongs to"),
    ];

    pub fn from_question(q: &Question) -> QuestionForm {
        QuestionForm {
            asked_by: q.asked_by.clone(),
            asked_on: Some(q.asked_on.to_string()),
            words: Some(q.words.clone()),
            contact_id: q.contact_id,
            line_ids: q.line_ids.clone(),
        }
    }

    /// The question with its status kept (`status`: Open for a new one).
    pub fn parse(&self, review_id: i64, status: QuestionStatus) -> Result<Question> {
        let mut e = Form::new(QuestionForm::LABELS);
        let asked_on = req_date(&mut e, "asked_on", self.asked_on.as_deref());
        let words = req(&mut e, "words", self.words.as_deref());
        let mut asked_by = self.asked_by.clone();
        asked_by.sort_unstable();
        asked_by.dedup();
        let q = Question {
            id: 0,
            review_id,
            asked_by,
            asked_on,
            words,
            contact_id: self.contact_id,
            line_ids: self.line_ids.clone(),
            status,
        };
        finish(e, || q)
    }
}

/// Where a question stands: looked into, answered, cannot be answered, outside the review.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct AnswerForm {
    /// open | being-looked-into | answered | cannot-be-answered | outside-review
    pub status: Option<String>,
    pub answer: Option<String>,
    pub how: Option<String>,
    pub given_on: Option<String>,
    pub given_by: Option<String>,
    pub reason: Option<String>,
    pub told_on: Option<String>,
    pub referred_to: Option<String>,
}

pub const QUESTION_STATUSES: &str =
    "open, being-looked-into, answered, cannot-be-answered, outside-review";

impl AnswerForm {
    pub const LABELS: Labels = &[
        ("status", "Where the question stands"),
        ("answer", "The answer"),
        ("how", "How the answer was given"),
        ("given_on", "Date the answer was given"),
        ("given_by", "Who gave the answer"),
        ("reason", "Why it cannot be answered"),
        ("told_on", "Date the person was told"),
        ("referred_to", "Where it was referred"),
    ];

    pub fn from_status(s: &QuestionStatus) -> AnswerForm {
        let mut f = AnswerForm {
            status: Some(s.slug().into()),
            ..AnswerForm::default()
        };
        match s {
            QuestionStatus::Answered {
                answer,
                how,
                given_on,
                given_by,
            } => {
                f.answer = Some(answer.clone());
                f.how = Some(how.slug().into());
                f.given_on = Some(given_on.to_string());
                f.given_by = Some(given_by.clone());
            }
            QuestionStatus::CannotBeAnswered { reason, told_on } => {
                f.reason = Some(reason.clone());
                f.told_on = Some(told_on.to_string());
            }
            QuestionStatus::OutsideReview {
                referred_to,
                told_on,
            } => {
                f.referred_to = Some(referred_to.clone());
                f.told_on = told_on.map(|d| d.to_string());
            }
            QuestionStatus::Open | QuestionStatus::BeingLookedInto => {}
        }
        f
    }

    pub fn parse(&self) -> Result<QuestionStatus> {
        let mut e = Form::new(AnswerForm::LABELS);
        let status = match self.status.as_deref().map(str::trim).unwrap_or("") {
            "open" => QuestionStatus::Open,
            "being-looked-into" => QuestionStatus::BeingLookedInto,
            "answered" => {
                let answer = req(&mut e, "answer", self.answer.as_deref());
                let how = choose(
                    &mut e,
                    "how",
                    self.how.as_deref(),
                    AnswerMode::parse,
                    &AnswerMode::choices(),
                );
                let given_on = req_date(&mut e, "given_on", self.given_on.as_deref());
                let given_by = req(&mut e, "given_by", self.given_by.as_deref());
                QuestionStatus::Answered {
                    answer,
                    how: how.unwrap_or(AnswerMode::InPerson),
                    given_on,
                    given_by,
                }
            }
            "cannot-be-answered" => QuestionStatus::CannotBeAnswered {
                reason: reason(&mut e, "reason", self.reason.as_deref()),
                told_on: req_date(&mut e, "told_on", self.told_on.as_deref()),
            },
            "outside-review" => QuestionStatus::OutsideReview {
                referred_to: req(&mut e, "referred_to", self.referred_to.as_deref()),
                told_on: opt_date(&mut e, "told_on", self.told_on.as_deref()),
            },
            "" => {
                choose::<()>(&mut e, "status", None, |_| None, QUESTION_STATUSES);
                QuestionStatus::Open
            }
            other => {
                parse_enum::<()>(&mut e, "status", Some(other), |_| None, QUESTION_STATUSES);
                QuestionStatus::Open
            }
        };
        finish(e, || status)
    }
}

/// What one person told the review.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ContributionForm {
    pub date: Option<String>,
    pub contact_id: Option<i64>,
    pub line_ids: Vec<i64>,
    pub kind: Option<String>,
    pub theme: Option<String>,
    pub summary: Option<String>,
    pub own_words: Option<String>,
    pub permission: Option<String>,
    pub permission_agreed_on: Option<String>,
    pub not_used_reason: Option<String>,
}

impl ContributionForm {
    pub const LABELS: Labels = &[
        ("date", "Date"),
        ("contact_id", "The contact or visit it came from"),
        ("line_ids", "Lines of enquiry it speaks to"),
        ("kind", "What it is about"),
        ("theme", "Theme"),
        ("summary", "Summary, in your words"),
        ("own_words", "Their own words"),
        ("permission", "How it may be used"),
        ("permission_agreed_on", "Date the use was agreed"),
        ("not_used_reason", "Why it informed no finding"),
    ];

    pub fn from_contribution(c: &Contribution) -> ContributionForm {
        ContributionForm {
            date: Some(c.date.to_string()),
            contact_id: c.contact_id,
            line_ids: c.line_ids.clone(),
            kind: Some(c.kind.slug().into()),
            theme: c.theme.clone(),
            summary: Some(c.summary.clone()),
            own_words: c.own_words.clone(),
            permission: Some(c.permission.slug().into()),
            permission_agreed_on: Some(c.permission_agreed_on.to_string()),
            not_used_reason: c.not_used_reason.clone(),
        }
    }

    pub fn parse(&self, review_id: i64, member_id: i64, today: NaiveDate) -> Result<Contribution> {
        let mut e = Form::new(ContributionForm::LABELS);
        let date = req_date(&mut e, "date", self.date.as_deref());
        let kind = choose(
            &mut e,
            "kind",
            self.kind.as_deref(),
            ContributionKind::parse,
            &ContributionKind::choices(),
        );
        let theme = opt(&mut e, "theme", self.theme.as_deref());
        let summary = req(&mut e, "summary", self.summary.as_deref());
        let own_words = note(&mut e, "own_words", self.own_words.as_deref());
        let permission = choose(
            &mut e,
            "permission",
            self.permission.as_deref(),
            UsePermission::parse,
            &UsePermission::choices(),
        );
        let permission_agreed_on = req_date(
            &mut e,
            "permission_agreed_on",
            self.permission_agreed_on.as_deref(),
        );
        let not_used_reason = note(&mut e, "not_used_reason", self.not_used_reason.as_deref());
        let c = Contribution {
            id: 0,
            review_id,
            member_id,
            date,
            contact_id: self.contact_id,
            line_ids: self.line_ids.clone(),
            kind: kind.unwrap_or(ContributionKind::Other),
            theme,
            summary,
            own_words,
            permission: permission.unwrap_or(UsePermission::NotToBeUsed),
            permission_agreed_on,
            not_used_reason,
        };
        e.check(
            &["date", "permission", "permission_agreed_on", "own_words"],
            || c.conflicts(today),
        );
        finish(e, || c)
    }
}

/// A draft finding and what informed it.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct FindingForm {
    pub title: Option<String>,
    pub text: Option<String>,
    pub status: Option<String>,
    pub line_ids: Vec<i64>,
    pub contribution_ids: Vec<i64>,
}

impl FindingForm {
    pub const LABELS: Labels = &[
        ("title", "Title"),
        ("text", "The finding"),
        ("status", "Status"),
        ("line_ids", "Lines of enquiry"),
        ("contribution_ids", "What the family said that informed it"),
    ];

    pub fn from_finding(f: &Finding) -> FindingForm {
        FindingForm {
            title: Some(f.title.clone()),
            text: Some(f.text.clone()),
            status: Some(f.status.slug().into()),
            line_ids: f.line_ids.clone(),
            contribution_ids: f.contribution_ids.clone(),
        }
    }

    pub fn parse(&self, review_id: i64) -> Result<Finding> {
        let mut e = Form::new(FindingForm::LABELS);
        let f = Finding {
            id: 0,
            review_id,
            title: req(&mut e, "title", self.title.as_deref()),
            text: reason(&mut e, "text", self.text.as_deref()),
            status: parse_enum(
                &mut e,
                "status",
                self.status.as_deref(),
                FindingStatus::parse,
                &FindingStatus::choices(),
            )
            .unwrap_or(FindingStatus::Draft),
            line_ids: self.line_ids.clone(),
            contribution_ids: self.contribution_ids.clone(),
        };
        finish(e, || f)
    }
}

/// A draft shared with one or more people.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct SharingForm {
    pub member_ids: Vec<i64>,
    pub draft_version: Option<String>,
    pub date: Option<String>,
    pub mode: Option<String>,
    pub supporter: Option<String>,
    pub interpreter_language: Option<String>,
    pub reading_time_days: Option<String>,
    pub comments_due: Option<String>,
}

impl SharingForm {
    pub const LABELS: Labels = &[
        ("member_ids", "Who saw the draft"),
        ("draft_version", "Which draft"),
        ("date", "Date shared"),
        ("mode", "How they saw it"),
        ("supporter", "Who supported them"),
        ("interpreter_language", "Interpreter’s language"),
        ("reading_time_days", "Days they had to read it"),
        ("comments_due", "Deadline for comments"),
    ];

    pub fn parse(&self, review_id: i64) -> Result<SharingSession> {
        let mut e = Form::new(SharingForm::LABELS);
        let mut member_ids = self.member_ids.clone();
        member_ids.sort_unstable();
        member_ids.dedup();
        let s = SharingSession {
            id: 0,
            review_id,
            member_ids,
            draft_version: req(&mut e, "draft_version", self.draft_version.as_deref()),
            date: req_date(&mut e, "date", self.date.as_deref()),
            mode: choose(
                &mut e,
                "mode",
                self.mode.as_deref(),
                SharingMode::parse,
                &SharingMode::choices(),
            )
            .unwrap_or(SharingMode::ReadingSession),
            supporter: opt(&mut e, "supporter", self.supporter.as_deref()),
            interpreter_language: opt(
                &mut e,
                "interpreter_language",
                self.interpreter_language.as_deref(),
            ),
            reading_time_days: parse_u32(
                &mut e,
                "reading_time_days",
                self.reading_time_days.as_deref(),
                365,
            ),
            comments_due: opt_date(&mut e, "comments_due", self.comments_due.as_deref()),
            comments: Vec::new(),
        };
        e.check(&["date", "comments_due"], || s.conflicts());
        finish(e, || s)
    }
}

/// One comment on the draft.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct CommentForm {
    pub part: Option<String>,
    pub said: Option<String>,
}

impl CommentForm {
    pub const LABELS: Labels = &[
        ("part", "Which part of the draft"),
        ("said", "What they said"),
    ];

    pub fn parse(&self, review_id: i64, session_id: i64) -> Result<DraftComment> {
        let mut e = Form::new(CommentForm::LABELS);
        let c = DraftComment {
            id: 0,
            review_id,
            session_id,
            part: req(&mut e, "part", self.part.as_deref()),
            said: reason(&mut e, "said", self.said.as_deref()),
            response: None,
        };
        finish(e, || c)
    }
}

/// What the review did with a comment, and when the person was told.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ResponseForm {
    /// changed | factual-correction | not-changed
    pub response: Option<String>,
    pub detail: Option<String>,
    pub decided_on: Option<String>,
    pub told_on: Option<String>,
}

impl ResponseForm {
    pub const LABELS: Labels = &[
        ("response", "What the review did"),
        ("detail", "What changed, or why not"),
        ("decided_on", "Date decided"),
        ("told_on", "Date the person was told"),
    ];

    pub fn parse(&self) -> Result<Response> {
        let mut e = Form::new(ResponseForm::LABELS);
        let which = choose(
            &mut e,
            "response",
            self.response.as_deref(),
            |s| {
                ["changed", "factual-correction", "not-changed"]
                    .into_iter()
                    .find(|c| *c == s)
            },
            "changed, factual-correction, not-changed",
        );
        let detail = reason(&mut e, "detail", self.detail.as_deref());
        let kind = match which {
            Some("factual-correction") => ResponseKind::FactualCorrection { what: detail },
            Some("not-changed") => ResponseKind::NotChanged { why: detail },
            _ => ResponseKind::Changed { how: detail },
        };
        let r = Response {
            kind,
            decided_on: req_date(&mut e, "decided_on", self.decided_on.as_deref()),
            told_on: opt_date(&mut e, "told_on", self.told_on.as_deref()),
        };
        e.check(&["decided_on", "told_on"], || match r.told_on {
            Some(t) if t < r.decided_on => vec![crate::domain::text::FieldError::new(
                "told_on",
                "The date the person was told must be on or after the date decided",
            )],
            _ => vec![],
        });
        finish(e, || r)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Error;

    fn fields(r: Result<impl std::fmt::Debug>) -> Vec<String> {
        match r {
            Err(Error::Invalid(errors)) => errors.into_iter().map(|e| e.field).collect(),
            other => panic!("expected invalid, got {other:?}"),
        }
    }

    fn s(v: &str) -> Option<String> {
        Some(v.into())
    }

    #[test]
    fn empty_forms_report_everything_missing_at_once() {
        let today = NaiveDate::from_ymd_opt(2026, 6, 2).expect("date");
        assert_eq!(
            fields(LineForm::default().parse(1)),
            ["text", "source", "added_on"]
        );
        assert_eq!(
            fields(QuestionForm::default().parse(1, QuestionStatus::Open)),
            ["asked_on", "words"]
        );
        assert_eq!(fields(AnswerForm::default().parse()), ["status"]);
        assert_eq!(
            fields(ContributionForm::default().parse(1, 1, today)),
            [
                "date",
                "kind",
                "summary",
                "permission",
                "permission_agreed_on"
            ]
        );
        assert_eq!(fields(FindingForm::default().parse(1)), ["title", "text"]);
        assert_eq!(
            fields(SharingForm::default().parse(1)),
            ["draft_version", "date", "mode"]
        );
        assert_eq!(fields(CommentForm::default().parse(1, 1)), ["part", "said"]);
        assert_eq!(
            fields(ResponseForm::default().parse()),
            ["response", "detail", "decided_on"]
        );
    }

    #[test]
    fn an_answer_needs_what_the_author_must_show() {
        let answered = AnswerForm {
            status: s("answered"),
            ..AnswerForm::default()
        };
        assert_eq!(
            fields(answered.parse()),
            ["answer", "how", "given_on", "given_by"]
        );
        let cannot = AnswerForm {
            status: s("cannot-be-answered"),
            reason: s("  "),
            ..AnswerForm::default()
        };
        assert_eq!(fields(cannot.parse()), ["reason", "told_on"]);
        let good = AnswerForm {
            status: s("answered"),
            answer: s("The school's call was logged but not passed on"),
            how: s("in-person"),
            given_on: s("2 June 2026"),
            given_by: s("The reviewer"),
            ..AnswerForm::default()
        };
        let parsed = good.parse().expect("valid");
        assert_eq!(
            AnswerForm::from_status(&parsed)
                .parse()
                .expect("round trip"),
            parsed
        );
        let unknown = AnswerForm {
            status: s("sorted"),
            ..AnswerForm::default()
        };
        let Err(Error::Invalid(e)) = unknown.parse() else {
            panic!("expected invalid")
        };
        assert!(
            e[0].message
                .starts_with("Where the question stands must be one of"),
            "{e:?}"
        );
    }

    #[test]
    fn own_words_without_consent_to_quote_are_refused_in_the_form_s_words() {
        let today = NaiveDate::from_ymd_opt(2026, 6, 2).expect("date");
        let form = ContributionForm {
            date: s("1/6/2026"),
            kind: s("about-the-child"),
            summary: s("Loved the swings"),
            own_words: s("She lit up the room"),
            permission: s("paraphrase-only"),
            permission_agreed_on: s("1/6/2026"),
            ..ContributionForm::default()
        };
        assert_eq!(fields(form.parse(1, 1, today)), ["own_words"]);
        let quoted = ContributionForm {
            permission: s("may-quote"),
            ..form
        };
        let c = quoted.parse(1, 1, today).expect("valid");
        assert_eq!(c.quotable(), Some("She lit up the room"));
    }

    #[test]
    fn a_dropped_line_needs_its_reason_and_a_family_line_its_question() {
        let form = LineForm {
            text: s("How the school's concerns were passed on"),
            source: s("family-question"),
            added_on: s("2 Jun 26"),
            status: s("dropped"),
            ..LineForm::default()
        };
        assert_eq!(fields(form.parse(1)), ["dropped_reason", "question_ids"]);
    }
}
