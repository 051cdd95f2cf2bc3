#!/bin/bash
# usage: pl-strace.sh CPDIR OUT N
cp=$1; out=$2; n=${3:-10000}
rm -rf /dev/shm/pl-st && mkdir -p /dev/shm/pl-st
timeout 600 strace -f -c -o $out java -Dphasor.bench.wide.steps=$n -cp "$cp/*" dev.phasor.cli.Main run dev.phasor.bench.WideBench --cache /dev/shm/pl-st --threads 2 --progress plain -q > $out.run 2>&1
echo "rc=$?"; ls /dev/shm/pl-st/*/ | wc -l; ls /dev/shm/pl-st/*/logs 2>/dev/null | wc -l
rm -rf /dev/shm/pl-st
