//! Making family documents: the view for one person is built here from that person's
//! permitted data only, checked against the safety rules, rendered by `documents`, and recorded
//! as issued in the same transaction as its audit line.

use std::path::{Path, PathBuf};

use chrono::Datelike;
use serde::Serialize;

use super::Workbook;
use crate::documents::{
    self, AuthorContact, FormOptions, FormView, PublicationPlan, SheetOptions, SheetView, VisitView,
};
/// The document choices a face passes to [`Workbook::make_sheet`] and friends, so the faces
/// never import `documents` themselves.
pub use crate::documents::{LanguageChoice, Variant};
use crate::domain::member::Member;
use crate::domain::progress;
use crate::domain::records::{Contact, DocumentIssued, DocumentKind, SupportService};
use crate::domain::review::{Child, ContactCard, Publication, Review};
use crate::domain::safety::{self, Refusal};
use crate::domain::timescales::KeyDate;
use crate::error::{Error, Result};
use crate::files::{self, Existing, WriteOptions};
use crate::store::records as rec;

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

/// Builds the information sheet for one person. It sees only this person, the review's own
/// details, the chosen visit and the services chosen for this person: nothing about anyone else
/// can reach the page from here.
#[allow(clippy::too_many_arguments)]
pub fn build_sheet_view(
    review: &Review,
    children: &[Child],
    member: &Member,
    visit: Option<&Contact>,
    chosen_support: &[SupportService],
    parallel_running: bool,
    reading_time_days: Option<u32>,
    prepared_on: chrono::NaiveDate,
) -> SheetView {
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

/// Refuses a view that would carry another member's name or any of their contact details.
pub fn check_no_one_else(view_text: &str, others: &[&Member]) -> Result<()> {
    let mut refusals: Vec<Refusal> = safety::names_in(view_text, others)
        .into_iter()
        .map(|name| Refusal::NamesAnotherMember { name })
        .collect();
    for o in others {
        for d in &o.contact_details {
            if d.value.chars().count() >= 6 && view_text.contains(&d.value) {
                refusals.push(Refusal::NamesAnotherMember {
                    name: format!("a contact detail of {}", o.details.display_name()),
                });
            }
        }
    }
    if refusals.is_empty() {
        Ok(())
    } else {
        Err(Error::Refused(refusals))
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
        let mut view = build_sheet_view(
            &context.review,
            &context.children,
            member,
            visit.as_ref(),
            &chosen,
            context.parallel,
            reading,
            self.today,
        );
        // Once terms are agreed, the sheet says how often they agreed to hear.
        view.updates_every_days = terms.map(|t| {
            super::update_cadence(
                t.update_cadence_days,
                member.details.update_cadence_days,
                context.review.update_cadence_days,
            )
        });
        let others: Vec<&Member> = context
            .everyone
            .iter()
            .filter(|m| m.id != member.id)
            .collect();
        let text = serde_json::to_string(&view)?;
        check_no_one_else(&text, &others)?;
        Ok(view)
    }

    /// Makes an information sheet, refusing it when the safety rules say so unless the author
    /// gives an override reason (which is logged in the decision log and the audit).
    pub fn make_sheet(
        &mut self,
        member_id: i64,
        visit_id: Option<i64>,
        variant: Variant,
        languages: Option<LanguageChoice>,
        override_reason: Option<&str>,
        dest: Destination<'_>,
    ) -> Result<MadeDocument> {
        let member = self.member(member_id)?;
        let override_reason = crate::domain::text::note("override_reason", override_reason)
            .map_err(|e| Error::Invalid(vec![e]))?;
        let override_reason = override_reason.as_deref();
        let refusals = safety::may_receive_document(&member, self.today)
            .err()
            .unwrap_or_default();
        if !refusals.is_empty() && override_reason.is_none() {
            return Err(Error::Refused(refusals));
        }
        let view = self.sheet_view(member_id, visit_id)?;
        let languages = languages.unwrap_or(LanguageChoice::default_for(view.nation));
        let rendered = documents::render_sheet(&view, &SheetOptions { variant, languages })
            .map_err(|e| Error::Document(e.to_string()))?;
        let variant_slug = match variant {
            Variant::Standard => "standard",
            Variant::LargePrint => "large-print",
            Variant::EasyRead => "easy-read",
        };
        self.record_issue(
            &member,
            DocumentKind::InformationSheet,
            variant_slug,
            languages,
            rendered,
            visit_id,
            override_reason.map(|reason| (reason, refusals.as_slice())),
            dest,
        )
    }

    /// Makes a feedback form for one person (their name on it) or an anonymous one.
    pub fn make_feedback_form(
        &mut self,
        review_key: &str,
        member_id: Option<i64>,
        short: bool,
        languages: Option<LanguageChoice>,
        large_print: bool,
        dest: Destination<'_>,
    ) -> Result<MadeDocument> {
        let review = self.review(review_key)?;
        let member = member_id.map(|m| self.member(m)).transpose()?;
        if let Some(m) = &member {
            if m.review_id != review.id {
                return Err(Error::invalid(
                    "member",
                    "That person belongs to another review",
                ));
            }
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
        let languages = languages.unwrap_or(LanguageChoice::default_for(review.nation));
        let rendered = documents::render_feedback_form(
            &view,
            &FormOptions {
                short,
                languages,
                large_print,
            },
        )
        .map_err(|e| Error::Document(e.to_string()))?;
        let variant = match (short, large_print) {
            (true, false) => "short",
            (true, true) => "short-large-print",
            (false, false) => "full",
            (false, true) => "full-large-print",
        };
        match &member {
            Some(m) => self.record_issue(
                m,
                DocumentKind::FeedbackForm,
                variant,
                languages,
                rendered,
                None,
                None,
                dest,
            ),
            None => self.record_anonymous(&review, variant, languages, rendered, dest),
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn record_issue(
        &mut self,
        member: &Member,
        kind: DocumentKind,
        variant: &str,
        languages: LanguageChoice,
        rendered: documents::Rendered,
        contact_id: Option<i64>,
        // The author's reason, and the refusals it overrides (logged as a decision).
        overridden: Option<(&str, &[Refusal])>,
        dest: Destination<'_>,
    ) -> Result<MadeDocument> {
        let file_name = document_file_name(kind, member.id);
        let reference = self.review_by_id(member.review_id)?.reference;
        let name = DocumentName {
            reference: &reference,
            kind,
            member_id: Some(member.id),
            review_id: member.review_id,
        };
        // The file first, whole and synced; then its record. A file that cannot be written
        // leaves no record (and no override decision); a record that cannot be saved takes
        // its file away again.
        let path = self.write_document(dest, &name, &rendered.bytes)?;
        let issued = DocumentIssued {
            id: 0,
            review_id: member.review_id,
            member_id: Some(member.id),
            kind,
            variant: variant.to_string(),
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
            if let Some((reason, refusals)) = overridden {
                if !refusals.is_empty() {
                    let d = crate::domain::records::Decision {
                        id: 0,
                        review_id: member.review_id,
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
            let mut made = issued.clone();
            made.id = id;
            super::close_checks(tx, made.review_id, progress::document_proof(&made))?;
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

    fn record_anonymous(
        &mut self,
        review: &Review,
        variant: &str,
        languages: LanguageChoice,
        rendered: documents::Rendered,
        dest: Destination<'_>,
    ) -> Result<MadeDocument> {
        let name = DocumentName {
            reference: &review.reference,
            kind: DocumentKind::FeedbackForm,
            member_id: None,
            review_id: review.id,
        };
        let file_name = name.short();
        let path = self.write_document(dest, &name, &rendered.bytes)?;
        let issued = DocumentIssued {
            id: 0,
            review_id: review.id,
            member_id: None,
            kind: DocumentKind::FeedbackForm,
            variant: format!("{variant}-anonymous"),
            language: lang_slug(languages).to_string(),
            wording_version: rendered.wording_version.clone(),
            made_at: chrono::Local::now().naive_local(),
            contact_id: None,
            override_reason: None,
            pages: rendered.pages as u32,
            file: Some(path.clone()),
        };
        let recorded = self.store.write(|tx| rec::insert(tx, &issued));
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

/// Someone a batch made no sheet for, and why.
#[derive(Debug, Clone)]
pub struct SkippedSheet {
    pub review_reference: String,
    pub member_id: i64,
    pub reasons: Vec<Refusal>,
}

/// What a batch of information sheets did.
#[derive(Debug, Clone, Default)]
pub struct SheetBatch {
    /// Sheets written and recorded as issued.
    pub made: usize,
    /// People refused by the safety rules, in review and member order.
    pub skipped: Vec<SkippedSheet>,
    /// For each written sheet with characters the font lacks (in order): those characters.
    pub missing_glyphs: Vec<Vec<char>>,
}

/// Sheets recorded as issued per transaction in a batch.
const BATCH_CHUNK: usize = 64;

/// One sheet of a batch, ready to render: pure data, no database.
struct SheetJob {
    view: SheetView,
    opts: SheetOptions,
    file_name: String,
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

/// What recording a sheet as issued needs of its job, kept on the building thread.
struct JobRecord {
    review_id: i64,
    member_id: i64,
    languages: LanguageChoice,
}

/// Results of a batch as they arrive from the workers, in any order: recorded in job
/// order, in chunks of [`BATCH_CHUNK`].
#[derive(Default)]
struct Results {
    /// Arrived ahead of an earlier one.
    waiting: std::collections::BTreeMap<usize, Result<WrittenSheet>>,
    /// The next job index to record.
    expected: usize,
    chunk: Vec<WrittenSheet>,
    /// Written after the batch began to stop: still recorded at the end.
    stray: Vec<WrittenSheet>,
    first_error: Option<Error>,
}

impl Results {
    fn failed(&self) -> bool {
        self.first_error.is_some()
    }

    fn fail(&mut self, e: Error, stop: &std::sync::atomic::AtomicBool) {
        self.first_error.get_or_insert(e);
        stop.store(true, std::sync::atomic::Ordering::Relaxed);
        let waiting = std::mem::take(&mut self.waiting);
        self.stray
            .extend(waiting.into_values().filter_map(|r| r.ok()));
    }

    #[allow(clippy::too_many_arguments)]
    fn take(
        &mut self,
        wb: &mut Workbook,
        i: usize,
        result: Result<WrittenSheet>,
        jobs: &[JobRecord],
        dir: &Path,
        variant: Variant,
        batch: &mut SheetBatch,
        stop: &std::sync::atomic::AtomicBool,
    ) {
        if self.failed() {
            // Stopping: sheets written after the failure are still recorded.
            if let Ok(w) = result {
                self.stray.push(w);
            }
            return;
        }
        self.waiting.insert(i, result);
        while let Some(result) = self.waiting.remove(&self.expected) {
            self.expected += 1;
            match result {
                Ok(w) => {
                    self.chunk.push(w);
                    if self.chunk.len() >= BATCH_CHUNK {
                        if let Err(e) = wb.record_sheets(jobs, &mut self.chunk, dir, variant, batch)
                        {
                            self.fail(e, stop);
                            return;
                        }
                    }
                }
                Err(e) => {
                    self.fail(e, stop);
                    return;
                }
            }
        }
    }

    /// Records everything written and not yet recorded.
    fn finish(
        &mut self,
        wb: &mut Workbook,
        jobs: &[JobRecord],
        dir: &Path,
        variant: Variant,
        batch: &mut SheetBatch,
    ) {
        self.chunk.append(&mut self.stray);
        self.chunk.sort_by_key(|w| w.index);
        if let Err(e) = wb.record_sheets(jobs, &mut self.chunk, dir, variant, batch) {
            self.first_error.get_or_insert(e);
        }
    }
}

/// A sheet rendered and written to its file (data synced to disk).
struct WrittenSheet {
    index: usize,
    path: std::path::PathBuf,
    pages: usize,
    wording_version: String,
    missing_glyphs: Vec<char>,
}

fn variant_slug(variant: Variant) -> &'static str {
    match variant {
        Variant::Standard => "standard",
        Variant::LargePrint => "large-print",
        Variant::EasyRead => "easy-read",
    }
}

fn render_and_write(
    job: &SheetJob,
    dir: &Path,
    index: usize,
    opts: WriteOptions<'_>,
) -> Result<WrittenSheet> {
    let rendered = documents::render_sheet(&job.view, &job.opts)
        .map_err(|e| Error::Document(e.to_string()))?;
    let path = files::write(&dir.join(&job.file_name), &rendered.bytes, opts)?;
    Ok(WrittenSheet {
        index,
        path,
        pages: rendered.pages,
        wording_version: rendered.wording_version,
        missing_glyphs: rendered.missing_glyphs,
    })
}

/// Makes a directory's entries (new and renamed files) durable.
fn sync_dir(dir: &Path) -> Result<()> {
    std::fs::File::open(dir)
        .and_then(|d| d.sync_all())
        .map_err(|e| Error::Io(format!("could not sync {}: {e}", dir.display())))
}

/// Options of a sheet batch.
#[derive(Debug, Clone, Copy)]
pub struct BatchOptions {
    pub variant: Variant,
    /// None: each nation's default.
    pub languages: Option<LanguageChoice>,
    /// [`Existing::Refuse`] (the default) refuses the whole batch, before anything is
    /// written, when any sheet it would write already exists; [`Existing::Replace`] replaces
    /// them (`--force`).
    pub existing: Existing,
}

impl Workbook {
    /// Makes the information sheet of everyone in `reviews` who may receive one, into
    /// `dir` (named as [`MadeDocument::file_name`]), skipping people the safety rules
    /// refuse. Each person goes through exactly the checks of [`Workbook::make_sheet`]
    /// without an override.
    ///
    /// Views are built on this thread (all database reads and writes stay here); the
    /// rendering, which is pure, and the file writing run on every core.
    ///
    /// The rule for issue records: a sheet is recorded as issued only after its file is
    /// whole on disk (file data synced, renamed into place, directory synced), and
    /// records are committed in chunks of [`BATCH_CHUNK`], in order. So a crash never
    /// leaves a record for a sheet that was not written; the most it can leave is the
    /// files written since the last commit (at most a chunk plus one per worker)
    /// without their record, whole, and made again by the next run. On an error
    /// rather than a crash, every sheet already written is still recorded before the
    /// error is returned, and if recording itself fails, the files it covered are
    /// removed, so nothing is left on disk unrecorded.
    pub fn make_sheets_into(
        &mut self,
        reviews: &[Review],
        opts: BatchOptions,
        dir: &Path,
    ) -> Result<SheetBatch> {
        use std::sync::atomic::{AtomicBool, Ordering::Relaxed};

        let BatchOptions {
            variant,
            languages,
            existing,
        } = opts;
        files::private_dir(dir)?;
        let protected = self.store.protected();
        // Refuse before writing anything: the folder itself may be a protected one, and
        // without --force no sheet of an earlier batch is replaced.
        protected.check(&dir.join("information-sheet.pdf"))?;
        if existing == Existing::Refuse {
            self.refuse_taken_names(reviews, dir)?;
        }
        let write_opts = WriteOptions {
            caller_syncs_folder: true,
            ..WriteOptions::new(existing, &protected)
        };
        let mut batch = SheetBatch::default();
        let workers = std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1)
            .clamp(1, 8);
        let stop = AtomicBool::new(false);
        // Jobs go to the workers as they are built, so building views here overlaps
        // rendering there. The queue holds a chunk's worth (views are a few kilobytes), so
        // the workers keep busy while this thread commits a chunk of records.
        let (job_tx, job_rx) = std::sync::mpsc::sync_channel::<(usize, SheetJob)>(BATCH_CHUNK);
        let job_rx = std::sync::Mutex::new(job_rx);
        let (tx, rx) = std::sync::mpsc::channel::<(usize, Result<WrittenSheet>)>();
        let mut jobs: Vec<JobRecord> = Vec::new();
        let mut results = Results::default();
        std::thread::scope(|s| {
            for _ in 0..workers {
                let tx = tx.clone();
                let (job_rx, stop, write_opts) = (&job_rx, &stop, &write_opts);
                s.spawn(move || loop {
                    let next = match job_rx.lock() {
                        Ok(rx) => rx.recv(),
                        Err(_) => break,
                    };
                    let Ok((i, job)) = next else { break };
                    // Once stopping, jobs still queued are taken and dropped, unrendered.
                    if stop.load(Relaxed) {
                        continue;
                    }
                    if tx
                        .send((i, render_and_write(&job, dir, i, *write_opts)))
                        .is_err()
                    {
                        break;
                    }
                });
            }
            drop(tx);
            'build: for r in reviews {
                let context = match self.sheet_context(r.id) {
                    Ok(c) => c,
                    Err(e) => {
                        results.fail(e, &stop);
                        break;
                    }
                };
                for m in &context.everyone {
                    let refused = match safety::may_receive_document(m, self.today) {
                        Err(reasons) if !reasons.is_empty() => Err(reasons),
                        _ => match self.sheet_view_in(&context, m, None) {
                            Ok(view) => Ok(view),
                            Err(Error::Refused(reasons)) => Err(reasons),
                            Err(e) => {
                                results.fail(e, &stop);
                                break 'build;
                            }
                        },
                    };
                    match refused {
                        Ok(view) => {
                            let languages =
                                languages.unwrap_or(LanguageChoice::default_for(view.nation));
                            let job = SheetJob {
                                view,
                                opts: SheetOptions { variant, languages },
                                file_name: document_file_name(DocumentKind::InformationSheet, m.id),
                            };
                            jobs.push(JobRecord {
                                review_id: m.review_id,
                                member_id: m.id,
                                languages,
                            });
                            if job_tx.send((jobs.len() - 1, job)).is_err() {
                                results.fail(
                                    Error::Internal("the sheet workers stopped".into()),
                                    &stop,
                                );
                                break 'build;
                            }
                        }
                        Err(reasons) => batch.skipped.push(SkippedSheet {
                            review_reference: r.reference.clone(),
                            member_id: m.id,
                            reasons,
                        }),
                    }
                    // Record what has been written so far, in order.
                    while let Ok((i, result)) = rx.try_recv() {
                        results.take(self, i, result, &jobs, dir, variant, &mut batch, &stop);
                    }
                    if results.failed() {
                        break 'build;
                    }
                }
            }
            drop(job_tx);
            for (i, result) in rx.iter() {
                results.take(self, i, result, &jobs, dir, variant, &mut batch, &stop);
            }
            results.finish(self, &jobs, dir, variant, &mut batch);
        });
        match results.first_error {
            Some(e) => Err(e),
            None => Ok(batch),
        }
    }

    /// Refuses a batch into `dir` when a sheet it would write is there already.
    fn refuse_taken_names(&self, reviews: &[Review], dir: &Path) -> Result<()> {
        let prefix = format!("{}-member-", DocumentKind::InformationSheet.slug());
        let present: std::collections::HashSet<String> = match std::fs::read_dir(dir) {
            Ok(entries) => entries
                .flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n.starts_with(&prefix))
                .collect(),
            Err(_) => return Ok(()),
        };
        if present.is_empty() {
            return Ok(());
        }
        let mut taken = Vec::new();
        for r in reviews {
            for m in self.members(r.id)? {
                let name = document_file_name(DocumentKind::InformationSheet, m.id);
                if present.contains(&name) {
                    taken.push(name);
                }
            }
        }
        match taken.as_slice() {
            [] => Ok(()),
            [first, rest @ ..] => Err(Error::AlreadyExists(format!(
                "{}{}; nothing was written (choose an empty folder, or replace them with --force)",
                dir.join(first).display(),
                match rest.len() {
                    0 => String::new(),
                    n => format!(" and {n} more sheets of this batch"),
                }
            ))),
        }
    }

    /// Records a chunk of written sheets as issued, in one transaction, after making
    /// their directory entries durable. If that fails, their files are removed.
    fn record_sheets(
        &mut self,
        jobs: &[JobRecord],
        chunk: &mut Vec<WrittenSheet>,
        dir: &Path,
        variant: Variant,
        batch: &mut SheetBatch,
    ) -> Result<()> {
        if chunk.is_empty() {
            return Ok(());
        }
        let made_at = chrono::Local::now().naive_local();
        let result = sync_dir(dir).and_then(|()| {
            self.store.write(|tx| {
                for w in chunk.iter() {
                    let job = jobs
                        .get(w.index)
                        .ok_or_else(|| Error::Internal("a sheet without its job".into()))?;
                    let issued = DocumentIssued {
                        id: 0,
                        review_id: job.review_id,
                        member_id: Some(job.member_id),
                        kind: DocumentKind::InformationSheet,
                        variant: variant_slug(variant).to_string(),
                        language: lang_slug(job.languages).to_string(),
                        wording_version: w.wording_version.clone(),
                        made_at,
                        contact_id: None,
                        override_reason: None,
                        pages: w.pages as u32,
                        file: Some(w.path.clone()),
                    };
                    let mut made = issued.clone();
                    made.id = rec::insert(tx, &issued)?;
                    super::close_checks(tx, made.review_id, progress::document_proof(&made))?;
                }
                Ok(())
            })
        });
        match result {
            Ok(()) => {
                for w in chunk.drain(..) {
                    batch.made += 1;
                    if !w.missing_glyphs.is_empty() {
                        batch.missing_glyphs.push(w.missing_glyphs);
                    }
                }
                Ok(())
            }
            Err(e) => {
                for w in chunk.drain(..) {
                    let _ = std::fs::remove_file(&w.path);
                }
                let _ = sync_dir(dir);
                Err(e)
            }
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
