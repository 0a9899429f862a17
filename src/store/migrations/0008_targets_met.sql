-- Schema 8: deadlines are met, not only due (issue 10, item 3). A statutory target is met
-- when the key date that completes it is recorded (`met-by` in assets/timescales.toml), or
-- when the author marks it met on a date: that mark is kept here, one row per review and
-- target, audited like every change. The dashboard reads the whole table once (it is small:
-- a few rows per review at most), so no per-review query is added.
--
-- Checks closed by records (item 1) need no schema: the record is in the status's JSON
-- (`record: {kind, id}`), and existing workbooks are brought up to date when they are first
-- opened by this version (`Workbook::apply_recorded_work`, keyed by the catalogue's rules in
-- `meta`), because the rules are data the SQL cannot read.

CREATE TABLE targets_met (
    review_id INTEGER NOT NULL REFERENCES reviews(id) ON DELETE CASCADE,
    target_id TEXT NOT NULL,
    met_on    TEXT NOT NULL,   -- YYYY-MM-DD
    note      TEXT,
    PRIMARY KEY (review_id, target_id)
) STRICT;
