package dev.phasor.api;

import dev.phasor.code.FunctionCode;
import dev.phasor.internal.Hashing;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Gives each step its {@link CodeIdentity} while a pipeline is built, and checks that each step's inputs
 * fit its function's declared argument types. Java step functions are read by {@link FunctionCode} (their
 * bytecode and captured values; see there what changes a digest); shell steps are identified by their
 * command text (their environment is hashed with the parameters).
 *
 * <p>One instance per build: the steps of a large pipeline mostly share a few functions (a non-capturing
 * lambda is one object), so they share one identity. Not thread-safe.
 */
final class CodeIdentities {

    private final FunctionCode code = new FunctionCode();
    private final Map<Object, CodeIdentity> identityByFunction = new IdentityHashMap<>();

    /** Identity of a shell command. */
    CodeIdentity ofCommand(String command) {
        return new CodeIdentity("bash -c " + command, Hashing.sha256Hex("shell;" + command));
    }

    /** Identity of a Java step function. */
    CodeIdentity ofFunction(Object fn) {
        // the same object has the same code and captured values: the same identity
        return identityByFunction.computeIfAbsent(fn, f -> new CodeIdentity(code.description(f), code.digest(f)));
    }

    /**
     * Checks, for every Java step whose function declares argument types, that each input's producer
     * declares a result type assignable to the argument, and that the argument count fits.
     *
     * @throws PipelineDefinitionException naming the step, the input and both types
     */
    void checkInputTypes(List<StepDefinition> steps) {
        Map<String, Class<?>> resultTypes = new HashMap<>();
        for (StepDefinition s : steps) {
            resultTypes.put(s.name(), s.kind() == StepKind.SHELL ? ShellResult.class
                    : s.body() instanceof StepBody.JavaFunction fn ? code.resultType(fn.function()) : null);
        }
        for (StepDefinition s : steps) {
            if (s.body() instanceof StepBody.JavaFunction fn) {
                checkStep(s, fn, resultTypes);
            }
        }
    }

    private void checkStep(StepDefinition s, StepBody.JavaFunction fn, Map<String, Class<?>> resultTypes) {
        Class<?>[] args = code.argumentTypes(fn.function());
        if (args == null) {
            return;
        }
        int offset = fn.takesParams() ? 1 : 0;
        int expected = offset + (fn.fanIn() ? 1 : s.inputs().size());
        if (args.length != expected) {
            throw new PipelineDefinitionException("step '" + s.name() + "' has " + (expected - offset)
                    + " input(s) but its function takes " + (args.length - offset));
        }
        if (fn.fanIn()) {
            return; // List<A>: element types are erased
        }
        for (int i = 0; i < s.inputs().size(); i++) {
            Class<?> wanted = args[offset + i];
            Class<?> produced = resultTypes.get(s.inputs().get(i));
            if (wanted != Object.class && produced != null && produced != Object.class
                    && !wanted.isAssignableFrom(produced)) {
                throw new PipelineDefinitionException("step '" + s.name() + "' input " + (i + 1) + " ('"
                        + s.inputs().get(i) + "') produces " + produced.getName() + " but the function of '"
                        + s.name() + "' takes " + wanted.getName());
            }
        }
    }
}
