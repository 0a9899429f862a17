//! The bundle pre-scan (`kindred::workbook::bundle::scan`): how long it takes to refuse the
//! files of tests/bundle_limits.rs, and to pass a bundle-shaped file just under the size
//! limit (the most work it ever does). In memory, so the figures are the scan's own.

use criterion::{criterion_group, criterion_main, Criterion};
use kindred::workbook::bundle::scan::{scan, LIMITS};

fn repeat(head: &str, middle: &str, times: usize, tail: &str) -> Vec<u8> {
    let mut v = Vec::with_capacity(head.len() + middle.len() * times + tail.len());
    v.extend_from_slice(head.as_bytes());
    for _ in 0..times {
        v.extend_from_slice(middle.as_bytes());
    }
    v.extend_from_slice(tail.as_bytes());
    v
}

fn benches(c: &mut Criterion) {
    let head = r#"{"format":"kindred-review-bundle","version":1,"#;
    let list = repeat(&format!("{head}\"contacts\":["), "0,", 30_000_000, "0]}");
    let text = repeat(&format!("{head}\"exported_at\":\""), "x", 60_000_000, "\"}");
    // Contacts with 2,000-character notes, up to just under the size limit.
    let contact = format!(
        r#"{{"id":1,"review_id":1,"member_id":1,"with_member_ids":[],"date":"2026-10-11","mode":"phone","outcome":"reached","notes":"{}"}},"#,
        "Notes ż ".repeat(250)
    );
    let n = (LIMITS.max_bytes as usize - 1000) / contact.len();
    let full = repeat(&format!("{head}\"contacts\":["), &contact, n, "{}]}");
    assert!(scan(&full[..], &LIMITS).is_ok());
    let mut g = c.benchmark_group("bundle_scan");
    g.sample_size(10);
    g.bench_function("refuse_60MB_list", |b| {
        b.iter(|| scan(&list[..], &LIMITS).expect_err("refused"))
    });
    g.bench_function("refuse_60MB_text", |b| {
        b.iter(|| scan(&text[..], &LIMITS).expect_err("refused"))
    });
    g.bench_function("pass_32MB_of_contacts", |b| {
        b.iter(|| scan(&full[..], &LIMITS).expect("passes"))
    });
    g.finish();
}

criterion_group!(bundle_scan, benches);
criterion_main!(bundle_scan);
