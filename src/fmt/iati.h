/*
 * iati.h — IATI 2.03 activity XML, read one activity at a time.
 *
 * libxml2's streaming reader walks the file; each <iati-activity> is
 * expanded alone, read into an ImportActivity and released, so memory
 * holds one activity, not the file. The reader never touches the network,
 * substitutes no entities and loads no external DTD. While it reads, the
 * file is validated against the IATI 2.03 activity schema (compiled into
 * the binary): every place where the file breaks it becomes a warning that
 * names the element and its line. Bytes in, activities out: no file I/O.
 */
#ifndef HAMAHANG_IATI_H
#define HAMAHANG_IATI_H

#include <stddef.h>

#include "core/activity.h"
#include "core/arena.h"
#include "core/errors.h"

typedef struct IatiReader IatiReader;

/* Largest activity read, in bytes of the file; a bigger one is refused. */
#define IATI_ACTIVITY_MAX_BYTES (8u << 20)

/* A reader over data[0..len), borrowed while it lives. name is used in
 * messages. Free with iati_close. */
IatiReader *iati_open(const char *data, size_t len, const char *name);
void iati_close(IatiReader *r);

/* Reads the next activity into *out (strings in a), with what the schema
 * check or the reading found wrong in warns (and, for a problem that
 * leaves nothing to import, errs). Returns 1 for an activity, 0 at the end,
 * -1 when the file cannot be read further (iati_error says what, where). */
int iati_next(IatiReader *r, Arena *a, ImportActivity *out, Errors *errs, Errors *warns);

/* Problems found outside any activity (the root element, a broken end),
 * moved into warns; call after the last iati_next. */
void iati_trailing(IatiReader *r, Errors *warns);

const char *iati_error(const IatiReader *r);

#endif
