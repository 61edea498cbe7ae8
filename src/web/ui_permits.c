/*
 * ui_permits.c — GET /permits: how long authorities take to decide on
 * applications (sector MoUs, tax numbers, registrations and renewals),
 * per authority and kind: median and 90th percentile of the days to a
 * decision, and the open applications older than 30, 90 and 180 days;
 * then every application the reader sees.
 *
 * The figures come from svc_waiting_times (core/coord.c computes them);
 * they count only applications the reader sees without a stated reason.
 */
#include <string.h>

#include "svc/svc_coord.h"
#include "web/api.h"
#include "web/coord_web.h"
#include "web/pages.h"

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

void ui_permits(Req *req, Resp *resp)
{
	Ctx ctx;
	web_ctx_begin(req, &ctx);
	WaitRow *rows;
	size_t n_rows;
	Application *apps;
	size_t n_apps;
	SvcStatus st = svc_waiting_times(&ctx, &rows, &n_rows);
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
