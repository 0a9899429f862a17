//! Documents right for each nation and each person, read back from the real PDFs with
//! `pdftotext` (poppler-utils):
//!
//! - every document kind (the information sheet in each version and language, both
//!   feedback forms, personal and anonymous, and the involvement summary) for every nation
//!   carries no word of another nation's system (the list is data: `[[system_word]]` in
//!   assets/nations.toml);
//! - the Welsh part of every Welsh document carries no English (a list of English-only
//!   words below), and Welsh comes first for a person who prefers Welsh, recorded so;
//! - each promise follows what is recorded for the person.

mod util;
use util::pdf::text_of_bytes as pdftotext;

use chrono::NaiveDate;
use kindred::documents::*;
use kindred::domain::catalogue::{contains_word, normalise_for_search, Vocabulary};
use kindred::domain::nation::{Nation, ReviewType};
use kindred::workbook::documents::Destination;
use kindred::workbook::forms::*;
use kindred::workbook::summary::{SummaryFormat, SummaryRequest};
use kindred::Workbook;

const PASS: &str = "correct horse battery staple";

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("date")
}

fn vocabulary() -> &'static Vocabulary {
    Vocabulary::embedded().expect("assets/nations.toml parses")
}

/// A person with everything recorded that changes the sheet's wording: a visit, parallel
/// processes, support, a planned publication month, a route, a criminal case to wait for.
fn full_view(nation: Nation, review_type: ReviewType) -> SheetView {
    SheetView {
        recipient_name: "Siân".into(),
        child_name: "Kayden".into(),
        nation,
        review_type,
        body_name: "Eastfield Safeguarding Body (fictional)".into(),
        body_name_cy: Some("Bwrdd Diogelu Dwyrain (ffuglennol)".into()),
        harm: Harm::Died,
        purpose: Some("To hear what Kayden's life was like, so services can learn.".into()),
        purpose_cy: Some("Clywed sut roedd bywyd Kayden, er mwyn i wasanaethau ddysgu.".into()),
        route: Some(Route::Prison),
        may_have_to_wait: true,
        naming_agreed: false,
        author: AuthorContact {
            name: "Sam Patel".into(),
            phone: Some("07700 900123".into()),
            email: Some("sam.patel@example.org".into()),
            hours: Some("Monday to Friday, 9am to 5pm".into()),
            hours_cy: Some("Dydd Llun i ddydd Gwener, 9am tan 5pm".into()),
            postal_address: Some("Blwch Post 12\nCaerdydd\nCF10 1AA".into()),
        },
        partnership_contact: Some(AuthorContact {
            name: "Jo Evans".into(),
            phone: Some("01632 960001".into()),
            email: None,
            hours: None,
            hours_cy: None,
            postal_address: None,
        }),
        visit: Some(VisitView {
            date: date(2026, 3, 3),
            time: Some("10:30".into()),
            place: None,
            who_will_come: vec!["Sam Patel".into()],
            interpreter_language: None,
            supporter: None,
        }),
        support: Vec::new(),
        publication: PublicationPlan::Planned {
            month: Some(date(2027, 6, 1)),
        },
        parallel_processes: true,
        findings: FindingsSharing::Wanted { weeks: Some(3) },
        complaints: Some("Write to the business manager.".into()),
        complaints_cy: Some("Ysgrifennwch at y rheolwr busnes.".into()),
        updates_every_days: Some(28),
        prepared_on: date(2026, 2, 20),
    }
}

/// The seed directory's services for a nation, as the sheet prints them (none "for
/// reviewers").
fn services(nation: Nation) -> Vec<SupportService> {
    kindred::assets::support_directory()
        .iter()
        .filter(|s| s.nations.contains(&nation) && !s.description.starts_with("For reviewers"))
        .map(|s| SupportService {
            name: s.name.clone(),
            description: s.description.clone(),
            phone: s.phone.clone(),
            website: s.website.clone(),
            hours: s.hours.clone(),
            name_cy: s.name_cy.clone(),
            description_cy: s.description_cy.clone(),
            hours_cy: s.hours_cy.clone(),
        })
        .collect()
}

/// The ways a person's record changes the sheet, so every sentence is printed somewhere.
fn people(nation: Nation, t: ReviewType) -> Vec<SheetView> {
    let mut out = Vec::new();
    let mut v = full_view(nation, t);
    v.support = services(nation);
    out.push(v);
    let mut v = full_view(nation, t);
    v.harm = Harm::SeriouslyHarmed;
    v.findings = FindingsSharing::NotWanted;
    v.naming_agreed = true;
    v.route = Some(Route::Solicitor);
    v.may_have_to_wait = false;
    v.visit = None;
    v.publication = PublicationPlan::NotDecided;
    v.complaints = None;
    v.complaints_cy = None;
    out.push(v);
    let mut v = full_view(nation, t);
    v.harm = Harm::NotRecorded;
    v.findings = FindingsSharing::NotYetAsked;
    v.route = None;
    v.parallel_processes = false;
    v.publication = PublicationPlan::NotPlanned;
    v.body_name_cy = None;
    v.updates_every_days = None;
    out.push(v);
    out
}

fn language_choices(nation: Nation) -> Vec<LanguageChoice> {
    match nation {
        Nation::Wales => vec![
            LanguageChoice::English,
            LanguageChoice::Welsh,
            LanguageChoice::Both,
            LanguageChoice::BothWelshFirst,
        ],
        _ => vec![LanguageChoice::English],
    }
}

const VARIANTS: [Variant; 3] = [Variant::Standard, Variant::LargePrint, Variant::EasyRead];

fn form_view(nation: Nation, t: ReviewType, named: bool) -> FormView {
    FormView {
        respondent_name: named.then(|| "Siân".to_string()),
        nation,
        review_type: t,
        author_name: "Sam Patel".into(),
        return_address: Some("Blwch Post 12\nCaerdydd\nCF10 1AA".into()),
        partnership: "Eastfield Safeguarding Body (fictional)".into(),
        partnership_cy: None,
        prepared_on: date(2026, 2, 20),
    }
}

fn assert_only_own_words(text: &str, nation: Nation, what: &str) {
    let foreign = vocabulary().foreign_words_in(text, nation);
    assert!(
        foreign.is_empty(),
        "{what} for {}: words of another nation's system: {foreign:?}",
        nation.slug()
    );
}

#[test]
fn every_document_for_every_nation_uses_only_its_own_words() {
    for nation in Nation::ALL {
        for t in ReviewType::for_nation(nation) {
            for (i, view) in people(nation, t).iter().enumerate() {
                for variant in VARIANTS {
                    for languages in language_choices(nation) {
                        let r = render_sheet(view, &SheetOptions { variant, languages })
                            .expect("sheet");
                        let text = pdftotext(&r.bytes);
                        assert_only_own_words(
                            &text,
                            nation,
                            &format!("{t:?} sheet {variant:?} {languages:?} person {i}"),
                        );
                    }
                }
            }
            for short in [true, false] {
                for named in [true, false] {
                    for languages in language_choices(nation) {
                        for large_print in [false, true] {
                            let r = render_feedback_form(
                                &form_view(nation, t, named),
                                &FormOptions {
                                    short,
                                    languages,
                                    large_print,
                                },
                            )
                            .expect("form");
                            assert_only_own_words(
                                &pdftotext(&r.bytes),
                                nation,
                                &format!("{t:?} form short={short} named={named}"),
                            );
                        }
                    }
                }
            }
        }
    }
}

/// The check can fail: each nation's own words are printed where another's would be.
#[test]
fn each_nation_names_its_own_system() {
    let text = |nation, t| {
        let view = &people(nation, t)[0];
        let r = render_sheet(
            view,
            &SheetOptions {
                variant: Variant::Standard,
                languages: LanguageChoice::English,
            },
        )
        .expect("sheet");
        normalise_for_search(&pdftotext(&r.bytes))
    };
    let scotland = text(Nation::Scotland, ReviewType::LearningReview);
    for w in ["procurator fiscal", "fatal accident inquiry"] {
        assert!(contains_word(&scotland, w), "Scotland: {w}");
    }
    let england = text(Nation::England, ReviewType::Lcspr);
    for w in ["coroner", "inquest"] {
        assert!(contains_word(&england, w), "England: {w}");
    }
    // An English sheet put in a Scottish review's words would be caught.
    assert!(!vocabulary()
        .foreign_words_in(&england, Nation::Scotland)
        .is_empty());
    let ni = text(Nation::NorthernIreland, ReviewType::Cmr);
    assert!(contains_word(&ni, "coroner"));
}

/// The sheets, forms and summaries of the demo's four reviews (one in each nation), for
/// everyone the safety rules let have one.
#[test]
fn the_demo_reviews_documents_use_only_their_nations_words() {
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("demo.kindred");
    kindred::workbook::demo::standard(&path, PASS).expect("demo");
    let mut wb = Workbook::open(&path, PASS).expect("open");
    let out = dir.path().join("out");
    let mut made = 0;
    let mut summaries = 0;
    for review in wb.reviews().expect("reviews") {
        let nation = review.nation;
        for m in wb.members(review.id).expect("members") {
            for variant in ["standard", "large-print", "easy-read"] {
                let form = SheetRequestForm {
                    review_key: Some(review.reference.clone()),
                    member_id: m.id,
                    variant: Some(variant.into()),
                    draft_ok: true,
                    ..SheetRequestForm::default()
                };
                match wb.make_sheet(&form, Destination::Folder(&out)) {
                    Ok(doc) => {
                        made += 1;
                        assert_only_own_words(
                            &pdftotext(&doc.bytes),
                            nation,
                            &format!("{} sheet for person {}", review.reference, m.id),
                        );
                    }
                    Err(kindred::Error::Refused(_)) => {}
                    Err(e) => panic!("{}: {e}", review.reference),
                }
            }
        }
        for version in ["short", "full"] {
            let doc = wb
                .make_feedback_form(
                    &FeedbackFormRequestForm {
                        review_key: review.reference.clone(),
                        version: Some(version.into()),
                        ..FeedbackFormRequestForm::default()
                    },
                    Destination::Folder(&out),
                )
                .expect("form");
            assert_only_own_words(&pdftotext(&doc.bytes), nation, "anonymous form");
        }
        let langs: &[&str] = if nation == Nation::Wales {
            &["en", "cy"]
        } else {
            &["en"]
        };
        for lang in langs {
            let file = out.join(format!("{}-summary-{lang}.pdf", review.reference));
            let req = SummaryRequest {
                format: SummaryFormat::Pdf,
                language: Some(lang),
                path: &file,
                existing: kindred::files::Existing::Refuse,
            };
            match wb.write_summary(&review.reference, &req) {
                Ok(_) => {
                    let bytes = std::fs::read(&file).expect("summary");
                    assert_only_own_words(&pdftotext(&bytes), nation, "summary");
                    summaries += 1;
                }
                // Nothing to summarise yet in this review.
                Err(kindred::Error::Invalid(_)) => {}
                Err(e) => panic!("{} summary: {e}", review.reference),
            }
        }
    }
    assert!(made >= 12, "only {made} demo sheets were made");
    assert!(summaries >= 2, "only {summaries} summaries were made");
}

// ---------------------------------------------------------------------------
// Welsh
// ---------------------------------------------------------------------------

/// Words that are English and never Welsh: none may be in the Welsh part of a document.
const ENGLISH_ONLY: &[&str] = &[
    "the",
    "and",
    "with",
    "your",
    "you",
    "will",
    "are",
    "for",
    "review",
    "reviewer",
    "please",
    "when",
    "what",
    "who",
    "how",
    "this",
    "that",
    "have",
    "from",
    "about",
    "to be agreed",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "january",
    "february",
    "march",
    "april",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "hours",
    "day",
    "every",
    "evening",
    "board",
    "safeguarding",
    "partnership",
    "partners",
    "committee",
    "service",
    "services",
    "phone",
    "email",
    "website",
    "page",
    "prepared",
    "information",
    "sheet",
    "feedback",
    "form",
    "visit",
    "talk",
    "report",
    "family",
    "coroner",
    "inquest",
    "police",
    "court",
    "fictional",
];

/// The English-only words in `text`.
fn english_in(text: &str) -> Vec<&'static str> {
    let t = normalise_for_search(text);
    ENGLISH_ONLY
        .iter()
        .copied()
        .filter(|w| contains_word(&t, w))
        .collect()
}

/// The Welsh pages of a document (their footer says "Tudalen"), without the bilingual
/// note at the top (which speaks to each reader in their own language) and without the
/// names of services that have no Welsh name (a brand is printed as it calls itself).
fn welsh_part(text: &str, brands: &[String]) -> String {
    let mut out: String = text
        .split('\u{c}')
        .filter(|page| page.contains("Tudalen"))
        .collect::<Vec<_>>()
        .join("\n");
    for note in [
        "This sheet is in English and in Welsh. The Welsh comes after the English.",
        "This sheet is in Welsh and in English. The English comes after the Welsh.",
        "This form is in English and in Welsh. Please fill in only one of them.",
    ] {
        out = normalise_for_search(&out).replace(&normalise_for_search(note), " ");
    }
    let mut out = normalise_for_search(&out);
    for b in brands {
        out = out.replace(&normalise_for_search(b), " ");
    }
    out
}

#[test]
fn welsh_parts_carry_no_english() {
    let brands: Vec<String> = services(Nation::Wales)
        .into_iter()
        .filter(|s| s.name_cy.is_none())
        .map(|s| s.name)
        .collect();
    let mut checked = 0;
    for t in ReviewType::for_nation(Nation::Wales) {
        for view in people(Nation::Wales, t) {
            for variant in VARIANTS {
                for languages in [
                    LanguageChoice::Welsh,
                    LanguageChoice::Both,
                    LanguageChoice::BothWelshFirst,
                ] {
                    let r =
                        render_sheet(&view, &SheetOptions { variant, languages }).expect("sheet");
                    let text = pdftotext(&r.bytes);
                    let welsh = welsh_part(&text, &brands);
                    assert!(welsh.len() > 500, "no Welsh part found");
                    let english = english_in(&welsh);
                    assert!(
                        english.is_empty(),
                        "{t:?} {variant:?} {languages:?}: English in the Welsh part: {english:?}\n{welsh}"
                    );
                    checked += 1;
                }
            }
        }
        for short in [true, false] {
            for named in [true, false] {
                let r = render_feedback_form(
                    &form_view(Nation::Wales, t, named),
                    &FormOptions {
                        short,
                        languages: LanguageChoice::Both,
                        large_print: false,
                    },
                )
                .expect("form");
                let welsh = welsh_part(&pdftotext(&r.bytes), &[]);
                let english = english_in(&welsh);
                assert!(
                    english.is_empty(),
                    "{t:?} form: English in the Welsh part: {english:?}\n{welsh}"
                );
                checked += 1;
            }
        }
    }
    assert!(checked > 20);
    // The check can fail: the English part is full of such words.
    let r = render_sheet(
        &full_view(Nation::Wales, ReviewType::CprConcise),
        &SheetOptions {
            variant: Variant::Standard,
            languages: LanguageChoice::English,
        },
    )
    .expect("sheet");
    assert!(english_in(&pdftotext(&r.bytes)).len() > 10);
}

#[test]
fn the_welsh_part_says_dates_services_and_the_board_in_welsh() {
    let mut view = full_view(Nation::Wales, ReviewType::Susr);
    view.support = services(Nation::Wales);
    // A local service the author added with no Welsh.
    view.support.push(SupportService {
        name: "Eastfield Listening Line".into(),
        description: "Someone to listen, in English.".into(),
        phone: Some("01632 960002".into()),
        website: None,
        hours: Some("Weekday evenings".into()),
        name_cy: None,
        description_cy: None,
        hours_cy: None,
    });
    let r = render_sheet(
        &view,
        &SheetOptions {
            variant: Variant::Standard,
            languages: LanguageChoice::Welsh,
        },
    )
    .expect("sheet");
    let text = normalise_for_search(&pdftotext(&r.bytes));
    for want in [
        "mehefin 2027",                                    // the publication month
        "dydd mawrth 3 mawrth 2026",                       // the visit
        "i'w gytuno gyda chi",                             // the place still to be agreed
        "bwrdd diogelu dwyrain (ffuglennol)",              // the board's Welsh name
        "dydd llun i ddydd gwener, 9am tan 5pm",           // the author's hours
        "llinell gymraeg y samariaid",                     // a service's Welsh name
        "mae'r gwasanaeth hwn ar gael yn saesneg yn unig", // a service with no Welsh
        "adolygiad diogelu unedig sengl",                  // the review's Welsh name
    ] {
        assert!(text.contains(want), "missing {want:?}");
    }
    // Without the board's Welsh name, the Welsh part names it in Welsh words.
    view.body_name_cy = None;
    let r = render_sheet(
        &view,
        &SheetOptions {
            variant: Variant::Standard,
            languages: LanguageChoice::Welsh,
        },
    )
    .expect("sheet");
    let text = normalise_for_search(&pdftotext(&r.bytes));
    assert!(text.contains("y bwrdd diogelu rhanbarthol"));
    assert!(!text.contains("eastfield safeguarding"));
    assert!(!text.contains("weekday evenings"), "English hours left out");
}

#[test]
fn welsh_first_puts_the_welsh_section_first() {
    let view = full_view(Nation::Wales, ReviewType::CprConcise);
    let first = |languages| {
        let r = render_sheet(
            &view,
            &SheetOptions {
                variant: Variant::Standard,
                languages,
            },
        )
        .expect("sheet");
        let text = pdftotext(&r.bytes);
        let cy = text.find("Gwybodaeth ar gyfer").expect("Welsh title");
        let en = text.find("Information for").expect("English title");
        (cy < en, r.draft_languages)
    };
    let (welsh_first, drafts) = first(LanguageChoice::BothWelshFirst);
    assert!(welsh_first);
    assert!(
        drafts.contains(&Language::Welsh),
        "the Welsh is still a draft"
    );
    assert!(!first(LanguageChoice::Both).0);
}

/// Through the workbook: a person in Wales who prefers Welsh gets Welsh first, recorded
/// as `cy+en` with the wording's review status; the author is warned of the draft Welsh.
#[test]
fn a_person_who_prefers_welsh_gets_welsh_first_and_it_is_recorded() {
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("demo.kindred");
    kindred::workbook::demo::standard(&path, PASS).expect("demo");
    let mut wb = Workbook::open(&path, PASS).expect("open");
    let review = wb.review("DEMO-WAL-01").expect("review");
    let members = wb.members(review.id).expect("members");
    let siân = members
        .iter()
        .find(|m| m.details.welsh_preferred)
        .expect("a Welsh speaker");
    let out = dir.path().join("out");
    let doc = wb
        .make_sheet(
            &SheetRequestForm {
                review_key: Some(review.reference.clone()),
                member_id: siân.id,
                ..SheetRequestForm::default()
            },
            Destination::Folder(&out),
        )
        .expect("sheet");
    assert_eq!(doc.issued.language, "cy+en");
    assert!(
        doc.issued.wording_version.contains("wording-cy")
            && doc.issued.wording_version.contains("(draft)"),
        "{}",
        doc.issued.wording_version
    );
    assert!(
        doc.warnings.iter().any(|w| w.contains("Welsh wording")),
        "{:?}",
        doc.warnings
    );
    let text = pdftotext(&doc.bytes);
    assert!(text.find("Gwybodaeth ar gyfer") < text.find("Information for"));
    // The author can still choose English first.
    let doc = wb
        .make_sheet(
            &SheetRequestForm {
                review_key: Some(review.reference.clone()),
                member_id: siân.id,
                language: Some("both".into()),
                ..SheetRequestForm::default()
            },
            Destination::Folder(&out),
        )
        .expect("sheet");
    assert_eq!(doc.issued.language, "en+cy");
    // English only: no Welsh, no warning about it.
    let doc = wb
        .make_sheet(
            &SheetRequestForm {
                review_key: Some(review.reference.clone()),
                member_id: siân.id,
                language: Some("en".into()),
                ..SheetRequestForm::default()
            },
            Destination::Folder(&out),
        )
        .expect("sheet");
    assert_eq!(doc.issued.language, "en");
    assert!(doc.warnings.iter().all(|w| !w.contains("Welsh wording")));
}

// ---------------------------------------------------------------------------
// Promises that follow the record
// ---------------------------------------------------------------------------

fn english(view: &SheetView, variant: Variant) -> String {
    let r = render_sheet(
        view,
        &SheetOptions {
            variant,
            languages: LanguageChoice::English,
        },
    )
    .expect("sheet");
    normalise_for_search(&pdftotext(&r.bytes))
}

#[test]
fn each_promise_follows_what_is_recorded_for_the_person() {
    let base = full_view(Nation::England, ReviewType::Lcspr);
    let share = "before the report is finished, the reviewer will share";
    let t = english(&base, Variant::Standard);
    assert!(t.contains(share));
    assert!(t.contains("about 3 weeks"));
    assert!(t.contains("we are so sorry that kayden died"));
    assert!(t.contains("may have to wait"));
    assert!(t.contains("through the prison"));
    assert!(t.contains("most often given other names"));
    assert!(
        t.contains("to hear what kayden's life was like"),
        "purpose printed"
    );
    assert!(t.contains("to be agreed with you"));
    assert!(t.contains("june 2027"));
    assert!(t.contains("what people in the family told the review"));

    let mut v = base.clone();
    v.findings = FindingsSharing::NotWanted;
    v.naming_agreed = true;
    v.may_have_to_wait = false;
    v.route = Some(Route::Solicitor);
    v.harm = Harm::SeriouslyHarmed;
    let t = english(&v, Variant::Standard);
    assert!(
        !t.contains(share),
        "no promise of the draft to someone who said no"
    );
    assert!(t.contains("do not want to see"));
    assert!(t.contains("in the way that was agreed with you"));
    assert!(!t.contains("most often given other names"));
    assert!(!t.contains("may have to wait"));
    assert!(t.contains("through your solicitor"));
    assert!(t.contains("was badly hurt"));
    assert!(!t.contains("kayden died"));

    v.findings = FindingsSharing::NotYetAsked;
    let t = english(&v, Variant::Standard);
    assert!(!t.contains(share));
    assert!(t.contains("if you would like this"));

    // Easy read says the same things, its own way.
    let t = english(&base, Variant::EasyRead);
    assert!(t.contains("most often uses other names"));
    assert!(!t.contains("will not use your real names"));
    assert!(t.contains("the reviewer may have to wait"));
    for (route, words) in [
        (Route::Advocate, "through your advocate"),
        (Route::Carer, "through your carer"),
        (Route::SocialWorker, "through your social worker"),
        (Route::Agreed, "in the way you agreed"),
    ] {
        let mut v = base.clone();
        v.route = Some(route);
        assert!(english(&v, Variant::EasyRead).contains(words), "{route:?}");
    }
}
