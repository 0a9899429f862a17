-- Schema 13: the people of a few reviews found without reading every person's short row.
-- After the author's own writes the dashboard reads again only the reviews they changed
-- (store::changes); their people are found through this index, not by a scan of the
-- 16,000 short rows of a 2,000-review workbook.
CREATE INDEX IF NOT EXISTS member_brief_review ON member_brief(review_id);
