/*
 * report_json.c — reports, obligations and status changes in JSON (see
 * report_json.h).
 */
#include "fmt/report_json.h"

#include <string.h>

static void set_str(json_t *obj, const char *key, const char *value)
{
	json_object_set_new(obj, key, value ? json_string(value) : json_null());
}

static void set_count(json_t *obj, const char *key, long long value)
{
	json_object_set_new(obj, key, value == NUM_UNKNOWN ? json_null() : json_integer(value));
}

void report_line_init(ReportLine *l)
{
	memset(l, 0, sizeof *l);
	l->female = l->male = l->girls = l->boys = NUM_UNKNOWN;
}

void report_init(Report *r)
{
	memset(r, 0, sizeof *r);
}

static json_t *line_to_json(const ReportLine *l)
{
	json_t *j = json_object();
	json_object_set_new(j, "project_id", l->project_id ? json_integer(l->project_id) : json_null());
	if (l->project_title)
		set_str(j, "project_title", l->project_title);
	set_str(j, "progress", l->progress);
	set_str(j, "indicator", l->indicator);
	json_object_set_new(j, "value", l->has_value ? json_real(l->value) : json_null());
	set_count(j, "female", l->female);
	set_count(j, "male", l->male);
	set_count(j, "girls", l->girls);
	set_count(j, "boys", l->boys);
	json_object_set_new(j, "spending", l->has_spending ? json_real(l->spending) : json_null());
	set_str(j, "currency", l->currency);
	return j;
}

json_t *report_to_json(const Report *r, bool with_history)
{
	json_t *j = json_object();
	json_object_set_new(j, "id", json_integer(r->id));
	json_object_set_new(j, "org_id", json_integer(r->org_id));
	if (with_history && r->org_name)
		set_str(j, "org_name", r->org_name);
	set_str(j, "period_start", r->period_start);
	set_str(j, "period_end", r->period_end);
	set_str(j, "status", r->status);
	set_str(j, "summary", r->summary);
	set_str(j, "review_comments", r->review_comments);
	set_str(j, "first_submitted_on", r->first_submitted_on);
	set_str(j, "submitted_on", r->submitted_on);
	set_str(j, "returned_on", r->returned_on);
	set_str(j, "accepted_on", r->accepted_on);
	json_t *lines = json_array();
	for (size_t i = 0; i < r->line_count; i++)
		json_array_append_new(lines, line_to_json(&r->lines[i]));
	json_object_set_new(j, "lines", lines);
	json_t *to = json_array();
	for (size_t i = 0; i < r->recipient_count; i++) {
		json_t *one = json_object();
		json_object_set_new(one, "org_id", json_integer(r->recipients[i]));
		if (with_history && r->recipient_names)
			set_str(one, "name", r->recipient_names[i]);
		json_array_append_new(to, one);
	}
	json_object_set_new(j, "recipients", to);
	if (with_history) {
		set_str(j, "created_at", r->created_at);
		set_str(j, "updated_at", r->updated_at);
		json_t *ev = json_array();
		for (size_t i = 0; i < r->event_count; i++) {
			json_t *e = json_object();
			set_str(e, "at", r->events[i].at);
			set_str(e, "by", r->events[i].actor);
			set_str(e, "status", r->events[i].status);
			set_str(e, "comment", r->events[i].comment);
			json_array_append_new(ev, e);
		}
		json_object_set_new(j, "history", ev);
	}
	return j;
}

json_t *obligation_to_json(const ReportObligation *o)
{
	json_t *j = json_object();
	json_object_set_new(j, "org_id", json_integer(o->org_id));
	json_object_set_new(j, "authority_id", json_integer(o->authority_id));
	if (o->authority_name)
		set_str(j, "authority_name", o->authority_name);
	set_str(j, "frequency", o->frequency);
	set_str(j, "calendar", o->calendar);
	set_str(j, "start_date", o->start_date);
	json_object_set_new(j, "grace_days", json_integer(o->grace_days));
	return j;
}

json_t *status_change_to_json(const OrgStatusChange *c)
{
	json_t *j = json_object();
	json_object_set_new(j, "org_id", json_integer(c->org_id));
	set_str(j, "at", c->at);
	set_str(j, "by", c->actor);
	set_str(j, "change", c->change);
	set_str(j, "old_status", c->old_status);
	set_str(j, "new_status", c->new_status);
	set_str(j, "reason", c->reason);
	return j;
}

/* ---- reading ---- */

static void read_str(json_t *v, const char *field, Arena *a, const char **out, Errors *e)
{
	if (json_is_null(v))
		*out = NULL;
	else if (json_is_string(v) && strlen(json_string_value(v)) == json_string_length(v))
		*out = arena_strdup(a, json_string_value(v));
	else
		errors_add(e, field, "must be a string", NULL);
}

static void read_id(json_t *v, const char *field, int64_t *out, Errors *e)
{
	if (json_is_null(v))
		*out = 0;
	else if (json_is_integer(v) && json_integer_value(v) > 0)
		*out = json_integer_value(v);
	else
		errors_add(e, field, "must be the id of a record", NULL);
}

static void read_count(json_t *v, const char *field, long long *out, Errors *e)
{
	if (json_is_null(v))
		*out = NUM_UNKNOWN;
	else if (json_is_integer(v) && json_integer_value(v) >= 0 && json_integer_value(v) <= 1000000000000LL)
		*out = json_integer_value(v);
	else
		errors_add(e, field, "must be a whole number not below zero", NULL);
}

static void read_amount(json_t *v, const char *field, double *out, bool *given, Errors *e)
{
	if (json_is_null(v)) {
		*given = false;
	} else if (json_is_number(v) && json_number_value(v) >= 0 && json_number_value(v) < 1e15) {
		*out = json_number_value(v);
		*given = true;
	} else {
		errors_add(e, field, "must be a number not below zero", NULL);
	}
}

static void read_line(json_t *v, size_t i, Arena *a, ReportLine *l, Errors *e)
{
	char field[64];
	report_line_init(l);
	if (!json_is_object(v)) {
		errors_add_at(e, "lines", i, NULL, "must be an object", NULL);
		return;
	}
	const char *key;
	json_t *val;
	json_object_foreach(v, key, val) {
		snprintf(field, sizeof field, "lines[%zu].%.30s", i, key);
		if (strcmp(key, "project_id") == 0)
			read_id(val, field, &l->project_id, e);
		else if (strcmp(key, "progress") == 0)
			read_str(val, field, a, &l->progress, e);
		else if (strcmp(key, "indicator") == 0)
			read_str(val, field, a, &l->indicator, e);
		else if (strcmp(key, "value") == 0)
			read_amount(val, field, &l->value, &l->has_value, e);
		else if (strcmp(key, "female") == 0)
			read_count(val, field, &l->female, e);
		else if (strcmp(key, "male") == 0)
			read_count(val, field, &l->male, e);
		else if (strcmp(key, "girls") == 0)
			read_count(val, field, &l->girls, e);
		else if (strcmp(key, "boys") == 0)
			read_count(val, field, &l->boys, e);
		else if (strcmp(key, "spending") == 0)
			read_amount(val, field, &l->spending, &l->has_spending, e);
		else if (strcmp(key, "currency") == 0)
			read_str(val, field, a, &l->currency, e);
		else if (strcmp(key, "project_title") != 0)
			errors_add(e, field, "is not a known field", NULL);
	}
}

static void read_lines(json_t *v, Arena *a, Report *r, Errors *e)
{
	if (json_is_null(v)) {
		r->lines = NULL;
		r->line_count = 0;
		return;
	}
	if (!json_is_array(v)) {
		errors_add(e, "lines", "must be a list", NULL);
		return;
	}
	size_t n = json_array_size(v);
	if (n > REPORT_MAX_LINES) {
		errors_add(e, "lines", "has too many entries", NULL);
		return;
	}
	r->lines = arena_zalloc(a, (n ? n : 1) * sizeof *r->lines);
	r->line_count = n;
	for (size_t i = 0; i < n; i++)
		read_line(json_array_get(v, i), i, a, &r->lines[i], e);
}

static void read_recipients(json_t *v, Arena *a, Report *r, Errors *e)
{
	if (json_is_null(v)) {
		r->recipients = NULL;
		r->recipient_count = 0;
		return;
	}
	if (!json_is_array(v)) {
		errors_add(e, "recipients", "must be a list", NULL);
		return;
	}
	size_t n = json_array_size(v);
	if (n > REPORT_MAX_RECIPIENTS) {
		errors_add(e, "recipients", "has too many entries", NULL);
		return;
	}
	r->recipients = arena_zalloc(a, (n ? n : 1) * sizeof *r->recipients);
	r->recipient_names = NULL;
	r->recipient_count = n;
	for (size_t i = 0; i < n; i++) {
		json_t *item = json_array_get(v, i);
		/* An id, or {"org_id": id} as the API writes it. */
		if (json_is_object(item))
			item = json_object_get(item, "org_id");
		if (json_is_integer(item) && json_integer_value(item) > 0)
			r->recipients[i] = json_integer_value(item);
		else
			errors_add_at(e, "recipients", i, NULL, "must be the id of an organization", NULL);
	}
}

void report_from_json(json_t *obj, Arena *a, Report *out, Errors *errs)
{
	if (!json_is_object(obj)) {
		errors_add(errs, "", "the body must be a JSON object", NULL);
		return;
	}
	static const char *const READ_ONLY[] = {
		"id", "org_name", "status", "review_comments", "first_submitted_on", "submitted_on",
		"returned_on", "accepted_on", "created_at", "updated_at", "history",
	};
	const char *key;
	json_t *val;
	json_object_foreach(obj, key, val) {
		if (strcmp(key, "org_id") == 0)
			read_id(val, "org_id", &out->org_id, errs);
		else if (strcmp(key, "period_start") == 0)
			read_str(val, "period_start", a, &out->period_start, errs);
		else if (strcmp(key, "period_end") == 0)
			read_str(val, "period_end", a, &out->period_end, errs);
		else if (strcmp(key, "summary") == 0)
			read_str(val, "summary", a, &out->summary, errs);
		else if (strcmp(key, "lines") == 0)
			read_lines(val, a, out, errs);
		else if (strcmp(key, "recipients") == 0)
			read_recipients(val, a, out, errs);
		else {
			bool known = false;
			for (size_t i = 0; i < sizeof READ_ONLY / sizeof *READ_ONLY && !known; i++)
				known = strcmp(key, READ_ONLY[i]) == 0;
			if (!known)
				errors_add(errs, key, "is not a known field", NULL);
		}
	}
}

void obligation_from_json(json_t *obj, Arena *a, ReportObligation *out, Errors *errs)
{
	if (!json_is_object(obj)) {
		errors_add(errs, "", "the body must be a JSON object", NULL);
		return;
	}
	const char *key;
	json_t *val;
	json_object_foreach(obj, key, val) {
		if (strcmp(key, "authority_id") == 0)
			read_id(val, "authority_id", &out->authority_id, errs);
		else if (strcmp(key, "frequency") == 0)
			read_str(val, "frequency", a, &out->frequency, errs);
		else if (strcmp(key, "calendar") == 0)
			read_str(val, "calendar", a, &out->calendar, errs);
		else if (strcmp(key, "start_date") == 0)
			read_str(val, "start_date", a, &out->start_date, errs);
		else if (strcmp(key, "grace_days") == 0) {
			if (json_is_integer(val) && json_integer_value(val) >= 0 && json_integer_value(val) <= 100000)
				out->grace_days = (int)json_integer_value(val);
			else
				errors_add(errs, "grace_days", "must be a whole number of days", NULL);
		} else if (strcmp(key, "org_id") != 0 && strcmp(key, "authority_name") != 0)
			errors_add(errs, key, "is not a known field", NULL);
	}
}
