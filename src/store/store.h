/*
 * store.h — reading and writing the registry's records in SQL.
 *
 * The store reads and writes; it decides nothing about who may. Every
 * statement binds its parameters; SQL text lives only under src/store.
 * The interface speaks in domain values (core/model.h) so that a
 * PostgreSQL implementation can stand behind the same functions.
 *
 * Reads take an Arena: every string of a returned record lives there and
 * dies with it. Reads also take the highest visibility the reader may see;
 * records above it are not returned, not counted and not searched.
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

/* ---- organizations ---- */

typedef struct OrgFilter {
	const char *q;          /* text (folded by the caller), or NULL */
	const char *kind;       /* org kind code, or NULL */
	const char *province;   /* P-code: an office or a project there */
	const char *sector;     /* sector code of the org or of its projects */
	Visibility max_vis;     /* highest visibility the reader may see */
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
int store_org_get(Store *s, Arena *a, int64_t id, Visibility max_vis, Org *out);
int store_org_list(Store *s, Arena *a, const OrgFilter *f, OrgList *out);
/* Visibility of an org, or STORE_NOT_FOUND. */
int store_org_visibility(Store *s, int64_t id, Visibility *out);

int store_relation_insert(Store *s, OrgRelation *r);
/* Relations where the org is on either side; other_name filled with the
 * other side's name (relations to orgs above max_vis are left out). */
int store_relation_list(Store *s, Arena *a, int64_t org_id, Visibility max_vis,
			OrgRelation **out, size_t *count);
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
	Visibility max_vis;
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
int store_project_get(Store *s, Arena *a, int64_t id, Visibility max_vis, Project *out);
int store_project_list(Store *s, Arena *a, const ProjectFilter *f, ProjectList *out);
int store_project_visibility(Store *s, int64_t id, Visibility *out);

/* ---- meetings ---- */

typedef struct Recommendation {
	int64_t id;
	const char *text;
	const char *addressed_to;
	int64_t addressed_org;  /* 0 when addressed to a kind of organization */
	const char *status;     /* "open", "in_progress", "done", "dropped" */
	const char *due_date;
} Recommendation;

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
	double rank;            /* lower is better */
} SearchHit;

/* Records whose folded text holds every word of folded_query (words
 * may be prefixes), best first, visible at max_vis. */
int store_search(Store *s, Arena *a, const char *folded_query, Visibility max_vis, int limit,
		 SearchHit **out, size_t *count);

typedef struct PlaceSectorCount {
	const char *sector;
	long long projects;
	long long orgs;
} PlaceSectorCount;

/* Who does what in a place (province or district, including its
 * districts): project and organization counts per sector. */
int store_place_sectors(Store *s, Arena *a, const char *pcode, Visibility max_vis,
			PlaceSectorCount **out, size_t *count);

typedef struct Totals {
	long long orgs;
	long long projects;
	long long places_with_projects;
	long long results;
} Totals;

int store_totals(Store *s, Visibility max_vis, Totals *out);

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
/* Calls visit for every entry oldest first; stops when visit returns false. */
int store_audit_each(Store *s, bool (*visit)(const AuditEntry *e, void *ctx), void *ctx);
/* SQLite's own integrity check; *ok false with the first problem in store_error. */
int store_integrity(Store *s, bool *ok);

#endif
