#!/usr/bin/env bash
# jit.sh PIPE REPEATS ROUNDS tag=opts ...   ColdBench per config, round-robin
pipe=$1; rep=$2; rounds=$3; shift 3
W="-Dphasor.bench.wide.steps=100000"
for r in $(seq 1 $rounds); do for cfg in "$@"; do tag="${cfg%%=*}"; opts="${cfg#*=}"
  tree=/work/wt/cold4; [[ $tag == base* ]] && tree=/work/wt/base
  "$(dirname "$0")/cb.sh" $tree "$W $opts" $pipe $rep 2>&1 | grep -E "^(wide|payload) r" | sed "s/^/$(date +%T) l$(cut -d' ' -f1 /proc/loadavg) $tag /" | tee -a /tmp/c4/jit-$pipe.txt
done; done
