/*
 * cmd_merge.c — `hamahang merge`: merges a record entered twice into the
 * one kept, as the review page and the API do, through the same service
 * (svc_merge.h): references moved, names kept as alternate names, the
 * record dropped marked merged, all in one transaction with its audit
 * entries. Runs as the system, or as an account given with --as (whose
 * role then decides whether it may). --undo undoes the last merge of a
 * record merged away (svc_merge_undo).
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
	"                      [--as LOGIN] [--note TEXT]\n"
	"       hamahang merge --db FILE --kind orgs|projects --undo DROP_ID [--as LOGIN]\n\n"
	"Merges record DROP_ID into record KEEP_ID, which is kept. Everything that\n"
	"pointed at DROP_ID points at KEEP_ID afterwards; for organizations, the\n"
	"names and acronym of DROP_ID become alternate names of KEEP_ID; for\n"
	"projects, organizations, places, sectors, target groups and results are\n"
	"joined onto KEEP_ID. DROP_ID is not deleted: it is marked merged, leaves\n"
	"lists, search and counts, and its page leads to KEEP_ID. Fields KEEP_ID\n"
	"lacks are filled from DROP_ID; fields both have with different values keep\n"
	"KEEP_ID's and are named. A record kept that is less closed than the one\n"
	"dropped is refused.\n\n"
	"With --undo, the last merge of DROP_ID is undone: DROP_ID comes back with\n"
	"everything that was moved from it, the names and the fields it gave the\n"
	"record kept are taken back where unchanged, and the pair is undecided\n"
	"again (or as it was before the merge). Refused, with the reason, when\n"
	"something changed since makes it impossible.\n\n"
	"  --db FILE     the database to change\n"
	"  --kind K      orgs or projects\n"
	"  --as LOGIN    act as this account (a coordinator or an administrator);\n"
	"                without it, as the system\n"
	"  --note TEXT   why, kept with the decision on the pair\n"
	"  --undo        undo the merge of DROP_ID\n\n"
	"Exit status: 0 merged (or undone); 1 refused (the reasons on stderr); 2 usage error\n"
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

static void print_fields(const char *what, const char *const *fields, size_t count)
{
	if (!count)
		return;
	printf("%s:", what);
	for (size_t i = 0; i < count; i++)
		printf(" %s", fields[i]);
	putchar('\n');
}

/* --undo: the exit status. */
static int undo_merge(Ctx *ctx, bool orgs, int64_t drop, const char *login, Errors *errs)
{
	UnmergeResult r;
	SvcStatus st = svc_merge_undo(ctx, orgs ? "org" : "project", drop, errs, &r);
	const char *what = orgs ? "organization" : "project";
	switch (st) {
	case SVC_OK:
		printf("undid the merge of %s %lld into %lld; %zu row%s put back, %zu name%s and %zu field%s"
		       " taken back\n",
		       what, (long long)drop, (long long)r.keep_id, r.rows_back, r.rows_back == 1 ? "" : "s",
		       r.names_removed, r.names_removed == 1 ? "" : "s", r.fields_emptied,
		       r.fields_emptied == 1 ? "" : "s");
		return 0;
	case SVC_INVALID:
		for (size_t i = 0; i < errs->count; i++)
			fprintf(stderr, "hamahang merge: %lld %s%s%s\n", (long long)drop, errs->items[i].message,
				*errs->items[i].detail ? ": " : "", errs->items[i].detail);
		return 1;
	case SVC_NOT_FOUND:
		cmd_fail("merge", "no %s %lld (unknown, or not seen by %s)", what, (long long)drop,
			 login ? login : "the system");
		return 1;
	case SVC_FORBIDDEN:
		cmd_fail("merge", "%s may not undo merges", login ? login : "this account");
		return 1;
	default:
		cmd_fail("merge", "the undo failed, nothing was changed: %s", svc_error(ctx));
		return 2;
	}
}

int cmd_merge(int argc, char **argv)
{
	static const struct option opts[] = {
		{"db", required_argument, NULL, 'd'},   {"kind", required_argument, NULL, 'k'},
		{"as", required_argument, NULL, 'a'},   {"note", required_argument, NULL, 'n'},
		{"help", no_argument, NULL, 'h'},       {"undo", no_argument, NULL, 'u'},
		{0, 0, 0, 0},
	};
	const char *db = NULL, *kind = NULL, *login = NULL, *note = NULL;
	bool undo = false;
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'k': kind = optarg; break;
		case 'a': login = optarg; break;
		case 'n': note = optarg; break;
		case 'u': undo = true; break;
		case 'h': fputs(USAGE, stdout); return 0;
		default: fputs(USAGE, stderr); return 2;
		}
	}
	if (!db || !kind || argc - optind != (undo ? 1 : 2) || (undo && note)) {
		fputs(USAGE, stderr);
		return 2;
	}
	bool orgs = strcmp(kind, "orgs") == 0;
	if (!orgs && strcmp(kind, "projects") != 0)
		return cmd_fail("merge", "--kind: \"%s\" is neither orgs nor projects", kind);
	int64_t keep = 0, drop;
	if (!undo && !parse_record_id(argv[optind], &keep))
		return cmd_fail("merge", "KEEP_ID: \"%s\" is not the number of a record", argv[optind]);
	if (!parse_record_id(argv[argc - 1], &drop))
		return cmd_fail("merge", "DROP_ID: \"%s\" is not the number of a record", argv[argc - 1]);

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
	if (undo) {
		status = undo_merge(&ctx, orgs, drop, login, errs);
		goto done;
	}
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
		print_fields("filled from the record merged", r.fields.filled, r.fields.filled_count);
		print_fields("different in the record merged, kept as they were", r.fields.differ,
			     r.fields.differ_count);
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
