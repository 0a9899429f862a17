//! The dashboard: across every review, what is open, what is overdue and what is unsafe.
//!
//! Built from a handful of workbook-wide queries (not one query per review or person), so it
//! stays fast on a workbook of thousands of reviews.

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;
use serde::Serialize;

use super::Workbook;
use crate::domain::catalogue::{AppliesTo, Catalogue};
use crate::domain::nation::{Nation, ReviewType};
use crate::domain::phase::Phase;
use crate::domain::records::{Contact, ParallelProcess};
use crate::domain::safety;
use crate::domain::timescales::{self, DueState, HolidayCalendar, KeyDate, TargetSet};
use crate::error::Result;
use crate::store;
use crate::store::dashboard::{MemberBrief, ReviewBrief};
use crate::store::reviews::TargetMet;

/// Days ahead that count as "due soon".
pub const DUE_SOON_DAYS: i64 = 14;

#[derive(Debug, Clone, Serialize)]
pub struct Deadline {
    /// The statutory target's id; None for a parallel process's next key date.
    pub target_id: Option<String>,
    pub label: String,
    pub due: NaiveDate,
    pub state: DueState,
    /// The target is recalled rather than quoted: check it against current guidance.
    pub verify: bool,
    /// Met: it leaves the overdue list and is never the next deadline.
    pub met: Option<Met>,
}

/// When and how a target was met.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Met {
    pub on: NaiveDate,
    pub by: MetBy,
    /// The author's note when they marked it met.
    pub note: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum MetBy {
    /// The key date that completes it (`met-by` in assets/timescales.toml) is recorded.
    KeyDate(KeyDate),
    /// The author marked it met.
    Author,
}

impl Deadline {
    pub fn is_met(&self) -> bool {
        self.met.is_some()
    }
}

/// The next deadline not met, due today or later.
pub fn next_deadline(all: &[Deadline], today: NaiveDate) -> Option<&Deadline> {
    all.iter().find(|d| !d.is_met() && d.due >= today)
}

/// Deadlines passed and not met.
pub fn overdue_deadlines(all: &[Deadline], today: NaiveDate) -> Vec<Deadline> {
    all.iter()
        .filter(|d| !d.is_met() && d.due < today)
        .cloned()
        .collect()
}

#[derive(Debug, Clone, Serialize)]
pub struct UpdateDue {
    pub member_id: i64,
    pub name: String,
    pub last_reached: Option<NaiveDate>,
    pub due: NaiveDate,
    pub state: DueState,
}

#[derive(Debug, Clone, Serialize)]
pub struct ReviewSummary {
    pub id: i64,
    pub reference: String,
    pub nation: Nation,
    pub review_type: ReviewType,
    pub review_name: String,
    pub pseudonym: String,
    pub phase: Phase,
    pub phase_label: &'static str,
    pub members: usize,
    pub next_deadline: Option<Deadline>,
    pub overdue_deadlines: Vec<Deadline>,
    pub updates_overdue: Vec<UpdateDue>,
    pub updates_due_soon: Vec<UpdateDue>,
    pub open_checks: usize,
    /// People whose contact is restricted and not cleared.
    pub awaiting_clearance: Vec<(i64, String)>,
    pub retention_overdue: bool,
    /// The family's questions not yet answered (open or being looked into).
    pub questions_waiting: usize,
    /// How long the oldest of them has waited, in days.
    pub oldest_question_days: Option<i64>,
    /// Comments on the draft awaiting the review's response (or the person being told).
    pub comments_awaiting: usize,
    /// People who asked (in their terms) to see the draft and have not been shown it yet.
    pub draft_not_shared: Vec<(i64, String)>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Dashboard {
    pub today: NaiveDate,
    pub reviews: Vec<ReviewSummary>,
}

/// The update cadence that holds for a person: the one in their latest terms of engagement,
/// else their own, else the review's.
pub fn update_cadence(terms: Option<u32>, own: Option<u32>, review: u32) -> u32 {
    terms.or(own).unwrap_or(review)
}

/// Statutory targets and other dated items for one review, soonest first. A target is met
/// when its completing key date is recorded, else when the author marked it met (`marked`).
pub fn deadlines(
    review_type: ReviewType,
    key_dates: &BTreeMap<KeyDate, NaiveDate>,
    marked: &[TargetMet],
    parallel: &[ParallelProcess],
    today: NaiveDate,
) -> Vec<Deadline> {
    let cal = HolidayCalendar::embedded();
    let mut out: Vec<Deadline> = TargetSet::embedded()
        .for_review(review_type)
        .filter_map(|t| {
            let from = key_dates.get(&t.from)?;
            let due = t.due(*from, cal).ok()?;
            let by_date = t.met_by.and_then(|k| {
                key_dates.get(&k).map(|on| Met {
                    on: *on,
                    by: MetBy::KeyDate(k),
                    note: None,
                })
            });
            let by_author = || {
                marked.iter().find(|m| m.target_id == t.id).map(|m| Met {
                    on: m.on,
                    by: MetBy::Author,
                    note: m.note.clone(),
                })
            };
            Some(Deadline {
                target_id: Some(t.id.clone()),
                label: t.label.clone(),
                due,
                state: timescales::due_state(today, due, DUE_SOON_DAYS),
                verify: t.verify,
                met: by_date.or_else(by_author),
            })
        })
        .collect();
    for p in parallel {
        if let Some(d) = p.next_key_date {
            out.push(Deadline {
                target_id: None,
                label: format!("{}: {}", p.kind.slug().replace('-', " "), p.status),
                due: d,
                state: timescales::due_state(today, d, DUE_SOON_DAYS),
                verify: false,
                met: None,
            });
        }
    }
    out.sort_by_key(|d| d.due);
    out
}

/// How many checks of the catalogue apply in one nation up to each phase, for the review
/// itself and for each person: counted once per nation, not once per review.
#[derive(Debug, Clone, Copy)]
pub struct Applicable {
    review: [usize; 8],
    member: [usize; 8],
}

impl Applicable {
    pub fn in_nation(nation: Nation) -> Applicable {
        let mut out = Applicable {
            review: [0; 8],
            member: [0; 8],
        };
        for c in Catalogue::embedded().for_nation(nation) {
            let counts = match c.applies_to {
                AppliesTo::Review => &mut out.review,
                AppliesTo::Member => &mut out.member,
            };
            // A check of phase p applies at every phase from p on.
            for slot in counts.iter_mut().skip(c.phase.number() as usize) {
                *slot += 1;
            }
        }
        out
    }
}

/// Open checks: those applicable up to the review's phase (review-level) and up to each open
/// person's position, less those closed (counted by the store as they are set, see
/// `store::dashboard`), so it costs an addition per person rather than a look at every check.
pub fn open_checks(
    review: &ReviewBrief,
    open_members: &[&MemberBrief],
    applicable: &Applicable,
) -> usize {
    let review_open =
        applicable.review[review.phase.number() as usize].saturating_sub(review.closed_checks);
    let members_open: usize = open_members
        .iter()
        .map(|m| applicable.member[m.position.number() as usize].saturating_sub(m.closed_checks))
        .sum();
    review_open + members_open
}

impl Workbook {
    /// Every review's summary, from the short rows kept for it (`store::dashboard`).
    pub fn dashboard(&self) -> Result<Dashboard> {
        self.overview(None)
    }

    /// The dashboard; with `due`, also every deadline not met and every update owed as
    /// Due items, and the people and reviews the rest of the Due list names (`workbook::due`).
    pub(crate) fn overview(&self, gather: Option<&mut super::due::Gathered>) -> Result<Dashboard> {
        self.overview_of(&store::dashboard::Selection::default(), gather)
    }

    /// The dashboard of the reviews `sel` picks (the store applies it in SQL, so reviews
    /// left out, and their people, are not read).
    pub(crate) fn overview_of(
        &self,
        sel: &store::dashboard::Selection,
        mut gather: Option<&mut super::due::Gathered>,
    ) -> Result<Dashboard> {
        let conn = self.store.conn();
        let today = self.today;
        let reviews = store::dashboard::reviews_selected(conn, sel)?;
        // People in review order (ids stay in order within a review): each review's people
        // are then one slice, found by walking both lists together.
        let mut members = store::dashboard::members_selected(conn, sel)?;
        members.sort_by_key(|m| m.review_id);
        let mut rest: &[MemberBrief] = &members;
        // What is read across reviews: only for those listed, when the selection lists them
        // (after this connection's own writes, the reviews they changed).
        let only = sel.ids.as_deref();
        let guarded = store::dashboard::restrictions_and_clearances(conn, only)?;
        let mut parallel: HashMap<i64, Vec<ParallelProcess>> = HashMap::new();
        for p in store::records::matching_in::<ParallelProcess>(conn, "1", only)? {
            parallel.entry(p.review_id).or_default().push(p);
        }
        let vocabulary = super::views::vocabulary()?;
        let marked = store::reviews::targets_met(conn, only)?;
        let waiting = store::voice::waiting(conn, only)?;
        let draft_shown = store::voice::draft_shown(conn, only)?;

        let mut applicable: HashMap<Nation, Applicable> = HashMap::new();
        let mut out = Vec::with_capacity(reviews.len());
        for review in reviews {
            // Both lists are in review order; people of a review that is not listed (there
            // can be none: they go with it) are passed over.
            while rest.first().is_some_and(|m| m.review_id < review.id) {
                rest = &rest[1..];
            }
            let n = rest.iter().take_while(|m| m.review_id == review.id).count();
            let (ms, after) = rest.split_at(n);
            rest = after;
            let pp = parallel.get(&review.id).map(Vec::as_slice).unwrap_or(&[]);
            let mm = marked.get(&review.id).map(Vec::as_slice).unwrap_or(&[]);
            let all_deadlines = deadlines(review.review_type, &review.key_dates, mm, pp, today);
            if let Some(g) = gather.as_deref_mut() {
                g.review(&review, ms, &all_deadlines);
            }
            let mut updates_overdue = Vec::new();
            let mut updates_due_soon = Vec::new();
            let mut awaiting_clearance = Vec::new();
            let mut draft_not_shared = Vec::new();
            let mut open_members = Vec::with_capacity(ms.len());
            for m in ms {
                if m.status.expects_updates() {
                    let cadence =
                        update_cadence(m.terms_cadence, m.cadence, review.update_cadence_days);
                    let due = timescales::next_update_due(
                        m.last_reached,
                        m.since.unwrap_or(today),
                        cadence,
                    );
                    let state = timescales::due_state(today, due, DUE_SOON_DAYS);
                    if let Some(g) = gather.as_deref_mut() {
                        g.update(&review, m, due);
                    }
                    let list = match state {
                        DueState::Overdue { .. } => Some(&mut updates_overdue),
                        DueState::DueSoon { .. } => Some(&mut updates_due_soon),
                        DueState::Later { .. } => None,
                    };
                    if let Some(list) = list {
                        list.push(UpdateDue {
                            member_id: m.id,
                            name: m.display_name.clone(),
                            last_reached: m.last_reached,
                            due,
                            state,
                        });
                    }
                }
                if !m.status.is_closed() {
                    open_members.push(m);
                    let refused = guarded
                        .get(&m.id)
                        .is_some_and(|(r, c)| safety::may_contact_under(r, c, today).is_err());
                    if refused {
                        awaiting_clearance.push((m.id, m.display_name.clone()));
                    }
                    if m.wants_draft && !draft_shown.contains(&(review.id, m.id)) {
                        draft_not_shared.push((m.id, m.display_name.clone()));
                    }
                }
            }
            // Soonest first, whatever order the people were added in.
            updates_overdue.sort_by_key(|u| (u.due, u.member_id));
            updates_due_soon.sort_by_key(|u| (u.due, u.member_id));
            let open_checks = open_checks(
                &review,
                &open_members,
                applicable
                    .entry(review.nation)
                    .or_insert_with(|| Applicable::in_nation(review.nation)),
            );
            out.push(ReviewSummary {
                id: review.id,
                review_name: vocabulary.review_name(review.review_type),
                reference: review.reference,
                nation: review.nation,
                review_type: review.review_type,
                pseudonym: review.pseudonym,
                phase: review.phase,
                phase_label: review.phase.label(),
                members: ms.len(),
                next_deadline: next_deadline(&all_deadlines, today).cloned(),
                overdue_deadlines: overdue_deadlines(&all_deadlines, today),
                updates_overdue,
                updates_due_soon,
                open_checks,
                awaiting_clearance,
                retention_overdue: review.retention_until.is_some_and(|d| d < today),
                questions_waiting: waiting.get(&review.id).map_or(0, |w| w.questions),
                oldest_question_days: waiting
                    .get(&review.id)
                    .and_then(|w| w.oldest_question)
                    .map(|d| (today - d).num_days()),
                comments_awaiting: waiting.get(&review.id).map_or(0, |w| w.comments),
                draft_not_shared,
            });
        }
        Ok(Dashboard {
            today,
            reviews: out,
        })
    }

    /// Contacts of one review, for views that need them with people's names.
    pub fn review_contacts(&self, review_id: i64) -> Result<Vec<Contact>> {
        self.contacts(review_id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn applicable_counts_match_the_catalogue() {
        for nation in [
            Nation::England,
            Nation::Wales,
            Nation::Scotland,
            Nation::NorthernIreland,
        ] {
            let a = Applicable::in_nation(nation);
            for p in Phase::ALL {
                let count = |scope: AppliesTo| {
                    Catalogue::embedded()
                        .for_nation(nation)
                        .filter(|c| c.applies_to == scope && c.phase <= p)
                        .count()
                };
                let i = p.number() as usize;
                assert_eq!(a.review[i], count(AppliesTo::Review), "{nation:?} {p:?}");
                assert_eq!(a.member[i], count(AppliesTo::Member), "{nation:?} {p:?}");
            }
        }
    }
}
