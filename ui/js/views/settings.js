// Settings: how long Kindred waits before it locks itself, and the privacy screen.

import { call } from '../api.js';
import { el, p, form, summaryList, backLink } from '../components.js';

export async function show(_params, ctx) {
  const s = await call('settings');
  const page = el('div');
  page.append(backLink('#/', 'Back to your reviews'), el('h1', { text: 'Settings' }));
  const choicesList = [1, 2, 5, 10, 15, 30, 60].filter((m) => m >= s.idle_minutes_min && m <= s.idle_minutes_max);
  if (!choicesList.includes(s.idle_minutes)) choicesList.push(s.idle_minutes);
  choicesList.sort((a, b) => a - b);
  const f = form({
    id: 'settings',
    submit: 'Save settings',
    fields: [{
      type: 'radios', name: 'idle_minutes', label: 'Lock Kindred after this many minutes without use',
      hint: 'When it locks, everything is closed and your passphrase is needed to open it again. A warning appears a minute before.',
      value: String(s.idle_minutes),
      options: choicesList.map((m) => ({ value: String(m), label: `${m} ${m === 1 ? 'minute' : 'minutes'}${m === 10 ? ' (recommended)' : ''}` })),
    }],
    onSubmit: (v) => call('set_idle_minutes', { idle_minutes: v.idle_minutes || '' }),
    onSuccess: async (saved) => {
      if (ctx.status) ctx.status.idle_minutes = saved.idle_minutes;
      ctx.navigate('#/settings', { title: `Kindred will lock after ${saved.idle_minutes} ${saved.idle_minutes === 1 ? 'minute' : 'minutes'} without use` });
    },
  });
  page.append(f.node);
  page.append(el('h2', { text: 'Hiding the screen' }));
  page.append(p('If someone comes near your screen, press Ctrl+Shift+H, or Esc twice quickly. Everything is hidden at once behind a plain grey screen. Press Ctrl+Shift+H again to show it.'));
  page.append(el('h2', { text: 'Your workbook' }));
  page.append(summaryList([
    { key: 'File', value: el('span', { class: 'path', text: ctx.status ? ctx.status.path : '' }) },
    { key: 'Encryption', value: 'SQLCipher, with your passphrase. The passphrase cannot be recovered.' },
  ]));
  return page;
}
