use rusqlite::{Connection, backup::Backup};
use std::time::Duration;

#[test]
fn scratch_experiments() {
    let d = tempfile::tempdir().unwrap();
    let a = d.path().join("a.db");
    let c = Connection::open(&a).unwrap();
    c.pragma_update(None, "key", "pw").unwrap();
    c.pragma_update(None, "application_id", 1234).unwrap();
    c.pragma_update(None, "user_version", 7).unwrap();
    let m: String = c.query_row("PRAGMA journal_mode=WAL", [], |r| r.get(0)).unwrap();
    eprintln!("mode {m}");
    c.execute_batch("CREATE TABLE t(x TEXT); INSERT INTO t VALUES ('secret-content');").unwrap();
    // 1. backup to same key
    let b = d.path().join("b.db");
    let mut cb = Connection::open(&b).unwrap();
    cb.pragma_update(None, "key", "pw").unwrap();
    let t0 = std::time::Instant::now();
    Backup::new(&c, &mut cb).unwrap().run_to_completion(100, Duration::ZERO, None).unwrap();
    eprintln!("backup took {:?}", t0.elapsed());
    let jm: String = cb.query_row("PRAGMA journal_mode", [], |r| r.get(0)).unwrap();
    eprintln!("dest journal mode after backup {jm}");
    let jm: String = cb.query_row("PRAGMA journal_mode=DELETE", [], |r| r.get(0)).unwrap();
    eprintln!("dest journal mode now {jm}");
    drop(cb);
    let bytes = std::fs::read(&b).unwrap();
    eprintln!("b header {:?} contains plaintext: {}", &bytes[..16], bytes.windows(14).any(|w| w == b"secret-content"));
    let cb = Connection::open(&b).unwrap();
    cb.pragma_update(None, "key", "pw").unwrap();
    let (x, uv, app): (String, i64, i64) = cb.query_row("SELECT (SELECT x FROM t), (SELECT user_version FROM pragma_user_version), (SELECT application_id FROM pragma_application_id)", [], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?))).unwrap();
    eprintln!("b reads {x} uv {uv} app {app}");
    drop(cb);
    let cb = Connection::open(&b).unwrap();
    eprintln!("b without key: {:?}", cb.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get::<_, i64>(0)));
    drop(cb);
    let cb = Connection::open(&b).unwrap();
    cb.pragma_update(None, "key", "wrong").unwrap();
    eprintln!("b wrong key: {:?}", cb.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get::<_, i64>(0)));
    drop(cb);
    // 2. backup to a different key
    let k = d.path().join("k.db");
    let mut ck = Connection::open(&k).unwrap();
    ck.pragma_update(None, "key", "new").unwrap();
    let r = Backup::new(&c, &mut ck).and_then(|b| b.run_to_completion(100, Duration::ZERO, None));
    eprintln!("rekey backup: {r:?}");
    drop(ck);
    for key in ["new", "pw"] {
        let ck = Connection::open(&k).unwrap();
        ck.pragma_update(None, "key", key).unwrap();
        eprintln!("k with {key}: {:?}", ck.query_row("SELECT x FROM t", [], |r| r.get::<_, String>(0)));
    }
    // 3. plaintext dest
    let p = d.path().join("p.db");
    let mut cp = Connection::open(&p).unwrap();
    eprintln!("plain dest: {:?}", Backup::new(&c, &mut cp).map(|_| ()));
    drop(cp);
    // 4. journal_mode=DELETE while another connection is open and idle
    let c2 = Connection::open(&a).unwrap();
    c2.pragma_update(None, "key", "pw").unwrap();
    c2.busy_timeout(Duration::from_millis(200)).unwrap();
    let _: i64 = c2.query_row("SELECT count(*) FROM t", [], |r| r.get(0)).unwrap();
    let r: rusqlite::Result<String> = c.query_row("PRAGMA journal_mode=DELETE", [], |r| r.get(0));
    eprintln!("journal_mode=DELETE with other idle conn: {r:?}");
    let r: rusqlite::Result<(i64,i64,i64)> = c.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)));
    eprintln!("checkpoint with other idle conn: {r:?}");
    drop(c2);
    let r: rusqlite::Result<String> = c.query_row("PRAGMA journal_mode=DELETE", [], |r| r.get(0));
    eprintln!("journal_mode=DELETE alone: {r:?}");
    let r: rusqlite::Result<String> = c.query_row("PRAGMA journal_mode=WAL", [], |r| r.get(0));
    eprintln!("back to wal: {r:?}");
    // 5. VACUUM in WAL
    c.execute_batch("DELETE FROM t; VACUUM;").unwrap();
    let r: rusqlite::Result<(i64,i64,i64)> = c.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)));
    eprintln!("checkpoint after vacuum: {r:?} wal size {:?}", std::fs::metadata(d.path().join("a.db-wal")).map(|m| m.len()));
}
