//! Test helpers: run the real `kindred` binary in a temp directory, with failure output that
//! says what ran and what it printed (after ripgrep's tests/util.rs).
#![allow(dead_code)]

pub mod pdf;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub const PASS: &str = "correct horse battery staple";

pub struct Dir {
    pub tmp: tempfile::TempDir,
}

pub struct Run {
    pub cmd: String,
    pub out: Output,
}

impl Run {
    pub fn stdout(&self) -> String {
        String::from_utf8_lossy(&self.out.stdout).into_owned()
    }
    pub fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.out.stderr).into_owned()
    }
    pub fn code(&self) -> i32 {
        self.out.status.code().unwrap_or(-1)
    }
    fn describe(&self) -> String {
        format!(
            "command: {}\nexit: {:?}\n--- stdout ---\n{}\n--- stderr ---\n{}",
            self.cmd,
            self.out.status.code(),
            self.stdout(),
            self.stderr()
        )
    }
    /// Asserts success and returns stdout.
    pub fn ok(&self) -> String {
        assert!(
            self.out.status.success(),
            "expected success\n{}",
            self.describe()
        );
        self.stdout()
    }
    /// Asserts the given exit code and that stderr contains `needle`; returns stderr.
    pub fn fails(&self, code: i32, needle: &str) -> String {
        assert_eq!(self.code(), code, "wrong exit code\n{}", self.describe());
        assert!(
            self.stderr().contains(needle),
            "stderr lacks {needle:?}\n{}",
            self.describe()
        );
        self.stderr()
    }
    pub fn json(&self) -> serde_json::Value {
        let s = self.ok();
        serde_json::from_str(&s).unwrap_or_else(|e| panic!("not JSON ({e})\n{}", self.describe()))
    }
}

pub fn bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_kindred"))
}

impl Dir {
    pub fn new() -> Dir {
        Dir {
            tmp: tempfile::tempdir().expect("temp dir"),
        }
    }

    pub fn path(&self) -> &Path {
        self.tmp.path()
    }

    pub fn db(&self) -> PathBuf {
        self.path().join("workbook.kindred")
    }

    pub fn command(&self, args: &[&str]) -> Command {
        let mut c = Command::new(bin());
        c.current_dir(self.path())
            .env("KINDRED_DB", self.db())
            .env("KINDRED_PASSPHRASE", PASS)
            .env("KINDRED_TODAY", "2026-11-20")
            .args(args);
        c
    }

    pub fn run(&self, args: &[&str]) -> Run {
        self.run_with(args, &[])
    }

    pub fn run_with(&self, args: &[&str], env: &[(&str, &str)]) -> Run {
        let mut c = self.command(args);
        for (k, v) in env {
            c.env(k, v);
        }
        let out = c.output().expect("run kindred");
        Run {
            cmd: format!("kindred {}", args.join(" ")),
            out,
        }
    }

    /// A new workbook with one review in England, `T-1` (fictional), with `extra` review
    /// options, and one person named `name`; returns the person's id.
    pub fn review_with_one_person(&self, extra: &[&str], name: &str) -> String {
        self.run(&["init"]).ok();
        let mut args = vec![
            "review",
            "add",
            "--reference",
            "T-1",
            "--nation",
            "england",
            "--type",
            "lcspr",
            "--pseudonym",
            "Child T",
            "--body",
            "Test Partnership (fictional)",
            "--author-name",
            "A Reviewer",
        ];
        args.extend_from_slice(extra);
        self.run(&args).ok();
        self.run(&["member", "add", "--review", "T-1", "--name", name])
            .ok()
            .trim()
            .to_string()
    }

    pub fn bytes(&self) -> Vec<u8> {
        std::fs::read(self.db()).expect("read workbook")
    }
}
