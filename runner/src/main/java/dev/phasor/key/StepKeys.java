package dev.phasor.key;

import dev.phasor.api.Phase;
import dev.phasor.api.Pipeline;
import dev.phasor.api.StepDefinition;
import dev.phasor.api.StepKind;
import dev.phasor.internal.Json;
import dev.phasor.internal.NameMap;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Computes step keys, Merkle style: a step's key covers its name, kind, code identity, version,
 * parameters (and a shell step's environment) and the keys of its upstream steps in order. Attributes
 * ({@code cpu}, {@code mem}...) are not in it: they say how a step runs, not what it computes. So a
 * changed parameter, body or topology changes the key of the step and of everything downstream.
 *
 * <p>Golden-tested: changing what goes in, or how, is a deliberate change of {@link #FORMAT}.
 */
public final class StepKeys {

    /** Bumped whenever the key function changes, so old keys never collide with new ones. */
    public static final String FORMAT = "phasor-step-key/1";

    private StepKeys() {
    }

    /** Keys of all steps of {@code pipeline}, in plan order (phase by phase). */
    public static Map<String, String> compute(Pipeline pipeline) {
        Map<String, String> keys = new NameMap<>(pipeline.plan().stepCount());
        for (Phase phase : pipeline.plan()) {
            for (StepDefinition s : phase.steps()) {
                keys.put(s.name(), components(pipeline.name(), s, keys).digest());
            }
        }
        return Collections.unmodifiableMap(keys);
    }

    /** The components of {@code step}'s key, given the keys of its upstream steps. */
    public static KeyComponents components(String pipeline, StepDefinition step, Map<String, String> upstreamKeys) {
        return components(pipeline, step.name(), step.kind().label(), step.code().description() + "@"
                + step.code().digest(), step.version(), step.params().asMap(),
                step.kind() == StepKind.SHELL ? step.env() : null, step.inputs(), step.after(), step.afterFinished(),
                upstreamKeys);
    }

    /**
     * The components of a step's key from its parts, as a schema file records them ({@code phasor explain}
     * rebuilds a cached step's key this way).
     *
     * @param code {@code description@digest}
     * @param env a shell step's environment, null for a Java step
     * @param afterFinished order-only upstream steps whatever their outcome (empty for most steps)
     */
    public static KeyComponents components(String pipeline, String step, String kind, String code, String version,
            Map<String, Object> params, Map<String, String> env, List<String> inputs, List<String> after,
            List<String> afterFinished, Map<String, String> upstreamKeys) {
        KeyComponents.Builder b = KeyComponents.builder()
                .add("format", FORMAT)
                .add("pipeline", pipeline)
                .add("step", step)
                .add("kind", kind)
                .add("code", code)
                .add("version", version)
                .add("params", Json.canonical(params));
        if (env != null) {
            b.add("env", Json.canonical(new HashMap<>(env)));
        }
        for (String input : inputs) {
            b.add("input", input + ":" + upstreamKeys.get(input));
        }
        for (String a : after) {
            b.add("after", a + ":" + upstreamKeys.get(a));
        }
        for (String f : afterFinished) { // absent for most steps, so their keys are unchanged
            b.add("after-finished", f + ":" + upstreamKeys.get(f));
        }
        return b.build();
    }
}
