//! `cargo xtask package [--debug] [--check]`: a Debian package of the desktop app and the
//! `kindred` CLI, made by Tauri's own bundler from binaries cargo has already built.
//!
//! Why this shape:
//! - **No second compile of the Tauri stack.** The bundler runs as `tauri bundle`, which
//!   packages what is in `target/<profile>/` and builds nothing. `--debug` packages the
//!   debug binaries of the one build selection every other step shares ([`BUILD`]), so after
//!   `cargo xtask test`'s build it compiles nothing; that is the package the install test
//!   checks. Without `--debug` it is a release build, with Tauri's production cfg (the
//!   desktop crate's `custom-protocol` feature, which is what `tauri build` turns on).
//! - **Embedded UI either way.** The debug binaries are Tauri `cfg(dev)` builds, but
//!   `tauri.conf.json` has no `devUrl`, so `tauri::generate_context!` embeds `ui/` in the
//!   binary in dev as in production and the app loads it from `tauri://localhost`; it never
//!   reads the repository's `ui/` at run time (tauri 2.12 reads `frontendDist` from disk
//!   only when a `devUrl` is set).
//! - **A prebuilt Tauri CLI.** `@tauri-apps/cli` from the npm registry, pinned with a
//!   lockfile in `xtask/tools/` and installed there with `npm ci` (seconds, instead of
//!   minutes compiling `tauri-cli`).
//! - **The CLI goes in the same package**, as `/usr/bin/kindred`, through the bundler's
//!   `bundle.linux.deb.files`; its path depends on the profile, so it is merged in here with
//!   `tauri bundle --config`.

use crate::process::{cargo, run_cmd, target_dir, workspace_root};
use crate::steps::BUILD;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Which build the package is made from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Profile {
    /// `cargo build --release` with Tauri's production cfg: the package for authors.
    Release,
    /// The debug binaries `cargo xtask test` builds (Tauri `cfg(dev)`, UI still embedded).
    Debug,
}

impl Profile {
    fn dir(self) -> &'static str {
        match self {
            Profile::Release => "release",
            Profile::Debug => "debug",
        }
    }
}

/// What `cargo xtask package` was asked to do.
#[derive(Clone, Copy, Debug)]
pub struct PackageOptions {
    pub profile: Profile,
    /// Install the package, start the installed app and CLI, remove it again.
    pub check: bool,
}

impl PackageOptions {
    pub fn parse(args: &[String]) -> Result<Self, String> {
        let mut options = PackageOptions {
            profile: Profile::Release,
            check: false,
        };
        for arg in args {
            match arg.as_str() {
                "--debug" => options.profile = Profile::Debug,
                "--check" => options.check = true,
                other => {
                    return Err(format!(
                        "`cargo xtask package` takes --debug and --check, not `{other}`"
                    ))
                }
            }
        }
        Ok(options)
    }
}

/// `cargo xtask package [--debug] [--check]`.
pub fn package(args: &[String]) -> Result<(), String> {
    let options = PackageOptions::parse(args)?;
    crate::setup::setup()?;
    let deb = build_package(options.profile)?;
    if options.check {
        crate::install_check::check(&deb)?;
    }
    Ok(())
}

/// Builds the binaries (a no-op when they are up to date) and bundles them; returns the
/// path of the `.deb`.
pub fn build_package(profile: Profile) -> Result<PathBuf, String> {
    build_binaries(profile)?;
    let tauri = tauri_cli()?;
    let bundle_dir = target_dir().join(profile.dir()).join("bundle").join("deb");
    remove_old_packages(&bundle_dir)?;

    let cli = target_dir().join(profile.dir()).join("kindred");
    let mut bundle = Command::new(&tauri);
    bundle
        .arg("bundle")
        .args(["--bundles", "deb", "--ci", "--no-sign"])
        // Leave the binaries exactly as cargo built them (the bundler would otherwise write
        // a bundle-type marker into the desktop binary in place, which only the updater
        // reads; Kindred has none).
        .arg("--no-binary-patching")
        .arg("--config")
        .arg(deb_config(&cli))
        .current_dir(workspace_root().join("src-tauri"));
    if profile == Profile::Debug {
        bundle.arg("--debug");
    }
    let start = std::time::Instant::now();
    run_cmd(&mut bundle)?;
    println!("package: bundled in {:.1}s", start.elapsed().as_secs_f64());

    let made = single_package(&bundle_dir)?;
    // Tauri names the file for the product (`Kindred_0.1.0_amd64.deb`); Debian's convention,
    // and what the README tells authors to install, is package_version_architecture.
    let deb = bundle_dir.join(format!(
        "{}_{}_{}.deb",
        deb_field(&made, "Package")?,
        deb_field(&made, "Version")?,
        deb_field(&made, "Architecture")?
    ));
    if made != deb {
        std::fs::rename(&made, &deb)
            .map_err(|e| format!("cannot rename {} to {}: {e}", made.display(), deb.display()))?;
    }
    println!("package: {}", deb.display());
    Ok(deb)
}

/// One field of a package's control file (`dpkg-deb --field`).
pub fn deb_field(deb: &Path, field: &str) -> Result<String, String> {
    let out = Command::new("dpkg-deb")
        .arg("--field")
        .arg(deb)
        .arg(field)
        .output()
        .map_err(|e| format!("cannot run dpkg-deb: {e}"))?;
    let value = String::from_utf8_lossy(&out.stdout).trim().to_string();
    if !out.status.success() || value.is_empty() {
        return Err(format!(
            "{} has no {field} field ({})",
            deb.display(),
            String::from_utf8_lossy(&out.stderr).trim()
        ));
    }
    Ok(value)
}

fn build_binaries(profile: Profile) -> Result<(), String> {
    match profile {
        // The shared selection: after `cargo xtask test`'s build this compiles nothing.
        Profile::Debug => run_cmd(cargo().arg("build").args(BUILD)),
        // The two binaries only, with Tauri's production cfg. A separate profile, so it
        // never invalidates the debug build the other steps share.
        Profile::Release => run_cmd(cargo().args([
            "build",
            "--release",
            "-p",
            "kindred",
            "--bin",
            "kindred",
            "-p",
            "kindred-desktop",
            "--bin",
            "kindred-desktop",
            "--features",
            "kindred-desktop/custom-protocol",
        ])),
    }
}

/// The part of the bundle configuration that depends on the build: the CLI's path.
fn deb_config(cli: &Path) -> String {
    format!(
        r#"{{"bundle":{{"linux":{{"deb":{{"files":{{"/usr/bin/kindred":{}}}}}}}}}}}"#,
        json_string(&cli.to_string_lossy())
    )
}

/// A JSON string literal (std only: xtask has no serde).
fn json_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn remove_old_packages(dir: &Path) -> Result<(), String> {
    for deb in debs_in(dir)? {
        std::fs::remove_file(&deb)
            .map_err(|e| format!("cannot remove the old package {}: {e}", deb.display()))?;
    }
    Ok(())
}

fn single_package(dir: &Path) -> Result<PathBuf, String> {
    let mut debs = debs_in(dir)?;
    match debs.len() {
        1 => Ok(debs.remove(0)),
        0 => Err(format!(
            "`tauri bundle` succeeded but made no .deb in {}",
            dir.display()
        )),
        _ => Err(format!(
            "`tauri bundle` left several .deb files in {}: {:?}",
            dir.display(),
            debs
        )),
    }
}

fn debs_in(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(format!("cannot read {}: {e}", dir.display())),
    };
    let mut debs = Vec::new();
    for entry in entries {
        let path = entry
            .map_err(|e| format!("cannot read {}: {e}", dir.display()))?
            .path();
        if path.extension().is_some_and(|ext| ext == "deb") {
            debs.push(path);
        }
    }
    Ok(debs)
}

// ---------------------------------------------------------------------------------------
// The Tauri CLI

/// The folder xtask installs its npm tools into (`package.json` and `package-lock.json` are
/// committed; `node_modules/` is not).
fn tools_dir() -> PathBuf {
    workspace_root().join("xtask").join("tools")
}

/// The pinned Tauri CLI, installed with `npm ci` when it is missing or another version.
fn tauri_cli() -> Result<PathBuf, String> {
    let dir = tools_dir();
    let wanted = pinned_version(&dir.join("package.json"), "@tauri-apps/cli")?;
    let installed = installed_version(&dir.join("node_modules/@tauri-apps/cli/package.json"));
    let bin = dir.join("node_modules").join(".bin").join("tauri");
    if installed.as_deref() != Some(wanted.as_str()) || !bin.exists() {
        println!(
            "package: installing the Tauri CLI {wanted} from the npm registry into {}",
            dir.display()
        );
        run_cmd(
            Command::new("npm")
                .args(["ci", "--no-audit", "--no-fund"])
                .current_dir(&dir),
        )
        .map_err(|e| {
            format!("{e}\n(the Tauri CLI comes from npm: is node 20 with npm installed?)")
        })?;
    }
    if bin.exists() {
        Ok(bin)
    } else {
        Err(format!(
            "`npm ci` finished but {} is missing",
            bin.display()
        ))
    }
}

/// The version a `package.json` pins for `name` (an exact version: the lockfile agrees).
fn pinned_version(package_json: &Path, name: &str) -> Result<String, String> {
    let text = std::fs::read_to_string(package_json)
        .map_err(|e| format!("cannot read {}: {e}", package_json.display()))?;
    json_field(&text, name).ok_or_else(|| {
        format!(
            "{} does not pin a version of {name}",
            package_json.display()
        )
    })
}

fn installed_version(package_json: &Path) -> Option<String> {
    let text = std::fs::read_to_string(package_json).ok()?;
    json_field(&text, "version")
}

/// The string value of the first `"key": "value"` in a JSON text. Enough for the two
/// npm files read here, whose shape npm fixes; not a JSON parser.
fn json_field(text: &str, key: &str) -> Option<String> {
    let quoted = format!("\"{key}\"");
    let after = &text[text.find(&quoted)? + quoted.len()..];
    let after = after.trim_start().strip_prefix(':')?.trim_start();
    let value = after.strip_prefix('"')?;
    Some(value[..value.find('"')?].to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cli_path_is_merged_as_json() {
        assert_eq!(
            deb_config(Path::new("/w/target/debug/kindred")),
            r#"{"bundle":{"linux":{"deb":{"files":{"/usr/bin/kindred":"/w/target/debug/kindred"}}}}}"#
        );
        assert_eq!(json_string("a\"b\\c"), r#""a\"b\\c""#);
    }

    #[test]
    fn reads_the_pinned_version() {
        let text = "{\n  \"devDependencies\": {\n    \"@tauri-apps/cli\": \"2.12.5\"\n  }\n}";
        assert_eq!(
            json_field(text, "@tauri-apps/cli").as_deref(),
            Some("2.12.5")
        );
        assert_eq!(json_field(text, "missing"), None);
    }

    #[test]
    fn options() {
        let parse = |a: &[&str]| {
            PackageOptions::parse(&a.iter().map(|s| s.to_string()).collect::<Vec<_>>())
        };
        let o = parse(&[]).unwrap();
        assert_eq!((o.profile, o.check), (Profile::Release, false));
        let o = parse(&["--debug", "--check"]).unwrap();
        assert_eq!((o.profile, o.check), (Profile::Debug, true));
        assert!(parse(&["--release"]).is_err());
    }
}
