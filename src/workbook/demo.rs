//! Demo workbooks: clearly fictional people and bodies, for trying Kindred and for tests.
//!
//! `standard` builds one review per nation at different phases, with the hard cases of
//! domain.md §5 in it. `scaled` builds N generated reviews, each committed as it is made, so an
//! interrupted run leaves a consistent workbook that `kindred check` reports as incomplete.

use std::path::Path;

use chrono::{Days, NaiveDate};

use super::forms::*;
use super::Workbook;
use crate::domain::catalogue::{AppliesTo, Catalogue, CheckStatus};
use crate::domain::member::*;
use crate::domain::phase::Phase;
use crate::domain::records::*;
use crate::domain::review::ContactCard;
use crate::domain::timescales::KeyDate;
use crate::error::Result;
use crate::store;

mod feedback;
mod voice;

fn s(v: &str) -> Option<String> {
    Some(v.to_string())
}

fn ago(today: NaiveDate, days: u64) -> String {
    today
        .checked_sub_days(Days::new(days))
        .unwrap_or(today)
        .to_string()
}

fn ahead(today: NaiveDate, days: u64) -> String {
    today
        .checked_add_days(Days::new(days))
        .unwrap_or(today)
        .to_string()
}

struct Person<'a> {
    name: &'a str,
    preferred: Option<&'a str>,
    relationship: &'a str,
    pr: &'a str,
}

fn review_form(
    reference: &str,
    nation: &str,
    review_type: &str,
    pseudonym: &str,
    body: &str,
    today: NaiveDate,
) -> ReviewForm {
    let mut f = ReviewForm {
        reference: s(reference),
        nation: s(nation),
        review_type: s(review_type),
        pseudonym: s(pseudonym),
        body_name: s(body),
        author_name: s("Alex Morgan (fictional reviewer)"),
        author_phone: s("01632 960 123"),
        author_email: s("alex.morgan@example.org"),
        author_hours: s("Monday to Friday, 9am to 5pm"),
        partnership_contact_name: s("Business unit (fictional)"),
        partnership_contact_phone: s("01632 960 456"),
        purpose_statement: s("To understand the child's life and how services felt to the family, so other children are safer."),
        purpose_reasons: vec!["child-centred".into(), "source-of-knowledge".into(), "altruistic".into()],
        publication: s("planned"),
        complaints: s("Write to the business manager at the address above."),
        retention_until: s(&ahead(today, 365 * 6)),
        update_cadence_days: s("28"),
        ..ReviewForm::default()
    };
    if nation == "wales" {
        // A Welsh-speaking reviewer and contact, and the review's own words in Welsh, for
        // the Welsh part of its documents.
        f.author_name = s("Alex Morgan (adolygydd ffuglennol)");
        f.partnership_contact_name = s("Uned fusnes (ffuglennol)");
        f.body_name_cy = s("Bwrdd Diogelu Rhanbarthol Enghraifft (ffuglennol)");
        f.author_hours_cy = s("Dydd Llun i ddydd Gwener, 9am tan 5pm");
        f.purpose_statement_cy = s("Deall bywyd y plentyn a sut roedd y gwasanaethau'n teimlo i'r teulu, er mwyn i blant eraill fod yn fwy diogel.");
        f.complaints_cy = s("Ysgrifennwch at y rheolwr busnes yn y cyfeiriad uchod.");
    }
    f.key_dates.insert("incident".into(), ago(today, 120));
    f.key_dates.insert("notification".into(), ago(today, 116));
    f.key_dates.insert("decision".into(), ago(today, 90));
    f.key_dates
        .insert("planned-publication".into(), ahead(today, 150));
    f
}

fn add_people(wb: &mut Workbook, review: &str, child: i64, people: &[Person]) -> Result<Vec<i64>> {
    let mut ids = Vec::new();
    for p in people {
        let m = wb.add_member(
            review,
            &MemberForm {
                full_name: s(p.name),
                preferred_name: p.preferred.map(String::from),
                ..MemberForm::default()
            },
        )?;
        wb.relate(m.id, child, p.relationship, p.pr, None, None)?;
        ids.push(m.id);
    }
    Ok(ids)
}

fn visit(wb: &mut Workbook, member: i64, date: String, outcome: &str, notes: &str) -> Result<()> {
    wb.record_contact(&ContactForm {
        member_id: member,
        date: s(&date),
        time: s("10:30"),
        mode: s("home-visit"),
        outcome: s(outcome),
        location: s("At home"),
        attendees: vec!["Alex Morgan (reviewer)".into()],
        explained: if outcome == "reached" {
            vec![
                "purpose".into(),
                "confidentiality-limits".into(),
                "right-to-stop".into(),
            ]
        } else {
            vec![]
        },
        notes: s(notes),
        ..ContactForm::default()
    })?;
    Ok(())
}

/// One review per nation with the hard cases in it. Returns a one-line summary.
pub fn standard(path: &Path, passphrase: &str) -> Result<String> {
    let mut wb = Workbook::create_incomplete(path, passphrase)?;
    let today = wb.today();
    let support = wb.support_directory()?;
    let support_id = |needle: &str| {
        support
            .iter()
            .find(|s| s.name.contains(needle))
            .map(|s| s.id)
    };

    // England: separated parents behind a barrier; a domestic-abuse victim with a confidential
    // address and the linked perpetrator, in prison awaiting police clearance.
    let eng = "DEMO-ENG-01";
    wb.create_review(&review_form(
        eng,
        "england",
        "lcspr",
        "Child M",
        "Northfield Safeguarding Children Partnership (fictional)",
        today,
    ))?;
    wb.move_phase(eng, Phase::HearTheFamily)?;
    let child = wb.add_child(
        eng,
        &ChildForm {
            known_as: s("Maisie"),
            pseudonym: s("Child M"),
            date_of_birth: s("2021-05-14"),
            outcome: s("died"),
            date_of_death_or_injury: s(&ago(today, 120)),
            sensitive_dates: vec!["2021-05-14 every year: Maisie's birthday".into()],
            placement_confidential: None,
            ..ChildForm::default()
        },
    )?;
    let ids = add_people(
        &mut wb,
        eng,
        child.id,
        &[
            Person {
                name: "Jade Fennimore",
                preferred: Some("Jade"),
                relationship: "mother",
                pr: "yes",
            },
            Person {
                name: "Liam Ashgrove",
                preferred: None,
                relationship: "father",
                pr: "yes",
            },
            Person {
                name: "Carol Fennimore",
                preferred: None,
                relationship: "maternal grandmother",
                pr: "no",
            },
            Person {
                name: "Tyler Ashgrove",
                preferred: None,
                relationship: "half-brother",
                pr: "no",
            },
        ],
    )?;
    let (mother, father, nan, brother) = (ids[0], ids[1], ids[2], ids[3]);
    wb.add_contact_detail(
        mother,
        &ContactDetailForm {
            kind: s("address"),
            value: s("Refuge address held by the DA advocate (fictional)"),
            confidential: true,
            ..ContactDetailForm::default()
        },
    )?;
    wb.add_contact_detail(
        mother,
        &ContactDetailForm {
            kind: s("phone"),
            value: s("07700 900 111"),
            ..ContactDetailForm::default()
        },
    )?;
    wb.change_member(
        mother,
        &MemberForm {
            full_name: s("Jade Fennimore"),
            preferred_name: s("Jade"),
            safe_contact_times: s("Weekdays 10am to 2pm only"),
            advocate: s("IDVA (fictional)"),
            update_cadence_days: s("21"),
            ..MemberForm::default()
        },
    )?;
    wb.change_member(
        father,
        &MemberForm {
            full_name: s("Liam Ashgrove"),
            location: s("prison"),
            establishment: s("HMP Example (fictional)"),
            ..MemberForm::default()
        },
    )?;
    wb.add_role_status(father, "charged", &ago(today, 60), Some("Police liaison"))?;
    wb.add_restriction(
        father,
        &RestrictionForm {
            kind: s("police-advice"),
            detail: s("No contact until the senior investigating officer agrees"),
            recorded_on: s(&ago(today, 80)),
            requires_clearance: true,
            ..RestrictionForm::default()
        },
    )?;
    wb.link_abuse(mother, father)?;
    wb.add_barrier(mother, father, Some("Separated; domestic abuse"))?;
    wb.add_barrier(father, mother, Some("Separated"))?;
    wb.set_involvement(mother, "involved", None, true)?;
    wb.set_position(mother, Phase::HearTheFamily)?;
    wb.set_involvement(father, "approach", None, true)?;
    wb.set_involvement(nan, "involved", None, true)?;
    wb.set_position(nan, Phase::AgreeTerms)?;
    wb.change_member(
        brother,
        &MemberForm {
            full_name: s("Tyler Ashgrove"),
            child_or_young_person: true,
            accessibility: vec!["easy-read".into()],
            // Fifteen: the young person the sheets are for.
            date_of_birth: s(&ago(today, 5600)),
            ..MemberForm::default()
        },
    )?;
    wb.set_involvement(brother, "to-consider", None, true)?;
    visit(
        &mut wb,
        mother,
        ago(today, 40),
        "reached",
        "First visit with the IDVA. Talked about Maisie's routines.",
    )?;
    visit(
        &mut wb,
        nan,
        ago(today, 50),
        "reached",
        "Nan shared photos and memories.",
    )?;
    wb.record_contact(&ContactForm {
        member_id: mother,
        date: s(&ahead(today, 5)),
        time: s("11:00"),
        mode: s("in-person"),
        outcome: s("planned"),
        location: s("Family centre, Northfield (fictional)"),
        attendees: vec!["Alex Morgan (reviewer)".into(), "IDVA (fictional)".into()],
        ..ContactForm::default()
    })?;
    wb.agree_terms(
        mother,
        &TermsForm {
            agreed_on: s(&ago(today, 40)),
            method: s("verbal"),
            recorded_by: s("Alex Morgan"),
            mode: s("Face to face with IDVA present"),
            venue: s("Family centre"),
            update_cadence_days: s("21"),
            wants_draft: true,
            reading_time_days: s("14"),
            confidentiality_explained_on: s(&ago(today, 40)),
            ..TermsForm::default()
        },
    )?;
    wb.record_decision(
        eng,
        &DecisionForm {
            decided_on: s(&ago(today, 85)),
            decision: s("Do not approach the father until police clearance"),
            rationale: s("He is charged; contact could prejudice the trial."),
            consulted: s("SIO; CPS"),
            member_ids: vec![father],
            principle: s("5"),
            review_by: s(&ahead(today, 20)),
            ..DecisionForm::default()
        },
    )?;
    wb.add_parallel(
        eng,
        &ParallelForm {
            kind: s("prosecution"),
            status: s("Charged; trial listed"),
            next_key_date: s(&ahead(today, 60)),
            constraints: s("No contact with the defendant without CPS agreement"),
            ..ParallelForm::default()
        },
    )?;
    wb.set_check(
        eng,
        "p0-purpose-agreed",
        None,
        "done",
        Some("Agreed at panel"),
        Some(&ago(today, 88)),
    )
    .ok();
    for (m, name) in [(mother, "Refuge"), (mother, "Cruse"), (nan, "Cruse")] {
        if let Some(sid) = support_id(name) {
            wb.choose_support(m, sid, true)?;
        }
    }

    voice::england(&mut wb, eng, mother, nan, today)?;

    // Wales: a Welsh-speaking family, phase 1.
    let wal = "DEMO-WAL-01";
    wb.create_review(&review_form(
        wal,
        "wales",
        "cpr-extended",
        "Plentyn C",
        "Bwrdd Diogelu Rhanbarthol Enghraifft (fictional)",
        today,
    ))?;
    wb.move_phase(wal, Phase::FirstContact)?;
    let child = wb.add_child(
        wal,
        &ChildForm {
            known_as: s("Cadi"),
            pseudonym: s("Plentyn C"),
            outcome: s("seriously-harmed"),
            date_of_death_or_injury: s(&ago(today, 100)),
            ..ChildForm::default()
        },
    )?;
    let ids = add_people(
        &mut wb,
        wal,
        child.id,
        &[
            Person {
                name: "Siân ap Rhys",
                preferred: None,
                relationship: "mam",
                pr: "yes",
            },
            Person {
                name: "Gwilym Prys",
                preferred: None,
                relationship: "tad",
                pr: "yes",
            },
            Person {
                name: "Eirlys ap Rhys",
                preferred: Some("Nain"),
                relationship: "nain",
                pr: "no",
            },
        ],
    )?;
    for &id in &ids {
        let m = wb.member(id)?;
        let mut f = MemberForm::from_details(&m.details);
        f.welsh_preferred = true;
        f.language = s("Welsh");
        wb.change_member(id, &f)?;
        wb.set_involvement(id, "approached", None, true)?;
        wb.set_position(id, Phase::FirstContact)?;
    }
    visit(
        &mut wb,
        ids[0],
        ago(today, 20),
        "reached",
        "Cyfarfod cyntaf. Wedi siarad am Cadi.",
    )?;
    if let Some(sid) = support_id("Live Fear Free").or_else(|| support_id("Samaritans")) {
        wb.choose_support(ids[0], sid, true)?;
    }
    voice::wales(&mut wb, wal, ids[0], today)?;

    // Scotland: a Polish-speaking grandmother who needs an interpreter; a member who declined.
    let sco = "DEMO-SCO-01";
    wb.create_review(&review_form(
        sco,
        "scotland",
        "learning-review",
        "Child K",
        "Eastloch Child Protection Committee (fictional)",
        today,
    ))?;
    wb.move_phase(sco, Phase::AgreeTerms)?;
    let child = wb.add_child(
        sco,
        &ChildForm {
            known_as: s("Kuba"),
            pseudonym: s("Child K"),
            outcome: s("died"),
            date_of_death_or_injury: s(&ago(today, 200)),
            ..ChildForm::default()
        },
    )?;
    let ids = add_people(
        &mut wb,
        sco,
        child.id,
        &[
            Person {
                name: "Grażyna Wójcik-Łęcka",
                preferred: Some("Babcia Grażyna"),
                relationship: "grandmother",
                pr: "no",
            },
            Person {
                name: "Marta Wójcik",
                preferred: None,
                relationship: "mother",
                pr: "yes",
            },
            Person {
                name: "Callum Reid",
                preferred: None,
                relationship: "mother's partner",
                pr: "no",
            },
        ],
    )?;
    let m = wb.member(ids[0])?;
    let mut f = MemberForm::from_details(&m.details);
    f.language = s("Polish");
    f.interpreter_needed = true;
    f.interpreter_gender = s("female");
    f.translation_needed = true;
    wb.change_member(ids[0], &f)?;
    wb.set_involvement(ids[0], "involved", None, true)?;
    wb.set_position(ids[0], Phase::AgreeTerms)?;
    wb.set_involvement(ids[1], "involved", None, true)?;
    wb.set_involvement(
        ids[2],
        "declined",
        Some("Said it is too soon; happy to be asked again in spring"),
        true,
    )?;
    wb.record_contact(&ContactForm {
        member_id: ids[0],
        date: s(&ago(today, 35)),
        time: s("14:00"),
        mode: s("home-visit"),
        outcome: s("reached"),
        interpreter_language: s("Polish"),
        attendees: vec![
            "Alex Morgan (reviewer)".into(),
            "Interpreter (fictional)".into(),
        ],
        notes: s("Through a Polish interpreter. Babcia told us about Kuba's love of trains."),
        ..ContactForm::default()
    })?;

    // Northern Ireland: a surviving sibling; phase 5.
    let ni = "DEMO-NI-01";
    wb.create_review(&review_form(
        ni,
        "northern-ireland",
        "cmr",
        "Child R",
        "SBNI Case Management Review Panel (fictional)",
        today,
    ))?;
    wb.move_phase(ni, Phase::ShareFindings)?;
    let child = wb.add_child(
        ni,
        &ChildForm {
            known_as: s("Ruairí"),
            pseudonym: s("Child R"),
            outcome: s("died"),
            date_of_death_or_injury: s(&ago(today, 400)),
            ..ChildForm::default()
        },
    )?;
    let ids = add_people(
        &mut wb,
        ni,
        child.id,
        &[
            Person {
                name: "Aoife Ní Bhriain",
                preferred: None,
                relationship: "mother",
                pr: "yes",
            },
            Person {
                name: "Orla Ní Bhriain",
                preferred: None,
                relationship: "sister",
                pr: "no",
            },
            Person {
                name: "Declan Byrne",
                preferred: None,
                relationship: "father",
                pr: "yes",
            },
        ],
    )?;
    wb.set_involvement(ids[0], "involved", None, true)?;
    wb.set_position(ids[0], Phase::ShareFindings)?;
    let m = wb.member(ids[1])?;
    let mut f = MemberForm::from_details(&m.details);
    f.child_or_young_person = true;
    f.advocate = s("Youth advocate (fictional)");
    wb.change_member(ids[1], &f)?;
    wb.set_involvement(ids[1], "involved", None, true)?;
    wb.set_involvement(
        ids[2],
        "not-approached",
        Some("Lives abroad; no contact with the family for ten years; panel agreed"),
        true,
    )?;
    visit(
        &mut wb,
        ids[0],
        ago(today, 70),
        "reached",
        "Went through the findings timetable.",
    )?;

    wb.finish_creation()?;
    Ok("4 reviews, one per nation; all names are fictional".into())
}

/// A small deterministic generator (xorshift), so scale workbooks are repeatable.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
}

const FIRST: &[&str] = &[
    "Amira", "Ben", "Chloe", "Dafydd", "Eilidh", "Femi", "Grace", "Hamza", "Isla", "Jakub",
    "Kerry", "Lewis", "Mairead", "Nia", "Oskar", "Priya", "Rhys", "Siobhan", "Tomasz", "Zofia",
];
const LAST: &[&str] = &[
    "Ashdown",
    "Brennock",
    "Caldermere",
    "Dunholt",
    "Elverby",
    "Fairholme",
    "Glenward",
    "Hollins-Vale",
    "Inchmorrow",
    "Kowalczyk-Lane",
    "Larchfield",
    "Moorcroft",
    "Nettlebank",
];
const RELATIONS: &[(&str, &str)] = &[
    ("mother", "yes"),
    ("father", "yes"),
    ("step-father", "no"),
    ("grandmother", "no"),
    ("grandfather", "no"),
    ("aunt", "no"),
    ("older sister", "no"),
    ("foster carer", "no"),
];

/// N generated reviews of about 8 people and 100 contacts each, with what a review at its
/// phase would have recorded: most checks before the phase closed, terms agreed with the
/// people involved, clearance for some restricted people, and a police investigation
/// running alongside a third of the reviews.
pub fn scaled(
    path: &Path,
    passphrase: &str,
    n: u32,
    mut progress: impl FnMut(u32),
) -> Result<String> {
    let mut wb = Workbook::create_incomplete(path, passphrase)?;
    let today = wb.today();
    let nations = [
        ("england", "lcspr"),
        ("wales", "cpr-concise"),
        ("scotland", "learning-review"),
        ("northern-ireland", "cmr"),
        ("england", "rapid-review"),
        ("wales", "susr"),
    ];
    let mut contacts = 0u64;
    let support: Vec<i64> = wb.support_directory()?.iter().map(|s| s.id).collect();
    let catalogue = Catalogue::embedded();
    for i in 0..n {
        let mut rng =
            Rng(0x9E37_79B9_7F4A_7C15 ^ (u64::from(i) + 1).wrapping_mul(0x2545_F491_4F6C_DD1D));
        let (nation, rtype) = *rng.pick(&nations);
        let mut review = review_form(
            &format!("SCALE-{:05}", i + 1),
            nation,
            rtype,
            &format!("Child {}", (b'A' + (i % 26) as u8) as char),
            "Generated Partnership (fictional)",
            today,
        )
        .parse()?;
        review.phase = Phase::from_number(rng.below(8) as u8).unwrap_or(Phase::Prepare);
        review.author = ContactCard {
            name: "Generated Reviewer (fictional)".into(),
            ..review.author
        };
        let key = review
            .key_dates
            .get(&KeyDate::Incident)
            .copied()
            .unwrap_or(today);
        let made = wb.store.write(|tx| {
            let rid = store::reviews::insert(tx, &review)?;
            let child = crate::domain::review::Child {
                id: 0,
                review_id: rid,
                known_as: rng.pick(FIRST).to_string(),
                pseudonym: review.pseudonym.clone(),
                date_of_birth: None,
                outcome: crate::domain::review::ChildOutcome::Died,
                date_of_death_or_injury: Some(key),
                sensitive_dates: vec![],
                legal_status: None,
                placement_confidential: None,
            };
            let cid = store::children::insert(tx, &child)?;
            // The review's own checks before its phase: most done, a few closed otherwise.
            let done = CheckStatus::Done {
                evidence: "Generated evidence (fictional)".into(),
                on: key,
                record: None,
            };
            for c in catalogue
                .for_nation(review.nation)
                .filter(|c| c.applies_to == AppliesTo::Review && c.phase < review.phase)
            {
                match rng.below(20) {
                    0..=15 => store::records::set_check(tx, rid, &c.id, None, &done)?,
                    16 => store::records::set_check(
                        tx,
                        rid,
                        &c.id,
                        None,
                        &CheckStatus::DecidedOtherwise {
                            reason: "Generated reason (fictional)".into(),
                        },
                    )?,
                    _ => {}
                }
            }
            if rng.below(3) == 0 {
                crate::store::records::insert(
                    tx,
                    &ParallelProcess {
                        id: 0,
                        review_id: rid,
                        kind: ParallelKind::CriminalInvestigation,
                        reference: Some("Op Generated (fictional)".into()),
                        contact: Some("SIO (fictional)".into()),
                        status: "open".into(),
                        next_key_date: key.checked_add_days(Days::new(rng.below(400))),
                        constraints: Some("No contact about the events before the trial".into()),
                        last_checked: Some(key),
                    },
                )?;
            }
            let people = 6 + rng.below(5);
            let mut made = 0u64;
            let mut involved = Vec::new();
            for p in 0..people {
                let (rel, pr) = *rng.pick(RELATIONS);
                let status = match rng.below(10) {
                    0 => Involvement::Declined {
                        reason: "Not ready to talk".into(),
                        door_left_open: true,
                    },
                    1 => Involvement::NotApproached {
                        reason: "Panel decision recorded".into(),
                    },
                    2..=4 => Involvement::Approached,
                    _ => Involvement::Involved,
                };
                let m = Member {
                    id: 0,
                    review_id: rid,
                    details: MemberDetails {
                        full_name: format!("{} {}", rng.pick(FIRST), rng.pick(LAST)),
                        language: (rng.below(6) == 0).then(|| "Polish".to_string()),
                        interpreter_needed: rng.below(8) == 0,
                        ..MemberDetails::default()
                    },
                    involvement: status,
                    position: Phase::from_number(
                        rng.below(u64::from(review.phase.number()) + 1) as u8
                    )
                    .unwrap_or(Phase::Prepare),
                    contact_details: vec![ContactDetail {
                        id: 0,
                        kind: ContactDetailKind::Phone,
                        value: format!("07700 900 {:03}", rng.below(1000)),
                        safe_to_print: false,
                        confidential: false,
                    }],
                    relationships: vec![Relationship {
                        child_id: cid,
                        relationship: rel.into(),
                        parental_responsibility: ParentalResponsibility::parse(pr)
                            .unwrap_or(ParentalResponsibility::Unknown),
                        pr_basis: None,
                        child_called: None,
                    }],
                    role_statuses: vec![],
                    restrictions: vec![],
                    clearances: vec![],
                    support_ids: vec![],
                };
                let mid = store::members::insert(tx, &m)?;
                if matches!(m.involvement, Involvement::Involved) {
                    involved.push(mid);
                }
                let restricted = p == 0 && rng.below(3) == 0;
                if restricted {
                    store::members::add_restriction(
                        tx,
                        rid,
                        mid,
                        &Restriction {
                            id: 0,
                            kind: RestrictionKind::PoliceAdvice,
                            detail: Some("Awaiting SIO advice".into()),
                            recorded_on: key,
                            expires: None,
                            requires_clearance: true,
                            via: None,
                            entered_in_error: None,
                        },
                    )?;
                }
                if restricted && rng.below(2) == 0 {
                    store::members::add_clearance(
                        tx,
                        rid,
                        mid,
                        &Clearance {
                            id: 0,
                            body: ClearanceBody::Police,
                            given_on: key.checked_add_days(Days::new(20)).unwrap_or(key),
                            advice: "Contact agreed after the first police interview".into(),
                            contact_allowed: true,
                            entered_in_error: None,
                        },
                    )?;
                }
                if let Some(&sid) = support.get(rng.below(support.len() as u64) as usize) {
                    store::members::set_support(tx, rid, mid, sid, true)?;
                }
                if matches!(m.involvement, Involvement::Involved) {
                    // Agreed terms, sometimes agreed again with a new cadence.
                    for version in 1..=(1 + rng.below(2) as u32) {
                        crate::store::records::insert_terms(
                            tx,
                            rid,
                            &Terms {
                                id: 0,
                                member_id: mid,
                                version,
                                agreed_on: key,
                                method: ConsentMethod::Verbal,
                                recorded_by: "Generated Reviewer (fictional)".into(),
                                mode: Some("Home visit".into()),
                                venue: None,
                                supporter: None,
                                interpreter: None,
                                update_cadence_days: Some(*rng.pick(&[14, 21, 28, 42])),
                                channel: Some("Phone".into()),
                                description_wishes: None,
                                anonymity_wishes: None,
                                wants_draft: true,
                                reading_time_days: Some(10),
                                confidentiality_explained_on: Some(key),
                                withdrawal_explained_on: Some(key),
                                publication_explained_on: None,
                                notes: None,
                            },
                        )?;
                    }
                }
                if !m.involvement.is_closed() {
                    // Most of this person's checks before their position are closed.
                    for c in catalogue
                        .for_nation(review.nation)
                        .filter(|c| c.applies_to == AppliesTo::Member && c.phase < m.position)
                    {
                        if rng.below(10) < 7 {
                            store::records::set_check(tx, rid, &c.id, Some(mid), &done)?;
                        }
                    }
                }
                let count = 8 + rng.below(10);
                for c in 0..count {
                    let outcome = *rng.pick(&[
                        ContactOutcome::Reached,
                        ContactOutcome::Reached,
                        ContactOutcome::NoAnswer,
                        ContactOutcome::MessageLeft,
                    ]);
                    let contact = Contact {
                        id: 0,
                        review_id: rid,
                        member_id: mid,
                        with_member_ids: vec![],
                        date: today
                            .checked_sub_days(Days::new(rng.below(200) + c))
                            .unwrap_or(today),
                        time: None,
                        mode: *rng.pick(&[
                            ContactMode::Phone,
                            ContactMode::HomeVisit,
                            ContactMode::Letter,
                            ContactMode::Email,
                        ]),
                        outcome,
                        location: None,
                        initiated_by: None,
                        attendees: vec![],
                        interpreter_language: None,
                        supporter: None,
                        phase: m.position,
                        explained: vec![Explained::Purpose],
                        notes: Some(format!(
                            "Generated note {c}: talked about how things have been this month."
                        )),
                        disclosure: None,
                        wellbeing: None,
                        follow_up: None,
                        follow_up_due: None,
                        entered_in_error: None,
                    };
                    crate::store::records::insert(tx, &contact)?;
                    made += 1;
                }
            }
            if review.phase >= Phase::HearTheFamily {
                voice::scaled(tx, rid, review.phase, &involved, key, &mut || rng.below(4))?;
            }
            feedback::scaled(
                tx,
                rid,
                review.phase,
                &involved,
                today,
                u64::from(i) + 0x5EED,
            )?;
            Ok(made)
        })?;
        contacts += made;
        progress(i + 1);
    }
    wb.finish_creation()?;
    Ok(format!(
        "{n} generated reviews, {contacts} contacts; all fictional"
    ))
}
