//! Review targets and due states: the statutory and guidance timescales per nation and
//! review type (from `assets/timescales.toml`), how a target turns a key date into a due
//! date, and how a due date stands today.

use std::collections::BTreeSet;
use std::sync::OnceLock;

use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};

use super::{parse_error, HolidayCalendar, KeyDate, TimescaleError};
use crate::domain::nation::{Jurisdiction, Nation, ReviewType};

const TARGETS_TOML: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/assets/timescales.toml"
));

/// Limits on a target's interval: they catch typos (600 months) and keep every due date
/// far inside the dates chrono can represent.
const MAX_WORKING_DAYS: u32 = 1_000;
const MAX_CALENDAR_DAYS: u32 = 3_660;
const MAX_MONTHS: u32 = 120;
/// Limits on a target's text fields.
const MAX_ID_CHARS: usize = 64;
const MAX_LABEL_CHARS: usize = 300;
const MAX_SOURCE_CHARS: usize = 4_000;

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
    //! Each concern has one `check_*` helper fed a table of cases (see `test_support`).

    use super::super::test_support::*;
    use super::*;

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
}
