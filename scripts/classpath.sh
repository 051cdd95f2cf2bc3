#!/usr/bin/env bash
# Prints the runtime classpath of a built Phasor: every module jar needed to run pipelines on any backend.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cp=""
for jar in "$here"/examples/target/phasor-examples-*.jar "$here"/examples/target/lib/*.jar; do
  [[ "$jar" == *-tests.jar || "$jar" == *-sources.jar ]] && continue
  [[ -f "$jar" ]] && cp="${cp:+$cp:}$jar"
done
echo "$cp"
