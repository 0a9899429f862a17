//! The records the Due list reads across every review (`workbook::due`): only those that
//! carry a date to act by, each found through an index (schemas 11 and 12) or a short table.
//! Each reads every review (`None`) or only those listed (after this connection's own
//! writes, the reviews they changed).

use std::collections::HashMap;

use chrono::NaiveDate;
use rusqlite::Connection;

use super::records as rec;
use crate::domain::records::{Contact, Decision};
use crate::domain::voice::{Question, SharingSession};
use crate::error::Result;

/// Contacts that count and carry a follow-up date.
pub fn follow_ups(conn: &Connection, reviews: Option<&[i64]>) -> Result<Vec<Contact>> {
    rec::matching_in(
        conn,
        "json_extract(body, '$.follow_up_due') IS NOT NULL AND entered_in_error = 0",
        reviews,
    )
}

/// Visits and calls still planned.
pub fn planned(conn: &Connection, reviews: Option<&[i64]>) -> Result<Vec<Contact>> {
    rec::matching_in(
        conn,
        "outcome = 'planned' AND entered_in_error = 0",
        reviews,
    )
}

/// Visits and calls that were planned and then cancelled (the calendar takes them away).
pub fn cancelled(conn: &Connection, reviews: Option<&[i64]>) -> Result<Vec<Contact>> {
    rec::matching_in(
        conn,
        "outcome = 'cancelled' AND entered_in_error = 0",
        reviews,
    )
}

/// Every decision (a review has a handful).
pub fn decisions(conn: &Connection, reviews: Option<&[i64]>) -> Result<Vec<Decision>> {
    rec::matching_in(conn, "1", reviews)
}

/// A feedback form made for a person: only what the list needs of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FormSent {
    pub id: i64,
    pub review_id: i64,
    pub member_id: i64,
    pub made_on: NaiveDate,
}

/// Feedback forms made for a person, found through their partial index (schema 12) without
/// reading any document's body.
///
/// The review is matched as `+review_id`, which keeps SQLite off the index of documents by
/// review: for one review (the dashboard after a change) it chose that index, then read the
/// body of every document the review ever had to find the few feedback forms. After sixty
/// sheet batches that was 10 ms of every dashboard after a change (54 ms the first time);
/// the partial index holds only the forms, however many other documents there are.
pub fn feedback_forms(conn: &Connection, reviews: Option<&[i64]>) -> Result<Vec<FormSent>> {
    let mut stmt = conn.prepare_cached(&feedback_forms_sql(reviews))?;
    let rows = stmt.query_map([rec::json_ids(reviews)], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, i64>(1)?,
            r.get::<_, i64>(2)?,
            r.get::<_, String>(3)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (id, review_id, member_id, day) = row?;
        // A date the store wrote itself; one it cannot read is left out, not guessed.
        if let Some(made_on) = super::dashboard::iso_date(&day) {
            out.push(FormSent {
                id,
                review_id,
                member_id,
                made_on,
            });
        }
    }
    Ok(out)
}

fn feedback_forms_sql(reviews: Option<&[i64]>) -> String {
    format!(
        "SELECT id, review_id, member_id, substr(made_at, 1, 10) FROM documents_issued
          WHERE json_extract(body, '$.kind') = 'feedback-form' AND member_id IS NOT NULL
            AND {}",
        rec::in_reviews("+review_id", reviews)
    )
}

/// Each person's latest returned feedback (anonymous returns name nobody), by the day it
/// was received, from the index on who returned it and when (schema 12): no body is read.
pub fn latest_returns(
    conn: &Connection,
    reviews: Option<&[i64]>,
) -> Result<HashMap<i64, NaiveDate>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT member_id, max(json_extract(body, '$.received_on')) FROM feedback
          WHERE member_id IS NOT NULL AND {} GROUP BY member_id",
        rec::in_reviews("review_id", reviews)
    ))?;
    let rows = stmt.query_map([rec::json_ids(reviews)], |r| {
        Ok((r.get::<_, i64>(0)?, r.get::<_, Option<String>>(1)?))
    })?;
    let mut out = HashMap::new();
    for row in rows {
        let (member, day) = row?;
        if let Some(d) = day.as_deref().and_then(super::dashboard::iso_date) {
            out.insert(member, d);
        }
    }
    Ok(out)
}

/// The family's questions still waiting for the review.
pub fn waiting_questions(conn: &Connection, reviews: Option<&[i64]>) -> Result<Vec<Question>> {
    rec::matching_in(conn, "status IN ('open', 'being-looked-into')", reviews)
}

/// Every draft session, with its comments (two queries, whatever the number of reviews).
pub fn sessions(conn: &Connection, reviews: Option<&[i64]>) -> Result<Vec<SharingSession>> {
    Ok(super::voice::with_comments(
        rec::matching_in(conn, "1", reviews)?,
        rec::matching_in(conn, "1", reviews)?,
    ))
}

#[cfg(test)]
mod tests {
    use super::rec::{in_people_of, in_reviews};
    use crate::store::{Completeness, Store};

    fn plan_of(store: &Store, sql: &str, ids: &str) -> Vec<String> {
        store
            .conn()
            .prepare(&format!("EXPLAIN QUERY PLAN {sql}"))
            .expect("plan")
            .query_map([ids], |r| r.get::<_, String>(3))
            .expect("rows")
            .collect::<std::result::Result<_, _>>()
            .expect("plan rows")
    }

    /// The feedback forms sent, for one review or a few (the dashboard after a change),
    /// come from the partial index that holds only the forms, never from the index of
    /// every document by review, whose rows would each have their body read and
    /// decrypted to find the few forms among them.
    #[test]
    fn feedback_forms_come_from_their_own_index() {
        let dir = tempfile::tempdir().expect("dir");
        let store = Store::create(
            &dir.path().join("w.kindred"),
            "test passphrase",
            Completeness::Complete,
        )
        .expect("create");
        for (few, ids) in [(&[1_i64][..], "[1]"), (&[1, 2][..], "[1,2]")] {
            let plan = plan_of(&store, &super::feedback_forms_sql(Some(few)), ids);
            assert!(
                plan.iter()
                    .any(|step| step.contains("INDEX documents_feedback_forms")),
                "feedback forms of {ids} not read from their index: {plan:#?}"
            );
            assert!(
                !plan.iter().any(|step| step.contains("documents_review")),
                "feedback forms of {ids} read through every document of the review: {plan:#?}"
            );
        }
    }

    /// Read for a few reviews (after this connection's own writes), every table the
    /// dashboard and the Due list read across reviews is searched through an index on its
    /// review (or its people's), never scanned whole: the cost of bringing the pass up to
    /// date does not grow with the workbook.
    #[test]
    fn reads_for_a_few_reviews_go_through_an_index() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("w.kindred");
        let store =
            Store::create(&path, "test passphrase", Completeness::Complete).expect("create");
        let few = Some(&[1_i64, 2][..]);
        let of_review = |table: &str| {
            format!(
                "SELECT * FROM {table} WHERE {}",
                in_reviews("review_id", few)
            )
        };
        let of_people = |table: &str| {
            format!(
                "SELECT * FROM {table} WHERE {}",
                in_people_of("member_id", few)
            )
        };
        let mut reads: Vec<(String, String)> = [
            "contacts",
            "decisions",
            "questions",
            "sharing_sessions",
            "draft_comments",
            "documents_issued",
            "feedback",
            "targets_met",
            "parallel_processes",
            "members",
            "member_brief",
        ]
        .iter()
        .map(|t| (t.to_string(), of_review(t)))
        .collect();
        for t in ["restrictions", "clearances"] {
            reads.push((t.to_string(), of_people(t)));
        }
        for (table, sql) in reads {
            let plan = plan_of(&store, &sql, "[1,2]");
            assert!(
                !plan
                    .iter()
                    .any(|step| step.starts_with(&format!("SCAN {table}"))
                        && !step.contains("INDEX")),
                "{table} is read whole for two reviews: {plan:#?}"
            );
        }
    }
}
