#!/usr/bin/env bash
# setup-chromium.sh - make headless Chromium available for the HTML report tests.
# Installs Debian's `chromium` and `chromium-driver` when missing (root only; apt-get update first,
# since a fresh CI image has empty package lists), then prints the chromium binary on the LAST
# line of stdout:  PHASOR_CHROMIUM=$(scripts/setup-chromium.sh | tail -n 1)
# Concurrent runs are serialised with flock; everything but the final path goes to stderr.
set -euo pipefail
# shellcheck source=scripts/lib-apt.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib-apt.sh" # apt_get: waits for the dpkg lock
log() { printf 'setup-chromium: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }
find_chromium() { command -v chromium || command -v chromium-browser || true; }

bin="$(find_chromium)"
if [[ -n "$bin" ]] && command -v chromedriver >/dev/null 2>&1; then
  printf '%s\n' "$bin"; exit 0
fi
if [[ "$(id -u)" -ne 0 ]]; then
  log "Chromium is not installed and this user is not root."
  log "Ask an administrator to run:  apt-get update && apt-get install -y chromium chromium-driver"
  exit 1
fi
command -v apt-get >/dev/null 2>&1 || die "chromium is missing and apt-get is not available"
lockdir="${TMPDIR:-/tmp}"
exec 9>"$lockdir/phasor-setup-chromium.lock"
flock -w 900 9 || die "timed out waiting for $lockdir/phasor-setup-chromium.lock"
bin="$(find_chromium)"
if [[ -z "$bin" ]] || ! command -v chromedriver >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  log "installing chromium and chromium-driver (apt-get update first) ..."
  apt_get update -qq >&2 || die "apt-get update failed"
  apt_get install -y -qq --no-install-recommends chromium chromium-driver fonts-dejavu-core >&2 \
    || die "apt-get install chromium chromium-driver failed"
  bin="$(find_chromium)"
fi
[[ -n "$bin" ]] || die "chromium installed but no chromium binary on PATH"
printf '%s\n' "$bin"
