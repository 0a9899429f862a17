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
