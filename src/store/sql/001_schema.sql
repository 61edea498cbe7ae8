-- 001: the registry's first schema: reference vocabularies, organizations,
-- relations, awards, projects with their organizations, places, sectors,
-- target groups and results, meetings with recommendations, the audit
-- trail and the full-text index. Dates are ISO 8601 text cut to their
-- precision ('2010', '2010-03', '2010-03-15').

CREATE TABLE region (
	code      TEXT PRIMARY KEY,
	name_en   TEXT NOT NULL,
	name_prs  TEXT NOT NULL DEFAULT '',
	name_pus  TEXT NOT NULL DEFAULT ''
);

CREATE TABLE place (
	pcode         TEXT PRIMARY KEY,
	level         INTEGER NOT NULL CHECK (level BETWEEN 0 AND 2),
	parent_pcode  TEXT REFERENCES place(pcode),
	region_code   TEXT REFERENCES region(code),
	name_en       TEXT NOT NULL,
	name_prs      TEXT NOT NULL DEFAULT '',
	name_pus      TEXT NOT NULL DEFAULT '',
	alt_names     TEXT NOT NULL DEFAULT ''   -- '|'-separated other spellings
);
CREATE INDEX place_parent ON place(parent_pcode);

-- One table for the small closed vocabularies: sectors, organization
-- kinds, currencies, target groups, relation kinds.
CREATE TABLE vocab (
	list      TEXT NOT NULL,   -- 'sector', 'org_kind', 'currency', 'target_group', 'relation_kind'
	code      TEXT NOT NULL,
	name_en   TEXT NOT NULL,
	name_prs  TEXT NOT NULL DEFAULT '',
	name_pus  TEXT NOT NULL DEFAULT '',
	extra     TEXT NOT NULL DEFAULT '',  -- sector: 'kind;dac|codes'; org kind: OCHA type id
	PRIMARY KEY (list, code)
);

CREATE TABLE org (
	id                INTEGER PRIMARY KEY,
	name_en           TEXT NOT NULL,
	name_prs          TEXT,
	name_pus          TEXT,
	acronym           TEXT,
	kind              TEXT NOT NULL,
	parent_id         INTEGER REFERENCES org(id) ON DELETE SET NULL,
	reg_authority_id  INTEGER REFERENCES org(id) ON DELETE SET NULL,
	reg_number        TEXT,
	reg_date          TEXT,
	tin               TEXT,
	website           TEXT,
	description       TEXT,
	staff_total       INTEGER,
	staff_female      INTEGER,
	women_led         INTEGER,
	status            TEXT NOT NULL DEFAULT 'active',
	visibility        INTEGER NOT NULL DEFAULT 0,  -- 0 public, 1 members, 2 restricted
	source            TEXT,
	created_at        TEXT NOT NULL,
	updated_at        TEXT NOT NULL
);
CREATE INDEX org_kind_idx ON org(kind);

CREATE TABLE org_alias (
	org_id  INTEGER NOT NULL REFERENCES org(id) ON DELETE CASCADE,
	name    TEXT NOT NULL
);
CREATE INDEX org_alias_org ON org_alias(org_id);

CREATE TABLE org_office (
	org_id   INTEGER NOT NULL REFERENCES org(id) ON DELETE CASCADE,
	pcode    TEXT NOT NULL REFERENCES place(pcode),
	is_main  INTEGER NOT NULL DEFAULT 0,
	note     TEXT
);
CREATE INDEX org_office_org ON org_office(org_id);
CREATE INDEX org_office_place ON org_office(pcode);

CREATE TABLE org_sector (
	org_id       INTEGER NOT NULL REFERENCES org(id) ON DELETE CASCADE,
	sector_code  TEXT NOT NULL,
	PRIMARY KEY (org_id, sector_code)
);

CREATE TABLE org_relation (
	id           INTEGER PRIMARY KEY,
	from_org_id  INTEGER NOT NULL REFERENCES org(id) ON DELETE CASCADE,
	kind         TEXT NOT NULL,
	to_org_id    INTEGER NOT NULL REFERENCES org(id) ON DELETE CASCADE,
	start_date   TEXT,
	end_date     TEXT,
	note         TEXT,
	source       TEXT
);
CREATE INDEX org_relation_from ON org_relation(from_org_id);
CREATE INDEX org_relation_to ON org_relation(to_org_id);

CREATE TABLE award (
	id         INTEGER PRIMARY KEY,
	org_id     INTEGER NOT NULL REFERENCES org(id) ON DELETE CASCADE,
	title      TEXT NOT NULL,
	by_org_id  INTEGER REFERENCES org(id) ON DELETE SET NULL,
	by_name    TEXT,
	year       INTEGER,
	note       TEXT,
	source     TEXT
);
CREATE INDEX award_org ON award(org_id);

CREATE TABLE project (
	id               INTEGER PRIMARY KEY,
	title_en         TEXT,
	title_prs        TEXT,
	title_pus        TEXT,
	description_en   TEXT,
	description_prs  TEXT,
	description_pus  TEXT,
	status           TEXT,
	start_date       TEXT,
	end_date         TEXT,
	budget           REAL,
	currency         TEXT,
	visibility       INTEGER NOT NULL DEFAULT 1,
	source           TEXT,
	note             TEXT,
	created_at       TEXT NOT NULL,
	updated_at       TEXT NOT NULL
);
CREATE INDEX project_dates ON project(start_date, end_date);

CREATE TABLE project_org (
	project_id  INTEGER NOT NULL REFERENCES project(id) ON DELETE CASCADE,
	org_id      INTEGER NOT NULL REFERENCES org(id) ON DELETE CASCADE,
	role        TEXT NOT NULL,
	position    INTEGER NOT NULL,
	PRIMARY KEY (project_id, org_id, role)
);
CREATE INDEX project_org_org ON project_org(org_id, role);

CREATE TABLE project_sector (
	project_id   INTEGER NOT NULL REFERENCES project(id) ON DELETE CASCADE,
	sector_code  TEXT NOT NULL,
	PRIMARY KEY (project_id, sector_code)
);
CREATE INDEX project_sector_code ON project_sector(sector_code);

CREATE TABLE project_place (
	project_id  INTEGER NOT NULL REFERENCES project(id) ON DELETE CASCADE,
	pcode       TEXT NOT NULL REFERENCES place(pcode),
	villages    INTEGER,
	note        TEXT,
	position    INTEGER NOT NULL
);
CREATE INDEX project_place_project ON project_place(project_id);
CREATE INDEX project_place_pcode ON project_place(pcode);

CREATE TABLE project_target (
	project_id  INTEGER NOT NULL REFERENCES project(id) ON DELETE CASCADE,
	group_code  TEXT NOT NULL,
	PRIMARY KEY (project_id, group_code)
);

CREATE TABLE result (
	id            INTEGER PRIMARY KEY,
	project_id    INTEGER NOT NULL REFERENCES project(id) ON DELETE CASCADE,
	indicator     TEXT NOT NULL,
	value         REAL NOT NULL,
	qualifier     TEXT,
	unit          TEXT,
	female        INTEGER,
	male          INTEGER,
	girls         INTEGER,
	boys          INTEGER,
	period_start  TEXT,
	period_end    TEXT,
	source        TEXT NOT NULL,
	note          TEXT,
	position      INTEGER NOT NULL
);
CREATE INDEX result_project ON result(project_id);

CREATE TABLE meeting (
	id                 INTEGER PRIMARY KEY,
	convener_id        INTEGER REFERENCES org(id) ON DELETE SET NULL,
	date               TEXT,
	pcode              TEXT REFERENCES place(pcode),
	topic              TEXT NOT NULL,
	attendance_total   INTEGER,
	attendance_female  INTEGER,
	attendance_male    INTEGER,
	participants_note  TEXT,
	agenda             TEXT,
	notes              TEXT,
	source             TEXT,
	created_at         TEXT NOT NULL
);

CREATE TABLE recommendation (
	id             INTEGER PRIMARY KEY,
	meeting_id     INTEGER NOT NULL REFERENCES meeting(id) ON DELETE CASCADE,
	text           TEXT NOT NULL,
	addressed_to   TEXT,
	addressed_org  INTEGER REFERENCES org(id) ON DELETE SET NULL,
	status         TEXT NOT NULL DEFAULT 'open',
	due_date       TEXT,
	position       INTEGER NOT NULL
);

-- Every write appends one entry in the same transaction. hash chains the
-- entries: hash = BLAKE2b-256(prev_hash || canonical entry text).
CREATE TABLE audit (
	id         INTEGER PRIMARY KEY,
	at         TEXT NOT NULL,
	actor      TEXT NOT NULL,
	action     TEXT NOT NULL,   -- 'create', 'update', 'delete'
	entity     TEXT NOT NULL,   -- 'org', 'project', ...
	entity_id  INTEGER NOT NULL,
	before     TEXT,            -- JSON of the record before, NULL on create
	after      TEXT,            -- JSON of the record after, NULL on delete
	prev_hash  TEXT NOT NULL,
	hash       TEXT NOT NULL
);
CREATE INDEX audit_entity ON audit(entity, entity_id);

-- Folded text (see core/text.h) of names, titles and descriptions, so a
-- search matches across spelling variants exactly as the matcher does.
CREATE VIRTUAL TABLE search_index USING fts5(
	entity UNINDEXED,
	entity_id UNINDEXED,
	names,    -- names, acronyms, aliases, titles: weighted above the body
	body,     -- descriptions
	tokenize = 'unicode61 remove_diacritics 0'
);
