// The app: a hash router over the views, the lock (first run, unlock, idle lock) and the
// privacy screen. Views are async functions (params, ctx) -> Node.

import { call, listen } from './api.js';
import { el, notification, showError } from './components.js';
import * as unlock from './views/unlock.js';
import * as reviews from './views/reviews.js';
import * as review from './views/review.js';
import * as person from './views/person.js';
import * as visit from './views/visit.js';
import * as settings from './views/settings.js';
import * as documentView from './views/document.js';
import * as voice from './views/voice.js';
import * as help from './views/help.js';
import * as due from './views/due.js';
import * as letter from './views/letter.js';
import * as evaluation from './views/evaluation.js';

const main = document.getElementById('main');
// The header's links that need an unlocked workbook; Help is always there.
const workbookLinks = [...document.querySelectorAll('#app-nav [data-unlocked]')];
function showWorkbookLinks(show) {
  for (const li of workbookLinks) li.hidden = !show;
}

const routes = [
  [/^\/$/, reviews.dashboard],
  [/^\/due$/, due.all],
  [/^\/evaluation$/, evaluation.show],
  [/^\/reviews\/new$/, reviews.create],
  [/^\/review\/(\d+)\/edit$/, review.edit],
  [/^\/review\/(\d+)\/phase$/, review.phase],
  [/^\/review\/(\d+)\/children\/new$/, review.addChild],
  [/^\/review\/(\d+)\/members\/new$/, review.addMember],
  [/^\/review\/(\d+)\/contacts\/new$/, review.recordContact],
  [/^\/review\/(\d+)\/contacts\/(\d+)$/, review.changeContact],
  [/^\/review\/(\d+)\/checks\/([^/]+)(?:\/(\d+))?$/, review.setCheck],
  [/^\/review\/(\d+)\/decisions\/new$/, review.addDecision],
  [/^\/review\/(\d+)\/parallel\/new$/, review.addParallel],
  [/^\/review\/(\d+)\/parallel\/(\d+)$/, review.changeParallel],
  [/^\/review\/(\d+)\/feedback\/new$/, review.addFeedback],
  [/^\/review\/(\d+)\/deadlines\/([^/]+)$/, review.deadlineMet],
  [/^\/review\/(\d+)(?:\/([a-z-]+))?$/, review.show],
  [/^\/voice\/(\d+)\/([a-z]+)\/new$/, voice.add],
  [/^\/voice\/(\d+)\/questions\/(\d+)\/answer$/, voice.answer],
  [/^\/voice\/(\d+)\/draft\/(\d+)\/comment$/, voice.comment],
  [/^\/voice\/(\d+)\/comments\/(\d+)\/respond$/, voice.respond],
  [/^\/voice\/(\d+)(?:\/([a-z]+))?$/, voice.show],
  [/^\/person\/(\d+)$/, person.show],
  [/^\/letter\/(\d+)$/, letter.write],
  [/^\/person\/(\d+)\/([a-z-]+)$/, person.edit],
  [/^\/visit\/(\d+)(?:\/([a-z-]+))?$/, visit.wizard],
  [/^\/document\/(\d+)$/, documentView.show],
  [/^\/settings$/, settings.show],
  [/^\/settings\/restore$/, settings.restore],
  [/^\/settings\/passphrase$/, settings.passphrase],
  [/^\/settings\/destroy\/(\d+)$/, settings.destroy],
];

const state = {
  status: null,
  vocab: null,
  flash: null,
  renderId: 0,
  /** The page before Help, for its "Back" link. */
  previous: '#/',
  current: window.location.hash || '#/',
};

function route() {
  const h = window.location.hash || '#/';
  if (!h.startsWith('#/')) return { path: '/', query: new URLSearchParams() };
  const [path, q] = h.slice(1).split('?');
  return { path, query: new URLSearchParams(q || '') };
}

export function navigate(hash, flash) {
  if (flash) state.flash = flash;
  if (window.location.hash === hash) render();
  else window.location.hash = hash;
}

const ctx = {
  navigate,
  get vocab() { return state.vocab; },
  get status() { return state.status; },
  /** Where the author was before this page (Help's "Back"). */
  get previous() { return state.previous; },
  /** Shows a success banner on the next page. */
  flash(title, body) { state.flash = { title, body }; },
  refresh() { render(); },
  /** `status`: what unlocking (or creating) answered, so it is not asked for again. */
  onUnlocked: (status) => afterUnlock(status),
  /** The shell closed the workbook (after a restore): show the unlock screen with a banner. */
  async locked(title, body) {
    main.replaceChildren();
    idle.hideWarning();
    await refreshStatus();
    navigate('#/', { title, body });
  },
};

function setPage(node) {
  main.replaceChildren(node);
  // Which address the page now shows (the benchmarks wait for it).
  main.dataset.shown = window.location.hash || '#/';
  const h1 = main.querySelector('h1');
  document.title = h1 ? `${h1.textContent.trim()} – Kindred` : 'Kindred';
}

async function render() {
  const id = ++state.renderId;
  // Help holds nothing of the workbook: it is there locked or not.
  if (route().path === '/help') {
    showWorkbookLinks(Boolean(state.status && state.status.unlocked));
    let node;
    try {
      node = await help.show([], ctx);
    } catch {
      node = el('div', {}, el('h1', { text: 'Help' }), el('p', { class: 'body', text: 'The guide cannot be shown just now. Nothing was lost; try again.' }));
    }
    if (id !== state.renderId) return;
    setPage(node);
    const h1 = main.querySelector('h1');
    if (h1) h1.focus({ preventScroll: true });
    window.scrollTo(0, 0);
    return;
  }
  if (!state.status || !state.status.unlocked) {
    showWorkbookLinks(false);
    const node = await unlock.screen(state.status, ctx);
    if (id !== state.renderId) return;
    if (state.flash) {
      node.querySelector('h1').after(notification(state.flash.title, state.flash.body));
      state.flash = null;
    }
    setPage(node);
    const first = main.querySelector('input');
    if (first) first.focus();
    return;
  }
  showWorkbookLinks(true);
  const { path, query } = route();
  let node = null;
  for (const [re, view] of routes) {
    const m = re.exec(path);
    if (m) {
      try {
        node = await view(m.slice(1), ctx, query);
      } catch (err) {
        if (err && err.code === 'locked') return;
        node = el('div', {}, el('h1', { text: 'Sorry, there is a problem' }));
        showError(node, err && err.message ? err : { message: 'Something went wrong. Nothing was lost; try again.' });
        node.append(el('p', {}, el('a', { href: '#/', text: 'Go to your reviews' })));
      }
      break;
    }
  }
  if (!node) {
    node = el('div', {}, el('h1', { text: 'Page not found' }), el('p', {}, el('a', { href: '#/', text: 'Go to your reviews' })));
  }
  if (id !== state.renderId) return;
  if (state.flash) {
    const banner = notification(state.flash.title, state.flash.body);
    state.flash = null;
    const first = node.firstChild;
    if (first && first.classList && first.classList.contains('back-link')) first.after(banner);
    else node.prepend(banner);
  }
  setPage(node);
  const h1 = main.querySelector('h1');
  if (h1) {
    h1.setAttribute('tabindex', '-1');
    h1.focus({ preventScroll: true });
  }
  window.scrollTo(0, 0);
}

async function refreshStatus() {
  try {
    state.status = await call('status');
  } catch (err) {
    state.status = { exists: false, unlocked: false, problem: err.message };
  }
}

async function afterUnlock(status) {
  if (status && status.unlocked) state.status = status;
  else await refreshStatus();
  idle.reset();
  // Awaited, so the unlock form says "Opening your workbook…" until the reviews are shown.
  await render();
}

/** Locks: the Rust side drops the workbook, and nothing of it stays in the page. */
async function lockNow() {
  main.replaceChildren();
  try {
    state.status = await call('lock');
  } catch {
    await refreshStatus();
  }
  state.flash = null;
  idle.hideWarning();
  render();
}

function lockedElsewhere() {
  if (state.status) state.status.unlocked = false;
  main.replaceChildren();
  idle.hideWarning();
  render();
}

// ----- idle lock ----------------------------------------------------------------------

const idle = (() => {
  const warning = document.getElementById('timeout-warning');
  const warningText = document.getElementById('timeout-warning-text');
  let last = Date.now();
  let lastPing = 0;
  const WARN_SECONDS = 60;

  function minutes() {
    return (state.status && state.status.idle_minutes) || 10;
  }
  function reset() {
    last = Date.now();
    if (!warning.hidden) hideWarning();
    if (state.status && state.status.unlocked && last - lastPing > 5000) {
      lastPing = last;
      call('activity').catch(() => {});
    }
  }
  function hideWarning() {
    warning.hidden = true;
  }
  function tick() {
    if (!state.status || !state.status.unlocked) return;
    const left = Math.round(minutes() * 60 - (Date.now() - last) / 1000);
    if (left <= 0) {
      lockNow();
    } else if (left <= WARN_SECONDS) {
      warningText.textContent = `For your privacy Kindred will lock in ${left} seconds. Save what you are typing, or press any key to stay unlocked.`;
      warning.hidden = false;
    }
  }
  setInterval(tick, 1000);
  for (const ev of ['keydown', 'pointerdown', 'wheel', 'input']) {
    document.addEventListener(ev, reset, { capture: true, passive: true });
  }
  // Only a pointer that really moved counts: WebKit sends mousemove events with the same
  // position when the page changes under a resting pointer (the countdown itself would
  // otherwise keep Kindred unlocked for ever).
  let lastMove = 0;
  let lastX = null;
  let lastY = null;
  document.addEventListener('mousemove', (e) => {
    if (e.screenX === lastX && e.screenY === lastY) return;
    lastX = e.screenX;
    lastY = e.screenY;
    const now = Date.now();
    if (now - lastMove > 5000) {
      lastMove = now;
      reset();
    }
  }, { passive: true });
  document.getElementById('timeout-stay').addEventListener('click', reset);
  return { reset, hideWarning };
})();

// ----- privacy screen -----------------------------------------------------------------

const privacy = (() => {
  const cover = document.getElementById('privacy-cover');
  const app = document.getElementById('app');
  let lastEscape = 0;
  let savedTitle = 'Kindred';
  let returnFocus = null;

  function hide() {
    if (!cover.hidden) return;
    returnFocus = document.activeElement;
    savedTitle = document.title;
    app.hidden = true;
    app.setAttribute('inert', '');
    cover.hidden = false;
    document.title = 'Hidden';
    document.getElementById('privacy-show').focus();
  }
  function show() {
    if (cover.hidden) return;
    cover.hidden = true;
    app.hidden = false;
    app.removeAttribute('inert');
    document.title = savedTitle;
    if (returnFocus && document.contains(returnFocus)) returnFocus.focus();
  }
  document.addEventListener('keydown', (e) => {
    if (e.ctrlKey && e.shiftKey && (e.code === 'KeyH' || e.key === 'H' || e.key === 'h')) {
      e.preventDefault();
      if (cover.hidden) hide();
      else show();
    } else if (e.key === 'Escape') {
      const now = Date.now();
      if (now - lastEscape < 700) {
        e.preventDefault();
        hide();
        lastEscape = 0;
      } else {
        lastEscape = now;
      }
    }
  }, { capture: true });
  document.getElementById('privacy-show').addEventListener('click', show);
  document.getElementById('nav-hide').addEventListener('click', hide);
  return { hide, show };
})();

// ----- start ----------------------------------------------------------------------------

document.getElementById('nav-lock').addEventListener('click', lockNow);
document.getElementById('skip-link').addEventListener('click', (e) => {
  e.preventDefault();
  main.focus();
});
// The sticky header's height, for the scroll-padding that keeps focus clear of it (app.css).
const appHeader = document.querySelector('.app-header');
new ResizeObserver(() => {
  document.documentElement.style.setProperty('--header-height', `${appHeader.offsetHeight}px`);
}).observe(appHeader);
window.addEventListener('hashchange', () => {
  const now = window.location.hash || '#/';
  if (now.startsWith('#/help') && !state.current.startsWith('#/help')) state.previous = state.current;
  state.current = now;
  render();
});
window.addEventListener('kindred-locked', lockedElsewhere);
listen('kindred:locked', lockedElsewhere);

(async function start() {
  await refreshStatus();
  try {
    state.vocab = await call('vocabulary');
  } catch {
    state.vocab = null;
  }
  render();
}());

export { privacy };
