//! Runs one command against the workbook.

use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::path::PathBuf;

use kindred::domain::dates::long;
use kindred::domain::phase::Phase;
use kindred::workbook::documents::{BatchOptions, Destination, LanguageChoice, Variant};
use kindred::workbook::forms::*;
use kindred::workbook::trust::{Existing, OldBackups};
use kindred::workbook::{self, Workbook};
use kindred::{Error, Result};

use crate::args::*;
use crate::output::{json, line, member_json};

fn db_path(db: Option<PathBuf>) -> Result<PathBuf> {
    match db {
        Some(p) => Ok(p),
        None => workbook::default_path(),
    }
}

/// A passphrase from the environment: `None` when `name` is not set, an error when it is set
/// but is not UTF-8 text (never taken for "no passphrase", and never guessed at).
fn env_passphrase(name: &str) -> Result<Option<String>> {
    match std::env::var(name) {
        Ok(p) => Ok(Some(p)),
        Err(std::env::VarError::NotPresent) => Ok(None),
        Err(std::env::VarError::NotUnicode(_)) => Err(Error::Passphrase(format!(
            "{name} is not valid UTF-8 text; set it again from a UTF-8 terminal, or unset it \
             to be asked for the passphrase"
        ))),
    }
}

fn passphrase(confirm: bool) -> Result<String> {
    let from_env = env_passphrase("KINDRED_PASSPHRASE");
    // Programs this process starts (a PDF viewer, the print system) must not inherit it.
    std::env::remove_var("KINDRED_PASSPHRASE");
    if let Some(p) = from_env? {
        if p.is_empty() {
            return Err(Error::Passphrase(
                "KINDRED_PASSPHRASE is set but empty".into(),
            ));
        }
        return Ok(p);
    }
    if !std::io::stdin().is_terminal() {
        return Err(Error::Passphrase(
            "no passphrase: set KINDRED_PASSPHRASE or run on a terminal".into(),
        ));
    }
    let p = rpassword::prompt_password("Workbook passphrase: ")
        .map_err(|e| Error::Passphrase(format!("could not read the passphrase: {e}")))?;
    if p.is_empty() {
        return Err(Error::Passphrase("the passphrase must not be empty".into()));
    }
    if confirm {
        eprintln!("The passphrase cannot be recovered. Keep it safe.");
        let again = rpassword::prompt_password("Type it again: ")
            .map_err(|e| Error::Passphrase(format!("could not read the passphrase: {e}")))?;
        if again != p {
            return Err(Error::Passphrase(
                "the two passphrases differ; nothing was created".into(),
            ));
        }
    }
    Ok(p)
}

fn open(db: Option<PathBuf>) -> Result<Workbook> {
    let path = db_path(db)?;
    if !path.exists() {
        return Err(Error::NoWorkbook(path.display().to_string()));
    }
    let secret = kindred::secret::Secret::from_string(passphrase(false)?);
    Workbook::open(&path, secret.expose())
}

fn language(s: &str) -> Result<LanguageChoice> {
    match s.trim() {
        "en" => Ok(LanguageChoice::English),
        "cy" => Ok(LanguageChoice::Welsh),
        "both" => Ok(LanguageChoice::Both),
        other => Err(Error::invalid(
            "lang",
            format!("--lang must be en, cy or both, not {other:?}"),
        )),
    }
}

fn sheet_variant(v: &SheetVariant) -> Result<(Variant, Option<LanguageChoice>)> {
    let variant = if v.easy_read {
        Variant::EasyRead
    } else if v.large_print {
        Variant::LargePrint
    } else {
        Variant::Standard
    };
    Ok((variant, v.lang.as_deref().map(language).transpose()?))
}

fn existing(force: bool) -> Existing {
    if force {
        Existing::Replace
    } else {
        Existing::Refuse
    }
}

fn report_missing(chars: &[char]) {
    if !chars.is_empty() {
        let list: String = chars
            .iter()
            .map(|c| format!(" U+{:04X}", *c as u32))
            .collect();
        eprintln!("kindred: note: the font lacks{list}; a visible placeholder was printed instead");
    }
}

fn phase(s: &str) -> Result<Phase> {
    Phase::parse(s).ok_or_else(|| {
        Error::invalid(
            "phase",
            format!("phase must be 0 to 7 or a phase name, not {s:?}"),
        )
    })
}

fn pairs(field: &str, items: &[String]) -> Result<BTreeMap<String, String>> {
    items
        .iter()
        .map(|s| {
            s.split_once('=')
                .map(|(k, v)| (k.trim().to_string(), v.to_string()))
                .ok_or_else(|| Error::invalid(field, format!("{s:?} must be written KEY=VALUE")))
        })
        .collect()
}

fn overlay_review(mut f: ReviewForm, a: ReviewFields) -> Result<ReviewForm> {
    macro_rules! set { ($($x:ident <- $y:ident),*) => { $( if a.$y.is_some() { f.$x = a.$y.clone(); } )* } }
    set!(reference <- reference, nation <- nation, review_type <- review_type, pseudonym <- pseudonym,
        body_name <- body, author_name <- author_name, author_phone <- author_phone,
        author_email <- author_email, author_hours <- author_hours, author_address <- author_address,
        partnership_contact_name <- partnership_contact, panel_chair <- panel_chair,
        purpose_statement <- purpose, publication <- publication, complaints <- complaints,
        retention_until <- retention_until, update_cadence_days <- cadence);
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

fn overlay_member(mut f: MemberForm, a: MemberFields) -> MemberForm {
    macro_rules! set { ($($x:ident <- $y:ident),*) => { $( if a.$y.is_some() { f.$x = a.$y.clone(); } )* } }
    set!(full_name <- name, preferred_name <- preferred_name, report_pseudonym <- report_pseudonym,
        household <- household, preferred_contact_method <- contact_method,
        safe_contact_times <- safe_contact_times, language <- language, dialect <- dialect,
        interpreter_gender <- interpreter_gender, literacy <- literacy,
        accessibility_notes <- access_notes, advocate <- advocate, location <- location,
        establishment <- establishment, hope_to_learn <- hope_to_learn, questions <- questions,
        update_cadence_days <- cadence, notes <- notes);
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

fn contact_form_of(c: &kindred::domain::records::Contact) -> ContactForm {
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

pub fn run(cli: Cli) -> Result<()> {
    let db = cli.db;
    match cli.command {
        Command::Init => {
            let path = db_path(db)?;
            if path.exists() {
                return Err(Error::AlreadyExists(path.display().to_string()));
            }
            let pass = kindred::secret::Secret::from_string(passphrase(true)?);
            Workbook::create(&path, pass.expose())?;
            println!("Created workbook {}", path.display());
        }
        Command::Demo { scale } => {
            let path = db_path(db)?;
            if path.exists() {
                return Err(Error::AlreadyExists(path.display().to_string()));
            }
            let pass = kindred::secret::Secret::from_string(passphrase(true)?);
            let summary = match scale {
                None => kindred::workbook::demo::standard(&path, pass.expose())?,
                Some(n) => {
                    let bar = std::io::stderr().is_terminal().then(|| {
                        let b = indicatif::ProgressBar::new(u64::from(n));
                        b.set_style(
                            indicatif::ProgressStyle::with_template(
                                "{bar:40} {pos}/{len} reviews {elapsed}",
                            )
                            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
                        );
                        b
                    });
                    let s = kindred::workbook::demo::scaled(&path, pass.expose(), n, |i| {
                        if let Some(b) = &bar {
                            b.set_position(u64::from(i));
                        }
                    })?;
                    if let Some(b) = bar {
                        b.finish_and_clear();
                    }
                    s
                }
            };
            println!("Created demo workbook {} ({summary})", path.display());
        }
        Command::Check => {
            let wb = open(db)?;
            let problems = wb.check()?;
            if problems.is_empty() {
                println!("ok: {}", wb.path().display());
            } else if problems.iter().all(|p| p.starts_with("incomplete")) {
                return Err(Error::Incomplete(
                    "its creation was interrupted before it finished (what is in it is consistent)"
                        .into(),
                ));
            } else {
                return Err(Error::Damaged(problems.join("; ")));
            }
        }
        Command::Reviews { json: as_json } => {
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
        Command::Review(cmd) => review(db, cmd)?,
        Command::Child(cmd) => {
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
        Command::Members {
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
        Command::Member(cmd) => member(db, cmd)?,
        Command::Restriction(RestrictionCmd::Add {
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
        Command::Restriction(RestrictionCmd::EnteredInError { id, reason }) => {
            let m = open(db)?.mark_restriction_entered_in_error(id, &reason)?;
            println!("Restriction {id} for {} marked as entered in error", m.id);
        }
        Command::Clearance(ClearanceCmd::Add {
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
        Command::Link(LinkCmd::Abuse {
            victim,
            perpetrator,
        }) => {
            open(db)?.link_abuse(victim, perpetrator)?;
            println!("Linked");
        }
        Command::Link(LinkCmd::Barrier {
            protect,
            from,
            reason,
        }) => {
            open(db)?.add_barrier(protect, from, reason.as_deref())?;
            println!("Barrier recorded");
        }
        Command::Contact(ContactCmd::Add { member, fields }) => {
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
        Command::Contact(ContactCmd::Set { id, fields }) => {
            let mut wb = open(db)?;
            let old = wb.contact(id)?;
            let form = overlay_contact(contact_form_of(&old), fields);
            wb.change_contact(id, &form)?;
            println!("{id}");
        }
        Command::Contact(ContactCmd::EnteredInError { id, reason }) => {
            open(db)?.mark_contact_entered_in_error(id, &reason)?;
            println!("Contact {id} marked as entered in error");
        }
        Command::Contacts {
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
        Command::Checks(ChecksCmd::List {
            review,
            phase: p,
            member,
            json: as_json,
        }) => {
            let wb = open(db)?;
            let view = wb.review_view(&review)?;
            let p = p.as_deref().map(phase).transpose()?;
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
        Command::Checks(ChecksCmd::Set {
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
        Command::Decision(DecisionCmd::Add {
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
        Command::Decision(DecisionCmd::List {
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
        Command::Terms(TermsCmd::Agree {
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
        Command::Terms(TermsCmd::List {
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
        Command::Parallel(ParallelCmd::Add {
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
        Command::Parallel(ParallelCmd::Set {
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
        Command::Parallel(ParallelCmd::List {
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
        Command::Support(SupportCmd::List { json: as_json }) => {
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
        Command::Support(SupportCmd::Add {
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
            })?;
            println!("{}", s.id);
        }
        Command::Feedback(FeedbackCmd::Add {
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
        Command::Feedback(FeedbackCmd::List {
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
        Command::Line(c) => crate::voice::line_cmd(&mut open(db)?, c)?,
        Command::Question(c) => crate::voice::question_cmd(&mut open(db)?, c)?,
        Command::Contribution(c) => crate::voice::contribution_cmd(&mut open(db)?, c)?,
        Command::Finding(c) => crate::voice::finding_cmd(&mut open(db)?, c)?,
        Command::Draft(c) => crate::voice::draft_cmd(&mut open(db)?, c)?,
        Command::Summary(a) => crate::voice::summary_cmd(&mut open(db)?, a)?,
        Command::Deadline(DeadlineCmd::List {
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
        Command::Deadline(DeadlineCmd::Met {
            review,
            target,
            on,
            note,
        }) => {
            let mut wb = open(db)?;
            let m = wb.mark_deadline_met(&review, &target, &on, note.as_deref())?;
            println!("{}: met {}", m.target_id, m.on);
        }
        Command::Dashboard { json: as_json } => {
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
                    ]);
                }
            }
        }
        Command::Audit {
            review,
            json: as_json,
        } => {
            let wb = open(db)?;
            let entries = wb.audit(review.as_deref())?;
            if as_json {
                json(&entries)?;
            } else {
                for e in entries {
                    line(&[&e.at, &e.actor, &e.entity, &e.entity_id, &e.action]);
                    for change in audit_changes(e.old.as_ref(), e.new.as_ref()) {
                        println!("\t{change}");
                    }
                }
            }
        }
        Command::Sheet {
            review,
            member,
            visit,
            variant,
            override_reason,
            output,
            force,
        } => {
            let mut wb = open(db)?;
            let r = wb.review(&review)?;
            if wb.member(member)?.review_id != r.id {
                return Err(Error::invalid(
                    "member",
                    format!("person {member} is not in review {review}"),
                ));
            }
            let (v, l) = sheet_variant(&variant)?;
            let dest = Destination::Path {
                path: &output,
                existing: existing(force),
            };
            let made = wb.make_sheet(member, visit, v, l, override_reason.as_deref(), dest)?;
            report_missing(&made.missing_glyphs);
            println!("Wrote {} ({} pages)", made.path.display(), made.pages);
        }
        Command::Sheets {
            review,
            all,
            variant,
            out,
            force,
        } => {
            let mut wb = open(db)?;
            let (v, l) = sheet_variant(&variant)?;
            let reviews = match (&review, all) {
                (Some(r), _) => vec![wb.review(r)?],
                (None, _) => wb.reviews()?,
            };
            let opts = BatchOptions {
                variant: v,
                languages: l,
                existing: existing(force),
            };
            let batch = wb.make_sheets_into(&reviews, opts, &out)?;
            for missing in &batch.missing_glyphs {
                report_missing(missing);
            }
            let made_n = batch.made;
            let skipped: Vec<String> = batch
                .skipped
                .iter()
                .map(|s| {
                    format!(
                        "{}\t{}\t{}",
                        s.review_reference,
                        s.member_id,
                        s.reasons
                            .iter()
                            .map(|x| x.to_string())
                            .collect::<Vec<_>>()
                            .join("; ")
                    )
                })
                .collect();
            println!("Wrote {made_n} sheets to {}", out.display());
            if !skipped.is_empty() {
                println!("Skipped {}:", skipped.len());
                for s in skipped {
                    println!("{s}");
                }
            }
        }
        Command::FeedbackForm {
            review,
            member,
            anonymous: _,
            short,
            large_print,
            lang,
            output,
            force,
        } => {
            let mut wb = open(db)?;
            let l = lang.as_deref().map(language).transpose()?;
            let dest = Destination::Path {
                path: &output,
                existing: existing(force),
            };
            let made = wb.make_feedback_form(&review, member, short, l, large_print, dest)?;
            report_missing(&made.missing_glyphs);
            println!("Wrote {} ({} pages)", made.path.display(), made.pages);
        }
        Command::Backup { output } => {
            let wb = open(db)?;
            wb.backup_to(&output)?;
            println!(
                "Wrote an encrypted backup to {}; it opens with this workbook's passphrase",
                output.display()
            );
        }
        Command::Backups { json: as_json } => {
            let list = kindred::workbook::trust::backups(&db_path(db)?)?;
            if as_json {
                json(&list)?;
            } else {
                for b in &list {
                    let path = b.path.display().to_string();
                    line(&[&b.made_at, &b.kind, &b.bytes.to_string(), &path]);
                }
            }
        }
        Command::Restore { file } => {
            let path = db_path(db)?;
            let pass = kindred::secret::Secret::from_string(passphrase(false)?);
            let r =
                kindred::workbook::trust::restore(&file, &path, pass.expose()).map_err(|e| {
                    Error::Io(kindred::workbook::trust::describe_restore_error(&file, &e))
                })?;
            println!(
                "Restored {} into {} ({} reviews)",
                file.display(),
                path.display(),
                r.reviews
            );
            if let Some(kept) = &r.replaced_kept_as {
                println!("The workbook it replaced was kept as {}", kept.display());
            }
        }
        Command::Export {
            review,
            output,
            force,
        } => {
            let wb = open(db)?;
            let bytes = wb.export_review_json(&review)?;
            wb.write_file(&output, &bytes, existing(force))?;
            eprintln!(
                "warning: {} is NOT encrypted: it holds this review's personal data in plain text. \
                 Keep it on encrypted storage only, and delete it once it has been imported.",
                output.display()
            );
            println!("Exported {review} to {}", output.display());
        }
        Command::Import { file, reference } => {
            let bytes = kindred::workbook::trust::read_bundle_file(&file)?;
            let mut wb = open(db)?;
            let r = wb.import_bundle(&bytes, reference.as_deref())?;
            println!(
                "Imported review {} as {} ({} people, {} contacts)",
                r.reference, r.review_id, r.counts.members, r.counts.contacts
            );
        }
        Command::Destroy {
            review,
            yes_destroy_permanently,
        } => {
            let mut wb = open(db)?;
            let r = wb.review(&review)?;
            if !yes_destroy_permanently {
                return Err(Error::invalid(
                    "yes_destroy_permanently",
                    format!(
                        "this destroys review {} and everything recorded in it, for good; \
                         to go ahead, add --yes-destroy-permanently",
                        r.reference
                    ),
                ));
            }
            let d = wb.destroy_review(&review)?;
            println!(
                "Destroyed review {}: {} records and {} audit lines removed; one audit line records the destruction",
                d.reference,
                d.rows.values().sum::<i64>(),
                d.audit_lines_removed
            );
            println!(
                "{} older automatic backups that held it were deleted",
                d.old_backups_removed
            );
            if let Some(e) = &d.fresh_backup_error {
                eprintln!(
                    "warning: no new automatic backup could be made ({e}); run kindred backup"
                );
            }
            if !d.log_emptied {
                eprintln!("warning: another Kindred window kept the write-ahead log from being emptied; close it and run this again");
            }
            eprintln!("Copies made outside Kindred (kindred backup -o, exported bundles, printed sheets) are not touched: destroy those too.");
        }
        Command::Passphrase { old_backups } => {
            let how = match old_backups.trim() {
                "keep" => OldBackups::Keep,
                "rekey" => OldBackups::Rekey,
                "delete" => OldBackups::Delete,
                other => {
                    return Err(Error::invalid(
                        "old_backups",
                        format!("--old-backups must be keep, rekey or delete, not {other:?}"),
                    ))
                }
            };
            let path = db_path(db)?;
            if !path.exists() {
                return Err(Error::NoWorkbook(path.display().to_string()));
            }
            let old = kindred::secret::Secret::from_string(passphrase(false)?);
            let mut wb = Workbook::open(&path, old.expose())?;
            let new = match env_passphrase("KINDRED_NEW_PASSPHRASE")? {
                Some(p) => p,
                None if std::io::stdin().is_terminal() => {
                    let read = |prompt: &str| {
                        rpassword::prompt_password(prompt).map_err(|e| {
                            Error::Passphrase(format!("could not read the passphrase: {e}"))
                        })
                    };
                    let p = read("New passphrase: ")?;
                    if read("Type it again: ")? != p {
                        return Err(Error::Passphrase(
                            "the two passphrases differ; the passphrase was not changed".into(),
                        ));
                    }
                    p
                }
                None => {
                    return Err(Error::Passphrase(
                        "no new passphrase: set KINDRED_NEW_PASSPHRASE or run on a terminal".into(),
                    ))
                }
            };
            let new = kindred::secret::Secret::from_string(new);
            let kept = wb.change_passphrase(new.expose())?;
            println!("The passphrase was changed; the workbook now opens only with the new one.");
            let done = wb.retire_old_backups(old.expose(), how)?;
            match how {
                OldBackups::Keep => println!(
                    "Backups made before now still open with the old passphrase, including {}. \
                     If someone else may know the old passphrase, delete those backups, or \
                     change it again with --old-backups rekey.",
                    kept.display()
                ),
                OldBackups::Rekey => println!(
                    "{} automatic backups that opened with the old passphrase now open only with \
                     the new one.",
                    done.rekeyed
                ),
                OldBackups::Delete => println!(
                    "{} automatic backups that opened with the old passphrase were deleted.",
                    done.deleted
                ),
            }
            if how != OldBackups::Keep {
                eprintln!("Copies made outside Kindred (kindred backup -o) still open with the old passphrase: re-key or delete those yourself.");
            }
        }
        Command::DebugWrite { review, count } => {
            use std::io::Write;
            let mut wb = open(db)?;
            let mut out = std::io::stdout();
            let _ = writeln!(out, "ready").and_then(|()| out.flush());
            wb.debug_write(&review, count, |id| {
                let _ = writeln!(out, "committed {id}").and_then(|()| out.flush());
            })?;
        }
    }
    Ok(())
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
            let r = wb.move_phase(&review, phase(&p)?)?;
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
            let m = wb.set_position(id, phase(&p)?)?;
            println!("{} is now in phase {}", m.id, m.position.number());
        }
        MemberCmd::Detail {
            id,
            kind,
            value,
            safe_to_print,
            confidential,
        } => {
            wb.add_contact_detail(id, &kind, &value, safe_to_print, confidential)?;
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

/// What an audit line changed, one line per field: `field: old -> new` for an update (only
/// the fields that differ), `new: {...}` for a creation, `old: {...}` for a removal.
fn audit_changes(old: Option<&serde_json::Value>, new: Option<&serde_json::Value>) -> Vec<String> {
    match (old, new) {
        (Some(serde_json::Value::Object(o)), Some(serde_json::Value::Object(n))) => {
            let mut keys: Vec<&String> = o.keys().chain(n.keys()).collect();
            keys.sort();
            keys.dedup();
            keys.into_iter()
                .filter(|k| o.get(*k) != n.get(*k))
                .map(|k| {
                    let show = |v: Option<&serde_json::Value>| {
                        v.map_or_else(|| "(none)".to_string(), |v| v.to_string())
                    };
                    format!("{k}: {} -> {}", show(o.get(k)), show(n.get(k)))
                })
                .collect()
        }
        (Some(o), Some(n)) if o != n => vec![format!("{o} -> {n}")],
        (Some(_), Some(_)) => Vec::new(),
        (None, Some(n)) => vec![format!("new: {n}")],
        (Some(o), None) => vec![format!("old: {o}")],
        (None, None) => Vec::new(),
    }
}
