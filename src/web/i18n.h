/*
 * i18n.h — the interface speaks English, Dari and Pashto.
 *
 * Every user-facing string goes through i18n_tr, and only through it: a
 * page never picks words by language itself. The translations are GNU
 * gettext catalogs (po/prs.po, po/pus.po) compiled into the binary.
 *
 * Message ids are found in the sources by xgettext (make pot): literals
 * given to T(req, "..."), to errors_add and web_error, and any literal
 * marked N_("...") where it is stored for later translation (a label in a
 * table). A message id that reaches i18n_tr by another road is not
 * extracted, so it goes untranslated: mark it.
 *
 * Languages are named by the codes the interface uses everywhere (in
 * ?lang=, in the lang cookie, in Req.lang): "en", "prs" (Dari), "pus"
 * (Pashto). No I/O here.
 */
#ifndef HAMAHANG_I18N_H
#define HAMAHANG_I18N_H

#include <stdbool.h>

#include "core/nls.h"

/* The translation of msgid (an English string, normally a literal) into
 * lang. Returns msgid itself when lang is "en", unknown or NULL, or when no
 * translation exists. The result is never NULL (unless msgid is), is
 * borrowed, and stays valid for the life of the program; it is plain text,
 * to be escaped like any other (%h). Thread-safe. */
const char *i18n_tr(const char *lang, const char *msgid);

/* True when lang has a usable catalog ("prs" and "pus" normally). */
bool i18n_has_catalog(const char *lang);

/* "rtl" for Dari and Pashto, "ltr" otherwise. */
const char *i18n_dir(const char *lang);

/* True for "en", "prs" and "pus" exactly. */
bool i18n_lang_valid(const char *lang);

/* The BCP 47 tag for HTML lang= attributes: "en", "fa-AF" (Dari),
 * "ps" (Pashto); "en" for anything else. */
const char *i18n_html_lang(const char *lang);

/* The language's name in itself ("English", "دری", "پښتو"), for a language
 * switch; NULL for an unknown code. */
const char *i18n_autonym(const char *lang);

/* The supported codes in the order a language switch lists them, ended by NULL. */
extern const char *const i18n_langs[];

/* The best supported language for an Accept-Language header value (q-values
 * honoured; "fa", "fa-AF" and "prs" mean Dari, "ps" and "pus" Pashto), or
 * NULL when the header names none of them. */
const char *i18n_from_accept_language(const char *header);

#endif
