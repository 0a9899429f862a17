//! Desktop benchmarks, on the release build under a real X display (`cargo xtask bench` runs
//! them under Xvfb), against a `kindred demo` workbook:
//!
//! - **launch to an interactive reviews view** (target 1.5 s): from starting the app (through
//!   tauri-driver and WebKitWebDriver, whose own start-up is counted too, so this is an upper
//!   bound) to the unlock form ready, plus from pressing Unlock (the passphrase put in the
//!   field at once: no typing time) to the reviews view showing its review cards;
//! - **idle memory** of the app's whole process tree (the app and its WebKit processes), as
//!   proportional set size from `/proc/PID/smaps_rollup`, five seconds after the reviews view
//!   appeared, against an empty Tauri 2 window (`src-tauri/examples/empty_window.rs`) started
//!   the same way in the same run, both with `WEBKIT_DISABLE_COMPOSITING_MODE=1`. Target:
//!   Kindred adds at most 25 MB. Printed as a table (criterion measures time, not memory);
//! - **the author's day** (`day`): every main step of the real app timed inside the page,
//!   from the click to the second animation frame after the expected content appears
//!   (unlock, open a review, each tab, a person page, Prepare a visit step by step with the
//!   sheet made, back to the dashboard, the due list, the family's voice and the summary), on
//!   the demo workbook and on `demo --scale 2000` (`KINDRED_BENCH_SCALES=200,2000` for the
//!   cost curve), with the idle memory of the process tree and the workbook's size on disk
//!   for each; printed as a table with the goals of issue 16. Then, on a fresh start, opening
//!   a review and going back to the dashboard while the daily backup copies the workbook
//!   (a dash when the copy was over before the step ended);
//! - **unlock** alone (`unlock`), in more rounds (`KINDRED_BENCH_UNLOCKS`, 9): the step with
//!   the most variance and the nearest goal, on the demo and each scale.
//!
//! `KINDRED_BENCH_ONLY=unlock,day` runs only those groups; `KINDRED_APP_BIN` times another
//! build of the app (two builds compared on one machine in one sitting).

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use criterion::{criterion_group, criterion_main, Criterion, SamplingMode};
use kindred_e2e::App;
use serde_json::json;

const PASS: &str = "bench passphrase";
const WAIT: Duration = Duration::from_secs(30);
const SETTLE: Duration = Duration::from_secs(5);

/// `target/release`: this bench runs from `target/release/deps/`.
fn profile_dir() -> PathBuf {
    std::env::current_exe()
        .ok()
        .and_then(|p| p.parent()?.parent().map(Path::to_path_buf))
        .expect("bench binary lives in target/<profile>/deps")
}

fn require(path: PathBuf, build: &str) -> PathBuf {
    assert!(
        path.is_file(),
        "{} is missing: build it with `{build}` (cargo xtask bench does)",
        path.display()
    );
    path
}

/// A demo workbook made by the release CLI, once per run.
fn demo_workbook(dir: &Path) -> PathBuf {
    let cli = require(
        profile_dir().join("kindred"),
        "cargo build --release -p kindred --bin kindred",
    );
    let db = dir.join("demo.kindred");
    let status = std::process::Command::new(cli)
        .arg("--db")
        .arg(&db)
        .arg("demo")
        .env("KINDRED_PASSPHRASE", PASS)
        .stdout(std::process::Stdio::null())
        .status()
        .expect("run kindred demo");
    assert!(status.success(), "kindred demo failed");
    db
}

/// Waits (polling every 5 ms inside the page) until `condition` is true in the page.
async fn until(app: &App, condition: &str) {
    let start = Instant::now();
    loop {
        let script = format!(
            "const done = arguments[arguments.length - 1];
             const t0 = Date.now();
             (function poll() {{
               let ok = false;
               try {{ ok = Boolean({condition}); }} catch (e) {{ ok = false; }}
               if (ok) done(true);
               else if (Date.now() - t0 > 2000) done(false);
               else setTimeout(poll, 5);
             }})();"
        );
        if app.client.execute_async(&script, vec![]).await.ok() == Some(json!(true)) {
            return;
        }
        assert!(start.elapsed() < WAIT, "timed out waiting for {condition}");
    }
}

fn env(db: &Path) -> Vec<(&'static str, String)> {
    vec![
        ("KINDRED_DB", db.to_string_lossy().into_owned()),
        ("KINDRED_NO_OPEN", "1".into()),
        ("WEBKIT_DISABLE_COMPOSITING_MODE", "1".into()),
    ]
}

/// Starts Kindred on workbook `db`, locked.
async fn launch_on(db: &Path) -> App {
    let vars = env(db);
    let pairs: Vec<(&str, &str)> = vars.iter().map(|(k, v)| (*k, v.as_str())).collect();
    App::launch(&pairs).await
}

/// Starts Kindred on the demo workbook and unlocks it. Returns (launch to unlock form,
/// unlock to reviews view) and the running app.
async fn launch_kindred(db: &Path) -> (Duration, Duration, App) {
    let t0 = Instant::now();
    let app = launch_on(db).await;
    until(&app, "document.querySelector('#unlock-passphrase')").await;
    let to_unlock_form = t0.elapsed();
    app.eval(
        "document.querySelector('#unlock-passphrase').value = arguments[0]; return true;",
        vec![json!(PASS)],
    )
    .await;
    let t1 = Instant::now();
    app.eval(
        "document.querySelector('main form button[type=submit]').click(); return true;",
        vec![],
    )
    .await;
    until(&app, "document.querySelectorAll('.review-card').length > 0").await;
    (to_unlock_form, t1.elapsed(), app)
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("tokio runtime")
}

fn launch(c: &mut Criterion) {
    if !wanted("launch") {
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let db = demo_workbook(dir.path());
    let rt = runtime();
    let mut g = c.benchmark_group("desktop");
    g.sample_size(10)
        .sampling_mode(SamplingMode::Flat)
        .warm_up_time(Duration::from_millis(1))
        .measurement_time(Duration::from_secs(20));
    g.bench_function("launch to interactive reviews view (demo workbook)", |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                let (a, u, app) = rt.block_on(launch_kindred(&db));
                total += a + u;
                rt.block_on(app.close());
            }
            total
        })
    });
    g.bench_function("launch to unlock form", |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                let (a, _, app) = rt.block_on(launch_kindred(&db));
                total += a;
                rt.block_on(app.close());
            }
            total
        })
    });
    g.finish();
}

/// PSS of the process tree, in KiB, with its parts. With `KINDRED_BENCH_SMAPS_DIR` set,
/// each process's `/proc/PID/smaps` is copied there too (to see where the memory goes).
fn measure(app: &App) -> (u64, String) {
    let tree = app.process_tree_pss();
    if let Some(dir) = std::env::var_os("KINDRED_BENCH_SMAPS_DIR") {
        let dir = PathBuf::from(dir);
        let _ = std::fs::create_dir_all(&dir);
        for (pid, name, _) in &tree {
            if let Ok(s) = std::fs::read(format!("/proc/{pid}/smaps")) {
                let _ = std::fs::write(dir.join(format!("{name}-{pid}.smaps")), s);
            }
        }
    }
    let total = tree.iter().map(|(_, _, k)| k).sum();
    let parts = tree
        .iter()
        .map(|(_, name, k)| format!("{name} {:.1}", *k as f64 / 1024.0))
        .collect::<Vec<_>>()
        .join(", ");
    (total, parts)
}

fn median(mut v: Vec<u64>) -> u64 {
    v.sort_unstable();
    v[v.len() / 2]
}

fn memory(_c: &mut Criterion) {
    if !wanted("memory") {
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let db = demo_workbook(dir.path());
    let empty_bin = require(
        profile_dir().join("examples").join("empty_window"),
        "cargo build --release -p kindred-desktop --example empty_window",
    );
    let rt = runtime();
    let (mut kindred, mut empty) = (Vec::new(), Vec::new());
    for round in 0..3 {
        let (k, k_parts) = rt.block_on(async {
            let vars = env(&db);
            let pairs: Vec<(&str, &str)> = vars.iter().map(|(k, v)| (*k, v.as_str())).collect();
            let app = App::launch_binary(empty_bin.clone(), &pairs).await;
            until(&app, "document.readyState === 'complete'").await;
            tokio::time::sleep(SETTLE).await;
            let e = measure(&app);
            app.close().await;
            let (_, _, app) = launch_kindred(&db).await;
            tokio::time::sleep(SETTLE).await;
            let k = measure(&app);
            app.close().await;
            empty.push(e.0);
            println!(
                "round {round}: empty window {:.1} MB ({})",
                e.0 as f64 / 1024.0,
                e.1
            );
            k
        });
        println!(
            "round {round}: Kindred      {:.1} MB ({k_parts})",
            k as f64 / 1024.0
        );
        kindred.push(k);
    }
    let (k, e) = (median(kindred), median(empty));
    let added = k as f64 / 1024.0 - e as f64 / 1024.0;
    println!(
        "desktop idle memory (PSS of the process tree, release, median of 3): Kindred with the \
         demo workbook open {:.1} MB, empty Tauri window {:.1} MB, Kindred adds {added:.1} MB \
         (target: at most 25 MB) {}",
        k as f64 / 1024.0,
        e as f64 / 1024.0,
        if added <= 25.0 { "✓" } else { "✗" }
    );
}

// ----- the author's day ---------------------------------------------------------------------

/// Times one step inside the page: runs `action`, then waits until `done` is true and two
/// animation frames have passed (the content painted). Milliseconds; `None` on a time-out.
async fn timed(app: &App, action: &str, done: &str) -> Option<f64> {
    let script = format!(
        "const finish = arguments[arguments.length - 1];
         const t0 = performance.now();
         let over = false;
         const ok = () => {{ try {{ return Boolean({done}); }} catch (e) {{ return false; }} }};
         const end = (v) => {{ if (over) return; over = true; obs.disconnect(); finish(v); }};
         const seen = () => requestAnimationFrame(() => requestAnimationFrame(() => end(performance.now() - t0)));
         let waiting = true;
         const check = () => {{ if (waiting && ok()) {{ waiting = false; seen(); }} }};
         const obs = new MutationObserver(check);
         obs.observe(document.documentElement, {{ childList: true, subtree: true, characterData: true, attributes: true }});
         (function poll() {{
           if (!waiting) return;
           check();
           if (performance.now() - t0 > 60000) end(-1); else setTimeout(poll, 10);
         }})();
         {action};"
    );
    let v = app.client.execute_async(&script, vec![]).await.ok()?;
    v.as_f64().filter(|ms| *ms >= 0.0)
}

/// The median time of 15 calls of command `cmd` one after another, from the page.
async fn round_trip(app: &App, cmd: &str, args: serde_json::Value) -> Option<f64> {
    let script = format!(
        "const finish = arguments[arguments.length - 1];
         (async () => {{
           const times = [];
           for (let i = 0; i < 15; i++) {{
             const t0 = performance.now();
             await window.__TAURI__.core.invoke({cmd}, {args});
             times.push(performance.now() - t0);
           }}
           times.sort((a, b) => a - b);
           finish(times[7]);
         }})().catch(() => finish(-1));",
        cmd = json!(cmd),
    );
    let v = app.client.execute_async(&script, vec![]).await.ok()?;
    v.as_f64().filter(|ms| *ms >= 0.0)
}

/// The page shows `hash` (set by the router when the page is in place).
fn shown(hash: &str) -> String {
    format!(
        "document.getElementById('main').dataset.shown === {}",
        json!(hash)
    )
}

/// Clicks the link to `hash` in the page if there is one, else goes there.
fn follow(hash: &str) -> String {
    format!(
        "const a = document.querySelector(\"a[href='{hash}']\"); if (a) a.click(); else window.location.hash = {};",
        json!(hash)
    )
}

fn h1_starts(text: &str) -> String {
    format!(
        "(document.querySelector('main h1') || {{textContent: ''}}).textContent.trim().startsWith({})",
        json!(text)
    )
}

const TABS: [&str; 10] = [
    "overview",
    "due",
    "family",
    "map",
    "contacts",
    "checks",
    "decisions",
    "parallel",
    "documents",
    "feedback",
];

/// A visit date a week ahead, as people type it.
const VISIT_DATE: &str = "(() => { const d = new Date(Date.now() + 7 * 86400000); return `${d.getDate()}/${d.getMonth() + 1}/${d.getFullYear()}`; })()";

/// The steps of Prepare a visit, from the person's details to the sheet made.
async fn visit(app: &App, rid: &str, pid: &str, out: &mut Vec<(String, Option<f64>)>) -> bool {
    let details = format!("#/visit/{rid}/details?member={pid}");
    let t = timed(
        app,
        &format!("window.location.hash = {}", json!(details)),
        &format!(
            "{} && ({} || {})",
            shown(&details),
            h1_starts("Visit details"),
            h1_starts("You cannot visit")
        ),
    )
    .await;
    if app
        .client
        .find(fantoccini::Locator::Css("#visit-details-date"))
        .await
        .is_err()
    {
        return false;
    }
    out.push(("Prepare a visit: the details".into(), t));
    let t = timed(
        app,
        &format!(
            "document.getElementById('visit-details-date').value = {VISIT_DATE};
             document.querySelector('main form button[type=submit]').click()"
        ),
        &h1_starts("Safety and open checks"),
    )
    .await;
    out.push(("Prepare a visit: safety and open checks".into(), t));
    // The safety step is no form: its Continue is a plain button beside the way back.
    let t = timed(
        app,
        "[...document.querySelectorAll('main .button-group button')]
             .find((b) => b.textContent.trim() === 'Continue').click()",
        &h1_starts("Check the visit"),
    )
    .await;
    out.push(("Prepare a visit: check the visit".into(), t));
    let t = timed(
        app,
        "document.querySelector('main form button[type=submit]').click()",
        // Until the sheet's pages are drawn below (or the page says why not): what the
        // author waits for, and the next step starts from a page at rest.
        &format!(
            "({} && document.querySelector('#document-pages[data-rendered], main .error-summary'))
             || document.querySelector('main .error-summary')",
            h1_starts("Visit saved")
        ),
    )
    .await;
    let saved = h1_text(app).await.starts_with("Visit saved");
    out.push((
        "make the sheet (save the visit, make the PDF, show its pages)".into(),
        t.filter(|_| saved),
    ));
    saved
}

async fn h1_text(app: &App) -> String {
    app.eval(
        "const h = document.querySelector('main h1'); return h ? h.textContent.trim() : '';",
        vec![],
    )
    .await
    .as_str()
    .unwrap_or_default()
    .to_string()
}

async fn hrefs(app: &App, css: &str) -> Vec<String> {
    let v = app
        .eval(
            "return [...document.querySelectorAll(arguments[0])].map(a => a.getAttribute('href'));",
            vec![json!(css)],
        )
        .await;
    let mut out: Vec<String> = serde_json::from_value(v).unwrap_or_default();
    out.dedup();
    out
}

/// One round of the day on a freshly started app: every step's time, in order. `person`:
/// the person whose visit is prepared (found on the first round: someone a sheet can be
/// made for).
async fn one_day(db: &Path, person: &mut Option<String>) -> (Vec<(String, Option<f64>)>, u64) {
    let app = launch_on(db).await;
    let mut out = Vec::new();
    let t = timed_unlock(&app).await;
    out.push(("unlock → dashboard".into(), t));
    tokio::time::sleep(SETTLE).await;
    let (pss, _) = measure(&app);
    // What the IPC itself costs: the median of a few calls of a command that does nothing
    // (status), and of the dashboard's own two answered from what is kept.
    for (what, cmd, args) in [
        ("one command's round trip (status)", "status", json!({})),
        (
            "the dashboard's page, kept (round trip)",
            "dashboard",
            json!({}),
        ),
        (
            "the dashboard's first few due, from the kept pass (round trip)",
            "due",
            json!({"days": 14, "review_key": null, "limit": 10}),
        ),
    ] {
        out.push((what.into(), round_trip(&app, cmd, args).await));
    }
    // Pictures of the dashboard (`KINDRED_BENCH_SHOTS=DIR`): its reviews and its pages.
    if let Some(dir) = std::env::var_os("KINDRED_BENCH_SHOTS") {
        let name = db
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        for (what, css) in [
            ("top", "h1"),
            ("reviews", "#reviews-title"),
            ("pages", ".pagination"),
        ] {
            app.eval(
                "const e = document.querySelector(arguments[0]); if (e) e.scrollIntoView({block: 'start'}); return true;",
                vec![json!(css)],
            )
            .await;
            tokio::time::sleep(Duration::from_millis(300)).await;
            app.screenshot(PathBuf::from(&dir).join(format!("{name}-dashboard-{what}.png")))
                .await;
        }
    }

    let review = hrefs(&app, ".review-card h3 a")
        .await
        .into_iter()
        .next()
        .expect("a review card");
    let rid = review.trim_start_matches("#/review/").to_string();
    let t = timed(&app, &follow(&review), &shown(&review)).await;
    out.push(("open a review".into(), t));
    for tab in TABS {
        let hash = format!("{review}/{tab}");
        let t = timed(&app, &follow(&hash), &shown(&hash)).await;
        out.push((format!("tab: {tab}"), t));
    }
    // The family tab was the third; open it again to find the people.
    let family = format!("{review}/family");
    let _ = timed(&app, &follow(&family), &shown(&family)).await;
    let people = hrefs(&app, "main table a[href^='#/person/']").await;
    let first = person.clone().or_else(|| people.first().cloned());
    if let Some(p) = &first {
        let t = timed(&app, &follow(p), &shown(p)).await;
        out.push(("a person page".into(), t));
    }
    // Prepare a visit: with the person found before, or the first a sheet can be made for.
    let candidates: Vec<String> = match person.clone() {
        Some(p) => vec![p],
        None => people.clone(),
    };
    let mut steps = Vec::new();
    for p in candidates.iter().take(8) {
        steps.clear();
        let pid = p.trim_start_matches("#/person/");
        if visit(&app, &rid, pid, &mut steps).await {
            *person = Some(p.clone());
            break;
        }
    }
    out.extend(steps);
    let t = back_to_dashboard(&app).await;
    out.push(("back to the dashboard".into(), t));
    let t = timed(&app, &follow("#/due"), &shown("#/due")).await;
    out.push(("the due list".into(), t));
    for part in ["questions", "draft", "summary"] {
        let hash = format!("#/voice/{rid}/{part}");
        let t = timed(&app, &follow(&hash), &shown(&hash)).await;
        out.push((format!("the family's voice: {part}"), t));
    }
    app.close().await;
    (out, pss)
}

/// Waits for the unlock form, then times unlocking (the passphrase put in at once, Unlock
/// pressed) until the dashboard shows its review cards.
async fn timed_unlock(app: &App) -> Option<f64> {
    until(app, "document.querySelector('#unlock-passphrase')").await;
    timed(
        app,
        &format!(
            "document.querySelector('#unlock-passphrase').value = {};
             document.querySelector('main form button[type=submit]').click()",
            json!(PASS)
        ),
        &format!("{} && document.querySelector('.review-card')", shown("#/")),
    )
    .await
}

/// Unlock → dashboard alone, in more rounds than the day (`KINDRED_BENCH_UNLOCKS`, 9 unless
/// told): the step with the most variance, and the one whose goal is nearest. On the demo
/// and on each `KINDRED_BENCH_SCALES` workbook. A daily backup a round starts is finished
/// before the next round, so only the first round of a day is timed while one runs.
/// `KINDRED_APP_BIN` picks the build.
fn unlock(_c: &mut Criterion) {
    if !wanted("unlock") {
        return;
    }
    let rounds = count_from_env("KINDRED_BENCH_UNLOCKS", 9);
    let dir = tempfile::tempdir().expect("temp dir");
    let mut books = vec![("demo (4 reviews)".to_string(), demo_workbook(dir.path()))];
    for n in scales() {
        books.push((format!("scale {n}"), scaled_workbook(dir.path(), n)));
    }
    let rt = runtime();
    println!();
    println!("unlock → dashboard, ms, {rounds} rounds (release, Xvfb; in the page, as the day)");
    for (name, db) in &books {
        let times: Vec<Option<f64>> = (0..rounds)
            .map(|_| {
                rt.block_on(async {
                    let app = launch_on(db).await;
                    let t = timed_unlock(&app).await;
                    // Today's backup finished before the next round starts.
                    until_backup_written(db).await;
                    app.close().await;
                    t
                })
            })
            .collect();
        let shown: Vec<String> = times
            .iter()
            .map(|t| t.map_or("–".into(), whole_ms))
            .collect();
        println!(
            "| {name} | median {} | {} |",
            median_ms(&times).map_or("–".into(), whole_ms),
            shown.join(" ")
        );
    }
}

/// Whether bench group `name` runs: all of them, unless `KINDRED_BENCH_ONLY` names some
/// (`launch`, `memory`, `day`, `unlock`, comma-separated). Criterion's own filter picks
/// among timed functions only; these groups print their own tables.
fn wanted(name: &str) -> bool {
    std::env::var("KINDRED_BENCH_ONLY")
        .map(|only| only.split(',').any(|g| g.trim() == name))
        .unwrap_or(true)
}

/// A count given in environment variable `name`, or `default`.
fn count_from_env(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// The `demo --scale N` workbooks to time besides the demo (`KINDRED_BENCH_SCALES`, 2000
/// unless told).
fn scales() -> Vec<u32> {
    std::env::var("KINDRED_BENCH_SCALES")
        .unwrap_or_else(|_| "2000".into())
        .split(',')
        .filter_map(|s| s.trim().parse().ok())
        .collect()
}

/// Clicks the header's link to the dashboard and times it until the review cards show.
async fn back_to_dashboard(app: &App) -> Option<f64> {
    timed(
        app,
        "document.querySelector(\"#app-nav a[href='#/']\").click()",
        &format!("{} && document.querySelector('.review-card')", shown("#/")),
    )
    .await
}

/// The folder of a workbook's automatic backups, named as the core names it
/// (`store::backup::backups_dir`): this crate drives the app from outside and links none
/// of it.
fn backups_of(db: &Path) -> PathBuf {
    PathBuf::from(format!("{}.backups", db.display()))
}

/// Whether the daily backup is being written now: its temporary file is in the folder.
fn backup_running(db: &Path) -> bool {
    std::fs::read_dir(backups_of(db))
        .map(|entries| {
            entries.flatten().any(|e| {
                let name = e.file_name().to_string_lossy().into_owned();
                name.starts_with('.') && name.contains(".partial-")
            })
        })
        .unwrap_or(false)
}

/// Waits (a few minutes at most) until no daily backup is being written.
async fn until_backup_written(db: &Path) {
    let start = Instant::now();
    while backup_running(db) && start.elapsed() < 4 * WAIT {
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Two steps timed while the daily backup copies the workbook: Kindred started on a
/// workbook with no backup from today (the daily ones this bench made are removed first),
/// unlocked and left until the copy has begun, then a review opened and the dashboard
/// shown again. A step counts only if the copy was still being written when it ended
/// (`None` otherwise: on a small workbook the copy is over in a moment).
async fn while_backing_up(db: &Path) -> Vec<(String, Option<f64>)> {
    const OPEN: &str = "open a review, while the daily backup runs";
    const BACK: &str = "back to the dashboard, while the daily backup runs";
    if let Ok(entries) = std::fs::read_dir(backups_of(db)) {
        for e in entries.flatten() {
            if e.file_name().to_string_lossy().ends_with("-daily.kindred") {
                let _ = std::fs::remove_file(e.path());
            }
        }
    }
    let (_, _, app) = launch_kindred(db).await;
    let start = Instant::now();
    while !backup_running(db) && start.elapsed() < WAIT {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let mut out = Vec::new();
    let review = hrefs(&app, ".review-card h3 a").await.into_iter().next();
    if let Some(review) = review.filter(|_| backup_running(db)) {
        let t = timed(&app, &follow(&review), &shown(&review)).await;
        out.push((OPEN.to_string(), t.filter(|_| backup_running(db))));
        let t = back_to_dashboard(&app).await;
        out.push((BACK.to_string(), t.filter(|_| backup_running(db))));
    } else {
        out.push((OPEN.to_string(), None));
        out.push((BACK.to_string(), None));
    }
    // The copy finished before the app closes, so that the next round's day starts with
    // today's backup made (and is not timed while one runs).
    until_backup_written(db).await;
    app.close().await;
    // And on the disk, so that the next round is not timed while the kernel writes the
    // copy of a large workbook back.
    let _ = std::process::Command::new("sync").status();
    out
}

/// A `demo --scale N` workbook made by the release CLI (made once and kept in
/// `KINDRED_BENCH_WORKBOOKS` when that folder is given: a large one takes minutes to make).
fn scaled_workbook(dir: &Path, n: u32) -> PathBuf {
    let cli = require(
        profile_dir().join("kindred"),
        "cargo build --release -p kindred --bin kindred",
    );
    let kept = std::env::var_os("KINDRED_BENCH_WORKBOOKS").map(PathBuf::from);
    let db = kept
        .as_deref()
        .unwrap_or(dir)
        .join(format!("scale-{n}.kindred"));
    if kept.is_some() && db.is_file() {
        return db;
    }
    let status = std::process::Command::new(cli)
        .arg("--db")
        .arg(&db)
        .args(["demo", "--scale", &n.to_string()])
        .env("KINDRED_PASSPHRASE", PASS)
        .stdout(std::process::Stdio::null())
        .status()
        .expect("run kindred demo --scale");
    assert!(status.success(), "kindred demo --scale {n} failed");
    db
}

/// A time in whole milliseconds, as the tables print it.
fn whole_ms(t: f64) -> String {
    format!("{t:.0}")
}

fn median_ms(v: &[Option<f64>]) -> Option<f64> {
    let mut ok: Vec<f64> = v.iter().flatten().copied().collect();
    if ok.is_empty() {
        return None;
    }
    ok.sort_by(f64::total_cmp);
    Some(ok[ok.len() / 2])
}

/// Each workbook: (name, size on disk in bytes, idle PSS in KiB, each step's median in ms).
type Column = (String, u64, u64, Vec<(String, Option<f64>)>);

fn day(_c: &mut Criterion) {
    if !wanted("day") {
        return;
    }
    let rounds = count_from_env("KINDRED_BENCH_ROUNDS", 3);
    let scales = scales();
    let dir = tempfile::tempdir().expect("temp dir");
    let mut books = vec![("demo (4 reviews)".to_string(), demo_workbook(dir.path()))];
    for n in &scales {
        let t = Instant::now();
        let db = scaled_workbook(dir.path(), *n);
        println!(
            "made demo --scale {n} in {:.0} s",
            t.elapsed().as_secs_f64()
        );
        books.push((format!("scale {n}"), db));
    }
    let rt = runtime();
    let mut columns: Vec<Column> = Vec::new();
    for (name, db) in &books {
        let size = std::fs::metadata(db).map(|m| m.len()).unwrap_or(0);
        let mut person = None;
        let mut all: Vec<Vec<(String, Option<f64>)>> = Vec::new();
        let mut pss = Vec::new();
        for round in 0..rounds {
            let (mut steps, kib) = rt.block_on(one_day(db, &mut person));
            steps.extend(rt.block_on(while_backing_up(db)));
            println!(
                "{name}, round {round}: idle {:.1} MiB; {}",
                kib as f64 / 1024.0,
                steps
                    .iter()
                    .map(|(s, t)| format!("{s} {}", t.map_or("–".into(), whole_ms)))
                    .collect::<Vec<_>>()
                    .join(", ")
            );
            pss.push(kib);
            all.push(steps);
        }
        let steps: Vec<(String, Option<f64>)> = all[0]
            .iter()
            .map(|(step, _)| {
                let times: Vec<Option<f64>> = all
                    .iter()
                    .map(|r| r.iter().find(|(s, _)| s == step).and_then(|(_, t)| *t))
                    .collect();
                (step.clone(), median_ms(&times))
            })
            .collect();
        columns.push((name.clone(), size, median(pss), steps));
    }
    print_day(&columns);
}

/// The goal of issue 16 for a step on the largest workbook, in ms.
fn goal(step: &str) -> Option<f64> {
    match step {
        "unlock → dashboard" => Some(300.0),
        "back to the dashboard" | "open a review" => Some(100.0),
        _ => None,
    }
}

fn print_day(columns: &[Column]) {
    let names: Vec<&str> = columns.iter().map(|c| c.0.as_str()).collect();
    println!();
    println!(
        "the author's day in the real app (release, Xvfb; ms from the click to the second \
         animation frame after the content appears; median of the rounds)"
    );
    println!("| step | {} | goal (largest) |", names.join(" | "));
    println!("| --- |{}--- |", " ---: |".repeat(names.len()));
    let Some(first) = columns.first() else {
        return;
    };
    let last = columns.last().expect("a column");
    for (step, _) in &first.3 {
        let cells: Vec<String> = columns
            .iter()
            .map(|c| {
                c.3.iter()
                    .find(|(s, _)| s == step)
                    .and_then(|(_, t)| *t)
                    .map_or("–".into(), whole_ms)
            })
            .collect();
        let verdict = goal(step).map_or(String::new(), |g| {
            let got = last.3.iter().find(|(s, _)| s == step).and_then(|(_, t)| *t);
            match got {
                Some(t) if t <= g => format!("≤ {g:.0} ✓"),
                Some(_) => format!("≤ {g:.0} ✗"),
                None => format!("≤ {g:.0} (not measured)"),
            }
        });
        println!("| {step} | {} | {verdict} |", cells.join(" | "));
    }
    let mib = |k: u64| k as f64 / 1024.0;
    let base = mib(first.2);
    println!(
        "| idle memory, PSS of the process tree (MiB) | {} | within 30 of the demo's {} |",
        columns
            .iter()
            .map(|c| format!("{:.1}", mib(c.2)))
            .collect::<Vec<_>>()
            .join(" | "),
        if mib(last.2) - base <= 30.0 {
            "✓"
        } else {
            "✗"
        }
    );
    println!(
        "| workbook on disk (MB) | {} | |",
        columns
            .iter()
            .map(|c| format!("{:.1}", c.1 as f64 / 1e6))
            .collect::<Vec<_>>()
            .join(" | ")
    );
}

criterion_group!(benches, launch, memory, day, unlock);
criterion_main!(benches);
