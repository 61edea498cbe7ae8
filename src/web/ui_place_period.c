/*
 * ui_place_period.c — who does what where in a place for a chosen period:
 * a section of GET /places/{pcode} (?from=&to=, partial dates), and the
 * same table as CSV at GET /places/{pcode}.csv (the place page's route
 * hands such a request here).
 *
 * The rows come from svc_place_who_what, which counts only what the
 * reader sees without a stated reason. The CSV is RFC 4180 (quoted where
 * needed), and a cell that a spreadsheet would read as a formula is
 * prefixed with an apostrophe.
 */
#include <string.h>

#include "core/buf.h"
#include "svc/svc_coord.h"
#include "web/api.h"
#include "web/coord_web.h"
#include "web/pages.h"

#define CSV_SUFFIX ".csv"

bool ui_place_csv_wanted(const Req *req)
{
	const char *p = req->params[0];
	size_t n = p ? strlen(p) : 0, k = strlen(CSV_SUFFIX);
	return n > k && strcmp(p + n - k, CSV_SUFFIX) == 0;
}

/* The period asked for: trimmed, NULL when absent. */
static void period_of(Req *req, const char **from, const char **to)
{
	*from = ui_trim(req->arena, req_query(req, "from"));
	*to = ui_trim(req->arena, req_query(req, "to"));
}

/* A district's name followed by nothing; the province for itself. */
static const char *place_label(Req *req, const Gazetteer *g, const char *pcode)
{
	const Place *p = gaz_get(g, pcode);
	return p ? ui_place_name(req, p) : pcode;
}

void ui_place_period(Req *req, Resp *resp, Ctx *ctx, const Place *p)
{
	const char *from, *to;
	period_of(req, &from, &to);
	Errors *errs = arena_zalloc(req->arena, sizeof *errs);
	WhoWhatRow *rows = NULL;
	size_t n = 0;
	long long undated = 0;
	SvcStatus st = svc_place_who_what(ctx, p->pcode, from, to, errs, &rows, &n, &undated);
	ui_printf(resp, "<section aria-labelledby=\"who-what-where\">\n<h2 id=\"who-what-where\">%h</h2>\n",
		  T(req, "Who does what where"));
	ui_printf(resp, "<form class=\"filter\" method=\"get\" action=\"/places/%U\">\n", p->pcode);
	UiField f = {.name = "from", .label = N_("From"), .value = from, .hint = N_("YYYY, YYYY-MM or YYYY-MM-DD")};
	ui_field_take_error(&f, errs);
	ui_input(req, resp, &f);
	UiField t = {.name = "to", .label = N_("To"), .value = to, .hint = N_("YYYY, YYYY-MM or YYYY-MM-DD")};
	ui_field_take_error(&t, errs);
	ui_input(req, resp, &t);
	ui_printf(resp, "<div class=\"actions\"><button type=\"submit\">%h</button></div>\n</form>\n", T(req, "Show"));
	if (st == SVC_INVALID) {
		resp->status = 400;
		UI_LIT(resp, "</section>\n");
		return;
	}
	if (st != SVC_OK) {
		ui_printf(resp, "<p class=\"muted\">%h</p>\n</section>\n", T(req, "The table could not be read."));
		return;
	}
	ui_printf(resp, "<p><a href=\"/places/%U.csv?from=%U&amp;to=%U\">%h</a></p>\n", p->pcode, from ? from : "",
		  to ? to : "", T(req, "Download as CSV"));
	if (undated)
		ui_printf(resp, "<p class=\"muted\">%h: %lld</p>\n",
			  T(req, "Projects without dates, left out of a period"), undated);
	if (!n) {
		ui_printf(resp, "<p class=\"muted\">%h</p>\n</section>\n", T(req, "No projects are recorded here."));
		return;
	}
	ui_printf(resp, "<div class=\"table-wrap\">\n<table id=\"who-what-where-table\">\n<thead><tr><th scope=\"col\">%h</th>"
			"<th scope=\"col\">%h</th><th scope=\"col\">%h</th><th scope=\"col\" class=\"num\">%h</th></tr></thead>\n<tbody>\n",
		  T(req, "Place"), T(req, "Sector"), T(req, "Organization"), T(req, "Projects"));
	for (size_t i = 0; i < n; i++) {
		const WhoWhatRow *r = &rows[i];
		UI_LIT(resp, "<tr><td>");
		ui_place_link(req, resp, ctx->ref->gaz, r->pcode, false);
		ui_printf(resp, "</td><td>%h</td><td>", ui_code(req, &ctx->ref->sectors, r->sector));
		ui_org_link(req, resp, r->org_id, r->org_name);
		const Place *at = gaz_get(ctx->ref->gaz, r->pcode);
		ui_printf(resp, "</td><td class=\"num\"><a href=\"/projects?org=%lld&amp;sector=%U&amp;%U=%U\">%lld</a></td></tr>\n",
			  (long long)r->org_id, r->sector, at && at->level == PLACE_DISTRICT ? "district" : "province",
			  r->pcode, r->projects);
	}
	UI_LIT(resp, "</tbody>\n</table>\n</div>\n</section>\n");
}

/* One CSV cell: quoted when it holds a comma, quote or line break; a
 * leading = + - @ (a formula to a spreadsheet) is escaped with '. */
static void csv_cell(Buf *b, const char *s, bool last)
{
	if (!s)
		s = "";
	bool formula = s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@';
	bool quote = formula || strpbrk(s, ",\"\r\n") != NULL;
	if (quote)
		buf_putc(b, '"');
	if (formula)
		buf_putc(b, '\'');
	for (; *s; s++) {
		if (*s == '"')
			buf_putc(b, '"');
		buf_putc(b, *s);
	}
	if (quote)
		buf_putc(b, '"');
	buf_puts(b, last ? "\r\n" : ",");
}

void ui_place_csv(Req *req, Resp *resp)
{
	const char *param = req->params[0];
	char *pcode = arena_strndup(req->arena, param, strlen(param) - strlen(CSV_SUFFIX));
	Ctx ctx;
	web_ctx_begin(req, &ctx);
	const Place *p = gaz_get(ctx.ref->gaz, pcode);
	if (!p || p->level == PLACE_COUNTRY || strcmp(p->pcode, pcode) != 0) {
		ui_not_found(req, resp);
		goto done;
	}
	const char *from, *to;
	period_of(req, &from, &to);
	Errors errs;
	errors_clear(&errs);
	WhoWhatRow *rows;
	size_t n;
	long long undated;
	SvcStatus st = svc_place_who_what(&ctx, p->pcode, from, to, &errs, &rows, &n, &undated);
	if (st == SVC_INVALID) {
		web_error(req, resp, 400, "invalid", errs.count && strcmp(errs.items[0].field, "to") == 0
							  ? N_("to: not a date, or before from")
							  : N_("from or to is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD"));
		goto done;
	}
	if (st != SVC_OK) {
		ui_fail(req, resp, &ctx, st);
		goto done;
	}
	Buf *b = &resp->body;
	buf_puts(b, "pcode,place,sector_code,sector,org_id,organization,projects\r\n");
	for (size_t i = 0; i < n; i++) {
		const WhoWhatRow *r = &rows[i];
		csv_cell(b, r->pcode, false);
		csv_cell(b, place_label(req, ctx.ref->gaz, r->pcode), false);
		csv_cell(b, r->sector, false);
		csv_cell(b, ui_code(req, &ctx.ref->sectors, r->sector), false);
		csv_cell(b, arena_printf(req->arena, "%lld", (long long)r->org_id), false);
		csv_cell(b, r->org_name, false);
		csv_cell(b, arena_printf(req->arena, "%lld", r->projects), true);
	}
	resp_type(resp, "text/csv; charset=utf-8");
	resp_header(resp, "Content-Disposition",
		    arena_printf(req->arena, "attachment; filename=\"who-what-where-%s.csv\"", p->pcode));
done:
	ctx_end(&ctx);
}
