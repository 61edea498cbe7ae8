/*
 * routes.c — the one table of every route. A route states who may call it
 * and whether it is a form post to protect; the server refuses to start
 * when an entry lacks either (web_routes_check), so no handler can forget
 * its permission.
 */
#include "web/route_table.h"

#include "web/api.h"
#include "web/auth.h"
#include "web/coord_web.h"
#include "web/pages.h"
#include "web/reports_web.h"
#include "web/dedup_web.h"

static const Route ROUTES[] = {
	/* method  pattern                        handler               permission    csrf */
	{"GET",    "/healthz",                    api_healthz,          PERM_PUBLIC,  false},

	/* signing in and out */
	{"GET",    "/login",                      ui_login_form,        PERM_PUBLIC,  false},
	{"POST",   "/login",                      ui_login,             PERM_PUBLIC,  true},
	{"POST",   "/logout",                     ui_logout,            PERM_SIGNED_IN, true},

	/* pages */
	{"GET",    "/",                           ui_home,              PERM_PUBLIC,  false},
	{"GET",    "/orgs",                       ui_orgs_list,         PERM_PUBLIC,  false},
	{"GET",    "/orgs/new",                   ui_org_new,           PERM_EDIT,    false},
	{"POST",   "/orgs",                       ui_org_create,        PERM_EDIT,    true},
	{"GET",    "/orgs/{id}",                  ui_org_page,          PERM_PUBLIC,  false},
	{"GET",    "/orgs/{id}/edit",             ui_org_edit,          PERM_EDIT,    false},
	{"POST",   "/orgs/{id}",                  ui_org_update,        PERM_EDIT,    true},
	{"GET",    "/projects",                   ui_projects_list,     PERM_PUBLIC,  false},
	{"GET",    "/projects/new",               ui_project_new,       PERM_EDIT,    false},
	{"POST",   "/projects",                   ui_project_create,    PERM_EDIT,    true},
	{"GET",    "/projects/{id}",              ui_project_page,      PERM_PUBLIC,  false},
	{"GET",    "/projects/{id}/edit",         ui_project_edit,      PERM_EDIT,    false},
	{"POST",   "/projects/{id}",              ui_project_update,    PERM_EDIT,    true},
	{"GET",    "/places",                     ui_places_list,       PERM_PUBLIC,  false},
	{"GET",    "/places/{pcode}",             ui_place_page,        PERM_PUBLIC,  false},
	{"GET",    "/search",                     ui_search,            PERM_PUBLIC,  false},
	{"GET",    "/orgs/{id}/history",          ui_org_history,       PERM_PUBLIC,  false},
	{"GET",    "/projects/{id}/history",      ui_project_history,   PERM_PUBLIC,  false},
	{"GET",    "/audit",                      ui_audit_trail,       PERM_ADMIN,   false},
	{"GET",    "/coverage",                   ui_coverage,          PERM_PUBLIC,  false},

	/* JSON API */

	{"GET",    "/api/v1/orgs",                api_orgs_list,        PERM_PUBLIC,  false},
	{"POST",   "/api/v1/orgs",                api_orgs_create,      PERM_EDIT,    false},
	{"GET",    "/api/v1/orgs/{id}",           api_orgs_get,         PERM_PUBLIC,  false},
	{"PATCH",  "/api/v1/orgs/{id}",           api_orgs_patch,       PERM_EDIT,    false},
	{"DELETE", "/api/v1/orgs/{id}",           api_orgs_delete,      PERM_EDIT,    false},
	{"POST",   "/api/v1/orgs/{id}/merge",     api_orgs_merge,       PERM_COORDINATE, false},
	{"POST",   "/api/v1/orgs/{id}/unmerge",   api_orgs_unmerge,     PERM_COORDINATE, false},

	{"GET",    "/api/v1/projects",            api_projects_list,    PERM_PUBLIC,  false},
	{"POST",   "/api/v1/projects",            api_projects_create,  PERM_EDIT,    false},
	{"GET",    "/api/v1/projects/{id}",       api_projects_get,     PERM_PUBLIC,  false},
	{"PATCH",  "/api/v1/projects/{id}",       api_projects_patch,   PERM_EDIT,    false},
	{"DELETE", "/api/v1/projects/{id}",       api_projects_delete,  PERM_EDIT,    false},
	{"POST",   "/api/v1/projects/{id}/merge", api_projects_merge,   PERM_COORDINATE, false},
	{"POST",   "/api/v1/projects/{id}/unmerge", api_projects_unmerge, PERM_COORDINATE, false},

	{"GET",    "/api/v1/places/resolve",      api_places_resolve,   PERM_PUBLIC,  false},
	{"GET",    "/api/v1/places/{pcode}",      api_places_get,       PERM_PUBLIC,  false},
	{"GET",    "/api/v1/search",              api_search,           PERM_PUBLIC,  false},
	{"GET",    "/api/v1/openapi.json",        api_openapi,          PERM_PUBLIC,  false},

	/* reports to the authorities, compliance and organization status */
	{"GET",    "/compliance",                 ui_compliance,        PERM_COORDINATE, false},
	{"GET",    "/compliance/overdue.csv",     ui_compliance_overdue_csv, PERM_COORDINATE, false},
	{"GET",    "/reports/{id}",               ui_report_page,       PERM_SIGNED_IN, false},
	{"POST",   "/reports/{id}/submit",        ui_report_submit,     PERM_EDIT,    true},
	{"GET",    "/reports/{id}/edit",          ui_report_edit,       PERM_EDIT,    false},
	{"POST",   "/reports/{id}",               ui_report_update,     PERM_EDIT,    true},
	{"POST",   "/reports/{id}/review",        ui_report_review,     PERM_COORDINATE, true},
	{"GET",    "/orgs/{id}/reports/new",      ui_report_new,        PERM_EDIT,    false},
	{"POST",   "/orgs/{id}/reports",          ui_report_create,     PERM_EDIT,    true},
	{"POST",   "/orgs/{id}/status",           ui_org_status_change, PERM_COORDINATE, true},
	{"GET",    "/api/v1/reports",             api_reports_list,     PERM_SIGNED_IN, false},
	{"POST",   "/api/v1/reports",             api_reports_create,   PERM_EDIT,    false},
	{"GET",    "/api/v1/reports/{id}",        api_reports_get,      PERM_SIGNED_IN, false},
	{"PATCH",  "/api/v1/reports/{id}",        api_reports_patch,    PERM_EDIT,    false},
	{"POST",   "/api/v1/reports/{id}/submit", api_reports_submit,   PERM_EDIT,    false},
	{"POST",   "/api/v1/reports/{id}/accept", api_reports_accept,   PERM_COORDINATE, false},
	{"POST",   "/api/v1/reports/{id}/return", api_reports_return,   PERM_COORDINATE, false},
	{"GET",    "/api/v1/orgs/{id}/obligation", api_obligation_get,  PERM_PUBLIC,  false},
	{"PUT",    "/api/v1/orgs/{id}/obligation", api_obligation_put,  PERM_COORDINATE, false},
	{"GET",    "/api/v1/orgs/{id}/status",    api_org_status_list,  PERM_PUBLIC,  false},
	{"POST",   "/api/v1/orgs/{id}/status",    api_org_status_change, PERM_COORDINATE, false},
	{"GET",    "/api/v1/compliance",          api_compliance,       PERM_COORDINATE, false},

	/* coordination: meetings, recommendations, memberships, permits */
	{"GET",    "/meetings",                   ui_meetings_list,     PERM_PUBLIC,  false},
	{"GET",    "/meetings/new",               ui_meeting_new,       PERM_EDIT,    false},
	{"POST",   "/meetings",                   ui_meeting_create,    PERM_EDIT,    true},
	{"GET",    "/meetings/{id}",              ui_meeting_page,      PERM_PUBLIC,  false},
	{"POST",   "/recommendations/{id}",       ui_recommendation_follow, PERM_EDIT, true},
	{"GET",    "/permits",                    ui_permits,           PERM_PUBLIC,  false},
	{"GET",    "/permits/new",                ui_permit_new,        PERM_EDIT,    false},
	{"POST",   "/permits",                    ui_permit_create,     PERM_EDIT,    true},
	{"GET",    "/permits/{id}/decision",      ui_permit_decision_form, PERM_EDIT, false},
	{"POST",   "/permits/{id}/decision",      ui_permit_decide,     PERM_EDIT,    true},
	{"GET",    "/orgs/{id}/memberships",      ui_org_memberships_page, PERM_EDIT, false},
	{"POST",   "/orgs/{id}/memberships",      ui_membership_create, PERM_EDIT,    true},
	{"POST",   "/memberships/{id}",           ui_membership_status, PERM_EDIT,    true},
	{"GET",    "/api/v1/meetings",            api_meetings_list,    PERM_PUBLIC,  false},
	{"POST",   "/api/v1/meetings",            api_meetings_create,  PERM_EDIT,    false},
	{"GET",    "/api/v1/meetings/{id}",       api_meetings_get,     PERM_PUBLIC,  false},
	{"PATCH",  "/api/v1/recommendations/{id}", api_recommendation_follow, PERM_EDIT, false},
	{"GET",    "/api/v1/orgs/{id}/memberships", api_org_memberships, PERM_PUBLIC, false},
	{"POST",   "/api/v1/memberships",         api_memberships_create, PERM_EDIT,  false},
	{"PATCH",  "/api/v1/memberships/{id}",    api_memberships_patch, PERM_EDIT,   false},
	{"GET",    "/api/v1/applications",        api_applications_list, PERM_PUBLIC, false},
	{"POST",   "/api/v1/applications",        api_applications_create, PERM_EDIT, false},
	{"PATCH",  "/api/v1/applications/{id}",   api_applications_patch, PERM_EDIT,  false},
	{"GET",    "/orgs/{id}/highlights",       ui_org_highlights,    PERM_PUBLIC,  false},
	{"PUT",    "/api/v1/orgs/{id}/schedule",  api_org_schedule_put, PERM_EDIT,    false},
	{"PUT",    "/api/v1/orgs/{id}/services",  api_org_services_put, PERM_EDIT,    false},

	/* downloads: what the reader sees, as a file */
	{"GET",    "/export",                     ui_export,            PERM_PUBLIC,  false},

	/* importing a file: upload, dry run, import, the whole report */
	{"GET",    "/import",                     ui_import_form,       PERM_EDIT,    false},
	{"POST",   "/import/upload",              ui_import_upload,     PERM_EDIT,    true, IMPORT_UPLOAD_MAX},
	{"POST",   "/import/preview",             ui_import_preview,    PERM_EDIT,    true},
	{"POST",   "/import",                     ui_import_run,        PERM_EDIT,    true},
	{"GET",    "/import/{upload}/report.csv", ui_import_report,     PERM_EDIT,    false},
	{"GET",    "/api/v1/projects/similar",    api_projects_similar, PERM_PUBLIC,  false},

	/* the review of likely duplicates */
	{"GET",    "/review/duplicates",          ui_dedup_review,      PERM_COORDINATE, false},
	{"POST",   "/review/duplicates",          ui_dedup_decide,      PERM_COORDINATE, true},
	{"GET",    "/review/duplicates/merge",    ui_dedup_merge_form,  PERM_COORDINATE, false},
	{"POST",   "/review/duplicates/merge",    ui_dedup_merge,       PERM_COORDINATE, true},
	{"POST",   "/review/duplicates/unmerge",  ui_dedup_unmerge,     PERM_COORDINATE, true},
};

const Route *app_routes(size_t *count)
{
	*count = sizeof ROUTES / sizeof *ROUTES;
	return ROUTES;
}
