#!/usr/bin/env bash
# Prints the runtime classpath of a built Phasor: every module jar needed to run pipelines on any backend
# (from the source tree's examples/target, or from lib/ of an unpacked distribution).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cp=""
jars=("$here"/examples/target/phasor-examples-*.jar "$here"/examples/target/lib/*.jar)
# A binary distribution (phasor-<version>.tar.gz unpacked, no pom.xml) has every jar in lib/.
[[ -f "$here/pom.xml" ]] || jars=("$here"/lib/*.jar)
for jar in "${jars[@]}"; do
  [[ "$jar" == *-tests.jar || "$jar" == *-sources.jar ]] && continue
  [[ -f "$jar" ]] && cp="${cp:+$cp:}$jar"
done
echo "$cp"
