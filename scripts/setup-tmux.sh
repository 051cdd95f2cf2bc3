#!/usr/bin/env bash
# setup-tmux.sh - installs tmux when it is missing (root only): the live progress bar's test runs
# `phasor run` inside a tmux pane and reads the screen back with capture-pane.
set -euo pipefail
command -v tmux >/dev/null 2>&1 && exit 0
if [[ "$(id -u)" -ne 0 ]]; then
  echo "setup-tmux: tmux is not installed and this user is not root: apt-get install -y tmux" >&2; exit 1
fi
export DEBIAN_FRONTEND=noninteractive
exec 9>"${TMPDIR:-/tmp}/phasor-setup-tmux.lock"
flock -w 600 9
command -v tmux >/dev/null 2>&1 && exit 0
apt-get install -y -qq --no-install-recommends tmux >&2 || { apt-get update -qq >&2 && apt-get install -y -qq --no-install-recommends tmux >&2; }
