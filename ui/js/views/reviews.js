// The reviews dashboard and "Create a review".

import { call } from '../api.js';
import { dueTable, dueCounts } from './due.js';
import {
  el, p, tag, dueTag, formatDate, plural, count, linkButton, form, backLink, caption, pagination, notification,
} from '../components.js';

function deadlineNode(d) {
  if (!d) return el('span', { class: 'secondary-text', text: 'None recorded' });
  return el('span', {}, `${d.label}: ${formatDate(d.due)} `, dueTag(d.state), d.verify ? el('span', { class: 'small secondary-text', text: ' (check against current guidance)' }) : null);
}

function peopleLinks(list, render) {
  if (!list.length) return el('span', { class: 'secondary-text', text: 'None' });
  return el('ul', { class: 'plain' }, list.map((x) => el('li', {}, render(x))));
}

/** The dashboard's search and filters, read from the address (#/?q=…&nation=…). */
function readQuery(query) {
  const q = query || new URLSearchParams();
  const page = Number.parseInt(q.get('page') || '1', 10);
  return {
    query: q.get('q') || '',
    nation: q.get('nation') || '',
    phase: q.get('phase') || '',
    attention: q.get('attention') === '1',
    closed: q.get('closed') === '1',
    page: Number.isFinite(page) && page > 0 ? page : 1,
  };
}

/** The address of the dashboard with these search and filters. */
function dashboardHref(o) {
  const q = new URLSearchParams();
  if (o.query) q.set('q', o.query);
  if (o.nation) q.set('nation', o.nation);
  if (o.phase !== '' && o.phase != null) q.set('phase', o.phase);
  if (o.attention) q.set('attention', '1');
  if (o.closed) q.set('closed', '1');
  if (o.page && o.page > 1) q.set('page', String(o.page));
  const s = q.toString();
  return s ? `#/?${s}` : '#/';
}

function reviewCard(r, ctx) {
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
  rows.push(['Awaiting clearance', peopleLinks(r.awaiting_clearance, (x) => el('span', {},
    el('a', { href: `#/person/${x.id}`, text: x.name }), ' ', tag('Do not contact yet', 'red')))]);
  if (r.questions_waiting) {
    rows.push(['Family questions waiting', el('a', { href: `#/voice/${r.id}/questions?status=waiting` },
      `${plural(r.questions_waiting, 'question', 'questions')}, the oldest for ${plural(r.oldest_question_days, 'day', 'days')}`)]);
  }
  if (r.comments_awaiting) {
    rows.push(['Draft comments awaiting a response', el('a', { href: `#/voice/${r.id}/draft` }, plural(r.comments_awaiting, 'comment', 'comments'))]);
  }
  if (r.draft_not_shared.length) {
    rows.push(['Asked to see the draft, not shown it yet', peopleLinks(r.draft_not_shared, (x) =>
      el('a', { href: `#/person/${x.id}`, text: x.name }))]);
  }
  if (r.retention_overdue) rows.push(['Retention', tag('Past its retention date', 'red')]);
  return el('li', { class: `review-card${r.needs_attention ? ' review-card--attention' : ''}` },
    el('h3', {}, el('a', { href: `#/review/${r.id}` }, `${r.reference}: ${r.pseudonym}`),
      r.needs_attention ? el('span', {}, ' ', tag('Needs attention', 'orange')) : null),
    el('p', { class: 'review-card__meta', text: `${r.review_name} · ${nation.name} · ${plural(r.members, 'person', 'people')}` }),
    el('dl', {}, rows.map(([k, v]) => [el('dt', { text: k }), el('dd', {}, v)])));
}

/** The search box and the filters (a GET-like form: it changes the address). */
function searchForm(o, ctx) {
  const nations = ctx.vocab ? ctx.vocab.nations : [];
  const phases = ctx.vocab ? ctx.vocab.phases : [];
  const input = el('input', { class: 'input input--w20', id: 'find-q', name: 'q', type: 'search', autocomplete: 'off', spellcheck: 'false', 'aria-describedby': 'find-q-hint' });
  input.value = o.query;
  const nation = el('select', { class: 'select', id: 'find-nation', name: 'nation' },
    el('option', { value: '', text: 'All nations' }),
    nations.map((n) => el('option', { value: n.id, text: n.name, selected: n.id === o.nation })));
  const phase = el('select', { class: 'select', id: 'find-phase', name: 'phase' },
    el('option', { value: '', text: 'Any phase' }),
    phases.map((ph) => el('option', { value: String(ph.number), text: `${ph.number} – ${ph.label}`, selected: String(ph.number) === o.phase })));
  const attention = el('input', { class: 'checkboxes__input', id: 'find-attention', name: 'attention', type: 'checkbox', checked: o.attention });
  const f = el('form', { class: 'find-reviews', role: 'search', 'aria-label': 'Find a review', novalidate: true },
    el('div', { class: 'form-group' },
      el('label', { class: 'label', for: 'find-q', text: 'Search by reference or pseudonym' }),
      el('div', { class: 'hint', id: 'find-q-hint', text: 'For example, CSPR-2026 or Child Q.' }),
      input),
    el('div', { class: 'find-reviews__filters' },
      el('div', { class: 'form-group' }, el('label', { class: 'label', for: 'find-nation', text: 'Nation' }), nation),
      el('div', { class: 'form-group' }, el('label', { class: 'label', for: 'find-phase', text: 'Phase' }), phase)),
    el('div', { class: 'form-group' }, el('div', { class: 'checkboxes' }, el('div', { class: 'checkboxes__item' },
      attention, el('label', { class: 'label checkboxes__label', for: 'find-attention', text: 'Only reviews that need attention' })))),
    el('div', { class: 'button-group' },
      el('button', { type: 'submit', class: 'button', text: 'Search' }),
      (o.query || o.nation || o.phase || o.attention)
        ? el('a', { class: 'link', href: dashboardHref({ closed: o.closed }), text: 'Clear the search and filters' }) : null));
  f.addEventListener('submit', (e) => {
    e.preventDefault();
    ctx.navigate(dashboardHref({
      query: input.value.trim(), nation: nation.value, phase: phase.value, attention: attention.checked, closed: o.closed, page: 1,
    }));
  });
  return f;
}

/** "Reviews 26 to 50 of 1,750": what the list below shows. */
function showing(data, o) {
  const what = o.closed ? 'closed reviews' : 'reviews';
  if (!data.matching) {
    return (o.query || o.nation || o.phase || o.attention)
      ? `No ${what} match your search.` : `You have no ${what}.`;
  }
  const first = (data.page - 1) * data.per_page + 1;
  const last = first + data.reviews.length - 1;
  const n = count(data.matching);
  return data.pages > 1
    ? `Showing ${what} ${count(first)} to ${count(last)} of ${n}.`
    : `Showing ${plural(data.matching, o.closed ? 'closed review' : 'review', what)}.`;
}

export async function dashboard(_params, ctx, query) {
  const o = readQuery(query);
  // The three answers at once: the page waits for the slowest, not for each in turn.
  const request = { query: o.query, nation: o.nation, phase: o.phase, attention: o.attention, closed: o.closed, page: o.page };
  const [data, status, soon] = await Promise.all([
    call('dashboard', { request }),
    // The automatic backup runs in the background after unlocking; a failure is said here.
    o.closed ? null : call('status'),
    // The soonest few only: the whole list is a page of its own.
    o.closed ? null : call('due', { days: 14, review_key: null, limit: 10 }),
  ]);
  const page = el('div');
  if (o.closed) {
    page.append(backLink('#/', 'Back to the reviews being worked on'), el('h1', { text: 'Closed reviews' }));
    page.append(p('Reviews in their last phase (feedback and close), or past their retention date and kept only until they are destroyed.'));
    if (data.closed_past_retention) {
      page.append(p(`${plural(data.closed_past_retention, 'closed review is', 'closed reviews are')} past the retention date. Destroy them from Settings when the retention agreement says so.`));
    }
  } else {
    page.append(el('h1', { text: 'Your reviews' }));
    if (status.backup_problem) {
      page.append(notification('Today’s automatic backup could not be made',
        `${status.backup_problem}. Make a backup from Settings, and check there is space for it.`, false));
    }
    page.append(linkButton('Create a review', '#/reviews/new', 'button--start'));
    if (!data.total) {
      page.append(p('You have no reviews yet. Create one to start planning how you will involve the family.'));
      return page;
    }
    page.append(p(`Today is ${formatDate(data.today)}. ${plural(data.open, 'review', 'reviews')} being worked on.`, 'body secondary-text'));
    const all = soon.items.length + soon.more;
    page.append(el('section', { class: 'due', 'aria-labelledby': 'due-title' },
      el('h2', { id: 'due-title', text: 'Due in the next 14 days' }),
      el('p', { class: 'due__counts', role: 'status', text: dueCounts(soon) }),
      dueTable(soon, { caption: soon.more ? `The first ${soon.items.length} of ${count(all)}: overdue, and due in the next 14 days` : 'Overdue, and due in the next 14 days' }),
      p(el('a', { href: '#/due' }, soon.more ? `All ${count(all)} overdue or due in the next 14 days, and everything due later` : 'Everything due, however far ahead'))));
  }
  page.append(el('h2', { text: o.closed ? 'Find a closed review' : 'Find a review' }), searchForm(o, ctx));
  page.append(el('h2', { id: 'reviews-title', text: o.closed ? 'Each closed review' : 'Each review' }));
  page.append(el('p', { class: 'body', role: 'status', id: 'reviews-showing' }, showing(data, o),
    !o.closed && data.needing_attention && !o.attention ? ` ${plural(data.needing_attention, 'needs', 'need')} attention and ${data.needing_attention === 1 ? 'comes' : 'come'} first.` : ''));
  if (data.reviews.length) {
    page.append(el('ul', { class: 'review-cards', 'aria-labelledby': 'reviews-title' }, data.reviews.map((r) => reviewCard(r, ctx))));
  }
  const nav = pagination(data, (n) => dashboardHref({ ...o, page: n }), 'Pages of reviews');
  if (nav) page.append(nav);
  if (!o.closed && data.closed) {
    page.append(el('details', { class: 'details closed-reviews' },
      el('summary', { text: plural(data.closed, 'closed review', 'closed reviews') }),
      el('div', { class: 'details__text' },
        p(`Reviews in their last phase, or past their retention date, are kept out of the list above.${data.closed_past_retention ? ` ${plural(data.closed_past_retention, 'of them is', 'of them are')} past the retention date.` : ''}`),
        p(el('a', { href: dashboardHref({ closed: true }) }, `Show the ${plural(data.closed, 'closed review', 'closed reviews')}`)))));
  }
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
    { type: 'text', name: 'reference', label: 'Reference', hint: 'The commissioning body’s reference for the review, for example CSPR-2026-03.', value: values.reference, width: 'w20' },
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
    { type: 'text', name: 'partnership_contact_name', label: 'Contact at the commissioning body (optional)', hint: 'Someone there the family can contact.', value: values.partnership_contact_name },
    { type: 'text', name: 'partnership_contact_phone', label: 'Their phone number (optional)', value: values.partnership_contact_phone, width: 'w20' },
    { type: 'text', name: 'partnership_contact_email', label: 'Their email address (optional)', value: values.partnership_contact_email },
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
  ]).concat(values.nation === 'wales' ? [
    { type: 'heading', level: 2, label: 'In Welsh' },
    { type: 'text', name: 'body_name_cy', label: 'Commissioning body in Welsh (optional)', hint: 'Printed on the Welsh part of documents. Without it, the Welsh part names the regional safeguarding board in general words.', value: values.body_name_cy },
    { type: 'text', name: 'author_hours_cy', label: 'When you can be reached, in Welsh (optional)', hint: 'For example, Dydd Llun i ddydd Gwener, 9am tan 5pm. Without it, the Welsh part leaves your hours out.', value: values.author_hours_cy },
    { type: 'textarea', name: 'purpose_statement_cy', label: 'Purpose of involving the family, in Welsh (optional)', value: values.purpose_statement_cy, rows: 3 },
    { type: 'textarea', name: 'complaints_cy', label: 'How the family can complain, in Welsh (optional)', value: values.complaints_cy, rows: 3 },
  ] : []);
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
