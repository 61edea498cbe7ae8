/*
 * report.c — the rules a report, an obligation and a status change meet
 * before they are stored (see report.h). Every problem is collected; none
 * stops the check. No I/O.
 */
#include "core/report.h"

#include <string.h>

#include "core/compliance.h"
#include "core/pdate.h"
#include "core/text.h"

bool report_status_valid(const char *s)
{
	return s && (strcmp(s, "draft") == 0 || strcmp(s, "submitted") == 0 ||
		     strcmp(s, "accepted") == 0 || strcmp(s, "returned") == 0);
}

const char *org_status_after(const char *change)
{
	static const char *const SAME[] = {"active", "suspended", "dissolved", "inactive"};
	if (!change)
		return NULL;
	if (strcmp(change, "reinstated") == 0)
		return "active";
	for (size_t i = 0; i < sizeof SAME / sizeof *SAME; i++)
		if (strcmp(change, SAME[i]) == 0)
			return SAME[i];
	return NULL;
}

/* Text that is valid UTF-8 and not longer than max characters; required
 * text must hold something besides spaces. */
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
		errors_add(e, field, "is too long", NULL);
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

/* A whole day "YYYY-MM-DD"; its day number in *day. */
static bool check_day(Errors *e, const char *field, const char *s, long *day)
{
	PDate d;
	if (!s || !*s) {
		errors_add(e, field, "is required", NULL);
		return false;
	}
	if (!pdate_parse(s, &d) || d.precision != DATE_DAY) {
		errors_add(e, field, "must be a whole date (YYYY-MM-DD)", s);
		return false;
	}
	*day = pdate_first_day(&d);
	return true;
}

static void check_count(Errors *e, size_t index, const char *member, long long v)
{
	if (v != NUM_UNKNOWN && v < 0)
		errors_add_at(e, "lines", index, member, "must not be negative", NULL);
}

static void check_line(const RefData *ref, const ReportLine *l, size_t i, Errors *e)
{
	if ((!l->progress || !*l->progress) && !l->indicator && !l->has_spending)
		errors_add_at(e, "lines", i, "progress", "is required", NULL);
	if (l->progress && *l->progress && text_length(l->progress) > TEXT_MAX_CHARS)
		errors_add_at(e, "lines", i, "progress", "is too long", NULL);
	if (l->indicator && (!*l->indicator || text_length(l->indicator) > TITLE_MAX_CHARS))
		errors_add_at(e, "lines", i, "indicator", "must be a short text", NULL);
	if (l->has_value && !l->indicator)
		errors_add_at(e, "lines", i, "indicator", "is required with a value", NULL);
	if (l->has_value && l->value < 0)
		errors_add_at(e, "lines", i, "value", "must not be negative", NULL);
	check_count(e, i, "female", l->female);
	check_count(e, i, "male", l->male);
	check_count(e, i, "girls", l->girls);
	check_count(e, i, "boys", l->boys);
	if (l->girls != NUM_UNKNOWN && l->female != NUM_UNKNOWN && l->girls > l->female)
		errors_add_at(e, "lines", i, "girls", "must not exceed female", NULL);
	if (l->boys != NUM_UNKNOWN && l->male != NUM_UNKNOWN && l->boys > l->male)
		errors_add_at(e, "lines", i, "boys", "must not exceed male", NULL);
	if (l->has_value && l->female != NUM_UNKNOWN && l->male != NUM_UNKNOWN &&
	    (double)(l->female + l->male) > l->value)
		errors_add_at(e, "lines", i, "value", "is less than female and male together", NULL);
	if (l->has_spending && l->spending < 0)
		errors_add_at(e, "lines", i, "spending", "must not be negative", NULL);
	if (l->has_spending && (!l->currency || !*l->currency))
		errors_add_at(e, "lines", i, "currency", "is required with spending", NULL);
	if (l->currency && *l->currency && ref && !codelist_find(&ref->currencies, l->currency))
		errors_add_at(e, "lines", i, "currency", "is not a known currency code", l->currency);
}

bool validate_report(const RefData *ref, const Report *r, Errors *errs)
{
	size_t before = errs->count;
	if (r->org_id <= 0)
		errors_add(errs, "org_id", "is required", NULL);
	long start = 0, end = 0;
	bool have_start = check_day(errs, "period_start", r->period_start, &start);
	bool have_end = check_day(errs, "period_end", r->period_end, &end);
	if (have_start && have_end && end < start)
		errors_add(errs, "period_end", "is before the start", NULL);
	if (have_start && have_end && end - start > 366)
		errors_add(errs, "period_end", "makes a period longer than a year", NULL);
	check_text(errs, "summary", r->summary, TEXT_MAX_CHARS, false);
	if (r->line_count > REPORT_MAX_LINES)
		errors_add(errs, "lines", "has too many entries", NULL);
	for (size_t i = 0; i < r->line_count && i < REPORT_MAX_LINES; i++)
		check_line(ref, &r->lines[i], i, errs);
	if (r->recipient_count > REPORT_MAX_RECIPIENTS)
		errors_add(errs, "recipients", "has too many entries", NULL);
	for (size_t i = 0; i < r->recipient_count; i++) {
		if (r->recipients[i] <= 0)
			errors_add_at(errs, "recipients", i, NULL, "names no known organization", NULL);
		for (size_t j = 0; j < i; j++)
			if (r->recipients[j] == r->recipients[i])
				errors_add_at(errs, "recipients", i, NULL, "is named twice", NULL);
	}
	return errs->count == before;
}

bool validate_obligation(ReportObligation *o, Errors *errs)
{
	size_t before = errs->count;
	if (!o->frequency || !*o->frequency)
		o->frequency = "half_year";
	if (!o->calendar || !*o->calendar)
		o->calendar = "gregorian";
	if (o->grace_days == NUM_UNKNOWN)
		o->grace_days = COMPLIANCE_DEFAULT_GRACE_DAYS;
	if (o->org_id <= 0)
		errors_add(errs, "org_id", "is required", NULL);
	if (o->authority_id <= 0)
		errors_add(errs, "authority_id", "is required", NULL);
	if (o->authority_id > 0 && o->authority_id == o->org_id)
		errors_add(errs, "authority_id", "must be another organization", NULL);
	int months = compliance_frequency_months(o->frequency);
	if (!months)
		errors_add(errs, "frequency", "must be monthly, quarterly, half_year or yearly", o->frequency);
	ReportCalendar cal = CAL_GREGORIAN;
	if (!compliance_calendar_parse(o->calendar, &cal))
		errors_add(errs, "calendar", "must be gregorian or solar_hijri", o->calendar);
	if (o->grace_days < 0 || o->grace_days > COMPLIANCE_MAX_GRACE_DAYS)
		errors_add(errs, "grace_days", "must be 0 to 365", NULL);
	long start = 0;
	if (check_day(errs, "start_date", o->start_date, &start) && months) {
		Obligation ob = {.months = months, .calendar = cal, .start_day = start, .grace_days = 0};
		if (!compliance_obligation_valid(&ob))
			errors_add(errs, "start_date", "is outside the years covered (1900-2999)", o->start_date);
	}
	return errs->count == before;
}

bool validate_status_change(const OrgStatusChange *c, Errors *errs)
{
	size_t before = errs->count;
	if (!org_status_after(c->change))
		errors_add(errs, "change", "must be active, suspended, dissolved, inactive or reinstated",
			   c->change);
	check_text(errs, "reason", c->reason, REASON_TEXT_MAX_CHARS, true);
	return errs->count == before;
}
