/*
 * iati.c — IATI 2.03 activity XML through libxml2's xmlTextReader (see
 * iati.h). The schema files are compiled into the binary; the only
 * entities the schema parser may load are those three files.
 */
#include "fmt/iati.h"

#include <errno.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/xmlreader.h>
#include <libxml/xmlschemas.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/mem.h"
#include "store/embedded.h"

#define PROBLEMS_MAX 256

struct IatiReader {
	xmlTextReaderPtr reader;
	xmlSchemaValidCtxtPtr valid; /* NULL when the schema could not be loaded */
	char name[256];
	char error[512];
	/* schema problems met since the last activity was handed out */
	struct {
		int line;
		char text[240];
	} problems[PROBLEMS_MAX];
	size_t problem_count;
	size_t problems_dropped;
	bool started;
};

/* ---- the schema, compiled in ---- */

static const char *const SCHEMA_FILES[] = {
    "data/iati/iati-activities-schema.xsd",
    "data/iati/iati-common.xsd",
    "data/iati/xml.xsd",
};

static xmlSchemaPtr schema;
static pthread_once_t schema_once = PTHREAD_ONCE_INIT;
static xmlExternalEntityLoader default_loader;

/* Loads only the compiled-in schema files: nothing from disk, nothing
 * from the network. */
static xmlParserInputPtr schema_loader(const char *url, const char *id, xmlParserCtxtPtr ctxt)
{
	(void)id;
	const char *base = url ? strrchr(url, '/') : NULL;
	base = base ? base + 1 : url;
	for (size_t i = 0; base && i < sizeof SCHEMA_FILES / sizeof *SCHEMA_FILES; i++) {
		const char *want = strrchr(SCHEMA_FILES[i], '/') + 1;
		if (strcmp(base, want) == 0) {
			const EmbeddedFile *f = embedded_find(SCHEMA_FILES[i]);
			if (f)
				return xmlNewStringInputStream(ctxt, (const xmlChar *)f->data);
		}
	}
	return NULL;
}

static void silent(void *ctx, const char *msg, ...)
{
	(void)ctx;
	(void)msg;
}

static void schema_load(void)
{
	const EmbeddedFile *f = embedded_find(SCHEMA_FILES[0]);
	if (!f)
		return;
	default_loader = xmlGetExternalEntityLoader();
	/* libxml2 prints some notes of its own on stderr; problems reach us
	 * through the structured handlers instead */
	xmlSetGenericErrorFunc(NULL, silent);
	xmlSetExternalEntityLoader(schema_loader);
	xmlSchemaParserCtxtPtr pc = xmlSchemaNewMemParserCtxt(f->data, (int)f->size);
	xmlSchemaSetParserErrors(pc, silent, silent, NULL);
	schema = xmlSchemaParse(pc);
	xmlSchemaFreeParserCtxt(pc);
	/* documents read later may not load entities at all */
	xmlSetExternalEntityLoader(schema_loader);
}

/* ---- problems ---- */

static void add_problem(IatiReader *r, int line, const char *text)
{
	if (r->problem_count == PROBLEMS_MAX) {
		r->problems_dropped++;
		return;
	}
	r->problems[r->problem_count].line = line;
	snprintf(r->problems[r->problem_count].text, sizeof r->problems[0].text, "%s", text);
	/* libxml2's messages end with a newline */
	char *t = r->problems[r->problem_count].text;
	size_t n = strlen(t);
	while (n && (t[n - 1] == '\n' || t[n - 1] == ' '))
		t[--n] = '\0';
	r->problem_count++;
}

/* Every problem the parser or the schema check meets comes here (through
 * the reader, which relays the schema's too). */
static void on_error(void *data, xmlErrorPtr e)
{
	IatiReader *r = data;
	const char *msg = e->message ? e->message : "breaks the IATI 2.03 schema";
	if (e->domain != XML_FROM_SCHEMASV && e->level >= XML_ERR_ERROR && !r->error[0]) {
		snprintf(r->error, sizeof r->error, "line %d: %s", e->line, msg);
		size_t n = strlen(r->error);
		while (n && r->error[n - 1] == '\n')
			r->error[--n] = '\0';
	}
	add_problem(r, e->line, msg);
}

static void move_problems(IatiReader *r, Errors *warns)
{
	for (size_t i = 0; i < r->problem_count; i++) {
		char field[32];
		snprintf(field, sizeof field, "line %d", r->problems[i].line);
		errors_add(warns, field, "breaks the IATI 2.03 schema", r->problems[i].text);
	}
	if (r->problems_dropped) {
		char n[32];
		snprintf(n, sizeof n, "%zu", r->problems_dropped);
		errors_add(warns, "", "more schema problems not listed", n);
	}
	r->problem_count = 0;
	r->problems_dropped = 0;
}

/* ---- the reader ---- */

IatiReader *iati_open(const char *data, size_t len, const char *name)
{
	pthread_once(&schema_once, schema_load);
	IatiReader *r = xcalloc(1, sizeof *r);
	snprintf(r->name, sizeof r->name, "%s", name ? name : "input");
	/* no network, no entity substitution, no external DTD; nothing huge */
	r->reader = xmlReaderForMemory(data, (int)(len > INT32_MAX ? INT32_MAX : len), NULL, NULL,
	                               XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
	                                   XML_PARSE_BIG_LINES);
	if (!r->reader) {
		snprintf(r->error, sizeof r->error, "not XML that can be read");
		return r;
	}
	xmlTextReaderSetStructuredErrorHandler(r->reader, on_error, r);
	if (schema) {
		r->valid = xmlSchemaNewValidCtxt(schema);
		if (xmlTextReaderSchemaValidateCtxt(r->reader, r->valid, 0) != 0) {
			xmlSchemaFreeValidCtxt(r->valid);
			r->valid = NULL;
		}
	}
	return r;
}

void iati_close(IatiReader *r)
{
	if (!r)
		return;
	if (r->reader)
		xmlFreeTextReader(r->reader);
	if (r->valid)
		xmlSchemaFreeValidCtxt(r->valid);
	free(r);
}

const char *iati_error(const IatiReader *r)
{
	return r->error;
}

void iati_trailing(IatiReader *r, Errors *warns)
{
	move_problems(r, warns);
}

/* ---- reading an expanded activity ---- */

static bool named(const xmlNode *n, const char *name)
{
	return n && n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

static const xmlNode *child(const xmlNode *n, const char *name)
{
	for (const xmlNode *c = n ? n->children : NULL; c; c = c->next)
		if (named(c, name))
			return c;
	return NULL;
}

static const char *attr(Arena *a, const xmlNode *n, const char *name)
{
	xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
	if (!v)
		return NULL;
	const char *out = v[0] ? arena_strdup(a, (const char *)v) : NULL;
	xmlFree(v);
	return out;
}

static const char *lang_of(Arena *a, const xmlNode *n)
{
	xmlChar *v = xmlGetNsProp(n, (const xmlChar *)"lang", XML_XML_NAMESPACE);
	if (!v)
		return NULL;
	const char *out = arena_strdup(a, (const char *)v);
	xmlFree(v);
	return out;
}

static const char *text_of(Arena *a, const xmlNode *n)
{
	xmlChar *v = xmlNodeGetContent(n);
	if (!v)
		return NULL;
	/* trim */
	const char *s = (const char *)v;
	while (*s == ' ' || *s == '\n' || *s == '\t' || *s == '\r')
		s++;
	size_t len = strlen(s);
	while (len && (s[len - 1] == ' ' || s[len - 1] == '\n' || s[len - 1] == '\t' ||
	               s[len - 1] == '\r'))
		len--;
	const char *out = len ? arena_strndup(a, s, len) : NULL;
	xmlFree(v);
	return out;
}

/* Narratives in their languages: en (or none given) to en, fa/prs to prs,
 * ps/pus to pus; the first of each wins. */
static void narratives(Arena *a, const xmlNode *n, const char *default_lang, const char **en,
                       const char **prs, const char **pus)
{
	for (const xmlNode *c = n ? n->children : NULL; c; c = c->next) {
		if (!named(c, "narrative"))
			continue;
		const char *lang = lang_of(a, c);
		if (!lang)
			lang = default_lang ? default_lang : "en";
		const char *t = text_of(a, c);
		if (!t)
			continue;
		const char **slot = NULL;
		if (strcmp(lang, "fa") == 0 || strcmp(lang, "prs") == 0)
			slot = prs;
		else if (strcmp(lang, "ps") == 0 || strcmp(lang, "pus") == 0)
			slot = pus;
		else if (strcmp(lang, "en") == 0)
			slot = en;
		if (slot && !*slot)
			*slot = t;
	}
	/* a narrative in another language still names it, in English's place */
	if (en && !*en)
		for (const xmlNode *c = n ? n->children : NULL; c && !*en; c = c->next)
			if (named(c, "narrative"))
				*en = text_of(a, c);
}

static const char *first_narrative(Arena *a, const xmlNode *n)
{
	const char *en = NULL;
	narratives(a, n, "en", &en, NULL, NULL);
	return en;
}

static bool parse_number(const char *text, double *out)
{
	if (!text)
		return false;
	char *end;
	errno = 0;
	double v = strtod(text, &end);
	while (*end == ' ' || *end == '\n')
		end++;
	if (errno || end == text || *end || !isfinite(v))
		return false;
	*out = v;
	return true;
}

/* The date part of an ISO date ("2012-04-15T00:00:00" -> "2012-04-15"). */
static const char *iso_day(Arena *a, const char *d)
{
	if (!d)
		return NULL;
	return strlen(d) > 10 ? arena_strndup(a, d, 10) : d;
}

/* Our kind of organization for an IATI OrganisationType code. */
static const char *kind_of_type(const char *type)
{
	static const struct {
		const char *code;
		const char *kind;
	} KINDS[] = {
	    {"10", "ministry"},     {"11", "provincial_department"},
	    {"15", "ministry"},     {"21", "ngo_international"},
	    {"22", "ngo_national"}, {"23", "ngo_national"},
	    {"24", "ngo_national"}, {"30", "other"},
	    {"40", "un_agency"},    {"60", "foundation"},
	    {"70", "private"},      {"71", "private"},
	    {"72", "private"},      {"73", "private"},
	    {"80", "academic"},     {"90", "other"},
	};
	for (size_t i = 0; type && i < sizeof KINDS / sizeof *KINDS; i++)
		if (strcmp(KINDS[i].code, type) == 0)
			return KINDS[i].kind;
	return NULL;
}

static void read_result(Arena *a, const xmlNode *res, ImportActivity *out, Errors *warns)
{
	for (const xmlNode *ind = res->children; ind; ind = ind->next) {
		if (!named(ind, "indicator") || out->result_count == ACTIVITY_MAX_ITEMS)
			continue;
		ActivityResult *r = &out->results[out->result_count];
		memset(r, 0, sizeof *r);
		r->female = r->male = -1;
		r->title = first_narrative(a, child(ind, "title"));
		if (!r->title)
			r->title = first_narrative(a, child(res, "title"));
		for (const xmlNode *per = ind->children; per; per = per->next) {
			if (!named(per, "period"))
				continue;
			for (const xmlNode *act = per->children; act; act = act->next) {
				if (!named(act, "actual"))
					continue;
				double v;
				const char *text = attr(a, act, "value");
				if (!parse_number(text, &v)) {
					if (text)
						errors_add(warns, "result/indicator/period/actual",
						           "value is not a number; left out", text);
					continue;
				}
				const char *sex = NULL;
				for (const xmlNode *d = act->children; d; d = d->next)
					if (named(d, "dimension")) {
						const char *dn = attr(a, d, "name");
						if (dn && strcmp(dn, "sex") == 0)
							sex = attr(a, d, "value");
					}
				if (sex && (strcmp(sex, "female") == 0 || strcmp(sex, "2") == 0 ||
				            strcmp(sex, "f") == 0)) {
					r->female = (long long)v;
				} else if (sex &&
				           (strcmp(sex, "male") == 0 || strcmp(sex, "1") == 0 ||
				            strcmp(sex, "m") == 0)) {
					r->male = (long long)v;
				} else if (!r->has_value) {
					r->value = v;
					r->has_value = true;
				}
				if (!r->period_start) {
					r->period_start = iso_day(
					    a, attr(a, child(per, "period-start"), "iso-date"));
					r->period_end = iso_day(
					    a, attr(a, child(per, "period-end"), "iso-date"));
				}
			}
		}
		if (!r->has_value && (r->female >= 0 || r->male >= 0)) {
			r->value =
			    (double)((r->female > 0 ? r->female : 0) + (r->male > 0 ? r->male : 0));
			r->has_value = true;
		}
		if (r->has_value)
			out->result_count++;
	}
}

static void read_activity(Arena *a, const xmlNode *act, ImportActivity *out, Errors *warns)
{
	const char *lang = lang_of(a, act);
	const char *default_currency = attr(a, act, "default-currency");
	const char *planned_start = NULL, *planned_end = NULL;
	Buf countries;
	buf_init(&countries, 4096);
	for (const xmlNode *c = act->children; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		const char *n = (const char *)c->name;
		if (strcmp(n, "iati-identifier") == 0 && !out->identifier) {
			out->identifier = text_of(a, c);
		} else if (strcmp(n, "title") == 0) {
			narratives(a, c, lang, &out->title_en, &out->title_prs, &out->title_pus);
		} else if (strcmp(n, "description") == 0) {
			narratives(a, c, lang, &out->description_en, &out->description_prs,
			           &out->description_pus);
		} else if (strcmp(n, "participating-org") == 0) {
			if (out->org_count == ACTIVITY_MAX_ITEMS)
				continue;
			ActivityOrg *o = &out->orgs[out->org_count];
			memset(o, 0, sizeof *o);
			o->name = first_narrative(a, c);
			o->ref = attr(a, c, "ref");
			o->kind = kind_of_type(attr(a, c, "type"));
			o->iati_role = attr(a, c, "role");
			const char *r = o->iati_role ? o->iati_role : "";
			o->role = strcmp(r, "1") == 0   ? "funding"
			          : strcmp(r, "3") == 0 ? "intermediary"
			          : strcmp(r, "4") == 0 ? "implementing"
			                                : NULL;
			if (!o->role) {
				errors_add(warns, "participating-org",
				           strcmp(r, "2") == 0
				               ? "accountable organization: not kept as a role"
				               : "role is not 1, 3 or 4; left out",
				           o->name ? o->name : o->ref);
				continue;
			}
			if (!o->name && !o->ref) {
				errors_add(warns, "participating-org",
				           "has neither a name nor a ref; left out", NULL);
				continue;
			}
			out->org_count++;
		} else if (strcmp(n, "activity-status") == 0) {
			const char *code = attr(a, c, "code");
			code = code ? code : "";
			out->status = strcmp(code, "1") == 0   ? "planned"
			              : strcmp(code, "2") == 0 ? "ongoing"
			              : strcmp(code, "3") == 0 ? "completed"
			              : strcmp(code, "4") == 0 ? "completed"
			              : strcmp(code, "5") == 0 ? "cancelled"
			              : strcmp(code, "6") == 0 ? "ongoing"
			                                       : NULL;
		} else if (strcmp(n, "activity-date") == 0) {
			const char *type = attr(a, c, "type");
			const char *d = iso_day(a, attr(a, c, "iso-date"));
			type = type ? type : "";
			if (strcmp(type, "1") == 0)
				planned_start = d;
			else if (strcmp(type, "2") == 0)
				out->start_date = d;
			else if (strcmp(type, "3") == 0)
				planned_end = d;
			else if (strcmp(type, "4") == 0)
				out->end_date = d;
		} else if (strcmp(n, "sector") == 0) {
			const char *voc = attr(a, c, "vocabulary");
			const char *code = attr(a, c, "code");
			if (code && (!voc || strcmp(voc, "1") == 0 || strcmp(voc, "2") == 0) &&
			    out->dac_count < ACTIVITY_MAX_ITEMS)
				out->dac_codes[out->dac_count++] = code;
		} else if (strcmp(n, "recipient-country") == 0) {
			const char *code = attr(a, c, "code");
			if (code)
				buf_printf(&countries, "%s%s", countries.used ? "," : "", code);
		} else if (strcmp(n, "location") == 0) {
			if (out->place_count == ACTIVITY_MAX_ITEMS)
				continue;
			ActivityPlace *p = &out->places[out->place_count];
			memset(p, 0, sizeof *p);
			for (const xmlNode *l = c->children; l; l = l->next) {
				if (named(l, "location-id") || named(l, "administrative")) {
					const char *code = attr(a, l, "code");
					if (code && code[0] == 'A' && code[1] == 'F' && !p->pcode)
						p->pcode = code;
				}
			}
			p->name = first_narrative(a, child(c, "name"));
			if (p->pcode || p->name)
				out->place_count++;
		} else if (strcmp(n, "budget") == 0) {
			const xmlNode *v = child(c, "value");
			double amount;
			const char *text = v ? text_of(a, v) : NULL;
			if (!parse_number(text, &amount)) {
				errors_add(warns, "budget/value", "is not a number; left out",
				           text);
				continue;
			}
			const char *cur = attr(a, v, "currency");
			cur = cur ? cur : default_currency;
			if (!cur) {
				errors_add(warns, "budget/value",
				           "has no currency (nor the activity a default-currency); "
				           "left out",
				           text);
				continue;
			}
			if (out->has_budget && strcmp(out->currency, cur) != 0) {
				errors_add(warns, "budget/value",
				           "is in another currency than the first budget; left out",
				           cur);
				continue;
			}
			out->budget += amount;
			out->has_budget = true;
			out->currency = cur;
		} else if (strcmp(n, "result") == 0) {
			read_result(a, c, out, warns);
		}
	}
	if (!out->start_date)
		out->start_date = planned_start;
	if (!out->end_date)
		out->end_date = planned_end;
	if (countries.used)
		out->countries = arena_strdup(a, buf_str(&countries));
	buf_free(&countries);
}

int iati_next(IatiReader *r, Arena *a, ImportActivity *out, Errors *errs, Errors *warns)
{
	memset(out, 0, sizeof *out);
	if (!r->reader)
		return -1;
	for (;;) {
		int rc = r->started ? 1 : xmlTextReaderRead(r->reader);
		r->started = false;
		if (rc == 0)
			return 0;
		if (rc < 0) {
			if (!r->error[0])
				snprintf(r->error, sizeof r->error, "the XML is broken");
			return -1;
		}
		if (xmlTextReaderNodeType(r->reader) != XML_READER_TYPE_ELEMENT)
			continue;
		const char *name = (const char *)xmlTextReaderConstLocalName(r->reader);
		int depth = xmlTextReaderDepth(r->reader);
		if (depth == 0 && strcmp(name, "iati-activities") != 0) {
			snprintf(r->error, sizeof r->error,
			         "the root element is <%s>, not <iati-activities>: not an IATI "
			         "activity file",
			         name);
			return -1;
		}
		if (depth != 1 || strcmp(name, "iati-activity") != 0)
			continue;
		long start = xmlTextReaderByteConsumed(r->reader);
		xmlNodePtr node = xmlTextReaderExpand(r->reader);
		if (!node) {
			if (!r->error[0])
				snprintf(r->error, sizeof r->error, "the activity is broken XML");
			return -1;
		}
		long end = xmlTextReaderByteConsumed(r->reader);
		long line = xmlGetLineNo(node);
		out->line = line > 0 ? (size_t)line : 0;
		if (end - start > (long)IATI_ACTIVITY_MAX_BYTES) {
			errors_add(errs, "iati-activity", "is larger than 8 MiB; not read", NULL);
		} else {
			read_activity(a, node, out, warns);
		}
		/* move past the activity (validating it), then hand it out */
		rc = xmlTextReaderNext(r->reader);
		move_problems(r, warns);
		if (rc < 0 && !r->error[0])
			snprintf(r->error, sizeof r->error, "the XML is broken after line %zu",
			         out->line);
		r->started = rc == 1;
		if (rc == 0)
			r->started = false;
		return 1;
	}
}
