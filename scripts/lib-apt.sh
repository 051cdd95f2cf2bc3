#!/usr/bin/env bash
# Sourced by the setup scripts: apt_get ARGS... runs apt-get, but waits for another package manager
# (an unattended upgrade, a parallel setup script) instead of failing on "Could not get lock".
# DPkg::Lock::Timeout covers dpkg's lock during install; the retry loop also covers the package lists'
# lock of `apt-get update`, which that option does not wait for on every apt version.
# PHASOR_APT_LOCK_WAIT: how long to wait in seconds (default 600).

apt_get() {
  local wait="${PHASOR_APT_LOCK_WAIT:-600}" deadline err rc
  deadline=$((SECONDS + wait))
  err="$(mktemp)"
  while :; do
    rc=0
    apt-get -o DPkg::Lock::Timeout="$wait" "$@" 2>"$err" || rc=$?
    if ((rc != 0)) && grep -q 'Could not get lock' "$err" && ((SECONDS < deadline)); then
      echo "apt-get: $(grep -m1 'Could not get lock' "$err" | sed 's/^E: //'); waiting (up to ${wait}s in all)" >&2
      sleep 5
      continue
    fi
    cat "$err" >&2
    rm -f "$err"
    return "$rc"
  done
}
