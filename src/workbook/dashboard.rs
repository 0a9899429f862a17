//! The dashboard: across every review, what is open, what is overdue and what is unsafe.
//!
//! Built from a handful of workbook-wide queries (not one query per review or person), so it
//! stays fast on a workbook of thousands of reviews.

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::Serialize;

use super::Workbook;
use crate::domain::catalogue::{AppliesTo, Catalogue};
use crate::domain::member::{Involvement, Member};
use crate::domain::nation::{Nation, ReviewType};
use crate::domain::phase::Phase;
use crate::domain::records::{Contact, ParallelProcess};
use crate::domain::review::Review;
use crate::domain::safety;
use crate::domain::timescales::{self, DueState, HolidayCalendar, TargetSet};
use crate::error::Result;
use crate::store;

/// Days ahead that count as "due soon".
pub const DUE_SOON_DAYS: i64 = 14;

#[derive(Debug, Clone, Serialize)]
pub struct Deadline {
    pub label: String,
    pub due: NaiveDate,
    pub state: DueState,
    /// The target is recalled rather than quoted: check it against current guidance.
    pub verify: bool,
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
}

#[derive(Debug, Clone, Serialize)]
pub struct Dashboard {
    pub today: NaiveDate,
    pub reviews: Vec<ReviewSummary>,
}

/// When each person's next update is due, from the cadence in their latest terms of
/// engagement (`terms_cadence`), else their own, else the review's.
pub fn update_due(
    member: &Member,
    review: &Review,
    terms_cadence: Option<u32>,
    last_reached: Option<NaiveDate>,
    since: NaiveDate,
) -> NaiveDate {
    let cadence = terms_cadence
        .or(member.details.update_cadence_days)
        .unwrap_or(review.update_cadence_days);
    timescales::next_update_due(last_reached, since, cadence)
}

/// People the author is in touch with: approached or involved.
pub fn expects_updates(m: &Member) -> bool {
    matches!(
        m.involvement,
        Involvement::Approached | Involvement::Involved
    )
}

/// Statutory targets and other dated items for one review, soonest first.
pub fn deadlines(review: &Review, parallel: &[ParallelProcess], today: NaiveDate) -> Vec<Deadline> {
    let cal = HolidayCalendar::embedded();
    let mut out: Vec<Deadline> = TargetSet::embedded()
        .for_review(review.review_type)
        .filter_map(|t| {
            let from = review.key_dates.get(&t.from)?;
            let due = t.due(*from, cal).ok()?;
            Some(Deadline {
                label: t.label.clone(),
                due,
                state: timescales::due_state(today, due, DUE_SOON_DAYS),
                verify: t.verify,
            })
        })
        .collect();
    for p in parallel {
        if let Some(d) = p.next_key_date {
            out.push(Deadline {
                label: format!("{}: {}", p.kind.slug().replace('-', " "), p.status),
                due: d,
                state: timescales::due_state(today, d, DUE_SOON_DAYS),
                verify: false,
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

/// Open checks up to the review's phase (review-level) and each person's position.
///
/// Counted as "applicable" minus "closed" (`closed`: the checks with a status other than
/// to do, as (check id, member id or 0)), so it costs a few additions per person rather
/// than a lookup per check and person.
pub fn open_checks(
    review: &Review,
    members: &[&Member],
    closed: &[(String, i64)],
    applicable: &Applicable,
) -> usize {
    let catalogue = Catalogue::embedded();
    let open_members: Vec<&&Member> = members
        .iter()
        .filter(|m| !m.involvement.is_closed())
        .collect();
    let mut n = applicable.review[review.phase.number() as usize]
        + open_members
            .iter()
            .map(|m| applicable.member[m.position.number() as usize])
            .sum::<usize>();
    let position: HashMap<i64, Phase> = open_members.iter().map(|m| (m.id, m.position)).collect();
    for (check_id, member_id) in closed {
        let Some(c) = catalogue.get(check_id) else {
            continue;
        };
        if !c.applies_in(review.nation) {
            continue;
        }
        let counted = match (c.applies_to, *member_id) {
            (AppliesTo::Review, 0) => c.phase <= review.phase,
            (AppliesTo::Member, m) if m != 0 => position.get(&m).is_some_and(|p| c.phase <= *p),
            _ => false,
        };
        if counted {
            n -= 1;
        }
    }
    n
}

impl Workbook {
    pub fn dashboard(&self) -> Result<Dashboard> {
        let conn = self.store.conn();
        let today = self.today;
        let reviews = store::reviews::all(conn)?;

        let mut members: HashMap<i64, Vec<Member>> = HashMap::new();
        let (summaries, created_at) = store::members::summaries(conn)?;
        let created: HashMap<i64, NaiveDate> = created_at
            .into_iter()
            .filter_map(|(id, d)| iso_date(&d).map(|d| (id, d)))
            .collect();
        for m in summaries {
            members.entry(m.review_id).or_default().push(m);
        }
        let mut last_reached: HashMap<i64, NaiveDate> = HashMap::new();
        {
            // Kept by triggers with every contact (schema 5).
            let mut stmt = conn.prepare("SELECT member_id, date FROM last_reached")?;
            let mut rows = stmt.query([])?;
            while let Some(r) = rows.next()? {
                let d: String = r.get(1)?;
                if let Some(d) = iso_date(&d) {
                    last_reached.insert(r.get(0)?, d);
                }
            }
        }
        let latest_cadence = store::members::latest_terms_cadence(conn)?;
        let closed = store::records::closed_checks(conn)?;
        let mut parallel: HashMap<i64, Vec<ParallelProcess>> = HashMap::new();
        for p in store::records::all::<ParallelProcess>(conn)? {
            parallel.entry(p.review_id).or_default().push(p);
        }

        let mut applicable: HashMap<Nation, Applicable> = HashMap::new();
        let mut out = Vec::with_capacity(reviews.len());
        for review in &reviews {
            let ms: Vec<&Member> = members
                .get(&review.id)
                .map(|v| v.iter().collect())
                .unwrap_or_default();
            let pp = parallel.get(&review.id).map(Vec::as_slice).unwrap_or(&[]);
            let all_deadlines = deadlines(review, pp, today);
            let mut updates_overdue = Vec::new();
            let mut updates_due_soon = Vec::new();
            for m in ms.iter().filter(|m| expects_updates(m)) {
                let last = last_reached.get(&m.id).copied();
                let since = created.get(&m.id).copied().unwrap_or(today);
                let cadence = latest_cadence.get(&m.id).copied().flatten();
                let due = update_due(m, review, cadence, last, since);
                let u = UpdateDue {
                    member_id: m.id,
                    name: m.details.display_name().to_string(),
                    last_reached: last,
                    due,
                    state: timescales::due_state(today, due, DUE_SOON_DAYS),
                };
                match u.state {
                    DueState::Overdue { .. } => updates_overdue.push(u),
                    DueState::DueSoon { .. } => updates_due_soon.push(u),
                    DueState::Later { .. } => {}
                }
            }
            out.push(ReviewSummary {
                id: review.id,
                reference: review.reference.clone(),
                nation: review.nation,
                review_type: review.review_type,
                review_name: crate::domain::catalogue::Vocabulary::embedded()
                    .review_name(review.review_type),
                pseudonym: review.pseudonym.clone(),
                phase: review.phase,
                phase_label: review.phase.label(),
                members: ms.len(),
                next_deadline: all_deadlines.iter().find(|d| d.due >= today).cloned(),
                overdue_deadlines: all_deadlines
                    .iter()
                    .filter(|d| d.due < today)
                    .cloned()
                    .collect(),
                updates_overdue,
                updates_due_soon,
                open_checks: open_checks(
                    review,
                    &ms,
                    closed.get(&review.id).map(Vec::as_slice).unwrap_or(&[]),
                    applicable
                        .entry(review.nation)
                        .or_insert_with(|| Applicable::in_nation(review.nation)),
                ),
                awaiting_clearance: ms
                    .iter()
                    .filter(|m| {
                        !m.involvement.is_closed() && safety::may_contact(m, today).is_err()
                    })
                    .map(|m| (m.id, m.details.display_name().to_string()))
                    .collect(),
                retention_overdue: review.retention_until.is_some_and(|d| d < today),
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

/// `YYYY-MM-DD` as stored by the workbook, read without a format parser (the dashboard reads
/// two dates per person). Anything else is `None`.
fn iso_date(s: &str) -> Option<NaiveDate> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        b[r].iter().try_fold(0u32, |acc, c| {
            c.is_ascii_digit().then(|| acc * 10 + u32::from(c - b'0'))
        })
    };
    let year = i32::try_from(num(0..4)?).ok()?;
    NaiveDate::from_ymd_opt(year, num(5..7)?, num(8..10)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_dates() {
        let check = |s: &str, want: Option<(i32, u32, u32)>| {
            let want = want.and_then(|(y, m, d)| NaiveDate::from_ymd_opt(y, m, d));
            assert_eq!(iso_date(s), want, "{s:?}");
            // The same as chrono's own parser for the stored form.
            assert_eq!(
                iso_date(s),
                s.parse::<NaiveDate>().ok().filter(|_| s.len() == 10),
                "{s:?}"
            );
        };
        check("2026-11-26", Some((2026, 11, 26)));
        check("2024-02-29", Some((2024, 2, 29)));
        check("2025-02-29", None);
        check("2026-13-01", None);
        check("2026-1-01", None);
        check("2026/11/26", None);
        check("２０２６-11-26", None);
        check("", None);
        check("2026-11-2x", None);
    }

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
