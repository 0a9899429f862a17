//! The one way Kindred writes a file: PDFs, exports, backups, settings, summaries.
//!
//! Why one writer: a file Kindred writes carries a bereaved family's details, so every file
//! must be readable by its owner alone, appear whole or not at all, never replace a file the
//! author did not ask to replace, and never land on the workbook or its backups. Four writers
//! each kept some of these rules; one keeps all of them.
//!
//! How a file is written ([`write`], [`write_with`]):
//! 1. The destination is resolved (its folder canonicalised, a symbolic link at its name
//!    followed) and refused if it is, or is inside, anything in [`Protected`]: the workbook,
//!    its `-wal`, `-shm` and `-journal` files, its lock file, its backups folder.
//! 2. A temporary file is made beside it with `O_CREAT | O_EXCL | O_NOFOLLOW` and mode 0600
//!    (set again with `fchmod`, whatever the umask), filled, and `fsync`ed.
//! 3. It is moved into place without replacing anything (a hard link, which fails when the
//!    name is taken, then the temporary name is removed), or, when [`Existing::Replace`] was
//!    asked for, renamed over the old file; [`Existing::NumberAnew`] tries `name-2.pdf`,
//!    `name-3.pdf`, … instead. The folder is `fsync`ed after.
//!
//! Many files at once (the sheet batch: [`stage`] on any thread, then [`place_staged`]):
//! step 2 without its `fsync`, then one sync of the file system for them all, then step 3
//! for each. The rule is the same: no name appears before its file is whole on disk.
//!
//! A failure at any step removes the temporary file and leaves the destination as it was.
//! Folders Kindred makes are 0700 ([`private_dir`]).

use std::fs::{self, File, OpenOptions};
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// What to do when the destination already exists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Existing {
    /// Refuse with [`Error::AlreadyExists`] (the default: Kindred never overwrites unasked).
    #[default]
    Refuse,
    /// Replace it (the CLI's `--force`); protected files are still refused.
    Replace,
    /// Keep it and write `name-2.ext`, `name-3.ext`, … instead (the desktop's documents).
    NumberAnew,
}

/// Paths no file write may land on or in: a workbook, its side files and its backups.
#[derive(Debug, Clone, Default)]
pub struct Protected {
    files: Vec<PathBuf>,
    folders: Vec<PathBuf>,
    /// (device, inode) of the protected files that exist, so a hard link is caught too.
    ids: Vec<(u64, u64)>,
}

/// Nothing protected: for the store's own writes (into the backups folder, over the workbook
/// when re-keying) and files that are not the author's (settings).
pub static NOTHING: Protected = Protected {
    files: Vec::new(),
    folders: Vec::new(),
    ids: Vec::new(),
};

impl Protected {
    /// Protects these files and everything inside these folders.
    pub fn new(files: &[PathBuf], folders: &[PathBuf]) -> Protected {
        let files: Vec<PathBuf> = files.iter().map(|f| resolve(f)).collect();
        let ids = files.iter().filter_map(|f| file_id(f)).collect();
        Protected {
            files,
            folders: folders.iter().map(|f| resolve(f)).collect(),
            ids,
        }
    }

    /// Refuses `dest` when it resolves to a protected file or into a protected folder.
    pub fn check(&self, dest: &Path) -> Result<()> {
        let real = resolve(dest);
        let hit_file =
            self.files.contains(&real) || file_id(&real).is_some_and(|id| self.ids.contains(&id));
        let hit_folder = self
            .folders
            .iter()
            .any(|d| real == *d || real.starts_with(d));
        if hit_file || hit_folder {
            let what = if hit_file {
                "that is the workbook or one of its own files"
            } else {
                "that is the workbook's backups folder"
            };
            return Err(Error::Protected(format!(
                "{}: {what}; Kindred never writes there. Choose another name or folder",
                dest.display()
            )));
        }
        Ok(())
    }
}

/// How to write one file.
#[derive(Debug, Clone, Copy)]
pub struct WriteOptions<'a> {
    pub existing: Existing,
    pub protected: &'a Protected,
    /// Whether the writer leaves `fsync` of the folder to its caller, who writes many files
    /// into one folder and syncs it once before recording them (the sheet batch). Default:
    /// the folder is synced after each file.
    pub caller_syncs_folder: bool,
}

impl<'a> WriteOptions<'a> {
    pub fn new(existing: Existing, protected: &'a Protected) -> WriteOptions<'a> {
        WriteOptions {
            existing,
            protected,
            caller_syncs_folder: false,
        }
    }
}

/// Writes `bytes` to `dest` as the module explains; returns the path written (which differs
/// from `dest` only with [`Existing::NumberAnew`]).
pub fn write(dest: &Path, bytes: &[u8], opts: WriteOptions<'_>) -> Result<PathBuf> {
    use std::io::Write;
    write_with(dest, opts, |_, mut file| {
        let what = format!("could not write {}", dest.display());
        // Synced by `write_with`, once.
        file.write_all(bytes).map_err(|e| io_error(&what, &e))
    })
}

/// Like [`write`], but `fill` writes the temporary file itself: it is given the temporary
/// path (already created empty, owner-only) and the open file. What `fill` leaves there is
/// synced and moved into place. Used for database copies, which SQLite writes by path.
pub fn write_with(
    dest: &Path,
    opts: WriteOptions<'_>,
    fill: impl FnOnce(&Path, File) -> Result<()>,
) -> Result<PathBuf> {
    let what = format!("could not write {}", dest.display());
    check_destination(dest, opts)?;
    let (tmp, file) = create_temp(dest).map_err(|e| io_error(&what, &e))?;
    let result = fill(&tmp, file)
        .and_then(|()| sync_file(&tmp).map_err(|e| io_error(&what, &e)))
        .and_then(|()| place(&tmp, dest, opts));
    if result.is_err() {
        remove_with_side_files(&tmp);
    }
    result
}

/// Step 1: refuses a destination that is a folder, in no folder, protected, or (unless
/// asked) taken.
fn check_destination(dest: &Path, opts: WriteOptions<'_>) -> Result<()> {
    let what = format!("could not write {}", dest.display());
    if dest.file_name().is_none() {
        return Err(Error::Io(format!(
            "{what}: that is a folder, not a file name"
        )));
    }
    let folder = parent_of(dest);
    match fs::metadata(&folder) {
        Ok(m) if m.is_dir() => {}
        Ok(_) => {
            return Err(Error::Io(format!(
                "{what}: {} is not a folder",
                folder.display()
            )))
        }
        Err(e) => return Err(io_error(&what, &e)),
    }
    opts.protected.check(dest)?;
    if opts.existing == Existing::Refuse && fs::symlink_metadata(dest).is_ok() {
        return Err(Error::AlreadyExists(dest.display().to_string()));
    }
    if fs::metadata(dest).is_ok_and(|m| m.is_dir()) {
        return Err(Error::Io(format!("{what}: a folder has that name")));
    }
    Ok(())
}

// ----- many files at once ------------------------------------------------------------------------

/// A file filled under its temporary name and not yet in place ([`stage`]). Dropped without
/// [`place_staged`], its temporary file is removed.
#[derive(Debug)]
pub struct Staged {
    tmp: PathBuf,
    dest: PathBuf,
}

impl Staged {
    /// Where it will be placed.
    pub fn dest(&self) -> &Path {
        &self.dest
    }
}

impl Drop for Staged {
    fn drop(&mut self) {
        if !self.tmp.as_os_str().is_empty() {
            let _ = fs::remove_file(&self.tmp);
        }
    }
}

/// Steps 1 and 2 of [`write`] without the `fsync`: `bytes` under a temporary name beside
/// `dest`, owner-only. For a caller that writes many files, on many threads, and then
/// places them together with [`place_staged`], which makes them durable with one sync
/// rather than one per file.
pub fn stage(dest: &Path, bytes: &[u8], opts: WriteOptions<'_>) -> Result<Staged> {
    use std::io::Write;
    let what = format!("could not write {}", dest.display());
    check_destination(dest, opts)?;
    let (tmp, mut file) = create_temp(dest).map_err(|e| io_error(&what, &e))?;
    let staged = Staged {
        tmp,
        dest: dest.to_path_buf(),
    };
    file.write_all(bytes).map_err(|e| io_error(&what, &e))?;
    Ok(staged)
}

/// Step 3 for many staged files: their data made durable first (one `syncfs` of their
/// file system on Linux, else an `fsync` each), then each moved into place as `opts` says,
/// and each folder synced once (unless the caller syncs it). So each file is whole under
/// its name or not there, as with [`write`]. On a failure, the files this call placed are
/// removed again and nothing of the batch stays.
pub fn place_staged(staged: Vec<Staged>, opts: WriteOptions<'_>) -> Result<Vec<PathBuf>> {
    sync_staged(&staged)?;
    let mut placed: Vec<PathBuf> = Vec::with_capacity(staged.len());
    let mut folders: Vec<PathBuf> = Vec::new();
    let each = WriteOptions {
        caller_syncs_folder: true,
        ..opts
    };
    for mut s in staged {
        let tmp = std::mem::take(&mut s.tmp);
        let folder = parent_of(&s.dest);
        if !folders.contains(&folder) {
            folders.push(folder);
        }
        match place(&tmp, &s.dest, each) {
            Ok(p) => placed.push(p),
            Err(e) => {
                let _ = fs::remove_file(&tmp);
                for p in &placed {
                    let _ = fs::remove_file(p);
                }
                folders.iter().for_each(|f| sync_dir(f));
                return Err(e);
            }
        }
    }
    if !opts.caller_syncs_folder {
        folders.iter().for_each(|f| sync_dir(f));
    }
    Ok(placed)
}

/// The staged files' data on disk.
fn sync_staged(staged: &[Staged]) -> Result<()> {
    let Some(first) = staged.first() else {
        return Ok(());
    };
    let what = format!("could not write {}", first.dest.display());
    #[cfg(target_os = "linux")]
    {
        use std::os::fd::AsRawFd;
        let mut synced: Vec<PathBuf> = Vec::new();
        for s in staged {
            let folder = parent_of(&s.tmp);
            if synced.contains(&folder) {
                continue;
            }
            let dir = File::open(&folder).map_err(|e| io_error(&what, &e))?;
            // SAFETY: `dir` is an open descriptor for the call's whole length.
            if unsafe { libc::syncfs(dir.as_raw_fd()) } != 0 {
                return Err(io_error(&what, &std::io::Error::last_os_error()));
            }
            synced.push(folder);
        }
        Ok(())
    }
    #[cfg(not(target_os = "linux"))]
    {
        for s in staged {
            sync_file(&s.tmp).map_err(|e| io_error(&what, &e))?;
        }
        Ok(())
    }
}

/// Makes `dir` (and any missing parents) a folder only its owner can open. Folders that
/// already exist are left as they are (the author's own Documents folder, say).
pub fn private_dir(dir: &Path) -> Result<()> {
    if dir.is_dir() {
        return Ok(());
    }
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder.create(dir).map_err(|e| {
        io_error(
            &format!("could not create the folder {}", dir.display()),
            &e,
        )
    })?;
    set_mode(dir, 0o700);
    Ok(())
}

/// Makes an existing file owner-only (0600), if it is not already; for files made by older
/// versions or by SQLite. Errors are ignored: a file someone else owns stays as it is.
pub fn make_private(path: &Path) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        if let Ok(m) = fs::symlink_metadata(path) {
            if m.is_file() && m.permissions().mode() & 0o077 != 0 {
                set_mode(path, 0o600);
            }
        }
    }
    #[cfg(not(unix))]
    let _ = path;
}

/// Creates an empty file only its owner can read, refusing an existing file or a symbolic
/// link at that name (`O_EXCL | O_NOFOLLOW`).
pub fn create_private(path: &Path) -> std::io::Result<File> {
    let mut o = OpenOptions::new();
    o.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        o.mode(0o600).custom_flags(libc::O_NOFOLLOW);
    }
    let f = o.open(path)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // The umask may have taken bits away (never added any): set exactly 0600.
        f.set_permissions(fs::Permissions::from_mode(0o600))?;
    }
    Ok(f)
}

/// `fsync` of a folder, so the names created or renamed in it survive a crash.
pub fn sync_dir(dir: &Path) {
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
}

/// The folder a path is in (`.` for a bare name).
pub fn parent_of(path: &Path) -> PathBuf {
    path.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."))
}

/// An IO error as a one-line message that says what to do about it.
pub fn io_error(what: &str, e: &std::io::Error) -> Error {
    use std::io::ErrorKind as K;
    match e.kind() {
        K::StorageFull => Error::Io(format!("{what}: the disk is full")),
        K::PermissionDenied | K::ReadOnlyFilesystem => {
            Error::Io(format!("{what}: the folder or file is read-only"))
        }
        K::NotFound => Error::Io(format!("{what}: the folder does not exist")),
        _ if e.raw_os_error() == Some(28) => Error::Io(format!("{what}: the disk is full")),
        _ => Error::Io(format!("{what}: {e}")),
    }
}

/// A review reference as part of a file or folder name: letters, digits, `-` and `_` kept,
/// anything else (a slash, a dot at the start, a control character) made `-`.
pub fn safe_file_part(reference: &str) -> String {
    let s: String = reference
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect();
    if s.trim_matches('-').is_empty() {
        "review".into()
    } else {
        s
    }
}

// ----- the steps --------------------------------------------------------------------------------

/// A new temporary file beside `dest`: hidden, named for it, this process and a counter.
fn create_temp(dest: &Path) -> std::io::Result<(PathBuf, File)> {
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let name = dest
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "file".into());
    let folder = parent_of(dest);
    loop {
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let tmp = folder.join(format!(".{name}.partial-{}-{n}", std::process::id()));
        match create_private(&tmp) {
            Ok(f) => return Ok((tmp, f)),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e),
        }
    }
}

fn sync_file(path: &Path) -> std::io::Result<()> {
    // Opened for writing: some systems refuse fsync on a read-only descriptor.
    OpenOptions::new()
        .write(true)
        .open(path)
        .and_then(|f| f.sync_all())
}

/// Moves the finished temporary file into place as `opts` says; returns the final path.
fn place(tmp: &Path, dest: &Path, opts: WriteOptions<'_>) -> Result<PathBuf> {
    let what = format!("could not write {}", dest.display());
    let placed = match opts.existing {
        Existing::Replace => {
            opts.protected.check(dest)?;
            fs::rename(tmp, dest).map_err(|e| io_error(&what, &e))?;
            dest.to_path_buf()
        }
        Existing::Refuse => {
            place_new(tmp, dest)?;
            dest.to_path_buf()
        }
        Existing::NumberAnew => {
            let stem = dest
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            let ext = dest
                .extension()
                .map(|e| format!(".{}", e.to_string_lossy()))
                .unwrap_or_default();
            let mut n = 1;
            loop {
                let candidate = match n {
                    1 => dest.to_path_buf(),
                    n => parent_of(dest).join(format!("{stem}-{n}{ext}")),
                };
                opts.protected.check(&candidate)?;
                match place_new(tmp, &candidate) {
                    Ok(()) => break candidate,
                    Err(Error::AlreadyExists(_)) if n < 1000 => n += 1,
                    Err(e) => return Err(e),
                }
            }
        }
    };
    if !opts.caller_syncs_folder {
        sync_dir(&parent_of(dest));
    }
    Ok(placed)
}

/// Gives `tmp` the name `dest` only if nothing has that name: a hard link fails when the name
/// is taken; on file systems without hard links (FAT on a memory stick) a rename after a check.
fn place_new(tmp: &Path, dest: &Path) -> Result<()> {
    let what = format!("could not write {}", dest.display());
    match fs::hard_link(tmp, dest) {
        Ok(()) => {
            let _ = fs::remove_file(tmp);
            Ok(())
        }
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            Err(Error::AlreadyExists(dest.display().to_string()))
        }
        Err(_) => {
            if fs::symlink_metadata(dest).is_ok() {
                return Err(Error::AlreadyExists(dest.display().to_string()));
            }
            fs::rename(tmp, dest).map_err(|e| io_error(&what, &e))
        }
    }
}

/// Removes a temporary file and any side files SQLite may have left beside it.
pub fn remove_with_side_files(path: &Path) {
    let _ = fs::remove_file(path);
    for suffix in ["-journal", "-wal", "-shm"] {
        let mut p = path.as_os_str().to_owned();
        p.push(suffix);
        let _ = fs::remove_file(PathBuf::from(p));
    }
}

fn set_mode(path: &Path, mode: u32) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let _ = fs::set_permissions(path, fs::Permissions::from_mode(mode));
    }
    #[cfg(not(unix))]
    let _ = (path, mode);
}

fn file_id(path: &Path) -> Option<(u64, u64)> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        fs::metadata(path).ok().map(|m| (m.dev(), m.ino()))
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        None
    }
}

/// Where a path really points: its folder canonicalised and any symbolic links at its name
/// followed (also a link to a name that does not exist yet, such as a `-wal` file). A path
/// that cannot be resolved is returned as it was given, made absolute.
pub fn resolve(path: &Path) -> PathBuf {
    let mut current = absolute(path);
    for _ in 0..40 {
        let folder = parent_of(&current);
        let Some(name) = current.file_name().map(|n| n.to_os_string()) else {
            return current;
        };
        let folder = fs::canonicalize(&folder).unwrap_or(folder);
        let joined = folder.join(&name);
        match fs::read_link(&joined) {
            Ok(target) => current = absolute_in(&folder, &target),
            Err(_) => return joined,
        }
    }
    current
}

fn absolute(path: &Path) -> PathBuf {
    if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir()
            .map(|d| d.join(path))
            .unwrap_or_else(|_| path.to_path_buf())
    }
}

fn absolute_in(folder: &Path, path: &Path) -> PathBuf {
    if path.is_absolute() {
        path.to_path_buf()
    } else {
        folder.join(path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn opts(existing: Existing, protected: &Protected) -> WriteOptions<'_> {
        WriteOptions::new(existing, protected)
    }

    #[cfg(unix)]
    fn mode(p: &Path) -> u32 {
        use std::os::unix::fs::PermissionsExt;
        fs::metadata(p).expect("meta").permissions().mode() & 0o777
    }

    fn names_in(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .expect("list")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn staged_files_appear_only_when_placed_and_all_or_none() {
        let dir = tempfile::tempdir().expect("dir");
        let none = NOTHING.clone();
        let o = opts(Existing::Refuse, &none);
        let a = stage(&dir.path().join("a.pdf"), b"A", o).expect("a");
        let b = stage(&dir.path().join("b.pdf"), b"B", o).expect("b");
        assert_eq!(a.dest(), dir.path().join("a.pdf"));
        // Nothing under its own name yet: only hidden temporary files.
        assert!(names_in(dir.path()).iter().all(|n| n.starts_with('.')));
        let placed = place_staged(vec![a, b], o).expect("placed");
        assert_eq!(placed.len(), 2);
        assert_eq!(names_in(dir.path()), vec!["a.pdf", "b.pdf"]);
        assert_eq!(fs::read(&placed[1]).expect("read"), b"B");
        #[cfg(unix)]
        assert_eq!(mode(&placed[0]), 0o600);

        // A name taken meanwhile: that chunk is refused whole, and nothing of it stays.
        let c = stage(&dir.path().join("c.pdf"), b"C", o).expect("c");
        let d = stage(&dir.path().join("d.pdf"), b"D", o).expect("d");
        fs::write(dir.path().join("d.pdf"), b"someone else's").expect("taken");
        let err = place_staged(vec![c, d], o).expect_err("refused");
        assert!(matches!(err, Error::AlreadyExists(_)), "{err}");
        assert_eq!(names_in(dir.path()), vec!["a.pdf", "b.pdf", "d.pdf"]);
        assert_eq!(
            fs::read(dir.path().join("d.pdf")).expect("read"),
            b"someone else's"
        );

        // Dropped unplaced: its temporary file goes too.
        drop(stage(&dir.path().join("e.pdf"), b"E", o).expect("e"));
        assert_eq!(names_in(dir.path()), vec!["a.pdf", "b.pdf", "d.pdf"]);
        // Staging checks the destination as writing does.
        let err = stage(&dir.path().join("a.pdf"), b"again", o).expect_err("taken");
        assert!(matches!(err, Error::AlreadyExists(_)), "{err}");
    }

    #[test]
    fn never_overwrites_unless_asked() {
        let dir = tempfile::tempdir().expect("dir");
        let p = dir.path().join("a.pdf");
        let none = NOTHING.clone();
        write(&p, b"one", opts(Existing::Refuse, &none)).expect("first");
        let err = write(&p, b"two", opts(Existing::Refuse, &none)).expect_err("refused");
        assert!(matches!(err, Error::AlreadyExists(_)), "{err}");
        assert_eq!(fs::read(&p).expect("read"), b"one");
        let second = write(&p, b"two", opts(Existing::NumberAnew, &none)).expect("numbered");
        assert!(second.ends_with("a-2.pdf"), "{}", second.display());
        write(&p, b"three", opts(Existing::Replace, &none)).expect("replaced");
        assert_eq!(fs::read(&p).expect("read"), b"three");
        // No temporary file is left behind.
        let names: Vec<String> = fs::read_dir(dir.path())
            .expect("list")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        assert!(names.iter().all(|n| !n.starts_with('.')), "{names:?}");
    }

    #[cfg(unix)]
    #[test]
    fn files_and_folders_are_owner_only_whatever_the_umask() {
        let dir = tempfile::tempdir().expect("dir");
        let folder = dir.path().join("made").join("here");
        private_dir(&folder).expect("folder");
        assert_eq!(mode(&folder), 0o700);
        assert_eq!(mode(&dir.path().join("made")), 0o700);
        let p = folder.join("s.pdf");
        write(&p, b"x", opts(Existing::Refuse, &NOTHING)).expect("write");
        assert_eq!(mode(&p), 0o600);
    }

    #[cfg(unix)]
    #[test]
    fn protected_paths_are_refused_even_through_links_and_with_replace() {
        let dir = tempfile::tempdir().expect("dir");
        let wb = dir.path().join("w.kindred");
        fs::write(&wb, b"workbook").expect("wb");
        let backups = dir.path().join("w.kindred.backups");
        fs::create_dir(&backups).expect("backups");
        let wal = dir.path().join("w.kindred-wal");
        let protected = Protected::new(&[wb.clone(), wal.clone()], std::slice::from_ref(&backups));
        let link = dir.path().join("innocent.pdf");
        std::os::unix::fs::symlink(&wb, &link).expect("link");
        let wal_link = dir.path().join("wal.pdf");
        std::os::unix::fs::symlink(&wal, &wal_link).expect("dangling link");
        let hard = dir.path().join("hard.pdf");
        fs::hard_link(&wb, &hard).expect("hard link");
        for dest in [
            wb.clone(),
            wal.clone(),
            link,
            wal_link,
            hard,
            backups.join("x.kindred"),
            backups.clone(),
            dir.path().join("w.kindred.backups/../w.kindred"),
        ] {
            for existing in [Existing::Refuse, Existing::Replace, Existing::NumberAnew] {
                let err = write(&dest, b"%PDF", opts(existing, &protected))
                    .expect_err(&format!("{} must be refused", dest.display()));
                assert!(
                    matches!(err, Error::Protected(_)),
                    "{}: {err}",
                    dest.display()
                );
            }
        }
        assert_eq!(fs::read(&wb).expect("read"), b"workbook");
        assert!(!wal.exists());
    }

    #[test]
    fn a_missing_folder_writes_nothing() {
        let dir = tempfile::tempdir().expect("dir");
        let p = dir.path().join("missing").join("s.pdf");
        let err = write(&p, b"x", opts(Existing::Refuse, &NOTHING)).expect_err("no");
        assert!(
            err.to_string().contains("the folder does not exist"),
            "{err}"
        );
    }
}
