-- Schema 9: the family's voice (issue 12). Lines of enquiry, family questions and their
-- answers, what each person told the review, the draft findings they informed, and the
-- draft shared with the family with each comment and the review's response. Each record
-- is a JSON body (the domain type, `src/domain/voice.rs`) beside the columns that are
-- searched: the review (every list is per review, and a review's records go with it), the
-- status (the dashboard counts questions waiting and comments awaiting a response), and
-- the person a contribution came from. Links between records (a question's lines, a
-- finding's contributions) live in the bodies: they are read per review, never searched.
-- A person's questions are found by reading the review's (a review has tens, not
-- thousands); members are never deleted on their own, only with their review.

CREATE TABLE enquiry_lines (
    id        INTEGER PRIMARY KEY,
    review_id INTEGER NOT NULL REFERENCES reviews(id) ON DELETE CASCADE,
    status    TEXT NOT NULL,
    body      TEXT NOT NULL
) STRICT;
CREATE INDEX enquiry_lines_review ON enquiry_lines(review_id);

CREATE TABLE questions (
    id        INTEGER PRIMARY KEY,
    review_id INTEGER NOT NULL REFERENCES reviews(id) ON DELETE CASCADE,
    asked_on  TEXT NOT NULL,   -- YYYY-MM-DD
    status    TEXT NOT NULL,   -- open | being-looked-into | answered | cannot-be-answered | outside-review
    body      TEXT NOT NULL
) STRICT;
CREATE INDEX questions_review ON questions(review_id, status);

CREATE TABLE contributions (
    id        INTEGER PRIMARY KEY,
    review_id INTEGER NOT NULL REFERENCES reviews(id) ON DELETE CASCADE,
    member_id INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    date      TEXT NOT NULL,
    body      TEXT NOT NULL
) STRICT;
CREATE INDEX contributions_review ON contributions(review_id);
CREATE INDEX contributions_member ON contributions(member_id);

CREATE TABLE findings (
    id        INTEGER PRIMARY KEY,
    review_id INTEGER NOT NULL REFERENCES reviews(id) ON DELETE CASCADE,
    status    TEXT NOT NULL,   -- draft | agreed
    body      TEXT NOT NULL
) STRICT;
CREATE INDEX findings_review ON findings(review_id);

CREATE TABLE sharing_sessions (
    id        INTEGER PRIMARY KEY,
    review_id INTEGER NOT NULL REFERENCES reviews(id) ON DELETE CASCADE,
    date      TEXT NOT NULL,
    body      TEXT NOT NULL    -- without its comments, which are rows of draft_comments
) STRICT;
CREATE INDEX sharing_sessions_review ON sharing_sessions(review_id);

CREATE TABLE draft_comments (
    id         INTEGER PRIMARY KEY,
    review_id  INTEGER NOT NULL REFERENCES reviews(id) ON DELETE CASCADE,
    session_id INTEGER NOT NULL REFERENCES sharing_sessions(id) ON DELETE CASCADE,
    awaiting   INTEGER NOT NULL CHECK (awaiting IN (0, 1)),  -- no response, or not yet told
    body       TEXT NOT NULL
) STRICT;
CREATE INDEX draft_comments_session ON draft_comments(session_id);
CREATE INDEX draft_comments_review ON draft_comments(review_id, awaiting);

-- The involvement summary as the author edited it, kept with a digest of the records it was
-- made from, so Kindred can say when newer records make it out of date. One per review.
CREATE TABLE involvement_summaries (
    review_id INTEGER PRIMARY KEY REFERENCES reviews(id) ON DELETE CASCADE,
    body      TEXT NOT NULL
) STRICT;
