//! Workbook benchmarks on a generated workbook of 2,000 reviews (about 16,000 people and
//! 200,000 contacts): open and unlock, the dashboard (the first after unlocking, and again),
//! one person's page, one sheet.
//! The workbook is generated once into target/bench-data/ (set KINDRED_BENCH_SCALE to change).

use std::path::PathBuf;

use criterion::{criterion_group, criterion_main, Criterion};
use kindred::workbook::documents::Destination;
use kindred::workbook::forms::SheetRequestForm;
use kindred::workbook::trust::Existing;
use kindred::Workbook;

const PASS: &str = "bench passphrase";

fn workbook_path() -> PathBuf {
    let scale: u32 = std::env::var("KINDRED_BENCH_SCALE")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(2000);
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench-data");
    std::fs::create_dir_all(&dir).expect("bench dir");
    let path = dir.join(format!("scale-{scale}.kindred"));
    if !path.exists() {
        eprintln!(
            "generating a workbook of {scale} reviews at {}",
            path.display()
        );
        let summary =
            kindred::workbook::demo::scaled(&path, PASS, scale, |_| {}).expect("generate");
        eprintln!("{summary}");
    }
    path
}

fn benches(c: &mut Criterion) {
    let path = workbook_path();
    let mut g = c.benchmark_group("workbook");
    g.sample_size(10);
    g.bench_function("open_and_unlock", |b| {
        b.iter(|| Workbook::open(&path, PASS).expect("open"))
    });
    // The first dashboard after unlocking reads its pages from the file (each one decrypted);
    // later ones find them in the page cache. This minus open_and_unlock is the first one.
    g.bench_function("open_then_dashboard", |b| {
        b.iter(|| {
            let wb = Workbook::open(&path, PASS).expect("open");
            wb.dashboard().expect("dashboard")
        })
    });
    let mut wb = Workbook::open(&path, PASS).expect("open");
    g.bench_function("dashboard", |b| {
        b.iter(|| wb.dashboard().expect("dashboard"))
    });
    let member = wb
        .members(wb.reviews().expect("reviews")[1000.min(wb.reviews().expect("r").len() - 1)].id)
        .expect("members")[0]
        .id;
    g.sample_size(50);
    g.bench_function("member_page", |b| {
        b.iter(|| wb.member_view(member).expect("member"))
    });
    let ok = wb
        .members(wb.reviews().expect("reviews")[0].id)
        .expect("members")
        .into_iter()
        .find(|m| kindred::domain::safety::may_receive_document(m, wb.today()).is_ok())
        .map(|m| m.id);
    let sheet_path = docs_dir().join("bench-sheet.pdf");
    if let Some(m) = ok {
        g.bench_function("sheet_in_workbook", |b| {
            b.iter(|| {
                wb.make_sheet(
                    &SheetRequestForm {
                        member_id: m,
                        ..SheetRequestForm::default()
                    },
                    Destination::Path {
                        path: &sheet_path,
                        existing: Existing::Replace,
                    },
                )
                .expect("sheet")
            })
        });
    }
    g.finish();
}

criterion_group!(workbook, benches);
criterion_main!(workbook);

/// A folder for documents made by a test, kept apart from every other test's.
fn docs_dir() -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("kindred-test-docs-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    dir
}
