//! Confidentiality: over randomly generated families, no person's sheet carries another
//! member's name, address, contact details or notes — checked on the view and, for a sample,
//! on the text `pdftotext` reads back out of the real PDF.

mod util;
use util::pdf::text_of_bytes as pdftotext;

use kindred::workbook::documents::Destination;
use kindred::workbook::forms::*;
use kindred::Workbook;
use proptest::prelude::*;
use util::PASS;

fn s(v: &str) -> Option<String> {
    Some(v.to_string())
}

const GIVEN: &[&str] = &[
    "Aled", "Bronwen", "Ciarán", "Dorota", "Eamon", "Fatima", "Gethin", "Halina", "Iwan",
    "Jolanta", "Kwame", "Lowri",
];
const FAMILY: &[&str] = &[
    "Ashworth",
    "Brzęczek",
    "Cadwaladr",
    "Dunleavy",
    "Eriksen",
    "Ferreira",
    "Gallagher",
    "Hughes-Ŵyn",
];

fn family() -> impl Strategy<Value = Vec<(usize, usize, bool, bool)>> {
    prop::collection::vec(
        (
            0..GIVEN.len(),
            0..FAMILY.len(),
            any::<bool>(),
            any::<bool>(),
        ),
        2..7,
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]
    #[test]
    fn no_sheet_names_anyone_else(people in family(), nation in 0usize..4) {
        let dir = tempfile::tempdir().expect("tmp");
        let mut wb = Workbook::create(&dir.path().join("p.kindred"), PASS).expect("create");
        let (n, t) = [("england", "lcspr"), ("wales", "susr"), ("scotland", "learning-review"), ("northern-ireland", "cmr")][nation];
        wb.create_review(&ReviewForm {
            reference: s("P-1"), nation: s(n), review_type: s(t), pseudonym: s("Child P"),
            body_name: s("Property Partnership (fictional)"), author_name: s("Robin Quill"), ..ReviewForm::default()
        }).expect("review");
        let child = wb.add_child("P-1", &ChildForm { known_as: s("Pip"), pseudonym: s("Child P"), ..ChildForm::default() }).expect("child");
        let mut ids = Vec::new();
        let mut used = std::collections::HashSet::new();
        for (i, (g, f, confidential, notes)) in people.iter().enumerate() {
            let name = format!("{} {}", GIVEN[*g], FAMILY[*f]);
            if !used.insert(name.clone()) { continue; }
            let m = wb.add_member("P-1", &MemberForm {
                full_name: s(&name),
                notes: notes.then(|| format!("Private note {i}: said things about the family")),
                hope_to_learn: s(&format!("Hope {i} to learn")),
                ..MemberForm::default()
            }).expect("member");
            wb.add_contact_detail(m.id, &ContactDetailForm { kind: s("address"), value: Some(format!("{} Secret Lane {i}", 10 + i)), safe_to_print: !confidential, confidential: *confidential }).expect("address");
            wb.add_contact_detail(m.id, &ContactDetailForm { kind: s("phone"), value: Some(format!("07700 900{i:03}")), safe_to_print: true, confidential: false }).expect("phone");
            wb.relate(m.id, child.id, "relative", "unknown", None, None).expect("relate");
            wb.set_involvement(m.id, "involved", None, true).expect("status");
            ids.push((m.id, name, i));
        }
        for (id, _, _) in &ids {
            let view = serde_json::to_string(&wb.sheet_view(*id, None).expect("view")).expect("json");
            for (other, other_name, i) in &ids {
                if other == id { continue; }
                prop_assert!(!view.contains(other_name.as_str()), "sheet for {id} names {other_name}");
                prop_assert!(!view.contains(&format!("Secret Lane {i}")), "sheet for {id} has {other}'s address");
                prop_assert!(!view.contains(&format!("Private note {i}")), "sheet for {id} has {other}'s notes");
                prop_assert!(!view.contains(&format!("07700 900{i:03}")), "sheet for {id} has {other}'s phone");
            }
        }
        // The real PDF of the first person, read back.
        if let Some((id, name, _)) = ids.first() {
            let made = wb.make_sheet(&SheetRequestForm { member_id: *id, ..SheetRequestForm::default() }, Destination::Folder(&docs_dir())).expect("sheet");
            let text = pdftotext(&made.bytes);
            let first = name.split(' ').next().unwrap_or_default();
            prop_assert!(text.contains(first), "recipient name missing from PDF text");
            for (_, other_name, i) in ids.iter().skip(1) {
                prop_assert!(!text.contains(other_name.as_str()), "another person's name in the PDF");
                let lane = format!("Secret Lane {i}");
                prop_assert!(!text.contains(&lane), "another person's address in the PDF");
            }
        }
    }
}

#[test]
fn visit_details_that_name_another_member_are_refused() {
    let dir = tempfile::tempdir().expect("tmp");
    let mut wb = Workbook::create(&dir.path().join("v.kindred"), PASS).expect("create");
    wb.create_review(&ReviewForm {
        reference: s("V-1"),
        nation: s("england"),
        review_type: s("lcspr"),
        pseudonym: s("Child V"),
        body_name: s("B (fictional)"),
        author_name: s("Robin Quill"),
        ..ReviewForm::default()
    })
    .expect("review");
    let a = wb
        .add_member(
            "V-1",
            &MemberForm {
                full_name: s("Nadia Okonkwo"),
                ..MemberForm::default()
            },
        )
        .expect("a");
    let b = wb
        .add_member(
            "V-1",
            &MemberForm {
                full_name: s("Trevor Blane"),
                ..MemberForm::default()
            },
        )
        .expect("b");
    wb.set_involvement(a.id, "involved", None, true)
        .expect("status");
    let visit = wb
        .record_contact(&ContactForm {
            member_id: a.id,
            date: s("2026-12-01"),
            mode: s("home-visit"),
            outcome: s("planned"),
            location: s("Trevor Blane's flat"),
            ..ContactForm::default()
        })
        .expect("visit");
    let err = wb
        .make_sheet(
            &SheetRequestForm {
                member_id: a.id,
                visit_id: Some(visit.id),
                ..SheetRequestForm::default()
            },
            Destination::Folder(&docs_dir()),
        )
        .expect_err("must refuse");
    assert!(err.to_string().contains("Trevor Blane"), "{err}");
    let _ = b;
    assert!(
        wb.documents_issued(a.review_id).expect("docs").is_empty(),
        "a refused sheet is not recorded as issued"
    );
}

#[test]
fn restricted_people_get_no_sheet_until_clearance_or_a_logged_override() {
    let dir = tempfile::tempdir().expect("tmp");
    let mut wb = Workbook::create(&dir.path().join("r.kindred"), PASS).expect("create");
    wb.create_review(&ReviewForm {
        reference: s("R-1"),
        nation: s("northern-ireland"),
        review_type: s("cmr"),
        pseudonym: s("Child R"),
        body_name: s("B (fictional)"),
        author_name: s("Robin Quill"),
        ..ReviewForm::default()
    })
    .expect("review");
    let m = wb
        .add_member(
            "R-1",
            &MemberForm {
                full_name: s("Seán Ó Dónaill"),
                ..MemberForm::default()
            },
        )
        .expect("m");
    // Decided to approach: only the restriction stands in the way.
    wb.set_involvement(m.id, "approach", None, true)
        .expect("status");
    wb.add_restriction(
        m.id,
        &RestrictionForm {
            kind: s("police-advice"),
            recorded_on: s("2026-01-01"),
            requires_clearance: true,
            ..RestrictionForm::default()
        },
    )
    .expect("restrict");
    let err = wb
        .make_sheet(
            &SheetRequestForm {
                member_id: m.id,
                ..SheetRequestForm::default()
            },
            Destination::Folder(&docs_dir()),
        )
        .expect_err("refused");
    assert_eq!(err.code(), "refused");
    let made = wb
        .make_sheet(
            &SheetRequestForm {
                member_id: m.id,
                override_reason: Some("PSNI agreed by phone; letter to follow".into()),
                ..SheetRequestForm::default()
            },
            Destination::Folder(&docs_dir()),
        )
        .expect("override");
    assert_eq!(
        made.issued.override_reason.as_deref(),
        Some("PSNI agreed by phone; letter to follow")
    );
    let decisions = wb.decisions(m.review_id).expect("decisions");
    assert!(decisions
        .iter()
        .any(|d| d.decision.starts_with("Override") && d.member_ids == vec![m.id]));
    wb.record_clearance(
        m.id,
        &ClearanceForm {
            body: s("pps"),
            given_on: s("2026-02-01"),
            advice: s("Contact may go ahead"),
            contact_allowed: Some(true),
        },
    )
    .expect("clearance");
    wb.make_sheet(
        &SheetRequestForm {
            member_id: m.id,
            variant: Some("large-print".into()),
            ..SheetRequestForm::default()
        },
        Destination::Folder(&docs_dir()),
    )
    .expect("cleared");
    assert_eq!(wb.documents_issued(m.review_id).expect("docs").len(), 2);
}

/// A folder for documents made by a test, kept apart from every other test's.
fn docs_dir() -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("kindred-test-docs-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    dir
}
