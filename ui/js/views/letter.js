// Write a letter (issue 13, item 5): from a person's page (#/letter/ID) or, for a visit
// confirmation, from Prepare a visit (#/letter/ID?visit=CONTACT). The author chooses the
// letter, its format and languages, and may add a few sentences of their own; the core
// checks the safety rules and every word for anyone else's details, writes the PDF into
// their Kindred documents folder and records it as issued. Errors come back in the words
// of the form.

import { call } from '../api.js';
import { documentPanel } from './document.js';
import {
  el, p, form, backLink, caption, notification, showError, WALES_LANGUAGES, documentWarnings,
  draftConfirmFields,
} from '../components.js';
import { memberName } from '../fields.js';

const KINDS = [
  { value: 'first', label: 'First letter', hint: 'Who you are, why you are writing and what happens next. Send the information sheet with it.' },
  { value: 'update', label: 'Update', hint: 'How the review is going and when they will hear from you again.' },
  { value: 'terms', label: 'What we agreed', hint: 'Their terms of engagement in plain words. Record their terms first.' },
  { value: 'draft', label: 'Invitation to read the draft', hint: 'Only for someone whose terms say they want to see the draft.' },
  { value: 'publication', label: 'Word of publication', hint: 'When and where the report is published, and what it will say about them.' },
];
const VISIT = { value: 'visit', label: 'Visit confirmation', hint: 'When and where, who will be there, and that they can stop at any time.' };

export async function write([id], ctx, query) {
  const mp = await call('member_view', { id: Number(id) });
  const m = mp.member;
  const visitId = query && query.get('visit') ? Number(query.get('visit')) : null;
  const out = el('div');
  out.append(backLink(`#/person/${m.id}`, `Back to ${memberName(m)}`),
    caption(memberName(m)), el('h1', { text: visitId ? 'Write a visit confirmation' : 'Write a letter' }));
  const kinds = visitId ? [VISIT] : KINDS;
  const fields = [
    {
      type: 'radios', name: 'kind', label: 'Which letter', value: visitId ? 'visit' : null, options: kinds,
    },
    {
      type: 'radios', name: 'variant', label: 'Format of the letter', value: mp.sheet_variant,
      hint: mp.sheet_variant === 'standard' ? null : 'Chosen from the needs recorded for them.',
      options: [
        { value: 'standard', label: 'Standard' },
        { value: 'large-print', label: 'Large print' },
        { value: 'easy-read', label: 'Easy read', hint: 'Short sentences, one idea per line.' },
        { value: 'young', label: 'Young person’s version', hint: 'Written for someone aged about 12 to 17.' },
      ],
    },
  ];
  const wales = mp.nation === 'wales';
  if (wales) {
    fields.push({
      type: 'radios', name: 'language', label: 'Language', value: mp.document_languages,
      hint: 'Welsh comes first for someone who prefers Welsh.', options: WALES_LANGUAGES,
    });
  }
  fields.push({
    type: 'textarea', name: 'paragraph', label: 'Your paragraph (optional)', rows: 5,
    hint: 'A few sentences of your own, at most 900 characters. Kindred checks them for anyone else’s name or details, like the rest of the letter.',
  });
  if (wales) {
    fields.push({
      type: 'textarea', name: 'paragraph_cy', label: 'Your paragraph in Welsh (optional)', rows: 5,
      hint: 'For the Welsh part. Without it, the Welsh part leaves your paragraph out.',
    });
  }
  fields.push(...draftConfirmFields(mp.draft_translation));
  const docRefusals = mp.may_receive_document_text.filter((t) => !mp.may_contact_text.includes(t));
  if (docRefusals.length || mp.may_contact_text.length) {
    fields.unshift(
      { type: 'node', node: el('div', { class: 'panel-refusal' }, el('h2', { class: 'heading-m', text: 'Kindred will not write to them yet' }), el('ul', { class: 'list' }, [...mp.may_contact_text, ...docRefusals].map((t) => el('li', { text: t })))) },
      { type: 'textarea', name: 'override_reason', label: 'Reason to write anyway (optional)', hint: 'Only if you have decided they should have it. The reason is kept in the decision log and the audit.', rows: 3 },
    );
  }
  const result = el('div', { id: 'letter-result' });
  const f = form({
    id: 'letter',
    submit: 'Make the letter',
    fields,
    onSubmit: (v) => call('make_letter', {
      member_id: m.id,
      kind: v.kind || null,
      contact_id: visitId,
      variant: v.variant || null,
      language: v.language || null,
      paragraph: v.paragraph || null,
      paragraph_cy: v.paragraph_cy || null,
      override_reason: v.override_reason || null,
      draft_ok: Boolean(v.draft_ok),
    }),
    onSuccess: async (made) => {
      result.replaceChildren(notification('Letter saved', `Saved to ${made.path}. Print it below, or open it in your PDF viewer.`), ...documentWarnings(made));
      try {
        result.append(await documentPanel(made.id));
      } catch (err) {
        showError(result, err);
      }
      result.scrollIntoView({ block: 'start' });
    },
  });
  out.append(f.node, result);
  if (!visitId) out.append(p(el('a', { href: `#/person/${m.id}`, text: 'Back to their page' })));
  return out;
}
