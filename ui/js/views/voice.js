// The family's voice in one review: the questions they asked and where each stands, the
// lines of enquiry (and which came from the family), what each person told the review and
// how it may be used, the findings and what informed them, the draft shared with them and
// the review's response to each comment, and the involvement summary for the report.

import { call } from '../api.js';
import {
  el, p, form, backLink, caption, table, summaryCard, summaryList, notification, showError,
  warningText, formatDate, plural, linkButton, button, inset,
} from '../components.js';
import { memberName } from '../fields.js';

const PARTS = [
  ['questions', 'Questions'],
  ['lines', 'Lines of enquiry'],
  ['contributions', 'What people told us'],
  ['findings', 'Findings'],
  ['draft', 'Draft sharing'],
  ['summary', 'Involvement summary'],
];

let choiceCache = null;
async function voiceChoices() {
  if (!choiceCache) choiceCache = new Map(await call('voice_choices'));
  return choiceCache;
}

function options(choices, key) {
  return (choices.get(key) || []).map((c) => ({ value: c.value, label: c.label }));
}

function words(choices, key, value) {
  const c = (choices.get(key) || []).find((x) => x.value === value);
  return c ? c.label : value;
}

async function load(rid) {
  const [view, voice, choices] = await Promise.all([
    call('review_view', { key: rid }), call('voice', { review_key: rid }), voiceChoices(),
  ]);
  const names = new Map(view.members.map((m) => [m.id, memberName(m)]));
  const who = (ids) => ids.map((i) => names.get(i) || 'Someone no longer recorded').join(', ');
  return { view, voice, choices, names, who };
}

function header(view, part) {
  const r = view.review;
  return [
    backLink(`#/review/${r.id}`, `${r.reference}: ${r.pseudonym}`),
    caption(`${r.reference}: ${r.pseudonym}`),
    el('h1', { text: 'The family’s voice' }),
    el('nav', { class: 'sub-nav', 'aria-label': 'The family’s voice' },
      el('ul', {}, PARTS.map(([id, label]) => el('li', {},
        el('a', { href: `#/voice/${r.id}/${id}`, 'aria-current': id === part ? 'page' : null, text: label }))))),
  ];
}

function daysSince(today, iso) {
  return Math.round((Date.parse(today) - Date.parse(iso)) / 86400000);
}

export async function show([rid, part = 'questions'], ctx, query) {
  const d = await load(rid);
  const { view, voice, choices, who } = d;
  const page = el('div');
  page.append(...header(view, part));
  const base = `#/voice/${rid}`;

  if (part === 'questions') {
    const filter = query && query.get('status');
    const person = query && query.get('member');
    const qs = voice.questions
      .filter((q) => !filter || (filter === 'waiting' ? voice.waiting.includes(q.id) : q.status.status === filter))
      .filter((q) => !person || q.asked_by.includes(Number(person)));
    const waiting = voice.waiting.length;
    page.append(
      el('h2', { text: 'Questions the family asked' }),
      p(voice.questions.length
        ? `${plural(voice.questions.length, 'question', 'questions')} asked; ${waiting} still waiting for an answer.`
        : 'No questions recorded yet. Record each question in the person’s own words, so you can show it was answered.'),
      linkButton('Record a question', `${base}/questions/new`),
    );
    const filterForm = el('form', { class: 'filter-row', 'aria-label': 'Show questions' },
      el('div', { class: 'form-group' },
        el('label', { class: 'label', for: 'q-status', text: 'Show' }),
        el('select', { class: 'select', id: 'q-status' },
          [['', 'All questions'], ['waiting', 'Still waiting'], ...options(choices, 'question_status').map((o) => [o.value, o.label])]
            .map(([v, l]) => el('option', { value: v, text: l, selected: (filter || '') === v })))),
      el('div', { class: 'form-group' },
        el('label', { class: 'label', for: 'q-member', text: 'Asked by' }),
        el('select', { class: 'select', id: 'q-member' },
          [['', 'Anyone'], ...view.members.map((m) => [String(m.id), memberName(m)])]
            .map(([v, l]) => el('option', { value: v, text: l, selected: (person || '') === v })))),
      el('div', { class: 'form-group' },
        el('button', { type: 'submit', class: 'button button--secondary', text: 'Show questions' })));
    filterForm.addEventListener('submit', (e) => {
      e.preventDefault();
      const q = new URLSearchParams();
      const s = filterForm.querySelector('#q-status').value;
      const m = filterForm.querySelector('#q-member').value;
      if (s) q.set('status', s);
      if (m) q.set('member', m);
      ctx.navigate(`${base}/questions${q.toString() ? `?${q}` : ''}`);
    });
    page.append(filterForm);
    if (qs.length) {
      page.append(table({
        caption: 'Questions',
        head: ['Question', 'Asked by', 'Asked on', 'Where it stands', 'Action'],
        rows: qs.map((q) => {
          const s = q.status;
          let stands = words(choices, 'question_status', s.status);
          if (s.status === 'answered') stands = `Answered on ${formatDate(s.given_on)}: ${s.answer}`;
          if (s.status === 'cannot-be-answered') stands = `Cannot be answered (${s.reason}); told on ${formatDate(s.told_on)}`;
          if (s.status === 'outside-review') stands = `Outside the review: referred to ${s.referred_to}`;
          if (voice.waiting.includes(q.id)) stands = `${stands}, waiting ${plural(daysSince(view.today, q.asked_on), 'day', 'days')}`;
          return [
            { value: q.words, header: true }, who(q.asked_by), formatDate(q.asked_on), stands,
            el('a', { href: `${base}/questions/${q.id}/answer`, text: 'Update' }, el('span', { class: 'visually-hidden', text: ` the question “${q.words}”` })),
          ];
        }),
      }));
    }
  } else if (part === 'lines') {
    const label = voice.lines_heading;
    page.append(el('h2', { text: label }), linkButton('Add a line of enquiry', `${base}/lines/new`));
    if (!voice.lines.length) page.append(p('None recorded yet.'));
    else {
      page.append(table({
        caption: label,
        head: ['Line of enquiry', 'Where it came from', 'Status', 'From the family’s questions'],
        rows: voice.lines.map((l) => [
          { value: l.text, header: true },
          words(choices, 'source', l.source),
          l.status.status === 'dropped' ? `Dropped: ${l.status.reason}` : words(choices, 'line_status', l.status.status),
          l.question_ids.length
            ? voice.questions.filter((q) => l.question_ids.includes(q.id)).map((q) => `“${q.words}” (${who(q.asked_by)})`).join('; ')
            : 'None',
        ]),
      }));
    }
  } else if (part === 'contributions') {
    page.append(el('h2', { text: 'What people told the review' }),
      linkButton('Record what someone told you', `${base}/contributions/new`));
    if (!voice.contributions.length) page.append(p('Nothing recorded yet.'));
    for (const c of voice.contributions) {
      const informed = voice.findings.filter((f) => f.contribution_ids.includes(c.id));
      page.append(summaryCard(`${who([c.member_id])}, ${formatDate(c.date)}`, [], summaryList([
        { key: 'What it is about', value: words(choices, 'kind', c.kind) },
        { key: 'In your words', value: c.summary },
        { key: 'Their own words', value: c.own_words },
        { key: 'How it may be used', value: `${words(choices, 'permission', c.permission)} (agreed ${formatDate(c.permission_agreed_on)})` },
        {
          key: 'Where it went',
          value: informed.length ? informed.map((f) => f.title).join('; ') : (c.not_used_reason ? `Not used: ${c.not_used_reason}` : 'Not linked to a finding yet'),
        },
      ])));
    }
  } else if (part === 'findings') {
    page.append(el('h2', { text: 'Findings and the family knowledge behind them' }),
      linkButton('Add a finding', `${base}/findings/new`));
    if (!voice.findings.length) page.append(p('No findings recorded yet.'));
    for (const f of voice.findings) {
      const from = voice.contributions.filter((c) => f.contribution_ids.includes(c.id));
      page.append(summaryCard(f.title, [], summaryList([
        { key: 'Status', value: words(choices, 'finding_status', f.status) },
        { key: 'The finding', value: f.text },
        { key: 'Lines of enquiry', value: voice.lines.filter((l) => f.line_ids.includes(l.id)).map((l) => l.text).join('; ') || null },
        { key: 'Informed by', value: from.length ? from.map((c) => `${who([c.member_id])}: ${c.summary}`).join('; ') : null },
      ])));
    }
  } else if (part === 'draft') {
    page.append(el('h2', { text: 'The draft shared with the family' }),
      linkButton('Record the draft shared', `${base}/draft/new`));
    if (!voice.sessions.length) page.append(p('The draft has not been shared yet.'));
    for (const s of voice.sessions) {
      const rows = s.comments.map((c) => {
        const r = c.response;
        let response = 'Awaiting the review’s response';
        if (r) {
          const k = r.kind;
          response = k.kind === 'changed' ? `Changed: ${k.how}` : k.kind === 'factual-correction' ? `Corrected: ${k.what}` : `Not changed: ${k.why}`;
          response += r.told_on ? `; told on ${formatDate(r.told_on)}` : '; the person has not been told yet';
        }
        return [{ value: c.part, header: true }, c.said, response,
          el('a', { href: `${base}/comments/${c.id}/respond`, text: 'Respond' }, el('span', { class: 'visually-hidden', text: ` to the comment on ${c.part}` }))];
      });
      page.append(summaryCard(`${who(s.member_ids)}: ${s.draft_version}, ${formatDate(s.date)}`,
        [{ label: 'Record a comment', href: `${base}/draft/${s.id}/comment` }],
        [summaryList([
          { key: 'How they saw it', value: words(choices, 'mode', s.mode) },
          { key: 'Who supported them', value: s.supporter },
          { key: 'Days to read it', value: s.reading_time_days ? String(s.reading_time_days) : null },
          { key: 'Comments due by', value: s.comments_due ? formatDate(s.comments_due) : null },
        ]), rows.length ? table({ caption: 'Comments and the review’s response', head: ['Part of the draft', 'What they said', 'Response', 'Action'], rows }) : p('No comments recorded.')]));
    }
  } else if (part === 'summary') {
    await summaryPart(page, rid, ctx);
  }
  return page;
}

async function summaryPart(page, rid, ctx) {
  const s = await call('involvement_summary', { review_key: rid, lang: null });
  page.append(el('h2', { text: 'Involvement summary for the report' }),
    p('Drafted from what you have recorded, never from guesses. People appear only by the description recorded for the report. Edit it here; your edit is kept with the records it was made from.'));
  if (s.wording_draft) page.append(warningText('This wording is a draft that a qualified speaker has not checked yet.'));
  if (s.out_of_date) {
    page.append(warningText('Newer records have been made since you edited this summary. Look at it again, or start again from the records.'));
  }
  if (s.nothing_yet) page.append(inset('There is nothing to summarise yet: record a contact, a question or what someone told the review first.'));
  if (s.names_found.length) page.append(warningText(`The summary names ${s.names_found.join(', ')}. The report must name nobody: change the text or the record before saving it.`));
  const f = form({
    id: 'summary',
    submit: 'Keep my edit',
    fields: [{ type: 'textarea', name: 'text', label: 'The summary', hint: 'Headings start with ##, list items with -.', value: s.text, rows: 24 }],
    secondary: s.saved ? [{ label: 'Start again from the records', onClick: async () => { await call('redraft_summary', { review_key: rid }); ctx.navigate(`#/voice/${rid}/summary`, { title: 'The summary follows the records again' }); } }] : [],
    onSubmit: (v) => call('save_summary_text', { review_key: rid, lang: null, text: v.text }),
    onSuccess: () => ctx.navigate(`#/voice/${rid}/summary`, { title: 'Your edit was kept' }),
  });
  const status = el('div', { role: 'status' });
  const save = (format, label) => button(label, async () => {
    status.replaceChildren();
    try {
      const saved = await call('save_summary_file', { review_key: rid, lang: null, format });
      if (saved) status.append(notification('Summary saved', saved.path));
    } catch (err) {
      showError(status, err);
    }
  }, 'button--secondary');
  const from = el('aside', { class: 'summary-sources', 'aria-labelledby': 'summary-sources-title' },
    el('h3', { id: 'summary-sources-title', text: 'What it is made from' }),
    summaryList(s.sources.map((src) => ({
      key: src.label,
      value: el('a', { href: src.part ? `#/voice/${rid}/${src.part}` : `#/review/${rid}/contacts` }, src.detail),
    }))));
  page.append(el('div', { class: 'summary-layout' }, el('div', { class: 'summary-layout__text' }, f.node), from),
    el('h3', { text: 'Save it for the report' }),
    el('div', { class: 'button-row' }, save('docx', 'Save as Word'), save('md', 'Save as Markdown'), save('pdf', 'Save as PDF')),
    status);
}

function formPage(view, back, title, intro, f) {
  const page = el('div');
  page.append(backLink(back), caption(`${view.review.reference}: ${view.review.pseudonym}`), el('h1', { text: title }));
  if (intro) page.append(...[].concat(intro));
  page.append(f.node);
  return page;
}

const peopleOptions = (view) => view.members.map((m) => ({ value: m.id, label: memberName(m) }));
const contactOptions = (view, names) => (view.contacts || [])
  .map((c) => ({ value: c.id, label: `${formatDate(c.date)}, ${names.get(c.member_id) || ''}` }));

/** The forms that add a record: questions, lines, contributions, findings, draft sessions. */
export async function add([rid, kind], ctx, query) {
  const { view, voice, choices, names } = await load(rid);
  const back = `#/voice/${rid}/${kind}`;
  const pre = (k) => (query && query.get(k)) || '';
  // Recorded from a contact: it was said that day.
  const fromContact = (view.contacts || []).find((c) => String(c.id) === pre('contact'));
  const said = fromContact ? fromContact.date : view.today;
  const specs = {
    questions: {
      title: 'Record a question',
      fields: [
        { type: 'checkboxes', name: 'asked_by', cast: 'int', label: 'Who asked', hint: 'Choose more than one only if they asked it together.', options: peopleOptions(view), value: pre('member') ? [pre('member')] : [] },
        { type: 'date', name: 'asked_on', label: 'Date asked', hint: 'For example, 14 March 2026.', value: said },
        { type: 'textarea', name: 'words', label: 'The question, in their words', rows: 3 },
        { type: 'select', name: 'contact_id', cast: 'int', label: 'The contact or visit it was asked at (optional)', placeholder: 'None', options: contactOptions(view, names), value: pre('contact') },
        { type: 'checkboxes', name: 'line_ids', cast: 'int', label: 'Lines of enquiry it belongs to (optional)', options: voice.lines.map((l) => ({ value: l.id, label: l.text })) },
      ],
      call: (v) => call('add_question', { review_key: rid, form: v }),
      done: 'Question recorded',
    },
    lines: {
      title: 'Add a line of enquiry',
      fields: [
        { type: 'textarea', name: 'text', label: 'Line of enquiry', rows: 2 },
        { type: 'radios', name: 'source', label: 'Where it came from', options: options(choices, 'source') },
        { type: 'checkboxes', name: 'question_ids', cast: 'int', label: 'The family question it came from', hint: 'Needed when it came from a family member’s question: it shows the family shaped the review.', options: voice.questions.map((q) => ({ value: q.id, label: q.words })) },
        { type: 'date', name: 'added_on', label: 'Date added', hint: 'For example, 14 March 2026.', value: view.today },
      ],
      call: (v) => call('add_line', { review_key: rid, form: v }),
      done: 'Line of enquiry added',
    },
    contributions: {
      title: 'Record what someone told you',
      fields: [
        { type: 'radios', name: 'member_id', cast: 'int', label: 'Who told you', options: peopleOptions(view), value: pre('member') },
        { type: 'date', name: 'date', label: 'Date', hint: 'For example, 14 March 2026.', value: said },
        { type: 'select', name: 'contact_id', cast: 'int', label: 'The contact or visit it came from (optional)', placeholder: 'None', options: contactOptions(view, names), value: pre('contact') },
        { type: 'radios', name: 'kind', label: 'What it is about', options: options(choices, 'kind') },
        { type: 'textarea', name: 'summary', label: 'Summary, in your words', rows: 4 },
        { type: 'radios', name: 'permission', label: 'How it may be used', hint: 'As agreed with the person.', options: options(choices, 'permission') },
        { type: 'textarea', name: 'own_words', label: 'Their own words (optional)', hint: 'Only where they agreed to be quoted.', rows: 3 },
        { type: 'date', name: 'permission_agreed_on', label: 'Date the use was agreed', hint: 'For example, 14 March 2026.', value: view.today },
        { type: 'checkboxes', name: 'line_ids', cast: 'int', label: 'Lines of enquiry it speaks to (optional)', options: voice.lines.map((l) => ({ value: l.id, label: l.text })) },
      ],
      call: (v) => {
        const { member_id: memberId, ...form } = v;
        if (!memberId) throw { code: 'invalid', message: 'Choose who told you', fields: [{ field: 'member_id', message: 'Choose who told you' }] };
        return call('add_contribution', { member_id: memberId, form });
      },
      done: 'Recorded',
    },
    findings: {
      title: 'Add a finding',
      fields: [
        { type: 'text', name: 'title', label: 'Title' },
        { type: 'textarea', name: 'text', label: 'The finding', rows: 5 },
        { type: 'radios', name: 'status', label: 'Status', options: options(choices, 'finding_status'), value: 'draft' },
        { type: 'checkboxes', name: 'line_ids', cast: 'int', label: 'Lines of enquiry (optional)', options: voice.lines.map((l) => ({ value: l.id, label: l.text })) },
        {
          type: 'checkboxes', name: 'contribution_ids', cast: 'int', label: 'What the family said that informed it (optional)',
          options: voice.contributions.filter((c) => voice.may_inform.includes(c.id)).map((c) => ({ value: c.id, label: `${names.get(c.member_id)}: ${c.summary}` })),
        },
      ],
      call: (v) => call('add_finding', { review_key: rid, form: v }),
      done: 'Finding added',
    },
    draft: {
      title: 'Record the draft shared',
      fields: [
        { type: 'checkboxes', name: 'member_ids', cast: 'int', label: 'Who saw the draft', hint: 'Choose more than one only if they saw it together.', options: peopleOptions(view) },
        { type: 'text', name: 'draft_version', label: 'Which draft', hint: 'For example, the second draft.' },
        { type: 'date', name: 'date', label: 'Date shared', hint: 'For example, 14 March 2026.', value: view.today },
        { type: 'radios', name: 'mode', label: 'How they saw it', options: options(choices, 'mode') },
        { type: 'text', name: 'supporter', label: 'Who supported them (optional)' },
        { type: 'text', name: 'interpreter_language', label: 'Interpreter’s language (optional)', width: 'w20' },
        { type: 'text', name: 'reading_time_days', label: 'Days they had to read it (optional)', width: 'w5' },
        { type: 'date', name: 'comments_due', label: 'Deadline for comments (optional)', hint: 'For example, 28 March 2026.' },
      ],
      call: (v) => call('share_draft', { review_key: rid, form: v }),
      done: 'Draft sharing recorded',
    },
  };
  const spec = specs[kind];
  if (!spec) return formPage(view, `#/voice/${rid}`, 'Not found', p('There is no such form.'), { node: el('div') });
  const f = form({
    id: `voice-${kind}`,
    submit: 'Save',
    fields: spec.fields,
    secondary: [{ label: 'Cancel', href: back }],
    onSubmit: spec.call,
    onSuccess: () => ctx.navigate(back, { title: spec.done }),
  });
  return formPage(view, back, spec.title, null, f);
}

export async function answer([rid, qid], ctx) {
  const { view, voice, choices } = await load(rid);
  const q = voice.questions.find((x) => x.id === Number(qid));
  const back = `#/voice/${rid}/questions`;
  if (!q) return formPage(view, back, 'Not found', p('This question is not recorded.'), { node: el('div') });
  const s = q.status;
  const f = form({
    id: 'answer',
    submit: 'Save',
    fields: [{
      type: 'radios', name: 'status', label: 'Where the question stands', value: s.status,
      options: options(choices, 'question_status').map((o) => ({
        ...o,
        conditional: {
          answered: [
            { type: 'textarea', name: 'answer', label: 'The answer', rows: 4, value: s.answer },
            { type: 'radios', name: 'how', label: 'How the answer was given', options: options(choices, 'how'), value: s.how },
            { type: 'date', name: 'given_on', label: 'Date the answer was given', hint: 'For example, 14 March 2026.', value: s.given_on || view.today },
            { type: 'text', name: 'given_by', label: 'Who gave the answer', value: s.given_by || view.review.author.name },
          ],
          'cannot-be-answered': [
            { type: 'textarea', name: 'reason', label: 'Why it cannot be answered', rows: 3, value: s.reason },
            { type: 'date', name: 'told_on', id: 'told_on_cannot', label: 'Date the person was told', hint: 'For example, 14 March 2026.', value: s.told_on },
          ],
          'outside-review': [
            { type: 'text', name: 'referred_to', label: 'Where it was referred', value: s.referred_to },
            { type: 'date', name: 'told_on', id: 'told_on_outside', label: 'Date the person was told (optional)', hint: 'For example, 14 March 2026.', value: s.told_on },
          ],
        }[o.value],
      })),
    }],
    secondary: [{ label: 'Cancel', href: back }],
    onSubmit: (v) => call('answer_question', { id: q.id, form: v }),
    onSuccess: () => ctx.navigate(back, { title: 'Question updated' }),
  });
  return formPage(view, back, 'Update a question', [el('p', { class: 'body' }, el('strong', { text: `“${q.words}”` }))], f);
}

export async function comment([rid, sid], ctx) {
  const { view } = await load(rid);
  const back = `#/voice/${rid}/draft`;
  const f = form({
    id: 'comment',
    submit: 'Save',
    fields: [
      { type: 'text', name: 'part', label: 'Which part of the draft', hint: 'For example, section 3, paragraph 2.' },
      { type: 'textarea', name: 'said', label: 'What they said', rows: 4 },
    ],
    secondary: [{ label: 'Cancel', href: back }],
    onSubmit: (v) => call('add_comment', { session_id: Number(sid), form: v }),
    onSuccess: () => ctx.navigate(back, { title: 'Comment recorded' }),
  });
  return formPage(view, back, 'Record a comment on the draft', null, f);
}

export async function respond([rid, cid], ctx) {
  const { view, voice, choices } = await load(rid);
  const c = voice.sessions.flatMap((s) => s.comments).find((x) => x.id === Number(cid));
  const back = `#/voice/${rid}/draft`;
  if (!c) return formPage(view, back, 'Not found', p('This comment is not recorded.'), { node: el('div') });
  const f = form({
    id: 'respond',
    submit: 'Save',
    fields: [
      { type: 'radios', name: 'response', label: 'What the review did', options: options(choices, 'response') },
      { type: 'textarea', name: 'detail', label: 'What changed, or why not', rows: 3 },
      { type: 'date', name: 'decided_on', label: 'Date decided', hint: 'For example, 14 March 2026.', value: view.today },
      { type: 'date', name: 'told_on', label: 'Date the person was told (optional)', hint: 'Until they are told, the comment still awaits a response.' },
    ],
    secondary: [{ label: 'Cancel', href: back }],
    onSubmit: (v) => call('respond_to_comment', { comment_id: c.id, form: v }),
    onSuccess: () => ctx.navigate(back, { title: 'Response recorded' }),
  });
  return formPage(view, back, 'Respond to a comment', [summaryList([{ key: 'Part of the draft', value: c.part }, { key: 'What they said', value: c.said }])], f);
}
