//! Queries for the family's-voice records (schema 9): lines of enquiry, questions,
//! contributions, findings, draft-sharing sessions and their comments. Each is a JSON body
//! through the generic record queries of `records`; a session is read with its comments.

use rusqlite::Connection;

use super::records::{self as rec, body_record, BodyRecord};
use super::Tx;
use crate::domain::voice::*;
use crate::error::Result;

body_record!(LineOfEnquiry, "enquiry_lines", "line-of-enquiry", |self| Some(self.review_id), [
    "review_id" => self.review_id,
    "status" => match self.status {
        LineStatus::Open => "open",
        LineStatus::Covered => "covered",
        LineStatus::Dropped { .. } => "dropped",
    }.to_string(),
]);
body_record!(Question, "questions", "question", |self| Some(self.review_id), [
    "review_id" => self.review_id,
    "asked_on" => self.asked_on.to_string(),
    "status" => self.status.slug().to_string(),
]);
body_record!(Contribution, "contributions", "contribution", |self| Some(self.review_id), [
    "review_id" => self.review_id,
    "member_id" => self.member_id,
    "date" => self.date.to_string(),
]);
body_record!(Finding, "findings", "finding", |self| Some(self.review_id), [
    "review_id" => self.review_id,
    "status" => self.status.slug().to_string(),
]);
body_record!(SharingSession, "sharing_sessions", "sharing-session", |self| Some(self.review_id), [
    "review_id" => self.review_id,
    "date" => self.date.to_string(),
]);
body_record!(DraftComment, "draft_comments", "draft-comment", |self| Some(self.review_id), [
    "review_id" => self.review_id,
    "session_id" => self.session_id,
    "awaiting" => i64::from(self.awaiting_response()),
]);

pub fn lines(conn: &Connection, review_id: i64) -> Result<Vec<LineOfEnquiry>> {
    rec::list(conn, "review_id", review_id, "id")
}

/// The order a review's dated records are listed in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Order {
    /// By their date, then as recorded: what the screens show.
    ByDate,
    /// As recorded (by id): what a bundle holds, so that importing it and exporting again
    /// keeps its order (docs/bundle-format.md, "Normal form").
    AsRecorded,
}

impl Order {
    /// The `ORDER BY` clause, given the one that orders by date.
    fn sql(self, by_date: &'static str) -> &'static str {
        match self {
            Order::ByDate => by_date,
            Order::AsRecorded => "id",
        }
    }
}

pub fn questions(conn: &Connection, review_id: i64, order: Order) -> Result<Vec<Question>> {
    rec::list(conn, "review_id", review_id, order.sql("asked_on, id"))
}

pub fn contributions(conn: &Connection, review_id: i64, order: Order) -> Result<Vec<Contribution>> {
    rec::list(conn, "review_id", review_id, order.sql("date, id"))
}

pub fn findings(conn: &Connection, review_id: i64) -> Result<Vec<Finding>> {
    rec::list(conn, "review_id", review_id, "id")
}

/// A review's sharing sessions, each with its comments (comments as recorded).
pub fn sessions(conn: &Connection, review_id: i64, order: Order) -> Result<Vec<SharingSession>> {
    Ok(with_comments(
        rec::list(conn, "review_id", review_id, order.sql("date, id"))?,
        rec::list(conn, "review_id", review_id, "id")?,
    ))
}

/// Sessions with their comments put in them (comments in the order given).
pub(crate) fn with_comments(
    mut sessions: Vec<SharingSession>,
    comments: Vec<DraftComment>,
) -> Vec<SharingSession> {
    let at: std::collections::HashMap<i64, usize> = sessions
        .iter()
        .enumerate()
        .map(|(i, s)| (s.id, i))
        .collect();
    for c in comments {
        if let Some(&i) = at.get(&c.session_id) {
            sessions[i].comments.push(c);
        }
    }
    sessions
}

/// One session with its comments.
pub fn session(conn: &Connection, id: i64) -> Result<SharingSession> {
    let mut s: SharingSession = rec::get(conn, id)?;
    s.comments = rec::list(conn, "session_id", id, "id")?;
    Ok(s)
}

/// The stored body of a session never holds its comments (they are rows of their own).
pub fn without_comments(s: &SharingSession) -> SharingSession {
    SharingSession {
        comments: Vec::new(),
        ..s.clone()
    }
}

/// What the family is still waiting for in one review: their questions not yet answered
/// (with the oldest one's date) and their comments on the draft awaiting a response.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Waiting {
    pub questions: usize,
    pub oldest_question: Option<chrono::NaiveDate>,
    pub comments: usize,
}

/// Every review's [`Waiting`], in two grouped queries (the dashboard reads it whole).
pub fn waiting(
    conn: &Connection,
    reviews: Option<&[i64]>,
) -> Result<std::collections::HashMap<i64, Waiting>> {
    let mut out: std::collections::HashMap<i64, Waiting> = std::collections::HashMap::new();
    let ids = rec::json_ids(reviews);
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT review_id, count(*), min(asked_on) FROM questions
         WHERE status IN ('open', 'being-looked-into') AND {} GROUP BY review_id",
        rec::in_reviews("review_id", reviews)
    ))?;
    let rows = stmt.query_map([&ids], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, i64>(1)?,
            r.get::<_, String>(2)?,
        ))
    })?;
    for row in rows {
        let (review, n, oldest) = row?;
        let w = out.entry(review).or_default();
        w.questions = usize::try_from(n).unwrap_or(0);
        w.oldest_question = oldest.parse().ok();
    }
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT review_id, count(*) FROM draft_comments WHERE awaiting = 1 AND {}
         GROUP BY review_id",
        rec::in_reviews("review_id", reviews)
    ))?;
    let rows = stmt.query_map([&ids], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?)))?;
    for row in rows {
        let (review, n) = row?;
        out.entry(review).or_default().comments = usize::try_from(n).unwrap_or(0);
    }
    Ok(out)
}

/// Who each draft session showed the draft to, as (review, person): each session's list
/// read once. The dashboard matches it against the people whose latest terms ask to see
/// the draft, which their short rows say (`MemberBrief::wants_draft`, schema 14).
pub fn draft_shown(
    conn: &Connection,
    reviews: Option<&[i64]>,
) -> Result<std::collections::HashSet<(i64, i64)>> {
    let ids = rec::json_ids(reviews);
    let mut shown = std::collections::HashSet::new();
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT s.review_id, j.value FROM sharing_sessions s, json_each(s.body, '$.member_ids') j
         WHERE {}",
        rec::in_reviews("s.review_id", reviews)
    ))?;
    for row in stmt.query_map([&ids], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?)))? {
        shown.insert(row?);
    }
    Ok(shown)
}

/// The author's edited involvement summary (a JSON body), if any.
pub fn saved_summary(conn: &Connection, review_id: i64) -> Result<Option<String>> {
    use rusqlite::OptionalExtension;
    Ok(conn
        .query_row(
            "SELECT body FROM involvement_summaries WHERE review_id = ?1",
            [review_id],
            |r| r.get(0),
        )
        .optional()?)
}

pub fn save_summary(tx: &Tx, review_id: i64, body: &str) -> Result<()> {
    let old = saved_summary(tx, review_id)?;
    tx.execute(
        "INSERT INTO involvement_summaries (review_id, body) VALUES (?1, ?2)
         ON CONFLICT (review_id) DO UPDATE SET body = excluded.body",
        rusqlite::params![review_id, body],
    )?;
    let json = |s: &str| serde_json::from_str::<serde_json::Value>(s).ok();
    tx.audit(
        Some(review_id),
        "involvement-summary",
        review_id,
        if old.is_some() { "update" } else { "create" },
        old.as_deref().and_then(json).as_ref(),
        json(body).as_ref(),
    )
}

pub fn forget_summary(tx: &Tx, review_id: i64) -> Result<()> {
    let Some(old) = saved_summary(tx, review_id)? else {
        return Ok(());
    };
    tx.execute(
        "DELETE FROM involvement_summaries WHERE review_id = ?1",
        [review_id],
    )?;
    tx.audit(
        Some(review_id),
        "involvement-summary",
        review_id,
        "delete",
        serde_json::from_str::<serde_json::Value>(&old)
            .ok()
            .as_ref(),
        None::<&()>,
    )
}
