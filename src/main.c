/*
 * main.c — the hamahang program: picks a subcommand and runs it.
 */
#include <stdio.h>
#include <string.h>

#include "cmd/cmd.h"

static const struct {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *summary;
} COMMANDS[] = {
	{"init", cmd_init, "create a database with reference data (and demo data)"},
	{"serve", cmd_serve, "serve the web pages and the JSON API"},
	{"place", cmd_place, "resolve a place name to its P-code"},
	{"date", cmd_date, "print a date in both calendars, Gregorian and Solar Hijri"},
	{"user", cmd_user, "manage accounts: add, passwd, role, list, disable, enable"},
	{"token", cmd_token, "make, list and revoke personal API tokens for scripts"},
	{"check", cmd_check, "verify the audit chain and the database's integrity"},
	{"routes", cmd_routes, "list the routes the server answers, with their permissions"},
	{"export", cmd_export, "write records as CSV, HXL, XLSX, JSON or IATI XML"},
	{"import", cmd_import, "import a 3W, an FTS export or a CSV sheet, with a report of every row"},
	{"dedup", cmd_dedup, "list likely duplicates and overlapping work, with reasons"},
	{"merge", cmd_merge, "merge an organization or a project entered twice into the one kept"},
};

static void usage(FILE *out)
{
	fprintf(out, "usage: hamahang COMMAND [OPTIONS]\n\n"
		     "Hamahang is a shared registry of civil-society organizations and their\n"
		     "projects in Afghanistan, with places resolved to P-codes.\n\ncommands:\n");
	for (size_t i = 0; i < sizeof COMMANDS / sizeof *COMMANDS; i++)
		fprintf(out, "  %-8s %s\n", COMMANDS[i].name, COMMANDS[i].summary);
	fprintf(out, "\n'hamahang COMMAND --help' tells more about each.\n");
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return 2;
	}
	if (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		usage(stdout);
		return 0;
	}
	for (size_t i = 0; i < sizeof COMMANDS / sizeof *COMMANDS; i++)
		if (strcmp(argv[1], COMMANDS[i].name) == 0)
			return COMMANDS[i].run(argc - 1, argv + 1);
	fprintf(stderr, "hamahang: '%s' is not a command\n\n", argv[1]);
	usage(stderr);
	return 2;
}
