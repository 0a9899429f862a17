//! Forms: what the CLI and the desktop send, as text, parsed here into domain values with
//! every problem reported at once (for an error summary and inline messages).

use std::collections::BTreeMap;

use chrono::{NaiveDate, NaiveTime};
use serde::{Deserialize, Serialize};

use crate::domain::dates;
use crate::domain::member::*;
use crate::domain::nation::{Nation, ReviewType};
use crate::domain::phase::{Phase, Principle};
use crate::domain::records::*;
use crate::domain::review::*;
use crate::domain::text::{self, Errors, FieldError};
use crate::domain::timescales::KeyDate;
use crate::error::{Error, Result};

mod documents;
mod evaluation;
mod letters;
pub use documents::*;
pub use evaluation::*;
pub use letters::*;

/// One form's problems, collected in one pass, each in the words of the label the form
/// shows (`labels`: field name -> visible label, without "(optional)").
struct Form {
    errors: Errors,
    labels: &'static [(&'static str, &'static str)],
}

impl Form {
    fn new(labels: &'static [(&'static str, &'static str)]) -> Form {
        Form {
            errors: Errors::default(),
            labels,
        }
    }

    fn label(&self, field: &str) -> String {
        label_in(self.labels, field)
    }

    fn push(&mut self, e: FieldError) {
        self.errors.push(e);
    }

    fn take<T: Default>(&mut self, r: std::result::Result<T, FieldError>) -> T {
        self.errors.take(r)
    }

    fn has(&self, fields: &[&str]) -> bool {
        self.errors
            .0
            .iter()
            .any(|e| fields.contains(&e.field.as_str()))
    }

    /// Runs the checks between fields only when those fields were read without a problem,
    /// so every problem shows on the first submit and none twice.
    fn check(&mut self, fields: &[&str], conflicts: impl FnOnce() -> Vec<FieldError>) {
        if !self.has(fields) {
            for e in conflicts() {
                self.push(e);
            }
        }
    }
}

/// The visible label of a field in a form's table, or one made from its name.
pub fn label_in(labels: &[(&str, &str)], field: &str) -> String {
    labels
        .iter()
        .find(|(f, _)| *f == field)
        .map_or_else(|| text::label(field), |(_, l)| l.to_string())
}

fn finish<T>(errors: Form, value: impl FnOnce() -> T) -> Result<T> {
    errors.errors.finish().map_err(Error::Invalid)?;
    Ok(value())
}

fn parse_enum<T>(
    errors: &mut Form,
    field: &str,
    value: Option<&str>,
    parse: impl Fn(&str) -> Option<T>,
    choices: &str,
) -> Option<T> {
    let v = value.map(str::trim).filter(|v| !v.is_empty())?;
    match parse(v) {
        Some(t) => Some(t),
        None => {
            let label = errors.label(field);
            errors.push(FieldError::new(
                field,
                format!(
                    "{label} must be one of: {choices} (got {:?})",
                    text::truncate(v, 40)
                ),
            ));
            None
        }
    }
}

/// A choice the form must have: "Choose ..." when blank.
fn choose<T>(
    errors: &mut Form,
    field: &str,
    value: Option<&str>,
    parse: impl Fn(&str) -> Option<T>,
    choices: &str,
) -> Option<T> {
    if value.is_none_or(|v| v.trim().is_empty()) {
        let label = errors.label(field);
        let question = ["Which ", "Who ", "How ", "What ", "When ", "Whether "]
            .iter()
            .any(|q| label.starts_with(q));
        let the = if question { "" } else { "the " };
        errors.push(FieldError::new(
            field,
            format!("Choose {the}{}", text::lower_first(&label)),
        ));
        return None;
    }
    parse_enum(errors, field, value, parse, choices)
}

fn parse_list<T>(
    errors: &mut Form,
    field: &str,
    values: &[String],
    parse: impl Fn(&str) -> Option<T>,
    choices: &str,
) -> Vec<T> {
    values
        .iter()
        .flat_map(|v| v.split(','))
        .filter(|v| !v.trim().is_empty())
        .filter_map(|v| parse_enum(errors, field, Some(v), &parse, choices))
        .collect()
}

fn parse_u32(errors: &mut Form, field: &str, value: Option<&str>, max: u32) -> Option<u32> {
    let v = value.map(str::trim).filter(|v| !v.is_empty())?;
    match v.parse::<u32>() {
        Ok(n) if n >= 1 && n <= max => Some(n),
        _ => {
            let label = errors.label(field);
            errors.push(FieldError::new(
                field,
                format!("{label} must be a whole number from 1 to {max}"),
            ));
            None
        }
    }
}

fn parse_time(errors: &mut Form, field: &str, value: Option<&str>) -> Option<NaiveTime> {
    let label = errors.label(field);
    errors.take(text::optional_time_as(field, &label, value))
}

fn req_date(errors: &mut Form, field: &str, value: Option<&str>) -> NaiveDate {
    let label = errors.label(field);
    errors
        .take(text::date_as(field, &label, value.unwrap_or("")).map(Some))
        .unwrap_or(NaiveDate::MIN)
}

fn opt_date(errors: &mut Form, field: &str, value: Option<&str>) -> Option<NaiveDate> {
    let label = errors.label(field);
    errors.take(text::optional_date_as(field, &label, value))
}

fn opt(errors: &mut Form, field: &str, value: Option<&str>) -> Option<String> {
    let label = errors.label(field);
    errors.take(text::optional_as(field, &label, value))
}

fn note(errors: &mut Form, field: &str, value: Option<&str>) -> Option<String> {
    let label = errors.label(field);
    errors.take(text::note_as(field, &label, value))
}

fn req(errors: &mut Form, field: &str, value: Option<&str>) -> String {
    let label = errors.label(field);
    errors.take(text::required_as(field, &label, value.unwrap_or("")))
}

fn reason(errors: &mut Form, field: &str, value: Option<&str>) -> String {
    let label = errors.label(field);
    errors.take(text::reason_as(field, &label, value))
}

/// A phase as typed in either face: its number (0 to 7) or its name.
pub fn phase_from_text(value: &str) -> Result<Phase> {
    Phase::parse(value).ok_or_else(|| {
        Error::invalid(
            "phase",
            format!("Phase must be 0 to 7 or a phase name, not {value:?}"),
        )
    })
}

/// Creating or changing a review.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ReviewForm {
    pub reference: Option<String>,
    pub nation: Option<String>,
    pub review_type: Option<String>,
    pub pseudonym: Option<String>,
    pub body_name: Option<String>,
    pub author_name: Option<String>,
    pub author_phone: Option<String>,
    pub author_email: Option<String>,
    pub author_hours: Option<String>,
    pub author_address: Option<String>,
    pub partnership_contact_name: Option<String>,
    pub partnership_contact_phone: Option<String>,
    pub partnership_contact_email: Option<String>,
    pub panel_chair: Option<String>,
    /// key-date slug -> YYYY-MM-DD (blank removes it)
    pub key_dates: BTreeMap<String, String>,
    pub purpose_statement: Option<String>,
    pub purpose_reasons: Vec<String>,
    pub publication: Option<String>,
    pub publication_note: Option<String>,
    pub media_interest: bool,
    pub media_plan: Option<String>,
    pub complaints: Option<String>,
    pub retention_until: Option<String>,
    pub update_cadence_days: Option<String>,
    /// The review's own words in Welsh, for the Welsh part of its documents.
    pub body_name_cy: Option<String>,
    pub author_hours_cy: Option<String>,
    pub purpose_statement_cy: Option<String>,
    pub complaints_cy: Option<String>,
}

impl ReviewForm {
    pub fn from_review(r: &Review) -> ReviewForm {
        let pc = r.partnership_contact.clone().unwrap_or_default();
        ReviewForm {
            reference: Some(r.reference.clone()),
            nation: Some(r.nation.slug().into()),
            review_type: Some(r.review_type.slug().into()),
            pseudonym: Some(r.pseudonym.clone()),
            body_name: Some(r.body_name.clone()),
            author_name: Some(r.author.name.clone()),
            author_phone: r.author.phone.clone(),
            author_email: r.author.email.clone(),
            author_hours: r.author.hours.clone(),
            author_address: r.author.postal_address.clone(),
            partnership_contact_name: r.partnership_contact.as_ref().map(|_| pc.name.clone()),
            partnership_contact_phone: pc.phone,
            partnership_contact_email: pc.email,
            panel_chair: r.panel_chair.clone(),
            key_dates: r
                .key_dates
                .iter()
                .map(|(k, v)| (k.slug().to_string(), v.to_string()))
                .collect(),
            purpose_statement: r.purpose_statement.clone(),
            purpose_reasons: r.purpose_reasons.iter().map(|p| p.slug().into()).collect(),
            publication: Some(match r.publication {
                Publication::NotDecided => "not-decided".into(),
                Publication::Planned => "planned".into(),
                Publication::NotPlanned => "not-planned".into(),
            }),
            publication_note: r.publication_note.clone(),
            media_interest: r.media_interest,
            media_plan: r.media_plan.clone(),
            complaints: r.complaints.clone(),
            retention_until: r.retention_until.map(|d| d.to_string()),
            update_cadence_days: Some(r.update_cadence_days.to_string()),
            body_name_cy: r.welsh.body_name.clone(),
            author_hours_cy: r.welsh.author_hours.clone(),
            purpose_statement_cy: r.welsh.purpose_statement.clone(),
            complaints_cy: r.welsh.complaints.clone(),
        }
    }

    /// Parses into a review (id 0 and phase Prepare for a new one).
    pub fn parse(&self) -> Result<Review> {
        let mut e = Form::new(ReviewForm::LABELS);
        let reference = req(&mut e, "reference", self.reference.as_deref());
        let nation = choose(
            &mut e,
            "nation",
            self.nation.as_deref(),
            Nation::parse,
            "england, wales, scotland, northern-ireland",
        );
        let types = ReviewType::ALL.map(|t| t.slug()).join(", ");
        let review_type = choose(
            &mut e,
            "review_type",
            self.review_type.as_deref(),
            ReviewType::parse,
            &types,
        );
        if let (Some(n), Some(t)) = (nation, review_type) {
            if t.nation() != n {
                e.push(FieldError::new(
                    "review_type",
                    format!(
                        "A {} is not a review type in {}; choose one of: {}",
                        t.slug(),
                        n.slug(),
                        ReviewType::for_nation(n)
                            .map(|t| t.slug())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                ));
            }
        }
        let pseudonym = req(&mut e, "pseudonym", self.pseudonym.as_deref());
        let body_name = req(&mut e, "body_name", self.body_name.as_deref());
        let author = ContactCard {
            name: req(&mut e, "author_name", self.author_name.as_deref()),
            phone: opt(&mut e, "author_phone", self.author_phone.as_deref()),
            email: opt(&mut e, "author_email", self.author_email.as_deref()),
            hours: opt(&mut e, "author_hours", self.author_hours.as_deref()),
            postal_address: note(&mut e, "author_address", self.author_address.as_deref()),
        };
        let partnership_contact = opt(
            &mut e,
            "partnership_contact_name",
            self.partnership_contact_name.as_deref(),
        )
        .map(|name| ContactCard {
            name,
            phone: None,
            email: None,
            hours: None,
            postal_address: None,
        });
        let contact_details = [
            &self.partnership_contact_phone,
            &self.partnership_contact_email,
        ]
        .iter()
        .any(|v| v.as_deref().is_some_and(|v| !v.trim().is_empty()));
        if partnership_contact.is_none() && contact_details && !e.has(&["partnership_contact_name"])
        {
            // Without a name the phone and email would be lost: say so rather than drop them.
            let label = e.label("partnership_contact_name");
            e.push(FieldError::new(
                "partnership_contact_name",
                format!(
                    "{}, or leave their phone and email blank",
                    text::enter(&label)
                ),
            ));
        }
        let partnership_contact = partnership_contact.map(|mut c| {
            c.phone = opt(
                &mut e,
                "partnership_contact_phone",
                self.partnership_contact_phone.as_deref(),
            );
            c.email = opt(
                &mut e,
                "partnership_contact_email",
                self.partnership_contact_email.as_deref(),
            );
            c
        });
        let mut key_dates = BTreeMap::new();
        for (k, v) in &self.key_dates {
            match KeyDate::parse(k) {
                None => e.push(FieldError::new(
                    "key_dates",
                    format!("Unknown key date {:?}", text::truncate(k, 40)),
                )),
                Some(kd) => {
                    let got = text::optional_date_as(kd.slug(), kd.label(), Some(v));
                    if let Some(d) = e.take(got) {
                        key_dates.insert(kd, d);
                    }
                }
            }
        }
        let purpose_reasons = parse_list(
            &mut e,
            "purpose_reasons",
            &self.purpose_reasons,
            PurposeReason::parse,
            "human-rights, child-centred, source-of-knowledge, altruistic",
        );
        let publication = parse_enum(
            &mut e,
            "publication",
            self.publication.as_deref(),
            |s| match s {
                "not-decided" => Some(Publication::NotDecided),
                "planned" => Some(Publication::Planned),
                "not-planned" => Some(Publication::NotPlanned),
                _ => None,
            },
            "not-decided, planned, not-planned",
        )
        .unwrap_or_default();
        let review = Review {
            id: 0,
            reference,
            nation: nation.unwrap_or(Nation::England),
            review_type: review_type.unwrap_or(ReviewType::Lcspr),
            pseudonym,
            body_name,
            author,
            partnership_contact,
            panel_chair: opt(&mut e, "panel_chair", self.panel_chair.as_deref()),
            key_dates,
            purpose_statement: note(
                &mut e,
                "purpose_statement",
                self.purpose_statement.as_deref(),
            ),
            purpose_reasons,
            publication,
            publication_note: note(&mut e, "publication_note", self.publication_note.as_deref()),
            media_interest: self.media_interest,
            media_plan: note(&mut e, "media_plan", self.media_plan.as_deref()),
            complaints: note(&mut e, "complaints", self.complaints.as_deref()),
            retention_until: opt_date(&mut e, "retention_until", self.retention_until.as_deref()),
            update_cadence_days: parse_u32(
                &mut e,
                "update_cadence_days",
                self.update_cadence_days.as_deref(),
                366,
            )
            .unwrap_or(28),
            phase: Phase::Prepare,
            welsh: ReviewWelsh {
                body_name: opt(&mut e, "body_name_cy", self.body_name_cy.as_deref()),
                author_hours: opt(&mut e, "author_hours_cy", self.author_hours_cy.as_deref()),
                purpose_statement: note(
                    &mut e,
                    "purpose_statement_cy",
                    self.purpose_statement_cy.as_deref(),
                ),
                complaints: note(&mut e, "complaints_cy", self.complaints_cy.as_deref()),
            },
        };
        finish(e, || review)
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ChildForm {
    pub known_as: Option<String>,
    pub pseudonym: Option<String>,
    pub date_of_birth: Option<String>,
    pub outcome: Option<String>,
    pub date_of_death_or_injury: Option<String>,
    /// "YYYY-MM-DD label" entries; yearly when the label starts with "every year:".
    pub sensitive_dates: Vec<String>,
    pub legal_status: Option<String>,
    pub placement_confidential: Option<String>,
}

impl ChildForm {
    pub fn from_child(c: &Child) -> ChildForm {
        ChildForm {
            known_as: Some(c.known_as.clone()),
            pseudonym: Some(c.pseudonym.clone()),
            date_of_birth: c.date_of_birth.map(|d| d.to_string()),
            outcome: Some(
                match c.outcome {
                    ChildOutcome::Died => "died",
                    ChildOutcome::SeriouslyHarmed => "seriously-harmed",
                    ChildOutcome::Other => "other",
                }
                .to_string(),
            ),
            date_of_death_or_injury: c.date_of_death_or_injury.map(|d| d.to_string()),
            sensitive_dates: c
                .sensitive_dates
                .iter()
                .map(|s| {
                    let date = dates::long(s.date);
                    if s.yearly {
                        format!("{date} every year: {}", s.label)
                    } else {
                        format!("{date} {}", s.label)
                    }
                })
                .collect(),
            legal_status: c.legal_status.clone(),
            placement_confidential: c.placement_confidential.clone(),
        }
    }

    pub fn parse(&self, review_id: i64) -> Result<Child> {
        let mut e = Form::new(ChildForm::LABELS);
        let known_as = req(&mut e, "known_as", self.known_as.as_deref());
        let pseudonym = req(&mut e, "pseudonym", self.pseudonym.as_deref());
        let outcome = parse_enum(
            &mut e,
            "outcome",
            self.outcome.as_deref(),
            ChildOutcome::parse,
            "died, seriously-harmed, other",
        )
        .unwrap_or(ChildOutcome::Other);
        let mut sensitive = Vec::new();
        for s in self.sensitive_dates.iter().filter(|s| !s.trim().is_empty()) {
            let field = "sensitive_dates";
            let Some((date, label)) = sensitive_line(s) else {
                let label = e.label(field);
                e.push(FieldError::new(
                    field,
                    format!(
                        "{label}: each line must start with a real date, for example {} every year: birthday (not {:?})",
                        dates::EXAMPLE,
                        text::truncate(s.trim(), 40)
                    ),
                ));
                continue;
            };
            let (yearly, label) = match label.trim().strip_prefix("every year:") {
                Some(rest) => (true, rest.trim()),
                None => (false, label.trim()),
            };
            let what = e.label(field);
            let what = format!(
                "What the date {} is, in {}",
                dates::long(date),
                text::lower_first(&what)
            );
            sensitive.push(SensitiveDate {
                date,
                label: e.take(text::required_as(field, &what, label)),
                yearly,
            });
        }
        let child = Child {
            id: 0,
            review_id,
            known_as,
            pseudonym,
            date_of_birth: opt_date(&mut e, "date_of_birth", self.date_of_birth.as_deref()),
            outcome,
            date_of_death_or_injury: opt_date(
                &mut e,
                "date_of_death_or_injury",
                self.date_of_death_or_injury.as_deref(),
            ),
            sensitive_dates: sensitive,
            legal_status: opt(&mut e, "legal_status", self.legal_status.as_deref()),
            placement_confidential: note(
                &mut e,
                "placement_confidential",
                self.placement_confidential.as_deref(),
            ),
        };
        e.check(&["date_of_birth", "date_of_death_or_injury"], || {
            child.date_conflicts()
        });
        finish(e, || child)
    }
}

/// A sensitive-date line: the longest run of leading words that reads as a date ("2 June
/// 2019", "2/6/2019", "2019-06-02"), then what it is.
fn sensitive_line(line: &str) -> Option<(NaiveDate, &str)> {
    let line = line.trim();
    let ends: Vec<usize> = line
        .char_indices()
        .filter(|(_, c)| c.is_whitespace())
        .map(|(i, _)| i)
        .chain([line.len()])
        .take(5)
        .collect();
    ends.iter().rev().find_map(|&end| {
        let (d, rest) = line.split_at(end);
        dates::parse_date(d).ok().map(|d| (d, rest))
    })
}

/// Adding or changing a member's own details.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct MemberForm {
    pub full_name: Option<String>,
    pub preferred_name: Option<String>,
    pub report_pseudonym: Option<String>,
    pub child_or_young_person: bool,
    pub household: Option<String>,
    pub preferred_contact_method: Option<String>,
    pub safe_contact_times: Option<String>,
    pub language: Option<String>,
    pub dialect: Option<String>,
    pub interpreter_needed: bool,
    pub interpreter_gender: Option<String>,
    pub translation_needed: bool,
    pub literacy: Option<String>,
    pub accessibility: Vec<String>,
    pub accessibility_notes: Option<String>,
    pub advocate: Option<String>,
    pub location: Option<String>,
    pub establishment: Option<String>,
    pub hope_to_learn: Option<String>,
    pub questions: Option<String>,
    pub purpose_reasons: Vec<String>,
    pub update_cadence_days: Option<String>,
    pub welsh_preferred: bool,
    pub notes: Option<String>,
    /// As people in the UK write dates ("2 June 2010", "2/6/2010").
    pub date_of_birth: Option<String>,
    /// under-12, 12-15, 16-17, 18-25, 26-64 or 65-and-over, when the date of birth is not
    /// known.
    pub age_band: Option<String>,
    /// Asked when a person is added (their contact details are kept apart from their
    /// details, and changed on their page): a phone number and an email address, each
    /// printed on documents the person receives only if marked safe to print.
    pub phone: Option<String>,
    pub phone_safe_to_print: bool,
    pub email: Option<String>,
    pub email_safe_to_print: bool,
}

impl MemberForm {
    pub fn from_details(d: &MemberDetails) -> MemberForm {
        MemberForm {
            full_name: Some(d.full_name.clone()),
            preferred_name: d.preferred_name.clone(),
            report_pseudonym: d.report_pseudonym.clone(),
            child_or_young_person: d.child_or_young_person,
            household: d.household.clone(),
            preferred_contact_method: d.preferred_contact_method.map(|m| m.slug().into()),
            safe_contact_times: d.safe_contact_times.clone(),
            language: d.language.clone(),
            dialect: d.dialect.clone(),
            interpreter_needed: d.interpreter_needed,
            interpreter_gender: d.interpreter_gender.clone(),
            translation_needed: d.translation_needed,
            literacy: d.literacy.clone(),
            accessibility: d.accessibility.iter().map(|a| a.slug().into()).collect(),
            accessibility_notes: d.accessibility_notes.clone(),
            advocate: d.advocate.clone(),
            location: d.location.map(|l| l.slug().into()),
            establishment: d.establishment.clone(),
            hope_to_learn: d.hope_to_learn.clone(),
            questions: d.questions.clone(),
            purpose_reasons: d.purpose_reasons.iter().map(|p| p.slug().into()).collect(),
            update_cadence_days: d.update_cadence_days.map(|n| n.to_string()),
            welsh_preferred: d.welsh_preferred,
            notes: d.notes.clone(),
            date_of_birth: d.date_of_birth.map(|d| d.to_string()),
            age_band: d.age_band.map(|b| b.slug().into()),
            ..MemberForm::default()
        }
    }

    /// The person's details (phone and email are not details: see `parse_new`), their age
    /// checked against `today`.
    pub fn parse(&self, today: NaiveDate) -> Result<MemberDetails> {
        let mut e = Form::new(MemberForm::LABELS);
        let d = self.details(&mut e, today);
        finish(e, || d)
    }

    /// A new person: their details and the phone and email typed with them, every problem
    /// of both in one pass.
    pub fn parse_new(&self, today: NaiveDate) -> Result<(MemberDetails, Vec<ContactDetail>)> {
        let mut e = Form::new(MemberForm::LABELS);
        let d = self.details(&mut e, today);
        let mut contact = Vec::new();
        for (field, kind, value, safe) in [
            (
                "phone",
                ContactDetailKind::Phone,
                &self.phone,
                self.phone_safe_to_print,
            ),
            (
                "email",
                ContactDetailKind::Email,
                &self.email,
                self.email_safe_to_print,
            ),
        ] {
            let Some(value) = opt(&mut e, field, value.as_deref()) else {
                continue;
            };
            if kind == ContactDetailKind::Email && !value.contains('@') {
                e.push(FieldError::new(
                    field,
                    "Enter an email address with an @, like name@example.com",
                ));
            }
            contact.push(ContactDetail {
                id: 0,
                kind,
                value,
                safe_to_print: safe,
                confidential: false,
            });
        }
        finish(e, || (d, contact))
    }

    fn details(&self, e: &mut Form, today: NaiveDate) -> MemberDetails {
        let d = MemberDetails {
            full_name: req(e, "full_name", self.full_name.as_deref()),
            preferred_name: opt(e, "preferred_name", self.preferred_name.as_deref()),
            report_pseudonym: opt(e, "report_pseudonym", self.report_pseudonym.as_deref()),
            child_or_young_person: self.child_or_young_person,
            household: opt(e, "household", self.household.as_deref()),
            preferred_contact_method: parse_enum(
                e,
                "preferred_contact_method",
                self.preferred_contact_method.as_deref(),
                ContactMethod::parse,
                &ContactMethod::choices(),
            ),
            safe_contact_times: opt(e, "safe_contact_times", self.safe_contact_times.as_deref()),
            language: opt(e, "language", self.language.as_deref()),
            dialect: opt(e, "dialect", self.dialect.as_deref()),
            interpreter_needed: self.interpreter_needed,
            interpreter_gender: opt(e, "interpreter_gender", self.interpreter_gender.as_deref()),
            translation_needed: self.translation_needed,
            literacy: opt(e, "literacy", self.literacy.as_deref()),
            accessibility: parse_list(
                e,
                "accessibility",
                &self.accessibility,
                AccessNeed::parse,
                &AccessNeed::choices(),
            ),
            accessibility_notes: note(
                e,
                "accessibility_notes",
                self.accessibility_notes.as_deref(),
            ),
            advocate: opt(e, "advocate", self.advocate.as_deref()),
            location: parse_enum(
                e,
                "location",
                self.location.as_deref(),
                LocationType::parse,
                &LocationType::choices(),
            ),
            establishment: opt(e, "establishment", self.establishment.as_deref()),
            hope_to_learn: note(e, "hope_to_learn", self.hope_to_learn.as_deref()),
            questions: note(e, "questions", self.questions.as_deref()),
            purpose_reasons: parse_list(
                e,
                "purpose_reasons",
                &self.purpose_reasons,
                PurposeReason::parse,
                "human-rights, child-centred, source-of-knowledge, altruistic",
            ),
            update_cadence_days: parse_u32(
                e,
                "update_cadence_days",
                self.update_cadence_days.as_deref(),
                366,
            ),
            welsh_preferred: self.welsh_preferred,
            notes: note(e, "notes", self.notes.as_deref()),
            date_of_birth: opt_date(e, "date_of_birth", self.date_of_birth.as_deref()),
            age_band: parse_enum(
                e,
                "age_band",
                self.age_band.as_deref(),
                AgeBand::parse,
                &AgeBand::choices(),
            ),
        };
        // The domain's messages name the fields by these labels ("Date of birth").
        e.check(&["date_of_birth", "age_band"], || d.age_conflicts(today));
        d
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct RestrictionForm {
    pub kind: Option<String>,
    pub detail: Option<String>,
    pub recorded_on: Option<String>,
    pub expires: Option<String>,
    pub requires_clearance: bool,
    pub via: Option<String>,
}

impl RestrictionForm {
    pub fn parse(&self, today: NaiveDate) -> Result<Restriction> {
        let mut e = Form::new(RestrictionForm::LABELS);
        let kind = choose(
            &mut e,
            "kind",
            self.kind.as_deref(),
            RestrictionKind::parse,
            &RestrictionKind::choices(),
        );
        let r = Restriction {
            id: 0,
            kind: kind.unwrap_or(RestrictionKind::Other),
            detail: note(&mut e, "detail", self.detail.as_deref()),
            recorded_on: opt_date(&mut e, "recorded_on", self.recorded_on.as_deref())
                .unwrap_or(today),
            expires: opt_date(&mut e, "expires", self.expires.as_deref()),
            requires_clearance: self.requires_clearance,
            via: opt(&mut e, "via", self.via.as_deref()),
            entered_in_error: None,
        };
        e.check(&["recorded_on", "expires"], || r.date_conflicts());
        finish(e, || r)
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ClearanceForm {
    pub body: Option<String>,
    pub given_on: Option<String>,
    pub advice: Option<String>,
    /// Required yes (true) or no (false): missing is a problem, never taken as no.
    pub contact_allowed: Option<bool>,
}

impl ClearanceForm {
    pub fn parse(&self) -> Result<Clearance> {
        self.parse_with(|_| vec![])
    }

    /// Parses, and checks the dates against the person's restrictions (`conflicts`) in the
    /// same pass, so every problem shows at once.
    pub fn parse_with(
        &self,
        conflicts: impl FnOnce(&Clearance) -> Vec<FieldError>,
    ) -> Result<Clearance> {
        let mut e = Form::new(ClearanceForm::LABELS);
        let body = choose(
            &mut e,
            "body",
            self.body.as_deref(),
            ClearanceBody::parse,
            &ClearanceBody::choices(),
        );
        let c = Clearance {
            id: 0,
            body: body.unwrap_or(ClearanceBody::Other),
            given_on: req_date(&mut e, "given_on", self.given_on.as_deref()),
            advice: reason(&mut e, "advice", self.advice.as_deref()),
            contact_allowed: self.contact_allowed.unwrap_or(false),
            entered_in_error: None,
        };
        if self.contact_allowed.is_none() {
            e.push(FieldError::new(
                "contact_allowed",
                "Choose yes or no for \"Does the advice allow contact?\"",
            ));
        }
        e.check(&["given_on"], || conflicts(&c));
        finish(e, || c)
    }
}

/// Adding a way to reach a person (an address, a phone number, …) and how it may be used.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ContactDetailForm {
    pub kind: Option<String>,
    pub value: Option<String>,
    /// May be printed on a document for this person (never when confidential).
    pub safe_to_print: bool,
    /// Never shown on any document, whatever else is set.
    pub confidential: bool,
}

impl ContactDetailForm {
    pub const LABELS: Labels = &[("kind", "Kind"), ("value", "Value")];

    pub fn parse(&self) -> Result<ContactDetail> {
        let mut e = Form::new(Self::LABELS);
        let kind = ContactDetailKind::parse(self.kind.as_deref().unwrap_or("").trim());
        if kind.is_none() {
            let label = e.label("kind");
            e.push(FieldError::new(
                "kind",
                format!("{label} must be one of: {}", ContactDetailKind::choices()),
            ));
        }
        let value = note(&mut e, "value", self.value.as_deref());
        if value.is_none() && !e.has(&["value"]) {
            e.push(FieldError::new("value", "Enter the contact detail"));
        }
        finish(e, || ContactDetail {
            id: 0,
            kind: kind.unwrap_or(ContactDetailKind::Other),
            value: value.unwrap_or_default(),
            safe_to_print: self.safe_to_print && !self.confidential,
            confidential: self.confidential,
        })
    }
}

/// Recording a contact, or planning a visit (outcome "planned").
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ContactForm {
    pub member_id: i64,
    pub with_member_ids: Vec<i64>,
    pub date: Option<String>,
    pub time: Option<String>,
    pub mode: Option<String>,
    pub outcome: Option<String>,
    pub location: Option<String>,
    pub initiated_by: Option<String>,
    pub attendees: Vec<String>,
    pub interpreter_language: Option<String>,
    pub supporter: Option<String>,
    pub phase: Option<String>,
    pub explained: Vec<String>,
    pub notes: Option<String>,
    pub disclosure: Option<String>,
    pub referral_made: bool,
    pub wellbeing: Option<String>,
    pub follow_up: Option<String>,
    pub follow_up_due: Option<String>,
}

impl ContactForm {
    /// The form filled in with a contact as recorded, to change some of it.
    pub fn from_contact(c: &Contact) -> ContactForm {
        ContactForm {
            member_id: c.member_id,
            with_member_ids: c.with_member_ids.clone(),
            date: Some(c.date.to_string()),
            time: c.time.map(|t| t.format("%H:%M").to_string()),
            mode: Some(c.mode.slug().into()),
            outcome: Some(c.outcome.slug().into()),
            location: c.location.clone(),
            initiated_by: c.initiated_by.clone(),
            attendees: c.attendees.clone(),
            interpreter_language: c.interpreter_language.clone(),
            supporter: c.supporter.clone(),
            phase: Some(c.phase.number().to_string()),
            explained: c.explained.iter().map(|e| e.slug().to_string()).collect(),
            notes: c.notes.clone(),
            disclosure: c.disclosure.as_ref().map(|d| d.summary.clone()),
            referral_made: c.disclosure.as_ref().is_some_and(|d| d.referral_made),
            wellbeing: c.wellbeing.clone(),
            follow_up: c.follow_up.clone(),
            follow_up_due: c.follow_up_due.map(|d| d.to_string()),
        }
    }

    pub fn parse(&self, review_id: i64, default_phase: Phase) -> Result<Contact> {
        self.parse_with(review_id, default_phase, |_| vec![])
    }

    /// Parses, and checks the date against the review (`conflicts`) in the same pass, so
    /// every problem shows on the first submit.
    pub fn parse_with(
        &self,
        review_id: i64,
        default_phase: Phase,
        conflicts: impl FnOnce(&Contact) -> Vec<FieldError>,
    ) -> Result<Contact> {
        let mut e = Form::new(ContactForm::LABELS);
        let mode = choose(
            &mut e,
            "mode",
            self.mode.as_deref(),
            ContactMode::parse,
            &ContactMode::choices(),
        );
        let outcome = choose(
            &mut e,
            "outcome",
            self.outcome.as_deref(),
            ContactOutcome::parse,
            &ContactOutcome::choices(),
        );
        let phase = match self
            .phase
            .as_deref()
            .map(str::trim)
            .filter(|p| !p.is_empty())
        {
            None => default_phase,
            Some(p) => Phase::parse(p).unwrap_or_else(|| {
                e.push(FieldError::new(
                    "phase",
                    "Phase must be a number from 0 to 7",
                ));
                default_phase
            }),
        };
        let mut attendees = Vec::new();
        for a in &self.attendees {
            if let Some(a) = opt(&mut e, "attendees", Some(a)) {
                attendees.push(a);
            }
        }
        let c = Contact {
            id: 0,
            review_id,
            member_id: self.member_id,
            with_member_ids: self.with_member_ids.clone(),
            date: req_date(&mut e, "date", self.date.as_deref()),
            time: parse_time(&mut e, "time", self.time.as_deref()),
            mode: mode.unwrap_or(ContactMode::InPerson),
            outcome: outcome.unwrap_or(ContactOutcome::Reached),
            location: opt(&mut e, "location", self.location.as_deref()),
            initiated_by: opt(&mut e, "initiated_by", self.initiated_by.as_deref()),
            attendees,
            interpreter_language: opt(
                &mut e,
                "interpreter_language",
                self.interpreter_language.as_deref(),
            ),
            supporter: opt(&mut e, "supporter", self.supporter.as_deref()),
            phase,
            explained: parse_list(
                &mut e,
                "explained",
                &self.explained,
                Explained::parse,
                &Explained::choices(),
            ),
            notes: note(&mut e, "notes", self.notes.as_deref()),
            disclosure: note(&mut e, "disclosure", self.disclosure.as_deref()).map(|summary| {
                Disclosure {
                    summary,
                    referral_made: self.referral_made,
                }
            }),
            wellbeing: note(&mut e, "wellbeing", self.wellbeing.as_deref()),
            follow_up: note(&mut e, "follow_up", self.follow_up.as_deref()),
            follow_up_due: opt_date(&mut e, "follow_up_due", self.follow_up_due.as_deref()),
            entered_in_error: None,
        };
        e.check(&["date", "outcome"], || conflicts(&c));
        finish(e, || c)
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct TermsForm {
    pub agreed_on: Option<String>,
    pub method: Option<String>,
    pub recorded_by: Option<String>,
    pub mode: Option<String>,
    pub venue: Option<String>,
    pub supporter: Option<String>,
    pub interpreter: Option<String>,
    pub update_cadence_days: Option<String>,
    pub channel: Option<String>,
    pub description_wishes: Option<String>,
    pub anonymity_wishes: Option<String>,
    pub wants_draft: bool,
    pub reading_time_days: Option<String>,
    pub confidentiality_explained_on: Option<String>,
    pub withdrawal_explained_on: Option<String>,
    pub publication_explained_on: Option<String>,
    pub notes: Option<String>,
}

impl TermsForm {
    pub fn parse(&self, member_id: i64, version: u32) -> Result<Terms> {
        let mut e = Form::new(TermsForm::LABELS);
        let method = choose(
            &mut e,
            "method",
            self.method.as_deref(),
            ConsentMethod::parse,
            "verbal, written",
        );
        let t = Terms {
            id: 0,
            member_id,
            version,
            agreed_on: req_date(&mut e, "agreed_on", self.agreed_on.as_deref()),
            method: method.unwrap_or(ConsentMethod::Verbal),
            recorded_by: req(&mut e, "recorded_by", self.recorded_by.as_deref()),
            mode: opt(&mut e, "mode", self.mode.as_deref()),
            venue: opt(&mut e, "venue", self.venue.as_deref()),
            supporter: opt(&mut e, "supporter", self.supporter.as_deref()),
            interpreter: opt(&mut e, "interpreter", self.interpreter.as_deref()),
            update_cadence_days: parse_u32(
                &mut e,
                "update_cadence_days",
                self.update_cadence_days.as_deref(),
                366,
            ),
            channel: opt(&mut e, "channel", self.channel.as_deref()),
            description_wishes: note(
                &mut e,
                "description_wishes",
                self.description_wishes.as_deref(),
            ),
            anonymity_wishes: note(&mut e, "anonymity_wishes", self.anonymity_wishes.as_deref()),
            wants_draft: self.wants_draft,
            reading_time_days: parse_u32(
                &mut e,
                "reading_time_days",
                self.reading_time_days.as_deref(),
                366,
            ),
            confidentiality_explained_on: opt_date(
                &mut e,
                "confidentiality_explained_on",
                self.confidentiality_explained_on.as_deref(),
            ),
            withdrawal_explained_on: opt_date(
                &mut e,
                "withdrawal_explained_on",
                self.withdrawal_explained_on.as_deref(),
            ),
            publication_explained_on: opt_date(
                &mut e,
                "publication_explained_on",
                self.publication_explained_on.as_deref(),
            ),
            notes: note(&mut e, "notes", self.notes.as_deref()),
        };
        finish(e, || t)
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct DecisionForm {
    pub decided_on: Option<String>,
    pub decision: Option<String>,
    pub options: Option<String>,
    pub rationale: Option<String>,
    pub consulted: Option<String>,
    pub member_ids: Vec<i64>,
    pub principle: Option<String>,
    pub review_by: Option<String>,
    pub author: Option<String>,
}

impl DecisionForm {
    pub fn parse(&self, review_id: i64) -> Result<Decision> {
        let mut e = Form::new(DecisionForm::LABELS);
        let principle = parse_enum(
            &mut e,
            "principle",
            self.principle.as_deref(),
            |s| {
                s.parse::<u8>()
                    .ok()
                    .and_then(|n| Principle::try_from(n).ok())
            },
            "1 to 6",
        );
        let d = Decision {
            id: 0,
            review_id,
            decided_on: req_date(&mut e, "decided_on", self.decided_on.as_deref()),
            decision: reason(&mut e, "decision", self.decision.as_deref()),
            options: note(&mut e, "options", self.options.as_deref()),
            rationale: reason(&mut e, "rationale", self.rationale.as_deref()),
            consulted: note(&mut e, "consulted", self.consulted.as_deref()),
            member_ids: self.member_ids.clone(),
            principle,
            review_by: opt_date(&mut e, "review_by", self.review_by.as_deref()),
            author: opt(&mut e, "author", self.author.as_deref()),
        };
        finish(e, || d)
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ParallelForm {
    pub kind: Option<String>,
    pub reference: Option<String>,
    pub contact: Option<String>,
    pub status: Option<String>,
    pub next_key_date: Option<String>,
    pub constraints: Option<String>,
    pub last_checked: Option<String>,
}

impl ParallelForm {
    pub fn from_process(p: &ParallelProcess) -> ParallelForm {
        ParallelForm {
            kind: Some(p.kind.slug().to_string()),
            reference: p.reference.clone(),
            contact: p.contact.clone(),
            status: Some(p.status.clone()),
            next_key_date: p.next_key_date.map(|d| d.to_string()),
            constraints: p.constraints.clone(),
            last_checked: p.last_checked.map(|d| d.to_string()),
        }
    }

    pub fn parse(&self, review_id: i64) -> Result<ParallelProcess> {
        let mut e = Form::new(ParallelForm::LABELS);
        let kind = choose(
            &mut e,
            "kind",
            self.kind.as_deref(),
            ParallelKind::parse,
            &ParallelKind::choices(),
        );
        let p = ParallelProcess {
            id: 0,
            review_id,
            kind: kind.unwrap_or(ParallelKind::OtherReview),
            reference: opt(&mut e, "reference", self.reference.as_deref()),
            contact: opt(&mut e, "contact", self.contact.as_deref()),
            status: req(&mut e, "status", self.status.as_deref()),
            next_key_date: opt_date(&mut e, "next_key_date", self.next_key_date.as_deref()),
            constraints: note(&mut e, "constraints", self.constraints.as_deref()),
            last_checked: opt_date(&mut e, "last_checked", self.last_checked.as_deref()),
        };
        finish(e, || p)
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct SupportForm {
    pub name: Option<String>,
    pub service_type: Option<String>,
    pub nations: Vec<String>,
    pub phone: Option<String>,
    pub website: Option<String>,
    pub hours: Option<String>,
    pub description: Option<String>,
    pub description_cy: Option<String>,
    pub name_cy: Option<String>,
    pub hours_cy: Option<String>,
}

impl SupportForm {
    pub fn parse(&self) -> Result<SupportService> {
        let mut e = Form::new(SupportForm::LABELS);
        let st = parse_enum(
            &mut e,
            "service_type",
            self.service_type.as_deref(),
            ServiceType::parse,
            &ServiceType::choices(),
        );
        let s = SupportService {
            id: 0,
            name: req(&mut e, "name", self.name.as_deref()),
            service_type: st.unwrap_or(ServiceType::Other),
            nations: parse_list(
                &mut e,
                "nations",
                &self.nations,
                Nation::parse,
                "england, wales, scotland, northern-ireland",
            ),
            phone: opt(&mut e, "phone", self.phone.as_deref()),
            website: opt(&mut e, "website", self.website.as_deref()),
            hours: opt(&mut e, "hours", self.hours.as_deref()),
            description: req(&mut e, "description", self.description.as_deref()),
            description_cy: opt(&mut e, "description_cy", self.description_cy.as_deref()),
            name_cy: opt(&mut e, "name_cy", self.name_cy.as_deref()),
            hours_cy: opt(&mut e, "hours_cy", self.hours_cy.as_deref()),
            verify: false,
        };
        finish(e, || s)
    }
}

/// Returned feedback keyed in against the question bank.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct FeedbackForm {
    pub member_id: Option<i64>,
    pub stage: Option<String>,
    pub received_on: Option<String>,
    pub channel: Option<String>,
    /// question id -> answer slug (yes, partly, no, not-sure) or blank
    pub answers: BTreeMap<String, String>,
    /// question id -> comment
    pub comments: BTreeMap<String, String>,
    pub follow_up_requested: bool,
    pub passed_to_partnership: bool,
}

impl FeedbackForm {
    /// `known` says whether a question id exists in the bank.
    pub fn parse(&self, review_id: i64, known: impl Fn(&str) -> bool) -> Result<Feedback> {
        let mut e = Form::new(FeedbackForm::LABELS);
        let stage = parse_enum(
            &mut e,
            "stage",
            self.stage.as_deref(),
            FeedbackStage::parse,
            &FeedbackStage::choices(),
        )
        .unwrap_or(FeedbackStage::AfterFindings);
        let mut responses: BTreeMap<String, QuestionResponse> = BTreeMap::new();
        for (q, a) in &self.answers {
            if !known(q) {
                e.push(FieldError::new(
                    "answers",
                    format!("Unknown question id {:?}", text::truncate(q, 40)),
                ));
                continue;
            }
            let answer = parse_enum(&mut e, q, Some(a), Answer::parse, &Answer::choices());
            responses.entry(q.clone()).or_default().answer = answer;
        }
        for (q, c) in &self.comments {
            if !known(q) {
                e.push(FieldError::new(
                    "comments",
                    format!("Unknown question id {:?}", text::truncate(q, 40)),
                ));
                continue;
            }
            if let Some(c) = note(&mut e, q, Some(c)) {
                responses.entry(q.clone()).or_default().comment = Some(c);
            }
        }
        responses.retain(|_, r| r.answer.is_some() || r.comment.is_some());
        let f = Feedback {
            id: 0,
            review_id,
            member_id: self.member_id,
            stage,
            received_on: req_date(&mut e, "received_on", self.received_on.as_deref()),
            channel: opt(&mut e, "channel", self.channel.as_deref()),
            responses,
            follow_up_requested: self.follow_up_requested,
            passed_to_partnership: self.passed_to_partnership,
        };
        finish(e, || f)
    }
}

// ----- the labels the forms show -------------------------------------------------------
//
// Each form's fields by the label the desktop shows (ui/js: views/*.js and fields.js),
// without "(optional)": every message names a field in these words, in the CLI as well.

type Labels = &'static [(&'static str, &'static str)];

mod voice;
pub use voice::*;

impl ReviewForm {
    pub const LABELS: Labels = &[
        ("reference", "Reference"),
        ("nation", "Which nation the review is in"),
        ("review_type", "Type of review"),
        ("pseudonym", "Pseudonym for the child in the report"),
        ("body_name", "Commissioning body"),
        ("author_name", "Your name"),
        ("author_phone", "Your phone number"),
        ("author_email", "Your email address"),
        ("author_hours", "When you can be reached"),
        ("author_address", "Your postal address"),
        (
            "partnership_contact_name",
            "Contact at the commissioning body",
        ),
        ("partnership_contact_phone", "Their phone number"),
        ("partnership_contact_email", "Their email address"),
        ("panel_chair", "Panel chair"),
        ("key_dates", "Key dates"),
        ("purpose_statement", "Purpose of involving the family"),
        ("purpose_reasons", "Reasons for involving the family"),
        ("publication", "Whether the report will be published"),
        ("publication_note", "Notes about publication"),
        ("media_plan", "Media handling plan"),
        ("complaints", "How the family can complain"),
        ("retention_until", "Keep the records until"),
        ("update_cadence_days", "Days between updates to the family"),
        ("body_name_cy", "Commissioning body in Welsh"),
        ("author_hours_cy", "When you can be reached, in Welsh"),
        (
            "purpose_statement_cy",
            "Purpose of involving the family, in Welsh",
        ),
        ("complaints_cy", "How the family can complain, in Welsh"),
    ];
}

impl ChildForm {
    pub const LABELS: Labels = &[
        ("known_as", "The child’s name, as the family uses it"),
        ("pseudonym", "Pseudonym in the report"),
        ("date_of_birth", "Date of birth"),
        ("outcome", "What happened to the child"),
        ("date_of_death_or_injury", "Date of death or injury"),
        ("sensitive_dates", "Sensitive dates"),
        ("legal_status", "Legal status"),
        ("placement_confidential", "Current placement"),
    ];
}

impl MemberForm {
    pub const LABELS: Labels = &[
        ("full_name", "Full name"),
        ("preferred_name", "Name they like to be called"),
        ("report_pseudonym", "Pseudonym in the report"),
        ("household", "Household"),
        ("preferred_contact_method", "Preferred way to contact them"),
        ("safe_contact_times", "Safe times to contact them"),
        ("location", "Where they are"),
        (
            "establishment",
            "Prison, hospital or setting, and how to arrange a visit",
        ),
        ("advocate", "Advocate or supporter"),
        ("language", "Language"),
        ("dialect", "Dialect"),
        ("interpreter_gender", "Interpreter gender preference"),
        ("literacy", "Reading and writing"),
        ("accessibility", "Accessibility needs"),
        ("accessibility_notes", "More about their needs"),
        ("hope_to_learn", "What you hope to learn from them"),
        ("questions", "Questions they want the review to answer"),
        ("purpose_reasons", "Reasons for involving them"),
        ("update_cadence_days", "Days between updates"),
        ("date_of_birth", "Date of birth"),
        ("age_band", "Age band"),
        ("notes", "Notes"),
        ("phone", "Phone"),
        ("email", "Email"),
    ];
}

impl RestrictionForm {
    pub const LABELS: Labels = &[
        ("kind", "Kind of restriction"),
        ("detail", "Detail"),
        ("recorded_on", "Recorded on"),
        ("expires", "Expires"),
        ("via", "Contact only via"),
    ];
}

impl ClearanceForm {
    pub const LABELS: Labels = &[
        ("body", "Who gave the advice"),
        ("given_on", "Date given"),
        ("advice", "Advice"),
        ("contact_allowed", "Does the advice allow contact?"),
    ];
}

impl ContactForm {
    pub const LABELS: Labels = &[
        ("date", "Date of the contact"),
        ("time", "Time"),
        ("mode", "How the contact was made"),
        ("outcome", "Outcome"),
        ("location", "Place"),
        ("initiated_by", "Who started the contact"),
        ("attendees", "Professionals who come"),
        ("with_member_ids", "Other family members present"),
        ("interpreter_language", "Interpreter: language"),
        ("supporter", "Supporter or advocate present"),
        ("phase", "Phase"),
        ("explained", "What you explained"),
        ("notes", "Notes"),
        ("disclosure", "Disclosure of a new concern"),
        ("wellbeing", "Their wellbeing and support offered"),
        ("follow_up", "Follow-up"),
        ("follow_up_due", "Follow-up due"),
    ];
}

impl TermsForm {
    pub const LABELS: Labels = &[
        ("agreed_on", "Date agreed"),
        ("method", "How they agreed"),
        ("recorded_by", "Recorded by"),
        ("mode", "How they will take part"),
        ("venue", "Venue"),
        ("supporter", "Supporter present"),
        ("interpreter", "Interpreter"),
        ("update_cadence_days", "Days between updates"),
        ("channel", "How to send updates"),
        (
            "description_wishes",
            "How they want the child and themselves described",
        ),
        ("anonymity_wishes", "Attribution and anonymity wishes"),
        ("reading_time_days", "Days they need to read it"),
        (
            "confidentiality_explained_on",
            "Limits of confidentiality explained on",
        ),
        ("withdrawal_explained_on", "Right to withdraw explained on"),
        ("publication_explained_on", "Publication explained on"),
        ("notes", "Notes"),
    ];
}

impl DecisionForm {
    pub const LABELS: Labels = &[
        ("decided_on", "Date of the decision"),
        ("decision", "Decision"),
        ("options", "Options considered"),
        ("rationale", "Rationale"),
        ("consulted", "Who you consulted"),
        ("principle", "Principle"),
        ("review_by", "Review the decision by"),
        ("author", "Decided by"),
    ];
}

impl ParallelForm {
    pub const LABELS: Labels = &[
        ("kind", "Kind of process"),
        ("reference", "Reference"),
        ("contact", "Liaison contact"),
        ("status", "Status"),
        ("next_key_date", "Next key date"),
        (
            "constraints",
            "Constraints on the review or contact with the family",
        ),
        ("last_checked", "Date last checked"),
    ];
}

impl SupportForm {
    pub const LABELS: Labels = &[
        ("name", "Name of the service"),
        ("service_type", "Type of service"),
        ("nations", "Nations"),
        ("phone", "Phone"),
        ("website", "Website"),
        ("hours", "Opening hours"),
        ("description", "Description"),
        ("description_cy", "Description in Welsh"),
        ("name_cy", "Name in Welsh"),
        ("hours_cy", "Opening hours in Welsh"),
    ];
}

impl FeedbackForm {
    pub const LABELS: Labels = &[
        ("stage", "When it was given"),
        ("received_on", "Date received"),
        ("channel", "How it came back"),
    ];
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problems<T: std::fmt::Debug>(r: Result<T>) -> Vec<FieldError> {
        match r {
            Err(Error::Invalid(v)) => v,
            other => panic!("expected field errors, got {other:?}"),
        }
    }

    /// Every problem of a form comes back at once, each naming its field in the words of
    /// the label the form shows.
    fn expect(form: &str, labels: Labels, got: Vec<FieldError>, want: &[&str]) {
        let fields: Vec<&str> = got.iter().map(|e| e.field.as_str()).collect();
        let mut sorted = fields.clone();
        sorted.sort_unstable();
        sorted.dedup();
        let mut want_sorted = want.to_vec();
        want_sorted.sort_unstable();
        assert_eq!(sorted, want_sorted, "{form}: {got:#?}");
        for e in &got {
            let label = label_in(labels, &e.field);
            assert!(
                labels.iter().any(|(f, _)| *f == e.field),
                "{form}: {} has no label in the table",
                e.field
            );
            assert!(
                e.message.to_lowercase().contains(&label.to_lowercase()),
                "{form}: the message for {} does not name it as {label:?}: {:?}",
                e.field,
                e.message
            );
        }
    }

    fn s(v: &str) -> Option<String> {
        Some(v.to_string())
    }

    #[test]
    fn an_empty_form_reports_everything_missing_at_once() {
        let today = NaiveDate::from_ymd_opt(2026, 6, 2).unwrap();
        expect(
            "review",
            ReviewForm::LABELS,
            problems(ReviewForm::default().parse()),
            &[
                "reference",
                "nation",
                "review_type",
                "pseudonym",
                "body_name",
                "author_name",
            ],
        );
        expect(
            "child",
            ChildForm::LABELS,
            problems(ChildForm::default().parse(1)),
            &["known_as", "pseudonym"],
        );
        expect(
            "member",
            MemberForm::LABELS,
            problems(MemberForm::default().parse(today)),
            &["full_name"],
        );
        expect(
            "restriction",
            RestrictionForm::LABELS,
            problems(RestrictionForm::default().parse(today)),
            &["kind"],
        );
        expect(
            "clearance",
            ClearanceForm::LABELS,
            problems(ClearanceForm::default().parse()),
            &["body", "given_on", "advice", "contact_allowed"],
        );
        expect(
            "contact",
            ContactForm::LABELS,
            problems(ContactForm::default().parse(1, Phase::Prepare)),
            &["date", "mode", "outcome"],
        );
        expect(
            "terms",
            TermsForm::LABELS,
            problems(TermsForm::default().parse(1, 1)),
            &["agreed_on", "method", "recorded_by"],
        );
        expect(
            "decision",
            DecisionForm::LABELS,
            problems(DecisionForm::default().parse(1)),
            &["decided_on", "decision", "rationale"],
        );
        expect(
            "parallel",
            ParallelForm::LABELS,
            problems(ParallelForm::default().parse(1)),
            &["kind", "status"],
        );
        expect(
            "support",
            SupportForm::LABELS,
            problems(SupportForm::default().parse()),
            &["name", "description"],
        );
        expect(
            "feedback",
            FeedbackForm::LABELS,
            problems(FeedbackForm::default().parse(1, |_| true)),
            &["received_on"],
        );
    }

    #[test]
    fn a_garbage_form_reports_every_field_at_once() {
        let today = NaiveDate::from_ymd_opt(2026, 6, 2).unwrap();
        let bad_date = s("31/02/2026");
        let bad_text = s("a\u{202E}b");
        let review = ReviewForm {
            reference: bad_text.clone(),
            nation: s("atlantis"),
            review_type: s("nonsense"),
            pseudonym: s(" "),
            body_name: s(""),
            author_name: bad_text.clone(),
            partnership_contact_phone: s("01234 567890"),
            key_dates: [("decision".to_string(), "2/13/2026".to_string())].into(),
            publication: s("maybe"),
            retention_until: bad_date.clone(),
            update_cadence_days: s("0"),
            ..ReviewForm::default()
        };
        let got = problems(review.parse());
        expect(
            "review",
            [
                ReviewForm::LABELS,
                &[("decision", "Date of the decision to hold the review")],
            ]
            .concat()
            .leak(),
            got,
            &[
                "reference",
                "nation",
                "review_type",
                "pseudonym",
                "body_name",
                "author_name",
                "partnership_contact_name",
                "decision",
                "publication",
                "retention_until",
                "update_cadence_days",
            ],
        );
        let child = ChildForm {
            known_as: s(""),
            pseudonym: bad_text.clone(),
            date_of_birth: bad_date.clone(),
            outcome: s("fine"),
            date_of_death_or_injury: s("yesterday"),
            sensitive_dates: vec!["every year: birthday".into()],
            ..ChildForm::default()
        };
        expect(
            "child",
            ChildForm::LABELS,
            problems(child.parse(1)),
            &[
                "known_as",
                "pseudonym",
                "date_of_birth",
                "outcome",
                "date_of_death_or_injury",
                "sensitive_dates",
            ],
        );
        let restriction = RestrictionForm {
            kind: s("banana"),
            detail: bad_text.clone(),
            recorded_on: bad_date.clone(),
            expires: s("2/6"),
            via: bad_text.clone(),
            ..RestrictionForm::default()
        };
        expect(
            "restriction",
            RestrictionForm::LABELS,
            problems(restriction.parse(today)),
            &["kind", "detail", "recorded_on", "expires", "via"],
        );
        let contact = ContactForm {
            date: bad_date.clone(),
            time: s("25:00"),
            mode: s("telepathy"),
            outcome: s(""),
            location: bad_text.clone(),
            phase: s("9"),
            explained: vec!["everything".into()],
            follow_up_due: s("soon"),
            ..ContactForm::default()
        };
        expect(
            "contact",
            ContactForm::LABELS,
            problems(contact.parse(1, Phase::Prepare)),
            &[
                "date",
                "time",
                "mode",
                "outcome",
                "location",
                "phase",
                "explained",
                "follow_up_due",
            ],
        );
        let terms = TermsForm {
            agreed_on: bad_date.clone(),
            method: s("telepathy"),
            recorded_by: s(""),
            update_cadence_days: s("many"),
            reading_time_days: s("400"),
            confidentiality_explained_on: bad_date.clone(),
            withdrawal_explained_on: bad_date.clone(),
            publication_explained_on: bad_date.clone(),
            ..TermsForm::default()
        };
        expect(
            "terms",
            TermsForm::LABELS,
            problems(terms.parse(1, 1)),
            &[
                "agreed_on",
                "method",
                "recorded_by",
                "update_cadence_days",
                "reading_time_days",
                "confidentiality_explained_on",
                "withdrawal_explained_on",
                "publication_explained_on",
            ],
        );
        let decision = DecisionForm {
            decided_on: bad_date.clone(),
            principle: s("7"),
            review_by: bad_date.clone(),
            author: bad_text.clone(),
            ..DecisionForm::default()
        };
        expect(
            "decision",
            DecisionForm::LABELS,
            problems(decision.parse(1)),
            &[
                "decided_on",
                "decision",
                "rationale",
                "principle",
                "review_by",
                "author",
            ],
        );
        let parallel = ParallelForm {
            kind: s("trial-by-combat"),
            status: s(""),
            next_key_date: bad_date.clone(),
            last_checked: bad_date.clone(),
            ..ParallelForm::default()
        };
        expect(
            "parallel",
            ParallelForm::LABELS,
            problems(parallel.parse(1)),
            &["kind", "status", "next_key_date", "last_checked"],
        );
        let clearance = ClearanceForm {
            body: s("oracle"),
            given_on: bad_date.clone(),
            ..ClearanceForm::default()
        };
        expect(
            "clearance",
            ClearanceForm::LABELS,
            problems(clearance.parse()),
            &["body", "given_on", "advice", "contact_allowed"],
        );
        let feedback = FeedbackForm {
            stage: s("never"),
            received_on: bad_date.clone(),
            channel: bad_text.clone(),
            ..FeedbackForm::default()
        };
        expect(
            "feedback",
            FeedbackForm::LABELS,
            problems(feedback.parse(1, |_| true)),
            &["stage", "received_on", "channel"],
        );
    }

    /// The contact form used to stop at its fields and show the date's conflict with the
    /// review only on a second submit; both now come back together.
    #[test]
    fn checks_between_fields_come_in_the_same_pass() {
        let contact = ContactForm {
            date: s("31 May 2026"),
            time: s("25:00"),
            mode: s("phone"),
            outcome: s("reached"),
            ..ContactForm::default()
        };
        let decision = NaiveDate::from_ymd_opt(2026, 6, 1);
        let today = NaiveDate::from_ymd_opt(2026, 11, 20).unwrap();
        let got = problems(contact.parse_with(1, Phase::Prepare, |c| {
            c.date_conflicts(ReviewType::Lcspr, decision, today)
        }));
        let messages: Vec<&str> = got.iter().map(|e| e.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "Time must be a real time, for example 14:30 or 2:30pm",
                "Date of the contact (31 May 2026) is before the decision to hold the review (1 June 2026); check the date",
            ],
        );
        // A date that could not be read is not checked against anything.
        let contact = ContactForm {
            date: s("31/02/2026"),
            ..contact
        };
        let got = problems(contact.parse_with(1, Phase::Prepare, |_| {
            panic!("no checks on a date that could not be read")
        }));
        assert_eq!(got.len(), 2, "{got:#?}");
    }

    #[test]
    fn dates_are_read_as_written_and_shown_long() {
        let child = ChildForm {
            known_as: s("Twm"),
            pseudonym: s("Child T"),
            date_of_birth: s("2/6/19"),
            sensitive_dates: vec![
                "2 June 2019 every year: birthday".into(),
                "14/3/2025 funeral".into(),
                "2025-11-20 every year: the day he died".into(),
            ],
            ..ChildForm::default()
        };
        let c = child.parse(1).unwrap();
        assert_eq!(c.date_of_birth, NaiveDate::from_ymd_opt(2019, 6, 2));
        let lines: Vec<(String, String, bool)> = c
            .sensitive_dates
            .iter()
            .map(|s| (s.date.to_string(), s.label.clone(), s.yearly))
            .collect();
        assert_eq!(
            lines,
            [
                ("2019-06-02".into(), "birthday".into(), true),
                ("2025-03-14".into(), "funeral".into(), false),
                ("2025-11-20".into(), "the day he died".into(), true),
            ]
        );
        // Shown back in words, and read again the same.
        let again = ChildForm::from_child(&c);
        assert_eq!(again.sensitive_dates[0], "2 June 2019 every year: birthday");
        assert_eq!(again.parse(1).unwrap().sensitive_dates, c.sensitive_dates);
        let contact = ContactForm {
            date: s("2nd Jun 26"),
            time: s("2.30pm"),
            mode: s("phone"),
            outcome: s("planned"),
            ..ContactForm::default()
        };
        let c = contact.parse(1, Phase::Prepare).unwrap();
        assert_eq!(c.date, NaiveDate::from_ymd_opt(2026, 6, 2).unwrap());
        assert_eq!(c.time, NaiveTime::from_hms_opt(14, 30, 0));
    }
}
