/*
 * demo.c — the demo data loader. The demo file names organizations by a
 * key of its own ("lso") and dates with short names ("start"); this turns
 * each entry into the API's form and hands it to the service layer, so
 * the demo goes through validation, place resolution and audit like any
 * record a user enters.
 */
#include "cmd/demo.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "cmd/demo_reports.h"
#include "fmt/record_json.h"
#include "svc/svc_coord.h"

/* Organization keys of the file and the ids they were given. */
typedef struct KeyMap {
	json_t *ids;  /* object: key -> integer id */
} KeyMap;

static int64_t key_id(const KeyMap *m, json_t *key)
{
	if (!json_is_string(key))
		return 0;
	json_t *id = json_object_get(m->ids, json_string_value(key));
	return id ? json_integer_value(id) : 0;
}

static void report(Buf *err, const char *what, const char *name, const Errors *e)
{
	buf_printf(err, "%s '%s' refused:\n", what, name ? name : "?");
	for (size_t i = 0; i < e->count; i++)
		buf_printf(err, "  %s %s%s%s\n", e->items[i].field, e->items[i].message,
			   e->items[i].detail[0] ? ": " : "", e->items[i].detail);
}

/* Replaces key-valued field `from` of obj by an id field `to`. */
static bool key_to_id(json_t *obj, const char *from, const char *to, const KeyMap *m, Buf *err)
{
	json_t *key = json_object_get(obj, from);
	if (!key)
		return true;
	if (json_is_null(key)) {
		json_object_del(obj, from);
		return true;
	}
	int64_t id = key_id(m, key);
	if (!id) {
		buf_printf(err, "unknown organization key '%s' in field %s\n",
			   json_is_string(key) ? json_string_value(key) : "?", from);
		return false;
	}
	json_object_set_new(obj, to, json_integer(id));
	json_object_del(obj, from);
	return true;
}

static bool ready(json_t *org, const KeyMap *m)
{
	json_t *parent = json_object_get(org, "parent");
	json_t *reg = json_object_get(org, "registration");
	json_t *auth = json_is_object(reg) ? json_object_get(reg, "authority") : NULL;
	return (!json_is_string(parent) || key_id(m, parent)) &&
	       (!json_is_string(auth) || key_id(m, auth));
}

static bool load_org(Ctx *ctx, json_t *src, KeyMap *m, Buf *err)
{
	json_t *o = json_deep_copy(src);
	/* from src: the copy's key is freed when it is deleted below */
	const char *key = json_string_value(json_object_get(src, "key"));
	bool ok = false;
	json_object_del(o, "key");
	if (!key_to_id(o, "parent", "parent_id", m, err))
		goto done;
	json_t *reg = json_object_get(o, "registration");
	if (json_is_object(reg) && !key_to_id(reg, "authority", "authority_id", m, err))
		goto done;
	Org org;
	org_init(&org);
	Errors errs, warns;
	errors_clear(&errs);
	errors_clear(&warns);
	org_from_json(o, ctx->arena, &org, &errs);
	if (errs.count) {
		report(err, "organization", key, &errs);
		goto done;
	}
	SvcStatus st = svc_org_create(ctx, &org, &errs, &warns);
	if (st != SVC_OK) {
		if (st == SVC_INVALID)
			report(err, "organization", key, &errs);
		else
			buf_printf(err, "organization '%s': %s\n", key, svc_error(ctx));
		goto done;
	}
	json_object_set_new(m->ids, key, json_integer(org.id));
	ok = true;
done:
	json_decref(o);
	return ok;
}

static bool load_orgs(Ctx *ctx, json_t *orgs, KeyMap *m, DemoCounts *c, Buf *err)
{
	size_t n = json_array_size(orgs);
	for (size_t i = 0; i < n; i++) {
		json_t *key = json_object_get(json_array_get(orgs, i), "key");
		if (!json_is_string(key) || json_object_get(m->ids, json_string_value(key))) {
			buf_printf(err, "organization %zu: missing or repeated key\n", i);
			return false;
		}
	}
	/* Parents and registering authorities first: repeat passes until every
	 * organization whose references are known has been created. */
	size_t done = 0;
	while (done < n) {
		size_t before = done;
		for (size_t i = 0; i < n; i++) {
			json_t *o = json_array_get(orgs, i);
			const char *key = json_string_value(json_object_get(o, "key"));
			if (json_object_get(m->ids, key) || !ready(o, m))
				continue;
			if (!load_org(ctx, o, m, err))
				return false;
			done++;
			c->orgs++;
		}
		if (done == before) {
			buf_puts(err, "organizations refer to parents or authorities that are never"
				      " defined (or to each other in a cycle)\n");
			return false;
		}
	}
	return true;
}

static bool load_relations(Ctx *ctx, json_t *list, KeyMap *m, DemoCounts *c, Buf *err)
{
	size_t i;
	json_t *r;
	json_array_foreach(list, i, r) {
		OrgRelation rel = {0};
		rel.from_org_id = key_id(m, json_object_get(r, "from"));
		rel.to_org_id = key_id(m, json_object_get(r, "to"));
		rel.kind = json_string_value(json_object_get(r, "kind"));
		rel.start_date = json_string_value(json_object_get(r, "start"));
		rel.end_date = json_string_value(json_object_get(r, "end"));
		rel.note = json_string_value(json_object_get(r, "note"));
		rel.source = json_string_value(json_object_get(r, "source"));
		Errors errs;
		errors_clear(&errs);
		if (!rel.from_org_id || !rel.to_org_id)
			errors_add(&errs, "from/to", "names an unknown organization key", NULL);
		if (!rel.kind)
			errors_add(&errs, "kind", "is required", NULL);
		/* Memberships are records of their own (see migration 006). */
		bool certified = rel.kind && strcmp(rel.kind, "certified_member_of") == 0;
		if (!errs.count && (certified || (rel.kind && strcmp(rel.kind, "member_of") == 0))) {
			Membership ms = {.org_id = rel.from_org_id,
					 .body_id = rel.to_org_id,
					 .status = certified ? "certified" : "member",
					 .since = rel.start_date,
					 .until = rel.end_date,
					 .note = rel.note,
					 .source = rel.source};
			if (svc_membership_create(ctx, &ms, &errs) == SVC_OK) {
				c->memberships++;
				continue;
			}
		} else if (!errs.count && svc_relation_create(ctx, &rel, &errs) == SVC_OK) {
			c->relations++;
			continue;
		}
		char name[32];
		snprintf(name, sizeof name, "#%zu", i);
		report(err, "relation", name, &errs);
		return false;
	}
	return true;
}

static bool load_awards(Ctx *ctx, json_t *list, KeyMap *m, DemoCounts *c, Buf *err)
{
	size_t i;
	json_t *a;
	json_array_foreach(list, i, a) {
		Award w = {0};
		w.org_id = key_id(m, json_object_get(a, "org"));
		w.by_org_id = key_id(m, json_object_get(a, "by"));
		w.title = json_string_value(json_object_get(a, "title"));
		w.by_name = json_string_value(json_object_get(a, "by_name"));
		w.year = (int)json_integer_value(json_object_get(a, "year"));
		w.note = json_string_value(json_object_get(a, "note"));
		w.source = json_string_value(json_object_get(a, "source"));
		Errors errs;
		errors_clear(&errs);
		if (svc_award_create(ctx, &w, &errs) == SVC_OK) {
			c->awards++;
			continue;
		}
		report(err, "award", w.title, &errs);
		return false;
	}
	return true;
}

static bool load_project(Ctx *ctx, json_t *src, KeyMap *m, DemoCounts *c, Buf *err)
{
	json_t *p = json_deep_copy(src);
	const char *key = json_string_value(json_object_get(src, "key"));
	bool ok = false;
	json_object_del(p, "key");
	static const char *const renames[][2] = {
		{"start", "start_date"}, {"end", "end_date"}, {"conflicts_note", "note"}};
	for (size_t i = 0; i < 3; i++) {
		json_t *v = json_object_get(p, renames[i][0]);
		if (v) {
			json_object_set(p, renames[i][1], v);
			json_object_del(p, renames[i][0]);
		}
	}
	size_t i;
	json_t *po;
	json_array_foreach(json_object_get(p, "orgs"), i, po) {
		if (!key_to_id(po, "org", "org_id", m, err))
			goto done;
	}
	Project proj;
	project_init(&proj);
	Errors errs, warns;
	errors_clear(&errs);
	errors_clear(&warns);
	project_from_json(p, ctx->arena, &proj, &errs);
	if (errs.count) {
		report(err, "project", key, &errs);
		goto done;
	}
	SvcStatus st = svc_project_create(ctx, &proj, &errs, &warns);
	if (st != SVC_OK) {
		if (st == SVC_INVALID)
			report(err, "project", key, &errs);
		else
			buf_printf(err, "project '%s': %s\n", key, svc_error(ctx));
		goto done;
	}
	c->projects++;
	c->results += (long long)proj.result_count;
	if (key) /* for the reports' lines */
		json_object_set_new(m->ids, arena_printf(ctx->arena, "project:%s", key), json_integer(proj.id));
	ok = true;
done:
	json_decref(p);
	return ok;
}

static const char *str_or_null(json_t *obj, const char *key)
{
	return json_string_value(json_object_get(obj, key));
}

static long long count_or_unknown(json_t *obj, const char *key)
{
	json_t *v = json_object_get(obj, key);
	return json_is_integer(v) ? json_integer_value(v) : NUM_UNKNOWN;
}

static bool load_meetings(Ctx *ctx, json_t *list, KeyMap *m, DemoCounts *c, Buf *err)
{
	size_t i;
	json_t *mj;
	json_array_foreach(list, i, mj) {
		Meeting mt = {0};
		Errors errs;
		errors_clear(&errs);
		mt.convener_id = key_id(m, json_object_get(mj, "convened_by"));
		mt.date = str_or_null(mj, "date");
		mt.topic = str_or_null(mj, "topic");
		mt.attendance_total = count_or_unknown(mj, "attendance_total");
		mt.attendance_female = count_or_unknown(mj, "attendance_female");
		mt.attendance_male = count_or_unknown(mj, "attendance_male");
		mt.participants_note = str_or_null(mj, "participants_note");
		mt.notes = str_or_null(mj, "notes");
		mt.source = str_or_null(mj, "source");
		const char *place = str_or_null(mj, "place");
		if (place) {
			PlaceResult pr;
			place_resolve(ctx->ref->gaz, place, NULL, &pr);
			if (pr.outcome == PLACE_MATCHED)
				mt.pcode = pr.best.place->pcode;
			else
				errors_add(&errs, "place", "is not a known place", place);
		}
		Buf agenda;
		buf_init(&agenda, 64 * 1024);
		size_t k;
		json_t *item;
		json_array_foreach(json_object_get(mj, "agenda"), k, item) {
			if (json_is_string(item))
				buf_printf(&agenda, "%s%s", k ? "\n" : "", json_string_value(item));
		}
		mt.agenda = agenda.used ? arena_strdup(ctx->arena, buf_str(&agenda)) : NULL;
		buf_free(&agenda);
		json_t *recs = json_object_get(mj, "recommendations");
		mt.rec_count = json_array_size(recs);
		mt.recs = arena_alloc(ctx->arena, (mt.rec_count ? mt.rec_count : 1) * sizeof *mt.recs);
		json_array_foreach(recs, k, item) {
			Recommendation *r = &mt.recs[k];
			memset(r, 0, sizeof *r);
			r->text = str_or_null(item, "text");
			r->addressed_to = str_or_null(item, "addressed_to");
			r->addressed_org = key_id(m, json_object_get(item, "addressed_org"));
			r->status = str_or_null(item, "status");
			r->due_date = str_or_null(item, "due_date");
			r->addressed_kind = str_or_null(item, "addressed_kind");
		}
		json_t *parts = json_object_get(mj, "participants");
		mt.participant_count = json_array_size(parts);
		mt.participants = arena_zalloc(ctx->arena, (mt.participant_count ? mt.participant_count : 1) *
								   sizeof *mt.participants);
		json_array_foreach(parts, k, item) {
			mt.participants[k].org_id = key_id(m, json_object_get(item, "org"));
			mt.participants[k].name = str_or_null(item, "name");
			if (json_object_get(item, "org") && !mt.participants[k].org_id)
				errors_add(&errs, "participants", "names an unknown organization key", NULL);
		}
		json_t *docs = json_object_get(mj, "documents");
		mt.document_count = json_array_size(docs);
		mt.documents = arena_zalloc(ctx->arena, (mt.document_count ? mt.document_count : 1) *
							       sizeof *mt.documents);
		json_array_foreach(docs, k, item) {
			mt.documents[k].title = str_or_null(item, "title");
			mt.documents[k].url = str_or_null(item, "url");
		}
		if (!errs.count && svc_meeting_create(ctx, &mt, &errs) == SVC_OK) {
			c->meetings++;
			c->recommendations += (long long)mt.rec_count;
			continue;
		}
		report(err, "meeting", mt.topic, &errs);
		return false;
	}
	return true;
}

/* The services bodies offer, their meeting schedules, and applications to
 * authorities. */
static bool load_coordination(Ctx *ctx, json_t *root, KeyMap *m, DemoCounts *c, Buf *err)
{
	size_t i;
	json_t *item;
	json_array_foreach(json_object_get(root, "body_services"), i, item) {
		Errors errs;
		errors_clear(&errs);
		json_t *list = json_object_get(item, "services");
		size_t n = json_array_size(list);
		const char **texts = arena_zalloc(ctx->arena, (n ? n : 1) * sizeof *texts);
		for (size_t k = 0; k < n; k++)
			texts[k] = json_string_value(json_array_get(list, k));
		int64_t body = key_id(m, json_object_get(item, "body"));
		if (!body || svc_body_services_set(ctx, body, texts, n, &errs) != SVC_OK) {
			report(err, "body services", str_or_null(item, "body"), &errs);
			return false;
		}
	}
	json_array_foreach(json_object_get(root, "schedules"), i, item) {
		Errors errs;
		errors_clear(&errs);
		MeetingSchedule sc = {.body_id = key_id(m, json_object_get(item, "body")),
				      .recurrence = str_or_null(item, "recurrence"),
				      .since = str_or_null(item, "since"),
				      .until = str_or_null(item, "until"),
				      .note = str_or_null(item, "note")};
		if (!sc.body_id || svc_schedule_set(ctx, &sc, &errs) != SVC_OK) {
			report(err, "schedule", str_or_null(item, "body"), &errs);
			return false;
		}
	}
	json_array_foreach(json_object_get(root, "applications"), i, item) {
		Errors errs;
		errors_clear(&errs);
		Application ap = {.org_id = key_id(m, json_object_get(item, "org")),
				  .authority_id = key_id(m, json_object_get(item, "authority")),
				  .kind = str_or_null(item, "kind"),
				  .submitted = str_or_null(item, "submitted"),
				  .decided = str_or_null(item, "decided"),
				  .outcome = str_or_null(item, "outcome"),
				  .note = str_or_null(item, "note"),
				  .source = str_or_null(item, "source")};
		if (svc_application_create(ctx, &ap, &errs) != SVC_OK) {
			char name[32];
			snprintf(name, sizeof name, "#%zu", i);
			report(err, "application", name, &errs);
			return false;
		}
		c->applications++;
	}
	return true;
}

bool demo_load(Ctx *ctx, const char *json_text, size_t len, DemoCounts *c, Buf *err)
{
	memset(c, 0, sizeof *c);
	json_error_t jerr;
	json_t *root = json_loadb(json_text, len, 0, &jerr);
	if (!root) {
		buf_printf(err, "demo data: %s at line %d\n", jerr.text, jerr.line);
		return false;
	}
	KeyMap m = {.ids = json_object()};
	bool ok = load_orgs(ctx, json_object_get(root, "orgs"), &m, c, err) &&
		  load_relations(ctx, json_object_get(root, "relations"), &m, c, err) &&
		  load_awards(ctx, json_object_get(root, "awards"), &m, c, err);
	size_t i;
	json_t *p;
	if (ok)
		json_array_foreach(json_object_get(root, "projects"), i, p) {
			if (!load_project(ctx, p, &m, c, err)) {
				ok = false;
				break;
			}
		}
	if (ok)
		ok = load_meetings(ctx, json_object_get(root, "meetings"), &m, c, err);
	if (ok)
		ok = demo_load_reporting(ctx, json_object_get(root, "reporting"), m.ids, &c->obligations,
					 &c->reports, err);
	if (ok)
		ok = load_coordination(ctx, root, &m, c, err);
	json_decref(m.ids);
	json_decref(root);
	return ok;
}
