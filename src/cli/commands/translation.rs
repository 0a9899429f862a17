//! `kindred translation load | check | list`: community-language wording files.

use kindred::workbook::translations::{self, Language};
use kindred::{Error, Result};

use crate::args::TranslationCmd;

pub fn run(cmd: TranslationCmd) -> Result<()> {
    match cmd {
        TranslationCmd::Load { file } => {
            let info = translations::load_translation(&file)?;
            println!(
                "Loaded the {} translation, version {} ({}), kept in {}",
                name(info.language),
                info.version,
                status(&info.review_status, &info.reviewed_by),
                translations::translations_dir()?.display()
            );
        }
        TranslationCmd::Check { file } => match translations::check_translation_file(&file)? {
            Ok(info) => println!(
                "{}: the {} translation, version {} ({}), has every key of the English wording",
                file.display(),
                name(info.language),
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
            let available = translations::available();
            for lang in Language::COMMUNITY {
                match available.iter().find(|t| t.language == lang) {
                    Some(t) => println!(
                        "{}\t{}\t{}\t{}\t{}",
                        lang.code(),
                        name(lang),
                        t.version,
                        status(&t.review_status, &t.reviewed_by),
                        if translations::is_loaded(lang) {
                            "loaded"
                        } else {
                            "built in"
                        }
                    ),
                    None => println!("{}\t{}\tno wording yet", lang.code(), name(lang)),
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
