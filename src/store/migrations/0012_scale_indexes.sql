-- Schema 12: what the Due list and the evaluation read across every review, found without
-- reading the records' bodies (in the 2,000-review demo, 16,000 people, thousands of
-- documents and returns).

-- Feedback forms made for someone: the Due list (forms not returned) and the evaluation
-- (forms sent) read who, which review and when from this index alone.
CREATE INDEX IF NOT EXISTS documents_feedback_forms
    ON documents_issued(member_id, made_at, review_id)
    WHERE json_extract(body, '$.kind') = 'feedback-form';

-- Each person's latest return (the Due list matches forms against it).
CREATE INDEX IF NOT EXISTS feedback_member_received
    ON feedback(member_id, json_extract(body, '$.received_on'))
    WHERE member_id IS NOT NULL;
