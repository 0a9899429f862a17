//! The bundle format's own types: one record type for each section of a bundle (and for each
//! object nested in one), exactly as `docs/bundle-format.md` and `docs/bundle.schema.json`
//! describe them, with conversions to and from the domain types.
//!
//! Why separate types: the domain structs also derive serde for the database, the audit
//! lines and the desktop, so if the bundle were their serialisation, renaming a domain field
//! would silently change a documented file format that other workbooks (and older and newer
//! Kindreds) read. Here every field name, every optional field and every tag is written out
//! once for the bundle, and a domain change that is not mirrored here fails to compile (the
//! conversions name every field) or fails a test: the tests below read a frozen bundle
//! (`tests/fixtures/bundle-v3.json`) and write it again byte for byte; `tests/trust.rs`
//! imports it whole and checks exports and every vocabulary value against the schema.
//!
//! What is shared on purpose: the closed vocabularies (nations, review types, phases, key
//! dates, the slug enums such as contact modes) are the same words everywhere in Kindred (the
//! forms, the CLI's `--json`, the database), so the bundle uses the domain's enums for them;
//! `tests/trust.rs` checks every value of each against the schema's lists. Dates and times
//! are chrono's (`YYYY-MM-DD`, `HH:MM:SS`, `YYYY-MM-DDTHH:MM:SS`).
//!
//! Adding a field: add it to the record type here (with `#[serde(default)]` so bundles
//! without it still read, and `skip_serializing_if` when it is optional, so a record without
//! it is written as before), to both conversions, to the schema and to the doc; a bundle
//! carrying it is refused by older Kindreds (unknown field), so it is a new format version
//! (docs/bundle-format.md, "Versioning") with a new frozen fixture beside the old one. A
//! field the domain has but the bundle must not carry (a document's file path) is simply not
//! here.

use std::collections::BTreeMap;

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use serde::{Deserialize, Serialize};

use crate::domain::catalogue as dc;
use crate::domain::member::{
    self as dm, AccessNeed, ClearanceBody, ContactDetailKind, ContactMethod, LocationType,
    ParentalResponsibility, RestrictionKind, RoleStatus,
};
use crate::domain::nation::{Nation, ReviewType};
use crate::domain::phase::{Phase, Principle};
use crate::domain::records::{
    self as dr, Answer, ConsentMethod, ContactMode, ContactOutcome, DocumentKind, Explained,
    FeedbackStage, ParallelKind, ServiceType,
};
use crate::domain::review::{self as dv, ChildOutcome, Publication, PurposeReason};
use crate::domain::timescales::KeyDate;
use crate::domain::voice::{
    self as dx, AnswerMode, ContributionKind, EnquirySource, FindingStatus, SharingMode,
    UsePermission,
};
use crate::workbook::summary::SavedSummary;

fn list<'a, A: 'a, B: From<&'a A>>(v: &'a [A]) -> Vec<B> {
    v.iter().map(B::from).collect()
}

fn into_list<A, B: From<A>>(v: Vec<A>) -> Vec<B> {
    v.into_iter().map(B::from).collect()
}

/// A bundle as it is written in the file (format version 2). Field order is the order
/// written. Version 1 bundles have none of the family's-voice sections; the parser reads
/// them section by section, so the `default`s here only matter to other readers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BundleFile {
    pub format: String,
    pub version: u32,
    pub exported_at: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exported_by: Option<String>,
    pub review: Review,
    pub children: Vec<Child>,
    pub members: Vec<Member>,
    pub abuse_links: Vec<AbuseLink>,
    pub barriers: Vec<Barrier>,
    pub contacts: Vec<Contact>,
    pub terms: Vec<Terms>,
    pub checks: Vec<Check>,
    pub decisions: Vec<Decision>,
    pub parallel_processes: Vec<ParallelProcess>,
    pub feedback: Vec<Feedback>,
    pub documents_issued: Vec<DocumentIssued>,
    pub support_services_used: Vec<SupportService>,
    #[serde(default)]
    pub lines_of_enquiry: Vec<LineOfEnquiry>,
    #[serde(default)]
    pub questions: Vec<Question>,
    #[serde(default)]
    pub contributions: Vec<Contribution>,
    #[serde(default)]
    pub findings: Vec<Finding>,
    #[serde(default)]
    pub sharing_sessions: Vec<SharingSession>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub involvement_summary: Option<InvolvementSummary>,
}

impl From<&super::Bundle> for BundleFile {
    fn from(b: &super::Bundle) -> Self {
        BundleFile {
            format: b.format.clone(),
            version: b.version,
            exported_at: b.exported_at.clone(),
            exported_by: b.exported_by.clone(),
            review: (&b.review).into(),
            children: list(&b.children),
            members: list(&b.members),
            abuse_links: list(&b.abuse_links),
            barriers: list(&b.barriers),
            contacts: list(&b.contacts),
            terms: list(&b.terms),
            checks: list(&b.checks),
            decisions: list(&b.decisions),
            parallel_processes: list(&b.parallel_processes),
            feedback: list(&b.feedback),
            documents_issued: list(&b.documents_issued),
            support_services_used: list(&b.support_services_used),
            lines_of_enquiry: list(&b.lines_of_enquiry),
            questions: list(&b.questions),
            contributions: list(&b.contributions),
            findings: list(&b.findings),
            sharing_sessions: list(&b.sharing_sessions),
            involvement_summary: b.involvement_summary.as_ref().map(Into::into),
        }
    }
}

impl From<BundleFile> for super::Bundle {
    fn from(b: BundleFile) -> Self {
        super::Bundle {
            format: b.format,
            version: b.version,
            exported_at: b.exported_at,
            exported_by: b.exported_by,
            review: b.review.into(),
            children: into_list(b.children),
            members: into_list(b.members),
            abuse_links: into_list(b.abuse_links),
            barriers: into_list(b.barriers),
            contacts: into_list(b.contacts),
            terms: into_list(b.terms),
            checks: into_list(b.checks),
            decisions: into_list(b.decisions),
            parallel_processes: into_list(b.parallel_processes),
            feedback: into_list(b.feedback),
            documents_issued: into_list(b.documents_issued),
            support_services_used: into_list(b.support_services_used),
            lines_of_enquiry: into_list(b.lines_of_enquiry),
            questions: into_list(b.questions),
            contributions: into_list(b.contributions),
            findings: into_list(b.findings),
            sharing_sessions: into_list(b.sharing_sessions),
            involvement_summary: b.involvement_summary.map(Into::into),
        }
    }
}

// ----- review -----------------------------------------------------------------------------

/// `review` (schema `review`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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
    /// The review's own words in Welsh (version 3; left out when there are none).
    #[serde(default, skip_serializing_if = "ReviewWelsh::is_empty")]
    pub welsh: ReviewWelsh,
}

/// `review.welsh` (schema `review.welsh`): the review's own words in Welsh.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ReviewWelsh {
    pub body_name: Option<String>,
    pub author_hours: Option<String>,
    pub purpose_statement: Option<String>,
    pub complaints: Option<String>,
}

impl ReviewWelsh {
    fn is_empty(&self) -> bool {
        *self == ReviewWelsh::default()
    }
}

impl From<&dv::ReviewWelsh> for ReviewWelsh {
    fn from(w: &dv::ReviewWelsh) -> Self {
        ReviewWelsh {
            body_name: w.body_name.clone(),
            author_hours: w.author_hours.clone(),
            purpose_statement: w.purpose_statement.clone(),
            complaints: w.complaints.clone(),
        }
    }
}

impl From<ReviewWelsh> for dv::ReviewWelsh {
    fn from(w: ReviewWelsh) -> Self {
        dv::ReviewWelsh {
            body_name: w.body_name,
            author_hours: w.author_hours,
            purpose_statement: w.purpose_statement,
            complaints: w.complaints,
        }
    }
}

impl From<&dv::Review> for Review {
    fn from(r: &dv::Review) -> Self {
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

impl From<Review> for dv::Review {
    fn from(r: Review) -> Self {
        dv::Review {
            id: r.id,
            reference: r.reference,
            nation: r.nation,
            review_type: r.review_type,
            pseudonym: r.pseudonym,
            body_name: r.body_name,
            author: r.author.into(),
            partnership_contact: r.partnership_contact.map(Into::into),
            panel_chair: r.panel_chair,
            key_dates: r.key_dates,
            purpose_statement: r.purpose_statement,
            purpose_reasons: r.purpose_reasons,
            publication: r.publication,
            publication_note: r.publication_note,
            media_interest: r.media_interest,
            media_plan: r.media_plan,
            complaints: r.complaints,
            retention_until: r.retention_until,
            update_cadence_days: r.update_cadence_days,
            phase: r.phase,
            welsh: r.welsh.into(),
        }
    }
}

/// `review.author`, `review.partnership_contact` (schema `contact_card`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactCard {
    pub name: String,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub hours: Option<String>,
    pub postal_address: Option<String>,
}

impl From<&dv::ContactCard> for ContactCard {
    fn from(c: &dv::ContactCard) -> Self {
        ContactCard {
            name: c.name.clone(),
            phone: c.phone.clone(),
            email: c.email.clone(),
            hours: c.hours.clone(),
            postal_address: c.postal_address.clone(),
        }
    }
}

impl From<ContactCard> for dv::ContactCard {
    fn from(c: ContactCard) -> Self {
        dv::ContactCard {
            name: c.name,
            phone: c.phone,
            email: c.email,
            hours: c.hours,
            postal_address: c.postal_address,
        }
    }
}

/// `children[]` (schema `child`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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

impl From<Child> for dv::Child {
    fn from(c: Child) -> Self {
        dv::Child {
            id: c.id,
            review_id: c.review_id,
            known_as: c.known_as,
            pseudonym: c.pseudonym,
            date_of_birth: c.date_of_birth,
            outcome: c.outcome,
            date_of_death_or_injury: c.date_of_death_or_injury,
            sensitive_dates: into_list(c.sensitive_dates),
            legal_status: c.legal_status,
            placement_confidential: c.placement_confidential,
        }
    }
}

/// `children[].sensitive_dates[]` (schema `sensitive_date`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SensitiveDate {
    pub date: NaiveDate,
    pub label: String,
    pub yearly: bool,
}

impl From<&dv::SensitiveDate> for SensitiveDate {
    fn from(s: &dv::SensitiveDate) -> Self {
        SensitiveDate {
            date: s.date,
            label: s.label.clone(),
            yearly: s.yearly,
        }
    }
}

impl From<SensitiveDate> for dv::SensitiveDate {
    fn from(s: SensitiveDate) -> Self {
        dv::SensitiveDate {
            date: s.date,
            label: s.label,
            yearly: s.yearly,
        }
    }
}

// ----- people -----------------------------------------------------------------------------

/// `members[]` (schema `member`): a person with everything recorded about them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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

impl From<Member> for dm::Member {
    fn from(m: Member) -> Self {
        dm::Member {
            id: m.id,
            review_id: m.review_id,
            details: m.details.into(),
            involvement: m.involvement.into(),
            position: m.position,
            contact_details: into_list(m.contact_details),
            relationships: into_list(m.relationships),
            role_statuses: into_list(m.role_statuses),
            restrictions: into_list(m.restrictions),
            clearances: into_list(m.clearances),
            support_ids: m.support_ids,
        }
    }
}

/// `members[].details` (schema `member_details`). Every field may be left out (it takes its
/// empty value), as the forms allow.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
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
    /// Date of birth, or else an age band (version 3; left out when unknown).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_of_birth: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub age_band: Option<dm::AgeBand>,
}

impl From<&dm::MemberDetails> for MemberDetails {
    fn from(d: &dm::MemberDetails) -> Self {
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

impl From<MemberDetails> for dm::MemberDetails {
    fn from(d: MemberDetails) -> Self {
        dm::MemberDetails {
            full_name: d.full_name,
            preferred_name: d.preferred_name,
            report_pseudonym: d.report_pseudonym,
            child_or_young_person: d.child_or_young_person,
            household: d.household,
            preferred_contact_method: d.preferred_contact_method,
            safe_contact_times: d.safe_contact_times,
            language: d.language,
            dialect: d.dialect,
            interpreter_needed: d.interpreter_needed,
            interpreter_gender: d.interpreter_gender,
            translation_needed: d.translation_needed,
            literacy: d.literacy,
            accessibility: d.accessibility,
            accessibility_notes: d.accessibility_notes,
            advocate: d.advocate,
            location: d.location,
            establishment: d.establishment,
            hope_to_learn: d.hope_to_learn,
            questions: d.questions,
            purpose_reasons: d.purpose_reasons,
            update_cadence_days: d.update_cadence_days,
            welsh_preferred: d.welsh_preferred,
            notes: d.notes,
            date_of_birth: d.date_of_birth,
            age_band: d.age_band,
        }
    }
}

/// `members[].involvement` (schema `involvement`): tagged by `status`; the statuses that
/// need a reason carry it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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

impl From<Involvement> for dm::Involvement {
    fn from(i: Involvement) -> Self {
        match i {
            Involvement::ToConsider => dm::Involvement::ToConsider,
            Involvement::Approach => dm::Involvement::Approach,
            Involvement::Approached => dm::Involvement::Approached,
            Involvement::Involved => dm::Involvement::Involved,
            Involvement::Declined {
                reason,
                door_left_open,
            } => dm::Involvement::Declined {
                reason,
                door_left_open,
            },
            Involvement::Withdrew { reason } => dm::Involvement::Withdrew { reason },
            Involvement::NotApproached { reason } => dm::Involvement::NotApproached { reason },
        }
    }
}

/// `members[].contact_details[]` (schema `contact_detail`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactDetail {
    pub id: i64,
    pub kind: ContactDetailKind,
    pub value: String,
    pub safe_to_print: bool,
    pub confidential: bool,
}

impl From<&dm::ContactDetail> for ContactDetail {
    fn from(d: &dm::ContactDetail) -> Self {
        ContactDetail {
            id: d.id,
            kind: d.kind,
            value: d.value.clone(),
            safe_to_print: d.safe_to_print,
            confidential: d.confidential,
        }
    }
}

impl From<ContactDetail> for dm::ContactDetail {
    fn from(d: ContactDetail) -> Self {
        dm::ContactDetail {
            id: d.id,
            kind: d.kind,
            value: d.value,
            safe_to_print: d.safe_to_print,
            confidential: d.confidential,
        }
    }
}

/// `members[].relationships[]` (schema `relationship`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Relationship {
    pub child_id: i64,
    pub relationship: String,
    pub parental_responsibility: ParentalResponsibility,
    pub pr_basis: Option<String>,
    pub child_called: Option<String>,
}

impl From<&dm::Relationship> for Relationship {
    fn from(r: &dm::Relationship) -> Self {
        Relationship {
            child_id: r.child_id,
            relationship: r.relationship.clone(),
            parental_responsibility: r.parental_responsibility,
            pr_basis: r.pr_basis.clone(),
            child_called: r.child_called.clone(),
        }
    }
}

impl From<Relationship> for dm::Relationship {
    fn from(r: Relationship) -> Self {
        dm::Relationship {
            child_id: r.child_id,
            relationship: r.relationship,
            parental_responsibility: r.parental_responsibility,
            pr_basis: r.pr_basis,
            child_called: r.child_called,
        }
    }
}

/// `members[].role_statuses[]` (schema `role_status`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoleStatusEntry {
    pub id: i64,
    pub status: RoleStatus,
    pub since: NaiveDate,
    pub source: Option<String>,
}

impl From<&dm::RoleStatusEntry> for RoleStatusEntry {
    fn from(s: &dm::RoleStatusEntry) -> Self {
        RoleStatusEntry {
            id: s.id,
            status: s.status,
            since: s.since,
            source: s.source.clone(),
        }
    }
}

impl From<RoleStatusEntry> for dm::RoleStatusEntry {
    fn from(s: RoleStatusEntry) -> Self {
        dm::RoleStatusEntry {
            id: s.id,
            status: s.status,
            since: s.since,
            source: s.source,
        }
    }
}

/// `members[].restrictions[]` (schema `restriction`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Restriction {
    pub id: i64,
    pub kind: RestrictionKind,
    pub detail: Option<String>,
    pub recorded_on: NaiveDate,
    pub expires: Option<NaiveDate>,
    pub requires_clearance: bool,
    pub via: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entered_in_error: Option<EnteredInError>,
}

impl From<&dm::Restriction> for Restriction {
    fn from(r: &dm::Restriction) -> Self {
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

impl From<Restriction> for dm::Restriction {
    fn from(r: Restriction) -> Self {
        dm::Restriction {
            id: r.id,
            kind: r.kind,
            detail: r.detail,
            recorded_on: r.recorded_on,
            expires: r.expires,
            requires_clearance: r.requires_clearance,
            via: r.via,
            entered_in_error: r.entered_in_error.map(Into::into),
        }
    }
}

/// `members[].clearances[]` (schema `clearance`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Clearance {
    pub id: i64,
    pub body: ClearanceBody,
    pub given_on: NaiveDate,
    pub advice: String,
    pub contact_allowed: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entered_in_error: Option<EnteredInError>,
}

impl From<&dm::Clearance> for Clearance {
    fn from(c: &dm::Clearance) -> Self {
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

impl From<Clearance> for dm::Clearance {
    fn from(c: Clearance) -> Self {
        dm::Clearance {
            id: c.id,
            body: c.body,
            given_on: c.given_on,
            advice: c.advice,
            contact_allowed: c.contact_allowed,
            entered_in_error: c.entered_in_error.map(Into::into),
        }
    }
}

/// `entered_in_error` on a contact, restriction or clearance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnteredInError {
    pub reason: String,
    pub on: NaiveDate,
}

impl From<&dr::EnteredInError> for EnteredInError {
    fn from(e: &dr::EnteredInError) -> Self {
        EnteredInError {
            reason: e.reason.clone(),
            on: e.on,
        }
    }
}

impl From<EnteredInError> for dr::EnteredInError {
    fn from(e: EnteredInError) -> Self {
        dr::EnteredInError {
            reason: e.reason,
            on: e.on,
        }
    }
}

/// `abuse_links[]` (schema `abuse_link`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct AbuseLink {
    pub victim_id: i64,
    pub perpetrator_id: i64,
}

impl From<&dm::AbuseLink> for AbuseLink {
    fn from(l: &dm::AbuseLink) -> Self {
        AbuseLink {
            victim_id: l.victim_id,
            perpetrator_id: l.perpetrator_id,
        }
    }
}

impl From<AbuseLink> for dm::AbuseLink {
    fn from(l: AbuseLink) -> Self {
        dm::AbuseLink {
            victim_id: l.victim_id,
            perpetrator_id: l.perpetrator_id,
        }
    }
}

/// `barriers[]` (schema `barrier`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Barrier {
    pub protected_id: i64,
    pub withheld_from_id: i64,
    pub reason: Option<String>,
}

impl From<&dm::Barrier> for Barrier {
    fn from(b: &dm::Barrier) -> Self {
        Barrier {
            protected_id: b.protected_id,
            withheld_from_id: b.withheld_from_id,
            reason: b.reason.clone(),
        }
    }
}

impl From<Barrier> for dm::Barrier {
    fn from(b: Barrier) -> Self {
        dm::Barrier {
            protected_id: b.protected_id,
            withheld_from_id: b.withheld_from_id,
            reason: b.reason,
        }
    }
}

// ----- records ----------------------------------------------------------------------------

/// `contacts[]` (schema `contact`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entered_in_error: Option<EnteredInError>,
}

impl From<&dr::Contact> for Contact {
    fn from(c: &dr::Contact) -> Self {
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

impl From<Contact> for dr::Contact {
    fn from(c: Contact) -> Self {
        dr::Contact {
            id: c.id,
            review_id: c.review_id,
            member_id: c.member_id,
            with_member_ids: c.with_member_ids,
            date: c.date,
            time: c.time,
            mode: c.mode,
            outcome: c.outcome,
            location: c.location,
            initiated_by: c.initiated_by,
            attendees: c.attendees,
            interpreter_language: c.interpreter_language,
            supporter: c.supporter,
            phase: c.phase,
            explained: c.explained,
            notes: c.notes,
            disclosure: c.disclosure.map(Into::into),
            wellbeing: c.wellbeing,
            follow_up: c.follow_up,
            follow_up_due: c.follow_up_due,
            entered_in_error: c.entered_in_error.map(Into::into),
        }
    }
}

/// `contacts[].disclosure`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Disclosure {
    pub summary: String,
    pub referral_made: bool,
}

impl From<&dr::Disclosure> for Disclosure {
    fn from(d: &dr::Disclosure) -> Self {
        Disclosure {
            summary: d.summary.clone(),
            referral_made: d.referral_made,
        }
    }
}

impl From<Disclosure> for dr::Disclosure {
    fn from(d: Disclosure) -> Self {
        dr::Disclosure {
            summary: d.summary,
            referral_made: d.referral_made,
        }
    }
}

/// `terms[]` (schema `terms`): one version of a person's terms of engagement.
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

impl From<&dr::Terms> for Terms {
    fn from(t: &dr::Terms) -> Self {
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

impl From<Terms> for dr::Terms {
    fn from(t: Terms) -> Self {
        dr::Terms {
            id: t.id,
            member_id: t.member_id,
            version: t.version,
            agreed_on: t.agreed_on,
            method: t.method,
            recorded_by: t.recorded_by,
            mode: t.mode,
            venue: t.venue,
            supporter: t.supporter,
            interpreter: t.interpreter,
            update_cadence_days: t.update_cadence_days,
            channel: t.channel,
            description_wishes: t.description_wishes,
            anonymity_wishes: t.anonymity_wishes,
            wants_draft: t.wants_draft,
            reading_time_days: t.reading_time_days,
            confidentiality_explained_on: t.confidentiality_explained_on,
            withdrawal_explained_on: t.withdrawal_explained_on,
            publication_explained_on: t.publication_explained_on,
            notes: t.notes,
        }
    }
}

/// `checks[]` (schema `check`): a check status of the review (`member_id` null) or of one
/// member, its status's fields beside the check id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Check {
    pub check_id: String,
    pub member_id: Option<i64>,
    #[serde(flatten)]
    pub status: CheckStatus,
}

impl From<&super::BundleCheck> for Check {
    fn from(c: &super::BundleCheck) -> Self {
        Check {
            check_id: c.check_id.clone(),
            member_id: c.member_id,
            status: (&c.status).into(),
        }
    }
}

impl From<Check> for super::BundleCheck {
    fn from(c: Check) -> Self {
        super::BundleCheck {
            check_id: c.check_id,
            member_id: c.member_id,
            status: c.status.into(),
        }
    }
}

/// A check's status, tagged by `status`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "kebab-case")]
pub enum CheckStatus {
    ToDo {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        reopened: Option<Reopened>,
    },
    Done {
        evidence: String,
        on: NaiveDate,
        #[serde(default, skip_serializing_if = "Option::is_none")]
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

impl From<CheckStatus> for dc::CheckStatus {
    fn from(s: CheckStatus) -> Self {
        match s {
            CheckStatus::ToDo { reopened } => dc::CheckStatus::ToDo {
                reopened: reopened.map(Into::into),
            },
            CheckStatus::Done {
                evidence,
                on,
                record,
            } => dc::CheckStatus::Done {
                evidence,
                on,
                record: record.map(Into::into),
            },
            CheckStatus::NotApplicable { reason } => dc::CheckStatus::NotApplicable { reason },
            CheckStatus::DecidedOtherwise { reason } => {
                dc::CheckStatus::DecidedOtherwise { reason }
            }
        }
    }
}

/// `checks[].record`, `checks[].reopened.record` (schema `record_ref`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordRef {
    pub kind: String,
    pub id: i64,
}

impl From<&dc::RecordRef> for RecordRef {
    fn from(r: &dc::RecordRef) -> Self {
        RecordRef {
            kind: r.kind.clone(),
            id: r.id,
        }
    }
}

impl From<RecordRef> for dc::RecordRef {
    fn from(r: RecordRef) -> Self {
        dc::RecordRef {
            kind: r.kind,
            id: r.id,
        }
    }
}

/// `checks[].reopened`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reopened {
    pub reason: String,
    pub on: NaiveDate,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub record: Option<RecordRef>,
}

impl From<&dc::Reopened> for Reopened {
    fn from(r: &dc::Reopened) -> Self {
        Reopened {
            reason: r.reason.clone(),
            on: r.on,
            record: r.record.as_ref().map(Into::into),
        }
    }
}

impl From<Reopened> for dc::Reopened {
    fn from(r: Reopened) -> Self {
        dc::Reopened {
            reason: r.reason,
            on: r.on,
            record: r.record.map(Into::into),
        }
    }
}

/// `decisions[]` (schema `decision`).
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

impl From<&dr::Decision> for Decision {
    fn from(d: &dr::Decision) -> Self {
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

impl From<Decision> for dr::Decision {
    fn from(d: Decision) -> Self {
        dr::Decision {
            id: d.id,
            review_id: d.review_id,
            decided_on: d.decided_on,
            decision: d.decision,
            options: d.options,
            rationale: d.rationale,
            consulted: d.consulted,
            member_ids: d.member_ids,
            principle: d.principle,
            review_by: d.review_by,
            author: d.author,
        }
    }
}

/// `parallel_processes[]` (schema `parallel_process`).
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

impl From<&dr::ParallelProcess> for ParallelProcess {
    fn from(p: &dr::ParallelProcess) -> Self {
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

impl From<ParallelProcess> for dr::ParallelProcess {
    fn from(p: ParallelProcess) -> Self {
        dr::ParallelProcess {
            id: p.id,
            review_id: p.review_id,
            kind: p.kind,
            reference: p.reference,
            contact: p.contact,
            status: p.status,
            next_key_date: p.next_key_date,
            constraints: p.constraints,
            last_checked: p.last_checked,
        }
    }
}

/// `feedback[]` (schema `feedback`): answers keyed by the question bank's ids.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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

impl From<Feedback> for dr::Feedback {
    fn from(f: Feedback) -> Self {
        dr::Feedback {
            id: f.id,
            review_id: f.review_id,
            member_id: f.member_id,
            stage: f.stage,
            received_on: f.received_on,
            channel: f.channel,
            responses: f
                .responses
                .into_iter()
                .map(|(k, v)| (k, v.into()))
                .collect(),
            follow_up_requested: f.follow_up_requested,
            passed_to_partnership: f.passed_to_partnership,
        }
    }
}

/// `feedback[].responses.*` (schema `question_response`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuestionResponse {
    pub answer: Option<Answer>,
    pub comment: Option<String>,
}

impl From<&dr::QuestionResponse> for QuestionResponse {
    fn from(r: &dr::QuestionResponse) -> Self {
        QuestionResponse {
            answer: r.answer,
            comment: r.comment.clone(),
        }
    }
}

impl From<QuestionResponse> for dr::QuestionResponse {
    fn from(r: QuestionResponse) -> Self {
        dr::QuestionResponse {
            answer: r.answer,
            comment: r.comment,
        }
    }
}

/// `documents_issued[]` (schema `document_issued`): the record that a document was made,
/// never the document, nor where its file lies on the exporting computer.
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

impl From<&dr::DocumentIssued> for DocumentIssued {
    fn from(d: &dr::DocumentIssued) -> Self {
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
        }
    }
}

impl From<DocumentIssued> for dr::DocumentIssued {
    fn from(d: DocumentIssued) -> Self {
        dr::DocumentIssued {
            id: d.id,
            review_id: d.review_id,
            member_id: d.member_id,
            kind: d.kind,
            variant: d.variant,
            language: d.language,
            wording_version: d.wording_version,
            made_at: d.made_at,
            contact_id: d.contact_id,
            override_reason: d.override_reason,
            pages: d.pages,
            file: None,
        }
    }
}

/// `support_services_used[]` (schema `support_service`).
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
    /// The Welsh name and hours (version 3; left out when there are none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name_cy: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hours_cy: Option<String>,
    pub verify: bool,
}

impl From<&dr::SupportService> for SupportService {
    fn from(s: &dr::SupportService) -> Self {
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

impl From<SupportService> for dr::SupportService {
    fn from(s: SupportService) -> Self {
        dr::SupportService {
            id: s.id,
            name: s.name,
            service_type: s.service_type,
            nations: s.nations,
            phone: s.phone,
            website: s.website,
            hours: s.hours,
            description: s.description,
            description_cy: s.description_cy,
            name_cy: s.name_cy,
            hours_cy: s.hours_cy,
            verify: s.verify,
        }
    }
}

// ----- the family's voice (version 2) -----------------------------------------------------

/// `lines_of_enquiry[]` (schema `line_of_enquiry`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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

impl From<LineOfEnquiry> for dx::LineOfEnquiry {
    fn from(l: LineOfEnquiry) -> Self {
        dx::LineOfEnquiry {
            id: l.id,
            review_id: l.review_id,
            text: l.text,
            source: l.source,
            question_ids: l.question_ids,
            added_on: l.added_on,
            status: l.status.into(),
        }
    }
}

/// `lines_of_enquiry[].status`, tagged by `status`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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

impl From<LineStatus> for dx::LineStatus {
    fn from(s: LineStatus) -> Self {
        match s {
            LineStatus::Open => dx::LineStatus::Open,
            LineStatus::Covered => dx::LineStatus::Covered,
            LineStatus::Dropped { reason } => dx::LineStatus::Dropped { reason },
        }
    }
}

/// `questions[]` (schema `question`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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

impl From<Question> for dx::Question {
    fn from(q: Question) -> Self {
        dx::Question {
            id: q.id,
            review_id: q.review_id,
            asked_by: q.asked_by,
            asked_on: q.asked_on,
            words: q.words,
            contact_id: q.contact_id,
            line_ids: q.line_ids,
            status: q.status.into(),
        }
    }
}

/// `questions[].status`, tagged by `status`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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

impl From<QuestionStatus> for dx::QuestionStatus {
    fn from(s: QuestionStatus) -> Self {
        match s {
            QuestionStatus::Open => dx::QuestionStatus::Open,
            QuestionStatus::BeingLookedInto => dx::QuestionStatus::BeingLookedInto,
            QuestionStatus::Answered {
                answer,
                how,
                given_on,
                given_by,
            } => dx::QuestionStatus::Answered {
                answer,
                how,
                given_on,
                given_by,
            },
            QuestionStatus::CannotBeAnswered { reason, told_on } => {
                dx::QuestionStatus::CannotBeAnswered { reason, told_on }
            }
            QuestionStatus::OutsideReview {
                referred_to,
                told_on,
            } => dx::QuestionStatus::OutsideReview {
                referred_to,
                told_on,
            },
        }
    }
}

/// `contributions[]` (schema `contribution`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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

impl From<Contribution> for dx::Contribution {
    fn from(c: Contribution) -> Self {
        dx::Contribution {
            id: c.id,
            review_id: c.review_id,
            member_id: c.member_id,
            date: c.date,
            contact_id: c.contact_id,
            line_ids: c.line_ids,
            kind: c.kind,
            theme: c.theme,
            summary: c.summary,
            own_words: c.own_words,
            permission: c.permission,
            permission_agreed_on: c.permission_agreed_on,
            not_used_reason: c.not_used_reason,
        }
    }
}

/// `findings[]` (schema `finding`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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

impl From<Finding> for dx::Finding {
    fn from(f: Finding) -> Self {
        dx::Finding {
            id: f.id,
            review_id: f.review_id,
            title: f.title,
            text: f.text,
            status: f.status,
            line_ids: f.line_ids,
            contribution_ids: f.contribution_ids,
        }
    }
}

/// `sharing_sessions[]` (schema `sharing_session`): a draft shared, with its comments.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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

impl From<SharingSession> for dx::SharingSession {
    fn from(s: SharingSession) -> Self {
        dx::SharingSession {
            id: s.id,
            review_id: s.review_id,
            member_ids: s.member_ids,
            draft_version: s.draft_version,
            date: s.date,
            mode: s.mode,
            supporter: s.supporter,
            interpreter_language: s.interpreter_language,
            reading_time_days: s.reading_time_days,
            comments_due: s.comments_due,
            comments: into_list(s.comments),
        }
    }
}

/// `sharing_sessions[].comments[]` (schema `draft_comment`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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

impl From<DraftComment> for dx::DraftComment {
    fn from(c: DraftComment) -> Self {
        dx::DraftComment {
            id: c.id,
            review_id: c.review_id,
            session_id: c.session_id,
            part: c.part,
            said: c.said,
            response: c.response.map(Into::into),
        }
    }
}

/// `sharing_sessions[].comments[].response`: what the review did, and when the person was told.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Response {
    pub kind: ResponseKind,
    pub decided_on: NaiveDate,
    pub told_on: Option<NaiveDate>,
}

impl From<&dx::Response> for Response {
    fn from(r: &dx::Response) -> Self {
        Response {
            kind: (&r.kind).into(),
            decided_on: r.decided_on,
            told_on: r.told_on,
        }
    }
}

impl From<Response> for dx::Response {
    fn from(r: Response) -> Self {
        dx::Response {
            kind: r.kind.into(),
            decided_on: r.decided_on,
            told_on: r.told_on,
        }
    }
}

/// `…response.kind`, tagged by `kind`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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

impl From<ResponseKind> for dx::ResponseKind {
    fn from(k: ResponseKind) -> Self {
        match k {
            ResponseKind::Changed { how } => dx::ResponseKind::Changed { how },
            ResponseKind::FactualCorrection { what } => {
                dx::ResponseKind::FactualCorrection { what }
            }
            ResponseKind::NotChanged { why } => dx::ResponseKind::NotChanged { why },
        }
    }
}

/// `involvement_summary` (schema `involvement_summary`): the author's edited summary.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvolvementSummary {
    pub text: String,
    pub basis: String,
    pub saved_on: NaiveDate,
    pub language: String,
}

impl From<&SavedSummary> for InvolvementSummary {
    fn from(s: &SavedSummary) -> Self {
        InvolvementSummary {
            text: s.text.clone(),
            basis: s.basis.clone(),
            saved_on: s.saved_on,
            language: s.language.clone(),
        }
    }
}

impl From<InvolvementSummary> for SavedSummary {
    fn from(s: InvolvementSummary) -> Self {
        SavedSummary {
            text: s.text,
            basis: s.basis,
            saved_on: s.saved_on,
            language: s.language,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A bundle written by this version (the demo's English review, exported and frozen,
    /// with version 3's optional parts added; fictional people only).
    const FIXTURE: &[u8] = include_bytes!("../../../tests/fixtures/bundle-v3.json");

    /// The bundle format is pinned: a bundle this version wrote reads and is written again
    /// byte for byte, so no change to a domain type (nor to these types) can change the
    /// format without this test failing.
    #[test]
    fn a_frozen_bundle_is_written_again_byte_for_byte() {
        let b = super::super::parse(FIXTURE).expect("the fixture parses");
        let mut again = serde_json::to_vec_pretty(&b).expect("json");
        again.push(b'\n');
        if again != FIXTURE {
            let (a, f) = (
                String::from_utf8_lossy(&again),
                String::from_utf8_lossy(FIXTURE),
            );
            let at = a
                .lines()
                .zip(f.lines())
                .position(|(x, y)| x != y)
                .unwrap_or(a.lines().count().min(f.lines().count()));
            panic!(
                "the bundle format changed at line {}: wrote {:?}, the fixture has {:?}",
                at + 1,
                a.lines().nth(at),
                f.lines().nth(at)
            );
        }
    }

    /// The record types, not the domain's serde, define the JSON: each section of the
    /// fixture read as its record type and written again is the same value, and converting
    /// it through the domain type and back changes nothing either.
    #[test]
    fn every_section_survives_the_domain_types_unchanged() {
        let file: BundleFile = serde_json::from_slice(FIXTURE).expect("fixture");
        let original = serde_json::to_value(&file).expect("json");
        let through_domain = BundleFile::from(&super::super::Bundle::from(file.clone()));
        assert_eq!(through_domain, file);
        assert_eq!(serde_json::to_value(&through_domain).ok(), Some(original));
    }

    /// What the fixture must exercise for the tests above to pin the whole format: every
    /// section non-empty and the optional parts present somewhere.
    #[test]
    fn the_fixture_covers_every_section() {
        let b = super::super::parse(FIXTURE).expect("the fixture parses");
        let c = b.counts();
        for (what, n) in [
            ("children", c.children),
            ("members", c.members),
            ("contact details", c.contact_details),
            ("relationships", c.relationships),
            ("role statuses", c.role_statuses),
            ("restrictions", c.restrictions),
            ("clearances", c.clearances),
            ("member support", c.member_support),
            ("abuse links", c.abuse_links),
            ("barriers", c.barriers),
            ("contacts", c.contacts),
            ("terms", c.terms),
            ("checks", c.checks),
            ("decisions", c.decisions),
            ("parallel processes", c.parallel_processes),
            ("feedback", c.feedback),
            ("documents issued", c.documents_issued),
            ("support services", c.support_services_used),
            ("lines of enquiry", c.lines_of_enquiry),
            ("questions", c.questions),
            ("contributions", c.contributions),
            ("findings", c.findings),
            ("sharing sessions", c.sharing_sessions),
            ("draft comments", c.draft_comments),
            ("involvement summary", c.involvement_summary),
        ] {
            assert!(n > 0, "the fixture has no {what}");
        }
        let text = String::from_utf8_lossy(FIXTURE);
        for field in [
            "\"entered_in_error\"",
            "\"reopened\"",
            "\"record\"",
            "\"disclosure\"",
            "\"response\"",
            "\"exported_by\"",
        ] {
            assert!(text.contains(field), "the fixture has no {field}");
        }
    }
}
