/*
 * svc_import.c — rows of a table into the registry, through the service
 * calls of the forms (see svc_import.h for how a row becomes records).
 * This file holds the importer's life cycle (begin, end, its source, its
 * remembered mapping, its counts), the text helpers every import file
 * uses, and the actor an import runs as. The words of a row are resolved
 * in svc_import_vocab.c, project rows and IATI activities are written in
 * svc_import_project.c, organization tables in svc_import_org.c.
 *
 * The whole import runs in one transaction; each row in a savepoint inside
 * it (store transactions nest), so a rejected row leaves nothing behind and
 * a dry run is undone at the end. Lookups made during the run (an
 * organization found or created) are cached, and forgotten again when the
 * row that made them is undone. No file I/O here: the rows come from the
 * caller.
 */
#include "svc/svc_import.h"

#include <ctype.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/mem.h"
#include "core/text.h"
#include "store/store_import.h"
#include "svc/svc_account.h"
#include "svc/svc_import_int.h"

/* ---- small helpers ---- */

/* A copy of s without leading and trailing spaces, in the arena; NULL for
 * NULL or blank. */
const char *svc_import_trimmed(Arena *a, const char *s)
{
	if (!s)
		return NULL;
	while (*s && isspace((unsigned char)*s))
		s++;
	size_t n = strlen(s);
	while (n && isspace((unsigned char)s[n - 1]))
		n--;
	return n ? arena_strndup(a, s, n) : NULL;
}

/* The folded key of s in the arena ("" for text that is not UTF-8). */
const char *svc_import_folded(Arena *a, const char *s)
{
	char *f = text_fold(s ? s : "");
	const char *out = arena_strdup(a, f ? f : "");
	free(f);
	return out;
}

/* ---- the run ---- */

SvcStatus svc_import_begin(Ctx *ctx, const char *source, bool dry_run, Importer **out)
{
	*out = NULL;
	if (ctx->actor->role == ROLE_ANONYMOUS)
		return SVC_FORBIDDEN;
	if (!source || !*source || !text_valid_utf8(source, strlen(source)) ||
	    text_length(source) > SOURCE_MAX_CHARS)
		return SVC_INVALID;
	Importer *im = xcalloc(1, sizeof *im);
	im->ctx = ctx;
	im->dry_run = dry_run;
	im->source = xstrdup(source);
	im->visibility = VIS_MEMBERS;
	im->orgs = json_object();
	im->row_cache_keys = json_array();
	im->districts = json_object();
	im->provinces = json_object();
	im->written = json_object();
	im->pending_authorities = json_array();
	im->pending_parents = json_array();
	struct tm tm;
	gmtime_r(&ctx->now, &tm);
	strftime(im->at, sizeof im->at, "%Y-%m-%dT%H:%M:%SZ", &tm);
	if (store_begin(ctx->store) != STORE_OK)
		goto fail;
	const char *mapping = NULL;
	if (store_import_source(ctx->store, ctx->arena, source, im->at, &im->source_id, &mapping) !=
	    STORE_OK)
		goto fail;
	im->mapping = mapping ? xstrdup(mapping) : NULL;
	*out = im;
	return SVC_OK;
fail:
	store_rollback(ctx->store);
	json_decref(im->orgs);
	json_decref(im->row_cache_keys);
	json_decref(im->districts);
	json_decref(im->provinces);
	json_decref(im->written);
	json_decref(im->pending_authorities);
	json_decref(im->pending_parents);
	free(im->source);
	free(im);
	return SVC_ERROR;
}

void svc_import_set_visibility(Importer *im, Visibility v)
{
	im->visibility = v;
}

const char *svc_import_mapping(const Importer *im)
{
	return im->mapping;
}

SvcStatus svc_import_remember_mapping(Importer *im, const char *mapping)
{
	if (store_import_source_set_mapping(im->ctx->store, im->source_id, mapping, im->at) !=
	    STORE_OK)
		return SVC_ERROR;
	free(im->mapping);
	im->mapping = mapping ? xstrdup(mapping) : NULL;
	return SVC_OK;
}

const ImportCounts *svc_import_counts(const Importer *im)
{
	return &im->counts;
}

SvcStatus svc_import_end(Importer *im, bool commit)
{
	Ctx *ctx = im->ctx;
	SvcStatus st = SVC_OK;
	if (commit && !im->dry_run) {
		if (store_commit(ctx->store) != STORE_OK) {
			store_rollback(ctx->store);
			st = SVC_ERROR;
		}
	} else {
		store_rollback(ctx->store);
	}
	json_decref(im->orgs);
	json_decref(im->row_cache_keys);
	json_decref(im->districts);
	json_decref(im->provinces);
	json_decref(im->written);
	json_decref(im->pending_authorities);
	json_decref(im->pending_parents);
	free(im->source);
	free(im->mapping);
	free(im);
	return st;
}

SvcStatus svc_import_actor(Ctx *ctx, const char *login, Actor *out)
{
	User u;
	int rc = store_user_get_by_login(ctx->store, ctx->arena, login, &u);
	if (rc == STORE_NOT_FOUND || (rc == STORE_OK && u.disabled))
		return SVC_NOT_FOUND;
	if (rc != STORE_OK)
		return SVC_ERROR;
	memset(out, 0, sizeof *out);
	out->user_id = u.id;
	out->login = u.login;
	if (!svc_role_parse(u.role, &out->role))
		out->role = ROLE_ANONYMOUS;
	if (out->role == ROLE_EDITOR) {
		out->org_ids = u.org_ids;
		out->org_count = u.org_count;
	}
	return SVC_OK;
}
