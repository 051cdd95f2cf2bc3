package dev.phasor.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A built, immutable step: what the planner, the key function, the schema and the executors read.
 *
 * @param name unique name in the pipeline
 * @param kind Java function or shell command
 * @param params explicit parameters (plain data)
 * @param inputs upstream steps whose results are the function's inputs, in order
 * @param after upstream steps that must be done first, without passing their results
 * @param version the user's version string, empty by default
 * @param env environment for a shell step: the pipeline's defaults overridden by the step's own
 * @param body how to run it
 * @param code where the body comes from and a digest of its code
 * @param afterFinished upstream steps that must have finished first (done, failed or skipped: whatever
 *     their outcome), without passing their results; a failure there does not skip this step
 * @param attributes resources and free attributes ({@code cpu}, {@code mem}, {@code image}...): plain data,
 *     recorded in the schema, not part of the key; the local backend reads {@code cpu} as a slot count
 * @param policy retries, backoff and timeout (the step's own settings over the pipeline's defaults); not
 *     part of the key
 */
public record StepDefinition(String name, StepKind kind, Params params, List<String> inputs, List<String> after,
        String version, Map<String, String> env, StepBody body, CodeIdentity code, List<String> afterFinished,
        Map<String, Object> attributes, StepPolicy policy) {

    public StepDefinition {
        afterFinished = afterFinished == null ? List.of() : afterFinished;
        attributes = attributes == null ? Map.of() : attributes;
        policy = policy == null ? StepPolicy.none() : policy;
    }

    /** A step without order-regardless-of-failure dependencies, attributes, retries or timeout. */
    public StepDefinition(String name, StepKind kind, Params params, List<String> inputs, List<String> after,
            String version, Map<String, String> env, StepBody body, CodeIdentity code) {
        this(name, kind, params, inputs, after, version, env, body, code, List.of(), Map.of(), StepPolicy.none());
    }

    /** All upstream step names, for planning: inputs first, then order-only dependencies of both kinds. */
    public List<String> upstream() {
        if (after.isEmpty() && afterFinished.isEmpty()) {
            return inputs;
        }
        return union(union(new ArrayList<>(inputs), after), afterFinished);
    }

    /**
     * The upstream steps that must be done for this step to run: inputs and {@link #after()}. When one of
     * them failed or was skipped, this step is skipped; {@link #afterFinished()} steps only order it.
     */
    public List<String> requiredUpstream() {
        if (after.isEmpty()) {
            return inputs;
        }
        return union(new ArrayList<>(inputs), after);
    }

    /** The {@code cpu} attribute as a whole number of slots (at least 1); 1 when not set. */
    public int cpuSlots() {
        Object cpu = attributes.get("cpu");
        return cpu instanceof Number n ? Math.max(1, (int) Math.ceil(n.doubleValue())) : 1;
    }

    private static List<String> union(List<String> all, List<String> more) {
        for (String a : more) {
            if (!all.contains(a)) {
                all.add(a);
            }
        }
        return all;
    }
}
