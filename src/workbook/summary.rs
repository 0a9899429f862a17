//! The involvement summary for the report (issue 12, item 6): drafted from the review's
//! records, edited by the author, kept with the state of the records it came from, and
//! saved as Word, Markdown or PDF through the one file writer.
//!
//! Nothing leaves Kindred naming a person: the text written (drafted or edited) is checked
//! for every member's name first, and a summary that names someone is refused with the
//! name, so the author can change the record or the text.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::documents::summary::{self as doc, SummaryDoc};
use crate::domain::dates::long;
use crate::domain::summary::{self, Summary, SummaryInput, SummaryLanguage};
use crate::error::{Error, Result};
use crate::files::{self, Existing, WriteOptions};
use crate::store::voice as q;

use super::Workbook;

/// The formats the summary is saved in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SummaryFormat {
    Docx,
    Md,
    Pdf,
}

impl SummaryFormat {
    pub const CHOICES: &'static str = "docx, md, pdf";

    pub fn parse(s: &str) -> Option<SummaryFormat> {
        match s.trim().to_ascii_lowercase().as_str() {
            "docx" | "word" => Some(SummaryFormat::Docx),
            "md" | "markdown" => Some(SummaryFormat::Md),
            "pdf" => Some(SummaryFormat::Pdf),
            _ => None,
        }
    }

    /// The format asked for, or else the one the file name's extension says; one message
    /// for both faces when neither says.
    pub fn choose(asked: Option<&str>, path: Option<&Path>) -> Result<SummaryFormat> {
        match asked.map(str::trim).filter(|f| !f.is_empty()) {
            Some(f) => SummaryFormat::parse(f).ok_or_else(|| {
                Error::invalid(
                    "format",
                    format!("The format must be one of: {} (got {f:?})", Self::CHOICES),
                )
            }),
            None => path
                .and_then(Path::extension)
                .and_then(|e| e.to_str())
                .and_then(SummaryFormat::parse)
                .ok_or_else(|| {
                    Error::invalid("format", format!("Choose the format: {}", Self::CHOICES))
                }),
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            SummaryFormat::Docx => "docx",
            SummaryFormat::Md => "md",
            SummaryFormat::Pdf => "pdf",
        }
    }
}

/// The summary as the author edited it, with the digest of the records it came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedSummary {
    pub text: String,
    pub basis: String,
    pub saved_on: NaiveDate,
    /// "en" or "cy".
    pub language: String,
}

/// One kind of record the summary is made from, counted in words ("5 asked: 3 answered,
/// 2 being looked into"), with the part of the review's family's-voice pages that lists them.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct SummarySource {
    /// The part of the family's-voice pages: lines, questions, contributions, findings,
    /// draft; empty for contacts (they are on the review's own pages).
    pub part: &'static str,
    pub label: &'static str,
    pub detail: String,
}

fn count(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

/// The counts behind the summary, from the same records it is drafted from.
fn sources(
    contacts: &[crate::domain::records::Contact],
    voice: &super::voice::VoiceRecords,
) -> Vec<SummarySource> {
    use std::collections::BTreeSet;
    let took_place: Vec<_> = contacts.iter().filter(|c| c.outcome.took_place()).collect();
    let people: BTreeSet<i64> = took_place.iter().map(|c| c.member_id).collect();
    let mut out = vec![SummarySource {
        part: "",
        label: "Contacts and visits",
        detail: format!(
            "{} with {}",
            count(
                took_place.len(),
                "contact that took place",
                "contacts that took place"
            ),
            count(people.len(), "person", "people")
        ),
    }];
    let from_family = voice.lines.iter().filter(|l| l.from_family()).count();
    out.push(SummarySource {
        part: "lines",
        label: "Lines of enquiry",
        detail: format!(
            "{}, {from_family} from the family’s questions",
            count(voice.lines.len(), "line", "lines")
        ),
    });
    let mut by_status: Vec<(&str, usize)> = Vec::new();
    for q in &voice.questions {
        let w = q.status.words();
        match by_status.iter_mut().find(|(s, _)| *s == w) {
            Some((_, n)) => *n += 1,
            None => by_status.push((w, 1)),
        }
    }
    let statuses: Vec<String> = by_status
        .iter()
        .map(|(s, n)| format!("{n} {}", s.to_lowercase()))
        .collect();
    out.push(SummarySource {
        part: "questions",
        label: "Family questions",
        detail: if statuses.is_empty() {
            "None asked yet".into()
        } else {
            format!("{} asked: {}", voice.questions.len(), statuses.join(", "))
        },
    });
    let tellers: BTreeSet<i64> = voice.contributions.iter().map(|c| c.member_id).collect();
    let unused = voice
        .contributions
        .iter()
        .filter(|c| !c.permission.may_inform())
        .count();
    out.push(SummarySource {
        part: "contributions",
        label: "What people told the review",
        detail: format!(
            "{} from {}, {unused} not to be used",
            count(voice.contributions.len(), "contribution", "contributions"),
            count(tellers.len(), "person", "people")
        ),
    });
    let informed = voice
        .findings
        .iter()
        .filter(|f| !f.contribution_ids.is_empty())
        .count();
    out.push(SummarySource {
        part: "findings",
        label: "Findings",
        detail: format!(
            "{}, {informed} informed by what the family said",
            count(voice.findings.len(), "finding", "findings")
        ),
    });
    let shown: BTreeSet<i64> = voice
        .sessions
        .iter()
        .flat_map(|s| s.member_ids.iter().copied())
        .collect();
    let comments: usize = voice.sessions.iter().map(|s| s.comments.len()).sum();
    let awaiting: usize = voice
        .sessions
        .iter()
        .flat_map(|s| s.comments.iter())
        .filter(|c| c.awaiting_response())
        .count();
    out.push(SummarySource {
        part: "draft",
        label: "Draft sharing",
        detail: format!(
            "{} with {}; {}, {awaiting} awaiting a response",
            count(voice.sessions.len(), "session", "sessions"),
            count(shown.len(), "person", "people"),
            count(comments, "comment", "comments")
        ),
    });
    out
}

/// What the summary screen and `kindred summary` show.
#[derive(Debug, Clone, Serialize)]
pub struct SummaryView {
    /// Drafted now, from the records.
    pub drafted: Summary,
    pub drafted_text: String,
    /// The author's edited text, when there is one.
    pub saved: Option<SavedSummary>,
    /// Newer records than the edited text was made from.
    pub out_of_date: bool,
    /// The text that would be saved: the edited text, or the drafted one.
    pub text: String,
    /// Members' names found in `text` (it cannot be saved while any is there).
    pub names_found: Vec<String>,
    /// The review has no records to summarise yet.
    pub nothing_yet: bool,
    /// The records the summary is made from, counted, to show beside its text.
    pub sources: Vec<SummarySource>,
    pub language: String,
    /// The wording has not been checked by a qualified speaker (the Welsh, for now).
    pub wording_draft: bool,
}

/// Where and how to save the summary.
#[derive(Debug, Clone)]
pub struct SummaryRequest<'a> {
    pub format: SummaryFormat,
    /// "en" or "cy"; `None` for English.
    pub language: Option<&'a str>,
    pub path: &'a Path,
    pub existing: Existing,
}

/// A saved summary file.
#[derive(Debug, Clone, Serialize)]
pub struct WrittenSummary {
    pub path: PathBuf,
    /// The author's edited text was used, though newer records exist.
    pub out_of_date: bool,
    pub wording_draft: bool,
}

fn language(code: Option<&str>) -> Result<SummaryLanguage> {
    match code.map(str::trim).filter(|c| !c.is_empty()) {
        None => Ok(SummaryLanguage::English),
        Some(c) => SummaryLanguage::parse(c).ok_or_else(|| {
            Error::invalid(
                "language",
                format!(
                    "The language must be one of: en, cy (got {:?})",
                    crate::domain::text::truncate(c, 20)
                ),
            )
        }),
    }
}

impl Workbook {
    /// Drafts the review's involvement summary and compares it with the author's edit.
    pub fn involvement_summary(&self, review_key: &str, lang: Option<&str>) -> Result<SummaryView> {
        let review = self.review(review_key)?;
        let language = language(lang)?;
        let code = language.code();
        let members = self.members(review.id)?;
        let contacts = self.contacts(review.id)?;
        let mut terms = Vec::new();
        for m in &members {
            if let Some(t) = self
                .terms_history(m.id)?
                .into_iter()
                .max_by_key(|t| t.version)
            {
                terms.push(t);
            }
        }
        let voice = self.voice_of(&review)?;
        let input = SummaryInput {
            review: &review,
            members: &members,
            contacts: &contacts,
            terms: &terms,
            lines: &voice.lines,
            questions: &voice.questions,
            contributions: &voice.contributions,
            findings: &voice.findings,
            sessions: &voice.sessions,
        };
        let drafted =
            summary::draft(&input, language).map_err(|e| Error::Document(e.to_string()))?;
        let drafted_text = drafted.markdown();
        let saved: Option<SavedSummary> = q::saved_summary(self.store.conn(), review.id)?
            .map(|body| serde_json::from_str(&body))
            .transpose()?
            .filter(|s: &SavedSummary| s.language == code);
        let out_of_date = saved.as_ref().is_some_and(|s| s.basis != drafted.basis);
        let text = saved
            .as_ref()
            .map_or_else(|| drafted_text.clone(), |s| s.text.clone());
        let nothing_yet = !contacts.iter().any(|c| c.outcome.took_place())
            && voice.questions.is_empty()
            && voice.contributions.is_empty()
            && voice.sessions.is_empty();
        Ok(SummaryView {
            names_found: summary::names_in_summary(&text, &members, &self.children(review.id)?),
            wording_draft: drafted.wording_draft,
            drafted,
            drafted_text,
            saved,
            out_of_date,
            text,
            nothing_yet,
            sources: sources(&contacts, &voice),
            language: code.into(),
        })
    }

    /// Keeps the author's edited text with the state of the records it was made from.
    /// Refused while it names a member: the report names nobody.
    pub fn save_summary_text(
        &mut self,
        review_key: &str,
        lang: Option<&str>,
        text: &str,
    ) -> Result<SummaryView> {
        let review = self.review(review_key)?;
        let view = self.involvement_summary(review_key, lang)?;
        let text = crate::domain::text::note_as("text", "The summary", Some(text))
            .map_err(|e| Error::Invalid(vec![e]))?
            .ok_or_else(|| Error::invalid("text", "Enter the summary"))?;
        refuse_names(&summary::names_in_summary(
            &text,
            &self.members(review.id)?,
            &self.children(review.id)?,
        ))?;
        let saved = SavedSummary {
            text,
            basis: view.drafted.basis.clone(),
            saved_on: self.today(),
            language: view.language.clone(),
        };
        let body = serde_json::to_string(&saved)?;
        self.store
            .write(|tx| q::save_summary(tx, review.id, &body))?;
        self.involvement_summary(review_key, lang)
    }

    /// Forgets the author's edit, so the summary follows the records again.
    pub fn redraft_summary(&mut self, review_key: &str) -> Result<()> {
        let review = self.review(review_key)?;
        self.store.write(|tx| q::forget_summary(tx, review.id))
    }

    /// Saves the summary (the author's edit if there is one, else the draft) as a file.
    pub fn write_summary(
        &mut self,
        review_key: &str,
        req: &SummaryRequest,
    ) -> Result<WrittenSummary> {
        let review = self.review(review_key)?;
        let view = self.involvement_summary(review_key, req.language)?;
        view.has_content(&review.reference)?;
        refuse_names(&view.names_found)?;
        let summary_doc = SummaryDoc {
            text: &view.text,
            prepared_on: self.today(),
            language: &view.language,
            footer: format!("{} · {}", review.reference, long(self.today())),
            page_label: if view.language == "cy" {
                "Tudalen {page} o {pages}".into()
            } else {
                "Page {page} of {pages}".into()
            },
        };
        let bytes = match req.format {
            SummaryFormat::Md => view.text.clone().into_bytes(),
            SummaryFormat::Pdf => {
                doc::render_pdf(&summary_doc)
                    .map_err(|e| Error::Document(e.to_string()))?
                    .bytes
            }
            SummaryFormat::Docx => {
                doc::render_docx(&summary_doc).map_err(|e| Error::Document(e.to_string()))?
            }
        };
        let protected = self.store.protected();
        let path = files::write(
            req.path,
            &bytes,
            WriteOptions::new(req.existing, &protected),
        )?;
        Ok(WrittenSummary {
            path,
            out_of_date: view.out_of_date,
            wording_draft: view.wording_draft,
        })
    }
}

impl SummaryView {
    /// Refuses a review with nothing to summarise yet, saying what to record first.
    pub fn has_content(&self, reference: &str) -> Result<()> {
        if self.nothing_yet {
            return Err(Error::invalid(
                "review",
                format!(
                    "The review {reference} has nothing to summarise yet: record a contact, a question or what someone told the review first"
                ),
            ));
        }
        Ok(())
    }
}

fn refuse_names(names: &[String]) -> Result<()> {
    match names.first() {
        None => Ok(()),
        Some(name) => Err(Error::invalid(
            "text",
            format!(
                "The summary names {name}: the report must name nobody. Use the description recorded for the report instead, in the record or in the summary text"
            ),
        )),
    }
}
