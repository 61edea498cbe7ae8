/*
 * json.h — JSON in and out of the web layer, on jansson.
 *
 * Request bodies are parsed here with limits; answers are dumped here. JSON
 * is only ever built with jansson's values (json_pack, json_object_set_new),
 * never by pasting strings.
 */
#ifndef HAMAHANG_JSON_H
#define HAMAHANG_JSON_H

#include <jansson.h>

#include "web/http.h"

/* Deepest nesting of arrays and objects a request body may have. */
#define WEB_JSON_MAX_DEPTH 32

/* Parses the request body as one JSON object. On success stores a new
 * reference in *out (the caller decrefs it) and returns 0. Otherwise
 * answers 400 with what is wrong and where ("line 3, column 7: ...") — for
 * an empty body, bad JSON, duplicate keys, nesting deeper than
 * WEB_JSON_MAX_DEPTH, or a value that is not an object — stores NULL and
 * returns -1: the handler then just returns. */
int json_body_parse(Req *req, json_t **out, Resp *resp);

/* Answers value as compact UTF-8 JSON (application/json; charset=utf-8)
 * with that status. Steals the reference. A NULL value (a failed
 * json_pack) answers 500. */
void resp_json(Resp *resp, int status, json_t *value);

#endif
