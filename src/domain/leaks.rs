//! Another person's details in a document's text, found by their parts.
//!
//! A refuge address does not leak only as the whole line the author typed: "Heol y Nant,
//! Treorchy" in a visit's place gives away the street and the town of it, and "CF426AB" its
//! postcode. So every other person's recorded details are broken into the parts that would
//! point at them (the street, the postcode with or without its space, the house name, a common
//! street only with its town or number, the surname, a distinctive given name, the phone's
//! digits however they are spaced, the email), and each field of the document is searched for
//! each part as whole words, ignoring case and accents.
//!
//! What points at nobody is left alone: a town alone (often the review's own area), words
//! every sheet of the review carries (the children's names, the review body, the author),
//! the recipient's own names and addresses, relationship words ("Nain"), and ordinary words
//! that are also names ("Hope", "Young"). The word lists are data (`assets/leak-check.toml`).
//!
//! Pure: the workbook hands in the fields, the recipient and the others; nothing here reads
//! a database or prints a detail (a [`Leak`] says which field, whose, and which kind of part,
//! never the text it matched).

use std::collections::HashSet;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use super::member::{ContactDetail, ContactDetailKind, Member};

/// Which part of someone's details a field carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Part {
    FullName,
    Surname,
    GivenName,
    PreferredName,
    /// The street's name (or, for a street found in many towns, its number and name).
    Street,
    /// A street found in many towns, together with the town of the same address.
    StreetAndTown,
    Postcode,
    HouseName,
    /// A whole contact detail or address as recorded.
    Whole,
    Phone,
    Email,
}

/// A field that carries part of another person's details. Says which field, whose, and what
/// kind of part: never the matched text itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Leak {
    /// The field, as the author knows it ("Place, in the visit details").
    pub field: String,
    /// Whose detail: the other person's name, or the child whose placement it is.
    pub whose: String,
    pub part: Part,
    /// The part is of a confidential address or a child's placement.
    pub confidential: bool,
    /// The part is of a child's placement, not of a member's details.
    pub placement: bool,
}

impl Leak {
    /// Whose detail and which part, in words: "the street of Nadia Okonkwo's confidential
    /// address", "the surname of Trevor Blane".
    pub fn detail_words(&self) -> String {
        let whose = &self.whose;
        let address = if self.placement {
            format!("{whose}'s placement")
        } else if self.confidential {
            format!("{whose}'s confidential address")
        } else {
            format!("{whose}'s address")
        };
        match self.part {
            Part::FullName => format!("the name of {whose}"),
            Part::Surname => format!("the surname of {whose}"),
            Part::GivenName => format!("a first name of {whose}"),
            Part::PreferredName => format!("the name {whose} likes to be called"),
            Part::Street => format!("the street of {address}"),
            Part::StreetAndTown => format!("the street and town of {address}"),
            Part::Postcode => format!("the postcode of {address}"),
            Part::HouseName => format!("the house name of {address}"),
            Part::Whole if self.confidential => address,
            Part::Whole => format!("a contact detail of {whose}"),
            Part::Phone => format!("the phone number of {whose}"),
            Part::Email => format!("the email address of {whose}"),
        }
    }
}

/// A confidential place that belongs to no member: a child's placement.
#[derive(Debug, Clone, Copy)]
pub struct ConfidentialPlace<'a> {
    /// The child whose placement it is, by the name the author knows them by.
    pub whose: &'a str,
    pub text: &'a str,
}

/// What one document may carry without pointing at anyone else.
#[derive(Debug, Clone, Copy, Default)]
pub struct Recipient<'a> {
    /// The person the document is for (none: an anonymous form). Their own names and
    /// addresses point at nobody else.
    pub member: Option<&'a Member>,
    /// Names every document of the review may carry: the children as the family knows them
    /// and their pseudonyms, the review body, the author, the partnership's contact.
    pub shared_names: &'a [&'a str],
    /// How the family describes its members ("Nain", "step-dad"), from the relationships
    /// recorded in the review.
    pub relationship_words: &'a [&'a str],
}

/// The word lists, from `assets/leak-check.toml`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct WordsFile {
    version: String,
    street_words_end: Vec<String>,
    street_words_start: Vec<String>,
    abbreviations: Vec<[String; 2]>,
    flat_words: Vec<String>,
    common_streets: Vec<String>,
    stopwords: Vec<String>,
    surname_particles: Vec<String>,
    relationship_words: Vec<String>,
    ordinary: Vec<String>,
}

/// The word lists, folded once.
#[derive(Debug, Default)]
struct Words {
    version: String,
    abbreviations: Vec<(String, String)>,
    /// Every street word, and those that end a street's name (English).
    street: HashSet<String>,
    street_end: HashSet<String>,
    flat: HashSet<String>,
    common_streets: Vec<Vec<String>>,
    stop: HashSet<String>,
    particles: HashSet<String>,
    relationship: HashSet<String>,
    ordinary: HashSet<String>,
}

const WORDS_TOML: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/assets/leak-check.toml"
));

impl Words {
    fn from_toml(src: &str) -> Result<Words, String> {
        let f: WordsFile = toml::from_str(src).map_err(|e| e.to_string())?;
        // Abbreviations first: every other list is read through them.
        let mut w = Words {
            version: f.version,
            abbreviations: f
                .abbreviations
                .into_iter()
                .map(|[a, b]| (fold(&a), fold(&b)))
                .collect(),
            ..Words::default()
        };
        let set = |w: &Words, v: Vec<String>| -> HashSet<String> {
            v.iter().flat_map(|s| w.tokens(s)).collect()
        };
        w.street_end = set(&w, f.street_words_end);
        w.street = set(&w, f.street_words_start);
        w.street.extend(w.street_end.iter().cloned());
        w.flat = set(&w, f.flat_words);
        w.stop = set(&w, f.stopwords);
        w.particles = set(&w, f.surname_particles);
        w.relationship = set(&w, f.relationship_words);
        w.ordinary = set(&w, f.ordinary);
        w.common_streets = f.common_streets.iter().map(|s| w.tokens(s)).collect();
        if w.street.is_empty() || w.common_streets.is_empty() {
            return Err("the street words are missing".into());
        }
        Ok(w)
    }

    fn embedded() -> &'static Words {
        static W: OnceLock<Words> = OnceLock::new();
        // The embedded lists are read by a unit test; a broken file cannot ship. Were it
        // broken, empty lists leave more parts counting, not fewer.
        W.get_or_init(|| Words::from_toml(WORDS_TOML).unwrap_or_default())
    }

    /// Words of a text, folded, with abbreviations read as their word.
    fn tokens(&self, text: &str) -> Vec<String> {
        fold(text)
            .split(|c: char| !c.is_alphanumeric())
            .filter(|t| !t.is_empty())
            .map(|t| {
                self.abbreviations
                    .iter()
                    .find(|(a, _)| a == t)
                    .map_or_else(|| t.to_string(), |(_, b)| b.clone())
            })
            .collect()
    }

    /// A single word that says nothing about anyone alone.
    fn ordinary(&self, word: &str) -> bool {
        self.ordinary.contains(word)
            || self.relationship.contains(word)
            || self.stop.contains(word)
            || self.street.contains(word)
    }
}

/// The version of the word lists (for tests and notes).
pub fn words_version() -> &'static str {
    &Words::embedded().version
}

/// Lower case, accents off: "Ŵyn" -> "wyn", "Łucja" -> "lucja". Words are then parted at
/// anything that is not a letter or a digit, apostrophes included ("Blane's" -> "blane s").
pub fn fold(text: &str) -> String {
    use unicode_normalization::char::is_combining_mark;
    use unicode_normalization::UnicodeNormalization;
    // ASCII has no marks to take off and no letters spelt out: lower case is all.
    if text.is_ascii() {
        return text.to_ascii_lowercase();
    }
    let mut out = String::with_capacity(text.len());
    for c in text.nfd() {
        if is_combining_mark(c) {
            continue;
        }
        match c {
            'ł' | 'Ł' => out.push('l'),
            'ø' | 'Ø' => out.push('o'),
            'đ' | 'Đ' | 'ð' | 'Ð' => out.push('d'),
            'ħ' | 'Ħ' => out.push('h'),
            'ı' => out.push('i'),
            'ß' => out.push_str("ss"),
            'æ' | 'Æ' => out.push_str("ae"),
            'œ' | 'Œ' => out.push_str("oe"),
            'þ' | 'Þ' => out.push_str("th"),
            c => out.extend(c.to_lowercase()),
        }
    }
    out
}

/// Letters in a run of words.
fn letters(words: &[String]) -> usize {
    words
        .iter()
        .map(|w| w.chars().filter(|c| c.is_alphabetic()).count())
        .sum()
}

/// `needle` as consecutive whole words of `hay`.
fn has_run(hay: &[String], needle: &[String]) -> bool {
    !needle.is_empty() && hay.windows(needle.len()).any(|w| w == needle)
}

/// One way a part of someone's details could appear.
#[derive(Debug, Clone)]
enum Pattern {
    /// Any of these runs of words; with `with`, only when one of those runs is in the same
    /// field too (a common street with its town).
    Words {
        any: Vec<Vec<String>>,
        with: Vec<Vec<String>>,
    },
    /// A phone number's digits, however spaced and whether written +44 or 0.
    Digits(String),
    /// An email address, in any case.
    Email(String),
}

#[derive(Debug, Clone)]
struct Trace {
    /// The member whose detail it is (none: a child's placement): never a leak in their
    /// own documents.
    owner: Option<i64>,
    whose: String,
    part: Part,
    confidential: bool,
    placement: bool,
    pattern: Pattern,
}

/// A field's text, read once for every pattern.
struct FieldText {
    words: Vec<String>,
    digit_runs: Vec<String>,
    lower: String,
}

impl FieldText {
    fn new(w: &Words, text: &str) -> FieldText {
        FieldText {
            words: w.tokens(text),
            digit_runs: digit_runs(text),
            lower: text.to_lowercase(),
        }
    }

    fn carries(&self, p: &Live<'_>) -> bool {
        match p {
            Live::Words { any, with } => {
                any.iter().any(|run| has_run(&self.words, run))
                    && (with.is_empty() || with.iter().any(|run| has_run(&self.words, run)))
            }
            Live::Digits(d) => self.digit_runs.iter().any(|r| r.contains(d)),
            Live::Email(e) => self.lower.contains(e),
        }
    }
}

/// A trace's pattern as it counts in one person's document: without the runs of words
/// that are their own.
enum Live<'t> {
    Words {
        any: Vec<&'t [String]>,
        with: &'t [Vec<String>],
    },
    Digits(&'t str),
    Email(&'t str),
}

/// What is the recipient's own, and so points at nobody else in their document: their
/// names (and the child's name they use) and their own contact details, as words.
struct Own {
    id: Option<i64>,
    names: Vec<Vec<String>>,
    details: Vec<Vec<String>>,
    /// Each detail's words run together, where a phone number's digits are looked for.
    joined: Vec<String>,
}

impl Own {
    fn of(w: &Words, member: Option<&Member>) -> Own {
        let mut own = Own {
            id: member.map(|m| m.id),
            names: Vec::new(),
            details: Vec::new(),
            joined: Vec::new(),
        };
        if let Some(m) = member {
            own.names.push(w.tokens(&m.details.full_name));
            if let Some(p) = &m.details.preferred_name {
                own.names.push(w.tokens(p));
            }
            for rel in &m.relationships {
                if let Some(c) = &rel.child_called {
                    own.names.push(w.tokens(c));
                }
            }
            own.names.retain(|s| !s.is_empty());
            own.details
                .extend(m.contact_details.iter().map(|d| w.tokens(&d.value)));
            own.joined = own.details.iter().map(|words| words.concat()).collect();
        }
        own
    }

    fn is_own(&self, run: &[String]) -> bool {
        self.names.iter().any(|s| has_run(s, run)) || self.details.iter().any(|s| has_run(s, run))
    }

    fn is_own_phone(&self, national: &str) -> bool {
        self.joined.iter().any(|d| d.contains(national))
    }

    /// `trace` as it counts in this person's document, or none when it does not.
    fn live<'t>(&self, trace: &'t Trace) -> Option<Live<'t>> {
        if trace.owner.is_some() && trace.owner == self.id {
            return None;
        }
        match &trace.pattern {
            Pattern::Words { any, with } => {
                let any: Vec<&[String]> = any
                    .iter()
                    .filter(|r| !self.is_own(r))
                    .map(Vec::as_slice)
                    .collect();
                (!any.is_empty()).then_some(Live::Words { any, with })
            }
            Pattern::Digits(d) => (!self.is_own_phone(d)).then_some(Live::Digits(d)),
            Pattern::Email(e) => Some(Live::Email(e)),
        }
    }
}

/// Runs of digits that may be spaced, dashed, dotted or bracketed ("+44 (0)7700 900-123"),
/// each as its national digits. Up to two such characters in a row keep a run going.
fn digit_runs(text: &str) -> Vec<String> {
    let mut runs = Vec::new();
    let mut cur = String::new();
    let mut gap = 0;
    for c in text.chars() {
        if c.is_ascii_digit() {
            cur.push(c);
            gap = 0;
        } else if matches!(c, ' ' | '-' | '.' | '(' | ')' | '+' | '/' | '\u{a0}') && gap < 2 {
            gap += 1;
        } else {
            if !cur.is_empty() {
                runs.push(national(&cur));
            }
            cur.clear();
            gap = 0;
        }
    }
    if !cur.is_empty() {
        runs.push(national(&cur));
    }
    runs
}

/// A number's national digits: without +44/0044 and without leading zeros.
fn national(digits: &str) -> String {
    let d = digits
        .strip_prefix("0044")
        .or_else(|| digits.strip_prefix("44").filter(|r| r.len() >= 9))
        .unwrap_or(digits);
    // "+44 (0)7700…" reads as 4407700…: the bracketed 0 goes with the rest.
    d.trim_start_matches('0').to_string()
}

fn is_outward(t: &str) -> bool {
    let c: Vec<char> = t.chars().collect();
    let l = |i: usize| c.get(i).is_some_and(|x| x.is_ascii_alphabetic());
    let d = |i: usize| c.get(i).is_some_and(|x| x.is_ascii_digit());
    let alnum = |i: usize| c.get(i).is_some_and(|x| x.is_ascii_alphanumeric());
    match c.len() {
        2 => l(0) && d(1),
        3 => l(0) && ((d(1) && alnum(2)) || (l(1) && d(2))),
        4 => l(0) && l(1) && d(2) && alnum(3),
        _ => false,
    }
}

fn is_inward(t: &str) -> bool {
    let c: Vec<char> = t.chars().collect();
    c.len() == 3
        && c[0].is_ascii_digit()
        && c[1].is_ascii_alphabetic()
        && c[2].is_ascii_alphabetic()
}

/// The postcode in a run of words, as (outward, inward), and where it was.
fn find_postcode(words: &[String]) -> Option<(usize, usize, String, String)> {
    for i in 0..words.len() {
        if i + 1 < words.len() && is_outward(&words[i]) && is_inward(&words[i + 1]) {
            return Some((i, 2, words[i].clone(), words[i + 1].clone()));
        }
        let w = &words[i];
        if (5..=7).contains(&w.len()) && w.is_ascii() {
            let (out, inw) = w.split_at(w.len() - 3);
            if is_outward(out) && is_inward(inw) {
                return Some((i, 1, out.to_string(), inw.to_string()));
            }
        }
    }
    None
}

fn starts_with_digit(w: &str) -> bool {
    w.chars().next().is_some_and(|c| c.is_ascii_digit())
}

/// An address read into the parts that would point at it.
#[derive(Debug, Default, PartialEq)]
struct Address {
    postcode: Option<(String, String)>,
    /// Each street, with its house number if one was written.
    streets: Vec<(Option<String>, Vec<String>)>,
    /// A street written on one line with what follows it and no English street word to end
    /// it ("14 Heol y Nant Treorchy"): where it ends is not known, so each of its beginnings
    /// of two words or more counts as the street too.
    open_ended: bool,
    house_names: Vec<Vec<String>>,
    /// Towns, villages, counties: nothing alone.
    localities: Vec<Vec<String>>,
}

impl Words {
    fn is_street(&self, words: &[String]) -> bool {
        words.iter().any(|w| self.street.contains(w))
            && words
                .iter()
                .any(|w| !self.street.contains(w) && !self.stop.contains(w))
    }

    fn read_address(&self, value: &str) -> Address {
        let mut a = Address::default();
        let mut parts: Vec<Vec<String>> = value
            .split([',', ';', '\n', '\r'])
            .map(|p| self.tokens(p))
            .filter(|p| !p.is_empty())
            .collect();
        // The postcode first, wherever it was written, then out of the way.
        for p in parts.iter_mut() {
            if let Some((at, len, out, inw)) = find_postcode(p) {
                a.postcode.get_or_insert((out, inw));
                p.drain(at..at + len);
            }
        }
        parts.retain(|p| !p.is_empty());
        let mut number: Option<String> = None;
        let mut before_street: Vec<Vec<String>> = Vec::new();
        let mut after_street = false;
        let count = parts.len();
        for (index, mut p) in parts.into_iter().enumerate() {
            // "Flat 2", "Room 4b": not a name of anything.
            if p.first().is_some_and(|w| self.flat.contains(w)) {
                p.remove(0);
                if p.first().is_some_and(|w| {
                    (w.len() <= 4 && w.chars().any(|c| c.is_ascii_digit())) || w.len() == 1
                }) {
                    p.remove(0);
                }
                if p.is_empty() {
                    continue;
                }
            }
            // A house number alone: the street follows.
            if p.iter().all(|w| starts_with_digit(w)) {
                number = p.last().cloned();
                continue;
            }
            let lead = p.first().filter(|w| starts_with_digit(w)).cloned();
            let rest: Vec<String> = if lead.is_some() {
                p[1..].to_vec()
            } else {
                p.clone()
            };
            if lead.is_some() || self.is_street(&rest) {
                let num = lead.or_else(|| number.take());
                // "Nant Road Treorchy" on one line: an English street word ends the street.
                let end = rest
                    .iter()
                    .enumerate()
                    .skip(1)
                    .find(|(_, w)| self.street_end.contains(*w))
                    .map(|(i, _)| i + 1);
                let (street, town) = match end {
                    Some(e) if e < rest.len() => (rest[..e].to_vec(), rest[e..].to_vec()),
                    _ => (rest, Vec::new()),
                };
                // The last line, unended, after a house number: the town may be on it too.
                if end.is_none() && index + 1 == count && num.is_some() && street.len() > 2 {
                    a.open_ended = true;
                }
                if street
                    .iter()
                    .any(|w| !self.street.contains(w) && !self.stop.contains(w))
                {
                    a.streets.push((num, street));
                }
                if !town.is_empty() {
                    a.localities.push(town);
                }
                after_street = true;
                continue;
            }
            number = None;
            if after_street {
                a.localities.push(p);
            } else {
                before_street.push(p);
            }
        }
        if a.streets.is_empty() {
            // No street: a first line followed by more is the house's name; the rest are
            // places.
            let mut it = before_street.into_iter();
            if let Some(first) = it.next() {
                let rest: Vec<Vec<String>> = it.collect();
                if rest.is_empty() && a.postcode.is_none() {
                    // A single line with nothing after it: only the whole value counts.
                } else {
                    a.house_names.push(first);
                }
                a.localities.extend(rest);
            }
        } else {
            a.house_names = before_street;
        }
        a
    }

    fn is_common_street(&self, street: &[String]) -> bool {
        self.common_streets.iter().any(|c| c.as_slice() == street)
    }
}

/// Builds the patterns of a review's people's (and places') details.
struct Tracer<'a> {
    w: &'a Words,
    /// Runs of words that point at nobody here: the names every document of the review
    /// carries.
    shared: Vec<Vec<String>>,
    relationship: HashSet<String>,
    /// The traces being added are of a child's placement.
    placement: bool,
    /// The member whose traces are being added (none: a child's placement).
    owner: Option<i64>,
    traces: Vec<Trace>,
}

impl<'a> Tracer<'a> {
    fn new(w: &'a Words, shared_names: &[&str], relationship_words: &[&str]) -> Tracer<'a> {
        let mut shared: Vec<Vec<String>> = shared_names.iter().map(|s| w.tokens(s)).collect();
        shared.retain(|s| !s.is_empty());
        let relationship = relationship_words
            .iter()
            .flat_map(|s| {
                let t = w.tokens(s);
                let joined = t.join("");
                t.into_iter().chain([joined])
            })
            .collect();
        Tracer {
            w,
            shared,
            relationship,
            placement: false,
            owner: None,
            traces: Vec::new(),
        }
    }

    fn is_shared(&self, run: &[String]) -> bool {
        self.shared.iter().any(|s| has_run(s, run))
    }

    /// A single word that points at someone only when it is not ordinary here.
    fn distinctive(&self, word: &str, min_letters: usize) -> bool {
        word.chars().filter(|c| c.is_alphabetic()).count() >= min_letters
            && !self.w.ordinary(word)
            && !self.relationship.contains(word)
    }

    fn push(&mut self, whose: &str, part: Part, confidential: bool, any: Vec<Vec<String>>) {
        self.push_with(whose, part, confidential, any, Vec::new());
    }

    fn push_with(
        &mut self,
        whose: &str,
        part: Part,
        confidential: bool,
        any: Vec<Vec<String>>,
        with: Vec<Vec<String>>,
    ) {
        let any: Vec<Vec<String>> = any
            .into_iter()
            .filter(|r| !r.is_empty() && !self.is_shared(r))
            .collect();
        if !any.is_empty() {
            self.traces.push(Trace {
                owner: self.owner,
                whose: whose.to_string(),
                part,
                confidential,
                placement: self.placement,
                pattern: Pattern::Words { any, with },
            });
        }
    }

    /// A name run (several words) or a single distinctive word.
    fn push_name(&mut self, whose: &str, part: Part, run: Vec<String>, min_letters: usize) {
        let keep = match run.as_slice() {
            [] => false,
            [one] => self.distinctive(one, min_letters),
            many => letters(many) >= min_letters,
        };
        if keep {
            self.push(whose, part, false, vec![run]);
        }
    }

    fn add_member(&mut self, m: &Member) {
        let whose = m.details.full_name.trim().to_string();
        let full = self.w.tokens(&m.details.full_name);
        if full.is_empty() {
            return;
        }
        // The full name always counts (unless everyone's documents carry it: a child who
        // is also in the review).
        self.push(&whose, Part::FullName, false, vec![full.clone()]);
        if let Some(p) = &m.details.preferred_name {
            let run = self.w.tokens(p);
            let joined = run.join("");
            if !self.relationship.contains(&joined) && !self.w.relationship.contains(&joined) {
                self.push_name(&whose, Part::PreferredName, run, 4);
            }
        }
        // Surname: the last written word, with the particles before it ("Ó Dónaill").
        let words: Vec<Vec<String>> = m
            .details
            .full_name
            .split_whitespace()
            .map(|x| self.w.tokens(x))
            .filter(|t| !t.is_empty())
            .collect();
        if words.len() < 2 {
            return;
        }
        let mut start = words.len() - 1;
        while start > 1
            && words[start - 1].len() == 1
            && self.w.particles.contains(&words[start - 1][0])
        {
            start -= 1;
        }
        let surname: Vec<String> = words[start..].concat();
        self.push_name(&whose, Part::Surname, surname, 3);
        for given in &words[..start] {
            self.push_name(&whose, Part::GivenName, given.clone(), 4);
        }
    }

    fn add_address(&mut self, whose: &str, value: &str, confidential: bool, house_names: bool) {
        let a = self.w.read_address(value);
        if let Some((out, inw)) = &a.postcode {
            self.push(
                whose,
                Part::Postcode,
                confidential,
                vec![vec![out.clone(), inw.clone()], vec![format!("{out}{inw}")]],
            );
        }
        for (number, street) in &a.streets {
            let numbered = number.as_ref().map(|n| {
                let mut run = vec![n.clone()];
                run.extend(street.iter().cloned());
                run
            });
            if self.w.is_common_street(street) {
                if let Some(run) = numbered {
                    self.push(whose, Part::Street, confidential, vec![run]);
                }
                if !a.localities.is_empty() {
                    self.push_with(
                        whose,
                        Part::StreetAndTown,
                        confidential,
                        vec![street.clone()],
                        a.localities.clone(),
                    );
                }
            } else if a.open_ended {
                // "Heol y Nant" of "14 Heol y Nant Treorchy": every beginning of two words or
                // more that does not end on a small word.
                let beginnings = (2..=street.len())
                    .map(|n| street[..n].to_vec())
                    .filter(|run| run.last().is_some_and(|w| !self.w.stop.contains(w)))
                    .collect();
                self.push(whose, Part::Street, confidential, beginnings);
            } else {
                self.push(whose, Part::Street, confidential, vec![street.clone()]);
            }
        }
        if house_names {
            for h in &a.house_names {
                let keep = match h.as_slice() {
                    [one] => self.distinctive(one, 4),
                    many => many
                        .iter()
                        .any(|w| !self.w.stop.contains(w) && letters(std::slice::from_ref(w)) >= 2),
                };
                if keep {
                    self.push(whose, Part::HouseName, confidential, vec![h.clone()]);
                }
            }
        }
    }

    fn add_detail(&mut self, whose: &str, d: &ContactDetail) {
        let value = d.value.trim();
        match d.kind {
            ContactDetailKind::Phone => {
                let digits: String = value.chars().filter(char::is_ascii_digit).collect();
                let n = national(&digits);
                if n.len() >= 7 {
                    self.traces.push(Trace {
                        owner: self.owner,
                        whose: whose.to_string(),
                        part: Part::Phone,
                        confidential: false,
                        placement: false,
                        pattern: Pattern::Digits(n),
                    });
                }
            }
            ContactDetailKind::Email if value.contains('@') && value.len() >= 6 => {
                self.traces.push(Trace {
                    owner: self.owner,
                    whose: whose.to_string(),
                    part: Part::Email,
                    confidential: false,
                    placement: false,
                    pattern: Pattern::Email(value.to_lowercase()),
                });
            }
            ContactDetailKind::Address => {
                self.add_address(whose, value, d.confidential, true);
            }
            _ => {}
        }
        // The whole value as written, in any case and with or without accents (a phone
        // and an email have their own way of being found).
        let own_way = matches!(d.kind, ContactDetailKind::Phone | ContactDetailKind::Email);
        if !own_way && value.chars().count() >= 6 {
            self.push(
                whose,
                Part::Whole,
                d.confidential,
                vec![self.w.tokens(value)],
            );
        }
    }
}

/// Everyone's details in one review, and its children's placements, broken into the parts
/// that would point at them, once: each document of the review is then checked against
/// them, whoever it is for, leaving out the recipient's own.
///
/// Why: a batch makes a sheet for everyone in a review, and reading every other person's
/// addresses and names into parts again for each sheet was most of the check's time.
pub struct ReviewTraces {
    traces: Vec<Trace>,
}

impl ReviewTraces {
    /// `shared_names` and `relationship_words` as in [`Recipient`]; `people` everyone whose
    /// details no one else's document may carry (a document's own recipient among them is
    /// left out by id when it is checked).
    pub fn new(
        shared_names: &[&str],
        relationship_words: &[&str],
        people: &[&Member],
        places: &[ConfidentialPlace<'_>],
    ) -> ReviewTraces {
        let mut t = Tracer::new(Words::embedded(), shared_names, relationship_words);
        for m in people {
            t.owner = Some(m.id);
            t.add_member(m);
            let whose = m.details.full_name.trim().to_string();
            for d in &m.contact_details {
                t.add_detail(&whose, d);
            }
        }
        t.owner = None;
        t.placement = true;
        for p in places {
            // A placement is free text: its street and postcode count, not its first words.
            t.add_address(p.whose, p.text, true, false);
        }
        ReviewTraces { traces: t.traces }
    }

    /// The parts of other people's details, and of confidential places, that the fields of
    /// one document for `recipient` (none: an anonymous form) carry. `fields` are (the field
    /// as the author knows it, its text).
    pub fn leaks_in(&self, fields: &[(&str, &str)], recipient: Option<&Member>) -> Vec<Leak> {
        let w = Words::embedded();
        let own = Own::of(w, recipient);
        let live: Vec<(&Trace, Live<'_>)> = self
            .traces
            .iter()
            .filter_map(|tr| own.live(tr).map(|l| (tr, l)))
            .collect();
        let mut found: Vec<Leak> = Vec::new();
        for (field, text) in fields {
            if text.trim().is_empty() {
                continue;
            }
            let t = FieldText::new(w, text);
            for (tr, pattern) in &live {
                if t.carries(pattern) {
                    let leak = Leak {
                        field: field.to_string(),
                        whose: tr.whose.clone(),
                        part: tr.part,
                        confidential: tr.confidential,
                        placement: tr.placement,
                    };
                    if !found.contains(&leak) {
                        found.push(leak);
                    }
                }
            }
        }
        // A longer part found says it all: no "surname" beside "name" (or beside the email
        // address that holds it) for the same field and person.
        let names = [Part::Surname, Part::GivenName, Part::PreferredName];
        let addresses = [
            Part::Street,
            Part::StreetAndTown,
            Part::HouseName,
            Part::Postcode,
        ];
        let covered = |l: &Leak, by: &[Part], parts: &[Part]| {
            parts.contains(&l.part)
                && found
                    .iter()
                    .any(|o| by.contains(&o.part) && o.field == l.field && o.whose == l.whose)
        };
        let whole = [Part::FullName, Part::Email, Part::Whole];
        let keep: Vec<bool> = found
            .iter()
            .map(|l| !covered(l, &whole, &names) && !covered(l, &[Part::Whole], &addresses))
            .collect();
        found
            .into_iter()
            .zip(keep)
            .filter_map(|(l, k)| k.then_some(l))
            .collect()
    }
}

/// The parts of other people's details, and of confidential places, that the fields of one
/// document carry. `fields` are (the field as the author knows it, its text). One document
/// alone: a batch builds its review's [`ReviewTraces`] once.
pub fn leaks_in(
    fields: &[(&str, &str)],
    recipient: &Recipient<'_>,
    others: &[&Member],
    places: &[ConfidentialPlace<'_>],
) -> Vec<Leak> {
    ReviewTraces::new(
        recipient.shared_names,
        recipient.relationship_words,
        others,
        places,
    )
    .leaks_in(fields, recipient.member)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::member::*;
    use crate::domain::phase::Phase;

    fn member(id: i64, name: &str) -> Member {
        Member {
            id,
            review_id: 1,
            details: MemberDetails {
                full_name: name.into(),
                ..MemberDetails::default()
            },
            involvement: Involvement::Involved,
            position: Phase::Prepare,
            contact_details: vec![],
            relationships: vec![],
            role_statuses: vec![],
            restrictions: vec![],
            clearances: vec![],
            support_ids: vec![],
        }
    }

    fn with_address(mut m: Member, value: &str, confidential: bool) -> Member {
        m.contact_details.push(ContactDetail {
            id: m.contact_details.len() as i64 + 1,
            kind: ContactDetailKind::Address,
            value: value.into(),
            safe_to_print: !confidential,
            confidential,
        });
        m
    }

    fn w() -> &'static Words {
        Words::embedded()
    }

    #[test]
    fn the_word_lists_load() {
        let w = Words::from_toml(WORDS_TOML).expect("assets/leak-check.toml");
        assert_eq!(w.version, words_version());
        assert!(w.street.contains("heol") && w.street.contains("road"));
        assert!(w.ordinary.contains("hope"));
        // Abbreviations are read through on both sides.
        assert_eq!(w.tokens("12 Nant Rd"), ["12", "nant", "road"]);
    }

    #[test]
    fn folding_takes_case_accents_and_apostrophes_off() {
        assert_eq!(
            fold("ŴYN Łucja Dónaill Mary’s ß"),
            "wyn lucja donaill mary’s ss"
        );
        assert_eq!(w().tokens("O’Brien's-flat"), ["o", "brien", "s", "flat"]);
    }

    #[test]
    fn addresses_are_read_into_their_parts() {
        let a = w().read_address("Flat 2, Tŷ Gwyn, 14 Heol y Nant, Treorchy, CF42 6AB");
        assert_eq!(a.postcode, Some(("cf42".into(), "6ab".into())));
        assert_eq!(
            a.streets,
            vec![(
                Some("14".into()),
                vec!["heol".into(), "y".into(), "nant".into()]
            )]
        );
        assert_eq!(a.house_names, vec![vec!["ty".to_string(), "gwyn".into()]]);
        assert_eq!(a.localities, vec![vec!["treorchy".to_string()]]);

        let one_line = w().read_address("3 Nant Road Porth cf399aa");
        assert_eq!(one_line.postcode, Some(("cf39".into(), "9aa".into())));
        assert_eq!(
            one_line.streets,
            vec![(Some("3".into()), vec!["nant".into(), "road".into()])]
        );
        assert_eq!(one_line.localities, vec![vec!["porth".to_string()]]);

        let rural = w().read_address("Hafod Uchaf\nCwmparc\nTreorchy");
        assert_eq!(
            rural.house_names,
            vec![vec!["hafod".to_string(), "uchaf".into()]]
        );
        assert!(rural.streets.is_empty());

        let number_apart = w().read_address("14, Heol y Nant, Treorchy");
        assert_eq!(number_apart.streets[0].0.as_deref(), Some("14"));
        assert!(!number_apart.open_ended);
        assert!(w().read_address("14 Heol y Nant Treorchy").open_ended);
    }

    fn found(text: &str, recipient: &Recipient<'_>, others: &[&Member]) -> Vec<Part> {
        leaks_in(&[("Place", text)], recipient, others, &[])
            .into_iter()
            .map(|l| l.part)
            .collect()
    }

    #[test]
    fn a_refuge_address_is_caught_by_any_of_its_parts() {
        let mother = with_address(
            member(1, "Nadia Okonkwo"),
            "Tŷ Gwyn, 14 Heol y Nant, Treorchy, CF42 6AB",
            true,
        );
        let r = Recipient::default();
        let others = [&mother];
        let cases: &[(&str, &[Part])] = &[
            ("Heol y Nant, Treorchy", &[Part::Street]),
            ("the café on HEOL Y NANT", &[Part::Street]),
            ("CF42 6AB", &[Part::Postcode]),
            ("cf426ab", &[Part::Postcode]),
            ("Ty Gwyn", &[Part::HouseName]),
            ("Treorchy library", &[]),
            ("Nant-y-Moel", &[]),
            ("CF42", &[]),
        ];
        for (text, expect) in cases {
            assert_eq!(found(text, &r, &others), *expect, "{text:?}");
        }
        // Written on one line, the street is still found without its town.
        let glued = with_address(member(2, "Ann Other"), "7 Ffordd Glanffrwd Ystrad", true);
        assert_eq!(
            found("Ffordd Glanffrwd", &r, &[&glued]),
            [Part::Street],
            "one line"
        );
        assert_eq!(found("Ffordd", &r, &[&glued]), [], "one word of it");
        let l = &leaks_in(&[("Place", "Heol y Nant")], &r, &others, &[])[0];
        assert!(l.confidential);
        assert_eq!(l.whose, "Nadia Okonkwo");
        assert_eq!(
            l.detail_words(),
            "the street of Nadia Okonkwo's confidential address"
        );
    }

    #[test]
    fn a_common_street_counts_only_with_its_town_or_number() {
        let mother = with_address(
            member(1, "Nadia Okonkwo"),
            "3 High Street, Porth, CF39 9AA",
            true,
        );
        let r = Recipient::default();
        let others = [&mother];
        assert_eq!(found("the café on High Street", &r, &others), []);
        assert_eq!(found("High St, Porth", &r, &others), [Part::StreetAndTown]);
        assert_eq!(found("3 High Street", &r, &others), [Part::Street]);
    }

    #[test]
    fn names_are_caught_by_surname_and_distinctive_given_name() {
        let mut father = member(2, "Trevor Blane");
        father.details.preferred_name = Some("Trev".into());
        let gran = member(3, "Łucja Wiśniewska");
        let hope = member(4, "Hope Young");
        let sean = member(5, "Seán Ó Dónaill");
        let r = Recipient::default();
        let others = [&father, &gran, &hope, &sean];
        let cases: &[(&str, &[Part])] = &[
            ("Trevor Blane's flat", &[Part::FullName]),
            ("at BLANE's", &[Part::Surname]),
            ("Trevor will come", &[Part::GivenName]),
            ("lucja's house", &[Part::GivenName]),
            ("Mrs Wisniewska", &[Part::Surname]),
            ("Hope Again (bereavement support for young people)", &[]),
            ("Mr O Donaill", &[Part::Surname]),
            ("Sean", &[Part::GivenName]),
            ("Trev", &[Part::PreferredName]),
        ];
        for (text, expect) in cases {
            assert_eq!(found(text, &r, &others), *expect, "{text:?}");
        }
    }

    #[test]
    fn what_points_at_nobody_is_not_refused() {
        // The recipient shares a surname and a home with the other; the child is also in
        // the review; "Nain" is how the family names the grandmother.
        let mut me = with_address(member(1, "Sarah Jones"), "14 Heol y Nant, Treorchy", false);
        me.relationships.push(Relationship {
            child_id: 1,
            relationship: "mother".into(),
            parental_responsibility: ParentalResponsibility::Yes,
            pr_basis: None,
            child_called: Some("Aled bach".into()),
        });
        let partner = with_address(member(2, "Mark Jones"), "14 Heol y Nant, Treorchy", false);
        let child = member(3, "Aled Jones");
        let mut nain = member(4, "Gwenllian Prydderch");
        nain.details.preferred_name = Some("Nain".into());
        let shared = [
            "Aled",
            "Child A",
            "Cwm Taf Morgannwg Safeguarding Board",
            "Robin Quill",
        ];
        let relationship_words = ["grandmother"];
        let r = Recipient {
            member: Some(&me),
            shared_names: &shared,
            relationship_words: &relationship_words,
        };
        let others = [&partner, &child, &nain];
        for text in [
            "Sarah Jones",
            "Aled bach",
            "Aled",
            "At home, 14 Heol y Nant",
            "Treorchy",
            "Cwm Taf Morgannwg Safeguarding Board",
            "Nain will be there",
            "Mark", // an ordinary word
        ] {
            assert_eq!(found(text, &r, &others), [], "{text:?}");
        }
        // The other's own name and given name still count.
        assert_eq!(found("Gwenllian", &r, &others), [Part::GivenName]);
        assert_eq!(found("Mark Jones", &r, &others), [Part::FullName]);
    }

    #[test]
    fn phones_and_emails_are_caught_however_written() {
        let mut friend = member(2, "Dana Whitlock");
        for (kind, value) in [
            (ContactDetailKind::Phone, "07700 900123"),
            (ContactDetailKind::Email, "Dana.W@example.org"),
        ] {
            friend.contact_details.push(ContactDetail {
                id: 1,
                kind,
                value: value.into(),
                safe_to_print: true,
                confidential: false,
            });
        }
        let r = Recipient::default();
        let others = [&friend];
        for (text, expect) in [
            ("ring 07700900123", vec![Part::Phone]),
            ("+44 7700 900 123", vec![Part::Phone]),
            ("+44 (0)7700-900-123", vec![Part::Phone]),
            ("dana.w@EXAMPLE.org", vec![Part::Email]),
            ("07700 900124", vec![]),
        ] {
            assert_eq!(found(text, &r, &others), expect, "{text:?}");
        }
    }

    #[test]
    fn a_childs_placement_is_a_confidential_place() {
        let places = [ConfidentialPlace {
            whose: "Pip",
            text: "With foster carers, 9 Bryn Terrace, Porth, CF39 9AA",
        }];
        let got = leaks_in(
            &[("Place", "Bryn Terrace"), ("Supporter", "foster carers")],
            &Recipient::default(),
            &[],
            &places,
        );
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!(got[0].part, Part::Street);
        assert_eq!(got[0].detail_words(), "the street of Pip's placement");
    }

    mod properties {
        //! Over random families (names in several scripts, addresses with and without a house
        //! name, a common or a distinctive street, a postcode): every part of every other
        //! person, however typed, is found; the recipient's own parts and the town alone never
        //! are. The workbook-level properties, through real sheets, are in tests/sheet_leaks.rs.
        use super::*;
        use proptest::prelude::*;

        const GIVEN: &[&str] = &["Aneurin", "Bronwen", "Ciarán", "Dorota", "Łucja", "Siobhán"];
        const FAMILY: &[&str] = &[
            "Brzęczek",
            "Ó Dónaill",
            "Hughes-Ŵyn",
            "Wiśniewska",
            "Okafor",
        ];
        const HOUSES: &[&str] = &["Tŷ Gwyn", "Hafod Uchaf", "The Larches"];
        const STREETS: &[&str] = &["Heol y Nant", "Ffordd Glanffrwd", "Larkspur Close"];
        const COMMON: &[&str] = &["High Street", "Church Road"];
        const TOWNS: &[&str] = &["Treorchy", "Porth", "Aberdâr"];

        /// (given, family, house, number, street or common street, town, postcode digit)
        type P = (usize, usize, Option<usize>, u16, (bool, usize), usize, u8);

        fn street(p: &P) -> &'static str {
            match p.4 {
                (true, i) => COMMON[i % COMMON.len()],
                (false, i) => STREETS[i % STREETS.len()],
            }
        }

        fn address(p: &P) -> String {
            let house = p.2.map(|h| format!("{}\n", HOUSES[h])).unwrap_or_default();
            format!(
                "{house}{} {}\n{}\nCF{} 6AB",
                p.3,
                street(p),
                TOWNS[p.5],
                10 + p.6
            )
        }

        fn people() -> impl Strategy<Value = Vec<P>> {
            let one = (
                0..GIVEN.len(),
                0..FAMILY.len(),
                prop::option::of(0..HOUSES.len()),
                1u16..200,
                (any::<bool>(), 0usize..3),
                0..TOWNS.len(),
                0u8..80,
            );
            prop::collection::vec(one, 2..5).prop_map(|mut v| {
                let mut seen: Vec<(usize, usize, Option<usize>, &str, u8)> = Vec::new();
                v.retain(|p| {
                    let clash = seen.iter().any(|s| {
                        s.0 == p.0
                            || s.1 == p.1
                            || (s.2.is_some() && s.2 == p.2)
                            || s.3 == street(p)
                            || s.4 == p.6
                    });
                    if !clash {
                        seen.push((p.0, p.1, p.2, street(p), p.6));
                    }
                    !clash
                });
                v
            })
        }

        fn members(v: &[P]) -> Vec<Member> {
            v.iter()
                .enumerate()
                .map(|(i, p)| {
                    let name = format!("{} {}", GIVEN[p.0], FAMILY[p.1]);
                    with_address(member(i as i64 + 1, &name), &address(p), i % 2 == 0)
                })
                .collect()
        }

        /// The words of a part of `p`, and the part they are, or none when `p` lacks it.
        fn fragment(p: &P, which: u8) -> Option<(String, Part)> {
            let common = p.4 .0;
            Some(match which % 6 {
                0 if common => (format!("{} {}", p.3, street(p)), Part::Street),
                0 => (street(p).to_string(), Part::Street),
                1 => (format!("cf{}6ab", 10 + p.6), Part::Postcode),
                2 => (HOUSES[p.2?].to_string(), Part::HouseName),
                3 if common => (
                    format!("{}, {}", street(p), TOWNS[p.5]),
                    Part::StreetAndTown,
                ),
                3 => (format!("{}, {}", street(p), TOWNS[p.5]), Part::Street),
                4 => (format!("Mr {}", FAMILY[p.1]), Part::Surname),
                _ => (GIVEN[p.0].to_string(), Part::GivenName),
            })
        }

        fn typed(text: &str, how: u8) -> String {
            match how % 3 {
                0 => text.to_uppercase(),
                1 => fold(text),
                _ => text.to_string(),
            }
        }

        proptest! {
            #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

            #[test]
            fn every_part_of_another_is_found(
                v in people(),
                me in any::<prop::sample::Index>(),
                them in any::<prop::sample::Index>(),
                which in 0u8..6,
                how in 0u8..3,
            ) {
                prop_assume!(v.len() >= 2);
                let everyone = members(&v);
                let me = me.index(v.len());
                let them = match them.index(v.len()) { t if t == me => (me + 1) % v.len(), t => t };
                let Some((words, part)) = fragment(&v[them], which) else { return Ok(()) };
                let others: Vec<&Member> = everyone.iter().filter(|m| m.id != everyone[me].id).collect();
                let r = Recipient { member: Some(&everyone[me]), ..Recipient::default() };
                let text = format!("near {}", typed(&words, how));
                let got = leaks_in(&[("Place", &text)], &r, &others, &[]);
                let whose = &everyone[them].details.full_name;
                prop_assert!(
                    got.iter().any(|l| &l.whose == whose && l.part == part),
                    "{text:?}: expected {part:?} of {whose}, got {got:?}"
                );
            }

            #[test]
            fn a_reviews_traces_find_for_each_person_what_their_own_document_would(
                v in people(),
                them in any::<prop::sample::Index>(),
                which in 0u8..6,
                how in 0u8..3,
            ) {
                let everyone = members(&v);
                let all: Vec<&Member> = everyone.iter().collect();
                let traces = ReviewTraces::new(&[], &[], &all, &[]);
                let Some((words, _)) = fragment(&v[them.index(v.len())], which) else { return Ok(()) };
                let text = format!("near {}", typed(&words, how));
                for me in &everyone {
                    let others: Vec<&Member> = everyone.iter().filter(|m| m.id != me.id).collect();
                    let r = Recipient { member: Some(me), ..Recipient::default() };
                    prop_assert_eq!(
                        traces.leaks_in(&[("Place", &text)], Some(me)),
                        leaks_in(&[("Place", &text)], &r, &others, &[]),
                        "{:?} for {}", text, me.details.full_name
                    );
                }
            }

            #[test]
            fn own_parts_and_towns_are_never_found(
                v in people(),
                me in any::<prop::sample::Index>(),
                which in 0u8..6,
                how in 0u8..3,
            ) {
                let everyone = members(&v);
                let me = me.index(v.len());
                let others: Vec<&Member> = everyone.iter().filter(|m| m.id != everyone[me].id).collect();
                let r = Recipient { member: Some(&everyone[me]), ..Recipient::default() };
                let mut texts = vec![TOWNS.join(", ")];
                if let Some((words, _)) = fragment(&v[me], which) {
                    texts.push(words);
                }
                for text in texts {
                    let text = typed(&text, how);
                    let got = leaks_in(&[("Place", &text)], &r, &others, &[]);
                    prop_assert!(got.is_empty(), "{text:?}: {got:?}");
                }
            }
        }
    }
}
