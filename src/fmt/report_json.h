/*
 * report_json.h — reports, reporting obligations and status changes to
 * and from JSON (jansson), for the API and the audit trail. Reading is
 * strict like record_json.h: an unknown field or a wrong type is a
 * problem in the Errors, every one of them; values are copied into the
 * arena. No I/O.
 */
#ifndef HAMAHANG_REPORT_JSON_H
#define HAMAHANG_REPORT_JSON_H

#include <jansson.h>

#include "core/arena.h"
#include "core/errors.h"
#include "core/report.h"

/* New references (the caller decrefs). with_history adds the events and
 * the store's times (left out of audit snapshots). */
json_t *report_to_json(const Report *r, bool with_history);
json_t *obligation_to_json(const ReportObligation *o);
json_t *status_change_to_json(const OrgStatusChange *c);

/* An empty report: no lines, unknown numbers. */
void report_init(Report *r);
void report_line_init(ReportLine *l);

/* Reads what an organization writes in a report: org_id, period_start,
 * period_end, summary, lines, recipients. Fields absent keep the values
 * already in *out. */
void report_from_json(json_t *obj, Arena *a, Report *out, Errors *errs);
/* Reads authority_id, frequency, calendar, start_date, grace_days. */
void obligation_from_json(json_t *obj, Arena *a, ReportObligation *out, Errors *errs);

#endif
