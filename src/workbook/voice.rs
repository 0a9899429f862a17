//! The family's voice (issue 12): one method per use case for lines of enquiry, family
//! questions and their answers, contributions, findings and draft sharing.
//!
//! Every record is checked against its review before it is written: the people, contacts,
//! questions, lines and contributions it names belong to the same review; people who may
//! never share (a domestic-abuse link, an information barrier) never share a question or a
//! draft session; a draft is shared with a restricted person only after clearance, as for
//! any contact; and a contribution the person asked not to be used informs no finding.

use crate::domain::member::Member;
use crate::domain::review::Review;
use crate::domain::safety;
use crate::domain::voice::{self, *};
use crate::error::{Error, Result};
use crate::store::records as rec;
use crate::store::voice as q;

use super::forms::{
    AnswerForm, CommentForm, ContributionForm, FindingForm, LineForm, QuestionForm, ResponseForm,
    SharingForm,
};
use super::Workbook;

/// Everything recorded of the family's voice in one review, for one screen.
#[derive(Debug, Clone, serde::Serialize)]
pub struct VoiceRecords {
    /// What the review's nation calls its lines of enquiry, as a heading ("Key lines of
    /// enquiry"; in Scotland, within its remit).
    pub lines_heading: String,
    /// The questions still waiting for the review (open or being looked into).
    pub waiting: Vec<i64>,
    pub lines: Vec<LineOfEnquiry>,
    pub questions: Vec<Question>,
    pub contributions: Vec<Contribution>,
    /// The contributions that may inform a finding (not those the person asked not to be
    /// used), for the finding form's choices.
    pub may_inform: Vec<i64>,
    pub findings: Vec<Finding>,
    pub sessions: Vec<SharingSession>,
}

/// One person's share of it: only their own questions, contributions and sessions.
#[derive(Debug, Clone, serde::Serialize)]
pub struct MemberVoice {
    /// Their questions still waiting for the review.
    pub waiting: Vec<i64>,
    pub questions: Vec<Question>,
    pub contributions: Vec<Contribution>,
    pub sessions: Vec<SharingSession>,
}

impl Workbook {
    /// A review's lines of enquiry, questions, contributions, findings and draft sessions.
    pub fn voice(&self, review_key: &str) -> Result<VoiceRecords> {
        let review = self.review(review_key)?;
        self.voice_of(&review)
    }

    pub(crate) fn voice_of(&self, review: &Review) -> Result<VoiceRecords> {
        let conn = self.store.conn();
        let review_id = review.id;
        let questions = q::questions(conn, review_id, q::Order::ByDate)?;
        let contributions = q::contributions(conn, review_id, q::Order::ByDate)?;
        Ok(VoiceRecords {
            lines_heading: crate::domain::summary::lines_heading(review.nation),
            waiting: waiting(&questions),
            lines: q::lines(conn, review_id)?,
            questions,
            may_inform: contributions
                .iter()
                .filter(|c| c.permission.may_inform())
                .map(|c| c.id)
                .collect(),
            contributions,
            findings: q::findings(conn, review_id)?,
            sessions: q::sessions(conn, review_id, q::Order::ByDate)?,
        })
    }

    /// The same, for a person named with their review (refused when they are in another).
    pub fn member_voice_in(&self, review_key: &str, member_id: i64) -> Result<MemberVoice> {
        let review = self.review(review_key)?;
        self.members_of(review.id, &[member_id], "member")?;
        self.member_voice(member_id)
    }

    /// What one person asked, told and saw: nothing of anyone else's.
    pub fn member_voice(&self, member_id: i64) -> Result<MemberVoice> {
        let m = self.member(member_id)?;
        let all = self.voice_of(&self.review_by_id(m.review_id)?)?;
        let questions: Vec<Question> = voice::own_questions(m.id, &all.questions)
            .into_iter()
            .cloned()
            .collect();
        Ok(MemberVoice {
            waiting: waiting(&questions),
            questions,
            contributions: all
                .contributions
                .into_iter()
                .filter(|c| c.member_id == m.id)
                .collect(),
            sessions: all
                .sessions
                .into_iter()
                .filter(|s| s.member_ids.contains(&m.id))
                .collect(),
        })
    }

    // ----- lines of enquiry -------------------------------------------------------------

    pub fn add_line(&mut self, review_key: &str, form: &LineForm) -> Result<LineOfEnquiry> {
        let review = self.review(review_key)?;
        let line = form.parse(review.id)?;
        self.check_questions(review.id, &line.question_ids, "question_ids")?;
        let id = self.store.write(|tx| rec::insert(tx, &line))?;
        rec::get(self.store.conn(), id)
    }

    pub fn change_line(&mut self, line_id: i64, form: &LineForm) -> Result<LineOfEnquiry> {
        let old: LineOfEnquiry = rec::get(self.store.conn(), line_id)?;
        let mut line = form.parse(old.review_id)?;
        line.id = old.id;
        self.check_questions(old.review_id, &line.question_ids, "question_ids")?;
        self.store.write(|tx| rec::update(tx, &line))?;
        Ok(line)
    }

    // ----- questions --------------------------------------------------------------------

    pub fn question(&self, id: i64) -> Result<Question> {
        rec::get(self.store.conn(), id)
    }

    /// Records a question asked by one or more people of the review (status: open).
    pub fn add_question(&mut self, review_key: &str, form: &QuestionForm) -> Result<Question> {
        let review = self.review(review_key)?;
        let question = form.parse(review.id, QuestionStatus::Open)?;
        self.check_question(&question)?;
        let id = self.store.write(|tx| rec::insert(tx, &question))?;
        self.question(id)
    }

    /// Changes who asked, when, the words or the links; the status is kept.
    pub fn change_question(&mut self, id: i64, form: &QuestionForm) -> Result<Question> {
        let old = self.question(id)?;
        let mut question = form.parse(old.review_id, old.status.clone())?;
        question.id = old.id;
        self.check_question(&question)?;
        self.store.write(|tx| rec::update(tx, &question))?;
        Ok(question)
    }

    /// Moves a question on: being looked into, answered, cannot be answered, outside.
    pub fn answer_question(&mut self, id: i64, form: &AnswerForm) -> Result<Question> {
        let mut question = self.question(id)?;
        question.status = form.parse()?;
        self.check_question(&question)?;
        self.store
            .write(|tx| rec::update_as(tx, &question, "answer"))?;
        Ok(question)
    }

    fn check_question(&self, question: &Question) -> Result<()> {
        let review_id = question.review_id;
        self.members_of(review_id, &question.asked_by, "asked_by")?;
        if let Some(contact) = question.contact_id {
            if self.contact(contact)?.review_id != review_id {
                return Err(Error::invalid(
                    "contact_id",
                    "The contact belongs to another review",
                ));
            }
        }
        self.check_lines(review_id, &question.line_ids, "line_ids")?;
        let errors = question.conflicts(
            self.today(),
            &self.abuse_links(review_id)?,
            &self.barriers(review_id)?,
        );
        invalid_if_any(errors)
    }

    // ----- contributions ----------------------------------------------------------------

    pub fn contribution(&self, id: i64) -> Result<Contribution> {
        rec::get(self.store.conn(), id)
    }

    /// Records what one person told the review.
    pub fn add_contribution(
        &mut self,
        member_id: i64,
        form: &ContributionForm,
    ) -> Result<Contribution> {
        let m = self.member(member_id)?;
        let c = form.parse(m.review_id, m.id, self.today())?;
        self.check_contribution(&c)?;
        let id = self.store.write(|tx| rec::insert(tx, &c))?;
        self.contribution(id)
    }

    pub fn change_contribution(
        &mut self,
        id: i64,
        form: &ContributionForm,
    ) -> Result<Contribution> {
        let old = self.contribution(id)?;
        let mut c = form.parse(old.review_id, old.member_id, self.today())?;
        c.id = old.id;
        self.check_contribution(&c)?;
        // A change of permission to "not to be used" takes it out of every finding.
        let findings = q::findings(self.store.conn(), c.review_id)?;
        self.store.write(|tx| {
            rec::update(tx, &c)?;
            if !c.permission.may_inform() {
                for mut f in findings
                    .into_iter()
                    .filter(|f| f.contribution_ids.contains(&c.id))
                {
                    f.contribution_ids.retain(|x| *x != c.id);
                    rec::update_as(tx, &f, "unlink-unusable")?;
                }
            }
            Ok(())
        })?;
        Ok(c)
    }

    fn check_contribution(&self, c: &Contribution) -> Result<()> {
        if let Some(contact) = c.contact_id {
            let contact = self.contact(contact)?;
            let present =
                contact.member_id == c.member_id || contact.with_member_ids.contains(&c.member_id);
            if contact.review_id != c.review_id || !present {
                return Err(Error::invalid(
                    "contact_id",
                    "Choose a contact or visit this person was at",
                ));
            }
        }
        self.check_lines(c.review_id, &c.line_ids, "line_ids")
    }

    // ----- findings ---------------------------------------------------------------------

    pub fn add_finding(&mut self, review_key: &str, form: &FindingForm) -> Result<Finding> {
        let review = self.review(review_key)?;
        let f = form.parse(review.id)?;
        self.check_finding(&f)?;
        let id = self.store.write(|tx| rec::insert(tx, &f))?;
        rec::get(self.store.conn(), id)
    }

    pub fn change_finding(&mut self, id: i64, form: &FindingForm) -> Result<Finding> {
        let old: Finding = rec::get(self.store.conn(), id)?;
        let mut f = form.parse(old.review_id)?;
        f.id = old.id;
        self.check_finding(&f)?;
        self.store.write(|tx| rec::update(tx, &f))?;
        Ok(f)
    }

    fn check_finding(&self, f: &Finding) -> Result<()> {
        self.check_lines(f.review_id, &f.line_ids, "line_ids")?;
        let contributions = q::contributions(self.store.conn(), f.review_id, q::Order::ByDate)?;
        if f.contribution_ids
            .iter()
            .any(|id| !contributions.iter().any(|c| c.id == *id))
        {
            return Err(Error::invalid(
                "contribution_ids",
                "A linked contribution belongs to another review",
            ));
        }
        invalid_if_any(voice::link_conflicts(f, &contributions))
    }

    // ----- draft sharing ----------------------------------------------------------------

    /// Records a draft shared with one or more people: never across an abuse link or an
    /// information barrier, and with a restricted person only after clearance.
    pub fn share_draft(&mut self, review_key: &str, form: &SharingForm) -> Result<SharingSession> {
        let review = self.review(review_key)?;
        let session = form.parse(review.id)?;
        let people = self.members_of(review.id, &session.member_ids, "member_ids")?;
        safety::joint_meeting(
            &session.member_ids,
            &self.abuse_links(review.id)?,
            &self.barriers(review.id)?,
        )
        .map_err(|r| Error::Refused(vec![r]))?;
        for p in &people {
            safety::may_contact(p, self.today()).map_err(Error::Refused)?;
        }
        let id = self
            .store
            .write(|tx| rec::insert(tx, &q::without_comments(&session)))?;
        q::session(self.store.conn(), id)
    }

    pub fn add_comment(&mut self, session_id: i64, form: &CommentForm) -> Result<DraftComment> {
        let session = q::session(self.store.conn(), session_id)?;
        let c = form.parse(session.review_id, session.id)?;
        let id = self.store.write(|tx| rec::insert(tx, &c))?;
        rec::get(self.store.conn(), id)
    }

    /// What the review did with a comment, and when the person was told.
    pub fn respond_to_comment(
        &mut self,
        comment_id: i64,
        form: &ResponseForm,
    ) -> Result<DraftComment> {
        let mut c: DraftComment = rec::get(self.store.conn(), comment_id)?;
        let session = q::session(self.store.conn(), c.session_id)?;
        let response = form.parse()?;
        if response.decided_on < session.date {
            return Err(Error::invalid(
                "decided_on",
                "The date decided must be on or after the day the draft was shared",
            ));
        }
        if response.told_on.is_some_and(|t| t > self.today()) {
            return Err(Error::invalid(
                "told_on",
                "The date the person was told cannot be in the future",
            ));
        }
        c.response = Some(response);
        self.store.write(|tx| rec::update_as(tx, &c, "respond"))?;
        Ok(c)
    }

    // ----- shared checks ----------------------------------------------------------------

    /// The people named, each loaded once, all of this review and at least one.
    fn members_of(&self, review_id: i64, ids: &[i64], field: &str) -> Result<Vec<Member>> {
        let mut people = Vec::with_capacity(ids.len());
        for &id in ids {
            let m = self
                .member(id)
                .map_err(|_| Error::invalid(field, "A person chosen is not in this review"))?;
            if m.review_id != review_id {
                return Err(Error::invalid(
                    field,
                    "A person chosen is not in this review",
                ));
            }
            people.push(m);
        }
        Ok(people)
    }

    fn check_lines(&self, review_id: i64, ids: &[i64], field: &str) -> Result<()> {
        let lines = q::lines(self.store.conn(), review_id)?;
        if ids.iter().any(|id| !lines.iter().any(|l| l.id == *id)) {
            return Err(Error::invalid(
                field,
                "A line of enquiry chosen is not in this review",
            ));
        }
        Ok(())
    }

    fn check_questions(&self, review_id: i64, ids: &[i64], field: &str) -> Result<()> {
        let questions = q::questions(self.store.conn(), review_id, q::Order::ByDate)?;
        if ids.iter().any(|id| !questions.iter().any(|x| x.id == *id)) {
            return Err(Error::invalid(
                field,
                "A question chosen is not in this review",
            ));
        }
        Ok(())
    }
}

fn waiting(questions: &[Question]) -> Vec<i64> {
    questions
        .iter()
        .filter(|q| q.status.waiting())
        .map(|q| q.id)
        .collect()
}

fn invalid_if_any(errors: Vec<crate::domain::text::FieldError>) -> Result<()> {
    if errors.is_empty() {
        Ok(())
    } else {
        Err(Error::Invalid(errors))
    }
}
