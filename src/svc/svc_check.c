/*
 * svc_check.c — verifying the audit trail and the database (`hamahang
 * check`), and reading the log of restricted reads.
 *
 * The chain is verified from the entries alone: each hash is recomputed
 * with core/audit.h, each entry must point at the hash before it, ids
 * must run 1, 2, 3, ... with no gap, and the newest entry must be the one
 * recorded beside the trail, so that removing the last entries shows too.
 * Nothing here writes.
 */
#include <stdio.h>
#include <string.h>

#include "core/audit.h"
#include "svc/svc.h"
#include "svc/svc_int.h"

/* What the walk over the trail keeps between entries. */
typedef struct ChainWalk {
	AuditCheck *out;                 /* the verdict being written */
	int64_t last_id;                 /* id of the entry before; 0 at the start */
	char last_hash[AUDIT_HASH_HEX];  /* its hash; 64 zeros at the start */
} ChainWalk;

static bool broken(ChainWalk *w, int64_t id, const char *problem)
{
	w->out->broken_id = id;
	snprintf(w->out->problem, sizeof w->out->problem, "%s", problem);
	return false;
}

static bool visit_entry(const AuditEntry *e, void *arg)
{
	ChainWalk *w = arg;
	char expected[AUDIT_HASH_HEX];
	if (e->id != w->last_id + 1) {
		char problem[sizeof w->out->problem];
		snprintf(problem, sizeof problem,
			 "is missing: entry %lld follows entry %lld (removed by hand?)",
			 (long long)e->id, (long long)w->last_id);
		return broken(w, w->last_id + 1, problem);
	}
	if (!e->prev_hash || strcmp(e->prev_hash, w->last_hash) != 0)
		return broken(w, e->id,
			      w->last_id ? "does not point at the hash of the entry before it"
					   " (that entry or this link was changed by hand?)"
					 : "does not start the chain (entries before it removed?)");
	audit_hash(e->prev_hash, e->at, e->actor, e->action, e->entity, e->entity_id, e->before,
		   e->after, expected);
	if (!e->hash || strcmp(e->hash, expected) != 0)
		return broken(w, e->id, "does not match its hash (changed by hand?)");
	w->out->entries++;
	w->last_id = e->id;
	snprintf(w->last_hash, sizeof w->last_hash, "%s", e->hash);
	return true;
}

SvcStatus svc_check(Ctx *ctx, AuditCheck *out)
{
	memset(out, 0, sizeof *out);
	if (ctx->actor->role != ROLE_SYSTEM && ctx->actor->role != ROLE_ADMIN)
		return SVC_FORBIDDEN;
	ChainWalk w = {.out = out};
	memset(w.last_hash, '0', AUDIT_HASH_HEX - 1);
	if (store_audit_each(ctx->store, visit_entry, &w) != STORE_OK)
		return SVC_ERROR;

	/* The chain may be whole and still end early: compare with the head. */
	int64_t head_id = 0;
	char head_hash[AUDIT_HASH_HEX] = "";
	int rc = store_audit_head(ctx->store, &head_id, head_hash);
	if (rc != STORE_OK && rc != STORE_NOT_FOUND)
		return SVC_ERROR;
	if (!out->broken_id && rc == STORE_OK) {
		if (head_id > w.last_id) {
			out->broken_id = w.last_id + 1;
			snprintf(out->problem, sizeof out->problem,
				 "is missing: the trail ends at entry %lld but entry %lld was written"
				 " (removed by hand?)",
				 (long long)w.last_id, (long long)head_id);
		} else if (head_id < w.last_id || strcmp(head_hash, w.last_hash) != 0) {
			out->broken_id = head_id < w.last_id ? head_id + 1 : w.last_id;
			snprintf(out->problem, sizeof out->problem, "%s",
				 "does not match the newest entry recorded beside the trail"
				 " (added or changed by hand?)");
		}
	} else if (!out->broken_id && w.last_id > 0) {
		out->broken_id = w.last_id;
		snprintf(out->problem, sizeof out->problem, "%s",
			 "is not recorded beside the trail (the record of the newest entry is gone)");
	}

	bool ok = false;
	if (store_integrity(ctx->store, &ok) != STORE_OK)
		return SVC_ERROR;
	out->database_ok = ok;
	if (!ok)
		snprintf(out->database_problem, sizeof out->database_problem, "%s",
			 svc_error(ctx));
	return SVC_OK;
}

SvcStatus svc_restricted_reads(Ctx *ctx, const char *entity, int64_t entity_id, int limit,
			       RestrictedRead **out, size_t *count)
{
	*out = NULL;
	*count = 0;
	if (!svc_may_manage_users(ctx))
		return SVC_FORBIDDEN;
	if (limit <= 0 || limit > 1000)
		limit = 100;
	return store_restricted_read_list(ctx->store, ctx->arena, entity, entity_id, limit, out,
					  count) == STORE_OK
		       ? SVC_OK
		       : SVC_ERROR;
}
