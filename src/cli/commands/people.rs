//! People: family and network members, their restrictions, clearances, links, terms of
//! engagement and the support chosen for them.

use std::path::PathBuf;

use kindred::domain::dates::long;
use kindred::domain::member::Age;
use kindred::workbook::forms::{
    phase_from_text, ClearanceForm, ContactDetailForm, MemberForm, RestrictionForm, SupportForm,
    TermsForm,
};
use kindred::{Error, Result};

use super::open;
use crate::args::{
    ClearanceCmd, LinkCmd, MemberCmd, MemberFields, PeopleCommand, RestrictionCmd, SupportCmd,
    TermsCmd,
};
use crate::output::{json, line, member_json};

pub fn run(db: Option<PathBuf>, cmd: PeopleCommand) -> Result<()> {
    match cmd {
        PeopleCommand::Members {
            review,
            json: as_json,
        } => {
            let wb = open(db)?;
            let r = wb.review(&review)?;
            let members = wb.members(r.id)?;
            if as_json {
                json(&members.iter().map(member_json).collect::<Vec<_>>())?;
            } else {
                for m in &members {
                    line(&[
                        &m.id.to_string(),
                        &m.details.full_name,
                        m.involvement.slug(),
                        &format!("phase {}", m.position.number()),
                    ]);
                }
            }
        }
        PeopleCommand::Member(cmd) => member(db, cmd)?,
        PeopleCommand::Restriction(RestrictionCmd::Add {
            member,
            kind,
            detail,
            recorded_on,
            expires,
            requires_clearance,
            via,
        }) => {
            let mut wb = open(db)?;
            wb.add_restriction(
                member,
                &RestrictionForm {
                    kind: Some(kind),
                    detail,
                    recorded_on,
                    expires,
                    requires_clearance,
                    via,
                },
            )?;
            println!("Restriction recorded for {member}");
        }
        PeopleCommand::Restriction(RestrictionCmd::EnteredInError { id, reason }) => {
            let m = open(db)?.mark_restriction_entered_in_error(id, &reason)?;
            println!("Restriction {id} for {} marked as entered in error", m.id);
        }
        PeopleCommand::Clearance(ClearanceCmd::Add {
            member,
            body,
            given_on,
            advice,
            contact_allowed,
        }) => {
            let mut wb = open(db)?;
            wb.record_clearance(
                member,
                &ClearanceForm {
                    body: Some(body),
                    given_on: Some(given_on),
                    advice: Some(advice),
                    contact_allowed: Some(contact_allowed),
                },
            )?;
            println!("Clearance recorded for {member}");
        }
        PeopleCommand::Link(LinkCmd::Abuse {
            victim,
            perpetrator,
        }) => {
            open(db)?.link_abuse(victim, perpetrator)?;
            println!("Linked");
        }
        PeopleCommand::Link(LinkCmd::Barrier {
            protect,
            from,
            reason,
        }) => {
            open(db)?.add_barrier(protect, from, reason.as_deref())?;
            println!("Barrier recorded");
        }
        PeopleCommand::Terms(TermsCmd::Agree {
            member,
            agreed_on,
            method,
            recorded_by,
            mode,
            venue,
            supporter,
            interpreter,
            cadence,
            channel,
            description_wishes,
            anonymity_wishes,
            wants_draft,
            reading_time_days,
            confidentiality_explained_on,
            withdrawal_explained_on,
            publication_explained_on,
            notes,
        }) => {
            let mut wb = open(db)?;
            let t = wb.agree_terms(
                member,
                &TermsForm {
                    agreed_on: Some(agreed_on),
                    method: Some(method),
                    recorded_by: Some(recorded_by),
                    mode,
                    venue,
                    supporter,
                    interpreter,
                    update_cadence_days: cadence,
                    channel,
                    description_wishes,
                    anonymity_wishes,
                    wants_draft,
                    reading_time_days,
                    confidentiality_explained_on,
                    withdrawal_explained_on,
                    publication_explained_on,
                    notes,
                },
            )?;
            println!("Terms version {} agreed for {member}", t.version);
        }
        PeopleCommand::Terms(TermsCmd::List {
            member,
            json: as_json,
        }) => {
            let wb = open(db)?;
            let ts = wb.terms_history(member)?;
            if as_json {
                json(&ts)?;
            } else {
                for t in ts {
                    line(&[
                        &format!("v{}", t.version),
                        &long(t.agreed_on),
                        t.method.slug(),
                    ]);
                }
            }
        }
        PeopleCommand::Support(SupportCmd::List { json: as_json }) => {
            let wb = open(db)?;
            let s = wb.support_directory()?;
            if as_json {
                json(&s)?;
            } else {
                for s in s {
                    line(&[
                        &s.id.to_string(),
                        &s.name,
                        s.service_type.slug(),
                        s.phone.as_deref().unwrap_or(""),
                    ]);
                }
            }
        }
        PeopleCommand::Support(SupportCmd::Add {
            name,
            service_type,
            nations,
            phone,
            website,
            hours,
            description,
            description_cy,
        }) => {
            let mut wb = open(db)?;
            let s = wb.add_support(&SupportForm {
                name: Some(name),
                service_type: Some(service_type),
                nations,
                phone,
                website,
                hours,
                description: Some(description),
                description_cy,
                ..SupportForm::default()
            })?;
            println!("{}", s.id);
        }
    }
    Ok(())
}

fn overlay_member(mut f: MemberForm, a: MemberFields) -> MemberForm {
    macro_rules! set { ($($x:ident <- $y:ident),*) => { $( if a.$y.is_some() { f.$x = a.$y.clone(); } )* } }
    set!(full_name <- name, preferred_name <- preferred_name, report_pseudonym <- report_pseudonym,
        household <- household, preferred_contact_method <- contact_method,
        safe_contact_times <- safe_contact_times, language <- language, dialect <- dialect,
        interpreter_gender <- interpreter_gender, literacy <- literacy,
        accessibility_notes <- access_notes, advocate <- advocate, location <- location,
        establishment <- establishment, hope_to_learn <- hope_to_learn, questions <- questions,
        update_cadence_days <- cadence, notes <- notes, date_of_birth <- date_of_birth,
        age_band <- age_band);
    macro_rules! flag { ($($x:ident <- $y:ident),*) => { $( if let Some(v) = a.$y { f.$x = v; } )* } }
    flag!(child_or_young_person <- child_or_young_person, interpreter_needed <- interpreter,
        translation_needed <- translation, welsh_preferred <- welsh);
    if !a.accessibility.is_empty() {
        f.accessibility = a.accessibility;
    }
    if !a.purpose_reasons.is_empty() {
        f.purpose_reasons = a.purpose_reasons;
    }
    f
}

fn member(db: Option<PathBuf>, cmd: MemberCmd) -> Result<()> {
    let mut wb = open(db)?;
    match cmd {
        MemberCmd::Show { id, json: as_json } => {
            let v = wb.member_view(id)?;
            if as_json {
                let mut value =
                    serde_json::to_value(&v).map_err(|e| Error::Internal(e.to_string()))?;
                value["member"] = member_json(&v.member);
                json(&value)?;
            } else {
                let m = &v.member;
                println!(
                    "{} ({}) — {}",
                    m.details.full_name,
                    m.id,
                    m.involvement.slug()
                );
                println!("Phase: {} {}", m.position.number(), m.position.label());
                match v.age {
                    Some(Age::Years { years }) => println!("Age: {years}"),
                    Some(Age::Band { band }) => println!("Age band: {}", band.slug()),
                    None => {}
                }
                for r in &v.may_contact {
                    println!("Contact blocked: {r}");
                }
                if let Some(d) = v.next_update_due {
                    println!("Next update due: {}", long(d));
                }
                println!(
                    "Contacts: {}  Terms versions: {}  Open checks: {}",
                    v.contacts.len(),
                    v.terms.len(),
                    v.open_checks
                );
                for s in &v.suggestions {
                    let position = s
                        .position
                        .map(|p| format!(", phase {} {}", p.number(), p.label()))
                        .unwrap_or_default();
                    let how = if s.needs_reason {
                        format!("kindred member accept {} {} --reason …", m.id, s.id)
                    } else {
                        format!("kindred member accept {} {}", m.id, s.id)
                    };
                    println!(
                        "Suggestion {}: {}{position}. {}. ({how})",
                        s.id, s.involvement, s.why
                    );
                }
            }
        }
        MemberCmd::Add { review, fields } => {
            let m = wb.add_member(&review, &overlay_member(MemberForm::default(), fields))?;
            println!("{}", m.id);
        }
        MemberCmd::Set { id, fields } => {
            let old = wb.member(id)?;
            wb.change_member(
                id,
                &overlay_member(MemberForm::from_details(&old.details), fields),
            )?;
            println!("{id}");
        }
        MemberCmd::Status {
            id,
            status,
            reason,
            door_closed,
        } => {
            let m = wb.set_involvement(id, &status, reason.as_deref(), !door_closed)?;
            println!("{} is now {}", m.id, m.involvement.slug());
        }
        MemberCmd::Accept {
            id,
            suggestion,
            reason,
        } => {
            let m = wb.accept_suggestion(id, &suggestion, reason.as_deref())?;
            println!(
                "{} is now {}, phase {}",
                m.id,
                m.involvement.slug(),
                m.position.number()
            );
        }
        MemberCmd::Position { id, phase: p } => {
            let m = wb.set_position(id, phase_from_text(&p)?)?;
            println!("{} is now in phase {}", m.id, m.position.number());
        }
        MemberCmd::Detail {
            id,
            kind,
            value,
            safe_to_print,
            confidential,
        } => {
            wb.add_contact_detail(
                id,
                &ContactDetailForm {
                    kind: Some(kind),
                    value: Some(value),
                    safe_to_print,
                    confidential,
                },
            )?;
            println!("{id}");
        }
        MemberCmd::Relate {
            id,
            child,
            relationship,
            pr,
            pr_basis,
            child_called,
        } => {
            wb.relate(
                id,
                child,
                &relationship,
                &pr,
                pr_basis.as_deref(),
                child_called.as_deref(),
            )?;
            println!("{id}");
        }
        MemberCmd::Role {
            id,
            status,
            since,
            source,
        } => {
            wb.add_role_status(id, &status, &since, source.as_deref())?;
            println!("{id}");
        }
        MemberCmd::Support {
            id,
            support,
            remove,
        } => {
            wb.choose_support(id, support, !remove)?;
            println!("{id}");
        }
    }
    Ok(())
}
