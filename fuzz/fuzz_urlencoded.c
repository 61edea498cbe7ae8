/*
 * fuzz_urlencoded.c — query strings, urlencoded form bodies, %-escapes and
 * Cookie headers, decoded as the dispatcher decodes them (web/request.c).
 *
 * The whole input is read as a form body (and so as a query string), as a
 * path piece (no '+' as a space) and as the value of a Cookie header.
 * Besides memory errors it stops on a broken promise: whatever decodes is
 * valid UTF-8 without a NUL; no more pairs than '&'-separated pieces; a
 * cookie name is never empty.
 */
#include <string.h>

#include "core/arena.h"
#include "core/text.h"
#include "fuzz_common.h"
#include "web/web_int.h"

static void check_text(const char *s)
{
	FUZZ_CHECK(s != NULL, "a decoded pair has a name and a value");
	FUZZ_CHECK(web_utf8_valid(s, strlen(s)), "decoded text is valid UTF-8");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	Arena *a = arena_new();
	const HttpPair *pairs;
	size_t count = 0;

	/* A stricter check of the same bytes must never accept what the
	 * looser one refuses. */
	if (text_valid_utf8(s, size))
		FUZZ_CHECK(web_utf8_valid(s, size), "text_valid_utf8 implies web_utf8_valid");

	if (web_parse_urlencoded(a, s, size, &pairs, &count)) {
		size_t pieces = 1;
		for (size_t i = 0; i < size; i++)
			pieces += data[i] == '&';
		FUZZ_CHECK(count <= pieces, "no more pairs than pieces");
		for (size_t i = 0; i < count; i++) {
			check_text(pairs[i].name);
			check_text(pairs[i].value);
		}
	}
	for (int plus = 0; plus <= 1; plus++) {
		char *decoded = web_decode(a, s, size, plus);
		if (decoded) {
			check_text(decoded);
			FUZZ_CHECK(strlen(decoded) <= size, "decoding never lengthens");
		}
	}

	/* The same bytes as a Cookie header (headers hold no NUL). */
	char *value = arena_strndup(a, s, size);
	HttpPair headers[2] = {{.name = "Accept", .value = "*/*"}, {.name = "cookie", .value = value}};
	const HttpPair *cookies;
	web_parse_cookies(a, headers, 2, &cookies, &count);
	for (size_t i = 0; i < count; i++) {
		FUZZ_CHECK(cookies[i].name && cookies[i].name[0], "a cookie has a name");
		FUZZ_CHECK(cookies[i].value != NULL, "a cookie has a value");
	}
	arena_free(a);
	return 0;
}
