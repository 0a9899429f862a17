//! The involvement summary for the report (issue 12, item 6): how the family was involved,
//! drafted from the records alone, never from guesses.
//!
//! It says who was invited and how, who took part and how, who did not and why, how the
//! family's questions shaped the lines of enquiry and how many were answered, how what they
//! know informed the findings, and how they saw and commented on the draft. People appear
//! only as the descriptions recorded for the report (their report pseudonym, or their
//! relationship to the child under the child's pseudonym), never by name: whatever free
//! text the author typed into a record is checked for members' names before anything
//! leaves Kindred (`names_in_summary`). The wording is data (`assets/wording/summary-*.toml`,
//! versioned, with a review status); a digest of the records (`Summary::basis`) lets the
//! workbook say when newer records make an edited summary out of date.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use super::member::{Involvement, Member};
use super::nation::Nation;
use super::records::{Contact, ContactMode, Terms};
use super::review::{Child, Review};
use super::safety;
use super::template::Slot;
use super::voice::*;

/// Which wording: English, or Welsh for reviews in Wales.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum SummaryLanguage {
    English,
    Welsh,
}

impl SummaryLanguage {
    pub fn parse(code: &str) -> Option<SummaryLanguage> {
        match code.trim() {
            "en" => Some(SummaryLanguage::English),
            "cy" => Some(SummaryLanguage::Welsh),
            _ => None,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            SummaryLanguage::English => "en",
            SummaryLanguage::Welsh => "cy",
        }
    }
}

/// A summary's wording file, parsed.
#[derive(Debug, Deserialize)]
pub struct SummaryWording {
    pub version: String,
    pub review_status: String,
    term: BTreeMap<String, String>,
    text: BTreeMap<String, String>,
}

#[derive(Debug, thiserror::Error)]
pub enum WordingError {
    #[error("the summary wording ({file}) cannot be read: {source}")]
    Parse {
        file: &'static str,
        #[source]
        source: toml::de::Error,
    },
    #[error("the summary wording has no sentence {0:?}")]
    Missing(String),
    #[error(
        "the summary sentence {key:?} has a placeholder the program does not know: {{{name}}}"
    )]
    UnknownPlaceholder { key: String, name: String },
}

const EN: &str = include_str!("../../assets/wording/summary-en.toml");
const CY: &str = include_str!("../../assets/wording/summary-cy.toml");

/// The placeholders the generator fills; any other stops the summary.
const KNOWN: &[&str] = &[
    "who",
    "whos",
    "child",
    "relationship",
    "count",
    "total",
    "answered",
    "cannot",
    "outside",
    "waiting",
    "term",
    "title",
    "how",
    "with",
    "part",
    "draft",
    "days",
    "language",
    "reason",
    "quote",
    "summary",
];

impl SummaryWording {
    /// The wording for a language, parsed once.
    pub fn get(
        language: SummaryLanguage,
    ) -> Result<&'static SummaryWording, &'static WordingError> {
        static EN_W: OnceLock<Result<SummaryWording, WordingError>> = OnceLock::new();
        static CY_W: OnceLock<Result<SummaryWording, WordingError>> = OnceLock::new();
        let (cell, file, text) = match language {
            SummaryLanguage::English => (&EN_W, "summary-en.toml", EN),
            SummaryLanguage::Welsh => (&CY_W, "summary-cy.toml", CY),
        };
        cell.get_or_init(|| {
            toml::from_str(text).map_err(|source| WordingError::Parse { file, source })
        })
        .as_ref()
    }

    /// Not yet checked by a qualified speaker: the author is told before using it.
    pub fn is_draft(&self) -> bool {
        self.review_status != "reviewed"
    }

    fn term(&self, nation: Nation) -> String {
        self.term
            .get(nation.slug())
            .cloned()
            .unwrap_or_else(|| "lines of enquiry".into())
    }

    fn fill(&self, key: &str, values: &[(&str, &str)]) -> Result<String, WordingError> {
        let template = self
            .text
            .get(key)
            .ok_or_else(|| WordingError::Missing(key.into()))?;
        fill(key, template, values)
    }
}

fn fill(key: &str, template: &str, values: &[(&str, &str)]) -> Result<String, WordingError> {
    super::template::fill(template, |name| {
        match super::template::value_of(values, name) {
            Some(v) if KNOWN.contains(&name) => Slot::Value(v),
            _ => Slot::Unknown,
        }
    })
    .map_err(|e| WordingError::UnknownPlaceholder {
        key: key.into(),
        name: e.0,
    })
}

/// One part of the summary.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Block {
    Paragraph { text: String },
    List { items: Vec<String> },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Section {
    pub heading: String,
    pub blocks: Vec<Block>,
}

/// The drafted summary, with the digest of the records it came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Summary {
    pub title: String,
    pub sections: Vec<Section>,
    /// A digest of what the records say in the summary (its drafted text): it changes when a
    /// record the summary draws on changes, and not when a record is only renumbered (an
    /// import gives every record a new id) or a detail the summary never uses changes.
    pub basis: String,
    pub wording_version: String,
    pub wording_draft: bool,
}

impl Summary {
    /// The whole text, as Markdown (also the form the author edits).
    pub fn markdown(&self) -> String {
        let mut out = format!("# {}\n", self.title);
        for s in &self.sections {
            out.push_str(&format!("\n## {}\n", s.heading));
            for b in &s.blocks {
                match b {
                    Block::Paragraph { text } => out.push_str(&format!("\n{text}\n")),
                    Block::List { items } => {
                        out.push('\n');
                        for i in items {
                            out.push_str(&format!("- {i}\n"));
                        }
                    }
                }
            }
        }
        out
    }
}

/// Everything the summary is made from: one review's records.
pub struct SummaryInput<'a> {
    pub review: &'a Review,
    pub members: &'a [Member],
    /// The contacts that count (not entered in error).
    pub contacts: &'a [Contact],
    pub terms: &'a [Terms],
    pub lines: &'a [LineOfEnquiry],
    pub questions: &'a [Question],
    pub contributions: &'a [Contribution],
    pub findings: &'a [Finding],
    pub sessions: &'a [SharingSession],
}

impl SummaryInput<'_> {
    fn member(&self, id: i64) -> Option<&Member> {
        self.members.iter().find(|m| m.id == id)
    }
}

/// A stable digest (FNV-1a, 64 bits) of `text`.
fn digest(text: &str) -> String {
    let mut h = Fnv::default();
    h.write(text.as_bytes());
    format!("{:016x}", h.0)
}

struct Fnv(u64);
impl Default for Fnv {
    fn default() -> Fnv {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}
impl Fnv {
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 ^= u64::from(*b);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }
}

/// What a review in `nation` calls its lines of enquiry, as a heading: the summary's own
/// word for them ("key lines of enquiry"; Scotland's remit), with a capital.
pub fn lines_heading(nation: Nation) -> String {
    let term = SummaryWording::get(SummaryLanguage::English)
        .map(|w| w.term(nation))
        .unwrap_or_else(|_| "lines of enquiry".into());
    let mut c = term.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// How a person is described in the report: their report pseudonym, else their
/// relationship to the child under the child's pseudonym, else "a family member".
pub fn describe(m: &Member, child: &str, w: &SummaryWording) -> Result<String, WordingError> {
    if let Some(p) = m
        .details
        .report_pseudonym
        .as_deref()
        .filter(|p| !p.trim().is_empty())
    {
        return Ok(p.trim().to_string());
    }
    match m.relationships.first() {
        Some(r) if !r.relationship.trim().is_empty() => w.fill(
            "relation",
            &[("child", child), ("relationship", r.relationship.trim())],
        ),
        _ => w.fill("someone", &[]),
    }
}

/// Drafts the summary from the records.
pub fn draft(input: &SummaryInput, language: SummaryLanguage) -> Result<Summary, WordingError> {
    let w = SummaryWording::get(language).map_err(|e| WordingError::Missing(e.to_string()))?;
    let child = input.review.pseudonym.as_str();
    let who = |id: i64| -> Result<String, WordingError> {
        match input.member(id) {
            Some(m) => describe(m, child, w),
            None => w.fill("someone", &[]),
        }
    };
    let and = w.fill("and", &[])?;
    let join = |names: Vec<String>| join_words(names, &and);
    let mut sections = Vec::new();

    // Who was invited, and how first.
    let mut invited = Vec::new();
    for m in input.members {
        let first = input
            .contacts
            .iter()
            .filter(|c| {
                (c.member_id == m.id || c.with_member_ids.contains(&m.id)) && c.outcome.took_place()
            })
            .min_by_key(|c| (c.date, c.id));
        let approached = matches!(
            m.involvement,
            Involvement::Approached
                | Involvement::Involved
                | Involvement::Declined { .. }
                | Involvement::Withdrew { .. }
        );
        if let Some(c) = first {
            let how = w.fill(mode_key(c.mode), &[])?;
            invited.push(w.fill(
                "invited_item",
                &[("who", &describe(m, child, w)?), ("how", &how)],
            )?);
        } else if approached {
            invited.push(describe(m, child, w)?);
        }
    }
    let mut blocks = Vec::new();
    match invited.len() {
        0 => blocks.push(para(w.fill("invited_none", &[])?)),
        n => {
            blocks.push(para(if n == 1 {
                w.fill("invited_intro_one", &[])?
            } else {
                w.fill("invited_intro", &[("count", &n.to_string())])?
            }));
            blocks.push(Block::List { items: invited });
        }
    }
    sections.push(Section {
        heading: w.fill("invited_heading", &[])?,
        blocks,
    });

    // Who took part, and how.
    let mut took_part = Vec::new();
    for m in input.members {
        let reached: Vec<&Contact> = input
            .contacts
            .iter()
            .filter(|c| (c.member_id == m.id || c.with_member_ids.contains(&m.id)) && c.reached())
            .collect();
        if reached.is_empty() {
            continue;
        }
        let meetings = reached
            .iter()
            .filter(|c| matches!(c.mode, ContactMode::InPerson | ContactMode::HomeVisit))
            .count();
        let calls = reached
            .iter()
            .filter(|c| matches!(c.mode, ContactMode::Phone | ContactMode::Video))
            .count();
        let writing = reached.iter().any(|c| {
            matches!(
                c.mode,
                ContactMode::Letter | ContactMode::Email | ContactMode::Text
            )
        });
        let mut ways = Vec::new();
        match meetings {
            0 => {}
            1 => ways.push(w.fill("way_visit", &[])?),
            n => ways.push(w.fill("way_visits", &[("count", &n.to_string())])?),
        }
        match calls {
            0 => {}
            1 => ways.push(w.fill("way_call", &[])?),
            n => ways.push(w.fill("way_calls", &[("count", &n.to_string())])?),
        }
        if writing {
            ways.push(w.fill("way_writing", &[])?);
        }
        let mut languages: Vec<&str> = reached
            .iter()
            .filter_map(|c| c.interpreter_language.as_deref())
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect();
        languages.sort_unstable();
        languages.dedup();
        let mut how = join(ways);
        if !languages.is_empty() {
            how.push(' ');
            how.push_str(&w.fill("with_interpreter", &[("language", &languages.join(", "))])?);
        }
        let supported = reached.iter().any(|c| {
            c.supporter.as_deref().is_some_and(|s| !s.trim().is_empty())
                || matches!(c.mode, ContactMode::ThroughAdvocate)
        });
        if supported {
            how.push(' ');
            how.push_str(&w.fill("with_supporter", &[])?);
        }
        took_part.push(w.fill(
            "took_part_item",
            &[("who", &describe(m, child, w)?), ("how", &how)],
        )?);
    }
    sections.push(Section {
        heading: w.fill("took_part_heading", &[])?,
        blocks: if took_part.is_empty() {
            vec![para(w.fill("took_part_none", &[])?)]
        } else {
            vec![Block::List { items: took_part }]
        },
    });

    // Who did not take part, and why.
    let mut not_part = Vec::new();
    for m in input.members {
        let d = describe(m, child, w)?;
        let line = match &m.involvement {
            Involvement::Declined {
                reason,
                door_left_open,
            } => Some(w.fill(
                if *door_left_open {
                    "declined_open"
                } else {
                    "declined"
                },
                &[("who", &d), ("reason", reason.trim())],
            )?),
            Involvement::Withdrew { reason } => {
                Some(w.fill("withdrew", &[("who", &d), ("reason", reason.trim())])?)
            }
            Involvement::NotApproached { reason } => {
                Some(w.fill("not_approached", &[("who", &d), ("reason", reason.trim())])?)
            }
            _ => None,
        };
        not_part.extend(line);
    }
    if !not_part.is_empty() {
        sections.push(Section {
            heading: w.fill("not_part_heading", &[])?,
            blocks: vec![Block::List { items: not_part }],
        });
    }

    // The family's questions and how they shaped the lines of enquiry.
    let mut blocks = Vec::new();
    if input.questions.is_empty() {
        blocks.push(para(w.fill("questions_none", &[])?));
    } else {
        let count = |f: fn(&QuestionStatus) -> bool| {
            input.questions.iter().filter(|q| f(&q.status)).count()
        };
        let total = input.questions.len();
        blocks.push(para(if total == 1 {
            w.fill("questions_counts_one", &[])?
        } else {
            w.fill("questions_counts", &[("total", &total.to_string())])?
        }));
        let mut items = Vec::new();
        for (key, n) in [
            (
                "q_answered",
                count(|s| matches!(s, QuestionStatus::Answered { .. })),
            ),
            (
                "q_cannot",
                count(|s| matches!(s, QuestionStatus::CannotBeAnswered { .. })),
            ),
            (
                "q_outside",
                count(|s| matches!(s, QuestionStatus::OutsideReview { .. })),
            ),
            ("q_waiting", count(QuestionStatus::waiting)),
        ] {
            if n > 0 {
                items.push(w.fill(key, &[("count", &n.to_string())])?);
            }
        }
        blocks.push(Block::List { items });
        let kept = |l: &&LineOfEnquiry| !matches!(l.status, LineStatus::Dropped { .. });
        let term = w.term(input.review.nation);
        let from_family: Vec<String> = input
            .lines
            .iter()
            .filter(kept)
            .filter(|l| l.from_family())
            .map(|l| l.text.trim().to_string())
            .collect();
        let linked: Vec<String> = input
            .lines
            .iter()
            .filter(kept)
            .filter(|l| !l.from_family() && !l.question_ids.is_empty())
            .map(|l| l.text.trim().to_string())
            .collect();
        for (lines, one, many) in [
            (from_family, "questions_lines_one", "questions_lines"),
            (linked, "questions_linked_one", "questions_linked"),
        ] {
            if lines.is_empty() {
                continue;
            }
            blocks.push(para(if lines.len() == 1 {
                w.fill(one, &[("term", &term)])?
            } else {
                w.fill(
                    many,
                    &[("count", &lines.len().to_string()), ("term", &term)],
                )?
            }));
            blocks.push(Block::List { items: lines });
        }
    }
    sections.push(Section {
        heading: w.fill("questions_heading", &[])?,
        blocks,
    });

    // What the family told the review, and the findings it informed.
    let usable: Vec<&Contribution> = input
        .contributions
        .iter()
        .filter(|c| c.permission.may_inform())
        .collect();
    let mut blocks = Vec::new();
    if usable.is_empty() {
        blocks.push(para(w.fill("knowledge_none", &[])?));
    } else {
        let mut people: Vec<i64> = usable.iter().map(|c| c.member_id).collect();
        people.sort_unstable();
        people.dedup();
        let total = usable.len().to_string();
        blocks.push(para(if people.len() == 1 && usable.len() == 1 {
            w.fill("knowledge_counts_single", &[])?
        } else if people.len() == 1 {
            w.fill("knowledge_counts_one", &[("total", &total)])?
        } else {
            w.fill(
                "knowledge_counts",
                &[("count", &people.len().to_string()), ("total", &total)],
            )?
        }));
        let mut informed = Vec::new();
        for f in input.findings {
            let mut whos: Vec<i64> = f
                .contribution_ids
                .iter()
                .filter_map(|id| usable.iter().find(|c| c.id == *id))
                .map(|c| c.member_id)
                .collect();
            whos.sort_unstable();
            whos.dedup();
            if whos.is_empty() {
                continue;
            }
            let names = whos.into_iter().map(who).collect::<Result<Vec<_>, _>>()?;
            informed.push(w.fill(
                "knowledge_finding",
                &[("title", f.title.trim()), ("whos", &join(names))],
            )?);
        }
        if informed.is_empty() {
            blocks.push(para(w.fill("knowledge_no_findings", &[])?));
        } else {
            blocks.push(para(if informed.len() == input.findings.len() {
                w.fill("knowledge_findings_all", &[])?
            } else {
                w.fill(
                    "knowledge_findings",
                    &[
                        ("count", &informed.len().to_string()),
                        ("total", &input.findings.len().to_string()),
                    ],
                )?
            }));
            blocks.push(Block::List { items: informed });
        }
    }
    sections.push(Section {
        heading: w.fill("knowledge_heading", &[])?,
        blocks,
    });

    // The child, as the family describe them: quoted only with consent.
    let mut about = Vec::new();
    for c in usable
        .iter()
        .filter(|c| c.kind == ContributionKind::AboutTheChild)
    {
        let d = who(c.member_id)?;
        if let Some(q) = c.quotable() {
            about.push(w.fill("child_quote", &[("quote", q.trim()), ("who", &d)])?);
        } else if c.permission == UsePermission::ParaphraseOnly
            || c.permission == UsePermission::MayQuote
        {
            about.push(w.fill(
                "child_paraphrase",
                &[("summary", c.summary.trim()), ("who", &d)],
            )?);
        }
    }
    if !about.is_empty() {
        sections.push(Section {
            heading: w.fill("child_heading", &[("child", child)])?,
            blocks: vec![Block::List { items: about }],
        });
    }

    // The draft: who saw it, how, what they said and what changed.
    let mut blocks = Vec::new();
    if input.sessions.is_empty() {
        blocks.push(para(w.fill("draft_none", &[])?));
    }
    for s in input.sessions {
        let names = s
            .member_ids
            .iter()
            .map(|id| who(*id))
            .collect::<Result<Vec<_>, _>>()?;
        let how = w.fill(
            match s.mode {
                SharingMode::ReadingSession => "draft_reading_session",
                SharingMode::CopySent => "draft_copy_sent",
                SharingMode::ReadAloud => "draft_read_aloud",
                SharingMode::WithInterpreter => "draft_with_interpreter",
            },
            &[],
        )?;
        let mut with = String::new();
        if let Some(l) = s
            .interpreter_language
            .as_deref()
            .filter(|l| !l.trim().is_empty())
        {
            with.push(' ');
            with.push_str(&w.fill("with_interpreter", &[("language", l.trim())])?);
        }
        if s.supporter.as_deref().is_some_and(|x| !x.trim().is_empty()) {
            with.push(' ');
            with.push_str(&w.fill("with_supporter", &[])?);
        }
        let whos = join(names);
        let draft = s.draft_version.trim();
        blocks.push(para(match s.reading_time_days {
            Some(days) => w.fill(
                "draft_session",
                &[
                    ("who", &whos),
                    ("draft", draft),
                    ("how", &how),
                    ("with", &with),
                    ("days", &days.to_string()),
                ],
            )?,
            None => w.fill(
                "draft_session_no_days",
                &[
                    ("who", &whos),
                    ("draft", draft),
                    ("how", &how),
                    ("with", &with),
                ],
            )?,
        }));
        if !s.comments.is_empty() {
            blocks.push(para(if s.comments.len() == 1 {
                w.fill("draft_comments_one", &[])?
            } else {
                w.fill(
                    "draft_comments",
                    &[("count", &s.comments.len().to_string())],
                )?
            }));
            let mut items = Vec::new();
            for c in &s.comments {
                let part = c.part.trim();
                items.push(match c.response.as_ref().map(|r| &r.kind) {
                    Some(ResponseKind::Changed { how }) => {
                        w.fill("draft_changed", &[("part", part), ("how", how.trim())])?
                    }
                    Some(ResponseKind::FactualCorrection { what }) => {
                        w.fill("draft_corrected", &[("part", part), ("how", what.trim())])?
                    }
                    Some(ResponseKind::NotChanged { why }) => {
                        w.fill("draft_not_changed", &[("part", part), ("how", why.trim())])?
                    }
                    None => w.fill("draft_awaiting", &[("part", part)])?,
                });
            }
            blocks.push(Block::List { items });
        }
    }
    let wanting = input
        .terms
        .iter()
        .filter(|t| t.wants_draft)
        .map(|t| t.member_id)
        .collect::<Vec<_>>();
    let mut waiting = draft_wanted_without_session(wanting, input.sessions);
    waiting.sort_unstable();
    waiting.dedup();
    for id in waiting {
        if input.member(id).is_some_and(|m| !m.involvement.is_closed()) {
            blocks.push(para(w.fill("draft_waiting", &[("who", &who(id)?)])?));
        }
    }
    sections.push(Section {
        heading: w.fill("draft_heading", &[])?,
        blocks,
    });

    let mut summary = Summary {
        title: w.fill("title", &[])?,
        sections,
        basis: String::new(),
        wording_version: w.version.clone(),
        wording_draft: w.is_draft(),
    };
    summary.basis = digest(&summary.markdown());
    Ok(summary)
}

/// Any member's name in the text (full names always; preferred names of four letters or
/// more, as for documents): the summary must name nobody. A preferred name that is also how
/// the family describes a relationship ("Nain", "Nana") is a relationship word, not a name:
/// the report may say it. The children's own names count too: the report uses their
/// pseudonyms.
pub fn names_in_summary(text: &str, members: &[Member], children: &[Child]) -> Vec<String> {
    let relation_words: Vec<String> = members
        .iter()
        .flat_map(|m| m.relationships.iter())
        .map(|r| r.relationship.trim().to_lowercase())
        .collect();
    let mut found = Vec::new();
    for m in members {
        let mut one = m.clone();
        if one
            .details
            .preferred_name
            .as_deref()
            .is_some_and(|p| relation_words.contains(&p.trim().to_lowercase()))
        {
            one.details.preferred_name = None;
        }
        for name in safety::names_in(text, &[&one]) {
            if !found.contains(&name) {
                found.push(name);
            }
        }
    }
    let hay = text.to_lowercase();
    for c in children {
        let known = c.known_as.trim();
        if !known.is_empty()
            && !known.eq_ignore_ascii_case(c.pseudonym.trim())
            && safety::contains_word(&hay, &known.to_lowercase())
            && !found.iter().any(|f| f == known)
        {
            found.push(known.to_string());
        }
    }
    found
}

fn para(text: String) -> Block {
    Block::Paragraph { text }
}

fn mode_key(mode: ContactMode) -> &'static str {
    match mode {
        ContactMode::Letter => "mode_letter",
        ContactMode::Phone => "mode_phone",
        ContactMode::Video => "mode_video",
        ContactMode::Email => "mode_email",
        ContactMode::Text => "mode_text",
        ContactMode::InPerson | ContactMode::HomeVisit => "mode_visit",
        ContactMode::ThroughAdvocate => "mode_advocate",
        ContactMode::ThroughSolicitor => "mode_solicitor",
    }
}

/// "a", "a and b", "a, b and c".
fn join_words(mut items: Vec<String>, and: &str) -> String {
    match items.len() {
        0 => String::new(),
        1 => items.remove(0),
        _ => {
            let last = items.pop().unwrap_or_default();
            format!("{} {and} {last}", items.join(", "))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::member::{MemberDetails, ParentalResponsibility, Relationship};
    use crate::domain::nation::ReviewType;
    use crate::domain::phase::Phase;
    use crate::domain::records::ContactOutcome;
    use crate::domain::review::{ContactCard, Publication};
    use chrono::NaiveDate;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("test date")
    }

    fn review(nation: Nation) -> Review {
        Review {
            id: 1,
            reference: "DEMO-1".into(),
            nation,
            review_type: ReviewType::Lcspr,
            pseudonym: "Child Q".into(),
            body_name: "Fictional Partnership".into(),
            author: ContactCard {
                name: "A. Reviewer".into(),
                phone: None,
                email: None,
                hours: None,
                postal_address: None,
            },
            partnership_contact: None,
            panel_chair: None,
            key_dates: Default::default(),
            purpose_statement: None,
            purpose_reasons: vec![],
            publication: Publication::NotDecided,
            publication_note: None,
            media_interest: false,
            media_plan: None,
            complaints: None,
            retention_until: None,
            update_cadence_days: 28,
            phase: Phase::Prepare,
            welsh: Default::default(),
        }
    }

    fn member(
        id: i64,
        name: &str,
        relationship: &str,
        pseudonym: Option<&str>,
        involvement: Involvement,
    ) -> Member {
        Member {
            id,
            review_id: 1,
            details: MemberDetails {
                full_name: name.into(),
                report_pseudonym: pseudonym.map(str::to_string),
                ..MemberDetails::default()
            },
            involvement,
            position: Phase::Prepare,
            contact_details: vec![],
            relationships: vec![Relationship {
                child_id: 1,
                relationship: relationship.into(),
                parental_responsibility: ParentalResponsibility::Unknown,
                pr_basis: None,
                child_called: None,
            }],
            role_statuses: vec![],
            restrictions: vec![],
            clearances: vec![],
            support_ids: vec![],
        }
    }

    fn contact(
        id: i64,
        member_id: i64,
        mode: ContactMode,
        outcome: ContactOutcome,
        interpreter: Option<&str>,
    ) -> Contact {
        Contact {
            id,
            review_id: 1,
            member_id,
            with_member_ids: vec![],
            date: day("2026-03-01") + chrono::Days::new(id as u64),
            time: None,
            mode,
            outcome,
            location: None,
            initiated_by: None,
            attendees: vec![],
            interpreter_language: interpreter.map(str::to_string),
            supporter: None,
            phase: Phase::Prepare,
            explained: vec![],
            notes: Some("Met Dana Whitlock at home".into()),
            disclosure: None,
            wellbeing: None,
            follow_up: None,
            follow_up_due: None,
            entered_in_error: None,
        }
    }

    #[test]
    fn every_sentence_fills_in_both_languages_with_known_placeholders() {
        let en = SummaryWording::get(SummaryLanguage::English).expect("English wording");
        let cy = SummaryWording::get(SummaryLanguage::Welsh).expect("Welsh wording");
        assert!(!en.is_draft());
        assert!(
            cy.is_draft(),
            "the Welsh has not been checked by a qualified speaker"
        );
        let en_keys: Vec<&String> = en.text.keys().collect();
        let cy_keys: Vec<&String> = cy.text.keys().collect();
        assert_eq!(en_keys, cy_keys, "the same sentences in English and Welsh");
        let all: Vec<(&str, &str)> = KNOWN.iter().map(|k| (*k, "x")).collect();
        for w in [en, cy] {
            for key in w.text.keys() {
                w.fill(key, &all).unwrap_or_else(|e| panic!("{key}: {e}"));
            }
            for n in Nation::ALL {
                assert!(w.term.contains_key(n.slug()), "{}", n.slug());
            }
        }
        assert!(matches!(
            fill("k", "Hello {nobody}", &all),
            Err(WordingError::UnknownPlaceholder { .. })
        ));
    }

    #[test]
    fn the_summary_tells_the_story_from_the_records_and_names_nobody() {
        let review = review(Nation::Scotland);
        let members = vec![
            member(
                1,
                "Dana Whitlock",
                "mother",
                Some("Mother A"),
                Involvement::Involved,
            ),
            member(
                2,
                "Ray Whitlock",
                "father",
                None,
                Involvement::Declined {
                    reason: "too soon after the funeral".into(),
                    door_left_open: true,
                },
            ),
            member(3, "Irena Nowak", "grandmother", None, Involvement::Involved),
        ];
        let contacts = vec![
            contact(1, 1, ContactMode::Letter, ContactOutcome::Reached, None),
            contact(2, 1, ContactMode::HomeVisit, ContactOutcome::Reached, None),
            contact(3, 1, ContactMode::HomeVisit, ContactOutcome::Reached, None),
            contact(4, 2, ContactMode::Phone, ContactOutcome::Refused, None),
            contact(
                5,
                3,
                ContactMode::Phone,
                ContactOutcome::Reached,
                Some("Polish"),
            ),
            contact(6, 3, ContactMode::HomeVisit, ContactOutcome::Planned, None),
        ];
        let answered = QuestionStatus::Answered {
            answer: "It was logged but not passed on".into(),
            how: AnswerMode::InPerson,
            given_on: day("2026-04-01"),
            given_by: "The reviewer".into(),
        };
        let questions = vec![
            Question {
                id: 1,
                review_id: 1,
                asked_by: vec![1],
                asked_on: day("2026-03-03"),
                words: "Why did nobody act on the school's call?".into(),
                contact_id: Some(2),
                line_ids: vec![1],
                status: answered,
            },
            Question {
                id: 2,
                review_id: 1,
                asked_by: vec![3],
                asked_on: day("2026-03-06"),
                words: "Was the GP told?".into(),
                contact_id: None,
                line_ids: vec![],
                status: QuestionStatus::Open,
            },
        ];
        let lines = vec![LineOfEnquiry {
            id: 1,
            review_id: 1,
            text: "How the school's concerns were passed on".into(),
            source: EnquirySource::FamilyQuestion,
            question_ids: vec![1],
            added_on: day("2026-03-04"),
            status: LineStatus::Open,
        }];
        let contributions = vec![
            Contribution {
                id: 1,
                review_id: 1,
                member_id: 1,
                date: day("2026-03-03"),
                contact_id: Some(2),
                line_ids: vec![1],
                kind: ContributionKind::AboutTheChild,
                theme: None,
                summary: "Loved the swings".into(),
                own_words: Some("She lit up every room".into()),
                permission: UsePermission::MayQuote,
                permission_agreed_on: day("2026-03-03"),
                not_used_reason: None,
            },
            Contribution {
                id: 2,
                review_id: 1,
                member_id: 3,
                date: day("2026-03-06"),
                contact_id: Some(5),
                line_ids: vec![],
                kind: ContributionKind::Services,
                theme: None,
                summary: "The health visitor stopped coming".into(),
                own_words: None,
                permission: UsePermission::BackgroundOnly,
                permission_agreed_on: day("2026-03-06"),
                not_used_reason: None,
            },
            Contribution {
                id: 3,
                review_id: 1,
                member_id: 3,
                date: day("2026-03-06"),
                contact_id: None,
                line_ids: vec![],
                kind: ContributionKind::AboutTheChild,
                theme: None,
                summary: "Private family matter".into(),
                own_words: None,
                permission: UsePermission::NotToBeUsed,
                permission_agreed_on: day("2026-03-06"),
                not_used_reason: None,
            },
        ];
        let findings = vec![Finding {
            id: 1,
            review_id: 1,
            title: "Concerns were not shared".into(),
            text: "…".into(),
            status: FindingStatus::Draft,
            line_ids: vec![1],
            contribution_ids: vec![1, 2],
        }];
        let sessions = vec![SharingSession {
            id: 1,
            review_id: 1,
            member_ids: vec![1],
            draft_version: "the second draft".into(),
            date: day("2026-05-01"),
            mode: SharingMode::ReadingSession,
            supporter: Some("Advocate".into()),
            interpreter_language: None,
            reading_time_days: Some(14),
            comments_due: None,
            comments: vec![DraftComment {
                id: 1,
                review_id: 1,
                session_id: 1,
                part: "Section 4".into(),
                said: "Nobody asked her father".into(),
                response: Some(Response {
                    kind: ResponseKind::Changed {
                        how: "The report now says the father was not contacted.".into(),
                    },
                    decided_on: day("2026-05-10"),
                    told_on: Some(day("2026-05-11")),
                }),
            }],
        }];
        let input = SummaryInput {
            review: &review,
            members: &members,
            contacts: &contacts,
            terms: &[],
            lines: &lines,
            questions: &questions,
            contributions: &contributions,
            findings: &findings,
            sessions: &sessions,
        };
        let s = draft(&input, SummaryLanguage::English).expect("summary");
        let md = s.markdown();
        for expected in [
            "# How the family was involved",
            "The review invited 3 people to take part:",
            "- Mother A, first by letter",
            "- Child Q’s father, first by phone",
            "Mother A took part at 2 meetings in person and in writing.",
            "Child Q’s grandmother took part in a phone or video call with an interpreter (Polish).",
            "Child Q’s father chose not to take part (too soon after the funeral). They were told they could join the review at any time.",
            "The family asked the review 2 questions:\n\n- 1 answered\n- 1 still being looked into\n",
            "One of the review’s lines of enquiry within its remit came from the family’s questions:",
            "- How the school's concerns were passed on",
            "2 people told the review what they knew, in 2 conversations or contributions recorded.",
            "What they said informed each of the review’s findings:",
            "- Concerns were not shared: informed by what Mother A and Child Q’s grandmother told the review",
            "## Child Q, as the family describe them",
            "- “She lit up every room” (Mother A)",
            "Mother A saw the second draft at a reading session with a supporter or advocate, with 14 days to read it.",
            "- Section 4: changed. The report now says the father was not contacted.",
        ] {
            assert!(md.contains(expected), "missing {expected:?} in:\n{md}");
        }
        assert!(
            !md.contains("Private family matter"),
            "not to be used: {md}"
        );
        assert!(
            !md.contains("health visitor"),
            "background only is never printed: {md}"
        );
        assert!(names_in_summary(&md, &members, &[]).is_empty(), "{md}");
        // The digest follows the records.
        let same = draft(&input, SummaryLanguage::English).expect("summary");
        assert_eq!(same.basis, s.basis);
        let fewer = SummaryInput {
            questions: &questions[..1],
            ..input
        };
        assert_ne!(
            draft(&fewer, SummaryLanguage::English)
                .expect("summary")
                .basis,
            s.basis
        );
        // Welsh: same structure, draft wording.
        let cy = draft(&input, SummaryLanguage::Welsh).expect("Welsh summary");
        assert!(cy.wording_draft);
        assert_eq!(cy.sections.len(), s.sections.len());
    }

    #[test]
    fn a_name_typed_into_a_record_is_found() {
        let members = vec![member(
            1,
            "Dana Whitlock",
            "mother",
            Some("Mother A"),
            Involvement::Involved,
        )];
        assert_eq!(
            names_in_summary("Mother A said dana whitlock was at home", &members, &[]),
            vec!["Dana Whitlock".to_string()]
        );
    }
}
