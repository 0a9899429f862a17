//! The records kept over a review's life: contacts and visits, terms of engagement, decisions,
//! parallel processes, feedback, the support directory and documents issued.

use std::collections::BTreeMap;

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use serde::{Deserialize, Serialize};

use super::dates::long;
use super::member::slug_enum;
use super::nation::{Nation, ReviewType};
use super::phase::{Phase, Principle};
use super::text::FieldError;
use super::timescales::KeyDate;

slug_enum!(ContactMode {
    InPerson = "in-person",
    HomeVisit = "home-visit",
    Phone = "phone",
    Video = "video",
    Letter = "letter",
    Email = "email",
    Text = "text",
    ThroughAdvocate = "through-advocate",
    ThroughSolicitor = "through-solicitor",
});

slug_enum!(
    /// What happened; `Planned` is a visit or call not yet made.
    ContactOutcome {
        Planned = "planned",
        Reached = "reached",
        NoAnswer = "no-answer",
        MessageLeft = "message-left",
        Refused = "refused",
        Cancelled = "cancelled",
    }
);

slug_enum!(
    /// The transparency items (principle 3) ticked at a contact.
    Explained {
        Purpose = "purpose",
        WhatItWillNotDo = "what-it-will-not-do",
        ConfidentialityLimits = "confidentiality-limits",
        HowViewsAreUsed = "how-views-are-used",
        Publication = "publication",
        RightToStop = "right-to-stop",
        FindingsSharing = "findings-sharing",
        ParallelProcesses = "parallel-processes",
        Support = "support",
    }
);

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Disclosure {
    pub summary: String,
    pub referral_made: bool,
}

/// A contact attempt, a conversation or a visit (planned or made).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contact {
    pub id: i64,
    pub review_id: i64,
    pub member_id: i64,
    /// Other members present (a joint meeting); refused where a barrier or abuse link lies between them.
    pub with_member_ids: Vec<i64>,
    pub date: NaiveDate,
    pub time: Option<NaiveTime>,
    pub mode: ContactMode,
    pub outcome: ContactOutcome,
    pub location: Option<String>,
    pub initiated_by: Option<String>,
    /// Professionals who come or came (never family members: those are `with_member_ids`).
    pub attendees: Vec<String>,
    pub interpreter_language: Option<String>,
    pub supporter: Option<String>,
    pub phase: Phase,
    pub explained: Vec<Explained>,
    pub notes: Option<String>,
    pub disclosure: Option<Disclosure>,
    pub wellbeing: Option<String>,
    pub follow_up: Option<String>,
    pub follow_up_due: Option<NaiveDate>,
    /// Marked as entered in error: kept for the record, but counted nowhere.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entered_in_error: Option<EnteredInError>,
}

/// Why a record (a contact, a restriction) was marked as entered in error, and when. The
/// record is kept, so the log still shows what was written, but it counts for nothing: it
/// is not a contact made, and it restricts no one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnteredInError {
    pub reason: String,
    pub on: NaiveDate,
}

impl ContactOutcome {
    /// The contact happened or was tried (not planned, not cancelled).
    pub fn took_place(self) -> bool {
        !matches!(self, ContactOutcome::Planned | ContactOutcome::Cancelled)
    }
}

impl Contact {
    pub fn reached(&self) -> bool {
        self.outcome == ContactOutcome::Reached
    }

    /// Dates that contradict each other or the review:
    /// - a contact that happened or was tried (reached, no answer, message left, refused)
    ///   dated after today: it cannot have happened yet (plan it with outcome "planned");
    /// - any contact dated before the decision to hold the review: the author's contact
    ///   with the family follows that decision, so an earlier date is a typing error.
    ///   Not for a rapid review, whose "decision" ends the rapid review and may follow
    ///   early contact with the family.
    pub fn date_conflicts(
        &self,
        review_type: ReviewType,
        decision: Option<NaiveDate>,
        today: NaiveDate,
    ) -> Vec<FieldError> {
        let field = "date";
        let mut errors = Vec::new();
        if self.outcome.took_place() && self.date > today {
            errors.push(FieldError::new(
                field,
                format!(
                    "Date of the contact ({}) is in the future, so it cannot have happened yet; choose the outcome Planned for a visit or call not yet made",
                    long(self.date)
                ),
            ));
        }
        if let Some(d) = decision.filter(|_| review_type != ReviewType::RapidReview) {
            if self.date < d {
                errors.push(FieldError::new(
                    field,
                    format!(
                        "Date of the contact ({}) is before the decision to hold the review ({}); check the date",
                        long(self.date),
                        long(d)
                    ),
                ));
            }
        }
        errors
    }
    pub fn at(&self) -> NaiveDateTime {
        self.date.and_time(self.time.unwrap_or(NaiveTime::MIN))
    }
}

/// The review's decision date against the contacts already recorded: the rule of
/// [`Contact::date_conflicts`] seen from the review's side.
pub fn decision_conflicts(
    review_type: ReviewType,
    decision: Option<NaiveDate>,
    contacts: &[Contact],
) -> Vec<FieldError> {
    let field = "decision";
    match (decision, contacts.iter().map(|c| c.date).min()) {
        (Some(d), Some(first)) if first < d && review_type != ReviewType::RapidReview => {
            vec![FieldError::new(
                field,
                format!(
                    "{} ({}) is after a contact already recorded on {}; check the date",
                    KeyDate::Decision.label(),
                    long(d),
                    long(first)
                ),
            )]
        }
        _ => vec![],
    }
}

slug_enum!(ConsentMethod { Verbal = "verbal", Written = "written" });

/// One version of a person's terms of engagement. Versions are never edited, only superseded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Terms {
    pub id: i64,
    pub member_id: i64,
    pub version: u32,
    pub agreed_on: NaiveDate,
    pub method: ConsentMethod,
    pub recorded_by: String,
    pub mode: Option<String>,
    pub venue: Option<String>,
    pub supporter: Option<String>,
    pub interpreter: Option<String>,
    pub update_cadence_days: Option<u32>,
    pub channel: Option<String>,
    pub description_wishes: Option<String>,
    pub anonymity_wishes: Option<String>,
    pub wants_draft: bool,
    pub reading_time_days: Option<u32>,
    pub confidentiality_explained_on: Option<NaiveDate>,
    pub withdrawal_explained_on: Option<NaiveDate>,
    pub publication_explained_on: Option<NaiveDate>,
    pub notes: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Decision {
    pub id: i64,
    pub review_id: i64,
    pub decided_on: NaiveDate,
    pub decision: String,
    pub options: Option<String>,
    pub rationale: String,
    pub consulted: Option<String>,
    pub member_ids: Vec<i64>,
    pub principle: Option<Principle>,
    pub review_by: Option<NaiveDate>,
    pub author: Option<String>,
}

slug_enum!(ParallelKind {
    CriminalInvestigation = "criminal-investigation",
    Prosecution = "prosecution",
    Trial = "trial",
    Appeal = "appeal",
    Inquest = "inquest",
    FatalAccidentInquiry = "fatal-accident-inquiry",
    FamilyProceedings = "family-proceedings",
    OtherReview = "other-review",
    Complaint = "complaint",
    Disciplinary = "disciplinary",
    Regulator = "regulator",
});

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ParallelProcess {
    pub id: i64,
    pub review_id: i64,
    pub kind: ParallelKind,
    pub reference: Option<String>,
    pub contact: Option<String>,
    pub status: String,
    pub next_key_date: Option<NaiveDate>,
    pub constraints: Option<String>,
    pub last_checked: Option<NaiveDate>,
}

slug_enum!(ServiceType {
    Bereavement = "bereavement",
    ChildBereavement = "child-bereavement",
    DomesticAbuse = "domestic-abuse",
    VictimSupport = "victim-support",
    LegalAdvice = "legal-advice",
    Interpreting = "interpreting",
    MentalHealth = "mental-health",
    Advocacy = "advocacy",
    Other = "other",
});

/// An organisation in the reusable support directory.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SupportService {
    pub id: i64,
    pub name: String,
    pub service_type: ServiceType,
    pub nations: Vec<Nation>,
    pub phone: Option<String>,
    pub website: Option<String>,
    pub hours: Option<String>,
    pub description: String,
    pub description_cy: Option<String>,
    /// The Welsh name, where the service has one (printed on the Welsh part).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name_cy: Option<String>,
    /// The opening hours in Welsh (without them the Welsh part leaves the hours out).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hours_cy: Option<String>,
    /// Seeded numbers must be checked by the author before they are printed.
    pub verify: bool,
}

slug_enum!(Answer {
    Yes = "yes",
    Partly = "partly",
    No = "no",
    NotSure = "not-sure",
});

slug_enum!(FeedbackStage {
    AfterFindings = "after-findings",
    AfterPublication = "after-publication",
});

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct QuestionResponse {
    pub answer: Option<Answer>,
    pub comment: Option<String>,
}

/// Returned feedback, keyed by the question bank's stable ids.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Feedback {
    pub id: i64,
    pub review_id: i64,
    /// None for an anonymous return.
    pub member_id: Option<i64>,
    pub stage: FeedbackStage,
    pub received_on: NaiveDate,
    pub channel: Option<String>,
    pub responses: BTreeMap<String, QuestionResponse>,
    pub follow_up_requested: bool,
    pub passed_to_partnership: bool,
}

slug_enum!(DocumentKind {
    InformationSheet = "information-sheet",
    FeedbackForm = "feedback-form",
    LetterFirst = "letter-first",
    LetterUpdate = "letter-update",
    LetterTerms = "letter-terms",
    LetterVisit = "letter-visit",
    LetterDraft = "letter-draft",
    LetterPublication = "letter-publication",
});

/// A document made for a person: what, for whom, which variant and wording, when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentIssued {
    pub id: i64,
    pub review_id: i64,
    pub member_id: Option<i64>,
    pub kind: DocumentKind,
    pub variant: String,
    pub language: String,
    pub wording_version: String,
    pub made_at: NaiveDateTime,
    pub contact_id: Option<i64>,
    pub override_reason: Option<String>,
    pub pages: u32,
    /// Where the file was written on this computer (kept in the encrypted workbook so the
    /// list of documents can open, print or show it; never carried in a bundle).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<std::path::PathBuf>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::member::{Clearance, ClearanceBody, Restriction, RestrictionKind};
    use crate::domain::review::{Child, ChildOutcome};

    fn d(s: &str) -> NaiveDate {
        s.parse().expect("test date")
    }

    /// The field and a fragment of the message, or nothing when the dates agree.
    fn expect(got: Vec<FieldError>, want: Option<(&str, &str)>, case: &str) {
        match (got.as_slice(), want) {
            ([], None) => {}
            ([e], Some((field, fragment))) => {
                assert_eq!(e.field, field, "{case}");
                assert!(e.message.contains(fragment), "{case}: {}", e.message);
            }
            (got, want) => panic!("{case}: got {got:?}, expected {want:?}"),
        }
    }

    #[test]
    fn a_death_or_injury_cannot_come_before_birth() {
        let cases = [
            (
                Some("2021-05-14"),
                Some("2021-05-13"),
                Some((
                    "date_of_death_or_injury",
                    "Date of death or injury (13 May 2021) is before the date of birth (14 May 2021)",
                )),
            ),
            (Some("2021-05-14"), Some("2021-05-14"), None),
            (Some("2021-05-14"), Some("2026-01-01"), None),
            (None, Some("2026-01-01"), None),
            (Some("2021-05-14"), None, None),
        ];
        for (born, event, want) in cases {
            let child = Child {
                id: 0,
                review_id: 1,
                known_as: "M".into(),
                pseudonym: "Child M".into(),
                date_of_birth: born.map(d),
                outcome: ChildOutcome::Died,
                date_of_death_or_injury: event.map(d),
                sensitive_dates: vec![],
                legal_status: None,
                placement_confidential: None,
            };
            expect(child.date_conflicts(), want, &format!("{born:?} {event:?}"));
        }
    }

    fn restriction(recorded: &str, expires: Option<&str>, clearance: bool) -> Restriction {
        Restriction {
            id: 1,
            kind: RestrictionKind::BailConditions,
            detail: None,
            recorded_on: d(recorded),
            expires: expires.map(d),
            requires_clearance: clearance,
            via: None,
            entered_in_error: None,
        }
    }

    #[test]
    fn a_restriction_cannot_expire_before_it_was_recorded() {
        let cases = [
            (
                "2026-03-01",
                Some("2026-02-28"),
                Some((
                    "expires",
                    "Expires (28 February 2026) is before the restriction was recorded (1 March 2026)",
                )),
            ),
            ("2026-03-01", Some("2026-03-01"), None),
            ("2026-03-01", Some("2027-03-01"), None),
            ("2026-03-01", None, None),
        ];
        for (recorded, expires, want) in cases {
            expect(
                restriction(recorded, expires, true).date_conflicts(),
                want,
                &format!("{recorded} {expires:?}"),
            );
        }
    }

    #[test]
    fn a_clearance_cannot_come_before_its_restriction_or_after_today() {
        let today = d("2026-06-01");
        let mut in_error = restriction("2026-01-01", None, true);
        in_error.entered_in_error = Some(EnteredInError {
            reason: "Wrong person".into(),
            on: d("2026-01-02"),
        });
        let cases = [
            (
                vec![restriction("2026-03-01", None, true)],
                "2026-02-28",
                Some((
                    "given_on",
                    "before the restriction it clears was recorded (1 March 2026)",
                )),
            ),
            (
                vec![restriction("2026-03-01", None, true)],
                "2026-03-01",
                None,
            ),
            // Cleared for the earlier of two restrictions: a later one awaits its own advice.
            (
                vec![
                    restriction("2026-05-01", None, true),
                    restriction("2026-03-01", None, true),
                ],
                "2026-04-01",
                None,
            ),
            // Restrictions that need no clearance, or were entered in error, are not cleared.
            (
                vec![restriction("2026-03-01", None, false)],
                "2026-02-01",
                None,
            ),
            (
                vec![in_error, restriction("2026-03-01", None, true)],
                "2026-02-01",
                Some(("given_on", "(1 March 2026)")),
            ),
            (vec![], "2026-02-01", None),
            (
                vec![],
                "2026-06-02",
                Some(("given_on", "Date given (2 June 2026) is in the future")),
            ),
        ];
        for (restrictions, given, want) in cases {
            let c = Clearance {
                id: 0,
                body: ClearanceBody::Police,
                given_on: d(given),
                advice: "SIO agrees".into(),
                contact_allowed: true,
                entered_in_error: None,
            };
            expect(c.date_conflicts(&restrictions, today), want, given);
        }
    }

    fn contact(outcome: ContactOutcome, date: &str) -> Contact {
        Contact {
            id: 0,
            review_id: 1,
            member_id: 1,
            with_member_ids: vec![],
            date: d(date),
            time: None,
            mode: ContactMode::Phone,
            outcome,
            location: None,
            initiated_by: None,
            attendees: vec![],
            interpreter_language: None,
            supporter: None,
            phase: Phase::FirstContact,
            explained: vec![],
            notes: None,
            disclosure: None,
            wellbeing: None,
            follow_up: None,
            follow_up_due: None,
            entered_in_error: None,
        }
    }

    #[test]
    fn contacts_after_today_or_before_the_decision() {
        let today = d("2026-11-20");
        let decision = Some(d("2026-06-01"));
        use ContactOutcome::*;
        use ReviewType::*;
        let cases = [
            (Lcspr, Reached, "2026-06-01", None),
            (Lcspr, Reached, "2026-11-20", None),
            (
                Lcspr,
                Reached,
                "2026-05-31",
                Some((
                    "date",
                    "Date of the contact (31 May 2026) is before the decision to hold the review (1 June 2026)",
                )),
            ),
            (
                Lcspr,
                Planned,
                "2026-05-31",
                Some(("date", "before the decision")),
            ),
            (
                Lcspr,
                NoAnswer,
                "2026-05-31",
                Some(("date", "before the decision")),
            ),
            // A rapid review's decision ends it: earlier contact is possible.
            (RapidReview, Reached, "2026-05-31", None),
            // Planned and cancelled visits may be in the future; held ones may not.
            (Lcspr, Planned, "2027-03-01", None),
            (Lcspr, Cancelled, "2026-12-01", None),
            (
                Lcspr,
                Reached,
                "2026-11-21",
                Some((
                    "date",
                    "Date of the contact (21 November 2026) is in the future, so it cannot have happened yet",
                )),
            ),
            (
                Lcspr,
                MessageLeft,
                "2030-01-01",
                Some(("date", "cannot have happened yet")),
            ),
            (
                Lcspr,
                Refused,
                "2026-12-01",
                Some(("date", "choose the outcome Planned")),
            ),
        ];
        for (review_type, outcome, date, want) in cases {
            expect(
                contact(outcome, date).date_conflicts(review_type, decision, today),
                want,
                &format!("{review_type:?} {outcome:?} {date}"),
            );
        }
        // No decision date recorded: only the future is checked.
        assert!(contact(Reached, "2020-01-01")
            .date_conflicts(Lcspr, None, today)
            .is_empty());
        // The same rule from the review's side: a decision moved after a contact.
        let contacts = [
            contact(Reached, "2026-06-01"),
            contact(Planned, "2027-01-01"),
        ];
        expect(
            decision_conflicts(Lcspr, Some(d("2026-06-02")), &contacts),
            Some((
                "decision",
                "Date of the decision to hold the review (2 June 2026) is after a contact already recorded on 1 June 2026",
            )),
            "decision moved",
        );
        assert!(decision_conflicts(Lcspr, Some(d("2026-06-01")), &contacts).is_empty());
        assert!(decision_conflicts(RapidReview, Some(d("2026-07-01")), &contacts).is_empty());
        assert!(decision_conflicts(Lcspr, None, &contacts).is_empty());
    }
}
