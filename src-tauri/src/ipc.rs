//! The records the page receives: the desktop's own types for each domain record a command
//! sends back, converted from the domain types.
//!
//! Why separate types: the domain structs also derive serde for the database, the audit
//! lines and the CLI's `--json`; if the page received their serialisation, renaming a domain
//! field would silently change what `ui/js` reads. Here every field the page receives is
//! written out once for the page, and a domain change that is not mirrored here fails to
//! compile (the conversions name every field) or fails the exact-JSON test
//! (`tests.rs`: `the_records_the_page_receives_are_pinned_as_exact_json`).
//!
//! The views that hold records (`ReviewView`, `MemberView`, `VoiceRecords`, `MemberVoice`)
//! are converted whole. The closed vocabularies (nations, phases, the slug enums such as
//! contact modes) are the same words everywhere in Kindred, so they are the domain's enums;
//! so are the check catalogue's definitions and the rules' answers (`Refusal`, `DueState`,
//! `Suggestion`): see `commands/mod.rs` for the whole contract.

use std::collections::BTreeMap;
use std::path::PathBuf;

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use kindred::domain::catalogue as dc;
use kindred::domain::member::{
    self as dm, AccessNeed, ClearanceBody, ContactDetailKind, ContactMethod, LocationType,
    ParentalResponsibility, RestrictionKind, RoleStatus,
};
use kindred::domain::nation::{Nation, ReviewType};
use kindred::domain::phase::{Phase, Principle};
use kindred::domain::progress::Suggestion;
use kindred::domain::records::{
    self as dr, Answer, ConsentMethod, ContactMode, ContactOutcome, DocumentKind, Explained,
    FeedbackStage, ParallelKind, ServiceType,
};
use kindred::domain::review::{self as dv, ChildOutcome, Publication, PurposeReason};
use kindred::domain::safety::Refusal;
use kindred::domain::timescales::DueState;
use kindred::domain::timescales::KeyDate;
use kindred::domain::voice::{
    self as dx, AnswerMode, ContributionKind, EnquirySource, FindingStatus, SharingMode,
    UsePermission,
};
use kindred::workbook::{self as views, voice};
use serde::Serialize;

fn list<'a, A: 'a, B: From<&'a A>>(v: &'a [A]) -> Vec<B> {
    v.iter().map(B::from).collect()
}

// ----- review -----------------------------------------------------------------------------

/// A review (create_review, change_review, move_phase).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Review {
    pub id: i64,
    pub reference: String,
    pub nation: Nation,
    pub review_type: ReviewType,
    pub pseudonym: String,
    pub body_name: String,
    pub author: ContactCard,
    pub partnership_contact: Option<ContactCard>,
    pub panel_chair: Option<String>,
    pub key_dates: BTreeMap<KeyDate, NaiveDate>,
    pub purpose_statement: Option<String>,
    pub purpose_reasons: Vec<PurposeReason>,
    pub publication: Publication,
    pub publication_note: Option<String>,
    pub media_interest: bool,
    pub media_plan: Option<String>,
    pub complaints: Option<String>,
    pub retention_until: Option<NaiveDate>,
    pub update_cadence_days: u32,
    pub phase: Phase,
    pub welsh: ReviewWelsh,
}

/// The review's own words in Welsh (every field, null when not given).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReviewWelsh {
    pub body_name: Option<String>,
    pub author_hours: Option<String>,
    pub purpose_statement: Option<String>,
    pub complaints: Option<String>,
}

impl From<&dv::ReviewWelsh> for ReviewWelsh {
    fn from(w: &dv::ReviewWelsh) -> Self {
        let dv::ReviewWelsh {
            body_name,
            author_hours,
            purpose_statement,
            complaints,
        } = w;
        ReviewWelsh {
            body_name: body_name.clone(),
            author_hours: author_hours.clone(),
            purpose_statement: purpose_statement.clone(),
            complaints: complaints.clone(),
        }
    }
}

impl From<&dv::Review> for Review {
    fn from(r: &dv::Review) -> Self {
        // Every field named: a field the core adds fails to compile here, not go unsent.
        let dv::Review {
            id: _,
            reference: _,
            nation: _,
            review_type: _,
            pseudonym: _,
            body_name: _,
            author: _,
            partnership_contact: _,
            panel_chair: _,
            key_dates: _,
            purpose_statement: _,
            purpose_reasons: _,
            publication: _,
            publication_note: _,
            media_interest: _,
            media_plan: _,
            complaints: _,
            retention_until: _,
            update_cadence_days: _,
            phase: _,
            welsh: _,
        } = r;
        Review {
            id: r.id,
            reference: r.reference.clone(),
            nation: r.nation,
            review_type: r.review_type,
            pseudonym: r.pseudonym.clone(),
            body_name: r.body_name.clone(),
            author: (&r.author).into(),
            partnership_contact: r.partnership_contact.as_ref().map(Into::into),
            panel_chair: r.panel_chair.clone(),
            key_dates: r.key_dates.clone(),
            purpose_statement: r.purpose_statement.clone(),
            purpose_reasons: r.purpose_reasons.clone(),
            publication: r.publication,
            publication_note: r.publication_note.clone(),
            media_interest: r.media_interest,
            media_plan: r.media_plan.clone(),
            complaints: r.complaints.clone(),
            retention_until: r.retention_until,
            update_cadence_days: r.update_cadence_days,
            phase: r.phase,
            welsh: (&r.welsh).into(),
        }
    }
}

/// The author's or the partnership's contact card.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ContactCard {
    pub name: String,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub hours: Option<String>,
    pub postal_address: Option<String>,
}

impl From<&dv::ContactCard> for ContactCard {
    fn from(c: &dv::ContactCard) -> Self {
        // Every field named: a field the core adds fails to compile here, not go unsent.
        let dv::ContactCard {
            name: _,
            phone: _,
            email: _,
            hours: _,
            postal_address: _,
        } = c;
        ContactCard {
            name: c.name.clone(),
            phone: c.phone.clone(),
            email: c.email.clone(),
            hours: c.hours.clone(),
            postal_address: c.postal_address.clone(),
        }
    }
}

/// A subject child (add_child).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Child {
    pub id: i64,
    pub review_id: i64,
    pub known_as: String,
    pub pseudonym: String,
    pub date_of_birth: Option<NaiveDate>,
    pub outcome: ChildOutcome,
    pub date_of_death_or_injury: Option<NaiveDate>,
    pub sensitive_dates: Vec<SensitiveDate>,
    pub legal_status: Option<String>,
    pub placement_confidential: Option<String>,
}

impl From<&dv::Child> for Child {
    fn from(c: &dv::Child) -> Self {
        // Every field named: a field the core adds fails to compile here, not go unsent.
        let dv::Child {
            id: _,
            review_id: _,
            known_as: _,
            pseudonym: _,
            date_of_birth: _,
            outcome: _,
            date_of_death_or_injury: _,
            sensitive_dates: _,
            legal_status: _,
            placement_confidential: _,
        } = c;
        Child {
            id: c.id,
            review_id: c.review_id,
            known_as: c.known_as.clone(),
            pseudonym: c.pseudonym.clone(),
            date_of_birth: c.date_of_birth,
            outcome: c.outcome,
            date_of_death_or_injury: c.date_of_death_or_injury,
            sensitive_dates: list(&c.sensitive_dates),
            legal_status: c.legal_status.clone(),
            placement_confidential: c.placement_confidential.clone(),
        }
    }
}

/// A date to avoid for contact.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SensitiveDate {
    pub date: NaiveDate,
    pub label: String,
    pub yearly: bool,
}

impl From<&dv::SensitiveDate> for SensitiveDate {
    fn from(s: &dv::SensitiveDate) -> Self {
        // Every field named: a field the core adds fails to compile here, not go unsent.
        let dv::SensitiveDate {
            date: _,
            label: _,
            yearly: _,
        } = s;
        SensitiveDate {
            date: s.date,
            label: s.label.clone(),
            yearly: s.yearly,
        }
    }
}

// ----- people -----------------------------------------------------------------------------

/// A person with everything recorded about them (add_member, change_member and every
/// command that changes a person).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Member {
    pub id: i64,
    pub review_id: i64,
    pub details: MemberDetails,
    pub involvement: Involvement,
    pub position: Phase,
    pub contact_details: Vec<ContactDetail>,
    pub relationships: Vec<Relationship>,
    pub role_statuses: Vec<RoleStatusEntry>,
    pub restrictions: Vec<Restriction>,
    pub clearances: Vec<Clearance>,
    pub support_ids: Vec<i64>,
}

impl From<&dm::Member> for Member {
    fn from(m: &dm::Member) -> Self {
        // Every field named: a field the core adds fails to compile here, not go unsent.
        let dm::Member {
            id: _,
            review_id: _,
            details: _,
            involvement: _,
            position: _,
            contact_details: _,
            relationships: _,
            role_statuses: _,
            restrictions: _,
            clearances: _,
            support_ids: _,
        } = m;
        Member {
            id: m.id,
            review_id: m.review_id,
            details: (&m.details).into(),
            involvement: (&m.involvement).into(),
            position: m.position,
            contact_details: list(&m.contact_details),
            relationships: list(&m.relationships),
            role_statuses: list(&m.role_statuses),
            restrictions: list(&m.restrictions),
            clearances: list(&m.clearances),
            support_ids: m.support_ids.clone(),
        }
    }
}

/// A person's details.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MemberDetails {
    pub full_name: String,
    pub preferred_name: Option<String>,
    pub report_pseudonym: Option<String>,
    pub child_or_young_person: bool,
    pub household: Option<String>,
    pub preferred_contact_method: Option<ContactMethod>,
    pub safe_contact_times: Option<String>,
    pub language: Option<String>,
    pub dialect: Option<String>,
    pub interpreter_needed: bool,
    pub interpreter_gender: Option<String>,
    pub translation_needed: bool,
    pub literacy: Option<String>,
    pub accessibility: Vec<AccessNeed>,
    pub accessibility_notes: Option<String>,
    pub advocate: Option<String>,
    pub location: Option<LocationType>,
    pub establishment: Option<String>,
    pub hope_to_learn: Option<String>,
    pub questions: Option<String>,
    pub purpose_reasons: Vec<PurposeReason>,
    pub update_cadence_days: Option<u32>,
    pub welsh_preferred: bool,
    pub notes: Option<String>,
    pub date_of_birth: Option<NaiveDate>,
    pub age_band: Option<dm::AgeBand>,
}

impl From<&dm::MemberDetails> for MemberDetails {
    fn from(d: &dm::MemberDetails) -> Self {
        // Every field named: a field the core adds fails to compile here, not go unsent.
        let dm::MemberDetails {
            full_name: _,
            preferred_name: _,
            report_pseudonym: _,
            child_or_young_person: _,
            household: _,
            preferred_contact_method: _,
            safe_contact_times: _,
            language: _,
            dialect: _,
            interpreter_needed: _,
            interpreter_gender: _,
            translation_needed: _,
            literacy: _,
            accessibility: _,
            accessibility_notes: _,
            advocate: _,
            location: _,
            establishment: _,
            hope_to_learn: _,
            questions: _,
            purpose_reasons: _,
            update_cadence_days: _,
            welsh_preferred: _,
            notes: _,
            date_of_birth: _,
            age_band: _,
        } = d;
        MemberDetails {
            full_name: d.full_name.clone(),
            preferred_name: d.preferred_name.clone(),
            report_pseudonym: d.report_pseudonym.clone(),
            child_or_young_person: d.child_or_young_person,
            household: d.household.clone(),
            preferred_contact_method: d.preferred_contact_method,
            safe_contact_times: d.safe_contact_times.clone(),
            language: d.language.clone(),
            dialect: d.dialect.clone(),
            interpreter_needed: d.interpreter_needed,
            interpreter_gender: d.interpreter_gender.clone(),
            translation_needed: d.translation_needed,
            literacy: d.literacy.clone(),
            accessibility: d.accessibility.clone(),
            accessibility_notes: d.accessibility_notes.clone(),
            advocate: d.advocate.clone(),
            location: d.location,
            establishment: d.establishment.clone(),
            hope_to_learn: d.hope_to_learn.clone(),
            questions: d.questions.clone(),
            purpose_reasons: d.purpose_reasons.clone(),
            update_cadence_days: d.update_cadence_days,
            welsh_preferred: d.welsh_preferred,
            notes: d.notes.clone(),
            date_of_birth: d.date_of_birth,
            age_band: d.age_band,
        }
    }
}

/// A person's involvement, tagged by `status`; the statuses that need a reason carry it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "status", rename_all = "kebab-case")]
pub enum Involvement {
    ToConsider,
    Approach,
    Approached,
    Involved,
    Declined {
        reason: String,
        door_left_open: bool,
    },
    Withdrew {
        reason: String,
    },
    NotApproached {
        reason: String,
    },
}

impl From<&dm::Involvement> for Involvement {
    fn from(i: &dm::Involvement) -> Self {
        match i.clone() {
            dm::Involvement::ToConsider => Involvement::ToConsider,
            dm::Involvement::Approach => Involvement::Approach,
            dm::Involvement::Approached => Involvement::Approached,
            dm::Involvement::Involved => Involvement::Involved,
            dm::Involvement::Declined {
                reason,
                door_left_open,
            } => Involvement::Declined {
                reason,
                door_left_open,
            },
            dm::Involvement::Withdrew { reason } => Involvement::Withdrew { reason },
            dm::Involvement::NotApproached { reason } => Involvement::NotApproached { reason },
        }
    }
}

/// A contact detail.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ContactDetail {
    pub id: i64,
    pub kind: ContactDetailKind,
    pub value: String,
    pub safe_to_print: bool,
    pub confidential: bool,
}

impl From<&dm::ContactDetail> for ContactDetail {
    fn from(d: &dm::ContactDetail) -> Self {
        // Every field named: a field the core adds fails to compile here, not go unsent.
        let dm::ContactDetail {
            id: _,
            kind: _,
            value: _,
            safe_to_print: _,
            confidential: _,
        } = d;
        ContactDetail {
            id: d.id,
            kind: d.kind,
            value: d.value.clone(),
            safe_to_print: d.safe_to_print,
            confidential: d.confidential,
        }
    }
}

/// How a person is related to a child.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Relationship {
    pub child_id: i64,
    pub relationship: String,
    pub parental_responsibility: ParentalResponsibility,
    pub pr_basis: Option<String>,
    pub child_called: Option<String>,
}

impl From<&dm::Relationship> for Relationship {
    fn from(r: &dm::Relationship) -> Self {
        // Every field named: a field the core adds fails to compile here, not go unsent.
        let dm::Relationship {
            child_id: _,
            relationship: _,
            parental_responsibility: _,
            pr_basis: _,
            child_called: _,
        } = r;
        Relationship {
            child_id: r.child_id,
            relationship: r.relationship.clone(),
            parental_responsibility: r.parental_responsibility,
            pr_basis: r.pr_basis.clone(),
            child_called: r.child_called.clone(),
        }
    }
}

/// A legal or role status.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RoleStatusEntry {
    pub id: i64,
    pub status: RoleStatus,
    pub since: NaiveDate,
    pub source: Option<String>,
}

impl From<&dm::RoleStatusEntry> for RoleStatusEntry {
    fn from(s: &dm::RoleStatusEntry) -> Self {
        // Every field named: a field the core adds fails to compile here, not go unsent.
        let dm::RoleStatusEntry {
            id: _,
            status: _,
            since: _,
            source: _,
        } = s;
        RoleStatusEntry {
            id: s.id,
            status: s.status,
            since: s.since,
            source: s.source.clone(),
        }
    }
}

/// A contact restriction.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Restriction {
    pub id: i64,
    pub kind: RestrictionKind,
    pub detail: Option<String>,
    pub recorded_on: NaiveDate,
    pub expires: Option<NaiveDate>,
    pub requires_clearance: bool,
    pub via: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub entered_in_error: Option<EnteredInError>,
}

impl From<&dm::Restriction> for Restriction {
    fn from(r: &dm::Restriction) -> Self {
        // Every field named: a field the core adds fails to compile here, not go unsent.
        let dm::Restriction {
            id: _,
            kind: _,
            detail: _,
            recorded_on: _,
            expires: _,
            requires_clearance: _,
            via: _,
            entered_in_error: _,
        } = r;
        Restriction {
            id: r.id,
            kind: r.kind,
            detail: r.detail.clone(),
            recorded_on: r.recorded_on,
            expires: r.expires,
            requires_clearance: r.requires_clearance,
            via: r.via.clone(),
            entered_in_error: r.entered_in_error.as_ref().map(Into::into),
        }
    }
}

/// A clearance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Clearance {
    pub id: i64,
    pub body: ClearanceBody,
    pub given_on: NaiveDate,
    pub advice: String,
    pub contact_allowed: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub entered_in_error: Option<EnteredInError>,
}

impl From<&dm::Clearance> for Clearance {
    fn from(c: &dm::Clearance) -> Self {
        // Every field named: a field the core adds fails to compile here, not go unsent.
        let dm::Clearance {
            id: _,
            body: _,
            given_on: _,
            advice: _,
            contact_allowed: _,
            entered_in_error: _,
        } = c;
        Clearance {
            id: c.id,
            body: c.body,
            given_on: c.given_on,
            advice: c.advice.clone(),
            contact_allowed: c.contact_allowed,
            entered_in_error: c.entered_in_error.as_ref().map(Into::into),
        }
    }
}

/// Why and when a contact, restriction or clearance was marked as entered in error.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EnteredInError {
    pub reason: String,
    pub on: NaiveDate,
}

impl From<&dr::EnteredInError> for EnteredInError {
    fn from(e: &dr::EnteredInError) -> Self {
        // Every field named: a field the core adds fails to compile here, not go unsent.
        let dr::EnteredInError { reason: _, on: _ } = e;
        EnteredInError {
            reason: e.reason.clone(),
            on: e.on,
        }
    }
}

// ----- records ----------------------------------------------------------------------------

/// A contact or visit (record_contact, change_contact, mark_contact_entered_in_error).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Contact {
    pub id: i64,
    pub review_id: i64,
    pub member_id: i64,
    pub with_member_ids: Vec<i64>,
    pub date: NaiveDate,
    pub time: Option<NaiveTime>,
    pub mode: ContactMode,
    pub outcome: ContactOutcome,
    pub location: Option<String>,
    pub initiated_by: Option<String>,
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
    #[serde(skip_serializing_if = "Option::is_none")]
    pub entered_in_error: Option<EnteredInError>,
}

impl From<&dr::Contact> for Contact {
    fn from(c: &dr::Contact) -> Self {
        // Every field named: a field the core adds fails to compile here, not go unsent.
        let dr::Contact {
            id: _,
            review_id: _,
            member_id: _,
            with_member_ids: _,
            date: _,
            time: _,
            mode: _,
            outcome: _,
            location: _,
            initiated_by: _,
            attendees: _,
            interpreter_language: _,
            supporter: _,
            phase: _,
            explained: _,
            notes: _,
            disclosure: _,
            wellbeing: _,
            follow_up: _,
            follow_up_due: _,
            entered_in_error: _,
        } = c;
        Contact {
            id: c.id,
            review_id: c.review_id,
            member_id: c.member_id,
            with_member_ids: c.with_member_ids.clone(),
            date: c.date,
            time: c.time,
            mode: c.mode,
            outcome: c.outcome,
            location: c.location.clone(),
            initiated_by: c.initiated_by.clone(),
            attendees: c.attendees.clone(),
            interpreter_language: c.interpreter_language.clone(),
            supporter: c.supporter.clone(),
            phase: c.phase,
            explained: c.explained.clone(),
            notes: c.notes.clone(),
            disclosure: c.disclosure.as_ref().map(Into::into),
            wellbeing: c.wellbeing.clone(),
            follow_up: c.follow_up.clone(),
            follow_up_due: c.follow_up_due,
            entered_in_error: c.entered_in_error.as_ref().map(Into::into),
        }
    }
}

/// A disclosure made at a contact.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Disclosure {
    pub summary: String,
    pub referral_made: bool,
}

impl From<&dr::Disclosure> for Disclosure {
    fn from(d: &dr::Disclosure) -> Self {
        // Every field named: a field the core adds fails to compile here, not go unsent.
        let dr::Disclosure {
            summary: _,
            referral_made: _,
        } = d;
        Disclosure {
            summary: d.summary.clone(),
            referral_made: d.referral_made,
        }
    }
}

/// One version of a person's terms of engagement (agree_terms).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
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

impl From<&dr::Terms> for Terms {
    fn from(t: &dr::Terms) -> Self {
        // Every field named: a field the core adds fails to compile here, not go unsent.
        let dr::Terms {
            id: _,
            member_id: _,
            version: _,
            agreed_on: _,
            method: _,
            recorded_by: _,
            mode: _,
            venue: _,
            supporter: _,
            interpreter: _,
            update_cadence_days: _,
            channel: _,
            description_wishes: _,
            anonymity_wishes: _,
            wants_draft: _,
            reading_time_days: _,
            confidentiality_explained_on: _,
            withdrawal_explained_on: _,
            publication_explained_on: _,
            notes: _,
        } = t;
        Terms {
            id: t.id,
            member_id: t.member_id,
            version: t.version,
            agreed_on: t.agreed_on,
            method: t.method,
            recorded_by: t.recorded_by.clone(),
            mode: t.mode.clone(),
            venue: t.venue.clone(),
            supporter: t.supporter.clone(),
            interpreter: t.interpreter.clone(),
            update_cadence_days: t.update_cadence_days,
            channel: t.channel.clone(),
            description_wishes: t.description_wishes.clone(),
            anonymity_wishes: t.anonymity_wishes.clone(),
            wants_draft: t.wants_draft,
            reading_time_days: t.reading_time_days,
            confidentiality_explained_on: t.confidentiality_explained_on,
            withdrawal_explained_on: t.withdrawal_explained_on,
            publication_explained_on: t.publication_explained_on,
            notes: t.notes.clone(),
        }
    }
}

/// A check's status, tagged by `status` (set_check).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "status", rename_all = "kebab-case")]
pub enum CheckStatus {
    ToDo {
        #[serde(skip_serializing_if = "Option::is_none")]
        reopened: Option<Reopened>,
    },
    Done {
        evidence: String,
        on: NaiveDate,
        #[serde(skip_serializing_if = "Option::is_none")]
        record: Option<RecordRef>,
    },
    NotApplicable {
        reason: String,
    },
    DecidedOtherwise {
        reason: String,
    },
}

impl From<&dc::CheckStatus> for CheckStatus {
    fn from(s: &dc::CheckStatus) -> Self {
        match s {
            dc::CheckStatus::ToDo { reopened } => CheckStatus::ToDo {
                reopened: reopened.as_ref().map(Into::into),
            },
            dc::CheckStatus::Done {
                evidence,
                on,
                record,
            } => CheckStatus::Done {
                evidence: evidence.clone(),
                on: *on,
                record: record.as_ref().map(Into::into),
            },
            dc::CheckStatus::NotApplicable { reason } => CheckStatus::NotApplicable {
                reason: reason.clone(),
            },
            dc::CheckStatus::DecidedOtherwise { reason } => CheckStatus::DecidedOtherwise {
                reason: reason.clone(),
            },
        }
    }
}

/// The record that closed a check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RecordRef {
    pub kind: String,
    pub id: i64,
}

impl From<&dc::RecordRef> for RecordRef {
    fn from(r: &dc::RecordRef) -> Self {
        // Every field named: a field the core adds fails to compile here, not go unsent.
        let dc::RecordRef { kind: _, id: _ } = r;
        RecordRef {
            kind: r.kind.clone(),
            id: r.id,
        }
    }
}

/// Why and when a check was reopened.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Reopened {
    pub reason: String,
    pub on: NaiveDate,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub record: Option<RecordRef>,
}

impl From<&dc::Reopened> for Reopened {
    fn from(r: &dc::Reopened) -> Self {
        // Every field named: a field the core adds fails to compile here, not go unsent.
        let dc::Reopened {
            reason: _,
            on: _,
            record: _,
        } = r;
        Reopened {
            reason: r.reason.clone(),
            on: r.on,
            record: r.record.as_ref().map(Into::into),
        }
    }
}

/// A decision (record_decision).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
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

impl From<&dr::Decision> for Decision {
    fn from(d: &dr::Decision) -> Self {
        // Every field named: a field the core adds fails to compile here, not go unsent.
        let dr::Decision {
            id: _,
            review_id: _,
            decided_on: _,
            decision: _,
            options: _,
            rationale: _,
            consulted: _,
            member_ids: _,
            principle: _,
            review_by: _,
            author: _,
        } = d;
        Decision {
            id: d.id,
            review_id: d.review_id,
            decided_on: d.decided_on,
            decision: d.decision.clone(),
            options: d.options.clone(),
            rationale: d.rationale.clone(),
            consulted: d.consulted.clone(),
            member_ids: d.member_ids.clone(),
            principle: d.principle,
            review_by: d.review_by,
            author: d.author.clone(),
        }
    }
}

/// A parallel process (add_parallel, change_parallel).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
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

impl From<&dr::ParallelProcess> for ParallelProcess {
    fn from(p: &dr::ParallelProcess) -> Self {
        // Every field named: a field the core adds fails to compile here, not go unsent.
        let dr::ParallelProcess {
            id: _,
            review_id: _,
            kind: _,
            reference: _,
            contact: _,
            status: _,
            next_key_date: _,
            constraints: _,
            last_checked: _,
        } = p;
        ParallelProcess {
            id: p.id,
            review_id: p.review_id,
            kind: p.kind,
            reference: p.reference.clone(),
            contact: p.contact.clone(),
            status: p.status.clone(),
            next_key_date: p.next_key_date,
            constraints: p.constraints.clone(),
            last_checked: p.last_checked,
        }
    }
}

/// Returned feedback, answers keyed by the question bank's ids (record_feedback).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Feedback {
    pub id: i64,
    pub review_id: i64,
    pub member_id: Option<i64>,
    pub stage: FeedbackStage,
    pub received_on: NaiveDate,
    pub channel: Option<String>,
    pub responses: BTreeMap<String, QuestionResponse>,
    pub follow_up_requested: bool,
    pub passed_to_partnership: bool,
}

impl From<&dr::Feedback> for Feedback {
    fn from(f: &dr::Feedback) -> Self {
        // Every field named: a field the core adds fails to compile here, not go unsent.
        let dr::Feedback {
            id: _,
            review_id: _,
            member_id: _,
            stage: _,
            received_on: _,
            channel: _,
            responses: _,
            follow_up_requested: _,
            passed_to_partnership: _,
        } = f;
        Feedback {
            id: f.id,
            review_id: f.review_id,
            member_id: f.member_id,
            stage: f.stage,
            received_on: f.received_on,
            channel: f.channel.clone(),
            responses: f
                .responses
                .iter()
                .map(|(k, v)| (k.clone(), v.into()))
                .collect(),
            follow_up_requested: f.follow_up_requested,
            passed_to_partnership: f.passed_to_partnership,
        }
    }
}

/// One answer in returned feedback.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct QuestionResponse {
    pub answer: Option<Answer>,
    pub comment: Option<String>,
}

impl From<&dr::QuestionResponse> for QuestionResponse {
    fn from(r: &dr::QuestionResponse) -> Self {
        // Every field named: a field the core adds fails to compile here, not go unsent.
        let dr::QuestionResponse {
            answer: _,
            comment: _,
        } = r;
        QuestionResponse {
            answer: r.answer,
            comment: r.comment.clone(),
        }
    }
}

/// A support-directory entry (support_directory).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
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
    pub name_cy: Option<String>,
    pub hours_cy: Option<String>,
    pub verify: bool,
}

impl From<&dr::SupportService> for SupportService {
    fn from(s: &dr::SupportService) -> Self {
        // Every field named: a field the core adds fails to compile here, not go unsent.
        let dr::SupportService {
            id: _,
            name: _,
            service_type: _,
            nations: _,
            phone: _,
            website: _,
            hours: _,
            description: _,
            description_cy: _,
            name_cy: _,
            hours_cy: _,
            verify: _,
        } = s;
        SupportService {
            id: s.id,
            name: s.name.clone(),
            service_type: s.service_type,
            nations: s.nations.clone(),
            phone: s.phone.clone(),
            website: s.website.clone(),
            hours: s.hours.clone(),
            description: s.description.clone(),
            description_cy: s.description_cy.clone(),
            name_cy: s.name_cy.clone(),
            hours_cy: s.hours_cy.clone(),
            verify: s.verify,
        }
    }
}

// ----- the family's voice (version 2) -----------------------------------------------------

/// A line of enquiry (add_line, change_line).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LineOfEnquiry {
    pub id: i64,
    pub review_id: i64,
    pub text: String,
    pub source: EnquirySource,
    pub question_ids: Vec<i64>,
    pub added_on: NaiveDate,
    pub status: LineStatus,
}

impl From<&dx::LineOfEnquiry> for LineOfEnquiry {
    fn from(l: &dx::LineOfEnquiry) -> Self {
        // Every field named: a field the core adds fails to compile here, not go unsent.
        let dx::LineOfEnquiry {
            id: _,
            review_id: _,
            text: _,
            source: _,
            question_ids: _,
            added_on: _,
            status: _,
        } = l;
        LineOfEnquiry {
            id: l.id,
            review_id: l.review_id,
            text: l.text.clone(),
            source: l.source,
            question_ids: l.question_ids.clone(),
            added_on: l.added_on,
            status: (&l.status).into(),
        }
    }
}

/// A line of enquiry's status, tagged by `status`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "status", rename_all = "kebab-case")]
pub enum LineStatus {
    Open,
    Covered,
    Dropped { reason: String },
}

impl From<&dx::LineStatus> for LineStatus {
    fn from(s: &dx::LineStatus) -> Self {
        match s {
            dx::LineStatus::Open => LineStatus::Open,
            dx::LineStatus::Covered => LineStatus::Covered,
            dx::LineStatus::Dropped { reason } => LineStatus::Dropped {
                reason: reason.clone(),
            },
        }
    }
}

/// A family question (add_question, change_question, answer_question).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Question {
    pub id: i64,
    pub review_id: i64,
    pub asked_by: Vec<i64>,
    pub asked_on: NaiveDate,
    pub words: String,
    pub contact_id: Option<i64>,
    pub line_ids: Vec<i64>,
    pub status: QuestionStatus,
}

impl From<&dx::Question> for Question {
    fn from(q: &dx::Question) -> Self {
        // Every field named: a field the core adds fails to compile here, not go unsent.
        let dx::Question {
            id: _,
            review_id: _,
            asked_by: _,
            asked_on: _,
            words: _,
            contact_id: _,
            line_ids: _,
            status: _,
        } = q;
        Question {
            id: q.id,
            review_id: q.review_id,
            asked_by: q.asked_by.clone(),
            asked_on: q.asked_on,
            words: q.words.clone(),
            contact_id: q.contact_id,
            line_ids: q.line_ids.clone(),
            status: (&q.status).into(),
        }
    }
}

/// A question's status, tagged by `status`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "status", rename_all = "kebab-case")]
pub enum QuestionStatus {
    Open,
    BeingLookedInto,
    Answered {
        answer: String,
        how: AnswerMode,
        given_on: NaiveDate,
        given_by: String,
    },
    CannotBeAnswered {
        reason: String,
        told_on: NaiveDate,
    },
    OutsideReview {
        referred_to: String,
        told_on: Option<NaiveDate>,
    },
}

impl From<&dx::QuestionStatus> for QuestionStatus {
    fn from(s: &dx::QuestionStatus) -> Self {
        match s.clone() {
            dx::QuestionStatus::Open => QuestionStatus::Open,
            dx::QuestionStatus::BeingLookedInto => QuestionStatus::BeingLookedInto,
            dx::QuestionStatus::Answered {
                answer,
                how,
                given_on,
                given_by,
            } => QuestionStatus::Answered {
                answer,
                how,
                given_on,
                given_by,
            },
            dx::QuestionStatus::CannotBeAnswered { reason, told_on } => {
                QuestionStatus::CannotBeAnswered { reason, told_on }
            }
            dx::QuestionStatus::OutsideReview {
                referred_to,
                told_on,
            } => QuestionStatus::OutsideReview {
                referred_to,
                told_on,
            },
        }
    }
}

/// What a person told the review (add_contribution, change_contribution).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Contribution {
    pub id: i64,
    pub review_id: i64,
    pub member_id: i64,
    pub date: NaiveDate,
    pub contact_id: Option<i64>,
    pub line_ids: Vec<i64>,
    pub kind: ContributionKind,
    pub theme: Option<String>,
    pub summary: String,
    pub own_words: Option<String>,
    pub permission: UsePermission,
    pub permission_agreed_on: NaiveDate,
    pub not_used_reason: Option<String>,
}

impl From<&dx::Contribution> for Contribution {
    fn from(c: &dx::Contribution) -> Self {
        // Every field named: a field the core adds fails to compile here, not go unsent.
        let dx::Contribution {
            id: _,
            review_id: _,
            member_id: _,
            date: _,
            contact_id: _,
            line_ids: _,
            kind: _,
            theme: _,
            summary: _,
            own_words: _,
            permission: _,
            permission_agreed_on: _,
            not_used_reason: _,
        } = c;
        Contribution {
            id: c.id,
            review_id: c.review_id,
            member_id: c.member_id,
            date: c.date,
            contact_id: c.contact_id,
            line_ids: c.line_ids.clone(),
            kind: c.kind,
            theme: c.theme.clone(),
            summary: c.summary.clone(),
            own_words: c.own_words.clone(),
            permission: c.permission,
            permission_agreed_on: c.permission_agreed_on,
            not_used_reason: c.not_used_reason.clone(),
        }
    }
}

/// A finding (add_finding, change_finding).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub id: i64,
    pub review_id: i64,
    pub title: String,
    pub text: String,
    pub status: FindingStatus,
    pub line_ids: Vec<i64>,
    pub contribution_ids: Vec<i64>,
}

impl From<&dx::Finding> for Finding {
    fn from(f: &dx::Finding) -> Self {
        // Every field named: a field the core adds fails to compile here, not go unsent.
        let dx::Finding {
            id: _,
            review_id: _,
            title: _,
            text: _,
            status: _,
            line_ids: _,
            contribution_ids: _,
        } = f;
        Finding {
            id: f.id,
            review_id: f.review_id,
            title: f.title.clone(),
            text: f.text.clone(),
            status: f.status,
            line_ids: f.line_ids.clone(),
            contribution_ids: f.contribution_ids.clone(),
        }
    }
}

/// A draft shared, with its comments (share_draft).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SharingSession {
    pub id: i64,
    pub review_id: i64,
    pub member_ids: Vec<i64>,
    pub draft_version: String,
    pub date: NaiveDate,
    pub mode: SharingMode,
    pub supporter: Option<String>,
    pub interpreter_language: Option<String>,
    pub reading_time_days: Option<u32>,
    pub comments_due: Option<NaiveDate>,
    pub comments: Vec<DraftComment>,
}

impl From<&dx::SharingSession> for SharingSession {
    fn from(s: &dx::SharingSession) -> Self {
        // Every field named: a field the core adds fails to compile here, not go unsent.
        let dx::SharingSession {
            id: _,
            review_id: _,
            member_ids: _,
            draft_version: _,
            date: _,
            mode: _,
            supporter: _,
            interpreter_language: _,
            reading_time_days: _,
            comments_due: _,
            comments: _,
        } = s;
        SharingSession {
            id: s.id,
            review_id: s.review_id,
            member_ids: s.member_ids.clone(),
            draft_version: s.draft_version.clone(),
            date: s.date,
            mode: s.mode,
            supporter: s.supporter.clone(),
            interpreter_language: s.interpreter_language.clone(),
            reading_time_days: s.reading_time_days,
            comments_due: s.comments_due,
            comments: list(&s.comments),
        }
    }
}

/// A comment on the draft (add_comment, respond_to_comment).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DraftComment {
    pub id: i64,
    pub review_id: i64,
    pub session_id: i64,
    pub part: String,
    pub said: String,
    pub response: Option<Response>,
}

impl From<&dx::DraftComment> for DraftComment {
    fn from(c: &dx::DraftComment) -> Self {
        // Every field named: a field the core adds fails to compile here, not go unsent.
        let dx::DraftComment {
            id: _,
            review_id: _,
            session_id: _,
            part: _,
            said: _,
            response: _,
        } = c;
        DraftComment {
            id: c.id,
            review_id: c.review_id,
            session_id: c.session_id,
            part: c.part.clone(),
            said: c.said.clone(),
            response: c.response.as_ref().map(Into::into),
        }
    }
}

/// What the review did with a comment, and when the person was told.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Response {
    pub kind: ResponseKind,
    pub decided_on: NaiveDate,
    pub told_on: Option<NaiveDate>,
}

impl From<&dx::Response> for Response {
    fn from(r: &dx::Response) -> Self {
        // Every field named: a field the core adds fails to compile here, not go unsent.
        let dx::Response {
            kind: _,
            decided_on: _,
            told_on: _,
        } = r;
        Response {
            kind: (&r.kind).into(),
            decided_on: r.decided_on,
            told_on: r.told_on,
        }
    }
}

/// What the review did, tagged by `kind`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum ResponseKind {
    Changed { how: String },
    FactualCorrection { what: String },
    NotChanged { why: String },
}

impl From<&dx::ResponseKind> for ResponseKind {
    fn from(k: &dx::ResponseKind) -> Self {
        match k.clone() {
            dx::ResponseKind::Changed { how } => ResponseKind::Changed { how },
            dx::ResponseKind::FactualCorrection { what } => {
                ResponseKind::FactualCorrection { what }
            }
            dx::ResponseKind::NotChanged { why } => ResponseKind::NotChanged { why },
        }
    }
}

// ----- what the views carry ---------------------------------------------------------------

/// A domestic-abuse link.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct AbuseLink {
    pub victim_id: i64,
    pub perpetrator_id: i64,
}

impl From<&dm::AbuseLink> for AbuseLink {
    fn from(l: &dm::AbuseLink) -> Self {
        // Every field named: a field the core adds fails to compile here, not go unsent.
        let dm::AbuseLink {
            victim_id: _,
            perpetrator_id: _,
        } = l;
        AbuseLink {
            victim_id: l.victim_id,
            perpetrator_id: l.perpetrator_id,
        }
    }
}

/// An information barrier.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Barrier {
    pub protected_id: i64,
    pub withheld_from_id: i64,
    pub reason: Option<String>,
}

impl From<&dm::Barrier> for Barrier {
    fn from(b: &dm::Barrier) -> Self {
        // Every field named: a field the core adds fails to compile here, not go unsent.
        let dm::Barrier {
            protected_id: _,
            withheld_from_id: _,
            reason: _,
        } = b;
        Barrier {
            protected_id: b.protected_id,
            withheld_from_id: b.withheld_from_id,
            reason: b.reason.clone(),
        }
    }
}

/// A document made for a person. `file` is where it was written on this computer: the page
/// only tests whether there is one (to offer "View, print or open"), and opens it by the
/// record's id, never by the path.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
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
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<PathBuf>,
}

impl From<&dr::DocumentIssued> for DocumentIssued {
    fn from(d: &dr::DocumentIssued) -> Self {
        // Every field named: a field the core adds fails to compile here, not go unsent.
        let dr::DocumentIssued {
            id: _,
            review_id: _,
            member_id: _,
            kind: _,
            variant: _,
            language: _,
            wording_version: _,
            made_at: _,
            contact_id: _,
            override_reason: _,
            pages: _,
            file: _,
        } = d;
        DocumentIssued {
            id: d.id,
            review_id: d.review_id,
            member_id: d.member_id,
            kind: d.kind,
            variant: d.variant.clone(),
            language: d.language.clone(),
            wording_version: d.wording_version.clone(),
            made_at: d.made_at,
            contact_id: d.contact_id,
            override_reason: d.override_reason.clone(),
            pages: d.pages,
            file: d.file.clone(),
        }
    }
}

/// A check with its definition and status. The definition is the catalogue's (data from
/// `assets/checks.toml`, as the vocabulary is), sent as the core has it.
#[derive(Debug, Clone, Serialize)]
pub struct CheckRow {
    pub check: dc::CheckDef,
    pub member_id: Option<i64>,
    pub status: CheckStatus,
}

impl From<&views::CheckRow> for CheckRow {
    fn from(r: &views::CheckRow) -> Self {
        // Every field named: a field the core adds fails to compile here, not go unsent.
        let views::CheckRow {
            check: _,
            member_id: _,
            status: _,
        } = r;
        CheckRow {
            check: r.check.clone(),
            member_id: r.member_id,
            status: (&r.status).into(),
        }
    }
}

/// One review with everything in it (review_view): the core's `ReviewView` with every record
/// in the desktop's own types. The involvement map and the deadlines are the core's view rows.
#[derive(Debug, Clone, Serialize)]
pub struct ReviewView {
    pub review: Review,
    pub review_name: String,
    pub today: NaiveDate,
    pub children: Vec<Child>,
    pub members: Vec<Member>,
    pub abuse_links: Vec<AbuseLink>,
    pub barriers: Vec<Barrier>,
    pub involvement_map: Vec<views::MapRow>,
    pub contacts: Vec<Contact>,
    pub contacts_entered_in_error: Vec<Contact>,
    pub checks: Vec<CheckRow>,
    pub decisions: Vec<Decision>,
    pub parallel_processes: Vec<ParallelProcess>,
    pub documents: Vec<DocumentIssued>,
    pub feedback: Vec<Feedback>,
    pub deadlines: Vec<views::Deadline>,
    pub open_checks: usize,
}

impl From<views::ReviewView> for ReviewView {
    fn from(v: views::ReviewView) -> Self {
        // Every field named: a field the core adds fails to compile here, not go unsent.
        let views::ReviewView {
            review: _,
            review_name: _,
            today: _,
            children: _,
            members: _,
            abuse_links: _,
            barriers: _,
            involvement_map: _,
            contacts: _,
            contacts_entered_in_error: _,
            checks: _,
            decisions: _,
            parallel_processes: _,
            documents: _,
            feedback: _,
            deadlines: _,
            open_checks: _,
        } = &v;
        ReviewView {
            review: (&v.review).into(),
            review_name: v.review_name,
            today: v.today,
            children: list(&v.children),
            members: list(&v.members),
            abuse_links: list(&v.abuse_links),
            barriers: list(&v.barriers),
            involvement_map: v.involvement_map,
            contacts: list(&v.contacts),
            contacts_entered_in_error: list(&v.contacts_entered_in_error),
            checks: list(&v.checks),
            decisions: list(&v.decisions),
            parallel_processes: list(&v.parallel_processes),
            documents: list(&v.documents),
            feedback: list(&v.feedback),
            deadlines: v.deadlines,
            open_checks: v.open_checks,
        }
    }
}

/// One person with everything recorded about them (member_view): the core's `MemberView`
/// with every record in the desktop's own types. What the rules say (refusals, the due
/// state, suggestions) is sent as the core words it: those are the rules' answers, with
/// sentences of their own beside them in `MemberPage`.
#[derive(Debug, Clone, Serialize)]
pub struct MemberView {
    pub member: Member,
    pub review_reference: String,
    pub may_contact: Vec<Refusal>,
    pub may_receive_document: Vec<Refusal>,
    pub terms: Vec<Terms>,
    pub contacts: Vec<Contact>,
    pub contacts_entered_in_error: Vec<Contact>,
    pub checks: Vec<CheckRow>,
    pub decisions: Vec<Decision>,
    pub documents: Vec<DocumentIssued>,
    pub support: Vec<SupportService>,
    pub links: Vec<(i64, String, String)>,
    pub next_update_due: Option<NaiveDate>,
    pub update_state: Option<DueState>,
    pub sensitive_dates_near: Vec<String>,
    pub suggestions: Vec<Suggestion>,
    pub open_checks: usize,
    pub sheet_variant: &'static str,
    pub age: Option<kindred::domain::member::Age>,
    pub nation: Nation,
    pub document_languages: &'static str,
    pub draft_translation: Option<String>,
}

impl From<views::MemberView> for MemberView {
    fn from(v: views::MemberView) -> Self {
        // Every field named: a field the core adds fails to compile here, not go unsent.
        let views::MemberView {
            member: _,
            review_reference: _,
            may_contact: _,
            may_receive_document: _,
            terms: _,
            contacts: _,
            contacts_entered_in_error: _,
            checks: _,
            decisions: _,
            documents: _,
            support: _,
            links: _,
            next_update_due: _,
            update_state: _,
            sensitive_dates_near: _,
            suggestions: _,
            open_checks: _,
            sheet_variant: _,
            age: _,
            nation: _,
            document_languages: _,
            draft_translation: _,
        } = &v;
        MemberView {
            member: (&v.member).into(),
            review_reference: v.review_reference,
            may_contact: v.may_contact,
            may_receive_document: v.may_receive_document,
            terms: list(&v.terms),
            contacts: list(&v.contacts),
            contacts_entered_in_error: list(&v.contacts_entered_in_error),
            checks: list(&v.checks),
            decisions: list(&v.decisions),
            documents: list(&v.documents),
            support: list(&v.support),
            links: v.links,
            next_update_due: v.next_update_due,
            update_state: v.update_state,
            sensitive_dates_near: v.sensitive_dates_near,
            suggestions: v.suggestions,
            open_checks: v.open_checks,
            sheet_variant: v.sheet_variant,
            age: v.age,
            nation: v.nation,
            document_languages: v.document_languages,
            draft_translation: v.draft_translation,
        }
    }
}

/// A review's family's voice (voice).
#[derive(Debug, Clone, Serialize)]
pub struct VoiceRecords {
    pub lines_heading: String,
    pub waiting: Vec<i64>,
    pub lines: Vec<LineOfEnquiry>,
    pub questions: Vec<Question>,
    pub contributions: Vec<Contribution>,
    pub may_inform: Vec<i64>,
    pub findings: Vec<Finding>,
    pub sessions: Vec<SharingSession>,
}

impl From<voice::VoiceRecords> for VoiceRecords {
    fn from(v: voice::VoiceRecords) -> Self {
        // Every field named: a field the core adds fails to compile here, not go unsent.
        let voice::VoiceRecords {
            lines_heading: _,
            waiting: _,
            lines: _,
            questions: _,
            contributions: _,
            may_inform: _,
            findings: _,
            sessions: _,
        } = &v;
        VoiceRecords {
            lines_heading: v.lines_heading,
            waiting: v.waiting,
            lines: list(&v.lines),
            questions: list(&v.questions),
            contributions: list(&v.contributions),
            may_inform: v.may_inform,
            findings: list(&v.findings),
            sessions: list(&v.sessions),
        }
    }
}

/// One person's share of the family's voice (member_voice).
#[derive(Debug, Clone, Serialize)]
pub struct MemberVoice {
    pub waiting: Vec<i64>,
    pub questions: Vec<Question>,
    pub contributions: Vec<Contribution>,
    pub sessions: Vec<SharingSession>,
}

impl From<voice::MemberVoice> for MemberVoice {
    fn from(v: voice::MemberVoice) -> Self {
        // Every field named: a field the core adds fails to compile here, not go unsent.
        let voice::MemberVoice {
            waiting: _,
            questions: _,
            contributions: _,
            sessions: _,
        } = &v;
        MemberVoice {
            waiting: v.waiting,
            questions: list(&v.questions),
            contributions: list(&v.contributions),
            sessions: list(&v.sessions),
        }
    }
}

// ----- the dashboard's page ---------------------------------------------------------------

/// One page of the dashboard (dashboard): the counts around it and at most one page of
/// reviews, so the reply stays small however many reviews the workbook holds.
#[derive(Debug, Clone, Serialize)]
pub struct DashboardPage {
    pub today: NaiveDate,
    pub total: usize,
    pub open: usize,
    pub closed: usize,
    pub closed_past_retention: usize,
    pub matching: usize,
    pub needing_attention: usize,
    pub page: usize,
    pub pages: usize,
    pub per_page: usize,
    pub reviews: Vec<ReviewCard>,
}

/// A person the card links to.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PersonLink {
    pub id: i64,
    pub name: String,
}

/// One review's card on the dashboard.
#[derive(Debug, Clone, Serialize)]
pub struct ReviewCard {
    pub id: i64,
    pub reference: String,
    pub pseudonym: String,
    pub nation: Nation,
    pub review_type: ReviewType,
    pub review_name: String,
    pub phase: Phase,
    pub phase_label: &'static str,
    pub members: usize,
    pub needs_attention: bool,
    pub next_deadline: Option<views::Deadline>,
    pub overdue_deadlines: Vec<views::Deadline>,
    pub updates_overdue: Vec<views::UpdateDue>,
    pub updates_due_soon: Vec<views::UpdateDue>,
    pub open_checks: usize,
    pub awaiting_clearance: Vec<PersonLink>,
    pub retention_overdue: bool,
    pub questions_waiting: usize,
    pub oldest_question_days: Option<i64>,
    pub comments_awaiting: usize,
    pub draft_not_shared: Vec<PersonLink>,
}

fn people(v: &[(i64, String)]) -> Vec<PersonLink> {
    v.iter()
        .map(|(id, name)| PersonLink {
            id: *id,
            name: name.clone(),
        })
        .collect()
}

impl From<&views::ReviewSummary> for ReviewCard {
    fn from(r: &views::ReviewSummary) -> Self {
        ReviewCard {
            id: r.id,
            reference: r.reference.clone(),
            pseudonym: r.pseudonym.clone(),
            nation: r.nation,
            review_type: r.review_type,
            review_name: r.review_name.clone(),
            phase: r.phase,
            phase_label: r.phase_label,
            members: r.members,
            needs_attention: r.needs_attention(),
            next_deadline: r.next_deadline.clone(),
            overdue_deadlines: r.overdue_deadlines.clone(),
            updates_overdue: r.updates_overdue.clone(),
            updates_due_soon: r.updates_due_soon.clone(),
            open_checks: r.open_checks,
            awaiting_clearance: people(&r.awaiting_clearance),
            retention_overdue: r.retention_overdue,
            questions_waiting: r.questions_waiting,
            oldest_question_days: r.oldest_question_days,
            comments_awaiting: r.comments_awaiting,
            draft_not_shared: people(&r.draft_not_shared),
        }
    }
}

impl From<&views::dashboard_page::DashboardPage> for DashboardPage {
    fn from(p: &views::dashboard_page::DashboardPage) -> Self {
        DashboardPage {
            today: p.today,
            total: p.total,
            open: p.open,
            closed: p.closed,
            closed_past_retention: p.closed_past_retention,
            matching: p.matching,
            needing_attention: p.needing_attention,
            page: p.page,
            pages: p.pages,
            per_page: p.per_page,
            reviews: list(&p.reviews),
        }
    }
}
