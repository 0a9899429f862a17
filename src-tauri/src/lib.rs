//! The Kindred desktop shell. Minimal for now: opens the `main` window declared in
//! `tauri.conf.json` with `ui/index.html`. Commands (adapters over `kindred::Workbook`)
//! live in a `commands` module, not at the crate root (E0255 otherwise).

/// Starts the desktop app and blocks until the last window is closed.
pub fn run() {
    tauri::Builder::default()
        .run(tauri::generate_context!())
        .expect("error while running Kindred");
}
