-- Schema 1: reviews, children, members and everything recorded about them.
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

CREATE TABLE reviews (
    id          INTEGER PRIMARY KEY,
    reference   TEXT NOT NULL UNIQUE,
    nation      TEXT NOT NULL,
    review_type TEXT NOT NULL,
    phase       INTEGER NOT NULL DEFAULT 0 CHECK (phase BETWEEN 0 AND 7),
    body        TEXT NOT NULL,            -- JSON: the rest of the review
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
) STRICT;

CREATE TABLE children (
    id        INTEGER PRIMARY KEY,
    review_id INTEGER NOT NULL REFERENCES reviews(id) ON DELETE CASCADE,
    body      TEXT NOT NULL
) STRICT;
CREATE INDEX children_review ON children(review_id);

CREATE TABLE members (
    id          INTEGER PRIMARY KEY,
    review_id   INTEGER NOT NULL REFERENCES reviews(id) ON DELETE CASCADE,
    full_name   TEXT NOT NULL,
    involvement TEXT NOT NULL,            -- JSON: status and reason
    position    INTEGER NOT NULL DEFAULT 0 CHECK (position BETWEEN 0 AND 7),
    details     TEXT NOT NULL,            -- JSON: MemberDetails
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
) STRICT;
CREATE INDEX members_review ON members(review_id);

CREATE TABLE contact_details (
    id            INTEGER PRIMARY KEY,
    member_id     INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    kind          TEXT NOT NULL,
    value         TEXT NOT NULL,
    safe_to_print INTEGER NOT NULL CHECK (safe_to_print IN (0, 1)),
    confidential  INTEGER NOT NULL CHECK (confidential IN (0, 1))
) STRICT;
CREATE INDEX contact_details_member ON contact_details(member_id);

CREATE TABLE relationships (
    member_id INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    child_id  INTEGER NOT NULL REFERENCES children(id) ON DELETE CASCADE,
    body      TEXT NOT NULL,
    PRIMARY KEY (member_id, child_id)
) STRICT;

CREATE TABLE role_statuses (
    id        INTEGER PRIMARY KEY,
    member_id INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    status    TEXT NOT NULL,
    since     TEXT NOT NULL,
    source    TEXT
) STRICT;
CREATE INDEX role_statuses_member ON role_statuses(member_id);

CREATE TABLE restrictions (
    id        INTEGER PRIMARY KEY,
    member_id INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    body      TEXT NOT NULL
) STRICT;
CREATE INDEX restrictions_member ON restrictions(member_id);

CREATE TABLE clearances (
    id        INTEGER PRIMARY KEY,
    member_id INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    body      TEXT NOT NULL
) STRICT;
CREATE INDEX clearances_member ON clearances(member_id);

CREATE TABLE abuse_links (
    victim_id      INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    perpetrator_id INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    PRIMARY KEY (victim_id, perpetrator_id),
    CHECK (victim_id <> perpetrator_id)
) STRICT;

CREATE TABLE barriers (
    protected_id     INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    withheld_from_id INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    reason           TEXT,
    PRIMARY KEY (protected_id, withheld_from_id),
    CHECK (protected_id <> withheld_from_id)
) STRICT;

CREATE TABLE contacts (
    id        INTEGER PRIMARY KEY,
    review_id INTEGER NOT NULL REFERENCES reviews(id) ON DELETE CASCADE,
    member_id INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    date      TEXT NOT NULL,
    outcome   TEXT NOT NULL,
    body      TEXT NOT NULL
) STRICT;
CREATE INDEX contacts_member ON contacts(member_id, date);
CREATE INDEX contacts_review ON contacts(review_id);

CREATE TABLE terms (
    id        INTEGER PRIMARY KEY,
    member_id INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    version   INTEGER NOT NULL,
    body      TEXT NOT NULL,
    UNIQUE (member_id, version)
) STRICT;

CREATE TABLE check_statuses (
    review_id INTEGER NOT NULL REFERENCES reviews(id) ON DELETE CASCADE,
    check_id  TEXT NOT NULL,
    member_id INTEGER NOT NULL DEFAULT 0,  -- 0: the review-level check
    status    TEXT NOT NULL,               -- JSON: CheckStatus
    updated_at TEXT NOT NULL,
    PRIMARY KEY (review_id, check_id, member_id)
) STRICT;

CREATE TABLE decisions (
    id        INTEGER PRIMARY KEY,
    review_id INTEGER NOT NULL REFERENCES reviews(id) ON DELETE CASCADE,
    body      TEXT NOT NULL
) STRICT;
CREATE INDEX decisions_review ON decisions(review_id);

CREATE TABLE parallel_processes (
    id        INTEGER PRIMARY KEY,
    review_id INTEGER NOT NULL REFERENCES reviews(id) ON DELETE CASCADE,
    body      TEXT NOT NULL
) STRICT;
CREATE INDEX parallel_review ON parallel_processes(review_id);

CREATE TABLE audit (
    id        INTEGER PRIMARY KEY,
    at        TEXT NOT NULL,
    review_id INTEGER,                    -- no foreign key: the line outlives a destroyed review
    entity    TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    action    TEXT NOT NULL,
    old       TEXT,
    new       TEXT
) STRICT;
CREATE INDEX audit_review ON audit(review_id);
