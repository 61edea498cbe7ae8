/*
 * ui_memberships.c — the memberships section of an organization's page:
 * the bodies, clusters, working groups and networks it belongs to (with
 * status and since when), and for a body its members, the services it
 * offers them and whether it met as often as its schedule planned.
 *
 * Everything comes from svc_* reads, which leave out organizations the
 * reader does not see. Those who may record memberships get a link to
 * the page that does (ui_membership_form.c).
 */
#include <string.h>

#include "svc/svc_coord.h"
#include "web/api.h"
#include "web/coord_web.h"
#include "web/pages.h"

static const char *status_label(const char *s)
{
	if (!s)
		return "";
	if (strcmp(s, "applied") == 0)
		return N_("Applied");
	if (strcmp(s, "member") == 0)
		return N_("Member");
	if (strcmp(s, "certified") == 0)
		return N_("Certified member");
	if (strcmp(s, "lapsed") == 0)
		return N_("Lapsed");
	return s;
}

/* One membership as a list item, naming the other side. */
static void membership_item(Req *req, Resp *resp, const Membership *m, bool name_body)
{
	UI_LIT(resp, "<li>");
	if (name_body)
		ui_org_link(req, resp, m->body_id, m->body_name);
	else
		ui_org_link(req, resp, m->org_id, m->org_name);
	ui_printf(resp, " <span class=\"badge\">%h</span>", T(req, status_label(m->status)));
	const char *span = ui_span(req, m->since, m->until);
	if (*span)
		ui_printf(resp, " <span class=\"muted\">(<bdi>%h</bdi>)</span>", span);
	if (m->note && *m->note)
		ui_printf(resp, " <span class=\"muted\">— <bdi>%h</bdi></span>", m->note);
	UI_LIT(resp, "</li>\n");
}

void ui_org_memberships(Req *req, Resp *resp, Ctx *ctx, int64_t org_id)
{
	Membership *of = NULL, *members = NULL;
	size_t n_of = 0, n_members = 0, n_services = 0;
	const char **services = NULL;
	MeetingSchedule sc;
	ScheduleCheck check;
	if (svc_memberships(ctx, org_id, 0, &of, &n_of) != SVC_OK ||
	    svc_memberships(ctx, 0, org_id, &members, &n_members) != SVC_OK ||
	    svc_body_services(ctx, org_id, &services, &n_services) != SVC_OK)
		return;
	bool scheduled = svc_schedule_check(ctx, org_id, &sc, &check) == SVC_OK;
	bool may_record = svc_may_record_memberships(ctx);
	if (!n_of && !n_members && !n_services && !scheduled && !may_record)
		return;
	ui_printf(resp, "<section aria-labelledby=\"memberships\">\n<h2 id=\"memberships\">%h</h2>\n",
		  T(req, "Memberships"));
	if (may_record)
		ui_printf(resp, "<p><a class=\"button secondary\" href=\"/orgs/%lld/memberships\">%h</a></p>\n",
			  (long long)org_id, T(req, "Add or change memberships"));
	if (n_of) {
		ui_printf(resp, "<h3>%h</h3>\n<ul id=\"member-of\">\n", T(req, "Member of"));
		for (size_t i = 0; i < n_of; i++)
			membership_item(req, resp, &of[i], true);
		UI_LIT(resp, "</ul>\n");
	}
	if (n_services) {
		ui_printf(resp, "<h3>%h</h3>\n<ul id=\"services\">\n", T(req, "Services to members"));
		for (size_t i = 0; i < n_services; i++)
			ui_printf(resp, "<li dir=\"auto\">%h</li>\n", services[i]);
		UI_LIT(resp, "</ul>\n");
	}
	if (n_members) {
		ui_printf(resp, "<h3>%h (%zu)</h3>\n<ul id=\"members\">\n", T(req, "Members"), n_members);
		for (size_t i = 0; i < n_members; i++)
			membership_item(req, resp, &members[i], false);
		UI_LIT(resp, "</ul>\n");
	}
	if (scheduled) {
		ui_printf(resp, "<h3>%h</h3>\n<p id=\"schedule\">%h, %h <bdi>%h</bdi>", T(req, "Meeting schedule"),
			  T(req, strcmp(sc.recurrence, "monthly") == 0 ? N_("Monthly") : N_("Quarterly")), T(req, "from"),
			  sc.since);
		if (sc.until)
			ui_printf(resp, " %h <bdi>%h</bdi>", T(req, "to"), sc.until);
		ui_printf(resp, ": %h %d %h %d %h; %d %h.", T(req, "met in"), check.periods_met, T(req, "of"),
			  check.periods_planned, T(req, "periods due"), check.missed, T(req, "missed"));
		if (sc.note && *sc.note)
			ui_printf(resp, " <span class=\"muted\"><bdi>%h</bdi></span>", sc.note);
		UI_LIT(resp, "</p>\n");
	}
	UI_LIT(resp, "</section>\n");
}
