#!/usr/bin/env bash
# test-outside.sh - Phasor as a user outside the source tree gets it, run by scripts/test.sh after `mvn install`:
#   1. unpacks distribution/target/phasor-<version>.tar.gz into a temporary directory (no source tree, no pom);
#   2. `phasor new` writes a project there; `mvn -o package` builds it (and runs its JUnit test) against the
#      artifacts the build installed into the local Maven repository (MAVEN_OPTS is passed through);
#   3. runs its pipeline from the unpacked distribution on local threads, MPJ Express multicore (2 ranks) and
#      Hazelcast (two `phasor worker` JVMs and a coordinator on 127.0.0.1, free ports), and checks each
#      result with `phasor result` (1 + 4 + 9 + 16 = 30).
# Every process it starts is stopped by PID; each wait is bounded. Exit 0 when all passed.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=scripts/lib-ports.sh
source "$here/scripts/lib-ports.sh"

log() { printf 'test-outside: [%3ds] %s\n' "$SECONDS" "$*" >&2; }
fail() { log "FAILED: $*"; exit 1; }

shopt -s nullglob
tarballs=("$here"/distribution/target/phasor-*.tar.gz)
shopt -u nullglob
((${#tarballs[@]} == 1)) || fail "expected one distribution/target/phasor-*.tar.gz (found ${#tarballs[@]}): run mvn install first"

# The class-data archive would be trained on the distribution's first use: seconds this test does not need.
export PHASOR_CDS=0
work="$(mktemp -d "${TMPDIR:-/tmp}/phasor-outside.XXXXXX")"
pids=()
cleanup() {
  local pid
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do
    for _ in $(seq 1 20); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -9 "$pid" 2>/dev/null || true
  done
  rm -rf "$work"
}
trap cleanup EXIT

tar xzf "${tarballs[0]}" -C "$work"
dist=("$work"/phasor-*)
phasor="${dist[0]}/bin/phasor"
[[ -x "$phasor" && ! -e "${dist[0]}/pom.xml" ]] || fail "the tarball has no bin/phasor at phasor-<version>/"
log "distribution: ${dist[0]} ($("$phasor" --version))"

app="$work/app"
"$phasor" new "$app" --package org.acme.ci --name ci-flow >/dev/null
(cd "$app" && mvn -B -ntp -o -Dstyle.color=never package >"$work/app-build.log" 2>&1) ||
  { cat "$work/app-build.log" >&2; fail "the starter project did not build offline against the installed artifacts"; }
grep -q 'Tests run: 2, Failures: 0, Errors: 0' "$work/app-build.log" || fail "the starter's 2 tests did not run"
jar="$app/target/ci-flow-1.0-SNAPSHOT.jar"
[[ -f "$jar" ]] || fail "no $jar"
class=org.acme.ci.CiFlowPipeline
log "starter project built: $jar"

# check_total BACKEND CACHE: the pipeline's result read back from the cache by the distribution's CLI.
check_total() {
  local total
  total="$("$phasor" result --cache "$2" --pipeline ci-flow total)"
  [[ "$total" == 30 ]] || fail "$1: total is '$total', expected 30"
  log "$1: total = 30"
}

"$phasor" run "$class" --classpath "$jar" --cache "$work/cache-local" >"$work/local.log" 2>&1 ||
  { cat "$work/local.log" >&2; fail "local run"; }
check_total local "$work/cache-local"

PHASOR_CLASSPATH="$jar" "${dist[0]}/bin/mpjrun.sh" -np 2 -dev multicore -timeout 180 "$class" \
  --cache "$work/cache-mpj" >"$work/mpj.log" 2>&1 || { cat "$work/mpj.log" >&2; fail "MPJ multicore run"; }
grep -Eq '^square-[0-9] .* mpj:rank-1 ' "$work/mpj.log" ||
  { cat "$work/mpj.log" >&2; fail "MPJ run: rank 1 ran no step"; }
check_total "mpj multicore" "$work/cache-mpj"

read -r p1 p2 p3 < <(free_ports_bash 3)
members="127.0.0.1:$p1,127.0.0.1:$p2"
cluster="outside-$$"
for port in "$p1" "$p2"; do
  "$phasor" worker --cluster-name "$cluster" --bind 127.0.0.1 --port "$port" --join "$members" \
    --classpath "$jar" --threads 2 >"$work/worker-$port.log" 2>&1 &
  pids+=("$!")
done
for port in "$p1" "$p2"; do
  for ((i = 0; i < 240; i++)); do
    grep -q "ready in cluster" "$work/worker-$port.log" && break
    sleep 0.5
  done
  grep -q "ready in cluster" "$work/worker-$port.log" ||
    { cat "$work/worker-$port.log" >&2; fail "worker on port $port not ready within 120 s"; }
done
"$phasor" run "$class" --backend hazelcast --cluster-name "$cluster" --join "$members" --bind 127.0.0.1 \
  --port "$p3" --min-workers 2 --classpath "$jar" --cache "$work/cache-hz" >"$work/hz.log" 2>&1 ||
  { cat "$work/hz.log" "$work"/worker-*.log >&2; fail "Hazelcast run on two workers"; }
grep -Eq "^total .* hz:127\.0\.0\.1:($p1|$p2) " "$work/hz.log" ||
  { cat "$work/hz.log" >&2; fail "Hazelcast run: step 'total' did not run on a worker"; }
check_total "hazelcast (2 workers)" "$work/cache-hz"
log "passed"
