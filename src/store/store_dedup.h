/*
 * store_dedup.h — decisions on likely duplicates in SQL (migration 003).
 *
 * The same contract as store.h: bound parameters only, strings of what is
 * read live in the arena, STORE_* codes, and the store decides nothing
 * about who may. Whether the reader sees the two records of a decision is
 * for the service to ask.
 */
#ifndef HAMAHANG_STORE_DEDUP_H
#define HAMAHANG_STORE_DEDUP_H

#include "store/store.h"

typedef struct DedupDecision {
	int64_t id;              /* 0 until stored */
	const char *kind;        /* "projects" or "orgs" */
	int64_t a_id;            /* the smaller id */
	int64_t b_id;            /* the larger */
	const char *decision;    /* "confirmed", "dismissed" or "merged" */
	const char *note;        /* may be NULL */
	const char *decided_by;  /* login */
	const char *decided_at;  /* YYYY-MM-DDTHH:MM:SSZ */
	int64_t kept_id;         /* merged: the record kept (a_id or b_id); 0 otherwise */
} DedupDecision;

/* The decision on a pair (a_id < b_id); STORE_NOT_FOUND when none. */
int store_dedup_decision_get(Store *s, Arena *a, const char *kind, int64_t a_id, int64_t b_id,
			     DedupDecision *out);
/* Stores a decision, replacing any earlier one on the same pair; sets
 * d->id. Inside the caller's transaction. */
int store_dedup_decision_put(Store *s, DedupDecision *d);
/* Forgets the decision on a pair: it is undecided again. */
int store_dedup_decision_delete(Store *s, const char *kind, int64_t a_id, int64_t b_id);
/* Every decision of a kind ("projects", "orgs"), newest first. */
int store_dedup_decisions(Store *s, Arena *a, const char *kind, DedupDecision **out, size_t *count);

#endif
