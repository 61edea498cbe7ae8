-- 003: decisions on likely duplicates. A coordinator, a ministry reviewer
-- or an administrator looks at a pair the matcher found (two projects, or
-- two organizations) and says whether they are one record (confirmed) or
-- two (dismissed); the pair is then not asked again.
--
-- The two ids are stored smaller first, so a pair has one row whichever
-- way it was found. No foreign keys: a decision stays in the history of
-- the review even when a record is later removed or merged. A later
-- decision on the same pair replaces the row (the audit log keeps both).

CREATE TABLE dedup_decision (
	id          INTEGER PRIMARY KEY,
	kind        TEXT NOT NULL CHECK (kind IN ('projects', 'orgs')),
	a_id        INTEGER NOT NULL,
	b_id        INTEGER NOT NULL,
	decision    TEXT NOT NULL CHECK (decision IN ('confirmed', 'dismissed')),
	note        TEXT,
	decided_by  TEXT NOT NULL,   -- the login of who decided
	decided_at  TEXT NOT NULL,   -- UTC, YYYY-MM-DDTHH:MM:SSZ
	CHECK (a_id < b_id),
	UNIQUE (kind, a_id, b_id)
);
