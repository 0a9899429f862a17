//! The commands other than `setup`, and the small helpers they share.

use crate::process::{
    cargo, cargo_program, path_with_cargo_bin, run_cmd, target_dir, workspace_root,
};
use crate::setup;
use crate::{install_check, package};
use std::process::Command;
use std::time::{Duration, Instant};

/// The Xvfb screen the end-to-end tests run on.
const XVFB_SERVER_ARGS: &str = "-screen 0 1280x800x24";

pub fn run(app_args: &[String]) -> Result<(), String> {
    if !has_display() {
        return Err(
            "no display: neither DISPLAY nor WAYLAND_DISPLAY is set, so the app \
                    window cannot open.\nOn a machine without a desktop use a virtual one:\n  \
                    xvfb-run -a cargo xtask run"
                .into(),
        );
    }
    setup::setup()?;
    // The same build as `cargo xtask test`'s (see [`BUILD`]): after a test run this compiles
    // nothing, and a run before a test run leaves the test nothing to compile either.
    run_cmd(cargo().arg("build").args(BUILD))?;
    // The app inherits this environment (KINDRED_DB, KINDRED_PASSPHRASE, ...).
    let app = target_dir().join("debug").join("kindred-desktop");
    run_cmd(Command::new(app).args(app_args))
}

/// The one package and target selection every debug build uses (build, test, run,
/// screenshots). Cargo unifies features over the packages selected, and activates
/// dev-dependencies' features only when test targets are built; a different selection (one
/// package, or the workspace without the end-to-end crate, or without test targets) gives
/// some shared dependency other features, and everything above it (the whole Tauri stack)
/// is compiled again. So every step asks for exactly this.
pub const BUILD: &[&str] = &["--workspace", "--all-targets"];

pub fn test(extra: &[String]) -> Result<(), String> {
    run_steps(
        "test",
        vec![
            ("setup", Box::new(setup::setup)),
            (
                "build",
                Box::new(|| run_cmd(cargo().arg("build").args(BUILD))),
            ),
            (
                "tests: unit, integration, end-to-end (xvfb-run)",
                Box::new(|| {
                    // One `cargo test` over the same selection as the build, so it compiles
                    // nothing new: unit and integration tests and the end-to-end tests
                    // (which drive target/debug/kindred-desktop as the build left it) under
                    // one virtual display.
                    let mut cmd = Command::new("xvfb-run");
                    cmd.args(["-a", "-s", XVFB_SERVER_ARGS])
                        .arg(cargo_program())
                        .args(["test", "--no-fail-fast"])
                        .args(BUILD.iter().filter(|a| **a != "--all-targets"))
                        .args(extra)
                        .current_dir(workspace_root())
                        .env("PATH", path_with_cargo_bin());
                    run_cmd(&mut cmd)
                }),
            ),
            (
                "package: .deb, install, start, remove",
                Box::new(|| {
                    // The debug binaries the build step made, bundled and checked as
                    // installed (xtask/src/package.rs, xtask/src/install_check.rs).
                    let deb = package::build_package(package::Profile::Debug)?;
                    install_check::check(&deb)
                }),
            ),
            (
                "clippy",
                Box::new(|| {
                    run_cmd(
                        cargo()
                            .arg("clippy")
                            .args(BUILD)
                            .args(["--", "-D", "warnings"]),
                    )
                }),
            ),
            (
                "rustfmt",
                Box::new(|| run_cmd(cargo().args(["fmt", "--all", "--", "--check"]))),
            ),
        ],
    )
}

pub fn bench(extra: &[String]) -> Result<(), String> {
    run_steps(
        "bench",
        vec![
            ("setup", Box::new(setup::setup)),
            (
                "core benches",
                Box::new(|| run_cmd(cargo().args(["bench", "-p", "kindred"]).args(extra))),
            ),
            ("sheet batch (whole process)", Box::new(sheet_batch)),
            ("desktop benches", Box::new(|| desktop_benches(extra))),
        ],
    )
}

/// `kindred sheets --all` on a `demo --scale 200` workbook, release build, whole process:
/// prints the time per sheet (target: 0.75 ms). Run twice: the first run of the day also
/// makes the workbook's daily backup (a copy of the whole workbook, once a day, whatever
/// the command), the second is the batch alone (`--force`, into a fresh folder).
fn sheet_batch() -> Result<(), String> {
    run_cmd(cargo().args(["build", "--release", "-p", "kindred", "--bin", "kindred"]))?;
    let kindred = target_dir().join("release").join("kindred");
    let dir = target_dir().join("bench-data").join("sheet-batch");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let db = dir.join("scale-200.kindred");
    let with_env = |c: &mut Command| {
        c.env("KINDRED_DB", &db)
            .env("KINDRED_PASSPHRASE", "bench passphrase");
    };
    let mut demo = Command::new(&kindred);
    demo.args(["demo", "--scale", "200"]);
    with_env(&mut demo);
    run_cmd(&mut demo)?;
    for (run, what) in [
        (1, "first run of the day, with the daily backup"),
        (2, "again, the batch alone"),
    ] {
        let out = dir.join(format!("sheets-{run}"));
        let mut sheets = Command::new(&kindred);
        // Every sheet, the community languages' draft translations included.
        sheets
            .args(["sheets", "--all", "--draft-ok", "--force", "--out"])
            .arg(&out);
        with_env(&mut sheets);
        let start = std::time::Instant::now();
        let output = sheets
            .output()
            .map_err(|e| format!("cannot run {}: {e}", kindred.display()))?;
        let elapsed = start.elapsed();
        if !output.status.success() {
            return Err(format!(
                "kindred sheets failed: {}",
                String::from_utf8_lossy(&output.stderr)
            ));
        }
        let made = std::fs::read_dir(&out)
            .map_err(|e| format!("cannot read {}: {e}", out.display()))?
            .count()
            .max(1);
        println!(
            "sheet batch ({what}): {made} sheets in {:.2} s = {:.2} ms per sheet (target 0.75 ms)",
            elapsed.as_secs_f64(),
            elapsed.as_secs_f64() * 1000.0 / made as f64
        );
    }
    Ok(())
}

/// The desktop benches (`tests/e2e/benches/desktop.rs`): launch time and idle memory of the
/// release app against an empty Tauri window, under Xvfb.
fn desktop_benches(extra: &[String]) -> Result<(), String> {
    run_cmd(cargo().args(["build", "--release", "-p", "kindred", "--bin", "kindred"]))?;
    run_cmd(cargo().args([
        "build",
        "--release",
        "-p",
        "kindred-desktop",
        "--bin",
        "kindred-desktop",
        "--example",
        "empty_window",
    ]))?;
    let mut cmd = Command::new("xvfb-run");
    cmd.args(["-a", "-s", XVFB_SERVER_ARGS])
        .arg(cargo_program())
        .args(["bench", "-p", "kindred-e2e", "--bench", "desktop"])
        .args(extra)
        .current_dir(workspace_root())
        .env("PATH", path_with_cargo_bin());
    run_cmd(&mut cmd)
}

pub fn demo(args: &[String]) -> Result<(), String> {
    setup::setup()?;
    run_cmd(
        cargo()
            .args([
                "run",
                "--release",
                "-p",
                "kindred",
                "--bin",
                "kindred",
                "--",
                "demo",
            ])
            .args(args),
    )
}

/// Refreshes `docs/screenshots/` and the guide's pictures in `ui/help/` (which the app's Help
/// page shows and docs/guide.md names): the end-to-end journeys under Xvfb with
/// `KINDRED_UPDATE_SCREENSHOTS=1`, which take them from the real app.
pub fn screenshots(args: &[String]) -> Result<(), String> {
    setup::setup()?;
    run_cmd(cargo().arg("build").args(BUILD))?;
    let mut cmd = Command::new("xvfb-run");
    cmd.args(["-a", "-s", XVFB_SERVER_ARGS])
        .arg(cargo_program())
        .args(["test", "-p", "kindred-e2e", "--test", "journey"])
        .args(args)
        .current_dir(workspace_root())
        .env("PATH", path_with_cargo_bin())
        .env("KINDRED_UPDATE_SCREENSHOTS", "1");
    run_cmd(&mut cmd)?;
    println!(
        "screenshots written to {} and {}",
        workspace_root().join("docs").join("screenshots").display(),
        workspace_root().join("ui").join("help").display()
    );
    Ok(())
}

// ---------------------------------------------------------------------------------------
// Steps with timings

type Step<'a> = (&'static str, Box<dyn FnOnce() -> Result<(), String> + 'a>);

/// Runs the steps in order and stops at the first failure. Prints a banner before each
/// step, a one-line result with its duration after it, and a summary at the end (also on
/// failure, listing the steps that did not run). The error names the failed step.
fn run_steps(command: &str, steps: Vec<Step<'_>>) -> Result<(), String> {
    let started = Instant::now();
    let names: Vec<&str> = steps.iter().map(|(name, _)| *name).collect();
    let mut lines = Vec::new();
    let mut failure = None;
    for (name, step) in steps {
        println!("\n==> {command}: {name}");
        let start = Instant::now();
        let result = step();
        let took = fmt_duration(start.elapsed());
        let status = if result.is_ok() { "ok" } else { "FAILED" };
        println!("--- {name}: {status} ({took})");
        lines.push(format!("  {status:<8}{name:<30}{took:>9}"));
        if let Err(err) = result {
            failure = Some((name, err));
            break;
        }
    }
    println!("\nsummary of `cargo xtask {command}`:");
    for line in &lines {
        println!("{line}");
    }
    for name in &names[lines.len()..] {
        println!("  {:<8}{name}", "not run");
    }
    let total = fmt_duration(started.elapsed());
    match failure {
        None => {
            println!("all steps passed in {total}");
            Ok(())
        }
        Some((name, err)) => Err(format!(
            "`cargo xtask {command}` failed at step `{name}` (after {total}): {err}"
        )),
    }
}

fn fmt_duration(d: Duration) -> String {
    let secs = d.as_secs_f64();
    if secs < 60.0 {
        format!("{secs:.1}s")
    } else {
        format!("{}m {:02}s", d.as_secs() / 60, d.as_secs() % 60)
    }
}

fn has_display() -> bool {
    ["DISPLAY", "WAYLAND_DISPLAY"]
        .iter()
        .any(|var| std::env::var_os(var).is_some_and(|v| !v.is_empty()))
}
