//! Timescales: bank holidays, working days and review targets, kept as data plus rules.
//!
//! The figures change (a one-off bank holiday is proclaimed, guidance is revised, a
//! partnership sets its own target), so they live in two embedded, editable TOML files:
//! `assets/bank-holidays.toml` (every bank holiday per jurisdiction, 2018 to 2030) and
//! `assets/timescales.toml` (statutory and guidance targets per nation and review type).
//! This module holds only the rules: how to count working days, how a target turns a key
//! date into a due date, and how a due date compares with today.
//!
//! It is pure on purpose. It reads no files (the assets are compiled in with
//! `include_str!`), never looks at the clock (callers pass `today`), and keeps no state
//! beyond the parsed embedded data. So the desktop app, the CLI and the tests get the
//! same answer for the same dates, offline, and every rule can be tested with fixed dates.
//!
//! Nothing here panics on user data. Loading checks the data and returns
//! [`TimescaleError`] with a one-line message; date arithmetic that would leave the
//! years the calendar covers returns [`TimescaleError::OutsideCalendar`] instead of
//! guessing. The only `expect` is on the embedded assets, which are build inputs checked
//! by this module's tests.
//!
//! Working-day rules, in one place:
//! - a working day is Monday to Friday and not a bank holiday of that jurisdiction
//!   (England and Wales share one calendar);
//! - "n working days after a date" does not count the date itself: one working day after
//!   a Friday is the Monday (or the next working day after it);
//! - n = 0 means "the first working day on or after the date" (before: "on or before"),
//!   so a due date always lands on a working day;
//! - a walk that leaves the covered years stops with `OutsideCalendar`, because bank
//!
//! Two files for the two kinds of data: `calendar` (bank holidays, working days) and
//! `targets` (statutory timescales, due dates and due states), each with its tests. This
//! file holds what both share: the error, the key dates and the jurisdictions.

mod calendar;
mod targets;
#[cfg(test)]
mod test_support;

pub use calendar::HolidayCalendar;
pub use targets::{due_state, next_update_due, Direction, DueState, Interval, Target, TargetSet};

use chrono::{Datelike, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};

use crate::domain::nation::Jurisdiction;

/// Why timescale data could not be loaded or a date could not be worked out.
/// Every message is a single line, fit to show the author as it is.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TimescaleError {
    /// The TOML could not be read (syntax, an unknown field, a wrong type).
    #[error("could not read the timescale data: {0}")]
    Parse(String),
    /// The TOML was read but breaks a rule (a weekend holiday, a duplicate id, ...).
    #[error("the timescale data is not valid: {0}")]
    Invalid(String),
    /// Working days were counted into a year the bank-holiday calendar does not cover.
    #[error("{date} is outside the years the bank-holiday calendar covers, so working days cannot be counted there")]
    OutsideCalendar { date: NaiveDate },
}

// ---------------------------------------------------------------------------------------
// Key dates

/// The dates of a review that targets count from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum KeyDate {
    /// The date the serious incident became known (in England, to the local authority).
    Incident,
    /// The date the incident was notified (in England, to the Panel).
    Notification,
    /// The date of the decision to hold the review.
    Decision,
    /// The date the author was commissioned.
    Commissioned,
    /// The date the terms of reference were agreed.
    TorAgreed,
    /// The target date for completing the review.
    TargetCompletion,
    /// The date the draft or findings were shared with the family.
    DraftShared,
    /// The date the final report was approved (in Scotland, ratified by the Chief Officers
    /// Group).
    ReportApproved,
    /// The planned publication date.
    PlannedPublication,
    /// The date the report was published.
    ActualPublication,
}

impl KeyDate {
    pub const ALL: [KeyDate; 10] = [
        KeyDate::Incident,
        KeyDate::Notification,
        KeyDate::Decision,
        KeyDate::Commissioned,
        KeyDate::TorAgreed,
        KeyDate::TargetCompletion,
        KeyDate::DraftShared,
        KeyDate::ReportApproved,
        KeyDate::PlannedPublication,
        KeyDate::ActualPublication,
    ];

    /// The stable identifier used in data files and the database (same as serde's).
    pub fn slug(self) -> &'static str {
        match self {
            KeyDate::Incident => "incident",
            KeyDate::Notification => "notification",
            KeyDate::Decision => "decision",
            KeyDate::Commissioned => "commissioned",
            KeyDate::TorAgreed => "tor-agreed",
            KeyDate::TargetCompletion => "target-completion",
            KeyDate::DraftShared => "draft-shared",
            KeyDate::ReportApproved => "report-approved",
            KeyDate::PlannedPublication => "planned-publication",
            KeyDate::ActualPublication => "actual-publication",
        }
    }

    pub fn parse(s: &str) -> Option<KeyDate> {
        KeyDate::ALL.into_iter().find(|k| k.slug() == s)
    }

    /// Plain-English name for forms and lists.
    pub fn label(self) -> &'static str {
        match self {
            KeyDate::Incident => "Date the serious incident became known",
            KeyDate::Notification => "Date the incident was notified",
            KeyDate::Decision => "Date of the decision to hold the review",
            KeyDate::Commissioned => "Date the author was commissioned",
            KeyDate::TorAgreed => "Date the terms of reference were agreed",
            KeyDate::TargetCompletion => "Target date for completing the review",
            KeyDate::DraftShared => "Date the draft was shared with the family",
            KeyDate::ReportApproved => "Date the final report was approved",
            KeyDate::PlannedPublication => "Planned publication date",
            KeyDate::ActualPublication => "Date the report was published",
        }
    }
}

fn jurisdiction_slug(j: Jurisdiction) -> &'static str {
    match j {
        Jurisdiction::EnglandAndWales => "england-and-wales",
        Jurisdiction::Scotland => "scotland",
        Jurisdiction::NorthernIreland => "northern-ireland",
    }
}

const JURISDICTIONS: [Jurisdiction; 3] = [
    Jurisdiction::EnglandAndWales,
    Jurisdiction::Scotland,
    Jurisdiction::NorthernIreland,
];

fn jurisdiction_index(j: Jurisdiction) -> usize {
    match j {
        Jurisdiction::EnglandAndWales => 0,
        Jurisdiction::Scotland => 1,
        Jurisdiction::NorthernIreland => 2,
    }
}

fn is_weekend(d: NaiveDate) -> bool {
    matches!(d.weekday(), Weekday::Sat | Weekday::Sun)
}

/// A TOML error as one line: "<what>, line N: message".
fn parse_error(what: &str, src: &str, e: &toml::de::Error) -> TimescaleError {
    let message = e.message().split_whitespace().collect::<Vec<_>>().join(" ");
    match e.span() {
        Some(span) => {
            let line = src
                .as_bytes()
                .iter()
                .take(span.start)
                .filter(|b| **b == b'\n')
                .count()
                + 1;
            TimescaleError::Parse(format!("{what}, line {line}: {message}"))
        }
        None => TimescaleError::Parse(format!("{what}: {message}")),
    }
}

#[cfg(test)]
mod tests {
    //! Each concern has one `check_*` helper fed a table of cases (see `test_support`).

    use super::test_support::*;
    use super::*;

    // ---- identifiers and messages --------------------------------------------------

    #[test]
    fn key_date_slugs_match_serde_and_parse() {
        #[derive(Serialize, Deserialize)]
        struct Row {
            k: KeyDate,
        }
        for k in KeyDate::ALL {
            let text = toml::to_string(&Row { k }).unwrap();
            assert_eq!(text.trim(), format!("k = \"{}\"", k.slug()), "{k:?}");
            assert_eq!(KeyDate::parse(k.slug()), Some(k));
            let back: Row = toml::from_str(&text).unwrap();
            assert_eq!(back.k, k);
        }
        assert_eq!(KeyDate::parse("Incident"), None);
        assert_eq!(KeyDate::parse("tor_agreed"), None);
        assert_eq!(KeyDate::parse("tor-agreed"), Some(KeyDate::TorAgreed));
    }

    #[test]
    fn outside_calendar_message_is_one_line() {
        let e = TimescaleError::OutsideCalendar {
            date: d("2031-01-01"),
        };
        let text = e.to_string();
        assert!(text.starts_with("2031-01-01 is outside"), "{text}");
        assert!(!text.contains('\n'));
    }
}
