//! Documents for families: one information sheet, a batch of them, a feedback form.

use std::path::PathBuf;

use kindred::workbook::documents::{BatchOptions, Destination};
use kindred::workbook::forms::{FeedbackFormRequestForm, SheetBatchForm, SheetRequestForm};
use kindred::Result;

use super::{existing, open};
use crate::args::{DocumentsCommand, SheetVariant};
use crate::draft_confirmation::confirm_draft;
use kindred::domain::safety::Refusal;

impl SheetVariant {
    /// The flags as the form's word for the version (none: the person's needs decide).
    fn variant(&self) -> Option<String> {
        let word = if self.young {
            "young"
        } else if self.easy_read {
            "easy-read"
        } else if self.large_print {
            "large-print"
        } else if self.standard {
            "standard"
        } else {
            return None;
        };
        Some(word.into())
    }
}

pub fn run(db: Option<PathBuf>, cmd: DocumentsCommand) -> Result<()> {
    // Translations the author loaded are used by every document command.
    report_warnings(&kindred::workbook::translations::use_saved_translations());
    match cmd {
        DocumentsCommand::Translation(cmd) => super::translation::run(cmd)?,
        DocumentsCommand::Sheet {
            review,
            member,
            visit,
            variant,
            override_reason,
            output,
            force,
        } => {
            let mut wb = open(db)?;
            let form = SheetRequestForm {
                review_key: Some(review),
                member_id: member,
                visit_id: visit,
                variant: variant.variant(),
                language: variant.lang,
                override_reason,
                draft_ok: variant.draft_ok,
            };
            let made = confirm_draft(variant.draft_ok, |draft_ok| {
                let form = SheetRequestForm {
                    draft_ok,
                    ..form.clone()
                };
                let dest = Destination::Path {
                    path: &output,
                    existing: existing(force),
                };
                wb.make_sheet(&form, dest)
            })?;
            report_missing(&made.missing_glyphs);
            report_warnings(&made.warnings);
            println!(
                "Wrote {} ({} pages, {})",
                made.path.display(),
                made.pages,
                made.issued.variant.replace('-', " ")
            );
        }
        DocumentsCommand::Sheets {
            review,
            all: _,
            variant,
            out,
            force,
        } => {
            let mut wb = open(db)?;
            let choice = SheetBatchForm {
                variant: variant.variant(),
                language: variant.lang,
            }
            .parse()?;
            let reviews = match &review {
                Some(r) => vec![wb.review(r)?],
                None => wb.reviews()?,
            };
            let opts = BatchOptions {
                choice,
                existing: existing(force),
                draft_ok: variant.draft_ok,
            };
            let batch = wb.make_sheets_into(&reviews, opts, &out)?;
            for missing in &batch.missing_glyphs {
                report_missing(missing);
            }
            report_warnings(&batch.warnings);
            println!("Wrote {} sheets to {}", batch.made, out.display());
            let unconfirmed = batch.skipped.iter().any(|s| {
                s.reasons
                    .iter()
                    .any(|r| matches!(r, Refusal::DraftTranslation { .. }))
            });
            if unconfirmed {
                eprintln!(
                    "kindred: some sheets would be in a draft translation and were not made; \
                     run it again with --draft-ok to make them"
                );
            }
            if !batch.skipped.is_empty() {
                println!("Skipped {}:", batch.skipped.len());
                for s in &batch.skipped {
                    let reasons: Vec<String> = s.reasons.iter().map(|x| x.to_string()).collect();
                    println!(
                        "{}\t{}\t{}",
                        s.review_reference,
                        s.member_id,
                        reasons.join("; ")
                    );
                }
            }
        }
        DocumentsCommand::FeedbackForm {
            review,
            member,
            anonymous: _,
            short,
            large_print,
            lang,
            draft_ok,
            output,
            force,
        } => {
            let mut wb = open(db)?;
            let form = FeedbackFormRequestForm {
                review_key: review,
                member_id: member,
                version: Some(if short { "short" } else { "full" }.into()),
                variant: Some(
                    if large_print {
                        "large-print"
                    } else {
                        "standard"
                    }
                    .into(),
                ),
                language: lang,
                draft_ok,
            };
            let made = confirm_draft(draft_ok, |draft_ok| {
                let form = FeedbackFormRequestForm {
                    draft_ok,
                    ..form.clone()
                };
                let dest = Destination::Path {
                    path: &output,
                    existing: existing(force),
                };
                wb.make_feedback_form(&form, dest)
            })?;
            report_missing(&made.missing_glyphs);
            report_warnings(&made.warnings);
            println!("Wrote {} ({} pages)", made.path.display(), made.pages);
        }
    }
    Ok(())
}

/// What the author must know before giving the document out (draft Welsh wording, Welsh
/// left out), one line each on stderr.
fn report_warnings(warnings: &[String]) {
    for w in warnings {
        eprintln!("kindred: warning: {w}");
    }
}

fn report_missing(chars: &[char]) {
    if !chars.is_empty() {
        let list: String = chars
            .iter()
            .map(|c| format!(" U+{:04X}", *c as u32))
            .collect();
        eprintln!("kindred: note: the font lacks{list}; a visible placeholder was printed instead");
    }
}
