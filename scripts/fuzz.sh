#!/usr/bin/env bash
# Fuzzes the result-file reader and the schema parser with Jazzer (issue 7.3), outside the default test run.
#   scripts/fuzz.sh                 # every target, 3 minutes each (the @FuzzTest maxDuration)
#   scripts/fuzz.sh 60s             # every target, 60 seconds each
#   scripts/fuzz.sh 60s SchemaFileFuzzTest#anySchemaFileIsReadOrRefused   # one target
# A crashing input is written beside the target's stored inputs
# (src/test/resources/<package>/<Class>Inputs/<method>/crash-*): commit it, and the default test run
# replays it from then on. Fix the bug, then keep the input as the regression test.
set -euo pipefail
cd "$(dirname "$0")/.."
duration="${1:-}"
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(serialization:ResultFileFuzzTest#anyFileIsReadOrRefused
           serialization:ResultFileFuzzTest#anyPayloadInAValidFrameIsDecodedOrRefused
           runner:SchemaFileFuzzTest#anySchemaFileIsReadOrRefused
           runner:SchemaFileFuzzTest#noCommandFailsInternallyOnAnySchemaFile)
fi
extra=()
if [ -n "$duration" ]; then
  extra+=("-Djazzer.max_duration=$duration")
fi
mvn -B -ntp -q install -DskipTests -pl serialization,runner -am
status=0
for t in "${targets[@]}"; do
  module="${t%%:*}"; test="${t#*:}"
  [ "$module" = "$t" ] && { case "$test" in Schema*) module=runner;; *) module=serialization;; esac; }
  echo "=== fuzzing $module $test ${duration:-(maxDuration)}"
  # one fuzz test per Maven call: Jazzer fuzzes a single @FuzzTest per JVM
  if ! mvn -B -ntp -Pfuzz -pl "$module" surefire:test -Dtest="$test" -Dsurefire.failIfNoSpecifiedTests=false \
      "${extra[@]}" 2>&1 | tee "$module/target/fuzz-${test//[#]/-}.log" | grep -E '^#[0-9]+|DONE|crash|Tests run:|FAIL|==[0-9]+=='; then
    :
  fi
  if grep -q "Tests run:.*Failures: [1-9]\|Tests run:.*Errors: [1-9]" "$module/target/fuzz-${test//[#]/-}.log"; then
    echo "=== $test found a failing input (see above and the Inputs folder)"; status=1
  fi
done
exit $status
