package dev.phasor.api;

import java.io.Serializable;

/**
 * Body of a step without inputs. Serializable only so that Phasor can read which method implements it
 * (for the step's code identity); the function itself never travels between JVMs.
 *
 * @param <T> the step's result type
 */
@FunctionalInterface
public interface StepFn0<T> extends Serializable {
    /** Computes the result; any exception fails the step (status 1). */
    T apply() throws Exception;
}
