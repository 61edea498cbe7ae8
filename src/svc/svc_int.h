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

#endif
