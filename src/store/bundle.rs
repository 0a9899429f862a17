//! Whole-review SQL: a consistent read of everything in one review (for export), row counts
//! (to prove an import or a refusal changed exactly what it should), and the deletion of a
//! review with everything in it (for destruction at the end of retention).

use std::collections::BTreeMap;

use rusqlite::Connection;

use super::Tx;
use crate::error::{Error, Result};

/// Runs `f` inside one read transaction, so everything it reads is one consistent snapshot even
/// while another window writes.
pub fn read_snapshot<T>(conn: &Connection, f: impl FnOnce(&Connection) -> Result<T>) -> Result<T> {
    let tx = conn.unchecked_transaction()?;
    let out = f(&tx)?;
    tx.commit()?;
    Ok(out)
}

/// The user tables of the workbook (not SQLite's own), in name order.
pub fn tables(conn: &Connection) -> Result<Vec<String>> {
    let mut stmt = conn.prepare(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
         ORDER BY name",
    )?;
    let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn quote(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

fn columns(conn: &Connection, table: &str) -> Result<Vec<String>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT name FROM pragma_table_info({})",
        sql_text(table)
    ))?;
    let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn sql_text(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

/// Rows in every user table.
pub fn row_counts(conn: &Connection) -> Result<BTreeMap<String, i64>> {
    let mut out = BTreeMap::new();
    for t in tables(conn)? {
        let n: i64 = conn.query_row(&format!("SELECT count(*) FROM {}", quote(&t)), [], |r| {
            r.get(0)
        })?;
        out.insert(t, n);
    }
    Ok(out)
}

/// What a deletion removed.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Deleted {
    /// Rows removed per table (before cascades: the rows that belonged to the review).
    pub rows: BTreeMap<String, i64>,
    /// Audit lines about the review that were removed (one "destroyed" line replaces them).
    pub audit_lines: i64,
}

/// Deletes a review and everything in it, and every audit line about it, leaving one audit
/// line that says the review (by reference) was destroyed and when. Runs inside the caller's
/// write transaction. Afterwards no table holds a row of the review: the foreign keys cascade
/// from `reviews` and `members`, any table with a `review_id` column is swept as well (so a
/// table added later without a cascade is still covered), and the result is verified.
pub fn delete_review(tx: &Tx, review_id: i64, reference: &str) -> Result<Deleted> {
    let before = row_counts(tx)?;
    let audit_lines: i64 = tx.query_row(
        "SELECT count(*) FROM audit WHERE review_id = ?1",
        [review_id],
        |r| r.get(0),
    )?;
    tx.execute("DELETE FROM audit WHERE review_id = ?1", [review_id])?;
    let n = tx.execute("DELETE FROM reviews WHERE id = ?1", [review_id])?;
    if n != 1 {
        return Err(Error::not_found("review", review_id));
    }
    let with_review_id: Vec<String> = tables(tx)?
        .into_iter()
        .filter(|t| t != "audit" && t != "reviews")
        .filter(|t| columns(tx, t).is_ok_and(|c| c.iter().any(|c| c == "review_id")))
        .collect();
    for t in &with_review_id {
        tx.execute(
            &format!("DELETE FROM {} WHERE review_id = ?1", quote(t)),
            [review_id],
        )?;
    }
    for t in &with_review_id {
        let left: i64 = tx.query_row(
            &format!("SELECT count(*) FROM {} WHERE review_id = ?1", quote(t)),
            [review_id],
            |r| r.get(0),
        )?;
        if left != 0 {
            return Err(Error::Internal(format!(
                "{left} rows of the review remain in {t}"
            )));
        }
    }
    let dangling: i64 = tx.query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
        r.get(0)
    })?;
    if dangling != 0 {
        return Err(Error::Internal(format!(
            "{dangling} rows point at deleted records after the deletion"
        )));
    }
    let after = row_counts(tx)?;
    let rows = before
        .iter()
        .filter(|(t, _)| t.as_str() != "audit")
        .map(|(t, n)| (t.clone(), n - after.get(t).copied().unwrap_or(0)))
        .filter(|(_, d)| *d != 0)
        .collect();
    #[derive(serde::Serialize)]
    struct Destroyed<'a> {
        reference: &'a str,
        destroyed_at: &'a str,
    }
    tx.audit(
        Some(review_id),
        "review",
        review_id,
        "destroy",
        None::<&()>,
        Some(&Destroyed {
            reference,
            destroyed_at: &tx.at,
        }),
    )?;
    Ok(Deleted { rows, audit_lines })
}
