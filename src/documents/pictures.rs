//! The easy-read pictures (assets/pictures.toml): Kindred's own line drawings, one beside
//! each idea of an easy-read document, each with alternative text in English and Welsh.
//!
//! Why vectors in a text file rather than image files: they stay sharp at any print
//! size, cost a few hundred bytes in the PDF, can be read and changed by anyone, and the
//! drawing code is the same few path operators the layout already writes.

use std::sync::OnceLock;

use serde::Deserialize;

use super::view::Language;
use super::DocumentError;

static SOURCE: &str = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/assets/pictures.toml"));

/// One step of a drawing, in the picture's 100 x 100 box (y down).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Step {
    Move(f32, f32),
    Line(f32, f32),
    Curve([f32; 6]),
    Close,
    Circle { cx: f32, cy: f32, r: f32 },
    Rect { x: f32, y: f32, w: f32, h: f32 },
}

#[derive(Debug, Clone)]
pub(crate) struct Picture {
    pub(crate) id: String,
    alt_en: String,
    alt_cy: String,
    /// Each path is drawn and stroked on its own.
    pub(crate) paths: Vec<Vec<Step>>,
}

impl Picture {
    /// The alternative text for a part in `lang`, and the language it is written in:
    /// English where Kindred has none in that language yet.
    pub(crate) fn alt(&self, lang: Language) -> (&str, &'static str) {
        match lang {
            Language::Welsh => (&self.alt_cy, "cy"),
            _ => (&self.alt_en, "en"),
        }
    }
}

/// An idea an easy-read document shows a picture beside.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Idea {
    Reviewer,
    Meeting,
    Phone,
    Calendar,
    Question,
    Report,
    Support,
    No,
}

impl Idea {
    pub(crate) const ALL: [Idea; 8] = [
        Idea::Reviewer,
        Idea::Meeting,
        Idea::Phone,
        Idea::Calendar,
        Idea::Question,
        Idea::Report,
        Idea::Support,
        Idea::No,
    ];

    fn id(self) -> &'static str {
        match self {
            Idea::Reviewer => "reviewer",
            Idea::Meeting => "meeting",
            Idea::Phone => "phone",
            Idea::Calendar => "calendar",
            Idea::Question => "question",
            Idea::Report => "report",
            Idea::Support => "support",
            Idea::No => "no",
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[allow(dead_code)]
    version: String,
    #[allow(dead_code)]
    review_status: String,
    #[allow(dead_code)]
    reviewed_by: String,
    picture: Vec<RawPicture>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPicture {
    id: String,
    alt_en: String,
    alt_cy: String,
    paths: Vec<String>,
}

pub(crate) struct Pictures(Vec<Picture>);

impl Pictures {
    pub(crate) fn get(&self, idea: Idea) -> Option<&Picture> {
        self.0.iter().find(|p| p.id == idea.id())
    }
}

static PICTURES: OnceLock<Result<Pictures, String>> = OnceLock::new();

/// The pictures, parsed once. A broken file is an error for the easy-read document that
/// asks for it, never a picture silently left out.
pub(crate) fn pictures() -> Result<&'static Pictures, DocumentError> {
    PICTURES
        .get_or_init(|| parse(SOURCE))
        .as_ref()
        .map_err(|e| DocumentError::Wording(format!("assets/pictures.toml: {e}")))
}

fn parse(source: &str) -> Result<Pictures, String> {
    let file: File = toml::from_str(source).map_err(|e| e.to_string())?;
    let mut out = Vec::with_capacity(file.picture.len());
    for p in file.picture {
        if p.alt_en.trim().is_empty() || p.alt_cy.trim().is_empty() {
            return Err(format!("picture {} has no alternative text", p.id));
        }
        let paths = p
            .paths
            .iter()
            .map(|d| parse_path(d).map_err(|e| format!("picture {}: {e} in {d:?}", p.id)))
            .collect::<Result<Vec<_>, _>>()?;
        out.push(Picture {
            id: p.id,
            alt_en: p.alt_en,
            alt_cy: p.alt_cy,
            paths,
        });
    }
    for idea in Idea::ALL {
        if !out.iter().any(|p| p.id == idea.id()) {
            return Err(format!("no picture {}", idea.id()));
        }
    }
    Ok(Pictures(out))
}

fn parse_path(d: &str) -> Result<Vec<Step>, String> {
    let mut words = d.split_whitespace().peekable();
    let mut steps = Vec::new();
    let numbers = |words: &mut std::iter::Peekable<std::str::SplitWhitespace<'_>>,
                   n: usize|
     -> Result<Vec<f32>, String> {
        (0..n)
            .map(|_| {
                let w = words.next().ok_or("a number is missing")?;
                let v: f32 = w.parse().map_err(|_| format!("{w:?} is not a number"))?;
                if !(-10.0..=110.0).contains(&v) {
                    return Err(format!("{v} is outside the picture's box"));
                }
                Ok(v)
            })
            .collect()
    };
    while let Some(op) = words.next() {
        let step = match op {
            "M" => {
                let v = numbers(&mut words, 2)?;
                Step::Move(v[0], v[1])
            }
            "L" => {
                let v = numbers(&mut words, 2)?;
                Step::Line(v[0], v[1])
            }
            "C" => {
                let v = numbers(&mut words, 6)?;
                Step::Curve([v[0], v[1], v[2], v[3], v[4], v[5]])
            }
            "Z" => Step::Close,
            "O" => {
                let v = numbers(&mut words, 3)?;
                Step::Circle {
                    cx: v[0],
                    cy: v[1],
                    r: v[2],
                }
            }
            "R" => {
                let v = numbers(&mut words, 4)?;
                Step::Rect {
                    x: v[0],
                    y: v[1],
                    w: v[2],
                    h: v[3],
                }
            }
            other => return Err(format!("unknown step {other:?}")),
        };
        if steps.is_empty() && matches!(step, Step::Line(..) | Step::Curve(_) | Step::Close) {
            return Err("a path must start with M, O or R".into());
        }
        steps.push(step);
    }
    if steps.is_empty() {
        return Err("an empty path".into());
    }
    Ok(steps)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_idea_has_a_picture_with_alternative_text() {
        let p = pictures().expect("assets/pictures.toml parses");
        for idea in Idea::ALL {
            let pic = p.get(idea).expect("picture");
            assert!(!pic.paths.is_empty());
            for lang in [Language::English, Language::Welsh] {
                assert!(pic.alt(lang).0.len() > 10, "{:?} {lang:?}", idea);
            }
        }
    }

    #[test]
    fn broken_paths_are_refused_with_the_reason() {
        for (d, why) in [
            ("L 1 2", "must start"),
            ("M 1", "missing"),
            ("M 1 x", "not a number"),
            ("M 1 500", "outside"),
            ("Q 1 2", "unknown step"),
            ("", "empty"),
        ] {
            let e = parse_path(d).expect_err(d);
            assert!(e.contains(why), "{d:?}: {e}");
        }
        assert_eq!(
            parse_path("M 1 2 L 3 4 Z").expect("ok"),
            vec![Step::Move(1.0, 2.0), Step::Line(3.0, 4.0), Step::Close]
        );
    }
}
