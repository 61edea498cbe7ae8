-- 005: reports to the authorities and the organizations' status history.
--
-- An obligation says to whom an organization reports, how often, in which
-- calendar and from when (one obligation per organization). A report
-- covers a period, moves through draft -> submitted -> accepted, or
-- returned (with comments) -> submitted again, and keeps every change in
-- report_event. One report goes to several recipients. Days are ISO
-- 'YYYY-MM-DD' (UTC); the moments of events are ISO date-times.

CREATE TABLE report_obligation (
	org_id        INTEGER PRIMARY KEY REFERENCES org(id) ON DELETE CASCADE,
	authority_id  INTEGER NOT NULL REFERENCES org(id),
	frequency     TEXT NOT NULL DEFAULT 'half_year'
	              CHECK (frequency IN ('monthly', 'quarterly', 'half_year', 'yearly')),
	calendar      TEXT NOT NULL DEFAULT 'gregorian' CHECK (calendar IN ('gregorian', 'solar_hijri')),
	start_date    TEXT NOT NULL,                 -- the first day covered
	grace_days    INTEGER NOT NULL DEFAULT 30 CHECK (grace_days BETWEEN 0 AND 365),
	updated_at    TEXT NOT NULL
);
CREATE INDEX report_obligation_authority ON report_obligation(authority_id);

CREATE TABLE report (
	id                  INTEGER PRIMARY KEY,
	org_id              INTEGER NOT NULL REFERENCES org(id) ON DELETE CASCADE,
	period_start        TEXT NOT NULL,
	period_end          TEXT NOT NULL CHECK (period_end >= period_start),
	status              TEXT NOT NULL DEFAULT 'draft'
	                    CHECK (status IN ('draft', 'submitted', 'accepted', 'returned')),
	summary             TEXT,
	review_comments     TEXT,                    -- the reviewer's words on the last return or acceptance
	first_submitted_on  TEXT,                    -- the day it was first submitted: on time or late
	submitted_on        TEXT,                    -- the latest submission
	returned_on         TEXT,
	accepted_on         TEXT,
	created_at          TEXT NOT NULL,
	updated_at          TEXT NOT NULL
);
CREATE INDEX report_org ON report(org_id, period_end);

-- Per-project lines: progress in words, one result with its
-- disaggregation by sex, and the spending of the period.
CREATE TABLE report_line (
	report_id    INTEGER NOT NULL REFERENCES report(id) ON DELETE CASCADE,
	position     INTEGER NOT NULL,
	project_id   INTEGER REFERENCES project(id) ON DELETE SET NULL,
	progress     TEXT,
	indicator    TEXT,
	value        REAL,
	female       INTEGER,
	male         INTEGER,
	girls        INTEGER,
	boys         INTEGER,
	spending     REAL,
	currency     TEXT,
	PRIMARY KEY (report_id, position)
);

CREATE TABLE report_recipient (
	report_id  INTEGER NOT NULL REFERENCES report(id) ON DELETE CASCADE,
	org_id     INTEGER NOT NULL REFERENCES org(id) ON DELETE CASCADE,
	PRIMARY KEY (report_id, org_id)
);
CREATE INDEX report_recipient_org ON report_recipient(org_id);

CREATE TABLE report_event (
	id         INTEGER PRIMARY KEY,
	report_id  INTEGER NOT NULL REFERENCES report(id) ON DELETE CASCADE,
	at         TEXT NOT NULL,
	actor      TEXT NOT NULL,
	status     TEXT NOT NULL,                    -- the status the report moved to
	comment    TEXT
);
CREATE INDEX report_event_report ON report_event(report_id);

-- Every change of an organization's status, by a person, with the reason.
CREATE TABLE org_status_change (
	id          INTEGER PRIMARY KEY,
	org_id      INTEGER NOT NULL REFERENCES org(id) ON DELETE CASCADE,
	at          TEXT NOT NULL,
	actor       TEXT NOT NULL,
	change      TEXT NOT NULL
	            CHECK (change IN ('active', 'suspended', 'dissolved', 'inactive', 'reinstated')),
	old_status  TEXT,
	new_status  TEXT NOT NULL,
	reason      TEXT NOT NULL
);
CREATE INDEX org_status_change_org ON org_status_change(org_id);
