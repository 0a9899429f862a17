-- Schema 7: contacts can be marked as entered in error (issue 9, item 7). The contact is
-- kept, with the reason in its body (`entered_in_error`), so the log still shows what was
-- written, but it no longer counts: the flag is a column so that the dashboard's triggers
-- and the lists of contacts can leave it out. A restriction entered in error keeps the
-- reason in its body alone: nothing in SQL reads a restriction, and the domain's rule
-- (`Restriction::active_on`) leaves it out of every safety check.

ALTER TABLE contacts ADD COLUMN entered_in_error INTEGER NOT NULL DEFAULT 0
    CHECK (entered_in_error IN (0, 1));
UPDATE contacts SET entered_in_error = 1
    WHERE json_extract(body, '$.entered_in_error') IS NOT NULL;

-- When each person was last reached: only contacts that count. The same triggers as in
-- schema 6, each with `entered_in_error = 0`, and the update trigger also fired by a change
-- of the flag.
DROP TRIGGER member_brief_on_insert;
DROP TRIGGER member_brief_on_contact_insert;
DROP TRIGGER member_brief_on_contact_update;
DROP TRIGGER member_brief_on_contact_delete;

CREATE TRIGGER member_brief_on_insert AFTER INSERT ON members
BEGIN
    INSERT INTO member_brief VALUES (
        new.id, new.review_id, coalesce(json_extract(new.involvement, '$.status'), ''),
        new.position, coalesce(json_extract(new.details, '$.preferred_name'), new.full_name),
        json_extract(new.details, '$.update_cadence_days'),
        substr(new.created_at, 1, 10),
        (SELECT max(c.date) FROM contacts c
         WHERE c.outcome = 'reached' AND c.member_id = new.id AND c.entered_in_error = 0),
        (SELECT t.dash_cadence FROM terms t
         WHERE t.member_id = new.id ORDER BY t.version DESC LIMIT 1),
        (SELECT count(*) FROM check_statuses c
         WHERE c.review_id = new.review_id AND c.member_id = new.id
           AND c.phase <= new.position AND c.dash_status <> 'to-do'));
END;

CREATE TRIGGER member_brief_on_contact_insert AFTER INSERT ON contacts
    WHEN new.outcome = 'reached' AND new.entered_in_error = 0
BEGIN
    UPDATE member_brief SET last_reached = new.date
    WHERE id = new.member_id AND (last_reached IS NULL OR last_reached < new.date);
END;

CREATE TRIGGER member_brief_on_contact_update
    AFTER UPDATE OF member_id, date, outcome, entered_in_error ON contacts
BEGIN
    UPDATE member_brief SET last_reached = (
        SELECT max(c.date) FROM contacts c
        WHERE c.outcome = 'reached' AND c.member_id = member_brief.id
          AND c.entered_in_error = 0)
    WHERE id IN (old.member_id, new.member_id);
END;

CREATE TRIGGER member_brief_on_contact_delete AFTER DELETE ON contacts
    WHEN old.outcome = 'reached'
BEGIN
    UPDATE member_brief SET last_reached = (
        SELECT max(c.date) FROM contacts c
        WHERE c.outcome = 'reached' AND c.member_id = member_brief.id
          AND c.entered_in_error = 0)
    WHERE id = old.member_id;
END;

UPDATE member_brief SET last_reached = (
    SELECT max(c.date) FROM contacts c
    WHERE c.outcome = 'reached' AND c.member_id = member_brief.id AND c.entered_in_error = 0);
