/*
 * routes.c — the one table of every route. A route states who may call it
 * and whether it is a form post to protect; the server refuses to start
 * when an entry lacks either (web_routes_check), so no handler can forget
 * its permission.
 */
#include "web/route_table.h"

#include "web/api.h"

static const Route ROUTES[] = {
	/* method  pattern                        handler               permission    csrf */
	{"GET",    "/healthz",                    api_healthz,          PERM_PUBLIC,  false},

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
};

const Route *app_routes(size_t *count)
{
	*count = sizeof ROUTES / sizeof *ROUTES;
	return ROUTES;
}
