/*
 * reports_web.h — the pages (ui_reports.c, ui_compliance.c) and JSON API
 * handlers (api_reports.c) of reports, obligations, compliance and
 * organization status changes: entries of the route table.
 */
#ifndef HAMAHANG_REPORTS_WEB_H
#define HAMAHANG_REPORTS_WEB_H

#include "core/errors.h"
#include "svc/svc_reports.h"
#include "web/http.h"

/* ---- JSON API ---- */
void api_reports_list(Req *req, Resp *resp);        /* GET    /api/v1/reports               */
void api_reports_create(Req *req, Resp *resp);      /* POST   /api/v1/reports               */
void api_reports_get(Req *req, Resp *resp);         /* GET    /api/v1/reports/{id}          */
void api_reports_patch(Req *req, Resp *resp);       /* PATCH  /api/v1/reports/{id}          */
void api_reports_submit(Req *req, Resp *resp);      /* POST   /api/v1/reports/{id}/submit   */
void api_reports_accept(Req *req, Resp *resp);      /* POST   /api/v1/reports/{id}/accept   */
void api_reports_return(Req *req, Resp *resp);      /* POST   /api/v1/reports/{id}/return   */
void api_obligation_get(Req *req, Resp *resp);      /* GET    /api/v1/orgs/{id}/obligation  */
void api_obligation_put(Req *req, Resp *resp);      /* PUT    /api/v1/orgs/{id}/obligation  */
void api_org_status_list(Req *req, Resp *resp);     /* GET    /api/v1/orgs/{id}/status      */
void api_org_status_change(Req *req, Resp *resp);   /* POST   /api/v1/orgs/{id}/status      */
void api_compliance(Req *req, Resp *resp);          /* GET    /api/v1/compliance            */

/* ---- pages ---- */
void ui_compliance(Req *req, Resp *resp);           /* GET  /compliance                     */
void ui_compliance_overdue_csv(Req *req, Resp *resp); /* GET /compliance/overdue.csv        */
void ui_report_page(Req *req, Resp *resp);          /* GET  /reports/{id}                   */
void ui_report_new(Req *req, Resp *resp);           /* GET  /orgs/{id}/reports/new          */
void ui_report_create(Req *req, Resp *resp);        /* POST /orgs/{id}/reports              */
void ui_report_submit(Req *req, Resp *resp);        /* POST /reports/{id}/submit            */
void ui_report_edit(Req *req, Resp *resp);          /* GET  /reports/{id}/edit              */
void ui_report_update(Req *req, Resp *resp);        /* POST /reports/{id} (then=submit resubmits) */
void ui_report_review(Req *req, Resp *resp);        /* POST /reports/{id}/review            */
void ui_org_status_change(Req *req, Resp *resp);    /* POST /orgs/{id}/status               */

/* The reporting section of an organization's page: an overdue notice, the
 * obligation, the latest reports (for those who may read them), the
 * status history and, for those who may, the status-change form. Writes
 * nothing for an organization without obligation, reports or history. */
void ui_org_reporting(Req *req, Resp *resp, Ctx *ctx, int64_t org_id, const char *org_status);

/* The words for a frequency or calendar code ("half_year": "every six
 * months"), a message id; the code itself when unknown. */
const char *ui_frequency_label(const char *code);

/* Reads the compliance filters of a query: org (an id), province (a
 * P-code or name), from and to (a date "2021", "2021-06", "2021-06-30" or
 * Solar Hijri "sh:1400", "sh:1400-06"; a period counts when its end falls
 * between them), overdue=1. Every bad value is recorded in errs. */
void compliance_filter_from_query(Req *req, Ctx *ctx, ComplianceFilter *f, Errors *errs);

#endif
