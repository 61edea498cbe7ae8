#!/bin/sh
# Every message id of the sources has a translation in every catalog.
#
# Extracts the message ids afresh (build/po/hamahang.pot, see the Makefile)
# and compares each po/LANG.po with them: msgcmp fails on a message id that
# a catalog lacks, leaves untranslated, or marks fuzzy. Prints one line per
# catalog, "ok LANG" or "FAILED LANG" with what is missing.
set -u
cd "$(dirname "$0")/.."
status=0
for po in po/*.po; do
	lang=$(basename "$po" .po)
	if out=$(msgcmp -N "$po" build/po/hamahang.pot 2>&1); then
		echo "ok $lang"
	else
		echo "FAILED $lang: message ids without a translation:"
		echo "$out" | head -60
		status=1
	fi
done
exit $status
