//! Bounded imports, through the real `kindred` binary: a file that cannot be a review bundle
//! (too large, not an object, too deep, a list or a text too long) is refused by the streaming
//! pre-scan before it is parsed, at a small fixed cost in memory whatever its size. The peak
//! memory of each refusing process is read with `wait4` and asserted under a generous cap
//! (the figures are printed: `cargo test --test bundle_limits -- --nocapture`); times are
//! printed, not asserted (speed targets are checked by benchmarks, not timed tests).
#![cfg(target_os = "linux")]

mod util;

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

use util::Dir;

/// Peak memory allowed to a process that refuses a file by the pre-scan. The binary itself
/// (SQLCipher, clap, the wording) resides in under 15 MB; before the pre-scan, the 250 MB file
/// below took over 4 GB.
const REFUSAL_CAP_KB: i64 = 64 * 1024;

struct Measured {
    peak_kb: i64,
    took: Duration,
    code: i32,
    stderr: String,
}

/// Runs `kindred import FILE` and reads the process's peak resident memory with `wait4`.
fn import_measured(d: &Dir, file: &Path) -> Measured {
    let mut c = d.command(&["import", &file.to_string_lossy()]);
    c.stdout(Stdio::null()).stderr(Stdio::piped());
    let start = Instant::now();
    // Reaped below by wait4, which also gives the child's resource usage.
    #[allow(clippy::zombie_processes)]
    let mut child = c.spawn().expect("run kindred");
    // The message is short; read it before waiting so the child never blocks on the pipe.
    let mut stderr = String::new();
    if let Some(mut e) = child.stderr.take() {
        std::io::Read::read_to_string(&mut e, &mut stderr).expect("read stderr");
    }
    let pid = libc::pid_t::try_from(child.id()).expect("pid");
    let mut status = 0;
    // SAFETY: an all-zero rusage is valid; wait4 fills it for our own child.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let r = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    assert_eq!(r, pid, "wait4 failed: {}", std::io::Error::last_os_error());
    let took = start.elapsed();
    let code = if libc::WIFEXITED(status) {
        libc::WEXITSTATUS(status)
    } else {
        -1
    };
    Measured {
        peak_kb: usage.ru_maxrss,
        took,
        code,
        stderr,
    }
}

/// Writes `head`, then `middle` `times` times, then `tail`, streamed.
fn write_file(path: &Path, head: &str, middle: &str, times: usize, tail: &str) {
    let mut w = BufWriter::with_capacity(1 << 20, File::create(path).expect("create"));
    w.write_all(head.as_bytes()).expect("write");
    let chunk = middle.repeat(4096);
    for _ in 0..times / 4096 {
        w.write_all(chunk.as_bytes()).expect("write");
    }
    for _ in 0..times % 4096 {
        w.write_all(middle.as_bytes()).expect("write");
    }
    w.write_all(tail.as_bytes()).expect("write");
    w.flush().expect("flush");
}

const HEAD: &str = r#"{"format":"kindred-review-bundle","version":1,"#;

#[test]
fn refused_bundles_cost_a_small_fixed_amount_of_memory() {
    let d = Dir::new();
    d.run(&["init"]).ok();
    let p = |name: &str| d.path().join(name);
    // (name, file, what the message says)
    let mut cases = Vec::new();

    // The issue's case: a list of zeros just under the old 256 MiB cap.
    let zeros = p("zeros.json");
    write_file(&zeros, "[", "0,", 125_000_000 - 1, "0]");
    cases.push(("250 MB [0,0,…]", zeros, "a review bundle is at most 32 MB"));

    let listed = p("contacts.json");
    write_file(
        &listed,
        &format!("{HEAD}\"contacts\":["),
        "0,",
        15_000_000,
        "0]}",
    );
    cases.push((
        "30 MB {\"contacts\":[0,0,…]}",
        listed,
        "a list of more than 100,000 items",
    ));

    let deep = p("deep.json");
    write_file(&deep, &format!("{HEAD}\"review\":"), "[", 30_000_000, "");
    cases.push(("30 MB of [[[[…", deep, "nested more than 16 deep"));

    let text = p("text.json");
    write_file(
        &text,
        &format!("{HEAD}\"exported_at\":\""),
        "x",
        30_000_000,
        "\"}",
    );
    cases.push(("30 MB text", text, "a text longer than 20,000 characters"));

    let broken = p("broken.json");
    write_file(&broken, "{\"a\":[", "\"x\",", 10_000, "\"x\"]");
    cases.push((
        "unclosed list",
        broken,
        "the file ends inside a list or object",
    ));

    let mut report = String::new();
    for (name, file, needle) in &cases {
        let size = std::fs::metadata(file).expect("size").len();
        let m = import_measured(&d, file);
        report += &format!(
            "{name:28} {:>5} MB file: refused in {:>6.3} s, peak {:>6.1} MB\n",
            size / 1_000_000,
            m.took.as_secs_f64(),
            m.peak_kb as f64 / 1024.0
        );
        assert_eq!(m.code, 1, "{name}: exit code\n{}", m.stderr);
        assert!(
            m.stderr.contains("nothing was changed") && m.stderr.contains(needle),
            "{name}: stderr lacks {needle:?}: {}",
            m.stderr
        );
        assert!(
            m.peak_kb < REFUSAL_CAP_KB,
            "{name}: peak memory {} KB is over {} KB",
            m.peak_kb,
            REFUSAL_CAP_KB
        );
        std::fs::remove_file(file).expect("remove");
    }
    println!("{report}");
}

/// Peak memory allowed to a process that refuses a bundle after the pre-scan: the file passed
/// the grammar and the limits, and is refused for a record's shape or a value. The bundle's
/// bytes (at most 32 MB) are held; a record's shape is checked one record at a time, keeping
/// none, and only a bundle whose every record reads is held as records to check its values.
/// Before, a 61 MB bundle refused for its last record took 141 MB.
const SHAPE_CAP_KB: i64 = 64 * 1024;
const VALUES_CAP_KB: i64 = 100 * 1024;

#[test]
fn bundles_refused_after_the_pre_scan_cost_a_bounded_amount_of_memory() {
    let d = Dir::new();
    let demo = d.path().join("demo.kindred");
    let demo_db = demo.to_string_lossy().to_string();
    d.run(&["demo", "--db", &demo_db]).ok();
    let base = d.path().join("base.json");
    d.run(&[
        "export",
        "--db",
        &demo_db,
        "--review",
        "DEMO-ENG-01",
        "-o",
        &base.to_string_lossy(),
    ])
    .ok();
    d.run(&["init"]).ok();
    let bundle: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&base).expect("read the export")).expect("json");
    let mut one = bundle["contacts"][0].clone();
    // 1,500 contacts with notes of 19,000 characters: 28.6 MB, under every limit. Written a
    // record at a time: the memory of this test process would otherwise count in the child's
    // peak (Linux carries the high-water mark across fork and exec).
    one["notes"] = serde_json::json!("a".repeat(19_000));
    let mut head = bundle.clone();
    head["contacts"] = serde_json::json!([]);
    let whole = serde_json::to_string(&head).expect("json");
    let (before, after) = whole
        .split_once("\"contacts\":[]")
        .expect("the contacts section");
    let mut report = String::new();
    for (name, last, needle, cap) in [
        (
            "an unknown field in the last record",
            serde_json::json!({"colour": "red"}),
            "contacts[1499].colour: unknown field",
            SHAPE_CAP_KB,
        ),
        (
            "the last record's id used twice",
            serde_json::json!({"id": 1_000}),
            "the id 1000 is used twice",
            VALUES_CAP_KB,
        ),
    ] {
        let file = d.path().join("big.json");
        let mut w = BufWriter::new(File::create(&file).expect("create"));
        write!(w, "{before}\"contacts\":[").expect("write");
        for i in 0..1_500 {
            let mut c = one.clone();
            c["id"] = serde_json::json!(1_000 + i);
            if i == 1_499 {
                for (k, v) in last.as_object().into_iter().flatten() {
                    c[k.as_str()] = v.clone();
                }
            }
            if i > 0 {
                w.write_all(b",").expect("write");
            }
            serde_json::to_writer(&mut w, &c).expect("write");
        }
        write!(w, "]{after}").expect("write");
        w.flush().expect("flush");
        drop(w);
        let size = std::fs::metadata(&file).expect("size").len();
        let m = import_measured(&d, &file);
        report += &format!(
            "{name:36} {:>5.1} MB file: refused in {:>6.3} s, peak {:>6.1} MB\n",
            size as f64 / 1_000_000.0,
            m.took.as_secs_f64(),
            m.peak_kb as f64 / 1024.0
        );
        assert_eq!(m.code, 1, "{name}: exit code\n{}", m.stderr);
        assert!(
            m.stderr.contains("nothing was changed") && m.stderr.contains(needle),
            "{name}: stderr lacks {needle:?}: {}",
            m.stderr
        );
        assert!(
            m.peak_kb < cap,
            "{name}: peak memory {} KB is over {} KB",
            m.peak_kb,
            cap
        );
        std::fs::remove_file(&file).expect("remove");
    }
    println!("{report}");
}
