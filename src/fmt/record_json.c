/*
 * record_json.c — records to and from JSON (see record_json.h).
 */
#include "fmt/record_json.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/conflict.h"
#include "core/mem.h"

void org_init(Org *o)
{
	memset(o, 0, sizeof *o);
	o->staff_total = NUM_UNKNOWN;
	o->staff_female = NUM_UNKNOWN;
	o->women_led = NUM_UNKNOWN;
	/* Nothing is public unless someone says so (DESIGN.md: "the default is not public"). */
	o->visibility = VIS_MEMBERS;
}

void project_init(Project *p)
{
	memset(p, 0, sizeof *p);
	p->visibility = VIS_MEMBERS;
}

void result_init(Result *r)
{
	memset(r, 0, sizeof *r);
	r->female = r->male = r->girls = r->boys = NUM_UNKNOWN;
}

char *json_dump_arena(Arena *a, const json_t *value)
{
	char *text = json_dumps(value, JSON_COMPACT | JSON_SORT_KEYS);
	char *copy = arena_strdup(a, text ? text : "null");
	free(text);
	return copy;
}

/* ---- writing ---- */

static void set_str(json_t *obj, const char *key, const char *value)
{
	json_object_set_new(obj, key, value ? json_string(value) : json_null());
}

static void set_num(json_t *obj, const char *key, long long value)
{
	json_object_set_new(obj, key, value == NUM_UNKNOWN ? json_null() : json_integer(value));
}

static void set_id(json_t *obj, const char *key, int64_t id)
{
	json_object_set_new(obj, key, id ? json_integer(id) : json_null());
}

static json_t *str_array(const char **items, size_t count)
{
	json_t *a = json_array();
	for (size_t i = 0; i < count; i++)
		json_array_append_new(a, json_string(items[i]));
	return a;
}

static json_t *place_json(const char *pcode, const RefData *ref)
{
	json_t *p = json_object();
	set_str(p, "pcode", pcode);
	const Place *pl = ref ? gaz_get(ref->gaz, pcode) : NULL;
	if (pl) {
		set_str(p, "name_en", pl->name_en);
		set_str(p, "name_prs", pl->name_prs);
		json_object_set_new(p, "level", json_integer(pl->level));
		const Place *parent = pl->parent_pcode[0] ? gaz_get(ref->gaz, pl->parent_pcode) : NULL;
		if (parent && parent->level > 0) {
			set_str(p, "province_pcode", parent->pcode);
			set_str(p, "province_en", parent->name_en);
		}
	}
	return p;
}

json_t *org_to_json(const Org *o, const RefData *ref)
{
	json_t *j = json_object();
	json_object_set_new(j, "id", json_integer(o->id));
	set_str(j, "name_en", o->name_en);
	set_str(j, "name_prs", o->name_prs);
	set_str(j, "name_pus", o->name_pus);
	set_str(j, "acronym", o->acronym);
	json_object_set_new(j, "aliases", str_array(o->aliases, o->alias_count));
	set_str(j, "kind", o->kind);
	set_id(j, "parent_id", o->parent_id);
	json_t *reg = json_object();
	set_id(reg, "authority_id", o->reg_authority_id);
	set_str(reg, "number", o->reg_number);
	set_str(reg, "date", o->reg_date);
	json_object_set_new(j, "registration", reg);
	set_str(j, "tin", o->tin);
	set_str(j, "website", o->website);
	set_str(j, "description", o->description);
	set_num(j, "staff_total", o->staff_total);
	set_num(j, "staff_female", o->staff_female);
	json_object_set_new(j, "women_led",
			    o->women_led == NUM_UNKNOWN ? json_null() : json_boolean(o->women_led));
	set_str(j, "status", o->status);
	set_str(j, "visibility", visibility_name(o->visibility));
	set_str(j, "source", o->source);
	json_t *offices = json_array();
	for (size_t i = 0; i < o->office_count; i++) {
		json_t *f = ref ? place_json(o->offices[i].pcode, ref) : json_object();
		if (!ref)
			set_str(f, "pcode", o->offices[i].pcode);
		json_object_set_new(f, "main", json_boolean(o->offices[i].is_main));
		set_str(f, "note", o->offices[i].note);
		json_array_append_new(offices, f);
	}
	json_object_set_new(j, "offices", offices);
	json_object_set_new(j, "sectors", str_array(o->sectors, o->sector_count));
	if (o->updated_at)
		set_str(j, "updated_at", o->updated_at);
	return j;
}

static json_t *result_json(const Result *r)
{
	json_t *j = json_object();
	if (r->id)
		json_object_set_new(j, "id", json_integer(r->id));
	set_str(j, "indicator", r->indicator);
	if (floor(r->value) == r->value && fabs(r->value) < 9e15)
		json_object_set_new(j, "value", json_integer((json_int_t)r->value));
	else
		json_object_set_new(j, "value", json_real(r->value));
	set_str(j, "qualifier", r->qualifier);
	set_str(j, "unit", r->unit);
	set_num(j, "female", r->female);
	set_num(j, "male", r->male);
	set_num(j, "girls", r->girls);
	set_num(j, "boys", r->boys);
	set_str(j, "period_start", r->period_start);
	set_str(j, "period_end", r->period_end);
	set_str(j, "source", r->source);
	set_str(j, "note", r->note);
	return j;
}

json_t *project_to_json(const Project *p, const RefData *ref)
{
	json_t *j = json_object();
	json_object_set_new(j, "id", json_integer(p->id));
	set_str(j, "title_en", p->title_en);
	set_str(j, "title_prs", p->title_prs);
	set_str(j, "title_pus", p->title_pus);
	set_str(j, "description_en", p->description_en);
	set_str(j, "description_prs", p->description_prs);
	set_str(j, "description_pus", p->description_pus);
	set_str(j, "status", p->status);
	set_str(j, "start_date", p->start_date);
	set_str(j, "end_date", p->end_date);
	json_object_set_new(j, "budget", p->has_budget ? json_real(p->budget) : json_null());
	set_str(j, "currency", p->currency);
	set_str(j, "visibility", visibility_name(p->visibility));
	set_str(j, "source", p->source);
	set_str(j, "note", p->note);
	json_t *orgs = json_array();
	for (size_t i = 0; i < p->org_count; i++) {
		json_t *o = json_object();
		/* null, not 0, for an organization not named yet: what is
		 * written must read back (read_id takes null, refuses 0) */
		set_id(o, "org_id", p->orgs[i].org_id);
		set_str(o, "role", p->orgs[i].role);
		if (p->orgs[i].org_name)
			set_str(o, "name_en", p->orgs[i].org_name);
		json_array_append_new(orgs, o);
	}
	json_object_set_new(j, "orgs", orgs);
	json_object_set_new(j, "sectors", str_array(p->sectors, p->sector_count));
	json_t *places = json_array();
	for (size_t i = 0; i < p->place_count; i++) {
		json_t *pl = ref ? place_json(p->places[i].pcode, ref) : json_object();
		if (!ref)
			set_str(pl, "pcode", p->places[i].pcode);
		set_num(pl, "villages", p->places[i].villages);
		set_str(pl, "note", p->places[i].note);
		json_array_append_new(places, pl);
	}
	json_object_set_new(j, "places", places);
	json_object_set_new(j, "targets", str_array(p->targets, p->target_count));
	json_t *results = json_array();
	for (size_t i = 0; i < p->result_count; i++)
		json_array_append_new(results, result_json(&p->results[i]));
	json_object_set_new(j, "results", results);
	if (ref) {
		/* Disagreeing figures are shown, never resolved silently. */
		ResultConflict c[32];
		size_t n = results_conflicts(p->results, p->result_count, c, 32);
		json_t *conflicts = json_array();
		for (size_t i = 0; i < n && i < 32; i++) {
			json_t *cj = json_object();
			set_str(cj, "indicator", p->results[c[i].first].indicator);
			set_str(cj, "differs_in", c[i].what);
			json_t *ids = json_array();
			json_array_append_new(ids, json_integer(p->results[c[i].first].id));
			json_array_append_new(ids, json_integer(p->results[c[i].second].id));
			json_object_set_new(cj, "result_ids", ids);
			json_t *sources = json_array();
			json_array_append_new(sources, json_string(p->results[c[i].first].source));
			json_array_append_new(sources, json_string(p->results[c[i].second].source));
			json_object_set_new(cj, "sources", sources);
			json_array_append_new(conflicts, cj);
		}
		json_object_set_new(j, "conflicts", conflicts);
	}
	if (p->updated_at)
		set_str(j, "updated_at", p->updated_at);
	return j;
}

/* ---- reading ---- */

/* Field readers: each records a problem for a wrong type and leaves the
 * target unchanged. A JSON null clears an optional value. */

static void read_str(json_t *v, const char *field, Arena *a, const char **out, Errors *e)
{
	if (json_is_null(v)) {
		*out = NULL;
	} else if (json_is_string(v)) {
		if (strlen(json_string_value(v)) != json_string_length(v))
			errors_add(e, field, "must not contain a NUL character", NULL);
		else
			*out = arena_strdup(a, json_string_value(v));
	} else {
		errors_add(e, field, "must be a string", NULL);
	}
}

static void read_count(json_t *v, const char *field, long long *out, Errors *e)
{
	if (json_is_null(v))
		*out = NUM_UNKNOWN;
	else if (json_is_integer(v) && json_integer_value(v) >= 0 &&
		 json_integer_value(v) <= 1000000000000LL)
		*out = json_integer_value(v);
	else
		errors_add(e, field, "must be a whole number not below zero", NULL);
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

static void read_vis(json_t *v, const char *field, Visibility *out, Errors *e)
{
	if (!json_is_string(v) || !visibility_parse(json_string_value(v), out))
		errors_add(e, field, "must be public, members or restricted", NULL);
}

/* Reads an array of strings. */
static void read_str_list(json_t *v, const char *field, Arena *a, const char ***items,
			  size_t *count, Errors *e)
{
	if (json_is_null(v)) {
		*items = NULL;
		*count = 0;
		return;
	}
	if (!json_is_array(v)) {
		errors_add(e, field, "must be a list", NULL);
		return;
	}
	size_t n = json_array_size(v);
	if (n > LIST_MAX_ITEMS) {
		errors_add(e, field, "has too many entries", NULL);
		return;
	}
	const char **list = arena_alloc(a, (n ? n : 1) * sizeof *list);
	for (size_t i = 0; i < n; i++) {
		json_t *item = json_array_get(v, i);
		if (!json_is_string(item)) {
			errors_add_at(e, field, i, NULL, "must be a string", NULL);
			return;
		}
		list[i] = arena_strdup(a, json_string_value(item));
	}
	*items = list;
	*count = n;
}

static void unknown_field(Errors *e, const char *prefix, const char *key)
{
	char field[64];
	size_t n = 0;
	if (prefix) {
		n = strlen(prefix);
		if (n > 40)
			n = 40;
		memcpy(field, prefix, n);
		field[n++] = '.';
	}
	size_t k = strlen(key);
	if (k > sizeof field - n - 1)
		k = sizeof field - n - 1;
	memcpy(field + n, key, k);
	field[n + k] = '\0';
	errors_add(e, field, "is not a known field", NULL);
}

static void read_offices(json_t *v, Arena *a, Org *o, Errors *e)
{
	if (!json_is_array(v)) {
		errors_add(e, "offices", "must be a list", NULL);
		return;
	}
	size_t n = json_array_size(v);
	if (n > LIST_MAX_ITEMS) {
		errors_add(e, "offices", "has too many entries", NULL);
		return;
	}
	OrgOffice *list = arena_alloc(a, (n ? n : 1) * sizeof *list);
	memset(list, 0, (n ? n : 1) * sizeof *list);
	for (size_t i = 0; i < n; i++) {
		json_t *f = json_array_get(v, i);
		if (!json_is_object(f)) {
			errors_add_at(e, "offices", i, NULL, "must be an object", NULL);
			continue;
		}
		const char *key;
		json_t *val;
		json_object_foreach(f, key, val) {
			char field[64];
			snprintf(field, sizeof field, "offices[%zu].%s", i, key);
			if (strcmp(key, "place") == 0 || strcmp(key, "pcode") == 0)
				read_str(val, field, a, &list[i].place, e);
			else if (strcmp(key, "within") == 0)
				read_str(val, field, a, &list[i].within, e);
			else if (strcmp(key, "main") == 0) {
				if (json_is_boolean(val))
					list[i].is_main = json_is_true(val);
				else
					errors_add(e, field, "must be true or false", NULL);
			} else if (strcmp(key, "note") == 0)
				read_str(val, field, a, &list[i].note, e);
			else if (strcmp(key, "name_en") == 0 || strcmp(key, "name_prs") == 0 ||
				 strcmp(key, "level") == 0 || strcmp(key, "province_pcode") == 0 ||
				 strcmp(key, "province_en") == 0)
				; /* output-only fields, accepted so an answer can be sent back */
			else
				errors_add(e, field, "is not a known field", NULL);
		}
	}
	o->offices = list;
	o->office_count = n;
}

void org_from_json(json_t *obj, Arena *a, Org *o, Errors *e)
{
	if (!json_is_object(obj)) {
		errors_add(e, "", "must be a JSON object", NULL);
		return;
	}
	const char *key;
	json_t *v;
	json_object_foreach(obj, key, v) {
		if (strcmp(key, "name_en") == 0) read_str(v, key, a, &o->name_en, e);
		else if (strcmp(key, "name_prs") == 0) read_str(v, key, a, &o->name_prs, e);
		else if (strcmp(key, "name_pus") == 0) read_str(v, key, a, &o->name_pus, e);
		else if (strcmp(key, "acronym") == 0) read_str(v, key, a, &o->acronym, e);
		else if (strcmp(key, "aliases") == 0)
			read_str_list(v, key, a, &o->aliases, &o->alias_count, e);
		else if (strcmp(key, "kind") == 0) read_str(v, key, a, &o->kind, e);
		else if (strcmp(key, "parent_id") == 0) read_id(v, key, &o->parent_id, e);
		else if (strcmp(key, "registration") == 0) {
			if (json_is_null(v)) {
				o->reg_authority_id = 0;
				o->reg_number = o->reg_date = NULL;
				continue;
			}
			if (!json_is_object(v)) {
				errors_add(e, key, "must be an object", NULL);
				continue;
			}
			const char *rk;
			json_t *rv;
			json_object_foreach(v, rk, rv) {
				if (strcmp(rk, "authority_id") == 0)
					read_id(rv, "registration.authority_id", &o->reg_authority_id, e);
				else if (strcmp(rk, "number") == 0)
					read_str(rv, "registration.number", a, &o->reg_number, e);
				else if (strcmp(rk, "date") == 0)
					read_str(rv, "registration.date", a, &o->reg_date, e);
				else
					unknown_field(e, "registration", rk);
			}
		} else if (strcmp(key, "tin") == 0) read_str(v, key, a, &o->tin, e);
		else if (strcmp(key, "website") == 0) read_str(v, key, a, &o->website, e);
		else if (strcmp(key, "description") == 0) read_str(v, key, a, &o->description, e);
		else if (strcmp(key, "staff_total") == 0) read_count(v, key, &o->staff_total, e);
		else if (strcmp(key, "staff_female") == 0) read_count(v, key, &o->staff_female, e);
		else if (strcmp(key, "women_led") == 0) {
			if (json_is_null(v))
				o->women_led = NUM_UNKNOWN;
			else if (json_is_boolean(v))
				o->women_led = json_is_true(v);
			else
				errors_add(e, key, "must be true or false", NULL);
		} else if (strcmp(key, "status") == 0) read_str(v, key, a, &o->status, e);
		else if (strcmp(key, "visibility") == 0) read_vis(v, key, &o->visibility, e);
		else if (strcmp(key, "source") == 0) read_str(v, key, a, &o->source, e);
		else if (strcmp(key, "offices") == 0) read_offices(v, a, o, e);
		else if (strcmp(key, "sectors") == 0)
			read_str_list(v, key, a, &o->sectors, &o->sector_count, e);
		else if (strcmp(key, "id") == 0 || strcmp(key, "updated_at") == 0)
			; /* set by the store; ignored on input */
		else
			unknown_field(e, NULL, key);
	}
}

static void read_project_orgs(json_t *v, Arena *a, Project *p, Errors *e)
{
	if (!json_is_array(v)) {
		errors_add(e, "orgs", "must be a list", NULL);
		return;
	}
	size_t n = json_array_size(v);
	if (n > LIST_MAX_ITEMS) {
		errors_add(e, "orgs", "has too many entries", NULL);
		return;
	}
	ProjectOrg *list = arena_alloc(a, (n ? n : 1) * sizeof *list);
	memset(list, 0, (n ? n : 1) * sizeof *list);
	for (size_t i = 0; i < n; i++) {
		json_t *item = json_array_get(v, i);
		if (!json_is_object(item)) {
			errors_add_at(e, "orgs", i, NULL, "must be an object", NULL);
			continue;
		}
		const char *key;
		json_t *val;
		json_object_foreach(item, key, val) {
			char field[64];
			snprintf(field, sizeof field, "orgs[%zu].%s", i, key);
			if (strcmp(key, "org_id") == 0)
				read_id(val, field, &list[i].org_id, e);
			else if (strcmp(key, "role") == 0)
				read_str(val, field, a, &list[i].role, e);
			else if (strcmp(key, "name_en") == 0)
				; /* output only */
			else
				errors_add(e, field, "is not a known field", NULL);
		}
	}
	p->orgs = list;
	p->org_count = n;
}

static void read_project_places(json_t *v, Arena *a, Project *p, Errors *e)
{
	if (!json_is_array(v)) {
		errors_add(e, "places", "must be a list", NULL);
		return;
	}
	size_t n = json_array_size(v);
	if (n > LIST_MAX_ITEMS) {
		errors_add(e, "places", "has too many entries", NULL);
		return;
	}
	ProjectPlace *list = arena_alloc(a, (n ? n : 1) * sizeof *list);
	memset(list, 0, (n ? n : 1) * sizeof *list);
	for (size_t i = 0; i < n; i++) {
		list[i].villages = NUM_UNKNOWN;
		json_t *item = json_array_get(v, i);
		if (json_is_string(item)) {
			list[i].place = arena_strdup(a, json_string_value(item));
			continue;
		}
		if (!json_is_object(item)) {
			errors_add_at(e, "places", i, NULL, "must be an object or a place name", NULL);
			continue;
		}
		const char *key;
		json_t *val;
		json_object_foreach(item, key, val) {
			char field[64];
			snprintf(field, sizeof field, "places[%zu].%s", i, key);
			if (strcmp(key, "place") == 0 || strcmp(key, "pcode") == 0)
				read_str(val, field, a, &list[i].place, e);
			else if (strcmp(key, "within") == 0)
				read_str(val, field, a, &list[i].within, e);
			else if (strcmp(key, "villages") == 0)
				read_count(val, field, &list[i].villages, e);
			else if (strcmp(key, "note") == 0)
				read_str(val, field, a, &list[i].note, e);
			else if (strcmp(key, "name_en") == 0 || strcmp(key, "name_prs") == 0 ||
				 strcmp(key, "level") == 0 || strcmp(key, "province_pcode") == 0 ||
				 strcmp(key, "province_en") == 0)
				; /* output only */
			else
				errors_add(e, field, "is not a known field", NULL);
		}
	}
	p->places = list;
	p->place_count = n;
}

static void read_results(json_t *v, Arena *a, Project *p, Errors *e)
{
	if (!json_is_array(v)) {
		errors_add(e, "results", "must be a list", NULL);
		return;
	}
	size_t n = json_array_size(v);
	if (n > LIST_MAX_ITEMS) {
		errors_add(e, "results", "has too many entries", NULL);
		return;
	}
	Result *list = arena_alloc(a, (n ? n : 1) * sizeof *list);
	for (size_t i = 0; i < n; i++) {
		Result *r = &list[i];
		result_init(r);
		json_t *item = json_array_get(v, i);
		if (!json_is_object(item)) {
			errors_add_at(e, "results", i, NULL, "must be an object", NULL);
			continue;
		}
		bool has_value = false;
		const char *key;
		json_t *val;
		json_object_foreach(item, key, val) {
			char field[64];
			snprintf(field, sizeof field, "results[%zu].%s", i, key);
			if (strcmp(key, "indicator") == 0) read_str(val, field, a, &r->indicator, e);
			else if (strcmp(key, "value") == 0) {
				if (json_is_number(val)) {
					r->value = json_number_value(val);
					has_value = true;
				} else {
					errors_add(e, field, "must be a number", NULL);
					has_value = true;
				}
			} else if (strcmp(key, "qualifier") == 0) read_str(val, field, a, &r->qualifier, e);
			else if (strcmp(key, "unit") == 0) read_str(val, field, a, &r->unit, e);
			else if (strcmp(key, "female") == 0) read_count(val, field, &r->female, e);
			else if (strcmp(key, "male") == 0) read_count(val, field, &r->male, e);
			else if (strcmp(key, "girls") == 0) read_count(val, field, &r->girls, e);
			else if (strcmp(key, "boys") == 0) read_count(val, field, &r->boys, e);
			else if (strcmp(key, "period_start") == 0) read_str(val, field, a, &r->period_start, e);
			else if (strcmp(key, "period_end") == 0) read_str(val, field, a, &r->period_end, e);
			else if (strcmp(key, "source") == 0) read_str(val, field, a, &r->source, e);
			else if (strcmp(key, "note") == 0) read_str(val, field, a, &r->note, e);
			else if (strcmp(key, "id") == 0) ;
			else errors_add(e, field, "is not a known field", NULL);
		}
		if (!has_value)
			errors_add_at(e, "results", i, "value", "is required", NULL);
	}
	p->results = list;
	p->result_count = n;
}

void project_from_json(json_t *obj, Arena *a, Project *p, Errors *e)
{
	if (!json_is_object(obj)) {
		errors_add(e, "", "must be a JSON object", NULL);
		return;
	}
	const char *key;
	json_t *v;
	json_object_foreach(obj, key, v) {
		if (strcmp(key, "title_en") == 0) read_str(v, key, a, &p->title_en, e);
		else if (strcmp(key, "title_prs") == 0) read_str(v, key, a, &p->title_prs, e);
		else if (strcmp(key, "title_pus") == 0) read_str(v, key, a, &p->title_pus, e);
		else if (strcmp(key, "description_en") == 0) read_str(v, key, a, &p->description_en, e);
		else if (strcmp(key, "description_prs") == 0) read_str(v, key, a, &p->description_prs, e);
		else if (strcmp(key, "description_pus") == 0) read_str(v, key, a, &p->description_pus, e);
		else if (strcmp(key, "status") == 0) read_str(v, key, a, &p->status, e);
		else if (strcmp(key, "start_date") == 0) read_str(v, key, a, &p->start_date, e);
		else if (strcmp(key, "end_date") == 0) read_str(v, key, a, &p->end_date, e);
		else if (strcmp(key, "budget") == 0) {
			if (json_is_null(v))
				p->has_budget = false;
			else if (json_is_number(v)) {
				p->budget = json_number_value(v);
				p->has_budget = true;
			} else
				errors_add(e, key, "must be a number", NULL);
		} else if (strcmp(key, "currency") == 0) read_str(v, key, a, &p->currency, e);
		else if (strcmp(key, "visibility") == 0) read_vis(v, key, &p->visibility, e);
		else if (strcmp(key, "source") == 0) read_str(v, key, a, &p->source, e);
		else if (strcmp(key, "note") == 0) read_str(v, key, a, &p->note, e);
		else if (strcmp(key, "orgs") == 0) read_project_orgs(v, a, p, e);
		else if (strcmp(key, "sectors") == 0)
			read_str_list(v, key, a, &p->sectors, &p->sector_count, e);
		else if (strcmp(key, "places") == 0) read_project_places(v, a, p, e);
		else if (strcmp(key, "targets") == 0)
			read_str_list(v, key, a, &p->targets, &p->target_count, e);
		else if (strcmp(key, "results") == 0) read_results(v, a, p, e);
		else if (strcmp(key, "id") == 0 || strcmp(key, "updated_at") == 0 ||
			 strcmp(key, "conflicts") == 0)
			; /* set by the store or computed; ignored on input */
		else
			unknown_field(e, NULL, key);
	}
}
