/*
 * refdata.c — reference vocabularies in memory (see refdata.h).
 */
#include "core/refdata.h"

#include <stdlib.h>
#include <string.h>

#include "core/mem.h"

void codelist_add(CodeList *l, const char *code, const char *name_en, const char *name_prs,
		  const char *name_pus, const char *extra)
{
	if (l->count == l->alloc) {
		l->alloc = l->alloc ? l->alloc * 2 : 32;
		l->items = xrealloc(l->items, l->alloc * sizeof *l->items);
	}
	Code *c = &l->items[l->count++];
	c->code = xstrdup(code ? code : "");
	c->name_en = xstrdup(name_en ? name_en : "");
	c->name_prs = xstrdup(name_prs ? name_prs : "");
	c->name_pus = xstrdup(name_pus ? name_pus : "");
	c->extra = xstrdup(extra ? extra : "");
}

static int code_cmp(const void *a, const void *b)
{
	return strcmp(((const Code *)a)->code, ((const Code *)b)->code);
}

void codelist_sort(CodeList *l)
{
	if (l->count)
		qsort(l->items, l->count, sizeof *l->items, code_cmp);
}

const Code *codelist_find(const CodeList *l, const char *code)
{
	if (!code || !l->count)
		return NULL;
	Code key = {.code = (char *)code};
	return bsearch(&key, l->items, l->count, sizeof *l->items, code_cmp);
}

const char *code_name(const Code *c, const char *lang)
{
	if (lang && strcmp(lang, "prs") == 0 && c->name_prs[0])
		return c->name_prs;
	if (lang && strcmp(lang, "pus") == 0 && c->name_pus[0])
		return c->name_pus;
	return c->name_en;
}

static void codelist_free(CodeList *l)
{
	for (size_t i = 0; i < l->count; i++) {
		free(l->items[i].code);
		free(l->items[i].name_en);
		free(l->items[i].name_prs);
		free(l->items[i].name_pus);
		free(l->items[i].extra);
	}
	free(l->items);
	memset(l, 0, sizeof *l);
}

RefData *refdata_new(void)
{
	RefData *r = xcalloc(1, sizeof *r);
	r->gaz = gaz_new();
	return r;
}

void refdata_free(RefData *r)
{
	if (!r)
		return;
	gaz_free(r->gaz);
	codelist_free(&r->sectors);
	codelist_free(&r->org_kinds);
	codelist_free(&r->currencies);
	codelist_free(&r->target_groups);
	codelist_free(&r->relation_kinds);
	codelist_free(&r->regions);
	free(r);
}
