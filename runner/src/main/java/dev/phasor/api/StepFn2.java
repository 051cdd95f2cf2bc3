package dev.phasor.api;

import java.io.Serializable;

/**
 * Body of a step with two arguments (upstream results, or {@link Params} then one upstream result).
 *
 * @param <A> the first argument type
 * @param <B> the second argument type
 * @param <T> the step's result type
 */
@FunctionalInterface
public interface StepFn2<A, B, T> extends Serializable {
    /** Computes the result; any exception fails the step (status 1). */
    T apply(A a, B b) throws Exception;
}
