//! The family's voice in the demo (issue 12, item 8): questions, lines of enquiry, what
//! people told the review, a finding, and a draft shared and commented on, in the English
//! review and (in Welsh) in the Welsh one, so the whole story can be seen at once. Every
//! name and word here is fictional.

use chrono::NaiveDate;

use super::{ago, s};
use crate::error::Result;
use crate::workbook::forms::*;
use crate::workbook::Workbook;

/// The first reached contact with a person: where their words were heard.
fn first_reached(wb: &Workbook, member: i64) -> Result<Option<i64>> {
    Ok(wb
        .member_contacts(member)?
        .into_iter()
        .find(|c| c.reached())
        .map(|c| c.id))
}

/// England: the mother and the grandmother asked questions, one shaped a line of enquiry
/// and was answered; what they said informed a finding; the mother read the draft and a
/// factual correction was made.
pub(super) fn england(
    wb: &mut Workbook,
    review: &str,
    mother: i64,
    nan: i64,
    today: NaiveDate,
) -> Result<()> {
    let mother_visit = first_reached(wb, mother)?;
    let nan_visit = first_reached(wb, nan)?;
    let q1 = wb.add_question(
        review,
        &QuestionForm {
            asked_by: vec![mother],
            asked_on: s(&ago(today, 40)),
            words: s("Why did no one come back after the nursery rang about the bruises?"),
            contact_id: mother_visit,
            ..QuestionForm::default()
        },
    )?;
    let q2 = wb.add_question(
        review,
        &QuestionForm {
            asked_by: vec![nan],
            asked_on: s(&ago(today, 50)),
            words: s("Did the health visitor know they had moved?"),
            contact_id: nan_visit,
            ..QuestionForm::default()
        },
    )?;
    wb.add_question(
        review,
        &QuestionForm {
            asked_by: vec![mother],
            asked_on: s(&ago(today, 40)),
            words: s("Will the report say who was to blame?"),
            contact_id: mother_visit,
            ..QuestionForm::default()
        },
    )
    .and_then(|q| {
        wb.answer_question(
            q.id,
            &AnswerForm {
                status: s("answered"),
                answer: s("The review looks for what agencies can learn, not for who is to blame; that is for the court."),
                how: s("in-person"),
                given_on: s(&ago(today, 40)),
                given_by: s("Alex Morgan (reviewer)"),
                ..AnswerForm::default()
            },
        )
    })?;
    let nursery = wb.add_line(
        review,
        &LineForm {
            text: s("How the nursery's concerns were shared and followed up"),
            source: s("family-question"),
            question_ids: vec![q1.id],
            added_on: s(&ago(today, 38)),
            ..LineForm::default()
        },
    )?;
    let moving = wb.add_line(
        review,
        &LineForm {
            text: s("Health visiting when the family moved between areas"),
            source: s("commissioning-body"),
            question_ids: vec![q2.id],
            added_on: s(&ago(today, 80)),
            ..LineForm::default()
        },
    )?;
    wb.answer_question(
        q1.id,
        &AnswerForm {
            status: s("being-looked-into"),
            ..AnswerForm::default()
        },
    )?;
    wb.answer_question(
        q2.id,
        &AnswerForm {
            status: s("answered"),
            answer: s(
                "The new address reached the health visiting team three weeks after the move.",
            ),
            how: s("letter"),
            given_on: s(&ago(today, 10)),
            given_by: s("Alex Morgan (reviewer)"),
            ..AnswerForm::default()
        },
    )?;
    wb.add_contribution(
        mother,
        &ContributionForm {
            date: s(&ago(today, 40)),
            contact_id: mother_visit,
            kind: s("about-the-child"),
            summary: s("A lively, musical little girl who sang all day"),
            own_words: s("She sang all the time, even in the doctor's waiting room"),
            permission: s("may-quote"),
            permission_agreed_on: s(&ago(today, 40)),
            ..ContributionForm::default()
        },
    )?;
    let services = wb.add_contribution(
        nan,
        &ContributionForm {
            date: s(&ago(today, 50)),
            contact_id: nan_visit,
            line_ids: vec![moving.id],
            kind: s("services"),
            summary: s("After the move nobody from health visiting came for six weeks"),
            permission: s("paraphrase-only"),
            permission_agreed_on: s(&ago(today, 50)),
            ..ContributionForm::default()
        },
    )?;
    wb.add_finding(
        review,
        &FindingForm {
            title: s("Moving home broke the thread of health visiting"),
            text: s("When the family moved, records followed weeks later and no one checked that the child had been seen."),
            line_ids: vec![moving.id, nursery.id],
            contribution_ids: vec![services.id],
            ..FindingForm::default()
        },
    )?;
    let session = wb.share_draft(
        review,
        &SharingForm {
            member_ids: vec![mother],
            draft_version: s("the first draft"),
            date: s(&ago(today, 7)),
            mode: s("reading-session"),
            supporter: s("IDVA (fictional)"),
            reading_time_days: s("14"),
            comments_due: s(&super::ahead(today, 7)),
            ..SharingForm::default()
        },
    )?;
    let comment = wb.add_comment(
        session.id,
        &CommentForm {
            part: s("Section 3, the missed appointments"),
            said: s("It says I missed appointments, but the letters went to our old address."),
        },
    )?;
    wb.respond_to_comment(
        comment.id,
        &ResponseForm {
            response: s("factual-correction"),
            detail: s("The report now says the appointment letters were sent to the old address."),
            decided_on: s(&ago(today, 5)),
            told_on: s(&ago(today, 4)),
        },
    )?;
    wb.add_comment(
        session.id,
        &CommentForm {
            part: s("Section 5, the nursery"),
            said: s("The nursery did everything right and should be told so."),
        },
    )?;
    Ok(())
}

/// Wales: the mother's question (in Welsh) shaped a line of enquiry; what she said about
/// her daughter may be quoted.
pub(super) fn wales(wb: &mut Workbook, review: &str, mam: i64, today: NaiveDate) -> Result<()> {
    let visit = first_reached(wb, mam)?;
    let q = wb.add_question(
        review,
        &QuestionForm {
            asked_by: vec![mam],
            asked_on: s(&ago(today, 20)),
            words: s("Pam na wnaeth neb wrando arnom ni pan ddywedon ni fod rhywbeth o’i le?"),
            contact_id: visit,
            ..QuestionForm::default()
        },
    )?;
    wb.add_line(
        review,
        &LineForm {
            text: s("Sut y gwrandawodd gwasanaethau ar bryderon y teulu"),
            source: s("family-question"),
            question_ids: vec![q.id],
            added_on: s(&ago(today, 18)),
            ..LineForm::default()
        },
    )?;
    wb.add_contribution(
        mam,
        &ContributionForm {
            date: s(&ago(today, 20)),
            contact_id: visit,
            kind: s("about-the-child"),
            summary: s("Merch fach hapus oedd wrth ei bodd gyda’r môr"),
            own_words: s("Roedd hi wrth ei bodd gyda’r môr, bob tywydd"),
            permission: s("may-quote"),
            permission_agreed_on: s(&ago(today, 20)),
            ..ContributionForm::default()
        },
    )?;
    Ok(())
}

/// A generated review's family voice (`demo --scale N`), once it has heard the family:
/// two questions (one answered) and the line of enquiry one of them shaped, a contribution
/// from each of the first two people involved and the finding it informed, and, once the
/// findings are shared, the draft seen by the first person with one comment awaiting (or
/// given) a response. Written straight through the store, like the rest of the scale demo.
pub(super) fn scaled(
    tx: &crate::store::Tx,
    review_id: i64,
    phase: crate::domain::phase::Phase,
    involved: &[i64],
    key: NaiveDate,
    roll: &mut dyn FnMut() -> u64,
) -> Result<()> {
    use crate::domain::phase::Phase;
    use crate::domain::voice::*;
    use crate::store::records::insert;
    let Some(&first) = involved.first() else {
        return Ok(());
    };
    let on = |days: u64| key.checked_add_days(chrono::Days::new(days)).unwrap_or(key);
    let mut question_ids = Vec::new();
    for (n, words) in [
        "Why was nobody told when the school raised a concern? (generated)",
        "Who decided the case could be closed? (generated)",
    ]
    .into_iter()
    .enumerate()
    {
        let status = if n == 0 && roll() < 2 {
            QuestionStatus::Answered {
                answer: "Generated answer (fictional)".into(),
                how: AnswerMode::InPerson,
                given_on: on(30),
                given_by: "Generated Reviewer (fictional)".into(),
            }
        } else {
            QuestionStatus::Open
        };
        question_ids.push(insert(
            tx,
            &Question {
                id: 0,
                review_id,
                asked_by: vec![first],
                asked_on: on(10),
                words: words.into(),
                contact_id: None,
                line_ids: vec![],
                status,
            },
        )?);
    }
    let line = insert(
        tx,
        &LineOfEnquiry {
            id: 0,
            review_id,
            text: "How concerns raised by the school were shared (generated)".into(),
            source: EnquirySource::FamilyQuestion,
            question_ids: vec![question_ids[0]],
            added_on: on(12),
            status: LineStatus::Open,
        },
    )?;
    let mut contributions = Vec::new();
    for &member in involved.iter().take(2) {
        contributions.push(insert(
            tx,
            &Contribution {
                id: 0,
                review_id,
                member_id: member,
                date: on(10),
                contact_id: None,
                line_ids: vec![line],
                kind: ContributionKind::AboutTheChild,
                theme: None,
                summary: "Generated account of the child's days (fictional)".into(),
                own_words: None,
                permission: UsePermission::ParaphraseOnly,
                permission_agreed_on: on(10),
                not_used_reason: None,
            },
        )?);
    }
    insert(
        tx,
        &Finding {
            id: 0,
            review_id,
            title: "Concerns were not shared between agencies (generated)".into(),
            text: "Generated finding (fictional).".into(),
            status: FindingStatus::Draft,
            line_ids: vec![line],
            contribution_ids: contributions,
        },
    )?;
    if phase >= Phase::ShareFindings {
        let session = insert(
            tx,
            &SharingSession {
                id: 0,
                review_id,
                member_ids: vec![first],
                draft_version: "Draft 1 (generated)".into(),
                date: on(60),
                mode: SharingMode::ReadingSession,
                supporter: None,
                interpreter_language: None,
                reading_time_days: Some(14),
                comments_due: Some(on(74)),
                comments: vec![],
            },
        )?;
        let answered = roll() < 2;
        insert(
            tx,
            &DraftComment {
                id: 0,
                review_id,
                session_id: session,
                part: "Section 2 (generated)".into(),
                said: "Generated comment (fictional)".into(),
                response: answered.then(|| Response {
                    kind: ResponseKind::FactualCorrection {
                        what: "Generated correction (fictional)".into(),
                    },
                    decided_on: on(70),
                    told_on: Some(on(71)),
                }),
            },
        )?;
    }
    Ok(())
}
