//! `kindred evaluation`: how families answered the feedback forms across reviews (issue 15),
//! as a table, as JSON, as the partnership's PDF report or as the anonymised CSV export. A
//! thin layer over `Workbook` like every command: the options are read by the core's
//! `EvaluationForm`, so the messages are the desktop's.

use std::path::PathBuf;

use clap::{Args, Subcommand, ValueEnum};

use kindred::domain::dates::long;
use kindred::files::Existing;
use kindred::workbook::evaluation::{EvaluationReport, ExportOptions};
use kindred::workbook::forms::EvaluationForm;
use kindred::workbook::Workbook;
use kindred::{Error, Result};

use crate::output::json;

#[derive(Subcommand, Debug)]
pub enum EvaluationCommand {
    /// How families answered the feedback forms across reviews: by principle, by question,
    /// forms sent and returned (the response rate) and the change by quarter or year. With
    /// --pdf, the partnership's report; with --export csv, the anonymised file (answers
    /// only, no names, no references unless asked, counts under five written "<5").
    Evaluation(EvaluationArgs),
}

#[derive(ValueEnum, Debug, Clone, Copy)]
pub enum ExportFormat {
    Csv,
}

#[derive(Args, Debug)]
pub struct EvaluationArgs {
    /// One nation only: england, wales, scotland or northern-ireland
    #[arg(long)]
    pub nation: Option<String>,
    /// Feedback received (and forms sent) on or after this day, e.g. 1/4/2026
    #[arg(long, value_name = "DATE")]
    pub from: Option<String>,
    /// ... and on or before this day, e.g. 31 March 2027
    #[arg(long, value_name = "DATE")]
    pub to: Option<String>,
    /// Show change over time by quarter (the default) or by year
    #[arg(long, value_name = "quarter|year")]
    pub by: Option<String>,
    /// The report's languages: en, cy, both (English first) or cy-first (default: both for
    /// a report on Wales alone, English otherwise)
    #[arg(long, requires = "pdf")]
    pub lang: Option<String>,
    #[arg(long, conflicts_with_all = ["pdf", "export"])]
    pub json: bool,
    /// Write the evaluation report for the partnership as a PDF (needs -o)
    #[arg(long, requires = "output", conflicts_with = "export")]
    pub pdf: bool,
    /// Write the anonymised export (needs -o)
    #[arg(long, value_enum, requires = "output")]
    pub export: Option<ExportFormat>,
    /// Add each review's reference to the export (forms sent and returned per review)
    #[arg(long, requires = "export")]
    pub with_references: bool,
    #[arg(short = 'o', long)]
    pub output: Option<PathBuf>,
    /// Replace a file of that name that exists already (never the workbook, its own files or its backups)
    #[arg(long)]
    pub force: bool,
}

pub fn run(wb: &Workbook, cmd: EvaluationCommand) -> Result<()> {
    let EvaluationCommand::Evaluation(a) = cmd;
    let opts = EvaluationForm {
        nation: a.nation.clone(),
        from: a.from.clone(),
        to: a.to.clone(),
        by: a.by.clone(),
        language: a.lang.clone(),
    }
    .parse()?;
    let existing = if a.force {
        Existing::Replace
    } else {
        Existing::Refuse
    };
    if a.pdf || a.export.is_some() {
        let path = a
            .output
            .as_deref()
            .ok_or_else(|| Error::invalid("output", "Say where to write the file with -o FILE"))?;
        if a.pdf {
            let w = wb.write_evaluation_pdf(&opts, path, existing)?;
            println!(
                "Wrote {} ({} pages; {} counts not shown to keep families unrecognisable)",
                w.path.display(),
                w.size,
                w.suppressed
            );
            for warning in &w.warnings {
                eprintln!("kindred: warning: {warning}");
            }
        } else {
            let export = ExportOptions {
                with_references: a.with_references,
            };
            let w = wb.write_evaluation_csv(&opts, &export, path, existing)?;
            println!(
                "Wrote {} ({} rows; {} cells written \"<5\" or withheld \"[c]\")",
                w.path.display(),
                w.size,
                w.suppressed
            );
            eprintln!("note: no free-text comments are exported: Kindred records no family's agreement to share their words.");
            if a.with_references {
                eprintln!("warning: the file names each review by its reference.");
            }
        }
        return Ok(());
    }
    let r = wb.evaluation(&opts)?;
    if a.json {
        return json(&r);
    }
    print!("{}", table(&r));
    Ok(())
}

fn pct(p: Option<u32>) -> String {
    p.map_or_else(|| "-".to_string(), |p| format!("{p}%"))
}

/// The evaluation as a plain text table, for people.
fn table(r: &EvaluationReport) -> String {
    use std::fmt::Write;
    let mut s = String::new();
    let _ = writeln!(s, "Evaluation of family involvement: {}", r.scope);
    let _ = writeln!(s, "Prepared {}", long(r.today));
    let _ = writeln!(
        s,
        "Reviews {}; forms sent {}; returned {} ({} anonymous); response rate {}",
        r.reviews,
        r.sent,
        r.returned,
        r.anonymous,
        pct(r.response_rate)
    );
    if r.returned == 0 && r.sent == 0 {
        let _ = writeln!(s, "\nNo feedback forms were sent or returned in this time.");
        return s;
    }
    let _ = writeln!(s, "\nBy principle (answers to its questions)");
    let _ = writeln!(
        s,
        "{:<46} {:>5} {:>6} {:>5} {:>8} {:>8} {:>5}",
        "Principle", "Yes", "Partly", "No", "Not sure", "Answers", "Yes %"
    );
    for p in r.principles.iter().filter(|p| p.questions > 0) {
        let t = &p.tally;
        let _ = writeln!(
            s,
            "{:<46} {:>5} {:>6} {:>5} {:>8} {:>8} {:>5}",
            format!("{}. {}", p.principle, p.label),
            t.yes,
            t.partly,
            t.no,
            t.not_sure,
            p.answered,
            pct(p.yes_percent)
        );
    }
    let _ = writeln!(s, "\nBy question");
    let _ = writeln!(
        s,
        "{:<26} {:>2} {:>5} {:>6} {:>5} {:>8} {:>8} {:>5} {:>8}",
        "Question", "P", "Yes", "Partly", "No", "Not sure", "Answers", "Yes %", "Comments"
    );
    for q in &r.questions {
        let t = &q.tally;
        if q.scale {
            let _ = writeln!(
                s,
                "{:<26} {:>2} {:>5} {:>6} {:>5} {:>8} {:>8} {:>5} {:>8}",
                q.id,
                q.principle,
                t.yes,
                t.partly,
                t.no,
                t.not_sure,
                q.answered,
                pct(q.yes_percent),
                q.comments
            );
        } else {
            let _ = writeln!(
                s,
                "{:<26} {:>2} {:>5} {:>6} {:>5} {:>8} {:>8} {:>5} {:>8}",
                q.id, q.principle, "-", "-", "-", "-", "-", "-", q.comments
            );
        }
    }
    let _ = writeln!(s, "\nOver time, by {}", r.period.slug());
    let _ = writeln!(
        s,
        "{:<28} {:>5} {:>8} {:>9} {:>5}",
        "Period", "Sent", "Returned", "Response", "Yes %"
    );
    for p in &r.over_time {
        let _ = writeln!(
            s,
            "{:<28} {:>5} {:>8} {:>9} {:>5}",
            p.period.label,
            p.period.sent,
            p.period.returned,
            pct(p.response_rate),
            pct(p.yes_percent)
        );
    }
    s
}
