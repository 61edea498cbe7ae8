/*
 * audit.c — hash chain of audit entries (see audit.h).
 */
#include "core/audit.h"

#include <sodium.h>
#include <string.h>

/* Feeds one field as a tag byte, a length and the bytes, so that no two
 * different entries can produce the same byte stream. */
static void feed(crypto_generichash_state *h, const char *s)
{
	unsigned char tag = s ? 1 : 0;
	crypto_generichash_update(h, &tag, 1);
	if (!s)
		return;
	uint64_t len = strlen(s);
	unsigned char lenbytes[8];
	for (int i = 0; i < 8; i++)
		lenbytes[i] = (unsigned char)(len >> (8 * i));
	crypto_generichash_update(h, lenbytes, sizeof lenbytes);
	crypto_generichash_update(h, (const unsigned char *)s, len);
}

void audit_hash(const char *prev_hash, const char *at, const char *actor, const char *action,
		const char *entity, int64_t entity_id, const char *before, const char *after,
		char out[AUDIT_HASH_HEX])
{
	crypto_generichash_state h;
	unsigned char digest[32];
	char id[24];
	uint64_t u = (uint64_t)entity_id;
	int n = 0;
	do {
		id[n++] = (char)('0' + u % 10);
		u /= 10;
	} while (u && n < 21);
	id[n] = '\0';
	for (int i = 0; i < n / 2; i++) {
		char t = id[i];
		id[i] = id[n - 1 - i];
		id[n - 1 - i] = t;
	}
	crypto_generichash_init(&h, NULL, 0, sizeof digest);
	feed(&h, prev_hash);
	feed(&h, at);
	feed(&h, actor);
	feed(&h, action);
	feed(&h, entity);
	feed(&h, id);
	feed(&h, before);
	feed(&h, after);
	crypto_generichash_final(&h, digest, sizeof digest);
	sodium_bin2hex(out, AUDIT_HASH_HEX, digest, sizeof digest);
}
