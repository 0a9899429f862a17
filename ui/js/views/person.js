// A person's page: details, needs, restrictions and clearance, barriers and links, terms of
// engagement with their history, chosen support, their checks, and everything that
// happened; and the forms behind each "Change" link.

import { call } from '../api.js';
import {
  el, p, tag, dueTag, checkTag, involvementTag, formatDate, formatDateTime, formatTime, labelOf,
  plural, linkButton, button, form, summaryList, summaryCard, table, taskList, warningText, languageLabel, variantLabel,
} from '../components.js';
import { memberName, memberFields } from '../fields.js';
import { formPage, choices, nationChoices, phaseLabel, nationWords } from './review.js';

async function load(id) {
  const page = await call('member_view', { id: Number(id) });
  const view = await call('review_view', { key: String(page.member.review_id) });
  return { page, view };
}

/** The safety summary shown on the person's page and in the visit wizard. */
// Its panels sit right under the page's h1 (the person page, the visit's safety step), so
// their headings are h2s, drawn at the size of an h3.
/** Who may advise that contact can go ahead, in the review's nation's words. */
function clearanceHint(w) {
  const who = [...new Set([w.police, w.prosecutor, w.the_coroner].filter(Boolean))];
  return `Record clearance when ${who.join(', ')} or a court advise that contact may go ahead.`;
}

export function safetyPanel(page, ctx) {
  const out = [];
  if (page.may_contact_text.length) {
    out.push(el('div', { class: 'panel-refusal', role: 'region', 'aria-labelledby': 'safety-contact' },
      el('h2', { class: 'heading-m', id: 'safety-contact', text: 'Do not contact yet' }),
      el('ul', { class: 'list' }, page.may_contact_text.map((t) => el('li', { text: t }))),
      p(clearanceHint(nationWords(ctx, page.nation)))));
  } else if (page.member.restrictions.length) {
    out.push(el('div', { class: 'panel-ok' }, el('h2', { class: 'heading-m', text: 'Contact is cleared' }),
      p('There are restrictions on record, and clearance allowing contact has been recorded for each that needs it.')));
  }
  const docOnly = page.may_receive_document_text.filter((t) => !page.may_contact_text.includes(t));
  if (docOnly.length) {
    out.push(el('div', { class: 'panel-refusal' }, el('h2', { class: 'heading-m', text: 'No documents for this person' }),
      el('ul', { class: 'list' }, docOnly.map((t) => el('li', { text: t })))));
  }
  if (page.sensitive_dates_near.length) {
    out.push(warningText(`Sensitive dates near today: ${page.sensitive_dates_near.join('; ')}.`));
  }
  return out;
}

/**
 * What the records suggest for this person's involvement and position, each a one-click
 * action the author confirms (a refusal asks for the reason first); never applied unasked.
 */
function suggestionPanels(page, ctx, base) {
  const m = page.member;
  return (page.suggestions || []).map((s) => {
    const status = labelOf(choices(ctx, 'involvement'), s.involvement);
    const change = s.position != null && s.position !== m.position
      ? `${status.toLowerCase()}, and move them to phase ${phaseLabel(ctx, s.position)}`
      : status.toLowerCase();
    const id = `suggestion-${s.id}`;
    return el('div', { class: 'suggestion', role: 'region', 'aria-labelledby': id },
      el('h3', { id, class: 'suggestion__title', text: 'Suggested by the records' }),
      p(`${s.why}.`),
      p(`Record them as ${change}?`),
      s.needs_reason
        ? linkButton('Record that they declined', `${base}/suggestion?id=${encodeURIComponent(s.id)}`, 'button--secondary')
        : acceptButton(m, s, status, ctx));
  });
}

function acceptButton(m, s, status, ctx) {
  const btn = button(`Yes, record them as ${status.toLowerCase()}`, async () => {
    btn.disabled = true;
    try {
      await call('accept_suggestion', { member_id: m.id, suggestion_id: s.id, reason: null });
      ctx.navigate(`#/person/${m.id}`, { title: `${memberName(m)} recorded as ${status.toLowerCase()}` });
    } catch (err) {
      btn.disabled = false;
      btn.after(p(err.message || 'That could not be saved.', 'error-message'));
    }
  }, 'button--secondary', { 'data-suggestion': s.id });
  return btn;
}

/** A check's hint: its evidence once done, the reason once reopened, else its help. */
function checkHint(c) {
  const st = c.status;
  if (st.status === 'done') return `Done on ${formatDate(st.on)}: ${st.evidence}`;
  if (st.status === 'to-do' && st.reopened) return `Reopened on ${formatDate(st.reopened.on)}: ${st.reopened.reason}`;
  return c.check.help;
}

/** A record marked as entered in error: what it was, struck through in words, and why. */
function enteredInError(mark, what) {
  return el('span', {}, tag('Entered in error', 'grey'), ' ',
    el('span', { class: 'secondary-text', text: `${what.filter(Boolean).join('. ')}. Marked on ${formatDate(mark.on)}: ${mark.reason}` }));
}

/** Their age today, as the core works it out: years with the date of birth, or the band. */
function ageText(age, d, ch) {
  if (!age) return '';
  if (age.by === 'years') return `${age.years} (born ${formatDate(d.date_of_birth)})`;
  return `${ch('age_band', age.band)} (age band)`;
}

function involvementText(m, ctx) {
  const inv = m.involvement;
  const parts = [labelOf(choices(ctx, 'involvement'), inv.status)];
  if (inv.reason) parts.push(`Reason: ${inv.reason}`);
  if (inv.status === 'declined') parts.push(inv.door_left_open ? 'The door is left open.' : 'The door is not left open.');
  return parts.join('\n');
}

export async function show([id], ctx) {
  const { page, view } = await load(id);
  const m = page.member;
  const d = m.details;
  const rid = m.review_id;
  const base = `#/person/${m.id}`;
  const childName = (cid) => {
    const c = view.children.find((x) => x.id === cid);
    return c ? c.known_as : 'a child';
  };
  const out = el('div');
  out.append(
    el('a', { href: `#/review/${rid}/family`, class: 'back-link', text: `Back to ${page.review_reference}` }),
    el('span', { class: 'caption', text: `${page.review_reference}: ${view.review.pseudonym}` }),
    el('h1', { text: memberName(m) }),
    el('p', { class: 'body' }, involvementTag(m.involvement.status, choices(ctx, 'involvement')), ` Phase ${phaseLabel(ctx, m.position)}`),
    el('div', { class: 'button-group' },
      linkButton('Prepare a visit', `#/visit/${rid}/details?member=${m.id}`),
      linkButton('Record a contact', `#/review/${rid}/contacts/new?member=${m.id}`, 'button--secondary'),
      linkButton('Write a letter', `#/letter/${m.id}`, 'button--secondary')),
  );
  out.append(...safetyPanel(page, ctx));
  if (page.next_update_due) {
    out.append(p(el('span', {}, `Next update due ${formatDate(page.next_update_due)} `, dueTag(page.update_state))));
  }

  out.append(el('h2', { text: 'Involvement' }));
  out.append(...suggestionPanels(page, ctx, base));
  out.append(summaryList([
    { key: 'Involvement', value: involvementText(m, ctx), action: { href: `${base}/involvement`, hidden: 'involvement' } },
    { key: 'Phase', value: phaseLabel(ctx, m.position), action: { href: `${base}/position`, hidden: 'phase' } },
  ]));

  out.append(el('h2', { text: 'Details and needs' }));
  const ch = (k, v) => labelOf(choices(ctx, k), v);
  const change = { href: `${base}/details` };
  out.append(summaryList([
    { key: 'Full name', value: d.full_name, action: { ...change, hidden: 'full name' } },
    { key: 'Called', value: d.preferred_name, action: { ...change, hidden: 'name they like to be called' } },
    { key: 'Pseudonym in the report', value: d.report_pseudonym, action: { ...change, hidden: 'pseudonym' } },
    { key: 'Child or young person', value: d.child_or_young_person, action: { ...change, hidden: 'child or young person' } },
    { key: 'Age', value: ageText(page.age, d, ch), action: { ...change, hidden: 'age' } },
    { key: 'Household', value: d.household, action: { ...change, hidden: 'household' } },
    { key: 'Preferred contact', value: [d.preferred_contact_method ? ch('contact_method', d.preferred_contact_method) : '', d.safe_contact_times ? `Safe times: ${d.safe_contact_times}` : ''].filter(Boolean).join('\n'), action: { ...change, hidden: 'preferred contact' } },
    { key: 'Where they are', value: [d.location ? ch('location', d.location) : '', d.establishment].filter(Boolean).join('\n'), action: { ...change, hidden: 'where they are' } },
    { key: 'Language', value: [d.language, d.dialect ? `Dialect: ${d.dialect}` : '', d.interpreter_needed ? `Needs a professional interpreter${d.interpreter_gender ? ` (${d.interpreter_gender})` : ''}` : '', d.translation_needed ? 'Needs documents translated' : '', d.welsh_preferred ? 'Wants documents in Welsh' : ''].filter(Boolean).join('\n'), action: { ...change, hidden: 'language' } },
    { key: 'Reading and writing', value: d.literacy, action: { ...change, hidden: 'reading and writing' } },
    { key: 'Accessibility', value: [d.accessibility.map((a) => ch('accessibility', a)).join(', '), d.accessibility_notes].filter(Boolean).join('\n'), action: { ...change, hidden: 'accessibility' } },
    { key: 'Advocate or supporter', value: d.advocate, action: { ...change, hidden: 'advocate' } },
    { key: 'Hope to learn', value: d.hope_to_learn, action: { ...change, hidden: 'what you hope to learn' } },
    { key: 'Their questions', value: d.questions, action: { ...change, hidden: 'their questions' } },
    { key: 'Days between updates', value: d.update_cadence_days ? String(d.update_cadence_days) : '', action: { ...change, hidden: 'days between updates' } },
    { key: 'Notes', value: d.notes, action: { ...change, hidden: 'notes' } },
  ]));

  out.append(summaryCard('Relationships', [{ href: `${base}/relate`, label: 'Add or change', hidden: 'a relationship' }],
    m.relationships.length
      ? summaryList(m.relationships.map((r) => ({
        key: childName(r.child_id),
        value: [r.relationship, `Parental responsibility: ${ch('parental_responsibility', r.parental_responsibility)}${r.pr_basis ? ` (${r.pr_basis})` : ''}`, r.child_called ? `Calls the child ${r.child_called}` : ''].filter(Boolean).join('\n'),
      })))
      : p('No relationship recorded.')));

  out.append(summaryCard('Contact details', [{ href: `${base}/contact-detail`, label: 'Add', hidden: 'a contact detail' }],
    m.contact_details.length
      ? summaryList(m.contact_details.map((c) => ({
        key: ch('contact_detail_kind', c.kind),
        value: el('span', {}, c.value, ' ', c.confidential ? tag('Confidential: never printed', 'red') : c.safe_to_print ? tag('Safe to print', 'green') : tag('Not printed', 'grey')),
      })))
      : p('No contact details recorded.')));

  out.append(summaryCard('Legal and role status', [{ href: `${base}/role-status`, label: 'Add', hidden: 'a status' }],
    m.role_statuses.length
      ? summaryList([...m.role_statuses].sort((a, b) => b.since.localeCompare(a.since)).map((s) => ({
        key: formatDate(s.since), value: [ch('role_status', s.status), s.source ? `Source: ${s.source}` : ''].filter(Boolean).join('\n'),
      })))
      : p('None recorded.')));

  out.append(summaryCard('Restrictions and clearance', [
    { href: `${base}/restriction`, label: 'Add a restriction' },
    { href: `${base}/clearance`, label: 'Record clearance' },
  ], [
    m.restrictions.length
      ? summaryList(m.restrictions.map((r) => ({
        key: ch('restriction_kind', r.kind),
        value: r.entered_in_error
          ? enteredInError(r.entered_in_error, [r.detail, `Recorded ${formatDate(r.recorded_on)}`])
          : [r.detail, `Recorded ${formatDate(r.recorded_on)}${r.expires ? `, expires ${formatDate(r.expires)}` : ''}`, r.requires_clearance ? 'Contact waits for clearance' : '', r.via ? `Contact only via ${r.via}` : ''].filter(Boolean).join('\n'),
        action: r.id && !r.entered_in_error ? { href: `${base}/restriction-error?id=${r.id}`, label: 'Entered in error', hidden: `: ${ch('restriction_kind', r.kind)}` } : null,
      })))
      : p('No restrictions recorded.'),
    m.clearances.length
      ? summaryList(m.clearances.map((c) => ({
        key: `Clearance, ${formatDate(c.given_on)}`,
        value: c.entered_in_error
          ? enteredInError(c.entered_in_error, [`${ch('clearance_body', c.body)}: ${c.advice}`])
          : el('span', {}, `${ch('clearance_body', c.body)}: ${c.advice} `, c.contact_allowed ? tag('Contact allowed', 'green') : tag('No contact', 'red')),
        action: c.id && !c.entered_in_error ? { href: `${base}/clearance-error?id=${c.id}`, label: 'Entered in error', hidden: `: clearance of ${formatDate(c.given_on)}` } : null,
      })))
      : null,
  ]));

  out.append(summaryCard('Barriers and links', [
    { href: `${base}/barrier`, label: 'Add a barrier' },
    { href: `${base}/abuse-link`, label: 'Link domestic abuse' },
  ], page.links.length
    ? el('ul', { class: 'list' }, page.links.map(([oid, name, what]) => el('li', {}, el('a', { href: `#/person/${oid}`, text: name }), `: ${what}`)))
    : p('No barriers or links.')));

  const latest = page.terms[page.terms.length - 1];
  out.append(summaryCard('Terms of engagement', [{ href: `${base}/terms`, label: latest ? 'Renegotiate' : 'Agree terms', hidden: 'terms of engagement' }],
    latest ? [termsList(latest, ctx), page.terms.length > 1 ? termsHistory(page.terms, ctx) : null] : p('No terms agreed yet.')));

  out.append(summaryCard('Support chosen for them', [{ href: `${base}/support`, label: 'Choose', hidden: 'support' }],
    page.support.length
      ? el('ul', { class: 'list' }, page.support.map((s) => el('li', {}, el('strong', { text: s.name }), ` ${s.phone || ''}`, s.verify ? ' ' : null, s.verify ? tag('Check before printing', 'yellow') : null)))
      : p('None chosen yet. Chosen services are printed on their information sheet.')));

  out.append(...await theirVoice(m, rid));

  out.append(el('h2', { text: 'Checks for this person' }));
  const phases = ctx.vocab ? ctx.vocab.phases : [];
  for (const ph of phases) {
    const rows = page.checks.filter((c) => c.check.phase === ph.number);
    if (!rows.length) continue;
    out.append(el('h3', { id: `p-phase-${ph.number}`, text: `Phase ${ph.number}: ${ph.label}` }));
    out.append(taskList(rows.map((c) => ({
      title: c.check.text, href: `#/review/${rid}/checks/${encodeURIComponent(c.check.id)}/${m.id}`, hint: checkHint(c), status: checkTag(c.status),
    })), { 'aria-labelledby': `p-phase-${ph.number}` }));
  }

  out.append(el('h2', { text: 'Everything that happened' }));
  const events = [];
  for (const c of page.contacts) {
    events.push({ when: `${c.date}T${c.time || '00:00'}`, date: `${formatDate(c.date)}${c.time ? ` ${formatTime(c.time)}` : ''}`, what: el('span', {}, `${labelOf(choices(ctx, 'contact_mode'), c.mode)}: `, tag(labelOf(choices(ctx, 'contact_outcome'), c.outcome), c.outcome === 'planned' ? 'blue' : 'grey'), c.notes ? el('span', { class: 'task-list__hint', text: c.notes }) : null), link: el('span', {}, el('a', { href: `#/review/${rid}/contacts/${c.id}` }, c.outcome === 'planned' ? 'Record what happened' : 'Change', el('span', { class: 'visually-hidden', text: ` (contact on ${formatDate(c.date)})` })),
      c.outcome === 'reached' ? [' · ', el('a', { href: `#/voice/${rid}/questions/new?member=${m.id}&contact=${c.id}` }, 'Record a question', el('span', { class: 'visually-hidden', text: ` asked on ${formatDate(c.date)}` })),
        ' · ', el('a', { href: `#/voice/${rid}/contributions/new?member=${m.id}&contact=${c.id}` }, 'Record what they told you', el('span', { class: 'visually-hidden', text: ` on ${formatDate(c.date)}` }))] : null) });
  }
  for (const dd of page.decisions) events.push({ when: `${dd.decided_on}T00:00`, date: formatDate(dd.decided_on), what: `Decision: ${dd.decision}`, link: '' });
  for (const t of page.terms) events.push({ when: `${t.agreed_on}T00:00`, date: formatDate(t.agreed_on), what: `Terms of engagement version ${t.version} agreed (${ch('consent_method', t.method).toLowerCase()})`, link: '' });
  for (const doc of page.documents) events.push({ when: doc.made_at, date: formatDateTime(doc.made_at), what: `${labelOf(choices(ctx, 'document_kind'), doc.kind)} made (${variantLabel(doc.variant)}, ${languageLabel(doc.language)})`, link: '' });
  events.sort((a, b) => b.when.localeCompare(a.when));
  out.append(events.length ? table({ head: ['When', 'What', el('span', { class: 'visually-hidden', text: 'Action' })], rows: events.map((e) => [e.date, e.what, e.link]) }) : p('Nothing yet.'));
  return out;
}

/** This person's own questions, what they told the review and the drafts they saw: only
 * theirs (the core's member_voice never returns anyone else's). */
async function theirVoice(m, rid) {
  const v = await call('member_voice', { member_id: m.id });
  const base = `#/voice/${rid}`;
  const waiting = v.waiting.length;
  const rows = [
    {
      key: 'Questions they asked',
      value: v.questions.length
        ? el('ul', { class: 'list' }, v.questions.map((q) => el('li', {}, `“${q.words}” `,
          el('a', { href: `${base}/questions/${q.id}/answer` }, v.waiting.includes(q.id) ? 'Waiting for an answer' : 'Answered or closed', el('span', { class: 'visually-hidden', text: `: update the question “${q.words}”` })))))
        : null,
      action: { href: `${base}/questions/new?member=${m.id}`, label: 'Record a question', hidden: `asked by ${memberName(m)}` },
    },
    {
      key: 'What they told the review',
      value: v.contributions.length ? el('ul', { class: 'list' }, v.contributions.map((c) => el('li', { text: `${formatDate(c.date)}: ${c.summary}` }))) : null,
      action: { href: `${base}/contributions/new?member=${m.id}`, label: 'Record', hidden: `what ${memberName(m)} told you` },
    },
    {
      key: 'Drafts they saw',
      value: v.sessions.length ? el('ul', { class: 'list' }, v.sessions.map((s) => el('li', { text: `${s.draft_version}, ${formatDate(s.date)}: ${plural(s.comments.length, 'comment', 'comments')}` }))) : null,
      action: { href: `${base}/draft`, label: 'Draft sharing', hidden: 'for the review' },
    },
  ];
  return [
    el('h2', { text: 'Their voice' }),
    waiting ? p(`${plural(waiting, 'question is', 'questions are')} waiting for an answer.`) : null,
    summaryList(rows),
  ].filter(Boolean);
}

function termsList(t, ctx) {
  return summaryList([
    { key: 'Version', value: `${t.version}, agreed ${formatDate(t.agreed_on)} (${labelOf(choices(ctx, 'consent_method'), t.method)}), recorded by ${t.recorded_by}` },
    { key: 'How they take part', value: [t.mode, t.venue ? `Venue: ${t.venue}` : '', t.supporter ? `Supporter: ${t.supporter}` : '', t.interpreter ? `Interpreter: ${t.interpreter}` : ''].filter(Boolean).join('\n') },
    { key: 'Updates', value: [t.update_cadence_days ? `Every ${t.update_cadence_days} days` : '', t.channel ? `By ${t.channel}` : ''].filter(Boolean).join('\n') },
    { key: 'How to describe them and the child', value: t.description_wishes },
    { key: 'Anonymity', value: t.anonymity_wishes },
    { key: 'Wants to see the draft', value: t.wants_draft ? `Yes${t.reading_time_days ? `, with ${t.reading_time_days} days to read it` : ''}` : 'No' },
    { key: 'Explained', value: [t.confidentiality_explained_on ? `Limits of confidentiality: ${formatDate(t.confidentiality_explained_on)}` : 'Limits of confidentiality: not yet', t.withdrawal_explained_on ? `Right to withdraw: ${formatDate(t.withdrawal_explained_on)}` : 'Right to withdraw: not yet', t.publication_explained_on ? `Publication: ${formatDate(t.publication_explained_on)}` : 'Publication: not yet'].join('\n') },
    { key: 'Notes', value: t.notes },
  ]);
}

function termsHistory(terms, ctx) {
  return el('details', { class: 'details' },
    el('summary', { text: `Earlier versions (${terms.length - 1})` }),
    table({
      head: ['Version', 'Agreed', 'Method', 'Recorded by'],
      rows: terms.slice(0, -1).reverse().map((t) => [String(t.version), formatDate(t.agreed_on), labelOf(choices(ctx, 'consent_method'), t.method), t.recorded_by]),
    }));
}

// ----- forms ----------------------------------------------------------------------------

export async function edit([id, what], ctx, query) {
  const { page, view } = await load(id);
  const m = page.member;
  const back = `#/person/${m.id}`;
  const name = memberName(m);
  const others = view.members.filter((x) => x.id !== m.id);
  const done = (title) => () => ctx.navigate(back, { title });
  const cancel = [{ label: 'Cancel', href: back }];
  const make = (title, spec, intro) => formPage(back, name, title, intro, form({ id: what, secondary: cancel, ...spec }));

  switch (what) {
    case 'restriction-error': {
      const rid = Number(query && query.get('id'));
      const r = m.restrictions.find((x) => x.id === rid);
      if (!r) return formPage(back, name, 'Restriction not found', p('It may have been marked as entered in error already.'), { node: el('div') });
      return make('Mark a restriction as entered in error', {
        submit: 'Mark as entered in error',
        warning: true,
        fields: [
          { type: 'textarea', name: 'reason', label: 'Why was it entered in error?', hint: 'For example, recorded against the wrong person. The restriction is kept in the history with this reason, and no longer restricts contact.', rows: 3 },
        ],
        onSubmit: (v) => call('mark_restriction_entered_in_error', { restriction_id: rid, reason: v.reason }),
        onSuccess: done('Restriction marked as entered in error'),
      }, summaryList([
        { key: 'Restriction', value: ch('restriction_kind', r.kind) },
        { key: 'Detail', value: r.detail || '' },
        { key: 'Recorded', value: formatDate(r.recorded_on) },
      ]));
    }
    case 'suggestion': {
      const sid = query && query.get('id');
      const s = (page.suggestions || []).find((x) => x.id === sid);
      if (!s) return formPage(back, name, 'Nothing to suggest', p('The records no longer suggest this change.'), { node: el('div') });
      const status = labelOf(choices(ctx, 'involvement'), s.involvement).toLowerCase();
      return make(`Record that ${name} declined`, {
        submit: `Record them as ${status}`,
        fields: [
          { type: 'textarea', name: 'reason', label: 'Why they declined', hint: 'In their words where you can. If they gave no reason, say so.', rows: 3 },
        ],
        onSubmit: (v) => call('accept_suggestion', { member_id: m.id, suggestion_id: s.id, reason: v.reason || null }),
        onSuccess: done(`${name} recorded as ${status}`),
      }, [p(`${s.why}.`)]);
    }
    case 'clearance-error': {
      const cid = Number(query && query.get('id'));
      const c = m.clearances.find((x) => x.id === cid && !x.entered_in_error);
      if (!c) return formPage(back, name, 'Clearance not found', p('It may have been marked as entered in error already.'), { node: el('div') });
      return make('Mark a clearance as entered in error', {
        submit: 'Mark as entered in error',
        warning: true,
        fields: [
          { type: 'textarea', name: 'reason', label: 'Why was it entered in error?', hint: 'For example, the advice was recorded the wrong way round. The clearance is kept in the history with this reason, and no longer clears contact: record the right advice afterwards.', rows: 3 },
        ],
        onSubmit: (v) => call('mark_clearance_entered_in_error', { clearance_id: cid, reason: v.reason }),
        onSuccess: done('Clearance marked as entered in error'),
      }, summaryList([
        { key: 'Who gave the advice', value: ch('clearance_body', c.body) },
        { key: 'Date given', value: formatDate(c.given_on) },
        { key: 'Advice', value: c.advice },
        { key: 'Does the advice allow contact?', value: c.contact_allowed ? 'Yes' : 'No' },
      ]));
    }
    case 'details': {
      const values = await call('member_form', { id: m.id });
      return make('Change their details', {
        submit: 'Save changes',
        fields: memberFields(ctx.vocab, values, view.review.nation),
        onSubmit: (v) => call('change_member', { id: m.id, form: v }),
        onSuccess: done('Details saved'),
      });
    }
    case 'involvement': {
      const inv = m.involvement;
      const reasonField = (slug, label) => ({
        type: 'textarea', name: `reason_${slug}`, errorKey: 'reason', label, rows: 3, value: inv.status === slug ? inv.reason : '',
      });
      const conditional = {
        declined: [reasonField('declined', 'Why they declined'), { type: 'checkbox', name: 'door_left_open', label: 'The door is left open: they can change their mind', value: inv.status === 'declined' ? inv.door_left_open : true }],
        withdrew: [reasonField('withdrew', 'Why they withdrew')],
        'not-approached': [reasonField('not-approached', 'Why they are not being approached')],
      };
      return make('Change their involvement', {
        submit: 'Save',
        fields: [{
          type: 'radios', name: 'status', errorKey: 'status', label: 'Involvement', value: inv.status,
          hint: 'A reason is needed for declined, withdrew and not approached.',
          options: choices(ctx, 'involvement').map((c) => ({ ...c, conditional: conditional[c.value] })),
        }],
        onSubmit: (v) => call('set_involvement', {
          id: m.id, status: v.status, reason: v[`reason_${v.status}`] ?? null, door_left_open: v.status === 'declined' ? Boolean(v.door_left_open) : true,
        }),
        onSuccess: done('Involvement saved'),
      });
    }
    case 'position':
      return make('Change their phase', {
        submit: 'Save',
        fields: [{
          type: 'radios', name: 'phase', label: 'Which phase are they in?', value: String(m.position),
          options: (ctx.vocab ? ctx.vocab.phases : []).map((ph) => ({ value: String(ph.number), label: `${ph.number} – ${ph.label}` })),
        }],
        onSubmit: (v) => call('set_position', { id: m.id, phase: v.phase }),
        onSuccess: done('Phase saved'),
      });
    case 'contact-detail':
      return make('Add a contact detail', {
        submit: 'Add',
        fields: [
          { type: 'radios', name: 'kind', label: 'Kind', inline: true, options: choices(ctx, 'contact_detail_kind') },
          { type: 'textarea', name: 'value', label: 'Detail', rows: 3 },
          { type: 'checkbox', name: 'safe_to_print', label: 'Safe to print on documents for this person', hint: 'Used only on documents this person receives, such as their information sheet.' },
          { type: 'checkbox', name: 'confidential', label: 'Confidential (for example, a refuge address): never printed', hint: 'A confidential detail is never printed, whatever else is ticked.' },
        ],
        onSubmit: (v) => call('add_contact_detail', { member_id: m.id, kind: v.kind, value: v.value, safe_to_print: v.safe_to_print, confidential: v.confidential }),
        onSuccess: done('Contact detail added'),
      });
    case 'relate': {
      if (!view.children.length) {
        return formPage(back, name, 'Add a relationship', [p('Add the child to the review first.'), linkButton('Add a child', `#/review/${m.review_id}/children/new`)], { node: el('div') });
      }
      const existing = (cid) => m.relationships.find((r) => r.child_id === cid) || {};
      const first = existing(view.children[0].id);
      return make('Relationship to a child', {
        submit: 'Save',
        fields: [
          { type: 'radios', name: 'child_id', errorKey: 'child', cast: 'int', label: 'Which child?', value: view.children[0].id, options: view.children.map((c) => ({ value: c.id, label: c.known_as })) },
          { type: 'text', name: 'relationship', label: 'Relationship', hint: 'In the family’s words, for example mother, step-father, nan.', value: first.relationship, width: 'w20' },
          { type: 'radios', name: 'pr', errorKey: 'parental_responsibility', label: 'Do they hold parental responsibility?', inline: true, value: first.parental_responsibility || 'unknown', options: choices(ctx, 'parental_responsibility') },
          { type: 'text', name: 'pr_basis', label: 'Basis of parental responsibility (optional)', hint: 'For example, birth mother, or special guardianship order.', value: first.pr_basis },
          { type: 'text', name: 'child_called', label: 'What they call the child, if different (optional)', value: first.child_called, width: 'w20' },
        ],
        onSubmit: (v) => call('relate', { member_id: m.id, child_id: v.child_id, relationship: v.relationship, pr: v.pr || 'unknown', pr_basis: v.pr_basis, child_called: v.child_called }),
        onSuccess: done('Relationship saved'),
      });
    }
    case 'role-status':
      return make('Add a legal or role status', {
        submit: 'Add',
        fields: [
          { type: 'select', name: 'status', label: 'Status', placeholder: 'Choose a status', options: choices(ctx, 'role_status') },
          { type: 'date', name: 'since', label: 'Since', hint: 'For example, 1 February 2026.', value: view.today },
          { type: 'text', name: 'source', label: 'Source (optional)', hint: 'For example, DC Jones, email 3 February.' },
        ],
        onSubmit: (v) => call('add_role_status', { member_id: m.id, status: v.status, since: v.since, source: v.source }),
        onSuccess: done('Status added'),
      }, [p('A change of status (for example, charged or acquitted) is a reason to revisit any decision about involving them.')]);
    case 'restriction':
      return make('Add a contact restriction', {
        submit: 'Add restriction',
        fields: [
          { type: 'select', name: 'kind', label: 'Kind of restriction', placeholder: 'Choose a kind', options: choices(ctx, 'restriction_kind') },
          { type: 'textarea', name: 'detail', label: 'Detail (optional)', rows: 3 },
          { type: 'date', name: 'recorded_on', label: 'Recorded on', hint: 'For example, 14 March 2026. Leave blank for today.', value: view.today },
          { type: 'date', name: 'expires', label: 'Expires (optional)', hint: 'For example, 30 September 2026.' },
          { type: 'checkbox', name: 'requires_clearance', label: 'Contact must wait for clearance', hint: 'Kindred then refuses to plan a visit or make a sheet until clearance allowing contact is recorded.', value: true },
          { type: 'text', name: 'via', label: 'Contact only via (optional)', hint: 'For example, their solicitor.' },
        ],
        onSubmit: (v) => call('add_restriction', { member_id: m.id, form: v }),
        onSuccess: done('Restriction added'),
      });
    case 'clearance':
      return make('Record clearance', {
        submit: 'Record clearance',
        fields: [
          { type: 'select', name: 'body', label: 'Who gave the advice', placeholder: 'Choose who', options: nationChoices(ctx, view.review.nation, 'clearance_body') },
          { type: 'date', name: 'given_on', label: 'Date given', hint: 'For example, 14 March 2026.', value: view.today },
          { type: 'textarea', name: 'advice', label: 'Advice', hint: 'In their words where you can.', rows: 4 },
          {
            type: 'radios', name: 'contact_allowed', label: 'Does the advice allow contact?', inline: true,
            options: [{ value: 'yes', label: 'Yes' }, { value: 'no', label: 'No' }],
          },
        ],
        onSubmit: (v) => call('record_clearance', {
          member_id: m.id,
          form: { ...v, contact_allowed: v.contact_allowed === 'yes' ? true : v.contact_allowed === 'no' ? false : null },
        }),
        onSuccess: (saved, v) => ctx.navigate(back, v.contact_allowed === 'yes'
          ? { title: 'Clearance recorded: the advice allows contact' }
          : { title: 'Advice recorded: it does not allow contact yet', body: 'Contact stays on hold until advice allowing it is recorded.' }),
      });
    case 'barrier':
      if (!others.length) return formPage(back, name, 'Add an information barrier', p('There is no one else in this review yet.'), { node: el('div') });
      return make('Add an information barrier', {
        submit: 'Add barrier',
        fields: [
          { type: 'radios', name: 'other', errorKey: 'member', cast: 'int', label: 'Between them and', options: others.map((o) => ({ value: o.id, label: memberName(o) })) },
          {
            type: 'radios', name: 'direction', label: 'Which way?', value: 'protect',
            options: [
              { value: 'protect', label: `Keep ${name}’s information from the other person` },
              { value: 'withhold', label: `Keep the other person’s information from ${name}` },
            ],
          },
          { type: 'textarea', name: 'reason', label: 'Reason (optional)', rows: 3 },
        ],
        onSubmit: (v) => {
          if (v.other == null) throw { code: 'invalid', message: 'Choose the other person', fields: [{ field: 'member', message: 'Choose the other person' }] };
          const [protectedId, withheld] = v.direction === 'withhold' ? [v.other, m.id] : [m.id, v.other];
          return call('add_barrier', { protected_id: protectedId, withheld_from_id: withheld, reason: v.reason });
        },
        onSuccess: done('Information barrier added'),
      });
    case 'abuse-link':
      if (!others.length) return formPage(back, name, 'Link domestic abuse', p('There is no one else in this review yet.'), { node: el('div') });
      return make('Link domestic abuse', {
        submit: 'Add link',
        fields: [
          { type: 'radios', name: 'other', errorKey: 'member', cast: 'int', label: 'The other person', options: others.map((o) => ({ value: o.id, label: memberName(o) })) },
          {
            type: 'radios', name: 'role', label: `${name} is`, value: 'victim',
            options: [{ value: 'victim', label: 'The victim' }, { value: 'perpetrator', label: 'The perpetrator' }],
          },
        ],
        onSubmit: (v) => {
          if (v.other == null) throw { code: 'invalid', message: 'Choose the other person', fields: [{ field: 'member', message: 'Choose the other person' }] };
          const [victim, perp] = v.role === 'perpetrator' ? [v.other, m.id] : [m.id, v.other];
          return call('link_abuse', { victim_id: victim, perpetrator_id: perp });
        },
        onSuccess: done('Domestic abuse link added'),
      }, [p('Kindred will then refuse joint meetings between them, and never puts one person’s details on the other’s documents.')]);
    case 'terms': {
      const t = page.terms[page.terms.length - 1] || {};
      return make(page.terms.length ? 'Renegotiate terms of engagement' : 'Agree terms of engagement', {
        submit: 'Save terms',
        fields: [
          { type: 'date', name: 'agreed_on', label: 'Date agreed', hint: 'For example, 14 March 2026.', value: view.today },
          { type: 'radios', name: 'method', label: 'How they agreed', inline: true, value: t.method, options: choices(ctx, 'consent_method') },
          { type: 'text', name: 'recorded_by', label: 'Recorded by', value: t.recorded_by || view.review.author.name },
          { type: 'text', name: 'mode', label: 'How they will take part (optional)', hint: 'For example, face to face at home, phone, written account.', value: t.mode },
          { type: 'text', name: 'venue', label: 'Venue (optional)', value: t.venue },
          { type: 'text', name: 'supporter', label: 'Supporter present (optional)', value: t.supporter },
          { type: 'text', name: 'interpreter', label: 'Interpreter (optional)', value: t.interpreter },
          { type: 'number', name: 'update_cadence_days', label: 'Days between updates (optional)', value: t.update_cadence_days ? String(t.update_cadence_days) : '' },
          { type: 'text', name: 'channel', label: 'How to send updates (optional)', hint: 'For example, text message, then a call.', value: t.channel },
          { type: 'textarea', name: 'description_wishes', label: 'How they want the child and themselves described (optional)', value: t.description_wishes, rows: 3 },
          { type: 'textarea', name: 'anonymity_wishes', label: 'Attribution and anonymity wishes (optional)', value: t.anonymity_wishes, rows: 3 },
          { type: 'checkbox', name: 'wants_draft', label: 'They want to see the draft', value: t.wants_draft },
          { type: 'number', name: 'reading_time_days', label: 'Days they need to read it (optional)', value: t.reading_time_days ? String(t.reading_time_days) : '' },
          { type: 'date', name: 'confidentiality_explained_on', label: 'Limits of confidentiality explained on (optional)', hint: 'For example, 14 March 2026.', value: t.confidentiality_explained_on },
          { type: 'date', name: 'withdrawal_explained_on', label: 'Right to withdraw explained on (optional)', hint: 'For example, 14 March 2026.', value: t.withdrawal_explained_on },
          { type: 'date', name: 'publication_explained_on', label: 'Publication explained on (optional)', hint: 'For example, 14 March 2026.', value: t.publication_explained_on },
          { type: 'textarea', name: 'notes', label: 'Notes (optional)', rows: 3, value: t.notes },
        ],
        onSubmit: (v) => call('agree_terms', { member_id: m.id, form: v }),
        onSuccess: (saved) => ctx.navigate(back, { title: `Terms of engagement version ${saved.version} saved` }),
      }, page.terms.length ? [p('Earlier versions are kept as history.')] : null);
    }
    case 'support': {
      const dir = await call('support_directory');
      const nation = view.review.nation;
      const relevant = dir.filter((s) => !s.nations.length || s.nations.includes(nation) || m.support_ids.includes(s.id));
      return make('Choose support for them', {
        submit: 'Save',
        fields: [{
          type: 'checkboxes', name: 'support', cast: 'int', label: 'Services to print on their information sheet', hint: 'Check the phone numbers and hours before printing.',
          value: m.support_ids,
          options: relevant.map((s) => ({ value: s.id, label: s.name, hint: [labelOf(choices(ctx, 'service_type'), s.service_type), s.phone, s.verify ? 'Check before printing' : ''].filter(Boolean).join(' · ') })),
        }],
        onSubmit: async (v) => {
          const want = new Set(v.support);
          for (const s of relevant) {
            const has = m.support_ids.includes(s.id);
            if (want.has(s.id) !== has) {
              await call('choose_support', { member_id: m.id, support_id: s.id, chosen: want.has(s.id) });
            }
          }
        },
        onSuccess: done('Support saved'),
      });
    }
    default:
      return formPage(back, name, 'Page not found', p('There is no such page.'), { node: el('div') });
  }
}
