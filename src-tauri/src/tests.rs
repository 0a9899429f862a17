//! The commands through Tauri's IPC on the mock runtime (no display): the JSON the UI sends
//! and gets back, against a real encrypted workbook in a temporary folder.

use serde_json::{json, Value};
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{get_ipc_response, mock_builder, mock_context, noop_assets, INVOKE_KEY};
use tauri::webview::InvokeRequest;
use tauri::WebviewWindow;

use super::*;

struct Harness {
    _app: tauri::App<tauri::test::MockRuntime>,
    window: WebviewWindow<tauri::test::MockRuntime>,
    _dir: tempfile::TempDir,
    /// Held for the test's life (see [`ONE_APP`]); dropped last.
    _turn: std::sync::MutexGuard<'static, ()>,
}

/// One app at a time, as in real use (one workbook per process): the tests' apps share a
/// process, and opening many encrypted workbooks at once in one process is not something
/// Kindred does (a create failed once, under full-suite load, with an internal error).
static ONE_APP: std::sync::Mutex<()> = std::sync::Mutex::new(());

fn harness() -> Harness {
    let turn = ONE_APP.lock().unwrap_or_else(|p| p.into_inner());
    let dir = tempfile::tempdir().expect("temp dir");
    let state = AppState::new(dir.path().join("wb.kindred"));
    let app = with_handlers(mock_builder())
        .manage(state)
        .build(mock_context(noop_assets()))
        .expect("mock app");
    let window = tauri::WebviewWindowBuilder::new(&app, "main", Default::default())
        .build()
        .expect("mock window");
    Harness {
        _app: app,
        window,
        _dir: dir,
        _turn: turn,
    }
}

impl Harness {
    /// Calls a command as the UI does; Ok(value) or Err(error value).
    fn call(&self, cmd: &str, args: Value) -> Result<Value, Value> {
        get_ipc_response(
            &self.window,
            InvokeRequest {
                cmd: cmd.into(),
                callback: CallbackFn(0),
                error: CallbackFn(1),
                url: "tauri://localhost".parse().expect("url"),
                body: InvokeBody::Json(args),
                headers: Default::default(),
                invoke_key: INVOKE_KEY.to_string(),
            },
        )
        .map(|b| b.deserialize::<Value>().expect("json reply"))
    }

    fn ok(&self, cmd: &str, args: Value) -> Value {
        self.call(cmd, args)
            .unwrap_or_else(|e| panic!("{cmd} failed: {e}"))
    }

    fn err(&self, cmd: &str, args: Value) -> Value {
        match self.call(cmd, args) {
            Ok(v) => panic!("{cmd} should have failed, got {v}"),
            Err(e) => e,
        }
    }
}

const PASS: &str = "correct horse battery";

#[test]
fn first_run_create_lock_and_unlock() {
    let h = harness();
    let s = h.ok("status", json!({}));
    assert_eq!(
        (s["exists"].clone(), s["unlocked"].clone()),
        (json!(false), json!(false))
    );
    assert_eq!(s["idle_minutes"], json!(DEFAULT_IDLE_MINUTES));

    // Locked: data commands refuse, reference data does not need the workbook.
    assert_eq!(
        h.err("dashboard", json!({})),
        json!({"code": "locked", "message": "The workbook is locked. Unlock it to carry on."})
    );
    assert!(h.ok("vocabulary", json!({}))["nations"]
        .as_array()
        .is_some());

    // The two passphrase fields are checked before anything is created.
    assert_eq!(
        h.err(
            "create_workbook",
            json!({"passphrase": "short", "confirm": "other"})
        ),
        json!({
            "code": "invalid",
            "message": "2 problems: The passphrase must be at least 8 characters; The two passphrases are different.",
            "fields": [
                {"field": "passphrase", "message": "The passphrase must be at least 8 characters"},
                {"field": "confirm", "message": "The two passphrases are different"}
            ]
        })
    );
    assert_eq!(h.ok("status", json!({}))["exists"], json!(false));

    let s = h.ok(
        "create_workbook",
        json!({"passphrase": PASS, "confirm": PASS}),
    );
    assert_eq!(
        (s["exists"].clone(), s["unlocked"].clone()),
        (json!(true), json!(true))
    );
    assert_eq!(h.ok("dashboard", json!({}))["reviews"], json!([]));

    let s = h.ok("lock", json!({}));
    assert_eq!(s["unlocked"], json!(false));
    assert_eq!(h.err("dashboard", json!({}))["code"], json!("locked"));

    // A wrong passphrase is a clear error and changes nothing.
    assert_eq!(
        h.err("unlock", json!({"passphrase": "not the passphrase"})),
        json!({
            "code": "wrong-passphrase",
            "message": "Wrong passphrase, or this file is not a Kindred workbook. Nothing has been changed."
        })
    );
    assert_eq!(h.ok("status", json!({}))["unlocked"], json!(false));
    assert_eq!(
        h.ok("unlock", json!({"passphrase": PASS}))["unlocked"],
        json!(true)
    );
    assert_eq!(h.ok("dashboard", json!({}))["reviews"], json!([]));
}

#[test]
fn forms_round_trip_and_report_field_errors() {
    let h = harness();
    h.ok(
        "create_workbook",
        json!({"passphrase": PASS, "confirm": PASS}),
    );

    // A form with problems: every field error crosses, nothing is saved.
    let e = h.err(
        "create_review",
        json!({"form": {"reference": "", "nation": "wales", "review_type": "lcspr"}}),
    );
    assert_eq!(e["code"], json!("invalid"));
    let fields: Vec<&str> = e["fields"]
        .as_array()
        .expect("fields")
        .iter()
        .map(|f| f["field"].as_str().unwrap_or_default())
        .collect();
    assert_eq!(
        fields,
        [
            "reference",
            "review_type",
            "pseudonym",
            "body_name",
            "author_name"
        ]
    );
    assert_eq!(h.ok("dashboard", json!({}))["reviews"], json!([]));

    let review = h.ok(
        "create_review",
        json!({"form": {
            "reference": "CSPR-1", "nation": "england", "review_type": "lcspr",
            "pseudonym": "Child Q", "body_name": "Northtown Safeguarding Partnership",
            "author_name": "Sam Author"
        }}),
    );
    assert_eq!(review["reference"], json!("CSPR-1"));
    let member = h.ok(
        "add_member",
        json!({"review_key": "CSPR-1", "form": {"full_name": "Łucja Wiśniewska", "interpreter_needed": true}}),
    );
    let id = member["id"].clone();
    let view = h.ok("member_view", json!({"id": id}));
    assert_eq!(
        view["member"]["details"]["full_name"],
        json!("Łucja Wiśniewska")
    );
    assert_eq!(
        h.ok("member_form", json!({"id": id}))["interpreter_needed"],
        json!(true)
    );
    assert_eq!(
        h.ok("move_phase", json!({"key": "CSPR-1", "phase": "1"}))["phase"],
        json!(1)
    );
    assert_eq!(
        h.err("move_phase", json!({"key": "CSPR-1", "phase": "9"}))["fields"],
        json!([{"field": "phase", "message": "Phase must be 0 to 7 or a phase name, not \"9\""}])
    );
    let dash = h.ok("dashboard", json!({}));
    assert_eq!(dash["reviews"][0]["members"], json!(1));
    assert_eq!(
        h.ok("review_form", json!({"key": "CSPR-1"}))["pseudonym"],
        json!("Child Q")
    );

    // A restriction awaiting clearance: the person's page says why, in a sentence, and
    // planning a visit is refused by the core.
    h.ok(
        "add_restriction",
        json!({"member_id": id, "form": {"kind": "police-advice", "detail": "trial pending", "requires_clearance": true}}),
    );
    let page = h.ok("member_view", json!({"id": id}));
    assert_eq!(
        page["may_contact_text"],
        json!(["Contact is restricted (police advice: trial pending) and no clearance allowing contact has been recorded."])
    );
    assert_eq!(page["may_contact"][0]["rule"], json!("awaiting-clearance"));
    let refused = h.err(
        "record_contact",
        json!({"form": {"member_id": id, "date": "2030-01-02", "mode": "home-visit", "outcome": "planned"}}),
    );
    assert_eq!(refused["code"], json!("refused"));
    assert!(refused.get("fields").is_none());

    // No sheet for a restricted person: the core's refusal crosses as `refused`.
    assert_eq!(
        h.err("make_sheet", json!({"member_id": id}))["code"],
        json!("refused")
    );

    // A restriction recorded by mistake is marked entered in error (a reason is required)
    // and no longer restricts: the visit can be planned.
    let rid = page["member"]["restrictions"][0]["id"].clone();
    let e = h.err(
        "mark_restriction_entered_in_error",
        json!({"restriction_id": rid, "reason": " "}),
    );
    assert_eq!(e["code"], json!("invalid"), "{e}");
    h.ok(
        "mark_restriction_entered_in_error",
        json!({"restriction_id": rid, "reason": "Recorded against the wrong person"}),
    );
    let planned = h.ok(
        "record_contact",
        json!({"form": {"member_id": id, "date": "2030-01-02", "mode": "home-visit", "outcome": "planned"}}),
    );
    // And a contact entered in error leaves the contacts list.
    h.ok(
        "mark_contact_entered_in_error",
        json!({"id": planned["id"], "reason": "Entered twice"}),
    );
    let contacts = h.ok("review_view", json!({"key": "CSPR-1"}))["contacts"].clone();
    assert!(
        contacts
            .as_array()
            .expect("contacts")
            .iter()
            .all(|c| c["id"] != planned["id"]),
        "{contacts}"
    );
}

/// Documents are asked for in words, read by the core's forms: a wrong choice gets the
/// CLI's message for it, and a person named with another review is refused, as in the CLI.
/// (Only refusals here: a sheet that is made goes to the user's documents folder.)
#[test]
fn document_requests_are_read_by_the_core() {
    let h = harness();
    h.ok(
        "create_workbook",
        json!({"passphrase": PASS, "confirm": PASS}),
    );
    for (reference, pseudonym) in [("CSPR-1", "Child Q"), ("CSPR-2", "Child R")] {
        h.ok(
            "create_review",
            json!({"form": {
                "reference": reference, "nation": "england", "review_type": "lcspr",
                "pseudonym": pseudonym, "body_name": "Northtown Safeguarding Partnership",
                "author_name": "Sam Author"
            }}),
        );
    }
    let member = h.ok(
        "add_member",
        json!({"review_key": "CSPR-1", "form": {"full_name": "Łucja Wiśniewska"}}),
    );
    let id = member["id"].clone();

    let e = h.err(
        "make_sheet",
        json!({"member_id": id, "variant": "huge", "language": "fr"}),
    );
    assert_eq!(
        e["fields"],
        json!([
            {"field": "variant", "message": "Format of the information sheet must be one of: standard, large-print, easy-read or young (got \"huge\")"},
            {"field": "language", "message": "Language must be one of: en, cy, both, cy-first, pl, ro, ur, pa, bn or ar (got \"fr\")"}
        ])
    );
    let e = h.err(
        "make_sheet",
        json!({"member_id": id, "review_key": "CSPR-2"}),
    );
    assert_eq!(
        e["fields"],
        json!([{"field": "member", "message": "That person is not in review CSPR-2"}])
    );
    let e = h.err(
        "make_feedback_form",
        json!({"review_key": "CSPR-2", "member_id": id}),
    );
    assert_eq!(
        e["fields"],
        json!([{"field": "member", "message": "That person is not in review CSPR-2"}])
    );
    // A letter's form speaks in the words of the desktop's form.
    let e = h.err(
        "make_letter",
        json!({"member_id": id, "variant": "huge", "paragraph": "x".repeat(901)}),
    );
    assert_eq!(
        e["fields"],
        json!([
            {"field": "kind", "message": "Choose which letter"},
            {"field": "variant", "message": "Format of the letter must be one of: standard, large-print, easy-read or young (got \"huge\")"},
            {"field": "paragraph", "message": "Your paragraph is too long (901 characters; at most 900). Keep it to a few sentences: the letter says the rest"}
        ])
    );
    let e = h.err(
        "print_document",
        json!({"id": 1, "printer": "Office", "copies": "0"}),
    );
    assert_eq!(
        e["fields"],
        json!([{"field": "copies", "message": "Number of copies must be a whole number from 1 to 99"}])
    );
    assert!(
        h.ok("review_view", json!({"key": "CSPR-1"}))["documents"]
            .as_array()
            .is_none_or(|d| d.is_empty()),
        "nothing was issued"
    );
}

/// A person's age and needs cross as the core reads them: a date of birth typed as people in
/// the UK write it (or an age band), the age today, the sheet format their needs ask for, and
/// a pending decision to involve them that holds back their documents.
#[test]
fn a_persons_age_needs_and_pending_decision_reach_the_window() {
    let h = harness();
    h.ok(
        "create_workbook",
        json!({"passphrase": PASS, "confirm": PASS}),
    );
    h.ok(
        "create_review",
        json!({"form": {
            "reference": "CSPR-1", "nation": "england", "review_type": "lcspr",
            "pseudonym": "Child Q", "body_name": "Northtown Safeguarding Partnership",
            "author_name": "Sam Author"
        }}),
    );
    let e = h.err(
        "add_member",
        json!({"review_key": "CSPR-1", "form": {"full_name": "Osian Evans", "date_of_birth": "31/2/2010", "age_band": "teen"}}),
    );
    let fields: Vec<&str> = e["fields"]
        .as_array()
        .expect("fields")
        .iter()
        .map(|f| f["field"].as_str().unwrap_or_default())
        .collect();
    assert_eq!(fields, ["date_of_birth", "age_band"], "{e}");
    let m = h.ok(
        "add_member",
        json!({"review_key": "CSPR-1", "form": {"full_name": "Osian Evans", "date_of_birth": "3 June 2010", "accessibility": ["easy-read"]}}),
    );
    let id = m["id"].clone();
    assert_eq!(
        h.ok("member_form", json!({"id": id}))["date_of_birth"],
        json!("2010-06-03")
    );
    let page = h.ok("member_view", json!({"id": id}));
    assert_eq!(page["age"]["by"], json!("years"));
    assert!(
        page["age"]["years"].as_u64().is_some_and(|y| y >= 16),
        "{}",
        page["age"]
    );
    assert_eq!(page["sheet_variant"], json!("easy-read"));
    // New, so whether to involve them is still to be decided: no document yet.
    assert_eq!(
        page["may_receive_document"][0]["rule"],
        json!("involvement-undecided")
    );
    assert!(page["may_receive_document_text"][0]
        .as_str()
        .is_some_and(|t| t.contains("still to be decided")));
    assert!(page["may_contact_text"]
        .as_array()
        .is_some_and(|a| a.is_empty()));
    assert_eq!(
        h.err("make_sheet", json!({"member_id": id}))["code"],
        json!("refused")
    );
    // An age band instead of the date: the form says when both are given.
    let e = h.err(
        "change_member",
        json!({"id": id, "form": {"full_name": "Osian Evans", "date_of_birth": "3/6/2010", "age_band": "16-17"}}),
    );
    assert_eq!(e["fields"][0]["field"], json!("age_band"), "{e}");
    h.ok(
        "change_member",
        json!({"id": id, "form": {"full_name": "Osian Evans", "age_band": "16-17"}}),
    );
    let page = h.ok("member_view", json!({"id": id}));
    assert_eq!(page["age"], json!({"by": "band", "band": "16-17"}));
    // A young person with no recorded need gets the version written for their age.
    assert_eq!(page["sheet_variant"], json!("young"));
    let vocab = h.ok("vocabulary", json!({}));
    assert_eq!(
        vocab["choices"]["age_band"][1],
        json!({"value": "12-15", "label": "12 to 15"})
    );
}

#[test]
fn a_draft_translation_is_confirmed_before_a_document_is_made() {
    let h = harness();
    first_day(&h);
    let m = h.ok(
        "add_member",
        json!({"review_key": "FD-1", "form": {"full_name": "Ewa Nowak", "language": "Polish"}}),
    );
    let id = m["id"].clone();
    h.ok(
        "set_involvement",
        json!({"id": id, "status": "approach", "door_left_open": false}),
    );
    // The person page says so before any form is sent...
    let page = h.ok("member_view", json!({"id": id}));
    let notice = page["draft_translation"].as_str().unwrap_or_default();
    assert!(
        notice.contains("Polish wording is a draft translation"),
        "{page}"
    );
    // Prepare a visit asks the core before it saves the visit: the same question, and
    // nothing made.
    let e = h.err("check_sheet", json!({"member_id": id}));
    assert_eq!(e["fields"][0]["field"], json!("draft_ok"), "{e}");
    assert_eq!(e["fields"][0]["message"], json!(notice), "{e}");
    h.ok("check_sheet", json!({"member_id": id, "draft_ok": true}));
    h.ok("check_sheet", json!({"member_id": id, "language": "en"}));
    let issued = h.ok("member_view", json!({"id": id}));
    assert_eq!(issued["documents"], json!([]), "{issued}");
    // ... and each document is refused, on the confirmation box, until the author ticks it.
    for (cmd, args) in [
        ("make_sheet", json!({"member_id": id})),
        ("make_letter", json!({"member_id": id, "kind": "first"})),
        (
            "make_feedback_form",
            json!({"review_key": "FD-1", "member_id": id}),
        ),
    ] {
        let e = h.err(cmd, args.clone());
        assert_eq!(e["code"], json!("invalid"), "{cmd}: {e}");
        assert_eq!(e["fields"][0]["field"], json!("draft_ok"), "{cmd}: {e}");
        assert_eq!(e["fields"][0]["message"], json!(notice), "{cmd}: {e}");
        let mut args = args;
        args["draft_ok"] = json!(true);
        let made = h.ok(cmd, args);
        assert!(
            made["warnings"].as_array().is_some_and(|w| w
                .iter()
                .any(|w| w.as_str().is_some_and(|w| w.contains("Polish")))),
            "{cmd}: {made}"
        );
    }
    // English alone is never asked about.
    h.ok("make_sheet", json!({"member_id": id, "language": "en"}));
    let english = h.ok(
        "add_member",
        json!({"review_key": "FD-1", "form": {"full_name": "Sam Other"}}),
    );
    assert_eq!(
        h.ok("member_view", json!({"id": english["id"]}))["draft_translation"],
        Value::Null
    );
}

#[test]
fn settings_are_checked_and_kept() {
    let h = harness();
    assert_eq!(h.ok("settings", json!({}))["idle_minutes"], json!(10));
    assert_eq!(
        h.err("set_idle_minutes", json!({"idle_minutes": "0"}))["fields"][0]["field"],
        json!("idle_minutes")
    );
    assert_eq!(
        h.ok("set_idle_minutes", json!({"idle_minutes": "5"}))["idle_minutes"],
        json!(5)
    );
    assert_eq!(h.ok("status", json!({}))["idle_minutes"], json!(5));
}

#[test]
fn settings_file_sits_beside_the_workbook_and_survives_a_restart() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("wb.kindred");
    assert_eq!(
        AppState::new(path.clone()).idle_minutes(),
        DEFAULT_IDLE_MINUTES
    );
    AppState::new(path.clone())
        .set_idle_minutes(3)
        .expect("save settings");
    assert!(dir.path().join("wb.kindred.settings.json").is_file());
    assert_eq!(AppState::new(path).idle_minutes(), 3);
}

#[test]
fn idle_backstop_locks_only_after_the_grace_time() {
    let dir = tempfile::tempdir().expect("temp dir");
    let state = AppState::new(dir.path().join("wb.kindred"));
    *state.slot() = Some(Workbook::create(&state.path, PASS).expect("create"));
    assert!(!state.lock_if_idle(), "just used: stays unlocked");
    let idle = Duration::from_secs(u64::from(DEFAULT_IDLE_MINUTES) * 60);
    *state.last_activity.lock().expect("clock") = Instant::now() - idle;
    assert!(!state.lock_if_idle(), "the UI's own lock comes first");
    *state.last_activity.lock().expect("clock") = Instant::now() - idle - IDLE_GRACE;
    assert!(state.lock_if_idle());
    assert!(state.slot().is_none());
}

#[test]
fn security_settings_stay_strict() {
    let conf: Value =
        serde_json::from_str(include_str!("../tauri.conf.json")).expect("tauri.conf.json");
    let security = &conf["app"]["security"];
    assert_eq!(security["freezePrototype"], json!(true));
    let csp = security["csp"].as_object().expect("csp object");
    for (directive, value) in csp {
        let value = value.as_str().unwrap_or_default();
        assert!(!value.contains("unsafe"), "{directive}: {value}");
        assert!(!value.contains("https:"), "{directive}: {value}");
        assert!(
            !value.contains("http:") || directive == "connect-src",
            "{directive}: {value}"
        );
    }
    assert_eq!(csp["script-src"], json!("'self'"));
    assert_eq!(csp["default-src"], json!("'self'"));

    let caps: Value =
        serde_json::from_str(include_str!("../capabilities/default.json")).expect("capabilities");
    assert_eq!(caps["windows"], json!(["main"]));
    for p in caps["permissions"].as_array().expect("permissions") {
        let p = p.as_str().expect("a permission name");
        assert!(p.starts_with("core:"), "only core permissions: {p}");
        assert!(!p.starts_with("core:path"), "no file-system paths: {p}");
    }
    let manifest = include_str!("../Cargo.toml");
    for plugin in [
        "tauri-plugin-fs",
        "tauri-plugin-shell",
        "tauri-plugin-http",
        "tauri-plugin-opener",
    ] {
        assert!(
            !manifest.contains(plugin),
            "{plugin} must not be a dependency"
        );
    }
}

/// The save and open dialogs of these tests: answers written to `<dir>/dialogs/answer`.
fn dialogs(h: &Harness) -> std::path::PathBuf {
    let folder = h._dir.path().join("dialogs");
    std::fs::create_dir_all(&folder).expect("dialogs folder");
    h.window
        .state::<AppState>()
        .set_picker(Box::new(picker::ScriptedPicker {
            folder: folder.clone(),
        }));
    folder
}

fn answer(folder: &std::path::Path, with: &str) {
    std::fs::write(folder.join("answer"), with).expect("answer");
}

/// Backups, passphrase change, export and import, destruction and restore, as the settings
/// view calls them: every refusal says why and changes nothing; every file is chosen in the
/// system's dialog, never named by the page.
#[test]
fn trust_commands_from_the_window() {
    let h = harness();
    let dir = h._dir.path().to_path_buf();
    let dialog = dialogs(&h);
    h.ok(
        "create_workbook",
        json!({"passphrase": PASS, "confirm": PASS}),
    );
    let review = h.ok(
        "create_review",
        json!({"form": {
            "reference": "CSPR-7", "nation": "wales", "review_type": "cpr-concise",
            "pseudonym": "Child T", "body_name": "Fictional Valleys Board",
            "author_name": "Sam Author", "retention_until": "2020-01-31"
        }}),
    );
    let key = review["reference"].as_str().expect("reference").to_string();

    let o = h.ok("trust_overview", json!({}));
    assert_eq!(o["backups"], json!([]));
    assert_eq!(o["reviews"][0]["reference"], json!("CSPR-7"));
    assert_eq!(o["reviews"][0]["retention_overdue"], json!(true));

    // A backup now, kept with the automatic ones; a path sent by the page is not used.
    let elsewhere = dir.join("chosen-by-the-page.kindred");
    let b = h.ok(
        "backup_now",
        json!({"destination": elsewhere.display().to_string()}),
    );
    assert!(b["path"]
        .as_str()
        .expect("path")
        .ends_with("-on-demand.kindred"));
    assert!(!elsewhere.exists(), "the page named a path and it was used");
    let o = h.ok("trust_overview", json!({}));
    assert_eq!(o["backups"][0]["why"], json!("Made by you"));
    // A copy where the author chooses in the save dialog; cancelled: nothing.
    answer(&dialog, "cancel");
    assert_eq!(h.ok("save_backup_copy", json!({})), json!(null));
    answer(&dialog, "");
    let copy = h.ok("save_backup_copy", json!({}));
    let copy = copy["path"].as_str().expect("path").to_string();
    assert!(copy.starts_with(&dialog.display().to_string()), "{copy}");
    // An existing file is never overwritten.
    let e = h.err("save_backup_copy", json!({}));
    assert!(
        e["message"]
            .as_str()
            .unwrap_or_default()
            .contains("never overwrites"),
        "{e}"
    );
    // The workbook itself, chosen in the dialog, is refused.
    answer(&dialog, &dir.join("wb.kindred").display().to_string());
    let e = h.err("save_backup_copy", json!({}));
    assert_eq!(e["code"], json!("protected"), "{e}");
    answer(&dialog, "");

    // Passphrase change: the current one is asked again; the new one follows the rule.
    let e = h.err(
        "change_passphrase",
        json!({"current": "not it at all", "new": "short", "confirm": "shorter"}),
    );
    assert_eq!(
        e["fields"],
        json!([
            {"field": "current", "message": "That is not the workbook's current passphrase"},
            {"field": "new", "message": "The passphrase must be at least 8 characters"},
            {"field": "confirm", "message": "The two passphrases are different"}
        ])
    );
    const NEW: &str = "a brand new passphrase";
    let c = h.ok(
        "change_passphrase",
        json!({"current": PASS, "new": NEW, "confirm": NEW}),
    );
    assert!(c["old_passphrase_backup"]
        .as_str()
        .expect("path")
        .contains("before-passphrase-change"));
    h.ok("lock", json!({}));
    assert_eq!(
        h.err("unlock", json!({"passphrase": PASS}))["code"],
        json!("wrong-passphrase")
    );
    h.ok("unlock", json!({"passphrase": NEW}));

    // Export where the save dialog says (a `destination` from the page is ignored), then
    // import under a new reference; a second import under the same one is refused beside
    // the file field; a damaged file likewise; a cancelled dialog changes nothing.
    let x = h.ok(
        "export_review",
        json!({"review_key": key, "destination": elsewhere.display().to_string()}),
    );
    let bundle = x["path"].as_str().expect("path").to_string();
    assert!(bundle.ends_with(".kindred-review.json"), "{bundle}");
    assert!(
        bundle.starts_with(&dialog.display().to_string()),
        "{bundle}"
    );
    assert!(!elsewhere.exists());
    answer(&dialog, &bundle);
    assert_eq!(
        h.err("import_review", json!({}))["fields"][0]["field"],
        json!("file")
    );
    let i = h.ok(
        "import_review",
        json!({"file": "/etc/passwd", "reference": "CSPR-7-COPY"}),
    );
    assert_eq!(i["reference"], json!("CSPR-7-COPY"));
    let broken = dir.join("broken.json");
    let bytes = std::fs::read(&bundle).expect("bundle");
    std::fs::write(&broken, &bytes[..bytes.len() / 2]).expect("write");
    answer(&dialog, &broken.display().to_string());
    let e = h.err("import_review", json!({"reference": "X-1"}));
    assert_eq!(e["fields"][0]["field"], json!("file"), "{e}");
    answer(&dialog, "cancel");
    assert_eq!(
        h.ok("import_review", json!({"reference": "X-2"})),
        json!(null)
    );
    assert_eq!(
        h.ok("trust_overview", json!({}))["reviews"]
            .as_array()
            .map(Vec::len),
        Some(2)
    );

    // Destruction needs the reference typed exactly.
    let e = h.err(
        "destroy_review",
        json!({"review_key": "CSPR-7-COPY", "confirm_reference": "cspr-7-copy"}),
    );
    assert_eq!(e["fields"][0]["field"], json!("confirm_reference"));
    let d = h.ok(
        "destroy_review",
        json!({"review_key": "CSPR-7-COPY", "confirm_reference": "CSPR-7-COPY"}),
    );
    assert_eq!(d["reference"], json!("CSPR-7-COPY"));
    assert_eq!(
        h.ok("trust_overview", json!({}))["reviews"]
            .as_array()
            .map(Vec::len),
        Some(1)
    );

    // Restore: a wrong passphrase is refused with the workbook still open and unchanged;
    // the right one (the backup's, the old passphrase) replaces it and locks the app.
    let wb_path = dir.join("wb.kindred");
    let before = std::fs::read(&wb_path).expect("workbook");
    answer(&dialog, &copy);
    let e = h.err("restore_backup", json!({"passphrase": NEW}));
    assert_eq!(e["code"], json!("wrong-passphrase"), "{e}");
    assert!(
        e["message"]
            .as_str()
            .expect("message")
            .contains("the workbook was not changed"),
        "{e}"
    );
    assert_eq!(h.ok("status", json!({}))["unlocked"], json!(true));
    assert!(
        std::fs::read(&wb_path).expect("workbook") == before,
        "refused restore changed the workbook"
    );
    // An id that is not one of the listed backups is refused.
    let e = h.err(
        "restore_backup",
        json!({"backup": "../../etc/passwd", "passphrase": PASS}),
    );
    assert_eq!(e["code"], json!("not-found"), "{e}");
    let r = h.ok("restore_backup", json!({"passphrase": PASS}));
    assert_eq!(r["reviews"], json!(1));
    assert!(r["replaced_kept_as"].as_str().is_some());
    assert_eq!(h.ok("status", json!({}))["unlocked"], json!(false));
    h.ok("unlock", json!({"passphrase": PASS}));
    assert_eq!(
        h.ok("trust_overview", json!({}))["reviews"][0]["reference"],
        json!("CSPR-7")
    );
    // A listed backup, by its id (destroying the copy replaced the older ones).
    h.ok("backup_now", json!({}));
    let listed = h.ok("trust_overview", json!({}))["backups"]
        .as_array()
        .expect("backups")
        .iter()
        .find(|b| b["why"] == json!("Made by you"))
        .expect("the author's backup")["id"]
        .clone();
    let r = h.ok(
        "restore_backup",
        json!({"backup": listed, "passphrase": PASS}),
    );
    assert!(r["reviews"].is_number(), "{r}");
}

/// A review with one person, as the first-day tests start: an England local review whose
/// incident was notified to the Panel.
fn first_day(h: &Harness) -> Value {
    h.ok(
        "create_workbook",
        json!({"passphrase": PASS, "confirm": PASS}),
    );
    h.ok(
        "create_review",
        json!({"form": {
            "reference": "FD-1", "nation": "england", "review_type": "lcspr",
            "pseudonym": "Child F", "body_name": "Northtown Safeguarding Partnership",
            "author_name": "Sam Author",
            "key_dates": {"incident": "1 August 2026", "notification": "5/8/2026"}
        }}),
    );
    h.ok(
        "add_member",
        json!({"review_key": "FD-1", "form": {
            "full_name": "Anna Nowak", "location": "prison",
            "phone": "07700 900123", "phone_safe_to_print": true,
            "email": "anna@example.org"
        }}),
    )
}

/// The person form's phone and email become contact details (safe to print only when
/// ticked), checked in the same pass as the rest of the form.
#[test]
fn a_new_person_brings_their_phone_and_email() {
    let h = harness();
    let m = first_day(&h);
    let details: Vec<Value> = m["contact_details"]
        .as_array()
        .expect("contact details")
        .iter()
        .map(|d| json!([d["kind"], d["value"], d["safe_to_print"], d["confidential"]]))
        .collect();
    assert_eq!(
        details,
        [
            json!(["phone", "07700 900123", true, false]),
            json!(["email", "anna@example.org", false, false])
        ]
    );
    let e = h.err(
        "add_member",
        json!({"review_key": "FD-1", "form": {"full_name": "", "email": "not an address"}}),
    );
    assert_eq!(
        e["fields"],
        json!([
            {"field": "full_name", "message": "Enter full name"},
            {"field": "email", "message": "Enter an email address with an @, like name@example.com"}
        ])
    );
    // Someone in prison is not offered a home visit.
    let page = h.ok("member_view", json!({"id": m["id"]}));
    assert_eq!(page["visit_mode"], json!("in-person"));
}

/// What the records suggest is offered, never applied: the author accepts it in one call; a
/// refusal needs the reason.
#[test]
fn suggestions_are_offered_and_accepted_by_the_author() {
    let h = harness();
    let m = first_day(&h);
    let id = m["id"].clone();
    h.ok(
        "record_contact",
        json!({"form": {"member_id": id, "date": "2/11/2026", "mode": "phone", "outcome": "reached", "explained": ["purpose"]}}),
    );
    let page = h.ok("member_view", json!({"id": id}));
    assert_eq!(
        page["member"]["involvement"],
        json!({"status": "to-consider"})
    );
    let contact = page["contacts"][0]["id"].clone();
    assert_eq!(
        page["suggestions"],
        json!([{
            "id": "approached", "involvement": "approached", "position": 1,
            "why": "Anna Nowak was reached on 2 November 2026",
            "record": {"kind": "contact", "id": contact}, "needs_reason": false
        }])
    );
    let after = h.ok(
        "accept_suggestion",
        json!({"member_id": id, "suggestion_id": "approached", "reason": null}),
    );
    assert_eq!(
        (after["involvement"].clone(), after["position"].clone()),
        (json!({"status": "approached"}), json!(1))
    );
    assert_eq!(
        h.ok("member_view", json!({"id": id}))["suggestions"],
        json!([])
    );

    // A refusal: the suggestion asks for the reason, and is refused without one.
    h.ok(
        "record_contact",
        json!({"form": {"member_id": id, "date": "20/11/2026", "mode": "phone", "outcome": "refused"}}),
    );
    let s = h.ok("member_view", json!({"id": id}))["suggestions"][0].clone();
    assert_eq!(
        (s["id"].clone(), s["needs_reason"].clone(), s["why"].clone()),
        (
            json!("declined"),
            json!(true),
            json!("Anna Nowak refused on 20 November 2026; give the reason they gave, if any")
        )
    );
    assert_eq!(
        h.err(
            "accept_suggestion",
            json!({"member_id": id, "suggestion_id": "declined", "reason": null})
        ),
        json!({
            "code": "invalid",
            "message": "Enter the reason the person is recorded as declined.",
            "fields": [{"field": "reason", "message": "Enter the reason the person is recorded as declined"}]
        })
    );
    let after = h.ok(
        "accept_suggestion",
        json!({"member_id": id, "suggestion_id": "declined", "reason": "Not ready to talk"}),
    );
    assert_eq!(
        after["involvement"],
        json!({"status": "declined", "reason": "Not ready to talk", "door_left_open": true})
    );
    // A suggestion that no longer stands is refused.
    assert_eq!(
        h.err(
            "accept_suggestion",
            json!({"member_id": id, "suggestion_id": "involved", "reason": null})
        )["fields"],
        json!([{"field": "suggestion", "message": "There is no suggestion \"involved\" for this person now"}])
    );
}

/// Deadlines: met by a recorded key date, or marked met by the author on a typed UK date
/// (and the mark taken back); met ones are never overdue or next.
#[test]
fn deadlines_are_met_by_key_dates_or_by_the_author() {
    let h = harness();
    first_day(&h);
    let deadlines = h.ok("review_view", json!({"key": "FD-1"}))["deadlines"].clone();
    let by_id = |all: &Value, id: &str| -> Value {
        all.as_array()
            .expect("deadlines")
            .iter()
            .find(|d| d["target_id"] == json!(id))
            .cloned()
            .unwrap_or(Value::Null)
    };
    assert_eq!(
        by_id(&deadlines, "england-notify-panel")["met"],
        json!({"on": "2026-08-05", "by": {"key-date": "notification"}, "note": null})
    );
    assert_eq!(
        by_id(&deadlines, "england-rapid-review")["met"],
        json!(null)
    );
    let dash = h.ok("dashboard", json!({}));
    let overdue: Vec<Value> = dash["reviews"][0]["overdue_deadlines"]
        .as_array()
        .expect("overdue")
        .iter()
        .map(|d| d["target_id"].clone())
        .collect();
    assert_eq!(overdue, [json!("england-rapid-review")]);

    // A date in the future, or not a date, is refused beside the field.
    assert_eq!(
        h.err(
            "mark_deadline_met",
            json!({"review_key": "FD-1", "target_id": "england-rapid-review", "on": "someday", "note": null})
        )["fields"][0]["field"],
        json!("on")
    );
    let after = h.ok(
        "mark_deadline_met",
        json!({"review_key": "FD-1", "target_id": "england-rapid-review", "on": "2/9/2026", "note": "Sent by email"}),
    );
    assert_eq!(
        by_id(&after, "england-rapid-review")["met"],
        json!({"on": "2026-09-02", "by": "author", "note": "Sent by email"})
    );
    let dash = h.ok("dashboard", json!({}));
    assert_eq!(dash["reviews"][0]["overdue_deadlines"], json!([]));
    assert_eq!(dash["reviews"][0]["next_deadline"], json!(null));

    // Undo: the mark goes, the deadline is overdue again; undoing twice is refused.
    let after = h.ok(
        "unmark_deadline_met",
        json!({"review_key": "FD-1", "target_id": "england-rapid-review"}),
    );
    assert_eq!(by_id(&after, "england-rapid-review")["met"], json!(null));
    assert_eq!(
        h.err(
            "unmark_deadline_met",
            json!({"review_key": "FD-1", "target_id": "england-rapid-review"})
        )["fields"],
        json!([{"field": "target", "message": "Target \"england-rapid-review\" is not marked as met for this review"}])
    );
}

/// A check a record closed shows the record as its evidence; reopening it needs a reason,
/// which it keeps with the record that had closed it.
#[test]
fn a_check_closed_by_a_record_is_reopened_with_a_reason() {
    let h = harness();
    let m = first_day(&h);
    let id = m["id"].clone();
    h.ok(
        "record_contact",
        json!({"form": {"member_id": id, "date": "2/11/2026", "mode": "phone", "outcome": "reached", "explained": ["purpose"]}}),
    );
    let page = h.ok("member_view", json!({"id": id}));
    let contact = page["contacts"][0]["id"].clone();
    let closed = page["checks"]
        .as_array()
        .expect("checks")
        .iter()
        .find(|c| c["status"]["record"]["kind"] == json!("contact"))
        .expect("a check the contact closed")
        .clone();
    assert_eq!(
        closed["status"],
        json!({
            "status": "done", "evidence": "Contact on 2 November 2026 (phone)",
            "on": "2026-11-02", "record": {"kind": "contact", "id": contact}
        })
    );
    let check_id = closed["check"]["id"].clone();
    let args = |text: Value| json!({"review_key": "FD-1", "check_id": check_id, "member_id": id, "status": "to-do", "text": text, "on": null});
    assert_eq!(
        h.err("set_check", args(Value::Null)),
        json!({
            "code": "invalid",
            "message": "Enter why you are reopening a check that a record closed.",
            "fields": [{"field": "text", "message": "Enter why you are reopening a check that a record closed"}]
        })
    );
    let reopened = h.ok("set_check", args(json!("Explained too briefly")));
    assert_eq!(reopened["status"], json!("to-do"));
    assert_eq!(
        reopened["reopened"]["reason"],
        json!("Explained too briefly")
    );
    assert_eq!(
        reopened["reopened"]["record"],
        json!({"kind": "contact", "id": contact})
    );
}

/// The clearance form needs a yes or no about contact; a clearance entered in error is kept,
/// marked, and clears nothing; each nation is offered its own prosecutor.
#[test]
fn clearance_is_a_yes_or_no_and_can_be_corrected() {
    let h = harness();
    let m = first_day(&h);
    let id = m["id"].clone();
    h.ok(
        "add_restriction",
        json!({"member_id": id, "form": {"kind": "police-advice", "recorded_on": "1/9/2026", "requires_clearance": true}}),
    );
    let e = h.err(
        "record_clearance",
        json!({"member_id": id, "form": {"body": "police", "given_on": "3/9/2026", "advice": "Contact may go ahead"}}),
    );
    assert_eq!(
        e["fields"],
        json!([{"field": "contact_allowed", "message": "Choose yes or no for \"Does the advice allow contact?\""}])
    );
    let after = h.ok(
        "record_clearance",
        json!({"member_id": id, "form": {"body": "police", "given_on": "3/9/2026", "advice": "Contact may go ahead", "contact_allowed": true}}),
    );
    assert_eq!(
        h.ok("member_view", json!({"id": id}))["may_contact_text"],
        json!([])
    );
    let cid = after["clearances"][0]["id"].clone();
    let after = h.ok(
        "mark_clearance_entered_in_error",
        json!({"clearance_id": cid, "reason": "Recorded against the wrong person"}),
    );
    assert_eq!(
        after["clearances"][0]["entered_in_error"]["reason"],
        json!("Recorded against the wrong person")
    );
    assert_eq!(
        h.ok("member_view", json!({"id": id}))["may_contact"][0]["rule"],
        json!("awaiting-clearance")
    );
    assert_eq!(
        h.err(
            "mark_clearance_entered_in_error",
            json!({"clearance_id": cid, "reason": "Again"})
        )["code"],
        json!("invalid")
    );

    let vocab = h.ok("vocabulary", json!({}));
    let bodies = |nation: &str| -> Vec<Value> {
        vocab["nations"]
            .as_array()
            .expect("nations")
            .iter()
            .find(|n| n["id"] == json!(nation))
            .expect("nation")["choices"]["clearance_body"]
            .as_array()
            .expect("bodies")
            .iter()
            .map(|c| c["value"].clone())
            .collect()
    };
    assert_eq!(
        bodies("england"),
        [
            json!("police"),
            json!("cps"),
            json!("coroner"),
            json!("court"),
            json!("other")
        ]
    );
    assert_eq!(
        bodies("scotland"),
        [
            json!("police"),
            json!("copfs"),
            json!("court"),
            json!("other")
        ]
    );
}

/// Replaces every id-like number (`id`, `*_id`, `*_ids`) by a stable placeholder, so a reply
/// can be compared as exact JSON whatever ids the workbook gave.
fn without_ids(v: &Value) -> Value {
    match v {
        Value::Object(o) => Value::Object(
            o.iter()
                .map(|(k, x)| {
                    let idish = k == "id" || k.ends_with("_id") || k.ends_with("_ids");
                    let x = match (idish, x) {
                        (true, Value::Number(_)) => json!("<id>"),
                        (true, Value::Array(a)) => {
                            Value::Array(a.iter().map(|_| json!("<id>")).collect())
                        }
                        _ => without_ids(x),
                    };
                    (k.clone(), x)
                })
                .collect(),
        ),
        Value::Array(a) => Value::Array(a.iter().map(without_ids).collect()),
        other => other.clone(),
    }
}

/// Exact JSON, with a readable failure: the reply as it now is, to compare with the pin.
fn pinned(cmd: &str, got: &Value, want: Value) {
    let got = without_ids(got);
    assert!(
        got == want,
        "the desktop's reply to {cmd} changed shape; the UI reads these fields.\n got: {}\nwant: {}",
        serde_json::to_string_pretty(&got).unwrap_or_default(),
        serde_json::to_string_pretty(&want).unwrap_or_default()
    );
}

/// The IPC contract of every record a command sends back (a review, a child, a person, a
/// contact, terms, a decision, a check status, a parallel process, feedback, a support entry,
/// a line of enquiry, a question, a contribution, a finding, a draft shared, a comment, with
/// their tagged statuses): each reply (`crate::ipc`) is pinned as exact JSON, and the views
/// that carry the same records (`review_view`, `member_view`, `voice`, `member_voice`) are
/// shown to carry them in the same shapes. Renaming a field of a domain type fails here (or
/// fails to compile in `ipc.rs`) instead of silently breaking the page.
#[test]
fn the_records_the_page_receives_are_pinned_as_exact_json() {
    let h = harness();
    h.ok(
        "create_workbook",
        json!({"passphrase": PASS, "confirm": PASS}),
    );
    let review = h.ok(
        "create_review",
        json!({"form": {
            "reference": "PIN-1", "nation": "wales", "review_type": "susr",
            "pseudonym": "Child P", "body_name": "Westshire Safeguarding Board",
            "author_name": "Rhian Author", "author_phone": "01234 567890",
            "key_dates": {"incident": "3/2/2026"}
        }}),
    );
    pinned(
        "create_review",
        &review,
        json!({
            "author": {
                "email": null,
                "hours": null,
                "name": "Rhian Author",
                "phone": "01234 567890",
                "postal_address": null
            },
            "body_name": "Westshire Safeguarding Board",
            "complaints": null,
            "id": "<id>",
            "key_dates": {
                "incident": "2026-02-03"
            },
            "media_interest": false,
            "media_plan": null,
            "nation": "wales",
            "panel_chair": null,
            "partnership_contact": null,
            "phase": 0,
            "pseudonym": "Child P",
            "publication": "not-decided",
            "publication_note": null,
            "purpose_reasons": [],
            "purpose_statement": null,
            "reference": "PIN-1",
            "retention_until": null,
            "review_type": "susr",
            "update_cadence_days": 28,
            "welsh": {
                "author_hours": null,
                "body_name": null,
                "complaints": null,
                "purpose_statement": null
            }
        }),
    );
    let child = h.ok(
        "add_child",
        json!({"review_key": "PIN-1", "form": {"known_as": "Cerys", "pseudonym": "Child P", "outcome": "seriously-harmed", "date_of_birth": "4/5/2020"}}),
    );
    pinned(
        "add_child",
        &child,
        json!({
            "date_of_birth": "2020-05-04",
            "date_of_death_or_injury": null,
            "id": "<id>",
            "known_as": "Cerys",
            "legal_status": null,
            "outcome": "seriously-harmed",
            "placement_confidential": null,
            "pseudonym": "Child P",
            "review_id": "<id>",
            "sensitive_dates": []
        }),
    );
    let member = h.ok(
        "add_member",
        json!({"review_key": "PIN-1", "form": {"full_name": "Gwen Jones", "preferred_name": "Gwen", "interpreter_needed": true, "welsh_preferred": true}}),
    );
    pinned(
        "add_member",
        &member,
        json!({
            "clearances": [],
            "contact_details": [],
            "details": {
                "accessibility": [],
                "accessibility_notes": null,
                "advocate": null,
                "age_band": null,
                "child_or_young_person": false,
                "date_of_birth": null,
                "dialect": null,
                "establishment": null,
                "full_name": "Gwen Jones",
                "hope_to_learn": null,
                "household": null,
                "interpreter_gender": null,
                "interpreter_needed": true,
                "language": null,
                "literacy": null,
                "location": null,
                "notes": null,
                "preferred_contact_method": null,
                "preferred_name": "Gwen",
                "purpose_reasons": [],
                "questions": null,
                "report_pseudonym": null,
                "safe_contact_times": null,
                "translation_needed": false,
                "update_cadence_days": null,
                "welsh_preferred": true
            },
            "id": "<id>",
            "involvement": {
                "status": "to-consider"
            },
            "position": 0,
            "relationships": [],
            "restrictions": [],
            "review_id": "<id>",
            "role_statuses": [],
            "support_ids": []
        }),
    );
    let mid = member["id"].clone();
    let contact = h.ok(
        "record_contact",
        json!({"form": {"member_id": mid, "date": "2/11/2026", "time": "10:30", "mode": "phone", "outcome": "reached", "explained": ["purpose"], "notes": "Spoke about the review"}}),
    );
    pinned(
        "record_contact",
        &contact,
        json!({
            "attendees": [],
            "date": "2026-11-02",
            "disclosure": null,
            "explained": [
                "purpose"
            ],
            "follow_up": null,
            "follow_up_due": null,
            "id": "<id>",
            "initiated_by": null,
            "interpreter_language": null,
            "location": null,
            "member_id": "<id>",
            "mode": "phone",
            "notes": "Spoke about the review",
            "outcome": "reached",
            "phase": 0,
            "review_id": "<id>",
            "supporter": null,
            "time": "10:30:00",
            "wellbeing": null,
            "with_member_ids": []
        }),
    );
    let terms = h.ok(
        "agree_terms",
        json!({"member_id": mid, "form": {"agreed_on": "3/11/2026", "method": "verbal", "recorded_by": "Rhian Author", "update_cadence_days": "14", "wants_draft": true}}),
    );
    pinned(
        "agree_terms",
        &terms,
        json!({
            "agreed_on": "2026-11-03",
            "anonymity_wishes": null,
            "channel": null,
            "confidentiality_explained_on": null,
            "description_wishes": null,
            "id": "<id>",
            "interpreter": null,
            "member_id": "<id>",
            "method": "verbal",
            "mode": null,
            "notes": null,
            "publication_explained_on": null,
            "reading_time_days": null,
            "recorded_by": "Rhian Author",
            "supporter": null,
            "update_cadence_days": 14,
            "venue": null,
            "version": 1,
            "wants_draft": true,
            "withdrawal_explained_on": null
        }),
    );
    let decision = h.ok(
        "record_decision",
        json!({"review_key": "PIN-1", "form": {"decided_on": "4/11/2026", "decision": "Meet at home", "rationale": "Her choice", "member_ids": [mid], "principle": "4"}}),
    );
    pinned(
        "record_decision",
        &decision,
        json!({
            "author": null,
            "consulted": null,
            "decided_on": "2026-11-04",
            "decision": "Meet at home",
            "id": "<id>",
            "member_ids": [
                "<id>"
            ],
            "options": null,
            "principle": 4,
            "rationale": "Her choice",
            "review_by": null,
            "review_id": "<id>"
        }),
    );
    let question = h.ok(
        "add_question",
        json!({"review_key": "PIN-1", "form": {"asked_by": [mid], "asked_on": "2/11/2026", "words": "Why did nobody visit?", "contact_id": contact["id"]}}),
    );
    pinned(
        "add_question",
        &question,
        json!({
            "asked_by": [
                1
            ],
            "asked_on": "2026-11-02",
            "contact_id": "<id>",
            "id": "<id>",
            "line_ids": [],
            "review_id": "<id>",
            "status": {
                "status": "open"
            },
            "words": "Why did nobody visit?"
        }),
    );
    let line = h.ok(
        "add_line",
        json!({"review_key": "PIN-1", "form": {"text": "Home visits in 2025", "source": "family-question", "question_ids": [question["id"]], "added_on": "3/11/2026"}}),
    );
    pinned(
        "add_line",
        &line,
        json!({
            "added_on": "2026-11-03",
            "id": "<id>",
            "question_ids": [
                "<id>"
            ],
            "review_id": "<id>",
            "source": "family-question",
            "status": {
                "status": "open"
            },
            "text": "Home visits in 2025"
        }),
    );
    let contribution = h.ok(
        "add_contribution",
        json!({"member_id": mid, "form": {"date": "2/11/2026", "contact_id": contact["id"], "kind": "about-the-child", "summary": "Cerys loved the park", "permission": "paraphrase-only", "permission_agreed_on": "2/11/2026"}}),
    );
    pinned(
        "add_contribution",
        &contribution,
        json!({
            "contact_id": "<id>",
            "date": "2026-11-02",
            "id": "<id>",
            "kind": "about-the-child",
            "line_ids": [],
            "member_id": "<id>",
            "not_used_reason": null,
            "own_words": null,
            "permission": "paraphrase-only",
            "permission_agreed_on": "2026-11-02",
            "review_id": "<id>",
            "summary": "Cerys loved the park",
            "theme": null
        }),
    );
    let finding = h.ok(
        "add_finding",
        json!({"review_key": "PIN-1", "form": {"title": "Visits", "text": "Visits stopped", "line_ids": [line["id"]], "contribution_ids": [contribution["id"]]}}),
    );
    pinned(
        "add_finding",
        &finding,
        json!({
            "contribution_ids": [
                "<id>"
            ],
            "id": "<id>",
            "line_ids": [
                "<id>"
            ],
            "review_id": "<id>",
            "status": "draft",
            "text": "Visits stopped",
            "title": "Visits"
        }),
    );
    let session = h.ok(
        "share_draft",
        json!({"review_key": "PIN-1", "form": {"member_ids": [mid], "draft_version": "Draft 1", "date": "5/11/2026", "mode": "reading-session"}}),
    );
    pinned(
        "share_draft",
        &session,
        json!({
            "comments": [],
            "comments_due": null,
            "date": "2026-11-05",
            "draft_version": "Draft 1",
            "id": "<id>",
            "interpreter_language": null,
            "member_ids": [
                "<id>"
            ],
            "mode": "reading-session",
            "reading_time_days": null,
            "review_id": "<id>",
            "supporter": null
        }),
    );
    let comment = h.ok(
        "add_comment",
        json!({"session_id": session["id"], "form": {"part": "Section 2", "said": "Her name is spelt wrong"}}),
    );
    pinned(
        "add_comment",
        &comment,
        json!({
            "id": "<id>",
            "part": "Section 2",
            "response": null,
            "review_id": "<id>",
            "said": "Her name is spelt wrong",
            "session_id": "<id>"
        }),
    );

    // The views carry the same records in the same shape.
    let rv = h.ok("review_view", json!({"key": "PIN-1"}));
    assert_eq!(rv["children"][0], child);
    assert_eq!(rv["contacts"][0], contact);
    assert_eq!(rv["decisions"][0], decision);
    assert_eq!(rv["review"]["reference"], review["reference"]);
    let mv = h.ok("member_view", json!({"id": mid}));
    assert_eq!(mv["terms"][0], terms);
    assert_eq!(mv["contacts"][0], contact);
    assert_eq!(mv["member"]["details"], member["details"]);
    let keys = |v: &Value| -> Vec<String> {
        let mut k: Vec<String> = v
            .as_object()
            .map(|o| o.keys().cloned().collect())
            .unwrap_or_default();
        k.sort();
        k
    };
    // Tagged values and what a write adds to a record.
    let answered = h.ok(
        "answer_question",
        json!({"id": question["id"], "form": {"status": "answered", "answer": "Visits stopped in March", "how": "in-person", "given_on": "6/11/2026", "given_by": "Rhian Author"}}),
    );
    pinned(
        "answer_question",
        &answered["status"],
        json!({
            "answer": "Visits stopped in March",
            "given_by": "Rhian Author",
            "given_on": "2026-11-06",
            "how": "in-person",
            "status": "answered"
        }),
    );
    let responded = h.ok(
        "respond_to_comment",
        json!({"comment_id": comment["id"], "form": {"response": "factual-correction", "detail": "Spelling corrected", "decided_on": "6/11/2026"}}),
    );
    pinned(
        "respond_to_comment",
        &responded["response"],
        json!({
            "decided_on": "2026-11-06",
            "kind": {
                "kind": "factual-correction",
                "what": "Spelling corrected"
            },
            "told_on": null
        }),
    );
    let declined = h.ok(
        "set_involvement",
        json!({"id": mid, "status": "declined", "reason": "Not now", "door_left_open": true}),
    );
    pinned(
        "set_involvement",
        &declined["involvement"],
        json!({
            "door_left_open": true,
            "reason": "Not now",
            "status": "declined"
        }),
    );
    let restricted = h.ok(
        "add_restriction",
        json!({"member_id": mid, "form": {"kind": "police-advice", "detail": "Trial pending", "recorded_on": "1/11/2026", "requires_clearance": true}}),
    );
    pinned(
        "add_restriction",
        &restricted["restrictions"],
        json!([
            {
                "detail": "Trial pending",
                "expires": null,
                "id": "<id>",
                "kind": "police-advice",
                "recorded_on": "2026-11-01",
                "requires_clearance": true,
                "via": null
            }
        ]),
    );
    let wrong = h.ok(
        "record_contact",
        json!({"form": {"member_id": mid, "date": "3/11/2026", "mode": "letter", "outcome": "cancelled"}}),
    );
    let wrong = h.ok(
        "mark_contact_entered_in_error",
        json!({"id": wrong["id"], "reason": "Entered twice"}),
    );
    let mut marked = wrong["entered_in_error"].clone();
    assert!(
        marked["on"].as_str().is_some_and(|d| d.len() == 10),
        "marked today: {marked}"
    );
    marked["on"] = json!("<today>");
    pinned(
        "mark_contact_entered_in_error",
        &marked,
        json!({
            "on": "<today>",
            "reason": "Entered twice"
        }),
    );
    let check = h.ok(
        "set_check",
        json!({"review_key": "PIN-1", "check_id": "p0-purpose-agreed", "status": "done", "text": "Agreed at panel", "on": "1/11/2026"}),
    );
    pinned(
        "set_check",
        &check,
        json!({
            "evidence": "Agreed at panel",
            "on": "2026-11-01",
            "status": "done"
        }),
    );
    let parallel = h.ok(
        "add_parallel",
        json!({"review_key": "PIN-1", "form": {"kind": "criminal-investigation", "status": "Open", "reference": "OP-1"}}),
    );
    pinned(
        "add_parallel",
        &parallel,
        json!({
            "constraints": null,
            "contact": null,
            "id": "<id>",
            "kind": "criminal-investigation",
            "last_checked": null,
            "next_key_date": null,
            "reference": "OP-1",
            "review_id": "<id>",
            "status": "Open"
        }),
    );
    let feedback = h.ok(
        "record_feedback",
        json!({"review_key": "PIN-1", "form": {"member_id": mid, "stage": "after-findings", "received_on": "7/11/2026", "answers": {"told-good-time": "yes"}, "comments": {"told-good-time": "Yes, thank you"}}}),
    );
    pinned(
        "record_feedback",
        &feedback,
        json!({
            "channel": null,
            "follow_up_requested": false,
            "id": "<id>",
            "member_id": "<id>",
            "passed_to_partnership": false,
            "received_on": "2026-11-07",
            "responses": {
                "told-good-time": {
                    "answer": "yes",
                    "comment": "Yes, thank you"
                }
            },
            "review_id": "<id>",
            "stage": "after-findings"
        }),
    );
    let directory = h.ok("support_directory", json!({}));
    pinned(
        "support_directory (fields)",
        &json!(keys(&directory[0])),
        json!([
            "description",
            "description_cy",
            "hours",
            "hours_cy",
            "id",
            "name",
            "name_cy",
            "nations",
            "phone",
            "service_type",
            "verify",
            "website"
        ]),
    );
    pinned(
        "review_view (fields)",
        &json!(keys(&rv)),
        json!([
            "abuse_links",
            "barriers",
            "checks",
            "children",
            "contacts",
            "contacts_entered_in_error",
            "deadlines",
            "decisions",
            "documents",
            "feedback",
            "involvement_map",
            "members",
            "open_checks",
            "parallel_processes",
            "review",
            "review_name",
            "today"
        ]),
    );
    pinned(
        "member_view (fields)",
        &json!(keys(&mv)),
        json!([
            "age",
            "checks",
            "contacts",
            "contacts_entered_in_error",
            "decisions",
            "document_languages",
            "documents",
            "draft_translation",
            "links",
            "may_contact",
            "may_contact_text",
            "may_receive_document",
            "may_receive_document_text",
            "member",
            "nation",
            "next_update_due",
            "open_checks",
            "review_reference",
            "sensitive_dates_near",
            "sheet_variant",
            "suggestions",
            "support",
            "terms",
            "update_state",
            "visit_mode"
        ]),
    );
    // The views convert every record the same way as the replies.
    let voice = h.ok("voice", json!({"review_key": "PIN-1"}));
    assert_eq!(voice["questions"][0], answered);
    assert_eq!(voice["lines"][0], line);
    assert_eq!(voice["findings"][0], finding);
    assert_eq!(voice["sessions"][0]["comments"][0], responded);
    let theirs = h.ok("member_voice", json!({"member_id": mid}));
    assert_eq!(theirs["contributions"][0], contribution);
    assert_eq!(theirs["questions"][0], answered);
    let page = h.ok("member_view", json!({"id": mid}));
    assert_eq!(page["member"]["restrictions"], restricted["restrictions"]);
    assert_eq!(page["member"]["involvement"], declined["involvement"]);
    assert_eq!(page["contacts_entered_in_error"][0], wrong);
    let rv = h.ok("review_view", json!({"key": "PIN-1"}));
    assert_eq!(rv["parallel_processes"][0], parallel);
    assert_eq!(rv["feedback"][0], feedback);
    let row = rv["checks"]
        .as_array()
        .expect("checks")
        .iter()
        .find(|c| c["check"]["id"] == json!("p0-purpose-agreed"))
        .expect("the check set");
    assert_eq!(row["status"], check);
}

/// The dashboard's page (`ipc::DashboardPage`) as exact JSON: the counts and one page of
/// review cards, with the search and filters read from the request (a bad filter is named
/// beside its field).
#[test]
fn the_dashboard_page_is_pinned_as_exact_json() {
    let h = harness();
    h.ok(
        "create_workbook",
        json!({"passphrase": PASS, "confirm": PASS}),
    );
    h.ok(
        "create_review",
        json!({"form": {
            "reference": "PIN-D", "nation": "scotland", "review_type": "learning-review",
            "pseudonym": "Child D", "body_name": "Eastshire Child Protection Committee",
            "author_name": "Morag Author"
        }}),
    );
    let member = h.ok(
        "add_member",
        json!({"review_key": "PIN-D", "form": {"full_name": "Ewan Baird"}}),
    );
    h.ok(
        "add_restriction",
        json!({"member_id": member["id"], "form": {"kind": "police-advice", "detail": "trial pending", "requires_clearance": true}}),
    );
    let mut page = h.ok("dashboard", json!({}));
    assert!(page["today"].is_string());
    page["today"] = json!("<today>");
    pinned(
        "dashboard",
        &page,
        json!({
            "closed": 0,
            "closed_past_retention": 0,
            "matching": 1,
            "needing_attention": 1,
            "open": 1,
            "page": 1,
            "pages": 1,
            "per_page": 25,
            "reviews": [{
                "awaiting_clearance": [{"id": "<id>", "name": "Ewan Baird"}],
                "comments_awaiting": 0,
                "draft_not_shared": [],
                "id": "<id>",
                "members": 1,
                "nation": "scotland",
                "needs_attention": true,
                "next_deadline": null,
                "oldest_question_days": null,
                "open_checks": page["reviews"][0]["open_checks"],
                "overdue_deadlines": [],
                "phase": 0,
                "phase_label": "Prepare",
                "pseudonym": "Child D",
                "questions_waiting": 0,
                "reference": "PIN-D",
                "retention_overdue": false,
                "review_name": page["reviews"][0]["review_name"],
                "review_type": "learning-review",
                "updates_due_soon": [],
                "updates_overdue": []
            }],
            "today": "<today>",
            "total": 1
        }),
    );
    assert!(page["reviews"][0]["open_checks"]
        .as_u64()
        .is_some_and(|n| n > 0));
    assert!(page["reviews"][0]["review_name"]
        .as_str()
        .is_some_and(|s| !s.is_empty()));

    // Searched and filtered: by pseudonym, any case; another nation finds nothing.
    let found = h.ok(
        "dashboard",
        json!({"request": {"query": "child d", "nation": "scotland", "phase": "0", "attention": true, "closed": false, "page": 1}}),
    );
    assert_eq!(found["matching"], json!(1));
    let none = h.ok(
        "dashboard",
        json!({"request": {"query": "", "nation": "wales"}}),
    );
    assert_eq!(
        (none["matching"].clone(), none["reviews"].clone()),
        (json!(0), json!([]))
    );
    assert_eq!(none["total"], json!(1));
    let bad = h.err(
        "dashboard",
        json!({"request": {"nation": "atlantis", "phase": "9"}}),
    );
    assert_eq!(bad["code"], json!("invalid"));
    let fields: Vec<Value> = bad["fields"]
        .as_array()
        .expect("fields")
        .iter()
        .map(|f| f["field"].clone())
        .collect();
    assert_eq!(fields, [json!("nation"), json!("phase")]);
}

/// The dashboard asks for the soonest few things due: the counts still count them all, and
/// `more` says how many were left off.
/// Unlocking makes the dashboard on a thread of its own as it replies: what the page asks
/// next is the workbook as it is (a review added after the unlock is on the page at once),
/// the same as when nothing was made ahead, and locking straight after an unlock waits
/// for that work and then locks.
#[test]
fn the_dashboard_made_as_an_unlock_replies_is_the_workbook_as_it_is() {
    let h = harness();
    first_day(&h);
    let before = h.ok("dashboard", json!({}));
    let due_before = h.ok("due", json!({"days": 14, "review_key": null, "limit": 10}));
    h.ok("lock", json!({}));
    h.ok("unlock", json!({"passphrase": PASS}));
    assert_eq!(h.ok("dashboard", json!({})), before);
    assert_eq!(
        h.ok("due", json!({"days": 14, "review_key": null, "limit": 10})),
        due_before
    );

    // Locked at once after unlocking: locked, and nothing of the workbook is answered.
    h.ok("lock", json!({}));
    h.ok("unlock", json!({"passphrase": PASS}));
    assert_eq!(h.ok("lock", json!({}))["unlocked"], json!(false));
    assert_eq!(h.err("dashboard", json!({}))["code"], json!("locked"));

    // A review added straight after unlocking is on the next page asked for.
    h.ok("unlock", json!({"passphrase": PASS}));
    h.ok(
        "create_review",
        json!({"form": {
            "reference": "AFTER-UNLOCK", "nation": "wales", "review_type": "cpr-concise",
            "pseudonym": "Child U", "body_name": "Westshire Safeguarding Board",
            "author_name": "Alys Author"
        }}),
    );
    let after = h.ok("dashboard", json!({}));
    assert_eq!(
        after["open"],
        json!(before["open"].as_u64().expect("open") + 1)
    );
    assert!(
        after["reviews"]
            .as_array()
            .expect("reviews")
            .iter()
            .any(|r| r["reference"] == json!("AFTER-UNLOCK")),
        "the new review is on the page: {after}"
    );
}

#[test]
fn the_due_list_can_carry_only_its_first_few() {
    let h = harness();
    first_day(&h);
    let whole = h.ok("due", json!({"days": null, "review_key": null}));
    let n = whole["items"].as_array().expect("items").len();
    assert!(n >= 1, "first day has a deadline: {whole}");
    let same = h.ok("due", json!({"days": null, "review_key": null, "limit": n}));
    assert_eq!(same, whole);
    let few = h.ok(
        "due",
        json!({"days": null, "review_key": null, "limit": n - 1}),
    );
    assert_eq!(
        few["items"],
        json!(whole["items"].as_array().expect("items")[..n - 1])
    );
    assert_eq!(few["more"], json!(1));
    assert_eq!(whole["more"], json!(0));
    for count in ["overdue", "due_today", "due_this_week"] {
        assert_eq!(few[count], whole[count], "{count}");
    }
}

/// The Due page asks for one page of everything due: the counts of the whole list, how many
/// items and pages there are, and only the items of that page, in the list's order.
#[test]
fn the_due_page_carries_one_page_and_the_counts() {
    let h = harness();
    first_day(&h);
    let whole = h.ok("due", json!({"days": null, "review_key": null}));
    let items = whole["items"].as_array().expect("items").clone();
    assert!(!items.is_empty(), "first day has a deadline: {whole}");
    let first = h.ok("due_page", json!({"days": null, "page": 1}));
    assert_eq!(first["total"], json!(items.len()));
    assert_eq!(first["page"], json!(1));
    let per_page = first["per_page"].as_u64().expect("per_page") as usize;
    assert_eq!(first["pages"], json!(items.len().div_ceil(per_page)));
    assert_eq!(
        first["items"],
        json!(items[..items.len().min(per_page)].to_vec())
    );
    for count in ["today", "overdue", "due_today", "due_this_week"] {
        assert_eq!(first[count], whole[count], "{count}");
    }
    // A page past the last shows the last; no page asked for is the first.
    let last = h.ok("due_page", json!({"days": null, "page": 9999}));
    assert_eq!(last["page"], first["pages"]);
    assert_eq!(h.ok("due_page", json!({"days": null})), first);
}

/// The evaluation page: the core's sums as JSON, a mistake named on its field, and the two
/// files for the partnership saved only where the system's dialog says (or not at all when
/// the author cancels).
#[test]
fn the_evaluation_and_its_files_from_the_window() {
    let h = harness();
    let dialog = dialogs(&h);
    first_day(&h);
    h.ok(
        "record_feedback",
        json!({"review_key": "FD-1", "form": {
            "received_on": "3/9/2026", "answers": {"told-understood-purpose": "yes"},
            "comments": {"told-understood-purpose": "Anna's own words"}
        }}),
    );
    let v = h.ok("evaluation", json!({"form": {"by": "year"}}));
    assert_eq!(v["returned"], json!(1), "{v}");
    assert_eq!(v["over_time"][0]["label"], json!("2026"), "{v}");
    assert_eq!(
        v["questions"][1]["id"],
        json!("told-understood-purpose"),
        "{v}"
    );
    assert_eq!(v["questions"][1]["tally"]["yes"], json!(1), "{v}");
    let e = h.err(
        "evaluation",
        json!({"form": {"from": "31/2/2026", "nation": "mercia"}}),
    );
    assert_eq!(e["code"], json!("invalid"), "{e}");
    let fields: Vec<&str> = e["fields"]
        .as_array()
        .expect("fields")
        .iter()
        .filter_map(|f| f["field"].as_str())
        .collect();
    assert_eq!(fields, ["nation", "from"], "{e}");

    let csv = h._dir.path().join("partnership.csv");
    answer(&dialog, &csv.to_string_lossy());
    let saved = h.ok("save_evaluation_csv", json!({"form": {}}));
    assert_eq!(saved["path"], json!(csv.to_string_lossy()), "{saved}");
    let text = std::fs::read_to_string(&csv).expect("the export");
    assert!(
        text.contains("answers,,All,1 Clarity of purpose,told-understood-purpose,Yes,<5"),
        "{text}"
    );
    for never in ["Anna", "Nowak", "FD-1", "own words"] {
        assert!(!text.contains(never), "{never} in {text}");
    }
    answer(&dialog, "cancel");
    assert_eq!(
        h.ok("save_evaluation_pdf", json!({"form": {}})),
        Value::Null
    );
    let pdf = h._dir.path().join("report.pdf");
    answer(&dialog, &pdf.to_string_lossy());
    let saved = h.ok("save_evaluation_pdf", json!({"form": {}}));
    assert!(saved["size"].as_u64().unwrap_or(0) >= 1, "{saved}");
    assert!(std::fs::read(&pdf)
        .expect("the report")
        .starts_with(b"%PDF"));
}
