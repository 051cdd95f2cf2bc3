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
 * @param policy retries, backoff and timeout (the step's own settings over the pipeline's defaults); not
 *     part of the key
 */
public record StepDefinition(String name, StepKind kind, Params params, List<String> inputs, List<String> after,
        String version, Map<String, String> env, StepBody body, CodeIdentity code, StepPolicy policy) {

    public StepDefinition {
        policy = policy == null ? StepPolicy.none() : policy;
    }

    /** A step with no retries and no timeout. */
    public StepDefinition(String name, StepKind kind, Params params, List<String> inputs, List<String> after,
            String version, Map<String, String> env, StepBody body, CodeIdentity code) {
        this(name, kind, params, inputs, after, version, env, body, code, StepPolicy.none());
    }

    /** All upstream step names: inputs first, then order-only dependencies. */
    public List<String> upstream() {
        if (after.isEmpty()) {
            return inputs;
        }
        List<String> all = new ArrayList<>(inputs);
        for (String a : after) {
            if (!all.contains(a)) {
                all.add(a);
            }
        }
        return all;
    }
}
