/*
 * svc_coord.h — the service calls of coordination: memberships and the
 * services bodies offer, meetings with their participants and documents,
 * meeting schedules, recommendation follow-ups, applications to
 * authorities and their waiting times.
 *
 * As everywhere in the service: every write validates (collecting every
 * problem), asks the policy of svc.c (svc_may_coordinate), writes and
 * appends its audit entry in one transaction. Reads leave out, or leave
 * unnamed, organizations the actor does not see; figures count only what
 * the actor sees without a stated reason.
 */
#ifndef HAMAHANG_SVC_COORD_H
#define HAMAHANG_SVC_COORD_H

#include "core/coord.h"
#include "store/store_coord.h"
#include "svc/svc.h"

/* "applied", "member", "certified", "lapsed". */
bool membership_status_valid(const char *s);
/* "open", "in_progress", "done", "dropped". */
bool recommendation_status_valid(const char *s);
/* "sector_mou", "tin", "registration", "registration_renewal". */
bool application_kind_valid(const char *s);
/* "pending", "approved", "refused", "withdrawn". */
bool application_outcome_valid(const char *s);

/* ---- memberships ---- */

/* Adds a membership (m->id set). SVC_INVALID names every problem (an
 * unknown organization, a body that is the member itself, a status, a
 * date, a membership already recorded). */
SvcStatus svc_membership_create(Ctx *ctx, Membership *m, Errors *errs);
/* Whether the actor may add members to body_id or change their
 * memberships (its editors, coordinators, admins): for offering the
 * forms; the writes below decide. */
bool svc_may_write_membership(const Ctx *ctx, int64_t body_id);
/* One membership whose two sides the actor sees; SVC_NOT_FOUND otherwise. */
SvcStatus svc_membership_get(Ctx *ctx, int64_t id, Membership *out);
/* Records a new status of a membership from a date (partial, either
 * calendar): "lapsed" ends it on that date (until), any other status
 * starts on it (since, until cleared). note replaces the stored one when
 * given. The change is audited with the values before and after. *out
 * (may be NULL) gets the membership as stored afterwards. SVC_INVALID
 * names a bad status, a missing or unreadable date, a date in the future
 * or an end before the start. */
SvcStatus svc_membership_status(Ctx *ctx, int64_t id, const char *status, const char *date,
				const char *note, Errors *errs, Membership *out);
/* The memberships of org_id, or the members of body_id (the other 0),
 * both sides seen by the actor. SVC_NOT_FOUND for an organization the
 * actor does not see. */
SvcStatus svc_memberships(Ctx *ctx, int64_t org_id, int64_t body_id, Membership **out,
			  size_t *count);
/* Replaces the services a body offers its members (one text each, at most
 * LIST_MAX_ITEMS). */
SvcStatus svc_body_services_set(Ctx *ctx, int64_t body_id, const char *const *texts, size_t count,
				Errors *errs);
SvcStatus svc_body_services(Ctx *ctx, int64_t body_id, const char ***out, size_t *count);

/* ---- meetings ---- */

/* Adds every problem of a meeting to errs, writing nothing: for a form
 * some of whose fields could not even be read, so that it shows every
 * mistake at once. */
void svc_meeting_check(Ctx *ctx, Meeting *m, Errors *errs);

/* svc_meeting_create is declared in svc.h. One meeting with its parts;
 * conveners, participants and addressees the actor does not see are left
 * unnamed (participants left out). */
SvcStatus svc_meeting_get(Ctx *ctx, int64_t id, Meeting *out);

/* Sets a body's schedule ("monthly"/"quarterly" from a full date). */
SvcStatus svc_schedule_set(Ctx *ctx, MeetingSchedule *sc, Errors *errs);
/* The body's schedule and whether it met as planned up to today (ctx->now).
 * SVC_NOT_FOUND when the body has none or is not seen. */
SvcStatus svc_schedule_check(Ctx *ctx, int64_t body_id, MeetingSchedule *sc, ScheduleCheck *out);

/* ---- recommendations ---- */

/* Records a new status and a follow-up note (history kept, audited).
 * *meeting_id gets the meeting it belongs to. */
SvcStatus svc_recommendation_follow(Ctx *ctx, int64_t id, const char *status, const char *note,
				    Errors *errs, int64_t *meeting_id);
/* The history of a recommendation, oldest first. */
SvcStatus svc_recommendation_events(Ctx *ctx, int64_t id, RecommendationEvent **out,
				    size_t *count);

/* ---- applications to authorities ---- */

/* Dates (submitted, decided) may be typed in either calendar. */
SvcStatus svc_application_create(Ctx *ctx, Application *ap, Errors *errs);
/* One application whose applicant, authority and project (when named)
 * the actor sees; SVC_NOT_FOUND otherwise. */
SvcStatus svc_application_get(Ctx *ctx, int64_t id, Application *out);
/* Whether the actor may record applications of the applicant to the
 * authority and their decisions (the applicant's or the authority's
 * editors, ministry reviewers, coordinators, admins): for offering forms. */
bool svc_may_write_application(const Ctx *ctx, const Application *ap);
/* Records the decision on a pending application: outcome (approved,
 * refused, withdrawn) on the day decided (a full date in either
 * calendar, not before the submission nor after today); note replaces the
 * stored one when given. Audited with the values before and after.
 * SVC_INVALID names every problem, and an application already decided. */
SvcStatus svc_application_decide(Ctx *ctx, Application *decision, Errors *errs);
/* Whether the actor may record any application or membership at all
 * (for links to the forms). */
bool svc_may_record_applications(const Ctx *ctx);
bool svc_may_record_memberships(const Ctx *ctx);
/* Applications the actor sees (authority_id / org_id filter when not 0). */
SvcStatus svc_applications(Ctx *ctx, int64_t authority_id, int64_t org_id, Application **out,
			   size_t *count);

/* Waiting times of one authority for one kind of application. */
typedef struct WaitRow {
	int64_t authority_id;
	const char *authority_name;
	const char *kind;
	WaitStats stats;
} WaitRow;

/* Per authority and kind, of the applications the actor sees without a
 * reason, on the day of ctx->now. */
SvcStatus svc_waiting_times(Ctx *ctx, WaitRow **out, size_t *count);

/* ---- who does what where, for a period ---- */

/* One row: in a place, in a sector, an organization, with how many
 * projects (each counted once). */
typedef struct WhoWhatRow {
	const char *pcode;
	const char *sector;
	int64_t org_id;
	const char *org_name;
	long long projects;
} WhoWhatRow;

/* Who does what in a place (a province and its districts, or a district)
 * during from..to (partial dates; either may be NULL). SVC_INVALID names
 * a bad date or a period that ends before it starts. *undated gets how
 * many projects were left out because they have no dates (with a period
 * only). Counts only what the actor sees without a stated reason. */
SvcStatus svc_place_who_what(Ctx *ctx, const char *pcode, const char *from, const char *to,
			     Errors *errs, WhoWhatRow **out, size_t *count, long long *undated);

/* ---- an organization's highlights ---- */

#include "core/highlights.h"

/* The highlights of an organization from the projects (any role) the
 * actor sees, with their results; *projects (in the arena) are the
 * records the figures point into. SVC_NOT_FOUND for an organization the
 * actor does not see. */
SvcStatus svc_org_highlights(Ctx *ctx, int64_t org_id, Project **projects, size_t *count,
			     Highlights *out);

#endif
