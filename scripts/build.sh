#!/usr/bin/env bash
# Builds Phasor's jars (mvn package, tests skipped) unless they are newer than every source and pom, then
# the AppCDS archive of their classes when it is missing or older than the jars (scripts/lib-jvm.sh).
# Quiet when there is nothing to do; build output goes to stderr so callers can capture stdout.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=scripts/lib-jvm.sh
source "$here/scripts/lib-jvm.sh"
# shellcheck source=scripts/lib-progress.sh
source "$here/scripts/lib-progress.sh"
# A binary distribution (phasor-<version>.tar.gz unpacked: lib/ and no pom.xml) has nothing to build; its
# class-data archive is made on first use when the directory is writable.
if [[ ! -f "$here/pom.xml" ]]; then
  cp="$("$here/scripts/classpath.sh")"
  if [[ -w "$here" ]] && phasor_cds_stale "$cp"; then
    phasor_cds_train "$cp"
  fi
  exit 0
fi
stamp="$here/examples/target/lib/.phasor-built"
if [[ -f "$stamp" ]] && [[ -z "$(find "$here" -path "$here/.git" -prune -o \( -name '*.java' -o -name pom.xml \
    -o -path '*/src/main/resources/*' \) -newer "$stamp" -print -quit 2>/dev/null)" ]]; then
  cp="$("$here/scripts/classpath.sh")"
  if phasor_cds_stale "$cp"; then
    phasor_cds_train "$cp"
  fi
  exit 0
fi
# The cluster module compiles against Debian's MPJ Express jar (not on Maven Central), installed into the local
# Maven repository as dev.phasor.thirdparty:mpj.
"$here/scripts/setup-mpj.sh" --maven >/dev/null
command -v mvn >/dev/null || { echo "phasor: Maven (mvn) is needed to build Phasor: apt-get install -y maven" >&2; exit 1; }
echo "phasor: building Phasor's jars with Maven (first use or sources changed; a first build downloads ~50 MiB)" >&2
# Jars of an earlier version must not stay on the distribution's classpath next to the new ones.
rm -rf "$here/examples/target/lib"
log="$(mktemp)"
# The javadoc jars are left to `mvn install` (scripts/test.sh): bin/phasor does not need them.
set +o pipefail
(cd "$here" && mvn -B -Dstyle.color=never install -DskipTests -Dmaven.javadoc.skip=true 2>&1
  rc=$?; echo; echo "phasor-build-exit $rc") |
  tee "$log" | build_progress
set -o pipefail
if [[ "$(tail -n 1 "$log")" != "phasor-build-exit 0" ]]; then
  grep -v '^\[INFO\] Download' "$log" >&2; rm -f "$log"
  echo "phasor: the build failed (output above)" >&2; exit 1
fi
rm -f "$log"
touch "$stamp"
echo "phasor: built; now a class-data archive for faster start-ups (a few seconds, once)" >&2
phasor_cds_train "$("$here/scripts/classpath.sh")"
