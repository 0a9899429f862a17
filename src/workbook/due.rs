//! The Due list: everything the author must act by, across reviews or in one, sorted by
//! date, each with how long until or how long overdue and the record it comes from. The
//! deadlines and updates owed are the dashboard's own (gathered on the same pass, so the two
//! can never disagree), and so is the rest, read through `store::due`: the whole list is
//! kept with the pass, and after this connection's own writes only the reviews they changed
//! are read again. The rules are `domain::due`'s.

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::Serialize;

use super::dashboard::Deadline;
use super::Workbook;
use crate::domain::dates::long;
use crate::domain::due::{self, DueItem, DueKind, DueRecord};
use crate::domain::timescales::DueState;
use crate::error::{Error, Result};
use crate::store;
use crate::store::dashboard::{MemberBrief, ReviewBrief};

/// Which part of the list to show.
#[derive(Debug, Clone, Copy, Default)]
pub struct DueOptions<'a> {
    /// Items due within this many days of today, and everything overdue; `None` for all.
    pub within_days: Option<i64>,
    /// One review only (its reference or id).
    pub review: Option<&'a str>,
}

/// The list, with the counts the app shows when it is unlocked.
#[derive(Debug, Clone, Serialize)]
pub struct DueList {
    pub today: NaiveDate,
    pub within_days: Option<i64>,
    pub items: Vec<DueItem>,
    pub overdue: usize,
    pub due_today: usize,
    /// Due in the next seven days, today included.
    pub due_this_week: usize,
    /// Items left off the end by [`Workbook::due_first`] (the counts still count them).
    pub more: usize,
}

/// How many items a page of the desktop's Due list shows.
pub const PER_PAGE: usize = 50;

/// One page of the list, with the counts of the whole: what the desktop's Due page shows, so
/// its payload and its page stay small however much is due (the CLI's `due --json` keeps the
/// whole [`DueList`]).
#[derive(Debug, Clone, Serialize)]
pub struct DuePage {
    pub today: NaiveDate,
    pub within_days: Option<i64>,
    pub overdue: usize,
    pub due_today: usize,
    /// Due in the next seven days, today included.
    pub due_this_week: usize,
    /// Items in the whole list.
    pub total: usize,
    /// This page (from 1; a page past the last shows the last).
    pub page: usize,
    pub pages: usize,
    pub per_page: usize,
    /// This page's items, in the list's order.
    pub items: Vec<DueItem>,
}

/// The counts of a whole list, however little of it is shown.
#[derive(Debug, Clone, Copy)]
struct Counts {
    overdue: usize,
    due_today: usize,
    due_this_week: usize,
}

/// What one pass over the dashboard's rows gives the Due list (and the calendar).
#[derive(Clone)]
pub(crate) struct Gathered {
    today: NaiveDate,
    pub(crate) items: Vec<DueItem>,
    /// Review id → (reference, update cadence in days).
    pub(crate) reviews: HashMap<i64, (String, u32)>,
    /// Member id → (name, last reached, involvement closed).
    people: HashMap<i64, (String, Option<NaiveDate>, bool)>,
}

impl Gathered {
    pub(crate) fn new(today: NaiveDate) -> Gathered {
        Gathered {
            today,
            items: Vec::new(),
            reviews: HashMap::new(),
            people: HashMap::new(),
        }
    }

    fn today(&self) -> NaiveDate {
        self.today
    }

    /// What was gathered for the reviews `changed` picks, replaced by `fresh` (gathered for
    /// them alone). The names of people deleted stay behind, asked for by nothing.
    fn replace(&mut self, changed: &dyn Fn(&i64) -> bool, fresh: Gathered) {
        self.items.retain(|i| !changed(&i.review_id));
        self.items.extend(fresh.items);
        self.reviews.retain(|id, _| !changed(id));
        self.reviews.extend(fresh.reviews);
        self.people.extend(fresh.people);
    }

    /// A review's deadlines not yet met, and the names of its people.
    pub(crate) fn review(
        &mut self,
        review: &ReviewBrief,
        people: &[MemberBrief],
        all: &[Deadline],
    ) {
        self.reviews.insert(
            review.id,
            (review.reference.clone(), review.update_cadence_days),
        );
        for m in people {
            self.people.insert(
                m.id,
                (m.display_name.clone(), m.last_reached, m.status.is_closed()),
            );
        }
        let today = self.today();
        for d in all.iter().filter(|d| !d.is_met()) {
            self.items.push(DueItem::new(
                today,
                d.due,
                DueKind::Deadline,
                d.label.clone(),
                (review.id, &review.reference),
                None,
                DueRecord {
                    // A statutory or local target, or a parallel process's key date (whose
                    // label may say more than a calendar should).
                    kind: if d.target_id.is_some() {
                        "target"
                    } else {
                        "parallel"
                    },
                    id: review.id,
                },
            ));
        }
    }

    /// An update owed to a person.
    pub(crate) fn update(&mut self, review: &ReviewBrief, m: &MemberBrief, due: NaiveDate) {
        let what = match m.last_reached {
            Some(d) => format!("An update (last reached {})", long(d)),
            None => "An update (not reached yet)".to_string(),
        };
        let today = self.today();
        self.items.push(DueItem::new(
            today,
            due,
            DueKind::Update,
            what,
            (review.id, &review.reference),
            Some((m.id, &m.display_name)),
            DueRecord {
                kind: "member",
                id: m.id,
            },
        ));
    }

    fn push(
        &mut self,
        due: NaiveDate,
        kind: DueKind,
        what: String,
        review_id: i64,
        member_id: Option<i64>,
        record: DueRecord,
    ) {
        let today = self.today();
        let Some((reference, _)) = self.reviews.get(&review_id) else {
            return;
        };
        let member = member_id.and_then(|id| self.people.get(&id).map(|p| (id, p.0.as_str())));
        let item = DueItem::new(
            today,
            due,
            kind,
            what,
            (review_id, reference),
            member,
            record,
        );
        self.items.push(item);
    }
}

impl Workbook {
    /// The deadlines not met and the updates owed, with every review's reference and every
    /// person's name, from one pass over the dashboard's rows.
    pub(crate) fn gather_due(&self) -> Result<Gathered> {
        Ok(self.full_pass()?.gathered.clone())
    }

    /// The pass over every review and person that the Due list and the dashboard's first
    /// page share (see `memo::Pass`), with everything due in them, kept while the workbook
    /// is unchanged.
    ///
    /// After this connection's own writes, only the reviews they changed are read again
    /// (`store::changes`) and put in place of what the last pass held for them.
    pub(crate) fn full_pass(&self) -> Result<std::sync::Arc<super::memo::Pass>> {
        let version = self.version()?;
        if let Some(pass) = self.memo.pass(version) {
            return Ok(pass);
        }
        let earlier = self.memo.take_pass();
        let changed = store::changes::take(self.store.conn())?;
        let mut pass = match earlier {
            Some((at, pass)) if at.only_own_writes_before(&version) && !changed.everything => {
                self.updated_pass(pass, &changed.reviews)?
            }
            _ => {
                let mut gathered = Gathered::new(self.today);
                let dashboard = self.overview(Some(&mut gathered))?;
                self.gather_records(None, &mut gathered)?;
                super::memo::Pass {
                    read: dashboard.reviews.len(),
                    dashboard,
                    gathered,
                }
            }
        };
        // In the list's order, so that a list is a filter of it. After an update the items
        // kept are in order already and those read again few: the sort finds the runs.
        due::sort(&mut pass.gathered.items);
        let pass = std::sync::Arc::new(pass);
        // Taking the changes noted is itself a change: keep the pass as of now.
        self.memo.keep_pass(self.version()?, &pass);
        Ok(pass)
    }

    /// `pass` with the reviews `changed` (by id, in order) read again: those deleted gone,
    /// those added put in their place.
    fn updated_pass(
        &self,
        pass: std::sync::Arc<super::memo::Pass>,
        changed: &[i64],
    ) -> Result<super::memo::Pass> {
        let mut pass = std::sync::Arc::try_unwrap(pass).unwrap_or_else(|p| (*p).clone());
        pass.read = 0;
        if changed.is_empty() {
            return Ok(pass);
        }
        let sel = store::dashboard::Selection {
            ids: Some(changed.to_vec()),
            ..Default::default()
        };
        let mut gathered = Gathered::new(self.today);
        let fresh = self.overview_of(&sel, Some(&mut gathered))?;
        self.gather_records(Some(changed), &mut gathered)?;
        pass.read = fresh.reviews.len();
        let is_changed = |id: &i64| changed.binary_search(id).is_ok();
        let reviews = &mut pass.dashboard.reviews;
        reviews.retain(|r| !is_changed(&r.id));
        reviews.extend(fresh.reviews);
        reviews.sort_by_key(|r| r.id);
        pass.gathered.replace(&is_changed, gathered);
        Ok(pass)
    }

    /// How many reviews the last pass read: all of them, or, after this connection's own
    /// writes, only those changed. For tests and benchmarks.
    #[doc(hidden)]
    pub fn reviews_read_by_last_pass(&self) -> Option<usize> {
        self.memo.last_read()
    }

    /// Everything due (see the module), within `opts`.
    pub fn due(&self, opts: &DueOptions) -> Result<DueList> {
        self.due_first(opts, usize::MAX)
    }

    /// The list within `opts`, with the counts of the whole, but only its first `n` items
    /// (the soonest): what the dashboard shows, without copying the rest. How many were
    /// left off is in `more`.
    pub fn due_first(&self, opts: &DueOptions, n: usize) -> Result<DueList> {
        self.picked(opts, |counts, items| DueList {
            today: self.today,
            within_days: opts.within_days,
            overdue: counts.overdue,
            due_today: counts.due_today,
            due_this_week: counts.due_this_week,
            more: items.len().saturating_sub(n),
            items: items.iter().take(n).map(|i| (*i).clone()).collect(),
        })
    }

    /// Page `page` (from 1; past the last, the last) of [`PER_PAGE`] items of the list
    /// within `opts`, with the counts of the whole.
    pub fn due_page(&self, opts: &DueOptions, page: usize) -> Result<DuePage> {
        self.picked(opts, |counts, items| {
            let total = items.len();
            let pages = total.div_ceil(PER_PAGE).max(1);
            let page = page.clamp(1, pages);
            DuePage {
                today: self.today,
                within_days: opts.within_days,
                overdue: counts.overdue,
                due_today: counts.due_today,
                due_this_week: counts.due_this_week,
                total,
                page,
                pages,
                per_page: PER_PAGE,
                items: items
                    .iter()
                    .skip((page - 1) * PER_PAGE)
                    .take(PER_PAGE)
                    .map(|i| (*i).clone())
                    .collect(),
            }
        })
    }

    /// What is due within `opts`, in the list's order, and its counts, given to `f`: a
    /// filter of the pass's items (kept in that order), nothing copied.
    fn picked<T>(&self, opts: &DueOptions, f: impl FnOnce(Counts, &[&DueItem]) -> T) -> Result<T> {
        if let Some(days) = opts.within_days.filter(|d| *d < 0) {
            return Err(Error::invalid(
                "days",
                format!("The number of days ahead must be 0 or more (got {days})"),
            ));
        }
        let only = match opts.review {
            Some(key) => Some(self.review(key)?.id),
            None => None,
        };
        let pass = self.full_pass()?;
        let g = &pass.gathered;
        // People whose involvement has ended are owed nothing more, except a deadline.
        let closed = |item: &DueItem| {
            item.member_id
                .and_then(|id| g.people.get(&id))
                .is_some_and(|p| p.2)
        };
        let items: Vec<&DueItem> = g
            .items
            .iter()
            .filter(|i| only.is_none_or(|r| i.review_id == r))
            .filter(|i| i.kind == DueKind::Deadline || !closed(i))
            .filter(|i| i.within(opts.within_days))
            .collect();
        let days = |i: &&DueItem| match i.state {
            DueState::Overdue { .. } => None,
            DueState::DueSoon { days_left } | DueState::Later { days_left } => Some(days_left),
        };
        let counts = Counts {
            overdue: items.iter().filter(|i| days(i).is_none()).count(),
            due_today: items.iter().filter(|i| days(i) == Some(0)).count(),
            due_this_week: items
                .iter()
                .filter(|i| days(i).is_some_and(|d| d < 7))
                .count(),
        };
        Ok(f(counts, &items))
    }

    /// Into `g` (which holds the reviews' deadlines and people already): everything else
    /// due in the reviews `reviews` picks (all, or those listed by id): planned visits,
    /// follow-ups, decisions to look at again, questions waiting, comments on a draft and
    /// feedback forms.
    pub(crate) fn gather_records(&self, reviews: Option<&[i64]>, g: &mut Gathered) -> Result<()> {
        let conn = self.store.conn();
        let today = self.today;
        for c in store::due::planned(conn, reviews)? {
            if let Some(date) = due::planned(&c) {
                let when = c.time.map_or_else(
                    || long(date),
                    |t| format!("{}, {}", long(date), t.format("%H:%M")),
                );
                let what = if date < today {
                    format!(
                        "{} planned for {when}: record what happened",
                        due::PlannedKind::of(c.mode).words()
                    )
                } else {
                    format!(
                        "{} planned for {when}",
                        due::PlannedKind::of(c.mode).words()
                    )
                };
                g.push(
                    date,
                    DueKind::PlannedVisit,
                    what,
                    c.review_id,
                    Some(c.member_id),
                    DueRecord {
                        kind: "contact",
                        id: c.id,
                    },
                );
            }
        }
        for c in store::due::follow_ups(conn, reviews)? {
            let last = g.people.get(&c.member_id).and_then(|p| p.1);
            if let Some(date) = due::follow_up_open(&c, last) {
                let what = c
                    .follow_up
                    .clone()
                    .unwrap_or_else(|| format!("Follow up the contact of {}", long(c.date)));
                g.push(
                    date,
                    DueKind::FollowUp,
                    what,
                    c.review_id,
                    Some(c.member_id),
                    DueRecord {
                        kind: "contact",
                        id: c.id,
                    },
                );
            }
        }
        let mut decisions: HashMap<i64, Vec<crate::domain::records::Decision>> = HashMap::new();
        for d in store::due::decisions(conn, reviews)? {
            decisions.entry(d.review_id).or_default().push(d);
        }
        for same_review in decisions.values() {
            for d in same_review {
                if let Some(date) = due::decision_review(d, same_review) {
                    let what = format!(
                        "Look again at: {}",
                        crate::domain::text::truncate(&d.decision, 120)
                    );
                    g.push(
                        date,
                        DueKind::DecisionReview,
                        what,
                        d.review_id,
                        d.member_ids.first().copied(),
                        DueRecord {
                            kind: "decision",
                            id: d.id,
                        },
                    );
                }
            }
        }
        for q in store::due::waiting_questions(conn, reviews)? {
            let cadence = g.reviews.get(&q.review_id).map_or(28, |r| r.1);
            let what = format!(
                "An answer, or word of where it stands: “{}”",
                crate::domain::text::truncate(&q.words, 120)
            );
            g.push(
                due::question_due(q.asked_on, cadence),
                DueKind::Question,
                what,
                q.review_id,
                q.asked_by.first().copied(),
                DueRecord {
                    kind: "question",
                    id: q.id,
                },
            );
        }
        for s in store::due::sessions(conn, reviews)? {
            let awaiting = s.comments.iter().filter(|c| c.awaiting_response()).count();
            let first = s.member_ids.first().copied();
            if awaiting > 0 {
                let what = format!(
                    "{} on {} awaiting the review’s response",
                    if awaiting == 1 {
                        "1 comment".to_string()
                    } else {
                        format!("{awaiting} comments")
                    },
                    s.draft_version
                );
                g.push(
                    s.comments_due.unwrap_or(s.date),
                    DueKind::CommentsAwaiting,
                    what,
                    s.review_id,
                    first,
                    DueRecord {
                        kind: "session",
                        id: s.id,
                    },
                );
            } else if let (Some(by), true) = (s.comments_due, s.comments.is_empty()) {
                let what = format!("Their comments on {}", s.draft_version);
                g.push(
                    by,
                    DueKind::CommentsDue,
                    what,
                    s.review_id,
                    first,
                    DueRecord {
                        kind: "session",
                        id: s.id,
                    },
                );
            }
        }
        // Each person's latest returned feedback, so a form is matched in one lookup.
        let returned = store::due::latest_returns(conn, reviews)?;
        for f in store::due::feedback_forms(conn, reviews)? {
            let back = returned
                .get(&f.member_id)
                .is_some_and(|latest| *latest >= f.made_on);
            if let Some(date) = due::feedback_due(f.made_on, back) {
                let what = format!("The feedback form sent {}", long(f.made_on));
                g.push(
                    date,
                    DueKind::FeedbackForm,
                    what,
                    f.review_id,
                    Some(f.member_id),
                    DueRecord {
                        kind: "document",
                        id: f.id,
                    },
                );
            }
        }

        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The first few and a page carry the items of the whole list at their place, and the
    /// counts of the whole; past the last page is the last, before the first the first.
    #[test]
    fn the_first_few_and_a_page_are_parts_of_the_whole_list() {
        const PASS: &str = "due test passphrase";
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("due.kindred");
        crate::workbook::demo::scaled(&path, PASS, 12, |_| {}).expect("demo");
        let wb = Workbook::open(&path, PASS).expect("open");
        let all = DueOptions::default();
        let whole = wb.due(&all).expect("due");
        assert!(whole.items.len() > PER_PAGE, "more than a page is due");
        assert_eq!(whole.more, 0);
        let counts = |l: &DueList| (l.overdue, l.due_today, l.due_this_week);
        let first = wb.due_first(&all, 10).expect("first");
        assert_eq!(first.items, whole.items[..10].to_vec());
        assert_eq!(first.more, whole.items.len() - 10);
        assert_eq!(counts(&first), counts(&whole));
        let page = wb.due_page(&all, 2).expect("page 2");
        assert_eq!(
            (page.total, page.page, page.per_page),
            (whole.items.len(), 2, PER_PAGE)
        );
        let end = (2 * PER_PAGE).min(whole.items.len());
        assert_eq!(page.items, whole.items[PER_PAGE..end].to_vec());
        assert_eq!(
            (page.overdue, page.due_today, page.due_this_week),
            counts(&whole)
        );
        let last = wb.due_page(&all, 9999).expect("past the last");
        assert_eq!(last.page, last.pages);
        assert_eq!(wb.due_page(&all, 0).expect("page 0").page, 1);
        let soon = DueOptions {
            within_days: Some(14),
            ..all
        };
        let within = wb.due(&soon).expect("14 days");
        assert_eq!(
            wb.due_first(&soon, 5).expect("first of 14 days").items,
            within.items[..5.min(within.items.len())].to_vec()
        );
    }

    /// A feedback form made for someone is due back four weeks later, and stays due until
    /// that person returns feedback on or after the day it was made (an anonymous return,
    /// or one from before, settles nothing).
    #[test]
    fn a_feedback_form_is_due_until_its_person_returns_feedback() {
        use crate::domain::records::{DocumentIssued, DocumentKind, Feedback, FeedbackStage};
        const PASS: &str = "due test passphrase";
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("due.kindred");
        crate::workbook::demo::standard(&path, PASS).expect("demo");
        let mut wb = Workbook::open(&path, PASS).expect("open");
        let review = wb.reviews().expect("reviews")[0].id;
        let member = wb.members(review).expect("members")[0].id;
        let made = wb.today - chrono::Days::new(40);
        let form = wb
            .store
            .write(|tx| {
                store::records::insert(
                    tx,
                    &DocumentIssued {
                        id: 0,
                        review_id: review,
                        member_id: Some(member),
                        kind: DocumentKind::FeedbackForm,
                        variant: "standard".into(),
                        language: "en".into(),
                        wording_version: "test".into(),
                        made_at: made.and_time(chrono::NaiveTime::MIN),
                        contact_id: None,
                        override_reason: None,
                        pages: 4,
                        file: None,
                    },
                )
            })
            .expect("form");
        let forms = |wb: &Workbook| -> Vec<DueItem> {
            wb.due(&DueOptions::default())
                .expect("due")
                .items
                .into_iter()
                .filter(|i| i.kind == DueKind::FeedbackForm)
                .collect()
        };
        let due = forms(&wb);
        assert_eq!(due.len(), 1, "{due:#?}");
        assert_eq!(due[0].due, made + chrono::Days::new(28));
        assert_eq!((due[0].record.id, due[0].member_id), (form, Some(member)));
        assert!(matches!(due[0].state, DueState::Overdue { days_late: 12 }));
        let back = |wb: &mut Workbook, who: Option<i64>, on: NaiveDate| {
            wb.store
                .write(|tx| {
                    store::records::insert(
                        tx,
                        &Feedback {
                            id: 0,
                            review_id: review,
                            member_id: who,
                            stage: FeedbackStage::AfterFindings,
                            received_on: on,
                            channel: None,
                            responses: Default::default(),
                            follow_up_requested: false,
                            passed_to_partnership: false,
                        },
                    )
                })
                .expect("feedback");
        };
        back(&mut wb, None, made + chrono::Days::new(5));
        back(&mut wb, Some(member), made - chrono::Days::new(1));
        assert_eq!(forms(&wb).len(), 1, "nothing that settles it yet");
        back(&mut wb, Some(member), made);
        assert!(forms(&wb).is_empty(), "returned on the day it was made");
    }

    #[test]
    fn an_empty_list_is_one_empty_page() {
        let dir = tempfile::tempdir().expect("temp dir");
        let wb = Workbook::create(&dir.path().join("empty.kindred"), "due test passphrase")
            .expect("create");
        let page = wb.due_page(&DueOptions::default(), 5).expect("page");
        assert_eq!((page.total, page.pages, page.page), (0, 1, 1));
        assert!(page.items.is_empty());
    }
}
