/*
 * svc_import_org.c — a table of organizations (one row each, as `export
 * --kind orgs` writes it) into the registry, through svc_org_create and
 * svc_org_update, so the forms' validation, permissions and audit apply
 * (see svc_import.h for how a row is keyed and matched).
 *
 * A row runs in its own savepoint inside the import's transaction, as a
 * project row does: a rejected row leaves nothing behind. No file I/O and
 * no SQL here: the rows come from the caller, the records go through the
 * service calls and the import's store functions.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/nls.h"
#include "core/text.h"
#include "core/validate.h"
#include "fmt/hxl_columns.h"
#include "store/store_import.h"
#include "svc/svc_import_int.h"

/* Entries one list cell (other names, offices, sectors) may hold. */
#define ORG_LIST_MAX 64

static const char *cell(const char *const values[IF_FIELD_COUNT], ImportField f)
{
	const char *v = values[f];
	return v && *v ? v : NULL;
}

/* Splits a cell at HXL_LIST_SEPARATOR into out[] (trimmed, blanks left
 * out); returns how many. Entries past max are dropped with a warning. */
static size_t split_cell(Arena *a, const char *text, const char **out, size_t max,
                         const char *field, Errors *warns)
{
	size_t n = 0;
	const size_t sep = strlen(HXL_LIST_SEPARATOR);
	for (const char *p = text; p;) {
		const char *end = strstr(p, HXL_LIST_SEPARATOR);
		const char *piece =
		    svc_import_trimmed(a, end ? arena_strndup(a, p, (size_t)(end - p)) : p);
		p = end ? end + sep : NULL;
		if (!piece)
			continue;
		if (n == max) {
			errors_add(warns, field, "has too many entries; the rest are left out", NULL);
			break;
		}
		out[n++] = piece;
	}
	return n;
}

/* What a row says, before anything is written. */
typedef struct OrgPlan {
	Org org;                    /* the organization as the row gives it */
	bool given[IF_FIELD_COUNT]; /* the row has a non-empty cell for the field */
	const char *authority;      /* the registering organization's name, or NULL */
	int64_t parent_file_id;     /* the parent's id column in the file; 0 when none */
	const char *parent_name;    /* the parent's name, or NULL */
	int64_t file_id;            /* the id column; 0 when none */
	const char *key;            /* the row's key in its source */
	char digest[17];            /* of every value */
} OrgPlan;

static void digest_of(const char *const values[IF_FIELD_COUNT], char out[17])
{
	uint64_t h = 1469598103934665603ull;
	for (int f = 0; f < IF_FIELD_COUNT; f++) {
		for (const char *v = values[f] ? values[f] : ""; *v; v++) {
			h ^= (unsigned char)*v;
			h *= 1099511628211ull;
		}
		h ^= 0x1f;
		h *= 1099511628211ull;
	}
	snprintf(out, 17, "%016llx", (unsigned long long)h);
}

/* The offices of a row: every P-code of the offices cell, the first in
 * the head office's province the head office (or the province itself
 * when none is in it). */
static void plan_offices(Ctx *ctx, const char *const values[IF_FIELD_COUNT], OrgPlan *pl,
                         Errors *errs, Errors *warns)
{
	Org *o = &pl->org;
	const Place *hq = NULL;
	if (cell(values, IF_ADM1_CODE) || cell(values, IF_ADM1_NAME))
		hq = svc_import_province(ctx, svc_import_trimmed(ctx->arena, cell(values, IF_ADM1_CODE)),
		                         svc_import_trimmed(ctx->arena, cell(values, IF_ADM1_NAME)),
		                         errs, warns);
	const char *codes[ORG_LIST_MAX];
	size_t n = cell(values, IF_ORG_OFFICES)
	               ? split_cell(ctx->arena, cell(values, IF_ORG_OFFICES), codes, ORG_LIST_MAX,
	                            "org.offices", warns)
	               : 0;
	o->offices = arena_zalloc(ctx->arena, (n + 1) * sizeof *o->offices);
	bool has_main = false;
	for (size_t i = 0; i < n; i++) {
		const Place *p = gaz_get(ctx->ref->gaz, codes[i]);
		if (!p) {
			errors_add(errs, "org.offices", "is not a known P-code", codes[i]);
			continue;
		}
		OrgOffice *of = &o->offices[o->office_count++];
		of->place = p->pcode;
		if (hq && !has_main &&
		    (strcmp(p->pcode, hq->pcode) == 0 ||
		     strcmp(p->parent_pcode, hq->pcode) == 0))
			of->is_main = has_main = true;
	}
	if (hq && !has_main) {
		/* the head office's province, first */
		memmove(o->offices + 1, o->offices, o->office_count * sizeof *o->offices);
		memset(&o->offices[0], 0, sizeof o->offices[0]);
		o->offices[0].place = hq->pcode;
		o->offices[0].is_main = true;
		o->office_count++;
	}
}

/* A staff figure: empty is not known, else a whole number of 0 or more. */
static void plan_staff(Arena *a, const char *const values[IF_FIELD_COUNT], ImportField f,
                       long long *out, Errors *errs)
{
	const char *text = svc_import_trimmed(a, values[f]);
	*out = NUM_UNKNOWN;
	if (text && !svc_import_count(text, out)) {
		*out = NUM_UNKNOWN;
		errors_add(errs, import_field_name(f), "must be a whole number of people", text);
	}
}

/* "yes"/"no" (and "true"/"false", "1"/"0"), folded; false for anything
 * else. */
static bool women_led_parse(const char *folded, int *out)
{
	static const char *const YES[] = {"yes", "true", "1"};
	static const char *const NO[] = {"no", "false", "0"};
	for (size_t i = 0; i < sizeof YES / sizeof *YES; i++) {
		if (strcmp(folded, YES[i]) == 0) {
			*out = 1;
			return true;
		}
		if (strcmp(folded, NO[i]) == 0) {
			*out = 0;
			return true;
		}
	}
	return false;
}

static void plan_org(Importer *im, const char *const values[IF_FIELD_COUNT], OrgPlan *pl,
                     Errors *errs, Errors *warns)
{
	Ctx *ctx = im->ctx;
	Arena *a = ctx->arena;
	memset(pl, 0, sizeof *pl);
	for (int f = 0; f < IF_FIELD_COUNT; f++)
		pl->given[f] = svc_import_trimmed(a, values[f]) != NULL;
	Org *o = &pl->org;
	o->staff_total = o->staff_female = NUM_UNKNOWN;
	o->women_led = NUM_UNKNOWN;
	o->name_en = svc_import_trimmed(a, values[IF_ORG_NAME]);
	o->name_prs = svc_import_trimmed(a, values[IF_ORG_NAME_PRS]);
	o->name_pus = svc_import_trimmed(a, values[IF_ORG_NAME_PUS]);
	o->acronym = svc_import_trimmed(a, values[IF_ORG_ACRONYM]);
	if (!o->name_en)
		errors_add(errs, "org.name", "is required: the organization's English name", NULL);
	if (cell(values, IF_ORG_ALIASES)) {
		const char **names = arena_alloc(a, ORG_LIST_MAX * sizeof *names);
		o->alias_count = split_cell(a, cell(values, IF_ORG_ALIASES), names, ORG_LIST_MAX,
		                            "org.aliases", warns);
		o->aliases = names;
	}
	const char *kind = svc_import_trimmed(a, values[IF_ORG_KIND]);
	bool guessed = false;
	o->kind = kind ? svc_import_org_kind(ctx, kind, &guessed) : "other";
	if (!o->kind)
		errors_add(errs, "org.kind", "is not a known kind of organization", kind);
	else if (!kind)
		errors_add(warns, "org.kind", "not given; the organization is recorded as other", NULL);
	else if (guessed)
		errors_add(warns, "org.kind", "kind of organization guessed",
		           arena_printf(a, "%s → %s", kind, o->kind));
	o->status = svc_import_trimmed(a, values[IF_STATUS]);
	if (o->status && !org_status_valid(o->status))
		errors_add(errs, "org.status", "must be active, inactive, suspended or dissolved",
		           o->status);
	o->reg_number = svc_import_trimmed(a, values[IF_ORG_REG_NUMBER]);
	o->reg_date = svc_import_trimmed(a, values[IF_ORG_REG_DATE]);
	o->tin = svc_import_trimmed(a, values[IF_ORG_TIN]);
	o->website = svc_import_trimmed(a, values[IF_ORG_WEBSITE]);
	o->description = svc_import_trimmed(a, values[IF_ORG_DESCRIPTION]);
	plan_staff(a, values, IF_ORG_STAFF_TOTAL, &o->staff_total, errs);
	plan_staff(a, values, IF_ORG_STAFF_FEMALE, &o->staff_female, errs);
	if (o->staff_total != NUM_UNKNOWN && o->staff_female > o->staff_total)
		errors_add(errs, "org.staff_female", "must not exceed the staff total",
		           arena_printf(a, "%lld > %lld", o->staff_female, o->staff_total));
	const char *led = svc_import_trimmed(a, values[IF_ORG_WOMEN_LED]);
	if (led && !women_led_parse(svc_import_folded(a, led), &o->women_led))
		errors_add(errs, "org.women_led", "must be yes or no", led);
	const char *parent = svc_import_trimmed(a, values[IF_ORG_PARENT_ID]);
	if (parent) {
		long long v = 0;
		if (strlen(parent) > 18 || !svc_import_count(parent, &v) || v == 0)
			errors_add(errs, "org.parent_id", "must be the number of one organization",
			           parent);
		else
			pl->parent_file_id = v;
	}
	pl->parent_name = svc_import_trimmed(a, values[IF_ORG_PARENT_NAME]);
	pl->authority = svc_import_trimmed(a, values[IF_ORG_REG_AUTHORITY]);
	const char *vis = svc_import_trimmed(a, values[IF_VISIBILITY]);
	o->visibility = im->visibility;
	if (vis && !visibility_parse(svc_import_folded(a, vis), &o->visibility))
		errors_add(errs, "visibility", "must be public, members or restricted", vis);
	o->source = svc_import_trimmed(a, values[IF_SOURCE]);
	if (!o->source)
		o->source = im->source;
	plan_offices(ctx, values, pl, errs, warns);
	const char *sectors = cell(values, IF_SECTOR_CODE) ? cell(values, IF_SECTOR_CODE)
	                                                    : cell(values, IF_SECTOR_NAME);
	if (sectors) {
		const char **codes = arena_alloc(a, ORG_LIST_MAX * sizeof *codes);
		bool unknown = false;
		svc_import_sectors(ctx, sectors, "sector.code", codes, &o->sector_count, ORG_LIST_MAX,
		                   warns, &unknown);
		o->sectors = codes;
	}
	/* the id column: one number, the organization in its own database */
	const char *id = svc_import_trimmed(a, values[IF_ORG_IDS]);
	if (id) {
		char *end = NULL;
		long long v = strtoll(id, &end, 10);
		if (*end || v <= 0 || strlen(id) > 18)
			errors_add(errs, "org.ids", "must be the number of one organization", id);
		else
			pl->file_id = v;
	}
	if (pl->file_id)
		pl->key = arena_printf(a, "org:%lld", (long long)pl->file_id);
	else if (o->reg_number)
		pl->key = arena_printf(a, "org-reg:%s", svc_import_folded(a, o->reg_number));
	else if (o->name_en)
		pl->key = arena_printf(a, "org-name:%s", svc_import_folded(a, o->name_en));
	digest_of(values, pl->digest);
}

/* An organization the actor sees, by name (English, Dari, Pashto or
 * another), for the registering authority; 0 when none. */
static int authority_of(Ctx *ctx, const char *name, int64_t *id)
{
	*id = 0;
	int64_t found = 0;
	OrgFoundBy by;
	int rc = store_import_org_find(ctx->store, name, NULL, &found, &by);
	if (rc != STORE_OK)
		return rc == STORE_NOT_FOUND ? STORE_OK : rc;
	Org seen;
	SvcStatus st = svc_org_get(ctx, found, &seen);
	if (st == SVC_ERROR)
		return STORE_ERROR;
	if (st == SVC_OK)
		*id = found;
	return STORE_OK;
}

/* The parent organization a row names, as the actor sees it: the one
 * its own row in this file became (the import keyed it by its id
 * column), else the one with that id in the registry when it has that
 * name, else the one with that name; 0 when none (yet). */
static int parent_of(Importer *im, int64_t file_id, const char *name, int64_t *id)
{
	Ctx *ctx = im->ctx;
	*id = 0;
	if (file_id) {
		int64_t keyed = 0;
		const char *digest = NULL;
		int rc = store_import_key_get(ctx->store, ctx->arena, im->source_id,
		                              arena_printf(ctx->arena, "org:%lld", (long long)file_id),
		                              &keyed, &digest);
		if (rc != STORE_OK && rc != STORE_NOT_FOUND)
			return rc;
		Org seen;
		SvcStatus st = rc == STORE_OK ? svc_org_get(ctx, keyed, &seen) : SVC_NOT_FOUND;
		if (st == SVC_ERROR)
			return STORE_ERROR;
		if (st == SVC_OK) {
			*id = keyed;
			return STORE_OK;
		}
		st = name ? svc_org_get(ctx, file_id, &seen) : SVC_NOT_FOUND;
		if (st == SVC_ERROR)
			return STORE_ERROR;
		if (st == SVC_OK && strcmp(svc_import_folded(ctx->arena, seen.name_en),
		                           svc_import_folded(ctx->arena, name)) == 0) {
			*id = file_id;
			return STORE_OK;
		}
	}
	return name ? authority_of(ctx, name, id) : STORE_OK;
}

/* The registry organization a row names, or 0 (see svc_import.h). */
static int org_target(Importer *im, const OrgPlan *pl, int64_t keyed, int64_t *id, Errors *warns)
{
	Ctx *ctx = im->ctx;
	const Org *o = &pl->org;
	Org seen;
	*id = 0;
	if (keyed && svc_org_get(ctx, keyed, &seen) == SVC_OK) {
		*id = keyed;
		return STORE_OK;
	}
	if (pl->file_id && svc_org_get(ctx, pl->file_id, &seen) == SVC_OK && o->name_en &&
	    strcmp(svc_import_folded(ctx->arena, seen.name_en),
	           svc_import_folded(ctx->arena, o->name_en)) == 0) {
		*id = pl->file_id;
		return STORE_OK;
	}
	int64_t found = 0;
	int rc = o->reg_number ? store_import_org_find_reg(ctx->store, o->reg_number, &found)
	                       : STORE_NOT_FOUND;
	if (rc == STORE_ERROR)
		return rc;
	if (rc == STORE_NOT_FOUND) {
		OrgFoundBy by;
		rc = store_import_org_find(ctx->store, o->name_en, NULL, &found, &by);
		if (rc == STORE_ERROR)
			return rc;
	}
	if (rc == STORE_OK) {
		SvcStatus st = svc_org_get(ctx, found, &seen);
		if (st == SVC_ERROR)
			return STORE_ERROR;
		if (st == SVC_OK)
			*id = found;
		return STORE_OK;
	}
	/* an acronym alone does not make two organizations one */
	OrgFoundBy by;
	if (o->acronym &&
	    store_import_org_find(ctx->store, NULL, o->acronym, &found, &by) == STORE_OK &&
	    svc_org_get(ctx, found, &seen) == SVC_OK)
		errors_add(warns, "org.acronym", "is also the acronym of another organization",
		           arena_printf(ctx->arena, "%s, registry #%lld", seen.name_en,
		                        (long long)found));
	return STORE_OK;
}

static bool same_text(const char *x, const char *y)
{
	return strcmp(x ? x : "", y ? y : "") == 0;
}

static bool listed(const char *const *items, size_t n, const char *s)
{
	for (size_t i = 0; i < n; i++)
		if (same_text(items[i], s))
			return true;
	return false;
}

/* The stored organization with the row's given cells put over it. */
static void org_merge(const Org *stored, const OrgPlan *pl, int64_t authority, int64_t parent,
                      Org *out)
{
	const Org *f = &pl->org;
	const bool *g = pl->given;
	*out = *stored;
	if (g[IF_ORG_NAME])
		out->name_en = f->name_en;
	if (g[IF_ORG_NAME_PRS])
		out->name_prs = f->name_prs;
	if (g[IF_ORG_NAME_PUS])
		out->name_pus = f->name_pus;
	if (g[IF_ORG_ACRONYM])
		out->acronym = f->acronym;
	if (g[IF_ORG_ALIASES]) {
		out->aliases = f->aliases;
		out->alias_count = f->alias_count;
	}
	if (g[IF_ORG_KIND])
		out->kind = f->kind;
	if (g[IF_STATUS])
		out->status = f->status;
	if (g[IF_ORG_REG_NUMBER])
		out->reg_number = f->reg_number;
	if (g[IF_ORG_REG_DATE])
		out->reg_date = f->reg_date;
	if (authority)
		out->reg_authority_id = authority;
	if (g[IF_ORG_TIN])
		out->tin = f->tin;
	if (g[IF_ORG_WEBSITE])
		out->website = f->website;
	if (g[IF_ORG_DESCRIPTION])
		out->description = f->description;
	if (g[IF_ORG_STAFF_TOTAL])
		out->staff_total = f->staff_total;
	if (g[IF_ORG_STAFF_FEMALE])
		out->staff_female = f->staff_female;
	if (g[IF_ORG_WOMEN_LED])
		out->women_led = f->women_led;
	if (parent)
		out->parent_id = parent;
	if (g[IF_VISIBILITY])
		out->visibility = f->visibility;
	if (g[IF_SOURCE])
		out->source = f->source;
	if (g[IF_ORG_OFFICES] || g[IF_ADM1_CODE] || g[IF_ADM1_NAME]) {
		out->offices = f->offices;
		out->office_count = f->office_count;
	}
	if (g[IF_SECTOR_CODE] || g[IF_SECTOR_NAME]) {
		out->sectors = f->sectors;
		out->sector_count = f->sector_count;
	}
}

/* Whether the merged record says what the stored one does. */
static bool org_same(const Org *x, const Org *y)
{
	if (!same_text(x->name_en, y->name_en) || !same_text(x->name_prs, y->name_prs) ||
	    !same_text(x->name_pus, y->name_pus) || !same_text(x->acronym, y->acronym) ||
	    !same_text(x->kind, y->kind) || !same_text(x->status, y->status) ||
	    !same_text(x->reg_number, y->reg_number) || !same_text(x->reg_date, y->reg_date) ||
	    !same_text(x->tin, y->tin) || !same_text(x->website, y->website) ||
	    !same_text(x->source, y->source) || x->visibility != y->visibility ||
	    !same_text(x->description, y->description) || x->staff_total != y->staff_total ||
	    x->staff_female != y->staff_female || x->women_led != y->women_led ||
	    x->parent_id != y->parent_id ||
	    x->reg_authority_id != y->reg_authority_id || x->alias_count != y->alias_count ||
	    x->sector_count != y->sector_count || x->office_count != y->office_count)
		return false;
	for (size_t i = 0; i < x->alias_count; i++)
		if (!listed(y->aliases, y->alias_count, x->aliases[i]))
			return false;
	for (size_t i = 0; i < x->sector_count; i++)
		if (!listed(y->sectors, y->sector_count, x->sectors[i]))
			return false;
	for (size_t i = 0; i < x->office_count; i++) {
		const OrgOffice *a = &x->offices[i];
		bool found = false;
		for (size_t k = 0; k < y->office_count && !found; k++) {
			const OrgOffice *b = &y->offices[k];
			const char *pa = a->pcode ? a->pcode : a->place;
			const char *pb = b->pcode ? b->pcode : b->place;
			found = same_text(pa, pb) && a->is_main == b->is_main;
		}
		if (!found)
			return false;
	}
	return true;
}

/* The service's problems with the record, named as the import's fields. */
static void copy_errs(Arena *a, Errors *to, const Errors *from)
{
	for (size_t i = 0; i < from->count; i++)
		errors_add(to, arena_printf(a, "org.%s", from->items[i].field),
		           from->items[i].message, from->items[i].detail);
}

/* Writes the row (in the row's savepoint): updates target, or makes the
 * organization when target is 0. */
static int write_org(Importer *im, OrgPlan *pl, int64_t target, int64_t authority,
                     int64_t parent, ImportRowResult *out, bool *unchanged)
{
	Ctx *ctx = im->ctx;
	Errors errs, warns;
	errors_clear(&errs);
	errors_clear(&warns);
	*unchanged = false;
	SvcStatus st;
	Org rec;
	if (target) {
		Org stored;
		st = svc_org_get(ctx, target, &stored);
		if (st == SVC_ERROR)
			return STORE_ERROR;
		org_merge(&stored, pl, authority, parent, &rec);
		if (org_same(&rec, &stored)) {
			*unchanged = true;
			out->org_id = target;
			return STORE_OK;
		}
		st = svc_org_update(ctx, &rec, &errs, &warns);
		if (st == SVC_FORBIDDEN)
			errors_add(&out->errs, "org.name", "is in the registry, and you may not change it",
			           rec.name_en);
	} else {
		rec = pl->org;
		rec.reg_authority_id = authority;
		rec.parent_id = parent;
		st = svc_org_create(ctx, &rec, &errs, &warns);
		if (st == SVC_FORBIDDEN)
			errors_add(&out->errs, "org.name",
			           "is not in the registry, and you may not add organizations",
			           rec.name_en);
	}
	if (st == SVC_ERROR)
		return STORE_ERROR;
	copy_errs(ctx->arena, &out->errs, &errs);
	copy_errs(ctx->arena, &out->warns, &warns);
	if (st != SVC_OK)
		return STORE_OK;
	out->org_id = rec.id;
	if (target) {
		im->counts.orgs_updated++;
		errors_add(&out->warns, "org.name", "was in the registry; its record is updated",
		           arena_printf(ctx->arena, "registry #%lld", (long long)rec.id));
	} else {
		im->counts.orgs_created++;
	}
	svc_import_cache_put(im, arena_printf(ctx->arena, "n:%s", svc_import_folded(ctx->arena, rec.name_en)),
	                     rec.id);
	if (pl->authority && !authority) {
		json_t *p = json_pack("[Is]", (json_int_t)rec.id, pl->authority);
		if (p)
			json_array_append_new(im->pending_authorities, p);
	}
	if ((pl->parent_file_id || pl->parent_name) && !parent) {
		json_t *p = json_pack("[IIs?]", (json_int_t)rec.id, (json_int_t)pl->parent_file_id,
		                      pl->parent_name);
		if (p)
			json_array_append_new(im->pending_parents, p);
	}
	return pl->key ? store_import_key_put(ctx->store, im->source_id, pl->key, "org", rec.id,
	                                      pl->digest)
	               : STORE_OK;
}

SvcStatus svc_import_org_row(Importer *im, const char *const values[IF_FIELD_COUNT],
                             ImportRowResult *out)
{
	Ctx *ctx = im->ctx;
	memset(out, 0, sizeof *out);
	errors_clear(&out->errs);
	errors_clear(&out->warns);
	im->counts.rows++;
	Arena *unit_arena = ctx->arena;
	ctx->arena = arena_new();
	SvcStatus result = SVC_OK;
	OrgPlan pl;
	if (!svc_import_too_long(values, &out->errs))
		plan_org(im, values, &pl, &out->errs, &out->warns);
	if (out->errs.count)
		goto rejected;

	int64_t keyed = 0, target = 0, authority = 0, parent = 0;
	const char *digest = NULL;
	int rc = pl.key ? store_import_key_get(ctx->store, ctx->arena, im->source_id, pl.key,
	                                       &keyed, &digest)
	                : STORE_NOT_FOUND;
	if (rc != STORE_OK && rc != STORE_NOT_FOUND)
		goto failed;
	if (rc == STORE_OK && digest && strcmp(digest, pl.digest) == 0) {
		Org seen;
		if (svc_org_get(ctx, keyed, &seen) == SVC_OK) {
			out->outcome = ROW_UNCHANGED;
			out->org_id = keyed;
			im->counts.unchanged++;
			errors_clear(&out->warns);
			goto done;
		}
	}
	if (org_target(im, &pl, keyed, &target, &out->warns) != STORE_OK)
		goto failed;
	if (pl.authority && authority_of(ctx, pl.authority, &authority) != STORE_OK)
		goto failed;
	if ((pl.parent_file_id || pl.parent_name) &&
	    parent_of(im, pl.parent_file_id, pl.parent_name, &parent) != STORE_OK)
		goto failed;
	json_array_clear(im->row_cache_keys);
	if (store_begin(ctx->store) != STORE_OK)
		goto failed;
	bool unchanged = false;
	rc = write_org(im, &pl, target, authority, parent, out, &unchanged);
	if (rc == STORE_OK && unchanged && pl.key)
		rc = store_import_key_put(ctx->store, im->source_id, pl.key, "org", target, pl.digest);
	if (rc == STORE_OK && unchanged) {
		if (store_commit(ctx->store) != STORE_OK)
			goto failed;
		out->outcome = ROW_UNCHANGED;
		im->counts.unchanged++;
		errors_clear(&out->warns);
		goto done;
	}
	result = svc_import_settle(im, rc, out);
	if (result == SVC_OK && out->outcome == ROW_REJECTED)
		out->org_id = 0;
	goto done;
failed:
	result = SVC_ERROR;
	goto done;
rejected:
	out->outcome = ROW_REJECTED;
	im->counts.rejected++;
done:
	arena_free(ctx->arena);
	ctx->arena = unit_arena;
	return result;
}

/* A reference that could not be set at the end of the run, told instead
 * of dropped: the rows themselves were reported already. */
static void left_empty(Ctx *ctx, ImportRowResult *late, const char *field, const char *message,
                       int64_t org_id, const char *name)
{
	late->outcome = ROW_WARNED;
	late->org_id = late->org_id ? late->org_id : org_id;
	errors_add(&late->warns, field, message,
	           arena_printf(ctx->arena, "registry #%lld: %s", (long long)org_id, name ? name : ""));
}

/* Sets the registering authority (or the parent) of organization org_id
 * to target, found at the end of the run; tells in late what cannot be
 * set. SVC_ERROR when the store failed, else SVC_OK. */
static SvcStatus set_late_reference(Ctx *ctx, ImportRowResult *late, int64_t org_id, bool parent,
                                    int64_t target, const char *told)
{
	const char *field = parent ? "org.parent" : "org.registrar";
	if (!target) {
		left_empty(ctx, late, field,
		           N_("names no organization of the registry or of this file; left empty"), org_id,
		           told);
		return SVC_OK;
	}
	Org o;
	if (svc_org_get(ctx, org_id, &o) != SVC_OK)
		return SVC_OK; /* the row's own organization is gone from sight: nothing to set */
	if (parent)
		o.parent_id = target;
	else
		o.reg_authority_id = target;
	Errors errs, warns;
	errors_clear(&errs);
	errors_clear(&warns);
	SvcStatus st = target == org_id ? SVC_INVALID : svc_org_update(ctx, &o, &errs, &warns);
	if (st == SVC_ERROR)
		return SVC_ERROR;
	if (st != SVC_OK)
		left_empty(ctx, late, field, N_("could not be set; left empty"), org_id, told);
	return SVC_OK;
}

SvcStatus svc_import_orgs_finish(Importer *im, ImportRowResult *late)
{
	Ctx *ctx = im->ctx;
	size_t i;
	json_t *entry;
	SvcStatus result = SVC_OK;
	memset(late, 0, sizeof *late);
	late->outcome = ROW_ACCEPTED;
	json_array_foreach(im->pending_authorities, i, entry)
	{
		int64_t org_id = (int64_t)json_integer_value(json_array_get(entry, 0));
		const char *name = json_string_value(json_array_get(entry, 1));
		int64_t authority = 0;
		if (authority_of(ctx, name, &authority) != STORE_OK ||
		    set_late_reference(ctx, late, org_id, false, authority, name) != SVC_OK) {
			result = SVC_ERROR;
			break;
		}
	}
	json_array_clear(im->pending_authorities);
	json_array_foreach(im->pending_parents, i, entry)
	{
		if (result != SVC_OK)
			break;
		int64_t org_id = (int64_t)json_integer_value(json_array_get(entry, 0));
		int64_t file_id = (int64_t)json_integer_value(json_array_get(entry, 1));
		const char *name = json_string_value(json_array_get(entry, 2));
		const char *told = name ? name : arena_printf(ctx->arena, "#%lld", (long long)file_id);
		int64_t parent = 0;
		if (parent_of(im, file_id, name, &parent) != STORE_OK ||
		    set_late_reference(ctx, late, org_id, true, parent, told) != SVC_OK) {
			result = SVC_ERROR;
			break;
		}
	}
	json_array_clear(im->pending_parents);
	return result;
}
