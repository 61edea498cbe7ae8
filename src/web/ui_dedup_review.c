/*
 * ui_dedup_review.c — the review of likely duplicates:
 * GET /review/duplicates and POST /review/duplicates.
 *
 * The page lists the candidate pairs still undecided, best first, with
 * their kind, score and reasons, filtered by kind (projects or
 * organizations), province, sector and least score; each with a link to
 * both records and a form to confirm (one record twice) or dismiss (two
 * records), and a link to merge them (ui_dedup_merge.c). ?decided=1
 * lists the decisions taken instead. The service
 * decides who may (svc_dedup_review.h) and what is seen.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/place.h"
#include "svc/svc_dedup_review.h"
#include "web/api.h"
#include "web/dedup_web.h"
#include "web/pages.h"

/* Pairs shown on the page, at most. */
#define REVIEW_SHOWN 200
/* The least score when none is asked for: the matcher's default. */
#define REVIEW_MIN_SCORE 0.5

/* The filters as asked, checked. */
typedef struct ReviewQuery {
	const char *kind;       /* "projects" or "orgs" */
	const char *province;   /* P-code or NULL */
	const char *sector;     /* code or NULL */
	const char *min_text;   /* as typed, or NULL */
	double min_score;
	bool decided;
} ReviewQuery;

static const char *record_base(const char *kind)
{
	return strcmp(kind, "orgs") == 0 ? "/orgs/" : "/projects/";
}

static void read_query(Req *req, const RefData *ref, ReviewQuery *q, Errors *errs)
{
	memset(q, 0, sizeof *q);
	q->kind = req_query(req, "kind");
	if (!q->kind || !*q->kind)
		q->kind = "projects";
	else if (strcmp(q->kind, "projects") != 0 && strcmp(q->kind, "orgs") != 0) {
		errors_add(errs, "kind", "must be projects or orgs", strlen(q->kind) < 40 ? q->kind : NULL);
		q->kind = "projects";
	}
	const char *province = req_query(req, "province");
	if (province && *province) {
		const Place *p = strlen(province) <= 32 ? gaz_get(ref->gaz, province) : NULL;
		if (!p || p->level != PLACE_PROVINCE)
			errors_add(errs, "province", "is not a province", strlen(province) <= 32 ? province : NULL);
		else
			q->province = p->pcode;
	}
	q->sector = ui_query_code(req, "sector", &ref->sectors, "is not a known sector", errs);
	q->min_score = REVIEW_MIN_SCORE;
	q->min_text = req_query(req, "min");
	if (q->min_text && *q->min_text) {
		char *end;
		double v = strtod(q->min_text, &end);
		if (strlen(q->min_text) > 8 || *end || end == q->min_text || !(v >= 0.0 && v <= 1.0))
			errors_add(errs, "min", "must be a number from 0 to 1", NULL);
		else
			q->min_score = v;
	}
	const char *decided = req_query(req, "decided");
	q->decided = decided && strcmp(decided, "1") == 0;
}

static void filter_form(Req *req, Resp *resp, const RefData *ref, const ReviewQuery *q, const Errors *errs)
{
	ui_printf(resp, "<form class=\"filter\" method=\"get\" action=\"/review/duplicates\" aria-label=\"%h\">\n",
		  T(req, "Filter the pairs"));
	UiOption kinds[] = {{"projects", T(req, "Projects")}, {"orgs", T(req, "Organizations")}};
	UiField kind = {.name = "kind", .label = N_("Records"), .value = q->kind, .required = true};
	ui_field_take_error(&kind, errs);
	ui_select(req, resp, &kind, kinds, 2);
	size_t n;
	UiOption *opts = ui_province_options(req, ref->gaz, &n);
	UiField prov = {.name = "province", .label = N_("Province"), .value = req_query(req, "province"),
			.hint = N_("Projects only: a pair with a project there.")};
	ui_field_take_error(&prov, errs);
	ui_select(req, resp, &prov, opts, n);
	opts = ui_code_options(req, &ref->sectors, &n);
	UiField sector = {.name = "sector", .label = N_("Sector"), .value = req_query(req, "sector"),
			  .hint = N_("Projects only: a pair with a project in it.")};
	ui_field_take_error(&sector, errs);
	ui_select(req, resp, &sector, opts, n);
	UiField min = {.name = "min", .label = N_("Least score"), .value = q->min_text,
		       .hint = N_("From 0 to 1; 0.5 when empty.")};
	ui_field_take_error(&min, errs);
	ui_input(req, resp, &min);
	if (q->decided)
		ui_hidden(resp, "decided", "1");
	ui_printf(resp, "<button type=\"submit\">%h</button>\n</form>\n", T(req, "Show the pairs"));
}

/* The link to the other list, keeping the kind. */
static void switch_link(Req *req, Resp *resp, const ReviewQuery *q)
{
	if (q->decided)
		ui_printf(resp, "<p><a href=\"/review/duplicates?kind=%U\">%h</a></p>\n", q->kind,
			  T(req, "Pairs to review"));
	else
		ui_printf(resp, "<p><a href=\"/review/duplicates?kind=%U&amp;decided=1\">%h</a></p>\n", q->kind,
			  T(req, "Decisions taken"));
}

static void record_link(Req *req, Resp *resp, const char *kind, int64_t id, const char *title)
{
	ui_printf(resp, "<a href=\"%h%lld\" dir=\"auto\">%h</a>", record_base(kind), (long long)id,
		  title && *title ? title : T(req, "(no name)"));
}

static void pair_row(Req *req, Resp *resp, const RefData *ref, const ReviewQuery *q, const DedupPair *p,
		     bool may_merge)
{
	char score[16];
	snprintf(score, sizeof score, "%.2f", p->score);
	UI_LIT(resp, "<tr>\n<td>");
	record_link(req, resp, q->kind, p->a_id, p->a_title);
	UI_LIT(resp, "</td>\n<td>");
	record_link(req, resp, q->kind, p->b_id, p->b_title);
	ui_printf(resp, "</td>\n<td>%h</td>\n<td>%h</td>\n<td><span dir=\"auto\">%h</span></td>\n<td>\n",
		  p->kind == MATCH_SAME ? T(req, "likely the same") : T(req, "overlapping work"), score,
		  ui_pair_reasons(req, ref, p));
	UI_LIT(resp, "<form method=\"post\" action=\"/review/duplicates\" class=\"decide\">\n");
	ui_csrf_field(req, resp);
	ui_hidden(resp, "kind", q->kind);
	char id[32];
	snprintf(id, sizeof id, "%lld", (long long)p->a_id);
	ui_hidden(resp, "a", id);
	snprintf(id, sizeof id, "%lld", (long long)p->b_id);
	ui_hidden(resp, "b", id);
	ui_printf(resp, "<label>%h <input type=\"text\" name=\"note\" maxlength=\"%d\" dir=\"auto\"></label>\n",
		  T(req, "Note"), DEDUP_NOTE_MAX);
	ui_printf(resp, "<button type=\"submit\" name=\"decision\" value=\"confirmed\">%h</button>\n"
			"<button type=\"submit\" name=\"decision\" value=\"dismissed\" class=\"secondary\">%h</button>\n",
		  T(req, "Confirm: one record twice"), T(req, "Dismiss: two records"));
	UI_LIT(resp, "</form>\n");
	if (may_merge)
		ui_printf(resp, "<a class=\"button secondary\" href=\"/review/duplicates/merge?kind=%U&amp;a=%lld&amp;b=%lld\">%h</a>\n",
			  q->kind, (long long)p->a_id, (long long)p->b_id, T(req, "Merge…"));
	UI_LIT(resp, "</td>\n</tr>\n");
}

static void pairs_table(Req *req, Resp *resp, Ctx *ctx, const ReviewQuery *q)
{
	DedupReviewFilter f = {.kind = q->kind, .province = q->province, .sector = q->sector,
			       .min_score = q->min_score, .limit = REVIEW_SHOWN};
	DedupPair *pairs;
	size_t n, total, decided;
	SvcStatus st = svc_dedup_review(ctx, &f, &pairs, &n, &total, &decided);
	if (st != SVC_OK) {
		ui_printf(resp, "<p role=\"alert\">%h</p>\n", T(req, "The pairs could not be found."));
		return;
	}
	ui_printf(resp, "<p role=\"status\">%h <bdi>%zu</bdi>; %h <bdi>%zu</bdi>.</p>\n",
		  T(req, "Pairs to review:"), total, T(req, "already decided and left out:"), decided);
	if (total > n)
		ui_printf(resp, "<p>%h</p>\n", T(req, "Only the best pairs are shown; raise the least score or filter to see the rest."));
	if (!n)
		return;
	ui_printf(resp, "<table class=\"pairs\">\n<thead><tr><th scope=\"col\">%h</th><th scope=\"col\">%h</th>"
			"<th scope=\"col\">%h</th><th scope=\"col\">%h</th><th scope=\"col\">%h</th>"
			"<th scope=\"col\">%h</th></tr></thead>\n<tbody>\n",
		  T(req, "First record"), T(req, "Second record"), T(req, "Kind"), T(req, "Score"),
		  T(req, "Reasons"), T(req, "Decision"));
	bool may_merge = svc_may_merge(ctx);
	for (size_t i = 0; i < n; i++)
		pair_row(req, resp, ctx->ref, q, &pairs[i], may_merge);
	UI_LIT(resp, "</tbody>\n</table>\n");
}

/* The name of a record of a decision: the record merged away has none to show. */
static const char *decided_title(Req *req, const DedupDecision *d, int64_t id, const char *title)
{
	if (strcmp(d->decision, "merged") == 0 && id != d->kept_id && (!title || !*title))
		return T(req, "(merged)");
	return title;
}

static const char *decision_label(Req *req, const DedupDecision *d)
{
	if (strcmp(d->decision, "confirmed") == 0)
		return T(req, "confirmed: one record twice");
	if (strcmp(d->decision, "merged") == 0)
		return arena_printf(req->arena, "%s %lld", T(req, "merged into"), (long long)d->kept_id);
	return T(req, "dismissed: two records");
}

static void decided_table(Req *req, Resp *resp, Ctx *ctx, const ReviewQuery *q)
{
	DedupDecided *list;
	size_t n;
	if (svc_dedup_decided(ctx, q->kind, &list, &n) != SVC_OK) {
		ui_printf(resp, "<p role=\"alert\">%h</p>\n", T(req, "The decisions could not be read."));
		return;
	}
	ui_printf(resp, "<p role=\"status\">%h <bdi>%zu</bdi>.</p>\n", T(req, "Decisions taken:"), n);
	if (!n)
		return;
	ui_printf(resp, "<table class=\"pairs\">\n<thead><tr><th scope=\"col\">%h</th><th scope=\"col\">%h</th>"
			"<th scope=\"col\">%h</th><th scope=\"col\">%h</th><th scope=\"col\">%h</th>"
			"<th scope=\"col\">%h</th></tr></thead>\n<tbody>\n",
		  T(req, "First record"), T(req, "Second record"), T(req, "Decision"), T(req, "Note"),
		  T(req, "By"), T(req, "When"));
	for (size_t i = 0; i < n; i++) {
		const DedupDecided *d = &list[i];
		UI_LIT(resp, "<tr>\n<td>");
		record_link(req, resp, q->kind, d->d.a_id, decided_title(req, &d->d, d->d.a_id, d->a_title));
		UI_LIT(resp, "</td>\n<td>");
		record_link(req, resp, q->kind, d->d.b_id, decided_title(req, &d->d, d->d.b_id, d->b_title));
		ui_printf(resp, "</td>\n<td>%h</td>\n<td dir=\"auto\">%h</td>\n<td><bdi>%h</bdi></td>\n<td><bdi>%h</bdi></td>\n</tr>\n",
			  decision_label(req, &d->d),
			  d->d.note ? d->d.note : "", d->d.decided_by, d->d.decided_at);
	}
	UI_LIT(resp, "</tbody>\n</table>\n");
}

static void render(Req *req, Resp *resp, Ctx *ctx, const ReviewQuery *q, const Errors *errs, bool lists)
{
	ui_page_begin(req, resp, T(req, "Duplicates to review"));
	ui_printf(resp, "<h1>%h</h1>\n<p>%h</p>\n", T(req, "Duplicates to review"),
		  T(req, "Pairs of records that may be one record entered twice, or overlapping work. Confirm a pair that is one record twice; dismiss a pair of two different records. A decided pair is not shown again."));
	ui_errors_summary(req, resp, errs);
	filter_form(req, resp, ctx->ref, q, errs);
	switch_link(req, resp, q);
	if (lists) {
		if (q->decided)
			decided_table(req, resp, ctx, q);
		else
			pairs_table(req, resp, ctx, q);
	}
	ui_page_end(req, resp);
}

void ui_dedup_review(Req *req, Resp *resp)
{
	Ctx ctx;
	web_ctx_begin(req, &ctx);
	if (!svc_dedup_may_review(&ctx)) {
		ui_fail(req, resp, &ctx, SVC_FORBIDDEN);
		ctx_end(&ctx);
		return;
	}
	Errors *errs = arena_zalloc(req->arena, sizeof *errs);
	ReviewQuery q;
	read_query(req, ctx.ref, &q, errs);
	render(req, resp, &ctx, &q, errs, errs->count == 0);
	if (errs->count)
		resp->status = 400;
	ctx_end(&ctx);
}

void ui_dedup_decide(Req *req, Resp *resp)
{
	Ctx ctx;
	web_ctx_begin(req, &ctx);
	Errors *errs = arena_zalloc(req->arena, sizeof *errs);
	DedupDecision d = {0};
	d.kind = req_form(req, "kind");
	d.decision = req_form(req, "decision");
	d.note = ui_trim(req->arena, req_form(req, "note"));
	const char *a = req_form(req, "a"), *b = req_form(req, "b");
	if (!a || !parse_id(a, &d.a_id))
		errors_add(errs, "a", "must be the number of a record", NULL);
	if (!b || !parse_id(b, &d.b_id))
		errors_add(errs, "b", "must be the number of a record", NULL);
	SvcStatus st = errs->count ? SVC_INVALID : svc_dedup_decide(&ctx, &d, errs);
	if (st == SVC_OK) {
		resp_redirect(resp, strcmp(d.kind, "orgs") == 0 ? "/review/duplicates?kind=orgs"
								: "/review/duplicates?kind=projects");
	} else if (st == SVC_INVALID && svc_dedup_may_review(&ctx)) {
		ReviewQuery q = {.kind = d.kind && strcmp(d.kind, "orgs") == 0 ? "orgs" : "projects",
				 .min_score = REVIEW_MIN_SCORE};
		render(req, resp, &ctx, &q, errs, false);
		resp->status = 422;
	} else {
		ui_fail(req, resp, &ctx, st == SVC_INVALID ? SVC_FORBIDDEN : st);
	}
	ctx_end(&ctx);
}
