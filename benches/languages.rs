//! One information sheet in a Latin script, in Urdu (right to left, shaped) and in
//! Bengali (shaped), each with English after it: what shaping and bidi layout cost.
//! The Urdu (Nastaliq) and Bengali wording is the one Kindred ships (still drafts).

use std::hint::black_box;

use chrono::NaiveDate;
use criterion::{criterion_group, criterion_main, Criterion};
use kindred::documents::*;
use kindred::domain::nation::{Nation, ReviewType};

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("date")
}

fn view(recipient: &str) -> SheetView {
    SheetView {
        recipient_name: recipient.into(),
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
            interpreter_language: Some("Urdu".into()),
            supporter: None,
        }),
        support: vec![],
        publication: PublicationPlan::NotDecided,
        parallel_processes: true,
        findings: FindingsSharing::Wanted { weeks: Some(3) },
        complaints: None,
        complaints_cy: None,
        updates_every_days: None,
        prepared_on: date(2026, 2, 20),
    }
}

fn languages(c: &mut Criterion) {
    let sheets = [
        ("Latin (English)", "Łucja Żółć", LanguageChoice::English),
        (
            "Urdu and English",
            "عائشہ بی بی",
            LanguageChoice::UrduEnglish,
        ),
        (
            "Bengali and English",
            "রহিমা খাতুন",
            LanguageChoice::BengaliEnglish,
        ),
    ];
    // Cold: the first sheet of each kind in this process, timed once, Bengali first (so
    // its figure includes parsing every font, as the first sheet of a fresh process
    // would), then Urdu, then Latin. Every later sheet finds the fonts parsed, the
    // subsets cut, the shaping plans made and the wording's runs already shaped.
    for (what, recipient, languages) in sheets.iter().rev() {
        let opts = SheetOptions {
            variant: Variant::Standard,
            languages: *languages,
        };
        let start = std::time::Instant::now();
        render_sheet(&view(recipient), &opts).expect("sheet renders");
        println!(
            "cold (first of its kind in this process): information sheet, standard, {what}: {:.2} ms",
            start.elapsed().as_secs_f64() * 1000.0
        );
    }
    for (what, recipient, languages) in sheets {
        let v = view(recipient);
        let opts = SheetOptions {
            variant: Variant::Standard,
            languages,
        };
        c.bench_function(&format!("information sheet, standard, {what}"), |b| {
            b.iter(|| render_sheet(black_box(&v), black_box(&opts)).expect("sheet renders"))
        });
    }
}

criterion_group!(benches, languages);
criterion_main!(benches);
