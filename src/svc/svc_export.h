/*
 * svc_export.h — what leaves the registry in an export file.
 *
 * An export reads as its actor, through the same service calls as the
 * pages and the API: what the actor may not see is not gathered, so no
 * writer (CSV, XLSX, JSON, IATI) can put it in a file. The filters are
 * parsed here once, from text, for the command line and the web alike.
 * No file formats here (src/fmt writes them) and no I/O.
 */
#ifndef HAMAHANG_SVC_EXPORT_H
#define HAMAHANG_SVC_EXPORT_H

#include "fmt/export.h"
#include "svc/svc.h"

/* Most records an export holds; a larger selection is refused (filter it). */
#define EXPORT_MAX_RECORDS 20000

/* The selection, as parsed from the command line or a query. */
typedef struct ExportFilter {
	ExportFormat format;
	ExportKind kind;
	bool kind_given;         /* false: the format's default kind */
	const char *q;           /* words, as given */
	const char *province;    /* P-code */
	const char *district;    /* P-code */
	const char *sector;      /* sector code */
	int64_t org_id;          /* any role (projects); the organization itself (orgs) */
	int64_t donor_id;        /* funding role */
	int year;                /* active during that year; 0 for any */
	const char *status;      /* project status */
	const char *org_kind;    /* organization kind code (organizations only) */
	ExportMeta meta;         /* the filters as given, for the file to say */
} ExportFilter;

/* Sets one filter from its text ("format", "kind", "q", "province",
 * "district", "sector", "org", "donor", "year", "status", "org_kind"): a place is a
 * name or a P-code, resolved; a problem naming the filter and the value
 * goes to errs. An empty value leaves the filter unset. Returns false for
 * a name that is no filter (nothing recorded). */
bool svc_export_filter_set(Ctx *ctx, ExportFilter *f, const char *name, const char *value,
			   Errors *errs);
/* Checks the filters together (after the last set): the kind the format
 * can hold, project filters asked of an organization export. */
void svc_export_filter_check(ExportFilter *f, Errors *errs);

/* Gathers what the actor sees that the filter selects. SVC_INVALID (a
 * problem in errs) when it holds more than EXPORT_MAX_RECORDS. */
SvcStatus svc_export_gather(Ctx *ctx, const ExportFilter *f, ExportSet *out, Errors *errs);

/* The actor of a stored account, for reading as that user from the
 * command line (the system only). Strings live in the arena. SVC_NOT_FOUND
 * for an unknown login, SVC_FORBIDDEN for a disabled account. */
SvcStatus svc_actor_of_login(Ctx *ctx, const char *login, Actor *out);

#endif
