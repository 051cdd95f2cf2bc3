package dev.phasor.tree;

import dev.phasor.api.Params;
import dev.phasor.api.StepFn0;
import dev.phasor.api.StepFn1;
import dev.phasor.api.StepFn2;
import dev.phasor.code.FunctionCode;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A leaf: a shell command (run with {@code bash -c}, as a {@link dev.phasor.api.PipelineBuilder#shell} step,
 * with the inherited environment) or a Java function (as a {@link dev.phasor.api.PipelineBuilder#step}).
 * A Java function gets no environment variables (a JVM cannot give one thread its own environment): pass
 * what it needs as parameters. A Java function made with {@link #withUpstream} also receives the results of
 * the steps it follows in the tree (see there).
 */
public final class Exec extends Node {

    private final String command;
    private final Object function;
    private final Params params;
    private final boolean takesUpstream;
    private String version = "";

    /** A shell command, like Conducto's {@code co.Exec("echo hi")}. */
    public Exec(String command) {
        this(Objects.requireNonNull(command, "command"), null, Params.none(), false);
    }

    private Exec(String command, Object function, Params params, boolean takesUpstream) {
        this.command = command;
        this.function = function;
        this.params = params;
        this.takesUpstream = takesUpstream;
    }

    /** A Java function without arguments. */
    public Exec(StepFn0<?> function) {
        this(null, Objects.requireNonNull(function, "function"), Params.none(), false);
    }

    /** A Java function of its parameters, like Conducto's {@code co.Exec(leibniz, n=n)}. */
    public Exec(StepFn1<Params, ?> function, Params params) {
        this(null, Objects.requireNonNull(function, "function"), Objects.requireNonNull(params, "params"), false);
    }

    /**
     * A Java function of the results of its upstream steps, in tree order: the steps that must be done before
     * it (in a Serial, the previous child's last steps, or all of a Parallel's; first in its Serial, what that
     * Serial follows; in a Parallel, what the Parallel follows). The results are data inputs: the step runs
     * only once every one of them is done, even after a Serial with {@code stopOnError(false)} or a node that
     * suppresses errors.
     */
    public static <A> Exec withUpstream(StepFn1<List<A>, ?> function) {
        return new Exec(null, Objects.requireNonNull(function, "function"), Params.none(), true);
    }

    /** As {@link #withUpstream(StepFn1)}, with parameters: {@code (params, upstreamResults) -> ...}. */
    public static <A> Exec withUpstream(Params params, StepFn2<Params, List<A>, ?> function) {
        return new Exec(null, Objects.requireNonNull(function, "function"), Objects.requireNonNull(params, "params"),
                true);
    }

    /** True for a Java function made with {@link #withUpstream}. */
    public boolean takesUpstream() {
        return takesUpstream;
    }

    /** True for a shell command, false for a Java function. */
    public boolean isShell() {
        return command != null;
    }

    /**
     * What {@link #pretty()} shows: the shell command, or for a Java function its name and parameters
     * as Conducto shows a Python call ({@code LeibnizPi::leibniz --n=10000000}).
     */
    public String command() {
        if (command != null) {
            return command;
        }
        String args = params.asMap().entrySet().stream().map(e -> " --" + e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining());
        return FunctionCode.describe(function) + args;
    }

    Object function() {
        return function;
    }

    Params params() {
        return params;
    }

    String version() {
        return version;
    }

    /** The step's version (see {@link dev.phasor.api.Step#version}). */
    public Exec version(String newVersion) {
        this.version = Objects.requireNonNull(newVersion, "version");
        return this;
    }

    /** CPUs this step needs; the local backend gives it that many slots. */
    public Exec cpu(double cpus) {
        setCpu(cpus);
        return this;
    }

    /** Memory this step needs, in GB (recorded, informational). */
    public Exec mem(double gigabytes) {
        setMem(gigabytes);
        return this;
    }

    /** An environment variable of this shell step (overrides an inherited one). */
    public Exec env(String variable, String value) {
        setEnv(variable, value);
        return this;
    }

    /** Several environment variables, as {@link #env(String, String)}. */
    public Exec env(Map<String, String> vars) {
        vars.forEach(this::setEnv);
        return this;
    }

    /** A free attribute ({@code image}, {@code gpu}...; plain data, recorded in the schema). */
    public Exec attribute(String name, Object value) {
        setAttribute(name, value);
        return this;
    }

    /** Conducto's {@code skip}: true leaves this node and everything below it out of the pipeline. */
    public Exec skip(boolean on) {
        setSkip(on);
        return this;
    }

    /** Conducto's {@code suppress_errors}: true lets what follows run even if steps below this node failed. */
    public Exec suppressErrors(boolean on) {
        setSuppressErrors(on);
        return this;
    }
}
