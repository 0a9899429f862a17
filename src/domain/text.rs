//! Validation of what a user types: every field is checked here, in the core, so the CLI and
//! the desktop give the same messages. Nothing here panics on any input, of any script.

use serde::Serialize;

use super::dates;

/// Longest single-line field (names, places, references), in characters.
pub const MAX_LINE: usize = 300;
/// Longest free-text note, in characters.
pub const MAX_NOTE: usize = 20_000;

/// One field's problem, for an error summary and an inline message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

impl FieldError {
    pub fn new(field: &str, message: impl Into<String>) -> FieldError {
        FieldError {
            field: field.to_string(),
            message: message.into(),
        }
    }
}

/// Collects field errors so a form reports all of them at once.
#[derive(Debug, Default)]
pub struct Errors(pub Vec<FieldError>);

impl Errors {
    pub fn push(&mut self, e: FieldError) {
        self.0.push(e);
    }

    /// Keeps the value when valid; records the error and returns the fallback otherwise.
    pub fn take<T: Default>(&mut self, r: Result<T, FieldError>) -> T {
        match r {
            Ok(v) => v,
            Err(e) => {
                self.0.push(e);
                T::default()
            }
        }
    }

    pub fn finish(self) -> Result<(), Vec<FieldError>> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(self.0)
        }
    }
}

fn clean(
    field: &str,
    label: &str,
    value: &str,
    max: usize,
    multiline: bool,
) -> Result<String, FieldError> {
    let value = value.trim();
    let len = value.chars().count();
    if len > max {
        return Err(FieldError::new(
            field,
            format!("{label} must be {max} characters or fewer (it has {len})"),
        ));
    }
    if let Some(c) = value
        .chars()
        .find(|&c| c.is_control() && !(multiline && (c == '\n' || c == '\t' || c == '\r')))
    {
        return Err(FieldError::new(
            field,
            format!(
                "{label} contains a control character (U+{:04X}) that cannot be printed",
                c as u32
            ),
        ));
    }
    if let Some(c) = misleading(value) {
        return Err(FieldError::new(
            field,
            format!(
                "{label} contains an invisible or direction-changing character (U+{:04X}{}); remove it",
                c as u32,
                char_name(c).map(|n| format!(", {n}")).unwrap_or_default()
            ),
        ));
    }
    Ok(value.to_string())
}

// ----- text that cannot mislead ------------------------------------------------------------
//
// A name or a note must read on paper and on screen as it was typed. These characters are
// refused in every typed field, because they are invisible or change the order in which the
// characters around them are shown ("Eve \u{202E}exe.pdf Smith" prints as "Eve fdp.exe
// Smith"), and an invisible character also makes two equal-looking names differ, which would
// defeat the check for other people's names in a document:
//
// - direction controls: embeddings and overrides U+202A–U+202E, isolates U+2066–U+2069, and
//   the marks U+200E, U+200F, U+061C. The marks are refused too: a field here is one
//   paragraph whose direction follows its first strong letter, Arabic, Urdu and Hebrew read
//   correctly without them, and a mark can move neutral characters (dots, brackets, digits)
//   just as an override does;
// - invisible characters: zero width space U+200B, word joiner and invisible operators
//   U+2060–U+2064, the deprecated format characters U+206A–U+206F, byte order mark U+FEFF,
//   soft hyphen U+00AD, Mongolian vowel separator U+180E, combining grapheme joiner U+034F,
//   the Hangul fillers U+115F, U+1160, U+3164, U+FFA0, interlinear annotation U+FFF9–U+FFFB,
//   line and paragraph separators U+2028, U+2029, tag characters U+E0000–U+E007F, and every
//   other format (Cf) character;
// - zero width joiner U+200D and non-joiner U+200C, except between two letters or marks of a
//   script that needs them to be spelt correctly: Arabic (with Persian and Urdu), Syriac,
//   and the Indic scripts (Devanagari, Bengali, Gurmukhi, Gujarati, Oriya, Tamil, Telugu,
//   Kannada, Malayalam, Sinhala). A zero width joiner is also allowed between two emoji
//   ("family" and profession emoji are built this way): it only joins pictures.
//
// Allowed: variation selectors (U+FE00–U+FE0F, U+E0100–U+E01EF) and emoji modifiers, which
// change how one visible character looks; and tag characters only in the three flags that
// are built from them (England, Scotland, Wales).

/// The first character of `value` that could mislead a reader, if any.
pub fn misleading(value: &str) -> Option<char> {
    let chars: Vec<char> = value.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '\u{1F3F4}' {
            if let Some(n) = subdivision_flag_len(&chars[i + 1..]) {
                i += 1 + n;
                continue;
            }
        }
        let prev = i.checked_sub(1).and_then(|p| chars.get(p)).copied();
        let next = chars.get(i + 1).copied();
        let bad = match c {
            '\u{200C}' => !joins_script(prev, next),
            '\u{200D}' => !(joins_script(prev, next) || joins_emoji(prev, next)),
            _ => refused(c),
        };
        if bad {
            return Some(c);
        }
        i += 1;
    }
    None
}

/// The tag characters after U+1F3F4 that make the flag of England, Scotland or Wales (the
/// only flags built from tags), as their count; None otherwise.
fn subdivision_flag_len(rest: &[char]) -> Option<usize> {
    for region in ["gbeng", "gbsct", "gbwls"] {
        let n = region.len();
        if rest.len() > n
            && region
                .chars()
                .zip(rest)
                .all(|(a, &t)| u32::from(a) + 0xE0000 == u32::from(t))
            && rest[n] == '\u{E007F}'
        {
            return Some(n + 1);
        }
    }
    None
}

/// Invisible or direction-changing characters, refused wherever they are.
fn refused(c: char) -> bool {
    matches!(
        u32::from(c),
        0x00AD
            | 0x034F
            | 0x0600..=0x0605
            | 0x061C
            | 0x06DD
            | 0x070F
            | 0x0890..=0x0891
            | 0x08E2
            | 0x115F
            | 0x1160
            | 0x180E
            | 0x200B..=0x200F
            | 0x2028..=0x202E
            | 0x2060..=0x206F
            | 0x3164
            | 0xFEFF
            | 0xFFA0
            | 0xFFF9..=0xFFFB
            | 0x110BD
            | 0x110CD
            | 0x13430..=0x1343F
            | 0x1BCA0..=0x1BCA3
            | 0x1D173..=0x1D17A
            | 0xE0000..=0xE007F
    )
}

/// The scripts whose spelling needs zero width (non-)joiners, as the blocks of their letters
/// and marks (digits and punctuation are excluded by the caller).
fn joining_script(c: char) -> Option<u8> {
    Some(match u32::from(c) {
        0x0600..=0x06FF | 0x0750..=0x077F | 0x0870..=0x08FF | 0xFB50..=0xFDFF | 0xFE70..=0xFEFE => {
            1
        }
        0x0700..=0x074F => 2,
        0x0900..=0x097F | 0xA8E0..=0xA8FF => 3,
        0x0980..=0x09FF => 4,
        0x0A00..=0x0A7F => 5,
        0x0A80..=0x0AFF => 6,
        0x0B00..=0x0B7F => 7,
        0x0B80..=0x0BFF => 8,
        0x0C00..=0x0C7F => 9,
        0x0C80..=0x0CFF => 10,
        0x0D00..=0x0D7F => 11,
        0x0D80..=0x0DFF => 12,
        _ => return None,
    })
}

/// A letter or mark (not a digit, not punctuation, not a format character) of a script that
/// needs joiners.
fn script_letter(c: char) -> Option<u8> {
    let punctuation = matches!(
        u32::from(c),
        0x060C | 0x060D | 0x061B | 0x061D..=0x061F | 0x066A..=0x066D | 0x06D4 | 0x0964 | 0x0965
            | 0x0970 | 0xFD3E | 0xFD3F
    );
    if c.is_numeric() || punctuation || refused(c) {
        return None;
    }
    joining_script(c)
}

fn joins_script(prev: Option<char>, next: Option<char>) -> bool {
    match (prev.and_then(script_letter), next.and_then(script_letter)) {
        (Some(a), Some(b)) => a == b,
        _ => false,
    }
}

/// A pictographic character, or one that ends an emoji (modifier, variation selector 16).
fn emoji(c: char, ending: bool) -> bool {
    let v = u32::from(c);
    matches!(v, 0x1F000..=0x1FAFF | 0x2300..=0x23FF | 0x2600..=0x27BF | 0x2B00..=0x2BFF)
        || (ending && v == 0xFE0F)
}

fn joins_emoji(prev: Option<char>, next: Option<char>) -> bool {
    prev.is_some_and(|p| emoji(p, true)) && next.is_some_and(|n| emoji(n, false))
}

/// A short name for the characters people are most likely to meet, for messages.
fn char_name(c: char) -> Option<&'static str> {
    Some(match c {
        '\u{00AD}' => "soft hyphen",
        '\u{061C}' => "Arabic letter mark",
        '\u{200B}' => "zero width space",
        '\u{200C}' => "zero width non-joiner, allowed only inside words of scripts that need it",
        '\u{200D}' => "zero width joiner, allowed only inside words of scripts that need it",
        '\u{200E}' => "left-to-right mark",
        '\u{200F}' => "right-to-left mark",
        '\u{202A}' => "left-to-right embedding",
        '\u{202B}' => "right-to-left embedding",
        '\u{202C}' => "pop directional formatting",
        '\u{202D}' => "left-to-right override",
        '\u{202E}' => "right-to-left override",
        '\u{2060}' => "word joiner",
        '\u{2066}' => "left-to-right isolate",
        '\u{2067}' => "right-to-left isolate",
        '\u{2068}' => "first strong isolate",
        '\u{2069}' => "pop directional isolate",
        '\u{FEFF}' => "byte order mark",
        _ => return None,
    })
}

/// "full_name" -> "Full name", for messages.
pub fn label(field: &str) -> String {
    let s = field.replace(['_', '-'], " ");
    let mut cs = s.chars();
    match cs.next() {
        Some(f) => f.to_uppercase().chain(cs).collect(),
        None => String::new(),
    }
}

/// "Date of the contact" -> "date of the contact", for "Enter ..." (only the first letter,
/// so "CPS reference" keeps its capitals).
pub fn lower_first(label: &str) -> String {
    let mut cs = label.chars();
    match cs.next() {
        Some(_) if cs.clone().next().is_some_and(|c| c.is_uppercase()) => label.to_string(),
        Some(f) => f.to_lowercase().chain(cs).collect(),
        None => String::new(),
    }
}

/// "Enter date of the contact": the message for a required field left blank.
pub fn enter(label: &str) -> String {
    format!("Enter {}", lower_first(label))
}

/// A required single-line value.
pub fn required(field: &str, value: &str) -> Result<String, FieldError> {
    required_as(field, &label(field), value)
}

/// [`required`], for a field shown as `label`.
pub fn required_as(field: &str, label: &str, value: &str) -> Result<String, FieldError> {
    let v = clean(field, label, value, MAX_LINE, false)?;
    if v.is_empty() {
        return Err(FieldError::new(field, enter(label)));
    }
    Ok(v)
}

/// An optional single-line value: blank becomes None.
pub fn optional(field: &str, value: Option<&str>) -> Result<Option<String>, FieldError> {
    optional_as(field, &label(field), value)
}

/// [`optional`], for a field shown as `label`.
pub fn optional_as(
    field: &str,
    label: &str,
    value: Option<&str>,
) -> Result<Option<String>, FieldError> {
    match value {
        None => Ok(None),
        Some(v) => {
            let v = clean(field, label, v, MAX_LINE, false)?;
            Ok((!v.is_empty()).then_some(v))
        }
    }
}

/// An optional note (multi-line, longer).
pub fn note(field: &str, value: Option<&str>) -> Result<Option<String>, FieldError> {
    note_as(field, &label(field), value)
}

/// [`note`], for a field shown as `label`.
pub fn note_as(
    field: &str,
    label: &str,
    value: Option<&str>,
) -> Result<Option<String>, FieldError> {
    match value {
        None => Ok(None),
        Some(v) => {
            let v = clean(field, label, v, MAX_NOTE, true)?;
            Ok((!v.is_empty()).then_some(v))
        }
    }
}

/// A required reason (for "declined", "not applicable" and the like).
pub fn reason(field: &str, value: Option<&str>) -> Result<String, FieldError> {
    reason_as(field, &label(field), value)
}

/// [`reason`], for a field shown as `label`.
pub fn reason_as(field: &str, label: &str, value: Option<&str>) -> Result<String, FieldError> {
    match note_as(field, label, value)? {
        Some(v) => Ok(v),
        None => Err(FieldError::new(field, enter(label))),
    }
}

/// Parses a required date as people in the UK write it (`domain::dates`), with a message
/// that says what was wrong.
pub fn date(field: &str, value: &str) -> Result<chrono::NaiveDate, FieldError> {
    date_as(field, &label(field), value)
}

/// [`date`], for a field shown as `label`.
pub fn date_as(field: &str, label: &str, value: &str) -> Result<chrono::NaiveDate, FieldError> {
    if value.trim().is_empty() {
        return Err(FieldError::new(field, enter(label)));
    }
    dates::parse_date(value).map_err(|p| FieldError::new(field, p.message(label)))
}

pub fn optional_date(
    field: &str,
    value: Option<&str>,
) -> Result<Option<chrono::NaiveDate>, FieldError> {
    optional_date_as(field, &label(field), value)
}

/// [`optional_date`], for a field shown as `label`.
pub fn optional_date_as(
    field: &str,
    label: &str,
    value: Option<&str>,
) -> Result<Option<chrono::NaiveDate>, FieldError> {
    match value.map(str::trim) {
        None | Some("") => Ok(None),
        Some(v) => date_as(field, label, v).map(Some),
    }
}

/// An optional time as people in the UK write it (`domain::dates`).
pub fn optional_time_as(
    field: &str,
    label: &str,
    value: Option<&str>,
) -> Result<Option<chrono::NaiveTime>, FieldError> {
    match value.map(str::trim) {
        None | Some("") => Ok(None),
        Some(v) => dates::parse_time(v)
            .map(Some)
            .ok_or_else(|| FieldError::new(field, dates::time_message(label))),
    }
}

/// Shortens a value for inclusion in a message, on a character boundary.
pub fn truncate(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(max).collect();
        t.push('…');
        t
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &str, expect: Result<&str, &str>) {
        let got = required("full_name", input);
        match (got, expect) {
            (Ok(v), Ok(e)) => assert_eq!(v, e, "input {input:?}"),
            (Err(err), Err(e)) => assert!(
                err.message.contains(e),
                "input {input:?}: message {:?} lacks {e:?}",
                err.message
            ),
            (got, expect) => panic!("input {input:?}: got {got:?}, expected {expect:?}"),
        }
    }

    #[test]
    fn required_text() {
        check("  Anna  ", Ok("Anna"));
        check("", Err("Enter full name"));
        check("   ", Err("Enter full name"));
        check("Łucja Wiśniewska-Żak", Ok("Łucja Wiśniewska-Żak"));
        check("Siôn ap Dafydd 🌼", Ok("Siôn ap Dafydd 🌼"));
        check("محمد", Ok("محمد"));
        check("a\u{7}b", Err("control character"));
        check(&"x".repeat(MAX_LINE + 1), Err("300 characters or fewer"));
        check(&"ż".repeat(MAX_LINE), Ok(&"ż".repeat(MAX_LINE)));
    }

    /// (input, Ok(kept) or Err(code point in the message)), through a name and a note.
    #[test]
    fn invisible_and_direction_changing_characters() {
        let cases: &[(&str, Result<&str, &str>)] = &[
            // The sheet that read "Information for Eve fdp.exe Smith".
            (
                "Eve \u{202E}exe.pdf Smith",
                Err("U+202E, right-to-left override"),
            ),
            ("a\u{202A}b", Err("U+202A")),
            ("a\u{202B}b", Err("U+202B")),
            ("a\u{202C}b", Err("U+202C")),
            ("a\u{202D}b", Err("U+202D")),
            ("a\u{2066}b", Err("U+2066")),
            ("a\u{2067}b", Err("U+2067")),
            ("a\u{2068}b", Err("U+2068")),
            ("a\u{2069}b", Err("U+2069")),
            ("Eve\u{200E} Smith", Err("U+200E")),
            ("محمد\u{200F} (2)", Err("U+200F")),
            ("محمد\u{061C}", Err("U+061C")),
            ("Sm\u{200B}ith", Err("U+200B, zero width space")),
            ("Sm\u{2060}ith", Err("U+2060")),
            ("Sm\u{2062}ith", Err("U+2062")),
            ("Sm\u{2064}ith", Err("U+2064")),
            ("\u{FEFF}Smith", Err("U+FEFF")),
            ("Smi\u{00AD}th", Err("U+00AD, soft hyphen")),
            ("Sm\u{180E}ith", Err("U+180E")),
            ("\u{3164}", Err("U+3164")),
            ("a\u{115F}", Err("U+115F")),
            ("a\u{1160}", Err("U+1160")),
            ("a\u{FFA0}", Err("U+FFA0")),
            ("a\u{034F}b", Err("U+034F")),
            ("a\u{2028}b", Err("U+2028")),
            ("a\u{FFF9}b", Err("U+FFF9")),
            // Text hidden in tag characters.
            ("Smith\u{E0069}\u{E0067}\u{E006E}", Err("U+E0069")),
            ("\u{E0001}", Err("U+E0001")),
            // Joiners outside the words that need them.
            ("Eve\u{200D} Smith", Err("U+200D, zero width joiner")),
            ("Sm\u{200C}ith", Err("U+200C, zero width non-joiner")),
            ("\u{200C}محمد", Err("U+200C")),
            ("محمد\u{200C}", Err("U+200C")),
            ("محمد\u{200C} علي", Err("U+200C")),
            ("م\u{200C}a", Err("U+200C")),
            // Two scripts either side: still refused.
            ("ক\u{200D}क", Err("U+200D")),
            ("١\u{200C}٢", Err("U+200C")),
            ("👩\u{200C}👧", Err("U+200C")),
            // Persian: "mi-khaham" with a non-joiner between prefix and verb.
            ("می\u{200C}خواهم", Ok("می\u{200C}خواهم")),
            // Urdu and Arabic with harakat next to the joiner.
            ("بَ\u{200D}ب", Ok("بَ\u{200D}ب")),
            // Bengali: "ৎ" spelt with a joiner after the virama; Devanagari conjunct forms.
            ("সুর\u{200C}ঞ্জিত", Ok("সুর\u{200C}ঞ্জিত")),
            ("র্\u{200D}য", Ok("র্\u{200D}য")),
            ("क्\u{200D}ष", Ok("क्\u{200D}ष")),
            ("क्\u{200C}ष", Ok("क्\u{200C}ष")),
            ("ਸ\u{200D}ਿੰਘ", Ok("ਸ\u{200D}ਿੰਘ")),
            ("ந்\u{200C}த", Ok("ந்\u{200C}த")),
            ("ශ්\u{200D}රී", Ok("ශ්\u{200D}රී")),
            // Emoji: joined pictures, skin tones, variation selectors, the flags of Britain.
            ("👨\u{200D}👩\u{200D}👧", Ok("👨\u{200D}👩\u{200D}👧")),
            ("👩🏽\u{200D}⚕\u{FE0F}", Ok("👩🏽\u{200D}⚕\u{FE0F}")),
            ("🏳\u{FE0F}\u{200D}🌈", Ok("🏳\u{FE0F}\u{200D}🌈")),
            ("❤\u{FE0F}", Ok("❤\u{FE0F}")),
            (
                "Siôn 🏴\u{E0067}\u{E0062}\u{E0077}\u{E006C}\u{E0073}\u{E007F}",
                Ok("Siôn 🏴\u{E0067}\u{E0062}\u{E0077}\u{E006C}\u{E0073}\u{E007F}"),
            ),
            (
                "🏴\u{E0067}\u{E0062}\u{E0065}\u{E006E}\u{E0067}\u{E007F}",
                Ok("🏴\u{E0067}\u{E0062}\u{E0065}\u{E006E}\u{E0067}\u{E007F}"),
            ),
            // Not a real flag: the tags are refused.
            ("🏴\u{E0078}\u{E0078}\u{E007F}", Err("U+E0078")),
            (
                "🏴\u{E0067}\u{E0062}\u{E0077}\u{E006C}\u{E0073}",
                Err("U+E0067"),
            ),
            ("Zoë ٱلعربية 中文 Łęcka", Ok("Zoë ٱلعربية 中文 Łęcka")),
            ("漢\u{E0100}", Ok("漢\u{E0100}")),
            ("a\u{202F}b", Ok("a\u{202F}b")),
        ];
        for (input, expect) in cases {
            for (field, got) in [
                ("full_name", required("full_name", input)),
                (
                    "notes",
                    note("notes", Some(input)).map(|v| v.unwrap_or_default()),
                ),
            ] {
                match (got, expect) {
                    (Ok(v), Ok(e)) => assert_eq!(&v, e, "{field}: {input:?}"),
                    (Err(err), Err(e)) => {
                        assert_eq!(err.field, field);
                        assert!(
                            err.message.contains(e)
                                && err.message.starts_with(&label(field))
                                && err.message.contains("invisible or direction-changing"),
                            "{field}: {input:?}: {:?} lacks {e:?}",
                            err.message
                        );
                    }
                    (got, e) => panic!("{field}: {input:?}: got {got:?}, expected {e:?}"),
                }
            }
        }
        // Every path for typed text refuses them.
        assert!(optional("place", Some("a\u{202E}b")).is_err());
        assert!(reason("reason", Some("a\u{202E}b")).is_err());
        // Every format character we know of, outside the allowed places, is refused.
        for c in (0u32..0x110000).filter_map(char::from_u32) {
            if refused(c) {
                assert_eq!(misleading(&format!("a{c}b")), Some(c));
            }
        }
    }

    #[test]
    fn dates() {
        assert!(date("visit_date", "2026-02-30").is_err());
        assert_eq!(
            date("visit_date", "26/02/2026").ok(),
            chrono::NaiveDate::from_ymd_opt(2026, 2, 26)
        );
        assert!(date("visit_date", "2024-02-29").is_ok());
        assert_eq!(optional_date("d", Some("  ")).ok(), Some(None));
        let e = date("visit_date", "2026-13-01").unwrap_err();
        assert_eq!(
            e.message,
            "Visit date must be a real date, for example 2 June 2026 (there is no month 13)"
        );
        assert_eq!(
            date("visit_date", " ").unwrap_err().message,
            "Enter visit date"
        );
        assert_eq!(enter("CPS reference"), "Enter CPS reference");
    }
}
