//! Schema migrations: SQL files applied in order by `user_version`, each in its own
//! transaction. A workbook from a newer version is refused before anything is written.

use rusqlite::Connection;

use crate::error::{Error, Result};

/// Every migration, in order; schema N is the state after the N-th file.
pub const MIGRATIONS: &[(&str, &str)] = &[
    ("0001_initial", include_str!("migrations/0001_initial.sql")),
    (
        "0002_support_feedback_documents",
        include_str!("migrations/0002_support_feedback_documents.sql"),
    ),
    (
        "0003_dashboard_indexes",
        include_str!("migrations/0003_dashboard_indexes.sql"),
    ),
    (
        "0004_audit_actor",
        include_str!("migrations/0004_audit_actor.sql"),
    ),
    (
        "0005_dashboard_covering",
        include_str!("migrations/0005_dashboard_covering.sql"),
    ),
    (
        "0006_dashboard_briefs",
        include_str!("migrations/0006_dashboard_briefs.sql"),
    ),
    (
        "0007_entered_in_error",
        include_str!("migrations/0007_entered_in_error.sql"),
    ),
    (
        "0008_targets_met",
        include_str!("migrations/0008_targets_met.sql"),
    ),
    (
        "0009_family_voice",
        include_str!("migrations/0009_family_voice.sql"),
    ),
    (
        "0010_member_age",
        include_str!("migrations/0010_member_age.sql"),
    ),
    (
        "0011_due_dates",
        include_str!("migrations/0011_due_dates.sql"),
    ),
    (
        "0012_scale_indexes",
        include_str!("migrations/0012_scale_indexes.sql"),
    ),
    (
        "0013_brief_by_review",
        include_str!("migrations/0013_brief_by_review.sql"),
    ),
    (
        "0014_brief_wants_draft",
        include_str!("migrations/0014_brief_wants_draft.sql"),
    ),
];

pub const LATEST: i64 = MIGRATIONS.len() as i64;

pub fn version(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("PRAGMA user_version", [], |r| r.get(0))?)
}

/// Refuses a newer schema; says whether any migration is pending.
pub fn needs_migration(conn: &Connection) -> Result<bool> {
    let v = version(conn)?;
    if v > LATEST {
        return Err(Error::NewerVersion {
            found: v,
            supported: LATEST,
        });
    }
    Ok(v < LATEST)
}

/// Applies migrations up to `target` (LATEST in normal use; earlier ones in tests).
pub fn migrate_to(conn: &mut Connection, target: i64) -> Result<()> {
    let current = version(conn)?;
    if current > LATEST {
        return Err(Error::NewerVersion {
            found: current,
            supported: LATEST,
        });
    }
    for (i, (_name, sql)) in MIGRATIONS.iter().enumerate() {
        let n = i as i64 + 1;
        if n <= current || n > target {
            continue;
        }
        let tx = conn.transaction()?;
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", n)?;
        tx.commit()?;
    }
    Ok(())
}
