//! The hard safety rules, as pure functions that can be tested on their own.
//!
//! Checks guide; these block. A person whose contact is restricted gets no contact and no
//! document until clearance is recorded (or the author overrides with a logged reason); no
//! joint meeting across a domestic-abuse link or an information barrier; no document for a
//! person whose involvement is still to be decided (unless overridden, the same way); no
//! document text that carries someone else's name or details, whole or in part (found by
//! `domain::leaks`).

use chrono::NaiveDate;
use serde::Serialize;

use super::member::{AbuseLink, Barrier, Clearance, Member, Restriction};

/// Why something is refused. Each carries enough to explain itself in one line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "rule", rename_all = "kebab-case")]
pub enum Refusal {
    /// An active restriction needs clearance and none allowing contact is recorded after it.
    AwaitingClearance { restriction: String },
    /// The latest clearance advice says no contact.
    ClearanceRefused { advice: String },
    /// The person declined, withdrew or was not approached by decision.
    NotTakingPart { status: String, reason: String },
    /// No decision has been made yet about involving the person ("to consider").
    InvolvementUndecided,
    /// Two people may not meet together.
    JointMeeting { reason: String },
    /// A field of a document carries another person's name or details, whole or in part.
    /// `detail` says whose and which part ("the street of Nadia Okonkwo's confidential
    /// address"), never the text itself.
    OthersDetail { field: String, detail: String },
    /// The document would be in a community language whose translation is a draft, and
    /// the author has not said they know (`languages`: "Polish", "Urdu and Bengali").
    DraftTranslation { languages: String },
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Refusal::AwaitingClearance { restriction } => write!(
                f,
                "contact is restricted ({restriction}) and no clearance allowing contact has been recorded"
            ),
            Refusal::ClearanceRefused { advice } => {
                write!(f, "the latest clearance advice does not allow contact: {advice}")
            }
            Refusal::NotTakingPart { status, reason } => {
                write!(f, "the person is recorded as {status}: {reason}")
            }
            Refusal::InvolvementUndecided => write!(
                f,
                "whether to involve the person is still to be decided; record the decision (approach them, or not approached with the reason) first"
            ),
            Refusal::JointMeeting { reason } => write!(f, "no joint meeting: {reason}"),
            Refusal::DraftTranslation { languages } => write!(
                f,
                "the {languages} wording is a draft translation that no qualified translator has checked, and making it was not confirmed"
            ),
            Refusal::OthersDetail { field, detail } => write!(
                f,
                "{field} has {detail} in it; take it out (a document for one person never carries anyone else's details)"
            ),
        }
    }
}

/// A code in words, for a sentence: "police-advice" -> "police advice".
fn words(slug: &str) -> String {
    slug.replace('-', " ")
}

fn restriction_label(r: &Restriction) -> String {
    match &r.detail {
        Some(d) => format!("{}: {d}", words(r.kind.slug())),
        None => words(r.kind.slug()),
    }
}

/// May the author contact this person today?
pub fn may_contact(member: &Member, today: NaiveDate) -> Result<(), Vec<Refusal>> {
    may_contact_under(&member.restrictions, &member.clearances, today)
}

/// The same rule over a person's restrictions and clearances alone (the dashboard reads
/// only these, not the whole person).
pub fn may_contact_under(
    restrictions: &[Restriction],
    clearances: &[Clearance],
    today: NaiveDate,
) -> Result<(), Vec<Refusal>> {
    let mut refusals = Vec::new();
    for r in restrictions
        .iter()
        .filter(|r| r.requires_clearance && r.active_on(today))
    {
        // The newest clearance given on or after the restriction decides.
        let latest = clearances
            .iter()
            .filter(|c| c.entered_in_error.is_none())
            .filter(|c| c.given_on >= r.recorded_on && c.given_on <= today)
            .max_by_key(|c| (c.given_on, c.id));
        match latest {
            None => refusals.push(Refusal::AwaitingClearance {
                restriction: restriction_label(r),
            }),
            Some(c) if !c.contact_allowed => refusals.push(Refusal::ClearanceRefused {
                advice: c.advice.clone(),
            }),
            Some(_) => {}
        }
    }
    if refusals.is_empty() {
        Ok(())
    } else {
        Err(refusals)
    }
}

/// May this person be given a document (an information sheet, a feedback form) today? Not
/// while contact is restricted and not cleared, not once they are not taking part, and not
/// while whether to involve them is still to be decided.
pub fn may_receive_document(member: &Member, today: NaiveDate) -> Result<(), Vec<Refusal>> {
    let mut refusals = may_contact(member, today).err().unwrap_or_default();
    if member.involvement == super::member::Involvement::ToConsider {
        refusals.push(Refusal::InvolvementUndecided);
    }
    if let Some(reason) = member.involvement.reason() {
        refusals.push(Refusal::NotTakingPart {
            status: words(member.involvement.slug()),
            reason: reason.to_string(),
        });
    }
    if refusals.is_empty() {
        Ok(())
    } else {
        Err(refusals)
    }
}

/// May these people meet together? Never across an abuse link or an information barrier.
pub fn joint_meeting(
    ids: &[i64],
    links: &[AbuseLink],
    barriers: &[Barrier],
) -> Result<(), Refusal> {
    for (i, &a) in ids.iter().enumerate() {
        for &b in &ids[i + 1..] {
            let pair = |x: i64, y: i64| (x == a && y == b) || (x == b && y == a);
            if links.iter().any(|l| pair(l.victim_id, l.perpetrator_id)) {
                return Err(Refusal::JointMeeting {
                    reason: "a domestic-abuse link lies between two of the people".into(),
                });
            }
            if barriers
                .iter()
                .any(|x| pair(x.protected_id, x.withheld_from_id))
            {
                return Err(Refusal::JointMeeting {
                    reason: "an information barrier lies between two of the people".into(),
                });
            }
        }
    }
    Ok(())
}

/// The names of other members that appear, as whole words, in text meant for one person.
///
/// Full names always count; a preferred name counts when it has at least four letters (short
/// ones like "Jo" would match ordinary words). Case-insensitive, any script.
pub fn names_in(text: &str, others: &[&Member]) -> Vec<String> {
    let hay = text.to_lowercase();
    let mut found = Vec::new();
    for m in others {
        let mut candidates = vec![m.details.full_name.as_str()];
        if let Some(p) = m.details.preferred_name.as_deref() {
            if p.chars().filter(|c| c.is_alphabetic()).count() >= 4 {
                candidates.push(p);
            }
        }
        for name in candidates {
            if contains_word(&hay, &name.to_lowercase()) && !found.contains(&name.to_string()) {
                found.push(name.to_string());
            }
        }
    }
    found
}

/// Whether `needle` appears in `hay` as a whole word (both already lower-cased).
pub(crate) fn contains_word(hay: &str, needle: &str) -> bool {
    let needle = needle.trim();
    if needle.is_empty() {
        return false;
    }
    let mut start = 0;
    while let Some(pos) = hay[start..].find(needle) {
        let at = start + pos;
        let end = at + needle.len();
        let before = hay[..at].chars().next_back();
        let after = hay[end..].chars().next();
        if !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric) {
            return true;
        }
        start = at + needle.chars().next().map_or(1, char::len_utf8);
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::member::*;
    use crate::domain::phase::Phase;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("test date")
    }

    fn member(id: i64, name: &str) -> Member {
        Member {
            id,
            review_id: 1,
            details: MemberDetails {
                full_name: name.into(),
                ..MemberDetails::default()
            },
            involvement: Involvement::Approach,
            position: Phase::Prepare,
            contact_details: vec![],
            relationships: vec![],
            role_statuses: vec![],
            restrictions: vec![],
            clearances: vec![],
            support_ids: vec![],
        }
    }

    fn restricted(on: &str, expires: Option<&str>) -> Restriction {
        Restriction {
            id: 1,
            kind: RestrictionKind::PoliceAdvice,
            detail: Some("trial pending".into()),
            recorded_on: d(on),
            expires: expires.map(d),
            requires_clearance: true,
            via: None,
            entered_in_error: None,
        }
    }

    fn clearance(id: i64, on: &str, allowed: bool) -> Clearance {
        Clearance {
            id,
            body: ClearanceBody::Police,
            given_on: d(on),
            advice: if allowed { "may contact" } else { "not yet" }.into(),
            contact_allowed: allowed,
            entered_in_error: None,
        }
    }

    /// (restrictions, clearances, today) -> expected rule names
    fn check(rs: Vec<Restriction>, cs: Vec<Clearance>, today: &str, expect: &[&str]) {
        let mut m = member(1, "Test Person");
        m.restrictions = rs;
        m.clearances = cs;
        let got: Vec<String> = match may_contact(&m, d(today)) {
            Ok(()) => vec![],
            Err(v) => v
                .iter()
                .map(|r| {
                    serde_json::to_value(r).expect("json")["rule"]
                        .as_str()
                        .unwrap_or("")
                        .to_string()
                })
                .collect(),
        };
        assert_eq!(got, expect, "today {today}");
    }

    #[test]
    fn contact_clearance_rules() {
        check(vec![], vec![], "2026-01-10", &[]);
        check(
            vec![restricted("2026-01-01", None)],
            vec![],
            "2026-01-10",
            &["awaiting-clearance"],
        );
        check(
            vec![restricted("2026-01-01", None)],
            vec![clearance(1, "2026-01-05", true)],
            "2026-01-10",
            &[],
        );
        // Clearance before the restriction was recorded does not count.
        check(
            vec![restricted("2026-01-06", None)],
            vec![clearance(1, "2026-01-05", true)],
            "2026-01-10",
            &["awaiting-clearance"],
        );
        // The newest advice decides.
        check(
            vec![restricted("2026-01-01", None)],
            vec![
                clearance(1, "2026-01-05", true),
                clearance(2, "2026-01-08", false),
            ],
            "2026-01-10",
            &["clearance-refused"],
        );
        // Advice dated in the future does not count yet.
        check(
            vec![restricted("2026-01-01", None)],
            vec![clearance(1, "2026-02-05", true)],
            "2026-01-10",
            &["awaiting-clearance"],
        );
        // An expired restriction no longer blocks.
        check(
            vec![restricted("2026-01-01", Some("2026-01-09"))],
            vec![],
            "2026-01-10",
            &[],
        );
        check(
            vec![restricted("2026-01-01", Some("2026-01-10"))],
            vec![],
            "2026-01-10",
            &["awaiting-clearance"],
        );
        // A restriction entered in error restricts nothing; another one still does.
        let mut in_error = restricted("2026-01-01", None);
        in_error.entered_in_error = Some(crate::domain::records::EnteredInError {
            reason: "Recorded against the wrong person".into(),
            on: d("2026-01-09"),
        });
        check(vec![in_error.clone()], vec![], "2026-01-10", &[]);
        check(
            vec![in_error, restricted("2026-01-02", None)],
            vec![],
            "2026-01-10",
            &["awaiting-clearance"],
        );
    }

    #[test]
    fn documents_refused_for_people_not_taking_part() {
        let mut m = member(1, "A B");
        m.involvement = Involvement::NotApproached {
            reason: "decision".into(),
        };
        assert!(may_receive_document(&m, d("2026-01-01")).is_err());
        m.involvement = Involvement::Involved;
        assert!(may_receive_document(&m, d("2026-01-01")).is_ok());
    }

    #[test]
    fn documents_wait_for_the_decision_to_involve() {
        let mut m = member(1, "A B");
        m.involvement = Involvement::ToConsider;
        assert_eq!(
            may_receive_document(&m, d("2026-01-01")),
            Err(vec![Refusal::InvolvementUndecided])
        );
        // Contact itself is not blocked: approaching is how the decision is made.
        assert!(may_contact(&m, d("2026-01-01")).is_ok());
        for decided in [Involvement::Approach, Involvement::Approached] {
            m.involvement = decided;
            assert!(may_receive_document(&m, d("2026-01-01")).is_ok());
        }
    }

    #[test]
    fn joint_meetings_never_cross_links_or_barriers() {
        let links = [AbuseLink {
            victim_id: 1,
            perpetrator_id: 2,
        }];
        let barriers = [Barrier {
            protected_id: 3,
            withheld_from_id: 4,
            reason: None,
        }];
        assert!(joint_meeting(&[1, 5], &links, &barriers).is_ok());
        assert!(joint_meeting(&[5, 2, 1], &links, &barriers).is_err());
        assert!(joint_meeting(&[4, 3], &links, &barriers).is_err());
        assert!(joint_meeting(&[], &links, &barriers).is_ok());
    }

    #[test]
    fn names_are_found_as_whole_words_in_any_script() {
        let mut a = member(1, "Łucja Wiśniewska");
        a.details.preferred_name = Some("Babcia".into());
        let mut b = member(2, "Jo Smith");
        b.details.preferred_name = Some("Jo".into());
        let others = [&a, &b];
        let cases: &[(&str, &[&str])] = &[
            ("At ŁUCJA WIŚNIEWSKA's flat", &["Łucja Wiśniewska"]),
            ("Bring Babcia's photos", &["Babcia"]),
            ("Join us at Jo's", &[]),
            ("Jo Smithson", &[]),
            ("with Jo Smith.", &["Jo Smith"]),
            ("", &[]),
        ];
        for (text, expect) in cases {
            assert_eq!(names_in(text, &others), *expect, "{text:?}");
        }
    }
}
