#!/usr/bin/env bash
# bin/mpj-daemon.sh start|stop|status [--port P] [--pidfile F] - a local MPJ Express niodev daemon, by PID
# (bin/mpj-daemon.sh -h, docs/mpj.md). A shim: the work is Java's, dev.phasor.cluster.mpj.launch.MpjDaemonCtl.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=scripts/lib-launch.sh
source "$here/scripts/lib-launch.sh"
phasor_launch dev.phasor.cluster.mpj.launch.MpjDaemonCtl missing "$@"
