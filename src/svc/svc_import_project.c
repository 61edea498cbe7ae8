/*
 * svc_import_project.c — rows of a 3W-like table and IATI activities
 * written as projects: a row (or the group of rows that share one project
 * key) is read, validated into a plan, and written through svc_project_*
 * in its own savepoint, then counted; a keyed row whose digest has not
 * changed is left alone. The words of a row are resolved by
 * svc_import_vocab.c; the run itself is svc_import.c's. No file I/O and
 * no SQL here: the rows come from the caller.
 */
#include <ctype.h>
#include <errno.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/mem.h"
#include "core/text.h"
#include "core/validate.h"
#include "fmt/hxl_columns.h"
#include "store/store_import.h"
#include "svc/svc_import_int.h"

/* Rows committed at a time in a real run: big enough to be fast, small
 * enough that the write-ahead log stays small. */
#define IMPORT_BATCH_ROWS 2000
#define VALUE_MAX_BYTES   20000
/* Organizations one role of a row may list ("A | B", as the export joins them). */
#define ROW_ORGS_MAX 8
/* Parts of one project remembered by their digests (see import_group). */
#define GROUP_DIGESTS_MAX 64

/* ---- small helpers ---- */

static const char *value(const char *const values[IF_FIELD_COUNT], ImportField f)
{
	const char *v = values[f];
	return v && *v ? v : NULL;
}

/* FNV-1a of the row's values, to see a keyed row that has changed. */
static void row_digest(const char *const values[IF_FIELD_COUNT], char out[17])
{
	uint64_t h = 1469598103934665603ull;
	for (int f = 0; f < IF_FIELD_COUNT; f++) {
		/* fields added after IF_NOTE count only when given, so that a
		 * file imported before them is still seen unchanged */
		if (f > IF_NOTE && !values[f])
			continue;
		const char *v = values[f] ? values[f] : "";
		if (f > IF_NOTE) {
			h ^= (unsigned char)f;
			h *= 1099511628211ull;
		}
		for (; *v; v++) {
			h ^= (unsigned char)*v;
			h *= 1099511628211ull;
		}
		h ^= 0x1f;
		h *= 1099511628211ull;
	}
	snprintf(out, 17, "%016llx", (unsigned long long)h);
}

static void hash_text(uint64_t *h, const char *s)
{
	for (s = s ? s : ""; *s; s++) {
		*h ^= (unsigned char)*s;
		*h *= 1099511628211ull;
	}
	*h ^= 0x1f;
	*h *= 1099511628211ull;
}

static void set_add(json_t *set, const char *key)
{
	if (!json_object_get(set, key))
		json_object_set_new(set, key, json_true());
}

/* ---- numbers ---- */

static bool parse_count(const char *text, long long *out)
{
	char *end;
	errno = 0;
	long long v = strtoll(text, &end, 10);
	while (*end == ' ')
		end++;
	if (errno || end == text || *end || v < 0 || v > 1000000000000LL)
		return false;
	*out = v;
	return true;
}

bool svc_import_count(const char *text, long long *out)
{
	return parse_count(text, out);
}

static bool parse_amount(const char *text, double *out)
{
	/* "1,234,567.50": thousands separators are dropped */
	char clean[64];
	size_t n = 0;
	for (const char *p = text; *p; p++) {
		if (*p == ',' || *p == ' ')
			continue;
		if (n + 1 >= sizeof clean)
			return false;
		clean[n++] = *p;
	}
	clean[n] = '\0';
	char *end;
	errno = 0;
	double v = strtod(clean, &end);
	if (errno || end == clean || *end || !isfinite(v) || v < 0)
		return false;
	*out = v;
	return true;
}

/* ---- a row ---- */

/* One organization a row names. */
typedef struct RowOrg {
	const char *role;  /* "implementing" or "funding" */
	const char *field; /* "org" or "donor", for messages */
	const char *name, *acronym, *kind;
} RowOrg;

/* What a row says, resolved, before anything is written. */
typedef struct RowPlan {
	const char *org_name, *org_acronym, *org_kind; /* the first implementing organization */
	RowOrg orgs[2 * ROW_ORGS_MAX];                /* every one, implementing first */
	size_t org_count;
	Visibility visibility; /* of the records the row makes */
	const char *source;    /* the row's source, or the import's */
	long long villages;    /* at the row's place; NUM_UNKNOWN when not given */
	const Place *province, *district;
	const char *sectors[16];
	size_t sector_count;
	const char *unknown_sectors; /* the sector text when some were left out */
	bool presence;               /* no title: one presence of org x sector x place */
	const char *key;             /* the row's key in its source */
	const char *group_key;       /* presence rows: the project they join */
	char digest[17];
} RowPlan;

/* Splits a cell into exactly n pieces at HXL_LIST_SEPARATOR, trimmed (NULL
 * for an empty piece); a NULL cell gives n NULLs. False when the cell does
 * not hold n pieces. */
static bool split_list(Arena *a, const char *cell, size_t n, const char **out)
{
	for (size_t i = 0; i < n; i++)
		out[i] = NULL;
	if (!cell)
		return true;
	const size_t sep = strlen(HXL_LIST_SEPARATOR);
	const char *p = cell;
	for (size_t i = 0; i + 1 < n; i++) {
		const char *end = strstr(p, HXL_LIST_SEPARATOR);
		if (!end)
			return false;
		out[i] = svc_import_trimmed(a, arena_strndup(a, p, (size_t)(end - p)));
		p = end + sep;
	}
	if (strstr(p, HXL_LIST_SEPARATOR))
		return false;
	out[n - 1] = svc_import_trimmed(a, p);
	return true;
}

/* The organizations of one role a row names. A cell may name several,
 * joined as the export joins them ("33 | 34" in the ids cell, "The Asia
 * Foundation | PBGF" in the names cell): the ids cell, whose entries are
 * numbers, says how many, since a name may hold the separator itself. */
static void plan_orgs(Arena *a, const char *const values[IF_FIELD_COUNT], ImportField name_f,
                      ImportField acronym_f, ImportField kind_f, ImportField ids_f,
                      const char *role, const char *field, RowPlan *pl, Errors *errs)
{
	const char *name = svc_import_trimmed(a, value(values, name_f));
	const char *acronym = svc_import_trimmed(a, value(values, acronym_f));
	const char *kind = svc_import_trimmed(a, value(values, kind_f));
	const char *ids = svc_import_trimmed(a, value(values, ids_f));
	if (!name && !acronym)
		return;
	size_t n = 1;
	for (const char *p = ids ? ids : ""; *p; p++)
		n += *p == '|';
	if (n > ROW_ORGS_MAX) {
		errors_add(errs, arena_printf(a, "%s.ids", field), "lists too many organizations",
		           arena_printf(a, "%zu, at most %d", n, ROW_ORGS_MAX));
		return;
	}
	const char *names[ROW_ORGS_MAX], *acronyms[ROW_ORGS_MAX], *kinds[ROW_ORGS_MAX];
	if (n == 1) {
		names[0] = name;
		acronyms[0] = acronym;
		kinds[0] = kind;
	} else if (!split_list(a, value(values, name_f), n, names) ||
	           !split_list(a, value(values, acronym_f), n, acronyms) ||
	           !split_list(a, value(values, kind_f), n, kinds)) {
		errors_add(errs, arena_printf(a, "%s.name", field),
		           "does not name as many organizations as the ids cell lists", ids);
		return;
	}
	for (size_t i = 0; i < n; i++)
		if (names[i] || acronyms[i])
			pl->orgs[pl->org_count++] = (RowOrg){.role = role,
			                                     .field = field,
			                                     .name = names[i],
			                                     .acronym = acronyms[i],
			                                     .kind = kinds[i]};
}

static void plan_row(Importer *im, const char *const values[IF_FIELD_COUNT], RowPlan *pl,
                     Errors *errs, Errors *warns)
{
	Ctx *ctx = im->ctx;
	Arena *a = ctx->arena;
	memset(pl, 0, sizeof *pl);
	plan_orgs(a, values, IF_ORG_NAME, IF_ORG_ACRONYM, IF_ORG_KIND, IF_ORG_IDS, "implementing",
	          "org", pl, errs);
	plan_orgs(a, values, IF_DONOR_NAME, IF_DONOR_ACRONYM, IF_DONOR_KIND, IF_DONOR_IDS,
	          "funding", "donor", pl, errs);
	if (pl->org_count && strcmp(pl->orgs[0].role, "implementing") == 0) {
		pl->org_name = pl->orgs[0].name;
		pl->org_acronym = pl->orgs[0].acronym;
		pl->org_kind = pl->orgs[0].kind;
	}
	if (!pl->org_name && !pl->org_acronym)
		errors_add(errs, "org.name", "is required (the organization's name or acronym)",
		           NULL);

	pl->visibility = im->visibility;
	const char *vis = svc_import_trimmed(a, value(values, IF_VISIBILITY));
	if (vis && !visibility_parse(svc_import_folded(a, vis), &pl->visibility))
		errors_add(errs, "visibility", "must be public, members or restricted", vis);
	pl->source = svc_import_trimmed(a, value(values, IF_SOURCE));
	if (!pl->source)
		pl->source = im->source;
	else if (text_length(pl->source) > SOURCE_MAX_CHARS)
		errors_add(errs, "source", "is too long", NULL);
	pl->villages = NUM_UNKNOWN;
	const char *villages = svc_import_trimmed(a, value(values, IF_VILLAGES));
	if (villages && !parse_count(villages, &pl->villages))
		errors_add(errs, "place.villages", "is not a whole number", villages);

	const char *adm1_code = svc_import_trimmed(a, value(values, IF_ADM1_CODE));
	const char *adm1_name = svc_import_trimmed(a, value(values, IF_ADM1_NAME));
	const char *adm2_code = svc_import_trimmed(a, value(values, IF_ADM2_CODE));
	const char *adm2_name = svc_import_trimmed(a, value(values, IF_ADM2_NAME));
	if (adm1_code || adm1_name)
		pl->province = svc_import_province(ctx, adm1_code, adm1_name, errs, warns);
	if (adm2_code || adm2_name) {
		if ((adm1_code || adm1_name) && !pl->province) {
			errors_add(errs, "adm2.name", "cannot be placed: its province is not known",
			           adm2_name ? adm2_name : adm2_code);
		} else {
			pl->district =
			    svc_import_district(ctx, adm2_code, adm2_name, pl->province, errs, warns);
			if (pl->district && !pl->province)
				pl->province = gaz_get(ctx->ref->gaz, pl->district->parent_pcode);
		}
	}

	bool unknown = false;
	const char *sector_code = svc_import_trimmed(a, value(values, IF_SECTOR_CODE));
	const char *sector_name = svc_import_trimmed(a, value(values, IF_SECTOR_NAME));
	size_t max = sizeof pl->sectors / sizeof *pl->sectors;
	if (sector_code) {
		Errors code_warns;
		errors_clear(&code_warns);
		bool code_unknown = false;
		svc_import_sectors(ctx, sector_code, "sector.code", pl->sectors, &pl->sector_count, max,
		            &code_warns, &code_unknown);
		if (code_unknown && sector_name) {
			/* the name may say what the code does not */
			svc_import_sectors(ctx, sector_name, "sector.name", pl->sectors, &pl->sector_count,
			            max, warns, &unknown);
		} else {
			unknown = code_unknown;
			for (size_t i = 0; i < code_warns.count; i++)
				errors_add(warns, code_warns.items[i].field,
				           code_warns.items[i].message, code_warns.items[i].detail);
		}
	} else if (sector_name) {
		svc_import_sectors(ctx, sector_name, "sector.name", pl->sectors, &pl->sector_count, max,
		            warns, &unknown);
	}
	if (unknown)
		pl->unknown_sectors = sector_code ? sector_code : sector_name;

	row_digest(values, pl->digest);
	const char *row_key = svc_import_trimmed(a, value(values, IF_ROW_KEY));
	const char *title = svc_import_trimmed(a, value(values, IF_TITLE));
	pl->presence =
	    !row_key && !title && !value(values, IF_TITLE_PRS) && !value(values, IF_TITLE_PUS);
	const char *who = svc_import_folded(a, pl->org_name ? pl->org_name : pl->org_acronym);
	const char *sectors = pl->sector_count ? pl->sectors[0] : "";
	for (size_t i = 1; i < pl->sector_count; i++)
		sectors = arena_printf(a, "%s+%s", sectors, pl->sectors[i]);
	if (row_key)
		pl->key = arena_printf(a, "row|%s", row_key);
	else if (pl->presence)
		pl->key = arena_printf(a, "presence|%s|%s|%s", who, sectors,
		                       pl->district   ? pl->district->pcode
		                       : pl->province ? pl->province->pcode
		                                      : "AF");
	else
		pl->key = arena_printf(a, "row|%s", pl->digest);
	if (pl->presence)
		pl->group_key = arena_printf(a, "group|%s|%s|%s", who, sectors,
		                             pl->province ? pl->province->pcode : "AF");
}

/* A count cell of a result row into *out (NUM_UNKNOWN when empty). */
static void result_count_of(const char *const values[IF_FIELD_COUNT], ImportField f,
                            long long *out, Errors *errs)
{
	const char *text = value(values, f);
	*out = NUM_UNKNOWN;
	if (text && !parse_count(text, out)) {
		*out = NUM_UNKNOWN;
		errors_add(errs, import_field_name(f), "is not a whole number", text);
	}
}

/* The result a result row gives (see hxl_columns.h), in the arena. */
static Result *result_from_row(Importer *im, const char *const values[IF_FIELD_COUNT],
                               const RowPlan *pl, Errors *errs)
{
	Arena *a = im->ctx->arena;
	Result *r = arena_zalloc(a, sizeof *r);
	r->indicator = svc_import_trimmed(a, value(values, IF_RESULT_INDICATOR));
	const char *figure = svc_import_trimmed(a, value(values, IF_RESULT_VALUE));
	if (!figure)
		errors_add(errs, "result.value", "is required with an indicator", r->indicator);
	else if (!parse_amount(figure, &r->value))
		errors_add(errs, "result.value", "is not an amount", figure);
	r->qualifier = svc_import_trimmed(a, value(values, IF_RESULT_QUALIFIER));
	r->unit = svc_import_trimmed(a, value(values, IF_RESULT_UNIT));
	result_count_of(values, IF_RESULT_FEMALE, &r->female, errs);
	result_count_of(values, IF_RESULT_MALE, &r->male, errs);
	result_count_of(values, IF_RESULT_GIRLS, &r->girls, errs);
	result_count_of(values, IF_RESULT_BOYS, &r->boys, errs);
	r->period_start = svc_import_trimmed(a, value(values, IF_RESULT_START));
	r->period_end = svc_import_trimmed(a, value(values, IF_RESULT_END));
	r->source = svc_import_trimmed(a, value(values, IF_RESULT_SOURCE));
	if (!r->source)
		r->source = pl->source;
	r->note = svc_import_trimmed(a, value(values, IF_RESULT_NOTE));
	return r;
}

/* Fills the project's fields from the row (everything but its id). */
static void project_from_row(Importer *im, const char *const values[IF_FIELD_COUNT],
                             const RowPlan *pl, Project *p, Errors *errs)
{
	Ctx *ctx = im->ctx;
	Arena *a = ctx->arena;
	p->title_en = svc_import_trimmed(a, value(values, IF_TITLE));
	p->title_prs = svc_import_trimmed(a, value(values, IF_TITLE_PRS));
	p->title_pus = svc_import_trimmed(a, value(values, IF_TITLE_PUS));
	p->description_en = svc_import_trimmed(a, value(values, IF_DESCRIPTION));
	p->description_prs = svc_import_trimmed(a, value(values, IF_DESCRIPTION_PRS));
	p->description_pus = svc_import_trimmed(a, value(values, IF_DESCRIPTION_PUS));
	p->status = svc_import_trimmed(a, value(values, IF_STATUS));
	if (p->status)
		p->status = svc_import_folded(a, p->status);
	p->start_date = svc_import_trimmed(a, value(values, IF_START));
	p->end_date = svc_import_trimmed(a, value(values, IF_END));
	p->visibility = pl->visibility;
	p->source = pl->source;
	p->note = svc_import_trimmed(a, value(values, IF_NOTE));
	if (pl->unknown_sectors)
		p->note = arena_printf(a, "%s%ssectors as given: %s", p->note ? p->note : "",
		                       p->note ? "; " : "", pl->unknown_sectors);
	const char *budget = svc_import_trimmed(a, value(values, IF_BUDGET));
	const char *budget_usd = svc_import_trimmed(a, value(values, IF_BUDGET_USD));
	const char *currency = svc_import_trimmed(a, value(values, IF_CURRENCY));
	if (budget_usd) {
		if (!parse_amount(budget_usd, &p->budget))
			errors_add(errs, "project.budget_usd", "is not an amount", budget_usd);
		p->has_budget = true;
		p->currency = "USD";
	} else if (budget) {
		if (!parse_amount(budget, &p->budget))
			errors_add(errs, "project.budget", "is not an amount", budget);
		p->has_budget = true;
		p->currency = currency;
	}
	if (!p->has_budget && currency)
		p->currency = currency;
	const char *reached = svc_import_trimmed(a, value(values, IF_REACHED));
	const char *female = svc_import_trimmed(a, value(values, IF_REACHED_FEMALE));
	const char *male = svc_import_trimmed(a, value(values, IF_REACHED_MALE));
	if (value(values, IF_RESULT_INDICATOR)) {
		/* a result row: its result, not the people reached it repeats */
		p->results = result_from_row(im, values, pl, errs);
		p->result_count = 1;
	} else if (reached || female || male) {
		Result *r = arena_zalloc(a, sizeof *r);
		r->indicator = "people reached";
		r->unit = "people";
		r->female = r->male = r->girls = r->boys = NUM_UNKNOWN;
		r->source = pl->source;
		long long v;
		if (female) {
			if (parse_count(female, &v))
				r->female = v;
			else
				errors_add(errs, "reached.female", "is not a whole number", female);
		}
		if (male) {
			if (parse_count(male, &v))
				r->male = v;
			else
				errors_add(errs, "reached.male", "is not a whole number", male);
		}
		if (reached) {
			if (parse_count(reached, &v))
				r->value = (double)v;
			else
				errors_add(errs, "reached", "is not a whole number", reached);
		} else {
			r->value =
			    (double)((r->female > 0 ? r->female : 0) + (r->male > 0 ? r->male : 0));
		}
		p->results = r;
		p->result_count = 1;
	}
	p->sectors = arena_alloc(a, (pl->sector_count ? pl->sector_count : 1) * sizeof *p->sectors);
	memcpy(p->sectors, pl->sectors, pl->sector_count * sizeof *p->sectors);
	p->sector_count = pl->sector_count;
	const Place *where = pl->district ? pl->district : pl->province;
	if (where) {
		ProjectPlace *pp = arena_zalloc(a, sizeof *pp);
		pp->place = where->pcode;
		pp->villages = pl->villages;
		p->places = pp;
		p->place_count = 1;
	}
}

/* Adds an organization in a role to p->orgs (room for it is there), once;
 * a funding organization that also implements is left out. */
static void project_org_add(Project *p, int64_t id, const char *role)
{
	for (size_t i = 0; i < p->org_count; i++)
		if (p->orgs[i].org_id == id &&
		    (strcmp(p->orgs[i].role, role) == 0 ||
		     (strcmp(role, "funding") == 0 && strcmp(p->orgs[i].role, "implementing") == 0)))
			return;
	p->orgs[p->org_count++] = (ProjectOrg){.org_id = id, .role = role};
}

/* Finds or makes the organizations the row names and puts them in p->orgs
 * (which has room for pl->org_count more). Returns a STORE_* code; the
 * row's problems go to out. */
static int row_orgs(Importer *im, const RowPlan *pl, Project *p, ImportRowResult *out)
{
	for (size_t i = 0; i < pl->org_count; i++) {
		const RowOrg *o = &pl->orgs[i];
		int64_t id = 0;
		bool created = false;
		int rc = svc_import_org_for_row(im, o->field, o->name, o->acronym, NULL, o->kind,
		                                pl->visibility, pl->source, &id, &created, &out->errs,
		                                &out->warns);
		if (rc != STORE_OK)
			return rc;
		if (!id)
			continue;
		im->counts.orgs_created += created;
		if (i == 0)
			im->counts.orgs_matched += !created;
		project_org_add(p, id, o->role);
	}
	return STORE_OK;
}

/* A presence row joins the project of its group: the district (and any
 * sector) is added to it. *changed says whether anything was added. */
static SvcStatus presence_join(Importer *im, int64_t project_id, const RowPlan *pl, Errors *errs,
                               Errors *warns, bool *changed)
{
	Ctx *ctx = im->ctx;
	Project p;
	*changed = false;
	SvcStatus st = svc_project_get(ctx, project_id, &p);
	if (st != SVC_OK)
		return st;
	const Place *where = pl->district ? pl->district : pl->province;
	if (where) {
		bool have = false;
		for (size_t i = 0; i < p.place_count && !have; i++)
			have = p.places[i].pcode && strcmp(p.places[i].pcode, where->pcode) == 0;
		if (!have) {
			ProjectPlace *places =
			    arena_alloc(ctx->arena, (p.place_count + 1) * sizeof *places);
			if (p.place_count)
				memcpy(places, p.places, p.place_count * sizeof *places);
			places[p.place_count] =
			    (ProjectPlace){.place = where->pcode, .villages = NUM_UNKNOWN};
			p.places = places;
			p.place_count++;
			*changed = true;
		}
	}
	if (!*changed)
		return SVC_OK;
	for (size_t i = 0; i < p.place_count; i++)
		p.places[i].place = p.places[i].pcode ? p.places[i].pcode : p.places[i].place;
	return svc_project_update(ctx, &p, errs, warns);
}

/* A title for a presence project: "Operational presence: ASCHIANA —
 * Education in Emergencies — Kabul". */
static const char *presence_title(Ctx *ctx, const RowPlan *pl)
{
	Buf t;
	buf_init(&t, 1000);
	buf_printf(&t, "Operational presence: %s",
	           pl->org_acronym ? pl->org_acronym : pl->org_name);
	for (size_t i = 0; i < pl->sector_count; i++) {
		const Code *c = codelist_find(&ctx->ref->sectors, pl->sectors[i]);
		buf_printf(&t, "%s%s", i ? ", " : " — ", c ? c->name_en : pl->sectors[i]);
	}
	buf_printf(&t, " — %s", pl->province ? pl->province->name_en : "Afghanistan");
	const char *out = arena_strdup(ctx->arena, buf_str(&t));
	buf_free(&t);
	return out;
}

static void copy_errors(Errors *to, const Errors *from, const char *prefix)
{
	for (size_t i = 0; i < from->count; i++) {
		char field[64];
		snprintf(field, sizeof field, "%s%s", prefix, from->items[i].field);
		errors_add(to, field, from->items[i].message, from->items[i].detail);
	}
}

/* Writes what the plan says, inside the row's savepoint. Returns
 * STORE_OK (the row may still be rejected: errs) or a store error. */
static int write_row(Importer *im, const char *const values[IF_FIELD_COUNT], const RowPlan *pl,
                     ImportRowResult *out)
{
	Ctx *ctx = im->ctx;
	Project p;
	memset(&p, 0, sizeof p);
	p.orgs = arena_zalloc(ctx->arena, (pl->org_count + 1) * sizeof *p.orgs);
	int rc = row_orgs(im, pl, &p, out);
	if (rc != STORE_OK || out->errs.count)
		return rc;

	Errors errs, warns;
	errors_clear(&errs);
	errors_clear(&warns);
	project_from_row(im, values, pl, &p, &out->errs);
	if (out->errs.count)
		return STORE_OK;

	int64_t existing = 0;
	const char *digest = NULL;
	SvcStatus st;
	if (pl->presence) {
		rc = store_import_key_get(ctx->store, ctx->arena, im->source_id, pl->group_key,
		                          &existing, &digest);
		if (rc != STORE_OK && rc != STORE_NOT_FOUND)
			return rc;
		rc = STORE_OK;
	}
	if (existing) {
		bool changed;
		st = presence_join(im, existing, pl, &errs, &warns, &changed);
		if (st == SVC_OK && changed)
			im->counts.projects_updated++;
		out->project_id = existing;
	} else {
		/* a keyed row seen before with other values: update its project */
		int64_t before = 0;
		if (!pl->presence) {
			rc = store_import_key_get(ctx->store, ctx->arena, im->source_id, pl->key,
			                          &before, &digest);
			if (rc != STORE_OK && rc != STORE_NOT_FOUND)
				return rc;
			rc = STORE_OK;
		}
		if (pl->presence)
			p.title_en = presence_title(ctx, pl);
		if (before) {
			p.id = before;
			st = svc_project_update(ctx, &p, &errs, &warns);
			if (st == SVC_OK)
				im->counts.projects_updated++;
		} else {
			st = svc_project_create(ctx, &p, &errs, &warns);
			if (st == SVC_OK) {
				im->counts.projects_created++;
				out->project_created = true;
			}
		}
		out->project_id = p.id;
		if (st == SVC_OK && pl->presence)
			rc = store_import_key_put(ctx->store, im->source_id, pl->group_key,
			                          "project", p.id, NULL);
	}
	if (st == SVC_ERROR)
		return STORE_ERROR;
	if (st == SVC_FORBIDDEN) {
		errors_add(&out->errs, "",
		           "you may not write this project (it belongs to an "
		           "organization you do not edit)",
		           NULL);
		return STORE_OK;
	}
	if (st == SVC_NOT_FOUND) {
		errors_add(&out->errs, "", "the project this row was imported to before is gone",
		           NULL);
		return STORE_OK;
	}
	copy_errors(&out->errs, &errs, "project.");
	copy_errors(&out->warns, &warns, "project.");
	if (rc == STORE_OK && st == SVC_OK)
		rc = store_import_key_put(ctx->store, im->source_id, pl->key, "project",
		                          out->project_id, pl->digest);
	return rc;
}

static void row_rejected(Importer *im, ImportRowResult *out)
{
	out->outcome = ROW_REJECTED;
	out->project_id = 0;
	im->counts.rejected++;
}

/* Ends the savepoint of a row (or activity) whose write returned rc: a row
 * with errors is undone, with what it put in the cache; one without is
 * kept and counted. A real run commits in batches, so a long file does not
 * hold one huge transaction. SVC_ERROR when the store failed. */
SvcStatus svc_import_settle(Importer *im, int rc, ImportRowResult *out)
{
	Ctx *ctx = im->ctx;
	if (rc != STORE_OK || out->errs.count) {
		store_rollback(ctx->store);
		size_t i;
		json_t *key;
		json_array_foreach(im->row_cache_keys, i, key)
		    json_object_del(im->orgs, json_string_value(key));
		if (rc != STORE_OK)
			return SVC_ERROR;
		row_rejected(im, out);
		return SVC_OK;
	}
	if (store_commit(ctx->store) != STORE_OK)
		return SVC_ERROR;
	out->outcome = out->warns.count ? ROW_WARNED : ROW_ACCEPTED;
	if (out->warns.count)
		im->counts.warned++;
	else
		im->counts.accepted++;
	if (!im->dry_run && ++im->since_commit >= IMPORT_BATCH_ROWS) {
		im->since_commit = 0;
		if (store_commit(ctx->store) != STORE_OK || store_begin(ctx->store) != STORE_OK)
			return SVC_ERROR;
	}
	return SVC_OK;
}

bool svc_import_too_long(const char *const values[IF_FIELD_COUNT], Errors *errs)
{
	bool bad = false;
	for (int f = 1; f < IF_FIELD_COUNT; f++) {
		const char *v = values[f];
		if (!v)
			continue;
		size_t n = strlen(v);
		if (n > VALUE_MAX_BYTES) {
			errors_add(errs, import_field_name((ImportField)f), "is too long", NULL);
			bad = true;
		} else if (!text_valid_utf8(v, n)) {
			errors_add(errs, import_field_name((ImportField)f),
			           "is not valid UTF-8 text", NULL);
			bad = true;
		}
	}
	return bad;
}

static SvcStatus import_group(Importer *im, const char *const *const rows[], size_t n,
                              ImportRowResult out[]);

SvcStatus svc_import_row(Importer *im, const char *const values[IF_FIELD_COUNT],
                         ImportRowResult *out)
{
	if (value(values, IF_ROW_KEY)) {
		const char *const *rows[1] = {values};
		return import_group(im, rows, 1, out);
	}
	Ctx *ctx = im->ctx;
	memset(out, 0, sizeof *out);
	errors_clear(&out->errs);
	errors_clear(&out->warns);
	im->counts.rows++;
	/* the row's memory dies with the row */
	Arena *unit_arena = ctx->arena;
	ctx->arena = arena_new();
	SvcStatus result = SVC_OK;

	RowPlan pl;
	if (!svc_import_too_long(values, &out->errs))
		plan_row(im, values, &pl, &out->errs, &out->warns);
	if (out->errs.count)
		goto rejected;

	int64_t before_id = 0;
	const char *digest = NULL;
	int rc = store_import_key_get(ctx->store, ctx->arena, im->source_id, pl.key, &before_id,
	                              &digest);
	if (rc != STORE_OK && rc != STORE_NOT_FOUND) {
		result = SVC_ERROR;
		goto done;
	}
	if (rc == STORE_OK && (pl.presence || (digest && strcmp(digest, pl.digest) == 0))) {
		out->outcome = ROW_UNCHANGED;
		out->project_id = before_id;
		im->counts.unchanged++;
		errors_clear(&out->warns);
		goto done;
	}

	json_array_clear(im->row_cache_keys);
	if (store_begin(ctx->store) != STORE_OK) {
		result = SVC_ERROR;
		goto done;
	}
	result = svc_import_settle(im, write_row(im, values, &pl, out), out);
	if (result == SVC_OK && out->outcome != ROW_REJECTED) {
		if (pl.district)
			set_add(im->districts, pl.district->pcode);
		if (pl.province)
			set_add(im->provinces, pl.province->pcode);
		im->counts.districts = (long long)json_object_size(im->districts);
		im->counts.provinces = (long long)json_object_size(im->provinces);
	}
	goto done;
rejected:
	row_rejected(im, out);
done:
	arena_free(ctx->arena);
	ctx->arena = unit_arena;
	return result;
}

/* ---- the rows of one keyed project ---- */

/* True when digest is one of the comma-separated list's. */
static bool digest_listed(const char *list, const char *digest)
{
	size_t n = strlen(digest);
	for (const char *p = list; p && *p;) {
		size_t len = strcspn(p, ",");
		if (len == n && strncmp(p, digest, n) == 0)
			return true;
		p += len;
		if (*p)
			p++;
	}
	return false;
}

/* Adds a place to p (room for it is there) unless p has it; a number of
 * villages fills one not known. */
static void project_place_add(Project *p, const ProjectPlace *pp)
{
	for (size_t i = 0; i < p->place_count; i++)
		if (strcmp(p->places[i].place, pp->place) == 0) {
			if (p->places[i].villages == NUM_UNKNOWN)
				p->places[i].villages = pp->villages;
			return;
		}
	p->places[p->place_count++] = *pp;
}

static void project_sector_add(Project *p, const char *code)
{
	for (size_t i = 0; i < p->sector_count; i++)
		if (strcmp(p->sectors[i], code) == 0)
			return;
	p->sectors[p->sector_count++] = code;
}

/* Drops the organizations cached since the mark-th cache key (their rows
 * were undone). */
static void cache_forget_since(Importer *im, size_t mark)
{
	while (json_array_size(im->row_cache_keys) > mark) {
		size_t last = json_array_size(im->row_cache_keys) - 1;
		json_object_del(im->orgs,
		                json_string_value(json_array_get(im->row_cache_keys, last)));
		json_array_remove(im->row_cache_keys, last);
	}
}

/*
 * The rows of one project: rows with the same row key (IF_ROW_KEY) that
 * come together, as the export writes a project, one row per place and
 * sector. A row with errors is rejected alone; the others are written as
 * one project, once: its fields from the first of them, its places,
 * sectors and organizations in their roles from all of them.
 *
 * The key remembers the digests of the parts written for it (a part:
 * such a run of rows, digested together). A part whose digest is there
 * is unchanged: nothing is written, so the same file imported again
 * changes nothing. A changed part replaces the project, unless this run
 * already wrote it (rows of one key that do not come together): then its
 * places, sectors and organizations are added to it.
 */
static SvcStatus import_group(Importer *im, const char *const *const rows[], size_t n,
                              ImportRowResult out[])
{
	Ctx *ctx = im->ctx;
	Arena *unit_arena = ctx->arena;
	ctx->arena = arena_new();
	Arena *a = ctx->arena;
	SvcStatus result = SVC_OK;
	RowPlan *plans = arena_zalloc(a, n * sizeof *plans);
	Project *parts = arena_zalloc(a, n * sizeof *parts);
	bool *ok = arena_zalloc(a, n * sizeof *ok);
	size_t accepted = 0, first = n;
	uint64_t h = 1469598103934665603ull;
	for (size_t i = 0; i < n; i++) {
		memset(&out[i], 0, sizeof out[i]);
		errors_clear(&out[i].errs);
		errors_clear(&out[i].warns);
		im->counts.rows++;
		if (!svc_import_too_long(rows[i], &out[i].errs))
			plan_row(im, rows[i], &plans[i], &out[i].errs, &out[i].warns);
		if (!out[i].errs.count)
			project_from_row(im, rows[i], &plans[i], &parts[i], &out[i].errs);
		if (out[i].errs.count) {
			row_rejected(im, &out[i]);
			continue;
		}
		ok[i] = true;
		accepted++;
		if (first == n)
			first = i;
		hash_text(&h, plans[i].digest);
	}
	if (!accepted)
		goto done;
	char digest[17];
	if (accepted == 1)
		memcpy(digest, plans[first].digest, sizeof digest);
	else
		snprintf(digest, sizeof digest, "%016llx", (unsigned long long)h);
	const char *key = plans[first].key;
	int64_t before = 0;
	const char *digests = NULL;
	int rc = store_import_key_get(ctx->store, a, im->source_id, key, &before, &digests);
	if (rc != STORE_OK && rc != STORE_NOT_FOUND) {
		result = SVC_ERROR;
		goto done;
	}
	bool written = json_object_get(im->written, key) != NULL;
	if (rc == STORE_OK && !written && digest_listed(digests, digest)) {
		for (size_t i = 0; i < n; i++)
			if (ok[i]) {
				out[i].outcome = ROW_UNCHANGED;
				out[i].project_id = before;
				errors_clear(&out[i].warns);
				im->counts.unchanged++;
			}
		goto done;
	}

	json_array_clear(im->row_cache_keys);
	if (store_begin(ctx->store) != STORE_OK) {
		result = SVC_ERROR;
		goto done;
	}
	/* The project: the first row's fields; room for every row's place,
	 * sectors and organizations, and for what it has when this run wrote
	 * it before. */
	Project base;
	memset(&base, 0, sizeof base);
	if (written && svc_project_get(ctx, before, &base) != SVC_OK)
		written = false;
	Project p = written ? base : parts[first];
	size_t room_places = base.place_count + n, room_sectors = base.sector_count,
	       room_orgs = base.org_count;
	for (size_t i = 0; i < n; i++) {
		room_sectors += parts[i].sector_count;
		room_orgs += plans[i].org_count;
	}
	p.places = arena_zalloc(a, room_places * sizeof *p.places);
	p.sectors = arena_zalloc(a, (room_sectors + 1) * sizeof *p.sectors);
	p.orgs = arena_zalloc(a, (room_orgs + 1) * sizeof *p.orgs);
	p.place_count = p.sector_count = p.org_count = 0;
	for (size_t i = 0; i < base.place_count; i++) {
		ProjectPlace pp = base.places[i];
		pp.place = pp.pcode ? pp.pcode : pp.place;
		project_place_add(&p, &pp);
	}
	for (size_t i = 0; i < base.sector_count; i++)
		project_sector_add(&p, base.sectors[i]);
	for (size_t i = 0; i < base.org_count; i++)
		project_org_add(&p, base.orgs[i].org_id, base.orgs[i].role);
	/* each row's organizations in a savepoint of its own: a row that
	 * cannot have them is undone alone */
	for (size_t i = 0; i < n; i++) {
		if (!ok[i])
			continue;
		size_t mark = json_array_size(im->row_cache_keys);
		size_t orgs_before = p.org_count;
		if (store_begin(ctx->store) != STORE_OK) {
			result = SVC_ERROR;
			break;
		}
		rc = row_orgs(im, &plans[i], &p, &out[i]);
		if (rc != STORE_OK) {
			store_rollback(ctx->store);
			result = SVC_ERROR;
			break;
		}
		if (out[i].errs.count) {
			store_rollback(ctx->store);
			cache_forget_since(im, mark);
			p.org_count = orgs_before;
			ok[i] = false;
			accepted--;
			row_rejected(im, &out[i]);
			continue;
		}
		if (store_commit(ctx->store) != STORE_OK) {
			result = SVC_ERROR;
			break;
		}
		for (size_t k = 0; k < parts[i].place_count; k++)
			project_place_add(&p, &parts[i].places[k]);
		for (size_t k = 0; k < parts[i].sector_count; k++)
			project_sector_add(&p, parts[i].sectors[k]);
	}
	if (result != SVC_OK || !accepted) {
		store_rollback(ctx->store);
		cache_forget_since(im, 0);
		goto done;
	}
	first = 0;
	while (!ok[first])
		first++;
	/* result rows, when the group has them, give every result (their
	 * REACHED cells only repeat one of them) */
	size_t result_rows = 0;
	for (size_t i = 0; i < n; i++)
		if (ok[i] && value(rows[i], IF_RESULT_INDICATOR))
			result_rows++;
	if (result_rows) {
		size_t have = written ? base.result_count : 0;
		Result *results = arena_zalloc(a, (have + result_rows) * sizeof *results);
		if (have)
			memcpy(results, base.results, have * sizeof *results);
		for (size_t i = 0; i < n; i++)
			if (ok[i] && value(rows[i], IF_RESULT_INDICATOR))
				results[have++] = parts[i].results[0];
		p.results = results;
		p.result_count = have;
	}

	Errors errs, warns;
	errors_clear(&errs);
	errors_clear(&warns);
	SvcStatus st;
	bool created = false;
	if (written || before) {
		p.id = before;
		st = svc_project_update(ctx, &p, &errs, &warns);
	} else {
		st = svc_project_create(ctx, &p, &errs, &warns);
		created = st == SVC_OK;
	}
	if (st == SVC_ERROR) {
		store_rollback(ctx->store);
		cache_forget_since(im, 0);
		result = SVC_ERROR;
		goto done;
	}
	if (st == SVC_FORBIDDEN)
		errors_add(&errs, "",
		           "you may not write this project (it belongs to an organization you do "
		           "not edit)",
		           NULL);
	else if (st == SVC_NOT_FOUND)
		errors_add(&errs, "", "the project this row was imported to before is gone", NULL);
	if (st == SVC_OK) {
		const char *list = written && digests && strlen(digests) < GROUP_DIGESTS_MAX * 17
		                       ? arena_printf(a, "%s,%s", digests, digest)
		                       : digest;
		if (store_import_key_put(ctx->store, im->source_id, key, "project", p.id, list) !=
		    STORE_OK) {
			store_rollback(ctx->store);
			cache_forget_since(im, 0);
			result = SVC_ERROR;
			goto done;
		}
	}
	if (st != SVC_OK || errs.count) {
		/* the project cannot be written: every row of it is rejected */
		store_rollback(ctx->store);
		cache_forget_since(im, 0);
		for (size_t i = 0; i < n; i++)
			if (ok[i]) {
				copy_errors(&out[i].errs, &errs, st == SVC_OK ? "project." : "");
				row_rejected(im, &out[i]);
			}
		goto done;
	}
	if (store_commit(ctx->store) != STORE_OK) {
		result = SVC_ERROR;
		goto done;
	}
	json_object_set_new(im->written, key, json_true());
	copy_errors(&out[first].warns, &warns, "project.");
	if (created)
		im->counts.projects_created++;
	else
		im->counts.projects_updated++;
	out[first].project_created = created;
	for (size_t i = 0; i < n; i++) {
		if (!ok[i])
			continue;
		out[i].project_id = p.id;
		out[i].outcome = out[i].warns.count ? ROW_WARNED : ROW_ACCEPTED;
		if (out[i].warns.count)
			im->counts.warned++;
		else
			im->counts.accepted++;
		if (plans[i].district)
			set_add(im->districts, plans[i].district->pcode);
		if (plans[i].province)
			set_add(im->provinces, plans[i].province->pcode);
	}
	im->counts.districts = (long long)json_object_size(im->districts);
	im->counts.provinces = (long long)json_object_size(im->provinces);
	im->since_commit += (long long)accepted;
	if (!im->dry_run && im->since_commit >= IMPORT_BATCH_ROWS) {
		im->since_commit = 0;
		if (store_commit(ctx->store) != STORE_OK || store_begin(ctx->store) != STORE_OK)
			result = SVC_ERROR;
	}
done:
	arena_free(ctx->arena);
	ctx->arena = unit_arena;
	return result;
}

SvcStatus svc_import_rows(Importer *im, const char *const *const rows[], size_t n,
                          ImportRowResult out[])
{
	if (n == 1)
		return svc_import_row(im, rows[0], out);
	return import_group(im, rows, n, out);
}

/* ---- IATI activities ---- */

/* Our sector for a DAC purpose code (5 digits) or category (3 digits),
 * from the DAC codes each sector lists ("cluster;72012|11220"). */
static const char *sector_of_dac(Ctx *ctx, const char *dac)
{
	const CodeList *sectors = &ctx->ref->sectors;
	size_t n = strlen(dac);
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < sectors->count; i++) {
			const char *list = strchr(sectors->items[i].extra, ';');
			list = list ? list + 1 : sectors->items[i].extra;
			for (const char *p = list; *p;) {
				size_t len = strcspn(p, "|");
				/* pass 0: the exact code; pass 1: a 3-digit category */
				if ((pass == 0 && len == n && strncmp(p, dac, n) == 0) ||
				    (pass == 1 && n == 3 && len == 5 && strncmp(p, dac, 3) == 0))
					return sectors->items[i].code;
				p += len;
				if (*p)
					p++;
			}
		}
	return NULL;
}

/* A digest of everything the activity says, to see it changed. */
static void activity_digest(const ImportActivity *a, char out[17])
{
	uint64_t h = 1469598103934665603ull;
	const char *parts[] = {a->identifier,      a->title_en,       a->title_prs,
	                       a->title_pus,       a->description_en, a->description_prs,
	                       a->description_pus, a->status,         a->start_date,
	                       a->end_date,        a->currency,       a->countries};
	for (size_t i = 0; i < sizeof parts / sizeof *parts; i++)
		hash_text(&h, parts[i]);
	char num[64];
	snprintf(num, sizeof num, "%.2f", a->has_budget ? a->budget : -1.0);
	hash_text(&h, num);
	for (size_t i = 0; i < a->org_count; i++) {
		hash_text(&h, a->orgs[i].name);
		hash_text(&h, a->orgs[i].ref);
		hash_text(&h, a->orgs[i].role);
	}
	for (size_t i = 0; i < a->dac_count; i++)
		hash_text(&h, a->dac_codes[i]);
	for (size_t i = 0; i < a->place_count; i++) {
		hash_text(&h, a->places[i].pcode);
		hash_text(&h, a->places[i].name);
	}
	for (size_t i = 0; i < a->result_count; i++) {
		snprintf(num, sizeof num, "%.2f|%lld|%lld", a->results[i].value,
		         a->results[i].female, a->results[i].male);
		hash_text(&h, a->results[i].title);
		hash_text(&h, num);
	}
	snprintf(out, 17, "%016llx", (unsigned long long)h);
}

/* Builds and writes the project, inside the activity's savepoint. */
static int write_activity(Importer *im, const ImportActivity *a, const char *key,
                          const char *digest, ImportRowResult *out)
{
	Ctx *ctx = im->ctx;
	Arena *ar = ctx->arena;
	Project p;
	memset(&p, 0, sizeof p);
	p.visibility = im->visibility;
	p.title_en = a->title_en;
	p.title_prs = a->title_prs;
	p.title_pus = a->title_pus;
	if (!p.title_en && !p.title_prs && !p.title_pus) {
		p.title_en = a->identifier ? a->identifier
		                           : arena_printf(ar, "IATI activity, %s line %zu",
		                                          im->source, a->line);
		errors_add(&out->warns, "title", "is missing; the iati-identifier is the title",
		           a->identifier);
	}
	p.description_en = a->description_en;
	p.description_prs = a->description_prs;
	p.description_pus = a->description_pus;
	p.status = a->status;
	p.start_date = a->start_date;
	p.end_date = a->end_date;
	p.source = im->source;
	p.has_budget = a->has_budget;
	p.budget = a->budget;
	p.currency = a->currency;
	if (p.currency && !codelist_find(&ctx->ref->currencies, p.currency)) {
		errors_add(&out->warns, "budget/value", "currency is not known; budget left out",
		           p.currency);
		p.has_budget = false;
		p.currency = NULL;
	}
	Buf note;
	buf_init(&note, TEXT_MAX_CHARS);
	buf_printf(&note, "IATI activity %s", a->identifier ? a->identifier : "without identifier");
	if (a->countries && strcmp(a->countries, "AF") != 0)
		buf_printf(&note, "; recipient countries: %s", a->countries);

	/* organizations in their roles */
	p.orgs = arena_zalloc(ar, (a->org_count ? a->org_count : 1) * sizeof *p.orgs);
	for (size_t i = 0; i < a->org_count; i++) {
		const ActivityOrg *o = &a->orgs[i];
		int64_t id = 0;
		bool created = false;
		const char *role = arena_printf(ar, "participating-org[%zu]", i + 1);
		/* an organization identifier given before is kept as an alias: the
		 * same ref finds it again whatever name the next file gives */
		int64_t by_ref = 0;
		OrgFoundBy by;
		if (o->ref && o->name &&
		    store_import_org_find(ctx->store, o->ref, NULL, &by_ref, &by) == STORE_OK) {
			Org seen;
			if (svc_org_get(ctx, by_ref, &seen) != SVC_OK)
				by_ref = 0;
		}
		int rc = by_ref ? STORE_OK
		                : svc_import_org_for_row(im, role, o->name ? o->name : o->ref, NULL, o->ref,
		                                         o->kind, im->visibility, im->source, &id, &created,
		                                         &out->errs, &out->warns);
		if (by_ref) {
			id = by_ref;
			created = false;
		}
		if (rc != STORE_OK) {
			buf_free(&note);
			return rc;
		}
		if (!id)
			continue;
		im->counts.orgs_created += created;
		im->counts.orgs_matched += !created;
		bool dup = false;
		for (size_t j = 0; j < p.org_count; j++)
			dup =
			    dup || (p.orgs[j].org_id == id && strcmp(p.orgs[j].role, o->role) == 0);
		if (!dup)
			p.orgs[p.org_count++] = (ProjectOrg){.org_id = id, .role = o->role};
	}
	if (out->errs.count) {
		buf_free(&note);
		return STORE_OK;
	}

	/* sectors: DAC codes to ours, the codes kept */
	p.sectors = arena_alloc(ar, (a->dac_count ? a->dac_count : 1) * sizeof *p.sectors);
	if (a->dac_count)
		buf_puts(&note, "; DAC sectors:");
	for (size_t i = 0; i < a->dac_count; i++) {
		buf_printf(&note, " %s", a->dac_codes[i]);
		const char *code = sector_of_dac(ctx, a->dac_codes[i]);
		if (!code) {
			errors_add(&out->warns, "sector",
			           "DAC code has no sector of ours; kept in the note",
			           a->dac_codes[i]);
			continue;
		}
		bool dup = false;
		for (size_t j = 0; j < p.sector_count; j++)
			dup = dup || strcmp(p.sectors[j], code) == 0;
		if (!dup)
			p.sectors[p.sector_count++] = code;
	}

	/* locations: a P-code, else the name resolved */
	p.places = arena_zalloc(ar, (a->place_count ? a->place_count : 1) * sizeof *p.places);
	for (size_t i = 0; i < a->place_count; i++) {
		const ActivityPlace *pl = &a->places[i];
		const Place *where = pl->pcode ? gaz_get(ctx->ref->gaz, pl->pcode) : NULL;
		if (!where && pl->name) {
			const char *pcode = NULL;
			Errors perr;
			errors_clear(&perr);
			validate_place(ctx->ref, "location", pl->name, NULL, &pcode, &perr,
			               &out->warns);
			where = pcode ? gaz_get(ctx->ref->gaz, pcode) : NULL;
		}
		if (!where) {
			errors_add(&out->warns, "location",
			           "is not a known place; left out (kept in the note)",
			           pl->pcode ? pl->pcode : pl->name);
			buf_printf(&note, "; location: %s", pl->pcode ? pl->pcode : pl->name);
			continue;
		}
		p.places[p.place_count++] =
		    (ProjectPlace){.place = where->pcode, .villages = NUM_UNKNOWN};
		if (where->level == PLACE_DISTRICT)
			set_add(im->districts, where->pcode);
		if (where->level != PLACE_COUNTRY)
			set_add(im->provinces, where->level == PLACE_DISTRICT ? where->parent_pcode
			                                                      : where->pcode);
	}

	/* results with their female and male figures */
	p.results = arena_zalloc(ar, (a->result_count ? a->result_count : 1) * sizeof *p.results);
	for (size_t i = 0; i < a->result_count; i++) {
		const ActivityResult *r = &a->results[i];
		Result *x = &p.results[p.result_count++];
		x->indicator = r->title ? r->title : "result";
		x->value = r->value;
		x->female = r->female;
		x->male = r->male;
		x->girls = x->boys = NUM_UNKNOWN;
		x->period_start = r->period_start;
		x->period_end = r->period_end;
		x->source = im->source;
	}
	p.note = arena_strdup(ar, buf_str(&note));
	buf_free(&note);

	int64_t before = 0;
	const char *old_digest = NULL;
	int rc = store_import_key_get(ctx->store, ar, im->source_id, key, &before, &old_digest);
	if (rc != STORE_OK && rc != STORE_NOT_FOUND)
		return rc;
	Errors errs, warns;
	errors_clear(&errs);
	errors_clear(&warns);
	SvcStatus st;
	if (before) {
		p.id = before;
		st = svc_project_update(ctx, &p, &errs, &warns);
		if (st == SVC_OK)
			im->counts.projects_updated++;
	} else {
		st = svc_project_create(ctx, &p, &errs, &warns);
		if (st == SVC_OK) {
			im->counts.projects_created++;
			out->project_created = true;
		}
	}
	if (st == SVC_ERROR)
		return STORE_ERROR;
	if (st == SVC_FORBIDDEN) {
		errors_add(&out->errs, "",
		           "you may not write this project (it belongs to an "
		           "organization you do not edit)",
		           NULL);
		return STORE_OK;
	}
	if (st == SVC_NOT_FOUND) {
		errors_add(&out->errs, "",
		           "the project this activity was imported to before is gone", NULL);
		return STORE_OK;
	}
	copy_errors(&out->errs, &errs, "project.");
	copy_errors(&out->warns, &warns, "project.");
	if (st != SVC_OK)
		return STORE_OK;
	out->project_id = p.id;
	return store_import_key_put(ctx->store, im->source_id, key, "project", p.id, digest);
}

SvcStatus svc_import_activity(Importer *im, const ImportActivity *act, const Errors *read_errs,
                              const Errors *read_warns, ImportRowResult *out)
{
	Ctx *ctx = im->ctx;
	memset(out, 0, sizeof *out);
	errors_clear(&out->errs);
	errors_clear(&out->warns);
	for (size_t i = 0; read_errs && i < read_errs->count; i++)
		errors_add(&out->errs, read_errs->items[i].field, read_errs->items[i].message,
		           read_errs->items[i].detail);
	for (size_t i = 0; read_warns && i < read_warns->count; i++)
		errors_add(&out->warns, read_warns->items[i].field, read_warns->items[i].message,
		           read_warns->items[i].detail);
	im->counts.rows++;
	Arena *unit_arena = ctx->arena;
	ctx->arena = arena_new();
	SvcStatus result = SVC_OK;
	if (out->errs.count)
		goto rejected;
	/* An activity without an identifier is keyed by where it stands in its
	 * source: the same file imported again finds it there. */
	const char *key = act->identifier ? arena_printf(ctx->arena, "iati|%s", act->identifier)
	                                  : arena_printf(ctx->arena, "iati-line|%zu", act->line);
	if (!act->identifier)
		errors_add(&out->warns, "iati-identifier",
		           "is empty: the activity is keyed by its line in this source",
		           arena_printf(ctx->arena, "%zu", act->line));
	char digest[17];
	activity_digest(act, digest);
	int64_t before_id = 0;
	const char *old = NULL;
	int rc = store_import_key_get(ctx->store, ctx->arena, im->source_id, key, &before_id, &old);
	if (rc != STORE_OK && rc != STORE_NOT_FOUND) {
		result = SVC_ERROR;
		goto done;
	}
	if (rc == STORE_OK && old && strcmp(old, digest) == 0) {
		out->outcome = ROW_UNCHANGED;
		out->project_id = before_id;
		im->counts.unchanged++;
		goto done;
	}
	json_array_clear(im->row_cache_keys);
	if (store_begin(ctx->store) != STORE_OK) {
		result = SVC_ERROR;
		goto done;
	}
	result = svc_import_settle(im, write_activity(im, act, key, digest, out), out);
	im->counts.districts = (long long)json_object_size(im->districts);
	im->counts.provinces = (long long)json_object_size(im->provinces);
	goto done;
rejected:
	row_rejected(im, out);
done:
	arena_free(ctx->arena);
	ctx->arena = unit_arena;
	return result;
}
