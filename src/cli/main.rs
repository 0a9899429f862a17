//! The `kindred` command line: a thin layer over `kindred::Workbook`.
//!
//! Exit codes: 0 success, 1 a user or data error (one line on stderr), 2 a usage error.

mod args;
mod commands;
mod draft_confirmation;
mod evaluation;
mod letters;
mod output;
mod text_args;
mod voice;

fn main() {
    match text_args::parse(std::env::args_os()).and_then(commands::run) {
        Ok(()) => {}
        Err(e) => {
            let msg = e.to_string().replace('\n', " ");
            eprintln!("kindred: {msg}");
            std::process::exit(1);
        }
    }
}
