-- Schema 2: the support directory, returned feedback and documents issued.
CREATE TABLE support_services (
    id   INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    body TEXT NOT NULL
) STRICT;

CREATE TABLE member_support (
    member_id  INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    support_id INTEGER NOT NULL REFERENCES support_services(id) ON DELETE CASCADE,
    PRIMARY KEY (member_id, support_id)
) STRICT;

CREATE TABLE feedback (
    id        INTEGER PRIMARY KEY,
    review_id INTEGER NOT NULL REFERENCES reviews(id) ON DELETE CASCADE,
    member_id INTEGER REFERENCES members(id) ON DELETE SET NULL,
    body      TEXT NOT NULL
) STRICT;
CREATE INDEX feedback_review ON feedback(review_id);

CREATE TABLE documents_issued (
    id        INTEGER PRIMARY KEY,
    review_id INTEGER NOT NULL REFERENCES reviews(id) ON DELETE CASCADE,
    member_id INTEGER REFERENCES members(id) ON DELETE SET NULL,
    made_at   TEXT NOT NULL,
    body      TEXT NOT NULL
) STRICT;
CREATE INDEX documents_review ON documents_issued(review_id);
