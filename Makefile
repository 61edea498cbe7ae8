# Hamahang — build, run and test.
#
#   make          build ./hamahang
#   make run      install what is missing, build, create var/hamahang.db, serve on 127.0.0.1:8080
#   make check    install what is missing, build, run every test (also under ASan + UBSan)
#   make data     regenerate data/*.csv (reference tables, map outlines) from ../shared/data
#                 (only when the sources change)
#
# Sources are found by folder: src/core (domain, no I/O), src/store (SQL),
# src/svc (validate, authorize, write, audit), src/fmt (file formats),
# src/web (HTTP, pages, JSON API), src/cmd (command line).

CC       ?= cc
PKGS     := sqlite3 libmicrohttpd jansson libutf8proc libsodium libxml-2.0 xlsxwriter zlib
WARN     := -Wall -Wextra -Wshadow -Wformat=2 -Werror=format-security -Wstrict-prototypes \
            -Wmissing-prototypes -Wno-missing-field-initializers
CFLAGS   ?= -O2 -g
CFLAGS   += -std=c11 -D_GNU_SOURCE $(WARN) -Isrc -Ibuild/gen
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lm -lpthread
SAN_FLAGS := -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined

LAYERS   := core store svc fmt web cmd
LIB_SRC  := $(foreach d,$(LAYERS),$(wildcard src/$(d)/*.c))
MAIN_SRC := src/main.c
PO_LANGS := prs pus
MO_FILES := $(PO_LANGS:%=build/po/%.mo)
EMBED_IN := $(sort $(wildcard data/*.csv) data/demo.json data/common-passwords.txt api/openapi.json $(wildcard src/store/sql/*.sql) $(wildcard src/web/static/*) $(wildcard data/iati/*.xsd)) $(MO_FILES)

OBJ      := $(LIB_SRC:%.c=build/obj/%.o) build/obj/gen/embedded.o
SAN_OBJ  := $(LIB_SRC:%.c=build/san/%.o) build/san/gen/embedded.o

UNIT_SRC := $(wildcard tests/unit/test_*.c)
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=build/tests/%)
UNIT_SAN := $(UNIT_SRC:tests/unit/%.c=build/tests-san/%)
HTTP_SRC := $(wildcard tests/http/test_*.c)
HTTP_BIN := $(HTTP_SRC:tests/http/%.c=build/tests/%)
TEST_LIB := tests/lib/testlib.c

.PHONY: all run check deps data clean unit-tests san fmt codecheck pot

all: hamahang

deps:
	@./scripts/install-deps.sh

hamahang: $(OBJ) build/obj/src/main.o
	$(CC) $(CFLAGS) -o $@ $^ $(PKG_LIBS)

build/hamahang-san: $(SAN_OBJ) build/san/src/main.o
	$(CC) $(CFLAGS) $(SAN_FLAGS) -o $@ $^ $(PKG_LIBS)

build/obj/%.o: %.c $(wildcard src/*/*.h) | build/gen/embedded.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(PKG_CFLAGS) -c -o $@ $<

build/san/%.o: %.c $(wildcard src/*/*.h) | build/gen/embedded.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(SAN_FLAGS) $(PKG_CFLAGS) -c -o $@ $<

build/obj/gen/embedded.o build/san/gen/embedded.o: build/gen/embedded.c

build/obj/gen/embedded.o:
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -c -o $@ $<

build/san/gen/embedded.o:
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(SAN_FLAGS) -c -o $@ $<

# Reference tables, demo data, SQL migrations and static files are compiled
# into the binary, so it needs nothing beside it at run time.
build/gen/embedded.c: tools/embed.c $(EMBED_IN)
	@mkdir -p build/gen build/tools
	$(CC) -O1 -o build/tools/embed tools/embed.c
	build/tools/embed $@ $(EMBED_IN)

# Translations: po/LANG.po (GNU gettext) compiled by msgfmt, checked for
# format mismatches, into build/po/LANG.mo, which is embedded like the rest.
build/po/%.mo: po/%.po
	@mkdir -p build/po
	msgfmt --check --output-file=$@ $<

# The message ids of the sources: literals given to T(req, ...), N_(...),
# errors_add / errors_add_at / check_code (validation messages), web_error,
# and the page helpers that take a label to translate (a helper added with
# a label argument joins this list, or its callers mark labels with N_). `make pot` rewrites po/hamahang.pot; then `msgmerge --update
# po/LANG.po po/hamahang.pot` brings each catalog up to date to translate.
XGETTEXT_FLAGS := --from-code=UTF-8 --language=C --no-wrap --sort-by-file --add-location=file \
	--package-name=Hamahang --msgid-bugs-address=dev@hamahang.invalid \
	--keyword= --keyword=T:2 --keyword=N_ --keyword=errors_add:3 \
	--keyword=errors_add_at:5 --keyword=check_code:5 --keyword=web_error:5 \
	--keyword=ui_checkboxes:4 --keyword=ui_query_code:4 --keyword=ui_field_error:4 \
	--keyword=total_card:4 --keyword=text_field:4 --keyword=select_field:4 \
	--keyword=profile_row:3 --keyword=name_row:3 --keyword=org_ref_row:4 --keyword=row_text:3 \
	--keyword=row_title:3 --keyword=row_date:3 --keyword=code_list:4 --keyword=render_login:4 \
	--keyword=date_row:3

pot:
	xgettext $(XGETTEXT_FLAGS) --output=po/hamahang.pot $(sort $(LIB_SRC))

build/po/hamahang.pot: $(LIB_SRC)
	@mkdir -p build/po
	xgettext $(XGETTEXT_FLAGS) --output=$@ $(sort $(LIB_SRC))

# Unit tests link the library objects (not main.o) with cmocka.
build/tests/%: tests/unit/%.c $(OBJ) $(TEST_LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(PKG_CFLAGS) -Itests/lib -o $@ $< $(TEST_LIB) $(OBJ) $(PKG_LIBS) -lcmocka

build/tests-san/%: tests/unit/%.c $(SAN_OBJ) $(TEST_LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(SAN_FLAGS) $(PKG_CFLAGS) -Itests/lib -o $@ $< $(TEST_LIB) $(SAN_OBJ) $(PKG_LIBS) -lcmocka

# HTTP tests are clients only: they start the real binary and talk to it over a socket.
build/tests/test_http_%: tests/http/test_http_%.c tests/http/http_client.c tests/http/server_proc.c $(wildcard tests/http/*.h) $(TEST_LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(PKG_CFLAGS) -Itests/lib -Itests/http -o $@ $< tests/http/http_client.c tests/http/server_proc.c $(TEST_LIB) $(PKG_LIBS) -lcmocka

# Walls between layers, checked on every test run.
codecheck:
	@./tests/codecheck.sh

check: deps
	@$(MAKE) --no-print-directory hamahang build/hamahang-san $(UNIT_BIN) $(UNIT_SAN) $(HTTP_BIN) \
		$(FUZZ_BIN) build/po/hamahang.pot
	@./tests/run.sh

run: deps
	@$(MAKE) --no-print-directory hamahang
	@mkdir -p var
	@test -f var/hamahang.db || ./hamahang init --db var/hamahang.db --demo
	./hamahang serve --db var/hamahang.db --listen 127.0.0.1:8080

data:
	python3 tools/make-reference.py ../shared/data
	python3 tools/make-outlines.py ../shared/data

fmt:
	clang-format -i $$(find src tests tools -name '*.[ch]')

clean:
	rm -rf build hamahang

# ---- fuzzing (see fuzz/README.md) ----
# Each fuzz/fuzz_<parser>.c is a libFuzzer target, built with clang, ASan and
# UBSan over library objects instrumented for coverage. `make fuzz` runs
# each for FUZZ_SECONDS; `make check` replays fuzz/corpus and
# fuzz/regressions through each and runs each for FUZZ_CHECK_SECONDS.
FUZZ_CC      ?= clang
FUZZ_SECONDS ?= 300
FUZZ_FLAGS   := -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer \
                -fno-sanitize-recover=undefined
FUZZ_LIB_SRC := $(foreach d,core fmt store svc,$(wildcard src/$(d)/*.c)) src/web/request.c
FUZZ_OBJ     := $(FUZZ_LIB_SRC:%.c=build/fuzz/obj/%.o) build/fuzz/obj/gen/embedded.o
FUZZ_SRC     := $(wildcard fuzz/fuzz_*.c)
FUZZ_BIN     := $(patsubst fuzz/%.c,build/fuzz/%,$(filter-out fuzz/fuzz_common.c,$(FUZZ_SRC)))

.PHONY: fuzz fuzz-build
# the objects are kept between builds, not removed as intermediates
.SECONDARY: $(FUZZ_OBJ)

fuzz-build: $(FUZZ_BIN)

fuzz: deps
	@$(MAKE) --no-print-directory fuzz-build
	@FUZZ_SECONDS=$(FUZZ_SECONDS) ./fuzz/run.sh long $(FUZZ_BIN)

build/fuzz/obj/%.o: %.c $(wildcard src/*/*.h) | build/gen/embedded.c
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(CFLAGS) $(FUZZ_FLAGS) -fsanitize=fuzzer-no-link $(PKG_CFLAGS) -c -o $@ $<

build/fuzz/obj/gen/embedded.o: build/gen/embedded.c
	@mkdir -p $(dir $@)
	$(FUZZ_CC) -O0 -Isrc -c -o $@ $<

build/fuzz/fuzz_%: fuzz/fuzz_%.c fuzz/fuzz_common.c fuzz/fuzz_common.h $(FUZZ_OBJ)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(CFLAGS) $(FUZZ_FLAGS) -fsanitize=fuzzer $(PKG_CFLAGS) -Ifuzz -o $@ $< \
		fuzz/fuzz_common.c $(FUZZ_OBJ) $(PKG_LIBS)

# The crawl test also parses HTML (libxml2) and inflates gzip (zlib).
build/tests/test_http_crawl: tests/http/test_http_crawl.c tests/http/http_client.c tests/http/server_proc.c $(wildcard tests/http/*.h) $(TEST_LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(PKG_CFLAGS) $(shell pkg-config --cflags libxml-2.0) -Itests/lib -Itests/http -o $@ $< tests/http/http_client.c tests/http/server_proc.c $(TEST_LIB) $(PKG_LIBS) $(shell pkg-config --libs libxml-2.0) -lcmocka
