//! The commands the web UI calls, one small adapter each over a `Workbook` method.
//!
//! Arguments arrive as JSON with snake_case names (`#[tauri::command(rename_all =
//! "snake_case")]`), the same names as the core's form structs. Every command runs off the
//! main thread (`async`), so unlocking (a slow key derivation) never freezes the window.
//!
//! What the page receives (the IPC contract):
//! - the shell's own types, made for the page (`Status`, `Settings`, `MemberPage`'s sentences,
//!   `DocumentMade`, `DocumentView`, `Printed`, `Opened`, the trust replies `Saved`,
//!   `Exported`, `Imported`…);
//! - every domain record, as the desktop's own type for it (`crate::ipc`): the record a write
//!   returns, sent through [`send`] — `Review` (create_review, change_review, move_phase),
//!   `Child` (add_child), `Member` (add_member, change_member, set_involvement, set_position,
//!   add_contact_detail, relate, add_role_status, add_restriction, record_clearance,
//!   choose_support, accept_suggestion, mark_*_entered_in_error), `Contact` (record_contact,
//!   change_contact, mark_contact_entered_in_error), `Terms` (agree_terms), `CheckStatus`
//!   (set_check), `Decision`, `ParallelProcess`, `Feedback`, `SupportService`
//!   (support_directory), `LineOfEnquiry`, `Question`, `Contribution`, `Finding`,
//!   `SharingSession`, `DraftComment` — and the views that hold records, converted whole:
//!   review_view (`ipc::ReviewView`), member_view (`MemberPage` over `ipc::MemberView`),
//!   voice (`ipc::VoiceRecords`), member_voice (`ipc::MemberVoice`), and the dashboard's page
//!   (`ipc::DashboardPage`: the counts and one page of `ReviewCard`s, never every review);
//! - the core's screen types, already made for a screen and shared with the CLI's `--json`:
//!   `Deadline` and `UpdateDue` (inside the dashboard's cards), the involvement map's `MapRow`, `SummaryView`,
//!   `VocabularyView`, `QuestionBank`, `ReviewForm`, `MemberForm`, `EvaluationReport` (its
//!   tallies and periods are the domain's sums, counts and dates only).
//!
//! What still crosses as the domain serialises it, on purpose: the closed vocabularies (enum
//! slugs, phases), the check catalogue's `CheckDef` (data from assets/checks.toml), the
//! rules' answers (`Refusal`, `DueState`, `Suggestion`, each beside sentences or labels the
//! page shows), and the drafted involvement summary (`domain::summary::Summary`) inside
//! `SummaryView`.
//!
//! Pinned: `src/tests.rs` (`the_records_the_page_receives_are_pinned_as_exact_json`)
//! compares each record reply as exact JSON and checks that the views carry the same records
//! in the same shapes, so a change of shape fails a test before it reaches the page. (The
//! review bundle, a file other Kindreds read, has its own types too:
//! `kindred::workbook::bundle::format`.)

pub mod contacts;
pub mod documents;
pub mod evaluation;
pub mod help;
pub mod letters;
pub mod people;
pub mod reference;
pub mod reviews;
pub mod session;
pub mod trust;
pub mod voice;

use kindred::Workbook;

use crate::{AppState, CommandError};

pub type Reply<T> = Result<T, CommandError>;

/// Runs `f` on the unlocked workbook, or answers `locked`. Every call counts as activity.
pub fn with_wb<T>(
    state: &AppState,
    f: impl FnOnce(&mut Workbook) -> kindred::Result<T>,
) -> Reply<T> {
    state.touch();
    let mut slot = state.slot();
    let wb = slot.as_mut().ok_or_else(CommandError::locked)?;
    f(wb).map_err(CommandError::from)
}

/// Runs `f` as [`with_wb`] does, and sends the page the desktop's own type for the record it
/// returns (`crate::ipc`), never the domain type's serialisation.
pub fn send<D, T: for<'a> From<&'a D>>(
    state: &AppState,
    f: impl FnOnce(&mut Workbook) -> kindred::Result<D>,
) -> Reply<T> {
    with_wb(state, f).map(|d| T::from(&d))
}
