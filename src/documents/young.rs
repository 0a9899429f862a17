//! The young person's information sheet (issue 13, item 3): the sheet's sections and
//! promises, in words written for someone aged about 12 to 17, printed at the easy-read
//! size. The words are in `assets/wording/young-{en,cy}.toml`, in the sheet's own shape
//! (`[sheet]`, the keys of `[sheet]` and `[easy]` in en.toml), so the sheet's layout prints
//! them unchanged; dates, labels and the nation's words come from the usual files.

use std::sync::OnceLock;

use serde::Deserialize;

use super::view::Language;
use super::wording::SheetWording;
use super::DocumentError;

static EN: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/assets/wording/young-en.toml"
));
static CY: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/assets/wording/young-cy.toml"
));

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct YoungFile {
    pub(crate) version: String,
    pub(crate) language: String,
    pub(crate) review_status: String,
    #[allow(dead_code)]
    pub(crate) reviewed_by: String,
    pub(crate) sheet: SheetWording,
}

struct Young {
    en: YoungFile,
    cy: YoungFile,
}

fn load() -> Result<Young, String> {
    let parse = |text: &str, code: &str| -> Result<YoungFile, String> {
        let f: YoungFile =
            toml::from_str(text).map_err(|e| format!("assets/wording/young-{code}.toml: {e}"))?;
        if f.language != code {
            return Err(format!(
                "assets/wording/young-{code}.toml: language should be \"{code}\""
            ));
        }
        Ok(f)
    };
    Ok(Young {
        en: parse(EN, "en")?,
        cy: parse(CY, "cy")?,
    })
}

static YOUNG: OnceLock<Result<Young, String>> = OnceLock::new();

/// The young person's wording in one language.
pub(crate) fn wording(lang: Language) -> Result<&'static YoungFile, DocumentError> {
    let y = YOUNG
        .get_or_init(load)
        .as_ref()
        .map_err(|e| DocumentError::Wording(e.clone()))?;
    match lang {
        Language::English => Ok(&y.en),
        Language::Welsh => Ok(&y.cy),
        other => Err(DocumentError::Wording(format!(
            "the young person's version is not written in {} yet: choose the standard or \
             easy-read version",
            super::community::info(other).map_or(other.code(), |i| i.english.as_str())
        ))),
    }
}

/// What the issue record keeps about the young person's wording, e.g.
/// `young-en 2026.12-1 (draft)`, for each language printed in its own young person's
/// words (English and Welsh; a community language uses its easy-read words instead).
pub(crate) fn version_parts(langs: &[Language]) -> Result<Vec<(String, String)>, DocumentError> {
    langs
        .iter()
        .filter(|l| !l.is_community())
        .map(|l| {
            let w = wording(*l)?;
            Ok((
                format!("young-{}", l.code()),
                format!("{} ({})", w.version, w.review_status),
            ))
        })
        .collect()
}

/// Languages whose young person's wording is still a draft.
pub(crate) fn drafts(langs: &[Language]) -> Result<Vec<Language>, DocumentError> {
    let mut out = Vec::new();
    for l in langs {
        if wording(*l)?.review_status != "reviewed" {
            out.push(*l);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(text: &str) -> Vec<String> {
        let v: toml::Value = toml::from_str(text).expect("toml");
        let mut k: Vec<String> = v["sheet"]
            .as_table()
            .map(|t| t.keys().cloned().collect())
            .unwrap_or_default();
        k.sort();
        k
    }

    #[test]
    fn young_wording_parses_with_the_same_keys_in_both_languages() {
        assert_eq!(keys(EN), keys(CY));
        assert!(keys(EN).len() > 50);
        let en = wording(Language::English).expect("parses");
        let cy = wording(Language::Welsh).expect("parses");
        assert_eq!(en.version, cy.version);
        assert_eq!(cy.review_status, "draft");
    }
}
