//! Making family documents: the view for one person is built here from that person's
//! permitted data only, checked against the safety rules, rendered by `documents`, and recorded
//! as issued in the same transaction as its audit line. What is asked for arrives as a text
//! form (`forms::SheetRequestForm`, `forms::FeedbackFormRequestForm`); the batch of sheets
//! for everyone in a review is in `documents/batch.rs`.

use std::path::{Path, PathBuf};

use serde::Serialize;

use super::Workbook;
use crate::documents::{
    self, AuthorContact, FindingsSharing, FormOptions, FormView, Harm, Language, LanguageChoice,
    PublicationPlan, Route, SheetOptions, SheetView, VisitView,
};
use crate::domain::member::{ContactMethod, LocationType, Member, RestrictionKind, RoleStatus};
use crate::domain::progress;
use crate::domain::records::{
    Contact, DocumentIssued, DocumentKind, ParallelKind, ParallelProcess, SupportService, Terms,
};
use crate::domain::review::{Child, ChildOutcome, ContactCard, Publication, Review};
use crate::domain::safety::{self, Refusal};
use crate::domain::timescales::KeyDate;
use crate::error::{Error, Result};
use crate::files::{self, Existing, WriteOptions};
use crate::store::records as rec;
use crate::workbook::forms::{
    FeedbackFormRequestForm, FormLength, PrintSize, SheetRequest, SheetRequestForm,
};

mod batch;
pub mod languages;
mod leaks;
mod letters;
pub use batch::{BatchOptions, SheetBatch, SkippedSheet};
use leaks::LeakCheck;
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
    /// What the author must know before giving the document to anyone: Welsh wording still
    /// a draft, Welsh text the review has not given (left out of the Welsh part).
    pub warnings: Vec<String>,
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

fn card(c: &ContactCard, hours_cy: Option<&String>) -> AuthorContact {
    AuthorContact {
        name: c.name.clone(),
        phone: c.phone.clone(),
        email: c.email.clone(),
        hours: c.hours.clone(),
        hours_cy: hours_cy.cloned(),
        postal_address: c.postal_address.clone(),
    }
}

/// Whether the person is recorded as preferring Welsh: the Welsh box on their record, or
/// Welsh as their language.
pub fn prefers_welsh(member: &Member) -> bool {
    member.details.welsh_preferred
        || member.details.language.as_deref().is_some_and(|l| {
            matches!(
                l.trim().to_lowercase().as_str(),
                "welsh" | "cymraeg" | "cy" | "welsh (cymraeg)"
            )
        })
}

/// The languages a document is in for this person unless the author chose: in Wales both,
/// Welsh first for someone who prefers Welsh; English elsewhere.
pub fn languages_for(
    member: Option<&Member>,
    nation: crate::domain::nation::Nation,
) -> LanguageChoice {
    if let Some(choice) = languages::community_choice(member) {
        return choice;
    }
    LanguageChoice::for_person(nation, member.is_some_and(prefers_welsh))
}

/// How the reviewer reaches this person when not directly: a "contact only via"
/// restriction in force names the route (a solicitor, an advocate, a carer, a social
/// worker, a prison); else their preferred contact method; else being in prison. Only the
/// kind of route reaches the sheet, never the name written in the restriction.
pub fn route_to(member: &Member, today: chrono::NaiveDate) -> Option<Route> {
    let via = member
        .restrictions
        .iter()
        .filter(|r| r.kind == RestrictionKind::ContactOnlyVia && r.active_on(today))
        .map(|r| r.via.clone().unwrap_or_default().to_lowercase())
        .next();
    if let Some(via) = via {
        let has = |words: &[&str]| words.iter().any(|w| via.contains(w));
        return Some(if has(&["solicitor", "lawyer", "legal", "cyfreithiwr"]) {
            Route::Solicitor
        } else if has(&["advocate", "eiriolwr"]) {
            Route::Advocate
        } else if has(&["social worker", "gweithiwr cymdeithasol"]) {
            Route::SocialWorker
        } else if has(&["carer", "gofalwr", "foster"]) {
            Route::Carer
        } else if has(&["prison", "hmp", "probation", "offender manager", "carchar"]) {
            Route::Prison
        } else {
            Route::Agreed
        });
    }
    match member.details.preferred_contact_method {
        Some(ContactMethod::ThroughSolicitor) => return Some(Route::Solicitor),
        Some(ContactMethod::ThroughAdvocate) => return Some(Route::Advocate),
        _ => {}
    }
    (member.details.location == Some(LocationType::Prison)).then_some(Route::Prison)
}

/// Whether this person may have to wait because of a criminal case: they are a suspect, a
/// defendant or a witness while a criminal investigation, prosecution, trial or appeal runs.
pub fn may_have_to_wait(member: &Member, parallel: &[ParallelProcess]) -> bool {
    let criminal = parallel.iter().any(|p| {
        matches!(
            p.kind,
            ParallelKind::CriminalInvestigation
                | ParallelKind::Prosecution
                | ParallelKind::Trial
                | ParallelKind::Appeal
        )
    });
    criminal
        && member.current_role_status().is_some_and(|s| {
            matches!(
                s.status,
                RoleStatus::Suspect
                    | RoleStatus::Charged
                    | RoleStatus::Defendant
                    | RoleStatus::AllegedPerpetrator
                    | RoleStatus::Witness
            )
        })
}

/// What the person's latest terms say about seeing the findings first.
fn findings_sharing(terms: Option<&Terms>) -> FindingsSharing {
    match terms {
        None => FindingsSharing::NotYetAsked,
        Some(t) if t.wants_draft => FindingsSharing::Wanted {
            weeks: t.reading_time_days.map(|d| d.div_ceil(7)),
        },
        Some(_) => FindingsSharing::NotWanted,
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
    /// The review's parallel processes (only whether any runs, and of which kind, is used).
    pub parallel: &'a [ParallelProcess],
    /// The person's latest terms: whether they see the findings first and for how long,
    /// and whether names in the report have been talked through.
    pub terms: Option<&'a Terms>,
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
        parallel,
        terms,
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
    // The month is printed by the document, in each page's language.
    let publication = match review.publication {
        Publication::NotDecided => PublicationPlan::NotDecided,
        Publication::NotPlanned => PublicationPlan::NotPlanned,
        Publication::Planned => PublicationPlan::Planned {
            month: review.key_dates.get(&KeyDate::PlannedPublication).copied(),
        },
    };
    let harm = match child.map(|c| c.outcome) {
        Some(ChildOutcome::Died) => Harm::Died,
        Some(ChildOutcome::SeriouslyHarmed) => Harm::SeriouslyHarmed,
        _ => Harm::NotRecorded,
    };
    let naming_agreed = terms.is_some_and(|t| {
        t.anonymity_wishes
            .as_deref()
            .is_some_and(|w| !w.trim().is_empty())
    });
    let welsh = &review.welsh;
    SheetView {
        recipient_name: member.details.display_name().to_string(),
        child_name,
        nation: review.nation,
        review_type: review.review_type,
        body_name: review.body_name.clone(),
        body_name_cy: welsh.body_name.clone(),
        harm,
        purpose: review.purpose_statement.clone(),
        purpose_cy: welsh.purpose_statement.clone(),
        route: route_to(member, prepared_on),
        may_have_to_wait: may_have_to_wait(member, parallel),
        naming_agreed,
        author: card(&review.author, welsh.author_hours.as_ref()),
        partnership_contact: review.partnership_contact.as_ref().map(|c| card(c, None)),
        visit: visit.map(|v| VisitView {
            date: v.date,
            time: v.time.map(|t| t.format("%H:%M").to_string()),
            place: v.location.clone(),
            who_will_come: v.attendees.clone(),
            interpreter_language: v.interpreter_language.clone(),
            supporter: v.supporter.clone(),
        }),
        support: chosen_support.iter().map(support_service).collect(),
        publication,
        parallel_processes: !parallel.is_empty(),
        findings: findings_sharing(terms),
        complaints: review.complaints.clone(),
        complaints_cy: welsh.complaints.clone(),
        updates_every_days: None,
        prepared_on,
    }
}

/// A chosen service as the sheet prints it, with its Welsh. A workbook seeded before the
/// directory carried Welsh names and hours takes them from the seed entry of the same name.
fn support_service(s: &SupportService) -> documents::SupportService {
    let seed = crate::assets::support_directory()
        .iter()
        .find(|d| d.name == s.name);
    documents::SupportService {
        name: s.name.clone(),
        description: s.description.clone(),
        phone: s.phone.clone(),
        website: s.website.clone(),
        hours: s.hours.clone(),
        name_cy: s
            .name_cy
            .clone()
            .or_else(|| seed.and_then(|d| d.name_cy.clone())),
        description_cy: s.description_cy.clone().or_else(|| {
            seed.filter(|d| d.description == s.description)
                .and_then(|d| d.description_cy.clone())
        }),
        // Welsh only for the seed's own words (never Welsh for text the author changed).
        hours_cy: s.hours_cy.clone().or_else(|| {
            seed.filter(|d| d.hours == s.hours)
                .and_then(|d| d.hours_cy.clone())
        }),
    }
}

/// The warning for documents made in these languages whose Welsh wording is still a draft
/// (none when no Welsh was printed, or the Welsh has been checked).
fn draft_warnings(languages: &[LanguageChoice]) -> Result<Vec<String>> {
    let printed: Vec<Language> = languages
        .iter()
        .flat_map(|l| l.languages().iter().copied())
        .collect();
    let drafts =
        documents::draft_languages(&printed).map_err(|e| Error::Document(e.to_string()))?;
    let mut out = if drafts.contains(&Language::Welsh) {
        vec![WELSH_DRAFT.to_string()]
    } else {
        Vec::new()
    };
    out.extend(languages::draft_warnings(&drafts));
    Ok(out)
}

const WELSH_DRAFT: &str = "The Welsh wording of this document is still a draft: it has not been \
    checked by a qualified Welsh speaker. Check it before you give the document to anyone.";

/// What the author should hear before giving out a document made in `languages`: the
/// Welsh wording still a draft, and the review's Welsh text that is missing (so the Welsh
/// part leaves it out).
fn document_warnings(
    rendered: &documents::Rendered,
    languages: LanguageChoice,
    view: Option<&SheetView>,
) -> Vec<String> {
    let mut out = Vec::new();
    if rendered.draft_languages.contains(&Language::Welsh) {
        out.push(WELSH_DRAFT.to_string());
    }
    out.extend(languages::draft_warnings(&rendered.draft_languages));
    let Some(view) = view else { return out };
    if !languages.languages().contains(&Language::Welsh) {
        return out;
    }
    let missing = |own: &Option<String>, welsh: &Option<String>| {
        own.as_deref().is_some_and(|t| !t.trim().is_empty())
            && welsh.as_deref().is_none_or(|t| t.trim().is_empty())
    };
    let mut left_out = Vec::new();
    if view
        .body_name_cy
        .as_deref()
        .is_none_or(|t| t.trim().is_empty())
    {
        left_out
            .push("the commissioning body's Welsh name (the Welsh part names it in general words)");
    }
    if missing(&view.author.hours, &view.author.hours_cy) {
        left_out.push("when you can be reached");
    }
    if missing(&view.purpose, &view.purpose_cy) {
        left_out.push("the purpose statement");
    }
    if missing(&view.complaints, &view.complaints_cy) {
        left_out.push("how to complain (the Welsh part gives the general words)");
    }
    if !left_out.is_empty() {
        out.push(format!(
            "The review has no Welsh for {}, so the Welsh part leaves it out. Add it on the review's page.",
            left_out.join("; ")
        ));
    }
    out
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
        self.sheet_context_of(self.review_by_id(review_id)?)
    }

    /// The same, for a review already read.
    fn sheet_context_of(&self, review: Review) -> Result<SheetContext> {
        let support = std::rc::Rc::new(self.support_directory()?);
        self.sheet_context_with(review, support)
    }

    /// The same, with the support directory already read: a batch reads it once (nothing
    /// in a batch changes it).
    fn sheet_context_with(
        &self,
        review: Review,
        support: std::rc::Rc<Vec<SupportService>>,
    ) -> Result<SheetContext> {
        let review_id = review.id;
        Ok(SheetContext {
            review,
            children: self.children(review_id)?,
            parallel: self.parallel_processes(review_id)?,
            everyone: self.members(review_id)?,
            support,
            leak_check: std::cell::OnceCell::new(),
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
        let mut view = build_sheet_view(&SheetSources {
            review: &context.review,
            children: &context.children,
            member,
            visit: visit.as_ref(),
            chosen_support: &chosen,
            parallel: &context.parallel,
            terms: terms.as_ref(),
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
        context.leak_check().check(&view, Some(member))?;
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

    /// The person a sheet is asked for, their review (read once), what the safety rules
    /// say against the sheet, and its kind and languages.
    fn sheet_plan(&self, request: &SheetRequest) -> Result<SheetPlan> {
        let (member, review) = match &request.review_key {
            Some(key) => {
                let review = self.review(key)?;
                (self.member_in(&review, request.member_id)?, review)
            }
            None => {
                let member = self.member(request.member_id)?;
                let review = self.review_by_id(member.review_id)?;
                (member, review)
            }
        };
        let refusals = safety::may_receive_document(&member, self.today)
            .err()
            .unwrap_or_default();
        let opts = SheetOptions {
            variant: request.choice.variant_for(&member, self.today),
            languages: request
                .choice
                .languages
                .unwrap_or(languages_for(Some(&member), review.nation)),
        };
        Ok(SheetPlan {
            member,
            review,
            refusals,
            opts,
        })
    }

    /// Asks the question [`Workbook::make_sheet`] would ask about its translation (a draft
    /// must be confirmed with `draft_ok`) without making or recording anything. Prepare a
    /// visit asks it before the visit is saved, so that the visit is not saved with the
    /// question still open. A safety refusal is not asked here: the visit is saved without
    /// its sheet then, and making the sheet says why.
    pub fn check_sheet_request(&self, form: &SheetRequestForm) -> Result<()> {
        let request = form.parse()?;
        let opts = self.sheet_plan(&request)?.opts;
        let drafts = documents::sheet_drafts(&opts).map_err(|e| Error::Document(e.to_string()))?;
        languages::confirm_drafts(&drafts, request.draft_ok)
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
        let SheetPlan {
            member,
            review,
            refusals,
            opts,
        } = self.sheet_plan(&request)?;
        if !refusals.is_empty() && request.override_reason.is_none() {
            return Err(Error::Refused(refusals));
        }
        let context = self.sheet_context_of(review)?;
        let view = self.sheet_view_in(&context, &member, request.visit_id)?;
        let rendered =
            documents::render_sheet(&view, &opts).map_err(|e| Error::Document(e.to_string()))?;
        languages::confirm_drafts(&rendered.draft_languages, request.draft_ok)?;
        let warnings = document_warnings(&rendered, opts.languages, Some(&view));
        let issue = Issue {
            review: &context.review,
            member: Some(&member),
            kind: DocumentKind::InformationSheet,
            variant: opts.variant.slug().to_string(),
            languages: opts.languages,
            contact_id: request.visit_id,
            overridden: request
                .override_reason
                .as_deref()
                .map(|reason| (reason, refusals.as_slice())),
        };
        let mut made = self.record_issue(issue, rendered, dest)?;
        made.warnings = warnings;
        Ok(made)
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
            partnership_cy: review.welsh.body_name.clone(),
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
            .unwrap_or(languages_for(member.as_ref(), review.nation));
        let rendered = documents::render_feedback_form(
            &view,
            &FormOptions {
                short: choice.length == FormLength::Short,
                languages,
                large_print: choice.print == PrintSize::Large,
            },
        )
        .map_err(|e| Error::Document(e.to_string()))?;
        languages::confirm_drafts(&rendered.draft_languages, request.draft_ok)?;
        let warnings = document_warnings(&rendered, languages, None);
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
        let mut made = self.record_issue(issue, rendered, dest)?;
        made.warnings = warnings;
        Ok(made)
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
            language: languages.record().to_string(),
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
            warnings: Vec::new(),
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

/// How the issue record names the languages, in the order printed (`cy+en`: Welsh first).
fn lang_slug(l: LanguageChoice) -> &'static str {
    l.record()
}

/// The file name of a person's document: the kind and the person's id, never their name.
fn document_file_name(kind: DocumentKind, member_id: i64) -> String {
    format!("{}-member-{member_id}.pdf", kind.slug())
}

/// What [`Workbook::make_sheet`] and [`Workbook::check_sheet_request`] both work out first.
struct SheetPlan {
    member: Member,
    review: Review,
    refusals: Vec<Refusal>,
    opts: SheetOptions,
}

/// What the sheets of one review are built from.
struct SheetContext {
    review: Review,
    children: Vec<crate::domain::review::Child>,
    parallel: Vec<ParallelProcess>,
    /// Everyone in the review, with all their details.
    everyone: Vec<Member>,
    support: std::rc::Rc<Vec<SupportService>>,
    /// Everyone's details broken into parts, on the first document that needs them.
    leak_check: std::cell::OnceCell<LeakCheck>,
}

impl SheetContext {
    fn leak_check(&self) -> &LeakCheck {
        self.leak_check
            .get_or_init(|| LeakCheck::new(&self.leak_context()))
    }

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
