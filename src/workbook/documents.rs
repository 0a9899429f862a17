//! Making family documents: the view for one person is built here from that person's
//! permitted data only, checked against the safety rules, rendered by `documents`, and recorded
//! as issued in the same transaction as its audit line. What is asked for arrives as a text
//! form (`forms::SheetRequestForm`, `forms::FeedbackFormRequestForm`); the batch of sheets
//! for everyone in a review is in `documents/batch.rs`.

use std::path::{Path, PathBuf};

use chrono::Datelike;
use serde::Serialize;

use super::Workbook;
use crate::documents::LanguageChoice;
use crate::documents::{
    self, AuthorContact, FormOptions, FormView, PublicationPlan, SheetOptions, SheetView, VisitView,
};
use crate::domain::member::Member;
use crate::domain::progress;
use crate::domain::records::{Contact, DocumentIssued, DocumentKind, SupportService};
use crate::domain::review::{Child, ContactCard, Publication, Review};
use crate::domain::safety::{self, Refusal};
use crate::domain::timescales::KeyDate;
use crate::error::{Error, Result};
use crate::files::{self, Existing, WriteOptions};
use crate::store::records as rec;
use crate::workbook::forms::{FeedbackFormRequestForm, FormLength, PrintSize, SheetRequestForm};

mod batch;
mod leaks;
pub use batch::{BatchOptions, SheetBatch, SkippedSheet};
pub use leaks::{check_no_one_else, LeakContext};

/// A document made for someone, with the record of its issue.
#[derive(Debug, Clone, Serialize)]
pub struct MadeDocument {
    #[serde(skip)]
    pub bytes: Vec<u8>,
    pub pages: usize,
    /// Characters the font lacks: drawn as a visible fallback, reported here.
    pub missing_glyphs: Vec<char>,
    pub issued: DocumentIssued,
    /// A file name that names the document kind and the person's id, never their name.
    pub file_name: String,
    /// Where the document was written (whole and synced before it was recorded as issued).
    pub path: PathBuf,
}

/// Where a document is written.
#[derive(Debug, Clone, Copy)]
pub enum Destination<'a> {
    /// Exactly this path (the CLI's `-o`); an existing file is replaced only when `existing`
    /// says so, and never the workbook, its side files or its backups.
    Path { path: &'a Path, existing: Existing },
    /// This folder (made owner-only if missing), under the document's own file name; a name
    /// already taken gets `-2`, `-3`, ….
    Folder(&'a Path),
    /// The author's documents folder (the desktop's `Documents/Kindred`): one owner-only
    /// sub-folder per review, and names that say what and when without a person's name, for
    /// example `DEMO-ENG-01 information sheet 2026-12-02 person-1.pdf`.
    Library(&'a Path),
}

fn card(c: &ContactCard) -> AuthorContact {
    AuthorContact {
        name: c.name.clone(),
        phone: c.phone.clone(),
        email: c.email.clone(),
        hours: c.hours.clone(),
        postal_address: c.postal_address.clone(),
    }
}

/// What one person's information sheet is built from.
#[derive(Debug, Clone, Copy)]
pub struct SheetSources<'a> {
    pub review: &'a Review,
    pub children: &'a [Child],
    pub member: &'a Member,
    /// The planned visit the sheet is for.
    pub visit: Option<&'a Contact>,
    /// The support services chosen for this person.
    pub chosen_support: &'a [SupportService],
    pub parallel_running: bool,
    /// From the person's latest terms: how long they have to read the findings.
    pub reading_time_days: Option<u32>,
    pub prepared_on: chrono::NaiveDate,
}

/// Builds the information sheet for one person. It sees only this person, the review's own
/// details, the chosen visit and the services chosen for this person: nothing about anyone else
/// can reach the page from here.
pub fn build_sheet_view(sources: &SheetSources<'_>) -> SheetView {
    let SheetSources {
        review,
        children,
        member,
        visit,
        chosen_support,
        parallel_running,
        reading_time_days,
        prepared_on,
    } = *sources;
    let rel = member.relationships.first();
    let child = rel
        .and_then(|r| children.iter().find(|c| c.id == r.child_id))
        .or_else(|| children.first());
    let child_name = rel
        .and_then(|r| r.child_called.clone())
        .or_else(|| child.map(|c| c.known_as.clone()))
        .unwrap_or_else(|| review.pseudonym.clone());
    let publication = match review.publication {
        Publication::NotDecided => PublicationPlan::NotDecided,
        Publication::NotPlanned => PublicationPlan::NotPlanned,
        Publication::Planned => PublicationPlan::Planned {
            month_year: review.key_dates.get(&KeyDate::PlannedPublication).map(|d| {
                format!(
                    "{} {}",
                    crate::domain::dates::month_name(d.month()),
                    d.year()
                )
            }),
        },
    };
    SheetView {
        recipient_name: member.details.display_name().to_string(),
        child_name,
        nation: review.nation,
        review_type: review.review_type,
        body_name: review.body_name.clone(),
        author: card(&review.author),
        partnership_contact: review.partnership_contact.as_ref().map(card),
        visit: visit.map(|v| VisitView {
            date: v.date,
            time: v.time.map(|t| t.format("%H:%M").to_string()),
            place: v
                .location
                .clone()
                .unwrap_or_else(|| "To be agreed with you".to_string()),
            who_will_come: v.attendees.clone(),
            interpreter_language: v.interpreter_language.clone(),
            supporter: v.supporter.clone(),
        }),
        support: chosen_support
            .iter()
            .map(|s| documents::SupportService {
                name: s.name.clone(),
                description: s.description.clone(),
                phone: s.phone.clone(),
                website: s.website.clone(),
                hours: s.hours.clone(),
            })
            .collect(),
        publication,
        parallel_processes: parallel_running,
        findings_sharing_weeks: reading_time_days.map(|d| d.div_ceil(7)),
        complaints: review.complaints.clone(),
        updates_every_days: None,
        prepared_on,
    }
}

impl Workbook {
    /// The information-sheet view for one person (and optionally one of their visits).
    pub fn sheet_view(&self, member_id: i64, visit_id: Option<i64>) -> Result<SheetView> {
        let member = self.member(member_id)?;
        let context = self.sheet_context(member.review_id)?;
        self.sheet_view_in(&context, &member, visit_id)
    }

    /// What every sheet of one review is built from, read once for a batch.
    fn sheet_context(&self, review_id: i64) -> Result<SheetContext> {
        Ok(SheetContext {
            review: self.review_by_id(review_id)?,
            children: self.children(review_id)?,
            parallel: !self.parallel_processes(review_id)?.is_empty(),
            everyone: self.members(review_id)?,
            support: self.support_directory()?,
        })
    }

    /// The sheet view for `member` of the context's review: only what that person may see,
    /// checked against every other person's details before it is returned.
    fn sheet_view_in(
        &self,
        context: &SheetContext,
        member: &Member,
        visit_id: Option<i64>,
    ) -> Result<SheetView> {
        let visit = visit_id.map(|v| self.contact(v)).transpose()?;
        if let Some(v) = &visit {
            if v.member_id != member.id {
                return Err(Error::invalid("visit", "That visit is with someone else"));
            }
            if v.entered_in_error.is_some() {
                return Err(Error::invalid(
                    "visit",
                    "That visit was marked as entered in error",
                ));
            }
        }
        let chosen: Vec<SupportService> = context
            .support
            .iter()
            .filter(|s| member.support_ids.contains(&s.id))
            .cloned()
            .collect();
        let terms = self.terms_history(member.id)?.pop();
        let reading = terms.as_ref().and_then(|t| t.reading_time_days);
        let mut view = build_sheet_view(&SheetSources {
            review: &context.review,
            children: &context.children,
            member,
            visit: visit.as_ref(),
            chosen_support: &chosen,
            parallel_running: context.parallel,
            reading_time_days: reading,
            prepared_on: self.today,
        });
        // Once terms are agreed, the sheet says how often they agreed to hear.
        view.updates_every_days = terms.map(|t| {
            super::update_cadence(
                t.update_cadence_days,
                member.details.update_cadence_days,
                context.review.update_cadence_days,
            )
        });
        check_no_one_else(&view, Some(member), &context.leak_context())?;
        Ok(view)
    }

    /// The person a document is asked for, checked to be in the review the face named.
    fn member_in(&self, review: &Review, member_id: i64) -> Result<Member> {
        let member = self.member(member_id)?;
        if member.review_id != review.id {
            return Err(Error::invalid(
                "member",
                format!("That person is not in review {}", review.reference),
            ));
        }
        Ok(member)
    }

    /// Makes an information sheet, refusing it when the safety rules say so unless the author
    /// gives an override reason (which is logged in the decision log and the audit). When
    /// the form names a review, the person must be in it.
    pub fn make_sheet(
        &mut self,
        form: &SheetRequestForm,
        dest: Destination<'_>,
    ) -> Result<MadeDocument> {
        let request = form.parse()?;
        let member = match &request.review_key {
            Some(key) => self.member_in(&self.review(key)?, request.member_id)?,
            None => self.member(request.member_id)?,
        };
        let override_reason = request.override_reason.as_deref();
        let refusals = safety::may_receive_document(&member, self.today)
            .err()
            .unwrap_or_default();
        if !refusals.is_empty() && override_reason.is_none() {
            return Err(Error::Refused(refusals));
        }
        let context = self.sheet_context(member.review_id)?;
        let view = self.sheet_view_in(&context, &member, request.visit_id)?;
        let variant = request.choice.variant_for(&member);
        let languages = request
            .choice
            .languages
            .unwrap_or(LanguageChoice::default_for(view.nation));
        let rendered = documents::render_sheet(&view, &SheetOptions { variant, languages })
            .map_err(|e| Error::Document(e.to_string()))?;
        let issue = Issue {
            review: &context.review,
            member: Some(&member),
            kind: DocumentKind::InformationSheet,
            variant: variant.slug().to_string(),
            languages,
            contact_id: request.visit_id,
            overridden: override_reason.map(|reason| (reason, refusals.as_slice())),
        };
        self.record_issue(issue, rendered, dest)
    }

    /// Makes a feedback form for one person (their name on it) or an anonymous one.
    pub fn make_feedback_form(
        &mut self,
        form: &FeedbackFormRequestForm,
        dest: Destination<'_>,
    ) -> Result<MadeDocument> {
        let request = form.parse()?;
        let review = self.review(&request.review_key)?;
        let member = request
            .member_id
            .map(|m| self.member_in(&review, m))
            .transpose()?;
        if let Some(m) = &member {
            safety::may_receive_document(m, self.today).map_err(Error::Refused)?;
        }
        let view = FormView {
            respondent_name: member
                .as_ref()
                .map(|m| m.details.display_name().to_string()),
            nation: review.nation,
            review_type: review.review_type,
            author_name: review.author.name.clone(),
            return_address: review.author.postal_address.clone(),
            partnership: review.body_name.clone(),
            prepared_on: self.today,
        };
        let (children, everyone) = (self.children(review.id)?, self.members(review.id)?);
        let ctx = LeakContext {
            review: &review,
            children: &children,
            everyone: &everyone,
        };
        check_no_one_else(&view, member.as_ref(), &ctx)?;
        let choice = request.choice;
        let languages = choice
            .languages
            .unwrap_or(LanguageChoice::default_for(review.nation));
        let rendered = documents::render_feedback_form(
            &view,
            &FormOptions {
                short: choice.length == FormLength::Short,
                languages,
                large_print: choice.print == PrintSize::Large,
            },
        )
        .map_err(|e| Error::Document(e.to_string()))?;
        let variant = match member {
            Some(_) => choice.slug().to_string(),
            None => format!("{}-anonymous", choice.slug()),
        };
        let issue = Issue {
            review: &review,
            member: member.as_ref(),
            kind: DocumentKind::FeedbackForm,
            variant,
            languages,
            contact_id: None,
            overridden: None,
        };
        self.record_issue(issue, rendered, dest)
    }

    /// Writes a document where `dest` says, then records it as issued (with the override
    /// decision, if any, and the checks it closes); a record that cannot be saved takes its
    /// file away again.
    fn record_issue(
        &mut self,
        issue: Issue<'_>,
        rendered: documents::Rendered,
        dest: Destination<'_>,
    ) -> Result<MadeDocument> {
        let Issue {
            review,
            member,
            kind,
            variant,
            languages,
            contact_id,
            overridden,
        } = issue;
        let name = DocumentName {
            reference: &review.reference,
            kind,
            member_id: member.map(|m| m.id),
            review_id: review.id,
        };
        let file_name = name.short();
        // The file first, whole and synced; then its record. A file that cannot be written
        // leaves no record (and no override decision); a record that cannot be saved takes
        // its file away again.
        let path = self.write_document(dest, &name, &rendered.bytes)?;
        let issued = DocumentIssued {
            id: 0,
            review_id: review.id,
            member_id: member.map(|m| m.id),
            kind,
            variant,
            language: lang_slug(languages).to_string(),
            wording_version: rendered.wording_version.clone(),
            made_at: chrono::Local::now().naive_local(),
            contact_id,
            override_reason: overridden.map(|(reason, _)| reason.to_string()),
            pages: rendered.pages as u32,
            file: Some(path.clone()),
        };
        let today = self.today;
        let recorded = self.store.write(|tx| {
            if let (Some((reason, refusals)), Some(member)) = (overridden, member) {
                if !refusals.is_empty() {
                    let d = crate::domain::records::Decision {
                        id: 0,
                        review_id: review.id,
                        decided_on: today,
                        decision: format!(
                            "Override: {} issued despite: {}",
                            kind.slug().replace('-', " "),
                            refusals
                                .iter()
                                .map(|r| r.to_string())
                                .collect::<Vec<_>>()
                                .join("; ")
                        ),
                        options: None,
                        rationale: reason.to_string(),
                        consulted: None,
                        member_ids: vec![member.id],
                        principle: Some(crate::domain::phase::Principle::Sensitivity),
                        review_by: None,
                        author: None,
                    };
                    rec::insert(tx, &d)?;
                }
            }
            let id = rec::insert(tx, &issued)?;
            // A blank anonymous form proves nothing about anyone.
            if member.is_some() {
                let mut made = issued.clone();
                made.id = id;
                super::close_checks(tx, made.review_id, progress::document_proof(&made))?;
            }
            Ok(id)
        });
        let id = unwrite_on_error(recorded, &path)?;
        Ok(MadeDocument {
            bytes: rendered.bytes,
            pages: rendered.pages,
            missing_glyphs: rendered.missing_glyphs,
            issued: rec::get(self.store.conn(), id)?,
            file_name,
            path,
        })
    }

    /// Writes a document's bytes where `dest` says, through the one file writer.
    fn write_document(
        &self,
        dest: Destination<'_>,
        name: &DocumentName<'_>,
        bytes: &[u8],
    ) -> Result<PathBuf> {
        let protected = self.store.protected();
        let file_name = name.short();
        let file_name = file_name.as_str();
        match dest {
            Destination::Path { path, existing } => {
                files::write(path, bytes, WriteOptions::new(existing, &protected))
            }
            Destination::Folder(folder) => {
                files::private_dir(folder)?;
                files::write(
                    &folder.join(file_name),
                    bytes,
                    WriteOptions::new(Existing::NumberAnew, &protected),
                )
            }
            Destination::Library(root) => {
                let folder = root.join(files::safe_file_part(name.reference));
                files::private_dir(&folder)?;
                files::write(
                    &folder.join(name.descriptive(self.today)),
                    bytes,
                    WriteOptions::new(Existing::NumberAnew, &protected),
                )
            }
        }
    }
}

/// A document to record as issued: whose, which, and any override of a refusal.
struct Issue<'a> {
    review: &'a Review,
    /// None: a blank anonymous form.
    member: Option<&'a Member>,
    kind: DocumentKind,
    /// The version's word (`large-print`, `short`, `full-anonymous`, …).
    variant: String,
    languages: LanguageChoice,
    /// The planned visit a sheet is for.
    contact_id: Option<i64>,
    /// The author's reason, and the refusals it overrides (logged as a decision).
    overridden: Option<(&'a str, &'a [Refusal])>,
}

/// What a document's file is named from: never a person's name.
struct DocumentName<'a> {
    reference: &'a str,
    kind: DocumentKind,
    member_id: Option<i64>,
    review_id: i64,
}

impl DocumentName<'_> {
    /// `information-sheet-member-12.pdf` (the CLI's folders and batches).
    fn short(&self) -> String {
        match self.member_id {
            Some(id) => document_file_name(self.kind, id),
            None => format!(
                "{}-anonymous-review-{}.pdf",
                self.kind.slug(),
                self.review_id
            ),
        }
    }

    /// `DEMO-ENG-01 information sheet 2026-12-02 person-12.pdf` (the author's library).
    fn descriptive(&self, on: chrono::NaiveDate) -> String {
        let who = match self.member_id {
            Some(id) => format!("person-{id}"),
            None => "blank".to_string(),
        };
        format!(
            "{} {} {on} {who}.pdf",
            files::safe_file_part(self.reference),
            self.kind.slug().replace('-', " ")
        )
    }
}

/// A document whose record could not be saved is taken away again, so nothing is left on
/// disk that the workbook does not know it issued.
fn unwrite_on_error<T>(recorded: Result<T>, path: &Path) -> Result<T> {
    if recorded.is_err() {
        let _ = std::fs::remove_file(path);
        files::sync_dir(&files::parent_of(path));
    }
    recorded
}

fn lang_slug(l: LanguageChoice) -> &'static str {
    match l {
        LanguageChoice::English => "en",
        LanguageChoice::Welsh => "cy",
        LanguageChoice::Both => "en+cy",
    }
}

/// The file name of a person's document: the kind and the person's id, never their name.
fn document_file_name(kind: DocumentKind, member_id: i64) -> String {
    format!("{}-member-{member_id}.pdf", kind.slug())
}

/// What the sheets of one review are built from.
struct SheetContext {
    review: Review,
    children: Vec<crate::domain::review::Child>,
    parallel: bool,
    /// Everyone in the review, with all their details.
    everyone: Vec<Member>,
    support: Vec<SupportService>,
}

impl SheetContext {
    fn leak_context(&self) -> LeakContext<'_> {
        LeakContext {
            review: &self.review,
            children: &self.children,
            everyone: &self.everyone,
        }
    }
}

impl Workbook {
    /// One document issued.
    pub fn document_issued(&self, id: i64) -> Result<DocumentIssued> {
        rec::get(self.store.conn(), id)
    }

    /// The file of a document issued, where it was written, if it is still there.
    pub fn document_file(&self, id: i64) -> Result<PathBuf> {
        let d = self.document_issued(id)?;
        let file = d.file.ok_or_else(|| {
            Error::Io(
                "this document was made before Kindred kept where it saved it; make it again"
                    .into(),
            )
        })?;
        if !file.is_file() {
            return Err(Error::Io(format!(
                "the file is no longer at {}; it may have been moved or deleted. Make the document again",
                file.display()
            )));
        }
        Ok(file)
    }

    /// Prints a document issued through the system's printing; returns the job's id.
    pub fn print_document(&self, id: i64, opts: &crate::printing::PrintOptions) -> Result<String> {
        let file = self.document_file(id)?;
        crate::printing::print(&file, opts)
    }

    /// The bytes of a document issued, read back from its file (for showing its pages).
    pub fn document_pdf(&self, id: i64) -> Result<Vec<u8>> {
        let file = self.document_file(id)?;
        let bytes = std::fs::read(&file)
            .map_err(|e| files::io_error(&format!("could not read {}", file.display()), &e))?;
        if !bytes.starts_with(b"%PDF-") {
            return Err(Error::Io(format!(
                "{} is no longer the PDF Kindred made; make the document again",
                file.display()
            )));
        }
        Ok(bytes)
    }
}
