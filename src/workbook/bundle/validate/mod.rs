//! Checking a parsed bundle's values and references, section by section, with the same rules
//! as the forms. [`V`] collects the problems and knows the two things every section checks
//! against: the bundle's review id and (once the members are read) its members' ids. The
//! sections run in the bundle's order, so problems are reported in the order of the file.

use std::collections::HashSet;

use chrono::{Datelike, NaiveDate};

use super::{Bundle, MAX_COLLECTED, MAX_PROBLEMS};
use crate::domain::review::ContactCard;
use crate::domain::text;

mod checks;
mod people;
mod records;
mod review;
mod voice;

/// Collects problems, each with the path of the value.
struct V {
    errs: Vec<String>,
    /// The bundle's review id, which every record's `review_id` must be.
    review_id: i64,
    /// The members' ids, once the members have been read.
    member_ids: HashSet<i64>,
}

impl V {
    fn new(review_id: i64) -> V {
        V {
            errs: Vec::new(),
            review_id,
            member_ids: HashSet::new(),
        }
    }

    fn push(&mut self, path: impl std::fmt::Display, msg: impl std::fmt::Display) {
        if self.errs.len() < MAX_COLLECTED {
            self.errs.push(format!("{path}: {msg}"));
        }
    }

    fn fix<T>(&mut self, at: &str, r: Result<T, text::FieldError>) -> Option<T> {
        match r {
            Ok(v) => Some(v),
            Err(e) => {
                self.push(format!("{at}.{}", e.field), e.message);
                None
            }
        }
    }

    /// A required single line: trimmed, 1 to 300 characters, no control characters.
    fn line(&mut self, at: &str, field: &str, v: &mut String) {
        if let Some(c) = self.fix(at, text::required(field, v)) {
            *v = c;
        }
    }

    /// A required long text (a reason, a description): up to 20,000 characters, may have lines.
    fn long(&mut self, at: &str, field: &str, v: &mut String) {
        if let Some(c) = self.fix(at, text::reason(field, Some(v))) {
            *v = c;
        }
    }

    /// An optional single line; blank becomes null.
    fn opt(&mut self, at: &str, field: &str, v: &mut Option<String>) {
        if v.is_some() {
            if let Some(c) = self.fix(at, text::optional(field, v.as_deref())) {
                *v = c;
            }
        }
    }

    /// An optional note; blank becomes null.
    fn note(&mut self, at: &str, field: &str, v: &mut Option<String>) {
        if v.is_some() {
            if let Some(c) = self.fix(at, text::note(field, v.as_deref())) {
                *v = c;
            }
        }
    }

    /// Text that may be empty but must fit on a line (document variants and the like).
    fn plain(&mut self, at: &str, field: &str, v: &mut String) {
        if let Some(Some(c)) = self.fix(at, text::optional(field, Some(v))) {
            *v = c;
        } else if v.trim().is_empty() {
            v.clear();
        }
    }

    fn date(&mut self, at: &str, field: &str, d: NaiveDate) {
        if !(1..=9999).contains(&d.year()) {
            self.push(
                format!("{at}.{field}"),
                format!("{d} is not a date between the years 1 and 9999"),
            );
        }
    }

    fn odate(&mut self, at: &str, field: &str, d: Option<NaiveDate>) {
        if let Some(d) = d {
            self.date(at, field, d);
        }
    }

    fn days(&mut self, at: &str, field: &str, n: Option<u32>) {
        if let Some(n) = n {
            if !(1..=366).contains(&n) {
                self.push(
                    format!("{at}.{field}"),
                    "must be a whole number of days from 1 to 366",
                );
            }
        }
    }

    fn unique(&mut self, what: &str, ids: impl Iterator<Item = i64>) -> HashSet<i64> {
        let mut seen = HashSet::new();
        for id in ids {
            if !seen.insert(id) {
                self.push(what, format!("the id {id} is used twice"));
            }
        }
        seen
    }

    fn card(&mut self, at: &str, c: &mut ContactCard) {
        self.line(at, "name", &mut c.name);
        self.opt(at, "phone", &mut c.phone);
        self.opt(at, "email", &mut c.email);
        self.opt(at, "hours", &mut c.hours);
        self.note(at, "postal_address", &mut c.postal_address);
    }

    fn same_review(&mut self, at: String, id: i64) {
        let rid = self.review_id;
        if id != rid {
            self.push(
                at,
                format!("review_id is {id}, but the bundle's review has id {rid}"),
            );
        }
    }

    fn is_member(&mut self, at: String, id: i64) {
        if !self.member_ids.contains(&id) {
            self.push(at, format!("no member with id {id} in this bundle"));
        }
    }
}

/// Checks every value and every reference of a parsed bundle, normalising text as the forms do
/// (trimmed; a blank optional value becomes null; a confidential contact detail is never
/// marked safe to print). Returns every problem; empty means the bundle can be imported.
pub fn validate(b: &mut Bundle) -> Vec<String> {
    let mut v = V::new(b.review.id);
    review::review(&mut v, b);
    let child_ids = review::children(&mut v, b);
    let support_ids = people::support_services(&mut v, b);
    v.member_ids = people::members(&mut v, b, &child_ids, &support_ids);
    people::drop_unchosen_services(b);
    people::links(&mut v, b);
    let contact_ids = records::contacts(&mut v, b);
    records::terms(&mut v, b);
    checks::checks(&mut v, b);
    records::decisions(&mut v, b);
    records::parallel_processes(&mut v, b);
    records::feedback(&mut v, b);
    records::documents_issued(&mut v, b, &contact_ids);
    voice::voice(&mut v, b, &contact_ids);
    v.errs
}

/// Joins problems into one line, at most [`MAX_PROBLEMS`] of them.
pub fn summarise(problems: &[String]) -> String {
    let shown: Vec<&str> = problems
        .iter()
        .take(MAX_PROBLEMS)
        .map(String::as_str)
        .collect();
    let more = problems.len().saturating_sub(MAX_PROBLEMS);
    let mut s = if problems.len() == 1 {
        shown.join("")
    } else if problems.len() >= MAX_COLLECTED {
        format!(
            "at least {} problems (checking stopped there): {}",
            problems.len(),
            shown.join("; ")
        )
    } else {
        format!("{} problems: {}", problems.len(), shown.join("; "))
    };
    if more > 0 {
        s.push_str(&format!("; and {more} more"));
    }
    // Problems quote names and values from the file; a damaged file can hold control
    // characters there (a key with "\n" in it): shown escaped, the message stays one line.
    s.chars()
        .flat_map(|c| {
            let escaped: Vec<char> = if c.is_control() {
                c.escape_default().collect()
            } else {
                vec![c]
            };
            escaped
        })
        .collect()
}
