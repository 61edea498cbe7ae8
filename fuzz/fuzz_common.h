/*
 * fuzz_common.h — what the fuzz targets share: the reference data, loaded
 * once per process the way the server loads it, and a way to stop loudly
 * when a parser breaks one of its own promises.
 *
 * Each target (fuzz_<parser>.c) defines LLVMFuzzerTestOneInput and links
 * with this file and the library objects. A target must not keep state from
 * one input to the next beyond what is made here once.
 */
#ifndef HAMAHANG_FUZZ_COMMON_H
#define HAMAHANG_FUZZ_COMMON_H

#include <stddef.h>
#include <stdint.h>

#include "core/refdata.h"

/* The reference data compiled into the binary (data/places.csv and the
 * vocabularies), loaded through the real path: an in-memory database is
 * migrated, svc_reference_load fills it and store_refdata_load reads it
 * back. Made on the first call, kept for the life of the process; never
 * NULL (a failure to load aborts). Borrowed. */
const RefData *fuzz_refdata(void);

/* A NUL-terminated copy of data[0..size) (the caller frees). Inputs that
 * hold a NUL are cut there, as every C string the program meets is. */
char *fuzz_cstring(const uint8_t *data, size_t size);

/* Reports a broken promise (what, in words) and aborts, so the fuzzer keeps
 * the input that did it. */
void fuzz_fail(const char *what, const char *detail) __attribute__((noreturn));

/* Aborts with fuzz_fail(what, "") unless cond holds. */
#define FUZZ_CHECK(cond, what)                                                                     \
	do {                                                                                       \
		if (!(cond))                                                                       \
			fuzz_fail((what), #cond);                                                  \
	} while (0)

#endif
