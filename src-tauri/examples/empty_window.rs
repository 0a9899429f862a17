//! An empty Tauri 2 window (a blank page, no commands, no state): the memory and start-up
//! floor that the desktop benchmark (`tests/e2e/benches/desktop.rs`) measures in the same
//! run as Kindred, so the figure reported is what Kindred adds to Tauri and WebKitGTK.

fn main() {
    if let Err(e) = tauri::Builder::default().run(tauri::generate_context!(
        "bench/empty-window/tauri.conf.json"
    )) {
        eprintln!("empty window: {e}");
        std::process::exit(1);
    }
}
