-- 008: what a merge did, so that it can be undone. One merge_log row per
-- merge: the pair, the fields of the record kept that were filled from the
-- record dropped, the names that became its alternate names and the
-- decision the pair had before. One merge_move row per row of another
-- table that the merge changed or deleted (a membership moved, a duplicate
-- role removed), with the row as it was before and right after, as JSON
-- objects of its columns. Merges made before this migration have no log
-- and cannot be undone.

CREATE TABLE merge_log (
	id              INTEGER PRIMARY KEY,
	kind            TEXT NOT NULL CHECK (kind IN ('orgs', 'projects')),
	keep_id         INTEGER NOT NULL,
	drop_id         INTEGER NOT NULL,
	filled          TEXT NOT NULL DEFAULT '{}',  -- JSON: field -> value copied from drop
	names           TEXT NOT NULL DEFAULT '[]',  -- JSON: names of drop added to keep's aliases
	decision_before TEXT,                        -- JSON: the pair's decision before; NULL: none
	merged_by       TEXT NOT NULL,               -- login
	merged_at       TEXT NOT NULL,               -- UTC, YYYY-MM-DDTHH:MM:SSZ
	undone_by       TEXT,                        -- NULL while the merge stands
	undone_at       TEXT
);
CREATE INDEX merge_log_drop ON merge_log(kind, drop_id);

CREATE TABLE merge_move (
	id        INTEGER PRIMARY KEY,
	merge_id  INTEGER NOT NULL REFERENCES merge_log(id),
	tbl       TEXT NOT NULL,      -- one of the tables named in store_merge.c
	row_id    INTEGER NOT NULL,   -- its rowid when the merge ran
	before    TEXT NOT NULL,      -- JSON object of the row before the merge
	after     TEXT                -- the same right after; NULL when the merge deleted it
);
CREATE INDEX merge_move_merge ON merge_move(merge_id);
