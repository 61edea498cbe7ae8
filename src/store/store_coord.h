/*
 * store_coord.h — the coordination records in SQL: memberships of
 * organizations in bodies and the services bodies offer, meetings read
 * one at a time with their participants and documents, recurring meeting
 * schedules, the status history of recommendations, and applications to
 * authorities (permits, MoUs, tax numbers, registrations).
 *
 * The same contract as store.h: bound parameters only, strings of what is
 * read live in the arena, STORE_* codes, and the store decides nothing
 * about who may. Lists take what the reader sees (max_vis and an
 * OrgScope) and leave out records tied to organizations it does not see.
 */
#ifndef HAMAHANG_STORE_COORD_H
#define HAMAHANG_STORE_COORD_H

#include "store/store.h"

/* ---- memberships ---- */

typedef struct Membership {
	int64_t id;               /* 0 until inserted */
	int64_t org_id;           /* the member */
	int64_t body_id;          /* the coordination body, cluster, working group or network */
	const char *status;       /* "applied", "member", "certified", "lapsed" */
	const char *since;        /* partial date, may be NULL */
	const char *until;        /* partial date, may be NULL */
	const char *note;
	const char *source;
	const char *org_name;     /* filled on read: the member's English name */
	const char *body_name;    /* filled on read: the body's English name */
	const char *body_kind;    /* filled on read: the body's org kind code */
} Membership;

/* Sets m->id; STORE_CONSTRAINT when the organization already has a
 * membership in that body. */
int store_membership_insert(Store *s, Membership *m);
/* Replaces status, dates, note and source of a stored membership;
 * STORE_NOT_FOUND when there is none with that id. */
int store_membership_update(Store *s, const Membership *m);
/* One membership whatever its sides' visibility (for deciding); in the arena. */
int store_membership_get(Store *s, Arena *a, int64_t id, Membership *out);
/* The memberships of an organization (org_id) or the members of a body
 * (body_id; the other 0), both sides seen by (max_vis, scope), by name. */
int store_membership_list(Store *s, Arena *a, int64_t org_id, int64_t body_id, Visibility max_vis,
			  const OrgScope *scope, Membership **out, size_t *count);

/* Replaces the services a body offers its members (texts in order). */
int store_body_services_put(Store *s, int64_t body_id, const char *const *texts, size_t count);
int store_body_services(Store *s, Arena *a, int64_t body_id, const char ***out, size_t *count);

/* ---- meetings ---- */

/* A meeting with its recommendations (each with addressed_kind),
 * participants and documents; STORE_NOT_FOUND when there is none. Names
 * of organizations are filled whatever their visibility: the caller hides
 * those the reader does not see. */
int store_meeting_get(Store *s, Arena *a, int64_t id, Meeting *out);

typedef struct MeetingSchedule {
	int64_t body_id;
	const char *recurrence;   /* "monthly" or "quarterly" */
	const char *since;        /* full date the schedule began */
	const char *until;        /* full date it ended, or NULL while it holds */
	const char *note;
} MeetingSchedule;

/* Inserts or replaces the schedule of a body. */
int store_schedule_put(Store *s, const MeetingSchedule *sc);
/* STORE_NOT_FOUND when the body has no schedule. */
int store_schedule_get(Store *s, Arena *a, int64_t body_id, MeetingSchedule *out);

/* ---- recommendations ---- */

typedef struct RecommendationEvent {
	int64_t id;
	int64_t recommendation_id;
	const char *at;           /* ISO 8601 UTC */
	const char *actor;        /* login of who recorded it */
	const char *status;       /* the status from then on */
	const char *note;         /* the follow-up note, may be NULL */
} RecommendationEvent;

/* One recommendation and the meeting it came from; STORE_NOT_FOUND if none. */
int store_recommendation_get(Store *s, Arena *a, int64_t id, Recommendation *out,
			     int64_t *meeting_id, int64_t *convener_id);
/* Sets the status and appends the event (e->id set). */
int store_recommendation_follow(Store *s, RecommendationEvent *e);
/* The events of a recommendation, oldest first. */
int store_recommendation_events(Store *s, Arena *a, int64_t id, RecommendationEvent **out,
				size_t *count);

/* ---- applications to authorities ---- */

typedef struct Application {
	int64_t id;               /* 0 until inserted */
	int64_t org_id;           /* who applied */
	int64_t authority_id;     /* to whom */
	int64_t project_id;       /* for which project; 0 when none */
	const char *kind;         /* "sector_mou", "tin", "registration", "registration_renewal" */
	const char *submitted;    /* full date; NULL when not known */
	const char *decided;      /* full date, NULL while pending */
	const char *outcome;      /* "pending", "approved", "refused", "withdrawn" */
	const char *note;
	const char *source;
	const char *org_name;     /* filled on read */
	const char *authority_name; /* filled on read */
} Application;

int store_application_insert(Store *s, Application *ap);
/* One application whatever its sides' visibility (for deciding), with
 * both names; in the arena. STORE_NOT_FOUND when there is none. */
int store_application_get(Store *s, Arena *a, int64_t id, Application *out);
/* Records the decision of a pending application: decided, outcome and,
 * when not NULL, note. STORE_NOT_FOUND when there is no pending one with
 * that id (decided meanwhile, or none). */
int store_application_decide(Store *s, const Application *ap);
/* Applications whose applicant, authority and project (when named) the
 * reader sees; authority_id and org_id filter when not 0. Ordered by
 * authority name, kind, submission. */
int store_application_list(Store *s, Arena *a, int64_t authority_id, int64_t org_id,
			   Visibility max_vis, const OrgScope *scope, Application **out,
			   size_t *count);

/* ---- who does what where ---- */

/* One project in one place of a province (or district), in one sector,
 * implemented by one organization, with the project's dates. */
typedef struct WhoWhatFact {
	const char *pcode;        /* where: the province itself or one of its districts */
	const char *sector;
	int64_t org_id;
	const char *org_name;
	int64_t project_id;
	const char *start_date;   /* the project's partial dates, may be NULL */
	const char *end_date;
} WhoWhatFact;

/* Every such fact in the place and the places inside it, among the
 * projects and implementing organizations the reader sees, ordered by
 * place, sector, organization name. */
int store_place_who_what(Store *s, Arena *a, const char *pcode, Visibility max_vis,
			 const OrgScope *scope, WhoWhatFact **out, size_t *count);

/* The organizations and project (0 when none) an application names. */
int store_application_refs(Store *s, int64_t id, int64_t *org_id, int64_t *authority_id,
			   int64_t *project_id);

#endif
