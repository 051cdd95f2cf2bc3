#!/usr/bin/env bash
# scripts/jmh.sh: builds the bench module and runs Phasor's micro-benchmarks (docs/performance.md):
#   1. JMH (java -jar bench/target/benchmarks.jar): result codec, result file through the cache, schema,
#      planner, local and Hazelcast dispatch round trips; with -prof gc (bytes allocated per operation);
#   2. PlannerHeap: heap a planned pipeline of 10^4, 10^5, 10^6 steps retains, in a -Xmx1g JVM;
#   3. MpjRoundTrip under bin/mpjrun.sh: MPJ's ping-pong and the MPJ backend's dispatch round trip,
#      -np 2 and 4, multicore and niodev.
# Quick by default (1 fork, 3 short iterations; about 15 min on a loaded 2-core machine); --full for
# publishable figures.
#
# usage: scripts/jmh.sh [--full] [--no-jmh] [--no-heap] [--no-mpj] [--out DIR] [JMH args...]
#   JMH args go to JMH and replace the matching defaults, e.g. a benchmark regex and options:
#   scripts/jmh.sh --no-mpj --no-heap 'CodecBench' -p shape=record -f 1 -i 5
#   Results: DIR (default bench/target/jmh): jmh.json, jmh.txt, heap.txt, mpj.txt
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
full=0 jmh=1 heap=1 mpj=1 out="$here/bench/target/jmh"
args=()
while (($#)); do
  case "$1" in
    --full) full=1 ;;
    --no-jmh) jmh=0 ;;
    --no-heap) heap=0 ;;
    --no-mpj) mpj=0 ;;
    --out) out="$(realpath -m "$2")"; shift ;;
    -h|--help) sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) args+=("$1") ;;
  esac
  shift
done

command -v mvn >/dev/null || { echo "jmh: Maven is needed (apt-get install -y maven)" >&2; exit 1; }
scripts/setup-mpj.sh --maven >/dev/null # bench compiles against dev.phasor.thirdparty:mpj
echo "jmh: building the bench module..." >&2
log="$(mktemp)"
if ! mvn -B -ntp -Dstyle.color=never -pl bench -am package -DskipTests >"$log" 2>&1; then
  cat "$log" >&2; rm -f "$log"; echo "jmh: the build failed (output above)" >&2; exit 1
fi
rm -f "$log"
jar="$here/bench/target/benchmarks.jar"
mkdir -p "$out"

# JMH refuses an option given twice: a default is used only when the caller did not give that option.
if ((full)); then
  preset=(-f 2 -wi 5 -i 5 -w 5s -r 5s)
  mpj_iter=(--warmup 2000 --iterations 10000)
else
  preset=(-f 1 -wi 2 -i 3 -w 1s -r 1s)
  mpj_iter=(--warmup 300 --iterations 2000)
fi
defaults=()
for ((k = 0; k < ${#preset[@]}; k += 2)); do
  given=0
  for a in "${args[@]}"; do [[ "$a" == "${preset[k]}" ]] && given=1; done
  ((given)) || defaults+=("${preset[k]}" "${preset[k + 1]}")
done

if ((jmh)); then
  echo "jmh: JMH ${defaults[*]} -prof gc ${args[*]:-}" >&2
  java -jar "$jar" "${defaults[@]}" -prof gc -rf json -rff "$out/jmh.json" "${args[@]}" | tee "$out/jmh.txt"
fi

if ((heap)); then
  : >"$out/heap.txt"
  for n in 10000 100000 1000000; do
    for what in pipeline prepared; do
      java -Xmx1g -cp "$jar" dev.phasor.bench.jmh.PlannerHeap "$n" "$what" | tee -a "$out/heap.txt"
    done
  done
fi

if ((mpj)); then
  : >"$out/mpj.txt"
  cache="$(mktemp -d)"
  trap 'rm -rf "$cache"' EXIT
  for dev in multicore niodev; do
    for np in 2 4; do
      echo "jmh: MPJ round trips, -dev $dev -np $np" >&2
      PHASOR_MPJ_MAIN=dev.phasor.bench.jmh.MpjRoundTrip bin/mpjrun.sh -np "$np" -dev "$dev" -cp "$jar" \
          -timeout 600 dev.phasor.bench.jmh.NoOpPipeline --cache "$cache/$dev-$np" "${mpj_iter[@]}" \
        | grep '^mpj-roundtrip' | tee -a "$out/mpj.txt"
    done
  done
fi
echo "jmh: results in $out" >&2
