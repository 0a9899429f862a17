//! The commands the web UI calls, one small adapter each over a `Workbook` method.
//!
//! Arguments arrive as JSON with snake_case names (`#[tauri::command(rename_all =
//! "snake_case")]`), the same names as the core's form structs. Every command runs off the
//! main thread (`async`), so unlocking (a slow key derivation) never freezes the window.
//!
//! What the page receives (the IPC contract). Three kinds of reply cross to the page:
//! - the shell's own types, made for the page (`Status`, `Settings`, `MemberPage`'s sentences,
//!   `DocumentMade`, `Printed`, `Opened`, the trust replies `Saved`, `Exported`, `Imported`…);
//! - the core's views and forms (`Dashboard`, `ReviewView`, `MemberView`, `VoiceRecords`,
//!   `MemberVoice`, `SummaryView`, `DocumentView`, `VocabularyView`, `QuestionBank`,
//!   `ReviewForm`, `MemberForm`, `Deadline`): built for the screens, but the views embed
//!   domain records (a `ReviewView` holds the `Review`, its `Child`ren, `Member`s, `Contact`s,
//!   `Decision`s…);
//! - domain records themselves, as each write's reply: `Review` (create_review, change_review,
//!   move_phase), `Child` (add_child), `Member` (add_member, change_member, set_involvement,
//!   set_position, add_contact_detail, relate, add_role_status, add_restriction,
//!   record_clearance, choose_support, accept_suggestion, mark_*_entered_in_error), `Contact`
//!   (record_contact, change_contact, mark_contact_entered_in_error), `Terms` (agree_terms),
//!   `CheckStatus` (set_check), `Decision`, `ParallelProcess`, `Feedback`, `SupportService`
//!   (support_directory), and the family's voice (`LineOfEnquiry`, `Question`,
//!   `Contribution`, `Finding`, `SharingSession`, `DraftComment`).
//!
//! So the domain types' serde is this contract too. It is pinned rather than copied: every
//! record above that a screen reads is compared as exact JSON in `src/tests.rs`
//! (`the_records_the_page_receives_are_pinned_as_exact_json`), with the views shown to carry
//! the same shapes, so renaming a domain field fails a test here before it reaches the page.
//! (The review bundle, a file other Kindreds read, has its own types instead:
//! `kindred::workbook::bundle::format`.)

pub mod contacts;
pub mod documents;
pub mod help;
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
