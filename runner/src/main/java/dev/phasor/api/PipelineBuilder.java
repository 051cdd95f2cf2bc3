package dev.phasor.api;

import dev.phasor.internal.PlainData;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Declares the steps of one pipeline; {@link #build()} validates and freezes it.
 *
 * <pre>{@code
 * PipelineBuilder p = Pipeline.builder("simple");
 * Step<Integer> alpha = p.step("alpha", Params.of("x", 3), ps -> ps.getInt("x") * ps.getInt("x"));
 * Step<Integer> beta  = p.step("beta",  Params.of("x", 2), Simple::cube);
 * Step<Double>  gamma = p.step("gamma", alpha, beta, (a, b) -> a / (double) b);
 * Pipeline pipeline = p.build();
 * }</pre>
 *
 * <p>Names are mandatory and unique: they name the step's files in the cache. To use one function
 * for several steps, declare it under several names (aliases). Misuse of the builder throws
 * {@link IllegalStateException}; an invalid pipeline throws {@link PipelineDefinitionException}.
 * Not thread-safe.
 */
public final class PipelineBuilder {

    /** Names become file names: letters, digits, '_', '.', '-'; no leading dot. */
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final String name;
    private final Map<String, StepDraft> drafts = new LinkedHashMap<>();
    private final Map<String, String> env = new LinkedHashMap<>();
    private final List<Class<?>> types = new ArrayList<>();
    private StepPolicy defaults = StepPolicy.none();
    private final List<Dynamics.ExpansionDecl> expansions = new ArrayList<>();
    private final List<Dynamics.FanInDecl> fanIns = new ArrayList<>();
    /** For a pipeline rebuilt with generated steps: the builder of its static part, whose handles are accepted. */
    private PipelineBuilder origin;
    private boolean built;

    PipelineBuilder(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new PipelineDefinitionException("invalid pipeline name '" + name
                    + "': use letters, digits, '_', '.' or '-' (it names a directory)");
        }
        this.name = name;
    }

    /** Declares a step without inputs or parameters. */
    public <T> Step<T> step(String name, StepFn0<T> fn) {
        return java(name, fn, false, false, Params.none(), List.of());
    }

    /** Declares a step whose function receives the result of {@code a}. */
    public <A, T> Step<T> step(String name, Step<A> a, StepFn1<A, T> fn) {
        return java(name, fn, false, false, Params.none(), List.of(a));
    }

    /** Declares a step whose function receives the results of {@code a} and {@code b}. */
    public <A, B, T> Step<T> step(String name, Step<A> a, Step<B> b, StepFn2<A, B, T> fn) {
        return java(name, fn, false, false, Params.none(), List.of(a, b));
    }

    /** Declares a step whose function receives the results of {@code a}, {@code b} and {@code c}. */
    public <A, B, C, T> Step<T> step(String name, Step<A> a, Step<B> b, Step<C> c, StepFn3<A, B, C, T> fn) {
        return java(name, fn, false, false, Params.none(), List.of(a, b, c));
    }

    /** Declares a step whose function receives its parameters. */
    public <T> Step<T> step(String name, Params params, StepFn1<Params, T> fn) {
        return java(name, fn, true, false, params, List.of());
    }

    /** Declares a step whose function receives its parameters and the result of {@code a}. */
    public <A, T> Step<T> step(String name, Params params, Step<A> a, StepFn2<Params, A, T> fn) {
        return java(name, fn, true, false, params, List.of(a));
    }

    /** Declares a step whose function receives its parameters and the results of {@code a} and {@code b}. */
    public <A, B, T> Step<T> step(String name, Params params, Step<A> a, Step<B> b, StepFn3<Params, A, B, T> fn) {
        return java(name, fn, true, false, params, List.of(a, b));
    }

    /** Declares a fan-in step whose function receives the results of all {@code inputs} as one list, in order. */
    public <A, T> Step<T> stepAll(String name, List<? extends Step<? extends A>> inputs, StepFn1<List<A>, T> fn) {
        return java(name, fn, false, true, Params.none(), inputs);
    }

    /** Declares a fan-in step whose function receives its parameters and the results of all {@code inputs}. */
    public <A, T> Step<T> stepAll(String name, Params params, List<? extends Step<? extends A>> inputs,
            StepFn2<Params, List<A>, T> fn) {
        return java(name, fn, true, true, params, inputs);
    }

    /**
     * Declares a shell step: {@code command} runs with {@code bash -c}, exit code 0 means done, and its
     * standard output becomes the {@link ShellResult}. Each input's result is passed as the environment
     * variable {@code PHASOR_INPUT_<NAME>} (upper-cased, other characters as '_') and as
     * {@code PHASOR_INPUT_<i>}; {@code PHASOR_STEP} and {@code PHASOR_CACHE_DIR} are set too.
     */
    public Step<ShellResult> shell(String name, String command, Step<?>... inputs) {
        requireOpen();
        Objects.requireNonNull(command, "command");
        StepDraft draft = new StepDraft(checkNewName(name), StepKind.SHELL, null, command, false, false,
                Params.none(), ownNames(List.of(inputs), name));
        drafts.put(name, draft);
        return new Step<>(this, draft);
    }

    /**
     * Declares a dynamic expansion (Conducto's {@code Lazy}, a DryPipe generator): once {@code generator}
     * is done, {@code expander} is applied to its result and the steps it declares are planned into later
     * phases of the same run, recorded in the schema ({@code expansions}), cached and resumed like any other.
     * The result must be plain data the expander reads only (the expander must be pure: workers re-apply it
     * to the cached result). A failed generator has no expansion.
     */
    public <D> PipelineBuilder expand(Step<D> generator, Expander<? super D> expander) {
        return declareExpansion(generator, expander, null);
    }

    /**
     * Fans out over the files {@code producer} wrote to its output directory ({@code files/<producer>/}) that
     * {@code files} matches: once it is done, {@code perFile} is applied to each matching file (in order of its
     * path relative to that folder), typically declaring one step per file. Build step names and parameters
     * from {@link OutputFile#relative()}, {@link OutputFile#name()} or {@link OutputFile#cachePath()}, not from
     * the absolute {@link OutputFile#path()}: keys would then depend on where the cache lives.
     */
    public PipelineBuilder forEachFile(Step<?> producer, FileSet files, Expander<OutputFile> perFile) {
        return declareExpansion(producer, perFile, Objects.requireNonNull(files, "files"));
    }

    /**
     * Declares a fan-in over every step whose name matches {@code pattern} ({@code *} any characters,
     * {@code ?} one), static or generated: it is added once every expansion has been applied, runs after all
     * generators, and receives the matching steps' results as one list, in declaration order.
     */
    public <A, T> PipelineBuilder stepAllMatching(String name, String pattern, StepFn1<List<A>, T> fn) {
        requireOpen();
        checkNewName(name);
        Objects.requireNonNull(fn, () -> "function of step '" + name + "'");
        for (Dynamics.FanInDecl f : fanIns) {
            if (f.name().equals(name)) {
                throw new PipelineDefinitionException("duplicate step name '" + name + "' in pipeline '" + this.name + "'");
            }
        }
        fanIns.add(new Dynamics.FanInDecl(name, Objects.requireNonNull(pattern, "pattern"), fn));
        return this;
    }

    @SuppressWarnings("unchecked")
    private PipelineBuilder declareExpansion(Step<?> generator, Expander<?> expander, FileSet files) {
        requireOpen();
        String gen = ownName(generator, "expansion");
        Objects.requireNonNull(expander, "expander");
        if (origin != null) {
            throw new PipelineDefinitionException("generated steps cannot declare expansions (step '" + gen + "')");
        }
        for (Dynamics.ExpansionDecl d : expansions) {
            if (d.generator().equals(gen)) {
                throw new PipelineDefinitionException("step '" + gen + "' already has an expansion");
            }
        }
        expansions.add(new Dynamics.ExpansionDecl(gen, (Expander<Object>) expander, files));
        return this;
    }

    /** A builder for the static part of {@code origin}'s pipeline, open for generated steps. */
    static PipelineBuilder extending(PipelineBuilder origin, String name, Map<String, StepDraft> drafts,
            Map<String, String> env, List<Class<?>> types) {
        PipelineBuilder ext = new PipelineBuilder(name);
        ext.origin = origin;
        ext.drafts.putAll(drafts);
        ext.env.putAll(env);
        ext.types.addAll(types);
        return ext;
    }

    java.util.Set<String> declaredNames() {
        return java.util.Collections.unmodifiableSet(drafts.keySet());
    }

    Step<?> handle(String stepName) {
        return new Step<>(this, drafts.get(stepName));
    }

    Step<?> fanIn(String stepName, Object fn, List<Step<?>> inputs) {
        return java(stepName, fn, false, true, Params.none(), inputs);
    }

    Pipeline buildExpanded(Dynamics dynamics, Map<String, String> generatedBy, java.util.Set<String> expanded,
            boolean fannedIn) {
        Pipeline p = build();
        return p.withDynamics(dynamics, Map.copyOf(generatedBy), java.util.Set.copyOf(expanded), fannedIn);
    }

    /** Sets a default environment variable for every shell step (a step's own {@code env} wins). */
    public PipelineBuilder env(String name, String value) {
        requireOpen();
        env.put(requireEnvName(name), Objects.requireNonNull(value, "value"));
        return this;
    }

    /**
     * Sets the retries, backoff and timeout of every step that does not set its own (field by field,
     * whatever the order of declaration). Not part of any step key.
     */
    public PipelineBuilder defaults(StepPolicy policy) {
        requireOpen();
        this.defaults = Objects.requireNonNull(policy, "policy");
        return this;
    }

    /**
     * Registers the classes of results (and of their fields) that are not JDK types, so Kryo may write
     * and read them. Order matters: keep it stable, append new types at the end.
     */
    public PipelineBuilder register(Class<?>... classes) {
        requireOpen();
        for (Class<?> c : classes) {
            if (!types.contains(c)) {
                types.add(c);
            }
        }
        return this;
    }

    /** Validates the pipeline and freezes it: names, upstream steps, cycles, input types, phases. */
    public Pipeline build() {
        requireOpen();
        if (drafts.isEmpty()) {
            throw new PipelineDefinitionException("pipeline '" + name + "' has no steps");
        }
        List<StepDefinition> steps = new ArrayList<>(drafts.size());
        CodeIdentities identities = new CodeIdentities();
        for (StepDraft d : drafts.values()) {
            steps.add(define(d, identities));
        }
        Pipeline pipeline = Pipeline.create(name, steps, Map.copyOf(env), List.copyOf(types));
        identities.checkInputTypes(pipeline.steps());
        built = true;
        if (origin == null && (!expansions.isEmpty() || !fanIns.isEmpty())) {
            for (Dynamics.FanInDecl f : fanIns) {
                if (drafts.containsKey(f.name())) {
                    throw new PipelineDefinitionException("duplicate step name '" + f.name() + "' in pipeline '" + name
                            + "' (a fan-in and a step)");
                }
            }
            Dynamics dynamics = new Dynamics(this, name, drafts, env, types, expansions, fanIns);
            return pipeline.withDynamics(dynamics, Map.of(), java.util.Set.of(), false);
        }
        return pipeline;
    }

    private StepDefinition define(StepDraft d, CodeIdentities identities) {
        checkOrderOnly(d, d.after);
        checkOrderOnly(d, d.afterFinished);
        Map<String, String> stepEnv = new LinkedHashMap<>();
        StepBody body;
        CodeIdentity code;
        if (d.kind == StepKind.SHELL) {
            stepEnv.putAll(env);
            stepEnv.putAll(d.env);
            body = new StepBody.ShellCommand(d.command);
            code = identities.ofCommand(d.command);
        } else {
            body = new StepBody.JavaFunction(d.function, d.takesParams, d.fanIn);
            code = identities.ofFunction(d.function);
        }
        return new StepDefinition(d.name, d.kind, d.params, d.inputs, List.copyOf(d.after), d.version,
                Map.copyOf(stepEnv), body, code, List.copyOf(d.afterFinished),
                d.attributes.isEmpty() ? Map.of()
                        : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(d.attributes)), d.policy.orElse(defaults));
    }

    private void checkOrderOnly(StepDraft d, List<String> upstream) {
        for (String up : upstream) {
            if (!drafts.containsKey(up)) {
                throw new PipelineDefinitionException("step '" + d.name + "' runs after unknown step '" + up + "'"
                        + suggestion(up));
            }
            if (up.equals(d.name)) {
                throw new PipelineDefinitionException("cycle: " + d.name + " -> " + d.name);
            }
        }
    }

    void checkAttribute(String stepName, String attribute, Object value) {
        if (attribute == null || !ENV_NAME.matcher(attribute).matches()) {
            throw new IllegalArgumentException("invalid attribute name '" + attribute + "' of step '" + stepName + "'");
        }
        Objects.requireNonNull(value, () -> "value of attribute '" + attribute + "' of step '" + stepName + "'");
        String problem = PlainData.problem(value);
        if (problem != null) {
            throw new PipelineDefinitionException("attribute '" + attribute + "' of step '" + stepName
                    + "' cannot be recorded: " + problem);
        }
    }

    private String suggestion(String unknown) {
        for (String known : drafts.keySet()) {
            if (known.equalsIgnoreCase(unknown)) {
                return " (did you mean '" + known + "'?)";
            }
        }
        return "";
    }

    private <T> Step<T> java(String name, Object fn, boolean takesParams, boolean fanIn, Params params,
            List<? extends Step<?>> inputs) {
        requireOpen();
        Objects.requireNonNull(fn, () -> "function of step '" + name + "'");
        Objects.requireNonNull(params, "params");
        checkNewName(name);
        for (Map.Entry<String, Object> p : params.asMap().entrySet()) {
            String problem = PlainData.problem(p.getValue());
            if (problem != null) {
                throw new PipelineDefinitionException("parameter '" + p.getKey() + "' of step '" + name
                        + "' cannot be serialized: " + problem);
            }
        }
        StepDraft draft = new StepDraft(name, StepKind.JAVA, fn, null, takesParams, fanIn, params,
                ownNames(inputs, name));
        drafts.put(name, draft);
        return new Step<>(this, draft);
    }

    private String checkNewName(String stepName) {
        if (stepName == null || !NAME.matcher(stepName).matches()) {
            throw new PipelineDefinitionException("invalid step name '" + stepName + "' in pipeline '" + name
                    + "': use 1-128 letters, digits, '_', '.' or '-', not starting with '.' (it names files)");
        }
        StepDraft existing = drafts.get(stepName);
        if (existing != null) {
            throw new PipelineDefinitionException("duplicate step name '" + stepName + "' in pipeline '" + name
                    + "' (first declared with parameters " + existing.params + "): give each use of a function"
                    + " its own name, e.g. '" + stepName + "_2'");
        }
        return stepName;
    }

    private List<String> ownNames(List<? extends Step<?>> inputs, String stepName) {
        List<String> names = new ArrayList<>(inputs.size());
        for (Step<?> s : inputs) {
            names.add(ownName(s, stepName));
        }
        return names;
    }

    String ownName(Step<?> s, String stepName) {
        Objects.requireNonNull(s, () -> "an input of step '" + stepName + "' is null");
        if (s.owner() != this && (origin == null || s.owner() != origin)) {
            throw new PipelineDefinitionException("step '" + stepName + "' uses unknown upstream step '" + s.name()
                    + "', which belongs to another pipeline");
        }
        return s.name();
    }

    void requireOpen() {
        if (built) {
            throw new IllegalStateException("pipeline '" + name + "' is already built");
        }
    }

    static String requireEnvName(String name) {
        if (name == null || !ENV_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("invalid environment variable name '" + name + "'");
        }
        return name;
    }
}
