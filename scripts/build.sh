#!/usr/bin/env bash
# Builds Phasor's jars (mvn package, tests skipped) unless they are newer than every source and pom, then
# the AppCDS archive of their classes when it is missing or older than the jars (scripts/lib-jvm.sh).
# Quiet when there is nothing to do; build output goes to stderr so callers can capture stdout.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=scripts/lib-jvm.sh
source "$here/scripts/lib-jvm.sh"
stamp="$here/examples/target/lib/.phasor-built"
if [[ -f "$stamp" ]] && [[ -z "$(find "$here" -path "$here/.git" -prune -o \( -name '*.java' -o -name pom.xml \
    -o -path '*/src/main/resources/*' \) -newer "$stamp" -print -quit 2>/dev/null)" ]]; then
  cp="$("$here/scripts/classpath.sh")"
  if phasor_cds_stale "$cp"; then
    phasor_cds_train "$cp"
  fi
  exit 0
fi
# The cluster module compiles against Debian's MPJ Express jar (not on Maven Central).
[[ -f /usr/share/java/mpj.jar ]] || "$here/scripts/setup-mpj.sh" >/dev/null
command -v mvn >/dev/null || { echo "phasor: Maven (mvn) is needed to build Phasor: apt-get install -y maven" >&2; exit 1; }
echo "phasor: building jars (first use or sources changed)..." >&2
log="$(mktemp)"
if ! (cd "$here" && mvn -B -ntp -Dstyle.color=never install -DskipTests >"$log" 2>&1); then
  cat "$log" >&2; rm -f "$log"
  echo "phasor: the build failed (output above)" >&2; exit 1
fi
rm -f "$log"
touch "$stamp"
phasor_cds_train "$("$here/scripts/classpath.sh")"
