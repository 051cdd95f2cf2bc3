#!/usr/bin/env bash
# scripts/fs-ops-per-step.sh [SMALL LARGE [WORK]]: file-system calls per step of a local run, counted by strace.
# Runs `phasor run dev.phasor.bench.WideBench` (no-op steps, every result and status persisted) at SMALL and
# LARGE steps (default 1000 and 6000) under `strace -f -c`, and prints (calls at LARGE - calls at SMALL) /
# (LARGE - SMALL) per system call: the per-step cost with the JVM's start-up and the run's fixed work cancelled.
# WORK (default /dev/shm) holds the caches, removed afterwards. Needs strace (apt-get install strace).
# PHASOR_TRACE_CALLS=all counts every system call (default: the file-system ones).
# Used by docs/scaling.md ("What the shared file system must sustain").
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
small="${1:-1000}"
large="${2:-6000}"
work="${3:-/dev/shm}"
command -v strace >/dev/null || { echo "fs-ops-per-step.sh: strace is not installed (apt-get install strace)" >&2; exit 2; }
(( large > small )) || { echo "fs-ops-per-step.sh: LARGE ($large) must exceed SMALL ($small)" >&2; exit 2; }
"$here/scripts/build.sh"
cp="$("$here/scripts/classpath.sh")"
tmp="$(mktemp -d "$work/phasor-fsops-XXXXXX")"
trap 'rm -rf "$tmp"' EXIT
calls="${PHASOR_TRACE_CALLS:-openat,open,creat,rename,renameat,renameat2,unlink,unlinkat,stat,lstat,newfstatat,statx,access,faccessat,faccessat2,mkdir,mkdirat,getdents64,write,pwrite64,read,pread64,close,fsync,fdatasync,ftruncate,fstat,flock,fcntl}"
count() { # steps -> "syscall calls" lines
  local n="$1"
  strace -f -qq -c -U name,calls -e trace="$calls" -o "$tmp/strace-$n.txt" \
    java -Dphasor.bench.wide.steps="$n" -cp "$cp" dev.phasor.cli.Main run dev.phasor.bench.WideBench \
    --cache "$tmp/cache-$n" -q >/dev/null
  awk 'NR>2 && $1 !~ /^-/ && $1 != "total" && NF==2 {print $1, $2}' "$tmp/strace-$n.txt"
}
count "$small" > "$tmp/a"
count "$large" > "$tmp/b"
echo "system call   calls per step (wide, ($large - $small) steps, cache on $work)"
join -a 2 -e 0 -o 0,1.2,2.2 <(sort "$tmp/a") <(sort "$tmp/b") \
  | awk -v d=$((large - small)) '{ p = ($3 - $2) / d; if (p >= 0.05) printf "%-13s %6.2f\n", $1, p }' | sort -k2 -nr
