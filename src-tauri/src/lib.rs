//! The Kindred desktop shell: a thin Tauri 2 layer over `kindred::Workbook`.
//!
//! It opens the `main` window with the static UI in `ui/`, keeps the unlocked workbook (or
//! nothing) in [`AppState`], and exposes commands (in `commands::…`, not at the crate root:
//! E0255 otherwise) that each adapt JSON arguments to one `Workbook` method. Errors cross as
//! [`CommandError`] `{code, message, fields?}`. No plugin is used: the webview can reach the
//! system only through these commands.
//!
//! Idle lock: the UI locks after the chosen number of idle minutes and pings `activity`
//! (every few seconds at most) while the author works. As a backstop, a watcher thread here
//! drops the workbook (and the key with it) when no command or ping has arrived for that
//! long plus [`IDLE_GRACE`], and tells the UI with the `kindred:locked` event. The backstop
//! matters: WebKit throttles the timers of a window that is hidden or covered, so the UI's
//! own timer may not fire on time.

mod commands;
mod error;
mod ipc;
pub mod picker;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

use kindred::Workbook;
use serde::{Deserialize, Serialize};
use tauri::{Emitter, Manager, Runtime};

pub use error::{CommandError, INTERNAL_MESSAGE};

/// Idle minutes before the workbook locks, unless the author chose otherwise.
pub const DEFAULT_IDLE_MINUTES: u32 = 10;
/// The choices offered in settings (any whole number in this range is accepted).
pub const IDLE_MINUTES_RANGE: std::ops::RangeInclusive<u32> = 1..=120;
/// The event sent to the UI when the shell locks the workbook on its own.
pub const LOCKED_EVENT: &str = "kindred:locked";
/// How much later than the UI the shell's backstop locks (the UI pings every 5 s at most).
pub const IDLE_GRACE: Duration = Duration::from_secs(15);
/// How often the backstop looks.
const IDLE_POLL: Duration = Duration::from_secs(5);

/// Everything the shell holds between commands.
pub struct AppState {
    /// The unlocked workbook, or `None` when locked. Dropping it closes the file and
    /// forgets the key.
    /// Shared (`Arc`) so that work begun by a command can go on after it replies (the
    /// dashboard made ready while the unlock's reply travels, `session::unlock`).
    pub workbook: std::sync::Arc<Mutex<Option<Workbook>>>,
    /// The workbook file: `KINDRED_DB`, else the platform's data folder.
    pub path: PathBuf,
    /// Why there is no usable path (no data folder for this user), if so.
    pub path_problem: Option<String>,
    pub idle_minutes: AtomicU32,
    last_activity: Mutex<Instant>,
    /// Shows the save and open dialogs (set once the app has a handle; tests set their own).
    picker: std::sync::OnceLock<Box<dyn picker::FilePicker>>,
    /// The folder last used for each kind of file, kept in the settings file.
    last_folders: Mutex<std::collections::BTreeMap<picker::FileKind, PathBuf>>,
}

/// Settings kept beside the workbook (owner-only; only how the app behaves and the folders
/// last used for saving and opening files).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
struct SettingsFile {
    idle_minutes: u32,
    #[serde(default)]
    last_folders: std::collections::BTreeMap<picker::FileKind, PathBuf>,
}

impl AppState {
    /// State for the workbook at `path`, with settings read from beside it.
    pub fn new(path: PathBuf) -> AppState {
        let saved = std::fs::read(settings_path(&path))
            .ok()
            .and_then(|b| serde_json::from_slice::<SettingsFile>(&b).ok())
            .unwrap_or_default();
        let idle = Some(saved.idle_minutes)
            .filter(|m| IDLE_MINUTES_RANGE.contains(m))
            .unwrap_or(DEFAULT_IDLE_MINUTES);
        AppState {
            workbook: std::sync::Arc::new(Mutex::new(None)),
            path,
            path_problem: None,
            idle_minutes: AtomicU32::new(idle),
            last_activity: Mutex::new(Instant::now()),
            picker: std::sync::OnceLock::new(),
            last_folders: Mutex::new(saved.last_folders),
        }
    }

    /// Sets how files are chosen (once; later calls are ignored).
    pub fn set_picker(&self, p: Box<dyn picker::FilePicker>) {
        let _ = self.picker.set(p);
    }

    /// Asks the author where to save a file of `kind`, suggesting `name` in the folder last
    /// used for that kind. `None`: cancelled (or no way to ask).
    pub fn pick_save(&self, kind: picker::FileKind, name: &str) -> Option<PathBuf> {
        let folder = self.last_folder(kind);
        self.picker.get()?.save(kind, folder.as_deref(), name)
    }

    /// Asks the author which file of `kind` to open. `None`: cancelled.
    pub fn pick_open(&self, kind: picker::FileKind) -> Option<PathBuf> {
        let folder = self.last_folder(kind);
        self.picker.get()?.open(kind, folder.as_deref())
    }

    fn last_folder(&self, kind: picker::FileKind) -> Option<PathBuf> {
        self.last_folders
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(&kind)
            .cloned()
    }

    /// Remembers the folder of a file the author chose, for the next dialog of that kind.
    pub fn remember_folder(&self, kind: picker::FileKind, file: &Path) {
        if let Some(folder) = file.parent().filter(|f| !f.as_os_str().is_empty()) {
            self.last_folders
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .insert(kind, folder.to_path_buf());
            let _ = self.save_settings();
        }
    }

    fn save_settings(&self) -> std::io::Result<()> {
        let file = settings_path(&self.path);
        let body = serde_json::to_vec_pretty(&SettingsFile {
            idle_minutes: self.idle_minutes(),
            last_folders: self
                .last_folders
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .clone(),
        })
        .map_err(std::io::Error::other)?;
        let opts = kindred::files::WriteOptions::new(
            kindred::files::Existing::Replace,
            &kindred::files::NOTHING,
        );
        kindred::files::write(&file, &body, opts)
            .map(|_| ())
            .map_err(std::io::Error::other)
    }

    /// `KINDRED_DB` if set, else `kindred::workbook::default_path()`.
    pub fn from_env() -> AppState {
        match std::env::var_os("KINDRED_DB").filter(|p| !p.is_empty()) {
            Some(p) => AppState::new(PathBuf::from(p)),
            None => match kindred::workbook::default_path() {
                Ok(p) => AppState::new(p),
                Err(e) => AppState {
                    path_problem: Some(CommandError::from(e).message),
                    ..AppState::new(PathBuf::new())
                },
            },
        }
    }

    /// The workbook slot. A panic in an earlier command does not make it unusable: any
    /// transaction it had open was rolled back when it unwound.
    pub fn slot(&self) -> MutexGuard<'_, Option<Workbook>> {
        self.workbook.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The author did something: restart the idle clock.
    pub fn touch(&self) {
        *self.last_activity.lock().unwrap_or_else(|p| p.into_inner()) = Instant::now();
    }

    pub fn idle_for(&self) -> Duration {
        self.last_activity
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .elapsed()
    }

    pub fn idle_minutes(&self) -> u32 {
        self.idle_minutes.load(Ordering::Relaxed)
    }

    /// Changes and saves the idle minutes. The caller has checked the range.
    pub fn set_idle_minutes(&self, minutes: u32) -> std::io::Result<()> {
        self.idle_minutes.store(minutes, Ordering::Relaxed);
        self.save_settings()
    }

    /// Drops the workbook. True when it was unlocked.
    pub fn lock(&self) -> bool {
        let was = self.slot().take().is_some();
        release_free_memory();
        was
    }

    /// Locks when nothing has happened for the idle time plus [`IDLE_GRACE`] (the UI locks
    /// at the idle time itself; this catches a UI whose timers are throttled or stopped).
    pub fn lock_if_idle(&self) -> bool {
        let limit = Duration::from_secs(u64::from(self.idle_minutes()) * 60) + IDLE_GRACE;
        self.idle_for() >= limit && self.lock()
    }
}

/// Gives memory the allocator holds but no longer uses back to the system. Unlocking
/// (the key derivation, the first reads) and locking (the page cache dropped) free
/// megabytes on short-lived worker threads, which glibc otherwise keeps in their arenas
/// for the life of the app.
pub fn release_free_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only returns free memory to the system; it takes no pointers.
    unsafe {
        libc::malloc_trim(0);
    }
}

/// [`release_free_memory`] on a thread of its own, a moment after a reply that built and
/// dropped a pass over the whole workbook (the dashboard, the Due list): the reply does not
/// wait, and the worker thread's arena does not keep the pass's megabytes for the life of
/// the app. The moment lets the page be drawn first: trimming straight away took a core
/// (and malloc's locks) from the commands and the drawing that follow a dashboard on a
/// two-core laptop. Replies close together share one trim.
pub fn release_free_memory_soon() {
    use std::sync::atomic::{AtomicBool, Ordering};
    static PENDING: AtomicBool = AtomicBool::new(false);
    if PENDING.swap(true, Ordering::AcqRel) {
        return;
    }
    let spawned = std::thread::Builder::new()
        .name("kindred-trim".into())
        .spawn(|| {
            std::thread::sleep(TRIM_AFTER);
            PENDING.store(false, Ordering::Release);
            release_free_memory();
        });
    if spawned.is_err() {
        PENDING.store(false, Ordering::Release);
    }
}

/// How long after a large reply its memory is given back.
const TRIM_AFTER: std::time::Duration = std::time::Duration::from_millis(1500);

/// `workbook.kindred` -> `workbook.kindred.settings.json`, in the same folder.
fn settings_path(workbook: &Path) -> PathBuf {
    let mut name = workbook.as_os_str().to_owned();
    name.push(".settings.json");
    PathBuf::from(name)
}

/// Registers every command. Used by [`run`] and by the mock-runtime tests.
pub fn with_handlers<R: Runtime>(b: tauri::Builder<R>) -> tauri::Builder<R> {
    use commands::*;
    b.invoke_handler(tauri::generate_handler![
        session::status,
        session::create_workbook,
        session::unlock,
        session::lock,
        session::activity,
        session::settings,
        session::set_idle_minutes,
        reference::vocabulary,
        reference::question_bank,
        help::guide,
        reviews::dashboard,
        reviews::due,
        reviews::due_page,
        reviews::save_calendar,
        evaluation::evaluation,
        evaluation::save_evaluation_csv,
        evaluation::save_evaluation_pdf,
        reviews::review_view,
        reviews::review_form,
        reviews::create_review,
        reviews::change_review,
        reviews::move_phase,
        reviews::add_child,
        reviews::set_check,
        reviews::record_decision,
        reviews::add_parallel,
        reviews::change_parallel,
        reviews::record_feedback,
        reviews::mark_deadline_met,
        reviews::unmark_deadline_met,
        people::add_member,
        people::change_member,
        people::member_view,
        people::member_form,
        people::set_involvement,
        people::set_position,
        people::add_contact_detail,
        people::relate,
        people::add_role_status,
        people::add_restriction,
        people::record_clearance,
        people::link_abuse,
        people::add_barrier,
        people::agree_terms,
        people::support_directory,
        people::choose_support,
        contacts::record_contact,
        contacts::change_contact,
        contacts::mark_contact_entered_in_error,
        people::mark_restriction_entered_in_error,
        people::mark_clearance_entered_in_error,
        people::accept_suggestion,
        documents::check_sheet,
        documents::make_sheet,
        documents::make_feedback_form,
        letters::make_letter,
        documents::document_view,
        documents::document_pdf,
        documents::printers,
        documents::print_document,
        documents::open_document,
        documents::show_document_in_folder,
        trust::trust_overview,
        trust::backup_now,
        trust::save_backup_copy,
        trust::restore_backup,
        trust::export_review,
        trust::import_review,
        trust::change_passphrase,
        trust::destroy_review,
        voice::voice,
        voice::member_voice,
        voice::add_line,
        voice::change_line,
        voice::add_question,
        voice::change_question,
        voice::answer_question,
        voice::add_contribution,
        voice::change_contribution,
        voice::add_finding,
        voice::change_finding,
        voice::share_draft,
        voice::add_comment,
        voice::respond_to_comment,
        voice::involvement_summary,
        voice::save_summary_text,
        voice::redraft_summary,
        voice::save_summary_file,
        voice::voice_choices,
    ])
}

/// Starts the desktop app and blocks until the last window is closed.
pub fn run() {
    with_handlers(tauri::Builder::default())
        .plugin(tauri_plugin_dialog::init())
        .manage(AppState::from_env())
        .setup(|app| {
            // Translations the author loaded (`kindred translation load`) serve the
            // documents made here too; one that no longer passes its checks is left out.
            for problem in kindred::workbook::translations::use_saved_translations() {
                eprintln!("kindred: warning: {problem}");
            }
            let handle = app.handle().clone();
            let chooser: Box<dyn picker::FilePicker> = match picker::ScriptedPicker::from_env() {
                Some(scripted) => Box::new(scripted),
                None => Box::new(picker::NativePicker(handle.clone())),
            };
            handle.state::<AppState>().set_picker(chooser);
            std::thread::Builder::new()
                .name("kindred-idle-lock".into())
                .spawn(move || loop {
                    std::thread::sleep(IDLE_POLL);
                    if handle.state::<AppState>().lock_if_idle() {
                        let _ = handle.emit(LOCKED_EVENT, ());
                    }
                })?;
            Ok(())
        })
        .run(tauri::generate_context!())
        .expect("error while running Kindred");
}

#[cfg(test)]
mod tests;
