#!/usr/bin/env bash
# Sourced by bin/phasor and scripts/build.sh: the JVM flags of every Phasor command, and its AppCDS archive.
#
# The archive (examples/target/cds/phasor.jsa, JDK 17 dynamic AppCDS) holds the classes a short training
# run (dev.phasor.cli.CdsTraining: run, status, result, a tiny bench) loaded, so later JVMs map them instead
# of loading, parsing and verifying them from the jars. It is optional and never breaks a run:
#   - made by scripts/build.sh after the jars (phasor_cds_train), again whenever a jar or the JDK changes;
#   - used (phasor_cds_flags) only when it is newer than every jar; a fresh clone has none until built;
#   - the JVM checks it too (jar sizes and times, JDK build, GC and heap flags) and, if it does not fit,
#     runs without it; -Xlog:cds*=off keeps that silent (no warning on stdout or stderr);
#   - PHASOR_CDS=0 turns it off (and build.sh then makes none).

# JDK 17 opens Hazelcast asks for (without them it only warns, and only with -v).
phasor_jvm_opens=(--add-modules java.se --add-exports java.base/jdk.internal.ref=ALL-UNNAMED
  --add-opens java.base/java.lang=ALL-UNNAMED --add-opens java.base/sun.nio.ch=ALL-UNNAMED
  --add-opens java.management/sun.management=ALL-UNNAMED
  --add-opens jdk.management/com.sun.management.internal=ALL-UNNAMED)

# JIT options are left at JDK 17's defaults. JDK 8-13's smaller C2 inlining limits (-XX:FreqInlineSize=100
# -XX:InlineSmallCode=1000) halve the compiler's CPU on a cold 100k-step local run, but cost steady-state
# code 10-30 % (Kryo round trips in JMH, docs/decisions/0002-jdk17-inlining-limits-stay.md): a user's steps matter more than
# the runner's own overhead, so they are only an opt-in through PHASOR_JAVA_OPTS.

# In a binary distribution (no pom.xml: phasor-<version>.tar.gz unpacked) the archive lives beside lib/.
if [[ -f "$here/pom.xml" ]]; then
  phasor_cds_dir="$here/examples/target/cds"
else
  phasor_cds_dir="$here/cds"
fi
phasor_cds_archive="$phasor_cds_dir/phasor.jsa"

# Sets phasor_cds_opts to the flags that use the archive, or to nothing: only when no jar of the
# distribution's classpath $1 is newer than it. No subprocess: it runs on every command.
phasor_cds_flags() {
  phasor_cds_opts=()
  [[ "${PHASOR_CDS:-1}" != 0 && -f "$phasor_cds_archive" ]] || return 0
  local jar jars
  IFS=: read -r -a jars <<<"$1"
  for jar in "${jars[@]}"; do
    [[ "$jar" -nt "$phasor_cds_archive" ]] && return 0
  done
  phasor_cds_opts=("-XX:SharedArchiveFile=$phasor_cds_archive" "-Xlog:cds*=off")
}

# The JDK the archive belongs to (an archive only maps into the JVM build that wrote it).
phasor_cds_jdk() {
  readlink -f "$(command -v java)" 2>/dev/null || command -v java
}

# True when no archive was attempted since a jar of classpath $1 changed, or it was for another JDK. The
# marker ($phasor_cds_dir/jdk) is written after every attempt, so a JDK that cannot make one is not retried
# on every command.
phasor_cds_stale() {
  [[ "${PHASOR_CDS:-1}" != 0 ]] || return 1
  [[ -f "$phasor_cds_dir/jdk" ]] || return 0
  local jar jars jdk=""
  IFS=: read -r -a jars <<<"$1"
  for jar in "${jars[@]}"; do
    [[ "$jar" -nt "$phasor_cds_dir/jdk" ]] && return 0
  done
  [[ -f "$phasor_cds_dir/jdk" ]] && read -r jdk <"$phasor_cds_dir/jdk"
  [[ "$jdk" != "$(phasor_cds_jdk)" ]]
}

# Makes the archive for classpath $1 (quietly: the training's output goes to $phasor_cds_dir/training.log).
# Skipped when another build is making it right now; a failure leaves no archive and is not an error.
phasor_cds_train() {
  [[ "${PHASOR_CDS:-1}" != 0 ]] || return 0
  mkdir -p "$phasor_cds_dir"
  if command -v flock >/dev/null; then
    exec 9>"$phasor_cds_dir/.lock"
    flock -n 9 || return 0
  fi
  rm -f "$phasor_cds_archive"
  local tmp="$phasor_cds_dir/.phasor.$$.jsa"
  if java "${phasor_jvm_opens[@]}" "-XX:ArchiveClassesAtExit=$tmp" -cp "$1" dev.phasor.cli.CdsTraining \
      >"$phasor_cds_dir/training.log" 2>&1 </dev/null && [[ -s "$tmp" ]]; then
    mv -f "$tmp" "$phasor_cds_archive"
  else
    rm -f "$tmp"
    echo "phasor: no class-data archive (start-up is slower; see $phasor_cds_dir/training.log)" >&2
  fi
  phasor_cds_jdk >"$phasor_cds_dir/jdk"
  if command -v flock >/dev/null; then
    exec 9>&-
  fi
  return 0
}
