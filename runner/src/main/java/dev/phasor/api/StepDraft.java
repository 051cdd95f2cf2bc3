package dev.phasor.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Mutable declaration of a step while its pipeline is being built. Package-private. */
final class StepDraft {
    final String name;
    final StepKind kind;
    final Object function;          // a StepFnN for Java steps, null for shell steps
    final String command;           // null for Java steps
    final boolean takesParams;
    final boolean fanIn;
    final Params params;
    final List<String> inputs;
    final List<String> after = new ArrayList<>();
    final List<String> afterFinished = new ArrayList<>();
    final Map<String, Object> attributes = new LinkedHashMap<>();
    final Map<String, String> env = new LinkedHashMap<>();
    String version = "";
    StepPolicy policy = StepPolicy.none();

    StepDraft(String name, StepKind kind, Object function, String command, boolean takesParams, boolean fanIn,
            Params params, List<String> inputs) {
        this.name = name;
        this.kind = kind;
        this.function = function;
        this.command = command;
        this.takesParams = takesParams;
        this.fanIn = fanIn;
        this.params = params;
        this.inputs = List.copyOf(inputs);
    }
}
