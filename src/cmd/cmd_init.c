/*
 * cmd_init.c — `hamahang init`: make a new database with the schema, the
 * reference data and, when asked, the demo data. A database that fails
 * half-way is removed, so a file either is complete or does not exist.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cmd/cmd.h"
#include "cmd/demo.h"
#include "store/embedded.h"
#include "svc/svc.h"
#include "svc/svc_ref.h"

static const char USAGE[] =
	"usage: hamahang init --db FILE [--demo] [--force]\n\n"
	"Creates the database FILE with the schema and the reference data (the\n"
	"gazetteer of 34 provinces and 401 districts with P-codes, sectors,\n"
	"organization kinds, currencies, target groups).\n\n"
	"  --db FILE   the database to create (SQLite)\n"
	"  --demo      also load the demo data set (organizations, projects and the\n"
	"              2017 Balkh round table from the seed documents)\n"
	"  --force     replace FILE if it exists (its data is lost)\n";

/* Removes the database and its WAL side files. */
static void remove_db(const char *path)
{
	char side[4096];
	unlink(path);
	snprintf(side, sizeof side, "%s-wal", path);
	unlink(side);
	snprintf(side, sizeof side, "%s-shm", path);
	unlink(side);
}

int cmd_init(int argc, char **argv)
{
	static const struct option opts[] = {
		{"db", required_argument, NULL, 'd'},
		{"demo", no_argument, NULL, 'm'},
		{"force", no_argument, NULL, 'f'},
		{"help", no_argument, NULL, 'h'},
		{0, 0, 0, 0},
	};
	const char *db = NULL;
	int demo = 0, force = 0, c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'm': demo = 1; break;
		case 'f': force = 1; break;
		case 'h': fputs(USAGE, stdout); return 0;
		default: fputs(USAGE, stderr); return 2;
		}
	}
	if (!db || optind < argc) {
		fputs(USAGE, stderr);
		return 2;
	}
	if (access(db, F_OK) == 0) {
		if (!force)
			return cmd_fail("init", "%s already exists; use --force to replace it", db);
		remove_db(db);
	}

	int status = 2;
	Store *store = NULL;
	RefData *ref = NULL;
	Ctx ctx = {.actor = &ACTOR_SYSTEM, .now = time(NULL)};
	ctx.arena = arena_new();
	if (store_open(db, true, &store) != STORE_OK) {
		cmd_fail("init", "%s", store_error(store));
		store_close(store);
		arena_free(ctx.arena);
		return 2;
	}
	ctx.store = store;
	int migrations = 0;
	if (store_migrate(store, &migrations) != STORE_OK) {
		cmd_fail("init", "%s", store_error(store));
		goto done;
	}
	long long rows = 0;
	char *error = NULL;
	if (svc_reference_load(&ctx, &rows, &error) != SVC_OK) {
		cmd_fail("init", "reference data: %s", error);
		goto done;
	}
	printf("hamahang init: %s: schema (%d migrations), %lld reference rows\n", db, migrations,
	       rows);
	if (demo) {
		ref = refdata_new();
		if (store_refdata_load(store, ref) != STORE_OK) {
			cmd_fail("init", "%s", store_error(store));
			goto done;
		}
		ctx.ref = ref;
		const EmbeddedFile *f = embedded_find("data/demo.json");
		DemoCounts counts;
		Buf err;
		buf_init(&err, 64 * 1024);
		bool ok = f && demo_load(&ctx, f->data, f->size, &counts, &err);
		if (!ok) {
			cmd_fail("init", "demo data not loaded:\n%s", f ? buf_str(&err) : "not compiled in");
			buf_free(&err);
			goto done;
		}
		buf_free(&err);
		printf("hamahang init: demo data: %lld organizations, %lld relations, %lld awards,"
		       " %lld projects, %lld results, %lld meetings, %lld recommendations\n",
		       counts.orgs, counts.relations, counts.awards, counts.projects, counts.results,
		       counts.meetings, counts.recommendations);
	}
	status = 0;
done:
	store_close(store);
	refdata_free(ref);
	arena_free(ctx.arena);
	if (status != 0)
		remove_db(db);
	return status;
}
