//! Dates and times as people in the UK write them, parsed once here for every form of the
//! CLI and the desktop, and dates shown the one way: "2 June 2026".
//!
//! Accepted dates (case and surrounding spaces do not matter; runs of spaces count as one):
//!
//! - `2026-06-02` (ISO, year first: what the date picker and the CLI's scripts send);
//! - day, month, year as numbers, **always day first** (never US order), with `/`, `-`, `.`
//!   or a space between, the same both times: `2/6/2026`, `02/06/2026`, `2-6-2026`,
//!   `2.6.2026`, `2 6 2026`, `2/6/26`;
//! - day, month name, year: `2 June 2026`, `2 Jun 2026`, `2 Jun 26`, `2nd June 2026`,
//!   `2 Sept 2026`, `2-Jun-2026`, `2 June, 2026`, `the 2nd of June 2026`, and the Welsh month
//!   names (`2 Mehefin 2026`). A month written as a word cannot be misread, so
//!   `June 2, 2026` is accepted too. A weekday in front (`Tuesday 2 June 2026`, `Tue 2 Jun`)
//!   is allowed and must be the right one.
//!
//! A two-digit year is 2000–2069 for `00`–`69` and 1970–1999 for `70`–`99` (the POSIX
//! `%y` pivot): every date a review records (contacts, decisions, children's births since
//! 1970, retention to the 2060s) reads as meant. Four-digit years from 1900 to 2199.
//! Digits of other scripts, a missing year, impossible days (`31/02/2026`) and anything
//! else are refused with a message in the field's words.
//!
//! Accepted times: `14:30`, `14.30`, `1430` is not (it reads as a year); `2:30pm`, `2.30pm`,
//! `2:30 pm`, `2.30 p.m.`, `2pm`, `12am` (midnight), `12pm`, `midday`, `noon`, `midnight`;
//! seconds (`14:30:00`) as the stored form.

use chrono::{Datelike, NaiveDate, NaiveTime, Weekday};

/// The example every date message gives.
pub const EXAMPLE: &str = "2 June 2026";

/// Longest input looked at; anything longer is refused without being read.
const MAX_INPUT: usize = 60;

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

const WELSH_MONTHS: [&str; 12] = [
    "ionawr",
    "chwefror",
    "mawrth",
    "ebrill",
    "mai",
    "mehefin",
    "gorffennaf",
    "awst",
    "medi",
    "hydref",
    "tachwedd",
    "rhagfyr",
];

/// "2026-06-02" -> "2 June 2026", the one way dates are shown.
/// "June" for 6 (English; empty outside 1 to 12).
pub fn month_name(m: u32) -> &'static str {
    MONTHS
        .get(m.saturating_sub(1) as usize)
        .copied()
        .unwrap_or("")
}

pub fn long(d: NaiveDate) -> String {
    format!("{} {} {}", d.day(), MONTHS[d.month0() as usize], d.year())
}

/// An optional date shown long, or "" when missing.
pub fn long_opt(d: Option<NaiveDate>) -> String {
    d.map(long).unwrap_or_default()
}

/// Why a typed date was refused, for a message in the field's words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DateProblem {
    /// Not a date in any form we read.
    NotADate,
    /// Day and month but no year.
    NoYear,
    /// Numbers in the right places, but no such day (31 February, month 13).
    NoSuchDay(String),
    /// A month over 12 where the day would fit as a month: probably written US-style.
    MonthFirst,
    /// A weekday that is not the date's own.
    WrongWeekday { date: NaiveDate, said: Weekday },
}

impl DateProblem {
    /// The message for a field shown as `label` ("Date of the contact").
    pub fn message(&self, label: &str) -> String {
        let base = format!("{label} must be a real date, for example {EXAMPLE}");
        match self {
            DateProblem::NotADate => base,
            DateProblem::NoYear => format!("{label} must include a year, for example {EXAMPLE}"),
            DateProblem::NoSuchDay(what) => format!("{base} (there is no {what})"),
            DateProblem::MonthFirst => {
                format!("{base}; write the day first, then the month")
            }
            DateProblem::WrongWeekday { date, said } => format!(
                "{label}: {} is a {}, not a {}; check the date",
                long(*date),
                weekday_name(date.weekday()),
                weekday_name(*said)
            ),
        }
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

fn weekday(word: &str) -> Option<Weekday> {
    let w = word.trim_end_matches('.');
    [
        Weekday::Mon,
        Weekday::Tue,
        Weekday::Wed,
        Weekday::Thu,
        Weekday::Fri,
        Weekday::Sat,
        Weekday::Sun,
    ]
    .into_iter()
    .find(|&d| {
        let full = weekday_name(d).to_ascii_lowercase();
        w == full || (w.len() >= 3 && full.starts_with(w)) || (d == Weekday::Wed && w == "weds")
    })
}

/// A month name (English, full or abbreviated with or without a dot, or Welsh) as 1–12.
fn month(word: &str) -> Option<u32> {
    let w = word.trim_end_matches('.');
    if w.len() < 3 {
        return None;
    }
    for (i, m) in MONTHS.iter().enumerate() {
        let m = m.to_ascii_lowercase();
        if w == m || w == &m[..3] || (i == 8 && w == "sept") {
            return Some(i as u32 + 1);
        }
    }
    WELSH_MONTHS
        .iter()
        .position(|m| *m == w)
        .map(|i| i as u32 + 1)
}

/// A day of the month as written: "2", "02", "2nd", "21st", "23rd", "4th".
fn day(word: &str) -> Option<u32> {
    let digits = word.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    let suffix = &word[digits.len()..];
    if digits.is_empty() || digits.len() > 2 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let n: u32 = digits.parse().ok()?;
    let right = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    (suffix.is_empty() || suffix == right).then_some(n)
}

/// A year of four digits (1900–2199) or two (the pivot above).
fn year(word: &str) -> Option<i32> {
    if !word.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let n: i32 = word.parse().ok()?;
    match word.len() {
        2 => Some(if n < 70 { 2000 + n } else { 1900 + n }),
        4 if (1900..=2199).contains(&n) => Some(n),
        _ => None,
    }
}

fn build(y: i32, m: u32, d: u32) -> Result<NaiveDate, DateProblem> {
    if !(1..=12).contains(&m) {
        return Err(DateProblem::NoSuchDay(format!("month {m}")));
    }
    NaiveDate::from_ymd_opt(y, m, d).ok_or_else(|| {
        DateProblem::NoSuchDay(if d == 0 {
            "day 0".to_string()
        } else {
            format!("{d} {} {y}", MONTHS[m as usize - 1])
        })
    })
}

/// Parses a date as people in the UK write it (see the module's notes).
pub fn parse_date(input: &str) -> Result<NaiveDate, DateProblem> {
    if input.chars().count() > MAX_INPUT {
        return Err(DateProblem::NotADate);
    }
    let s = input
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase();
    if s.is_empty() || !s.is_ascii() {
        return Err(DateProblem::NotADate);
    }
    // ISO: year first.
    if let Some(d) = iso(&s) {
        return d;
    }
    // All numbers: day first, one separator used twice.
    if s.bytes()
        .all(|b| b.is_ascii_digit() || b"/-. ".contains(&b))
    {
        // "2 / 6 / 2026" is "2/6/2026"; "2 6 2026" keeps its spaces as the separator.
        let compact: String = s.chars().filter(|c| *c != ' ').collect();
        return numeric(if compact.contains(['/', '-', '.']) {
            &compact
        } else {
            &s
        });
    }
    words(&s)
}

fn iso(s: &str) -> Option<Result<NaiveDate, DateProblem>> {
    let parts: Vec<&str> = s.split('-').collect();
    if parts.len() != 3
        || parts[0].len() != 4
        || !parts
            .iter()
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
        || parts[1].len() > 2
        || parts[2].len() > 2
    {
        return None;
    }
    let y = year(parts[0]);
    let (m, d) = (parts[1].parse().ok()?, parts[2].parse().ok()?);
    Some(match y {
        None => Err(DateProblem::NotADate),
        Some(y) => build(y, m, d),
    })
}

fn numeric(s: &str) -> Result<NaiveDate, DateProblem> {
    let sep = s
        .bytes()
        .find(|b| !b.is_ascii_digit())
        .ok_or(DateProblem::NotADate)?;
    let parts: Vec<&str> = if sep == b' ' {
        s.split_whitespace().collect()
    } else {
        s.split(sep as char).collect()
    };
    if parts
        .iter()
        .any(|p| p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit()))
    {
        return Err(DateProblem::NotADate);
    }
    match parts.as_slice() {
        [d, m] if d.len() <= 2 && m.len() <= 2 => Err(DateProblem::NoYear),
        [d, m, y] if d.len() <= 2 && m.len() <= 2 => {
            let y = year(y).ok_or(DateProblem::NotADate)?;
            let (d, m): (u32, u32) = (
                d.parse().map_err(|_| DateProblem::NotADate)?,
                m.parse().map_err(|_| DateProblem::NotADate)?,
            );
            if m > 12 && (1..=12).contains(&d) && (1..=31).contains(&m) {
                return Err(DateProblem::MonthFirst);
            }
            build(y, m, d)
        }
        _ => Err(DateProblem::NotADate),
    }
}

fn words(s: &str) -> Result<NaiveDate, DateProblem> {
    let tokens: Vec<&str> = s
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | '/' | '-' | '.'))
        .filter(|t| !t.is_empty() && *t != "the" && *t != "of")
        .collect();
    let (said, rest) = match tokens.first().and_then(|t| weekday(t)) {
        Some(w) => (Some(w), &tokens[1..]),
        None => (None, &tokens[..]),
    };
    let (d, m, y) = match rest {
        [d, m] => match (day(d), month(m), month(d), day(m)) {
            (Some(_), Some(_), _, _) | (_, _, Some(_), Some(_)) => return Err(DateProblem::NoYear),
            _ => return Err(DateProblem::NotADate),
        },
        [a, b, y] => match (day(a), month(b), month(a), day(b)) {
            (Some(d), Some(m), _, _) => (d, m, y),
            (_, _, Some(m), Some(d)) => (d, m, y),
            _ => return Err(DateProblem::NotADate),
        },
        _ => return Err(DateProblem::NotADate),
    };
    let y = year(y).ok_or(DateProblem::NotADate)?;
    let date = build(y, m, d)?;
    match said {
        Some(w) if w != date.weekday() => Err(DateProblem::WrongWeekday { date, said: w }),
        _ => Ok(date),
    }
}

/// Why a typed time was refused.
pub fn time_message(label: &str) -> String {
    format!("{label} must be a real time, for example 14:30 or 2:30pm")
}

/// Parses a time as people in the UK write it (see the module's notes).
pub fn parse_time(input: &str) -> Option<NaiveTime> {
    if input.chars().count() > MAX_INPUT {
        return None;
    }
    let s: String = input
        .trim()
        .to_lowercase()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    if !s.is_ascii() {
        return None;
    }
    match s.as_str() {
        "midday" | "noon" | "12noon" => return NaiveTime::from_hms_opt(12, 0, 0),
        "midnight" | "12midnight" => return NaiveTime::from_hms_opt(0, 0, 0),
        _ => {}
    }
    let (body, half) = if let Some(b) = s.strip_suffix("am").or_else(|| s.strip_suffix("a.m.")) {
        (b, Some(false))
    } else if let Some(b) = s.strip_suffix("pm").or_else(|| s.strip_suffix("p.m.")) {
        (b, Some(true))
    } else {
        (s.as_str(), None)
    };
    let parts: Vec<&str> = body.split([':', '.']).collect();
    let num = |p: &str, len: std::ops::RangeInclusive<usize>| -> Option<u32> {
        (len.contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit()))
            .then(|| p.parse().ok())
            .flatten()
    };
    let (h, m, sec) = match (parts.as_slice(), half) {
        ([h], Some(_)) => (num(h, 1..=2)?, 0, 0),
        ([h, m], _) => (num(h, 1..=2)?, num(m, 2..=2)?, 0),
        ([h, m, s], None) => (num(h, 1..=2)?, num(m, 2..=2)?, num(s, 2..=2)?),
        _ => return None,
    };
    let h = match half {
        None => h,
        Some(_) if !(1..=12).contains(&h) => return None,
        Some(false) => h % 12,
        Some(true) => h % 12 + 12,
    };
    NaiveTime::from_hms_opt(h, m, sec)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn dates_as_written_in_the_uk() {
        let june2 = ymd(2026, 6, 2);
        let ok: &[(&str, NaiveDate)] = &[
            ("2026-06-02", june2),
            ("2026-6-2", june2),
            ("2/6/2026", june2),
            ("02/06/2026", june2),
            ("2/06/2026", june2),
            ("2-6-2026", june2),
            ("02-06-2026", june2),
            ("2.6.2026", june2),
            ("02.06.2026", june2),
            ("2 6 2026", june2),
            ("2/6/26", june2),
            ("02.06.26", june2),
            ("2-6-26", june2),
            ("2 June 2026", june2),
            ("2 june 2026", june2),
            ("2 JUNE 2026", june2),
            ("2 Jun 2026", june2),
            ("2 Jun. 2026", june2),
            ("2 Jun 26", june2),
            ("2nd June 2026", june2),
            ("2ND JUNE 2026", june2),
            ("the 2nd of June 2026", june2),
            ("2nd of June, 2026", june2),
            ("2 June, 2026", june2),
            ("2-Jun-2026", june2),
            ("2/Jun/2026", june2),
            ("02-jun-26", june2),
            ("June 2, 2026", june2),
            ("June 2nd 2026", june2),
            ("Tuesday 2 June 2026", june2),
            ("Tue 2 Jun 2026", june2),
            ("Tues, 2nd June 2026", june2),
            ("  2   June   2026  ", june2),
            ("\t2/6/2026\n", june2),
            ("2 / 6 / 2026", june2),
            ("2\u{A0}June\u{A0}2026", june2),
            ("2.Jun.2026", june2),
            ("Thurs 4 June 2026", ymd(2026, 6, 4)),
            ("2 Mehefin 2026", june2),
            ("2 mehefin 26", june2),
            ("1 Ionawr 2026", ymd(2026, 1, 1)),
            ("1 Chwefror 2026", ymd(2026, 2, 1)),
            ("1 Mawrth 2026", ymd(2026, 3, 1)),
            ("1 Ebrill 2026", ymd(2026, 4, 1)),
            ("1 Mai 2026", ymd(2026, 5, 1)),
            ("1 Gorffennaf 2026", ymd(2026, 7, 1)),
            ("1 Awst 2026", ymd(2026, 8, 1)),
            ("1 Medi 2026", ymd(2026, 9, 1)),
            ("1 Hydref 2026", ymd(2026, 10, 1)),
            ("1 Tachwedd 2026", ymd(2026, 11, 1)),
            ("1 Rhagfyr 2026", ymd(2026, 12, 1)),
            ("1 Jan 2026", ymd(2026, 1, 1)),
            ("1 Feb 2026", ymd(2026, 2, 1)),
            ("1 Mar 2026", ymd(2026, 3, 1)),
            ("1 Apr 2026", ymd(2026, 4, 1)),
            ("1 May 2026", ymd(2026, 5, 1)),
            ("1 Jul 2026", ymd(2026, 7, 1)),
            ("1 Aug 2026", ymd(2026, 8, 1)),
            ("1 Sep 2026", ymd(2026, 9, 1)),
            ("1 Sept 2026", ymd(2026, 9, 1)),
            ("1 September 2026", ymd(2026, 9, 1)),
            ("1 Oct 2026", ymd(2026, 10, 1)),
            ("1 Nov 2026", ymd(2026, 11, 1)),
            ("1 Dec 2026", ymd(2026, 12, 1)),
            ("1st December 2026", ymd(2026, 12, 1)),
            ("3rd March 2026", ymd(2026, 3, 3)),
            ("11th March 2026", ymd(2026, 3, 11)),
            ("12th March 2026", ymd(2026, 3, 12)),
            ("13th March 2026", ymd(2026, 3, 13)),
            ("21st March 2026", ymd(2026, 3, 21)),
            ("22nd March 2026", ymd(2026, 3, 22)),
            ("23rd March 2026", ymd(2026, 3, 23)),
            // Day first, never month first.
            ("06/02/2026", ymd(2026, 2, 6)),
            ("12/11/2026", ymd(2026, 11, 12)),
            // Leap days.
            ("29/2/2024", ymd(2024, 2, 29)),
            ("29 Feb 2000", ymd(2000, 2, 29)),
            // The two-digit pivot.
            ("1/1/00", ymd(2000, 1, 1)),
            ("31/12/69", ymd(2069, 12, 31)),
            ("1/1/70", ymd(1970, 1, 1)),
            ("14/3/98", ymd(1998, 3, 14)),
            ("1/1/1900", ymd(1900, 1, 1)),
            ("31/12/2199", ymd(2199, 12, 31)),
        ];
        for (input, want) in ok {
            assert_eq!(parse_date(input), Ok(*want), "{input:?}");
        }
    }

    #[test]
    fn refused_dates_say_why() {
        use DateProblem::*;
        let no = |s: &str| NoSuchDay(s.to_string());
        let bad: Vec<(String, DateProblem)> = vec![
            ("".into(), NotADate),
            ("   ".into(), NotADate),
            ("31/02/2026".into(), no("31 February 2026")),
            ("29/2/2026".into(), no("29 February 2026")),
            ("31 April 2026".into(), no("31 April 2026")),
            ("2026-02-30".into(), no("30 February 2026")),
            ("0/6/2026".into(), no("day 0")),
            ("2/13/2026".into(), MonthFirst),
            ("2/32/2026".into(), no("month 32")),
            ("2/0/2026".into(), no("month 0")),
            ("32/1/2026".into(), no("32 January 2026")),
            ("06/13/2026".into(), MonthFirst),
            ("2/6".into(), NoYear),
            ("2 June".into(), NoYear),
            ("June 2".into(), NoYear),
            ("2/6/2026/1".into(), NotADate),
            ("2/6-2026".into(), NotADate),
            ("2//6/2026".into(), NotADate),
            ("2/6/202".into(), NotADate),
            ("2/6/6".into(), NotADate),
            ("2/6/20266".into(), NotADate),
            ("2/6/1899".into(), NotADate),
            ("0026-06-02".into(), NotADate),
            ("20260602".into(), NotADate),
            ("2026/06/02".into(), NotADate),
            ("2nd June".into(), NoYear),
            ("2th June 2026".into(), NotADate),
            ("1nd June 2026".into(), NotADate),
            ("2 Ju 2026".into(), NotADate),
            ("2 Junee 2026".into(), NotADate),
            ("June 2026".into(), NotADate),
            ("yesterday".into(), NotADate),
            ("today".into(), NotADate),
            ("2 June 2026 14:30".into(), NotADate),
            ("-2/6/2026".into(), NotADate),
            ("2/6/2026 garbage".into(), NotADate),
            ("'; drop table contacts; --".into(), NotADate),
            // Other scripts' digits and look-alikes are not read as digits.
            ("٢/٦/٢٠٢٦".into(), NotADate),
            ("２/６/２０２６".into(), NotADate),
            ("२/६/२०२६".into(), NotADate),
            ("2 Июнь 2026".into(), NotADate),
            ("2\u{2044}6\u{2044}2026".into(), NotADate),
            ("2\u{202E}/6/2026".into(), NotADate),
            ("\u{0}".into(), NotADate),
            ("9".repeat(10_000), NotADate),
            ("2/6/2026".repeat(1_000), NotADate),
            (format!("2 June {}", "9".repeat(40)), NotADate),
            (
                "Monday 2 June 2026".into(),
                WrongWeekday {
                    date: ymd(2026, 6, 2),
                    said: Weekday::Mon,
                },
            ),
        ];
        for (input, want) in &bad {
            assert_eq!(
                parse_date(input).as_ref(),
                Err(want),
                "{}",
                input.chars().take(40).collect::<String>()
            );
        }
    }

    #[test]
    fn messages_use_the_label_and_show_an_example() {
        let l = "Date of the contact";
        assert_eq!(
            DateProblem::NotADate.message(l),
            "Date of the contact must be a real date, for example 2 June 2026"
        );
        assert_eq!(
            parse_date("31/02/2026").unwrap_err().message(l),
            "Date of the contact must be a real date, for example 2 June 2026 (there is no 31 February 2026)"
        );
        assert!(DateProblem::NoYear
            .message(l)
            .starts_with("Date of the contact must include a year"));
        assert!(DateProblem::MonthFirst.message(l).contains("day first"));
    }

    #[test]
    fn every_date_reads_back_from_its_long_form() {
        let mut d = ymd(1970, 1, 1);
        while d < ymd(2100, 1, 1) {
            assert_eq!(parse_date(&long(d)), Ok(d));
            assert_eq!(parse_date(&d.to_string()), Ok(d));
            assert_eq!(parse_date(&d.format("%d/%m/%Y").to_string()), Ok(d));
            d = d + chrono::Days::new(13);
        }
        assert_eq!(long(ymd(2026, 6, 2)), "2 June 2026");
        assert_eq!(long(ymd(2026, 12, 25)), "25 December 2026");
        assert_eq!(long_opt(None), "");
    }

    #[test]
    fn times_as_written_in_the_uk() {
        let t = |h, m| NaiveTime::from_hms_opt(h, m, 0);
        let cases: &[(&str, Option<NaiveTime>)] = &[
            ("14:30", t(14, 30)),
            ("14.30", t(14, 30)),
            ("09:05", t(9, 5)),
            ("9:05", t(9, 5)),
            ("0:00", t(0, 0)),
            ("23:59", t(23, 59)),
            ("14:30:00", t(14, 30)),
            ("2.30pm", t(14, 30)),
            ("2:30pm", t(14, 30)),
            ("2:30 pm", t(14, 30)),
            ("2:30 PM", t(14, 30)),
            ("2.30 p.m.", t(14, 30)),
            ("2pm", t(14, 0)),
            ("2 pm", t(14, 0)),
            ("10am", t(10, 0)),
            ("10.15 a.m.", t(10, 15)),
            ("12am", t(0, 0)),
            ("12pm", t(12, 0)),
            ("12:30am", t(0, 30)),
            ("midday", t(12, 0)),
            ("Noon", t(12, 0)),
            ("midnight", t(0, 0)),
            ("  14:30  ", t(14, 30)),
            ("", None),
            ("24:00", None),
            ("14:60", None),
            ("14:3", None),
            ("14", None),
            ("1430", None),
            ("13pm", None),
            ("0am", None),
            ("14:30pm", None),
            ("2:30xm", None),
            ("half two", None),
            ("١٤:٣٠", None),
            ("１４:３０", None),
            ("14:30:60", None),
            ("14:30:00pm", None),
        ];
        for (input, want) in cases {
            assert_eq!(parse_time(input), *want, "{input:?}");
        }
        assert_eq!(parse_time(&"1".repeat(100_000)), None);
    }
}
