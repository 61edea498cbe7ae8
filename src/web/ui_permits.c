/*
 * ui_permits.c — GET /permits: how long authorities take to decide on
 * applications (sector MoUs, tax numbers, registrations and renewals),
 * per authority and kind: median and 90th percentile of the days to a
 * decision (a chart and a table), and the open applications older than
 * 30, 90 and 180 days; a map of the applications still waiting per
 * province of the applicant's head office; then every application the
 * reader sees.
 *
 * The figures come from svc_waiting_times and svc_waiting_by_province
 * (core/coord.c computes them); they count only applications the reader
 * sees without a stated reason.
 */
#include <string.h>

#include "core/text.h"
#include "svc/svc_coord.h"
#include "web/api.h"
#include "web/coord_web.h"
#include "web/pages.h"
#include "web/svg_chart.h"
#include "web/ui_maps.h"

/* Message id of an application kind or outcome. */
static const char *kind_label(const char *k)
{
	static const char *const names[][2] = {
		{"sector_mou", N_("Sector MoU")},
		{"tin", N_("Tax number (TIN)")},
		{"registration", N_("Registration")},
		{"registration_renewal", N_("Registration renewal")},
		{"pending", N_("Pending")},
		{"approved", N_("Approved")},
		{"refused", N_("Refused")},
		{"withdrawn", N_("Withdrawn")},
	};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (k && strcmp(k, names[i][0]) == 0)
			return names[i][1];
	return k ? k : "";
}

static const char *days_text(Req *req, long days)
{
	return days < 0 ? "—" : ui_count(req->arena, days);
}

/* An authority's name for a chart's label, which has room for about 80
 * characters: cut after CHART_NAME_CHARS with an ellipsis (the table below
 * the chart names it in full). */
#define CHART_NAME_CHARS 40

static const char *chart_name(Req *req, const char *name)
{
	if (!name)
		return "";
	size_t keep = text_prefix_bytes(name, CHART_NAME_CHARS);
	if (!name[keep])
		return name;
	return arena_printf(req->arena, "%.*s…", (int)keep, name);
}

/* The chart above the table of waiting times: two bars per authority and
 * kind with decided applications, the median (solid) and the 90th
 * percentile (dotted) of the days to a decision; nothing when no row has a
 * decided application. */
static void waiting_chart(Req *req, Resp *resp, const WaitRow *rows, size_t n)
{
	ChartBar *bars = arena_alloc(req->arena, (2 * n + 1) * sizeof *bars);
	size_t count = 0;
	for (size_t i = 0; i < n; i++) {
		const WaitRow *r = &rows[i];
		if (!r->stats.decided || r->stats.median_days < 0 || r->stats.p90_days < 0)
			continue;
		const char *who = arena_printf(req->arena, "%s — %s", chart_name(req, r->authority_name),
					       T(req, kind_label(r->kind)));
		bars[count++] = (ChartBar){
			.label = arena_printf(req->arena, "%s: %s", who, T(req, "Median days")),
			.value = r->stats.median_days,
			.value_text = ui_count(req->arena, r->stats.median_days),
			.style = BAR_PLAIN,
		};
		bars[count++] = (ChartBar){
			.label = arena_printf(req->arena, "%s: %s", who, T(req, "90th percentile")),
			.value = r->stats.p90_days,
			.value_text = ui_count(req->arena, r->stats.p90_days),
			.style = BAR_OTHER,
		};
	}
	if (!count)
		return;
	ChartSpec spec = {.id = "waiting-chart", .label = T(req, "Waiting times per authority")};
	UI_LIT(resp, "<figure class=\"chart-figure\">\n");
	svg_bar_chart(&resp->body, &spec, bars, count);
	ui_printf(resp, "\n<figcaption class=\"map-note\">%h</figcaption>\n</figure>\n",
		  T(req, "Days from submission to decision of the decided applications, per authority and kind: "
			 "the median in solid bars, the 90th percentile in dotted bars. The same figures are in the table."));
}

/* The map of applications still waiting per province. */
static void waiting_map(Req *req, Resp *resp, Ctx *ctx, const ProvinceFigure *figs, size_t n, long long unplaced)
{
	const Place *country = gaz_get(ctx->ref->gaz, "AF");
	if (!country)
		return;
	MapFigure *figures = arena_alloc(req->arena, (n ? n : 1) * sizeof *figures);
	for (size_t i = 0; i < n; i++)
		figures[i] = (MapFigure){.pcode = figs[i].pcode, .value = figs[i].value};
	MapTexts t = {
		.id = "waiting-map",
		.heading = T(req, "Applications waiting per province"),
		.figure = T(req, "Applications waiting"),
		.note = T(req, "The number on a province is the count of applications still waiting for a decision, "
			       "by the province of the applicant's head office; a province with none is hatched. Each "
			       "province links to its place."),
		.unplaced = T(req, "Head office not known"),
		.unplaced_value = unplaced,
	};
	ui_area_map(req, resp, ctx->ref, country, figures, n, &t, NULL);
}

void ui_permits(Req *req, Resp *resp)
{
	Ctx ctx;
	web_ctx_begin(req, &ctx);
	WaitRow *rows;
	size_t n_rows;
	Application *apps;
	size_t n_apps;
	ProvinceFigure *waiting;
	size_t n_waiting;
	long long unplaced;
	SvcStatus st = svc_waiting_times(&ctx, &rows, &n_rows);
	if (st == SVC_OK)
		st = svc_waiting_by_province(&ctx, &waiting, &n_waiting, &unplaced);
	if (st == SVC_OK)
		st = svc_applications(&ctx, 0, 0, &apps, &n_apps);
	if (st != SVC_OK) {
		ui_fail(req, resp, &ctx, st);
		goto done;
	}
	ui_page_begin(req, resp, T(req, "Waiting times of permits and MoUs"));
	ui_printf(resp, "<h1>%h</h1>\n<p>%h</p>\n", T(req, "Waiting times of permits and MoUs"),
		  T(req, "Days from submission to decision, per authority and kind of application. The median and the "
			 "90th percentile are values of decided applications (nearest rank: 90% were decided within "
			 "that many days); open applications are counted by how long they have waited until today. "
			 "Withdrawn applications and those whose submission date is not known are left out."));
	if (!n_rows) {
		ui_printf(resp, "<p class=\"muted\">%h</p>\n", T(req, "None recorded."));
	} else {
		waiting_chart(req, resp, rows, n_rows);
		ui_printf(resp, "<div class=\"table-wrap\">\n<table id=\"waiting-times\">\n<thead><tr><th scope=\"col\">%h</th><th scope=\"col\">%h</th>"
				"<th scope=\"col\" class=\"num\">%h</th><th scope=\"col\" class=\"num\">%h</th><th scope=\"col\" class=\"num\">%h</th>"
				"<th scope=\"col\" class=\"num\">%h</th><th scope=\"col\" class=\"num\">%h</th><th scope=\"col\" class=\"num\">%h</th>"
				"<th scope=\"col\" class=\"num\">%h</th></tr></thead>\n<tbody>\n",
			  T(req, "Authority"), T(req, "Kind"), T(req, "Decided"), T(req, "Median days"), T(req, "90th percentile"),
			  T(req, "Open"), T(req, "Open over 30 days"), T(req, "Open over 90 days"), T(req, "Open over 180 days"));
		for (size_t i = 0; i < n_rows; i++) {
			const WaitRow *r = &rows[i];
			UI_LIT(resp, "<tr><th scope=\"row\">");
			ui_org_link(req, resp, r->authority_id, r->authority_name);
			ui_printf(resp, "</th><td>%h</td><td class=\"num\">%zu</td><td class=\"num\">%h</td><td class=\"num\">%h</td>"
					"<td class=\"num\">%zu</td><td class=\"num\">%zu</td><td class=\"num\">%zu</td><td class=\"num\">%zu</td></tr>\n",
				  T(req, kind_label(r->kind)), r->stats.decided, days_text(req, r->stats.median_days),
				  days_text(req, r->stats.p90_days), r->stats.open, r->stats.open_over_30,
				  r->stats.open_over_90, r->stats.open_over_180);
		}
		UI_LIT(resp, "</tbody>\n</table>\n</div>\n");
	}
	waiting_map(req, resp, &ctx, waiting, n_waiting, unplaced);
	ui_printf(resp, "<h2>%h</h2>\n", T(req, "Applications"));
	if (svc_may_record_applications(&ctx))
		ui_printf(resp, "<p><a class=\"button secondary\" href=\"/permits/new\">%h</a></p>\n",
			  T(req, "Register an application"));
	if (n_apps) {
		ui_printf(resp, "<div class=\"table-wrap\">\n<table id=\"applications\">\n<thead><tr><th scope=\"col\">%h</th><th scope=\"col\">%h</th>"
				"<th scope=\"col\">%h</th><th scope=\"col\">%h</th><th scope=\"col\">%h</th><th scope=\"col\">%h</th>"
				"<th scope=\"col\">%h</th></tr></thead>\n<tbody>\n",
			  T(req, "Organization"), T(req, "Authority"), T(req, "Kind"), T(req, "Submitted"), T(req, "Decided"),
			  T(req, "Outcome"), T(req, "Note"));
		for (size_t i = 0; i < n_apps; i++) {
			const Application *a = &apps[i];
			ui_printf(resp, "<tr id=\"application-%lld\"><td>", (long long)a->id);
			ui_org_link(req, resp, a->org_id, a->org_name);
			UI_LIT(resp, "</td><td>");
			ui_org_link(req, resp, a->authority_id, a->authority_name);
			ui_printf(resp, "</td><td>%h</td><td>%h</td><td>%h</td><td>%h", T(req, kind_label(a->kind)),
				  a->submitted ? a->submitted : "", a->decided ? a->decided : "", T(req, kind_label(a->outcome)));
			if (strcmp(a->outcome, "pending") == 0 && svc_may_write_application(&ctx, a))
				ui_printf(resp, " <a href=\"/permits/%lld/decision\">%h</a>", (long long)a->id,
					  T(req, "Record the decision"));
			ui_printf(resp, "</td><td><bdi>%h</bdi></td></tr>\n", a->note ? a->note : "");
		}
		UI_LIT(resp, "</tbody>\n</table>\n</div>\n");
	}
	ui_page_end(req, resp);
done:
	ctx_end(&ctx);
}
