//! Making a letter for one person (issue 13, item 5) under the sheet's safety rules: no
//! letter while contact is restricted and not cleared, the person is not taking part, or
//! whether to involve them is still to be decided (unless the author gives an override
//! reason, logged as a decision); each kind only when what it promises is recorded
//! (`domain::letters::may_write`); every text field of the letter, the author's paragraph
//! included, checked for anyone else's details by their parts before it is rendered; then
//! written and recorded as issued like the sheet.

use chrono::Days;

use super::{
    build_sheet_view, languages_for, Destination, Issue, MadeDocument, SheetContext, SheetSources,
    WELSH_DRAFT,
};
use crate::documents::{self, Language, LetterOptions, LetterView, Rendered, TermsView};
use crate::domain::letters::{self, LetterFacts, LetterKind};
use crate::domain::member::Member;
use crate::domain::records::{ContactOutcome, DocumentKind, SupportService};
use crate::domain::review::Publication;
use crate::domain::safety;
use crate::error::{Error, Result};
use crate::workbook::forms::{LetterRequest, LetterRequestForm};
use crate::workbook::Workbook;

/// How the issue record names each letter.
pub fn document_kind(kind: LetterKind) -> DocumentKind {
    match kind {
        LetterKind::First => DocumentKind::LetterFirst,
        LetterKind::Update => DocumentKind::LetterUpdate,
        LetterKind::Terms => DocumentKind::LetterTerms,
        LetterKind::Visit => DocumentKind::LetterVisit,
        LetterKind::Draft => DocumentKind::LetterDraft,
        LetterKind::Publication => DocumentKind::LetterPublication,
    }
}

impl Workbook {
    /// Makes a letter for one person, refusing it when the safety rules say so (unless the
    /// author gives an override reason, logged in the decision log and the audit), or when
    /// what the letter would promise is not recorded for them (never overridden).
    pub fn make_letter(
        &mut self,
        form: &LetterRequestForm,
        dest: Destination<'_>,
    ) -> Result<MadeDocument> {
        let request = form.parse()?;
        let member = match &request.review_key {
            Some(key) => self.member_in(&self.review(key)?, request.member_id)?,
            None => self.member(request.member_id)?,
        };
        let override_reason = request.override_reason.as_deref();
        let refusals = safety::may_receive_document(&member, self.today)
            .err()
            .unwrap_or_default();
        if !refusals.is_empty() && override_reason.is_none() {
            return Err(Error::Refused(refusals));
        }
        let context = self.sheet_context(member.review_id)?;
        let view = self.letter_view_in(&context, &member, &request)?;
        let variant = request.choice.variant_for(&member, self.today);
        let languages = request
            .choice
            .languages
            .unwrap_or(languages_for(Some(&member), view.nation));
        let rendered = documents::render_letter(&view, &LetterOptions { variant, languages })
            .map_err(|e| Error::Document(e.to_string()))?;
        super::languages::confirm_drafts(&rendered.draft_languages, request.draft_ok)?;
        let warnings = letter_warnings(&rendered, languages.languages(), &view);
        let issue = Issue {
            review: &context.review,
            member: Some(&member),
            kind: document_kind(request.kind),
            variant: variant.slug().to_string(),
            languages,
            contact_id: request.visit_id,
            overridden: override_reason.map(|reason| (reason, refusals.as_slice())),
        };
        let mut made = self.record_issue(issue, rendered, dest)?;
        made.warnings = warnings;
        Ok(made)
    }

    /// The letter for `member`: only what that person may see and what this kind needs,
    /// checked against every other person's details before it is returned.
    fn letter_view_in(
        &self,
        context: &SheetContext,
        member: &Member,
        request: &LetterRequest,
    ) -> Result<LetterView> {
        let visit = request.visit_id.map(|v| self.contact(v)).transpose()?;
        if let Some(v) = &visit {
            if v.member_id != member.id {
                return Err(Error::invalid("visit", "That visit is with someone else"));
            }
            if v.entered_in_error.is_some() {
                return Err(Error::invalid(
                    "visit",
                    "That visit was marked as entered in error",
                ));
            }
            if v.outcome != ContactOutcome::Planned {
                return Err(Error::invalid(
                    "visit",
                    format!(
                        "That visit is recorded as {}, not planned: a confirmation is only for a visit still to come",
                        v.outcome.slug().replace('-', " ")
                    ),
                ));
            }
        }
        let terms = self.terms_history(member.id)?.pop();
        let review = &context.review;
        let facts = LetterFacts {
            has_terms: terms.is_some(),
            wants_draft: terms.as_ref().is_some_and(|t| t.wants_draft),
            planned_visit: visit.is_some(),
            publication_decided: review.publication != Publication::NotDecided,
        };
        letters::may_write(request.kind, facts)
            .map_err(|r| Error::invalid("kind", r.to_string()))?;
        let chosen: Vec<SupportService> = context
            .support
            .iter()
            .filter(|s| member.support_ids.contains(&s.id))
            .cloned()
            .collect();
        let sheet = build_sheet_view(&SheetSources {
            review,
            children: &context.children,
            member,
            visit: visit.as_ref(),
            chosen_support: &chosen,
            parallel: &context.parallel,
            terms: terms.as_ref(),
            prepared_on: self.today,
        });
        let cadence = crate::workbook::update_cadence(
            terms.as_ref().and_then(|t| t.update_cadence_days),
            member.details.update_cadence_days,
            review.update_cadence_days,
        );
        let kind = request.kind;
        let view = LetterView {
            kind,
            recipient_name: sheet.recipient_name,
            child_name: sheet.child_name,
            nation: sheet.nation,
            review_type: sheet.review_type,
            body_name: sheet.body_name,
            body_name_cy: sheet.body_name_cy,
            harm: sheet.harm,
            route: sheet.route,
            may_have_to_wait: sheet.may_have_to_wait,
            naming_agreed: sheet.naming_agreed,
            author: sheet.author,
            visit: if kind == LetterKind::Visit {
                sheet.visit
            } else {
                None
            },
            terms: (kind == LetterKind::Terms)
                .then_some(terms.as_ref())
                .flatten()
                .map(|t| TermsView {
                    mode: t.mode.clone(),
                    venue: t.venue.clone(),
                    supporter: t.supporter.clone(),
                    interpreter: t.interpreter.clone(),
                    channel: t.channel.clone(),
                    description_wishes: t.description_wishes.clone(),
                    anonymity_wishes: t.anonymity_wishes.clone(),
                    confidentiality_explained: t.confidentiality_explained_on.is_some(),
                    withdrawal_explained: t.withdrawal_explained_on.is_some(),
                }),
            findings: sheet.findings,
            publication: sheet.publication,
            support: if kind == LetterKind::Publication {
                sheet.support
            } else {
                Vec::new()
            },
            updates_every_days: terms.as_ref().map(|_| cadence),
            next_update: (kind == LetterKind::Update)
                .then(|| self.today.checked_add_days(Days::new(u64::from(cadence))))
                .flatten(),
            paragraph: request.paragraph.clone(),
            paragraph_cy: request.paragraph_cy.clone(),
            prepared_on: self.today,
        };
        context.leak_check().check(&view, Some(member))?;
        Ok(view)
    }
}

/// What the author must hear before giving the letter out: Welsh wording still a draft,
/// and what the Welsh part leaves out rather than print English.
fn letter_warnings(rendered: &Rendered, printed: &[Language], view: &LetterView) -> Vec<String> {
    let mut out = Vec::new();
    if rendered.draft_languages.contains(&Language::Welsh) {
        out.push(WELSH_DRAFT.to_string());
    }
    out.extend(super::languages::draft_warnings(&rendered.draft_languages));
    if !printed.contains(&Language::Welsh) {
        return out;
    }
    let typed = |t: &Option<String>| t.as_deref().is_some_and(|t| !t.trim().is_empty());
    let mut left_out = Vec::new();
    if printed.len() > 1 && typed(&view.paragraph) && !typed(&view.paragraph_cy) {
        left_out.push("your paragraph (give it in Welsh too)");
    }
    if view
        .body_name_cy
        .as_deref()
        .is_none_or(|t| t.trim().is_empty())
    {
        left_out
            .push("the commissioning body's Welsh name (the Welsh part names it in general words)");
    }
    if typed(&view.author.hours) && !typed(&view.author.hours_cy) {
        left_out.push("when you can be reached");
    }
    if let Some(t) = &view.terms {
        if [
            &t.mode,
            &t.channel,
            &t.description_wishes,
            &t.anonymity_wishes,
        ]
        .into_iter()
        .any(typed)
        {
            left_out.push("their terms as you typed them about how you will talk and keep in touch, how the child is described and names");
        }
    }
    if !left_out.is_empty() {
        out.push(format!(
            "The Welsh part of this letter leaves out {}, rather than print English.",
            left_out.join("; ")
        ));
    }
    out
}
