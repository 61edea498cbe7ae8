/*
 * coord_web.h — the pages and API handlers of coordination: meetings and
 * recommendation follow-ups (ui_meetings.c), waiting times of
 * applications (ui_permits.c), memberships on an organization's page
 * (ui_memberships.c), and the JSON API of all of these (api_coord.c).
 * Entries of the route table in route_table.c.
 */
#ifndef HAMAHANG_COORD_WEB_H
#define HAMAHANG_COORD_WEB_H

#include "svc/svc.h"
#include "web/http.h"

void ui_meetings_list(Req *req, Resp *resp);      /* GET  /meetings               */
void ui_meeting_new(Req *req, Resp *resp);        /* GET  /meetings/new           */
void ui_meeting_create(Req *req, Resp *resp);     /* POST /meetings               */
void ui_meeting_page(Req *req, Resp *resp);       /* GET  /meetings/{id}          */
void ui_recommendation_follow(Req *req, Resp *resp); /* POST /recommendations/{id} */
void ui_permits(Req *req, Resp *resp);            /* GET  /permits                */
void ui_org_highlights(Req *req, Resp *resp);     /* GET  /orgs/{id}/highlights   */
void ui_org_memberships_page(Req *req, Resp *resp); /* GET  /orgs/{id}/memberships (ui_membership_form.c) */
void ui_membership_create(Req *req, Resp *resp);  /* POST /orgs/{id}/memberships  */
void ui_membership_status(Req *req, Resp *resp);  /* POST /memberships/{id}       */
void ui_permit_new(Req *req, Resp *resp);         /* GET  /permits/new (ui_permit_form.c) */
void ui_permit_create(Req *req, Resp *resp);      /* POST /permits                */
void ui_permit_decision_form(Req *req, Resp *resp); /* GET /permits/{id}/decision */
void ui_permit_decide(Req *req, Resp *resp);      /* POST /permits/{id}/decision  */

void api_meetings_list(Req *req, Resp *resp);     /* GET  /api/v1/meetings        */
void api_meetings_create(Req *req, Resp *resp);   /* POST /api/v1/meetings        */
void api_meetings_get(Req *req, Resp *resp);      /* GET  /api/v1/meetings/{id}   */
void api_recommendation_follow(Req *req, Resp *resp); /* PATCH /api/v1/recommendations/{id} */
void api_org_memberships(Req *req, Resp *resp);   /* GET  /api/v1/orgs/{id}/memberships */
void api_memberships_create(Req *req, Resp *resp); /* POST /api/v1/memberships    */
void api_memberships_patch(Req *req, Resp *resp); /* PATCH /api/v1/memberships/{id}: a new status */
void api_org_schedule_put(Req *req, Resp *resp);  /* PUT  /api/v1/orgs/{id}/schedule */
void api_org_services_put(Req *req, Resp *resp);  /* PUT  /api/v1/orgs/{id}/services */
void api_applications_list(Req *req, Resp *resp); /* GET  /api/v1/applications    */
void api_applications_create(Req *req, Resp *resp); /* POST /api/v1/applications  */
void api_applications_patch(Req *req, Resp *resp); /* PATCH /api/v1/applications/{id}: the decision */

/* The memberships of an organization and, for a body, its members, the
 * services it offers and whether it met as planned: a section of the
 * organization's page (ui_orgs.c). Writes nothing when there is nothing
 * to show. */
void ui_org_memberships(Req *req, Resp *resp, Ctx *ctx, int64_t org_id);

/* Who does what where in a place for ?from=&to= (ui_place_period.c): a
 * section of the place page, and GET /places/{pcode}.csv, which the place
 * page's route hands on when ui_place_csv_wanted. */
struct Place;
void ui_place_period(Req *req, Resp *resp, Ctx *ctx, const struct Place *p);
bool ui_place_csv_wanted(const Req *req);
void ui_place_csv(Req *req, Resp *resp);

#endif
