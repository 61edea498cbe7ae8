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

/* What the actor sees in counts and figures (a stated reason opens no
 * figure): the visibility seen everywhere and the organizations whose
 * restricted records are seen too (borrowed from the actor). */
void svc_figure_sight(const Ctx *ctx, Visibility *max_vis, OrgScope *scope);

#endif
