//! The dashboard as the desktop shows it: one page of reviews at a time, those that need
//! attention first, closed reviews folded away behind a count, with search and filters.
//!
//! Why: a workbook keeps every review ever recorded (a partnership's business unit or a
//! long-serving author holds years of closed ones), and the page should cost the same at
//! four reviews as at thousands. The search and filters, and the split between open and
//! closed reviews, are applied in SQL on the short rows (`store::dashboard::Selection`), so
//! closed reviews and reviews filtered out are only counted, never read; the page then
//! carries the counts and at most `per_page` reviews. The CLI's `dashboard --json` keeps
//! listing everything (`Workbook::dashboard`).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::dashboard::ReviewSummary;
use super::Workbook;
use crate::domain::nation::Nation;
use crate::domain::phase::Phase;
use crate::error::{Error, Result};
use crate::store;

/// Reviews on one page unless asked otherwise.
pub const PER_PAGE: usize = 25;
/// The most reviews one page may hold.
pub const MAX_PER_PAGE: usize = 200;

/// What to show: the search, the filters and the page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DashboardOptions {
    /// Part of a reference or of a child's pseudonym, any case; blank for all.
    pub query: Option<String>,
    pub nation: Option<Nation>,
    pub phase: Option<Phase>,
    /// Only the reviews that need attention.
    pub attention_only: bool,
    /// The closed reviews instead of the open ones.
    pub closed: bool,
    /// From 1; a page past the last shows the last.
    pub page: usize,
    pub per_page: usize,
}

impl Default for DashboardOptions {
    fn default() -> Self {
        DashboardOptions {
            query: None,
            nation: None,
            phase: None,
            attention_only: false,
            closed: false,
            page: 1,
            per_page: PER_PAGE,
        }
    }
}

/// The request as the desktop sends it, in text (a blank field is no filter).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct DashboardRequest {
    pub query: Option<String>,
    /// A nation's id, e.g. "wales".
    pub nation: Option<String>,
    /// "3" or a phase name.
    pub phase: Option<String>,
    pub attention: bool,
    pub closed: bool,
    pub page: Option<usize>,
}

impl DashboardRequest {
    pub const LABELS: &'static [(&'static str, &'static str)] = &[
        ("query", "Search by reference or pseudonym"),
        ("nation", "Nation"),
        ("phase", "Phase"),
    ];

    /// Every problem at once, named by the fields' labels.
    pub fn parse(&self) -> Result<DashboardOptions> {
        let blank = |s: &Option<String>| {
            s.as_deref()
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
        };
        let mut problems = Vec::new();
        let nation = blank(&self.nation).and_then(|n| {
            let found = Nation::parse(&n);
            if found.is_none() {
                problems.push(crate::domain::text::FieldError::new(
                    "nation",
                    format!(
                        "Nation must be England, Wales, Scotland or Northern Ireland, not {n:?}"
                    ),
                ));
            }
            found
        });
        let phase = blank(&self.phase).and_then(|p| match super::forms::phase_from_text(&p) {
            Ok(p) => Some(p),
            Err(Error::Invalid(mut e)) => {
                problems.append(&mut e);
                None
            }
            Err(_) => None,
        });
        let query = blank(&self.query);
        if query.as_ref().is_some_and(|q| q.chars().count() > 100) {
            problems.push(crate::domain::text::FieldError::new(
                "query",
                "Search by reference or pseudonym must be 100 characters or fewer",
            ));
        }
        if !problems.is_empty() {
            return Err(Error::Invalid(problems));
        }
        Ok(DashboardOptions {
            query,
            nation,
            phase,
            attention_only: self.attention,
            closed: self.closed,
            page: self.page.unwrap_or(1),
            per_page: PER_PAGE,
        })
    }
}

/// One page of the dashboard, with the counts the page shows around it.
#[derive(Debug, Clone, Serialize)]
pub struct DashboardPage {
    pub today: NaiveDate,
    /// Every review in the workbook.
    pub total: usize,
    /// Reviews still being worked on.
    pub open: usize,
    /// Closed reviews (`domain::closed`), folded away behind this count.
    pub closed: usize,
    /// Of the closed reviews, those past their retention date.
    pub closed_past_retention: usize,
    /// Reviews the search and filters match (open or closed, as asked).
    pub matching: usize,
    /// Of those, the ones that need attention (listed first).
    pub needing_attention: usize,
    /// The page shown, from 1, and how many pages there are (at least 1).
    pub page: usize,
    pub pages: usize,
    pub per_page: usize,
    pub reviews: Vec<ReviewSummary>,
}

impl ReviewSummary {
    /// Closed as `domain::closed` says (its retention date passed is `retention_overdue`).
    pub fn is_closed(&self, today: NaiveDate) -> bool {
        crate::domain::closed::is_closed(self.phase, None, today) || self.retention_overdue
    }

    /// Something is overdue, waiting on the author, or unsafe: a deadline passed, an update
    /// owed, someone awaiting clearance, the family's questions or draft comments waiting,
    /// someone who asked to see the draft not yet shown it, or the retention date passed.
    pub fn needs_attention(&self) -> bool {
        !self.overdue_deadlines.is_empty()
            || !self.updates_overdue.is_empty()
            || !self.awaiting_clearance.is_empty()
            || self.retention_overdue
            || self.questions_waiting > 0
            || self.comments_awaiting > 0
            || !self.draft_not_shared.is_empty()
    }
}

impl Workbook {
    /// One page of the dashboard: the reviews the options pick, those that need attention
    /// first (each group in the order they were created), and the counts.
    pub fn dashboard_page(&self, o: &DashboardOptions) -> Result<DashboardPage> {
        let version = self.version()?;
        if let Some(page) = self.memo.page(version, o) {
            return Ok(page);
        }
        let page = self.compute_dashboard_page(o)?;
        // Bringing the pass up to date counts as a change: keep the page as of now.
        self.memo.keep_page(self.version()?, o, &page);
        Ok(page)
    }

    /// Makes the dashboard's first page (and the pass the Due list shares) and keeps them,
    /// so that the page and the dashboard's Due list asked for next are answered from what
    /// is kept: the desktop calls it as an unlock replies, while the reply travels and the
    /// page gets ready to ask.
    pub fn prepare_dashboard(&self) -> Result<()> {
        self.dashboard_page(&DashboardOptions::default())
            .map(|_| ())
    }

    fn compute_dashboard_page(&self, o: &DashboardOptions) -> Result<DashboardPage> {
        let today = self.today;
        let counts = store::dashboard::counts(self.store.conn(), today)?;
        // The pass the Due list shares, its reviews split here as the store splits them in
        // SQL (a test holds the two ways together); a search reads only what it picks.
        let pass;
        let searched;
        let all: Vec<&ReviewSummary> =
            if o.query.is_none() && o.nation.is_none() && o.phase.is_none() {
                pass = self.full_pass()?;
                pass.dashboard
                    .reviews
                    .iter()
                    .filter(|r| r.is_closed(today) == o.closed)
                    .collect()
            } else {
                let sel = store::dashboard::Selection {
                    text: o.query.clone(),
                    nation: o.nation,
                    phase: o.phase,
                    closed: Some(o.closed),
                    today: Some(today),
                    ids: None,
                };
                searched = self.overview_of(&sel, None)?.reviews;
                searched.iter().collect()
            };
        // Only the page shown is copied out of what is kept.
        let (mut shown, rest): (Vec<&ReviewSummary>, Vec<&ReviewSummary>) =
            all.into_iter().partition(|r| r.needs_attention());
        let needing_attention = shown.len();
        if !o.attention_only {
            shown.extend(rest);
        }
        let per_page = o.per_page.clamp(1, MAX_PER_PAGE);
        let matching = shown.len();
        let pages = matching.div_ceil(per_page).max(1);
        let page = o.page.clamp(1, pages);
        let reviews = shown
            .into_iter()
            .skip((page - 1) * per_page)
            .take(per_page)
            .cloned()
            .collect();
        Ok(DashboardPage {
            today,
            total: counts.reviews,
            open: counts.reviews - counts.closed,
            closed: counts.closed,
            closed_past_retention: counts.closed_past_retention,
            matching,
            needing_attention,
            page,
            pages,
            per_page,
            reviews,
        })
    }
}
