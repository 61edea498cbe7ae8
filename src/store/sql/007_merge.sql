-- 007: merging a record entered twice. The record dropped is kept, marked
-- merged into the one kept (merged_into), so that its history, its old
-- address and the decisions naming it stay readable; everything that
-- pointed at it points at the record kept. A merged record is left out of
-- lists, search, counts, exports and the matcher by the store's sight
-- conditions (store_int.h: SEES_ORG, SEES_PROJECT).
--
-- A decision on a pair may now be 'merged', with the record kept.

ALTER TABLE org ADD COLUMN merged_into INTEGER REFERENCES org(id);
ALTER TABLE project ADD COLUMN merged_into INTEGER REFERENCES project(id);
CREATE INDEX org_merged_into ON org(merged_into);
CREATE INDEX project_merged_into ON project(merged_into);

CREATE TABLE dedup_decision_new (
	id          INTEGER PRIMARY KEY,
	kind        TEXT NOT NULL CHECK (kind IN ('projects', 'orgs')),
	a_id        INTEGER NOT NULL,
	b_id        INTEGER NOT NULL,
	decision    TEXT NOT NULL CHECK (decision IN ('confirmed', 'dismissed', 'merged')),
	note        TEXT,
	decided_by  TEXT NOT NULL,   -- the login of who decided
	decided_at  TEXT NOT NULL,   -- UTC, YYYY-MM-DDTHH:MM:SSZ
	kept_id     INTEGER,         -- merged: a_id or b_id, the record kept; NULL otherwise
	CHECK (a_id < b_id),
	CHECK (kept_id IS NULL OR kept_id IN (a_id, b_id)),
	UNIQUE (kind, a_id, b_id)
);
INSERT INTO dedup_decision_new(id, kind, a_id, b_id, decision, note, decided_by, decided_at)
	SELECT id, kind, a_id, b_id, decision, note, decided_by, decided_at FROM dedup_decision;
DROP TABLE dedup_decision;
ALTER TABLE dedup_decision_new RENAME TO dedup_decision;
