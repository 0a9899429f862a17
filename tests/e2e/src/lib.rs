//! End-to-end harness: starts the real Kindred desktop app under `tauri-driver`
//! (which drives it through `WebKitWebDriver`) and talks to it with fantoccini.
//!
//! ```no_run
//! # async fn demo() {
//! use kindred_e2e::App;
//! use std::time::Duration;
//! let app = App::launch(&[("KINDRED_PASSPHRASE", "correct horse")]).await;
//! app.wait_for_text("h1", "Kindred", Duration::from_secs(10)).await;
//! app.close().await;
//! # }
//! ```
//!
//! Each [`App`] has its own `tauri-driver` on two free ports (`--port` and
//! `--native-port`; the native default 4445 is not derived from `--port`), so tests may
//! run in parallel. The environment given to [`App::launch`] is set on the `tauri-driver`
//! process: `WebKitWebDriver` inherits it from `tauri-driver`, and the app inherits it from
//! `WebKitWebDriver`. Every app gets its own temporary directory holding `KINDRED_DB` and
//! the XDG data, config and cache directories, so no test touches the user's real data.
//!
//! `tauri-driver` is always stopped with SIGTERM, never SIGKILL: it then stops its
//! `WebKitWebDriver`, whereas a killed one leaves `WebKitWebDriver` running and the next
//! run hangs. [`App::close`] does it, and so does `Drop` (also when a test panics).
//!
//! Needs: the app built (`target/debug/kindred-desktop`, or `KINDRED_APP_BIN`),
//! `tauri-driver` on PATH or in `~/.cargo/bin` (or `TAURI_DRIVER`), `WebKitWebDriver`,
//! and an X display (`xvfb-run -a`). `cargo xtask test` provides all of them.

use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{json, Value};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};
use tempfile::TempDir;

/// How long [`App::find`] and friends wait for an element to appear.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(10);

/// How long to wait for tauri-driver to listen, and for processes to end after SIGTERM.
const STARTUP_TIMEOUT: Duration = Duration::from_secs(30);
const STOP_TIMEOUT: Duration = Duration::from_secs(5);

/// The running desktop app, driven through WebDriver.
pub struct App {
    /// The WebDriver session, for anything the helpers below do not cover.
    pub client: Client,
    // Drop order matters: the session goes first, then tauri-driver (SIGTERM), and the
    // temporary directory last, once the app that writes into it has gone.
    driver: DriverGuard,
    dir: TempDir,
    db_path: PathBuf,
    app_bin: PathBuf,
}

impl App {
    /// Starts tauri-driver and the app with these extra environment variables (they win
    /// over the defaults: `KINDRED_DB` in a fresh temporary directory, and XDG data,
    /// config and cache directories inside it). Panics with a clear message when
    /// something needed is missing (display, app binary, tauri-driver).
    pub async fn launch(env: &[(&str, &str)]) -> App {
        App::launch_binary(app_binary(), env).await
    }

    /// [`App::launch`] for another Tauri binary (the benchmarks' empty window).
    pub async fn launch_binary(app_bin: PathBuf, env: &[(&str, &str)]) -> App {
        require_display();
        let driver_bin = tauri_driver();
        let dir = tempfile::Builder::new()
            .prefix("kindred-e2e-")
            .tempdir()
            .expect("create a temporary directory for the app");
        let db_path = dir.path().join("workbook.kindred");
        let (port, native_port) = free_port_pair();

        let mut cmd = Command::new(&driver_bin);
        cmd.arg("--port")
            .arg(port.to_string())
            .arg("--native-port")
            .arg(native_port.to_string())
            .env("KINDRED_DB", &db_path)
            .env("XDG_DATA_HOME", dir.path().join("data"))
            .env("XDG_CONFIG_HOME", dir.path().join("config"))
            .env("XDG_CACHE_HOME", dir.path().join("cache"))
            .stdin(Stdio::null())
            .stdout(Stdio::null());
        for (key, value) in env {
            cmd.env(key, value);
        }
        let db_path = env
            .iter()
            .find(|(key, _)| *key == "KINDRED_DB")
            .map(|(_, value)| PathBuf::from(value))
            .unwrap_or(db_path);

        let mut driver = DriverGuard::spawn(cmd, &driver_bin);
        driver.wait_until_listening(&[port, native_port]).await;

        let mut capabilities = serde_json::Map::new();
        capabilities.insert("browserName".into(), json!("wry"));
        capabilities.insert(
            "tauri:options".into(),
            json!({ "application": app_bin, "args": [] }),
        );
        let client = match ClientBuilder::native()
            .capabilities(capabilities)
            .connect(&format!("http://127.0.0.1:{port}"))
            .await
        {
            Ok(client) => client,
            Err(err) => {
                driver.stop();
                panic!(
                    "could not start a WebDriver session with {} through tauri-driver on \
                     port {port}: {err}",
                    app_bin.display()
                );
            }
        };
        App {
            client,
            driver,
            dir,
            db_path,
            app_bin,
        }
    }

    /// Ends the session (the app closes), then stops tauri-driver with SIGTERM.
    pub async fn close(self) {
        let App {
            client, mut driver, ..
        } = self;
        if let Err(err) = client.close().await {
            eprintln!("kindred-e2e: closing the WebDriver session failed: {err}");
        }
        driver.stop();
    }

    /// The workbook file the app was told to use (`KINDRED_DB`).
    pub fn db_path(&self) -> &Path {
        &self.db_path
    }

    /// This app's temporary directory (deleted when the `App` goes).
    pub fn data_dir(&self) -> &Path {
        self.dir.path()
    }

    /// Process ids of the running app (the desktop binary, not WebKit's helpers).
    pub fn app_pids(&self) -> Vec<i32> {
        let want = std::fs::canonicalize(&self.app_bin).unwrap_or_else(|_| self.app_bin.clone());
        self.driver
            .group_members()
            .into_iter()
            .filter(|pid| {
                std::fs::read_link(format!("/proc/{pid}/exe")).is_ok_and(|exe| exe == want)
            })
            .collect()
    }

    /// The app's whole process tree: the app and every process below it (WebKit's web and
    /// network processes), as (pid, name, proportional set size in KiB) from
    /// `/proc/PID/smaps_rollup`, so pages shared between them are not counted twice.
    pub fn process_tree_pss(&self) -> Vec<(i32, String, u64)> {
        let parents = parent_map();
        let mut tree = self.app_pids();
        let mut i = 0;
        while i < tree.len() {
            let p = tree[i];
            let mut children: Vec<i32> = parents
                .iter()
                .filter(|(_, parent)| *parent == p)
                .map(|(pid, _)| *pid)
                .collect();
            children.sort_unstable();
            tree.extend(
                children
                    .into_iter()
                    .filter(|c| !tree.contains(c))
                    .collect::<Vec<_>>(),
            );
            i += 1;
        }
        tree.into_iter()
            .map(|pid| {
                let name = std::fs::read_to_string(format!("/proc/{pid}/comm"))
                    .map(|c| c.trim().to_string())
                    .unwrap_or_default();
                (pid, name, pss_kib(pid))
            })
            .collect()
    }

    /// The first element matching `css`, waiting up to [`DEFAULT_TIMEOUT`] for it.
    pub async fn find(&self, css: &str) -> Element {
        match self
            .client
            .wait()
            .at_most(DEFAULT_TIMEOUT)
            .for_element(Locator::Css(css))
            .await
        {
            Ok(element) => element,
            Err(err) => panic!("no element matches `{css}` after {DEFAULT_TIMEOUT:?}: {err}"),
        }
    }

    /// The first element matching `css` right now, if any (no waiting).
    pub async fn try_find(&self, css: &str) -> Option<Element> {
        self.client.find(Locator::Css(css)).await.ok()
    }

    /// All elements matching `css` right now.
    pub async fn find_all(&self, css: &str) -> Vec<Element> {
        self.client
            .find_all(Locator::Css(css))
            .await
            .unwrap_or_else(|err| panic!("finding all `{css}` failed: {err}"))
    }

    /// Scrolls `element` to the middle of the window, clear of the sticky header, as a
    /// person would before using it (WebDriver's own scrolling puts it at the top edge, under
    /// the header, where a click lands on the header instead).
    pub async fn reveal(&self, element: &Element) {
        let el = serde_json::to_value(element).unwrap_or(Value::Null);
        self.client
            .execute(
                "arguments[0].scrollIntoView({block: 'center', inline: 'nearest'});",
                vec![el],
            )
            .await
            .unwrap_or_else(|err| panic!("scrolling to an element failed: {err}"));
    }

    /// Clicks the first element matching `css`.
    pub async fn click(&self, css: &str) {
        let element = self.find(css).await;
        self.reveal(&element).await;
        element
            .click()
            .await
            .unwrap_or_else(|err| panic!("clicking `{css}` failed: {err}"));
    }

    /// Clears the field matching `css` and types `text` into it.
    pub async fn fill(&self, css: &str, text: &str) {
        let element = self.find(css).await;
        self.reveal(&element).await;
        element
            .clear()
            .await
            .unwrap_or_else(|err| panic!("clearing `{css}` failed: {err}"));
        element
            .send_keys(text)
            .await
            .unwrap_or_else(|err| panic!("typing into `{css}` failed: {err}"));
    }

    /// The rendered text of the first element matching `css`.
    pub async fn text(&self, css: &str) -> String {
        let element = self.find(css).await;
        element
            .text()
            .await
            .unwrap_or_else(|err| panic!("reading the text of `{css}` failed: {err}"))
    }

    /// Waits until an element matching `css` contains `text`; panics after `timeout`,
    /// saying what the element showed last.
    pub async fn wait_for_text(&self, css: &str, text: &str, timeout: Duration) -> Element {
        let deadline = Instant::now() + timeout;
        let mut last_seen = None;
        loop {
            if let Ok(elements) = self.client.find_all(Locator::Css(css)).await {
                for element in elements {
                    if let Ok(shown) = element.text().await {
                        if shown.contains(text) {
                            return element;
                        }
                        last_seen = Some(shown);
                    }
                }
            }
            if Instant::now() >= deadline {
                panic!(
                    "no `{css}` contains {text:?} after {timeout:?}; last seen: {}",
                    match &last_seen {
                        Some(shown) => format!("{shown:?}"),
                        None => "no such element".into(),
                    }
                );
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Runs JavaScript in the page (`arguments[i]` are `args`) and returns its result.
    pub async fn eval(&self, script: &str, args: Vec<Value>) -> Value {
        self.client
            .execute(script, args)
            .await
            .unwrap_or_else(|err| panic!("running script failed: {err}\n{script}"))
    }

    /// Runs asynchronous JavaScript: the script ends by calling the callback passed as its
    /// last argument (`arguments[arguments.length - 1]`), whose argument is returned.
    pub async fn eval_async(&self, script: &str, args: Vec<Value>) -> Value {
        self.client
            .execute_async(script, args)
            .await
            .unwrap_or_else(|err| panic!("running async script failed: {err}\n{script}"))
    }

    /// Saves a PNG of the window's page. Assert on DOM text, not on screenshots: one
    /// taken right after a DOM change may show the page before it.
    pub async fn screenshot(&self, path: impl AsRef<Path>) {
        let path = path.as_ref();
        let png = self
            .client
            .screenshot()
            .await
            .unwrap_or_else(|err| panic!("taking a screenshot failed: {err}"));
        std::fs::write(path, png)
            .unwrap_or_else(|err| panic!("writing {} failed: {err}", path.display()));
    }
}

// ---------------------------------------------------------------------------------------
// Processes

/// Every live process's parent, from `/proc/<pid>/stat`.
fn parent_map() -> Vec<(i32, i32)> {
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    entries
        .flatten()
        .filter_map(|e| e.file_name().to_str()?.parse::<i32>().ok())
        .filter_map(|pid| {
            let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
            let close = stat.rfind(')')?;
            let fields: Vec<&str> = stat[close + 1..].split_whitespace().collect();
            let ppid = fields.get(1)?.parse::<i32>().ok()?;
            Some((pid, ppid))
        })
        .collect()
}

/// The `Pss:` line of `/proc/<pid>/smaps_rollup`, in KiB (0 when the process has gone).
pub fn pss_kib(pid: i32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/smaps_rollup"))
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("Pss:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|n| n.parse().ok())
        })
        .unwrap_or(0)
}

// ---------------------------------------------------------------------------------------
// Finding what we need

fn require_display() {
    let set = |var: &str| std::env::var_os(var).is_some_and(|v| !v.is_empty());
    if !set("DISPLAY") && !set("WAYLAND_DISPLAY") {
        panic!(
            "kindred-e2e: no display (DISPLAY and WAYLAND_DISPLAY are unset), so the app \
             cannot open a window. Run the end-to-end tests through `cargo xtask test`, or \
             under a virtual display: xvfb-run -a cargo test -p kindred-e2e"
        );
    }
}

/// `KINDRED_APP_BIN`, else `kindred-desktop` in the same profile directory as this test
/// binary (`target/debug/deps/smoke-…` → `target/debug/kindred-desktop`), which follows
/// CARGO_TARGET_DIR without having to know it.
fn app_binary() -> PathBuf {
    let path = match std::env::var_os("KINDRED_APP_BIN") {
        Some(path) => PathBuf::from(path),
        None => {
            let exe = std::env::current_exe().expect("path of the test binary");
            let profile_dir = exe
                .parent()
                .and_then(Path::parent)
                .expect("test binary lives in target/<profile>/deps");
            profile_dir.join("kindred-desktop")
        }
    };
    if !path.is_file() {
        panic!(
            "kindred-e2e: the app binary {} does not exist. Build it first with \
             `cargo build -p kindred-desktop` (cargo xtask test does), or set KINDRED_APP_BIN.",
            path.display()
        );
    }
    std::fs::canonicalize(&path).unwrap_or(path)
}

/// `TAURI_DRIVER`, else `tauri-driver` on PATH, else in the cargo bin directory.
fn tauri_driver() -> PathBuf {
    if let Some(path) = std::env::var_os("TAURI_DRIVER") {
        return PathBuf::from(path);
    }
    let cargo_bin = match std::env::var_os("CARGO_HOME") {
        Some(home) => PathBuf::from(home).join("bin"),
        None => PathBuf::from(std::env::var_os("HOME").unwrap_or_default()).join(".cargo/bin"),
    };
    std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default())
        .chain(std::iter::once(cargo_bin))
        .map(|dir| dir.join("tauri-driver"))
        .find(|candidate| candidate.is_file())
        .unwrap_or_else(|| {
            panic!(
                "kindred-e2e: tauri-driver not found on PATH or in ~/.cargo/bin. Install it \
                 with `cargo xtask setup` (or `cargo install tauri-driver --locked`)."
            )
        })
}

/// Two distinct free TCP ports on 127.0.0.1 (both held open while choosing).
fn free_port_pair() -> (u16, u16) {
    let bind = || TcpListener::bind("127.0.0.1:0").expect("bind a free port");
    let (a, b) = (bind(), bind());
    let port = |l: &TcpListener| l.local_addr().expect("local address").port();
    (port(&a), port(&b))
}

// ---------------------------------------------------------------------------------------
// tauri-driver's lifetime

/// Owns the tauri-driver process. It runs in its own process group (so the group id is
/// its pid, and WebKitWebDriver and the app join it), and gets SIGTERM if the test
/// process dies (PR_SET_PDEATHSIG). Dropping the guard stops it.
struct DriverGuard {
    child: Child,
    stopped: bool,
}

impl DriverGuard {
    fn spawn(mut cmd: Command, program: &Path) -> DriverGuard {
        cmd.process_group(0);
        // SAFETY: prctl is async-signal-safe; the closure allocates nothing.
        unsafe {
            cmd.pre_exec(|| {
                if libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGTERM) == -1 {
                    return Err(std::io::Error::last_os_error());
                }
                Ok(())
            });
        }
        let child = spawn_from_long_lived_thread(cmd)
            .unwrap_or_else(|err| panic!("could not start {}: {err}", program.display()));
        DriverGuard {
            child,
            stopped: false,
        }
    }

    fn pid(&self) -> i32 {
        self.child.id() as i32
    }

    /// Waits until every port accepts connections (tauri-driver's and WebKitWebDriver's).
    async fn wait_until_listening(&mut self, ports: &[u16]) {
        let deadline = Instant::now() + STARTUP_TIMEOUT;
        for &port in ports {
            let addr = SocketAddr::from(([127, 0, 0, 1], port));
            while TcpStream::connect_timeout(&addr, Duration::from_millis(200)).is_err() {
                if let Ok(Some(status)) = self.child.try_wait() {
                    self.stop();
                    panic!(
                        "tauri-driver exited early ({status}); is WebKitWebDriver installed \
                         (package webkit2gtk-driver)? See its messages above."
                    );
                }
                if Instant::now() >= deadline {
                    self.stop();
                    panic!("tauri-driver did not listen on port {port} within {STARTUP_TIMEOUT:?}");
                }
                tokio::time::sleep(Duration::from_millis(25)).await;
            }
        }
    }

    /// Pids of the live processes in tauri-driver's process group (zombies left for
    /// init to reap do not count).
    fn group_members(&self) -> Vec<i32> {
        let pgid = self.pid();
        let Ok(entries) = std::fs::read_dir("/proc") else {
            return Vec::new();
        };
        entries
            .flatten()
            .filter_map(|e| e.file_name().to_str()?.parse::<i32>().ok())
            .filter(|pid| {
                // /proc/<pid>/stat: "pid (comm) state ppid pgrp ..."; comm may hold spaces.
                let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) else {
                    return false;
                };
                let Some(close) = stat.rfind(')') else {
                    return false;
                };
                let fields: Vec<&str> = stat[close + 1..].split_whitespace().collect();
                let live = !matches!(fields.first(), Some(&("Z" | "X")));
                live && fields.get(2).and_then(|g| g.parse::<i32>().ok()) == Some(pgid)
            })
            .collect()
    }

    /// SIGTERM to tauri-driver (it then stops WebKitWebDriver), then SIGTERM to anything
    /// left in its process group (an app that outlived its driver). Never SIGKILL.
    /// Idempotent; never panics (it runs in Drop, maybe during a panic).
    fn stop(&mut self) {
        if std::mem::replace(&mut self.stopped, true) {
            return;
        }
        let pid = self.pid();
        if matches!(self.child.try_wait(), Ok(None)) {
            // SAFETY: plain kill(2) on our own child, which we have not reaped yet.
            unsafe { libc::kill(pid, libc::SIGTERM) };
            let deadline = Instant::now() + STOP_TIMEOUT;
            while matches!(self.child.try_wait(), Ok(None)) {
                if Instant::now() >= deadline {
                    eprintln!(
                        "kindred-e2e: tauri-driver (pid {pid}) still running {STOP_TIMEOUT:?} \
                         after SIGTERM; leaving it (no SIGKILL)"
                    );
                    return;
                }
                std::thread::sleep(Duration::from_millis(20));
            }
        }
        // The group id is tauri-driver's pid, and the kernel does not reuse a pid while
        // its process group has members, so this reaches only our leftovers.
        let deadline = Instant::now() + STOP_TIMEOUT;
        let mut signalled = false;
        loop {
            let members = self.group_members();
            if members.is_empty() {
                return;
            }
            if !signalled {
                // SAFETY: kill(2) on our own process group.
                unsafe { libc::kill(-pid, libc::SIGTERM) };
                signalled = true;
            }
            if Instant::now() >= deadline {
                eprintln!(
                    "kindred-e2e: processes {members:?} outlived SIGTERM to tauri-driver's \
                     process group {pid}"
                );
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for DriverGuard {
    fn drop(&mut self) {
        self.stop();
    }
}

/// PR_SET_PDEATHSIG fires when the *thread* that spawned the child ends, not the
/// process, so tauri-driver is spawned from one thread that lives as long as the test
/// process (a tokio worker could end and take tauri-driver down mid-test).
fn spawn_from_long_lived_thread(cmd: Command) -> std::io::Result<Child> {
    type Request = (Command, mpsc::Sender<std::io::Result<Child>>);
    static SPAWNER: OnceLock<Mutex<mpsc::Sender<Request>>> = OnceLock::new();
    let spawner = SPAWNER.get_or_init(|| {
        let (tx, rx) = mpsc::channel::<Request>();
        std::thread::Builder::new()
            .name("kindred-e2e-spawner".into())
            .spawn(move || {
                for (mut cmd, reply) in rx {
                    let _ = reply.send(cmd.spawn());
                }
            })
            .expect("start the spawner thread");
        Mutex::new(tx)
    });
    let (reply_tx, reply_rx) = mpsc::channel();
    spawner
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
        .send((cmd, reply_tx))
        .map_err(|_| std::io::Error::other("spawner thread is gone"))?;
    reply_rx
        .recv()
        .map_err(|_| std::io::Error::other("spawner thread is gone"))?
}
