/*
 * model.h — the records of the registry, as plain values.
 *
 * These structs are what every layer passes around: the JSON API and the
 * forms fill them, the service validates and writes them, the store reads
 * them back. They own nothing: every string and array is borrowed from
 * whoever built the record (usually a request's Arena). Unknown numbers
 * are -1 (NUM_UNKNOWN); unknown strings are NULL. No I/O here.
 */
#ifndef HAMAHANG_MODEL_H
#define HAMAHANG_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define NUM_UNKNOWN (-1)

/* Length caps, in code points, checked by validation. */
#define NAME_MAX_CHARS 300
#define TITLE_MAX_CHARS 500
#define TEXT_MAX_CHARS 20000
#define CODE_MAX_CHARS 64
#define LIST_MAX_ITEMS 200

typedef enum Visibility {
	VIS_PUBLIC = 0,     /* anyone, signed in or not */
	VIS_MEMBERS = 1,    /* any signed-in user */
	VIS_RESTRICTED = 2  /* the owning organization, and coordinators/admins who state a reason */
} Visibility;

/* "public", "members", "restricted"; false for anything else. */
bool visibility_parse(const char *text, Visibility *out);
const char *visibility_name(Visibility v);

typedef struct OrgOffice {
	const char *place;  /* the place as written (name or P-code) */
	const char *within; /* a province that disambiguates it, as written; may be NULL */
	const char *pcode;  /* resolved P-code; NULL until resolved */
	bool is_main;       /* the head office */
	const char *note;   /* free text, may be NULL */
} OrgOffice;

typedef struct Org {
	int64_t id;                  /* 0 for a record not yet stored */
	const char *name_en;         /* English name, required */
	const char *name_prs;        /* Dari name */
	const char *name_pus;        /* Pashto name */
	const char *acronym;
	const char **aliases;        /* other names and spellings */
	size_t alias_count;
	const char *kind;            /* an org_kinds code: "ngo_national", ... */
	int64_t parent_id;           /* a ministry for its department; 0 if none */
	int64_t reg_authority_id;    /* the organization that registered it; 0 if none */
	const char *reg_number;      /* registration number at that authority */
	const char *reg_date;        /* partial date: "2010-03" */
	const char *tin;             /* tax identification number */
	const char *website;
	const char *description;
	long long staff_total;       /* NUM_UNKNOWN when not known */
	long long staff_female;      /* NUM_UNKNOWN when not known */
	int women_led;               /* 1, 0, or NUM_UNKNOWN */
	const char *status;          /* "active", "inactive", "suspended", "dissolved" */
	Visibility visibility;
	const char *source;          /* where the facts come from */
	OrgOffice *offices;
	size_t office_count;
	const char **sectors;        /* sector codes */
	size_t sector_count;
	const char *updated_at;      /* set by the store */
} Org;

typedef struct OrgRelation {
	int64_t id;
	int64_t from_org_id;
	const char *kind;            /* a relation_kinds code: "member_of", ... */
	int64_t to_org_id;
	const char *start_date;      /* partial dates, may be NULL */
	const char *end_date;
	const char *note;
	const char *source;
	const char *other_name;      /* filled on read: the other organization's name */
} OrgRelation;

typedef struct Award {
	int64_t id;
	int64_t org_id;
	const char *title;
	int64_t by_org_id;           /* 0 when the giver is not in the registry */
	const char *by_name;         /* the giver in words when not in the registry */
	int year;                    /* 0 when not known */
	const char *note;
	const char *source;
} Award;

typedef struct ProjectOrg {
	int64_t org_id;
	const char *role;            /* "implementing", "funding", "intermediary" */
	const char *org_name;        /* filled on read */
} ProjectOrg;

typedef struct ProjectPlace {
	const char *place;           /* as written */
	const char *within;          /* a province that disambiguates it, as written; may be NULL */
	const char *pcode;           /* resolved; NULL until resolved */
	long long villages;          /* villages or CDCs, NUM_UNKNOWN when not known */
	const char *note;
} ProjectPlace;

typedef struct Result {
	int64_t id;
	const char *indicator;       /* "people reached", "gully plugs built", ... */
	double value;                /* the figure */
	const char *qualifier;       /* NULL, "more_than" or "about" */
	const char *unit;            /* "people", "families", "hectares", ... */
	long long female;            /* disaggregation, NUM_UNKNOWN when not given */
	long long male;
	long long girls;             /* of which girls (within female) */
	long long boys;              /* of which boys (within male) */
	const char *period_start;    /* partial dates, may be NULL */
	const char *period_end;
	const char *source;          /* the report or document that said it; required */
	const char *note;
} Result;

typedef struct Project {
	int64_t id;
	const char *title_en;        /* at least one title is required */
	const char *title_prs;
	const char *title_pus;
	const char *description_en;
	const char *description_prs;
	const char *description_pus;
	const char *status;          /* "planned", "ongoing", "completed", "cancelled" */
	const char *start_date;      /* partial dates */
	const char *end_date;
	double budget;               /* meaningful when has_budget */
	bool has_budget;
	const char *currency;        /* ISO 4217, required with a budget */
	Visibility visibility;
	const char *source;
	const char *note;
	ProjectOrg *orgs;
	size_t org_count;
	const char **sectors;
	size_t sector_count;
	ProjectPlace *places;
	size_t place_count;
	const char **targets;        /* target group codes */
	size_t target_count;
	Result *results;
	size_t result_count;
	const char *updated_at;      /* set by the store */
} Project;

/* Valid values of the closed vocabularies above. */
bool org_status_valid(const char *s);
bool project_status_valid(const char *s);
bool project_role_valid(const char *s);
bool result_qualifier_valid(const char *s);

#endif
