#!/usr/bin/env bash
# Sourced by bin/mpjrun.sh and bin/mpj-daemon.sh, the shims over Phasor's Java launchers (as Spark's
# spark-submit hands over to Java at once).

# phasor_launch MAIN BUILD ARGS...: execs MAIN on Phasor's distribution class path (scripts/classpath.sh)
# with ARGS. BUILD=stale builds the jars first when sources are newer, as bin/phasor does (scripts/build.sh);
# BUILD=missing only when there are none yet. Needs $here (Phasor's directory) set by the caller.
phasor_launch() {
  local main="$1" build="$2" cp
  shift 2
  cp="$("$here/scripts/classpath.sh")"
  if [[ -z "$cp" || "$build" == stale ]]; then
    "$here/scripts/build.sh" || { echo "phasor: cannot build Phasor's jars (scripts/build.sh failed)" >&2; exit 69; }
    cp="$("$here/scripts/classpath.sh")"
  fi
  command -v java >/dev/null 2>&1 || { echo "phasor: java not found on PATH" >&2; exit 69; }
  # a small supervisor JVM: C1 only, serial GC, small heap (it shares the cores with the ranks)
  exec java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xss512k -Xmx64m -Dphasor.home="$here" -cp "$cp" "$main" "$@"
}
