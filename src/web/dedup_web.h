/*
 * dedup_web.h — the pages of the review of likely duplicates
 * (ui_dedup_review.c). Entries of the route table in route_table.c.
 */
#ifndef HAMAHANG_DEDUP_WEB_H
#define HAMAHANG_DEDUP_WEB_H

#include "web/http.h"

void ui_dedup_review(Req *req, Resp *resp);  /* GET  /review/duplicates */
void ui_dedup_decide(Req *req, Resp *resp);  /* POST /review/duplicates */

#endif
