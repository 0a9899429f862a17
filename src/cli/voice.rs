//! `kindred line | question | contribution | finding | draft | summary`: the family's voice
//! (issue 12) on the command line, a thin layer over `Workbook` like every command. Every
//! option's allowed values are in its help; free text (`TEXT`) also comes from a file.

use std::path::PathBuf;

use clap::{Args, Subcommand};

use kindred::domain::dates::long;
use kindred::workbook::forms::*;
use kindred::workbook::summary::{SummaryFormat, SummaryRequest};
use kindred::workbook::trust::Existing;
use kindred::workbook::Workbook;
use kindred::Result;

use crate::output::{json, line};

/// The family's voice: lines of enquiry, questions, contributions, findings, the draft
/// shared with the family, and the involvement summary.
#[derive(Subcommand, Debug)]
pub enum VoiceCommand {
    /// The review's key lines of enquiry (the remit, in Scotland).
    #[command(subcommand)]
    Line(LineCmd),
    /// Questions the family asked, tracked to an answer.
    #[command(subcommand)]
    Question(QuestionCmd),
    /// What each person told the review, and how it may be used.
    #[command(subcommand)]
    Contribution(ContributionCmd),
    /// The review's draft findings and the family knowledge behind them.
    #[command(subcommand)]
    Finding(FindingCmd),
    /// The draft shared with the family: sessions, comments and responses.
    #[command(subcommand)]
    Draft(DraftCmd),
    /// The involvement summary for the report (shown, or saved as docx, md or pdf).
    Summary(SummaryArgs),
}

/// Runs one family's-voice command.
pub fn run(wb: &mut Workbook, cmd: VoiceCommand) -> Result<()> {
    match cmd {
        VoiceCommand::Line(c) => line_cmd(wb, c),
        VoiceCommand::Question(c) => question_cmd(wb, c),
        VoiceCommand::Contribution(c) => contribution_cmd(wb, c),
        VoiceCommand::Finding(c) => finding_cmd(wb, c),
        VoiceCommand::Draft(c) => draft_cmd(wb, c),
        VoiceCommand::Summary(a) => summary_cmd(wb, a),
    }
}

#[derive(Args, Debug, Clone)]
pub struct LineArgs {
    /// The line of enquiry, in a sentence.
    #[arg(long, value_name = "TEXT")]
    pub text: Option<String>,
    /// Where it came from: commissioning-body, reviewer, family-question, practitioner.
    #[arg(long)]
    pub source: Option<String>,
    /// A family question it came from (its id from `question list`); repeat for more.
    #[arg(long = "question")]
    pub questions: Vec<i64>,
    /// The date it was added (2/6/2026, 2 June 2026, 2026-06-02).
    #[arg(long)]
    pub added_on: Option<String>,
    /// open, covered or dropped (dropped needs --dropped-reason). Default: open.
    #[arg(long)]
    pub status: Option<String>,
    #[arg(long, value_name = "TEXT")]
    pub dropped_reason: Option<String>,
}

impl LineArgs {
    fn form(&self) -> LineForm {
        LineForm {
            text: self.text.clone(),
            source: self.source.clone(),
            question_ids: self.questions.clone(),
            added_on: self.added_on.clone(),
            status: self.status.clone(),
            dropped_reason: self.dropped_reason.clone(),
        }
    }
}

#[derive(Subcommand, Debug)]
pub enum LineCmd {
    /// Add a line of enquiry (the remit, in Scotland).
    Add {
        #[arg(long)]
        review: String,
        #[command(flatten)]
        line: LineArgs,
    },
    /// Change a line of enquiry (give every field, as `line list --json` shows them).
    Change {
        #[arg(long)]
        id: i64,
        #[command(flatten)]
        line: LineArgs,
    },
    List {
        #[arg(long)]
        review: String,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Args, Debug, Clone)]
pub struct QuestionArgs {
    /// Who asked (a person's id); repeat for people who asked together.
    #[arg(long = "asked-by")]
    pub asked_by: Vec<i64>,
    /// The date asked (2/6/2026, 2 June 2026, 2026-06-02).
    #[arg(long)]
    pub asked_on: Option<String>,
    /// The question, in their words.
    #[arg(long, value_name = "TEXT")]
    pub words: Option<String>,
    /// The contact or visit it was asked at (its id from `contact list`).
    #[arg(long)]
    pub contact: Option<i64>,
    /// A line of enquiry it belongs to; repeat for more.
    #[arg(long = "line")]
    pub lines: Vec<i64>,
}

impl QuestionArgs {
    fn form(&self) -> QuestionForm {
        QuestionForm {
            asked_by: self.asked_by.clone(),
            asked_on: self.asked_on.clone(),
            words: self.words.clone(),
            contact_id: self.contact,
            line_ids: self.lines.clone(),
        }
    }
}

#[derive(Subcommand, Debug)]
pub enum QuestionCmd {
    /// Record a question a person (or several, together) asked the review.
    Add {
        #[arg(long)]
        review: String,
        #[command(flatten)]
        question: QuestionArgs,
    },
    /// Change who asked, when, the words or the links (the status is kept).
    Change {
        #[arg(long)]
        id: i64,
        #[command(flatten)]
        question: QuestionArgs,
    },
    /// Move a question on. --status: open, being-looked-into, answered (with --answer,
    /// --how, --given-on, --given-by), cannot-be-answered (with --reason, --told-on),
    /// outside-review (with --referred-to, and --told-on if they were told).
    Answer {
        #[arg(long)]
        id: i64,
        #[arg(long)]
        status: String,
        #[arg(long, value_name = "TEXT")]
        answer: Option<String>,
        /// How the answer was given: in-person, phone, letter, email, in-the-report,
        /// through-advocate.
        #[arg(long)]
        how: Option<String>,
        #[arg(long)]
        given_on: Option<String>,
        #[arg(long, value_name = "TEXT")]
        given_by: Option<String>,
        #[arg(long, value_name = "TEXT")]
        reason: Option<String>,
        #[arg(long)]
        told_on: Option<String>,
        #[arg(long, value_name = "TEXT")]
        referred_to: Option<String>,
    },
    /// A review's questions, or one person's own (--member).
    List {
        #[arg(long)]
        review: String,
        #[arg(long)]
        member: Option<i64>,
        /// Only those with this status (open, being-looked-into, answered,
        /// cannot-be-answered, outside-review).
        #[arg(long)]
        status: Option<String>,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Args, Debug, Clone)]
pub struct ContributionArgs {
    /// The date (2/6/2026, 2 June 2026, 2026-06-02).
    #[arg(long)]
    pub date: Option<String>,
    /// The contact or visit it came from.
    #[arg(long)]
    pub contact: Option<i64>,
    /// A line of enquiry it speaks to; repeat for more.
    #[arg(long = "line")]
    pub lines: Vec<i64>,
    /// What it is about: about-the-child, events, services, family-life, other.
    #[arg(long)]
    pub kind: Option<String>,
    #[arg(long, value_name = "TEXT")]
    pub theme: Option<String>,
    /// What they said, in your words.
    #[arg(long, value_name = "TEXT")]
    pub summary: Option<String>,
    /// Their own words: only where they agreed to be quoted (--permission may-quote).
    #[arg(long, value_name = "TEXT")]
    pub own_words: Option<String>,
    /// How it may be used: may-quote, paraphrase-only, background-only, not-to-be-used.
    #[arg(long)]
    pub permission: Option<String>,
    /// The date that use was agreed.
    #[arg(long)]
    pub permission_agreed_on: Option<String>,
    /// Why it informed no finding, when it did not.
    #[arg(long, value_name = "TEXT")]
    pub not_used_reason: Option<String>,
}

impl ContributionArgs {
    fn form(&self) -> ContributionForm {
        ContributionForm {
            date: self.date.clone(),
            contact_id: self.contact,
            line_ids: self.lines.clone(),
            kind: self.kind.clone(),
            theme: self.theme.clone(),
            summary: self.summary.clone(),
            own_words: self.own_words.clone(),
            permission: self.permission.clone(),
            permission_agreed_on: self.permission_agreed_on.clone(),
            not_used_reason: self.not_used_reason.clone(),
        }
    }
}

#[derive(Subcommand, Debug)]
pub enum ContributionCmd {
    /// Record what one person told the review.
    Add {
        #[arg(long)]
        member: i64,
        #[command(flatten)]
        contribution: ContributionArgs,
    },
    Change {
        #[arg(long)]
        id: i64,
        #[command(flatten)]
        contribution: ContributionArgs,
    },
    /// A review's contributions, or one person's (--member), each with where it went.
    List {
        #[arg(long)]
        review: String,
        #[arg(long)]
        member: Option<i64>,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Args, Debug, Clone)]
pub struct FindingArgs {
    #[arg(long, value_name = "TEXT")]
    pub title: Option<String>,
    /// The finding, as the draft says it.
    #[arg(long, value_name = "TEXT")]
    pub text: Option<String>,
    /// draft or agreed. Default: draft.
    #[arg(long)]
    pub status: Option<String>,
    /// A line of enquiry it answers; repeat for more.
    #[arg(long = "line")]
    pub lines: Vec<i64>,
    /// A contribution that informed it (its id from `contribution list`); repeat for more.
    #[arg(long = "contribution")]
    pub contributions: Vec<i64>,
}

impl FindingArgs {
    fn form(&self) -> FindingForm {
        FindingForm {
            title: self.title.clone(),
            text: self.text.clone(),
            status: self.status.clone(),
            line_ids: self.lines.clone(),
            contribution_ids: self.contributions.clone(),
        }
    }
}

#[derive(Subcommand, Debug)]
pub enum FindingCmd {
    /// Add a draft finding and what informed it.
    Add {
        #[arg(long)]
        review: String,
        #[command(flatten)]
        finding: FindingArgs,
    },
    /// Change a finding (give every field; links given replace the old ones).
    Change {
        #[arg(long)]
        id: i64,
        #[command(flatten)]
        finding: FindingArgs,
    },
    /// A review's findings, each with the family knowledge behind it.
    List {
        #[arg(long)]
        review: String,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand, Debug)]
pub enum DraftCmd {
    /// Record the draft shared with one or more people (never across a barrier or an
    /// abuse link; a restricted person only after clearance).
    Share {
        #[arg(long)]
        review: String,
        /// Who saw it (a person's id); repeat for people who saw it together.
        #[arg(long = "with")]
        with: Vec<i64>,
        /// Which draft ("the second draft").
        #[arg(long, value_name = "TEXT")]
        draft: Option<String>,
        #[arg(long)]
        date: Option<String>,
        /// How they saw it: reading-session, copy-sent, read-aloud, with-interpreter.
        #[arg(long)]
        mode: Option<String>,
        #[arg(long, value_name = "TEXT")]
        supporter: Option<String>,
        #[arg(long)]
        interpreter_language: Option<String>,
        /// Days they had to read it.
        #[arg(long)]
        reading_days: Option<String>,
        #[arg(long)]
        comments_due: Option<String>,
    },
    /// Record a comment made on the draft at a session.
    Comment {
        #[arg(long)]
        session: i64,
        /// Which part of the draft.
        #[arg(long, value_name = "TEXT")]
        part: Option<String>,
        /// What they said.
        #[arg(long, value_name = "TEXT")]
        said: Option<String>,
    },
    /// Record the review's response to a comment. --response: changed, factual-correction,
    /// not-changed; --detail says what changed, or why not.
    Respond {
        #[arg(long)]
        comment: i64,
        #[arg(long)]
        response: Option<String>,
        #[arg(long, value_name = "TEXT")]
        detail: Option<String>,
        #[arg(long)]
        decided_on: Option<String>,
        /// When the person was told (until then the comment still awaits a response).
        #[arg(long)]
        told_on: Option<String>,
    },
    /// A review's draft-sharing sessions with their comments and responses.
    List {
        #[arg(long)]
        review: String,
        #[arg(long)]
        json: bool,
    },
}

/// `kindred summary`: the involvement summary for the report.
#[derive(Args, Debug)]
pub struct SummaryArgs {
    #[arg(long)]
    pub review: String,
    /// docx, md or pdf. Without -o, the text is shown instead.
    #[arg(long)]
    pub format: Option<String>,
    /// en or cy (Welsh, for reviews in Wales). Default: en.
    #[arg(long)]
    pub lang: Option<String>,
    #[arg(short = 'o', long = "output")]
    pub output: Option<PathBuf>,
    /// Replace an existing file (never the workbook or its backups).
    #[arg(long)]
    pub force: bool,
    /// Keep this edited text (Markdown) as the summary, with the records it was made from.
    #[arg(long, value_name = "TEXT")]
    pub edited: Option<String>,
    /// Forget the edited text, so the summary follows the records again.
    #[arg(long)]
    pub redraft: bool,
    #[arg(long)]
    pub json: bool,
}

fn ids(v: &[i64]) -> String {
    if v.is_empty() {
        "-".into()
    } else {
        v.iter().map(i64::to_string).collect::<Vec<_>>().join(",")
    }
}

fn line_cmd(wb: &mut Workbook, cmd: LineCmd) -> Result<()> {
    match cmd {
        LineCmd::Add { review, line: l } => {
            let l = wb.add_line(&review, &l.form())?;
            println!("line of enquiry {} added", l.id);
        }
        LineCmd::Change { id, line: l } => {
            wb.change_line(id, &l.form())?;
            println!("line of enquiry {id} changed");
        }
        LineCmd::List { review, json: j } => {
            let v = wb.voice(&review)?;
            if j {
                return json(&v.lines);
            }
            for l in &v.lines {
                line(&[
                    &l.id.to_string(),
                    l.source.slug(),
                    &format!("{:?}", l.status).to_lowercase(),
                    &format!("questions {}", ids(&l.question_ids)),
                    &l.text,
                ]);
            }
        }
    }
    Ok(())
}

fn question_cmd(wb: &mut Workbook, cmd: QuestionCmd) -> Result<()> {
    match cmd {
        QuestionCmd::Add { review, question } => {
            let q = wb.add_question(&review, &question.form())?;
            println!("question {} recorded", q.id);
        }
        QuestionCmd::Change { id, question } => {
            wb.change_question(id, &question.form())?;
            println!("question {id} changed");
        }
        QuestionCmd::Answer {
            id,
            status,
            answer,
            how,
            given_on,
            given_by,
            reason,
            told_on,
            referred_to,
        } => {
            let q = wb.answer_question(
                id,
                &AnswerForm {
                    status: Some(status),
                    answer,
                    how,
                    given_on,
                    given_by,
                    reason,
                    told_on,
                    referred_to,
                },
            )?;
            println!("question {id}: {}", q.status.words().to_lowercase());
        }
        QuestionCmd::List {
            review,
            member,
            status,
            json: j,
        } => {
            let questions = match member {
                Some(m) => wb.member_voice_in(&review, m)?.questions,
                None => wb.voice(&review)?.questions,
            };
            let questions: Vec<_> = questions
                .into_iter()
                .filter(|q| {
                    status
                        .as_deref()
                        .is_none_or(|s| q.status.slug() == s.trim())
                })
                .collect();
            if j {
                return json(&questions);
            }
            let today = wb.today();
            for q in &questions {
                let waited = if q.status.waiting() {
                    format!("waiting {} days", (today - q.asked_on).num_days())
                } else {
                    q.status.words().to_lowercase()
                };
                line(&[
                    &q.id.to_string(),
                    &long(q.asked_on),
                    &format!("asked by {}", ids(&q.asked_by)),
                    &waited,
                    &q.words,
                ]);
            }
        }
    }
    Ok(())
}

fn contribution_cmd(wb: &mut Workbook, cmd: ContributionCmd) -> Result<()> {
    match cmd {
        ContributionCmd::Add {
            member,
            contribution,
        } => {
            let c = wb.add_contribution(member, &contribution.form())?;
            println!("contribution {} recorded", c.id);
        }
        ContributionCmd::Change { id, contribution } => {
            wb.change_contribution(id, &contribution.form())?;
            println!("contribution {id} changed");
        }
        ContributionCmd::List {
            review,
            member,
            json: j,
        } => {
            let v = wb.voice(&review)?;
            let contributions: Vec<_> = v
                .contributions
                .iter()
                .filter(|c| member.is_none_or(|m| c.member_id == m))
                .collect();
            if j {
                return json(&contributions);
            }
            for c in contributions {
                let went: Vec<String> = v
                    .findings
                    .iter()
                    .filter(|f| f.contribution_ids.contains(&c.id))
                    .map(|f| format!("finding {}", f.id))
                    .collect();
                let went = if went.is_empty() {
                    c.not_used_reason.clone().map_or_else(
                        || "not linked to a finding".into(),
                        |r| format!("not used: {r}"),
                    )
                } else {
                    went.join(", ")
                };
                line(&[
                    &c.id.to_string(),
                    &long(c.date),
                    &format!("person {}", c.member_id),
                    c.kind.slug(),
                    c.permission.words(),
                    &went,
                    &c.summary,
                ]);
            }
        }
    }
    Ok(())
}

fn finding_cmd(wb: &mut Workbook, cmd: FindingCmd) -> Result<()> {
    match cmd {
        FindingCmd::Add { review, finding } => {
            let f = wb.add_finding(&review, &finding.form())?;
            println!("finding {} added", f.id);
        }
        FindingCmd::Change { id, finding } => {
            wb.change_finding(id, &finding.form())?;
            println!("finding {id} changed");
        }
        FindingCmd::List { review, json: j } => {
            let v = wb.voice(&review)?;
            if j {
                return json(&v.findings);
            }
            for f in &v.findings {
                line(&[
                    &f.id.to_string(),
                    f.status.slug(),
                    &format!("lines {}", ids(&f.line_ids)),
                    &format!("informed by {}", ids(&f.contribution_ids)),
                    &f.title,
                ]);
            }
        }
    }
    Ok(())
}

fn draft_cmd(wb: &mut Workbook, cmd: DraftCmd) -> Result<()> {
    match cmd {
        DraftCmd::Share {
            review,
            with,
            draft,
            date,
            mode,
            supporter,
            interpreter_language,
            reading_days,
            comments_due,
        } => {
            let s = wb.share_draft(
                &review,
                &SharingForm {
                    member_ids: with,
                    draft_version: draft,
                    date,
                    mode,
                    supporter,
                    interpreter_language,
                    reading_time_days: reading_days,
                    comments_due,
                },
            )?;
            println!("draft session {} recorded", s.id);
        }
        DraftCmd::Comment {
            session,
            part,
            said,
        } => {
            let c = wb.add_comment(session, &CommentForm { part, said })?;
            println!("comment {} recorded", c.id);
        }
        DraftCmd::Respond {
            comment,
            response,
            detail,
            decided_on,
            told_on,
        } => {
            let c = wb.respond_to_comment(
                comment,
                &ResponseForm {
                    response,
                    detail,
                    decided_on,
                    told_on,
                },
            )?;
            println!(
                "comment {}: {}",
                c.id,
                if c.awaiting_response() {
                    "response recorded; the person has not been told yet"
                } else {
                    "response recorded and the person told"
                }
            );
        }
        DraftCmd::List { review, json: j } => {
            let v = wb.voice(&review)?;
            if j {
                return json(&v.sessions);
            }
            for s in &v.sessions {
                let awaiting = s.comments.iter().filter(|c| c.awaiting_response()).count();
                line(&[
                    &s.id.to_string(),
                    &long(s.date),
                    &format!("with {}", ids(&s.member_ids)),
                    s.mode.slug(),
                    &format!(
                        "{} comments, {awaiting} awaiting a response",
                        s.comments.len()
                    ),
                    &s.draft_version,
                ]);
            }
        }
    }
    Ok(())
}

fn summary_cmd(wb: &mut Workbook, a: SummaryArgs) -> Result<()> {
    if a.redraft {
        wb.redraft_summary(&a.review)?;
        eprintln!("The edited summary was forgotten: the summary follows the records again.");
    }
    if let Some(text) = &a.edited {
        wb.save_summary_text(&a.review, a.lang.as_deref(), text)?;
        eprintln!("The edited summary was kept.");
    }
    let view = wb.involvement_summary(&a.review, a.lang.as_deref())?;
    if view.wording_draft {
        eprintln!(
            "Note: this wording is a draft that a qualified Welsh speaker has not checked yet; check it before it goes into the report."
        );
    }
    if view.out_of_date {
        eprintln!(
            "Note: newer records have been made since the summary was edited; look again at it, or use --redraft to start again from the records."
        );
    }
    let Some(output) = a.output else {
        if a.json {
            return json(&view);
        }
        view.has_content(&wb.review(&a.review)?.reference)?;
        print!("{}", view.text);
        return Ok(());
    };
    let format = SummaryFormat::choose(a.format.as_deref(), Some(&output))?;
    let written = wb.write_summary(
        &a.review,
        &SummaryRequest {
            format,
            language: a.lang.as_deref(),
            path: &output,
            existing: if a.force {
                Existing::Replace
            } else {
                Existing::Refuse
            },
        },
    )?;
    println!("{}", written.path.display());
    Ok(())
}
