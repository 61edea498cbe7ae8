/*
 * svc_import_int.h — what the files of the import service share among
 * themselves (svc_import.c for the run; svc_import_vocab.c for a row's
 * words; svc_import_project.c for projects, presences and IATI
 * activities; svc_import_org.c for tables of organizations): the
 * importer's state and the helpers that resolve a row's words. Not for callers outside
 * src/svc/svc_import*.c: they use svc_import.h.
 */
#ifndef HAMAHANG_SVC_IMPORT_INT_H
#define HAMAHANG_SVC_IMPORT_INT_H

#include <jansson.h>

#include "svc/svc_import.h"

/* Characters of an import's source name (the run's and a row's). */
#define SOURCE_MAX_CHARS 200

struct Importer {
	Ctx *ctx;               /* the unit of work, borrowed */
	bool dry_run;           /* undo everything at the end */
	int64_t source_id;      /* import_source.id */
	char *source;           /* the source's name, owned */
	char *mapping;          /* the remembered mapping, owned, may be NULL */
	Visibility visibility;  /* of records made new */
	json_t *orgs;           /* cache: "n:<folded name>" / "a:<folded acronym>" -> id */
	json_t *row_cache_keys; /* keys added to orgs by the current row */
	json_t *districts;      /* set of district P-codes resolved */
	json_t *provinces;      /* set of province P-codes resolved */
	json_t *written;        /* set of row keys whose project this run wrote */
	json_t *pending_authorities; /* [org id, authority name] not found yet */
	json_t *pending_parents; /* [org id, parent's id in the file, parent's name] not found yet */
	long long since_commit; /* rows written since the last batch commit */
	char at[32];            /* the run's time, ISO 8601 */
	ImportCounts counts;
};

/* The folded key of s in the arena ("" for text that is not UTF-8). */
const char *svc_import_folded(Arena *a, const char *s);
/* A copy of s without surrounding spaces in the arena; NULL when blank. */
const char *svc_import_trimmed(Arena *a, const char *s);
/* A kind of organization from words or a code; NULL when unknown;
 * *guessed when it is a guess. */
const char *svc_import_org_kind(Ctx *ctx, const char *text, bool *guessed);
/* Adds the sector codes a cell names to codes[] (unknown ones warned). */
void svc_import_sectors(Ctx *ctx, const char *text, const char *field, const char **codes,
                        size_t *count, size_t max, Errors *warns, bool *any_unknown);
/* The province a code and/or a name give; NULL with errors when none. */
const Place *svc_import_province(Ctx *ctx, const char *code, const char *name, Errors *errs,
                                 Errors *warns);
/* The district a code and/or a name give, in the province when one is
 * known; NULL when none (see svc_import_vocab.c). */
const Place *svc_import_district(Ctx *ctx, const char *code, const char *name,
                                 const Place *province, Errors *errs, Errors *warns);
/* The registry organization a row names, found in the cache or the
 * registry or made new (*created); its id in *id. Errors go to errs under
 * role; a store status (see svc_import_vocab.c). */
int svc_import_org_for_row(Importer *im, const char *role, const char *name, const char *acronym,
                           const char *alias, const char *kind_text, Visibility visibility,
                           const char *source, int64_t *id, bool *created, Errors *errs,
                           Errors *warns);
/* Ends the savepoint of a row whose write returned rc (see svc_import_project.c). */
SvcStatus svc_import_settle(Importer *im, int rc, ImportRowResult *out);
/* True (with the fields in errs) when a value is too long or not UTF-8. */
bool svc_import_too_long(const char *const values[IF_FIELD_COUNT], Errors *errs);
/* A whole number of 0 or more in text (a count of people); false when
 * it is none. */
bool svc_import_count(const char *text, long long *out);
/* Remembers an organization found or made under a cache key for the row. */
void svc_import_cache_put(Importer *im, const char *key, int64_t id);

#endif
