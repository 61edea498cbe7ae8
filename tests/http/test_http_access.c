/*
 * test_http_access.c — the access matrix: every route the server answers,
 * as `hamahang routes` prints it, against every role (anonymous, an editor
 * of organization A, an editor of organization B, coordinator, ministry,
 * admin), with the status each must get.
 *
 * The table below holds one row per route; a route printed by `routes`
 * and missing from it, or a row for a route no longer printed, fails the
 * test, so a new route cannot arrive without its expectations. A path's
 * {id} is a real record (organization A for organization routes, a public
 * project of A for project routes, a fresh record for each DELETE), and a
 * write carries a valid body, so a status says who may, not what is wrong
 * with the input. Pages are asked with a session cookie (and its CSRF
 * token in form posts), the API with a personal token.
 *
 * Every write is checked by its effect as well as by its status: a refused
 * one leaves the record (or the count) exactly as it was, an allowed one
 * changes it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "http_client.h"
#include "server_proc.h"

#define PASSWORD      "a long enough passphrase"
#define PASSWORD_FORM "a+long+enough+passphrase"
#define FORM_TYPE     "application/x-www-form-urlencoded"
#define JSON_TYPE     "application/json"

typedef enum RoleIndex { ANON, EDITOR_A, EDITOR_B, COORD, MINISTRY, ADMIN, ROLE_COUNT } RoleIndex;

/* One role as the test acts it. */
typedef struct Who {
	const char *name;   /* for messages */
	const char *login;  /* NULL for anonymous */
	const char *role;   /* as `user add --role` takes it */
	char token[128];    /* personal API token; "" for anonymous */
	char cookie[128];   /* "hh_session=..." of a signed-in session; "" for anonymous */
	char csrf[64];      /* that session's CSRF token */
} Who;

static Who who[ROLE_COUNT] = {
	{.name = "anonymous"},
	{.name = "editor of A", .login = "editor-a", .role = "editor"},
	{.name = "editor of B", .login = "editor-b", .role = "editor"},
	{.name = "coordinator", .login = "coord", .role = "coordinator"},
	{.name = "ministry", .login = "ministry", .role = "ministry"},
	{.name = "admin", .login = "admin", .role = "admin"},
};

/* What a route does, so the test knows what body to send and what effect to check. */
typedef enum Action {
	READ,           /* GET: the status is all */
	LOGIN,          /* POST /login with the role's own login (the admin's for anonymous) */
	LOGOUT,         /* POST /logout: the session no longer works afterwards */
	ORG_FORM_NEW,   /* form post creating an organization */
	ORG_FORM_EDIT,  /* form post updating organization A */
	PROJECT_FORM_NEW,
	PROJECT_FORM_EDIT,
	ORG_NEW,        /* JSON API */
	ORG_PATCH,
	ORG_DELETE,     /* of a fresh organization */
	PROJECT_NEW,
	PROJECT_PATCH,
	PROJECT_DELETE, /* of a fresh project of A */
	/* Reports, obligations and status changes: a refused write leaves the
	 * record as it was, an allowed one changes it. */
	REPORT_NEW,         /* JSON: a draft report of A */
	REPORT_FORM_NEW,    /* form: a draft report of A */
	REPORT_PATCH,       /* JSON: the summary of report A (a draft) */
	REPORT_SUBMIT,      /* JSON: submits a fresh draft of A */
	REPORT_FORM_SUBMIT, /* form: submits a fresh draft of A */
	REPORT_ACCEPT,      /* JSON: accepts a fresh submitted report of A */
	REPORT_RETURN,      /* JSON: returns one, with comments */
	REPORT_FORM_REVIEW, /* form: returns one, with comments */
	OBLIGATION_PUT,     /* JSON: A's reporting obligation */
	STATUS_CHANGE,      /* JSON: a status change of A, with a reason */
	STATUS_FORM,        /* form: the same */
	MEETING_FORM_NEW, /* form post recording a meeting convened by A */
	MEETING_NEW,    /* the same through the API */
	FOLLOW_FORM,    /* form post following up a recommendation of A's meeting */
	FOLLOW_PATCH,   /* the same through the API */
	MEMBERSHIP_NEW, /* a fresh organization joins A (A is the body) */
	APPLICATION_NEW, /* A applies to its registration authority */
	SCHEDULE_PUT,   /* A's meeting schedule (A as a body) */
	SERVICES_PUT,   /* the services A offers its members */
	DEDUP_DECIDE,   /* form: a decision on the pair A and B as organizations, its note the cell's */
	REPORT_FORM_EDIT,        /* form: corrects report A (a draft) */
	MEMBERSHIP_FORM_NEW,     /* form: a fresh organization joins A (A is the body) */
	MEMBERSHIP_FORM_STATUS,  /* form: a new status of a membership in A */
	APPLICATION_FORM_NEW,    /* form: A applies to its registration authority */
	APPLICATION_FORM_DECIDE, /* form: the decision on a fresh application of A */
	APPLICATION_DECIDE,      /* the same through the API */
	MEMBERSHIP_PATCH,        /* a new status of a membership in A, through the API */
	MERGE_FORM_GET, /* the confirm step of merging A and B: read only */
	MERGE_FORM,     /* form: a fresh organization merged into another fresh one */
	ORG_MERGE,      /* JSON: the same through the API */
	PROJECT_MERGE,  /* JSON: a fresh project of A merged into another */
	UNMERGE_FORM,   /* form: undoes the merge of a fresh organization into another */
	ORG_UNMERGE,    /* JSON: the same through the API */
	PROJECT_UNMERGE, /* JSON: undoes the merge of a fresh project of A into another */
	/* the imports stay last: run_cell counts projects for every action from IMPORT_UPLOAD on */
	IMPORT_UPLOAD,  /* multipart upload of a one-row CSV naming A: a dry run, nothing written */
	IMPORT_PREVIEW, /* the dry run again, on the role's own upload */
	IMPORT_RUN      /* the import of the role's own upload: a project of A */
} Action;

/* One row of the matrix. */
typedef struct Expect {
	const char *method;
	const char *pattern;        /* as `routes` prints it */
	const char *perm;           /* as `routes` prints it */
	const char *csrf;           /* "csrf" or "-", as `routes` prints it */
	const char *query;          /* appended to the path, or NULL */
	Action action;
	int status[ROLE_COUNT];     /* anonymous, editor A, editor B, coordinator, ministry, admin */
} Expect;

#define ALL(s)         {s, s, s, s, s, s}
#define SIGNED_IN(s)   {401, s, s, s, s, s}

static const Expect MATRIX[] = {
	{"GET", "/healthz", "public", "-", NULL, READ, ALL(200)},
	{"GET", "/login", "public", "-", NULL, READ, ALL(200)},
	{"POST", "/login", "public", "csrf", NULL, LOGIN, ALL(303)},
	{"POST", "/logout", "signed_in", "csrf", NULL, LOGOUT, SIGNED_IN(303)},

	{"GET", "/", "public", "-", NULL, READ, ALL(200)},
	{"GET", "/orgs", "public", "-", NULL, READ, ALL(200)},
	/* The forms open to every account; the service decides on saving. */
	{"GET", "/orgs/new", "edit", "-", NULL, READ, SIGNED_IN(200)},
	/* Editors change their organizations; they do not create any. */
	{"POST", "/orgs", "edit", "csrf", NULL, ORG_FORM_NEW, {401, 403, 403, 303, 303, 303}},
	{"GET", "/orgs/{id}", "public", "-", NULL, READ, ALL(200)},
	{"GET", "/orgs/{id}/edit", "edit", "-", NULL, READ, {401, 200, 403, 200, 200, 200}},
	{"POST", "/orgs/{id}", "edit", "csrf", NULL, ORG_FORM_EDIT, {401, 303, 403, 303, 303, 303}},
	{"GET", "/projects", "public", "-", NULL, READ, ALL(200)},
	{"GET", "/projects/new", "edit", "-", NULL, READ, SIGNED_IN(200)},
	{"POST", "/projects", "edit", "csrf", NULL, PROJECT_FORM_NEW, {401, 303, 403, 303, 303, 303}},
	{"GET", "/projects/{id}", "public", "-", NULL, READ, ALL(200)},
	{"GET", "/projects/{id}/edit", "edit", "-", NULL, READ, {401, 200, 403, 200, 200, 200}},
	{"POST", "/projects/{id}", "edit", "csrf", NULL, PROJECT_FORM_EDIT, {401, 303, 403, 303, 303, 303}},
	{"GET", "/places", "public", "-", NULL, READ, ALL(200)},
	{"GET", "/places/{pcode}", "public", "-", NULL, READ, ALL(200)},
	{"GET", "/search", "public", "-", "?q=labor", READ, ALL(200)},
	{"GET", "/orgs/{id}/history", "public", "-", NULL, READ, ALL(200)},
	{"GET", "/projects/{id}/history", "public", "-", NULL, READ, ALL(200)},
	{"GET", "/audit", "admin", "-", NULL, READ, {401, 403, 403, 403, 403, 200}},

	{"GET", "/api/v1/orgs", "public", "-", NULL, READ, ALL(200)},
	{"POST", "/api/v1/orgs", "edit", "-", NULL, ORG_NEW, {401, 403, 403, 201, 201, 201}},
	{"GET", "/api/v1/orgs/{id}", "public", "-", NULL, READ, ALL(200)},
	{"PATCH", "/api/v1/orgs/{id}", "edit", "-", NULL, ORG_PATCH, {401, 200, 403, 200, 200, 200}},
	{"DELETE", "/api/v1/orgs/{id}", "edit", "-", NULL, ORG_DELETE, {401, 403, 403, 204, 204, 204}},
	{"GET", "/api/v1/projects", "public", "-", NULL, READ, ALL(200)},
	/* ?confirm_new=1: the matrix's projects are alike on purpose (see test_http_similar_api.c) */
	{"POST", "/api/v1/projects", "edit", "-", "?confirm_new=1", PROJECT_NEW, {401, 201, 403, 201, 201, 201}},
	{"GET", "/api/v1/projects/{id}", "public", "-", NULL, READ, ALL(200)},
	{"PATCH", "/api/v1/projects/{id}", "edit", "-", "?confirm_new=1", PROJECT_PATCH, {401, 200, 403, 200, 200, 200}},
	{"DELETE", "/api/v1/projects/{id}", "edit", "-", NULL, PROJECT_DELETE, {401, 204, 403, 204, 204, 204}},
	{"GET", "/api/v1/places/resolve", "public", "-", "?q=Nili", READ, ALL(200)},
	{"GET", "/api/v1/places/{pcode}", "public", "-", NULL, READ, ALL(200)},
	{"GET", "/api/v1/search", "public", "-", "?q=labor", READ, ALL(200)},
	{"GET", "/api/v1/openapi.json", "public", "-", NULL, READ, ALL(200)},

	/* Reports: editors of the organization write and submit, ministry
	 * reviewers and admins accept and return; a report is read by its
	 * organization's editors, coordinators, reviewers and admins (404 for
	 * the others: it is not theirs to know of). */
	{"GET", "/compliance", "coordinate", "-", NULL, READ, {401, 403, 403, 200, 200, 200}},
	{"GET", "/compliance/overdue.csv", "coordinate", "-", NULL, READ, {401, 403, 403, 200, 200, 200}},
	{"GET", "/reports/{id}", "signed_in", "-", NULL, READ, {401, 200, 404, 200, 200, 200}},
	{"POST", "/reports/{id}/submit", "edit", "csrf", NULL, REPORT_FORM_SUBMIT, {401, 303, 404, 403, 403, 303}},
	/* Correcting a draft or returned report: its organization's editors and admins. */
	{"GET", "/reports/{id}/edit", "edit", "-", NULL, READ, {401, 200, 404, 403, 403, 200}},
	{"POST", "/reports/{id}", "edit", "csrf", NULL, REPORT_FORM_EDIT, {401, 303, 404, 403, 403, 303}},
	{"POST", "/reports/{id}/review", "coordinate", "csrf", NULL, REPORT_FORM_REVIEW, {401, 403, 403, 403, 303, 303}},
	{"GET", "/orgs/{id}/reports/new", "edit", "-", NULL, READ, SIGNED_IN(200)},
	{"POST", "/orgs/{id}/reports", "edit", "csrf", NULL, REPORT_FORM_NEW, {401, 303, 403, 403, 403, 303}},
	{"POST", "/orgs/{id}/status", "coordinate", "csrf", NULL, STATUS_FORM, {401, 403, 403, 403, 303, 303}},
	{"GET", "/api/v1/reports", "signed_in", "-", NULL, READ, SIGNED_IN(200)},
	{"POST", "/api/v1/reports", "edit", "-", NULL, REPORT_NEW, {401, 201, 403, 403, 403, 201}},
	{"GET", "/api/v1/reports/{id}", "signed_in", "-", NULL, READ, {401, 200, 404, 200, 200, 200}},
	{"PATCH", "/api/v1/reports/{id}", "edit", "-", NULL, REPORT_PATCH, {401, 200, 404, 403, 403, 200}},
	{"POST", "/api/v1/reports/{id}/submit", "edit", "-", NULL, REPORT_SUBMIT, {401, 200, 404, 403, 403, 200}},
	{"POST", "/api/v1/reports/{id}/accept", "coordinate", "-", NULL, REPORT_ACCEPT, {401, 403, 403, 403, 200, 200}},
	{"POST", "/api/v1/reports/{id}/return", "coordinate", "-", NULL, REPORT_RETURN, {401, 403, 403, 403, 200, 200}},
	{"GET", "/api/v1/orgs/{id}/obligation", "public", "-", NULL, READ, ALL(200)},
	{"PUT", "/api/v1/orgs/{id}/obligation", "coordinate", "-", NULL, OBLIGATION_PUT, {401, 403, 403, 403, 200, 200}},
	{"GET", "/api/v1/orgs/{id}/status", "public", "-", NULL, READ, ALL(200)},
	{"POST", "/api/v1/orgs/{id}/status", "coordinate", "-", NULL, STATUS_CHANGE, {401, 403, 403, 403, 201, 201}},
	{"GET", "/api/v1/compliance", "coordinate", "-", NULL, READ, {401, 403, 403, 200, 200, 200}},

	/* Coordination: a meeting is recorded by its convener's editors, coordinators and
	 * admins; its recommendations are followed up by those and by ministry reviewers
	 * (and the addressee's editors); a body's editors record its members; an
	 * applicant's editors and ministry reviewers record applications. */
	{"GET", "/meetings", "public", "-", NULL, READ, ALL(200)},
	{"GET", "/meetings/new", "edit", "-", NULL, READ, SIGNED_IN(200)},
	{"POST", "/meetings", "edit", "csrf", NULL, MEETING_FORM_NEW, {401, 303, 403, 303, 403, 303}},
	{"GET", "/meetings/{id}", "public", "-", NULL, READ, ALL(200)},
	{"POST", "/recommendations/{id}", "edit", "csrf", NULL, FOLLOW_FORM, {401, 303, 403, 303, 303, 303}},
	{"GET", "/permits", "public", "-", NULL, READ, ALL(200)},
	{"GET", "/permits/new", "edit", "-", NULL, READ, SIGNED_IN(200)},
	{"POST", "/permits", "edit", "csrf", NULL, APPLICATION_FORM_NEW, {401, 303, 403, 303, 303, 303}},
	{"GET", "/permits/{id}/decision", "edit", "-", NULL, READ, {401, 200, 403, 200, 200, 200}},
	{"POST", "/permits/{id}/decision", "edit", "csrf", NULL, APPLICATION_FORM_DECIDE, {401, 303, 403, 303, 303, 303}},
	{"PATCH", "/api/v1/applications/{id}", "edit", "-", NULL, APPLICATION_DECIDE, {401, 200, 403, 200, 200, 200}},
	/* The memberships page is for every account; a body's editors,
	 * coordinators and admins write the body's members. */
	{"GET", "/orgs/{id}/memberships", "edit", "-", NULL, READ, SIGNED_IN(200)},
	{"POST", "/orgs/{id}/memberships", "edit", "csrf", NULL, MEMBERSHIP_FORM_NEW, {401, 303, 403, 303, 403, 303}},
	{"POST", "/memberships/{id}", "edit", "csrf", NULL, MEMBERSHIP_FORM_STATUS, {401, 303, 403, 303, 403, 303}},
	{"GET", "/api/v1/meetings", "public", "-", NULL, READ, ALL(200)},
	{"POST", "/api/v1/meetings", "edit", "-", NULL, MEETING_NEW, {401, 201, 403, 201, 403, 201}},
	{"GET", "/api/v1/meetings/{id}", "public", "-", NULL, READ, ALL(200)},
	{"PATCH", "/api/v1/recommendations/{id}", "edit", "-", NULL, FOLLOW_PATCH, {401, 200, 403, 200, 200, 200}},
	{"GET", "/api/v1/orgs/{id}/memberships", "public", "-", NULL, READ, ALL(200)},
	{"POST", "/api/v1/memberships", "edit", "-", NULL, MEMBERSHIP_NEW, {401, 201, 403, 201, 403, 201}},
	{"PATCH", "/api/v1/memberships/{id}", "edit", "-", NULL, MEMBERSHIP_PATCH, {401, 200, 403, 200, 403, 200}},
	{"GET", "/api/v1/applications", "public", "-", NULL, READ, ALL(200)},
	{"POST", "/api/v1/applications", "edit", "-", NULL, APPLICATION_NEW, {401, 201, 403, 201, 201, 201}},
	{"GET", "/orgs/{id}/highlights", "public", "-", NULL, READ, ALL(200)},
	{"PUT", "/api/v1/orgs/{id}/schedule", "edit", "-", NULL, SCHEDULE_PUT, {401, 200, 403, 200, 403, 200}},
	{"PUT", "/api/v1/orgs/{id}/services", "edit", "-", NULL, SERVICES_PUT, {401, 200, 403, 200, 403, 200}},

	/* Downloads are open to all; what each reader gets is decided in the service. */
	{"GET", "/export", "public", "-", "?format=csv", READ, ALL(200)},
	{"GET", "/coverage", "public", "-", "?province=AF24", READ, ALL(200)},
	{"GET", "/api/v1/projects/similar", "public", "-", "?title=labor+rights", READ, ALL(200)},

	/* The review of likely duplicates: coordinators, the ministry and admins. */
	{"GET", "/review/duplicates", "coordinate", "-", NULL, READ, {401, 403, 403, 200, 200, 200}},
	{"POST", "/review/duplicates", "coordinate", "csrf", NULL, DEDUP_DECIDE, {401, 403, 403, 303, 303, 303}},
	/* Merging moves what other organizations own: coordinators and admins
	 * only, as for meetings and memberships; the ministry reviews, it does
	 * not merge. */
	{"GET", "/review/duplicates/merge", "coordinate", "-", NULL, MERGE_FORM_GET, {401, 403, 403, 200, 403, 200}},
	{"POST", "/review/duplicates/merge", "coordinate", "csrf", NULL, MERGE_FORM, {401, 403, 403, 303, 403, 303}},
	{"POST", "/api/v1/orgs/{id}/merge", "coordinate", "-", NULL, ORG_MERGE, {401, 403, 403, 200, 403, 200}},
	{"POST", "/api/v1/projects/{id}/merge", "coordinate", "-", NULL, PROJECT_MERGE, {401, 403, 403, 200, 403, 200}},
	/* Undoing a merge: the same roles as merging. */
	{"POST", "/review/duplicates/unmerge", "coordinate", "csrf", NULL, UNMERGE_FORM, {401, 403, 403, 303, 403, 303}},
	{"POST", "/api/v1/orgs/{id}/unmerge", "coordinate", "-", NULL, ORG_UNMERGE, {401, 403, 403, 200, 403, 200}},
	{"POST", "/api/v1/projects/{id}/unmerge", "coordinate", "-", NULL, PROJECT_UNMERGE, {401, 403, 403, 200, 403, 200}},
	/* Importing a file: every writer may upload; a row is written only when
	 * the writer may write it (checked by its effect below). */
	{"GET", "/import", "edit", "-", NULL, READ, SIGNED_IN(200)},
	{"POST", "/import/upload", "edit", "csrf", NULL, IMPORT_UPLOAD, SIGNED_IN(200)},
	{"POST", "/import/preview", "edit", "csrf", NULL, IMPORT_PREVIEW, SIGNED_IN(200)},
	{"POST", "/import", "edit", "csrf", NULL, IMPORT_RUN, SIGNED_IN(200)},
	{"GET", "/import/{upload}/report.csv", "edit", "-", NULL, READ, {401, 404, 404, 404, 404, 404}},
};
#define MATRIX_SIZE (sizeof MATRIX / sizeof MATRIX[0])

static ServerProc server;
static long long org_a, org_b;       /* Labor Spring Organization, AWEC */
static long long authority_a;        /* organization A's registration authority */
static long long project_a;          /* a public project A implements, with places */
static char place_a[16];             /* a P-code of that project */
static long long meeting_a;          /* a meeting A convened, with one recommendation */
static long long recommendation_a;   /* that recommendation */
static long long cell_member;        /* the fresh organization a MEMBERSHIP_NEW cell adds */
static long long report_a;           /* a draft report of A */
static long long application_a;      /* a pending application of A, never decided */
static long long membership_a;       /* a membership in A (A is the body) */
static long long merge_drop;         /* the fresh record a merge cell merges into the fresh {id} */

/* Mismatches found, reported together at the end of a test. */
static char problems[16384];
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

static void report_problems(void)
{
	if (problem_count)
		fail_msg("%zu problems:\n%s", problem_count, problems);
}

/* ---- requests ---- */

static bool is_api(const char *path)
{
	return strncmp(path, "/api/", 5) == 0;
}

/* Sends a request as w: the token for the API, the session cookie for
 * pages; nothing for anonymous. type is the Content-Type or NULL. */
static void send_as(const Who *w, const char *method, const char *path, const char *type,
		    const char *body, HttpAnswer *a)
{
	char headers[1024];
	size_t n = 0;
	headers[0] = '\0';
	if (w->token[0] && is_api(path))
		n += (size_t)snprintf(headers + n, sizeof headers - n, "Authorization: Bearer %s\r\n", w->token);
	if (w->cookie[0] && !is_api(path))
		n += (size_t)snprintf(headers + n, sizeof headers - n, "Cookie: %s\r\n", w->cookie);
	if (type)
		snprintf(headers + n, sizeof headers - n, "Content-Type: %s\r\n", type);
	if (http_request("127.0.0.1", server.port, method, path, headers, body, body ? strlen(body) : 0, a) != 0)
		fail_msg("%s %s as %s: no answer", method, path, w->name);
}

/* The admin's view of a path: the body (caller frees) and the status. */
static char *admin_get(const char *path, int *status)
{
	HttpAnswer a;
	send_as(&who[ADMIN], "GET", path, NULL, NULL, &a);
	*status = a.status;
	char *body = strdup(a.body);
	http_answer_free(&a);
	return body;
}

/* An admin API call that must answer want; returns the JSON (caller decrefs). */
static json_t *admin_json(const char *method, const char *path, const char *body, int want)
{
	HttpAnswer a;
	send_as(&who[ADMIN], method, path, body ? JSON_TYPE : NULL, body, &a);
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

static long long total(const char *path)
{
	json_t *j = admin_json("GET", path, NULL, 200);
	long long n = (long long)json_integer_value(json_object_get(j, "total"));
	json_decref(j);
	return n;
}

/* Signs w in through the login form; keeps the cookie and the CSRF token
 * read from the sign-out form every signed-in page carries. */
static void sign_in(Who *w)
{
	char body[256];
	snprintf(body, sizeof body, "login=%s&password=" PASSWORD_FORM, w->login);
	HttpAnswer a;
	Who nobody = {.name = "anonymous"};
	send_as(&nobody, "POST", "/login", FORM_TYPE, body, &a);
	if (a.status != 303)
		fail_msg("signing in %s: %d", w->login, a.status);
	const char *set = http_answer_header(&a, "Set-Cookie");
	assert_non_null(set);
	snprintf(w->cookie, sizeof w->cookie, "%.*s", (int)strcspn(set, ";"), set);
	http_answer_free(&a);
	send_as(w, "GET", "/", NULL, NULL, &a);
	const char *v = strstr(a.body, "name=\"csrf\" value=\"");
	if (!v)
		fail_msg("no CSRF token on the home page of %s", w->login);
	v += strlen("name=\"csrf\" value=\"");
	snprintf(w->csrf, sizeof w->csrf, "%.*s", (int)strcspn(v, "\""), v);
	http_answer_free(&a);
}

/* ---- importing ---- */

#define BOUNDARY "matrixboundary7"

/* A multipart body uploading a one-row CSV whose project, marked with
 * source, organization A implements. */
static void import_body(const Who *w, const char *source, char *out, size_t size)
{
	snprintf(out, size,
		 "--" BOUNDARY "\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n%s\r\n"
		 "--" BOUNDARY "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"%s.csv\"\r\n"
		 "Content-Type: text/csv\r\n\r\n"
		 "ORG_NAME,ORG_ACRONYM,TITLE,PROVINCE\r\nLabor Spring Organization,LSO,Matrix import %s,Bamyan\r\n"
		 "\r\n--" BOUNDARY "--\r\n",
		 w->csrf, source, source);
}

/* Uploads as w and returns the upload's id from the preview page ("" when refused). */
static void import_upload_id(const Who *w, const char *source, char *id, size_t size)
{
	char body[1024];
	import_body(w, source, body, sizeof body);
	HttpAnswer a;
	send_as(w, "POST", "/import/upload", "multipart/form-data; boundary=" BOUNDARY, body, &a);
	const char *v = a.status == 200 ? strstr(a.body, "name=\"upload\" value=\"") : NULL;
	id[0] = '\0';
	if (v) {
		v += strlen("name=\"upload\" value=\"");
		snprintf(id, size, "%.*s", (int)strcspn(v, "\""), v);
	}
	http_answer_free(&a);
}

/* ---- set-up ---- */

static long long fresh_report(bool submitted);

static int start(void **state)
{
	(void)state;
	if (server_start(&server, 1) != 0)
		return -1;
	/* The admin first: it finds the organizations' ids through the API. */
	if (server_add_user(&server, who[ADMIN].login, "admin", 0, PASSWORD, who[ADMIN].token,
			    sizeof who[ADMIN].token) != 0)
		return -1;
	json_t *j = admin_json("GET", "/api/v1/orgs?q=labor%20spring", NULL, 200);
	json_t *lso = json_array_get(json_object_get(j, "items"), 0);
	const char *acronym = json_string_value(json_object_get(lso, "acronym"));
	if (!acronym || strcmp(acronym, "LSO") != 0)
		return -1;
	org_a = id_of(lso);
	authority_a = (long long)json_integer_value(
		json_object_get(json_object_get(lso, "registration"), "authority_id"));
	json_decref(j);
	j = admin_json("GET", "/api/v1/orgs?q=AWEC", NULL, 200);
	json_t *awec = json_array_get(json_object_get(j, "items"), 0);
	acronym = json_string_value(json_object_get(awec, "acronym"));
	if (!acronym || strcmp(acronym, "AWEC") != 0)
		return -1;
	org_b = id_of(awec);
	json_decref(j);

	char path[512];
	snprintf(path, sizeof path, "/api/v1/projects?org=%lld&limit=100", org_a);
	j = admin_json("GET", path, NULL, 200);
	size_t i;
	json_t *p;
	json_array_foreach(json_object_get(j, "items"), i, p) {
		json_t *places = json_object_get(p, "places");
		if (strcmp(json_string_value(json_object_get(p, "visibility")), "public") == 0 &&
		    json_array_size(places) > 0) {
			project_a = id_of(p);
			snprintf(place_a, sizeof place_a, "%s",
				 json_string_value(json_object_get(json_array_get(places, 0), "pcode")));
			break;
		}
	}
	json_decref(j);
	if (!project_a || org_a == org_b)
		return -1;

	snprintf(path, sizeof path,
		 "{\"convener_id\": %lld, \"topic\": \"Matrix meeting\", \"date\": \"2024-05-01\","
		 " \"recommendations\": [{\"text\": \"Meet again\", \"addressed_kind\": \"cso\"}]}",
		 org_a);
	j = admin_json("POST", "/api/v1/meetings", path, 201);
	meeting_a = id_of(j);
	recommendation_a = id_of(json_array_get(json_object_get(j, "recommendations"), 0));
	json_decref(j);
	if (!meeting_a || !recommendation_a)
		return -1;

	for (int r = EDITOR_A; r < ADMIN; r++) {
		long long org = r == EDITOR_A ? org_a : r == EDITOR_B ? org_b : 0;
		if (server_add_user(&server, who[r].login, who[r].role, org, PASSWORD, who[r].token,
				    sizeof who[r].token) != 0)
			return -1;
	}
	report_a = fresh_report(false);
	snprintf(path, sizeof path,
		 "{\"org_id\": %lld, \"authority_id\": %lld, \"kind\": \"tin\", \"submitted\": \"2024-01-01\"}", org_a,
		 authority_a);
	j = admin_json("POST", "/api/v1/applications", path, 201);
	application_a = id_of(j);
	json_decref(j);
	snprintf(path, sizeof path,
		 "{\"name_en\": \"Matrix member of A\", \"kind\": \"cso\", \"visibility\": \"public\"}");
	j = admin_json("POST", "/api/v1/orgs", path, 201);
	long long member = id_of(j);
	json_decref(j);
	snprintf(path, sizeof path, "{\"org_id\": %lld, \"body_id\": %lld, \"status\": \"applied\"}", member, org_a);
	j = admin_json("POST", "/api/v1/memberships", path, 201);
	membership_a = id_of(j);
	json_decref(j);
	if (!application_a || !membership_a)
		return -1;
	return 0;
}

static int stop(void **state)
{
	(void)state;
	return server_stop(&server) == 0 ? 0 : -1;
}

/* ---- the routes printed by `hamahang routes` ---- */

/* One line of `routes`: "METHOD PATTERN PERM CSRF". */
typedef struct Printed {
	char method[16];
	char pattern[128];
	char perm[32];
	char csrf[16];
} Printed;

static size_t printed_routes(Printed *out, size_t max)
{
	static char text[16384];
	const char *args[] = {"routes", NULL};
	assert_int_equal(run_binary(args, text, sizeof text), 0);
	size_t n = 0;
	char *save = NULL;
	for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		if (!*line)
			continue;
		if (n == max)
			fail_msg("more routes than the test can hold");
		Printed *p = &out[n];
		if (sscanf(line, "%15s %127s %31s %15s", p->method, p->pattern, p->perm, p->csrf) != 4)
			fail_msg("`routes` printed a line the test cannot read: %s", line);
		n++;
	}
	return n;
}

static const Expect *find_expect(const char *method, const char *pattern)
{
	for (size_t i = 0; i < MATRIX_SIZE; i++)
		if (strcmp(MATRIX[i].method, method) == 0 && strcmp(MATRIX[i].pattern, pattern) == 0)
			return &MATRIX[i];
	return NULL;
}

static void test_every_route_is_in_the_matrix(void **state)
{
	(void)state;
	Printed routes[128];
	size_t n = printed_routes(routes, 128);
	assert_true(n > 20);
	problems[0] = '\0';
	problem_count = 0;
	for (size_t i = 0; i < n; i++) {
		const Expect *e = find_expect(routes[i].method, routes[i].pattern);
		if (!e) {
			problem("%s %s is served but has no row in the access matrix", routes[i].method,
				routes[i].pattern);
			continue;
		}
		if (strcmp(e->perm, routes[i].perm) != 0 || strcmp(e->csrf, routes[i].csrf) != 0)
			problem("%s %s: the route says %s %s, the matrix %s %s", e->method, e->pattern,
				routes[i].perm, routes[i].csrf, e->perm, e->csrf);
	}
	for (size_t k = 0; k < MATRIX_SIZE; k++) {
		bool served = false;
		for (size_t i = 0; i < n && !served; i++)
			served = strcmp(MATRIX[k].method, routes[i].method) == 0 &&
				 strcmp(MATRIX[k].pattern, routes[i].pattern) == 0;
		if (!served)
			problem("%s %s is in the matrix but not served", MATRIX[k].method, MATRIX[k].pattern);
	}
	report_problems();
}

/* ---- one cell of the matrix ---- */

/* The path of a route for a request: {id} and {pcode} replaced by real ones. */
static void route_path(const Expect *e, long long id, char *out, size_t size)
{
	const char *param = strchr(e->pattern, '{');
	if (!param) {
		snprintf(out, size, "%s%s", e->pattern, e->query ? e->query : "");
		return;
	}
	const char *after = strchr(param, '}') + 1;
	if (strncmp(param, "{pcode}", 7) == 0)
		snprintf(out, size, "%.*s%s%s%s", (int)(param - e->pattern), e->pattern, place_a, after,
			 e->query ? e->query : "");
	else
		snprintf(out, size, "%.*s%lld%s%s", (int)(param - e->pattern), e->pattern, id, after,
			 e->query ? e->query : "");
}

/* A draft report of A, made by the admin; submitted too when asked. */
static long long fresh_report(bool submitted)
{
	char body[256], path[96];
	snprintf(body, sizeof body,
		 "{\"org_id\": %lld, \"period_start\": \"2024-01-01\", \"period_end\": \"2024-06-30\","
		 " \"lines\": [{\"progress\": \"matrix\"}]}",
		 org_a);
	json_t *j = admin_json("POST", "/api/v1/reports", body, 201);
	long long id = id_of(j);
	json_decref(j);
	if (submitted) {
		snprintf(path, sizeof path, "/api/v1/reports/%lld/submit", id);
		json_decref(admin_json("POST", path, NULL, 200));
	}
	return id;
}

/* A fresh record for a DELETE: an organization, or a public project of A. */
static long long fresh_record(Action action, int serial)
{
	char body[256];
	json_t *j;
	if (action == REPORT_SUBMIT || action == REPORT_FORM_SUBMIT)
		return fresh_report(false);
	if (action == REPORT_ACCEPT || action == REPORT_RETURN || action == REPORT_FORM_REVIEW)
		return fresh_report(true);
	if (action == APPLICATION_FORM_DECIDE || action == APPLICATION_DECIDE) {
		snprintf(body, sizeof body,
			 "{\"org_id\": %lld, \"authority_id\": %lld, \"kind\": \"tin\", \"submitted\": \"2024-01-01\"}",
			 org_a, authority_a);
		j = admin_json("POST", "/api/v1/applications", body, 201);
		long long id = id_of(j);
		json_decref(j);
		return id;
	}
	if (action == ORG_DELETE) {
		snprintf(body, sizeof body,
			 "{\"name_en\": \"Matrix org to delete %d\", \"kind\": \"cso\", \"visibility\": \"public\"}",
			 serial);
		j = admin_json("POST", "/api/v1/orgs", body, 201);
	} else {
		snprintf(body, sizeof body,
			 "{\"title_en\": \"Matrix project to delete %d\", \"visibility\": \"public\","
			 " \"orgs\": [{\"org_id\": %lld, \"role\": \"implementing\"}]}",
			 serial, org_a);
		j = admin_json("POST", "/api/v1/projects?confirm_new=1", body, 201);
	}
	long long id = id_of(j);
	json_decref(j);
	return id;
}

/* A grace period different from the one set before, so that every
 * allowed PUT of the obligation changes it. */
static int next_grace(void)
{
	static int grace;
	grace = grace % 300 + 1;
	return grace;
}

/* Fills the body of a write; source is the text that marks this write. */
static void write_body(Action action, const Who *w, const char *source, char *out, size_t size)
{
	/* A form post carries the session's token; anonymous has none. */
	char csrf[96] = "";
	if (w->csrf[0])
		snprintf(csrf, sizeof csrf, "csrf=%s&", w->csrf);
	switch (action) {
	case LOGIN:
		snprintf(out, size, "%slogin=%s&password=" PASSWORD_FORM, csrf,
			 w->login ? w->login : who[ADMIN].login);
		break;
	case LOGOUT:
		snprintf(out, size, "%s", w->csrf[0] ? csrf : "");
		break;
	case ORG_FORM_NEW:
		snprintf(out, size,
			 "%sname_en=Matrix+form+org+%s&kind=cso&status=active&visibility=public"
			 "&women_led=unknown&source=%s",
			 csrf, source, source);
		break;
	case ORG_FORM_EDIT:
		snprintf(out, size,
			 "%sname_en=Labor+Spring+Organization&acronym=LSO&kind=ngo_national&status=active"
			 "&visibility=public&women_led=unknown&registration.authority_id=%lld"
			 "&registration.number=1678&registration.date=2010-03&source=%s",
			 csrf, authority_a, source);
		break;
	case PROJECT_FORM_NEW:
		snprintf(out, size,
			 "%stitle_en=Matrix+form+project+%s&status=planned&visibility=public"
			 "&org_implementing=%lld&source=%s&confirm_new=1",
			 csrf, source, org_a, source);
		break;
	case PROJECT_FORM_EDIT:
		snprintf(out, size,
			 "%stitle_en=Matrix+edited+project&status=ongoing&visibility=public"
			 "&org_implementing=%lld&source=%s&confirm_new=1",
			 csrf, org_a, source);
		break;
	case ORG_NEW:
		snprintf(out, size, "{\"name_en\": \"Matrix API org %s\", \"kind\": \"cso\", \"visibility\": \"public\"}",
			 source);
		break;
	case PROJECT_NEW:
		snprintf(out, size,
			 "{\"title_en\": \"Matrix API project %s\", \"visibility\": \"public\", \"status\": \"planned\","
			 " \"orgs\": [{\"org_id\": %lld, \"role\": \"implementing\"}]}",
			 source, org_a);
		break;
	case ORG_PATCH:
	case PROJECT_PATCH:
		snprintf(out, size, "{\"source\": \"%s\"}", source);
		break;
	case MEETING_FORM_NEW:
		snprintf(out, size, "%sconvener_id=%lld&topic=Matrix+form+meeting+%s&source=%s", csrf, org_a,
			 source, source);
		break;
	case MEETING_NEW:
		snprintf(out, size, "{\"convener_id\": %lld, \"topic\": \"Matrix API meeting %s\"}", org_a, source);
		break;
	case FOLLOW_FORM:
		snprintf(out, size, "%sstatus=in_progress&note=%s", csrf, source);
		break;
	case FOLLOW_PATCH:
		snprintf(out, size, "{\"status\": \"in_progress\", \"note\": \"%s\"}", source);
		break;
	case MEMBERSHIP_NEW:
		snprintf(out, size, "{\"org_id\": %lld, \"body_id\": %lld, \"source\": \"%s\"}", cell_member,
			 org_a, source);
		break;
	case APPLICATION_NEW:
		snprintf(out, size,
			 "{\"org_id\": %lld, \"authority_id\": %lld, \"kind\": \"tin\","
			 " \"submitted\": \"2024-01-01\", \"source\": \"%s\"}",
			 org_a, authority_a, source);
		break;
	case SCHEDULE_PUT:
		snprintf(out, size, "{\"recurrence\": \"quarterly\", \"since\": \"2024-01-01\", \"note\": \"%s\"}",
			 source);
		break;
	case SERVICES_PUT:
		snprintf(out, size, "{\"services\": [\"%s\"]}", source);
		break;
	case DEDUP_DECIDE:
		snprintf(out, size, "%skind=orgs&a=%lld&b=%lld&decision=dismissed&note=%s", csrf, org_a, org_b,
			 source);
		break;
	case REPORT_FORM_EDIT:
		snprintf(out, size, "%speriod_start=2024-01-01&period_end=2024-06-30&summary=%s&line0_progress=matrix",
			 csrf, source);
		break;
	case MEMBERSHIP_FORM_NEW:
		snprintf(out, size, "%sorg_id=%lld&body_id=%lld&status=member&note=%s", csrf, cell_member, org_a, source);
		break;
	case MEMBERSHIP_FORM_STATUS:
		snprintf(out, size, "%sstatus=member&date=2024-01-01&note=%s", csrf, source);
		break;
	case APPLICATION_FORM_NEW:
		snprintf(out, size, "%sorg_id=%lld&authority_id=%lld&kind=tin&submitted=2024-01-01&note=%s", csrf, org_a,
			 authority_a, source);
		break;
	case APPLICATION_FORM_DECIDE:
		snprintf(out, size, "%soutcome=approved&decided=2024-02-01&note=%s", csrf, source);
		break;
	case MEMBERSHIP_PATCH:
		snprintf(out, size, "{\"status\": \"certified\", \"date\": \"2024-02-01\", \"note\": \"%s\"}", source);
		break;
	case APPLICATION_DECIDE:
		snprintf(out, size, "{\"outcome\": \"approved\", \"decided\": \"2024-02-01\", \"note\": \"%s\"}", source);
		break;
	case ORG_MERGE:
	case PROJECT_MERGE:
		snprintf(out, size, "{\"from\": %lld, \"note\": \"%s\"}", merge_drop, source);
		break;
	case ORG_UNMERGE:
	case PROJECT_UNMERGE:
		snprintf(out, size, "{}");
		break;
	case UNMERGE_FORM:
		snprintf(out, size, "%skind=orgs&id=%lld", csrf, merge_drop);
		break;
	case REPORT_NEW:
		snprintf(out, size,
			 "{\"org_id\": %lld, \"period_start\": \"2024-07-01\", \"period_end\": \"2024-12-31\","
			 " \"summary\": \"%s\", \"lines\": [{\"progress\": \"matrix\"}]}",
			 org_a, source);
		break;
	case REPORT_FORM_NEW:
		snprintf(out, size, "%speriod_start=2024-07-01&period_end=2024-12-31&summary=%s&line0_progress=matrix",
			 csrf, source);
		break;
	case REPORT_PATCH:
		snprintf(out, size, "{\"summary\": \"%s\"}", source);
		break;
	case REPORT_ACCEPT:
	case REPORT_RETURN:
		snprintf(out, size, "{\"comments\": \"%s\"}", source);
		break;
	case REPORT_FORM_SUBMIT:
		snprintf(out, size, "%s", w->csrf[0] ? csrf : "");
		break;
	case REPORT_FORM_REVIEW:
		snprintf(out, size, "%sdecision=return&comments=%s", csrf, source);
		break;
	case OBLIGATION_PUT:
		snprintf(out, size, "{\"authority_id\": %lld, \"start_date\": \"2024-01-01\", \"grace_days\": %d}",
			 authority_a, next_grace());
		break;
	case STATUS_CHANGE:
		snprintf(out, size, "{\"change\": \"suspended\", \"reason\": \"%s\"}", source);
		break;
	case STATUS_FORM:
		snprintf(out, size, "%schange=suspended&reason=%s", csrf, source);
		break;
	case IMPORT_UPLOAD:
		import_body(w, source, out, size);
		break;
	case IMPORT_PREVIEW:
	case IMPORT_RUN: {
		char id[64] = "0";
		if (w->login)
			import_upload_id(w, source, id, sizeof id);
		snprintf(out, size, "%supload=%s&source=%s.csv", csrf, id, source);
		break;
	}
	case REPORT_SUBMIT:
	case READ:
	case MERGE_FORM_GET:
	case MERGE_FORM: /* written in run_cell, which knows both records */
	case ORG_DELETE:
	case PROJECT_DELETE:
		out[0] = '\0';
		break;
	}
}

static bool allowed(int status)
{
	return status >= 200 && status < 400;
}

static bool creates(Action action)
{
	return action == ORG_FORM_NEW || action == PROJECT_FORM_NEW || action == ORG_NEW ||
	       action == PROJECT_NEW || action == REPORT_NEW || action == REPORT_FORM_NEW ||
	       action == MEETING_FORM_NEW || action == MEETING_NEW || action == MEMBERSHIP_NEW ||
	       action == APPLICATION_NEW || action == MEMBERSHIP_FORM_NEW || action == APPLICATION_FORM_NEW;
}

/* Writes about reports, obligations and status: checked by whether the
 * record read back changed at all. */
static bool about_reporting(Action action)
{
	return action == REPORT_PATCH || action == REPORT_SUBMIT || action == REPORT_FORM_SUBMIT ||
	       action == REPORT_FORM_EDIT ||
	       action == REPORT_ACCEPT || action == REPORT_RETURN || action == REPORT_FORM_REVIEW ||
	       action == OBLIGATION_PUT || action == STATUS_CHANGE || action == STATUS_FORM;
}

static bool changes_record(Action action)
{
	return action == ORG_FORM_EDIT || action == PROJECT_FORM_EDIT || action == ORG_PATCH ||
	       action == PROJECT_PATCH || action == ORG_DELETE || action == PROJECT_DELETE ||
	       about_reporting(action) || action == FOLLOW_FORM || action == FOLLOW_PATCH ||
	       action == SCHEDULE_PUT || action == SERVICES_PUT || action == DEDUP_DECIDE ||
	       action == MEMBERSHIP_FORM_STATUS ||
	       action == APPLICATION_FORM_DECIDE || action == APPLICATION_DECIDE || action == MEMBERSHIP_PATCH ||
	       action == MERGE_FORM || action == ORG_MERGE || action == PROJECT_MERGE ||
	       action == UNMERGE_FORM || action == ORG_UNMERGE || action == PROJECT_UNMERGE;
}


static bool about_orgs(Action action)
{
	return action == ORG_FORM_NEW || action == ORG_FORM_EDIT || action == ORG_NEW ||
	       action == ORG_PATCH || action == ORG_DELETE;
}

/* Where the admin reads what a write may change. */
static void record_path(Action action, long long id, char *out, size_t size)
{
	if (action == OBLIGATION_PUT)
		snprintf(out, size, "/api/v1/orgs/%lld/obligation", id);
	else if (action == STATUS_CHANGE || action == STATUS_FORM)
		snprintf(out, size, "/api/v1/orgs/%lld/status", id);
	else if (about_reporting(action))
		snprintf(out, size, "/api/v1/reports/%lld", id);
	else
		snprintf(out, size, "/api/v1/%s/%lld", about_orgs(action) ? "orgs" : "projects", id);
}

/* The session of w still opens a page for signed-in users. */
static bool session_works(const Who *w)
{
	HttpAnswer a;
	send_as(w, "GET", "/orgs/new", NULL, NULL, &a);
	bool ok = a.status == 200;
	http_answer_free(&a);
	return ok;
}

/* Runs one cell: sends the request, compares the status, checks the effect. */
static void run_cell(const Expect *e, RoleIndex r, int serial)
{
	Who *w = &who[r];
	int want = e->status[r];
	bool fresh = e->action == ORG_DELETE || e->action == PROJECT_DELETE || e->action == REPORT_SUBMIT ||
		     e->action == REPORT_FORM_SUBMIT || e->action == REPORT_ACCEPT || e->action == REPORT_RETURN ||
		     e->action == REPORT_FORM_REVIEW || e->action == APPLICATION_FORM_DECIDE ||
		     e->action == APPLICATION_DECIDE;
	long long id = fresh ? fresh_record(e->action, serial)
		       : strstr(e->pattern, "/orgs/") ? org_a
		       : strstr(e->pattern, "/reports/") ? report_a
		       : strstr(e->pattern, "/meetings/") ? meeting_a
		       : strstr(e->pattern, "/recommendations/") ? recommendation_a
		       : strstr(e->pattern, "/permits/") ? application_a
		       : strstr(e->pattern, "/memberships/") ? membership_a
							 : project_a;
	if (e->action == MEMBERSHIP_NEW || e->action == MEMBERSHIP_FORM_NEW)
		cell_member = fresh_record(ORG_DELETE, serial);
	bool merging = e->action == MERGE_FORM || e->action == ORG_MERGE || e->action == PROJECT_MERGE;
	bool unmerging = e->action == UNMERGE_FORM || e->action == ORG_UNMERGE || e->action == PROJECT_UNMERGE;
	bool of_projects = e->action == PROJECT_MERGE || e->action == PROJECT_UNMERGE;
	if (merging || unmerging) {
		Action kind = of_projects ? PROJECT_DELETE : ORG_DELETE;
		id = fresh_record(kind, serial);
		merge_drop = fresh_record(kind, serial);
	}
	if (unmerging) {
		/* the admin merges first; the cell undoes it, naming the record merged away */
		char merge_path[96], merge_body[64];
		snprintf(merge_path, sizeof merge_path, "/api/v1/%s/%lld/merge", of_projects ? "projects" : "orgs", id);
		snprintf(merge_body, sizeof merge_body, "{\"from\": %lld}", merge_drop);
		json_decref(admin_json("POST", merge_path, merge_body, 200));
		id = merge_drop;
	}
	char path[256], record[96], source[64], body[1024];
	route_path(e, id, path, sizeof path);
	snprintf(source, sizeof source, "matrix-%d-%s", serial, w->login ? w->login : "anonymous");
	write_body(e->action, w, source, body, sizeof body);
	if (e->action == MERGE_FORM_GET)
		snprintf(path, sizeof path, "/review/duplicates/merge?kind=orgs&a=%lld&b=%lld", org_a, org_b);
	if (e->action == MERGE_FORM)
		snprintf(body, sizeof body, "%s%s%skind=orgs&a=%lld&b=%lld&keep=%lld&note=%s",
			 w->csrf[0] ? "csrf=" : "", w->csrf, w->csrf[0] ? "&" : "", id, merge_drop, id, source);

	/* What the write may change, as the admin sees it before: the record,
	 * or the count of records of its kind. */
	record_path(e->action, id, record, sizeof record);
	char reports_of_a[64];
	snprintf(reports_of_a, sizeof reports_of_a, "/api/v1/reports?org=%lld", org_a);
	const char *list = about_orgs(e->action)                                         ? "/api/v1/orgs?limit=1"
			   : e->action == REPORT_NEW || e->action == REPORT_FORM_NEW ? reports_of_a
										      : "/api/v1/projects?limit=1";
	char members[96];
	snprintf(members, sizeof members, "/api/v1/orgs/%lld/memberships", org_a);
	if (e->action == FOLLOW_FORM || e->action == FOLLOW_PATCH)
		snprintf(record, sizeof record, "/api/v1/meetings/%lld", meeting_a);
	if (e->action == SCHEDULE_PUT || e->action == SERVICES_PUT || e->action == MEMBERSHIP_FORM_STATUS ||
	    e->action == MEMBERSHIP_PATCH)
		snprintf(record, sizeof record, "/api/v1/orgs/%lld/memberships", org_a);
	if (e->action == DEDUP_DECIDE)
		snprintf(record, sizeof record, "/review/duplicates?kind=orgs&decided=1");
	if (e->action == APPLICATION_FORM_DECIDE || e->action == APPLICATION_DECIDE)
		snprintf(record, sizeof record, "/api/v1/applications?org=%lld", org_a);
	if (merging || unmerging)
		snprintf(record, sizeof record, "/api/v1/%s/%lld", of_projects ? "projects" : "orgs",
			 merge_drop);
	if (e->action == MEETING_FORM_NEW || e->action == MEETING_NEW)
		list = "/api/v1/meetings";
	else if (e->action == MEMBERSHIP_NEW || e->action == MEMBERSHIP_FORM_NEW)
		list = members;
	else if (e->action == APPLICATION_NEW || e->action == APPLICATION_FORM_NEW)
		list = "/api/v1/applications";
	int before_status = 0;
	char *before = changes_record(e->action) ? admin_get(record, &before_status) : NULL;
	long long count_before = creates(e->action) ? total(list) : 0;

	const char *type = e->action == READ || e->action == MERGE_FORM_GET || e->action == ORG_DELETE ||
				   e->action == PROJECT_DELETE
				   ? NULL
			   : e->action == IMPORT_UPLOAD ? "multipart/form-data; boundary=" BOUNDARY
			   : is_api(path) ? JSON_TYPE
					  : FORM_TYPE;
	long long projects_before = e->action >= IMPORT_UPLOAD ? total("/api/v1/projects?limit=1") : 0;
	HttpAnswer a;
	send_as(w, e->method, path, type, type ? body : NULL, &a);
	if (a.status != want)
		problem("%s %s as %s: %d, wanted %d", e->method, path, w->name, a.status, want);

	switch (e->action) {
	case READ:
	case MERGE_FORM_GET:
		break;
	case IMPORT_UPLOAD:
	case IMPORT_PREVIEW:
	case IMPORT_RUN: {
		/* a dry run writes nothing; the import writes the row when the
		 * role may write a project of A (editor B may not: rejected row) */
		bool writes = e->action == IMPORT_RUN && allowed(want) && r != EDITOR_B;
		long long after = total("/api/v1/projects?limit=1");
		if (after != projects_before + (writes ? 1 : 0))
			problem("%s %s as %s: %lld projects before, %lld after", e->method, path, w->name,
				projects_before, after);
		if (writes && !strstr(a.body, "count-projects-new\">1<"))
			problem("%s %s as %s: the report does not count one new project", e->method, path, w->name);
		break;
	}
	case LOGIN:
		if ((http_answer_header(&a, "Set-Cookie") != NULL) != allowed(want))
			problem("POST /login as %s: a session cookie %s", w->name,
				allowed(want) ? "was wanted and not set" : "was set");
		break;
	case LOGOUT:
		if (w->cookie[0] && session_works(w) == allowed(want))
			problem("POST /logout as %s: the session %s", w->name,
				allowed(want) ? "still works" : "was ended");
		break;
	case ORG_FORM_NEW:
	case PROJECT_FORM_NEW:
	case ORG_NEW:
	case PROJECT_NEW:
	case REPORT_NEW:
	case REPORT_FORM_NEW:
	case MEETING_FORM_NEW:
	case MEETING_NEW:
	case MEMBERSHIP_NEW:
	case APPLICATION_NEW:
	case MEMBERSHIP_FORM_NEW:
	case APPLICATION_FORM_NEW: {
		long long count_after = total(list);
		if (count_after != count_before + (allowed(want) ? 1 : 0))
			problem("%s %s as %s: %lld records before, %lld after", e->method, path, w->name,
				count_before, count_after);
		break;
	}
	case REPORT_PATCH:
	case REPORT_FORM_EDIT:
	case REPORT_SUBMIT:
	case REPORT_FORM_SUBMIT:
	case REPORT_ACCEPT:
	case REPORT_RETURN:
	case REPORT_FORM_REVIEW:
	case OBLIGATION_PUT:
	case STATUS_CHANGE:
	case STATUS_FORM: {
		int after_status;
		char *after = admin_get(record, &after_status);
		bool same = after_status == before_status && strcmp(before, after) == 0;
		if (same == allowed(want))
			problem("%s %s as %s was %s but %s:\n  before %s\n  after  %s", e->method, path, w->name,
				allowed(want) ? "allowed" : "refused",
				allowed(want) ? "nothing changed" : "something changed", before, after);
		free(after);
		break;
	}
	case ORG_FORM_EDIT:
	case PROJECT_FORM_EDIT:
	case ORG_PATCH:
	case PROJECT_PATCH:
	case ORG_DELETE:
	case PROJECT_DELETE:
	case FOLLOW_FORM:
	case FOLLOW_PATCH:
	case SCHEDULE_PUT:
	case SERVICES_PUT:
	case DEDUP_DECIDE:
	case MEMBERSHIP_FORM_STATUS:
	case MEMBERSHIP_PATCH:
	case APPLICATION_FORM_DECIDE:
	case APPLICATION_DECIDE:
	case MERGE_FORM:
	case ORG_MERGE:
	case PROJECT_MERGE:
	case UNMERGE_FORM:
	case ORG_UNMERGE:
	case PROJECT_UNMERGE: {
		int after_status;
		char *after = admin_get(record, &after_status);
		/* a record merged is gone from reads, as a deleted one */
		bool deleting = e->action == ORG_DELETE || e->action == PROJECT_DELETE || merging;
		if (!allowed(want)) {
			if (after_status != before_status || strcmp(before, after) != 0)
				problem("%s %s as %s was refused but the record changed:\n  before %s\n  after  %s",
					e->method, path, w->name, before, after);
		} else if (unmerging ? after_status != 200
			   : deleting ? after_status != 404 : strstr(after, source) == NULL) {
			problem("%s %s as %s was allowed but the record did not change: %s", e->method, path,
				w->name, after);
		}
		free(after);
		break;
	}
	}
	http_answer_free(&a);
	free(before);
}

static void test_access_matrix(void **state)
{
	(void)state;
	for (int r = EDITOR_A; r < ROLE_COUNT; r++)
		sign_in(&who[r]);
	problems[0] = '\0';
	problem_count = 0;
	int serial = 0;
	/* Signing out ends the session the other rows use: those rows come last. */
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < MATRIX_SIZE; i++) {
			if ((MATRIX[i].action == LOGOUT) != (pass == 1))
				continue;
			for (int r = 0; r < ROLE_COUNT; r++)
				run_cell(&MATRIX[i], (RoleIndex)r, ++serial);
		}
	report_problems();
}

/* ---- what an editor may write, beyond the matrix's one record ---- */

/* Sends a JSON write as w and checks the status. */
static void api_write(RoleIndex r, const char *method, const char *path, const char *body, int want)
{
	HttpAnswer a;
	send_as(&who[r], method, path, JSON_TYPE, body, &a);
	if (a.status != want)
		fail_msg("%s %s as %s: %d, wanted %d: %s", method, path, who[r].name, a.status, want, a.body);
	http_answer_free(&a);
}

static void test_editor_writes_only_for_their_organization(void **state)
{
	(void)state;
	char path[96], body[512];
	int status;

	/* Editor A may not change organization B, by the API or by the form. */
	snprintf(path, sizeof path, "/api/v1/orgs/%lld", org_b);
	char *before = admin_get(path, &status);
	api_write(EDITOR_A, "PATCH", path, "{\"staff_total\": 1}", 403);
	sign_in(&who[EDITOR_A]);
	snprintf(path, sizeof path, "/orgs/%lld", org_b);
	snprintf(body, sizeof body,
		 "csrf=%s&name_en=Taken+over&kind=cso&status=active&visibility=public&women_led=unknown",
		 who[EDITOR_A].csrf);
	HttpAnswer a;
	send_as(&who[EDITOR_A], "POST", path, FORM_TYPE, body, &a);
	assert_int_equal(a.status, 403);
	http_answer_free(&a);
	snprintf(path, sizeof path, "/api/v1/orgs/%lld", org_b);
	char *after = admin_get(path, &status);
	assert_string_equal(before, after);
	free(before);
	free(after);

	/* Editor A may create a project only where A has a role. */
	long long count = total("/api/v1/projects?limit=1");
	snprintf(body, sizeof body,
		 "{\"title_en\": \"B only\", \"visibility\": \"public\","
		 " \"orgs\": [{\"org_id\": %lld, \"role\": \"implementing\"}]}",
		 org_b);
	api_write(EDITOR_A, "POST", "/api/v1/projects", body, 403);
	api_write(EDITOR_A, "POST", "/api/v1/projects", "{\"title_en\": \"Nobody's\", \"visibility\": \"public\"}", 403);
	assert_int_equal(total("/api/v1/projects?limit=1"), count);

	/* ... and may not hand a project of A over to B alone. */
	snprintf(path, sizeof path, "/api/v1/projects/%lld", project_a);
	before = admin_get(path, &status);
	snprintf(body, sizeof body, "{\"orgs\": [{\"org_id\": %lld, \"role\": \"implementing\"}]}", org_b);
	api_write(EDITOR_A, "PATCH", path, body, 403);
	/* Editor B may not write it into B's projects either. */
	api_write(EDITOR_B, "PATCH", path, body, 403);
	after = admin_get(path, &status);
	assert_string_equal(before, after);
	free(before);
	free(after);

	/* A token that is not one is no one: writes need an account. */
	HttpAnswer bad;
	assert_int_equal(http_request("127.0.0.1", server.port, "POST", "/api/v1/orgs",
				      "Authorization: Bearer hmh_not-a-token\r\nContent-Type: application/json\r\n",
				      "{}", 2, &bad),
			 0);
	assert_int_equal(bad.status, 401);
	http_answer_free(&bad);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_route_is_in_the_matrix),
		cmocka_unit_test(test_access_matrix),
		cmocka_unit_test(test_editor_writes_only_for_their_organization),
	};
	return cmocka_run_group_tests(tests, start, stop);
}
