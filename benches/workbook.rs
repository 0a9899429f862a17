//! Workbook benchmarks on a generated workbook of 2,000 reviews (about 16,000 people and
//! 200,000 contacts): open and unlock, the dashboard (the first after unlocking, and again),
//! one person's page, one sheet, the evaluation across reviews.
//! The workbook is generated once into target/bench-data/ (set KINDRED_BENCH_SCALE to change).

use std::path::PathBuf;

use criterion::{criterion_group, criterion_main, BatchSize, Criterion};
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
    // v2: the generated reviews carry feedback forms and returns (the evaluation's load);
    // a workbook generated before then is not reused.
    let path = dir.join(format!("scale-{scale}.v2.kindred"));
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
    // The desktop's page: attention first, closed reviews only counted, one page of 25.
    // Computed: what was kept is dropped before each ask (as any change to the workbook
    // drops it; one ask per setup, or a batch of setups would leave one computed ask and
    // the rest kept); kept: the workbook unchanged since the last ask (going back to it).
    let fresh = BatchSize::PerIteration;
    g.bench_function("dashboard_page", |b| {
        let o = kindred::workbook::dashboard_page::DashboardOptions::default();
        b.iter_batched(|| wb.forget_kept(), |()| wb.dashboard_page(&o), fresh)
    });
    g.bench_function("dashboard_page_kept", |b| {
        let o = kindred::workbook::dashboard_page::DashboardOptions::default();
        b.iter(|| wb.dashboard_page(&o).expect("page"))
    });
    g.bench_function("dashboard_page_searched", |b| {
        let o = kindred::workbook::dashboard_page::DashboardOptions {
            query: Some("scale-001".into()),
            ..Default::default()
        };
        b.iter_batched(|| wb.forget_kept(), |()| wb.dashboard_page(&o), fresh)
    });
    // The Due list across every review: the dashboard's pass plus the dated records.
    let next_14 = kindred::workbook::due::DueOptions {
        within_days: Some(14),
        review: None,
    };
    g.bench_function("due_next_14_days", |b| {
        b.iter_batched(|| wb.forget_kept(), |()| wb.due(&next_14), fresh)
    });
    // What unlocking asks: the page, then the Due list's soonest (one pass for both).
    g.bench_function("dashboard_page_then_due", |b| {
        let o = kindred::workbook::dashboard_page::DashboardOptions::default();
        b.iter_batched(
            || wb.forget_kept(),
            |()| (wb.dashboard_page(&o), wb.due(&next_14)),
            fresh,
        )
    });
    // Back to the dashboard just after a write (a visit planned): the pass brought up to
    // date, only the review written to read again. On a copy of the workbook, which the
    // writes change.
    g.bench_function("dashboard_page_after_a_write", |b| {
        let dir = tempfile::tempdir().expect("tmp");
        let copy = dir.path().join("copy.kindred");
        std::fs::copy(&path, &copy).expect("copy");
        let mut wb = Workbook::open(&copy, PASS).expect("open the copy");
        let o = kindred::workbook::dashboard_page::DashboardOptions::default();
        let visit = |wb: &mut Workbook, member_id: i64| {
            wb.record_contact(&kindred::workbook::forms::ContactForm {
                member_id,
                date: Some("2026-11-25".into()),
                mode: Some("phone".into()),
                outcome: Some("planned".into()),
                ..Default::default()
            })
        };
        let reviews = wb.reviews().expect("reviews");
        let people: Vec<i64> = reviews
            .iter()
            .take(20)
            .flat_map(|r| wb.members(r.id).expect("members"))
            .map(|m| m.id)
            .collect();
        let member = people
            .into_iter()
            .find(|id| visit(&mut wb, *id).is_ok())
            .expect("someone may be phoned");
        wb.dashboard_page(&o).expect("page");
        let wb = std::cell::RefCell::new(wb);
        b.iter_batched(
            || visit(&mut wb.borrow_mut(), member).expect("visit"),
            |_| wb.borrow().dashboard_page(&o).expect("page"),
            fresh,
        )
    });
    // The evaluation across every review: forms sent, feedback returned, by question, by
    // principle and by quarter.
    g.bench_function("evaluation", |b| {
        let opts = kindred::workbook::forms::EvaluationForm::default()
            .parse()
            .expect("no choices");
        b.iter(|| wb.evaluation(&opts).expect("evaluation"))
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

/// The involvement summary (issue 12, item 10: under 50 ms) for a review of 30 people,
/// 300 contacts, 100 questions and 40 contributions: drafted from the records (read from
/// the workbook), and made into a Word file.
fn summary(c: &mut Criterion) {
    use kindred::workbook::forms::*;
    use kindred::workbook::summary::{SummaryFormat, SummaryRequest};
    let dir = tempfile::tempdir().expect("temp dir");
    let mut wb = Workbook::create(&dir.path().join("summary.kindred"), PASS).expect("create");
    let s = |v: &str| Some(v.to_string());
    wb.create_review(&ReviewForm {
        reference: s("BENCH-1"),
        nation: s("england"),
        review_type: s("lcspr"),
        pseudonym: s("Child B"),
        body_name: s("Bench Partnership (fictional)"),
        author_name: s("Bench Reviewer (fictional)"),
        ..ReviewForm::default()
    })
    .expect("review");
    let mut people = Vec::new();
    for i in 0..30 {
        let m = wb
            .add_member(
                "BENCH-1",
                &MemberForm {
                    full_name: s(&format!("Person {i} Benchmark")),
                    report_pseudonym: s(&format!("Relative {i}")),
                    ..MemberForm::default()
                },
            )
            .expect("member");
        people.push(m.id);
    }
    let mut contacts = Vec::new();
    for n in 0..300 {
        let c = wb
            .record_contact(&ContactForm {
                member_id: people[n % 30],
                date: s(&format!("2026-{:02}-{:02}", 1 + n % 10, 1 + n % 28)),
                mode: s(if n % 3 == 0 { "home-visit" } else { "phone" }),
                outcome: s("reached"),
                ..ContactForm::default()
            })
            .expect("contact");
        contacts.push(c.id);
    }
    let line = wb
        .add_line(
            "BENCH-1",
            &LineForm {
                text: s("How concerns were shared"),
                source: s("reviewer"),
                added_on: s("2026-02-01"),
                ..LineForm::default()
            },
        )
        .expect("line");
    for n in 0..100 {
        let q = wb
            .add_question(
                "BENCH-1",
                &QuestionForm {
                    asked_by: vec![people[n % 30]],
                    asked_on: s("2026-03-01"),
                    words: s(&format!("Question number {n}?")),
                    line_ids: vec![line.id],
                    ..QuestionForm::default()
                },
            )
            .expect("question");
        if n % 2 == 0 {
            wb.answer_question(
                q.id,
                &AnswerForm {
                    status: s("answered"),
                    answer: s("An answer"),
                    how: s("letter"),
                    given_on: s("2026-04-01"),
                    given_by: s("The reviewer"),
                    ..AnswerForm::default()
                },
            )
            .expect("answer");
        }
    }
    let mut informed = Vec::new();
    for n in 0..40 {
        let c = wb
            .add_contribution(
                people[n % 30],
                &ContributionForm {
                    date: s("2026-03-01"),
                    kind: s(if n % 4 == 0 {
                        "about-the-child"
                    } else {
                        "services"
                    }),
                    summary: s(&format!("What they said, number {n}")),
                    permission: s("paraphrase-only"),
                    permission_agreed_on: s("2026-03-01"),
                    ..ContributionForm::default()
                },
            )
            .expect("contribution");
        informed.push(c.id);
    }
    for chunk in informed.chunks(8) {
        wb.add_finding(
            "BENCH-1",
            &FindingForm {
                title: s("A finding"),
                text: s("What the review found."),
                contribution_ids: chunk.to_vec(),
                ..FindingForm::default()
            },
        )
        .expect("finding");
    }
    let out = dir.path().join("summary.docx");
    let mut g = c.benchmark_group("summary");
    g.sample_size(20);
    g.bench_function("draft_30_people_300_contacts_100_questions", |b| {
        b.iter(|| wb.involvement_summary("BENCH-1", None).expect("summary"))
    });
    g.bench_function("save_as_docx", |b| {
        b.iter(|| {
            wb.write_summary(
                "BENCH-1",
                &SummaryRequest {
                    format: SummaryFormat::Docx,
                    language: None,
                    path: &out,
                    existing: Existing::Replace,
                },
            )
            .expect("docx")
        })
    });
    g.finish();
}

criterion_group!(workbook, benches, summary);
criterion_main!(workbook);

/// A folder for documents made by a test, kept apart from every other test's.
fn docs_dir() -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("kindred-test-docs-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    dir
}
