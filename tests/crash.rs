//! Crash safety through the real binary: `kindred` processes killed with SIGKILL at random
//! moments, then the workbook reopened and checked.
//!
//! - A writer (`kindred debug-write`, one contact per transaction, printing `committed <id>`
//!   after each commit) is killed at least 200 times; afterwards `kindred check` passes and every
//!   id it printed is in the workbook: no corrupt workbook, no lost commit.
//! - `kindred demo --scale 20` is killed at least 20 times; afterwards the path holds either no
//!   workbook, or one that opens and that `kindred check` calls complete or "incomplete", never
//!   damaged.
//! - `kindred passphrase` and `kindred restore` are killed at least 20 times at random moments
//!   of the operation; afterwards exactly one passphrase (the old or the new) opens the
//!   workbook, which checks out with every review in it.
//!
//! A SIGKILL tests a crash of the process, not of the machine (the operating system still
//! writes what was handed to it). Set KINDRED_CRASH_SEED to repeat a run, KINDRED_CRASH_KILLS
//! for more kills.

mod util;

use std::io::BufRead;
use std::process::Stdio;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use util::Dir;

/// xorshift64*: small, seedable, good enough for timings.
struct Rng(u64);

impl Rng {
    fn seeded() -> (Rng, u64) {
        let seed = std::env::var("KINDRED_CRASH_SEED")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| {
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map(|d| d.as_nanos() as u64)
                    .unwrap_or(1)
            })
            | 1;
        (Rng(seed), seed)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) % n.max(1)
    }
}

fn kills() -> usize {
    std::env::var("KINDRED_CRASH_KILLS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(200)
}

#[test]
fn killing_a_writer_at_random_moments_loses_no_commit_and_corrupts_nothing() {
    let (mut rng, seed) = Rng::seeded();
    let d = Dir::new();
    d.run(&["init"]).ok();
    d.run(&[
        "review",
        "add",
        "--reference",
        "CRASH-1",
        "--nation",
        "england",
        "--type",
        "lcspr",
        "--pseudonym",
        "Child C",
        "--body",
        "Crash Test Partnership (fictional)",
        "--author-name",
        "A Reviewer",
    ])
    .ok();
    d.run(&[
        "member",
        "add",
        "--review",
        "CRASH-1",
        "--name",
        "Crash Test Person",
    ])
    .ok();
    d.run(&["check"]).ok(); // today's automatic backup, so runs go straight to writing

    let started = Instant::now();
    let total = kills();
    let mut printed: Vec<i64> = Vec::new();
    let (mut corrupt, mut from_spawn, mut from_ready, mut before_ready, mut checks) =
        (0, 0, 0, 0, 0);
    let mut complaints = Vec::new();
    for i in 0..total {
        let mut child = d
            .command(&["debug-write", "--review", "CRASH-1", "--count", "1000000"])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn kindred");
        let stdout = child.stdout.take().expect("stdout");
        let (tx, rx) = mpsc::channel::<String>();
        let reader = std::thread::spawn(move || {
            for line in std::io::BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        let delay = Duration::from_millis(rng.below(151));
        let mut lines = Vec::new();
        // One kill in four is timed from the spawn (landing in start-up, unlock and WAL
        // recovery); the rest from the moment the workbook is unlocked (landing among commits).
        if i % 4 == 0 {
            from_spawn += 1;
            std::thread::sleep(delay);
        } else {
            from_ready += 1;
            match rx.recv_timeout(Duration::from_secs(20)) {
                Ok(l) => {
                    assert_eq!(l, "ready", "first line");
                    lines.push(l);
                    std::thread::sleep(delay);
                }
                Err(_) => before_ready += 1,
            }
        }
        child.kill().expect("SIGKILL");
        let status = child.wait().expect("wait");
        reader.join().expect("reader");
        lines.extend(rx.try_iter());
        let mut stderr = String::new();
        if let Some(mut e) = child.stderr.take() {
            let _ = std::io::Read::read_to_string(&mut e, &mut stderr);
        }
        if stderr.contains("damaged")
            || stderr.contains("malformed")
            || stderr.contains("not a Kindred")
        {
            corrupt += 1;
            complaints.push(format!("kill {i}: {stderr}"));
        }
        assert!(
            !status.success()
                || lines.iter().filter(|l| l.starts_with("committed")).count() == 1_000_000,
            "the writer was killed"
        );
        printed.extend(
            lines
                .iter()
                .filter_map(|l| l.strip_prefix("committed "))
                .map(|n| n.trim().parse::<i64>().expect("id")),
        );
        if (i + 1) % 50 == 0 {
            let r = d.run(&["check"]);
            checks += 1;
            if r.code() != 0 {
                corrupt += 1;
                complaints.push(format!("check after kill {i}: {}", r.stderr()));
            }
        }
    }
    let r = d.run(&["check"]);
    checks += 1;
    if r.code() != 0 {
        corrupt += 1;
        complaints.push(format!("final check: {}", r.stderr()));
    }
    let contacts = d.run(&["contacts", "--review", "CRASH-1", "--json"]).json();
    let present: std::collections::HashSet<i64> = contacts
        .as_array()
        .expect("array")
        .iter()
        .map(|c| c["id"].as_i64().expect("id"))
        .collect();
    let lost: Vec<i64> = printed
        .iter()
        .copied()
        .filter(|id| !present.contains(id))
        .collect();
    let unprinted = present.len().saturating_sub(printed.len());
    eprintln!(
        "crash (writer): {total} SIGKILLs ({from_spawn} timed from spawn, {from_ready} from unlock, \
         {before_ready} of those before unlock), {} commits printed, {} contacts present \
         ({unprinted} committed but killed before printing), {checks} checks: corrupt = {corrupt}, \
         lost = {}, {:.1} s, seed {seed}",
        printed.len(),
        present.len(),
        lost.len(),
        started.elapsed().as_secs_f64()
    );
    assert!(complaints.is_empty(), "seed {seed}: {complaints:#?}");
    assert_eq!(corrupt, 0, "seed {seed}");
    assert!(
        lost.is_empty(),
        "seed {seed}: printed but missing: {lost:?}"
    );
    assert!(
        printed.len() >= total / 4,
        "the kills should land among commits ({} commits)",
        printed.len()
    );
}

#[test]
fn killing_a_demo_build_leaves_no_workbook_or_an_incomplete_one_never_a_damaged_one() {
    let (mut rng, seed) = Rng::seeded();
    let started = Instant::now();
    // How long an uninterrupted build takes here, so kills spread over all of it.
    let full = {
        let d = Dir::new();
        let t = Instant::now();
        d.run(&["demo", "--scale", "20"]).ok();
        let took = t.elapsed();
        d.run(&["check"]).ok();
        took
    };
    let span = (full.as_millis() as u64).max(200) + 150;
    let total = (kills() / 10).max(20);
    let (mut absent, mut incomplete, mut complete, mut damaged) = (0, 0, 0, 0);
    let mut complaints = Vec::new();
    for i in 0..total {
        let d = Dir::new();
        let mut child = d
            .command(&["demo", "--scale", "20"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn");
        if i % 2 == 0 {
            // Anywhere in the build, from the spawn.
            std::thread::sleep(Duration::from_millis(rng.below(span)));
        } else {
            // Once the workbook file exists: among the reviews being committed.
            let t = Instant::now();
            while !d.db().exists() && t.elapsed() < Duration::from_secs(30) {
                std::thread::sleep(Duration::from_millis(2));
            }
            std::thread::sleep(Duration::from_millis(rng.below(span / 2)));
        }
        child.kill().expect("SIGKILL");
        let _ = child.wait();
        if !d.db().exists() {
            absent += 1;
            continue;
        }
        // `check` opens it with the passphrase and checks all of it.
        let r = d.run(&["check"]);
        let err = r.stderr();
        match r.code() {
            0 => complete += 1,
            1 if err.contains("incomplete") && !err.contains("damaged") => incomplete += 1,
            _ => {
                damaged += 1;
                complaints.push(format!("kill {i}: {err}"));
            }
        }
    }
    eprintln!(
        "crash (demo --scale 20, {:.1} s uninterrupted): {total} SIGKILLs: {absent} left no \
         workbook, {incomplete} incomplete, {complete} complete, damaged = {damaged}; {:.1} s, seed {seed}",
        full.as_secs_f64(),
        started.elapsed().as_secs_f64()
    );
    assert!(complaints.is_empty(), "seed {seed}: {complaints:#?}");
    assert_eq!(damaged, 0);
}

#[test]
fn killing_a_passphrase_change_or_a_restore_leaves_one_working_passphrase() {
    let (mut rng, seed) = Rng::seeded();
    let started = Instant::now();
    let d = Dir::new();
    d.run(&["demo"]).ok();
    let backup = d.path().join("backup.kindred");
    d.run(&["backup", "-o", &backup.to_string_lossy()]).ok();
    let passes = ["correct horse battery staple", "a second passphrase"];
    // One uninterrupted change, to time it: kills then spread over the whole operation.
    let t = Instant::now();
    d.run_with(&["passphrase"], &[("KINDRED_NEW_PASSPHRASE", passes[1])])
        .ok();
    let span = t.elapsed().as_millis() as u64 * 5 / 4 + 50;
    let mut current = 1usize;
    let total = (kills() / 10).max(20);
    let (mut old_kept, mut new_took, mut broken) = (0, 0, 0);
    let mut complaints = Vec::new();
    for i in 0..total {
        let (args, env): (Vec<String>, Vec<(&str, &str)>) = if i % 2 == 0 {
            (
                vec!["passphrase".into()],
                vec![
                    ("KINDRED_PASSPHRASE", passes[current]),
                    ("KINDRED_NEW_PASSPHRASE", passes[1 - current]),
                ],
            )
        } else {
            // A restore brings back the backup, whose passphrase is the first one.
            (
                vec!["restore".into(), backup.to_string_lossy().into_owned()],
                vec![("KINDRED_PASSPHRASE", passes[0])],
            )
        };
        let mut cmd = d.command(&args.iter().map(String::as_str).collect::<Vec<_>>());
        for (k, v) in &env {
            cmd.env(k, v);
        }
        let mut child = cmd
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn");
        std::thread::sleep(Duration::from_millis(rng.below(span)));
        child.kill().expect("SIGKILL");
        let _ = child.wait();
        // One of the two passphrases opens it (never both: each file has one key), and it
        // checks out, with every review in it.
        let other = 1 - current;
        let works = [current, other].into_iter().find(|&p| {
            d.run_with(&["check"], &[("KINDRED_PASSPHRASE", passes[p])])
                .code()
                == 0
        });
        match works {
            Some(p) if p == current => old_kept += 1,
            Some(p) => {
                new_took += 1;
                current = p;
            }
            None => {
                broken += 1;
                let r = d.run_with(&["check"], &[("KINDRED_PASSPHRASE", passes[current])]);
                complaints.push(format!("kill {i} ({}): {}", args[0], r.stderr()));
            }
        }
    }
    let n = d
        .run_with(
            &["reviews", "--json"],
            &[("KINDRED_PASSPHRASE", passes[current])],
        )
        .json();
    assert_eq!(
        n.as_array().map(Vec::len),
        Some(4),
        "the reviews are all there"
    );
    eprintln!(
        "crash (passphrase change and restore): {total} SIGKILLs: old passphrase still the one \
         {old_kept} times, new one in place {new_took} times, broken = {broken}; {:.1} s, seed {seed}",
        started.elapsed().as_secs_f64()
    );
    assert!(complaints.is_empty(), "seed {seed}: {complaints:#?}");
}
