//! The application service: the one API that the CLI and the desktop shell call.
//!
//! Each use case is one method and one transaction. Rules live here or in `domain`; the CLI
//! and the shell only translate arguments and print or serialise results.

pub mod bundle;
pub mod calendar;
mod dashboard;
pub mod dashboard_page;
pub mod demo;
pub mod documents;
pub mod due;
pub mod evaluation;
pub mod forms;
mod memo;
pub mod reference;
pub mod summary;
pub mod translations;
pub mod trust;
mod views;
pub mod voice;

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

pub use dashboard::*;
pub use views::*;

use crate::domain::catalogue::{AppliesTo, Catalogue, CheckStatus};
use crate::domain::member::*;
use crate::domain::phase::Phase;
use crate::domain::progress::{self, Proof};
use crate::domain::records::*;
use crate::domain::review::{Child, Review};
use crate::domain::safety;
use crate::domain::text;
use crate::domain::timescales::KeyDate;
use crate::error::{Error, Result};
use crate::store::records::{self as rec, StoredCheck};
use crate::store::{self, Completeness, Store};
use forms::*;

/// Where the workbook lives when neither `--db` nor `KINDRED_DB` says otherwise.
pub fn default_path() -> Result<PathBuf> {
    let dirs = directories::ProjectDirs::from("uk", "Kindred", "Kindred")
        .ok_or_else(|| Error::Io("cannot find a data folder for this user".into()))?;
    Ok(dirs.data_dir().join("workbook.kindred"))
}

/// Today's date, or `KINDRED_TODAY` (YYYY-MM-DD) for tests and demonstrations.
pub fn today() -> NaiveDate {
    std::env::var("KINDRED_TODAY")
        .ok()
        .and_then(|s| NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok())
        .unwrap_or_else(|| chrono::Local::now().date_naive())
}

pub struct Workbook {
    store: Store,
    today: NaiveDate,
    /// The dashboard's pages and Due lists computed from the workbook as it is now.
    memo: memo::Memo,
}

/// Kindred's own files built into the program (the checks, the seed support directory)
/// can be read. Checked before any workbook is opened or created: with a damaged one,
/// opening would count every review's checks against an empty list and a new workbook
/// would start with no support services, both silently.
fn own_files_sound() -> Result<()> {
    let damaged = |file: &str, e: String| {
        Error::Internal(format!(
            "Kindred's own file {file} is damaged ({e}). Install Kindred again; \
             nothing in your workbook was changed."
        ))
    };
    Catalogue::embedded_checked().map_err(|e| damaged("assets/checks.toml", e))?;
    crate::assets::support_directory_checked()
        .map_err(|e| damaged("assets/support-directory.toml", e))?;
    Ok(())
}

/// How a workbook is opened.
#[derive(Debug, Clone, Copy)]
pub struct OpenOptions {
    /// Whether the workbook notes which reviews this process's writes change, so that a
    /// dashboard or Due list asked for again reads only those (`memo`): for the desktop,
    /// open for hours. A command that opens the workbook, does one thing and exits (the
    /// CLI) never asks again and skips the cost of noting (tens of milliseconds at its
    /// first write).
    pub note_changes: bool,
}

impl Default for OpenOptions {
    fn default() -> Self {
        OpenOptions { note_changes: true }
    }
}

impl Workbook {
    pub fn open(path: &Path, passphrase: &str) -> Result<Workbook> {
        Workbook::open_with(path, passphrase, OpenOptions::default())
    }

    /// [`Workbook::open`], as `opts` says.
    pub fn open_with(path: &Path, passphrase: &str, opts: OpenOptions) -> Result<Workbook> {
        own_files_sound()?;
        let mut store = Store::open(path, passphrase)?;
        if !opts.note_changes {
            store.forgo_change_notes();
        }
        let mut wb = Workbook {
            store,
            today: today(),
            memo: memo::Memo::default(),
        };
        wb.apply_recorded_work()?;
        Ok(wb)
    }

    /// Brings the checks in line with the records when the catalogue's closing rules have
    /// changed since the workbook was last opened (or it predates them): every record is
    /// applied again, in one transaction, under the same rules as a new record (a check the
    /// author set or reopened stays as it is). Cheap when nothing changed: one read of
    /// `meta`. Returns how many records were looked at.
    pub fn apply_recorded_work(&mut self) -> Result<usize> {
        let fingerprint = Catalogue::embedded().rules_fingerprint();
        if self.store.meta(store::RULES_KEY)?.as_deref() == Some(fingerprint.as_str()) {
            return Ok(0);
        }
        let today = self.today;
        let mut work: Vec<(i64, Vec<Proof>)> = Vec::new();
        for r in self.reviews()? {
            let mut proofs = vec![progress::review_proof(&r, today)];
            for m in self.members(r.id)? {
                proofs.extend(progress::person_proofs(&m, today));
                for x in &m.restrictions {
                    proofs.push(progress::restriction_proof(m.id, x));
                }
                for x in &m.clearances {
                    proofs.push(progress::clearance_proof(m.id, x));
                }
                for x in &m.role_statuses {
                    proofs.push(progress::role_status_proof(m.id, x));
                }
                for t in self.terms_history(m.id)? {
                    proofs.push(progress::terms_proof(&t));
                }
            }
            for c in self.contacts(r.id)? {
                proofs.extend(progress::contact_proofs(&c));
            }
            for d in self.decisions(r.id)? {
                proofs.extend(progress::decision_proofs(&d));
            }
            for f in self.feedback(r.id)? {
                proofs.extend(progress::feedback_proof(&f));
            }
            for d in self.documents_issued(r.id)? {
                proofs.extend(progress::document_proof(&d));
            }
            work.push((r.id, proofs));
        }
        let seen = work.iter().map(|(_, p)| p.len()).sum();
        self.store.write(|tx| {
            for (review_id, proofs) in work {
                close_checks(tx, review_id, proofs)?;
            }
            tx.set_meta(store::RULES_KEY, &fingerprint)
        })?;
        Ok(seen)
    }

    pub fn create(path: &Path, passphrase: &str) -> Result<Workbook> {
        own_files_sound()?;
        let mut wb = Workbook {
            store: Store::create(path, passphrase, Completeness::Creating)?,
            today: today(),
            memo: memo::Memo::default(),
        };
        wb.seed_support_directory()?;
        wb.store.mark_complete()?;
        Ok(wb)
    }

    /// Creates a workbook left marked incomplete until [`Workbook::finish_creation`].
    pub fn create_incomplete(path: &Path, passphrase: &str) -> Result<Workbook> {
        own_files_sound()?;
        let mut wb = Workbook {
            store: Store::create(path, passphrase, Completeness::Creating)?,
            today: today(),
            memo: memo::Memo::default(),
        };
        wb.seed_support_directory()?;
        Ok(wb)
    }

    pub fn finish_creation(&mut self) -> Result<()> {
        self.store.mark_complete()
    }

    pub fn today(&self) -> NaiveDate {
        self.today
    }

    /// Drops the dashboard pass, pages and Due lists kept (as any change to the workbook
    /// does), so that the next ask computes them: for benchmarks of that computation.
    pub fn forget_kept(&self) {
        self.memo.forget();
    }

    /// The workbook's state now, for answers kept in [`memo`].
    fn version(&self) -> Result<memo::Version> {
        Ok(memo::Version {
            count: self.store.changes_so_far()?,
            today: self.today,
        })
    }

    pub fn path(&self) -> &Path {
        self.store.path()
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    /// Integrity and schema problems; empty when healthy.
    pub fn check(&self) -> Result<Vec<String>> {
        self.store.check()
    }

    fn seed_support_directory(&mut self) -> Result<()> {
        let seeds = crate::assets::support_directory();
        self.store.write(|tx| {
            for s in seeds {
                rec::insert(tx, s)?;
            }
            Ok(())
        })
    }
}

/// Closes the checks that records prove, in the caller's transaction (see
/// `domain::progress` for the rules).
pub(crate) fn close_checks(
    tx: &store::Tx,
    review_id: i64,
    proofs: impl IntoIterator<Item = Proof>,
) -> Result<()> {
    for p in proofs {
        rec::close_by_record(tx, review_id, &p)?;
    }
    Ok(())
}

/// The (check, person) pairs the proofs still close, so a changed record keeps them.
fn still_proved(
    tx: &store::Tx,
    review_id: i64,
    proofs: &[Proof],
) -> Result<Vec<(String, Option<i64>)>> {
    let nation = store::reviews::get(tx, review_id)?
        .map(|r| r.nation)
        .ok_or_else(|| Error::not_found("review", review_id))?;
    Ok(proofs
        .iter()
        .flat_map(|p| {
            p.closes(Catalogue::embedded(), nation)
                .into_iter()
                .map(|c| (c.id.clone(), p.member_id))
        })
        .collect())
}

impl Workbook {
    // ----- reviews -------------------------------------------------------------------------

    pub fn reviews(&self) -> Result<Vec<Review>> {
        store::reviews::all(self.store.conn())
    }

    /// A review by id or by reference.
    pub fn review(&self, key: &str) -> Result<Review> {
        let conn = self.store.conn();
        let key = key.trim();
        if let Some(r) = store::reviews::by_reference(conn, key)? {
            return Ok(r);
        }
        if let Ok(id) = key.parse::<i64>() {
            if let Some(r) = store::reviews::get(conn, id)? {
                return Ok(r);
            }
        }
        Err(Error::not_found("review", key))
    }

    pub(crate) fn review_by_id(&self, id: i64) -> Result<Review> {
        store::reviews::get(self.store.conn(), id)?.ok_or_else(|| Error::not_found("review", id))
    }

    pub fn create_review(&mut self, form: &ReviewForm) -> Result<Review> {
        let mut review = form.parse()?;
        let today = self.today;
        let id = self.store.write(|tx| {
            review.id = store::reviews::insert(tx, &review)?;
            close_checks(tx, review.id, [progress::review_proof(&review, today)])?;
            Ok(review.id)
        })?;
        self.review_by_id(id)
    }

    /// Changes a review's details (not its phase: see [`Workbook::move_phase`]).
    pub fn change_review(&mut self, key: &str, form: &ReviewForm) -> Result<Review> {
        let old = self.review(key)?;
        let mut review = form.parse()?;
        review.id = old.id;
        review.phase = old.phase;
        // A decision date moved after contacts already recorded would contradict them.
        let decision = review.key_dates.get(&KeyDate::Decision).copied();
        if decision != old.key_dates.get(&KeyDate::Decision).copied() {
            let conflicts =
                decision_conflicts(review.review_type, decision, &self.contacts(old.id)?);
            if !conflicts.is_empty() {
                return Err(Error::Invalid(conflicts));
            }
        }
        let today = self.today;
        self.store.write(|tx| {
            store::reviews::update(tx, &review)?;
            close_checks(tx, review.id, [progress::review_proof(&review, today)])
        })?;
        self.review_by_id(old.id)
    }

    pub fn move_phase(&mut self, key: &str, phase: Phase) -> Result<Review> {
        let mut review = self.review(key)?;
        review.phase = phase;
        self.store.write(|tx| store::reviews::update(tx, &review))?;
        self.review_by_id(review.id)
    }

    // ----- children ------------------------------------------------------------------------

    pub fn children(&self, review_id: i64) -> Result<Vec<Child>> {
        store::children::for_review(self.store.conn(), review_id)
    }

    pub fn add_child(&mut self, review_key: &str, form: &ChildForm) -> Result<Child> {
        let review = self.review(review_key)?;
        let child = form.parse(review.id)?;
        let id = self.store.write(|tx| store::children::insert(tx, &child))?;
        store::children::get(self.store.conn(), id)
    }

    pub fn child(&self, id: i64) -> Result<Child> {
        store::children::get(self.store.conn(), id)
    }

    pub fn change_child(&mut self, id: i64, form: &ChildForm) -> Result<Child> {
        let old = self.child(id)?;
        let mut child = form.parse(old.review_id)?;
        child.id = id;
        if child != old {
            self.store.write(|tx| store::children::update(tx, &child))?;
        }
        self.child(id)
    }

    // ----- members -------------------------------------------------------------------------

    pub fn members(&self, review_id: i64) -> Result<Vec<Member>> {
        store::members::for_review(self.store.conn(), review_id)
    }

    pub fn member(&self, id: i64) -> Result<Member> {
        store::members::get(self.store.conn(), id)
    }

    pub fn add_member(&mut self, review_key: &str, form: &MemberForm) -> Result<Member> {
        let review = self.review(review_key)?;
        let (details, contact_details) = form.parse_new(self.today)?;
        let m = Member {
            id: 0,
            review_id: review.id,
            details,
            involvement: Involvement::ToConsider,
            position: Phase::Prepare,
            contact_details: vec![],
            relationships: vec![],
            role_statuses: vec![],
            restrictions: vec![],
            clearances: vec![],
            support_ids: vec![],
        };
        let today = self.today;
        let id = self.store.write(|tx| {
            let mut m = m.clone();
            m.id = store::members::insert(tx, &m)?;
            for d in &contact_details {
                store::members::add_contact_detail(tx, m.review_id, m.id, d)?;
            }
            close_checks(tx, m.review_id, progress::person_proofs(&m, today))?;
            Ok(m.id)
        })?;
        self.member(id)
    }

    pub fn change_member(&mut self, id: i64, form: &MemberForm) -> Result<Member> {
        let mut m = self.member(id)?;
        m.details = form.parse(self.today)?;
        self.save_member(&m)?;
        self.member(id)
    }

    pub fn set_involvement(
        &mut self,
        id: i64,
        status: &str,
        reason: Option<&str>,
        door_left_open: bool,
    ) -> Result<Member> {
        let mut m = self.member(id)?;
        if let Some(r) = reason {
            crate::domain::text::note("reason", Some(r)).map_err(|e| Error::Invalid(vec![e]))?;
        }
        m.involvement = Involvement::from_parts(status, reason, door_left_open)
            .map_err(|msg| Error::invalid("reason", msg))?;
        self.save_member(&m)?;
        self.member(id)
    }

    /// Saves a person's own fields and closes the checks they prove, in one transaction.
    fn save_member(&mut self, m: &Member) -> Result<()> {
        let today = self.today;
        self.store.write(|tx| {
            store::members::update(tx, m)?;
            close_checks(tx, m.review_id, progress::person_proofs(m, today))
        })
    }

    pub fn set_position(&mut self, id: i64, phase: Phase) -> Result<Member> {
        let mut m = self.member(id)?;
        m.position = phase;
        self.store.write(|tx| store::members::update(tx, &m))?;
        self.member(id)
    }

    /// Adds a way to reach a person; a confidential one is never printable.
    pub fn add_contact_detail(
        &mut self,
        member_id: i64,
        form: &ContactDetailForm,
    ) -> Result<Member> {
        let m = self.member(member_id)?;
        let d = form.parse()?;
        self.store
            .write(|tx| store::members::add_contact_detail(tx, m.review_id, member_id, &d))?;
        self.member(member_id)
    }

    pub fn relate(
        &mut self,
        member_id: i64,
        child_id: i64,
        relationship: &str,
        pr: &str,
        pr_basis: Option<&str>,
        child_called: Option<&str>,
    ) -> Result<Member> {
        let m = self.member(member_id)?;
        let child = store::children::get(self.store.conn(), child_id)?;
        if child.review_id != m.review_id {
            return Err(Error::invalid(
                "child",
                "That child belongs to another review",
            ));
        }
        let mut e = crate::domain::text::Errors::default();
        let relationship = e.take(crate::domain::text::required("relationship", relationship));
        let pr_basis = e.take(crate::domain::text::optional("pr_basis", pr_basis));
        let child_called = e.take(crate::domain::text::optional("child_called", child_called));
        let parental_responsibility = ParentalResponsibility::parse(pr).unwrap_or_else(|| {
            e.push(crate::domain::text::FieldError::new(
                "parental_responsibility",
                "Parental responsibility must be yes, no or unknown",
            ));
            ParentalResponsibility::Unknown
        });
        e.finish().map_err(Error::Invalid)?;
        let r = Relationship {
            child_id,
            relationship,
            parental_responsibility,
            pr_basis,
            child_called,
        };
        self.store
            .write(|tx| store::members::set_relationship(tx, m.review_id, member_id, &r))?;
        self.member(member_id)
    }

    pub fn add_role_status(
        &mut self,
        member_id: i64,
        status: &str,
        since: &str,
        source: Option<&str>,
    ) -> Result<Member> {
        let m = self.member(member_id)?;
        // Every problem at once, in the form's words.
        let mut errors = crate::domain::text::Errors::default();
        let status = match RoleStatus::parse(status) {
            Some(s) => Some(s),
            None if status.trim().is_empty() => {
                errors.push(text::FieldError::new("status", "Choose a status"));
                None
            }
            None => {
                errors.push(text::FieldError::new(
                    "status",
                    format!("Status must be one of: {}", RoleStatus::choices()),
                ));
                None
            }
        };
        let since = errors.take(crate::domain::text::date("since", since).map(Some));
        let source = errors.take(crate::domain::text::optional("source", source));
        errors.finish().map_err(Error::Invalid)?;
        let (Some(status), Some(since)) = (status, since) else {
            return Err(Error::invalid("status", "Choose a status"));
        };
        let e = RoleStatusEntry {
            id: 0,
            status,
            since,
            source,
        };
        self.store.write(|tx| {
            let mut e = e.clone();
            e.id = store::members::add_role_status(tx, m.review_id, member_id, &e)?;
            close_checks(
                tx,
                m.review_id,
                [progress::role_status_proof(member_id, &e)],
            )
        })?;
        self.member(member_id)
    }

    pub fn add_restriction(&mut self, member_id: i64, form: &RestrictionForm) -> Result<Member> {
        let m = self.member(member_id)?;
        let r = form.parse(self.today)?;
        self.store.write(|tx| {
            let mut r = r.clone();
            r.id = store::members::add_restriction(tx, m.review_id, member_id, &r)?;
            close_checks(
                tx,
                m.review_id,
                [progress::restriction_proof(member_id, &r)],
            )
        })?;
        self.member(member_id)
    }

    pub fn record_clearance(&mut self, member_id: i64, form: &ClearanceForm) -> Result<Member> {
        let m = self.member(member_id)?;
        let c = form.parse_with(|c| c.date_conflicts(&m.restrictions, self.today))?;
        self.store.write(|tx| {
            let mut c = c.clone();
            c.id = store::members::add_clearance(tx, m.review_id, member_id, &c)?;
            close_checks(tx, m.review_id, [progress::clearance_proof(member_id, &c)])
        })?;
        self.member(member_id)
    }

    fn same_review(&self, a: i64, b: i64) -> Result<i64> {
        if a == b {
            return Err(Error::invalid("member", "Choose two different people"));
        }
        let (ma, mb) = (self.member(a)?, self.member(b)?);
        if ma.review_id != mb.review_id {
            return Err(Error::invalid(
                "member",
                "The two people belong to different reviews",
            ));
        }
        Ok(ma.review_id)
    }

    pub fn link_abuse(&mut self, victim_id: i64, perpetrator_id: i64) -> Result<()> {
        let review_id = self.same_review(victim_id, perpetrator_id)?;
        let link = AbuseLink {
            victim_id,
            perpetrator_id,
        };
        self.store
            .write(|tx| store::members::add_abuse_link(tx, review_id, &link))
    }

    pub fn add_barrier(
        &mut self,
        protected_id: i64,
        withheld_from_id: i64,
        reason: Option<&str>,
    ) -> Result<()> {
        let review_id = self.same_review(protected_id, withheld_from_id)?;
        let reason =
            crate::domain::text::note("reason", reason).map_err(|e| Error::Invalid(vec![e]))?;
        let b = Barrier {
            protected_id,
            withheld_from_id,
            reason,
        };
        self.store
            .write(|tx| store::members::add_barrier(tx, review_id, &b))
    }

    pub fn abuse_links(&self, review_id: i64) -> Result<Vec<AbuseLink>> {
        store::members::abuse_links(self.store.conn(), review_id)
    }

    pub fn barriers(&self, review_id: i64) -> Result<Vec<Barrier>> {
        store::members::barriers(self.store.conn(), review_id)
    }

    // ----- support directory ---------------------------------------------------------------

    pub fn support_directory(&self) -> Result<Vec<SupportService>> {
        rec::all(self.store.conn())
    }

    pub fn add_support(&mut self, form: &SupportForm) -> Result<SupportService> {
        let s = form.parse()?;
        let id = self.store.write(|tx| rec::insert(tx, &s))?;
        rec::get(self.store.conn(), id)
    }

    pub fn choose_support(
        &mut self,
        member_id: i64,
        support_id: i64,
        chosen: bool,
    ) -> Result<Member> {
        let m = self.member(member_id)?;
        let _: SupportService = rec::get(self.store.conn(), support_id)?;
        self.store.write(|tx| {
            store::members::set_support(tx, m.review_id, member_id, support_id, chosen)
        })?;
        self.member(member_id)
    }

    // ----- contacts and visits -------------------------------------------------------------

    /// A review's contacts and visits, by date; those entered in error are left out.
    pub fn contacts(&self, review_id: i64) -> Result<Vec<Contact>> {
        rec::contacts(self.store.conn(), "review_id", review_id, false)
    }

    /// A person's own contacts and visits, by date; those entered in error are left out.
    pub fn member_contacts(&self, member_id: i64) -> Result<Vec<Contact>> {
        rec::contacts(self.store.conn(), "member_id", member_id, false)
    }

    /// A review's contacts marked as entered in error, kept for the record.
    pub fn contacts_entered_in_error(&self, review_id: i64) -> Result<Vec<Contact>> {
        rec::contacts(self.store.conn(), "review_id", review_id, true)
    }

    pub fn contact(&self, id: i64) -> Result<Contact> {
        rec::get(self.store.conn(), id)
    }

    /// Parses a contact form with its date checked against the review in the same pass.
    fn parse_contact(&self, form: &ContactForm, m: &Member, phase: Phase) -> Result<Contact> {
        let review = self.review_by_id(m.review_id)?;
        let decision = review.key_dates.get(&KeyDate::Decision).copied();
        form.parse_with(m.review_id, phase, |c| {
            c.date_conflicts(review.review_type, decision, self.today)
        })
    }

    /// The rules a parsed contact must keep beyond its own fields: everyone at the meeting
    /// belongs to the review, may meet together, and may be contacted.
    fn validate_contact(&self, c: &Contact, m: &Member) -> Result<()> {
        // Everyone at the meeting, each loaded once.
        let mut people = vec![m.clone()];
        for &other in &c.with_member_ids {
            let o = self.member(other)?;
            if o.review_id != m.review_id {
                return Err(Error::invalid(
                    "with_member_ids",
                    "Everyone at a meeting must belong to this review",
                ));
            }
            people.push(o);
        }
        let ids: Vec<i64> = people.iter().map(|p| p.id).collect();
        safety::joint_meeting(
            &ids,
            &self.abuse_links(m.review_id)?,
            &self.barriers(m.review_id)?,
        )
        .map_err(|r| Error::Refused(vec![r]))?;
        // Planning contact with a restricted person needs clearance first. A contact that
        // already happened is always recorded: the log must say what happened.
        if c.outcome == ContactOutcome::Planned {
            for p in &people {
                safety::may_contact(p, self.today).map_err(Error::Refused)?;
            }
        }
        Ok(())
    }

    /// Records a contact (or plans a visit with outcome "planned").
    pub fn record_contact(&mut self, form: &ContactForm) -> Result<Contact> {
        let m = self.member(form.member_id)?;
        let c = self.parse_contact(form, &m, m.position)?;
        self.validate_contact(&c, &m)?;
        let id = self.store.write(|tx| {
            let mut c = c.clone();
            c.id = rec::insert(tx, &c)?;
            close_checks(tx, c.review_id, progress::contact_proofs(&c))?;
            Ok(c.id)
        })?;
        self.contact(id)
    }

    /// Changes a contact: a planned visit gets its outcome and notes after it happens.
    pub fn change_contact(&mut self, id: i64, form: &ContactForm) -> Result<Contact> {
        let old = self.contact(id)?;
        if old.entered_in_error.is_some() {
            return Err(Error::invalid(
                "contact",
                "This contact was marked as entered in error; record a new one instead",
            ));
        }
        let m = self.member(old.member_id)?;
        let mut form = form.clone();
        form.member_id = old.member_id;
        let mut c = self.parse_contact(&form, &m, old.phase)?;
        c.id = id;
        self.validate_contact(&c, &m)?;
        let today = self.today;
        self.store.write(|tx| {
            rec::update(tx, &c)?;
            // Checks this contact closed and no longer proves are open again.
            let proofs = progress::contact_proofs(&c);
            let keep = still_proved(tx, c.review_id, &proofs)?;
            rec::reopen_closed_by(
                tx,
                c.review_id,
                &proofs[0].record,
                &keep,
                &format!("Contact {id} was changed and no longer shows this"),
                today,
            )?;
            close_checks(tx, c.review_id, proofs)
        })?;
        self.contact(id)
    }

    /// Marks a contact as entered in error, with the reason: it is kept (the audit log shows
    /// it and the reason) but it is no longer a contact made, on any list, count or document.
    pub fn mark_contact_entered_in_error(&mut self, id: i64, reason: &str) -> Result<Contact> {
        let mut c = self.contact(id)?;
        let reason = text::reason("reason", Some(reason)).map_err(|e| Error::Invalid(vec![e]))?;
        if c.entered_in_error.is_some() {
            return Err(Error::invalid(
                "contact",
                format!("Contact {id} is already marked as entered in error"),
            ));
        }
        let today = self.today;
        let note = format!("Contact {id} was marked as entered in error: {reason}");
        c.entered_in_error = Some(EnteredInError { reason, on: today });
        self.store.write(|tx| {
            rec::update_as(tx, &c, "entered-in-error")?;
            let record = progress::contact_proof(&c).record;
            rec::reopen_closed_by(tx, c.review_id, &record, &[], &note, today)
        })?;
        self.contact(id)
    }

    /// Marks a restriction as entered in error, with the reason: it is kept (the audit log
    /// shows it and the reason) but it no longer restricts contact or documents.
    pub fn mark_restriction_entered_in_error(
        &mut self,
        restriction_id: i64,
        reason: &str,
    ) -> Result<Member> {
        let (member_id, mut r) = store::members::restriction(self.store.conn(), restriction_id)?;
        let reason = text::reason("reason", Some(reason)).map_err(|e| Error::Invalid(vec![e]))?;
        if r.entered_in_error.is_some() {
            return Err(Error::invalid(
                "restriction",
                format!("Restriction {restriction_id} is already marked as entered in error"),
            ));
        }
        let m = self.member(member_id)?;
        let today = self.today;
        let note = format!("Restriction {restriction_id} was marked as entered in error: {reason}");
        r.entered_in_error = Some(EnteredInError { reason, on: today });
        self.store.write(|tx| {
            store::members::mark_restriction(tx, m.review_id, &r)?;
            let record = progress::restriction_proof(member_id, &r).record;
            rec::reopen_closed_by(tx, m.review_id, &record, &[], &note, today)
        })?;
        self.member(member_id)
    }

    /// Marks a clearance as entered in error, with the reason: it is kept (the audit log
    /// shows it and the reason) but it no longer clears contact, so a restriction it cleared
    /// restricts again until a right clearance is recorded.
    pub fn mark_clearance_entered_in_error(
        &mut self,
        clearance_id: i64,
        reason: &str,
    ) -> Result<Member> {
        let (member_id, mut c) = store::members::clearance(self.store.conn(), clearance_id)?;
        let reason = text::reason("reason", Some(reason)).map_err(|e| Error::Invalid(vec![e]))?;
        if c.entered_in_error.is_some() {
            return Err(Error::invalid(
                "clearance",
                format!("Clearance {clearance_id} is already marked as entered in error"),
            ));
        }
        let m = self.member(member_id)?;
        let today = self.today;
        let note = format!("Clearance {clearance_id} was marked as entered in error: {reason}");
        c.entered_in_error = Some(EnteredInError { reason, on: today });
        self.store.write(|tx| {
            store::members::mark_clearance(tx, m.review_id, &c)?;
            let record = progress::clearance_proof(member_id, &c).record;
            rec::reopen_closed_by(tx, m.review_id, &record, &[], &note, today)
        })?;
        self.member(member_id)
    }

    // ----- terms of engagement -------------------------------------------------------------

    pub fn terms_history(&self, member_id: i64) -> Result<Vec<Terms>> {
        rec::terms_for_member(self.store.conn(), member_id)
    }

    /// Agrees a new version of a person's terms; earlier versions stay as history.
    pub fn agree_terms(&mut self, member_id: i64, form: &TermsForm) -> Result<Terms> {
        let m = self.member(member_id)?;
        let version = self.terms_history(member_id)?.len() as u32 + 1;
        let t = form.parse(member_id, version)?;
        self.store.write(|tx| {
            let mut t = t.clone();
            t.id = rec::insert_terms(tx, m.review_id, &t)?;
            close_checks(tx, m.review_id, [progress::terms_proof(&t)])
        })?;
        self.terms_history(member_id)?
            .pop()
            .ok_or_else(|| Error::Internal("terms vanished".into()))
    }

    // ----- checks --------------------------------------------------------------------------

    pub fn check_statuses(&self, review_id: i64) -> Result<Vec<StoredCheck>> {
        rec::check_statuses(self.store.conn(), review_id)
    }

    pub fn set_check(
        &mut self,
        review_key: &str,
        check_id: &str,
        member_id: Option<i64>,
        status: &str,
        text: Option<&str>,
        on: Option<&str>,
    ) -> Result<CheckStatus> {
        let review = self.review(review_key)?;
        let def = Catalogue::embedded().get(check_id).ok_or_else(|| {
            Error::invalid(
                "check",
                format!(
                    "Unknown check {:?}",
                    crate::domain::text::truncate(check_id, 60)
                ),
            )
        })?;
        if !def.applies_in(review.nation) {
            return Err(Error::invalid(
                "check",
                format!(
                    "Check {check_id} does not apply in {}",
                    review.nation.slug()
                ),
            ));
        }
        match (def.applies_to, member_id) {
            (AppliesTo::Review, Some(_)) => {
                return Err(Error::invalid(
                    "member",
                    format!("Check {check_id} is for the review, not a person"),
                ))
            }
            (AppliesTo::Member, None) => {
                return Err(Error::invalid(
                    "member",
                    format!("Check {check_id} is for each person: say which"),
                ))
            }
            (AppliesTo::Member, Some(m)) => {
                if self.member(m)?.review_id != review.id {
                    return Err(Error::invalid(
                        "member",
                        "That person belongs to another review",
                    ));
                }
            }
            (AppliesTo::Review, None) => {}
        }
        let on = crate::domain::text::optional_date_as("on", "Date done", on)
            .map_err(|e| Error::Invalid(vec![e]))?;
        if let Some(t) = text {
            crate::domain::text::note("evidence", Some(t)).map_err(|e| Error::Invalid(vec![e]))?;
        }
        let mut status = CheckStatus::from_parts(status, text, on.or(Some(self.today)))
            .map_err(|m| Error::invalid("status", m))?;
        // Reopening: the reason is kept with the record that had closed the check, which
        // will not close it again (domain::progress::may_close).
        let old = rec::check_status(self.store.conn(), review.id, check_id, member_id)?;
        let closed_by = old.as_ref().and_then(CheckStatus::record).cloned();
        let action = match &mut status {
            CheckStatus::ToDo { reopened } if old.as_ref().is_some_and(|o| !o.is_open()) => {
                match (reopened.as_mut(), closed_by) {
                    (Some(r), record) => r.record = record,
                    (None, Some(_)) => {
                        return Err(Error::invalid(
                            "text",
                            "Enter why you are reopening a check that a record closed",
                        ))
                    }
                    (None, None) => {}
                }
                Some("reopened")
            }
            // Still open: whatever reopened it before stands.
            CheckStatus::ToDo { reopened } => {
                *reopened = match &old {
                    Some(CheckStatus::ToDo { reopened }) => reopened.clone(),
                    _ => None,
                };
                None
            }
            _ => None,
        };
        self.store
            .write(|tx| rec::set_check_as(tx, review.id, check_id, member_id, &status, action))?;
        Ok(status)
    }

    // ----- deadlines -----------------------------------------------------------------------

    /// Marks a statutory target met on a date (the author's word, for a target no recorded
    /// key date completes, or before it is recorded), audited. Marking it again changes the
    /// date or the note.
    pub fn mark_deadline_met(
        &mut self,
        review_key: &str,
        target_id: &str,
        on: &str,
        note: Option<&str>,
    ) -> Result<store::reviews::TargetMet> {
        let review = self.review(review_key)?;
        let target = crate::domain::timescales::TargetSet::embedded()
            .get(target_id.trim())
            .filter(|t| t.applies_to(review.review_type))
            .ok_or_else(|| {
                Error::invalid(
                    "target",
                    format!(
                        "No target {:?} applies to this review; its targets are: {}",
                        text::truncate(target_id, 60),
                        crate::domain::timescales::TargetSet::embedded()
                            .for_review(review.review_type)
                            .map(|t| t.id.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                )
            })?;
        let on = text::date("on", on).map_err(|e| Error::Invalid(vec![e]))?;
        if on > self.today {
            return Err(Error::invalid(
                "on",
                format!("{on} is in the future; mark a target met once it has been met"),
            ));
        }
        let note = text::note("note", note).map_err(|e| Error::Invalid(vec![e]))?;
        let met = store::reviews::TargetMet {
            target_id: target.id.clone(),
            on,
            note,
        };
        self.store
            .write(|tx| store::reviews::set_target_met(tx, review.id, &met))?;
        Ok(met)
    }

    /// Takes back the author's mark that a target was met (marked by mistake), audited. A
    /// target met by a recorded key date stays met while that date is recorded.
    pub fn unmark_deadline_met(&mut self, review_key: &str, target_id: &str) -> Result<()> {
        let review = self.review(review_key)?;
        let target_id = target_id.trim();
        let cleared = self
            .store
            .write(|tx| store::reviews::clear_target_met(tx, review.id, target_id))?;
        if cleared {
            Ok(())
        } else {
            Err(Error::invalid(
                "target",
                format!(
                    "Target {:?} is not marked as met for this review",
                    text::truncate(target_id, 60)
                ),
            ))
        }
    }

    // ----- suggestions ---------------------------------------------------------------------

    /// What the records suggest for a person's involvement and position (never applied
    /// unasked): see `domain::progress::suggestions`.
    pub fn suggestions(&self, member_id: i64) -> Result<Vec<progress::Suggestion>> {
        let m = self.member(member_id)?;
        Ok(progress::suggestions(
            &m,
            &self.member_contacts(member_id)?,
            &self.terms_history(member_id)?,
        ))
    }

    /// Accepts one suggestion: the person's involvement (and position, if it moves them on)
    /// change as it says, audited as `suggestion-accepted` with the record it came from. A
    /// suggestion to record a refusal needs the reason.
    pub fn accept_suggestion(
        &mut self,
        member_id: i64,
        suggestion_id: &str,
        reason: Option<&str>,
    ) -> Result<Member> {
        let mut m = self.member(member_id)?;
        let s = self
            .suggestions(member_id)?
            .into_iter()
            .find(|s| s.id == suggestion_id.trim())
            .ok_or_else(|| {
                Error::invalid(
                    "suggestion",
                    format!(
                        "There is no suggestion {:?} for this person now",
                        text::truncate(suggestion_id, 40)
                    ),
                )
            })?;
        if let Some(r) = reason {
            text::note("reason", Some(r)).map_err(|e| Error::Invalid(vec![e]))?;
        }
        m.involvement = Involvement::from_parts(&s.involvement, reason, true)
            .map_err(|msg| Error::invalid("reason", msg))?;
        if let Some(p) = s.position {
            m.position = p;
        }
        let today = self.today;
        self.store.write(|tx| {
            store::members::update(tx, &m)?;
            tx.audit(
                Some(m.review_id),
                "suggestion",
                format!("{}/{}", m.id, s.id),
                "suggestion-accepted",
                None::<&()>,
                Some(&s),
            )?;
            close_checks(tx, m.review_id, progress::person_proofs(&m, today))
        })?;
        self.member(member_id)
    }

    // ----- decisions and parallel processes ------------------------------------------------

    pub fn decisions(&self, review_id: i64) -> Result<Vec<Decision>> {
        rec::list(self.store.conn(), "review_id", review_id, "id")
    }

    pub fn record_decision(&mut self, review_key: &str, form: &DecisionForm) -> Result<Decision> {
        let review = self.review(review_key)?;
        let d = form.parse(review.id)?;
        for &m in &d.member_ids {
            if self.member(m)?.review_id != review.id {
                return Err(Error::invalid(
                    "member_ids",
                    "A linked person belongs to another review",
                ));
            }
        }
        let id = self.store.write(|tx| {
            let mut d = d.clone();
            d.id = rec::insert(tx, &d)?;
            close_checks(tx, d.review_id, progress::decision_proofs(&d))?;
            Ok(d.id)
        })?;
        rec::get(self.store.conn(), id)
    }

    pub fn parallel_processes(&self, review_id: i64) -> Result<Vec<ParallelProcess>> {
        rec::list(self.store.conn(), "review_id", review_id, "id")
    }

    pub fn add_parallel(
        &mut self,
        review_key: &str,
        form: &ParallelForm,
    ) -> Result<ParallelProcess> {
        let review = self.review(review_key)?;
        let p = form.parse(review.id)?;
        let id = self.store.write(|tx| rec::insert(tx, &p))?;
        rec::get(self.store.conn(), id)
    }

    pub fn parallel_process(&self, id: i64) -> Result<ParallelProcess> {
        rec::get(self.store.conn(), id)
    }

    pub fn change_parallel(&mut self, id: i64, form: &ParallelForm) -> Result<ParallelProcess> {
        let old: ParallelProcess = rec::get(self.store.conn(), id)?;
        let mut p = form.parse(old.review_id)?;
        p.id = id;
        self.store.write(|tx| rec::update(tx, &p))?;
        rec::get(self.store.conn(), id)
    }

    // ----- feedback ------------------------------------------------------------------------

    pub fn feedback(&self, review_id: i64) -> Result<Vec<Feedback>> {
        rec::list(self.store.conn(), "review_id", review_id, "id")
    }

    pub fn record_feedback(&mut self, review_key: &str, form: &FeedbackForm) -> Result<Feedback> {
        let review = self.review(review_key)?;
        if let Some(m) = form.member_id {
            if self.member(m)?.review_id != review.id {
                return Err(Error::invalid(
                    "member_id",
                    "That person belongs to another review",
                ));
            }
        }
        let bank = crate::assets::question_bank().map_err(|e| Error::Internal(e.to_string()))?;
        let f = form.parse(review.id, |q| bank.has(q))?;
        let id = self.store.write(|tx| {
            let mut f = f.clone();
            f.id = rec::insert(tx, &f)?;
            close_checks(tx, f.review_id, progress::feedback_proof(&f))?;
            Ok(f.id)
        })?;
        rec::get(self.store.conn(), id)
    }

    // ----- documents issued and audit ------------------------------------------------------

    pub fn documents_issued(&self, review_id: i64) -> Result<Vec<DocumentIssued>> {
        rec::list(self.store.conn(), "review_id", review_id, "id")
    }

    pub fn audit(&self, review_key: Option<&str>) -> Result<Vec<store::audit::AuditEntry>> {
        let id = review_key
            .map(|k| self.review(k))
            .transpose()?
            .map(|r| r.id);
        store::audit::list(self.store.conn(), id)
    }
}

#[cfg(test)]
mod own_files {
    /// The files built into this build can be read: the check that stops a damaged
    /// build from opening a workbook lets a sound one through.
    #[test]
    fn kindreds_own_files_are_sound() {
        super::own_files_sound().expect("assets/checks.toml and support-directory.toml");
    }
}
