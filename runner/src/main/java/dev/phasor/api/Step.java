package dev.phasor.api;

import java.util.Map;

/**
 * Handle to a declared step, used to wire it as another step's input and to read its result back.
 *
 * <p>The fluent setters ({@link #version}, {@link #env}, {@link #after}, {@link #retries}, {@link #timeout}...)
 * refine the declaration until
 * the pipeline is built; after {@link PipelineBuilder#build()} they throw {@link IllegalStateException}.
 *
 * @param <T> the type of the step's result
 */
public final class Step<T> {

    private final PipelineBuilder owner;
    private final StepDraft draft;

    Step(PipelineBuilder owner, StepDraft draft) {
        this.owner = owner;
        this.draft = draft;
    }

    /** The step's unique name in its pipeline; also the stem of its files in the cache directory. */
    public String name() {
        return draft.name;
    }

    /**
     * Sets the step's version. Phasor detects changes to the step's own code (the bytecode of its
     * function and of the methods of the same class it calls); bump the version when a result should
     * change for any other reason (a library upgrade, a data file read by path...).
     */
    public Step<T> version(String version) {
        owner.requireOpen();
        draft.version = java.util.Objects.requireNonNull(version, "version");
        return this;
    }

    /** Sets an environment variable for this shell step, overriding the pipeline's default. */
    public Step<T> env(String name, String value) {
        owner.requireOpen();
        if (draft.kind != StepKind.SHELL) {
            throw new IllegalStateException("step '" + draft.name + "' is a Java step; env(...) applies to shell steps");
        }
        draft.env.put(PipelineBuilder.requireEnvName(name), java.util.Objects.requireNonNull(value, "value"));
        return this;
    }

    /** Sets several environment variables for this shell step. */
    public Step<T> env(Map<String, String> vars) {
        vars.forEach(this::env);
        return this;
    }

    /** Runs this step only after {@code steps} are done, without receiving their results. */
    public Step<T> after(Step<?>... steps) {
        owner.requireOpen();
        for (Step<?> s : steps) {
            draft.after.add(owner.ownName(s, draft.name));
        }
        return this;
    }

    /** Runs this step only after the steps named {@code names} are done (checked when the pipeline is built). */
    public Step<T> after(String... names) {
        owner.requireOpen();
        draft.after.addAll(java.util.List.of(names));
        return this;
    }

    /**
     * Runs this step only after {@code steps} have finished, whatever their outcome (done, failed or
     * skipped), without receiving their results: a failure there does not skip this step. This is the
     * edge of a Conducto {@code Serial(stop_on_error=False)}.
     */
    public Step<T> afterFinished(Step<?>... steps) {
        owner.requireOpen();
        for (Step<?> s : steps) {
            draft.afterFinished.add(owner.ownName(s, draft.name));
        }
        return this;
    }

    /** Like {@link #afterFinished(Step...)}, by name (checked when the pipeline is built). */
    public Step<T> afterFinished(String... names) {
        owner.requireOpen();
        draft.afterFinished.addAll(java.util.List.of(names));
        return this;
    }

    /**
     * Retries this step up to {@code n} times after a failed attempt (a timeout counts as a failure), so
     * it runs at most n + 1 times. Not part of the step key.
     */
    public Step<T> retries(int n) {
        owner.requireOpen();
        draft.policy = named(() -> draft.policy.retries(n));
        return this;
    }

    /** Waits {@code delay} before the first retry, twice as long before each further one (up to 10 min). */
    public Step<T> backoff(java.time.Duration delay) {
        owner.requireOpen();
        draft.policy = named(() -> draft.policy.backoff(delay));
        return this;
    }

    /**
     * Sets a free attribute of the step ({@code image}, {@code gpu}...): plain data recorded in the schema,
     * not part of the step key (it says how the step runs, not what it computes).
     */
    public Step<T> attribute(String name, Object value) {
        owner.requireOpen();
        owner.checkAttribute(draft.name, name, value);
        draft.attributes.put(name, value);
        return this;
    }

    /** CPUs the step needs: the local backend runs it on that many of its {@code --threads} slots (rounded up). */
    public Step<T> cpu(double cpus) {
        if (!(cpus > 0)) {
            throw new IllegalArgumentException("cpu of step '" + draft.name + "' must be positive, got " + cpus);
        }
        return attribute("cpu", cpus);
    }

    /** Memory the step needs, in GB: recorded, informational (no backend enforces it). */
    public Step<T> mem(double gigabytes) {
        if (!(gigabytes > 0)) {
            throw new IllegalArgumentException("mem of step '" + draft.name + "' must be positive, got " + gigabytes);
        }
        return attribute("mem", gigabytes);
    }

    /**
     * Fails an attempt that runs longer than {@code limit} and stops it: a shell step's whole process
     * tree is killed, a Java step's thread is interrupted (and abandoned if it ignores the interrupt).
     * Enforced by the worker that runs it, on every backend. Not part of the step key.
     */
    public Step<T> timeout(java.time.Duration limit) {
        owner.requireOpen();
        draft.policy = named(() -> draft.policy.timeout(limit));
        return this;
    }

    /**
     * Runs this step on every run even when its result is cached, and so everything downstream of it
     * (pyperunner's {@code reload=True}; from the command line, {@code --rerun NAME} does the same once).
     * Not part of the step key.
     */
    public Step<T> reload() {
        owner.requireOpen();
        draft.policy = draft.policy.reload(true);
        return this;
    }

    /** A policy change whose refusal names this step (StepPolicy alone cannot). */
    private StepPolicy named(java.util.function.Supplier<StepPolicy> change) {
        try {
            return change.get();
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new PipelineDefinitionException("step '" + draft.name + "': " + e.getMessage());
        }
    }

    /** Sets retries, backoff and timeout at once (its unset fields keep the step's current settings). */
    public Step<T> policy(StepPolicy policy) {
        owner.requireOpen();
        draft.policy = policy.orElse(draft.policy);
        return this;
    }

    PipelineBuilder owner() {
        return owner;
    }

    @Override
    public String toString() {
        return "Step[" + draft.name + "]";
    }
}
