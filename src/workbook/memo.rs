//! The dashboard's page and the Due list as last computed, kept while the workbook stays as
//! it was.
//!
//! Why: both come from a pass over every review and person (about a seventh of a second on
//! a workbook of 2,000 reviews), and the author goes back to the dashboard again and again
//! without changing anything. What would change an answer is in the key: the rows this
//! connection has changed (`total_changes`, which counts every insert, update and delete,
//! those of triggers included, even when rolled back), another connection's commits
//! (`PRAGMA data_version`) and the day. Any write at all drops everything kept; nothing is
//! ever served from an older workbook.

use std::sync::{Arc, Mutex};

use chrono::NaiveDate;

use super::dashboard::Dashboard;
use super::dashboard_page::{DashboardOptions, DashboardPage};
use super::due::{DueList, Gathered};

/// Answers kept of each kind, the most recent first.
const KEPT: usize = 4;

/// The workbook's state an answer was computed from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Version {
    pub(crate) changes: u64,
    pub(crate) data_version: i64,
    pub(crate) today: NaiveDate,
}

/// The Due list's options, owned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct DueKey {
    pub(crate) within_days: Option<i64>,
    pub(crate) review: Option<String>,
}

/// One pass over every review and person: the dashboard of them all, and what it
/// gathered for the Due list. The dashboard's first page (open reviews, no search) and
/// the Due list are both made from it, so unlocking walks the workbook once.
pub(crate) struct Pass {
    pub(crate) dashboard: Dashboard,
    pub(crate) gathered: Gathered,
}

#[derive(Default)]
struct Kept {
    version: Option<Version>,
    pass: Option<Arc<Pass>>,
    pages: Vec<(DashboardOptions, DashboardPage)>,
    due: Vec<(DueKey, DueList)>,
}

impl Kept {
    /// Forgets everything computed from another version.
    fn at(&mut self, version: Version) -> &mut Kept {
        if self.version != Some(version) {
            *self = Kept {
                version: Some(version),
                ..Kept::default()
            };
        }
        self
    }
}

/// Answers kept for one open workbook.
#[derive(Default)]
pub(crate) struct Memo {
    kept: Mutex<Kept>,
}

/// The value kept under `key`.
fn recall<K: PartialEq, V: Clone>(list: &[(K, V)], key: &K) -> Option<V> {
    list.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone())
}

/// Puts `value` first under `key`, keeping at most [`KEPT`].
fn remember<K: PartialEq, V>(list: &mut Vec<(K, V)>, key: K, value: V) {
    list.retain(|(k, _)| *k != key);
    list.insert(0, (key, value));
    list.truncate(KEPT);
}

impl Memo {
    /// Forgets everything kept.
    pub(crate) fn forget(&self) {
        if let Ok(mut kept) = self.kept.lock() {
            *kept = Kept::default();
        }
    }

    pub(crate) fn pass(&self, v: Version) -> Option<Arc<Pass>> {
        let mut kept = self.kept.lock().ok()?;
        kept.at(v).pass.clone()
    }

    pub(crate) fn keep_pass(&self, v: Version, pass: &Arc<Pass>) {
        if let Ok(mut kept) = self.kept.lock() {
            kept.at(v).pass = Some(Arc::clone(pass));
        }
    }

    pub(crate) fn page(&self, v: Version, o: &DashboardOptions) -> Option<DashboardPage> {
        recall(&self.kept.lock().ok()?.at(v).pages, o)
    }

    pub(crate) fn keep_page(&self, v: Version, o: &DashboardOptions, page: &DashboardPage) {
        if let Ok(mut kept) = self.kept.lock() {
            remember(&mut kept.at(v).pages, o.clone(), page.clone());
        }
    }

    pub(crate) fn due(&self, v: Version, key: &DueKey) -> Option<DueList> {
        recall(&self.kept.lock().ok()?.at(v).due, key)
    }

    pub(crate) fn keep_due(&self, v: Version, key: DueKey, list: &DueList) {
        if let Ok(mut kept) = self.kept.lock() {
            remember(&mut kept.at(v).due, key, list.clone());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_the_most_recent_few_and_forgets_all_on_any_change() {
        let mut list = Vec::new();
        for n in 0..6 {
            remember(&mut list, n, n * 10);
        }
        remember(&mut list, 3, 33);
        let keys: Vec<i32> = list.iter().map(|(k, _)| *k).collect();
        assert_eq!(keys, vec![3, 5, 4, 2]);
        assert_eq!(list[0].1, 33);

        let day = NaiveDate::from_ymd_opt(2026, 11, 20).expect("date");
        let v = Version {
            changes: 1,
            data_version: 1,
            today: day,
        };
        let mut kept = Kept::default();
        kept.at(v).due.push((
            DueKey {
                within_days: None,
                review: None,
            },
            DueList {
                today: day,
                within_days: None,
                items: Vec::new(),
                overdue: 0,
                due_today: 0,
                due_this_week: 0,
                more: 0,
            },
        ));
        assert_eq!(kept.at(v).due.len(), 1);
        for changed in [
            Version { changes: 2, ..v },
            Version {
                data_version: 2,
                ..v
            },
            Version {
                today: day.succ_opt().expect("date"),
                ..v
            },
        ] {
            let mut k = Kept::default();
            k.at(v).due = kept.due.clone();
            assert!(k.at(changed).due.is_empty(), "{changed:?}");
        }
    }
}
