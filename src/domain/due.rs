//! What is due: every date Kindred keeps that the author must act by, in one list across
//! reviews — statutory and local deadlines, updates owed, contact follow-ups, decisions to
//! look at again, planned visits and calls, the family's questions waiting, comments on a
//! draft (due from the family, or awaiting the review's response) and feedback forms not
//! returned. The rules for when each is due and when it stops being due live here; the
//! workbook gathers the records (`workbook::due`).

use chrono::{Days, NaiveDate};
use serde::Serialize;

use super::records::{Contact, ContactOutcome, Decision};
use super::timescales::{due_state, DueState};

/// A feedback form not returned this many days after it was made is due a gentle reminder.
pub const FEEDBACK_RETURN_DAYS: u64 = 28;

/// How many days ahead counts as "soon" in the list (the dashboard's window).
pub const SOON_DAYS: i64 = 14;

/// The kinds of thing that fall due, in the order they are listed on the same day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DueKind {
    Deadline,
    PlannedVisit,
    Update,
    FollowUp,
    DecisionReview,
    Question,
    CommentsDue,
    CommentsAwaiting,
    FeedbackForm,
}

impl DueKind {
    pub const ALL: [DueKind; 9] = [
        DueKind::Deadline,
        DueKind::PlannedVisit,
        DueKind::Update,
        DueKind::FollowUp,
        DueKind::DecisionReview,
        DueKind::Question,
        DueKind::CommentsDue,
        DueKind::CommentsAwaiting,
        DueKind::FeedbackForm,
    ];

    /// The kind in words, for the list.
    pub fn label(self) -> &'static str {
        match self {
            DueKind::Deadline => "Deadline",
            DueKind::PlannedVisit => "Planned visit or call",
            DueKind::Update => "Update owed",
            DueKind::FollowUp => "Follow-up",
            DueKind::DecisionReview => "Decision to look at again",
            DueKind::Question => "Family question waiting",
            DueKind::CommentsDue => "Comments on the draft due",
            DueKind::CommentsAwaiting => "Comments awaiting a response",
            DueKind::FeedbackForm => "Feedback form not returned",
        }
    }
}

/// The record an item comes from, so the list can link to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct DueRecord {
    /// target (a statutory or local deadline), parallel (a parallel process's key date),
    /// member, contact, decision, question, session or document
    pub kind: &'static str,
    pub id: i64,
}

/// One thing due.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DueItem {
    pub due: NaiveDate,
    pub state: DueState,
    pub kind: DueKind,
    pub kind_label: &'static str,
    /// What is due, in words (the person's name is given apart, in `name`).
    pub what: String,
    pub review_id: i64,
    pub reference: String,
    pub member_id: Option<i64>,
    pub name: Option<String>,
    pub record: DueRecord,
}

impl DueItem {
    /// An item of `kind` due on `due`, seen from `today`.
    pub fn new(
        today: NaiveDate,
        due: NaiveDate,
        kind: DueKind,
        what: String,
        review: (i64, &str),
        member: Option<(i64, &str)>,
        record: DueRecord,
    ) -> DueItem {
        DueItem {
            due,
            state: due_state(today, due, SOON_DAYS),
            kind,
            kind_label: kind.label(),
            what,
            review_id: review.0,
            reference: review.1.to_string(),
            member_id: member.map(|m| m.0),
            name: member.map(|m| m.1.to_string()),
            record,
        }
    }

    /// In the list when overdue or due within `days` of today (every item when `None`).
    pub fn within(&self, days: Option<i64>) -> bool {
        match (days, self.state) {
            (None, _) | (_, DueState::Overdue { .. }) => true,
            (Some(n), DueState::DueSoon { days_left } | DueState::Later { days_left }) => {
                days_left <= n
            }
        }
    }
}

/// Sorts the list: by date, then kind, then review and person, so the same records always
/// give the same list.
pub fn sort(items: &mut [DueItem]) {
    items.sort_by(|a, b| {
        (
            a.due,
            a.kind,
            &a.reference,
            a.member_id,
            a.record.id,
            &a.what,
        )
            .cmp(&(
                b.due,
                b.kind,
                &b.reference,
                b.member_id,
                b.record.id,
                &b.what,
            ))
    });
}

/// A contact's follow-up is due until a later contact with the person takes place.
/// `last_reached` is the last date the person was reached (contacts that took place).
pub fn follow_up_open(contact: &Contact, last_reached: Option<NaiveDate>) -> Option<NaiveDate> {
    let due = contact.follow_up_due?;
    if contact.entered_in_error.is_some() || last_reached.is_some_and(|d| d > contact.date) {
        return None;
    }
    Some(due)
}

/// What kind of contact a planned one is, whatever its details.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlannedKind {
    Visit,
    Call,
    Letter,
    Message,
    Contact,
}

impl PlannedKind {
    pub fn of(mode: super::records::ContactMode) -> PlannedKind {
        use super::records::ContactMode as M;
        match mode {
            M::HomeVisit | M::InPerson => PlannedKind::Visit,
            M::Phone | M::Video => PlannedKind::Call,
            M::Letter => PlannedKind::Letter,
            M::Email | M::Text => PlannedKind::Message,
            M::ThroughAdvocate | M::ThroughSolicitor => PlannedKind::Contact,
        }
    }

    /// In a sentence: "A visit", "A call", "A letter", "A message", "A contact".
    pub fn words(self) -> &'static str {
        match self {
            PlannedKind::Visit => "A visit",
            PlannedKind::Call => "A call",
            PlannedKind::Letter => "A letter",
            PlannedKind::Message => "A message",
            PlannedKind::Contact => "A contact",
        }
    }
}

/// A visit or call still planned is due on its date; once its date has passed it is
/// overdue until what happened is recorded.
pub fn planned(contact: &Contact) -> Option<NaiveDate> {
    (contact.outcome == ContactOutcome::Planned && contact.entered_in_error.is_none())
        .then_some(contact.date)
}

/// A decision with a date to look at it again is due then, unless a later decision about
/// the same people (or, for a review-level decision, any later review-level one) was made.
pub fn decision_review(decision: &Decision, all: &[Decision]) -> Option<NaiveDate> {
    let due = decision.review_by?;
    let same_people = |other: &Decision| {
        if decision.member_ids.is_empty() {
            other.member_ids.is_empty()
        } else {
            other
                .member_ids
                .iter()
                .any(|m| decision.member_ids.contains(m))
        }
    };
    let superseded = all.iter().any(|o| {
        o.id != decision.id
            && (o.decided_on, o.id) > (decision.decided_on, decision.id)
            && same_people(o)
    });
    (!superseded).then_some(due)
}

/// A family question waiting for the review is owed an answer, or an update on it, within
/// the review's update cadence from when it was asked.
pub fn question_due(asked_on: NaiveDate, cadence_days: u32) -> NaiveDate {
    asked_on
        .checked_add_days(Days::new(u64::from(cadence_days)))
        .unwrap_or(NaiveDate::MAX)
}

/// A feedback form is due back [`FEEDBACK_RETURN_DAYS`] after it was made, unless the
/// person has returned feedback since.
pub fn feedback_due(made_on: NaiveDate, returned_since: bool) -> Option<NaiveDate> {
    if returned_since {
        return None;
    }
    made_on.checked_add_days(Days::new(FEEDBACK_RETURN_DAYS))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::records::{ContactMode, EnteredInError};

    fn d(s: &str) -> NaiveDate {
        s.parse().expect("date")
    }

    fn contact(date: &str, outcome: ContactOutcome, follow_up_due: Option<&str>) -> Contact {
        Contact {
            id: 1,
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
            phase: crate::domain::phase::Phase::HearTheFamily,
            explained: vec![],
            notes: None,
            disclosure: None,
            wellbeing: None,
            follow_up: follow_up_due.map(|_| "Send the leaflet".into()),
            follow_up_due: follow_up_due.map(d),
            entered_in_error: None,
        }
    }

    #[test]
    fn a_follow_up_is_due_until_the_person_is_reached_again() {
        let c = contact("2026-03-01", ContactOutcome::Reached, Some("2026-03-15"));
        for (last, expected) in [
            (None, Some("2026-03-15")),
            (Some("2026-03-01"), Some("2026-03-15")),
            (Some("2026-02-20"), Some("2026-03-15")),
            (Some("2026-03-02"), None),
        ] {
            assert_eq!(
                follow_up_open(&c, last.map(d)),
                expected.map(d),
                "last reached {last:?}"
            );
        }
        let mut wrong = c.clone();
        wrong.entered_in_error = Some(EnteredInError {
            reason: "Wrong person".into(),
            on: d("2026-03-02"),
        });
        assert_eq!(follow_up_open(&wrong, None), None);
        let none = contact("2026-03-01", ContactOutcome::Reached, None);
        assert_eq!(follow_up_open(&none, None), None);
    }

    #[test]
    fn only_planned_contacts_are_due_on_their_date() {
        for (outcome, due) in [
            (ContactOutcome::Planned, Some("2026-04-02")),
            (ContactOutcome::Reached, None),
            (ContactOutcome::Cancelled, None),
        ] {
            assert_eq!(
                planned(&contact("2026-04-02", outcome, None)),
                due.map(d),
                "{outcome:?}"
            );
        }
    }

    fn decision(id: i64, on: &str, members: &[i64], review_by: Option<&str>) -> Decision {
        Decision {
            id,
            review_id: 1,
            decided_on: d(on),
            decision: "Wait".into(),
            options: None,
            rationale: "Because".into(),
            consulted: None,
            member_ids: members.to_vec(),
            principle: None,
            review_by: review_by.map(d),
            author: None,
        }
    }

    #[test]
    fn a_later_decision_about_the_same_people_settles_a_review_date() {
        let first = decision(1, "2026-01-10", &[7], Some("2026-02-10"));
        let other_person = decision(2, "2026-01-20", &[8], None);
        let same_person = decision(3, "2026-01-25", &[7, 9], None);
        let review_level = decision(4, "2026-01-05", &[], Some("2026-03-01"));
        let all = [first.clone(), other_person.clone(), review_level.clone()];
        assert_eq!(decision_review(&first, &all), Some(d("2026-02-10")));
        let all = [
            first.clone(),
            other_person,
            same_person,
            review_level.clone(),
        ];
        assert_eq!(decision_review(&first, &all), None);
        // Member decisions do not settle a review-level one.
        assert_eq!(decision_review(&review_level, &all), Some(d("2026-03-01")));
    }

    #[test]
    fn questions_and_forms_fall_due_after_their_intervals() {
        assert_eq!(question_due(d("2026-01-31"), 28), d("2026-02-28"));
        assert_eq!(feedback_due(d("2026-01-01"), false), Some(d("2026-01-29")));
        assert_eq!(feedback_due(d("2026-01-01"), true), None);
    }

    #[test]
    fn the_window_keeps_everything_overdue() {
        let today = d("2026-05-01");
        let item = |due: &str| {
            DueItem::new(
                today,
                d(due),
                DueKind::Update,
                "Update".into(),
                (1, "R-1"),
                None,
                DueRecord {
                    kind: "review",
                    id: 1,
                },
            )
        };
        for (due, days, inside) in [
            ("2026-04-01", Some(0), true),
            ("2026-05-01", Some(0), true),
            ("2026-05-02", Some(0), false),
            ("2026-05-08", Some(7), true),
            ("2026-05-09", Some(7), false),
            ("2027-05-09", None, true),
        ] {
            assert_eq!(item(due).within(days), inside, "{due} within {days:?}");
        }
        let mut items = vec![item("2026-05-09"), item("2026-04-01"), item("2026-05-02")];
        sort(&mut items);
        let dues: Vec<String> = items.iter().map(|i| i.due.to_string()).collect();
        assert_eq!(dues, ["2026-04-01", "2026-05-02", "2026-05-09"]);
    }
}
