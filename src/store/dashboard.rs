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
use crate::domain::closed::CLOSED_FROM;
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
    /// The person's latest terms ask to see the draft.
    pub wants_draft: bool,
}

/// Which reviews the dashboard reads: its search and filters, as SQL parameters.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    /// Part of the reference or of the child's pseudonym, any case (ASCII letters).
    pub text: Option<String>,
    pub nation: Option<Nation>,
    pub phase: Option<Phase>,
    /// Only closed reviews (`Some(true)`), only open ones (`Some(false)`), or both; closed as
    /// `domain::closed` says, on `today`.
    pub closed: Option<bool>,
    pub today: Option<NaiveDate>,
    /// Only these reviews, by id.
    pub ids: Option<Vec<i64>>,
}

/// The condition a review's short row meets to be selected (parameters as
/// [`Selection::params`] gives them). Closed: `domain::closed::is_closed`, in SQL.
const SELECTED: &str = "(?1 IS NULL OR reference LIKE ?1 ESCAPE '\\' OR pseudonym LIKE ?1 ESCAPE '\\')
     AND (?2 IS NULL OR nation = ?2)
     AND (?3 IS NULL OR phase = ?3)
     AND (?4 IS NULL OR (phase >= ?5 OR (retention_until IS NOT NULL AND retention_until < ?6)) = ?4)
     AND {IDS}";

/// [`SELECTED`] for `sel`: its last condition only the reviews listed (found by their
/// ids), or every one.
fn selected(sel: &Selection) -> String {
    SELECTED.replace(
        "{IDS}",
        &super::records::in_listed("id", 7, sel.ids.is_some()),
    )
}

impl Selection {
    fn is_everything(&self) -> bool {
        self.unfiltered() && self.ids.is_none()
    }

    /// No search and no filter (the ids listed aside).
    fn unfiltered(&self) -> bool {
        self.text.is_none()
            && self.nation.is_none()
            && self.phase.is_none()
            && self.closed.is_none()
    }

    fn params(&self) -> Vec<Box<dyn rusqlite::ToSql>> {
        let pattern = self.text.as_ref().map(|t| {
            let escaped: String = t
                .chars()
                .flat_map(|c| match c {
                    '%' | '_' | '\\' => vec!['\\', c],
                    c => vec![c],
                })
                .collect();
            format!("%{escaped}%")
        });
        vec![
            Box::new(pattern),
            Box::new(self.nation.map(|n| n.slug())),
            Box::new(self.phase.map(Phase::number)),
            Box::new(self.closed),
            Box::new(CLOSED_FROM.number()),
            Box::new(self.today.map(|d| d.format("%Y-%m-%d").to_string())),
            // A JSON array, read by `json_each`.
            Box::new(
                self.ids
                    .as_ref()
                    .and_then(|ids| serde_json::to_string(ids).ok()),
            ),
        ]
    }
}

/// How many reviews there are, how many of them are closed, and how many of those are past
/// their retention date: one pass over the short rows, nothing parsed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Counts {
    pub reviews: usize,
    pub closed: usize,
    pub closed_past_retention: usize,
}

pub fn counts(conn: &Connection, today: NaiveDate) -> Result<Counts> {
    let mut stmt = conn.prepare_cached(
        "SELECT count(*), coalesce(sum(closed), 0), coalesce(sum(closed AND past), 0)
         FROM (SELECT (phase >= ?1 OR (retention_until IS NOT NULL AND retention_until < ?2))
                          AS closed,
                      (retention_until IS NOT NULL AND retention_until < ?2) AS past
               FROM review_brief)",
    )?;
    let today = today.format("%Y-%m-%d").to_string();
    let (a, b, c): (i64, i64, i64) = stmt
        .query_row(rusqlite::params![CLOSED_FROM.number(), today], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })?;
    let n = |x: i64| usize::try_from(x).unwrap_or(0);
    Ok(Counts {
        reviews: n(a),
        closed: n(b),
        closed_past_retention: n(c),
    })
}

/// Every review, by id.
pub fn reviews(conn: &Connection) -> Result<Vec<ReviewBrief>> {
    reviews_selected(conn, &Selection::default())
}

/// The reviews a [`Selection`] picks, by id: the search and filters are applied in SQL, so
/// the rows of reviews not shown are never read into the program.
pub fn reviews_selected(conn: &Connection, sel: &Selection) -> Result<Vec<ReviewBrief>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT id, reference, nation, review_type, phase, pseudonym, cadence,
                retention_until, key_dates, closed_checks
         FROM review_brief WHERE {} ORDER BY id",
        selected(sel)
    ))?;
    let mut rows = stmt.query(rusqlite::params_from_iter(sel.params()))?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        out.push(review_row(r)?);
    }
    Ok(out)
}

fn review_row(r: &Row) -> Result<ReviewBrief> {
    let id: i64 = r.get(0)?;
    let damaged = |what: &str| Error::Damaged(format!("review {id} has {what}"));
    let nation = text(r, 2)?;
    let review_type = text(r, 3)?;
    let phase: u8 = r.get(4)?;
    let key_dates: BTreeMap<KeyDate, &str> =
        serde_json::from_str(text(r, 8)?).map_err(|_| damaged("unreadable key dates"))?;
    Ok(ReviewBrief {
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
    })
}

/// Every person, by id.
pub fn members(conn: &Connection) -> Result<Vec<MemberBrief>> {
    members_selected(conn, &Selection::default())
}

/// The people of the reviews a [`Selection`] picks, by id.
pub fn members_selected(conn: &Connection, sel: &Selection) -> Result<Vec<MemberBrief>> {
    let only_listed = sel.ids.is_some() && sel.unfiltered();
    let mut stmt = if sel.is_everything() {
        conn.prepare_cached(
            "SELECT id, review_id, status, position, display_name, cadence, since,
                    last_reached, terms_cadence, closed_checks, wants_draft
             FROM member_brief ORDER BY id",
        )?
    } else if only_listed {
        // The people of the reviews listed, through their index (schema 13).
        conn.prepare_cached(&format!(
            "SELECT id, review_id, status, position, display_name, cadence, since,
                    last_reached, terms_cadence, closed_checks, wants_draft
             FROM member_brief WHERE {} ORDER BY id",
            super::records::in_listed("review_id", 7, true)
        ))?
    } else {
        conn.prepare_cached(&format!(
            "SELECT id, review_id, status, position, display_name, cadence, since,
                    last_reached, terms_cadence, closed_checks, wants_draft
             FROM member_brief
             WHERE review_id IN (SELECT id FROM review_brief WHERE {}) ORDER BY id",
            selected(sel)
        ))?
    };
    let mut rows = if sel.is_everything() {
        stmt.query([])?
    } else {
        stmt.query(rusqlite::params_from_iter(sel.params()))?
    };
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
            wants_draft: r.get(10)?,
        });
    }
    Ok(out)
}

/// A person's restrictions and the clearances given for them.
pub type Guard = (Vec<Restriction>, Vec<Clearance>);

/// Restrictions and clearances of everyone who has any, by person.
pub fn restrictions_and_clearances(
    conn: &Connection,
    reviews: Option<&[i64]>,
) -> Result<HashMap<i64, Guard>> {
    let mut out: HashMap<i64, Guard> = HashMap::new();
    let ids = super::records::json_ids(reviews);
    let of_people = |table: &str| {
        format!(
            "SELECT member_id, id, body FROM {table} WHERE {}",
            super::records::in_people_of("member_id", reviews)
        )
    };
    let mut stmt = conn.prepare_cached(&of_people("restrictions"))?;
    let mut rows = stmt.query([&ids])?;
    while let Some(r) = rows.next()? {
        let mut x: Restriction = serde_json::from_str(text(r, 2)?)?;
        x.id = r.get(1)?;
        out.entry(r.get(0)?).or_default().0.push(x);
    }
    let mut stmt = conn.prepare_cached(&of_people("clearances"))?;
    let mut rows = stmt.query([&ids])?;
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
