//! Records of the review's work: contacts and visits, decisions, parallel processes and
//! feedback returned.

use std::path::PathBuf;

use kindred::domain::dates::long;
use kindred::workbook::forms::{ContactForm, DecisionForm, FeedbackForm, ParallelForm};
use kindred::Result;

use super::{open, pairs};
use crate::args::{
    ContactCmd, ContactFields, DecisionCmd, FeedbackCmd, ParallelCmd, RecordsCommand,
};
use crate::output::{json, line};

pub fn run(db: Option<PathBuf>, cmd: RecordsCommand) -> Result<()> {
    match cmd {
        RecordsCommand::Contact(ContactCmd::Add { member, fields }) => {
            let mut wb = open(db)?;
            let form = overlay_contact(
                ContactForm {
                    member_id: member,
                    ..ContactForm::default()
                },
                fields,
            );
            let c = wb.record_contact(&form)?;
            println!("{}", c.id);
        }
        RecordsCommand::Contact(ContactCmd::Set { id, fields }) => {
            let mut wb = open(db)?;
            let old = wb.contact(id)?;
            let form = overlay_contact(ContactForm::from_contact(&old), fields);
            wb.change_contact(id, &form)?;
            println!("{id}");
        }
        RecordsCommand::Contact(ContactCmd::EnteredInError { id, reason }) => {
            open(db)?.mark_contact_entered_in_error(id, &reason)?;
            println!("Contact {id} marked as entered in error");
        }
        RecordsCommand::Contacts {
            review,
            json: as_json,
        } => {
            let wb = open(db)?;
            let r = wb.review(&review)?;
            let contacts = wb.contacts(r.id)?;
            if as_json {
                json(&contacts)?;
            } else {
                for c in contacts {
                    line(&[
                        &c.id.to_string(),
                        &long(c.date),
                        &c.member_id.to_string(),
                        c.mode.slug(),
                        c.outcome.slug(),
                    ]);
                }
            }
        }
        RecordsCommand::Decision(DecisionCmd::Add {
            review,
            decided_on,
            decision,
            rationale,
            options,
            consulted,
            members,
            principle,
            review_by,
            author,
        }) => {
            let mut wb = open(db)?;
            let d = wb.record_decision(
                &review,
                &DecisionForm {
                    decided_on: Some(decided_on),
                    decision: Some(decision),
                    rationale: Some(rationale),
                    options,
                    consulted,
                    member_ids: members,
                    principle,
                    review_by,
                    author,
                },
            )?;
            println!("{}", d.id);
        }
        RecordsCommand::Decision(DecisionCmd::List {
            review,
            json: as_json,
        }) => {
            let wb = open(db)?;
            let r = wb.review(&review)?;
            let ds = wb.decisions(r.id)?;
            if as_json {
                json(&ds)?;
            } else {
                for d in ds {
                    line(&[&d.id.to_string(), &long(d.decided_on), &d.decision]);
                }
            }
        }
        RecordsCommand::Parallel(ParallelCmd::Add {
            review,
            kind,
            status,
            reference,
            contact,
            next_key_date,
            constraints,
            last_checked,
        }) => {
            let mut wb = open(db)?;
            let p = wb.add_parallel(
                &review,
                &ParallelForm {
                    kind: Some(kind),
                    status: Some(status),
                    reference,
                    contact,
                    next_key_date,
                    constraints,
                    last_checked,
                },
            )?;
            println!("{}", p.id);
        }
        RecordsCommand::Parallel(ParallelCmd::Set {
            id,
            kind,
            status,
            reference,
            contact,
            next_key_date,
            constraints,
            last_checked,
        }) => {
            let mut wb = open(db)?;
            let old = wb.parallel_process(id)?;
            let mut f = ParallelForm::from_process(&old);
            macro_rules! set { ($($x:ident),*) => { $( if $x.is_some() { f.$x = $x; } )* } }
            set!(
                kind,
                status,
                reference,
                contact,
                next_key_date,
                constraints,
                last_checked
            );
            wb.change_parallel(id, &f)?;
            println!("{id}");
        }
        RecordsCommand::Parallel(ParallelCmd::List {
            review,
            json: as_json,
        }) => {
            let wb = open(db)?;
            let r = wb.review(&review)?;
            let ps = wb.parallel_processes(r.id)?;
            if as_json {
                json(&ps)?;
            } else {
                for p in ps {
                    line(&[&p.id.to_string(), p.kind.slug(), &p.status]);
                }
            }
        }
        RecordsCommand::Feedback(FeedbackCmd::Add {
            review,
            member,
            stage,
            received_on,
            channel,
            answers,
            comments,
            follow_up_requested,
        }) => {
            let mut wb = open(db)?;
            let f = wb.record_feedback(
                &review,
                &FeedbackForm {
                    member_id: member,
                    stage,
                    received_on: Some(received_on),
                    channel,
                    answers: pairs("answer", &answers)?,
                    comments: pairs("comment", &comments)?,
                    follow_up_requested,
                    passed_to_partnership: false,
                },
            )?;
            println!("{}", f.id);
        }
        RecordsCommand::Feedback(FeedbackCmd::List {
            review,
            json: as_json,
        }) => {
            let wb = open(db)?;
            let r = wb.review(&review)?;
            let fs = wb.feedback(r.id)?;
            if as_json {
                json(&fs)?;
            } else {
                for f in fs {
                    line(&[
                        &f.id.to_string(),
                        &long(f.received_on),
                        &format!("{} answers", f.responses.len()),
                    ]);
                }
            }
        }
    }
    Ok(())
}

fn overlay_contact(mut f: ContactForm, a: ContactFields) -> ContactForm {
    macro_rules! set { ($($x:ident <- $y:ident),*) => { $( if a.$y.is_some() { f.$x = a.$y.clone(); } )* } }
    set!(date <- date, time <- time, mode <- mode, outcome <- outcome, location <- location,
        initiated_by <- initiated_by, interpreter_language <- interpreter, supporter <- supporter,
        phase <- phase, notes <- notes, disclosure <- disclosure, wellbeing <- wellbeing,
        follow_up <- follow_up, follow_up_due <- follow_up_due);
    if !a.with_members.is_empty() {
        f.with_member_ids = a.with_members;
    }
    if !a.attendees.is_empty() {
        f.attendees = a.attendees;
    }
    if !a.explained.is_empty() {
        f.explained = a.explained;
    }
    if a.referral_made {
        f.referral_made = true;
    }
    f
}
