//! Unit tests of the two documents. Text extraction with the real poppler tools is in
//! tests/documents_pdf.rs.

use chrono::NaiveDate;
use proptest::prelude::*;

use super::*;

pub(crate) fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

pub(crate) fn sample_sheet() -> SheetView {
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
            postal_address: None,
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
            hours: None,
            name_cy: None,
            description_cy: None,
            hours_cy: None,
        }],
        publication: PublicationPlan::NotDecided,
        parallel_processes: true,
        findings: FindingsSharing::Wanted { weeks: Some(2) },
        complaints: None,
        complaints_cy: None,
        updates_every_days: None,
        prepared_on: date(2026, 2, 20),
    }
}

pub(crate) fn sample_form() -> FormView {
    FormView {
        respondent_name: Some("Siân".into()),
        nation: Nation::England,
        review_type: ReviewType::Lcspr,
        author_name: "Sam Patel".into(),
        return_address: Some(
            "Northfield Safeguarding Children Partnership\nPO Box 1\nNorthfield NF1 1AA".into(),
        ),
        partnership: "Northfield Safeguarding Children Partnership".into(),
        partnership_cy: None,
        prepared_on: date(2026, 9, 1),
    }
}

fn standard() -> SheetOptions {
    SheetOptions {
        variant: Variant::Standard,
        languages: LanguageChoice::English,
    }
}

#[test]
fn sheet_renders_every_variant_and_language() {
    let mut view = sample_sheet();
    for (nation, t) in [
        (Nation::England, ReviewType::Lcspr),
        (Nation::Wales, ReviewType::Susr),
        (Nation::Scotland, ReviewType::LearningReview),
        (Nation::NorthernIreland, ReviewType::Cmr),
    ] {
        view.nation = nation;
        view.review_type = t;
        for variant in [Variant::Standard, Variant::LargePrint, Variant::EasyRead] {
            for languages in [
                LanguageChoice::English,
                LanguageChoice::Welsh,
                LanguageChoice::Both,
            ] {
                let r = render_sheet(&view, &SheetOptions { variant, languages }).unwrap();
                assert!(r.bytes.starts_with(b"%PDF-"));
                assert!(
                    r.pages >= 2,
                    "{nation:?} {variant:?} {languages:?}: {}",
                    r.pages
                );
                assert!(r.missing_glyphs.is_empty(), "{:?}", r.missing_glyphs);
                assert!(r.wording_version.contains("draft"));
            }
        }
    }
}

#[test]
fn large_print_and_both_languages_take_more_pages() {
    let view = sample_sheet();
    let std = render_sheet(&view, &standard()).unwrap();
    let large = render_sheet(
        &view,
        &SheetOptions {
            variant: Variant::LargePrint,
            languages: LanguageChoice::English,
        },
    )
    .unwrap();
    let both = render_sheet(
        &view,
        &SheetOptions {
            variant: Variant::Standard,
            languages: LanguageChoice::Both,
        },
    )
    .unwrap();
    assert!(large.pages > std.pages);
    assert!(both.pages >= 2 * std.pages - 1);
}

#[test]
fn same_input_same_bytes() {
    let view = sample_sheet();
    let a = render_sheet(&view, &standard()).unwrap();
    let b = render_sheet(&view, &standard()).unwrap();
    assert_eq!(a, b);
    let mut other = view.clone();
    other.recipient_name = "Sian".into();
    let c = render_sheet(&other, &standard()).unwrap();
    assert_ne!(a.bytes, c.bytes);
    let form = sample_form();
    let opts = FormOptions {
        short: false,
        languages: LanguageChoice::English,
        large_print: false,
    };
    assert_eq!(
        render_feedback_form(&form, &opts).unwrap(),
        render_feedback_form(&form, &opts).unwrap()
    );
}

#[test]
fn missing_glyphs_are_reported_not_fatal() {
    let mut view = sample_sheet();
    view.recipient_name = "Mia 🦊🎉 漢字".into();
    let r = render_sheet(&view, &standard()).unwrap();
    assert_eq!(r.missing_glyphs, vec!['🦊', '🎉', '漢', '字']);
}

#[test]
fn empty_and_mismatched_input_is_a_clear_error() {
    let mut view = sample_sheet();
    view.recipient_name = "  ".into();
    let e = render_sheet(&view, &standard()).unwrap_err();
    assert_eq!(
        e.to_string(),
        "recipient_name is empty; the document needs it"
    );
    let mut view = sample_sheet();
    view.review_type = ReviewType::Susr;
    let e = render_sheet(&view, &standard()).unwrap_err();
    assert_eq!(
        e.to_string(),
        "the review type susr belongs to wales, not england"
    );
    let mut form = sample_form();
    form.respondent_name = Some(String::new());
    assert!(matches!(
        render_feedback_form(
            &form,
            &FormOptions {
                short: true,
                languages: LanguageChoice::English,
                large_print: false
            }
        ),
        Err(DocumentError::MissingField { .. })
    ));
}

#[test]
fn very_long_input_still_lays_out() {
    let mut view = sample_sheet();
    view.recipient_name = "Anna-Maria ".repeat(28).trim().to_string(); // over 300 characters
    view.child_name = "W".repeat(5000);
    view.complaints = Some("Write to us. ".repeat(800));
    let r = render_sheet(&view, &standard()).unwrap();
    assert!(r.pages > 10, "{}", r.pages);
}

#[test]
fn short_form_lists_the_five_short_questions() {
    let ids = feedback_question_ids(true).unwrap();
    assert_eq!(ids.len(), 5);
    let all = feedback_question_ids(false).unwrap();
    assert!(all.len() > 5);
    assert!(ids.iter().all(|id| all.contains(id)));
}

#[test]
fn forms_render_in_every_combination() {
    let mut view = sample_form();
    for anonymous in [false, true] {
        view.respondent_name = if anonymous {
            None
        } else {
            Some("Siân".into())
        };
        for short in [false, true] {
            for large_print in [false, true] {
                for languages in [
                    LanguageChoice::English,
                    LanguageChoice::Welsh,
                    LanguageChoice::Both,
                ] {
                    let r = render_feedback_form(
                        &view,
                        &FormOptions {
                            short,
                            languages,
                            large_print,
                        },
                    )
                    .unwrap();
                    assert!(r.pages >= 1);
                    assert!(r.missing_glyphs.is_empty());
                    assert!(r.wording_version.contains("questions"));
                }
            }
        }
    }
}

fn text(max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(any::<char>(), 0..max).prop_map(|v| v.into_iter().collect())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, .. ProptestConfig::default() })]

    /// Any text in any field: a document or a clear error, never a panic.
    #[test]
    fn any_text_renders_or_errors(name in text(80), child in text(40), place in text(120)) {
        let mut view = sample_sheet();
        view.recipient_name = name;
        view.child_name = child;
        if let Some(v) = view.visit.as_mut() {
            v.place = Some(place);
        }
        match render_sheet(&view, &standard()) {
            Ok(r) => prop_assert!(r.bytes.starts_with(b"%PDF-")),
            Err(e) => {
                let expected = matches!(e, DocumentError::MissingField { .. });
                prop_assert!(expected, "unexpected error: {}", e);
            }
        }
    }
}
