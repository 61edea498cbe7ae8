/*
 * validate.c — record rules (see validate.h).
 */
#include "core/validate.h"

#include <math.h>
#include <string.h>

#include "core/buf.h"
#include "core/pdate.h"
#include "core/text.h"

static const char *const ORG_STATUSES[] = {"active", "inactive", "suspended", "dissolved", NULL};
static const char *const PROJECT_STATUSES[] = {"planned", "ongoing", "completed", "cancelled", NULL};
static const char *const PROJECT_ROLES[] = {"implementing", "funding", "intermediary", NULL};
static const char *const QUALIFIERS[] = {"more_than", "about", "at_least", NULL};

static bool in_list(const char *const *list, const char *s)
{
	if (!s)
		return false;
	for (; *list; list++)
		if (strcmp(*list, s) == 0)
			return true;
	return false;
}

bool org_status_valid(const char *s) { return in_list(ORG_STATUSES, s); }
bool project_status_valid(const char *s) { return in_list(PROJECT_STATUSES, s); }
bool project_role_valid(const char *s) { return in_list(PROJECT_ROLES, s); }
bool result_qualifier_valid(const char *s) { return in_list(QUALIFIERS, s); }

bool visibility_parse(const char *text, Visibility *out)
{
	static const char *const names[] = {"public", "members", "restricted"};
	for (int i = 0; i < 3; i++)
		if (text && strcmp(text, names[i]) == 0) {
			*out = (Visibility)i;
			return true;
		}
	return false;
}

const char *visibility_name(Visibility v)
{
	switch (v) {
	case VIS_PUBLIC: return "public";
	case VIS_MEMBERS: return "members";
	case VIS_RESTRICTED: return "restricted";
	}
	return "restricted";
}

/* Checks a text field: valid UTF-8 and at most max code points; required
 * fields must hold something besides spaces. */
static void check_text(Errors *e, const char *field, const char *s, size_t max, bool required)
{
	if (!s || !*s) {
		if (required)
			errors_add(e, field, "is required", NULL);
		return;
	}
	if (!text_valid_utf8(s, strlen(s))) {
		errors_add(e, field, "is not valid UTF-8 text", NULL);
		return;
	}
	if (text_length(s) > max) {
		char detail[64];
		Buf b;
		buf_init(&b, sizeof detail);
		buf_printf(&b, "%zu", max);
		errors_add(e, field, "is too long; the most allowed is (characters)", buf_str(&b));
		buf_free(&b);
		return;
	}
	if (required) {
		const char *p = s;
		while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
			p++;
		if (!*p)
			errors_add(e, field, "is required", NULL);
	}
}

static void check_date(Errors *e, const char *field, const char *s, PDate *out)
{
	out->precision = DATE_NONE;
	if (!s || !*s)
		return;
	if (!pdate_parse(s, out))
		errors_add(e, field, "is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD", s);
}

static void check_code(Errors *e, const char *field, const CodeList *list, const char *code,
		       const char *what)
{
	if (!code || !*code)
		return;
	if (!codelist_find(list, code))
		errors_add(e, field, what, code);
}

/* End not before start, comparing the widest reading of each. */
static void check_span(Errors *e, const char *field, const PDate *start, const PDate *end)
{
	if (start->precision == DATE_NONE || end->precision == DATE_NONE)
		return;
	if (pdate_last_day(end) < pdate_first_day(start))
		errors_add(e, field, "must not be before the start", NULL);
}

/* Resolves the "within" text of a place field to a P-code; NULL when absent
 * or unresolved (then an error is recorded). */
static const char *resolve_within(const RefData *ref, const char *field, const char *within,
				  Errors *errs)
{
	if (!within || !*within)
		return NULL;
	PlaceResult r;
	place_resolve(ref->gaz, within, NULL, &r);
	if (r.outcome == PLACE_MATCHED)
		return r.best.place->pcode;
	/* "Khost" names a province and a district elsewhere: as context, the
	 * province is meant. */
	const char *province = NULL;
	size_t provinces = 0;
	for (size_t i = 0; r.outcome == PLACE_AMBIGUOUS && i < r.candidate_count; i++)
		if (r.candidates[i].place->level == PLACE_PROVINCE) {
			province = r.candidates[i].place->pcode;
			provinces++;
		}
	if (provinces == 1)
		return province;
	errors_add(errs, field, "names a province that is not known", within);
	return NULL;
}

bool validate_place(const RefData *ref, const char *field, const char *text, const char *within,
		    const char **pcode, Errors *errs, Errors *warns)
{
	*pcode = NULL;
	if (!text || !*text) {
		errors_add(errs, field, "is required", NULL);
		return false;
	}
	if (!text_valid_utf8(text, strlen(text))) {
		errors_add(errs, field, "is not valid UTF-8 text", NULL);
		return false;
	}
	if (text_length(text) > PLACE_NAME_MAX_CHARS) {
		check_text(errs, field, text, PLACE_NAME_MAX_CHARS, true);
		return false;
	}
	PlaceResult r;
	place_resolve(ref->gaz, text, within, &r);
	Buf detail;
	buf_init(&detail, 255);
	bool ok = false;
	switch (r.outcome) {
	case PLACE_MATCHED:
		*pcode = r.best.place->pcode;
		ok = true;
		if (warns && r.best.how != HOW_PCODE && r.best.how != HOW_NAME_EN &&
		    r.best.how != HOW_NAME_LOCAL) {
			buf_printf(&detail, "%s → %s %s (%s)", text, r.best.place->name_en,
				   r.best.place->pcode, place_how_text(r.best.how));
			errors_add(warns, field, "place resolved by a guess", buf_str(&detail));
		}
		break;
	case PLACE_AMBIGUOUS:
		buf_printf(&detail, "%s: ", text);
		for (size_t i = 0; i < r.candidate_count; i++)
			buf_printf(&detail, "%s%s %s", i ? ", " : "", r.candidates[i].place->name_en,
				   r.candidates[i].place->pcode);
		errors_add(errs, field, "names more than one place; choose one", buf_str(&detail));
		break;
	case PLACE_UNRESOLVED:
		buf_printf(&detail, "%s", text);
		if (r.candidate_count) {
			buf_puts(&detail, "; nearest: ");
			for (size_t i = 0; i < r.candidate_count && i < 4; i++)
				buf_printf(&detail, "%s%s %s", i ? ", " : "",
					   r.candidates[i].place->name_en, r.candidates[i].place->pcode);
		}
		errors_add(errs, field, "is not a known place", buf_str(&detail));
		break;
	}
	buf_free(&detail);
	return ok;
}

static void check_staff(Errors *e, const Org *o)
{
	if (o->staff_total != NUM_UNKNOWN && o->staff_total < 0)
		errors_add(e, "staff_total", "must not be negative", NULL);
	if (o->staff_female != NUM_UNKNOWN && o->staff_female < 0)
		errors_add(e, "staff_female", "must not be negative", NULL);
	if (o->staff_total >= 0 && o->staff_female > o->staff_total)
		errors_add(e, "staff_female", "must not exceed the staff total", NULL);
}

bool validate_org(const RefData *ref, Org *o, Errors *errs, Errors *warns)
{
	size_t before = errs->count + errs->dropped;
	check_text(errs, "name_en", o->name_en, NAME_MAX_CHARS, true);
	check_text(errs, "name_prs", o->name_prs, NAME_MAX_CHARS, false);
	check_text(errs, "name_pus", o->name_pus, NAME_MAX_CHARS, false);
	check_text(errs, "acronym", o->acronym, CODE_MAX_CHARS, false);
	check_text(errs, "registration.number", o->reg_number, CODE_MAX_CHARS, false);
	check_text(errs, "tin", o->tin, CODE_MAX_CHARS, false);
	check_text(errs, "website", o->website, NAME_MAX_CHARS, false);
	check_text(errs, "description", o->description, TEXT_MAX_CHARS, false);
	check_text(errs, "source", o->source, TITLE_MAX_CHARS, false);
	if (!o->kind || !*o->kind)
		errors_add(errs, "kind", "is required", NULL);
	else
		check_code(errs, "kind", &ref->org_kinds, o->kind, "is not a known kind of organization");
	if (o->status && !org_status_valid(o->status))
		errors_add(errs, "status", "must be active, inactive, suspended or dissolved", o->status);
	if (o->parent_id < 0)
		errors_add(errs, "parent_id", "is not a valid record id", NULL);
	PDate reg;
	check_date(errs, "registration.date", o->reg_date, &reg);
	check_staff(errs, o);
	if (o->women_led != NUM_UNKNOWN && o->women_led != 0 && o->women_led != 1)
		errors_add(errs, "women_led", "must be true or false", NULL);
	if (o->alias_count > LIST_MAX_ITEMS)
		errors_add(errs, "aliases", "has too many entries", NULL);
	for (size_t i = 0; i < o->alias_count && i < LIST_MAX_ITEMS; i++) {
		Buf f;
		buf_init(&f, 63);
		buf_printf(&f, "aliases[%zu]", i);
		check_text(errs, buf_str(&f), o->aliases[i], NAME_MAX_CHARS, true);
		buf_free(&f);
	}
	if (o->office_count > LIST_MAX_ITEMS)
		errors_add(errs, "offices", "has too many entries", NULL);
	for (size_t i = 0; i < o->office_count && i < LIST_MAX_ITEMS; i++) {
		Buf f;
		buf_init(&f, 63);
		buf_printf(&f, "offices[%zu].place", i);
		const char *within = resolve_within(ref, buf_str(&f), o->offices[i].within, errs);
		validate_place(ref, buf_str(&f), o->offices[i].place, within, &o->offices[i].pcode,
			       errs, warns);
		buf_free(&f);
	}
	if (o->sector_count > LIST_MAX_ITEMS)
		errors_add(errs, "sectors", "has too many entries", NULL);
	for (size_t i = 0; i < o->sector_count && i < LIST_MAX_ITEMS; i++)
		if (!codelist_find(&ref->sectors, o->sectors[i]))
			errors_add_at(errs, "sectors", i, NULL, "is not a known sector", o->sectors[i]);
	return errs->count + errs->dropped == before;
}

void validate_result(const Result *r, size_t index, Errors *e)
{
	Buf f;
	buf_init(&f, 63);
#define FIELD(member) (buf_reset(&f), buf_printf(&f, "results[%zu].%s", index, member), buf_str(&f))
	check_text(e, FIELD("indicator"), r->indicator, TITLE_MAX_CHARS, true);
	check_text(e, FIELD("unit"), r->unit, CODE_MAX_CHARS, false);
	check_text(e, FIELD("source"), r->source, TITLE_MAX_CHARS, true);
	check_text(e, FIELD("note"), r->note, TEXT_MAX_CHARS, false);
	if (!isfinite(r->value) || r->value < 0)
		errors_add(e, FIELD("value"), "must be a number not below zero", NULL);
	if (r->qualifier && !result_qualifier_valid(r->qualifier))
		errors_add(e, FIELD("qualifier"), "must be more_than, about or at_least", r->qualifier);
	const long long parts[4] = {r->female, r->male, r->girls, r->boys};
	static const char *const names[4] = {"female", "male", "girls", "boys"};
	for (int i = 0; i < 4; i++)
		if (parts[i] != NUM_UNKNOWN && parts[i] < 0)
			errors_add(e, FIELD(names[i]), "must not be negative", NULL);
	if (r->female >= 0 && r->male >= 0 && isfinite(r->value)) {
		double sum = (double)r->female + (double)r->male;
		if (sum > r->value)
			errors_add(e, FIELD("male"), "female and male together must not exceed the total", NULL);
		else if (sum < r->value && !r->qualifier)
			errors_add(e, FIELD("male"), "female and male together must equal the total", NULL);
	} else if (isfinite(r->value)) {
		if (r->female >= 0 && (double)r->female > r->value)
			errors_add(e, FIELD("female"), "must not exceed the total", NULL);
		if (r->male >= 0 && (double)r->male > r->value)
			errors_add(e, FIELD("male"), "must not exceed the total", NULL);
	}
	if (r->girls >= 0 && r->female >= 0 && r->girls > r->female)
		errors_add(e, FIELD("girls"), "must not exceed female", NULL);
	if (r->boys >= 0 && r->male >= 0 && r->boys > r->male)
		errors_add(e, FIELD("boys"), "must not exceed male", NULL);
	PDate ps, pe;
	check_date(e, FIELD("period_start"), r->period_start, &ps);
	check_date(e, FIELD("period_end"), r->period_end, &pe);
	check_span(e, FIELD("period_end"), &ps, &pe);
#undef FIELD
	buf_free(&f);
}

bool validate_project(const RefData *ref, Project *p, Errors *errs, Errors *warns)
{
	size_t before = errs->count + errs->dropped;
	bool any_title = (p->title_en && *p->title_en) || (p->title_prs && *p->title_prs) ||
			 (p->title_pus && *p->title_pus);
	if (!any_title)
		errors_add(errs, "title_en", "is required", NULL);
	check_text(errs, "title_en", p->title_en, TITLE_MAX_CHARS, false);
	check_text(errs, "title_prs", p->title_prs, TITLE_MAX_CHARS, false);
	check_text(errs, "title_pus", p->title_pus, TITLE_MAX_CHARS, false);
	check_text(errs, "description_en", p->description_en, TEXT_MAX_CHARS, false);
	check_text(errs, "description_prs", p->description_prs, TEXT_MAX_CHARS, false);
	check_text(errs, "description_pus", p->description_pus, TEXT_MAX_CHARS, false);
	check_text(errs, "source", p->source, TITLE_MAX_CHARS, false);
	check_text(errs, "note", p->note, TEXT_MAX_CHARS, false);
	if (p->status && !project_status_valid(p->status))
		errors_add(errs, "status", "must be planned, ongoing, completed or cancelled", p->status);
	PDate start, end;
	check_date(errs, "start_date", p->start_date, &start);
	check_date(errs, "end_date", p->end_date, &end);
	check_span(errs, "end_date", &start, &end);
	if (p->has_budget) {
		if (!isfinite(p->budget) || p->budget < 0)
			errors_add(errs, "budget", "must be a number not below zero", NULL);
		if (!p->currency || !*p->currency)
			errors_add(errs, "currency", "is required with a budget", NULL);
	}
	check_code(errs, "currency", &ref->currencies, p->currency, "is not a known currency code");

	if (p->org_count > LIST_MAX_ITEMS)
		errors_add(errs, "orgs", "has too many entries", NULL);
	for (size_t i = 0; i < p->org_count && i < LIST_MAX_ITEMS; i++) {
		if (p->orgs[i].org_id <= 0)
			errors_add_at(errs, "orgs", i, "org_id", "is required", NULL);
		if (!project_role_valid(p->orgs[i].role))
			errors_add_at(errs, "orgs", i, "role",
				      "must be implementing, funding or intermediary", p->orgs[i].role);
	}
	if (p->sector_count > LIST_MAX_ITEMS)
		errors_add(errs, "sectors", "has too many entries", NULL);
	for (size_t i = 0; i < p->sector_count && i < LIST_MAX_ITEMS; i++)
		if (!codelist_find(&ref->sectors, p->sectors[i]))
			errors_add_at(errs, "sectors", i, NULL, "is not a known sector", p->sectors[i]);
	if (p->target_count > LIST_MAX_ITEMS)
		errors_add(errs, "targets", "has too many entries", NULL);
	for (size_t i = 0; i < p->target_count && i < LIST_MAX_ITEMS; i++)
		if (!codelist_find(&ref->target_groups, p->targets[i]))
			errors_add_at(errs, "targets", i, NULL, "is not a known target group",
				      p->targets[i]);
	if (p->place_count > LIST_MAX_ITEMS)
		errors_add(errs, "places", "has too many entries", NULL);
	for (size_t i = 0; i < p->place_count && i < LIST_MAX_ITEMS; i++) {
		Buf f;
		buf_init(&f, 63);
		buf_printf(&f, "places[%zu].place", i);
		const char *within = resolve_within(ref, buf_str(&f), p->places[i].within, errs);
		validate_place(ref, buf_str(&f), p->places[i].place, within, &p->places[i].pcode, errs,
			       warns);
		if (p->places[i].villages != NUM_UNKNOWN && p->places[i].villages < 0)
			errors_add_at(errs, "places", i, "villages", "must not be negative", NULL);
		buf_free(&f);
	}
	if (p->result_count > LIST_MAX_ITEMS)
		errors_add(errs, "results", "has too many entries", NULL);
	for (size_t i = 0; i < p->result_count && i < LIST_MAX_ITEMS; i++)
		validate_result(&p->results[i], i, errs);
	return errs->count + errs->dropped == before;
}
