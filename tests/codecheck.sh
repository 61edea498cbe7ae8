#!/bin/sh
# Keeps the walls between layers (see STYLE.md and DESIGN.md):
#  - core (src/core) does no I/O and knows no store, HTTP or file format:
#    no stdio, sqlite, libmicrohttpd, jansson, or other layers' headers;
#  - SQL lives only in the store (src/store): no sqlite3 calls or SQL
#    keywords in string literals elsewhere;
#  - HTML is written only through the escaping formatter: no printf-family
#    raw %s into a response in the web layer.
# Prints each breach and exits 1 if there is any.
set -u
cd "$(dirname "$0")/.."
bad=0

breach() {
	echo "wall breached: $*"
	bad=1
}

for f in src/core/*.c src/core/*.h; do
	if grep -nE '#include <(stdio\.h|sqlite3\.h|microhttpd\.h|jansson\.h|libpq-fe\.h|libxml/)' "$f"; then
		breach "$f includes an I/O, store, HTTP or format header"
	fi
	if grep -nE '#include "(store|svc|web|cmd|fmt)/' "$f"; then
		breach "$f includes a header of an outer layer"
	fi
	if grep -nE '\b(fopen|fprintf|printf|puts|fputs|open|read|socket)\s*\(' "$f" | grep -v '^\s*[0-9]*:\s*/\?\*' ; then
		breach "$f does I/O"
	fi
done

for f in $(ls src/*/*.c src/*.c 2>/dev/null | grep -v '^src/store/'); do
	if grep -nE 'sqlite3_|#include <sqlite3\.h>' "$f"; then
		breach "$f uses SQLite outside the store"
	fi
	if grep -nE '"[^"]*\b(SELECT|INSERT INTO|UPDATE [a-z_]+ SET|DELETE FROM|CREATE TABLE)\b' "$f"; then
		breach "$f has SQL outside the store"
	fi
done

for f in src/web/*.c; do
	[ -f "$f" ] || continue
	if grep -nE 'buf_printf\s*\(\s*&?(resp|r|out)->body' "$f"; then
		breach "$f writes a response body with buf_printf (use ui_printf, whose strings are escaped)"
	fi
done

if [ "$bad" -ne 0 ]; then
	exit 1
fi
echo "walls hold"
