/*
 * export.h — the records of an export written as files: CSV (plain or
 * with an HXL hashtag row), XLSX, JSON and IATI 2.03 activity XML.
 *
 * The writers take records already gathered for a reader (svc_export.h
 * gathers them through the service, so nothing the reader may not see
 * reaches here) and turn them into bytes. They decide nothing about who
 * may see what. Text files are built in a Buf; XLSX is written to a file
 * path (libxlsxwriter writes files only).
 */
#ifndef HAMAHANG_EXPORT_H
#define HAMAHANG_EXPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/model.h"
#include "core/refdata.h"

typedef enum ExportKind {
	EXPORT_PROJECTS = 0, /* projects only */
	EXPORT_ORGS,         /* organizations only */
	EXPORT_ALL           /* both */
} ExportKind;

typedef enum ExportFormat {
	EXPORT_CSV = 0,
	EXPORT_HXL,
	EXPORT_XLSX,
	EXPORT_JSON,
	EXPORT_IATI
} ExportFormat;

/* "csv", "hxl", "xlsx", "json", "iati"; false for anything else. */
bool export_format_parse(const char *text, ExportFormat *out);
const char *export_format_name(ExportFormat f);
/* "projects", "orgs", "all"; false for anything else. */
bool export_kind_parse(const char *text, ExportKind *out);
const char *export_kind_name(ExportKind k);
/* The MIME type and the file name extension of a format. */
const char *export_content_type(ExportFormat f);
const char *export_extension(ExportFormat f);

/* The gathered records; borrowed by the writers. */
typedef struct ExportSet {
	Org *orgs;               /* organizations selected */
	size_t org_count;        /* entries in orgs[] */
	Project *projects;       /* projects selected, with their results */
	size_t project_count;    /* entries in projects[] */
	const Org **known_orgs;  /* the organizations the projects name that the reader sees */
	size_t known_org_count;  /* entries in known_orgs[] */
} ExportSet;

/* The organization with that id among those gathered, or NULL. */
const Org *export_org(const ExportSet *set, int64_t id);

#define EXPORT_MAX_FILTERS 12

/* What the file says about itself (JSON header, XLSX "About" sheet). */
typedef struct ExportMeta {
	ExportKind kind;
	const char *filter_names[EXPORT_MAX_FILTERS];  /* the filters given, in order */
	const char *filter_values[EXPORT_MAX_FILTERS]; /* their values as given */
	size_t filter_count;                           /* entries used */
	const char *iati_reporter_ref;                 /* reporting-org/@ref and identifier prefix */
} ExportMeta;

/* Appends the file to out; false when out's cap was reached (out then
 * holds a partial file, to be thrown away). */
bool export_csv(const ExportSet *set, const RefData *ref, ExportKind kind, bool hxl_row, Buf *out);
bool export_json(const ExportSet *set, const RefData *ref, const ExportMeta *meta, Buf *out);
bool export_iati(const ExportSet *set, const RefData *ref, const ExportMeta *meta, Arena *a, Buf *out);
/* The projects an IATI file can hold: those with a start or an end date
 * and an organization (IATI requires both, and a file at least one
 * activity). */
size_t export_iati_count(const ExportSet *set);
/* The text formats (all but XLSX) by format; false for XLSX or a full out. */
bool export_text(const ExportSet *set, const RefData *ref, ExportFormat format,
		 const ExportMeta *meta, Arena *a, Buf *out);
/* Writes the workbook to path. false with a message in *err (caller
 * frees) when libxlsxwriter fails. */
bool export_xlsx(const ExportSet *set, const RefData *ref, const ExportMeta *meta, const char *path,
		 char **err);

#endif
