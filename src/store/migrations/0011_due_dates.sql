-- Schema 11: the Due list (issue 15, item 3) reads, across every review, the contacts with a
-- follow-up date and the visits and calls still planned. Both are a small part of the
-- contacts (199,249 in the 2,000-review demo), so each has a partial index and the list
-- never reads the rest.

CREATE INDEX IF NOT EXISTS contacts_follow_up ON contacts(json_extract(body, '$.follow_up_due'))
    WHERE json_extract(body, '$.follow_up_due') IS NOT NULL;
CREATE INDEX IF NOT EXISTS contacts_planned ON contacts(date) WHERE outcome = 'planned';

-- The dashboard names the people whose latest terms ask to see the draft and who have not
-- been shown it. The terms that ask are few; this index finds them, and their latest
-- version, without reading any terms body.
CREATE INDEX IF NOT EXISTS terms_wants_draft ON terms(member_id, version)
    WHERE json_extract(body, '$.wants_draft') = 1;
