//! The involvement summary names nobody, over random families (issue 12, item 9): whatever
//! mix of people, questions, answers, contributions, findings and draft sessions is recorded,
//! the summary saved for the report holds no member's name (full, given, family or preferred)
//! and not the child's own name; and when a record the author typed does carry a name, the
//! summary is refused with a message saying so, never written with the name in it.

mod util;

use kindred::files::Existing;
use kindred::workbook::forms::*;
use kindred::workbook::summary::{SummaryFormat, SummaryRequest};
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
const RELATION: &[&str] = &[
    "mother",
    "father",
    "grandmother",
    "uncle",
    "sister",
    "friend",
];
const ANSWER: &[&str] = &[
    "open",
    "being-looked-into",
    "answered",
    "cannot-be-answered",
    "outside-review",
];
const PERMISSION: &[&str] = &[
    "may-quote",
    "paraphrase-only",
    "background-only",
    "not-to-be-used",
];
const KIND: &[&str] = &[
    "about-the-child",
    "events",
    "services",
    "family-life",
    "other",
];
const RESPONSE: &[&str] = &["changed", "factual-correction", "not-changed"];

/// One person and what is recorded with them.
#[derive(Debug, Clone)]
struct Person {
    given: usize,
    family: usize,
    preferred: bool,
    pseudonym: bool,
    relation: usize,
    visited: bool,
    question: Option<usize>,
    contribution: Option<(usize, usize)>,
    shared: Option<usize>,
}

fn person() -> impl Strategy<Value = Person> {
    (
        (
            0..GIVEN.len(),
            0..FAMILY.len(),
            any::<bool>(),
            any::<bool>(),
        ),
        (0..RELATION.len(), any::<bool>()),
        prop::option::of(0..ANSWER.len()),
        prop::option::of((0..PERMISSION.len(), 0..KIND.len())),
        prop::option::of(0..RESPONSE.len()),
    )
        .prop_map(
            |(
                (given, family, preferred, pseudonym),
                (relation, visited),
                question,
                contribution,
                shared,
            )| Person {
                given,
                family,
                preferred,
                pseudonym,
                relation,
                visited,
                question,
                contribution,
                shared,
            },
        )
}

/// Where a name is slipped into what the author typed, if anywhere.
#[derive(Debug, Clone, Copy)]
enum Slip {
    Question,
    Answer,
    Quote,
    Summary,
    Finding,
    Comment,
    Response,
}

fn slip() -> impl Strategy<Value = Option<(Slip, usize)>> {
    prop::option::of((
        prop_oneof![
            Just(Slip::Question),
            Just(Slip::Answer),
            Just(Slip::Quote),
            Just(Slip::Summary),
            Just(Slip::Finding),
            Just(Slip::Comment),
            Just(Slip::Response),
        ],
        0..8usize,
    ))
}

struct Made {
    wb: Workbook,
    /// Every name that must not appear: full, given, family and preferred names, the child's.
    names: Vec<String>,
    /// The name slipped into a record, if one was.
    slipped: Option<String>,
    _dir: tempfile::TempDir,
}

fn record(people: &[Person], nation: usize, slip: Option<(Slip, usize)>) -> Made {
    let dir = tempfile::tempdir().expect("tmp");
    let mut wb = Workbook::create(&dir.path().join("v.kindred"), PASS).expect("create");
    let (n, t) = [
        ("england", "lcspr"),
        ("wales", "cpr-concise"),
        ("scotland", "learning-review"),
        ("northern-ireland", "cmr"),
    ][nation];
    let mut key_dates = std::collections::BTreeMap::new();
    key_dates.insert("decision".to_string(), "2026-01-05".to_string());
    wb.create_review(&ReviewForm {
        reference: s("V-1"),
        nation: s(n),
        review_type: s(t),
        pseudonym: s("Child V"),
        body_name: s("Property Partnership (fictional)"),
        author_name: s("Robin Quill"),
        key_dates,
        ..ReviewForm::default()
    })
    .expect("review");
    let child = wb
        .add_child(
            "V-1",
            &ChildForm {
                known_as: s("Tomos"),
                pseudonym: s("Child V"),
                ..ChildForm::default()
            },
        )
        .expect("child");
    let mut names = vec!["Tomos".to_string()];
    let mut used = std::collections::HashSet::new();
    let mut ids = Vec::new();
    for (i, p) in people.iter().enumerate() {
        let full = format!("{} {}", GIVEN[p.given], FAMILY[p.family]);
        if !used.insert(full.clone()) {
            continue;
        }
        let preferred = format!("{}ie", &GIVEN[p.given][..3]);
        let m = wb
            .add_member(
                "V-1",
                &MemberForm {
                    full_name: s(&full),
                    preferred_name: p.preferred.then(|| preferred.clone()),
                    report_pseudonym: p
                        .pseudonym
                        .then(|| format!("Relative {}", (b'A' + i as u8) as char)),
                    ..MemberForm::default()
                },
            )
            .expect("member");
        wb.relate(m.id, child.id, RELATION[p.relation], "unknown", None, None)
            .expect("relate");
        wb.set_involvement(m.id, "involved", None, true)
            .expect("status");
        names.push(full.clone());
        names.push(GIVEN[p.given].to_string());
        names.push(FAMILY[p.family].to_string());
        if p.preferred {
            names.push(preferred);
        }
        ids.push((m.id, p.clone(), full));
    }
    // The name slipped in: another person's, or the child's.
    let slipped = slip.map(|(_, k)| {
        if k == 0 || ids.len() < 2 {
            "Tomos".to_string()
        } else {
            ids[k % ids.len()].2.clone()
        }
    });
    let text = |what: Slip, plain: &str| -> String {
        match (slip, &slipped) {
            (Some((w, _)), Some(name))
                if std::mem::discriminant(&w) == std::mem::discriminant(&what) =>
            {
                format!("{plain} {name} knew.")
            }
            _ => plain.to_string(),
        }
    };
    let line = wb
        .add_line(
            "V-1",
            &LineForm {
                text: s("How agencies shared what they knew"),
                source: s("reviewer"),
                added_on: s("2026-01-10"),
                ..LineForm::default()
            },
        )
        .expect("line");
    let mut contributions = Vec::new();
    for (k, (id, p, _)) in ids.iter().enumerate() {
        let day = 12 + k;
        let contact = p.visited.then(|| {
            wb.record_contact(&ContactForm {
                member_id: *id,
                date: Some(format!("2026-02-{day:02}")),
                mode: s("home-visit"),
                outcome: s("reached"),
                ..ContactForm::default()
            })
            .expect("contact")
            .id
        });
        if let Some(a) = p.question {
            let q = wb
                .add_question(
                    "V-1",
                    &QuestionForm {
                        asked_by: vec![*id],
                        asked_on: Some(format!("2026-02-{day:02}")),
                        words: Some(text(Slip::Question, "Why was the health visitor not told?")),
                        contact_id: contact,
                        line_ids: vec![line.id],
                    },
                )
                .expect("question");
            let status = ANSWER[a];
            if status != "open" {
                wb.answer_question(
                    q.id,
                    &AnswerForm {
                        status: s(status),
                        answer: (status == "answered").then(|| {
                            text(Slip::Answer, "The records show the referral was not sent.")
                        }),
                        how: (status == "answered").then(|| "in-person".into()),
                        given_on: (status == "answered").then(|| "2026-03-20".into()),
                        given_by: (status == "answered").then(|| "Robin Quill".into()),
                        reason: (status == "cannot-be-answered")
                            .then(|| "The records were destroyed before the review began.".into()),
                        told_on: (status == "cannot-be-answered").then(|| "2026-03-20".into()),
                        referred_to: (status == "outside-review")
                            .then(|| "The coroner's office".into()),
                    },
                )
                .expect("answer");
            }
        }
        if let Some((perm, kind)) = p.contribution {
            let c = wb
                .add_contribution(
                    *id,
                    &ContributionForm {
                        date: Some(format!("2026-02-{day:02}")),
                        contact_id: contact,
                        line_ids: vec![line.id],
                        kind: s(KIND[kind]),
                        summary: Some(text(
                            Slip::Summary,
                            "Described the weeks before the injury.",
                        )),
                        own_words: (PERMISSION[perm] == "may-quote")
                            .then(|| text(Slip::Quote, "He loved the swings at the park.")),
                        permission: s(PERMISSION[perm]),
                        permission_agreed_on: Some(format!("2026-02-{day:02}")),
                        not_used_reason: (PERMISSION[perm] == "not-to-be-used")
                            .then(|| "They asked that it stay private.".into()),
                        ..ContributionForm::default()
                    },
                )
                .expect("contribution");
            if PERMISSION[perm] != "not-to-be-used" {
                contributions.push(c.id);
            }
        }
        if let Some(r) = p.shared {
            let session = wb
                .share_draft(
                    "V-1",
                    &SharingForm {
                        member_ids: vec![*id],
                        draft_version: s("Draft 2"),
                        date: s("2026-05-04"),
                        mode: s("reading-session"),
                        ..SharingForm::default()
                    },
                )
                .expect("share");
            let comment = wb
                .add_comment(
                    session.id,
                    &CommentForm {
                        part: s("Section 3"),
                        said: Some(text(
                            Slip::Comment,
                            "The dates of the hospital visits are wrong.",
                        )),
                    },
                )
                .expect("comment");
            wb.respond_to_comment(
                comment.id,
                &ResponseForm {
                    response: s(RESPONSE[r]),
                    detail: Some(text(Slip::Response, "The dates were corrected.")),
                    decided_on: s("2026-05-10"),
                    told_on: s("2026-05-11"),
                },
            )
            .expect("response");
        }
    }
    if !contributions.is_empty() {
        wb.add_finding(
            "V-1",
            &FindingForm {
                title: s("Information was not shared"),
                text: Some(text(
                    Slip::Finding,
                    "Agencies did not pass on what the family said.",
                )),
                status: s("agreed"),
                line_ids: vec![line.id],
                contribution_ids: contributions,
            },
        )
        .expect("finding");
    }
    Made {
        wb,
        names,
        slipped,
        _dir: dir,
    }
}

fn contains_word(hay: &str, needle: &str) -> bool {
    let hay = hay.to_lowercase();
    let needle = needle.to_lowercase();
    hay.match_indices(&needle).any(|(at, _)| {
        let before = hay[..at].chars().next_back();
        let after = hay[at + needle.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn the_summary_names_nobody(people in prop::collection::vec(person(), 1..6), nation in 0usize..4, slip in slip()) {
        let mut made = record(&people, nation, slip);
        let out = tempfile::tempdir().expect("tmp");
        let path = out.path().join("summary.md");
        let lang = if nation == 1 { [None, Some("cy")][people.len() % 2] } else { None };
        let written = made.wb.write_summary(
            "V-1",
            &SummaryRequest { format: SummaryFormat::Md, language: lang, path: &path, existing: Existing::Refuse },
        );
        match written {
            Ok(_) => {
                let text = std::fs::read_to_string(&path).expect("read summary");
                for name in &made.names {
                    prop_assert!(!contains_word(&text, name), "the summary names {name}:\n{text}");
                }
            }
            Err(e) => {
                let msg = e.to_string();
                let nothing = msg.contains("nothing to summarise yet");
                let named = made.slipped.as_ref().is_some_and(|n| msg.contains(n.as_str()) && msg.contains("must name nobody"));
                prop_assert!(nothing || named, "refused for another reason: {msg}");
                prop_assert!(!path.exists(), "a refused summary left a file");
            }
        }
    }
}

/// The author's edited summary moves with the review: after an export and an import (which
/// gives every record a new id) it is still current, and a new record that changes what the
/// summary says makes it out of date.
#[test]
fn an_imported_summary_is_still_current() {
    let people = [Person {
        given: 1,
        family: 2,
        preferred: false,
        pseudonym: true,
        relation: 2,
        visited: true,
        question: Some(2),
        contribution: Some((0, 0)),
        shared: Some(0),
    }];
    let mut made = record(&people, 0, None);
    let view = made.wb.involvement_summary("V-1", None).expect("summary");
    let edited = format!("{}\nThe family chose to meet at home.\n", view.text);
    made.wb
        .save_summary_text("V-1", None, &edited)
        .expect("save the edit");
    let bytes = made.wb.export_review_json("V-1").expect("export");
    let member = made
        .wb
        .members(made.wb.review("V-1").expect("review").id)
        .expect("members")[0]
        .id;
    made.wb
        .import_bundle(&bytes, Some("V-2"))
        .expect("import under another reference");
    let moved = made.wb.involvement_summary("V-2", None).expect("summary");
    assert_eq!(moved.text, edited.trim(), "the edited text travels");
    assert!(
        !moved.out_of_date,
        "an import alone must not make the edit out of date"
    );
    let here = made.wb.involvement_summary("V-1", None).expect("summary");
    assert!(!here.out_of_date);
    made.wb
        .add_question(
            "V-1",
            &QuestionForm {
                asked_by: vec![member],
                asked_on: s("2026-04-01"),
                words: s("Who decided he could go home?"),
                ..QuestionForm::default()
            },
        )
        .expect("a new question");
    let later = made.wb.involvement_summary("V-1", None).expect("summary");
    assert!(
        later.out_of_date,
        "a new question changes the summary, so the edit is out of date"
    );
}

/// The dashboard names who asked, in their terms, to see the draft and has not been shown
/// it; a draft session with them takes them off, and so do newer terms that no longer ask.
#[test]
fn the_dashboard_shows_who_wants_the_draft_and_has_not_seen_it() {
    let people = [
        Person {
            given: 3,
            family: 1,
            preferred: false,
            pseudonym: true,
            relation: 0,
            visited: true,
            question: None,
            contribution: None,
            shared: None,
        },
        Person {
            given: 4,
            family: 1,
            preferred: false,
            pseudonym: true,
            relation: 1,
            visited: true,
            question: None,
            contribution: None,
            shared: None,
        },
    ];
    let mut made = record(&people, 1, None);
    let wb = &mut made.wb;
    let review = wb.review("V-1").expect("review").id;
    let ids: Vec<i64> = wb
        .members(review)
        .expect("members")
        .iter()
        .map(|m| m.id)
        .collect();
    let wants = |agreed: &str, yes: bool| TermsForm {
        agreed_on: s(agreed),
        method: s("verbal"),
        recorded_by: s("Robin Quill"),
        wants_draft: yes,
        ..TermsForm::default()
    };
    for id in &ids {
        wb.agree_terms(*id, &wants("2026-02-20", true))
            .expect("terms");
    }
    let listed = |wb: &Workbook| -> Vec<i64> {
        wb.dashboard().expect("dashboard").reviews[0]
            .draft_not_shared
            .iter()
            .map(|(id, _)| *id)
            .collect()
    };
    assert_eq!(listed(wb), ids, "both asked and neither has seen it");
    wb.share_draft(
        "V-1",
        &SharingForm {
            member_ids: vec![ids[0]],
            draft_version: s("Draft 1"),
            date: s("2026-05-04"),
            mode: s("copy-sent"),
            ..SharingForm::default()
        },
    )
    .expect("share");
    assert_eq!(listed(wb), vec![ids[1]], "the first has now seen it");
    wb.agree_terms(ids[1], &wants("2026-05-06", false))
        .expect("newer terms");
    assert!(listed(wb).is_empty(), "the second no longer asks");
}
