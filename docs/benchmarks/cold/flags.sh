#!/bin/bash
CP=$(cat /tmp/cold/frozen/cp.txt)
for i in 1 2 3 4; do
  for f in "default" "-XX:TieredStopAtLevel=1" "-XX:+UseParallelGC" "-XX:+UseSerialGC"; do
    ff=$f; [[ $f == default ]] && ff=""
    echo "== $f load=$(cut -d' ' -f1 /proc/loadavg)"
    java --add-modules java.se -XX:SharedArchiveFile=/tmp/cold/frozen/h.jsa -Xlog:cds*=off $ff -cp "$CP" ColdPayload 2 | grep -v uptime
  done
done
