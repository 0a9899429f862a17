//! The calendar: planned visits and calls and the deadlines not yet met, as an iCalendar
//! file (RFC 5545) for the author's own calendar. A calendar leaves the encrypted workbook
//! and is usually synced to a server, so an event carries the review's reference and a
//! generic title ("Visit — DEMO-ENG-01", "Deadline: review report completed — DEMO-ENG-01")
//! and nothing else: no name, no address, no note, no parallel process's detail. The visit's
//! place is added only when the author asks for it.
//!
//! Each event's UID is stable (the record's kind and id, and the review's reference), so
//! importing the file again updates the events instead of duplicating them; a visit that
//! was cancelled is written as cancelled, so the calendar takes it away.

use std::path::{Path, PathBuf};

use chrono::NaiveDateTime;
use icalendar::{Calendar, Component, EventLike, EventStatus};

use super::Workbook;
use crate::domain::due::{DueKind, PlannedKind};
use crate::domain::records::{Contact, ContactOutcome};
use crate::error::Result;
use crate::files::{self, Existing, WriteOptions};
use crate::store;

/// What the calendar holds.
#[derive(Debug, Clone, Copy, Default)]
pub struct CalendarOptions<'a> {
    /// One review only (its reference or id).
    pub review: Option<&'a str>,
    /// Add each visit's place (off by default: a place can say where someone lives).
    pub with_location: bool,
}

/// A written calendar.
#[derive(Debug, Clone, serde::Serialize)]
pub struct WrittenCalendar {
    pub path: PathBuf,
    pub visits: usize,
    pub cancelled: usize,
    pub deadlines: usize,
}

/// How long a timed visit is shown for.
const VISIT_HOURS: i64 = 1;

impl Workbook {
    /// The calendar as iCalendar text, with counts of what is in it.
    pub fn calendar(&self, opts: &CalendarOptions) -> Result<(String, WrittenCalendar)> {
        let only = match opts.review {
            Some(key) => Some(self.review(key)?.id),
            None => None,
        };
        let conn = self.store.conn();
        let mut counts = WrittenCalendar {
            path: PathBuf::new(),
            visits: 0,
            cancelled: 0,
            deadlines: 0,
        };
        let mut cal = Calendar::empty();
        cal.append_property(("VERSION", "2.0"))
            .append_property(("PRODID", "-//Kindred//Kindred review workbook//EN"))
            .append_property(("CALSCALE", "GREGORIAN"))
            .append_property(("METHOD", "PUBLISH"))
            .name("Kindred");
        // One pass over the dashboard's rows gives the references and the deadlines.
        let gathered = self.gather_due()?;
        let one = only.map(|id| [id]);
        let reviews = one.as_ref().map(|r| &r[..]);
        let mut contacts: Vec<Contact> = store::due::planned(conn, reviews)?;
        contacts.extend(store::due::cancelled(conn, reviews)?);
        contacts.sort_by_key(|c| (c.date, c.id));
        for c in &contacts {
            let Some((reference, _)) = gathered.reviews.get(&c.review_id) else {
                continue;
            };
            let title = format!("{} — {reference}", visit_word(c));
            let mut e = icalendar::Event::new();
            e.uid(&format!("contact-{}.{reference}@kindred", c.id))
                .summary(&title);
            match c.time {
                Some(t) => {
                    let start = NaiveDateTime::new(c.date, t);
                    e.starts(start)
                        .ends(start + chrono::Duration::hours(VISIT_HOURS));
                }
                None => {
                    all_day(&mut e, c.date);
                }
            }
            if opts.with_location {
                if let Some(place) = c.location.as_deref().filter(|p| !p.trim().is_empty()) {
                    e.location(place);
                }
            }
            if c.outcome == ContactOutcome::Cancelled {
                e.status(EventStatus::Cancelled);
                counts.cancelled += 1;
            } else {
                e.status(EventStatus::Confirmed);
                counts.visits += 1;
            }
            cal.push(e.done());
        }
        for d in gathered
            .items
            .iter()
            .filter(|d| d.kind == DueKind::Deadline)
            .filter(|d| only.is_none_or(|r| d.review_id == r))
        {
            let what = if d.record.kind == "target" {
                format!("Deadline: {} — {}", d.what, d.reference)
            } else {
                format!("Key date — {}", d.reference)
            };
            // The UID names the target, or for a parallel process only its date: its label
            // can say what the case is.
            let key = if d.record.kind == "target" {
                slug(&d.what)
            } else {
                d.due.format("%Y%m%d").to_string()
            };
            let mut e = icalendar::Event::new();
            e.uid(&format!("deadline-{key}.{}@kindred", d.reference))
                .summary(&what);
            all_day(&mut e, d.due);
            cal.push(e.done());
            counts.deadlines += 1;
        }
        Ok((cal.done().to_string(), counts))
    }

    /// Writes the calendar to `path` through the one file writer.
    pub fn write_calendar(
        &self,
        opts: &CalendarOptions,
        path: &Path,
        existing: Existing,
    ) -> Result<WrittenCalendar> {
        let (text, mut counts) = self.calendar(opts)?;
        let protected = self.store.protected();
        counts.path = files::write(
            path,
            text.as_bytes(),
            WriteOptions::new(existing, &protected),
        )?;
        Ok(counts)
    }
}

/// An all-day event: RFC 5545 ends it (exclusively) on the next day.
fn all_day(e: &mut icalendar::Event, day: chrono::NaiveDate) {
    e.starts(day);
    if let Some(next) = day.succ_opt() {
        e.ends(next);
    }
}

/// "Visit" or "Call": the kind of contact, never who it is with.
fn visit_word(c: &Contact) -> &'static str {
    match PlannedKind::of(c.mode) {
        PlannedKind::Visit => "Visit",
        PlannedKind::Call => "Call",
        PlannedKind::Letter | PlannedKind::Message | PlannedKind::Contact => "Contact",
    }
}

/// A stable, plain part of a UID from a deadline's label.
fn slug(s: &str) -> String {
    let mut out = String::new();
    for ch in s.chars() {
        if ch.is_ascii_alphanumeric() {
            out.push(ch.to_ascii_lowercase());
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_matches('-').chars().take(60).collect()
}
