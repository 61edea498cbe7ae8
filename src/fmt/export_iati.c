/*
 * export_iati.c — projects as IATI 2.03 activities (iati-activities
 * schema), written with libxml2's xmlTextWriter, which escapes every
 * text and attribute value.
 *
 * How the registry's facts become IATI elements:
 *   - iati-identifier: the reporter's reference, "-HH-", the project id;
 *     reporting-org is the registry itself (type 90, "Other").
 *   - titles and descriptions: one narrative per language, xml:lang
 *     "en", "fa" (Dari) and "ps" (Pashto).
 *   - participating-org: funding 1, intermediary 3 (extending),
 *     implementing 4; the type from the organization's kind (KIND_TYPES).
 *   - activity-status: planned 1, ongoing 2, completed 4, cancelled 5.
 *   - activity-date: a start is actual (2) once the project has begun
 *     (ongoing, completed), planned (1) before; an end is actual (4) for
 *     a completed project, planned (3) otherwise. IATI wants a whole date:
 *     a date known to the month or year becomes the first day (a start)
 *     or the last day (an end) of that period, and the date as known is
 *     kept in the element's narrative.
 *   - recipient-country AF; a location per place, ref = its OCHA P-code,
 *     with its English and Dari names, the P-code again in its
 *     description, and the country as administrative (vocabulary A4).
 *   - sector: our own code (vocabulary 99) and the DAC 5-digit purpose
 *     code (vocabulary 1). The DAC code is the first of the sector's
 *     dac_codes in data/sectors.csv, which lists the main purpose code
 *     first (WASH 14030 ... ; Protection 72010, humanitarian protection).
 *     Percentages are split evenly within each vocabulary.
 *   - budget: the whole budget over the project's dates (type 1 original,
 *     status 1 indicative), when both dates and the budget are known.
 *   - result (type 1, output) per figure: an indicator with its unit
 *     (measure 2 for a percentage, else 1), a period from the figure's
 *     dates (else the project's), actual values: the total, then female
 *     and male (dimension sex), then girls and boys (sex and age).
 *
 * IATI requires an activity date, a description and a participating
 * organization: a project with neither a start nor an end date, or with
 * no organization the reader sees, is left out, and a comment at the top
 * of the file says how many were; a project without a description says
 * "No description recorded."
 *
 * Nothing changes with the clock (no generated-datetime): the same records
 * give the same bytes. No I/O.
 */
#include <stdio.h>
#include <string.h>

#include <libxml/xmlwriter.h>

#include "core/pdate.h"
#include "fmt/export_cells.h"

/* IATI OrganisationType codes for our organization kinds; others are 90. */
static const struct {
	const char *kind;
	const char *type;
} KIND_TYPES[] = {
	{"academic", "80"},          {"donor_government", "10"}, {"foundation", "60"},
	{"ministry", "10"},          {"provincial_department", "11"},
	{"ngo_international", "21"}, {"ngo_national", "22"},     {"cso", "22"},
	{"un_agency", "40"},         {"private", "70"},
};

static const char *iati_org_type(const char *kind)
{
	for (size_t i = 0; kind && i < sizeof KIND_TYPES / sizeof *KIND_TYPES; i++)
		if (strcmp(KIND_TYPES[i].kind, kind) == 0)
			return KIND_TYPES[i].type;
	return "90";
}

typedef struct Writer {
	xmlTextWriterPtr w;
	Arena *a;
	const RefData *ref;
	const ExportSet *set;
	const char *reporter;
} Writer;

#define X(s) ((const xmlChar *)(s))

static void start(Writer *w, const char *name)
{
	xmlTextWriterStartElement(w->w, X(name));
}

static void end(Writer *w)
{
	xmlTextWriterEndElement(w->w);
}

static void attr(Writer *w, const char *name, const char *value)
{
	xmlTextWriterWriteAttribute(w->w, X(name), X(value));
}

static void narrative(Writer *w, const char *text, const char *lang)
{
	if (!text || !*text)
		return;
	start(w, "narrative");
	if (lang)
		xmlTextWriterWriteAttributeNS(w->w, X("xml"), X("lang"), NULL, X(lang));
	xmlTextWriterWriteString(w->w, X(text));
	end(w);
}

/* An element holding one narrative per language given; nothing when none. */
static void texts(Writer *w, const char *element, const char *en, const char *prs, const char *pus)
{
	if (!(en && *en) && !(prs && *prs) && !(pus && *pus))
		return;
	start(w, element);
	narrative(w, en, NULL); /* the activity's default language is English */
	narrative(w, prs, "fa");
	narrative(w, pus, "ps");
	end(w);
}

/* The ISO day a partial date means at its start or end; false when it
 * does not parse. */
static bool whole_date(const char *text, bool at_end, char out[11], DatePrecision *precision)
{
	PDate d;
	if (!text || !pdate_parse(text, &d))
		return false;
	int y, m, day;
	civil_from_days(at_end ? pdate_last_day(&d) : pdate_first_day(&d), &y, &m, &day);
	snprintf(out, 11, "%04d-%02d-%02d", y, m, day);
	*precision = d.precision;
	return true;
}

static void activity_date(Writer *w, const char *text, bool is_end, bool actual)
{
	char iso[11];
	DatePrecision precision;
	if (!whole_date(text, is_end, iso, &precision))
		return;
	start(w, "activity-date");
	attr(w, "type", is_end ? (actual ? "4" : "3") : (actual ? "2" : "1"));
	attr(w, "iso-date", iso);
	if (precision != DATE_DAY)
		narrative(w, arena_printf(w->a, "%s known to the %s: %s", is_end ? "End" : "Start",
					  precision == DATE_YEAR ? "year" : "month", text),
			  NULL);
	end(w);
}

static const char *activity_status(const char *status)
{
	if (!status)
		return "2";
	if (strcmp(status, "planned") == 0)
		return "1";
	if (strcmp(status, "completed") == 0)
		return "4";
	if (strcmp(status, "cancelled") == 0)
		return "5";
	return "2";
}

static const char *role_code(const char *role)
{
	if (role && strcmp(role, "funding") == 0)
		return "1";
	if (role && strcmp(role, "intermediary") == 0)
		return "3";
	return "4";
}

static void participating_orgs(Writer *w, const Project *p)
{
	for (size_t i = 0; i < p->org_count; i++) {
		const ProjectOrg *po = &p->orgs[i];
		const Org *o = export_org(w->set, po->org_id);
		start(w, "participating-org");
		attr(w, "role", role_code(po->role));
		if (o)
			attr(w, "type", iati_org_type(o->kind));
		if (o) {
			narrative(w, o->name_en, NULL);
			narrative(w, o->name_prs, "fa");
			narrative(w, o->name_pus, "ps");
		} else {
			narrative(w, po->org_name, NULL);
		}
		end(w);
	}
}

static void locations(Writer *w, const Project *p)
{
	for (size_t i = 0; i < p->place_count; i++) {
		const Place *pl = p->places[i].pcode ? gaz_get(w->ref->gaz, p->places[i].pcode) : NULL;
		if (!pl)
			continue;
		start(w, "location");
		attr(w, "ref", pl->pcode);
		start(w, "location-reach");
		attr(w, "code", "1"); /* the activity happens here */
		end(w);
		start(w, "name");
		narrative(w, pl->name_en, NULL);
		narrative(w, pl->name_prs, "fa");
		end(w);
		start(w, "description");
		narrative(w, arena_printf(w->a, "OCHA P-code %s", pl->pcode), NULL);
		end(w);
		start(w, "administrative");
		attr(w, "vocabulary", "A4");
		attr(w, "level", "0");
		attr(w, "code", "AF");
		end(w);
		end(w);
	}
}

/* The main DAC purpose code of a sector, or NULL (see the file's comment). */
static const char *dac_code(Writer *w, const char *sector)
{
	const Code *c = codelist_find(&w->ref->sectors, sector);
	const char *semi = c && c->extra ? strchr(c->extra, ';') : NULL;
	if (!semi || strlen(semi + 1) < 5)
		return NULL;
	return arena_strndup(w->a, semi + 1, 5);
}

static void sector_element(Writer *w, const char *vocabulary, const char *code, size_t index,
			   size_t count)
{
	start(w, "sector");
	attr(w, "vocabulary", vocabulary);
	attr(w, "code", code);
	if (count > 1) {
		int share = 100 / (int)count + (index == 0 ? 100 % (int)count : 0);
		attr(w, "percentage", arena_printf(w->a, "%d", share));
	}
	end(w);
}

static void sectors(Writer *w, const Project *p)
{
	for (size_t i = 0; i < p->sector_count; i++)
		sector_element(w, "99", p->sectors[i], i, p->sector_count);
	/* DAC codes, each once (two sectors may share one). */
	const char **codes = arena_alloc(w->a, (p->sector_count + 1) * sizeof *codes);
	size_t n = 0;
	for (size_t i = 0; i < p->sector_count; i++) {
		const char *c = dac_code(w, p->sectors[i]);
		bool seen = false;
		for (size_t k = 0; c && k < n; k++)
			seen = seen || strcmp(codes[k], c) == 0;
		if (c && !seen)
			codes[n++] = c;
	}
	for (size_t i = 0; i < n; i++)
		sector_element(w, "1", codes[i], i, n);
}

static void budget(Writer *w, const Project *p)
{
	char from[11], to[11];
	DatePrecision prec;
	if (!p->has_budget || !p->currency || !whole_date(p->start_date, false, from, &prec) ||
	    !whole_date(p->end_date, true, to, &prec) || strcmp(from, to) > 0)
		return;
	start(w, "budget");
	attr(w, "type", "1");
	attr(w, "status", "1");
	start(w, "period-start");
	attr(w, "iso-date", from);
	end(w);
	start(w, "period-end");
	attr(w, "iso-date", to);
	end(w);
	start(w, "value");
	attr(w, "currency", p->currency);
	attr(w, "value-date", from);
	char amount[64];
	snprintf(amount, sizeof amount, "%.2f", p->budget);
	xmlTextWriterWriteString(w->w, X(amount));
	end(w);
	end(w);
}

/* One actual value with its dimensions (sex, age may be NULL). */
static void actual(Writer *w, double value, const char *sex, const char *age, const char *source)
{
	start(w, "actual");
	char figure[64];
	snprintf(figure, sizeof figure, "%.15g", value);
	attr(w, "value", figure);
	if (sex) {
		start(w, "dimension");
		attr(w, "name", "sex");
		attr(w, "value", sex);
		end(w);
	}
	if (age) {
		start(w, "dimension");
		attr(w, "name", "age");
		attr(w, "value", age);
		end(w);
	}
	if (source && *source) {
		start(w, "comment");
		narrative(w, arena_printf(w->a, "Source: %s", source), NULL);
		end(w);
	}
	end(w);
}

static void result(Writer *w, const Project *p, const Result *r)
{
	start(w, "result");
	attr(w, "type", "1");
	attr(w, "aggregation-status", "0");
	texts(w, "title", r->indicator, NULL, NULL);
	if (r->note && *r->note)
		texts(w, "description", r->note, NULL, NULL);
	bool percent = r->unit && strcmp(r->unit, "percent") == 0;
	start(w, "indicator");
	attr(w, "measure", percent ? "2" : "1");
	texts(w, "title", r->unit && *r->unit ? arena_printf(w->a, "%s (%s)", r->indicator, r->unit) : r->indicator,
	      NULL, NULL);
	char from[11], to[11];
	DatePrecision prec;
	const char *start_text = r->period_start ? r->period_start : p->start_date;
	const char *end_text = r->period_end ? r->period_end : (r->period_start ? r->period_start : p->end_date);
	if (whole_date(start_text, false, from, &prec) && whole_date(end_text, true, to, &prec) &&
	    strcmp(from, to) <= 0) {
		start(w, "period");
		start(w, "period-start");
		attr(w, "iso-date", from);
		end(w);
		start(w, "period-end");
		attr(w, "iso-date", to);
		end(w);
		actual(w, r->value, NULL, NULL, r->source);
		if (r->female != NUM_UNKNOWN)
			actual(w, (double)r->female, "female", NULL, NULL);
		if (r->male != NUM_UNKNOWN)
			actual(w, (double)r->male, "male", NULL, NULL);
		if (r->girls != NUM_UNKNOWN)
			actual(w, (double)r->girls, "female", "child", NULL);
		if (r->boys != NUM_UNKNOWN)
			actual(w, (double)r->boys, "male", "child", NULL);
		end(w);
	}
	end(w);
	end(w);
}

static void activity(Writer *w, const Project *p)
{
	start(w, "iati-activity");
	if (p->updated_at && strlen(p->updated_at) >= 19)
		attr(w, "last-updated-datetime",
		     arena_printf(w->a, "%.*sT%.*sZ", 10, p->updated_at, 8, p->updated_at + 11));
	xmlTextWriterWriteAttributeNS(w->w, X("xml"), X("lang"), NULL, X("en"));
	if (p->has_budget && p->currency)
		attr(w, "default-currency", p->currency);
	start(w, "iati-identifier");
	xmlTextWriterWriteString(w->w, X(arena_printf(w->a, "%s-HH-%lld", w->reporter, (long long)p->id)));
	end(w);
	start(w, "reporting-org");
	attr(w, "ref", w->reporter);
	attr(w, "type", "90");
	narrative(w, "Hamahang registry of Afghan civil society", NULL);
	end(w);
	texts(w, "title", p->title_en, p->title_prs, p->title_pus);
	if ((p->description_en && *p->description_en) || (p->description_prs && *p->description_prs) ||
	    (p->description_pus && *p->description_pus))
		texts(w, "description", p->description_en, p->description_prs, p->description_pus);
	else
		texts(w, "description", "No description recorded.", NULL, NULL);
	participating_orgs(w, p);
	start(w, "activity-status");
	attr(w, "code", activity_status(p->status));
	end(w);
	bool begun = p->status && (strcmp(p->status, "ongoing") == 0 || strcmp(p->status, "completed") == 0);
	bool ended = p->status && strcmp(p->status, "completed") == 0;
	activity_date(w, p->start_date, false, begun);
	activity_date(w, p->end_date, true, ended);
	start(w, "recipient-country");
	attr(w, "code", "AF");
	end(w);
	locations(w, p);
	sectors(w, p);
	budget(w, p);
	for (size_t i = 0; i < p->result_count; i++)
		result(w, p, &p->results[i]);
	end(w);
}

/* Whether IATI can hold the project: it requires an activity date and a
 * participating organization. */
static bool has_date(const Project *p)
{
	PDate d;
	return p->org_count > 0 && ((p->start_date && pdate_parse(p->start_date, &d)) ||
				    (p->end_date && pdate_parse(p->end_date, &d)));
}

size_t export_iati_count(const ExportSet *set)
{
	size_t n = 0;
	for (size_t i = 0; i < set->project_count; i++)
		if (has_date(&set->projects[i]))
			n++;
	return n;
}

bool export_iati(const ExportSet *set, const RefData *ref, const ExportMeta *meta, Arena *a, Buf *out)
{
	xmlBufferPtr xb = xmlBufferCreate();
	xmlTextWriterPtr xw = xb ? xmlNewTextWriterMemory(xb, 0) : NULL;
	if (!xw) {
		if (xb)
			xmlBufferFree(xb);
		return false;
	}
	Writer w = {.w = xw, .a = a, .ref = ref, .set = set,
		    .reporter = meta->iati_reporter_ref ? meta->iati_reporter_ref : "XI-HAMAHANG"};
	xmlTextWriterSetIndent(xw, 1);
	xmlTextWriterSetIndentString(xw, X(" "));
	xmlTextWriterStartDocument(xw, "1.0", "UTF-8", NULL);
	size_t undated = 0;
	for (size_t i = 0; i < set->project_count; i++)
		if (!has_date(&set->projects[i]))
			undated++;
	if (undated)
		xmlTextWriterWriteComment(xw, X(arena_printf(a, " %zu projects without a start or end date, or"
							     " without an organization, are left out: IATI"
							     " requires both ",
							     undated)));
	start(&w, "iati-activities");
	attr(&w, "version", "2.03");
	for (size_t i = 0; i < set->project_count; i++)
		if (has_date(&set->projects[i]))
			activity(&w, &set->projects[i]);
	end(&w);
	xmlTextWriterEndDocument(xw);
	xmlFreeTextWriter(xw);
	bool ok = buf_append(out, xmlBufferContent(xb), (size_t)xmlBufferLength(xb));
	xmlBufferFree(xb);
	return ok;
}
