//! Trust, second round, through the real `kindred` binary: the one file writer (never over
//! an existing file unasked, never onto the workbook, its side files or its backups, even
//! through a link), a failed write that records nothing, owner-only files whatever the
//! umask, the passphrase rule, and file-level operations that cannot corrupt a workbook
//! another process has open.

mod util;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use rusqlite::Connection;
use util::{Dir, PASS};

fn s(p: &Path) -> String {
    p.to_string_lossy().into_owned()
}

fn demo() -> Dir {
    let d = Dir::new();
    d.run(&["demo"]).ok();
    d
}

/// A person of DEMO-WAL-01 who may receive a sheet.
fn sheet_member(d: &Dir) -> String {
    let members = d
        .run(&["members", "--review", "DEMO-WAL-01", "--json"])
        .json();
    members
        .as_array()
        .expect("members")
        .iter()
        .find_map(|m| {
            let id = m["id"].to_string();
            let probe = d.path().join(format!("probe-{id}.pdf"));
            let ok = d
                .run(&[
                    "sheet",
                    "--review",
                    "DEMO-WAL-01",
                    "--member",
                    &id,
                    "-o",
                    &s(&probe),
                ])
                .out
                .status
                .success();
            let _ = std::fs::remove_file(&probe);
            ok.then_some(id)
        })
        .expect("someone in DEMO-WAL-01 may receive a sheet")
}

fn issued_count(d: &Dir) -> i64 {
    let c = Connection::open(d.db()).expect("open");
    c.pragma_update(None, "key", PASS).expect("key");
    c.query_row("SELECT count(*) FROM documents_issued", [], |r| r.get(0))
        .expect("count")
}

fn decisions_count(d: &Dir) -> i64 {
    let c = Connection::open(d.db()).expect("open");
    c.pragma_update(None, "key", PASS).expect("key");
    c.query_row("SELECT count(*) FROM decisions", [], |r| r.get(0))
        .expect("count")
}

fn sheet_to(d: &Dir, member: &str, out: &Path, extra: &[&str]) -> util::Run {
    let out = s(out);
    let mut args = vec![
        "sheet",
        "--review",
        "DEMO-WAL-01",
        "--member",
        member,
        "-o",
        &out,
    ];
    args.extend_from_slice(extra);
    d.run(&args)
}

#[cfg(unix)]
fn mode(p: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(p)
        .unwrap_or_else(|e| panic!("{}: {e}", p.display()))
        .permissions()
        .mode()
        & 0o777
}

#[test]
fn no_output_lands_on_the_workbook_its_files_or_its_backups() {
    let d = demo();
    let member = sheet_member(&d);
    let db = d.db();
    let before = d.bytes();
    let backups = d.run(&["backups", "--json"]).json();
    let backup = PathBuf::from(
        backups
            .as_array()
            .and_then(|a| a.last())
            .and_then(|b| b["path"].as_str())
            .expect("demo made a backup"),
    );
    let backup_bytes = std::fs::read(&backup).expect("backup");
    let link = d.path().join("looks-harmless.pdf");
    std::os::unix::fs::symlink(&db, &link).expect("symlink");
    let wal = PathBuf::from(format!("{}-wal", s(&db)));
    let backups_dir = PathBuf::from(format!("{}.backups", s(&db)));
    let issued = issued_count(&d);
    let targets = [
        db.clone(),
        wal.clone(),
        backup.clone(),
        backups_dir.join("new.pdf"),
        link.clone(),
    ];
    for target in &targets {
        for force in [&[][..] as &[&str], &["--force"][..]] {
            let r = sheet_to(&d, &member, target, force);
            let err = r.fails(1, "Kindred never writes there");
            assert_eq!(err.trim().lines().count(), 1, "one line: {err}");
            let r = d.run(
                &[
                    &[
                        "feedback-form",
                        "--review",
                        "DEMO-WAL-01",
                        "--anonymous",
                        "-o",
                        &s(target),
                    ][..],
                    force,
                ]
                .concat(),
            );
            r.fails(1, "Kindred never writes there");
            d.run(
                &[
                    &["export", "--review", "DEMO-WAL-01", "-o", &s(target)][..],
                    force,
                ]
                .concat(),
            )
            .fails(1, "Kindred never writes there");
        }
    }
    d.run(&["backup", "-o", &s(&backup)]).fails(1, "never");
    assert_eq!(d.bytes(), before, "the workbook is untouched");
    assert_eq!(std::fs::read(&backup).expect("backup"), backup_bytes);
    assert_eq!(issued_count(&d), issued, "nothing was recorded as issued");
    d.run(&["check"]).ok();
    let out = d.path().join("sheets");
    d.run(&[
        "sheets",
        "--review",
        "DEMO-WAL-01",
        "--out",
        &s(&backups_dir),
    ])
    .fails(1, "Kindred never writes there");
    d.run(&["sheets", "--review", "DEMO-WAL-01", "--out", &s(&out)])
        .ok();
}

#[test]
fn an_existing_file_is_replaced_only_when_asked() {
    let d = demo();
    let member = sheet_member(&d);
    let out = d.path().join("mine.pdf");
    std::fs::write(&out, b"the author's own file").expect("write");
    let issued = issued_count(&d);
    sheet_to(&d, &member, &out, &[]).fails(1, "will not overwrite");
    assert_eq!(std::fs::read(&out).expect("read"), b"the author's own file");
    assert_eq!(issued_count(&d), issued);
    sheet_to(&d, &member, &out, &["--force"]).ok();
    assert!(std::fs::read(&out).expect("read").starts_with(b"%PDF-"));
    assert_eq!(issued_count(&d), issued + 1);
    // A batch into a folder holding an earlier batch's sheets is refused whole, then
    // replaces them with --force.
    let folder = d.path().join("batch");
    d.run(&["sheets", "--review", "DEMO-WAL-01", "--out", &s(&folder)])
        .ok();
    let after_first = issued_count(&d);
    d.run(&["sheets", "--review", "DEMO-WAL-01", "--out", &s(&folder)])
        .fails(1, "nothing was written");
    assert_eq!(issued_count(&d), after_first);
    d.run(&[
        "sheets",
        "--review",
        "DEMO-WAL-01",
        "--out",
        &s(&folder),
        "--force",
    ])
    .ok();
    assert!(issued_count(&d) > after_first);
}

#[test]
fn a_failed_write_records_nothing_not_even_an_override() {
    let d = demo();
    let eng = d
        .run(&["members", "--review", "DEMO-ENG-01", "--json"])
        .json();
    let father = eng
        .as_array()
        .expect("members")
        .iter()
        .find(|m| m["location"] == "prison")
        .expect("father")["id"]
        .to_string();
    let missing = d.path().join("missing").join("s.pdf");
    let (issued, decisions) = (issued_count(&d), decisions_count(&d));
    d.run(&[
        "sheet",
        "--review",
        "DEMO-ENG-01",
        "--member",
        &father,
        "--override-reason",
        "SIO agreed by phone today",
        "-o",
        &s(&missing),
    ])
    .fails(1, "the folder does not exist");
    d.run(&[
        "feedback-form",
        "--review",
        "DEMO-ENG-01",
        "--anonymous",
        "-o",
        &s(&missing),
    ])
    .fails(1, "the folder does not exist");
    assert_eq!(issued_count(&d), issued, "no document recorded as issued");
    assert_eq!(decisions_count(&d), decisions, "no override decision saved");
    assert!(!missing.exists());
}

#[cfg(unix)]
#[test]
fn every_file_and_folder_is_owner_only_whatever_the_umask() {
    let d = Dir::new();
    let run = |args: &[&str]| {
        // A lax umask, as on many desktops.
        let line = std::iter::once(s(&util::bin()))
            .chain(args.iter().map(|a| format!("'{a}'")))
            .collect::<Vec<_>>()
            .join(" ");
        let out = d
            .command(&[])
            .get_envs()
            .fold(Command::new("sh"), |mut c, (k, v)| {
                if let Some(v) = v {
                    c.env(k, v);
                }
                c
            })
            .current_dir(d.path())
            .args(["-c", &format!("umask 022; exec {line}")])
            .output()
            .expect("run");
        assert!(
            out.status.success(),
            "{line}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    let nested = d.path().join("new-folder").join("workbook.kindred");
    run(&["--db", &s(&nested), "demo"]);
    assert_eq!(mode(&nested), 0o600, "the workbook");
    assert_eq!(mode(nested.parent().expect("folder")), 0o700, "its folder");
    run(&["--db", &s(&nested), "reviews"]);
    for side in ["-wal", "-shm"] {
        let p = PathBuf::from(format!("{}{side}", s(&nested)));
        if p.exists() {
            assert_eq!(mode(&p), 0o600, "{}", p.display());
        }
    }
    run(&[
        "--db",
        &s(&nested),
        "backup",
        "-o",
        &s(&d.path().join("copy.kindred")),
    ]);
    assert_eq!(mode(&d.path().join("copy.kindred")), 0o600);
    let sheets = d.path().join("sheets");
    run(&[
        "--db",
        &s(&nested),
        "sheets",
        "--review",
        "DEMO-WAL-01",
        "--out",
        &s(&sheets),
    ]);
    assert_eq!(mode(&sheets), 0o700, "the sheets folder");
    let mut n = 0;
    for e in std::fs::read_dir(&sheets).expect("sheets").flatten() {
        assert_eq!(mode(&e.path()), 0o600, "{}", e.path().display());
        n += 1;
    }
    assert!(n > 0);
    let form = d.path().join("form.pdf");
    run(&[
        "--db",
        &s(&nested),
        "feedback-form",
        "--review",
        "DEMO-WAL-01",
        "--anonymous",
        "-o",
        &s(&form),
    ]);
    assert_eq!(mode(&form), 0o600);
    let export = d.path().join("export.json");
    run(&[
        "--db",
        &s(&nested),
        "export",
        "--review",
        "DEMO-WAL-01",
        "-o",
        &s(&export),
    ]);
    assert_eq!(mode(&export), 0o600);
    for e in std::fs::read_dir(format!("{}.backups", s(&nested)))
        .expect("backups")
        .flatten()
    {
        assert_eq!(mode(&e.path()), 0o600, "{}", e.path().display());
    }
}

#[test]
fn a_new_passphrase_follows_the_core_rule_everywhere() {
    let d = Dir::new();
    d.run_with(&["init"], &[("KINDRED_PASSPHRASE", "x")])
        .fails(1, "at least 8 characters");
    assert!(!d.db().exists(), "nothing was created");
    d.run_with(&["demo"], &[("KINDRED_PASSPHRASE", "short")])
        .fails(1, "at least 8 characters");
    assert!(!d.db().exists());
    d.run(&["init"]).ok();
    d.run_with(&["passphrase"], &[("KINDRED_NEW_PASSPHRASE", "1234567")])
        .fails(1, "at least 8 characters");
    d.run(&["check"]).ok();
}

/// One `debug-write` process: opens the workbook with whichever passphrase works now,
/// records `count` contacts and returns the ids it was told were committed.
fn write_some(d: &Dir, passes: &[&str], count: u32) -> Vec<i64> {
    for pass in passes {
        let out = d
            .command(&[
                "debug-write",
                "--review",
                "DEMO-WAL-01",
                "--count",
                &count.to_string(),
            ])
            .env("KINDRED_PASSPHRASE", pass)
            .stderr(Stdio::piped())
            .output()
            .expect("writer");
        let ids: Vec<i64> = String::from_utf8_lossy(&out.stdout)
            .lines()
            .filter_map(|l| l.strip_prefix("committed "))
            .filter_map(|n| n.trim().parse().ok())
            .collect();
        let err = String::from_utf8_lossy(&out.stderr);
        if !ids.is_empty() || out.status.success() {
            return ids;
        }
        if !err.contains("wrong passphrase") {
            // Refused for a reason it names (being changed by another process): no write.
            assert!(
                err.contains("changing the workbook") || err.contains("in use"),
                "a writer failed for an unexpected reason: {err}"
            );
            return ids;
        }
    }
    Vec::new()
}

fn contact_ids(db: &Path, pass: &str) -> std::collections::BTreeSet<i64> {
    let c = Connection::open(db).expect("open");
    c.pragma_update(None, "key", pass).expect("key");
    let mut st = c.prepare("SELECT id FROM contacts").expect("prepare");
    let ids = st
        .query_map([], |r| r.get::<_, i64>(0))
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("rows");
    ids
}

#[test]
fn rekeys_and_restores_beside_writers_keep_every_committed_write() {
    let d = demo();
    let passes = ["first passphrase", "second passphrase"];
    let committed = std::sync::Mutex::new(Vec::<i64>::new());
    let stop = std::sync::atomic::AtomicBool::new(false);
    let (mut rekeyed, mut refused) = (0, 0);
    let mut current = PASS.to_string();
    // Start from the first of the two passphrases.
    d.run_with(&["passphrase"], &[("KINDRED_NEW_PASSPHRASE", passes[0])])
        .ok();
    current.clear();
    current.push_str(passes[0]);
    std::thread::scope(|scope| {
        for _ in 0..2 {
            scope.spawn(|| {
                while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                    let ids = write_some(&d, &passes, 3);
                    committed.lock().expect("lock").extend(ids);
                    // A pause between sessions, as between an author's commands.
                    std::thread::sleep(std::time::Duration::from_millis(150));
                }
            });
        }
        let deadline = Instant::now() + std::time::Duration::from_secs(60);
        let mut i = 0;
        while rekeyed < 6 && Instant::now() < deadline {
            i += 1;
            let next = passes[i % 2];
            let r = d.run_with(
                &["passphrase"],
                &[
                    ("KINDRED_PASSPHRASE", current.as_str()),
                    ("KINDRED_NEW_PASSPHRASE", next),
                ],
            );
            if r.out.status.success() {
                rekeyed += 1;
                current = next.to_string();
            } else {
                let err = r.stderr();
                assert!(
                    err.contains("open in another Kindred window")
                        || err.contains("in use")
                        || err.contains("changing the workbook"),
                    "a re-key failed for another reason: {err}"
                );
                refused += 1;
            }
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        stop.store(true, std::sync::atomic::Ordering::Relaxed);
    });
    let committed = committed.into_inner().expect("lock");
    let present = contact_ids(&d.db(), &current);
    let lost: Vec<_> = committed
        .iter()
        .filter(|id| !present.contains(id))
        .collect();
    eprintln!(
        "re-key beside writers: {rekeyed} re-keys done, {refused} refused while open \
         elsewhere, {} writes committed, {} lost",
        committed.len(),
        lost.len()
    );
    assert!(
        lost.is_empty(),
        "writes reported committed but missing: {lost:?}"
    );
    assert!(!committed.is_empty(), "the writers wrote");
    assert!(rekeyed > 0, "some re-keys went through");
    d.run_with(&["check"], &[("KINDRED_PASSPHRASE", current.as_str())])
        .ok();

    // Restores beside writers: a restore goes back to its backup by design, so what is
    // checked is that every write made by a writer started after the last restore finished
    // is present, and that the workbook checks out after every round.
    let backup = d.path().join("restore-from.kindred");
    d.run_with(
        &["backup", "-o", &s(&backup)],
        &[("KINDRED_PASSPHRASE", current.as_str())],
    )
    .ok();
    let env = [("KINDRED_PASSPHRASE", current.as_str())];
    let (mut restored, mut restore_refused) = (0, 0);
    let log = std::sync::Mutex::new(Vec::<(Instant, Vec<i64>)>::new());
    let mut last_restore_end = Instant::now();
    let stop = std::sync::atomic::AtomicBool::new(false);
    std::thread::scope(|scope| {
        for _ in 0..2 {
            scope.spawn(|| {
                while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                    let started = Instant::now();
                    let ids = write_some(&d, &[current.as_str()], 3);
                    log.lock().expect("lock").push((started, ids));
                    std::thread::sleep(std::time::Duration::from_millis(150));
                }
            });
        }
        let deadline = Instant::now() + std::time::Duration::from_secs(60);
        while restored < 4 && Instant::now() < deadline {
            std::thread::sleep(std::time::Duration::from_millis(20));
            let r = d.run_with(&["restore", &s(&backup)], &env);
            if r.out.status.success() {
                restored += 1;
                last_restore_end = Instant::now();
            } else {
                let err = r.stderr();
                assert!(
                    err.contains("open in another Kindred window") || err.contains("in use"),
                    "a restore failed for another reason: {err}"
                );
                restore_refused += 1;
            }
        }
        // The writers go on for a while after the last restore.
        std::thread::sleep(std::time::Duration::from_secs(3));
        stop.store(true, std::sync::atomic::Ordering::Relaxed);
    });
    d.run_with(&["check"], &env).ok();
    let present = contact_ids(&d.db(), &current);
    let after: Vec<i64> = log
        .into_inner()
        .expect("lock")
        .into_iter()
        .filter(|(started, _)| *started > last_restore_end)
        .flat_map(|(_, ids)| ids)
        .collect();
    let lost: Vec<_> = after.iter().filter(|id| !present.contains(id)).collect();
    eprintln!(
        "restore beside writers: {restored} restores done, {restore_refused} refused while \
         open elsewhere, {} writes after the last restore, {} lost",
        after.len(),
        lost.len()
    );
    assert!(
        lost.is_empty(),
        "writes after the last restore missing: {lost:?}"
    );
    assert!(!after.is_empty(), "writers wrote after the last restore");
    assert!(restored > 0, "some restores went through");
}

#[test]
fn a_writer_whose_file_is_replaced_stops_with_a_clear_message() {
    use std::io::BufRead;
    let d = demo();
    let copy = d.path().join("copy.kindred");
    d.run(&["backup", "-o", &s(&copy)]).ok();
    let mut writer = d
        .command(&["debug-write", "--review", "DEMO-WAL-01", "--count", "5000"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let mut lines = std::io::BufReader::new(writer.stdout.take().expect("stdout")).lines();
    assert_eq!(lines.next().and_then(|l| l.ok()).as_deref(), Some("ready"));
    assert!(lines
        .next()
        .and_then(|l| l.ok())
        .is_some_and(|l| l.starts_with("committed")));
    // A program that ignores Kindred's lock puts another file in the workbook's place.
    std::fs::rename(&copy, d.db()).expect("replace");
    let after: Vec<String> = lines.map_while(Result::ok).collect();
    let out = writer.wait_with_output().expect("wait");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("was replaced by another Kindred window or command"),
        "{err}"
    );
    assert!(
        after.len() < 5,
        "it stopped at once: {} more writes",
        after.len()
    );
}

/// Which automatic backups open with `pass`.
fn backups_opening_with(d: &Dir, pass: &str) -> usize {
    let list = d
        .run_with(&["backups", "--json"], &[("KINDRED_PASSPHRASE", pass)])
        .json();
    list.as_array()
        .expect("backups")
        .iter()
        .filter(|b| {
            let c = Connection::open(b["path"].as_str().expect("path")).expect("open");
            c.pragma_update(None, "key", pass).expect("key");
            c.query_row("SELECT count(*) FROM sqlite_master", [], |r| {
                r.get::<_, i64>(0)
            })
            .is_ok()
        })
        .count()
}

#[test]
fn after_a_passphrase_change_old_backups_can_be_rekeyed_or_deleted() {
    let d = demo();
    // The first unlock makes the day's automatic backup.
    d.run(&["reviews"]).ok();
    let before = backups_opening_with(&d, PASS);
    assert!(before > 0, "the demo made a backup");
    d.run_with(
        &["passphrase", "--old-backups", "sometimes"],
        &[("KINDRED_NEW_PASSPHRASE", "second passphrase")],
    )
    .fails(1, "keep, rekey or delete");
    // Re-keyed: none opens with the old passphrase any more; all open with the new one.
    let out = d
        .run_with(
            &["passphrase", "--old-backups", "rekey"],
            &[("KINDRED_NEW_PASSPHRASE", "second passphrase")],
        )
        .ok();
    assert!(out.contains("now open only with the new one"), "{out}");
    let second = "second passphrase";
    assert_eq!(backups_opening_with(&d, PASS), 0);
    assert!(backups_opening_with(&d, second) >= before);
    // Deleted: the backups that opened with the old passphrase are gone.
    let out = d
        .run_with(
            &["passphrase", "--old-backups", "delete"],
            &[
                ("KINDRED_PASSPHRASE", second),
                ("KINDRED_NEW_PASSPHRASE", "third passphrase"),
            ],
        )
        .ok();
    assert!(out.contains("were deleted"), "{out}");
    assert_eq!(backups_opening_with(&d, second), 0);
    d.run_with(&["check"], &[("KINDRED_PASSPHRASE", "third passphrase")])
        .ok();
}
