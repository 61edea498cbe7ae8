/*
 * store_import.h — what imports remember between runs (migration 004):
 * the sources rows come from, with their header mapping, and the key of
 * every row imported with the record it became. Also the lookup of an
 * organization by the name or acronym a file gives it.
 *
 * Like the rest of the store, these read and write and decide nothing
 * about who may: the import service (src/svc/svc_import.c) does that.
 * Errors are STORE_* codes with store_error() in words.
 */
#ifndef HAMAHANG_STORE_IMPORT_H
#define HAMAHANG_STORE_IMPORT_H

#include "store/store.h"

/* The source of that name, made when new (at is its creation time).
 * *mapping gets its remembered mapping (JSON text in the arena) or NULL. */
int store_import_source(Store *s, Arena *a, const char *name, const char *at, int64_t *id,
                        const char **mapping);
/* Replaces the source's remembered mapping (JSON text). */
int store_import_source_set_mapping(Store *s, int64_t id, const char *mapping, const char *at);

/* The record a key of the source became, and the digest of the values it
 * had (in the arena, may be NULL); STORE_NOT_FOUND when the key is new. */
int store_import_key_get(Store *s, Arena *a, int64_t source_id, const char *key, int64_t *entity_id,
                         const char **digest);
/* Records (or replaces) what a key became. */
int store_import_key_put(Store *s, int64_t source_id, const char *key, const char *entity,
                         int64_t entity_id, const char *digest);

typedef enum OrgFoundBy {
	ORG_FOUND_NAME,   /* the English name, ignoring case */
	ORG_FOUND_ALIAS,  /* another name (Dari, Pashto, an alias), ignoring case */
	ORG_FOUND_ACRONYM /* the acronym alone, ignoring case */
} OrgFoundBy;

/* An organization whose name (or failing that acronym) is the given one,
 * whatever its visibility (the caller checks what the actor may see);
 * name or acronym may be NULL. The oldest wins a tie. STORE_NOT_FOUND when
 * none. */
int store_import_org_find(Store *s, const char *name, const char *acronym, int64_t *id,
                          OrgFoundBy *by);
/* The organization (not merged away) with that registration number,
 * ignoring case, whatever its visibility; the oldest wins a tie.
 * STORE_NOT_FOUND when none. */
int store_import_org_find_reg(Store *s, const char *reg_number, int64_t *id);

#endif
