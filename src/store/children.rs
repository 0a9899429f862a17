//! Queries for the `children` table (subject children of a review).

use rusqlite::params;

use super::Tx;
use crate::domain::review::Child;
use crate::error::{Error, Result};

pub fn for_review(conn: &rusqlite::Connection, review_id: i64) -> Result<Vec<Child>> {
    let mut stmt =
        conn.prepare_cached("SELECT id, body FROM children WHERE review_id = ?1 ORDER BY id")?;
    let rows = stmt.query_map([review_id], |r| {
        Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?))
    })?;
    rows.map(|r| {
        let (id, body) = r?;
        let mut c: Child = serde_json::from_str(&body)?;
        c.id = id;
        c.review_id = review_id;
        Ok(c)
    })
    .collect()
}

pub fn get(conn: &rusqlite::Connection, id: i64) -> Result<Child> {
    let (review_id, body): (i64, String) = conn
        .query_row(
            "SELECT review_id, body FROM children WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .map_err(|_| Error::not_found("child", id))?;
    let mut c: Child = serde_json::from_str(&body)?;
    c.id = id;
    c.review_id = review_id;
    Ok(c)
}

pub fn insert(tx: &Tx, child: &Child) -> Result<i64> {
    tx.execute(
        "INSERT INTO children (review_id, body) VALUES (?1, ?2)",
        params![child.review_id, serde_json::to_string(child)?],
    )?;
    let id = tx.last_insert_rowid();
    let mut stored = child.clone();
    stored.id = id;
    tx.audit(
        Some(child.review_id),
        "child",
        id,
        "create",
        None::<&()>,
        Some(&stored),
    )?;
    Ok(id)
}

pub fn update(tx: &Tx, child: &Child) -> Result<()> {
    let old = get(tx, child.id)?;
    tx.execute(
        "UPDATE children SET body = ?2 WHERE id = ?1",
        params![child.id, serde_json::to_string(child)?],
    )?;
    tx.audit(
        Some(child.review_id),
        "child",
        child.id,
        "update",
        Some(&old),
        Some(child),
    )
}
