package dev.phasor.tree;

import java.util.Map;

/**
 * Runs its children one after the other, in the order they were added. By default it stops on the first
 * error: when a child fails, the later children do not run; they get status 2 (skipped) with a reason
 * naming the failed step, as any step downstream of a failure. With {@code stopOnError(false)} the later
 * children still run, in order, once the earlier ones have finished, whatever their outcome; the Serial
 * itself still counts as failed for the nodes after it.
 */
public final class Serial extends Container {

    private boolean stopOnError = true;

    /** An empty serial node that stops on the first error. */
    public Serial() {
    }

    /** Whether a failed child stops the later ones (Conducto's {@code stop_on_error}, default true). */
    public boolean stopOnError() {
        return stopOnError;
    }

    /** Sets Conducto's {@code stop_on_error}: false lets later children run after a failure. */
    public Serial stopOnError(boolean stop) {
        this.stopOnError = stop;
        return this;
    }

    /** CPUs each Exec below needs (inherited); the local backend gives a step that many slots. */
    public Serial cpu(double cpus) {
        setCpu(cpus);
        return this;
    }

    /** Memory each Exec below needs, in GB (inherited; recorded, informational). */
    public Serial mem(double gigabytes) {
        setMem(gigabytes);
        return this;
    }

    /** An environment variable for every shell Exec below (inherited; a child's own value wins). */
    public Serial env(String variable, String value) {
        setEnv(variable, value);
        return this;
    }

    /** Several environment variables, as {@link #env(String, String)}. */
    public Serial env(Map<String, String> vars) {
        vars.forEach(this::setEnv);
        return this;
    }

    /** A free attribute ({@code image}, {@code gpu}...; plain data, inherited, recorded in the schema). */
    public Serial attribute(String name, Object value) {
        setAttribute(name, value);
        return this;
    }

    /** Conducto's {@code skip}: true leaves this node and everything below it out of the pipeline. */
    public Serial skip(boolean on) {
        setSkip(on);
        return this;
    }

    /** Conducto's {@code suppress_errors}: true lets what follows run even if steps below this node failed. */
    public Serial suppressErrors(boolean on) {
        setSuppressErrors(on);
        return this;
    }
}
