#!/usr/bin/env bash
# setup-mermaid.sh - fetches Mermaid's browser bundle (npm package `mermaid`, pinned) once, so the test of
# `phasor graph --format mermaid` can render the output with Mermaid itself in headless Chromium.
# Prints the path of mermaid.min.js on the LAST line of stdout:
#   PHASOR_MERMAID_JS=$(scripts/setup-mermaid.sh | tail -n 1)
# Needs npm (apt-get install -y npm when root and missing). Everything but the path goes to stderr.
set -euo pipefail
# shellcheck source=scripts/lib-apt.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib-apt.sh" # apt_get: waits for the dpkg lock
readonly VERSION=11.17.2
home_dir="${PHASOR_MERMAID_HOME:-${HOME:-/tmp}/.cache/phasor/mermaid-$VERSION}"
js="$home_dir/package/dist/mermaid.min.js"
if [[ -f "$js" ]]; then printf '%s\n' "$js"; exit 0; fi
if ! command -v npm >/dev/null 2>&1; then
  if [[ "$(id -u)" -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
    echo "setup-mermaid: installing npm ..." >&2
    export DEBIAN_FRONTEND=noninteractive
    apt_get install -y -qq --no-install-recommends npm >&2 || { apt_get update -qq >&2 && apt_get install -y -qq --no-install-recommends npm >&2; }
  else
    echo "setup-mermaid: npm is needed (apt-get install -y npm)" >&2; exit 1
  fi
fi
mkdir -p "$home_dir"
exec 9>"$home_dir/.lock"
flock -w 600 9
if [[ ! -f "$js" ]]; then
  tmp="$(mktemp -d "$home_dir/.fetch.XXXXXX")"
  (cd "$tmp" && npm pack "mermaid@$VERSION" --silent >/dev/null 2>&2) || { rm -rf "$tmp"; echo "setup-mermaid: npm pack mermaid@$VERSION failed" >&2; exit 1; }
  tar -xzf "$tmp"/mermaid-"$VERSION".tgz -C "$tmp" package/dist/mermaid.min.js package/LICENSE
  mkdir -p "$home_dir/package/dist"
  mv "$tmp/package/LICENSE" "$home_dir/package/LICENSE"
  mv "$tmp/package/dist/mermaid.min.js" "$js"
  rm -rf "$tmp"
fi
printf '%s\n' "$js"
