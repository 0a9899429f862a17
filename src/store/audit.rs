//! The audit log: one row per change, written in the same transaction as the change.

use rusqlite::{params, Transaction};
use serde::Serialize;

use crate::error::Result;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AuditEntry {
    pub id: i64,
    pub at: String,
    /// Who: the operating-system account and the program ("sam, desktop app").
    pub actor: String,
    pub review_id: Option<i64>,
    pub entity: String,
    pub entity_id: String,
    pub action: String,
    pub old: Option<serde_json::Value>,
    pub new: Option<serde_json::Value>,
}

/// What changed: the record's kind, its id, the review it belongs to, and the action.
pub struct What<'a> {
    pub review_id: Option<i64>,
    pub entity: &'a str,
    pub entity_id: String,
    pub action: &'a str,
}

/// Appends one audit row. `old`/`new` are the record before and after (None when absent).
pub fn record<O: Serialize + ?Sized, N: Serialize + ?Sized>(
    tx: &Transaction,
    at: &str,
    actor: &str,
    what: What,
    old: Option<&O>,
    new: Option<&N>,
) -> Result<()> {
    let old = old.map(serde_json::to_string).transpose()?;
    let new = new.map(serde_json::to_string).transpose()?;
    // Prepared once per connection: every change writes one of these.
    tx.prepare_cached(
        "INSERT INTO audit (at, review_id, entity, entity_id, action, old, new, actor)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute(params![
        at,
        what.review_id,
        what.entity,
        what.entity_id,
        what.action,
        old,
        new,
        actor
    ])?;
    Ok(())
}

pub fn list(conn: &rusqlite::Connection, review_id: Option<i64>) -> Result<Vec<AuditEntry>> {
    let mut stmt = conn.prepare(
        "SELECT id, at, review_id, entity, entity_id, action, old, new, actor FROM audit
         WHERE ?1 IS NULL OR review_id = ?1 ORDER BY id",
    )?;
    let rows = stmt.query_map([review_id], |r| {
        let parse = |s: Option<String>| s.and_then(|s| serde_json::from_str(&s).ok());
        Ok(AuditEntry {
            id: r.get(0)?,
            at: r.get(1)?,
            review_id: r.get(2)?,
            entity: r.get(3)?,
            entity_id: r.get(4)?,
            action: r.get(5)?,
            old: parse(r.get(6)?),
            new: parse(r.get(7)?),
            actor: r.get(8)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Who is making changes in this process: the operating-system account and the program.
pub fn current_actor() -> String {
    let user = ["USER", "LOGNAME", "USERNAME"]
        .iter()
        .find_map(|v| std::env::var(v).ok().filter(|s| !s.trim().is_empty()))
        .unwrap_or_else(|| "unknown user".into());
    let program = std::env::current_exe()
        .ok()
        .and_then(|p| p.file_stem().map(|s| s.to_string_lossy().into_owned()))
        .map(|stem| match stem.as_str() {
            "kindred" => "command line".to_string(),
            "kindred-desktop" => "desktop app".to_string(),
            other => other.to_string(),
        })
        .unwrap_or_else(|| "unknown program".into());
    format!("{user}, {program}")
}
