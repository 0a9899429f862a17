//! The install test: the `.deb` installed with apt as an author would, the installed app
//! started under Xvfb until its window shows the UI, the installed CLI run on a temporary
//! workbook, and the package removed again — also when a check fails.
//!
//! It runs as root or through `sudo -n` (CI runs as root). It refuses to run when the
//! package is already installed, because it would replace and then remove someone's real
//! installation.

use crate::package::deb_field;
use crate::process::{command_with_prefix, find_on_path, root_prefix, run_cmd};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// How long the installed app may take to show its window, and then its UI.
const WINDOW_TIMEOUT: Duration = Duration::from_secs(60);
/// Fewer distinct colours than this in the screen means the webview drew nothing (a blank
/// window is one or two colours; the first-run page with its text has hundreds).
const MIN_COLOURS: u32 = 16;

pub fn check(deb: &Path) -> Result<(), String> {
    let deb = deb
        .canonicalize()
        .map_err(|e| format!("cannot find the package {}: {e}", deb.display()))?;
    let name = deb_field(&deb, "Package")?;
    let version = deb_field(&deb, "Version")?;
    let root = root_prefix().ok_or(
        "the install test installs a package with apt-get, so it needs root or \
         passwordless `sudo -n`; neither is available",
    )?;
    if let Some(installed) = installed_version(&name) {
        return Err(format!(
            "{name} {installed} is already installed on this machine; the install test would \
             replace it and then remove it. Remove it first (sudo apt-get remove {name})"
        ));
    }
    let scratch = Scratch::new()?;

    let mut install = command_with_prefix(&root, "env");
    install
        .args(["DEBIAN_FRONTEND=noninteractive", "apt-get", "install", "-y"])
        .arg(&deb);
    let installed = Installed {
        root: &root,
        name: &name,
    };
    let start = Instant::now();
    run_cmd(&mut install).map_err(|e| format!("installing the package failed: {e}"))?;
    println!(
        "install test: installed in {:.1}s",
        start.elapsed().as_secs_f64()
    );

    let result = check_installed(&version, &scratch.dir);
    // Removed before the result is reported, whatever it is (and by `Installed`'s drop
    // should anything above panic).
    let start = Instant::now();
    let removed = installed.remove();
    println!(
        "install test: removed in {:.1}s",
        start.elapsed().as_secs_f64()
    );
    result?;
    removed
}

fn check_installed(version: &str, scratch: &Path) -> Result<(), String> {
    for file in [
        "/usr/bin/kindred",
        "/usr/bin/kindred-desktop",
        "/usr/share/applications/Kindred.desktop",
    ] {
        if !Path::new(file).is_file() {
            return Err(format!("the installed package has no {file}"));
        }
    }
    check_cli(version, scratch)?;
    check_app(scratch)
}

/// `kindred --version` names the package's version; `kindred demo` makes a workbook that
/// `kindred check` then finds healthy.
fn check_cli(version: &str, scratch: &Path) -> Result<(), String> {
    let out = output(Command::new("/usr/bin/kindred").arg("--version"))?;
    if !out.contains(version) {
        return Err(format!(
            "the installed `kindred --version` printed {out:?}, not the package's version {version}"
        ));
    }
    let db = scratch.join("demo.kindred");
    for args in [&["demo"][..], &["check"][..]] {
        output(
            Command::new("/usr/bin/kindred")
                .args(args)
                .env("KINDRED_DB", &db)
                .env("KINDRED_PASSPHRASE", "install test passphrase")
                .env("HOME", scratch),
        )
        .map_err(|e| format!("the installed CLI failed: {e}"))?;
    }
    if !db.is_file() {
        return Err(format!(
            "`kindred demo` succeeded but made no workbook at {}",
            db.display()
        ));
    }
    println!("install test: kindred --version: {out}; kindred demo and check: ok");
    Ok(())
}

/// Starts `/usr/bin/kindred-desktop` on its own Xvfb display with an empty HOME and XDG
/// folders, waits for a window named Kindred, then for the webview to draw the UI.
fn check_app(scratch: &Path) -> Result<(), String> {
    let xvfb = Xvfb::start()?;
    let home = scratch.join("home");
    let mut app = Command::new("/usr/bin/kindred-desktop");
    app.env_clear()
        .env("PATH", "/usr/bin:/bin")
        .env("DISPLAY", &xvfb.display)
        .env("HOME", &home)
        .env("XDG_CONFIG_HOME", home.join(".config"))
        .env("XDG_DATA_HOME", home.join(".local/share"))
        .env("XDG_CACHE_HOME", home.join(".cache"))
        .env("XDG_RUNTIME_DIR", scratch.join("runtime"))
        // Software GL under Xvfb, as for the end-to-end tests.
        .env("LIBGL_ALWAYS_SOFTWARE", "1")
        .current_dir(scratch)
        .stdout(Stdio::null());
    for dir in [&home, &scratch.join("runtime")] {
        std::fs::create_dir_all(dir)
            .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    }
    set_mode(&scratch.join("runtime"), 0o700)?;
    let mut app = Process(
        app.spawn()
            .map_err(|e| format!("cannot start /usr/bin/kindred-desktop: {e}"))?,
    );

    let start = Instant::now();
    let mut window = false;
    let mut colours = 0;
    while start.elapsed() < WINDOW_TIMEOUT {
        std::thread::sleep(Duration::from_millis(500));
        if let Some(status) = app.exited()? {
            return Err(format!(
                "the installed app exited with {status} before its window showed the UI"
            ));
        }
        if !window {
            window = has_window(&xvfb.display, "Kindred")?;
            if window {
                println!(
                    "install test: window \"Kindred\" after {:.1}s",
                    start.elapsed().as_secs_f64()
                );
            }
            continue;
        }
        colours = screen_colours(&xvfb.display, &scratch.join("screen.png"))?;
        if colours >= MIN_COLOURS {
            println!(
                "install test: the window shows the UI ({colours} colours) after {:.1}s",
                start.elapsed().as_secs_f64()
            );
            return Ok(());
        }
    }
    Err(if window {
        format!(
            "the installed app's window opened but stayed blank ({colours} colours on screen \
             after {}s): the UI did not load",
            WINDOW_TIMEOUT.as_secs()
        )
    } else {
        format!(
            "the installed app started but no window named \"Kindred\" appeared within {}s",
            WINDOW_TIMEOUT.as_secs()
        )
    })
}

fn has_window(display: &str, title: &str) -> Result<bool, String> {
    let tree = output(Command::new("xwininfo").args(["-display", display, "-root", "-tree"]))?;
    Ok(tree.contains(&format!("\"{title}\"")))
}

/// The number of distinct colours on the whole screen (ImageMagick).
fn screen_colours(display: &str, png: &Path) -> Result<u32, String> {
    output(
        Command::new("import")
            .args(["-display", display, "-window", "root"])
            .arg(png),
    )?;
    let count = output(Command::new("identify").args(["-format", "%k"]).arg(png))?;
    count
        .trim()
        .parse()
        .map_err(|e| format!("identify printed {count:?}, not a number of colours: {e}"))
}

// ---------------------------------------------------------------------------------------
// Processes and the package

/// Runs a command and returns its stdout, or an error with its stderr.
fn output(cmd: &mut Command) -> Result<String, String> {
    let program = cmd.get_program().to_string_lossy().into_owned();
    let out = cmd
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("cannot run {program}: {e}"))?;
    if out.status.success() {
        Ok(String::from_utf8_lossy(&out.stdout).trim().to_string())
    } else {
        Err(format!(
            "`{program}` exited with {}: {}",
            out.status,
            String::from_utf8_lossy(&out.stderr).trim()
        ))
    }
}

/// The installed version of a package, or `None` when it is not installed.
fn installed_version(name: &str) -> Option<String> {
    let out = Command::new("dpkg-query")
        .args(["-W", "-f=${Status} ${Version}", name])
        .output()
        .ok()?;
    let text = String::from_utf8_lossy(&out.stdout);
    text.strip_prefix("install ok installed ")
        .map(|v| v.trim().to_string())
}

/// The package while it is installed: [`Installed::remove`] removes it and reports how
/// that went; dropped without that (a panic), it still removes it.
struct Installed<'a> {
    root: &'a [&'static str],
    name: &'a str,
}

impl Installed<'_> {
    fn remove(self) -> Result<(), String> {
        let result = self.remove_now();
        std::mem::forget(self);
        result
    }

    fn remove_now(&self) -> Result<(), String> {
        let mut remove = command_with_prefix(self.root, "env");
        remove
            .args(["DEBIAN_FRONTEND=noninteractive", "apt-get", "remove", "-y"])
            .arg(self.name);
        run_cmd(&mut remove).map_err(|e| {
            format!(
                "removing the package failed, so {} is still installed: {e}",
                self.name
            )
        })?;
        match installed_version(self.name) {
            None => Ok(()),
            Some(version) => Err(format!(
                "apt-get remove finished but {} {version} is still installed",
                self.name
            )),
        }
    }
}

impl Drop for Installed<'_> {
    fn drop(&mut self) {
        if let Err(e) = self.remove_now() {
            eprintln!("install test: {e}");
        }
    }
}

/// A child process killed and reaped when dropped.
struct Process(Child);

impl Process {
    /// `Some(status)` once the process has exited.
    fn exited(&mut self) -> Result<Option<std::process::ExitStatus>, String> {
        self.0
            .try_wait()
            .map_err(|e| format!("cannot wait for process {}: {e}", self.0.id()))
    }
}

impl Drop for Process {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// A private Xvfb server on the first free display from :90.
struct Xvfb {
    display: String,
    _server: Process,
}

impl Xvfb {
    fn start() -> Result<Self, String> {
        let xvfb = find_on_path("Xvfb").ok_or("Xvfb is not installed (cargo xtask setup)")?;
        let number = (90..190)
            .find(|n| {
                !Path::new(&format!("/tmp/.X{n}-lock")).exists()
                    && !Path::new(&format!("/tmp/.X11-unix/X{n}")).exists()
            })
            .ok_or("no free X display number between :90 and :189")?;
        let display = format!(":{number}");
        let server = Process(
            Command::new(xvfb)
                .arg(&display)
                .args(["-screen", "0", "1280x800x24", "-nolisten", "tcp"])
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .map_err(|e| format!("cannot start Xvfb: {e}"))?,
        );
        let socket = PathBuf::from(format!("/tmp/.X11-unix/X{number}"));
        let start = Instant::now();
        while !socket.exists() {
            if start.elapsed() > Duration::from_secs(10) {
                return Err(format!("Xvfb did not open display {display} within 10s"));
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        Ok(Xvfb {
            display,
            _server: server,
        })
    }
}

/// A temporary folder, removed when dropped.
struct Scratch {
    dir: PathBuf,
}

impl Scratch {
    fn new() -> Result<Self, String> {
        let dir = std::env::temp_dir().join(format!("kindred-install-test-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir)
            .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        set_mode(&dir, 0o700)?;
        Ok(Scratch { dir })
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn set_mode(dir: &Path, mode: u32) -> Result<(), String> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(dir, std::fs::Permissions::from_mode(mode))
        .map_err(|e| format!("cannot set the mode of {}: {e}", dir.display()))
}
