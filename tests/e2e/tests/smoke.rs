//! Smoke tests: the real app starts under tauri-driver, shows its page, and the shell's
//! security settings and the harness's environment reach it.

use kindred_e2e::App;
use serde_json::json;
use std::time::Duration;

#[tokio::test]
async fn window_shows_the_kindred_heading() {
    let app = App::launch(&[]).await;
    app.wait_for_text("h1", "Kindred", Duration::from_secs(10))
        .await;
    assert_eq!(app.text("h1").await.trim(), "Kindred");
    app.close().await;
}

#[tokio::test]
async fn shell_settings_and_environment_reach_the_app() {
    let app = App::launch(&[("KINDRED_E2E_MARKER", "reached")]).await;
    app.find("h1").await;

    // The environment given to App::launch reaches the app process.
    let pids = app.app_pids();
    assert!(!pids.is_empty(), "no kindred-desktop process found");
    let environ = std::fs::read(format!("/proc/{}/environ", pids[0])).expect("read environ");
    let vars: Vec<String> = environ
        .split(|b| *b == 0)
        .map(|v| String::from_utf8_lossy(v).into_owned())
        .collect();
    let db = format!("KINDRED_DB={}", app.db_path().display());
    assert!(vars.contains(&db), "the app's environment lacks {db}");
    assert!(vars.iter().any(|v| v == "KINDRED_E2E_MARKER=reached"));

    // withGlobalTauri and freezePrototype are in force (Tauri's scripts ran under the CSP).
    let page = app
        .eval(
            "return { tauri: typeof window.__TAURI__, \
                      frozen: Object.isFrozen(Object.prototype) };",
            vec![],
        )
        .await;
    assert_eq!(page, json!({ "tauri": "object", "frozen": true }));

    // IPC works under the CSP for a granted core command (core:app:default) ...
    let name = app
        .eval_async(
            "const done = arguments[arguments.length - 1]; \
             window.__TAURI__.app.getName().then(done, e => done('error: ' + e));",
            vec![],
        )
        .await;
    assert_eq!(name, json!("Kindred"));
    // ... and is refused for one the capability leaves out (core:path).
    let home = app
        .eval_async(
            "const done = arguments[arguments.length - 1]; \
             window.__TAURI__.path.homeDir().then(p => done('allowed: ' + p), \
                                                  e => done('refused: ' + e));",
            vec![],
        )
        .await;
    let home = home.as_str().unwrap_or_default().to_string();
    assert!(
        home.starts_with("refused: "),
        "core:path should be refused, got {home}"
    );

    // The screenshot helper writes a PNG.
    let shot = app.data_dir().join("shot.png");
    app.screenshot(&shot).await;
    let png = std::fs::read(&shot).expect("read the screenshot");
    assert!(png.starts_with(b"\x89PNG"), "screenshot is not a PNG");

    app.close().await;
}
