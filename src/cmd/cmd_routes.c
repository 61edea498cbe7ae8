/*
 * cmd_routes.c — `hamahang routes`: prints the route table (method,
 * pattern, permission, CSRF), for operators reviewing what the server
 * exposes and for the access-matrix test, which must cover every line.
 */
#include <stdio.h>

#include "cmd/cmd.h"
#include "web/http.h"
#include "web/route_table.h"

static const char USAGE[] =
	"usage: hamahang routes\n\n"
	"Prints every route the server answers, one per line:\n"
	"METHOD PATTERN PERMISSION CSRF (csrf or -).\n";

int cmd_routes(int argc, char **argv)
{
	if (cmd_wants_help(argc, argv)) {
		fputs(USAGE, stdout);
		return 0;
	}
	if (argc > 1) {
		fputs(USAGE, stderr);
		return 2;
	}
	size_t n;
	const Route *routes = app_routes(&n);
	for (size_t i = 0; i < n; i++)
		printf("%s %s %s %s\n", routes[i].method, routes[i].pattern,
		       web_perm_name(routes[i].perm), routes[i].csrf ? "csrf" : "-");
	return 0;
}
