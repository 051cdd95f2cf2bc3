#!/usr/bin/env bash
# bin/mpjrun.sh - run a Phasor job on MPJ Express 0.44 and judge its outcome (bin/mpjrun.sh -h, docs/mpj.md).
# A shim: the launcher is Java, dev.phasor.cluster.mpj.launch.MpjRun. Phasor's jars are built on first use
# (or when sources are newer), except for a job whose -cp brings its own Phasor jars.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=scripts/lib-launch.sh
source "$here/scripts/lib-launch.sh"
build=stale
for a in "$@"; do [[ "$a" == -cp || "$a" == -classpath ]] && build=missing; done
phasor_launch dev.phasor.cluster.mpj.launch.MpjRun "$build" "$@"
