#!/bin/sh
# Installs the Debian packages Hamahang needs to build, run and test, when
# any is missing. Safe to run again: it does nothing when all are present.
set -eu

PACKAGES="build-essential pkg-config
libsqlite3-dev libmicrohttpd-dev libjansson-dev libutf8proc-dev libsodium-dev
libcmocka-dev sqlite3 python3 python3-jsonschema
libxml2-dev libxlsxwriter-dev libxml2-utils unzip
chromium nodejs
clang libclang-rt-14-dev
gettext zlib1g-dev"

missing=""
for p in $PACKAGES; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
		missing="$missing $p"
	fi
done
# npm: Debian's package, unless a node installation already brings its own
command -v npm > /dev/null 2>&1 || missing="$missing npm"
if [ -n "$missing" ]; then
	echo "install-deps: installing$missing"
	SUDO=""
	[ "$(id -u)" -ne 0 ] && SUDO="sudo"
	export DEBIAN_FRONTEND=noninteractive
	$SUDO apt-get update -qq
	# shellcheck disable=SC2086
	$SUDO apt-get install -y -qq --no-install-recommends $missing
fi

# The browser tests' npm packages (playwright-core, axe-core; see
# package.json), installed in the project. No browser is downloaded:
# the tests drive Debian's chromium.
if [ -f package.json ] && { [ ! -d node_modules/playwright-core ] || [ ! -d node_modules/axe-core ]; }; then
	export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
	if [ -f package-lock.json ]; then
		npm ci --no-audit --no-fund
	else
		npm install --no-audit --no-fund
	fi
fi
