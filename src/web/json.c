/*
 * json.c — JSON request bodies and JSON answers (see json.h and http.h).
 *
 * Every JSON byte the server sends is dumped by jansson from here; no
 * function in this file formats JSON by hand.
 */
#include "web/json.h"

#include <stdio.h>
#include <string.h>

#include "core/buf.h"

#define CONTENT_TYPE_JSON "application/json; charset=utf-8"

/* Appends a piece of jansson's output to the answer. */
static int dump_to_buf(const char *piece, size_t size, void *data)
{
	Buf *body = data;
	return buf_append(body, piece, size) ? 0 : -1;
}

void resp_json(Resp *resp, int status, json_t *value)
{
	buf_reset(&resp->body);
	resp->content_type = CONTENT_TYPE_JSON;
	if (!value) {
		fprintf(
		    stderr,
		    "hamahang: a JSON answer could not be built (json_pack with a NULL string?)\n");
		resp_error_json(resp, 500, "internal", "the answer could not be built");
		return;
	}
	resp->status = status;
	json_dump_callback(value, dump_to_buf, &resp->body, JSON_COMPACT);
	json_decref(value);
}

void resp_json_text(Resp *resp, int status, const char *json)
{
	buf_reset(&resp->body);
	resp->status = status;
	resp->content_type = CONTENT_TYPE_JSON;
	buf_puts(&resp->body, json);
}

void resp_error_json(Resp *resp, int status, const char *code, const char *message)
{
	json_t *error = json_object();
	json_object_set_new(error, "code", json_string(code ? code : "error"));
	json_object_set_new(error, "message", json_string(message ? message : ""));
	json_t *answer = json_object();
	json_object_set_new(answer, "error", error);
	buf_reset(&resp->body);
	resp->status = status;
	resp->content_type = CONTENT_TYPE_JSON;
	json_dump_callback(answer, dump_to_buf, &resp->body, JSON_COMPACT);
	json_decref(answer);
}

/* Where nesting first passes max levels, as a byte offset; len when it never
 * does. Strings are skipped, escapes included, so brackets inside them do not
 * count. Runs before the parser so a hostile body cannot make it recurse. */
static size_t too_deep_at(const char *text, size_t len, int max)
{
	int depth = 0;
	bool in_string = false;
	for (size_t i = 0; i < len; i++) {
		char c = text[i];
		if (in_string) {
			if (c == '\\')
				i++;
			else if (c == '"')
				in_string = false;
		} else if (c == '"') {
			in_string = true;
		} else if (c == '[' || c == '{') {
			if (++depth > max)
				return i;
		} else if (c == ']' || c == '}') {
			depth--;
		}
	}
	return len;
}

/* Answers 400 bad_json with a message. */
static int bad_json(Resp *resp, const char *message)
{
	resp_error_json(resp, 400, "bad_json", message);
	return -1;
}

int json_body_parse(Req *req, json_t **out, Resp *resp)
{
	*out = NULL;
	if (req->body_len == 0)
		return bad_json(resp, "the request body is empty; a JSON object is expected");
	size_t deep = too_deep_at(req->body, req->body_len, WEB_JSON_MAX_DEPTH);
	if (deep < req->body_len) {
		char *msg =
		    arena_printf(req->arena, "position %zu: nested more than %d levels deep", deep,
		                 WEB_JSON_MAX_DEPTH);
		return bad_json(resp, msg);
	}
	json_error_t err;
	json_t *value = json_loadb(req->body, req->body_len, JSON_REJECT_DUPLICATES, &err);
	if (!value) {
		char *msg = arena_printf(req->arena, "line %d, column %d: %s", err.line, err.column,
		                         err.text);
		return bad_json(resp, msg);
	}
	if (!json_is_object(value)) {
		json_decref(value);
		return bad_json(resp, "the request body must be a JSON object");
	}
	*out = value;
	return 0;
}
