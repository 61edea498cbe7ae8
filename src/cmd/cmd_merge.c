/*
 * cmd_merge.c — `hamahang merge`: merges a record entered twice into the
 * one kept, as the review page and the API do, through the same service
 * (svc_merge.h): references moved, names kept as alternate names, the
 * record dropped marked merged, all in one transaction with its audit
 * entries. Runs as the system, or as an account given with --as (whose
 * role then decides whether it may).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"
#include "svc/svc_export.h"
#include "svc/svc_merge.h"

static const char USAGE[] =
	"usage: hamahang merge --db FILE --kind orgs|projects KEEP_ID DROP_ID\n"
	"                      [--as LOGIN] [--note TEXT]\n\n"
	"Merges record DROP_ID into record KEEP_ID, which is kept. Everything that\n"
	"pointed at DROP_ID points at KEEP_ID afterwards; for organizations, the\n"
	"names and acronym of DROP_ID become alternate names of KEEP_ID; for\n"
	"projects, organizations, places, sectors, target groups and results are\n"
	"joined onto KEEP_ID. DROP_ID is not deleted: it is marked merged, leaves\n"
	"lists, search and counts, and its page leads to KEEP_ID. Fields KEEP_ID\n"
	"lacks are not copied from DROP_ID (edit KEEP_ID for that). A record kept\n"
	"that is less closed than the one dropped is refused.\n\n"
	"  --db FILE     the database to change\n"
	"  --kind K      orgs or projects\n"
	"  --as LOGIN    act as this account (a coordinator or an administrator);\n"
	"                without it, as the system\n"
	"  --note TEXT   why, kept with the decision on the pair\n\n"
	"Exit status: 0 merged; 1 refused (the reasons on stderr); 2 usage error\n"
	"or failure.\n";

static bool parse_record_id(const char *s, int64_t *id)
{
	char *end;
	long long v = strtoll(s, &end, 10);
	if (end == s || *end || v <= 0)
		return false;
	*id = (int64_t)v;
	return true;
}

int cmd_merge(int argc, char **argv)
{
	static const struct option opts[] = {
		{"db", required_argument, NULL, 'd'},   {"kind", required_argument, NULL, 'k'},
		{"as", required_argument, NULL, 'a'},   {"note", required_argument, NULL, 'n'},
		{"help", no_argument, NULL, 'h'},       {0, 0, 0, 0},
	};
	const char *db = NULL, *kind = NULL, *login = NULL, *note = NULL;
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'k': kind = optarg; break;
		case 'a': login = optarg; break;
		case 'n': note = optarg; break;
		case 'h': fputs(USAGE, stdout); return 0;
		default: fputs(USAGE, stderr); return 2;
		}
	}
	if (!db || !kind || argc - optind != 2) {
		fputs(USAGE, stderr);
		return 2;
	}
	bool orgs = strcmp(kind, "orgs") == 0;
	if (!orgs && strcmp(kind, "projects") != 0)
		return cmd_fail("merge", "--kind: \"%s\" is neither orgs nor projects", kind);
	int64_t keep, drop;
	if (!parse_record_id(argv[optind], &keep))
		return cmd_fail("merge", "KEEP_ID: \"%s\" is not the number of a record", argv[optind]);
	if (!parse_record_id(argv[optind + 1], &drop))
		return cmd_fail("merge", "DROP_ID: \"%s\" is not the number of a record", argv[optind + 1]);

	char *err = NULL;
	App *app = app_open(db, 1, &err);
	if (!app) {
		int rc = cmd_fail("merge", "%s", err);
		free(err);
		return rc;
	}
	int status = 2;
	Ctx ctx;
	ctx_begin(app, &ACTOR_SYSTEM, &ctx);
	if (login) {
		Actor *actor = arena_zalloc(ctx.arena, sizeof *actor);
		SvcStatus st = svc_actor_of_login(&ctx, login, actor);
		if (st != SVC_OK) {
			cmd_fail("merge", "--as %s: %s", login,
				 st == SVC_NOT_FOUND    ? "no such account"
				 : st == SVC_FORBIDDEN ? "the account is disabled"
						       : svc_error(&ctx));
			goto done;
		}
		ctx.actor = actor;
	}
	Errors *errs = arena_zalloc(ctx.arena, sizeof *errs);
	MergeResult r;
	SvcStatus st = orgs ? svc_org_merge(&ctx, keep, drop, note, errs, &r)
			    : svc_project_merge(&ctx, keep, drop, note, errs, &r);
	const char *what = orgs ? "organization" : "project";
	switch (st) {
	case SVC_OK:
		printf("merged %s %lld into %lld", what, (long long)drop, (long long)keep);
		if (orgs)
			printf("; %zu name%s added as alternate names; %zu project%s moved", r.names_added,
			       r.names_added == 1 ? "" : "s", r.projects_moved, r.projects_moved == 1 ? "" : "s");
		putchar('\n');
		if (r.fields_left)
			printf("%zu field%s that %lld lacks and %lld has were left as they are: see %lld's history\n",
			       r.fields_left, r.fields_left == 1 ? "" : "s", (long long)keep, (long long)drop,
			       (long long)drop);
		status = 0;
		break;
	case SVC_INVALID:
		for (size_t i = 0; i < errs->count; i++)
			fprintf(stderr, "hamahang merge: %s: %s\n", errs->items[i].field, errs->items[i].message);
		status = 1;
		break;
	case SVC_NOT_FOUND:
		status = cmd_fail("merge", "no %s %lld and %lld to merge (unknown, or not seen by %s)", what,
				  (long long)keep, (long long)drop, login ? login : "the system");
		status = 1;
		break;
	case SVC_FORBIDDEN:
		cmd_fail("merge", "%s may not merge records", login ? login : "this account");
		status = 1;
		break;
	default:
		cmd_fail("merge", "the merge failed, nothing was changed: %s", svc_error(&ctx));
		break;
	}
done:
	ctx_end(&ctx);
	app_close(app);
	return status;
}
