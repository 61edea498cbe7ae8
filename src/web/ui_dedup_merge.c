/*
 * ui_dedup_merge.c — merging a pair from the review of likely duplicates:
 * GET /review/duplicates/merge shows both records and asks which one is
 * kept; POST /review/duplicates/merge merges the other into it (CSRF,
 * coordinators and administrators: svc_merge.h decides) and goes to the
 * record kept. Also the old address of a merged record: its page answers
 * with the record kept, which says what was merged into it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "svc/svc_merge.h"
#include "web/api.h"
#include "web/dedup_web.h"
#include "web/pages.h"

static const char *record_base(const char *entity)
{
	return strcmp(entity, "org") == 0 ? "/orgs" : "/projects";
}

bool ui_merged_redirect(Req *req, Resp *resp, Ctx *ctx, const char *entity, int64_t id)
{
	int64_t into;
	if (svc_merged_into(ctx, entity, id, &into) != SVC_OK || !into)
		return false;
	(void)req;
	char location[96];
	snprintf(location, sizeof location, "%s/%lld?merged=%lld", record_base(entity), (long long)into,
		 (long long)id);
	resp_redirect(resp, location);
	return true;
}

void ui_merged_note(Req *req, Resp *resp, Ctx *ctx, const char *entity, int64_t id)
{
	const char *given = req_query(req, "merged");
	int64_t merged, into;
	if (!given || !parse_id(given, &merged) || svc_merged_into(ctx, entity, merged, &into) != SVC_OK ||
	    into != id)
		return;
	ui_printf(resp, "<p role=\"status\" class=\"notice\">%h <a href=\"%h/%lld/history\"><bdi>%lld</bdi></a> %h</p>\n",
		  T(req, "Record"), record_base(entity), (long long)merged, (long long)merged,
		  T(req, "was merged into this one; its history stays readable."));
}

/* ---- the confirm step ---- */

typedef struct MergePair {
	const char *kind;     /* "orgs" or "projects" */
	const char *entity;   /* "org" or "project" */
	int64_t a, b;
	int64_t keep;         /* a, b, or 0 when not chosen */
} MergePair;

/* The name of a record the actor sees; NULL when it does not. */
static const char *record_name(Req *req, Ctx *ctx, const MergePair *m, int64_t id, Visibility *vis)
{
	if (strcmp(m->entity, "org") == 0) {
		Org o;
		if (svc_org_get(ctx, id, &o) != SVC_OK)
			return NULL;
		*vis = o.visibility;
		return ui_org_name(req, &o);
	}
	Project p;
	if (svc_project_get(ctx, id, &p) != SVC_OK)
		return NULL;
	*vis = p.visibility;
	return ui_pick(req, p.title_en, p.title_prs, p.title_pus, NULL);
}

static void read_pair(Req *req, bool form, MergePair *m, Errors *errs)
{
	const char *(*get)(const Req *, const char *) = form ? req_form : req_query;
	const char *kind = get(req, "kind");
	memset(m, 0, sizeof *m);
	m->kind = kind && strcmp(kind, "orgs") == 0 ? "orgs" : "projects";
	m->entity = strcmp(m->kind, "orgs") == 0 ? "org" : "project";
	if (kind && strcmp(kind, "orgs") != 0 && strcmp(kind, "projects") != 0)
		errors_add(errs, "kind", "must be projects or orgs", NULL);
	const char *a = get(req, "a"), *b = get(req, "b"), *keep = get(req, "keep");
	if (!a || !parse_id(a, &m->a))
		errors_add(errs, "a", "must be the number of a record", NULL);
	if (!b || !parse_id(b, &m->b))
		errors_add(errs, "b", "must be the number of a record", NULL);
	if (keep && *keep && (!parse_id(keep, &m->keep) || (m->keep != m->a && m->keep != m->b)))
		errors_add(errs, "keep", "must be one of the two records", NULL);
}

static void choice(Req *req, Resp *resp, const MergePair *m, int64_t id, const char *name, Visibility vis)
{
	char value[32];
	snprintf(value, sizeof value, "%lld", (long long)id);
	ui_printf(resp, "<label class=\"choice\"><input type=\"radio\" name=\"keep\" value=\"%h\"", value);
	if (m->keep == id)
		UI_LIT(resp, " checked");
	ui_printf(resp, " required> <a href=\"%h/%lld\" dir=\"auto\">%h</a> <span class=\"muted\">(<bdi>%lld</bdi>, %h)</span></label>\n",
		  record_base(m->entity), (long long)id,
		  name && *name ? name : T(req, "(no name)"), (long long)id, T(req, ui_visibility(vis)));
}

/* A list of field labels. */
static void field_list(Req *req, Resp *resp, const char *const *fields, size_t count)
{
	for (size_t i = 0; i < count; i++) {
		if (i)
			UI_LIT(resp, ", ");
		ui_printf(resp, "%h", T(req, ui_field_label(fields[i])));
	}
}

/* What keeping keep would fill from drop, and where the two disagree. */
static void fields_preview(Req *req, Resp *resp, Ctx *ctx, const MergePair *m, int64_t keep,
			   int64_t drop, const char *keep_name)
{
	MergeFields f;
	if (svc_merge_preview(ctx, m->entity, keep, drop, &f) != SVC_OK)
		return;
	ui_printf(resp, "<p class=\"merge-fields\">%h <bdi>%h</bdi>: ", T(req, "If you keep"),
		  keep_name && *keep_name ? keep_name : T(req, "(no name)"));
	if (f.filled_count) {
		ui_printf(resp, "%h ", T(req, "filled from the other record:"));
		field_list(req, resp, f.filled, f.filled_count);
	} else {
		ui_printf(resp, "%h", T(req, "no field is filled from the other record"));
	}
	if (f.differ_count) {
		ui_printf(resp, ". %h ", T(req, "Different in the other record, this record's value stays:"));
		field_list(req, resp, f.differ, f.differ_count);
	}
	UI_LIT(resp, ".</p>\n");
}

static void render_form(Req *req, Resp *resp, Ctx *ctx, const MergePair *m, const Errors *errs)
{
	Visibility va = VIS_PUBLIC, vb = VIS_PUBLIC;
	const char *na = record_name(req, ctx, m, m->a, &va), *nb = record_name(req, ctx, m, m->b, &vb);
	if (!na || !nb) {
		ui_fail(req, resp, ctx, SVC_NOT_FOUND);
		return;
	}
	ui_page_begin(req, resp, T(req, "Merge two records"));
	ui_printf(resp, "<h1>%h</h1>\n<p>%h</p>\n", T(req, "Merge two records"),
		  T(req, "Choose the record to keep. Everything that points at the other record will point at it; the other record's names become alternate names; fields the kept record lacks are filled from the other record; the other record is not deleted but marked merged, and its history stays. A merge can be undone from the history page of the record merged away."));
	ui_errors_summary(req, resp, errs);
	UI_LIT(resp, "<form method=\"post\" action=\"/review/duplicates/merge\">\n");
	ui_csrf_field(req, resp);
	ui_hidden(resp, "kind", m->kind);
	char id[32];
	snprintf(id, sizeof id, "%lld", (long long)m->a);
	ui_hidden(resp, "a", id);
	snprintf(id, sizeof id, "%lld", (long long)m->b);
	ui_hidden(resp, "b", id);
	ui_printf(resp, "<fieldset id=\"keep\">\n<legend>%h</legend>\n", T(req, "Record to keep"));
	choice(req, resp, m, m->a, na, va);
	choice(req, resp, m, m->b, nb, vb);
	UI_LIT(resp, "</fieldset>\n");
	fields_preview(req, resp, ctx, m, m->a, m->b, na);
	fields_preview(req, resp, ctx, m, m->b, m->a, nb);
	ui_printf(resp, "<label for=\"note\">%h</label>\n<input type=\"text\" id=\"note\" name=\"note\" maxlength=\"%d\" dir=\"auto\">\n",
		  T(req, "Note"), MERGE_NOTE_MAX);
	ui_printf(resp, "<p><button type=\"submit\">%h</button> <a href=\"/review/duplicates?kind=%U\">%h</a></p>\n</form>\n",
		  T(req, "Merge: keep the chosen record"), m->kind, T(req, "Cancel"));
	ui_page_end(req, resp);
}

void ui_dedup_merge_form(Req *req, Resp *resp)
{
	Ctx ctx;
	web_ctx_begin(req, &ctx);
	if (!svc_may_merge(&ctx)) {
		ui_fail(req, resp, &ctx, SVC_FORBIDDEN);
		ctx_end(&ctx);
		return;
	}
	Errors *errs = arena_zalloc(req->arena, sizeof *errs);
	MergePair m;
	read_pair(req, false, &m, errs);
	if (errs->count || m.a == m.b)
		ui_not_found(req, resp);
	else
		render_form(req, resp, &ctx, &m, errs);
	ctx_end(&ctx);
}

void ui_dedup_merge(Req *req, Resp *resp)
{
	Ctx ctx;
	web_ctx_begin(req, &ctx);
	Errors *errs = arena_zalloc(req->arena, sizeof *errs);
	MergePair m;
	read_pair(req, true, &m, errs);
	if (!m.keep && !errs->count)
		errors_add(errs, "keep", "choose the record to keep", NULL);
	const char *note = ui_trim(req->arena, req_form(req, "note"));
	SvcStatus st;
	MergeResult r;
	if (!svc_may_merge(&ctx))
		st = SVC_FORBIDDEN;
	else if (errs->count)
		st = SVC_INVALID;
	else if (strcmp(m.entity, "org") == 0)
		st = svc_org_merge(&ctx, m.keep, m.keep == m.a ? m.b : m.a, note, errs, &r);
	else
		st = svc_project_merge(&ctx, m.keep, m.keep == m.a ? m.b : m.a, note, errs, &r);
	if (st == SVC_OK) {
		char location[96];
		snprintf(location, sizeof location, "%s/%lld?merged=%lld", record_base(m.entity),
			 (long long)m.keep, (long long)(m.keep == m.a ? m.b : m.a));
		resp_redirect(resp, location);
	} else if (st == SVC_INVALID && m.a && m.b && m.a != m.b) {
		render_form(req, resp, &ctx, &m, errs);
		if (resp->status == 200)
			resp->status = 422;
	} else {
		ui_fail(req, resp, &ctx, st == SVC_INVALID ? SVC_NOT_FOUND : st);
	}
	ctx_end(&ctx);
}

/* ---- undoing a merge ---- */

void ui_dedup_unmerge(Req *req, Resp *resp)
{
	Ctx ctx;
	web_ctx_begin(req, &ctx);
	Errors *errs = arena_zalloc(req->arena, sizeof *errs);
	const char *kind = req_form(req, "kind"), *id_text = req_form(req, "id");
	bool orgs = kind && strcmp(kind, "orgs") == 0;
	int64_t id = 0;
	SvcStatus st;
	UnmergeResult r;
	if (!svc_may_merge(&ctx))
		st = SVC_FORBIDDEN;
	else if (!kind || (!orgs && strcmp(kind, "projects") != 0) || !id_text || !parse_id(id_text, &id))
		st = SVC_NOT_FOUND;
	else
		st = svc_merge_undo(&ctx, orgs ? "org" : "project", id, errs, &r);
	if (st == SVC_OK) {
		char location[96];
		snprintf(location, sizeof location, "%s/%lld/history", orgs ? "/orgs" : "/projects",
			 (long long)id);
		resp_redirect(resp, location);
	} else if (st == SVC_INVALID) {
		ui_page_begin(req, resp, T(req, "Undo a merge"));
		ui_printf(resp, "<h1>%h</h1>\n", T(req, "Undo a merge"));
		ui_errors_summary(req, resp, errs);
		ui_printf(resp, "<p><a href=\"%h/%lld/history\">%h</a></p>\n", orgs ? "/orgs" : "/projects",
			  (long long)id, T(req, "Back to the history"));
		ui_page_end(req, resp);
		resp->status = 422;
	} else {
		ui_fail(req, resp, &ctx, st);
	}
	ctx_end(&ctx);
}
