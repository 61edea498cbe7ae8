/*
 * ui_search.c — GET /search?q=: organizations and projects whose names,
 * titles or descriptions hold every word typed (in any of the three
 * languages, after folding), best first.
 *
 * svc_search folds the query the way the index was built and leaves out
 * what the reader may not see.
 */
#include <string.h>

#include "core/text.h"
#include "web/api.h"
#include "web/pages.h"

#define SEARCH_LIMIT 50
#define QUERY_MAX_CHARS 200

void ui_search(Req *req, Resp *resp)
{
	Ctx ctx;
	web_ctx_begin(req, &ctx);
	Errors *errs = arena_zalloc(req->arena, sizeof *errs);
	const char *q = ui_trim(req->arena, req_query(req, "q"));
	if (q && text_length(q) > QUERY_MAX_CHARS) {
		errors_add(errs, "q", "is too long; the most allowed is (characters)", "200");
		q = NULL;
	}
	int offset = 0;
	query_int(req, "offset", 0, 1000000, &offset, errs);
	SearchHit *hits = NULL;
	size_t count = 0;
	long long total = 0;
	if (q) {
		SvcStatus st = svc_search(&ctx, q, SEARCH_LIMIT, offset, &hits, &count, &total);
		if (st != SVC_OK) {
			ui_fail(req, resp, &ctx, st);
			goto done;
		}
	}

	ui_page_begin(req, resp, T(req, "Search"));
	ui_printf(resp, "<h1>%h</h1>\n<form class=\"filter\" method=\"get\" action=\"/search\" role=\"search\">\n",
		  T(req, "Search"));
	UiField field = {.name = "q", .label = N_("Search organizations and projects"), .type = "search",
			 .value = req_query(req, "q"),
			 .hint = N_("Names, acronyms, titles, in English, Dari or Pashto. Every word must match; a word may be the start of a longer one.")};
	ui_field_take_error(&field, errs);
	ui_input(req, resp, &field);
	ui_printf(resp, "<div class=\"actions\"><button type=\"submit\">%h</button></div>\n</form>\n", T(req, "Search"));
	if (errs->count)
		resp->status = 400;

	if (q) {
		ui_printf(resp, "<p class=\"results-count\" role=\"status\">%h %h</p>\n", ui_count(req->arena, total),
			  T(req, total == 1 ? N_("record found") : N_("records found")));
		if (count) {
			ui_printf(resp, "<ol start=\"%d\">\n", offset + 1);
			for (size_t i = 0; i < count; i++) {
				const SearchHit *h = &hits[i];
				bool org = strcmp(h->entity, "org") == 0;
				ui_printf(resp, "<li><span class=\"badge\">%h</span> <a href=\"/%h/%lld\"><bdi>%h</bdi></a></li>\n",
					  T(req, org ? N_("Organization") : N_("Project")), org ? "orgs" : "projects",
					  (long long)h->id, h->title ? h->title : "");
			}
			UI_LIT(resp, "</ol>\n");
			ui_pager(req, resp, total, SEARCH_LIMIT, offset);
		}
	}
	ui_page_end(req, resp);
done:
	ctx_end(&ctx);
}
