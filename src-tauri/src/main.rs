// No console window on Windows in release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    // JavaScriptCore's just-in-time compilers off (its interpreter runs the UI), unless the
    // environment says otherwise: Kindred's UI is forms over small data, where JIT gains
    // nothing visible, while its compiled code and pools cost about 5 MB in the web
    // process, and a page without JIT has less attack surface. Set here, before any thread
    // exists, so WebKit's processes inherit it.
    if std::env::var_os("JSC_useJIT").is_none() {
        // Before Tauri starts any thread, so no other thread reads the environment.
        std::env::set_var("JSC_useJIT", "0");
    }
    kindred_desktop::run()
}
