package dev.phasor.api;

import java.util.ArrayList;
import java.util.List;

/**
 * Where an {@link Expander} declares generated steps. Each generated step runs after its generator (a
 * required edge: a failed generator has no expansion at all), so it is planned into a later phase. Its
 * name must be unique in the whole pipeline; its key covers its own definition and its generator's key.
 */
public final class Expansion {

    private final PipelineBuilder builder;
    private final String generator;
    private final List<String> declared = new ArrayList<>();

    Expansion(PipelineBuilder builder, String generator) {
        this.builder = builder;
        this.generator = generator;
    }

    /** The generator whose result is being expanded. */
    public String generator() {
        return generator;
    }

    /** A generated shell step (see {@link PipelineBuilder#shell}). */
    public Step<ShellResult> shell(String name, String command, Step<?>... inputs) {
        return track(builder.shell(name, command, inputs));
    }

    /** A generated Java step without inputs. */
    public <T> Step<T> step(String name, StepFn0<T> fn) {
        return track(builder.step(name, fn));
    }

    /** A generated Java step of its parameters. */
    public <T> Step<T> step(String name, Params params, StepFn1<Params, T> fn) {
        return track(builder.step(name, params, fn));
    }

    /** A generated Java step of its parameters and one input (a static step, the generator, or a generated step). */
    public <A, T> Step<T> step(String name, Params params, Step<A> input, StepFn2<Params, A, T> fn) {
        return track(builder.step(name, params, input, fn));
    }

    /** A generated fan-in step of the results of {@code inputs} (see {@link PipelineBuilder#stepAll}). */
    public <A, T> Step<T> stepAll(String name, List<? extends Step<? extends A>> inputs, StepFn1<List<A>, T> fn) {
        return track(builder.stepAll(name, inputs, fn));
    }

    /** A generated fan-in step of its parameters and the results of {@code inputs}. */
    public <A, T> Step<T> stepAll(String name, Params params, List<? extends Step<? extends A>> inputs,
            StepFn2<Params, List<A>, T> fn) {
        return track(builder.stepAll(name, params, inputs, fn));
    }

    List<String> declared() {
        return declared;
    }

    private <T> Step<T> track(Step<T> step) {
        step.after(generator);
        declared.add(step.name());
        return step;
    }
}
