/*
 * demo_reports.c — the "reporting" part of the demo data: obligations and
 * reports through their steps (submit, return, accept), loaded through
 * svc_reports.h like any other write. Each step runs with the unit's
 * clock set to its day, so the demo's reports are on time, late or
 * missing as their dates say, and their history shows those days.
 */
#include "cmd/demo_reports.h"

#include <string.h>

#include "core/pdate.h"
#include "fmt/report_json.h"
#include "svc/svc_reports.h"

static int64_t id_of_key(json_t *ids, const char *prefix, json_t *key)
{
	if (!json_is_string(key))
		return 0;
	char name[160];
	snprintf(name, sizeof name, "%s%s", prefix, json_string_value(key));
	json_t *id = json_object_get(ids, name);
	return id ? json_integer_value(id) : 0;
}

static void problems(Buf *err, const char *what, const Errors *e, SvcStatus st, Ctx *ctx)
{
	buf_printf(err, "%s refused", what);
	if (st == SVC_ERROR)
		buf_printf(err, ": %s", svc_error(ctx));
	buf_puts(err, "\n");
	for (size_t i = 0; i < e->count; i++)
		buf_printf(err, "  %s %s%s%s\n", e->items[i].field, e->items[i].message,
			   e->items[i].detail[0] ? ": " : "", e->items[i].detail);
}

/* Noon UTC of a "YYYY-MM-DD" day; false for anything else. */
static bool noon_of(const char *text, time_t *out)
{
	PDate d;
	if (!text || !pdate_parse(text, &d) || d.precision != DATE_DAY)
		return false;
	*out = (time_t)pdate_first_day(&d) * 86400 + 12 * 3600;
	return true;
}

static bool load_obligation(Ctx *ctx, json_t *src, json_t *ids, Buf *err)
{
	ReportObligation o = {.grace_days = NUM_UNKNOWN};
	o.org_id = id_of_key(ids, "", json_object_get(src, "org"));
	o.authority_id = id_of_key(ids, "", json_object_get(src, "authority"));
	o.frequency = json_string_value(json_object_get(src, "frequency"));
	o.calendar = json_string_value(json_object_get(src, "calendar"));
	o.start_date = json_string_value(json_object_get(src, "start_date"));
	json_t *grace = json_object_get(src, "grace_days");
	if (json_is_integer(grace))
		o.grace_days = (int)json_integer_value(grace);
	Errors errs;
	errors_clear(&errs);
	SvcStatus st = svc_obligation_set(ctx, &o, &errs);
	if (st != SVC_OK) {
		problems(err, "reporting obligation", &errs, st, ctx);
		return false;
	}
	return true;
}

static bool load_report(Ctx *ctx, json_t *src, json_t *ids, Buf *err)
{
	json_t *r = json_deep_copy(src);
	json_t *steps = json_incref(json_object_get(r, "steps"));
	bool ok = false;
	json_object_del(r, "steps");
	json_object_set_new(r, "org_id", json_integer(id_of_key(ids, "", json_object_get(r, "org"))));
	json_object_del(r, "org");
	json_t *to = json_array();
	size_t i;
	json_t *v;
	json_array_foreach(json_object_get(r, "recipients"), i, v)
		json_array_append_new(to, json_integer(id_of_key(ids, "", v)));
	json_object_set_new(r, "recipients", to);
	json_array_foreach(json_object_get(r, "lines"), i, v) {
		json_t *project = json_object_get(v, "project");
		if (project) {
			json_object_set_new(v, "project_id", json_integer(id_of_key(ids, "project:", project)));
			json_object_del(v, "project");
		}
	}
	Report rep;
	report_init(&rep);
	Errors errs;
	errors_clear(&errs);
	report_from_json(r, ctx->arena, &rep, &errs);
	time_t saved = ctx->now;
	/* Written the day the period ended. */
	noon_of(rep.period_end, &ctx->now);
	SvcStatus st = errs.count ? SVC_INVALID : svc_report_create(ctx, &rep, &errs);
	if (st != SVC_OK) {
		problems(err, "report", &errs, st, ctx);
		goto done;
	}
	json_array_foreach(steps, i, v) {
		const char *what = json_string_value(json_object_get(v, "do"));
		const char *comments = json_string_value(json_object_get(v, "comments"));
		if (!what || !noon_of(json_string_value(json_object_get(v, "on")), &ctx->now)) {
			buf_puts(err, "report step: needs 'do' and a day 'on'\n");
			goto done;
		}
		if (strcmp(what, "submit") == 0)
			st = svc_report_submit(ctx, rep.id, &errs);
		else
			st = svc_report_review(ctx, rep.id, strcmp(what, "accept") == 0, comments, &errs);
		if (st != SVC_OK) {
			problems(err, "report step", &errs, st, ctx);
			goto done;
		}
	}
	ok = true;
done:
	ctx->now = saved;
	json_decref(steps);
	json_decref(r);
	return ok;
}

bool demo_load_reporting(Ctx *ctx, json_t *reporting, json_t *ids, long long *obligations,
			 long long *reports, Buf *err)
{
	*obligations = *reports = 0;
	size_t i;
	json_t *v;
	json_array_foreach(json_object_get(reporting, "obligations"), i, v) {
		if (!load_obligation(ctx, v, ids, err))
			return false;
		(*obligations)++;
	}
	json_array_foreach(json_object_get(reporting, "reports"), i, v) {
		if (!load_report(ctx, v, ids, err))
			return false;
		(*reports)++;
	}
	return true;
}
