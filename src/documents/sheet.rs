//! The information sheet for one person (design.md section 4, domain.md section 6).

use super::layout::{Footer, Layout, Meta, Style};
use super::view::{Language, PublicationPlan, SheetOptions, SheetView, Variant};
use super::wording::{assets, fill, format_date, version_label, Assets, SheetWording};
use super::{check_review_type, check_text, timestamp, DocumentError, Rendered};

/// Write-in lines for the person's own questions, and for notes at the visit.
fn line_counts(variant: Variant) -> (usize, usize) {
    match variant {
        Variant::Standard => (8, 5),
        Variant::LargePrint | Variant::EasyRead => (6, 4),
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
    if let Some(v) = &view.visit {
        check_text("visit.place", &v.place)?;
    }
    check_review_type(view.nation, view.review_type)?;

    let a = assets()?;
    let style = match opts.variant {
        Variant::Standard => Style::standard(),
        Variant::LargePrint => Style::large_print(),
        Variant::EasyRead => Style::easy_read(),
    };
    let mut l = Layout::new(style)?;
    let langs = opts.languages.languages();
    for (i, lang) in langs.iter().copied().enumerate() {
        let w = a.wording(lang);
        let date = format_date(&w.common, view.prepared_on)?;
        let prepared = fill(&w.common.prepared_on, &[("date", &date)])?;
        // Easy read keeps the footer to the page number and says the date once, on the
        // first page; the other versions repeat it in every footer.
        let easy = opts.variant == Variant::EasyRead;
        l.start_section(Footer {
            left: if easy {
                String::new()
            } else {
                prepared.clone()
            },
            page_label: w.common.page_label.clone(),
        });
        let words = match opts.variant {
            Variant::EasyRead => &w.easy,
            _ => &w.sheet,
        };
        let both_note = if langs.len() > 1 && i == 0 {
            Some(
                langs
                    .iter()
                    .map(|l| a.wording(*l).common.sheet_both_note.as_str())
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
            opts.variant,
            lang,
            words,
            both_note.as_deref(),
            prepared_line.as_deref(),
        )?;
    }
    let nations_version = a.nations.version.clone();
    let out = l.finish(&Meta {
        title: "Information about the review".into(),
        subject: format!(
            "Information sheet ({})",
            opts.variant.slug().replace('-', " ")
        ),
        timestamp: timestamp(view.prepared_on),
        language: langs.iter().map(|l| l.code()).collect::<Vec<_>>().join(","),
    })?;
    Ok(Rendered {
        bytes: out.bytes,
        pages: out.pages,
        missing_glyphs: out.missing_glyphs,
        wording_version: version_label(langs, &[("nations", &nations_version)])?,
    })
}

#[allow(clippy::too_many_arguments)]
fn compose(
    l: &mut Layout,
    a: &Assets,
    view: &SheetView,
    variant: Variant,
    lang: Language,
    w: &SheetWording,
    both_note: Option<&[&str]>,
    prepared_line: Option<&str>,
) -> Result<(), DocumentError> {
    let common = &a.wording(lang).common;
    let review = a.review_type(view.review_type)?;
    let weeks = view.findings_sharing_weeks.unwrap_or(0).to_string();
    let month_year = match &view.publication {
        PublicationPlan::Planned {
            month_year: Some(m),
        } => m.trim().to_string(),
        _ => String::new(),
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
        ("body", view.body_name.trim()),
        ("review_name", review.name(lang)),
        ("in_nation", common.in_nation.get(view.nation)),
        ("plain", review.plain(lang)),
        ("weeks", &weeks),
        ("month_year", &month_year),
        ("contact_name", &contact_name),
        ("days", &days),
    ];
    let f = |t: &str| fill(t, &values);
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
    paras(l, &w.intro)?;
    if let Some(p) = prepared_line {
        l.paragraph(p);
    }

    // The visit this sheet is for, on the first page, where it is found at the door.
    if let Some(v) = &view.visit {
        let mark = l.mark();
        l.begin_frame();
        l.subheading(&f(&w.visit_heading)?);
        let mut rows = vec![(w.visit_date.clone(), format_date(common, v.date)?)];
        if let Some(t) = v.time.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
            rows.push((w.visit_time.clone(), t.to_string()));
        }
        rows.push((w.visit_place.clone(), v.place.trim().to_string()));
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
    l.heading(&f(&w.what_heading)?);
    paras(l, &w.what)?;
    l.paragraph(&f(&w.what_this_nation)?);
    let plain = f(&w.what_plain)?;
    if !plain.trim().is_empty() {
        l.paragraph(&plain);
    }

    // 2. Why this review.
    l.heading(&f(&w.why_heading)?);
    paras(l, &w.why)?;

    // 3. Who is doing it.
    l.heading(&f(&w.who_heading)?);
    paras(l, &w.who)?;

    // 4. Why the family's view matters.
    l.heading(&f(&w.hear_heading)?);
    paras(l, &w.hear)?;

    // 5. What taking part means, and this visit.
    l.heading(&f(&w.taking_part_heading)?);
    paras(l, &w.taking_part)?;
    // The visit itself is on the first page (see above); without one, say how it is arranged.
    if view.visit.is_none() {
        l.paragraph(&f(&w.no_visit)?);
    }

    // 6. What the review will not do.
    l.heading(&f(&w.not_do_heading)?);
    l.paragraph(&f(&w.not_do_intro)?);
    let items: Vec<String> = w.not_do.iter().map(|s| f(s)).collect::<Result<_, _>>()?;
    l.bullets(&items);
    paras(l, &w.not_do_after)?;

    // 7. A choice.
    l.heading(&f(&w.choice_heading)?);
    paras(l, &w.choice)?;

    // 8. Confidentiality and its limits.
    l.heading(&f(&w.private_heading)?);
    paras(l, &w.private)?;

    // 9. How what they say is used; anonymity.
    l.heading(&f(&w.used_heading)?);
    paras(l, &w.used)?;

    // 10. Findings shared first.
    l.heading(&f(&w.findings_heading)?);
    paras(l, &w.findings)?;
    match view.findings_sharing_weeks {
        Some(1) => l.paragraph(&f(&w.findings_week_one)?),
        Some(n) if n > 1 => l.paragraph(&f(&w.findings_weeks)?),
        _ => {}
    }

    // 11. Publication, honestly for each case.
    l.heading(&f(&w.publication_heading)?);
    match &view.publication {
        PublicationPlan::NotDecided => {
            paras(l, &w.publication_not_decided)?;
            l.paragraph(&f(&w.publication_told_first)?);
        }
        PublicationPlan::Planned { month_year } => {
            if month_year.as_deref().is_some_and(|m| !m.trim().is_empty()) {
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
    l.heading(&f(&w.support_heading)?);
    if view.support.is_empty() {
        paras(l, &w.support_none)?;
    } else {
        paras(l, &w.support_intro)?;
        for s in &view.support {
            let mark = l.mark();
            l.strong(s.name.trim());
            if !s.description.trim().is_empty() {
                l.line(s.description.trim());
            }
            let mut rows = Vec::new();
            for (label, value) in [
                (&common.label_phone, &s.phone),
                (&common.label_website, &s.website),
                (&common.label_hours, &s.hours),
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
    l.heading(&f(&w.contact_heading)?);
    let labels = [
        common.label_phone.as_str(),
        common.label_email.as_str(),
        common.label_hours.as_str(),
        common.label_post.as_str(),
    ];
    let rows = contact_rows(common, &view.author);
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
        let rows = contact_rows(common, c);
        if !rows.is_empty() {
            l.key_values_aligned(&rows, &labels);
        }
        l.keep_together(mark);
    }
    l.subheading(&f(&w.complain_heading)?);
    l.paragraph(&f(&w.complain_intro)?);
    match view
        .complaints
        .as_deref()
        .map(str::trim)
        .filter(|c| !c.is_empty())
    {
        Some(c) => l.paragraph(c),
        None => l.paragraph(&f(&w.complain_none)?),
    }

    // 15. What happens next.
    l.heading(&f(&w.next_heading)?);
    if view.updates_every_days.is_some() {
        paras(l, &w.next_agreed)?;
    } else {
        paras(l, &w.next)?;
    }

    // Space for their own questions, and for notes at the visit.
    let (questions, notes) = line_counts(variant);
    let mark = l.mark();
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

fn contact_rows(
    common: &super::wording::Common,
    c: &super::view::AuthorContact,
) -> Vec<(String, String)> {
    let mut rows = Vec::new();
    for (label, value) in [
        (&common.label_phone, &c.phone),
        (&common.label_email, &c.email),
        (&common.label_hours, &c.hours),
        (&common.label_post, &c.postal_address),
    ] {
        if let Some(v) = value.as_deref().map(str::trim).filter(|v| !v.is_empty()) {
            rows.push((label.clone(), v.to_string()));
        }
    }
    rows
}
