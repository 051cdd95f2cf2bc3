#!/usr/bin/env bash
# mpj-daemon.sh - start/stop/status of a local MPJ Express 0.44 niodev daemon, by PID.
#
#   bin/mpj-daemon.sh start  [--port P] [--pidfile F]   prints the daemon port on stdout
#   bin/mpj-daemon.sh stop   [--port P | --pidfile F]   no option: stops every daemon whose pid
#                                                       file is under MPJ_HOME (daemon-*.pid)
#   bin/mpj-daemon.sh status [--port P | --pidfile F]   exit 0 if running, 3 if not
#
# Why not MPJ's own scripts: `mpjdaemon -clean` kills EVERY java process on the machine, and the
# stock ports (daemon 40055, port manager 40052) collide between daemons: a second daemon whose
# port-manager port is taken silently System.exit(0)s. So each daemon gets its own MPJ_HOME-like
# directory $MPJ_HOME/daemons/<port> (conf/ with its own free port-manager port, lib -> shared
# lib/) and its own user.home (the daemon deletes ~/.mpj_users after every job, which races with
# other daemons sharing the home). It runs under setsid, so its process group = its PID: stop
# kills that group (the daemon and the rank JVMs it spawned), never anything else.
# Readiness is checked with `ss -ltn` (or /proc/net/tcp), NOT by connecting: the daemon treats
# every connection as a job ticket and logs a stack trace for a probe.
# Note: MPJ binds its sockets on all interfaces (no option to change that); free ports are
# probed on 127.0.0.1.
# env: PHASOR_MPJ_HOME (see scripts/setup-mpj.sh), PHASOR_MPJ_DAEMON_OPTS (JVM flags for the
#      daemon, default "-Xmx128m -XX:+UseSerialGC"), PHASOR_MPJ_DAEMON_WAIT (start timeout, 30 s)
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_DIR="$(cd "$SCRIPT_DIR/.." && pwd)"
readonly ME=mpj-daemon

log() { printf '%s: %s\n' "$ME" "$*" >&2; }
die() { log "error: $*"; exit 1; }

usage() {
  cat >&2 <<'EOF'
usage: bin/mpj-daemon.sh start  [--port P] [--pidfile F]
       bin/mpj-daemon.sh stop   [--port P | --pidfile F]
       bin/mpj-daemon.sh status [--port P | --pidfile F]
EOF
}

# --- helpers shared in spirit with bin/mpjrun.sh ------------------------------------------------

# free_ports N [EXCLUDE...]: N distinct TCP ports free on 127.0.0.1 (kernel-assigned, so free at
# the time of the call; all sockets are held open together so the ports differ).
free_ports() {
  local n="$1"; shift
  if ! command -v python3 >/dev/null 2>&1; then free_ports_bash "$n" "$@"; return; fi
  python3 - "$n" "$@" <<'PY'
import socket, sys
n, exclude = int(sys.argv[1]), {int(p) for p in sys.argv[2:]}
held, ports = [], []
while len(ports) < n:
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.bind(("127.0.0.1", 0))
    held.append(s)
    p = s.getsockname()[1]
    if p not in exclude:
        ports.append(p)
print(" ".join(map(str, ports)))
for s in held:
    s.close()
PY
}

# free_ports_bash N [EXCLUDE...]: the fallback without python3, shared with the other MPJ script.
# shellcheck source=scripts/lib-ports.sh
. "$REPO_DIR/scripts/lib-ports.sh"

# is_listening PORT: some socket listens on TCP PORT (any address); never connects to it.
is_listening() {
  local port="$1"
  if command -v ss >/dev/null 2>&1; then
    [[ -n "$(ss -Hltn "sport = :$port" 2>/dev/null)" ]]
  else
    local hex f
    hex="$(printf ':%04X' "$port")"
    for f in /proc/net/tcp /proc/net/tcp6; do
      [[ -r "$f" ]] || continue
      # columns: sl local_address rem_address st ...; st 0A = LISTEN
      awk -v p="$hex" 'NR > 1 && $4 == "0A" && substr($2, length($2) - 4) == p { found = 1 }
                       END { exit !found }' "$f" && return 0
    done
    return 1
  fi
}

# pid_alive PID: running and not a zombie.
pid_alive() {
  local stat state
  [[ "$1" =~ ^[0-9]+$ ]] || return 1
  { read -r stat < "/proc/$1/stat"; } 2>/dev/null || return 1
  stat="${stat##*) }" # "pid (comm) state ...": comm may hold spaces
  state="${stat%% *}"
  [[ -n "$state" && "$state" != Z && "$state" != X ]]
}

# daemon_port PID: the port of a daemon we started (last word of its command line), or fail.
daemon_port() {
  local pid="$1" args=()
  pid_alive "$pid" || return 1
  mapfile -d '' -t args < "/proc/$pid/cmdline" 2>/dev/null || return 1
  ((${#args[@]} >= 3)) || return 1
  [[ "${args[-2]}" == */lib/daemon.jar && "${args[-1]}" =~ ^[0-9]+$ ]] || return 1
  printf '%s\n' "${args[-1]}"
}

read_pidfile() { [[ -f "$1" ]] && tr -dc '0-9' < "$1"; }

# ------------------------------------------------------------------------------------------------

cmd="${1:-}"
[[ -n "$cmd" ]] || { usage; exit 64; }
shift
port="" pidfile=""
while (($#)); do
  case "$1" in
    --port) [[ $# -ge 2 ]] || { usage; exit 64; }; port="$2"; shift 2 ;;
    --pidfile) [[ $# -ge 2 ]] || { usage; exit 64; }; pidfile="$2"; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) log "unknown argument: $1"; usage; exit 64 ;;
  esac
done
if [[ -n "$port" ]]; then
  [[ "$port" =~ ^[0-9]{1,5}$ ]] || die "bad --port '$port'"
  port=$((10#$port))
  ((port >= 1 && port <= 65535)) || die "bad --port '$port'"
fi
if [[ -n "$pidfile" && "$pidfile" != /* ]]; then
  pidfile="$PWD/$pidfile"
fi

MPJ_HOME="$("$REPO_DIR/scripts/setup-mpj.sh" | tail -1)"
[[ -f "$MPJ_HOME/lib/daemon.jar" ]] || die "setup-mpj.sh did not produce $MPJ_HOME/lib/daemon.jar"

stop_one() { # stop_one PIDFILE
  local pf="$1" pid dport i
  pid="$(read_pidfile "$pf" || true)"
  if [[ -z "$pid" ]] || ! dport="$(daemon_port "$pid")"; then
    log "not running (stale or empty pid file $pf removed)"
    rm -f -- "$pf"
    return 0
  fi
  local dhome_of=""
  dhome_of="$(tr '\0' '\n' < "/proc/$pid/cmdline" 2>/dev/null | sed -n 's|^-Duser\.home=\(.*\)/home$|\1|p' | head -1)" || true
  # setsid made the daemon a process-group leader: the group holds the daemon and its ranks.
  kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < 50; i++)); do
    pid_alive "$pid" || break
    sleep 0.1
  done
  kill -KILL -- "-$pid" 2>/dev/null || true
  if pid_alive "$pid"; then kill -KILL "$pid" 2>/dev/null || true; fi
  rm -f -- "$pf"
  # its directory: user.home=<dir>/home on its command line (set by start)
  if [[ -n "$dhome_of" && "$dhome_of" == */daemons/"$dport" ]]; then rm -rf -- "$dhome_of"; fi
  log "stopped daemon pid $pid (port $dport)"
}

# prune_stale_dirs: remove $MPJ_HOME/daemons/<port> directories (older than a minute) that no
# live daemon uses, e.g. left by a daemon that was killed with SIGKILL.
prune_stale_dirs() {
  local live=" " f d
  while read -r f; do
    d="$(tr '\0' '\n' < "$f" 2>/dev/null | sed -n 's|^-Duser\.home=\(.*\)/home$|\1|p' | head -1)" || true
    [[ -n "$d" ]] && live+="$d "
  done < <(grep -lsF -- "$MPJ_HOME/lib/daemon.jar" /proc/[0-9]*/cmdline 2>/dev/null || true)
  for d in "$MPJ_HOME"/daemons/*; do
    [[ -d "$d" && "$live" != *" $d "* ]] || continue
    [[ -n "$(find "$d" -maxdepth 0 -mmin +1 2>/dev/null)" ]] || continue
    rm -rf -- "$d"
  done
}

status_one() { # status_one PIDFILE -> 0 running / 3 not
  local pf="$1" pid dport
  pid="$(read_pidfile "$pf" || true)"
  if [[ -n "$pid" ]] && dport="$(daemon_port "$pid")"; then
    if is_listening "$dport"; then
      printf 'running pid %s port %s pidfile %s\n' "$pid" "$dport" "$pf"
    else
      printf 'starting pid %s port %s pidfile %s\n' "$pid" "$dport" "$pf"
    fi
    return 0
  fi
  printf 'not running pidfile %s\n' "$pf"
  return 3
}

case "$cmd" in
  start)
    if [[ -n "$pidfile" ]]; then
      pid="$(read_pidfile "$pidfile" || true)"
      if [[ -n "$pid" ]] && dport="$(daemon_port "$pid")"; then
        if [[ -z "$port" || "$port" == "$dport" ]]; then
          log "already running (pid $pid, port $dport)"
          printf '%s\n' "$dport"
          exit 0
        fi
        die "pid file $pidfile belongs to a running daemon on port $dport, not $port"
      fi
    fi
    if [[ -z "$port" ]]; then
      read -r port < <(free_ports 1)
    elif [[ -z "$pidfile" ]]; then
      pid="$(read_pidfile "$MPJ_HOME/daemon-$port.pid" || true)"
      if [[ -n "$pid" ]] && dport="$(daemon_port "$pid")" && [[ "$dport" == "$port" ]]; then
        log "already running (pid $pid, port $port)"
        printf '%s\n' "$port"
        exit 0
      fi
    fi
    pidfile="${pidfile:-$MPJ_HOME/daemon-$port.pid}"
    is_listening "$port" && die "port $port is already in use"
    read -r pm_port < <(free_ports 1 "$port")

    prune_stale_dirs
    dhome="$MPJ_HOME/daemons/$port"
    rm -rf -- "$dhome"
    mkdir -p "$dhome/conf" "$dhome/home" "$dhome/logs" "$(dirname "$pidfile")"
    ln -s "$MPJ_HOME/lib" "$dhome/lib"
    sed -e "s/^mpjexpress\.mpjdaemon\.port\.1=.*/mpjexpress.mpjdaemon.port.1=$port/" \
        -e "s/^mpjexpress\.mpjdaemon\.port\.2=.*/mpjexpress.mpjdaemon.port.2=$pm_port/" \
        "$MPJ_HOME/conf/mpjexpress.conf" > "$dhome/conf/mpjexpress.conf"

    # shellcheck disable=SC2206 # word splitting of the options is intended
    jopts=(${PHASOR_MPJ_DAEMON_OPTS:--Xmx128m -XX:+UseSerialGC})
    rm -f -- "$pidfile"
    # The inner bash writes its own PID (= the java PID after exec, even if setsid had to fork),
    # closes every inherited descriptor above 2 (so the daemon never holds a caller's pipe open,
    # e.g. the one of `port=$(mpj-daemon.sh start)`), then execs the daemon.
    # shellcheck disable=SC2016,SC2097,SC2098 # the daemon's MPJ_HOME is $dhome on purpose
    (
      cd "$dhome"
      MPJ_HOME="$dhome" exec setsid bash -c '
        pf="$1"; shift
        for fd in /proc/$$/fd/*; do
          fd="${fd##*/}"
          if [[ "$fd" =~ ^[0-9]+$ ]] && ((fd > 2)); then eval "exec $fd>&-" 2>/dev/null || true; fi
        done
        echo $$ > "$pf.tmp" && mv -f "$pf.tmp" "$pf"
        exec "$@"' mpj-daemon "$pidfile" \
        java "${jopts[@]}" "-Duser.home=$dhome/home" -jar "$MPJ_HOME/lib/daemon.jar" "$port" \
        </dev/null >>"$dhome/daemon.log" 2>&1
    ) &
    wait_s="${PHASOR_MPJ_DAEMON_WAIT:-30}"
    deadline=$((SECONDS + wait_s))
    pid=""
    while :; do
      [[ -z "$pid" ]] && pid="$(read_pidfile "$pidfile" || true)"
      if [[ -n "$pid" ]]; then
        if ! pid_alive "$pid"; then
          log "daemon exited during start-up; its log ($dhome/daemon.log):"
          sed 's/^/  /' "$dhome/daemon.log" >&2 || true
          rm -f -- "$pidfile"
          exit 1
        fi
        # Port manager first, then the daemon port: both up means ready.
        if is_listening "$pm_port" && is_listening "$port"; then
          break
        fi
      fi
      if ((SECONDS >= deadline)); then
        log "daemon did not listen on port $port within ${wait_s}s; stopping it"
        [[ -n "$pid" ]] && stop_one "$pidfile" >/dev/null 2>&1
        exit 1
      fi
      sleep 0.1
    done
    printf '%s\n' "$port"
    ;;

  stop)
    if [[ -n "$pidfile" ]]; then
      stop_one "$pidfile"
    elif [[ -n "$port" ]]; then
      stop_one "$MPJ_HOME/daemon-$port.pid"
    else
      shopt -s nullglob
      files=("$MPJ_HOME"/daemon-*.pid)
      ((${#files[@]})) || log "no daemon pid files under $MPJ_HOME"
      for f in "${files[@]}"; do stop_one "$f"; done
    fi
    ;;

  status)
    if [[ -n "$pidfile" ]]; then
      status_one "$pidfile"
    elif [[ -n "$port" ]]; then
      status_one "$MPJ_HOME/daemon-$port.pid"
    else
      shopt -s nullglob
      rc=3
      for f in "$MPJ_HOME"/daemon-*.pid; do
        status_one "$f" && rc=0
      done
      [[ $rc -eq 0 ]] || printf 'no daemon running (pid files under %s)\n' "$MPJ_HOME"
      exit "$rc"
    fi
    ;;

  *) usage; exit 64 ;;
esac
