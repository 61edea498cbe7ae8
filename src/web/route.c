/*
 * route.c — the route table: its check before the server starts, matching a
 * path against it, and the one permission check (see http.h).
 */
#include <string.h>

#include "web/web_int.h"

static const char *const methods[] = {"GET", "POST", "PUT", "PATCH", "DELETE", NULL};

const char *web_perm_name(Perm perm)
{
	switch (perm) {
	case PERM_UNSET: return "unset";
	case PERM_PUBLIC: return "public";
	case PERM_SIGNED_IN: return "signed_in";
	case PERM_EDIT: return "edit";
	case PERM_COORDINATE: return "coordinate";
	case PERM_ADMIN: return "admin";
	case PERM_COUNT: break;
	}
	return "invalid";
}

WebAuth web_authorize(const Route *route, Req *req)
{
	if (route->perm <= PERM_UNSET || route->perm >= PERM_COUNT)
		return WEB_AUTH_FORBIDDEN; /* web_routes_check keeps such a route out; refuse anyway */
	if (route->perm == PERM_PUBLIC)
		return WEB_AUTH_OK;
	if (req->level <= PERM_PUBLIC)
		return WEB_AUTH_SIGN_IN;
	return req->level >= route->perm ? WEB_AUTH_OK : WEB_AUTH_FORBIDDEN;
}

/* ---- patterns ---- */

/* The next segment of a pattern at *p (just past a '/'): sets its start and
 * length, moves *p past it and its '/', and returns false at the end. */
static bool next_segment(const char **p, const char **seg, size_t *len)
{
	if (!*p)
		return false;
	*seg = *p;
	const char *slash = strchr(*p, '/');
	*len = slash ? (size_t)(slash - *p) : strlen(*p);
	*p = slash ? slash + 1 : NULL;
	return true;
}

static bool is_param(const char *seg, size_t len)
{
	return len >= 2 && seg[0] == '{' && seg[len - 1] == '}';
}

/* Checks one pattern; appends the problems to why (prefixed by where) and
 * returns how many there were. */
static int pattern_check(const char *pattern, const char *where, Buf *why)
{
	if (!pattern || pattern[0] != '/') {
		buf_printf(why, "%s: the pattern must start with '/'\n", where);
		return 1;
	}
	if (strcmp(pattern, "/") == 0)
		return 0;
	int problems = 0;
	int params = 0;
	const char *p = pattern + 1;
	const char *seg;
	size_t len;
	while (next_segment(&p, &seg, &len)) {
		if (len == 0) {
			buf_printf(why, "%s: the pattern has an empty segment\n", where);
			problems++;
			continue;
		}
		if (is_param(seg, len)) {
			params++;
			for (size_t i = 1; i + 1 < len; i++) {
				char c = seg[i];
				if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
				      c == '_')) {
					buf_printf(why, "%s: parameter names are [a-z0-9_]\n",
					           where);
					problems++;
					break;
				}
			}
			if (len == 2) {
				buf_printf(why, "%s: a parameter needs a name\n", where);
				problems++;
			}
		} else if (memchr(seg, '{', len) || memchr(seg, '}', len) ||
		           memchr(seg, '?', len) || memchr(seg, '%', len)) {
			buf_printf(why, "%s: a {name} must be a whole segment; no '?' or '%%'\n",
			           where);
			problems++;
		}
	}
	if (params > WEB_MAX_PARAMS) {
		buf_printf(why, "%s: more than %d parameters\n", where, WEB_MAX_PARAMS);
		problems++;
	}
	return problems;
}

/* True when two well-formed patterns match the same paths ({a} and {b} alike). */
static bool patterns_same(const char *a, const char *b)
{
	const char *pa = a + 1, *pb = b + 1;
	const char *sa, *sb;
	size_t la, lb;
	for (;;) {
		bool more_a = next_segment(&pa, &sa, &la);
		bool more_b = next_segment(&pb, &sb, &lb);
		if (more_a != more_b)
			return false;
		if (!more_a)
			return true;
		bool param_a = is_param(sa, la), param_b = is_param(sb, lb);
		if (param_a != param_b)
			return false;
		if (!param_a && (la != lb || memcmp(sa, sb, la) != 0))
			return false;
	}
}

static bool method_known(const char *method)
{
	for (size_t i = 0; method && methods[i]; i++)
		if (strcmp(method, methods[i]) == 0)
			return true;
	return false;
}

int web_routes_check(const Route *routes, size_t count, Buf *problems)
{
	Buf why;
	buf_init(&why, 0);
	int bad = 0;
	if (!routes && count) {
		buf_puts(&why, "the route table is missing\n");
		bad++;
		count = 0;
	}
	for (size_t i = 0; i < count; i++) {
		const Route *r = &routes[i];
		Buf where_buf;
		buf_init(&where_buf, 0);
		buf_printf(&where_buf, "route %zu (%s %s)", i, r->method ? r->method : "?",
		           r->pattern ? r->pattern : "?");
		const char *where = buf_str(&where_buf);
		if (!method_known(r->method)) {
			buf_printf(&why, "%s: the method must be GET, POST, PUT, PATCH or DELETE\n",
			           where);
			bad++;
		}
		int pattern_problems = pattern_check(r->pattern, where, &why);
		bad += pattern_problems;
		if (!r->handler) {
			buf_printf(&why, "%s: no handler\n", where);
			bad++;
		}
		if (r->perm <= PERM_UNSET || r->perm >= PERM_COUNT) {
			buf_printf(&why, "%s: no permission set (perm is %s)\n", where,
			           web_perm_name(r->perm));
			bad++;
		}
		for (size_t j = 0; j < i && pattern_problems == 0 && r->method && r->pattern; j++) {
			const Route *o = &routes[j];
			if (o->method && o->pattern && o->pattern[0] == '/' &&
			    strcmp(o->method, r->method) == 0 &&
			    patterns_same(o->pattern, r->pattern)) {
				buf_printf(&why, "%s: same method and path as route %zu\n", where,
				           j);
				bad++;
			}
		}
		buf_free(&where_buf);
	}
	if (problems)
		buf_append(problems, buf_str(&why), why.used);
	buf_free(&why);
	return bad ? -1 : 0;
}

/* ---- matching ---- */

/* Matches pattern against the path's segments; on success fills params and
 * the specificity (see RouteMatch). */
static bool pattern_match(const char *pattern, const char *const *segments, size_t segment_count,
                          const char **params, uint64_t *specificity)
{
	if (strcmp(pattern, "/") == 0) {
		*specificity = 0;
		return segment_count == 0;
	}
	const char *p = pattern + 1;
	const char *seg;
	size_t len;
	size_t i = 0;
	int n_params = 0;
	uint64_t score = 0;
	while (next_segment(&p, &seg, &len)) {
		if (i >= segment_count)
			return false;
		const char *actual = segments[i];
		if (is_param(seg, len)) {
			if (!actual[0] || n_params >= WEB_MAX_PARAMS)
				return false;
			params[n_params++] = actual;
		} else {
			if (strlen(actual) != len || memcmp(actual, seg, len) != 0)
				return false;
			if (i < 64)
				score |= (uint64_t)1 << (63 - i);
		}
		i++;
	}
	if (i != segment_count)
		return false;
	for (int k = n_params; k < WEB_MAX_PARAMS; k++)
		params[k] = NULL;
	*specificity = score;
	return true;
}

static void allow_add(RouteMatch *m, const char *method)
{
	for (size_t i = 0; i < m->allow_count; i++)
		if (strcmp(m->allow[i], method) == 0)
			return;
	if (m->allow_count < WEB_MAX_ALLOW)
		m->allow[m->allow_count++] = method;
}

void web_route_match(const Route *routes, size_t count, const char *method,
                     const char *const *segments, size_t segment_count, RouteMatch *m)
{
	bool head = strcmp(method, "HEAD") == 0;
	for (size_t i = 0; i < count; i++) {
		const Route *r = &routes[i];
		const char *params[WEB_MAX_PARAMS];
		uint64_t specificity;
		if (!pattern_match(r->pattern, segments, segment_count, params, &specificity))
			continue;
		allow_add(m, r->method);
		if (strcmp(r->method, "GET") == 0)
			allow_add(m, "HEAD");
		bool fits =
		    strcmp(r->method, method) == 0 || (head && strcmp(r->method, "GET") == 0);
		if (fits && (!m->route || specificity > m->specificity)) {
			m->route = r;
			m->specificity = specificity;
			memcpy(m->params, params, sizeof params);
		}
	}
}
