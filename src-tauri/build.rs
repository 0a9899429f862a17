fn main() {
    // No `tauri_build::Attributes::app_manifest(...)` on purpose: without an app ACL
    // manifest Tauri 2 allows the app's own `#[tauri::command]`s for local content (our
    // only content) and always refuses them for remote origins. Listing the commands in an
    // `AppManifest` would only be needed to restrict them per window; there is one window.
    tauri_build::build()
}
