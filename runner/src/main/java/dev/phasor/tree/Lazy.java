package dev.phasor.tree;

import dev.phasor.api.Params;
import dev.phasor.api.StepFn1;
import dev.phasor.code.FunctionCode;
import java.io.Serializable;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Conducto's {@code Lazy}: a subtree known only at run time. It compiles to a {@code Generate} step (a
 * Java function of its parameters returning plain data, cached like any result) and an {@code Execute}
 * part: once Generate is done, {@code build} turns that data into a tree whose Exec nodes become steps
 * named {@code <path>.Execute.<...>}, run after Generate (see
 * {@link dev.phasor.api.PipelineBuilder#expand}). {@code build} must be pure: workers re-apply it to the
 * cached data. Nothing may be ordered after a Lazy node (no later sibling in an enclosing Serial), since
 * the steps it generates are not known when the pipeline is defined.
 */
public final class Lazy extends Node {

    /** Turns a generator's data into the subtree to run. */
    @FunctionalInterface
    public interface TreeBuilder<D> extends Serializable {
        /** The subtree for {@code data}. */
        Container build(D data) throws Exception;
    }

    private final StepFn1<Params, ?> generate;
    private final Params params;
    private final TreeBuilder<Object> build;

    /** A Lazy node: {@code generate(params)} computes the data, {@code build(data)} the subtree. */
    @SuppressWarnings("unchecked")
    public <D> Lazy(StepFn1<Params, D> generate, Params params, TreeBuilder<? super D> build) {
        this.generate = Objects.requireNonNull(generate, "generate");
        this.params = Objects.requireNonNull(params, "params");
        this.build = (TreeBuilder<Object>) Objects.requireNonNull(build, "build");
    }

    StepFn1<Params, ?> generate() {
        return generate;
    }

    Params params() {
        return params;
    }

    TreeBuilder<Object> builder() {
        return build;
    }

    /** What {@link #pretty()} shows for the Generate step, as for a Java {@link Exec}. */
    String generateCommand() {
        return FunctionCode.describe(generate) + params.asMap().entrySet().stream()
                .map(e -> " --" + e.getKey() + "=" + e.getValue()).collect(Collectors.joining());
    }

    @Override
    void pretty(String nodePrefix, String childPrefix, String index, StringBuilder out) {
        super.pretty(nodePrefix, childPrefix, index, out);
        out.append(childPrefix).append("├─0 Generate   ").append(generateCommand()).append('\n');
        out.append(childPrefix).append("└─1 Execute").append('\n');
    }

    /** CPUs each generated step needs (inherited by the generated tree). */
    public Lazy cpu(double cpus) {
        setCpu(cpus);
        return this;
    }

    /** An environment variable for the generated shell steps. */
    public Lazy env(String variable, String value) {
        setEnv(variable, value);
        return this;
    }

    /** A free attribute, inherited by the generated steps. */
    public Lazy attribute(String name, Object value) {
        setAttribute(name, value);
        return this;
    }

    /** Conducto's {@code skip}: true leaves this node and everything below it out of the pipeline. */
    public Lazy skip(boolean on) {
        setSkip(on);
        return this;
    }

    /** Conducto's {@code suppress_errors}: true lets what follows run even if steps below this node failed. */
    public Lazy suppressErrors(boolean on) {
        setSuppressErrors(on);
        return this;
    }
}
