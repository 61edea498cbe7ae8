/*
 * routes.c — the one table of every route. A route states who may call it
 * and whether it is a form post to protect; the server refuses to start
 * when an entry lacks either (web_routes_check), so no handler can forget
 * its permission.
 */
#include "web/route_table.h"

#include "web/api.h"
#include "web/auth.h"
#include "web/pages.h"

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

	/* JSON API */

	{"GET",    "/api/v1/orgs",                api_orgs_list,        PERM_PUBLIC,  false},
	{"POST",   "/api/v1/orgs",                api_orgs_create,      PERM_EDIT,    false},
	{"GET",    "/api/v1/orgs/{id}",           api_orgs_get,         PERM_PUBLIC,  false},
	{"PATCH",  "/api/v1/orgs/{id}",           api_orgs_patch,       PERM_EDIT,    false},
	{"DELETE", "/api/v1/orgs/{id}",           api_orgs_delete,      PERM_EDIT,    false},

	{"GET",    "/api/v1/projects",            api_projects_list,    PERM_PUBLIC,  false},
	{"POST",   "/api/v1/projects",            api_projects_create,  PERM_EDIT,    false},
	{"GET",    "/api/v1/projects/{id}",       api_projects_get,     PERM_PUBLIC,  false},
	{"PATCH",  "/api/v1/projects/{id}",       api_projects_patch,   PERM_EDIT,    false},
	{"DELETE", "/api/v1/projects/{id}",       api_projects_delete,  PERM_EDIT,    false},

	{"GET",    "/api/v1/places/resolve",      api_places_resolve,   PERM_PUBLIC,  false},
	{"GET",    "/api/v1/places/{pcode}",      api_places_get,       PERM_PUBLIC,  false},
	{"GET",    "/api/v1/search",              api_search,           PERM_PUBLIC,  false},
	{"GET",    "/api/v1/projects/similar",    api_projects_similar, PERM_PUBLIC,  false},
};

const Route *app_routes(size_t *count)
{
	*count = sizeof ROUTES / sizeof *ROUTES;
	return ROUTES;
}
