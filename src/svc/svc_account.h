/*
 * svc_account.h — accounts and how they sign in: users and their roles,
 * passwords, login throttling, sessions and personal API tokens.
 *
 * Passwords are hashed with Argon2id (libsodium, t=2, m=64 MiB, p=1) and
 * never stored, logged or audited; session and API tokens are random and
 * only their BLAKE2b-256 hash is stored, so a copy of the database opens
 * no account. Every change of an account is one transaction with its audit
 * entry, like every other write. Who may manage accounts is decided with
 * the rest of the policy in svc.c. All times come from ctx->now, so tests
 * can move the clock. No I/O: a delay owed after a failed login is
 * returned to the caller, which does the waiting.
 */
#ifndef HAMAHANG_SVC_ACCOUNT_H
#define HAMAHANG_SVC_ACCOUNT_H

#include "svc/svc.h"

#define SVC_LOGIN_MIN_CHARS       3
#define SVC_LOGIN_MAX_CHARS       64
#define SVC_PASSWORD_MIN_CHARS    12     /* code points */
#define SVC_PASSWORD_MAX_BYTES    1024
#define SVC_LABEL_MAX_CHARS       200    /* of an API token */

#define SVC_SESSION_IDLE_SECONDS  (30 * 60)
#define SVC_SESSION_MAX_SECONDS   (12 * 60 * 60)
#define SVC_LOGIN_WINDOW_SECONDS  (15 * 60)
#define SVC_LOGIN_MAX_FAILURES    5      /* per login within the window */
#define SVC_ADDRESS_MAX_FAILURES  20     /* per address within the window */
#define SVC_LOGIN_MAX_DELAY       30     /* seconds, the most a failure is slowed */
/* How long the log of login attempts is kept: long enough to look into a
 * guessing campaign afterwards, far longer than the lockout window. */
#define SVC_LOGIN_LOG_SECONDS     (90 * 24 * 60 * 60)

/* A session token: 128 random bits in base64url (22 characters) and a
 * NUL; the CSRF token of a session has the same form. */
#define SVC_SESSION_TOKEN_SIZE    23
#define SVC_CSRF_TOKEN_SIZE       23
/* An API token: "hmh_" and 256 random bits in base64url (43 characters)
 * and a NUL. The prefix lets secret scanners recognize a leaked one. */
#define SVC_API_TOKEN_SIZE        48

/* "admin", "coordinator", "ministry", "editor" to a Role; false for
 * anything else (anonymous and the system are not roles of an account). */
bool svc_role_parse(const char *text, Role *out);
/* The name of a role: those four, "anonymous" or "system". */
const char *svc_role_name(Role role);

/* Collects in errs (field "login") what is wrong with a login: 3 to 64
 * characters of a-z, 0-9, '.', '_' and '-'. */
void svc_login_check(const char *login, Errors *errs);
/* Collects in errs (field "password") what is wrong with a password: at
 * least 12 characters, not one of the most common passwords, not the
 * login nor containing it, not a few characters repeated. */
void svc_password_check(const char *login, const char *password, Errors *errs);

/* ---- users: each call one transaction with its audit entry ---- */

/* Adds a user. An editor belongs to one or more organizations (org_ids);
 * other roles to none. SVC_INVALID with every problem in errs (a taken
 * login too); SVC_FORBIDDEN unless the actor manages users. *id_out (may
 * be NULL) gets the new user's id. */
SvcStatus svc_user_add(Ctx *ctx, const char *login, Role role, const int64_t *org_ids,
		       size_t org_count, const char *password, Errors *errs, int64_t *id_out);
/* Sets a new password, clears failed logins and ends the user's sessions.
 * Allowed to those who manage users and to the user itself. */
SvcStatus svc_user_passwd(Ctx *ctx, const char *login, const char *password, Errors *errs);
/* Changes role and organizations and ends the user's sessions. */
SvcStatus svc_user_role(Ctx *ctx, const char *login, Role role, const int64_t *org_ids,
			size_t org_count, Errors *errs);
/* Disables a user (no login; sessions ended; tokens refused), or enables
 * one again. SVC_FORBIDDEN also for the actor's own account. */
SvcStatus svc_user_disable(Ctx *ctx, const char *login);
SvcStatus svc_user_enable(Ctx *ctx, const char *login);
/* Every user with its organizations, by login, in the arena; the password
 * hashes are left out (NULL). */
SvcStatus svc_user_list(Ctx *ctx, User **out, size_t *count);

/* ---- signing in ---- */

typedef struct LoginOutcome {
	bool throttled;         /* refused without checking the password: too many failures */
	int retry_after;        /* when throttled: seconds until an attempt is heard again */
	int delay_seconds;      /* after a failure: how long to wait before answering */
	const char *reason;     /* why it failed, for the user (a literal); NULL on success */
} LoginOutcome;

/* Checks a login and password from a client address and, when right,
 * starts a session: token_out gets the new session token (for the cookie)
 * and csrf_out the session's CSRF token; *actor_out the signed-in actor,
 * its strings and org ids in ctx->arena.
 *
 * SVC_FORBIDDEN when refused: a wrong login or password (the same answer
 * and the same time for an unknown login), a disabled account, or too
 * many failures — 5 for a login or 20 from an address within 15 minutes
 * (outcome->throttled, until the window lets an attempt through again).
 * Before that, from a login's second failure on, an attempt at that login
 * that comes sooner after its newest failure than that failure's
 * delay_seconds (2, 4, 8 ...) is refused unheard (outcome->throttled,
 * retry_after until it is heard).
 * The caller waits outcome->delay_seconds before answering a failure.
 * Every attempt is logged (never the password). */
SvcStatus svc_login(Ctx *ctx, const char *login, const char *password, const char *address,
		    char token_out[SVC_SESSION_TOKEN_SIZE], char csrf_out[SVC_CSRF_TOKEN_SIZE],
		    Actor *actor_out, LoginOutcome *outcome);
/* The actor of a session token (strings and org ids in ctx->arena) and the
 * session's CSRF token; marks the session as seen at ctx->now (at most once
 * a minute, so the idle limit is exact to a minute). SVC_FORBIDDEN
 * when the token is malformed or unknown, the session is older than 12
 * hours or was idle 30 minutes (it is then removed), or the user is disabled. */
SvcStatus svc_session_check(Ctx *ctx, const char *token, Actor *out,
			    char csrf_out[SVC_CSRF_TOKEN_SIZE]);
/* Ends the session of a token on the server (SVC_OK also when none). */
SvcStatus svc_logout(Ctx *ctx, const char *token);

/* ---- API tokens ---- */

/* Makes a token for a user (label may be NULL) and puts it in token_out:
 * shown once, only its hash is kept. Allowed to those who manage users
 * and to the user itself. *id_out (may be NULL) gets the token's id. */
SvcStatus svc_token_create(Ctx *ctx, const char *login, const char *label,
			   char token_out[SVC_API_TOKEN_SIZE], int64_t *id_out);
/* The actor of an `Authorization: Bearer` token (strings in ctx->arena);
 * marks the token used. SVC_FORBIDDEN when malformed, unknown, revoked,
 * or its user is disabled. */
SvcStatus svc_token_check(Ctx *ctx, const char *bearer, Actor *out);
/* A user's tokens, newest first (hashes left out). */
SvcStatus svc_token_list(Ctx *ctx, const char *login, ApiToken **out, size_t *count);
/* Revokes one of a user's tokens; SVC_NOT_FOUND if it has none with that id. */
SvcStatus svc_token_revoke(Ctx *ctx, const char *login, int64_t id);

#endif
