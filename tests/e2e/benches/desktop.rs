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
//!   Kindred adds at most 25 MB. Printed as a table (criterion measures time, not memory).

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

/// Starts Kindred on the demo workbook and unlocks it. Returns (launch to unlock form,
/// unlock to reviews view) and the running app.
async fn launch_kindred(db: &Path) -> (Duration, Duration, App) {
    let vars = env(db);
    let pairs: Vec<(&str, &str)> = vars.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let t0 = Instant::now();
    let app = App::launch(&pairs).await;
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

criterion_group!(benches, launch, memory);
criterion_main!(benches);
