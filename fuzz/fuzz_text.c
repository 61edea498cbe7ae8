/*
 * fuzz_text.c — text folding, transliteration skeletons and edit distance
 * (core/text.c), on any bytes.
 *
 * The input is split at its first byte 0xFF into two strings (the second
 * empty when there is none). Besides memory errors it stops on a broken
 * promise: folding refuses exactly what is not valid UTF-8, a folded key
 * folds to itself, a skeleton of a key is valid UTF-8, a distance is
 * symmetric, zero to itself and never past its limit + 1.
 */
#include <stdlib.h>
#include <string.h>

#include "core/text.h"
#include "fuzz_common.h"

static void fold_checks(const char *s)
{
	char *key = text_fold(s);
	if (!text_valid_utf8(s, strlen(s))) {
		free(key);
		return;
	}
	FUZZ_CHECK(key != NULL, "valid UTF-8 folds");
	FUZZ_CHECK(text_valid_utf8(key, strlen(key)), "a key is valid UTF-8");
	char *again = text_fold(key);
	FUZZ_CHECK(again && strcmp(again, key) == 0, "a key folds to itself");
	char *skeleton = text_skeleton(key);
	FUZZ_CHECK(skeleton && text_valid_utf8(skeleton, strlen(skeleton)),
	           "a skeleton is valid UTF-8");
	FUZZ_CHECK(text_length(key) <= 4 * strlen(s) + 16, "a key is not far longer than its text");
	free(skeleton);
	free(again);
	free(key);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *input = fuzz_cstring(data, size);
	char *split = memchr(input, 0xff, strlen(input));
	const char *a = input, *b = "";
	if (split) {
		*split = '\0';
		b = split + 1;
	}
	fold_checks(a);
	fold_checks(b);
	if (text_valid_utf8(a, strlen(a)) && text_valid_utf8(b, strlen(b))) {
		size_t la = text_length(a), lb = text_length(b);
		size_t most = la > lb ? la : lb;
		size_t limit = size % 7;
		FUZZ_CHECK(text_distance(a, a, limit) == 0, "a string is at distance 0 from itself");
		size_t ab = text_distance(a, b, most), ba = text_distance(b, a, most);
		FUZZ_CHECK(ab == ba, "distance is symmetric");
		FUZZ_CHECK(ab <= most, "distance is at most the longer length");
		FUZZ_CHECK(text_distance(a, b, limit) <= limit + 1, "distance stops past its limit");
		FUZZ_CHECK(text_distance(a, b, limit) == (ab <= limit ? ab : limit + 1),
		           "a limited distance agrees with the full one");
	}
	free(input);
	return 0;
}
