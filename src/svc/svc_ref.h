/*
 * svc_ref.h — loading the compiled-in reference tables into a database.
 */
#ifndef HAMAHANG_SVC_REF_H
#define HAMAHANG_SVC_REF_H

#include "svc/svc.h"

/* Loads regions, places, sectors, organization kinds, currencies, target
 * groups and relation kinds in one transaction with one audit entry.
 * *rows gets the number of rows written; on failure *error (in the
 * context's arena) says which file and line. ctx->ref may be NULL here. */
SvcStatus svc_reference_load(Ctx *ctx, long long *rows, char **error);

#endif
