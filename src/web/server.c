/*
 * server.c — the HTTP server on libmicrohttpd, and the dispatcher.
 *
 * libmicrohttpd calls on_request several times per request: first with
 * the headers, then once per piece of the body, then a last time with no
 * data. The first call only records the request (answering there makes
 * the library close the connection — see FACTS.md); the pieces are
 * collected, up to the cap; the last call dispatches and queues the whole
 * answer, with its Content-Length. Everything a request allocates lives in
 * its arena (or in its two Bufs) and is released in on_completed, which
 * also writes the access-log line.
 *
 * The dispatcher is the one place where routes are matched, permissions
 * checked (web_authorize), sizes and content types enforced, and the
 * headers every answer carries are added. Handlers never see the library.
 */
#include <errno.h>
#include <microhttpd.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>

#include "core/mem.h"
#include "store/embedded.h"
#include "web/compress.h"
#include "web/json.h"
#include "web/ui.h"
#include "web/web_int.h"

/* Seconds a connection may stay idle. */
#define CONNECTION_TIMEOUT      30
#define CONNECTION_LIMIT        256
#define PER_IP_CONNECTION_LIMIT 64
/* Body bytes read and thrown away after a refusal before giving up on the
 * connection: reading the rest lets the client see the answer instead of
 * a reset, but not forever. (libmicrohttpd 0.9.75 cannot queue an answer
 * while a body is still arriving, so past this the connection is closed
 * without one.) */
#define DISCARD_LIMIT (8u << 20)
/* Longest path written to the access log. */
#define LOG_PATH_MAX 200

#define STATIC_PREFIX "src/web/static/"

/* Headers on every answer. */
static const HttpPair security_headers[] = {
    {"Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; "
                                "frame-ancestors 'none'; base-uri 'none'; form-action 'self'"},
    {"X-Content-Type-Options", "nosniff"},
    {"Referrer-Policy", "same-origin"},
    {"X-Frame-Options", "DENY"},
};

/* Routes every server has. */
static void static_file(Req *req, Resp *resp);
static const Route builtin_routes[] = {
    {"GET", "/static/{name}", static_file, PERM_PUBLIC, false},
};

/* What one running server knows; lives on web_serve's stack. */
typedef struct Server {
	const WebConfig *cfg; /* as given to web_serve */
	size_t max_body;      /* request body cap, bytes */
	size_t max_header;    /* request line and headers cap, bytes */
	size_t max_response;  /* response body cap, bytes */
	FILE *log;            /* access log */
} Server;

/* One request, from its first call to on_completed; lives in its arena. */
typedef struct Exchange {
	Server *server;              /* the server it came to */
	Req req;                     /* handed to the handler */
	Resp resp;                   /* filled by the handler */
	Buf upload;                  /* the body as it arrives, capped at max_body */
	int refuse;                  /* status decided while reading (400, 413, 431); 0 when none */
	size_t discarded;            /* body bytes thrown away after a refusal */
	const char *const *segments; /* the path's decoded segments */
	size_t segment_count;        /* entries in segments[] */
	bool lang_from_query;        /* ?lang= chose the language: set the cookie */
	bool vary_encoding;          /* the body depends on Accept-Encoding */
	bool queued;                 /* an answer was handed to the library */
	int status_sent;             /* the status queued, for the log */
	size_t bytes_sent;           /* body bytes queued, for the log */
	struct timespec started;     /* monotonic time of the first call */
	const char *log_note;        /* words added to the log line, or NULL */
} Exchange;

/* ---- small helpers ---- */

/* FNV-1a, 64 bits: fast, and enough to tell two bodies apart for an ETag. */
static uint64_t body_hash(const void *data, size_t len)
{
	const unsigned char *p = data;
	uint64_t h = 0xcbf29ce484222325ull;
	for (size_t i = 0; i < len; i++) {
		h ^= p[i];
		h *= 0x100000001b3ull;
	}
	return h;
}

/* Writes the hash as 16 lowercase hex digits and a NUL into out[17]. */
static void hash_hex(uint64_t h, char out[17])
{
	static const char hex[] = "0123456789abcdef";
	for (int i = 15; i >= 0; i--) {
		out[i] = hex[h & 15];
		h >>= 4;
	}
	out[16] = '\0';
}

static bool method_is(const Req *req, const char *method)
{
	return strcmp(req->method, method) == 0;
}

/* True for application/json and application/...+json, parameters allowed. */
static bool type_is_json(const char *type)
{
	if (!type)
		return false;
	size_t len = strcspn(type, "; \t");
	if (len == 16 && strncasecmp(type, "application/json", 16) == 0)
		return true;
	return len > 17 && strncasecmp(type, "application/", 12) == 0 &&
	       strncasecmp(type + len - 5, "+json", 5) == 0;
}

static bool type_is_form(const char *type)
{
	return type && strcspn(type, "; \t") == 33 &&
	       strncasecmp(type, "application/x-www-form-urlencoded", 33) == 0;
}

/* ---- static files ---- */

/* Names of static files: letters, digits, '.', '-', '_', not starting with '.'. */
static bool static_name_ok(const char *name)
{
	if (!name || !*name || name[0] == '.' || strlen(name) > 100)
		return false;
	for (const char *p = name; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || *p == '.' || *p == '-' || *p == '_'))
			return false;
	return true;
}

static const char *static_type(const char *name)
{
	static const struct {
		const char *ext;
		const char *type;
	} types[] = {
	    {".css", "text/css; charset=utf-8"},
	    {".js", "text/javascript; charset=utf-8"},
	    {".svg", "image/svg+xml"},
	    {".png", "image/png"},
	    {".ico", "image/x-icon"},
	    {".woff2", "font/woff2"},
	    {".txt", "text/plain; charset=utf-8"},
	    {".json", "application/json; charset=utf-8"},
	};
	const char *dot = strrchr(name, '.');
	for (size_t i = 0; dot && i < sizeof types / sizeof types[0]; i++)
		if (strcmp(dot, types[i].ext) == 0)
			return types[i].type;
	return "application/octet-stream";
}

static const EmbeddedFile *static_find(Arena *arena, const char *name)
{
	if (!static_name_ok(name))
		return NULL;
	return embedded_find(arena_printf(arena, STATIC_PREFIX "%s", name));
}

/* Digits of the content hash in the name of a static file: site.<hash>.css. */
#define STATIC_HASH_DIGITS 12

/* The content hash of an embedded file as STATIC_HASH_DIGITS hex digits. */
static void static_hash(const EmbeddedFile *f, char out[STATIC_HASH_DIGITS + 1])
{
	char hex[17];
	hash_hex(body_hash(f->data, f->size), hex);
	memcpy(out, hex, STATIC_HASH_DIGITS);
	out[STATIC_HASH_DIGITS] = '\0';
}

/* Splits "site.0123456789ab.css" into the file's own name ("site.css", in
 * the arena) and the hash; returns NULL when the name has no hash part. */
static const char *static_unhashed(Arena *arena, const char *name, const char **hash)
{
	const char *ext = strrchr(name, '.');
	if (!ext || ext - name < STATIC_HASH_DIGITS + 2)
		return NULL;
	const char *h = ext - STATIC_HASH_DIGITS;
	if (h[-1] != '.')
		return NULL;
	for (size_t i = 0; i < STATIC_HASH_DIGITS; i++)
		if (!((h[i] >= '0' && h[i] <= '9') || (h[i] >= 'a' && h[i] <= 'f')))
			return NULL;
	*hash = h;
	return arena_printf(arena, "%.*s%s", (int)(h - 1 - name), name, ext);
}

static void static_file(Req *req, Resp *resp)
{
	const char *name = req->params[0];
	const char *hash = NULL;
	const char *own = static_name_ok(name) ? static_unhashed(req->arena, name, &hash) : NULL;
	const EmbeddedFile *f = static_find(req->arena, own ? own : name);
	char current[STATIC_HASH_DIGITS + 1];
	if (f)
		static_hash(f, current);
	/* A hashed name that is not the content's (an old page's) is not
	 * served: under it a cache would keep the wrong bytes for good. */
	if (!f || (own && strncmp(hash, current, STATIC_HASH_DIGITS) != 0)) {
		web_error(req, resp, 404, "not_found", "Page not found");
		return;
	}
	const char *type = static_type(own ? own : name);
	resp_type(resp, type);
	size_t gzip_len = 0;
	const char *gzip = NULL;
	if (compress_worth(type) && f->size >= COMPRESS_MIN_BYTES) {
		resp_header(resp, "Vary", "Accept-Encoding");
		if (compress_accepted(req))
			gzip = compress_embedded(f, &gzip_len);
	}
	if (gzip) {
		buf_append(&resp->body, gzip, gzip_len);
		resp_header(resp, "Content-Encoding", "gzip");
	} else {
		buf_append(&resp->body, f->data, f->size);
	}
	/* The hashed name changes with the content (web_static_url), so what
	 * is under it never goes stale; the plain name may change any time. */
	resp_header(resp, "Cache-Control",
	            own ? "public, max-age=31536000, immutable" : "public, max-age=300");
}

const char *web_static_url(Req *req, const char *name)
{
	const EmbeddedFile *f = static_find(req->arena, name);
	const char *dot = strrchr(name, '.');
	if (!f || !dot)
		return arena_printf(req->arena, "/static/%U", name);
	char hash[STATIC_HASH_DIGITS + 1];
	static_hash(f, hash);
	return arena_printf(req->arena, "/static/%U.%s%U",
	                    arena_strndup(req->arena, name, (size_t)(dot - name)), hash, dot);
}

/* ---- errors ---- */

/* The page title for an error status (a message id). */
static const char *status_title(int status)
{
	switch (status) {
	case 400: return "Bad request";
	case 401: return "Sign in required";
	case 403: return "Not allowed";
	case 404: return "Page not found";
	case 405: return "Method not allowed";
	case 413: return "Request too large";
	case 415: return "Unsupported content type";
	case 431: return "Request headers too large";
	case 503: return "Service unavailable";
	default: return status >= 500 ? "Something went wrong" : "Request not understood";
	}
}

void web_error(Req *req, Resp *resp, int status, const char *code, const char *message)
{
	resp->header_count = 0;
	if (req_is_api(req)) {
		resp_error_json(resp, status, code, message);
		return;
	}
	buf_reset(&resp->body);
	const char *title = T(req, status_title(status));
	ui_page_begin(req, resp, title);
	ui_printf(resp, "<h1>%h</h1>\n<p>%h</p>\n<p><a href=\"/\">%h</a></p>\n", title,
	          T(req, message), T(req, "Home"));
	ui_page_end(req, resp);
	resp->status = status;
}

/* ---- the dispatcher ---- */

/* Picks req->lang: ?lang=, then the lang cookie, then Accept-Language, then en. */
static void choose_lang(Exchange *ex)
{
	Req *req = &ex->req;
	const char *asked = req_query(req, "lang");
	const char *cookie = req_cookie(req, "hh_lang");
	const char *chosen = NULL;
	if (i18n_lang_valid(asked)) {
		chosen = asked;
		ex->lang_from_query = true;
	} else if (i18n_lang_valid(cookie)) {
		chosen = cookie;
	} else {
		chosen = i18n_from_accept_language(req_header(req, "Accept-Language"));
	}
	req->lang = "en";
	for (size_t i = 0; chosen && i18n_langs[i]; i++)
		if (strcmp(chosen, i18n_langs[i]) == 0)
			req->lang = i18n_langs[i];
}

/* The host part of an origin or URL ("https://host:8080/x" gives "host:8080"). */
static const char *origin_host(Arena *arena, const char *url)
{
	const char *p = strstr(url, "://");
	if (!p)
		return NULL;
	p += 3;
	return arena_strndup(arena, p, strcspn(p, "/?#"));
}

/* Until forms carry tokens (they come with sessions), refuse a protected
 * post that the browser says comes from another site. */
static bool cross_site(Req *req)
{
	const char *site = req_header(req, "Sec-Fetch-Site");
	if (site && strcmp(site, "same-origin") != 0 && strcmp(site, "none") != 0)
		return true;
	const char *origin = req_header(req, "Origin");
	const char *host = req_header(req, "Host");
	if (origin && strcmp(origin, "null") == 0)
		return true;
	if (origin && host) {
		const char *from = origin_host(req->arena, origin);
		return !from || strcasecmp(from, host) != 0;
	}
	return false;
}

/* A state-changing request made with a session cookie must carry the
 * session's CSRF token: a form in its "csrf" field, a script in the
 * X-CSRF-Token header. Compared in constant time. */
static bool csrf_token_ok(Req *req)
{
	const char *sent = req_form(req, "csrf");
	if (!sent)
		sent = req_header(req, "X-CSRF-Token");
	const char *want = req->csrf_token;
	if (!sent || !want)
		return false;
	size_t n = strlen(want);
	if (strlen(sent) != n)
		return false;
	unsigned char diff = 0;
	for (size_t i = 0; i < n; i++)
		diff |= (unsigned char)(sent[i] ^ want[i]);
	return diff == 0;
}

static void dispatch(Exchange *ex)
{
	Server *server = ex->server;
	Req *req = &ex->req;
	Resp *resp = &ex->resp;
	req->body = buf_str(&ex->upload);
	req->body_len = ex->upload.used;
	if (ex->refuse) {
		switch (ex->refuse) {
		case 413:
			web_error(req, resp, 413, "too_large",
			          "The request body is larger than the server accepts.");
			break;
		case 431:
			web_error(req, resp, 431, "headers_too_large",
			          "The request headers are larger than the server accepts.");
			break;
		default:
			web_error(req, resp, 400, "bad_request", "The request could not be read.");
			break;
		}
		return;
	}

	RouteMatch m;
	memset(&m, 0, sizeof m);
	web_route_match(server->cfg->routes, server->cfg->route_count, req->method, ex->segments,
	                ex->segment_count, &m);
	web_route_match(builtin_routes, sizeof builtin_routes / sizeof builtin_routes[0],
	                req->method, ex->segments, ex->segment_count, &m);
	if (!m.route) {
		if (m.allow_count == 0) {
			web_error(req, resp, 404, "not_found", "There is nothing at this address.");
			return;
		}
		Buf allow;
		buf_init(&allow, 0);
		for (size_t i = 0; i < m.allow_count; i++)
			buf_printf(&allow, "%s%s", i ? ", " : "", m.allow[i]);
		web_error(req, resp, 405, "method_not_allowed",
		          "This address does not take this method.");
		resp_header(resp, "Allow", buf_str(&allow));
		buf_free(&allow);
		return;
	}
	req->route = m.route;
	memcpy(req->params, m.params, sizeof req->params);
	req->level = PERM_PUBLIC;
	if (server->cfg->identify)
		server->cfg->identify(req);

	switch (web_authorize(m.route, req)) {
	case WEB_AUTH_OK: break;
	case WEB_AUTH_SIGN_IN:
		web_error(req, resp, 401, "sign_in_required", "Sign in to see this page.");
		return;
	case WEB_AUTH_FORBIDDEN:
		web_error(req, resp, 403, "forbidden", "You may not do this.");
		return;
	}

	const char *type = req_header(req, "Content-Type");
	bool unsafe = !method_is(req, "GET") && !method_is(req, "HEAD");
	if (req_is_api(req) && unsafe && (req->body_len > 0 || type) && !type_is_json(type)) {
		web_error(req, resp, 415, "unsupported_media_type",
		          "The request body must be application/json.");
		return;
	}
	if ((m.route->csrf || req->by_cookie) && unsafe && cross_site(req)) {
		web_error(req, resp, 403, "cross_site", "This form was sent from another site.");
		return;
	}
	if (type_is_form(type) && !web_parse_urlencoded(req->arena, req->body, req->body_len,
	                                                &req->form, &req->form_count)) {
		web_error(req, resp, 400, "bad_request",
		          "The form holds bytes that are not UTF-8 text.");
		return;
	}
	if (unsafe && req->by_cookie && !csrf_token_ok(req)) {
		web_error(req, resp, 403, "csrf", "The form has expired or was not sent by this site; reload it and try again.");
		return;
	}

	m.route->handler(req, resp);

	if (resp->body.overflowed) {
		fprintf(stderr, "hamahang: %s %s: the answer passed %zu bytes\n", req->method,
		        req->path, server->max_response);
		web_error(req, resp, 500, "internal", "The answer was too large to send.");
	}
}

/* True when an If-None-Match value names etag (or is "*"); weak tags compare too. */
static bool etag_matches(const char *if_none_match, const char *etag)
{
	if (!if_none_match)
		return false;
	size_t etag_len = strlen(etag);
	const char *p = if_none_match;
	while (*p) {
		p += strspn(p, " \t,");
		if (*p == '*')
			return true;
		if (strncmp(p, "W/", 2) == 0)
			p += 2;
		size_t len = strcspn(p, ",");
		while (len && (p[len - 1] == ' ' || p[len - 1] == '\t'))
			len--;
		if (len == etag_len && memcmp(p, etag, len) == 0)
			return true;
		p += len;
		p += strcspn(p, ",");
	}
	return false;
}

/* Decides late what depends on the finished body: for a 200 to GET or HEAD,
 * the ETag (returned, in the arena), and a 304 when the client has it. */
static const char *decide_etag(Exchange *ex, int *status)
{
	Req *req = &ex->req;
	if (*status != 200 || !(method_is(req, "GET") || method_is(req, "HEAD")))
		return NULL;
	char hex[17];
	hash_hex(body_hash(buf_str(&ex->resp.body), ex->resp.body.used), hex);
	const char *etag = arena_printf(req->arena, "\"%s\"", hex);
	if (etag_matches(req_header(req, "If-None-Match"), etag))
		*status = 304;
	return etag;
}

/* Adds the headers every answer carries, the handler's, and those the
 * dispatcher decided. */
static void add_headers(Exchange *ex, struct MHD_Response *r, const char *etag, bool with_body)
{
	Req *req = &ex->req;
	Resp *resp = &ex->resp;
	for (size_t i = 0; i < sizeof security_headers / sizeof security_headers[0]; i++)
		MHD_add_response_header(r, security_headers[i].name, security_headers[i].value);
	for (size_t i = 0; i < resp->header_count; i++)
		MHD_add_response_header(r, resp->headers[i].name, resp->headers[i].value);
	if (ex->req.user && !resp_header_get(resp, "Cache-Control")) {
		/* A signed-in view may hold what others may not see: never stored. */
		MHD_add_response_header(r, "Cache-Control", "no-store");
		MHD_add_response_header(r, "Vary", ex->vary_encoding
		                                       ? "Accept-Language, Cookie, Authorization, Accept-Encoding"
		                                       : "Accept-Language, Cookie, Authorization");
	} else if (!resp_header_get(resp, "Cache-Control")) {
		/* A page may be someone's own view: keep it out of shared caches,
		 * and let the browser revalidate with the ETag. */
		MHD_add_response_header(r, "Cache-Control", "private, no-cache");
		MHD_add_response_header(r, "Vary", ex->vary_encoding
		                                       ? "Accept-Language, Cookie, Accept-Encoding"
		                                       : "Accept-Language, Cookie");
	}
	else if (ex->vary_encoding && !resp_header_get(resp, "Vary"))
		MHD_add_response_header(r, "Vary", "Accept-Encoding");
	if (ex->lang_from_query) {
		const char *cookie = arena_printf(
		    req->arena, "hh_lang=%s; Path=/; SameSite=Lax; Max-Age=31536000", req->lang);
		MHD_add_response_header(r, "Set-Cookie", cookie);
	}
	if (etag)
		MHD_add_response_header(r, "ETag", etag);
	if (with_body && resp->content_type)
		MHD_add_response_header(r, "Content-Type", resp->content_type);
}

/* Compresses the body for a client that takes gzip, when it is text worth
 * compressing and nobody compressed it yet (static files come compressed).
 * Not for requests made with a session cookie: their pages carry the
 * session's CSRF token beside text the request chose (a search), and the
 * size of a compressed answer could tell an eavesdropper about the token
 * (the BREACH attack). */
static void compress_body(Exchange *ex)
{
	Resp *resp = &ex->resp;
	if (!compress_worth(resp->content_type) || resp_header_get(resp, "Content-Encoding"))
		return;
	ex->vary_encoding = true;
	if (ex->req.by_cookie || resp->body.used < COMPRESS_MIN_BYTES || !compress_accepted(&ex->req))
		return;
	Buf gzip;
	buf_init(&gzip, 0);
	if (compress_gzip(resp->body.data, resp->body.used, &gzip)) {
		buf_free(&resp->body);
		resp->body = gzip;
		resp_header(resp, "Content-Encoding", "gzip");
	} else {
		buf_free(&gzip);
	}
}

/* Dispatches the request and queues its whole answer. */
static enum MHD_Result answer(struct MHD_Connection *conn, Exchange *ex)
{
	dispatch(ex);
	Resp *resp = &ex->resp;
	int status = resp->status >= 100 && resp->status <= 599 ? resp->status : 500;
	compress_body(ex);
	const char *etag = decide_etag(ex, &status);
	bool with_body = status != 304 && status != 204;
	size_t len = with_body ? resp->body.used : 0;
	/* The library frees the detached bytes with free() once they are sent. */
	char *bytes = buf_detach(&resp->body);
	struct MHD_Response *r = MHD_create_response_from_buffer(len, bytes, MHD_RESPMEM_MUST_FREE);
	if (!r) {
		free(bytes);
		return MHD_NO;
	}
	add_headers(ex, r, etag, with_body);
	ex->status_sent = status;
	ex->bytes_sent = len;
	ex->queued = true;
	enum MHD_Result ok = MHD_queue_response(conn, (unsigned int)status, r);
	MHD_destroy_response(r);
	return ok;
}

/* ---- a request arrives ---- */

/* The client's address as text, in the arena; "?" when unknown. */
static const char *client_address(Arena *arena, struct MHD_Connection *conn)
{
	const union MHD_ConnectionInfo *info =
	    MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	if (!info || !info->client_addr)
		return "?";
	const struct sockaddr *sa = info->client_addr;
	socklen_t len =
	    sa->sa_family == AF_INET6 ? sizeof(struct sockaddr_in6) : sizeof(struct sockaddr_in);
	char host[NI_MAXHOST];
	if (getnameinfo(sa, len, host, sizeof host, NULL, 0, NI_NUMERICHOST) != 0)
		return "?";
	return arena_strdup(arena, host);
}

/* Gathers one kind of the library's values into pairs. */
typedef struct Gather {
	Arena *arena;    /* where the pairs go */
	HttpPair *pairs; /* room for max pairs */
	size_t count;    /* pairs stored */
	size_t max;      /* room in pairs[] */
	size_t bytes;    /* text seen, as counted against the header cap */
	bool decode;     /* %-decode names and values (query parameters) */
	bool bad;        /* a name or value did not decode */
} Gather;

static enum MHD_Result count_value(void *cls, enum MHD_ValueKind kind, const char *key,
                                   const char *value)
{
	(void)kind;
	(void)key;
	(void)value;
	(*(size_t *)cls)++;
	return MHD_YES;
}

static enum MHD_Result gather_value(void *cls, enum MHD_ValueKind kind, const char *key,
                                    const char *value)
{
	(void)kind;
	Gather *g = cls;
	if (g->count >= g->max || !key)
		return MHD_NO;
	size_t key_len = strlen(key), value_len = value ? strlen(value) : 0;
	g->bytes += key_len + value_len + 4;
	HttpPair *p = &g->pairs[g->count];
	if (g->decode) {
		p->name = web_decode(g->arena, key, key_len, true);
		p->value = value ? web_decode(g->arena, value, value_len, true) : "";
		if (!p->name || !p->value) {
			g->bad = true;
			return MHD_YES;
		}
	} else {
		p->name = arena_strndup(g->arena, key, key_len);
		p->value = arena_strndup(g->arena, value ? value : "", value_len);
	}
	g->count++;
	return MHD_YES;
}

/* Copies the request's values of one kind (headers, or query parameters,
 * which the library leaves undecoded: see keep_escaped) into the arena. */
static Gather gather(Exchange *ex, struct MHD_Connection *conn, enum MHD_ValueKind kind,
                     bool decode)
{
	Gather g;
	memset(&g, 0, sizeof g);
	g.arena = ex->req.arena;
	g.decode = decode;
	MHD_get_connection_values(conn, kind, count_value, &g.max);
	g.pairs = arena_alloc(g.arena, (g.max ? g.max : 1) * sizeof *g.pairs);
	MHD_get_connection_values(conn, kind, gather_value, &g);
	return g;
}

/* Sets req->path and the segments from the raw path; false when it does
 * not decode (the path then stays raw, for the log). */
static bool split_path(Exchange *ex, const char *url)
{
	Req *req = &ex->req;
	Arena *arena = req->arena;
	size_t url_len = strlen(url);
	req->path = arena_strndup(arena, url, url_len);
	if (url[0] != '/')
		return false;
	const char *decoded = web_decode(arena, url, url_len, false);
	if (!decoded)
		return false;
	size_t count = 0;
	if (url[1])
		for (const char *p = url; *p; p++)
			count += *p == '/';
	const char **segments = arena_alloc(arena, (count ? count : 1) * sizeof *segments);
	const char *p = url + 1;
	for (size_t i = 0; i < count; i++) {
		size_t len = strcspn(p, "/");
		segments[i] = web_decode(arena, p, len, false);
		p += len + 1;
	}
	req->path = decoded;
	ex->segments = segments;
	ex->segment_count = count;
	return true;
}

/* The Content-Length header's value; false when absent or malformed. */
static bool content_length(const Req *req, unsigned long long *out)
{
	const char *v = req_header(req, "Content-Length");
	if (!v || *v < '0' || *v > '9')
		return false;
	errno = 0;
	char *end = NULL;
	unsigned long long n = strtoull(v, &end, 10);
	if (errno || *end)
		return false;
	*out = n;
	return true;
}

/* The first call: records the request; answers nothing yet. */
static Exchange *exchange_start(Server *server, struct MHD_Connection *conn, const char *url,
                                const char *method)
{
	Arena *arena = arena_new();
	Exchange *ex = arena_zalloc(arena, sizeof *ex);
	clock_gettime(CLOCK_MONOTONIC, &ex->started);
	ex->server = server;
	buf_init(&ex->upload, server->max_body);
	Req *req = &ex->req;
	req->arena = arena;
	req->app = server->cfg->app;
	req->now = time(NULL);
	req->method = arena_strdup(arena, method);
	req->lang = "en";
	req->body = "";
	req->client = client_address(arena, conn);
	Resp *resp = &ex->resp;
	resp->status = 200;
	resp->arena = arena;
	buf_init(&resp->body, server->max_response);

	Gather headers = gather(ex, conn, MHD_HEADER_KIND, false);
	req->headers = headers.pairs;
	req->header_count = headers.count;
	Gather query = gather(ex, conn, MHD_GET_ARGUMENT_KIND, true);
	req->query = query.pairs;
	req->query_count = query.count;
	web_parse_cookies(arena, req->headers, req->header_count, &req->cookies,
	                  &req->cookie_count);
	bool path_ok = split_path(ex, url);
	choose_lang(ex);

	unsigned long long declared = 0;
	size_t header_bytes = strlen(method) + strlen(url) + headers.bytes + query.bytes + 12;
	if (header_bytes > server->max_header)
		ex->refuse = 431;
	else if (!path_ok || query.bad)
		ex->refuse = 400;
	else if (content_length(req, &declared) && declared > server->max_body)
		ex->refuse = 413;
	return ex;
}

/* A piece of the body: kept, or counted and dropped once refused. */
static void take_upload(Exchange *ex, const char *data, size_t size)
{
	if (!ex->refuse && !buf_append(&ex->upload, data, size)) {
		ex->refuse = 413;
		buf_free(&ex->upload);
		buf_init(&ex->upload, ex->server->max_body);
	}
	if (ex->refuse)
		ex->discarded += size;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
                                  const char *method, const char *version, const char *upload_data,
                                  size_t *upload_data_size, void **req_cls)
{
	(void)version;
	Exchange *ex = *req_cls;
	if (!ex) {
		/* Never answer on the first call: the library would close the
		 * connection instead of keeping it alive (FACTS.md). */
		*req_cls = exchange_start(cls, conn, url, method);
		return MHD_YES;
	}
	if (ex->queued)
		return MHD_YES;
	if (*upload_data_size) {
		take_upload(ex, upload_data, *upload_data_size);
		*upload_data_size = 0;
		if (ex->discarded > DISCARD_LIMIT) {
			ex->log_note = " body-over-limit-closed";
			return MHD_NO;
		}
		return MHD_YES;
	}
	return answer(conn, ex);
}

/* ---- a request ends ---- */

/* Appends text for the log: bytes outside printable ASCII as %XX, cut at max. */
static void log_text(Buf *line, const char *s, size_t max)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t n = 0;
	for (const unsigned char *p = (const unsigned char *)s; p && *p && n < max; p++, n++) {
		if (*p > 0x20 && *p < 0x7f) {
			buf_putc(line, (char)*p);
		} else {
			char esc[3] = {'%', hex[*p >> 4], hex[*p & 15]};
			buf_append(line, esc, 3);
		}
	}
	if (s && strlen(s) > max)
		buf_puts(line, "...");
}

/* One line per request: method, path (never the query or the body: they
 * may hold restricted data or secrets), status, body bytes, microseconds. */
static void log_request(Exchange *ex, enum MHD_RequestTerminationCode how)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	long long us = (long long)(now.tv_sec - ex->started.tv_sec) * 1000000LL +
	               (now.tv_nsec - ex->started.tv_nsec) / 1000;
	Buf line;
	buf_init(&line, 0);
	log_text(&line, ex->req.method, 16);
	buf_putc(&line, ' ');
	log_text(&line, ex->req.path, LOG_PATH_MAX);
	buf_printf(&line, " %d %zu %lldus", ex->status_sent, ex->bytes_sent, us);
	if (ex->log_note)
		buf_puts(&line, ex->log_note);
	switch (how) {
	case MHD_REQUEST_TERMINATED_COMPLETED_OK: break;
	case MHD_REQUEST_TERMINATED_TIMEOUT_REACHED: buf_puts(&line, " timeout"); break;
	case MHD_REQUEST_TERMINATED_CLIENT_ABORT: buf_puts(&line, " client-closed"); break;
	case MHD_REQUEST_TERMINATED_DAEMON_SHUTDOWN: buf_puts(&line, " shutdown"); break;
	default: buf_puts(&line, " error"); break;
	}
	buf_putc(&line, '\n');
	fwrite(line.data, 1, line.used, ex->server->log);
	fflush(ex->server->log);
	buf_free(&line);
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **req_cls,
                         enum MHD_RequestTerminationCode how)
{
	(void)cls;
	(void)conn;
	Exchange *ex = *req_cls;
	if (!ex)
		return;
	*req_cls = NULL;
	log_request(ex, how);
	buf_free(&ex->upload);
	buf_free(&ex->resp.body);
	arena_free(ex->req.arena); /* ex lives there too */
}

/* ---- the daemon ---- */

/* Leaves the path and query as sent: the dispatcher decodes them itself,
 * '+' as a space in the query only, and refuses what does not decode. */
static size_t keep_escaped(void *cls, struct MHD_Connection *conn, char *s)
{
	(void)cls;
	(void)conn;
	return strlen(s);
}

__attribute__((format(printf, 2, 0))) static void log_library(void *cls, const char *fmt,
                                                              va_list ap)
{
	(void)cls;
	fputs("hamahang: http: ", stderr);
	vfprintf(stderr, fmt, ap);
	size_t len = strlen(fmt);
	if (!len || fmt[len - 1] != '\n')
		fputc('\n', stderr);
}

/* Parses "host:port" or "[v6]:port" into an address; -1 when it does not. */
static int parse_listen(const char *listen, struct sockaddr_storage *addr, bool *v6)
{
	if (!listen)
		return -1;
	char host[256];
	const char *port_text;
	size_t host_len;
	if (listen[0] == '[') {
		const char *close = strchr(listen, ']');
		if (!close || close[1] != ':')
			return -1;
		host_len = (size_t)(close - listen - 1);
		memcpy(host, listen + 1, host_len < sizeof host ? host_len : 0);
		port_text = close + 2;
	} else {
		const char *colon = strrchr(listen, ':');
		if (!colon || memchr(listen, ':', (size_t)(colon - listen)))
			return -1;
		host_len = (size_t)(colon - listen);
		memcpy(host, listen, host_len < sizeof host ? host_len : 0);
		port_text = colon + 1;
	}
	if (host_len >= sizeof host)
		return -1;
	host[host_len] = '\0';
	errno = 0;
	char *end = NULL;
	long port = strtol(port_text, &end, 10);
	if (!*port_text || errno || *end || port < 0 || port > 65535)
		return -1;
	struct addrinfo hints, *found = NULL;
	memset(&hints, 0, sizeof hints);
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_PASSIVE;
	if (getaddrinfo(host_len ? host : NULL, NULL, &hints, &found) != 0 || !found)
		return -1;
	memset(addr, 0, sizeof *addr);
	memcpy(addr, found->ai_addr, found->ai_addrlen);
	*v6 = found->ai_family == AF_INET6;
	freeaddrinfo(found);
	if (*v6)
		((struct sockaddr_in6 *)addr)->sin6_port = htons((uint16_t)port);
	else
		((struct sockaddr_in *)addr)->sin_port = htons((uint16_t)port);
	return 0;
}

int web_serve(const WebConfig *cfg)
{
	Buf problems;
	buf_init(&problems, 0);
	if (web_routes_check(cfg->routes, cfg->route_count, &problems) != 0) {
		fprintf(stderr, "hamahang: the route table is refused:\n%s", buf_str(&problems));
		buf_free(&problems);
		return -1;
	}
	buf_free(&problems);
	struct sockaddr_storage addr;
	bool v6 = false;
	if (parse_listen(cfg->listen, &addr, &v6) != 0) {
		fprintf(stderr,
		        "hamahang: cannot listen on '%s': give host:port or [v6-address]:port\n",
		        cfg->listen ? cfg->listen : "");
		return -1;
	}

	Server server;
	memset(&server, 0, sizeof server);
	server.cfg = cfg;
	server.max_body = cfg->max_body ? cfg->max_body : WEB_MAX_BODY;
	server.max_header = cfg->max_header ? cfg->max_header : WEB_MAX_HEADER;
	server.max_response = cfg->max_response ? cfg->max_response : WEB_MAX_RESPONSE;
	server.log = cfg->access_log ? cfg->access_log : stderr;

	unsigned int flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ERROR_LOG;
	if (MHD_is_feature_supported(MHD_FEATURE_EPOLL) == MHD_YES)
		flags |= MHD_USE_EPOLL;
	else if (MHD_is_feature_supported(MHD_FEATURE_POLL) == MHD_YES)
		flags |= MHD_USE_POLL;
	if (v6)
		flags |= MHD_USE_IPv6;
	/* The connection's memory holds the request line and headers (and the
	 * answer's headers): room for twice the header cap, so that headers
	 * past the cap reach the dispatcher, which answers 431 in our form.
	 * Headers too large even for this memory get the library's own 431
	 * (a bare HTML body, without our headers) and a closed connection. */
	size_t connection_memory = server.max_header * 2 + 8192;
	struct MHD_Daemon *daemon = MHD_start_daemon(
	    flags, 0, NULL, NULL, on_request, &server, MHD_OPTION_EXTERNAL_LOGGER, log_library,
	    NULL, /* first, to catch every message */
	    MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr, MHD_OPTION_THREAD_POOL_SIZE,
	    (unsigned int)(cfg->threads ? cfg->threads : 2), MHD_OPTION_CONNECTION_TIMEOUT,
	    (unsigned int)CONNECTION_TIMEOUT, MHD_OPTION_CONNECTION_LIMIT,
	    (unsigned int)CONNECTION_LIMIT, MHD_OPTION_PER_IP_CONNECTION_LIMIT,
	    (unsigned int)PER_IP_CONNECTION_LIMIT, MHD_OPTION_CONNECTION_MEMORY_LIMIT,
	    connection_memory, MHD_OPTION_NOTIFY_COMPLETED, on_completed, &server,
	    MHD_OPTION_UNESCAPE_CALLBACK, keep_escaped, NULL, MHD_OPTION_END);
	if (!daemon) {
		fprintf(stderr,
		        "hamahang: cannot listen on %s (in use, or not an address of this host?)\n",
		        cfg->listen);
		return -1;
	}
	const union MHD_DaemonInfo *info = MHD_get_daemon_info(daemon, MHD_DAEMON_INFO_BIND_PORT);
	int port = info ? (int)info->port : 0;
	if (cfg->on_ready)
		cfg->on_ready(cfg->ready_arg, port);
	while (!cfg->stop || !*cfg->stop) {
		struct timespec pause = {0, 50 * 1000 * 1000};
		nanosleep(&pause, NULL);
	}
	MHD_stop_daemon(daemon);
	return 0;
}

/* The flag web_catch_signals set; a signal handler can reach nothing else. */
static struct {
	volatile sig_atomic_t *stop; /* set to 1 on SIGINT or SIGTERM */
} signals;

static void on_signal(int sig)
{
	(void)sig;
	if (signals.stop)
		*signals.stop = 1;
}

void web_catch_signals(volatile sig_atomic_t *stop)
{
	signals.stop = stop;
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
}
