package dev.phasor.api;

import java.io.Serializable;

/**
 * Body of a step with one argument: one upstream result, or the step's {@link Params}.
 *
 * @param <A> the argument type
 * @param <T> the step's result type
 */
@FunctionalInterface
public interface StepFn1<A, T> extends Serializable {
    /** Computes the result; any exception fails the step (status 1). */
    T apply(A a) throws Exception;
}
