#!/bin/sh
# Services some tests start on loopback: redis-server (Redis Streams queue), PostgreSQL (store
# contract tests), Chromium and its driver (browser tests of the web UI).
# Idempotent and quiet: installs only the packages missing, and only as root with apt-get;
# elsewhere the tests that need a missing service skip (and fail in CI, where CI=true).
set -u

PACKAGES="redis-server postgresql chromium chromium-driver"

missing=""
for package in $PACKAGES; do
    dpkg -s "$package" >/dev/null 2>&1 || missing="$missing $package"
done
[ -n "$missing" ] || exit 0
if [ "$(id -u)" != "0" ] || ! command -v apt-get >/dev/null 2>&1; then
    echo "install-services: not root or no apt-get; tests needing$missing will skip" >&2
    exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null 2>&1 || true
# shellcheck disable=SC2086  # one word per package
apt-get install -y -qq --no-install-recommends $missing >/dev/null 2>&1 \
    || echo "install-services: could not install$missing" >&2
exit 0
