-- Schema 5: the dashboard reads short rows, not whole records. Every page of an encrypted
-- workbook is decrypted and authenticated when read, so reading whole rows (with their JSON
-- bodies) for a few fields cost most of the dashboard's time on a large workbook.

-- The few fields of each person the dashboard needs, kept by triggers in the same
-- transaction as every change to a person (a covering index cannot serve virtual columns
-- here: measured, the planner went back to the rows). Deleted with the person.
CREATE TABLE member_brief (
    id             INTEGER PRIMARY KEY,
    review_id      INTEGER NOT NULL,
    involvement    TEXT NOT NULL,
    position       INTEGER NOT NULL,
    full_name      TEXT NOT NULL,
    preferred_name TEXT,
    cadence        ANY,
    since          TEXT NOT NULL
) STRICT;
INSERT INTO member_brief
    SELECT id, review_id, involvement, position, full_name,
           json_extract(details, '$.preferred_name'),
           json_extract(details, '$.update_cadence_days'), substr(created_at, 1, 10)
    FROM members;

CREATE TRIGGER member_brief_on_insert AFTER INSERT ON members
BEGIN
    INSERT INTO member_brief VALUES (
        new.id, new.review_id, new.involvement, new.position, new.full_name,
        json_extract(new.details, '$.preferred_name'),
        json_extract(new.details, '$.update_cadence_days'), substr(new.created_at, 1, 10));
END;

CREATE TRIGGER member_brief_on_update AFTER UPDATE ON members
BEGIN
    DELETE FROM member_brief WHERE id = old.id;
    INSERT INTO member_brief VALUES (
        new.id, new.review_id, new.involvement, new.position, new.full_name,
        json_extract(new.details, '$.preferred_name'),
        json_extract(new.details, '$.update_cadence_days'), substr(new.created_at, 1, 10));
END;

CREATE TRIGGER member_brief_on_delete AFTER DELETE ON members
BEGIN
    DELETE FROM member_brief WHERE id = old.id;
END;

-- Terms of engagement and check statuses: the one JSON field the dashboard needs of each,
-- as a virtual generated column (computed on read, stored nowhere) in an index that keeps
-- the rows in the order the dashboard reads them.
ALTER TABLE terms ADD COLUMN dash_cadence ANY
    GENERATED ALWAYS AS (json_extract(body, '$.update_cadence_days')) VIRTUAL;
CREATE INDEX terms_dashboard ON terms(member_id, version, dash_cadence);

ALTER TABLE check_statuses ADD COLUMN dash_status TEXT
    GENERATED ALWAYS AS (json_extract(status, '$.status')) VIRTUAL;
CREATE INDEX check_statuses_dashboard ON check_statuses(review_id, check_id, member_id, dash_status);

-- When each person was last reached, kept by triggers in the same transaction as every
-- change to a contact, so the dashboard reads one short row per person instead of grouping
-- every reached contact. No foreign key: a person's row goes when they do (the last trigger)
-- and when their contacts are deleted with them.
CREATE TABLE last_reached (
    member_id INTEGER PRIMARY KEY,
    date      TEXT NOT NULL
) STRICT;
INSERT INTO last_reached (member_id, date)
    SELECT member_id, max(date) FROM contacts WHERE outcome = 'reached' GROUP BY member_id;

CREATE TRIGGER last_reached_on_insert AFTER INSERT ON contacts WHEN new.outcome = 'reached'
BEGIN
    INSERT INTO last_reached (member_id, date) VALUES (new.member_id, new.date)
        ON CONFLICT (member_id) DO UPDATE SET date = max(date, excluded.date);
END;

CREATE TRIGGER last_reached_on_update AFTER UPDATE OF member_id, date, outcome ON contacts
BEGIN
    DELETE FROM last_reached WHERE member_id IN (old.member_id, new.member_id);
    INSERT INTO last_reached (member_id, date)
        SELECT member_id, max(date) FROM contacts
        WHERE outcome = 'reached' AND member_id IN (old.member_id, new.member_id)
        GROUP BY member_id;
END;

CREATE TRIGGER last_reached_on_delete AFTER DELETE ON contacts WHEN old.outcome = 'reached'
BEGIN
    DELETE FROM last_reached WHERE member_id = old.member_id;
    INSERT INTO last_reached (member_id, date)
        SELECT member_id, max(date) FROM contacts
        WHERE outcome = 'reached' AND member_id = old.member_id
        GROUP BY member_id;
END;

CREATE TRIGGER last_reached_on_member_delete AFTER DELETE ON members
BEGIN
    DELETE FROM last_reached WHERE member_id = old.id;
END;
