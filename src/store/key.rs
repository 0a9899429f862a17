//! The workbook's key: the passphrase given to SQLCipher, and the process settings made
//! before the first key is set. One place for it, used by opening a workbook (`store`),
//! by every copy and check the backups make (`backup`), and by re-keying: before, the
//! store reached into `backup` for [`Secret`] and `backup` reached back for `set_key`.

use std::path::Path;
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};
use zeroize::Zeroizing;

use super::APPLICATION_ID;
use crate::error::{Error, Result};

pub use crate::secret::Secret;

/// Bytes of one large lookaside slot, and how many bytes of slots a connection keeps.
const LOOKASIDE_SLOT: i32 = 4096;
const LOOKASIDE_BYTES: i32 = 2 * 1024 * 1024;

/// Gives a new connection lookaside memory large enough for the rows and statements it
/// works with: SQLite then takes their memory from one block kept for the connection
/// instead of from the heap. Called before anything runs on the connection (SQLite refuses
/// to change lookaside while any is in use; it is then left as it was).
///
/// Why: with memory security on, SQLCipher locks every heap allocation into memory and
/// unlocks and wipes it when freed, two system calls each time. SQLite's own lookaside
/// (slots of 1,200 bytes) is too small for a person's or a contact's record, so reading a
/// large workbook cost tens of thousands of those calls (a tenth of a sheet batch's time).
/// The block is itself allocated, locked and, when the connection closes, wiped by
/// SQLCipher; a slot is reused without a wipe while the connection is open, as SQLite's
/// default slots always were.
pub(super) fn roomy_lookaside(conn: &Connection) {
    // SAFETY: the handle is this open connection's; a null buffer asks SQLite to allocate
    // the slots itself; the two sizes are C ints, as SQLITE_DBCONFIG_LOOKASIDE reads them.
    let _ = unsafe {
        rusqlite::ffi::sqlite3_db_config(
            conn.handle(),
            rusqlite::ffi::SQLITE_DBCONFIG_LOOKASIDE,
            std::ptr::null_mut::<std::ffi::c_void>(),
            LOOKASIDE_SLOT,
            LOOKASIDE_BYTES / LOOKASIDE_SLOT,
        )
    };
}

pub(super) fn set_key(conn: &Connection, passphrase: &str) -> Result<()> {
    // The key straight from the caller's buffer: `PRAGMA key = '…'` would copy it into SQL
    // text that is freed without being wiped. SQLCipher derives the same key from the same
    // bytes either way, so workbooks keyed with the PRAGMA open unchanged.
    give_key(conn, passphrase.as_bytes())
}

/// Gives SQLCipher `key` (a passphrase, or a raw key as `x'…'`) with `sqlite3_key`, from the
/// caller's buffer, after quieting SQLCipher's own log (Kindred gives its own message).
fn give_key(conn: &Connection, key: &[u8]) -> Result<()> {
    quiet(conn);
    // Only a passphrase can be that long (a raw key is 67 bytes).
    let len = std::ffi::c_int::try_from(key.len())
        .map_err(|_| Error::Passphrase("the passphrase is too long".into()))?;
    // SAFETY: the handle is this open connection's; the pointer and length describe `key`,
    // which outlives the call; SQLCipher copies what it needs.
    let rc = unsafe {
        rusqlite::ffi::sqlite3_key(conn.handle(), key.as_ptr().cast::<std::ffi::c_void>(), len)
    };
    if rc != rusqlite::ffi::SQLITE_OK {
        return Err(Error::Internal(format!("sqlite3_key failed ({rc})")));
    }
    Ok(())
}

/// SQLCipher 4's key derivation, as every Kindred workbook is keyed: PBKDF2-HMAC-SHA512,
/// 256,000 iterations, a 32-byte key, from the 16-byte salt SQLCipher keeps at the start of
/// the file.
const KDF_ITERATIONS: u32 = 256_000;
const SALT_BYTES: usize = 16;
const KEY_BYTES: usize = 32;

/// Keys a connection to the existing workbook at `path` with the key derived here from the
/// passphrase and the file's salt, given to SQLCipher raw (`x'…'`, 64 hex digits: SQLCipher
/// still reads the salt from the file and derives the page-HMAC key from this one, exactly
/// as it does after deriving it itself). A file too short to hold a salt is keyed with the
/// passphrase, for SQLCipher to refuse in its own words.
///
/// Why: unlocking is dominated by the key derivation, and OpenSSL 3's PBKDF2 spends about
/// a third of its time outside SHA-512 itself (an HMAC context copied and providers
/// dispatched for every one of its 512,000 hashes). Here each iteration is two calls of the
/// same compression: on this project's 2-core machines, about 90 ms against 150–180.
/// Same function, same parameters, same key: workbooks, backups and other copies open
/// either way (the tests below hold the two together).
pub(super) fn set_key_of_file(conn: &Connection, path: &Path, passphrase: &str) -> Result<()> {
    use std::io::Read;
    let mut salt = [0u8; SALT_BYTES];
    let read = std::fs::File::open(path).and_then(|mut f| f.read_exact(&mut salt));
    if read.is_err() {
        return set_key(conn, passphrase);
    }
    let key = derive_key(passphrase.as_bytes(), &salt);
    // x' + hex + ': the form SQLCipher takes as a raw key.
    let mut spec = Zeroizing::new(Vec::with_capacity(KEY_BYTES * 2 + 3));
    spec.extend_from_slice(b"x'");
    for b in key.iter() {
        for nibble in [b >> 4, b & 0x0f] {
            spec.push(b"0123456789abcdef"[usize::from(nibble)]);
        }
    }
    spec.push(b'\'');
    // `spec` is wiped on drop.
    give_key(conn, &spec)
}

/// The key SQLCipher 4 derives from `passphrase` and a file's `salt`, wiped on drop.
fn derive_key(passphrase: &[u8], salt: &[u8; SALT_BYTES]) -> Zeroizing<[u8; KEY_BYTES]> {
    pbkdf2_sha512(passphrase, salt, KDF_ITERATIONS, sha512_compress)
}

/// One SHA-512 compression: the state after one more 128-byte block.
type Compress = fn(&mut [u64; 8], &[u8; 128]);

/// PBKDF2-HMAC-SHA512 (RFC 8018) of a 16-byte salt, for the first 32 bytes of output (one
/// block), on a SHA-512 compression function alone. Each iteration is exactly two
/// compressions: HMAC's inner and outer pads are hashed once, up front, and every message
/// after them is one padded block. Every buffer derived from the passphrase is wiped when
/// dropped (copies the compiler makes on the stack while moving them are not).
fn pbkdf2_sha512(
    passphrase: &[u8],
    salt: &[u8; SALT_BYTES],
    iterations: u32,
    compress: Compress,
) -> Zeroizing<[u8; KEY_BYTES]> {
    use sha2::Digest;
    const IV: [u64; 8] = [
        0x6a09e667f3bcc908,
        0xbb67ae8584caa73b,
        0x3c6ef372fe94f82b,
        0xa54ff53a5f1d36f1,
        0x510e527fade682d1,
        0x9b05688c2b3e6c1f,
        0x1f83d9abfb41bd6b,
        0x5be0cd19137e2179,
    ];
    // HMAC's key: the passphrase, or its hash when longer than a block.
    let mut hashed = Zeroizing::new([0u8; 64]);
    let hmac_key: &[u8] = if passphrase.len() > 128 {
        hashed.copy_from_slice(&sha2::Sha512::digest(passphrase));
        hashed.as_slice()
    } else {
        passphrase
    };
    let mut block = Zeroizing::new([0u8; 128]);
    let mut pad = |byte: u8| {
        block.fill(byte);
        for (b, k) in block.iter_mut().zip(hmac_key) {
            *b ^= k;
        }
        let mut state = Zeroizing::new(IV);
        compress(&mut state, &block);
        state
    };
    let inner = pad(0x36);
    let outer = pad(0x5c);
    // A block holding one message of `len` bytes after a 128-byte pad: the message, 0x80,
    // zeros, and the length in bits (of pad and message) in its last bytes.
    let frame = |block: &mut [u8; 128], len: usize| {
        block[len..].fill(0);
        block[len] = 0x80;
        let bits = ((128 + len) * 8) as u64;
        block[120..].copy_from_slice(&bits.to_be_bytes());
    };
    let put = |block: &mut [u8; 128], state: &[u64; 8]| {
        for (chunk, word) in block.chunks_exact_mut(8).zip(state) {
            chunk.copy_from_slice(&word.to_be_bytes());
        }
    };
    // U1 = HMAC(passphrase, salt || 1).
    block[..SALT_BYTES].copy_from_slice(salt);
    block[SALT_BYTES..SALT_BYTES + 4].copy_from_slice(&1u32.to_be_bytes());
    frame(&mut block, SALT_BYTES + 4);
    let mut state = Zeroizing::new(*inner);
    compress(&mut state, &block);
    frame(&mut block, 64);
    put(&mut block, &state);
    let mut u = Zeroizing::new(*outer);
    compress(&mut u, &block);
    let mut sum = Zeroizing::new(*u);
    // U2 … Un: the block keeps its padding and length; only its first 64 bytes change.
    for _ in 1..iterations {
        put(&mut block, &u);
        *state = *inner;
        compress(&mut state, &block);
        put(&mut block, &state);
        *u = *outer;
        compress(&mut u, &block);
        for (s, x) in sum.iter_mut().zip(u.iter()) {
            *s ^= x;
        }
    }
    let mut key = Zeroizing::new([0u8; KEY_BYTES]);
    for (chunk, word) in key.chunks_exact_mut(8).zip(sum.iter()) {
        chunk.copy_from_slice(&word.to_be_bytes());
    }
    key
}

/// SHA-512's compression by OpenSSL's libcrypto (already linked for SQLCipher), whose
/// assembly is about half again as fast here as the portable Rust one.
#[cfg(target_os = "linux")]
fn sha512_compress(state: &mut [u64; 8], block: &[u8; 128]) {
    /// OpenSSL's `SHA512_CTX`: the chaining state first, then what `SHA512_Transform`
    /// leaves alone (it reads and writes the state only).
    #[repr(C)]
    struct Sha512Ctx {
        h: [u64; 8],
        nl: u64,
        nh: u64,
        u: [u8; 128],
        num: std::ffi::c_uint,
        md_len: std::ffi::c_uint,
    }
    #[link(name = "crypto")]
    extern "C" {
        fn SHA512_Transform(c: *mut Sha512Ctx, data: *const u8);
    }
    let mut ctx = Sha512Ctx {
        h: *state,
        nl: 0,
        nh: 0,
        u: [0; 128],
        num: 0,
        md_len: 64,
    };
    // SAFETY: `ctx` is a whole SHA512_CTX as OpenSSL 1.1 and 3 lay it out; `block` is the
    // 128 bytes SHA512_Transform reads; both outlive the call.
    unsafe { SHA512_Transform(&mut ctx, block.as_ptr()) };
    *state = ctx.h;
    zeroize::Zeroize::zeroize(&mut ctx.h);
}

/// SHA-512's compression in Rust, where no libcrypto is linked (macOS) or found the same way.
#[cfg(not(target_os = "linux"))]
fn sha512_compress(state: &mut [u64; 8], block: &[u8; 128]) {
    sha2_compress(state, block);
}

#[cfg(any(test, not(target_os = "linux")))]
fn sha2_compress(state: &mut [u64; 8], block: &[u8; 128]) {
    sha2::compress512(state, &[(*block).into()]);
}

/// Process-wide SQLCipher and process settings made once, before the first key is set:
/// SQLCipher's memory security (every allocation it frees is wiped, and its key material is
/// locked out of swap) and a non-dumpable process.
pub(super) fn harden_once() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        if let Ok(conn) = Connection::open_in_memory() {
            let _ = conn.execute_batch("PRAGMA cipher_memory_security = ON");
        }
        crate::secret::harden_process();
    });
}

/// Stops SQLCipher writing its own log lines to stderr (a failed key or a damaged page is
/// reported once, as the caller's own error message).
pub(super) fn quiet(conn: &Connection) {
    let _ = conn.query_row("PRAGMA cipher_log_level = NONE", [], |r| {
        r.get::<_, String>(0)
    });
}

/// Opens a workbook with the passphrase for copying, or None when the key does not fit.
pub(super) fn open_keyed(path: &Path, passphrase: &str) -> Option<Connection> {
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .ok()?;
    roomy_lookaside(&conn);
    quiet(&conn);
    set_key_of_file(&conn, path, passphrase).ok()?;
    conn.busy_timeout(Duration::from_secs(3)).ok()?;
    let app: i64 = conn
        .query_row("PRAGMA application_id", [], |r| r.get(0))
        .ok()?;
    (app == APPLICATION_ID).then_some(conn)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hex(key: &[u8]) -> String {
        key.iter().map(|b| format!("{b:02x}")).collect()
    }

    const SALT: [u8; SALT_BYTES] = [
        0x0f, 0x1e, 0x2d, 0x3c, 0x4b, 0x5a, 0x69, 0x78, 0x87, 0x96, 0xa5, 0xb4, 0xc3, 0xd2, 0xe1,
        0xf0,
    ];

    /// Known answers from OpenSSL's own PBKDF2 (`openssl kdf -keylen 32 -kdfopt
    /// digest:SHA512 -kdfopt pass:… -kdfopt hexsalt:… -kdfopt iter:… PBKDF2`), through both
    /// SHA-512 compressions: a short passphrase, one longer than HMAC's block (hashed first),
    /// and two iterations.
    #[test]
    fn the_key_is_pbkdf2_hmac_sha512_as_openssl_derives_it() {
        let long = format!("{}long passphrase", "ä".repeat(70));
        let cases: [(&[u8], [u8; SALT_BYTES], u32, &str); 3] = [
            (
                b"abcdefghijkl",
                [
                    0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0x99, 0xaa, 0xbb, 0xcc,
                    0xdd, 0xee, 0xff,
                ],
                KDF_ITERATIONS,
                "1d74e0357072a52ac4f5445af177f5c42114fa98e785994eab9760f41f562508",
            ),
            (
                long.as_bytes(),
                SALT,
                KDF_ITERATIONS,
                "40d85f6f0068f4b8b300219dace393f2fced4e4eaf73105cfc35d8d4998d13c7",
            ),
            (
                b"x",
                SALT,
                2,
                "34b64fbf42c196b0f94a1d9d7498935f0b86cc0fe093e8b65e7085c5a1e07e62",
            ),
        ];
        for (pass, salt, iterations, want) in cases {
            for (name, compress) in [
                ("the build's", sha512_compress as Compress),
                ("Rust's", sha2_compress as Compress),
            ] {
                let key = pbkdf2_sha512(pass, &salt, iterations, compress);
                assert_eq!(
                    hex(key.as_slice()),
                    want,
                    "{name} SHA-512, {} bytes of passphrase, {iterations} iterations",
                    pass.len()
                );
            }
        }
        assert_eq!(
            hex(derive_key(b"x", &SALT).as_slice()),
            hex(pbkdf2_sha512(b"x", &SALT, 256_000, sha2_compress).as_slice()),
            "the key uses SQLCipher 4's 256,000 iterations"
        );
    }

    /// A workbook SQLCipher keyed from the passphrase opens with the key derived here, and
    /// only with the right passphrase; and what is written through the derived key reads
    /// back through SQLCipher's own derivation.
    #[test]
    fn the_derived_key_opens_what_sqlcipher_keyed_and_the_reverse() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("w.kindred");
        drop(
            super::super::Store::create(
                &path,
                "the right passphrase",
                super::super::Completeness::Complete,
            )
            .expect("create"),
        );
        let read =
            |conn: &Connection| conn.query_row("PRAGMA application_id", [], |r| r.get::<_, i64>(0));

        let derived = Connection::open(&path).expect("open");
        set_key_of_file(&derived, &path, "the right passphrase").expect("key");
        assert_eq!(
            read(&derived).expect("read with the derived key"),
            APPLICATION_ID
        );
        derived
            .execute_batch("CREATE TABLE written_through_the_derived_key (x); INSERT INTO written_through_the_derived_key VALUES (42);")
            .expect("write");
        drop(derived);

        let sqlcipher = Connection::open(&path).expect("open");
        set_key(&sqlcipher, "the right passphrase").expect("key");
        let x: i64 = sqlcipher
            .query_row("SELECT x FROM written_through_the_derived_key", [], |r| {
                r.get(0)
            })
            .expect("SQLCipher's own key reads what the derived key wrote");
        assert_eq!(x, 42);
        drop(sqlcipher);

        let wrong = Connection::open(&path).expect("open");
        set_key_of_file(&wrong, &path, "the wrong passphrase").expect("key");
        let refused = read(&wrong).expect_err("a wrong passphrase must not open it");
        assert!(
            matches!(Error::from(refused), Error::WrongPassphrase),
            "a wrong passphrase is told as one"
        );
    }
}
