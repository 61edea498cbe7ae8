/*
 * web_int.h — what the files of the web framework share among themselves
 * (server.c, route.c, request.c). Not for handlers: they use http.h.
 */
#ifndef HAMAHANG_WEB_INT_H
#define HAMAHANG_WEB_INT_H

#include <stdint.h>

#include "web/http.h"

/* ---- request.c: decoding ---- */

/* Decodes %XX escapes (and '+' as a space when plus_is_space) of s[0..len)
 * into the arena. Returns NULL when the result would hold a NUL byte or is
 * not valid UTF-8: such input is refused with 400, never passed on. A '%'
 * not followed by two hex digits is kept as it is. */
char *web_decode(Arena *arena, const char *s, size_t len, bool plus_is_space);

/* True when s[0..len) is valid UTF-8 (no overlongs, no surrogates). */
bool web_utf8_valid(const char *s, size_t len);

/* Parses "a=1&b=x+y&c" (application/x-www-form-urlencoded) into pairs in
 * the arena. Returns false when a name or value does not decode. */
bool web_parse_urlencoded(Arena *arena, const char *s, size_t len, const HttpPair **out,
                          size_t *count);

/* Parses the values of Cookie headers ("a=1; b=2") into pairs in the arena;
 * cookies are taken as sent, without decoding. */
void web_parse_cookies(Arena *arena, const HttpPair *headers, size_t header_count,
                       const HttpPair **out, size_t *count);

/* ---- route.c: matching ---- */

#define WEB_MAX_ALLOW 8

/* The outcome of matching a path against route tables; start zeroed and
 * pass it to web_route_match once per table. */
typedef struct RouteMatch {
	const Route *route;   /* the best route for the method so far, or NULL */
	uint64_t specificity; /* of route: a bit per literal segment, first segment highest */
	const char *params[WEB_MAX_PARAMS]; /* route's {name} values */
	/* Methods of every route whose pattern matches the path. */
	const char *allow[WEB_MAX_ALLOW];
	size_t allow_count; /* entries in allow[] */
} RouteMatch;

/* Matches the path's segments (decoded; "/" has none) against each route.
 * A route for the method (GET also for HEAD) replaces m->route when its
 * pattern is more specific: literal segments win over {name} segments, the
 * leftmost difference deciding, so /orgs/new beats /orgs/{id}. */
void web_route_match(const Route *routes, size_t count, const char *method,
                     const char *const *segments, size_t segment_count, RouteMatch *m);

#endif
