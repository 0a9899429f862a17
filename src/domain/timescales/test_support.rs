//! Helpers shared by the calendar's and the targets' tests. Each concern has one
//! `check_*` helper fed a table of cases. Most tables are plain text, one case a line,
//! `#` for comments, so they stay readable; a failure names the case's line.

use chrono::NaiveDate;

use super::{HolidayCalendar, TargetSet, TimescaleError};
use crate::domain::nation::Jurisdiction;

pub(super) const EW: Jurisdiction = Jurisdiction::EnglandAndWales;
pub(super) const SC: Jurisdiction = Jurisdiction::Scotland;
pub(super) const NI: Jurisdiction = Jurisdiction::NorthernIreland;

pub(super) fn cal() -> &'static HolidayCalendar {
    HolidayCalendar::embedded()
}

pub(super) fn targets() -> &'static TargetSet {
    TargetSet::embedded()
}

/// A date in a test table; `max` is chrono's last date.
pub(super) fn d(s: &str) -> NaiveDate {
    if s == "max" {
        return NaiveDate::MAX;
    }
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_else(|e| panic!("test date {s}: {e}"))
}

pub(super) fn j(s: &str) -> Jurisdiction {
    match s {
        "ew" => EW,
        "sc" => SC,
        "ni" => NI,
        _ => panic!("test jurisdiction {s}: use ew, sc or ni"),
    }
}

pub(super) fn num<T: std::str::FromStr>(s: &str) -> T {
    s.parse()
        .unwrap_or_else(|_| panic!("test number {s:?} does not parse"))
}

/// The cases of a text table: (the case's text, its whitespace-separated words).
pub(super) fn rows(table: &str) -> impl Iterator<Item = (&str, Vec<&str>)> {
    table
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| (l, l.split_whitespace().collect()))
}

// ---- damaged data --------------------------------------------------------------

/// Each case edits a valid `base` file and must fail to load with the given kind
/// of error, a message containing the given text, on one line. A case reads
/// `find => replace ; parse|invalid ; text`: the first `find` (with `\n` for a line
/// break) becomes `replace`, which may be empty.
pub(super) fn check_damaged<T: std::fmt::Debug>(
    base: &str,
    load: fn(&str) -> Result<T, TimescaleError>,
    table: &str,
) {
    if let Err(e) = load(base) {
        panic!("the base file must load: {e}");
    }
    for (case, _) in rows(table) {
        let parts: Vec<&str> = case.split(" ; ").collect();
        let [change, kind, needle] = parts[..] else {
            panic!("case: {case}: want `find => replace ; kind ; text`");
        };
        let (find, replace) = change
            .split_once("=>")
            .unwrap_or_else(|| panic!("case: {case}: no =>"));
        let (find, replace) = (
            find.trim().replace("\\n", "\n"),
            replace.trim().replace("\\n", "\n"),
        );
        assert!(
            base.contains(&find),
            "case: {case}: {find:?} is not in the base file"
        );
        let src = base.replacen(&find, &replace, 1);
        let (got_kind, message) = match load(&src) {
            Err(TimescaleError::Parse(m)) => ("parse", m),
            Err(TimescaleError::Invalid(m)) => ("invalid", m),
            other => panic!("case: {case}: got {other:?}"),
        };
        assert_eq!(got_kind, kind, "case: {case}: {message}");
        assert!(message.contains(needle), "case: {case}: {message:?}");
        assert!(
            !message.contains('\n'),
            "case: {case}: not one line: {message}"
        );
    }
}
