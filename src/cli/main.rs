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

/// mimalloc rather than the C library's allocator: a sheet batch renders on every core,
/// and each sheet makes and drops thousands of small objects (the PDF's dictionaries, its
/// lines of text); with glibc's allocator that was about a seventh of the batch's time.
/// Measured on `sheets --all` for `demo --scale 200`: 14% less CPU, about 5% less time.
/// (SQLCipher allocates through SQLite's own functions, not this.)
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

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
