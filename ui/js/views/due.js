// The Due list: everything the author must act by, sorted by date, each linked to the record
// it comes from. The dashboard shows the next fortnight; #/due shows everything, a page at a
// time (`due_page`: the counts and one page, so a large workbook's list stays quick); a review's
// "Due" tab shows that review's. Which items are due, and when, is the core's (`kindred due`
// gives the same list).

import { call } from '../api.js';
import { el, p, dueTag, formatDate, plural, count, table, backLink, button, notification, showError, pagination } from '../components.js';

/** Where an item's record is shown. */
function href(item) {
  const r = item.review_id;
  switch (item.record.kind) {
    case 'member': return `#/person/${item.record.id}`;
    case 'target': case 'parallel': return `#/review/${r}/overview`;
    case 'contact': return `#/review/${r}/contacts/${item.record.id}`;
    case 'decision': return `#/review/${r}/decisions`;
    case 'question': return `#/voice/${r}/questions`;
    case 'session': return `#/voice/${r}/draft`;
    case 'document': return item.member_id ? `#/person/${item.member_id}` : `#/review/${r}/documents`;
    default: return `#/review/${r}/`;
  }
}

/** "Due today: 1. This week: 3. Overdue: 5." — the summary shown when the app is unlocked. */
export function dueCounts(list) {
  const parts = [];
  if (list.overdue) parts.push(`${plural(list.overdue, 'thing', 'things')} overdue`);
  if (list.due_today) parts.push(`${plural(list.due_today, 'thing', 'things')} due today`);
  const week = list.due_this_week - list.due_today;
  if (week) parts.push(`${plural(week, 'more', 'more')} due this week`);
  return parts.length ? `${parts.join(', ')}.` : 'Nothing is overdue or due this week.';
}

/** The list as a table; `withReview` adds the review's reference. */
export function dueTable(list, { withReview = true, caption = 'Due' } = {}) {
  if (!list.items.length) return p('Nothing is due in that time.');
  const head = ['When', ...(withReview ? ['Review'] : []), 'What', 'Who'];
  const rows = list.items.map((i) => [
    { header: true, value: el('span', {}, formatDate(i.due), el('br'), dueTag(i.state)) },
    ...(withReview ? [{ value: i.reference, class: 'nowrap' }] : []),
    el('span', {}, el('strong', { text: i.kind_label }), el('br'), el('a', { href: href(i) }, i.what)),
    i.name ? (i.member_id ? el('a', { href: `#/person/${i.member_id}`, text: i.name }) : i.name) : '',
  ]);
  return table({ caption, head, rows, attrs: { class: 'table due-table' } });
}

/** #/due?page=N: everything due, however far ahead, a page at a time (the counts are the whole list's). */
export async function all(_params, _ctx, query) {
  const asked = Number.parseInt((query && query.get('page')) || '1', 10);
  const list = await call('due_page', { days: null, page: Number.isFinite(asked) && asked > 0 ? asked : 1 });
  const page = el('div');
  page.append(backLink('#/'), el('h1', { text: 'Everything due' }),
    p(`Today is ${formatDate(list.today)}. ${dueCounts(list)}`));
  if (list.pages > 1) {
    const first = (list.page - 1) * list.per_page + 1;
    const last = first + list.items.length - 1;
    page.append(p(`Showing ${count(first)} to ${count(last)} of ${count(list.total)} things due, soonest first.`));
  }
  page.append(dueTable(list, { caption: list.pages > 1 ? `Everything due, by date: page ${list.page} of ${list.pages}` : 'Everything due, by date' }));
  const nav = pagination(list, (n) => (n > 1 ? `#/due?page=${n}` : '#/due'), 'Pages of things due');
  if (nav) page.append(nav);
  page.append(calendarSection());
  return page;
}

/** Saving planned visits and deadlines as a calendar file, named by review reference only. */
function calendarSection() {
  const place = el('input', { class: 'checkboxes__input', id: 'calendar-place', type: 'checkbox', 'aria-describedby': 'calendar-place-hint' });
  const status = el('div', { role: 'status' });
  const save = button('Save a calendar file', async () => {
    status.replaceChildren();
    try {
      const saved = await call('save_calendar', { review_key: null, with_location: place.checked });
      if (saved) {
        status.append(notification('Calendar saved',
          `${saved.path}: ${plural(saved.visits, 'visit or call', 'visits and calls')}, ${plural(saved.cancelled, 'cancelled visit', 'cancelled visits')}, ${plural(saved.deadlines, 'deadline', 'deadlines')}.`));
      }
    } catch (err) {
      showError(status, err);
    }
  }, 'button--secondary');
  return el('section', { class: 'calendar', 'aria-labelledby': 'calendar-title' },
    el('h2', { id: 'calendar-title', text: 'Put visits and deadlines in your calendar' }),
    p('Kindred saves a calendar file you can import into your calendar. Each event says only “Visit”, “Call” or “Deadline” and the review’s reference: no names, addresses or notes, because a calendar is usually kept on a server outside this encrypted workbook. Import the file again to update the events; cancelled visits are taken away.'),
    el('div', { class: 'form-group' }, el('div', { class: 'checkboxes' }, el('div', { class: 'checkboxes__item' }, place,
      el('label', { class: 'label checkboxes__label', for: 'calendar-place', text: 'Include the place of each visit' }),
      el('div', { id: 'calendar-place-hint', class: 'hint checkboxes__hint', text: 'A place can say where someone lives. Leave this off unless your calendar is private to you.' })))),
    el('div', { class: 'button-row' }, save),
    status);
}
