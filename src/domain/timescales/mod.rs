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
//!   holidays there are unknown.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

use chrono::{Datelike, Days, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};

use crate::domain::nation::{Jurisdiction, Nation, ReviewType};

const HOLIDAYS_TOML: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/assets/bank-holidays.toml"
));
const TARGETS_TOML: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/assets/timescales.toml"
));

/// Years a bank-holiday file may list: keeps every working-day walk short.
const MIN_YEAR: i32 = 1900;
const MAX_YEAR: i32 = 2200;
/// Limits on a target's interval: they catch typos (600 months) and keep every due date
/// far inside the dates chrono can represent.
const MAX_WORKING_DAYS: u32 = 1_000;
const MAX_CALENDAR_DAYS: u32 = 3_660;
const MAX_MONTHS: u32 = 120;
/// Limits on a target's text fields.
const MAX_ID_CHARS: usize = 64;
const MAX_LABEL_CHARS: usize = 300;
const MAX_SOURCE_CHARS: usize = 4_000;

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

// ---------------------------------------------------------------------------------------
// Bank holidays

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCalendar {
    version: String,
    jurisdiction: Vec<RawJurisdiction>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawJurisdiction {
    id: Jurisdiction,
    year: Vec<RawYear>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawYear {
    year: i32,
    provisional: bool,
    holidays: Vec<RawHoliday>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawHoliday {
    date: toml::value::Datetime,
    name: String,
}

#[derive(Debug, Clone, PartialEq, Default)]
struct JurisdictionCalendar {
    holidays: BTreeMap<NaiveDate, String>,
    provisional: BTreeSet<i32>,
}

/// Bank holidays of the three UK jurisdictions over a run of whole years, checked on load.
#[derive(Debug, Clone, PartialEq)]
pub struct HolidayCalendar {
    version: String,
    first_year: i32,
    last_year: i32,
    /// Indexed by [`jurisdiction_index`].
    calendars: [JurisdictionCalendar; 3],
}

impl HolidayCalendar {
    /// The calendar compiled in from `assets/bank-holidays.toml`.
    #[allow(clippy::expect_used)]
    pub fn embedded() -> &'static HolidayCalendar {
        static CALENDAR: OnceLock<HolidayCalendar> = OnceLock::new();
        CALENDAR.get_or_init(|| {
            HolidayCalendar::from_toml(HOLIDAYS_TOML)
                .expect("assets/bank-holidays.toml is checked by the timescales tests")
        })
    }

    /// Reads and checks a bank-holiday file. Each date must be a plain date in its own
    /// year, on a weekday, listed once per jurisdiction, with a name; every jurisdiction
    /// must be present once and cover the same unbroken run of years.
    pub fn from_toml(src: &str) -> Result<HolidayCalendar, TimescaleError> {
        let raw: RawCalendar =
            toml::from_str(src).map_err(|e| parse_error("bank holidays", src, &e))?;
        let invalid = |m: String| TimescaleError::Invalid(format!("bank holidays: {m}"));

        if raw.version.trim().is_empty() {
            return Err(invalid("the version is empty".into()));
        }
        let mut calendars: [Option<JurisdictionCalendar>; 3] = [None, None, None];
        let mut spans: [Option<(i32, i32)>; 3] = [None, None, None];

        for rj in raw.jurisdiction {
            let j = jurisdiction_slug(rj.id);
            let idx = jurisdiction_index(rj.id);
            if calendars[idx].is_some() {
                return Err(invalid(format!("{j} is listed twice")));
            }
            let mut cal = JurisdictionCalendar::default();
            let mut years = BTreeSet::new();
            for ry in rj.year {
                let y = ry.year;
                if !(MIN_YEAR..=MAX_YEAR).contains(&y) {
                    return Err(invalid(format!(
                        "{j}: the year {y} is outside {MIN_YEAR}-{MAX_YEAR}"
                    )));
                }
                if !years.insert(y) {
                    return Err(invalid(format!("{j} lists the year {y} twice")));
                }
                if ry.holidays.is_empty() {
                    return Err(invalid(format!("{j} {y} has no holidays")));
                }
                if ry.provisional {
                    cal.provisional.insert(y);
                }
                for h in ry.holidays {
                    let date = plain_date(&h.date).ok_or_else(|| {
                        invalid(format!("{j} {y}: {} is not a plain date", h.date))
                    })?;
                    if date.year() != y {
                        return Err(invalid(format!("{j} {y}: {date} is not in {y}")));
                    }
                    if is_weekend(date) {
                        return Err(invalid(format!(
                            "{j} {y}: {date} is a {}; bank holidays fall on weekdays",
                            weekday_name(date.weekday())
                        )));
                    }
                    let name = h.name.trim();
                    if name.is_empty() {
                        return Err(invalid(format!("{j} {y}: {date} has no name")));
                    }
                    if cal.holidays.insert(date, name.to_string()).is_some() {
                        return Err(invalid(format!("{j} {y}: {date} is listed twice")));
                    }
                }
            }
            let (Some(&first), Some(&last)) = (years.first(), years.last()) else {
                return Err(invalid(format!("{j} has no years")));
            };
            if i64::from(last) - i64::from(first) + 1 != years.len() as i64 {
                return Err(invalid(format!(
                    "{j} skips a year between {first} and {last}"
                )));
            }
            spans[idx] = Some((first, last));
            calendars[idx] = Some(cal);
        }

        let mut span: Option<(i32, i32)> = None;
        for j in JURISDICTIONS {
            let Some(this) = spans[jurisdiction_index(j)] else {
                return Err(invalid(format!("{} is missing", jurisdiction_slug(j))));
            };
            match span {
                None => span = Some(this),
                Some(s) if s != this => {
                    return Err(invalid(format!(
                        "{} covers {}-{} but england-and-wales covers {}-{}; every jurisdiction must cover the same years",
                        jurisdiction_slug(j),
                        this.0,
                        this.1,
                        s.0,
                        s.1
                    )))
                }
                Some(_) => {}
            }
        }
        let (Some((first_year, last_year)), [Some(ew), Some(sc), Some(ni)]) = (span, calendars)
        else {
            return Err(invalid("no jurisdictions".into()));
        };
        Ok(HolidayCalendar {
            version: raw.version.trim().to_string(),
            first_year,
            last_year,
            calendars: [ew, sc, ni],
        })
    }

    fn calendar(&self, j: Jurisdiction) -> &JurisdictionCalendar {
        &self.calendars[jurisdiction_index(j)]
    }

    /// The data version from the file, for display and audit.
    pub fn version(&self) -> &str {
        &self.version
    }

    /// First covered year.
    pub fn first_year(&self) -> i32 {
        self.first_year
    }

    /// Last covered year.
    pub fn last_year(&self) -> i32 {
        self.last_year
    }

    /// True when the file marks that year's dates as computed rather than published.
    /// False for years the calendar does not cover: check [`Self::covers`] first.
    pub fn is_provisional(&self, j: Jurisdiction, year: i32) -> bool {
        self.calendar(j).provisional.contains(&year)
    }

    /// The bank holidays of one jurisdiction in one year, in date order.
    pub fn holidays_in(
        &self,
        j: Jurisdiction,
        year: i32,
    ) -> impl Iterator<Item = (NaiveDate, &str)> {
        let range = match (
            NaiveDate::from_ymd_opt(year, 1, 1),
            NaiveDate::from_ymd_opt(year, 12, 31),
        ) {
            (Some(a), Some(b)) => Some(a..=b),
            _ => None,
        };
        range
            .into_iter()
            .flat_map(move |r| self.calendar(j).holidays.range(r))
            .map(|(d, n)| (*d, n.as_str()))
    }

    /// Whether `d` is a bank holiday there. Always false outside the covered years.
    pub fn is_bank_holiday(&self, j: Jurisdiction, d: NaiveDate) -> bool {
        self.calendar(j).holidays.contains_key(&d)
    }

    /// The holiday's name as published, with "(substitute day)" where it moved.
    pub fn holiday_name(&self, j: Jurisdiction, d: NaiveDate) -> Option<&str> {
        self.calendar(j).holidays.get(&d).map(String::as_str)
    }

    /// Monday to Friday and not a bank holiday there. Outside the covered years only the
    /// weekend is known, so check [`Self::covers`] before relying on it.
    pub fn is_working_day(&self, j: Jurisdiction, d: NaiveDate) -> bool {
        !is_weekend(d) && !self.is_bank_holiday(j, d)
    }

    /// Whether `d` falls in a year the calendar covers (the same years for every
    /// jurisdiction).
    pub fn covers(&self, d: NaiveDate) -> bool {
        (self.first_year..=self.last_year).contains(&d.year())
    }

    fn check_covered(&self, d: NaiveDate) -> Result<(), TimescaleError> {
        if self.covers(d) {
            Ok(())
        } else {
            Err(TimescaleError::OutsideCalendar { date: d })
        }
    }

    /// One calendar day forward or back, staying inside the covered years.
    fn step(&self, d: NaiveDate, forward: bool) -> Result<NaiveDate, TimescaleError> {
        let next = if forward { d.succ_opt() } else { d.pred_opt() };
        match next {
            Some(n) if self.covers(n) => Ok(n),
            Some(n) => Err(TimescaleError::OutsideCalendar { date: n }),
            None => Err(TimescaleError::OutsideCalendar { date: d }),
        }
    }

    fn walk(
        &self,
        j: Jurisdiction,
        from: NaiveDate,
        n: u32,
        forward: bool,
    ) -> Result<NaiveDate, TimescaleError> {
        self.check_covered(from)?;
        let mut d = from;
        if n == 0 {
            while !self.is_working_day(j, d) {
                d = self.step(d, forward)?;
            }
            return Ok(d);
        }
        let mut left = n;
        while left > 0 {
            d = self.step(d, forward)?;
            if self.is_working_day(j, d) {
                left -= 1;
            }
        }
        Ok(d)
    }

    /// The date `n` working days after `from`; `from` itself is not counted, and it may
    /// be a weekend or holiday (one working day after Saturday is Monday, if Monday is
    /// a working day). `n = 0` gives the first working day on or after `from`.
    /// `OutsideCalendar` if `from`, or any day the count passes, is not covered.
    pub fn add_working_days(
        &self,
        j: Jurisdiction,
        from: NaiveDate,
        n: u32,
    ) -> Result<NaiveDate, TimescaleError> {
        self.walk(j, from, n, true)
    }

    /// The date `n` working days before `from`, counted the same way backwards.
    /// `n = 0` gives the last working day on or before `from`.
    pub fn subtract_working_days(
        &self,
        j: Jurisdiction,
        from: NaiveDate,
        n: u32,
    ) -> Result<NaiveDate, TimescaleError> {
        self.walk(j, from, n, false)
    }

    /// Working days after `from` up to and including `to`; negative when `to` is earlier
    /// (then the working days after `to` up to and including `from`). Matches
    /// [`Self::add_working_days`]: for n >= 1, `between(from, add(from, n)) == n`.
    pub fn working_days_between(
        &self,
        j: Jurisdiction,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<i64, TimescaleError> {
        self.check_covered(from)?;
        self.check_covered(to)?;
        let (low, high, sign) = if from <= to {
            (from, to, 1)
        } else {
            (to, from, -1)
        };
        let count = low
            .iter_days()
            .skip(1)
            .take_while(|d| *d <= high)
            .filter(|d| self.is_working_day(j, *d))
            .count();
        Ok(sign * count as i64)
    }
}

fn plain_date(dt: &toml::value::Datetime) -> Option<NaiveDate> {
    match (dt.date, dt.time, dt.offset) {
        (Some(d), None, None) => {
            NaiveDate::from_ymd_opt(i32::from(d.year), u32::from(d.month), u32::from(d.day))
        }
        _ => None,
    }
}

fn weekday_name(w: Weekday) -> &'static str {
    match w {
        Weekday::Mon => "Monday",
        Weekday::Tue => "Tuesday",
        Weekday::Wed => "Wednesday",
        Weekday::Thu => "Thursday",
        Weekday::Fri => "Friday",
        Weekday::Sat => "Saturday",
        Weekday::Sun => "Sunday",
    }
}

// ---------------------------------------------------------------------------------------
// Targets

/// How far a target lies from its key date. In TOML: `{ working-days = 5 }`,
/// `{ calendar-days = 7 }` or `{ months = 6 }`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Interval {
    /// Weekdays that are not bank holidays in the target's nation.
    WorkingDays(u32),
    CalendarDays(u32),
    /// Same day of the month, or the month's last day when that month is shorter.
    Months(u32),
}

impl Interval {
    /// "5 working days", "1 month", "7 calendar days".
    pub fn describe(self) -> String {
        let (n, one, many) = match self {
            Interval::WorkingDays(n) => (n, "working day", "working days"),
            Interval::CalendarDays(n) => (n, "calendar day", "calendar days"),
            Interval::Months(n) => (n, "month", "months"),
        };
        format!("{n} {}", if n == 1 { one } else { many })
    }

    fn count_and_limit(self) -> (u32, u32) {
        match self {
            Interval::WorkingDays(n) => (n, MAX_WORKING_DAYS),
            Interval::CalendarDays(n) => (n, MAX_CALENDAR_DAYS),
            Interval::Months(n) => (n, MAX_MONTHS),
        }
    }
}

/// Whether the target falls after or before its key date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Direction {
    After,
    Before,
}

/// One timescale: "`interval` `direction` `from`", for one nation's reviews.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Target {
    pub id: String,
    pub nation: Nation,
    /// Empty means every review type of that nation.
    #[serde(default)]
    pub review_types: Vec<ReviewType>,
    pub label: String,
    pub from: KeyDate,
    pub interval: Interval,
    pub direction: Direction,
    pub source: String,
    /// The figure is recalled or a placeholder: check it before relying on it.
    pub verify: bool,
    /// The key date whose recording completes the target (the Panel notified, the report
    /// approved): once it is recorded the target is met. None: only the author can mark it
    /// met.
    #[serde(default)]
    pub met_by: Option<KeyDate>,
}

impl Target {
    /// The bank-holiday calendar its working days use.
    pub fn jurisdiction(&self) -> Jurisdiction {
        Jurisdiction::from(self.nation)
    }

    /// Whether it applies to a review of this type.
    pub fn applies_to(&self, t: ReviewType) -> bool {
        t.nation() == self.nation
            && (self.review_types.is_empty() || self.review_types.contains(&t))
    }

    /// The due date for this key date. Working days use the nation's bank holidays and
    /// may fail with `OutsideCalendar`; months keep the day of the month, clamped to the
    /// month's end (31 January + 1 month = 28 or 29 February).
    pub fn due(
        &self,
        key_date: NaiveDate,
        cal: &HolidayCalendar,
    ) -> Result<NaiveDate, TimescaleError> {
        let too_far = || {
            TimescaleError::Invalid(format!(
                "target {}: {} {} {key_date} is beyond the dates Kindred can handle",
                self.id,
                self.interval.describe(),
                match self.direction {
                    Direction::After => "after",
                    Direction::Before => "before",
                }
            ))
        };
        let j = self.jurisdiction();
        match (self.interval, self.direction) {
            (Interval::WorkingDays(n), Direction::After) => cal.add_working_days(j, key_date, n),
            (Interval::WorkingDays(n), Direction::Before) => {
                cal.subtract_working_days(j, key_date, n)
            }
            (Interval::CalendarDays(n), Direction::After) => key_date
                .checked_add_days(Days::new(u64::from(n)))
                .ok_or_else(too_far),
            (Interval::CalendarDays(n), Direction::Before) => key_date
                .checked_sub_days(Days::new(u64::from(n)))
                .ok_or_else(too_far),
            (Interval::Months(n), Direction::After) => key_date
                .checked_add_months(chrono::Months::new(n))
                .ok_or_else(too_far),
            (Interval::Months(n), Direction::Before) => key_date
                .checked_sub_months(chrono::Months::new(n))
                .ok_or_else(too_far),
        }
    }

    fn validate(&self) -> Result<(), String> {
        let id = &self.id;
        let id_ok = !id.is_empty()
            && id.chars().count() <= MAX_ID_CHARS
            && id
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
            && !id.starts_with('-')
            && !id.ends_with('-');
        if !id_ok {
            return Err(format!(
                "target id {id:?} must be 1 to {MAX_ID_CHARS} lower-case letters, digits and inner hyphens"
            ));
        }
        let label = self.label.trim();
        if label.is_empty() || label.chars().count() > MAX_LABEL_CHARS {
            return Err(format!(
                "target {id}: the label must have 1 to {MAX_LABEL_CHARS} characters"
            ));
        }
        let source = self.source.trim();
        if source.is_empty() || source.chars().count() > MAX_SOURCE_CHARS {
            return Err(format!(
                "target {id}: the source must have 1 to {MAX_SOURCE_CHARS} characters"
            ));
        }
        let mut seen = BTreeSet::new();
        for t in &self.review_types {
            if t.nation() != self.nation {
                return Err(format!(
                    "target {id}: review type {} belongs to {}, not {}",
                    t.slug(),
                    t.nation().slug(),
                    self.nation.slug()
                ));
            }
            if !seen.insert(*t) {
                return Err(format!(
                    "target {id}: review type {} is listed twice",
                    t.slug()
                ));
            }
        }
        if self.met_by == Some(self.from) {
            return Err(format!(
                "target {id}: it cannot be met by the date it counts from ({})",
                self.from.slug()
            ));
        }
        let (n, limit) = self.interval.count_and_limit();
        if n == 0 || n > limit {
            return Err(format!(
                "target {id}: the interval must be 1 to {limit}, not {n}"
            ));
        }
        Ok(())
    }
}

/// Every target, with the data version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TargetSet {
    pub version: String,
    #[serde(rename = "target", default)]
    pub targets: Vec<Target>,
}

impl TargetSet {
    /// The targets compiled in from `assets/timescales.toml`.
    #[allow(clippy::expect_used)]
    pub fn embedded() -> &'static TargetSet {
        static TARGETS: OnceLock<TargetSet> = OnceLock::new();
        TARGETS.get_or_init(|| {
            TargetSet::from_toml(TARGETS_TOML)
                .expect("assets/timescales.toml is checked by the timescales tests")
        })
    }

    /// Reads and checks a targets file (see [`TargetSet::validate`]).
    pub fn from_toml(src: &str) -> Result<TargetSet, TimescaleError> {
        let set: TargetSet =
            toml::from_str(src).map_err(|e| parse_error("timescale targets", src, &e))?;
        set.validate()?;
        Ok(set)
    }

    /// Checks what serde cannot: a version; unique, well-formed ids; non-empty labels and
    /// sources; review types of the target's own nation; intervals from 1 up to a sane
    /// limit (1000 working days, 3660 calendar days, 120 months).
    pub fn validate(&self) -> Result<(), TimescaleError> {
        let invalid = |m: String| TimescaleError::Invalid(format!("timescale targets: {m}"));
        if self.version.trim().is_empty() {
            return Err(invalid("the version is empty".into()));
        }
        let mut ids = BTreeSet::new();
        for t in &self.targets {
            t.validate().map_err(invalid)?;
            if !ids.insert(t.id.as_str()) {
                return Err(invalid(format!("target id {} is used twice", t.id)));
            }
        }
        Ok(())
    }

    /// The targets that apply to a review of this type, in file order.
    pub fn for_review(&self, t: ReviewType) -> impl Iterator<Item = &Target> {
        self.targets.iter().filter(move |x| x.applies_to(t))
    }

    /// The target with this id.
    pub fn get(&self, id: &str) -> Option<&Target> {
        self.targets.iter().find(|t| t.id == id)
    }
}

// ---------------------------------------------------------------------------------------
// Due states and update cadence

/// How a due date stands today. Serialised as `{ "state": "overdue", "days-late": 3 }`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(
    tag = "state",
    rename_all = "kebab-case",
    rename_all_fields = "kebab-case"
)]
pub enum DueState {
    /// The due date has passed.
    Overdue { days_late: i64 },
    /// Due today (0) or within the "soon" window.
    DueSoon { days_left: i64 },
    /// Due after the "soon" window.
    Later { days_left: i64 },
}

/// Compares a due date with today, in calendar days. Due today is `DueSoon { days_left: 0 }`
/// whatever the window; otherwise "soon" means at most `soon_within_days` days away
/// (a negative window counts as 0).
pub fn due_state(today: NaiveDate, due: NaiveDate, soon_within_days: i64) -> DueState {
    let days = due.signed_duration_since(today).num_days();
    if days < 0 {
        DueState::Overdue { days_late: -days }
    } else if days <= soon_within_days.max(0) {
        DueState::DueSoon { days_left: days }
    } else {
        DueState::Later { days_left: days }
    }
}

/// Agreed update cadence: the next update is due `cadence_days` calendar days after the
/// last contact that reached the person, or after `since` (for example the date the
/// cadence was agreed) if none has. Saturates at the latest representable date.
pub fn next_update_due(
    last_reached: Option<NaiveDate>,
    since: NaiveDate,
    cadence_days: u32,
) -> NaiveDate {
    last_reached
        .unwrap_or(since)
        .checked_add_days(Days::new(u64::from(cadence_days)))
        .unwrap_or(NaiveDate::MAX)
}

#[cfg(test)]
mod tests {
    //! Each concern has one `check_*` helper fed a table of cases. Most tables are plain
    //! text, one case a line, `#` for comments, so they stay readable; a failure names
    //! the case's line.

    use super::*;

    const EW: Jurisdiction = Jurisdiction::EnglandAndWales;
    const SC: Jurisdiction = Jurisdiction::Scotland;
    const NI: Jurisdiction = Jurisdiction::NorthernIreland;

    fn cal() -> &'static HolidayCalendar {
        HolidayCalendar::embedded()
    }

    fn targets() -> &'static TargetSet {
        TargetSet::embedded()
    }

    /// A date in a test table; `max` is chrono's last date.
    fn d(s: &str) -> NaiveDate {
        if s == "max" {
            return NaiveDate::MAX;
        }
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_else(|e| panic!("test date {s}: {e}"))
    }

    fn j(s: &str) -> Jurisdiction {
        match s {
            "ew" => EW,
            "sc" => SC,
            "ni" => NI,
            _ => panic!("test jurisdiction {s}: use ew, sc or ni"),
        }
    }

    fn num<T: std::str::FromStr>(s: &str) -> T {
        s.parse()
            .unwrap_or_else(|_| panic!("test number {s:?} does not parse"))
    }

    /// The cases of a text table: (the case's text, its whitespace-separated words).
    fn rows(table: &str) -> impl Iterator<Item = (&str, Vec<&str>)> {
        table
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .map(|l| (l, l.split_whitespace().collect()))
    }

    // ---- bank holidays -------------------------------------------------------------

    /// `jurisdiction date name`, where name `-` means an ordinary day.
    fn check_holidays(table: &str) {
        for (case, w) in rows(table) {
            let (jur, day) = (j(w[0]), d(w[1]));
            let name = w[2..].join(" ");
            let want = (name != "-").then_some(name.as_str());
            assert_eq!(cal().holiday_name(jur, day), want, "case: {case}");
            assert_eq!(
                cal().is_bank_holiday(jur, day),
                want.is_some(),
                "case: {case}"
            );
            if want.is_some() {
                assert!(!cal().is_working_day(jur, day), "case: {case}");
            }
        }
    }

    #[test]
    fn bank_holidays_by_jurisdiction() {
        check_holidays(
            r#"
            # Easter: Good Friday everywhere, Easter Monday not in Scotland.
            ew 2024-03-29 Good Friday
            sc 2024-03-29 Good Friday
            ni 2024-03-29 Good Friday
            ew 2024-04-01 Easter Monday
            sc 2024-04-01 -
            ni 2024-04-01 Easter Monday
            ew 2027-03-29 Easter Monday
            # St Andrew's Day: Scotland only, moved to Monday from a weekend.
            sc 2020-11-30 St Andrew’s Day
            ew 2020-11-30 -
            sc 2025-11-28 -
            sc 2025-11-30 -
            sc 2025-12-01 St Andrew’s Day (substitute day)
            ew 2025-12-01 -
            sc 2019-12-02 St Andrew’s Day (substitute day)
            sc 2030-12-02 St Andrew’s Day (substitute day)
            # Northern Ireland: St Patrick's Day and the Battle of the Boyne.
            ni 2023-07-12 Battle of the Boyne (Orangemen’s Day)
            ew 2023-07-12 -
            sc 2023-07-12 -
            ni 2025-07-14 Battle of the Boyne (Orangemen’s Day) (substitute day)
            ni 2020-07-13 Battle of the Boyne (Orangemen’s Day) (substitute day)
            ni 2023-03-17 St Patrick’s Day
            ew 2023-03-17 -
            ni 2018-03-19 St Patrick’s Day (substitute day)
            ni 2024-03-18 St Patrick’s Day (substitute day)
            # 2 January: Scotland only.
            sc 2024-01-02 2nd January
            ew 2024-01-02 -
            ni 2024-01-02 -
            sc 2021-01-04 2nd January (substitute day)
            sc 2023-01-02 New Year’s Day (substitute day)
            sc 2023-01-03 2nd January (substitute day)
            ew 2023-01-03 -
            ew 2022-01-03 New Year’s Day (substitute day)
            ew 2028-01-03 New Year’s Day (substitute day)
            # Christmas and Boxing Day substitutes.
            ew 2021-12-27 Christmas Day (substitute day)
            ew 2021-12-28 Boxing Day (substitute day)
            ew 2022-12-26 Boxing Day
            ew 2022-12-27 Christmas Day (substitute day)
            sc 2022-12-27 Christmas Day (substitute day)
            ew 2022-12-28 -
            ew 2020-12-28 Boxing Day (substitute day)
            ew 2026-12-28 Boxing Day (substitute day)
            # One-off and moved days.
            ew 2020-05-04 -
            ew 2020-05-08 Early May bank holiday (VE day)
            sc 2020-05-08 Early May bank holiday (VE day)
            ew 2022-05-30 -
            ew 2022-06-02 Spring bank holiday
            ew 2022-06-03 Platinum Jubilee bank holiday
            sc 2022-06-03 Platinum Jubilee bank holiday
            ni 2022-06-03 Platinum Jubilee bank holiday
            ew 2022-09-19 Bank Holiday for the State Funeral of Queen Elizabeth II
            sc 2022-09-19 Bank Holiday for the State Funeral of Queen Elizabeth II
            ni 2022-09-19 Bank Holiday for the State Funeral of Queen Elizabeth II
            ew 2023-05-08 Bank holiday for the coronation of King Charles III
            sc 2023-05-08 Bank holiday for the coronation of King Charles III
            ni 2023-05-08 Bank holiday for the coronation of King Charles III
            sc 2026-06-15 World Cup bank holiday
            ew 2026-06-15 -
            ni 2026-06-15 -
            # Summer bank holiday: first Monday of August in Scotland, last elsewhere.
            sc 2024-08-05 Summer bank holiday
            ew 2024-08-05 -
            ni 2024-08-05 -
            ew 2024-08-26 Summer bank holiday
            ni 2024-08-26 Summer bank holiday
            sc 2024-08-26 -
            sc 2022-08-01 Summer bank holiday
            ew 2026-08-31 Summer bank holiday
            # Ordinary days.
            ew 2024-06-12 -
            ew 2024-12-24 -
            "#,
        );
    }

    /// Easter Sundays typed from published tables, one a year for every covered year:
    /// Good Friday two days before everywhere, Easter Monday the day after except in
    /// Scotland.
    #[test]
    fn easter_holidays_follow_easter_sunday() {
        let sundays = "2018-04-01 2019-04-21 2020-04-12 2021-04-04 2022-04-17 2023-04-09 \
                       2024-03-31 2025-04-20 2026-04-05 2027-03-28 2028-04-16 2029-04-01 \
                       2030-04-21";
        let years: Vec<i32> = sundays.split_whitespace().map(|s| d(s).year()).collect();
        let covered: Vec<i32> = (cal().first_year()..=cal().last_year()).collect();
        assert_eq!(years, covered);
        for sunday in sundays.split_whitespace().map(d) {
            let friday = sunday - Days::new(2);
            let monday = sunday + Days::new(1);
            for jur in JURISDICTIONS {
                let good_friday = cal().holiday_name(jur, friday);
                assert_eq!(good_friday, Some("Good Friday"), "{sunday} {jur:?}");
                let want_monday = (jur != SC).then_some("Easter Monday");
                assert_eq!(
                    cal().holiday_name(jur, monday),
                    want_monday,
                    "{sunday} {jur:?}"
                );
            }
        }
    }

    /// Holidays a year: 8 in England and Wales, 9 in Scotland, 10 in Northern Ireland,
    /// plus the one-off days (the 2020 and 2022 moves change no count).
    #[test]
    fn holiday_counts_per_year() {
        let extra = |jur: Jurisdiction, y: i32| match (jur, y) {
            (_, 2022) => 2,
            (_, 2023) => 1,
            (Jurisdiction::Scotland, 2026) => 1,
            _ => 0,
        };
        for (jur, base, want_total) in [(EW, 8, 107), (SC, 9, 121), (NI, 10, 133)] {
            let mut total = 0;
            for y in 2018..=2030 {
                let got = cal().holidays_in(jur, y).count();
                assert_eq!(got, base + extra(jur, y), "{jur:?} {y}");
                total += got;
            }
            assert_eq!(total, want_total, "{jur:?}");
            assert_eq!(cal().holidays_in(jur, 2017).count(), 0);
            assert_eq!(cal().holidays_in(jur, 2031).count(), 0);
        }
    }

    #[test]
    fn embedded_calendar_loads_and_is_marked() {
        let c = HolidayCalendar::from_toml(HOLIDAYS_TOML).expect("embedded calendar");
        assert_eq!(&c, cal());
        assert_eq!((c.first_year(), c.last_year()), (2018, 2030));
        assert!(!c.version().is_empty());
        // jurisdiction, year, provisional?
        for (jur, y, want) in [
            (EW, 2018, false),
            (EW, 2026, false),
            (SC, 2028, false),
            (EW, 2029, true),
            (SC, 2029, true),
            (NI, 2030, true),
            (NI, 2031, false),
        ] {
            assert_eq!(c.is_provisional(jur, y), want, "{jur:?} {y}");
        }
        for (date, want) in [
            ("2017-12-31", false),
            ("2018-01-01", true),
            ("2030-12-31", true),
            ("2031-01-01", false),
        ] {
            assert_eq!(c.covers(d(date)), want, "{date}");
        }
    }

    // ---- working days --------------------------------------------------------------

    /// `add|sub jurisdiction from n expected`, where expected is a date or
    /// `outside <date>` for the first uncovered date reached; n may be `max`. Every
    /// successful walk of n >= 1 must also agree with `working_days_between`.
    fn check_walk(table: &str) {
        for (case, w) in rows(table) {
            let (jur, from) = (j(w[1]), d(w[2]));
            let n: u32 = if w[3] == "max" { u32::MAX } else { num(w[3]) };
            let (got, sign) = match w[0] {
                "add" => (cal().add_working_days(jur, from, n), 1),
                "sub" => (cal().subtract_working_days(jur, from, n), -1),
                op => panic!("case: {case}: unknown op {op}"),
            };
            let want = match w[4] {
                "outside" => Err(TimescaleError::OutsideCalendar { date: d(w[5]) }),
                date => Ok(d(date)),
            };
            assert_eq!(got, want, "case: {case}");
            if let (Ok(to), true) = (got, n > 0) {
                let between = cal().working_days_between(jur, from, to);
                assert_eq!(between, Ok(sign * i64::from(n)), "case: {case}: between");
            }
        }
    }

    #[test]
    fn working_day_arithmetic() {
        check_walk(
            r#"
            # Thursday before Easter: Good Friday is off everywhere, Easter Monday only
            # outside Scotland.
            add ew 2024-03-28 1 2024-04-02
            add sc 2024-03-28 1 2024-04-01
            add ni 2024-03-28 1 2024-04-02
            add ew 2025-04-17 1 2025-04-22
            add sc 2025-04-17 1 2025-04-21
            # Friday to Monday, and the Mondays only one jurisdiction takes off.
            add ew 2024-06-07 1 2024-06-10
            add ew 2024-03-15 1 2024-03-18
            add ni 2024-03-15 1 2024-03-19
            add ni 2025-07-11 1 2025-07-15
            add ew 2025-07-11 1 2025-07-14
            add sc 2025-11-28 1 2025-12-02
            add ew 2025-11-28 1 2025-12-01
            add sc 2026-06-12 1 2026-06-16
            add sc 2024-08-02 1 2024-08-06
            add ew 2024-08-02 1 2024-08-05
            add ew 2024-08-23 1 2024-08-27
            add sc 2024-08-23 1 2024-08-26
            add ew 2022-06-01 1 2022-06-06
            # Notify the Panel: 5 working days from Fri 28 Apr 2023 pass two bank
            # holiday Mondays (Early May and the coronation).
            add ew 2023-04-28 5 2023-05-09
            # Rapid review: 15 working days across Christmas 2021 (27 and 28 Dec and
            # 3 Jan off; in Scotland 4 Jan too).
            add ew 2021-12-17 15 2022-01-12
            add sc 2021-12-17 15 2022-01-13
            add ni 2021-12-17 15 2022-01-12
            # From a weekend: the weekend day itself is not counted.
            add ew 2024-06-01 5 2024-06-07
            add ew 2024-06-02 1 2024-06-03
            # n = 0: the first working day on or after (sub: on or before).
            add ew 2024-03-27 0 2024-03-27
            add ew 2024-03-30 0 2024-04-02
            add sc 2024-03-30 0 2024-04-01
            sub ew 2024-03-31 0 2024-03-28
            sub ew 2024-03-27 0 2024-03-27
            add ew 2030-12-28 0 2030-12-30
            # Copy to the Panel 7 working days before a Wed 10 Jan 2024 publication.
            sub ew 2024-01-10 7 2023-12-29
            sub sc 2024-01-10 7 2023-12-28
            sub ew 2024-04-02 1 2024-03-28
            sub sc 2024-04-02 1 2024-04-01
            # Leaving the covered years (2018-2030).
            add ew 2030-12-20 15 outside 2031-01-01
            add ew 2031-03-03 1 outside 2031-03-03
            add ew 2031-03-03 0 outside 2031-03-03
            add ew 2017-12-29 1 outside 2017-12-29
            sub ew 2018-01-05 5 outside 2017-12-31
            sub sc 2018-01-03 1 outside 2017-12-31
            add ni 2018-06-01 max outside 2031-01-01
            "#,
        );
    }

    /// `jurisdiction from to expected`, where expected is a count or `outside <date>`.
    fn check_between(table: &str) {
        for (case, w) in rows(table) {
            let got = cal().working_days_between(j(w[0]), d(w[1]), d(w[2]));
            let want = match w[3] {
                "outside" => Err(TimescaleError::OutsideCalendar { date: d(w[4]) }),
                n => Ok(num(n)),
            };
            assert_eq!(got, want, "case: {case}");
        }
    }

    #[test]
    fn working_days_between_dates() {
        check_between(
            r#"
            ew 2024-06-12 2024-06-12 0
            ew 2024-06-07 2024-06-10 1
            ew 2024-06-10 2024-06-07 -1
            ew 2024-06-08 2024-06-09 0
            # Across the year end: 27 and 28 Dec and 3 Jan off (and 4 Jan in Scotland).
            ew 2021-12-24 2022-01-04 4
            sc 2021-12-24 2022-01-04 3
            ni 2021-12-24 2022-01-04 4
            ew 2022-01-04 2021-12-24 -4
            ew 2023-12-22 2024-01-05 7
            sc 2023-12-22 2024-01-05 6
            # The whole of 2024: 262 weekdays, of which 8 are bank holidays in England
            # and Wales, 9 in Scotland and 10 in Northern Ireland.
            ew 2023-12-31 2024-12-31 254
            sc 2023-12-31 2024-12-31 253
            ni 2023-12-31 2024-12-31 252
            ew 2017-12-29 2018-01-10 outside 2017-12-29
            ew 2030-12-20 2031-01-10 outside 2031-01-10
            "#,
        );
    }

    /// Forward then back by the same count lands on the last working day on or before
    /// the start, for every start in a stretch with many holidays.
    #[test]
    fn add_then_subtract_round_trips() {
        for jur in JURISDICTIONS {
            for day in d("2021-12-01")
                .iter_days()
                .take_while(|x| *x <= d("2022-07-01"))
            {
                for n in [1u32, 5, 15] {
                    let there = cal().add_working_days(jur, day, n).unwrap();
                    let back = cal().subtract_working_days(jur, there, n).unwrap();
                    let start = cal().subtract_working_days(jur, day, 0).unwrap();
                    assert_eq!(back, start, "{jur:?} {day} + {n} = {there}");
                    assert!(cal().is_working_day(jur, there), "{jur:?} {there}");
                }
            }
        }
    }

    // ---- damaged data --------------------------------------------------------------

    /// Each case edits a valid `base` file and must fail to load with the given kind
    /// of error, a message containing the given text, on one line. A case reads
    /// `find => replace ; parse|invalid ; text`: the first `find` (with `\n` for a line
    /// break) becomes `replace`, which may be empty.
    fn check_damaged<T: std::fmt::Debug>(
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

    /// A small valid calendar: 2024 only, one holiday per jurisdiction.
    const MINI_CALENDAR: &str = r#"version = "t"
[[jurisdiction]]
id = "england-and-wales"
[[jurisdiction.year]]
year = 2024
provisional = false
holidays = [{ date = 2024-01-01, name = "x" }]
[[jurisdiction]]
id = "scotland"
[[jurisdiction.year]]
year = 2024
provisional = false
holidays = [{ date = 2024-01-02, name = "y" }]
[[jurisdiction]]
id = "northern-ireland"
[[jurisdiction.year]]
year = 2024
provisional = false
holidays = [{ date = 2024-03-18, name = "z" }]
"#;

    #[test]
    fn damaged_calendars_are_errors() {
        let good = HolidayCalendar::from_toml(MINI_CALENDAR).expect("the mini calendar");
        assert_eq!(good.holiday_name(NI, d("2024-03-18")), Some("z"));
        assert!(good.covers(d("2024-06-01")) && !good.covers(d("2025-01-01")));
        check_damaged(
            MINI_CALENDAR,
            HolidayCalendar::from_toml,
            r#"
            version = "t" => this is [[not toml ; parse ; line 1
            version = "t" => ; parse ; version
            version = "t" => version = " " ; invalid ; version is empty
            2024-01-01 => 2024-01-06 ; invalid ; england-and-wales 2024: 2024-01-06 is a Saturday
            2024-01-02 => 2024-01-07 ; invalid ; scotland 2024: 2024-01-07 is a Sunday
            2024-01-01 => 2025-01-01 ; invalid ; 2025-01-01 is not in 2024
            name = "x" } => name = "x" }, { date = 2024-01-01, name = "w" } ; invalid ; 2024-01-01 is listed twice
            name = "x" => name = " " ; invalid ; 2024-01-01 has no name
            2024-01-01 => 2024-01-01T09:00:00 ; invalid ; not a plain date
            2024-01-01 => "2024-01-01" ; parse ; line 7
            2024-01-01 => 2024-02-30 ; parse ; line 7
            [{ date = 2024-01-01, name = "x" }] => [] ; invalid ; england-and-wales 2024 has no holidays
            provisional => provisonal ; parse ; provisonal
            provisional = false => provisional = "no" ; parse ; line 6
            "scotland" => "wales" ; parse ; wales
            "scotland" => "england-and-wales" ; invalid ; england-and-wales is listed twice
            [[jurisdiction]]\nid = "northern-ireland"\n => ; invalid ; scotland lists the year 2024 twice
            [[jurisdiction]]\nid = "scotland"\n[[jurisdiction.year]]\nyear = 2024\nprovisional = false\nholidays = [{ date = 2024-01-02, name = "y" }]\n => ; invalid ; scotland is missing
            }]\n[[jurisdiction]]\nid = "scotland" => }]\n[[jurisdiction.year]]\nyear = 2025\nprovisional = false\nholidays = [{ date = 2025-01-01, name = "x" }]\n[[jurisdiction]]\nid = "scotland" ; invalid ; every jurisdiction must cover the same years
            }]\n[[jurisdiction]]\nid = "scotland" => }]\n[[jurisdiction.year]]\nyear = 2026\nprovisional = false\nholidays = [{ date = 2026-01-01, name = "x" }]\n[[jurisdiction]]\nid = "scotland" ; invalid ; england-and-wales skips a year between 2024 and 2026
            year = 2024 => year = 3000 ; invalid ; england-and-wales: the year 3000 is outside 1900-2200
            "#,
        );
    }

    /// Every cut of the embedded file short of its end is an error: never a panic, never
    /// a silently shorter calendar.
    #[test]
    fn truncated_embedded_calendar_is_an_error() {
        let full = HOLIDAYS_TOML.trim_end();
        let cuts = (0..full.len())
            .step_by(97)
            .chain([full.len() - 1])
            .filter(|i| full.is_char_boundary(*i));
        for cut in cuts {
            assert!(
                HolidayCalendar::from_toml(&full[..cut]).is_err(),
                "cut at {cut}"
            );
        }
        assert!(HolidayCalendar::from_toml(full).is_ok());
    }

    // ---- targets -------------------------------------------------------------------

    /// `wd N`, `cd N` or `months N`.
    fn interval(kind: &str, n: &str) -> Interval {
        match kind {
            "wd" => Interval::WorkingDays(num(n)),
            "cd" => Interval::CalendarDays(num(n)),
            "months" => Interval::Months(num(n)),
            _ => panic!("test interval {kind}: use wd, cd or months"),
        }
    }

    fn direction(s: &str) -> Direction {
        match s {
            "after" => Direction::After,
            "before" => Direction::Before,
            _ => panic!("test direction {s}"),
        }
    }

    fn nation(s: &str) -> Nation {
        Nation::parse(s).unwrap_or_else(|| panic!("test nation {s}"))
    }

    /// `nation interval n direction key-date expected`, where expected is a date or
    /// `error <words the message must contain>`.
    fn check_due(table: &str) {
        for (case, w) in rows(table) {
            let t = Target {
                id: "t".into(),
                nation: nation(w[0]),
                review_types: vec![],
                label: "t".into(),
                from: KeyDate::Decision,
                interval: interval(w[1], w[2]),
                direction: direction(w[3]),
                source: "t".into(),
                verify: false,
                met_by: None,
            };
            match (t.due(d(w[4]), cal()), w[5]) {
                (Err(e), "error") => {
                    let needle = w[6..].join(" ");
                    assert!(e.to_string().contains(&needle), "case: {case}: {e}");
                }
                (got, want) => assert_eq!(got, Ok(d(want)), "case: {case}"),
            }
        }
    }

    #[test]
    fn due_dates() {
        check_due(
            r#"
            # Months keep the day of the month, clamped to the month's end.
            england months 1 after 2023-01-31 2023-02-28
            england months 1 after 2024-01-31 2024-02-29
            england months 6 after 2024-08-31 2025-02-28
            england months 6 after 2024-03-15 2024-09-15
            england months 12 after 2024-02-29 2025-02-28
            england months 1 before 2024-03-31 2024-02-29
            # Months and calendar days ignore weekends and the calendar's years.
            scotland months 6 after 2030-10-15 2031-04-15
            scotland cd 7 after 2024-02-26 2024-03-04
            scotland cd 7 before 2024-03-04 2024-02-26
            scotland cd 7 after 2024-06-01 2024-06-08
            # Working days use the nation's calendar; Wales shares England's.
            england wd 15 after 2021-12-17 2022-01-12
            wales wd 15 after 2021-12-17 2022-01-12
            scotland wd 15 after 2021-12-17 2022-01-13
            northern-ireland wd 1 after 2025-07-11 2025-07-15
            england wd 7 before 2024-01-10 2023-12-29
            england wd 5 after 2030-12-24 error 2031-01-01 is outside
            england cd 1 after max error beyond the dates
            england months 1 after max error beyond the dates
            "#,
        );
    }

    /// `id nation key-date interval n direction verify|confirmed`: the embedded file
    /// holds these targets with these figures.
    fn check_targets(table: &str) {
        for (case, w) in rows(table) {
            let t = targets()
                .get(w[0])
                .unwrap_or_else(|| panic!("case: {case}: missing"));
            let want_from = KeyDate::parse(w[2]).unwrap_or_else(|| panic!("key date {}", w[2]));
            assert_eq!(t.nation, nation(w[1]), "case: {case}");
            assert_eq!(t.from, want_from, "case: {case}");
            assert_eq!(t.interval, interval(w[3], w[4]), "case: {case}");
            assert_eq!(t.direction, direction(w[5]), "case: {case}");
            assert_eq!(t.verify, w[6] == "verify", "case: {case}");
        }
    }

    #[test]
    fn embedded_targets_load() {
        let set = TargetSet::from_toml(TARGETS_TOML).expect("embedded targets");
        assert_eq!(&set, targets());
        check_targets(
            r#"
            england-notify-panel england incident wd 5 after confirmed
            england-rapid-review england notification wd 15 after confirmed
            england-lcspr-final-report england decision months 6 after verify
            england-copy-before-publication england planned-publication wd 7 before verify
            england-scr-keep-published england actual-publication months 12 after confirmed
            wales-report-completed wales decision months 6 after verify
            scotland-outcome-notification scotland report-approved cd 7 after verify
            scotland-report-completed scotland decision months 6 after verify
            northern-ireland-report-completed northern-ireland decision months 6 after verify
            "#,
        );
        assert_eq!(set.targets.len(), 9, "a new target needs a row above");
        // The key date that completes each target, where one does.
        let met_by: Vec<(&str, Option<&str>)> = set
            .targets
            .iter()
            .map(|t| (t.id.as_str(), t.met_by.map(KeyDate::slug)))
            .collect();
        assert_eq!(
            met_by,
            [
                ("england-notify-panel", Some("notification")),
                ("england-rapid-review", Some("decision")),
                ("england-lcspr-final-report", Some("report-approved")),
                ("england-copy-before-publication", None),
                ("england-scr-keep-published", None),
                ("wales-report-completed", Some("report-approved")),
                ("scotland-outcome-notification", None),
                ("scotland-report-completed", Some("report-approved")),
                ("northern-ireland-report-completed", Some("report-approved")),
            ]
        );
        // Placeholders say so in the label and are marked to verify; only England has
        // figures the domain guide confirms.
        for t in &set.targets {
            let placeholder = t.source.starts_with("Placeholder");
            let says_local = t
                .label
                .starts_with("Local target — set this for your partnership");
            assert_eq!(says_local, placeholder, "{}", t.id);
            assert!(
                t.verify || t.nation == Nation::England,
                "{} must be verified",
                t.id
            );
        }
    }

    /// `review-type target-id...`: the targets that apply, in file order.
    fn check_for_review(table: &str) {
        for (case, w) in rows(table) {
            let t = ReviewType::parse(w[0]).unwrap_or_else(|| panic!("review type {}", w[0]));
            let got: Vec<&str> = targets().for_review(t).map(|x| x.id.as_str()).collect();
            assert_eq!(got, w[1..], "case: {case}");
        }
    }

    #[test]
    fn targets_by_review_type() {
        check_for_review(
            r#"
            rapid-review england-notify-panel england-rapid-review
            lcspr england-notify-panel england-rapid-review england-lcspr-final-report england-copy-before-publication
            national-cspr england-notify-panel england-rapid-review
            scr england-scr-keep-published
            cpr-concise wales-report-completed
            cpr-extended wales-report-completed
            susr wales-report-completed
            learning-review scotland-outcome-notification scotland-report-completed
            cmr northern-ireland-report-completed
            "#,
        );
    }

    const ONE_TARGET: &str = r#"version = "t"
[[target]]
id = "x-1"
nation = "england"
review-types = ["lcspr"]
label = "Do it"
from = "decision"
interval = { months = 6 }
direction = "after"
source = "Somewhere"
verify = true
"#;

    #[test]
    fn damaged_targets_are_errors() {
        let one = TargetSet::from_toml(ONE_TARGET).expect("the one-target file");
        assert_eq!(one.targets[0].review_types, vec![ReviewType::Lcspr]);
        let all = TargetSet::from_toml(&ONE_TARGET.replace("review-types = [\"lcspr\"]\n", ""));
        let all = all.expect("review types are optional");
        assert!(all.targets[0].applies_to(ReviewType::Scr));
        assert!(!all.targets[0].applies_to(ReviewType::Cmr));
        check_damaged(
            ONE_TARGET,
            TargetSet::from_toml,
            r#"
            [[target]] => [[target ; parse ; line 2
            version = "t" => version = "" ; invalid ; version is empty
            nation = "england" => nation = "wales" ; invalid ; x-1: review type lcspr belongs to england, not wales
            ["lcspr"] => ["lcspr", "lcspr"] ; invalid ; review type lcspr is listed twice
            verify = true\n => verify = true\n[[target]]\nid = "x-1"\nnation = "wales"\nlabel = "a"\nfrom = "decision"\ninterval = { months = 1 }\ndirection = "after"\nsource = "b"\nverify = true\n ; invalid ; target id x-1 is used twice
            "x-1" => "Notify Panel" ; invalid ; "Notify Panel" must be
            "x-1" => "-x" ; invalid ; "-x" must be
            "x-1" => "" ; invalid ; "" must be
            { months = 6 } => { working-days = 0 } ; invalid ; interval must be 1 to 1000, not 0
            { months = 6 } => { months = 600 } ; invalid ; interval must be 1 to 120, not 600
            { months = 6 } => { calendar-days = 4000 } ; invalid ; interval must be 1 to 3660, not 4000
            { months = 6 } => { calendar-days = -1 } ; parse ; line 8
            { months = 6 } => { months = 6, working-days = 5 } ; parse ; line 8
            { months = 6 } => { weeks = 2 } ; parse ; weeks
            "decision" => "inquest" ; parse ; inquest
            "england" => "cornwall" ; parse ; cornwall
            "after" => "around" ; parse ; around
            "Do it" => " " ; invalid ; x-1: the label must have
            "Somewhere" => "" ; invalid ; x-1: the source must have
            verify = true => ; parse ; verify
            verify = true => verify = "yes" ; parse ; line 11
            verify = true => verify = true\nnotes = "x" ; parse ; notes
            "#,
        );
    }

    #[test]
    fn targets_round_trip_through_toml() {
        let text = toml::to_string(targets()).unwrap();
        assert_eq!(&TargetSet::from_toml(&text).unwrap(), targets());
        assert!(text.contains("[[target]]"), "{text}");
    }

    // ---- due states and cadence ----------------------------------------------------

    /// `today due soon-window state days`.
    fn check_due_state(table: &str) {
        for (case, w) in rows(table) {
            let days: i64 = num(w[4]);
            let want = match w[3] {
                "overdue" => DueState::Overdue { days_late: days },
                "due-soon" => DueState::DueSoon { days_left: days },
                "later" => DueState::Later { days_left: days },
                s => panic!("case: {case}: unknown state {s}"),
            };
            assert_eq!(due_state(d(w[0]), d(w[1]), num(w[2])), want, "case: {case}");
        }
    }

    #[test]
    fn due_states() {
        check_due_state(
            r#"
            # Due today is due soon whatever the window.
            2024-06-10 2024-06-10 7 due-soon 0
            2024-06-10 2024-06-10 0 due-soon 0
            2024-06-10 2024-06-10 -3 due-soon 0
            2024-06-10 2024-06-11 7 due-soon 1
            2024-06-10 2024-06-17 7 due-soon 7
            2024-06-10 2024-06-18 7 later 8
            2024-06-10 2024-06-11 0 later 1
            2024-06-10 2024-06-09 7 overdue 1
            2024-06-10 2024-05-10 7 overdue 31
            # Calendar days, leap years and year ends included.
            2024-02-28 2024-03-01 1 later 2
            2023-02-28 2023-03-01 1 due-soon 1
            2024-12-31 2025-01-02 7 due-soon 2
            "#,
        );
    }

    #[test]
    fn due_state_serialises_kebab_case() {
        #[derive(Serialize)]
        struct Row {
            due: DueState,
        }
        for (state, want) in [
            (
                DueState::Overdue { days_late: 3 },
                "state = \"overdue\"\ndays-late = 3",
            ),
            (
                DueState::DueSoon { days_left: 0 },
                "state = \"due-soon\"\ndays-left = 0",
            ),
            (
                DueState::Later { days_left: 9 },
                "state = \"later\"\ndays-left = 9",
            ),
        ] {
            let text = toml::to_string(&Row { due: state }).unwrap();
            assert!(text.contains(want), "{state:?}: {text}");
        }
    }

    /// `last-reached|none since cadence expected`.
    fn check_next_update(table: &str) {
        for (case, w) in rows(table) {
            let last = (w[0] != "none").then(|| d(w[0]));
            let got = next_update_due(last, d(w[1]), num(w[2]));
            assert_eq!(got, d(w[3]), "case: {case}");
        }
    }

    #[test]
    fn next_update_dates() {
        check_next_update(
            r#"
            2024-03-01 2024-01-01 14 2024-03-15
            none 2024-01-01 14 2024-01-15
            2024-02-20 2024-01-01 10 2024-03-01
            2023-02-20 2023-01-01 10 2023-03-02
            2024-05-05 2024-01-01 0 2024-05-05
            none 2024-12-25 28 2025-01-22
            # Saturates instead of overflowing.
            max 2024-01-01 1 max
            "#,
        );
    }

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
    fn interval_descriptions() {
        for (i, want) in [
            (Interval::WorkingDays(1), "1 working day"),
            (Interval::WorkingDays(15), "15 working days"),
            (Interval::CalendarDays(7), "7 calendar days"),
            (Interval::Months(1), "1 month"),
            (Interval::Months(6), "6 months"),
        ] {
            assert_eq!(i.describe(), want);
        }
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
