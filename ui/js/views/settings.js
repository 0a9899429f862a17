// Settings: the idle lock and the privacy screen, and looking after the workbook — backups
// and restore, moving a review to another computer, the passphrase, and destroying a review
// at the end of its retention. The page never names a file: saving and opening one shows the
// system's own dialog, opened by the app (the window has no file-system access of its own);
// a cancelled dialog changes nothing. Long work shows its progress.

import { call } from '../api.js';
import {
  el, p, form, summaryList, backLink, table, tag, formatDate, warningText, inset, plural,
} from '../components.js';

function size(bytes) {
  if (bytes >= 1e9) return `${(bytes / 1e9).toFixed(1)} GB`;
  if (bytes >= 1e6) return `${(bytes / 1e6).toFixed(1)} MB`;
  return `${Math.max(1, Math.round(bytes / 1e3))} KB`;
}

function pathText(path) {
  return el('span', { class: 'path', text: path });
}

export async function show(_params, ctx) {
  const [s, t] = await Promise.all([call('settings'), call('trust_overview')]);
  const page = el('div');
  page.append(backLink('#/', 'Back to your reviews'), el('h1', { text: 'Settings' }));
  page.append(el('nav', { class: 'contents', 'aria-label': 'On this page' },
    el('ul', { class: 'list' },
      [['#lock', 'Locking and hiding the screen'], ['#backups', 'Backups'], ['#move', 'Moving a review to another computer'],
        ['#passphrase', 'Your passphrase'], ['#retention', 'Keeping and destroying reviews']]
        .map(([href, label]) => el('li', {}, el('a', { class: 'link', href: `#/settings${href.replace('#', '?to=')}`, 'data-target': href.slice(1), text: label }))))));
  page.querySelectorAll('a[data-target]').forEach((a) => a.addEventListener('click', (e) => {
    e.preventDefault();
    const target = page.querySelector(`#${a.dataset.target}`);
    if (target) { target.setAttribute('tabindex', '-1'); target.focus(); target.scrollIntoView({ block: 'start' }); }
  }));

  // ----- lock and privacy -----
  page.append(el('h2', { id: 'lock', text: 'Locking and hiding the screen' }));
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
  page.append(p('If someone comes near your screen, press Ctrl+Shift+H, or Esc twice quickly. Everything is hidden at once behind a plain grey screen. Press Ctrl+Shift+H again to show it.'));

  // ----- backups -----
  page.append(el('h2', { id: 'backups', text: 'Backups' }));
  page.append(p('Kindred makes an encrypted backup of your workbook every day you unlock it, and before every upgrade, restore or passphrase change. It keeps the most recent ones. A backup opens with the passphrase the workbook had when the backup was made.'));
  page.append(summaryList([
    { key: 'Workbook', value: pathText(t.workbook) },
    { key: 'Backups folder', value: pathText(t.backups_folder) },
  ]));
  const backupNow = form({
    id: 'backup-now',
    submit: 'Make a backup now',
    fields: [],
    progress: 'Making the backup',
    onSubmit: () => call('backup_now', {}),
    onSuccess: (r) => ctx.navigate('#/settings', { title: 'Backup made', body: `It is in the backups folder: ${r.path}` }),
  });
  page.append(backupNow.node);
  if (t.backups.length) {
    page.append(table({
      caption: `Backups kept (${t.backups.length}), newest first`,
      head: ['Made', 'Why', 'Size', el('span', { class: 'visually-hidden', text: 'Action' })],
      rows: t.backups.map((b) => [
        b.made, b.why, size(b.bytes),
        el('a', { class: 'link', href: `#/settings/restore?backup=${encodeURIComponent(b.id)}`, text: 'Restore', 'aria-label': `Restore the backup made ${b.made}` }),
      ]),
      attrs: { id: 'backups-table' },
    }));
  } else {
    page.append(inset('There are no backups yet.'));
  }
  page.append(el('h3', { text: 'Save a copy somewhere else' }));
  const copy = form({
    id: 'backup-copy',
    submit: 'Choose where to save a copy',
    progress: 'Saving the copy',
    fields: [{ type: 'para', label: 'For example on a memory stick. The copy is encrypted with your passphrase.' }],
    onSubmit: () => call('save_backup_copy', {}),
    onSuccess: (r) => { if (r) ctx.navigate('#/settings', { title: 'Copy saved', body: `Saved to ${r.path}` }); },
  });
  page.append(copy.node);
  page.append(p(el('a', { class: 'link', href: '#/settings/restore', text: 'Restore from another backup file' })));

  // ----- move a review -----
  page.append(el('h2', { id: 'move', text: 'Moving a review to another computer' }));
  page.append(p('Save a review as one file, then bring it into Kindred on the other computer. The file is not encrypted: keep it on an encrypted drive and delete it once it has been brought in.'));
  if (t.reviews.length) {
    const exp = form({
      id: 'export',
      progress: 'Saving the review',
      fields: [
        { type: 'select', name: 'review_key', label: 'Review', options: t.reviews.map((r) => ({ value: r.reference, label: `${r.reference} (${r.pseudonym})` })), value: t.reviews[0].reference },
      ],
      submit: 'Choose where to save the review',
      onSubmit: (v) => call('export_review', { review_key: v.review_key }),
      onSuccess: (r) => { if (r) ctx.navigate('#/settings', { title: `Review ${r.reference} saved as a file`, body: `Saved to ${r.path}: ${plural(r.counts.members, 'person', 'people')}, ${plural(r.counts.contacts, 'contact', 'contacts')}.` }); },
    });
    page.append(el('h3', { text: 'Save a review as a file' }), exp.node);
  }
  const imp = form({
    id: 'import',
    submit: 'Choose the review file to bring in',
    progress: 'Checking and bringing in the review',
    fields: [
      { type: 'para', label: 'A file saved by Kindred, ending .kindred-review.json. All of it is checked first; if anything is wrong, nothing is changed.' },
      { type: 'text', name: 'reference', label: 'Bring it in under a new reference (optional)', width: 'w20', hint: 'Only needed when this workbook already has a review with the same reference.' },
    ],
    onSubmit: (v) => call('import_review', { reference: v.reference }),
    onSuccess: (r) => { if (r) ctx.navigate(`#/review/${r.review_id}`, { title: `Review ${r.reference} brought in`, body: `${plural(r.counts.members, 'person', 'people')}, ${plural(r.counts.contacts, 'contact', 'contacts')} and everything else in it.` }); },
  });
  page.append(el('h3', { text: 'Bring in a review from a file' }), imp.node);

  // ----- passphrase -----
  page.append(el('h2', { id: 'passphrase', text: 'Your passphrase' }));
  page.append(p('You can change the passphrase that locks your workbook. Backups made before the change still open with the old one.'));
  page.append(p(el('a', { class: 'link', href: '#/settings/passphrase', text: 'Change your passphrase' })));

  // ----- retention -----
  page.append(el('h2', { id: 'retention', text: 'Keeping and destroying reviews' }));
  page.append(p('Each review can have a date until which its records are kept. After that date, destroy it: everything in it is removed for good, from the workbook and from its backups.'));
  if (t.reviews.length) {
    page.append(table({
      caption: 'Reviews and how long they are kept',
      head: ['Review', 'Keep until', 'Status', el('span', { class: 'visually-hidden', text: 'Action' })],
      rows: t.reviews.map((r) => [
        `${r.reference} (${r.pseudonym})`,
        r.retention_until ? formatDate(r.retention_until) : 'Not set',
        r.retention_overdue ? tag('Past its retention date', 'red') : tag('Kept', 'grey'),
        el('a', { class: 'link', href: `#/settings/destroy/${r.id}`, text: 'Destroy', 'aria-label': `Destroy review ${r.reference}` }),
      ]),
      attrs: { id: 'retention-table' },
    }));
  } else {
    page.append(inset('There are no reviews in this workbook.'));
  }
  return page;
}

/**
 * The restore form (a backup file and its passphrase), here and on the first-run screen
 * (a new computer). `onSuccess` gets what `restore_backup` did; the app is locked by then.
 */
export function restoreForm({ id, backup = null, submit, warning = false, secondary = [], onSuccess }) {
  return form({
    id,
    submit: submit || (backup ? 'Restore this backup' : 'Choose the backup file and restore it'),
    warning,
    progress: 'Checking and restoring the backup',
    fields: [
      { type: 'password', name: 'passphrase', label: 'Passphrase of the backup', width: 'w30', autocomplete: 'off', hint: 'The passphrase the workbook had when the backup was made.' },
    ],
    secondary,
    onSubmit: (v) => call('restore_backup', { backup: backup ? backup.id : null, passphrase: v.passphrase }),
    onSuccess: (r, v) => { if (r) return onSuccess(r, v); return undefined; },
  });
}

/** Restore the workbook from a backup file. */
export async function restore(_params, ctx, query) {
  const id = query && query.get('backup');
  const t = id ? await call('trust_overview') : null;
  const backup = t ? t.backups.find((b) => b.id === id) || null : null;
  const page = el('div');
  page.append(backLink('#/settings', 'Back to settings'), el('h1', { text: 'Restore from a backup' }));
  if (backup) {
    page.append(summaryList([
      { key: 'Backup made', value: backup.made },
      { key: 'Why it was made', value: backup.why },
    ]));
  } else {
    page.append(p('Choose a backup file made by Kindred, for example from a memory stick. It ends .kindred.'));
  }
  page.append(p('The backup replaces everything in your workbook now. Your workbook as it is now is kept as a backup first, so you can go back to it.'));
  page.append(p('The backup is checked completely before anything is replaced. If it is damaged, or the passphrase is wrong, nothing changes.'));
  page.append(warningText('After the restore, Kindred locks. Unlock it with the passphrase the backup was made with.'));
  const f = restoreForm({
    id: 'restore',
    backup,
    warning: true,
    secondary: [{ label: 'Cancel', href: '#/settings' }],
    onSuccess: (r) => ctx.locked('Backup restored', `The workbook now holds ${plural(r.reviews, 'review', 'reviews')} from ${r.restored_from}.${r.replaced_kept_as ? ` The workbook it replaced was kept as ${r.replaced_kept_as}.` : ''} Unlock it with the backup's passphrase.`),
  });
  page.append(f.node);
  return page;
}

export async function passphrase(_params, ctx) {
  const page = el('div');
  page.append(backLink('#/settings', 'Back to settings'), el('h1', { text: 'Change your passphrase' }));
  page.append(warningText('Your new passphrase cannot be recovered either. Keep it somewhere safe, away from this computer.'));
  const f = form({
    id: 'passphrase-change',
    submit: 'Change passphrase',
    progress: 'Changing the passphrase',
    fields: [
      { type: 'password', name: 'current', label: 'Your current passphrase', width: 'w30', autocomplete: 'current-password' },
      { type: 'password', name: 'new', label: 'New passphrase', width: 'w30', autocomplete: 'new-password', hint: 'At least 8 characters. Several unrelated words are easy to remember and hard to guess.' },
      { type: 'password', name: 'confirm', label: 'Type the new passphrase again', width: 'w30', autocomplete: 'new-password' },
      {
        type: 'radios', name: 'old_backups', label: 'Backups that open with your current passphrase', value: 'keep',
        hint: 'Kindred keeps backups beside your workbook. If someone else may know your current passphrase, they could open those backups.',
        options: [
          { value: 'keep', label: 'Keep them as they are', hint: 'A way back if you forget the new passphrase.' },
          { value: 'rekey', label: 'Lock them with the new passphrase' },
          { value: 'delete', label: 'Delete them' },
        ],
      },
    ],
    secondary: [{ label: 'Cancel', href: '#/settings' }],
    onSubmit: (v) => call('change_passphrase', { current: v.current, new: v.new, confirm: v.confirm, old_backups: v.old_backups || 'keep' }),
    onSuccess: (r) => ctx.navigate('#/settings', {
      title: 'Your passphrase has been changed',
      body: r.old_passphrase_backup
        ? `Use the new one from now on. A backup that still opens with the old one was kept: ${r.old_passphrase_backup}`
        : `Use the new one from now on. ${r.old_backups.rekeyed ? `${plural(r.old_backups.rekeyed, 'backup', 'backups')} now open only with the new passphrase.` : ''}${r.old_backups.deleted ? `${plural(r.old_backups.deleted, 'backup', 'backups')} that opened with the old passphrase were deleted.` : ''} Copies you saved elsewhere still open with the old one.`,
    }),
  });
  page.append(f.node);
  return page;
}

/** Destroy a review for good. */
export async function destroy([id], ctx) {
  const t = await call('trust_overview');
  const r = t.reviews.find((x) => String(x.id) === String(id));
  const page = el('div');
  page.append(backLink('#/settings', 'Back to settings'));
  if (!r) {
    page.append(el('h1', { text: 'Review not found' }), p('It may have been destroyed already.'));
    return page;
  }
  page.append(el('h1', { text: `Destroy review ${r.reference}` }));
  page.append(summaryList([
    { key: 'Review', value: `${r.reference} (${r.pseudonym})` },
    { key: 'Keep until', value: r.retention_until ? formatDate(r.retention_until) : 'Not set' },
  ]));
  if (!r.retention_overdue) {
    page.append(warningText(r.retention_until
      ? 'This review has not reached its retention date yet. Destroy it only if you are sure its records are no longer needed.'
      : 'This review has no retention date. Destroy it only if you are sure its records are no longer needed.'));
  }
  page.append(p('Destroying it removes the review and everything in it for good: the family and network, contacts, checks, decisions, feedback and the record of documents issued. Older backups, which still hold it, are deleted and a new backup is made. Only a line saying that it was destroyed, and when, is kept. This cannot be undone.'));
  page.append(p('Documents already saved as PDF files, and review files saved for another computer, are not touched: delete those yourself.'));
  const f = form({
    id: 'destroy',
    submit: 'Destroy this review',
    warning: true,
    progress: 'Destroying the review',
    fields: [
      { type: 'text', name: 'confirm_reference', label: `To confirm, type the review's reference, ${r.reference}`, width: 'w20' },
    ],
    secondary: [{ label: 'Cancel', href: '#/settings' }],
    onSubmit: (v) => call('destroy_review', { review_key: r.reference, confirm_reference: v.confirm_reference }),
    onSuccess: (d) => ctx.navigate('#/settings', { title: `Review ${d.reference} destroyed`, body: d.warning || `Everything in it was removed, and ${plural(d.old_backups_removed, 'older backup', 'older backups')} with it.` }),
  });
  page.append(f.node);
  return page;
}
