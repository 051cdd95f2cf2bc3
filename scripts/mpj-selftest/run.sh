#!/usr/bin/env bash
# scripts/mpj-selftest/run.sh - exercise bin/mpjrun.sh and bin/mpj-daemon.sh against MPJ 0.44.
#
# Compiles MpjSelftest.java (a rank main honouring the mpjrun.sh contract) into a temporary
# directory, then runs it through mpjrun.sh under multicore and niodev at -np 1, 2, 4 and in the
# failure modes MPJ itself never reports (a rank that throws, fails, hangs, exits non-zero, a
# rank main that cannot be loaded, Ctrl-C/SIGTERM). Each case checks mpjrun's exit code, a
# stderr/stdout snippet, that no java process it started is left (PIDs compared before/after,
# limited to MPJ/selftest command lines so other builds on the machine do not count) and that no
# job directory is left. Every run is bounded by mpjrun's -timeout and an outer `timeout`.
# Prints a table with timings and ends with "N passed, N failed"; exits 1 if any case failed.
#
# usage: scripts/mpj-selftest/run.sh [CASE-NAME-SUBSTRING...]   (default: all cases)
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
MPJRUN="$REPO/bin/mpjrun.sh"
DAEMON="$REPO/bin/mpj-daemon.sh"
FILTERS=("$@")

WORK="$(mktemp -d "${TMPDIR:-/tmp}/mpj-selftest.XXXXXXXX")"
# A private MPJ_HOME: every JVM this test starts (launchers, ranks, daemons) then carries $WORK
# in its command line, which is how leftovers are told apart from other users' MPJ jobs.
export PHASOR_MPJ_HOME="$WORK/mpj-home"
SHARED_DAEMON_PID=""
cleanup() {
  if [[ -n "$SHARED_DAEMON_PID" ]]; then
    "$DAEMON" stop --pidfile "$WORK/shared-daemon.pid" >/dev/null 2>&1 || true
  fi
  rm -rf -- "$WORK"
}
trap cleanup EXIT

"$REPO/scripts/setup-mpj.sh" >/dev/null
mkdir -p "$WORK/classes" "$WORK/tmp"
javac -nowarn -cp /usr/share/java/mpj.jar -d "$WORK/classes" "$HERE/MpjSelftest.java"
export PHASOR_MPJ_MAIN=MpjSelftest
export TMPDIR="$WORK/tmp" # mpjrun's job directories land here: must be empty after each case
unset PHASOR_MPJ_DPORT PHASOR_CLASSPATH PHASOR_MPJ_KEEP_JOBDIR PHASOR_MPJ_VERBOSE || true

pid_alive() {
  local stat state
  { read -r stat < "/proc/$1/stat"; } 2>/dev/null || return 1
  stat="${stat##*) }"
  state="${stat%% *}"
  [[ -n "$state" && "$state" != Z && "$state" != X ]]
}

# Live java processes started by this test: their command line mentions $WORK (the private
# MPJ_HOME, the job directories under $TMPDIR, the fixture's classes). Other MPJ jobs on the
# machine do not count and are never touched.
our_java_pids() {
  local p pid comm
  for p in /proc/[0-9]*; do
    pid="${p#/proc/}"
    { read -r comm < "$p/comm"; } 2>/dev/null || continue
    [[ "$comm" == java ]] || continue
    pid_alive "$pid" || continue
    if grep -qsF -- "$WORK" "$p/cmdline"; then printf '%s\n' "$pid"; fi
  done | sort -n
}

now_us() { local t="${EPOCHREALTIME//[.,]/}"; printf '%s' "$((10#$t))"; }

wanted() {
  local name="$1" f
  ((${#FILTERS[@]})) || return 0
  for f in "${FILTERS[@]}"; do [[ "$name" == *"$f"* ]] && return 0; done
  return 1
}

passed=0 failed=0
results=()

# check NAME EXPECTED_RC GOT_RC SECONDS OUTFILE ERRFILE BEFORE_PIDS [GREP-PATTERN...]
# pattern "out:REGEX" must match stdout, "err:REGEX" stderr.
check() {
  local name="$1" want="$2" got="$3" secs="$4" out="$5" err="$6" before="$7"; shift 7
  local problems=() pat after leaked=() p
  [[ "$got" == "$want" ]] || problems+=("exit $got, expected $want")
  for pat in "$@"; do
    case "$pat" in
      out:*) grep -qE -- "${pat#out:}" "$out" || problems+=("stdout lacks /${pat#out:}/") ;;
      err:*) grep -qE -- "${pat#err:}" "$err" || problems+=("stderr lacks /${pat#err:}/") ;;
    esac
  done
  after="$(our_java_pids)"
  for p in $after; do
    [[ " $before " == *" $p "* ]] || leaked+=("$p")
  done
  if ((${#leaked[@]})); then
    problems+=("java process(es) left: ${leaked[*]}")
    for p in "${leaked[@]}"; do
      printf '    leaked %s: %s\n' "$p" "$(tr '\0' ' ' < "/proc/$p/cmdline" 2>/dev/null | cut -c1-160)" >&2
    done
    kill -KILL "${leaked[@]}" 2>/dev/null || true # ours: their command line holds $WORK
  fi
  if [[ -n "$(find "$TMPDIR" -mindepth 1 -maxdepth 1)" ]]; then
    problems+=("job directory left: $(find "$TMPDIR" -mindepth 1 -maxdepth 1 -printf '%f ')")
    rm -rf -- "${TMPDIR:?}"/*
  fi
  if ((${#problems[@]})); then
    failed=$((failed + 1))
    results+=("$(printf '%-34s FAIL %6ss  rc=%-3s %s' "$name" "$secs" "$got" "${problems[*]}")")
    printf 'FAIL %s (%ss): %s\n' "$name" "$secs" "${problems[*]}" >&2
    printf '  --- stdout\n' >&2; tail -n 15 "$out" | sed 's/^/  | /' >&2
    printf '  --- stderr\n' >&2; tail -n 15 "$err" | sed 's/^/  | /' >&2
  else
    passed=$((passed + 1))
    results+=("$(printf '%-34s ok   %6ss  rc=%s' "$name" "$secs" "$got")")
    printf 'ok   %s (%ss, rc=%s)\n' "$name" "$secs" "$got" >&2
  fi
}

# run_case NAME EXPECTED_RC OUTER_LIMIT_S [patterns...] -- MPJRUN-ARGS...
run_case() {
  local name="$1" want="$2" limit="$3"; shift 3
  local pats=()
  while (($#)) && [[ "$1" != -- ]]; do pats+=("$1"); shift; done
  shift
  wanted "$name" || return 0
  local out="$WORK/$name.out" err="$WORK/$name.err" before t0 rc=0 secs
  before="$(our_java_pids | tr '\n' ' ')"
  t0="$(now_us)"
  timeout -k 5 "$limit" "$MPJRUN" "$@" >"$out" 2>"$err" </dev/null || rc=$?
  secs="$(awk -v us="$(($(now_us) - t0))" 'BEGIN { printf "%.2f", us / 1e6 }')"
  check "$name" "$want" "$rc" "$secs" "$out" "$err" "$before" "${pats[@]}"
}

# signal_case NAME SIGNAL EXPECTED_RC DEV
signal_case() {
  local name="$1" sig="$2" want="$3" dev="$4"
  wanted "$name" || return 0
  local out="$WORK/$name.out" err="$WORK/$name.err" before t0 rc=0 secs mp i
  before="$(our_java_pids | tr '\n' ' ')"
  t0="$(now_us)"
  # Background jobs of a non-interactive shell start with SIGINT ignored: restore defaults.
  env --default-signal=INT,TERM "$MPJRUN" -np 2 -dev "$dev" -cp "$WORK/classes" -timeout 60 \
    X hang >"$out" 2>"$err" </dev/null &
  mp=$!
  # Wait (bounded) until both ranks have started: the rank pid markers are in the job dir.
  for ((i = 0; i < 300; i++)); do
    [[ "$(find "$TMPDIR" -name 'rank-*.pid' 2>/dev/null | wc -l)" -ge 2 ]] && break
    sleep 0.1
  done
  kill "-$sig" "$mp"
  wait "$mp" || rc=$?
  secs="$(awk -v us="$(($(now_us) - t0))" 'BEGIN { printf "%.2f", us / 1e6 }')"
  check "$name" "$want" "$rc" "$secs" "$out" "$err" "$before" "err:interrupted by SIG$sig"
}

CP=(-cp "$WORK/classes")

# --- success at -np 1, 2, 4 on both devices ---------------------------------------------------
for dev in multicore niodev; do
  for np in 1 2 4; do
    run_case "ok-$dev-np$np" 0 90 "out:^selftest: rank 0 of $np received sum $((np * (np - 1) / 2))$" -- \
      -np "$np" -dev "$dev" "${CP[@]}" -timeout 60 X ok
  done
done

# --- failure modes ----------------------------------------------------------------------------
# (b) rank 1 throws: multicore -> MPJ System.exit(0)s the JVM at once; niodev -> rank 1 stays
#     alive, rank 0 waits forever: ended PHASOR_MPJ_GRACE s after rank 1's .error appeared.
run_case throw-multicore 70 60 "err:rank 1 did not finish \(.*error: java.lang.IllegalStateException: selftest: rank 1 failed" \
  "err:rank 0 did not finish" -- -np 2 -dev multicore "${CP[@]}" -timeout 30 X throw
PHASOR_MPJ_GRACE=4 run_case throw-niodev 70 60 "err:rank 1 did not finish \(.*error: java.lang.IllegalStateException" \
  "err:killed 4s after rank 1 failed" -- -np 2 -dev niodev "${CP[@]}" -timeout 30 X throw
# recommended failure path: .error + .exit 1 + System.exit(1)
run_case fail-multicore 70 60 "err:rank 1 reported: java.lang.IllegalStateException" "err:rank 0 did not finish" -- \
  -np 2 -dev multicore "${CP[@]}" -timeout 30 X fail
PHASOR_MPJ_GRACE=4 run_case fail-niodev 70 60 "err:rank 1 reported: java.lang.IllegalStateException" \
  "err:rank 0 did not finish \(no exit marker; killed 4s after rank 1 failed\)" -- -np 2 -dev niodev "${CP[@]}" -timeout 30 X fail
# (c) rank 1 hangs -> timeout
run_case hang-multicore 124 60 "err:timeout: the job did not finish within 5s" -- -np 2 -dev multicore "${CP[@]}" -timeout 5 X hang
run_case hang-niodev 124 60 "err:timeout: the job did not finish within 5s" -- -np 2 -dev niodev "${CP[@]}" -timeout 5 X hang
# (d) last rank System.exit(3) after Finalize -> 3
for dev in multicore niodev; do
  run_case "exit3-$dev-np2" 3 60 "out:received sum 1" -- -np 2 -dev "$dev" "${CP[@]}" -timeout 30 X exit3
done
run_case exit3-niodev-np1 3 60 -- -np 1 -dev niodev "${CP[@]}" -timeout 30 X exit3
# rank main cannot be loaded: multicore JVM ends; niodev ranks die before Init while the
# launcher would wait for them forever (detected when the daemon drops the job's connection)
for dev in multicore niodev; do
  PHASOR_MPJ_MAIN=NoSuchMain run_case "nomain-$dev" 70 60 "err:rank 0 did not finish \(never reached MPI.Init" -- \
    -np 2 -dev "$dev" "${CP[@]}" -timeout 30 X ok
done
# a JVM flag the rank JVM rejects
run_case badjvmarg-niodev 70 60 "err:never reached MPI.Init" -- -np 2 -dev niodev "${CP[@]}" -jvmarg -Xmx1q -timeout 30 X ok

# --- contract details -----------------------------------------------------------------------------
for dev in multicore niodev; do
  run_case "args-$dev" 0 60 "out:^arg\[1\]=<a b>$" "out:^arg\[2\]=<>$" "out:^arg\[3\]=<<&>>$" "out:^arg\[4\]=<--job-dir>$" -- \
    -np 2 -dev "$dev" "${CP[@]}" -timeout 30 X args "a b" "" "<&>" --job-dir
  run_case "jvmarg-$dev" 0 60 "out:^prop\[p.one\]=<1>$" "out:^prop\[p.two\]=<a b>$" "out:^prop\[user.dir\]=</>$" -- \
    -np 2 -dev "$dev" "${CP[@]}" -wdir / -jvmarg -Dp.one=1 -jvmarg "-Dp.two=a b" \
    -jvmarg --add-opens=java.base/java.lang=ALL-UNNAMED -timeout 30 X props p.one p.two user.dir
  run_case "noisy-$dev" 0 90 "out:^rank 1 line 4999 " -- -np 2 -dev "$dev" "${CP[@]}" -timeout 60 X noisy 5000
done
run_case reserved-arg 64 30 "err:argument '-h' cannot be passed" -- "${CP[@]}" X args -h
run_case split-jvmarg 64 30 "err:write --add-opens=VALUE" -- "${CP[@]}" -jvmarg --add-opens X ok

# --- Ctrl-C / SIGTERM -----------------------------------------------------------------------------
signal_case sigint-multicore INT 130 multicore
signal_case sigterm-niodev TERM 143 niodev

# --- a shared daemon (bin/mpj-daemon.sh) and two jobs side by side on it ---------------------------
if wanted shared-daemon; then
  before="$(our_java_pids | tr '\n' ' ')"
  t0="$(now_us)"
  problems=()
  dport="$("$DAEMON" start --pidfile "$WORK/shared-daemon.pid" 2>"$WORK/daemon.err")" || problems+=("start failed")
  SHARED_DAEMON_PID="$(cat "$WORK/shared-daemon.pid" 2>/dev/null || true)"
  "$DAEMON" status --pidfile "$WORK/shared-daemon.pid" >/dev/null || problems+=("status after start != 0")
  rcs=()
  for i in 1 2; do
    PHASOR_MPJ_DPORT="$dport" timeout -k 5 60 "$MPJRUN" -np 2 -dev niodev "${CP[@]}" -timeout 40 X ok \
      >"$WORK/shared$i.out" 2>&1 </dev/null &
  done
  for job in $(jobs -p); do rc=0; wait "$job" || rc=$?; rcs+=("$rc"); done
  [[ "${rcs[*]}" == "0 0" ]] || problems+=("job exit codes ${rcs[*]}")
  "$DAEMON" stop --pidfile "$WORK/shared-daemon.pid" 2>>"$WORK/daemon.err" || problems+=("stop failed")
  rc=0; "$DAEMON" status --pidfile "$WORK/shared-daemon.pid" >/dev/null || rc=$?
  [[ $rc -eq 3 ]] || problems+=("status after stop = $rc, expected 3")
  if [[ -n "$SHARED_DAEMON_PID" ]] && pid_alive "$SHARED_DAEMON_PID"; then problems+=("daemon still alive"); fi
  SHARED_DAEMON_PID=""
  secs="$(awk -v us="$(($(now_us) - t0))" 'BEGIN { printf "%.2f", us / 1e6 }')"
  printf '%s\n' "${problems[@]}" > "$WORK/shared-daemon.err"
  cat "$WORK/shared1.out" "$WORK/shared2.out" > "$WORK/shared-daemon.out"
  check shared-daemon-2-jobs 0 "${#problems[@]}" "$secs" "$WORK/shared-daemon.out" "$WORK/shared-daemon.err" "$before" \
    "out:^selftest: rank 0 of 2 received sum 1$"
fi

printf '\n%-34s %-4s %7s\n' case result time
printf '%s\n' "${results[@]}"
printf '\n%d passed, %d failed\n' "$passed" "$failed"
((failed == 0))
