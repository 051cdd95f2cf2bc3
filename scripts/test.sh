#!/usr/bin/env bash
# The README's test command: sets up what a fresh machine lacks (MPJ Express, Chromium, tmux, Slurm from Debian), builds
# every module and runs every test, then scripts/test-outside.sh. Long suites (soak, fuzz, big loads) live behind `-Plong`.
#   scripts/test.sh            # the CI suite
#   scripts/test.sh -Plong     # plus the long suites
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
command -v java >/dev/null || { echo "test: Java 17 is needed (apt-get install -y openjdk-17-jdk-headless)" >&2; exit 1; }
command -v mvn >/dev/null || { echo "test: Maven is needed (apt-get install -y maven)" >&2; exit 1; }
MPJ_HOME="$(scripts/setup-mpj.sh --maven | tail -n 1)" # --maven: the MPJ jar phasor-cluster compiles against
export MPJ_HOME
# The HTML report is checked in headless Chromium, the progress bar in a tmux pane, DOT with graphviz,
# Mermaid with Mermaid itself (npm package) in Chromium. When they cannot be
# installed, their tests say so (and fail under CI=true).
if PHASOR_CHROMIUM="$(scripts/setup-chromium.sh | tail -n 1)"; then export PHASOR_CHROMIUM; fi
if PHASOR_MERMAID_JS="$(scripts/setup-mermaid.sh | tail -n 1)"; then export PHASOR_MERMAID_JS; fi
scripts/setup-test-tools.sh || true
# The one-node Slurm tests (phasor slurm, mpjrun.sh under salloc) skip, saying why, when this fails (not root).
scripts/setup-slurm.sh || true
# Cluster tests start MPJ ranks from the distribution jars (examples/target), which the reactor would
# package only after them: build it first (a no-op when the jars are newer than every source).
scripts/build.sh
mvn -B -ntp -Dstyle.color=never install "$@"
touch examples/target/lib/.phasor-built # bin/phasor need not rebuild what was just built
# A user's project outside the tree, from `phasor new`, built against what mvn install just installed and run
# from the unpacked distribution on local, MPJ multicore and Hazelcast (about 30 s of CPU).
scripts/test-outside.sh
