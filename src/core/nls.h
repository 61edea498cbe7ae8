/*
 * nls.h — marking message ids for translation.
 *
 * N_("...") is the literal itself: it changes nothing at run time, but
 * tells xgettext (make pot) that the string is a message id, to be
 * translated where it is shown (T(req, ...) in the web layer). Core code
 * uses it for messages it keeps in tables; it never translates itself.
 */
#ifndef HAMAHANG_NLS_H
#define HAMAHANG_NLS_H

#define N_(msgid) msgid

#endif
