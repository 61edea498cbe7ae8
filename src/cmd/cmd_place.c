/*
 * cmd_place.c — `hamahang place resolve NAME [--within PCODE]`: tells which
 * place a name means, how it matched, or what came close.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"
#include "svc/svc.h"

static const char USAGE[] =
	"usage: hamahang place resolve NAME [--within PCODE] [--db FILE]\n\n"
	"Resolves a place name (English, Dari or Pashto, any common spelling, or a\n"
	"P-code) to its P-code. Prints the P-code, level, English and Dari name and\n"
	"how it matched; when nothing matches, says so and lists what came close.\n"
	"Exit status: 0 matched, 1 not matched (unknown or ambiguous), 2 error.\n\n"
	"  --within PCODE   only places inside this province (also breaks ties)\n"
	"  --db FILE        the database whose gazetteer to use (default var/hamahang.db)\n";

static const char *level_name(PlaceLevel level)
{
	switch (level) {
	case PLACE_COUNTRY: return "country";
	case PLACE_PROVINCE: return "province";
	case PLACE_DISTRICT: return "district";
	}
	return "place";
}

static void print_place(const Gazetteer *g, const Place *p)
{
	const Place *parent = p->parent_pcode[0] ? gaz_get(g, p->parent_pcode) : NULL;
	printf("%s\t%s\t%s\t%s", p->pcode, level_name(p->level), p->name_en, p->name_prs);
	if (parent && parent->level > 0)
		printf("\t(in %s %s)", parent->name_en, parent->pcode);
}

int cmd_place(int argc, char **argv)
{
	static const struct option opts[] = {
		{"within", required_argument, NULL, 'w'},
		{"db", required_argument, NULL, 'd'},
		{"help", no_argument, NULL, 'h'},
		{0, 0, 0, 0},
	};
	const char *within = NULL, *db = "var/hamahang.db";
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'w': within = optarg; break;
		case 'd': db = optarg; break;
		case 'h': fputs(USAGE, stdout); return 0;
		default: fputs(USAGE, stderr); return 2;
		}
	}
	if (argc - optind != 2 || strcmp(argv[optind], "resolve") != 0) {
		fputs(USAGE, stderr);
		return 2;
	}
	const char *name = argv[optind + 1];
	char *err = NULL;
	App *app = app_open(db, 1, &err);
	if (!app) {
		int rc = cmd_fail("place", "%s", err);
		free(err);
		return rc;
	}
	const Gazetteer *g = app->ref->gaz;
	if (within && !gaz_get(g, within)) {
		app_close(app);
		return cmd_fail("place", "--within %s is not a known P-code", within);
	}
	PlaceResult r;
	place_resolve(g, name, within, &r);
	int status = 1;
	switch (r.outcome) {
	case PLACE_MATCHED:
		print_place(g, r.best.place);
		printf("\tmatched by %s", place_how_text(r.best.how));
		if (r.best.matched && strcmp(r.best.matched, r.best.place->name_en) != 0)
			printf(" '%s'", r.best.matched);
		putchar('\n');
		status = 0;
		break;
	case PLACE_AMBIGUOUS:
		printf("ambiguous: '%s' names %zu places; give --within PCODE or a P-code:\n", name,
		       r.candidate_count);
		for (size_t i = 0; i < r.candidate_count; i++) {
			fputs("  ", stdout);
			print_place(g, r.candidates[i].place);
			putchar('\n');
		}
		break;
	case PLACE_UNRESOLVED:
		printf("no match: '%s' is not a known place%s\n", name,
		       r.candidate_count ? "; nearest:" : "");
		for (size_t i = 0; i < r.candidate_count; i++) {
			fputs("  ", stdout);
			print_place(g, r.candidates[i].place);
			putchar('\n');
		}
		break;
	}
	app_close(app);
	return status;
}
