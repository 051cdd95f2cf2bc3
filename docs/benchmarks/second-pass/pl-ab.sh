#!/bin/bash
# interleaved A/B of the local targets: base vs new jars, same command
out=/tmp/pl-ab; mkdir -p $out
for round in 1 2; do
  for v in base new; do
    echo "== $v round $round $(date -u +%H:%M:%S) load $(cut -d' ' -f1-3 /proc/loadavg)"
    java -cp "/tmp/pl-$v/*" dev.phasor.cli.Main bench --backend local --pipeline wide --steps 100000 --threads 2 --work /dev/shm --out $out/wide-$v-$round 2>&1 | grep -E "^local"
  done
done
for round in 1 2; do
  for v in base new; do
    echo "== $v payload round $round $(date -u +%H:%M:%S) load $(cut -d' ' -f1-3 /proc/loadavg)"
    java -cp "/tmp/pl-$v/*" dev.phasor.cli.Main bench --backend local --pipeline payload --threads 2 --repeat 3 --out $out/pay-$v-$round 2>&1 | grep -E "^local"
    java -cp "/tmp/pl-$v/*" dev.phasor.cli.Main bench --backend local --pipeline payload --threads 2 --repeat 3 --work /dev/shm --out $out/payshm-$v-$round 2>&1 | grep -E "^local" | sed 's/^local/local-shm/'
  done
done
