#!/bin/bash
# start-up of bin/phasor commands with (PHASOR_CDS=1) and without (0) the archive, interleaved
export MAVEN_OPTS=-Dmaven.repo.local=/work/m2/cold
P=/work/wt/cold/bin/phasor
for i in 1 2 3; do
  for c in 1 0; do
    export PHASOR_CDS=$c
    /usr/bin/time -f "cds=$c help   wall %e s cpu %U+%S" $P --help >/dev/null
    rm -rf /tmp/cold/sc
    /usr/bin/time -f "cds=$c run    wall %e s cpu %U+%S" $P run dev.phasor.examples.Simple --cache /tmp/cold/sc >/dev/null
    /usr/bin/time -f "cds=$c status wall %e s cpu %U+%S" $P status --cache /tmp/cold/sc >/dev/null
    port=$((47000 + i * 10 + c))
    t0=$(date +%s.%N)
    $P worker --cluster-name cold-start-$$-$i-$c --bind 127.0.0.1 --port $port --join 127.0.0.1:$port --threads 1 > /tmp/cold/w.out 2>&1 &
    pid=$!
    for k in $(seq 1 600); do grep -q "ready in cluster" /tmp/cold/w.out && break; sleep 0.05; done
    t1=$(date +%s.%N)
    cpu=$(awk '{print ($14+$15)/100}' /proc/$(pgrep -P $pid java || echo $pid)/stat 2>/dev/null)
    kill $pid; wait $pid 2>/dev/null
    echo "cds=$c worker ready after $(echo "$t1 - $t0" | bc) s (cpu so far ${cpu} s)"
  done
done
