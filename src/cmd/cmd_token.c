/*
 * cmd_token.c — `hamahang token create|list|revoke`: personal API tokens
 * for scripts, which send them as `Authorization: Bearer TOKEN`.
 *
 * A new token is printed once, alone on standard output so a script can
 * capture it; only its hash is kept, so a lost token is revoked and
 * replaced, never shown again.
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
	"usage: hamahang token create --db FILE --login NAME [--label TEXT]\n"
	"       hamahang token list --db FILE --login NAME\n"
	"       hamahang token revoke --db FILE --login NAME --id ID\n\n"
	"Personal API tokens act as their user (with the user's role and\n"
	"organizations) for scripts: 'Authorization: Bearer TOKEN'.\n\n"
	"  --db FILE      the database (made by 'hamahang init')\n"
	"  --login NAME   the user the token acts as\n"
	"  --label TEXT   what the token is for (\"nightly export\"), up to 200 characters\n"
	"  --id ID        the token to revoke, as 'token list' shows it\n\n"
	"'create' prints the token once, alone on standard output: keep it now,\n"
	"it cannot be shown again. A disabled user's tokens are refused.\n"
	"Exit status: 0 done, 1 no such user or token, 2 usage error or failure.\n";

/* What the command line asked for. */
typedef struct TokenArgs {
	const char *action;     /* "create", "list" or "revoke" */
	const char *db;         /* --db */
	const char *login;      /* --login */
	const char *label;      /* --label, may be NULL */
	int64_t id;             /* --id, 0 when not given */
} TokenArgs;

/* Returns -1 when the arguments are good, else the exit status. */
static int parse_args(int argc, char **argv, TokenArgs *a)
{
	static const struct option opts[] = {
		{"db", required_argument, NULL, 'd'},
		{"login", required_argument, NULL, 'l'},
		{"label", required_argument, NULL, 'b'},
		{"id", required_argument, NULL, 'i'},
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
		case 'b': a->label = optarg; break;
		case 'i': {
			char *end = NULL;
			errno = 0;
			long long v = strtoll(optarg, &end, 10);
			if (errno != 0 || end == optarg || *end != '\0' || v <= 0)
				return cmd_fail("token", "--id %s is not a token id", optarg);
			a->id = v;
			break;
		}
		case 'h': fputs(USAGE, stdout); return 0;
		default: fputs(USAGE, stderr); return 2;
		}
	}
	if (!a->db || !a->login || optind < argc - 1) {
		fputs(USAGE, stderr);
		return 2;
	}
	return -1;
}

static int report(Ctx *ctx, SvcStatus st, const TokenArgs *a)
{
	switch (st) {
	case SVC_OK:
		return 0;
	case SVC_NOT_FOUND:
		if (a->id)
			fprintf(stderr, "hamahang token: '%s' has no token %lld\n", a->login,
				(long long)a->id);
		else
			fprintf(stderr, "hamahang token: no user has the login '%s'\n", a->login);
		return 1;
	case SVC_INVALID:
		return cmd_fail("token", "--label must be text of at most %d characters",
				SVC_LABEL_MAX_CHARS);
	case SVC_FORBIDDEN:
		return cmd_fail("token", "'%s' is disabled: enable it first", a->login);
	case SVC_ERROR:
		break;
	}
	return cmd_fail("token", "the database failed: %s", svc_error(ctx));
}

static void print_time(int64_t t)
{
	if (!t) {
		fputs("never", stdout);
		return;
	}
	char text[32];
	time_t tt = (time_t)t;
	struct tm tm;
	gmtime_r(&tt, &tm);
	strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &tm);
	fputs(text, stdout);
}

static int run(Ctx *ctx, const TokenArgs *a)
{
	if (strcmp(a->action, "create") == 0) {
		char token[SVC_API_TOKEN_SIZE];
		int64_t id = 0;
		SvcStatus st = svc_token_create(ctx, a->login, a->label, token, &id);
		if (st == SVC_OK) {
			printf("%s\n", token);
			fflush(stdout);
			fprintf(stderr,
				"hamahang token: token %lld for '%s' made; it is shown only this once\n",
				(long long)id, a->login);
		}
		sodium_memzero(token, sizeof token);
		return report(ctx, st, a);
	}
	if (strcmp(a->action, "list") == 0) {
		ApiToken *tokens;
		size_t n;
		SvcStatus st = svc_token_list(ctx, a->login, &tokens, &n);
		if (st != SVC_OK)
			return report(ctx, st, a);
		printf("id\tcreated\tlast used\tstatus\tlabel\n");
		for (size_t i = 0; i < n; i++) {
			printf("%lld\t", (long long)tokens[i].id);
			print_time(tokens[i].created_at);
			putchar('\t');
			print_time(tokens[i].last_used);
			printf("\t%s\t%s\n", tokens[i].revoked ? "revoked" : "active",
			       tokens[i].label ? tokens[i].label : "");
		}
		return 0;
	}
	if (strcmp(a->action, "revoke") == 0) {
		if (!a->id)
			return cmd_fail("token", "give the token to revoke with --id");
		SvcStatus st = svc_token_revoke(ctx, a->login, a->id);
		if (st == SVC_OK)
			printf("hamahang token: token %lld of '%s' revoked\n", (long long)a->id,
			       a->login);
		return report(ctx, st, a);
	}
	cmd_fail("token", "'%s' is not an action", a->action);
	fputs(USAGE, stderr);
	return 2;
}

int cmd_token(int argc, char **argv)
{
	TokenArgs a;
	int status = parse_args(argc, argv, &a);
	if (status >= 0)
		return status;
	char *err = NULL;
	App *app = app_open(a.db, 1, &err);
	if (!app) {
		status = cmd_fail("token", "%s", err);
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
