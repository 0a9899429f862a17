// Links from a check to the record that closed it (its evidence), by the record's kind.

/** Where a record of `kind` with `id` is shown, in a review `reviewId`, for person `memberId`. */
export function recordHref(rec, reviewId, memberId) {
  if (!rec) return null;
  switch (rec.kind) {
    case 'contact': return `#/review/${reviewId}/contacts/${rec.id}`;
    case 'document': return `#/document/${rec.id}`;
    case 'decision': return `#/review/${reviewId}/decisions`;
    case 'feedback': return `#/review/${reviewId}/feedback`;
    case 'review': return `#/review/${reviewId}`;
    default: return memberId ? `#/person/${memberId}` : `#/review/${reviewId}`;
  }
}

const KIND_WORDS = {
  contact: 'the contact',
  document: 'the document',
  decision: 'the decision log',
  feedback: 'the feedback',
  review: 'the review’s details',
  terms: 'their terms of engagement',
  clearance: 'the clearance on their page',
  restriction: 'the restriction on their page',
  'role-status': 'their legal or role status',
  person: 'their details',
  involvement: 'their involvement',
};

/** "See the contact" and the like: the words of a link to a record. */
export function recordWords(rec) {
  return `See ${KIND_WORDS[rec.kind] || 'the record'}`;
}
