/*
 * place.h — the gazetteer in memory and the resolution of place names to
 * P-codes.
 *
 * A place written anywhere (a form, the API, an import) resolves to one
 * P-code, or is reported ambiguous (several places fit equally well) or
 * unresolved, with the nearest candidates. Never a silent guess: every
 * match says how it was made. The gazetteer is filled by the caller (the
 * store loads it); this module does no I/O.
 */
#ifndef HAMAHANG_PLACE_H
#define HAMAHANG_PLACE_H

#include <stdbool.h>
#include <stddef.h>

#define PCODE_MAX 16

typedef enum PlaceLevel {
	PLACE_COUNTRY = 0,
	PLACE_PROVINCE = 1,
	PLACE_DISTRICT = 2
} PlaceLevel;

typedef struct Place {
	char pcode[PCODE_MAX];        /* "AF", "AF24", "AF2802" */
	char parent_pcode[PCODE_MAX]; /* "" for the country */
	char region_code[8];          /* "CH", "NR", ... ; "" for the country */
	PlaceLevel level;             /* country, province or district */
	char *name_en;                /* OCHA English name, owned */
	char *name_prs;               /* Dari name, owned, may be "" */
	char *name_pus;               /* Pashto name, owned, may be "" */
	char **alt_names;             /* other spellings, owned */
	size_t alt_count;             /* entries in alt_names */
} Place;

typedef struct Gazetteer Gazetteer;

/* A new, empty gazetteer; free with gaz_free. */
Gazetteer *gaz_new(void);
void gaz_free(Gazetteer *g);
/* Adds a place; the strings are copied. alt_names is a '|'-separated list
 * (may be NULL or ""). Returns false when the pcode is already present. */
bool gaz_add(Gazetteer *g, const char *pcode, PlaceLevel level, const char *parent_pcode,
	     const char *region_code, const char *name_en, const char *name_prs,
	     const char *name_pus, const char *alt_names);
/* Builds the lookup index; call once after the last gaz_add. */
void gaz_index(Gazetteer *g);
/* The place with that P-code (case-insensitive), borrowed; NULL if none. */
const Place *gaz_get(const Gazetteer *g, const char *pcode);
/* Number of places, and the i-th in P-code order (borrowed). */
size_t gaz_count(const Gazetteer *g);
const Place *gaz_at(const Gazetteer *g, size_t i);
/* True when `place` is `ancestor` or lies inside it. */
bool gaz_within(const Gazetteer *g, const Place *place, const Place *ancestor);
/* The province a P-code lies in: the province itself, or a district's
 * province (borrowed); NULL for the country, an unknown P-code or NULL. */
const Place *gaz_province_of(const Gazetteer *g, const char *pcode);

typedef enum PlaceOutcome {
	PLACE_MATCHED,    /* exactly one best place */
	PLACE_AMBIGUOUS,  /* several places fit equally well */
	PLACE_UNRESOLVED  /* nothing fits well enough */
} PlaceOutcome;

typedef enum PlaceHow {
	HOW_PCODE,        /* the input was a P-code */
	HOW_NAME_EN,      /* the English name, after folding */
	HOW_NAME_LOCAL,   /* the Dari or Pashto name, after folding */
	HOW_ALT_NAME,     /* an alternate spelling */
	HOW_SKELETON,     /* a transliteration variant (same skeleton) */
	HOW_FUZZY         /* a close spelling (small edit distance) */
} PlaceHow;

typedef struct PlaceMatch {
	const Place *place;   /* borrowed from the gazetteer */
	PlaceHow how;         /* how it matched */
	const char *matched;  /* the name it matched, borrowed from the place */
	int distance;         /* edit distance for HOW_FUZZY, else 0 */
} PlaceMatch;

#define PLACE_MAX_CANDIDATES 8

/* The longest input taken for a place name, in code points of its folded
 * form. The longest name in the gazetteer has under 30; a longer input is
 * no place name, and comparing it with every name would cost time in
 * proportion to its length (a request body could hold a megabyte). */
#define PLACE_NAME_MAX_CHARS 100

typedef struct PlaceResult {
	PlaceOutcome outcome;
	PlaceMatch best;                                /* valid when MATCHED */
	PlaceMatch candidates[PLACE_MAX_CANDIDATES];    /* AMBIGUOUS: the tied places;
							   UNRESOLVED: what came close */
	size_t candidate_count;
} PlaceResult;

/* Resolves `name` (any language, any common spelling, or a P-code).
 * `within` (a P-code, or NULL) restricts to places inside it and breaks
 * ties. A name shared by a province and a district inside it (Kabul,
 * Balkh, Khost) means the province, unless `within` names that province:
 * then the caller asked for a place inside it, and gets the district
 * ("Khost" within AF14 is the district Matun AF1401, not Khost Wa Fereng
 * in Baghlan). A name longer than PLACE_NAME_MAX_CHARS is unresolved,
 * with no candidates. Fills *out; never fails. */
void place_resolve(const Gazetteer *g, const char *name, const char *within, PlaceResult *out);

/* A short English phrase for how a match was made ("alternate spelling"). */
const char *place_how_text(PlaceHow how);

#endif
