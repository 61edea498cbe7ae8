/*
 * test_http_canary.c — restricted records leak nowhere.
 *
 * An admin makes a restricted organization and a restricted project of it
 * with a marker, CANARY7Q3Z, in every text field. Then anonymous visitors,
 * an editor of another organization, the ministry and a coordinator who
 * states no reason read every page and API answer the route table offers
 * (each GET route, with real ids, every list filter, searches for the
 * marker and for words of the titles, the places where the project works):
 * the marker must be in no body and no header, and every answer must be
 * byte for byte what it was before the records existed — so no count,
 * figure or list moved either. The restricted records' own addresses must
 * answer exactly as an id that never existed, for reads and for writes.
 *
 * Then the other side, which proves the test could see a leak: the
 * owning organization's editor sees the records and their counts, and a
 * coordinator who states a reason sees them too, each such read logged in
 * the restricted_read table (read here with SQLite; no route or command
 * shows it). Organizations that name the restricted one (as parent,
 * registration authority or funder) must not give its id away either.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <cmocka.h>
#include <jansson.h>
#include <sqlite3.h>

#include "http_client.h"
#include "server_proc.h"

#define PASSWORD "a long enough passphrase"
#define MARKER   "CANARY7Q3Z"
/* The marker as a search query: lowercase, so that a page echoing the
 * query does not count as a leak, while search (which folds case) still
 * finds the records. */
#define MARKER_QUERY "canary7q3z"
#define REASON       "protection case review 17"
/* An id no record has: a restricted record must answer as this one does. */
#define NOPE 999999LL
/* The demo's own restricted project: never shown to these viewers either. */
#define DEMO_RESTRICTED "Women Protection Centres in Bamyan and Daikundi"

/* Who reads, with the token each sends ("" for anonymous). */
typedef enum ViewerIndex { ANON, OTHER_EDITOR, MINISTRY, COORD, VIEWER_COUNT } ViewerIndex;

typedef struct Viewer {
	const char *name;   /* for messages */
	const char *login;  /* NULL for anonymous */
	const char *role;
	char token[128];
} Viewer;

static Viewer viewers[VIEWER_COUNT] = {
	{.name = "anonymous"},
	{.name = "editor of another organization", .login = "editor-b", .role = "editor"},
	{.name = "ministry", .login = "ministry", .role = "ministry"},
	{.name = "coordinator without a reason", .login = "coord", .role = "coordinator"},
};

static ServerProc server;
static char admin_token[128];
static char owner_token[128];      /* an editor of the restricted organization */
static long long lso, awec, unwomen;
static long long public_projects[2]; /* public projects in Daykundi */
static long long canary_org, canary_project;
static long long canary_application; /* the canary organization's pending application */
static long long canary_membership;  /* its membership in AWEC's network */

/* Mismatches, reported together. */
static char problems[32768];
static size_t problem_count;

__attribute__((format(printf, 1, 2))) static void problem(const char *fmt, ...)
{
	size_t used = strlen(problems);
	va_list ap;
	va_start(ap, fmt);
	if (used + 2 < sizeof problems) {
		vsnprintf(problems + used, sizeof problems - used - 1, fmt, ap);
		strcat(problems, "\n");
	}
	va_end(ap);
	problem_count++;
}

static void problems_reset(void)
{
	problems[0] = '\0';
	problem_count = 0;
}

static void report_problems(void)
{
	if (problem_count)
		fail_msg("%zu problems:\n%s", problem_count, problems);
}

/* ---- requests ---- */

/* Sends a request with a token ("" or NULL for none) and extra header lines. */
static void send_with(const char *token, const char *extra, const char *method, const char *path,
		      const char *body, HttpAnswer *a)
{
	char headers[1024];
	size_t n = 0;
	headers[0] = '\0';
	if (token && *token)
		n += (size_t)snprintf(headers + n, sizeof headers - n, "Authorization: Bearer %s\r\n", token);
	if (body)
		n += (size_t)snprintf(headers + n, sizeof headers - n, "Content-Type: application/json\r\n");
	if (extra)
		snprintf(headers + n, sizeof headers - n, "%s", extra);
	if (http_request("127.0.0.1", server.port, method, path, headers, body, body ? strlen(body) : 0, a) != 0)
		fail_msg("%s %s: no answer", method, path);
}

/* An admin API call that must answer want; the JSON (caller decrefs). */
static json_t *admin_json(const char *method, const char *path, const char *extra, const char *body, int want)
{
	HttpAnswer a;
	send_with(admin_token, extra, method, path, body, &a);
	if (a.status != want)
		fail_msg("%s %s as admin: %d, wanted %d: %s", method, path, a.status, want, a.body);
	json_t *j = json_loadb(a.body, a.body_len, 0, NULL);
	http_answer_free(&a);
	return j;
}

static long long id_of(json_t *j)
{
	return (long long)json_integer_value(json_object_get(j, "id"));
}

/* The id of the first organization a query finds, checked by its name. */
static long long find_org(const char *query, const char *name_en)
{
	char path[128];
	snprintf(path, sizeof path, "/api/v1/orgs?q=%s", query);
	json_t *j = admin_json("GET", path, NULL, NULL, 200);
	json_t *o = json_array_get(json_object_get(j, "items"), 0);
	const char *got = json_string_value(json_object_get(o, "name_en"));
	long long id = got && strcmp(got, name_en) == 0 ? id_of(o) : 0;
	json_decref(j);
	if (!id)
		fail_msg("no organization %s found", name_en);
	return id;
}

/* Where the marker shows in an answer: "body", a header's name, or NULL.
 * also_folded looks for the marker in any case, for answers whose query
 * did not carry it. */
static const char *marker_in(const HttpAnswer *a, bool also_folded)
{
	if (strstr(a->body, MARKER) || (also_folded && strcasestr(a->body, MARKER)))
		return "body";
	for (size_t i = 0; i < a->header_count; i++)
		if (strcasestr(a->headers[i].value, MARKER) || strcasestr(a->headers[i].name, MARKER))
			return a->headers[i].name;
	return NULL;
}

/* ---- set-up ---- */

static int start(void **state)
{
	(void)state;
	if (server_start_logged(&server, 1) != 0)
		return -1;
	if (server_add_user(&server, "admin", "admin", 0, PASSWORD, admin_token, sizeof admin_token) != 0)
		return -1;
	lso = find_org("labor%20spring", "Labor Spring Organization");
	awec = find_org("AWEC", "Afghan Women's Educational Center");
	unwomen = find_org("UN%20Women", "UN Women");
	for (int v = OTHER_EDITOR; v < VIEWER_COUNT; v++)
		if (server_add_user(&server, viewers[v].login, viewers[v].role, v == OTHER_EDITOR ? awec : 0,
				    PASSWORD, viewers[v].token, sizeof viewers[v].token) != 0)
			return -1;
	json_t *j = admin_json("GET", "/api/v1/projects?province=AF24&limit=100", NULL, NULL, 200);
	size_t i, n = 0;
	json_t *p;
	json_array_foreach(json_object_get(j, "items"), i, p) {
		if (n < 2 && strcmp(json_string_value(json_object_get(p, "visibility")), "public") == 0)
			public_projects[n++] = id_of(p);
	}
	json_decref(j);
	return n == 2 ? 0 : -1;
}

static int stop(void **state)
{
	(void)state;
	/* Nothing the server wrote to its log may name the restricted records. */
	size_t len = 0;
	char *log = NULL;
	FILE *f = fopen(server.log, "r");
	if (f) {
		fseek(f, 0, SEEK_END);
		len = (size_t)ftell(f);
		rewind(f);
		log = calloc(1, len + 1);
		if (fread(log, 1, len, f) != len) {
			free(log);
			log = NULL;
		}
		fclose(f);
	}
	bool leaked = log && strcasestr(log, MARKER);
	bool read = log != NULL;
	free(log);
	int status = server_stop(&server);
	if (!read || leaked) {
		fprintf(stderr, "%s\n", !read ? "the server's log could not be read" : "the server's log names the marker");
		return -1;
	}
	return status == 0 ? 0 : -1;
}

/* ---- the pages every viewer reads ---- */

/* What the test reads for each GET route: suffixes to the path (after
 * {id} or {pcode} is replaced); "{lso}" and "{unwomen}" in a suffix become
 * those organizations' ids. The %-encoded query is the Dari word زرنگار
 * of the titles. */
typedef struct Variants {
	const char *pattern;
	const char *suffixes[12];
} Variants;

static const Variants VARIANTS[] = {
	{"/healthz", {""}},
	{"/login", {""}},
	{"/", {""}},
	{"/orgs", {"", "?q=" MARKER_QUERY, "?q=qalatnaw", "?q=haven", "?kind=cso", "?sector=PROTECTION",
		   "?province=AF24", "?province=Daykundi&sector=PROTECTION"}},
	{"/orgs/new", {""}},
	{"/orgs/{id}", {""}},
	{"/orgs/{id}/edit", {""}},
	{"/projects", {"", "?q=" MARKER_QUERY, "?q=qalatnaw", "?q=safehouse", "?province=AF24",
		       "?district=AF2401", "?sector=PROTECTION", "?status=ongoing", "?year=2024",
		       "?org={lso}", "?donor={unwomen}", "?district=Nili&sector=PROTECTION&year=2024"}},
	{"/projects/new", {"", "?org={lso}"}},
	{"/projects/{id}", {""}},
	{"/projects/{id}/edit", {""}},
	{"/places", {""}},
	{"/places/{pcode}", {"", "?from=2024&to=2024", ".csv", ".csv?from=2024-01"}},
	{"/search", {"?q=" MARKER_QUERY, "?q=qalatnaw", "?q=safehouse", "?q=%D8%B2%D8%B1%D9%86%DA%AF%D8%A7%D8%B1",
		     "?q=haven"}},
	{"/orgs/{id}/history", {""}},
	{"/projects/{id}/history", {""}},
	{"/audit", {"", "?entity=project"}},
	{"/api/v1/orgs", {"?limit=500", "?q=" MARKER_QUERY, "?q=qalatnaw", "?kind=cso", "?sector=PROTECTION",
			  "?province=AF24"}},
	{"/api/v1/orgs/{id}", {""}},
	{"/api/v1/projects", {"?limit=500", "?q=" MARKER_QUERY, "?q=safehouse", "?province=AF24",
			      "?district=AF2401", "?sector=PROTECTION", "?status=ongoing", "?year=2024",
			      "?org={lso}", "?donor={unwomen}"}},
	{"/api/v1/projects/{id}", {""}},
	{"/api/v1/places/resolve", {"?q=Nili", "?q=" MARKER_QUERY}},
	{"/api/v1/places/{pcode}", {""}},
	{"/api/v1/openapi.json", {""}},
	{"/api/v1/search", {"?q=" MARKER_QUERY, "?q=qalatnaw", "?q=safehouse",
			    "?q=%D8%B2%D8%B1%D9%86%DA%AF%D8%A7%D8%B1"}},
	/* reports, compliance, status */
	{"/compliance", {"", "?province=AF24", "?overdue=1"}},
	{"/compliance/overdue.csv", {""}},
	{"/reports/{id}", {""}},
	{"/reports/{id}/edit", {""}},
	{"/orgs/{id}/reports/new", {""}},
	{"/api/v1/reports", {"", "?org={lso}"}},
	{"/api/v1/reports/{id}", {""}},
	{"/api/v1/orgs/{id}/obligation", {""}},
	{"/api/v1/orgs/{id}/status", {""}},
	{"/api/v1/compliance", {"", "?province=AF24"}},
	{"/meetings", {""}},
	{"/meetings/new", {""}},
	{"/meetings/{id}", {""}},
	{"/permits", {""}},
	{"/permits/new", {"", "?org={lso}"}},
	{"/permits/{id}/decision", {""}},
	{"/orgs/{id}/memberships", {""}},
	{"/api/v1/meetings", {""}},
	{"/api/v1/meetings/{id}", {""}},
	{"/api/v1/orgs/{id}/memberships", {""}},
	{"/api/v1/applications", {"", "?org={lso}"}},
	{"/orgs/{id}/highlights", {""}},
	/* Downloads in every text format (the workbook is unzipped and read in
	 * test_downloads_leak_nothing). */
	{"/export", {"?format=csv", "?format=hxl&q=" MARKER_QUERY, "?format=json", "?format=iati",
		     "?format=csv&kind=orgs", "?format=hxl&kind=orgs&province=AF24", "?format=json&kind=orgs&q=haven",
		     "?format=hxl&district=AF2401&sector=PROTECTION", "?format=iati&province=AF24",
		     "?format=json&donor={unwomen}", "?format=csv&org={lso}&year=2024", "?format=xlsx"}},
	{"/coverage", {"", "?province=AF24", "?sector=PROTECTION", "?province=AF24&sector=PROTECTION"}},
	{"/api/v1/projects/similar", {"?title=Qalatnaw+safehouse+for+women",
				      "?title=Qalatnaw+safehouse+for+women&district=Nili&sector=PROTECTION"
				      "&start=2024-01&end=2025-12",
				      "?title=" MARKER_QUERY "+Qalatnaw+safehouse+for+women",
				      "?title=%D9%BE%D9%86%D8%A7%D9%87%DA%AF%D8%A7%D9%87+%D8%B2%D8%B1%D9%86%DA%AF%D8%A7%D8%B1",
				      "?title=Women+Protection+Centres+in+Bamyan+and+Daikundi&sector=PROTECTION"}},
	{"/review/duplicates", {"", "?kind=orgs", "?province=AF24&sector=PROTECTION", "?min=0.3",
				"?decided=1", "?kind=orgs&decided=1"}},
};

/* One page and how each viewer saw it before the restricted records existed. */
typedef struct Page {
	char path[256];
	int status[VIEWER_COUNT];
	char *body[VIEWER_COUNT];
} Page;

static Page pages[256];
static size_t page_count;

static const Variants *variants_of(const char *pattern)
{
	for (size_t i = 0; i < sizeof VARIANTS / sizeof VARIANTS[0]; i++)
		if (strcmp(VARIANTS[i].pattern, pattern) == 0)
			return &VARIANTS[i];
	return NULL;
}

/* Replaces {lso} and {unwomen} in a suffix. */
static void expand(const char *suffix, char *out, size_t size)
{
	const char *lso_at = strstr(suffix, "{lso}"), *un_at = strstr(suffix, "{unwomen}");
	if (lso_at)
		snprintf(out, size, "%.*s%lld%s", (int)(lso_at - suffix), suffix, lso, lso_at + 5);
	else if (un_at)
		snprintf(out, size, "%.*s%lld%s", (int)(un_at - suffix), suffix, unwomen, un_at + 9);
	else
		snprintf(out, size, "%s", suffix);
}

static void add_page(const char *prefix, const char *middle, const char *rest, const char *suffix)
{
	char tail[128];
	expand(suffix, tail, sizeof tail);
	assert_true(page_count < sizeof pages / sizeof pages[0]);
	snprintf(pages[page_count++].path, sizeof pages[0].path, "%s%s%s%s", prefix, middle, rest, tail);
}

/* Builds the page list from the GET routes `hamahang routes` prints; a
 * GET route the test has no variants for fails the test. */
static void build_pages(void)
{
	static char text[16384];
	const char *args[] = {"routes", NULL};
	assert_int_equal(run_binary(args, text, sizeof text), 0);
	char *save = NULL;
	for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char method[16], pattern[128];
		if (sscanf(line, "%15s %127s", method, pattern) != 2)
			fail_msg("cannot read the route line: %s", line);
		if (strcmp(method, "GET") != 0)
			continue;
		const Variants *v = variants_of(pattern);
		if (!v)
			fail_msg("GET %s has no pages in the canary test: add them to VARIANTS", pattern);
		const char *brace = strchr(pattern, '{');
		char prefix[128];
		snprintf(prefix, sizeof prefix, "%.*s", brace ? (int)(brace - pattern) : (int)strlen(pattern), pattern);
		const char *rest = brace ? strchr(brace, '}') + 1 : "";
		for (size_t s = 0; s < 12 && v->suffixes[s]; s++) {
			if (!brace) {
				add_page(prefix, "", "", v->suffixes[s]);
			} else if (strncmp(brace, "{pcode}", 7) == 0) {
				add_page(prefix, "AF2401", rest, v->suffixes[s]); /* Nili, where the project works */
				add_page(prefix, "AF24", rest, v->suffixes[s]);   /* Daykundi, its province */
			} else if (strstr(pattern, "orgs/")) {
				const long long ids[] = {lso, awec, unwomen};
				for (size_t k = 0; k < 3; k++) {
					char id[32];
					snprintf(id, sizeof id, "%lld", ids[k]);
					add_page(prefix, id, rest, v->suffixes[s]);
				}
			} else {
				for (size_t k = 0; k < 2; k++) {
					char id[32];
					snprintf(id, sizeof id, "%lld", public_projects[k]);
					add_page(prefix, id, rest, v->suffixes[s]);
				}
			}
		}
	}
}

static void snapshot_pages(void)
{
	for (size_t i = 0; i < page_count; i++)
		for (int v = 0; v < VIEWER_COUNT; v++) {
			HttpAnswer a;
			send_with(viewers[v].token, NULL, "GET", pages[i].path, NULL, &a);
			pages[i].status[v] = a.status;
			pages[i].body[v] = strdup(a.body);
			http_answer_free(&a);
		}
}

/* ---- the restricted records ---- */

/* Makes the canaries as admin: first the organization, without stating a
 * reason (it is then not the admin's to read back, but it was written);
 * then its project, which names it, so with a reason. */
static void make_canaries(void)
{
	json_t *o = admin_json(
		"POST", "/api/v1/orgs", NULL,
		"{\"name_en\": \"" MARKER " Qalatnaw Haven Society\", \"name_prs\": \"" MARKER " انجمن پناهگاه زرنگار\","
		" \"name_pus\": \"" MARKER " د زرنګار پناه ټولنه\", \"acronym\": \"" MARKER "-QHS\","
		" \"aliases\": [\"" MARKER " alias one\", \"" MARKER " نام دیگر\"], \"kind\": \"cso\","
		" \"description\": \"" MARKER " runs a shelter for women at risk\", \"source\": \"" MARKER " field visit\","
		" \"tin\": \"" MARKER "-TIN\", \"website\": \"https://" MARKER ".example.org\","
		" \"registration\": {\"number\": \"" MARKER "-REG\", \"date\": \"2019-05\"},"
		" \"offices\": [{\"place\": \"Nili\", \"within\": \"Daykundi\", \"main\": true, \"note\": \"" MARKER " behind the clinic\"}],"
		" \"sectors\": [\"PROTECTION\", \"GBV\"], \"staff_total\": 9, \"staff_female\": 9, \"women_led\": true,"
		" \"visibility\": \"restricted\"}",
		201);
	/* Written, not readable without a reason: the answer says so, and
	 * gives nothing but the id. */
	assert_true(json_is_true(json_object_get(o, "hidden")));
	assert_null(json_object_get(o, "name_en"));
	canary_org = id_of(o);
	assert_true(canary_org > 0);
	json_decref(o);

	char body[4096];
	snprintf(body, sizeof body,
		 "{\"title_en\": \"" MARKER " Qalatnaw safehouse for women\", \"title_prs\": \"" MARKER " پناهگاه زرنگار\","
		 " \"title_pus\": \"" MARKER " د ښځو پناه ځای\", \"description_en\": \"" MARKER " where the shelter is\","
		 " \"description_prs\": \"" MARKER " جای پناهگاه\", \"description_pus\": \"" MARKER " د پناه ځای\","
		 " \"status\": \"ongoing\", \"start_date\": \"2024-01\", \"end_date\": \"2025-12\","
		 " \"budget\": 125000, \"currency\": \"USD\", \"source\": \"" MARKER " report\", \"note\": \"" MARKER " note\","
		 " \"visibility\": \"restricted\","
		 " \"orgs\": [{\"org_id\": %lld, \"role\": \"implementing\"}, {\"org_id\": %lld, \"role\": \"funding\"}],"
		 " \"sectors\": [\"PROTECTION\", \"GBV\"], \"targets\": [\"women\", \"survivors_violence\"],"
		 " \"places\": [{\"place\": \"Nili\", \"within\": \"Daykundi\", \"villages\": 3, \"note\": \"" MARKER " house by the river\"}],"
		 " \"results\": [{\"indicator\": \"" MARKER " women sheltered\", \"value\": 40, \"female\": 40, \"male\": 0,"
		 " \"unit\": \"" MARKER "-people\", \"period_start\": \"2024\", \"period_end\": \"2024\","
		 " \"source\": \"" MARKER " monitoring\", \"note\": \"" MARKER " result note\"}]}",
		 canary_org, unwomen);
	json_t *p = admin_json("POST", "/api/v1/projects", "X-Access-Reason: " REASON "\r\n", body, 201);
	canary_project = id_of(p);
	/* Read back with the reason: the marker is in every text field. */
	assert_non_null(strstr(json_string_value(json_object_get(p, "title_pus")), MARKER));
	json_decref(p);

	/* A membership in AWEC's network and a pending application: neither
	 * may show, nor be counted in the members or the waiting times. */
	snprintf(body, sizeof body,
		 "{\"org_id\": %lld, \"body_id\": %lld, \"status\": \"member\", \"note\": \"" MARKER " member note\"}",
		 canary_org, awec);
	json_t *ms = admin_json("POST", "/api/v1/memberships", "X-Access-Reason: " REASON "\r\n", body, 201);
	canary_membership = id_of(ms);
	json_decref(ms);
	snprintf(body, sizeof body,
		 "{\"org_id\": %lld, \"authority_id\": %lld, \"kind\": \"sector_mou\", \"submitted\": \"2024-01-10\","
		 " \"note\": \"" MARKER " application note\", \"source\": \"" MARKER " source\"}",
		 canary_org, unwomen);
	json_t *ap = admin_json("POST", "/api/v1/applications", "X-Access-Reason: " REASON "\r\n", body, 201);
	canary_application = id_of(ap);
	json_decref(ap);
}

/* ---- the tests ---- */

/* The snapshot of a page, by path. */
static const Page *page_at(const char *path)
{
	for (size_t i = 0; i < page_count; i++)
		if (strcmp(pages[i].path, path) == 0)
			return &pages[i];
	fail_msg("%s is not among the pages read", path);
	return NULL;
}

/* The figures among the pages, said outright: the sector counts of the
 * places where the project works and the totals of the lists that would
 * take the records in are what each viewer saw before. (The comparison
 * of whole answers covers them too; this names what moved.) */
static void counts_unchanged(void)
{
	static const char *const places[] = {"/api/v1/places/AF2401", "/api/v1/places/AF24"};
	static const char *const lists[] = {"/api/v1/orgs?limit=500", "/api/v1/orgs?sector=PROTECTION",
					    "/api/v1/orgs?province=AF24", "/api/v1/projects?district=AF2401",
					    "/api/v1/projects?sector=PROTECTION", "/api/v1/projects?year=2024"};
	for (int v = 0; v < VIEWER_COUNT; v++) {
		for (size_t i = 0; i < 2 + sizeof lists / sizeof lists[0]; i++) {
			const char *path = i < 2 ? places[i] : lists[i - 2];
			const Page *p = page_at(path);
			HttpAnswer a;
			send_with(viewers[v].token, NULL, "GET", path, NULL, &a);
			json_t *then = json_loads(p->body[v], 0, NULL), *now = json_loadb(a.body, a.body_len, 0, NULL);
			const char *key = i < 2 ? "sectors" : "total";
			if (!json_object_get(now, key) || !json_equal(json_object_get(then, key), json_object_get(now, key)))
				problem("GET %s as %s: the %s moved when the restricted records were made", path,
					viewers[v].name, key);
			json_decref(then);
			json_decref(now);
			http_answer_free(&a);
		}
	}
}

static void test_restricted_records_leak_nowhere(void **state)
{
	(void)state;
	build_pages();
	snapshot_pages();
	make_canaries();
	problems_reset();

	for (size_t i = 0; i < page_count; i++)
		for (int v = 0; v < VIEWER_COUNT; v++) {
			HttpAnswer a;
			send_with(viewers[v].token, NULL, "GET", pages[i].path, NULL, &a);
			const char *where = marker_in(&a, !strcasestr(pages[i].path, MARKER_QUERY));
			if (where)
				problem("GET %s as %s: the marker is in the %s", pages[i].path, viewers[v].name, where);
			if (strstr(a.body, DEMO_RESTRICTED))
				problem("GET %s as %s: the demo's restricted project is named", pages[i].path,
					viewers[v].name);
			if (a.status != pages[i].status[v] || strcmp(a.body, pages[i].body[v]) != 0)
				problem("GET %s as %s: the answer changed when the restricted records were made"
					" (status %d, then %d; %zu bytes, then %zu)",
					pages[i].path, viewers[v].name, pages[i].status[v], a.status,
					strlen(pages[i].body[v]), a.body_len);
			http_answer_free(&a);
		}
	counts_unchanged();
	report_problems();
}

/* Replaces every "999999" in text by the id, in place (the text has room:
 * an id is never longer). */
static void put_id(char *text, long long id)
{
	char id_text[32];
	int n = snprintf(id_text, sizeof id_text, "%lld", id);
	for (char *p = strstr(text, "999999"); p; p = strstr(p + n, "999999")) {
		memcpy(p, id_text, (size_t)n);
		memmove(p + n, p + 6, strlen(p + 6) + 1);
	}
}

/* Copies a template with every "{id}" replaced by the id. */
static void fill(const char *tmpl, long long id, char *out, size_t size)
{
	size_t n = 0;
	out[0] = '\0';
	for (const char *p = tmpl; *p && n + 1 < size;) {
		if (strncmp(p, "{id}", 4) == 0) {
			n += (size_t)snprintf(out + n, size - n, "%lld", id);
			p += 4;
		} else {
			out[n++] = *p++;
			out[n] = '\0';
		}
	}
	assert_true(n + 1 < size);
}

/* Sends the same request for the restricted record and for one that never
 * existed ("{id}" in path and body stands for the id) and wants the same
 * answer, but for the id itself. */
static void same_as_unknown(ViewerIndex v, const char *method, const char *path_tmpl, const char *body_tmpl,
			    long long id)
{
	char path[256], unknown_path[256], body[512] = "", unknown_body[512] = "";
	fill(path_tmpl, id, path, sizeof path);
	fill(path_tmpl, NOPE, unknown_path, sizeof unknown_path);
	if (body_tmpl) {
		fill(body_tmpl, id, body, sizeof body);
		fill(body_tmpl, NOPE, unknown_body, sizeof unknown_body);
	}
	HttpAnswer a, unknown;
	send_with(viewers[v].token, NULL, method, path, body_tmpl ? body : NULL, &a);
	send_with(viewers[v].token, NULL, method, unknown_path, body_tmpl ? unknown_body : NULL, &unknown);
	put_id(unknown.body, id);
	const char *where = marker_in(&a, true);
	if (where)
		problem("%s %s as %s: the marker is in the %s", method, path, viewers[v].name, where);
	if (a.status != unknown.status || strcmp(a.body, unknown.body) != 0)
		problem("%s %s as %s: %d, but %d for an id that does not exist:\n  %.300s\n  %.300s", method,
			path, viewers[v].name, a.status, unknown.status, a.body, unknown.body);
	http_answer_free(&a);
	http_answer_free(&unknown);
}

/* A GET as a viewer must answer want. */
static void want_status(ViewerIndex v, const char *path_tmpl, long long id, int want)
{
	char path[256];
	fill(path_tmpl, id, path, sizeof path);
	HttpAnswer a;
	send_with(viewers[v].token, NULL, "GET", path, NULL, &a);
	if (a.status != want)
		problem("GET %s as %s: %d, wanted %d", path, viewers[v].name, a.status, want);
	http_answer_free(&a);
}

static void test_restricted_records_answer_as_unknown_ones(void **state)
{
	(void)state;
	char org_path[64];
	snprintf(org_path, sizeof org_path, "/api/v1/orgs/%lld", canary_org);
	json_t *org_before = admin_json("GET", org_path, "X-Access-Reason: " REASON "\r\n", NULL, 200);
	char project_path[64];
	snprintf(project_path, sizeof project_path, "/api/v1/projects/%lld", canary_project);
	json_t *project_before = admin_json("GET", project_path, "X-Access-Reason: " REASON "\r\n", NULL, 200);

	problems_reset();
	for (int v = 0; v < VIEWER_COUNT; v++) {
		ViewerIndex w = (ViewerIndex)v;
		/* Their own addresses: not found, exactly as if they did not exist. */
		want_status(w, "/orgs/{id}", canary_org, 404);
		want_status(w, "/api/v1/orgs/{id}", canary_org, 404);
		want_status(w, "/projects/{id}", canary_project, 404);
		want_status(w, "/api/v1/projects/{id}", canary_project, 404);
		same_as_unknown(w, "GET", "/orgs/{id}", NULL, canary_org);
		same_as_unknown(w, "GET", "/orgs/{id}/edit", NULL, canary_org);
		same_as_unknown(w, "GET", "/api/v1/orgs/{id}", NULL, canary_org);
		same_as_unknown(w, "GET", "/projects/{id}", NULL, canary_project);
		same_as_unknown(w, "GET", "/projects/{id}/edit", NULL, canary_project);
		same_as_unknown(w, "GET", "/api/v1/projects/{id}", NULL, canary_project);
		same_as_unknown(w, "GET", "/projects?org={id}", NULL, canary_org);
		same_as_unknown(w, "GET", "/projects?donor={id}", NULL, canary_org);
		same_as_unknown(w, "GET", "/projects/new?org={id}", NULL, canary_org);
		same_as_unknown(w, "GET", "/permits/new?org={id}", NULL, canary_org);
		same_as_unknown(w, "GET", "/orgs/{id}/memberships", NULL, canary_org);
		same_as_unknown(w, "GET", "/permits/{id}/decision", NULL, canary_application);
		same_as_unknown(w, "GET", "/api/v1/projects?org={id}", NULL, canary_org);
		same_as_unknown(w, "GET", "/api/v1/projects?donor={id}", NULL, canary_org);
		/* Writes: refused as for a record that is not there, and the
		 * refusal names nothing. */
		same_as_unknown(w, "PATCH", "/api/v1/orgs/{id}", "{\"staff_total\": 1}", canary_org);
		same_as_unknown(w, "DELETE", "/api/v1/orgs/{id}", NULL, canary_org);
		same_as_unknown(w, "PATCH", "/api/v1/projects/{id}", "{\"status\": \"completed\"}", canary_project);
		same_as_unknown(w, "DELETE", "/api/v1/projects/{id}", NULL, canary_project);
		same_as_unknown(w, "PATCH", "/api/v1/applications/{id}",
				"{\"outcome\": \"approved\", \"decided\": \"2024-02-01\"}", canary_application);
		same_as_unknown(w, "PATCH", "/api/v1/memberships/{id}", "{\"status\": \"lapsed\", \"date\": \"2024-02-01\"}",
				canary_membership);
		char body_tmpl[256];
		snprintf(body_tmpl, sizeof body_tmpl,
			 "{\"title_en\": \"Probe\", \"visibility\": \"public\", \"orgs\": [{\"org_id\": {id},"
			 " \"role\": \"funding\"}, {\"org_id\": %lld, \"role\": \"implementing\"}]}",
			 v == OTHER_EDITOR ? awec : lso);
		same_as_unknown(w, "POST", "/api/v1/projects", body_tmpl, canary_org);
		same_as_unknown(w, "POST", "/api/v1/orgs",
				"{\"name_en\": \"Probe\", \"kind\": \"cso\", \"parent_id\": {id}}", canary_org);
	}
	report_problems();

	/* The refused writes changed nothing. */
	json_t *org_after = admin_json("GET", org_path, "X-Access-Reason: " REASON "\r\n", NULL, 200);
	json_t *project_after = admin_json("GET", project_path, "X-Access-Reason: " REASON "\r\n", NULL, 200);
	assert_true(json_equal(org_before, org_after));
	assert_true(json_equal(project_before, project_after));
	json_decref(org_before);
	json_decref(org_after);
	json_decref(project_before);
	json_decref(project_after);
}

/* The count of a sector in the place answer, for projects or organizations. */
static long long sector_count(const char *token, const char *pcode, const char *sector, const char *what)
{
	char path[64];
	snprintf(path, sizeof path, "/api/v1/places/%s", pcode);
	HttpAnswer a;
	send_with(token, NULL, "GET", path, NULL, &a);
	assert_int_equal(a.status, 200);
	json_t *j = json_loadb(a.body, a.body_len, 0, NULL);
	http_answer_free(&a);
	long long n = 0;
	size_t i;
	json_t *row;
	json_array_foreach(json_object_get(j, "sectors"), i, row) {
		if (strcmp(json_string_value(json_object_get(row, "sector")), sector) == 0)
			n = (long long)json_integer_value(json_object_get(row, what));
	}
	json_decref(j);
	return n;
}

static long long list_total(const char *token, const char *extra, const char *path)
{
	HttpAnswer a;
	send_with(token, extra, "GET", path, NULL, &a);
	assert_int_equal(a.status, 200);
	json_t *j = json_loadb(a.body, a.body_len, 0, NULL);
	http_answer_free(&a);
	long long n = (long long)json_integer_value(json_object_get(j, "total"));
	json_decref(j);
	return n;
}

/* GETs a page as the owner; true when the marker is in it. */
static bool owner_sees(const char *path)
{
	HttpAnswer a;
	send_with(owner_token, NULL, "GET", path, NULL, &a);
	bool seen = a.status == 200 && strstr(a.body, MARKER) != NULL;
	http_answer_free(&a);
	return seen;
}

static void test_the_owner_sees_them_and_their_counts(void **state)
{
	(void)state;
	assert_int_equal(server_add_user(&server, "editor-owner", "editor", canary_org, PASSWORD, owner_token,
					 sizeof owner_token),
			 0);
	char path[128];
	snprintf(path, sizeof path, "/orgs/%lld", canary_org);
	assert_true(owner_sees(path));
	snprintf(path, sizeof path, "/projects/%lld", canary_project);
	assert_true(owner_sees(path));
	snprintf(path, sizeof path, "/api/v1/orgs/%lld", canary_org);
	assert_true(owner_sees(path));
	snprintf(path, sizeof path, "/api/v1/projects/%lld", canary_project);
	assert_true(owner_sees(path));
	snprintf(path, sizeof path, "/orgs/%lld", unwomen);
	assert_true(owner_sees(path)); /* the funder's page lists the project */
	assert_true(owner_sees("/search?q=" MARKER_QUERY));
	assert_true(owner_sees("/search?q=qalatnaw"));
	assert_true(owner_sees("/api/v1/search?q=safehouse"));
	assert_true(owner_sees("/projects?district=AF2401"));
	assert_true(owner_sees("/orgs?sector=PROTECTION"));

	/* The counts the other viewers saw unchanged do count the records for
	 * their owner: they would have shown a leak. (Compared with the
	 * ministry, signed in as the owner is, so members records count alike.) */
	const char *ministry = viewers[MINISTRY].token;
	assert_int_equal(sector_count(owner_token, "AF2401", "PROTECTION", "projects"),
			 sector_count(ministry, "AF2401", "PROTECTION", "projects") + 1);
	assert_int_equal(sector_count(owner_token, "AF24", "GBV", "organizations"),
			 sector_count(ministry, "AF24", "GBV", "organizations") + 1);
	assert_int_equal(list_total(owner_token, NULL, "/api/v1/orgs?limit=1"),
			 list_total(ministry, NULL, "/api/v1/orgs?limit=1") + 1);
	assert_int_equal(list_total(owner_token, NULL, "/api/v1/projects?district=AF2401&limit=1"),
			 list_total(ministry, NULL, "/api/v1/projects?district=AF2401&limit=1") + 1);
	for (int v = 0; v < VIEWER_COUNT; v++) {
		assert_int_equal(sector_count(viewers[v].token, "AF2401", "PROTECTION", "projects") + 1,
				 sector_count(owner_token, "AF2401", "PROTECTION", "projects"));
		assert_int_equal(list_total(viewers[v].token, NULL, "/api/v1/orgs?province=AF24&limit=1") + 1,
				 list_total(owner_token, NULL, "/api/v1/orgs?province=AF24&limit=1"));
	}
}

/* Rows of restricted_read for a login, an entity and a reason. */
static long long reads_logged(const char *login, const char *entity, long long id, const char *reason)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;
	long long n = -1;
	if (sqlite3_open_v2(server.db, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
		goto done;
	sqlite3_busy_timeout(db, 5000);
	if (sqlite3_prepare_v2(db,
			       "SELECT count(*) FROM restricted_read WHERE login = ?1 AND entity = ?2"
			       " AND entity_id = ?3 AND (?4 IS NULL OR reason = ?4)",
			       -1, &st, NULL) != SQLITE_OK)
		goto done;
	sqlite3_bind_text(st, 1, login, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, entity, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, id);
	if (reason)
		sqlite3_bind_text(st, 4, reason, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, 4);
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
done:
	if (n < 0)
		fprintf(stderr, "restricted_read: %s\n", db ? sqlite3_errmsg(db) : "cannot open");
	sqlite3_finalize(st);
	sqlite3_close(db);
	return n;
}

static void test_a_stated_reason_opens_them_and_is_logged(void **state)
{
	(void)state;
	/* Everything the coordinator read so far was without a reason: nothing logged. */
	assert_int_equal(reads_logged("coord", "org", canary_org, NULL), 0);
	assert_int_equal(reads_logged("coord", "project", canary_project, NULL), 0);

	const char *coord = viewers[COORD].token;
	char path[160];
	HttpAnswer a;
	snprintf(path, sizeof path, "/orgs/%lld?reason=protection+case+review+17", canary_org);
	send_with(coord, NULL, "GET", path, NULL, &a);
	assert_int_equal(a.status, 200);
	assert_non_null(strstr(a.body, MARKER " Qalatnaw Haven Society"));
	http_answer_free(&a);
	snprintf(path, sizeof path, "/api/v1/projects/%lld", canary_project);
	send_with(coord, "X-Access-Reason: " REASON "\r\n", "GET", path, NULL, &a);
	assert_int_equal(a.status, 200);
	assert_non_null(strstr(a.body, MARKER " house by the river"));
	http_answer_free(&a);
	assert_true(reads_logged("coord", "org", canary_org, REASON) >= 1);
	assert_true(reads_logged("coord", "project", canary_project, REASON) >= 1);

	/* A blank reason is no reason; the ministry may not open them with one. */
	send_with(coord, "X-Access-Reason:    \r\n", "GET", path, NULL, &a);
	assert_int_equal(a.status, 404);
	http_answer_free(&a);
	send_with(viewers[MINISTRY].token, "X-Access-Reason: " REASON "\r\n", "GET", path, NULL, &a);
	assert_int_equal(a.status, 404);
	assert_null(strstr(a.body, MARKER));
	http_answer_free(&a);
	assert_int_equal(reads_logged("ministry", "project", canary_project, NULL), 0);
}

static void test_records_naming_it_do_not_give_it_away(void **state)
{
	(void)state;
	/* A public organization under the restricted one, registered by it,
	 * and a public project it funds; made by the admin with a reason. */
	char body[512];
	snprintf(body, sizeof body,
		 "{\"name_en\": \"Daykundi shelter volunteers\", \"kind\": \"cso\", \"visibility\": \"public\","
		 " \"parent_id\": %lld, \"registration\": {\"authority_id\": %lld, \"number\": \"77\"}}",
		 canary_org, canary_org);
	json_t *child = admin_json("POST", "/api/v1/orgs", "X-Access-Reason: " REASON "\r\n", body, 201);
	long long child_id = id_of(child);
	json_decref(child);
	snprintf(body, sizeof body,
		 "{\"title_en\": \"Hotline for women in Nili\", \"visibility\": \"public\","
		 " \"orgs\": [{\"org_id\": %lld, \"role\": \"implementing\"}, {\"org_id\": %lld, \"role\": \"funding\"}]}",
		 lso, canary_org);
	json_t *funded = admin_json("POST", "/api/v1/projects", "X-Access-Reason: " REASON "\r\n", body, 201);
	long long funded_id = id_of(funded);
	json_decref(funded);

	char id_text[32];
	snprintf(id_text, sizeof id_text, "%lld", canary_org);
	char paths[6][96];
	snprintf(paths[0], sizeof paths[0], "/api/v1/orgs/%lld", child_id);
	snprintf(paths[1], sizeof paths[1], "/orgs/%lld", child_id);
	snprintf(paths[2], sizeof paths[2], "/orgs/%lld/edit", child_id);
	snprintf(paths[3], sizeof paths[3], "/api/v1/projects/%lld", funded_id);
	snprintf(paths[4], sizeof paths[4], "/projects/%lld", funded_id);
	snprintf(paths[5], sizeof paths[5], "/api/v1/orgs?q=shelter%%20volunteers");
	problems_reset();
	for (int v = 0; v < VIEWER_COUNT; v++)
		for (size_t i = 0; i < 6; i++) {
			HttpAnswer a;
			send_with(viewers[v].token, NULL, "GET", paths[i], NULL, &a);
			/* the edit form: visitors meet the sign-in wall, another
			 * organization's editor is refused it */
			int expected = i != 2 ? 200 : v == ANON ? 401 : v == OTHER_EDITOR ? 403 : 200;
			if (a.status != expected)
				problem("GET %s as %s: %d", paths[i], viewers[v].name, a.status);
			json_t *j = strncmp(paths[i], "/api/", 5) == 0 ? json_loadb(a.body, a.body_len, 0, NULL) : NULL;
			json_t *rec = json_object_get(j, "items") ? json_array_get(json_object_get(j, "items"), 0) : j;
			if (rec && (json_integer_value(json_object_get(rec, "parent_id")) == canary_org ||
				    json_integer_value(json_object_get(json_object_get(rec, "registration"),
								       "authority_id")) == canary_org))
				problem("GET %s as %s: names the restricted organization %s", paths[i],
					viewers[v].name, id_text);
			size_t k;
			json_t *po;
			json_array_foreach(json_object_get(rec, "orgs"), k, po) {
				if (json_integer_value(json_object_get(po, "org_id")) == canary_org)
					problem("GET %s as %s: names the restricted funder", paths[i], viewers[v].name);
			}
			char link[48];
			snprintf(link, sizeof link, "/orgs/%lld\"", canary_org);
			if (strstr(a.body, MARKER) || strstr(a.body, link))
				problem("GET %s as %s: shows or links the restricted organization", paths[i],
					viewers[v].name);
			json_decref(j);
			http_answer_free(&a);
		}
	report_problems();

	/* The owner sees the tie. */
	HttpAnswer a;
	send_with(owner_token, NULL, "GET", paths[0], NULL, &a);
	json_t *j = json_loadb(a.body, a.body_len, 0, NULL);
	assert_int_equal(json_integer_value(json_object_get(j, "parent_id")), canary_org);
	json_decref(j);
	http_answer_free(&a);

	/* The ministry can still change the organization, and what it could
	 * not see is kept. */
	HttpAnswer patch;
	send_with(viewers[MINISTRY].token, NULL, "PATCH", paths[0], "{\"staff_total\": 12}", &patch);
	assert_int_equal(patch.status, 200);
	http_answer_free(&patch);
	j = admin_json("GET", paths[0], "X-Access-Reason: " REASON "\r\n", NULL, 200);
	assert_int_equal(json_integer_value(json_object_get(j, "staff_total")), 12);
	assert_int_equal(json_integer_value(json_object_get(j, "parent_id")), canary_org);
	assert_int_equal(json_integer_value(json_object_get(json_object_get(j, "registration"), "authority_id")),
			 canary_org);
	json_decref(j);
}

/* ---- downloads ---- */

/* The text inside a workbook (every part unzipped, joined), malloc'd;
 * NULL when the body is not a zip that unzip reads. */
static char *workbook_text(const HttpAnswer *a)
{
	char path[] = "/tmp/hamahang-canary-XXXXXX";
	int fd = mkstemp(path);
	if (fd < 0)
		return NULL;
	FILE *f = fdopen(fd, "wb");
	bool written = f && fwrite(a->body, 1, a->body_len, f) == a->body_len;
	if (f)
		fclose(f);
	char *text = NULL;
	if (written) {
		char cmd[128];
		snprintf(cmd, sizeof cmd, "unzip -p %s", path);
		FILE *p = popen(cmd, "r");
		size_t len = 0, cap = 1 << 20;
		text = p ? malloc(cap + 1) : NULL;
		size_t n;
		while (text && (n = fread(text + len, 1, cap - len, p)) > 0) {
			len += n;
			if (len == cap) {
				cap *= 2;
				text = realloc(text, cap + 1);
			}
		}
		int status = p ? pclose(p) : -1;
		if (text)
			text[len] = '\0';
		if (status != 0 || len == 0) {
			free(text);
			text = NULL;
		}
	}
	unlink(path);
	return text;
}

/* Whether the marker is in a download of path (a workbook is unzipped);
 * the answer must be 200 with a file name. */
static bool download_has_marker(const char *token, const char *extra, const char *path, const char *who)
{
	HttpAnswer a;
	send_with(token, extra, "GET", path, NULL, &a);
	if (a.status != 200 || !http_answer_header(&a, "Content-Disposition"))
		fail_msg("GET %s as %s: %d, wanted a file", path, who, a.status);
	bool found;
	if (strstr(path, "format=xlsx")) {
		char *text = workbook_text(&a);
		if (!text)
			fail_msg("GET %s as %s: not a workbook", path, who);
		found = strstr(text, MARKER) != NULL;
		free(text);
	} else {
		found = memmem(a.body, a.body_len, MARKER, strlen(MARKER)) != NULL;
	}
	http_answer_free(&a);
	return found;
}

static void test_downloads_leak_nothing(void **state)
{
	(void)state;
	static const char *const paths[] = {
		"/export?format=xlsx", "/export?format=xlsx&kind=projects&province=AF24",
		"/export?format=xlsx&kind=orgs&sector=PROTECTION", "/export?format=csv&district=AF2401",
		"/export?format=hxl&kind=orgs", "/export?format=json&q=qalatnaw", "/export?format=iati&sector=GBV",
	};
	problems_reset();
	for (int v = 0; v < VIEWER_COUNT; v++)
		for (size_t i = 0; i < sizeof paths / sizeof *paths; i++)
			if (download_has_marker(viewers[v].token, NULL, paths[i], viewers[v].name))
				problem("GET %s as %s: the marker is in the file", paths[i], viewers[v].name);
	report_problems();

	/* The other side: the owner's files hold the records, in every format,
	 * so the checks above could see a leak. */
	for (size_t i = 0; i < sizeof paths / sizeof *paths; i++)
		if (!download_has_marker(owner_token, NULL, paths[i], "the owner"))
			problem("GET %s as the owner: the marker is not in the file", paths[i]);
	report_problems();

	/* A coordinator who states a reason gets them, and the read is logged. */
	long long before = reads_logged("coord", "project", canary_project, "export review");
	assert_true(download_has_marker(viewers[COORD].token, NULL,
					"/export?format=json&reason=export+review", "a coordinator with a reason"));
	assert_true(reads_logged("coord", "project", canary_project, "export review") > before);

	/* The command line reads as the account named, anonymous by default. */
	static char out[1 << 20];
	const char *anon[] = {"export", "--db", server.db, "--format", "hxl", NULL};
	assert_int_equal(run_binary(anon, out, sizeof out), 0);
	assert_non_null(strstr(out, "#adm1+code"));
	assert_null(strstr(out, MARKER));
	const char *other[] = {"export", "--db", server.db, "--format", "json", "--as", "editor-b", NULL};
	assert_int_equal(run_binary(other, out, sizeof out), 0);
	assert_null(strstr(out, MARKER));
	const char *owner[] = {"export", "--db", server.db, "--format", "iati", "--as", "editor-owner", NULL};
	assert_int_equal(run_binary(owner, out, sizeof out), 0);
	assert_non_null(strstr(out, MARKER " Qalatnaw safehouse for women"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_restricted_records_leak_nowhere),
		cmocka_unit_test(test_restricted_records_answer_as_unknown_ones),
		cmocka_unit_test(test_the_owner_sees_them_and_their_counts),
		cmocka_unit_test(test_a_stated_reason_opens_them_and_is_logged),
		cmocka_unit_test(test_records_naming_it_do_not_give_it_away),
		cmocka_unit_test(test_downloads_leak_nothing),
	};
	return cmocka_run_group_tests(tests, start, stop);
}
