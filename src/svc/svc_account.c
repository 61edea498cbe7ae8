/*
 * svc_account.c — accounts, passwords, login throttling, sessions and API
 * tokens (see svc_account.h).
 *
 * Secrets pass through here and nowhere else: a password is hashed or
 * verified and then wiped, never stored, logged or put in an audit
 * snapshot; a token is made from random bytes, handed to the caller once,
 * and only its hash goes to the store. Who may manage accounts is asked of
 * the policy in svc.c (svc_may_manage_users, svc_may_manage_account).
 */
#include "svc/svc_account.h"

#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "core/text.h"
#include "fmt/record_json.h"
#include "store/embedded.h"
#include "svc/svc_int.h"

/* Argon2id cost: libsodium's interactive level, t=2 and 64 MiB, above the
 * floor the project holds to (t=2, m=19 MiB). */
#define PWHASH_OPS crypto_pwhash_OPSLIMIT_INTERACTIVE
#define PWHASH_MEM crypto_pwhash_MEMLIMIT_INTERACTIVE
_Static_assert(PWHASH_OPS >= 2, "Argon2id needs at least t=2");
_Static_assert(PWHASH_MEM >= 19u * 1024u * 1024u, "Argon2id needs at least m=19 MiB");

#define SESSION_TOKEN_BYTES 16
#define SESSION_TOUCH_SECONDS 60
#define API_TOKEN_BYTES 32
#define API_TOKEN_PREFIX "hmh_"
#define TOKEN_HASH_HEX 65
#define COMMON_PASSWORDS "data/common-passwords.txt"

/* What this file keeps to itself: the hash an unknown login is checked
 * against, made once per process from a random password nobody knows, so
 * that an unknown login costs the same time as a wrong password. */
static struct {
	pthread_once_t once;                       /* makes dummy_hash once */
	int made;                                  /* 1 when dummy_hash holds a hash */
	char dummy_hash[crypto_pwhash_STRBYTES];   /* an Argon2id string */
} verifier = {.once = PTHREAD_ONCE_INIT};

static void make_dummy_hash(void)
{
	unsigned char secret[32];
	randombytes_buf(secret, sizeof secret);
	char text[sizeof secret * 2 + 1];
	sodium_bin2hex(text, sizeof text, secret, sizeof secret);
	verifier.made = crypto_pwhash_str_alg(verifier.dummy_hash, text, strlen(text), PWHASH_OPS,
					      PWHASH_MEM, crypto_pwhash_ALG_ARGON2ID13) == 0;
	sodium_memzero(secret, sizeof secret);
	sodium_memzero(text, sizeof text);
}

/* 0 and the Argon2id string in out, or -1 when out of memory. */
static int password_hash(const char *password, char out[crypto_pwhash_STRBYTES])
{
	return crypto_pwhash_str_alg(out, password, strlen(password), PWHASH_OPS, PWHASH_MEM,
				     crypto_pwhash_ALG_ARGON2ID13);
}

/* Whether password matches hash; a NULL hash is checked against the dummy
 * one (and never matches), taking the same time. */
static bool password_verify(const char *hash, const char *password)
{
	bool known = hash != NULL;
	if (!known) {
		pthread_once(&verifier.once, make_dummy_hash);
		hash = verifier.made ? verifier.dummy_hash : NULL;
	}
	bool match = hash && crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
	return known && match;
}

/* ---- tokens ---- */

/* prefix followed by `bytes` random bytes in base64url, into out. */
static void token_make(char *out, size_t out_size, const char *prefix, size_t bytes)
{
	unsigned char raw[API_TOKEN_BYTES];
	size_t plen = strlen(prefix);
	randombytes_buf(raw, bytes);
	memcpy(out, prefix, plen);
	sodium_bin2base64(out + plen, out_size - plen, raw, bytes,
			  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(raw, sizeof raw);
}

/* Whether token is prefix and exactly `chars` base64url characters. */
static bool token_well_formed(const char *token, const char *prefix, size_t chars)
{
	size_t plen = strlen(prefix);
	if (!token || strncmp(token, prefix, plen) != 0 || strlen(token) != plen + chars)
		return false;
	for (const char *c = token + plen; *c; c++)
		if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
		      (*c >= '0' && *c <= '9') || *c == '-' || *c == '_'))
			return false;
	return true;
}

/* The hex BLAKE2b-256 of a token: what the store keeps in its place. */
static void token_hash(const char *token, char out[TOKEN_HASH_HEX])
{
	unsigned char digest[32];
	crypto_generichash(digest, sizeof digest, (const unsigned char *)token, strlen(token), NULL,
			   0);
	sodium_bin2hex(out, TOKEN_HASH_HEX, digest, sizeof digest);
}

/* ---- roles, logins and passwords ---- */

static const struct {
	Role role;
	const char *name;
} ROLES[] = {
	{ROLE_ADMIN, "admin"},
	{ROLE_COORDINATOR, "coordinator"},
	{ROLE_MINISTRY, "ministry"},
	{ROLE_EDITOR, "editor"},
};

bool svc_role_parse(const char *text, Role *out)
{
	for (size_t i = 0; text && i < sizeof ROLES / sizeof *ROLES; i++)
		if (strcmp(text, ROLES[i].name) == 0) {
			*out = ROLES[i].role;
			return true;
		}
	return false;
}

const char *svc_role_name(Role role)
{
	for (size_t i = 0; i < sizeof ROLES / sizeof *ROLES; i++)
		if (ROLES[i].role == role)
			return ROLES[i].name;
	return role == ROLE_SYSTEM ? "system" : "anonymous";
}

static bool role_of_account(Role role)
{
	return role == ROLE_ADMIN || role == ROLE_COORDINATOR || role == ROLE_MINISTRY ||
	       role == ROLE_EDITOR;
}

static bool login_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
}

void svc_login_check(const char *login, Errors *errs)
{
	size_t len = login ? strlen(login) : 0;
	if (len == 0) {
		errors_add(errs, "login", "is required", NULL);
		return;
	}
	if (len < SVC_LOGIN_MIN_CHARS || len > SVC_LOGIN_MAX_CHARS)
		errors_add(errs, "login", "must be 3 to 64 characters long", NULL);
	for (size_t i = 0; i < len; i++)
		if (!login_char(login[i])) {
			errors_add(errs, "login",
				   "may hold only the letters a-z, digits and the signs . _ -", NULL);
			break;
		}
}

static char ascii_lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/* Whether the lower-cased password is on the compiled-in list of the most
 * common passwords (one a line, '#' starts a comment line). */
static bool password_common(const char *lower)
{
	const EmbeddedFile *f = embedded_find(COMMON_PASSWORDS);
	if (!f)
		return false;
	size_t len = strlen(lower);
	const char *p = f->data, *end = f->data + f->size;
	while (p < end) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		const char *line_end = eol ? eol : end;
		size_t n = (size_t)(line_end - p);
		if (n && p[n - 1] == '\r')
			n--;
		if (n == len && *p != '#' && strncasecmp(p, lower, n) == 0)
			return true;
		p = eol ? eol + 1 : end;
	}
	return false;
}

/* Distinct code points of a valid UTF-8 string, counted up to limit. */
static size_t distinct_chars(const char *s, size_t limit)
{
	uint32_t seen[8];
	size_t n = 0;
	const unsigned char *p = (const unsigned char *)s;
	while (*p && n < limit && n < sizeof seen / sizeof *seen) {
		size_t len = *p < 0x80 ? 1 : *p < 0xE0 ? 2 : *p < 0xF0 ? 3 : 4;
		uint32_t cp = 0;
		for (size_t i = 0; i < len && p[i]; i++)
			cp = cp << 8 | p[i];
		bool known = false;
		for (size_t i = 0; i < n && !known; i++)
			known = seen[i] == cp;
		if (!known)
			seen[n++] = cp;
		for (size_t i = 0; i < len && *p; i++)
			p++;
	}
	return n;
}

void svc_password_check(const char *login, const char *password, Errors *errs)
{
	size_t len = password ? strlen(password) : 0;
	if (len == 0) {
		errors_add(errs, "password", "is required", NULL);
		return;
	}
	if (len > SVC_PASSWORD_MAX_BYTES) {
		errors_add(errs, "password", "is too long", NULL);
		return;
	}
	if (!text_valid_utf8(password, len)) {
		errors_add(errs, "password", "is not valid text", NULL);
		return;
	}
	if (text_length(password) < SVC_PASSWORD_MIN_CHARS)
		errors_add(errs, "password", "must be at least 12 characters long", NULL);
	char lower[SVC_PASSWORD_MAX_BYTES + 1];
	for (size_t i = 0; i <= len; i++)
		lower[i] = ascii_lower(password[i]);
	if (password_common(lower))
		errors_add(errs, "password", "is one of the most common passwords", NULL);
	if (login && *login) {
		if (strcasecmp(lower, login) == 0)
			errors_add(errs, "password", "must not be the login", NULL);
		else if (strlen(login) >= 4 && strcasestr(lower, login))
			errors_add(errs, "password", "must not contain the login", NULL);
	}
	if (distinct_chars(password, 5) < 5)
		errors_add(errs, "password", "uses too few different characters", NULL);
	sodium_memzero(lower, sizeof lower);
}

/* ---- users ---- */

/* Commits, or rolls back and reports the store's error. */
static SvcStatus commit_or_rollback(Ctx *ctx, int rc)
{
	if (rc == STORE_OK && store_commit(ctx->store) == STORE_OK)
		return SVC_OK;
	store_rollback(ctx->store);
	return rc == STORE_NOT_FOUND ? SVC_NOT_FOUND : SVC_ERROR;
}

/* Checks a role and the organizations that go with it. Returns a STORE_* code. */
static int check_role_orgs(Ctx *ctx, Role role, const int64_t *org_ids, size_t org_count,
			   Errors *errs)
{
	if (!role_of_account(role)) {
		errors_add(errs, "role", "must be admin, coordinator, ministry or editor", NULL);
		return STORE_OK;
	}
	if (role == ROLE_EDITOR && org_count == 0)
		errors_add(errs, "org", "an editor belongs to at least one organization", NULL);
	if (role != ROLE_EDITOR && org_count > 0)
		errors_add(errs, "org", "only editors belong to organizations", NULL);
	if (org_count > LIST_MAX_ITEMS) {
		errors_add(errs, "org", "too many organizations", NULL);
		return STORE_OK;
	}
	for (size_t i = 0; i < org_count; i++) {
		Visibility v;
		int rc = store_org_visibility(ctx->store, org_ids[i], &v);
		if (rc == STORE_NOT_FOUND) {
			char id[32];
			snprintf(id, sizeof id, "%lld", (long long)org_ids[i]);
			errors_add(errs, "org", "names no known organization", id);
		} else if (rc != STORE_OK) {
			return rc;
		}
	}
	return STORE_OK;
}

/* The audit snapshot of an account: who, what role, which organizations,
 * whether disabled — never the password or its hash. */
static char *user_snapshot(Ctx *ctx, const char *login, const char *role, const int64_t *org_ids,
			   size_t org_count, bool disabled, bool password_changed)
{
	json_t *orgs = json_array();
	for (size_t i = 0; i < org_count; i++)
		json_array_append_new(orgs, json_integer((json_int_t)org_ids[i]));
	json_t *j = json_pack("{s:s,s:s,s:o,s:b}", "login", login, "role", role, "orgs", orgs,
			      "disabled", disabled);
	if (password_changed)
		json_object_set_new(j, "password", json_string("changed"));
	char *text = json_dump_arena(ctx->arena, j);
	json_decref(j);
	return text;
}

/* An actor for a stored user; its strings and org ids stay in the arena. */
static void actor_from_user(const User *u, Actor *out)
{
	memset(out, 0, sizeof *out);
	out->user_id = u->id;
	out->login = u->login;
	if (!svc_role_parse(u->role, &out->role))
		out->role = ROLE_ANONYMOUS;
	if (out->role == ROLE_EDITOR) {
		out->org_ids = u->org_ids;
		out->org_count = u->org_count;
	}
}

SvcStatus svc_user_add(Ctx *ctx, const char *login, Role role, const int64_t *org_ids,
		       size_t org_count, const char *password, Errors *errs, int64_t *id_out)
{
	if (!svc_may_manage_users(ctx))
		return SVC_FORBIDDEN;
	size_t before = errs->count;
	svc_login_check(login, errs);
	bool login_ok = errs->count == before;
	if (check_role_orgs(ctx, role, org_ids, org_count, errs) != STORE_OK)
		return SVC_ERROR;
	svc_password_check(login, password, errs);
	if (login_ok) {
		User existing;
		int rc = store_user_get_by_login(ctx->store, ctx->arena, login, &existing);
		if (rc == STORE_OK)
			errors_add(errs, "login", "is taken", login);
		else if (rc != STORE_NOT_FOUND)
			return SVC_ERROR;
	}
	if (errs->count)
		return SVC_INVALID;

	char hash[crypto_pwhash_STRBYTES];
	if (password_hash(password, hash) != 0)
		return SVC_ERROR;
	User u = {.login = login,
		  .password_hash = hash,
		  .role = svc_role_name(role),
		  .created_at = ctx->now};
	if (store_begin(ctx->store) != STORE_OK)
		return SVC_ERROR;
	int rc = store_user_insert(ctx->store, &u);
	if (rc == STORE_EXISTS) {
		store_rollback(ctx->store);
		errors_add(errs, "login", "is taken", login);
		return SVC_INVALID;
	}
	if (rc == STORE_OK)
		rc = store_user_orgs_replace(ctx->store, u.id, org_ids, org_count);
	if (rc == STORE_OK)
		rc = svc_audit_append(ctx, "create", "user", u.id, NULL,
				      user_snapshot(ctx, login, u.role, org_ids, org_count, false,
						    false));
	SvcStatus st = commit_or_rollback(ctx, rc);
	if (st == SVC_OK && id_out)
		*id_out = u.id;
	return st;
}

/* Finds an account by login for a change by the actor: SVC_FORBIDDEN
 * unless the actor manages users or it is the actor's own (when
 * self_allowed), asked before the lookup so an answer reveals nothing. */
static SvcStatus user_for_change(Ctx *ctx, const char *login, bool self_allowed, User *out)
{
	bool own = ctx->actor->user_id != 0 && ctx->actor->login && login &&
		   strcmp(ctx->actor->login, login) == 0;
	if (!svc_may_manage_users(ctx) && !(self_allowed && own))
		return SVC_FORBIDDEN;
	int rc = store_user_get_by_login(ctx->store, ctx->arena, login ? login : "", out);
	if (rc != STORE_OK)
		return rc == STORE_NOT_FOUND ? SVC_NOT_FOUND : SVC_ERROR;
	if (!svc_may_manage_account(ctx, out->id))
		return SVC_FORBIDDEN;
	return SVC_OK;
}

SvcStatus svc_user_passwd(Ctx *ctx, const char *login, const char *password, Errors *errs)
{
	User u;
	SvcStatus st = user_for_change(ctx, login, true, &u);
	if (st != SVC_OK)
		return st;
	svc_password_check(u.login, password, errs);
	if (errs->count)
		return SVC_INVALID;
	char hash[crypto_pwhash_STRBYTES];
	if (password_hash(password, hash) != 0)
		return SVC_ERROR;
	if (store_begin(ctx->store) != STORE_OK)
		return SVC_ERROR;
	int rc = store_user_set_password(ctx->store, u.id, hash);
	if (rc == STORE_OK)
		rc = store_user_set_failures(ctx->store, u.id, 0, 0);
	if (rc == STORE_OK)
		rc = store_session_delete_user(ctx->store, u.id);
	if (rc == STORE_OK)
		rc = svc_audit_append(
			ctx, "update", "user", u.id,
			user_snapshot(ctx, u.login, u.role, u.org_ids, u.org_count, u.disabled, false),
			user_snapshot(ctx, u.login, u.role, u.org_ids, u.org_count, u.disabled, true));
	return commit_or_rollback(ctx, rc);
}

SvcStatus svc_user_role(Ctx *ctx, const char *login, Role role, const int64_t *org_ids,
			size_t org_count, Errors *errs)
{
	User u;
	SvcStatus st = user_for_change(ctx, login, false, &u);
	if (st != SVC_OK)
		return st;
	if (check_role_orgs(ctx, role, org_ids, org_count, errs) != STORE_OK)
		return SVC_ERROR;
	if (errs->count)
		return SVC_INVALID;
	const char *name = svc_role_name(role);
	if (store_begin(ctx->store) != STORE_OK)
		return SVC_ERROR;
	int rc = store_user_set_role(ctx->store, u.id, name);
	if (rc == STORE_OK)
		rc = store_user_orgs_replace(ctx->store, u.id, org_ids, org_count);
	if (rc == STORE_OK)
		rc = store_session_delete_user(ctx->store, u.id);
	if (rc == STORE_OK)
		rc = svc_audit_append(
			ctx, "update", "user", u.id,
			user_snapshot(ctx, u.login, u.role, u.org_ids, u.org_count, u.disabled, false),
			user_snapshot(ctx, u.login, name, org_ids, org_count, u.disabled, false));
	return commit_or_rollback(ctx, rc);
}

static SvcStatus set_disabled(Ctx *ctx, const char *login, bool disabled)
{
	User u;
	SvcStatus st = user_for_change(ctx, login, false, &u);
	if (st != SVC_OK)
		return st;
	if (u.id == ctx->actor->user_id)
		return SVC_FORBIDDEN;
	if (store_begin(ctx->store) != STORE_OK)
		return SVC_ERROR;
	int rc = store_user_set_disabled(ctx->store, u.id, disabled);
	if (rc == STORE_OK && disabled)
		rc = store_session_delete_user(ctx->store, u.id);
	if (rc == STORE_OK && !disabled)
		rc = store_user_set_failures(ctx->store, u.id, 0, 0);
	if (rc == STORE_OK)
		rc = svc_audit_append(
			ctx, "update", "user", u.id,
			user_snapshot(ctx, u.login, u.role, u.org_ids, u.org_count, u.disabled, false),
			user_snapshot(ctx, u.login, u.role, u.org_ids, u.org_count, disabled, false));
	return commit_or_rollback(ctx, rc);
}

SvcStatus svc_user_disable(Ctx *ctx, const char *login)
{
	return set_disabled(ctx, login, true);
}

SvcStatus svc_user_enable(Ctx *ctx, const char *login)
{
	return set_disabled(ctx, login, false);
}

SvcStatus svc_user_list(Ctx *ctx, User **out, size_t *count)
{
	*out = NULL;
	*count = 0;
	if (!svc_may_manage_users(ctx))
		return SVC_FORBIDDEN;
	if (store_user_list(ctx->store, ctx->arena, out, count) != STORE_OK)
		return SVC_ERROR;
	for (size_t i = 0; i < *count; i++)
		(*out)[i].password_hash = NULL;
	return SVC_OK;
}

/* ---- signing in ---- */

/* Copies text for the attempt log into out: cut to fit on a character
 * boundary, controls replaced, ASCII lower-cased when asked; text that is
 * not valid UTF-8 is logged as such, not as its bytes. */
static void attempt_text(const char *text, char *out, size_t size, bool lower)
{
	if (!text)
		text = "";
	size_t len = strlen(text);
	if (!text_valid_utf8(text, len)) {
		snprintf(out, size, "%s", "(not valid text)");
		return;
	}
	size_t n = len < size - 1 ? len : size - 1;
	while (n > 0 && n < len && ((unsigned char)text[n] & 0xC0) == 0x80)
		n--;
	for (size_t i = 0; i < n; i++) {
		char c = text[i];
		out[i] = (unsigned char)c < 0x20 ? '?' : lower ? ascii_lower(c) : c;
	}
	out[n] = '\0';
}

/* Seconds to wait after the nth failure within the window: 1, 2, 4, ... */
static int failure_delay(long long failures)
{
	if (failures <= 1)
		return 1;
	if (failures > 6)
		return SVC_LOGIN_MAX_DELAY;
	int delay = 1 << (failures - 1);
	return delay < SVC_LOGIN_MAX_DELAY ? delay : SVC_LOGIN_MAX_DELAY;
}

/* When the next attempt is heard after failures (counted in the window,
 * the newest at newest_at): as soon as the last failure's answer said
 * (failure_delay), except after the first, so that a typo costs nothing.
 * A guesser is slowed so before being refused. 0: at once. */
static int64_t heard_again_at(long long failures, int64_t newest_at)
{
	if (failures < 2 || newest_at == 0)
		return 0;
	return newest_at + failure_delay(failures);
}

SvcStatus svc_login(Ctx *ctx, const char *login_typed, const char *password,
		    const char *address_typed, char token_out[SVC_SESSION_TOKEN_SIZE],
		    char csrf_out[SVC_CSRF_TOKEN_SIZE], Actor *actor_out, LoginOutcome *outcome)
{
	memset(outcome, 0, sizeof *outcome);
	memset(actor_out, 0, sizeof *actor_out);
	token_out[0] = csrf_out[0] = '\0';
	if (!password)
		password = "";
	char login[SVC_LOGIN_MAX_CHARS + 1], address[64];
	attempt_text(login_typed, login, sizeof login, true);
	attempt_text(address_typed && *address_typed ? address_typed : "unknown", address,
		     sizeof address, false);
	int64_t now = ctx->now;
	int64_t since = now - SVC_LOGIN_WINDOW_SECONDS + 1;

	/* The attempt is counted and logged before the password is checked,
	 * so guesses sent in parallel are all counted. */
	LoginFailures by_login = {0}, by_address = {0};
	int64_t attempt_id = 0;
	if (store_begin(ctx->store) != STORE_OK)
		return SVC_ERROR;
	int rc = store_login_failures_by_login(ctx->store, login, since, SVC_LOGIN_MAX_FAILURES,
					       &by_login);
	if (rc == STORE_OK)
		rc = store_login_failures_by_address(ctx->store, address, since,
						     SVC_ADDRESS_MAX_FAILURES, &by_address);
	/* An attempt too soon after the login's newest failure is slowed. Per
	 * login only: many people of one office share an address, and the
	 * address has its own (higher) limit. */
	LoginFailures newest = {0};
	if (rc == STORE_OK)
		rc = store_login_failures_by_login(ctx->store, login, since, 1, &newest);
	bool login_locked = by_login.count >= SVC_LOGIN_MAX_FAILURES;
	bool address_locked = by_address.count >= SVC_ADDRESS_MAX_FAILURES;
	int64_t slowed_until = heard_again_at(by_login.count, newest.nth_newest_at);
	bool slowed = now < slowed_until;
	if (rc == STORE_OK)
		rc = store_login_attempt_insert(ctx->store, now, login, address, false,
						login_locked || address_locked || slowed, &attempt_id);
	/* Each attempt drops a few expired ones: more than it adds, so the log
	 * never outgrows its keeping time. */
	if (rc == STORE_OK)
		rc = store_login_attempts_prune(ctx->store, now - SVC_LOGIN_LOG_SECONDS, 4);
	if (commit_or_rollback(ctx, rc) != SVC_OK)
		return SVC_ERROR;
	if (slowed && !login_locked && !address_locked) {
		outcome->throttled = true;
		outcome->retry_after = (int)(slowed_until - now);
		outcome->reason = "too many failed logins: wait before trying again";
		return SVC_FORBIDDEN;
	}
	if (login_locked || address_locked) {
		int64_t free_at = 0;
		if (login_locked)
			free_at = by_login.nth_newest_at + SVC_LOGIN_WINDOW_SECONDS;
		if (address_locked && by_address.nth_newest_at + SVC_LOGIN_WINDOW_SECONDS > free_at)
			free_at = by_address.nth_newest_at + SVC_LOGIN_WINDOW_SECONDS;
		outcome->throttled = true;
		outcome->retry_after = free_at > now ? (int)(free_at - now) : 1;
		outcome->reason = "too many failed logins: wait before trying again";
		return SVC_FORBIDDEN;
	}

	/* An unknown login is checked against the dummy hash: same work, same time. */
	User u;
	rc = store_user_get_by_login(ctx->store, ctx->arena, login, &u);
	if (rc != STORE_OK && rc != STORE_NOT_FOUND)
		return SVC_ERROR;
	bool known = rc == STORE_OK;
	bool right = password_verify(known ? u.password_hash : NULL, password);
	bool success = known && right && !u.disabled;

	/* A hash made with a lower cost than today's is made again now that
	 * the password is at hand. */
	char rehash[crypto_pwhash_STRBYTES];
	bool upgrade = success &&
		       crypto_pwhash_str_needs_rehash(u.password_hash, PWHASH_OPS, PWHASH_MEM) != 0 &&
		       password_hash(password, rehash) == 0;

	Session se = {0};
	char hash[TOKEN_HASH_HEX];
	if (success) {
		token_make(token_out, SVC_SESSION_TOKEN_SIZE, "", SESSION_TOKEN_BYTES);
		token_make(csrf_out, SVC_CSRF_TOKEN_SIZE, "", SESSION_TOKEN_BYTES);
		token_hash(token_out, hash);
		se = (Session){.token_hash = hash,
			       .user_id = u.id,
			       .created_at = now,
			       .last_seen = now,
			       .csrf_token = csrf_out};
	}
	if (store_begin(ctx->store) != STORE_OK)
		goto fail;
	rc = STORE_OK;
	if (success) {
		rc = store_login_attempt_succeeded(ctx->store, attempt_id);
		if (rc == STORE_OK)
			rc = store_user_set_failures(ctx->store, u.id, 0, 0);
		if (rc == STORE_OK && upgrade)
			rc = store_user_set_password(ctx->store, u.id, rehash);
		if (rc == STORE_OK)
			rc = store_session_delete_expired(ctx->store, now - SVC_SESSION_MAX_SECONDS,
							  now - SVC_SESSION_IDLE_SECONDS);
		if (rc == STORE_OK)
			rc = store_session_insert(ctx->store, &se);
		if (commit_or_rollback(ctx, rc) != SVC_OK)
			goto fail;
		actor_from_user(&u, actor_out);
		return SVC_OK;
	}
	if (known) {
		/* The account shows its failures, and until when it is locked. */
		LoginFailures after = {0};
		rc = store_login_failures_by_login(ctx->store, login, since, SVC_LOGIN_MAX_FAILURES,
						   &after);
		int64_t locked_until = after.count >= SVC_LOGIN_MAX_FAILURES
					       ? after.nth_newest_at + SVC_LOGIN_WINDOW_SECONDS
					       : 0;
		if (rc == STORE_OK)
			rc = store_user_set_failures(ctx->store, u.id, u.failed_logins + 1,
						     locked_until);
	}
	if (commit_or_rollback(ctx, rc) != SVC_OK)
		goto fail;
	long long failures = by_login.count > by_address.count ? by_login.count : by_address.count;
	outcome->delay_seconds = failure_delay(failures + 1);
	outcome->reason = known && right && u.disabled ? "this account is disabled"
						       : "wrong login or password";
	return SVC_FORBIDDEN;
fail:
	sodium_memzero(token_out, SVC_SESSION_TOKEN_SIZE);
	sodium_memzero(csrf_out, SVC_CSRF_TOKEN_SIZE);
	memset(actor_out, 0, sizeof *actor_out);
	return SVC_ERROR;
}

SvcStatus svc_session_check(Ctx *ctx, const char *token, Actor *out,
			    char csrf_out[SVC_CSRF_TOKEN_SIZE])
{
	memset(out, 0, sizeof *out);
	csrf_out[0] = '\0';
	if (!token_well_formed(token, "", SVC_SESSION_TOKEN_SIZE - 1))
		return SVC_FORBIDDEN;
	char hash[TOKEN_HASH_HEX];
	token_hash(token, hash);
	Session se;
	int rc = store_session_get(ctx->store, ctx->arena, hash, &se);
	if (rc == STORE_NOT_FOUND)
		return SVC_FORBIDDEN;
	if (rc != STORE_OK)
		return SVC_ERROR;
	int64_t now = ctx->now;
	bool valid = now - se.created_at < SVC_SESSION_MAX_SECONDS &&
		     now - se.last_seen < SVC_SESSION_IDLE_SECONDS;
	User u;
	if (valid) {
		rc = store_user_get(ctx->store, ctx->arena, se.user_id, &u);
		if (rc != STORE_OK && rc != STORE_NOT_FOUND)
			return SVC_ERROR;
		valid = rc == STORE_OK && !u.disabled;
	}
	if (!valid) {
		if (store_session_delete(ctx->store, hash) != STORE_OK)
			return SVC_ERROR;
		return SVC_FORBIDDEN;
	}
	/* Marked seen at most once a minute: a page needs no write. */
	if (now - se.last_seen >= SESSION_TOUCH_SECONDS &&
	    store_session_touch(ctx->store, hash, now) != STORE_OK)
		return SVC_ERROR;
	actor_from_user(&u, out);
	snprintf(csrf_out, SVC_CSRF_TOKEN_SIZE, "%s", se.csrf_token ? se.csrf_token : "");
	return SVC_OK;
}

SvcStatus svc_logout(Ctx *ctx, const char *token)
{
	if (!token_well_formed(token, "", SVC_SESSION_TOKEN_SIZE - 1))
		return SVC_OK;
	char hash[TOKEN_HASH_HEX];
	token_hash(token, hash);
	return store_session_delete(ctx->store, hash) == STORE_OK ? SVC_OK : SVC_ERROR;
}

/* ---- API tokens ---- */

SvcStatus svc_token_create(Ctx *ctx, const char *login, const char *label,
			   char token_out[SVC_API_TOKEN_SIZE], int64_t *id_out)
{
	token_out[0] = '\0';
	if (label && (!text_valid_utf8(label, strlen(label)) ||
		      text_length(label) > SVC_LABEL_MAX_CHARS))
		return SVC_INVALID;
	User u;
	SvcStatus st = user_for_change(ctx, login, true, &u);
	if (st != SVC_OK)
		return st;
	if (u.disabled)
		return SVC_FORBIDDEN;
	char token[SVC_API_TOKEN_SIZE], hash[TOKEN_HASH_HEX];
	token_make(token, sizeof token, API_TOKEN_PREFIX, API_TOKEN_BYTES);
	token_hash(token, hash);
	ApiToken t = {.user_id = u.id,
		      .token_hash = hash,
		      .label = label && *label ? label : NULL,
		      .created_at = ctx->now};
	if (store_begin(ctx->store) != STORE_OK)
		return SVC_ERROR;
	int rc = store_token_insert(ctx->store, &t);
	if (rc == STORE_OK) {
		json_t *j = json_pack("{s:s,s:s?}", "login", u.login, "label", t.label);
		rc = svc_audit_append(ctx, "create", "api_token", t.id, NULL,
				      json_dump_arena(ctx->arena, j));
		json_decref(j);
	}
	st = commit_or_rollback(ctx, rc);
	if (st == SVC_OK) {
		memcpy(token_out, token, sizeof token);
		if (id_out)
			*id_out = t.id;
	}
	sodium_memzero(token, sizeof token);
	return st;
}

SvcStatus svc_token_check(Ctx *ctx, const char *bearer, Actor *out)
{
	memset(out, 0, sizeof *out);
	size_t chars = SVC_API_TOKEN_SIZE - 1 - strlen(API_TOKEN_PREFIX);
	if (!token_well_formed(bearer, API_TOKEN_PREFIX, chars))
		return SVC_FORBIDDEN;
	char hash[TOKEN_HASH_HEX];
	token_hash(bearer, hash);
	ApiToken t;
	int rc = store_token_get(ctx->store, ctx->arena, hash, &t);
	if (rc == STORE_NOT_FOUND)
		return SVC_FORBIDDEN;
	if (rc != STORE_OK)
		return SVC_ERROR;
	if (t.revoked)
		return SVC_FORBIDDEN;
	User u;
	rc = store_user_get(ctx->store, ctx->arena, t.user_id, &u);
	if (rc == STORE_NOT_FOUND || (rc == STORE_OK && u.disabled))
		return SVC_FORBIDDEN;
	if (rc != STORE_OK || store_token_touch(ctx->store, t.id, ctx->now) != STORE_OK)
		return SVC_ERROR;
	actor_from_user(&u, out);
	return SVC_OK;
}

SvcStatus svc_token_list(Ctx *ctx, const char *login, ApiToken **out, size_t *count)
{
	*out = NULL;
	*count = 0;
	User u;
	SvcStatus st = user_for_change(ctx, login, true, &u);
	if (st != SVC_OK)
		return st;
	if (store_token_list(ctx->store, ctx->arena, u.id, out, count) != STORE_OK)
		return SVC_ERROR;
	for (size_t i = 0; i < *count; i++)
		(*out)[i].token_hash = NULL;
	return SVC_OK;
}

SvcStatus svc_token_revoke(Ctx *ctx, const char *login, int64_t id)
{
	User u;
	SvcStatus st = user_for_change(ctx, login, true, &u);
	if (st != SVC_OK)
		return st;
	ApiToken *tokens;
	size_t n;
	if (store_token_list(ctx->store, ctx->arena, u.id, &tokens, &n) != STORE_OK)
		return SVC_ERROR;
	const ApiToken *t = NULL;
	for (size_t i = 0; i < n && !t; i++)
		if (tokens[i].id == id)
			t = &tokens[i];
	if (!t)
		return SVC_NOT_FOUND;
	if (t->revoked)
		return SVC_OK;
	if (store_begin(ctx->store) != STORE_OK)
		return SVC_ERROR;
	int rc = store_token_revoke(ctx->store, id);
	if (rc == STORE_OK) {
		json_t *before = json_pack("{s:s,s:s?,s:b}", "login", u.login, "label", t->label,
					   "revoked", 0);
		json_t *after = json_pack("{s:s,s:s?,s:b}", "login", u.login, "label", t->label,
					  "revoked", 1);
		rc = svc_audit_append(ctx, "update", "api_token", id,
				      json_dump_arena(ctx->arena, before),
				      json_dump_arena(ctx->arena, after));
		json_decref(before);
		json_decref(after);
	}
	return commit_or_rollback(ctx, rc);
}
