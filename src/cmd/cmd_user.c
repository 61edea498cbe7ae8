/*
 * cmd_user.c — `hamahang user add|passwd|role|list|disable|enable`: the
 * operator's way to manage accounts. Every change goes through the
 * service (svc_account.h) as the system actor, with its audit entry.
 *
 * A password is read only from standard input (never from the command
 * line, where other users of the machine could see it) and wiped after use.
 */
#include <errno.h>
#include <getopt.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cmd/cmd.h"
#include "svc/svc.h"
#include "svc/svc_account.h"

static const char USAGE[] =
	"usage: hamahang user add --db FILE --login NAME --role ROLE [--org ID]... --password-stdin\n"
	"       hamahang user passwd --db FILE --login NAME --password-stdin\n"
	"       hamahang user role --db FILE --login NAME --role ROLE [--org ID]...\n"
	"       hamahang user list --db FILE\n"
	"       hamahang user disable --db FILE --login NAME\n"
	"       hamahang user enable --db FILE --login NAME\n\n"
	"Manages the accounts that sign in to the web pages and the API.\n\n"
	"  --db FILE          the database (made by 'hamahang init')\n"
	"  --login NAME       3 to 64 of a-z, 0-9 and . _ -\n"
	"  --role ROLE        admin        manages users; reads restricted records with a reason\n"
	"                     coordinator  a coordination body's staff; the same reads\n"
	"                     ministry     a reviewer at MoEc or a line ministry\n"
	"                     editor       staff of the organizations given with --org\n"
	"  --org ID           an organization an editor belongs to (repeat for several)\n"
	"  --password-stdin   read the password from the first line of standard input:\n"
	"                     at least 12 characters, not a common one, not the login\n\n"
	"A new password, a new role and disabling an account end its sessions.\n"
	"Exit status: 0 done, 1 no such user, 2 usage error, invalid input or failure.\n";

#define MAX_ORGS 64

/* What the command line asked for. */
typedef struct UserArgs {
	const char *action;        /* "add", "passwd", ... */
	const char *db;            /* --db */
	const char *login;         /* --login */
	const char *role;          /* --role, as typed */
	int64_t orgs[MAX_ORGS];    /* --org, in order */
	size_t org_count;          /* entries in orgs[] */
	bool password_stdin;       /* --password-stdin */
} UserArgs;

/* Parses an organization id: a whole positive number, nothing after it. */
static bool parse_org_id(const char *text, int64_t *out)
{
	char *end = NULL;
	errno = 0;
	long long v = strtoll(text, &end, 10);
	if (errno != 0 || end == text || *end != '\0' || v <= 0)
		return false;
	*out = v;
	return true;
}

/* Returns -1 when the arguments are good, else the exit status. */
static int parse_args(int argc, char **argv, UserArgs *a)
{
	static const struct option opts[] = {
		{"db", required_argument, NULL, 'd'},
		{"login", required_argument, NULL, 'l'},
		{"role", required_argument, NULL, 'r'},
		{"org", required_argument, NULL, 'o'},
		{"password-stdin", no_argument, NULL, 'p'},
		{"help", no_argument, NULL, 'h'},
		{0, 0, 0, 0},
	};
	memset(a, 0, sizeof *a);
	if (argc < 2 || argv[1][0] == '-') {
		bool help = cmd_wants_help(argc, argv);
		fputs(USAGE, help ? stdout : stderr);
		return help ? 0 : 2;
	}
	a->action = argv[1];
	int c;
	optind = 1;
	while ((c = getopt_long(argc - 1, argv + 1, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'd': a->db = optarg; break;
		case 'l': a->login = optarg; break;
		case 'r': a->role = optarg; break;
		case 'o':
			if (a->org_count == MAX_ORGS)
				return cmd_fail("user", "at most %d organizations", MAX_ORGS);
			if (!parse_org_id(optarg, &a->orgs[a->org_count]))
				return cmd_fail("user", "--org %s is not an organization id", optarg);
			a->org_count++;
			break;
		case 'p': a->password_stdin = true; break;
		case 'h': fputs(USAGE, stdout); return 0;
		default: fputs(USAGE, stderr); return 2;
		}
	}
	if (!a->db || optind < argc - 1) {
		fputs(USAGE, stderr);
		return 2;
	}
	return -1;
}

/* Reads the first line of standard input; false when there is none or it
 * is too long. The caller wipes buf. */
static bool read_password(char *buf, size_t size)
{
	if (!fgets(buf, (int)size, stdin))
		return false;
	size_t n = strlen(buf);
	if (n && buf[n - 1] == '\n')
		buf[--n] = '\0';
	else if (!feof(stdin))
		return false;
	if (n && buf[n - 1] == '\r')
		buf[--n] = '\0';
	return true;
}

static void print_errors(const Errors *errs)
{
	for (size_t i = 0; i < errs->count; i++) {
		const FieldError *e = &errs->items[i];
		fprintf(stderr, "  %s %s%s%s\n", e->field, e->message, e->detail[0] ? ": " : "",
			e->detail);
	}
}

/* The exit status for a service answer, saying what went wrong. */
static int report(Ctx *ctx, SvcStatus st, const char *login, const Errors *errs)
{
	switch (st) {
	case SVC_OK:
		return 0;
	case SVC_INVALID:
		fprintf(stderr, "hamahang user: not done:\n");
		print_errors(errs);
		return 2;
	case SVC_NOT_FOUND:
		fprintf(stderr, "hamahang user: no user has the login '%s'\n", login ? login : "");
		return 1;
	case SVC_FORBIDDEN:
		return cmd_fail("user", "not allowed (an account cannot disable itself)");
	case SVC_ERROR:
		break;
	}
	return cmd_fail("user", "the database failed: %s", svc_error(ctx));
}

static void print_time(int64_t t)
{
	char text[32];
	time_t tt = (time_t)t;
	struct tm tm;
	gmtime_r(&tt, &tm);
	strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &tm);
	fputs(text, stdout);
}

static int list_users(Ctx *ctx)
{
	User *users;
	size_t n;
	SvcStatus st = svc_user_list(ctx, &users, &n);
	if (st != SVC_OK)
		return report(ctx, st, NULL, NULL);
	printf("login\trole\tstatus\tfailed logins\tcreated\torganizations\n");
	for (size_t i = 0; i < n; i++) {
		const User *u = &users[i];
		printf("%s\t%s\t", u->login, u->role);
		if (u->disabled) {
			fputs("disabled", stdout);
		} else if (u->locked_until > ctx->now) {
			fputs("locked until ", stdout);
			print_time(u->locked_until);
		} else {
			fputs("active", stdout);
		}
		printf("\t%d\t", u->failed_logins);
		print_time(u->created_at);
		putchar('\t');
		for (size_t k = 0; k < u->org_count; k++) {
			Org o;
			bool named = svc_org_get(ctx, u->org_ids[k], &o) == SVC_OK;
			printf("%s%lld%s%s%s", k ? "; " : "", (long long)u->org_ids[k],
			       named ? " (" : "", named ? o.name_en : "", named ? ")" : "");
		}
		if (!u->org_count)
			putchar('-');
		putchar('\n');
	}
	if (!n)
		printf("(no users yet: add one with 'hamahang user add')\n");
	return 0;
}

static int run(Ctx *ctx, const UserArgs *a)
{
	const char *act = a->action;
	if (strcmp(act, "list") == 0)
		return list_users(ctx);
	if (!a->login) {
		fputs(USAGE, stderr);
		return 2;
	}
	Errors errs;
	errors_clear(&errs);
	Role role = ROLE_ANONYMOUS;
	bool wants_role = strcmp(act, "add") == 0 || strcmp(act, "role") == 0;
	if (wants_role && (!a->role || !svc_role_parse(a->role, &role)))
		return cmd_fail("user", "--role must be admin, coordinator, ministry or editor");
	bool wants_password = strcmp(act, "add") == 0 || strcmp(act, "passwd") == 0;
	if (wants_password && !a->password_stdin)
		return cmd_fail("user", "give the password on standard input with --password-stdin");

	SvcStatus st;
	const char *done;
	if (wants_password) {
		char password[SVC_PASSWORD_MAX_BYTES + 3];
		bool have = read_password(password, sizeof password);
		if (!have) {
			sodium_memzero(password, sizeof password);
			return cmd_fail("user", "no password (or a line too long) on standard input");
		}
		if (strcmp(act, "add") == 0) {
			st = svc_user_add(ctx, a->login, role, a->orgs, a->org_count, password, &errs,
					  NULL);
			done = "added";
		} else {
			st = svc_user_passwd(ctx, a->login, password, &errs);
			done = "password changed; sessions ended";
		}
		sodium_memzero(password, sizeof password);
	} else if (strcmp(act, "role") == 0) {
		st = svc_user_role(ctx, a->login, role, a->orgs, a->org_count, &errs);
		done = "role changed; sessions ended";
	} else if (strcmp(act, "disable") == 0) {
		st = svc_user_disable(ctx, a->login);
		done = "disabled; sessions ended";
	} else if (strcmp(act, "enable") == 0) {
		st = svc_user_enable(ctx, a->login);
		done = "enabled";
	} else {
		cmd_fail("user", "'%s' is not an action", act);
		fputs(USAGE, stderr);
		return 2;
	}
	if (st == SVC_OK)
		printf("hamahang user: %s: %s\n", a->login, done);
	return report(ctx, st, a->login, &errs);
}

int cmd_user(int argc, char **argv)
{
	UserArgs a;
	int status = parse_args(argc, argv, &a);
	if (status >= 0)
		return status;
	char *err = NULL;
	App *app = app_open(a.db, 1, &err);
	if (!app) {
		status = cmd_fail("user", "%s", err);
		free(err);
		return status;
	}
	Ctx ctx;
	ctx_begin(app, &ACTOR_SYSTEM, &ctx);
	status = run(&ctx, &a);
	ctx_end(&ctx);
	app_close(app);
	return status;
}
