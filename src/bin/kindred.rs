//! The `kindred` command line: a thin layer over `kindred::Workbook`.
//!
//! Exit codes: 0 success, 1 a user or data error (one line on stderr), 2 a usage error.

#[path = "../cli/args.rs"]
mod args;
#[path = "../cli/output.rs"]
mod output;
#[path = "../cli/run.rs"]
mod run;

use clap::Parser;

fn main() {
    let cli = args::Cli::parse();
    match run::run(cli) {
        Ok(()) => {}
        Err(e) => {
            let msg = e.to_string().replace('\n', " ");
            eprintln!("kindred: {msg}");
            std::process::exit(1);
        }
    }
}
