//! The anonymised evaluation export over random workbooks (issue 15, item 2): whatever
//! reviews, people, addresses, answers and comments are recorded, the CSV for the
//! partnership holds no member's name (full, given or family), no part of an address, no
//! comment (Kindred records no agreement to share families' words, so none is exported),
//! no review reference unless asked; no count under five is shown; and no hidden count can
//! be worked out from its row's total, because a row that hides one count hides two.

mod util;

use std::collections::BTreeMap;

use kindred::files::Existing;
use kindred::workbook::evaluation::ExportOptions;
use kindred::workbook::forms::*;
use kindred::Workbook;
use proptest::prelude::*;
use util::PASS;

fn s(v: &str) -> Option<String> {
    Some(v.to_string())
}

const GIVEN: &[&str] = &[
    "Aled", "Bronwen", "Ciarán", "Dorota", "Eamon", "Fatima", "Gethin", "Halina",
];
const FAMILY: &[&str] = &[
    "Ashworth",
    "Brzęczek",
    "Cadwaladr",
    "Dunleavy",
    "Eriksen",
    "Ferreira",
];
const STREET: &[&str] = &[
    "Quillington Row",
    "Marrowby Lane",
    "Tanglewood Close",
    "Heronsgate",
];
const SCALE: &[&str] = &[
    "told-understood-purpose",
    "involved-own-way",
    "treated-listened",
    "findings-saw-first",
    "overall-encourage",
    "told-good-time",
];
const ANSWER: &[&str] = &["yes", "partly", "no", "not-sure"];
const NATIONS: &[(&str, &str)] = &[
    ("england", "lcspr"),
    ("wales", "cpr-concise"),
    ("scotland", "learning-review"),
    ("northern-ireland", "cmr"),
];

#[derive(Debug, Clone)]
struct Person {
    given: usize,
    family: usize,
    street: usize,
    /// Feedback: (anonymous, month 0..23, answers by question (None = left blank), a comment).
    returned: Option<(bool, u32, Vec<Option<usize>>, bool)>,
}

fn person() -> impl Strategy<Value = Person> {
    (
        0..GIVEN.len(),
        0..FAMILY.len(),
        0..STREET.len(),
        prop::option::weighted(
            0.8,
            (
                any::<bool>(),
                0u32..23,
                prop::collection::vec(prop::option::weighted(0.85, 0..ANSWER.len()), SCALE.len()),
                any::<bool>(),
            ),
        ),
    )
        .prop_map(|(given, family, street, returned)| Person {
            given,
            family,
            street,
            returned,
        })
}

fn review() -> impl Strategy<Value = (usize, Vec<Person>)> {
    (0..NATIONS.len(), prop::collection::vec(person(), 1..14))
}

/// Builds the workbook; returns it with every text that must never be exported.
fn build(
    reviews: &[(usize, Vec<Person>)],
    dir: &std::path::Path,
) -> (Workbook, Vec<String>, Vec<String>) {
    let mut wb = Workbook::create(&dir.join("e.kindred"), PASS).expect("create");
    let mut secrets = Vec::new();
    let mut references = Vec::new();
    for (r, (nation, people)) in reviews.iter().enumerate() {
        let (n, t) = NATIONS[*nation];
        let reference = format!("PROP-{r}");
        wb.create_review(&ReviewForm {
            reference: s(&reference),
            nation: s(n),
            review_type: s(t),
            pseudonym: s("Child P"),
            body_name: s("Property Partnership (fictional)"),
            author_name: s("Robin Quill"),
            ..ReviewForm::default()
        })
        .expect("review");
        // A review with no form sent and none returned has nothing to count, so no row:
        // only a review with a return must show its reference when asked.
        if people.iter().any(|p| p.returned.is_some()) {
            references.push(reference.clone());
        }
        for (i, p) in people.iter().enumerate() {
            let full = format!("{} {}{r}x{i}", GIVEN[p.given], FAMILY[p.family]);
            let m = wb
                .add_member(
                    &reference,
                    &MemberForm {
                        full_name: s(&full),
                        ..MemberForm::default()
                    },
                )
                .expect("member");
            let address = format!("{} {}, Oxbury, QX{r} {i}ZZ", i + 1, STREET[p.street]);
            wb.add_contact_detail(
                m.id,
                &ContactDetailForm {
                    kind: s("address"),
                    value: s(&address),
                    ..ContactDetailForm::default()
                },
            )
            .expect("address");
            secrets.extend([
                GIVEN[p.given].to_string(),
                FAMILY[p.family].to_string(),
                full,
                STREET[p.street].to_string(),
                "Oxbury".into(),
                format!("QX{r} {i}ZZ"),
            ]);
            if let Some((anonymous, month, answers, comment)) = &p.returned {
                let mut a = BTreeMap::new();
                for (q, ans) in SCALE.iter().zip(answers) {
                    if let Some(k) = ans {
                        a.insert(q.to_string(), ANSWER[*k].to_string());
                    }
                }
                let mut c = BTreeMap::new();
                if *comment {
                    let words = format!("Unshared words of {} number {r}x{i}", GIVEN[p.given]);
                    c.insert("overall-most-helpful".to_string(), words.clone());
                    secrets.push(words);
                }
                let (y, m0) = (2025 + month / 12, month % 12 + 1);
                wb.record_feedback(
                    &reference,
                    &FeedbackForm {
                        member_id: (!anonymous).then_some(m.id),
                        received_on: Some(format!("{}/{m0}/{y}", 1 + (i % 27))),
                        answers: a,
                        comments: c,
                        ..FeedbackForm::default()
                    },
                )
                .expect("feedback");
            }
        }
    }
    (wb, secrets, references)
}

/// The fields of one CSV line (RFC 4180 quoting).
fn fields(line: &str) -> Vec<String> {
    let mut out = vec![String::new()];
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                chars.next();
                out.last_mut().expect("a field").push('"');
            }
            ('"', _) => quoted = !quoted,
            (',', false) => out.push(String::new()),
            (c, _) => out.last_mut().expect("a field").push(c),
        }
    }
    out
}

/// Hidden cells in a group whose total is shown: none, or at least two. `key` puts a row in
/// a group, saying whether it is the group's total.
fn check_groups(
    rows: &[Vec<String>],
    key: impl Fn(&Vec<String>) -> Option<(String, bool)>,
) -> Result<(), TestCaseError> {
    let mut groups: BTreeMap<String, (Vec<String>, Option<String>)> = BTreeMap::new();
    for r in rows {
        if let Some((k, is_total)) = key(r) {
            let g = groups.entry(k).or_default();
            if is_total {
                g.1 = Some(r[6].clone());
            } else {
                g.0.push(r[6].clone());
            }
        }
    }
    for (k, (cells, t)) in groups {
        let hidden = cells.iter().filter(|c| c.parse::<u32>().is_err()).count();
        let total_shown = t.as_deref().is_some_and(|t| t.parse::<u32>().is_ok());
        prop_assert!(
            !total_shown || hidden != 1,
            "group {k}: one hidden cell beside a shown total: {cells:?} {t:?}"
        );
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 16, ..ProptestConfig::default() })]

    #[test]
    fn the_export_names_no_one_and_shows_no_small_count(
        reviews in prop::collection::vec(review(), 1..4),
        with_references in any::<bool>(),
    ) {
        let dir = tempfile::tempdir().expect("tmp");
        let (wb, secrets, references) = build(&reviews, dir.path());
        let path = dir.path().join("out.csv");
        let opts = EvaluationForm::default().parse().expect("no choices");
        wb.write_evaluation_csv(&opts, &ExportOptions { with_references }, &path, Existing::Refuse).expect("export");
        let csv = std::fs::read_to_string(&path).expect("read");
        for secret in &secrets {
            prop_assert!(!csv.contains(secret.as_str()), "{secret:?} is in the export:\n{csv}");
        }
        for reference in &references {
            prop_assert_eq!(csv.contains(reference.as_str()), with_references, "reference {} (asked: {})", reference, with_references);
        }
        let rows: Vec<Vec<String>> = csv.lines().skip(1).map(fields).collect();
        prop_assert!(!rows.is_empty());
        for r in &rows {
            prop_assert_eq!(r.len(), 7, "row {:?}", r);
            let cell = r[6].as_str();
            match cell.parse::<u32>() {
                Ok(n) => prop_assert!(n >= 5, "a count under five is shown: {:?}", r),
                Err(_) => prop_assert!(cell == "<5" || cell == "[c]", "unexpected cell {:?}", r),
            }
        }
        // Each question's answers against their total; forms per period against all periods.
        check_groups(&rows, |r| (r[0] == "answers").then(|| (r[4].clone(), r[5] == "answered")))?;
        check_groups(&rows, |r| (r[0] == "answers-by-principle").then(|| (r[3].clone(), r[5] == "answered")))?;
        check_groups(&rows, |r| (r[0] == "forms").then(|| (r[5].clone(), r[2] == "All")))?;
        // Each review's forms against the forms of all periods (the same total).
        check_groups(&rows, |r| match r[0].as_str() {
            "forms-by-review" => Some((r[5].clone(), false)),
            "forms" if r[2] == "All" => Some((r[5].clone(), true)),
            _ => None,
        })?;
    }
}
