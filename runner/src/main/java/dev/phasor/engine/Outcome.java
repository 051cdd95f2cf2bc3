package dev.phasor.engine;

/** How a step settled, as the engine decided it. */
public sealed interface Outcome {

    /** The state the step settled in. */
    StepState state();

    /** Ran and succeeded. */
    record Ran() implements Outcome {
        public StepState state() {
            return StepState.DONE;
        }
    }

    /** Its valid cached result is reused: it did not run. */
    record Cached() implements Outcome {
        public StepState state() {
            return StepState.DONE;
        }
    }

    /** Its last attempt failed; {@code reason} is the engine's when no worker reported the failure (a lost worker). */
    record Failed(String reason) implements Outcome {
        public StepState state() {
            return StepState.FAILED;
        }
    }

    /** Not run because {@code blamed} failed; {@code reason} names the path. */
    record Skipped(String reason, String blamed) implements Outcome {
        public StepState state() {
            return StepState.SKIPPED;
        }
    }

    /** Left pending on purpose; {@code reason} says why. */
    record Held(String reason) implements Outcome {
        public StepState state() {
            return StepState.HELD;
        }
    }
}
