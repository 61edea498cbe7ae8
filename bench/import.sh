#!/bin/sh
# Import benchmark: `hamahang import` beside plain SQLite on the same rows.
#
#   bench/import.sh [ROWS]      (default 1000000; run from the repository root)
#
# For the real OCHA 3W (when ../shared/data is present) and for ROWS generated
# project rows (bench/gen-projects.py), it prints the wall time and peak memory
# of:
#   hamahang   ./hamahang import into a fresh database: every row resolved,
#              validated, written through the service layer with its audit entry
#              and search index entry, keyed for repeat runs;
#   sqlite3    the sqlite3 shell's `.import --csv` of the same file into a plain
#              table, then an FTS5 index built over its text columns.
# and the ratio between them. Figures come from /usr/bin/time (GNU time).
set -eu
rows=${1:-1000000}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
bin=./hamahang
[ -x "$bin" ] || { echo "build ./hamahang first (make)"; exit 2; }
command -v sqlite3 >/dev/null || { echo "sqlite3 (the shell) is needed"; exit 2; }

measure() { # label, command... -> prints "label seconds kilobytes"
	label=$1
	shift
	/usr/bin/time -f "%e %M" -o "$dir/time" "$@" >"$dir/out" 2>"$dir/err" || true
	set -- $(cat "$dir/time" | tail -1)
	echo "$label $1 $2"
}

compare() { # name, csv, fts columns
	name=$1
	csv=$2
	cols=$3
	rm -f "$dir"/h.db* "$dir"/s.db*
	$bin init --db "$dir/h.db" >/dev/null
	h=$(measure hamahang $bin import --quiet --db "$dir/h.db" "$csv")
	summary=$(head -1 "$dir/out")
	cat >"$dir/peer.sql" <<SQL
.import --csv $csv rows
CREATE VIRTUAL TABLE rows_fts USING fts5($cols);
INSERT INTO rows_fts SELECT $cols FROM rows;
SQL
	s=$(measure sqlite3 sqlite3 "$dir/s.db" ".read $dir/peer.sql")
	echo "$h" "$s" | awk -v name="$name" -v summary="$summary" '{
		printf "%s\n  %s\n", name, summary
		printf "  %-10s %10.2f s %10.1f MB\n", $1, $2, $3 / 1024
		printf "  %-10s %10.2f s %10.1f MB\n", $4, $5, $6 / 1024
		printf "  ratio      %10.1fx  %9.1fx   (hamahang / sqlite3)\n", $2 / ($5 > 0 ? $5 : 0.01), $3 / $6
	}'
}

shared=../shared/data/coordination/afg/afg-3w-operational-presence-2024-q1.csv
if [ -r "$shared" ]; then
	compare "OCHA 3W, Jan-Mar 2024 (10,902 rows)" "$shared" '"ORG_NAME", "ORG_ACRONYM", "DISTRICT"'
fi
python3 bench/gen-projects.py "$rows" "$dir/projects.csv"
compare "generated projects ($rows rows)" "$dir/projects.csv" '"Organization", "Project title"'
