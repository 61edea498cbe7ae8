/*
 * cmd_serve.c — `hamahang serve`: the web pages and the JSON API.
 */
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"
#include "svc/svc.h"
#include "web/auth.h"
#include "web/http.h"
#include "web/route_table.h"

static const char USAGE[] =
	"usage: hamahang serve --db FILE [--listen ADDRESS:PORT]\n\n"
	"Serves the registry's web pages and its JSON API (under /api/v1).\n\n"
	"  --db FILE          the database, made with 'hamahang init'\n"
	"  --listen ADDR:PORT where to listen (default 127.0.0.1:8080; [::1]:8080 for IPv6;\n"
	"                     port 0 takes a free port and prints it)\n";

static void say_ready(void *arg, int port)
{
	const char *listen = arg;
	char host[256];
	const char *colon = strrchr(listen, ':');
	size_t n = colon ? (size_t)(colon - listen) : strlen(listen);
	if (n >= sizeof host)
		n = sizeof host - 1;
	memcpy(host, listen, n);
	host[n] = '\0';
	printf("hamahang serve: listening on http://%s:%d/\n", host, port);
	fflush(stdout);
}

int cmd_serve(int argc, char **argv)
{
	static const struct option opts[] = {
		{"db", required_argument, NULL, 'd'},
		{"listen", required_argument, NULL, 'l'},
		{"help", no_argument, NULL, 'h'},
		{0, 0, 0, 0},
	};
	const char *db = NULL, *listen = "127.0.0.1:8080";
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'l': listen = optarg; break;
		case 'h': fputs(USAGE, stdout); return 0;
		default: fputs(USAGE, stderr); return 2;
		}
	}
	if (!db || optind < argc) {
		fputs(USAGE, stderr);
		return 2;
	}
	size_t route_count;
	const Route *routes = app_routes(&route_count);
	Buf problems;
	buf_init(&problems, 64 * 1024);
	if (web_routes_check(routes, route_count, &problems) != 0) {
		cmd_fail("serve", "the route table is not valid:\n%s", buf_str(&problems));
		buf_free(&problems);
		return 2;
	}
	buf_free(&problems);

	char *err = NULL;
	App *app = app_open(db, APP_POOL_SIZE, &err);
	if (!app) {
		int rc = cmd_fail("serve", "%s", err);
		free(err);
		return rc;
	}
	/* A closed terminal or pipe on standard output must not kill the server. */
	signal(SIGPIPE, SIG_IGN);
	static volatile sig_atomic_t stop;
	web_catch_signals(&stop);
	WebConfig cfg = {
		.listen = listen,
		.routes = routes,
		.route_count = route_count,
		.app = app,
		.stop = &stop,
		.threads = 2,
		.on_ready = say_ready,
		.ready_arg = (void *)listen,
		.identify = web_identify,
	};
	int rc = web_serve(&cfg);
	app_close(app);
	if (rc != 0)
		return cmd_fail("serve", "could not serve on %s", listen);
	printf("hamahang serve: stopped\n");
	return 0;
}
