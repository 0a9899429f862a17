//! Document rendering benchmarks (design.md section 6: information sheet and feedback
//! form PDF, in process, median under 10 ms each on the 2-core dev machine).
//!
//! Run with `cargo bench --bench documents`.

use std::hint::black_box;

use chrono::NaiveDate;
use criterion::{criterion_group, criterion_main, Criterion};
use kindred::documents::*;
use kindred::domain::nation::{Nation, ReviewType};

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
}

fn sheet_view() -> SheetView {
    SheetView {
        recipient_name: "Siân".into(),
        child_name: "Kayden".into(),
        nation: Nation::England,
        review_type: ReviewType::Lcspr,
        body_name: "Northfield Safeguarding Children Partnership".into(),
        body_name_cy: None,
        harm: Harm::NotRecorded,
        purpose: None,
        purpose_cy: None,
        route: None,
        may_have_to_wait: false,
        naming_agreed: false,
        author: AuthorContact {
            name: "Sam Patel".into(),
            phone: Some("07700 900123".into()),
            email: Some("sam.patel@example.org".into()),
            hours: Some("Monday to Friday, 9am to 5pm".into()),
            hours_cy: None,
            postal_address: Some("PO Box 12\nNorthfield\nNF1 2AB".into()),
        },
        partnership_contact: None,
        visit: Some(VisitView {
            date: date(2026, 3, 3),
            time: Some("10:30am".into()),
            place: Some("Your home".into()),
            who_will_come: vec!["Sam Patel, the reviewer".into()],
            interpreter_language: Some("Polish".into()),
            supporter: None,
        }),
        support: vec![SupportService {
            name: "Child Bereavement UK".into(),
            description: "Support for families when a child dies.".into(),
            phone: Some("0800 02 888 40".into()),
            website: Some("childbereavementuk.org".into()),
            hours: None,
            name_cy: None,
            description_cy: None,
            hours_cy: None,
        }],
        publication: PublicationPlan::NotDecided,
        parallel_processes: true,
        findings: FindingsSharing::Wanted { weeks: Some(3) },
        complaints: None,
        complaints_cy: None,
        updates_every_days: None,
        prepared_on: date(2026, 2, 20),
    }
}

fn form_view() -> FormView {
    FormView {
        respondent_name: None,
        nation: Nation::England,
        review_type: ReviewType::Lcspr,
        author_name: "Sam Patel".into(),
        return_address: Some("PO Box 1, Northfield NF1 1AA".into()),
        partnership: "Northfield Safeguarding Children Partnership".into(),
        partnership_cy: None,
        prepared_on: date(2026, 9, 1),
    }
}

fn documents(c: &mut Criterion) {
    let sheet = sheet_view();
    let sheet_opts = SheetOptions {
        variant: Variant::Standard,
        languages: LanguageChoice::English,
    };
    // The first call parses the fonts and the wording; measure the steady state.
    render_sheet(&sheet, &sheet_opts).expect("sheet renders");
    c.bench_function("information sheet, standard, English", |b| {
        b.iter(|| render_sheet(black_box(&sheet), black_box(&sheet_opts)).expect("sheet renders"))
    });

    let form = form_view();
    let form_opts = FormOptions {
        short: false,
        languages: LanguageChoice::English,
        large_print: false,
    };
    c.bench_function("feedback form, full, English", |b| {
        b.iter(|| {
            render_feedback_form(black_box(&form), black_box(&form_opts)).expect("form renders")
        })
    });
}

criterion_group!(benches, documents);
criterion_main!(benches);
