//! Whole pages of shaped text: a sheet and a feedback form whose wording is all in Urdu,
//! Arabic, Bengali or Gurmukhi script (a stand-in of the English length, not a
//! translation: tests/fixtures/pseudo_wording.rs) lay out with nothing missing, pass
//! qpdf, and read back in order. Kept apart from documents_languages.rs because a loaded
//! wording is the whole process's.
//!
//! `KINDRED_KEEP_PDF=DIR` keeps the files, to look at them (`pdftoppm -png -r 80`).

use std::path::PathBuf;
use std::process::Command;

use chrono::NaiveDate;
use kindred::documents::*;
use kindred::domain::nation::{Nation, ReviewType};

include!("fixtures/pseudo_wording.rs");

fn run(program: &str, args: &[&str]) -> String {
    let out = Command::new(program)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("could not run {program}: {e}"));
    assert!(
        out.status.success(),
        "{program}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).to_string()
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
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
            interpreter_language: None,
            supporter: None,
        }),
        support: vec![SupportService {
            name: "Child Bereavement UK".into(),
            description: "Support for families when a child dies.".into(),
            phone: Some("0800 02 888 40".into()),
            website: Some("childbereavementuk.org".into()),
            hours: Some("Monday to Friday, 9am to 5pm".into()),
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

#[test]
fn whole_pages_in_each_script_lay_out_and_read_back() {
    let keep = std::env::var_os("KINDRED_KEEP_PDF").map(PathBuf::from);
    let dir = tempfile::tempdir().unwrap();
    for (code, words, recipient, choice) in [
        ("ur", URDU_WORDS, "عائشہ بی بی", LanguageChoice::UrduEnglish),
        (
            "ar",
            ARABIC_WORDS,
            "ليلى حسن",
            LanguageChoice::ArabicEnglish,
        ),
        (
            "bn",
            BENGALI_WORDS,
            "রহিমা খাতুন",
            LanguageChoice::BengaliEnglish,
        ),
        (
            "pa",
            PUNJABI_WORDS,
            "ਹਰਪ੍ਰੀਤ ਕੌਰ",
            LanguageChoice::PunjabiEnglish,
        ),
    ] {
        use_translation(&pseudo_wording(code, words)).expect("stand-in wording");
        let opts = SheetOptions {
            variant: Variant::Standard,
            languages: choice,
        };
        let sheet = render_sheet(&view(recipient), &opts).expect("sheet");
        let form_opts = FormOptions {
            short: false,
            languages: choice,
            large_print: false,
        };
        let form_view = FormView {
            respondent_name: Some(recipient.into()),
            nation: Nation::England,
            review_type: ReviewType::Lcspr,
            author_name: "Sam Patel".into(),
            return_address: Some("PO Box 1\nNF1 1AA".into()),
            partnership: "Northfield Safeguarding Children Partnership".into(),
            partnership_cy: None,
            prepared_on: date(2026, 9, 1),
        };
        let form = render_feedback_form(&form_view, &form_opts).expect("form");
        for (what, doc) in [("sheet", &sheet), ("form", &form)] {
            assert!(
                doc.missing_glyphs.is_empty(),
                "{code} {what}: {:?}",
                doc.missing_glyphs
            );
            let path = dir.path().join(format!("{code}-{what}.pdf"));
            std::fs::write(&path, &doc.bytes).unwrap();
            if let Some(keep) = &keep {
                std::fs::copy(&path, keep.join(format!("{code}-{what}.pdf"))).unwrap();
            }
            let p = path.to_str().unwrap();
            assert!(run("qpdf", &["--check", p]).contains("No syntax or stream encoding errors"));
            let text = run("pdftotext", &["-enc", "UTF-8", p, "-"]);
            let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
            assert!(flat.contains(recipient), "{code} {what}: {flat}");
            // Every word of the stand-in comes back whole, in the script.
            for w in words {
                assert!(flat.contains(w), "{code} {what}: {w} missing from\n{flat}");
            }
        }
        assert!(sheet.pages >= 2, "{code}: {} pages", sheet.pages);
    }
}
