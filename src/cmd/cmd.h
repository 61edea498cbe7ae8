/*
 * cmd.h — the subcommands of the hamahang program. Each takes the
 * arguments after its own name (argv[0] is the subcommand's name) and
 * returns the process exit status: 0 success, 1 a negative answer (a place
 * not found, a check that failed), 2 a usage error or a failure.
 */
#ifndef HAMAHANG_CMD_H
#define HAMAHANG_CMD_H

int cmd_init(int argc, char **argv);
int cmd_serve(int argc, char **argv);
int cmd_place(int argc, char **argv);
int cmd_user(int argc, char **argv);
int cmd_token(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_routes(int argc, char **argv);
int cmd_date(int argc, char **argv);
int cmd_export(int argc, char **argv);
int cmd_import(int argc, char **argv);
int cmd_dedup(int argc, char **argv);
int cmd_merge(int argc, char **argv);

/* Prints "hamahang NAME: MESSAGE" to stderr and returns 2. */
int cmd_fail(const char *name, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* True when argv holds -h or --help. */
int cmd_wants_help(int argc, char **argv);

#endif
