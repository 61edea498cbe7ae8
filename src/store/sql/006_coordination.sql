-- 006: the work around the registry: memberships of organizations in
-- coordination bodies, clusters, working groups and networks (with the
-- services each body offers its members); meetings' participants,
-- documents and recurring schedules; the status history and follow-up
-- notes of recommendations; applications to authorities (sector MoUs,
-- tax numbers, registrations and their renewals).
--
-- Memberships get their own table rather than staying relations: a
-- membership has a life of its own (applied, member, certified, lapsed)
-- that a relation's kind cannot say without a kind per status, and a
-- body's page lists its members with their status and the services they
-- get. The 'member_of' and 'certified_member_of' relations already stored
-- move here (status 'member' and 'certified'), in this same migration, so
-- that nothing is shown twice or lost.

CREATE TABLE membership (
	id       INTEGER PRIMARY KEY,
	org_id   INTEGER NOT NULL REFERENCES org(id) ON DELETE CASCADE,   -- the member
	body_id  INTEGER NOT NULL REFERENCES org(id) ON DELETE CASCADE,   -- the body, cluster, network
	status   TEXT NOT NULL CHECK (status IN ('applied', 'member', 'certified', 'lapsed')),
	since    TEXT,    -- partial date
	until    TEXT,    -- partial date: when it lapsed or ended
	note     TEXT,
	source   TEXT,
	UNIQUE (org_id, body_id)
);
CREATE INDEX membership_body ON membership(body_id);

-- What a body offers its members, one service a row.
CREATE TABLE body_service (
	body_id   INTEGER NOT NULL REFERENCES org(id) ON DELETE CASCADE,
	position  INTEGER NOT NULL,
	text      TEXT NOT NULL,
	PRIMARY KEY (body_id, position)
);

-- Certified first: where both relations were recorded, the stronger stays.
INSERT OR IGNORE INTO membership(org_id, body_id, status, since, until, note, source)
	SELECT from_org_id, to_org_id,
	       CASE kind WHEN 'certified_member_of' THEN 'certified' ELSE 'member' END,
	       start_date, end_date, note, source
	FROM org_relation WHERE kind IN ('certified_member_of', 'member_of')
	ORDER BY kind, id;
-- Where both were recorded, the plain membership's start may be the
-- only one known: it is when the organization became a member.
UPDATE membership SET since = (
	SELECT r.start_date FROM org_relation r
	WHERE r.from_org_id = membership.org_id AND r.to_org_id = membership.body_id
	  AND r.kind = 'member_of' AND r.start_date IS NOT NULL ORDER BY r.id LIMIT 1)
WHERE since IS NULL;
DELETE FROM org_relation WHERE kind IN ('certified_member_of', 'member_of');

-- Organizations that took part in a meeting (name alone when not in the registry).
CREATE TABLE meeting_participant (
	meeting_id  INTEGER NOT NULL REFERENCES meeting(id) ON DELETE CASCADE,
	org_id      INTEGER REFERENCES org(id) ON DELETE SET NULL,
	name        TEXT,
	position    INTEGER NOT NULL
);
CREATE INDEX meeting_participant_org ON meeting_participant(org_id);

CREATE TABLE meeting_document (
	meeting_id  INTEGER NOT NULL REFERENCES meeting(id) ON DELETE CASCADE,
	title       TEXT NOT NULL,
	url         TEXT,
	position    INTEGER NOT NULL
);

CREATE INDEX meeting_convener ON meeting(convener_id, date);

-- How often a body plans to meet, from when.
CREATE TABLE meeting_schedule (
	body_id     INTEGER PRIMARY KEY REFERENCES org(id) ON DELETE CASCADE,
	recurrence  TEXT NOT NULL CHECK (recurrence IN ('monthly', 'quarterly')),
	since       TEXT NOT NULL,   -- a full date
	until       TEXT,            -- a full date when the schedule ended; NULL while it holds
	note        TEXT
);

-- A recommendation may be addressed to a kind of organization (an
-- org_kind code: 'ministry' for line ministries) besides, or instead
-- of, one organization.
ALTER TABLE recommendation ADD COLUMN addressed_kind TEXT;
CREATE INDEX recommendation_meeting ON recommendation(meeting_id, position);

-- Every change of a recommendation's status, with its follow-up note.
CREATE TABLE recommendation_event (
	id                 INTEGER PRIMARY KEY,
	recommendation_id  INTEGER NOT NULL REFERENCES recommendation(id) ON DELETE CASCADE,
	at                 TEXT NOT NULL,   -- when it was recorded (UTC)
	actor              TEXT NOT NULL,   -- who recorded it
	status             TEXT NOT NULL CHECK (status IN ('open', 'in_progress', 'done', 'dropped')),
	note               TEXT
);
CREATE INDEX recommendation_event_rec ON recommendation_event(recommendation_id, id);

-- Applications by an organization to an authority. Seen by whoever sees
-- the applicant (and the project, when one is named).
CREATE TABLE application (
	id            INTEGER PRIMARY KEY,
	org_id        INTEGER NOT NULL REFERENCES org(id) ON DELETE CASCADE,
	authority_id  INTEGER NOT NULL REFERENCES org(id) ON DELETE CASCADE,
	project_id    INTEGER REFERENCES project(id) ON DELETE SET NULL,
	kind          TEXT NOT NULL CHECK (kind IN ('sector_mou', 'tin', 'registration', 'registration_renewal')),
	submitted     TEXT,            -- a full date; NULL when not known (then not in waiting times)
	decided       TEXT,            -- a full date; NULL while pending
	outcome       TEXT NOT NULL CHECK (outcome IN ('pending', 'approved', 'refused', 'withdrawn')),
	note          TEXT,
	source        TEXT
);
CREATE INDEX application_authority ON application(authority_id, kind);
CREATE INDEX application_org ON application(org_id);
