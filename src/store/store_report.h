/*
 * store_report.h — reporting obligations, reports and the organizations'
 * status history in SQL. Like store.h, the store reads and writes and
 * decides nothing: the service tells it what the reader sees.
 *
 * Reads take an Arena (every string lives there); functions return
 * STORE_OK or a negative STORE_* code with store_error() saying why.
 */
#ifndef HAMAHANG_STORE_REPORT_H
#define HAMAHANG_STORE_REPORT_H

#include "core/report.h"
#include "store/store.h"

/* ---- obligations ---- */

/* Sets the obligation of o->org_id, replacing one already there. */
int store_obligation_put(Store *s, const ReportObligation *o);
/* The obligation of an organization; STORE_NOT_FOUND when it has none. */
int store_obligation_get(Store *s, Arena *a, int64_t org_id, ReportObligation *out);
/* Every obligation of an organization the reader sees (visibility at
 * most max_vis, or in scope), with the names and head office filled in,
 * by organization name. */
int store_obligation_list(Store *s, Arena *a, Visibility max_vis, const OrgScope *scope,
			  ReportObligation **out, size_t *count);

/* ---- reports ---- */

/* Stores a new report with its lines and recipients; sets r->id. */
int store_report_insert(Store *s, Report *r);
/* Replaces a report's fields, lines and recipients. */
int store_report_update(Store *s, const Report *r);
/* Appends one entry to a report's history. */
int store_report_event_insert(Store *s, int64_t report_id, const ReportEvent *e);
/* A report with its lines, recipients (names filled) and history. */
int store_report_get(Store *s, Arena *a, int64_t id, Report *out);

typedef struct ReportFilter {
	int64_t org_id;        /* 0 for every organization */
	Visibility max_vis;    /* of the organization that reports */
	const OrgScope *scope;
	bool submitted_only;   /* only reports submitted at least once */
} ReportFilter;

/* Reports (without lines, recipients or history), newest period first. */
int store_report_list(Store *s, Arena *a, const ReportFilter *f, Report **out, size_t *count);

/* ---- organization status ---- */

/* Records a status change and sets the organization's status to
 * c->new_status; sets c->id. */
int store_org_status_change(Store *s, OrgStatusChange *c);
/* The changes of an organization, oldest first. */
int store_org_status_history(Store *s, Arena *a, int64_t org_id, OrgStatusChange **out,
			     size_t *count);

#endif
