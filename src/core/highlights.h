/*
 * highlights.h — an organization's "highlights of achievement" worked out
 * from its projects: how many projects by sector and by province, funding
 * by currency and by donor, people reached by sex — each project and each
 * result counted once, and disagreeing figures kept apart as conflicts
 * rather than added up.
 *
 * Pure arithmetic over records already read (core/model.h); what a reader
 * may see is decided before the projects reach here. No I/O.
 */
#ifndef HAMAHANG_HIGHLIGHTS_H
#define HAMAHANG_HIGHLIGHTS_H

#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/model.h"
#include "core/place.h"

typedef struct HighlightCount {
	const char *code;       /* a sector code or a province P-code */
	long long projects;     /* projects of the organization there, each once */
} HighlightCount;

typedef struct HighlightFunding {
	int64_t donor_id;       /* 0 for the currency's total over all projects */
	const char *donor_name;
	const char *currency;
	double amount;          /* sum of the budgets, each project once */
	long long projects;     /* projects with a budget in this currency */
	long long shared;       /* of which with more than one donor (whole budget shown) */
} HighlightFunding;

/* One result that went into the people reached, or a conflicting one. */
typedef struct HighlightResult {
	size_t project;         /* index into the projects given */
	size_t result;          /* index into that project's results */
} HighlightResult;

typedef struct Highlights {
	long long projects;                /* projects given, each once */
	HighlightCount *by_sector;         /* ordered by projects, most first, then code */
	size_t sector_count;
	HighlightCount *by_province;       /* the province of each place (a district counts for it) */
	size_t province_count;
	HighlightFunding *funding;         /* per currency: the total (donor_id 0), then per donor */
	size_t funding_count;
	long long people_total;            /* people reached: value of the results counted */
	long long people_female;           /* of results that give it; NUM_UNKNOWN when none does */
	long long people_male;
	HighlightResult *counted;          /* the results added up */
	size_t counted_count;
	HighlightResult *conflicts;        /* pairs (2 entries each) that disagree: not added */
	size_t conflict_count;             /* entries in conflicts[] (twice the pairs) */
} Highlights;

/* True for a unit that counts people ("people", "persons", "individuals"). */
bool unit_is_people(const char *unit);

/* Works out the highlights of projects[0..count) (with orgs, sectors,
 * places and results) for the organization org_id; lists live in a. A
 * result counted twice in one project (same indicator, unit and figures)
 * is added once, and so is one reported again for another period with
 * the same figures; two results of one project whose figures disagree
 * (conflict.h) are listed in conflicts and neither is added. */
void highlights_build(Arena *a, const Gazetteer *g, const Project *projects, size_t count,
		      Highlights *out);

#endif
