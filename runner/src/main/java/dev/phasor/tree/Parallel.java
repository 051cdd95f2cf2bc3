package dev.phasor.tree;

import java.util.Map;

/**
 * Runs its children independently: a failing child never stops its siblings. It is done when all its
 * children are done.
 */
public final class Parallel extends Container {

    /** An empty parallel node. */
    public Parallel() {
    }

    /** CPUs each Exec below needs (inherited); the local backend gives a step that many slots. */
    public Parallel cpu(double cpus) {
        setCpu(cpus);
        return this;
    }

    /** Memory each Exec below needs, in GB (inherited; recorded, informational). */
    public Parallel mem(double gigabytes) {
        setMem(gigabytes);
        return this;
    }

    /** An environment variable for every shell Exec below (inherited; a child's own value wins). */
    public Parallel env(String variable, String value) {
        setEnv(variable, value);
        return this;
    }

    /** Several environment variables, as {@link #env(String, String)}. */
    public Parallel env(Map<String, String> vars) {
        vars.forEach(this::setEnv);
        return this;
    }

    /** A free attribute ({@code image}, {@code gpu}...; plain data, inherited, recorded in the schema). */
    public Parallel attribute(String name, Object value) {
        setAttribute(name, value);
        return this;
    }

    /** Conducto's {@code skip}: true leaves this node and everything below it out of the pipeline. */
    public Parallel skip(boolean on) {
        setSkip(on);
        return this;
    }

    /** Conducto's {@code suppress_errors}: true lets what follows run even if steps below this node failed. */
    public Parallel suppressErrors(boolean on) {
        setSuppressErrors(on);
        return this;
    }
}
