/*
 * refdata.h — the reference vocabularies in memory: places, sectors,
 * organization kinds, currencies, target groups, relation kinds.
 *
 * Loaded once from the store at start-up and then only read, so that
 * validation and matching (core code) can check codes without I/O.
 */
#ifndef HAMAHANG_REFDATA_H
#define HAMAHANG_REFDATA_H

#include <stdbool.h>
#include <stddef.h>

#include "core/place.h"

typedef struct Code {
	char *code;      /* "WASH", "ngo_national", "USD" */
	char *name_en;
	char *name_prs;  /* may be "" */
	char *name_pus;  /* may be "" */
	char *extra;     /* per list: a sector's kind, a DAC code list; may be "" */
} Code;

typedef struct CodeList {
	Code *items;     /* sorted by code */
	size_t count;
	size_t alloc;
} CodeList;

typedef struct RefData {
	Gazetteer *gaz;            /* places */
	CodeList sectors;
	CodeList org_kinds;
	CodeList currencies;
	CodeList target_groups;
	CodeList relation_kinds;
	CodeList regions;
} RefData;

/* Adds an entry (strings copied; NULL taken as ""). Call codelist_sort after the last. */
void codelist_add(CodeList *l, const char *code, const char *name_en, const char *name_prs,
		  const char *name_pus, const char *extra);
void codelist_sort(CodeList *l);
/* The entry with that code (exact), borrowed, or NULL. */
const Code *codelist_find(const CodeList *l, const char *code);
/* The entry's name in a language ("en", "prs", "pus"), falling back to English. */
const char *code_name(const Code *c, const char *lang);

RefData *refdata_new(void);
void refdata_free(RefData *r);

#endif
