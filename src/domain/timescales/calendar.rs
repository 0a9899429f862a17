//! The bank-holiday calendar and working days: which days are bank holidays in each
//! UK jurisdiction (from `assets/bank-holidays.toml`), and counting working days forwards,
//! backwards and between dates. Apart from the targets because the calendar changes
//! when a holiday is proclaimed, the targets when guidance is revised.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

use chrono::{Datelike, NaiveDate, Weekday};
use serde::Deserialize;

use super::{
    is_weekend, jurisdiction_index, jurisdiction_slug, parse_error, TimescaleError, JURISDICTIONS,
};
use crate::domain::nation::Jurisdiction;

pub(super) const HOLIDAYS_TOML: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/assets/bank-holidays.toml"
));

/// Years a bank-holiday file may list: keeps every working-day walk short.
const MIN_YEAR: i32 = 1900;
const MAX_YEAR: i32 = 2200;

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

#[cfg(test)]
mod tests {
    //! Each concern has one `check_*` helper fed a table of cases (see `test_support`).

    use chrono::Days;

    use super::super::test_support::*;
    use super::*;

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
}
