//! The family documents, read back with the real PDF tools (poppler-utils and qpdf),
//! the way a screen reader, a search or a printer would see them.
//!
//! Snapshots of the `pdftotext -layout` output live in tests/snapshots/; regenerate them
//! with `UPDATE_SNAPSHOTS=1 cargo test --test documents_pdf`.

use std::path::{Path, PathBuf};
use std::process::Command;

use chrono::NaiveDate;
use kindred::documents::*;
use kindred::domain::nation::{Nation, ReviewType};

// ---------------------------------------------------------------------------
// Inputs
// ---------------------------------------------------------------------------

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
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
            time: Some("10:30am".into()),
            place: Some("Your home".into()),
            who_will_come: vec![
                "Sam Patel, the reviewer".into(),
                "Ana Ionescu, from the review panel".into(),
            ],
            interpreter_language: Some("Polish".into()),
            supporter: Some("Your advocate, Jo Brown".into()),
        }),
        support: vec![
            SupportService {
                name: "Child Bereavement UK".into(),
                description: "Support for families when a child dies.".into(),
                phone: Some("0800 02 888 40".into()),
                website: Some("childbereavementuk.org".into()),
                hours: Some("Monday to Friday, 9am to 5pm".into()),
                name_cy: None,
                description_cy: None,
                hours_cy: None,
            },
            SupportService {
                name: "Victim Support".into(),
                description: "Free and private help for anyone affected by crime.".into(),
                phone: Some("08 08 16 89 111".into()),
                website: None,
                hours: Some("24 hours a day".into()),
                name_cy: None,
                description_cy: None,
                hours_cy: None,
            },
        ],
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
        respondent_name: Some("Siân".into()),
        nation: Nation::England,
        review_type: ReviewType::Lcspr,
        author_name: "Sam Patel".into(),
        return_address: Some(
            "Northfield Safeguarding Children Partnership\nPO Box 1\nNF1 1AA".into(),
        ),
        partnership: "Northfield Safeguarding Children Partnership".into(),
        partnership_cy: None,
        prepared_on: date(2026, 9, 1),
    }
}

fn sheet_opts(variant: Variant, languages: LanguageChoice) -> SheetOptions {
    SheetOptions { variant, languages }
}

fn form_opts(short: bool, languages: LanguageChoice) -> FormOptions {
    FormOptions {
        short,
        languages,
        large_print: false,
    }
}

// ---------------------------------------------------------------------------
// The tools
// ---------------------------------------------------------------------------

/// Run a tool; on failure, panic saying what ran and what it printed.
fn run(program: &str, args: &[&str]) -> String {
    let shown = format!("{program} {}", args.join(" "));
    let out = Command::new(program)
        .args(args)
        .output()
        .unwrap_or_else(|e| {
            panic!("could not run `{shown}`: {e} (is poppler-utils / qpdf installed?)")
        });
    let stdout = String::from_utf8_lossy(&out.stdout).to_string();
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    if !out.status.success() {
        panic!(
            "`{shown}` failed with {}\n--- stdout ---\n{stdout}\n--- stderr ---\n{stderr}",
            out.status
        );
    }
    stdout
}

struct Pdf {
    path: PathBuf,
    rendered: Rendered,
    _dir: tempfile::TempDir,
}

impl Pdf {
    fn write(rendered: Rendered) -> Pdf {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("document.pdf");
        std::fs::write(&path, &rendered.bytes).expect("write pdf");
        Pdf {
            path,
            rendered,
            _dir: dir,
        }
    }
    fn p(&self) -> &str {
        self.path.to_str().unwrap()
    }
    /// Text as extracted, reading order.
    fn text(&self) -> String {
        run("pdftotext", &["-enc", "UTF-8", self.p(), "-"])
    }
    /// Text with runs of white space made single spaces, so wrapped lines join up.
    fn flat(&self) -> String {
        self.text().split_whitespace().collect::<Vec<_>>().join(" ")
    }
    fn layout_text(&self) -> String {
        run("pdftotext", &["-layout", "-enc", "UTF-8", self.p(), "-"])
    }
    fn qpdf_check(&self) {
        let out = run("qpdf", &["--check", self.p()]);
        assert!(
            out.contains("No syntax or stream encoding errors"),
            "qpdf --check {}:\n{out}",
            self.p()
        );
    }
    fn fonts_embedded_and_subset(&self) {
        let out = run("pdffonts", &[self.p()]);
        let rows: Vec<&str> = out
            .lines()
            .skip(2)
            .filter(|l| !l.trim().is_empty())
            .collect();
        assert!(!rows.is_empty(), "pdffonts shows no fonts:\n{out}");
        for row in rows {
            let cols: Vec<&str> = row.split_whitespace().collect();
            // name type... encoding emb sub uni object-id generation
            let n = cols.len();
            assert!(n >= 6, "pdffonts row: {row}");
            assert_eq!(
                &cols[n - 5..n - 2],
                &["yes", "yes", "yes"],
                "emb/sub/uni in pdffonts row: {row}"
            );
            assert!(cols[0].contains("DejaVuSans"), "{row}");
            assert!(cols[0].as_bytes()[6] == b'+', "subset tag in {row}");
        }
    }
}

fn sheet(view: &SheetView, opts: &SheetOptions) -> Pdf {
    Pdf::write(render_sheet(view, opts).expect("render sheet"))
}

fn form(view: &FormView, opts: &FormOptions) -> Pdf {
    Pdf::write(render_feedback_form(view, opts).expect("render form"))
}

// ---------------------------------------------------------------------------
// Information sheet
// ---------------------------------------------------------------------------

const REVIEWS: [(Nation, ReviewType, &str); 9] = [
    (Nation::England, ReviewType::RapidReview, "Rapid Review"),
    (
        Nation::England,
        ReviewType::Lcspr,
        "Local Child Safeguarding Practice Review",
    ),
    (
        Nation::England,
        ReviewType::NationalCspr,
        "National Child Safeguarding Practice Review",
    ),
    (Nation::England, ReviewType::Scr, "Serious Case Review"),
    (
        Nation::Wales,
        ReviewType::CprConcise,
        "Child Practice Review (concise)",
    ),
    (
        Nation::Wales,
        ReviewType::CprExtended,
        "Child Practice Review (extended)",
    ),
    (
        Nation::Wales,
        ReviewType::Susr,
        "Single Unified Safeguarding Review",
    ),
    (
        Nation::Scotland,
        ReviewType::LearningReview,
        "Learning Review",
    ),
    (
        Nation::NorthernIreland,
        ReviewType::Cmr,
        "Case Management Review",
    ),
];

fn nation_phrase(n: Nation) -> &'static str {
    match n {
        Nation::England => "In England",
        Nation::Wales => "In Wales",
        Nation::Scotland => "In Scotland",
        Nation::NorthernIreland => "In Northern Ireland",
    }
}

#[test]
fn sheet_text_reads_back_for_every_review_type_and_variant() {
    for (nation, review_type, review_name) in REVIEWS {
        let mut view = sheet_view();
        view.nation = nation;
        view.review_type = review_type;
        for variant in [Variant::Standard, Variant::LargePrint, Variant::EasyRead] {
            let pdf = sheet(&view, &sheet_opts(variant, LanguageChoice::English));
            let text = pdf.flat();
            let what = format!("{nation:?} {review_type:?} {variant:?}");
            for needle in [
                "Information for Siân",
                "Kayden",
                review_name,
                "Northfield Safeguarding Children Partnership",
                "Sam Patel",
                "07700 900123",
                "sam.patel@example.org",
                "Tuesday 3 March 2026",
                "10:30am",
                "Your home",
                "Ana Ionescu, from the review panel",
                "Polish",
                "Your advocate, Jo Brown",
                "Child Bereavement UK",
                "0800 02 888 40",
                "Victim Support",
                "Jo Evans",
                "Prepared on Friday 20 February 2026", // in the footer, or once in easy read
                "Your questions",
            ] {
                assert!(
                    text.contains(needle),
                    "{what}: {needle:?} missing from\n{text}"
                );
            }
            if variant != Variant::EasyRead {
                assert!(
                    text.contains(&format!(
                        "{}, this kind of review is called a {review_name}.",
                        nation_phrase(nation)
                    )),
                    "{what}"
                );
            }
            let n = pdf.rendered.pages;
            assert!(text.contains(&format!("Page 1 of {n}")), "{what}");
            assert!(text.contains(&format!("Page {n} of {n}")), "{what}");
            assert!(!text.contains(&format!("Page {} of", n + 1)), "{what}");
            assert!(pdf.rendered.missing_glyphs.is_empty(), "{what}");
        }
    }
}

#[test]
fn sheet_sections_follow_the_view() {
    // Parallel processes: generic wording only, and only when flagged.
    let mut view = sheet_view();
    let with = sheet(
        &view,
        &sheet_opts(Variant::Standard, LanguageChoice::English),
    )
    .flat();
    assert!(with.contains("Other things that may be going on"));
    assert!(with.contains("like a police inquiry, a court case or an inquest"));
    view.parallel_processes = false;
    view.visit = None;
    view.support.clear();
    view.publication = PublicationPlan::Planned {
        month: Some(date(2027, 6, 1)),
    };
    view.complaints = Some("Write to the Business Manager, PO Box 9, Northfield.".into());
    let without = sheet(
        &view,
        &sheet_opts(Variant::Standard, LanguageChoice::English),
    )
    .flat();
    assert!(!without.contains("Other things that may be going on"));
    assert!(
        without.contains("The reviewer will get in touch to agree a time and place that suit you.")
    );
    assert!(!without.contains("Your visit"));
    assert!(!without.contains("Notes from the visit"));
    assert!(without.contains("Your GP can help"));
    assert!(without.contains("The plan is to publish the report in June 2027."));
    assert!(without.contains("Write to the Business Manager, PO Box 9, Northfield."));
    view.publication = PublicationPlan::NotPlanned;
    let not_planned = sheet(
        &view,
        &sheet_opts(Variant::Standard, LanguageChoice::English),
    )
    .flat();
    assert!(not_planned.contains("There is no plan to publish the report."));
    assert!(with.contains("It has not been decided yet if the report will be published."));
    assert!(with.contains("You will have about 3 weeks to do this."));
}

/// The visit box is on the first page, in every variant; once terms are agreed the sheet
/// says how often the person agreed to hear instead of asking.
#[test]
fn the_visit_is_on_page_one_and_agreed_updates_are_said() {
    let mut view = sheet_view();
    assert!(view.visit.is_some());
    for variant in [Variant::Standard, Variant::LargePrint, Variant::EasyRead] {
        let pdf = sheet(&view, &sheet_opts(variant, LanguageChoice::English));
        let first = run(
            "pdftotext",
            &["-f", "1", "-l", "1", "-enc", "UTF-8", pdf.p(), "-"],
        );
        assert!(first.contains("Your visit"), "{variant:?} page 1:\n{first}");
        if variant != Variant::EasyRead {
            assert!(
                pdf.flat().contains("how often you would like"),
                "{variant:?}"
            );
        }
    }
    view.updates_every_days = Some(14);
    let pdf = sheet(
        &view,
        &sheet_opts(Variant::Standard, LanguageChoice::English),
    );
    let text = pdf.flat();
    assert!(
        text.contains(
            "You agreed with the reviewer that they will be in touch about every 14 days."
        ),
        "{text}"
    );
    assert!(!text.contains("how often you would like"), "{text}");
    let pdf = sheet(&view, &sheet_opts(Variant::Standard, LanguageChoice::Welsh));
    assert!(pdf.flat().contains("bob 14 diwrnod"));
}

#[test]
fn wales_prints_english_then_welsh_by_default_and_either_on_request() {
    let mut view = sheet_view();
    view.nation = Nation::Wales;
    view.review_type = ReviewType::Susr;
    assert_eq!(
        LanguageChoice::default_for(Nation::Wales),
        LanguageChoice::Both
    );
    let both = sheet(&view, &sheet_opts(Variant::Standard, LanguageChoice::Both));
    let text = both.flat();
    let en = text.find("Information for Siân").expect("English title");
    let cy = text.find("Gwybodaeth ar gyfer Siân").expect("Welsh title");
    assert!(en < cy, "English section first");
    assert!(text.contains("Adolygiad Diogelu Unedig Sengl"));
    assert!(
        text.contains("Yng Nghymru, enw'r math hwn o adolygiad yw Adolygiad Diogelu Unedig Sengl.")
    );
    assert!(text.contains("Dydd Mawrth 3 Mawrth 2026"));
    assert!(text.contains("Paratowyd ar Dydd Gwener 20 Chwefror 2026"));
    let n = both.rendered.pages;
    assert!(text.contains(&format!("Tudalen {n} o {n}")));
    assert!(text.contains(&format!("Page 1 of {n}")));
    assert!(both.rendered.wording_version.contains("wording-cy"));

    let welsh = sheet(&view, &sheet_opts(Variant::Standard, LanguageChoice::Welsh)).flat();
    assert!(welsh.contains("Gwybodaeth ar gyfer Siân"));
    assert!(!welsh.contains("Information for"));
    let english = sheet(
        &view,
        &sheet_opts(Variant::Standard, LanguageChoice::English),
    )
    .flat();
    assert!(!english.contains("Gwybodaeth ar gyfer"));
    let easy_cy = sheet(&view, &sheet_opts(Variant::EasyRead, LanguageChoice::Welsh)).flat();
    assert!(easy_cy.contains("Beth yw adolygiad?"));
}

#[test]
fn names_in_many_scripts_come_back_exactly() {
    let names = [
        "Gwenllïan Ŵyn ap Ŷr",
        "Łucja Żółć-Ąbrowska",
        "Ștefan Țurcanu",
        "Seán Ó Briain",
        "Αλέξανδρος Παπαδόπουλος",
        "Дмитрий Жуков",
        "Zoë Ångström-Ñúñez",
        // Decomposed: a letter followed by a combining circumflex.
        "Sia\u{0302}n Wy\u{0302}n",
    ];
    for name in names {
        let mut view = sheet_view();
        view.recipient_name = name.into();
        view.child_name =
            names[(names.iter().position(|n| *n == name).unwrap() + 1) % names.len()].into();
        let pdf = sheet(
            &view,
            &sheet_opts(Variant::Standard, LanguageChoice::English),
        );
        let text = pdf.flat();
        assert!(
            text.contains(&format!("Information for {name}")),
            "{name}: \n{text}"
        );
        assert!(pdf.flat().contains(&view.child_name), "{}", view.child_name);
        assert!(
            pdf.rendered.missing_glyphs.is_empty(),
            "{name}: {:?}",
            pdf.rendered.missing_glyphs
        );
        pdf.fonts_embedded_and_subset();
    }
}

#[test]
fn characters_the_font_lacks_are_drawn_as_a_fallback_and_reported() {
    let mut view = sheet_view();
    view.recipient_name = "Mia 🦊 Chen 陈".into();
    let pdf = sheet(
        &view,
        &sheet_opts(Variant::Standard, LanguageChoice::English),
    );
    assert_eq!(pdf.rendered.missing_glyphs, vec!['🦊', '陈']);
    let text = pdf.text();
    assert!(
        text.contains("Information for Mia \u{FFFD} Chen \u{FFFD}"),
        "{text}"
    );
    pdf.qpdf_check();
}

#[test]
fn standard_sheet_sets_60_to_70_characters_a_line() {
    let pdf = sheet(
        &sheet_view(),
        &sheet_opts(Variant::Standard, LanguageChoice::English),
    );
    let text = pdf.text();
    // Lines of wrapped paragraphs (short lines are headings, labels and paragraph ends).
    let mut lengths: Vec<usize> = text
        .lines()
        .map(|l| l.chars().count())
        .filter(|n| *n > 45)
        .collect();
    lengths.sort();
    let median = lengths[lengths.len() / 2];
    let longest = *lengths.last().unwrap();
    assert!(
        (58..=70).contains(&median),
        "median line {median} characters"
    );
    assert!(longest <= 74, "longest line {longest} characters");
}

#[test]
fn right_to_left_names_are_shaped_or_reported_never_printed_backwards() {
    // Arabic script is shaped and laid out right to left (documents::shaping).
    let mut view = sheet_view();
    view.recipient_name = "Aisha عائشة".into();
    let pdf = sheet(
        &view,
        &sheet_opts(Variant::Standard, LanguageChoice::English),
    );
    assert!(pdf.rendered.missing_glyphs.is_empty());
    // pdftotext marks right-to-left text with U+202B ... U+202C.
    let text = pdf
        .flat()
        .replace(|c: char| ('\u{202A}'..='\u{202E}').contains(&c), "");
    assert!(text.contains("Information for Aisha عائشة"), "{text}");
    // Hebrew is not shaped here: reported and drawn as the fallback mark.
    view.recipient_name = "Sarah שרה".into();
    let pdf = sheet(
        &view,
        &sheet_opts(Variant::Standard, LanguageChoice::English),
    );
    assert_eq!(pdf.rendered.missing_glyphs, vec!['ש', 'ר', 'ה']);
    assert!(pdf
        .flat()
        .contains("Information for Sarah \u{FFFD}\u{FFFD}\u{FFFD}"));
}

#[test]
fn very_long_names_and_words_still_lay_out() {
    let mut view = sheet_view();
    let long_name: String = "Maria-Gwenllian ".repeat(19).trim().to_string();
    assert!(long_name.chars().count() >= 300);
    let word = "Ż".repeat(5000);
    view.recipient_name = long_name.clone();
    view.child_name = word.clone();
    view.complaints = Some(
        "Please write to the business manager and tell them what happened and what you would like to be done. "
            .repeat(60),
    );
    let pdf = sheet(
        &view,
        &sheet_opts(Variant::LargePrint, LanguageChoice::English),
    );
    pdf.qpdf_check();
    // Leave out the footers, which sit between the parts of text that spans pages.
    let body: Vec<String> = pdf
        .text()
        .lines()
        .filter(|l| !l.starts_with("Prepared on") && !l.starts_with("Page "))
        .flat_map(|l| l.split_whitespace())
        .map(str::to_string)
        .collect();
    assert!(
        body.concat().contains(&word),
        "the 5,000-letter word comes back whole"
    );
    assert!(
        body.join(" ").contains(&long_name),
        "the 300-character name comes back whole"
    );
    // Nothing runs off the page: every line of the layout output fits the A4 width.
    let layout = pdf.layout_text();
    let widest = layout.lines().map(|l| l.chars().count()).max().unwrap();
    assert!(widest < 100, "widest line {widest}");
}

#[test]
fn every_document_passes_qpdf_and_embeds_a_subset_font() {
    let mut view = sheet_view();
    view.nation = Nation::Wales;
    view.review_type = ReviewType::CprExtended;
    for variant in [Variant::Standard, Variant::LargePrint, Variant::EasyRead] {
        let pdf = sheet(&view, &sheet_opts(variant, LanguageChoice::Both));
        pdf.qpdf_check();
        pdf.fonts_embedded_and_subset();
    }
    for short in [false, true] {
        let pdf = form(&form_view(), &form_opts(short, LanguageChoice::Both));
        pdf.qpdf_check();
        pdf.fonts_embedded_and_subset();
    }
}

#[test]
fn same_input_gives_identical_files() {
    let view = sheet_view();
    let opts = sheet_opts(Variant::Standard, LanguageChoice::English);
    let a = render_sheet(&view, &opts).unwrap();
    let b = render_sheet(&view, &opts).unwrap();
    assert_eq!(a.bytes, b.bytes);
    let f1 = render_feedback_form(&form_view(), &form_opts(true, LanguageChoice::Both)).unwrap();
    let f2 = render_feedback_form(&form_view(), &form_opts(true, LanguageChoice::Both)).unwrap();
    assert_eq!(f1.bytes, f2.bytes);
    let info = run("pdfinfo", &[Pdf::write(a).p()]);
    assert!(
        info.contains("CreationDate:    Fri Feb 20 12:00:00 2026 UTC"),
        "{info}"
    );
}

// ---------------------------------------------------------------------------
// Feedback forms
// ---------------------------------------------------------------------------

#[derive(serde::Deserialize)]
struct Bank {
    question: Vec<BankQuestion>,
}

#[derive(serde::Deserialize)]
struct BankQuestion {
    id: String,
    short: bool,
    en: String,
    cy: String,
}

fn bank() -> Bank {
    toml::from_str(include_str!(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/assets/feedback-questions.toml"
    )))
    .expect("question bank parses")
}

fn flat(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn short_form_has_exactly_the_five_short_questions() {
    let bank = bank();
    let text = form(&form_view(), &form_opts(true, LanguageChoice::English)).flat();
    let short: Vec<&BankQuestion> = bank.question.iter().filter(|q| q.short).collect();
    assert_eq!(short.len(), 5);
    for (i, q) in short.iter().enumerate() {
        let printed = format!("{}. {}", i + 1, flat(&q.en));
        assert!(text.contains(&printed), "{}: {printed:?} missing", q.id);
    }
    for q in bank.question.iter().filter(|q| !q.short) {
        assert!(
            !text.contains(&flat(&q.en)),
            "{} is not a short question",
            q.id
        );
    }
    assert!(!text.contains("6. "));
    assert_eq!(
        feedback_question_ids(true).unwrap(),
        short.iter().map(|q| q.id.clone()).collect::<Vec<_>>()
    );
}

#[test]
fn full_form_has_every_question_with_boxes_and_return_details() {
    let bank = bank();
    let pdf = form(&form_view(), &form_opts(false, LanguageChoice::English));
    let text = pdf.flat();
    for (i, q) in bank.question.iter().enumerate() {
        assert!(
            text.contains(&format!("{}. {}", i + 1, flat(&q.en))),
            "{} missing",
            q.id
        );
    }
    assert!(text.contains("Yes Partly No Not sure"));
    assert!(text.contains("This form is for Siân."));
    assert!(text.contains(
        "please send this form to this address: Northfield Safeguarding Children Partnership, PO Box 1, NF1 1AA."
    ));
    assert!(text.contains("Being told about the review"));
    let n = pdf.rendered.pages;
    assert!(text.contains(&format!("Page {n} of {n}")));
}

#[test]
fn anonymous_form_has_no_name_anywhere() {
    let mut view = form_view();
    view.respondent_name = Some("Gwenllïan Łucja".into());
    let personal = form(&view, &form_opts(false, LanguageChoice::Both));
    assert!(personal
        .flat()
        .contains("This form is for Gwenllïan Łucja."));
    assert!(personal
        .flat()
        .contains("Mae'r ffurflen hon ar gyfer Gwenllïan Łucja."));
    view.respondent_name = None;
    let anonymous = form(&view, &form_opts(false, LanguageChoice::Both));
    let text = anonymous.text();
    for needle in ["Gwenllïan", "Łucja", "This form is for", "ar gyfer Gw"] {
        assert!(!text.contains(needle), "{needle:?} on the anonymous form");
    }
    let info = run("pdfinfo", &[anonymous.p()]);
    assert!(!info.contains("Gwenll"), "{info}");
    // The name's glyphs are not even in the embedded font subset.
    assert!(!text.contains('ï') && !text.contains('Ł'));
}

#[test]
fn welsh_form_uses_the_welsh_bank() {
    let bank = bank();
    let pdf = form(&form_view(), &form_opts(true, LanguageChoice::Welsh));
    let text = pdf.flat();
    for q in bank.question.iter().filter(|q| q.short) {
        assert!(text.contains(&flat(&q.cy)), "{} (cy) missing", q.id);
    }
    assert!(text.contains("Ie Yn rhannol Na Ddim yn siŵr"));
    assert!(text.contains("Tudalen 1 o"));
    assert!(!text.contains("Page 1 of"));
}

// ---------------------------------------------------------------------------
// Plain language: Flesch reading ease of the printed English
// ---------------------------------------------------------------------------

/// Syllables in an English word: groups of vowels, less a silent final "e".
fn syllables(word: &str) -> usize {
    let w: Vec<char> = word
        .to_lowercase()
        .chars()
        .filter(|c| c.is_ascii_alphabetic())
        .collect();
    if w.is_empty() {
        return 0;
    }
    if w.len() <= 3 {
        return 1;
    }
    let vowel = |c: char| "aeiouy".contains(c);
    let mut count = 0usize;
    let mut prev = false;
    for &c in &w {
        let v = vowel(c);
        if v && !prev {
            count += 1;
        }
        prev = v;
    }
    let n = w.len();
    // Silent final e ("take", "time"), but not "-le" ("people") or "-ee".
    let le_ending = w[n - 2] == 'l' && !vowel(w[n - 3]);
    if w[n - 1] == 'e' && !vowel(w[n - 2]) && !le_ending {
        count = count.saturating_sub(1);
    }
    // "-es" and "-ed" are silent after most consonants ("takes", "asked").
    if (w[n - 2..] == ['e', 's'] || w[n - 2..] == ['e', 'd'])
        && !matches!(w[n - 3], 't' | 'd' | 's' | 'x' | 'z' | 'c' | 'g' | 'h')
        && !vowel(w[n - 3])
    {
        count = count.saturating_sub(1);
    }
    count.max(1)
}

fn flesch(text: &str) -> (f64, usize, usize, usize) {
    let mut words = 0usize;
    let mut sentences = 0usize;
    let mut syl = 0usize;
    for token in text.split_whitespace() {
        let core = token.trim_matches(|c: char| !c.is_alphanumeric());
        if core.chars().any(|c| c.is_alphabetic()) {
            words += 1;
            syl += syllables(core);
        }
        let end = token.trim_end_matches(['”', '’', '"', '\'', ')']);
        if end.ends_with(['.', '!', '?', ':']) {
            sentences += 1;
        }
    }
    let sentences = sentences.max(1);
    let score = 206.835
        - 1.015 * (words as f64 / sentences as f64)
        - 84.6 * (syl as f64 / words.max(1) as f64);
    (score, words, sentences, syl)
}

#[test]
fn syllable_counter_is_sensible() {
    for (w, n) in [
        ("the", 1),
        ("take", 1),
        ("review", 2),
        ("people", 2),
        ("reviewer", 3),
        ("independent", 4),
        ("asked", 1),
        ("services", 3),
        ("interpreter", 4),
        ("family", 3),
        ("hurt", 1),
        ("children", 2),
    ] {
        assert_eq!(syllables(w), n, "{w}");
    }
}

#[test]
fn english_sheets_are_easy_to_read() {
    for (nation, review_type, _) in REVIEWS {
        let mut view = sheet_view();
        view.nation = nation;
        view.review_type = review_type;
        let standard = sheet(
            &view,
            &sheet_opts(Variant::Standard, LanguageChoice::English),
        )
        .text();
        let (score, words, sentences, syl) = flesch(&standard);
        eprintln!("{review_type:?} standard: Flesch {score:.1} {words} words {sentences} sentences {syl} syllables");
        assert!(
            score >= 70.0,
            "standard {review_type:?}: Flesch {score:.1} ({words} words, {sentences} sentences, {syl} syllables)"
        );
        let easy = sheet(
            &view,
            &sheet_opts(Variant::EasyRead, LanguageChoice::English),
        )
        .text();
        let (score, words, sentences, syl) = flesch(&easy);
        eprintln!("{review_type:?} easy read: Flesch {score:.1} {words} words {sentences} sentences {syl} syllables");
        assert!(
            score >= 80.0,
            "easy read {review_type:?}: Flesch {score:.1} ({words} words, {sentences} sentences, {syl} syllables)"
        );
    }
}

// ---------------------------------------------------------------------------
// Layout snapshots
// ---------------------------------------------------------------------------

fn snapshot(name: &str, actual: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/snapshots")
        .join(name);
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "snapshot {} missing ({e}); run with UPDATE_SNAPSHOTS=1 to create it",
            path.display()
        )
    });
    if expected != actual {
        let line = expected
            .lines()
            .zip(actual.lines())
            .position(|(a, b)| a != b)
            .unwrap_or(expected.lines().count().min(actual.lines().count()));
        panic!(
            "snapshot {} differs at line {}:\n  expected: {:?}\n  actual:   {:?}\n\
             If the change is intended, run with UPDATE_SNAPSHOTS=1.",
            path.display(),
            line + 1,
            expected.lines().nth(line),
            actual.lines().nth(line)
        );
    }
}

#[test]
fn layout_snapshot_of_the_standard_sheet() {
    let pdf = sheet(
        &sheet_view(),
        &sheet_opts(Variant::Standard, LanguageChoice::English),
    );
    snapshot("sheet-standard-en.txt", &pdf.layout_text());
}

#[test]
fn layout_snapshot_of_the_full_form() {
    let pdf = form(&form_view(), &form_opts(false, LanguageChoice::English));
    snapshot("form-full-en.txt", &pdf.layout_text());
}
