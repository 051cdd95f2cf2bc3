#!/usr/bin/env bash
# setup-mpj.sh - make MPJ Express 0.44 (Debian package libmpj-java) usable by Phasor.
#
# MPJ Express is not on Maven Central; Debian ships it, but its layout does not run as shipped:
# /usr/bin/mpjrun dies with NoClassDefFoundError (org/apache/log4j/Layout) because the starter
# resolves its manifest Class-Path (log4j-1.2.jar, runtimecommon.jar -> commons-codec.jar, ...)
# next to the jar's real path, where Debian has only the versioned *-0.44.jar files.
# This script
#   1. installs libmpj-java when it is missing (root only; apt-get update only when needed),
#   2. builds an MPJ_HOME (default ${PHASOR_MPJ_HOME:-$HOME/.cache/phasor/mpj}) whose lib/ holds
#      REAL COPIES of /usr/share/mpj/lib/*-0.44.jar renamed without "-0.44" plus copies of
#      /usr/share/java/{log4j-1.2,commons-cli,commons-io,commons-codec}.jar, and conf/ = /etc/mpj,
#   3. prints that MPJ_HOME on the LAST line of stdout: MPJ_HOME=$(scripts/setup-mpj.sh | tail -1),
#   4. with --maven: installs Debian's mpj.jar into the local Maven repository as
#      dev.phasor.thirdparty:mpj:0.44 (what phasor-cluster compiles against, in provided scope), unless
#      the same jar is there already (the repository is -Dmaven.repo.local in MAVEN_OPTS, else ~/.m2).
# Idempotent and quiet when already done (a stamp file records the sources it was built from);
# concurrent runs are serialised with flock. Everything but the final path goes to stderr.
# Needed by the starter: log4j-1.2.jar, runtimecommon.jar, commons-codec.jar (org.mortbay.jetty.jar
# in its manifest does not exist and is never loaded); the daemon also needs commons-io.jar;
# commons-cli.jar is only used by the YARN runtime but is copied anyway.
set -euo pipefail
# shellcheck source=scripts/lib-apt.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib-apt.sh" # apt_get: waits for the dpkg lock

readonly MPJ_VERSION=0.44
readonly PKG=libmpj-java
readonly SRC_LIB=/usr/share/mpj/lib
readonly SRC_CONF=/etc/mpj
readonly SRC_JAVA=/usr/share/java
readonly DEP_JARS=(log4j-1.2 commons-cli commons-io commons-codec)
readonly STAMP_FORMAT="phasor-setup-mpj 1"
readonly MAVEN_COORDS="dev.phasor.thirdparty:mpj:$MPJ_VERSION"

log() { printf 'setup-mpj: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

usage() {
  cat >&2 <<EOF
usage: scripts/setup-mpj.sh [--maven] [-h]
Installs $PKG if needed and prepares an MPJ_HOME; prints its path on the last line of stdout.
  --maven  also install MPJ's jar into the local Maven repository as $MAVEN_COORDS
env: PHASOR_MPJ_HOME  target directory (default \$HOME/.cache/phasor/mpj)
EOF
}

maven=""
case "${1:-}" in
  -h|--help) usage; exit 0 ;;
  --maven) maven=1 ;;
  "") ;;
  *) usage; exit 64 ;;
esac

home_dir="${HOME:-}"
if [[ -z "$home_dir" ]]; then
  home_dir="$(getent passwd "$(id -u)" | cut -d: -f6 || true)"
  [[ -n "$home_dir" ]] || die "HOME is not set; set PHASOR_MPJ_HOME"
fi
MPJ_HOME_DIR="${PHASOR_MPJ_HOME:-$home_dir/.cache/phasor/mpj}"
case "$MPJ_HOME_DIR" in
  /*) ;;
  *) MPJ_HOME_DIR="$PWD/$MPJ_HOME_DIR" ;;
esac
# MPJ puts this path into command lines, class paths and an XML ticket: keep it plain.
[[ "$MPJ_HOME_DIR" =~ ^[A-Za-z0-9_./+-]+$ ]] ||
  die "MPJ_HOME path '$MPJ_HOME_DIR' must match [A-Za-z0-9_./+-] (no spaces, no ':')"

# Source files the MPJ_HOME is built from ("dest-name<TAB>source-path").
sources() {
  local f base
  for f in "$SRC_LIB"/*-"$MPJ_VERSION".jar; do
    [[ -e "$f" ]] || continue
    base="${f##*/}"
    printf '%s\t%s\n' "${base%-"$MPJ_VERSION".jar}.jar" "$f"
  done
  for base in "${DEP_JARS[@]}"; do
    printf '%s\t%s\n' "$base.jar" "$SRC_JAVA/$base.jar"
  done
}

package_present() {
  local f
  for f in "$SRC_LIB/starter-$MPJ_VERSION.jar" "$SRC_LIB/daemon-$MPJ_VERSION.jar" \
           "$SRC_LIB/mpj-$MPJ_VERSION.jar" "$SRC_CONF/mpjexpress.conf"; do
    [[ -f "$f" ]] || return 1
  done
  for f in "${DEP_JARS[@]}"; do
    [[ -f "$SRC_JAVA/$f.jar" ]] || return 1
  done
}

install_package() {
  if [[ "$(id -u)" -ne 0 ]]; then
    log "MPJ Express $MPJ_VERSION ($PKG) is not installed and this user is not root."
    log "Ask an administrator to run:  apt-get update && apt-get install -y $PKG"
    log "(or run this script as root)."
    exit 1
  fi
  command -v apt-get >/dev/null 2>&1 || die "$PKG is missing and apt-get is not available"
  export DEBIAN_FRONTEND=noninteractive
  log "installing $PKG ..."
  # apt-get update only when the package lists do not know the package (fresh image) ...
  if ! apt-cache show "$PKG" >/dev/null 2>&1; then
    log "package lists do not know $PKG: running apt-get update"
    apt_get update -qq >&2 || die "apt-get update failed"
  fi
  # ... or when the lists are stale (the listed .deb is gone from the mirror).
  if ! apt_get install -y -qq --no-install-recommends "$PKG" >&2; then
    log "install failed; refreshing package lists and retrying once"
    apt_get update -qq >&2 || die "apt-get update failed"
    apt_get install -y -qq --no-install-recommends "$PKG" >&2 || die "apt-get install $PKG failed"
  fi
  package_present || die "$PKG installed but expected files are missing under $SRC_LIB / $SRC_CONF"
}

compute_stamp() {
  local name src
  printf '%s\n' "$STAMP_FORMAT"
  while IFS=$'\t' read -r name src; do
    printf '%s %s\n' "$name" "$(stat -L -c '%s %Y' "$src")"
  done < <(sources)
  for src in "$SRC_CONF"/*; do
    printf '%s %s\n' "conf/${src##*/}" "$(stat -L -c '%s %Y' "$src")"
  done
}

home_is_current() {
  [[ -f "$MPJ_HOME_DIR/.phasor-mpj-stamp" && -f "$MPJ_HOME_DIR/lib/starter.jar" ]] || return 1
  [[ "$(cat "$MPJ_HOME_DIR/.phasor-mpj-stamp")" == "$(compute_stamp)" ]]
}

build_home() {
  local tmp name src
  tmp="$(mktemp -d "$MPJ_HOME_DIR/.build.XXXXXX")"
  mkdir -p "$tmp/lib" "$tmp/conf"
  while IFS=$'\t' read -r name src; do
    # -L: dereference (log4j-1.2.jar is a symlink); the copy must be a real file because the
    # JDK resolves a jar's manifest Class-Path relative to where the jar really lives.
    cp -L -- "$src" "$tmp/lib/$name"
  done < <(sources)
  cp -L -- "$SRC_CONF"/* "$tmp/conf/"
  # Self-check: the starter must load log4j + runtimecommon from lib/ (prints usage, exits 0).
  if command -v java >/dev/null 2>&1; then
    local out
    if ! out="$(cd "$tmp" && MPJ_HOME="$tmp" java -jar "$tmp/lib/starter.jar" -h 2>&1)" ||
       [[ "$out" != *"MPJ Express version $MPJ_VERSION"* ]]; then
      rm -rf -- "$tmp"
      die "self-check of the new MPJ_HOME failed: $out"
    fi
  else
    log "warning: java not found on PATH; skipped the self-check"
  fi
  mkdir -p "$MPJ_HOME_DIR/logs"
  # Replace lib/ and conf/ (not the whole directory: daemon pid files live next to them).
  rm -rf -- "${MPJ_HOME_DIR:?}/lib" "${MPJ_HOME_DIR:?}/conf" "${MPJ_HOME_DIR:?}/.phasor-mpj-stamp"
  mv -- "$tmp/lib" "$MPJ_HOME_DIR/lib"
  mv -- "$tmp/conf" "$MPJ_HOME_DIR/conf"
  rm -rf -- "$tmp"
  compute_stamp > "$MPJ_HOME_DIR/.phasor-mpj-stamp.tmp"
  mv -- "$MPJ_HOME_DIR/.phasor-mpj-stamp.tmp" "$MPJ_HOME_DIR/.phasor-mpj-stamp"
  log "prepared MPJ_HOME at $MPJ_HOME_DIR"
}

# The local Maven repository this user's mvn installs into (MAVEN_OPTS may move it, as scripts/build.sh's
# callers do for parallel worktrees).
maven_repo() {
  local opt
  # shellcheck disable=SC2086 # MAVEN_OPTS holds several flags
  for opt in ${MAVEN_OPTS:-}; do
    [[ "$opt" == -Dmaven.repo.local=* ]] && { printf '%s\n' "${opt#-Dmaven.repo.local=}"; return; }
  done
  printf '%s\n' "$home_dir/.m2/repository"
}

# Installs mpj.jar under MAVEN_COORDS unless that repository holds the same bytes already.
install_into_maven() {
  local jar="$SRC_LIB/mpj-$MPJ_VERSION.jar" installed
  installed="$(maven_repo)/dev/phasor/thirdparty/mpj/$MPJ_VERSION/mpj-$MPJ_VERSION.jar"
  cmp -s "$jar" "$installed" && return 0
  command -v mvn >/dev/null 2>&1 || die "Maven (mvn) is needed to install $MAVEN_COORDS: apt-get install -y maven"
  log "installing $jar into the local Maven repository as $MAVEN_COORDS"
  local out
  out="$(mvn -B -ntp -Dstyle.color=never org.apache.maven.plugins:maven-install-plugin:3.1.3:install-file \
      -Dfile="$jar" -DgroupId=dev.phasor.thirdparty -DartifactId=mpj -Dversion="$MPJ_VERSION" -Dpackaging=jar 2>&1)" ||
    { printf '%s\n' "$out" >&2; die "mvn install:install-file of $MAVEN_COORDS failed"; }
}

# Fast path: nothing to do, print nothing but the path.
if package_present && home_is_current; then
  [[ -z "$maven" ]] || install_into_maven
  printf '%s\n' "$MPJ_HOME_DIR"
  exit 0
fi

mkdir -p "$MPJ_HOME_DIR"
exec 9>"$MPJ_HOME_DIR/.setup.lock"
flock -w 600 9 || die "timed out waiting for $MPJ_HOME_DIR/.setup.lock"
# A concurrent run may have finished the job while we waited for the lock.
package_present || install_package
home_is_current || build_home
exec 9>&-
[[ -z "$maven" ]] || install_into_maven
printf '%s\n' "$MPJ_HOME_DIR"
