/*
 * ui_history.c — GET /orgs/{id}/history, GET /projects/{id}/history (a
 * record's changes, for whoever reads the record) and GET /audit (the
 * whole trail, for administrators).
 *
 * What a reader may see of a change is the service's decision
 * (svc_record_history); these pages lay it out.
 */
#include <stdio.h>
#include <string.h>

#include "web/api.h"
#include "svc/svc_merge.h"
#include "web/pages.h"

#define TRAIL_PAGE 100
#define VALUE_SHOWN_MAX 240 /* bytes of a value shown in a history; the record has the rest */

const char *ui_action_label(const char *action)
{
	if (strcmp(action, "create") == 0)
		return N_("Added");
	if (strcmp(action, "update") == 0)
		return N_("Changed");
	if (strcmp(action, "delete") == 0)
		return N_("Removed");
	if (strcmp(action, "merge") == 0)
		return N_("Merged");
	if (strcmp(action, "unmerge") == 0)
		return N_("Merge undone");
	return action;
}

const char *ui_entity_label(const char *entity)
{
	static const struct {
		const char *entity;
		const char *label;
	} labels[] = {
		{"org", N_("Organization")}, {"project", N_("Project")},  {"relation", N_("Relation")},
		{"award", N_("Award")},      {"meeting", N_("Meeting")},  {"user", N_("User")},
		{"api_token", N_("API token")},
	};
	for (size_t i = 0; i < sizeof labels / sizeof labels[0]; i++)
		if (strcmp(entity, labels[i].entity) == 0)
			return labels[i].label;
	return entity;
}

/* The label of a record's field (its JSON name), a message id; the name
 * itself for a field without one. */
const char *ui_field_label(const char *field)
{
	static const struct {
		const char *field;
		const char *label;
	} labels[] = {
		{"name_en", N_("Name in English")},   {"name_prs", N_("Name in Dari")},
		{"name_pus", N_("Name in Pashto")},   {"acronym", N_("Acronym")},
		{"aliases", N_("Other names")},       {"kind", N_("Kind")},
		{"parent_id", N_("Parent organization")}, {"registration", N_("Registration")},
		{"tin", N_("Tax number (TIN)")},      {"website", N_("Website")},
		{"description", N_("Description")},  {"staff_total", N_("Staff")},
		{"staff_female", N_("Female staff")}, {"women_led", N_("Women-led")},
		{"status", N_("Status")},             {"visibility", N_("Visibility")},
		{"source", N_("Source")},             {"offices", N_("Offices")},
		{"sectors", N_("Sectors")},           {"title_en", N_("Title in English")},
		{"title_prs", N_("Title in Dari")},   {"title_pus", N_("Title in Pashto")},
		{"description_en", N_("Description in English")},
		{"description_prs", N_("Description in Dari")},
		{"description_pus", N_("Description in Pashto")},
		{"start_date", N_("Start")},          {"end_date", N_("End")},
		{"budget", N_("Budget")},             {"currency", N_("Currency")},
		{"note", N_("Note")},                 {"orgs", N_("Organizations")},
		{"places", N_("Places")},             {"targets", N_("Target groups")},
		{"results", N_("Results")},
		{"merged_into", N_("Merged into")}, {"merged_from", N_("Merged from")},
		{"unmerged_from", N_("Merge undone with")}, {"moved", N_("Moved by the merge")},
		{"fields_filled", N_("Filled from the merged record")},
		{"fields_differ", N_("Different in the merged record (kept as it was)")},
		{"reg_number", N_("Registration number")}, {"reg_date", N_("Registration date")},
		{"reg_authority_id", N_("Registered by")},
	};
	for (size_t i = 0; i < sizeof labels / sizeof labels[0]; i++)
		if (strcmp(field, labels[i].field) == 0)
			return labels[i].label;
	return field;
}

/* A value cut to VALUE_SHOWN_MAX bytes on a character boundary, with an
 * ellipsis when cut. */
static const char *shown_value(Arena *a, const char *value)
{
	size_t len = strlen(value);
	if (len <= VALUE_SHOWN_MAX)
		return value;
	size_t cut = VALUE_SHOWN_MAX;
	while (cut > 0 && ((unsigned char)value[cut] & 0xC0) == 0x80)
		cut--; /* not inside a UTF-8 sequence */
	return arena_printf(a, "%.*s…", (int)cut, value);
}

static void field_value(Req *req, Resp *resp, const char *value)
{
	if (value)
		ui_printf(resp, "<bdi>%h</bdi>", shown_value(req->arena, value));
	else
		ui_printf(resp, "<span class=\"muted\">%h</span>", T(req, "(none)"));
}

static void change_fields(Req *req, Resp *resp, const RecordChange *c)
{
	if (c->field_count == 0) {
		ui_printf(resp, "<span class=\"muted\">%h</span>", T(req, "No field changed."));
		return;
	}
	UI_LIT(resp, "<ul class=\"changes\">\n");
	for (size_t i = 0; i < c->field_count; i++) {
		const FieldChange *f = &c->fields[i];
		ui_printf(resp, "<li><strong>%h</strong>: ", T(req, ui_field_label(f->field)));
		if (!f->shown) {
			ui_printf(resp, "%h", T(req, "changed"));
		} else {
			field_value(req, resp, f->before);
			UI_LIT(resp, " → ");
			field_value(req, resp, f->after);
		}
		UI_LIT(resp, "</li>\n");
	}
	UI_LIT(resp, "</ul>\n");
	if (c->values_hidden)
		ui_printf(resp, "<p class=\"muted\">%h</p>\n",
			  T(req, "The values of this version are not shown: it was more closed than what you may see."));
}

/* The page of a record's history: entity "org" or "project". */
static void record_history(Req *req, Resp *resp, const char *entity)
{
	int64_t id;
	if (!parse_id(req->params[0], &id)) {
		ui_not_found(req, resp);
		return;
	}
	Ctx ctx;
	web_ctx_begin(req, &ctx);
	const char *name = "";
	const char *href = "";
	SvcStatus st;
	if (strcmp(entity, "org") == 0) {
		Org o;
		st = svc_org_get(&ctx, id, &o);
		if (st == SVC_OK) {
			name = ui_org_name(req, &o);
			href = arena_printf(req->arena, "/orgs/%lld", (long long)id);
		}
	} else {
		Project p;
		st = svc_project_get(&ctx, id, &p);
		if (st == SVC_OK) {
			name = ui_pick(req, p.title_en, p.title_prs, p.title_pus, NULL);
			href = arena_printf(req->arena, "/projects/%lld", (long long)id);
		}
	}
	int64_t into = 0;
	if (st == SVC_NOT_FOUND && svc_merged_into(&ctx, entity, id, &into) == SVC_OK && into) {
		/* merged: its history stays, its record is the one kept */
		name = arena_printf(req->arena, "%s %lld", T(req, "merged record"), (long long)id);
		href = arena_printf(req->arena, "%s/%lld", strcmp(entity, "org") == 0 ? "/orgs" : "/projects",
				    (long long)into);
		st = SVC_OK;
	}
	RecordChange *changes = NULL;
	size_t count = 0;
	if (st == SVC_OK)
		st = svc_record_history(&ctx, entity, id, HISTORY_MAX, &changes, &count);
	bool undoable = false;
	if (st == SVC_OK && into && svc_may_merge(&ctx))
		st = svc_merge_undoable(&ctx, entity, id, into, &undoable);
	if (st != SVC_OK) {
		ui_fail(req, resp, &ctx, st);
		goto done;
	}

	ui_page_begin(req, resp, T(req, "History"));
	ui_printf(resp, "<h1>%h: <bdi>%h</bdi></h1>\n<p><a href=\"%h\">%h</a></p>\n", T(req, "History"),
		  name, href, T(req, "Back to the record"));
	if (into && svc_may_merge(&ctx) && !undoable)
		ui_printf(resp, "<p class=\"muted\">%h</p>\n",
			  T(req, "This merge was made before merges were recorded: it cannot be undone here."));
	if (undoable) {
		/* the merge can be undone from the page of the record merged away */
		char id_text[32];
		snprintf(id_text, sizeof id_text, "%lld", (long long)id);
		UI_LIT(resp, "<form method=\"post\" action=\"/review/duplicates/unmerge\">\n");
		ui_csrf_field(req, resp);
		ui_hidden(resp, "kind", strcmp(entity, "org") == 0 ? "orgs" : "projects");
		ui_hidden(resp, "id", id_text);
		ui_printf(resp, "<p><button type=\"submit\">%h</button> <span class=\"muted\">%h</span></p>\n</form>\n",
			  T(req, "Undo this merge"),
			  T(req, "The record comes back, with what was moved from it; names and fields it gave the kept record are taken back where unchanged."));
	}
	if (count == 0) {
		ui_printf(resp, "<p class=\"muted\">%h</p>\n", T(req, "No changes recorded."));
	} else {
		ui_printf(resp, "<div class=\"table-wrap\">\n<table>\n<thead><tr><th scope=\"col\">%h</th>"
				"<th scope=\"col\">%h</th><th scope=\"col\">%h</th><th scope=\"col\">%h</th></tr></thead>\n<tbody>\n",
			  T(req, "When (UTC)"), T(req, "Who"), T(req, "What"), T(req, "Changes"));
		for (size_t i = 0; i < count; i++) {
			const RecordChange *c = &changes[i];
			ui_printf(resp, "<tr><td><time datetime=\"%h\">%h</time></td><td><bdi>%h</bdi></td><td>%h</td><td>",
				  c->at, c->at, c->actor, T(req, ui_action_label(c->action)));
			change_fields(req, resp, c);
			UI_LIT(resp, "</td></tr>\n");
		}
		UI_LIT(resp, "</tbody>\n</table>\n</div>\n");
	}
	ui_page_end(req, resp);
done:
	ctx_end(&ctx);
}

void ui_org_history(Req *req, Resp *resp)
{
	record_history(req, resp, "org");
}

void ui_project_history(Req *req, Resp *resp)
{
	record_history(req, resp, "project");
}

/* A link to the history page of an entry's record, for kinds that have one. */
static void entry_record(Req *req, Resp *resp, const AuditEntry *e)
{
	const char *base = strcmp(e->entity, "org") == 0       ? "/orgs"
			   : strcmp(e->entity, "project") == 0 ? "/projects"
							       : NULL;
	if (base)
		ui_printf(resp, "<a href=\"%h/%lld/history\">%h %lld</a>", base, (long long)e->entity_id,
			  T(req, ui_entity_label(e->entity)), (long long)e->entity_id);
	else
		ui_printf(resp, "%h %lld", T(req, ui_entity_label(e->entity)), (long long)e->entity_id);
}

static void snapshot(Req *req, Resp *resp, const char *label, const char *json)
{
	if (!json)
		return;
	ui_printf(resp, "<details><summary>%h</summary><pre dir=\"ltr\">%h</pre></details>\n",
		  T(req, label), json);
}

void ui_audit_trail(Req *req, Resp *resp)
{
	const char *entity = req_query(req, "entity");
	if (entity && !*entity)
		entity = NULL;
	int64_t before = 0;
	const char *before_text = req_query(req, "before");
	if (before_text && *before_text && !parse_id(before_text, &before)) {
		ui_not_found(req, resp);
		return;
	}
	Ctx ctx;
	web_ctx_begin(req, &ctx);
	AuditEntry *entries = NULL;
	size_t count = 0;
	SvcStatus st = svc_audit_trail(&ctx, entity, before, TRAIL_PAGE, &entries, &count);
	if (st != SVC_OK) {
		ui_fail(req, resp, &ctx, st);
		goto done;
	}
	ui_page_begin(req, resp, T(req, "Audit trail"));
	ui_printf(resp, "<h1>%h</h1>\n<p>%h</p>\n", T(req, "Audit trail"),
		  T(req, "Every write, newest first, with the record before and after. Each entry is chained to the one before it by hash; 'hamahang check' verifies the chain."));
	ui_printf(resp, "<form method=\"get\" action=\"/audit\">\n<div class=\"field\">\n<label for=\"entity\">%h</label>\n"
			"<select id=\"entity\" name=\"entity\">\n<option value=\"\">%h</option>\n",
		  T(req, "Kind of record"), T(req, "All"));
	static const char *const kinds[] = {"org", "project", "relation", "award", "meeting", "user", "api_token"};
	for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
		ui_printf(resp, "<option value=\"%h\"%h>%h</option>\n", kinds[i],
			  entity && strcmp(entity, kinds[i]) == 0 ? " selected" : "",
			  T(req, ui_entity_label(kinds[i])));
	ui_printf(resp, "</select>\n</div>\n<button type=\"submit\">%h</button>\n</form>\n", T(req, "Show"));

	if (count == 0) {
		ui_printf(resp, "<p class=\"muted\">%h</p>\n", T(req, "No changes recorded."));
	} else {
		ui_printf(resp, "<div class=\"table-wrap\">\n<table>\n<thead><tr><th scope=\"col\">#</th><th scope=\"col\">%h</th>"
				"<th scope=\"col\">%h</th><th scope=\"col\">%h</th><th scope=\"col\">%h</th><th scope=\"col\">%h</th></tr></thead>\n<tbody>\n",
			  T(req, "When (UTC)"), T(req, "Who"), T(req, "What"), T(req, "Record"), T(req, "Versions"));
		for (size_t i = 0; i < count; i++) {
			const AuditEntry *e = &entries[i];
			ui_printf(resp, "<tr><td>%lld</td><td><time datetime=\"%h\">%h</time></td><td><bdi>%h</bdi></td><td>%h</td><td>",
				  (long long)e->id, e->at, e->at, e->actor, T(req, ui_action_label(e->action)));
			entry_record(req, resp, e);
			UI_LIT(resp, "</td><td>");
			snapshot(req, resp, N_("Before"), e->before);
			snapshot(req, resp, N_("After"), e->after);
			UI_LIT(resp, "</td></tr>\n");
		}
		UI_LIT(resp, "</tbody>\n</table>\n</div>\n");
		if (count == TRAIL_PAGE)
			ui_printf(resp, "<p><a href=\"/audit?entity=%U&amp;before=%lld\">%h</a></p>\n",
				  entity ? entity : "", (long long)entries[count - 1].id, T(req, "Older entries"));
	}
	ui_page_end(req, resp);
done:
	ctx_end(&ctx);
}
