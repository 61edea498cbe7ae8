/*
 * audit.h — the hash chain of the audit trail.
 *
 * Each entry's hash covers the previous entry's hash and the entry's own
 * fields in a fixed, unambiguous order, so removing or altering any entry
 * breaks every hash after it. BLAKE2b-256 from libsodium. No I/O.
 */
#ifndef HAMAHANG_AUDIT_H
#define HAMAHANG_AUDIT_H

#include <stdint.h>

#define AUDIT_HASH_HEX 65  /* 64 hex digits and a NUL */

/* Computes the entry hash into out (lower-case hex). NULL strings are
 * hashed as absent, distinct from "". */
void audit_hash(const char *prev_hash, const char *at, const char *actor, const char *action,
		const char *entity, int64_t entity_id, const char *before, const char *after,
		char out[AUDIT_HASH_HEX]);

#endif
