//! The check before any document is rendered: no field of the view may carry another
//! member's name or details, or a child's placement, whole or in part (`domain::leaks` finds
//! the parts).
//!
//! The view is read as the data it will be rendered from, field by field, so a refusal can
//! say which field the author should change. Fields Kindred writes itself (the nation, dates,
//! numbers) are left out: they hold no one's details, and a month's name is not a person's.
//! Any other field a view gains is checked without being listed here.

use serde::Serialize;
use serde_json::Value;

use crate::domain::leaks::{self, ConfidentialPlace};
use crate::domain::member::Member;
use crate::domain::review::{Child, Review};
use crate::domain::safety::Refusal;
use crate::domain::text;
use crate::error::{Error, Result};

/// Fields of a view that Kindred fills itself, by their path (list positions left out).
const GENERATED: &[&str] = &[
    "nation",
    "review_type",
    "prepared_on",
    "publication",
    "parallel_processes",
    "findings_sharing_weeks",
    "updates_every_days",
    "visit.date",
    "kind",
    "next_update",
];

/// The field a path names, as the author knows it.
fn label(path: &str) -> String {
    let known = match path {
        "recipient_name" | "respondent_name" => "Their name",
        "child_name" => "The child's name",
        "body_name" | "partnership" => "The review body's name",
        "visit.place" => "The visit's place",
        "visit.who_will_come" => "Professionals who come to the visit",
        "visit.interpreter_language" => "The visit's interpreter",
        "visit.supporter" => "The visit's supporter",
        "visit.time" => "The visit's time",
        "complaints" => "How to complain (the review's details)",
        "author_name" | "return_address" => "Your details as the author",
        "paragraph" | "paragraph_cy" => "Your paragraph",
        _ => "",
    };
    if !known.is_empty() {
        return known.to_string();
    }
    let top = path.split('.').next().unwrap_or(path);
    match top {
        "author" => "Your details as the author".into(),
        "partnership_contact" => "The partnership contact (the review's details)".into(),
        "support" => "A support service chosen for them".into(),
        "visit" => "The visit details".into(),
        "terms" => "Their terms (what you agreed)".into(),
        _ => text::label(path.rsplit('.').next().unwrap_or(path)),
    }
}

/// Every text field of a view, with its path, in order.
fn texts(value: &Value, path: &str, out: &mut Vec<(String, String)>) {
    if GENERATED.contains(&path) {
        return;
    }
    match value {
        Value::String(s) => out.push((path.to_string(), s.clone())),
        Value::Array(items) => {
            for v in items {
                texts(v, path, out);
            }
        }
        Value::Object(map) => {
            for (k, v) in map {
                let p = if path.is_empty() {
                    k.clone()
                } else {
                    format!("{path}.{k}")
                };
                texts(v, &p, out);
            }
        }
        _ => {}
    }
}

/// What a document of one review may carry whoever it is for, and whose details it may not.
#[derive(Debug, Clone, Copy)]
pub struct LeakContext<'a> {
    pub review: &'a Review,
    pub children: &'a [Child],
    /// Everyone in the review (the recipient is left out of the others by id).
    pub everyone: &'a [Member],
}

/// The details of everyone in one review, broken into their parts once: what each of the
/// review's documents is checked against, whoever it is for.
pub struct LeakCheck {
    traces: leaks::ReviewTraces,
}

impl LeakCheck {
    pub fn new(ctx: &LeakContext<'_>) -> LeakCheck {
        let review = ctx.review;
        let mut shared: Vec<&str> = vec![&review.pseudonym, &review.body_name, &review.author.name];
        if let Some(c) = &review.partnership_contact {
            shared.push(&c.name);
        }
        for c in ctx.children {
            shared.push(&c.known_as);
            shared.push(&c.pseudonym);
        }
        let relationship_words: Vec<&str> = ctx
            .everyone
            .iter()
            .flat_map(|m| m.relationships.iter().map(|r| r.relationship.as_str()))
            .collect();
        let everyone: Vec<&Member> = ctx.everyone.iter().collect();
        let places: Vec<ConfidentialPlace<'_>> = ctx
            .children
            .iter()
            .filter_map(|c| {
                c.placement_confidential
                    .as_deref()
                    .map(|text| ConfidentialPlace {
                        whose: &c.known_as,
                        text,
                    })
            })
            .collect();
        LeakCheck {
            traces: leaks::ReviewTraces::new(&shared, &relationship_words, &everyone, &places),
        }
    }

    /// Refuses a view any field of which carries someone else's name or details, or a
    /// child's placement, whole or in part: one refusal per field and part, saying which
    /// field and whose, never the text it matched. `recipient`'s own details are theirs to
    /// carry.
    pub fn check(&self, view: &impl Serialize, recipient: Option<&Member>) -> Result<()> {
        let value = serde_json::to_value(view)?;
        let mut fields = Vec::new();
        texts(&value, "", &mut fields);
        let labelled: Vec<(String, &str)> = fields
            .iter()
            .map(|(path, t)| (label(path), t.as_str()))
            .collect();
        let fields: Vec<(&str, &str)> = labelled.iter().map(|(l, t)| (l.as_str(), *t)).collect();
        let found = self.traces.leaks_in(&fields, recipient);
        if found.is_empty() {
            return Ok(());
        }
        Err(Error::Refused(
            found
                .into_iter()
                .map(|l| Refusal::OthersDetail {
                    detail: l.detail_words(),
                    field: l.field,
                })
                .collect(),
        ))
    }
}

/// [`LeakCheck::check`] for one document: the review's details are broken into parts for it
/// alone.
pub fn check_no_one_else(
    view: &impl Serialize,
    recipient: Option<&Member>,
    ctx: &LeakContext<'_>,
) -> Result<()> {
    LeakCheck::new(ctx).check(view, recipient)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_named_as_the_author_knows_them_and_generated_ones_left_out() {
        let view = serde_json::json!({
            "recipient_name": "Sam",
            "nation": "wales",
            "publication": {"planned": {"month_year": "June 2027"}},
            "visit": {"date": "2026-06-02", "place": "Heol y Nant", "who_will_come": ["A", "B"]},
            "support": [{"name": "Hope Again"}],
        });
        let mut out = Vec::new();
        texts(&view, "", &mut out);
        let mut labels: Vec<String> = out.iter().map(|(p, _)| label(p)).collect();
        labels.sort();
        assert_eq!(
            labels,
            [
                "A support service chosen for them",
                "Professionals who come to the visit",
                "Professionals who come to the visit",
                "The visit's place",
                "Their name",
            ]
        );
    }
}
