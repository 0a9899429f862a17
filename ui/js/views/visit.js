// Prepare a visit: choose the person -> visit details -> safety and open checks -> check
// your answers -> save the visit (as a planned contact) and make the information sheet.
//
// What has been typed is kept in memory (not stored) until the visit is saved; the core
// validates it when it is saved, and any problem sends the author back to the details with
// the messages beside the fields.

import { call } from '../api.js';
import { documentPanel } from './document.js';
import {
  el, p, checkTag, formatDate, labelOf, linkButton, form, backLink, caption,
  summaryList, warningText, inset, showError, button, notification, WALES_LANGUAGES, documentWarnings,
  draftConfirmFields,
} from '../components.js';
import { memberName, contactFields } from '../fields.js';
import { safetyPanel } from './person.js';
import { choices, phaseLabel } from './review.js';

const STEPS = [['person', 'Person'], ['details', 'Visit details'], ['safety', 'Safety and open checks'], ['check', 'Check and save']];

let wizard = null;

function fresh(reviewId) {
  // The visit's mode is set from where the person is when their details are first shown.
  return {
    reviewId, memberId: null, details: {}, contactId: null, pendingErrors: null, made: null,
  };
}

function stepsNav(current) {
  return el('ol', { class: 'steps', 'aria-label': 'Steps' },
    STEPS.map(([id, label]) => el('li', { 'aria-current': id === current ? 'step' : null, text: label })));
}

function page(view, step, title) {
  const out = el('div');
  out.append(backLink(`#/review/${view.review.id}/contacts`, `Back to ${view.review.reference}`),
    caption('Prepare a visit'), el('h1', { text: title }), stepsNav(step));
  return out;
}

export async function wizardView([rid, step = 'person'], ctx, query) {
  const view = await call('review_view', { key: rid });
  if (!wizard || wizard.reviewId !== view.review.id || (wizard.finished && step !== 'done')) wizard = fresh(view.review.id);
  const preset = query && query.get('member');
  if (preset && Number(preset) !== wizard.memberId) {
    wizard = fresh(view.review.id);
    wizard.memberId = Number(preset);
  }
  const member = view.members.find((m) => m.id === wizard.memberId);
  const go = (s) => ctx.navigate(`#/visit/${view.review.id}/${s}`);
  if (step !== 'person' && !member) step = 'person';
  switch (step) {
    case 'person': return personStep(view, ctx, go);
    case 'details': return detailsStep(view, member, ctx, go);
    case 'safety': return safetyStep(view, member, ctx, go);
    case 'check': return checkStep(view, member, ctx, go);
    case 'done': return doneStep(view, member, ctx);
    default: return personStep(view, ctx, go);
  }
}
export { wizardView as wizard };

function personStep(view, ctx, go) {
  const out = page(view, 'person', 'Who is the visit with?');
  if (!view.members.length) {
    out.append(p('Add the family and network first.'), linkButton('Add a family or network member', `#/review/${view.review.id}/members/new`));
    return out;
  }
  const f = form({
    id: 'visit-person',
    submit: 'Continue',
    fields: [{
      type: 'radios', name: 'member_id', cast: 'int', label: 'Person', value: wizard.memberId,
      options: view.members.map((m) => ({ value: m.id, label: memberName(m), hint: `${labelOf(choices(ctx, 'involvement'), m.involvement.status)}; phase ${phaseLabel(ctx, m.position)}` })),
    }],
    onSubmit: async (v) => {
      if (v.member_id == null) throw { code: 'invalid', message: 'Choose the person the visit is with', fields: [{ field: 'member_id', message: 'Choose the person the visit is with' }] };
      return v.member_id;
    },
    onSuccess: (id) => {
      if (id !== wizard.memberId) {
        wizard = fresh(view.review.id);
        wizard.memberId = id;
      }
      go('details');
    },
  });
  out.append(f.node);
  return out;
}

/** Said at once, before any details are typed: the visit cannot go ahead yet. */
function cannotVisit(view, member, mp, ctx) {
  const out = page(view, 'details', `You cannot visit ${memberName(member)} yet`);
  out.append(...safetyPanel(mp, ctx),
    el('div', { class: 'button-group' },
      linkButton('Record clearance', `#/person/${member.id}/clearance`),
      el('a', { href: `#/visit/${view.review.id}/person`, text: 'Choose someone else' })));
  return out;
}

async function detailsStep(view, member, ctx, go) {
  const mp = await call('member_view', { id: member.id });
  if (mp.may_contact_text.length) return cannotVisit(view, member, mp, ctx);
  if (!wizard.details.mode) wizard.details.mode = mp.visit_mode;
  const out = page(view, 'details', `Visit details for ${memberName(member)}`);
  if (member.details.interpreter_needed) {
    out.append(inset(p(`${memberName(member)} needs a professional interpreter${member.details.language ? ` (${member.details.language})` : ''}. Never use a family member or a child.`)));
  }
  const f = form({
    id: 'visit-details',
    submit: 'Continue',
    fields: contactFields(ctx.vocab, view.members, { ...wizard.details, member_id: member.id }, { fixedMember: member.id, planned: true }),
    onSubmit: async (v) => v,
    onSuccess: (v) => {
      wizard.details = v;
      go('safety');
    },
  });
  out.append(f.node);
  if (wizard.pendingErrors) {
    const errs = wizard.pendingErrors;
    wizard.pendingErrors = null;
    queueMicrotask(() => f.showErrors(errs));
  }
  return out;
}

async function safetyStep(view, member, ctx, go) {
  const mp = await call('member_view', { id: member.id });
  const out = page(view, 'safety', 'Safety and open checks');
  const d = wizard.details;
  out.append(p(`Before visiting ${memberName(member)} on ${formatDate(d.date) || 'the chosen date'}, look at what is unresolved for them.`));
  out.append(...safetyPanel(mp, ctx));

  const names = new Map(view.members.map((m) => [m.id, memberName(m)]));
  if (mp.links.length) {
    out.append(el('h2', { text: 'Barriers and domestic abuse links' }),
      el('ul', { class: 'list' }, mp.links.map(([, name, what]) => el('li', { text: `${name}: ${what}` }))),
      p('Nothing about these people goes on this person’s information sheet, and they cannot be at this visit together.'));
  }
  const withLinked = (d.with_member_ids || []).filter((x) => mp.links.some(([oid]) => oid === x));
  if (withLinked.length) {
    out.append(warningText(`You have added ${withLinked.map((x) => names.get(x)).join(', ')} to this visit. Kindred will refuse a joint meeting across a barrier or domestic abuse link.`));
  }

  out.append(el('h2', { text: 'Language and needs' }));
  const det = member.details;
  const needs = [];
  if (det.interpreter_needed) {
    needs.push(d.interpreter_language
      ? `Interpreter booked: ${d.interpreter_language}.`
      : `${memberName(member)} needs a professional interpreter${det.language ? ` (${det.language})` : ''}, and none is entered for this visit.`);
  }
  if (det.accessibility.length) needs.push(`Accessibility: ${det.accessibility.map((a) => labelOf(choices(ctx, 'accessibility'), a)).join(', ')}.`);
  if (det.literacy) needs.push(`Reading and writing: ${det.literacy}.`);
  if (det.safe_contact_times) needs.push(`Safe times to contact: ${det.safe_contact_times}.`);
  out.append(needs.length ? el('ul', { class: 'list' }, needs.map((n) => el('li', { text: n }))) : p('No language or access needs recorded.'));
  if (det.interpreter_needed && !d.interpreter_language) out.append(warningText('Book a professional interpreter before the visit.'));

  out.append(el('h2', { text: 'Dates to be careful of' }));
  const dates = [];
  for (const c of view.children) {
    for (const s of c.sensitive_dates) dates.push(`${c.known_as}: ${s.label}, ${formatDate(s.date)}${s.yearly ? ' (every year)' : ''}`);
  }
  for (const pp of view.parallel_processes) {
    if (pp.next_key_date) dates.push(`${labelOf(choices(ctx, 'parallel_kind'), pp.kind)}: ${pp.status}, ${formatDate(pp.next_key_date)}`);
  }
  if (dates.length) {
    out.append(p(`Is anything due near ${formatDate(d.date) || 'the visit'}: a court date, an anniversary, a birthday?`),
      el('ul', { class: 'list' }, dates.map((x) => el('li', { text: x }))));
  } else {
    out.append(p('No sensitive dates or court dates recorded.'));
  }

  out.append(el('h2', { text: 'Open checks for this person' }));
  const upTo = Math.max(mp.member.position, 1);
  const open = mp.checks.filter((c) => c.status.status === 'to-do' && c.check.phase <= upTo);
  out.append(open.length
    ? el('ul', { class: 'task-list' }, open.map((c) => el('li', { class: 'task-list__item' },
      el('div', { class: 'task-list__name' }, el('a', { href: `#/review/${view.review.id}/checks/${encodeURIComponent(c.check.id)}/${member.id}`, text: c.check.text }),
        el('span', { class: 'task-list__hint', text: `Phase ${phaseLabel(ctx, c.check.phase)}` })),
      el('div', { class: 'task-list__status' }, checkTag(c.status)))))
    : p('No open checks up to their current phase.'));

  const latest = mp.terms[mp.terms.length - 1];
  if (latest) {
    out.append(el('h2', { text: 'What was agreed with them' }),
      summaryList([
        { key: 'How they take part', value: [latest.mode, latest.venue, latest.supporter ? `Supporter: ${latest.supporter}` : ''].filter(Boolean).join('\n') },
        { key: 'Limits of confidentiality explained', value: latest.confidentiality_explained_on ? formatDate(latest.confidentiality_explained_on) : 'Not yet' },
        { key: 'Publication explained', value: latest.publication_explained_on ? formatDate(latest.publication_explained_on) : 'Not yet' },
      ]));
  }

  if (mp.may_contact_text.length) {
    out.append(el('h2', { text: 'You cannot plan this visit yet' }),
      p('Contact with this person is restricted and not cleared. Record the clearance first.'),
      el('div', { class: 'button-group' },
        linkButton('Record clearance', `#/person/${member.id}/clearance`),
        el('a', { href: `#/visit/${view.review.id}/details`, text: 'Back to the visit details' })));
  } else {
    out.append(el('div', { class: 'button-group' },
      button('Continue', () => go('check')),
      el('a', { href: `#/visit/${view.review.id}/details`, text: 'Back to the visit details' })));
  }
  return out;
}

async function checkStep(view, member, ctx, go) {
  const mp = await call('member_view', { id: member.id });
  const out = page(view, 'check', 'Check the visit before you save it');
  const d = wizard.details;
  const names = new Map(view.members.map((m) => [m.id, memberName(m)]));
  const change = (hidden) => ({ href: `#/visit/${view.review.id}/details`, hidden });
  out.append(summaryList([
    { key: 'Person', value: memberName(member), action: { href: `#/visit/${view.review.id}/person`, hidden: 'the person' } },
    { key: 'Date', value: formatDate(d.date) || d.date, action: change('the date') },
    { key: 'Time', value: d.time, action: change('the time') },
    { key: 'How', value: d.mode ? labelOf(choices(ctx, 'contact_mode'), d.mode) : '', action: change('how') },
    { key: 'Place', value: d.location, action: change('the place') },
    { key: 'Professionals who come', value: (d.attendees || []).join('\n'), action: change('who comes') },
    { key: 'Family members present', value: (d.with_member_ids || []).map((x) => names.get(x)).join('\n') || 'None', action: change('family members present') },
    { key: 'Interpreter', value: d.interpreter_language, action: change('the interpreter') },
    { key: 'Supporter', value: d.supporter, action: change('the supporter') },
  ]));
  // The core says which format their recorded needs ask for; the author may choose another.
  const fields = [
    {
      type: 'radios', name: 'variant', label: 'Format of the information sheet', value: mp.sheet_variant,
      hint: mp.sheet_variant === 'standard' ? null : 'Chosen from the needs recorded for them.',
      options: [
        { value: 'standard', label: 'Standard' },
        { value: 'large-print', label: 'Large print' },
        { value: 'easy-read', label: 'Easy read', hint: 'Short sentences, one idea per line.' },
        { value: 'young', label: 'Young person’s version', hint: 'Written for someone aged about 12 to 17.' },
      ],
    },
  ];
  if (view.review.nation === 'wales') {
    fields.push({
      type: 'radios', name: 'language', label: 'Language', value: mp.document_languages,
      hint: 'Welsh comes first for someone who prefers Welsh.',
      options: WALES_LANGUAGES,
    });
  }
  fields.push(...draftConfirmFields(mp.draft_translation));
  const docRefusals = mp.may_receive_document_text.filter((t) => !mp.may_contact_text.includes(t));
  if (docRefusals.length) {
    fields.unshift(
      { type: 'node', node: el('div', { class: 'panel-refusal' }, el('h2', { class: 'heading-m', text: 'Kindred will not make a sheet for them' }), el('ul', { class: 'list' }, docRefusals.map((t) => el('li', { text: t })))) },
      { type: 'textarea', name: 'override_reason', label: 'Reason to make it anyway (optional)', hint: 'Only if you have decided they should have it. The reason is kept in the decision log and the audit.', rows: 3 },
    );
  }
  const f = form({
    id: 'visit-save',
    submit: 'Save the visit and make the PDF',
    working: 'Saving the visit and making the sheet…',
    fields,
    onSubmit: async (v) => {
      const sheet = {
        member_id: member.id, variant: v.variant, language: v.language || null, override_reason: v.override_reason || null,
        draft_ok: Boolean(v.draft_ok),
      };
      // What making the sheet would ask (a draft translation's confirmation) is asked before
      // the visit is saved, so the visit and its sheet are made together.
      await call('check_sheet', sheet);
      const contactForm = { ...d, member_id: member.id, outcome: 'planned' };
      let contact;
      try {
        contact = wizard.contactId
          ? await call('change_contact', { id: wizard.contactId, form: contactForm })
          : await call('record_contact', { form: contactForm });
      } catch (err) {
        if (err.code === 'invalid') {
          wizard.pendingErrors = err;
          go('details');
          return { redirected: true };
        }
        throw err;
      }
      wizard.contactId = contact.id;
      wizard.made = { contact, result: null, error: null };
      try {
        wizard.made.result = await call('make_sheet', { ...sheet, contact_id: contact.id });
      } catch (err) {
        if (err.code === 'locked') throw err;
        wizard.made.error = err;
      }
      return { redirected: false };
    },
    onSuccess: (r) => { if (!r.redirected) go('done'); },
  });
  out.append(f.node);
  return out;
}

function doneStep(view, member, ctx) {
  const out = el('div');
  const made = wizard.made;
  if (!made) {
    out.append(el('h1', { text: 'Nothing saved yet' }), p(el('a', { href: `#/visit/${view.review.id}/check`, text: 'Go back to check the visit' })));
    return out;
  }
  out.append(caption('Prepare a visit'), el('h1', { text: 'Visit saved' }));
  out.append(p(`The visit with ${memberName(member)} on ${formatDate(made.contact.date)} is saved as planned. After the visit, record what happened.`));
  if (made.result) {
    out.append(notification('Information sheet saved', `Saved to ${made.result.path}. Print it below, or open it in your PDF viewer.`));
    out.append(...documentWarnings(made.result));
    const slot = el('div');
    out.append(slot);
    documentPanel(made.result.id).then((panel) => slot.replaceChildren(panel)).catch((err) => showError(slot, err));
  } else if (made.error) {
    const box = el('div');
    showError(box, made.error);
    out.append(box, p('The visit itself is saved.'));
  }
  out.append(el('div', { class: 'button-group' },
    linkButton('Go to their page', `#/person/${member.id}`),
    linkButton('Write a visit confirmation', `#/letter/${member.id}?visit=${made.contact.id}`, 'button--secondary'),
    el('a', { href: `#/review/${view.review.id}/contacts`, text: 'Back to contacts and visits' })));
  wizard.finished = true;
  return out;
}
