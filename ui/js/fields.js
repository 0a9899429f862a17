// Form fields shared by several views (a person's details, a contact or visit), named as
// the core's forms name them so its errors land beside the right field.

export function memberName(m) {
  return (m.details && (m.details.preferred_name || m.details.full_name)) || '';
}

/** A new person's phone and email, each with "safe to print" (their page changes them later). */
function newContactFields(v) {
  const safe = 'Safe to print on documents they receive';
  return [
    { type: 'para', label: 'A phone number or email address marked safe to print is used only on documents this person receives, such as their information sheet. Anything not marked is never printed.' },
    { type: 'text', name: 'phone', label: 'Phone (optional)', value: v.phone, width: 'w20', autocomplete: 'off' },
    { type: 'checkbox', name: 'phone_safe_to_print', label: safe, value: v.phone_safe_to_print },
    { type: 'text', name: 'email', label: 'Email (optional)', value: v.email, autocomplete: 'off' },
    { type: 'checkbox', name: 'email_safe_to_print', label: safe, value: v.email_safe_to_print },
  ];
}

/** A person's details; `opts.isNew` adds their phone and email (asked once, when added). */
export function memberFields(vocab, v = {}, nation = null, opts = {}) {
  const ch = vocab ? vocab.choices : {};
  const fields = [
    { type: 'text', name: 'full_name', label: 'Full name', value: v.full_name },
    { type: 'text', name: 'preferred_name', label: 'Name they like to be called (optional)', hint: 'Used on everything written for them.', value: v.preferred_name, width: 'w20' },
    { type: 'text', name: 'report_pseudonym', label: 'Pseudonym in the report (optional)', hint: 'For example, Mother, or Adult B.', value: v.report_pseudonym, width: 'w20' },
    { type: 'checkbox', name: 'child_or_young_person', label: 'This person is a child or young person', value: v.child_or_young_person },
    { type: 'date', name: 'date_of_birth', label: 'Date of birth (optional)', hint: 'For example, 2 June 2010.', value: v.date_of_birth },
    { type: 'select', name: 'age_band', label: 'Age band (optional)', hint: 'Only if you do not know their date of birth.', placeholder: 'Not known', value: v.age_band, options: ch.age_band || [] },
    { type: 'text', name: 'household', label: 'Household (optional)', hint: 'Who they live with, in your words.', value: v.household },
    { type: 'heading', level: 2, label: 'Contacting them' },
    ...(opts.isNew ? newContactFields(v) : []),
    { type: 'select', name: 'preferred_contact_method', label: 'Preferred way to contact them', placeholder: 'Not known', value: v.preferred_contact_method, options: ch.contact_method || [] },
    { type: 'text', name: 'safe_contact_times', label: 'Safe times to contact them (optional)', value: v.safe_contact_times },
    { type: 'select', name: 'location', label: 'Where they are', placeholder: 'Not known', value: v.location, options: ch.location || [] },
    { type: 'text', name: 'establishment', label: 'Prison, hospital or setting, and how to arrange a visit (optional)', value: v.establishment },
    { type: 'text', name: 'advocate', label: 'Advocate or supporter (optional)', value: v.advocate },
    { type: 'heading', level: 2, label: 'Language and needs' },
    { type: 'text', name: 'language', label: 'Language (optional)', value: v.language, width: 'w20' },
    { type: 'text', name: 'dialect', label: 'Dialect (optional)', value: v.dialect, width: 'w20' },
    { type: 'checkbox', name: 'interpreter_needed', label: 'Needs a professional interpreter', hint: 'Never a family member or a child.', value: v.interpreter_needed },
    { type: 'text', name: 'interpreter_gender', label: 'Interpreter gender preference (optional)', value: v.interpreter_gender, width: 'w20' },
    { type: 'checkbox', name: 'translation_needed', label: 'Needs written documents translated', value: v.translation_needed },
    { type: 'text', name: 'literacy', label: 'Reading and writing (optional)', hint: 'For example, prefers things read aloud.', value: v.literacy },
    { type: 'checkboxes', name: 'accessibility', label: 'Accessibility needs', hint: 'Select all that apply.', value: v.accessibility, options: ch.accessibility || [] },
    { type: 'textarea', name: 'accessibility_notes', label: 'More about their needs (optional)', value: v.accessibility_notes, rows: 3 },
  ];
  if (nation === 'wales') {
    fields.push({ type: 'checkbox', name: 'welsh_preferred', label: 'Wants documents in Welsh', value: v.welsh_preferred });
  }
  fields.push(
    { type: 'heading', level: 2, label: 'Their part in the review' },
    { type: 'textarea', name: 'hope_to_learn', label: 'What you hope to learn from them (optional)', value: v.hope_to_learn, rows: 3 },
    { type: 'textarea', name: 'questions', label: 'Questions they want the review to answer (optional)', value: v.questions, rows: 3 },
    { type: 'number', name: 'update_cadence_days', label: 'Days between updates (optional)', hint: 'Until terms of engagement set it. Leave blank to use the review’s.', value: v.update_cadence_days },
    { type: 'textarea', name: 'notes', label: 'Notes (optional)', value: v.notes, rows: 4 },
  );
  return fields;
}

/**
 * A contact or visit. `members` are the review's people; `fixedMember` hides the choice of
 * person; `planned` is a visit being planned (outcome fixed to planned).
 */
export function contactFields(vocab, members, v = {}, opts = {}) {
  const ch = vocab ? vocab.choices : {};
  const fields = [];
  if (!opts.fixedMember) {
    fields.push({
      type: 'radios', name: 'member_id', label: 'Who was the contact with?', cast: 'int', value: v.member_id,
      options: members.map((m) => ({ value: m.id, label: memberName(m) })),
    });
  }
  fields.push(
    { type: 'date', name: 'date', label: 'Date of the contact', hint: 'For example, 14 March 2026.', value: v.date },
    { type: 'time', name: 'time', label: 'Time (optional)', hint: 'For example, 14:30 or 2:30pm.', value: v.time },
    { type: 'select', name: 'mode', label: 'How the contact was made', placeholder: 'Choose how', value: v.mode, options: ch.contact_mode || [] },
  );
  if (!opts.planned) {
    fields.push({ type: 'radios', name: 'outcome', label: 'Outcome', value: v.outcome, options: ch.contact_outcome || [] });
  }
  const others = members.filter((m) => m.id !== (opts.fixedMember || v.member_id));
  fields.push(
    { type: 'text', name: 'location', label: 'Place (optional)', hint: 'Never a confidential address you would not print.', value: v.location },
    { type: 'lines', name: 'attendees', label: 'Professionals who come (optional)', hint: 'One a line, for example: Sam Author, reviewer.', value: v.attendees, rows: 3 },
  );
  if (others.length) {
    fields.push({
      type: 'checkboxes', name: 'with_member_ids', cast: 'int', label: 'Other family members present (optional)',
      hint: 'Kindred refuses a joint meeting across a domestic-abuse link or an information barrier.',
      value: v.with_member_ids, options: others.map((m) => ({ value: m.id, label: memberName(m) })),
    });
  }
  fields.push(
    { type: 'text', name: 'interpreter_language', label: 'Interpreter: language (optional)', value: v.interpreter_language, width: 'w20' },
    { type: 'text', name: 'supporter', label: 'Supporter or advocate present (optional)', value: v.supporter },
  );
  if (opts.planned) return fields;
  fields.push(
    { type: 'text', name: 'initiated_by', label: 'Who started the contact (optional)', value: v.initiated_by },
    {
      type: 'select', name: 'phase', label: 'Phase', placeholder: 'Their current phase', value: v.phase == null ? '' : String(v.phase),
      options: (vocab ? vocab.phases : []).map((ph) => ({ value: String(ph.number), label: `${ph.number} – ${ph.label}` })),
    },
    { type: 'checkboxes', name: 'explained', label: 'What you explained', hint: 'Select all that apply.', value: v.explained, options: ch.explained || [] },
    { type: 'textarea', name: 'notes', label: 'Notes (optional)', hint: 'What the person said, including about the child’s lived experience.', value: v.notes, rows: 6 },
    { type: 'textarea', name: 'disclosure', label: 'Disclosure of a new concern (optional)', value: v.disclosure, rows: 3 },
    { type: 'checkbox', name: 'referral_made', label: 'A referral was made about the disclosure', value: v.referral_made },
    { type: 'textarea', name: 'wellbeing', label: 'Their wellbeing and support offered (optional)', value: v.wellbeing, rows: 3 },
    { type: 'textarea', name: 'follow_up', label: 'Follow-up (optional)', value: v.follow_up, rows: 3 },
    { type: 'date', name: 'follow_up_due', label: 'Follow-up due (optional)', hint: 'For example, 1 April 2026.', value: v.follow_up_due },
  );
  return fields;
}

/** A stored contact as the form's values (to change it). */
export function contactValues(c) {
  return {
    member_id: c.member_id,
    with_member_ids: c.with_member_ids,
    date: c.date,
    time: c.time ? String(c.time).slice(0, 5) : '',
    mode: c.mode,
    outcome: c.outcome,
    location: c.location,
    initiated_by: c.initiated_by,
    attendees: c.attendees,
    interpreter_language: c.interpreter_language,
    supporter: c.supporter,
    phase: c.phase,
    explained: c.explained,
    notes: c.notes,
    disclosure: c.disclosure ? c.disclosure.summary : '',
    referral_made: c.disclosure ? c.disclosure.referral_made : false,
    wellbeing: c.wellbeing,
    follow_up: c.follow_up,
    follow_up_due: c.follow_up_due,
  };
}
