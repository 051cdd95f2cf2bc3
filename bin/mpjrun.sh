#!/usr/bin/env bash
# bin/mpjrun.sh - run a Phasor job on MPJ Express 0.44 and judge its outcome (bin/mpjrun.sh -h, docs/mpj.md).
# A shim, as spark-submit is: the launcher is Java, dev.phasor.cluster.mpj.launch.MpjRun in Phasor's jars.
# Its jars are built on first use (or when sources are newer) as for bin/phasor; a job whose -cp brings its
# own Phasor jars does not wait for that build.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cp="$("$here/scripts/classpath.sh")"
own_cp=""
for a in "$@"; do [[ "$a" == -cp || "$a" == -classpath ]] && own_cp=1; done
if [[ -z "$cp" || -z "$own_cp" ]]; then
  "$here/scripts/build.sh" || { echo "mpjrun: cannot build Phasor's jars (scripts/build.sh failed)" >&2; exit 69; }
  cp="$("$here/scripts/classpath.sh")"
fi
command -v java >/dev/null 2>&1 || { echo "mpjrun: java not found on PATH" >&2; exit 69; }
exec java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xss512k -Xmx64m -Dphasor.home="$here" -cp "$cp" \
  dev.phasor.cluster.mpj.launch.MpjRun "$@"
