//! Sheets for everyone in a batch: views built on this thread, rendering and writing on
//! every core, issue records committed in order and in chunks, so a crash or an error
//! never leaves a record without its file, nor a file without its record for longer than
//! one chunk.

use std::path::Path;

use super::{document_file_name, lang_slug};
use crate::documents::{self, LanguageChoice, SheetOptions, SheetView, Variant};
use crate::domain::progress;
use crate::domain::records::{DocumentIssued, DocumentKind};
use crate::domain::review::Review;
use crate::domain::safety::{self, Refusal};
use crate::error::{Error, Result};
use crate::files::{self, Existing, WriteOptions};
use crate::store::records as rec;
use crate::workbook::forms::SheetChoice;
use crate::workbook::Workbook;

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
    /// What the author must know before giving the sheets out (Welsh wording still a draft).
    pub warnings: Vec<String>,
}

/// Sheets recorded as issued per transaction in a batch.
const BATCH_CHUNK: usize = 64;
/// Sheets whose views are built and waiting for a worker, at most.
const QUEUED_JOBS: usize = 4 * BATCH_CHUNK;

/// One sheet of a batch, ready to render: pure data, no database.
struct SheetJob {
    view: SheetView,
    opts: SheetOptions,
    file_name: String,
}

/// What recording a sheet as issued needs of its job, kept on the building thread.
struct JobRecord {
    review_id: i64,
    member_id: i64,
    variant: Variant,
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
    /// What the batch did so far.
    batch: SheetBatch,
}

/// Where a batch writes its sheets.
#[derive(Clone, Copy)]
struct Output<'a> {
    dir: &'a Path,
    write: WriteOptions<'a>,
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

    fn take(
        &mut self,
        wb: &mut Workbook,
        i: usize,
        result: Result<WrittenSheet>,
        jobs: &[JobRecord],
        out: Output<'_>,
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
                        if let Err(e) =
                            wb.record_sheets(jobs, &mut self.chunk, out, &mut self.batch)
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
    fn finish(&mut self, wb: &mut Workbook, jobs: &[JobRecord], out: Output<'_>) {
        self.chunk.append(&mut self.stray);
        self.chunk.sort_by_key(|w| w.index);
        if let Err(e) = wb.record_sheets(jobs, &mut self.chunk, out, &mut self.batch) {
            self.first_error.get_or_insert(e);
        }
    }
}

/// A sheet rendered and written under its temporary name: placed, with the rest of its
/// chunk, just before the chunk is recorded.
struct WrittenSheet {
    index: usize,
    /// Taken when the chunk is placed.
    file: Option<files::Staged>,
    pages: usize,
    wording_version: String,
    missing_glyphs: Vec<char>,
}

fn render_and_write(
    job: &SheetJob,
    dir: &Path,
    index: usize,
    opts: WriteOptions<'_>,
) -> Result<WrittenSheet> {
    let rendered = documents::render_sheet(&job.view, &job.opts)
        .map_err(|e| Error::Document(e.to_string()))?;
    let file = files::stage(&dir.join(&job.file_name), &rendered.bytes, opts)?;
    Ok(WrittenSheet {
        index,
        file: Some(file),
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
    /// The version (none: as each person's needs ask), and the languages (none: each
    /// nation's default), as read by [`SheetBatchForm`](crate::workbook::forms::SheetBatchForm).
    pub choice: SheetChoice,
    /// [`Existing::Refuse`] (the default) refuses the whole batch, before anything is
    /// written, when any sheet it would write already exists; [`Existing::Replace`] replaces
    /// them (`--force`).
    pub existing: Existing,
    /// Whether the author knows that a community language's translation is a draft; without
    /// it, the people whose sheet would be in one are skipped with that reason.
    pub draft_ok: bool,
}

impl Workbook {
    /// Makes the information sheet of everyone in `reviews` who may receive one, into
    /// `dir` (named as [`MadeDocument::file_name`](super::MadeDocument::file_name)), skipping people the safety rules
    /// refuse (a person whose involvement is still to be decided among them), each listed
    /// with the reasons. Each person goes through exactly the checks of
    /// [`Workbook::make_sheet`] without an override, and gets the version their needs ask for
    /// unless the batch names one.
    ///
    /// Views are built on this thread (all database reads and writes stay here); the
    /// rendering, which is pure, and the file writing run on every core.
    ///
    /// The rule for issue records: a sheet is recorded as issued only after its file is
    /// whole on disk. Workers write each sheet under a temporary name; each chunk of
    /// [`BATCH_CHUNK`] is then made durable with one sync of the file system, moved to
    /// its names, its folder synced, and recorded in one transaction, in order. So a crash
    /// never leaves a record for a sheet that was not written, nor a sheet's name on a
    /// file that is not whole; the most it can leave is one chunk's files without their
    /// records (made again by the next run) and hidden temporary files. On an error
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
            choice,
            existing,
            draft_ok,
        } = opts;
        let languages = choice.languages;
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
        let out = Output {
            dir,
            write: write_opts,
        };
        let workers = std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1)
            .clamp(1, 8);
        // Read once for the whole batch (nothing in a batch changes it), before anything
        // is written.
        let support = std::rc::Rc::new(self.support_directory()?);
        let stop = AtomicBool::new(false);
        // Jobs go to the workers as they are built, so building views here overlaps
        // rendering there. The queue holds four chunks' worth (views are a few kilobytes,
        // so about a megabyte), so the workers keep busy while this thread commits a chunk
        // of records and waits for its files to reach the disk: with one chunk's worth,
        // once rendering became faster than building views, the workers waited on an empty
        // queue (a batch of 1,213 sheets: median 1.01 -> 0.91 s, in alternating runs).
        let (job_tx, job_rx) = std::sync::mpsc::sync_channel::<(usize, SheetJob)>(QUEUED_JOBS);
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
            let mut drafts_of: Vec<(SheetOptions, Vec<documents::Language>)> = Vec::new();
            'build: for r in reviews {
                let context = match self.sheet_context_with(r.clone(), support.clone()) {
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
                    let refused = refused.and_then(|view| {
                        let opts = SheetOptions {
                            variant: choice.variant_for(m, self.today),
                            languages: languages
                                .unwrap_or(super::languages_for(Some(m), view.nation)),
                        };
                        if draft_ok {
                            return Ok((view, opts));
                        }
                        // A handful of kinds of sheet across the whole batch: each is asked
                        // about once.
                        let drafts = match drafts_of.iter().find(|(o, _)| *o == opts) {
                            Some((_, d)) => d.clone(),
                            None => {
                                let d = documents::sheet_drafts(&opts)
                                    .map(|d| super::languages::unconfirmed_drafts(&d))
                                    .unwrap_or_default();
                                drafts_of.push((opts, d.clone()));
                                d
                            }
                        };
                        if drafts.is_empty() {
                            Ok((view, opts))
                        } else {
                            Err(vec![Refusal::DraftTranslation {
                                languages: super::languages::names(&drafts),
                            }])
                        }
                    });
                    match refused {
                        Ok((view, opts)) => {
                            jobs.push(JobRecord {
                                review_id: m.review_id,
                                member_id: m.id,
                                variant: opts.variant,
                                languages: opts.languages,
                            });
                            let job = SheetJob {
                                view,
                                opts,
                                file_name: document_file_name(DocumentKind::InformationSheet, m.id),
                            };
                            if job_tx.send((jobs.len() - 1, job)).is_err() {
                                results.fail(
                                    Error::Internal("the sheet workers stopped".into()),
                                    &stop,
                                );
                                break 'build;
                            }
                        }
                        Err(reasons) => results.batch.skipped.push(SkippedSheet {
                            review_reference: r.reference.clone(),
                            member_id: m.id,
                            reasons,
                        }),
                    }
                    // Record what has been written so far, in order.
                    while let Ok((i, result)) = rx.try_recv() {
                        results.take(self, i, result, &jobs, out, &stop);
                    }
                    if results.failed() {
                        break 'build;
                    }
                }
            }
            drop(job_tx);
            for (i, result) in rx.iter() {
                results.take(self, i, result, &jobs, out, &stop);
            }
            results.finish(self, &jobs, out);
        });
        match results.first_error {
            Some(e) => Err(e),
            None => {
                let mut batch = results.batch;
                let languages: Vec<LanguageChoice> = jobs.iter().map(|j| j.languages).collect();
                batch.warnings = super::draft_warnings(&languages)?;
                Ok(batch)
            }
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
        out: Output<'_>,
        batch: &mut SheetBatch,
    ) -> Result<()> {
        let Output {
            dir,
            write: write_options,
        } = out;
        if chunk.is_empty() {
            return Ok(());
        }
        let made_at = chrono::Local::now().naive_local();
        // The chunk's files whole on disk under their names, then their records: a crash
        // in between leaves files without records (made again by the next run), never a
        // record without its file.
        let staged = chunk
            .iter_mut()
            .map(|w| w.file.take())
            .collect::<Option<Vec<_>>>()
            .ok_or_else(|| Error::Internal("a sheet of the batch was placed twice".into()));
        let paths = staged
            .and_then(|staged| files::place_staged(staged, write_options))
            .and_then(|paths| sync_dir(dir).map(|()| paths));
        let paths = match paths {
            Ok(p) => p,
            Err(e) => {
                chunk.clear();
                return Err(e);
            }
        };
        let result = {
            self.store.write(|tx| {
                for (w, path) in chunk.iter().zip(&paths) {
                    let job = jobs
                        .get(w.index)
                        .ok_or_else(|| Error::Internal("a sheet without its job".into()))?;
                    let issued = DocumentIssued {
                        id: 0,
                        review_id: job.review_id,
                        member_id: Some(job.member_id),
                        kind: DocumentKind::InformationSheet,
                        variant: job.variant.slug().to_string(),
                        language: lang_slug(job.languages).to_string(),
                        wording_version: w.wording_version.clone(),
                        made_at,
                        contact_id: None,
                        override_reason: None,
                        pages: w.pages as u32,
                        file: Some(path.clone()),
                    };
                    let mut made = issued.clone();
                    made.id = rec::insert(tx, &issued)?;
                    crate::workbook::close_checks(
                        tx,
                        made.review_id,
                        progress::document_proof(&made),
                    )?;
                }
                Ok(())
            })
        };
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
                chunk.clear();
                for p in &paths {
                    let _ = std::fs::remove_file(p);
                }
                let _ = sync_dir(dir);
                Err(e)
            }
        }
    }
}
