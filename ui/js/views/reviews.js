// The reviews dashboard and "Create a review".

import { call } from '../api.js';
import {
  el, p, tag, dueTag, formatDate, plural, linkButton, form, backLink, caption,
} from '../components.js';

function deadlineNode(d) {
  if (!d) return el('span', { class: 'secondary-text', text: 'None recorded' });
  return el('span', {}, `${d.label}: ${formatDate(d.due)} `, dueTag(d.state), d.verify ? el('span', { class: 'small secondary-text', text: ' (check against current guidance)' }) : null);
}

function peopleLinks(list, render) {
  if (!list.length) return el('span', { class: 'secondary-text', text: 'None' });
  return el('ul', { class: 'plain' }, list.map((x) => el('li', {}, render(x))));
}

export async function dashboard(_params, ctx) {
  const data = await call('dashboard');
  const page = el('div');
  page.append(el('h1', { text: 'Your reviews' }));
  page.append(linkButton('Create a review', '#/reviews/new', 'button--start'));
  if (!data.reviews.length) {
    page.append(p('You have no reviews yet. Create one to start planning how you will involve the family.'));
    return page;
  }
  page.append(p(`Today is ${formatDate(data.today)}. ${plural(data.reviews.length, 'review', 'reviews')}.`, 'body secondary-text'));
  const list = el('ul', { class: 'review-cards' });
  for (const r of data.reviews) {
    const nation = (ctx.vocab && ctx.vocab.nations.find((n) => n.id === r.nation)) || { name: r.nation };
    const rows = [
      ['Phase', el('span', {}, `${r.phase} – ${r.phase_label}`)],
      ['Next deadline', deadlineNode(r.next_deadline)],
    ];
    if (r.overdue_deadlines.length) {
      rows.push(['Deadlines passed', el('ul', { class: 'plain' }, r.overdue_deadlines.map((d) => el('li', {}, deadlineNode(d))))]);
    }
    rows.push(['Updates overdue', peopleLinks(r.updates_overdue, (u) => el('span', {},
      el('a', { href: `#/person/${u.member_id}`, text: u.name }), ' ', dueTag(u.state)))]);
    if (r.updates_due_soon.length) {
      rows.push(['Updates due soon', peopleLinks(r.updates_due_soon, (u) => el('span', {},
        el('a', { href: `#/person/${u.member_id}`, text: u.name }), ` by ${formatDate(u.due)}`))]);
    }
    rows.push(['Open checks', el('a', { href: `#/review/${r.id}/checks` }, plural(r.open_checks, 'open check', 'open checks'))]);
    rows.push(['Awaiting clearance', peopleLinks(r.awaiting_clearance, ([id, name]) => el('span', {},
      el('a', { href: `#/person/${id}`, text: name }), ' ', tag('Do not contact yet', 'red')))]);
    if (r.questions_waiting) {
      rows.push(['Family questions waiting', el('a', { href: `#/voice/${r.id}/questions?status=waiting` },
        `${plural(r.questions_waiting, 'question', 'questions')}, the oldest for ${plural(r.oldest_question_days, 'day', 'days')}`)]);
    }
    if (r.comments_awaiting) {
      rows.push(['Draft comments awaiting a response', el('a', { href: `#/voice/${r.id}/draft` }, plural(r.comments_awaiting, 'comment', 'comments'))]);
    }
    if (r.draft_not_shared.length) {
      rows.push(['Asked to see the draft, not shown it yet', peopleLinks(r.draft_not_shared, ([id, name]) =>
        el('a', { href: `#/person/${id}`, text: name }))]);
    }
    if (r.retention_overdue) rows.push(['Retention', tag('Past its retention date', 'red')]);
    list.append(el('li', { class: 'review-card' },
      el('h2', {}, el('a', { href: `#/review/${r.id}` }, `${r.reference}: ${r.pseudonym}`)),
      el('p', { class: 'review-card__meta', text: `${r.review_name} · ${nation.name} · ${plural(r.members, 'person', 'people')}` }),
      el('dl', {}, rows.map(([k, v]) => [el('dt', { text: k }), el('dd', {}, v)]))));
  }
  page.append(list);
  return page;
}

/** The review form's fields. `full` adds everything the "Change" page offers. */
export function reviewFields(vocab, values = {}, full = false) {
  const nations = vocab ? vocab.nations : [];
  const typeField = (n) => ({
    type: 'radios',
    name: `review_type_${n.id}`,
    errorKey: 'review_type',
    label: `Type of review in ${n.name}`,
    value: values.nation === n.id ? values.review_type : '',
    options: n.review_types.map((t) => ({ value: t.id, label: t.name, hint: t.plain })),
  });
  const fields = [
    {
      type: 'radios',
      name: 'nation',
      label: 'Which nation is the review in?',
      hint: 'The nation decides the review types, the wording and the statutory timescales.',
      value: values.nation,
      options: nations.map((n) => ({ value: n.id, label: n.name, conditional: [typeField(n)] })),
    },
    { type: 'text', name: 'reference', label: 'Reference', hint: 'The partnership’s reference for the review, for example CSPR-2026-03.', value: values.reference, width: 'w20' },
    { type: 'text', name: 'pseudonym', label: 'Pseudonym for the child in the report', hint: 'For example, Child Q.', value: values.pseudonym, width: 'w20' },
    { type: 'text', name: 'body_name', label: 'Commissioning body', hint: 'The safeguarding partnership, board or committee that commissioned the review.', value: values.body_name },
    { type: 'heading', level: 2, label: 'How the family can reach you' },
    { type: 'text', name: 'author_name', label: 'Your name', hint: 'As the family will see it on their information sheet.', value: values.author_name, autocomplete: 'name' },
    { type: 'text', name: 'author_phone', label: 'Your phone number (optional)', value: values.author_phone, width: 'w20', autocomplete: 'tel' },
    { type: 'text', name: 'author_email', label: 'Your email address (optional)', value: values.author_email, autocomplete: 'email' },
    { type: 'text', name: 'author_hours', label: 'When you can be reached (optional)', hint: 'For example, weekdays 9am to 5pm.', value: values.author_hours },
  ];
  if (!full) return fields;
  const keyDates = (vocab ? vocab.key_dates : []).map((k) => ({
    type: 'date', name: `key_dates.${k.value}`, errorKey: k.value, label: k.label,
    hint: 'For example, 14 March 2026. Leave blank if not known.', value: (values.key_dates || {})[k.value] || '',
  }));
  const ch = vocab ? vocab.choices : {};
  return fields.concat([
    { type: 'textarea', name: 'author_address', label: 'Your postal address (optional)', value: values.author_address, rows: 3 },
    { type: 'text', name: 'partnership_contact_name', label: 'Partnership contact (optional)', hint: 'Someone at the partnership the family can contact.', value: values.partnership_contact_name },
    { type: 'text', name: 'partnership_contact_phone', label: 'Partnership contact’s phone (optional)', value: values.partnership_contact_phone, width: 'w20' },
    { type: 'text', name: 'partnership_contact_email', label: 'Partnership contact’s email (optional)', value: values.partnership_contact_email },
    { type: 'text', name: 'panel_chair', label: 'Panel chair (optional)', value: values.panel_chair },
    { type: 'heading', level: 2, label: 'Key dates' },
    ...keyDates,
    { type: 'heading', level: 2, label: 'Why you are involving the family' },
    { type: 'textarea', name: 'purpose_statement', label: 'Purpose of involving the family', hint: 'What the review hopes to learn from the family, and what it cannot do. This is printed in plain words on information sheets.', value: values.purpose_statement },
    { type: 'checkboxes', name: 'purpose_reasons', label: 'Reasons for involving the family', hint: 'Select all that apply.', value: values.purpose_reasons, options: ch.purpose_reasons || [] },
    { type: 'heading', level: 2, label: 'Publication and records' },
    { type: 'radios', name: 'publication', label: 'Will the report be published?', value: values.publication || 'not-decided', options: ch.publication || [] },
    { type: 'textarea', name: 'publication_note', label: 'Notes about publication (optional)', value: values.publication_note, rows: 3 },
    { type: 'checkbox', name: 'media_interest', label: 'There is media interest in this case', value: values.media_interest },
    { type: 'textarea', name: 'media_plan', label: 'Media handling plan (optional)', value: values.media_plan, rows: 3 },
    { type: 'textarea', name: 'complaints', label: 'How the family can complain (optional)', value: values.complaints, rows: 3 },
    { type: 'date', name: 'retention_until', label: 'Keep the records until (optional)', hint: 'For example, 31 March 2033.', value: values.retention_until },
    { type: 'number', name: 'update_cadence_days', label: 'Days between updates to the family', hint: 'Used for anyone without their own agreed frequency. For example, 28.', value: values.update_cadence_days || '28' },
  ]);
}

/** Reads the chosen nation's type radio into `review_type`. */
export function reviewFormArgs(v) {
  const out = { ...v };
  out.review_type = v.nation ? v[`review_type_${v.nation}`] || '' : '';
  for (const k of Object.keys(out)) if (k.startsWith('review_type_')) delete out[k];
  return out;
}

export async function create(_params, ctx) {
  const page = el('div');
  page.append(backLink('#/', 'Back to your reviews'), caption('New review'), el('h1', { text: 'Create a review' }));
  page.append(p('You can add the key dates, the purpose of involvement and the publication plan once the review is created.'));
  const f = form({
    id: 'review',
    submit: 'Create review',
    fields: reviewFields(ctx.vocab),
    secondary: [{ label: 'Cancel', href: '#/' }],
    onSubmit: (v) => call('create_review', { form: reviewFormArgs(v) }),
    onSuccess: (r) => ctx.navigate(`#/review/${r.id}`, { title: `Review ${r.reference} created`, body: 'Next, add the child and the family network.' }),
  });
  page.append(f.node);
  return page;
}
