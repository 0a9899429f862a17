//! A review and its subject children.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::dates::long;
use super::nation::{Nation, ReviewType};
use super::phase::Phase;
use super::text::FieldError;
use super::timescales::KeyDate;

/// The four reasons for involving families (Morris et al., domain.md §2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PurposeReason {
    HumanRights,
    ChildCentred,
    SourceOfKnowledge,
    Altruistic,
}

impl PurposeReason {
    pub const ALL: [PurposeReason; 4] = [
        PurposeReason::HumanRights,
        PurposeReason::ChildCentred,
        PurposeReason::SourceOfKnowledge,
        PurposeReason::Altruistic,
    ];
    pub fn slug(self) -> &'static str {
        match self {
            PurposeReason::HumanRights => "human-rights",
            PurposeReason::ChildCentred => "child-centred",
            PurposeReason::SourceOfKnowledge => "source-of-knowledge",
            PurposeReason::Altruistic => "altruistic",
        }
    }
    pub fn parse(s: &str) -> Option<PurposeReason> {
        PurposeReason::ALL
            .into_iter()
            .find(|r| r.slug() == s.trim())
    }
}

/// How to reach the author (or the partnership contact). Printed on family documents.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactCard {
    pub name: String,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub hours: Option<String>,
    pub postal_address: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum Publication {
    #[default]
    NotDecided,
    Planned,
    NotPlanned,
}

/// The review's own words in Welsh, for the Welsh part of its documents (reviews in
/// Wales). What is missing here is left out of a Welsh page, never printed in English.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ReviewWelsh {
    /// The commissioning body's Welsh name, e.g. "Bwrdd Diogelu Rhanbarthol …".
    pub body_name: Option<String>,
    /// When the author can be reached, in Welsh.
    pub author_hours: Option<String>,
    /// The purpose statement in Welsh.
    pub purpose_statement: Option<String>,
    /// How to complain, in Welsh.
    pub complaints: Option<String>,
}

impl ReviewWelsh {
    pub fn is_empty(&self) -> bool {
        self == &ReviewWelsh::default()
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Review {
    pub id: i64,
    pub reference: String,
    pub nation: Nation,
    pub review_type: ReviewType,
    /// The report's pseudonym for the child, e.g. "Child Q".
    pub pseudonym: String,
    pub body_name: String,
    pub author: ContactCard,
    pub partnership_contact: Option<ContactCard>,
    pub panel_chair: Option<String>,
    pub key_dates: BTreeMap<KeyDate, NaiveDate>,
    pub purpose_statement: Option<String>,
    pub purpose_reasons: Vec<PurposeReason>,
    pub publication: Publication,
    pub publication_note: Option<String>,
    pub media_interest: bool,
    pub media_plan: Option<String>,
    pub complaints: Option<String>,
    pub retention_until: Option<NaiveDate>,
    /// Default agreed-update cadence in days for members without their own terms.
    pub update_cadence_days: u32,
    pub phase: Phase,
    /// Its own words in Welsh (reviews in Wales).
    #[serde(default, skip_serializing_if = "ReviewWelsh::is_empty")]
    pub welsh: ReviewWelsh,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ChildOutcome {
    Died,
    SeriouslyHarmed,
    Other,
}

impl ChildOutcome {
    pub fn parse(s: &str) -> Option<ChildOutcome> {
        match s.trim() {
            "died" => Some(ChildOutcome::Died),
            "seriously-harmed" => Some(ChildOutcome::SeriouslyHarmed),
            "other" => Some(ChildOutcome::Other),
            _ => None,
        }
    }
}

/// A subject child. The placement is confidential and never printed on family documents.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Child {
    pub id: i64,
    pub review_id: i64,
    /// The name the family uses for the child.
    pub known_as: String,
    pub pseudonym: String,
    pub date_of_birth: Option<NaiveDate>,
    pub outcome: ChildOutcome,
    pub date_of_death_or_injury: Option<NaiveDate>,
    /// Anniversaries, birthdays, funeral: dates to avoid for contact.
    pub sensitive_dates: Vec<SensitiveDate>,
    pub legal_status: Option<String>,
    pub placement_confidential: Option<String>,
}

impl Child {
    /// Dates that contradict each other: a death or injury before the child was born.
    pub fn date_conflicts(&self) -> Vec<FieldError> {
        let mut errors = Vec::new();
        if let (Some(born), Some(event)) = (self.date_of_birth, self.date_of_death_or_injury) {
            if event < born {
                errors.push(FieldError::new(
                    "date_of_death_or_injury",
                    format!(
                        "Date of death or injury ({}) is before the date of birth ({}); check both dates",
                        long(event),
                        long(born)
                    ),
                ));
            }
        }
        errors
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SensitiveDate {
    pub date: NaiveDate,
    pub label: String,
    /// Repeats every year (birthday, anniversary).
    pub yearly: bool,
}

impl SensitiveDate {
    /// Days between `day` and the nearest occurrence of this date (0 = same day).
    pub fn distance(&self, day: NaiveDate) -> i64 {
        use chrono::Datelike;
        if !self.yearly {
            return (day - self.date).num_days().abs();
        }
        [day.year() - 1, day.year(), day.year() + 1]
            .into_iter()
            .filter_map(|y| {
                self.date.with_year(y).or_else(|| {
                    // 29 February in a common year: use 28 February.
                    NaiveDate::from_ymd_opt(y, self.date.month(), 28)
                })
            })
            .map(|d| (day - d).num_days().abs())
            .min()
            .unwrap_or(i64::MAX)
    }
}
