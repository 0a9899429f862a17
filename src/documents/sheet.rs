//! The information sheet for one person (design.md section 4, domain.md section 6).

use super::layout::{Footer, Layout, Meta, Style};
use super::pictures::{pictures, Idea};
use super::shaping::Writing;
use super::view::{
    FindingsSharing, Harm, Language, LanguageChoice, PublicationPlan, Route, SheetOptions,
    SheetView, Variant,
};
use super::wording::{
    assets, draft_languages, fill, format_date, format_month, version_label, Assets, ReviewWords,
    SheetWording,
};
use super::{check_review_type, check_text, timestamp, DocumentError, Rendered};

/// Write-in lines for the person's own questions, and for notes at the visit.
fn line_counts(variant: Variant) -> (usize, usize) {
    match variant {
        Variant::Standard => (8, 5),
        Variant::LargePrint | Variant::EasyRead | Variant::Young => (6, 4),
    }
}

pub(crate) fn render(view: &SheetView, opts: &SheetOptions) -> Result<Rendered, DocumentError> {
    check_text("recipient_name", &view.recipient_name)?;
    check_text("child_name", &view.child_name)?;
    check_text("body_name", &view.body_name)?;
    check_text("author.name", &view.author.name)?;
    if let Some(c) = &view.partnership_contact {
        check_text("partnership_contact.name", &c.name)?;
    }
    check_review_type(view.nation, view.review_type)?;

    let a = assets()?;
    let style = match opts.variant {
        Variant::Standard => Style::standard(),
        Variant::LargePrint => Style::large_print(),
        Variant::EasyRead | Variant::Young => Style::easy_read(),
    };
    let mut l = Layout::new(style)?;
    if opts.variant == Variant::EasyRead {
        l.picture_column(style.body * 6.0);
    }
    let langs = opts.languages.languages();
    for lang in langs {
        super::community::usable(*lang)?;
    }
    for (i, lang) in langs.iter().copied().enumerate() {
        let w = a.wording(lang);
        let date = format_date(&w.common, view.prepared_on)?;
        let prepared = fill(&w.common.prepared_on, &[("date", &date)])?;
        // Easy read keeps the footer to the page number and says the date once, on the
        // first page; the other versions repeat it in every footer.
        let easy = matches!(opts.variant, Variant::EasyRead | Variant::Young);
        l.start_section(Footer {
            left: if easy {
                String::new()
            } else {
                prepared.clone()
            },
            page_label: w.common.page_label.clone(),
        });
        l.language(lang.code());
        let words = match opts.variant {
            Variant::EasyRead => &w.easy,
            // The young person's words are written in English and Welsh only; in a
            // community language the easy-read words (plain, short) stand in for them.
            Variant::Young if lang.is_community() => &w.easy,
            Variant::Young => &super::young::wording(lang)?.sheet,
            _ => &w.sheet,
        };
        let welsh_first = opts.languages == LanguageChoice::BothWelshFirst;
        l.set_writing(Writing::of(lang));
        let community = opts.languages.community();
        let both_note = if let (Some(c), 0) = (community, i) {
            // The person's language says it in its own words, then English.
            Some(vec![
                a.wording(c).common.sheet_both_note.as_str(),
                super::community::info(c)?.sheet_note_en.as_str(),
            ])
        } else if langs.len() > 1 && i == 0 {
            Some(
                langs
                    .iter()
                    .map(|l| {
                        let c = &a.wording(*l).common;
                        if welsh_first {
                            c.sheet_both_note_welsh_first.as_str()
                        } else {
                            c.sheet_both_note.as_str()
                        }
                    })
                    .collect::<Vec<_>>(),
            )
        } else {
            None
        };
        let prepared_line = easy.then(|| format!("{prepared}."));
        compose(
            &mut l,
            a,
            view,
            Part {
                variant: opts.variant,
                lang,
                wording: words,
                both_note: both_note.as_deref(),
                prepared_line: prepared_line.as_deref(),
            },
        )?;
    }
    // The young person's version records its own wording too.
    let young = if opts.variant == Variant::Young {
        super::young::version_parts(langs)?
    } else {
        Vec::new()
    };
    let young_parts: Vec<(&str, &str)> = young
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let draft_languages = drafts(opts)?;
    let out = l.finish(&Meta {
        title: "Information about the review".into(),
        subject: format!(
            "Information sheet ({})",
            opts.variant.slug().replace('-', " ")
        ),
        timestamp: timestamp(view.prepared_on),
        language: langs.iter().map(|l| l.code()).collect::<Vec<_>>().join(","),
    })?;
    Ok(out.rendered(version_label(langs, &young_parts)?, draft_languages))
}

/// The languages of a sheet whose wording is still a draft, as its rendering reports them,
/// known before anything is rendered (so that the author is asked first).
pub(crate) fn drafts(opts: &SheetOptions) -> Result<Vec<Language>, DocumentError> {
    let langs = opts.languages.languages();
    let mut out = draft_languages(langs)?;
    if opts.variant == Variant::Young {
        for l in super::young::drafts(langs)? {
            if !out.contains(&l) {
                out.push(l);
            }
        }
    }
    Ok(out)
}

/// One language's part of a sheet: its version, language and wording, the note that the
/// sheet is in two languages (first part only) and the easy-read "prepared on" line.
#[derive(Clone, Copy)]
struct Part<'a> {
    variant: Variant,
    lang: Language,
    wording: &'a SheetWording,
    both_note: Option<&'a [&'a str]>,
    prepared_line: Option<&'a str>,
}

fn compose(
    l: &mut Layout,
    a: &Assets,
    view: &SheetView,
    part: Part<'_>,
) -> Result<(), DocumentError> {
    let Part {
        variant,
        lang,
        wording: w,
        both_note,
        prepared_line,
    } = part;
    let common = &a.wording(lang).common;
    let review = a.review_type(view.review_type)?;
    let nation_words = a.nation_words(view.nation, lang)?;
    let welsh = lang == Language::Welsh;
    let weeks = match view.findings {
        FindingsSharing::Wanted { weeks: Some(w) } => w,
        _ => 0,
    };
    let weeks = weeks.to_string();
    let month_year = match &view.publication {
        PublicationPlan::Planned { month: Some(m) } => format_month(common, *m)?,
        _ => String::new(),
    };
    // The commissioning body in the page's language: its Welsh name, else the nation's
    // Welsh word for it (never the English name on a Welsh page).
    let body = if welsh {
        view.body_name_cy
            .as_deref()
            .map(str::trim)
            .filter(|b| !b.is_empty())
            .map(str::to_string)
            .or_else(|| {
                nation_words
                    .iter()
                    .find(|(k, _)| *k == "local_body")
                    .map(|(_, v)| v.to_string())
            })
            .unwrap_or_default()
    } else {
        view.body_name.trim().to_string()
    };
    let contact_name = view
        .partnership_contact
        .as_ref()
        .map(|c| c.name.trim().to_string())
        .unwrap_or_default();
    let days = view
        .updates_every_days
        .map(|d| d.to_string())
        .unwrap_or_default();
    let values: Vec<(&str, &str)> = vec![
        ("recipient", view.recipient_name.trim()),
        ("child", view.child_name.trim()),
        ("author", view.author.name.trim()),
        ("body", &body),
        ("review_name", review.name_in(lang)),
        ("in_nation", common.in_nation.get(view.nation)),
        ("plain", review.plain_in(lang)),
        ("weeks", &weeks),
        ("month_year", &month_year),
        ("contact_name", &contact_name),
        ("days", &days),
    ];
    let values: Vec<(&str, &str)> = values.into_iter().chain(nation_words).collect();
    // A sentence that starts with a placeholder ("the safeguarding partners asked…")
    // starts with a capital.
    let f = |t: &str| fill(t, &values).map(|s| capitalise(&s));
    // Easy read puts a picture beside each idea (see `pictures`).
    let pictures = match variant {
        Variant::EasyRead => Some(pictures()?),
        _ => None,
    };
    let pic = |l: &mut Layout, idea: Idea| {
        if let Some(p) = pictures.and_then(|p| p.get(idea)) {
            l.picture(p, p.alt(lang));
        }
    };
    let paras = |l: &mut Layout, list: &[String]| -> Result<(), DocumentError> {
        for p in list {
            l.paragraph(&f(p)?);
        }
        Ok(())
    };

    // Title.
    l.title(&f(&w.title)?);
    l.subheading(&f(&w.subtitle)?);
    if let Some(notes) = both_note {
        for n in notes {
            l.paragraph(n);
        }
    }
    // The loss or the harm, acknowledged first.
    let sorry = match view.harm {
        Harm::Died => &w.loss_died,
        Harm::SeriouslyHarmed => &w.loss_harmed,
        Harm::NotRecorded => &w.loss_other,
    };
    paras(l, sorry)?;
    paras(l, &w.intro)?;
    if let Some(p) = prepared_line {
        l.paragraph(p);
    }

    // The visit this sheet is for, on the first page, where it is found at the door.
    if let Some(v) = &view.visit {
        let mark = l.mark();
        l.begin_frame();
        pic(l, Idea::Calendar);
        l.subheading(&f(&w.visit_heading)?);
        let mut rows = vec![(w.visit_date.clone(), format_date(common, v.date)?)];
        if let Some(t) = v.time.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
            rows.push((w.visit_time.clone(), t.to_string()));
        }
        let place = v
            .place
            .as_deref()
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .map(str::to_string);
        let place = match place {
            Some(p) => p,
            None => f(&w.visit_place_unknown)?,
        };
        rows.push((w.visit_place.clone(), place));
        let who: Vec<&str> = v
            .who_will_come
            .iter()
            .map(|s| s.trim())
            .filter(|s| !s.is_empty())
            .collect();
        if !who.is_empty() {
            rows.push((w.visit_who.clone(), who.join("\n")));
        }
        if let Some(lang_name) = v
            .interpreter_language
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
        {
            let value = fill(&w.visit_interpreter_value, &[("language", lang_name)])?;
            rows.push((w.visit_interpreter.clone(), value));
        }
        if let Some(s) = v
            .supporter
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
        {
            rows.push((w.visit_supporter.clone(), s.to_string()));
        }
        l.key_values(&rows);
        l.paragraph(&f(&w.visit_change)?);
        l.end_frame();
        l.keep_together(mark);
    }

    // 1. What a review is, named for this nation.
    pic(l, Idea::Report);
    l.heading(&f(&w.what_heading)?);
    paras(l, &w.what)?;
    l.paragraph(&f(&w.what_this_nation)?);
    let plain = f(&w.what_plain)?;
    if !plain.trim().is_empty() {
        l.paragraph(&plain);
    }

    // 2. Why this review.
    pic(l, Idea::Question);
    l.heading(&f(&w.why_heading)?);
    paras(l, &w.why)?;

    // 3. Who is doing it.
    pic(l, Idea::Reviewer);
    l.heading(&f(&w.who_heading)?);
    paras(l, &w.who)?;

    // 4. Why the family's view matters, and the review's own statement of why it asks.
    pic(l, Idea::Meeting);
    l.heading(&f(&w.hear_heading)?);
    paras(l, &w.hear)?;
    let purpose = if welsh {
        view.purpose_cy.as_deref()
    } else {
        view.purpose.as_deref()
    };
    if let Some(p) = purpose.map(str::trim).filter(|p| !p.is_empty()) {
        let mark = l.mark();
        l.paragraph(&f(&w.purpose_intro)?);
        l.paragraph(p);
        l.keep_together(mark);
    }

    // 5. What taking part means, and this visit.
    pic(l, Idea::Meeting);
    l.heading(&f(&w.taking_part_heading)?);
    paras(l, &w.taking_part)?;
    if view.may_have_to_wait {
        paras(l, &w.may_wait)?;
    }
    // The visit itself is on the first page (see above); without one, say how it is arranged.
    if view.visit.is_none() {
        l.paragraph(&f(&w.no_visit)?);
    }

    // 6. What the review will not do.
    pic(l, Idea::Report);
    l.heading(&f(&w.not_do_heading)?);
    l.paragraph(&f(&w.not_do_intro)?);
    // List items continue the sentence before them: no capital.
    let items: Vec<String> = w
        .not_do
        .iter()
        .map(|s| fill(s, &values))
        .collect::<Result<_, _>>()?;
    l.bullets(&items);
    paras(l, &w.not_do_after)?;

    // 7. A choice.
    pic(l, Idea::No);
    l.heading(&f(&w.choice_heading)?);
    paras(l, &w.choice)?;

    // 8. Confidentiality and its limits.
    pic(l, Idea::Reviewer);
    l.heading(&f(&w.private_heading)?);
    paras(l, &w.private)?;

    // 9. How what they say is used; names in the report, as far as they are agreed.
    pic(l, Idea::Report);
    l.heading(&f(&w.used_heading)?);
    paras(l, &w.used)?;
    if view.naming_agreed {
        paras(l, &w.names_agreed)?;
    } else {
        paras(l, &w.names_not_agreed)?;
    }

    // 10. Findings shared first: promised only as their terms say.
    pic(l, Idea::Report);
    l.heading(&f(&w.findings_heading)?);
    match view.findings {
        FindingsSharing::Wanted { weeks } => {
            paras(l, &w.findings)?;
            match weeks {
                Some(1) => l.paragraph(&f(&w.findings_week_one)?),
                Some(n) if n > 1 => l.paragraph(&f(&w.findings_weeks)?),
                _ => {}
            }
        }
        FindingsSharing::NotWanted => paras(l, &w.findings_not_wanted)?,
        FindingsSharing::NotYetAsked => paras(l, &w.findings_not_asked)?,
    }

    // 11. Publication, honestly for each case.
    pic(l, Idea::Report);
    l.heading(&f(&w.publication_heading)?);
    match &view.publication {
        PublicationPlan::NotDecided => {
            paras(l, &w.publication_not_decided)?;
            l.paragraph(&f(&w.publication_told_first)?);
        }
        PublicationPlan::Planned { month } => {
            if month.is_some() {
                paras(l, &w.publication_planned)?;
            } else {
                paras(l, &w.publication_planned_no_date)?;
            }
            l.paragraph(&f(&w.publication_told_first)?);
            l.paragraph(&f(&w.publication_media)?);
        }
        PublicationPlan::NotPlanned => paras(l, &w.publication_not_planned)?,
    }

    // 12. Other processes: generic wording only, and only when there are some.
    if view.parallel_processes {
        l.heading(&f(&w.other_heading)?);
        paras(l, &w.other)?;
    }

    // 13. Support chosen for this person.
    pic(l, Idea::Support);
    l.heading(&f(&w.support_heading)?);
    if view.support.is_empty() {
        paras(l, &w.support_none)?;
    } else {
        paras(l, &w.support_intro)?;
        for s in &view.support {
            let mark = l.mark();
            let pick = |cy: &Option<String>, en: &str| -> Option<String> {
                let cy = cy.as_deref().map(str::trim).filter(|t| !t.is_empty());
                match (welsh, cy) {
                    (true, Some(t)) => Some(t.to_string()),
                    (true, None) => None,
                    (false, _) => Some(en.trim().to_string()),
                }
            };
            // A service without a Welsh name is named as it calls itself.
            let name = pick(&s.name_cy, &s.name).unwrap_or_else(|| s.name.trim().to_string());
            l.strong(&name);
            match pick(&s.description_cy, &s.description) {
                Some(d) if !d.is_empty() => l.line(&d),
                Some(_) => {}
                // No Welsh about it: say so in Welsh rather than print English.
                None => l.line(&f(&w.support_english_only)?),
            }
            let hours = if welsh {
                s.hours_cy.clone()
            } else {
                s.hours.clone()
            };
            let mut rows = Vec::new();
            for (label, value) in [
                (&common.label_phone, &s.phone),
                (&common.label_website, &s.website),
                (&common.label_hours, &hours),
            ] {
                if let Some(v) = value.as_deref().map(str::trim).filter(|v| !v.is_empty()) {
                    rows.push((label.clone(), v.to_string()));
                }
            }
            if !rows.is_empty() {
                l.key_values_aligned(
                    &rows,
                    &[
                        &common.label_phone,
                        &common.label_website,
                        &common.label_hours,
                    ],
                );
            }
            l.keep_together(mark);
        }
        l.paragraph(&f(&w.support_after)?);
    }

    // 14. Contacts and complaints.
    pic(l, Idea::Phone);
    l.heading(&f(&w.contact_heading)?);
    let labels = [
        common.label_phone.as_str(),
        common.label_email.as_str(),
        common.label_hours.as_str(),
        common.label_post.as_str(),
    ];
    if let Some(route) = view.route {
        let line = match route {
            Route::Solicitor => &w.route_solicitor,
            Route::Advocate => &w.route_advocate,
            Route::Carer => &w.route_carer,
            Route::SocialWorker => &w.route_social_worker,
            Route::Prison => &w.route_prison,
            Route::Agreed => &w.route_agreed,
        };
        l.paragraph(&f(line)?);
    }
    let rows = contact_rows(common, &view.author, lang);
    if rows.is_empty() {
        l.paragraph(&f(&w.contact_none)?);
    } else {
        let mark = l.mark();
        l.paragraph(&f(&w.contact_intro)?);
        l.key_values_aligned(&rows, &labels);
        l.keep_together(mark);
    }
    if let Some(c) = &view.partnership_contact {
        let mark = l.mark();
        l.paragraph(&f(&w.partnership_intro)?);
        let rows = contact_rows(common, c, lang);
        if !rows.is_empty() {
            l.key_values_aligned(&rows, &labels);
        }
        l.keep_together(mark);
    }
    l.subheading(&f(&w.complain_heading)?);
    l.paragraph(&f(&w.complain_intro)?);
    let complaints = if welsh {
        view.complaints_cy.as_deref()
    } else {
        view.complaints.as_deref()
    };
    match complaints.map(str::trim).filter(|c| !c.is_empty()) {
        Some(c) => l.paragraph(c),
        None => l.paragraph(&f(&w.complain_none)?),
    }

    // 15. What happens next.
    pic(l, Idea::Calendar);
    l.heading(&f(&w.next_heading)?);
    if view.updates_every_days.is_some() {
        paras(l, &w.next_agreed)?;
    } else {
        paras(l, &w.next)?;
    }

    // Space for their own questions, and for notes at the visit.
    let (questions, notes) = line_counts(variant);
    let mark = l.mark();
    pic(l, Idea::Question);
    l.heading(&f(&w.questions_heading)?);
    l.paragraph(&f(&w.questions_intro)?);
    l.write_lines(questions);
    l.keep_together(mark);
    if view.visit.is_some() {
        let mark = l.mark();
        l.heading(&f(&w.notes_heading)?);
        l.paragraph(&f(&w.notes_intro)?);
        l.write_lines(notes);
        l.keep_together(mark);
    }
    Ok(())
}

/// The rows of a contact card, in the page's language: hours written only in English are
/// left off a Welsh page.
fn contact_rows(
    common: &super::wording::Common,
    c: &super::view::AuthorContact,
    lang: Language,
) -> Vec<(String, String)> {
    let hours = match lang {
        Language::Welsh => &c.hours_cy,
        _ => &c.hours,
    };
    let mut rows = Vec::new();
    for (label, value) in [
        (&common.label_phone, &c.phone),
        (&common.label_email, &c.email),
        (&common.label_hours, hours),
        (&common.label_post, &c.postal_address),
    ] {
        if let Some(v) = value.as_deref().map(str::trim).filter(|v| !v.is_empty()) {
            rows.push((label.clone(), v.to_string()));
        }
    }
    rows
}

/// The text with its first letter a capital.
fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(first) if first.is_lowercase() => first.to_uppercase().chain(c).collect(),
        _ => s.to_string(),
    }
}
