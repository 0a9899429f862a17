//! The records the evaluation across reviews reads (`workbook::evaluation`): feedback forms
//! made, feedback returned and the reviews they belong to, filtered here by nation and by
//! date so that a partnership's year never reads the whole workbook's history.

use chrono::NaiveDate;
use rusqlite::{params, Connection};

use crate::domain::evaluation::Sent;
use crate::domain::nation::Nation;
use crate::domain::records::Feedback;
use crate::error::Result;

/// Which records to read. Dates are inclusive; `None` is open-ended.
#[derive(Debug, Clone, Copy, Default)]
pub struct Filter {
    pub nation: Option<Nation>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

impl Filter {
    fn texts(&self) -> (Option<&'static str>, Option<String>, Option<String>) {
        (
            self.nation.map(Nation::slug),
            self.from.map(|d| d.to_string()),
            self.to.map(|d| d.to_string()),
        )
    }
}

/// Feedback forms made for someone, by the day each was made.
pub fn sent(conn: &Connection, filter: &Filter) -> Result<Vec<Sent>> {
    let (nation, from, to) = filter.texts();
    let mut stmt = conn.prepare_cached(
        "SELECT d.review_id, substr(d.made_at, 1, 10) FROM documents_issued d
           JOIN reviews r ON r.id = d.review_id
          WHERE json_extract(d.body, '$.kind') = 'feedback-form'
            AND (?1 IS NULL OR r.nation = ?1)
            AND (?2 IS NULL OR substr(d.made_at, 1, 10) >= ?2)
            AND (?3 IS NULL OR substr(d.made_at, 1, 10) <= ?3)",
    )?;
    let rows = stmt.query_map(params![nation, from, to], |r| {
        Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (review_id, day) = row?;
        // A date the store wrote itself; one it cannot read is left out, not guessed.
        if let Ok(made_on) = NaiveDate::parse_from_str(&day, "%Y-%m-%d") {
            out.push(Sent { review_id, made_on });
        }
    }
    Ok(out)
}

/// Feedback returned, by the day it was received.
pub fn returned(conn: &Connection, filter: &Filter) -> Result<Vec<Feedback>> {
    let (nation, from, to) = filter.texts();
    let mut stmt = conn.prepare_cached(
        "SELECT f.id, f.body FROM feedback f
           JOIN reviews r ON r.id = f.review_id
          WHERE (?1 IS NULL OR r.nation = ?1)
            AND (?2 IS NULL OR json_extract(f.body, '$.received_on') >= ?2)
            AND (?3 IS NULL OR json_extract(f.body, '$.received_on') <= ?3)
          ORDER BY f.id",
    )?;
    let rows = stmt.query_map(params![nation, from, to], |r| {
        Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?))
    })?;
    rows.map(|r| {
        let (id, body) = r?;
        let mut f: Feedback = serde_json::from_str(&body)?;
        f.id = id;
        Ok(f)
    })
    .collect()
}

/// Every review's id, reference and nation (references go into an export only when asked).
pub fn reviews(conn: &Connection) -> Result<Vec<(i64, String, String)>> {
    let mut stmt =
        conn.prepare_cached("SELECT id, reference, nation FROM reviews ORDER BY reference")?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}
