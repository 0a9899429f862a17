//! Queries for the records kept over a review's life: contacts, terms, check statuses,
//! decisions, parallel processes, the support directory, feedback and documents issued.
//! Each record is stored as JSON beside the columns that are searched or joined on.

use rusqlite::{params, Connection};
use serde::{de::DeserializeOwned, Serialize};

use super::Tx;
use crate::domain::catalogue::{Catalogue, CheckStatus};
use crate::domain::nation::Nation;
use crate::domain::records::*;
use crate::error::{Error, Result};

/// A record stored as a JSON body in its own table.
pub trait BodyRecord: Serialize + DeserializeOwned + Clone {
    const TABLE: &'static str;
    const ENTITY: &'static str;
    fn id(&self) -> i64;
    fn set_id(&mut self, id: i64);
    fn review_id(&self) -> Option<i64>;
    /// Extra indexed columns and their values, besides `body`.
    fn columns(&self) -> Vec<(&'static str, rusqlite::types::Value)>;
}

pub fn insert<T: BodyRecord>(tx: &Tx, rec: &T) -> Result<i64> {
    let cols = rec.columns();
    let names: Vec<&str> = cols.iter().map(|(n, _)| *n).chain(["body"]).collect();
    let marks: Vec<String> = (1..=names.len()).map(|i| format!("?{i}")).collect();
    let mut values: Vec<rusqlite::types::Value> = cols.into_iter().map(|(_, v)| v).collect();
    values.push(serde_json::to_string(rec)?.into());
    // Prepared once per connection (a batch of sheets records one document per sheet):
    // the statement is the same for every record of a table.
    tx.prepare_cached(&format!(
        "INSERT INTO {} ({}) VALUES ({})",
        T::TABLE,
        names.join(", "),
        marks.join(", ")
    ))?
    .execute(rusqlite::params_from_iter(values))?;
    let id = tx.last_insert_rowid();
    let mut stored = rec.clone();
    stored.set_id(id);
    tx.audit(
        rec.review_id(),
        T::ENTITY,
        id,
        "create",
        None::<&()>,
        Some(&stored),
    )?;
    Ok(id)
}

pub fn get<T: BodyRecord>(conn: &Connection, id: i64) -> Result<T> {
    let body: String = conn
        .query_row(
            &format!("SELECT body FROM {} WHERE id = ?1", T::TABLE),
            [id],
            |r| r.get(0),
        )
        .map_err(|_| Error::not_found(T::ENTITY, id))?;
    let mut rec: T = serde_json::from_str(&body)?;
    rec.set_id(id);
    Ok(rec)
}

pub fn update<T: BodyRecord + PartialEq>(tx: &Tx, rec: &T) -> Result<()> {
    update_as(tx, rec, "update")
}

/// An update audited under its own action ("entered-in-error").
pub fn update_as<T: BodyRecord + PartialEq>(tx: &Tx, rec: &T, action: &str) -> Result<()> {
    let old: T = get(tx, rec.id())?;
    if old == *rec {
        return Ok(());
    }
    let cols = rec.columns();
    let sets: Vec<String> = cols
        .iter()
        .enumerate()
        .map(|(i, (n, _))| format!("{n} = ?{}", i + 2))
        .chain([format!("body = ?{}", cols.len() + 2)])
        .collect();
    let mut values: Vec<rusqlite::types::Value> = vec![rec.id().into()];
    values.extend(cols.into_iter().map(|(_, v)| v));
    values.push(serde_json::to_string(rec)?.into());
    tx.execute(
        &format!("UPDATE {} SET {} WHERE id = ?1", T::TABLE, sets.join(", ")),
        rusqlite::params_from_iter(values),
    )?;
    tx.audit(
        rec.review_id(),
        T::ENTITY,
        rec.id(),
        action,
        Some(&old),
        Some(rec),
    )
}

pub fn delete<T: BodyRecord>(tx: &Tx, id: i64) -> Result<()> {
    let old: T = get(tx, id)?;
    tx.execute(&format!("DELETE FROM {} WHERE id = ?1", T::TABLE), [id])?;
    tx.audit(
        old.review_id(),
        T::ENTITY,
        id,
        "delete",
        Some(&old),
        None::<&()>,
    )
}

/// Records where `column = key`, in the given order.
pub fn list<T: BodyRecord>(
    conn: &Connection,
    column: &str,
    key: i64,
    order: &str,
) -> Result<Vec<T>> {
    list_where(conn, &format!("{column} = ?1"), key, order)
}

/// Contacts where `column = key` (a review's or a person's), by date: those that count, or
/// with `in_error` those marked as entered in error (schema 7).
pub fn contacts(conn: &Connection, column: &str, key: i64, in_error: bool) -> Result<Vec<Contact>> {
    let flag = if in_error { "<>" } else { "=" };
    list_where(
        conn,
        &format!("{column} = ?1 AND entered_in_error {flag} 0"),
        key,
        "date, id",
    )
}

fn list_where<T: BodyRecord>(
    conn: &Connection,
    filter: &str,
    key: i64,
    order: &str,
) -> Result<Vec<T>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT id, body FROM {} WHERE {filter} ORDER BY {order}",
        T::TABLE
    ))?;
    read(&mut stmt, [key])
}

pub fn all<T: BodyRecord>(conn: &Connection) -> Result<Vec<T>> {
    let mut stmt =
        conn.prepare_cached(&format!("SELECT id, body FROM {} ORDER BY id", T::TABLE))?;
    read(&mut stmt, [])
}

/// Records matching `filter` (fixed SQL from the store, never text from outside), in no
/// order: an ORDER BY would lead SQLite to walk the whole table by id rather than use a
/// partial index on the filter.
pub fn matching<T: BodyRecord>(conn: &Connection, filter: &str) -> Result<Vec<T>> {
    let mut stmt =
        conn.prepare_cached(&format!("SELECT id, body FROM {} WHERE {filter}", T::TABLE))?;
    read(&mut stmt, [])
}

/// Records matching `filter` (as [`matching`]) in the reviews `reviews` picks: all of
/// them (`None`) or those listed, by id, in id order.
pub fn matching_in<T: BodyRecord>(
    conn: &Connection,
    filter: &str,
    reviews: Option<&[i64]>,
) -> Result<Vec<T>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT id, body FROM {} WHERE ({filter}) AND {}",
        T::TABLE,
        in_reviews("review_id", reviews)
    ))?;
    let mut out: Vec<T> = read(&mut stmt, [json_ids(reviews)])?;
    out.sort_by_key(|r| r.id());
    Ok(out)
}

/// The condition that `column` (a review id) is one of `reviews`, read from the first
/// parameter ([`json_ids`]); for every review (`None`), a condition always true of that
/// parameter (NULL), so the statement takes the same parameter either way.
pub(super) fn in_reviews(column: &str, reviews: Option<&[i64]>) -> String {
    in_listed(column, 1, reviews.is_some())
}

/// [`in_reviews`] for a table of people: `column` (a person's id) is one of the people of
/// `reviews`, found through the index of people by review.
pub(super) fn in_people_of(column: &str, reviews: Option<&[i64]>) -> String {
    match reviews {
        Some(_) => format!(
            "{column} IN (SELECT id FROM members WHERE {})",
            in_reviews("review_id", reviews)
        ),
        None => in_reviews(column, None),
    }
}

/// `column` is one of the ids listed in parameter `?param` (a JSON array read by
/// `json_each`), or, not `listed`, a condition always true of that parameter (NULL). Two
/// texts, not one `?N IS NULL OR …`: SQLite would then never find the listed rows through
/// an index on `column`.
pub(super) fn in_listed(column: &str, param: usize, listed: bool) -> String {
    if listed {
        format!("{column} IN (SELECT value FROM json_each(?{param}))")
    } else {
        format!("?{param} IS NULL")
    }
}

/// Ids as the JSON array `json_each` reads, or NULL for every one.
pub(super) fn json_ids(ids: Option<&[i64]>) -> Option<String> {
    ids.and_then(|ids| serde_json::to_string(ids).ok())
}

/// The records of `SELECT id, body …`, each with its id.
fn read<T: BodyRecord>(
    stmt: &mut rusqlite::CachedStatement<'_>,
    params: impl rusqlite::Params,
) -> Result<Vec<T>> {
    let rows = stmt.query_map(params, |r| {
        Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?))
    })?;
    rows.map(|r| {
        let (id, body) = r?;
        let mut rec: T = serde_json::from_str(&body)?;
        rec.set_id(id);
        Ok(rec)
    })
    .collect()
}

macro_rules! body_record {
    ($t:ty, $table:literal, $entity:literal, |$s:ident| $review:expr, [$($col:literal => $val:expr),* $(,)?]) => {
        impl BodyRecord for $t {
            const TABLE: &'static str = $table;
            const ENTITY: &'static str = $entity;
            fn id(&self) -> i64 { self.id }
            fn set_id(&mut self, id: i64) { self.id = id; }
            fn review_id(&$s) -> Option<i64> { $review }
            fn columns(&$s) -> Vec<(&'static str, rusqlite::types::Value)> {
                vec![$(($col, $val.into())),*]
            }
        }
    };
}

pub(super) use body_record;

body_record!(Contact, "contacts", "contact", |self| Some(self.review_id), [
    "review_id" => self.review_id,
    "member_id" => self.member_id,
    "date" => self.date.to_string(),
    "outcome" => self.outcome.slug().to_string(),
    "entered_in_error" => i64::from(self.entered_in_error.is_some()),
]);
body_record!(Decision, "decisions", "decision", |self| Some(self.review_id), [
    "review_id" => self.review_id,
]);
body_record!(ParallelProcess, "parallel_processes", "parallel-process", |self| Some(self.review_id), [
    "review_id" => self.review_id,
]);
body_record!(SupportService, "support_services", "support-service", |self| None, [
    "name" => self.name.clone(),
]);
body_record!(Feedback, "feedback", "feedback", |self| Some(self.review_id), [
    "review_id" => self.review_id,
    "member_id" => rusqlite::types::Value::from(self.member_id),
]);
body_record!(DocumentIssued, "documents_issued", "document", |self| Some(self.review_id), [
    "review_id" => self.review_id,
    "member_id" => rusqlite::types::Value::from(self.member_id),
    "made_at" => self.made_at.format("%Y-%m-%dT%H:%M:%S").to_string(),
]);

/// Terms of engagement belong to a member; the review id is looked up for the audit line.
pub fn insert_terms(tx: &Tx, review_id: i64, t: &Terms) -> Result<i64> {
    tx.execute(
        "INSERT INTO terms (member_id, version, body) VALUES (?1, ?2, ?3)",
        params![t.member_id, t.version, serde_json::to_string(t)?],
    )?;
    let id = tx.last_insert_rowid();
    let mut stored = t.clone();
    stored.id = id;
    tx.audit(
        Some(review_id),
        "terms",
        id,
        "create",
        None::<&()>,
        Some(&stored),
    )?;
    Ok(id)
}

pub fn terms_for_member(conn: &Connection, member_id: i64) -> Result<Vec<Terms>> {
    let mut stmt =
        conn.prepare_cached("SELECT id, body FROM terms WHERE member_id = ?1 ORDER BY version")?;
    let rows = stmt.query_map([member_id], |r| {
        Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?))
    })?;
    rows.map(|r| {
        let (id, body) = r?;
        let mut t: Terms = serde_json::from_str(&body)?;
        t.id = id;
        Ok(t)
    })
    .collect()
}

/// A stored check status: (check id, member id or None for the review, status).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoredCheck {
    pub check_id: String,
    pub member_id: Option<i64>,
    pub status: CheckStatus,
    pub updated_at: String,
}

pub fn check_statuses(conn: &Connection, review_id: i64) -> Result<Vec<StoredCheck>> {
    let mut stmt = conn.prepare_cached(
        "SELECT check_id, member_id, status, updated_at FROM check_statuses WHERE review_id = ?1",
    )?;
    let rows = stmt.query_map([review_id], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, i64>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
        ))
    })?;
    rows.map(|r| {
        let (check_id, member_id, status, updated_at) = r?;
        Ok(StoredCheck {
            check_id,
            member_id: (member_id != 0).then_some(member_id),
            status: serde_json::from_str(&status)?,
            updated_at,
        })
    })
    .collect()
}

/// The stored status of one check, if it was ever set.
pub fn check_status(
    conn: &Connection,
    review_id: i64,
    check_id: &str,
    member_id: Option<i64>,
) -> Result<Option<CheckStatus>> {
    use rusqlite::OptionalExtension;
    conn.prepare_cached(
        "SELECT status FROM check_statuses WHERE review_id = ?1 AND check_id = ?2 AND member_id = ?3",
    )?
    .query_row(params![review_id, check_id, member_id.unwrap_or(0)], |r| {
        r.get::<_, String>(0)
    })
    .optional()?
    .map(|s| serde_json::from_str(&s))
    .transpose()
    .map_err(Error::from)
}

/// Sets a check's status, audited as created or updated.
pub fn set_check(
    tx: &Tx,
    review_id: i64,
    check_id: &str,
    member_id: Option<i64>,
    status: &CheckStatus,
) -> Result<()> {
    set_check_as(tx, review_id, check_id, member_id, status, None)
}

/// Sets a check's status, audited under `action` when given ("closed-by-record",
/// "reopened"), else as created or updated.
pub fn set_check_as(
    tx: &Tx,
    review_id: i64,
    check_id: &str,
    member_id: Option<i64>,
    status: &CheckStatus,
    action: Option<&str>,
) -> Result<()> {
    let key = member_id.unwrap_or(0);
    let old = check_status(tx, review_id, check_id, member_id)?;
    if old.as_ref() == Some(status) {
        return Ok(());
    }
    // The check's catalogue phase, for the dashboard's count of closed checks (schema 6):
    // none when the check is unknown or does not apply in the review's nation.
    // Statements prepared once per connection: a batch of sheets closes thousands of checks.
    let nation: String = tx
        .prepare_cached("SELECT nation FROM reviews WHERE id = ?1")?
        .query_row([review_id], |r| r.get(0))?;
    let phase = Catalogue::embedded()
        .get(check_id)
        .filter(|c| Nation::parse(&nation).is_some_and(|n| c.applies_in(n)))
        .map(|c| c.phase.number());
    tx.prepare_cached(
        "INSERT INTO check_statuses (review_id, check_id, member_id, status, updated_at, phase)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT (review_id, check_id, member_id)
         DO UPDATE SET status = excluded.status, updated_at = excluded.updated_at,
                       phase = excluded.phase",
    )?
    .execute(params![
        review_id,
        check_id,
        key,
        serde_json::to_string(status)?,
        tx.at,
        phase
    ])?;
    let entity_id = match member_id {
        Some(m) => format!("{check_id}/{m}"),
        None => check_id.to_string(),
    };
    tx.audit(
        Some(review_id),
        "check",
        entity_id,
        action.unwrap_or(if old.is_some() { "update" } else { "create" }),
        old.as_ref(),
        Some(status),
    )
}

/// Closes the checks a record proves (see `domain::progress`), in the caller's
/// transaction, so the dashboard's trigger-kept counts move with the record. Checks that
/// are not open, or that the author reopened after this record closed them, are left.
/// Returns the ids of the checks closed.
pub fn close_by_record(
    tx: &Tx,
    review_id: i64,
    proof: &crate::domain::progress::Proof,
) -> Result<Vec<String>> {
    let mut closed = Vec::new();
    if proof.holds.is_empty() {
        return Ok(closed);
    }
    let nation: String = tx
        .prepare_cached("SELECT nation FROM reviews WHERE id = ?1")?
        .query_row([review_id], |r| r.get(0))?;
    let Some(nation) = Nation::parse(&nation) else {
        return Ok(closed);
    };
    for def in proof.closes(Catalogue::embedded(), nation) {
        let old = check_status(tx, review_id, &def.id, proof.member_id)?;
        if !crate::domain::progress::may_close(old.as_ref(), &proof.record) {
            continue;
        }
        let status = CheckStatus::Done {
            evidence: proof.evidence.clone(),
            on: proof.on,
            record: Some(proof.record.clone()),
        };
        set_check_as(
            tx,
            review_id,
            &def.id,
            proof.member_id,
            &status,
            Some("closed-by-record"),
        )?;
        closed.push(def.id.clone());
    }
    Ok(closed)
}

/// Reopens every check a record closed, when the record no longer counts (entered in
/// error) or no longer proves it; `keep` lists the checks it still proves.
pub fn reopen_closed_by(
    tx: &Tx,
    review_id: i64,
    record: &crate::domain::catalogue::RecordRef,
    keep: &[(String, Option<i64>)],
    reason: &str,
    on: chrono::NaiveDate,
) -> Result<()> {
    let rows: Vec<(String, i64)> = {
        let mut stmt = tx.prepare_cached(
            "SELECT check_id, member_id FROM check_statuses
             WHERE review_id = ?1 AND json_extract(status, '$.record.kind') = ?2
               AND json_extract(status, '$.record.id') = ?3",
        )?;
        let rows = stmt.query_map(params![review_id, record.kind, record.id], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    for (check_id, member) in rows {
        let member = (member != 0).then_some(member);
        if keep.contains(&(check_id.clone(), member)) {
            continue;
        }
        let status = CheckStatus::ToDo {
            reopened: Some(crate::domain::catalogue::Reopened {
                reason: reason.to_string(),
                on,
                record: Some(record.clone()),
            }),
        };
        set_check_as(tx, review_id, &check_id, member, &status, Some("reopened"))?;
    }
    Ok(())
}
