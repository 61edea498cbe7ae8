/*
 * dedup_bench.c — synthetic projects on the real gazetteer and sectors,
 * with planted duplicates of known kinds, run through the matcher; the
 * benchmark bench/dedup builds and runs it.
 *
 *   dedup_bench N SEED OUTDIR
 *
 * writes OUTDIR/projects.csv (id,title,pcode,sector,start_day,end_day) and
 * OUTDIR/truth.csv (a,b,kind) for the peer, runs the blocked pass, the
 * unblocked join and N_LOOKUP single lookups in process, and prints one
 * line per measure ("ours_blocked seconds=... precision=... recall=...";
 * all_pairs counts the overlaps too). DEDUP_DUMP=K in the environment
 * prints the first K pairs called the same record that are not planted,
 * and the first K planted pairs missed, of each pass; DEDUP_DUMP_FALSE=K
 * the pairs not planted alone.
 *
 * Planted kinds, each the copy of an original with: typos in the title;
 * a Latin transliteration variant of the district in the title; words
 * swapped; a word dropped; dates shifted by one or two months; the
 * district miscoded (another district of the province); the sector
 * miscoded; the same project reported by the donor (as implementer) and
 * the implementer; a Dari title with Arabic letter variants and a ZWNJ.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/match.h"
#include "core/mem.h"
#include "core/pdate.h"
#include "fmt/csv.h"

static unsigned long long rng_state;

static unsigned rnd(unsigned n)
{
	rng_state = rng_state * 6364136223846793005ull + 1442695040888963407ull;
	return (unsigned)((rng_state >> 33) % n);
}

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Processor seconds of this process, all threads: on a shared machine the
 * wall clock also counts the time others took. */
static double cpu_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		perror(path);
		exit(2);
	}
	fseek(f, 0, SEEK_END);
	*len = (size_t)ftell(f);
	rewind(f);
	char *d = xmalloc(*len + 1);
	if (fread(d, 1, *len, f) != *len)
		exit(2);
	d[*len] = 0;
	fclose(f);
	return d;
}

typedef struct District {
	char pcode[16];
	char province[16];
	char name[64];
	char alt[64];     /* another Latin spelling, or the name */
	char name_prs[96];
} District;

static District *districts;
static size_t district_count;
static char sectors[32][32];
static size_t sector_count;

static RefData *load_ref(void)
{
	RefData *ref = refdata_new();
	size_t len;
	char *data = read_file("data/places.csv", &len);
	CsvReader *r = csv_open(data, len, ',');
	const char *const *f;
	csv_next(r, &f);
	size_t alloc = 0;
	while (csv_next(r, &f) > 0) {
		gaz_add(ref->gaz, f[0], (PlaceLevel)(f[1][0] - '0'), f[2], f[3], f[4], f[5], f[6], f[7]);
		if (f[1][0] != '2')
			continue;
		if (district_count == alloc) {
			alloc = alloc ? alloc * 2 : 512;
			districts = xrealloc(districts, alloc * sizeof *districts);
		}
		District *d = &districts[district_count++];
		snprintf(d->pcode, sizeof d->pcode, "%s", f[0]);
		snprintf(d->province, sizeof d->province, "%s", f[2]);
		snprintf(d->name, sizeof d->name, "%s", f[4]);
		snprintf(d->name_prs, sizeof d->name_prs, "%s", f[5]);
		const char *alt = f[7];
		size_t n = strcspn(alt, "|");
		/* a Latin alternate only */
		if (n && (unsigned char)alt[0] < 0x80)
			snprintf(d->alt, sizeof d->alt, "%.*s", (int)n, alt);
		else
			snprintf(d->alt, sizeof d->alt, "%s", f[4]);
	}
	gaz_index(ref->gaz);
	csv_close(r);
	free(data);
	data = read_file("data/sectors.csv", &len);
	r = csv_open(data, len, ',');
	csv_next(r, &f);
	while (csv_next(r, &f) > 0 && sector_count < 32) {
		codelist_add(&ref->sectors, f[0], f[2], f[3], "", f[1]);
		snprintf(sectors[sector_count++], 32, "%s", f[0]);
	}
	codelist_sort(&ref->sectors);
	csv_close(r);
	free(data);
	return ref;
}

static const char *ACTIVITY[] = {
	"Construction of", "Rehabilitation of", "Support to", "Training on", "Provision of",
	"Strengthening", "Community mobilization for", "Emergency response for", "Distribution of",
	"Awareness raising on", "Capacity building for", "Improving access to", "Expansion of",
	"Establishment of", "Cash for work and", "Monitoring of",
};
static const char *OBJECT[] = {
	"water supply networks", "latrines", "hygiene kits", "community based schools",
	"girls literacy classes", "mobile health teams", "maternal health clinics", "irrigation canals",
	"kitchen gardens", "livestock vaccination", "vocational training centres", "women savings groups",
	"legal aid services", "child friendly spaces", "shelter repairs", "winterization kits",
	"nutrition screening", "mine risk education", "peace councils", "seed distribution",
	"solar water pumps", "teacher training", "youth employment", "referral pathways",
	"drought resilience", "flood protection walls", "school feeding", "psychosocial support",
};
static const char *GROUP[] = {
	"returnee families", "internally displaced households", "women headed households", "children",
	"persons with disabilities", "host communities", "farmers", "adolescent girls", "nomadic Kuchi families",
	"widows", "youth", "smallholder farmers",
};
static const char *SYLLABLE[] = {"ka", "ra", "gul", "bad", "khel", "sha", "dar", "zai", "mir", "qal",
				 "ab", "sang", "bagh", "tak", "now", "deh", "pul", "sar", "ali", "zar"};

typedef struct Gen {
	char title[256];
	char title_prs[256];
	const District *district;
	const char *sector;
	long start, end;      /* days */
	int64_t impl, donor;
	char start_s[11], end_s[11];
	int dup_of;           /* index of the original, -1 */
	int kind;             /* planted kind, 0 for none */
} Gen;

static const char *KIND_NAME[] = {"",        "typos",          "latin_variant", "words_swapped",
				  "word_dropped", "dates_shifted", "district_miscoded", "sector_miscoded",
				  "donor_and_implementer", "dari_variant"};
#define KIND_COUNT 10

static void village(char *out, size_t size)
{
	int parts = 2 + (int)rnd(2);
	out[0] = 0;
	for (int i = 0; i < parts; i++)
		strncat(out, SYLLABLE[rnd(20)], size - strlen(out) - 1);
	out[0] = (char)(out[0] - 'a' + 'A');
}

static void typo(char *s)
{
	size_t n = strlen(s);
	for (int k = 0; k < 2; k++) {
		size_t at = 3 + rnd((unsigned)(n - 6));
		if (s[at] == ' ' || s[at + 1] == ' ')
			continue;
		if (rnd(2)) { /* swap two letters */
			char c = s[at];
			s[at] = s[at + 1];
			s[at + 1] = c;
		} else {      /* drop a letter */
			memmove(s + at, s + at + 1, n - at);
			n--;
		}
	}
}

static void swap_words(char *s)
{
	/* "A of B for C in D" -> move the group before the object: swap the first two words */
	char *sp1 = strchr(s, ' ');
	if (!sp1)
		return;
	char *sp2 = strchr(sp1 + 1, ' ');
	if (!sp2)
		return;
	char first[128], second[128];
	snprintf(first, sizeof first, "%.*s", (int)(sp1 - s), s);
	snprintf(second, sizeof second, "%.*s", (int)(sp2 - sp1 - 1), sp1 + 1);
	char rest[256];
	snprintf(rest, sizeof rest, "%s", sp2);
	snprintf(s, 256, "%s %s%s", second, first, rest);
}

static void drop_word(char *s)
{
	/* drop the last word */
	char *sp = strrchr(s, ' ');
	if (sp)
		*sp = 0;
}

static void day_text(long day, char out[11])
{
	int y, m, d;
	civil_from_days(day, &y, &m, &d);
	snprintf(out, 11, "%04d-%02d", y, m);
}

static int cmp_key(const void *a, const void *b)
{
	unsigned long long x = *(const unsigned long long *)a, y = *(const unsigned long long *)b;
	return x < y ? -1 : x > y;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
	if (argc != 4) {
		fprintf(stderr, "usage: dedup_bench N SEED OUTDIR\n");
		return 2;
	}
	size_t n = strtoul(argv[1], NULL, 10);
	rng_state = strtoull(argv[2], NULL, 10) * 2654435761ull + 1;
	const char *outdir = argv[3];
	setvbuf(stdout, NULL, _IOLBF, 0);
	RefData *ref = load_ref();

	Gen *g = xcalloc(n, sizeof *g);
	size_t planted = n / 10;          /* one record in ten is a planted copy */
	size_t originals = n - planted;
	for (size_t i = 0; i < originals; i++) {
		Gen *p = &g[i];
		p->district = &districts[rnd((unsigned)district_count)];
		p->sector = sectors[rnd((unsigned)sector_count)];
		char v[64];
		village(v, sizeof v);
		snprintf(p->title, sizeof p->title, "%s %s for %s in %s, %s", ACTIVITY[rnd(16)], OBJECT[rnd(28)],
			 GROUP[rnd(12)], v, p->district->name);
		if (rnd(5) == 0)
			snprintf(p->title_prs, sizeof p->title_prs,
				 "\xd9\xbe\xd8\xb1\xd9\x88\xda\x98\xd9\x87 %s \xd8\xa8\xd8\xb1\xd8\xa7\xdb\x8c %s %u",
				 p->district->name_prs, v, rnd(1000));
		p->start = days_from_civil(2010 + (int)rnd(15), 1 + (int)rnd(12), 1);
		p->end = p->start + 90 + rnd(900);
		p->impl = 1 + rnd(5000);
		p->donor = 10001 + rnd(60);
		p->dup_of = -1;
	}
	for (size_t i = originals; i < n; i++) {
		Gen *p = &g[i];
		int of = (int)rnd((unsigned)originals);
		*p = g[of];
		p->dup_of = of;
		p->kind = 1 + (int)((i - originals) % (KIND_COUNT - 1));
		switch (p->kind) {
		case 1: typo(p->title); break;
		case 2: {
			char *at = strstr(p->title, p->district->name);
			if (at) {
				char tail[256];
				snprintf(tail, sizeof tail, "%s", at + strlen(p->district->name));
				snprintf(at, sizeof p->title - (size_t)(at - p->title), "%s%s", p->district->alt, tail);
			}
			break;
		}
		case 3: swap_words(p->title); break;
		case 4: drop_word(p->title); break;
		case 5: {
			long shift = 30 * (1 + (long)rnd(2));
			p->start += shift;
			p->end += shift;
			break;
		}
		case 6: {
			/* another district of the same province, when there is one */
			for (int tries = 0; tries < 50; tries++) {
				const District *d = &districts[rnd((unsigned)district_count)];
				if (strcmp(d->province, p->district->province) == 0 && d != p->district) {
					p->district = d;
					break;
				}
			}
			break;
		}
		case 7: {
			size_t at = (size_t)(p->sector - sectors[0]) / sizeof sectors[0];
			p->sector = sectors[(at + 1) % sector_count];
			break;
		}
		case 8: p->impl = p->donor; p->donor = 0; break;
		case 9:
			if (!p->title_prs[0])
				snprintf(p->title_prs, sizeof p->title_prs, "%s", "");
			/* Dari: Arabic yeh for Farsi yeh, and a ZWNJ before a plural */
			for (char *q = p->title_prs; q[0] && q[1]; q++)
				if ((unsigned char)q[0] == 0xDB && (unsigned char)q[1] == 0x8C) {
					q[0] = (char)0xD9;
					q[1] = (char)0x8A;
				}
			typo(p->title);
			break;
		}
	}
	for (size_t i = 0; i < n; i++) {
		day_text(g[i].start, g[i].start_s);
		day_text(g[i].end, g[i].end_s);
	}

	/* files for the peer */
	char path[1024];
	snprintf(path, sizeof path, "%s/projects.csv", outdir);
	FILE *f = fopen(path, "w");
	for (size_t i = 0; i < n; i++)
		fprintf(f, "%zu,\"%s\",%s,%s,%ld,%ld\n", i + 1, g[i].title, g[i].district->pcode, g[i].sector,
			g[i].start, g[i].end);
	fclose(f);
	snprintf(path, sizeof path, "%s/truth.csv", outdir);
	f = fopen(path, "w");
	for (size_t i = originals; i < n; i++)
		fprintf(f, "%d,%zu,%s\n", g[i].dup_of + 1, i + 1, KIND_NAME[g[i].kind]);
	fclose(f);

	/* the records as the matcher takes them */
	MatchProject *items = xcalloc(n, sizeof *items);
	const char **pc = xcalloc(n, sizeof *pc), **sc = xcalloc(n, sizeof *sc);
	int64_t *impl = xcalloc(n, sizeof *impl), *donor = xcalloc(n, sizeof *donor);
	for (size_t i = 0; i < n; i++) {
		MatchProject *m = &items[i];
		m->id = (int64_t)i + 1;
		m->title[0] = g[i].title;
		m->title[1] = g[i].title_prs[0] ? g[i].title_prs : NULL;
		m->start_date = g[i].start_s;
		m->end_date = g[i].end_s;
		pc[i] = g[i].district->pcode;
		sc[i] = g[i].sector;
		m->pcodes = &pc[i];
		m->pcode_count = 1;
		m->sectors = &sc[i];
		m->sector_count = 1;
		impl[i] = g[i].impl;
		donor[i] = g[i].donor;
		m->implementer_ids = &impl[i];
		m->implementer_count = 1;
		m->funder_ids = &donor[i];
		m->funder_count = g[i].donor ? 1 : 0;
		m->people_reached = -1;
	}

	MatchOptions o;
	match_options_default(&o);
	double t0 = now(), c0 = cpu_now();
	MatchIndex *ix = match_index_build(ref, items, n, &o);
	double t1 = now(), c1 = cpu_now();
	printf("ours_index seconds=%.3f records=%zu cpu_seconds=%.3f\n", t1 - t0, n, c1 - c0);

	/* truth lookup: planted pair (a<b) as a sorted key list */
	size_t truth_n = planted;
	unsigned long long *truth = xmalloc((truth_n + 1) * sizeof *truth);
	for (size_t i = originals; i < n; i++)
		truth[i - originals] = ((unsigned long long)(g[i].dup_of) << 32) | i;
	int (*cmp)(const void *, const void *) = cmp_key;
	qsort(truth, truth_n, sizeof *truth, cmp);

	for (int pass = 0; pass < 3; pass++) {
		MatchOptions po = o;
		const char *name = pass == 0 ? "ours_blocked" : pass == 1 ? "ours_unblocked" : "ours_both";
		po.blocked = pass != 1;
		po.unblocked = pass != 0;
		MatchPair *pairs;
		double s0 = now(), sc0 = cpu_now();
		size_t np = match_pairs(ix, &po, &pairs);
		double s1 = now(), sc1 = cpu_now();
		size_t same = 0, hit = 0;
		for (size_t k = 0; k < np; k++) {
			if (pairs[k].kind != MATCH_SAME)
				continue;
			same++;
			unsigned long long key = ((unsigned long long)pairs[k].a << 32) | (unsigned)pairs[k].b;
			if (bsearch(&key, truth, truth_n, sizeof *truth, cmp))
				hit++;
			else {
				/* two copies of one original are the same project too */
				if (g[pairs[k].a].dup_of >= 0 && g[pairs[k].a].dup_of == g[pairs[k].b].dup_of)
					hit++;
			}
		}
		/* recall over the planted pairs only */
		size_t found = 0;
		for (size_t k = 0; k < np; k++) {
			unsigned long long key = ((unsigned long long)pairs[k].a << 32) | (unsigned)pairs[k].b;
			if (pairs[k].kind == MATCH_SAME && bsearch(&key, truth, truth_n, sizeof *truth, cmp))
				found++;
		}
		/* DEDUP_DUMP=K prints the first K pairs of this pass that are not
		 * planted and the first K planted pairs it missed; DEDUP_DUMP_FALSE=K
		 * the pairs not planted alone */
		const char *dump = getenv("DEDUP_DUMP");
		const char *dump_false = getenv("DEDUP_DUMP_FALSE");
		long dumped = 0, dump_max = dump ? strtol(dump, NULL, 10) : 0;
		long missed_max = dump_max;
		if (dump_false)
			dump_max = strtol(dump_false, NULL, 10);
		for (size_t k = 0; k < np && dumped < dump_max; k++) {
			int a = pairs[k].a, b = pairs[k].b;
			unsigned long long key = ((unsigned long long)a << 32) | (unsigned)b;
			if (pairs[k].kind != MATCH_SAME || bsearch(&key, truth, truth_n, sizeof *truth, cmp) ||
			    (g[a].dup_of >= 0 && g[a].dup_of == g[b].dup_of))
				continue;
			dumped++;
			printf("  not planted: score %.3f\n    %s | %s %s | %s..%s | %lld/%lld\n"
			       "    %s | %s %s | %s..%s | %lld/%lld\n",
			       pairs[k].score, g[a].title, g[a].district->pcode, g[a].sector, g[a].start_s,
			       g[a].end_s, (long long)g[a].impl, (long long)g[a].donor, g[b].title,
			       g[b].district->pcode, g[b].sector, g[b].start_s, g[b].end_s, (long long)g[b].impl,
			       (long long)g[b].donor);
		}
		printf("%s seconds=%.3f same_pairs=%zu precision=%.4f recall=%.4f cpu_seconds=%.3f "
		       "planted_found=%zu all_pairs=%zu\n",
		       name, s1 - s0, same, same ? (double)hit / (double)same : 0.0,
		       truth_n ? (double)found / (double)truth_n : 0.0, sc1 - sc0, found, np);
		{
			/* recall by planted kind */
			size_t per_kind[KIND_COUNT] = {0}, per_found[KIND_COUNT] = {0};
			unsigned char *got = xcalloc(n, 1);
			for (size_t k = 0; k < np; k++)
				if (pairs[k].kind == MATCH_SAME && (size_t)pairs[k].b >= originals &&
				    g[pairs[k].b].dup_of == pairs[k].a)
					got[pairs[k].b] = 1;
			long missed_shown = 0;
			for (size_t i = originals; i < n; i++) {
				per_kind[g[i].kind]++;
				per_found[g[i].kind] += got[i];
				if (!got[i] && missed_shown < missed_max) {
					missed_shown++;
					printf("  missed %s:\n    %s\n    %s\n", KIND_NAME[g[i].kind],
					       g[g[i].dup_of].title, g[i].title);
				}
			}
			for (int k = 1; k < KIND_COUNT && pass >= 1; k++)
				printf("%s_recall_by_kind kind=%s recall=%.4f of=%zu\n", name, KIND_NAME[k],
				       per_kind[k] ? (double)per_found[k] / (double)per_kind[k] : 0.0, per_kind[k]);
			free(got);
		}
		free(pairs);
	}

	/* single lookups: a would-be record from a random planted copy's original */
	size_t lookups = 1000;
	double *times = xmalloc(lookups * sizeof *times);
	for (size_t k = 0; k < lookups; k++) {
		MatchProject probe = items[originals + rnd((unsigned)planted)];
		MatchPair *pairs;
		double s0 = now();
		size_t np = match_similar(ix, &probe, &o, 10, &pairs);
		times[k] = now() - s0;
		(void)np;
		free(pairs);
	}
	qsort(times, lookups, sizeof *times, cmp_double);
	printf("ours_lookup median_ms=%.3f p95_ms=%.3f lookups=%zu\n", times[lookups / 2] * 1000,
	       times[lookups * 95 / 100] * 1000, lookups);
	match_index_free(ix);
	return 0;
}
