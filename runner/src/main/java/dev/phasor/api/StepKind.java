package dev.phasor.api;

/** What a step's body is. */
public enum StepKind {
    /** A Java function. */
    JAVA,
    /** A shell command run with {@code bash -c}; its exit code decides success. */
    SHELL;

    /** Lower-case name used in files. */
    public String label() {
        return this == JAVA ? "java" : "shell"; // constants: a schema entry per step must not copy the label
    }
}
