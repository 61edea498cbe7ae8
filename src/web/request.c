/*
 * request.c — reading a Req and filling a Resp (see http.h), and the
 * decoding of URLs, forms and cookies the dispatcher parses them with.
 *
 * Nothing here talks to libmicrohttpd or writes to the socket.
 */
#include <string.h>
#include <strings.h>

#include "web/web_int.h"

/* ---- decoding ---- */

static int hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

bool web_utf8_valid(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;
	while (i < len) {
		unsigned char c = p[i];
		size_t extra;
		unsigned int cp;
		if (c < 0x80) {
			i++;
			continue;
		} else if (c >= 0xc2 && c <= 0xdf) {
			extra = 1;
			cp = c & 0x1f;
		} else if (c >= 0xe0 && c <= 0xef) {
			extra = 2;
			cp = c & 0x0f;
		} else if (c >= 0xf0 && c <= 0xf4) {
			extra = 3;
			cp = c & 0x07;
		} else {
			return false;
		}
		if (len - i <= extra)
			return false;
		for (size_t k = 1; k <= extra; k++) {
			if ((p[i + k] & 0xc0) != 0x80)
				return false;
			cp = (cp << 6) | (p[i + k] & 0x3f);
		}
		if ((extra == 2 && cp < 0x800) || (extra == 3 && (cp < 0x10000 || cp > 0x10ffff)) ||
		    (cp >= 0xd800 && cp <= 0xdfff))
			return false;
		i += extra + 1;
	}
	return true;
}

char *web_decode(Arena *arena, const char *s, size_t len, bool plus_is_space)
{
	char *out = arena_alloc(arena, len + 1);
	size_t n = 0;
	for (size_t i = 0; i < len; i++) {
		char c = s[i];
		if (c == '%' && i + 2 < len && hex_value(s[i + 1]) >= 0 &&
		    hex_value(s[i + 2]) >= 0) {
			c = (char)(hex_value(s[i + 1]) * 16 + hex_value(s[i + 2]));
			i += 2;
		} else if (c == '+' && plus_is_space) {
			c = ' ';
		}
		if (c == '\0')
			return NULL;
		out[n++] = c;
	}
	out[n] = '\0';
	return web_utf8_valid(out, n) ? out : NULL;
}

bool web_parse_urlencoded(Arena *arena, const char *s, size_t len, const HttpPair **out,
                          size_t *count)
{
	size_t most = 1;
	for (size_t i = 0; i < len; i++)
		if (s[i] == '&')
			most++;
	HttpPair *pairs = arena_alloc(arena, most * sizeof *pairs);
	size_t n = 0;
	size_t start = 0;
	while (start <= len) {
		size_t end = start;
		while (end < len && s[end] != '&')
			end++;
		if (end > start) {
			size_t eq = start;
			while (eq < end && s[eq] != '=')
				eq++;
			const char *name = web_decode(arena, s + start, eq - start, true);
			const char *value =
			    eq < end ? web_decode(arena, s + eq + 1, end - eq - 1, true) : "";
			if (!name || !value)
				return false;
			pairs[n].name = name;
			pairs[n].value = value;
			n++;
		}
		start = end + 1;
	}
	*out = pairs;
	*count = n;
	return true;
}

void web_parse_cookies(Arena *arena, const HttpPair *headers, size_t header_count,
                       const HttpPair **out, size_t *count)
{
	size_t most = 0;
	for (size_t h = 0; h < header_count; h++)
		if (strcasecmp(headers[h].name, "Cookie") == 0)
			for (const char *p = headers[h].value; *p; p++)
				most += *p == ';';
	most += header_count; /* one more per header, enough in all */
	HttpPair *pairs = arena_alloc(arena, most * sizeof *pairs);
	size_t n = 0;
	for (size_t h = 0; h < header_count; h++) {
		if (strcasecmp(headers[h].name, "Cookie") != 0)
			continue;
		const char *p = headers[h].value;
		while (*p) {
			while (*p == ' ' || *p == '\t' || *p == ';')
				p++;
			const char *name = p;
			while (*p && *p != '=' && *p != ';')
				p++;
			size_t name_len = (size_t)(p - name);
			while (name_len &&
			       (name[name_len - 1] == ' ' || name[name_len - 1] == '\t'))
				name_len--;
			const char *value = p;
			size_t value_len = 0;
			if (*p == '=') {
				value = ++p;
				while (*p && *p != ';')
					p++;
				value_len = (size_t)(p - value);
				while (value_len && (value[value_len - 1] == ' ' ||
				                     value[value_len - 1] == '\t'))
					value_len--;
				if (value_len >= 2 && value[0] == '"' &&
				    value[value_len - 1] == '"') {
					value++;
					value_len -= 2;
				}
			}
			if (name_len && n < most) {
				pairs[n].name = arena_strndup(arena, name, name_len);
				pairs[n].value = arena_strndup(arena, value, value_len);
				n++;
			}
		}
	}
	*out = pairs;
	*count = n;
}

/* ---- reading a request ---- */

static const char *pair_find(const HttpPair *pairs, size_t count, const char *name, bool fold)
{
	for (size_t i = 0; i < count; i++)
		if ((fold ? strcasecmp(pairs[i].name, name) : strcmp(pairs[i].name, name)) == 0)
			return pairs[i].value;
	return NULL;
}

static size_t pair_all(const HttpPair *pairs, size_t count, const char *name, const char **out,
                       size_t max)
{
	size_t n = 0;
	for (size_t i = 0; i < count; i++)
		if (strcmp(pairs[i].name, name) == 0) {
			if (n < max)
				out[n] = pairs[i].value;
			n++;
		}
	return n;
}

const char *req_query(const Req *req, const char *name)
{
	return pair_find(req->query, req->query_count, name, false);
}

const char *req_form(const Req *req, const char *name)
{
	return pair_find(req->form, req->form_count, name, false);
}

const char *req_header(const Req *req, const char *name)
{
	return pair_find(req->headers, req->header_count, name, true);
}

const char *req_cookie(const Req *req, const char *name)
{
	return pair_find(req->cookies, req->cookie_count, name, false);
}

size_t req_query_all(const Req *req, const char *name, const char **out, size_t max)
{
	return pair_all(req->query, req->query_count, name, out, max);
}

size_t req_form_all(const Req *req, const char *name, const char **out, size_t max)
{
	return pair_all(req->form, req->form_count, name, out, max);
}

bool req_is_api(const Req *req)
{
	const char *p = req->path ? req->path : "";
	return strncmp(p, "/api/", 5) == 0 || strcmp(p, "/api") == 0;
}

/* ---- filling an answer ---- */

/* True when s holds no control character (CR and LF above all) nor DEL. */
static bool header_text_ok(const char *s, bool is_name)
{
	if (!s || (is_name && !*s))
		return false;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == 0x7f || (*p < 0x20 && (is_name || *p != '\t')))
			return false;
		if (is_name && (*p == ':' || *p == ' ' || *p >= 0x80))
			return false;
	}
	return true;
}

bool resp_header(Resp *resp, const char *name, const char *value)
{
	if (resp->header_count >= RESP_MAX_HEADERS || !header_text_ok(name, true) ||
	    !header_text_ok(value, false))
		return false;
	HttpPair *h = &resp->headers[resp->header_count++];
	h->name = arena_strdup(resp->arena, name);
	h->value = arena_strdup(resp->arena, value);
	return true;
}

const char *resp_header_get(const Resp *resp, const char *name)
{
	return pair_find(resp->headers, resp->header_count, name, true);
}

void resp_type(Resp *resp, const char *content_type)
{
	resp->content_type = header_text_ok(content_type, false)
	                         ? arena_strdup(resp->arena, content_type)
	                         : "application/octet-stream";
}

void resp_html(Resp *resp)
{
	resp->content_type = "text/html; charset=utf-8";
}

void resp_redirect(Resp *resp, const char *location)
{
	bool local = location && location[0] == '/' && location[1] != '/' && location[1] != '\\';
	buf_reset(&resp->body);
	resp->status = 303;
	resp->content_type = NULL;
	if (!local || !resp_header(resp, "Location", location))
		resp_header(resp, "Location", "/");
}
