/*
 * http.h — the web layer's framework: requests, answers, routes, the server.
 *
 * A handler gets a Req (everything about the request, already parsed) and
 * fills a Resp (status, headers, a buffered body). The dispatcher in
 * server.c does the rest in one place, for every route alike: matching the
 * route table, permission (web_authorize), size and content-type limits,
 * the language, security headers, ETag and 304, Content-Length, the access
 * log. Handlers never talk to libmicrohttpd, never write to the socket and
 * never free request memory: what they allocate comes from req->arena.
 *
 * HTML is written with ui.h (escaping by default), JSON with json.h
 * (jansson); no handler pastes strings into either.
 */
#ifndef HAMAHANG_HTTP_H
#define HAMAHANG_HTTP_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <time.h>

#include "core/arena.h"
#include "core/buf.h"
#include "web/i18n.h"

/* The translation of a user-facing string into the request's language;
 * see i18n_tr for the contract. */
#define T(req, s) i18n_tr((req)->lang, (s))

#define WEB_MAX_PARAMS   4           /* {name} segments a route pattern may have */
#define RESP_MAX_HEADERS 16          /* extra headers a handler may add */
#define WEB_MAX_BODY     (1u << 20)  /* default cap on a request body: 1 MiB */
#define WEB_MAX_HEADER   (16u << 10) /* default cap on request line + headers: 16 KiB */
#define WEB_MAX_RESPONSE (16u << 20) /* default cap on a response body: 16 MiB */

/* Who may use a route. PERM_UNSET is 0 on purpose: a route whose perm was
 * left out of its initializer is refused by web_routes_check instead of
 * becoming public. */
typedef enum Perm {
	PERM_UNSET = 0, /* not a permission: marks a forgotten field */
	PERM_PUBLIC,    /* anybody, signed in or not */
	PERM_SIGNED_IN, /* any signed-in user */
	PERM_EDIT,      /* a user who may edit records */
	PERM_COORDINATE,/* a coordinator, a ministry reviewer or an administrator */
	PERM_ADMIN,     /* an administrator */
	PERM_COUNT      /* not a permission: the number of values */
} Perm;

/* A name/value pair of a query, form, header or cookie, decoded. */
typedef struct HttpPair {
	const char *name;  /* never NULL */
	const char *value; /* "" for a key given without '=' */
} HttpPair;

typedef struct Req Req;
typedef struct Resp Resp;
typedef void (*Handler)(Req *req, Resp *resp);

/* One entry of the route table. Every field is required. */
typedef struct Route {
	const char *method;  /* GET, POST, PUT, PATCH or DELETE; a GET route also answers HEAD */
	const char *pattern; /* "/orgs/{id}": literal and {name} segments, WEB_MAX_PARAMS names */
	Handler handler;     /* what answers */
	Perm perm;           /* who may call it; web_authorize checks it before the handler */
	bool csrf;           /* a form post to protect against cross-site requests */
} Route;

struct Req {
	Arena *arena;       /* request memory, freed after the answer is sent */
	void *app;          /* the application context given to web_serve, borrowed */
	time_t now;         /* when the request arrived */
	const char *method; /* "GET", "HEAD", "POST", ... as the client sent it */
	const char *path;   /* the decoded path, without the query: "/orgs/12" */
	/* The route's {name} segments, decoded, in order; NULL past the last. */
	const char *params[WEB_MAX_PARAMS];
	const Route *route; /* the route being served; NULL while an error is answered */
	/* "en", "prs" or "pus": from ?lang=, else the hh_lang cookie, else
	 * Accept-Language, else "en". Static storage. */
	const char *lang;
	const char *client; /* the client's address as text: "127.0.0.1", "::1" */
	const char *body;   /* the raw body, NUL-terminated (may hold other NULs); "" when none */
	size_t body_len;    /* bytes in body, not counting the final NUL */
	/* Parsed by the dispatcher; read them with the req_* functions below. */
	const HttpPair *query;   /* query parameters, in order */
	size_t query_count;      /* entries in query[] */
	const HttpPair *form;    /* application/x-www-form-urlencoded body parameters, in order */
	size_t form_count;       /* entries in form[] */
	const HttpPair *headers; /* request headers as sent (names not folded) */
	size_t header_count;     /* entries in headers[] */
	const HttpPair *cookies; /* cookies of the Cookie header */
	size_t cookie_count;     /* entries in cookies[] */
	/* Who is asking, filled by the application's identify hook before the
	 * permission check (see WebConfig.identify). */
	Perm level;              /* the highest permission held: PERM_PUBLIC for anonymous */
	void *user;              /* the application's idea of the user (an Actor), or NULL */
	const char *user_name;   /* how to name the signed-in user on pages, or NULL */
	const char *csrf_token;  /* the session's CSRF token, or NULL without a session */
	bool by_cookie;          /* identified by a session cookie (so unsafe requests need the CSRF token) */
};

/* The first value of a query parameter, form field, header (name compared
 * without case) or cookie; NULL when absent. Borrowed from the request. */
const char *req_query(const Req *req, const char *name);
const char *req_form(const Req *req, const char *name);
const char *req_header(const Req *req, const char *name);
const char *req_cookie(const Req *req, const char *name);
/* Every value of a repeated query parameter or form field, in order: stores
 * up to max of them in out[] and returns how many there are in all. */
size_t req_query_all(const Req *req, const char *name, const char **out, size_t max);
size_t req_form_all(const Req *req, const char *name, const char **out, size_t max);
/* True when the path is under /api/ (answers there are JSON, never HTML). */
bool req_is_api(const Req *req);

struct Resp {
	int status;               /* HTTP status; 200 unless the handler sets another */
	Buf body;                 /* sent whole at the end; capped (overflow answers 500) */
	const char *content_type; /* Content-Type, or NULL for none */
	HttpPair headers[RESP_MAX_HEADERS]; /* extra headers, values in the arena */
	size_t header_count;                /* entries used in headers[] */
	Arena *arena;                       /* the request's arena, for copies the answer needs */
};

/* Adds a header; name and value are copied. Refuses (returns false, adds
 * nothing) a header past RESP_MAX_HEADERS, or a name or value holding a
 * control character, so that input cannot split the answer. */
bool resp_header(Resp *resp, const char *name, const char *value);
/* The value of a header added with resp_header (first match, no case), or NULL. */
const char *resp_header_get(const Resp *resp, const char *name);
/* Sets Content-Type (copied): "text/csv; charset=utf-8". */
void resp_type(Resp *resp, const char *content_type);
/* Marks the answer as an HTML page (text/html; charset=utf-8). */
void resp_html(Resp *resp);
/* Replaces the body with JSON text already produced by jansson. */
void resp_json_text(Resp *resp, int status, const char *json);
/* Replaces the body with {"error":{"code":..., "message":...}} (jansson). */
void resp_error_json(Resp *resp, int status, const char *code, const char *message);
/* 303 See Other to a path of this site. A location that is not a local
 * path ("/..." but not "//...") is replaced by "/", so input cannot make
 * an open redirect. */
void resp_redirect(Resp *resp, const char *location);

/* The address of an embedded static file (src/web/static/NAME) with a
 * version that changes with its content, "/static/site.css?v=1a2b3c4d", so
 * it may be cached for good. In the arena, not yet HTML-escaped. */
const char *web_static_url(Req *req, const char *name);

/* Answers an error in the request's kind: JSON (resp_error_json) under
 * /api/, else an HTML page in the request's language. message is an English
 * message id; it is translated for the page. Replaces the body and drops
 * the headers the handler added. */
void web_error(Req *req, Resp *resp, int status, const char *code, const char *message);

/* ---- the route table and permissions ---- */

/* Checks a route table before the server starts: every route has a known
 * method, a well-formed pattern, a handler and a valid perm, and no two
 * routes share method and pattern. Returns 0 when all is well; otherwise
 * -1, with one line per problem appended to problems (which may be NULL). */
int web_routes_check(const Route *routes, size_t count, Buf *problems);

typedef enum WebAuth {
	WEB_AUTH_OK,       /* go on to the handler */
	WEB_AUTH_SIGN_IN,  /* 401: nobody is signed in, and the route needs somebody */
	WEB_AUTH_FORBIDDEN /* 403: the signed-in user may not */
} WebAuth;

/* The one place where a route's permission is checked against the request;
 * the dispatcher calls it before every handler. */
WebAuth web_authorize(const Route *route, Req *req);

/* "public", "signed_in", "edit", "admin"; "unset" or "invalid" otherwise. */
const char *web_perm_name(Perm perm);

/* ---- the server ---- */

typedef struct WebConfig {
	const char *listen;  /* "127.0.0.1:8080" or "[::1]:8080"; port 0 takes a free port */
	const Route *routes; /* the application's route table */
	size_t route_count;  /* entries in routes[] */
	void *app;           /* passed to handlers as req->app, untouched */
	/* web_serve returns soon after *stop turns nonzero; NULL = serve for ever. */
	volatile sig_atomic_t *stop;
	size_t max_body;     /* request body cap; 0 = WEB_MAX_BODY */
	size_t max_header;   /* request line + headers cap; 0 = WEB_MAX_HEADER */
	size_t max_response; /* response body cap; 0 = WEB_MAX_RESPONSE */
	unsigned threads;    /* worker threads; 0 = 2 */
	FILE *access_log;    /* one line per request; NULL = stderr */
	/* Called once the socket listens, with the port (useful with port 0). May be NULL. */
	void (*on_ready)(void *ready_arg, int port);
	void *ready_arg; /* passed to on_ready */
	/* Called before the permission check of every routed request, to say who
	 * is asking: sets req->level, req->user, req->csrf_token, req->by_cookie.
	 * NULL: everybody is anonymous. */
	void (*identify)(Req *req);
} WebConfig;

/* Serves until *cfg->stop turns nonzero, then stops cleanly (requests in
 * flight are finished or closed). Handlers run on several threads at once:
 * what they reach through req->app must be safe for that. Returns 0 after
 * a clean stop, -1 (with the reason on stderr) when the route table is bad,
 * the address does not parse or the socket cannot be opened. */
int web_serve(const WebConfig *cfg);

/* Makes SIGINT and SIGTERM set *stop (and nothing else), for web_serve. */
void web_catch_signals(volatile sig_atomic_t *stop);

#endif
