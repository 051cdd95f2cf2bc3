#!/usr/bin/env bash
# mpjrun.sh - run a Phasor job on MPJ Express 0.44 and judge its outcome ourselves.
#
# usage: bin/mpjrun.sh [-np N] [-dev multicore|niodev] [-machinesfile F] [-wdir D] [-cp CP]
#                      [-timeout SECONDS] [-dport P] [-jvmarg ARG]... CLASS [args...]
#
# Why a wrapper: MPJ never reports failure. Its launcher exits 0 whatever a rank did; under
# multicore a rank that throws makes MPJ System.exit(0) the shared JVM; under niodev such a rank
# stays alive and the job hangs forever; a hung rank hangs both devices; killing the launcher
# leaves niodev rank JVMs (children of the daemon) running. Stock ports collide between jobs.
# So this script:
#   - starts the rank main class (env PHASOR_MPJ_MAIN, default dev.phasor.cluster.mpj.MpjMain)
#     with the app args  --job-dir JOBDIR CLASS args...  (JOBDIR is a fresh mktemp directory);
#   - expects every rank r to write JOBDIR/rank-<r>.host and .pid after MPI.Init (JOBDIR must be
#     on a file system every host shares: TMPDIR), JOBDIR/rank-<r>.exit
#     (exit code as text) after MPI.Finalize, and optionally JOBDIR/rank-<r>.error (one line);
#   - exit status: max rank exit code when every rank wrote .exit; 70 when a rank did not
#     ("mpjrun: rank R did not finish (...)" on stderr); 124 on timeout; 64 usage error;
#     69 when MPJ or the niodev daemon could not be set up; 130/143 when interrupted;
#   - after a rank reports failure (.error, or .exit != 0) the others get PHASOR_MPJ_GRACE
#     seconds (default 10) to finish, then the job is ended;
#   - always kills what is left (launcher, rank JVMs: found by their pid markers and by JOBDIR in
#     their command line), TERM then KILL, also on Ctrl-C/SIGTERM; removes JOBDIR unless
#     PHASOR_MPJ_KEEP_JOBDIR=1;
#   - gives each job its own MPJ_HOME-like directory (JOBDIR/mpjhome) whose conf has free ports,
#     so jobs can run side by side. niodev: uses the daemon at -dport / $PHASOR_MPJ_DPORT, or
#     else starts a private daemon for this job (bin/mpj-daemon.sh) and stops it afterwards.
#   - niodev inside a Slurm allocation (SLURM_JOB_NODELIST set) without -machinesfile: the
#     machines file lists the allocation's nodes (scontrol show hostnames, else
#     scripts/lib-nodelist.sh's parser). Without -dport, when a node is not this host (or with
#     PHASOR_MPJ_SLURM_DAEMONS=1), one daemon per node is started by an srun step for the job and
#     stopped afterwards; when the allocation is this host only, the private daemon as above.
# JVM flags: each -jvmarg must be ONE token starting with '-' (e.g. --add-opens=A/B=C, -Xmx2g,
# -Dk=v): the 0.44 starter takes every '-' token before the class name as a JVM flag (there is
# no -jvmargs option). niodev: they travel in the job ticket to the daemon and are put on the
# command line of every rank JVM. multicore: they go on the command line of the ONE child JVM
# that runs all ranks as threads (not the launcher JVM). Rank output (stdout+stderr, merged by
# MPJ) comes out on our stdout; our own messages go to stderr, prefixed "mpjrun:".
# shellcheck disable=SC2317 # cleanup functions are invoked from traps
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_DIR="$(cd "$SCRIPT_DIR/.." && pwd)"
readonly ME=mpjrun
readonly EX_USAGE=64 EX_UNAVAILABLE=69 EX_RANK=70 EX_TIMEOUT=124

# MPJ's starter looks for these tokens in ALL of its arguments, also after the class name
# ("-h" anywhere prints MPJ's usage and exits 0). They cannot be passed through.
readonly MPJ_RESERVED=" -np -h -yarn -debugYarn -amMem -amCores -containerMem -containerCores
  -yarnQueue -appName -amPriority -mpjContainerPriority -hdfsFolder -dport -dev -machinesfile
  -wdir -psl -mxboardnum -cp -classpath -jar -src -debug -profile "

log() { printf '%s: %s\n' "$ME" "$*" >&2; }

usage() {
  cat <<'EOF'
usage: bin/mpjrun.sh [-np N] [-dev multicore|niodev] [-machinesfile F] [-wdir D] [-cp CP]
                     [-timeout SECONDS] [-dport P] [-jvmarg ARG]... CLASS [args...]
  -np N            ranks (default 1)
  -dev D           multicore (one JVM, a thread per rank; default) or niodev (a JVM per rank)
  -machinesfile F  niodev hosts, one per line (default: the nodes of the Slurm allocation,
                   $SLURM_JOB_NODELIST, when set; else localhost)
  -wdir D          working directory of the ranks (default: current directory)
  -cp CP           class path of the ranks (default: Phasor's distribution, scripts/classpath.sh,
                   built on first use by scripts/build.sh); $PHASOR_CLASSPATH is appended; relative
                   entries are taken from the current directory; "dir/*" is expanded to dir's jars
  -timeout S       wall-clock limit in seconds, 0 = none (default 3600)
  -dport P         niodev daemon port (default $PHASOR_MPJ_DPORT, else a private daemon)
  -jvmarg ARG      one JVM flag for the rank JVM(s), one token, repeatable
The ranks run $PHASOR_MPJ_MAIN (default dev.phasor.cluster.mpj.MpjMain); after MPI.Init its
arguments are  --job-dir JOBDIR CLASS args...  Rank r writes JOBDIR/rank-<r>.host and .pid after Init,
JOBDIR/rank-<r>.exit (exit code) after Finalize, and may write JOBDIR/rank-<r>.error (one line).
Exit: max rank exit code if every rank wrote .exit; 70 a rank did not finish; 124 timeout;
      64 usage error; 69 MPJ/daemon unavailable; 130/143 interrupted (SIGINT/SIGTERM).
Args equal to an MPJ starter option (-np -h -cp -dev -wdir -jar -debug ...) are refused: the
starter would take them wherever they appear.
env: PHASOR_MPJ_MAIN  PHASOR_CLASSPATH  PHASOR_MPJ_DPORT  PHASOR_MPJ_HOME  SLURM_JOB_NODELIST
     PHASOR_MPJ_GRACE (10 s: how long the other ranks may run on after one failed)
     PHASOR_MPJ_KILL_GRACE (3 s: SIGTERM -> SIGKILL)  PHASOR_MPJ_EXIT_GRACE (5 s: JVM exit
     after the last .exit)  PHASOR_MPJ_STARTUP_LIMIT (60 s: no rank JVM seen -> fail)
     PHASOR_MPJ_KEEP_JOBDIR=1  PHASOR_MPJ_VERBOSE=1 (keep MPJ's banner lines)
     PHASOR_MPJ_JOBDIR_BASE (where the job directory goes: default TMPDIR, or -wdir when the
     machines file names other hosts, since every rank writes its markers there)
     PHASOR_MPJ_LAUNCHER_OPTS (JVM flags of the launcher JVM only, not of the ranks)
     PHASOR_MPJ_SLURM_DAEMONS=1 (in an allocation: daemons by srun even when it is this host)
EOF
}

usage_error() { log "$*"; log "try: bin/mpjrun.sh -h"; exit "$EX_USAGE"; }

is_uint() { [[ "$1" =~ ^[0-9]+$ ]]; }
is_reserved() { [[ -n "$1" && "$MPJ_RESERVED" == *[[:space:]]"$1"[[:space:]]* ]]; }
is_java_name() { [[ "$1" =~ ^[A-Za-z_$][A-Za-z0-9_$]*(\.[A-Za-z_$][A-Za-z0-9_$]*)*$ ]]; }

# ---- arguments ----------------------------------------------------------------------------------
np=1 dev=multicore machinesfile="" wdir="" cp="" timeout_s=3600 dport=""
jvmargs=()
while (($#)); do
  case "$1" in
    -np|-dev|-machinesfile|-wdir|-cp|-classpath|-timeout|-dport|-jvmarg)
      [[ $# -ge 2 ]] || usage_error "option $1 needs a value"
      case "$1" in
        -np) np="$2" ;;
        -dev) dev="$2" ;;
        -machinesfile) machinesfile="$2" ;;
        -wdir) wdir="$2" ;;
        -cp|-classpath) cp="${cp:+$cp:}$2" ;;
        -timeout) timeout_s="$2" ;;
        -dport) dport="$2" ;;
        -jvmarg) jvmargs+=("$2") ;;
      esac
      shift 2 ;;
    -h|-help|--help) usage; exit 0 ;;
    --) shift; break ;;
    -*) usage_error "unknown option $1" ;;
    *) break ;;
  esac
done
(($#)) || usage_error "missing CLASS"
user_class="$1"; shift
user_args=("$@")
main_class="${PHASOR_MPJ_MAIN:-dev.phasor.cluster.mpj.MpjMain}"

# uint VAR WHAT: VAR must hold a whole number (at most 9 digits); normalise it to base 10.
uint() {
  [[ "${!1}" =~ ^[0-9]{1,9}$ ]] || usage_error "$2 must be a whole number, got '${!1}'"
  printf -v "$1" '%d' "$((10#${!1}))"
}
uint np "-np"
((np >= 1)) || usage_error "-np must be at least 1"
case "$dev" in multicore|niodev) ;; *) usage_error "-dev must be multicore or niodev, got '$dev'" ;; esac
uint timeout_s "-timeout (seconds)"
if [[ -z "$dport" && "$dev" == niodev ]]; then dport="${PHASOR_MPJ_DPORT:-}"; fi
if [[ -n "$dport" ]]; then
  uint dport "the daemon port"
  ((dport >= 1 && dport <= 65535)) || usage_error "bad daemon port '$dport'"
  if [[ "$dev" == multicore ]]; then log "warning: -dport is ignored by -dev multicore"; dport=""; fi
fi
grace_s="${PHASOR_MPJ_GRACE:-10}"
kill_grace_s="${PHASOR_MPJ_KILL_GRACE:-3}"
exit_grace_s="${PHASOR_MPJ_EXIT_GRACE:-5}"
startup_limit_s="${PHASOR_MPJ_STARTUP_LIMIT:-60}"
uint grace_s PHASOR_MPJ_GRACE
uint kill_grace_s PHASOR_MPJ_KILL_GRACE
uint exit_grace_s PHASOR_MPJ_EXIT_GRACE
uint startup_limit_s PHASOR_MPJ_STARTUP_LIMIT
is_java_name "$main_class" || usage_error "PHASOR_MPJ_MAIN is not a class name: '$main_class'"
is_java_name "$user_class" || usage_error "CLASS is not a class name: '$user_class'"
for a in "${user_args[@]}"; do
  is_reserved "$a" && usage_error "argument '$a' cannot be passed: MPJ's starter takes it as its own option wherever it appears (reserved:$(tr -s ' \n' ' ' <<<"$MPJ_RESERVED"))"
done
for a in "${jvmargs[@]}"; do
  [[ "$a" == -* ]] || usage_error "-jvmarg '$a' must be one token starting with '-' (write --add-opens=X, not --add-opens X)"
  is_reserved "$a" && usage_error "-jvmarg '$a' is an MPJ starter option (use the mpjrun.sh option, e.g. -cp)"
  case "$a" in
    --add-opens|--add-exports|--add-reads|--add-modules|--module-path|-p|--upgrade-module-path|--patch-module|--limit-modules|-classpath|--class-path)
      usage_error "-jvmarg '$a' takes a separate value, which MPJ cannot pass: write $a=VALUE" ;;
  esac
done

# -wdir: absolute, must exist.
wdir="${wdir:-$PWD}"
[[ -d "$wdir" ]] || usage_error "-wdir '$wdir' is not a directory"
wdir="$(cd "$wdir" && pwd)"

# Class path: -cp then $PHASOR_CLASSPATH; absolute entries; "dir/*" expanded (multicore loads the
# path with a URLClassLoader, which knows no wildcards); MPJ's own jar dropped (the starter adds
# its own MPJ classes on both devices; multicore rewrites any "mpj.jar" in the path to "mpi.jar").
# No -cp: Phasor's distribution (examples jar + its runtime jars), built on first use like bin/phasor.
if [[ -z "$cp" ]]; then
  "$REPO_DIR/scripts/build.sh" || { log "cannot build Phasor's jars (scripts/build.sh failed)"; exit "$EX_UNAVAILABLE"; }
  cp="$("$REPO_DIR/scripts/classpath.sh")"
fi
full_cp="${cp}${PHASOR_CLASSPATH:+${cp:+:}$PHASOR_CLASSPATH}"
cp_entries=()
IFS=':' read -r -a raw_entries <<<"$full_cp"
for e in "${raw_entries[@]}"; do
  [[ -n "$e" ]] || continue
  [[ "$e" == /* ]] || e="$PWD/$e"
  if [[ "$e" == */\* ]]; then
    shopt -s nullglob
    jars=("${e%/\*}"/*.jar "${e%/\*}"/*.JAR)
    shopt -u nullglob
    ((${#jars[@]})) || log "warning: no jars in class path entry $e"
    for j in "${jars[@]}"; do cp_entries+=("$j"); done
  else
    cp_entries+=("$e")
  fi
done
filtered=()
for e in "${cp_entries[@]}"; do
  case "${e##*/}" in
    mpj.jar|mpj-0.44.jar) continue ;;
  esac
  if [[ "$dev" == multicore && "$e" == *mpj.jar* ]]; then
    usage_error "class path entry '$e' contains 'mpj.jar', which MPJ's multicore starter rewrites to 'mpi.jar': rename it"
  fi
  filtered+=("$e")
done
rank_cp="$(IFS=:; printf '%s' "${filtered[*]}")"

# ---- MPJ_HOME ------------------------------------------------------------------------------------
if ! MPJ_HOME="$("$REPO_DIR/scripts/setup-mpj.sh" | tail -1)" || [[ ! -f "$MPJ_HOME/lib/starter.jar" ]]; then
  log "MPJ Express is not available (scripts/setup-mpj.sh failed)"
  exit "$EX_UNAVAILABLE"
fi
command -v java >/dev/null 2>&1 || { log "java not found on PATH"; exit "$EX_UNAVAILABLE"; }

# ---- state, cleanup ------------------------------------------------------------------------

# is_local_name HOST: a machines-file entry naming this machine.
is_local_name() {
  case "$1" in
    localhost|127.*|::1|"$(hostname)"|"$(hostname -f 2>/dev/null || hostname)") return 0 ;;
    *) return 1 ;;
  esac
}
# slurm_hostnames LIST: SLURM_JOB_NODELIST expanded (scontrol show hostnames, else our parser).
# shellcheck source=scripts/lib-nodelist.sh
. "$REPO_DIR/scripts/lib-nodelist.sh"
# Inside a Slurm allocation without -machinesfile, niodev's hosts are the allocation's nodes.
SLURM_HOSTS=""
if [[ "$dev" == niodev && -z "$machinesfile" && -n "${SLURM_JOB_NODELIST:-}" ]]; then
  if ! SLURM_HOSTS="$(slurm_hostnames "$SLURM_JOB_NODELIST")" || [[ -z "$SLURM_HOSTS" ]]; then
    usage_error "cannot read the Slurm node list SLURM_JOB_NODELIST='$SLURM_JOB_NODELIST' (give -machinesfile)"
  fi
fi
# remote_hosts: the machines-file (or Slurm) entries naming other hosts (niodev only).
remote_hosts() {
  [[ "$dev" == niodev ]] || return 0
  local host
  while read -r host _; do
    [[ -z "$host" || "$host" == \#* ]] && continue
    is_local_name "$host" || printf '%s\n' "$host"
  done < <(if [[ -n "$SLURM_HOSTS" ]]; then printf '%s\n' "$SLURM_HOSTS";
           elif [[ -n "$machinesfile" && -f "$machinesfile" ]]; then cat -- "$machinesfile"; fi)
}
REMOTE_HOSTS="$(remote_hosts)"

# The job directory holds the ranks' markers, so with ranks on other hosts it must be on storage they
# share: then it goes under the ranks' working directory (-wdir, which must exist on every host anyway),
# not under this machine's TMPDIR. PHASOR_MPJ_JOBDIR_BASE chooses another place.
if [[ -n "${PHASOR_MPJ_JOBDIR_BASE:-}" ]]; then
  tmp_base="$PHASOR_MPJ_JOBDIR_BASE"
  [[ -d "$tmp_base" && -w "$tmp_base" ]] || usage_error "PHASOR_MPJ_JOBDIR_BASE '$tmp_base' is not a writable directory"
  tmp_base="$(cd "$tmp_base" && pwd)"
elif [[ -n "$REMOTE_HOSTS" ]]; then
  tmp_base="$wdir"
  [[ -w "$tmp_base" ]] || usage_error "-wdir '$wdir' is not writable (with ranks on other hosts the job directory goes there; or set PHASOR_MPJ_JOBDIR_BASE to a shared directory)"
else
  tmp_base="${TMPDIR:-/tmp}"
fi
[[ "$tmp_base" =~ ^/[A-Za-z0-9_./+-]*$ && -d "$tmp_base" && -w "$tmp_base" ]] || tmp_base=/tmp
LPID=""            # launcher PID while it is our un-reaped child
LAUNCHER_RC=""
FILTER_PID="" OUT_FD=""
PRIVATE_DAEMON="" PRIVATE_DAEMON_PID=""
SLURM_DAEMONS="" SLURM_DAEMONS_PID="" SLURM_DAEMONS_FD="" slurm_machines=""
CLEANED=""

pid_alive() {
  local stat state
  [[ "$1" =~ ^[0-9]+$ ]] || return 1
  { read -r stat < "/proc/$1/stat"; } 2>/dev/null || return 1
  stat="${stat##*) }" # "pid (comm) state ...": comm may hold spaces
  state="${stat%% *}"
  [[ -n "$state" && "$state" != Z && "$state" != X ]]
}

# job_pids: live java processes whose command line contains JOBDIR (launcher, multicore JVM,
# niodev rank JVMs), plus live PIDs from rank-*.pid markers that still carry JOBDIR.
job_pids() {
  local f pid comm
  {
    grep -lsF -- "$JOBDIR" /proc/[0-9]*/cmdline 2>/dev/null | while IFS=/ read -r _ _ pid _; do
      comm=""
      { read -r comm < "/proc/$pid/comm"; } 2>/dev/null || true
      [[ "$comm" == java ]] && pid_alive "$pid" && printf '%s\n' "$pid"
      true
    done
    for f in "$JOBDIR"/rank-*.pid; do
      [[ -f "$f" ]] || continue
      pid="$(tr -dc '0-9' < "$f")"
      [[ -n "$pid" ]] && pid_alive "$pid" && grep -qsF -- "$JOBDIR" "/proc/$pid/cmdline" &&
        printf '%s\n' "$pid"
    done
    true
  } | sort -un
}

# remote_pending: a rank on another host (its rank-<r>.host names another host than ours) has not
# written its exit marker yet. Its PID cannot be seen from here: it counts as running until its exit
# marker appears, the daemons drop the launcher (niodev: every rank of the job has ended) or -timeout.
LOCAL_HOST="$(cat /proc/sys/kernel/hostname 2>/dev/null || hostname)"
remote_pending() {
  local r h
  for ((r = 0; r < np; r++)); do
    [[ -s "$JOBDIR/rank-$r.exit" || ! -s "$JOBDIR/rank-$r.host" ]] && continue
    h=""
    { read -r h < "$JOBDIR/rank-$r.host"; } 2>/dev/null || true
    [[ -n "$h" && "$h" != "$LOCAL_HOST" ]] && return 0
  done
  return 1
}

# rank_pids: job_pids without the launcher.
rank_pids() { job_pids | { grep -vx -- "${LPID:-none}" || true; }; }

# launcher_linked: the niodev launcher holds an ESTABLISHED TCP connection to a daemon port.
# The daemon keeps that connection (it carries the ranks' output) until every rank process of
# the job has ended, then closes it. Read from /proc, never by connecting.
launcher_linked() {
  [[ -n "$LPID" && -n "$dport" ]] || return 1
  local inodes
  inodes="$(find "/proc/$LPID/fd" -maxdepth 1 -type l -lname 'socket:*' -printf '%l\n' 2>/dev/null |
            tr -dc '0-9\n' | tr '\n' ' ')"
  [[ -n "${inodes// }" ]] || return 1
  awk -v port="$(printf '%04X' "$dport")" -v inodes=" $inodes " '
    FNR > 1 && $4 == "01" {
      n = split($3, rem, ":")
      if (rem[n] == port && index(inodes, " " $10 " ")) found = 1
    }
    END { exit !found }' /proc/net/tcp /proc/net/tcp6 2>/dev/null
}

reap_launcher() {
  [[ -n "$LPID" ]] || return 0
  if ! pid_alive "$LPID"; then
    local rc=0
    wait "$LPID" 2>/dev/null || rc=$?
    LAUNCHER_RC="$rc"
    LPID=""
  fi
}

kill_job() {
  local pids=() i
  mapfile -t pids < <(job_pids)
  if [[ -n "$LPID" ]]; then
    # The launcher runs under setsid: its group = the launcher (+ the multicore JVM).
    kill -TERM -- "-$LPID" 2>/dev/null || true
  fi
  if ((${#pids[@]})); then kill -TERM "${pids[@]}" 2>/dev/null || true; fi
  for ((i = 0; i < kill_grace_s * 10; i++)); do
    reap_launcher
    mapfile -t pids < <(job_pids)
    if ((${#pids[@]} == 0)) && [[ -z "$LPID" ]]; then break; fi
    sleep 0.1
  done
  mapfile -t pids < <(job_pids)
  if [[ -n "$LPID" ]]; then
    kill -KILL -- "-$LPID" 2>/dev/null || true
  fi
  if ((${#pids[@]})); then
    log "killing leftover JVM(s) ${pids[*]} (still alive ${kill_grace_s}s after SIGTERM)"
    kill -KILL "${pids[@]}" 2>/dev/null || true
  fi
  for ((i = 0; i < 20; i++)); do
    reap_launcher
    if [[ -z "$LPID" && -z "$(job_pids)" ]]; then break; fi
    sleep 0.1
  done
  if [[ -n "$LPID" ]]; then
    wait "$LPID" 2>/dev/null || true
    LPID=""
  fi
}

cleanup() {
  [[ -z "$CLEANED" ]] || return 0
  CLEANED=1
  trap '' INT TERM HUP
  kill_job || true
  if [[ -n "$SLURM_DAEMONS" ]]; then stop_slurm_daemons || true; fi
  if [[ -n "$PRIVATE_DAEMON" ]]; then
    # (re-create the pid file if something removed it; stop checks the PID is a daemon.jar JVM)
    if [[ ! -s "$JOBDIR/daemon.pid" && -n "$PRIVATE_DAEMON_PID" ]]; then
      { mkdir -p "$JOBDIR" && printf '%s\n' "$PRIVATE_DAEMON_PID" > "$JOBDIR/daemon.pid"; } || true
    fi
    "$SCRIPT_DIR/mpj-daemon.sh" stop --pidfile "$JOBDIR/daemon.pid" >/dev/null 2>&1 || true
  fi
  if [[ -n "$OUT_FD" ]]; then
    exec {OUT_FD}>&-
    OUT_FD=""
    local i
    for ((i = 0; i < 20; i++)); do
      pid_alive "$FILTER_PID" || break
      sleep 0.1
    done
    kill "$FILTER_PID" 2>/dev/null || true
  fi
  if [[ "${PHASOR_MPJ_KEEP_JOBDIR:-0}" == 1 ]]; then
    log "job directory kept: $JOBDIR"
  else
    rm -rf -- "$JOBDIR"
  fi
}

on_signal() {
  log "interrupted by SIG$1: stopping the job"
  cleanup
  case "$1" in INT) exit 130 ;; TERM) exit 143 ;; *) exit 129 ;; esac
}
JOBDIR="$(mktemp -d "$tmp_base/phasor-mpj.XXXXXXXXXX")"
JOBHOME="$JOBDIR/mpjhome"
trap cleanup EXIT
trap 'on_signal INT' INT
trap 'on_signal TERM' TERM
trap 'on_signal HUP' HUP

# free_ports N: N distinct TCP ports free on 127.0.0.1 right now.
free_ports() {
  if ! command -v python3 >/dev/null 2>&1; then free_ports_bash "$1"; return; fi
  python3 - "$1" <<'PY'
import socket, sys
held = []
for _ in range(int(sys.argv[1])):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.bind(("127.0.0.1", 0))
    held.append(s)
print(" ".join(str(s.getsockname()[1]) for s in held))
for s in held:
    s.close()
PY
}

# free_ports_bash N [EXCLUDE...]: the fallback without python3, shared with the other MPJ script.
# shellcheck source=scripts/lib-ports.sh
. "$REPO_DIR/scripts/lib-ports.sh"
# is_listening PORT: a socket listens on TCP PORT (any address). Read from /proc, no connection.
is_listening() {
  awk -v p="$(printf ':%04X' "$1")" 'FNR > 1 && $4 == "0A" && substr($2, length($2) - 4) == p { f = 1 }
                                      END { exit !f }' /proc/net/tcp /proc/net/tcp6 2>/dev/null
}

# start_slurm_daemons: inside an allocation whose nodes are not (only) this host, one niodev daemon per
# node on one free port, started by an srun step (--overlap: it shares the job's CPUs with the
# ranks). Each task prints a ready line once its daemon listens and stops its daemon by PID on
# SIGTERM (cleanup sends it through srun). Sets dport; exits 69 when a daemon does not come up.
start_slurm_daemons() {
  command -v srun >/dev/null 2>&1 || { log "srun not found on PATH: cannot start daemons on the Slurm nodes (pass -dport)"; exit "$EX_UNAVAILABLE"; }
  local n i ready
  n="$(grep -c . "$machinesfile")"
  read -r dport < <(free_ports 1)
  # shellcheck disable=SC2016 # run by the srun tasks
  local task='pf="$(mktemp "${TMPDIR:-/tmp}/phasor-mpj-daemon.XXXXXXXX")"
    if ! "$0" start --port "$1" --pidfile "$pf" >/dev/null; then echo "phasor-mpj-daemon-failed $(hostname)"; exit 1; fi
    echo "phasor-mpj-daemon-ready $(hostname)"
    while read -r _; do :; done
    "$0" stop --pidfile "$pf" >/dev/null 2>&1; rm -f "$pf"'
  SLURM_DAEMONS=1
  # Every task reads the same stdin (--input=all): closing it is the signal to stop.
  exec {SLURM_DAEMONS_FD}> >(exec srun --nodes="$n" --ntasks="$n" --ntasks-per-node=1 --overlap --input=all \
    --kill-on-bad-exit=0 --job-name=phasor-mpj-daemons bash -c "$task" "$SCRIPT_DIR/mpj-daemon.sh" "$dport" \
    >"$JOBDIR/daemons.out" 2>"$JOBDIR/daemons.err")
  SLURM_DAEMONS_PID=$!
  for ((i = 0; i < startup_limit_s * 10; i++)); do
    ready="$(grep -c '^phasor-mpj-daemon-ready ' "$JOBDIR/daemons.out" 2>/dev/null || true)"
    ((ready >= n)) && { log "niodev daemons on port $dport on $n Slurm node(s)"; return 0; }
    if grep -q '^phasor-mpj-daemon-failed ' "$JOBDIR/daemons.out" 2>/dev/null || ! pid_alive "$SLURM_DAEMONS_PID"; then
      break
    fi
    sleep 0.1
  done
  log "could not start niodev daemons on the Slurm nodes (port $dport): $(grep -h . "$JOBDIR/daemons.out" "$JOBDIR/daemons.err" 2>/dev/null | head -n 5 | tr '\n' ' ')"
  exit "$EX_UNAVAILABLE"
}

# close_daemons_stdin: in a child process, drop our end of the daemon tasks' stdin, so that only
# this script holds it (their EOF comes when we close it, not when the last child ends).
close_daemons_stdin() {
  if [[ -n "$SLURM_DAEMONS_FD" ]]; then exec {SLURM_DAEMONS_FD}>&-; fi
  true
}

# stop_slurm_daemons: closes the tasks' stdin; each task then stops its daemon by PID and ends.
# (Signals do not do it: SIGTERM makes srun SIGKILL the step at once, a single SIGINT only prints
# its status, and the daemons run in their own session, so they can outlive a killed step where
# Slurm tracks processes by parent, proctrack/linuxproc.) SIGTERM, then SIGKILL, to srun when it
# is still there after the grace.
stop_slurm_daemons() {
  [[ -n "$SLURM_DAEMONS_PID" ]] || return 0
  local i sig
  if [[ -n "$SLURM_DAEMONS_FD" ]]; then exec {SLURM_DAEMONS_FD}>&-; SLURM_DAEMONS_FD=""; fi
  for sig in NONE TERM KILL; do
    [[ "$sig" == NONE ]] || kill "-$sig" "$SLURM_DAEMONS_PID" 2>/dev/null || true
    for ((i = 0; i < (kill_grace_s + 10) * 10; i++)); do
      pid_alive "$SLURM_DAEMONS_PID" || break 2
      sleep 0.1
    done
  done
  wait "$SLURM_DAEMONS_PID" 2>/dev/null || true
  SLURM_DAEMONS_PID=""
}

# ---- per-job MPJ_HOME: conf with this job's ports, lib shared -----------------------------------------
mkdir -p "$JOBHOME/conf" "$JOBHOME/logs"
ln -s "$MPJ_HOME/lib" "$JOBHOME/lib"
cp -- "$MPJ_HOME"/conf/* "$JOBHOME/conf/"
starter_opts=()
if [[ "$dev" == niodev ]]; then
  if [[ -z "$machinesfile" ]]; then
    machinesfile="$JOBDIR/machines"
    if [[ -n "$SLURM_HOSTS" ]]; then
      # Inside a Slurm allocation: its nodes, one per line (a daemon must listen on each, at -dport).
      printf '%s\n' "$SLURM_HOSTS" > "$machinesfile"
      slurm_machines=1
      log "machines from SLURM_JOB_NODELIST=$SLURM_JOB_NODELIST: $(grep -c . "$machinesfile") host(s): $(head -n 5 "$machinesfile" | tr '\n' ' ')"
    else
      printf 'localhost\n' > "$machinesfile"
    fi
  else
    [[ -f "$machinesfile" ]] || usage_error "-machinesfile '$machinesfile' not found"
    machinesfile="$(cd "$(dirname "$machinesfile")" && pwd)/$(basename "$machinesfile")"
  fi
  remote_host="$(head -n 1 <<<"$REMOTE_HOSTS")" # the first other host, if any
  if [[ -z "$dport" && -n "$slurm_machines" && ( -n "$remote_host" || "${PHASOR_MPJ_SLURM_DAEMONS:-0}" == 1 ) ]]; then
    start_slurm_daemons
  elif [[ -z "$dport" ]]; then
    # A private daemon only serves this machine.
    [[ -z "$remote_host" ]] || usage_error "machines file lists '$remote_host': start a daemon on every host (bin/mpj-daemon.sh start --port P) and pass -dport P"
    PRIVATE_DAEMON=1 # set first: cleanup stops it even if we are interrupted while it starts
    if ! dport="$("$SCRIPT_DIR/mpj-daemon.sh" start --pidfile "$JOBDIR/daemon.pid" | tail -1)" ||
       ! is_uint "$dport"; then
      log "could not start a private niodev daemon"
      exit "$EX_UNAVAILABLE"
    fi
    PRIVATE_DAEMON_PID="$(tr -dc '0-9' < "$JOBDIR/daemon.pid" 2>/dev/null || true)"
  elif [[ "$(grep -cvE '^[[:space:]]*(#|$)' "$machinesfile")" -le 1 ]] &&
       grep -qE '^[[:space:]]*(localhost|127\.[0-9.]+)[[:space:]]*$' "$machinesfile" && ! is_listening "$dport"; then
    log "no niodev daemon listens on port $dport (start one: bin/mpj-daemon.sh start --port $dport)"
    exit "$EX_UNAVAILABLE"
  fi
  if [[ -n "$REMOTE_HOSTS" ]]; then
    # MPJ's ranks connect back to the launcher by this machine's host name (MPJ's choice, not ours).
    self_addr="$(getent hosts "$(hostname)" 2>/dev/null | awk '{ print $1; exit }' || true)"
    case "$self_addr" in
      127.*|::1|"")
        log "warning: this host's name '$(hostname)' resolves to '${self_addr:-nothing}' here; ranks on other hosts connect back to '$(hostname)', so it must resolve to this host's address on them" ;;
    esac
  fi
  read -r run_port pm_port < <(free_ports 2)
  sed -i -e "s/^mpjexpress\.mpjdaemon\.port\.1=.*/mpjexpress.mpjdaemon.port.1=$dport/" \
         -e "s/^mpjexpress\.mpjdaemon\.port\.2=.*/mpjexpress.mpjdaemon.port.2=$pm_port/" \
         -e "s/^mpjexpress\.mpjrun\.port\.1=.*/mpjexpress.mpjrun.port.1=$run_port/" \
         "$JOBHOME/conf/mpjexpress.conf"
  starter_opts+=(-machinesfile "$machinesfile" -dport "$dport")
elif [[ -n "$machinesfile" ]]; then
  log "warning: -machinesfile is ignored by -dev multicore"
fi

# Wall clock in microseconds, no fork (bash 5: EPOCHREALTIME; its separator follows the locale).
now_us() { local t="${EPOCHREALTIME//[.,]/}"; printf '%s' "$((10#$t))"; }
now_us_to() { local t="${EPOCHREALTIME//[.,]/}"; printf -v "$1" '%s' "$((10#$t))"; } # now_us_to VAR: no subshell
fmt_s() { printf '%d.%d' "$(($1 / 1000000))" "$((($1 % 1000000) / 100000))"; } # fmt_s MICROS

# ---- launch -----------------------------------------------------------------------------------------
# MPJ's banner lines are dropped unless PHASOR_MPJ_VERBOSE=1; everything else the ranks print
# (stdout and stderr, merged by MPJ) goes to our stdout.
filter_output() {
  trap '' INT # keep relaying until the launcher is gone; we close the pipe when done
  if [[ "${PHASOR_MPJ_VERBOSE:-0}" == 1 ]]; then
    cat
    return
  fi
  # Drops MPJ's banners; the "EXIT@Ping#" line and the NoSuchElementException trace that the
  # niodev launcher prints when the daemon's keep-alive ping races with its end-of-job message.
  # (mawk, Debian's awk, buffers a pipe's input unless told -W interactive.)
  local awk_cmd=(awk)
  if [[ "$(awk -W version 2>&1 </dev/null || true)" == *mawk* ]]; then awk_cmd=(awk -W interactive); fi
  # shellcheck disable=SC2016 # an awk program
  "${awk_cmd[@]}" '
    function flush_held(drop) {
      if (!drop) printf "%s", held
      held = ""; holding = 0
    }
    holding && /^\tat / { held = held $0 "\n"; if ($0 ~ /runtime\.starter\.IOMessagesThread/) ours = 1; next }
    holding { flush_held(ours); fflush() }
    /^MPJ Express \([0-9.]+\) is started in the .*configuration/ { next }
    /^(Starting|Stopping) [Pp]rocess <[0-9]+> on <[^>]*>?$/ { next }
    /^EXIT(@Ping#)+$/ { next }
    /^java\.util\.NoSuchElementException: No line found$/ { held = $0 "\n"; holding = 1; ours = 0; next }
    { print; fflush() }
    END { if (holding) flush_held(ours) }'
}
exec {OUT_FD}> >(close_daemons_stdin; filter_output)
FILTER_PID=$!

# shellcheck disable=SC2206 # word splitting of the options is intended
launcher_opts=(${PHASOR_MPJ_LAUNCHER_OPTS:--XX:+UseSerialGC -XX:TieredStopAtLevel=1})
launcher_cmd=(java "${launcher_opts[@]}" -jar "$MPJ_HOME/lib/starter.jar"
  -np "$np" -dev "$dev" "${starter_opts[@]}" -wdir "$wdir")
[[ -n "$rank_cp" ]] && launcher_cmd+=(-cp "$rank_cp")
# multicore: the ranks share one copy of the non-MPJ classes (MpjMain appends them to the system class
# loader, see SharedClasses), so each class is loaded and JIT-compiled once, not once per rank.
[[ "$dev" == multicore ]] && jvmargs=(--add-opens=java.base/jdk.internal.loader=ALL-UNNAMED "${jvmargs[@]}")
launcher_cmd+=("${jvmargs[@]}" "$main_class" --job-dir "$JOBDIR" "$user_class" "${user_args[@]}")

start_us="$(now_us)"
(
  close_daemons_stdin
  cd "$wdir"
  # A subshell in our process group is never a group leader, so setsid does not fork: the
  # launcher keeps this PID and leads its own group (Ctrl-C on our terminal does not reach it;
  # we stop it ourselves).
  MPJ_HOME="$JOBHOME" exec setsid "${launcher_cmd[@]}" </dev/null >&"$OUT_FD" 2>&1
) &
LPID=$!

# ---- watch ---------------------------------------------------------------------------------------------
# The watch loop shares the CPU with the ranks (on 2 cores, 2 ranks use both), so a normal round forks
# nothing: it naps with read -t instead of sleep, and scans /proc for the job's JVMs (rank_pids: a grep
# over every process's command line) only when no JVM is known yet, when one it found has ended, and
# at least every 2 s (niodev starts rank JVMs later); between scans the known ones get pid_alive.
exec {NAP_FD}<> <(:) # a pipe nobody writes to: read -t on it just waits
nap() { read -rt "$1" -u "$NAP_FD" _ || true; }
known_pids=() scanned_us=0
# watch_live: sets live to the rank JVMs that are alive (one PID a line), as rank_pids would.
watch_live() {
  local p alive=()
  for p in "${known_pids[@]}"; do pid_alive "$p" && alive+=("$p"); done
  if ((${#alive[@]} == 0 || ${#alive[@]} < ${#known_pids[@]} || t_us - scanned_us >= 2000000)); then
    mapfile -t known_pids < <(rank_pids)
    scanned_us=$t_us
    alive=("${known_pids[@]}")
  fi
  local IFS=$'\n'
  live="${alive[*]}"
}
reason=""
fail_at_us=""
first_fail_rank=""
ranks_seen=""
linked_seen=""
while :; do
  reap_launcher
  done_n=0 fail_rank=""
  for ((r = 0; r < np; r++)); do
    if [[ -s "$JOBDIR/rank-$r.exit" ]]; then
      done_n=$((done_n + 1))
      code="$(tr -dc '0-9' < "$JOBDIR/rank-$r.exit")"
      [[ "$code" =~ ^0*$ ]] || fail_rank="${fail_rank:-$r}"
    fi
    if [[ -z "$fail_rank" && -e "$JOBDIR/rank-$r.error" ]]; then fail_rank="$r"; fi
  done
  if ((done_n == np)); then reason="done"; break; fi
  now_us_to t_us
  t_us=$((t_us - start_us))
  if ((timeout_s > 0 && t_us >= timeout_s * 1000000)); then reason=timeout; break; fi
  if [[ -n "$fail_rank" ]]; then
    if [[ -z "$fail_at_us" ]]; then fail_at_us="$t_us"; first_fail_rank="$fail_rank"; fi
    if ((t_us - fail_at_us >= grace_s * 1000000)); then reason=failed; break; fi
  fi
  watch_live
  # (Once the link was seen, it matters only when no rank JVM is left: launcher_linked forks 5 processes.)
  if [[ "$dev" == niodev && -n "$LPID" && ( -z "$linked_seen" || -z "$live" ) ]]; then
    if launcher_linked; then
      linked_seen=1
    elif [[ -n "$linked_seen" && -z "$live" ]]; then
      # The daemon closed the job's connection: all rank processes have ended. (Ranks that
      # die before MPI.Init leave the launcher waiting for them forever.)
      reason=unlinked; break
    fi
  fi
  if [[ -n "$live" ]] || remote_pending; then
    ranks_seen=1
  else
    # No rank JVM alive: finished, dead, or not started yet.
    if compgen -G "$JOBDIR/rank-*.pid" >/dev/null; then ranks_seen=1; fi
    if [[ -n "$ranks_seen" || -z "$LPID" ]]; then reason=gone; break; fi
    if ((t_us >= startup_limit_s * 1000000)); then reason=nostart; break; fi
  fi
  nap 0.1
done

# Let the launcher relay the last output lines and exit by itself.
if [[ "$reason" == "done" || "$reason" == "gone" ]]; then
  for ((i = 0; i < exit_grace_s * 10; i++)); do
    reap_launcher
    if [[ -z "$LPID" && -z "$(rank_pids)" ]]; then break; fi
    sleep 0.1
  done
  if [[ "$reason" == "done" ]]; then
    left="$(job_pids | tr '\n' ' ')"
    if [[ -n "${left// }" ]]; then
      log "all ranks finished but JVM(s) $left did not exit within ${exit_grace_s}s: killing them"
    fi
  fi
fi
if [[ "$reason" == unlinked ]]; then
  sleep 0.3 # the launcher has all output already; give it a moment to print it
  reap_launcher
fi
self_rc="$LAUNCHER_RC" # exit status of the launcher if it ended by itself
kill_job
total="$(fmt_s $(($(now_us) - start_us)))"

# ---- verdict -----------------------------------------------------------------------------------------------
errtext() { [[ -s "$JOBDIR/rank-$1.error" ]] && head -c 2000 "$JOBDIR/rank-$1.error" | tr '\r\n' '  ' | sed 's/ *$//'; }

if [[ "$reason" == timeout ]]; then
  finished=0
  for ((r = 0; r < np; r++)); do [[ -s "$JOBDIR/rank-$r.exit" ]] && finished=$((finished + 1)); done
  log "timeout: the job did not finish within ${timeout_s}s ($finished of $np ranks finished); killed it"
  for ((r = 0; r < np; r++)); do
    e="$(errtext "$r" || true)"
    [[ -n "$e" ]] && log "rank $r reported: $e"
  done
  exit "$EX_TIMEOUT"
fi

max=0 missing=0
for ((r = 0; r < np; r++)); do
  e="$(errtext "$r" || true)"
  if [[ -s "$JOBDIR/rank-$r.exit" ]] && code="$(tr -dc '0-9' < "$JOBDIR/rank-$r.exit")" && [[ -n "$code" ]]; then
    if ((${#code} > 3)); then code=255; else code=$((10#$code)); fi
    ((code > 255)) && code=255
    ((code > max)) && max=$code
    [[ -n "$e" ]] && log "rank $r reported: $e"
    continue
  fi
  missing=$((missing + 1))
  why=()
  if [[ -f "$JOBDIR/rank-$r.exit" ]]; then
    why+=("unreadable exit marker")
  elif [[ -f "$JOBDIR/rank-$r.pid" ]]; then
    why+=("no exit marker")
  else
    why+=("never reached MPI.Init")
  fi
  [[ -n "$e" ]] && why+=("error: $e")
  case "$reason" in
    failed) why+=("killed ${grace_s}s after rank ${first_fail_rank} failed") ;;
    nostart) why+=("no rank JVM started within ${startup_limit_s}s") ;;
    gone)
      if [[ -n "$ranks_seen" ]]; then why+=("its JVM exited"); else why+=("the launcher ended before any rank JVM started"); fi
      if [[ -n "$self_rc" ]]; then why+=("launcher exit status $self_rc"); fi ;;
    unlinked) why+=("its JVM exited; the launcher hung waiting for it") ;;
  esac
  if [[ -n "$first_fail_rank" && "$first_fail_rank" != "$r" && "$reason" != failed ]]; then
    why+=("rank $first_fail_rank had failed")
  fi
  joined="${why[0]}"
  for w in "${why[@]:1}"; do joined+="; $w"; done
  log "rank $r did not finish ($joined)"
done
if ((missing > 0)); then
  log "job failed after ${total}s: $missing of $np ranks did not finish"
  exit "$EX_RANK"
fi
exit "$max"
