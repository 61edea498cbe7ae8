/*
 * cmd_check.c — `hamahang check --db FILE`: verifies the audit chain and
 * the database's integrity, and says where the first break is. Reads only
 * (beyond bringing an older database's schema up to date).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "cmd/cmd.h"
#include "svc/svc.h"

static const char USAGE[] =
	"usage: hamahang check --db FILE\n\n"
	"Verifies that the audit trail is whole and unaltered — every entry's hash\n"
	"recomputed, every entry chained to the one before it, no entry missing,\n"
	"not even the newest — and runs SQLite's integrity and foreign-key checks.\n\n"
	"  --db FILE   the database to check\n\n"
	"Exit status: 0 intact; 1 broken (the first broken entry is named);\n"
	"2 usage error or the check could not run.\n";

int cmd_check(int argc, char **argv)
{
	static const struct option opts[] = {
		{"db", required_argument, NULL, 'd'},
		{"help", no_argument, NULL, 'h'},
		{0, 0, 0, 0},
	};
	const char *db = NULL;
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'h': fputs(USAGE, stdout); return 0;
		default: fputs(USAGE, stderr); return 2;
		}
	}
	if (!db || optind < argc) {
		fputs(USAGE, stderr);
		return 2;
	}
	char *err = NULL;
	App *app = app_open(db, 1, &err);
	if (!app) {
		int rc = cmd_fail("check", "%s", err);
		free(err);
		return rc;
	}
	Ctx ctx;
	ctx_begin(app, &ACTOR_SYSTEM, &ctx);
	AuditCheck result;
	SvcStatus st = svc_check(&ctx, &result);
	int status = 2;
	if (st != SVC_OK) {
		cmd_fail("check", "the check could not run: %s", svc_error(&ctx));
		goto done;
	}
	status = 0;
	if (result.broken_id) {
		printf("broken: audit entry %lld %s\n", (long long)result.broken_id, result.problem);
		printf("(%lld entries before it are intact)\n", result.entries);
		status = 1;
	} else {
		printf("ok: %lld audit entries, chain intact\n", result.entries);
	}
	if (result.database_ok) {
		printf("ok: database integrity and foreign keys\n");
	} else {
		printf("broken: database: %s\n", result.database_problem);
		status = 1;
	}
done:
	ctx_end(&ctx);
	app_close(app);
	return status;
}
