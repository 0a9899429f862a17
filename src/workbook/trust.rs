//! Trust: backups and restore, export and import of a review, destruction at the end of
//! retention, changing the passphrase. The use cases the CLI and the desktop call; the file
//! and SQL work is in `store::backup` and `store::bundle`, the bundle format in
//! [`super::bundle`].

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde::Serialize;

use super::bundle::{self, Bundle, BundleCheck, Counts};
use super::forms::ContactForm;
use super::Workbook;
use crate::domain::catalogue::CheckStatus;
use crate::domain::records::*;
use crate::domain::text::FieldError;
use crate::error::{Error, Result};
pub use crate::files::Existing;
use crate::store::records as rec;
use crate::store::{self, backup};

pub use crate::store::backup::{BackupInfo, OldBackups, OldBackupsDone, RestoreReport};

/// What to do with the automatic backups that still open with the old passphrase, from the
/// words both faces take: `keep` (also when nothing is given), `rekey` or `delete`.
pub fn old_backups_choice(text: Option<&str>) -> Result<OldBackups> {
    match text.map(str::trim).unwrap_or("") {
        "" | "keep" => Ok(OldBackups::Keep),
        "rekey" => Ok(OldBackups::Rekey),
        "delete" => Ok(OldBackups::Delete),
        other => Err(Error::invalid(
            "old_backups",
            format!(
                "Choose what to do with the backups that open with the old passphrase: keep, \
                 rekey or delete (got {:?})",
                crate::domain::text::truncate(other, 20)
            ),
        )),
    }
}

/// What an import did.
#[derive(Debug, Clone, Serialize)]
pub struct ImportReport {
    pub review_id: i64,
    pub reference: String,
    pub counts: Counts,
    /// Support-directory entries already in this workbook that the review's people now use.
    pub support_reused: usize,
    /// Support-directory entries added to this workbook.
    pub support_added: usize,
}

/// What destroying a review did.
#[derive(Debug, Clone, Serialize)]
pub struct DestroyReport {
    pub reference: String,
    /// Rows removed per table (cascades included), not counting the audit log.
    pub rows: std::collections::BTreeMap<String, i64>,
    /// Audit lines about the review that were removed (one "destroy" line remains).
    pub audit_lines_removed: i64,
    /// False when another window kept the write-ahead log from being emptied (see message).
    pub log_emptied: bool,
    /// The automatic backup made right after, which no longer holds the review.
    pub fresh_backup: Option<PathBuf>,
    /// Why no fresh backup could be made, if so.
    pub fresh_backup_error: Option<String>,
    /// Older automatic backups (which held the review) that were deleted.
    pub old_backups_removed: usize,
}

/// A refused bundle: the problems as one message, with "nothing was imported".
fn refused(problems: Vec<String>) -> Error {
    Error::Invalid(vec![FieldError::new(
        "bundle",
        format!(
            "the bundle was not imported (nothing was changed): {}",
            bundle::summarise(&problems)
        ),
    )])
}

/// Replaces the workbook at `target` with the backup `file` (see [`store::backup::restore`]).
pub fn restore(file: &Path, target: &Path, passphrase: &str) -> Result<RestoreReport> {
    backup::restore(file, target, passphrase)
}

/// [`restore`] for a window that has `target` open: `release` closes it once the backup has
/// been proven good (see [`store::backup::restore_releasing`]).
pub fn restore_releasing(
    file: &Path,
    target: &Path,
    passphrase: &str,
    release: impl FnOnce(),
) -> Result<RestoreReport> {
    backup::restore_releasing(file, target, passphrase, release)
}

/// Says why a restore was refused in words about the backup (the errors' own messages speak
/// of "the workbook", which here is the one left untouched).
pub fn describe_restore_error(file: &Path, e: &Error) -> String {
    let why = match e {
        Error::WrongPassphrase => {
            "it does not open with this passphrase (a wrong passphrase, or not a Kindred backup)"
                .to_string()
        }
        Error::NotAWorkbook(m) => format!("it is not a Kindred workbook: {m}"),
        Error::Damaged(m) => format!("it is damaged: {m}"),
        Error::NewerVersion { found, supported } => format!(
            "it was made by a newer version of Kindred (schema {found}; this version reads up to {supported})"
        ),
        Error::Incomplete(m) => format!("it is incomplete: {m}"),
        Error::NoWorkbook(_) => "there is no such file".to_string(),
        other => other.to_string(),
    };
    format!(
        "{} was not restored: {why}; the workbook was not changed",
        file.display()
    )
}

/// The automatic backups kept beside a workbook, oldest first.
pub fn backups(workbook: &Path) -> Result<Vec<BackupInfo>> {
    backup::list(workbook)
}

/// One backup as a person reads it: when (local time), why, how big.
#[derive(Debug, Clone, Serialize)]
pub struct BackupView {
    /// Names this backup among the workbook's automatic backups (its file name), so a window
    /// can ask for it without naming a path: see [`automatic_backup`].
    pub id: String,
    pub path: PathBuf,
    /// Local time, e.g. "26 November 2026 at 04:31".
    pub made: String,
    /// Why it was made, in words.
    pub why: String,
    pub bytes: u64,
}

/// The automatic backups beside a workbook, newest first, for reading.
pub fn backup_views(workbook: &Path) -> Result<Vec<BackupView>> {
    let mut out: Vec<BackupView> = backup::list(workbook)?
        .into_iter()
        .map(|b| BackupView {
            made: backup::parse_stamp(&b.made_at)
                .map(|t| {
                    t.with_timezone(&chrono::Local)
                        .format("%-d %B %Y at %H:%M")
                        .to_string()
                })
                .unwrap_or_else(|| b.made_at.clone()),
            why: why_backup(&b.kind),
            bytes: b.bytes,
            id: b
                .path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            path: b.path,
        })
        .collect();
    out.reverse();
    Ok(out)
}

/// The automatic backup of `workbook` that [`BackupView::id`] names; refused unless it is one
/// of the backups listed for it (so an id can never lead outside the backups folder).
pub fn automatic_backup(workbook: &Path, id: &str) -> Result<PathBuf> {
    backup::list(workbook)?
        .into_iter()
        .find(|b| {
            b.path
                .file_name()
                .is_some_and(|n| n.to_string_lossy() == id)
        })
        .map(|b| b.path)
        .ok_or_else(|| Error::not_found("backup", id))
}

fn why_backup(kind: &str) -> String {
    match kind {
        "daily" => "Daily, on unlock".into(),
        "on-demand" => "Made by you".into(),
        "before-restore" => "The workbook as it was before a restore".into(),
        "before-restore-unreadable" => "An unreadable workbook replaced by a restore".into(),
        "before-passphrase-change" => {
            "Before the passphrase was changed (opens with the old one)".into()
        }
        "after-destroy" => "After a review was destroyed".into(),
        k if k.starts_with("before-upgrade") => "Before an upgrade of Kindred".into(),
        k => k.replace('-', " "),
    }
}

/// Reads and checks a bundle's bytes without a workbook (everything but the reference clash).
pub fn check_bundle(bytes: &[u8]) -> Result<Bundle> {
    let mut b = bundle::parse(bytes).map_err(refused)?;
    let problems = bundle::validate(&mut b);
    if !problems.is_empty() {
        return Err(refused(problems));
    }
    Ok(b)
}

/// The folder the automatic backups of `workbook` are kept in.
pub fn backups_folder(workbook: &Path) -> PathBuf {
    backup::backups_dir(workbook)
}

/// Reads a bundle file for [`Workbook::import_bundle`] or [`check_bundle`], refusing one that
/// cannot be a bundle before it is read into memory: larger than [`bundle::MAX_BYTES`], not
/// one JSON object, or beyond the limits of [`bundle::scan::LIMITS`] (depth, list lengths,
/// text lengths). The refusal is made by a streaming pre-scan, so refusing any file costs a
/// fixed 64 KiB buffer and a few hundred bytes, whatever the file's size.
pub fn read_bundle_file(path: &Path) -> Result<Vec<u8>> {
    use std::io::{Read, Seek};
    let cannot = |e: std::io::Error| Error::Io(format!("cannot read {}: {e}", path.display()));
    let meta = std::fs::metadata(path).map_err(cannot)?;
    if meta.is_dir() {
        return Err(Error::Io(format!(
            "{} is a folder, not a bundle",
            path.display()
        )));
    }
    if meta.len() > bundle::MAX_BYTES as u64 {
        return Err(refused(vec![format!(
            "the file is {} MB; a review bundle is at most {} MB",
            meta.len() / 1_000_000,
            bundle::MAX_BYTES / 1_000_000
        )]));
    }
    let mut file = std::fs::File::open(path).map_err(cannot)?;
    match bundle::scan::scan(&mut file, &bundle::scan::LIMITS) {
        Ok(()) => {}
        Err(bundle::scan::ScanError::Io(e)) => return Err(cannot(e)),
        Err(bundle::scan::ScanError::Refused(why)) => return Err(refused(vec![why])),
    }
    file.rewind().map_err(cannot)?;
    // The scan read at most MAX_BYTES; `take` holds the read to that even if the file grew
    // since (and `bundle::parse` scans the bytes read again).
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    file.take(bundle::MAX_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(cannot)?;
    Ok(bytes)
}

fn same_service(a: &SupportService, b: &SupportService) -> bool {
    let mut x = a.clone();
    x.id = 0;
    let mut y = b.clone();
    y.id = 0;
    x == y
}

impl Workbook {
    /// Writes `bytes` the author asked for (an export, a summary) to `dest` through the one
    /// file writer: owner-only, atomic, an existing file replaced only when `existing` says
    /// so, and never onto this workbook, its side files or its backups. Returns the path
    /// written (numbered anew with [`Existing::NumberAnew`]).
    pub fn write_file(&self, dest: &Path, bytes: &[u8], existing: Existing) -> Result<PathBuf> {
        let protected = self.store.protected();
        crate::files::write(
            dest,
            bytes,
            crate::files::WriteOptions::new(existing, &protected),
        )
    }

    /// Makes a folder for the author's files (owner-only when Kindred makes it).
    pub fn make_private_folder(&self, folder: &Path) -> Result<()> {
        crate::files::private_dir(folder)
    }

    /// An encrypted copy of the workbook at `dest` (a new file) that opens with the same
    /// passphrase and nothing else.
    pub fn backup_to(&self, dest: &Path) -> Result<()> {
        self.store.backup_to(dest)
    }

    /// A backup now, kept with the automatic ones (and rotated with them).
    pub fn backup_now(&self) -> Result<PathBuf> {
        self.store.backup_rotating("on-demand")
    }

    /// Why the automatic backup started on unlock failed, once it has finished and failed
    /// (never waits for it): the author is told, so a missing backup is never silent.
    pub fn daily_backup_problem(&self) -> Option<String> {
        self.store.daily_backup_failure()
    }

    /// The backups beside this workbook as the settings page lists them (once the one
    /// started on unlock, if any, is finished).
    pub fn backup_views(&self) -> Result<Vec<BackupView>> {
        let _ = self.store.wait_for_daily_backup();
        backup_views(self.store.path())
    }

    /// The automatic backups kept beside this workbook, oldest first (once the one started
    /// on unlock, if any, is finished).
    pub fn backups(&self) -> Result<Vec<BackupInfo>> {
        let _ = self.store.wait_for_daily_backup();
        backup::list(self.store.path())
    }

    /// Whether `candidate` is the passphrase this workbook was opened with (asked again
    /// before the passphrase is changed).
    pub fn passphrase_matches(&self, candidate: &str) -> bool {
        self.store.passphrase_is(candidate)
    }

    /// Changes the passphrase after the author has typed the current one again and the new
    /// one twice (fields `current`, `new`, `confirm`): every problem is reported at once,
    /// and nothing changes while there is one. Returns as [`Workbook::change_passphrase`].
    pub fn change_passphrase_confirmed(
        &mut self,
        current: &str,
        new: &str,
        confirm: &str,
    ) -> Result<PathBuf> {
        let mut problems = Vec::new();
        if current.is_empty() {
            problems.push(FieldError::new("current", "Enter your current passphrase"));
        } else if !self.passphrase_matches(current) {
            problems.push(FieldError::new(
                "current",
                "That is not the workbook's current passphrase",
            ));
        }
        problems.extend(crate::domain::passphrase::problems(
            new, confirm, "new", "confirm",
        ));
        if problems.is_empty() && new == current {
            problems.push(FieldError::new(
                "new",
                "The new passphrase is the same as the current one",
            ));
        }
        if !problems.is_empty() {
            return Err(Error::Invalid(problems));
        }
        self.change_passphrase(new)
    }

    /// Changes the passphrase (see `Store::change_passphrase`). Returns the backup that still
    /// opens with the old passphrase.
    pub fn change_passphrase(&mut self, new: &str) -> Result<PathBuf> {
        self.store.change_passphrase(new)
    }

    /// After a passphrase change: re-keys to the new passphrase, or deletes, the automatic
    /// backups that still open with `old` (copies made outside Kindred are not touched).
    pub fn retire_old_backups(&self, old: &str, how: OldBackups) -> Result<OldBackupsDone> {
        self.store.retire_old_backups(old, how)
    }

    // ----- export ------------------------------------------------------------------------------

    /// One review and everything in it, read as one consistent snapshot.
    pub fn export_review(&self, key: &str) -> Result<Bundle> {
        store::bundle::read_snapshot(self.store.conn(), |conn| {
            use store::voice::Order::AsRecorded;
            let review = self.review(key)?;
            let rid = review.id;
            let members = store::members::for_review(conn, rid)?;
            let mut terms = Vec::new();
            for m in &members {
                terms.extend(rec::terms_for_member(conn, m.id)?);
            }
            let mut checks: Vec<BundleCheck> = rec::check_statuses(conn, rid)?
                .into_iter()
                .map(|c| BundleCheck {
                    check_id: c.check_id,
                    member_id: c.member_id,
                    status: c.status,
                })
                .collect();
            let position: HashMap<i64, usize> =
                members.iter().enumerate().map(|(i, m)| (m.id, i)).collect();
            checks.sort_by_key(|c| {
                (
                    c.check_id.clone(),
                    c.member_id.map(|m| position.get(&m).copied()),
                )
            });
            let mut support_ids: Vec<i64> = members
                .iter()
                .flat_map(|m| m.support_ids.iter().copied())
                .collect();
            support_ids.sort_unstable();
            support_ids.dedup();
            let support_services_used = support_ids
                .into_iter()
                .map(|id| rec::get::<SupportService>(conn, id))
                .collect::<Result<Vec<_>>>()?;
            Ok(Bundle {
                format: bundle::FORMAT.into(),
                version: bundle::VERSION,
                exported_at: chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string(),
                exported_by: Some(concat!("kindred ", env!("CARGO_PKG_VERSION")).into()),
                children: store::children::for_review(conn, rid)?,
                abuse_links: store::members::abuse_links(conn, rid)?,
                barriers: store::members::barriers(conn, rid)?,
                contacts: rec::list(conn, "review_id", rid, "id")?,
                terms,
                checks,
                decisions: rec::list(conn, "review_id", rid, "id")?,
                parallel_processes: rec::list(conn, "review_id", rid, "id")?,
                feedback: rec::list(conn, "review_id", rid, "id")?,
                // Where a PDF lies on this computer means nothing on another, and a path
                // is not the bundle's to carry.
                documents_issued: rec::list::<DocumentIssued>(conn, "review_id", rid, "id")?
                    .into_iter()
                    .map(|d| DocumentIssued { file: None, ..d })
                    .collect(),
                support_services_used,
                // As recorded, like every list here, so the bundle's order survives a round trip.
                lines_of_enquiry: store::voice::lines(conn, rid)?,
                questions: store::voice::questions(conn, rid, AsRecorded)?,
                contributions: store::voice::contributions(conn, rid, AsRecorded)?,
                findings: store::voice::findings(conn, rid)?,
                sharing_sessions: store::voice::sessions(conn, rid, AsRecorded)?,
                involvement_summary: store::voice::saved_summary(conn, rid)?
                    .map(|body| serde_json::from_str(&body))
                    .transpose()?,
                members,
                review,
            })
        })
    }

    /// The bundle as the bytes written to a file (pretty JSON, UTF-8). A review too large for
    /// the bundle limits is refused here, so Kindred never writes a bundle it would not read.
    pub fn export_review_json(&self, key: &str) -> Result<Vec<u8>> {
        let b = self.export_review(key)?;
        let mut bytes =
            serde_json::to_vec_pretty(&b).map_err(|e| Error::Internal(e.to_string()))?;
        bytes.push(b'\n');
        match bundle::scan::scan(&bytes[..], &bundle::scan::LIMITS) {
            Ok(()) => Ok(bytes),
            Err(bundle::scan::ScanError::Io(e)) => Err(Error::Internal(e.to_string())),
            Err(bundle::scan::ScanError::Refused(why)) => Err(Error::invalid(
                "review",
                format!(
                    "this review is beyond what one bundle may hold, so it was not exported \
                     ({why}); move the whole workbook with a backup instead"
                ),
            )),
        }
    }

    // ----- import ------------------------------------------------------------------------------

    /// Imports a review bundle: all of it is checked first (JSON, format, version, every
    /// value, every reference, the reference not already used here), then everything is
    /// inserted with fresh ids in one transaction. On any problem nothing changes. With
    /// `reference`, the review is imported under that reference instead of its own.
    pub fn import_bundle(&mut self, bytes: &[u8], reference: Option<&str>) -> Result<ImportReport> {
        let mut b = bundle::parse(bytes).map_err(refused)?;
        if let Some(r) = reference {
            b.review.reference = r.to_string();
        }
        let problems = bundle::validate(&mut b);
        if !problems.is_empty() {
            return Err(refused(problems));
        }
        if store::reviews::by_reference(self.store.conn(), &b.review.reference)?.is_some() {
            return Err(refused(vec![format!(
                "review.reference: this workbook already has a review {:?}; import it under \
                 another reference",
                b.review.reference
            )]));
        }
        let directory: Vec<SupportService> = rec::all(self.store.conn())?;
        let (review_id, reused) = self.store.write(|tx| insert_bundle(tx, &b, &directory))?;
        Ok(ImportReport {
            review_id,
            reference: b.review.reference.clone(),
            counts: b.counts(),
            support_reused: reused,
            support_added: b.support_services_used.len() - reused,
        })
    }

    // ----- destruction -------------------------------------------------------------------------

    /// Destroys a review for good: the review and everything in it, and every audit line about
    /// it, are deleted in one transaction that leaves one audit line (reference and time); the
    /// file is then rebuilt without free pages and the write-ahead log emptied, so nothing of it
    /// remains in the workbook's files; the automatic backups (which hold it) are replaced by
    /// one made afterwards. Refused while another window has the workbook open.
    pub fn destroy_review(&mut self, key: &str) -> Result<DestroyReport> {
        let review = self.review(key)?;
        // Deleting, compacting and replacing the backups happen with the workbook to
        // this process alone: no other window can hold a page of the review meanwhile.
        let (deleted, log_emptied, fresh, old_backups_removed) = self.store.exclusively(|s| {
            s.ensure_alone()?;
            let deleted =
                s.write(|tx| store::bundle::delete_review(tx, review.id, &review.reference))?;
            let log_emptied = s.compact()?;
            let fresh = s.backup_rotating("after-destroy");
            let keep = fresh.as_ref().ok().cloned();
            let removed = s.remove_backups_except(keep.as_deref())?;
            Ok((deleted, log_emptied, fresh, removed))
        })?;
        let keep = fresh.as_ref().ok().cloned();
        Ok(DestroyReport {
            reference: review.reference,
            rows: deleted.rows,
            audit_lines_removed: deleted.audit_lines,
            log_emptied,
            fresh_backup_error: fresh.as_ref().err().map(|e| e.to_string()),
            fresh_backup: keep,
            old_backups_removed,
        })
    }

    /// [`Workbook::destroy_review`] once the author has typed the review's reference exactly
    /// (field `confirm_reference`): the window's confirmation, as `--yes` is the CLI's.
    pub fn destroy_review_typed(&mut self, key: &str, typed: &str) -> Result<DestroyReport> {
        let review = self.review(key)?;
        if typed.trim() != review.reference {
            return Err(Error::Invalid(vec![FieldError::new(
                "confirm_reference",
                format!(
                    "Type the review's reference, {}, exactly, to destroy it",
                    review.reference
                ),
            )]));
        }
        self.destroy_review(key)
    }

    // ----- test support ------------------------------------------------------------------------

    /// Records `count` contacts for the first person in a review, one transaction each, calling
    /// `committed` with each id after its commit. Used by the crash tests.
    #[doc(hidden)]
    pub fn debug_write(
        &mut self,
        review_key: &str,
        count: u64,
        mut committed: impl FnMut(i64),
    ) -> Result<()> {
        let review = self.review(review_key)?;
        let member = self.members(review.id)?.into_iter().next().ok_or_else(|| {
            Error::invalid(
                "review",
                "the review has nobody in it to record contacts with",
            )
        })?;
        for i in 0..count {
            let c = self.record_contact(&ContactForm {
                member_id: member.id,
                date: Some(self.today().to_string()),
                mode: Some("phone".into()),
                outcome: Some("reached".into()),
                notes: Some(format!("Crash-test write {i}.")),
                ..ContactForm::default()
            })?;
            committed(c.id);
        }
        Ok(())
    }
}

/// Inserts a checked bundle inside one write transaction, with fresh ids. Returns the new
/// review id and how many support entries were reused from the directory.
/// The family's voice of an imported bundle, every link following its record's new id.
fn insert_voice(
    tx: &store::Tx,
    b: &Bundle,
    rid: i64,
    mem: &HashMap<i64, i64>,
    con: &HashMap<i64, i64>,
) -> Result<()> {
    use crate::domain::voice::LineOfEnquiry;
    let map = |m: &HashMap<i64, i64>, ids: &[i64], what: &str| -> Result<Vec<i64>> {
        ids.iter()
            .map(|id| {
                m.get(id).copied().ok_or_else(|| {
                    Error::Internal(format!("unresolved {what} {id} after validation"))
                })
            })
            .collect()
    };
    let one = |m: &HashMap<i64, i64>, id: Option<i64>, what: &str| -> Result<Option<i64>> {
        id.map(|id| map(m, &[id], what).map(|v| v[0])).transpose()
    };
    // Lines and questions point at each other. A new row's id is one more than the
    // table's largest (INTEGER PRIMARY KEY, no AUTOINCREMENT, all in this one transaction),
    // so the lines' new ids are known before they are written and each record is written
    // once, whole, with one audit line; the ids are checked as they are made.
    let next_line: i64 = tx.query_row(
        "SELECT coalesce(max(id), 0) + 1 FROM enquiry_lines",
        [],
        |r| r.get(0),
    )?;
    let lines: HashMap<i64, i64> = b
        .lines_of_enquiry
        .iter()
        .zip(next_line..)
        .map(|(l, id)| (l.id, id))
        .collect();
    let mut qs = HashMap::new();
    for q in &b.questions {
        let mut n = q.clone();
        n.id = 0;
        n.review_id = rid;
        n.asked_by = map(mem, &q.asked_by, "member")?;
        n.contact_id = one(con, q.contact_id, "contact")?;
        n.line_ids = map(&lines, &q.line_ids, "line of enquiry")?;
        qs.insert(q.id, rec::insert(tx, &n)?);
    }
    for l in &b.lines_of_enquiry {
        let mut n: LineOfEnquiry = l.clone();
        n.id = 0;
        n.review_id = rid;
        n.question_ids = map(&qs, &l.question_ids, "question")?;
        let id = rec::insert(tx, &n)?;
        if Some(&id) != lines.get(&l.id) {
            return Err(Error::Internal(format!(
                "line of enquiry {} was given id {id}, not the one its questions link to",
                l.id
            )));
        }
    }
    let mut contr = HashMap::new();
    for c in &b.contributions {
        let mut n = c.clone();
        n.id = 0;
        n.review_id = rid;
        n.member_id = map(mem, &[c.member_id], "member")?[0];
        n.contact_id = one(con, c.contact_id, "contact")?;
        n.line_ids = map(&lines, &c.line_ids, "line of enquiry")?;
        contr.insert(c.id, rec::insert(tx, &n)?);
    }
    for f in &b.findings {
        let mut n = f.clone();
        n.id = 0;
        n.review_id = rid;
        n.line_ids = map(&lines, &f.line_ids, "line of enquiry")?;
        n.contribution_ids = map(&contr, &f.contribution_ids, "contribution")?;
        rec::insert(tx, &n)?;
    }
    for s in &b.sharing_sessions {
        let mut n = store::voice::without_comments(s);
        n.id = 0;
        n.review_id = rid;
        n.member_ids = map(mem, &s.member_ids, "member")?;
        let sid = rec::insert(tx, &n)?;
        for c in &s.comments {
            let mut n = c.clone();
            n.id = 0;
            n.review_id = rid;
            n.session_id = sid;
            rec::insert(tx, &n)?;
        }
    }
    if let Some(s) = &b.involvement_summary {
        store::voice::save_summary(tx, rid, &serde_json::to_string(s)?)?;
    }
    Ok(())
}

fn insert_bundle(tx: &store::Tx, b: &Bundle, directory: &[SupportService]) -> Result<(i64, usize)> {
    let mut review = b.review.clone();
    review.id = 0;
    let rid = store::reviews::insert(tx, &review)?;

    let mut sup = HashMap::new();
    let mut reused = 0;
    for s in &b.support_services_used {
        let id = match directory.iter().find(|d| same_service(d, s)) {
            Some(d) => {
                reused += 1;
                d.id
            }
            None => {
                let mut n = s.clone();
                n.id = 0;
                rec::insert(tx, &n)?
            }
        };
        sup.insert(s.id, id);
    }
    let get = |m: &HashMap<i64, i64>, id: i64, what: &str| {
        m.get(&id)
            .copied()
            .ok_or_else(|| Error::Internal(format!("unresolved {what} {id} after validation")))
    };

    let mut kids = HashMap::new();
    for c in &b.children {
        let mut n = c.clone();
        n.id = 0;
        n.review_id = rid;
        kids.insert(c.id, store::children::insert(tx, &n)?);
    }

    let mut mem = HashMap::new();
    let (mut roles, mut restr, mut clear) = (HashMap::new(), HashMap::new(), HashMap::new());
    for m in &b.members {
        let mut n = m.clone();
        n.id = 0;
        n.review_id = rid;
        for r in &mut n.relationships {
            r.child_id = get(&kids, r.child_id, "child")?;
        }
        for d in &mut n.contact_details {
            d.id = 0;
        }
        n.support_ids = m
            .support_ids
            .iter()
            .map(|s| get(&sup, *s, "support service"))
            .collect::<Result<_>>()?;
        let mid = store::members::insert(tx, &n)?;
        for s in &m.role_statuses {
            roles.insert(
                (m.id, s.id),
                store::members::add_role_status(tx, rid, mid, s)?,
            );
        }
        for r in &m.restrictions {
            restr.insert(
                (m.id, r.id),
                store::members::add_restriction(tx, rid, mid, r)?,
            );
        }
        for c in &m.clearances {
            clear.insert(
                (m.id, c.id),
                store::members::add_clearance(tx, rid, mid, c)?,
            );
        }
        for s in &n.support_ids {
            store::members::set_support(tx, rid, mid, *s, true)?;
        }
        mem.insert(m.id, mid);
    }

    for l in &b.abuse_links {
        let link = crate::domain::member::AbuseLink {
            victim_id: get(&mem, l.victim_id, "member")?,
            perpetrator_id: get(&mem, l.perpetrator_id, "member")?,
        };
        store::members::add_abuse_link(tx, rid, &link)?;
    }
    for x in &b.barriers {
        let barrier = crate::domain::member::Barrier {
            protected_id: get(&mem, x.protected_id, "member")?,
            withheld_from_id: get(&mem, x.withheld_from_id, "member")?,
            reason: x.reason.clone(),
        };
        store::members::add_barrier(tx, rid, &barrier)?;
    }

    let mut con = HashMap::new();
    for c in &b.contacts {
        let mut n = c.clone();
        n.id = 0;
        n.review_id = rid;
        n.member_id = get(&mem, c.member_id, "member")?;
        n.with_member_ids = c
            .with_member_ids
            .iter()
            .map(|w| get(&mem, *w, "member"))
            .collect::<Result<_>>()?;
        con.insert(c.id, rec::insert(tx, &n)?);
    }

    let mut terms: Vec<&Terms> = b.terms.iter().collect();
    terms.sort_by_key(|t| (t.member_id, t.version));
    let mut ter = HashMap::new();
    for t in terms {
        let mut n = t.clone();
        n.id = 0;
        n.member_id = get(&mem, t.member_id, "member")?;
        ter.insert(t.id, rec::insert_terms(tx, rid, &n)?);
    }

    let mut decs = HashMap::new();
    for d in &b.decisions {
        let mut n = d.clone();
        n.id = 0;
        n.review_id = rid;
        n.member_ids = d
            .member_ids
            .iter()
            .map(|m| get(&mem, *m, "member"))
            .collect::<Result<_>>()?;
        decs.insert(d.id, rec::insert(tx, &n)?);
    }
    for p in &b.parallel_processes {
        let mut n = p.clone();
        n.id = 0;
        n.review_id = rid;
        rec::insert(tx, &n)?;
    }
    let mut feed = HashMap::new();
    for f in &b.feedback {
        let mut n = f.clone();
        n.id = 0;
        n.review_id = rid;
        n.member_id = f.member_id.map(|m| get(&mem, m, "member")).transpose()?;
        feed.insert(f.id, rec::insert(tx, &n)?);
    }
    let mut docs = HashMap::new();
    for d in &b.documents_issued {
        let mut n = d.clone();
        n.id = 0;
        n.file = None;
        n.review_id = rid;
        n.member_id = d.member_id.map(|m| get(&mem, m, "member")).transpose()?;
        n.contact_id = d.contact_id.map(|c| get(&con, c, "contact")).transpose()?;
        docs.insert(d.id, rec::insert(tx, &n)?);
    }
    insert_voice(tx, b, rid, &mem, &con)?;
    let revs = HashMap::from([(b.review.id, rid)]);

    // A check closed by a record links to the record's new id; a link this import cannot
    // follow is dropped (the evidence text stays).
    // Role statuses, restrictions and clearances are numbered within their person.
    let relink = |r: &mut Option<crate::domain::catalogue::RecordRef>, member: Option<i64>| {
        *r = r.take().and_then(|mut r| {
            let own = |m: &HashMap<(i64, i64), i64>| m.get(&(member?, r.id)).copied();
            r.id = match r.kind.as_str() {
                "contact" => con.get(&r.id).copied(),
                "terms" => ter.get(&r.id).copied(),
                "person" | "involvement" => mem.get(&r.id).copied(),
                "review" => revs.get(&r.id).copied(),
                "role-status" => own(&roles),
                "restriction" => own(&restr),
                "clearance" => own(&clear),
                "decision" => decs.get(&r.id).copied(),
                "feedback" => feed.get(&r.id).copied(),
                "document" => docs.get(&r.id).copied(),
                _ => None,
            }?;
            Some(r)
        });
    };
    for c in &b.checks {
        let member = c.member_id.map(|m| get(&mem, m, "member")).transpose()?;
        let mut status = c.status.clone();
        match &mut status {
            CheckStatus::Done { record, .. } => relink(record, c.member_id),
            CheckStatus::ToDo {
                reopened: Some(r), ..
            } => relink(&mut r.record, c.member_id),
            _ => {}
        }
        rec::set_check(tx, rid, &c.check_id, member, &status)?;
    }

    #[derive(Serialize)]
    struct Imported<'a> {
        reference: &'a str,
        exported_at: &'a str,
        exported_by: Option<&'a str>,
        counts: Counts,
    }
    tx.audit(
        Some(rid),
        "review",
        rid,
        "import",
        None::<&()>,
        Some(&Imported {
            reference: &review.reference,
            exported_at: &b.exported_at,
            exported_by: b.exported_by.as_deref(),
            counts: b.counts(),
        }),
    )?;
    Ok((rid, reused))
}
