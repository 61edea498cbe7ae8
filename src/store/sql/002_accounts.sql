-- 002: accounts and what guards them: users and the organizations an
-- editor belongs to, sessions, personal API tokens, the log of login
-- attempts (for throttling) and the log of reads of restricted records.
-- Also makes the audit trail append-only and keeps its head, so that a
-- removed newest entry is noticed by 'hamahang check'.
--
-- No secret is stored: a password as its Argon2id string (salt and cost
-- inside), a session or API token only as its BLAKE2b-256 hash (hex).
-- Times here are Unix seconds (UTC), written by the service from its
-- clock, so that expiry and throttling windows compare as numbers.

CREATE TABLE app_user (
	id             INTEGER PRIMARY KEY,
	login          TEXT NOT NULL UNIQUE,           -- 3 to 64 of [a-z0-9._-]
	password_hash  TEXT NOT NULL,                  -- crypto_pwhash_str (Argon2id)
	role           TEXT NOT NULL CHECK (role IN ('admin', 'coordinator', 'ministry', 'editor')),
	disabled       INTEGER NOT NULL DEFAULT 0,     -- 1: no login, sessions and tokens refused
	created_at     INTEGER NOT NULL,
	failed_logins  INTEGER NOT NULL DEFAULT 0,     -- failures since the last successful login
	locked_until   INTEGER                         -- logins refused until then; NULL when not
);

CREATE TABLE user_org (
	user_id  INTEGER NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
	org_id   INTEGER NOT NULL REFERENCES org(id) ON DELETE CASCADE,
	PRIMARY KEY (user_id, org_id)
);
CREATE INDEX user_org_org ON user_org(org_id);

CREATE TABLE session (
	token_hash  TEXT PRIMARY KEY,                  -- BLAKE2b-256 of the cookie's token
	user_id     INTEGER NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
	created_at  INTEGER NOT NULL,                  -- for the absolute limit
	last_seen   INTEGER NOT NULL,                  -- for the idle limit
	csrf_token  TEXT NOT NULL                      -- what the session's forms must carry
);
CREATE INDEX session_user ON session(user_id);

CREATE TABLE api_token (
	id          INTEGER PRIMARY KEY,
	user_id     INTEGER NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
	token_hash  TEXT NOT NULL UNIQUE,              -- BLAKE2b-256 of the token
	label       TEXT,                              -- what the owner calls it
	created_at  INTEGER NOT NULL,
	last_used   INTEGER,                           -- NULL until first used
	revoked     INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX api_token_user ON api_token(user_id);

-- Every login attempt, never the password. A refused attempt (throttled:
-- the password was not even checked) does not count as a failure, so a
-- lock ends when its window has passed.
CREATE TABLE login_attempt (
	id       INTEGER PRIMARY KEY,
	at       INTEGER NOT NULL,
	login    TEXT NOT NULL,                        -- as typed (cut to 64 characters)
	address  TEXT NOT NULL,                        -- the client's address
	success  INTEGER NOT NULL DEFAULT 0,
	refused  INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX login_attempt_login ON login_attempt(login, at);
CREATE INDEX login_attempt_address ON login_attempt(address, at);

-- Who read a restricted record, when, and the reason they stated.
CREATE TABLE restricted_read (
	id         INTEGER PRIMARY KEY,
	at         INTEGER NOT NULL,
	user_id    INTEGER REFERENCES app_user(id) ON DELETE SET NULL,
	login      TEXT NOT NULL,                      -- kept when the user is gone
	entity     TEXT NOT NULL,                      -- 'org', 'project'
	entity_id  INTEGER NOT NULL,
	reason     TEXT NOT NULL
);
CREATE INDEX restricted_read_entity ON restricted_read(entity, entity_id);

-- The newest audit entry, kept by a trigger: the chain alone cannot tell
-- that its last entries were removed.
CREATE TABLE audit_head (
	one      INTEGER PRIMARY KEY CHECK (one = 1),
	last_id  INTEGER NOT NULL,
	hash     TEXT NOT NULL
);
INSERT INTO audit_head(one, last_id, hash)
	SELECT 1, id, hash FROM audit ORDER BY id DESC LIMIT 1;

CREATE TRIGGER audit_keep_head AFTER INSERT ON audit
BEGIN
	INSERT OR REPLACE INTO audit_head(one, last_id, hash) VALUES (1, NEW.id, NEW.hash);
END;

-- Entries are only ever appended.
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN
	SELECT RAISE(ABORT, 'the audit trail is append-only');
END;

CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN
	SELECT RAISE(ABORT, 'the audit trail is append-only');
END;
