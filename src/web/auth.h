/*
 * auth.h — who is asking: sessions (a cookie set at sign-in) and personal
 * API tokens (Authorization: Bearer), and the sign-in and sign-out pages.
 */
#ifndef HAMAHANG_AUTH_H
#define HAMAHANG_AUTH_H

#include "web/http.h"

#define SESSION_COOKIE "hh_session"

/* The identify hook of the server (WebConfig.identify): fills req->user
 * with the Actor of a valid session or token, req->level with the
 * permission its role holds, and the session's CSRF token. A bad or
 * expired credential leaves the request anonymous. */
void web_identify(Req *req);

void ui_login_form(Req *req, Resp *resp);
void ui_login(Req *req, Resp *resp);
void ui_logout(Req *req, Resp *resp);

#endif
