#!/usr/bin/env bash
# cb.sh TREE "JVMOPTS" PIPELINE REPEATS: ColdBench in a JVM launched as TREE/bin/phasor launches one (its JIT flags and CDS archive, then JVMOPTS)
tree=$1; opts=$2; shift 2
here=$tree
export MAVEN_OPTS=-Dmaven.repo.local=/work/m2/$(basename $tree)
cp="$($tree/scripts/classpath.sh)"
source $tree/scripts/lib-jvm.sh
phasor_cds_flags "$cp"
# shellcheck disable=SC2086
exec java "${phasor_jvm_opens[@]}" "${phasor_jvm_jit[@]}" "${phasor_cds_opts[@]}" $opts -cp "$cp:/tmp/c4/h/coldbench.jar" dev.phasor.bench.ColdBench "$@" /dev/shm
