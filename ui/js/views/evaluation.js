// #/evaluation: how families answered the feedback forms across reviews (issue 15). The
// sums are the core's (`kindred evaluation --json` gives the same); this page draws them.
// Each chart is an SVG with role="img", a <title> and a <desc> that says every value in
// words, and the same figures are in a real table beside it. No chart library, no network.
// The author sees full counts here (their own data); the files for the partnership (the
// anonymised CSV and the PDF report) hide counts under five.

import { call } from '../api.js';
import {
  el, p, form, formatDate, plural, table, button, notification, showError, warningText,
} from '../components.js';

const SVG = 'http://www.w3.org/2000/svg';

function svg(tag, attrs = {}, ...children) {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined) continue;
    if (k === 'text') node.textContent = String(v);
    else node.setAttribute(k, String(v));
  }
  for (const c of children.flat()) if (c) node.appendChild(c);
  return node;
}

// The four answers, in the forms' order, with colours from the GOV.UK palette. Colour is
// never the only cue: every segment is named in the chart's description and the table.
const ANSWERS = [
  { key: 'yes', label: 'Yes', colour: '#00703c' },
  { key: 'partly', label: 'Partly', colour: '#1d70b8' },
  { key: 'no', label: 'No', colour: '#d4351c' },
  { key: 'not_sure', label: 'Not sure', colour: '#505a5f' },
];

/** A label short enough for the chart's left column; the table beside it has it whole. */
function clip(s) {
  return s.length > 38 ? `${s.slice(0, 36)}…` : s;
}

function pct(n) {
  return n === null || n === undefined ? 'no answers' : `${n}%`;
}

/** "12 of 20 yes (60%), 4 partly, 3 no, 1 not sure" */
function inWords(t) {
  const total = t.yes + t.partly + t.no + t.not_sure;
  if (!total) return 'no answers yet';
  return `${plural(total, 'answer', 'answers')}: ${t.yes} yes (${Math.round((t.yes * 100) / total)}%), ${t.partly} partly, ${t.no} no, ${t.not_sure} not sure`;
}

let chartCounter = 0;

/** A horizontal 100% stacked bar chart: one bar per row, split by answer. */
function stackedChart(title, rows) {
  const id = `chart-${++chartCounter}`;
  const labelW = 290;
  const barW = 400;
  const rowH = 34;
  const top = 34;
  const height = top + rows.length * rowH + 8;
  const width = labelW + barW + 10;
  const desc = rows.map((r) => `${r.label}: ${inWords(r.tally)}.`).join(' ');
  const chart = svg('svg', {
    class: 'chart', role: 'img', viewBox: `0 0 ${width} ${height}`, width: '100%',
    'aria-labelledby': `${id}-title ${id}-desc`, focusable: 'false',
  },
  svg('title', { id: `${id}-title`, text: title }),
  svg('desc', { id: `${id}-desc`, text: desc }));
  // The legend.
  let lx = labelW;
  for (const a of ANSWERS) {
    chart.append(svg('rect', { x: lx, y: 6, width: 14, height: 14, fill: a.colour }),
      svg('text', { x: lx + 19, y: 18, class: 'chart__text', text: a.label }));
    lx += 100;
  }
  rows.forEach((r, i) => {
    const y = top + i * rowH;
    const total = r.tally.yes + r.tally.partly + r.tally.no + r.tally.not_sure;
    chart.append(svg('text', { x: 0, y: y + 19, class: 'chart__text', text: r.short || r.label }));
    chart.append(svg('rect', { x: labelW, y: y + 4, width: barW, height: 22, fill: '#f3f2f1' }));
    let x = labelW;
    for (const a of ANSWERS) {
      const n = r.tally[a.key];
      if (!total || !n) continue;
      const w = (n / total) * barW;
      chart.append(svg('rect', { x, y: y + 4, width: w, height: 22, fill: a.colour, stroke: '#ffffff', 'stroke-width': 1 }));
      x += w;
    }
  });
  return chart;
}

/** Grouped vertical bars: forms sent and returned in each period. */
function periodsChart(title, periods) {
  const id = `chart-${++chartCounter}`;
  const most = Math.max(1, ...periods.map((q) => Math.max(q.sent, q.returned)));
  const slot = 64;
  const plotH = 160;
  const top = 30;
  const width = Math.max(300, periods.length * slot + 20);
  const height = top + plotH + 46;
  const desc = periods.map((q) => `${q.label}: ${q.sent} sent, ${q.returned} returned${q.response_rate === null ? '' : ` (${q.response_rate}%)`}.`).join(' ');
  const chart = svg('svg', {
    class: 'chart', role: 'img', viewBox: `0 0 ${width} ${height}`, width: '100%',
    'aria-labelledby': `${id}-title ${id}-desc`, focusable: 'false',
  },
  svg('title', { id: `${id}-title`, text: title }),
  svg('desc', { id: `${id}-desc`, text: desc }),
  svg('rect', { x: 10, y: 6, width: 14, height: 14, fill: '#505a5f' }),
  svg('text', { x: 29, y: 18, class: 'chart__text', text: 'Sent' }),
  svg('rect', { x: 90, y: 6, width: 14, height: 14, fill: '#00703c' }),
  svg('text', { x: 109, y: 18, class: 'chart__text', text: 'Returned' }),
  svg('line', { x1: 10, y1: top + plotH, x2: width - 10, y2: top + plotH, stroke: '#0b0c0c' }));
  periods.forEach((q, i) => {
    const x = 14 + i * slot;
    for (const [j, n, colour] of [[0, q.sent, '#505a5f'], [1, q.returned, '#00703c']]) {
      const h = (n / most) * plotH;
      chart.append(svg('rect', { x: x + j * 24, y: top + plotH - h, width: 22, height: h, fill: colour }));
    }
    // "Jan–Mar 26" under each pair; the table has the full words.
    const short = q.label.replace(/^(\w{3})\w* to (\w{3})\w* (\d{2})(\d{2})$/, '$1–$2 $4');
    chart.append(svg('text', { x, y: top + plotH + 18, class: 'chart__text chart__text--small', text: short }));
  });
  return chart;
}

function figure(chart, tableNode) {
  return el('div', { class: 'chart-figure' }, chart, tableNode);
}

function numeric(v) {
  return { value: String(v), numeric: true };
}

const head = (first) => [first, ...ANSWERS.map((a) => ({ label: a.label, numeric: true })),
  { label: 'Answers', numeric: true }, { label: 'Yes', numeric: true }];

function answersRow(label, t, answered, yes) {
  return [{ header: true, value: label }, numeric(t.yes), numeric(t.partly), numeric(t.no), numeric(t.not_sure),
    numeric(answered), { value: pct(yes), numeric: true }];
}

/** The choices: nation, dates and quarter or year, read by the core (its messages). */
function choices(current, ctx, vocab) {
  const nations = (vocab && vocab.nations) || [];
  return form({
    id: 'evaluation-form',
    submit: 'Show',
    fields: [
      { name: 'nation', label: 'Nation', type: 'select', value: current.nation || '', placeholder: 'All four nations',
        options: nations.map((n) => ({ value: n.id, label: n.name })) },
      { name: 'from', label: 'From', value: current.from || '', hint: 'Feedback received and forms sent on or after this day, for example 1/4/2026. Leave blank for all.' },
      { name: 'to', label: 'To', value: current.to || '', hint: 'On or before this day, for example 31 March 2027.' },
      { type: 'radios', name: 'by', label: 'Show change over time by', value: current.by || 'quarter', inline: true,
        options: [{ value: 'quarter', label: 'Quarter' }, { value: 'year', label: 'Year' }] },
    ],
    // The core checks the choices first, so a mistake is shown on the field.
    onSubmit: async (v) => {
      await call('evaluation', { form: v });
      return v;
    },
    onSuccess: (v) => {
      const q = new URLSearchParams();
      for (const k of ['nation', 'from', 'to', 'by']) if (v[k]) q.set(k, v[k]);
      ctx.navigate(`#/evaluation${q.toString() ? `?${q}` : ''}`);
    },
  });
}

function filesSection(current) {
  const refs = el('input', { class: 'checkboxes__input', id: 'evaluation-references', type: 'checkbox', 'aria-describedby': 'evaluation-references-hint' });
  const status = el('div', { role: 'status' });
  // A report on Wales alone comes in English and Welsh; the author may put Welsh first.
  const wales = current.nation === 'wales';
  const order = wales ? el('select', { class: 'select', id: 'evaluation-language' },
    el('option', { value: 'both', text: 'English and Welsh (English first)' }),
    el('option', { value: 'cy-first', text: 'Welsh and English (Welsh first)' }),
    el('option', { value: 'en', text: 'English only' }),
    el('option', { value: 'cy', text: 'Welsh only' })) : null;
  const run = (cmd, args, what) => async () => {
    status.replaceChildren();
    try {
      const form = order && cmd === 'save_evaluation_pdf' ? { ...current, language: order.value } : current;
      const saved = await call(cmd, { form, ...args });
      if (saved) {
        status.append(notification(`${what} saved`, cmd === 'save_evaluation_pdf'
          ? `${saved.path}: ${plural(saved.size, 'page', 'pages')}; ${plural(saved.suppressed, 'count', 'counts')} not shown, to keep families unrecognisable.`
          : `${saved.path}: ${plural(saved.size, 'row', 'rows')}; ${plural(saved.suppressed, 'cell', 'cells')} written “<5” or withheld.`));
        status.append(...(saved.warnings || []).map((w) => warningText(w)));
      }
    } catch (err) {
      showError(status, err);
    }
  };
  return el('section', { 'aria-labelledby': 'evaluation-files' },
    el('h2', { id: 'evaluation-files', text: 'Share with your partnership' }),
    p('Both files are anonymous: answers only, counted, with no names and no addresses. Any count of fewer than five people is written “<5”, and a second count beside it is withheld where the small one could be worked out from a total. Families’ own words are not included, because Kindred does not record their agreement to share them.'),
    el('div', { class: 'form-group' }, el('div', { class: 'checkboxes' }, el('div', { class: 'checkboxes__item' }, refs,
      el('label', { class: 'label checkboxes__label', for: 'evaluation-references', text: 'Add each review’s reference to the spreadsheet' }),
      el('div', { id: 'evaluation-references-hint', class: 'hint checkboxes__hint', text: 'Adds the forms sent and returned for each review. Leave this off unless your partnership needs it.' })))),
    order ? el('div', { class: 'form-group' },
      el('label', { class: 'label', for: 'evaluation-language', text: 'Language of the report' }), order) : null,
    el('div', { class: 'button-row' },
      button('Save the spreadsheet (CSV)', async () => run('save_evaluation_csv', { with_references: refs.checked }, 'Spreadsheet')(), 'button--secondary'),
      button('Save the report (PDF)', run('save_evaluation_pdf', {}, 'Report'), 'button--secondary')),
    status);
}

/** #/evaluation */
export async function show(_params, ctx, query) {
  const current = {};
  for (const k of ['nation', 'from', 'to', 'by']) {
    const v = query && query.get(k);
    if (v) current[k] = v;
  }
  const page = el('div');
  page.append(el('h1', { text: 'How families found being involved' }),
    p('What families said on the feedback forms, across all your reviews: by principle, by question, and over time.'));
  const f = choices(current, ctx, ctx.vocab);
  page.append(el('details', { class: 'details', open: Object.keys(current).length ? true : null },
    el('summary', { class: 'details__summary' }, el('span', { class: 'details__summary-text', text: 'Choose which reviews and dates' })),
    el('div', { class: 'details__text' }, f.node)));
  let r;
  try {
    r = await call('evaluation', { form: current });
  } catch (err) {
    const box = el('div');
    showError(box, err);
    page.append(box);
    return page;
  }
  page.append(el('p', { class: 'body', role: 'status' },
    `${r.scope}. ${plural(r.sent, 'form', 'forms')} sent and ${r.returned} returned${r.response_rate === null ? '' : ` (a response rate of ${r.response_rate}%)`}, from ${plural(r.reviews, 'review', 'reviews')}${r.anonymous ? `; ${r.anonymous} returned without a name` : ''}. Prepared ${formatDate(r.today)}.`));
  if (!r.sent && !r.returned) {
    page.append(warningText('No feedback forms were sent or returned in this time. Record returned forms on a review’s Feedback tab.'));
    return page;
  }
  const principles = r.principles.filter((x) => x.questions > 0);
  page.append(el('h2', { text: 'By principle' }),
    p('Each principle is asked about by one or more questions; the figures are answers to those questions, so one person counts once for each question they answered.'),
    figure(stackedChart('Answers by principle', principles.map((x) => ({ label: `${x.principle}. ${x.label}`, short: clip(`${x.principle}. ${x.label}`), tally: x.tally }))),
      table({ caption: 'Answers by principle', head: head('Principle'), rows: principles.map((x) => answersRow(`${x.principle}. ${x.label}`, x.tally, x.answered, x.yes_percent)) })));
  const scale = r.questions.filter((q) => q.scale);
  page.append(el('h2', { text: 'By question' }),
    figure(stackedChart('Answers by question', scale.map((q) => ({ label: q.text, short: clip(q.text), tally: q.tally }))),
      table({ caption: 'Answers by question', head: [...head('Question'), { label: 'Comments', numeric: true }],
        rows: scale.map((q) => [...answersRow(q.text, q.tally, q.answered, q.yes_percent), numeric(q.comments)]) })));
  const written = r.questions.filter((q) => !q.scale);
  if (written.length) {
    page.append(table({ caption: 'Questions answered in words', head: ['Question', { label: 'People who wrote something', numeric: true }],
      rows: written.map((q) => [{ header: true, value: q.text }, numeric(q.comments)]) }));
  }
  const periods = r.over_time.map((x) => ({ ...x }));
  page.append(el('h2', { text: r.period === 'year' ? 'Year by year' : 'Quarter by quarter' }),
    figure(periodsChart('Feedback forms sent and returned over time', periods),
      table({ caption: 'Forms sent and returned over time', head: ['Period', { label: 'Sent', numeric: true }, { label: 'Returned', numeric: true }, { label: 'Response rate', numeric: true }, { label: 'Answers of yes', numeric: true }],
        rows: periods.map((x) => [{ header: true, value: x.label }, numeric(x.sent), numeric(x.returned), { value: x.response_rate === null ? 'none sent' : `${x.response_rate}%`, numeric: true }, { value: pct(x.yes_percent), numeric: true }]) })));
  page.append(filesSection(current));
  return page;
}
