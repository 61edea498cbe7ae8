/*
 * svc_reports.h — reports to the authorities, reporting obligations,
 * compliance figures and the organizations' status changes: the one way
 * in for each, as in svc.h (validate, authorize, write, audit, in one
 * transaction per call).
 *
 * Who may do what:
 *
 *   read a report            editors of its organization; ministry reviewers,
 *                            coordinators and admins who see the organization
 *   write, submit a report   editors of its organization, admins (a draft or a
 *                            returned report only)
 *   accept, return           ministry reviewers and admins (a submitted report);
 *                            a return says why
 *   set an obligation        ministry reviewers and admins
 *   change an org's status   ministry reviewers and admins, with a reason;
 *                            the program never changes one by itself
 *   compliance figures       ministry reviewers, coordinators, admins: counted
 *                            over the organizations they see without a reason
 *
 * The system actor (the command line, the demo loader) may do everything.
 */
#ifndef HAMAHANG_SVC_REPORTS_H
#define HAMAHANG_SVC_REPORTS_H

#include "core/compliance.h"
#include "core/report.h"
#include "svc/svc.h"

/* Today as a day number, from the unit's clock. */
long svc_today(const Ctx *ctx);

/* ---- obligations ---- */
/* Sets (or replaces) an organization's obligation; defaults filled in
 * (see validate_obligation). */
SvcStatus svc_obligation_set(Ctx *ctx, ReportObligation *o, Errors *errs);
/* The obligation of an organization the actor sees; SVC_NOT_FOUND when
 * there is none (or the organization is not seen). */
SvcStatus svc_obligation_get(Ctx *ctx, int64_t org_id, ReportObligation *out);

/* ---- reports ---- */
/* Creates a draft. */
SvcStatus svc_report_create(Ctx *ctx, Report *r, Errors *errs);
/* Replaces what the organization wrote in a draft or returned report
 * (period, summary, lines, recipients); its status stays. */
SvcStatus svc_report_update(Ctx *ctx, Report *r, Errors *errs);
/* draft or returned -> submitted. */
SvcStatus svc_report_submit(Ctx *ctx, int64_t id, Errors *errs);
/* submitted -> accepted (comments optional) or returned (comments required). */
SvcStatus svc_report_review(Ctx *ctx, int64_t id, bool accept, const char *comments, Errors *errs);
SvcStatus svc_report_get(Ctx *ctx, int64_t id, Report *out);
/* Reports of one organization (org_id > 0) or of all the actor may read. */
SvcStatus svc_report_list(Ctx *ctx, int64_t org_id, Report **out, size_t *count);
/* Whether the actor may write and submit reports of the organization, and
 * review them: for showing the right buttons; the calls above decide. */
bool svc_may_write_reports(const Ctx *ctx, int64_t org_id);
bool svc_may_review_reports(const Ctx *ctx);

/* ---- compliance ---- */

#define COMPLIANCE_MAX_PERIODS 600

typedef struct ComplianceRow {
	ReportObligation obligation;  /* with the organization's name and head office */
	const char *province_pcode;   /* the head office's province, or NULL */
	Period *periods;              /* over by today, oldest first */
	PeriodState *states;          /* one per period */
	int64_t *report_ids;          /* the report answering each period, or 0 */
	size_t period_count;
	ComplianceCounts counts;      /* over the periods within the filter */
	bool overdue;                 /* a report is missing */
	bool silent;                  /* nothing submitted for two years: a person may mark it inactive */
	const char *last_submitted_on;/* "YYYY-MM-DD" or NULL */
} ComplianceRow;

typedef struct ComplianceFilter {
	int64_t org_id;               /* 0 for all */
	const char *province_pcode;   /* NULL for all */
	long from_day;                /* periods ending on or after; COMPLIANCE_NO_DAY for no bound */
	long to_day;                  /* periods ending on or before; COMPLIANCE_NO_DAY for no bound */
	bool overdue_only;
} ComplianceFilter;

typedef struct ComplianceList {
	ComplianceRow *rows;
	size_t count;
	ComplianceCounts total;
} ComplianceList;

/* Compliance of every organization with an obligation the actor sees
 * without stating a reason, as of today. */
SvcStatus svc_compliance(Ctx *ctx, const ComplianceFilter *f, ComplianceList *out);
/* One organization's compliance, for its page: anyone who sees the
 * organization sees whether it is overdue. SVC_NOT_FOUND without an
 * obligation. */
SvcStatus svc_org_compliance(Ctx *ctx, int64_t org_id, ComplianceRow *out);

/* ---- organization status ---- */
SvcStatus svc_org_status_change(Ctx *ctx, OrgStatusChange *c, Errors *errs);
SvcStatus svc_org_status_history(Ctx *ctx, int64_t org_id, OrgStatusChange **out, size_t *count);
bool svc_may_change_org_status(const Ctx *ctx);

#endif
