//! Reference data for forms: the nations and their review types, phases, key dates, the
//! choices of every closed list (with plain labels), and the feedback question bank, as the
//! desktop shows them. Built here from the domain and the embedded assets (the question
//! bank parsed once, in `assets::questions`), so neither the shell nor the UI carries its
//! own copy or its own labels.

use std::collections::BTreeMap;

use crate::domain::catalogue::Vocabulary;
use crate::domain::member::*;
use crate::domain::nation::{Nation, ReviewType};
use crate::domain::phase::{Phase, Principle};
use crate::domain::records::*;
use crate::domain::review::PurposeReason;
use crate::domain::timescales::KeyDate;
use serde::Serialize;

use crate::error::{Error, Result};

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Choice {
    pub value: String,
    pub label: String,
}

/// A plain label for a slug: "in-person" -> "In person", with the few that need more.
pub fn label(slug: &str) -> String {
    let special = match slug {
        "cps" => "CPS (Crown Prosecution Service)",
        "copfs" => "COPFS (Crown Office and Procurator Fiscal Service)",
        "pps" => "PPS (Public Prosecution Service for Northern Ireland)",
        "purpose" => "What the review is for",
        "what-it-will-not-do" => "What the review will not do",
        "confidentiality-limits" => "The limits of confidentiality",
        "how-views-are-used" => "How their views will be used",
        "right-to-stop" => "That they can stop at any time",
        "findings-sharing" => "How the findings will be shared with them first",
        "parallel-processes" => "Other processes running alongside",
        "support" => "Support available to them",
        "human-rights" => "Human rights: the family's right to take part",
        "child-centred" => "Child-centred: the child's lived experience",
        "source-of-knowledge" => "Source of knowledge: what the family knows",
        "altruistic" => "Altruistic: to help other families",
        "fatal-accident-inquiry" => "Fatal Accident Inquiry",
        "other-review" => "Other review (DHR, SAR or similar)",
        "not-approached" => "Not approached (by decision)",
        "to-do" => "To do",
        "under-12" => "Under 12",
        "12-15" => "12 to 15",
        "16-17" => "16 or 17",
        "18-25" => "18 to 25",
        "26-64" => "26 to 64",
        "65-and-over" => "65 and over",
        "letter-first" => "First letter",
        "letter-update" => "Update letter",
        "letter-terms" => "Letter: what we agreed",
        "letter-visit" => "Visit confirmation",
        "letter-draft" => "Invitation to read the draft",
        "letter-publication" => "Letter about publication",
        _ => "",
    };
    if !special.is_empty() {
        return special.to_string();
    }
    let s = slug.replace('-', " ");
    let mut cs = s.chars();
    match cs.next() {
        Some(f) => f.to_uppercase().chain(cs).collect(),
        None => String::new(),
    }
}

/// The clearance bodies and parallel processes of one nation (CPS, COPFS or PPS; inquest
/// or Fatal Accident Inquiry).
fn nation_choices(n: Nation) -> BTreeMap<&'static str, Vec<Choice>> {
    let mut c = BTreeMap::new();
    c.insert(
        "clearance_body",
        choices(
            ClearanceBody::ALL
                .iter()
                .filter(|b| b.offered_in(n))
                .map(|b| b.slug()),
        ),
    );
    c.insert(
        "parallel_kind",
        choices(
            ParallelKind::ALL
                .iter()
                .filter(|k| k.offered_in(n))
                .map(|k| k.slug()),
        ),
    );
    c
}

fn choices<'a>(slugs: impl IntoIterator<Item = &'a str>) -> Vec<Choice> {
    slugs
        .into_iter()
        .map(|s| Choice {
            value: s.to_string(),
            label: label(s),
        })
        .collect()
}

#[derive(Debug, Serialize)]
pub struct ReviewTypeView {
    pub id: ReviewType,
    pub name: String,
    pub short: String,
    pub plain: String,
}

#[derive(Debug, Serialize)]
pub struct NationView {
    pub id: Nation,
    pub name: String,
    pub local_body: String,
    /// What this nation calls the parts of its system (`{local_body}`, `{terms}`,
    /// `{the_coroner}`, …), for the desktop's own sentences.
    pub words: crate::domain::catalogue::NationWords,
    pub review_types: Vec<ReviewTypeView>,
    /// The lists whose choices differ by nation (`nation_options`), as this nation offers them.
    pub choices: BTreeMap<&'static str, Vec<Choice>>,
}

#[derive(Debug, Serialize)]
pub struct Numbered {
    pub number: u8,
    pub label: &'static str,
}

#[derive(Debug, Serialize)]
pub struct VocabularyView {
    pub nations: Vec<NationView>,
    pub key_dates: Vec<Choice>,
    pub phases: Vec<Numbered>,
    pub principles: Vec<Numbered>,
    /// Every closed list a form offers, by the form field's name.
    pub choices: BTreeMap<&'static str, Vec<Choice>>,
}

/// The vocabulary the desktop shows; an error when the embedded nations data is broken
/// (never an empty list).
pub fn vocabulary_view() -> Result<VocabularyView> {
    let v = Vocabulary::embedded().map_err(|e| Error::Internal(e.to_string()))?;
    let nations = Nation::ALL
        .into_iter()
        .map(|n| {
            let info = v
                .nation(n)
                .ok_or_else(|| Error::Internal(format!("nations data: {} is missing", n.slug())))?;
            Ok(NationView {
                id: n,
                name: info.name.clone(),
                local_body: info.local_body.clone(),
                words: info.words.clone(),
                review_types: ReviewType::for_nation(n)
                    .map(|t| {
                        let ti = v.review_type(t);
                        ReviewTypeView {
                            id: t,
                            name: v.review_name(t),
                            short: ti.map(|i| i.short.clone()).unwrap_or_default(),
                            plain: ti.map(|i| i.plain.clone()).unwrap_or_default(),
                        }
                    })
                    .collect(),
                choices: nation_choices(n),
            })
        })
        .collect::<Result<Vec<_>>>()?;
    let slugs = |all: &[&'static str]| choices(all.iter().copied());
    let mut c: BTreeMap<&'static str, Vec<Choice>> = BTreeMap::new();
    c.insert("involvement", slugs(&Involvement::SLUGS));
    c.insert(
        "parental_responsibility",
        choices(ParentalResponsibility::ALL.iter().map(|v| v.slug())),
    );
    c.insert(
        "contact_method",
        choices(ContactMethod::ALL.iter().map(|v| v.slug())),
    );
    c.insert(
        "accessibility",
        choices(AccessNeed::ALL.iter().map(|v| v.slug())),
    );
    c.insert(
        "location",
        choices(LocationType::ALL.iter().map(|v| v.slug())),
    );
    c.insert("age_band", choices(AgeBand::ALL.iter().map(|v| v.slug())));
    c.insert(
        "role_status",
        choices(RoleStatus::ALL.iter().map(|v| v.slug())),
    );
    c.insert(
        "restriction_kind",
        choices(RestrictionKind::ALL.iter().map(|v| v.slug())),
    );
    c.insert(
        "clearance_body",
        choices(ClearanceBody::ALL.iter().map(|v| v.slug())),
    );
    c.insert(
        "contact_detail_kind",
        choices(ContactDetailKind::ALL.iter().map(|v| v.slug())),
    );
    c.insert(
        "contact_mode",
        choices(ContactMode::ALL.iter().map(|v| v.slug())),
    );
    c.insert(
        "contact_outcome",
        choices(ContactOutcome::ALL.iter().map(|v| v.slug())),
    );
    c.insert(
        "explained",
        choices(Explained::ALL.iter().map(|v| v.slug())),
    );
    c.insert(
        "consent_method",
        choices(ConsentMethod::ALL.iter().map(|v| v.slug())),
    );
    c.insert(
        "parallel_kind",
        choices(ParallelKind::ALL.iter().map(|v| v.slug())),
    );
    c.insert(
        "service_type",
        choices(ServiceType::ALL.iter().map(|v| v.slug())),
    );
    c.insert("answer", choices(Answer::ALL.iter().map(|v| v.slug())));
    c.insert(
        "feedback_stage",
        choices(FeedbackStage::ALL.iter().map(|v| v.slug())),
    );
    c.insert(
        "document_kind",
        choices(DocumentKind::ALL.iter().map(|v| v.slug())),
    );
    c.insert(
        "purpose_reasons",
        choices(PurposeReason::ALL.iter().map(|v| v.slug())),
    );
    c.insert(
        "publication",
        slugs(&["not-decided", "planned", "not-planned"]),
    );
    c.insert(
        "child_outcome",
        slugs(&["died", "seriously-harmed", "other"]),
    );
    c.insert(
        "check_status",
        slugs(&["to-do", "done", "not-applicable", "decided-otherwise"]),
    );
    Ok(VocabularyView {
        nations,
        key_dates: KeyDate::ALL
            .into_iter()
            .map(|k| Choice {
                value: k.slug().to_string(),
                label: k.label().to_string(),
            })
            .collect(),
        phases: Phase::ALL
            .into_iter()
            .map(|p| Numbered {
                number: p.number(),
                label: p.label(),
            })
            .collect(),
        principles: Principle::ALL
            .into_iter()
            .map(|p| Numbered {
                number: p.number(),
                label: p.label(),
            })
            .collect(),
        choices: c,
    })
}

// ----- the feedback question bank --------------------------------------------------------

#[derive(Debug, Serialize)]
pub struct Question {
    pub id: String,
    pub text: String,
    /// "scale" (Yes / Partly / No / Not sure, and a comment) or "text" (a comment only).
    pub kind: String,
    pub short: bool,
    pub principle: u8,
}

#[derive(Debug, Serialize)]
pub struct QuestionGroup {
    pub id: String,
    pub title: String,
    pub questions: Vec<Question>,
}

#[derive(Debug, Serialize)]
pub struct QuestionBank {
    pub version: String,
    pub answers: Vec<Choice>,
    pub groups: Vec<QuestionGroup>,
}

/// The bank in English, in print order, with the answers' labels. An error when the
/// embedded bank is broken (never an empty bank).
pub fn question_bank_view() -> Result<QuestionBank> {
    let bank = crate::assets::question_bank().map_err(|e| Error::Internal(e.to_string()))?;
    let mut groups: Vec<QuestionGroup> = bank
        .group
        .iter()
        .map(|g| QuestionGroup {
            id: g.id.clone(),
            title: g.text.en.clone(),
            questions: Vec::new(),
        })
        .collect();
    for q in &bank.question {
        let question = Question {
            id: q.id.clone(),
            text: q.text.en.clone(),
            kind: q.kind.slug().to_string(),
            short: q.short,
            principle: q.principle,
        };
        // Every question's group is in the bank (checked when it is read).
        if let Some(g) = groups.iter_mut().find(|g| g.id == q.group) {
            g.questions.push(question);
        }
    }
    groups.retain(|g| !g.questions.is_empty());
    Ok(QuestionBank {
        version: bank.version.clone(),
        answers: choices(Answer::ALL.iter().map(|v| v.slug())),
        groups,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bank_has_every_core_id_with_its_wording() {
        let bank = question_bank_view().expect("the question bank parses");
        let ids: Vec<&str> = bank
            .groups
            .iter()
            .flat_map(|g| g.questions.iter().map(|q| q.id.as_str()))
            .collect();
        let core: Vec<String> = crate::assets::question_ids().expect("the question bank parses");
        let core: Vec<&str> = core.iter().map(String::as_str).collect();
        assert_eq!(ids, core);
        assert!(bank.groups.iter().all(|g| !g.title.is_empty()));
        assert!(bank
            .groups
            .iter()
            .flat_map(|g| &g.questions)
            .all(|q| !q.text.is_empty() && (q.kind == "scale" || q.kind == "text")));
        let answers: Vec<&str> = bank.answers.iter().map(|a| a.label.as_str()).collect();
        assert_eq!(answers, ["Yes", "Partly", "No", "Not sure"]);
    }

    #[test]
    fn every_nation_has_its_review_types() {
        let v = vocabulary_view().expect("vocabulary");
        assert_eq!(v.nations.len(), 4);
        for n in &v.nations {
            assert!(!n.review_types.is_empty(), "{:?}", n.id);
            assert!(!n.name.is_empty());
        }
        assert_eq!(v.phases.len(), 8);
        assert_eq!(v.key_dates.len(), KeyDate::ALL.len());
        assert_eq!(label("in-person"), "In person");
        assert_eq!(label("cps"), "CPS (Crown Prosecution Service)");
    }
}
