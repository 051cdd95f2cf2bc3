#!/usr/bin/env bash
# setup-test-tools.sh - installs the Debian tools some tests drive, when missing (root only):
#   tmux      the live progress bar's test runs `phasor run` in a tmux pane and reads it with capture-pane
#   graphviz  `dot` checks that `phasor graph --format dot` is valid DOT
#   iproute2  `ip netns`: the several-hosts tests build their test hosts as network namespaces
set -euo pipefail
# shellcheck source=scripts/lib-apt.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib-apt.sh" # apt_get: waits for the dpkg lock
missing=()
command -v tmux >/dev/null 2>&1 || missing+=(tmux)
command -v dot >/dev/null 2>&1 || missing+=(graphviz)
command -v ip >/dev/null 2>&1 || missing+=(iproute2)
[[ ${#missing[@]} -eq 0 ]] && exit 0
if [[ "$(id -u)" -ne 0 ]]; then
  echo "setup-test-tools: ${missing[*]} not installed and this user is not root: apt-get install -y ${missing[*]}" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
exec 9>"${TMPDIR:-/tmp}/phasor-setup-test-tools.lock"
flock -w 600 9
if ! apt_get install -y -qq --no-install-recommends "${missing[@]}" >&2; then
  apt_get update -qq >&2
  apt_get install -y -qq --no-install-recommends "${missing[@]}" >&2
fi
