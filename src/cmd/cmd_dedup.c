/*
 * cmd_dedup.c — `hamahang dedup`: the likely duplicates (and overlapping
 * work) in a database, ranked, with their reasons, as text, CSV or JSON.
 * Reads only. Runs as the system, so it sees every record: the operator's
 * tool, not a reader's.
 */
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd/cmd.h"
#include "svc/svc_dedup.h"

static const char USAGE[] =
	"usage: hamahang dedup --db FILE [--kind projects|orgs] [--min-score S]\n"
	"                      [--format text|csv|json] [--same-only] [--blocked-only]\n"
	"                      [--unblocked-only] [--timing]\n\n"
	"Lists pairs of records that are likely the same (kind \"same\"), and for\n"
	"projects also different organizations doing the same kind of work in the\n"
	"same district in the same months (kind \"overlap\"), best first, each with\n"
	"its score and its reasons in words.\n\n"
	"  --db FILE          the database to read\n"
	"  --kind K           projects (the default) or orgs\n"
	"  --min-score S      leave out pairs scoring below S, 0..1 (default 0.5)\n"
	"  --format F         text (the default), csv or json\n"
	"  --same-only        leave out overlaps\n"
	"  --blocked-only     only the pass by place x sector x time\n"
	"  --unblocked-only   only the title similarity join\n"
	"  --timing           print the time each step took on stderr\n\n"
	"A progress bar is drawn on stderr when it is a terminal.\n"
	"Exit status: 0 done (pairs or none); 2 usage error or failure.\n";

/* Draws "[#####     ] 42%" on stderr, only when the percentage changes. */
static void progress_bar(void *data, size_t done, size_t total)
{
	int *last = data;
	int pct = total ? (int)(100.0 * (double)done / (double)total) : 100;
	if (pct > 100)
		pct = 100;
	if (pct == *last)
		return;
	*last = pct;
	char bar[41];
	int filled = pct * 40 / 100;
	for (int i = 0; i < 40; i++)
		bar[i] = i < filled ? '#' : ' ';
	bar[40] = '\0';
	fprintf(stderr, "\r[%s] %3d%%", bar, pct);
	if (pct == 100)
		fputc('\n', stderr);
	fflush(stderr);
}

/* A CSV field, quoted when it must be (RFC 4180). */
static void csv_field(const char *s, bool last)
{
	if (strpbrk(s, ",\"\r\n")) {
		fputc('"', stdout);
		for (; *s; s++) {
			if (*s == '"')
				fputc('"', stdout);
			fputc(*s, stdout);
		}
		fputc('"', stdout);
	} else {
		fputs(s, stdout);
	}
	fputc(last ? '\n' : ',', stdout);
}

static void print_pairs(const DedupPair *pairs, size_t n, const char *format)
{
	if (strcmp(format, "csv") == 0) {
		puts("kind,score,a_id,b_id,a_title,b_title,reasons");
		for (size_t i = 0; i < n; i++) {
			char num[64];
			csv_field(match_kind_name(pairs[i].kind), false);
			snprintf(num, sizeof num, "%.3f", pairs[i].score);
			csv_field(num, false);
			snprintf(num, sizeof num, "%lld", (long long)pairs[i].a_id);
			csv_field(num, false);
			snprintf(num, sizeof num, "%lld", (long long)pairs[i].b_id);
			csv_field(num, false);
			csv_field(pairs[i].a_title, false);
			csv_field(pairs[i].b_title, false);
			csv_field(pairs[i].reasons, true);
		}
	} else if (strcmp(format, "json") == 0) {
		json_t *list = json_array();
		for (size_t i = 0; i < n; i++)
			json_array_append_new(
				list, json_pack("{s:s,s:f,s:I,s:I,s:s,s:s,s:s}", "kind",
						match_kind_name(pairs[i].kind), "score",
						(double)(int)(pairs[i].score * 1000 + 0.5) / 1000.0, "a_id",
						(json_int_t)pairs[i].a_id, "b_id", (json_int_t)pairs[i].b_id,
						"a_title", pairs[i].a_title, "b_title", pairs[i].b_title,
						"reasons", pairs[i].reasons));
		json_dumpf(list, stdout, JSON_INDENT(2));
		fputc('\n', stdout);
		json_decref(list);
	} else {
		for (size_t i = 0; i < n; i++)
			printf("%-7s %.2f  #%lld %s\n              #%lld %s\n              %s\n",
			       match_kind_name(pairs[i].kind), pairs[i].score, (long long)pairs[i].a_id,
			       pairs[i].a_title, (long long)pairs[i].b_id, pairs[i].b_title,
			       pairs[i].reasons);
		printf("%zu pair%s\n", n, n == 1 ? "" : "s");
	}
}

int cmd_dedup(int argc, char **argv)
{
	static const struct option opts[] = {
		{"db", required_argument, NULL, 'd'},
		{"kind", required_argument, NULL, 'k'},
		{"min-score", required_argument, NULL, 'm'},
		{"format", required_argument, NULL, 'f'},
		{"same-only", no_argument, NULL, 's'},
		{"blocked-only", no_argument, NULL, 'b'},
		{"unblocked-only", no_argument, NULL, 'u'},
		{"timing", no_argument, NULL, 't'},
		{"help", no_argument, NULL, 'h'},
		{0, 0, 0, 0},
	};
	const char *db = NULL, *kind = "projects", *format = "text";
	bool same_only = false, timing = false;
	MatchOptions mo;
	match_options_default(&mo);
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'k': kind = optarg; break;
		case 'f': format = optarg; break;
		case 's': same_only = true; break;
		case 'b': mo.unblocked = false; break;
		case 'u': mo.blocked = false; break;
		case 't': timing = true; break;
		case 'm': {
			char *end;
			mo.min_score = strtod(optarg, &end);
			if (end == optarg || *end || !(mo.min_score >= 0 && mo.min_score <= 1))
				return cmd_fail("dedup", "--min-score: \"%s\" is not a number from 0 to 1",
						optarg);
			break;
		}
		case 'h': fputs(USAGE, stdout); return 0;
		default: fputs(USAGE, stderr); return 2;
		}
	}
	if (!db || optind < argc) {
		fputs(USAGE, stderr);
		return 2;
	}
	if (strcmp(kind, "projects") != 0 && strcmp(kind, "orgs") != 0)
		return cmd_fail("dedup", "--kind: \"%s\" is neither projects nor orgs", kind);
	if (strcmp(format, "text") != 0 && strcmp(format, "csv") != 0 && strcmp(format, "json") != 0)
		return cmd_fail("dedup", "--format: \"%s\" is not text, csv or json", format);
	if (!mo.blocked && !mo.unblocked)
		return cmd_fail("dedup", "--blocked-only and --unblocked-only leave nothing to run");
	int last_pct = -1;
	if (isatty(STDERR_FILENO)) {
		mo.progress = progress_bar;
		mo.progress_data = &last_pct;
	}
	char *err = NULL;
	App *app = app_open(db, 1, &err);
	if (!app) {
		int rc = cmd_fail("dedup", "%s", err);
		free(err);
		return rc;
	}
	Ctx ctx;
	ctx_begin(app, &ACTOR_SYSTEM, &ctx);
	DedupPair *pairs;
	size_t n;
	DedupTiming t;
	SvcStatus st = strcmp(kind, "orgs") == 0
			       ? svc_dedup_orgs(&ctx, mo.min_score, &pairs, &n, &t)
			       : svc_dedup_projects(&ctx, &mo, same_only, &pairs, &n, &t);
	int status = 0;
	if (st != SVC_OK) {
		status = cmd_fail("dedup", "could not read the records: %s", svc_error(&ctx));
	} else {
		print_pairs(pairs, n, format);
		if (timing)
			fprintf(stderr,
				"records %zu; load %.3f s; index %.3f s; pairs %.3f s; %zu pairs\n",
				t.records, t.load_seconds, t.index_seconds, t.pair_seconds, n);
	}
	ctx_end(&ctx);
	app_close(app);
	return status;
}
