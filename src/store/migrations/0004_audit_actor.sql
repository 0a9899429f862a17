-- Who made each change: the operating-system account and the program (the command line
-- or the desktop app). Rows written before this schema say 'unknown'.
ALTER TABLE audit ADD COLUMN actor TEXT NOT NULL DEFAULT 'unknown';
