//! Queries for `members` and the tables that hang off a member: contact details,
//! relationships, role statuses, restrictions, clearances, chosen support, abuse links and
//! information barriers.

use std::collections::HashMap;

use rusqlite::{params, Connection};

use super::Tx;
use crate::domain::member::*;
use crate::domain::phase::Phase;
use crate::error::{Error, Result};

struct Row {
    id: i64,
    review_id: i64,
    involvement: String,
    position: u8,
    details: String,
}

fn assemble(row: Row) -> Result<Member> {
    Ok(Member {
        id: row.id,
        review_id: row.review_id,
        details: serde_json::from_str(&row.details)?,
        involvement: serde_json::from_str(&row.involvement)?,
        position: Phase::from_number(row.position).ok_or_else(|| {
            Error::Damaged(format!("member {} has position {}", row.id, row.position))
        })?,
        contact_details: vec![],
        relationships: vec![],
        role_statuses: vec![],
        restrictions: vec![],
        clearances: vec![],
        support_ids: vec![],
    })
}

/// Loads members matching `filter` ("m.review_id = ?1" or "m.id = ?1") with all their parts.
fn load(conn: &Connection, filter: &str, key: i64) -> Result<Vec<Member>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT m.id, m.review_id, m.involvement, m.position, m.details FROM members m
         WHERE {filter} ORDER BY m.id"
    ))?;
    let rows = stmt.query_map([key], |r| {
        Ok(Row {
            id: r.get(0)?,
            review_id: r.get(1)?,
            involvement: r.get(2)?,
            position: r.get(3)?,
            details: r.get(4)?,
        })
    })?;
    let mut members = rows
        .map(|r| assemble(r?))
        .collect::<Result<Vec<Member>>>()?;
    members.sort_by_key(|m| m.id);
    let index: HashMap<i64, usize> = members.iter().enumerate().map(|(i, m)| (m.id, i)).collect();
    let part = |table: &str, cols: &str| {
        format!(
            "SELECT p.member_id, {cols} FROM {table} p JOIN members m ON m.id = p.member_id
             WHERE {filter} ORDER BY p.rowid"
        )
    };

    let mut stmt = conn.prepare_cached(&part(
        "contact_details",
        "p.id, p.kind, p.value, p.safe_to_print, p.confidential",
    ))?;
    let mut rows = stmt.query([key])?;
    while let Some(r) = rows.next()? {
        let kind: String = r.get(2)?;
        let d = ContactDetail {
            id: r.get(1)?,
            kind: ContactDetailKind::parse(&kind).unwrap_or(ContactDetailKind::Other),
            value: r.get(3)?,
            safe_to_print: r.get(4)?,
            confidential: r.get(5)?,
        };
        if let Some(&i) = index.get(&r.get(0)?) {
            members[i].contact_details.push(d);
        }
    }

    let mut stmt = conn.prepare_cached(&part("relationships", "p.body"))?;
    let mut rows = stmt.query([key])?;
    while let Some(r) = rows.next()? {
        let rel: Relationship = serde_json::from_str(&r.get::<_, String>(1)?)?;
        if let Some(&i) = index.get(&r.get(0)?) {
            members[i].relationships.push(rel);
        }
    }

    let mut stmt =
        conn.prepare_cached(&part("role_statuses", "p.id, p.status, p.since, p.source"))?;
    let mut rows = stmt.query([key])?;
    while let Some(r) = rows.next()? {
        let status: String = r.get(2)?;
        let since: String = r.get(3)?;
        let e = RoleStatusEntry {
            id: r.get(1)?,
            status: RoleStatus::parse(&status)
                .ok_or_else(|| Error::Damaged(format!("unknown role status {status:?}")))?,
            since: since
                .parse()
                .map_err(|_| Error::Damaged(format!("bad role-status date {since:?}")))?,
            source: r.get(4)?,
        };
        if let Some(&i) = index.get(&r.get(0)?) {
            members[i].role_statuses.push(e);
        }
    }

    let mut stmt = conn.prepare_cached(&part("restrictions", "p.id, p.body"))?;
    let mut rows = stmt.query([key])?;
    while let Some(r) = rows.next()? {
        let mut x: Restriction = serde_json::from_str(&r.get::<_, String>(2)?)?;
        x.id = r.get(1)?;
        if let Some(&i) = index.get(&r.get(0)?) {
            members[i].restrictions.push(x);
        }
    }

    let mut stmt = conn.prepare_cached(&part("clearances", "p.id, p.body"))?;
    let mut rows = stmt.query([key])?;
    while let Some(r) = rows.next()? {
        let mut x: Clearance = serde_json::from_str(&r.get::<_, String>(2)?)?;
        x.id = r.get(1)?;
        if let Some(&i) = index.get(&r.get(0)?) {
            members[i].clearances.push(x);
        }
    }

    let mut stmt = conn.prepare_cached(&part("member_support", "p.support_id"))?;
    let mut rows = stmt.query([key])?;
    while let Some(r) = rows.next()? {
        if let Some(&i) = index.get(&r.get(0)?) {
            members[i].support_ids.push(r.get(1)?);
        }
    }
    Ok(members)
}

/// Every member of every review, with all their parts, in a handful of queries.
pub fn all(conn: &Connection) -> Result<Vec<Member>> {
    load(conn, "?1 = ?1", 0)
}

pub fn for_review(conn: &Connection, review_id: i64) -> Result<Vec<Member>> {
    load(conn, "m.review_id = ?1", review_id)
}

pub fn get(conn: &Connection, id: i64) -> Result<Member> {
    load(conn, "m.id = ?1", id)?
        .pop()
        .ok_or_else(|| Error::not_found("member", id))
}

/// The day member `id` was added (the date part of their row's `created_at`). A member
/// that is not there is [`Error::NotFound`]; a creation time that is not a date is
/// [`Error::Damaged`].
pub fn added_on(conn: &Connection, id: i64) -> Result<chrono::NaiveDate> {
    let at: String = conn
        .query_row("SELECT created_at FROM members WHERE id = ?1", [id], |r| {
            r.get(0)
        })
        .map_err(|e| match e {
            rusqlite::Error::QueryReturnedNoRows => Error::not_found("member", id),
            e => Error::from(e),
        })?;
    at.get(..10)
        .and_then(|day| day.parse().ok())
        .ok_or_else(|| Error::Damaged(format!("member {id} has no readable creation date")))
}

pub fn insert(tx: &Tx, m: &Member) -> Result<i64> {
    tx.execute(
        "INSERT INTO members (review_id, full_name, involvement, position, details, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)",
        params![
            m.review_id,
            m.details.full_name,
            serde_json::to_string(&m.involvement)?,
            m.position.number(),
            serde_json::to_string(&m.details)?,
            tx.at
        ],
    )?;
    let id = tx.last_insert_rowid();
    let mut stored = m.clone();
    stored.id = id;
    tx.audit(
        Some(m.review_id),
        "member",
        id,
        "create",
        None::<&()>,
        Some(&stored),
    )?;
    for d in &m.contact_details {
        add_contact_detail(tx, m.review_id, id, d)?;
    }
    for r in &m.relationships {
        set_relationship(tx, m.review_id, id, r)?;
    }
    Ok(id)
}

/// Saves the member's own row (details, involvement, position), auditing old and new.
pub fn update(tx: &Tx, m: &Member) -> Result<()> {
    let old = get(tx, m.id)?;
    if old.details == m.details && old.involvement == m.involvement && old.position == m.position {
        return Ok(());
    }
    tx.execute(
        "UPDATE members SET full_name = ?2, involvement = ?3, position = ?4, details = ?5,
         updated_at = ?6 WHERE id = ?1",
        params![
            m.id,
            m.details.full_name,
            serde_json::to_string(&m.involvement)?,
            m.position.number(),
            serde_json::to_string(&m.details)?,
            tx.at
        ],
    )?;
    #[derive(serde::Serialize)]
    struct Own<'a> {
        details: &'a MemberDetails,
        involvement: &'a Involvement,
        position: Phase,
    }
    tx.audit(
        Some(m.review_id),
        "member",
        m.id,
        "update",
        Some(&Own {
            details: &old.details,
            involvement: &old.involvement,
            position: old.position,
        }),
        Some(&Own {
            details: &m.details,
            involvement: &m.involvement,
            position: m.position,
        }),
    )
}

pub fn add_contact_detail(
    tx: &Tx,
    review_id: i64,
    member_id: i64,
    d: &ContactDetail,
) -> Result<i64> {
    tx.execute(
        "INSERT INTO contact_details (member_id, kind, value, safe_to_print, confidential)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![
            member_id,
            d.kind.slug(),
            d.value,
            d.safe_to_print,
            d.confidential
        ],
    )?;
    let id = tx.last_insert_rowid();
    tx.audit(
        Some(review_id),
        "contact-detail",
        id,
        "create",
        None::<&()>,
        Some(d),
    )?;
    Ok(id)
}

pub fn remove_contact_detail(
    tx: &Tx,
    review_id: i64,
    member_id: i64,
    detail_id: i64,
) -> Result<()> {
    let m = get(tx, member_id)?;
    let old = m
        .contact_details
        .iter()
        .find(|d| d.id == detail_id)
        .ok_or_else(|| Error::not_found("contact detail", detail_id))?;
    tx.execute("DELETE FROM contact_details WHERE id = ?1", [detail_id])?;
    tx.audit(
        Some(review_id),
        "contact-detail",
        detail_id,
        "delete",
        Some(old),
        None::<&()>,
    )
}

pub fn set_relationship(tx: &Tx, review_id: i64, member_id: i64, r: &Relationship) -> Result<()> {
    let old: Option<String> = tx
        .query_row(
            "SELECT body FROM relationships WHERE member_id = ?1 AND child_id = ?2",
            [member_id, r.child_id],
            |row| row.get(0),
        )
        .ok();
    let old: Option<Relationship> = old.map(|s| serde_json::from_str(&s)).transpose()?;
    tx.execute(
        "INSERT INTO relationships (member_id, child_id, body) VALUES (?1, ?2, ?3)
         ON CONFLICT (member_id, child_id) DO UPDATE SET body = excluded.body",
        params![member_id, r.child_id, serde_json::to_string(r)?],
    )?;
    tx.audit(
        Some(review_id),
        "relationship",
        format!("{member_id}/{}", r.child_id),
        if old.is_some() { "update" } else { "create" },
        old.as_ref(),
        Some(r),
    )
}

pub fn add_role_status(
    tx: &Tx,
    review_id: i64,
    member_id: i64,
    e: &RoleStatusEntry,
) -> Result<i64> {
    tx.execute(
        "INSERT INTO role_statuses (member_id, status, since, source) VALUES (?1, ?2, ?3, ?4)",
        params![member_id, e.status.slug(), e.since.to_string(), e.source],
    )?;
    let id = tx.last_insert_rowid();
    tx.audit(
        Some(review_id),
        "role-status",
        id,
        "create",
        None::<&()>,
        Some(e),
    )?;
    Ok(id)
}

pub fn add_restriction(tx: &Tx, review_id: i64, member_id: i64, x: &Restriction) -> Result<i64> {
    tx.execute(
        "INSERT INTO restrictions (member_id, body) VALUES (?1, ?2)",
        params![member_id, serde_json::to_string(x)?],
    )?;
    let id = tx.last_insert_rowid();
    tx.audit(
        Some(review_id),
        "restriction",
        id,
        "create",
        None::<&()>,
        Some(x),
    )?;
    Ok(id)
}

/// One restriction and the person it is recorded for.
pub fn restriction(conn: &Connection, id: i64) -> Result<(i64, Restriction)> {
    let (member_id, body): (i64, String) = conn
        .query_row(
            "SELECT member_id, body FROM restrictions WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .map_err(|_| Error::not_found("restriction", id))?;
    let mut x: Restriction = serde_json::from_str(&body)?;
    x.id = id;
    Ok((member_id, x))
}

/// Saves a restriction marked as entered in error, auditing old and new with the reason.
pub fn mark_restriction(tx: &Tx, review_id: i64, x: &Restriction) -> Result<()> {
    let (_, old) = restriction(tx, x.id)?;
    tx.execute(
        "UPDATE restrictions SET body = ?2 WHERE id = ?1",
        params![x.id, serde_json::to_string(x)?],
    )?;
    tx.audit(
        Some(review_id),
        "restriction",
        x.id,
        "entered-in-error",
        Some(&old),
        Some(x),
    )
}

pub fn add_clearance(tx: &Tx, review_id: i64, member_id: i64, x: &Clearance) -> Result<i64> {
    tx.execute(
        "INSERT INTO clearances (member_id, body) VALUES (?1, ?2)",
        params![member_id, serde_json::to_string(x)?],
    )?;
    let id = tx.last_insert_rowid();
    tx.audit(
        Some(review_id),
        "clearance",
        id,
        "create",
        None::<&()>,
        Some(x),
    )?;
    Ok(id)
}

/// One clearance and the person it is recorded for.
pub fn clearance(conn: &Connection, id: i64) -> Result<(i64, Clearance)> {
    let (member_id, body): (i64, String) = conn
        .query_row(
            "SELECT member_id, body FROM clearances WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .map_err(|_| Error::not_found("clearance", id))?;
    let mut x: Clearance = serde_json::from_str(&body)?;
    x.id = id;
    Ok((member_id, x))
}

/// Saves a clearance marked as entered in error, auditing old and new with the reason.
pub fn mark_clearance(tx: &Tx, review_id: i64, x: &Clearance) -> Result<()> {
    let (_, old) = clearance(tx, x.id)?;
    tx.execute(
        "UPDATE clearances SET body = ?2 WHERE id = ?1",
        params![x.id, serde_json::to_string(x)?],
    )?;
    tx.audit(
        Some(review_id),
        "clearance",
        x.id,
        "entered-in-error",
        Some(&old),
        Some(x),
    )
}

pub fn set_support(
    tx: &Tx,
    review_id: i64,
    member_id: i64,
    support_id: i64,
    chosen: bool,
) -> Result<()> {
    let changed = if chosen {
        tx.execute(
            "INSERT OR IGNORE INTO member_support (member_id, support_id) VALUES (?1, ?2)",
            [member_id, support_id],
        )?
    } else {
        tx.execute(
            "DELETE FROM member_support WHERE member_id = ?1 AND support_id = ?2",
            [member_id, support_id],
        )?
    };
    if changed > 0 {
        tx.audit(
            Some(review_id),
            "member-support",
            format!("{member_id}/{support_id}"),
            if chosen { "create" } else { "delete" },
            None::<&()>,
            Some(&support_id),
        )?;
    }
    Ok(())
}

pub fn abuse_links(conn: &Connection, review_id: i64) -> Result<Vec<AbuseLink>> {
    let mut stmt = conn.prepare_cached(
        "SELECT l.victim_id, l.perpetrator_id FROM abuse_links l JOIN members m ON m.id = l.victim_id
         WHERE m.review_id = ?1 ORDER BY l.rowid",
    )?;
    let rows = stmt.query_map([review_id], |r| {
        Ok(AbuseLink {
            victim_id: r.get(0)?,
            perpetrator_id: r.get(1)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub fn add_abuse_link(tx: &Tx, review_id: i64, link: &AbuseLink) -> Result<()> {
    tx.execute(
        "INSERT OR IGNORE INTO abuse_links (victim_id, perpetrator_id) VALUES (?1, ?2)",
        [link.victim_id, link.perpetrator_id],
    )?;
    tx.audit(
        Some(review_id),
        "abuse-link",
        format!("{}/{}", link.victim_id, link.perpetrator_id),
        "create",
        None::<&()>,
        Some(link),
    )
}

pub fn barriers(conn: &Connection, review_id: i64) -> Result<Vec<Barrier>> {
    let mut stmt = conn.prepare_cached(
        "SELECT b.protected_id, b.withheld_from_id, b.reason FROM barriers b
         JOIN members m ON m.id = b.protected_id WHERE m.review_id = ?1 ORDER BY b.rowid",
    )?;
    let rows = stmt.query_map([review_id], |r| {
        Ok(Barrier {
            protected_id: r.get(0)?,
            withheld_from_id: r.get(1)?,
            reason: r.get(2)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub fn add_barrier(tx: &Tx, review_id: i64, b: &Barrier) -> Result<()> {
    tx.execute(
        "INSERT INTO barriers (protected_id, withheld_from_id, reason) VALUES (?1, ?2, ?3)
         ON CONFLICT (protected_id, withheld_from_id) DO UPDATE SET reason = excluded.reason",
        params![b.protected_id, b.withheld_from_id, b.reason],
    )?;
    tx.audit(
        Some(review_id),
        "barrier",
        format!("{}/{}", b.protected_id, b.withheld_from_id),
        "create",
        None::<&()>,
        Some(b),
    )
}
