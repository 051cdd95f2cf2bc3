package dev.phasor.api;

import java.util.ArrayList;
import java.util.List;

/** How a step runs: a Java function or a shell command. */
public sealed interface StepBody {

    /**
     * A Java function of one of the {@code StepFnN} types.
     *
     * @param function the function object
     * @param takesParams true if the function's first argument is the step's {@link Params}
     * @param fanIn true if the inputs arrive as one {@code List}
     */
    record JavaFunction(Object function, boolean takesParams, boolean fanIn) implements StepBody {

        /** Calls the function with the step's parameters and inputs, in declaration order. */
        @SuppressWarnings({"unchecked", "rawtypes"})
        public Object invoke(Params params, List<Object> inputs) throws Exception {
            List<Object> args = new ArrayList<>(inputs.size() + 1);
            if (takesParams) {
                args.add(params);
            }
            if (fanIn) {
                args.add(java.util.Collections.unmodifiableList(new ArrayList<>(inputs)));
            } else {
                args.addAll(inputs);
            }
            return switch (args.size()) {
                case 0 -> ((StepFn0) function).apply();
                case 1 -> ((StepFn1) function).apply(args.get(0));
                case 2 -> ((StepFn2) function).apply(args.get(0), args.get(1));
                case 3 -> ((StepFn3) function).apply(args.get(0), args.get(1), args.get(2));
                default -> throw new IllegalStateException("no step function takes " + args.size() + " arguments");
            };
        }
    }

    /**
     * A command run with {@code bash -c}.
     *
     * @param command the command line
     */
    record ShellCommand(String command) implements StepBody {
    }
}
