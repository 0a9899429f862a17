//! What the dashboard reads: one short row per review and one per person, kept by triggers
//! (schema 6), and the few records it needs whole (restrictions and clearances).
//!
//! Why short rows: every page of an encrypted workbook is decrypted and authenticated when it
//! is read, and whole rows carry JSON bodies the dashboard does not need. The briefs hold
//! the dashboard's fields already extracted, so reading them parses nothing but dates and
//! a small map of key dates.

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, Row};

use crate::domain::catalogue::Catalogue;
use crate::domain::member::{Clearance, InvolvementStatus, Restriction};
use crate::domain::nation::{Nation, ReviewType};
use crate::domain::phase::Phase;
use crate::domain::timescales::KeyDate;
use crate::error::{Error, Result};

/// A review as the dashboard sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct ReviewBrief {
    pub id: i64,
    pub reference: String,
    pub nation: Nation,
    pub review_type: ReviewType,
    pub phase: Phase,
    pub pseudonym: String,
    pub update_cadence_days: u32,
    pub retention_until: Option<NaiveDate>,
    pub key_dates: BTreeMap<KeyDate, NaiveDate>,
    /// Review-level checks closed at or before the review's phase.
    pub closed_checks: usize,
}

/// A person as the dashboard sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct MemberBrief {
    pub id: i64,
    pub review_id: i64,
    pub status: InvolvementStatus,
    pub position: Phase,
    /// The name the person goes by: their preferred name, else their full name.
    pub display_name: String,
    /// The person's own update cadence, if any.
    pub cadence: Option<u32>,
    /// The day the person was added.
    pub since: Option<NaiveDate>,
    pub last_reached: Option<NaiveDate>,
    /// The cadence in the person's latest terms of engagement, if they set one.
    pub terms_cadence: Option<u32>,
    /// The person's checks closed at or before their position.
    pub closed_checks: usize,
}

/// Every review, by id.
pub fn reviews(conn: &Connection) -> Result<Vec<ReviewBrief>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, reference, nation, review_type, phase, pseudonym, cadence,
                retention_until, key_dates, closed_checks
         FROM review_brief ORDER BY id",
    )?;
    let mut rows = stmt.query([])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        let id: i64 = r.get(0)?;
        let damaged = |what: &str| Error::Damaged(format!("review {id} has {what}"));
        let nation = text(r, 2)?;
        let review_type = text(r, 3)?;
        let phase: u8 = r.get(4)?;
        let key_dates: BTreeMap<KeyDate, &str> =
            serde_json::from_str(text(r, 8)?).map_err(|_| damaged("unreadable key dates"))?;
        out.push(ReviewBrief {
            id,
            reference: r.get(1)?,
            nation: Nation::parse(nation)
                .ok_or_else(|| damaged(&format!("an unknown nation {nation:?}")))?,
            review_type: ReviewType::parse(review_type)
                .ok_or_else(|| damaged(&format!("an unknown type {review_type:?}")))?,
            phase: Phase::from_number(phase).ok_or_else(|| damaged(&format!("phase {phase}")))?,
            pseudonym: r.get(5)?,
            update_cadence_days: r
                .get::<_, Option<u32>>(6)?
                .ok_or_else(|| damaged("no update cadence"))?,
            retention_until: match text_or_null(r, 7)? {
                None => None,
                Some(d) => Some(iso_date(d).ok_or_else(|| damaged("an unreadable date"))?),
            },
            key_dates: key_dates
                .into_iter()
                .map(|(k, d)| Ok((k, iso_date(d).ok_or_else(|| damaged("an unreadable date"))?)))
                .collect::<Result<_>>()?,
            closed_checks: usize::try_from(r.get::<_, i64>(9)?).unwrap_or(0),
        });
    }
    Ok(out)
}

/// Every person, by id.
pub fn members(conn: &Connection) -> Result<Vec<MemberBrief>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, review_id, status, position, display_name, cadence, since,
                last_reached, terms_cadence, closed_checks
         FROM member_brief ORDER BY id",
    )?;
    let mut rows = stmt.query([])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        let id: i64 = r.get(0)?;
        let damaged = |what: &str| Error::Damaged(format!("person {id} has {what}"));
        let status = text(r, 2)?;
        let position: u8 = r.get(3)?;
        let date = |i: usize| -> Result<Option<NaiveDate>> {
            match text_or_null(r, i)? {
                None => Ok(None),
                Some(d) => Ok(Some(
                    iso_date(d).ok_or_else(|| damaged("an unreadable date"))?,
                )),
            }
        };
        out.push(MemberBrief {
            id,
            review_id: r.get(1)?,
            status: InvolvementStatus::parse(status)
                .ok_or_else(|| damaged(&format!("an unknown involvement {status:?}")))?,
            position: Phase::from_number(position)
                .ok_or_else(|| damaged(&format!("position {position}")))?,
            display_name: r.get(4)?,
            cadence: r.get(5)?,
            since: date(6)?,
            last_reached: date(7)?,
            terms_cadence: r.get(8)?,
            closed_checks: usize::try_from(r.get::<_, i64>(9)?).unwrap_or(0),
        });
    }
    Ok(out)
}

/// A person's restrictions and the clearances given for them.
pub type Guard = (Vec<Restriction>, Vec<Clearance>);

/// Restrictions and clearances of everyone who has any, by person.
pub fn restrictions_and_clearances(conn: &Connection) -> Result<HashMap<i64, Guard>> {
    let mut out: HashMap<i64, Guard> = HashMap::new();
    let mut stmt = conn.prepare_cached("SELECT member_id, id, body FROM restrictions")?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let mut x: Restriction = serde_json::from_str(text(r, 2)?)?;
        x.id = r.get(1)?;
        out.entry(r.get(0)?).or_default().0.push(x);
    }
    let mut stmt = conn.prepare_cached("SELECT member_id, id, body FROM clearances")?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let mut x: Clearance = serde_json::from_str(text(r, 2)?)?;
        x.id = r.get(1)?;
        out.entry(r.get(0)?).or_default().1.push(x);
    }
    Ok(out)
}

/// Brings the stored phase of every check status, and so the counts of closed checks, in
/// line with the embedded catalogue, when the workbook was last counted with a different
/// one (a newer version may move a check to another phase, drop it, or change its nations).
/// Cheap when nothing changed: one read of `meta`.
pub fn align_check_phases(conn: &mut Connection) -> Result<()> {
    let catalogue = Catalogue::embedded();
    let fingerprint = catalogue.phases_fingerprint();
    let stored: Option<String> = conn
        .query_row(
            "SELECT value FROM meta WHERE key = 'check_phases'",
            [],
            |r| r.get(0),
        )
        .optional()?;
    if stored.as_deref() == Some(fingerprint.as_str()) {
        return Ok(());
    }
    let tx = conn.transaction()?;
    tx.execute_batch(
        "CREATE TEMP TABLE check_phase (
             nation TEXT NOT NULL, check_id TEXT NOT NULL, phase INTEGER NOT NULL,
             PRIMARY KEY (nation, check_id)) WITHOUT ROWID",
    )?;
    {
        let mut put = tx.prepare("INSERT INTO temp.check_phase VALUES (?1, ?2, ?3)")?;
        for nation in Nation::ALL {
            for c in catalogue.for_nation(nation) {
                put.execute(rusqlite::params![nation.slug(), c.id, c.phase.number()])?;
            }
        }
    }
    tx.execute_batch(
        "UPDATE check_statuses SET phase = (
             SELECT p.phase FROM temp.check_phase p, reviews r
             WHERE r.id = check_statuses.review_id AND p.nation = r.nation
               AND p.check_id = check_statuses.check_id);
         UPDATE review_brief SET closed_checks = (
             SELECT count(*) FROM check_statuses c
             WHERE c.review_id = review_brief.id AND c.member_id = 0
               AND c.phase <= review_brief.phase AND c.dash_status <> 'to-do');
         UPDATE member_brief SET closed_checks = (
             SELECT count(*) FROM check_statuses c
             WHERE c.review_id = member_brief.review_id AND c.member_id = member_brief.id
               AND c.phase <= member_brief.position AND c.dash_status <> 'to-do');
         DROP TABLE temp.check_phase;",
    )?;
    tx.execute(
        "INSERT INTO meta (key, value) VALUES ('check_phases', ?1)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        [&fingerprint],
    )?;
    tx.commit()?;
    Ok(())
}

/// A text column, borrowed rather than copied.
fn text<'a>(r: &'a Row, i: usize) -> Result<&'a str> {
    text_or_null(r, i)?.ok_or_else(|| Error::Damaged(format!("a missing value in column {i}")))
}

fn text_or_null<'a>(r: &'a Row, i: usize) -> Result<Option<&'a str>> {
    Ok(r.get_ref(i)?.as_str_or_null().map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, Box::new(e))
    })?)
}

/// `YYYY-MM-DD` as stored by the workbook, read without a format parser (the dashboard reads
/// a few dates per person). Anything else is `None`.
pub fn iso_date(s: &str) -> Option<NaiveDate> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        b[r].iter().try_fold(0u32, |acc, c| {
            c.is_ascii_digit().then(|| acc * 10 + u32::from(c - b'0'))
        })
    };
    let year = i32::try_from(num(0..4)?).ok()?;
    NaiveDate::from_ymd_opt(year, num(5..7)?, num(8..10)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_dates() {
        let check = |s: &str, want: Option<(i32, u32, u32)>| {
            let want = want.and_then(|(y, m, d)| NaiveDate::from_ymd_opt(y, m, d));
            assert_eq!(iso_date(s), want, "{s:?}");
            // The same as chrono's own parser for the stored form.
            assert_eq!(
                iso_date(s),
                s.parse::<NaiveDate>().ok().filter(|_| s.len() == 10),
                "{s:?}"
            );
        };
        check("2026-11-26", Some((2026, 11, 26)));
        check("2024-02-29", Some((2024, 2, 29)));
        check("2025-02-29", None);
        check("2026-13-01", None);
        check("2026-1-01", None);
        check("2026/11/26", None);
        check("２０２６-11-26", None);
        check("", None);
        check("2026-11-2x", None);
    }
}
