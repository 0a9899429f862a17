// Help: the author's guide (docs/guide.md, built into the app and returned by the `guide`
// command), drawn by the small safe renderer in ../markdown.js. Offline, and there whether
// the workbook is locked or not. "Back" returns to the page the author was on.

import { call } from '../api.js';
import { el, backLink } from '../components.js';
import { render } from '../markdown.js';

/** Moves to a heading of the guide: scrolled to the top and focused, for screen readers too. */
function jump(id) {
  const target = document.getElementById(id);
  if (!target) return;
  target.scrollIntoView({ block: 'start' });
  target.focus({ preventScroll: true });
}

export async function show(_params, ctx) {
  const text = await call('guide');
  const page = el('div', { class: 'guide' });
  page.append(backLink(ctx.previous || '#/', 'Back'));
  page.append(render(text, { idPrefix: 'guide-', jump }));
  return page;
}
