//! The records kept over a review's life: contacts and visits, terms of engagement, decisions,
//! parallel processes, feedback, the support directory and documents issued.

use std::collections::BTreeMap;

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use serde::{Deserialize, Serialize};

use super::member::slug_enum;
use super::nation::Nation;
use super::phase::{Phase, Principle};

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
}

impl Contact {
    pub fn reached(&self) -> bool {
        self.outcome == ContactOutcome::Reached
    }
    pub fn at(&self) -> NaiveDateTime {
        self.date.and_time(self.time.unwrap_or(NaiveTime::MIN))
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
}
