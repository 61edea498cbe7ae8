/*
 * auth.c — sessions and API tokens on the web (see auth.h). The service
 * layer checks credentials and keeps sessions; this file only reads them
 * from the request and writes the cookie.
 */
#include "web/auth.h"

#include <string.h>
#include <strings.h>

#include "svc/svc_account.h"
#include "web/api.h"
#include "web/pages.h"
#include "web/ui.h"

/* The permission a role holds at the door; finer rules (which
 * organization an editor may change) are the service's. */
static Perm role_level(Role role)
{
	switch (role) {
	case ROLE_ADMIN:
	case ROLE_SYSTEM:
		return PERM_ADMIN;
	case ROLE_MINISTRY:
	case ROLE_COORDINATOR:
		return PERM_COORDINATE;
	case ROLE_EDITOR:
		return PERM_EDIT;
	case ROLE_ANONYMOUS:
		break;
	}
	return PERM_PUBLIC;
}

/* Copies an actor out of a unit of work's arena into the request's. */
static Actor *keep_actor(Req *req, const Actor *a)
{
	Actor *copy = arena_alloc(req->arena, sizeof *copy);
	*copy = *a;
	copy->login = arena_strdup(req->arena, a->login ? a->login : "");
	int64_t *ids = arena_alloc(req->arena, (a->org_count ? a->org_count : 1) * sizeof *ids);
	if (a->org_count)
		memcpy(ids, a->org_ids, a->org_count * sizeof *ids);
	copy->org_ids = ids;
	return copy;
}

void web_identify(Req *req)
{
	const char *auth = req_header(req, "Authorization");
	const char *cookie = req_cookie(req, SESSION_COOKIE);
	if (!auth && !cookie)
		return;
	Ctx ctx;
	ctx_begin((App *)req->app, &ACTOR_ANONYMOUS, &ctx);
	ctx.now = req->now;
	Actor actor;
	memset(&actor, 0, sizeof actor);
	if (auth && strncasecmp(auth, "Bearer ", 7) == 0) {
		if (svc_token_check(&ctx, auth + 7, &actor) == SVC_OK) {
			req->user = keep_actor(req, &actor);
			req->user_name = ((Actor *)req->user)->login;
			req->level = role_level(actor.role);
		}
	} else if (cookie) {
		char csrf[SVC_CSRF_TOKEN_SIZE];
		if (svc_session_check(&ctx, cookie, &actor, csrf) == SVC_OK) {
			req->user = keep_actor(req, &actor);
			req->user_name = ((Actor *)req->user)->login;
			req->level = role_level(actor.role);
			req->csrf_token = arena_strdup(req->arena, csrf);
			req->by_cookie = true;
		}
	}
	ctx_end(&ctx);
}

/* Secure when the request came over TLS through a proxy that says so. */
static bool behind_tls(Req *req)
{
	const char *proto = req_header(req, "X-Forwarded-Proto");
	return proto && strcasecmp(proto, "https") == 0;
}

static void render_login(Req *req, Resp *resp, const char *login, const char *problem)
{
	resp_html(resp);
	resp_header(resp, "Cache-Control", "no-store");
	ui_page_begin(req, resp, T(req, "Sign in"));
	ui_printf(resp, "<h1>%h</h1>\n", T(req, "Sign in"));
	if (problem)
		ui_printf(resp, "<p class=\"field-error\" role=\"alert\">%h</p>\n", T(req, problem));
	UI_LIT(resp, "<form method=\"post\" action=\"/login\">\n");
	/* POST /login is a protected form: from a browser already signed in
	 * (to change accounts) it must carry the session's token, or the
	 * dispatcher refuses it as forged. Empty when no one is signed in. */
	ui_csrf_field(req, resp);
	UiField f = {.name = "login", .label = N_("Login"), .value = login, .required = true};
	ui_input(req, resp, &f);
	UiField p = {.name = "password", .label = N_("Password"), .type = "password", .required = true};
	ui_input(req, resp, &p);
	ui_printf(resp, "<button type=\"submit\">%h</button>\n</form>\n", T(req, "Sign in"));
	ui_page_end(req, resp);
}

void ui_login_form(Req *req, Resp *resp)
{
	render_login(req, resp, NULL, NULL);
}

void ui_login(Req *req, Resp *resp)
{
	const char *login = req_form(req, "login");
	const char *password = req_form(req, "password");
	if (!login || !*login || !password || !*password) {
		render_login(req, resp, login, "Give your login and your password.");
		resp->status = 400;
		return;
	}
	Ctx ctx;
	web_ctx_begin(req, &ctx);
	char token[SVC_SESSION_TOKEN_SIZE], csrf[SVC_CSRF_TOKEN_SIZE];
	Actor actor;
	LoginOutcome out;
	memset(&out, 0, sizeof out);
	SvcStatus st = svc_login(&ctx, login, password, req->client, token, csrf, &actor, &out);
	ctx_end(&ctx);
	if (st == SVC_OK) {
		const char *cookie = arena_printf(req->arena,
						  "%s=%s; Path=/; HttpOnly; SameSite=Strict; Max-Age=%d%s",
						  SESSION_COOKIE, token, SVC_SESSION_MAX_SECONDS,
						  behind_tls(req) ? "; Secure" : "");
		resp_header(resp, "Set-Cookie", cookie);
		resp_redirect(resp, "/");
		return;
	}
	if (st == SVC_ERROR) {
		ui_fail(req, resp, NULL, st);
		return;
	}
	/* One message for an unknown login and a wrong password: the answer
	 * must not tell which logins exist. */
	render_login(req, resp, login,
		     out.throttled ? "Too many failed attempts; wait a while and try again."
				   : "The login or the password is not right.");
	if (out.throttled || out.delay_seconds > 0) {
		char retry[16];
		snprintf(retry, sizeof retry, "%d", out.throttled ? out.retry_after : out.delay_seconds);
		resp_header(resp, "Retry-After", retry);
	}
	resp->status = out.throttled ? 429 : 401;
}

void ui_logout(Req *req, Resp *resp)
{
	const char *cookie = req_cookie(req, SESSION_COOKIE);
	if (cookie) {
		Ctx ctx;
		web_ctx_begin(req, &ctx);
		svc_logout(&ctx, cookie);
		ctx_end(&ctx);
	}
	resp_header(resp, "Set-Cookie",
		    arena_printf(req->arena, "%s=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0",
				 SESSION_COOKIE));
	resp_redirect(resp, "/");
}
