//! The pre-scan: one streaming pass over a bundle's bytes, before anything is parsed, that
//! refuses a file which is not JSON, whose top level is not an object, or which is deeper,
//! longer or wider than any review bundle can be ([`Limits`]). It reads through a fixed buffer
//! and keeps a fixed-size stack, so refusing a file costs the same small memory whatever its
//! size (64 KiB of buffer and a few hundred bytes of state); only a file that passes is read
//! into memory and parsed by [`super::parse`], and then its size in memory is bounded by the
//! limits too.
//!
//! It checks the whole JSON grammar (RFC 8259): UTF-8, strings and their escapes (lone
//! surrogates included), numbers, literals, commas and colons, nothing after the top-level
//! object. Messages say where (line and column) and what.

use std::io::{self, Read};

/// Deepest nesting of lists and objects a bundle may have. A real bundle nests at most six
/// deep (bundle → members → member → relationships → relationship → a list in it).
pub const MAX_DEPTH: usize = 16;

/// The limits a bundle is scanned against. [`LIMITS`] is the one Kindred uses; the numbers are
/// documented in docs/bundle-format.md ("Limits").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// The largest file, in bytes.
    pub max_bytes: u64,
    /// The most items in one list.
    pub max_items: u32,
    /// The most fields in one object.
    pub max_fields: u32,
    /// The longest text (a string or a field name), in characters; an escape counts as one.
    pub max_text: u32,
    /// The longest number, in characters.
    pub max_number: u32,
    /// The most values (texts, numbers, true/false/null, lists, objects) in the whole file.
    pub max_values: u64,
}

/// The limits every bundle is read with.
pub const LIMITS: Limits = Limits {
    max_bytes: 32_000_000,
    max_items: 100_000,
    max_fields: 64,
    max_text: 20_000,
    max_number: 40,
    max_values: 500_000,
};

/// Why a scan stopped.
#[derive(Debug, thiserror::Error)]
pub enum ScanError {
    /// The file could not be read.
    #[error("{0}")]
    Io(#[from] io::Error),
    /// The file is not a bundle Kindred will read; the message says where and why.
    #[error("{0}")]
    Refused(String),
}

const BUF: usize = 64 * 1024;

struct Scanner<'l, R> {
    r: R,
    buf: Box<[u8]>,
    pos: usize,
    len: usize,
    /// Bytes consumed so far.
    read: u64,
    line: u64,
    /// Byte offset at which the current line starts.
    line_start: u64,
    limits: &'l Limits,
    /// Per open container: is it an object, and how many items or fields it has so far.
    object: [bool; MAX_DEPTH],
    count: [u32; MAX_DEPTH],
    depth: usize,
    values: u64,
}

fn thousands(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::with_capacity(s.len() + s.len() / 3);
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Scans `r` to its end. `Ok` means the bytes are one JSON object within `limits`.
pub fn scan(r: impl Read, limits: &Limits) -> Result<(), ScanError> {
    let mut s = Scanner {
        r,
        buf: vec![0; BUF].into_boxed_slice(),
        pos: 0,
        len: 0,
        read: 0,
        line: 1,
        line_start: 0,
        limits,
        object: [false; MAX_DEPTH],
        count: [0; MAX_DEPTH],
        depth: 0,
        values: 0,
    };
    s.document()
}

impl<R: Read> Scanner<'_, R> {
    fn peek(&mut self) -> Result<Option<u8>, ScanError> {
        if self.pos == self.len {
            self.len = loop {
                match self.r.read(&mut self.buf) {
                    Ok(n) => break n,
                    Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                    Err(e) => return Err(e.into()),
                }
            };
            self.pos = 0;
            if self.len == 0 {
                return Ok(None);
            }
        }
        Ok(Some(self.buf[self.pos]))
    }

    /// Consumes one byte. The size is checked here too, so a file that grows while it is
    /// read is still bounded.
    fn next(&mut self) -> Result<Option<u8>, ScanError> {
        let b = self.peek()?;
        if b.is_some() {
            self.pos += 1;
            self.read += 1;
            if self.read > self.limits.max_bytes {
                return Err(self.too_large());
            }
        }
        Ok(b)
    }

    fn too_large(&self) -> ScanError {
        ScanError::Refused(format!(
            "the file is larger than {} MB, the most a review bundle may be",
            self.limits.max_bytes / 1_000_000
        ))
    }

    /// "line L, column C" of the byte just consumed.
    fn at(&self) -> String {
        format!(
            "line {}, column {}",
            self.line,
            self.read.saturating_sub(self.line_start).max(1)
        )
    }

    fn bad(&self, what: &str) -> ScanError {
        ScanError::Refused(format!(
            "the file is not valid JSON ({what} at {})",
            self.at()
        ))
    }

    fn limit(&self, what: String) -> ScanError {
        ScanError::Refused(format!(
            "the file is not a review bundle Kindred can read: {} at {}",
            what,
            self.at()
        ))
    }

    fn skip_space(&mut self) -> Result<Option<u8>, ScanError> {
        loop {
            match self.peek()? {
                Some(b'\n') => {
                    self.next()?;
                    self.line += 1;
                    self.line_start = self.read;
                }
                Some(b' ' | b'\t' | b'\r') => {
                    self.next()?;
                }
                other => return Ok(other),
            }
        }
    }

    fn document(&mut self) -> Result<(), ScanError> {
        match self.skip_space()? {
            None => return Err(ScanError::Refused("the file is empty".into())),
            Some(b'{') => {}
            Some(b) => {
                self.next()?;
                let holds = match b {
                    b'[' => "a list",
                    b'"' => "text",
                    b'-' | b'0'..=b'9' => "a number",
                    b't' | b'f' => "true/false",
                    b'n' => "null",
                    0xEF => {
                        return Err(ScanError::Refused(
                            "this is not a Kindred review bundle (it starts with a byte-order \
                             mark, which Kindred never writes)"
                                .into(),
                        ))
                    }
                    _ => return Err(self.bad("unexpected character")),
                };
                return Err(ScanError::Refused(format!(
                    "this is not a Kindred review bundle (the file holds {holds}, not an object)"
                )));
            }
        }
        self.value()?;
        match self.skip_space()? {
            None => Ok(()),
            Some(_) => {
                self.next()?;
                Err(self.bad("something after the end of the top-level object"))
            }
        }
    }

    /// One value, containers included, without recursion: the stack is `object`/`count`.
    fn value(&mut self) -> Result<(), ScanError> {
        // `want_value`: a value is expected next (else: a comma or the container's end).
        let mut want_value = true;
        loop {
            if want_value {
                let Some(b) = self.skip_space()? else {
                    return Err(self.bad("the file ends in the middle of a value"));
                };
                self.next()?;
                self.values += 1;
                if self.values > self.limits.max_values {
                    return Err(self.limit(format!(
                        "more than {} values in the file",
                        thousands(self.limits.max_values)
                    )));
                }
                match b {
                    b'{' | b'[' => {
                        if self.depth == MAX_DEPTH {
                            return Err(self.limit(format!(
                                "lists and objects nested more than {MAX_DEPTH} deep"
                            )));
                        }
                        let object = b == b'{';
                        self.object[self.depth] = object;
                        self.count[self.depth] = 0;
                        self.depth += 1;
                        let close = if object { b'}' } else { b']' };
                        if self.skip_space()? == Some(close) {
                            self.next()?;
                            self.depth -= 1;
                            want_value = false;
                        } else if object {
                            self.member_key()?;
                        } else {
                            self.item()?;
                        }
                        if want_value {
                            continue;
                        }
                    }
                    b'"' => self.string()?,
                    b'-' | b'0'..=b'9' => self.number(b)?,
                    b't' => self.literal(b"rue")?,
                    b'f' => self.literal(b"alse")?,
                    b'n' => self.literal(b"ull")?,
                    _ => return Err(self.bad("unexpected character where a value should be")),
                }
                want_value = false;
            }
            // After a value: the end of everything, a comma, or the container's end.
            if self.depth == 0 {
                return Ok(());
            }
            let object = self.object[self.depth - 1];
            let close = if object { b'}' } else { b']' };
            match self.skip_space()? {
                None => return Err(self.bad("the file ends inside a list or object")),
                Some(b',') => {
                    self.next()?;
                    if object {
                        self.skip_space()?;
                        self.member_key()?;
                    } else {
                        self.item()?;
                    }
                    want_value = true;
                }
                Some(c) if c == close => {
                    self.next()?;
                    self.depth -= 1;
                }
                Some(_) => {
                    self.next()?;
                    return Err(self.bad(if object {
                        "expected , or } after a field"
                    } else {
                        "expected , or ] after an item"
                    }));
                }
            }
        }
    }

    /// Counts one more item of the innermost list.
    fn item(&mut self) -> Result<(), ScanError> {
        let n = &mut self.count[self.depth - 1];
        *n += 1;
        if *n > self.limits.max_items {
            return Err(self.limit(format!(
                "a list of more than {} items",
                thousands(self.limits.max_items.into())
            )));
        }
        Ok(())
    }

    /// A field name and its colon, counting one more field of the innermost object.
    fn member_key(&mut self) -> Result<(), ScanError> {
        let n = &mut self.count[self.depth - 1];
        *n += 1;
        if *n > self.limits.max_fields {
            return Err(self.limit(format!(
                "an object with more than {} fields",
                thousands(self.limits.max_fields.into())
            )));
        }
        match self.next()? {
            Some(b'"') => self.string()?,
            None => return Err(self.bad("the file ends where a field name should be")),
            Some(_) => return Err(self.bad("expected a field name in double quotes")),
        }
        match self.skip_space()? {
            Some(b':') => {
                self.next()?;
                Ok(())
            }
            None => Err(self.bad("the file ends after a field name")),
            Some(_) => {
                self.next()?;
                Err(self.bad("expected : after a field name"))
            }
        }
    }

    fn literal(&mut self, rest: &[u8]) -> Result<(), ScanError> {
        for &want in rest {
            if self.next()? != Some(want) {
                return Err(self.bad("unknown word (expected true, false or null)"));
            }
        }
        Ok(())
    }

    fn number(&mut self, first: u8) -> Result<(), ScanError> {
        let mut len = 1u32;
        let mut bump = |s: &mut Self| -> Result<Option<u8>, ScanError> {
            s.next()?;
            len += 1;
            if len > s.limits.max_number {
                return Err(s.limit(format!(
                    "a number longer than {} characters",
                    s.limits.max_number
                )));
            }
            s.peek()
        };
        let mut b = self.peek()?;
        // Integer part: 0, or a non-zero digit and digits.
        if first == b'-' {
            match b {
                Some(b'0'..=b'9') => {
                    let d = b;
                    b = bump(self)?;
                    if d != Some(b'0') {
                        while let Some(b'0'..=b'9') = b {
                            b = bump(self)?;
                        }
                    }
                }
                _ => return Err(self.bad("a minus sign without a number")),
            }
        } else if first != b'0' {
            while let Some(b'0'..=b'9') = b {
                b = bump(self)?;
            }
        }
        if b == Some(b'.') {
            b = bump(self)?;
            if !matches!(b, Some(b'0'..=b'9')) {
                return Err(self.bad("a number with no digits after its point"));
            }
            while let Some(b'0'..=b'9') = b {
                b = bump(self)?;
            }
        }
        if matches!(b, Some(b'e' | b'E')) {
            b = bump(self)?;
            if matches!(b, Some(b'+' | b'-')) {
                b = bump(self)?;
            }
            if !matches!(b, Some(b'0'..=b'9')) {
                return Err(self.bad("a number with no digits in its exponent"));
            }
            while let Some(b'0'..=b'9') = b {
                b = bump(self)?;
            }
        }
        match b {
            None | Some(b' ' | b'\t' | b'\r' | b'\n' | b',' | b']' | b'}') => Ok(()),
            Some(_) => {
                self.next()?;
                Err(self.bad("unexpected character in a number"))
            }
        }
    }

    fn hex4(&mut self) -> Result<u16, ScanError> {
        let mut v = 0u16;
        for _ in 0..4 {
            let d = match self.next()? {
                Some(c @ b'0'..=b'9') => c - b'0',
                Some(c @ b'a'..=b'f') => c - b'a' + 10,
                Some(c @ b'A'..=b'F') => c - b'A' + 10,
                _ => return Err(self.bad("a \\u escape without four hex digits")),
            };
            v = v * 16 + u16::from(d);
        }
        Ok(v)
    }

    /// The rest of a string whose opening quote was consumed.
    fn string(&mut self) -> Result<(), ScanError> {
        let mut chars = 0u32;
        loop {
            let Some(b) = self.next()? else {
                return Err(self.bad("the file ends inside a text"));
            };
            chars += 1;
            if chars > self.limits.max_text + 1 {
                return Err(self.limit(format!(
                    "a text longer than {} characters",
                    thousands(self.limits.max_text.into())
                )));
            }
            match b {
                b'"' => return Ok(()),
                b'\\' => match self.next()? {
                    Some(b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't') => {}
                    Some(b'u') => {
                        let u = self.hex4()?;
                        if (0xDC00..0xE000).contains(&u) {
                            return Err(self.bad("a lone low surrogate in a \\u escape"));
                        }
                        if (0xD800..0xDC00).contains(&u) {
                            let low = match (self.next()?, self.next()?) {
                                (Some(b'\\'), Some(b'u')) => self.hex4()?,
                                _ => return Err(self.bad("a lone high surrogate in a \\u escape")),
                            };
                            if !(0xDC00..0xE000).contains(&low) {
                                return Err(self.bad("a lone high surrogate in a \\u escape"));
                            }
                        }
                    }
                    _ => return Err(self.bad("an unknown escape after \\ in a text")),
                },
                0x00..=0x1F => {
                    return Err(self.bad("a control character (such as a raw line break) in a text"))
                }
                0x20..=0x7F => {}
                _ => self.utf8_rest(b)?,
            }
        }
    }

    /// The continuation bytes of a UTF-8 character whose first byte `b` (≥ 0x80) was consumed.
    fn utf8_rest(&mut self, b: u8) -> Result<(), ScanError> {
        let (more, lo, hi) = match b {
            0xC2..=0xDF => (1, 0x80, 0xBF),
            0xE0 => (2, 0xA0, 0xBF),
            0xE1..=0xEC | 0xEE..=0xEF => (2, 0x80, 0xBF),
            0xED => (2, 0x80, 0x9F),
            0xF0 => (3, 0x90, 0xBF),
            0xF1..=0xF3 => (3, 0x80, 0xBF),
            0xF4 => (3, 0x80, 0x8F),
            _ => return Err(self.bad("bytes that are not UTF-8 text")),
        };
        for i in 0..more {
            let (lo, hi) = if i == 0 { (lo, hi) } else { (0x80, 0xBF) };
            match self.next()? {
                Some(c) if (lo..=hi).contains(&c) => {}
                _ => return Err(self.bad("bytes that are not UTF-8 text")),
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(s: &[u8]) -> Result<(), String> {
        scan(s, &LIMITS).map_err(|e| e.to_string())
    }

    fn small() -> Limits {
        Limits {
            max_bytes: 1000,
            max_items: 3,
            max_fields: 3,
            max_text: 5,
            max_number: 6,
            max_values: 20,
        }
    }

    #[test]
    fn accepts_every_json_object_that_serde_accepts() {
        let ok: &[&str] = &[
            "{}",
            " \n{ } \n",
            r#"{"a":[1,-0,0.5,-1.25e+10,2E-3,true,false,null,"x\"\\\/\b\f\n\r\t\u00e9\ud83d\ude00"],"b":{"c":[]}}"#,
            "{\"żółw\":\"🐢\"}",
            r#"{"a":[[[]],{}],"b":""}"#,
        ];
        for s in ok {
            assert_eq!(check(s.as_bytes()), Ok(()), "{s}");
            assert!(serde_json::from_str::<serde_json::Value>(s).is_ok(), "{s}");
        }
    }

    #[test]
    fn refuses_what_serde_refuses() {
        let bad: &[&[u8]] = &[
            b"{",
            b"{\"a\"}",
            b"{\"a\":}",
            b"{\"a\":1,}",
            b"{\"a\":[1,]}",
            b"{,}",
            b"{\"a\":01}",
            b"{\"a\":1.}",
            b"{\"a\":-}",
            b"{\"a\":1e}",
            b"{\"a\":tru}",
            b"{\"a\":nul}",
            b"{\"a\":\"\\x\"}",
            b"{\"a\":\"\\ud800\"}",
            b"{\"a\":\"\\udc00\"}",
            b"{\"a\":\"\\ud800\\u0041\"}",
            b"{\"a\":\"\n\"}",
            b"{\"a\":\"\xff\"}",
            b"{\"a\":\"\xc0\xaf\"}",
            b"{\"a\":\"\xed\xa0\x80\"}",
            b"{\"a\":\"\xe2\x82\"}",
            b"{}{}",
            b"{} x",
            b"{\"a\":1 2}",
            b"{'a':1}",
            b"{\"a\":[1}",
            b"{\"a\":{]}",
        ];
        for s in bad {
            let shown = String::from_utf8_lossy(s);
            assert!(
                serde_json::from_slice::<serde_json::Value>(s).is_err(),
                "{shown}"
            );
            let e = check(s).expect_err(&shown);
            assert!(e.contains("not valid JSON"), "{shown}: {e}");
        }
    }

    #[test]
    fn says_what_the_top_level_is() {
        for (s, holds) in [
            ("[0,0]", "a list"),
            ("\"x\"", "text"),
            ("12", "a number"),
            ("true", "true/false"),
            ("null", "null"),
        ] {
            let e = check(s.as_bytes()).unwrap_err();
            assert!(
                e.contains(&format!("the file holds {holds}, not an object")),
                "{e}"
            );
        }
        assert_eq!(check(b" \n ").unwrap_err(), "the file is empty");
        assert!(check(b"\xef\xbb\xbf{}")
            .unwrap_err()
            .contains("byte-order mark"));
    }

    #[test]
    fn refuses_beyond_each_limit_and_not_at_it() {
        let l = small();
        let s = |x: &str| scan(x.as_bytes(), &l).map_err(|e| e.to_string());
        assert_eq!(s(r#"{"a":[1,2,3]}"#), Ok(()));
        assert!(s(r#"{"a":[1,2,3,4]}"#)
            .unwrap_err()
            .contains("a list of more than 3 items at line 1, column 12"));
        assert_eq!(s(r#"{"a":1,"b":2,"c":3}"#), Ok(()));
        assert!(s(r#"{"a":1,"b":2,"c":3,"d":4}"#)
            .unwrap_err()
            .contains("an object with more than 3 fields"));
        assert_eq!(s(r#"{"a":"12345"}"#), Ok(()));
        assert_eq!(s(r#"{"a":"\u00e9\n\"żó"}"#), Ok(()));
        assert!(s(r#"{"a":"\u00e9\n\"żół"}"#).is_err());
        assert!(s(r#"{"a":"123456"}"#)
            .unwrap_err()
            .contains("a text longer than 5 characters"));
        assert!(s(r#"{"abcdef":1}"#)
            .unwrap_err()
            .contains("a text longer than 5 characters"));
        assert_eq!(s(r#"{"a":-1.5e3}"#), Ok(()));
        assert!(s(r#"{"a":1234567}"#)
            .unwrap_err()
            .contains("a number longer than 6 characters"));
        assert!(s(&format!("{{\"a\":[{}]}}", "[".repeat(30)))
            .unwrap_err()
            .contains("nested more than 16 deep"));
        let deep = format!(
            "{{\"a\":{}{}}}",
            "[".repeat(MAX_DEPTH - 1),
            "]".repeat(MAX_DEPTH - 1)
        );
        assert_eq!(check(deep.as_bytes()), Ok(()));
        let too_deep = format!(
            "{{\"a\":{}{}}}",
            "[".repeat(MAX_DEPTH),
            "]".repeat(MAX_DEPTH)
        );
        assert!(check(too_deep.as_bytes()).unwrap_err().contains("16 deep"));
        assert!(
            s(r#"{"a":[[1,2,3],[1,2,3],[1,2,3]],"b":[[1,2,3],[1,2,3]]}"#)
                .unwrap_err()
                .contains("more than 20 values")
        );
        let big = format!("{{{}}}", " ".repeat(1000));
        assert!(s(&big).unwrap_err().starts_with("the file is larger than"));
    }

    #[test]
    fn reports_line_and_column() {
        let e = check(b"{\n  \"a\": [1,\n  2,, 3]\n}").unwrap_err();
        assert!(e.contains("line 3, column 5"), "{e}");
    }

    #[test]
    fn an_io_error_is_not_a_refusal() {
        struct Broken;
        impl Read for Broken {
            fn read(&mut self, _: &mut [u8]) -> io::Result<usize> {
                Err(io::Error::other("the disk went away"))
            }
        }
        assert!(matches!(scan(Broken, &LIMITS), Err(ScanError::Io(_))));
    }
}
