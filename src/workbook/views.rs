//! Read models for the screens and the CLI: a review with everything in it, and a person's page.

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::Serialize;

use super::dashboard::{self, Deadline, DUE_SOON_DAYS};
use super::Workbook;
use crate::domain::catalogue::{AppliesTo, Catalogue, CheckDef, CheckStatus, Vocabulary};
use crate::domain::member::{AbuseLink, Barrier, Member};
use crate::domain::phase::Phase;
use crate::domain::records::*;
use crate::domain::review::{Child, Review};
use crate::domain::safety::{self, Refusal};
use crate::domain::timescales::{self, DueState};
use crate::error::Result;

#[derive(Debug, Clone, Serialize)]
pub struct CheckRow {
    pub check: CheckDef,
    pub member_id: Option<i64>,
    pub status: CheckStatus,
}

#[derive(Debug, Clone, Serialize)]
pub struct MapRow {
    pub member_id: i64,
    pub name: String,
    pub involvement: String,
    pub position: Phase,
    /// Open checks for this person in each phase 0..7.
    pub open_by_phase: [usize; 8],
}

#[derive(Debug, Clone, Serialize)]
pub struct ReviewView {
    pub review: Review,
    pub review_name: String,
    pub today: NaiveDate,
    pub children: Vec<Child>,
    pub members: Vec<Member>,
    pub abuse_links: Vec<AbuseLink>,
    pub barriers: Vec<Barrier>,
    pub involvement_map: Vec<MapRow>,
    pub contacts: Vec<Contact>,
    /// Contacts marked as entered in error: kept for the record, counted nowhere.
    pub contacts_entered_in_error: Vec<Contact>,
    pub checks: Vec<CheckRow>,
    pub decisions: Vec<Decision>,
    pub parallel_processes: Vec<ParallelProcess>,
    pub documents: Vec<DocumentIssued>,
    pub feedback: Vec<Feedback>,
    pub deadlines: Vec<Deadline>,
    /// Open checks that are actionable now, counted as the dashboard counts them: the
    /// review's up to its phase, and each taking-part person's up to their position.
    pub open_checks: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct MemberView {
    pub member: Member,
    pub review_reference: String,
    pub may_contact: Vec<Refusal>,
    pub may_receive_document: Vec<Refusal>,
    pub terms: Vec<Terms>,
    pub contacts: Vec<Contact>,
    /// This person's contacts marked as entered in error: kept for the record only.
    pub contacts_entered_in_error: Vec<Contact>,
    pub checks: Vec<CheckRow>,
    pub decisions: Vec<Decision>,
    pub documents: Vec<DocumentIssued>,
    pub support: Vec<SupportService>,
    /// Other people with a link to this one: (id, name, what).
    pub links: Vec<(i64, String, String)>,
    pub next_update_due: Option<NaiveDate>,
    pub update_state: Option<DueState>,
    /// Sensitive dates (anniversaries, birthdays) within the warning window of today.
    pub sensitive_dates_near: Vec<String>,
    /// What the records suggest for this person's involvement and position, for the author
    /// to accept (`Workbook::accept_suggestion`) or leave.
    pub suggestions: Vec<crate::domain::progress::Suggestion>,
    /// This person's open checks up to their position (none once they are not taking part),
    /// as the dashboard counts them.
    pub open_checks: usize,
    /// The version of a sheet their recorded needs ask for (`standard`, `large-print`,
    /// `easy-read`): what Prepare a visit offers first.
    pub sheet_variant: &'static str,
    /// How old they are today, from their date of birth or the band recorded.
    pub age: Option<crate::domain::member::Age>,
    /// The review's nation, for words that differ between the nations' systems.
    pub nation: crate::domain::nation::Nation,
    /// The languages their documents are in unless the author chooses (`en`, `both`, or
    /// `cy-first` for someone in Wales who prefers Welsh), as a document form names them.
    pub document_languages: &'static str,
    /// When their documents would be in a community language whose translation is a
    /// draft: what the author is asked to confirm before one is made.
    pub draft_translation: Option<String>,
}

/// Open checks of the rows up to a phase: what the dashboard counts as actionable.
fn open_up_to(rows: &[CheckRow], phase: Phase) -> usize {
    rows.iter()
        .filter(|r| r.status.is_open() && r.check.phase <= phase)
        .count()
}

/// The nations' vocabulary, parsed once; an error (never an empty list) if the embedded
/// data is broken.
pub(crate) fn vocabulary() -> Result<&'static Vocabulary> {
    Vocabulary::embedded().map_err(|e| crate::error::Error::Internal(e.to_string()))
}

/// The checks of a review (or of one person in it), each worded for the review's nation.
fn check_rows(
    review: &Review,
    member: Option<&Member>,
    statuses: &HashMap<(String, i64), CheckStatus>,
) -> Result<Vec<CheckRow>> {
    let words = vocabulary()?
        .words(review.nation)
        .map_err(|e| crate::error::Error::Internal(e.to_string()))?;
    Ok(Catalogue::embedded()
        .for_nation(review.nation)
        .filter(|c| match member {
            None => c.applies_to == AppliesTo::Review,
            Some(_) => c.applies_to == AppliesTo::Member,
        })
        .map(|c| {
            let key = (c.id.clone(), member.map_or(0, |m| m.id));
            CheckRow {
                check: c.worded(words),
                member_id: member.map(|m| m.id),
                status: statuses.get(&key).cloned().unwrap_or(CheckStatus::TO_DO),
            }
        })
        .collect())
}

impl Workbook {
    fn status_map(&self, review_id: i64) -> Result<HashMap<(String, i64), CheckStatus>> {
        Ok(self
            .check_statuses(review_id)?
            .into_iter()
            .map(|s| ((s.check_id, s.member_id.unwrap_or(0)), s.status))
            .collect())
    }

    pub fn review_view(&self, key: &str) -> Result<ReviewView> {
        let review = self.review(key)?;
        let statuses = self.status_map(review.id)?;
        let members = self.members(review.id)?;
        let mut checks = check_rows(&review, None, &statuses)?;
        let mut open_checks = open_up_to(&checks, review.phase);
        for m in &members {
            let rows = check_rows(&review, Some(m), &statuses)?;
            if !m.involvement.is_closed() {
                open_checks += open_up_to(&rows, m.position);
            }
            checks.extend(rows);
        }
        let involvement_map = members
            .iter()
            .map(|m| {
                let mut open = [0usize; 8];
                for row in check_rows(&review, Some(m), &statuses)? {
                    if row.status.is_open() {
                        open[row.check.phase.number() as usize] += 1;
                    }
                }
                Ok(MapRow {
                    member_id: m.id,
                    name: m.details.display_name().to_string(),
                    involvement: m.involvement.slug().to_string(),
                    position: m.position,
                    open_by_phase: open,
                })
            })
            .collect::<Result<_>>()?;
        let parallel = self.parallel_processes(review.id)?;
        Ok(ReviewView {
            review_name: vocabulary()?.review_name(review.review_type),
            today: self.today,
            children: self.children(review.id)?,
            abuse_links: self.abuse_links(review.id)?,
            barriers: self.barriers(review.id)?,
            involvement_map,
            contacts: self.contacts(review.id)?,
            contacts_entered_in_error: self.contacts_entered_in_error(review.id)?,
            checks,
            decisions: self.decisions(review.id)?,
            deadlines: dashboard::deadlines(
                review.review_type,
                &review.key_dates,
                &crate::store::reviews::targets_met_for(self.store.conn(), review.id)?,
                &parallel,
                self.today,
            ),
            parallel_processes: parallel,
            documents: self.documents_issued(review.id)?,
            feedback: self.feedback(review.id)?,
            open_checks,
            members,
            review,
        })
    }

    pub fn member_view(&self, id: i64) -> Result<MemberView> {
        let member = self.member(id)?;
        let review = self.review_by_id(member.review_id)?;
        let statuses = self.status_map(review.id)?;
        let contacts: Vec<Contact> = self
            .contacts(review.id)?
            .into_iter()
            .filter(|c| c.member_id == id || c.with_member_ids.contains(&id))
            .collect();
        let contacts_entered_in_error: Vec<Contact> = self
            .contacts_entered_in_error(review.id)?
            .into_iter()
            .filter(|c| c.member_id == id || c.with_member_ids.contains(&id))
            .collect();
        let terms = self.terms_history(id)?;
        let others = self.members(review.id)?;
        let name_of = |mid: i64| {
            others
                .iter()
                .find(|m| m.id == mid)
                .map(|m| m.details.display_name().to_string())
                .unwrap_or_default()
        };
        let mut links = Vec::new();
        for l in self.abuse_links(review.id)? {
            if l.victim_id == id {
                links.push((
                    l.perpetrator_id,
                    name_of(l.perpetrator_id),
                    "domestic abuse: this person is the victim".to_string(),
                ));
            } else if l.perpetrator_id == id {
                links.push((
                    l.victim_id,
                    name_of(l.victim_id),
                    "domestic abuse: this person is the perpetrator".to_string(),
                ));
            }
        }
        for b in self.barriers(review.id)? {
            if b.protected_id == id {
                links.push((
                    b.withheld_from_id,
                    name_of(b.withheld_from_id),
                    "must not receive this person's information".to_string(),
                ));
            } else if b.withheld_from_id == id {
                links.push((
                    b.protected_id,
                    name_of(b.protected_id),
                    "this person must not receive their information".to_string(),
                ));
            }
        }
        let last_reached = contacts
            .iter()
            .filter(|c| c.member_id == id && c.reached())
            .map(|c| c.date)
            .max();
        let since = crate::store::members::added_on(self.store.conn(), id)?;
        let (next_update_due, update_state) = if member.involvement.status().expects_updates() {
            let cadence = dashboard::update_cadence(
                terms.last().and_then(|t| t.update_cadence_days),
                member.details.update_cadence_days,
                review.update_cadence_days,
            );
            let due = timescales::next_update_due(last_reached, since, cadence);
            (
                Some(due),
                Some(timescales::due_state(self.today, due, DUE_SOON_DAYS)),
            )
        } else {
            (None, None)
        };
        let mut sensitive_dates_near = Vec::new();
        for child in self.children(review.id)? {
            for s in &child.sensitive_dates {
                if s.distance(self.today) <= 7 {
                    sensitive_dates_near.push(format!(
                        "{} ({})",
                        s.label,
                        crate::domain::dates::long(s.date)
                    ));
                }
            }
        }
        let support = self
            .support_directory()?
            .into_iter()
            .filter(|s| member.support_ids.contains(&s.id))
            .collect();
        let document_languages =
            super::documents::languages_for(Some(&member), review.nation).slug();
        Ok(MemberView {
            nation: review.nation,
            document_languages,
            draft_translation: super::documents::languages::draft_notice(&member),
            may_contact: safety::may_contact(&member, self.today)
                .err()
                .unwrap_or_default(),
            may_receive_document: safety::may_receive_document(&member, self.today)
                .err()
                .unwrap_or_default(),
            sheet_variant: crate::workbook::forms::variant_for_person(&member, self.today).slug(),
            age: member.age_on(self.today),
            suggestions: crate::domain::progress::suggestions(
                &member,
                &self.member_contacts(id)?,
                &terms,
            ),
            open_checks: if member.involvement.is_closed() {
                0
            } else {
                open_up_to(
                    &check_rows(&review, Some(&member), &statuses)?,
                    member.position,
                )
            },
            checks: check_rows(&review, Some(&member), &statuses)?,
            decisions: self
                .decisions(review.id)?
                .into_iter()
                .filter(|d| d.member_ids.contains(&id))
                .collect(),
            documents: self
                .documents_issued(review.id)?
                .into_iter()
                .filter(|d| d.member_id == Some(id))
                .collect(),
            review_reference: review.reference,
            terms,
            contacts,
            contacts_entered_in_error,
            support,
            links,
            next_update_due,
            update_state,
            sensitive_dates_near,
            member,
        })
    }
}
