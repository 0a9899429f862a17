//! Trust, through the real `kindred` binary: backups that open with the passphrase and nothing
//! else; restore that checks a backup completely and changes nothing when it is bad; automatic
//! rotating backups; export → import → export with the same content; import that refuses bad
//! bundles whole; destruction that leaves nothing behind; passphrase change; a second instance;
//! a full disk and a read-only folder.

mod util;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use kindred::workbook::bundle::{self, Bundle};
use rusqlite::Connection;
use util::{Dir, PASS};

fn demo() -> Dir {
    let d = Dir::new();
    d.run(&["demo"]).ok();
    d
}

fn s(p: &Path) -> String {
    p.to_string_lossy().into_owned()
}

/// Opens an encrypted file with `key` (or none) and proves the key by reading the schema.
fn open_raw(path: &Path, key: Option<&str>) -> rusqlite::Result<Connection> {
    let c = Connection::open(path)?;
    c.query_row("PRAGMA cipher_log_level = NONE", [], |r| {
        r.get::<_, String>(0)
    })?;
    if let Some(k) = key {
        c.pragma_update(None, "key", k)?;
    }
    c.query_row("SELECT count(*) FROM sqlite_master", [], |r| {
        r.get::<_, i64>(0)
    })?;
    Ok(c)
}

/// Every text value of every row of every table that contains one of `needles`.
fn scan(c: &Connection, needles: &[&str]) -> Vec<String> {
    let tables: Vec<String> = c
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
        .expect("tables")
        .query_map([], |r| r.get(0))
        .expect("tables")
        .map(|r| r.expect("name"))
        .collect();
    let mut hits = Vec::new();
    for t in tables {
        let mut stmt = c
            .prepare(&format!("SELECT * FROM \"{t}\""))
            .expect("select");
        let n = stmt.column_count();
        let mut rows = stmt.query([]).expect("rows");
        while let Some(row) = rows.next().expect("row") {
            for i in 0..n {
                let v: rusqlite::types::Value = row.get(i).expect("value");
                let text = match v {
                    rusqlite::types::Value::Text(s) => s,
                    rusqlite::types::Value::Blob(b) => String::from_utf8_lossy(&b).into_owned(),
                    _ => continue,
                };
                for n in needles {
                    if text.contains(n) {
                        hits.push(format!("{t}: {n}"));
                    }
                }
            }
        }
    }
    hits
}

fn count(c: &Connection, sql: &str) -> i64 {
    c.query_row(sql, [], |r| r.get(0)).expect(sql)
}

/// Every file under a folder (recursively) with its bytes: proof that nothing changed.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).expect("read dir").flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.insert(p.clone(), std::fs::read(&p).unwrap_or_default());
            }
        }
    }
    out
}

fn backups(d: &Dir) -> Vec<serde_json::Value> {
    d.run(&["backups", "--json"])
        .json()
        .as_array()
        .expect("array")
        .clone()
}

#[test]
fn a_backup_opens_with_the_passphrase_and_nothing_else() {
    let d = demo();
    let out = d.path().join("copy.kindred");
    d.run(&["backup", "-o", &s(&out)]).ok();
    let bytes = std::fs::read(&out).expect("backup");
    for needle in [
        "Fennimore",
        "Maisie",
        "DEMO-ENG-01",
        "SQLite format 3",
        "CREATE TABLE",
    ] {
        assert!(
            !bytes.windows(needle.len()).any(|w| w == needle.as_bytes()),
            "{needle:?} in plaintext in the backup"
        );
    }
    let c = open_raw(&out, Some(PASS)).expect("opens with the passphrase");
    assert_eq!(count(&c, "SELECT count(*) FROM reviews"), 4);
    assert_eq!(
        count(&c, "PRAGMA application_id"),
        kindred::store::APPLICATION_ID
    );
    assert_eq!(
        count(&c, "PRAGMA user_version"),
        kindred::store::migrate::LATEST
    );
    let mode: String = c
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .expect("mode");
    assert_eq!(mode, "delete", "a backup is one self-contained file");
    drop(c);
    assert!(open_raw(&out, None).is_err(), "must not open without a key");
    assert!(
        open_raw(&out, Some("wrong")).is_err(),
        "must not open with another key"
    );
    d.run(&["--db", &s(&out), "check"]).ok();
    let before = std::fs::read(&out).expect("read");
    d.run(&["backup", "-o", &s(&out)])
        .fails(1, "already exists");
    assert_eq!(std::fs::read(&out).expect("read"), before);
    d.run(&[
        "backup",
        "-o",
        &s(&d.path().join("no/such/folder/b.kindred")),
    ])
    .fails(1, "folder does not exist");
    d.run(&["backup", "-o", &s(&d.db())])
        .fails(1, "Kindred never writes there");
    let leftovers: Vec<_> = std::fs::read_dir(d.path())
        .expect("dir")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("partial"))
        .collect();
    assert!(leftovers.is_empty(), "temporary files left: {leftovers:?}");
}

#[test]
fn restore_replaces_the_workbook_and_keeps_the_one_it_replaced() {
    let d = demo();
    let b = d.path().join("monday.kindred");
    d.run(&["backup", "-o", &s(&b)]).ok();
    let m = d
        .run(&[
            "member",
            "add",
            "--review",
            "DEMO-WAL-01",
            "--name",
            "Added After The Backup",
        ])
        .ok();
    let r = d.run(&["restore", &s(&b)]);
    let out = r.ok();
    assert!(out.contains("Restored") && out.contains("kept as"), "{out}");
    d.run(&["member", "show", m.trim()]).fails(1, "not found");
    d.run(&["check"]).ok();
    // The replaced workbook is kept, and still has the member added after the backup.
    let kept: Vec<_> = backups(&d)
        .into_iter()
        .filter(|b| b["kind"] == "before-restore")
        .collect();
    assert_eq!(kept.len(), 1, "{kept:?}");
    let kept_path = PathBuf::from(kept[0]["path"].as_str().expect("path"));
    let c = open_raw(&kept_path, Some(PASS)).expect("kept copy opens");
    assert_eq!(
        count(
            &c,
            "SELECT count(*) FROM members WHERE full_name = 'Added After The Backup'"
        ),
        1
    );
    // Restoring where there is no workbook yet creates it there.
    let fresh = d.path().join("new laptop/workbook.kindred");
    d.run(&["--db", &s(&fresh), "restore", &s(&b)]).ok();
    let reviews = d.run(&["--db", &s(&fresh), "reviews", "--json"]).json();
    assert_eq!(reviews.as_array().map(Vec::len), Some(4));
    let leftovers: Vec<_> = std::fs::read_dir(d.path())
        .expect("dir")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        // The lock file is permanent, not a leftover (see store::lock).
        .filter(|n| n.starts_with('.') && !n.ends_with(".lock"))
        .collect();
    assert!(leftovers.is_empty(), "temporary files left: {leftovers:?}");
}

#[test]
fn restore_refuses_bad_files_and_changes_no_byte() {
    let d = demo();
    d.run(&["check"]).ok(); // makes today's automatic backup
    let good = d.path().join("good.kindred");
    d.run(&["backup", "-o", &s(&good)]).ok();
    let bytes = std::fs::read(&good).expect("read");
    let page = 4096;
    let bad = d.path().join("bad");
    std::fs::create_dir(&bad).expect("dir");
    let mut cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("empty", vec![], "empty"),
        (
            "truncated-mid-page",
            bytes[..bytes.len() / 2 + 100].to_vec(),
            "truncated",
        ),
        (
            "truncated-on-a-page",
            bytes[..(bytes.len() / 2 / page) * page].to_vec(),
            "",
        ),
        (
            "random",
            (0..16384u32)
                .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
                .collect(),
            "wrong passphrase",
        ),
        ("text", b"hello, this is not a workbook\n".repeat(100), ""),
    ];
    for (name, offset) in [
        ("flip-salt", 3),
        ("flip-page-1", 200),
        ("flip-middle-page", bytes.len() / 2 + 77),
        ("flip-last-page", bytes.len() - 30),
    ] {
        let mut b = bytes.clone();
        b[offset] ^= 0x10;
        cases.push((name, b, ""));
    }
    // Another program's SQLite file, and an encrypted database that is not Kindred's.
    let foreign = bad.join("foreign.db");
    {
        let c = Connection::open(&foreign).expect("sqlite");
        c.execute_batch("CREATE TABLE t(x); INSERT INTO t VALUES (1);")
            .expect("sql");
    }
    let other_app = bad.join("other-app.db");
    {
        let c = Connection::open(&other_app).expect("sqlite");
        c.pragma_update(None, "key", PASS).expect("key");
        c.execute_batch("CREATE TABLE t(x); INSERT INTO t VALUES (1);")
            .expect("sql");
    }
    // A good backup under another passphrase; one from a newer Kindred; an unfinished one.
    let other_pass = Dir::new();
    other_pass
        .run_with(&["init"], &[("KINDRED_PASSPHRASE", "another passphrase")])
        .ok();
    let newer = bad.join("newer.kindred");
    std::fs::copy(&good, &newer).expect("copy");
    {
        let c = open_raw(&newer, Some(PASS)).expect("open");
        c.pragma_update(None, "user_version", 99).expect("bump");
    }
    let partial = bad.join("partial.kindred");
    drop(
        kindred::store::Store::create(&partial, PASS, kindred::store::Completeness::Creating)
            .expect("create"),
    );
    for side in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(bad.join(format!("partial.kindred{side}")));
    }
    let mut files: Vec<(String, PathBuf, &str)> = cases
        .into_iter()
        .map(|(name, b, needle)| {
            let p = bad.join(name);
            std::fs::write(&p, b).expect("write");
            (name.to_string(), p, needle)
        })
        .collect();
    files.push(("foreign".into(), foreign, "another program"));
    files.push(("other-app".into(), other_app, "not one made by Kindred"));
    files.push((
        "other-passphrase".into(),
        other_pass.db(),
        "wrong passphrase",
    ));
    files.push(("newer".into(), newer, "newer version"));
    files.push(("partial".into(), partial, "incomplete"));
    files.push(("folder".into(), bad.clone(), "no backup file"));
    files.push(("missing".into(), bad.join("nope.kindred"), "no backup file"));
    files.push(("itself".into(), d.db(), "workbook itself"));

    let before = snapshot(d.path());
    let mut refused = 0;
    for (name, path, needle) in &files {
        let r = d.run(&["restore", &s(path)]);
        assert_eq!(r.code(), 1, "{name} must be refused: {}", r.stderr());
        let err = r.stderr();
        assert!(err.contains(needle), "{name}: {err}");
        assert!(
            err.contains("not changed") || *name == "itself",
            "{name}: {err}"
        );
        assert_eq!(err.lines().count(), 1, "{name}: one line: {err}");
        let after = snapshot(d.path());
        let changed: Vec<_> = before
            .keys()
            .chain(after.keys())
            .filter(|k| before.get(*k) != after.get(*k))
            .filter(|k| !k.starts_with(&bad) && !k.starts_with(other_pass.path()))
            .collect();
        assert!(changed.is_empty(), "{name} changed {changed:?}");
        refused += 1;
    }
    eprintln!("restore: {refused} damaged or foreign files refused, 0 bytes changed");
    d.run(&["check"]).ok();
}

/// The daily backup runs on its own connection while the workbook is used: writes made
/// meanwhile are kept, and the backup is one consistent snapshot that checks out.
#[test]
fn the_daily_backup_runs_while_the_workbook_is_written() {
    let d = demo();
    let mut wb = kindred::Workbook::open(&d.db(), PASS).expect("open starts the backup");
    for phase in [2, 4, 6] {
        wb.move_phase(
            "DEMO-ENG-01",
            kindred::domain::phase::Phase::from_number(phase).expect("phase"),
        )
        .expect("a write while the backup runs");
    }
    let made = wb
        .store()
        .wait_for_daily_backup()
        .expect("a backup was started at unlock")
        .expect("and made");
    assert!(
        wb.store().wait_for_daily_backup().is_none(),
        "waited for once"
    );
    let phase = wb.review("DEMO-ENG-01").expect("review").phase.number();
    assert_eq!(phase, 6, "every write is kept");
    drop(wb);
    let copy = d.path().join("copy.kindred");
    std::fs::copy(&made, &copy).expect("copy");
    let backup = kindred::Workbook::open(&copy, PASS).expect("the backup opens");
    assert_eq!(backup.check().expect("check"), Vec::<String>::new());
    let phase = backup.review("DEMO-ENG-01").expect("review").phase.number();
    assert!(
        [3, 2, 4, 6].contains(&phase),
        "a state the workbook was in: {phase}"
    );
}

/// Past its delay, the daily backup copies in parts and waits while the author is working,
/// holding one snapshot throughout: writes made while it waits are kept in the workbook, and
/// the copy, hurried to its end when something waits for it, is one consistent state.
#[test]
fn the_daily_backup_gives_way_while_the_author_works_and_copies_one_state() {
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("w.kindred");
    // Several megabytes: the copy takes more than one part.
    kindred::workbook::demo::scaled(&path, PASS, 24, |_| {}).expect("demo");
    let size = std::fs::metadata(&path).expect("size").len();
    assert!(size > 4 << 20, "a workbook of several parts: {size} bytes");
    let reference = "SCALE-00001";
    let mut wb = kindred::Workbook::open(&path, PASS).expect("open starts the backup");
    // Working on through the delay and on past it, so the copy starts and then waits.
    let until = Instant::now() + kindred::store::backup::DAILY_DELAY + Duration::from_secs(2);
    let mut phases = Vec::new();
    let mut i = 0;
    while Instant::now() < until {
        let phase = [2, 3, 4][i % 3];
        wb.move_phase(
            reference,
            kindred::domain::phase::Phase::from_number(phase).expect("phase"),
        )
        .expect("a write while the backup waits");
        phases.push(phase);
        i += 1;
        std::thread::sleep(Duration::from_millis(50));
    }
    let made = wb
        .store()
        .wait_for_daily_backup()
        .expect("a backup was started at unlock")
        .expect("and made");
    let last = *phases.last().expect("writes");
    assert_eq!(
        wb.review(reference).expect("review").phase.number(),
        last,
        "every write is kept"
    );
    drop(wb);
    let copy = dir.path().join("copy.kindred");
    std::fs::copy(&made, &copy).expect("copy");
    let backup = kindred::Workbook::open(&copy, PASS).expect("the backup opens");
    assert_eq!(backup.check().expect("check"), Vec::<String>::new());
    let phase = backup.review(reference).expect("review").phase.number();
    assert!(
        phases.contains(&phase) || phase == 1 || phase == 6,
        "a state the workbook was in: {phase}"
    );
    assert_eq!(
        backup.reviews().expect("reviews").len(),
        24,
        "every review, whole"
    );
}

/// The daily backup waits its turn after unlock so the first screens are not slowed, but
/// nothing waits the delay: a command that ends (or anything that waits for the backup)
/// starts it at once. It still happens, and its failure is told, not swallowed.
#[test]
fn the_daily_backup_waits_its_turn_but_is_never_lost_or_silent() {
    let d = demo();
    let wb = kindred::Workbook::open(&d.db(), PASS).expect("open");
    assert_eq!(wb.daily_backup_problem(), None, "nothing has failed");
    let t = Instant::now();
    drop(wb);
    assert!(
        t.elapsed() < kindred::store::backup::DAILY_DELAY,
        "closing started the waiting backup at once ({:?})",
        t.elapsed()
    );
    let made = kindred::store::backup::list(&d.db()).expect("backups");
    assert_eq!(made.len(), 1, "{made:?}");
    assert_eq!(made[0].kind, "daily");

    // A workbook whose backups folder cannot be made: the unlock works, the failure is told.
    let other = demo();
    let folder = PathBuf::from(format!("{}.backups", other.db().display()));
    std::fs::write(&folder, b"not a folder").expect("a file in the way");
    let wb = kindred::Workbook::open(&other.db(), PASS).expect("open despite it");
    if let Some(outcome) = wb.store().wait_for_daily_backup() {
        assert!(outcome.is_err(), "no backup can be made there");
    }
    let told = wb.daily_backup_problem().expect("the failure is kept");
    assert!(told.contains("backup"), "{told}");
}

#[test]
fn automatic_backups_are_daily_bounded_and_made_before_an_upgrade() {
    let d = demo();
    assert!(backups(&d).is_empty(), "a new workbook has no backup yet");
    d.run(&["reviews"]).ok();
    let first = backups(&d);
    assert_eq!(first.len(), 1, "the first unlock makes one");
    assert_eq!(first[0]["kind"], "daily");
    d.run(&["reviews"]).ok();
    assert_eq!(backups(&d).len(), 1, "not again the same day");
    // Age every backup by days and add many old ones: the next unlock makes a new one and
    // keeps the newest ten.
    let dir = d.path().join("workbook.kindred.backups");
    let src = PathBuf::from(first[0]["path"].as_str().expect("path"));
    for day in 1..=14 {
        let p = dir.join(format!("202611{:02}T090000000Z-daily.kindred", day));
        std::fs::copy(&src, &p).expect("copy");
    }
    std::fs::remove_file(&src).expect("age");
    d.run(&["reviews"]).ok();
    let list = backups(&d);
    assert_eq!(list.len(), kindred::store::backup::KEEP, "{list:?}");
    assert!(
        list[0]["made_at"].as_str() > Some("20261105"),
        "oldest removed: {list:?}"
    );
    let newest = PathBuf::from(list.last().expect("newest")["path"].as_str().expect("p"));
    assert!(open_raw(&newest, Some(PASS)).is_ok());

    // An old-schema workbook is backed up, unchanged, before it is upgraded.
    let old = Dir::new();
    {
        let mut c = Connection::open(old.db()).expect("open");
        c.pragma_update(None, "key", PASS).expect("key");
        c.pragma_update(None, "application_id", kindred::store::APPLICATION_ID)
            .expect("app");
        kindred::store::migrate::migrate_to(&mut c, 1).expect("schema 1");
        c.execute_batch("INSERT INTO meta VALUES ('state', 'complete');")
            .expect("meta");
    }
    old.run(&["check"]).ok();
    let list = backups(&old);
    assert_eq!(list.len(), 1, "{list:?}");
    assert_eq!(list[0]["kind"], "before-upgrade-from-1");
    let c = open_raw(
        Path::new(list[0]["path"].as_str().expect("path")),
        Some(PASS),
    )
    .expect("opens");
    assert_eq!(
        count(&c, "PRAGMA user_version"),
        1,
        "the backup is the old schema"
    );
    drop(c);
    // An old-schema backup restores, and is upgraded (after its own backup) when next opened.
    let elsewhere = old.path().join("elsewhere.kindred");
    old.run(&[
        "--db",
        &s(&elsewhere),
        "restore",
        list[0]["path"].as_str().expect("path"),
    ])
    .ok();
    old.run(&["--db", &s(&elsewhere), "check"]).ok();
    let again = old
        .run(&["--db", &s(&elsewhere), "backups", "--json"])
        .json();
    assert_eq!(again[0]["kind"], "before-upgrade-from-1", "{again}");
}

fn normalised(path: &Path) -> Bundle {
    let bytes = std::fs::read(path).expect("bundle");
    bundle::parse(&bytes)
        .unwrap_or_else(|e| panic!("{}: {e:?}", path.display()))
        .normalised()
}

#[test]
fn export_import_export_gives_the_same_review() {
    let d = demo();
    let other = Dir::new();
    other.run(&["init"]).ok();
    let refs = ["DEMO-ENG-01", "DEMO-WAL-01", "DEMO-SCO-01", "DEMO-NI-01"];
    // Some of everything in the English review.
    let eng = d
        .run(&["members", "--review", "DEMO-ENG-01", "--json"])
        .json();
    let m0 = eng[0]["id"].to_string();
    let m1 = eng[1]["id"].to_string();
    d.run(&[
        "feedback",
        "add",
        "--review",
        "DEMO-ENG-01",
        "--member",
        &m0,
        "--received-on",
        "2026-11-01",
        "--channel",
        "post",
    ])
    .ok();
    d.run(&[
        "checks",
        "set",
        "--review",
        "DEMO-ENG-01",
        "--check",
        "p0-purpose-agreed",
        "--status",
        "not-applicable",
        "--text",
        "Panel decided",
    ])
    .ok();
    d.run(&[
        "decision",
        "add",
        "--review",
        "DEMO-ENG-01",
        "--decided-on",
        "2026-10-01",
        "--decision",
        "Joint letter",
        "--rationale",
        "Asked for",
        "--member",
        &m0,
        "--member",
        &m1,
    ])
    .ok();
    d.run(&[
        "terms",
        "agree",
        "--member",
        &m0,
        "--agreed-on",
        "2026-11-02",
        "--method",
        "written",
        "--recorded-by",
        "A",
        "--cadence",
        "10",
    ])
    .ok();
    d.run(&[
        "member",
        "role",
        &m1,
        "--status",
        "witness",
        "--since",
        "2026-01-01",
    ])
    .ok();
    let mut timings = Vec::new();
    for r in refs {
        let first = d.path().join(format!("{r}.json"));
        let t = Instant::now();
        let run = d.run(&["export", "--review", r, "-o", &s(&first)]);
        run.ok();
        timings.push(("export", t.elapsed()));
        assert!(run.stderr().contains("NOT encrypted"), "{}", run.stderr());
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&first)
                .expect("meta")
                .permissions()
                .mode();
            assert_eq!(mode & 0o077, 0, "the bundle must be private to its owner");
        }
        let t = Instant::now();
        other.run(&["import", &s(&first)]).ok();
        timings.push(("import", t.elapsed()));
        let second = other.path().join(format!("{r}.json"));
        other
            .run(&["export", "--review", r, "-o", &s(&second)])
            .ok();
        let (a, b) = (normalised(&first), normalised(&second));
        assert_eq!(
            serde_json::to_value(&a).expect("a"),
            serde_json::to_value(&b).expect("b"),
            "{r}: export → import → export must give the same content"
        );
        assert!(a.counts().members > 0 && a.counts().contacts > 0, "{r}");
    }
    let e = normalised(&d.path().join("DEMO-ENG-01.json"));
    assert!(!e.feedback.is_empty() && !e.decisions.is_empty() && !e.terms.is_empty());
    assert!(!e.barriers.is_empty() && !e.abuse_links.is_empty() && !e.checks.is_empty());
    assert!(!e.support_services_used.is_empty());
    other.run(&["check"]).ok();
    // The same bundle again: the reference clashes, and nothing changes.
    let audit = other
        .run(&["audit", "--json"])
        .json()
        .as_array()
        .map(Vec::len);
    other
        .run(&["import", &s(&d.path().join("DEMO-ENG-01.json"))])
        .fails(1, "already has a review \"DEMO-ENG-01\"");
    assert_eq!(
        other
            .run(&["audit", "--json"])
            .json()
            .as_array()
            .map(Vec::len),
        audit
    );
    // Under another reference it imports, beside the first, sharing the support directory.
    other
        .run(&[
            "import",
            &s(&d.path().join("DEMO-ENG-01.json")),
            "--reference",
            "COPY-1",
        ])
        .ok();
    let copy = other.path().join("copy.json");
    other
        .run(&["export", "--review", "COPY-1", "-o", &s(&copy)])
        .ok();
    let mut c = normalised(&copy);
    c.review.reference = "DEMO-ENG-01".into();
    assert_eq!(serde_json::to_value(&c).ok(), serde_json::to_value(&e).ok());
    let dir = other.run(&["support", "list", "--json"]).json();
    let fresh = Dir::new();
    fresh.run(&["init"]).ok();
    let seeded = fresh.run(&["support", "list", "--json"]).json();
    assert_eq!(
        dir.as_array().map(Vec::len),
        seeded.as_array().map(Vec::len),
        "seeded support entries are reused, not duplicated"
    );
    eprintln!("export/import timings: {timings:?}");
}

/// A minimal JSON Schema checker (the keywords docs/bundle.schema.json uses).
fn conforms(
    schema: &serde_json::Value,
    root: &serde_json::Value,
    v: &serde_json::Value,
    path: &str,
    errs: &mut Vec<String>,
) {
    use serde_json::Value as J;
    let s = match schema.get("$ref").and_then(J::as_str) {
        Some(r) => {
            let name = r.trim_start_matches("#/$defs/");
            &root["$defs"][name]
        }
        None => schema,
    };
    assert!(!s.is_null(), "schema reference at {path} does not resolve");
    if let Some(one) = s.get("oneOf").and_then(J::as_array) {
        let ok = one
            .iter()
            .filter(|alt| {
                let mut e = Vec::new();
                conforms(alt, root, v, path, &mut e);
                e.is_empty()
            })
            .count();
        if ok != 1 {
            errs.push(format!("{path}: matches {ok} of the oneOf alternatives"));
        }
    }
    if let Some(t) = s.get("type") {
        let types: Vec<&str> = match t {
            J::String(x) => vec![x.as_str()],
            J::Array(xs) => xs.iter().filter_map(J::as_str).collect(),
            _ => vec![],
        };
        let ok = types.iter().any(|t| match *t {
            "object" => v.is_object(),
            "array" => v.is_array(),
            "string" => v.is_string(),
            "integer" => v.is_i64() || v.is_u64(),
            "number" => v.is_number(),
            "boolean" => v.is_boolean(),
            "null" => v.is_null(),
            _ => false,
        });
        if !ok {
            errs.push(format!("{path}: {v} is not {types:?}"));
            return;
        }
    }
    if let Some(e) = s.get("enum").and_then(J::as_array) {
        if !e.contains(v) {
            errs.push(format!("{path}: {v} is not one of {e:?}"));
        }
    }
    if let Some(c) = s.get("const") {
        if c != v {
            errs.push(format!("{path}: {v} is not {c}"));
        }
    }
    if let (Some(min), Some(n)) = (s.get("minimum").and_then(J::as_f64), v.as_f64()) {
        if n < min {
            errs.push(format!("{path}: {n} < {min}"));
        }
    }
    if let (Some(max), Some(n)) = (s.get("maximum").and_then(J::as_f64), v.as_f64()) {
        if n > max {
            errs.push(format!("{path}: {n} > {max}"));
        }
    }
    if let (Some(min), Some(t)) = (s.get("minLength").and_then(J::as_u64), v.as_str()) {
        if (t.chars().count() as u64) < min {
            errs.push(format!("{path}: shorter than {min}"));
        }
    }
    if let (Some(max), Some(t)) = (s.get("maxLength").and_then(J::as_u64), v.as_str()) {
        if t.chars().count() as u64 > max {
            errs.push(format!("{path}: longer than {max}"));
        }
    }
    if let Some(obj) = v.as_object() {
        let props = s.get("properties").and_then(J::as_object);
        for r in s
            .get("required")
            .and_then(J::as_array)
            .into_iter()
            .flatten()
        {
            if let Some(k) = r.as_str() {
                if !obj.contains_key(k) {
                    errs.push(format!("{path}: required {k} missing"));
                }
            }
        }
        for (k, x) in obj {
            match props.and_then(|p| p.get(k)) {
                Some(ps) => conforms(ps, root, x, &format!("{path}.{k}"), errs),
                None => match s.get("additionalProperties") {
                    Some(J::Bool(false)) => {
                        errs.push(format!("{path}.{k}: not allowed by the schema"))
                    }
                    Some(ap @ J::Object(_)) => conforms(ap, root, x, &format!("{path}.{k}"), errs),
                    _ => {}
                },
            }
        }
        if let Some(pn) = s.get("propertyNames") {
            for k in obj.keys() {
                conforms(
                    pn,
                    root,
                    &J::String(k.clone()),
                    &format!("{path}.{k}(name)"),
                    errs,
                );
            }
        }
    }
    if let (Some(items), Some(a)) = (s.get("items"), v.as_array()) {
        for (i, x) in a.iter().enumerate() {
            conforms(items, root, x, &format!("{path}[{i}]"), errs);
        }
    }
}

#[test]
fn exported_bundles_conform_to_the_published_schema() {
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/docs/bundle.schema.json"
        ))
        .expect("docs/bundle.schema.json"),
    )
    .expect("the schema is JSON");
    let d = demo();
    for r in ["DEMO-ENG-01", "DEMO-WAL-01", "DEMO-SCO-01", "DEMO-NI-01"] {
        let out = d.path().join(format!("{r}.json"));
        d.run(&["export", "--review", r, "-o", &s(&out)]).ok();
        let v: serde_json::Value =
            serde_json::from_slice(&std::fs::read(&out).expect("read")).expect("json");
        let mut errs = Vec::new();
        conforms(&schema, &schema, &v, "$", &mut errs);
        assert!(errs.is_empty(), "{r} does not conform: {errs:#?}");
        // And the schema is not vacuous: a misspelt field and a bad enum are caught.
        let mut bad = v.clone();
        bad["members"][0]["detials"] = serde_json::json!({});
        bad["contacts"][0]["mode"] = "carrier-pigeon".into();
        let mut errs = Vec::new();
        conforms(&schema, &schema, &bad, "$", &mut errs);
        assert!(errs.len() >= 2, "{errs:?}");
    }
}

/// A bundle this version wrote, frozen (the demo's English review, fictional people only;
/// `tests/fixtures/README.md` says how it was made).
fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// A frozen version 2 bundle imports, and everything in it arrives: exported again, it has
/// the same content (every section, every field, every link) in normal form.
#[test]
fn a_frozen_version_2_bundle_imports_with_everything_in_it() {
    let file = fixture("bundle-v2.json");
    let raw: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&file).expect("fixture")).expect("json");
    assert_eq!(raw["version"], 2);
    let d = Dir::new();
    d.run(&["init"]).ok();
    let out = d.run(&["import", &s(&file)]).ok();
    let reference = raw["review"]["reference"].as_str().expect("reference");
    assert!(
        out.contains(&format!("Imported review {reference}")),
        "{out}"
    );
    let names = |v: &serde_json::Value, at: &str| -> Vec<String> {
        let mut n: Vec<String> = v
            .as_array()
            .expect("list")
            .iter()
            .map(|m| {
                m.pointer(at)
                    .and_then(|x| x.as_str())
                    .unwrap_or("")
                    .to_owned()
            })
            .collect();
        n.sort();
        n
    };
    let members = d.run(&["members", "--review", reference, "--json"]).json();
    assert_eq!(
        names(&members, "/full_name"),
        names(&raw["members"], "/details/full_name")
    );
    let questions = d
        .run(&["question", "list", "--review", reference, "--json"])
        .json();
    assert_eq!(
        names(&questions, "/words"),
        names(&raw["questions"], "/words")
    );
    let again = d.path().join("again.json");
    d.run(&["export", "--review", reference, "-o", &s(&again)])
        .ok();
    assert_eq!(
        serde_json::to_value(normalised(&again)).expect("again"),
        serde_json::to_value(normalised(&file)).expect("fixture"),
        "the frozen bundle must arrive whole"
    );
}

/// A frozen version 1 bundle (the same review, before the family's voice) still imports,
/// with everything version 1 carried and no family's-voice records.
#[test]
fn a_frozen_version_1_bundle_still_imports() {
    let file = fixture("bundle-v1.json");
    let raw: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&file).expect("fixture")).expect("json");
    assert_eq!(raw["version"], 1);
    let reference = raw["review"]["reference"].as_str().expect("reference");
    let d = Dir::new();
    d.run(&["init"]).ok();
    d.run(&["import", &s(&file)]).ok();
    let again = d.path().join("again.json");
    d.run(&["export", "--review", reference, "-o", &s(&again)])
        .ok();
    let a = normalised(&again);
    assert!(a.questions.is_empty() && a.lines_of_enquiry.is_empty());
    assert!(a.involvement_summary.is_none());
    // Everything else is the version 2 fixture's, which is the same review.
    let mut v2 = normalised(&fixture("bundle-v2.json"));
    v2.lines_of_enquiry.clear();
    v2.questions.clear();
    v2.contributions.clear();
    v2.findings.clear();
    v2.sharing_sessions.clear();
    v2.involvement_summary = None;
    assert_eq!(
        serde_json::to_value(&a).expect("a"),
        serde_json::to_value(&v2).expect("v2")
    );
}

/// The bundle writes the domain's closed vocabularies (nations, contact modes, …) as they
/// are; every value of each must be one the published schema lists, and the schema must list
/// no value Kindred cannot write, so renaming a variant (or adding one) fails here rather than
/// changing the format unnoticed.
#[test]
fn every_value_of_every_vocabulary_in_a_bundle_is_the_schema_s() {
    use kindred::domain::{member, nation, records, review, timescales, voice};
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/docs/bundle.schema.json"
        ))
        .expect("docs/bundle.schema.json"),
    )
    .expect("the schema is JSON");
    fn words<T: serde::Serialize>(all: &[T]) -> Vec<serde_json::Value> {
        all.iter()
            .map(|v| serde_json::to_value(v).expect("json"))
            .collect()
    }
    // Enums with no list of their own: written out, and matched so a new variant fails to
    // compile here.
    let publication = {
        use review::Publication::*;
        let all = [NotDecided, Planned, NotPlanned];
        match all[0] {
            NotDecided | Planned | NotPlanned => {}
        }
        words(&all)
    };
    let outcome = {
        use review::ChildOutcome::*;
        let all = [Died, SeriouslyHarmed, Other];
        match all[0] {
            Died | SeriouslyHarmed | Other => {}
        }
        words(&all)
    };
    let defs = "/$defs";
    let table: Vec<(&str, Vec<serde_json::Value>)> = vec![
        ("nation", words(&nation::Nation::ALL)),
        ("review_type", words(&nation::ReviewType::ALL)),
        ("key_date", words(&timescales::KeyDate::ALL)),
        ("purpose_reason", words(&review::PurposeReason::ALL)),
        ("review/properties/publication", publication),
        ("child/properties/outcome", outcome),
        (
            "member_details/properties/preferred_contact_method/oneOf/0",
            words(member::ContactMethod::ALL),
        ),
        (
            "member_details/properties/accessibility/items",
            words(member::AccessNeed::ALL),
        ),
        (
            "member_details/properties/location/oneOf/0",
            words(member::LocationType::ALL),
        ),
        (
            "contact_detail/properties/kind",
            words(member::ContactDetailKind::ALL),
        ),
        (
            "relationship/properties/parental_responsibility",
            words(member::ParentalResponsibility::ALL),
        ),
        (
            "role_status/properties/status",
            words(member::RoleStatus::ALL),
        ),
        (
            "restriction/properties/kind",
            words(member::RestrictionKind::ALL),
        ),
        (
            "clearance/properties/body",
            words(member::ClearanceBody::ALL),
        ),
        ("contact/properties/mode", words(records::ContactMode::ALL)),
        (
            "contact/properties/outcome",
            words(records::ContactOutcome::ALL),
        ),
        (
            "contact/properties/explained/items",
            words(records::Explained::ALL),
        ),
        (
            "terms/properties/method",
            words(records::ConsentMethod::ALL),
        ),
        (
            "parallel_process/properties/kind",
            words(records::ParallelKind::ALL),
        ),
        (
            "question_response/properties/answer/oneOf/0",
            words(records::Answer::ALL),
        ),
        (
            "feedback/properties/stage",
            words(records::FeedbackStage::ALL),
        ),
        (
            "document_issued/properties/kind",
            words(records::DocumentKind::ALL),
        ),
        (
            "support_service/properties/service_type",
            words(records::ServiceType::ALL),
        ),
        (
            "line_of_enquiry/properties/source",
            words(voice::EnquirySource::ALL),
        ),
        (
            "question/properties/status/oneOf/2/properties/how",
            words(voice::AnswerMode::ALL),
        ),
        (
            "contribution/properties/kind",
            words(voice::ContributionKind::ALL),
        ),
        (
            "contribution/properties/permission",
            words(voice::UsePermission::ALL),
        ),
        (
            "finding/properties/status",
            words(voice::FindingStatus::ALL),
        ),
        (
            "sharing_session/properties/mode",
            words(voice::SharingMode::ALL),
        ),
    ];
    for (at, written) in table {
        let listed = schema
            .pointer(&format!("{defs}/{at}/enum"))
            .and_then(serde_json::Value::as_array)
            .unwrap_or_else(|| panic!("the schema has no list of values at {at}"));
        let mut a: Vec<String> = written.iter().map(|v| v.to_string()).collect();
        let mut b: Vec<String> = listed.iter().map(|v| v.to_string()).collect();
        a.sort();
        b.sort();
        assert_eq!(
            a, b,
            "{at}: what Kindred writes and what the schema lists differ"
        );
    }
    // Phases and principles are numbers in the schema's range.
    let range = |name: &str| {
        let d = &schema["$defs"][name];
        (d["minimum"].as_i64(), d["maximum"].as_i64())
    };
    let phases: Vec<i64> = words(&kindred::domain::phase::Phase::ALL)
        .iter()
        .filter_map(serde_json::Value::as_i64)
        .collect();
    assert_eq!(
        range("phase"),
        (phases.first().copied(), phases.last().copied())
    );
    assert_eq!(phases.len(), 8);
    let principles: Vec<i64> = words(&kindred::domain::phase::Principle::ALL)
        .iter()
        .filter_map(serde_json::Value::as_i64)
        .collect();
    assert_eq!(
        range("principle"),
        (principles.first().copied(), principles.last().copied())
    );
    assert_eq!(principles.len(), 6);
}

#[test]
fn a_version_1_bundle_still_imports_without_the_family_s_voice() {
    let d = demo();
    let path = d.path().join("eng.json");
    d.run(&["export", "--review", "DEMO-ENG-01", "-o", &s(&path)])
        .ok();
    let mut v: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&path).expect("read")).expect("json");
    assert_eq!(v["version"], 3);
    assert!(
        !v["questions"].as_array().expect("questions").is_empty(),
        "the demo has questions"
    );
    v["version"] = 1.into();
    let o = v.as_object_mut().expect("object");
    for k in [
        "lines_of_enquiry",
        "questions",
        "contributions",
        "findings",
        "sharing_sessions",
        "involvement_summary",
    ] {
        o.remove(k);
    }
    let old = d.path().join("old.json");
    std::fs::write(&old, serde_json::to_vec(&v).expect("json")).expect("write");
    let target = Dir::new();
    target.run(&["init"]).ok();
    target.run(&["import", &s(&old)]).ok();
    let questions = target
        .run(&["question", "list", "--review", "DEMO-ENG-01", "--json"])
        .json();
    assert_eq!(questions, serde_json::json!([]));
    // The version 2 bundle carries them, with their links.
    let again = Dir::new();
    again.run(&["init"]).ok();
    again.run(&["import", &s(&path)]).ok();
    let questions = again
        .run(&["question", "list", "--review", "DEMO-ENG-01", "--json"])
        .json();
    assert_eq!(questions.as_array().expect("list").len(), 3);
    let lines = again
        .run(&["line", "list", "--review", "DEMO-ENG-01", "--json"])
        .json();
    let from_family = lines
        .as_array()
        .expect("lines")
        .iter()
        .find(|l| l["source"] == "family-question")
        .expect("a line from a family question");
    let qid = from_family["question_ids"][0].clone();
    assert!(
        questions
            .as_array()
            .expect("list")
            .iter()
            .any(|q| q["id"] == qid),
        "the line links to its question's new id"
    );
}

#[test]
fn import_refuses_a_bad_bundle_whole() {
    let d = demo();
    let good_path = d.path().join("eng.json");
    d.run(&["export", "--review", "DEMO-ENG-01", "-o", &s(&good_path)])
        .ok();
    let good: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&good_path).expect("read")).expect("json");
    let target = Dir::new();
    target.run(&["init"]).ok();
    let mutate = |f: &dyn Fn(&mut serde_json::Value)| {
        let mut v = good.clone();
        f(&mut v);
        serde_json::to_vec(&v).expect("json")
    };
    let long = "x".repeat(301);
    // A document record (the demo's English review has none until a sheet is made).
    let frozen: serde_json::Value =
        serde_json::from_slice(&std::fs::read(fixture("bundle-v2.json")).expect("fixture"))
            .expect("json");
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("empty", vec![], "empty"),
        (
            "not json",
            b"{\"format\": \"kindred-review-bundle\",".to_vec(),
            "not valid JSON",
        ),
        (
            "a list",
            b"[1, 2, 3]".to_vec(),
            "not a Kindred review bundle",
        ),
        (
            "other format",
            mutate(&|v| v["format"] = "something-else".into()),
            "not a Kindred review bundle",
        ),
        (
            "newer",
            mutate(&|v| v["version"] = 4.into()),
            "newer version of Kindred",
        ),
        (
            "voice in version 1",
            mutate(&|v| v["version"] = 1.into()),
            "lines_of_enquiry: unknown field (not part of bundle version 1)",
        ),
        (
            "question across a barrier",
            mutate(&|v| {
                let pair = serde_json::json!([v["members"][0]["id"], v["members"][1]["id"]]);
                v["questions"][0]["asked_by"] = pair;
            }),
            "may never share a question",
        ),
        (
            "finding from a contribution not to be used",
            mutate(&|v| {
                // The contribution a finding draws on.
                let used = v["findings"][0]["contribution_ids"][0].clone();
                if let Some(c) = v["contributions"]
                    .as_array_mut()
                    .and_then(|cs| cs.iter_mut().find(|c| c["id"] == used))
                {
                    c["permission"] = "not-to-be-used".into();
                }
            }),
            "cannot inform a finding",
        ),
        (
            "own words without consent",
            mutate(&|v| {
                // The contribution kept in the person's own words.
                if let Some(c) = v["contributions"]
                    .as_array_mut()
                    .and_then(|cs| cs.iter_mut().find(|c| c["own_words"].is_string()))
                {
                    c["permission"] = "paraphrase-only".into();
                }
            }),
            "agreed to be quoted",
        ),
        (
            "dangling line of enquiry",
            mutate(&|v| v["questions"][0]["line_ids"] = serde_json::json!([999])),
            "no line of enquiry with id 999",
        ),
        ("version 0", mutate(&|v| v["version"] = 0.into()), "version"),
        (
            "a path on the exporting computer",
            mutate(&|v| {
                let mut doc = frozen["documents_issued"][0].clone();
                doc["file"] = "/home/someone/sheet.pdf".into();
                v["documents_issued"] = serde_json::json!([doc]);
            }),
            "documents_issued[0].file: unknown field",
        ),
        (
            "unknown top field",
            mutate(&|v| v["extra"] = 1.into()),
            "extra: unknown field",
        ),
        (
            "misspelt field",
            mutate(&|v| v["members"][0]["detials"] = serde_json::json!({})),
            "members[0].detials: unknown field",
        ),
        (
            "missing section",
            mutate(&|v| {
                v.as_object_mut().expect("obj").remove("contacts");
            }),
            "contacts: missing",
        ),
        (
            "dangling member",
            mutate(&|v| v["contacts"][0]["member_id"] = 999_999.into()),
            "no member with id 999999",
        ),
        (
            "dangling child",
            mutate(&|v| v["members"][0]["relationships"][0]["child_id"] = 424_242.into()),
            "no child with id 424242",
        ),
        (
            "dangling support",
            mutate(&|v| v["members"][0]["support_ids"] = serde_json::json!([77_777])),
            "support_services_used",
        ),
        (
            "duplicate id",
            mutate(&|v| {
                let m = v["members"][0].clone();
                v["members"].as_array_mut().expect("a").push(m);
            }),
            "used twice",
        ),
        (
            "name too long",
            mutate(&|v| v["members"][0]["details"]["full_name"] = long.clone().into()),
            "300 characters or fewer",
        ),
        (
            "blank name",
            mutate(&|v| v["members"][0]["details"]["full_name"] = "   ".into()),
            "Enter full name",
        ),
        (
            "control char",
            mutate(&|v| v["review"]["pseudonym"] = "Child\u{7}M".into()),
            "control character",
        ),
        (
            "bad enum",
            mutate(&|v| v["contacts"][0]["mode"] = "carrier-pigeon".into()),
            "unknown variant",
        ),
        (
            "bad date",
            mutate(&|v| v["contacts"][0]["date"] = "2026-02-30".into()),
            "contacts[0]",
        ),
        (
            "year 10000",
            mutate(&|v| v["contacts"][0]["date"] = "+10000-01-01".into()),
            "between the years",
        ),
        (
            "phase 9",
            mutate(&|v| v["review"]["phase"] = 9.into()),
            "phase",
        ),
        (
            "cadence 0",
            mutate(&|v| v["review"]["update_cadence_days"] = 0.into()),
            "1 to 366",
        ),
        (
            "wrong nation type",
            mutate(&|v| v["review"]["review_type"] = "susr".into()),
            "not a review type in england",
        ),
        (
            "unknown check",
            mutate(&|v| v["checks"][0]["check_id"] = "no-such-check".into()),
            "unknown check",
        ),
        (
            "declined without reason",
            mutate(&|v| {
                v["members"][0]["involvement"] =
                    serde_json::json!({"status": "declined", "reason": " ", "door_left_open": true})
            }),
            "reason",
        ),
        (
            "self link",
            mutate(&|v| {
                let id = v["members"][0]["id"].clone();
                v["abuse_links"][0]["perpetrator_id"] = id.clone();
                v["abuse_links"][0]["victim_id"] = id;
            }),
            "themselves",
        ),
        (
            "other review id",
            mutate(&|v| v["contacts"][0]["review_id"] = 12345.into()),
            "review_id is 12345",
        ),
        (
            "terms gap",
            mutate(&|v| v["terms"][0]["version"] = 3.into()),
            "versions 1 to",
        ),
        (
            "unknown question",
            mutate(
                &|v| v["feedback"] = serde_json::json!([{"id": 1, "review_id": v["review"]["id"], "member_id": null, "stage": "after-findings", "received_on": "2026-11-01", "channel": null, "responses": {"no-such-question": {"answer": "yes", "comment": null}}, "follow_up_requested": false, "passed_to_partnership": false}]),
            ),
            "unknown question id",
        ),
    ];
    let before = target.bytes();
    let audit_before = target.run(&["audit", "--json"]).json();
    let mut refused = 0;
    for (name, bytes, needle) in &cases {
        let p = target.path().join("case.json");
        std::fs::write(&p, bytes).expect("write");
        let r = target.run(&["import", &s(&p)]);
        assert_eq!(r.code(), 1, "{name} must be refused:\n{}", r.stderr());
        let err = r.stderr();
        assert!(
            err.contains(needle),
            "{name}: stderr lacks {needle:?}: {err}"
        );
        assert!(err.contains("nothing was changed"), "{name}: {err}");
        assert_eq!(err.lines().count(), 1, "{name}: one line: {err}");
        refused += 1;
    }
    assert_eq!(
        target.bytes(),
        before,
        "refused imports must not change the workbook"
    );
    assert_eq!(target.run(&["audit", "--json"]).json(), audit_before);
    assert_eq!(
        target.run(&["reviews", "--json"]).json(),
        serde_json::json!([])
    );
    eprintln!("import: {refused} bad bundles refused whole, 0 rows changed");
    // Untrimmed text and blank optional values are normalised as the forms would.
    let tidy = mutate(&|v| {
        v["members"][0]["details"]["full_name"] = "  Jade Fennimore  ".into();
        v["members"][0]["details"]["household"] = "".into();
    });
    let p = target.path().join("tidy.json");
    std::fs::write(&p, tidy).expect("write");
    target.run(&["import", &s(&p)]).ok();
    let ms = target
        .run(&["members", "--review", "DEMO-ENG-01", "--json"])
        .json();
    assert_eq!(ms[0]["name"], "Jade Fennimore");
    assert!(ms[0]["household"].is_null());
}

#[test]
fn destroying_a_review_leaves_nothing_of_it() {
    let d = demo();
    d.run(&["reviews"]).ok(); // today's backup, which holds the review
    let outside = d.path().join("outside.kindred");
    d.run(&["backup", "-o", &s(&outside)]).ok();
    let needles = [
        "Fennimore",
        "Ashgrove",
        "Maisie",
        "Refuge address held",
        "07700 900 111",
        "Northfield",
        "HMP Example",
        "Talked about Maisie",
    ];
    {
        let c = open_raw(&d.db(), Some(PASS)).expect("open");
        assert!(
            scan(&c, &needles).len() > 20,
            "the needles are there before"
        );
    }
    let id = d.run(&["review", "show", "DEMO-ENG-01", "--json"]).json()["review"]["id"]
        .as_i64()
        .expect("id");
    // Not without saying so.
    d.run(&["destroy", "--review", "DEMO-ENG-01"])
        .fails(1, "--yes-destroy-permanently");
    // Not while another window has the workbook open.
    {
        let _other = open_raw(&d.db(), Some(PASS)).expect("other window");
        let t = Instant::now();
        d.run(&[
            "destroy",
            "--review",
            "DEMO-ENG-01",
            "--yes-destroy-permanently",
        ])
        .fails(1, "in use");
        assert!(t.elapsed() >= Duration::from_millis(2500), "waits first");
    }
    assert_eq!(
        d.run(&["reviews", "--json"])
            .json()
            .as_array()
            .map(Vec::len),
        Some(4)
    );
    let out = d
        .run(&[
            "destroy",
            "--review",
            "DEMO-ENG-01",
            "--yes-destroy-permanently",
        ])
        .ok();
    assert!(out.contains("Destroyed review DEMO-ENG-01"), "{out}");
    d.run(&["check"]).ok();
    d.run(&["review", "show", "DEMO-ENG-01"])
        .fails(1, "not found");
    assert_eq!(
        d.run(&["reviews", "--json"])
            .json()
            .as_array()
            .map(Vec::len),
        Some(3)
    );

    let c = open_raw(&d.db(), Some(PASS)).expect("open");
    let hits = scan(&c, &needles);
    assert!(hits.is_empty(), "traces of the destroyed review: {hits:?}");
    let lines: Vec<(String, String, String)> = c
        .prepare("SELECT entity, action, new FROM audit WHERE review_id = ?1")
        .expect("audit")
        .query_map([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .expect("audit")
        .map(|r| r.expect("row"))
        .collect();
    assert_eq!(lines.len(), 1, "one audit line remains: {lines:?}");
    assert_eq!(
        (lines[0].0.as_str(), lines[0].1.as_str()),
        ("review", "destroy")
    );
    assert!(lines[0].2.contains("DEMO-ENG-01") && lines[0].2.contains("destroyed_at"));
    assert_eq!(
        count(&c, "PRAGMA freelist_count"),
        0,
        "no free pages left behind"
    );
    for t in [
        "children",
        "members",
        "contacts",
        "decisions",
        "parallel_processes",
        "check_statuses",
    ] {
        assert_eq!(
            count(
                &c,
                &format!("SELECT count(*) FROM {t} WHERE review_id = {id}")
            ),
            0,
            "{t}"
        );
    }
    drop(c);
    let wal = d.path().join("workbook.kindred-wal");
    assert!(
        wal.metadata().map(|m| m.len()).unwrap_or(0) == 0,
        "the write-ahead log is emptied"
    );
    // The automatic backups that held it are gone; the one made after does not hold it.
    let list = backups(&d);
    assert_eq!(list.len(), 1, "{list:?}");
    assert_eq!(list[0]["kind"], "after-destroy");
    let b = open_raw(Path::new(list[0]["path"].as_str().expect("p")), Some(PASS)).expect("b");
    assert!(scan(&b, &needles).is_empty());
    let later = d.path().join("later.kindred");
    d.run(&["backup", "-o", &s(&later)]).ok();
    let b = open_raw(&later, Some(PASS)).expect("later");
    assert!(
        scan(&b, &needles).is_empty(),
        "a backup made afterwards holds none of it"
    );
    assert_eq!(count(&b, "SELECT count(*) FROM reviews"), 3);
    // A copy made outside Kindred is the author's to destroy (the command says so).
    let o = open_raw(&outside, Some(PASS)).expect("outside");
    assert!(!scan(&o, &needles).is_empty());
}

#[test]
fn the_audit_log_says_what_changed_when_with_old_and_new() {
    let d = demo();
    let m = d
        .run(&[
            "member",
            "add",
            "--review",
            "DEMO-WAL-01",
            "--name",
            "Before",
        ])
        .ok();
    d.run(&["member", "set", m.trim(), "--name", "After"]).ok();
    let all = d
        .run(&["audit", "--review", "DEMO-WAL-01", "--json"])
        .json();
    let entries = all.as_array().expect("array");
    let e = entries
        .iter()
        .rev()
        .find(|e| e["entity"] == "member" && e["action"] == "update")
        .expect("the update");
    assert_eq!(e["entity_id"], m.trim());
    assert_eq!(e["old"]["details"]["full_name"], "Before");
    assert_eq!(e["new"]["details"]["full_name"], "After");
    let at = e["at"].as_str().expect("at");
    assert!(
        chrono::NaiveDateTime::parse_from_str(at, "%Y-%m-%dT%H:%M:%S%.3f").is_ok(),
        "{at}"
    );
    let created = entries
        .iter()
        .find(|e| e["entity"] == "member" && e["action"] == "create" && e["entity_id"] == m.trim())
        .expect("the creation");
    assert!(created["old"].is_null() && created["new"]["details"]["full_name"] == "Before");
    for e in entries {
        for k in [
            "id",
            "at",
            "review_id",
            "entity",
            "entity_id",
            "action",
            "old",
            "new",
        ] {
            assert!(e.get(k).is_some(), "{k} missing in {e}");
        }
    }
    let text = d.run(&["audit", "--review", "DEMO-WAL-01"]).ok();
    let last = text
        .lines()
        .rev()
        .find(|l| l.contains("member"))
        .expect("line");
    assert!(last.contains(at) && last.contains("update"), "{last}");
}

#[test]
fn changing_the_passphrase_is_all_or_nothing() {
    let d = demo();
    d.run_with(&["passphrase"], &[("KINDRED_NEW_PASSPHRASE", "")])
        .fails(1, "must not be empty");
    d.run(&["passphrase"]).fails(1, "KINDRED_NEW_PASSPHRASE");
    // Refused while another window has the workbook open; the old passphrase still works.
    {
        let _other = open_raw(&d.db(), Some(PASS)).expect("other");
        d.run_with(&["passphrase"], &[("KINDRED_NEW_PASSPHRASE", "a new one")])
            .fails(1, "in use");
    }
    d.run(&["reviews"]).ok();
    let out = d
        .run_with(&["passphrase"], &[("KINDRED_NEW_PASSPHRASE", "a new one")])
        .ok();
    assert!(out.contains("changed"), "{out}");
    d.run(&["reviews"]).fails(1, "wrong passphrase");
    let new = [("KINDRED_PASSPHRASE", "a new one")];
    d.run_with(&["check"], &new).ok();
    assert_eq!(
        d.run_with(&["reviews", "--json"], &new)
            .json()
            .as_array()
            .map(Vec::len),
        Some(4)
    );
    assert!(open_raw(&d.db(), Some(PASS)).is_err());
    assert!(open_raw(&d.db(), Some("a new one")).is_ok());
    let list = backups(&d);
    let kept = list
        .iter()
        .find(|b| b["kind"] == "before-passphrase-change")
        .expect("kept");
    assert!(open_raw(Path::new(kept["path"].as_str().expect("p")), Some(PASS)).is_ok());
    let leftovers: Vec<_> = std::fs::read_dir(d.path())
        .expect("dir")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        // The lock file is permanent, not a leftover (see store::lock).
        .filter(|n| n.starts_with('.') && !n.ends_with(".lock"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn a_second_instance_waits_then_says_the_workbook_is_in_use() {
    let d = demo();
    let holder = open_raw(&d.db(), Some(PASS)).expect("holder");
    holder
        .execute_batch("BEGIN IMMEDIATE")
        .expect("hold the write lock");
    let t = Instant::now();
    let r = d.run(&[
        "member",
        "add",
        "--review",
        "DEMO-WAL-01",
        "--name",
        "Blocked",
    ]);
    let waited = t.elapsed();
    r.fails(
        1,
        "the workbook is in use by another Kindred window or command",
    );
    assert!(
        waited >= Duration::from_millis(2500),
        "it waits briefly first ({waited:?})"
    );
    assert!(
        waited < Duration::from_secs(20),
        "then gives up ({waited:?})"
    );
    // Reading is not blocked by a writer.
    d.run(&["reviews"]).ok();
    holder.execute_batch("ROLLBACK").expect("release");
    d.run(&["member", "add", "--review", "DEMO-WAL-01", "--name", "Now"])
        .ok();
    // A second real process: restoring under a running writer is refused.
    let b = d.path().join("b.kindred");
    d.run(&["backup", "-o", &s(&b)]).ok();
    let mut writer = d
        .command(&[
            "debug-write",
            "--review",
            "DEMO-WAL-01",
            "--count",
            "100000",
        ])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("spawn");
    {
        use std::io::BufRead;
        let out = writer.stdout.as_mut().expect("stdout");
        let mut line = String::new();
        std::io::BufReader::new(out)
            .read_line(&mut line)
            .expect("ready");
        assert_eq!(line.trim(), "ready");
    }
    d.run(&["restore", &s(&b)])
        .fails(1, "open in another Kindred window or command");
    writer.kill().expect("kill");
    let _ = writer.wait();
    d.run(&["check"]).ok();
}

// ----- a full disk and a read-only folder --------------------------------------------------------

/// A tmpfs mounted for the test (root only), unmounted when dropped.
struct Mount(PathBuf);

impl Mount {
    fn tmpfs(dir: &Path, size: &str) -> Option<Mount> {
        std::fs::create_dir_all(dir).ok()?;
        let ok = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(dir)
            .stderr(std::process::Stdio::null())
            .status()
            .ok()?
            .success();
        ok.then(|| Mount(dir.to_path_buf()))
    }
    fn read_only(&self) -> bool {
        Command::new("mount")
            .args(["-o", "remount,ro"])
            .arg(&self.0)
            .status()
            .is_ok_and(|s| s.success())
    }
    fn free_kb(&self) -> u64 {
        let out = Command::new("df")
            .arg("-k")
            .arg(&self.0)
            .output()
            .expect("df");
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .last()
            .and_then(|l| l.split_whitespace().nth(3))
            .and_then(|n| n.parse().ok())
            .expect("df output")
    }
    /// Fills the file system until `leave_kb` are free.
    fn fill(&self, leave_kb: u64) {
        let filler = self.0.join("filler");
        let _ = std::fs::remove_file(&filler);
        let free = self.free_kb();
        let size = free.saturating_sub(leave_kb) * 1024;
        let _ = std::fs::write(&filler, vec![0u8; size as usize]);
    }
    fn unfill(&self) {
        let _ = std::fs::remove_file(self.0.join("filler"));
    }
}

impl Drop for Mount {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg("-l").arg(&self.0).status();
    }
}

/// `kindred` with a file-size limit (for machines where a tmpfs cannot be mounted).
fn limited(d: &Dir, kb: u64, args: &[&str]) -> util::Run {
    let mut c = Command::new("sh");
    c.arg("-c")
        .arg(format!(
            "trap '' XFSZ; ulimit -f {}; exec \"$0\" \"$@\"",
            kb
        ))
        .arg(util::bin())
        .args(args)
        .current_dir(d.path())
        .env("KINDRED_DB", d.db())
        .env("KINDRED_PASSPHRASE", PASS)
        .env("KINDRED_TODAY", "2026-11-20");
    util::Run {
        cmd: format!("(ulimit -f {kb}) kindred {}", args.join(" ")),
        out: c.output().expect("sh"),
    }
}

#[test]
fn a_full_disk_and_a_read_only_folder_get_clear_messages_and_lose_nothing() {
    let d = demo();
    let b = d.path().join("b.kindred");
    d.run(&["backup", "-o", &s(&b)]).ok();
    let bundle_file = d.path().join("eng.json");
    d.run(&["export", "--review", "DEMO-ENG-01", "-o", &s(&bundle_file)])
        .ok();
    let mnt = d.path().join("small");
    let Some(m) = Mount::tmpfs(&mnt, "2m") else {
        // Not root: a read-only folder by permissions, a full disk by a file-size limit.
        eprintln!("tmpfs unavailable: using chmod and ulimit -f instead");
        let r = limited(&d, 64, &["backup", "-o", &s(&d.path().join("big.kindred"))]);
        assert_eq!(r.code(), 1, "{}", r.stderr());
        assert!(!d.path().join("big.kindred").exists());
        d.run(&["check"]).ok();
        return;
    };
    let wb = mnt.join("w.kindred");
    let on = |args: &[&str]| {
        let mut v = vec!["--db", wb.to_str().expect("utf-8")];
        v.extend_from_slice(args);
        d.run(&v.iter().map(|s| &**s).collect::<Vec<&str>>())
    };
    on(&["restore", &s(&b)]).ok();
    on(&["check"]).ok();
    let reviews_before = on(&["reviews", "--json"]).json();
    let members_before = on(&["members", "--review", "DEMO-ENG-01", "--json"]).json();
    let mut cases = 0;
    // Nearly full: the workbook opens but a write cannot be saved.
    for leave in [0u64, 40, 48] {
        m.fill(leave);
        let r = on(&[
            "member",
            "add",
            "--review",
            "DEMO-ENG-01",
            "--name",
            "Disk Full",
        ]);
        if r.code() == 0 {
            continue; // enough room after all
        }
        let err = r.stderr();
        assert!(
            err.contains("disk is full") || err.contains("disk could not be"),
            "{leave}k: {err}"
        );
        assert_eq!(err.lines().count(), 1, "{err}");
        cases += 1;
    }
    m.fill(0);
    for (args, needle) in [
        (vec!["backup", "-o", &*s(&mnt.join("b2.kindred"))], "disk"),
        (
            vec![
                "export",
                "--review",
                "DEMO-ENG-01",
                "-o",
                &*s(&mnt.join("x.json")),
            ],
            "disk",
        ),
        (
            vec!["import", &*s(&bundle_file), "--reference", "FULL-1"],
            "disk",
        ),
        (vec!["--db", &*s(&mnt.join("new.kindred")), "init"], "disk"),
    ] {
        let r = if args[0] == "--db" {
            d.run(&args)
        } else {
            on(&args)
        };
        assert_eq!(
            r.code(),
            1,
            "{args:?} must fail on a full disk: {}",
            r.stdout()
        );
        assert!(r.stderr().contains(needle), "{args:?}: {}", r.stderr());
        cases += 1;
    }
    // A passphrase change that cannot finish leaves the old passphrase working.
    // Room for half a copy: the backup with the old key fails; room for one and a half: that
    // backup is made, and the re-keyed copy fails part-way.
    let size_kb = wb.metadata().expect("size").len() / 1024;
    for leave in [size_kb / 2, size_kb + size_kb / 2] {
        m.fill(leave);
        let r = d.run_with(
            &["--db", wb.to_str().expect("utf-8"), "passphrase"],
            &[("KINDRED_NEW_PASSPHRASE", "never to be")],
        );
        assert_eq!(r.code(), 1, "{leave}k free: must fail: {}", r.stdout());
        assert!(r.stderr().contains("disk"), "{}", r.stderr());
        m.unfill();
        on(&["check"]).ok(); // the old passphrase still opens it
        cases += 1;
    }
    on(&["check"]).ok();
    assert_eq!(on(&["reviews", "--json"]).json(), reviews_before);
    assert_eq!(
        on(&["members", "--review", "DEMO-ENG-01", "--json"]).json(),
        members_before
    );
    let names: Vec<String> = std::fs::read_dir(&mnt)
        .expect("dir")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| {
            (n.starts_with('.') && !n.ends_with(".lock"))
                || n.contains("partial")
                || n == "b2.kindred"
                || n == "x.json"
                || n == "new.kindred"
        })
        .collect();
    assert!(names.is_empty(), "nothing half-written is left: {names:?}");

    // Read-only: every command says so, nothing changes.
    let before = snapshot(&mnt);
    assert!(m.read_only(), "remount read-only");
    for args in [
        vec!["reviews"],
        vec!["member", "add", "--review", "DEMO-ENG-01", "--name", "RO"],
        vec!["backup", "-o", &*s(&mnt.join("b3.kindred"))],
        vec![
            "export",
            "--review",
            "DEMO-ENG-01",
            "-o",
            &*s(&mnt.join("y.json")),
        ],
        vec!["restore", &*s(&b)],
    ] {
        let r = on(&args);
        assert_eq!(r.code(), 1, "{args:?}");
        let err = r.stderr();
        assert!(err.contains("read-only"), "{args:?}: {err}");
        assert_eq!(err.lines().count(), 1, "{err}");
        cases += 1;
    }
    assert_eq!(snapshot(&mnt), before);
    eprintln!("full disk and read-only folder: {cases} refusals with clear messages, nothing lost");
}
