#!/usr/bin/env bash
# slurm-local.sh - a private one-node Slurm on this machine (node "localhost" at 127.0.0.1), for tests and
# for trying `phasor slurm` out. Root only (slurmd runs jobs as their users). Nothing system-wide is used
# or changed: config, state, logs, munge key and sockets all live under DIR, daemons listen on free ports.
#   scripts/slurm-local.sh start DIR   # writes DIR/slurm.conf, starts munged, slurmctld, slurmd (PIDs in
#                                      # DIR/*.pid), waits until sinfo shows the node idle; prints
#                                      # SLURM_CONF=DIR/slurm.conf as its last line
#   scripts/slurm-local.sh stop DIR    # stops them by PID (TERM, then KILL after 10 s)
#   scripts/slurm-local.sh configure DIR          # only writes DIR/slurm.conf and the munge key
#   scripts/slurm-local.sh daemon NAME DIR        # execs munged|slurmctld|slurmd in the foreground (the
#                                                 # tests start them so, as their own child processes)
#   scripts/slurm-local.sh wait-idle DIR          # waits until sinfo shows the node idle
# Clients find this Slurm through the environment:  export SLURM_CONF=DIR/slurm.conf
# env: PHASOR_SLURM_START_LIMIT (60 s: the node must be idle by then)
# Exit: 0 ok; 1 a daemon did not start (its log is printed); 64 usage.
set -euo pipefail
PATH="$PATH:/usr/sbin:/sbin"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
log() { printf 'slurm-local: %s\n' "$*" >&2; }
usage() { sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 64; }
[[ $# -ge 2 ]] || usage
cmd="$1"
daemon_name=""
if [[ "$cmd" == daemon ]]; then
  [[ $# -eq 3 ]] || usage
  daemon_name="$2"
  shift
fi
[[ $# -eq 2 ]] || usage
mkdir -p "$2"
dir="$(cd "$2" && pwd)"

pid_of() { [[ -s "$dir/$1.pid" ]] && tr -dc '0-9' < "$dir/$1.pid"; }
# ours PID: alive and started by us (its command line names our dir).
ours() { [[ -n "$1" && -r "/proc/$1/cmdline" ]] && grep -qsF -- "$dir" "/proc/$1/cmdline"; }

stop() {
  local d pid i pids=()
  for d in slurmd slurmctld munged; do
    pid="$(pid_of "$d" || true)"
    if ours "$pid"; then kill -TERM "$pid" 2>/dev/null || true; pids+=("$pid"); fi
  done
  for ((i = 0; i < 100; i++)); do
    local left=()
    for pid in "${pids[@]}"; do ours "$pid" && left+=("$pid"); done
    ((${#left[@]})) || return 0
    sleep 0.1
  done
  for pid in "${pids[@]}"; do
    if ours "$pid"; then log "killing $pid (still alive 10 s after SIGTERM)"; kill -KILL "$pid" 2>/dev/null || true; fi
  done
}

# free_ports_bash N: N free TCP ports (scripts/lib-ports.sh).
# shellcheck source=scripts/lib-ports.sh
. "$here/scripts/lib-ports.sh"

configure() {
  [[ "$(id -u)" -eq 0 ]] || { log "must run as root (slurmd starts jobs as their users)"; exit 1; }
  for t in munged mungekey slurmctld slurmd sinfo; do
    command -v "$t" >/dev/null || { log "$t not found: run scripts/setup-slurm.sh"; exit 1; }
  done
  mkdir -p "$dir/state" "$dir/spool/slurmd-localhost" "$dir/log" "$dir/munge"
  chmod 700 "$dir/munge"
  # munged insists on a private key file and directories nobody else can write.
  [[ -s "$dir/munge/munge.key" ]] || mungekey --create --keyfile="$dir/munge/munge.key" --bits=1024
  chmod 600 "$dir/munge/munge.key"
  read -r ctld_port slurmd_port < <(free_ports_bash 2)
  # This machine's CPUs and memory as slurmd sees them, under our node name.
  local hw
  hw="$(slurmd -C | head -1 | sed -e 's/^NodeName=[^ ]* //' -e 's/ RealMemory=\([0-9]*\)/ RealMemory=\1/')"
  cat > "$dir/slurm.conf" <<CONF
# One-node Slurm written by scripts/slurm-local.sh; everything under $dir.
ClusterName=phasortest
SlurmctldHost=localhost(127.0.0.1)
SlurmctldPort=$ctld_port
SlurmdPort=$slurmd_port
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$dir/munge/munge.socket
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool/slurmd-%n
SlurmctldPidFile=$dir/slurmctld.pidfile
SlurmdPidFile=$dir/slurmd.pidfile
SlurmctldLogFile=$dir/log/slurmctld.log
SlurmdLogFile=$dir/log/slurmd.log
SlurmctldDebug=info
SlurmdDebug=info
# No cgroups (containers and CI machines often have none to give): plain process tracking.
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MpiDefault=none
SwitchType=switch/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SchedulerType=sched/backfill
ReturnToService=2
KillWait=10
MinJobAge=5
InactiveLimit=0
NodeName=localhost NodeAddr=127.0.0.1 $hw State=UNKNOWN
PartitionName=debug Nodes=localhost Default=YES MaxTime=INFINITE State=UP
CONF
}

# daemon NAME: exec one daemon in the foreground (-F/-D), so that its PID is the caller's child's.
daemon() {
  export SLURM_CONF="$dir/slurm.conf"
  case "$1" in
    munged) exec munged -F --force --key-file="$dir/munge/munge.key" --socket="$dir/munge/munge.socket" \
      --pid-file="$dir/munge/munged.pidfile" --log-file="$dir/log/munged.log" --seed-file="$dir/munge/seed" ;;
    slurmctld) exec slurmctld -D -i -f "$dir/slurm.conf" ;;
    slurmd) exec slurmd -D -N localhost -f "$dir/slurm.conf" ;;
    *) usage ;;
  esac
}

wait_munge() { wait_for "munged" "[[ -S '$dir/munge/munge.socket' ]]" 10 "$dir/log/munged.log" "$dir/log/munged.out"; }
wait_idle() {
  export SLURM_CONF="$dir/slurm.conf"
  wait_for "the node" "[[ \"\$(sinfo -h -n localhost -o %t 2>/dev/null)\" == idle ]]" "${PHASOR_SLURM_START_LIMIT:-60}" \
    "$dir/log/slurmctld.log" "$dir/log/slurmd.log" "$dir/log/slurmctld.out" "$dir/log/slurmd.out"
}

start() {
  configure
  local d
  for d in munged slurmctld slurmd; do
    (setsid "$0" daemon "$d" "$dir" </dev/null >>"$dir/log/$d.out" 2>&1) &
    echo $! > "$dir/$d.pid"
    [[ "$d" == munged ]] && wait_munge
  done
  wait_idle
  echo "SLURM_CONF=$dir/slurm.conf"
}

# wait_for WHAT CONDITION SECONDS LOG...: polls CONDITION every 0.2 s; on timeout stops everything and shows logs.
wait_for() {
  local what="$1" cond="$2" limit="$3" i d pid
  shift 3
  for ((i = 0; i < limit * 5; i++)); do
    eval "$cond" && return 0
    for d in munged slurmctld slurmd; do
      pid="$(pid_of "$d" || true)"
      if [[ -n "$pid" ]] && ! ours "$pid"; then
        log "$d exited while waiting for $what"; show "$@"; stop; exit 1
      fi
    done
    sleep 0.2
  done
  log "$what not ready within ${limit}s"; show "$@"; stop; exit 1
}
show() { local f; for f in "$@"; do [[ -s "$f" ]] && { log "--- $f"; tail -n 30 "$f" >&2; }; done; true; }

case "$cmd" in
  start) start ;;
  configure) configure ;;
  daemon) daemon "$daemon_name" ;;
  wait-idle) wait_idle ;;
  stop) stop ;;
  *) usage ;;
esac
