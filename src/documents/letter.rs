//! The letters between visits (issue 13, item 5), on the same layout as the sheet: the
//! reviewer's contact block, the date, a greeting by the name the person is called, the
//! body for the letter's kind, the author's own short paragraph, the sign-off. Each in
//! standard, large print or easy read, in English, Welsh or both (each part complete on
//! its own, Welsh first for someone who prefers Welsh).
//!
//! The words are in `assets/wording/letters-{en,cy}.toml` (this module parses them once);
//! dates, months and contact labels come from the sheet's wording files, the nation's
//! words for its system from `assets/nations.toml`. Which letter may be written at all is
//! the domain's rule (`domain::letters::may_write`); this module prints only what the view
//! holds, and each promise only as the view records it.

use std::collections::HashMap;
use std::sync::{OnceLock, RwLock};

use serde::Deserialize;

use super::community::{TranslationInfo, TranslationKind};
use super::layout::{Footer, Layout, Meta, Style};
use super::letter_view::{LetterKind, LetterOptions, LetterView, TermsView};
use super::pictures::{pictures, Idea};
use super::shaping::Writing;
use super::view::{
    AuthorContact, FindingsSharing, Harm, Language, LanguageChoice, PublicationPlan, Route, Variant,
};
use super::wording::{
    assets, fill, format_date, format_date_no_weekday, format_month, ReviewWords,
};
use super::{check_review_type, check_text, timestamp, DocumentError, Rendered};

static EN: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/assets/wording/letters-en.toml"
));
static CY: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/assets/wording/letters-cy.toml"
));
/// The letters in the community languages (draft translations, see each file's header).
static COMMUNITY: [(Language, &str); 6] = [
    (
        Language::Polish,
        include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/assets/wording/letters-pl.toml"
        )),
    ),
    (
        Language::Romanian,
        include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/assets/wording/letters-ro.toml"
        )),
    ),
    (
        Language::Urdu,
        include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/assets/wording/letters-ur.toml"
        )),
    ),
    (
        Language::Punjabi,
        include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/assets/wording/letters-pa.toml"
        )),
    ),
    (
        Language::Bengali,
        include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/assets/wording/letters-bn.toml"
        )),
    ),
    (
        Language::Arabic,
        include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/assets/wording/letters-ar.toml"
        )),
    ),
];

// ---------------------------------------------------------------------------
// The wording files
// ---------------------------------------------------------------------------

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct LettersFile {
    pub(crate) version: String,
    pub(crate) language: String,
    pub(crate) review_status: String,
    pub(crate) reviewed_by: String,
    /// How a translation was made (community languages).
    #[serde(default)]
    pub(crate) method: Option<String>,
    pub(crate) common: LetterCommon,
    pub(crate) standard: LetterSet,
    pub(crate) easy: LetterSet,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct LetterCommon {
    greeting: String,
    sign_off: String,
    signature_role: String,
    both_note: String,
    both_note_welsh_first: String,
    label_date: String,
    label_time: String,
    label_place: String,
    label_who: String,
    label_interpreter: String,
    label_supporter: String,
}

/// One version's words (standard, or easy read).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct LetterSet {
    loss_died: String,
    loss_harmed: String,
    loss_other: String,
    route_solicitor: String,
    route_advocate: String,
    route_carer: String,
    route_social_worker: String,
    route_prison: String,
    route_agreed: String,
    may_wait: String,
    questions: String,
    first: FirstWords,
    update: UpdateWords,
    terms: TermsWords,
    visit: VisitWords,
    draft: DraftWords,
    publication: PublicationWords,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FirstWords {
    subject: String,
    body: Vec<String>,
    next: Vec<String>,
    enclosed: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct UpdateWords {
    subject: String,
    body: Vec<String>,
    next_date: String,
    thanks: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TermsWords {
    subject: String,
    intro: String,
    label_mode: String,
    label_venue: String,
    label_supporter: String,
    label_interpreter: String,
    label_updates: String,
    value_updates: String,
    label_channel: String,
    label_description: String,
    label_names: String,
    label_draft: String,
    draft_wanted: String,
    draft_wanted_weeks: String,
    draft_not_wanted: String,
    explained_private: String,
    explained_stop: String,
    names_not_agreed: String,
    change: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct VisitWords {
    subject: String,
    intro: String,
    place_unknown: String,
    talk: Vec<String>,
    stop: String,
    change: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct DraftWords {
    subject: String,
    intro: String,
    weeks: String,
    week_one: String,
    weeks_unknown: String,
    how: Vec<String>,
    private: String,
    reply: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PublicationWords {
    subject: String,
    planned: String,
    planned_no_date: String,
    not_planned: Vec<String>,
    #[serde(rename = "where")]
    where_: String,
    names_agreed: String,
    names_not_agreed: String,
    not_say: String,
    told_first: String,
    media: String,
    support_intro: String,
    support_none: String,
}

pub(crate) struct Letters {
    pub(crate) en: LettersFile,
    pub(crate) cy: LettersFile,
    community: Vec<(Language, LettersFile)>,
}

impl Letters {
    pub(crate) fn get(&self, lang: Language) -> &LettersFile {
        if let Some(loaded) = loaded_letters(lang) {
            return loaded;
        }
        match lang {
            Language::English => &self.en,
            Language::Welsh => &self.cy,
            // Every community language has its file (checked when they are loaded).
            other => self
                .community
                .iter()
                .find(|(l, _)| *l == other)
                .map_or(&self.en, |(_, f)| f),
        }
    }
}

fn load() -> Result<Letters, String> {
    let parse = |text: &str, file: &str| -> Result<LettersFile, String> {
        toml::from_str(text).map_err(|e| format!("assets/wording/{file}: {e}"))
    };
    let en = parse(EN, "letters-en.toml")?;
    let cy = parse(CY, "letters-cy.toml")?;
    for (w, code) in [(&en, "en"), (&cy, "cy")] {
        if w.language != code {
            return Err(format!(
                "assets/wording/letters-{code}.toml: language should be \"{code}\""
            ));
        }
    }
    let mut community = Vec::with_capacity(COMMUNITY.len());
    for (lang, text) in COMMUNITY {
        let file = format!("letters-{}.toml", lang.code());
        let w = parse(text, &file)?;
        if w.language != lang.code() {
            return Err(format!(
                "assets/wording/{file}: language should be \"{}\"",
                lang.code()
            ));
        }
        community.push((lang, w));
    }
    Ok(Letters { en, cy, community })
}

static LETTERS: OnceLock<Result<Letters, String>> = OnceLock::new();

/// Letters' translations loaded in this process (see [`use_letters`]): kept for its life.
static LOADED: OnceLock<RwLock<HashMap<Language, &'static LettersFile>>> = OnceLock::new();

fn loaded_letters(lang: Language) -> Option<&'static LettersFile> {
    LOADED
        .get()
        .and_then(|l| l.read().ok())
        .and_then(|l| l.get(&lang).copied())
}

fn letters_info(lang: Language, w: &LettersFile) -> TranslationInfo {
    TranslationInfo {
        kind: TranslationKind::Letters,
        language: lang,
        version: w.version.clone(),
        review_status: w.review_status.clone(),
        reviewed_by: w.reviewed_by.clone(),
        method: w.method.clone().unwrap_or_default(),
        loaded: loaded_letters(lang).is_some_and(|l| std::ptr::eq(l, w)),
    }
}

/// Checks a translation of the letters against `letters-en.toml` (the same keys and
/// placeholders, a community language, a version, a reviewer when reviewed), then as the
/// letters are read; every problem one a line.
pub(crate) fn check_letters_file(text: &str) -> Result<TranslationInfo, String> {
    parse_letters_file(text).map(|(lang, w)| letters_info(lang, &w))
}

fn parse_letters_file(text: &str) -> Result<(Language, LettersFile), String> {
    let lang = super::community::check_keys(EN, "letters-en.toml", text)?;
    let w: LettersFile = toml::from_str(text).map_err(|e| format!("{e}"))?;
    Ok((lang, w))
}

/// Uses a checked translation of the letters for the rest of this process, in place of
/// the one built in.
pub(crate) fn use_letters(text: &str) -> Result<TranslationInfo, DocumentError> {
    let (lang, w) = parse_letters_file(text).map_err(DocumentError::Wording)?;
    let info = letters_info(lang, &w);
    // Kept for the life of the process, as the sheet's translations are.
    let w: &'static LettersFile = Box::leak(Box::new(w));
    if let Ok(mut l) = LOADED.get_or_init(Default::default).write() {
        l.insert(lang, w);
    }
    Ok(info)
}

/// The letters' wording used now for each community language.
pub(crate) fn letters_available() -> Vec<TranslationInfo> {
    let Ok(l) = letters() else {
        return Vec::new();
    };
    Language::COMMUNITY
        .into_iter()
        .map(|lang| letters_info(lang, l.get(lang)))
        .collect()
}

pub(crate) fn letters() -> Result<&'static Letters, DocumentError> {
    LETTERS
        .get_or_init(load)
        .as_ref()
        .map_err(|e| DocumentError::Wording(e.clone()))
}

/// The version recorded with a letter: the letters' wording and the sheet wording it takes
/// dates and labels from, each with its review status.
fn version_label(langs: &[Language]) -> Result<String, DocumentError> {
    let l = letters()?;
    let extra: Vec<String> = langs
        .iter()
        .map(|lang| {
            let w = l.get(*lang);
            format!("{} ({})", w.version, w.review_status)
        })
        .collect();
    let keys: Vec<String> = langs
        .iter()
        .map(|lang| format!("letters-{}", lang.code()))
        .collect();
    let pairs: Vec<(&str, &str)> = keys
        .iter()
        .zip(extra.iter())
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    super::wording::version_label(langs, &pairs)
}

/// The printed languages whose letter wording (or sheet wording, or the nations' Welsh)
/// is still a draft.
fn draft_languages(langs: &[Language]) -> Result<Vec<Language>, DocumentError> {
    let l = letters()?;
    let mut out = super::wording::draft_languages(langs)?;
    for lang in langs {
        if l.get(*lang).review_status != "reviewed" && !out.contains(lang) {
            out.push(*lang);
        }
    }
    Ok(out)
}

// ---------------------------------------------------------------------------
// Rendering
// ---------------------------------------------------------------------------

pub(crate) fn render(view: &LetterView, opts: &LetterOptions) -> Result<Rendered, DocumentError> {
    check_text("recipient_name", &view.recipient_name)?;
    check_text("child_name", &view.child_name)?;
    check_text("body_name", &view.body_name)?;
    check_text("author.name", &view.author.name)?;
    check_review_type(view.nation, view.review_type)?;
    if view.kind == LetterKind::Visit && view.visit.is_none() {
        return Err(DocumentError::MissingField { field: "visit" });
    }
    let style = match opts.variant {
        Variant::Standard => Style::standard(),
        Variant::LargePrint => Style::large_print(),
        Variant::EasyRead | Variant::Young => Style::easy_read(),
    };
    let mut l = Layout::new(style)?;
    let easy = matches!(opts.variant, Variant::EasyRead | Variant::Young);
    if easy {
        // The easy-read way: a picture beside the letter's subject (see `pictures`).
        l.picture_column(style.body * 6.0);
    }
    let langs = opts.languages.languages();
    let welsh_first = opts.languages == LanguageChoice::BothWelshFirst;
    let words = letters()?;
    for (i, lang) in langs.iter().copied().enumerate() {
        let common = &assets()?.wording(lang).common;
        l.start_section(Footer {
            left: String::new(),
            page_label: common.page_label.clone(),
        });
        l.language(lang.code());
        // An Urdu or Arabic part runs right to left, as the sheet's and the form's do.
        l.set_writing(Writing::of(lang));
        let community = opts.languages.community();
        let notes: Vec<&str> = if let (Some(c), 0) = (community, i) {
            // The person's language says it in its own words, then English (the English
            // letters' own note is about Welsh).
            vec![
                words.get(c).common.both_note.as_str(),
                super::community::info(c)?.letter_note_en.as_str(),
            ]
        } else if langs.len() > 1 && i == 0 {
            langs
                .iter()
                .map(|x| {
                    let c = &words.get(*x).common;
                    if welsh_first {
                        c.both_note_welsh_first.as_str()
                    } else {
                        c.both_note.as_str()
                    }
                })
                .collect()
        } else {
            Vec::new()
        };
        // The author's paragraph goes into the part of its language: the only part of a
        // letter in one language, else the English (and its Welsh, if given, the Welsh).
        let paragraph = if langs.len() == 1 {
            view.paragraph.as_deref().or(view.paragraph_cy.as_deref())
        } else {
            // In a community language the author's paragraph (typed in English) is in
            // the English part only.
            match lang {
                Language::English => view.paragraph.as_deref(),
                Language::Welsh => view.paragraph_cy.as_deref(),
                _ => None,
            }
        };
        compose(&mut l, view, opts.variant, lang, &notes, paragraph)?;
    }
    let out = l.finish(&Meta {
        title: "A letter about the review".into(),
        subject: format!(
            "Letter: {} ({})",
            view.kind.slug(),
            opts.variant.slug().replace('-', " ")
        ),
        timestamp: timestamp(view.prepared_on),
        language: langs.iter().map(|l| l.code()).collect::<Vec<_>>().join(","),
    })?;
    Ok(out.rendered(version_label(langs)?, draft_languages(langs)?))
}

fn compose(
    l: &mut Layout,
    view: &LetterView,
    variant: Variant,
    lang: Language,
    notes: &[&str],
    paragraph: Option<&str>,
) -> Result<(), DocumentError> {
    let a = assets()?;
    let lw = letters()?.get(lang);
    // A young person's letter is in the easy-read words, which suit their age too.
    let w = match variant {
        Variant::EasyRead | Variant::Young => &lw.easy,
        _ => &lw.standard,
    };
    let common = &a.wording(lang).common;
    let welsh = lang == Language::Welsh;
    let review = a.review_type(view.review_type)?;
    let nation_words = a.nation_words(view.nation, lang)?;
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
    let weeks = match view.findings {
        FindingsSharing::Wanted { weeks: Some(n) } => n.to_string(),
        _ => String::new(),
    };
    let month_year = match &view.publication {
        PublicationPlan::Planned { month: Some(m) } => format_month(common, *m)?,
        _ => String::new(),
    };
    let date = match &view.visit {
        Some(v) => format_date(common, v.date)?,
        None => String::new(),
    };
    let next_date = match view.next_update {
        Some(d) => format_date_no_weekday(common, d)?,
        None => String::new(),
    };
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
        ("weeks", &weeks),
        ("month_year", &month_year),
        ("date", &date),
        ("next_date", &next_date),
        ("days", &days),
    ];
    let values: Vec<(&str, &str)> = values.into_iter().chain(nation_words).collect();
    let f = |t: &str| fill(t, &values).map(|s| capitalise(&s));
    let para = |l: &mut Layout, t: &str| -> Result<(), DocumentError> {
        l.paragraph(&f(t)?);
        Ok(())
    };
    let paras = |l: &mut Layout, list: &[String]| -> Result<(), DocumentError> {
        for p in list {
            l.paragraph(&f(p)?);
        }
        Ok(())
    };
    let cw = &lw.common;

    // The reviewer's contact block, then the date.
    let mark = l.mark();
    l.strong(view.author.name.trim());
    l.line(&cw.signature_role);
    let rows = contact_rows(common, &view.author, lang);
    if !rows.is_empty() {
        l.key_values_aligned(
            &rows,
            &[
                &common.label_phone,
                &common.label_email,
                &common.label_hours,
                &common.label_post,
            ],
        );
    }
    l.paragraph(&format_date_no_weekday(common, view.prepared_on)?);
    l.keep_together(mark);
    for n in notes.iter().filter(|n| !n.is_empty()) {
        l.paragraph(n);
    }

    // The subject, the greeting and how the letter reached them.
    let subject = match view.kind {
        LetterKind::First => &w.first.subject,
        LetterKind::Update => &w.update.subject,
        LetterKind::Terms => &w.terms.subject,
        LetterKind::Visit => &w.visit.subject,
        LetterKind::Draft => &w.draft.subject,
        LetterKind::Publication => &w.publication.subject,
    };
    let idea = match view.kind {
        LetterKind::First => Idea::Reviewer,
        LetterKind::Update | LetterKind::Draft | LetterKind::Publication => Idea::Report,
        LetterKind::Terms => Idea::Meeting,
        LetterKind::Visit => Idea::Calendar,
    };
    if matches!(variant, Variant::EasyRead | Variant::Young) {
        if let Some(p) = pictures()?.get(idea) {
            l.picture(p, p.alt(lang));
        }
    }
    l.subheading(&f(subject)?);
    para(l, &cw.greeting)?;
    if let Some(route) = view.route {
        let line = match route {
            Route::Solicitor => &w.route_solicitor,
            Route::Advocate => &w.route_advocate,
            Route::Carer => &w.route_carer,
            Route::SocialWorker => &w.route_social_worker,
            Route::Prison => &w.route_prison,
            Route::Agreed => &w.route_agreed,
        };
        para(l, line)?;
    }

    match view.kind {
        LetterKind::First => {
            let sorry = match view.harm {
                Harm::Died => &w.loss_died,
                Harm::SeriouslyHarmed => &w.loss_harmed,
                Harm::NotRecorded => &w.loss_other,
            };
            para(l, sorry)?;
            paras(l, &w.first.body)?;
            paras(l, &w.first.next)?;
            if view.may_have_to_wait {
                para(l, &w.may_wait)?;
            }
            own_paragraph(l, paragraph);
            para(l, &w.first.enclosed)?;
        }
        LetterKind::Update => {
            paras(l, &w.update.body)?;
            own_paragraph(l, paragraph);
            if view.may_have_to_wait {
                para(l, &w.may_wait)?;
            }
            if view.next_update.is_some() {
                para(l, &w.update.next_date)?;
            }
            para(l, &w.update.thanks)?;
        }
        LetterKind::Terms => {
            let t = &w.terms;
            para(l, &t.intro)?;
            let terms = view.terms.clone().unwrap_or_default();
            terms_rows(l, &f, t, &terms, view, welsh)?;
            own_paragraph(l, paragraph);
            para(l, &t.change)?;
        }
        LetterKind::Visit => {
            let v = &w.visit;
            para(l, &v.intro)?;
            if let Some(visit) = &view.visit {
                let mark = l.mark();
                l.begin_frame();
                let mut rows = vec![(cw.label_date.clone(), date.clone())];
                if let Some(t) = visit
                    .time
                    .as_deref()
                    .map(str::trim)
                    .filter(|t| !t.is_empty())
                {
                    rows.push((cw.label_time.clone(), t.to_string()));
                }
                let place = match visit
                    .place
                    .as_deref()
                    .map(str::trim)
                    .filter(|p| !p.is_empty())
                {
                    Some(p) => p.to_string(),
                    None => f(&v.place_unknown)?,
                };
                rows.push((cw.label_place.clone(), place));
                let who: Vec<&str> = visit
                    .who_will_come
                    .iter()
                    .map(|s| s.trim())
                    .filter(|s| !s.is_empty())
                    .collect();
                if !who.is_empty() {
                    rows.push((cw.label_who.clone(), who.join("\n")));
                }
                if let Some(i) = visit
                    .interpreter_language
                    .as_deref()
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                {
                    rows.push((cw.label_interpreter.clone(), i.to_string()));
                }
                if let Some(s) = visit
                    .supporter
                    .as_deref()
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                {
                    rows.push((cw.label_supporter.clone(), s.to_string()));
                }
                l.key_values(&rows);
                l.end_frame();
                l.keep_together(mark);
            }
            paras(l, &v.talk)?;
            own_paragraph(l, paragraph);
            para(l, &v.stop)?;
            para(l, &v.change)?;
        }
        LetterKind::Draft => {
            let d = &w.draft;
            para(l, &d.intro)?;
            match view.findings {
                FindingsSharing::Wanted { weeks: Some(1) } => para(l, &d.week_one)?,
                FindingsSharing::Wanted { weeks: Some(n) } if n > 1 => para(l, &d.weeks)?,
                _ => para(l, &d.weeks_unknown)?,
            }
            paras(l, &d.how)?;
            if view.may_have_to_wait {
                para(l, &w.may_wait)?;
            }
            own_paragraph(l, paragraph);
            para(l, &d.private)?;
            para(l, &d.reply)?;
        }
        LetterKind::Publication => {
            let p = &w.publication;
            let planned = match &view.publication {
                PublicationPlan::Planned { month } => {
                    if month.is_some() {
                        para(l, &p.planned)?;
                    } else {
                        para(l, &p.planned_no_date)?;
                    }
                    true
                }
                PublicationPlan::NotPlanned => {
                    paras(l, &p.not_planned)?;
                    false
                }
                // The workbook refuses this letter before a decision; say nothing untrue.
                PublicationPlan::NotDecided => false,
            };
            if planned {
                para(l, &p.where_)?;
                if view.naming_agreed {
                    para(l, &p.names_agreed)?;
                } else {
                    para(l, &p.names_not_agreed)?;
                }
                para(l, &p.not_say)?;
                para(l, &p.told_first)?;
                para(l, &p.media)?;
            }
            own_paragraph(l, paragraph);
            support(l, &f, p, view, common, welsh)?;
        }
    }

    // Questions, how to reach me, the sign-off.
    // The last paragraph goes with the sign-off, so a signature never stands alone.
    let mark = l.mark();
    para(l, &w.questions)?;
    l.paragraph(&cw.sign_off);
    let space = l.style.body;
    l.gap(space);
    l.strong(view.author.name.trim());
    l.line(&cw.signature_role);
    l.keep_together(mark);
    Ok(())
}

/// The author's own paragraph, as written (already checked for anyone else's details).
fn own_paragraph(l: &mut Layout, paragraph: Option<&str>) {
    if let Some(p) = paragraph.map(str::trim).filter(|p| !p.is_empty()) {
        for part in p.split("\n\n").map(str::trim).filter(|s| !s.is_empty()) {
            l.paragraph(part);
        }
    }
}

/// "What we agreed": each term that is recorded, a bold label and its value. What the
/// author typed is printed in the part of any language as typed, like a visit's place,
/// except the sentences about the child and about names, which only the English part
/// carries (the workbook warns that the Welsh part leaves them out).
fn terms_rows(
    l: &mut Layout,
    f: &dyn Fn(&str) -> Result<String, DocumentError>,
    t: &TermsWords,
    terms: &TermsView,
    view: &LetterView,
    welsh: bool,
) -> Result<(), DocumentError> {
    let mut row = |label: &str, value: String| -> Result<(), DocumentError> {
        let mark = l.mark();
        l.strong(&f(label)?);
        l.line(&value);
        l.keep_together(mark);
        Ok(())
    };
    let typed = |v: &Option<String>| {
        v.as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
    };
    if !welsh {
        if let Some(v) = typed(&terms.mode) {
            row(&t.label_mode, v)?;
        }
    }
    if let Some(v) = typed(&terms.venue) {
        row(&t.label_venue, v)?;
    }
    if let Some(v) = typed(&terms.supporter) {
        row(&t.label_supporter, v)?;
    }
    if let Some(v) = typed(&terms.interpreter) {
        row(&t.label_interpreter, v)?;
    }
    if view.updates_every_days.is_some() {
        row(&t.label_updates, f(&t.value_updates)?)?;
    }
    if !welsh {
        if let Some(v) = typed(&terms.channel) {
            row(&t.label_channel, v)?;
        }
        if let Some(v) = typed(&terms.description_wishes) {
            row(&t.label_description, v)?;
        }
    }
    match (typed(&terms.anonymity_wishes), welsh) {
        (Some(v), false) => row(&t.label_names, v)?,
        (Some(_), true) => {}
        (None, _) => row(&t.label_names, f(&t.names_not_agreed)?)?,
    }
    let draft = match view.findings {
        FindingsSharing::Wanted { weeks: Some(_) } => &t.draft_wanted_weeks,
        FindingsSharing::Wanted { weeks: None } => &t.draft_wanted,
        _ => &t.draft_not_wanted,
    };
    row(&t.label_draft, f(draft)?)?;
    if terms.confidentiality_explained {
        l.paragraph(&f(&t.explained_private)?);
    }
    if terms.withdrawal_explained {
        l.paragraph(&f(&t.explained_stop)?);
    }
    Ok(())
}

/// The services chosen for them (word of publication), in the page's language.
fn support(
    l: &mut Layout,
    f: &dyn Fn(&str) -> Result<String, DocumentError>,
    p: &PublicationWords,
    view: &LetterView,
    common: &super::wording::Common,
    welsh: bool,
) -> Result<(), DocumentError> {
    if view.support.is_empty() {
        l.paragraph(&f(&p.support_none)?);
        return Ok(());
    }
    // The introduction is kept with the first service.
    let mut first = Some(l.mark());
    l.paragraph(&f(&p.support_intro)?);
    for s in &view.support {
        let mark = first.take().unwrap_or_else(|| l.mark());
        let name = if welsh {
            s.name_cy
                .as_deref()
                .map(str::trim)
                .filter(|t| !t.is_empty())
                .unwrap_or(s.name.trim())
        } else {
            s.name.trim()
        };
        l.strong(name);
        let mut rows = Vec::new();
        for (label, value) in [
            (&common.label_phone, &s.phone),
            (&common.label_website, &s.website),
        ] {
            if let Some(v) = value.as_deref().map(str::trim).filter(|v| !v.is_empty()) {
                rows.push((label.clone(), v.to_string()));
            }
        }
        if !rows.is_empty() {
            l.key_values_aligned(&rows, &[&common.label_phone, &common.label_website]);
        }
        l.keep_together(mark);
    }
    Ok(())
}

/// The rows of the reviewer's contact block in the page's language: hours written only in
/// English are left off a Welsh page.
fn contact_rows(
    common: &super::wording::Common,
    c: &AuthorContact,
    lang: Language,
) -> Vec<(String, String)> {
    let hours = match lang {
        Language::Welsh => &c.hours_cy,
        // As typed (in English): the facts stay exact in every language.
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Every key path of a TOML value (tables and their keys, not list items).
    fn keys(v: &toml::Value, path: &str, out: &mut Vec<String>) {
        if let toml::Value::Table(t) = v {
            for (k, v) in t {
                let p = format!("{path}.{k}");
                out.push(p.clone());
                keys(v, &p, out);
            }
        }
    }

    #[test]
    fn english_and_welsh_letters_have_the_same_keys_and_parse() {
        let en: toml::Value = toml::from_str(EN).expect("letters-en.toml is TOML");
        let cy: toml::Value = toml::from_str(CY).expect("letters-cy.toml is TOML");
        let (mut a, mut b) = (Vec::new(), Vec::new());
        keys(&en, "", &mut a);
        keys(&cy, "", &mut b);
        a.sort();
        b.sort();
        assert!(a.len() > 60, "{a:?}");
        assert_eq!(a, b, "letters-en.toml and letters-cy.toml differ in keys");
        // Standard and easy read have the same shape too.
        let (mut s, mut e) = (Vec::new(), Vec::new());
        keys(&en["standard"], "", &mut s);
        keys(&en["easy"], "", &mut e);
        assert_eq!(s, e);
        let l = letters().expect("the letter wording parses");
        assert_eq!(l.cy.review_status, "draft");
        assert_eq!(l.cy.reviewed_by, "");
        assert_eq!(
            l.en.version, l.cy.version,
            "English and Welsh move together"
        );
    }

    /// Every placeholder in the letters is one the program fills in.
    #[test]
    fn letters_use_only_known_placeholders() {
        let known = [
            "recipient",
            "child",
            "author",
            "body",
            "review_name",
            "in_nation",
            "weeks",
            "month_year",
            "date",
            "next_date",
            "days",
            "local_body",
            "terms",
            "the_coroner",
            "an_inquest",
            "inquest",
            "police",
            "prosecutor",
            "national",
        ];
        fn strings(v: &toml::Value, out: &mut Vec<String>) {
            match v {
                toml::Value::String(s) => out.push(s.clone()),
                toml::Value::Array(a) => a.iter().for_each(|v| strings(v, out)),
                toml::Value::Table(t) => t.values().for_each(|v| strings(v, out)),
                _ => {}
            }
        }
        for text in [EN, CY] {
            let mut all = Vec::new();
            strings(&toml::from_str(text).expect("toml"), &mut all);
            for s in all {
                for p in super::super::wording::placeholders(&s) {
                    assert!(known.contains(&p.as_str()), "unknown {{{p}}} in {s:?}");
                }
            }
        }
    }
}
