-- Schema 6: the dashboard reads two short tables and nothing else of size: one row per
-- review (`review_brief`) and one per person (`member_brief`, which now also holds when the
-- person was last reached, the cadence of their latest terms and how many of their checks
-- are closed). Both are kept by triggers in the same transaction as every change, so no code
-- writes them and they cannot drift. Measured on 2,000 reviews: reading whole review rows
-- (their JSON bodies, about 1 KB each), joining three per-person sources and reading every
-- closed check (about 100,000) cost nearly all of the dashboard's time.

DROP TRIGGER member_brief_on_insert;
DROP TRIGGER member_brief_on_update;
DROP TRIGGER member_brief_on_delete;
DROP TABLE member_brief;
DROP TRIGGER last_reached_on_insert;
DROP TRIGGER last_reached_on_update;
DROP TRIGGER last_reached_on_delete;
DROP TRIGGER last_reached_on_member_delete;
DROP TABLE last_reached;
DROP INDEX terms_dashboard;
DROP INDEX check_statuses_dashboard;

-- The catalogue phase of each check with a status: NULL when this version does not know the
-- check or it does not apply in the review's nation. Written with every status by the store,
-- and brought in line with the embedded catalogue when a workbook is opened by a version whose
-- catalogue differs (store::dashboard::align_check_phases), which also fills it here.
ALTER TABLE check_statuses ADD COLUMN phase INTEGER;

-- Reviews ------------------------------------------------------------------------------

CREATE TABLE review_brief (
    id              INTEGER PRIMARY KEY,
    reference       TEXT NOT NULL,
    nation          TEXT NOT NULL,
    review_type     TEXT NOT NULL,
    phase           INTEGER NOT NULL,
    pseudonym       TEXT NOT NULL,
    cadence         ANY,
    retention_until TEXT,
    key_dates       TEXT NOT NULL,  -- JSON object: key date -> YYYY-MM-DD
    closed_checks   INTEGER NOT NULL DEFAULT 0  -- review-level, phase up to the review's
) STRICT;
INSERT INTO review_brief
    SELECT id, reference, nation, review_type, phase,
           coalesce(json_extract(body, '$.pseudonym'), ''),
           json_extract(body, '$.update_cadence_days'),
           json_extract(body, '$.retention_until'),
           coalesce(json_extract(body, '$.key_dates'), '{}'), 0
    FROM reviews;

CREATE TRIGGER review_brief_on_insert AFTER INSERT ON reviews
BEGIN
    INSERT INTO review_brief VALUES (
        new.id, new.reference, new.nation, new.review_type, new.phase,
        coalesce(json_extract(new.body, '$.pseudonym'), ''),
        json_extract(new.body, '$.update_cadence_days'),
        json_extract(new.body, '$.retention_until'),
        coalesce(json_extract(new.body, '$.key_dates'), '{}'),
        (SELECT count(*) FROM check_statuses c
         WHERE c.review_id = new.id AND c.member_id = 0 AND c.phase <= new.phase
           AND c.dash_status <> 'to-do'));
END;

CREATE TRIGGER review_brief_on_update AFTER UPDATE ON reviews
BEGIN
    DELETE FROM review_brief WHERE id = old.id;
    INSERT INTO review_brief VALUES (
        new.id, new.reference, new.nation, new.review_type, new.phase,
        coalesce(json_extract(new.body, '$.pseudonym'), ''),
        json_extract(new.body, '$.update_cadence_days'),
        json_extract(new.body, '$.retention_until'),
        coalesce(json_extract(new.body, '$.key_dates'), '{}'),
        (SELECT count(*) FROM check_statuses c
         WHERE c.review_id = new.id AND c.member_id = 0 AND c.phase <= new.phase
           AND c.dash_status <> 'to-do'));
END;

CREATE TRIGGER review_brief_on_delete AFTER DELETE ON reviews
BEGIN
    DELETE FROM review_brief WHERE id = old.id;
END;

-- People -------------------------------------------------------------------------------

CREATE TABLE member_brief (
    id             INTEGER PRIMARY KEY,
    review_id      INTEGER NOT NULL,
    status         TEXT NOT NULL,   -- the involvement status, without its reason
    position       INTEGER NOT NULL,
    display_name   TEXT NOT NULL,   -- the name the person goes by (preferred, else full)
    cadence        ANY,             -- the person's own update cadence, if any
    since          TEXT NOT NULL,   -- the day the person was added
    last_reached   TEXT,            -- the latest contact whose outcome is "reached"
    terms_cadence  ANY,             -- the cadence in the latest terms of engagement
    closed_checks  INTEGER NOT NULL DEFAULT 0  -- the person's, phase up to their position
) STRICT;
INSERT INTO member_brief
    SELECT m.id, m.review_id, coalesce(json_extract(m.involvement, '$.status'), ''),
           m.position, coalesce(json_extract(m.details, '$.preferred_name'), m.full_name),
           json_extract(m.details, '$.update_cadence_days'),
           substr(m.created_at, 1, 10),
           (SELECT max(c.date) FROM contacts c
            WHERE c.outcome = 'reached' AND c.member_id = m.id),
           (SELECT t.dash_cadence FROM terms t
            WHERE t.member_id = m.id ORDER BY t.version DESC LIMIT 1),
           0
    FROM members m;

CREATE TRIGGER member_brief_on_insert AFTER INSERT ON members
BEGIN
    INSERT INTO member_brief VALUES (
        new.id, new.review_id, coalesce(json_extract(new.involvement, '$.status'), ''),
        new.position, coalesce(json_extract(new.details, '$.preferred_name'), new.full_name),
        json_extract(new.details, '$.update_cadence_days'),
        substr(new.created_at, 1, 10),
        (SELECT max(c.date) FROM contacts c
         WHERE c.outcome = 'reached' AND c.member_id = new.id),
        (SELECT t.dash_cadence FROM terms t
         WHERE t.member_id = new.id ORDER BY t.version DESC LIMIT 1),
        (SELECT count(*) FROM check_statuses c
         WHERE c.review_id = new.review_id AND c.member_id = new.id
           AND c.phase <= new.position AND c.dash_status <> 'to-do'));
END;

-- The person's own fields, and their closed checks (their position may have moved): when
-- they were last reached and their terms are kept by the triggers on contacts and terms.
CREATE TRIGGER member_brief_on_update AFTER UPDATE ON members
BEGIN
    UPDATE member_brief SET
        id = new.id,
        review_id = new.review_id,
        status = coalesce(json_extract(new.involvement, '$.status'), ''),
        position = new.position,
        display_name = coalesce(json_extract(new.details, '$.preferred_name'), new.full_name),
        cadence = json_extract(new.details, '$.update_cadence_days'),
        since = substr(new.created_at, 1, 10),
        closed_checks = (SELECT count(*) FROM check_statuses c
                         WHERE c.review_id = new.review_id AND c.member_id = new.id
                           AND c.phase <= new.position AND c.dash_status <> 'to-do')
    WHERE id = old.id;
END;

CREATE TRIGGER member_brief_on_delete AFTER DELETE ON members
BEGIN
    DELETE FROM member_brief WHERE id = old.id;
END;

-- When each person was last reached.
CREATE TRIGGER member_brief_on_contact_insert AFTER INSERT ON contacts
    WHEN new.outcome = 'reached'
BEGIN
    UPDATE member_brief SET last_reached = new.date
    WHERE id = new.member_id AND (last_reached IS NULL OR last_reached < new.date);
END;

CREATE TRIGGER member_brief_on_contact_update AFTER UPDATE OF member_id, date, outcome ON contacts
BEGIN
    UPDATE member_brief SET last_reached = (
        SELECT max(c.date) FROM contacts c
        WHERE c.outcome = 'reached' AND c.member_id = member_brief.id)
    WHERE id IN (old.member_id, new.member_id);
END;

CREATE TRIGGER member_brief_on_contact_delete AFTER DELETE ON contacts
    WHEN old.outcome = 'reached'
BEGIN
    UPDATE member_brief SET last_reached = (
        SELECT max(c.date) FROM contacts c
        WHERE c.outcome = 'reached' AND c.member_id = member_brief.id)
    WHERE id = old.member_id;
END;

-- The cadence in each person's latest terms of engagement (the highest version).
CREATE TRIGGER member_brief_on_terms_insert AFTER INSERT ON terms
BEGIN
    UPDATE member_brief SET terms_cadence = (
        SELECT t.dash_cadence FROM terms t
        WHERE t.member_id = member_brief.id ORDER BY t.version DESC LIMIT 1)
    WHERE id = new.member_id;
END;

CREATE TRIGGER member_brief_on_terms_update AFTER UPDATE ON terms
BEGIN
    UPDATE member_brief SET terms_cadence = (
        SELECT t.dash_cadence FROM terms t
        WHERE t.member_id = member_brief.id ORDER BY t.version DESC LIMIT 1)
    WHERE id IN (old.member_id, new.member_id);
END;

CREATE TRIGGER member_brief_on_terms_delete AFTER DELETE ON terms
BEGIN
    UPDATE member_brief SET terms_cadence = (
        SELECT t.dash_cadence FROM terms t
        WHERE t.member_id = member_brief.id ORDER BY t.version DESC LIMIT 1)
    WHERE id = old.member_id;
END;

-- Closed checks: how many of the review's own checks, and of each person's, are closed
-- (done, not applicable or decided otherwise) at or before the review's phase or the
-- person's position. The dashboard subtracts them from the applicable count. Not fired by
-- a change of `phase` alone: align_check_phases recounts everything after it sets phases.
CREATE TRIGGER check_counts_on_insert AFTER INSERT ON check_statuses
BEGIN
    UPDATE review_brief SET closed_checks = (
        SELECT count(*) FROM check_statuses c
        WHERE c.review_id = review_brief.id AND c.member_id = 0
          AND c.phase <= review_brief.phase AND c.dash_status <> 'to-do')
    WHERE new.member_id = 0 AND id = new.review_id;
    UPDATE member_brief SET closed_checks = (
        SELECT count(*) FROM check_statuses c
        WHERE c.review_id = member_brief.review_id AND c.member_id = member_brief.id
          AND c.phase <= member_brief.position AND c.dash_status <> 'to-do')
    WHERE new.member_id <> 0 AND id = new.member_id;
END;

CREATE TRIGGER check_counts_on_update
    AFTER UPDATE OF review_id, check_id, member_id, status ON check_statuses
BEGIN
    UPDATE review_brief SET closed_checks = (
        SELECT count(*) FROM check_statuses c
        WHERE c.review_id = review_brief.id AND c.member_id = 0
          AND c.phase <= review_brief.phase AND c.dash_status <> 'to-do')
    WHERE (old.member_id = 0 AND id = old.review_id)
       OR (new.member_id = 0 AND id = new.review_id);
    UPDATE member_brief SET closed_checks = (
        SELECT count(*) FROM check_statuses c
        WHERE c.review_id = member_brief.review_id AND c.member_id = member_brief.id
          AND c.phase <= member_brief.position AND c.dash_status <> 'to-do')
    WHERE id IN (old.member_id, new.member_id) AND id <> 0;
END;

CREATE TRIGGER check_counts_on_delete AFTER DELETE ON check_statuses
BEGIN
    UPDATE review_brief SET closed_checks = (
        SELECT count(*) FROM check_statuses c
        WHERE c.review_id = review_brief.id AND c.member_id = 0
          AND c.phase <= review_brief.phase AND c.dash_status <> 'to-do')
    WHERE old.member_id = 0 AND id = old.review_id;
    UPDATE member_brief SET closed_checks = (
        SELECT count(*) FROM check_statuses c
        WHERE c.review_id = member_brief.review_id AND c.member_id = member_brief.id
          AND c.phase <= member_brief.position AND c.dash_status <> 'to-do')
    WHERE old.member_id <> 0 AND id = old.member_id;
END;
