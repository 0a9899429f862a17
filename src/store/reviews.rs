//! Queries for the `reviews` table.

use rusqlite::{params, OptionalExtension};

use super::Tx;
use crate::domain::nation::{Nation, ReviewType};
use crate::domain::phase::Phase;
use crate::domain::review::Review;
use crate::error::{Error, Result};

fn from_row(r: &rusqlite::Row) -> rusqlite::Result<(i64, String, String, String, u8, String)> {
    Ok((
        r.get(0)?,
        r.get(1)?,
        r.get(2)?,
        r.get(3)?,
        r.get(4)?,
        r.get(5)?,
    ))
}

fn assemble(row: (i64, String, String, String, u8, String)) -> Result<Review> {
    let (id, reference, nation, review_type, phase, body) = row;
    let mut review: Review = serde_json::from_str(&body)?;
    review.id = id;
    review.reference = reference;
    review.nation = Nation::parse(&nation)
        .ok_or_else(|| Error::Damaged(format!("review {id} has an unknown nation {nation:?}")))?;
    review.review_type = ReviewType::parse(&review_type).ok_or_else(|| {
        Error::Damaged(format!("review {id} has an unknown type {review_type:?}"))
    })?;
    review.phase = Phase::from_number(phase)
        .ok_or_else(|| Error::Damaged(format!("review {id} has phase {phase}")))?;
    Ok(review)
}

const SELECT: &str = "SELECT id, reference, nation, review_type, phase, body FROM reviews";

pub fn all(conn: &rusqlite::Connection) -> Result<Vec<Review>> {
    let mut stmt = conn.prepare_cached(&format!("{SELECT} ORDER BY id"))?;
    let rows = stmt.query_map([], from_row)?;
    rows.map(|r| assemble(r?)).collect()
}

pub fn get(conn: &rusqlite::Connection, id: i64) -> Result<Option<Review>> {
    conn.prepare_cached(&format!("{SELECT} WHERE id = ?1"))?
        .query_row([id], from_row)
        .optional()?
        .map(assemble)
        .transpose()
}

pub fn by_reference(conn: &rusqlite::Connection, reference: &str) -> Result<Option<Review>> {
    conn.prepare_cached(&format!("{SELECT} WHERE reference = ?1"))?
        .query_row([reference], from_row)
        .optional()?
        .map(assemble)
        .transpose()
}

pub fn insert(tx: &Tx, review: &Review) -> Result<i64> {
    if by_reference(tx, &review.reference)?.is_some() {
        return Err(Error::invalid(
            "reference",
            format!(
                "A review with the reference {:?} already exists",
                review.reference
            ),
        ));
    }
    tx.execute(
        "INSERT INTO reviews (reference, nation, review_type, phase, body, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)",
        params![
            review.reference,
            review.nation.slug(),
            review.review_type.slug(),
            review.phase.number(),
            serde_json::to_string(review)?,
            tx.at
        ],
    )?;
    let id = tx.last_insert_rowid();
    let mut stored = review.clone();
    stored.id = id;
    tx.audit(Some(id), "review", id, "create", None::<&()>, Some(&stored))?;
    Ok(id)
}

pub fn update(tx: &Tx, review: &Review) -> Result<()> {
    let old = get(tx, review.id)?.ok_or_else(|| Error::not_found("review", review.id))?;
    if old == *review {
        return Ok(());
    }
    if old.reference != review.reference && by_reference(tx, &review.reference)?.is_some() {
        return Err(Error::invalid(
            "reference",
            format!(
                "A review with the reference {:?} already exists",
                review.reference
            ),
        ));
    }
    tx.execute(
        "UPDATE reviews SET reference = ?2, nation = ?3, review_type = ?4, phase = ?5, body = ?6,
         updated_at = ?7 WHERE id = ?1",
        params![
            review.id,
            review.reference,
            review.nation.slug(),
            review.review_type.slug(),
            review.phase.number(),
            serde_json::to_string(review)?,
            tx.at
        ],
    )?;
    tx.audit(
        Some(review.id),
        "review",
        review.id,
        "update",
        Some(&old),
        Some(review),
    )
}

/// A target the author marked met: when, and an optional note.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct TargetMet {
    pub target_id: String,
    pub on: chrono::NaiveDate,
    pub note: Option<String>,
}

/// Targets marked met, by review (schema 8): the whole table in one read.
pub fn targets_met(
    conn: &rusqlite::Connection,
    reviews: Option<&[i64]>,
) -> Result<std::collections::HashMap<i64, Vec<TargetMet>>> {
    let mut out: std::collections::HashMap<i64, Vec<TargetMet>> = Default::default();
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT review_id, target_id, met_on, note FROM targets_met WHERE {}
         ORDER BY review_id, target_id",
        super::records::in_reviews("review_id", reviews)
    ))?;
    let mut rows = stmt.query([super::records::json_ids(reviews)])?;
    while let Some(r) = rows.next()? {
        let review_id: i64 = r.get(0)?;
        let on: String = r.get(2)?;
        out.entry(review_id).or_default().push(TargetMet {
            target_id: r.get(1)?,
            on: super::dashboard::iso_date(&on).ok_or_else(|| {
                Error::Damaged(format!("review {review_id} has a target met on {on:?}"))
            })?,
            note: r.get(3)?,
        });
    }
    Ok(out)
}

/// Targets marked met for one review.
pub fn targets_met_for(conn: &rusqlite::Connection, review_id: i64) -> Result<Vec<TargetMet>> {
    Ok(targets_met(conn, Some(&[review_id]))?
        .remove(&review_id)
        .unwrap_or_default())
}

/// Marks a target met on a date (or changes the date), audited.
pub fn set_target_met(tx: &Tx, review_id: i64, met: &TargetMet) -> Result<()> {
    let old: Option<TargetMet> = targets_met_for(tx, review_id)?
        .into_iter()
        .find(|t| t.target_id == met.target_id);
    if old.as_ref() == Some(met) {
        return Ok(());
    }
    tx.execute(
        "INSERT INTO targets_met (review_id, target_id, met_on, note) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (review_id, target_id)
         DO UPDATE SET met_on = excluded.met_on, note = excluded.note",
        params![review_id, met.target_id, met.on.to_string(), met.note],
    )?;
    tx.audit(
        Some(review_id),
        "target-met",
        &met.target_id,
        if old.is_some() { "update" } else { "create" },
        old.as_ref(),
        Some(met),
    )
}

/// Takes back the author's mark that a target was met (a mistake), audited; false when
/// it was not marked.
pub fn clear_target_met(tx: &Tx, review_id: i64, target_id: &str) -> Result<bool> {
    let Some(old) = targets_met_for(tx, review_id)?
        .into_iter()
        .find(|t| t.target_id == target_id)
    else {
        return Ok(false);
    };
    tx.execute(
        "DELETE FROM targets_met WHERE review_id = ?1 AND target_id = ?2",
        params![review_id, target_id],
    )?;
    tx.audit(
        Some(review_id),
        "target-met",
        target_id,
        "delete",
        Some(&old),
        None::<&()>,
    )?;
    Ok(true)
}
