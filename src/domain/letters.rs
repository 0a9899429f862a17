//! The letters a family member receives between visits (issue 13, item 5): which kinds there
//! are, and when each may be written at all. A letter promises only what is recorded for
//! the person, so some kinds need something recorded first: the note of what was agreed
//! needs their terms; the invitation to read the draft needs terms that say they asked to
//! see it; a visit confirmation needs a planned visit; word of publication needs the
//! review's decision about publishing. The refusal says why, in words the author can act on.

use serde::{Deserialize, Serialize};

use super::member::slug_enum;

slug_enum!(
    /// The six letters: `first` (who the reviewer is, why they are writing, what happens
    /// next; the sheet enclosed), `update` (what has happened since, what comes next, when
    /// they will hear again), `terms` ("what we agreed": their terms in plain words), `visit`
    /// (a planned visit confirmed), `draft` (an invitation to read the draft report) and
    /// `publication` (when, where, what it will and will not say about them).
    LetterKind {
        First = "first",
        Update = "update",
        Terms = "terms",
        Visit = "visit",
        Draft = "draft",
        Publication = "publication",
    }
);

/// The longest paragraph the author may add to a letter, in characters: a short note, not
/// a second letter (about 150 words).
pub const MAX_PARAGRAPH_CHARS: usize = 900;

/// What is recorded for the person and the review that decides whether a letter may be
/// written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LetterFacts {
    /// Their terms of engagement are recorded.
    pub has_terms: bool,
    /// Their latest terms say they want to see the draft report.
    pub wants_draft: bool,
    /// A visit was chosen for the letter, and it is a planned one with this person.
    pub planned_visit: bool,
    /// The review has decided whether the report will be published.
    pub publication_decided: bool,
}

/// Why a letter cannot be written for this person yet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LetterRefusal {
    NoTerms,
    DraftNotAsked { has_terms: bool },
    NoVisit,
    PublicationUndecided,
}

impl std::fmt::Display for LetterRefusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LetterRefusal::NoTerms => write!(
                f,
                "No terms are recorded for this person yet, so there is nothing agreed to write down. Record their terms first"
            ),
            LetterRefusal::DraftNotAsked { has_terms: true } => write!(
                f,
                "This person has not asked to see the draft report (their terms say so), so they get no invitation to read it. If they change their mind, record new terms first"
            ),
            LetterRefusal::DraftNotAsked { has_terms: false } => write!(
                f,
                "This person has not asked to see the draft report: no terms are recorded for them yet. Ask them, and record their terms first"
            ),
            LetterRefusal::NoVisit => write!(
                f,
                "A visit confirmation needs a planned visit with this person: choose one"
            ),
            LetterRefusal::PublicationUndecided => write!(
                f,
                "The review has not yet decided whether the report will be published. Record the decision on the review's page first"
            ),
        }
    }
}

/// May this kind of letter be written, given what is recorded? The safety rules for any
/// document (restrictions, a pending decision, leaks) are checked as for the sheet.
pub fn may_write(kind: LetterKind, facts: LetterFacts) -> Result<(), LetterRefusal> {
    match kind {
        LetterKind::First | LetterKind::Update => Ok(()),
        LetterKind::Terms if !facts.has_terms => Err(LetterRefusal::NoTerms),
        LetterKind::Draft if !facts.wants_draft => Err(LetterRefusal::DraftNotAsked {
            has_terms: facts.has_terms,
        }),
        LetterKind::Visit if !facts.planned_visit => Err(LetterRefusal::NoVisit),
        LetterKind::Publication if !facts.publication_decided => {
            Err(LetterRefusal::PublicationUndecided)
        }
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOTHING: LetterFacts = LetterFacts {
        has_terms: false,
        wants_draft: false,
        planned_visit: false,
        publication_decided: false,
    };

    #[test]
    fn each_letter_needs_what_it_promises() {
        assert!(may_write(LetterKind::First, NOTHING).is_ok());
        assert!(may_write(LetterKind::Update, NOTHING).is_ok());
        assert_eq!(
            may_write(LetterKind::Terms, NOTHING),
            Err(LetterRefusal::NoTerms)
        );
        assert_eq!(
            may_write(LetterKind::Visit, NOTHING),
            Err(LetterRefusal::NoVisit)
        );
        assert_eq!(
            may_write(LetterKind::Publication, NOTHING),
            Err(LetterRefusal::PublicationUndecided)
        );
        let terms_no_draft = LetterFacts {
            has_terms: true,
            ..NOTHING
        };
        assert!(may_write(LetterKind::Terms, terms_no_draft).is_ok());
        assert_eq!(
            may_write(LetterKind::Draft, terms_no_draft),
            Err(LetterRefusal::DraftNotAsked { has_terms: true })
        );
        let wants = LetterFacts {
            has_terms: true,
            wants_draft: true,
            planned_visit: true,
            publication_decided: true,
        };
        for k in LetterKind::ALL {
            assert!(may_write(*k, wants).is_ok(), "{k:?}");
        }
    }

    #[test]
    fn kinds_read_from_their_words() {
        for k in LetterKind::ALL {
            assert_eq!(LetterKind::parse(k.slug()), Some(*k));
        }
        assert_eq!(LetterKind::parse("invitation"), None);
    }
}
