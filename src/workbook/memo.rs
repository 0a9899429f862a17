//! The dashboard's pages as last computed, kept while the workbook stays as it was; and the
//! pass they and the Due list are made from, brought up to date after this connection's own
//! writes by reading again only the reviews they changed (`store::changes`).
//!
//! Why: both come from a pass over every review and person (about a seventh of a second on
//! a workbook of 2,000 reviews), and the author goes back to the dashboard again and again
//! without changing anything. What would change an answer is in the key: the rows this
//! connection has changed (`total_changes`, which counts every insert, update and delete,
//! those of triggers included, even when rolled back), another connection's commits
//! (`PRAGMA data_version`), the connection itself and the day. Any write at all drops every
//! page and list kept; nothing is ever served from an older workbook. The pass is kept
//! across this connection's own writes only, and brought up to date before it is used;
//! another connection's commit, a new connection or a new day means a whole new pass.

use std::sync::{Arc, Mutex};

use chrono::NaiveDate;

use super::dashboard::Dashboard;
use super::dashboard_page::{DashboardOptions, DashboardPage};
use super::due::Gathered;
use crate::store::ChangeCount;

/// Answers kept of each kind, the most recent first.
const KEPT: usize = 4;

/// The workbook's state an answer was computed from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Version {
    pub(crate) count: ChangeCount,
    pub(crate) today: NaiveDate,
}

impl Version {
    /// Whether `later` differs from this only by this connection's own writes, all of
    /// them noted review by review by `store::changes` (which began noting before them).
    pub(crate) fn only_own_writes_before(&self, later: &Version) -> bool {
        self.count.connection == later.count.connection
            && self.count.others == later.count.others
            && self.today == later.today
            && later
                .count
                .watched_from
                .is_some_and(|from| self.count.own >= from)
    }
}

/// One pass over every review and person: the dashboard of them all, and what it
/// gathered for the Due list. The dashboard's first page (open reviews, no search) and
/// the Due list are both made from it, so unlocking walks the workbook once. What is due
/// is kept in the list's order (`due::Gathered`), so a list is a filter of it.
#[derive(Clone)]
pub(crate) struct Pass {
    pub(crate) dashboard: Dashboard,
    pub(crate) gathered: Gathered,
    /// The reviews read to make it: all of them, or, brought up to date, those changed.
    pub(crate) read: usize,
}

#[derive(Default)]
struct Kept {
    version: Option<Version>,
    /// The last pass, with the version it was made at: kept across versions, so that
    /// after this connection's own writes only the reviews they changed are read again.
    pass: Option<(Version, Arc<Pass>)>,
    pages: Vec<(DashboardOptions, DashboardPage)>,
}

impl Kept {
    /// Forgets everything computed from another version.
    fn at(&mut self, version: Version) -> &mut Kept {
        if self.version != Some(version) {
            *self = Kept {
                version: Some(version),
                pass: self.pass.take(),
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

    /// The pass made at `v`, if that is the last one made.
    pub(crate) fn pass(&self, v: Version) -> Option<Arc<Pass>> {
        let kept = self.kept.lock().ok()?;
        kept.pass
            .as_ref()
            .filter(|(at, _)| *at == v)
            .map(|(_, p)| Arc::clone(p))
    }

    /// The last pass made, at whatever version, taken out (to be brought up to date).
    pub(crate) fn take_pass(&self) -> Option<(Version, Arc<Pass>)> {
        self.kept.lock().ok()?.pass.take()
    }

    /// How many reviews the last pass kept read.
    pub(crate) fn last_read(&self) -> Option<usize> {
        Some(self.kept.lock().ok()?.pass.as_ref()?.1.read)
    }

    pub(crate) fn keep_pass(&self, v: Version, pass: &Arc<Pass>) {
        if let Ok(mut kept) = self.kept.lock() {
            kept.pass = Some((v, Arc::clone(pass)));
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
            count: ChangeCount {
                connection: 1,
                own: 1,
                others: 1,
                watched_from: Some(1),
            },
            today: day,
        };
        let mut kept = Kept::default();
        kept.at(v).pages.push((
            DashboardOptions::default(),
            DashboardPage {
                today: day,
                total: 0,
                open: 0,
                closed: 0,
                closed_past_retention: 0,
                matching: 0,
                needing_attention: 0,
                page: 1,
                pages: 1,
                per_page: 25,
                reviews: Vec::new(),
            },
        ));
        assert_eq!(kept.at(v).pages.len(), 1);
        let with = |f: fn(&mut ChangeCount)| {
            let mut c = v.count;
            f(&mut c);
            Version { count: c, ..v }
        };
        for (changed, own_writes) in [
            (with(|c| c.own = 2), true),
            (with(|c| c.others = 2), false),
            (with(|c| c.connection = 2), false),
            // Written to before the notes began.
            (
                with(|c| {
                    c.own = 5;
                    c.watched_from = Some(3)
                }),
                false,
            ),
            (with(|c| c.watched_from = None), false),
            (
                Version {
                    today: day.succ_opt().expect("date"),
                    ..v
                },
                false,
            ),
        ] {
            let mut k = Kept::default();
            k.at(v).pages = kept.pages.clone();
            assert!(k.at(changed).pages.is_empty(), "{changed:?}");
            assert_eq!(
                v.only_own_writes_before(&changed),
                own_writes,
                "{changed:?}"
            );
        }
    }
}
