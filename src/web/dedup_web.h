/*
 * dedup_web.h — the pages of the review of likely duplicates
 * (ui_dedup_review.c). Entries of the route table in route_table.c.
 */
#ifndef HAMAHANG_DEDUP_WEB_H
#define HAMAHANG_DEDUP_WEB_H

#include "svc/svc.h"
#include "web/http.h"

void ui_dedup_review(Req *req, Resp *resp);  /* GET  /review/duplicates */
void ui_dedup_decide(Req *req, Resp *resp);  /* POST /review/duplicates */
void ui_dedup_merge_form(Req *req, Resp *resp); /* GET  /review/duplicates/merge */
void ui_dedup_merge(Req *req, Resp *resp);      /* POST /review/duplicates/merge */
void ui_dedup_unmerge(Req *req, Resp *resp);    /* POST /review/duplicates/unmerge */

/* For the page of a record ("org" or "project") not found: when it was
 * merged into a record the reader sees, answers a redirect (303) to that
 * record, with ?merged=ID so that its page says so, and returns true. */
bool ui_merged_redirect(Req *req, Resp *resp, Ctx *ctx, const char *entity, int64_t id);
/* On the page of a record kept: the note "record ID was merged into this
 * one" when ?merged=ID names a record merged into it. */
void ui_merged_note(Req *req, Resp *resp, Ctx *ctx, const char *entity, int64_t id);

#endif
