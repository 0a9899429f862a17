//! The eight phases of involvement and the six principles.
//!
//! The phase model is the product's own reconstruction (domain.md §4), not the study's
//! wording. A review has a current phase; each member has their own position, because people
//! move at different speeds.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "u8", into = "u8")]
pub enum Phase {
    Prepare = 0,
    FirstContact = 1,
    AgreeTerms = 2,
    HearTheFamily = 3,
    KeepInformed = 4,
    ShareFindings = 5,
    Publication = 6,
    FeedbackAndClose = 7,
}

impl Phase {
    pub const ALL: [Phase; 8] = [
        Phase::Prepare,
        Phase::FirstContact,
        Phase::AgreeTerms,
        Phase::HearTheFamily,
        Phase::KeepInformed,
        Phase::ShareFindings,
        Phase::Publication,
        Phase::FeedbackAndClose,
    ];

    pub fn number(self) -> u8 {
        self as u8
    }

    pub fn from_number(n: u8) -> Option<Phase> {
        Phase::ALL.get(usize::from(n)).copied()
    }

    pub fn label(self) -> &'static str {
        match self {
            Phase::Prepare => "Prepare",
            Phase::FirstContact => "First contact",
            Phase::AgreeTerms => "Agree terms",
            Phase::HearTheFamily => "Hear the family",
            Phase::KeepInformed => "Keep informed",
            Phase::ShareFindings => "Share findings",
            Phase::Publication => "Publication",
            Phase::FeedbackAndClose => "Feedback and close",
        }
    }

    /// Accepts a number ("3") or a label in any case ("hear the family", "hear-the-family").
    pub fn parse(s: &str) -> Option<Phase> {
        let s = s.trim();
        if let Ok(n) = s.parse::<u8>() {
            return Phase::from_number(n);
        }
        let norm = s.to_lowercase().replace(['-', '_'], " ");
        Phase::ALL
            .into_iter()
            .find(|p| p.label().to_lowercase() == norm)
    }
}

impl TryFrom<u8> for Phase {
    type Error = String;
    fn try_from(n: u8) -> Result<Phase, String> {
        Phase::from_number(n).ok_or_else(|| format!("phase must be 0 to 7, not {n}"))
    }
}

impl From<Phase> for u8 {
    fn from(p: Phase) -> u8 {
        p.number()
    }
}

/// The six principles of Morris, Brandon and Tudor (2012).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "u8", into = "u8")]
pub enum Principle {
    ClarityOfPurpose = 1,
    Inclusivity = 2,
    Transparency = 3,
    NegotiatedTerms = 4,
    Sensitivity = 5,
    Feedback = 6,
}

impl Principle {
    pub const ALL: [Principle; 6] = [
        Principle::ClarityOfPurpose,
        Principle::Inclusivity,
        Principle::Transparency,
        Principle::NegotiatedTerms,
        Principle::Sensitivity,
        Principle::Feedback,
    ];

    pub fn number(self) -> u8 {
        self as u8
    }

    pub fn label(self) -> &'static str {
        match self {
            Principle::ClarityOfPurpose => "Clarity of purpose",
            Principle::Inclusivity => "A broad, inclusive idea of family",
            Principle::Transparency => "Transparency about limits and opportunities",
            Principle::NegotiatedTerms => "Negotiated terms of engagement",
            Principle::Sensitivity => "Sensitivity and professional judgement",
            Principle::Feedback => "Feedback from families",
        }
    }
}

impl TryFrom<u8> for Principle {
    type Error = String;
    fn try_from(n: u8) -> Result<Principle, String> {
        Principle::ALL
            .into_iter()
            .find(|p| p.number() == n)
            .ok_or_else(|| format!("principle must be 1 to 6, not {n}"))
    }
}

impl From<Principle> for u8 {
    fn from(p: Principle) -> u8 {
        p.number()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phases_parse_by_number_and_label() {
        let cases = [
            ("0", Some(Phase::Prepare)),
            ("7", Some(Phase::FeedbackAndClose)),
            ("8", None),
            ("hear-the-family", Some(Phase::HearTheFamily)),
            ("Agree Terms", Some(Phase::AgreeTerms)),
            ("", None),
            ("-1", None),
        ];
        for (input, expect) in cases {
            assert_eq!(Phase::parse(input), expect, "Phase::parse({input:?})");
        }
    }
}
