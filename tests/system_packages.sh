#!/bin/sh
# The Debian packages `make test` needs that pip cannot install: chromium (the browser
# tests drive it through Playwright) and nginx (the caching-proxy test runs it).
# Installs the missing ones with apt-get, as root or through sudo; when neither is
# possible it stops `make test` with one line saying what to run.  Tests that need a
# package never skip: a suite that passes must have run them.
set -eu

missing=""
command -v chromium >/dev/null 2>&1 || test -x /usr/bin/chromium || missing="chromium"
command -v nginx >/dev/null 2>&1 || test -x /usr/sbin/nginx || missing="${missing:+$missing }nginx"
[ -z "$missing" ] && exit 0

if [ "$(id -u)" = 0 ]; then
    as_root=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    as_root="sudo"
else
    echo "make test needs Debian's $missing: run 'sudo apt-get install -y $missing', then make test again" >&2
    exit 1
fi
command -v apt-get >/dev/null 2>&1 || {
    echo "make test needs $missing, and this is not a Debian system (no apt-get): install them, then make test again" >&2
    exit 1
}
echo "make test: installing Debian's $missing (apt-get)"
$as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
$as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null
