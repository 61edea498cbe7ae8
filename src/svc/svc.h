/*
 * svc.h — the one way in: every write of the registry, from a form, the
 * API, the command line or an import, goes through these functions.
 *
 * A service call validates the record (collecting every problem), checks
 * the actor's permission, writes through the store and appends the audit
 * entry, all in one transaction: either everything is stored or nothing
 * is. Reads go through here too, so what a reader may see is decided in
 * one place, the policy section of svc.c:
 *
 *   - anonymous visitors see public records; signed-in users see public and
 *     members records;
 *   - a restricted record is seen by the editors of its organization (for
 *     a project: of any organization with a role on it), and by
 *     coordinators and admins who state a reason (Ctx.reason): each such
 *     read is logged (restricted_read) in the same call;
 *   - the system (the command line) sees everything.
 *
 * Counts and figures follow the same rule, without reasons: a restricted
 * record is counted only for those who see it without stating one.
 */
#ifndef HAMAHANG_SVC_H
#define HAMAHANG_SVC_H

#include <pthread.h>
#include <stdbool.h>
#include <time.h>

#include "core/arena.h"
#include "core/errors.h"
#include "core/model.h"
#include "core/refdata.h"
#include "store/store.h"

typedef enum Role {
	ROLE_ANONYMOUS = 0,  /* a visitor who is not signed in */
	ROLE_EDITOR,         /* staff of one or more organizations */
	ROLE_MINISTRY,       /* a reviewer at MoEc or a line ministry */
	ROLE_COORDINATOR,    /* a coordination body's staff */
	ROLE_ADMIN,          /* manages users; sees everything */
	ROLE_SYSTEM          /* the command line and the loaders run by the operator */
} Role;

typedef struct Actor {
	int64_t user_id;         /* 0 for anonymous and the system */
	const char *login;       /* recorded in the audit trail */
	Role role;
	const int64_t *org_ids;  /* organizations an editor belongs to */
	size_t org_count;
} Actor;

#define APP_POOL_SIZE 4

/* What the whole program shares: the connections and the reference data. */
typedef struct App {
	char *db_path;                      /* the database file, owned */
	RefData *ref;                       /* loaded once at start, read-only after */
	Store *pool[APP_POOL_SIZE];         /* one connection per unit of work at a time */
	bool busy[APP_POOL_SIZE];           /* pool[i] is lent out */
	int pool_size;                      /* connections opened */
	pthread_mutex_t lock;               /* guards busy[] */
	pthread_cond_t freed;               /* signalled when a connection comes back */
} App;

/* One unit of work: a request or a command. */
typedef struct Ctx {
	App *app;
	Store *store;            /* lent from the pool for this unit */
	const RefData *ref;
	const Actor *actor;
	Arena *arena;            /* dies with the unit */
	time_t now;              /* the unit's clock: audit times, session expiry, throttling */
	const char *reason;      /* why a coordinator or admin reads restricted records, or NULL */
} Ctx;

typedef enum SvcStatus {
	SVC_OK = 0,
	SVC_INVALID,      /* validation failed: see the Errors */
	SVC_FORBIDDEN,    /* the actor may not do this */
	SVC_NOT_FOUND,    /* no such record, or not visible to the actor */
	SVC_ERROR         /* the store failed: see svc_error */
} SvcStatus;

/* Opens the database (which must exist and be migrated), loads the
 * reference data and opens `connections` connections (1..APP_POOL_SIZE).
 * On failure returns NULL with a message in *err (caller frees). */
App *app_open(const char *db_path, int connections, char **err);
void app_close(App *app);

/* Starts a unit of work: lends a connection (waiting for one if all are
 * lent) and makes an arena. End it with ctx_end. */
void ctx_begin(App *app, const Actor *actor, Ctx *ctx);
void ctx_end(Ctx *ctx);

/* The system actor, for the command line and loaders. */
extern const Actor ACTOR_SYSTEM;
/* An anonymous visitor. */
extern const Actor ACTOR_ANONYMOUS;

/* The highest visibility the actor reads everywhere, without a stated
 * reason. Restricted records of the actor's own organizations are seen
 * too: ask svc_sees_org / svc_sees_project about one record. */
Visibility svc_max_visibility(const Actor *actor);
/* Whether the unit's actor sees this record (with ctx->reason counted). */
bool svc_sees_org(const Ctx *ctx, const Org *o);
bool svc_sees_project(const Ctx *ctx, const Project *p);
/* Whether the actor may change the stored organization or project: what an
 * update would be allowed (an edit form is refused up front by this). */
bool svc_may_change_org(Ctx *ctx, int64_t id);
bool svc_may_change_project(Ctx *ctx, int64_t id);
/* The last store error in words (valid until the next call). */
const char *svc_error(const Ctx *ctx);

/* ---- organizations ---- */
SvcStatus svc_org_create(Ctx *ctx, Org *org, Errors *errs, Errors *warns);
SvcStatus svc_org_update(Ctx *ctx, Org *org, Errors *errs, Errors *warns);
SvcStatus svc_org_delete(Ctx *ctx, int64_t id);
SvcStatus svc_org_get(Ctx *ctx, int64_t id, Org *out);
SvcStatus svc_org_list(Ctx *ctx, OrgFilter *f, OrgList *out);
SvcStatus svc_relation_create(Ctx *ctx, OrgRelation *r, Errors *errs);
SvcStatus svc_award_create(Ctx *ctx, Award *w, Errors *errs);

/* ---- projects ---- */
SvcStatus svc_project_create(Ctx *ctx, Project *p, Errors *errs, Errors *warns);
SvcStatus svc_project_update(Ctx *ctx, Project *p, Errors *errs, Errors *warns);
SvcStatus svc_project_delete(Ctx *ctx, int64_t id);
SvcStatus svc_project_get(Ctx *ctx, int64_t id, Project *out);
SvcStatus svc_project_list(Ctx *ctx, ProjectFilter *f, ProjectList *out);

/* ---- meetings ---- */
SvcStatus svc_meeting_create(Ctx *ctx, Meeting *m, Errors *errs);

/* ---- figures ---- */
/* Counts of what the actor may see. */
SvcStatus svc_totals(Ctx *ctx, Totals *out);
/* Project and organization counts per sector in a place (and its districts). */
SvcStatus svc_place_sectors(Ctx *ctx, const char *pcode, PlaceSectorCount **out, size_t *count);
/* Recent changes visible to the actor, newest first. */
SvcStatus svc_recent_changes(Ctx *ctx, int limit, AuditEntry **out, size_t *count);

/* ---- history (svc_history.c) ---- */

#define HISTORY_MAX 500 /* entries on one page of a history or of the trail */

/* One field of a record as one audit entry changed it. */
typedef struct FieldChange {
	const char *field;   /* the record's field, as in its JSON form */
	bool shown;          /* false: the reader may not see the values */
	const char *before;  /* NULL when absent, or not shown */
	const char *after;
} FieldChange;

/* One entry of a record's history. */
typedef struct RecordChange {
	int64_t entry_id;
	const char *at;          /* UTC, "YYYY-MM-DD HH:MM:SS" */
	const char *actor;       /* login, or "system" */
	const char *action;      /* "create", "update", "delete", ... */
	bool values_hidden;      /* a version the reader could not have seen */
	FieldChange *fields;
	size_t field_count;
} RecordChange;

/* The history of a record the actor sees ("org" or "project"), newest
 * first: SVC_NOT_FOUND for a record the actor does not see. */
SvcStatus svc_record_history(Ctx *ctx, const char *entity, int64_t id, int limit,
			     RecordChange **out, size_t *count);
/* The whole audit trail, snapshots included, newest first, entries older
 * than before_id (0: from the newest), of one kind of record or all
 * (entity NULL): administrators only (SVC_FORBIDDEN otherwise). */
SvcStatus svc_audit_trail(Ctx *ctx, const char *entity, int64_t before_id, int limit,
			  AuditEntry **out, size_t *count);
/* Relations, awards and meetings of an organization (visible ones). */
SvcStatus svc_org_relations(Ctx *ctx, int64_t org_id, OrgRelation **out, size_t *count);
SvcStatus svc_org_awards(Ctx *ctx, int64_t org_id, Award **out, size_t *count);
SvcStatus svc_meetings(Ctx *ctx, int64_t convener_id, Meeting **out, size_t *count);

/* ---- search ---- */
SvcStatus svc_search(Ctx *ctx, const char *query, int limit, int offset, SearchHit **out,
		     size_t *count, long long *total);

/* ---- audit and integrity ---- */

/* Who read which restricted record and why, newest first (admins and the
 * system only; entity may be NULL for all). */
SvcStatus svc_restricted_reads(Ctx *ctx, const char *entity, int64_t entity_id, int limit,
			       RestrictedRead **out, size_t *count);

typedef struct AuditCheck {
	long long entries;        /* audit entries read */
	int64_t broken_id;        /* the first entry found missing or wrong; 0 if none */
	char problem[256];        /* what is wrong with it, in words; "" if nothing */
	bool database_ok;         /* SQLite's integrity check and foreign keys passed */
	char database_problem[512]; /* the first problem they found; "" if none */
} AuditCheck;

/* Verifies the audit chain — every hash recomputed, every prev_hash equal
 * to the hash before it, ids consecutive from 1, the newest entry as
 * recorded beside the trail — and the database's integrity. SVC_OK when
 * the check could run (read *out for the verdict); the system only. */
SvcStatus svc_check(Ctx *ctx, AuditCheck *out);

#endif
