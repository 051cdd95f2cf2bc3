#!/usr/bin/env bash
# scripts/calibrate-model.sh [phasor bench model options]: re-measures the scaling model's per-step costs on
# this machine (`phasor bench model --calibrate`: local, MPJ multicore and Hazelcast runs, a few minutes),
# writes docs/benchmarks/model/{calibration.properties,validation.csv,model.csv,knee.csv,model-*.png}, and copies the
# calibration into the bench jar's resources (the default of `phasor bench model`). Then update the figures
# quoted in docs/scaling.md from those files. Run it on a quiet machine; caches go to /dev/shm.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="$here/docs/benchmarks/model"
"$here/bin/phasor" bench model --calibrate --work /dev/shm --out "$out" --threads 8 "$@"
cp "$out/calibration.properties" "$here/bench/src/main/resources/dev/phasor/bench/model/calibration.properties"
echo "calibration copied to bench/src/main/resources/dev/phasor/bench/model/calibration.properties"
