/*
 * svc_import_vocab.c — the words of an imported row resolved against the
 * registry and the reference lists: kinds of organization, sectors,
 * provinces and districts (to P-codes), and the organizations a row names,
 * found or made through svc_org_create and remembered in the importer's
 * cache for the run. Errors and warnings go to the row's lists; nothing
 * here opens or ends a savepoint (the row's writer does, see
 * svc_import_project.c). No file I/O and no SQL here.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/mem.h"
#include "core/validate.h"
#include "store/store_import.h"
#include "svc/svc_import_int.h"

/* ---- vocabularies ---- */

/* A kind of organization from words ("National NGO", "United Nations",
 * "ngo_national"); NULL when unknown. *guessed when it is a guess. */
const char *svc_import_org_kind(Ctx *ctx, const char *text, bool *guessed)
{
	static const struct {
		const char *folded;
		const char *code;
		bool guess;
	} SYNONYMS[] = {
	    {"united nations", "un_agency", false},
	    {"un", "un_agency", false},
	    {"un agency", "un_agency", false},
	    {"nngo", "ngo_national", false},
	    {"national ngo", "ngo_national", false},
	    {"ingo", "ngo_international", false},
	    {"international ngo", "ngo_international", false},
	    {"red cross red crescent", "red_cross", false},
	    {"rcrc", "red_cross", false},
	    {"government", "ministry", true},
	    {"ngo", "other", true},
	    {"pooled fund", "other", true},
	    {"private organization foundation", "foundation", true},
	};
	*guessed = false;
	const CodeList *kinds = &ctx->ref->org_kinds;
	if (codelist_find(kinds, text))
		return codelist_find(kinds, text)->code;
	const char *f = svc_import_folded(ctx->arena, text);
	for (size_t i = 0; i < kinds->count; i++)
		if (strcmp(svc_import_folded(ctx->arena, kinds->items[i].name_en), f) == 0)
			return kinds->items[i].code;
	for (size_t i = 0; i < sizeof SYNONYMS / sizeof *SYNONYMS; i++)
		if (strcmp(SYNONYMS[i].folded, f) == 0) {
			*guessed = SYNONYMS[i].guess;
			return SYNONYMS[i].code;
		}
	return NULL;
}

/* A sector code from a code or a name as clusters write them ("EiE_OP",
 * "Operational Presence: Health", "Food Security", "WSH"); NULL if none. */
static const char *sector_of(Ctx *ctx, const char *text)
{
	static const struct {
		const char *folded;
		const char *code;
	} SYNONYMS[] = {
	    {"education", "EiE"},
	    {"edu", "EiE"},
	    {"emergency shelter and nfi", "ESNFI"},
	    {"emergency shelter non food items", "ESNFI"},
	    {"shelter", "ESNFI"},
	    {"shl", "ESNFI"},
	    {"food security", "FSAC"},
	    {"food security agriculture", "FSAC"},
	    {"fsc", "FSAC"},
	    {"hea", "HEALTH"},
	    {"nut", "NUTRITION"},
	    {"pro", "PROTECTION"},
	    {"water sanitation hygiene", "WASH"},
	    {"wsh", "WASH"},
	    {"pro cpn", "CP"},
	    {"pro gbv", "GBV"},
	    {"pro hlp", "HLP"},
	    {"pro min", "MA"},
	    {"coordination and support services", "COORDINATION"},
	};
	const CodeList *sectors = &ctx->ref->sectors;
	const char *f = svc_import_folded(ctx->arena, text);
	/* "Operational Presence: X" and "X_OP" name the cluster X */
	static const char PREFIX[] = "operational presence ";
	static const char PREFIX_TYPO[] = "operatioanl presence ";
	if (strncmp(f, PREFIX, sizeof PREFIX - 1) == 0)
		f += sizeof PREFIX - 1;
	else if (strncmp(f, PREFIX_TYPO, sizeof PREFIX_TYPO - 1) == 0)
		f += sizeof PREFIX_TYPO - 1;
	size_t n = strlen(f);
	if (n > 3 && (strcmp(f + n - 3, " op") == 0 || strcmp(f + n - 3, "_op") == 0))
		f = arena_strndup(ctx->arena, f, n - 3);
	for (size_t i = 0; i < sectors->count; i++) {
		const Code *c = &sectors->items[i];
		if (strcmp(svc_import_folded(ctx->arena, c->code), f) == 0 ||
		    strcmp(svc_import_folded(ctx->arena, c->name_en), f) == 0)
			return c->code;
	}
	for (size_t i = 0; i < sizeof SYNONYMS / sizeof *SYNONYMS; i++)
		if (strcmp(SYNONYMS[i].folded, f) == 0)
			return SYNONYMS[i].code;
	return NULL;
}

/* Splits a list of sectors ("Gender Based Violence,Protection") and adds
 * each code found once to codes[]; unknown ones become warnings. A name
 * with a comma of its own ("Housing, Land and Property") is tried whole
 * first. */
void svc_import_sectors(Ctx *ctx, const char *text, const char *field, const char **codes,
                        size_t *count, size_t max, Errors *warns, bool *any_unknown)
{
	const char *whole = sector_of(ctx, text);
	if (whole) {
		for (size_t i = 0; i < *count; i++)
			if (strcmp(codes[i], whole) == 0)
				return;
		if (*count < max)
			codes[(*count)++] = whole;
		return;
	}
	char *copy = arena_strdup(ctx->arena, text);
	char *save = NULL;
	/* Rejoin pieces that only make a name together ("Housing" + " Land and Property"). */
	const char *pending = NULL;
	for (char *tok = strtok_r(copy, ",;|", &save); tok; tok = strtok_r(NULL, ",;|", &save)) {
		const char *piece = svc_import_trimmed(ctx->arena, tok);
		if (!piece)
			continue;
		if (pending)
			piece = arena_printf(ctx->arena, "%s, %s", pending, piece);
		const char *code = sector_of(ctx, piece);
		if (!code && !pending) {
			pending = piece;
			continue;
		}
		if (!code) {
			/* neither alone nor joined: the pending piece is unknown */
			*any_unknown = true;
			errors_add(warns, field,
			           "is not a known sector; left out (kept in the note)", pending);
			pending = NULL;
			code = sector_of(ctx, svc_import_trimmed(ctx->arena, tok));
			if (!code) {
				pending = svc_import_trimmed(ctx->arena, tok);
				continue;
			}
		}
		pending = NULL;
		bool seen = false;
		for (size_t i = 0; i < *count; i++)
			seen = seen || strcmp(codes[i], code) == 0;
		if (!seen && *count < max)
			codes[(*count)++] = code;
	}
	if (pending) {
		*any_unknown = true;
		errors_add(warns, field, "is not a known sector; left out (kept in the note)",
		           pending);
	}
}

/* ---- places ---- */

/* Resolves the province of a row from its code and/or name. */
const Place *svc_import_province(Ctx *ctx, const char *code, const char *name, Errors *errs,
                                 Errors *warns)
{
	const Gazetteer *g = ctx->ref->gaz;
	const Place *by_code = NULL, *by_name = NULL;
	if (code) {
		by_code = gaz_get(g, code);
		if (!by_code || by_code->level != PLACE_PROVINCE) {
			errors_add(errs, "adm1.code", "is not a province P-code", code);
			by_code = NULL;
		}
	}
	if (name) {
		const char *pcode = NULL;
		Errors name_errs, name_warns;
		errors_clear(&name_errs);
		errors_clear(&name_warns);
		/* A province column names a province: when a name is shared with a
		 * district elsewhere ("Khost": the province AF14 and Khost Wa Fereng
		 * in Baghlan), the one province among the candidates is meant. */
		PlaceResult r;
		place_resolve(g, name, NULL, &r);
		const Place *only = NULL;
		int provinces = 0;
		for (size_t i = 0; r.outcome == PLACE_AMBIGUOUS && i < r.candidate_count; i++)
			if (r.candidates[i].place->level == PLACE_PROVINCE) {
				only = r.candidates[i].place;
				provinces++;
			}
		if (provinces == 1)
			pcode = only->pcode;
		else
			validate_place(ctx->ref, "adm1.name", name, NULL, &pcode, &name_errs,
			               &name_warns);
		const Place *p = pcode ? gaz_get(g, pcode) : NULL;
		if (p && p->level == PLACE_DISTRICT && !by_code) {
			/* a district's name in the province column: its province is meant */
			p = gaz_get(g, p->parent_pcode);
		}
		by_name = p;
		if (!by_code) {
			for (size_t i = 0; i < name_errs.count; i++)
				errors_add(errs, name_errs.items[i].field,
				           name_errs.items[i].message, name_errs.items[i].detail);
			for (size_t i = 0; i < name_warns.count; i++)
				errors_add(warns, name_warns.items[i].field,
				           name_warns.items[i].message, name_warns.items[i].detail);
		}
	}
	if (by_code && by_name && by_code != by_name) {
		Buf d;
		buf_init(&d, 255);
		buf_printf(&d, "%s is %s, but the name says %s (%s); the code is used",
		           by_code->pcode, by_code->name_en, name, by_name->pcode);
		errors_add(warns, "adm1.name", "does not match the province code", buf_str(&d));
		buf_free(&d);
	}
	return by_code ? by_code : by_name;
}

/* Resolves the district of a row within its province. */
const Place *svc_import_district(Ctx *ctx, const char *code, const char *name,
                                 const Place *province, Errors *errs, Errors *warns)
{
	const Gazetteer *g = ctx->ref->gaz;
	const Place *by_code = NULL, *by_name = NULL;
	if (code) {
		by_code = gaz_get(g, code);
		if (!by_code || by_code->level != PLACE_DISTRICT) {
			errors_add(errs, "adm2.code", "is not a district P-code", code);
			by_code = NULL;
		} else if (province && !gaz_within(g, by_code, province)) {
			Buf d;
			buf_init(&d, 255);
			buf_printf(&d, "%s %s is in %s, not in %s %s", by_code->pcode,
			           by_code->name_en, by_code->parent_pcode, province->pcode,
			           province->name_en);
			errors_add(errs, "adm2.code", "is not in the row's province", buf_str(&d));
			buf_free(&d);
			by_code = NULL;
		}
	}
	if (name) {
		const char *pcode = NULL;
		Errors name_errs, name_warns;
		errors_clear(&name_errs);
		errors_clear(&name_warns);
		validate_place(ctx->ref, "adm2.name", name, province ? province->pcode : NULL,
		               &pcode, &name_errs, &name_warns);
		by_name = pcode ? gaz_get(g, pcode) : NULL;
		if (by_name && by_name->level != PLACE_DISTRICT)
			by_name = NULL;
		if (!by_code && !code) {
			for (size_t i = 0; i < name_errs.count; i++)
				errors_add(errs, name_errs.items[i].field,
				           name_errs.items[i].message, name_errs.items[i].detail);
			for (size_t i = 0; i < name_warns.count; i++)
				errors_add(warns, name_warns.items[i].field,
				           name_warns.items[i].message, name_warns.items[i].detail);
			if (!by_name && pcode)
				errors_add(errs, "adm2.name", "is not a district", name);
		}
	}
	if (by_code && name && by_name != by_code) {
		Buf d;
		buf_init(&d, 255);
		buf_printf(&d, "%s is %s, but the name says %s", by_code->pcode, by_code->name_en,
		           name);
		if (by_name)
			buf_printf(&d, " (%s)", by_name->pcode);
		buf_puts(&d, "; the code is used");
		errors_add(warns, "adm2.name", "does not match the district code", buf_str(&d));
		buf_free(&d);
	}
	return by_code ? by_code : by_name;
}

/* ---- organizations ---- */

void svc_import_cache_put(Importer *im, const char *key, int64_t id)
{
	json_object_set_new(im->orgs, key, json_integer(id));
	json_array_append_new(im->row_cache_keys, json_string(key));
}

/* The registry organization a row names, found or made. *created says
 * which. Errors go to errs under `role` ("org", "donor"). */
int svc_import_org_for_row(Importer *im, const char *role, const char *name, const char *acronym,
                           const char *alias, const char *kind_text, Visibility visibility,
                           const char *source, int64_t *id, bool *created, Errors *errs,
                           Errors *warns)
{
	Ctx *ctx = im->ctx;
	*id = 0;
	*created = false;
	const char *name_key =
	    name ? arena_printf(ctx->arena, "n:%s", svc_import_folded(ctx->arena, name)) : NULL;
	const char *acr_key =
	    acronym ? arena_printf(ctx->arena, "a:%s", svc_import_folded(ctx->arena, acronym)) : NULL;
	json_t *hit = name_key ? json_object_get(im->orgs, name_key) : NULL;
	if (!hit && !name && acr_key)
		hit = json_object_get(im->orgs, acr_key);
	if (hit) {
		*id = json_integer_value(hit);
		return STORE_OK;
	}
	int64_t found = 0;
	OrgFoundBy by;
	int rc = store_import_org_find(ctx->store, name, acronym, &found, &by);
	if (rc == STORE_ERROR)
		return rc;
	if (rc == STORE_OK) {
		/* the actor must see it; one it does not see is as good as absent */
		Org seen;
		SvcStatus st = svc_org_get(ctx, found, &seen);
		if (st == SVC_ERROR)
			return STORE_ERROR;
		if (st == SVC_OK) {
			if (by == ORG_FOUND_ACRONYM && name) {
				Buf d;
				buf_init(&d, 255);
				buf_printf(&d, "%s (%s) → %s, registry #%lld", name, acronym,
				           seen.name_en, (long long)found);
				errors_add(warns, arena_printf(ctx->arena, "%s.name", role),
				           "organization matched by its acronym only", buf_str(&d));
				buf_free(&d);
			}
			*id = found;
			if (name_key)
				svc_import_cache_put(im, name_key, found);
			if (acr_key && !name)
				svc_import_cache_put(im, acr_key, found);
			return STORE_OK;
		}
	}
	if (!name) {
		/* a new organization known by its acronym alone is named by it */
		name = acronym;
		name_key = arena_printf(ctx->arena, "n:%s", svc_import_folded(ctx->arena, name));
		errors_add(warns, arena_printf(ctx->arena, "%s.name", role),
		           "not given; the new organization is named by its acronym", acronym);
	}
	Org o;
	memset(&o, 0, sizeof o);
	o.staff_total = NUM_UNKNOWN;
	o.staff_female = NUM_UNKNOWN;
	o.women_led = NUM_UNKNOWN;
	o.name_en = name;
	o.acronym = acronym;
	if (alias && strcmp(alias, name) != 0) {
		o.aliases = arena_alloc(ctx->arena, sizeof *o.aliases);
		o.aliases[0] = alias;
		o.alias_count = 1;
	}
	o.visibility = visibility;
	o.source = source;
	bool guessed = false;
	o.kind = kind_text ? svc_import_org_kind(ctx, kind_text, &guessed) : NULL;
	const char *kind_field = arena_printf(ctx->arena, "%s.kind", role);
	if (!o.kind) {
		o.kind = "other";
		errors_add(warns, kind_field,
		           kind_text ? "is not a known kind of organization; recorded as other"
		                     : "not given; the new organization is recorded as other",
		           kind_text);
	} else if (guessed) {
		errors_add(warns, kind_field, "kind of organization guessed",
		           arena_printf(ctx->arena, "%s → %s", kind_text, o.kind));
	}
	Errors org_errs, org_warns;
	errors_clear(&org_errs);
	errors_clear(&org_warns);
	SvcStatus st = svc_org_create(ctx, &o, &org_errs, &org_warns);
	if (st == SVC_ERROR)
		return STORE_ERROR;
	if (st == SVC_FORBIDDEN) {
		errors_add(errs, arena_printf(ctx->arena, "%s.name", role),
		           "is not in the registry, and you may not add organizations", name);
		return STORE_OK;
	}
	for (size_t i = 0; i < org_errs.count; i++)
		errors_add(errs, arena_printf(ctx->arena, "%s.%s", role, org_errs.items[i].field),
		           org_errs.items[i].message, org_errs.items[i].detail);
	if (st != SVC_OK)
		return STORE_OK;
	*id = o.id;
	*created = true;
	svc_import_cache_put(im, name_key, o.id);
	return STORE_OK;
}
