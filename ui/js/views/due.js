// The Due list: everything the author must act by, sorted by date, each linked to the record
// it comes from. The dashboard shows the next fortnight; #/due shows everything; a review's
// "Due" tab shows that review's. Which items are due, and when, is the core's (`kindred due`
// gives the same list).

import { call } from '../api.js';
import { el, p, dueTag, formatDate, plural, table, backLink } from '../components.js';

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

/** #/due: everything due, however far ahead. */
export async function all(_params, _ctx) {
  const list = await call('due', { days: null, review_key: null });
  const page = el('div');
  page.append(backLink('#/'), el('h1', { text: 'Everything due' }),
    p(`Today is ${formatDate(list.today)}. ${dueCounts(list)}`),
    dueTable(list, { caption: 'Everything due, by date' }));
  return page;
}
