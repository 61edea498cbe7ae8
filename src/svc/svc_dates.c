/*
 * svc_dates.c — dates in either calendar on the way in (see svc_dates.h).
 * Touches only the date fields; no store access.
 */
#include "svc/svc_dates.h"

#include <stdio.h>
#include <string.h>

#include "core/date_input.h"

/* One date field: replaced by its Gregorian form when it reads as one. */
static void normalize(Arena *arena, const char **field, const char *name, Errors *errs)
{
	if (!*field || !**field)
		return;
	char out[DATE_INPUT_SIZE];
	const char *problem;
	if (date_input_normalize(*field, out, &problem)) {
		*field = arena_strndup(arena, out, strlen(out));
	} else if (problem) {
		errors_add(errs, name, problem, *field);
		*field = NULL;
	}
}

void svc_dates_field(Arena *arena, const char **field, const char *name, Errors *errs)
{
	normalize(arena, field, name, errs);
}

void svc_dates_org(Arena *arena, Org *o, Errors *errs)
{
	normalize(arena, &o->reg_date, "registration.date", errs);
}

void svc_dates_project(Arena *arena, Project *p, Errors *errs)
{
	normalize(arena, &p->start_date, "start_date", errs);
	normalize(arena, &p->end_date, "end_date", errs);
	for (size_t i = 0; i < p->result_count; i++) {
		char name[64];
		snprintf(name, sizeof name, "results[%zu].period_start", i);
		normalize(arena, &p->results[i].period_start, name, errs);
		snprintf(name, sizeof name, "results[%zu].period_end", i);
		normalize(arena, &p->results[i].period_end, name, errs);
	}
}
