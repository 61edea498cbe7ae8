/*
 * svc_int.h — what the service layer's files share. Not for other layers.
 */
#ifndef HAMAHANG_SVC_INT_H
#define HAMAHANG_SVC_INT_H

#include "svc/svc.h"

/* Appends an audit entry chained to the newest one, inside the caller's
 * open transaction. before/after are JSON texts or NULL. Returns a STORE_* code. */
int svc_audit_append(Ctx *ctx, const char *action, const char *entity, int64_t id,
		     const char *before, const char *after);

/* Policy on accounts, decided in svc.c with the rest: whether the actor
 * may manage users (add, change, disable, make tokens for anyone), and
 * whether it may act on this one account (a manager, or the user itself:
 * its own password and tokens). */
bool svc_may_manage_users(const Ctx *ctx);
bool svc_may_manage_account(const Ctx *ctx, int64_t user_id);

/* Coordination writes (svc_coord.c), judged by svc_may_coordinate in the
 * policy section of svc.c. */
typedef enum CoordWrite {
	COORD_MEETING,      /* record a meeting: owners = its convener */
	COORD_FOLLOW_UP,    /* a recommendation's status and note: convener, addressee */
	COORD_MEMBERSHIP,   /* add or change a membership, a body's services: the body */
	COORD_SCHEDULE,     /* a body's meeting schedule: the body */
	COORD_APPLICATION   /* an application to an authority: applicant, authority */
} CoordWrite;
bool svc_may_coordinate(const Ctx *ctx, CoordWrite what, const int64_t *owners, size_t owner_count);

/* What the actor sees: with_reason false for counts and figures. */
void svc_sight(const Ctx *ctx, bool with_reason, Visibility *max_vis, OrgScope *scope);
/* Whether the actor sees an organization as stored now (false for none);
 * one seen by a stated reason is a logged read. A STORE_* code. */
int svc_sees_org_id(Ctx *ctx, int64_t id, bool *seen);
/* The same for a project as stored now (its owners counted). */
int svc_sees_project_id(Ctx *ctx, int64_t id, bool *seen);
/* A record as the audit trail keeps it (JSON in the arena). */
char *svc_org_snapshot(Ctx *ctx, const Org *o);
char *svc_project_snapshot(Ctx *ctx, const Project *p);
/* Replaces the search text of an organization. A STORE_* code. */
int svc_index_org(Ctx *ctx, const Org *o);
/* Replaces the search text of a project. A STORE_* code. */
int svc_index_project(Ctx *ctx, const Project *p);
/* An error on field when id names no organization the actor sees. */
int svc_check_org_ref(Ctx *ctx, Errors *errs, const char *field, int64_t id);
/* Commits (or rolls back) the unit's transaction after rc. */
SvcStatus svc_finish(Ctx *ctx, int rc);
SvcStatus svc_from_store(int rc);

/* For the recent changes: whether an audit entry is one of the
 * coordination records (*ours), and the organizations (up to 3) and the
 * project (0 if none) it names, so that it is listed only to those who see
 * them all. STORE_NOT_FOUND when the record is gone. */
int svc_coord_entry_refs(Ctx *ctx, const AuditEntry *e, bool *ours, int64_t orgs[3], size_t *n,
			 int64_t *project_id);
/* What the actor sees in counts and figures (a stated reason opens no
 * figure): the visibility seen everywhere and the organizations whose
 * restricted records are seen too (borrowed from the actor). */
void svc_figure_sight(const Ctx *ctx, Visibility *max_vis, OrgScope *scope);

#endif
