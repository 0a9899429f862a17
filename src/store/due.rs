//! The records the Due list reads across every review (`workbook::due`): only those that
//! carry a date to act by, each found through an index (schema 11) or a short table.

use rusqlite::Connection;

use super::records::{self as rec, BodyRecord};
use crate::domain::records::{Contact, Decision, DocumentIssued, Feedback};
use crate::domain::voice::{Question, SharingSession};
use crate::error::Result;

/// Records matching `filter`, in no order (an ORDER BY would lead SQLite to walk the whole
/// table by id instead of the partial index; the Due list sorts what it finds).
fn filtered<T: BodyRecord>(conn: &Connection, filter: &str) -> Result<Vec<T>> {
    let mut stmt =
        conn.prepare_cached(&format!("SELECT id, body FROM {} WHERE {filter}", T::TABLE))?;
    let rows = stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))?;
    rows.map(|r| {
        let (id, body) = r?;
        let mut rec: T = serde_json::from_str(&body)?;
        rec.set_id(id);
        Ok(rec)
    })
    .collect()
}

/// Contacts that count and carry a follow-up date.
pub fn follow_ups(conn: &Connection) -> Result<Vec<Contact>> {
    filtered(
        conn,
        "json_extract(body, '$.follow_up_due') IS NOT NULL AND entered_in_error = 0",
    )
}

/// Visits and calls still planned.
pub fn planned(conn: &Connection) -> Result<Vec<Contact>> {
    filtered(conn, "outcome = 'planned' AND entered_in_error = 0")
}

/// Visits and calls that were planned and then cancelled (the calendar takes them away).
pub fn cancelled(conn: &Connection) -> Result<Vec<Contact>> {
    filtered(conn, "outcome = 'cancelled' AND entered_in_error = 0")
}

/// Every decision (a review has a handful).
pub fn decisions(conn: &Connection) -> Result<Vec<Decision>> {
    rec::all(conn)
}

/// Feedback forms made for a person.
pub fn feedback_forms(conn: &Connection) -> Result<Vec<DocumentIssued>> {
    filtered(
        conn,
        "member_id IS NOT NULL AND json_extract(body, '$.kind') = 'feedback-form'",
    )
}

/// Feedback returned by a person (anonymous returns name nobody).
pub fn returned(conn: &Connection) -> Result<Vec<Feedback>> {
    filtered(conn, "member_id IS NOT NULL")
}

/// The family's questions still waiting for the review.
pub fn waiting_questions(conn: &Connection) -> Result<Vec<Question>> {
    filtered(conn, "status IN ('open', 'being-looked-into')")
}

/// Every draft session, with its comments.
pub fn sessions(conn: &Connection) -> Result<Vec<SharingSession>> {
    let mut stmt = conn.prepare_cached("SELECT DISTINCT review_id FROM sharing_sessions")?;
    let reviews = stmt
        .query_map([], |r| r.get::<_, i64>(0))?
        .collect::<std::result::Result<Vec<i64>, _>>()?;
    let mut out = Vec::new();
    for r in reviews {
        out.extend(super::voice::sessions(conn, r)?);
    }
    Ok(out)
}
