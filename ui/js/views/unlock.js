// First run (create a passphrase) and unlock. The passphrase goes straight to the shell and
// is never stored, logged or kept in the page after the form is gone.

import { call } from '../api.js';
import { el, form, warningText, p } from '../components.js';
import { restoreForm } from './settings.js';

export async function screen(status, ctx) {
  const box = el('div', { class: 'locked-box' });
  box.append(el('h1', { text: 'Kindred' }));
  if (status && status.problem) {
    box.append(el('h2', { text: 'Kindred cannot find a place for your workbook' }),
      p(status.problem),
      p('Set KINDRED_DB to the file to use, then start Kindred again.'));
    return box;
  }
  if (!status || !status.exists) {
    box.append(
      el('h2', { text: 'Create your workbook' }),
      p('Kindred keeps everything about your reviews in one encrypted file on this computer. Choose a passphrase to lock it. You will type it every time you open Kindred.'),
      warningText('Your passphrase cannot be recovered. If you forget it, nobody can open the workbook, and everything in it is lost. Keep it somewhere safe, away from this computer.'),
    );
    const f = form({
      id: 'create',
      submit: 'Create workbook',
      working: 'Making your workbook…',
      fields: [
        { type: 'password', name: 'passphrase', label: 'Passphrase', hint: 'At least 8 characters. Several unrelated words are easy to remember and hard to guess.', width: 'w30', autocomplete: 'new-password' },
        { type: 'password', name: 'confirm', label: 'Type the passphrase again', width: 'w30', autocomplete: 'new-password' },
      ],
      onSubmit: (v) => call('create_workbook', { passphrase: v.passphrase, confirm: v.confirm }),
      onSuccess: (status) => {
        ctx.flash('Your workbook is ready', 'It is encrypted with your passphrase. Create your first review to start.');
        window.location.hash = '#/';
        return ctx.onUnlocked(status);
      },
    });
    box.append(f.node);
    // Moving to a new computer: a backup from the old one becomes this computer's workbook.
    const restore = restoreForm({
      id: 'first-restore',
      submit: 'Choose the backup file and restore it',
      onSuccess: (r) => ctx.locked('Backup restored', `Your workbook holds ${r.reviews === 1 ? '1 review' : `${r.reviews} reviews`}. Unlock it with the backup's passphrase.`),
    });
    box.append(el('details', { class: 'details' },
      el('summary', { text: 'Moving from another computer? Restore a backup instead' }),
      el('div', { class: 'details__text' }, restore.node)));
  } else {
    box.append(
      el('h2', { text: 'Unlock your workbook' }),
      p('Type your passphrase to open your reviews.'),
    );
    const f = form({
      id: 'unlock',
      submit: 'Unlock',
      working: 'Opening your workbook…',
      fields: [
        { type: 'password', name: 'passphrase', label: 'Passphrase', width: 'w30', autocomplete: 'current-password' },
      ],
      onSubmit: (v) => call('unlock', { passphrase: v.passphrase }),
      onSuccess: (status) => ctx.onUnlocked(status),
      errorFallback: 'passphrase',
    });
    box.append(f.node);
  }
  if (status && status.path) {
    box.append(el('p', { class: 'small secondary-text' }, 'Workbook file: ', el('span', { class: 'path', text: status.path })));
  }
  return box;
}
