#!/usr/bin/env bash
# Sourced by scripts/build.sh: build_progress turns Maven's output on stdin into a few progress lines on
# stderr, so a first build that takes minutes does not look stuck: one line per module as Maven starts it
# (with the seconds since the build began), and a count of files downloaded every 100 on a cold repository.

build_progress() {
  awk -v start="$(date +%s)" '
    /^\[INFO\] Building .*\[[0-9]+\/[0-9]+\]$/ {
      sub(/^\[INFO\] Building /, ""); gsub(/  +/, " ")
      printf "phasor:   %s (%ds)\n", $0, systime() - start > "/dev/stderr"; fflush("/dev/stderr") }
    /^\[INFO\] Downloaded from / && ++n % 100 == 0 {
      printf "phasor:     %d files downloaded\n", n > "/dev/stderr"; fflush("/dev/stderr") }'
}
