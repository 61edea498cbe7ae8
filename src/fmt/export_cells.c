/*
 * export_cells.c — format names, and the cells of exported tables (see
 * export.h and export_cells.h). Every figure is written as it is stored:
 * dates keep their precision ("2024-03"), an unknown number is an empty
 * cell, never 0.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "fmt/export_cells.h"

static const char *const FORMATS[] = {"csv", "hxl", "xlsx", "json", "iati"};
static const char *const KINDS[] = {"projects", "orgs", "all"};

bool export_format_parse(const char *text, ExportFormat *out)
{
	for (size_t i = 0; text && i < sizeof FORMATS / sizeof *FORMATS; i++)
		if (strcmp(text, FORMATS[i]) == 0) {
			*out = (ExportFormat)i;
			return true;
		}
	return false;
}

const char *export_format_name(ExportFormat f)
{
	return (size_t)f < sizeof FORMATS / sizeof *FORMATS ? FORMATS[f] : "csv";
}

bool export_kind_parse(const char *text, ExportKind *out)
{
	for (size_t i = 0; text && i < sizeof KINDS / sizeof *KINDS; i++)
		if (strcmp(text, KINDS[i]) == 0) {
			*out = (ExportKind)i;
			return true;
		}
	return false;
}

const char *export_kind_name(ExportKind k)
{
	return (size_t)k < sizeof KINDS / sizeof *KINDS ? KINDS[k] : "projects";
}

const char *export_content_type(ExportFormat f)
{
	switch (f) {
	case EXPORT_CSV:
	case EXPORT_HXL: return "text/csv; charset=utf-8";
	case EXPORT_XLSX: return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
	case EXPORT_JSON: return "application/json";
	case EXPORT_IATI: return "application/xml; charset=utf-8";
	}
	return "application/octet-stream";
}

const char *export_extension(ExportFormat f)
{
	switch (f) {
	case EXPORT_CSV: return "csv";
	case EXPORT_HXL: return "hxl.csv";
	case EXPORT_XLSX: return "xlsx";
	case EXPORT_JSON: return "json";
	case EXPORT_IATI: return "iati.xml";
	}
	return "bin";
}

const Org *export_org(const ExportSet *set, int64_t id)
{
	for (size_t i = 0; i < set->known_org_count; i++)
		if (set->known_orgs[i]->id == id)
			return set->known_orgs[i];
	for (size_t i = 0; i < set->org_count; i++)
		if (set->orgs[i].id == id)
			return &set->orgs[i];
	return NULL;
}

void export_place_levels(const RefData *ref, const char *pcode, const Place **province,
			 const Place **district)
{
	*province = *district = NULL;
	const Place *p = pcode ? gaz_get(ref->gaz, pcode) : NULL;
	if (!p)
		return;
	if (p->level == PLACE_DISTRICT) {
		*district = p;
		*province = gaz_get(ref->gaz, p->parent_pcode);
	} else if (p->level == PLACE_PROVINCE) {
		*province = p;
	}
}

const Result *export_reached(const Project *p)
{
	for (size_t i = 0; i < p->result_count; i++)
		if (p->results[i].indicator && strcasecmp(p->results[i].indicator, HXL_REACHED_INDICATOR) == 0)
			return &p->results[i];
	return NULL;
}

static const char *num(Arena *a, long long v)
{
	return v == NUM_UNKNOWN ? "" : arena_printf(a, "%lld", v);
}

static const char *real(Arena *a, double v)
{
	char text[64];
	snprintf(text, sizeof text, "%.15g", v);
	return arena_strdup(a, text);
}

static const char *or_empty(const char *s)
{
	return s ? s : "";
}

static const char *code_en(const CodeList *l, const char *code)
{
	const Code *c = code ? codelist_find(l, code) : NULL;
	return c ? c->name_en : or_empty(code);
}

/* The organizations of one role, one value each, joined. */
static const char *role_cell(Arena *a, const RefData *ref, const ExportSet *set, const Project *p,
			     const char *role, HxlField field)
{
	Buf b;
	buf_init(&b, 0);
	bool first = true;
	for (size_t i = 0; i < p->org_count; i++) {
		const ProjectOrg *po = &p->orgs[i];
		if (!po->role || strcmp(po->role, role) != 0)
			continue;
		const Org *o = export_org(set, po->org_id);
		const char *v = "";
		switch (field) {
		case HXL_PROJECT_IMPL_ID:
		case HXL_PROJECT_DONOR_ID: v = arena_printf(a, "%lld", (long long)po->org_id); break;
		case HXL_PROJECT_IMPL_NAME:
		case HXL_PROJECT_DONOR_NAME: v = o ? o->name_en : or_empty(po->org_name); break;
		case HXL_PROJECT_IMPL_ACRONYM: v = o ? or_empty(o->acronym) : ""; break;
		case HXL_PROJECT_IMPL_TYPE_CODE:
		case HXL_PROJECT_DONOR_TYPE_CODE: v = o ? or_empty(o->kind) : ""; break;
		case HXL_PROJECT_IMPL_TYPE: v = o ? code_en(&ref->org_kinds, o->kind) : ""; break;
		default: break;
		}
		if (!first)
			buf_puts(&b, HXL_LIST_SEPARATOR);
		buf_puts(&b, v);
		first = false;
	}
	const char *s = arena_strdup(a, buf_str(&b));
	buf_free(&b);
	return s;
}

const char *export_project_cell(Arena *a, const RefData *ref, const ExportSet *set,
				const Project *p, const ProjectPlace *place, const char *sector,
				const Result *result, HxlField field)
{
	const Place *province, *district;
	export_place_levels(ref, place ? place->pcode : NULL, &province, &district);
	const Result *reached = export_reached(p);
	switch (field) {
	case HXL_PROJECT_ID: return arena_printf(a, "%lld", (long long)p->id);
	case HXL_PROJECT_TITLE_EN: return or_empty(p->title_en);
	case HXL_PROJECT_TITLE_PRS: return or_empty(p->title_prs);
	case HXL_PROJECT_TITLE_PUS: return or_empty(p->title_pus);
	case HXL_PROJECT_DESCRIPTION_EN: return or_empty(p->description_en);
	case HXL_PROJECT_DESCRIPTION_PRS: return or_empty(p->description_prs);
	case HXL_PROJECT_DESCRIPTION_PUS: return or_empty(p->description_pus);
	case HXL_PROJECT_STATUS: return or_empty(p->status);
	case HXL_PROJECT_START: return or_empty(p->start_date);
	case HXL_PROJECT_END: return or_empty(p->end_date);
	case HXL_PROJECT_IMPL_ID:
	case HXL_PROJECT_IMPL_NAME:
	case HXL_PROJECT_IMPL_ACRONYM:
	case HXL_PROJECT_IMPL_TYPE_CODE:
	case HXL_PROJECT_IMPL_TYPE: return role_cell(a, ref, set, p, "implementing", field);
	case HXL_PROJECT_DONOR_ID:
	case HXL_PROJECT_DONOR_NAME:
	case HXL_PROJECT_DONOR_TYPE_CODE: return role_cell(a, ref, set, p, "funding", field);
	case HXL_PROJECT_ADM1_CODE: return province ? province->pcode : "";
	case HXL_PROJECT_ADM1_NAME: return province ? province->name_en : "";
	case HXL_PROJECT_ADM1_NAME_PRS: return province ? province->name_prs : "";
	case HXL_PROJECT_ADM2_CODE: return district ? district->pcode : "";
	case HXL_PROJECT_ADM2_NAME: return district ? district->name_en : "";
	case HXL_PROJECT_ADM2_NAME_PRS: return district ? district->name_prs : "";
	case HXL_PROJECT_VILLAGES: return place ? num(a, place->villages) : "";
	case HXL_PROJECT_SECTOR_CODE: return or_empty(sector);
	case HXL_PROJECT_SECTOR_NAME: return sector ? code_en(&ref->sectors, sector) : "";
	case HXL_PROJECT_BUDGET: return p->has_budget ? real(a, p->budget) : "";
	case HXL_PROJECT_CURRENCY: return p->has_budget ? or_empty(p->currency) : "";
	case HXL_PROJECT_REACHED_F: return reached ? num(a, reached->female) : "";
	case HXL_PROJECT_REACHED_M: return reached ? num(a, reached->male) : "";
	case HXL_PROJECT_REACHED_TOTAL: return reached ? real(a, reached->value) : "";
	case HXL_PROJECT_RESULT_INDICATOR: return result ? or_empty(result->indicator) : "";
	case HXL_PROJECT_RESULT_VALUE: return result ? real(a, result->value) : "";
	case HXL_PROJECT_RESULT_QUALIFIER: return result ? or_empty(result->qualifier) : "";
	case HXL_PROJECT_RESULT_UNIT: return result ? or_empty(result->unit) : "";
	case HXL_PROJECT_RESULT_FEMALE: return result ? num(a, result->female) : "";
	case HXL_PROJECT_RESULT_MALE: return result ? num(a, result->male) : "";
	case HXL_PROJECT_RESULT_GIRLS: return result ? num(a, result->girls) : "";
	case HXL_PROJECT_RESULT_BOYS: return result ? num(a, result->boys) : "";
	case HXL_PROJECT_RESULT_START: return result ? or_empty(result->period_start) : "";
	case HXL_PROJECT_RESULT_END: return result ? or_empty(result->period_end) : "";
	case HXL_PROJECT_RESULT_SOURCE: return result ? or_empty(result->source) : "";
	case HXL_PROJECT_RESULT_NOTE: return result ? or_empty(result->note) : "";
	case HXL_PROJECT_VISIBILITY: return visibility_name(p->visibility);
	case HXL_PROJECT_SOURCE: return or_empty(p->source);
	default: return "";
	}
}

const char *export_org_cell(Arena *a, const RefData *ref, const ExportSet *set, const Org *o,
			    HxlField field)
{
	const OrgOffice *main_office = NULL;
	for (size_t i = 0; i < o->office_count; i++)
		if (o->offices[i].is_main)
			main_office = &o->offices[i];
	const Place *province = NULL, *district = NULL;
	if (main_office)
		export_place_levels(ref, main_office->pcode, &province, &district);
	Buf b;
	buf_init(&b, 0);
	const char *s = "";
	switch (field) {
	case HXL_ORG_ID: s = arena_printf(a, "%lld", (long long)o->id); break;
	case HXL_ORG_NAME_EN: s = or_empty(o->name_en); break;
	case HXL_ORG_NAME_PRS: s = or_empty(o->name_prs); break;
	case HXL_ORG_NAME_PUS: s = or_empty(o->name_pus); break;
	case HXL_ORG_ACRONYM: s = or_empty(o->acronym); break;
	case HXL_ORG_ALIASES:
		for (size_t i = 0; i < o->alias_count; i++)
			buf_printf(&b, "%s%s", i ? HXL_LIST_SEPARATOR : "", or_empty(o->aliases[i]));
		s = arena_strdup(a, buf_str(&b));
		break;
	case HXL_ORG_REG_NUMBER: s = or_empty(o->reg_number); break;
	case HXL_ORG_REG_AUTHORITY: {
		const Org *by = o->reg_authority_id ? export_org(set, o->reg_authority_id) : NULL;
		s = by ? or_empty(by->name_en) : "";
		break;
	}
	case HXL_ORG_REG_DATE: s = or_empty(o->reg_date); break;
	case HXL_ORG_TIN: s = or_empty(o->tin); break;
	case HXL_ORG_TYPE_CODE: s = or_empty(o->kind); break;
	case HXL_ORG_TYPE: s = code_en(&ref->org_kinds, o->kind); break;
	case HXL_ORG_STATUS: s = or_empty(o->status); break;
	case HXL_ORG_HQ_ADM1_CODE: s = province ? province->pcode : ""; break;
	case HXL_ORG_HQ_ADM1_NAME: s = province ? province->name_en : ""; break;
	case HXL_ORG_OFFICE_CODES:
		/* the head office first, so that a reader knows it again */
		if (main_office)
			buf_puts(&b, or_empty(main_office->pcode));
		for (size_t i = 0; i < o->office_count; i++)
			if (&o->offices[i] != main_office)
				buf_printf(&b, "%s%s", b.used ? HXL_LIST_SEPARATOR : "",
					   or_empty(o->offices[i].pcode));
		s = arena_strdup(a, buf_str(&b));
		break;
	case HXL_ORG_SECTOR_CODES:
	case HXL_ORG_SECTOR_NAMES:
		for (size_t i = 0; i < o->sector_count; i++)
			buf_printf(&b, "%s%s", i ? HXL_LIST_SEPARATOR : "",
				   field == HXL_ORG_SECTOR_CODES ? o->sectors[i]
								 : code_en(&ref->sectors, o->sectors[i]));
		s = arena_strdup(a, buf_str(&b));
		break;
	case HXL_ORG_WEBSITE: s = or_empty(o->website); break;
	case HXL_ORG_DESCRIPTION: s = or_empty(o->description); break;
	case HXL_ORG_STAFF_TOTAL: s = num(a, o->staff_total); break;
	case HXL_ORG_STAFF_FEMALE: s = num(a, o->staff_female); break;
	case HXL_ORG_WOMEN_LED: s = o->women_led == 1 ? "yes" : o->women_led == 0 ? "no" : ""; break;
	case HXL_ORG_PARENT_ID:
	case HXL_ORG_PARENT_NAME: {
		/* only a parent the reader sees, gathered beside the organizations */
		const Org *parent = o->parent_id ? export_org(set, o->parent_id) : NULL;
		if (parent)
			s = field == HXL_ORG_PARENT_ID ? arena_printf(a, "%lld", (long long)parent->id)
						       : or_empty(parent->name_en);
		break;
	}
	case HXL_ORG_VISIBILITY: s = visibility_name(o->visibility); break;
	case HXL_ORG_SOURCE: s = or_empty(o->source); break;
	default: break;
	}
	buf_free(&b);
	return s;
}

bool export_text(const ExportSet *set, const RefData *ref, ExportFormat format,
		 const ExportMeta *meta, Arena *a, Buf *out)
{
	switch (format) {
	case EXPORT_CSV: return export_csv(set, ref, meta->kind, false, out);
	case EXPORT_HXL: return export_csv(set, ref, meta->kind, true, out);
	case EXPORT_JSON: return export_json(set, ref, meta, out);
	case EXPORT_IATI: return export_iati(set, ref, meta, a, out);
	case EXPORT_XLSX: break;
	}
	return false;
}
