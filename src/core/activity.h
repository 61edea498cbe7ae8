/*
 * activity.h — an activity as an import reads it from IATI XML, before it
 * is resolved against the registry: names as written, DAC codes, places
 * by P-code or name. Plain values borrowed from whoever filled them (the
 * reader's arena); no I/O.
 */
#ifndef HAMAHANG_ACTIVITY_H
#define HAMAHANG_ACTIVITY_H

#include <stdbool.h>
#include <stddef.h>

typedef struct ActivityOrg {
	const char *name;      /* the first narrative, may be NULL */
	const char *ref;       /* the organization identifier, may be NULL */
	const char *role;      /* "funding", "implementing", "intermediary"; NULL to leave out */
	const char *iati_role; /* the role code as written: "1".."4" */
	const char *kind;      /* our kind of organization from its IATI type, or NULL */
} ActivityOrg;

typedef struct ActivityPlace {
	const char *pcode; /* a P-code given with the location, or NULL */
	const char *name;  /* the location's name, or NULL */
} ActivityPlace;

typedef struct ActivityResult {
	const char *title; /* the indicator's title */
	double value;      /* the first actual value */
	bool has_value;
	long long female; /* an actual with the dimension sex=female (or 2), else -1 */
	long long male;   /* sex=male (or 1), else -1 */
	const char *period_start;
	const char *period_end;
} ActivityResult;

#define ACTIVITY_MAX_ITEMS 64

typedef struct ImportActivity {
	size_t line;            /* where <iati-activity> began */
	const char *identifier; /* iati-identifier */
	const char *title_en, *title_prs, *title_pus;
	const char *description_en, *description_prs, *description_pus;
	const char *status;     /* our status, from activity-status; may be NULL */
	const char *start_date; /* actual start, else planned */
	const char *end_date;   /* actual end, else planned */
	double budget;          /* the sum of the budgets in `currency` */
	bool has_budget;
	const char *currency;
	const char *countries; /* recipient-country codes, comma-separated, may be NULL */
	ActivityOrg orgs[ACTIVITY_MAX_ITEMS];
	size_t org_count;
	const char *dac_codes[ACTIVITY_MAX_ITEMS]; /* sector codes of the DAC vocabularies */
	size_t dac_count;
	ActivityPlace places[ACTIVITY_MAX_ITEMS];
	size_t place_count;
	ActivityResult results[ACTIVITY_MAX_ITEMS];
	size_t result_count;
} ImportActivity;

#endif
