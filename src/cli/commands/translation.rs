//! `kindred translation load | check | list`: community-language wording files.

use kindred::workbook::translations::{self, Language, TranslationKind};
use kindred::{Error, Result};

use crate::args::TranslationCmd;

pub fn run(cmd: TranslationCmd) -> Result<()> {
    match cmd {
        TranslationCmd::Load { file } => {
            let info = translations::load_translation(&file)?;
            println!(
                "Loaded the {} translation of {}, version {} ({}), kept in {}",
                name(info.language),
                info.kind.words(),
                info.version,
                status(&info.review_status, &info.reviewed_by),
                translations::translations_dir()?.display()
            );
        }
        TranslationCmd::Check { file } => match translations::check_translation_file(&file)? {
            Ok(info) => println!(
                "{}: the {} translation of {}, version {} ({}), has every key of the English wording",
                file.display(),
                name(info.language),
                info.kind.words(),
                info.version,
                status(&info.review_status, &info.reviewed_by)
            ),
            Err(problems) => {
                for p in problems.lines() {
                    eprintln!("{}: {p}", file.display());
                }
                return Err(Error::Io(format!(
                    "{} cannot be used as a translation ({} problems)",
                    file.display(),
                    problems.lines().count()
                )));
            }
        },
        TranslationCmd::List => {
            // One line per language and wording: the information sheet and forms, the
            // letters, then the feedback form's questions.
            let available = translations::available();
            for kind in [
                TranslationKind::Documents,
                TranslationKind::Letters,
                TranslationKind::Feedback,
            ] {
                for lang in Language::COMMUNITY {
                    let what = match kind {
                        TranslationKind::Documents => name(lang),
                        TranslationKind::Letters => format!("{} (letters)", name(lang)),
                        TranslationKind::Feedback => format!("{} (feedback form)", name(lang)),
                    };
                    match available
                        .iter()
                        .find(|t| t.language == lang && t.kind == kind)
                    {
                        Some(t) => println!(
                            "{}\t{what}\t{}\t{}\t{}",
                            lang.code(),
                            t.version,
                            status(&t.review_status, &t.reviewed_by),
                            if t.loaded { "loaded" } else { "built in" }
                        ),
                        None => println!("{}\t{what}\tno wording yet", lang.code()),
                    }
                }
            }
        }
    }
    Ok(())
}

fn name(lang: Language) -> String {
    translations::language_name(lang)
}

fn status(review_status: &str, reviewed_by: &str) -> String {
    if review_status == "reviewed" {
        format!("checked by {reviewed_by}")
    } else {
        "draft, not checked by a qualified translator".to_string()
    }
}
