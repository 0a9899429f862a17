//! The family's voice (domain.md §§1–4): what families ask, what they tell the review, how
//! that shapes its lines of enquiry and findings, and how they see and comment on the draft.
//!
//! These records are how an author shows, from Kindred, that the family's questions were
//! answered, that they shaped the focus, that what they know informed the analysis, and
//! that they commented on the draft and what changed. The rules here are the ones that
//! protect people: a question or a draft is never shared across a domestic-abuse link or
//! an information barrier, words are quoted only where the person agreed, and every status
//! that needs a reason or a date carries it in its type.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::member::{slug_enum, AbuseLink, Barrier};
use super::safety::{joint_meeting, Refusal};
use super::text::FieldError;

slug_enum!(
    /// Where a line of enquiry came from. A line from a family question links to it.
    EnquirySource {
        CommissioningBody = "commissioning-body",
        Reviewer = "reviewer",
        FamilyQuestion = "family-question",
        Practitioner = "practitioner",
    }
);

/// Whether a line of enquiry is still being looked at.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "kebab-case")]
pub enum LineStatus {
    Open,
    Covered,
    /// Dropped, with the reason (a line is never dropped silently).
    Dropped {
        reason: String,
    },
}

/// One of the review's key lines of enquiry (the "remit" in Scotland).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LineOfEnquiry {
    pub id: i64,
    pub review_id: i64,
    pub text: String,
    pub source: EnquirySource,
    /// The family questions this line came from or answers.
    pub question_ids: Vec<i64>,
    pub added_on: NaiveDate,
    pub status: LineStatus,
}

impl LineOfEnquiry {
    /// A line said to come from a family question must name it: that link is the evidence
    /// that the family shaped the focus.
    pub fn conflicts(&self) -> Vec<FieldError> {
        let mut errors = Vec::new();
        if self.source == EnquirySource::FamilyQuestion && self.question_ids.is_empty() {
            errors.push(FieldError::new(
                "question_ids",
                "Choose the family question this line of enquiry came from",
            ));
        }
        errors
    }

    /// Came from what a family member asked (a line from elsewhere may still take up a
    /// family question: it links to it without having come from it).
    pub fn from_family(&self) -> bool {
        self.source == EnquirySource::FamilyQuestion
    }
}

slug_enum!(
    /// How an answer reached the person.
    AnswerMode {
        InPerson = "in-person",
        Phone = "phone",
        Letter = "letter",
        Email = "email",
        InTheReport = "in-the-report",
        ThroughAdvocate = "through-advocate",
    }
);

/// Where a family question stands. Each ending carries what the author must be able to show.
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
    /// Families are owed honesty when a question cannot be answered, and to be told so.
    CannotBeAnswered {
        reason: String,
        told_on: NaiveDate,
    },
    /// Outside what the review can look at: where it was referred.
    OutsideReview {
        referred_to: String,
        told_on: Option<NaiveDate>,
    },
}

impl QuestionStatus {
    /// Still waiting for the review (open or being looked into).
    pub fn waiting(&self) -> bool {
        matches!(self, QuestionStatus::Open | QuestionStatus::BeingLookedInto)
    }

    pub fn slug(&self) -> &'static str {
        match self {
            QuestionStatus::Open => "open",
            QuestionStatus::BeingLookedInto => "being-looked-into",
            QuestionStatus::Answered { .. } => "answered",
            QuestionStatus::CannotBeAnswered { .. } => "cannot-be-answered",
            QuestionStatus::OutsideReview { .. } => "outside-review",
        }
    }

    /// The status in words, for the screen and the summary.
    pub fn words(&self) -> &'static str {
        match self {
            QuestionStatus::Open => "Open",
            QuestionStatus::BeingLookedInto => "Being looked into",
            QuestionStatus::Answered { .. } => "Answered",
            QuestionStatus::CannotBeAnswered { .. } => "Cannot be answered",
            QuestionStatus::OutsideReview { .. } => "Outside the review",
        }
    }

    /// The day the person was told (answered, or told it cannot be answered or was referred).
    pub fn told_on(&self) -> Option<NaiveDate> {
        match self {
            QuestionStatus::Answered { given_on, .. } => Some(*given_on),
            QuestionStatus::CannotBeAnswered { told_on, .. } => Some(*told_on),
            QuestionStatus::OutsideReview { told_on, .. } => *told_on,
            _ => None,
        }
    }
}

/// A question a family member (or several, together) asked the review, in their words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Question {
    pub id: i64,
    pub review_id: i64,
    /// Who asked: one or more members, never across a barrier or an abuse link.
    pub asked_by: Vec<i64>,
    pub asked_on: NaiveDate,
    /// The question in the person's own words.
    pub words: String,
    /// The contact or visit during which it was asked.
    pub contact_id: Option<i64>,
    pub line_ids: Vec<i64>,
    pub status: QuestionStatus,
}

impl Question {
    /// Dates and people that cannot be right: nobody asked it; asked in the future; told
    /// before it was asked or after today; asked together by people who may never share.
    pub fn conflicts(
        &self,
        today: NaiveDate,
        links: &[AbuseLink],
        barriers: &[Barrier],
    ) -> Vec<FieldError> {
        let mut errors = Vec::new();
        if self.asked_by.is_empty() {
            errors.push(FieldError::new("asked_by", "Choose who asked the question"));
        }
        if let Err(Refusal::JointMeeting { reason }) =
            joint_meeting(&self.asked_by, links, barriers)
        {
            errors.push(FieldError::new(
                "asked_by",
                format!("These people cannot share a question: {reason}. Record it for each person on their own"),
            ));
        }
        if self.asked_on > today {
            errors.push(FieldError::new(
                "asked_on",
                "The date asked cannot be in the future",
            ));
        }
        if let Some(told) = self.status.told_on() {
            let field = match self.status {
                QuestionStatus::Answered { .. } => "given_on",
                _ => "told_on",
            };
            if told < self.asked_on {
                errors.push(FieldError::new(
                    field,
                    "The date the person was told must be on or after the date they asked",
                ));
            } else if told > today {
                errors.push(FieldError::new(
                    field,
                    "The date the person was told cannot be in the future",
                ));
            }
        }
        errors
    }

    pub fn asked_by(&self, member_id: i64) -> bool {
        self.asked_by.contains(&member_id)
    }
}

/// May what concerns `owners` (a question and its answer, a draft session) be shown to or
/// printed for `viewer`? Only where nothing separates the viewer from any owner: no
/// domestic-abuse link and no information barrier between them, in either direction. The
/// owners themselves always may. Cautious by design: a barrier protects one way, but an
/// answer that mentions the protected person's question tells the other side too much.
pub fn may_share_with(
    viewer: i64,
    owners: &[i64],
    links: &[AbuseLink],
    barriers: &[Barrier],
) -> bool {
    if owners.contains(&viewer) {
        return true;
    }
    owners.iter().all(|&owner| {
        let pair = |x: i64, y: i64| (x == owner && y == viewer) || (x == viewer && y == owner);
        !links.iter().any(|l| pair(l.victim_id, l.perpetrator_id))
            && !barriers
                .iter()
                .any(|b| pair(b.protected_id, b.withheld_from_id))
    })
}

/// The questions a document for one person may carry: only that person's own.
pub fn own_questions(member_id: i64, questions: &[Question]) -> Vec<&Question> {
    questions.iter().filter(|q| q.asked_by(member_id)).collect()
}

slug_enum!(
    /// What a contribution is about. "About the child" is who the child was, as the family
    /// describe them: the child's lived experience that the report should carry.
    ContributionKind {
        AboutTheChild = "about-the-child",
        Events = "events",
        Services = "services",
        FamilyLife = "family-life",
        Other = "other",
    }
);

slug_enum!(
    /// How the person agreed what they said may be used.
    UsePermission {
        MayQuote = "may-quote",
        ParaphraseOnly = "paraphrase-only",
        BackgroundOnly = "background-only",
        NotToBeUsed = "not-to-be-used",
    }
);

impl UsePermission {
    pub fn words(self) -> &'static str {
        match self {
            UsePermission::MayQuote => "May be quoted",
            UsePermission::ParaphraseOnly => "Paraphrase only",
            UsePermission::BackgroundOnly => "Background only",
            UsePermission::NotToBeUsed => "Not to be used",
        }
    }

    /// May this contribution inform a finding at all?
    pub fn may_inform(self) -> bool {
        self != UsePermission::NotToBeUsed
    }
}

/// What one person told the review.
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
    /// In the author's words.
    pub summary: String,
    /// The person's own words; kept only where they agreed to be quoted.
    pub own_words: Option<String>,
    pub permission: UsePermission,
    pub permission_agreed_on: NaiveDate,
    /// Why it informed no finding, when it did not.
    pub not_used_reason: Option<String>,
}

impl Contribution {
    pub fn conflicts(&self, today: NaiveDate) -> Vec<FieldError> {
        let mut errors = Vec::new();
        if self.own_words.is_some() && self.permission != UsePermission::MayQuote {
            errors.push(FieldError::new(
                "own_words",
                "Keep the person's own words only where they agreed to be quoted: choose \"May be quoted\" or leave their words out",
            ));
        }
        if self.date > today {
            errors.push(FieldError::new("date", "The date cannot be in the future"));
        }
        if self.permission_agreed_on > today {
            errors.push(FieldError::new(
                "permission_agreed_on",
                "The date the use was agreed cannot be in the future",
            ));
        }
        errors
    }

    /// The words that may appear in a report as a quotation, if any.
    pub fn quotable(&self) -> Option<&str> {
        match self.permission {
            UsePermission::MayQuote => self.own_words.as_deref(),
            _ => None,
        }
    }
}

slug_enum!(FindingStatus {
    Draft = "draft",
    Agreed = "agreed",
});

/// A draft finding of the review, with what informed it.
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

/// Linking a contribution the person did not agree to be used is refused.
pub fn link_conflicts(finding: &Finding, contributions: &[Contribution]) -> Vec<FieldError> {
    finding
        .contribution_ids
        .iter()
        .filter_map(|id| contributions.iter().find(|c| c.id == *id))
        .filter(|c| !c.permission.may_inform())
        .map(|_| {
            FieldError::new(
                "contribution_ids",
                "The person asked that what they said is not used: it cannot inform a finding",
            )
        })
        .collect()
}

/// Where one contribution went: the findings it informed, or why none.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum Outcome<'a> {
    Informed(Vec<&'a Finding>),
    NotUsed(Option<&'a str>),
}

pub fn outcome_of<'a>(contribution: &'a Contribution, findings: &'a [Finding]) -> Outcome<'a> {
    let informed: Vec<&Finding> = findings
        .iter()
        .filter(|f| f.contribution_ids.contains(&contribution.id))
        .collect();
    if informed.is_empty() {
        Outcome::NotUsed(contribution.not_used_reason.as_deref())
    } else {
        Outcome::Informed(informed)
    }
}

slug_enum!(
    /// How a person saw the draft.
    SharingMode {
        ReadingSession = "reading-session",
        CopySent = "copy-sent",
        ReadAloud = "read-aloud",
        WithInterpreter = "with-interpreter",
    }
);

/// What the review did with a comment on the draft.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum ResponseKind {
    Changed { how: String },
    FactualCorrection { what: String },
    NotChanged { why: String },
}

impl ResponseKind {
    pub fn changed_the_draft(&self) -> bool {
        !matches!(self, ResponseKind::NotChanged { .. })
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Response {
    pub kind: ResponseKind,
    pub decided_on: NaiveDate,
    /// When the person was told; until then the response is not finished.
    pub told_on: Option<NaiveDate>,
}

/// One comment on the draft.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DraftComment {
    pub id: i64,
    pub review_id: i64,
    pub session_id: i64,
    /// The part of the draft ("Section 4, paragraph 2").
    pub part: String,
    pub said: String,
    pub response: Option<Response>,
}

impl DraftComment {
    /// Waiting for the review: no response yet, or the person not yet told.
    pub fn awaiting_response(&self) -> bool {
        self.response.as_ref().is_none_or(|r| r.told_on.is_none())
    }
}

/// A draft shared with one or more people.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SharingSession {
    pub id: i64,
    pub review_id: i64,
    pub member_ids: Vec<i64>,
    /// Which draft ("Draft 2, 14 May").
    pub draft_version: String,
    pub date: NaiveDate,
    pub mode: SharingMode,
    pub supporter: Option<String>,
    pub interpreter_language: Option<String>,
    pub reading_time_days: Option<u32>,
    pub comments_due: Option<NaiveDate>,
    pub comments: Vec<DraftComment>,
}

impl SharingSession {
    pub fn conflicts(&self) -> Vec<FieldError> {
        let mut errors = Vec::new();
        if self.member_ids.is_empty() {
            errors.push(FieldError::new("member_ids", "Choose who saw the draft"));
        }
        if self.comments_due.is_some_and(|due| due < self.date) {
            errors.push(FieldError::new(
                "comments_due",
                "The deadline for comments must be on or after the day the draft was shared",
            ));
        }
        for c in &self.comments {
            if let Some(r) = &c.response {
                if r.told_on.is_some_and(|t| t < r.decided_on) {
                    errors.push(FieldError::new(
                        "told_on",
                        "The person cannot be told before the response was decided",
                    ));
                }
            }
        }
        errors
    }
}

/// People who asked to see the draft (in their terms) but have no sharing session yet.
pub fn draft_wanted_without_session(
    wanting: impl IntoIterator<Item = i64>,
    sessions: &[SharingSession],
) -> Vec<i64> {
    wanting
        .into_iter()
        .filter(|m| !sessions.iter().any(|s| s.member_ids.contains(m)))
        .collect()
}

/// A value and its words, for a form's options: no code ever shows on screen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Choice {
    pub value: &'static str,
    pub label: &'static str,
}

/// Every choice the family's-voice forms offer, in words, by the form field's name.
pub fn choices() -> Vec<(&'static str, Vec<Choice>)> {
    let c = |pairs: &[(&'static str, &'static str)]| {
        pairs
            .iter()
            .map(|(value, label)| Choice { value, label })
            .collect::<Vec<_>>()
    };
    vec![
        (
            "source",
            c(&[
                ("commissioning-body", "The commissioning body"),
                ("reviewer", "You, the reviewer"),
                ("family-question", "A family member’s question"),
                ("practitioner", "A practitioner"),
            ]),
        ),
        (
            "line_status",
            c(&[
                ("open", "Open"),
                ("covered", "Covered"),
                ("dropped", "Dropped"),
            ]),
        ),
        (
            "question_status",
            c(&[
                ("open", "Open"),
                ("being-looked-into", "Being looked into"),
                ("answered", "Answered"),
                ("cannot-be-answered", "Cannot be answered"),
                ("outside-review", "Outside the review"),
            ]),
        ),
        (
            "how",
            c(&[
                ("in-person", "In person"),
                ("phone", "By phone"),
                ("letter", "By letter"),
                ("email", "By email"),
                ("in-the-report", "In the report"),
                ("through-advocate", "Through an advocate"),
            ]),
        ),
        (
            "kind",
            c(&[
                ("about-the-child", "About the child: who they were"),
                ("events", "Events"),
                ("services", "Services and what they did"),
                ("family-life", "Family life"),
                ("other", "Something else"),
            ]),
        ),
        (
            "permission",
            c(&[
                ("may-quote", "May be quoted"),
                ("paraphrase-only", "Paraphrase only"),
                ("background-only", "Background only"),
                ("not-to-be-used", "Not to be used"),
            ]),
        ),
        (
            "finding_status",
            c(&[("draft", "Draft"), ("agreed", "Agreed")]),
        ),
        (
            "mode",
            c(&[
                ("reading-session", "A reading session in person"),
                ("copy-sent", "A copy sent to them"),
                ("read-aloud", "Read aloud to them"),
                ("with-interpreter", "With an interpreter"),
            ]),
        ),
        (
            "response",
            c(&[
                ("changed", "The draft was changed"),
                ("factual-correction", "A factual correction was made"),
                ("not-changed", "Not changed"),
            ]),
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("test date")
    }

    fn question(asked_by: Vec<i64>, status: QuestionStatus) -> Question {
        Question {
            id: 1,
            review_id: 1,
            asked_by,
            asked_on: day("2026-03-01"),
            words: "Why did nobody visit after the school rang?".into(),
            contact_id: None,
            line_ids: vec![],
            status,
        }
    }

    #[test]
    fn question_dates_and_askers_are_checked() {
        let today = day("2026-06-01");
        let answered = |on: &str| QuestionStatus::Answered {
            answer: "The duty team did not have the referral".into(),
            how: AnswerMode::InPerson,
            given_on: day(on),
            given_by: "The reviewer".into(),
        };
        let barrier = Barrier {
            protected_id: 1,
            withheld_from_id: 2,
            reason: None,
        };
        let link = AbuseLink {
            victim_id: 1,
            perpetrator_id: 3,
        };
        let cases: Vec<(Question, &[&str])> = vec![
            (question(vec![1], QuestionStatus::Open), &[]),
            (question(vec![1], answered("2026-04-01")), &[]),
            (question(vec![], QuestionStatus::Open), &["asked_by"]),
            (question(vec![1], answered("2026-02-01")), &["given_on"]),
            (question(vec![1], answered("2026-07-01")), &["given_on"]),
            (question(vec![1, 2], QuestionStatus::Open), &["asked_by"]),
            (question(vec![3, 1], QuestionStatus::Open), &["asked_by"]),
            (
                question(
                    vec![1],
                    QuestionStatus::CannotBeAnswered {
                        reason: "The records were destroyed".into(),
                        told_on: day("2026-01-01"),
                    },
                ),
                &["told_on"],
            ),
        ];
        for (q, expect) in cases {
            let got: Vec<String> = q
                .conflicts(today, &[link], std::slice::from_ref(&barrier))
                .into_iter()
                .map(|e| e.field)
                .collect();
            assert_eq!(got, *expect, "{q:?}");
        }
        let mut future = question(vec![1], QuestionStatus::Open);
        future.asked_on = day("2026-06-02");
        assert_eq!(future.conflicts(today, &[], &[])[0].field, "asked_on");
    }

    #[test]
    fn nothing_is_shared_across_a_link_or_a_barrier_either_way() {
        let links = [AbuseLink {
            victim_id: 1,
            perpetrator_id: 2,
        }];
        let barriers = [Barrier {
            protected_id: 3,
            withheld_from_id: 4,
            reason: Some("Police advice".into()),
        }];
        let cases: &[(i64, &[i64], bool)] = &[
            (1, &[1], true),
            (2, &[1], false),
            (1, &[2], false),
            (4, &[3], false),
            (3, &[4], false),
            (5, &[1, 3], true),
            (2, &[5, 1], false),
            (1, &[1, 2], true), // an owner always sees their own
            (6, &[], true),
        ];
        for (viewer, owners, expect) in cases {
            assert_eq!(
                may_share_with(*viewer, owners, &links, &barriers),
                *expect,
                "viewer {viewer}, owners {owners:?}"
            );
        }
    }

    #[test]
    fn a_person_gets_only_their_own_questions() {
        let mut a = question(vec![1], QuestionStatus::Open);
        a.id = 1;
        let mut b = question(vec![2], QuestionStatus::Open);
        b.id = 2;
        let mut both = question(vec![1, 2], QuestionStatus::Open);
        both.id = 3;
        let qs = [a, b, both];
        let ids = |m| {
            own_questions(m, &qs)
                .iter()
                .map(|q| q.id)
                .collect::<Vec<_>>()
        };
        assert_eq!(ids(1), vec![1, 3]);
        assert_eq!(ids(2), vec![2, 3]);
        assert_eq!(ids(9), Vec::<i64>::new());
    }

    fn contribution(permission: UsePermission, own_words: Option<&str>) -> Contribution {
        Contribution {
            id: 7,
            review_id: 1,
            member_id: 1,
            date: day("2026-03-01"),
            contact_id: None,
            line_ids: vec![],
            kind: ContributionKind::AboutTheChild,
            theme: None,
            summary: "Loved the swings and her big brother".into(),
            own_words: own_words.map(str::to_string),
            permission,
            permission_agreed_on: day("2026-03-01"),
            not_used_reason: None,
        }
    }

    #[test]
    fn words_are_quoted_only_with_consent() {
        let today = day("2026-06-01");
        let quoted = contribution(UsePermission::MayQuote, Some("She lit up the room"));
        assert!(quoted.conflicts(today).is_empty());
        assert_eq!(quoted.quotable(), Some("She lit up the room"));
        for p in [
            UsePermission::ParaphraseOnly,
            UsePermission::BackgroundOnly,
            UsePermission::NotToBeUsed,
        ] {
            let c = contribution(p, Some("She lit up the room"));
            assert_eq!(c.conflicts(today)[0].field, "own_words", "{p:?}");
            assert_eq!(c.quotable(), None);
            assert!(contribution(p, None).conflicts(today).is_empty());
        }
    }

    #[test]
    fn findings_show_what_informed_them_and_contributions_where_they_went() {
        let used = contribution(UsePermission::MayQuote, None);
        let mut unused = contribution(UsePermission::ParaphraseOnly, None);
        unused.id = 8;
        unused.not_used_reason = Some("Outside the period the review covers".into());
        let mut barred = contribution(UsePermission::NotToBeUsed, None);
        barred.id = 9;
        let finding = Finding {
            id: 1,
            review_id: 1,
            title: "Nobody saw the child".into(),
            text: "…".into(),
            status: FindingStatus::Draft,
            line_ids: vec![],
            contribution_ids: vec![7],
        };
        let findings = [finding.clone()];
        assert_eq!(
            outcome_of(&used, &findings),
            Outcome::Informed(vec![&finding])
        );
        assert_eq!(
            outcome_of(&unused, &findings),
            Outcome::NotUsed(Some("Outside the period the review covers"))
        );
        let mut wrong = finding.clone();
        wrong.contribution_ids = vec![7, 9];
        let all = [used, unused, barred];
        assert!(link_conflicts(&finding, &all).is_empty());
        assert_eq!(link_conflicts(&wrong, &all).len(), 1);
    }

    #[test]
    fn comments_wait_until_the_person_is_told() {
        let mut c = DraftComment {
            id: 1,
            review_id: 1,
            session_id: 1,
            part: "Section 4".into(),
            said: "Dad was never asked".into(),
            response: None,
        };
        assert!(c.awaiting_response());
        c.response = Some(Response {
            kind: ResponseKind::Changed {
                how: "Added that the father was not contacted".into(),
            },
            decided_on: day("2026-05-01"),
            told_on: None,
        });
        assert!(c.awaiting_response());
        if let Some(r) = c.response.as_mut() {
            r.told_on = Some(day("2026-05-02"));
        }
        assert!(!c.awaiting_response());
    }

    #[test]
    fn sharing_sessions_are_checked_and_the_draft_is_owed_to_who_asked() {
        let session = SharingSession {
            id: 1,
            review_id: 1,
            member_ids: vec![1],
            draft_version: "Draft 2".into(),
            date: day("2026-05-01"),
            mode: SharingMode::ReadingSession,
            supporter: None,
            interpreter_language: None,
            reading_time_days: Some(14),
            comments_due: Some(day("2026-04-01")),
            comments: vec![],
        };
        assert_eq!(session.conflicts()[0].field, "comments_due");
        assert_eq!(
            draft_wanted_without_session([1, 2, 3], std::slice::from_ref(&session)),
            vec![2, 3]
        );
    }

    #[test]
    fn every_choice_is_a_value_the_forms_accept() {
        let all = choices();
        let values = |k: &str| -> Vec<&str> {
            all.iter()
                .find(|(n, _)| *n == k)
                .map(|(_, c)| c.iter().map(|x| x.value).collect())
                .unwrap_or_default()
        };
        let slugs = |v: &[&'static str]| v.to_vec();
        assert_eq!(
            values("source"),
            slugs(
                &EnquirySource::ALL
                    .iter()
                    .map(|x| x.slug())
                    .collect::<Vec<_>>()
            )
        );
        assert_eq!(
            values("how"),
            slugs(&AnswerMode::ALL.iter().map(|x| x.slug()).collect::<Vec<_>>())
        );
        assert_eq!(
            values("kind"),
            slugs(
                &ContributionKind::ALL
                    .iter()
                    .map(|x| x.slug())
                    .collect::<Vec<_>>()
            )
        );
        assert_eq!(
            values("permission"),
            slugs(
                &UsePermission::ALL
                    .iter()
                    .map(|x| x.slug())
                    .collect::<Vec<_>>()
            )
        );
        assert_eq!(
            values("finding_status"),
            slugs(
                &FindingStatus::ALL
                    .iter()
                    .map(|x| x.slug())
                    .collect::<Vec<_>>()
            )
        );
        assert_eq!(
            values("mode"),
            slugs(
                &SharingMode::ALL
                    .iter()
                    .map(|x| x.slug())
                    .collect::<Vec<_>>()
            )
        );
        for (_, cs) in &all {
            for c in cs {
                assert!(!c.label.contains('-'), "a code on screen: {}", c.label);
            }
        }
    }

    #[test]
    fn a_line_from_a_family_question_names_it() {
        let mut line = LineOfEnquiry {
            id: 1,
            review_id: 1,
            text: "How the school's concerns were passed on".into(),
            source: EnquirySource::FamilyQuestion,
            question_ids: vec![],
            added_on: day("2026-03-02"),
            status: LineStatus::Open,
        };
        assert_eq!(line.conflicts()[0].field, "question_ids");
        line.question_ids = vec![1];
        assert!(line.conflicts().is_empty());
        assert!(line.from_family());
    }
}
