#!/usr/bin/env bash
# ab.sh N PIPELINE ARGS...: bin/phasor bench, base and cold4 alternated N times; rows appended to /tmp/c4/ab-$PIPELINE.txt
n=$1; pipe=$2; shift 2
for i in $(seq 1 $n); do for t in base cold4; do
  tree=/work/wt/$t; [[ $t == base ]] || tree=/work/wt/cold4
  out=$(cd $tree && MAVEN_OPTS=-Dmaven.repo.local=/work/m2/$t bin/phasor bench --backend local --pipeline $pipe "$@" --threads 2 --work /dev/shm --out /tmp/c4/about-$t 2>/dev/null | grep -E "^local ")
  echo "$out" | sed "s/^/$(date +%T) l$(cut -d' ' -f1 /proc/loadavg) $t /" | tee -a /tmp/c4/ab-$pipe.txt
done; done
