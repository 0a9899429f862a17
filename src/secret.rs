//! The passphrase, held as briefly and in as few copies as Kindred can manage.
//!
//! Why: the passphrase is the workbook's only key. A copy left in freed memory can reach a
//! swap file, a crash dump or another process's view of this one. So the passphrase lives in
//! a [`Secret`], which is overwritten when dropped; the key is given to SQLCipher straight
//! from it (`sqlite3_key`, not a `PRAGMA key` text that would be copied and freed unwiped);
//! and while a workbook is open the process is made non-dumpable ([`harden_process`]).

use zeroize::Zeroizing;

/// A passphrase, overwritten with zeros when dropped. Debug output never shows it.
pub struct Secret(Zeroizing<String>);

impl Secret {
    pub fn new(s: &str) -> Secret {
        Secret(Zeroizing::new(s.to_string()))
    }

    /// Takes ownership of `s` without copying it (its buffer is wiped on drop).
    pub fn from_string(s: String) -> Secret {
        Secret(Zeroizing::new(s))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }

    /// Whether `candidate` is this passphrase, compared in time that does not depend on
    /// where they differ.
    pub fn is(&self, candidate: &str) -> bool {
        let (a, b) = (self.0.as_bytes(), candidate.as_bytes());
        let mut diff = a.len() ^ b.len();
        for i in 0..a.len().max(b.len()) {
            let x = a.get(i).copied().unwrap_or(0);
            let y = b.get(i).copied().unwrap_or(0);
            diff |= usize::from(x ^ y);
        }
        std::hint::black_box(diff) == 0
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(…)")
    }
}

/// Overwrites a string the caller is done with (a passphrase read from a form).
pub fn wipe(s: &mut String) {
    use zeroize::Zeroize;
    s.zeroize();
}

/// Makes this process non-dumpable: no core dump is written if it crashes, and other
/// processes of the same user cannot attach to it or read its memory through `/proc`.
/// Called when a workbook is opened; it lasts for the life of the process. Linux only
/// (elsewhere the system's defaults apply).
pub fn harden_process() {
    #[cfg(target_os = "linux")]
    // SAFETY: prctl(PR_SET_DUMPABLE) and setrlimit(RLIMIT_CORE) take no pointers beyond the
    // limit struct, which lives on this stack frame for the call.
    unsafe {
        libc::prctl(libc::PR_SET_DUMPABLE, 0, 0, 0, 0);
        let none = libc::rlimit {
            rlim_cur: 0,
            rlim_max: 0,
        };
        libc::setrlimit(libc::RLIMIT_CORE, &none);
    }
}

/// Whether [`harden_process`] is in force (for tests).
pub fn process_is_hardened() -> bool {
    #[cfg(target_os = "linux")]
    // SAFETY: prctl(PR_GET_DUMPABLE) takes no pointers.
    unsafe {
        libc::prctl(libc::PR_GET_DUMPABLE, 0, 0, 0, 0) == 0
    }
    #[cfg(not(target_os = "linux"))]
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_not_printed_and_compare_exactly() {
        let s = Secret::new("hunter2 hunter2");
        assert_eq!(format!("{s:?}"), "Secret(…)");
        assert!(s.is("hunter2 hunter2"));
        assert!(!s.is("hunter2 hunter"));
        assert!(!s.is(""));
    }
}
