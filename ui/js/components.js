// GOV.UK-style building blocks. Everything is built with createElement and textContent:
// never innerHTML with data, so no name or note can inject markup.

/** el('p', {class: 'x', text: 'y'}, child, 'text', [more]) */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'text') node.textContent = String(v);
    else if (k === 'class') node.className = v;
    else if (k === 'on') for (const [ev, fn] of Object.entries(v)) node.addEventListener(ev, fn);
    else if (k === 'hidden') node.hidden = true;
    else if (k === 'checked' || k === 'selected' || k === 'disabled') node[k] = Boolean(v);
    else if (k === 'value') node.value = v;
    else node.setAttribute(k, v === true ? '' : String(v));
  }
  append(node, children);
  return node;
}

function append(node, children) {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(node, c);
    else if (c instanceof Node) node.appendChild(c);
    else node.appendChild(document.createTextNode(String(c)));
  }
}

export function text(s) {
  return document.createTextNode(s == null ? '' : String(s));
}

// ----- dates and words ------------------------------------------------------------------

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August',
  'September', 'October', 'November', 'December'];

/** "2026-03-14" -> "14 March 2026"; anything else as given. */
export function formatDate(iso) {
  if (!iso) return '';
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(String(iso));
  if (!m) return String(iso);
  return `${Number(m[3])} ${MONTHS[Number(m[2]) - 1]} ${m[1]}`;
}

/** A date as it goes in a text field: "2026-03-14" -> "14 March 2026"; typed text as typed. */
export function dateFieldValue(v) {
  return v ? formatDate(v) : '';
}

// Whether this webview has a working native date picker: where it does not (some
// WebKitGTK builds) an <input type=date> is a second plain text box, so none is offered.
let nativeDate = null;
function hasNativeDatePicker() {
  if (nativeDate === null) {
    const probe = document.createElement('input');
    probe.setAttribute('type', 'date');
    probe.value = 'not a date';
    nativeDate = probe.type === 'date' && probe.value === '';
  }
  return nativeDate;
}

/** "2 June 2026", "2/6/2026" or "2026-06-02" -> "2026-06-02" for the picker; '' if unsure. */
function isoForPicker(text) {
  const t = String(text || '').trim();
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(t);
  if (m) return `${m[1]}-${m[2].padStart(2, '0')}-${m[3].padStart(2, '0')}`;
  m = /^(\d{1,2})\s+([A-Za-z]+)\s+(\d{4})$/.exec(t);
  if (m) {
    const i = MONTHS.findIndex((x) => x.toLowerCase() === m[2].toLowerCase());
    if (i >= 0) return `${m[3]}-${String(i + 1).padStart(2, '0')}-${m[1].padStart(2, '0')}`;
  }
  m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(t);
  if (m) return `${m[3]}-${m[2].padStart(2, '0')}-${m[1].padStart(2, '0')}`;
  return '';
}

/**
 * A date field: a text box that takes the date as people write it (the core reads it), and
 * beside it the system's calendar, whose choice fills the box as "2 June 2026".
 */
function dateControl(control, label) {
  if (!hasNativeDatePicker()) return control;
  const picker = el('input', {
    type: 'date',
    class: 'input date-picker',
    id: `${control.id}-calendar`,
    'aria-label': `${label}: choose from a calendar`,
    title: 'Choose from a calendar',
  });
  const sync = () => {
    const iso = isoForPicker(control.value);
    if (iso) picker.value = iso;
  };
  sync();
  control.addEventListener('change', sync);
  picker.addEventListener('change', () => {
    if (picker.value) {
      control.value = formatDate(picker.value);
      control.dispatchEvent(new Event('input', { bubbles: true }));
    }
  });
  return el('div', { class: 'date-input' }, control, picker);
}

/** "2026-03-14T10:30:00" -> "14 March 2026, 10:30" */
export function formatDateTime(iso) {
  if (!iso) return '';
  const t = /T(\d{2}:\d{2})/.exec(String(iso));
  return t ? `${formatDate(iso)}, ${t[1]}` : formatDate(iso);
}

export function formatTime(t) {
  return t ? String(t).slice(0, 5) : '';
}

// One formatter for every count: `toLocaleString` makes a new one on each call, which
// cost the dashboard's 25 cards tens of milliseconds.
const counts = new Intl.NumberFormat('en-GB');

/** A count as people write it: "1,743". */
export function count(n) {
  return typeof n === 'number' ? counts.format(n) : String(n);
}

export function plural(n, one, many) {
  // Large counts as people write them: "1,743 reviews".
  return `${count(n)} ${n === 1 ? one : many}`;
}

/** Label of a slug from a choices list [{value,label}], else a readable slug. */
export function labelOf(choices, value) {
  const c = (choices || []).find((x) => String(x.value) === String(value));
  if (c) return c.label;
  const s = String(value ?? '').replace(/-/g, ' ');
  return s.charAt(0).toUpperCase() + s.slice(1);
}

// Documents: what the core records, in words.
const LANGUAGES = {
  en: 'English', cy: 'Welsh', 'en+cy': 'English and Welsh', both: 'English and Welsh',
  'cy+en': 'Welsh and English (Welsh first)', 'cy-first': 'Welsh and English (Welsh first)',
  pl: 'Polish', ro: 'Romanian', ur: 'Urdu', pa: 'Punjabi', bn: 'Bengali', ar: 'Arabic',
  'pl+en': 'Polish and English', 'ro+en': 'Romanian and English', 'ur+en': 'Urdu and English',
  'pa+en': 'Punjabi and English', 'bn+en': 'Bengali and English', 'ar+en': 'Arabic and English',
};
const VARIANTS = { standard: 'Standard', 'large-print': 'Large print', 'easy-read': 'Easy read', young: 'Young person’s version' };

/** The language choices a document form offers in Wales, Welsh first listed first. */
export const WALES_LANGUAGES = [
  { value: 'cy-first', label: 'Welsh and English (Welsh first)' },
  { value: 'both', label: 'English and Welsh (English first)' },
  { value: 'en', label: 'English' },
  { value: 'cy', label: 'Welsh' },
];

/** What the author must know before giving out a document the core made, as warnings. */
export function documentWarnings(made) {
  return (made && made.warnings ? made.warnings : []).map((w) => warningText(w));
}

/**
 * The confirmation a document in a draft translation needs (issue 14): when the core says
 * this person's documents would be in one (`notice`, its words), the warning and the box
 * are shown at once; otherwise the box appears only if the core asks for it.
 */
export function draftConfirmFields(notice) {
  const box = {
    type: 'checkbox',
    name: 'draft_ok',
    label: 'I know this translation is a draft that no qualified translator has checked',
    revealOnError: !notice,
  };
  return notice ? [{ type: 'node', node: warningText(notice) }, box] : [box];
}

/** "en" -> "English", "en+cy" -> "English and Welsh". */
export function languageLabel(code) {
  return LANGUAGES[code] || labelOf([], code);
}

/** "large-print" -> "Large print". */
export function variantLabel(slug) {
  return VARIANTS[slug] || labelOf([], slug);
}

/**
 * "wording-en 2026.11-1 (draft); nations 2026.11-1" ->
 * "English wording, version 2026.11-1 (draft); list of nations, version 2026.11-1".
 */
export function wordingLabel(v) {
  return String(v || '').split(';').map((part) => part.trim()).filter(Boolean).map((part) => {
    let m = /^wording-([a-z+]+) (\S+)(?: \(([^)]+)\))?$/.exec(part);
    if (m) return `${languageLabel(m[1])} wording, version ${m[2]}${m[3] ? ` (${m[3]})` : ''}`;
    m = /^(letters|young)-([a-z]+) (\S+)(?: \(([^)]+)\))?$/.exec(part);
    if (m) return `${languageLabel(m[2])} ${m[1] === 'young' ? 'young person’s' : 'letter'} wording, version ${m[3]}${m[4] ? ` (${m[4]})` : ''}`;
    m = /^([a-z-]+) (\S+)$/.exec(part);
    if (m) return `list of ${m[1].replace(/-/g, ' ')}, version ${m[2]}`;
    return part;
  }).join('; ').replace(/^./, (c) => c.toUpperCase());
}

// ----- small components -----------------------------------------------------------------

export function tag(label, colour) {
  return el('strong', { class: `tag${colour ? ` tag--${colour}` : ''}`, text: label });
}

const INVOLVEMENT_COLOURS = {
  'to-consider': 'grey', approach: 'blue', approached: 'purple', involved: 'green',
  declined: 'orange', withdrew: 'orange', 'not-approached': 'red',
};

export function involvementTag(slug, choices) {
  return tag(labelOf(choices, slug), INVOLVEMENT_COLOURS[slug] || 'grey');
}

const CHECK_COLOURS = { 'to-do': 'grey', done: 'green', 'not-applicable': 'blue', 'decided-otherwise': 'yellow' };
const CHECK_LABELS = { 'to-do': 'To do', done: 'Done', 'not-applicable': 'Not applicable', 'decided-otherwise': 'Decided otherwise' };

export function checkTag(status) {
  const s = status && status.status ? status.status : 'to-do';
  return tag(CHECK_LABELS[s] || s, CHECK_COLOURS[s] || 'grey');
}

/** A DueState {state, days-late|days-left} as a tag. */
export function dueTag(due) {
  if (!due) return null;
  if (due.state === 'overdue') return tag(`Overdue by ${plural(due['days-late'], 'day', 'days')}`, 'red');
  if (due.state === 'due-soon') {
    return due['days-left'] === 0 ? tag('Due today', 'orange') : tag(`Due in ${plural(due['days-left'], 'day', 'days')}`, 'yellow');
  }
  return tag(`In ${plural(due['days-left'], 'day', 'days')}`, 'grey');
}

export function heading(level, label, attrs = {}) {
  return el(`h${level}`, { ...attrs, text: label });
}

export function caption(label) {
  return el('span', { class: 'caption', text: label });
}

export function p(content, cls) {
  return el('p', { class: cls || 'body' }, content);
}

export function backLink(href, label = 'Back') {
  return el('a', { href, class: 'back-link', text: label });
}

export function linkButton(label, href, extra = '') {
  return el('a', { href, class: `button ${extra}`.trim(), role: 'button', draggable: 'false', text: label });
}

export function button(label, onClick, extra = '', attrs = {}) {
  return el('button', { type: 'button', class: `button ${extra}`.trim(), on: { click: onClick }, text: label, ...attrs });
}

/**
 * GOV.UK pagination: Previous, the page numbers around this one (with the first and last),
 * Next. `data` has `page` and `pages`; `at(n)` is the address of page n; `label` names the
 * navigation for screen readers. Nothing when there is one page.
 */
export function pagination(data, at, label) {
  if (data.pages <= 1) return null;
  const shown = [...new Set([1, data.page - 1, data.page, data.page + 1, data.pages])]
    .filter((n) => n >= 1 && n <= data.pages).sort((a, b) => a - b);
  const items = [];
  shown.forEach((n, i) => {
    if (i && n - shown[i - 1] > 1) items.push(el('li', { class: 'pagination__item pagination__item--ellipses', text: '…' }));
    const current = n === data.page;
    items.push(el('li', { class: `pagination__item${current ? ' pagination__item--current' : ''}` },
      el('a', { class: 'link pagination__link', href: at(n), 'aria-label': `Page ${n}`, 'aria-current': current ? 'page' : null, text: String(n) })));
  });
  return el('nav', { class: 'pagination', 'aria-label': label },
    data.page > 1 ? el('div', { class: 'pagination__prev' },
      el('a', { class: 'link pagination__link', href: at(data.page - 1), rel: 'prev' }, 'Previous', el('span', { class: 'visually-hidden', text: ' page' }))) : null,
    el('ul', { class: 'pagination__list' }, items),
    data.page < data.pages ? el('div', { class: 'pagination__next' },
      el('a', { class: 'link pagination__link', href: at(data.page + 1), rel: 'next' }, 'Next', el('span', { class: 'visually-hidden', text: ' page' }))) : null);
}

export function warningText(message) {
  return el('div', { class: 'warning-text' },
    el('span', { class: 'warning-text__icon', 'aria-hidden': 'true', text: '!' }),
    el('strong', {}, el('span', { class: 'visually-hidden', text: 'Warning: ' }), message));
}

export function inset(...content) {
  return el('div', { class: 'inset' }, ...content);
}

/** A success (or information) banner, e.g. after saving. */
let notificationCounter = 0;

export function notification(title, body, success = true) {
  const id = `notification-title-${++notificationCounter}`;
  return el('div', {
    class: `notification${success ? ' notification--success' : ''}`,
    role: success ? 'alert' : 'region',
    'aria-labelledby': id,
    tabindex: '-1',
  },
  el('div', { class: 'notification__header' }, el('h2', { class: 'notification__title', id, text: success ? 'Success' : 'Important' })),
  el('div', { class: 'notification__content' },
    el('p', { class: 'notification__heading', text: title }),
    body ? el('p', { text: body }) : null));
}

// ----- summary list ---------------------------------------------------------------------

/** rows: [{key, value (string|Node|array), action: {href, label, hidden}}] */
export function summaryList(rows, attrs = {}) {
  const anyActions = rows.some((r) => r && r.action);
  return el('dl', { class: 'summary-list', ...attrs }, rows.filter(Boolean).map((r) => el('div', { class: 'summary-list__row' },
    el('dt', { class: 'summary-list__key', text: r.key }),
    el('dd', { class: 'summary-list__value' }, valueNode(r.value)),
    anyActions ? el('dd', { class: 'summary-list__actions' }, r.action ? actionLink(r.action) : null) : null)));
}

function valueNode(v) {
  if (v === null || v === undefined || v === '') return el('span', { class: 'secondary-text', text: 'Not recorded' });
  if (typeof v === 'boolean') return text(v ? 'Yes' : 'No');
  return v;
}

function actionLink(a) {
  const attrs = { href: a.href || '#', id: a.id };
  if (a.onClick) attrs.on = { click: (e) => { e.preventDefault(); a.onClick(); } };
  return el('a', attrs, a.label || 'Change', a.hidden ? el('span', { class: 'visually-hidden', text: ` ${a.hidden}` }) : null);
}

/** A summary card: a titled box with actions and a summary list or other content. */
export function summaryCard(title, actions, content, level = 3) {
  return el('section', { class: 'summary-card' },
    el('div', { class: 'summary-card__title-wrapper' },
      el(`h${level}`, { class: 'summary-card__title', text: title }),
      actions && actions.length ? el('ul', { class: 'plain button-row' }, actions.map((a) => el('li', {}, actionLink(a)))) : null),
    el('div', { class: 'summary-card__content' }, content));
}

// ----- tables ---------------------------------------------------------------------------

/** head: [label|{label, numeric}], rows: [[cell]] where a cell is string|Node|{value, numeric, header}. */
export function table({ caption: cap, head, rows, attrs = {} }) {
  const th = (h) => (typeof h === 'object' && h !== null && !(h instanceof Node)
    ? el('th', { scope: 'col', class: h.class || (h.numeric ? 'numeric' : null) }, h.label)
    : el('th', { scope: 'col' }, h));
  const td = (c, i) => {
    if (c && typeof c === 'object' && !(c instanceof Node) && !Array.isArray(c)) {
      return el(c.header ? 'th' : 'td', { class: c.class || (c.numeric ? 'numeric' : null), scope: c.header ? 'row' : null }, c.value);
    }
    return el('td', {}, c);
  };
  return el('div', { class: 'table-wrap' },
    el('table', { class: 'table', ...attrs },
      cap ? el('caption', { text: cap }) : null,
      el('thead', {}, el('tr', {}, head.map(th))),
      el('tbody', {}, rows.map((r) => el('tr', {}, r.map(td))))));
}

// ----- task list ------------------------------------------------------------------------

/** items: [{title, href, hint, status: Node, people: [{name, href, status: Node}]}] */
export function taskList(items, attrs = {}) {
  return el('ul', { class: 'task-list', ...attrs }, items.map((it) => {
    const people = it.people && it.people.length ? it.people : null;
    return el('li', { class: people ? 'task-list__item task-list__item--people' : 'task-list__item' },
      el('div', { class: 'task-list__name' },
        it.href ? el('a', { href: it.href, text: it.title }) : el('span', { text: it.title }),
        it.hint ? el('span', { class: 'task-list__hint', text: it.hint }) : null),
      it.status ? el('div', { class: 'task-list__status' }, it.status) : null,
      people ? el('ul', { class: 'task-list__people', 'aria-label': `People: ${it.title}` },
        people.map((pp) => el('li', {},
          el('a', { href: pp.href }, pp.name, el('span', { class: 'visually-hidden', text: `: ${it.title}` })),
          pp.status))) : null);
  }));
}

// ----- error summary --------------------------------------------------------------------

/**
 * errors: [{message, target}] where target is an element id to focus (or null).
 * Links move focus without changing the route (the router owns the hash).
 */
export function errorSummary(errors) {
  const box = el('div', { class: 'error-summary', role: 'alert', tabindex: '-1', 'aria-labelledby': 'error-summary-title' },
    el('h2', { class: 'error-summary__title', id: 'error-summary-title', text: 'There is a problem' }),
    el('ul', { class: 'error-summary__list' }, errors.map((e) => el('li', {},
      e.target
        ? el('a', {
          href: `#${e.target}`,
          text: e.message,
          on: {
            click: (ev) => {
              ev.preventDefault();
              const t = document.getElementById(e.target);
              if (t) {
                t.focus();
                t.scrollIntoView({ block: 'center' });
              }
            },
          },
        })
        : el('span', { class: 'plain-message', text: e.message })))));
  return box;
}

/** Shows an error {code, message} (not a form error) at the top of a container. */
export function showError(container, err) {
  const old = container.querySelector(':scope > .error-summary');
  if (old) old.remove();
  const box = errorSummary([{ message: err.message, target: null }]);
  container.prepend(box);
  box.focus();
  return box;
}

// ----- forms ----------------------------------------------------------------------------

let formCounter = 0;

function idFor(prefix, name) {
  return `${prefix}-${String(name).replace(/[^A-Za-z0-9_-]/g, '-')}`;
}

/**
 * Builds a GOV.UK-style form.
 *
 * spec: {
 *   fields: [field], submit: 'Save', secondary: [{label, href}],
 *   onSubmit: async (values) => result   // throw the {code,message,fields} error to show it
 *   onSuccess: (result, values) => void
 * }
 * field: {type, name, label, hint, value, options, conditional, width, rows, errorKey, cast,
 *         autocomplete, legendSize}
 *   type: text | password | textarea | date | time | number | radios | checkboxes |
 *         checkbox | select | lines | heading | para | node
 *   name: "a" or "a.b" (a nested object: key_dates.incident -> {key_dates: {incident}})
 *   errorKey: the core's field name for this input's errors (defaults to name)
 *   cast: 'int' turns values into numbers (ids)
 */
export function form(spec) {
  const prefix = spec.id || `f${++formCounter}`;
  const inputs = []; // {field, id, group, nodes}
  const formEl = el('form', { novalidate: true, class: 'form-width', id: prefix });

  function renderField(f) {
    const id = idFor(prefix, f.id || f.name || `x${inputs.length}`);
    const hintId = `${id}-hint`;
    const hint = f.hint ? el('div', { class: 'hint', id: hintId, text: f.hint }) : null;
    const describedBy = f.hint ? hintId : null;
    const record = { field: f, id, group: null, control: null };
    switch (f.type) {
      case 'heading':
        return el(`h${f.level || 2}`, { text: f.label });
      case 'para':
        return el('p', { class: 'body' }, f.label);
      case 'node':
        return f.node;
      case 'radios':
      case 'checkboxes': {
        const multi = f.type === 'checkboxes';
        const cls = multi ? 'checkboxes' : 'radios';
        const current = multi ? (f.value || []).map(String) : (f.value == null ? '' : String(f.value));
        const items = [];
        (f.options || []).forEach((o, i) => {
          const oid = i === 0 ? id : `${id}-${i + 1}`;
          const checked = multi ? current.includes(String(o.value)) : current === String(o.value);
          const input = el('input', {
            class: `${cls}__input`, id: oid, name: id, type: multi ? 'checkbox' : 'radio', value: String(o.value), checked,
            'aria-describedby': o.hint ? `${oid}-hint` : null,
          });
          const item = el('div', { class: `${cls}__item` },
            input,
            el('label', { class: `label ${cls}__label`, for: oid, text: o.label }),
            o.hint ? el('div', { class: `hint ${cls}__hint`, id: `${oid}-hint`, text: o.hint }) : null);
          items.push(item);
          if (o.conditional) {
            const cond = el('div', { class: `${cls}__conditional`, id: `${oid}-conditional` }, o.conditional.map(renderField));
            cond.hidden = !checked;
            input.setAttribute('aria-controls', `${oid}-conditional`);
            items.push(cond);
          }
        });
        const box = el('div', { class: `${cls}${f.inline ? ` ${cls}--inline` : ''}` }, items);
        box.addEventListener('change', () => {
          box.querySelectorAll(`input[name="${id}"]`).forEach((inp) => {
            const cond = document.getElementById(`${inp.id}-conditional`);
            if (cond) cond.hidden = !inp.checked;
          });
          if (f.onChange) f.onChange(readField(record));
        });
        const legend = el('legend', { class: `fieldset__legend${f.legendSize ? ` fieldset__legend--${f.legendSize}` : ''}` },
          f.legendSize === 'l' ? el('h1', { class: 'label--l', text: f.label }) : f.label);
        const group = el('div', { class: 'form-group' },
          el('fieldset', { class: 'fieldset', 'aria-describedby': describedBy }, legend, hint, box));
        record.group = group;
        record.control = box;
        inputs.push(record);
        return group;
      }
      case 'checkbox': {
        const input = el('input', { class: 'checkboxes__input', id, type: 'checkbox', checked: Boolean(f.value), 'aria-describedby': describedBy });
        const group = el('div', { class: 'form-group' },
          el('div', { class: 'checkboxes' }, el('div', { class: 'checkboxes__item' },
            input,
            el('label', { class: 'label checkboxes__label', for: id, text: f.label }),
            hint ? el('div', { class: 'hint checkboxes__hint' }, hint) : null)));
        // A confirmation the core may ask for (a draft translation): out of the way until
        // an error names it.
        if (f.revealOnError) group.hidden = true;
        record.group = group;
        record.control = input;
        inputs.push(record);
        return group;
      }
      default: {
        let control;
        if (f.type === 'textarea' || f.type === 'lines') {
          control = el('textarea', { class: 'textarea', id, name: id, rows: f.rows || 5, 'aria-describedby': describedBy });
          control.value = f.type === 'lines' ? (f.value || []).join('\n') : (f.value ?? '');
        } else if (f.type === 'select') {
          control = el('select', { class: 'select', id, name: id, 'aria-describedby': describedBy },
            f.placeholder !== undefined ? el('option', { value: '', text: f.placeholder }) : null,
            (f.options || []).map((o) => el('option', { value: String(o.value), text: o.label, selected: String(o.value) === String(f.value ?? '') })));
          if (f.onChange) control.addEventListener('change', () => f.onChange(control.value));
        } else {
          const type = f.type === 'password' ? 'password' : 'text';
          const width = f.width || (f.type === 'date' ? 'w20' : f.type === 'time' ? 'w10' : f.type === 'number' ? 'w5' : null);
          control = el('input', {
            class: `input${width ? ` input--${width}` : ''}`, id, name: id, type,
            spellcheck: f.type === 'password' || f.type === 'date' || f.type === 'time' ? 'false' : null,
            autocomplete: f.autocomplete || 'off',
            inputmode: f.type === 'number' ? 'numeric' : null,
            'aria-describedby': describedBy,
          });
          control.value = f.type === 'date' ? dateFieldValue(f.value) : f.type === 'time' ? formatTime(f.value) : (f.value ?? '');
        }
        const label = f.pageHeading
          ? el('h1', { class: 'label-wrapper' }, el('label', { class: 'label label--l', for: id, text: f.label }))
          : el('label', { class: 'label', for: id, text: f.label });
        const group = el('div', { class: 'form-group' }, label, hint, f.type === 'date' ? dateControl(control, f.label) : control);
        record.group = group;
        record.control = control;
        inputs.push(record);
        return group;
      }
    }
  }

  const fieldNodes = spec.fields.map(renderField);
  const submitBtn = el('button', { type: 'submit', class: `button${spec.warning ? ' button--warning' : ''}`, text: spec.submit || 'Save' });
  formEl.append(...fieldNodes, el('div', { class: 'button-group' },
    submitBtn,
    (spec.secondary || []).map((s) => (s.onClick
      ? el('button', { type: 'button', class: 'button button--secondary', text: s.label, on: { click: s.onClick } })
      : el('a', { href: s.href, class: 'link', text: s.label })))));

  // Any wait (spec.working: what the app is doing, e.g. "Opening your workbook…"): said at
  // once in a status region that is on the page before it is filled (so it is announced),
  // the button disabled, until the reply.
  const working = spec.working ? el('p', { class: 'working body', role: 'status', id: `${prefix}-working` }) : null;
  if (working) formEl.append(working);
  const wrapper = el('div', { class: 'form-wrapper' }, formEl);

  // Long work (spec.progress: what is being done): a status panel with a moving bar and
  // the seconds so far, while the form is disabled so nothing is sent twice.
  const progress = spec.progress ? el('div', { class: 'progress', role: 'status', hidden: true }) : null;
  if (progress) wrapper.append(progress);
  function startProgress() {
    if (!progress) return () => {};
    const started = Date.now();
    const time = el('p', { class: 'progress__time hint', 'aria-hidden': 'true', text: 'Started just now' });
    progress.replaceChildren(
      el('p', { class: 'progress__label body', text: `${spec.progress}. Please wait: this can take a minute for a large workbook.` }),
      el('progress', { class: 'progress__bar', 'aria-label': spec.progress }),
      time);
    progress.hidden = false;
    formEl.setAttribute('aria-busy', 'true');
    formEl.inert = true;
    const timer = setInterval(() => {
      const secs = Math.round((Date.now() - started) / 1000);
      time.textContent = `${secs} ${secs === 1 ? 'second' : 'seconds'} so far`;
    }, 1000);
    return () => {
      clearInterval(timer);
      progress.hidden = true;
      progress.replaceChildren();
      formEl.removeAttribute('aria-busy');
      formEl.inert = false;
    };
  }

  function readField(r) {
    const f = r.field;
    const cast = (v) => (f.cast === 'int' ? (v === '' || v == null ? null : Number(v)) : v);
    if (f.type === 'radios') {
      const c = r.control.querySelector(`input[name="${r.id}"]:checked`);
      return cast(c ? c.value : '');
    }
    if (f.type === 'checkboxes') {
      return [...r.control.querySelectorAll(`input[name="${r.id}"]:checked`)].map((c) => cast(c.value));
    }
    if (f.type === 'checkbox') return r.control.checked;
    if (f.type === 'lines') return r.control.value.split('\n').map((s) => s.trim()).filter(Boolean);
    return cast(r.control.value);
  }

  function values() {
    const out = {};
    for (const r of inputs) {
      if (!r.field.name) continue;
      const parts = r.field.name.split('.');
      let obj = out;
      for (const part of parts.slice(0, -1)) {
        if (!Object.prototype.hasOwnProperty.call(obj, part)) obj[part] = {};
        obj = obj[part];
      }
      obj[parts[parts.length - 1]] = readField(r);
    }
    return out;
  }

  function clearErrors() {
    wrapper.querySelectorAll('.error-summary').forEach((n) => n.remove());
    for (const r of inputs) {
      r.group.classList.remove('form-group--error');
      r.group.querySelectorAll(':scope .error-message').forEach((n) => n.remove());
      r.group.querySelectorAll('.input--error, .textarea--error, .select--error').forEach((n) => {
        n.classList.remove('input--error', 'textarea--error', 'select--error');
      });
      r.group.querySelectorAll('[data-error-described]').forEach((n) => {
        const ids = (n.getAttribute('aria-describedby') || '').split(' ').filter((x) => x && !x.endsWith('-error'));
        if (ids.length) n.setAttribute('aria-describedby', ids.join(' '));
        else n.removeAttribute('aria-describedby');
        n.removeAttribute('data-error-described');
      });
    }
  }

  /** Shows {code, message, fields?}: a summary at the top and messages beside fields. */
  function showErrors(err) {
    clearErrors();
    const items = [];
    const fields = err.code === 'invalid' && Array.isArray(err.fields) && err.fields.length
      ? err.fields
      : [{ field: spec.errorFallback || '', message: err.message }];
    {
      for (const fe of fields) {
        const matches = inputs.filter((r) => (r.field.errorKey || r.field.name) === fe.field
          || (Array.isArray(r.field.errorKey) && r.field.errorKey.includes(fe.field)));
        matches.forEach((r) => { if (r.field.revealOnError) r.group.hidden = false; });
        const shown = (r) => r.group.offsetParent !== null;
        const first = matches.find(shown) || matches[0]
          || (spec.errorFallback ? inputs.find((r) => r.field.name === spec.errorFallback) : null);
        const target = first && shown(first) ? first : (first ? inputs.find(shown) : null);
        const targetId = target ? target.id : null;
        items.push({ message: fe.message, target: targetId });
        const attach = matches.length ? [...matches] : (first ? [first] : []);
        if (target && !attach.some(shown)) attach.push(target);
        for (const r of attach) {
          r.group.classList.add('form-group--error');
          const mid = `${r.id}-error`;
          const msg = el('p', { class: 'error-message', id: mid },
            el('span', { class: 'visually-hidden', text: 'Error: ' }), fe.message);
          const container = r.field.type === 'radios' || r.field.type === 'checkboxes' ? r.group.querySelector('fieldset') : r.group;
          const earlier = [...container.children].filter((n) => n.classList.contains('error-message'));
          const anchor = earlier.length ? earlier[earlier.length - 1]
            : [...container.children].find((n) => n.classList.contains('hint'))
              || [...container.children].find((n) => n.matches('label.label, legend, h1'));
          if (anchor) anchor.after(msg);
          else if (r.field.type === 'checkbox') r.group.prepend(msg);
          else container.insertBefore(msg, r.control);
          const describe = r.field.type === 'radios' || r.field.type === 'checkboxes' ? r.group.querySelector('fieldset') : r.control;
          describe.setAttribute('aria-describedby', `${describe.getAttribute('aria-describedby') || ''} ${mid}`.trim());
          describe.setAttribute('data-error-described', '1');
          if (r.control && r.control.classList) {
            if (r.control.classList.contains('input')) r.control.classList.add('input--error');
            if (r.control.classList.contains('textarea')) r.control.classList.add('textarea--error');
            if (r.control.classList.contains('select')) r.control.classList.add('select--error');
          }
        }
      }
    }
    // The summary lists problems in the order of the fields on the page.
    const pos = (it) => (it.target ? inputs.findIndex((r) => r.id === it.target) : inputs.length);
    items.sort((a, b) => pos(a) - pos(b));
    const summary = errorSummary(items);
    wrapper.prepend(summary);
    summary.focus();
    summary.scrollIntoView({ block: 'start' });
  }

  let busy = false;
  formEl.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (busy) return;
    busy = true;
    submitBtn.disabled = true;
    if (working) {
      working.textContent = spec.working;
      formEl.setAttribute('aria-busy', 'true');
    }
    const v = values();
    const stopProgress = startProgress();
    try {
      const result = await spec.onSubmit(v);
      stopProgress();
      clearErrors();
      if (spec.onSuccess) await spec.onSuccess(result, v);
    } catch (err) {
      if (err && err.code === 'locked') return; // the unlock screen takes over
      showErrors(err && err.message ? err : { code: 'internal', message: 'Something went wrong. Nothing was lost; try again.' });
    } finally {
      stopProgress();
      if (working) {
        working.textContent = '';
        formEl.removeAttribute('aria-busy');
      }
      busy = false;
      submitBtn.disabled = false;
    }
  });

  return { node: wrapper, form: formEl, values, showErrors, clearErrors, inputs };
}

// ----- choices helpers ------------------------------------------------------------------

export function optionsFrom(choices, hints = {}) {
  return (choices || []).map((c) => ({ value: c.value, label: c.label, hint: hints[c.value] }));
}

export function yesNo(v) {
  return v ? 'Yes' : 'No';
}
