/*
 * test_accounts.c — accounts, sign-in and who sees and changes what, on a
 * real SQLite database in a temporary directory: the password policy and
 * hashing, throttled logins, sessions and API tokens with a clock the test
 * moves, the write policy per role, restricted records kept from everyone
 * who may not see them (in reads, lists, search and counts) and the log of
 * reads by reason, and `check` catching an audit row changed or removed by
 * hand. The tampering is done with sqlite3 directly, as an intruder would.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <sodium.h>
#include <sqlite3.h>
#include <time.h>

#include "core/arena.h"
#include "core/audit.h"
#include "fmt/record_json.h"
#include "store/store.h"
#include "svc/svc.h"
#include "svc/svc_account.h"
#include "svc/svc_ref.h"
#include "testlib.h"

#define T0 ((time_t)2000000000) /* the tests' clock starts here (2033) */
#define MARKER_ORG "Zqxcanary Shelter"
#define MARKER_PROJECT "Zqxsecret safe house"

/* What every test of the group shares: one database with three orgs and
 * three projects, opened as the server would open it. */
typedef struct Fixture {
	char *dir;              /* the temporary directory */
	char *db_path;          /* the database in it */
	App *app;               /* opened on db_path */
	int64_t org_a;          /* public; editors of A own it */
	int64_t org_b;          /* public */
	int64_t org_r;          /* restricted */
	int64_t proj_a;         /* members: A implements, R funds */
	int64_t proj_r;         /* restricted: A implements */
	int64_t proj_b;         /* public: B implements */
} Fixture;

/* ---- helpers ---- */

/* Makes a database as 'hamahang init' does (schema and reference data). */
static void make_database(const char *path)
{
	Store *s = NULL;
	assert_int_equal(store_open(path, true, &s), STORE_OK);
	assert_int_equal(store_migrate(s, NULL), STORE_OK);
	Ctx ctx = {.store = s, .actor = &ACTOR_SYSTEM, .now = T0};
	ctx.arena = arena_new();
	long long rows = 0;
	char *error = NULL;
	assert_int_equal(svc_reference_load(&ctx, &rows, &error), SVC_OK);
	arena_free(ctx.arena);
	store_close(s);
}

static void unit(Fixture *f, const Actor *actor, time_t now, Ctx *ctx)
{
	ctx_begin(f->app, actor, ctx);
	ctx->now = now;
}

/* Runs SQL on its own connection, as someone with the file would. */
static int sql_run(const char *db, const char *sql)
{
	sqlite3 *h = NULL;
	assert_int_equal(sqlite3_open(db, &h), SQLITE_OK);
	int rc = sqlite3_exec(h, sql, NULL, NULL, NULL);
	sqlite3_close(h);
	return rc;
}

static long long sql_count(const char *db, const char *sql, const char *param)
{
	sqlite3 *h = NULL;
	sqlite3_stmt *st = NULL;
	assert_int_equal(sqlite3_open(db, &h), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(h, sql, -1, &st, NULL), SQLITE_OK);
	if (param)
		sqlite3_bind_text(st, 1, param, -1, SQLITE_TRANSIENT);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	long long n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(h);
	return n;
}

static int64_t add_org(Ctx *ctx, const char *name, Visibility vis)
{
	Org o;
	org_init(&o);
	o.name_en = name;
	o.kind = "ngo_national";
	o.visibility = vis;
	Errors errs, warns;
	errors_clear(&errs);
	errors_clear(&warns);
	assert_int_equal(svc_org_create(ctx, &o, &errs, &warns), SVC_OK);
	return o.id;
}

/* A project with up to two organizations (0 for none), one sector, one
 * place and one result. */
static SvcStatus make_project(Ctx *ctx, const char *title, Visibility vis, int64_t implementer,
			      int64_t funder, const char *sector, const char *pcode, int64_t *id)
{
	Project p;
	project_init(&p);
	p.title_en = title;
	p.status = "ongoing";
	p.start_date = "2021";
	p.visibility = vis;
	ProjectOrg *orgs = arena_zalloc(ctx->arena, 2 * sizeof *orgs);
	orgs[0] = (ProjectOrg){.org_id = implementer, .role = "implementing"};
	orgs[1] = (ProjectOrg){.org_id = funder, .role = "funding"};
	p.orgs = orgs;
	p.org_count = funder ? 2 : 1;
	const char **sectors = arena_alloc(ctx->arena, sizeof *sectors);
	sectors[0] = sector;
	p.sectors = sectors;
	p.sector_count = 1;
	ProjectPlace *places = arena_zalloc(ctx->arena, sizeof *places);
	places[0].place = pcode;
	places[0].villages = NUM_UNKNOWN;
	p.places = places;
	p.place_count = 1;
	Result *r = arena_alloc(ctx->arena, sizeof *r);
	result_init(r);
	r->indicator = "people reached";
	r->value = 120;
	r->source = "test report";
	p.results = r;
	p.result_count = 1;
	Errors errs, warns;
	errors_clear(&errs);
	errors_clear(&warns);
	SvcStatus st = svc_project_create(ctx, &p, &errs, &warns);
	if (st == SVC_INVALID)
		fail_msg("project not valid: %s %s", errs.items[0].field, errs.items[0].message);
	*id = p.id;
	return st;
}

static void add_user(Fixture *f, const char *login, Role role, const int64_t *orgs, size_t n,
		     const char *password)
{
	Ctx ctx;
	unit(f, &ACTOR_SYSTEM, T0, &ctx);
	Errors errs;
	errors_clear(&errs);
	SvcStatus st = svc_user_add(&ctx, login, role, orgs, n, password, &errs, NULL);
	if (st != SVC_OK)
		fail_msg("user %s not added: %d %s", login, (int)st,
			 errs.count ? errs.items[0].message : "");
	ctx_end(&ctx);
}

static SvcStatus login_at(Fixture *f, time_t now, const char *login, const char *password,
			  const char *address, char token[SVC_SESSION_TOKEN_SIZE],
			  LoginOutcome *out)
{
	Ctx ctx;
	unit(f, &ACTOR_ANONYMOUS, now, &ctx);
	char csrf[SVC_CSRF_TOKEN_SIZE];
	Actor actor;
	SvcStatus st = svc_login(&ctx, login, password, address, token, csrf, &actor, out);
	ctx_end(&ctx);
	return st;
}

static SvcStatus session_at(Fixture *f, time_t now, const char *token)
{
	Ctx ctx;
	unit(f, &ACTOR_ANONYMOUS, now, &ctx);
	Actor actor;
	char csrf[SVC_CSRF_TOKEN_SIZE];
	SvcStatus st = svc_session_check(&ctx, token, &actor, csrf);
	ctx_end(&ctx);
	return st;
}

static double seconds_since(const struct timespec *start)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - start->tv_sec) + (double)(now.tv_nsec - start->tv_nsec) / 1e9;
}

/* ---- the group's database ---- */

static int group_setup(void **state)
{
	Fixture *f = calloc(1, sizeof *f);
	f->dir = test_tmpdir();
	size_t len = strlen(f->dir) + 32;
	f->db_path = malloc(len);
	snprintf(f->db_path, len, "%s/accounts.db", f->dir);
	make_database(f->db_path);
	char *err = NULL;
	f->app = app_open(f->db_path, 2, &err);
	if (!f->app) {
		fprintf(stderr, "app_open: %s\n", err);
		free(err);
		return -1;
	}
	Ctx ctx;
	unit(f, &ACTOR_SYSTEM, T0, &ctx);
	f->org_a = add_org(&ctx, "Alpha Relief", VIS_PUBLIC);
	f->org_b = add_org(&ctx, "Bravo Aid", VIS_PUBLIC);
	f->org_r = add_org(&ctx, MARKER_ORG, VIS_RESTRICTED);
	assert_int_equal(make_project(&ctx, "Alpha wells", VIS_MEMBERS, f->org_a, f->org_r, "WASH",
				      "AF1701", &f->proj_a),
			 SVC_OK);
	assert_int_equal(make_project(&ctx, MARKER_PROJECT, VIS_RESTRICTED, f->org_a, 0, "WASH",
				      "AF1702", &f->proj_r),
			 SVC_OK);
	assert_int_equal(make_project(&ctx, "Bravo schools", VIS_PUBLIC, f->org_b, 0, "EiE",
				      "AF1701", &f->proj_b),
			 SVC_OK);
	ctx_end(&ctx);
	*state = f;
	return 0;
}

static int group_teardown(void **state)
{
	Fixture *f = *state;
	if (!f)
		return 0;
	app_close(f->app);
	test_rmtree(f->dir);
	free(f->db_path);
	free(f->dir);
	free(f);
	return 0;
}

/* ---- passwords ---- */

static bool has_error(const Errors *errs, const char *field, const char *message)
{
	for (size_t i = 0; i < errs->count; i++)
		if (strcmp(errs->items[i].field, field) == 0 &&
		    strcmp(errs->items[i].message, message) == 0)
			return true;
	return false;
}

static void test_password_policy(void **state)
{
	(void)state;
	Errors e;
	errors_clear(&e);
	svc_password_check("karim", "short pw 1", &e);
	assert_true(has_error(&e, "password", "must be at least 12 characters long"));

	/* Twelve code points in Dari are twelve characters, not 23 bytes. */
	errors_clear(&e);
	svc_password_check("karim", "رمز کوتاه است", &e);
	assert_int_equal(e.count, 0);
	errors_clear(&e);
	svc_password_check("karim", "رمز کوتاه", &e);
	assert_true(has_error(&e, "password", "must be at least 12 characters long"));

	const char *common[] = {"password1234", "Password1234", "QWERTYUIOP12", "iloveyou1234",
				"afghanistan1", "kabul1234567", "123456789012"};
	for (size_t i = 0; i < sizeof common / sizeof *common; i++) {
		errors_clear(&e);
		svc_password_check("karim", common[i], &e);
		if (!has_error(&e, "password", "is one of the most common passwords"))
			fail_msg("'%s' was not refused as common", common[i]);
	}

	errors_clear(&e);
	svc_password_check("farida.noori", "Farida.Noori", &e);
	assert_true(has_error(&e, "password", "must not be the login"));
	errors_clear(&e);
	svc_password_check("farida", "farida-loves-tea", &e);
	assert_true(has_error(&e, "password", "must not contain the login"));
	errors_clear(&e);
	svc_password_check("karim", "abababababababab", &e);
	assert_true(has_error(&e, "password", "uses too few different characters"));
	errors_clear(&e);
	svc_password_check("karim", "", &e);
	assert_true(has_error(&e, "password", "is required"));

	errors_clear(&e);
	svc_password_check("karim", "blue kite over Herat hills", &e);
	assert_int_equal(e.count, 0);

	errors_clear(&e);
	svc_login_check("Karim Ansari", &e);
	assert_true(has_error(&e, "login",
			      "may hold only the letters a-z, digits and the signs . _ -"));
	errors_clear(&e);
	svc_login_check("ka", &e);
	assert_true(has_error(&e, "login", "must be 3 to 64 characters long"));
	errors_clear(&e);
	svc_login_check("karim.ansari-2", &e);
	assert_int_equal(e.count, 0);
}

static void test_password_is_hashed_never_stored_or_audited(void **state)
{
	Fixture *f = *state;
	const char *password = "tea with cardamom at four";
	add_user(f, "hashcheck", ROLE_MINISTRY, NULL, 0, password);

	Ctx ctx;
	unit(f, &ACTOR_SYSTEM, T0, &ctx);
	User u;
	assert_int_equal(store_user_get_by_login(ctx.store, ctx.arena, "hashcheck", &u), STORE_OK);
	assert_string_not_equal(u.password_hash, password);
	assert_non_null(strstr(u.password_hash, "$argon2id$"));
	assert_non_null(strstr(u.password_hash, "m=65536,t=2,p=1"));
	assert_int_equal(crypto_pwhash_str_verify(u.password_hash, password, strlen(password)), 0);
	assert_int_not_equal(crypto_pwhash_str_verify(u.password_hash, "tea with cardamom at five",
						      strlen("tea with cardamom at five")),
			     0);
	ctx_end(&ctx);

	/* Neither the password nor its hash is in the audit trail or the attempt log. */
	assert_int_equal(sql_count(f->db_path,
				   "SELECT count(*) FROM audit WHERE instr(coalesce(after, ''), ?1)"
				   " OR instr(coalesce(before, ''), ?1)",
				   password),
			 0);
	assert_int_equal(sql_count(f->db_path,
				   "SELECT count(*) FROM audit WHERE instr(coalesce(after, ''), ?1)",
				   "argon2"),
			 0);
	assert_int_equal(sql_count(f->db_path,
				   "SELECT count(*) FROM audit WHERE entity = 'user'"
				   " AND instr(after, ?1)",
				   "\"login\":\"hashcheck\""),
			 1);
}

/* ---- signing in ---- */

static void test_unknown_login_answers_like_a_wrong_password(void **state)
{
	Fixture *f = *state;
	add_user(f, "hadia", ROLE_COORDINATOR, NULL, 0, "a garden of roses in Bamyan");
	char token[SVC_SESSION_TOKEN_SIZE];
	LoginOutcome wrong, unknown;
	struct timespec start;

	clock_gettime(CLOCK_MONOTONIC, &start);
	assert_int_equal(login_at(f, T0, "hadia", "not her password at all", "198.51.100.1", token,
				  &wrong),
			 SVC_FORBIDDEN);
	double wrong_time = seconds_since(&start);
	clock_gettime(CLOCK_MONOTONIC, &start);
	assert_int_equal(login_at(f, T0, "nobody-here", "not her password at all", "198.51.100.2",
				  token, &unknown),
			 SVC_FORBIDDEN);
	double unknown_time = seconds_since(&start);

	assert_string_equal(wrong.reason, unknown.reason);
	assert_false(unknown.throttled);
	assert_int_equal(wrong.delay_seconds, unknown.delay_seconds);
	assert_string_equal(token, "");
	/* Both run Argon2id: the unknown login is not answered at once. */
	if (unknown_time < wrong_time / 3 || wrong_time < unknown_time / 3)
		fail_msg("unknown login took %.3f s, wrong password %.3f s", unknown_time,
			 wrong_time);

	/* Both attempts are logged, without the password. */
	assert_int_equal(sql_count(f->db_path,
				   "SELECT count(*) FROM login_attempt WHERE login IN"
				   " ('hadia', 'nobody-here') AND success = 0",
				   NULL),
			 2);
	assert_int_equal(sql_count(f->db_path,
				   "SELECT count(*) FROM login_attempt WHERE instr(login, ?1)",
				   "not her password"),
			 0);
}

static void test_throttled_by_login_until_the_window_passes(void **state)
{
	Fixture *f = *state;
	const char *password = "walnut trees of Paghman";
	add_user(f, "dawood", ROLE_MINISTRY, NULL, 0, password);
	char token[SVC_SESSION_TOKEN_SIZE];
	LoginOutcome out;
	int last_delay = 0;
	int64_t t = T0;
	for (int i = 0; i < SVC_LOGIN_MAX_FAILURES; i++) {
		/* From a new address each time: the limit is per account too.
		 * Each guess waits as long as the last answer said. */
		char address[32];
		snprintf(address, sizeof address, "192.0.2.%d", 10 + i);
		assert_int_equal(login_at(f, t, "dawood", "a wrong guess 123", address, token, &out),
				 SVC_FORBIDDEN);
		assert_false(out.throttled);
		assert_true(out.delay_seconds > last_delay || out.delay_seconds == SVC_LOGIN_MAX_DELAY);
		last_delay = out.delay_seconds;
		t += out.delay_seconds;
	}
	assert_int_equal(last_delay, 16);

	/* Now even the right password is refused, unheard, with when to retry. */
	assert_int_equal(login_at(f, t, "dawood", password, "192.0.2.99", token, &out),
			 SVC_FORBIDDEN);
	assert_true(out.throttled);
	assert_int_equal(out.retry_after, SVC_LOGIN_WINDOW_SECONDS - (t - T0));
	assert_string_equal(token, "");

	Ctx ctx;
	unit(f, &ACTOR_SYSTEM, t, &ctx);
	User u;
	assert_int_equal(store_user_get_by_login(ctx.store, ctx.arena, "dawood", &u), STORE_OK);
	assert_int_equal(u.failed_logins, SVC_LOGIN_MAX_FAILURES);
	assert_int_equal(u.locked_until, T0 + SVC_LOGIN_WINDOW_SECONDS);
	ctx_end(&ctx);

	/* A refused attempt does not extend the lock. */
	assert_int_equal(login_at(f, T0 + SVC_LOGIN_WINDOW_SECONDS - 1, "dawood", password,
				  "192.0.2.99", token, &out),
			 SVC_FORBIDDEN);
	assert_true(out.throttled);
	assert_int_equal(out.retry_after, 1);
	assert_int_equal(login_at(f, T0 + SVC_LOGIN_WINDOW_SECONDS, "dawood", password,
				  "192.0.2.99", token, &out),
			 SVC_OK);
	assert_int_equal(strlen(token), SVC_SESSION_TOKEN_SIZE - 1);

	unit(f, &ACTOR_SYSTEM, T0 + SVC_LOGIN_WINDOW_SECONDS, &ctx);
	assert_int_equal(store_user_get_by_login(ctx.store, ctx.arena, "dawood", &u), STORE_OK);
	assert_int_equal(u.failed_logins, 0);
	assert_int_equal(u.locked_until, 0);
	ctx_end(&ctx);
	assert_int_equal(sql_count(f->db_path,
				   "SELECT count(*) FROM login_attempt WHERE login = 'dawood'"
				   " AND refused = 1",
				   NULL),
			 2);
}

static void test_throttled_by_address(void **state)
{
	Fixture *f = *state;
	const char *password = "pomegranates from Kandahar";
	add_user(f, "eqbal", ROLE_MINISTRY, NULL, 0, password);
	char token[SVC_SESSION_TOKEN_SIZE];
	LoginOutcome out;
	time_t t = T0 + 3600;
	for (int i = 0; i < SVC_ADDRESS_MAX_FAILURES; i++) {
		char login[32];
		snprintf(login, sizeof login, "ghost%02d", i);
		assert_int_equal(login_at(f, t + i, login, "spray and pray 1", "203.0.113.9", token,
					  &out),
				 SVC_FORBIDDEN);
		assert_false(out.throttled);
	}
	assert_int_equal(out.delay_seconds, SVC_LOGIN_MAX_DELAY);
	assert_int_equal(login_at(f, t + 30, "eqbal", password, "203.0.113.9", token, &out),
			 SVC_FORBIDDEN);
	assert_true(out.throttled);
	assert_int_equal(out.retry_after, SVC_LOGIN_WINDOW_SECONDS - 30);
	/* The account itself is not locked: from elsewhere it signs in. */
	assert_int_equal(login_at(f, t + 31, "eqbal", password, "203.0.113.10", token, &out),
			 SVC_OK);
}

static void test_slowed_before_refused(void **state)
{
	Fixture *f = *state;
	const char *password = "mulberries of Istalif";
	add_user(f, "homa", ROLE_COORDINATOR, NULL, 0, password);
	char token[SVC_SESSION_TOKEN_SIZE];
	LoginOutcome out;
	time_t t = T0 + 5400;
	/* one typo costs nothing: the right password at once is heard */
	assert_int_equal(login_at(f, t, "homa", "a typo in it 12", "198.51.100.7", token, &out),
			 SVC_FORBIDDEN);
	assert_int_equal(login_at(f, t, "homa", password, "198.51.100.7", token, &out), SVC_OK);
	/* two failures: the next attempt waits the second answer's delay */
	add_user(f, "soraya", ROLE_COORDINATOR, NULL, 0, password);
	time_t u = t + 60;
	assert_int_equal(login_at(f, u, "soraya", "guess number one", "198.51.100.8", token, &out),
			 SVC_FORBIDDEN);
	assert_false(out.throttled);
	assert_int_equal(login_at(f, u, "soraya", "guess number two", "198.51.100.9", token, &out),
			 SVC_FORBIDDEN);
	assert_false(out.throttled);
	int delay = out.delay_seconds;
	assert_true(delay >= 2);
	/* sooner, even the right password is refused unheard, from anywhere */
	assert_int_equal(login_at(f, u + delay - 1, "soraya", password, "198.51.100.10", token, &out),
			 SVC_FORBIDDEN);
	assert_true(out.throttled);
	assert_int_equal(out.retry_after, 1);
	assert_string_equal(token, "");
	/* and a refused attempt does not count as a failure */
	assert_int_equal(login_at(f, u + delay, "soraya", password, "198.51.100.10", token, &out),
			 SVC_OK);
}

/* The log of attempts keeps its time window: each login drops a few of
 * the expired entries, never one still in the window. */
static void test_login_log_is_pruned(void **state)
{
	Fixture *f = *state;
	const char *password = "walnuts of Paghman";
	add_user(f, "zarmina", ROLE_COORDINATOR, NULL, 0, password);
	char token[SVC_SESSION_TOKEN_SIZE];
	LoginOutcome out;
	const char *count = "SELECT count(*) FROM login_attempt WHERE login = ?";
	time_t t = T0 + 7200;
	for (int i = 0; i < 3; i++)
		assert_int_equal(login_at(f, t + i, "zarmina", password, "198.51.100.20", token, &out),
				 SVC_OK);
	long long before = sql_count(f->db_path, count, "zarmina");
	assert_int_equal(before, 3);
	/* still within the keeping time: nothing of hers goes */
	time_t later = t + SVC_LOGIN_LOG_SECONDS - 10;
	assert_int_equal(login_at(f, later, "zarmina", password, "198.51.100.20", token, &out), SVC_OK);
	assert_int_equal(sql_count(f->db_path, count, "zarmina"), 4);
	/* past it: every attempt of the whole log made before goes, a few per login */
	time_t much_later = later + SVC_LOGIN_LOG_SECONDS;
	long long total = sql_count(f->db_path, "SELECT count(*) FROM login_attempt", NULL);
	for (long long i = 0; i < total; i++)
		assert_int_equal(login_at(f, much_later + i, "zarmina", password, "198.51.100.20", token, &out),
				 SVC_OK);
	char expired[32];
	snprintf(expired, sizeof expired, "%lld", (long long)(much_later - SVC_LOGIN_LOG_SECONDS));
	assert_true(sql_count(f->db_path, "SELECT count(*) FROM login_attempt", NULL) > 0);
	assert_int_equal(sql_count(f->db_path, "SELECT count(*) FROM login_attempt WHERE at < CAST(? AS INTEGER)",
				   expired), 0);
}

/* ---- sessions ---- */

static void test_session_idle_expiry(void **state)
{
	Fixture *f = *state;
	const char *password = "apricots dry on the roof";
	add_user(f, "fereshta", ROLE_COORDINATOR, NULL, 0, password);
	char token[SVC_SESSION_TOKEN_SIZE];
	LoginOutcome out;
	time_t t = T0 + 7200;
	assert_int_equal(login_at(f, t, "fereshta", password, "198.51.100.20", token, &out),
			 SVC_OK);
	/* Each use moves the idle limit on. */
	assert_int_equal(session_at(f, t + 29 * 60, token), SVC_OK);
	assert_int_equal(session_at(f, t + 58 * 60, token), SVC_OK);
	assert_int_equal(session_at(f, t + 58 * 60 + SVC_SESSION_IDLE_SECONDS, token),
			 SVC_FORBIDDEN);
	/* An expired session is gone, even if the clock went back. */
	assert_int_equal(session_at(f, t + 59 * 60, token), SVC_FORBIDDEN);
}

static void test_session_absolute_expiry(void **state)
{
	Fixture *f = *state;
	const char *password = "snow on the Salang pass";
	add_user(f, "gulalai", ROLE_COORDINATOR, NULL, 0, password);
	char token[SVC_SESSION_TOKEN_SIZE];
	LoginOutcome out;
	time_t t = T0 + 4 * 3600;
	assert_int_equal(login_at(f, t, "gulalai", password, "198.51.100.21", token, &out), SVC_OK);
	time_t now = t;
	for (now = t + 25 * 60; now < t + SVC_SESSION_MAX_SECONDS; now += 25 * 60)
		assert_int_equal(session_at(f, now, token), SVC_OK);
	assert_int_equal(session_at(f, t + SVC_SESSION_MAX_SECONDS, token), SVC_FORBIDDEN);
}

static void test_login_gives_actor_and_csrf_and_logout_ends_it(void **state)
{
	Fixture *f = *state;
	const char *password = "the Amu Darya in spring";
	add_user(f, "habib", ROLE_EDITOR, &f->org_a, 1, password);
	time_t t = T0 + 8 * 3600;

	Ctx ctx;
	unit(f, &ACTOR_ANONYMOUS, t, &ctx);
	char token[SVC_SESSION_TOKEN_SIZE], csrf[SVC_CSRF_TOKEN_SIZE];
	char csrf_seen[SVC_CSRF_TOKEN_SIZE];
	Actor actor, again;
	LoginOutcome out;
	assert_int_equal(svc_login(&ctx, "Habib", password, "198.51.100.22", token, csrf, &actor,
				   &out),
			 SVC_OK);
	assert_null(out.reason);
	assert_string_equal(actor.login, "habib");
	assert_int_equal(actor.role, ROLE_EDITOR);
	assert_int_equal(actor.org_count, 1);
	assert_int_equal(actor.org_ids[0], f->org_a);
	assert_int_equal(strlen(csrf), SVC_CSRF_TOKEN_SIZE - 1);
	assert_string_not_equal(token, csrf);
	assert_int_equal(svc_session_check(&ctx, token, &again, csrf_seen), SVC_OK);
	assert_string_equal(csrf_seen, csrf);
	assert_int_equal(again.user_id, actor.user_id);
	assert_int_equal(again.org_ids[0], f->org_a);
	ctx_end(&ctx);

	/* Only the token's hash is stored. */
	assert_int_equal(sql_count(f->db_path, "SELECT count(*) FROM session WHERE token_hash = ?1",
				   token),
			 0);

	/* A second login is a new session with a new token. */
	char token2[SVC_SESSION_TOKEN_SIZE];
	assert_int_equal(login_at(f, t + 1, "habib", password, "198.51.100.22", token2, &out),
			 SVC_OK);
	assert_string_not_equal(token, token2);

	unit(f, &ACTOR_ANONYMOUS, t + 2, &ctx);
	assert_int_equal(svc_logout(&ctx, token), SVC_OK);
	assert_int_equal(svc_session_check(&ctx, token, &again, csrf_seen), SVC_FORBIDDEN);
	assert_int_equal(svc_session_check(&ctx, token2, &again, csrf_seen), SVC_OK);
	assert_int_equal(svc_session_check(&ctx, "not-a-token", &again, csrf_seen), SVC_FORBIDDEN);
	ctx_end(&ctx);
	/* Replayed after logout, the token opens nothing. */
	assert_int_equal(session_at(f, t + 3, token), SVC_FORBIDDEN);
}

static void test_disabling_or_changing_an_account_ends_its_sessions(void **state)
{
	Fixture *f = *state;
	const char *password = "kites over Wazir Akbar Khan";
	add_user(f, "jamila", ROLE_EDITOR, &f->org_b, 1, password);
	time_t t = T0 + 9 * 3600;
	char token[SVC_SESSION_TOKEN_SIZE];
	LoginOutcome out;

	assert_int_equal(login_at(f, t, "jamila", password, "198.51.100.23", token, &out), SVC_OK);
	Ctx ctx;
	Errors errs;
	errors_clear(&errs);
	unit(f, &ACTOR_SYSTEM, t + 1, &ctx);
	assert_int_equal(svc_user_role(&ctx, "jamila", ROLE_EDITOR, &f->org_a, 1, &errs), SVC_OK);
	ctx_end(&ctx);
	assert_int_equal(session_at(f, t + 2, token), SVC_FORBIDDEN);

	assert_int_equal(login_at(f, t + 3, "jamila", password, "198.51.100.23", token, &out),
			 SVC_OK);
	unit(f, &ACTOR_SYSTEM, t + 4, &ctx);
	assert_int_equal(svc_user_disable(&ctx, "jamila"), SVC_OK);
	ctx_end(&ctx);
	assert_int_equal(session_at(f, t + 5, token), SVC_FORBIDDEN);
	assert_int_equal(login_at(f, t + 6, "jamila", password, "198.51.100.23", token, &out),
			 SVC_FORBIDDEN);
	assert_string_equal(out.reason, "this account is disabled");

	unit(f, &ACTOR_SYSTEM, t + 7, &ctx);
	assert_int_equal(svc_user_enable(&ctx, "jamila"), SVC_OK);
	ctx_end(&ctx);
	assert_int_equal(login_at(f, t + 8, "jamila", password, "198.51.100.23", token, &out),
			 SVC_OK);
}

/* ---- API tokens ---- */

static void test_api_token_create_check_revoke(void **state)
{
	Fixture *f = *state;
	add_user(f, "khalid", ROLE_EDITOR, &f->org_b, 1, "mulberries in the Shomali");
	Ctx ctx;
	unit(f, &ACTOR_SYSTEM, T0, &ctx);
	char token[SVC_API_TOKEN_SIZE];
	int64_t id = 0;
	assert_int_equal(svc_token_create(&ctx, "khalid", "nightly export", token, &id), SVC_OK);
	assert_true(id > 0);
	assert_int_equal(strncmp(token, "hmh_", 4), 0);
	assert_int_equal(strlen(token), SVC_API_TOKEN_SIZE - 1);
	ctx_end(&ctx);
	assert_int_equal(sql_count(f->db_path, "SELECT count(*) FROM api_token WHERE token_hash = ?1"
				   " OR label = ?1", token),
			 0);

	Actor actor;
	unit(f, &ACTOR_ANONYMOUS, T0 + 60, &ctx);
	assert_int_equal(svc_token_check(&ctx, token, &actor), SVC_OK);
	assert_string_equal(actor.login, "khalid");
	assert_int_equal(actor.role, ROLE_EDITOR);
	assert_int_equal(actor.org_count, 1);
	assert_int_equal(actor.org_ids[0], f->org_b);
	char wrong[SVC_API_TOKEN_SIZE];
	memcpy(wrong, token, sizeof wrong);
	wrong[10] = wrong[10] == 'A' ? 'B' : 'A';
	assert_int_equal(svc_token_check(&ctx, wrong, &actor), SVC_FORBIDDEN);
	wrong[SVC_API_TOKEN_SIZE - 2] = '\0';
	assert_int_equal(svc_token_check(&ctx, wrong, &actor), SVC_FORBIDDEN);
	assert_int_equal(svc_token_check(&ctx, NULL, &actor), SVC_FORBIDDEN);
	ctx_end(&ctx);

	ApiToken *tokens;
	size_t n;
	unit(f, &ACTOR_SYSTEM, T0 + 120, &ctx);
	assert_int_equal(svc_token_list(&ctx, "khalid", &tokens, &n), SVC_OK);
	assert_int_equal(n, 1);
	assert_int_equal(tokens[0].last_used, T0 + 60);
	assert_null(tokens[0].token_hash);
	assert_int_equal(svc_token_revoke(&ctx, "khalid", id), SVC_OK);
	assert_int_equal(svc_token_revoke(&ctx, "khalid", id + 1000), SVC_NOT_FOUND);
	assert_int_equal(svc_token_check(&ctx, token, &actor), SVC_FORBIDDEN);

	/* A disabled user's tokens are refused too. */
	char second[SVC_API_TOKEN_SIZE];
	assert_int_equal(svc_token_create(&ctx, "khalid", NULL, second, NULL), SVC_OK);
	assert_int_equal(svc_token_check(&ctx, second, &actor), SVC_OK);
	assert_int_equal(svc_user_disable(&ctx, "khalid"), SVC_OK);
	assert_int_equal(svc_token_check(&ctx, second, &actor), SVC_FORBIDDEN);
	assert_int_equal(svc_token_create(&ctx, "nobody-at-all", NULL, second, NULL), SVC_NOT_FOUND);
	ctx_end(&ctx);
}

/* ---- managing users ---- */

static void test_only_admins_manage_users(void **state)
{
	Fixture *f = *state;
	add_user(f, "laila", ROLE_EDITOR, &f->org_a, 1, "saffron fields near Herat");
	add_user(f, "admin", ROLE_ADMIN, NULL, 0, "the registry keeps its word");
	Ctx ctx;
	Errors errs;
	Actor editor, admin;
	LoginOutcome out;
	char token[SVC_SESSION_TOKEN_SIZE], csrf[SVC_CSRF_TOKEN_SIZE];
	unit(f, &ACTOR_ANONYMOUS, T0, &ctx);
	assert_int_equal(svc_login(&ctx, "laila", "saffron fields near Herat", "198.51.100.30",
				   token, csrf, &editor, &out),
			 SVC_OK);
	assert_int_equal(svc_login(&ctx, "admin", "the registry keeps its word", "198.51.100.30",
				   token, csrf, &admin, &out),
			 SVC_OK);

	ctx.actor = &editor;
	errors_clear(&errs);
	assert_int_equal(svc_user_add(&ctx, "mallory", ROLE_ADMIN, NULL, 0,
				      "I would like to be admin", &errs, NULL),
			 SVC_FORBIDDEN);
	User *users;
	size_t n;
	assert_int_equal(svc_user_list(&ctx, &users, &n), SVC_FORBIDDEN);
	assert_int_equal(svc_user_disable(&ctx, "admin"), SVC_FORBIDDEN);
	assert_int_equal(svc_user_passwd(&ctx, "admin", "a new admin password", &errs),
			 SVC_FORBIDDEN);
	/* Her own password she may change (the policy still applies). */
	assert_int_equal(svc_user_passwd(&ctx, "laila", "laila", &errs), SVC_INVALID);
	errors_clear(&errs);
	assert_int_equal(svc_user_passwd(&ctx, "laila", "saffron fields near Farah", &errs), SVC_OK);

	ctx.actor = &admin;
	errors_clear(&errs);
	assert_int_equal(svc_user_add(&ctx, "nasrin", ROLE_EDITOR, NULL, 0,
				      "short", &errs, NULL),
			 SVC_INVALID);
	assert_true(has_error(&errs, "org", "an editor belongs to at least one organization"));
	assert_true(has_error(&errs, "password", "must be at least 12 characters long"));
	errors_clear(&errs);
	assert_int_equal(svc_user_add(&ctx, "laila", ROLE_MINISTRY, NULL, 0,
				      "another password here", &errs, NULL),
			 SVC_INVALID);
	assert_true(has_error(&errs, "login", "is taken"));
	errors_clear(&errs);
	int64_t missing = 999999;
	assert_int_equal(svc_user_add(&ctx, "nasrin", ROLE_EDITOR, &missing, 1,
				      "lapis from Badakhshan", &errs, NULL),
			 SVC_INVALID);
	assert_true(has_error(&errs, "org", "names no known organization"));
	errors_clear(&errs);
	assert_int_equal(svc_user_add(&ctx, "nasrin", ROLE_EDITOR, &f->org_b, 1,
				      "lapis from Badakhshan", &errs, NULL),
			 SVC_OK);
	assert_int_equal(svc_user_disable(&ctx, "admin"), SVC_FORBIDDEN); /* not itself */
	assert_int_equal(svc_user_list(&ctx, &users, &n), SVC_OK);
	assert_true(n >= 3);
	for (size_t i = 0; i < n; i++)
		assert_null(users[i].password_hash);
	ctx_end(&ctx);
}

/* ---- who may write ---- */

static void test_editor_changes_only_own_organizations(void **state)
{
	Fixture *f = *state;
	Actor editor_a = {.login = "editor-a", .role = ROLE_EDITOR, .org_ids = &f->org_a,
			  .org_count = 1};
	const char *count_sql = "SELECT count(*) FROM audit";
	Ctx ctx;
	Errors errs, warns;
	errors_clear(&errs);
	errors_clear(&warns);

	unit(f, &editor_a, T0, &ctx);
	Org o;
	assert_int_equal(svc_org_get(&ctx, f->org_a, &o), SVC_OK);
	o.description = "Wells and latrines in Badakhshan.";
	assert_int_equal(svc_org_update(&ctx, &o, &errs, &warns), SVC_OK);

	/* Another organization: refused, and nothing changes. */
	long long entries = sql_count(f->db_path, count_sql, NULL);
	assert_int_equal(svc_org_get(&ctx, f->org_b, &o), SVC_OK);
	o.name_en = "Bravo Aid (taken over)";
	assert_int_equal(svc_org_update(&ctx, &o, &errs, &warns), SVC_FORBIDDEN);
	assert_int_equal(svc_org_delete(&ctx, f->org_b), SVC_FORBIDDEN);
	assert_int_equal(svc_org_delete(&ctx, f->org_a), SVC_FORBIDDEN); /* nor delete its own */
	Org fresh;
	org_init(&fresh);
	fresh.name_en = "A new NGO";
	fresh.kind = "ngo_national";
	assert_int_equal(svc_org_create(&ctx, &fresh, &errs, &warns), SVC_FORBIDDEN);

	/* Projects: only those of A, and not handed over to A either. */
	int64_t id = 0;
	assert_int_equal(make_project(&ctx, "Bravo latrines", VIS_MEMBERS, f->org_b, 0, "WASH",
				      "AF1701", &id),
			 SVC_FORBIDDEN);
	Project p;
	assert_int_equal(svc_project_get(&ctx, f->proj_b, &p), SVC_OK);
	p.title_en = "Bravo schools (ours now)";
	assert_int_equal(svc_project_update(&ctx, &p, &errs, &warns), SVC_FORBIDDEN);
	ProjectOrg mine = {.org_id = f->org_a, .role = "implementing"};
	p.orgs = &mine;
	p.org_count = 1;
	assert_int_equal(svc_project_update(&ctx, &p, &errs, &warns), SVC_FORBIDDEN);
	assert_int_equal(svc_project_delete(&ctx, f->proj_b), SVC_FORBIDDEN);
	OrgRelation rel = {.from_org_id = f->org_b, .kind = "member_of", .to_org_id = f->org_r};
	assert_int_equal(svc_relation_create(&ctx, &rel, &errs), SVC_FORBIDDEN);
	Award award = {.org_id = f->org_b, .title = "Best of the year"};
	assert_int_equal(svc_award_create(&ctx, &award, &errs), SVC_FORBIDDEN);
	Meeting m = {.topic = "Winter plans", .attendance_total = NUM_UNKNOWN,
		     .attendance_female = NUM_UNKNOWN, .attendance_male = NUM_UNKNOWN};
	assert_int_equal(svc_meeting_create(&ctx, &m, &errs), SVC_FORBIDDEN);
	assert_int_equal(sql_count(f->db_path, count_sql, NULL), entries);
	ctx_end(&ctx);

	Ctx sys;
	unit(f, &ACTOR_SYSTEM, T0, &sys);
	assert_int_equal(svc_org_get(&sys, f->org_b, &o), SVC_OK);
	assert_string_equal(o.name_en, "Bravo Aid");
	assert_int_equal(svc_project_get(&sys, f->proj_b, &p), SVC_OK);
	assert_string_equal(p.title_en, "Bravo schools");
	assert_int_equal(p.orgs[0].org_id, f->org_b);
	ctx_end(&sys);

	/* Its own: a project made, changed, deleted; a relation and an award added. */
	unit(f, &editor_a, T0, &ctx);
	assert_int_equal(make_project(&ctx, "Alpha latrines", VIS_MEMBERS, f->org_a, 0, "WASH",
				      "AF1701", &id),
			 SVC_OK);
	assert_int_equal(svc_project_get(&ctx, id, &p), SVC_OK);
	p.title_en = "Alpha latrines, phase 2";
	assert_int_equal(svc_project_update(&ctx, &p, &errs, &warns), SVC_OK);
	assert_int_equal(svc_project_delete(&ctx, id), SVC_OK);
	rel = (OrgRelation){.from_org_id = f->org_a, .kind = "member_of", .to_org_id = f->org_b};
	assert_int_equal(svc_relation_create(&ctx, &rel, &errs), SVC_OK);
	award = (Award){.org_id = f->org_a, .title = "Clean water prize", .year = 2020};
	assert_int_equal(svc_award_create(&ctx, &award, &errs), SVC_OK);
	ctx_end(&ctx);
}

static void test_roles_and_anonymous_writes(void **state)
{
	Fixture *f = *state;
	Actor ministry = {.login = "ministry", .role = ROLE_MINISTRY};
	Actor coordinator = {.login = "coordinator", .role = ROLE_COORDINATOR};
	Ctx ctx;
	Errors errs, warns;
	errors_clear(&errs);
	errors_clear(&warns);
	Org o;
	org_init(&o);
	o.name_en = "Delta Network";
	o.kind = "ngo_national";
	Meeting m = {.topic = "Cluster meeting", .attendance_total = NUM_UNKNOWN,
		     .attendance_female = NUM_UNKNOWN, .attendance_male = NUM_UNKNOWN};

	unit(f, &ACTOR_ANONYMOUS, T0, &ctx);
	assert_int_equal(svc_org_create(&ctx, &o, &errs, &warns), SVC_FORBIDDEN);
	assert_int_equal(svc_project_delete(&ctx, f->proj_b), SVC_FORBIDDEN);
	assert_int_equal(svc_meeting_create(&ctx, &m, &errs), SVC_FORBIDDEN);
	ctx_end(&ctx);

	unit(f, &ministry, T0, &ctx);
	assert_int_equal(svc_meeting_create(&ctx, &m, &errs), SVC_FORBIDDEN);
	assert_int_equal(svc_org_create(&ctx, &o, &errs, &warns), SVC_OK);
	assert_int_equal(svc_org_delete(&ctx, o.id), SVC_OK);
	ctx_end(&ctx);

	unit(f, &coordinator, T0, &ctx);
	assert_int_equal(svc_meeting_create(&ctx, &m, &errs), SVC_OK);
	/* A restricted record is not there for a coordinator without a reason,
	 * to change or to delete. */
	assert_int_equal(svc_project_delete(&ctx, f->proj_r), SVC_NOT_FOUND);
	assert_int_equal(svc_org_delete(&ctx, f->org_r), SVC_NOT_FOUND);
	ctx_end(&ctx);
}

static void test_update_keeps_organizations_the_writer_does_not_see(void **state)
{
	Fixture *f = *state;
	Actor coordinator = {.login = "coordinator", .role = ROLE_COORDINATOR};
	Ctx ctx;
	Errors errs, warns;
	errors_clear(&errs);
	errors_clear(&warns);
	unit(f, &coordinator, T0, &ctx);
	Project p;
	assert_int_equal(svc_project_get(&ctx, f->proj_a, &p), SVC_OK);
	assert_int_equal(p.org_count, 1); /* the restricted funder is not shown */
	p.description_en = "Twelve wells.";
	assert_int_equal(svc_project_update(&ctx, &p, &errs, &warns), SVC_OK);
	ctx_end(&ctx);

	unit(f, &ACTOR_SYSTEM, T0, &ctx);
	assert_int_equal(svc_project_get(&ctx, f->proj_a, &p), SVC_OK);
	assert_int_equal(p.org_count, 2);
	assert_string_equal(p.description_en, "Twelve wells.");
	bool funder_kept = false;
	for (size_t i = 0; i < p.org_count; i++)
		funder_kept |= p.orgs[i].org_id == f->org_r && strcmp(p.orgs[i].role, "funding") == 0;
	assert_true(funder_kept);
	ctx_end(&ctx);
}

/* ---- who sees restricted records ---- */

/* Whether the actor (with an optional reason) sees the restricted org and
 * project: by id, in lists and in search. Asserts the three agree. */
static bool sees_restricted(Fixture *f, const Actor *actor, const char *reason)
{
	Ctx ctx;
	unit(f, actor, T0, &ctx);
	ctx.reason = reason;
	Project p;
	bool by_id = svc_project_get(&ctx, f->proj_r, &p) == SVC_OK;
	ProjectFilter pf = {.q = "zqxsecret"};
	ProjectList pl;
	assert_int_equal(svc_project_list(&ctx, &pf, &pl), SVC_OK);
	SearchHit *hits;
	size_t n;
	long long total;
	assert_int_equal(svc_search(&ctx, "zqxsecret", 10, 0, &hits, &n, &total), SVC_OK);
	assert_int_equal(by_id, pl.count == 1);
	assert_int_equal(by_id, n == 1);
	assert_int_equal(total, (long long)n);
	assert_int_equal(pl.total, (long long)pl.count);
	ctx_end(&ctx);
	return by_id;
}

static bool sees_restricted_org(Fixture *f, const Actor *actor, const char *reason)
{
	Ctx ctx;
	unit(f, actor, T0, &ctx);
	ctx.reason = reason;
	Org o;
	bool by_id = svc_org_get(&ctx, f->org_r, &o) == SVC_OK;
	OrgFilter of = {.q = "zqxcanary"};
	OrgList ol;
	assert_int_equal(svc_org_list(&ctx, &of, &ol), SVC_OK);
	assert_int_equal(by_id, ol.count == 1);
	/* Nor named on a project it funds, nor in relations. */
	Project p;
	assert_int_equal(svc_project_get(&ctx, f->proj_a, &p) == SVC_OK,
			 actor->role != ROLE_ANONYMOUS);
	for (size_t i = 0; actor->role != ROLE_ANONYMOUS && i < p.org_count; i++)
		if (p.orgs[i].org_id == f->org_r)
			assert_true(by_id);
	ctx_end(&ctx);
	return by_id;
}

static void test_restricted_records_seen_only_by_owner_or_with_reason(void **state)
{
	Fixture *f = *state;
	Actor editor_a = {.login = "editor-a", .role = ROLE_EDITOR, .org_ids = &f->org_a,
			  .org_count = 1};
	Actor editor_b = {.login = "editor-b", .role = ROLE_EDITOR, .org_ids = &f->org_b,
			  .org_count = 1};
	Actor editor_r = {.login = "editor-r", .role = ROLE_EDITOR, .org_ids = &f->org_r,
			  .org_count = 1};
	Actor coordinator = {.user_id = 0, .login = "coordinator", .role = ROLE_COORDINATOR};
	Actor ministry = {.login = "ministry", .role = ROLE_MINISTRY};
	Actor admin = {.login = "admin", .role = ROLE_ADMIN};

	assert_false(sees_restricted(f, &ACTOR_ANONYMOUS, NULL));
	assert_false(sees_restricted(f, &editor_b, NULL));
	assert_false(sees_restricted(f, &editor_b, "I would like to"));
	assert_false(sees_restricted(f, &coordinator, NULL));
	assert_false(sees_restricted(f, &coordinator, "   "));
	assert_false(sees_restricted(f, &ministry, "a review of the file"));
	assert_false(sees_restricted(f, &admin, NULL));
	assert_true(sees_restricted(f, &editor_a, NULL));
	assert_true(sees_restricted(f, &ACTOR_SYSTEM, NULL));

	assert_false(sees_restricted_org(f, &ACTOR_ANONYMOUS, NULL));
	assert_false(sees_restricted_org(f, &editor_a, NULL));
	assert_false(sees_restricted_org(f, &coordinator, NULL));
	assert_true(sees_restricted_org(f, &editor_r, NULL));

	/* No reads by reason so far; then each read with a reason is logged. */
	assert_int_equal(sql_count(f->db_path, "SELECT count(*) FROM restricted_read", NULL), 0);
	const char *reason = "protection cluster case 2031-17";
	assert_true(sees_restricted(f, &coordinator, reason));
	assert_true(sees_restricted_org(f, &admin, reason));

	Ctx ctx;
	unit(f, &admin, T0, &ctx);
	RestrictedRead *reads;
	size_t n;
	assert_int_equal(svc_restricted_reads(&ctx, "project", f->proj_r, 50, &reads, &n), SVC_OK);
	assert_int_equal(n, 3); /* the project by id, in a list and in search */
	for (size_t i = 0; i < n; i++) {
		assert_string_equal(reads[i].login, "coordinator");
		assert_string_equal(reads[i].reason, reason);
		assert_int_equal(reads[i].at, T0);
	}
	assert_int_equal(svc_restricted_reads(&ctx, "org", f->org_r, 50, &reads, &n), SVC_OK);
	assert_true(n >= 2);
	assert_string_equal(reads[0].login, "admin");
	ctx_end(&ctx);
	unit(f, &coordinator, T0, &ctx);
	assert_int_equal(svc_restricted_reads(&ctx, NULL, 0, 50, &reads, &n), SVC_FORBIDDEN);
	ctx_end(&ctx);
}

static void test_counts_leave_out_what_the_reader_does_not_see(void **state)
{
	Fixture *f = *state;
	Actor editor_a = {.login = "editor-a", .role = ROLE_EDITOR, .org_ids = &f->org_a,
			  .org_count = 1};
	Actor editor_r = {.login = "editor-r", .role = ROLE_EDITOR, .org_ids = &f->org_r,
			  .org_count = 1};
	Actor coordinator = {.login = "coordinator", .role = ROLE_COORDINATOR};
	struct {
		const Actor *actor;
		const char *reason;
		long long orgs, projects, results, wash_projects, wash_orgs;
	} cases[] = {
		/* public: A, B; project B (education) */
		{&ACTOR_ANONYMOUS, NULL, 2, 1, 1, 0, 0},
		/* members: + project A (WASH, implemented by A) */
		{&coordinator, NULL, 2, 2, 2, 1, 1},
		/* figures are not opened by a reason */
		{&coordinator, "a figure for a report", 2, 2, 2, 1, 1},
		/* A's editor: + the restricted project of A */
		{&editor_a, NULL, 2, 3, 3, 2, 1},
		/* R's editor: + the restricted org R */
		{&editor_r, NULL, 3, 2, 2, 1, 1},
		{&ACTOR_SYSTEM, NULL, 3, 3, 3, 2, 1},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		Ctx ctx;
		unit(f, cases[i].actor, T0, &ctx);
		ctx.reason = cases[i].reason;
		Totals t;
		assert_int_equal(svc_totals(&ctx, &t), SVC_OK);
		/* Orgs made by other tests (and deleted) do not remain. */
		if (t.orgs != cases[i].orgs || t.projects != cases[i].projects ||
		    t.results != cases[i].results)
			fail_msg("case %zu: %lld orgs, %lld projects, %lld results", i, t.orgs,
				 t.projects, t.results);
		PlaceSectorCount *rows;
		size_t n;
		assert_int_equal(svc_place_sectors(&ctx, "AF17", &rows, &n), SVC_OK);
		long long wash = 0, wash_orgs = 0;
		for (size_t k = 0; k < n; k++)
			if (strcmp(rows[k].sector, "WASH") == 0) {
				wash = rows[k].projects;
				wash_orgs = rows[k].orgs;
			}
		if (wash != cases[i].wash_projects || wash_orgs != cases[i].wash_orgs)
			fail_msg("case %zu: WASH in AF17: %lld projects, %lld orgs", i, wash,
				 wash_orgs);
		ctx_end(&ctx);
	}
}

/* ---- check ---- */

typedef struct CheckDb {
	char *dir;
	char path[512];
} CheckDb;

/* A database with a few audited writes, for tampering. */
static void check_db_make(CheckDb *c)
{
	c->dir = test_tmpdir();
	snprintf(c->path, sizeof c->path, "%s/check.db", c->dir);
	make_database(c->path);
	char *err = NULL;
	App *app = app_open(c->path, 1, &err);
	assert_non_null(app);
	Ctx ctx;
	ctx_begin(app, &ACTOR_SYSTEM, &ctx);
	add_org(&ctx, "Echo Foundation", VIS_PUBLIC);
	add_org(&ctx, "Foxtrot Trust", VIS_MEMBERS);
	add_org(&ctx, "Golf Society", VIS_PUBLIC);
	ctx_end(&ctx);
	app_close(app);
}

static void check_db_free(CheckDb *c)
{
	test_rmtree(c->dir);
	free(c->dir);
}

static const char *column(sqlite3_stmt *st, int col)
{
	return (const char *)sqlite3_column_text(st, col);
}

/* Recomputes the hash of one audit row from its fields, as a careful
 * intruder would after changing them. */
static void rehash_row(const char *path, int64_t id)
{
	enum { C_PREV, C_AT, C_ACTOR, C_ACTION, C_ENTITY, C_EID, C_BEFORE, C_AFTER };
	sqlite3 *h = NULL;
	sqlite3_stmt *st = NULL;
	assert_int_equal(sqlite3_open(path, &h), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(h, "SELECT prev_hash, at, actor, action, entity,"
					    " entity_id, before, after FROM audit WHERE id = ?1",
					    -1, &st, NULL),
			 SQLITE_OK);
	sqlite3_bind_int64(st, 1, id);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	char hash[AUDIT_HASH_HEX];
	audit_hash(column(st, C_PREV), column(st, C_AT), column(st, C_ACTOR), column(st, C_ACTION),
		   column(st, C_ENTITY), sqlite3_column_int64(st, C_EID), column(st, C_BEFORE),
		   column(st, C_AFTER), hash);
	sqlite3_finalize(st);
	assert_int_equal(sqlite3_prepare_v2(h, "UPDATE audit SET hash = ?1 WHERE id = ?2", -1, &st,
					    NULL),
			 SQLITE_OK);
	sqlite3_bind_text(st, 1, hash, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 2, id);
	assert_int_equal(sqlite3_step(st), SQLITE_DONE);
	sqlite3_finalize(st);
	sqlite3_close(h);
}

static AuditCheck run_check(const char *path)
{
	Store *s = NULL;
	assert_int_equal(store_open(path, false, &s), STORE_OK);
	Ctx ctx = {.store = s, .actor = &ACTOR_SYSTEM, .now = T0};
	ctx.arena = arena_new();
	AuditCheck result;
	assert_int_equal(svc_check(&ctx, &result), SVC_OK);
	arena_free(ctx.arena);
	store_close(s);
	return result;
}

static void test_check_passes_an_intact_trail(void **state)
{
	(void)state;
	CheckDb c;
	check_db_make(&c);
	AuditCheck r = run_check(c.path);
	assert_int_equal(r.broken_id, 0);
	assert_int_equal(r.entries, 4); /* reference data and three orgs */
	assert_true(r.database_ok);
	/* The trail refuses changes made the ordinary way. */
	assert_int_not_equal(sql_run(c.path, "UPDATE audit SET actor = 'someone' WHERE id = 2"),
			     SQLITE_OK);
	assert_int_not_equal(sql_run(c.path, "DELETE FROM audit WHERE id = 2"), SQLITE_OK);
	assert_int_equal(run_check(c.path).broken_id, 0);
	check_db_free(&c);
}

static void test_check_finds_a_row_changed_by_hand(void **state)
{
	(void)state;
	CheckDb c;
	check_db_make(&c);
	/* An intruder who knows the schema drops the guard first. */
	assert_int_equal(sql_run(c.path, "DROP TRIGGER audit_no_update;"
					 " UPDATE audit SET after = replace(after, 'Foxtrot', 'Fxtrot')"
					 " WHERE id = 3"),
			 SQLITE_OK);
	AuditCheck r = run_check(c.path);
	assert_int_equal(r.broken_id, 3);
	assert_non_null(strstr(r.problem, "does not match its hash"));
	assert_int_equal(r.entries, 2);

	/* One who also recomputes the row's hash breaks the next entry's link. */
	rehash_row(c.path, 3);
	r = run_check(c.path);
	assert_int_equal(r.broken_id, 4);
	assert_non_null(strstr(r.problem, "does not point at the hash of the entry before it"));
	check_db_free(&c);
}

static void test_check_finds_a_row_removed_by_hand(void **state)
{
	(void)state;
	CheckDb c;
	check_db_make(&c);
	assert_int_equal(sql_run(c.path, "DROP TRIGGER audit_no_delete;"
					 " DELETE FROM audit WHERE id = 2"),
			 SQLITE_OK);
	AuditCheck r = run_check(c.path);
	assert_int_equal(r.broken_id, 2);
	assert_non_null(strstr(r.problem, "is missing"));

	/* The newest entry removed: the chain is whole but ends early. */
	CheckDb d;
	check_db_make(&d);
	assert_int_equal(sql_run(d.path, "DROP TRIGGER audit_no_delete;"
					 " DELETE FROM audit WHERE id = 4"),
			 SQLITE_OK);
	r = run_check(d.path);
	assert_int_equal(r.broken_id, 4);
	assert_non_null(strstr(r.problem, "is missing"));

	/* The first entry removed. */
	CheckDb e;
	check_db_make(&e);
	assert_int_equal(sql_run(e.path, "DROP TRIGGER audit_no_delete;"
					 " DELETE FROM audit WHERE id = 1"),
			 SQLITE_OK);
	r = run_check(e.path);
	assert_int_equal(r.broken_id, 1);
	check_db_free(&c);
	check_db_free(&d);
	check_db_free(&e);
}

int main(void)
{
	if (sodium_init() < 0)
		return 1;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_password_policy),
		cmocka_unit_test(test_password_is_hashed_never_stored_or_audited),
		cmocka_unit_test(test_unknown_login_answers_like_a_wrong_password),
		cmocka_unit_test(test_throttled_by_login_until_the_window_passes),
		cmocka_unit_test(test_throttled_by_address),
		cmocka_unit_test(test_slowed_before_refused),
		cmocka_unit_test(test_login_log_is_pruned),
		cmocka_unit_test(test_session_idle_expiry),
		cmocka_unit_test(test_session_absolute_expiry),
		cmocka_unit_test(test_login_gives_actor_and_csrf_and_logout_ends_it),
		cmocka_unit_test(test_disabling_or_changing_an_account_ends_its_sessions),
		cmocka_unit_test(test_api_token_create_check_revoke),
		cmocka_unit_test(test_only_admins_manage_users),
		cmocka_unit_test(test_editor_changes_only_own_organizations),
		cmocka_unit_test(test_roles_and_anonymous_writes),
		cmocka_unit_test(test_update_keeps_organizations_the_writer_does_not_see),
		cmocka_unit_test(test_restricted_records_seen_only_by_owner_or_with_reason),
		cmocka_unit_test(test_counts_leave_out_what_the_reader_does_not_see),
		cmocka_unit_test(test_check_passes_an_intact_trail),
		cmocka_unit_test(test_check_finds_a_row_changed_by_hand),
		cmocka_unit_test(test_check_finds_a_row_removed_by_hand),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
