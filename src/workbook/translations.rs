//! Translations an author loads without rebuilding Kindred: a community-language wording
//! file that a qualified translator has checked (or a newer draft), checked against the
//! English keys, kept in Kindred's configuration folder (`translations/CODE.toml`, one per
//! language, the newest load replacing the last) and used from then on by every document.
//!
//! Why the configuration folder and not the workbook: a partnership's checked translation
//! serves every review the author keeps, and it holds no family's details.

use std::path::{Path, PathBuf};

use crate::documents;
pub use crate::documents::{Language, TranslationInfo, TranslationKind};
use crate::domain::text::FieldError;
use crate::error::{Error, Result};
use crate::files::{self, Existing, Protected, WriteOptions};

/// The largest translation file read (the English wording is about 40 KB).
const MAX_BYTES: u64 = 1024 * 1024;

/// Where loaded translations are kept: `KINDRED_TRANSLATIONS` when set, else
/// `translations` in Kindred's configuration folder.
pub fn translations_dir() -> Result<PathBuf> {
    if let Some(dir) = std::env::var_os("KINDRED_TRANSLATIONS").filter(|d| !d.is_empty()) {
        return Ok(PathBuf::from(dir));
    }
    let dirs = directories::ProjectDirs::from("uk", "Kindred", "Kindred")
        .ok_or_else(|| Error::Io("cannot find a configuration folder for this user".into()))?;
    Ok(dirs.config_dir().join("translations"))
}

fn read(path: &Path) -> Result<String> {
    let what = format!("could not read {}", path.display());
    let meta = std::fs::metadata(path).map_err(|e| files::io_error(&what, &e))?;
    if meta.len() > MAX_BYTES {
        return Err(Error::Io(format!(
            "{} is too large for a wording file ({} bytes; at most {MAX_BYTES})",
            path.display(),
            meta.len()
        )));
    }
    std::fs::read_to_string(path).map_err(|e| files::io_error(&what, &e))
}

/// Checks the translation file at `path` against the English wording, keeps a copy in
/// [`translations_dir`] and uses it from now on. Nothing is kept when it has a problem:
/// the error lists every one, naming the key.
pub fn load_translation(path: &Path) -> Result<TranslationInfo> {
    let text = read(path)?;
    // Each problem names its key ("common.page_label: missing (the English has it)").
    let info = documents::check_translation(&text).map_err(|problems| {
        Error::Invalid(
            problems
                .lines()
                .map(|p| {
                    let key = p.split(':').next().unwrap_or("translation");
                    FieldError::new(key, format!("{}: {p}", path.display()))
                })
                .collect(),
        )
    })?;
    let dir = translations_dir()?;
    files::private_dir(&dir)?;
    let dest = dir.join(info.kind.file_name(info.language));
    let protected = Protected::new(&[], &[]);
    files::write(
        &dest,
        text.as_bytes(),
        WriteOptions::new(Existing::Replace, &protected),
    )?;
    documents::use_translation(&text).map_err(|e| Error::Io(e.to_string()))
}

/// Uses every translation kept in [`translations_dir`]. A kept file that no longer
/// passes the checks (after an update changed the English keys) is not used; the
/// returned messages say which and why, for the author.
pub fn use_saved_translations() -> Vec<String> {
    let Ok(dir) = translations_dir() else {
        return Vec::new();
    };
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Vec::new();
    };
    let mut paths: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    paths.sort();
    let mut problems = Vec::new();
    for path in paths {
        let used = read(&path).and_then(|text| {
            documents::use_translation(&text).map_err(|e| Error::Io(e.to_string()))
        });
        if let Err(e) = used {
            problems.push(format!(
                "The translation {} was not used: {e}",
                path.display()
            ));
        }
    }
    problems
}

/// Checks a translation file without loading it: its details, or its problems one to a
/// line (a file that cannot be read is an error of its own).
pub fn check_translation_file(path: &Path) -> Result<std::result::Result<TranslationInfo, String>> {
    Ok(documents::check_translation(&read(path)?))
}

/// The community languages' wording in use now (built in or loaded).
pub fn available() -> Vec<TranslationInfo> {
    documents::translations_available()
}

/// The language's name in English ("Polish"), else its code.
pub fn language_name(lang: Language) -> String {
    documents::language_info(lang).map_or_else(|_| lang.code().to_string(), |i| i.english.clone())
}
