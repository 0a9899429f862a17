// One review: overview and key dates, family and network, involvement map, contacts,
// checks, decisions, parallel processes, documents issued and feedback; and the forms
// that add to it.

import { call } from '../api.js';
import { documentPanel } from './document.js';
import {
  el, p, tag, dueTag, checkTag, involvementTag, formatDate, formatDateTime, formatTime, plural,
  labelOf, linkButton, form, backLink, caption, summaryList, summaryCard, table,
  taskList, warningText, notification, showError, languageLabel, variantLabel, wordingLabel,
  WALES_LANGUAGES, documentWarnings, draftConfirmFields, count, pagination,
} from '../components.js';
import { memberName, memberFields, contactFields, contactValues } from '../fields.js';
import { reviewFields, reviewFormArgs } from './reviews.js';
import { recordHref, recordWords } from '../records.js';
import { dueTable, dueCounts } from './due.js';

const TABS = [
  ['overview', 'Overview and key dates'],
  ['due', 'Due'],
  ['family', 'Family and network'],
  ['map', 'Involvement map'],
  ['contacts', 'Contacts and visits'],
  ['checks', 'Checks'],
  ['decisions', 'Decisions'],
  ['parallel', 'Parallel processes'],
  ['documents', 'Documents issued'],
  ['feedback', 'Feedback'],
  ['voice', 'The family’s voice'],
];

function choices(ctx, key) {
  return (ctx.vocab && ctx.vocab.choices[key]) || [];
}

/** A list whose choices differ by nation (clearance bodies, parallel processes), as the
 * review's nation offers it; the general list otherwise. */
function nationChoices(ctx, nation, key) {
  const n = ctx.vocab && ctx.vocab.nations.find((x) => x.id === nation);
  return (n && n.choices && n.choices[key]) || choices(ctx, key);
}

/** What the review's nation calls the parts of its system (`local_body`, `the_coroner`,
 * `an_inquest`, …), from the vocabulary the shell sends (assets/nations.toml). */
export function nationWords(ctx, nation) {
  const n = ctx.vocab && ctx.vocab.nations.find((x) => x.id === nation);
  return (n && n.words) || {
    local_body: 'the commissioning body', the_coroner: 'the body that investigates deaths',
    an_inquest: 'an inquiry into the death', prosecutor: 'the prosecutor', police: 'the police',
  };
}

// Phase names come from the vocabulary the shell sends (the core's one list).
function phaseName(ctx, n) {
  const ph = ctx.vocab && ctx.vocab.phases.find((x) => x.number === Number(n));
  return ph ? ph.label : '';
}

function phaseLabel(ctx, n) {
  const name = phaseName(ctx, n);
  return name ? `${Number(n)} – ${name}` : String(n);
}

function nameMap(view) {
  const m = new Map();
  for (const x of view.members) m.set(x.id, memberName(x));
  return m;
}

function header(view, tab, ctx) {
  const r = view.review;
  const nodes = [
    backLink('#/', 'All reviews'),
    caption(`${view.review_name} · ${r.body_name}`),
    el('h1', { text: `${r.reference}: ${r.pseudonym}` }),
    el('p', { class: 'body' }, 'Review phase: ', el('strong', { text: phaseLabel(ctx, r.phase) })),
  ];
  const navEl = el('nav', { class: 'sub-nav', 'aria-label': 'Review sections' },
    el('ul', {}, TABS.map(([id, label]) => el('li', {},
      el('a', { href: id === 'voice' ? `#/voice/${r.id}` : `#/review/${r.id}/${id}`, 'aria-current': id === tab ? 'page' : null, text: label })))));
  nodes.push(navEl);
  return nodes;
}

export async function show([id, tab = 'overview'], ctx, query) {
  const view = await call('review_view', { key: id });
  const page = el('div');
  page.append(...header(view, tab, ctx));
  const fn = {
    overview, due: dueTab, family, map, contacts, checks, decisions, parallel, documents, feedback,
  }[tab];
  if (!fn) {
    page.append(p('There is no such section.'));
    return page;
  }
  page.append(...[].concat(await fn(view, ctx, query)));
  return page;
}

// ----- due --------------------------------------------------------------------------

async function dueTab(view) {
  const list = await call('due', { days: null, review_key: String(view.review.id) });
  return [el('h2', { text: 'Due' }), p(dueCounts(list)),
    dueTable(list, { withReview: false, caption: 'Everything due in this review, by date' })];
}

// ----- overview -----------------------------------------------------------------------

function overview(view, ctx) {
  const r = view.review;
  const nation = ctx.vocab && ctx.vocab.nations.find((n) => n.id === r.nation);
  const out = [];
  out.push(el('h2', { text: 'Overview' }));
  out.push(summaryList([
    { key: 'Phase', value: phaseLabel(ctx, r.phase), action: { href: `#/review/${r.id}/phase`, hidden: 'the review’s phase' } },
    { key: 'Nation', value: nation ? nation.name : r.nation },
    { key: 'Type of review', value: view.review_name },
    { key: 'Commissioning body', value: r.body_name, action: { href: `#/review/${r.id}/edit`, hidden: 'the review details' } },
    { key: 'Reviewer', value: [r.author.name, r.author.phone, r.author.email, r.author.hours].filter(Boolean).join('\n') },
    { key: 'Contact at the commissioning body', value: r.partnership_contact ? [r.partnership_contact.name, r.partnership_contact.phone, r.partnership_contact.email].filter(Boolean).join('\n') : '' },
    { key: 'Panel chair', value: r.panel_chair },
    { key: 'Purpose of involving the family', value: r.purpose_statement },
    { key: 'Reasons', value: r.purpose_reasons.map((x) => labelOf(choices(ctx, 'purpose_reasons'), x)).join('\n') },
    { key: 'Publication', value: [labelOf(choices(ctx, 'publication'), r.publication), r.publication_note].filter(Boolean).join('\n') },
    { key: 'Media interest', value: r.media_interest ? ['Yes', r.media_plan].filter(Boolean).join('\n') : 'No' },
    { key: 'Keep records until', value: r.retention_until ? formatDate(r.retention_until) : '' },
    { key: 'Days between updates', value: String(r.update_cadence_days) },
  ]));
  out.push(p(el('a', { href: `#/review/${r.id}/edit` }, 'Change the review details, key dates and publication plan')));

  out.push(...deadlinesSection(view, ctx));
  out.push(el('h2', { text: 'Key dates' }));
  const kd = (ctx.vocab ? ctx.vocab.key_dates : []).filter((k) => r.key_dates[k.value]);
  out.push(kd.length
    ? summaryList(kd.map((k) => ({ key: k.label, value: formatDate(r.key_dates[k.value]) })))
    : p('No key dates recorded yet.'));

  out.push(el('h2', { text: 'The child' }));
  if (!view.children.length) out.push(p('No child recorded yet.'));
  for (const c of view.children) {
    out.push(summaryCard(`${c.known_as} (${c.pseudonym})`, [], summaryList([
      { key: 'Known in the family as', value: c.known_as },
      { key: 'Pseudonym', value: c.pseudonym },
      { key: 'Date of birth', value: formatDate(c.date_of_birth) },
      { key: 'Outcome', value: labelOf(choices(ctx, 'child_outcome'), c.outcome) },
      { key: 'Date of death or injury', value: formatDate(c.date_of_death_or_injury) },
      { key: 'Sensitive dates', value: c.sensitive_dates.map((s) => `${formatDate(s.date)}: ${s.label}${s.yearly ? ' (every year)' : ''}`).join('\n') },
      { key: 'Legal status', value: c.legal_status },
      { key: 'Placement', value: c.placement_confidential ? el('span', {}, tag('Confidential: never printed', 'red'), ' ', c.placement_confidential) : '' },
    ])));
  }
  out.push(linkButton('Add a child', `#/review/${r.id}/children/new`, 'button--secondary'));
  return out;
}

// ----- deadlines ----------------------------------------------------------------------

/** How a met deadline was met, in words: "Met on 2 September 2026: the date of the decision
 * to hold the review is recorded". */
function metText(d, ctx) {
  const m = d.met;
  const label = labelOf(ctx.vocab ? ctx.vocab.key_dates : [], m.by['key-date']);
  const by = m.by === 'author'
    ? 'marked as met by you'
    : `the ${label.charAt(0).toLowerCase()}${label.slice(1)} is recorded`;
  return `Met on ${formatDate(m.on)}: ${by}${m.note ? ` (${m.note})` : ''}`;
}

function deadlinesSection(view, ctx) {
  const r = view.review;
  const out = [el('h2', { text: 'Deadlines' })];
  if (!view.deadlines.length) {
    out.push(p('No deadlines yet. They appear when the key dates they count from are recorded.'));
    return out;
  }
  const next = view.deadlines.find((d) => !d.met && d.due >= view.today);
  out.push(p(el('span', {}, el('strong', { text: 'Next deadline: ' }),
    next ? `${next.label}, due ${formatDate(next.due)}` : 'none still to meet'), 'body next-deadline'));
  out.push(table({
    caption: null,
    head: ['What', 'Due', 'Status', el('span', { class: 'visually-hidden', text: 'Action' })],
    rows: view.deadlines.map((d) => [
      el('span', {}, d.label, d.verify ? el('span', { class: 'small secondary-text', text: ' (check against current guidance)' }) : null),
      formatDate(d.due),
      d.met ? el('span', {}, tag('Met', 'green'), el('span', { class: 'task-list__hint', text: metText(d, ctx) })) : dueTag(d.state),
      d.target_id && (!d.met || d.met.by === 'author')
        ? el('a', { href: `#/review/${r.id}/deadlines/${encodeURIComponent(d.target_id)}` },
          d.met ? 'Change or undo' : 'Mark as met', el('span', { class: 'visually-hidden', text: `: ${d.label}` }))
        : '',
    ]),
  }));
  return out;
}

/** Mark a deadline met on a typed date, or take back a mark made by mistake. */
export async function deadlineMet([id, targetId], ctx) {
  const view = await call('review_view', { key: id });
  const back = `#/review/${id}`;
  const target = decodeURIComponent(targetId);
  const d = view.deadlines.find((x) => x.target_id === target);
  const cap = `${view.review.reference}: ${view.review.pseudonym}`;
  if (!d) return formPage(back, cap, 'Deadline not found', p('This deadline does not apply to this review yet.'), { node: el('div') });
  const marked = d.met && d.met.by === 'author';
  const f = form({
    id: 'deadline-met',
    submit: marked ? 'Save' : 'Mark as met',
    fields: [
      { type: 'date', name: 'on', label: 'Date it was met', hint: 'For example, 7 August 2026.', value: marked ? d.met.on : view.today },
      { type: 'textarea', name: 'note', label: 'How it was met (optional)', hint: 'For example, the rapid review sent to the Panel by email.', value: marked ? d.met.note : '', rows: 3 },
    ],
    secondary: [{ label: 'Cancel', href: back }],
    onSubmit: (v) => call('mark_deadline_met', { review_key: id, target_id: target, on: v.on, note: v.note || null }),
    onSuccess: () => ctx.navigate(back, { title: 'Deadline marked as met', body: d.label }),
  });
  const page = formPage(back, cap, marked ? 'Change a met deadline' : 'Mark a deadline as met',
    [summaryList([{ key: 'Deadline', value: d.label }, { key: 'Due', value: formatDate(d.due) }].concat(marked ? [{ key: 'Now', value: metText(d, ctx) }] : []))], f);
  if (marked) {
    const undo = form({
      id: 'deadline-unmet',
      submit: 'Undo: it was not met',
      warning: true,
      fields: [],
      onSubmit: () => call('unmark_deadline_met', { review_key: id, target_id: target }),
      onSuccess: () => ctx.navigate(back, { title: 'Deadline no longer marked as met', body: d.label }),
    });
    page.append(el('h2', { text: 'Marked by mistake?' }), undo.node);
  }
  return page;
}

// ----- family -------------------------------------------------------------------------

function family(view, ctx) {
  const r = view.review;
  const names = nameMap(view);
  const childName = (id) => {
    const c = view.children.find((x) => x.id === id);
    return c ? c.known_as : 'a child';
  };
  const out = [el('h2', { text: 'Family and network' })];
  out.push(p('Think beyond those with parental responsibility: fathers who do not live with the child, step-parents, grandparents, siblings, kinship and foster carers, and close friends.'));
  out.push(linkButton('Add a family or network member', `#/review/${r.id}/members/new`));
  if (!view.members.length) {
    out.push(p('No one added yet.'));
    return out;
  }
  out.push(table({
    head: ['Name', 'Relationship', 'Involvement', 'Phase', 'Needs'],
    rows: view.members.map((m) => [
      { header: true, value: el('a', { href: `#/person/${m.id}`, text: memberName(m) }) },
      m.relationships.length
        ? el('span', {}, m.relationships.map((rel) => `${rel.relationship} of ${childName(rel.child_id)}${rel.parental_responsibility === 'yes' ? ' (parental responsibility)' : ''}`).join('; '))
        : el('span', { class: 'secondary-text', text: 'Not recorded' }),
      involvementTag(m.involvement.status, choices(ctx, 'involvement')),
      phaseLabel(ctx, m.position),
      needsText(m, ctx),
    ]),
  }));
  if (view.abuse_links.length || view.barriers.length) {
    out.push(el('h3', { text: 'Domestic abuse links and information barriers' }));
    out.push(el('ul', { class: 'list' },
      view.abuse_links.map((l) => el('li', { text: `Domestic abuse: ${names.get(l.perpetrator_id)} (perpetrator) and ${names.get(l.victim_id)} (victim). No joint meetings; never share the victim’s words or whereabouts.` })),
      view.barriers.map((b) => el('li', { text: `${names.get(b.withheld_from_id)} must not receive ${names.get(b.protected_id)}’s information${b.reason ? `: ${b.reason}` : ''}.` }))));
  }
  return out;
}

/** Each need named: "Interpreter: Polish", "Large print", "Restricted contact". */
function needsText(m, ctx) {
  const d = m.details;
  return [
    d.interpreter_needed ? `Interpreter${d.language ? `: ${d.language}` : ''}` : null,
    d.translation_needed ? `Translation${d.language && !d.interpreter_needed ? `: ${d.language}` : ''}` : null,
    d.child_or_young_person ? 'Child or young person' : null,
    ...d.accessibility.map((a) => labelOf(choices(ctx, 'accessibility'), a)),
    m.restrictions.some((r) => !r.entered_in_error) ? 'Restricted contact' : null,
  ].filter(Boolean).join(', ');
}

// ----- involvement map ----------------------------------------------------------------

function map(view, ctx) {
  const out = [el('h2', { text: 'Involvement map' })];
  out.push(p('Where each person stands, and how many checks are still open for them in each phase. The highlighted cell is the phase they are in.'));
  if (!view.involvement_map.length) {
    out.push(p('Add family members to see the map.'));
    return out;
  }
  const phases = ctx.vocab ? ctx.vocab.phases : [];
  out.push(table({
    caption: 'People and phases',
    head: [{ label: 'Person' }, { label: 'Involvement' }, ...phases.map((ph) => ({ label: `${ph.number} ${ph.label}`, class: 'map-cell' }))],
    rows: view.involvement_map.map((row) => [
      { header: true, value: el('a', { href: `#/person/${row.member_id}`, text: row.name }) },
      involvementTag(row.involvement, choices(ctx, 'involvement')),
      ...row.open_by_phase.map((n, i) => ({
        class: `map-cell${row.position === i ? ' map-cell--here' : ''}`,
        value: el('span', {},
          row.position === i ? el('span', { text: 'Here' }) : null,
          row.position === i ? el('br') : null,
          n ? el('span', { text: `${n} open` }) : el('span', { class: 'secondary-text', text: '–' })),
      })),
    ]),
  }));
  return out;
}

// ----- contacts -----------------------------------------------------------------------

const OUTCOME_COLOURS = { planned: 'blue', reached: 'green', 'no-answer': 'grey', 'message-left': 'grey', refused: 'orange', cancelled: 'grey' };

function contacts(view, ctx) {
  const r = view.review;
  const names = nameMap(view);
  const out = [el('h2', { text: 'Contacts and visits' })];
  out.push(el('div', { class: 'button-group' },
    linkButton('Record a contact', `#/review/${r.id}/contacts/new`),
    linkButton('Prepare a visit', `#/visit/${r.id}`, 'button--secondary')));
  if (!view.contacts.length) {
    out.push(p('No contacts recorded yet.'));
    return out;
  }
  const sorted = [...view.contacts].sort((a, b) => (`${b.date}${b.time || ''}`).localeCompare(`${a.date}${a.time || ''}`));
  out.push(table({
    head: ['Date', 'Person', 'How', 'Outcome', 'Phase', el('span', { class: 'visually-hidden', text: 'Action' })],
    rows: sorted.map((c) => [
      `${formatDate(c.date)}${c.time ? ` ${formatTime(c.time)}` : ''}`,
      el('span', {}, el('a', { href: `#/person/${c.member_id}`, text: names.get(c.member_id) || 'Unknown' }),
        c.with_member_ids.length ? ` with ${c.with_member_ids.map((x) => names.get(x)).join(', ')}` : ''),
      labelOf(choices(ctx, 'contact_mode'), c.mode),
      tag(labelOf(choices(ctx, 'contact_outcome'), c.outcome), OUTCOME_COLOURS[c.outcome]),
      String(c.phase),
      el('a', { href: `#/review/${r.id}/contacts/${c.id}` }, c.outcome === 'planned' ? 'Record what happened' : 'Change',
        el('span', { class: 'visually-hidden', text: ` (contact on ${formatDate(c.date)})` })),
    ]),
  }));
  return out;
}

// ----- checks -------------------------------------------------------------------------

function checks(view, ctx) {
  const r = view.review;
  const names = nameMap(view);
  const out = [el('h2', { text: 'Checks' })];
  out.push(p('Checks guide your work; they do not block it. Mark each one done with evidence, not applicable, or decided otherwise with a reason.'));
  const principles = ctx.vocab ? ctx.vocab.principles : [];
  const phases = ctx.vocab ? ctx.vocab.phases : [];
  for (const ph of phases) {
    const rows = view.checks.filter((c) => c.check.phase === ph.number);
    if (!rows.length) continue;
    const review = rows.filter((c) => c.member_id == null);
    const perMember = new Map();
    for (const c of rows.filter((x) => x.member_id != null)) {
      if (!perMember.has(c.check.id)) perMember.set(c.check.id, { check: c.check, people: [] });
      perMember.get(c.check.id).people.push(c);
    }
    const open = rows.filter((c) => c.status.status === 'to-do').length;
    out.push(el('h3', { id: `phase-${ph.number}` }, `Phase ${ph.number}: ${ph.label}`,
      el('span', { class: 'caption small', text: `${plural(open, 'open check', 'open checks')} of ${rows.length}` })));
    const hint = (c) => {
      const pr = principles.find((x) => x.number === c.principle);
      return [c.help, `Principle: ${pr ? pr.label : c.principle}. Source: ${c.source.reference}`].filter(Boolean).join(' ');
    };
    const items = review.map((c) => ({
      title: c.check.text, href: `#/review/${r.id}/checks/${encodeURIComponent(c.check.id)}`, hint: hint(c.check), status: checkTag(c.status),
    }));
    for (const { check, people } of perMember.values()) {
      items.push({
        title: check.text,
        hint: `For each person. ${hint(check)}`,
        status: tag(`${people.filter((x) => x.status.status === 'to-do').length} of ${people.length} open`, 'grey'),
        people: people.map((c) => ({
          name: names.get(c.member_id) || 'Unknown', href: `#/review/${r.id}/checks/${encodeURIComponent(check.id)}/${c.member_id}`, status: checkTag(c.status),
        })),
      });
    }
    out.push(taskList(items, { 'aria-labelledby': `phase-${ph.number}` }));
  }
  return out;
}

// ----- decisions ----------------------------------------------------------------------

function decisions(view, ctx) {
  const r = view.review;
  const names = nameMap(view);
  const out = [el('h2', { text: 'Decisions' })];
  out.push(p('A log of the judgements you make: who to approach and when, what to share, and why.'));
  out.push(linkButton('Record a decision', `#/review/${r.id}/decisions/new`));
  if (!view.decisions.length) out.push(p('No decisions recorded yet.'));
  const principles = ctx.vocab ? ctx.vocab.principles : [];
  for (const d of [...view.decisions].reverse()) {
    const pr = principles.find((x) => x.number === d.principle);
    out.push(summaryCard(`${formatDate(d.decided_on)}: ${d.decision}`, [], summaryList([
      { key: 'Rationale', value: d.rationale },
      { key: 'Options considered', value: d.options },
      { key: 'Consulted', value: d.consulted },
      { key: 'People', value: d.member_ids.map((x) => names.get(x)).join(', ') },
      { key: 'Principle', value: pr ? pr.label : '' },
      { key: 'Review by', value: formatDate(d.review_by) },
      { key: 'Decided by', value: d.author },
    ])));
  }
  return out;
}

// ----- parallel processes -------------------------------------------------------------

function parallel(view, ctx) {
  const r = view.review;
  const out = [el('h2', { text: 'Parallel processes' })];
  const w = nationWords(ctx, r.nation);
  out.push(p(`What runs alongside the review (a police investigation, a trial, ${w.an_inquest}, family proceedings, another review), with what it means for contact with the family.`));
  out.push(linkButton('Add a parallel process', `#/review/${r.id}/parallel/new`));
  if (!view.parallel_processes.length) {
    out.push(p('None recorded.'));
    return out;
  }
  out.push(table({
    head: ['Process', 'Status', 'Next key date', 'Constraints', 'Last checked', el('span', { class: 'visually-hidden', text: 'Action' })],
    rows: view.parallel_processes.map((x) => [
      el('span', {}, labelOf(choices(ctx, 'parallel_kind'), x.kind), x.reference ? el('span', { class: 'secondary-text', text: ` (${x.reference})` }) : null,
        x.contact ? el('span', { class: 'task-list__hint', text: `Contact: ${x.contact}` }) : null),
      x.status, formatDate(x.next_key_date), x.constraints || '', formatDate(x.last_checked),
      el('a', { href: `#/review/${r.id}/parallel/${x.id}` }, 'Change', el('span', { class: 'visually-hidden', text: ` ${labelOf(choices(ctx, 'parallel_kind'), x.kind)}` })),
    ]),
  }));
  return out;
}

// ----- documents ----------------------------------------------------------------------

/** Documents on one page of the documents tab: a review made over years, or with many
 * batches, keeps hundreds, and the tab should cost the same as with a few. */
const DOCUMENTS_PER_PAGE = 25;

function documents(view, ctx, query) {
  const r = view.review;
  const names = nameMap(view);
  const out = [el('h2', { text: 'Documents issued' })];
  out.push(p('Every information sheet and feedback form made for someone: what, for whom, which version, and when.'));
  out.push(linkButton('Prepare a visit and its information sheet', `#/visit/${r.id}`));
  out.push(el('h3', { text: 'Make a feedback form' }));
  const result = el('div');
  const fields = [
    {
      type: 'radios', name: 'member_id', cast: 'int', label: 'Who is it for?', value: '',
      hint: 'A form for a person has their name on it. A blank one can be returned anonymously.',
      options: [{ value: '', label: 'Anyone (a blank form)' }, ...view.members.map((m) => ({ value: m.id, label: memberName(m) }))],
    },
    {
      type: 'radios', name: 'version', label: 'Version', inline: true, value: 'short',
      options: [{ value: 'short', label: 'Short (five questions)' }, { value: 'full', label: 'Full' }],
    },
    { type: 'checkbox', name: 'large_print', label: 'Large print' },
  ];
  if (r.nation === 'wales') {
    fields.push({
      type: 'radios', name: 'language', label: 'Language', value: '',
      hint: 'Left blank, a named person’s form follows their language: Welsh first for someone who prefers Welsh.',
      options: [{ value: '', label: 'As the person prefers' }, ...WALES_LANGUAGES],
    });
  }
  fields.push(...draftConfirmFields(null));
  const f = form({
    id: 'feedback-form',
    submit: 'Save PDF and open',
    fields,
    onSubmit: (v) => call('make_feedback_form', {
      review_key: String(r.id), member_id: v.member_id, version: v.version, variant: v.large_print ? 'large-print' : 'standard', language: v.language || null,
      draft_ok: Boolean(v.draft_ok),
    }),
    onSuccess: async (made) => {
      result.replaceChildren(notification('Feedback form saved', `Saved to ${made.path}. Print it below, or open it in your PDF viewer.`), ...documentWarnings(made));
      try {
        result.append(await documentPanel(made.id, { headingLevel: 3 }));
      } catch (err) {
        showError(result, err);
      }
    },
  });
  out.push(result, f.node);
  out.push(el('h3', { text: 'Issued so far' }));
  if (!view.documents.length) {
    out.push(p('No documents made yet.'));
    return out;
  }
  // Newest first, a page at a time.
  const newest = [...view.documents].sort((a, b) => (b.made_at < a.made_at ? -1 : b.made_at > a.made_at ? 1 : b.id - a.id));
  const pages = Math.max(1, Math.ceil(newest.length / DOCUMENTS_PER_PAGE));
  const asked = Number((query && query.get('page')) || 1);
  const at = Math.min(Math.max(Number.isInteger(asked) ? asked : 1, 1), pages);
  const shown = newest.slice((at - 1) * DOCUMENTS_PER_PAGE, at * DOCUMENTS_PER_PAGE);
  if (pages > 1) {
    out.push(el('p', { class: 'body', id: 'documents-showing', text: `${plural(newest.length, 'document', 'documents')}, newest first. Showing ${count((at - 1) * DOCUMENTS_PER_PAGE + 1)} to ${count((at - 1) * DOCUMENTS_PER_PAGE + shown.length)}.` }));
  }
  out.push(table({
    head: ['Made', 'For', 'Document', 'Format', 'Language', 'Pages', 'Wording', el('span', { class: 'visually-hidden', text: 'File' })],
    rows: shown.map((d) => [
      formatDateTime(d.made_at), d.member_id ? names.get(d.member_id) || '' : 'Anyone (blank)',
      labelOf(choices(ctx, 'document_kind'), d.kind), variantLabel(d.variant), languageLabel(d.language), { value: String(d.pages), numeric: true }, wordingLabel(d.wording_version),
      d.file ? el('a', { class: 'link', href: `#/document/${d.id}`, text: 'View, print or open', 'aria-label': `View, print or open the ${labelOf(choices(ctx, 'document_kind'), d.kind).toLowerCase()} made ${formatDateTime(d.made_at)}` }) : '',
    ]),
  }));
  const nav = pagination({ page: at, pages }, (n) => `#/review/${r.id}/documents${n > 1 ? `?page=${n}` : ''}`, 'Pages of documents issued');
  if (nav) out.push(nav);
  return out;
}

// ----- feedback -----------------------------------------------------------------------

async function feedback(view, ctx) {
  const r = view.review;
  const names = nameMap(view);
  const bank = await call('question_bank');
  const out = [el('h2', { text: 'Feedback' })];
  out.push(p('Answers that come back on feedback forms, keyed in against the question bank, and how involvement felt across everyone who answered.'));
  out.push(linkButton('Key in returned feedback', `#/review/${r.id}/feedback/new`));
  if (!view.feedback.length) {
    out.push(p('No feedback recorded yet.'));
    return out;
  }
  out.push(el('h3', { text: `Summary of ${plural(view.feedback.length, 'return', 'returns')}` }));
  const answers = bank.answers;
  out.push(el('div', { class: 'legend', 'aria-hidden': 'true' }, answers.map((a) => el('span', { class: `l-${a.value}`, text: a.label }))));
  const bars = el('div', { class: 'bars' });
  for (const g of bank.groups) {
    for (const q of g.questions.filter((x) => x.kind === 'scale')) {
      const counts = Object.fromEntries(answers.map((a) => [a.value, 0]));
      let total = 0;
      for (const f of view.feedback) {
        const resp = f.responses[q.id];
        if (resp && resp.answer && Object.prototype.hasOwnProperty.call(counts, resp.answer)) {
          counts[resp.answer] += 1;
          total += 1;
        }
      }
      const bar = el('div', { class: 'bar', 'aria-hidden': 'true' });
      for (const a of answers) {
        if (!counts[a.value]) continue;
        const part = el('div', { class: `bar__part bar__part--${a.value}` });
        part.style.width = `${(100 * counts[a.value]) / total}%`;
        bar.append(part);
      }
      bars.append(el('div', { class: 'bar-row' },
        el('p', { class: 'bar-row__label', text: q.text }),
        total ? bar : null,
        el('p', { class: 'bar-row__counts', text: total ? answers.map((a) => `${a.label}: ${counts[a.value]}`).join(', ') : 'No answers' })));
    }
  }
  out.push(bars);
  out.push(el('h3', { text: 'Returns' }));
  out.push(table({
    head: ['Received', 'From', 'Stage', 'Answers', 'Follow-up requested', `Passed to ${nationWords(ctx, r.nation).local_body}`],
    rows: view.feedback.map((f) => [
      formatDate(f.received_on), f.member_id ? names.get(f.member_id) || '' : 'Anonymous',
      labelOf(choices(ctx, 'feedback_stage'), f.stage), { value: String(Object.keys(f.responses).length), numeric: true },
      f.follow_up_requested ? 'Yes' : 'No', f.passed_to_partnership ? 'Yes' : 'No',
    ]),
  }));
  return out;
}

// ----- forms ----------------------------------------------------------------------------

function formPage(back, cap, title, intro, f) {
  const page = el('div');
  page.append(backLink(back), cap ? caption(cap) : null, el('h1', { text: title }));
  if (intro) page.append(...[].concat(intro));
  page.append(f.node);
  return page;
}

export async function edit([id], ctx) {
  const [values, view] = await Promise.all([call('review_form', { key: id }), call('review_view', { key: id })]);
  const back = `#/review/${id}`;
  const f = form({
    id: 'review',
    submit: 'Save changes',
    fields: reviewFields(ctx.vocab, values, true),
    secondary: [{ label: 'Cancel', href: back }],
    onSubmit: (v) => call('change_review', { key: id, form: reviewFormArgs(v) }),
    onSuccess: () => ctx.navigate(back, { title: 'Review details saved' }),
  });
  return formPage(back, `${view.review.reference}: ${view.review.pseudonym}`, 'Change the review details', null, f);
}

export async function phase([id], ctx) {
  const view = await call('review_view', { key: id });
  const back = `#/review/${id}`;
  const f = form({
    id: 'phase',
    submit: 'Save phase',
    fields: [{
      type: 'radios', name: 'phase', label: 'Which phase is the review in?', value: String(view.review.phase),
      hint: 'Each person also has their own phase, because people move at different speeds.',
      options: (ctx.vocab ? ctx.vocab.phases : []).map((ph) => ({ value: String(ph.number), label: `${ph.number} – ${ph.label}` })),
    }],
    secondary: [{ label: 'Cancel', href: back }],
    onSubmit: (v) => call('move_phase', { key: id, phase: v.phase }),
    onSuccess: (r) => ctx.navigate(back, { title: `The review is now in phase ${r.phase}: ${phaseName(ctx, r.phase)}` }),
  });
  return formPage(back, `${view.review.reference}: ${view.review.pseudonym}`, 'Change the phase', null, f);
}

export async function addChild([id], ctx) {
  const view = await call('review_view', { key: id });
  const back = `#/review/${id}`;
  const f = form({
    id: 'child',
    submit: 'Add child',
    fields: [
      { type: 'text', name: 'known_as', label: 'The child’s name, as the family uses it', hint: 'Printed on information sheets for the family.', value: '' },
      { type: 'text', name: 'pseudonym', label: 'Pseudonym in the report', value: view.review.pseudonym, width: 'w20' },
      { type: 'date', name: 'date_of_birth', label: 'Date of birth (optional)', hint: 'For example, 2 June 2019.' },
      { type: 'radios', name: 'outcome', label: 'What happened to the child', options: choices(ctx, 'child_outcome') },
      { type: 'date', name: 'date_of_death_or_injury', label: 'Date of death or injury (optional)', hint: 'For example, 20 November 2025.' },
      { type: 'lines', name: 'sensitive_dates', errorKey: 'sensitive_dates', label: 'Sensitive dates (optional)', hint: 'One a line: the date, a space and what it is. Start with “every year:” for birthdays and anniversaries, for example: 2 June 2019 every year: birthday', rows: 4 },
      { type: 'text', name: 'legal_status', label: 'Legal status (optional)', hint: 'For example, looked after, or on a child protection plan.' },
      { type: 'textarea', name: 'placement_confidential', label: 'Current placement (optional, confidential)', hint: 'Never printed on anything for the family.', rows: 3 },
    ],
    secondary: [{ label: 'Cancel', href: back }],
    onSubmit: (v) => call('add_child', { review_key: id, form: v }),
    onSuccess: (c) => ctx.navigate(back, { title: `${c.known_as} added` }),
  });
  return formPage(back, `${view.review.reference}: ${view.review.pseudonym}`, 'Add a child', null, f);
}

export async function addMember([id], ctx) {
  const view = await call('review_view', { key: id });
  const back = `#/review/${id}/family`;
  const relFields = view.children.flatMap((c, i) => [
    { type: 'heading', level: 2, label: `Relationship to ${c.known_as}` },
    { type: 'text', name: `rel_${i}.relationship`, errorKey: 'relationship', label: `How are they related to ${c.known_as}? (optional)`, hint: 'In the family’s words, for example mother, step-father, nan, half-brother.', width: 'w20' },
    {
      type: 'radios', name: `rel_${i}.pr`, errorKey: 'parental_responsibility', label: 'Do they hold parental responsibility?', inline: true, value: 'unknown',
      options: choices(ctx, 'parental_responsibility'),
    },
  ]);
  const f = form({
    id: 'member',
    submit: 'Add person',
    fields: [...memberFields(ctx.vocab, {}, view.review.nation, { isNew: true }), ...relFields],
    secondary: [{ label: 'Cancel', href: back }],
    onSubmit: async (v) => {
      const rels = view.children.map((c, i) => ({ child: c, ...(v[`rel_${i}`] || {}) }));
      const formArgs = { ...v };
      view.children.forEach((_, i) => delete formArgs[`rel_${i}`]);
      const m = await call('add_member', { review_key: id, form: formArgs });
      const problems = [];
      for (const rel of rels.filter((x) => x.relationship)) {
        try {
          await call('relate', {
            member_id: m.id, child_id: rel.child.id, relationship: rel.relationship, pr: rel.pr || 'unknown', pr_basis: null, child_called: null,
          });
        } catch (err) {
          problems.push(err.message);
        }
      }
      return { m, problems };
    },
    onSuccess: ({ m, problems }) => ctx.navigate(`#/person/${m.id}`, problems.length
      ? { title: `${memberName(m)} added, but a relationship was not saved`, body: problems.join(' ') }
      : { title: `${memberName(m)} added` }),
  });
  return formPage(back, `${view.review.reference}: ${view.review.pseudonym}`, 'Add a family or network member', null, f);
}

function needMember(v) {
  if (v.member_id == null) {
    throw { code: 'invalid', message: 'Choose who the contact was with', fields: [{ field: 'member_id', message: 'Choose who the contact was with' }] };
  }
}

export async function recordContact([id], ctx, query) {
  const view = await call('review_view', { key: id });
  const back = `#/review/${id}/contacts`;
  const preset = query && query.get('member') ? Number(query.get('member')) : null;
  const f = form({
    id: 'contact',
    submit: 'Save contact',
    fields: contactFields(ctx.vocab, view.members, { member_id: preset }),
    secondary: [{ label: 'Cancel', href: back }],
    onSubmit: (v) => {
      needMember(v);
      return call('record_contact', { form: v });
    },
    onSuccess: (c) => ctx.navigate(back, { title: `Contact on ${formatDate(c.date)} saved` }),
  });
  if (!view.members.length) {
    return formPage(back, null, 'Record a contact', [p('Add family members first.'), linkButton('Add a family or network member', `#/review/${id}/members/new`)], { node: el('div') });
  }
  return formPage(back, `${view.review.reference}: ${view.review.pseudonym}`, 'Record a contact', null, f);
}

export async function changeContact([id, contactId], ctx) {
  const view = await call('review_view', { key: id });
  const c = view.contacts.find((x) => x.id === Number(contactId));
  const back = `#/review/${id}/contacts`;
  if (!c) return formPage(back, null, 'Contact not found', p('It may have been removed.'), { node: el('div') });
  const values = contactValues(c);
  if (c.outcome === 'planned') values.outcome = '';
  const f = form({
    id: 'contact',
    submit: 'Save contact',
    fields: contactFields(ctx.vocab, view.members, values, { fixedMember: c.member_id }),
    secondary: [{ label: 'Cancel', href: back }],
    onSubmit: (v) => call('change_contact', { id: c.id, form: { ...v, member_id: c.member_id } }),
    onSuccess: () => ctx.navigate(back, { title: 'Contact saved' }),
  });
  const who = view.members.find((m) => m.id === c.member_id);
  const page = formPage(back, who ? memberName(who) : null, c.outcome === 'planned' ? 'Record what happened at the visit' : 'Change a contact', null, f);
  // A contact recorded by mistake is kept in the history, marked, with the reason.
  const wrong = form({
    id: 'contact-error',
    submit: 'Mark as entered in error',
    warning: true,
    fields: [
      { type: 'textarea', name: 'reason', label: 'Why was it entered in error?', hint: 'For example, recorded against the wrong person. It stays in the history with this reason, and no longer counts as contact.', rows: 3 },
    ],
    onSubmit: (v) => call('mark_contact_entered_in_error', { id: c.id, reason: v.reason }),
    onSuccess: () => ctx.navigate(back, { title: 'Contact marked as entered in error' }),
  });
  page.append(el('h2', { text: 'Entered in error?' }), wrong.node);
  return page;
}

export async function setCheck([id, checkId, memberId], ctx) {
  const view = await call('review_view', { key: id });
  const mid = memberId ? Number(memberId) : null;
  const row = view.checks.find((c) => c.check.id === decodeURIComponent(checkId) && (c.member_id ?? null) === mid);
  const back = mid ? `#/person/${mid}` : `#/review/${id}/checks`;
  if (!row) return formPage(back, null, 'Check not found', p('This check does not apply to this review.'), { node: el('div') });
  const who = mid ? view.members.find((m) => m.id === mid) : null;
  const st = row.status;
  const principles = ctx.vocab ? ctx.vocab.principles : [];
  const pr = principles.find((x) => x.number === row.check.principle);
  const intro = [
    p(row.check.text, 'body lead'),
    row.check.help ? p(row.check.help) : null,
    summaryList([
      { key: 'Phase', value: phaseLabel(ctx, row.check.phase) },
      { key: 'Principle', value: pr ? pr.label : String(row.check.principle) },
      { key: 'Source', value: row.check.source.reference },
      { key: 'Status now', value: checkTag(st) },
      st.status === 'done' ? { key: 'Evidence', value: evidenceNode(st, (r) => recordHref(r, view.review.id, mid)) } : null,
      st.status === 'to-do' && st.reopened ? { key: 'Reopened', value: `${formatDate(st.reopened.on)}: ${st.reopened.reason}` } : null,
    ]),
  ].filter(Boolean);
  const closed = st.status !== 'to-do';
  const f = form({
    id: 'check',
    submit: 'Save status',
    fields: [{
      type: 'radios', name: 'status', errorKey: 'status_choice', label: 'Status', value: st.status,
      options: [
        closed
          ? { value: 'to-do', label: 'Reopen: still to do', conditional: [{ type: 'textarea', name: 'reason_reopen', errorKey: 'text', label: 'Why are you reopening it?', hint: 'Kept with the check and in the audit log.', rows: 3 }] }
          : { value: 'to-do', label: 'To do' },
        {
          value: 'done', label: 'Done', conditional: [
            { type: 'textarea', name: 'evidence', errorKey: ['status', 'evidence'], label: 'Evidence', hint: 'What shows it was done, for example: letter sent 3 March, copy on file.', value: st.evidence || '', rows: 3 },
            { type: 'date', name: 'on', label: 'Date done', hint: 'For example, 14 March 2026. Leave blank for today.', value: st.on || '' },
          ],
        },
        { value: 'not-applicable', label: 'Not applicable', conditional: [{ type: 'textarea', name: 'reason_na', errorKey: ['status', 'evidence'], label: 'Why it does not apply', value: st.status === 'not-applicable' ? st.reason : '', rows: 3 }] },
        { value: 'decided-otherwise', label: 'Decided otherwise', conditional: [{ type: 'textarea', name: 'reason_other', errorKey: ['status', 'evidence'], label: 'The reason for deciding otherwise', value: st.status === 'decided-otherwise' ? st.reason : '', rows: 3 }] },
      ],
    }],
    secondary: [{ label: 'Cancel', href: back }],
    onSubmit: (v) => {
      if (!v.status) throw { code: 'invalid', message: 'Choose a status', fields: [{ field: 'status_choice', message: 'Choose a status' }] };
      const textFor = {
        'to-do': closed ? v.reason_reopen : null, done: v.evidence, 'not-applicable': v.reason_na, 'decided-otherwise': v.reason_other,
      };
      return call('set_check', {
        review_key: id, check_id: row.check.id, member_id: mid, status: v.status, text: textFor[v.status] ?? null, on: v.status === 'done' ? v.on : null,
      });
    },
    onSuccess: () => ctx.navigate(back, { title: 'Check updated', body: row.check.text }),
  });
  return formPage(back, who ? `Check for ${memberName(who)}` : 'Check for the review', 'Update a check', intro, f);
}

/** A done check's evidence, with a link to the record that closed it when one did. */
function evidenceNode(st, hrefOf) {
  const text = `${st.evidence} (${formatDate(st.on)})`;
  if (!st.record) return text;
  return el('span', {}, text, el('br'), el('a', { href: hrefOf(st.record), class: 'evidence-link' }, recordWords(st.record)));
}

export async function addDecision([id], ctx) {
  const view = await call('review_view', { key: id });
  const back = `#/review/${id}/decisions`;
  const f = form({
    id: 'decision',
    submit: 'Save decision',
    fields: [
      { type: 'date', name: 'decided_on', label: 'Date of the decision', hint: 'For example, 14 March 2026.', value: view.today },
      { type: 'textarea', name: 'decision', label: 'Decision', rows: 3 },
      { type: 'textarea', name: 'options', label: 'Options considered (optional)', rows: 3 },
      { type: 'textarea', name: 'rationale', label: 'Rationale', rows: 4 },
      { type: 'text', name: 'consulted', label: 'Who you consulted (optional)', hint: 'For example, senior investigating officer, panel chair.' },
      { type: 'checkboxes', name: 'member_ids', cast: 'int', label: 'People it concerns (optional)', options: view.members.map((m) => ({ value: m.id, label: memberName(m) })) },
      { type: 'select', name: 'principle', label: 'Principle (optional)', placeholder: 'None', options: (ctx.vocab ? ctx.vocab.principles : []).map((x) => ({ value: String(x.number), label: `${x.number}. ${x.label}` })) },
      { type: 'date', name: 'review_by', label: 'Review the decision by (optional)', hint: 'For example, 1 June 2026.' },
      { type: 'text', name: 'author', label: 'Decided by (optional)', value: view.review.author.name },
    ],
    secondary: [{ label: 'Cancel', href: back }],
    onSubmit: (v) => call('record_decision', { review_key: id, form: v }),
    onSuccess: () => ctx.navigate(back, { title: 'Decision recorded' }),
  });
  return formPage(back, `${view.review.reference}: ${view.review.pseudonym}`, 'Record a decision', null, f);
}

function parallelFields(ctx, nation, v = {}) {
  const kinds = nationChoices(ctx, nation, 'parallel_kind');
  // A process already recorded keeps its kind on the list, whatever the nation.
  const options = v.kind && !kinds.some((k) => k.value === v.kind) ? [...kinds, ...choices(ctx, 'parallel_kind').filter((k) => k.value === v.kind)] : kinds;
  return [
    { type: 'select', name: 'kind', label: 'Kind of process', placeholder: 'Choose a kind', value: v.kind, options },
    { type: 'text', name: 'reference', label: 'Reference (optional)', value: v.reference, width: 'w20' },
    { type: 'text', name: 'contact', label: 'Liaison contact (optional)', value: v.contact },
    { type: 'text', name: 'status', label: 'Status', hint: 'For example, charged; trial listed.', value: v.status },
    { type: 'date', name: 'next_key_date', label: 'Next key date (optional)', hint: 'For example, 7 September 2026.', value: v.next_key_date },
    { type: 'textarea', name: 'constraints', label: 'Constraints on the review or contact with the family (optional)', value: v.constraints, rows: 3 },
    { type: 'date', name: 'last_checked', label: 'Date last checked (optional)', hint: 'For example, 14 March 2026.', value: v.last_checked },
  ];
}

export async function addParallel([id], ctx) {
  const view = await call('review_view', { key: id });
  const back = `#/review/${id}/parallel`;
  const f = form({
    id: 'parallel',
    submit: 'Save',
    fields: parallelFields(ctx, view.review.nation, { last_checked: view.today }),
    secondary: [{ label: 'Cancel', href: back }],
    onSubmit: (v) => call('add_parallel', { review_key: id, form: v }),
    onSuccess: () => ctx.navigate(back, { title: 'Parallel process added' }),
  });
  return formPage(back, `${view.review.reference}: ${view.review.pseudonym}`, 'Add a parallel process', null, f);
}

export async function changeParallel([id, pid], ctx) {
  const view = await call('review_view', { key: id });
  const x = view.parallel_processes.find((pp) => pp.id === Number(pid));
  const back = `#/review/${id}/parallel`;
  if (!x) return formPage(back, null, 'Not found', p('This process is not recorded.'), { node: el('div') });
  const f = form({
    id: 'parallel',
    submit: 'Save changes',
    fields: parallelFields(ctx, view.review.nation, x),
    secondary: [{ label: 'Cancel', href: back }],
    onSubmit: (v) => call('change_parallel', { id: x.id, form: v }),
    onSuccess: () => ctx.navigate(back, { title: 'Parallel process saved' }),
  });
  return formPage(back, `${view.review.reference}: ${view.review.pseudonym}`, 'Change a parallel process', null, f);
}

export async function addFeedback([id], ctx) {
  const [view, bank] = await Promise.all([call('review_view', { key: id }), call('question_bank')]);
  const back = `#/review/${id}/feedback`;
  const fields = [
    {
      type: 'radios', name: 'member_id', cast: 'int', label: 'Who is it from?', value: '',
      options: [{ value: '', label: 'Anonymous' }, ...view.members.map((m) => ({ value: m.id, label: memberName(m) }))],
    },
    { type: 'radios', name: 'stage', label: 'When was it given?', value: 'after-findings', options: choices(ctx, 'feedback_stage') },
    { type: 'date', name: 'received_on', label: 'Date received', hint: 'For example, 14 March 2026.', value: view.today },
    { type: 'text', name: 'channel', label: 'How it came back (optional)', hint: 'For example, post, in person, phone.', width: 'w20' },
  ];
  for (const g of bank.groups) {
    fields.push({ type: 'heading', level: 2, label: g.title });
    for (const q of g.questions) {
      if (q.kind === 'scale') {
        fields.push({
          type: 'radios', name: `answers.${q.id}`, errorKey: q.id, label: q.text, inline: true, value: '',
          options: [...bank.answers, { value: '', label: 'No answer' }],
        });
      }
      fields.push({
        type: 'textarea', name: `comments.${q.id}`, errorKey: q.id, label: q.kind === 'scale' ? 'What they wrote (optional)' : q.text, rows: 2,
      });
    }
  }
  fields.push(
    { type: 'checkbox', name: 'follow_up_requested', label: 'They asked for a follow-up' },
    { type: 'checkbox', name: 'passed_to_partnership', label: `Passed to ${nationWords(ctx, view.review.nation).local_body} (anonymised)` },
  );
  const f = form({
    id: 'feedback',
    submit: 'Save feedback',
    fields,
    secondary: [{ label: 'Cancel', href: back }],
    onSubmit: (v) => {
      const args = { ...v };
      args.answers = Object.fromEntries(Object.entries(v.answers || {}).filter(([, a]) => a));
      args.comments = Object.fromEntries(Object.entries(v.comments || {}).filter(([, c]) => c && c.trim()));
      return call('record_feedback', { review_key: id, form: args });
    },
    onSuccess: () => ctx.navigate(back, { title: 'Feedback saved' }),
  });
  return formPage(back, `${view.review.reference}: ${view.review.pseudonym}`, 'Key in returned feedback',
    [warningText('Keep the form the person returned until the answers are checked.')], f);
}

export { formPage, choices, nationChoices, phaseLabel };
