//! `cargo xtask setup`: install the Debian/Ubuntu packages and `tauri-driver` that
//! building and testing need, and only those that are missing.

use crate::process::{
    cargo, cargo_bin_dir, command_with_prefix, find_on_path, root_prefix, run_cmd,
};
use std::process::Command;

/// System packages (Debian 12 "bookworm" names).
pub const PACKAGES: &[&str] = &[
    // build tools; `perl` and `make` are what the bundled SQLCipher/OpenSSL builds call.
    "build-essential",
    "make",
    "perl",
    "pkg-config",
    "curl",
    "wget",
    "file",
    // Tauri 2 / WebKitGTK
    "libwebkit2gtk-4.1-dev",
    "libxdo-dev",
    "libssl-dev",
    "libayatana-appindicator3-dev",
    "librsvg2-dev",
    // end-to-end tests: headless X, WebKitWebDriver, GL software rendering
    "libgl1-mesa-dri",
    "xvfb",
    "xauth",
    "webkit2gtk-driver",
    // the install test: `xwininfo` finds the installed app's window
    "x11-utils",
    // printing a real sheet in the end-to-end tests: the CUPS scheduler and a virtual PDF
    // printer (started by the test itself)
    "cups",
    "printer-driver-cups-pdf",
    // what the package recommends (printing, opening a document in the PDF viewer), here
    // beforehand so that the install test installs nothing else from the network
    "cups-client",
    "xdg-utils",
    // checking PDFs and screenshots
    "poppler-utils",
    // HarfBuzz's own shaper (hb-shape), which the complex scripts' shaping is checked
    // against
    "libharfbuzz-bin",
    "qpdf",
    "imagemagick",
    "fonts-dejavu-core",
];

pub fn setup() -> Result<(), String> {
    if std::env::var_os("KINDRED_SKIP_SETUP").is_some_and(|v| v == "1") {
        println!("setup: skipped (KINDRED_SKIP_SETUP=1)");
        return Ok(());
    }
    install_packages()?;
    install_tauri_driver()
}

fn install_packages() -> Result<(), String> {
    let missing = match missing_packages() {
        Some(missing) => missing,
        None => {
            eprintln!(
                "setup: warning: `dpkg-query` not found; this is not Debian/Ubuntu, so install \
                 the equivalents of these packages yourself:\n  {}",
                PACKAGES.join(" ")
            );
            return Ok(());
        }
    };
    if missing.is_empty() {
        println!("setup: all {} system packages present", PACKAGES.len());
        return Ok(());
    }
    println!("setup: missing system packages: {}", missing.join(" "));

    let Some(prefix) = root_prefix() else {
        return Err(format!(
            "cannot install packages: not root and `sudo -n` is not available (no passwordless \
             sudo). Install them yourself, then run this again:\n  \
             sudo apt-get update && sudo apt-get install -y --no-install-recommends {}",
            missing.join(" ")
        ));
    };

    let mut update = command_with_prefix(&prefix, "apt-get");
    update.arg("update");
    run_cmd(&mut update)?;

    let mut install = command_with_prefix(&prefix, "env");
    install
        .arg("DEBIAN_FRONTEND=noninteractive")
        .args(["apt-get", "install", "-y", "--no-install-recommends"])
        .args(&missing);
    run_cmd(&mut install)?;

    let still = missing_packages().unwrap_or_default();
    if !still.is_empty() {
        return Err(format!(
            "apt-get finished but these are still not installed: {}",
            still.join(" ")
        ));
    }
    Ok(())
}

/// The packages that are not installed, or `None` when dpkg-query is unavailable.
/// One `dpkg-query -W -f='${Package} ${Status}\n' PKG...` call checks them all; an unknown
/// package makes dpkg-query exit 1 and print nothing for it, so it counts as missing.
fn missing_packages() -> Option<Vec<String>> {
    let output = Command::new("dpkg-query")
        .arg("-W")
        .arg("-f=${Package} ${Status}\n")
        .args(PACKAGES)
        .output()
        .ok()?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    let installed: Vec<&str> = stdout
        .lines()
        .filter(|line| line.ends_with(" install ok installed"))
        .filter_map(|line| line.split_whitespace().next())
        .map(|name| name.split(':').next().unwrap_or(name))
        .collect();
    Some(
        PACKAGES
            .iter()
            .filter(|pkg| !installed.contains(pkg))
            .map(|pkg| pkg.to_string())
            .collect(),
    )
}

fn install_tauri_driver() -> Result<(), String> {
    if let Some(path) = find_on_path("tauri-driver") {
        println!("setup: tauri-driver present ({})", path.display());
        return Ok(());
    }
    println!(
        "setup: tauri-driver not found; installing it into {}",
        cargo_bin_dir().display()
    );
    let mut cmd = cargo();
    cmd.args(["install", "tauri-driver", "--locked"]);
    run_cmd(&mut cmd)?;
    match find_on_path("tauri-driver") {
        Some(path) => {
            println!("setup: installed {}", path.display());
            Ok(())
        }
        None => Err(format!(
            "`cargo install tauri-driver` succeeded but no tauri-driver is in {}",
            cargo_bin_dir().display()
        )),
    }
}
