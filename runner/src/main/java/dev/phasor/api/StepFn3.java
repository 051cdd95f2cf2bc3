package dev.phasor.api;

import java.io.Serializable;

/**
 * Body of a step with three arguments (upstream results, or {@link Params} then two upstream results).
 *
 * @param <A> the first argument type
 * @param <B> the second argument type
 * @param <C> the third argument type
 * @param <T> the step's result type
 */
@FunctionalInterface
public interface StepFn3<A, B, C, T> extends Serializable {
    /** Computes the result; any exception fails the step (status 1). */
    T apply(A a, B b, C c) throws Exception;
}
