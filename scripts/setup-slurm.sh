#!/usr/bin/env bash
# setup-slurm.sh - installs Debian's Slurm (slurm-wlm: slurmctld, slurmd, sbatch, srun...) and munge when
# missing (root only), for the one-node Slurm tests (cluster/src/test/.../slurm). Does not configure or
# start anything: each test writes its own slurm.conf under a temp dir and starts its own daemons.
# Exit 0 when sbatch, slurmctld, slurmd and munged are on PATH afterwards; 1 otherwise (the tests then skip,
# naming this script).
set -euo pipefail
# shellcheck source=scripts/lib-apt.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib-apt.sh" # apt_get: waits for the dpkg lock
PATH="$PATH:/usr/sbin:/sbin"
have() { command -v sbatch >/dev/null 2>&1 && command -v slurmctld >/dev/null 2>&1 &&
  command -v slurmd >/dev/null 2>&1 && command -v munged >/dev/null 2>&1; }
have && exit 0
if [[ "$(id -u)" -ne 0 ]]; then
  echo "setup-slurm: Slurm is not installed and this user is not root: apt-get install -y slurm-wlm munge" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
exec 9>"${TMPDIR:-/tmp}/phasor-setup-slurm.lock"
flock -w 600 9
have && exit 0
# The packages' postinst scripts would start the system's slurmctld/slurmd/munge services with the
# packaged configuration; the tests start their own daemons, so forbid service starts during install.
policy=/usr/sbin/policy-rc.d
own_policy=""
if [[ ! -e "$policy" ]]; then
  printf '#!/bin/sh\nexit 101\n' > "$policy"
  chmod +x "$policy"
  own_policy=1
fi
trap '[[ -n "$own_policy" ]] && rm -f "$policy"' EXIT
pkgs=(slurm-wlm munge)
if ! apt_get install -y -qq --no-install-recommends "${pkgs[@]}" >&2; then
  apt_get update -qq >&2
  apt_get install -y -qq --no-install-recommends "${pkgs[@]}" >&2
fi
have || { echo "setup-slurm: slurm-wlm installed but sbatch/slurmctld/slurmd/munged are not on PATH" >&2; exit 1; }
