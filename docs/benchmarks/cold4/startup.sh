#!/usr/bin/env bash
# CPU (user+sys) of whole bin/phasor commands, base and cold4 alternated
m() { /usr/bin/time -o /tmp/c4/t.out -f "%U %S %e" "$@" >/dev/null 2>&1; awk '{printf "%.2f(%.2fs)", $1+$2, $3}' /tmp/c4/t.out; }
for i in 1 2 3 4; do for t in base cold4; do
  tree=/work/wt/$t; export MAVEN_OPTS=-Dmaven.repo.local=/work/m2/$t
  rm -rf /dev/shm/c4s-$t
  echo "$t help $(m $tree/bin/phasor --help) run $(m $tree/bin/phasor run dev.phasor.examples.Simple --cache /dev/shm/c4s-$t) status $(m $tree/bin/phasor status dev.phasor.examples.Simple --cache /dev/shm/c4s-$t) l$(cut -d' ' -f1 /proc/loadavg)"
done; done
