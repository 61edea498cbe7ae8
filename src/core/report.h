/*
 * report.h — the records of reporting: an organization's obligation to
 * report, its reports (with per-project lines, recipients and the history
 * of their status) and the history of the organization's own status; and
 * the rules a record must meet before it is stored.
 *
 * Like model.h, the structs own nothing: strings and arrays are borrowed
 * from whoever built them (usually a request's Arena). No I/O here.
 */
#ifndef HAMAHANG_REPORT_H
#define HAMAHANG_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/errors.h"
#include "core/model.h"
#include "core/refdata.h"

#define REPORT_MAX_LINES 100
#define REPORT_MAX_RECIPIENTS 20
#define REASON_TEXT_MAX_CHARS 2000

typedef struct ReportObligation {
	int64_t org_id;              /* the organization that reports */
	int64_t authority_id;        /* to whom: the Ministry of Economy unless said otherwise */
	const char *frequency;       /* "monthly", "quarterly", "half_year" (default), "yearly" */
	const char *calendar;        /* "gregorian" (default) or "solar_hijri" */
	const char *start_date;      /* "YYYY-MM-DD": the first day covered */
	int grace_days;              /* days after a period's end before a report is late */
	const char *updated_at;      /* set by the store */
	const char *org_name;        /* filled on read */
	const char *authority_name;  /* filled on read */
	Visibility org_visibility;   /* filled on read */
	const char *main_pcode;      /* filled on read: the head office's place, or NULL */
} ReportObligation;

typedef struct ReportLine {
	int64_t project_id;          /* the project reported on; 0 for activities outside a project */
	const char *project_title;   /* filled on read */
	const char *progress;        /* what was done, in words */
	const char *indicator;       /* a result: "people reached", ... ; may be NULL */
	double value;                /* the result's figure, meaningful when has_value */
	bool has_value;
	long long female;            /* of the result, NUM_UNKNOWN when not given */
	long long male;
	long long girls;             /* within female */
	long long boys;              /* within male */
	double spending;             /* spent in the period, meaningful when has_spending */
	bool has_spending;
	const char *currency;        /* ISO 4217, required with spending */
} ReportLine;

typedef struct ReportEvent {
	const char *at;              /* "YYYY-MM-DDTHH:MM:SSZ" */
	const char *actor;           /* the login */
	const char *status;          /* the status the report moved to */
	const char *comment;         /* the reviewer's words, may be NULL */
} ReportEvent;

typedef struct Report {
	int64_t id;                  /* 0 for a report not yet stored */
	int64_t org_id;
	const char *org_name;        /* filled on read */
	const char *period_start;    /* "YYYY-MM-DD" */
	const char *period_end;      /* "YYYY-MM-DD" */
	const char *status;          /* "draft", "submitted", "accepted", "returned" */
	const char *summary;         /* the organization's overview of the period */
	const char *review_comments; /* the reviewer's words on the last return or acceptance */
	const char *first_submitted_on; /* "YYYY-MM-DD", NULL until submitted */
	const char *submitted_on;    /* the latest submission */
	const char *returned_on;
	const char *accepted_on;
	const char *created_at;      /* set by the store */
	const char *updated_at;
	ReportLine *lines;
	size_t line_count;
	int64_t *recipients;         /* organizations the report goes to */
	const char **recipient_names;/* filled on read, one per recipient */
	size_t recipient_count;
	ReportEvent *events;         /* filled on read, oldest first */
	size_t event_count;
} Report;

typedef struct OrgStatusChange {
	int64_t id;
	int64_t org_id;
	const char *at;              /* set by the service */
	const char *actor;
	const char *change;          /* "active", "suspended", "dissolved", "inactive", "reinstated" */
	const char *old_status;
	const char *new_status;      /* the organization's status after it: reinstated gives active */
	const char *reason;          /* required */
} OrgStatusChange;

/* True for "draft", "submitted", "accepted", "returned". */
bool report_status_valid(const char *s);
/* The organization status a change leaves ("reinstated" -> "active"), or
 * NULL for a change that is not one of the five. */
const char *org_status_after(const char *change);

/* Checks what an organization writes in a report (period, summary, lines,
 * recipients); every problem goes to errs. */
bool validate_report(const RefData *ref, const Report *r, Errors *errs);
/* Checks an obligation (frequency, calendar, start, grace). Fills the
 * defaults first: frequency "half_year", calendar "gregorian", grace 30
 * when grace_days is NUM_UNKNOWN. */
bool validate_obligation(ReportObligation *o, Errors *errs);
/* Checks a status change: a known change and a reason that says something. */
bool validate_status_change(const OrgStatusChange *c, Errors *errs);

#endif
