//! The `kindred` command line: a thin layer over `kindred::Workbook`.
//!
//! Exit codes: 0 success, 1 a user or data error (one line on stderr), 2 a usage error.

#[path = "../cli/args.rs"]
mod args;
#[path = "../cli/output.rs"]
mod output;
#[path = "../cli/run.rs"]
mod run;
#[path = "../cli/text_args.rs"]
mod text_args;
#[path = "../cli/voice.rs"]
mod voice;

fn main() {
    match text_args::parse(std::env::args_os()).and_then(run::run) {
        Ok(()) => {}
        Err(e) => {
            let msg = e.to_string().replace('\n', " ");
            eprintln!("kindred: {msg}");
            std::process::exit(1);
        }
    }
}
