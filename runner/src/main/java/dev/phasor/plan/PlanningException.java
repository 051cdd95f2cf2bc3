package dev.phasor.plan;

/**
 * The steps cannot be layered: a duplicate name, an unknown upstream step, or a cycle. The message names
 * the step (or prints the cycle); the API passes it on to the user as a definition error.
 */
public class PlanningException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public PlanningException(String message) {
        super(message);
    }
}
