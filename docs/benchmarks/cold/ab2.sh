#!/bin/bash
# interleaved A/B: base (504f427), cold with its archive, cold with PHASOR_CDS=0; payload 64 x 1 MiB, disk, 2 repeats each
for i in 1 2 3; do
  for v in base cold1 cold0; do
    case $v in base) w=base; c=1;; cold0) w=cold; c=0;; cold1) w=cold; c=1;; esac
    out=/tmp/cold/ab2/$v-$i
    MAVEN_OPTS=-Dmaven.repo.local=/work/m2/$w PHASOR_CDS=$c /work/wt/$w/bin/phasor bench --backend local --pipeline payload --threads 2 --repeat 2 --out $out >/dev/null 2>&1
    echo "$v $i load=$(cut -d' ' -f1 /proc/loadavg) $(tail -n +2 $out/bench.csv | awk -F, '{printf "%.0f MB/s, first step after %.0f ms, cpu %.0f us/step | ", $17, $20, $10}')"
  done
done
