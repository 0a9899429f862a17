//! The records the Due list reads across every review (`workbook::due`): only those that
//! carry a date to act by, each found through an index (schema 11) or a short table.

use rusqlite::Connection;

use super::records as rec;
use crate::domain::records::{Contact, Decision, DocumentIssued, Feedback};
use crate::domain::voice::{Question, SharingSession};
use crate::error::Result;

/// Contacts that count and carry a follow-up date.
pub fn follow_ups(conn: &Connection) -> Result<Vec<Contact>> {
    rec::matching(
        conn,
        "json_extract(body, '$.follow_up_due') IS NOT NULL AND entered_in_error = 0",
    )
}

/// Visits and calls still planned.
pub fn planned(conn: &Connection) -> Result<Vec<Contact>> {
    rec::matching(conn, "outcome = 'planned' AND entered_in_error = 0")
}

/// Visits and calls that were planned and then cancelled (the calendar takes them away).
pub fn cancelled(conn: &Connection) -> Result<Vec<Contact>> {
    rec::matching(conn, "outcome = 'cancelled' AND entered_in_error = 0")
}

/// Every decision (a review has a handful).
pub fn decisions(conn: &Connection) -> Result<Vec<Decision>> {
    rec::all(conn)
}

/// Feedback forms made for a person.
pub fn feedback_forms(conn: &Connection) -> Result<Vec<DocumentIssued>> {
    rec::matching(
        conn,
        "member_id IS NOT NULL AND json_extract(body, '$.kind') = 'feedback-form'",
    )
}

/// Feedback returned by a person (anonymous returns name nobody).
pub fn returned(conn: &Connection) -> Result<Vec<Feedback>> {
    rec::matching(conn, "member_id IS NOT NULL")
}

/// The family's questions still waiting for the review.
pub fn waiting_questions(conn: &Connection) -> Result<Vec<Question>> {
    rec::matching(conn, "status IN ('open', 'being-looked-into')")
}

/// Every draft session, with its comments (two queries, whatever the number of reviews).
pub fn sessions(conn: &Connection) -> Result<Vec<SharingSession>> {
    Ok(super::voice::with_comments(
        rec::all(conn)?,
        rec::all(conn)?,
    ))
}
