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
    cases.push(("250 MB [0,0,…]", zeros, "a review bundle is at most 64 MB"));

    let listed = p("contacts.json");
    write_file(
        &listed,
        &format!("{HEAD}\"contacts\":["),
        "0,",
        30_000_000,
        "0]}",
    );
    cases.push((
        "60 MB {\"contacts\":[0,0,…]}",
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
        60_000_000,
        "\"}",
    );
    cases.push(("60 MB text", text, "a text longer than 100,000 characters"));

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
