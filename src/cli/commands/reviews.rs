//! Reviews: list, show, add, change and move them; their children, checks and deadlines;
//! the dashboard across every review.

use std::path::PathBuf;

use kindred::domain::dates::long;
use kindred::domain::timescales::DueState;
use kindred::workbook::forms::{phase_from_text, ChildForm, ReviewForm};
use kindred::Result;

use super::{open, pairs};
use crate::args::{ChecksCmd, ChildCmd, DeadlineCmd, ReviewCmd, ReviewFields, ReviewsCommand};
use crate::output::{json, line};

pub fn run(db: Option<PathBuf>, cmd: ReviewsCommand) -> Result<()> {
    match cmd {
        ReviewsCommand::Reviews { json: as_json } => {
            let wb = open(db)?;
            let reviews = wb.reviews()?;
            if as_json {
                json(&reviews)?;
            } else {
                for r in &reviews {
                    line(&[
                        &r.id.to_string(),
                        &r.reference,
                        r.nation.slug(),
                        r.review_type.slug(),
                        &format!("phase {} {}", r.phase.number(), r.phase.label()),
                        &r.pseudonym,
                    ]);
                }
            }
        }
        ReviewsCommand::Review(cmd) => review(db, *cmd)?,
        ReviewsCommand::Child(cmd) => {
            let mut wb = open(db)?;
            match cmd {
                ChildCmd::Add {
                    review,
                    known_as,
                    pseudonym,
                    date_of_birth,
                    outcome,
                    date_of_death_or_injury,
                    sensitive_dates,
                    legal_status,
                    placement,
                } => {
                    let c = wb.add_child(
                        &review,
                        &ChildForm {
                            known_as: Some(known_as),
                            pseudonym: Some(pseudonym),
                            date_of_birth,
                            outcome,
                            date_of_death_or_injury,
                            sensitive_dates,
                            legal_status,
                            placement_confidential: placement,
                        },
                    )?;
                    println!("{}", c.id);
                }
                ChildCmd::Set {
                    id,
                    known_as,
                    pseudonym,
                    date_of_birth,
                    outcome,
                    date_of_death_or_injury,
                    sensitive_dates,
                    legal_status,
                    placement,
                } => {
                    let mut f = ChildForm::from_child(&wb.child(id)?);
                    macro_rules! set { ($($x:ident <- $y:ident),*) => { $( if $y.is_some() { f.$x = $y; } )* } }
                    set!(known_as <- known_as, pseudonym <- pseudonym, date_of_birth <- date_of_birth,
                        outcome <- outcome, date_of_death_or_injury <- date_of_death_or_injury,
                        legal_status <- legal_status, placement_confidential <- placement);
                    if !sensitive_dates.is_empty() {
                        f.sensitive_dates = sensitive_dates;
                    }
                    wb.change_child(id, &f)?;
                    println!("{id}");
                }
                ChildCmd::List {
                    review,
                    json: as_json,
                } => {
                    let r = wb.review(&review)?;
                    let children = wb.children(r.id)?;
                    if as_json {
                        json(&children)?;
                    } else {
                        for c in children {
                            line(&[&c.id.to_string(), &c.known_as, &c.pseudonym]);
                        }
                    }
                }
            }
        }
        ReviewsCommand::Checks(ChecksCmd::List {
            review,
            phase: p,
            member,
            json: as_json,
        }) => {
            let wb = open(db)?;
            let view = wb.review_view(&review)?;
            let p = p.as_deref().map(phase_from_text).transpose()?;
            let rows: Vec<_> = view
                .checks
                .into_iter()
                .filter(|c| p.is_none_or(|p| c.check.phase == p))
                .filter(|c| member.is_none_or(|m| c.member_id == Some(m)))
                .collect();
            if as_json {
                json(&rows)?;
            } else {
                for c in rows {
                    let status = match c.status.record() {
                        Some(r) => format!("{} ({} {})", c.status.slug(), r.kind, r.id),
                        None => c.status.slug().to_string(),
                    };
                    line(&[
                        &c.check.id,
                        &c.member_id
                            .map(|m| m.to_string())
                            .unwrap_or_else(|| "-".into()),
                        &status,
                        &c.check.text,
                    ]);
                }
            }
        }
        ReviewsCommand::Checks(ChecksCmd::Set {
            review,
            check,
            member,
            status,
            text,
            on,
        }) => {
            let mut wb = open(db)?;
            let s = wb.set_check(
                &review,
                &check,
                member,
                &status,
                text.as_deref(),
                on.as_deref(),
            )?;
            println!("{check}: {}", s.slug());
        }
        ReviewsCommand::Deadline(DeadlineCmd::List {
            review,
            json: as_json,
        }) => {
            let wb = open(db)?;
            let view = wb.review_view(&review)?;
            if as_json {
                json(&view.deadlines)?;
            } else {
                for d in &view.deadlines {
                    let state = match &d.met {
                        Some(m) => format!("met {}", m.on),
                        None if d.due < wb.today() => "overdue".to_string(),
                        None => "due".to_string(),
                    };
                    line(&[
                        &d.due.to_string(),
                        &state,
                        d.target_id.as_deref().unwrap_or("-"),
                        &d.label,
                    ]);
                }
            }
        }
        ReviewsCommand::Deadline(DeadlineCmd::Met {
            review,
            target,
            on,
            note,
        }) => {
            let mut wb = open(db)?;
            let m = wb.mark_deadline_met(&review, &target, &on, note.as_deref())?;
            println!("{}: met {}", m.target_id, m.on);
        }
        ReviewsCommand::Due {
            days,
            all,
            review,
            json: as_json,
        } => {
            let wb = open(db)?;
            let list = wb.due(&kindred::workbook::due::DueOptions {
                within_days: (!all).then_some(days),
                review: review.as_deref(),
            })?;
            if as_json {
                json(&list)?;
            } else if list.items.is_empty() {
                println!("Nothing due{}.", if all { "" } else { " in that time" });
            } else {
                for i in &list.items {
                    let when = match i.state {
                        DueState::Overdue { days_late } => format!("{days_late} days overdue"),
                        DueState::DueSoon { days_left: 0 } => "today".to_string(),
                        DueState::DueSoon { days_left } | DueState::Later { days_left } => {
                            format!("in {days_left} days")
                        }
                    };
                    line(&[
                        &long(i.due),
                        &when,
                        &i.reference,
                        i.kind_label,
                        i.name.as_deref().unwrap_or("-"),
                        &i.what,
                    ]);
                }
            }
        }
        ReviewsCommand::Calendar {
            review,
            with_location,
            output,
            force,
        } => {
            let wb = open(db)?;
            let written = wb.write_calendar(
                &kindred::workbook::calendar::CalendarOptions {
                    review: review.as_deref(),
                    with_location,
                },
                &output,
                if force {
                    kindred::files::Existing::Replace
                } else {
                    kindred::files::Existing::Refuse
                },
            )?;
            println!(
                "Wrote {} ({} visits and calls, {} cancelled, {} deadlines)",
                written.path.display(),
                written.visits,
                written.cancelled,
                written.deadlines
            );
            if with_location {
                eprintln!(
                    "warning: the calendar carries each visit's place; a calendar is usually synced to a server outside the encrypted workbook."
                );
            }
        }
        ReviewsCommand::Dashboard { json: as_json } => {
            let wb = open(db)?;
            let d = wb.dashboard()?;
            if as_json {
                json(&d)?;
            } else {
                for r in &d.reviews {
                    let next = r
                        .next_deadline
                        .as_ref()
                        .map(|d| format!("next: {} {}", long(d.due), d.label))
                        .unwrap_or_else(|| "next: -".into());
                    line(&[
                        &r.reference,
                        &format!("{} overdue deadlines", r.overdue_deadlines.len()),
                        &format!("phase {} {}", r.phase.number(), r.phase_label),
                        &next,
                        &format!("{} overdue updates", r.updates_overdue.len()),
                        &format!("{} open checks", r.open_checks),
                        &format!("{} awaiting clearance", r.awaiting_clearance.len()),
                        &format!("family questions waiting: {}", r.questions_waiting),
                        &format!(
                            "draft comments awaiting a response: {}",
                            r.comments_awaiting
                        ),
                        &format!(
                            "asked to see the draft, not shown it: {}",
                            r.draft_not_shared.len()
                        ),
                    ]);
                }
            }
        }
    }
    Ok(())
}

fn overlay_review(mut f: ReviewForm, a: ReviewFields) -> Result<ReviewForm> {
    macro_rules! set { ($($x:ident <- $y:ident),*) => { $( if a.$y.is_some() { f.$x = a.$y.clone(); } )* } }
    set!(reference <- reference, nation <- nation, review_type <- review_type, pseudonym <- pseudonym,
        body_name <- body, author_name <- author_name, author_phone <- author_phone,
        author_email <- author_email, author_hours <- author_hours, author_address <- author_address,
        partnership_contact_name <- partnership_contact, panel_chair <- panel_chair,
        purpose_statement <- purpose, publication <- publication, complaints <- complaints,
        retention_until <- retention_until, update_cadence_days <- cadence,
        body_name_cy <- body_cy, author_hours_cy <- author_hours_cy,
        purpose_statement_cy <- purpose_cy, complaints_cy <- complaints_cy);
    if !a.reasons.is_empty() {
        f.purpose_reasons = a.reasons.clone();
    }
    if let Some(m) = a.media_interest {
        f.media_interest = m;
    }
    for (k, v) in pairs("key_date", &a.key_dates)? {
        if v.trim().is_empty() {
            f.key_dates.remove(&k);
        } else {
            f.key_dates.insert(k, v);
        }
    }
    Ok(f)
}

fn review(db: Option<PathBuf>, cmd: ReviewCmd) -> Result<()> {
    let mut wb = open(db)?;
    match cmd {
        ReviewCmd::Show {
            review,
            json: as_json,
        } => {
            let v = wb.review_view(&review)?;
            if as_json {
                json(&v)?;
            } else {
                let r = &v.review;
                println!("{} ({}) — {}", r.reference, r.pseudonym, v.review_name);
                println!(
                    "Nation: {}  Phase: {} {}",
                    r.nation.slug(),
                    r.phase.number(),
                    r.phase.label()
                );
                println!("Commissioned by: {}", r.body_name);
                println!("Author: {}", r.author.name);
                println!(
                    "People: {}  Contacts: {}  Decisions: {}",
                    v.members.len(),
                    v.contacts.len(),
                    v.decisions.len()
                );
                for d in &v.deadlines {
                    println!("  {} {}", long(d.due), d.label);
                }
            }
        }
        ReviewCmd::Add(fields) => {
            let form = overlay_review(ReviewForm::default(), fields)?;
            let r = wb.create_review(&form)?;
            println!("{}", r.id);
        }
        ReviewCmd::Set { review, fields } => {
            let old = wb.review(&review)?;
            let form = overlay_review(ReviewForm::from_review(&old), fields)?;
            wb.change_review(&review, &form)?;
            println!("{}", old.id);
        }
        ReviewCmd::Phase { review, phase: p } => {
            let r = wb.move_phase(&review, phase_from_text(&p)?)?;
            println!(
                "{} is now in phase {} {}",
                r.reference,
                r.phase.number(),
                r.phase.label()
            );
        }
    }
    Ok(())
}
