/*
 * store.h — reading and writing the registry's records in SQL.
 *
 * The store reads and writes; it decides nothing about who may. Every
 * statement binds its parameters; SQL text lives only under src/store.
 * The interface speaks in domain values (core/model.h) so that a
 * PostgreSQL implementation can stand behind the same functions.
 *
 * Reads take an Arena: every string of a returned record lives there and
 * dies with it. Reads also take what the reader may see: the highest
 * visibility seen everywhere (max_vis) and an OrgScope, the organizations
 * whose restricted records are seen too. Records outside both are not
 * returned, not counted and not searched.
 *
 * Errors: functions return STORE_OK (0) or a negative STORE_* code, with
 * the database's message in store_error() until the next call.
 */
#ifndef HAMAHANG_STORE_H
#define HAMAHANG_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/match.h"
#include "core/model.h"
#include "core/refdata.h"

typedef struct Store Store;

enum {
	STORE_OK = 0,
	STORE_NOT_FOUND = -1,
	STORE_ERROR = -2,
	STORE_EXISTS = -3,
	STORE_CONSTRAINT = -4
};

/* ---- connection, schema, transactions ---- */

/* Opens the database at path. With create, the file must not exist yet
 * and is made; without, it must exist. WAL and foreign keys are turned
 * on. *out is the caller's to close. */
int store_open(const char *path, bool create, Store **out);
void store_close(Store *s);
/* The last error in words; borrowed. */
const char *store_error(const Store *s);
/* Applies the numbered migrations not yet applied, in order, recording
 * each; *applied gets how many ran (may be NULL). */
int store_migrate(Store *s, int *applied);
int store_begin(Store *s);
int store_commit(Store *s);
void store_rollback(Store *s);

/* ---- reference data ---- */

int store_region_put(Store *s, const Code *c);
int store_place_put(Store *s, const char *pcode, int level, const char *parent_pcode,
		    const char *region_code, const char *name_en, const char *name_prs,
		    const char *name_pus, const char *alt_names);
/* list is "sector", "org_kind", "currency", "target_group" or "relation_kind". */
int store_vocab_put(Store *s, const char *list, const Code *c);
/* Fills an empty RefData from the database (places indexed). */
int store_refdata_load(Store *s, RefData *ref);
/* Number of places stored (0 for a database without reference data). */
int store_place_count(Store *s, long long *count);

/* ---- what a reader sees ---- */

/* Restricted records seen beyond max_vis: those of these organizations —
 * each organization itself, and every project on which one of them has a
 * role. A NULL scope or a count of 0 adds nothing; a reader whose max_vis
 * is VIS_RESTRICTED sees everything and needs none. */
typedef struct OrgScope {
	const int64_t *org_ids; /* borrowed from the caller */
	size_t count;           /* entries in org_ids[] */
} OrgScope;

/* ---- organizations ---- */

typedef struct OrgFilter {
	const char *q;          /* text (folded by the caller), or NULL */
	const char *kind;       /* org kind code, or NULL */
	const char *province;   /* P-code: an office or a project there */
	const char *sector;     /* sector code of the org or of its projects */
	Visibility max_vis;     /* highest visibility the reader may see */
	OrgScope scope;         /* organizations whose restricted records are seen too */
	int limit;              /* rows per page (1..500) */
	int offset;
} OrgFilter;

typedef struct OrgList {
	Org *items;
	size_t count;
	long long total;        /* matching rows across all pages */
} OrgList;

int store_org_insert(Store *s, Org *o);             /* sets o->id */
int store_org_update(Store *s, const Org *o);       /* replaces the record and its lists */
int store_org_delete(Store *s, int64_t id);
/* STORE_NOT_FOUND also when the org is not seen by (max_vis, scope). */
int store_org_get(Store *s, Arena *a, int64_t id, Visibility max_vis, const OrgScope *scope,
		  Org *out);
int store_org_list(Store *s, Arena *a, const OrgFilter *f, OrgList *out);
/* Visibility of an org, or STORE_NOT_FOUND. */
int store_org_visibility(Store *s, int64_t id, Visibility *out);
/* Whether org lies above parent_id in the chain of parents starting at
 * parent_id (itself included): making it parent_id's child would close a
 * loop. Sets *within. */
int store_org_within(Store *s, int64_t org, int64_t parent_id, bool *within);

int store_relation_insert(Store *s, OrgRelation *r);
/* Relations where the org is on either side; other_name filled with the
 * other side's name (relations to orgs the reader does not see are left out). */
int store_relation_list(Store *s, Arena *a, int64_t org_id, Visibility max_vis,
			const OrgScope *scope, OrgRelation **out, size_t *count);
int store_award_insert(Store *s, Award *w);
int store_award_list(Store *s, Arena *a, int64_t org_id, Award **out, size_t *count);

/* ---- projects ---- */

typedef struct ProjectFilter {
	const char *q;          /* folded text, or NULL */
	const char *province;   /* P-code of a province */
	const char *district;   /* P-code of a district */
	const char *sector;
	int64_t org_id;         /* any role */
	int64_t donor_id;       /* funding role */
	int year;               /* active during that year; 0 for any */
	const char *status;
	Visibility max_vis;     /* highest visibility the reader may see */
	OrgScope scope;         /* organizations whose restricted projects are seen too */
	int limit;
	int offset;
} ProjectFilter;

typedef struct ProjectList {
	Project *items;         /* with orgs, sectors and places; results left empty */
	size_t count;
	long long total;
} ProjectList;

int store_project_insert(Store *s, Project *p);     /* sets p->id and result ids */
int store_project_update(Store *s, const Project *p);
int store_project_delete(Store *s, int64_t id);
/* STORE_NOT_FOUND also when the project is not seen; its orgs are only
 * those the reader sees. */
int store_project_get(Store *s, Arena *a, int64_t id, Visibility max_vis, const OrgScope *scope,
		      Project *out);
int store_project_list(Store *s, Arena *a, const ProjectFilter *f, ProjectList *out);
int store_project_visibility(Store *s, int64_t id, Visibility *out);
/* Every organization with a role on the project, whatever its visibility
 * (for deciding who owns it; never shown). *org_ids lives in the arena. */
int store_project_owners(Store *s, Arena *a, int64_t id, int64_t **org_ids, size_t *count);

/* ---- meetings ---- */

typedef struct Recommendation {
	int64_t id;
	const char *text;
	const char *addressed_to;
	int64_t addressed_org;  /* 0 when addressed to a kind of organization */
	const char *status;     /* "open", "in_progress", "done", "dropped" */
	const char *due_date;
	const char *addressed_kind;     /* an org kind code ("ministry"), or NULL */
	const char *addressed_org_name; /* filled on read (store_meeting_get) */
} Recommendation;

/* An organization that took part in a meeting. */
typedef struct MeetingParticipant {
	int64_t org_id;         /* 0 when not in the registry */
	const char *name;       /* the name as written, or filled on read from the registry */
} MeetingParticipant;

/* A document of a meeting: its title and where to read it. */
typedef struct MeetingDocument {
	const char *title;
	const char *url;        /* http(s) address, may be NULL */
} MeetingDocument;

typedef struct Meeting {
	int64_t id;
	int64_t convener_id;
	const char *convener_name;   /* filled on read */
	const char *date;
	const char *pcode;
	const char *topic;
	long long attendance_total;
	long long attendance_female;
	long long attendance_male;
	const char *participants_note;
	const char *agenda;          /* one item per line */
	const char *notes;
	const char *source;
	Recommendation *recs;
	size_t rec_count;
	MeetingParticipant *participants; /* organizations that took part */
	size_t participant_count;
	MeetingDocument *documents;
	size_t document_count;
} Meeting;

int store_meeting_insert(Store *s, Meeting *m);
int store_meeting_list(Store *s, Arena *a, int64_t convener_id, Meeting **out, size_t *count);

/* ---- search, places, figures ---- */

/* Replaces the indexed text of one record (entity "org" or "project"):
 * its names (ranked higher) and its descriptions, both folded. */
int store_search_put(Store *s, const char *entity, int64_t id, const char *folded_names,
		     const char *folded_body);
int store_search_remove(Store *s, const char *entity, int64_t id);

typedef struct SearchHit {
	const char *entity;     /* "org" or "project" */
	int64_t id;
	const char *title;
	Visibility visibility;  /* the record's */
	double rank;            /* lower is better */
} SearchHit;

/* Records whose folded text holds every word of folded_query (words
 * may be prefixes), best first, among those the reader sees. */
/* Up to limit hits from offset, best first, and in *total how many there
 * are in all (of what the reader sees). */
int store_search(Store *s, Arena *a, const char *folded_query, Visibility max_vis,
		 const OrgScope *scope, int limit, int offset, SearchHit **out, size_t *count,
		 long long *total);

typedef struct PlaceSectorCount {
	const char *sector;
	long long projects;
	long long orgs;
} PlaceSectorCount;

/* Who does what in a place (province or district, including its
 * districts): counts per sector of the projects and implementing
 * organizations the reader sees. */
int store_place_sectors(Store *s, Arena *a, const char *pcode, Visibility max_vis,
			const OrgScope *scope, PlaceSectorCount **out, size_t *count);

typedef struct Totals {
	long long orgs;
	long long projects;
	long long places_with_projects;
	long long results;
} Totals;

/* Counts of what the reader sees (results and places: of seen projects). */
int store_totals(Store *s, Visibility max_vis, const OrgScope *scope, Totals *out);

/* ---- coverage: who works where (store_coverage.c) ---- */

typedef struct CoverageCount {
	const char *area;   /* P-code: a province, or a district (or the province itself
	                     * for projects placed in the whole province) */
	const char *sector; /* sector code; NULL in totals per area */
	long long orgs;     /* implementing organizations the reader sees */
	long long projects; /* projects the reader sees */
} CoverageCount;

/* Organizations and projects per area, for the country (within "AF": the
 * areas are provinces, a district's projects counted in its province) or
 * for one province (the areas are its districts). by_sector gives one row
 * per area and sector; otherwise one row per area, its organizations
 * counted once across sectors. sector (or NULL) keeps only that sector.
 * Rows sorted by area then sector, in the arena. */
int store_coverage(Store *s, Arena *a, const char *within, const char *sector, bool by_sector,
		   Visibility max_vis, const OrgScope *scope, CoverageCount **out, size_t *count);

typedef struct YearCount {
	int year;           /* the year a project started */
	long long projects; /* projects the reader sees */
} YearCount;

/* Projects placed in a place (or inside it; "AF" for all) by the year
 * they started, oldest first; projects without a start date are left out. */
int store_projects_by_year(Store *s, Arena *a, const char *within, Visibility max_vis,
			   const OrgScope *scope, YearCount **out, size_t *count);

/* ---- audit ---- */

typedef struct AuditEntry {
	int64_t id;
	const char *at;
	const char *actor;
	const char *action;
	const char *entity;
	int64_t entity_id;
	const char *before;
	const char *after;
	const char *prev_hash;
	const char *hash;
} AuditEntry;

/* The hash of the newest entry, or 64 zeros for an empty trail. */
int store_audit_last_hash(Store *s, char out[65]);
int store_audit_insert(Store *s, const AuditEntry *e);
/* Newest first; entity may be NULL for all. */
int store_audit_list(Store *s, Arena *a, const char *entity, int64_t entity_id, int limit,
		     AuditEntry **out, size_t *count);
/* Newest first, older than before_id (0: from the newest); entity may be
 * NULL for all kinds of record. */
int store_audit_page(Store *s, Arena *a, const char *entity, int64_t before_id, int limit,
		     AuditEntry **out, size_t *count);
/* The newest entry as recorded beside the trail (by a trigger on insert):
 * STORE_NOT_FOUND when nothing was ever recorded. */
int store_audit_head(Store *s, int64_t *last_id, char hash[65]);
/* Calls visit for every entry oldest first; stops when visit returns false. */
int store_audit_each(Store *s, bool (*visit)(const AuditEntry *e, void *ctx), void *ctx);
/* SQLite's own integrity check; *ok false with the first problem in store_error. */
int store_integrity(Store *s, bool *ok);

/* ---- accounts ----
 *
 * Users, the organizations an editor belongs to, sessions, API tokens,
 * login attempts and reads of restricted records. Secrets arrive already
 * hashed: the store never sees a password or a token. Times are Unix
 * seconds given by the caller. */

typedef struct User {
	int64_t id;                 /* 0 until inserted */
	const char *login;          /* unique: 3 to 64 of [a-z0-9._-] */
	const char *password_hash;  /* the Argon2id string; never shown */
	const char *role;           /* "admin", "coordinator", "ministry" or "editor" */
	bool disabled;              /* no login; sessions and tokens refused */
	int64_t created_at;         /* Unix seconds */
	int failed_logins;          /* failures since the last successful login */
	int64_t locked_until;       /* logins refused until then; 0 when not locked */
	int64_t *org_ids;           /* organizations of an editor (filled by get and list) */
	size_t org_count;           /* entries in org_ids[] */
} User;

/* Inserts u (login, password_hash, role, disabled, created_at) and sets
 * u->id; STORE_EXISTS when the login is taken. Orgs are not written. */
int store_user_insert(Store *s, User *u);
/* A user with its orgs, strings in the arena; STORE_NOT_FOUND if none. */
int store_user_get(Store *s, Arena *a, int64_t id, User *out);
int store_user_get_by_login(Store *s, Arena *a, const char *login, User *out);
/* Every user with its orgs, by login. */
int store_user_list(Store *s, Arena *a, User **out, size_t *count);
/* Each returns STORE_NOT_FOUND when no user has that id. */
int store_user_set_password(Store *s, int64_t id, const char *password_hash);
int store_user_set_role(Store *s, int64_t id, const char *role);
int store_user_set_disabled(Store *s, int64_t id, bool disabled);
/* Records the outcome of logins: the failure count and the lock (0: none). */
int store_user_set_failures(Store *s, int64_t id, int failed_logins, int64_t locked_until);
/* Replaces the organizations a user belongs to. */
int store_user_orgs_replace(Store *s, int64_t user_id, const int64_t *org_ids, size_t count);
/* The organizations of a user, ascending, in the arena. */
int store_user_orgs(Store *s, Arena *a, int64_t user_id, int64_t **org_ids, size_t *count);

typedef struct Session {
	const char *token_hash;     /* hex BLAKE2b-256 of the token in the cookie */
	int64_t user_id;            /* whose session */
	int64_t created_at;         /* for the absolute limit */
	int64_t last_seen;          /* for the idle limit */
	const char *csrf_token;     /* what the session's forms must carry */
} Session;

int store_session_insert(Store *s, const Session *se);
/* STORE_NOT_FOUND when no session has that hash. */
int store_session_get(Store *s, Arena *a, const char *token_hash, Session *out);
int store_session_touch(Store *s, const char *token_hash, int64_t now);
int store_session_delete(Store *s, const char *token_hash);
/* Ends every session of a user (password, role or status changed). */
int store_session_delete_user(Store *s, int64_t user_id);
/* Removes sessions created before created_before or not seen since seen_before. */
int store_session_delete_expired(Store *s, int64_t created_before, int64_t seen_before);

typedef struct ApiToken {
	int64_t id;                 /* 0 until inserted */
	int64_t user_id;            /* the user it acts as */
	const char *token_hash;     /* hex BLAKE2b-256 of the token */
	const char *label;          /* the owner's name for it, may be NULL */
	int64_t created_at;         /* Unix seconds */
	int64_t last_used;          /* 0 when never used */
	bool revoked;               /* refused from now on */
} ApiToken;

/* Sets t->id; STORE_EXISTS when the hash is already stored. */
int store_token_insert(Store *s, ApiToken *t);
int store_token_get(Store *s, Arena *a, const char *token_hash, ApiToken *out);
int store_token_touch(Store *s, int64_t id, int64_t now);
/* STORE_NOT_FOUND when no token has that id. */
int store_token_revoke(Store *s, int64_t id);
/* The tokens of a user, newest first, in the arena. */
int store_token_list(Store *s, Arena *a, int64_t user_id, ApiToken **out, size_t *count);

/* Logs one login attempt (never the password) and gives its id. refused:
 * throttled, the password was not checked; such attempts are not failures. */
int store_login_attempt_insert(Store *s, int64_t at, const char *login, const char *address,
			       bool success, bool refused, int64_t *id);
/* Marks a logged attempt as successful. */
int store_login_attempt_succeeded(Store *s, int64_t id);
/* Deletes up to limit of the oldest logged attempts made before the given
 * time. Looks at the oldest rows only, so it costs the same however large
 * the log: called on every login, it keeps the log to its time window. */
int store_login_attempts_prune(Store *s, int64_t before, int limit);

typedef struct LoginFailures {
	long long count;            /* failed attempts at or after the given time */
	int64_t nth_newest_at;      /* time of the nth newest of them; 0 when fewer than n */
} LoginFailures;

/* Failed (not refused) attempts for a login, or from an address, at or
 * after since. With n > 0, nth_newest_at tells when the count falls
 * below n: once that attempt leaves the window. */
int store_login_failures_by_login(Store *s, const char *login, int64_t since, int n,
				  LoginFailures *out);
int store_login_failures_by_address(Store *s, const char *address, int64_t since, int n,
				    LoginFailures *out);

typedef struct RestrictedRead {
	int64_t id;                 /* set on read */
	int64_t at;                 /* Unix seconds */
	int64_t user_id;            /* 0 when the reader had no account (or it is gone) */
	const char *login;          /* the reader */
	const char *entity;         /* "org" or "project" */
	int64_t entity_id;          /* the record read */
	const char *reason;         /* as the reader stated it */
} RestrictedRead;

int store_restricted_read_insert(Store *s, const RestrictedRead *r);
/* Newest first; entity may be NULL for all, else only that record's. */
int store_restricted_read_list(Store *s, Arena *a, const char *entity, int64_t entity_id,
			       int limit, RestrictedRead **out, size_t *count);

/* ---- matching (store_match.c) ---- */

/* Every project the reader sees, in id order, as the matcher takes it:
 * titles, descriptions, dates, the organizations the reader sees by role,
 * places, sectors, target groups and the largest figure in people. All in
 * the arena. */
int store_match_projects(Store *s, Arena *a, Visibility max_vis, const OrgScope *scope,
			 MatchProject **out, size_t *count);
/* Every organization the reader sees, in id order, with its names in each
 * language and its aliases, acronym, registration number, TIN and site. */
int store_match_orgs(Store *s, Arena *a, Visibility max_vis, const OrgScope *scope, MatchOrg **out,
		     size_t *count);

#endif
