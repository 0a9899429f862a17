//! The four UK nations and their review types.
//!
//! The nation drives the vocabulary, the review names, the bank-holiday calendar and the
//! statutory timescales. Names and bodies live as data in `assets/nations.toml`; this module
//! only holds the closed set of identifiers, so a typo cannot create a fifth nation.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Nation {
    England,
    Wales,
    Scotland,
    NorthernIreland,
}

impl Nation {
    pub const ALL: [Nation; 4] = [
        Nation::England,
        Nation::Wales,
        Nation::Scotland,
        Nation::NorthernIreland,
    ];

    pub fn slug(self) -> &'static str {
        match self {
            Nation::England => "england",
            Nation::Wales => "wales",
            Nation::Scotland => "scotland",
            Nation::NorthernIreland => "northern-ireland",
        }
    }

    pub fn parse(s: &str) -> Option<Nation> {
        Nation::ALL.into_iter().find(|n| n.slug() == s)
    }
}

/// Review types, each belonging to exactly one nation (domain.md section 8).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ReviewType {
    /// England: rapid review after a serious incident notification.
    RapidReview,
    /// England: local child safeguarding practice review.
    Lcspr,
    /// England: national review commissioned by the Panel.
    NationalCspr,
    /// England: historic serious case review (before 2019).
    Scr,
    /// Wales: child practice review, concise.
    CprConcise,
    /// Wales: child practice review, extended.
    CprExtended,
    /// Wales: single unified safeguarding review.
    Susr,
    /// Scotland: learning review.
    LearningReview,
    /// Northern Ireland: case management review.
    Cmr,
}

impl ReviewType {
    pub const ALL: [ReviewType; 9] = [
        ReviewType::RapidReview,
        ReviewType::Lcspr,
        ReviewType::NationalCspr,
        ReviewType::Scr,
        ReviewType::CprConcise,
        ReviewType::CprExtended,
        ReviewType::Susr,
        ReviewType::LearningReview,
        ReviewType::Cmr,
    ];

    pub fn nation(self) -> Nation {
        match self {
            ReviewType::RapidReview
            | ReviewType::Lcspr
            | ReviewType::NationalCspr
            | ReviewType::Scr => Nation::England,
            ReviewType::CprConcise | ReviewType::CprExtended | ReviewType::Susr => Nation::Wales,
            ReviewType::LearningReview => Nation::Scotland,
            ReviewType::Cmr => Nation::NorthernIreland,
        }
    }

    pub fn slug(self) -> &'static str {
        match self {
            ReviewType::RapidReview => "rapid-review",
            ReviewType::Lcspr => "lcspr",
            ReviewType::NationalCspr => "national-cspr",
            ReviewType::Scr => "scr",
            ReviewType::CprConcise => "cpr-concise",
            ReviewType::CprExtended => "cpr-extended",
            ReviewType::Susr => "susr",
            ReviewType::LearningReview => "learning-review",
            ReviewType::Cmr => "cmr",
        }
    }

    pub fn parse(s: &str) -> Option<ReviewType> {
        ReviewType::ALL.into_iter().find(|t| t.slug() == s)
    }

    /// The types a review in this nation may have.
    pub fn for_nation(nation: Nation) -> impl Iterator<Item = ReviewType> {
        ReviewType::ALL
            .into_iter()
            .filter(move |t| t.nation() == nation)
    }
}

/// Bank-holiday jurisdictions: England and Wales share one calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Jurisdiction {
    EnglandAndWales,
    Scotland,
    NorthernIreland,
}

impl From<Nation> for Jurisdiction {
    fn from(n: Nation) -> Jurisdiction {
        match n {
            Nation::England | Nation::Wales => Jurisdiction::EnglandAndWales,
            Nation::Scotland => Jurisdiction::Scotland,
            Nation::NorthernIreland => Jurisdiction::NorthernIreland,
        }
    }
}
