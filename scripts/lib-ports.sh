#!/usr/bin/env bash
# Port helpers for scripts/slurm-local.sh (sourced, not run); the MPJ launchers take ports in Java (ServerSocket(0)).

# Without python3: random ports in 20000-32767 (below Linux's ephemeral range) that no TCP
# socket on this machine uses, as listed in /proc/net/tcp{,6}.
free_ports_bash() {
  local n="$1"; shift
  local used=" $* " h p out=() tries=0
  while read -r h; do
    [[ "$h" =~ ^[0-9A-Fa-f]+$ ]] && used+="$((16#$h)) "
  done < <(awk 'FNR > 1 { n = split($2, a, ":"); print a[n] }' /proc/net/tcp /proc/net/tcp6 2>/dev/null)
  while ((${#out[@]} < n && tries++ < 10000)); do
    p=$((20000 + RANDOM % 12768))
    [[ "$used" == *" $p "* ]] && continue
    used+="$p "
    out+=("$p")
  done
  ((${#out[@]} == n)) || return 1
  printf '%s\n' "${out[*]}"
}
