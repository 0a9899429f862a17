//! The feedback form (domain.md section 7): one question bank with stable ids, grouped
//! by principle group; Yes / Partly / No / Not sure boxes and space to write; a short
//! and a full version; personal or anonymous.

use super::community::{self, FeedbackKey};
use super::layout::{Footer, Layout, Meta, Style};
use super::shaping::Writing;
use super::view::{FormOptions, FormView, Language};
use super::wording::{
    assets, draft_languages, fill, version_label, Assets, Bilingual, Question, QuestionKind,
    ReviewWords,
};
use super::{check_review_type, check_text, timestamp, DocumentError, Rendered};

/// The questions on a form, in print order, grouped: (group index, questions).
pub(crate) fn questions(a: &Assets, short: bool) -> Vec<(usize, Vec<&Question>)> {
    a.questions
        .group
        .iter()
        .enumerate()
        .map(|(gi, g)| {
            let qs: Vec<&Question> = a
                .questions
                .question
                .iter()
                .filter(|q| q.group == g.id && (q.short || !short))
                .collect();
            (gi, qs)
        })
        .filter(|(_, qs)| !qs.is_empty())
        .collect()
}

pub(crate) fn render(view: &FormView, opts: &FormOptions) -> Result<Rendered, DocumentError> {
    if let Some(name) = &view.respondent_name {
        check_text("respondent_name (use None for an anonymous form)", name)?;
    }
    check_text("author_name", &view.author_name)?;
    check_text("partnership", &view.partnership)?;
    check_review_type(view.nation, view.review_type)?;

    let a = assets()?;
    let style = if opts.large_print {
        Style::large_print()
    } else {
        Style::standard()
    };
    let mut l = Layout::new(style)?;
    let langs = opts.languages.languages();
    for lang in langs {
        super::community::usable(*lang)?;
    }
    for (i, lang) in langs.iter().copied().enumerate() {
        let w = a.wording(lang);
        let footer_template = if opts.short {
            &w.form.footer_short
        } else {
            &w.form.footer_full
        };
        l.start_section(Footer {
            left: fill(footer_template, &[("version", &a.questions.version)])?,
            page_label: w.common.page_label.clone(),
        });
        l.language(lang.code());
        l.set_writing(Writing::of(lang));
        let community = opts.languages.community();
        let both_note = if let (Some(c), 0) = (community, i) {
            Some(vec![
                a.wording(c).common.form_both_note.as_str(),
                super::community::info(c)?.form_note_en.as_str(),
            ])
        } else if langs.len() > 1 && i == 0 {
            Some(
                langs
                    .iter()
                    .map(|l| a.wording(*l).common.form_both_note.as_str())
                    .collect::<Vec<_>>(),
            )
        } else {
            None
        };
        compose(&mut l, a, view, opts, lang, both_note.as_deref())?;
    }
    let out = l.finish(&Meta {
        title: "Feedback form".into(),
        subject: if opts.short {
            "Feedback form (short)".into()
        } else {
            "Feedback form (full)".into()
        },
        timestamp: timestamp(view.prepared_on),
        language: langs.iter().map(|l| l.code()).collect::<Vec<_>>().join(","),
    })?;
    let mut version = version_label(langs, &[("questions", &a.questions.version)])?;
    // A community language's questions have their own version and status.
    for lang in langs {
        if let Some(q) = community::feedback_version(*lang) {
            version.push_str("; ");
            version.push_str(&q);
        }
    }
    // A community language's questions are a draft of their own: a checked translation of
    // the sheet's wording does not vouch for them.
    let mut drafts = draft_languages(langs)?;
    for lang in langs {
        if community::feedback_is_draft(*lang) && !drafts.contains(lang) {
            drafts.push(*lang);
        }
    }
    Ok(out.rendered(version, drafts))
}

fn compose(
    l: &mut Layout,
    a: &Assets,
    view: &FormView,
    opts: &FormOptions,
    lang: Language,
    both_note: Option<&[&str]>,
) -> Result<(), DocumentError> {
    let w = &a.wording(lang).form;
    let bank = &a.questions;
    let review = a.review_type(view.review_type)?;
    // A postal address typed on several lines reads as one line inside a sentence.
    let return_address = view
        .return_address
        .as_deref()
        .unwrap_or("")
        .lines()
        .map(|l| l.trim().trim_end_matches(','))
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(", ");
    // The board in the page's language: its Welsh name, else the nation's Welsh word for it.
    let partnership = match lang {
        Language::Welsh => match view
            .partnership_cy
            .as_deref()
            .map(str::trim)
            .filter(|p| !p.is_empty())
        {
            Some(p) => p.to_string(),
            None => a
                .nation_words(view.nation, lang)?
                .into_iter()
                .find(|(k, _)| *k == "local_body")
                .map(|(_, v)| v.to_string())
                .unwrap_or_default(),
        },
        _ => view.partnership.trim().to_string(),
    };
    let values: Vec<(&str, &str)> = vec![
        (
            "respondent",
            view.respondent_name.as_deref().map(str::trim).unwrap_or(""),
        ),
        ("review_name", review.name_in(lang)),
        ("author_name", view.author_name.trim()),
        ("partnership", &partnership),
        ("return_address", &return_address),
        ("version", &bank.version),
    ];
    let f = |t: &str| fill(t, &values);

    l.title(&f(&w.title)?);
    if view.respondent_name.is_some() {
        l.strong(&f(&w.for_person)?);
    }
    l.paragraph(&f(&w.about)?);
    if let Some(notes) = both_note {
        for n in notes {
            l.paragraph(n);
        }
    }
    // The bank's texts in the page's language: a community language's from its
    // feedback file (assets/feedback/CODE.toml), else the bank's English or Welsh.
    let text = |key: FeedbackKey<'_>, bank_text: &Bilingual| -> String {
        community::feedback_text(lang, key)
            .unwrap_or_else(|| bank_text.get(lang))
            .to_string()
    };
    l.paragraph(&f(&text(FeedbackKey::Intro, &bank.intro))?);
    l.paragraph(&f(&w.how_to_answer)?);

    let labels = vec![
        text(FeedbackKey::Answer("yes"), &bank.answers.yes),
        text(FeedbackKey::Answer("partly"), &bank.answers.partly),
        text(FeedbackKey::Answer("no"), &bank.answers.no),
        text(FeedbackKey::Answer("not-sure"), &bank.answers.not_sure),
    ];
    let (scale_lines, text_lines) = match (opts.short, opts.large_print) {
        (true, false) => (4, 6),
        (true, true) => (3, 5),
        (false, false) => (2, 5),
        (false, true) => (2, 4),
    };
    let mut number = 0;
    for (gi, qs) in questions(a, opts.short) {
        let group = &bank.group[gi];
        l.heading(&text(FeedbackKey::Group(&group.id), &group.text));
        for q in qs {
            number += 1;
            let mark = l.mark();
            l.strong(&format!(
                "{number}. {}",
                text(FeedbackKey::Question(&q.id), &q.text).trim()
            ));
            match q.kind {
                QuestionKind::Scale => {
                    l.tick_row(&labels);
                    l.paragraph(&w.write_more);
                    l.write_lines(scale_lines);
                }
                QuestionKind::Text => l.write_lines(text_lines),
            }
            l.keep_together(mark);
        }
    }

    l.heading(&f(&w.return_heading)?);
    match return_address.is_empty() {
        false => l.paragraph(&f(&text(FeedbackKey::Return, &bank.return_text))?),
        true => l.paragraph(&f(&w.return_no_address)?),
    }
    l.paragraph(&f(&w.thank_you)?);
    Ok(())
}
