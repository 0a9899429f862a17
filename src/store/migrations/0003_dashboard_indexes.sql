-- Schema 3: a covering index so "when was each person last reached" reads the index only,
-- not every contact's record.
CREATE INDEX contacts_reached ON contacts(outcome, member_id, date);
