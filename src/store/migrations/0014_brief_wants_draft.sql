-- Schema 14: whether each person's latest terms ask to see the draft, kept in their short
-- row beside the cadence from the same terms, and the family's waiting questions counted
-- from an index alone.
--
-- Why: the dashboard's pass found who wants the draft through the partial index of terms
-- that ask (schema 11), then read each of those terms' bodies again to test the same
-- condition. In the 2,000-review demo two people in three ask, so unlocking decrypted and
-- parsed about 8,000 terms bodies. The short rows are read by the pass anyway. The waiting
-- questions were counted from the index by review and status, then each question's row
-- read for the day it was asked; the index now holds that day.

-- Each person's latest terms (the highest version), as their short row keeps them: the
-- one place that says which terms are the latest and what is taken from them.
CREATE VIEW IF NOT EXISTS latest_terms AS
    SELECT t.member_id, t.dash_cadence AS cadence,
           coalesce(json_extract(t.body, '$.wants_draft') = 1, 0) AS wants_draft
    FROM terms t
    WHERE t.version = (SELECT max(t2.version) FROM terms t2 WHERE t2.member_id = t.member_id);

-- 1 or 0, as the view gives it; 0 for someone with no terms.
ALTER TABLE member_brief ADD COLUMN wants_draft INTEGER NOT NULL DEFAULT 0;
UPDATE member_brief SET wants_draft = coalesce(
    (SELECT l.wants_draft FROM latest_terms l WHERE l.member_id = member_brief.id), 0);

-- A new person has no terms yet (terms refer to the person), so what the row keeps of terms
-- starts empty and the terms triggers below keep it. The insert names its columns now.
DROP TRIGGER IF EXISTS member_brief_on_insert;
CREATE TRIGGER member_brief_on_insert AFTER INSERT ON members
BEGIN
    INSERT INTO member_brief (id, review_id, status, position, display_name, cadence, since,
                              last_reached, closed_checks)
    VALUES (
        new.id, new.review_id, coalesce(json_extract(new.involvement, '$.status'), ''),
        new.position, coalesce(json_extract(new.details, '$.preferred_name'), new.full_name),
        json_extract(new.details, '$.update_cadence_days'),
        substr(new.created_at, 1, 10),
        (SELECT max(c.date) FROM contacts c
         WHERE c.outcome = 'reached' AND c.member_id = new.id AND c.entered_in_error = 0),
        (SELECT count(*) FROM check_statuses c
         WHERE c.review_id = new.review_id AND c.member_id = new.id
           AND c.phase <= new.position AND c.dash_status <> 'to-do'));
END;

-- The cadence and the wish to see the draft, from the person's latest terms.
DROP TRIGGER IF EXISTS member_brief_on_terms_insert;
DROP TRIGGER IF EXISTS member_brief_on_terms_update;
DROP TRIGGER IF EXISTS member_brief_on_terms_delete;

CREATE TRIGGER member_brief_on_terms_insert AFTER INSERT ON terms
BEGIN
    UPDATE member_brief SET
        terms_cadence = (SELECT l.cadence FROM latest_terms l WHERE l.member_id = member_brief.id),
        wants_draft = coalesce(
            (SELECT l.wants_draft FROM latest_terms l WHERE l.member_id = member_brief.id), 0)
    WHERE id = new.member_id;
END;

CREATE TRIGGER member_brief_on_terms_update AFTER UPDATE ON terms
BEGIN
    UPDATE member_brief SET
        terms_cadence = (SELECT l.cadence FROM latest_terms l WHERE l.member_id = member_brief.id),
        wants_draft = coalesce(
            (SELECT l.wants_draft FROM latest_terms l WHERE l.member_id = member_brief.id), 0)
    WHERE id IN (old.member_id, new.member_id);
END;

CREATE TRIGGER member_brief_on_terms_delete AFTER DELETE ON terms
BEGIN
    UPDATE member_brief SET
        terms_cadence = (SELECT l.cadence FROM latest_terms l WHERE l.member_id = member_brief.id),
        wants_draft = coalesce(
            (SELECT l.wants_draft FROM latest_terms l WHERE l.member_id = member_brief.id), 0)
    WHERE id = old.member_id;
END;

-- Nothing else asks which terms ask for the draft.
DROP INDEX IF EXISTS terms_wants_draft;

-- The waiting questions by review, with the day each was asked, from the index alone.
CREATE INDEX IF NOT EXISTS questions_waiting ON questions(review_id, status, asked_on);
DROP INDEX IF EXISTS questions_review;
