/*
 * svc_export.c — gathering the records of an export as its actor reads
 * them (see svc_export.h).
 *
 * Every record comes through svc_org_list / svc_org_get /
 * svc_project_list / svc_project_get, so visibility, scopes and the
 * logging of restricted reads are those of the pages: this file adds no
 * policy of its own and must never read the store around them.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/nls.h"
#include "core/place.h"
#include "svc/svc_account.h"
#include "svc/svc_export.h"

/* Rows asked of a list per call (the service's own cap). */
#define EXPORT_PAGE 500

/* A positive record id, or 0 with a problem recorded. */
static int64_t parse_record_id(const char *name, const char *value, Errors *errs)
{
	errno = 0;
	char *end = NULL;
	long long v = strtoll(value, &end, 10);
	if (errno || *end || v <= 0 || strlen(value) > 18) {
		errors_add(errs, name, "must be the number of a record", value);
		return 0;
	}
	return v;
}

static const char *resolve_place(Ctx *ctx, const char *name, const char *value, const char *within,
				 PlaceLevel level, Errors *errs)
{
	PlaceResult r;
	place_resolve(ctx->ref->gaz, value, within, &r);
	if (r.outcome == PLACE_AMBIGUOUS) {
		errors_add(errs, name, "names more than one place; use a P-code", value);
		return NULL;
	}
	if (r.outcome != PLACE_MATCHED) {
		errors_add(errs, name, "is not a known place", value);
		return NULL;
	}
	if (r.best.place->level != level) {
		errors_add(errs, name, level == PLACE_PROVINCE ? N_("is not a province") : N_("is not a district"),
			   value);
		return NULL;
	}
	return arena_strdup(ctx->arena, r.best.place->pcode);
}

bool svc_export_filter_set(Ctx *ctx, ExportFilter *f, const char *name, const char *value,
			   Errors *errs)
{
	static const char *const NAMES[] = {"format", "kind", "q", "province", "district", "sector",
					    "org", "donor", "year", "status", "org_kind"};
	size_t which = 0;
	while (which < sizeof NAMES / sizeof *NAMES && strcmp(NAMES[which], name) != 0)
		which++;
	if (which == sizeof NAMES / sizeof *NAMES)
		return false;
	if (!value || !*value)
		return true;
	if (strlen(value) > 300) {
		errors_add(errs, name, "is too long", NULL);
		return true;
	}
	size_t before = errs->count;
	switch (which) {
	case 0:
		if (!export_format_parse(value, &f->format))
			errors_add(errs, name, "must be csv, hxl, xlsx, json or iati", value);
		break;
	case 1:
		if (!export_kind_parse(value, &f->kind))
			errors_add(errs, name, "must be projects, orgs or all", value);
		else
			f->kind_given = true;
		break;
	case 2: f->q = arena_strdup(ctx->arena, value); break;
	case 3: f->province = resolve_place(ctx, name, value, NULL, PLACE_PROVINCE, errs); break;
	case 4: f->district = resolve_place(ctx, name, value, f->province, PLACE_DISTRICT, errs); break;
	case 5:
		if (codelist_find(&ctx->ref->sectors, value))
			f->sector = arena_strdup(ctx->arena, value);
		else
			errors_add(errs, name, "is not a known sector", value);
		break;
	case 6: f->org_id = parse_record_id(name, value, errs); break;
	case 7: f->donor_id = parse_record_id(name, value, errs); break;
	case 8: {
		errno = 0;
		char *end = NULL;
		long y = strtol(value, &end, 10);
		if (errno || *end || y < 1900 || y > 2999)
			errors_add(errs, name, "must be a year from 1900 to 2999", value);
		else
			f->year = (int)y;
		break;
	}
	case 9:
		if (project_status_valid(value))
			f->status = arena_strdup(ctx->arena, value);
		else
			errors_add(errs, name, "must be planned, ongoing, completed or cancelled", value);
		break;
	case 10:
		if (codelist_find(&ctx->ref->org_kinds, value))
			f->org_kind = arena_strdup(ctx->arena, value);
		else
			errors_add(errs, name, "is not a known kind of organization", value);
		break;
	}
	ExportMeta *m = &f->meta;
	if (which >= 2 && errs->count == before && m->filter_count < EXPORT_MAX_FILTERS) {
		m->filter_names[m->filter_count] = NAMES[which];
		m->filter_values[m->filter_count++] = arena_strdup(ctx->arena, value);
	}
	return true;
}

void svc_export_filter_check(ExportFilter *f, Errors *errs)
{
	if (!f->kind_given)
		f->kind = f->format == EXPORT_XLSX || f->format == EXPORT_JSON ? EXPORT_ALL : EXPORT_PROJECTS;
	f->meta.kind = f->kind;
	if ((f->format == EXPORT_CSV || f->format == EXPORT_HXL) && f->kind == EXPORT_ALL)
		errors_add(errs, "kind", "a CSV file holds one kind of record: choose projects or orgs", NULL);
	if (f->format == EXPORT_IATI && f->kind != EXPORT_PROJECTS)
		errors_add(errs, "kind", "IATI activities are projects: choose projects", NULL);
	if (f->kind == EXPORT_ORGS) {
		if (f->district)
			errors_add(errs, "district", "selects projects only; export projects or all", NULL);
		if (f->donor_id)
			errors_add(errs, "donor", "selects projects only; export projects or all", NULL);
		if (f->year)
			errors_add(errs, "year", "selects projects only; export projects or all", NULL);
		if (f->status)
			errors_add(errs, "status", "selects projects only; export projects or all", NULL);
	}
	if (f->kind == EXPORT_PROJECTS && f->org_kind)
		errors_add(errs, "org_kind", "selects organizations only; export orgs or all", NULL);
}

static void too_many(Errors *errs, long long total)
{
	char detail[64];
	snprintf(detail, sizeof detail, "%lld records, at most %d", total, EXPORT_MAX_RECORDS);
	errors_add(errs, "", "selects too many records for one file; add a filter", detail);
}

static SvcStatus gather_orgs(Ctx *ctx, const ExportFilter *f, ExportSet *out, Errors *errs)
{
	if (f->org_id) {
		Org *o = arena_alloc(ctx->arena, sizeof *o);
		SvcStatus st = svc_org_get(ctx, f->org_id, o);
		if (st == SVC_NOT_FOUND)
			return SVC_OK; /* as an id that does not exist: an empty export */
		if (st != SVC_OK)
			return st;
		out->orgs = o;
		out->org_count = 1;
		return SVC_OK;
	}
	size_t alloc = 0;
	for (int offset = 0;; offset += EXPORT_PAGE) {
		OrgFilter of = {.q = f->q, .kind = f->org_kind, .province = f->province, .sector = f->sector,
				.limit = EXPORT_PAGE, .offset = offset};
		OrgList list = {0};
		SvcStatus st = svc_org_list(ctx, &of, &list);
		if (st != SVC_OK)
			return st;
		if (list.total > EXPORT_MAX_RECORDS) {
			too_many(errs, list.total);
			return SVC_INVALID;
		}
		if (!alloc && list.total > 0) {
			alloc = (size_t)list.total;
			out->orgs = arena_alloc(ctx->arena, alloc * sizeof *out->orgs);
		}
		for (size_t i = 0; i < list.count && out->org_count < alloc; i++)
			out->orgs[out->org_count++] = list.items[i];
		if (list.count < EXPORT_PAGE)
			break;
	}
	return SVC_OK;
}

/* Remembers the organization id, as the actor sees it, unless the set
 * has it already or the actor does not see it. */
static SvcStatus note_org(Ctx *ctx, int64_t id, ExportSet *out, size_t *alloc)
{
	if (!id || export_org(out, id))
		return SVC_OK;
	Org *o = arena_alloc(ctx->arena, sizeof *o);
	SvcStatus st = svc_org_get(ctx, id, o);
	if (st == SVC_NOT_FOUND)
		return SVC_OK;
	if (st != SVC_OK)
		return st;
	if (out->known_org_count == *alloc) {
		size_t grown = *alloc ? *alloc * 2 : 64;
		const Org **items = arena_alloc(ctx->arena, grown * sizeof *items);
		if (out->known_org_count)
			memcpy(items, out->known_orgs, out->known_org_count * sizeof *items);
		out->known_orgs = items;
		*alloc = grown;
	}
	out->known_orgs[out->known_org_count++] = o;
	return SVC_OK;
}

/* Remembers the organizations the projects name, as the actor sees them. */
static SvcStatus note_project_orgs(Ctx *ctx, const Project *p, ExportSet *out, size_t *alloc)
{
	for (size_t i = 0; i < p->org_count; i++) {
		SvcStatus st = note_org(ctx, p->orgs[i].org_id, out, alloc);
		if (st != SVC_OK)
			return st;
	}
	return SVC_OK;
}

/* Remembers the parents and registering authorities of the organizations
 * gathered, so that a filtered file still names them. */
static SvcStatus note_org_refs(Ctx *ctx, ExportSet *out, size_t *alloc)
{
	for (size_t i = 0; i < out->org_count; i++) {
		SvcStatus st = note_org(ctx, out->orgs[i].parent_id, out, alloc);
		if (st == SVC_OK)
			st = note_org(ctx, out->orgs[i].reg_authority_id, out, alloc);
		if (st != SVC_OK)
			return st;
	}
	return SVC_OK;
}

static SvcStatus gather_projects(Ctx *ctx, const ExportFilter *f, ExportSet *out, Errors *errs,
				 size_t *org_alloc)
{
	size_t alloc = 0;
	for (int offset = 0;; offset += EXPORT_PAGE) {
		ProjectFilter pf = {.q = f->q, .province = f->province, .district = f->district,
				    .sector = f->sector, .org_id = f->org_id, .donor_id = f->donor_id,
				    .year = f->year, .status = f->status, .limit = EXPORT_PAGE,
				    .offset = offset};
		ProjectList list = {0};
		SvcStatus st = svc_project_list(ctx, &pf, &list);
		if (st != SVC_OK)
			return st;
		if (list.total > EXPORT_MAX_RECORDS) {
			too_many(errs, list.total);
			return SVC_INVALID;
		}
		if (!alloc && list.total > 0) {
			alloc = (size_t)list.total;
			out->projects = arena_alloc(ctx->arena, alloc * sizeof *out->projects);
		}
		for (size_t i = 0; i < list.count && out->project_count < alloc; i++) {
			/* The list leaves results out; the record read whole has them. */
			Project *p = &out->projects[out->project_count];
			st = svc_project_get(ctx, list.items[i].id, p);
			if (st == SVC_NOT_FOUND)
				continue;
			if (st != SVC_OK)
				return st;
			out->project_count++;
			if ((st = note_project_orgs(ctx, p, out, org_alloc)) != SVC_OK)
				return st;
		}
		if (list.count < EXPORT_PAGE)
			break;
	}
	return SVC_OK;
}

SvcStatus svc_export_gather(Ctx *ctx, const ExportFilter *f, ExportSet *out, Errors *errs)
{
	memset(out, 0, sizeof *out);
	SvcStatus st = SVC_OK;
	size_t org_alloc = 0;
	if (f->kind == EXPORT_ORGS || f->kind == EXPORT_ALL)
		st = gather_orgs(ctx, f, out, errs);
	if (st == SVC_OK && (f->kind == EXPORT_PROJECTS || f->kind == EXPORT_ALL))
		st = gather_projects(ctx, f, out, errs, &org_alloc);
	if (st == SVC_OK)
		st = note_org_refs(ctx, out, &org_alloc);
	return st;
}

SvcStatus svc_actor_of_login(Ctx *ctx, const char *login, Actor *out)
{
	if (ctx->actor->role != ROLE_SYSTEM)
		return SVC_FORBIDDEN;
	User u;
	int rc = store_user_get_by_login(ctx->store, ctx->arena, login, &u);
	if (rc == STORE_NOT_FOUND)
		return SVC_NOT_FOUND;
	if (rc != STORE_OK)
		return SVC_ERROR;
	if (u.disabled)
		return SVC_FORBIDDEN;
	memset(out, 0, sizeof *out);
	out->user_id = u.id;
	out->login = u.login;
	if (!svc_role_parse(u.role, &out->role))
		return SVC_FORBIDDEN;
	if (out->role == ROLE_EDITOR) {
		out->org_ids = u.org_ids;
		out->org_count = u.org_count;
	}
	return SVC_OK;
}
