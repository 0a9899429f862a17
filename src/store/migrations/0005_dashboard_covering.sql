-- Schema 5: the dashboard reads indexes, not rows. Every page of an encrypted workbook is
-- decrypted and authenticated when read, so reading whole rows (with their JSON bodies) for
-- a few fields cost most of the dashboard's time on a large workbook. Virtual generated
-- columns expose the few JSON fields it needs (computed on read, nothing stored twice in the
-- table), and covering indexes hold them. SQLite keeps the indexes in step with every write.

ALTER TABLE members ADD COLUMN dash_preferred_name TEXT
    GENERATED ALWAYS AS (json_extract(details, '$.preferred_name')) VIRTUAL;
ALTER TABLE members ADD COLUMN dash_cadence ANY
    GENERATED ALWAYS AS (json_extract(details, '$.update_cadence_days')) VIRTUAL;
CREATE INDEX members_dashboard ON members(
    review_id, id, involvement, position, full_name, dash_preferred_name, dash_cadence,
    created_at
);

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
