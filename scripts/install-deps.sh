#!/bin/sh
# Installs the Debian packages Hamahang needs to build, run and test, when
# any is missing. Safe to run again: it does nothing when all are present.
set -eu

PACKAGES="build-essential pkg-config
libsqlite3-dev libmicrohttpd-dev libjansson-dev libutf8proc-dev libsodium-dev
libcmocka-dev sqlite3
gettext zlib1g-dev libxml2-dev"

missing=""
for p in $PACKAGES; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
		missing="$missing $p"
	fi
done
[ -z "$missing" ] && exit 0

echo "install-deps: installing$missing"
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing
