-- 004_import.sql — what imports remember between runs.
--
-- An import source is where rows come from ("afg-3w-operational-presence-
-- 2024-q1.csv", "upload by a coordinator"); it keeps the header->field
-- mapping last used for it, so the next file from the same source is read
-- the same way. Each row imported from a source leaves its key here with
-- the record it became, so a run repeated gives the same records, not twice
-- as many. A key may also name a group of rows (a 3W presence: one
-- organization in one cluster in one province) that became one record.

CREATE TABLE import_source (
	id          INTEGER PRIMARY KEY,
	name        TEXT NOT NULL UNIQUE,   -- as given by the importer, e.g. the file name
	mapping     TEXT,                   -- JSON object: header -> field, or NULL
	created_at  TEXT NOT NULL,
	updated_at  TEXT NOT NULL
);

CREATE TABLE import_key (
	source_id   INTEGER NOT NULL REFERENCES import_source(id) ON DELETE CASCADE,
	key         TEXT NOT NULL,          -- "row|..." for a row, "group|..." for a group of rows
	entity      TEXT NOT NULL,          -- "project" or "org"
	entity_id   INTEGER NOT NULL,
	digest      TEXT,                   -- hash of the row's values, to see a changed row
	PRIMARY KEY (source_id, key)
);
CREATE INDEX import_key_entity ON import_key(entity, entity_id);

-- The search index finds a record's row by rowid (id * 8 + a number per
-- kind, as store.c's search_rowid computes it), so that replacing a row
-- does not scan the index: an import of a million rows stays linear.
-- Rows written before get their rowids here.
CREATE TEMP TABLE search_copy AS SELECT entity, entity_id, names, body FROM search_index;
DELETE FROM search_index;
INSERT INTO search_index(rowid, entity, entity_id, names, body)
	SELECT entity_id * 8 + CASE entity WHEN 'org' THEN 1 WHEN 'project' THEN 2
	                                   WHEN 'meeting' THEN 3 ELSE 7 END,
	       entity, entity_id, names, body
	FROM search_copy;
DROP TABLE search_copy;
