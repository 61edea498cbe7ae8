/*
 * ui_compliance.c — GET /compliance, the ministry's view of reporting:
 * per organization (with its province), the periods expected, reports
 * submitted and on time, and the rates, with filters; and GET
 * /compliance/overdue.csv, the organizations with a missing report.
 *
 * Figures come from svc_compliance, which counts only what the reader
 * sees without a stated reason. No SQL and no policy here.
 */
#include <string.h>

#include "core/pdate.h"
#include "core/shamsi.h"
#include "web/api.h"
#include "web/pages.h"
#include "web/reports_web.h"

/* A date of a filter: Gregorian "2021", "2021-06", "2021-06-30" or Solar
 * Hijri "sh:1400", "sh:1400-06", "sh:1400-06-15". Its first or last day. */
static long query_day(Req *req, const char *name, bool last, Errors *errs)
{
	const char *v = req_query(req, name);
	if (!v || !*v)
		return COMPLIANCE_NO_DAY;
	if (strlen(v) > 32) {
		errors_add(errs, name, "is not a date", NULL);
		return COMPLIANCE_NO_DAY;
	}
	PDate d;
	if (pdate_parse(v, &d))
		return last ? pdate_last_day(&d) : pdate_first_day(&d);
	ShamsiDate s;
	long first, end;
	if (shamsi_parse(v, &s) == SHAMSI_OK && shamsi_span(&s, &first, &end))
		return last ? end : first;
	errors_add(errs, name, "is not a date (2021, 2021-06, 2021-06-30 or sh:1400-06)", v);
	return COMPLIANCE_NO_DAY;
}

void compliance_filter_from_query(Req *req, Ctx *ctx, ComplianceFilter *f, Errors *errs)
{
	memset(f, 0, sizeof *f);
	f->org_id = ui_query_id(req, "org", errs);
	f->province_pcode = query_place(req, ctx, "province", PLACE_PROVINCE, errs);
	f->from_day = query_day(req, "from", false, errs);
	f->to_day = query_day(req, "to", true, errs);
	const char *overdue = req_query(req, "overdue");
	f->overdue_only = overdue && strcmp(overdue, "1") == 0;
	if (overdue && *overdue && strcmp(overdue, "1") != 0 && strcmp(overdue, "0") != 0)
		errors_add(errs, "overdue", "must be 1 or 0", overdue);
}

static const char *rate_text(Arena *a, int part, int whole)
{
	int r = compliance_rate(part, whole);
	return r < 0 ? "–" : arena_printf(a, "%d%%", r);
}

static const char *day_iso(Arena *a, long day)
{
	char text[11];
	compliance_day_text(day, text);
	return arena_strdup(a, text);
}

/* A period in Solar Hijri months as people write them ("Saratan 1403 –
 * Sunbula 1403"), in the reader's language; "" when out of range. */
static const char *shamsi_months(Req *req, const Period *p)
{
	ShamsiDate first, last;
	if (!shamsi_from_days(p->first_day, &first) || !shamsi_from_days(p->last_day, &last))
		return "";
	first.day = last.day = 0;
	first.precision = last.precision = DATE_MONTH;
	Buf b;
	buf_init(&b, 256);
	shamsi_format_long(&b, &first, req->lang);
	buf_puts(&b, " – ");
	shamsi_format_long(&b, &last, req->lang);
	const char *text = arena_strdup(req->arena, buf_str(&b));
	buf_free(&b);
	return text;
}

/* The message id of a period state. */
static const char *state_label(PeriodState s)
{
	switch (s) {
	case PERIOD_OPEN:
		return N_("Open");
	case PERIOD_DUE:
		return N_("Due");
	case PERIOD_ON_TIME:
		return N_("On time");
	case PERIOD_LATE:
		return N_("Late");
	case PERIOD_MISSING:
		return N_("Missing");
	}
	return N_("Open");
}

static void filter_form(Req *req, Resp *resp, const RefData *ref, const Errors *errs)
{
	ui_printf(resp, "<form class=\"filter\" method=\"get\" action=\"/compliance\" role=\"search\" aria-label=\"%h\">\n",
		  T(req, "Filter compliance"));
	size_t n;
	UiOption *opts = ui_province_options(req, ref->gaz, &n);
	UiField prov = {.name = "province", .label = "Province", .value = req_query(req, "province")};
	ui_field_take_error(&prov, errs);
	ui_select(req, resp, &prov, opts, n);
	UiField from = {.name = "from", .label = N_("Periods ending from"), .value = req_query(req, "from"),
			.hint = N_("2021, 2021-06-30 or sh:1400")};
	ui_field_take_error(&from, errs);
	ui_input(req, resp, &from);
	UiField to = {.name = "to", .label = N_("Periods ending until"), .value = req_query(req, "to")};
	ui_field_take_error(&to, errs);
	ui_input(req, resp, &to);
	UiOption only[] = {{"1", T(req, "Overdue only")}};
	UiField overdue = {.name = "overdue", .label = "Organizations", .value = req_query(req, "overdue")};
	ui_field_take_error(&overdue, errs);
	ui_select(req, resp, &overdue, only, 1);
	ui_printf(resp, "<div class=\"actions\"><button type=\"submit\">%h</button> <a href=\"/compliance\">%h</a></div>\n</form>\n",
		  T(req, "Filter"), T(req, "Clear"));
}

void ui_compliance(Req *req, Resp *resp)
{
	Ctx ctx;
	web_ctx_begin(req, &ctx);
	Errors *errs = arena_zalloc(req->arena, sizeof *errs);
	ComplianceFilter f;
	compliance_filter_from_query(req, &ctx, &f, errs);
	ComplianceList list = {0};
	if (!errs->count) {
		SvcStatus st = svc_compliance(&ctx, &f, &list);
		if (st != SVC_OK) {
			ui_fail(req, resp, &ctx, st);
			goto done;
		}
	}
	ui_page_begin(req, resp, T(req, "Reporting compliance"));
	ui_printf(resp, "<h1>%h</h1>\n<p class=\"muted\">%h %h</p>\n", T(req, "Reporting compliance"),
		  T(req, "As of"), day_iso(req->arena, svc_today(&ctx)));
	ui_errors_summary(req, resp, errs);
	filter_form(req, resp, ctx.ref, errs);

	const ComplianceCounts *t = &list.total;
	ui_printf(resp, "<p id=\"totals\">%h: %d · %h: %d · %h: %d · %h: %d · %h: %d · %h: %h · %h: %h</p>\n",
		  T(req, "Expected"), t->expected, T(req, "Submitted"), t->submitted, T(req, "On time"), t->on_time,
		  T(req, "Late"), t->late, T(req, "Missing"), t->missing, T(req, "Submission rate"),
		  rate_text(req->arena, t->submitted, t->expected), T(req, "On-time rate"),
		  rate_text(req->arena, t->on_time, t->expected));
	ui_printf(resp, "<p><a href=\"/compliance/overdue.csv\" download>%h</a></p>\n",
		  T(req, "Download the overdue organizations (CSV)"));

	if (!list.count) {
		ui_printf(resp, "<p class=\"muted\">%h</p>\n", T(req, "No organization with a reporting obligation matches."));
		ui_page_end(req, resp);
		goto done;
	}
	ui_printf(resp, "<div class=\"table-wrap\">\n<table id=\"compliance\">\n<thead><tr><th scope=\"col\">%h</th>"
			"<th scope=\"col\">%h</th><th scope=\"col\">%h</th><th scope=\"col\" class=\"num\">%h</th>"
			"<th scope=\"col\" class=\"num\">%h</th><th scope=\"col\" class=\"num\">%h</th>"
			"<th scope=\"col\" class=\"num\">%h</th><th scope=\"col\" class=\"num\">%h</th>"
			"<th scope=\"col\" class=\"num\">%h</th><th scope=\"col\">%h</th></tr></thead>\n<tbody>\n",
		  T(req, "Organization"), T(req, "Province"), T(req, "Reports to"), T(req, "Expected"),
		  T(req, "Submitted"), T(req, "On time"), T(req, "Missing"), T(req, "Submission rate"),
		  T(req, "On-time rate"), T(req, "Periods"));
	for (size_t i = 0; i < list.count; i++) {
		const ComplianceRow *row = &list.rows[i];
		const ComplianceCounts *c = &row->counts;
		if (row->overdue)
			UI_LIT(resp, "<tr class=\"overdue\"><th scope=\"row\">");
		else
			UI_LIT(resp, "<tr><th scope=\"row\">");
		ui_org_link(req, resp, row->obligation.org_id, row->obligation.org_name);
		if (row->overdue)
			ui_printf(resp, " <span class=\"badge\">%h</span>", T(req, "overdue"));
		if (row->silent)
			ui_printf(resp, " <span class=\"badge\">%h</span>", T(req, "silent for two years"));
		UI_LIT(resp, "</th><td>");
		if (row->province_pcode)
			ui_place_link(req, resp, ctx.ref->gaz, row->province_pcode, false);
		UI_LIT(resp, "</td><td>");
		if (row->obligation.authority_id)
			ui_org_link(req, resp, row->obligation.authority_id, row->obligation.authority_name);
		ui_printf(resp, " <span class=\"muted\">(%h)</span>", T(req, ui_frequency_label(row->obligation.frequency)));
		ui_printf(resp, "</td><td class=\"num\">%d</td><td class=\"num\">%d</td><td class=\"num\">%d</td>"
				"<td class=\"num\">%d</td><td class=\"num\">%h</td><td class=\"num\">%h</td><td><ul class=\"periods\">",
			  c->expected, c->submitted, c->on_time, c->missing, rate_text(req->arena, c->submitted, c->expected),
			  rate_text(req->arena, c->on_time, c->expected));
		for (size_t k = 0; k < row->period_count; k++) {
			const Period *p = &row->periods[k];
			bool kept = (f.from_day == COMPLIANCE_NO_DAY || p->last_day >= f.from_day) &&
				    (f.to_day == COMPLIANCE_NO_DAY || p->last_day <= f.to_day);
			if (!kept)
				continue;
			ui_printf(resp, "<li class=\"%h\">%h – %h", compliance_state_name(row->states[k]),
				  day_iso(req->arena, p->first_day), day_iso(req->arena, p->last_day));
			if (strcmp(row->obligation.calendar, "solar_hijri") == 0)
				ui_printf(resp, " (%h)", shamsi_months(req, p));
			UI_LIT(resp, ": ");
			if (row->report_ids[k])
				ui_printf(resp, "<a href=\"/reports/%lld\">%h</a>", (long long)row->report_ids[k],
					  T(req, state_label(row->states[k])));
			else
				ui_printf(resp, "%h", T(req, state_label(row->states[k])));
			UI_LIT(resp, "</li>");
		}
		UI_LIT(resp, "</ul></td></tr>\n");
	}
	UI_LIT(resp, "</tbody>\n</table>\n</div>\n");
	ui_page_end(req, resp);
done:
	ctx_end(&ctx);
}

/* ---- the CSV of overdue organizations ---- */

/* One CSV field (RFC 4180): quoted when it holds a comma, a quote or a
 * line break. A text a spreadsheet would read as a formula (=, +, -, @,
 * tab, CR first) is kept as text with a leading apostrophe. */
static void csv_field(Buf *b, const char *s, bool last)
{
	if (!s)
		s = "";
	bool formula = *s == '=' || *s == '+' || *s == '-' || *s == '@' || *s == '\t' || *s == '\r';
	bool quote = formula || strpbrk(s, ",\"\r\n") != NULL;
	if (quote)
		buf_putc(b, '"');
	if (formula)
		buf_putc(b, '\'');
	for (const char *p = s; *p; p++) {
		if (*p == '"')
			buf_putc(b, '"');
		buf_putc(b, *p);
	}
	if (quote)
		buf_putc(b, '"');
	buf_puts(b, last ? "\r\n" : ",");
}

void ui_compliance_overdue_csv(Req *req, Resp *resp)
{
	Ctx ctx;
	web_ctx_begin(req, &ctx);
	Errors errs = {0};
	ComplianceFilter f;
	compliance_filter_from_query(req, &ctx, &f, &errs);
	f.overdue_only = true;
	if (errs.count) {
		web_error(req, resp, 400, "invalid", errs.items[0].message);
		goto done;
	}
	ComplianceList list;
	SvcStatus st = svc_compliance(&ctx, &f, &list);
	if (st != SVC_OK) {
		ui_fail(req, resp, &ctx, st);
		goto done;
	}
	resp_type(resp, "text/csv; charset=utf-8");
	resp_header(resp, "Content-Disposition", "attachment; filename=\"overdue-organizations.csv\"");
	Buf *b = &resp->body;
	buf_puts(b, "org_id,organization,province,authority,frequency,missing_periods,oldest_missing_period_end,"
		    "oldest_missing_due,last_submitted_on,expected,submitted,on_time\r\n");
	for (size_t i = 0; i < list.count; i++) {
		const ComplianceRow *row = &list.rows[i];
		const Period *oldest = NULL;
		for (size_t k = 0; k < row->period_count && !oldest; k++)
			if (row->states[k] == PERIOD_MISSING)
				oldest = &row->periods[k];
		int missing = 0;
		for (size_t k = 0; k < row->period_count; k++)
			missing += row->states[k] == PERIOD_MISSING;
		csv_field(b, arena_printf(req->arena, "%lld", (long long)row->obligation.org_id), false);
		csv_field(b, row->obligation.org_name, false);
		csv_field(b, row->province_pcode, false);
		csv_field(b, row->obligation.authority_name, false);
		csv_field(b, row->obligation.frequency, false);
		csv_field(b, arena_printf(req->arena, "%d", missing), false);
		csv_field(b, oldest ? day_iso(req->arena, oldest->last_day) : "", false);
		csv_field(b, oldest ? day_iso(req->arena, oldest->due_day) : "", false);
		csv_field(b, row->last_submitted_on, false);
		csv_field(b, arena_printf(req->arena, "%d", row->counts.expected), false);
		csv_field(b, arena_printf(req->arena, "%d", row->counts.submitted), false);
		csv_field(b, arena_printf(req->arena, "%d", row->counts.on_time), true);
	}
done:
	ctx_end(&ctx);
}
