//! `kindred letter`: one of the six letters between visits (issue 13, item 5) for one
//! person, a thin layer over `Workbook::make_letter` like every command. The author's own
//! paragraph is free text (`TEXT`), so it can also come from a file (`--paragraph-file`).

use std::path::PathBuf;

use clap::{Args, Subcommand};

use kindred::workbook::documents::Destination;
use kindred::workbook::forms::LetterRequestForm;
use kindred::workbook::trust::Existing;
use kindred::workbook::Workbook;
use kindred::Result;

/// Letters to a family member between visits.
#[derive(Subcommand, Debug)]
pub enum LettersCommand {
    /// Write a letter for one person: first, update, terms (what we agreed), visit
    /// (a confirmation, with --visit), draft (an invitation to read it, only for someone
    /// who asked) or publication. Under the same safety rules as the sheet.
    Letter(LetterArgs),
}

#[derive(Args, Debug, Clone)]
pub struct LetterArgs {
    #[arg(long)]
    pub review: String,
    #[arg(long)]
    pub member: i64,
    /// first, update, terms, visit, draft or publication
    #[arg(long)]
    pub kind: String,
    /// The planned visit a visit confirmation is for.
    #[arg(long)]
    pub visit: Option<i64>,
    /// 18 pt body text.
    #[arg(long, conflicts_with_all = ["easy_read", "standard"])]
    pub large_print: bool,
    /// Short sentences, one idea per line.
    #[arg(long, conflicts_with = "standard")]
    pub easy_read: bool,
    /// 14 pt body text, whatever the person's needs.
    #[arg(long)]
    pub standard: bool,
    /// For a young person (the easy-read words, which suit their age; chosen by default
    /// for someone aged about 12 to 17).
    #[arg(long, conflicts_with_all = ["standard", "large_print", "easy_read"])]
    pub young: bool,
    /// en, cy, both (English first), cy-first, or pl, ro, ur, pa, bn, ar (that language
    /// first, then English) (default: the person's recorded language when Kindred has its
    /// wording; in Wales both, Welsh first for someone who prefers Welsh; English elsewhere)
    #[arg(long)]
    pub lang: Option<String>,
    /// Make it even though its translation is a draft no qualified translator has checked
    /// (without it, Kindred asks on a terminal and refuses in a script).
    #[arg(long)]
    pub draft_ok: bool,

    /// A short paragraph of your own (at most a few sentences), checked like the rest.
    #[arg(long, value_name = "TEXT")]
    pub paragraph: Option<String>,
    /// The same paragraph in Welsh, for the Welsh part of a letter in both languages.
    #[arg(long, value_name = "TEXT")]
    pub paragraph_cy: Option<String>,
    /// Write a letter despite a safety refusal; the reason is logged.
    #[arg(long, value_name = "TEXT")]
    pub override_reason: Option<String>,
    #[arg(short = 'o', long = "output")]
    pub output: PathBuf,
    /// Replace a file of that name that exists already (never the workbook, its own
    /// files or its backups).
    #[arg(long)]
    pub force: bool,
}

/// Runs the letter command.
pub fn run(wb: &mut Workbook, cmd: LettersCommand) -> Result<()> {
    let LettersCommand::Letter(a) = cmd;
    let variant = if a.young {
        Some("young")
    } else if a.easy_read {
        Some("easy-read")
    } else if a.large_print {
        Some("large-print")
    } else if a.standard {
        Some("standard")
    } else {
        None
    };
    let form = LetterRequestForm {
        review_key: Some(a.review),
        member_id: a.member,
        kind: Some(a.kind),
        visit_id: a.visit,
        variant: variant.map(str::to_string),
        language: a.lang,
        paragraph: a.paragraph,
        paragraph_cy: a.paragraph_cy,
        override_reason: a.override_reason,
        draft_ok: a.draft_ok,
    };
    let existing = if a.force {
        Existing::Replace
    } else {
        Existing::Refuse
    };
    let made = crate::draft_confirmation::confirm_draft(a.draft_ok, |draft_ok| {
        let form = LetterRequestForm {
            draft_ok,
            ..form.clone()
        };
        wb.make_letter(
            &form,
            Destination::Path {
                path: &a.output,
                existing,
            },
        )
    })?;
    if !made.missing_glyphs.is_empty() {
        let list: String = made
            .missing_glyphs
            .iter()
            .map(|c| format!(" U+{:04X}", *c as u32))
            .collect();
        eprintln!("kindred: note: the font lacks{list}; a visible placeholder was printed instead");
    }
    for w in &made.warnings {
        eprintln!("kindred: warning: {w}");
    }
    println!(
        "Wrote {} ({} {}, {} letter, {})",
        made.path.display(),
        made.pages,
        if made.pages == 1 { "page" } else { "pages" },
        made.issued.kind.slug().trim_start_matches("letter-"),
        made.issued.variant.replace('-', " ")
    );
    Ok(())
}
