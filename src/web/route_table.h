/*
 * route_table.h — the application's route table: every URL the server answers,
 * with its method, handler, required permission and CSRF protection.
 */
#ifndef HAMAHANG_ROUTE_TABLE_H
#define HAMAHANG_ROUTE_TABLE_H

#include "web/http.h"

/* The table and its length; static, never freed. */
const Route *app_routes(size_t *count);

#endif
