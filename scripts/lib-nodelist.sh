#!/usr/bin/env bash
# Slurm node lists (sourced, not run; used by the MPJ launcher): SLURM_JOB_NODELIST's compressed form
# (node[01-03,07],gpu5,rack[1-2]-n[1-2]) expanded to one host per line.

# slurm_hostnames LIST: Slurm's own expansion (scontrol show hostnames) when scontrol is there
# (and PHASOR_SLURM_NO_SCONTROL is not 1), else nodelist_expand. Returns 1 on a malformed list.
slurm_hostnames() {
  if [[ "${PHASOR_SLURM_NO_SCONTROL:-0}" != 1 ]] && command -v scontrol >/dev/null 2>&1; then
    scontrol show hostnames "$1" && return 0
  fi
  nodelist_expand "$1"
}

# nodelist_expand LIST: the same without Slurm: top-level commas separate items, each bracket group
# holds numbers and lo-hi ranges (lo's zero padding is kept: [08-10] gives 08 09 10). At most
# 100000 hosts. Prints "nodelist: ..." on stderr and returns 1 for anything else.
nodelist_expand() {
  local list="$1" cur="" depth=0 i c count=0
  [[ -n "$list" ]] || { echo "nodelist: empty node list" >&2; return 1; }
  NODELIST_COUNT=0
  for ((i = 0; i < ${#list}; i++)); do
    c="${list:i:1}"
    case "$c" in
      '[') depth=$((depth + 1)); ((depth == 1)) || { echo "nodelist: nested '[' in '$list'" >&2; return 1; }; cur+="$c" ;;
      ']') depth=$((depth - 1)); ((depth == 0)) || { echo "nodelist: unbalanced ']' in '$list'" >&2; return 1; }; cur+="$c" ;;
      ',')
        if ((depth == 0)); then
          _nodelist_item "$cur" "$list" || return 1
          cur=""
        else
          cur+="$c"
        fi ;;
      [[:space:]]) echo "nodelist: white space in '$list'" >&2; return 1 ;;
      *) cur+="$c" ;;
    esac
  done
  ((depth == 0)) || { echo "nodelist: unclosed '[' in '$list'" >&2; return 1; }
  _nodelist_item "$cur" "$list"
}

# _nodelist_item ITEM LIST: expands the first bracket group of ITEM, then the rest recursively.
_nodelist_item() {
  local s="$1" list="$2"
  [[ -n "$s" ]] || { echo "nodelist: empty host name in '$list'" >&2; return 1; }
  if [[ "$s" != *\[* ]]; then
    [[ "$s" =~ ^[A-Za-z0-9._-]+$ ]] || { echo "nodelist: bad host name '$s' in '$list'" >&2; return 1; }
    NODELIST_COUNT=$((NODELIST_COUNT + 1))
    ((NODELIST_COUNT <= 100000)) || { echo "nodelist: more than 100000 hosts in '$list'" >&2; return 1; }
    printf '%s\n' "$s"
    return 0
  fi
  local pre="${s%%\[*}" rest="${s#*\[}"
  local body="${rest%%\]*}" post="${rest#*\]}"
  local parts=() p lo hi n num
  [[ -n "$body" ]] || { echo "nodelist: empty brackets in '$list'" >&2; return 1; }
  IFS=, read -r -a parts <<<"$body"
  for p in "${parts[@]}"; do
    if [[ "$p" =~ ^([0-9]{1,9})-([0-9]{1,9})$ ]]; then
      lo="${BASH_REMATCH[1]}" hi="${BASH_REMATCH[2]}"
      ((10#$lo <= 10#$hi)) || { echo "nodelist: range '$p' goes down in '$list'" >&2; return 1; }
      ((10#$hi - 10#$lo < 100000)) || { echo "nodelist: more than 100000 hosts in '$list'" >&2; return 1; }
      for ((n = 10#$lo; n <= 10#$hi; n++)); do
        printf -v num '%0*d' "${#lo}" "$n"
        _nodelist_item "$pre$num$post" "$list" || return 1
      done
    elif [[ "$p" =~ ^[0-9]{1,9}$ ]]; then
      _nodelist_item "$pre$p$post" "$list" || return 1
    else
      echo "nodelist: '$p' in '[$body]' is not a number or a lo-hi range ('$list')" >&2
      return 1
    fi
  done
}
