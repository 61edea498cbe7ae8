/*
 * demo_reports.h — loading the demo data's reporting obligations and
 * reports (the "reporting" object of data/demo.json) through the service.
 */
#ifndef HAMAHANG_DEMO_REPORTS_H
#define HAMAHANG_DEMO_REPORTS_H

#include <jansson.h>

#include "core/buf.h"
#include "svc/svc.h"

/* Loads reporting.obligations and reporting.reports. ids maps the demo's
 * organization keys to ids, and "project:KEY" to project ids. Counts what
 * was loaded; on failure returns false with the problems in *err. */
bool demo_load_reporting(Ctx *ctx, json_t *reporting, json_t *ids, long long *obligations,
			 long long *reports, Buf *err);

#endif
