//! Feedback in the generated (scale) workbooks: forms sent to the people involved in a
//! review that has reached its findings, and most of them returned, so the evaluation
//! across reviews (`workbook::evaluation`) has a realistic load to add up. Drawn from a
//! generator of its own, so the rest of the generated workbook is unchanged by it.

use std::collections::BTreeMap;

use chrono::{Days, NaiveDate, NaiveTime};

use crate::domain::phase::Phase;
use crate::domain::records::{
    Answer, DocumentIssued, DocumentKind, Feedback, FeedbackStage, QuestionResponse,
};
use crate::error::Result;

/// A review's feedback: one form for each person involved once the review has shared its
/// findings, made between two years and a month before `today`; about two in three come
/// back a few weeks later (some anonymously), answering most scale questions and writing
/// a comment now and then.
pub(super) fn scaled(
    tx: &crate::store::Tx,
    review_id: i64,
    phase: Phase,
    involved: &[i64],
    today: NaiveDate,
    seed: u64,
) -> Result<()> {
    if phase < Phase::ShareFindings {
        return Ok(());
    }
    let bank =
        crate::assets::question_bank().map_err(|e| crate::error::Error::Internal(e.to_string()))?;
    let mut state = seed.wrapping_mul(0x2545_F491_4F6C_DD1D) | 1;
    let mut roll = move |n: u64| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state % n.max(1)
    };
    for &member in involved {
        let made = today
            .checked_sub_days(Days::new(30 + roll(700)))
            .unwrap_or(today);
        crate::store::records::insert(
            tx,
            &DocumentIssued {
                id: 0,
                review_id,
                member_id: Some(member),
                kind: DocumentKind::FeedbackForm,
                variant: "standard".into(),
                language: "en".into(),
                wording_version: "generated (fictional)".into(),
                made_at: made.and_time(NaiveTime::MIN),
                contact_id: None,
                override_reason: None,
                pages: 4,
                file: None,
            },
        )?;
        if roll(3) == 0 {
            continue;
        }
        let mut responses = BTreeMap::new();
        for q in &bank.question {
            let scale = q.kind == crate::assets::questions::QuestionKind::Scale;
            let answer = match (scale, roll(20)) {
                (false, _) | (true, 0) => None,
                (true, 1..=10) => Some(Answer::Yes),
                (true, 11..=14) => Some(Answer::Partly),
                (true, 15..=17) => Some(Answer::No),
                (true, _) => Some(Answer::NotSure),
            };
            let comment = (roll(8) == 0).then(|| "Generated comment (fictional).".to_string());
            if answer.is_some() || comment.is_some() {
                responses.insert(q.id.clone(), QuestionResponse { answer, comment });
            }
        }
        let anonymous = roll(4) == 0;
        crate::store::records::insert(
            tx,
            &Feedback {
                id: 0,
                review_id,
                member_id: (!anonymous).then_some(member),
                stage: FeedbackStage::AfterFindings,
                received_on: made
                    .checked_add_days(Days::new(7 + roll(40)))
                    .unwrap_or(made)
                    .min(today),
                channel: Some("Post".into()),
                responses,
                follow_up_requested: false,
                passed_to_partnership: false,
            },
        )?;
    }
    Ok(())
}
