//! `cargo xtask <command>`: set-up and automation for Kindred, in plain Rust (std only,
//! so it builds on a bare machine before any system package is installed).

mod install_check;
mod package;
mod process;
mod setup;
mod steps;

use std::process::ExitCode;

const USAGE: &str = "\
usage: cargo xtask <command> [args]

commands:
  setup                  install missing system packages (apt) and tauri-driver
  run [app args]         setup, build and start the desktop app (needs a display)
  test [cargo test args] setup, build, unit + integration tests, end-to-end tests under
                         Xvfb, clippy -D warnings, rustfmt --check
  bench [args]           setup, then the criterion benches (core, then desktop)
  demo [--scale N] [--db PATH]
                         build the CLI in release mode and fill a demo workbook
  screenshots            refresh docs/screenshots and the guide's ui/help from the real
                         app (e2e journeys, Xvfb)
  package [--debug] [--check]
                         build the Debian package (desktop app + kindred CLI) with Tauri's
                         bundler: release build, or with --debug the debug binaries `test`
                         builds; --check installs it with apt, starts the installed app
                         under Xvfb, runs the installed CLI, and removes it again

environment: KINDRED_DB and KINDRED_PASSPHRASE are passed through to the app and CLI;
KINDRED_SKIP_SETUP=1 skips the package check.";

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let command = args.next();
    let rest: Vec<String> = args.collect();
    let result = match command.as_deref() {
        Some("setup") => setup::setup(),
        Some("run") => steps::run(&rest),
        Some("test") => steps::test(&rest),
        Some("bench") => steps::bench(&rest),
        Some("demo") => steps::demo(&rest),
        Some("screenshots") => steps::screenshots(&rest),
        Some("package") => package::package(&rest),
        Some("help" | "-h" | "--help") => {
            println!("{USAGE}");
            Ok(())
        }
        Some(other) => Err(format!("unknown command `{other}`\n\n{USAGE}")),
        None => Err(USAGE.to_string()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("xtask: error: {message}");
            ExitCode::FAILURE
        }
    }
}
