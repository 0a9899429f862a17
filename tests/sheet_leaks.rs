//! Leaks by part (issue 13, item 4): over random families whose people have addresses
//! (confidential or not) and names in several scripts, any part of another person's details
//! typed into a visit (a street, a postcode with or without its space, a house name, a common
//! street with its town, a surname, a distinctive first name, a phone number however spaced),
//! in any case and with or without accents, is refused before the sheet is made, saying which
//! field and whose. And what points at nobody (the review's own area, the child's name,
//! relationship words, the person's own name and address) is never refused.

mod util;

use kindred::domain::leaks::fold;
use kindred::workbook::forms::*;
use kindred::{Error, Workbook};
use proptest::prelude::*;
use util::PASS;

fn s(v: &str) -> Option<String> {
    Some(v.to_string())
}

const GIVEN: &[&str] = &[
    "Aneurin",
    "Bronwen",
    "Ciarán",
    "Dorota",
    "Eamon",
    "Fatima",
    "Gwenllian",
    "Halina",
    "Iwan",
    "Jolanta",
    "Kwame",
    "Łucja",
    "Siobhán",
    "Tomasz",
];
const FAMILY: &[&str] = &[
    "Ashworth",
    "Brzęczek",
    "Cadwaladr",
    "Dunleavy",
    "Okonkwo",
    "Ferreira",
    "Ó Dónaill",
    "Hughes-Ŵyn",
    "Wiśniewska",
];
const HOUSES: &[&str] = &[
    "Tŷ Gwyn",
    "Hafod Uchaf",
    "The Larches",
    "Bryn Awel",
    "Rosemount",
];
const STREETS: &[&str] = &[
    "Heol y Nant",
    "Ffordd Glanffrwd",
    "Cilgant Penrhiw",
    "Caldermere Road",
    "Larkspur Close",
    "Dunholt Avenue",
];
const COMMON: &[&str] = &["High Street", "Church Road", "Station Road"];
/// Towns: the review's area is the first; none of them alone is ever a leak.
const TOWNS: &[&str] = &["Treorchy", "Porth", "Aberdâr", "Pontypridd"];

/// A person: (given, family, house, street, common street?, town, postcode, phone, confidential)
#[derive(Debug, Clone)]
struct Person {
    given: usize,
    family: usize,
    house: Option<usize>,
    number: u16,
    street: usize,
    common: bool,
    town: usize,
    postcode: (char, u8, u8, char, char),
    phone: u16,
    confidential: bool,
}

impl Person {
    fn name(&self) -> String {
        format!("{} {}", GIVEN[self.given], FAMILY[self.family])
    }

    fn street(&self) -> &'static str {
        if self.common {
            COMMON[self.street % COMMON.len()]
        } else {
            STREETS[self.street]
        }
    }

    fn postcode(&self) -> (String, String) {
        let (a, d1, d2, b, c) = self.postcode;
        (format!("C{a}{d1}"), format!("{d2}{b}{c}"))
    }

    fn address(&self) -> String {
        let (out, inw) = self.postcode();
        let house = self
            .house
            .map(|h| format!("{}, ", HOUSES[h]))
            .unwrap_or_default();
        format!(
            "{house}{} {}, {}, {out} {inw}",
            self.number,
            self.street(),
            TOWNS[self.town]
        )
    }

    fn phone(&self) -> String {
        format!("07700 900{:03}", self.phone)
    }
}

fn person() -> impl Strategy<Value = Person> {
    (
        (
            0..GIVEN.len(),
            0..FAMILY.len(),
            prop::option::of(0..HOUSES.len()),
        ),
        (1u16..300, 0..STREETS.len(), any::<bool>(), 0..TOWNS.len()),
        (
            prop::sample::select(vec!['F', 'H', 'A', 'W']),
            10u8..50,
            0u8..10,
            prop::char::range('A', 'Z'),
            prop::char::range('A', 'Z'),
        ),
        (0u16..1000, any::<bool>()),
    )
        .prop_map(
            |(
                (given, family, house),
                (number, street, common, town),
                postcode,
                (phone, confidential),
            )| Person {
                given,
                family,
                house,
                number,
                street,
                common,
                town,
                postcode,
                phone,
                confidential,
            },
        )
}

/// Two to five people, no two sharing a first name, a surname, a house, a street or a phone
/// (a shared part points at both, and is no leak on either's own sheet).
fn family() -> impl Strategy<Value = Vec<Person>> {
    prop::collection::vec(person(), 2..6).prop_map(|mut people| {
        let mut seen = (vec![], vec![], vec![], vec![], vec![], vec![]);
        people.retain(|p| {
            let fresh = !seen.0.contains(&p.given)
                && !seen.1.contains(&p.family)
                && p.house.is_none_or(|h| !seen.2.contains(&h))
                && !seen.3.contains(&p.street())
                && !seen.4.contains(&p.phone)
                && !seen.5.contains(&p.postcode());
            if fresh {
                seen.0.push(p.given);
                seen.1.push(p.family);
                if let Some(h) = p.house {
                    seen.2.push(h);
                }
                seen.3.push(p.street());
                seen.4.push(p.phone);
                seen.5.push(p.postcode());
            }
            fresh
        });
        people
    })
}

/// Which part of the other person goes into the visit, and how it is written.
#[derive(Debug, Clone, Copy)]
enum Fragment {
    Street,
    Postcode { space: bool },
    House,
    StreetAndTown,
    Surname,
    Given,
    Phone { spaced: u8 },
}

fn fragment() -> impl Strategy<Value = Fragment> {
    prop_oneof![
        Just(Fragment::Street),
        any::<bool>().prop_map(|space| Fragment::Postcode { space }),
        Just(Fragment::House),
        Just(Fragment::StreetAndTown),
        Just(Fragment::Surname),
        Just(Fragment::Given),
        (0u8..3).prop_map(|spaced| Fragment::Phone { spaced }),
    ]
}

/// The words of `p` a fragment stands for, or none when `p` has no such part.
fn words_for(p: &Person, f: Fragment) -> Option<String> {
    let (out, inw) = p.postcode();
    Some(match f {
        // A common street alone points at nobody: its number goes with it.
        Fragment::Street if p.common => format!("{} {}", p.number, p.street()),
        Fragment::Street => p.street().to_string(),
        Fragment::Postcode { space: true } => format!("{out} {inw}"),
        Fragment::Postcode { space: false } => format!("{out}{inw}"),
        Fragment::House => HOUSES[p.house?].to_string(),
        Fragment::StreetAndTown => format!("{}, {}", p.street(), TOWNS[p.town]),
        Fragment::Surname => format!("Mrs {}", FAMILY[p.family]),
        Fragment::Given => GIVEN[p.given].to_string(),
        Fragment::Phone { spaced: 0 } => format!("07700900{:03}", p.phone),
        Fragment::Phone { spaced: 1 } => format!("+44 7700 900 {:03}", p.phone),
        Fragment::Phone { .. } => format!("(07700) 900-{:03}", p.phone),
    })
}

/// Case and accents as an author might type them.
fn written(text: &str, how: u8) -> String {
    match how {
        0 => text.to_string(),
        1 => text.to_uppercase(),
        2 => text.to_lowercase(),
        _ => fold(text),
    }
}

/// Which visit field the fragment is typed into.
#[derive(Debug, Clone, Copy)]
enum Field {
    Place,
    Supporter,
    Attendee,
}

fn field() -> impl Strategy<Value = Field> {
    prop_oneof![
        Just(Field::Place),
        Just(Field::Supporter),
        Just(Field::Attendee)
    ]
}

/// A workbook with one review in Wales (area: the first town) and the family in it; returns
/// the workbook and each person's id.
fn workbook(dir: &std::path::Path, people: &[Person]) -> (Workbook, Vec<i64>) {
    let mut wb = Workbook::create(&dir.join("l.kindred"), PASS).expect("create");
    wb.create_review(&ReviewForm {
        reference: s("L-1"),
        nation: s("wales"),
        review_type: s("susr"),
        pseudonym: s("Child L"),
        body_name: s(&format!("{} Safeguarding Board (fictional)", TOWNS[0])),
        author_name: s("Robin Quill"),
        ..ReviewForm::default()
    })
    .expect("review");
    let child = wb
        .add_child(
            "L-1",
            &ChildForm {
                known_as: s("Cerys"),
                pseudonym: s("Child L"),
                ..ChildForm::default()
            },
        )
        .expect("child");
    let mut ids = Vec::new();
    for p in people {
        let m = wb
            .add_member(
                "L-1",
                &MemberForm {
                    full_name: s(&p.name()),
                    ..MemberForm::default()
                },
            )
            .expect("member");
        wb.add_contact_detail(
            m.id,
            &ContactDetailForm {
                kind: s("address"),
                value: s(&p.address()),
                safe_to_print: !p.confidential,
                confidential: p.confidential,
            },
        )
        .expect("address");
        wb.add_contact_detail(
            m.id,
            &ContactDetailForm {
                kind: s("phone"),
                value: s(&p.phone()),
                safe_to_print: true,
                confidential: false,
            },
        )
        .expect("phone");
        wb.relate(m.id, child.id, "aunt", "unknown", None, None)
            .expect("relate");
        wb.set_involvement(m.id, "involved", None, true)
            .expect("status");
        ids.push(m.id);
    }
    (wb, ids)
}

/// Plans a visit for `member` with `text` in `field` and builds the sheet's view.
fn view_with(
    wb: &mut Workbook,
    member: i64,
    field: Field,
    text: &str,
) -> kindred::Result<kindred::documents::SheetView> {
    let mut form = ContactForm {
        member_id: member,
        date: s("2 December 2026"),
        mode: s("in-person"),
        outcome: s("planned"),
        location: s("Treorchy library"),
        ..ContactForm::default()
    };
    match field {
        Field::Place => form.location = s(text),
        Field::Supporter => form.supporter = s(text),
        Field::Attendee => form.attendees = vec![text.to_string()],
    }
    let visit = wb.record_contact(&form).expect("visit");
    wb.sheet_view(member, Some(visit.id))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn any_part_of_anothers_details_is_refused(
        people in family(),
        pick in any::<prop::sample::Index>(),
        other in any::<prop::sample::Index>(),
        part in fragment(),
        how in 0u8..4,
        where_ in field(),
        before in prop::sample::select(vec!["", "near ", "the café on ", "with "]),
    ) {
        prop_assume!(people.len() >= 2);
        let me = pick.index(people.len());
        let mut them = other.index(people.len());
        if them == me {
            them = (me + 1) % people.len();
        }
        let Some(words) = words_for(&people[them], part) else {
            return Ok(());
        };
        let dir = tempfile::tempdir().expect("tmp");
        let (mut wb, ids) = workbook(dir.path(), &people);
        let text = format!("{before}{}", written(&words, how));
        match view_with(&mut wb, ids[me], where_, &text) {
            Err(Error::Refused(reasons)) => {
                let said: Vec<String> = reasons.iter().map(|r| r.to_string()).collect();
                let whose = people[them].name();
                prop_assert!(
                    said.iter().any(|x| x.contains(&whose) && x.contains("visit")),
                    "{text:?} in {where_:?}: refused, but not naming {whose} and the field: {said:?}"
                );
                // An address or a phone number is not repeated back (a name is: it says whose).
                if !matches!(part, Fragment::Surname | Fragment::Given) {
                    prop_assert!(
                        said.iter().all(|x| !fold(x).contains(&fold(&words))),
                        "the matched text is repeated back: {said:?}"
                    );
                }
            }
            Ok(_) => prop_assert!(false, "{text:?} ({part:?} of {}) in {where_:?} was let through on {}'s sheet", people[them].name(), people[me].name()),
            Err(e) => prop_assert!(false, "unexpected error {e}"),
        }
    }

    #[test]
    fn what_points_at_nobody_is_never_refused(
        people in family(),
        pick in any::<prop::sample::Index>(),
        own in 0usize..7,
        how in 0u8..4,
        where_ in field(),
    ) {
        let me = pick.index(people.len());
        let p = &people[me];
        let (out, inw) = p.postcode();
        // The review's area, the child, relationship words, ordinary words, common streets
        // alone, and the person's own name and address.
        let ordinary = [
            format!("{} library", TOWNS[0]),
            "Cerys's nain and her mam".to_string(),
            "The family centre on High Street".to_string(),
            format!("{} and {}", TOWNS[p.town], TOWNS[(p.town + 1) % TOWNS.len()]),
            format!("At home: {} {}", p.number, p.street()),
            format!("{} ({out}{inw})", p.name()),
            "Hope, a bereavement worker, and Robin Quill".to_string(),
        ];
        let dir = tempfile::tempdir().expect("tmp");
        let (mut wb, ids) = workbook(dir.path(), &people);
        let text = written(&ordinary[own], how);
        let got = view_with(&mut wb, ids[me], where_, &text);
        prop_assert!(got.is_ok(), "{text:?} in {where_:?} refused on {}'s sheet: {:?}", p.name(), got.err().map(|e| e.to_string()));
    }
}
